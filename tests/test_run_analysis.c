/* SPDX-License-Identifier: Apache-2.0 */
/* test_run_analysis.c — `vpusim run`'s work as library calls: the shared
 * options checked into a run configuration (each bad value's message), and
 * the analysis of a schedule, whose text and JSON reports are exactly what
 * the CLI prints (the CLI adds nothing but printing). */
#include <glib.h>
#include <string.h>

#include "sim/analysis/run_analysis.h"
#include "tests/test_support.h"

static void
test_config_from_options (void)
{
  static const char *const sets[] = { "dpu_clock_mhz=1000", NULL };
  VsRunOptions o = { .device = "npu40", .sets = sets, .cost = "dpu=analytical", .mode = "Compiler",
                     .models = "/m", .unknown_shave = "zero", .force = TRUE };
  VsRunConfig c;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_run_config_from_options (&c, &o, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c.device, ==, "npu40");
  g_assert_true (c.sets == sets);
  g_assert_cmpstr (c.cost, ==, "dpu=analytical");
  g_assert_cmpstr (c.models_dir, ==, "/m");
  g_assert_cmpint (c.mode, ==, VS_REPLAY_COMPILER);
  g_assert_cmpint (c.unknown_shave, ==, VS_UNKNOWN_SHAVE_ZERO);
  g_assert_true (c.force);

  /* Nothing given: the defaults. */
  VsRunOptions none = { 0 };
  g_assert_true (vs_run_config_from_options (&c, &none, &error));
  g_assert_cmpint (c.mode, ==, VS_REPLAY_REALISTIC);
  g_assert_cmpint (c.unknown_shave, ==, VS_UNKNOWN_SHAVE_ANALYTICAL);
  g_assert_null (c.cost);

  /* Each bad value, in the order they are checked: mode, policy, cost. */
  VsRunOptions bad = { .mode = "fast", .unknown_shave = "ignore", .cost = "bogus" };
  g_assert_false (vs_run_config_from_options (&c, &bad, &error));
  g_assert_cmpstr (error->message, ==, "--mode: 'fast' is not realistic or compiler");
  g_clear_error (&error);
  bad.mode = NULL;
  g_assert_false (vs_run_config_from_options (&c, &bad, &error));
  g_assert_nonnull (strstr (error->message, "ignore"));
  g_clear_error (&error);
  bad.unknown_shave = NULL;
  g_assert_false (vs_run_config_from_options (&c, &bad, &error));
  g_assert_true (g_str_has_prefix (error->message, "--cost: unknown cost model 'bogus'"));
}

/* The analysis's reports are the CLI's output, byte for byte. */
static void
check_report_is_cli_output (const char *name, gboolean json)
{
  g_autofree char *path = vs_test_scenario (name);
  VsRunOptions o = { .cost = "analytical" };
  VsRunConfig config;
  g_assert_true (vs_run_config_from_options (&config, &o, NULL));
  VsRunAnalysis a;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_run_analyse (&a, path, &config, &error));
  g_assert_no_error (error);
  g_assert_nonnull (a.path);
  g_assert_cmpint (a.path->latency_ps, ==, a.run.timeline->latency_ps);
  g_assert_cmpuint (a.cmx.n_tiles, ==, (guint) a.run.schedule->device.tiles);
  g_autoptr(GString) report = g_string_new (NULL);
  if (json)
    vs_run_analysis_append_json (report, &a, "");
  else
    vs_run_analysis_append_text (report, &a, &config, "");
  vs_run_analysis_clear (&a);

  const char *args[] = { "run", path, "--cost", "analytical", json ? "--json" : NULL, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
  g_assert_cmpstr (report->str, ==, out);
  if (!json)
    g_assert_true (g_str_has_prefix (report->str, "cost models: DPU analytical, DMA analytical, "
                                                  "SHAVE analytical; mode realistic\nlatency: "));
}

static void
test_reports (void)
{
  check_report_is_cli_output ("npu27_conv_block.yaml", FALSE);
  check_report_is_cli_output ("npu27_conv_block.yaml", TRUE);
  check_report_is_cli_output ("npu40_6tile_sok.yaml", FALSE);
}

/* `extra` ends the text report; a schedule that cannot be read fails with
 * nothing computed, and the analysis clears all the same. */
static void
test_extra_and_failure (void)
{
  g_autofree char *path = vs_test_scenario ("npu27_dma_bound.yaml");
  VsRunConfig config = { .cost = "analytical" };
  VsRunAnalysis a;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_run_analyse (&a, path, &config, &error));
  g_autoptr(GString) report = g_string_new (NULL);
  vs_run_analysis_append_text (report, &a, &config, "\nEXTRA\n");
  g_assert_true (g_str_has_suffix (report->str, "\n\nEXTRA\n"));
  vs_run_analysis_clear (&a);

  g_autofree char *missing = g_build_filename (vs_test_tmpdir (), "none.yaml", NULL);
  g_assert_false (vs_run_analyse (&a, missing, &config, &error));
  g_assert_nonnull (error);
  g_assert_null (a.path);
  vs_run_analysis_clear (&a);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/run-analysis/config-from-options", test_config_from_options);
  g_test_add_func ("/run-analysis/reports", test_reports);
  g_test_add_func ("/run-analysis/extra-and-failure", test_extra_and_failure);
  return g_test_run ();
}
