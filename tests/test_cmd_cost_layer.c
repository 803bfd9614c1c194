/* SPDX-License-Identifier: Apache-2.0 */
/* test_cmd_cost_layer.c — `vpusim cost layer` end to end: the golden layer
 * file in, the same rows out with the vpusim_* columns equal to the
 * reference's; --strategy auto and a forced strategy; --json for one layer;
 * bad rows name the line and column, exit 1 and write nothing. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sim/base/csv_table.h"
#include "tests/test_support.h"

static const char header[] =
  "device,operation,in_w,in_h,in_c,in_dtype,out_w,out_h,out_c,out_dtype,kernel_w,kernel_h,"
  "stride_w,stride_h,pad_top,pad_bottom,pad_left,pad_right,activation,strategy,n_dpu,n_tiles,"
  "input_in_ddr,output_in_ddr,prefetching\n";
/* a 3x3 convolution, 64 -> 128 channels on a 28x28 map, NPU 4.0, 4 tiles */
static const char good_row[] =
  "VPU_4_0,CONVOLUTION,28,28,64,UINT8,28,28,128,UINT8,3,3,1,1,1,1,1,1,RELU,SOHO,1,4,0,0,1\n";

static char *
write_csv (const char *name, const char *rows)
{
  g_autofree char *text = g_strconcat (header, rows, NULL);
  char *path = g_build_filename (vs_test_tmpdir (), name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_golden (void)
{
  g_autofree char *in = vs_test_vpunn_file ("golden/layer_vpu_2_7_4_0.csv");
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (in == NULL || models == NULL)
    return;
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "layers.csv", NULL);
  const char *args[] = { "cost", "layer", "--models", models, "--strategy", "auto", in, "-o", out, NULL };
  g_autofree char *o = NULL, *e = NULL;
  int status = vs_test_run_vpusim (args, &o, &e);
  if (status != 0)
    g_test_message ("stderr: %s", e);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (o, "600/600 rows agree with reference_cycles\n"));
  g_assert_nonnull (strstr (o, "600/600 rows agree with reference_auto_cycles\n"));

  g_autoptr (GError) error = NULL;
  g_autoptr (VsCsvTable) t = vs_csv_table_read (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_csv_table_n_rows (t), ==, 600);
  static const char *const pairs[][2] = {
    { "vpusim_cycles", "reference_cycles" }, { "vpusim_tile_cycles", "tile_cycles" },
    { "vpusim_tile_workloads", "tile_workloads" }, { "vpusim_tile0_first_mode", "tile0_first_mode" },
    { "vpusim_best_cycles", "reference_auto_cycles" },
  };
  for (guint r = 0; r < vs_csv_table_n_rows (t); r++)
    for (guint p = 0; p < G_N_ELEMENTS (pairs); p++)
      g_assert_cmpstr (vs_test_csv_cell (t, r, pairs[p][0]), ==, vs_test_csv_cell (t, r, pairs[p][1]));
}

static void
test_forced_strategy_and_json (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  g_autofree char *in = write_csv ("one.csv", good_row);
  /* a forced strategy replaces the row's: SOK on 4 tiles gives 4 tiles of 32 channels */
  const char *forced[] = { "cost", "layer", "--models", models, "--strategy", "SOK", in, NULL };
  g_autofree char *o = NULL, *e = NULL;
  g_assert_cmpint (vs_test_run_vpusim (forced, &o, &e), ==, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsCsvTable) t = vs_csv_table_parse (o, strlen (o) - strlen ("1 rows costed\n"), "stdout", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_test_csv_cell (t, 0, "vpusim_tile_workloads"), ==, "1;1;1;1");

  const char *json[] = { "cost", "layer", "--models", models, "--json", in, NULL };
  g_autofree char *jo = NULL, *je = NULL;
  g_assert_cmpint (vs_test_run_vpusim (json, &jo, &je), ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, jo, -1, &error));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonObject *result = json_object_get_object_member (root, "result");
  g_assert_cmpstr (json_object_get_string_member (result, "strategy"), ==, "SOHO");
  JsonArray *tiles = json_object_get_array_member (result, "tiles");
  g_assert_cmpuint (json_array_get_length (tiles), ==, 4);
  gint64 slowest = 0;
  for (guint i = 0; i < 4; i++) {
    JsonObject *tile = json_array_get_object_element (tiles, i);
    JsonArray *wl = json_object_get_array_member (tile, "workloads");
    g_assert_cmpuint (json_array_get_length (wl), >=, 1);
    /* each tile's rows: 7 of the 28 output rows */
    JsonObject *out = json_object_get_object_member (tile, "output");
    g_assert_cmpint (json_object_get_int_member (out, "h"), ==, 7);
    slowest = MAX (slowest, json_object_get_int_member (tile, "cycles"));
  }
  g_assert_cmpint (json_object_get_int_member (result, "cycles"), ==, slowest);

  /* without a strategy column: refused, unless --strategy auto reports the best one */
  g_autofree char *bare_text = g_strdup ("device,operation,in_w,in_h,in_c,in_dtype,out_w,out_h,out_c,out_dtype,"
                                         "kernel_w,kernel_h,stride_w,stride_h,pad_top,pad_bottom,pad_left,"
                                         "pad_right,n_dpu,n_tiles\nVPU_4_0,CONVOLUTION,28,28,64,UINT8,28,28,128,"
                                         "UINT8,3,3,1,1,1,1,1,1,1,4\n");
  g_autofree char *bare = g_build_filename (vs_test_tmpdir (), "bare.csv", NULL);
  g_assert_true (g_file_set_contents (bare, bare_text, -1, NULL));
  const char *no_strategy[] = { "cost", "layer", "--models", models, bare, NULL };
  g_autofree char *o3 = NULL, *e3 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (no_strategy, &o3, &e3), ==, 1);
  g_assert_nonnull (strstr (e3, "missing column 'strategy'"));
  const char *with_auto[] = { "cost", "layer", "--models", models, "--strategy", "auto", bare, NULL };
  g_autofree char *o4 = NULL, *e4 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (with_auto, &o4, &e4), ==, 0);
  g_autoptr (VsCsvTable) ta = vs_csv_table_parse (o4, strlen (o4) - strlen ("1 rows costed\n"), "stdout", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_test_csv_cell (ta, 0, "vpusim_cycles"), ==, vs_test_csv_cell (ta, 0, "vpusim_best_cycles"));

  /* --json wants one layer */
  g_autofree char *two = write_csv ("two.csv", "VPU_4_0,CONVOLUTION,28,28,64,UINT8,28,28,128,UINT8,3,3,1,1,1,1,1,1,"
                                    "RELU,SOHO,1,4,0,0,1\nVPU_4_0,CONVOLUTION,28,28,64,UINT8,28,28,128,UINT8,"
                                    "3,3,1,1,1,1,1,1,RELU,SOK,1,4,0,0,1\n");
  const char *json2[] = { "cost", "layer", "--models", models, "--json", two, NULL };
  g_autofree char *o2 = NULL, *e2 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (json2, &o2, &e2), ==, 1);
  g_assert_nonnull (strstr (e2, "2 rows"));
}

/* A bad cell: exit 1, the message names line and column, no output file. */
static void
check_bad_row (const char *name, const char *row, const char *expected)
{
  g_autofree char *in = write_csv (name, row);
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "bad-out.csv", NULL);
  const char *args[] = { "cost", "layer", in, "-o", out, NULL };
  g_autofree char *o = NULL, *e = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &o, &e), ==, 1);
  g_assert_nonnull (strstr (e, expected));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_bad_rows (void)
{
  /* the bad row comes second: the first, good one, must not be written either */
  g_autofree char *strategy = g_strconcat (good_row, "VPU_4_0,CONVOLUTION,28,28,64,UINT8,28,28,128,UINT8,"
                                           "3,3,1,1,1,1,1,1,RELU,SOX,1,4,0,0,1\n", NULL);
  check_bad_row ("strategy.csv", strategy, ":3: column 'strategy': expected a known name, got 'SOX'");
  check_bad_row ("zero.csv", "VPU_4_0,CONVOLUTION,28,28,64,UINT8,28,0,128,UINT8,3,3,1,1,1,1,1,1,RELU,SOHO,1,4,0,0,1\n",
                 ":2: column 'out_h': expected an integer in 1..");
  check_bad_row ("tiles.csv", "VPU_4_0,CONVOLUTION,28,28,64,UINT8,28,28,128,UINT8,3,3,1,1,1,1,1,1,RELU,SOHO,1,0,0,0,1\n",
                 ":2: column 'n_tiles': expected an integer in 1..");
  check_bad_row ("text.csv", "VPU_4_0,CONVOLUTION,28,28,six,UINT8,28,28,128,UINT8,3,3,1,1,1,1,1,1,RELU,SOHO,1,4,0,0,1\n",
                 ":2: column 'in_c': expected an integer, got 'six'");
  check_bad_row ("flag.csv", "VPU_4_0,CONVOLUTION,28,28,64,UINT8,28,28,128,UINT8,3,3,1,1,1,1,1,1,RELU,SOHO,1,4,0,0,maybe\n",
                 ":2: column 'prefetching'");

  /* usage: an unknown --strategy, and the layer options on other kinds */
  g_autofree char *in = write_csv ("usage.csv", good_row);
  const char *bad_strategy[] = { "cost", "layer", "--strategy", "SOX", in, NULL };
  g_autofree char *o = NULL, *e = NULL;
  g_assert_cmpint (vs_test_run_vpusim (bad_strategy, &o, &e), ==, 2);
  const char *on_dpu[] = { "cost", "dpu", "--json", in, NULL };
  g_autofree char *o2 = NULL, *e2 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (on_dpu, &o2, &e2), ==, 2);
  g_assert_nonnull (strstr (e2, "cost layer"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cmd-cost-layer/golden", test_golden);
  g_test_add_func ("/cmd-cost-layer/forced-strategy-and-json", test_forced_strategy_and_json);
  g_test_add_func ("/cmd-cost-layer/bad-rows", test_bad_rows);
  return g_test_run ();
}
