/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_compare.c — `vpusim compare`: predictions against measurements.
 * `compare SCHEDULE --measured PROFILE`: whole replays against a measured
 * run (sim/analysis/schedule_compare.h).  `compare --workloads`: cost models against
 * DPU workloads measured on silicon, the VPUNN paper's own experiment.
 * Per cost model, and per operation within it: MAPE, median APE, the share
 * within 10 % and 25 %, Spearman's rank correlation; and how many rows
 * reproduce the file's reference columns (VPUNN's reference_cycles, the
 * theoretical_cycles), which checks vpusim's own VPUNN on halo workloads. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/compare_plot.h"
#include "plots/scatter.h"
#include "sim/cli/commands.h"
#include "sim/base/output_file.h"
#include "sim/analysis/schedule_compare.h"
#include "sim/analysis/workload_compare.h"

/* `compare SCHEDULE --measured PROFILE` (or a run folder): replays held
 * against a measured run (sim/analysis/schedule_compare.h). */
static int
compare_schedule (const char *schedule, const char *measured, const char *cost, const VsRunConfig *config,
                  VsOutputSet *outputs, const char *plot, gboolean json)
{
  g_autoptr(GError) error = NULL;
  gboolean use[VS_COMPARE_MODEL_COUNT];
  if (!vs_compare_models_parse (cost, use, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  g_autofree char *spec = measured != NULL ? g_strdup_printf ("%s:%s", schedule, measured)
                                           : g_strdup (schedule);
  if (measured == NULL && !g_file_test (schedule, G_FILE_TEST_IS_DIR)) {
    vs_command_error ("compare %s: needs --measured PROFILE (or a run folder holding the schedule "
                      "and its profiling.json)", schedule);
    return VS_EXIT_USAGE;
  }
  g_autoptr(VsComparison) c = vs_comparison_run (spec, config, use, cost == NULL, &error);
  if (c == NULL) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  vs_command_notes (c->notes, "note");
  if (plot != NULL && !vs_compare_plot (plot, c, &error)) {
    vs_command_output_error (outputs, error);
    return VS_EXIT_FAILURE;
  }
  int status = vs_command_commit (outputs);
  if (status != VS_EXIT_OK)
    return status;
  g_autoptr(GString) out = g_string_new (NULL);
  if (json)
    vs_comparison_append_json (c, out);
  else
    vs_comparison_append_text (c, out);
  fputs (out->str, stdout);
  return VS_EXIT_OK;
}

/* `compare --workloads FILE.csv` (sim/analysis/workload_compare.h). */
static int
compare_workloads (const char *workloads, const char *cost, const char *models,
                   VsOutputSet *outputs, const char *plot, gboolean json)
{
  gboolean use[VS_WORKLOAD_MODEL_COUNT];
  g_autoptr(GError) error = NULL;
  if (!vs_workload_models_parse (cost, use, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  g_autoptr(VsWorkloadComparison) c = vs_workload_comparison_run (workloads, models, use, &error);
  if (c == NULL) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  g_autoptr(GString) out = g_string_new (NULL);
  if (json)
    vs_workload_comparison_append_json (c, out);
  else
    vs_workload_comparison_append_text (c, out);
  gboolean ok = TRUE;
  if (plot != NULL) {
    VsScatterSeries series[VS_WORKLOAD_MODEL_COUNT];
    guint n_series = 0;
    for (int m = 0; m < VS_WORKLOAD_MODEL_COUNT; m++)
      if (c->models[m].used)
        series[n_series++] = (VsScatterSeries) { vs_workload_model_name (m), c->measured,
                                                 c->models[m].predicted, c->n_rows };
    g_autofree char *base = g_path_get_basename (workloads);
    g_autofree char *title = g_strdup_printf ("%s: DPU cycles, predicted vs measured", base);
    ok = vs_scatter_plot (plot, title, "DPU cycles", series, n_series, TRUE, &error);
  }
  if (!ok || !vs_output_set_commit (outputs, &error)) {
    vs_command_output_error (outputs, error);
    return VS_EXIT_FAILURE;
  }
  fputs (out->str, stdout);
  return VS_EXIT_OK;
}

int vs_cmd_compare (int argc, char **argv);

int
vs_cmd_compare (int argc, char **argv)
{
  g_autofree char *workloads = NULL, *cost = NULL, *plot = NULL, *profile = NULL;
  g_auto(VsCliRunOptions) shared = { 0 };
  gboolean json = FALSE, force = FALSE;
  GOptionEntry entries[] = {
    { "measured", 'M', 0, G_OPTION_ARG_FILENAME, &profile, "The profile of running SCHEDULE on an NPU (profiling JSON or text report)", "PROFILE" },
    { "workloads", 'w', 0, G_OPTION_ARG_FILENAME, &workloads, "DPU workloads with a measured_cycles column (e.g. the measured NPU 2.7/4.0 sets)", "FILE.csv" },
    { "cost", 'c', 0, G_OPTION_ARG_STRING, &cost, "Models to compare: vpunn, analytical, compiler, measured (default: all; with --workloads: vpunn, analytical)", "LIST" },
    { "plot", 'p', 0, G_OPTION_ARG_FILENAME, &plot, "Draw predicted against measured with gnuplot", "OUT.png|svg" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the comparison as JSON", NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Compare even when the profile contradicts the schedule (its tiles or task kinds): a warning instead of an error", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) context =
      g_option_context_new ("SCHEDULE --measured PROFILE | RUN-FOLDER | --workloads FILE.csv - compare "
                            "predictions with measurements");
  g_option_context_set_summary (context,
      "With a schedule and its measured profile: replays it with each model (vpunn, analytical,\n"
      "compiler = the NPU compiler's estimator, measured = the profile's own durations) and\n"
      "reports predicted against measured latency, per-task duration errors per engine kind\n"
      "(median and mean absolute error, rank correlation) and the start-time error.\n"
      "With --workloads: costs every measured DPU workload with each cost model and reports, per\n"
      "model and per operation, the mean and median absolute error, the share within 10 % and\n"
      "25 %, and the rank correlation with the measurements.\n"
      "--mode is the replay mode of the vpunn and analytical models.");
  g_option_context_add_main_entries (context, entries, NULL);
  vs_cli_run_options_add (context, &shared, VS_CLI_DEVICE | VS_CLI_SET | VS_CLI_MODE | VS_CLI_MODELS,
                          NULL, NULL);
  if (!vs_command_parse_options (context, &argc, &argv))
    return VS_EXIT_USAGE;
  /* The picture is checked before the replays and written after them. */
  g_autoptr(VsOutputSet) outputs = vs_output_set_new ();
  const char *plot_out = NULL;
  int status = vs_command_claim_plot (outputs, "--plot", plot, &plot_out);
  if (status != VS_EXIT_OK)
    return status;
  if (workloads == NULL) {
    if (argc != 2) {
      vs_command_error ("compare needs SCHEDULE --measured PROFILE, a run folder, or --workloads "
                        "FILE.csv (see --help)");
      return VS_EXIT_USAGE;
    }
    VsRunConfig config = { .device = shared.device, .sets = (const char *const *) shared.sets,
                           .models_dir = shared.models, .force = force };
    if (shared.mode != NULL && !vs_replay_mode_from_name (shared.mode, &config.mode)) {
      vs_command_error ("--mode: '%s' is not realistic or compiler", shared.mode);
      return VS_EXIT_USAGE;
    }
    return compare_schedule (argv[1], profile, cost, &config, outputs, plot_out, json);
  }
  if (argc != 1 || profile != NULL ||
      vs_cli_run_options_given (&shared, VS_CLI_DEVICE | VS_CLI_SET | VS_CLI_MODE)) {
    vs_command_error ("compare --workloads takes no schedule, --measured, --device, --set or --mode "
                      "(see --help)");
    return VS_EXIT_USAGE;
  }
  return compare_workloads (workloads, cost, shared.models, outputs, plot_out, json);
}
