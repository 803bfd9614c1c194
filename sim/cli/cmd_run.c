/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_run.c — `vpusim run`: replay a schedule and report its latency.
 * All the work is in sim/analysis (run_analysis.h, what_if_scenario.h) and
 * the output writers; this file parses options, writes the files asked for
 * and prints. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "plots/cmx_plot.h"
#include "plots/gantt.h"
#include "plots/sweep_plot.h"
#include "sim/analysis/run_analysis.h"
#include "sim/analysis/what_if_scenario.h"
#include "sim/cli/commands.h"
#include "sim/output/timeline_csv.h"
#include "sim/output/trace_json.h"

int vs_cmd_run (int argc, char **argv);

/* A scenario naming a network: lowered and replayed per tile count
 * (cmd_sweep_tiles.c); the schedule's outputs do not apply. */
static int
run_network_scenario (const VsWhatIfScenario *scenario, const VsCliRunOptions *shared,
                      gboolean schedule_options)
{
  if (schedule_options) {
    vs_command_error ("%s names a network: --set, --trace, --timeline, --plot, --plot-memory, "
                      "--json, --force, --what-if and --sweep-* apply to a schedule", scenario->path);
    return VS_EXIT_USAGE;
  }
  VsTilesSweepRequest req = { .network = scenario->network, .scenario = scenario };
  int status = vs_cli_tiles_sweep_args (&req, shared);
  if (status != VS_EXIT_OK)
    return status;
  return vs_cli_sweep_tiles (&req, NULL, TRUE);
}

/* Every option of `vpusim run`, owned (GOption allocates the strings). */
typedef struct {
  VsCliRunOptions shared;       /* --device, --set, --cost, --mode, --models, --unknown-shave */
  char *trace, *timeline, *plot, *plot_memory, *sweep_csv, *sweep_plot;
  gboolean json, what_if, force;
  gint what_if_top, jobs;
} RunOptions;

static void
run_options_clear (RunOptions *o)
{
  vs_cli_run_options_clear (&o->shared);
  g_free (o->trace);
  g_free (o->timeline);
  g_free (o->plot);
  g_free (o->plot_memory);
  g_free (o->sweep_csv);
  g_free (o->sweep_plot);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunOptions, run_options_clear)

/* The staged paths of the files asked for (NULL when not asked for). */
typedef struct {
  const char *trace, *timeline, *plot, *memory, *sweep_csv, *sweep_plot;
} RunOutputs;

/* Parses the command line into *o; FALSE on a usage error (already reported). */
static gboolean
parse_run_options (RunOptions *o, int *argc, char ***argv)
{
  GOptionEntry entries[] = {
    { "trace", 't', 0, G_OPTION_ARG_FILENAME, &o->trace, "Write a Chrome/Perfetto trace", "OUT.json" },
    { "timeline", 0, 0, G_OPTION_ARG_FILENAME, &o->timeline, "Write every task's start and end as CSV", "OUT.csv" },
    { "plot", 'p', 0, G_OPTION_ARG_FILENAME, &o->plot, "Draw a Gantt chart with gnuplot", "OUT.png|svg" },
    { "plot-memory", 0, 0, G_OPTION_ARG_FILENAME, &o->plot_memory, "Draw CMX occupancy per tile with gnuplot", "OUT.png|svg" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, "Print the report as JSON instead of text", NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &o->force, "With --cost measured=PROFILE: use a profile that contradicts the schedule (tiles, task kinds), with a warning", NULL },
    { "what-if", 0, 0, G_OPTION_ARG_NONE, &o->what_if, "Also replay with each engine kind and each top layer 2x and infinitely faster", NULL },
    { "what-if-top", 0, 0, G_OPTION_ARG_INT, &o->what_if_top, "Layers (by busy time) in the what-if table (default 5; implies --what-if)", "N" },
    { "sweep-csv", 0, 0, G_OPTION_ARG_FILENAME, &o->sweep_csv, "What-if scenario: write its sweep as CSV", "OUT.csv" },
    { "sweep-plot", 0, 0, G_OPTION_ARG_FILENAME, &o->sweep_plot, "What-if scenario: draw its sweep's latency curves", "OUT.png|svg" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs, "Threads for what-if replays and sweeps (default: every core)", "N" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("SCHEDULE.{yaml,mlir}|SCENARIO.whatif.yaml - replay a schedule");
  g_option_context_set_summary (context,
      "Replays a compiled schedule on a model of the device and reports the end-to-end latency,\n"
      "the busy time of every engine and the critical path.  A what-if scenario\n"
      "(format: vpusim-whatif) names a schedule and device and asks for speed-ups and\n"
      "sweeps; command-line --device, --cost, --mode win over it, --set applies after it.");
  vs_cli_run_options_add (context, &o->shared, VS_CLI_ALL_RUN_OPTIONS, NULL, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  return vs_command_parse_options (context, argc, argv);
}

/* The checks that need no file: the operand count and the numbers. */
static int
check_run_options (const RunOptions *o, int argc)
{
  if (argc != 2) {
    vs_command_error ("run needs exactly one schedule file (see --help)");
    return VS_EXIT_USAGE;
  }
  if (o->jobs < 0) {
    vs_command_error ("--jobs: %d is not a number of threads (0 = every core)", o->jobs);
    return VS_EXIT_USAGE;
  }
  if (o->what_if_top < -1) {
    vs_command_error ("--what-if-top: %d is not a number of layers", o->what_if_top);
    return VS_EXIT_USAGE;
  }
  return VS_EXIT_OK;
}

/* Every output checked and staged before any work; written together at the end. */
static int
claim_run_outputs (VsOutputSet *outputs, const RunOptions *o, RunOutputs *paths)
{
  int status;
  if ((status = vs_command_claim (outputs, "--trace", o->trace, NULL, &paths->trace)) ||
      (status = vs_command_claim (outputs, "--timeline", o->timeline, NULL, &paths->timeline)) ||
      (status = vs_command_claim_plot (outputs, "--plot", o->plot, &paths->plot)) ||
      (status = vs_command_claim_plot (outputs, "--plot-memory", o->plot_memory, &paths->memory)) ||
      (status = vs_command_claim (outputs, "--sweep-csv", o->sweep_csv, NULL, &paths->sweep_csv)) ||
      (status = vs_command_claim_plot (outputs, "--sweep-plot", o->sweep_plot, &paths->sweep_plot)))
    return status;
  return VS_EXIT_OK;
}

/* Options into *config (then the scenario's settings, whose --set strings
 * scenario_sets owns); a usage status when an option's value is bad. */
static int
configure_run (const RunOptions *o, const VsWhatIfScenario *scenario, VsRunConfig *config,
               GPtrArray *scenario_sets)
{
  g_autoptr(GError) error = NULL;
  VsRunOptions options = vs_cli_run_options_view (&o->shared, o->force);
  if (!vs_run_config_from_options (config, &options, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  if (scenario != NULL)
    vs_what_if_scenario_configure (scenario, config, o->shared.mode != NULL, options.sets,
                                   scenario_sets);
  return VS_EXIT_OK;
}

/* The staged files written from the analysis. */
static gboolean
write_run_files (const RunOutputs *paths, const VsRunAnalysis *a, GError **error)
{
  const VsRun *run = &a->run;
  return (paths->trace == NULL ||
          vs_trace_json_write_with_memory (paths->trace, run->schedule, run->timeline, &a->cmx, error)) &&
         (paths->timeline == NULL || vs_timeline_csv_write (paths->timeline, run->schedule, run->timeline, error)) &&
         (paths->plot == NULL || vs_gantt_plot (paths->plot, run->schedule, run->timeline, error)) &&
         (paths->memory == NULL ||
          vs_cmx_plot (paths->memory, run->schedule, &a->cmx, run->timeline->latency_ps, error));
}

/* The work (sim/analysis): replay, write the staged files, answer the
 * what-ifs; then print the report. */
static int
replay_and_report (const RunOptions *o, VsOutputSet *outputs, const RunOutputs *paths,
                   const VsWhatIfScenario *scenario, const char *schedule_path,
                   VsRunConfig *config)
{
  g_autoptr(GError) error = NULL;
  VsRunAnalysis a;
  gboolean ok = vs_run_analyse (&a, schedule_path, config, &error);
  vs_command_notes (a.run.notes, "note");
  if (!ok) {
    vs_command_error ("%s", error->message);
    vs_run_analysis_clear (&a);
    return VS_EXIT_FAILURE;
  }
  ok = write_run_files (paths, &a, &error);

  /* What-if answers: more replays of the same costs. */
  g_autoptr(GString) what_if_text = g_string_new (NULL);
  g_autoptr(GString) what_if_json = g_string_new (NULL);
  VsWhatIfRunOptions what_if_options = { o->what_if, o->what_if_top, (guint) o->jobs, paths->sweep_csv,
                                          paths->sweep_plot, vs_sweep_plot };
  if (ok && (scenario != NULL || o->what_if || o->what_if_top >= 0))
    ok = vs_what_if_scenario_answer (&a.run, config, scenario, &what_if_options,
                                     o->json ? NULL : what_if_text, o->json ? what_if_json : NULL, &error);

  g_autoptr(GString) out = g_string_new (NULL);
  if (o->json)
    vs_run_analysis_append_json (out, &a, what_if_json->str);
  else
    vs_run_analysis_append_text (out, &a, config, what_if_text->str);
  vs_run_analysis_clear (&a);
  /* A failed run prints no report and leaves no file. */
  if (!ok) {
    vs_command_output_error (outputs, error);
    return VS_EXIT_FAILURE;
  }
  int status;
  if ((status = vs_command_commit (outputs)) != VS_EXIT_OK)
    return status;
  fputs (out->str, stdout);
  return VS_EXIT_OK;
}

int
vs_cmd_run (int argc, char **argv)
{
  g_auto(RunOptions) o = { 0 };
  o.what_if_top = -1;
  if (!parse_run_options (&o, &argc, &argv))
    return VS_EXIT_USAGE;
  int status = check_run_options (&o, argc);
  if (status != VS_EXIT_OK)
    return status;
  g_autoptr(VsOutputSet) outputs = vs_output_set_new ();
  RunOutputs paths = { 0 };
  if ((status = claim_run_outputs (outputs, &o, &paths)) != VS_EXIT_OK)
    return status;

  g_autoptr(GError) error = NULL;
  const char *schedule_path = argv[1];
  g_autoptr(VsWhatIfScenario) scenario = NULL;
  if (vs_what_if_scenario_detect (argv[1])) {
    scenario = vs_what_if_scenario_load (argv[1], &error);
    if (scenario == NULL) {
      vs_command_error ("%s", error->message);
      return VS_EXIT_FAILURE;
    }
    schedule_path = scenario->schedule;
  }
  if (scenario != NULL && scenario->network != NULL)
    return run_network_scenario (scenario, &o.shared,
                                 o.trace || o.timeline || o.plot || o.plot_memory || o.json ||
                                 o.force || o.what_if || o.what_if_top >= 0 || o.sweep_csv ||
                                 o.sweep_plot || o.shared.sets != NULL);
  if ((o.sweep_csv != NULL || o.sweep_plot != NULL) && (scenario == NULL || scenario->sweep == NULL)) {
    vs_command_error ("--sweep-csv and --sweep-plot need a what-if scenario with a sweep "
                      "(or use `vpusim sweep`)");
    return VS_EXIT_USAGE;
  }
  VsRunConfig config = { 0 };
  g_autoptr(GPtrArray) scenario_sets = g_ptr_array_new_with_free_func (g_free);
  if ((status = configure_run (&o, scenario, &config, scenario_sets)) != VS_EXIT_OK)
    return status;
  return replay_and_report (&o, outputs, &paths, scenario, schedule_path, &config);
}
