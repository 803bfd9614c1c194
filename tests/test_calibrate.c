/* SPDX-License-Identifier: Apache-2.0 */
/* test_calibrate.c — the scheduling-parameter fit recovers known latencies
 * from a run measured on a "device" whose latencies the test chose, and
 * behaves on the real measured runs. */
#include <math.h>
#include <string.h>

#include "sim/analysis/calibrate.h"
#include "sim/base/output_file.h"
#include "tests/test_support.h"

static void
test_recovers_known_latencies (void)
{
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *profile = g_build_filename (vs_test_tmpdir (), "synthetic_profile.json", NULL);
  const char *truth[] = { "dispatch_dpu_ns=700", "dispatch_shave_ns=300", "cold_start_shave_ns=5000",
                          "dispatch_dma_ns=0", "cold_start_dma_ns=0", "cold_start_dpu_ns=0",
                          "completion_shave_ns=0", "dma_queue_start_ns=0", NULL };
  vs_test_write_profile (schedule, "analytical", truth, profile);

  /* Fit from zero with the same cost model: only the latencies differ. */
  const char *zero[] = { "dispatch_dpu_ns=0", "dispatch_shave_ns=0", "cold_start_shave_ns=0",
                         "dispatch_dma_ns=0", "cold_start_dma_ns=0", "cold_start_dpu_ns=0",
                         "completion_shave_ns=0", "dma_queue_start_ns=0", NULL };
  VsRunConfig config = { .cost = "analytical", .sets = zero, .mode = VS_REPLAY_REALISTIC };
  g_autofree char *spec = g_strdup_printf ("%s:%s", schedule, profile);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsMeasuredRun) run = vs_measured_run_load (spec, &config, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->join->joined_tasks, ==, run->join->measured_tasks);
  g_assert_cmpfloat (fabs (run->measured.ratio - 1.0), <, 1e-3);

  VsDevice device = run->run.schedule->device;
  {
    /* The truth is the global minimum: the objective is exactly 0 there. */
    VsDevice t = device;
    t.dispatch_dpu_ns = 700;
    t.dispatch_shave_ns = 300;
    t.cold_start_shave_ns = 5000;
    t.completion_shave_ns = 0;
    VsCalibration at_truth;
    g_assert_true (vs_calibrate (&run, 1, &t, &at_truth, &error));
    g_assert_cmpfloat (at_truth.objective_start, ==, 0);
  }
  VsCalibration c;
  g_assert_true (vs_calibrate (&run, 1, &device, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (c.objective, <, c.objective_start);
  g_assert_cmpfloat (c.objective, <, 1e-6);
  g_assert_cmpfloat (fabs (device.dispatch_dpu_ns - 700), <=, 5);
  g_assert_cmpfloat (fabs (device.dispatch_shave_ns + device.cold_start_shave_ns - 5300), <=, 10);

  VsMeasuredSpan span;
  g_assert_true (vs_measured_run_predict (run, &device, VS_REPLAY_REALISTIC, FALSE, &span, &error));
  g_assert_cmpfloat (fabs (vs_measured_error_pct (span.predicted_ps, span.measured_ps)), <, 0.1);
  /* With the starting (zero) latencies the prediction is short. */
  g_assert_true (vs_measured_run_predict (run, NULL, VS_REPLAY_REALISTIC, FALSE, &span, &error));
  g_assert_cmpfloat (vs_measured_error_pct (span.predicted_ps, span.measured_ps), <, -5);
}

static void
test_bad_runs (void)
{
  VsRunConfig config = { .cost = "analytical" };
  g_autoptr(GError) e1 = NULL;
  g_assert_null (vs_measured_run_load (vs_test_tmpdir (), &config, &e1));
  g_assert_error (e1, VS_CALIBRATE_ERROR, VS_CALIBRATE_ERROR_RUN);
  g_assert_nonnull (strstr (e1->message, "profiling.json"));
  g_autoptr(GError) e2 = NULL;
  g_assert_null (vs_measured_run_load ("no-colon-and-no-folder", &config, &e2));
  g_assert_error (e2, VS_CALIBRATE_ERROR, VS_CALIBRATE_ERROR_RUN);
}

/* The real NPU 2.7 run: the fit lowers the objective and the calibrated
 * device file loads back with the fitted values. */
static void
test_real_run (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  g_autofree char *dir = vs_test_npu_runs_file ("npu37xx_2tile_agegender_2024-08");
  if (models == NULL || dir == NULL)
    return;
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "calibrated.yaml", NULL);
  const char *args[] = { "calibrate", "--models", models, "-o", out, dir, NULL };
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &stdout_text, &stderr_text), ==, 0);
  g_assert_nonnull (strstr (stdout_text, "calibrated NPU27 on 1 run"));
  VsDevice d;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_device_load (&d, out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.arch, ==, VS_ARCH_NPU27);
  g_assert_cmpint (d.tiles, ==, 2);

  /* Mixed architectures are refused. */
  g_autofree char *other = vs_test_npu_runs_file ("npu40xx_1tile_singleconv_2026-05/schedule_vpurt.mlir");
  g_autofree char *other_dir = g_path_get_dirname (other);
  const char *mixed[] = { "calibrate", "--models", models, dir, other_dir, NULL };
  g_autofree char *o2 = NULL, *e2 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (mixed, &o2, &e2), ==, 1);
  g_assert_nonnull (strstr (e2, "one architecture at a time"));
}

/* What the measured runs show of the SHAVE runtime and the DMA engines
 * comes out of the fit: on the three tiled-MVN compiles, a kernel's first
 * run on a SHAVE is slower than its later ones by its code fetch (MVN's
 * first run 11 us against 3 us: about 7 us; Convert's about 2 us), and the
 * second DMA port starts 2.9-4.2 us into the run; on VPU 2.0, the DDR
 * bandwidth its copies reach. */
static void
test_runtime_latencies (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  static const char *const names[] = { "npu37xx_2tile_mvn_2023-08", "npu37xx_2tile_mvn_2024-03",
                                       "npu37xx_2tile_mvn_2024-06" };
  VsMeasuredRun *runs[G_N_ELEMENTS (names)];
  if (!vs_test_load_measured_runs (names, G_N_ELEMENTS (names), models, runs))
    return;
  VsDevice d = runs[0]->run.schedule->device;
  vs_calibration_clear (&d);
  VsCalibration c;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_calibrate (runs, G_N_ELEMENTS (names), &d, &c, &error));
  g_assert_no_error (error);
  g_assert_true (c.identifiable[VS_CALIBRATION_LOAD]);
  const VsKernelLoad *mvn = vs_kernel_loads_find (&d.shave_kernel_loads, "MVN");
  const VsKernelLoad *convert = vs_kernel_loads_find (&d.shave_kernel_loads, "Convert");
  g_assert_nonnull (mvn);
  g_assert_nonnull (convert);
  g_test_message ("MVN %.0f ns, Convert %.0f ns, default %.0f ns, DMA queue start %.0f ns",
                  mvn->ns, convert->ns, d.shave_kernel_load_ns, d.dma_queue_start_ns);
  g_assert_cmpfloat (mvn->ns, >, 5000);
  g_assert_cmpfloat (mvn->ns, <, 9000);
  g_assert_cmpfloat (convert->ns, >, 1000);
  g_assert_cmpfloat (convert->ns, <, 3500);
  g_assert_true (c.identifiable[VS_CALIBRATION_QUEUE_START]);
  g_assert_cmpfloat (d.dma_queue_start_ns, >, 2500);
  g_assert_cmpfloat (d.dma_queue_start_ns, <, 5000);
  /* NPU 2.7's DMAs are costed by a network trained on them: the DDR
   * bandwidth is the device's. */
  g_assert_false (c.identifiable[VS_CALIBRATION_DDR]);
  g_assert_cmpfloat (d.ddr_bandwidth_gbps, ==, runs[0]->run.schedule->device.ddr_bandwidth_gbps);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    vs_measured_run_free (runs[i]);

  /* VPU 2.0's are costed by NPU 2.7's network, and its large DDR copies
   * take 1.3-2.5 times as long as that says: the fit lowers the bandwidth
   * (VPUNN's 20 GB/s) to what they reach. */
  g_autofree char *kmb = vs_test_npu_runs_file ("vpux30xx_agegender_2022-01");
  if (kmb == NULL)
    return;
  VsRunConfig config = { .models_dir = models, .mode = VS_REPLAY_REALISTIC };
  g_autoptr(VsMeasuredRun) r = vs_measured_run_load (kmb, &config, &error);
  g_assert_no_error (error);
  VsDevice k = r->run.schedule->device;
  g_assert_true (vs_calibrate (&r, 1, &k, &c, &error));
  g_assert_true (c.identifiable[VS_CALIBRATION_DDR]);
  g_test_message ("VPU 2.0 DDR bandwidth %.3f GB/s", k.ddr_bandwidth_gbps);
  g_assert_cmpfloat (k.ddr_bandwidth_gbps, >, 5);
  g_assert_cmpfloat (k.ddr_bandwidth_gbps, <, 18);
}

/* What a profile says of how it was measured enters the prediction: the
 * PLL the raw-counter report records (PLL 32: DPU 1066.7 MHz, the
 * SHAVE and CMX clocks with it) unless the user sets a clock, and the 2022
 * text report's time zero at its first DMA (the UPA kernels before it are
 * outside its latency). */
static void
test_measurement_conditions (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  g_autofree char *pll32 = vs_test_npu_runs_file ("npu37xx_2tile_agegender_pll32_2023-08");
  g_autofree char *kmb = vs_test_npu_runs_file ("vpux30xx_agegender_2022-01");
  if (models == NULL || pll32 == NULL || kmb == NULL)
    return;
  VsRunConfig config = { .models_dir = models, .mode = VS_REPLAY_REALISTIC };
  g_autoptr (GError) error = NULL;
  g_autoptr (VsMeasuredRun) r = vs_measured_run_load (pll32, &config, &error);
  g_assert_no_error (error);
  const VsDevice *d = &r->run.schedule->device;
  g_assert_cmpfloat_with_epsilon (d->dpu_clock_mhz, 1066.6667, 1e-3);
  g_assert_cmpfloat_with_epsilon (d->shave_clock_mhz, 800.0, 1e-3);
  gboolean said = FALSE;
  for (guint i = 0; i < r->run.notes->len; i++)
    said = said || strstr (g_ptr_array_index (r->run.notes, i), "replayed at the recorded clocks");
  g_assert_true (said);
  const char *sets[] = { "dpu_clock_mhz=1300", NULL };
  VsRunConfig told = config;
  told.sets = sets;
  g_autoptr (VsMeasuredRun) r2 = vs_measured_run_load (pll32, &told, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (r2->run.schedule->device.dpu_clock_mhz, ==, 1300.0);
  g_assert_cmpfloat (r2->run.schedule->device.shave_clock_mhz, ==, 975.0);

  g_autoptr (VsMeasuredRun) k = vs_measured_run_load (kmb, &config, &error);
  g_assert_no_error (error);
  g_assert_true (k->profile->origin_first_dma);
  VsMeasuredSpan span;
  g_assert_true (vs_measured_run_predict (k, NULL, VS_REPLAY_REALISTIC, TRUE, &span, &error));
  g_assert_no_error (error);
  /* the two UPA kernels (197 us measured) come first: the span starts after them */
  g_assert_cmpint (span.first_start_ps, >, 190 * G_GINT64_CONSTANT (1000000));
  g_test_message ("2022 span: predicted %.1f us, measured %.1f us", span.predicted_ps / 1e6,
                  span.measured_ps / 1e6);
  g_assert_cmpfloat (fabs (vs_measured_error_pct (span.predicted_ps, span.measured_ps)), <, 10.0);
}

/* `vpusim calibrate --leave-one-out [--markdown] RUN...` on the named runs
 * of ../shared/npu-runs: its standard output, or NULL (the test skips)
 * when the models or a run are missing. */
static char *
leave_one_out_output (const char *const *names, guint n, gboolean markdown)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (args, g_strdup ("calibrate"));
  g_ptr_array_add (args, g_strdup ("--leave-one-out"));
  if (markdown)
    g_ptr_array_add (args, g_strdup ("--markdown"));
  g_ptr_array_add (args, g_strdup ("--models"));
  g_ptr_array_add (args, g_strdup (models));
  for (guint i = 0; i < n; i++) {
    char *dir = vs_test_npu_runs_file (names[i]);
    if (dir == NULL)
      return NULL;
    g_ptr_array_add (args, dir);
  }
  g_ptr_array_add (args, NULL);
  char *out = NULL;
  g_autofree char *err = NULL;
  g_assert_cmpint (vs_test_run_vpusim ((const char *const *) args->pdata, &out, &err), ==, 0);
  return out;
}

/* The line starting with `label` in the text report's block of run `name`. */
static char *
row_line (const char *out, const char *name, const char *label)
{
  g_autofree char *head = g_strdup_printf ("%s (", name);
  const char *row = strstr (out, head);
  g_assert_nonnull (row);
  const char *at = strstr (row, label);
  g_assert_nonnull (at);
  char *line = g_strndup (at, strcspn (at, "\n"));
  g_test_message ("%s", line);
  return line;
}

/* One measurement decoded into two folders (the 2024-08 and 2026-05
 * age-gender runs) trains another run once, not twice. */
static void
test_leave_one_out_one_vote (void)
{
  static const char *const names[] = { "npu37xx_2tile_agegender_2024-08",
                                       "npu37xx_2tile_agegender_2026-05",
                                       "npu37xx_2tile_mvn_2024-06" };
  g_autofree char *out = leave_one_out_output (names, G_N_ELEMENTS (names), FALSE);
  if (out == NULL)
    return;
  g_autofree char *line = row_line (out, "npu37xx_2tile_mvn_2024-06", "fitted on");
  g_assert_nonnull (strstr (line, "npu37xx_2tile_agegender_2024-08"));
  g_assert_null (strstr (line, "npu37xx_2tile_agegender_2026-05"));
}

/* The NPU 4.0 single convolution left out, its generation's other runs
 * (6-tile profiles: no DMA timed, the span starts at the first DPU task)
 * cannot identify the DPU cold start; it is borrowed from the NPU 2.7 fit,
 * and the report says so. */
static void
test_leave_one_out_borrows (void)
{
  static const char *const names[] = { "npu40xx_1tile_singleconv_2026-05",
                                       "npu40xx_6tile_agegender_2024-08",
                                       "npu40xx_6tile_agegender_2025-09",
                                       "npu37xx_2tile_agegender_2024-08" };
  g_autofree char *out = leave_one_out_output (names, G_N_ELEMENTS (names), FALSE);
  if (out == NULL)
    return;
  g_autofree char *fitted = row_line (out, names[0], "fitted on");
  g_autofree char *params = row_line (out, names[0], "parameters");
  g_assert_nonnull (strstr (fitted, "from the other architectures: "));
  g_assert_nonnull (strstr (fitted, "cold_start_dpu_ns"));
  g_assert_nonnull (strstr (params, "cold_start_dpu_ns="));   /* its value: test_leave_one_out */
}

/* Every run of ../shared/npu-runs with a profile (JSON, text or raw
 * counters) enters the leave-one-out table, each with its join rate. */
static void
test_leave_one_out_every_run (void)
{
  static const char *const runs[] = {
    "npu37xx_1tile_add_swish_lowpll_2023-02", "npu37xx_2tile_agegender_2024-03",
    "npu37xx_2tile_agegender_2024-08", "npu37xx_2tile_agegender_2026-05",
    "npu37xx_2tile_agegender_pll32_2023-08", "npu37xx_2tile_mvn_2023-08",
    "npu37xx_2tile_mvn_2024-03", "npu37xx_2tile_mvn_2024-06", "npu40xx_1tile_singleconv_2026-05",
    "npu40xx_6tile_agegender_2024-08", "npu40xx_6tile_agegender_2025-09",
    "vpux30xx_4tile_agegender_2024-06", "vpux30xx_agegender_2022-01",
  };
  g_autofree char *out = leave_one_out_output (runs, G_N_ELEMENTS (runs), TRUE);
  if (out == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++) {
    g_autofree char *row = g_strdup_printf ("| %s | ", runs[i]);
    const char *at = strstr (out, row);
    g_assert_nonnull (at);
    const char *end = strchr (at, '\n');
    g_autofree char *line = g_strndup (at, (gsize) (end - at));
    g_test_message ("%s", line);
    g_assert_nonnull (strstr (line, " | 100.0 % | "));   /* every measured task joined */
  }
  g_assert_nonnull (strstr (out, "of 13 runs within 15%"));
  g_assert_nonnull (strstr (out, "median |error|"));
}

/* Runs on different devices: the device written is the first run's apart
 * from the fitted latencies, and the report and the file say so. */
static void
test_mixed_runs_said (void)
{
  g_autofree char *one = vs_test_npu_runs_file ("npu40xx_1tile_singleconv_2026-05");
  g_autofree char *six = vs_test_npu_runs_file ("npu40xx_6tile_agegender_2025-09");
  if (one == NULL || six == NULL)
    return;
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "mixed.yaml", NULL);
  const char *args[] = { "calibrate", one, six, "--cost", "analytical", "-o", out, NULL };
  g_autofree char *o = NULL, *e = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &o, &e), ==, 0);
  const char *note = "the device written takes its tiles, DMA ports and clocks from the first run, "
                     "npu40xx_1tile_singleconv_2026-05 (tiles=1, dma_ports=1, dpu_clock_mhz=1850); the "
                     "runs differ: npu40xx_6tile_agegender_2025-09: tiles=6, dma_ports=2, "
                     "dpu_clock_mhz=1700";
  g_assert_nonnull (strstr (o, note));
  g_autofree char *yaml = NULL;
  g_assert_true (g_file_get_contents (out, &yaml, NULL, NULL));
  g_assert_nonnull (strstr (yaml, note));
  /* runs of one device: no note */
  const char *same[] = { "calibrate", six, "--cost", "analytical", "-o", out, NULL };
  g_autofree char *o2 = NULL, *e2 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (same, &o2, &e2), ==, 0);
  g_assert_null (strstr (o2, "the device written takes"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/calibrate/recovers-known-latencies", test_recovers_known_latencies);
  g_test_add_func ("/calibrate/bad-runs", test_bad_runs);
  g_test_add_func ("/calibrate/real-run", test_real_run);
  g_test_add_func ("/calibrate/runtime-latencies", test_runtime_latencies);
  g_test_add_func ("/calibrate/measurement-conditions", test_measurement_conditions);
  g_test_add_func ("/calibrate/leave-one-out-one-vote", test_leave_one_out_one_vote);
  g_test_add_func ("/calibrate/leave-one-out-borrows", test_leave_one_out_borrows);
  g_test_add_func ("/calibrate/leave-one-out-every-run", test_leave_one_out_every_run);
  g_test_add_func ("/calibrate/mixed-runs-said", test_mixed_runs_said);
  return g_test_run ();
}
