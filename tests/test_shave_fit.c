/* SPDX-License-Identifier: Apache-2.0 */
/* test_shave_fit.c — the SHAVE fallback model: the fit recovers a known
 * line, the device keys are live and validated, `vpusim calibrate` fits
 * them, and on the real runs of ../shared/npu-runs the classic table is
 * closer to the measured SHAVE kernels than the fitted models (the default
 * for replays) and the fallback beats the generic rule leave-one-run-out. */
#include "sim/analysis/shave_fit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tests/test_support.h"

static VsShaveSample
sample (guint run, double bytes, double measured_ns)
{
  return (VsShaveSample) { .run = run, .kernel = "Convert", .measured_ns = measured_ns,
                           .bytes = bytes, .table_ns = NAN, .fitted_ns = NAN, .generic_ns = NAN,
                           .typical = TRUE };
}

/* Points on t = 2000 ns + 0.5 ns/byte come back as that line; kernels a
 * model knows and runs at other clocks do not count; the launch is never
 * negative. */
static void
test_fit_recovers_line (void)
{
  g_autoptr(GArray) s = g_array_new (FALSE, FALSE, sizeof (VsShaveSample));
  static const double bytes[] = { 1000, 4000, 16000, 64000 };
  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++) {
    VsShaveSample x = sample (i % 2, bytes[i], 2000 + 0.5 * bytes[i]);
    g_array_append_val (s, x);
  }
  VsShaveSample known = sample (0, 1000, 99999);
  known.table_ns = 1;
  VsShaveSample throttled = sample (1, 1000, 99999);
  throttled.typical = FALSE;
  g_array_append_val (s, known);
  g_array_append_val (s, throttled);
  double a, b;
  g_assert_true (vs_shave_fallback_fit (s, NULL, &a, &b));
  g_assert_cmpfloat_with_epsilon (a, 2000, 1e-6);
  g_assert_cmpfloat_with_epsilon (b, 0.5, 1e-9);
  /* Only run 1's points: still the line. */
  gboolean use[2] = { FALSE, TRUE };
  g_assert_true (vs_shave_fallback_fit (s, use, &a, &b));
  g_assert_cmpfloat_with_epsilon (a, 2000, 1e-6);
  /* As device keys at 1000 MHz: 2000 cycles, 2 bytes per cycle. */
  VsDevice d = { .shave_clock_mhz = 1000 };
  vs_shave_fallback_to_device (a, b, &d);
  g_assert_cmpfloat (d.shave_fallback_launch_cycles, ==, 2000);
  g_assert_cmpfloat (d.shave_fallback_bytes_per_cycle, ==, 2);

  /* Falling times: no negative launch, no negative slope. */
  g_array_set_size (s, 0);
  VsShaveSample p1 = sample (0, 1000, 5000), p2 = sample (0, 9000, 1000);
  g_array_append_val (s, p1);
  g_array_append_val (s, p2);
  g_assert_true (vs_shave_fallback_fit (s, NULL, &a, &b));
  g_assert_cmpfloat (a, >=, 0);
  g_assert_cmpfloat (b, >=, 0);
  /* Nothing to fit. */
  g_array_set_size (s, 0);
  g_assert_false (vs_shave_fallback_fit (s, NULL, &a, &b));
}

static double
latency_us (const char *const *args)
{
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
  const char *at = strstr (out, "latency: ");
  g_assert_nonnull (at);
  return g_ascii_strtod (at + strlen ("latency: "), NULL);
}

/* The two device keys move a replay with a kernel no model knows; out of
 * range values are refused. */
static void
test_device_keys_live (void)
{
  g_autofree char *schedule = vs_test_npu_runs_file ("npu40xx_6tile_agegender_2024-08/schedule_vpurt.mlir");
  if (schedule == NULL)
    return;
  const char *base[] = { "run", schedule, "--cost", "analytical", NULL };
  const char *slow[] = { "run", schedule, "--cost", "analytical", "--set",
                         "shave_fallback_bytes_per_cycle=0.5", NULL };
  const char *late[] = { "run", schedule, "--cost", "analytical", "--set",
                         "shave_fallback_launch_cycles=60000", NULL };
  double b = latency_us (base), s = latency_us (slow), l = latency_us (late);
  g_test_message ("latency %.3f us; at 0.5 B/cycle %.3f us; with a 60000-cycle launch %.3f us", b, s, l);
  g_assert_cmpfloat (s, >, b);
  g_assert_cmpfloat (l, >, b);
  g_autofree char *out = NULL, *err = NULL;
  const char *bad[] = { "run", schedule, "--set", "shave_fallback_bytes_per_cycle=-1", NULL };
  g_assert_cmpint (vs_test_run_vpusim (bad, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, "shave_fallback_bytes_per_cycle"));
}

/* The claims of the README's SHAVE section, on the real runs. */
static void
test_real_runs (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  g_autofree char *readme = vs_test_npu_runs_file ("README.md");
  if (models == NULL || readme == NULL)
    return;
  g_autofree char *root = g_path_get_dirname (readme);
  static const char *const names[] = {
    "npu37xx_2tile_agegender_2024-03", "npu37xx_2tile_agegender_2024-08",
    "npu37xx_2tile_agegender_2026-05", "npu37xx_2tile_mvn_2024-03", "npu37xx_2tile_mvn_2024-06",
    "npu40xx_1tile_singleconv_2026-05", "npu40xx_6tile_agegender_2024-08",
    "npu40xx_6tile_agegender_2025-09",
  };
  VsRunConfig config = { .models_dir = models, .mode = VS_REPLAY_REALISTIC };
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_measured_run_free);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autofree char *dir = g_build_filename (root, names[i], NULL);
    g_autoptr(GError) error = NULL;
    VsMeasuredRun *r = vs_measured_run_load (dir, &config, &error);
    g_assert_no_error (error);
    g_ptr_array_add (runs, r);
  }
  g_autoptr(GArray) samples = vs_shave_samples ((VsMeasuredRun *const *) runs->pdata, runs->len);
  double table = 0, fitted = 0;
  guint both = 0, fallback = 0;
  for (guint i = 0; i < samples->len; i++) {
    const VsShaveSample *x = &g_array_index (samples, VsShaveSample, i);
    if (!isnan (x->table_ns) && !isnan (x->fitted_ns)) {
      table += fabs (x->table_ns - x->measured_ns) / x->measured_ns;
      fitted += fabs (x->fitted_ns - x->measured_ns) / x->measured_ns;
      both++;
    }
    fallback += isnan (x->table_ns) && isnan (x->fitted_ns);
  }
  g_test_message ("%u SHAVE tasks both models know: table MAPE %.1f %%, fitted %.1f %%; %u "
                  "fallback tasks", both, 100 * table / both, 100 * fitted / both, fallback);
  g_assert_cmpuint (both, >=, 40);
  g_assert_cmpfloat (table, <, fitted);
  g_assert_cmpuint (fallback, >=, 50);

  g_autoptr(GString) report = vs_shave_report ((VsMeasuredRun *const *) runs->pdata, runs->len,
                                               samples, FALSE);
  g_test_message ("%s", report->str);
  /* The fallback, leave-one-run-out, against the generic rule on the same
   * tasks: a lower median error. */
  const char *f = strstr (report->str, "fallback, leave-one-run-out");
  const char *g = strstr (report->str, "generic rule, same tasks");
  g_assert_nonnull (f);
  g_assert_nonnull (g);
  guint nf, ng;
  double mf, medf, mg, medg;
  g_assert_cmpint (sscanf (f + strlen ("fallback, leave-one-run-out"), "%u %lf %lf", &nf, &mf, &medf), ==, 3);
  g_assert_cmpint (sscanf (g + strlen ("generic rule, same tasks"), "%u %lf %lf", &ng, &mg, &medg), ==, 3);
  g_assert_cmpuint (nf, ==, ng);
  g_assert_cmpfloat (medf, <, medg);

  /* calibrate fits the fallback into the device it writes. */
  VsDevice d = ((VsMeasuredRun *) runs->pdata[6])->run.schedule->device;
  d.shave_fallback_launch_cycles = d.shave_fallback_bytes_per_cycle = 0;
  VsCalibration c;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_calibrate ((VsMeasuredRun *const *) runs->pdata + 5, 3, &d, &c, &error));
  g_assert_cmpfloat (d.shave_fallback_bytes_per_cycle, >, 0);
  g_assert_cmpfloat (d.shave_fallback_launch_cycles, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/shave-fit/fit-recovers-line", test_fit_recovers_line);
  g_test_add_func ("/shave-fit/device-keys-live", test_device_keys_live);
  g_test_add_func ("/shave-fit/real-runs", test_real_runs);
  return g_test_run ();
}
