/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_run.c — `vpusim run`: replay a schedule and report its latency.
 * All the work is in run_pipeline.c and the output writers; this file turns
 * options into a VsRunConfig and results into files and text. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "plots/cmx_plot.h"
#include "plots/gantt.h"
#include "plots/sweep_plot.h"
#include "sim/engine/cmx_occupancy.h"
#include "sim/cli/commands.h"
#include "sim/engine/critical_path.h"
#include "sim/base/output_file.h"
#include "sim/output/report.h"
#include "sim/analysis/run_pipeline.h"
#include "sim/output/timeline_csv.h"
#include "sim/output/trace_json.h"
#include "sim/analysis/what_if_scenario.h"

int vs_cmd_run (int argc, char **argv);

static void
append_cmx_text (GString *out, const VsCmxReport *cmx)
{
  gboolean any = FALSE;
  for (guint t = 0; t < cmx->n_tiles; t++)
    any |= cmx->peak_bytes[t] > 0;
  if (!any)
    return;
  g_string_append (out, "\nCMX occupancy (peak live bytes per tile):\n");
  for (guint t = 0; t < cmx->n_tiles; t++) {
    if (cmx->peak_bytes[t] == 0)
      continue;
    g_string_append_printf (out, "  tile %u: %" G_GINT64_FORMAT " bytes (%.1f %% of %" G_GINT64_FORMAT
                            ") at %.3f us\n", t, cmx->peak_bytes[t],
                            cmx->capacity_bytes > 0 ? 100.0 * cmx->peak_bytes[t] / cmx->capacity_bytes : 0.0,
                            cmx->capacity_bytes, cmx->peak_time_ps[t] / 1e6);
  }
  for (guint i = 0; i < cmx->problems->len; i++)
    g_string_append_printf (out, "  problem: %s\n",
                            g_array_index (cmx->problems, VsCmxProblem, i).message);
}

/* A scenario naming a network: lowered and replayed per tile count
 * (cmd_sweep_tiles.c); the schedule's outputs do not apply. */
static int
run_network_scenario (const VsWhatIfScenario *scenario, const char *device, const char *cost,
                      const char *mode, const char *models, const char *unknown_shave,
                      gboolean schedule_options)
{
  if (schedule_options) {
    vs_command_error ("%s names a network: --set, --trace, --timeline, --plot, --plot-memory, "
                      "--json, --force, --what-if and --sweep-* apply to a schedule", scenario->path);
    return VS_EXIT_USAGE;
  }
  VsTilesSweepArgs args = { 0 };
  args.device = device;
  args.cost = cost;
  args.models = models;
  args.mode_given = mode != NULL;
  g_autoptr(GError) error = NULL;
  VsCostSpec check;
  if ((mode != NULL && !vs_replay_mode_from_name (mode, &args.mode))) {
    vs_command_error ("--mode: '%s' is not realistic or compiler", mode);
    return VS_EXIT_USAGE;
  }
  if (!vs_unknown_shave_policy_parse (unknown_shave, &args.unknown_shave, &error) ||
      !vs_cost_spec_parse (cost, &check, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  return vs_cli_sweep_tiles (scenario->network, scenario, &args, TRUE);
}

/* Every option of `vpusim run`, owned (GOption allocates the strings). */
typedef struct {
  char *device, *cost, *mode, *models, *unknown_shave;
  char *trace, *timeline, *plot, *plot_memory, *sweep_csv, *sweep_plot;
  GStrv sets;
  gboolean json, what_if, force;
  gint what_if_top, jobs;
} RunOptions;

static void
run_options_clear (RunOptions *o)
{
  g_free (o->device);
  g_free (o->cost);
  g_free (o->mode);
  g_free (o->models);
  g_free (o->unknown_shave);
  g_free (o->trace);
  g_free (o->timeline);
  g_free (o->plot);
  g_free (o->plot_memory);
  g_free (o->sweep_csv);
  g_free (o->sweep_plot);
  g_strfreev (o->sets);
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
    { "device", 'd', 0, G_OPTION_ARG_STRING, &o->device, "Device preset (vpu20, npu27, npu40) or device YAML file, instead of the schedule's", "PRESET|FILE" },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &o->sets, "Override a device parameter (repeatable; an unknown key lists the valid ones)", "KEY=VALUE" },
    { "cost", 'c', 0, G_OPTION_ARG_STRING, &o->cost, "Cost model: vpunn, analytical, fixed, or per kind dpu=..,dma=..,shave=.. (default: vpunn when its files are found)", "SPEC" },
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &o->mode, "realistic (default: dispatch latencies, SHAVE start-up, physical barriers) or compiler (the NPU compiler's estimator)", "MODE" },
    { "models", 0, 0, G_OPTION_ARG_FILENAME, &o->models, "Folder of the VPUNN .vpunn files (default: $VPUSIM_VPUNN_DIR, then the configured folder)", "DIR" },
    { "unknown-shave", 0, 0, G_OPTION_ARG_STRING, &o->unknown_shave, "SHAVE kernels the model does not know: error, zero or analytical (default)", "POLICY" },
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
  config->device = o->device;
  config->sets = (const char *const *) o->sets;
  config->cost = o->cost;
  config->models_dir = o->models;
  config->force = o->force;
  if ((o->mode != NULL && !vs_replay_mode_from_name (o->mode, &config->mode))) {
    vs_command_error ("--mode: '%s' is not realistic or compiler", o->mode);
    return VS_EXIT_USAGE;
  }
  if (!vs_unknown_shave_policy_parse (o->unknown_shave, &config->unknown_shave, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  VsCostSpec check;
  if (!vs_cost_spec_parse (o->cost, &check, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  if (scenario != NULL)
    vs_what_if_scenario_configure (scenario, config, o->mode != NULL,
                                   (const char *const *) o->sets, scenario_sets);
  return VS_EXIT_OK;
}

static void
append_text_report (GString *out, const VsRun *run, const VsRunConfig *config,
                    const VsCriticalPath *path, const VsCmxReport *cmx, const char *what_if_text)
{
  g_string_append_printf (out, "cost models: DPU %s, DMA %s, SHAVE %s; mode %s\n",
                          vs_cost_choice_name (run->spec.dpu), vs_cost_choice_name (run->spec.dma),
                          vs_cost_choice_name (run->spec.shave), vs_replay_mode_name (config->mode));
  if (run->measured_profile != NULL)
    g_string_append_printf (out, "measured durations: %u of %u tasks, from %s\n", run->measured_tasks,
                            run->schedule->tasks->len, run->measured_profile);
  vs_report_append_text (out, run->schedule, run->timeline, path, 12);
  append_cmx_text (out, cmx);
  g_string_append (out, what_if_text);
}

/* The work: replay, write the staged files, answer the what-ifs, print the report. */
static int
replay_and_report (const RunOptions *o, VsOutputSet *outputs, const RunOutputs *paths,
                   const VsWhatIfScenario *scenario, const char *schedule_path,
                   VsRunConfig *config)
{
  g_autoptr(GError) error = NULL;
  VsRun run;
  gboolean ok = vs_run_prepare (&run, schedule_path, config, &error) && vs_run_replay (&run, config, &error);
  if (run.notes != NULL)
    for (guint i = 0; i < run.notes->len; i++)
      fprintf (stderr, "vpusim: note: %s\n", (const char *) run.notes->pdata[i]);
  if (!ok) {
    vs_command_error ("%s", error->message);
    vs_run_clear (&run);
    return VS_EXIT_FAILURE;
  }

  g_autoptr(VsCriticalPath) path = vs_critical_path_compute (run.schedule, run.timeline);
  VsCmxReport cmx;
  vs_cmx_occupancy (run.schedule, run.timeline->task_start, run.timeline->task_end, &cmx, NULL);

  ok = (paths->trace == NULL ||
        vs_trace_json_write_with_memory (paths->trace, run.schedule, run.timeline, &cmx, &error)) &&
       (paths->timeline == NULL || vs_timeline_csv_write (paths->timeline, run.schedule, run.timeline, &error)) &&
       (paths->plot == NULL || vs_gantt_plot (paths->plot, run.schedule, run.timeline, &error));
  if (ok && paths->memory != NULL)
    ok = vs_cmx_plot (paths->memory, run.schedule, &cmx, run.timeline->latency_ps, &error);

  /* What-if answers: more replays of the same costs. */
  g_autoptr(GString) what_if_text = g_string_new (NULL);
  g_autoptr(GString) what_if_json = g_string_new (NULL);
  VsWhatIfRunOptions what_if_options = { o->what_if, o->what_if_top, (guint) o->jobs, paths->sweep_csv,
                                          paths->sweep_plot, vs_sweep_plot };
  if (ok && (scenario != NULL || o->what_if || o->what_if_top >= 0))
    ok = vs_what_if_scenario_answer (&run, config, scenario, &what_if_options,
                                     o->json ? NULL : what_if_text, o->json ? what_if_json : NULL, &error);

  g_autoptr(GString) out = g_string_new (NULL);
  if (o->json)
    vs_report_append_json_extra (out, run.schedule, run.timeline, path, what_if_json->str);
  else
    append_text_report (out, &run, config, path, &cmx, what_if_text->str);
  vs_cmx_report_clear (&cmx);
  vs_run_clear (&run);
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
    return run_network_scenario (scenario, o.device, o.cost, o.mode, o.models, o.unknown_shave,
                                 o.trace || o.timeline || o.plot || o.plot_memory || o.json ||
                                 o.force || o.what_if || o.what_if_top >= 0 || o.sweep_csv ||
                                 o.sweep_plot || o.sets != NULL);
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
