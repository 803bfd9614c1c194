/* SPDX-License-Identifier: Apache-2.0 */
/* test_sweep.c — `vpusim sweep`: grids and their point order, shards and
 * merging, results independent of the thread count and equal to `run
 * --set` of the same values, the CSV and plot outputs, and the errors a
 * user meets (bad --set lists, bad shards, bad parts). */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sim/analysis/sweep.h"
#include "tests/test_support.h"

static char *
read_file (const char *path)
{
  char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* Run vpusim and expect success; returns stdout. */
/* Runs that must fail: exit status, a message fragment, and no output. */
static void
test_grid_order (void)
{
  g_autoptr(VsSweepGrid) grid = vs_sweep_grid_new ();
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_sweep_grid_add (grid, "ddr_bandwidth_gbps=13.5, 27,54.0", &error));
  g_assert_true (vs_sweep_grid_add (grid, "dpus_per_tile=1,2", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (grid->n_points, ==, 6);
  /* Values are spelled as the device writes them. */
  const VsSweepAxis *bw = grid->axes->pdata[0];
  g_assert_cmpstr (bw->values->pdata[2], ==, "54");
  /* The first key varies slowest. */
  static const guint expect[6][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 }, { 2, 0 }, { 2, 1 } };
  for (guint p = 0; p < 6; p++) {
    g_assert_cmpuint (vs_sweep_grid_value_index (grid, 0, p), ==, expect[p][0]);
    g_assert_cmpuint (vs_sweep_grid_value_index (grid, 1, p), ==, expect[p][1]);
  }
  VsDevice device;
  g_assert_true (vs_device_load (&device, "npu27", &error));
  g_assert_true (vs_sweep_grid_apply (grid, 3, &device, &error));
  g_assert_cmpfloat (device.ddr_bandwidth_gbps, ==, 27.0);
  g_assert_cmpint (device.dpus_per_tile, ==, 2);
  g_autofree char *what = vs_sweep_grid_describe (grid, 5);
  g_assert_cmpstr (what, ==, "ddr_bandwidth_gbps=54, dpus_per_tile=2");
}

static void
test_grid_errors (void)
{
  static const struct { const char *first, *set, *message; } cases[] = {
    { NULL, "dpu_clock_mhz", "is not of the form KEY=V1,V2" },
    { NULL, "=1,2", "is not of the form KEY=V1,V2" },
    { NULL, "dpu_clock_mhz=975,,1300", "empty value" },
    { NULL, "dpu_clock_mhz=", "'dpu_clock_mhz' has no values" },
    { NULL, "dpu_clock=975", "unknown device key 'dpu_clock'" },
    { NULL, "tiles=1,0", "device key 'tiles': 0 is out of range" },
    { NULL, "dpu_clock_mhz=fast", "expected a number, got 'fast'" },
    { NULL, "dpu_clock_mhz=975,975.0", "lists 975 twice" },
    { NULL, "arch=NPU27,NPU40", "'arch' cannot be swept" },
    { "tiles=1,2", "tiles=4", "'tiles' is given twice" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr(VsSweepGrid) grid = vs_sweep_grid_new ();
    g_autoptr(GError) error = NULL;
    if (cases[i].first != NULL)
      g_assert_true (vs_sweep_grid_add (grid, cases[i].first, NULL));
    g_assert_false (vs_sweep_grid_add (grid, cases[i].set, &error));
    g_assert_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE);
    if (strstr (error->message, cases[i].message) == NULL)
      g_error ("--set %s: expected '%s', got '%s'", cases[i].set, cases[i].message, error->message);
    g_assert_true (g_str_has_prefix (error->message, "--set"));
  }
}

static void
test_shards (void)
{
  /* Every shard count over every small grid: contiguous, disjoint,
   * complete, and within one point of equal size. */
  for (guint64 points = 1; points <= 20; points++)
    for (guint count = 1; count <= 24; count++) {
      guint64 next = 0, lo = G_MAXUINT64, hi = 0;
      for (guint i = 0; i < count; i++) {
        VsSweepShard shard = { i, count };
        guint64 first, end;
        vs_sweep_shard_range (&shard, points, &first, &end);
        g_assert_cmpuint (first, ==, next);
        g_assert_cmpuint (end, >=, first);
        lo = MIN (lo, end - first);
        hi = MAX (hi, end - first);
        next = end;
      }
      g_assert_cmpuint (next, ==, points);
      g_assert_cmpuint (hi - lo, <=, 1);
    }
  /* A huge grid: no overflow. */
  VsSweepShard last = { G_MAXUINT32 - 1, G_MAXUINT32 };
  guint64 first, end, big = (G_GUINT64_CONSTANT (1) << 48) - 1;
  vs_sweep_shard_range (&last, big, &first, &end);
  g_assert_cmpuint (end, ==, big);
  g_assert_cmpuint (first, <, end);

  static const char *const bad[] = { "", "1", "2/2", "5/3", "a/4", "1/0", "-1/4", "1/4/2", "1/ 4x" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    VsSweepShard shard;
    g_autoptr(GError) error = NULL;
    g_assert_false (vs_sweep_shard_parse (bad[i], &shard, &error));
    g_assert_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE);
    g_assert_true (g_str_has_prefix (error->message, "--shard"));
  }
  VsSweepShard ok;
  g_assert_true (vs_sweep_shard_parse ("3/4", &ok, NULL));
  g_assert_cmpuint (ok.index, ==, 3);
  g_assert_cmpuint (ok.count, ==, 4);
}

/* The 2 x 3 grid the CLI tests use. */
#define GRID_A "--set", "ddr_bandwidth_gbps=13.5,27,54"
#define GRID_B "--set", "dpu_clock_mhz=975,1300"

static void
test_threads_agree (void)
{
  g_autofree char *dma = vs_test_scenario ("npu27_dma_bound.yaml");
  g_autofree char *serial = vs_test_tmp_path ("serial.csv"), *parallel = vs_test_tmp_path ("parallel.csv");
  /* Different --set order too: the grid is 3 x 2 here, 2 x 3 below. */
  const char *a1[] = { "sweep", dma, "--cost", "analytical", GRID_B, GRID_A, "-j", "1", "-o", serial,
                       NULL };
  const char *a2[] = { "sweep", dma, "--cost", "analytical", GRID_B, GRID_A, "-j", "2", "-o",
                       parallel, NULL };
  g_free (vs_test_run_vpusim_ok (a1));
  g_autofree char *summary = vs_test_run_vpusim_ok (a2);
  g_autofree char *s = read_file (serial), *p = read_file (parallel);
  g_assert_cmpstr (s, ==, p);
  g_assert_true (g_str_has_prefix (s, "point,points,dpu_clock_mhz,ddr_bandwidth_gbps,latency_ps,"
                                      "latency_us,dma_busy_us,dma_utilisation,dpu_busy_us,"
                                      "dpu_utilisation\n"));
  g_auto(GStrv) lines = g_strsplit (s, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8);   /* header, 6 rows, "" */
  g_assert_true (g_str_has_prefix (lines[1], "0,6,975,13.5,"));
  g_assert_true (g_str_has_prefix (lines[2], "1,6,975,27,"));
  g_assert_true (g_str_has_prefix (lines[6], "5,6,1300,54,"));
  g_assert_nonnull (strstr (summary, "sweep: 6 points"));
  g_assert_nonnull (strstr (summary, "fastest: point 5 (dpu_clock_mhz=1300, ddr_bandwidth_gbps=54)"));

  /* Without -o the CSV goes to standard output, the same bytes. */
  const char *a3[] = { "sweep", dma, "--cost", "analytical", GRID_B, GRID_A, "-j", "3", NULL };
  g_autofree char *stdout_csv = vs_test_run_vpusim_ok (a3);
  g_assert_cmpstr (stdout_csv, ==, s);
}

/* The library: every thread count gives the same results, point by point. */
static void
test_library_threads (void)
{
  g_autofree char *sok = vs_test_scenario ("npu40_6tile_sok.yaml");
  VsRunConfig config = { .cost = "analytical" };
  VsRun run;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_run_prepare (&run, sok, &config, &error));
  g_assert_no_error (error);
  g_autoptr(VsSweepGrid) grid = vs_sweep_grid_new ();
  g_assert_true (vs_sweep_grid_add (grid, "ddr_bandwidth_gbps=10,20,40,80", NULL));
  g_assert_true (vs_sweep_grid_add (grid, "dpus_per_tile=1,2", NULL));
  g_assert_true (vs_sweep_grid_add (grid, "shave_clock_mhz=500,1000,2000", NULL));
  g_assert_true (vs_sweep_grid_add (grid, "dispatch_dpu_ns=0,500", NULL));
  guint64 n = grid->n_points;
  VsSweepResult *results[4];
  static const guint threads[4] = { 1, 2, 3, 8 };
  for (int t = 0; t < 4; t++) {
    results[t] = g_new0 (VsSweepResult, n);
    g_assert_true (vs_sweep_run (&run, &config, grid, 0, n, threads[t], NULL, NULL, results[t],
                                 &error));
    g_assert_no_error (error);
  }
  for (int t = 1; t < 4; t++)
    g_assert_cmpmem (results[0], n * sizeof (VsSweepResult), results[t], n * sizeof (VsSweepResult));
  /* A range gives the same rows as the whole. */
  VsSweepResult part[5];
  g_assert_true (vs_sweep_run (&run, &config, grid, 7, 12, 2, NULL, NULL, part, &error));
  g_assert_cmpmem (part, sizeof part, results[0] + 7, sizeof part);
  /* The swept keys change the result (more bandwidth never hurts). */
  gboolean any_change = FALSE;
  for (guint64 p = 0; p < n; p++)
    any_change |= results[0][p].latency_ps != results[0][0].latency_ps;
  g_assert_true (any_change);
  for (int t = 0; t < 4; t++)
    g_free (results[t]);
  vs_run_clear (&run);
}

/* The CLI's steps as library calls: the plan (grid, shard, slice limit),
 * the one costing with its notes, and the summary printed with -o. */
static void
test_library_plan (void)
{
  static const char *const sets[] = { "dpu_clock_mhz=800,1000,1300,1400", "tiles=1,2", NULL };
  VsSweepPlan plan;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_sweep_plan_init (&plan, sets, NULL, "1/2", &error));
  g_assert_no_error (error);
  g_assert_true (plan.grid == plan.own_grid);
  g_assert_cmpuint (plan.grid->n_points, ==, 8);
  g_assert_cmpuint (plan.first, ==, 4);
  g_assert_cmpuint (plan.end, ==, 8);

  g_autofree char *path = vs_test_scenario ("npu27_conv_block.yaml");
  VsRunConfig config = { .cost = "analytical" };
  VsRun run;
  g_assert_true (vs_sweep_prepare (&run, path, &config, plan.grid, &error));
  g_assert_no_error (error);
  gboolean noted = FALSE;
  for (guint i = 0; i < run.notes->len; i++)
    noted |= g_str_has_prefix (run.notes->pdata[i], "--set tiles does not change the replay: ");
  g_assert_true (noted);
  VsSweepResult results[4];
  g_assert_true (vs_sweep_run (&run, &config, plan.grid, plan.first, plan.end, 1, NULL, NULL,
                               results, &error));
  g_autoptr(GString) summary = g_string_new (NULL);
  vs_sweep_append_summary (summary, &plan, results, "out.csv");
  /* Points 4-7 are dpu_clock_mhz 1300 and 1400, each with tiles 1 and 2:
   * the fastest is at the higher clock, the slowest at the lower. */
  g_assert_true (g_str_has_prefix (summary->str, "sweep: 4 points (shard 1/2: points 4-7 of 8), "
                                                  "written to out.csv\nfastest: point 6 "
                                                  "(dpu_clock_mhz=1400, tiles=1): "));
  g_assert_nonnull (strstr (summary->str, "\nslowest: point 4 (dpu_clock_mhz=1300, tiles=1): "));
  vs_run_clear (&run);

  /* Without --set lists: the fallback grid (a scenario's sweep:). */
  VsSweepPlan whole;
  g_assert_true (vs_sweep_plan_init (&whole, NULL, plan.grid, NULL, &error));
  g_assert_true (whole.grid == plan.grid);
  g_assert_null (whole.own_grid);
  g_assert_cmpuint (whole.first, ==, 0);
  g_assert_cmpuint (whole.end, ==, 8);
  vs_sweep_plan_clear (&whole);
  vs_sweep_plan_clear (&plan);

  /* Usage errors: a bad shard, a slice larger than one run holds. */
  g_assert_false (vs_sweep_plan_init (&plan, sets, NULL, "2/2", &error));
  g_assert_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE);
  g_clear_error (&error);
  vs_sweep_plan_clear (&plan);
  static const char *const big[] = {
    "dpu_clock_mhz=1,2,3,4,5,6,7,8,9,10", "shave_clock_mhz=1,2,3,4,5,6,7,8,9,10",
    "cmx_clock_mhz=1,2,3,4,5,6,7,8,9,10", "dispatch_dma_ns=1,2,3,4,5,6,7,8,9,10",
    "dispatch_dpu_ns=1,2,3,4,5,6,7,8,9,10", "dispatch_shave_ns=1,2,3,4,5,6,7,8,9,10",
    "tiles=1,2", NULL,
  };
  g_assert_false (vs_sweep_plan_init (&plan, big, NULL, NULL, &error));
  g_assert_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==, "the grid has 2000000 points; one run holds at most "
                                       "1000000: split it with --shard I/N");
  vs_sweep_plan_clear (&plan);
}

/* latency_ps of every CSV row. */
static GArray *
csv_latencies (const char *csv)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto(GStrv) head = g_strsplit (lines[0], ",", -1);
  guint col = 0;
  while (head[col] != NULL && strcmp (head[col], "latency_ps") != 0)
    col++;
  g_assert_nonnull (head[col]);
  for (guint i = 1; lines[i] != NULL && *lines[i]; i++) {
    g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);
    gint64 v = g_ascii_strtoll (cells[col], NULL, 10);
    g_array_append_val (out, v);
  }
  return out;
}

/* A point re-timed from one pre-pass equals a full `run --set` of its
 * values, which costs the schedule again for that device. */
static void
check_points_equal_run (const char *schedule, const char *cost, const char *models)
{
  const char *sweep[16] = { "sweep", schedule, "--cost", cost, "--set",
                            "ddr_bandwidth_gbps=13.5,54", "--set", "dpu_clock_mhz=975,1600",
                            "--set", "shave_clock_mhz=700,1400", NULL };
  guint n = 10;
  if (models != NULL) {
    sweep[n++] = "--models";
    sweep[n++] = models;
    sweep[n] = NULL;
  }
  g_autofree char *csv = vs_test_run_vpusim_ok (sweep);
  g_autoptr(GArray) latency = csv_latencies (csv);
  g_assert_cmpuint (latency->len, ==, 8);
  static const char *const bw[] = { "ddr_bandwidth_gbps=13.5", "ddr_bandwidth_gbps=54" };
  static const char *const clk[] = { "dpu_clock_mhz=975", "dpu_clock_mhz=1600" };
  static const char *const shv[] = { "shave_clock_mhz=700", "shave_clock_mhz=1400" };
  for (guint p = 0; p < 8; p++) {
    const char *args[16] = { "run", schedule, "--cost", cost, "--json", "--set", bw[p / 4],
                             "--set", clk[p / 2 % 2], "--set", shv[p % 2], NULL };
    if (models != NULL) {
      args[11] = "--models";
      args[12] = models;
      args[13] = NULL;
    }
    g_autofree char *json = vs_test_run_vpusim_ok (args);
    g_assert_cmpint (g_array_index (latency, gint64, p), ==, vs_test_json_latency_ps (json));
  }
}

static void
test_points_equal_run (void)
{
  g_autofree char *dma = vs_test_scenario ("npu27_dma_bound.yaml");
  g_autofree char *block = vs_test_scenario ("npu27_conv_block.yaml");
  check_points_equal_run (dma, "analytical", NULL);
  check_points_equal_run (block, "analytical", NULL);
}

static void
test_points_equal_run_vpunn (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  g_autofree char *block = vs_test_scenario ("npu27_conv_block.yaml");
  check_points_equal_run (block, "vpunn", models);
}

static void
test_shards_merge (void)
{
  g_autofree char *dma = vs_test_scenario ("npu27_dma_bound.yaml");
  g_autofree char *whole = vs_test_tmp_path ("whole.csv");
  const char *all[] = { "sweep", dma, "--cost", "analytical", GRID_A, GRID_B, "-o", whole, NULL };
  g_free (vs_test_run_vpusim_ok (all));
  /* 4 shards of 6 points: sizes 1, 2, 1, 2. */
  char *parts[4];
  for (guint i = 0; i < 4; i++) {
    g_autofree char *name = g_strdup_printf ("part%u.csv", i);
    g_autofree char *spec = g_strdup_printf ("%u/4", i);
    parts[i] = vs_test_tmp_path (name);
    const char *args[] = { "sweep", dma, "--cost", "analytical", GRID_A, GRID_B, "--shard", spec,
                           "-o", parts[i], NULL };
    g_autofree char *summary = vs_test_run_vpusim_ok (args);
    g_assert_nonnull (strstr (summary, "shard"));
  }
  g_autofree char *merged = vs_test_tmp_path ("merged.csv");
  /* Parts in any order. */
  const char *merge[] = { "sweep", "--merge", parts[2], parts[0], parts[3], parts[1], "-o", merged,
                          NULL };
  g_free (vs_test_run_vpusim_ok (merge));
  g_autofree char *w = read_file (whole), *m = read_file (merged);
  g_assert_cmpstr (w, ==, m);

  /* A shard merged twice. */
  const char *twice[] = { "sweep", "--merge", parts[0], parts[1], parts[2], parts[3], parts[1],
                          NULL };
  vs_test_run_vpusim_fails (twice, 1, "appears twice", NULL);
  /* A shard missing: points 3 (part 2) are not there. */
  g_autofree char *never = vs_test_tmp_path ("never.csv");
  const char *missing[] = { "sweep", "--merge", parts[0], parts[1], parts[3], "-o", never, NULL };
  vs_test_run_vpusim_fails (missing, 1, "1 of 6 points are missing (3); is a shard missing?",
                            never, NULL);
  /* A part of another sweep (other keys). */
  g_autofree char *other = vs_test_tmp_path ("other.csv");
  const char *args[] = { "sweep", dma, "--cost", "analytical", "--set", "dpus_per_tile=1,2",
                         "--set", "dpu_clock_mhz=975", "-o", other, NULL };
  g_free (vs_test_run_vpusim_ok (args));
  const char *mixed[] = { "sweep", "--merge", parts[0], other, NULL };
  vs_test_run_vpusim_fails (mixed, 1, "column 3 is 'dpus_per_tile', but 'ddr_bandwidth_gbps'",
                            NULL);
  /* Same keys but another grid size. */
  g_autofree char *small = vs_test_tmp_path ("small.csv");
  const char *small_args[] = { "sweep", dma, "--cost", "analytical", "--set",
                               "ddr_bandwidth_gbps=13.5,27", GRID_B, "-o", small, NULL };
  g_free (vs_test_run_vpusim_ok (small_args));
  const char *sizes[] = { "sweep", "--merge", whole, small, NULL };
  vs_test_run_vpusim_fails (sizes, 1, "the parts come from different sweeps", NULL);
  /* Not a sweep CSV at all. */
  g_autofree char *plain = vs_test_tmp_path ("plain.csv");
  g_assert_true (g_file_set_contents (plain, "a,b\n1,2\n", -1, NULL));
  const char *not_sweep[] = { "sweep", "--merge", plain, NULL };
  vs_test_run_vpusim_fails (not_sweep, 1, "not a vpusim sweep CSV", NULL);
  /* A row with a broken point. */
  g_autofree char *broken = vs_test_tmp_path ("broken.csv");
  g_autofree char *text = g_strdup (w);
  char *row = strstr (text, "\n2,6,");
  row[1] = 'x';
  g_assert_true (g_file_set_contents (broken, text, -1, NULL));
  const char *bad_row[] = { "sweep", "--merge", broken, NULL };
  vs_test_run_vpusim_fails (bad_row, 1, "broken.csv:4: column 'point'", NULL);
  const char *none[] = { "sweep", "--merge", NULL };
  vs_test_run_vpusim_fails (none, 2, "--merge needs the part CSV files", NULL);
  const char *merge_set[] = { "sweep", "--merge", whole, GRID_A, NULL };
  vs_test_run_vpusim_fails (merge_set, 2, "--merge takes only part files", NULL);
  for (guint i = 0; i < 4; i++)
    g_free (parts[i]);
}

static void
test_bad_options (void)
{
  g_autofree char *dma = vs_test_scenario ("npu27_dma_bound.yaml");
  g_autofree char *out = vs_test_tmp_path ("never.csv");
  const char *no_set[] = { "sweep", dma, "-o", out, NULL };
  vs_test_run_vpusim_fails (no_set, 2, "at least one --set", out, NULL);
  const char *bad_list[] = { "sweep", dma, "--set", "ddr_bandwidth_gbps=13.5,,54", "-o", out, NULL };
  vs_test_run_vpusim_fails (bad_list, 2, "empty value", out, NULL);
  const char *bad_key[] = { "sweep", dma, "--set", "bandwidth=1,2", "-o", out, NULL };
  vs_test_run_vpusim_fails (bad_key, 2, "unknown device key 'bandwidth'", out, NULL);
  const char *bad_value[] = { "sweep", dma, "--set", "dpus_per_tile=1,100", "-o", out, NULL };
  vs_test_run_vpusim_fails (bad_value, 2, "100 is out of range", out, NULL);
  const char *bad_shard[] = { "sweep", dma, GRID_A, "--shard", "4/4", "-o", out, NULL };
  vs_test_run_vpusim_fails (bad_shard, 2, "--shard 4/4: I must be 0 to 3", out, NULL);
  const char *bad_shard2[] = { "sweep", dma, GRID_A, "--shard", "half", "-o", out, NULL };
  vs_test_run_vpusim_fails (bad_shard2, 2, "--shard: 'half' is not I/N", out, NULL);
  const char *bad_jobs[] = { "sweep", dma, GRID_A, "-j", "-2", "-o", out, NULL };
  vs_test_run_vpusim_fails (bad_jobs, 2, "--jobs", out, NULL);
  /* More points than one run holds: a pointer to --shard, before any work. */
  g_autoptr(GString) many = g_string_new ("dispatch_dma_ns=0");
  for (guint i = 1; i < 1001; i++)
    g_string_append_printf (many, ",%u", i);
  g_autoptr(GString) many2 = g_string_new (many->str);
  g_string_replace (many2, "dispatch_dma_ns", "dispatch_dpu_ns", 1);
  const char *too_big[] = { "sweep", dma, "--set", many->str, "--set", many2->str, "-o", out, NULL };
  vs_test_run_vpusim_fails (too_big, 2, "the grid has 1002001 points; one run holds at most 1000000: split it "
                  "with --shard I/N", out, NULL);
  const char *too_big_shard[] = { "sweep", dma, "--cost", "analytical", "--set", many->str, "--set",
                                  many2->str, "--shard", "1000/1001", NULL };
  g_autofree char *shard_csv = vs_test_run_vpusim_ok (too_big_shard);
  g_assert_true (g_str_has_prefix (strchr (shard_csv, '\n') + 1, "1001000,1002001,1000,0,"));
  const char *two[] = { "sweep", dma, dma, GRID_A, NULL };
  vs_test_run_vpusim_fails (two, 2, "exactly one schedule", NULL);
  const char *missing[] = { "sweep", "/nonexistent/s.yaml", GRID_A, "-o", out, NULL };
  vs_test_run_vpusim_fails (missing, 1, "/nonexistent/s.yaml", out, NULL);
  const char *bad_cost[] = { "sweep", dma, GRID_A, "--cost", "magic", NULL };
  vs_test_run_vpusim_fails (bad_cost, 2, "--cost", NULL);
  /* A schedule that cannot finish: the first point reports it (every point
   * would), exit 1, no CSV. */
  g_autofree char *stuck = vs_test_deadlock_schedule ("deadlock.yaml");
  const char *stuck_args[] = { "sweep", stuck, "--cost", "fixed", GRID_A, GRID_B, "-j", "2", "-o",
                               out, NULL };
  vs_test_run_vpusim_fails (stuck_args, 1, "point 0 (ddr_bandwidth_gbps=13.5, dpu_clock_mhz=975): ",
                            out, NULL);

  /* A key the replay cannot see is allowed, with a note saying so. */
  const char *inert[] = { "sweep", dma, "--cost", "analytical", "--set", "cmx_bytes_per_tile=1000000,2000000", NULL };
  g_autofree char *o = NULL, *e = NULL;
  g_assert_cmpint (vs_test_run_vpusim (inert, &o, &e), ==, 0);
  g_assert_nonnull (strstr (e, "--set cmx_bytes_per_tile does not change the replay"));
  g_autoptr(GArray) latency = csv_latencies (o);
  g_assert_cmpint (g_array_index (latency, gint64, 0), ==, g_array_index (latency, gint64, 1));
}

static void
test_plot (void)
{
  if (!vs_test_gnuplot_or_skip ())
    return;
  g_autofree char *dma = vs_test_scenario ("npu27_dma_bound.yaml");
  g_autofree char *png = vs_test_tmp_path ("sweep.png"), *svg = vs_test_tmp_path ("sweep.svg");
  const char *args[] = { "sweep", dma, "--cost", "analytical", GRID_A, GRID_B, "--plot", png, NULL };
  g_free (vs_test_run_vpusim_ok (args));
  g_autofree char *data = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (png, &data, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  /* One curve per value of the second key; a fixed key goes to the title. */
  const char *svg_args[] = { "sweep", dma, "--cost", "analytical", GRID_A, GRID_B, "--set",
                             "dpus_per_tile=2", "--plot", svg, NULL };
  g_free (vs_test_run_vpusim_ok (svg_args));
  g_autofree char *text = read_file (svg);
  g_assert_nonnull (strstr (text, "dpu_clock_mhz=975"));
  g_assert_nonnull (strstr (text, "dpu_clock_mhz=1300"));
  g_assert_nonnull (strstr (text, "dpus_per_tile=2"));
  g_assert_nonnull (strstr (text, "ddr_bandwidth_gbps"));
  /* A bad plot name fails before the sweep, with no CSV. */
  g_autofree char *bad = vs_test_tmp_path ("sweep.gif"), *csv = vs_test_tmp_path ("never_plotted.csv");
  const char *bad_args[] = { "sweep", dma, "--cost", "analytical", GRID_A, "--plot", bad, "-o", csv,
                             NULL };
  vs_test_run_vpusim_fails (bad_args, 2, "the name must end in .png or .svg", bad, NULL);
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sweep/grid-order", test_grid_order);
  g_test_add_func ("/sweep/grid-errors", test_grid_errors);
  g_test_add_func ("/sweep/shards", test_shards);
  g_test_add_func ("/sweep/threads-agree", test_threads_agree);
  g_test_add_func ("/sweep/library-threads", test_library_threads);
  g_test_add_func ("/sweep/library-plan", test_library_plan);
  g_test_add_func ("/sweep/points-equal-run", test_points_equal_run);
  g_test_add_func ("/sweep/points-equal-run-vpunn", test_points_equal_run_vpunn);
  g_test_add_func ("/sweep/shards-merge", test_shards_merge);
  g_test_add_func ("/sweep/bad-options", test_bad_options);
  g_test_add_func ("/sweep/plot", test_plot);
  return g_test_run ();
}
