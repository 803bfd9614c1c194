/* SPDX-License-Identifier: Apache-2.0 */
/* test_lower.c — `vpusim lower`: lowered schedules pass the schedule
 * reader's validation, write the same bytes twice, replay without deadlock
 * to the same latency twice, and never overflow CMX — the demo network on
 * every strategy, the real age-gender networks on 1 to 6 tiles of NPU 4.0
 * and the NPU 2.7 one moved to NPU 4.0; bad lowerings are refused. */
#include <glib.h>
#include <string.h>

#include "sim/analysis/run_pipeline.h"
#include "sim/engine/cmx_occupancy.h"
#include "sim/lower/lower.h"
#include "sim/lower/lower_options.h"
#include "sim/lower/network_recover.h"
#include "sim/lower/network_yaml.h"
#include "sim/lower/strategy.h"
#include "sim/schedule/schedule_yaml.h"
#include "tests/test_support.h"

/* Lower, check, replay twice; returns the latency (ps). */
static gint64
lower_and_replay (const VsNetwork *net, const char *preset, guint tiles, VsLowerMode mode,
                  VsStrategy strategy, const char *models_dir)
{
  VsDevice dev;
  GError *error = NULL;
  g_assert_true (vs_device_load (&dev, preset, &error));
  VsLowerModels m;
  g_autofree char *why = NULL;
  if (models_dir == NULL || !vs_lower_models_open (&m, &dev, models_dir, &why)) {
    memset (&m, 0, sizeof m);
    m.device = dev;
  }
  VsLowerOptions o = { mode, strategy, models_dir != NULL ? VS_CHOOSE_VPUNN : VS_CHOOSE_ANALYTICAL,
                       tiles, FALSE, NULL };
  if (o.mode == VS_LOWER_AUTO && m.layer_cost == NULL)
    o.choose_with = VS_CHOOSE_ANALYTICAL;
  g_autoptr(VsSchedule) s = vs_lower (net, &m, preset, &o, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->device.tiles, ==, (gint) (tiles ? tiles : (guint) s->device.tiles));
  VsSchedule *again = vs_lower (net, &m, preset, &o, NULL, NULL, &error);
  g_assert_no_error (error);
  vs_lower_models_close (&m);
  g_autoptr(GString) first = g_string_new (NULL), second = g_string_new (NULL);
  g_assert_true (vs_schedule_write (s, first, &error));
  g_assert_true (vs_schedule_write (again, second, &error));
  vs_schedule_free (again);
  g_assert_cmpstr (first->str, ==, second->str);
  gint64 latency = -1;
  for (int round = 0; round < 2; round++) {
    VsSchedule *read = vs_schedule_read_from_data (first->str, first->len, "lowered.yaml", &error);
    g_assert_no_error (error);
    VsRunConfig config = { 0 };
    config.models_dir = models_dir;
    config.cost = models_dir != NULL ? "vpunn" : "analytical";
    VsRun run;
    memset (&run, 0, sizeof run);
    g_assert_true (vs_run_prepare_schedule (&run, read, &config, &error));
    g_assert_true (vs_run_replay (&run, &config, &error));
    g_assert_no_error (error);
    g_assert_cmpint (run.timeline->latency_ps, >, 0);
    if (round == 1)
      g_assert_cmpint (run.timeline->latency_ps, ==, latency);
    latency = run.timeline->latency_ps;
    VsCmxReport cmx;
    g_assert_true (vs_cmx_occupancy (run.schedule, run.timeline->task_start,
                                     run.timeline->task_end, &cmx, &error));
    for (guint i = 0; i < cmx.problems->len; i++)
      g_test_message ("%s", g_array_index (cmx.problems, VsCmxProblem, i).message);
    g_assert_cmpuint (cmx.problems->len, ==, 0);
    vs_cmx_report_clear (&cmx);
    vs_run_clear (&run);
  }
  return latency;
}

static void
test_demo_every_strategy (void)
{
  g_autofree char *path = vs_test_source_file ("scenarios/npu27_conv_block.net.yaml");
  GError *error = NULL;
  g_autoptr(VsNetwork) net = vs_network_read (path, &error);
  g_assert_no_error (error);
  /* Without model files: the analytical choice, one workload per tile. */
  const VsStrategy fixed[] = { VS_STRATEGY_CLUSTERING, VS_STRATEGY_SOH, VS_STRATEGY_SOK };
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    lower_and_replay (net, "npu27", 2, VS_LOWER_FIXED, fixed[i], NULL);
  lower_and_replay (net, "npu27", 0, VS_LOWER_KEEP, VS_STRATEGY_NONE, NULL);
  lower_and_replay (net, "npu27", 1, VS_LOWER_AUTO, VS_STRATEGY_NONE, NULL);
  lower_and_replay (net, "npu40", 4, VS_LOWER_AUTO, VS_STRATEGY_NONE, NULL);
}

/* The NPU 4.0 age-gender network on 1 to 6 tiles, kept and auto. */
static void
test_tiles_npu40 (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  g_autoptr(VsNetwork) net = vs_test_recover_network ("npu40xx_6tile_agegender_2025-09");
  if (net == NULL)
    return;
  for (guint tiles = 1; tiles <= 6; tiles++) {
    gint64 keep = lower_and_replay (net, "npu40", tiles, VS_LOWER_KEEP, VS_STRATEGY_NONE, models);
    gint64 best = lower_and_replay (net, "npu40", tiles, VS_LOWER_AUTO, VS_STRATEGY_NONE, models);
    g_test_message ("npu40 %u tiles: keep %.3f us, auto %.3f us", tiles, keep / 1e6, best / 1e6);
  }
}

/* The NPU 2.7 age-gender network moved to NPU 4.0, on its 2 tiles and on 6. */
static void
test_npu27_on_npu40 (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  g_autoptr(VsNetwork) net = vs_test_recover_network ("npu37xx_2tile_agegender_2024-08");
  if (net == NULL)
    return;
  lower_and_replay (net, "npu40", 0, VS_LOWER_KEEP, VS_STRATEGY_NONE, models);
  lower_and_replay (net, "npu40", 6, VS_LOWER_AUTO, VS_STRATEGY_NONE, models);
}

/* A layer too large for CMX on any split is an error naming the network
 * file and the layer's line. */
static void
test_too_large (void)
{
  const char *text =
    "format: vpusim-network\nversion: 1\ndevice: npu27\nlayers:\n"
    "  - id: huge\n    kind: DPU\n    op: CONV\n"
    "    input: {shape: [1, 512, 512, 512]}\n    weights: {shape: [512, 512, 1, 1]}\n"
    "    output: {shape: [1, 512, 512, 512]}\n";
  GError *error = NULL;
  g_autoptr(VsNetwork) net = vs_network_read_from_data (text, strlen (text), "huge.yaml", &error);
  g_assert_no_error (error);
  VsLowerModels m;
  memset (&m, 0, sizeof m);
  g_assert_true (vs_device_load (&m.device, "npu27", &error));
  VsLowerOptions o = { VS_LOWER_AUTO, VS_STRATEGY_NONE, VS_CHOOSE_ANALYTICAL, 2, FALSE, NULL };
  g_autoptr(VsSchedule) s = vs_lower (net, &m, "npu27", &o, NULL, NULL, &error);
  g_assert_null (s);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "huge.yaml:5: layer 'huge' fits no strategy"));
  g_clear_error (&error);
  o.mode = VS_LOWER_FIXED;
  o.strategy = VS_STRATEGY_SOH;
  s = vs_lower (net, &m, "npu27", &o, NULL, NULL, &error);
  g_assert_null (s);
  g_assert_true (g_str_has_prefix (error->message, "huge.yaml:5: layer 'huge' does not fit in the "
                                   "1982464 bytes of CMX per tile"));
  g_clear_error (&error);
}

/* The strategy study of the demo network: every DPU layer costed under
 * every strategy by both models, the choices are the cheapest, the
 * compiler's set replays to what `lower --strategy keep` gives; the CLI's
 * JSON says the same. */
static void
test_strategy_study (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  g_autofree char *path = vs_test_source_file ("scenarios/npu27_conv_block.net.yaml");
  GError *error = NULL;
  g_autoptr(VsNetwork) net = vs_network_read (path, &error);
  g_assert_no_error (error);
  VsLowerModels m;
  g_autofree char *why = NULL;
  VsDevice dev;
  g_assert_true (vs_device_load (&dev, "npu27", &error));
  g_assert_true (vs_lower_models_open (&m, &dev, models, &why));
  VsStrategyReport r;
  g_assert_true (vs_strategy_study (net, &m, "npu27", 0, models, &r, &error));
  vs_lower_models_close (&m);
  g_assert_cmpuint (r.n_tiles, ==, 2);
  g_assert_cmpuint (r.n_strategies, ==, 3);          /* NPU 2.7: clustering, soh, sok */
  g_assert_cmpuint (r.rows->len, ==, 2);
  for (guint i = 0; i < r.rows->len; i++) {
    const VsStrategyRow *row = &g_array_index (r.rows, VsStrategyRow, i);
    g_assert_cmpint (row->compiler_choice, ==, VS_STRATEGY_SOH);
    g_assert_cmpint (row->vpunn_choice, !=, VS_STRATEGY_NONE);
    for (guint k = 0; k < r.n_strategies; k++) {
      VsCycles c = row->vpunn[r.strategies[k]];
      if (!VS_CYCLES_IS_ERROR (c))
        g_assert_cmpuint (row->vpunn[row->vpunn_choice], <=, c);
      c = row->analytical[r.strategies[k]];
      if (!VS_CYCLES_IS_ERROR (c))
        g_assert_cmpuint (row->analytical[row->analytical_choice], <=, c);
    }
  }
  g_assert_cmpuint (r.runs->len, ==, 6);
  const VsStrategyRun *compiler = &g_array_index (r.runs, VsStrategyRun, 0);
  g_assert_cmpstr (compiler->name, ==, "compiler");
  gint64 keep = lower_and_replay (net, "npu27", 0, VS_LOWER_KEEP, VS_STRATEGY_NONE, models);
  g_assert_cmpint (compiler->latency_ps, ==, keep);
  for (guint i = 0; i < r.runs->len; i++)
    g_assert_cmpint (g_array_index (r.runs, VsStrategyRun, i).latency_ps, >, 0);
  g_autoptr(GString) json = g_string_new (NULL);
  vs_strategy_report_json (net, &r, json);
  g_assert_nonnull (strstr (json->str, "\"compiler_choice\": \"soh\""));
  vs_strategy_report_clear (&r);

  g_autofree char *so = NULL, *se = NULL;
  const char *args[] = { "strategy", path, "--models", models, "--json", NULL };
  g_assert_cmpint (vs_test_run_vpusim (args, &so, &se), ==, 0);
  g_assert_true (g_str_has_prefix (so, "{\"network\": "));
  g_assert_nonnull (strstr (so, "\"end_to_end\": [{\"choices\": \"compiler\", \"latency_us\": "));
}

/* The command on bad networks: exit 1, the file and line named, no schedule
 * written. */
static void
test_cli_bad (void)
{
  const struct {
    const char *text;
    const char *message;
  } bad[] = {
    { "format: vpusim-network\nversion: 1\ndevice: npu27\nlayers:\n"
      "  - {id: a, kind: DMA, input: {shape: [4]}, output: {shape: [4]}}\n"
      "  - {id: b, kind: DMA, input: {shape: [4]}, output: {shape: [4]}}\n"
      "edges:\n  - {from: a, to: b}\n  - {from: b, to: a}\n",
      "cycle.yaml:8: the edges form a cycle through 'a' -> 'b'" },
    { "format: vpusim-network\nversion: 1\ndevice: npu27\nlayers:\n"
      "  - {id: a, kind: DPU, op: CONV4D, input: {shape: [1, 16, 4, 4]}, output: {shape: [1, 16, 4, 4]}}\n",
      "unknown_op.yaml:5:28: unknown op 'CONV4D'" },
    { "format: vpusim-network\nversion: 1\ndevice: npu27\nlayers:\n"
      "  - {id: a, kind: DPU, op: CONV, kernel: [3, 3], input: {shape: [1, 16, 4, 4]}, output: {shape: [1, 16, 4, 4]}}\n",
      "shapes.yaml:5: layer 'a': a 3x3 kernel with strides 1x1 on a 4x4 input (H x W) gives 2x2" },
    { "format: vpusim-network\nversion: 1\ndevice: npu27\nlayers:\n"
      "  - {id: huge, kind: DPU, op: CONV, input: {shape: [1, 512, 512, 512]}, "
      "weights: {shape: [512, 512, 1, 1]}, output: {shape: [1, 512, 512, 512]}}\n",
      "huge.yaml:5: layer 'huge' fits no strategy on 2 tiles of npu27" },
  };
  const char *names[] = { "cycle.yaml", "unknown_op.yaml", "shapes.yaml", "huge.yaml" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autofree char *in = g_build_filename (vs_test_tmpdir (), names[i], NULL);
    g_autofree char *out = g_build_filename (vs_test_tmpdir (), "never.yaml", NULL);
    g_assert_true (g_file_set_contents (in, bad[i].text, -1, NULL));
    g_autofree char *so = NULL, *se = NULL;
    const char *args[] = { "lower", in, "-o", out, "--tiles", "2", "--strategy", "auto",
                           "--choose-with", "analytical", NULL };
    g_assert_cmpint (vs_test_run_vpusim (args, &so, &se), ==, 1);
    if (strstr (se, bad[i].message) == NULL)
      g_error ("lower %s: '%s' lacks '%s'", names[i], se, bad[i].message);
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  /* --choose-with only means something to auto. */
  g_autofree char *demo = vs_test_source_file ("scenarios/npu27_conv_block.net.yaml");
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "never.yaml", NULL);
  g_autofree char *so = NULL, *se = NULL;
  const char *args[] = { "lower", demo, "-o", out, "--strategy", "soh", "--choose-with",
                         "analytical", NULL };
  g_assert_cmpint (vs_test_run_vpusim (args, &so, &se), ==, 2);
  g_assert_nonnull (strstr (se, "--choose-with applies to --strategy auto only"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* Latency (ps) of a schedule file replayed with the analytical cost. */
static gint64
replay_file (const char *path)
{
  GError *error = NULL;
  VsSchedule *read = vs_schedule_read (path, &error);
  g_assert_no_error (error);
  VsRunConfig config = { 0 };
  config.cost = "analytical";
  VsRun run;
  memset (&run, 0, sizeof run);
  g_assert_true (vs_run_prepare_schedule (&run, read, &config, &error));
  g_assert_true (vs_run_replay (&run, &config, &error));
  g_assert_no_error (error);
  gint64 latency = run.timeline->latency_ps;
  vs_run_clear (&run);
  return latency;
}

/* --strategy-file: sok for Conv_1 changes that layer's plan (and only its)
 * and the replayed latency versus --strategy keep. */
static void
test_strategy_file (void)
{
  g_autofree char *demo = vs_test_source_file ("scenarios/npu27_conv_block.net.yaml");
  g_autofree char *choices = g_build_filename (vs_test_tmpdir (), "choices.yaml", NULL);
  g_autofree char *kept = g_build_filename (vs_test_tmpdir (), "kept.yaml", NULL);
  g_autofree char *chosen = g_build_filename (vs_test_tmpdir (), "chosen.yaml", NULL);
  g_assert_true (g_file_set_contents (choices, "version: 1\nstrategies: {Conv_1: sok, Sigmoid_2: keep}\n",
                                      -1, NULL));
  g_autofree char *so1 = NULL, *se1 = NULL, *so2 = NULL, *se2 = NULL;
  const char *keep_args[] = { "lower", demo, "-o", kept, "--strategy", "keep", NULL };
  const char *file_args[] = { "lower", demo, "-o", chosen, "--strategy", "keep", "--strategy-file",
                              choices, NULL };
  g_assert_cmpint (vs_test_run_vpusim (keep_args, &so1, &se1), ==, 0);
  g_assert_cmpint (vs_test_run_vpusim (file_args, &so2, &se2), ==, 0);
  g_autoptr(GRegex) conv1 = g_regex_new ("Conv_1 +(\\w+)", 0, 0, NULL);
  g_autoptr(GRegex) conv3 = g_regex_new ("Conv_3 +(\\w+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) a = NULL, b = NULL, c = NULL, d = NULL;
  g_assert_true (g_regex_match (conv1, se1, 0, &a));
  g_assert_true (g_regex_match (conv1, se2, 0, &b));
  g_autofree char *s1 = g_match_info_fetch (a, 1), *s2 = g_match_info_fetch (b, 1);
  g_assert_cmpstr (s1, ==, "soh");
  g_assert_cmpstr (s2, ==, "sok");
  g_assert_true (g_regex_match (conv3, se1, 0, &c));
  g_assert_true (g_regex_match (conv3, se2, 0, &d));
  g_autofree char *s3 = g_match_info_fetch (c, 1), *s4 = g_match_info_fetch (d, 1);
  g_assert_cmpstr (s3, ==, s4);
  gint64 keep_ps = replay_file (kept), file_ps = replay_file (chosen);
  g_test_message ("keep %" G_GINT64_FORMAT " ps, Conv_1 sok %" G_GINT64_FORMAT " ps", keep_ps, file_ps);
  g_assert_cmpint (keep_ps, >, 0);
  g_assert_cmpint (file_ps, >, 0);
  g_assert_cmpint (keep_ps, !=, file_ps);
}

/* Bad strategy files: exit 1 at file:line:column, nothing written. */
static void
test_strategy_file_bad (void)
{
  static const struct { const char *text, *message; } bad[] = {
    { "version: 1\nstrategies: {Conv_9: sok}\n", "bad_choice.yaml:2:14: no layer 'Conv_9'" },
    { "version: 1\nstrategies: {Conv_1: sox}\n",
      "bad_choice.yaml:2:22: strategy 'sox' for layer 'Conv_1': one of keep" },
    { "version: 1\nstrategy: {Conv_1: sok}\n", "bad_choice.yaml:2:1: unknown key 'strategy'" },
    { "version: 1\nstrategies: {Conv_1: sok}\nextra: 1\n", "bad_choice.yaml:3:1: unknown key 'extra'" },
  };
  g_autofree char *demo = vs_test_source_file ("scenarios/npu27_conv_block.net.yaml");
  g_autofree char *in = g_build_filename (vs_test_tmpdir (), "bad_choice.yaml", NULL);
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "never.yaml", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_assert_true (g_file_set_contents (in, bad[i].text, -1, NULL));
    g_autofree char *so = NULL, *se = NULL;
    const char *args[] = { "lower", demo, "-o", out, "--strategy-file", in, NULL };
    g_assert_cmpint (vs_test_run_vpusim (args, &so, &se), ==, 1);
    if (strstr (se, bad[i].message) == NULL)
      g_error ("strategy file %u: '%s' lacks '%s'", i, se, bad[i].message);
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
}

/* What the lowering commands read before lowering: strategy names, the
 * device (the network's or --device, then --set), the network itself. */
static void
test_lower_options (void)
{
  VsLowerOptions o;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_lower_options_parse (NULL, NULL, &o, &error));
  g_assert_cmpint (o.mode, ==, VS_LOWER_KEEP);
  g_assert_cmpint (o.choose_with, ==, VS_CHOOSE_VPUNN);
  g_assert_true (vs_lower_options_parse ("SOK", "analytical", &o, &error));
  g_assert_cmpint (o.mode, ==, VS_LOWER_FIXED);
  g_assert_cmpint (o.strategy, ==, VS_STRATEGY_SOK);
  g_assert_cmpint (o.choose_with, ==, VS_CHOOSE_ANALYTICAL);
  g_assert_true (vs_lower_options_parse ("auto", NULL, &o, &error));
  g_assert_cmpint (o.mode, ==, VS_LOWER_AUTO);
  g_assert_false (vs_lower_options_parse ("best", NULL, &o, &error));
  g_assert_cmpstr (error->message, ==, "--strategy 'best': one of keep, auto, clustering, soh, sow, "
                                       "sok, sohw, sohk");
  g_clear_error (&error);
  g_assert_false (vs_lower_options_parse (NULL, "oracle", &o, &error));
  g_assert_cmpstr (error->message, ==, "--choose-with 'oracle': vpunn or analytical");
  g_clear_error (&error);

  g_autofree char *path = vs_test_scenario ("npu27_conv_block.net.yaml");
  g_autoptr(VsNetwork) net = vs_network_load (path, &error);
  g_assert_no_error (error);
  VsDevice dev;
  g_autofree char *preset = NULL;
  g_assert_true (vs_lower_device_resolve (net, NULL, NULL, &dev, &preset, &error));
  g_assert_cmpstr (preset, ==, "npu27");
  g_assert_cmpint (dev.arch, ==, VS_ARCH_NPU27);
  g_clear_pointer (&preset, g_free);
  static const char *const sets[] = { "dpu_clock_mhz=1000", NULL };
  g_assert_true (vs_lower_device_resolve (net, "npu40", sets, &dev, &preset, &error));
  g_assert_cmpstr (preset, ==, "npu40");
  g_assert_cmpfloat (dev.dpu_clock_mhz, ==, 1000.0);
  g_clear_pointer (&preset, g_free);
  g_autofree char *file = vs_test_source_file ("hw/presets/npu40.yaml");
  g_assert_true (vs_lower_device_resolve (net, file, NULL, &dev, &preset, &error));
  g_assert_null (preset);
  g_free (net->device);
  net->device = NULL;
  g_assert_false (vs_lower_device_resolve (net, NULL, NULL, &dev, &preset, &error));
  g_assert_true (g_str_has_suffix (error->message, "names no device: give --device PRESET|FILE"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lower/demo-every-strategy", test_demo_every_strategy);
  g_test_add_func ("/lower/tiles-npu40", test_tiles_npu40);
  g_test_add_func ("/lower/npu27-on-npu40", test_npu27_on_npu40);
  g_test_add_func ("/lower/too-large", test_too_large);
  g_test_add_func ("/lower/strategy-study", test_strategy_study);
  g_test_add_func ("/lower/cli-bad", test_cli_bad);
  g_test_add_func ("/lower/strategy-file", test_strategy_file);
  g_test_add_func ("/lower/strategy-file-bad", test_strategy_file_bad);
  g_test_add_func ("/lower/options", test_lower_options);
  return g_test_run ();
}
