/* SPDX-License-Identifier: Apache-2.0 */
/* test_device_knobs.c — every device parameter that `--set` accepts changes
 * something: for macs_per_dpu, fp16_macs_per_dpu, ddr_latency_ns,
 * cmx_clock_mhz, physical_barriers, completion_shave_ns, dma_queue_start_ns
 * and the SHAVE kernel loads, the latency of a scenario sensitive
 * to it moves when it moves (in the direction the hardware would), `sweep`
 * sees the same latency as `run`, and `run --what-if` starts from it. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_support.h"

/* `vpusim run SCHEDULE --cost analytical --json [--set SET]`: latency in ps
 * (to the ns the JSON gives). */
static gint64
run_latency (const char *schedule, const char *set)
{
  const char *args[] = { "run", schedule, "--cost", "analytical", "--json",
                         set != NULL ? "--set" : NULL, set, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = vs_test_run_vpusim (args, &out, &err);
  if (status != 0)
    g_error ("vpusim run %s --set %s: %s", schedule, set ? set : "-", err);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  return (gint64) llround (json_object_get_double_member (root, "latency_us") * 1e6);
}

/* `vpusim sweep SCHEDULE --set KEY=V0,V1`: the two latencies in ps. */
static void
sweep_latencies (const char *schedule, const char *key, const char *values, gint64 out[2])
{
  g_autofree char *csv = g_build_filename (vs_test_tmpdir (), "knob_sweep.csv", NULL);
  g_autofree char *set = g_strdup_printf ("%s=%s", key, values);
  const char *args[] = { "sweep", schedule, "--cost", "analytical", "--set", set, "-o", csv,
                         NULL };
  g_autofree char *text = NULL, *err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &text, &err), ==, 0);
  g_autofree char *data = NULL;
  g_assert_true (g_file_get_contents (csv, &data, NULL, NULL));
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  g_auto(GStrv) header = g_strsplit (lines[0], ",", -1);
  gint column = -1;
  for (gint i = 0; header[i] != NULL; i++)
    if (strcmp (header[i], "latency_ps") == 0)
      column = i;
  g_assert_cmpint (column, >=, 0);
  for (int p = 0; p < 2; p++) {
    g_auto(GStrv) fields = g_strsplit (lines[1 + p], ",", -1);
    out[p] = g_ascii_strtoll (fields[column], NULL, 10);
  }
}

/* Latency at the default and at `value`; sweep agrees with run on both. */
static void
check_knob (const char *schedule, const char *key, const char *base, const char *value,
            int direction)
{
  g_autofree char *set = g_strdup_printf ("%s=%s", key, value);
  gint64 before = run_latency (schedule, NULL);
  gint64 after = run_latency (schedule, set);
  g_test_message ("%s: %" G_GINT64_FORMAT " ps at %s, %" G_GINT64_FORMAT " ps at %s", key, before,
                  base, after, value);
  if (direction > 0)
    g_assert_cmpint (after, >, before);
  else
    g_assert_cmpint (after, <, before);
  g_autofree char *values = g_strdup_printf ("%s,%s", base, value);
  gint64 swept[2];
  sweep_latencies (schedule, key, values, swept);
  /* run's JSON says µs to the ns; sweep gives the ps. */
  g_assert_cmpint (llabs (swept[0] - before), <=, 500);
  g_assert_cmpint (llabs (swept[1] - after), <=, 500);
}

static void
test_ddr_latency (void)
{
  /* Every load and the store of the demo touch DDR: the NPU 2.7 preset's
   * 956 ns becomes 10 us per DDR transfer. */
  g_autofree char *demo = vs_test_scenario ("npu27_conv_block.yaml");
  check_knob (demo, "ddr_latency_ns", "956", "10000", +1);
  check_knob (demo, "ddr_latency_ns", "956", "0", -1);
}

static void
test_cmx_clock (void)
{
  /* A DMA's CMX end costs cmx_latency_cycles (16) of the CMX clock: 16 ns
   * at 975 MHz, 16 us at 1 MHz. */
  g_autofree char *demo = vs_test_scenario ("npu27_conv_block.yaml");
  check_knob (demo, "cmx_clock_mhz", "975", "1", +1);
}

static void
test_fp16_macs (void)
{
  /* The demo's convolutions are FP16: half the FP16 MACs, slower; four
   * times as many, faster. */
  g_autofree char *demo = vs_test_scenario ("npu27_conv_block.yaml");
  check_knob (demo, "fp16_macs_per_dpu", "1024", "512", +1);
  check_knob (demo, "fp16_macs_per_dpu", "1024", "4096", -1);
  /* INT8 MACs do not touch FP16 work. */
  g_assert_cmpint (run_latency (demo, "macs_per_dpu=512"), ==, run_latency (demo, NULL));
}

static void
test_int8_macs (void)
{
  /* The demo with UINT8 tensors: its convolutions run on macs_per_dpu. */
  g_autofree char *demo = vs_test_scenario ("npu27_conv_block.yaml");
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (demo, &text, NULL, NULL));
  g_auto(GStrv) parts = g_strsplit (text, "dtype: f16", -1);
  g_autofree char *int8 = g_strjoinv ("dtype: u8", parts);
  g_autofree char *path = g_build_filename (vs_test_tmpdir (), "conv_block_u8.yaml", NULL);
  g_assert_true (g_file_set_contents (path, int8, -1, NULL));
  check_knob (path, "macs_per_dpu", "2048", "1024", +1);
  check_knob (path, "macs_per_dpu", "2048", "8192", -1);
  g_assert_cmpint (run_latency (path, "fp16_macs_per_dpu=256"), ==, run_latency (path, NULL));
}

/* Two loads on two ports, each releasing a barrier a DPU task waits for;
 * load_b takes 9 us.  With 64 physical ids both loads start at 0 and conv_b
 * follows load_b's end.  With one, barrier b can be programmed only once a
 * is consumed, i.e. when conv_a starts (1 us + the DPU's dispatch and cold
 * start), so load_b, and conv_b after it, start that much later. */
static const char two_barriers[] =
  "format: vpusim-schedule\n"
  "version: 1\n"
  "device: npu27\n"
  "queues:\n"
  "  - {id: dma.p0, engine: DMA, port: 0}\n"
  "  - {id: dma.p1, engine: DMA, port: 1}\n"
  "  - {id: dpu.t0, engine: DPU, tile: 0}\n"
  "barriers:\n"
  "  - {id: a}\n"
  "  - {id: b}\n"
  "tasks:\n"
  "  - {id: load_a, queue: dma.p0, kind: DMA, updates: [a], cost: {ns: 1000}}\n"
  "  - {id: load_b, queue: dma.p1, kind: DMA, updates: [b], cost: {ns: 9000}}\n"
  "  - {id: conv_a, queue: dpu.t0, kind: DPU, waits: [a], cost: {ns: 5000}}\n"
  "  - {id: conv_b, queue: dpu.t0, kind: DPU, waits: [b], cost: {ns: 5000}}\n";

/* The realistic mode's start-up and hand-over latencies of the SHAVE
 * runtime and the DMA engines (calibrated on the measured runs). */
static void
test_realistic_latencies (void)
{
  g_autofree char *demo = vs_test_scenario ("npu27_conv_block.yaml");
  /* The 1x1 convolutions wait for the Sigmoid kernels: their barrier
   * reaches them the SHAVE runtime's completion later. */
  check_knob (demo, "completion_shave_ns", "272", "5000", +1);
  /* dma.p1's first load waits for nothing but the second DMA engine's
   * start. */
  check_knob (demo, "dma_queue_start_ns", "3780", "20000", +1);
  /* Each SHAVE's first Sigmoid fetches its code (Sigmoid is not in the
   * preset's table: the default). */
  check_knob (demo, "shave_kernel_load_ns", "2473", "0", -1);
  /* The table by kernel wins over the default; a kernel it does not list
   * takes the default. */
  gint64 base = run_latency (demo, NULL);
  g_assert_cmpint (run_latency (demo, "shave_kernel_loads=Sigmoid=20000"), >, base);
  g_assert_cmpint (run_latency (demo, "shave_kernel_loads=MVN=20000"), ==,
                   run_latency (demo, "shave_kernel_loads="));
  g_assert_cmpint (run_latency (demo, "shave_kernel_loads=Sigmoid=2473"), ==, base);
}

static void
test_physical_barriers (void)
{
  g_autofree char *path = g_build_filename (vs_test_tmpdir (), "two_barriers.yaml", NULL);
  g_assert_true (g_file_set_contents (path, two_barriers, -1, NULL));
  check_knob (path, "physical_barriers", "64", "1", +1);
  /* 0 (unlimited) and 2 ids are as many as the schedule needs. */
  g_assert_cmpint (run_latency (path, "physical_barriers=0"), ==, run_latency (path, NULL));
  g_assert_cmpint (run_latency (path, "physical_barriers=2"), ==, run_latency (path, NULL));
}

static void
test_what_if_starts_there (void)
{
  g_autofree char *demo = vs_test_scenario ("npu27_conv_block.yaml");
  gint64 moved = run_latency (demo, "cmx_clock_mhz=1");
  const char *args[] = { "run", demo, "--cost", "analytical", "--set", "cmx_clock_mhz=1",
                         "--what-if", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
  g_autofree char *base = g_strdup_printf ("(base latency %.3f us;", moved / 1e6);
  g_assert_nonnull (strstr (out, base));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/device-knobs/ddr-latency", test_ddr_latency);
  g_test_add_func ("/device-knobs/cmx-clock", test_cmx_clock);
  g_test_add_func ("/device-knobs/fp16-macs", test_fp16_macs);
  g_test_add_func ("/device-knobs/int8-macs", test_int8_macs);
  g_test_add_func ("/device-knobs/physical-barriers", test_physical_barriers);
  g_test_add_func ("/device-knobs/realistic-latencies", test_realistic_latencies);
  g_test_add_func ("/device-knobs/what-if-starts-there", test_what_if_starts_there);
  return g_test_run ();
}
