/* SPDX-License-Identifier: Apache-2.0 */
/* test_cli_run.c — `vpusim run` end to end, as a user runs it: the demo
 * scenario, every output, determinism, and the failures a user meets (bad
 * files, bad options, impossible schedules), which must exit non-zero and
 * leave no output file behind. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sim/schedule/schedule_yaml.h"
#include "sim/import/vpurt_import.h"
#include "tests/test_support.h"

static void
test_demo_text (void)
{
  g_autofree char *demo = vs_test_scenario ("npu27_conv_block.yaml");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "run", demo, "--cost", "analytical", NULL };
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "cost models: DPU analytical, DMA analytical, SHAVE analytical"));
  g_assert_nonnull (strstr (out, "latency: "));
  g_assert_nonnull (strstr (out, "critical path:"));
  g_assert_nonnull (strstr (out, "CMX occupancy"));
  /* Every engine kind of the scenario shows up with its tasks. */
  g_assert_nonnull (strstr (out, "  DMA              2      6"));
  g_assert_nonnull (strstr (out, "  DPU              2      4"));
  g_assert_nonnull (strstr (out, "  SHAVE            4      4"));
}

static double
json_latency (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "engines"));
  g_assert_true (json_object_has_member (root, "critical_path"));
  return json_object_get_double_member (root, "latency_us");
}

static void
test_json_and_outputs_deterministic (void)
{
  g_autofree char *demo = vs_test_scenario ("npu40_6tile_sok.yaml");
  char *texts[2][3] = { { NULL } };
  for (int run = 0; run < 2; run++) {
    g_autofree char *trace = vs_test_tmp_path (run ? "b.json" : "a.json");
    g_autofree char *timeline = vs_test_tmp_path (run ? "b.csv" : "a.csv");
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "run", demo, "--cost", "analytical", "--json", "--trace", trace,
                           "--timeline", timeline, NULL };
    g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
    g_assert_cmpfloat (json_latency (out), >, 1.0);
    texts[run][0] = g_steal_pointer (&out);
    g_assert_true (g_file_get_contents (trace, &texts[run][1], NULL, NULL));
    g_assert_true (g_file_get_contents (timeline, &texts[run][2], NULL, NULL));
  }
  /* The trace carries each tile's CMX occupancy as a counter track. */
  g_assert_nonnull (strstr (texts[0][1], "{\"name\":\"CMX bytes\",\"ph\":\"C\""));
  for (int k = 0; k < 3; k++) {
    g_assert_cmpstr (texts[0][k], ==, texts[1][k]);
    g_free (texts[0][k]);
    g_free (texts[1][k]);
  }
}

static void
test_modes_and_what_if_sets (void)
{
  g_autofree char *demo = vs_test_scenario ("npu27_dma_bound.yaml");
  double latency[4];
  const char *extra[4][4] = {
    { NULL },
    { "--mode", "compiler", NULL },
    { "--set", "ddr_bandwidth_gbps=54", NULL },
    { "--set", "ddr_bandwidth_gbps=54", "--set", "dma_bytes_per_cycle=48" },
  };
  for (int i = 0; i < 4; i++) {
    const char *args[10] = { "run", demo, "--cost", "analytical", "--json" };
    int n = 5;
    for (int k = 0; k < 4 && extra[i][k] != NULL; k++)
      args[n++] = extra[i][k];
    args[n] = NULL;
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
    latency[i] = json_latency (out);
  }
  /* Compiler mode has no dispatch latencies: never slower. */
  g_assert_cmpfloat (latency[1], <=, latency[0]);
  /* A DMA-bound schedule gets faster with more DDR bandwidth, and faster
   * still when the DMA engine is widened too. */
  g_assert_cmpfloat (latency[2], <, latency[0]);
  g_assert_cmpfloat (latency[3], <, latency[2]);
}

static void
test_plots (void)
{
  if (!vs_test_gnuplot_or_skip ())
    return;
  g_autofree char *demo = vs_test_scenario ("npu27_conv_block.yaml");
  g_autofree char *gantt = vs_test_tmp_path ("gantt.png");
  g_autofree char *memory = vs_test_tmp_path ("memory.svg");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "run", demo, "--cost", "analytical", "--plot", gantt, "--plot-memory",
                         memory, NULL };
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
  g_autofree char *png = NULL, *svg = NULL;
  gsize png_len = 0;
  g_assert_true (g_file_get_contents (gantt, &png, &png_len, NULL));
  g_assert_cmpuint (png_len, >, 1000);
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_true (g_file_get_contents (memory, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_nonnull (strstr (svg, "tile 1"));
}

/* Runs that must fail: exit status, a message fragment, and no outputs. */
static void
test_failures (void)
{
  g_autofree char *demo = vs_test_scenario ("npu27_conv_block.yaml");
  g_autofree char *trace = vs_test_tmp_path ("never.json");
  g_autofree char *csv = vs_test_tmp_path ("never.csv");

  const char *missing[] = { "run", "/nonexistent/schedule.yaml", "--trace", trace, NULL };
  vs_test_run_vpusim_fails (missing, 1, "/nonexistent/schedule.yaml", trace, csv, NULL);

  const char *bad_key[] = { "run", demo, "--set", "tile=4", "--trace", trace, NULL };
  vs_test_run_vpusim_fails (bad_key, 1, "unknown device key 'tile' (valid keys: name, arch, tiles,",
                            trace, csv, NULL);

  const char *bad_value[] = { "run", demo, "--set", "dpus_per_tile=0", "--timeline", csv, NULL };
  vs_test_run_vpusim_fails (bad_value, 1, "dpus_per_tile", trace, csv, NULL);
  /* knobs a compiled schedule fixes are refused, not silently ignored */
  const char *tiles[] = { "run", demo, "--set", "tiles=1", "--timeline", csv, NULL };
  vs_test_run_vpusim_fails (tiles, 1,
                            "--set tiles=1: the schedule's queues fix its tiles (it uses 2)",
                            trace, csv, NULL);
  const char *ports[] = { "run", demo, "--set", "dma_ports=4", "--timeline", csv, NULL };
  vs_test_run_vpusim_fails (ports, 1,
                            "--set dma_ports=4: the schedule's queues fix its DMA ports (it uses 2)",
                            trace, csv, NULL);

  const char *bad_mode[] = { "run", demo, "--mode", "fast", NULL };
  vs_test_run_vpusim_fails (bad_mode, 2, "--mode: 'fast' is not realistic or compiler", NULL);

  const char *bad_cost[] = { "run", demo, "--cost", "dpu=magic", NULL };
  vs_test_run_vpusim_fails (bad_cost, 2, "--cost: unknown cost model 'magic'", NULL);

  const char *bad_shave[] = { "run", demo, "--unknown-shave", "ignore", NULL };
  vs_test_run_vpusim_fails (bad_shave, 2,
                            "--unknown-shave: 'ignore' is not one of error, zero, analytical",
                            NULL);

  const char *no_models[] = { "run", demo, "--cost", "vpunn", "--models", "/nonexistent/models",
                              "--trace", trace, NULL };
  vs_test_run_vpusim_fails (no_models, 1, "--cost vpunn: ", trace, csv, NULL);

  const char *two[] = { "run", demo, demo, NULL };
  vs_test_run_vpusim_fails (two, 2, "exactly one schedule", NULL);

  const char *bad_plot[] = { "run", demo, "--cost", "analytical", "--plot", csv, NULL };
  vs_test_run_vpusim_fails (bad_plot, 2, "the name must end in .png or .svg", trace, csv, NULL);
}

static void
test_deadlock (void)
{
  /* Two DMA queues, each waiting for a barrier only the other's later task
   * updates: neither head can ever start. */
  g_autofree char *path = vs_test_deadlock_schedule ("deadlock.yaml");
  g_autofree char *trace = vs_test_tmp_path ("deadlock.json");
  const char *outputs[] = { trace, NULL };
  const char *args[] = { "run", path, "--cost", "fixed", "--trace", trace, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "q0"));
  g_assert_nonnull (strstr (err, "t0"));
  g_assert_nonnull (strstr (err, "q1"));
  g_assert_nonnull (strstr (err, "t2"));
  g_assert_false (g_file_test (outputs[0], G_FILE_TEST_EXISTS));
}

/* A device file named relative to the schedule is found beside it. */
static void
test_device_beside_schedule (void)
{
  g_autofree char *dir = vs_test_tmp_path ("beside");
  g_autofree char *hw = g_build_filename (dir, "hw", NULL);
  g_assert_cmpint (g_mkdir_with_parents (hw, 0755), ==, 0);
  g_autofree char *device = g_build_filename (hw, "slow.yaml", NULL);
  g_assert_true (g_file_set_contents (device, "format: vpusim-device\nversion: 1\npreset: npu27\n"
                                      "dpu_clock_mhz: 650\n", -1, NULL));
  g_autofree char *schedule = g_build_filename (dir, "s.yaml", NULL);
  g_assert_true (g_file_set_contents (schedule,
      "format: vpusim-schedule\nversion: 1\ndevice: hw/slow.yaml\n"
      "queues:\n  - {id: q, engine: DMA, port: 0}\n"
      "tasks:\n  - {id: t, queue: q, kind: DMA, cost: {cycles: 650}}\n", -1, NULL));
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "run", schedule, "--json", NULL };
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
  /* 650 cycles at 650 MHz. */
  g_assert_cmpfloat (json_latency (out), ==, 1.0);
}

static void
test_fixed_needs_costs (void)
{
  g_autofree char *demo = vs_test_scenario ("npu27_conv_block.yaml");
  const char *args[] = { "run", demo, "--cost", "fixed", NULL };
  vs_test_run_vpusim_fails (args, 1, "task 'load_w1': no cost given and no DMA cost model selected",
                            NULL);
}

/* `vpusim compare --workloads`: vpusim's VPUNN reproduces the reference on
 * every measured workload (halos included), and is closer to silicon than
 * the analytical model. */
static void
test_compare_workloads (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  g_autofree char *measured = vs_test_vpunn_file ("measured/measured_npu27.csv");
  if (models == NULL || measured == NULL)
    return;
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "compare", "--workloads", measured, "--models", models, "--json", NULL };
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  JsonObject *models_obj = json_object_get_object_member (
    json_node_get_object (json_parser_get_root (parser)), "models");
  JsonObject *vpunn = json_object_get_object_member (models_obj, "vpunn");
  JsonObject *analytical = json_object_get_object_member (models_obj, "analytical");
  g_assert_cmpint (json_object_get_int_member (vpunn, "count"), ==, 188);
  g_assert_cmpint (json_object_get_int_member (vpunn, "reference_agree"), ==, 188);
  g_assert_cmpint (json_object_get_int_member (vpunn, "reference_compared"), ==, 188);
  g_assert_cmpint (json_object_get_int_member (analytical, "reference_agree"), ==, 188);
  double vpunn_mape = json_object_get_double_member (vpunn, "mape_pct");
  g_assert_cmpfloat (vpunn_mape, >, 0.5);
  g_assert_cmpfloat (vpunn_mape, <, 10.0);
  g_assert_cmpfloat (json_object_get_double_member (analytical, "mape_pct"), >, 4 * vpunn_mape);
}

static void
test_compare_failures (void)
{
  static const char csv[] = "device,operation\nVPU_2_7,CONVOLUTION\n";
  g_autofree char *path = vs_test_tmp_path ("no_measured.csv");
  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  const char *missing[] = { "compare", "--workloads", path, "--cost", "analytical", NULL };
  vs_test_run_vpusim_fails (missing, 1, "no_measured.csv: missing column 'measured_cycles'", NULL);
  const char *bad_model[] = { "compare", "--workloads", path, "--cost", "oracle", NULL };
  vs_test_run_vpusim_fails (bad_model, 2, "--cost: 'oracle' is not a workload cost model", NULL);
  const char *no_file[] = { "compare", NULL };
  vs_test_run_vpusim_fails (no_file, 2,
                            "compare needs SCHEDULE --measured PROFILE, a run folder, or --workloads FILE.csv",
                            NULL);
  static const char bad_row[] =
    "device,operation,in_w,in_h,in_c,in_dtype,out_w,out_h,out_c,out_dtype,kernel_w,kernel_h,"
    "stride_w,stride_h,pad_top,pad_bottom,pad_left,pad_right,execution_mode,measured_cycles\n"
    "VPU_2_7,CONVOLUTION,8,8,16,UINT8,8,8,16,UINT8,1,1,1,1,0,0,0,0,CUBOID_16x16,100\n"
    "VPU_2_7,CONVOLUTION,8,eight,16,UINT8,8,8,16,UINT8,1,1,1,1,0,0,0,0,CUBOID_16x16,100\n";
  g_autofree char *bad = vs_test_tmp_path ("bad_row.csv");
  g_assert_true (g_file_set_contents (bad, bad_row, -1, NULL));
  const char *row_args[] = { "compare", "--workloads", bad, "--cost", "analytical", NULL };
  vs_test_run_vpusim_fails (row_args, 1, "bad_row.csv:3: column 'in_h'", NULL);
}

/* An imported schedule written as YAML reads back to the same schedule:
 * writing it again gives the same text, input boxes and enqueue lists
 * included, and it replays to the same latency. */
static void
test_imported_round_trip (void)
{
  static const char *const runs[] = {
    "npu40xx_6tile_agegender_2024-08/schedule_vpurt.mlir",
    "vpux30xx_4tile_agegender_2024-06/schedule_vpurt.mlir",
    "schedule_only_gru_sequence_37xx_2026-05/schedule_vpurt.mlir",
  };
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++) {
    g_autofree char *path = vs_test_npu_runs_file (runs[i]);
    if (path == NULL)
      return;
    g_autoptr(GError) error = NULL;
    g_autoptr(VsSchedule) s = vs_vpurt_import (path, &error);
    g_assert_no_error (error);
    g_autoptr(GString) first = g_string_new (NULL);
    g_assert_true (vs_schedule_write (s, first, &error));
    g_autoptr(VsSchedule) back = vs_schedule_read_from_data (first->str, first->len, "back.yaml", &error);
    g_assert_no_error (error);
    g_autoptr(GString) second = g_string_new (NULL);
    g_assert_true (vs_schedule_write (back, second, &error));
    g_assert_cmpstr (first->str, ==, second->str);
    guint with_in = 0;
    for (guint v = 0; v < back->variants->len; v++) {
      const VsDpuVariant *a = vs_schedule_variant (s, v), *b = vs_schedule_variant (back, v);
      g_assert_cmpint (a->has_in, ==, b->has_in);
      g_assert_cmpmem (a->in_start, sizeof a->in_start, b->in_start, sizeof b->in_start);
      g_assert_cmpmem (a->in_end, sizeof a->in_end, b->in_end, sizeof b->in_end);
      with_in += b->has_in;
    }
    if (i == 0)
      g_assert_cmpuint (with_in, >, 0);
    for (guint t = 0; t < back->tasks->len; t++)
      g_assert_cmpuint (vs_schedule_task (s, t)->n_enqueue, ==, vs_schedule_task (back, t)->n_enqueue);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-run/demo-text", test_demo_text);
  g_test_add_func ("/cli-run/json-and-outputs-deterministic", test_json_and_outputs_deterministic);
  g_test_add_func ("/cli-run/modes-and-what-if-sets", test_modes_and_what_if_sets);
  g_test_add_func ("/cli-run/plots", test_plots);
  g_test_add_func ("/cli-run/failures", test_failures);
  g_test_add_func ("/cli-run/deadlock", test_deadlock);
  g_test_add_func ("/cli-run/fixed-needs-costs", test_fixed_needs_costs);
  g_test_add_func ("/cli-run/device-beside-schedule", test_device_beside_schedule);
  g_test_add_func ("/cli-run/imported-round-trip", test_imported_round_trip);
  g_test_add_func ("/cli-compare/workloads", test_compare_workloads);
  g_test_add_func ("/cli-compare/failures", test_compare_failures);
  return g_test_run ();
}
