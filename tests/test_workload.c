/* SPDX-License-Identifier: Apache-2.0 */
/* test_workload.c — enum names round-trip and error-code naming. */
#include "models/workload.h"

static void
test_names_round_trip (void)
{
  for (int d = 0; d < VS_DEVICE_COUNT; d++) {
    VsVpuDevice back;
    g_assert_true (vs_vpu_device_from_name (vs_vpu_device_name (d), &back));
    g_assert_cmpint (back, ==, d);
  }
  for (int t = 0; t < VS_DTYPE_COUNT; t++) {
    VsDataType back;
    g_assert_true (vs_data_type_from_name (vs_data_type_name (t), &back));
    g_assert_cmpint (back, ==, t);
  }
  VsIsiStrategy isi;
  g_assert_true (vs_isi_strategy_from_name ("SplitOverH", &isi));
  g_assert_cmpint (isi, ==, VS_ISI_SPLIT_OVER_H);
  VsExecutionMode mode;
  /* One letter-case rule for every name table (hw/name_table.h): read in
   * any case, written as the reference spells it. */
  g_assert_true (vs_execution_mode_from_name ("cuboid_16x16", &mode));
  g_assert_cmpint (mode, ==, VS_EXEC_CUBOID_16x16);
  g_assert_true (vs_execution_mode_from_name ("DCIM_32X128", &mode));
  g_assert_cmpstr (vs_execution_mode_name (mode), ==, "dCIM_32x128");
  g_assert_false (vs_execution_mode_from_name ("cuboid", &mode));
  g_assert_null (vs_dpu_operation_name (VS_OP_COUNT));
}

static void
test_layout_orders (void)
{
  VsLayout l;
  g_assert_true (vs_layout_from_dims_order ("NHWC", &l));
  g_assert_cmpint (l, ==, VS_LAYOUT_ZXY);
  g_assert_true (vs_layout_from_dims_order ("NCHW", &l));
  g_assert_cmpint (l, ==, VS_LAYOUT_XYZ);
  g_assert_true (vs_layout_from_dims_order ("nwch", &l));
  g_assert_cmpint (l, ==, VS_LAYOUT_YZX);
  g_assert_false (vs_layout_from_dims_order ("NHHC", &l));
  g_assert_false (vs_layout_from_dims_order ("NCDHW", &l));
  for (int i = VS_LAYOUT_XYZ; i <= VS_LAYOUT_ZYX; i++) {
    g_assert_true (vs_layout_from_dims_order (vs_layout_dims_order (i), &l));
    g_assert_cmpint (l, ==, i);
    g_assert_true (vs_layout_is_3d (i));
  }
  g_assert_false (vs_layout_is_3d (VS_LAYOUT_ZMAJOR));
  g_assert_false (vs_layout_is_3d (VS_LAYOUT_CMAJOR));
  g_assert_false (vs_layout_is_3d (VS_LAYOUT_INVALID));
}

static void
test_error_codes (void)
{
  g_assert_cmpstr (vs_cycles_error_name (4294967276u), ==, "ERROR_SHAVE_OPERATOR_MISSING");
  g_assert_cmpstr (vs_cycles_error_name (G_MAXUINT32), ==, "ERROR_INPUT_TOO_BIG");
  g_assert_null (vs_cycles_error_name (12345));
  g_assert_true (VS_CYCLES_IS_ERROR (VS_ERROR_NO_VALID_DMA_COST_PROVIDER));
  g_assert_false (VS_CYCLES_IS_ERROR (VS_CYCLES_ERROR_START));
}

/* The one cost_adder (the DMA theoretical model and the layer cost had their
 * own; the layer cost's let a sum land in the error range). */
static void
test_cycles_add (void)
{
  g_assert_cmpuint (vs_cycles_add (3, 4), ==, 7);
  g_assert_cmpuint (vs_cycles_add (VS_CYCLES_ERROR_START - 1, 1), ==, VS_CYCLES_ERROR_START);
  g_assert_cmpuint (vs_cycles_add (VS_CYCLES_ERROR_START, 1), ==,
                    VS_ERROR_CUMULATED_CYCLES_TOO_LARGE);
  g_assert_cmpuint (vs_cycles_add (G_MAXUINT32 - 2000, 1500), ==,
                    VS_ERROR_CUMULATED_CYCLES_TOO_LARGE);
  g_assert_cmpuint (vs_cycles_add (VS_CYCLES_ERROR_START, VS_CYCLES_ERROR_START), ==,
                    VS_ERROR_CUMULATED_CYCLES_TOO_LARGE);
  /* the first error wins */
  g_assert_cmpuint (vs_cycles_add (VS_ERROR_SHAVE, VS_ERROR_INPUT_TOO_BIG), ==, VS_ERROR_SHAVE);
  g_assert_cmpuint (vs_cycles_add (5, VS_ERROR_INPUT_TOO_BIG), ==, VS_ERROR_INPUT_TOO_BIG);
}

static void
test_dtype_sizes (void)
{
  g_assert_cmpint (vs_data_type_bytes (VS_DTYPE_FLOAT16), ==, 2);
  g_assert_cmpint (vs_data_type_bytes (VS_DTYPE_INT4), ==, 1);
  g_assert_cmpint (vs_data_type_bits (VS_DTYPE_INT4), ==, 4);
  g_assert_cmpint (vs_data_type_bytes (VS_DTYPE_FLOAT4), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/workload/names-round-trip", test_names_round_trip);
  g_test_add_func ("/workload/error-codes", test_error_codes);
  g_test_add_func ("/workload/cycles-add", test_cycles_add);
  g_test_add_func ("/workload/layout-orders", test_layout_orders);
  g_test_add_func ("/workload/dtype-sizes", test_dtype_sizes);
  return g_test_run ();
}
