/* SPDX-License-Identifier: Apache-2.0 */
/* test_leave_one_out.c — the accuracy table as a library: its summary's
 * arithmetic on hand-made rows, and the predictions on real runs. */
#include <math.h>
#include <string.h>

#include "sim/analysis/leave_one_out.h"
#include "tests/test_support.h"

/* A measured run with just what the summary reads. */
static VsMeasuredRun *
fake_run (double measured_us, double ratio, gboolean at_recorded_pll, double estimate_us)
{
  VsMeasuredRun *r = g_new0 (VsMeasuredRun, 1);
  r->profile = g_new0 (VsProfile, 1);
  r->profile->latency_ps = (gint64) llround (measured_us * 1e6);
  r->measured.ratio = ratio;
  r->compiler_estimate_ps = estimate_us < 0 ? -1 : (gint64) llround (estimate_us * 1e6);
  if (at_recorded_pll)
    r->clock_sets = g_strsplit ("dpu_clock_mhz=1066.67", ",", -1);
  return r;
}

static void
fake_run_free (VsMeasuredRun *r)
{
  g_free (r->profile);
  g_strfreev (r->clock_sets);
  g_free (r);
}

/* Errors +5, -20, +12 (nominal), +30 (at a recorded PLL), -50 (4x the
 * model: atypical) and a failed replay: two within 15 %, the nominal median
 * of 5, 12, 20 and the typical one of 5, 12, 20, 30; the estimate is beaten
 * on the first run, not the second, and the failed replay scores nothing. */
static void
test_summary (void)
{
  VsMeasuredRun *runs[6] = {
    fake_run (100, 1.0, FALSE, 90),   /* +5 %, estimate -10 %: closer */
    fake_run (100, 1.1, FALSE, 85),   /* -20 %, estimate -15 %: not closer */
    fake_run (50, 0.9, FALSE, -1),    /* +12 % */
    fake_run (200, 1.3, TRUE, -1),    /* +30 %, at the PLL its profile records */
    fake_run (100, 4.0, FALSE, -1),   /* -50 %, atypical */
    fake_run (100, 1.0, FALSE, 100),  /* replay failed */
  };
  VsLooRow rows[6];
  memset (rows, 0, sizeof rows);
  const double predicted_us[6] = { 105, 80, 56, 260, 50, 0 };
  for (int i = 0; i < 5; i++)
    rows[i].realistic = (VsLooPrediction) { (gint64) llround (predicted_us[i] * 1e6), TRUE };
  VsLooSummary s;
  vs_loo_summarise (runs, rows, 6, &s);
  g_assert_cmpuint (s.runs, ==, 6);
  g_assert_cmpuint (s.within_15, ==, 2);
  g_assert_cmpuint (s.with_estimate, ==, 2);
  g_assert_cmpuint (s.closer_than_estimate, ==, 1);
  g_assert_cmpuint (s.nominal, ==, 3);
  g_assert_cmpuint (s.typical, ==, 4);
  g_assert_cmpfloat_with_epsilon (s.nominal_median_pct, 12.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.typical_median_pct, 16.0, 1e-9);
  for (int i = 0; i < 6; i++)
    fake_run_free (runs[i]);
}

/* On the NPU 4.0 runs and one NPU 2.7 run: one row per run, each trained
 * on the others of its architecture; the NPU 2.7 run has none (latencies
 * 0, said so), the single convolution borrows the DPU cold start. */
static void
test_real_runs (void)
{
  static const char *const names[] = { "npu40xx_1tile_singleconv_2026-05",
                                       "npu40xx_6tile_agegender_2024-08",
                                       "npu40xx_6tile_agegender_2025-09",
                                       "npu37xx_2tile_agegender_2024-08" };
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  VsRunConfig config = { .models_dir = models, .mode = VS_REPLAY_REALISTIC };
  VsMeasuredRun *runs[G_N_ELEMENTS (names)];
  if (!vs_test_load_measured_runs (names, G_N_ELEMENTS (names), models, runs))
    return;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  VsLooRow *rows = vs_leave_one_out (runs, G_N_ELEMENTS (names), &config, errors);
  g_assert_cmpuint (errors->len, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    g_test_message ("%s: %s", names[i], rows[i].trained_on);
    g_assert_true (rows[i].realistic.ok && rows[i].scheduling.ok && rows[i].compiler_mode.ok);
    g_assert_null (strstr (rows[i].trained_on, names[i]));
  }
  g_assert_nonnull (strstr (rows[0].trained_on, "npu40xx_6tile_agegender_2024-08"));
  g_assert_nonnull (strstr (rows[0].trained_on, "cold_start_dpu_ns"));
  /* Borrowed: the value fitted on the NPU 2.7 run, the only other
   * architecture here, not the 0 it would keep. */
  g_assert_cmpstr (vs_calibration_param_key (4), ==, "cold_start_dpu_ns");
  {
    VsDevice npu27 = runs[3]->run.schedule->device;
    vs_calibration_clear (&npu27);
    VsCalibration c;
    g_autoptr(GError) error = NULL;
    g_assert_true (vs_calibrate (&runs[3], 1, &npu27, &c, &error));
    g_assert_true (c.identifiable[4]);
    g_assert_cmpfloat (vs_calibration_param_get (&rows[0].fitted, 4), ==,
                       vs_calibration_param_get (&npu27, 4));
  }
  g_assert_false (rows[3].fitted_any);
  g_assert_nonnull (strstr (rows[3].trained_on, "no other run of its architecture"));
  VsLooSummary s;
  vs_loo_summarise (runs, rows, G_N_ELEMENTS (names), &s);
  g_assert_cmpuint (s.typical, ==, 4);
  g_assert_true (isfinite (s.nominal_median_pct));
  vs_loo_rows_free (rows, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    vs_measured_run_free (runs[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/leave-one-out/summary", test_summary);
  g_test_add_func ("/leave-one-out/real-runs", test_real_runs);
  return g_test_run ();
}
