/* SPDX-License-Identifier: Apache-2.0 */
/* test_workload_compare.c — the accuracy statistics (MAPE, median, shares
 * within 10 and 25 %, Spearman with ties) on hand-computed cases, and
 * `compare --workloads` as a library: analytical costs through
 * models/analytical.c, accuracy per model and operation, reference-column
 * agreement, model parsing, errors; vpunn on the measured sets when the
 * VPUNN files are there. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "models/analytical.h"
#include "sim/analysis/accuracy.h"
#include "sim/analysis/workload_compare.h"
#include "sim/base/median.h"
#include "tests/test_support.h"

static void
test_accuracy_statistics (void)
{
  /* APEs 0, 50, 100, 10 and 25 %; one pair skipped (measured 0). */
  const double predicted[] = { 100, 150, 200, 110, 125, 7 };
  const double measured[] = { 100, 100, 100, 100, 100, 0 };
  VsAccuracy a;
  vs_accuracy_compute (predicted, measured, 6, &a);
  g_assert_cmpuint (a.count, ==, 5);
  g_assert_cmpuint (a.skipped, ==, 1);
  g_assert_cmpfloat_with_epsilon (a.mape_pct, (0 + 50 + 100 + 10 + 25) / 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (a.median_ape_pct, 25.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (a.within_10_pct, 40.0, 1e-9);    /* 0 and 10 (inclusive) */
  g_assert_cmpfloat_with_epsilon (a.within_25_pct, 60.0, 1e-9);
  /* measured are all equal: no spread, no rank correlation */
  g_assert_true (isnan (a.spearman));

  /* Even count: the median is the mean of the middle two. */
  const double p2[] = { 110, 130 }, m2[] = { 100, 100 };
  vs_accuracy_compute (p2, m2, 2, &a);
  g_assert_cmpfloat_with_epsilon (a.median_ape_pct, 20.0, 1e-9);

  /* Spearman: monotone is 1, reversed is -1, whatever the scale. */
  const double x[] = { 1, 2, 3, 4, 5 }, up[] = { 10, 200, 3000, 40000, 500000 };
  const double down[] = { 5, 4, 3, 2, 1 };
  g_assert_cmpfloat_with_epsilon (vs_accuracy_spearman (x, up, 5), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (vs_accuracy_spearman (x, down, 5), -1.0, 1e-12);
  /* Ties get their average rank: ranks of b are 1.5, 1.5, 3, 4; Pearson of
   * (1, 2, 3, 4) with those is 0.9486832980505138. */
  const double a4[] = { 1, 2, 3, 4 }, b4[] = { 7, 7, 8, 9 };
  g_assert_cmpfloat_with_epsilon (vs_accuracy_spearman (a4, b4, 4), 0.9486832980505138, 1e-12);
  g_assert_true (isnan (vs_accuracy_spearman (x, up, 1)));

  /* JSON: NaN is null. */
  g_autoptr(GString) json = g_string_new (NULL);
  vs_accuracy_compute (predicted, measured, 6, &a);
  vs_accuracy_append_json (json, &a, "");
  g_assert_nonnull (strstr (json->str, "\"count\": 5,\n"));
  g_assert_nonnull (strstr (json->str, "\"mape_pct\": 37.000,\n"));
  g_assert_nonnull (strstr (json->str, "\"spearman\": null\n"));
}

static const char header[] =
  "device,operation,in_w,in_h,in_c,in_dtype,out_w,out_h,out_c,out_dtype,kernel_w,kernel_h,"
  "stride_w,stride_h,pad_top,pad_bottom,pad_left,pad_right,execution_mode,measured_cycles,"
  "theoretical_cycles\n";

static const char *const rows[] = {
  "VPU_2_7,CONVOLUTION,16,16,64,UINT8,16,16,64,UINT8,3,3,1,1,1,1,1,1,CUBOID_16x16",
  "VPU_2_7,CONVOLUTION,32,32,3,UINT8,32,32,64,UINT8,3,3,1,1,1,1,1,1,CUBOID_16x16",
  "VPU_2_7,ELTWISE,16,16,64,FLOAT16,16,16,64,FLOAT16,1,1,1,1,0,0,0,0,CUBOID_8x16",
  "VPU_2_7,AVEPOOL,16,16,64,FLOAT16,8,8,64,FLOAT16,2,2,2,2,0,0,0,0,CUBOID_16x16",
};

/* The analytical answers for `rows`, through the cost-model interface. */
static void
analytical_answers (VsCycles *out)
{
  /* Parse the rows the way the comparison does: a one-model run over a CSV
   * whose measured column is a placeholder. */
  g_autoptr(GString) csv = g_string_new (header);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_string_append_printf (csv, "%s,1,\n", rows[i]);
  g_autofree char *path = g_build_filename (vs_test_tmpdir (), "probe.csv", NULL);
  g_assert_true (g_file_set_contents (path, csv->str, -1, NULL));
  gboolean use[VS_WORKLOAD_MODEL_COUNT] = { FALSE, TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsWorkloadComparison) c = vs_workload_comparison_run (path, NULL, use, &error);
  g_assert_no_error (error);
  g_autoptr(VsCostModel) analytical = vs_analytical_cost_model_new ();
  g_assert_true (vs_cost_model_dpu (analytical, c->workloads, c->n_rows, out, &error));
  for (guint i = 0; i < c->n_rows; i++) {
    g_assert_cmpfloat (c->models[VS_WORKLOAD_MODEL_ANALYTICAL].predicted[i], ==, (double) out[i]);
  }
}

static void
test_analytical (void)
{
  VsCycles p[G_N_ELEMENTS (rows)];
  analytical_answers (p);
  /* measured: p, 2p, p/2, p -> APE 0, 50, 100, 0 %; the reference column
   * agrees on rows 0, 1 and 3 and is one off on row 2. */
  const double factor[] = { 1.0, 2.0, 0.5, 1.0 };
  g_autoptr(GString) csv = g_string_new (header);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_string_append_printf (csv, "%s,%.1f,%" G_GUINT64_FORMAT "\n", rows[i], p[i] * factor[i],
                            (guint64) p[i] + (i == 2));
  g_autofree char *path = g_build_filename (vs_test_tmpdir (), "measured.csv", NULL);
  g_assert_true (g_file_set_contents (path, csv->str, -1, NULL));
  gboolean use[VS_WORKLOAD_MODEL_COUNT];
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_workload_models_parse ("theoretical", use, &error));
  g_assert_false (use[VS_WORKLOAD_MODEL_VPUNN]);
  g_autoptr(VsWorkloadComparison) c = vs_workload_comparison_run (path, NULL, use, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->n_rows, ==, 4);
  const VsWorkloadModelResult *r = &c->models[VS_WORKLOAD_MODEL_ANALYTICAL];
  g_assert_true (r->used);
  g_assert_false (c->models[VS_WORKLOAD_MODEL_VPUNN].used);
  g_assert_cmpuint (r->agree, ==, 3);
  g_assert_cmpuint (r->compared, ==, 4);
  VsAccuracy a;
  vs_workload_comparison_accuracy (c, VS_WORKLOAD_MODEL_ANALYTICAL, -1, &a);
  g_assert_cmpuint (a.count, ==, 4);
  g_assert_cmpfloat_with_epsilon (a.mape_pct, 150.0 / 4, 1e-6);
  vs_workload_comparison_accuracy (c, VS_WORKLOAD_MODEL_ANALYTICAL, VS_OP_CONVOLUTION, &a);
  g_assert_cmpuint (a.count, ==, 2);
  g_assert_cmpfloat_with_epsilon (a.mape_pct, 25.0, 1e-6);
  vs_workload_comparison_accuracy (c, VS_WORKLOAD_MODEL_ANALYTICAL, VS_OP_MAXPOOL, &a);
  g_assert_cmpuint (a.count, ==, 0);

  g_autoptr(GString) text = g_string_new (NULL);
  vs_workload_comparison_append_text (c, text);
  g_assert_nonnull (strstr (text->str, "(4 rows)\nanalytical reproduces theoretical_cycles on 3/4 rows\n"));
  g_assert_nonnull (strstr (text->str, "\n  analytical                  4     37.50"));
  g_assert_nonnull (strstr (text->str, "\n    CONVOLUTION               2     25.00"));
  g_assert_nonnull (strstr (text->str, "\n    AVEPOOL                   1      0.00"));
  g_assert_null (strstr (text->str, "MAXPOOL"));
  g_autoptr(GString) json = g_string_new (NULL);
  vs_workload_comparison_append_json (c, json);
  g_assert_true (g_str_has_prefix (json->str, "{\n  \"format\": \"vpusim-workload-comparison\",\n"));
  g_assert_nonnull (strstr (json->str, "\"reference_agree\": 3,\n      \"reference_compared\": 4,"));
  g_assert_null (strstr (json->str, "\"vpunn\""));
}

static void
test_errors (void)
{
  gboolean use[VS_WORKLOAD_MODEL_COUNT];
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_workload_models_parse (NULL, use, &error));
  g_assert_true (use[0] && use[1]);
  g_assert_true (vs_workload_models_parse ("VPUNN", use, &error));   /* letter case ignored */
  g_assert_true (use[VS_WORKLOAD_MODEL_VPUNN] && !use[VS_WORKLOAD_MODEL_ANALYTICAL]);
  g_assert_false (vs_workload_models_parse ("vpunn,magic", use, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_nonnull (strstr (error->message, "'magic'"));
  g_clear_error (&error);

  g_autofree char *path = g_build_filename (vs_test_tmpdir (), "no-measured.csv", NULL);
  g_assert_true (g_file_set_contents (path, "device,operation\nVPU_2_7,CONVOLUTION\n", -1, NULL));
  gboolean analytical[VS_WORKLOAD_MODEL_COUNT] = { FALSE, TRUE };
  g_assert_null (vs_workload_comparison_run (path, NULL, analytical, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "measured_cycles"));
  g_assert_nonnull (strstr (error->message, "no-measured.csv"));
}

/* The measured NPU 2.7 set: vpunn reproduces the reference on every row. */
static void
test_vpunn_measured_set (void)
{
  g_autofree char *csv = vs_test_vpunn_file ("measured/measured_npu27.csv");
  g_autofree char *models = csv != NULL ? vs_test_vpunn_models_dir () : NULL;
  if (models == NULL)
    return;
  gboolean use[VS_WORKLOAD_MODEL_COUNT] = { TRUE, TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsWorkloadComparison) c = vs_workload_comparison_run (csv, models, use, &error);
  g_assert_no_error (error);
  const VsWorkloadModelResult *v = &c->models[VS_WORKLOAD_MODEL_VPUNN];
  g_assert_cmpuint (v->compared, ==, c->n_rows);
  g_assert_cmpuint (v->agree, ==, v->compared);
  const VsWorkloadModelResult *t = &c->models[VS_WORKLOAD_MODEL_ANALYTICAL];
  g_assert_cmpuint (t->agree, ==, t->compared);
  VsAccuracy a;
  vs_workload_comparison_accuracy (c, VS_WORKLOAD_MODEL_VPUNN, -1, &a);
  g_assert_cmpfloat (a.mape_pct, <, 5.0);
  g_assert_cmpfloat (a.spearman, >, 0.99);
}

/* The one median: sorted in place, middle value or mean of the two middle
 * ones, NaN for nothing; the order puts negatives and ties where they go. */
static void
test_median (void)
{
  double odd[] = { 3.0, -1.0, 2.0 };
  g_assert_cmpfloat (vs_median (odd, 3), ==, 2.0);
  g_assert_cmpfloat (odd[0], ==, -1.0);
  g_assert_cmpfloat (odd[2], ==, 3.0);
  double even[] = { 4.0, 1.0, 2.0, 2.0 };
  g_assert_cmpfloat (vs_median (even, 4), ==, 2.0);
  double pair[] = { 5.0, 1.0 };
  g_assert_cmpfloat (vs_median (pair, 2), ==, 3.0);
  g_assert_true (isnan (vs_median (pair, 0)));
  double a = 1.0, b = 2.0;
  g_assert_cmpint (vs_compare_doubles (&a, &b), ==, -1);
  g_assert_cmpint (vs_compare_doubles (&b, &a), ==, 1);
  g_assert_cmpint (vs_compare_doubles (&a, &a), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/workload-compare/accuracy-statistics", test_accuracy_statistics);
  g_test_add_func ("/workload-compare/median", test_median);
  g_test_add_func ("/workload-compare/analytical", test_analytical);
  g_test_add_func ("/workload-compare/errors", test_errors);
  g_test_add_func ("/workload-compare/vpunn-measured-set", test_vpunn_measured_set);
  return g_test_run ();
}
