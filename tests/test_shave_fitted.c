/* SPDX-License-Identifier: Apache-2.0 */
/* test_shave_fitted.c — VPUNN's fitted SHAVE models ("shave_2"): every row
 * of golden/shave_fitted.csv (values and error codes), the parameterised
 * families the golden file cannot reach (hand-checked formulas), the
 * operator lists, and device routing. */
#include "models/vpunn/shave_fitted.h"

#include <string.h>

#include "sim/base/csv_table.h"
#include "tests/test_support.h"

static VsShaveWorkload
workload (VsVpuDevice device, const char *kernel, guint32 w, guint32 h, guint32 c, guint32 b,
          VsDataType dt, VsLayout layout)
{
  VsShaveWorkload s = { .device = device, .kernel = kernel, .n_inputs = 1, .n_outputs = 1 };
  s.inputs[0] = (VsVpuTensor) { .w = w, .h = h, .c = c, .b = b, .dtype = dt, .layout = layout };
  s.outputs[0] = s.inputs[0];
  return s;
}

/* Every row of golden/shave_fitted.csv, values and error codes alike. */
static void
test_golden (void)
{
  g_autoptr(VsCsvTable) t = vs_test_golden_csv ("shave_fitted.csv");
  if (t == NULL)
    return;
  guint n = vs_csv_table_n_rows (t), agree = 0, errors = 0;
  for (guint r = 0; r < n; r++) {
    VsShaveWorkload w = vs_test_csv_shave_workload (t, r);
    VsCycles expect = vs_test_csv_u32 (t, r, "reference_cycles");
    VsCycles got = vs_shave_fitted_cycles (&w);
    if (got != expect)
      g_test_message ("%s:%u: %s %s %ux%ux%ux%u: got %u, reference %u", vs_csv_table_origin (t),
                      vs_csv_table_row_line (t, r), vs_vpu_device_name (w.device), w.kernel,
                      w.outputs[0].w, w.outputs[0].h, w.outputs[0].c, w.outputs[0].b, got, expect);
    agree += got == expect;
    errors += VS_CYCLES_IS_ERROR (expect);
  }
  g_test_message ("shave_fitted.csv: %u/%u rows agree (%u error codes)", agree, n, errors);
  g_assert_cmpuint (n, ==, 600);
  g_assert_cmpuint (agree, ==, n);
  g_assert_cmpuint (errors, >, 0);
}

/* The parameterised families, which the golden rows (no parameters) only
 * reach through their error codes: values worked out by hand from the
 * formulas and the coefficients (far from any rounding boundary). */
static void
test_parameters (void)
{
  /* NPU 4.0 softmax over C of a 1x1x64 tensor: unselected volume 1, base
   * line 0.000783649 * 64 + 7.660420549 = 7.7106 us -> 13108 cycles. */
  VsShaveWorkload w = workload (VS_DEVICE_VPU_4_0, "softmax", 1, 1, 64, 1, VS_DTYPE_FLOAT16,
                                VS_LAYOUT_XYZ);
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, VS_ERROR_SHAVE_PARAMS);
  w.n_params = 1;
  w.params[0] = 1;
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, 13108);
  w.params[0] = 4;
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, VS_ERROR_SHAVE_PARAMS);
  w.params[0] = 1;
  w.outputs[0].b = 2;
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, VS_ERROR_SHAVE_INVALID_INPUT);

  /* normalizel2onlyc, 16x1x32 XYZ: 3.9723 us base + 0.6453 us width term
   * = 4.6175 us -> 7850 cycles; any other layout is refused. */
  w = workload (VS_DEVICE_VPU_4_0, "normalizel2onlyc", 16, 1, 32, 1, VS_DTYPE_FLOAT16, VS_LAYOUT_XYZ);
  w.n_params = 1;
  w.params[0] = 1;
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, 7850);
  w.outputs[0].layout = VS_LAYOUT_ZXY;
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, VS_ERROR_SHAVE_LAYOUT);

  /* gather (axis 1, batch dims 1), 4x1x16 ZXY: intermediate coefficient
   * 3/63, slope 0.0063859, 5.1991 us -> 8839 cycles. */
  w = workload (VS_DEVICE_VPU_4_0, "gather", 4, 1, 16, 1, VS_DTYPE_FLOAT16, VS_LAYOUT_ZXY);
  w.n_params = 2;
  w.params[0] = w.params[1] = 1;
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, 8839);
  w.params[1] = 0;
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, VS_ERROR_SHAVE_PARAMS);

  /* interpolatewh_1, 8x8 -> 16x16 XYZ: 50.063 us -> 65082 cycles. */
  w = workload (VS_DEVICE_VPU_2_7, "interpolatewh_1", 8, 8, 1, 1, VS_DTYPE_FLOAT16, VS_LAYOUT_XYZ);
  w.outputs[0].w = w.outputs[0].h = 16;
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, 65082);

  /* MVN6 with N axes is MVN6_<N>Ax; MVN picks the W,H kernel when W and H
   * are innermost and MVN6 otherwise. */
  static const char *const axes[] = { "MVN6_oneAx", "MVN6_twoAx", "MVN6_threeAx", "MVN6_fourAx" };
  for (VsVpuDevice d = VS_DEVICE_VPU_2_7; d <= VS_DEVICE_VPU_4_0; d++)
    for (int n = 1; n <= 4; n++) {
      VsShaveWorkload fixed = workload (d, axes[n - 1], 28, 14, 64, 1, VS_DTYPE_FLOAT16,
                                        VS_LAYOUT_ZXY);
      VsShaveWorkload generic = fixed;
      generic.kernel = "MVN6";
      generic.n_params = 1;
      generic.params[0] = n;
      VsCycles c = vs_shave_fitted_cycles (&fixed);
      g_assert_false (VS_CYCLES_IS_ERROR (c));
      g_assert_cmpuint (vs_shave_fitted_cycles (&generic), ==, c);
      generic.kernel = "MVN";
      g_assert_cmpuint (vs_shave_fitted_cycles (&generic), ==, c);   /* ZXY: C innermost */
    }
  VsShaveWorkload mvn = workload (VS_DEVICE_VPU_4_0, "MVN", 28, 14, 64, 1, VS_DTYPE_FLOAT16,
                                  VS_LAYOUT_XYZ);
  mvn.n_params = 1;
  mvn.params[0] = 2;
  VsShaveWorkload simple = mvn;
  simple.kernel = "MVN_2Ax";
  g_assert_cmpuint (vs_shave_fitted_cycles (&mvn), ==, vs_shave_fitted_cycles (&simple));
  mvn.params[0] = 3;
  simple.kernel = "MVN_3Ax";
  g_assert_cmpuint (vs_shave_fitted_cycles (&mvn), ==, vs_shave_fitted_cycles (&simple));
  mvn.params[0] = 5;
  g_assert_cmpuint (vs_shave_fitted_cycles (&mvn), ==, VS_ERROR_SHAVE_PARAMS);
}

/* 74 operators on NPU 2.7 and 80 on NPU 4.0, as the reference's README
 * counts them; VPU 2.0 uses the classic table; NPU 5.0 has none here. */
static void
test_operator_lists (void)
{
  g_auto(GStrv) n27 = vs_shave_fitted_kernel_names (VS_DEVICE_VPU_2_7);
  g_auto(GStrv) n40 = vs_shave_fitted_kernel_names (VS_DEVICE_VPU_4_0);
  g_auto(GStrv) n50 = vs_shave_fitted_kernel_names (VS_DEVICE_NPU_5_0);
  g_assert_cmpuint (g_strv_length (n27), ==, 74);
  g_assert_cmpuint (g_strv_length (n40), ==, 80);
  g_assert_cmpuint (g_strv_length (n50), ==, 0);
  g_assert_true (g_strv_contains ((const char *const *) n27, "vpuem.mvn_fused"));
  g_assert_true (g_strv_contains ((const char *const *) n40, "gather"));
  g_assert_false (g_strv_contains ((const char *const *) n27, "gather"));
  for (guint i = 0; n40[i] != NULL; i++)
    g_assert_true (vs_shave_fitted_knows (VS_DEVICE_VPU_4_0, n40[i]));
  g_assert_false (vs_shave_fitted_knows (VS_DEVICE_VPU_4_0, "Sigmoid"));   /* case matters */

  /* Unknown names and devices without a collection. */
  VsShaveWorkload w = workload (VS_DEVICE_VPU_2_7, "convert", 16, 16, 16, 1, VS_DTYPE_FLOAT16,
                                VS_LAYOUT_ZXY);
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, VS_ERROR_SHAVE_OPERATOR_MISSING);
  w.kernel = "sigmoid";
  w.device = VS_DEVICE_NPU_5_0;
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, VS_ERROR_SHAVE_OPERATOR_MISSING);
  /* VPU 2.0: the classic table, exact names only (no alias SoftMax -> Softmax). */
  w.device = VS_DEVICE_VPU_2_0;
  w.kernel = "Sigmoid";
  g_assert_false (VS_CYCLES_IS_ERROR (vs_shave_fitted_cycles (&w)));
  w.kernel = "SoftMax";
  g_assert_cmpuint (vs_shave_fitted_cycles (&w), ==, VS_ERROR_SHAVE_OPERATOR_MISSING);
}

/* `vpusim cost shave --shave-model fitted` reproduces every golden row and
 * writes the file; `table` answers differently; the knob is refused where it
 * would change nothing; a bad params cell names file and line. */
static void
test_cost_command (void)
{
  g_autofree char *golden = vs_test_vpunn_file ("golden/shave_fitted.csv");
  if (golden == NULL)
    return;
  g_autofree char *fitted_csv = g_build_filename (vs_test_tmpdir (), "fitted.csv", NULL);
  g_autofree char *table_csv = g_build_filename (vs_test_tmpdir (), "table.csv", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *fitted[] = { "cost", "shave", "--shave-model", "fitted", golden, "-o", fitted_csv, NULL };
  g_assert_cmpint (vs_test_run_vpusim (fitted, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "600/600 rows agree with reference_cycles\n");
  g_autofree char *fitted_text = NULL, *table_text = NULL;
  g_assert_true (g_file_get_contents (fitted_csv, &fitted_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (fitted_text, "device,kernel,"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *table[] = { "cost", "shave", "--shave-model", "table", golden, "-o", table_csv, NULL };
  g_assert_cmpint (vs_test_run_vpusim (table, &out, &err), ==, 0);
  g_assert_true (g_file_get_contents (table_csv, &table_text, NULL, NULL));
  g_assert_cmpstr (fitted_text, !=, table_text);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  const char *on_dpu[] = { "cost", "dpu", "--shave-model", "fitted", golden, NULL };
  g_assert_cmpint (vs_test_run_vpusim (on_dpu, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--shave-model applies to 'cost shave' only"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *bad_model[] = { "cost", "shave", "--shave-model", "nn", golden, NULL };
  g_assert_cmpint (vs_test_run_vpusim (bad_model, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Parameters from the params column reach the model; a bad cell is refused. */
  g_autofree char *in = g_build_filename (vs_test_tmpdir (), "params.csv", NULL);
  static const char rows[] =
    "device,kernel,in_w,in_h,in_c,in_b,in_dtype,out_w,out_h,out_c,out_b,out_dtype,params\n"
    "VPU_4_0,softmax,1,1,64,1,FLOAT16,1,1,64,1,FLOAT16,1\n"
    "VPU_4_0,softmax,1,1,64,1,FLOAT16,1,1,64,1,FLOAT16,\n"
    "VPU_4_0,gather,4,1,16,1,FLOAT16,4,1,16,1,FLOAT16,1;1\n";
  g_assert_true (g_file_set_contents (in, rows, -1, NULL));
  const char *with_params[] = { "cost", "shave", "--shave-model", "fitted", in, NULL };
  g_assert_cmpint (vs_test_run_vpusim (with_params, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, ",1,13108\n"));
  g_assert_nonnull (strstr (out, ",,4294967282\n"));
  g_assert_nonnull (strstr (out, ",1;1,8839\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  static const char bad_rows[] =
    "device,kernel,in_w,in_h,in_c,in_b,in_dtype,out_w,out_h,out_c,out_b,out_dtype,params\n"
    "VPU_4_0,softmax,1,1,64,1,FLOAT16,1,1,64,1,FLOAT16,one\n";
  g_assert_true (g_file_set_contents (in, bad_rows, -1, NULL));
  g_assert_cmpint (vs_test_run_vpusim (with_params, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "params.csv:2: column 'params'"));
}

/* --cost shave=fitted and shave=table replay differently; fitted is a
 * SHAVE model only. */
static void
test_replay_choice (void)
{
  g_autofree char *scenario = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  const char *table[] = { "run", scenario, "--cost", "dpu=analytical,dma=analytical,shave=table", "--json", NULL };
  const char *fitted[] = { "run", scenario, "--cost", "dpu=analytical,dma=analytical,shave=fitted", "--json", NULL };
  g_assert_cmpint (vs_test_run_vpusim (table, &o1, &e1), ==, 0);
  g_assert_cmpint (vs_test_run_vpusim (fitted, &o2, &e2), ==, 0);
  g_assert_cmpstr (o1, !=, o2);
  const char *dpu[] = { "run", scenario, "--cost", "dpu=fitted", NULL };
  g_assert_cmpint (vs_test_run_vpusim (dpu, &o3, &e3), ==, 2);
  g_assert_nonnull (strstr (e3, "'fitted' is a SHAVE model"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/shave-fitted/golden", test_golden);
  g_test_add_func ("/shave-fitted/parameters", test_parameters);
  g_test_add_func ("/shave-fitted/operator-lists", test_operator_lists);
  g_test_add_func ("/shave-fitted/cost-command", test_cost_command);
  g_test_add_func ("/shave-fitted/replay-choice", test_replay_choice);
  return g_test_run ();
}
