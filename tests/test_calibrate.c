/* test_calibrate.c — the scheduling-parameter fit recovers known latencies
 * from a run measured on a "device" whose latencies the test chose, and
 * behaves on the real measured runs. */
#include <math.h>
#include <string.h>

#include "sim/calibrate.h"
#include "sim/output_file.h"
#include "tests/test_support.h"

/* Replay the conv-block scenario with the given latencies and write what a
 * profiler would have recorded (2025-26 flavour) to `profile_path`. */
static void
write_synthetic_profile (const char *schedule, const char *const *truth, const char *profile_path)
{
  VsRunConfig config = { .cost = "analytical", .sets = truth, .mode = VS_REPLAY_REALISTIC };
  VsRun run;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_run_prepare (&run, schedule, &config, &error));
  g_assert_no_error (error);
  g_assert_true (vs_run_replay (&run, &config, &error));
  const VsSchedule *s = run.schedule;
  g_autoptr(GString) json = g_string_new ("{\"traceEvents\":[\n");
  for (gint32 t = 0; t < s->device.tiles; t++)
    g_string_append_printf (json, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,"
                            "\"args\":{\"name\":\"Cluster (%d)\"}},\n", t + 1, t);
  g_string_append (json, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":0,\"args\":{\"name\":\"DMA\"}}");
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *task = vs_schedule_task (s, i);
    const VsQueue *q = vs_schedule_queue (s, task->queue);
    if (task->kind == VS_TASK_SYNC || task->name == NULL)
      continue;
    const char *cat = q->engine == VS_ENGINE_DMA ? "DMA" : q->engine == VS_ENGINE_DPU ? "DPU" : "Shave";
    g_string_append_printf (json, ",\n{\"name\":\"%s\",\"cat\":\"%s\",\"ph\":\"X\",\"ts\":", task->name, cat);
    vs_output_append_fixed (json, run.timeline->task_start[i], 6, 6);
    g_string_append (json, ",\"dur\":");
    vs_output_append_fixed (json, run.timeline->task_end[i] - run.timeline->task_start[i], 6, 6);
    g_string_append_printf (json, ",\"pid\":%d,\"tid\":%u}", q->engine == VS_ENGINE_DMA ? 0 : q->tile + 1, i);
  }
  g_string_append (json, "\n]}\n");
  g_assert_true (vs_output_file_write (profile_path, json, &error));
  g_assert_no_error (error);
  vs_run_clear (&run);
}

static void
test_recovers_known_latencies (void)
{
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *profile = g_build_filename (vs_test_tmpdir (), "synthetic_profile.json", NULL);
  const char *truth[] = { "dispatch_dpu_ns=700", "dispatch_shave_ns=300", "cold_start_shave_ns=5000",
                          "dispatch_dma_ns=0", "cold_start_dma_ns=0", "cold_start_dpu_ns=0", NULL };
  write_synthetic_profile (schedule, truth, profile);

  /* Fit from zero with the same cost model: only the latencies differ. */
  const char *zero[] = { "dispatch_dpu_ns=0", "dispatch_shave_ns=0", "cold_start_shave_ns=0",
                         "dispatch_dma_ns=0", "cold_start_dma_ns=0", "cold_start_dpu_ns=0", NULL };
  VsRunConfig config = { .cost = "analytical", .sets = zero, .mode = VS_REPLAY_REALISTIC };
  g_autofree char *spec = g_strdup_printf ("%s:%s", schedule, profile);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsCalibrationRun) run = vs_calibration_run_load (spec, &config, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->join->joined_tasks, ==, run->join->measured_tasks);
  g_assert_cmpfloat (fabs (run->duration_ratio - 1.0), <, 1e-3);

  VsDevice device = run->run.schedule->device;
  {
    /* The truth is the global minimum: the objective is exactly 0 there. */
    VsDevice t = device;
    t.dispatch_dpu_ns = 700;
    t.dispatch_shave_ns = 300;
    t.cold_start_shave_ns = 5000;
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
  g_assert_true (vs_calibration_predict (run, &device, VS_REPLAY_REALISTIC, FALSE, &span, &error));
  g_assert_cmpfloat (fabs (vs_measured_error_pct (span.predicted_ps, span.measured_ps)), <, 0.1);
  /* With the starting (zero) latencies the prediction is short. */
  g_assert_true (vs_calibration_predict (run, NULL, VS_REPLAY_REALISTIC, FALSE, &span, &error));
  g_assert_cmpfloat (vs_measured_error_pct (span.predicted_ps, span.measured_ps), <, -5);
}

static void
test_bad_runs (void)
{
  VsRunConfig config = { .cost = "analytical" };
  g_autoptr(GError) e1 = NULL;
  g_assert_null (vs_calibration_run_load (vs_test_tmpdir (), &config, &e1));
  g_assert_error (e1, VS_CALIBRATE_ERROR, VS_CALIBRATE_ERROR_RUN);
  g_assert_nonnull (strstr (e1->message, "profiling.json"));
  g_autoptr(GError) e2 = NULL;
  g_assert_null (vs_calibration_run_load ("no-colon-and-no-folder", &config, &e2));
  g_assert_error (e2, VS_CALIBRATE_ERROR, VS_CALIBRATE_ERROR_RUN);
}

/* The real NPU 2.7 run: the fit lowers the objective and the calibrated
 * device file loads back with the fitted values. */
static void
test_real_run (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  g_autofree char *schedule = vs_test_npu_runs_file ("npu37xx_2tile_agegender_2024-08/schedule_vpurt.mlir");
  if (models == NULL || schedule == NULL)
    return;
  g_autofree char *dir = g_path_get_dirname (schedule);
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/calibrate/recovers-known-latencies", test_recovers_known_latencies);
  g_test_add_func ("/calibrate/bad-runs", test_bad_runs);
  g_test_add_func ("/calibrate/real-run", test_real_run);
  return g_test_run ();
}
