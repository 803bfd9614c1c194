/* SPDX-License-Identifier: Apache-2.0 */
/* test_tiles_sweep.c — a network lowered and replayed per tile count:
 * network what-if scenarios (the reader's new keys and errors), the sweep
 * itself (deterministic, one fresh lowering per tile count), and the CLI
 * (`run SCENARIO`, `sweep NET --tiles`, the refused combinations). */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sim/analysis/what_if_scenario.h"
#include "sim/lower/network_yaml.h"
#include "sim/lower/tiles_sweep.h"
#include "tests/test_support.h"

static void
test_reader (void)
{
  const char *good = "format: vpusim-whatif\nversion: 1\nnetwork: net.yaml\ndevice: npu40\n"
                     "lower:\n  tiles: [2, 4, 6]\n  strategy: auto\n  choose-with: analytical\n";
  GError *error = NULL;
  g_autoptr(VsWhatIfScenario) sc = vs_what_if_scenario_load_from_data (good, strlen (good),
                                                                       "dir/s.yaml", &error);
  g_assert_no_error (error);
  g_assert_null (sc->schedule);
  g_assert_cmpstr (sc->network, ==, "dir/net.yaml");
  g_assert_cmpuint (sc->lower_tiles->len, ==, 3);
  g_assert_cmpuint (g_array_index (sc->lower_tiles, guint, 2), ==, 6);
  g_assert_cmpstr (sc->lower_strategy, ==, "auto");
  g_assert_cmpstr (sc->lower_choose_with, ==, "analytical");
  g_assert_cmpstr (sc->lower_where, ==, "dir/s.yaml:6:3");

  static const struct { const char *text, *message; } bad[] = {
    { "format: vpusim-whatif\nversion: 1\nnetwork: n.yaml\n",
      "bad.yaml:1:1: a network scenario needs lower: {tiles: [N, ...]}" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nlower: {tiles: 2}\nspeedups:\n",
      "bad.yaml:1:1: lower applies to a network: name one with network: FILE" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nnetwork: n.yaml\nlower: {tiles: 2}\n",
      "bad.yaml:1:1: a scenario names a schedule or a network, not both" },
    { "format: vpusim-whatif\nversion: 1\nnetwork: n.yaml\nlower: {tiles: [2, 0]}\n",
      "bad.yaml:4:20: lower: tiles must be at least 1" },
    { "format: vpusim-whatif\nversion: 1\nnetwork: n.yaml\nlower: {tiles: [2, 2]}\n",
      "bad.yaml:4:20: lower: tiles 2 is given twice" },
    { "format: vpusim-whatif\nversion: 1\nnetwork: n.yaml\nlower: {tiles: [], strategy: keep}\n",
      "bad.yaml:4:16: lower: tiles has no values" },
    { "format: vpusim-whatif\nversion: 1\nnetwork: n.yaml\nlower: {tile: 2}\n",
      "bad.yaml:4:9: unknown key 'tile' in lower (valid keys: tiles, strategy, choose-with)" },
    { "format: vpusim-whatif\nversion: 1\nnetwork: n.yaml\nlower: {strategy: keep}\n",
      "bad.yaml:4:8: lower needs tiles: [N, ...]" },
    { "format: vpusim-whatif\nversion: 1\nnetwork: n.yaml\nlower: {tiles: 2}\nspeedups:\n",
      "bad.yaml:1:1: sweep and speedups need a schedule; a network scenario asks lower: {tiles: [...]}" },
    { "format: vpusim-whatif\nversion: 1\nspeedups:\n",
      "bad.yaml:1:1: missing key 'schedule' (or 'network')" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr(GError) e = NULL;
    VsWhatIfScenario *s = vs_what_if_scenario_load_from_data (bad[i].text, strlen (bad[i].text),
                                                              "bad.yaml", &e);
    g_assert_null (s);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->message, ==, bad[i].message);
  }
}

static void
test_tiles_list (void)
{
  g_autoptr(GArray) t = g_array_new (FALSE, FALSE, sizeof (guint));
  GError *error = NULL;
  g_assert_true (vs_tiles_list_parse (" 1, 3 ,6", "--tiles", t, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (t->len, ==, 3);
  g_assert_cmpuint (g_array_index (t, guint, 1), ==, 3);
  const char *bad[] = { "", "0", "65", "2,2", "x", "1,,2" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr(GArray) u = g_array_new (FALSE, FALSE, sizeof (guint));
    g_autoptr(GError) e = NULL;
    g_assert_false (vs_tiles_list_parse (bad[i], "--tiles", u, &e));
    g_assert_true (g_str_has_prefix (e->message, "--tiles: "));
  }
}

/* The demo network on 1 and 2 tiles of NPU 2.7, analytical costs: a fresh
 * lowering per tile count (the 2-tile schedule has more tasks), the same
 * results twice. */
static void
test_demo_sweep (void)
{
  g_autofree char *path = vs_test_source_file ("scenarios/npu27_conv_block.net.yaml");
  GError *error = NULL;
  g_autoptr(VsNetwork) net = vs_network_read (path, &error);
  g_assert_no_error (error);
  VsLowerModels m;
  memset (&m, 0, sizeof m);
  g_assert_true (vs_device_load (&m.device, "npu27", &error));
  VsLowerOptions o = { VS_LOWER_FIXED, VS_STRATEGY_SOH, VS_CHOOSE_VPUNN, 0, FALSE, NULL };
  VsRunConfig config = { 0 };
  config.cost = "analytical";
  const guint tiles[] = { 1, 2 };
  VsTilesPoint a[2], b[2];
  for (guint run = 0; run < 2; run++)
    g_assert_true (vs_tiles_sweep_run (net, &m, "npu27", &o, tiles, 2, &config, run ? b : a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (m.device.tiles, ==, 2);      /* left as it was */
  g_assert_cmpint (memcmp (a, b, sizeof a), ==, 0);
  g_assert_cmpuint (a[0].tiles, ==, 1);
  g_assert_cmpuint (a[1].tasks, >, a[0].tasks);
  g_assert_cmpint (a[0].latency_ps, >, 0);
  g_assert_cmpint (a[1].latency_ps, >, 0);
  g_assert_cmpint (a[0].latency_ps, !=, a[1].latency_ps);
  g_autoptr(GString) csv = g_string_new (NULL);
  vs_tiles_sweep_append_csv (csv, a, 2);
  g_assert_true (g_str_has_prefix (csv->str, "tiles,tasks,barriers,latency_ps,latency_us,dpu_busy_us,"
                                              "shave_busy_us,dma_busy_us\n1,"));
}

/* "Age-gender on 2, 4 and 6 tiles of NPU 4.0" as one scenario file: the
 * latency of every tile count printed, the same twice, and the same as
 * `sweep NET --tiles` gives. */
static void
test_agegender_scenario (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  g_autofree char *mlir = vs_test_npu_runs_file ("npu40xx_6tile_agegender_2025-09/schedule_vpurt.mlir");
  if (mlir == NULL)
    return;
  g_autofree char *abs = g_canonicalize_filename (mlir, NULL);
  g_autofree char *scenario = g_build_filename (vs_test_tmpdir (), "ag.whatif.yaml", NULL);
  g_autofree char *text = g_strdup_printf ("format: vpusim-whatif\nversion: 1\nnetwork: %s\n"
                                           "device: npu40\nlower: {tiles: [2, 4, 6]}\n", abs);
  g_assert_true (g_file_set_contents (scenario, text, -1, NULL));
  g_autofree char *out1 = NULL, *out2 = NULL, *err = NULL;
  const char *args[] = { "run", scenario, "--models", models, NULL };
  g_assert_cmpint (vs_test_run_vpusim (args, &out1, &err), ==, 0);
  g_free (err);
  g_assert_cmpint (vs_test_run_vpusim (args, &out2, &err), ==, 0);
  g_assert_cmpstr (out1, ==, out2);
  g_test_message ("%s", out1);
  g_assert_true (g_str_has_prefix (out1, "ag.whatif.yaml lowered on npu40 (strategy keep), "
                                         "replayed per tile count:\n"));
  g_auto(GStrv) lines = g_strsplit (out1, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);      /* title, head, 3 rows, "" */
  g_autofree char *csv = NULL;
  g_free (err);
  const char *sweep[] = { "sweep", abs, "--tiles", "2,4,6", "--models", models, NULL };
  g_assert_cmpint (vs_test_run_vpusim (sweep, &csv, &err), ==, 0);
  g_auto(GStrv) rows = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 5);
  for (guint i = 0; i < 3; i++) {
    g_auto(GStrv) cells = g_strsplit (rows[i + 1], ",", -1);
    g_auto(GStrv) words = g_strsplit_set (lines[i + 2], " ", -1);
    g_autofree char *joined = g_strjoinv (" ", words);
    /* The table's tiles and latency are the CSV's. */
    static const char *const counts[] = { "2", "4", "6" };
    g_assert_cmpstr (cells[0], ==, counts[i]);
    g_assert_nonnull (strstr (joined, cells[4]));
    g_assert_cmpfloat (g_ascii_strtod (cells[4], NULL), >, 10.0);
  }
}

/* Combinations that would accept a knob that does nothing are refused. */
static void
test_cli_refusals (void)
{
  g_autofree char *net = vs_test_source_file ("scenarios/npu27_conv_block.net.yaml");
  g_autofree char *sched = vs_test_source_file ("scenarios/npu27_dma_bound.whatif.yaml");
  g_autofree char *bad = g_build_filename (vs_test_tmpdir (), "bad.whatif.yaml", NULL);
  g_assert_true (g_file_set_contents (bad, "format: vpusim-whatif\nversion: 1\nnetwork: n.yaml\n"
                                           "lower: {tiles: [2], strategy: diagonal}\n", -1, NULL));
  const struct { const char *args[8]; int status; const char *message; } cases[] = {
    { { "sweep", net, "--strategy", "auto", NULL }, 2, "need --tiles" },
    { { "sweep", net, "--tiles", "1,2", "--set", "tiles=2", NULL }, 2, "device grid" },
    { { "sweep", net, "--tiles", "1,2", "--choose-with", "vpunn", NULL }, 2, "auto only" },
    { { "sweep", net, "--tiles", "1,0", NULL }, 2, "'0' is not a tile count" },
    { { "sweep", sched, "--tiles", "2", NULL }, 2, "names a schedule" },
    { { "run", bad, NULL }, 1, "bad.whatif.yaml:4:8: --strategy 'diagonal'" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (vs_test_run_vpusim (cases[i].args, &out, &err), ==, cases[i].status);
    g_assert_nonnull (strstr (err, cases[i].message));
    g_assert_cmpstr (out, ==, "");
  }
}

/* The commands' request as library calls: a bad command-line value is a
 * usage error, the same from a scenario is bad input at its lower:; the
 * demo network on 1 and 2 tiles with a title naming it. */
static void
test_library_request (void)
{
  g_autofree char *net = vs_test_scenario ("npu27_conv_block.net.yaml");
  VsTilesSweepRequest req = { .network = net, .tiles = "1,2", .strategy = "bogus" };
  g_autoptr(GError) error = NULL;
  {
    g_auto(VsTilesSweep) sw = { 0 };
    g_assert_false (vs_tiles_sweep_plan (&sw, &req, &error));
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_clear_error (&error);
  }
  const char *text = "format: vpusim-whatif\nversion: 1\nnetwork: n.yaml\n"
                     "lower: {tiles: [1], strategy: bogus}\n";
  g_autoptr(VsWhatIfScenario) sc = vs_what_if_scenario_load_from_data (text, strlen (text), "s.yaml",
                                                                       &error);
  g_assert_no_error (error);
  VsTilesSweepRequest from_sc = { .network = net, .scenario = sc };
  {
    g_auto(VsTilesSweep) sw = { 0 };
    g_assert_false (vs_tiles_sweep_plan (&sw, &from_sc, &error));
    g_assert_error (error, VS_WHAT_IF_ERROR, VS_WHAT_IF_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "s.yaml:4:8: --strategy 'bogus': one of keep, "));
    g_clear_error (&error);
  }
  req.strategy = "keep";
  req.cost = "analytical";
  g_auto(VsTilesSweep) sw = { 0 };
  g_assert_true (vs_tiles_sweep_plan (&sw, &req, &error));
  g_assert_true (vs_tiles_sweep_execute (&sw, &req, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sw.tiles->len, ==, 2);
  g_assert_cmpuint (sw.points[1].tiles, ==, 2);
  g_assert_cmpint (sw.points[0].latency_ps, >, sw.points[1].latency_ps);
  g_assert_cmpstr (sw.title, ==, "npu27_conv_block.net.yaml lowered on npu27 (strategy keep), "
                                 "replayed per tile count:");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tiles_sweep/reader", test_reader);
  g_test_add_func ("/tiles_sweep/tiles_list", test_tiles_list);
  g_test_add_func ("/tiles_sweep/demo", test_demo_sweep);
  g_test_add_func ("/tiles_sweep/agegender_scenario", test_agegender_scenario);
  g_test_add_func ("/tiles_sweep/cli_refusals", test_cli_refusals);
  g_test_add_func ("/tiles_sweep/library_request", test_library_request);
  return g_test_run ();
}
