/* SPDX-License-Identifier: Apache-2.0 */
/* test_api — the public C API (include/vpusim/vpusim.h) answers as the
 * command does: costs equal `vpusim cost` on the VPUNN golden rows, a replay
 * equals `vpusim run --json`, and errors come back as messages. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "vpusim/vpusim.h"
#include "sim/base/csv_table.h"
#include "tests/test_support.h"

static void
test_version_and_errors (void)
{
  g_assert_cmpstr (vpusim_version (), ==, PACKAGE_VERSION);
  char *error = NULL;
  g_assert_null (vpusim_models_open ("/nonexistent/models", &error));
  g_assert_nonnull (strstr (error, "no VPUNN model files (.vpunn) in /nonexistent/models"));
  vpusim_free (error);
  error = NULL;
  g_assert_null (vpusim_workloads_new ((vpusim_kind) 7));
  vpusim_workloads *w = vpusim_workloads_new (VPUSIM_DPU);
  g_assert_cmpint (vpusim_workloads_set (w, "device", "VPU_2_7", &error), ==, -1);   /* no row yet */
  g_assert_nonnull (strstr (error, "call vpusim_workloads_add first"));
  vpusim_free (error);
  error = NULL;
  g_assert_cmpuint (vpusim_workloads_add (w), ==, 0);
  g_assert_cmpint (vpusim_workloads_set (w, "in w", "3", &error), ==, -1);
  g_assert_nonnull (strstr (error, "'in w' is not a field name"));
  vpusim_free (error);
  error = NULL;
  /* a row the reader refuses: the message names the field (and the line
   * when one row is at fault) */
  g_assert_cmpint (vpusim_workloads_set (w, "device", "VPU_2_7", NULL), ==, 0);
  g_assert_cmpint (vpusim_workloads_set (w, "operation", "CONVOLUTION", NULL), ==, 0);
  uint64_t cycles = 0;
  g_assert_cmpint (vpusim_cost (NULL, w, &cycles, &error), ==, -1);
  g_test_message ("%s", error);
  g_assert_cmpstr (error, ==, "<workloads>: missing column 'in_w'");
  vpusim_free (error);
  vpusim_workloads_free (w);
  vpusim_free (NULL);
  vpusim_models_free (NULL);
  vpusim_run_free (NULL);
  error = NULL;
  g_assert_null (vpusim_run_new ("/nonexistent/s.yaml", NULL, &error));
  g_assert_nonnull (strstr (error, "/nonexistent/s.yaml"));
  vpusim_free (error);
}

/* Golden rows costed through the API equal their reference cycles, as
 * `vpusim cost` reports them. */
static void
check_golden (vpusim_kind kind, const char *golden, guint max_rows)
{
  g_autofree char *path = vs_test_vpunn_file (golden);
  g_autofree char *models_dir = vs_test_vpunn_models_dir ();
  if (path == NULL || models_dir == NULL)
    return;
  char *error = NULL;
  vpusim_models *models = vpusim_models_open (models_dir, &error);
  g_assert_null (error);
  g_autoptr(GError) e = NULL;
  g_autoptr(VsCsvTable) t = vs_csv_table_read (path, &e);
  g_assert_no_error (e);
  guint n = MIN (vs_csv_table_n_rows (t), max_rows);
  gint ref = vs_csv_table_column (t, "reference_cycles");
  g_assert_cmpint (ref, >=, 0);
  vpusim_workloads *w = vpusim_workloads_new (kind);
  for (guint r = 0; r < n; r++) {
    g_assert_cmpuint (vpusim_workloads_add (w), ==, r);
    for (guint c = 0; c < vs_csv_table_n_columns (t); c++) {
      const char *name = vs_csv_table_column_name (t, c);
      if (g_str_has_prefix (name, "reference") || g_str_has_prefix (name, "theoretical") ||
          g_str_has_prefix (name, "tile"))
        continue;
      g_assert_cmpint (vpusim_workloads_set (w, name, vs_csv_table_cell (t, r, c), NULL), ==, 0);
    }
  }
  g_assert_cmpuint (vpusim_workloads_count (w), ==, n);
  g_autofree uint64_t *cycles = g_new0 (uint64_t, n);
  g_assert_cmpint (vpusim_cost (models, w, cycles, &error), ==, 0);
  g_assert_null (error);
  guint agree = 0;
  for (guint r = 0; r < n; r++) {
    gint64 want = 0;
    g_assert_true (vs_csv_table_get_int (t, r, (guint) ref, &want, NULL));
    agree += cycles[r] == (uint64_t) want;
  }
  g_test_message ("%s: %u/%u rows agree", golden, agree, n);
  g_assert_cmpuint (agree, ==, n);
  vpusim_workloads_free (w);
  vpusim_models_free (models);
}

static void
test_cost_dpu (void)
{
  check_golden (VPUSIM_DPU, "golden/dpu_vpu_2_7.csv", 200);
}

static void
test_cost_dma (void)
{
  check_golden (VPUSIM_DMA, "golden/dma_dma_2_7.csv", 200);
}

static void
test_cost_shave (void)
{
  check_golden (VPUSIM_SHAVE, "golden/shave.csv", 200);
}

static void
test_cost_layer (void)
{
  check_golden (VPUSIM_LAYER, "golden/layer_vpu_2_7_4_0.csv", 120);
}

/* The best strategy of each golden layer: its cycles are the reference's
 * strategy-less answer, and costing the layer with the strategy named gives
 * the same cycles. */
static void
test_cost_layer_best (void)
{
  g_autofree char *path = vs_test_vpunn_file ("golden/layer_vpu_2_7_4_0.csv");
  g_autofree char *models_dir = vs_test_vpunn_models_dir ();
  if (path == NULL || models_dir == NULL)
    return;
  vpusim_models *models = vpusim_models_open (models_dir, NULL);
  g_assert_nonnull (models);
  g_autoptr(GError) e = NULL;
  g_autoptr(VsCsvTable) t = vs_csv_table_read (path, &e);
  g_assert_no_error (e);
  guint n = MIN (vs_csv_table_n_rows (t), 60);
  gint ref = vs_csv_table_column (t, "reference_auto_cycles");
  g_assert_cmpint (ref, >=, 0);
  vpusim_workloads *layers = vpusim_workloads_new (VPUSIM_LAYER);
  for (guint r = 0; r < n; r++) {
    vpusim_workloads_add (layers);
    for (guint c = 0; c < vs_csv_table_n_columns (t); c++) {
      const char *name = vs_csv_table_column_name (t, c);
      if (!g_str_has_prefix (name, "reference") && !g_str_has_prefix (name, "tile") &&
          strcmp (name, "strategy") != 0)
        g_assert_cmpint (vpusim_workloads_set (layers, name, vs_csv_table_cell (t, r, c), NULL), ==, 0);
    }
  }
  g_autofree uint64_t *best = g_new0 (uint64_t, n);
  g_autofree const char **strategies = g_new0 (const char *, n);
  char *error = NULL;
  g_assert_cmpint (vpusim_cost_layer_best (models, layers, best, strategies, &error), ==, 0);
  g_assert_null (error);
  /* the same layers, each with its best strategy named */
  vpusim_workloads *named = vpusim_workloads_new (VPUSIM_LAYER);
  guint costed = 0;
  for (guint r = 0; r < n; r++) {
    gint64 want = 0;
    g_assert_true (vs_csv_table_get_int (t, r, (guint) ref, &want, NULL));
    g_assert_cmpuint (best[r], ==, (uint64_t) want);
    if (best[r] > 4294966295u)
      continue;
    g_assert_nonnull (strategies[r]);
    vpusim_workloads_add (named);
    for (guint c = 0; c < vs_csv_table_n_columns (t); c++) {
      const char *name = vs_csv_table_column_name (t, c);
      if (!g_str_has_prefix (name, "reference") && !g_str_has_prefix (name, "tile"))
        vpusim_workloads_set (named, name, strcmp (name, "strategy") == 0 ? strategies[r] : vs_csv_table_cell (t, r, c),
                              NULL);
    }
    costed++;
  }
  g_assert_cmpuint (costed, >, 0);
  g_autofree uint64_t *again = g_new0 (uint64_t, costed);
  g_assert_cmpint (vpusim_cost (models, named, again, NULL), ==, 0);
  for (guint r = 0, k = 0; r < n; r++)
    if (best[r] <= 4294966295u)
      g_assert_cmpuint (again[k++], ==, best[r]);
  /* the strategy-less call wants layers */
  vpusim_workloads *dpu = vpusim_workloads_new (VPUSIM_DPU);
  vpusim_workloads_add (dpu);
  g_assert_cmpint (vpusim_cost_layer_best (models, dpu, best, NULL, &error), ==, -1);
  g_assert_nonnull (strstr (error, "not layers"));
  vpusim_free (error);
  vpusim_workloads_free (dpu);
  vpusim_workloads_free (named);
  vpusim_workloads_free (layers);
  vpusim_models_free (models);
}

/* Every function given NULL handles and outputs: a message or the stated
 * neutral answer, never a crash. */
static void
test_null_arguments (void)
{
  char *error = NULL;
  g_assert_null (vpusim_models_dir (NULL));
  g_assert_cmpuint (vpusim_workloads_add (NULL), ==, (size_t) -1);
  g_assert_cmpuint (vpusim_workloads_count (NULL), ==, 0);
  vpusim_workloads_free (NULL);
  g_assert_cmpint (vpusim_workloads_set (NULL, "in_w", "3", &error), ==, -1);
  g_assert_nonnull (strstr (error, "no workloads"));
  vpusim_free (error);
  error = NULL;
  uint64_t cycles = 0;
  g_assert_cmpint (vpusim_cost (NULL, NULL, &cycles, &error), ==, -1);
  g_assert_cmpstr (error, ==, "vpusim_cost: no workloads (NULL)");
  vpusim_free (error);
  error = NULL;
  g_assert_cmpint (vpusim_cost_layer_best (NULL, NULL, &cycles, NULL, &error), ==, -1);
  g_assert_cmpstr (error, ==, "vpusim_cost_layer_best: no workloads (NULL)");
  vpusim_free (error);
  error = NULL;
  vpusim_workloads *w = vpusim_workloads_new (VPUSIM_LAYER);
  g_assert_nonnull (w);
  /* an empty list costs nothing, with or without an output array */
  g_assert_cmpint (vpusim_cost (NULL, w, NULL, NULL), ==, 0);
  g_assert_cmpint (vpusim_cost_layer_best (NULL, w, NULL, NULL, NULL), ==, 0);
  vpusim_workloads_add (w);
  g_assert_cmpint (vpusim_cost (NULL, w, NULL, &error), ==, -1);
  g_assert_cmpstr (error, ==, "vpusim_cost: no cycles (NULL)");
  vpusim_free (error);
  error = NULL;
  g_assert_cmpint (vpusim_workloads_set (w, NULL, "1", &error), ==, -1);
  g_assert_nonnull (strstr (error, "'(null)' is not a field name"));
  vpusim_free (error);
  error = NULL;
  /* a layer row the reader refuses names the field */
  g_assert_cmpint (vpusim_workloads_set (w, "device", "VPU_4_0", NULL), ==, 0);
  g_assert_cmpint (vpusim_cost (NULL, w, &cycles, &error), ==, -1);
  g_test_message ("%s", error);
  g_assert_nonnull (strstr (error, "<workloads>"));
  vpusim_free (error);
  vpusim_workloads_free (w);
  /* errors may be ignored */
  g_assert_cmpint (vpusim_cost (NULL, NULL, &cycles, NULL), ==, -1);
  g_assert_null (vpusim_run_new (NULL, NULL, NULL));
  g_assert_cmpint (vpusim_run_latency_ps (NULL), ==, -1);
  g_assert_cmpuint (vpusim_run_task_count (NULL), ==, 0);
  g_assert_null (vpusim_run_task_id (NULL, 0));
  g_assert_null (vpusim_run_task_name (NULL, 0));
  g_assert_null (vpusim_run_task_engine (NULL, 0));
  g_assert_cmpint (vpusim_run_task_start_ps (NULL, 0), ==, -1);
  g_assert_cmpint (vpusim_run_task_end_ps (NULL, 0), ==, -1);
  g_assert_null (vpusim_run_report_json (NULL));
  /* a replay option that is refused comes back as the command's message */
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  vpusim_run_options bad = { .cost = "nonsense" };
  g_assert_null (vpusim_run_new (schedule, &bad, &error));
  g_assert_nonnull (error);
  vpusim_free (error);
  error = NULL;
  const char *sets[] = { "no_such_key=1", NULL };
  vpusim_run_options bad_set = { .cost = "analytical", .sets = sets };
  g_assert_null (vpusim_run_new (schedule, &bad_set, &error));
  g_assert_nonnull (strstr (error, "no_such_key"));
  vpusim_free (error);
}

/* A replay through the API equals `vpusim run --json` byte for byte. */
static void
test_run (void)
{
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  vpusim_run_options options = { .cost = "analytical" };
  char *error = NULL;
  vpusim_run *run = vpusim_run_new (schedule, &options, &error);
  g_assert_null (error);
  g_assert_nonnull (run);
  const char *args[] = { "run", schedule, "--cost", "analytical", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
  char *json = vpusim_run_report_json (run);
  g_assert_cmpstr (json, ==, out);
  vpusim_free (json);
  g_autofree char *latency = g_strdup_printf ("\"latency_ps\": %" G_GINT64_FORMAT ",",
                                              (gint64) vpusim_run_latency_ps (run));
  g_assert_nonnull (strstr (out, latency));
  g_assert_cmpuint (vpusim_run_task_count (run), ==, 14);
  g_assert_cmpstr (vpusim_run_task_id (run, 0), ==, "load_w1");
  g_assert_cmpstr (vpusim_run_task_engine (run, 0), ==, "DMA");
  g_assert_cmpstr (vpusim_run_task_name (run, 0), ==, "Conv_1?t_Convolution/_broadcast_copy_to_CMX[0,1]");
  g_assert_cmpint (vpusim_run_task_start_ps (run, 0), ==, 0);
  g_assert_cmpint (vpusim_run_task_end_ps (run, 0), >, 0);
  g_assert_null (vpusim_run_task_id (run, 14));
  g_assert_cmpint (vpusim_run_task_end_ps (run, 14), ==, -1);
  vpusim_run_free (run);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/api/version-and-errors", test_version_and_errors);
  g_test_add_func ("/api/cost-dpu", test_cost_dpu);
  g_test_add_func ("/api/cost-dma", test_cost_dma);
  g_test_add_func ("/api/cost-shave", test_cost_shave);
  g_test_add_func ("/api/cost-layer", test_cost_layer);
  g_test_add_func ("/api/cost-layer-best", test_cost_layer_best);
  g_test_add_func ("/api/null-arguments", test_null_arguments);
  g_test_add_func ("/api/run", test_run);
  return g_test_run ();
}
