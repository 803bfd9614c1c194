/* SPDX-License-Identifier: Apache-2.0 */
/* test_schedule_compare.c — `vpusim compare SCHEDULE --measured PROFILE`
 * and `--cost measured=PROFILE`, on measured runs whose truth the test
 * chose (a replay written as a profile) and on a real one. */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sim/analysis/schedule_compare.h"
#include "tests/test_support.h"

/* The chip of the synthetic runs: the conv block's device with these latencies. */
static const char *const chip[] = { "dispatch_dpu_ns=700", "dispatch_shave_ns=300",
                                    "cold_start_shave_ns=5000", NULL };

static char *
conv_block (void)
{
  return vs_test_source_file ("scenarios/npu27_conv_block.yaml");
}

/* A profile of the conv block on `chip`, with the analytical costs at the
 * given DPU clock (NULL: the device's). */
static char *
synthetic_profile (const char *name, const char *dpu_clock)
{
  g_autofree char *schedule = conv_block ();
  char *path = g_build_filename (vs_test_tmpdir (), name, NULL);
  const char *sets[G_N_ELEMENTS (chip) + 1] = { NULL };
  guint n = 0;
  for (; chip[n] != NULL; n++)
    sets[n] = chip[n];
  sets[n] = dpu_clock;
  vs_test_write_profile (schedule, "analytical", sets, path);
  return path;
}

/* Run vpusim, expect success, and parse its JSON; `err` (optional) gets
 * stderr.  The parser owns the returned object. */
static JsonObject *
run_json (const char *const *args, JsonParser *parser, char **err)
{
  g_autofree char *out = NULL, *err_text = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err_text), ==, 0);
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  if (err != NULL)
    *err = g_steal_pointer (&err_text);
  return json_node_get_object (json_parser_get_root (parser));
}

/* Compare the conv block with the analytical and measured models against
 * its synthetic profile, on a device with `sets`. */
static VsComparison *
compare_conv_block (const char *profile, const char *const *sets)
{
  g_autofree char *schedule = conv_block ();
  g_autofree char *spec = g_strdup_printf ("%s:%s", schedule, profile);
  gboolean use[VS_COMPARE_MODEL_COUNT];
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_compare_models_parse ("analytical,measured", use, &error));
  VsRunConfig config = { .sets = sets };
  VsComparison *c = vs_comparison_run (spec, &config, use, FALSE, &error);
  g_assert_no_error (error);
  return c;
}

/* The model that replays exactly what was measured scores 0 everywhere;
 * the same model without the chip's latencies is early. */
static void
test_exact_model_scores_zero (void)
{
  g_autofree char *profile = synthetic_profile ("exact.json", NULL);
  g_autoptr(VsComparison) c = compare_conv_block (profile, chip);
  for (int m = VS_COMPARE_ANALYTICAL; m <= VS_COMPARE_MEASURED; m += 2) {
    const VsCompareResult *r = &c->results[m];
    g_assert_true (r->used);
    g_assert_cmpint (r->span.measured_ps, >, 0);
    g_assert_cmpfloat (fabs (r->error_pct), <, 1e-3);
    g_assert_cmpfloat (r->start_mae_us, <, 1e-3);
    g_assert_cmpuint (r->all.count, ==, r->run->join->joined_tasks);
    g_assert_cmpfloat (r->all.mape_pct, <, 1e-3);
    g_assert_cmpuint (r->engines[VS_ENGINE_DMA].count + r->engines[VS_ENGINE_DPU].count +
                      r->engines[VS_ENGINE_SHAVE].count, ==, r->all.count);
  }
  g_assert_false (c->results[VS_COMPARE_VPUNN].used);
  g_assert_false (c->results[VS_COMPARE_COMPILER].used);

  /* Without the latencies (defaults cleared): durations still exact, the
   * schedule runs early, and the starts drift. */
  const char *zero[] = { "dispatch_dpu_ns=0", "dispatch_shave_ns=0", "cold_start_shave_ns=0",
                         "cold_start_dpu_ns=0", "cold_start_dma_ns=0", "dispatch_dma_ns=0", NULL };
  g_autoptr(VsComparison) e = compare_conv_block (profile, zero);
  const VsCompareResult *r = &e->results[VS_COMPARE_ANALYTICAL];
  g_assert_cmpfloat (r->error_pct, <, -5);
  g_assert_cmpfloat (r->start_mae_us, >, 0.5);
  g_assert_cmpfloat (e->results[VS_COMPARE_MEASURED].error_pct, <, -5);
}

/* Durations measured on a slower DPU: the analytical model at the
 * device's clock misses them, the measured model and --cost measured=
 * take them. */
static void
test_measured_durations_are_used (void)
{
  g_autofree char *schedule = conv_block ();
  g_autofree char *profile = synthetic_profile ("slow_dpu.json", "dpu_clock_mhz=650");
  g_autoptr(VsComparison) c = compare_conv_block (profile, chip);
  g_autoptr(GError) error = NULL;
  const VsCompareResult *analytical = &c->results[VS_COMPARE_ANALYTICAL];
  const VsCompareResult *measured = &c->results[VS_COMPARE_MEASURED];
  /* DPU tasks take twice as long on the chip; SHAVE ones do not change
   * (DMAs do, a little: they share DDR with other neighbours). */
  g_assert_cmpfloat (fabs (analytical->engines[VS_ENGINE_DPU].median_ape_pct - 50.0), <, 1.0);
  g_assert_cmpfloat (analytical->engines[VS_ENGINE_SHAVE].mape_pct, <, 1e-3);
  g_assert_cmpfloat (analytical->error_pct, <, -1.0);
  g_assert_cmpfloat (fabs (measured->error_pct), <, 1e-3);
  g_assert_cmpfloat (measured->engines[VS_ENGINE_DPU].mape_pct, <, 1e-3);

  /* run --cost analytical,measured=PROFILE replays what was measured. */
  g_autofree char *cost = g_strdup_printf ("analytical,measured=%s", profile);
  const char *args[] = { "run", schedule, "--cost", cost, "--json", "--set", chip[0], "--set", chip[1],
                         "--set", chip[2], NULL };
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = run_json (args, parser, &err);
  g_assert_nonnull (strstr (err, "measured durations from"));
  double latency_us = json_object_get_double_member (root, "latency_us");
  /* equal up to the JSON's rounding to the nanosecond */
  g_assert_cmpfloat (fabs (latency_us * 1e6 - (double) measured->span.measured_ps), <=, 500.0);

  /* ... which a sweep cannot re-time. */
  const char *sweep[] = { "sweep", schedule, "--cost", cost, "--set", "dpu_clock_mhz=900,1300", NULL };
  g_autofree char *sout = NULL, *serr = NULL;
  g_assert_cmpint (vs_test_run_vpusim (sweep, &sout, &serr), ==, 1);
  g_assert_nonnull (strstr (serr, "--cost measured="));
}

/* The command: text, JSON with its documented keys, the plot. */
static void
test_command (void)
{
  g_autofree char *schedule = conv_block ();
  g_autofree char *profile = synthetic_profile ("command.json", NULL);
  const char *args[] = { "compare", schedule, "--measured", profile, "--cost", "analytical,measured",
                         "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = run_json (args, parser, NULL);
  g_assert_cmpfloat (json_object_get_double_member (root, "measured_us"), >, 0);
  JsonObject *models = json_object_get_object_member (root, "models");
  g_assert_cmpuint (json_object_get_size (models), ==, 2);
  for (guint i = 0; i < 2; i++) {
    JsonObject *m = json_object_get_object_member (models, i == 0 ? "analytical" : "measured");
    g_assert_nonnull (m);
    g_assert_true (json_object_has_member (m, "predicted_us"));
    g_assert_true (json_object_has_member (m, "error_pct"));
    JsonObject *dpu = json_object_get_object_member (json_object_get_object_member (m, "engines"), "DPU");
    g_assert_cmpint (json_object_get_int_member (dpu, "count"), >, 0);
    g_assert_true (json_object_has_member (dpu, "median_ape_pct"));
    g_assert_true (json_object_has_member (dpu, "spearman"));
  }

  const char *text_args[] = { "compare", schedule, "--measured", profile, "--cost", "analytical", NULL };
  g_autofree char *text = NULL, *text_err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (text_args, &text, &text_err), ==, 0);
  g_assert_nonnull (strstr (text, "measured latency:"));
  g_assert_nonnull (strstr (text, "per-task durations"));
  g_assert_nonnull (strstr (text, "largest misses (analytical):"));

  if (!vs_test_gnuplot_or_skip ())
    return;
  g_autofree char *png = g_build_filename (vs_test_tmpdir (), "compare.png", NULL);
  const char *plot_args[] = { "compare", schedule, "--measured", profile, "--cost", "analytical,measured",
                              "--plot", png, NULL };
  g_autofree char *pout = NULL, *perr = NULL;
  g_assert_cmpint (vs_test_run_vpusim (plot_args, &pout, &perr), ==, 0);
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (png, &bytes, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpint (memcmp (bytes, "\x89PNG", 4), ==, 0);
}

static void
test_bad_use (void)
{
  g_autofree char *schedule = conv_block ();
  g_autofree char *profile = synthetic_profile ("bad_use.json", NULL);
  g_autofree char *other = vs_test_source_file ("scenarios/npu27_dma_bound.yaml");
  g_autofree char *missing = g_build_filename (vs_test_tmpdir (), "no-such-profile.json", NULL);
  g_autofree char *png = g_build_filename (vs_test_tmpdir (), "never.png", NULL);

  const char *no_profile[] = { "compare", schedule, NULL };
  vs_test_run_vpusim_fails (no_profile, 2, "needs --measured PROFILE", NULL);
  const char *bad_model[] = { "compare", schedule, "--measured", profile, "--cost", "vpunn,magic", NULL };
  vs_test_run_vpusim_fails (bad_model, 2,
                            "'magic' is not a model to compare (valid: vpunn, analytical, compiler, measured)",
                            NULL);
  const char *absent[] = { "compare", schedule, "--measured", missing, "--cost", "analytical", NULL };
  vs_test_run_vpusim_fails (absent, 1, "no-such-profile.json", NULL);
  /* A profile of another schedule contradicts it (SHAVE tasks where it has
   * none), and with --force still joins nothing: said, and no plot written. */
  const char *foreign[] = { "compare", other, "--measured", profile, "--cost", "analytical",
                            "--plot", png, NULL };
  vs_test_run_vpusim_fails (foreign, 1, "it times 4 SHAVE tasks, the schedule has none", NULL);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  const char *forced[] = { "compare", other, "--measured", profile, "--cost", "analytical",
                           "--plot", png, "--force", NULL };
  vs_test_run_vpusim_fails (forced, 1, "joins a task of", NULL);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  const char *empty[] = { "run", schedule, "--cost", "measured=", NULL };
  vs_test_run_vpusim_fails (empty, 2, "measured= needs a profile", NULL);
  g_autofree char *cost = g_strdup_printf ("measured=%s", profile);
  const char *run_foreign[] = { "run", other, "--cost", cost, "--force", NULL };
  vs_test_run_vpusim_fails (run_foreign, 1, "needs the profile of this schedule", NULL);
}

/* A real measured run: VPUNN within 15 % end to end; the measured model's
 * durations exact, so its per-task error is 0. */
static void
test_real_run (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  g_autofree char *dir = vs_test_npu_runs_file ("npu37xx_2tile_agegender_2024-08");
  if (models == NULL || dir == NULL)
    return;
  const char *args[] = { "compare", dir, "--models", models, "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = run_json (args, parser, NULL);
  double measured_us = json_object_get_double_member (root, "measured_us");
  g_assert_cmpfloat (fabs (measured_us - 85.703), <, 0.01);
  JsonObject *models_json = json_object_get_object_member (root, "models");
  g_assert_cmpuint (json_object_get_size (models_json), ==, 4);
  JsonObject *vpunn = json_object_get_object_member (models_json, "vpunn");
  g_assert_cmpfloat (fabs (json_object_get_double_member (vpunn, "error_pct")), <, 15.0);
  JsonObject *measured = json_object_get_object_member (models_json, "measured");
  JsonObject *tasks = json_object_get_object_member (measured, "tasks");
  g_assert_cmpint (json_object_get_int_member (tasks, "count"), ==, 48);
  g_assert_cmpfloat (json_object_get_double_member (tasks, "mape_pct"), ==, 0.0);

  /* A device at another clock than the profile's workpoint is pointed out. */
  const char *slow[] = { "compare", dir, "--models", models, "--cost", "vpunn", "--set",
                         "dpu_clock_mhz=1000", NULL };
  g_autofree char *slow_out = NULL, *slow_err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (slow, &slow_out, &slow_err), ==, 0);
  g_assert_nonnull (strstr (slow_err, "the chip ran at 1300 MHz (workpoint), the device says 1000 MHz"));
}

/* A run measured at a quarter of the device's DPU clock: every DPU task 4x
 * the model, which compare names with the clock to calibrate at; the run
 * at the device's clock gets no such hint. */
static void
test_clock_hint_synthetic (void)
{
  g_autofree char *schedule = conv_block ();
  g_autofree char *slow = synthetic_profile ("quarter_clock.json", "dpu_clock_mhz=325");
  g_autofree char *normal = synthetic_profile ("normal_clock.json", NULL);
  const char *args[] = { "compare", schedule, "--measured", slow, "--cost", "analytical",
                         "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = run_json (args, parser, NULL);
  JsonObject *ratio = json_object_get_object_member (root, "uniform_ratio");
  g_assert_cmpfloat (fabs (json_object_get_double_member (ratio, "DPU") - 4.0), <, 0.05);
  /* The DMA engine runs on the DPU clock too; the SHAVEs kept theirs. */
  g_assert_cmpfloat (json_object_get_double_member (ratio, "DMA"), >, 2.0);
  g_assert_false (json_object_has_member (ratio, "SHAVE"));
  const char *hint = json_object_get_string_member (root, "clock_hint");
  g_assert_nonnull (strstr (hint, "every DPU task took"));
  g_assert_nonnull (strstr (hint, "lower clocks than the device's"));
  g_assert_nonnull (strstr (hint, "vpusim calibrate --set dpu_clock_mhz=32"));
  const char *text_args[] = { "compare", schedule, "--measured", slow, "--cost", "analytical",
                              NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (text_args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\nclocks: every DMA task took"));
  const char *normal_args[] = { "compare", schedule, "--measured", normal, "--cost",
                                "analytical", "--json", NULL };
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  JsonObject *root2 = run_json (normal_args, parser2, NULL);
  g_assert_true (json_object_get_null_member (root2, "clock_hint"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (root2, "uniform_ratio")),
                    ==, 0);
}

/* The real low-clock runs: the PLL 10 run (every DPU task about 3.7x the
 * model, its profile records no clock: a hint) and the PLL 32 run (its
 * raw-counter profile records 1066.7 MHz: replayed at it, a hint only when
 * the user sets the clock); a run at the nominal clock has no hint. */
static void
test_clock_hint_real_runs (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  g_autofree char *low = vs_test_npu_runs_file ("npu37xx_1tile_add_swish_lowpll_2023-02");
  g_autofree char *pll32 = vs_test_npu_runs_file ("npu37xx_2tile_agegender_pll32_2023-08");
  g_autofree char *normal = vs_test_npu_runs_file ("npu37xx_2tile_agegender_2024-08");
  if (models == NULL || low == NULL || pll32 == NULL || normal == NULL)
    return;
  const char *args[] = { "compare", low, "--models", models, "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = run_json (args, parser, NULL);
  JsonObject *ratio = json_object_get_object_member (root, "uniform_ratio");
  g_assert_cmpfloat (json_object_get_double_member (ratio, "DPU"), >=, 3.0);
  const char *hint = json_object_get_string_member (root, "clock_hint");
  g_test_message ("%s", hint);
  g_assert_nonnull (strstr (hint, "a low PLL"));
  g_assert_nonnull (strstr (hint, "vpusim calibrate --set dpu_clock_mhz="));

  g_autofree char *schedule = g_build_filename (pll32, "schedule_vpurt.mlir", NULL);
  g_autofree char *profile = g_build_filename (pll32, "profiling_debug.txt", NULL);
  const char *args32[] = { "compare", schedule, "--measured", profile, "--models", models,
                           NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args32, &out, &err), ==, 0);
  /* replayed at the recorded PLL, so nothing is left to hint */
  g_assert_nonnull (strstr (err, "the profile records the chip at 1066.67 MHz, the device says "
                                 "1300 MHz: replayed at the recorded clocks (DPU 1066.67, SHAVE "
                                 "800, CMX 800 MHz)"));
  g_assert_null (strstr (out, "clocks: "));
  /* a clock the user sets is the user's word: then the hint */
  const char *args32_set[] = { "compare", schedule, "--measured", profile, "--models", models,
                               "--set", "dpu_clock_mhz=1300", NULL };
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args32_set, &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (out2, "clocks: the profile records the chip at 1067 MHz (its "
                                  "workpoint), the device says 1300 MHz"));
  g_assert_nonnull (strstr (out2, "vpusim calibrate --set dpu_clock_mhz=1067 "
                                  "--set shave_clock_mhz=800 "));

  const char *args_normal[] = { "compare", normal, "--models", models, "--json", NULL };
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  JsonObject *root2 = run_json (args_normal, parser2, NULL);
  g_assert_true (json_object_get_null_member (root2, "clock_hint"));
}

/* Compiler mode is the NPU compiler's own estimator: on every schedule that
 * carries the estimator's answer (inferenceTiming) it must land on it.  The
 * bound guards the estimator's conventions (theoretical DMA on flat tensors,
 * BF16 for other element types, 1 cycle for FP32 work and unknown kernels,
 * descriptor DMAs costed as DMAs); the residuals today are 0.0 to 2.1 %. */
static void
test_compiler_mode_reproduces_inference_timing (void)
{
  static const char *const runs[] = {
    "npu37xx_2tile_agegender_2024-03", "npu37xx_2tile_agegender_2024-08",
    "npu40xx_1tile_singleconv_2026-05", "npu40xx_6tile_agegender_2025-09",
    "schedule_only_gru_sequence_37xx_2026-05",
  };
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  for (guint k = 0; k < G_N_ELEMENTS (runs); k++) {
    g_autofree char *rel = g_strdup_printf ("%s/schedule_vpurt.mlir", runs[k]);
    g_autofree char *mlir = vs_test_npu_runs_file (rel);
    if (mlir == NULL)
      return;
    const char *args[] = { "run", mlir, "--models", models, "--mode", "compiler", "--json", NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *o = run_json (args, parser, NULL);
    double latency = json_object_get_double_member (o, "latency_us");
    double estimate = json_object_get_double_member (o, "compiler_estimate_us");
    g_test_message ("%s: compiler mode %.3f us, inferenceTiming %.3f us", runs[k], latency, estimate);
    g_assert_cmpfloat (estimate, >, 0);
    g_assert_cmpfloat (fabs (latency - estimate) / estimate, <=, 0.03);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schedule-compare/exact-model-scores-zero", test_exact_model_scores_zero);
  g_test_add_func ("/schedule-compare/measured-durations-are-used", test_measured_durations_are_used);
  g_test_add_func ("/schedule-compare/command", test_command);
  g_test_add_func ("/schedule-compare/bad-use", test_bad_use);
  g_test_add_func ("/schedule-compare/real-run", test_real_run);
  g_test_add_func ("/schedule-compare/clock-hint-synthetic", test_clock_hint_synthetic);
  g_test_add_func ("/schedule-compare/clock-hint-real-runs", test_clock_hint_real_runs);
  g_test_add_func ("/schedule-compare/compiler-mode-reproduces-inference-timing",
                   test_compiler_mode_reproduces_inference_timing);
  return g_test_run ();
}
