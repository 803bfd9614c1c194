/* SPDX-License-Identifier: Apache-2.0 */
/* test_what_if.c — speed-up questions (`run --what-if`) and what-if
 * scenario files: exact answers on a schedule small enough to replay by
 * hand, the DMA-bound scenario pointing at its DMAs, the JSON member next
 * to an unchanged report, and the errors of bad scenario files. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sim/engine/critical_path.h"
#include "sim/output/report.h"
#include "sim/schedule/schedule_yaml.h"
#include "sim/analysis/what_if.h"
#include "sim/analysis/what_if_scenario.h"
#include "tests/fuzz/fuzz.h"
#include "tests/test_support.h"

/* A DMA load (layer a), a DPU task of three variants on two DPUs, a DMA
 * store (both layer b); compiler mode has no dispatch latencies, so every
 * answer can be worked out by hand:
 *   base: load 100 + variants {40, 40 | 20} = 60 + store 30 = 190 ns. */
static const char tiny_yaml[] =
  "format: vpusim-schedule\nversion: 1\ndevice: npu27\n"
  "queues:\n"
  "  - {id: dma, engine: DMA, port: 0}\n"
  "  - {id: dpu, engine: DPU, tile: 0}\n"
  "buffers:\n"
  "  - {id: x, memory: CMX, tiles: [0], shape: [1, 16, 8, 8], dtype: u8}\n"
  "  - {id: y, memory: CMX, tiles: [0], shape: [1, 16, 8, 8], dtype: u8}\n"
  "barriers:\n  - {id: loaded}\n"
  "tasks:\n"
  "  - {id: load, queue: dma, kind: DMA, layer: a, updates: [loaded], cost: {ns: 100}}\n"
  "  - id: conv\n    queue: dpu\n    kind: DPU\n    layer: b\n    waits: [loaded]\n"
  "    dpu:\n      op: CONV\n      kernel: [1, 1]\n      input: x\n      output: y\n"
  "      variants:\n"
  "        - {out_start: [0, 0, 0], out_end: [7, 3, 15], mpe_mode: CUBOID_16x16, cost: {ns: 40}}\n"
  "        - {out_start: [0, 4, 0], out_end: [7, 7, 7], mpe_mode: CUBOID_16x16, cost: {ns: 40}}\n"
  "        - {out_start: [0, 4, 8], out_end: [7, 7, 15], mpe_mode: CUBOID_16x16, cost: {ns: 20}}\n"
  "  - {id: store, queue: dma, kind: DMA, layer: b, after: [conv], cost: {ns: 30}}\n";

static const VsWhatIfTarget *
find (const GArray *list, const char *name, guint *index)
{
  for (guint i = 0; i < list->len; i++)
    if (strcmp (g_array_index (list, VsWhatIfTarget, i).name, name) == 0) {
      *index = i;
      return &g_array_index (list, VsWhatIfTarget, i);
    }
  g_error ("no what-if target '%s'", name);
  return NULL;
}

static void
check_target (const GArray *list, const char *name, guint index, guint tasks, gint64 busy_ns,
              gint64 twice_ns, gint64 infinite_ns)
{
  guint at = 0;
  const VsWhatIfTarget *t = find (list, name, &at);
  g_assert_cmpuint (at, ==, index);
  g_assert_cmpuint (t->n_tasks, ==, tasks);
  g_assert_cmpint (t->busy_ps, ==, busy_ns * 1000);
  g_assert_cmpint (t->latency_ps[VS_WHAT_IF_TWICE], ==, twice_ns * 1000);
  g_assert_cmpint (t->latency_ps[VS_WHAT_IF_INFINITE], ==, infinite_ns * 1000);
}

static void
prepare_tiny (VsRun *run, VsRunConfig *config)
{
  static const char *const sets[] = { "dpus_per_tile=2", NULL };
  g_autoptr(GError) error = NULL;
  VsSchedule *s = vs_schedule_read_from_data (tiny_yaml, sizeof tiny_yaml - 1, "tiny.yaml", &error);
  g_assert_no_error (error);
  config->cost = "fixed";
  config->mode = VS_REPLAY_COMPILER;
  config->sets = sets;
  g_assert_true (vs_run_prepare_schedule (run, s, config, &error));
  g_assert_true (vs_run_replay (run, config, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run->timeline->latency_ps, ==, 190000);
}

static void
test_exact_answers (void)
{
  VsRunConfig config = { 0 };
  VsRun run;
  prepare_tiny (&run, &config);
  for (guint threads = 1; threads <= 3; threads++) {
    VsWhatIf w;
    g_autoptr(GError) error = NULL;
    g_assert_true (vs_what_if_speedups (&run, &config, 5, threads, &w, &error));
    g_assert_no_error (error);
    g_assert_cmpint (w.base_latency_ps, ==, 190000);
    g_assert_cmpuint (w.engines->len, ==, 2);
    /* DMA: load 50 + 60 + store 15; infinitely fast: the DPU alone. */
    check_target (w.engines, "DMA", 0, 2, 130, 125, 60);
    /* DPU: variants {40, 40, 20} on two DPUs: the task spans 60 ns, the
     * busy time the report gives (not the variants' 100 ns summed). */
    check_target (w.engines, "DPU", 1, 1, 60, 160, 130);
    g_assert_cmpuint (w.layers->len, ==, 2);
    /* Layer a is the load only; b the conv and the store. */
    check_target (w.layers, "a", 0, 1, 100, 140, 90);
    check_target (w.layers, "b", 1, 2, 90, 145, 100);

    g_autoptr(GString) text = g_string_new (NULL);
    vs_what_if_append_text (text, &w);
    const char *dma = strstr (text->str, "engine DMA"), *dpu = strstr (text->str, "engine DPU");
    g_assert_true (dma != NULL && dpu != NULL && dma < dpu);
    /* 190 -> 60 ns is a gain of 68.4 %. */
    g_assert_nonnull (strstr (dma, "0.060   68.4 %"));
    vs_what_if_clear (&w);
  }
  /* top 1: the busiest layer only (a, 100 ns against b's 90); top 0: none. */
  VsWhatIf w;
  g_assert_true (vs_what_if_speedups (&run, &config, 1, 0, &w, NULL));
  g_assert_cmpuint (w.layers->len, ==, 1);
  check_target (w.layers, "a", 0, 1, 100, 140, 90);
  vs_what_if_clear (&w);
  g_assert_true (vs_what_if_speedups (&run, &config, 0, 0, &w, NULL));
  g_assert_cmpuint (w.layers->len, ==, 0);
  g_assert_cmpuint (w.engines->len, ==, 2);
  vs_what_if_clear (&w);
  vs_run_clear (&run);
}

/* The report JSON is unchanged for existing callers, and extra members
 * land inside the same object. */
static void
test_report_extra_members (void)
{
  VsRunConfig config = { 0 };
  VsRun run;
  prepare_tiny (&run, &config);
  g_autoptr(VsCriticalPath) path = vs_critical_path_compute (run.schedule, run.timeline);
  g_autoptr(GString) plain = g_string_new (NULL), none = g_string_new (NULL);
  g_autoptr(GString) empty = g_string_new (NULL), extra = g_string_new (NULL);
  vs_report_append_json (plain, run.schedule, run.timeline, path);
  vs_report_append_json_extra (none, run.schedule, run.timeline, path, NULL);
  vs_report_append_json_extra (empty, run.schedule, run.timeline, path, "");
  g_assert_cmpstr (plain->str, ==, none->str);
  g_assert_cmpstr (plain->str, ==, empty->str);
  VsWhatIf w;
  g_assert_true (vs_what_if_speedups (&run, &config, 5, 0, &w, NULL));
  g_autoptr(GString) member = g_string_new (NULL);
  vs_what_if_append_json_member (member, &w);
  vs_report_append_json_extra (extra, run.schedule, run.timeline, path, member->str);
  /* The same document up to the closing brace. */
  g_assert_cmpint (strncmp (plain->str, extra->str, plain->len - 3), ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, extra->str, -1, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonObject *what_if = json_object_get_object_member (root, "what_if");
  g_assert_cmpfloat (json_object_get_double_member (what_if, "base_latency_us"), ==, 0.19);
  JsonArray *engines = json_object_get_array_member (what_if, "engines");
  JsonObject *first = json_array_get_object_element (engines, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "DMA");
  JsonObject *inf = json_object_get_object_member (first, "infinitely_fast");
  g_assert_cmpfloat (json_object_get_double_member (inf, "latency_us"), ==, 0.06);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (inf, "gain"), 130.0 / 190.0, 1e-6);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (what_if, "layers")), ==, 2);
  vs_what_if_clear (&w);
  vs_run_clear (&run);
}

/* The DMA-bound scenario: wider DMAs shorten it, and the speed-up table
 * puts DMA first. */
static void
check_dma_bound (const char *cost, const char *models)
{
  g_autofree char *dma = vs_test_scenario ("npu27_dma_bound.yaml");
  const char *base[12] = { "run", dma, "--cost", cost, "--json", NULL };
  const char *wide[12] = { "run", dma, "--cost", cost, "--json", "--set", "ddr_bandwidth_gbps=54",
                           "--set", "dma_bytes_per_cycle=48", NULL };
  const char *table[12] = { "run", dma, "--cost", cost, "--what-if", NULL };
  if (models != NULL) {
    base[5] = table[5] = "--models";
    base[6] = table[6] = models;
    wide[9] = "--models";
    wide[10] = models;
  }
  g_autofree char *b = vs_test_run_vpusim_ok (base), *w = vs_test_run_vpusim_ok (wide), *t = vs_test_run_vpusim_ok (table);
  g_assert_cmpint (vs_test_json_latency_ps (w), <, vs_test_json_latency_ps (b));
  const char *head = strstr (t, "what if one part ran faster");
  g_assert_nonnull (head);
  const char *first = strstr (head, "engine ");
  g_assert_nonnull (first);
  g_assert_true (g_str_has_prefix (first, "engine DMA"));
  g_assert_nonnull (strstr (first, "engine DPU"));
  g_assert_nonnull (strstr (first, "layer FC"));
}

static void
test_dma_bound (void)
{
  check_dma_bound ("analytical", NULL);
}

static void
test_dma_bound_vpunn (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  check_dma_bound ("vpunn", models);
}

/* `run --what-if --json`: the report's members are those of a plain run. */
static void
test_cli_json (void)
{
  g_autofree char *block = vs_test_scenario ("npu27_conv_block.yaml");
  const char *plain[] = { "run", block, "--cost", "analytical", "--json", NULL };
  const char *what_if[] = { "run", block, "--cost", "analytical", "--json", "--what-if-top", "2",
                            NULL };
  g_autofree char *p = vs_test_run_vpusim_ok (plain), *w = vs_test_run_vpusim_ok (what_if);
  g_assert_cmpint (strncmp (p, w, strlen (p) - 3), ==, 0);
  g_assert_null (strstr (p, "what_if"));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, w, -1, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonObject *wi = json_object_get_object_member (root, "what_if");
  g_assert_cmpint (json_object_get_int_member (wi, "top"), ==, 2);
  JsonArray *layers = json_object_get_array_member (wi, "layers");
  g_assert_cmpuint (json_array_get_length (layers), ==, 2);
  /* The SHAVE-heavy sigmoid is the layer to speed up. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (layers, 0), "name"),
                   ==, "Sigmoid_2");
  const char *bad_top[] = { "run", block, "--what-if-top", "-3", NULL };
  vs_test_run_vpusim_fails (bad_top, 2, "--what-if-top: -3", NULL);
  const char *no_scenario[] = { "run", block, "--sweep-csv", "x.csv", NULL };
  vs_test_run_vpusim_fails (no_scenario, 2, "--sweep-csv and --sweep-plot need a what-if scenario",
                            NULL);
}

static void
test_scenario_files (void)
{
  g_autofree char *dma_whatif = vs_test_scenario ("npu27_dma_bound.whatif.yaml");
  g_autofree char *dma = vs_test_scenario ("npu27_dma_bound.yaml");
  g_autofree char *block_whatif = vs_test_scenario ("npu27_conv_block.whatif.yaml");
  g_assert_true (vs_what_if_scenario_detect (dma_whatif));
  g_assert_false (vs_what_if_scenario_detect (dma));

  g_autofree char *csv = vs_test_tmp_path ("scenario_sweep.csv");
  const char *args[] = { "run", dma_whatif, "--cost", "analytical", "--sweep-csv", csv, NULL };
  g_autofree char *out = vs_test_run_vpusim_ok (args);
  g_assert_nonnull (strstr (out, "device npu27"));
  g_assert_nonnull (strstr (out, "what if one part ran faster"));
  g_assert_nonnull (strstr (out, "sweep: 6 points (ddr_bandwidth_gbps x 3, dpu_clock_mhz x 2"));
  /* The scenario's sweep is `vpusim sweep` of the same grid. */
  const char *sweep[] = { "sweep", dma, "--cost", "analytical", "--device", "npu27", "--set",
                          "ddr_bandwidth_gbps=13.5,27,54", "--set", "dpu_clock_mhz=975,1300", NULL };
  g_autofree char *expected = vs_test_run_vpusim_ok (sweep);
  g_autofree char *written = NULL;
  g_assert_true (g_file_get_contents (csv, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  /* `vpusim sweep SCENARIO` runs the scenario's grid, shard by shard. */
  g_autofree char *part0 = vs_test_tmp_path ("scenario_part0.csv"), *part1 = vs_test_tmp_path ("scenario_part1.csv");
  g_autofree char *merged = vs_test_tmp_path ("scenario_merged.csv");
  const char *shard0[] = { "sweep", dma_whatif, "--cost", "analytical", "--shard", "0/2", "-o",
                           part0, NULL };
  const char *shard1[] = { "sweep", dma_whatif, "--cost", "analytical", "--shard", "1/2", "-o",
                           part1, NULL };
  const char *merge[] = { "sweep", "--merge", part1, part0, "-o", merged, NULL };
  g_free (vs_test_run_vpusim_ok (shard0));
  g_free (vs_test_run_vpusim_ok (shard1));
  g_free (vs_test_run_vpusim_ok (merge));
  g_autofree char *merged_text = NULL;
  g_assert_true (g_file_get_contents (merged, &merged_text, NULL, NULL));
  g_assert_cmpstr (merged_text, ==, expected);
  const char *no_grid[] = { "sweep", block_whatif, NULL };
  vs_test_run_vpusim_fails (no_grid, 2, "(the scenario has no sweep:)", NULL);

  /* JSON: both answers as members; the command line's --mode wins. */
  const char *json_args[] = { "run", dma_whatif, "--cost", "analytical", "--json", "--mode",
                              "compiler", NULL };
  g_autofree char *json = vs_test_run_vpusim_ok (json_args);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "mode"), ==, "compiler");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (root, "scenario"),
                                   "npu27_dma_bound.whatif.yaml"));
  g_assert_true (json_object_has_member (root, "what_if"));
  JsonObject *sw = json_object_get_object_member (root, "sweep");
  g_assert_cmpint (json_object_get_int_member (sw, "points"), ==, 6);
  JsonArray *results = json_object_get_array_member (sw, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 6);
  JsonObject *values = json_object_get_object_member (json_array_get_object_element (results, 1),
                                                      "values");
  g_assert_cmpfloat (json_object_get_double_member (values, "ddr_bandwidth_gbps"), ==, 13.5);
  g_assert_cmpfloat (json_object_get_double_member (values, "dpu_clock_mhz"), ==, 1300);

  const char *block_args[] = { "run", block_whatif, "--cost", "analytical", NULL };
  g_autofree char *block_out = vs_test_run_vpusim_ok (block_args);
  g_assert_nonnull (strstr (block_out, "top 5 layers"));
  g_assert_nonnull (strstr (block_out, "layer Sigmoid_2"));
  g_assert_nonnull (strstr (block_out, "layer Conv_1"));
  g_assert_null (strstr (block_out, "\nsweep:"));
}

/* A scenario in another folder: paths resolve against it, a device file
 * included, and a plain .yaml name is recognised by its format key. */
static void
test_scenario_paths (void)
{
  g_autofree char *dir = vs_test_tmp_path ("elsewhere");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_autofree char *device_path = g_build_filename (dir, "slow.yaml", NULL);
  g_assert_true (g_file_set_contents (device_path,
                                      "format: vpusim-device\nversion: 1\npreset: npu27\n"
                                      "name: slow27\nddr_bandwidth_gbps: 10\n", -1, NULL));
  g_autofree char *dma = vs_test_scenario ("npu27_dma_bound.yaml");
  g_autofree char *text = g_strdup_printf ("format: vpusim-whatif\nversion: 1\nschedule: %s\n"
                                           "device: slow.yaml\noverrides: {dpus_per_tile: 1}\n"
                                           "cost: analytical\nspeedups:\n", dma);
  g_autofree char *path = g_build_filename (dir, "question.yaml", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_true (vs_what_if_scenario_detect (path));
  const char *args[] = { "run", path, "--json", NULL };
  g_autofree char *json = vs_test_run_vpusim_ok (args);
  g_assert_nonnull (strstr (json, "\"device\": \"slow27\""));
  g_assert_nonnull (strstr (json, "\"what_if\""));
  g_assert_null (strstr (json, "\"sweep\""));
  /* The device's slow DDR shows: slower than the preset. */
  const char *preset[] = { "run", dma, "--cost", "analytical", "--json", NULL };
  g_autofree char *p = vs_test_run_vpusim_ok (preset);
  g_assert_cmpint (vs_test_json_latency_ps (json), >, vs_test_json_latency_ps (p));
  /* --set on the command line applies after the scenario's overrides. */
  const char *fast[] = { "run", path, "--json", "--set", "ddr_bandwidth_gbps=27", NULL };
  g_autofree char *f = vs_test_run_vpusim_ok (fast);
  g_assert_cmpint (vs_test_json_latency_ps (f), ==, vs_test_json_latency_ps (p));
}

static void
test_bad_scenarios (void)
{
  static const struct { const char *text, *message; } cases[] = {
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nspeedups: {top: 5}\nplot: x.png\n",
      "bad.yaml:5:1: unknown key 'plot'" },
    { "format: vpusim-schedule\nversion: 1\nschedule: s.yaml\nspeedups:\n",
      "bad.yaml:1:9: format is 'vpusim-schedule'" },
    { "format: vpusim-whatif\nversion: 2\nschedule: s.yaml\nspeedups:\n",
      "bad.yaml:2:10: version 2 is not supported" },
    { "format: vpusim-whatif\nversion: 1\nspeedups:\n", "bad.yaml:1:1: missing key 'schedule'" },
    { "version: 1\nschedule: s.yaml\nspeedups:\n", "missing key 'format'" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\n",
      "bad.yaml:1:1: the scenario asks nothing" },
    { "format: vpusim-whatif\nversion: 1\nschedule: [a, b]\nspeedups:\n",
      "bad.yaml:3:11: 'schedule' must be a scalar, not a list" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nschedule: t.yaml\nspeedups:\n",
      "bad.yaml:4:1: 'schedule' is given twice" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nspeedups: {top: many}\n",
      "bad.yaml:4:17: 'top' must be an integer" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nspeedups: {first: 3}\n",
      "bad.yaml:4:12: unknown key 'first' in speedups" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nsweep:\n  set:\n"
      "    dpu_clock_mhz: [975, fast]\n", "bad.yaml:6:26: sweep: device key 'dpu_clock_mhz': expected a number" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nsweep:\n  set:\n"
      "    dpu_clock_mhz: [975, 975]\n", "bad.yaml:6:5: sweep: 'dpu_clock_mhz' lists 975 twice" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nsweep:\n  set:\n    clock: [1, 2]\n",
      "bad.yaml:6:5: sweep: unknown device key 'clock' (valid keys: name," },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nsweep:\n  set:\n    arch: [NPU27]\n",
      "bad.yaml:6:5: sweep: 'arch' cannot be swept" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nsweep:\n  set:\n    tiles: []\n",
      "bad.yaml:6:12: sweep key 'tiles' has no values" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nsweep: {set: {}}\n",
      "bad.yaml:4:8: sweep needs set:" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nsweep: {grid: {tiles: [1]}}\n",
      "bad.yaml:4:9: unknown key 'grid' in sweep" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\noverrides: {tiles: 0}\nspeedups:\n",
      "bad.yaml:4:20: overrides: device key 'tiles': 0 is out of range" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\noverrides: {tile: 2}\nspeedups:\n",
      "bad.yaml:4:13: overrides: unknown device key 'tile'" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\ncost: magic\nspeedups:\n",
      "bad.yaml:4:7: --cost: unknown cost model 'magic'" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nmode: fast\nspeedups:\n",
      "bad.yaml:4:7: mode 'fast' is not realistic or compiler" },
    { "format: vpusim-whatif\nversion: 1\nschedule: &s s.yaml\ndevice: *s\nspeedups:\n",
      "bad.yaml:4:9: YAML aliases (*s) are not supported in vpusim files" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nspeedups: {top: 5\n",
      "bad.yaml:5:1: did not find expected ',' or '}'" },
    { "- format\n- vpusim-whatif\n", "bad.yaml:1:1: a what-if scenario must be a mapping" },
    { "", "bad.yaml:1:1: the file is empty" },
    { "format: vpusim-whatif\nversion: 1\nschedule: s.yaml\nspeedups:\n---\nx: 1\n",
      "bad.yaml:5:1: a what-if scenario holds one YAML document" },
    { "format: vpusim-whatif\nversion: 1\nschedule: \"s\\0.yaml\"\nspeedups:\n",
      "bad.yaml:3:11: a scalar contains a NUL character" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(VsWhatIfScenario) sc =
      vs_what_if_scenario_load_from_data (cases[i].text, strlen (cases[i].text), "bad.yaml", &error);
    g_assert_null (sc);
    g_assert_nonnull (error);
    g_assert_true (error->domain == VS_WHAT_IF_ERROR);
    if (strstr (error->message, cases[i].message) == NULL)
      g_error ("case %u: expected '%s', got '%s'", i, cases[i].message, error->message);
  }

  /* On the command line: exit 1 and the message. */
  g_autofree char *path = vs_test_tmp_path ("bad.whatif.yaml");
  g_assert_true (g_file_set_contents (path, cases[0].text, -1, NULL));
  const char *args[] = { "run", path, NULL };
  vs_test_run_vpusim_fails (args, 1, "bad.whatif.yaml:5:1: unknown key 'plot'", NULL);
  /* A scenario naming a schedule that is not there. */
  g_autofree char *lost = vs_test_tmp_path ("lost.whatif.yaml");
  g_assert_true (g_file_set_contents (lost, "format: vpusim-whatif\nversion: 1\n"
                                      "schedule: nowhere.yaml\nspeedups:\n", -1, NULL));
  const char *lost_args[] = { "run", lost, NULL };
  vs_test_run_vpusim_fails (lost_args, 1, "nowhere.yaml", NULL);
  const char *missing[] = { "run", "/nonexistent/x.whatif.yaml", NULL };
  vs_test_run_vpusim_fails (missing, 1, "/nonexistent/x.whatif.yaml", NULL);
}

/* The reader through its fuzz target: every truncation and a fixed set of
 * byte mutations of both scenario files must be refused cleanly or give a
 * complete vs_test_scenario (under ASan/valgrind: no invalid access, no leak). */
static void
test_mutations (void)
{
  static const char *const names[] = { "npu27_dma_bound.whatif.yaml",
                                       "npu27_conv_block.whatif.yaml" };
  static const char replacements[] = ":-[]{},&*#!|>'\"%@` \n\t0a\xff";
  GRand *rand = g_rand_new_with_seed (20240607);
  for (guint f = 0; f < G_N_ELEMENTS (names); f++) {
    g_autofree char *path = vs_test_scenario (names[f]);
    g_autofree char *text = NULL;
    gsize len = 0;
    g_assert_true (g_file_get_contents (path, &text, &len, NULL));
    g_assert_cmpint (vs_fuzz_whatif_yaml ((const guint8 *) text, len), ==, 0);
    for (gsize cut = 0; cut < len; cut++)
      g_assert_cmpint (vs_fuzz_whatif_yaml ((const guint8 *) text, cut), ==, 0);
    g_autofree char *copy = g_malloc (len + 1);
    for (int round = 0; round < 2000; round++) {
      memcpy (copy, text, len);
      for (int k = g_rand_int_range (rand, 1, 4); k > 0; k--)
        copy[g_rand_int_range (rand, 0, (gint32) len)] =
          replacements[g_rand_int_range (rand, 0, (gint32) sizeof replacements - 1)];
      g_assert_cmpint (vs_fuzz_whatif_yaml ((const guint8 *) copy, len), ==, 0);
    }
  }
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/what-if/exact-answers", test_exact_answers);
  g_test_add_func ("/what-if/report-extra-members", test_report_extra_members);
  g_test_add_func ("/what-if/dma-bound", test_dma_bound);
  g_test_add_func ("/what-if/dma-bound-vpunn", test_dma_bound_vpunn);
  g_test_add_func ("/what-if/cli-json", test_cli_json);
  g_test_add_func ("/what-if/scenario-files", test_scenario_files);
  g_test_add_func ("/what-if/scenario-paths", test_scenario_paths);
  g_test_add_func ("/what-if/bad-scenarios", test_bad_scenarios);
  g_test_add_func ("/what-if/mutations", test_mutations);
  return g_test_run ();
}
