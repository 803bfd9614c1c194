/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_sweep.c — `vpusim sweep`: replay a schedule over a grid of device
 * values on every core, as CSV and curves, and `--merge` for sharded runs.
 * The plan, the parallel replay, the merge and the summary are in
 * sim/analysis/sweep.c; this file parses options, draws progress and plots,
 * and prints. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "plots/gnuplot.h"
#include "plots/sweep_plot.h"
#include "sim/cli/commands.h"
#include "sim/base/output_file.h"
#include "sim/base/parallel.h"
#include "sim/analysis/sweep.h"
#include "sim/analysis/what_if_scenario.h"

/* A bar on a terminal: redrawn in place, at most every 100 ms (the pool's
 * pace). */
typedef struct {
  gint64 start_us;
  gboolean drawn;
} Progress;

static void
draw_progress (gpointer user_data, guint64 done, guint64 total)
{
  Progress *p = user_data;
  enum { WIDTH = 40 };
  guint filled = total > 0 ? (guint) (done * WIDTH / total) : WIDTH;
  char bar[WIDTH + 1];
  for (guint i = 0; i < WIDTH; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[WIDTH] = '\0';
  double s = (g_get_monotonic_time () - p->start_us) / 1e6;
  fprintf (stderr, "\rsweep [%s] %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " points  %.1f s", bar,
           done, total, s);
  fflush (stderr);
  p->drawn = TRUE;
}

static int
merge_parts (char **parts, guint n, const char *output)
{
  g_autoptr(VsOutputSet) outputs = vs_output_set_new ();
  const char *staged = NULL;
  int status = vs_command_claim (outputs, "--output", output, NULL, &staged);
  if (status != VS_EXIT_OK)
    return status;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  if (!vs_sweep_merge ((const char *const *) parts, n, out, &error)) {
    vs_command_error ("%s", error->message);
    return error->domain == VS_SWEEP_ERROR && error->code == VS_SWEEP_ERROR_USAGE ? VS_EXIT_USAGE
                                                                                   : VS_EXIT_FAILURE;
  }
  return vs_command_emit (outputs, staged, out);
}

/* A network lowered per tile count (cmd_sweep_tiles.c): the device grid's
 * options do not apply there and are refused. */
static int
sweep_network (const VsWhatIfScenario *scenario, const char *path, const char *tiles,
               const char *strategy, const char *choose_with, const VsCliRunOptions *shared,
               const char *output, gboolean grid_options)
{
  if (scenario != NULL && scenario->network == NULL) {
    vs_command_error ("--tiles, --strategy and --choose-with apply to a network; %s names a "
                      "schedule", path);
    return VS_EXIT_USAGE;
  }
  if (scenario == NULL && tiles == NULL) {
    vs_command_error ("--strategy and --choose-with need --tiles N1,N2,... (see --help)");
    return VS_EXIT_USAGE;
  }
  if (grid_options) {
    vs_command_error ("--set, --shard, --plot and --jobs apply to a schedule's device grid, not "
                      "to a network's tile counts");
    return VS_EXIT_USAGE;
  }
  VsTilesSweepRequest req = {
    .network = scenario != NULL ? scenario->network : path, .scenario = scenario, .tiles = tiles,
    .strategy = strategy, .choose_with = choose_with,
  };
  int status = vs_cli_tiles_sweep_args (&req, shared);
  if (status != VS_EXIT_OK)
    return status;
  return vs_cli_sweep_tiles (&req, output, FALSE);
}

/* The command line, as GOption fills it. */
typedef struct {
  VsCliRunOptions shared;       /* --set (value lists), --device, --cost, --mode, ... */
  char *shard_text, *plot, *output;
  char *tiles, *strategy, *choose_with;
  gint jobs;
  gboolean merge;
} SweepOptions;

static void
sweep_options_clear (SweepOptions *o)
{
  vs_cli_run_options_clear (&o->shared);
  g_free (o->shard_text);
  g_free (o->plot);
  g_free (o->output);
  g_free (o->tiles);
  g_free (o->strategy);
  g_free (o->choose_with);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SweepOptions, sweep_options_clear)

static gboolean
parse_options (SweepOptions *o, int *argc, char ***argv)
{
  GOptionEntry entries[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs, "Worker threads (default: every core)", "N" },
    { "shard", 0, 0, G_OPTION_ARG_STRING, &o->shard_text, "Run only contiguous slice I of N of the grid (I counts from 0)", "I/N" },
    { "plot", 'p', 0, G_OPTION_ARG_FILENAME, &o->plot, "Draw latency curves with gnuplot", "OUT.png|svg" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output, "Write the CSV there (default: standard output)", "OUT.csv" },
    { "tiles", 0, 0, G_OPTION_ARG_STRING, &o->tiles, "A network (vpusim-network file or compiled .mlir): lower it afresh on each tile count and replay", "N1,N2,..." },
    { "strategy", 0, 0, G_OPTION_ARG_STRING, &o->strategy, "With --tiles: the lowering's strategy, as lower --strategy (default keep)", "NAME" },
    { "choose-with", 0, 0, G_OPTION_ARG_STRING, &o->choose_with, "With --tiles --strategy auto: vpunn (default) or analytical", "MODEL" },
    { "merge", 0, 0, G_OPTION_ARG_NONE, &o->merge, "Join the part CSVs of a sharded sweep given as arguments", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (
      "SCHEDULE --set KEY=V1,V2,... | NET --tiles N1,N2,... | SCENARIO.whatif.yaml | --merge PART.csv... - replay a schedule over a grid of device values");
  g_option_context_set_summary (context,
      "Costs the schedule once, then replays it for every combination of the --set values\n"
      "(re-timing clocks and bandwidths, as `run --set` would) on worker threads.  Points are\n"
      "numbered with the first --set varying slowest.  The CSV has one row per point: point,\n"
      "points (the grid size), the keys, latency_ps, latency_us and each engine kind's busy us\n"
      "and utilisation.  --shard I/N runs points [P*I/N, P*(I+1)/N); --merge joins the parts.\n"
      "A what-if scenario gives the schedule, device and overrides, and its sweep unless --set\n"
      "gives a grid.\n"
      "--tiles lowers a network (vpusim-network YAML, or a compiled .mlir whose network is\n"
      "recovered) afresh on each tile count, as `vpusim lower --tiles N` would, and replays each\n"
      "schedule: CSV columns tiles, tasks, barriers, latency_ps, latency_us and DPU, SHAVE and DMA\n"
      "busy us (-o: the CSV there and a table on standard output).  A scenario naming a network\n"
      "and lower: {tiles: [...]} does the same.\n"
      "Exit status: 0 ok, 1 bad input or failed replay, 2 bad options.");
  vs_cli_run_options_add (context, &o->shared, VS_CLI_ALL_RUN_OPTIONS,
                          "A device key and its values (repeatable; the first --set varies slowest)",
                          "KEY=V1,V2,...");
  g_option_context_add_main_entries (context, entries, NULL);
  return vs_command_parse_options (context, argc, argv);
}

/* --merge: only part files and -o. */
static int
sweep_merge (const SweepOptions *o, int argc, char **argv)
{
  if (vs_cli_run_options_given (&o->shared, VS_CLI_ALL_RUN_OPTIONS) || o->shard_text != NULL ||
      o->plot != NULL || o->jobs != 0 || o->tiles != NULL || o->strategy != NULL ||
      o->choose_with != NULL) {
    vs_command_error ("--merge takes only part files and -o (see --help)");
    return VS_EXIT_USAGE;
  }
  if (argc < 2) {
    vs_command_error ("--merge needs the part CSV files (see --help)");
    return VS_EXIT_USAGE;
  }
  return merge_parts (argv + 1, (guint) argc - 1, o->output);
}

/* A grid sweep: its outputs (claimed before it starts, written together
 * when it is done), run configuration and plan (sim/analysis/sweep.h). */
typedef struct {
  VsOutputSet *outputs;
  const char *csv_out, *plot_out;
  VsRunConfig config;
  GPtrArray *scenario_sets;     /* strings config may point into */
  VsSweepPlan plan;
} SweepJob;

static void
sweep_job_clear (SweepJob *job)
{
  g_clear_pointer (&job->outputs, vs_output_set_free);
  g_clear_pointer (&job->scenario_sets, g_ptr_array_unref);
  vs_sweep_plan_clear (&job->plan);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SweepJob, sweep_job_clear)

/* The outputs claimed, then the option combination checked: a grid to
 * sweep and a sane number of threads. */
static int
claim_and_validate (SweepJob *job, const SweepOptions *o, const VsWhatIfScenario *scenario)
{
  int status;
  if ((status = vs_command_claim (job->outputs, "--output", o->output, NULL, &job->csv_out)) ||
      (status = vs_command_claim_plot (job->outputs, "--plot", o->plot, &job->plot_out)))
    return status;
  if (o->shared.sets == NULL && (scenario == NULL || scenario->sweep == NULL)) {
    vs_command_error ("sweep needs at least one --set KEY=V1,V2,...%s (see --help)",
                      scenario != NULL ? " (the scenario has no sweep:)" : "");
    return VS_EXIT_USAGE;
  }
  if (o->jobs < 0) {
    vs_command_error ("--jobs: %d is not a number of threads (0 = every core)", o->jobs);
    return VS_EXIT_USAGE;
  }
  return VS_EXIT_OK;
}

/* The run configuration (the command line's, then the scenario's) and the
 * plan: the grid and this run's slice of it. */
static int
plan_sweep (SweepJob *job, const SweepOptions *o, const VsWhatIfScenario *scenario)
{
  g_autoptr(GError) error = NULL;
  VsRunOptions options = vs_cli_run_options_view (&o->shared, FALSE);
  options.sets = NULL;          /* sweep's --set lists are the grid, not overrides */
  gboolean ok = vs_run_config_from_options (&job->config, &options, &error);
  if (ok && scenario != NULL)
    vs_what_if_scenario_configure (scenario, &job->config, o->shared.mode != NULL, NULL,
                                   job->scenario_sets);
  ok = ok && vs_sweep_plan_init (&job->plan, (const char *const *) o->shared.sets,
                                 scenario != NULL ? scenario->sweep : NULL, o->shard_text, &error);
  if (!ok) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  return VS_EXIT_OK;
}

/* The work (sim/analysis/sweep.h): cost the schedule once, then replay
 * every point of the slice into results, with a progress bar on a terminal.
 * On failure the error is reported and run cleared. */
static int
run_grid (VsRun *run, SweepJob *job, const char *schedule_path, gint jobs,
          VsSweepResult *results)
{
  g_autoptr(GError) error = NULL;
  const VsSweepPlan *plan = &job->plan;
  gboolean ok = vs_sweep_prepare (run, schedule_path, &job->config, plan->grid, &error);
  vs_command_notes (run->notes, "note");
  if (!ok) {
    vs_command_error ("%s", error->message);
    vs_run_clear (run);
    return VS_EXIT_FAILURE;
  }

  guint64 first = plan->first, end = plan->end;
  guint threads = vs_parallel_threads ((guint) jobs, end - first);
  Progress progress = { g_get_monotonic_time (), FALSE };
  gboolean tty = isatty (fileno (stderr));
  ok = vs_sweep_run (run, &job->config, plan->grid, first, end, threads, tty ? draw_progress : NULL,
                     &progress, results, &error);
  double seconds = (g_get_monotonic_time () - progress.start_us) / 1e6;
  if (progress.drawn)
    fputc ('\n', stderr);
  if (!ok) {
    vs_command_error ("%s", error->message);
    vs_run_clear (run);
    return VS_EXIT_FAILURE;
  }
  fprintf (stderr, "vpusim: note: %" G_GUINT64_FORMAT " points on %u thread%s in %.3f s (%.0f "
           "points/s)\n", end - first, threads, threads == 1 ? "" : "s", seconds,
           seconds > 0 ? (end - first) / seconds : 0.0);
  return VS_EXIT_OK;
}

/* The printing: the CSV (and plot) written together, or the CSV on standard
 * output; with -o, a summary there instead. */
static int
write_results (SweepJob *job, const SweepOptions *o, const VsRun *run, const char *schedule_path,
               const VsSweepResult *results)
{
  g_autoptr(GError) error = NULL;
  const VsSweepPlan *plan = &job->plan;
  g_autoptr(GString) csv = g_string_new (NULL);
  vs_sweep_append_csv (csv, run->schedule, plan->grid, plan->first, plan->end, results);
  gboolean ok = o->output == NULL || vs_output_file_write (job->csv_out, csv, &error);
  if (ok && o->plot != NULL) {
    g_autofree char *base = g_path_get_basename (schedule_path);
    g_autofree char *title = plan->shard.count > 1
        ? g_strdup_printf ("%s  shard %u/%u", base, plan->shard.index, plan->shard.count)
        : g_strdup (base);
    ok = vs_sweep_plot (job->plot_out, title, plan->grid, plan->first, plan->end, results, &error);
  }
  ok = ok && vs_output_set_commit (job->outputs, &error);
  if (ok && o->output == NULL)
    fputs (csv->str, stdout);
  if (ok && o->output != NULL) {
    g_autoptr(GString) summary = g_string_new (NULL);
    vs_sweep_append_summary (summary, plan, results, o->output);
    fputs (summary->str, stdout);
  }
  if (!ok) {
    vs_command_output_error (job->outputs, error);
    return VS_EXIT_FAILURE;
  }
  return VS_EXIT_OK;
}

int
vs_cmd_sweep (int argc, char **argv)
{
  g_auto(SweepOptions) o = { 0 };
  if (!parse_options (&o, &argc, &argv))
    return VS_EXIT_USAGE;
  if (o.merge)
    return sweep_merge (&o, argc, argv);
  if (argc != 2) {
    vs_command_error ("sweep needs exactly one schedule file (see --help)");
    return VS_EXIT_USAGE;
  }
  /* A what-if scenario gives the schedule, the device and, unless --set
   * gives another, the grid: so its sweep can be sharded too. */
  const char *schedule_path = argv[1];
  g_autoptr(VsWhatIfScenario) scenario = NULL;
  if (vs_what_if_scenario_detect (argv[1])) {
    g_autoptr(GError) error = NULL;
    scenario = vs_what_if_scenario_load (argv[1], &error);
    if (scenario == NULL) {
      vs_command_error ("%s", error->message);
      return VS_EXIT_FAILURE;
    }
    schedule_path = scenario->schedule;
  }
  if (o.tiles != NULL || o.strategy != NULL || o.choose_with != NULL ||
      (scenario != NULL && scenario->network != NULL))
    return sweep_network (scenario, argv[1], o.tiles, o.strategy, o.choose_with, &o.shared,
                          o.output, o.shared.sets != NULL || o.shard_text != NULL ||
                          o.plot != NULL || o.jobs != 0);

  g_auto(SweepJob) job = { 0 };
  job.outputs = vs_output_set_new ();
  job.scenario_sets = g_ptr_array_new_with_free_func (g_free);
  int status;
  if ((status = claim_and_validate (&job, &o, scenario)) != VS_EXIT_OK ||
      (status = plan_sweep (&job, &o, scenario)) != VS_EXIT_OK)
    return status;
  VsRun run;
  g_autofree VsSweepResult *results = g_new0 (VsSweepResult, job.plan.end - job.plan.first + 1);
  if ((status = run_grid (&run, &job, schedule_path, o.jobs, results)) != VS_EXIT_OK)
    return status;
  status = write_results (&job, &o, &run, schedule_path, results);
  vs_run_clear (&run);
  return status;
}
