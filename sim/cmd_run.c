/* cmd_run.c — `vpusim run`: replay a schedule and report its latency.
 * All the work is in run_pipeline.c and the output writers; this file turns
 * options into a VsRunConfig and results into files and text. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "plots/cmx_plot.h"
#include "plots/gantt.h"
#include "sim/cmx_occupancy.h"
#include "sim/commands.h"
#include "sim/critical_path.h"
#include "sim/output_file.h"
#include "sim/report.h"
#include "sim/run_pipeline.h"
#include "sim/timeline_csv.h"
#include "sim/trace_json.h"

int vs_cmd_run (int argc, char **argv);

static gboolean
parse_unknown_shave (const char *text, VsUnknownShavePolicy *out, GError **error)
{
  if (text == NULL || strcmp (text, "analytical") == 0)
    *out = VS_UNKNOWN_SHAVE_ANALYTICAL;
  else if (strcmp (text, "zero") == 0)
    *out = VS_UNKNOWN_SHAVE_ZERO;
  else if (strcmp (text, "error") == 0)
    *out = VS_UNKNOWN_SHAVE_ERROR;
  else {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 "--unknown-shave: '%s' is not one of error, zero, analytical", text);
    return FALSE;
  }
  return TRUE;
}

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

int
vs_cmd_run (int argc, char **argv)
{
  g_autofree char *device = NULL, *cost = NULL, *mode = NULL, *models = NULL, *unknown_shave = NULL;
  g_autofree char *trace = NULL, *timeline = NULL, *plot = NULL, *plot_memory = NULL;
  g_auto(GStrv) sets = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "device", 'd', 0, G_OPTION_ARG_STRING, &device, "Device preset (vpu20, npu27, npu40) or device YAML file, instead of the schedule's", "PRESET|FILE" },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a device parameter (repeatable; an unknown key lists the valid ones)", "KEY=VALUE" },
    { "cost", 'c', 0, G_OPTION_ARG_STRING, &cost, "Cost model: vpunn, analytical, fixed, or per kind dpu=..,dma=..,shave=.. (default: vpunn when its files are found)", "SPEC" },
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode, "realistic (default: dispatch latencies, SHAVE start-up, physical barriers) or compiler (the NPU compiler's estimator)", "MODE" },
    { "models", 0, 0, G_OPTION_ARG_FILENAME, &models, "Folder of the VPUNN .vpunn files (default: $VPUSIM_VPUNN_DIR, then the configured folder)", "DIR" },
    { "unknown-shave", 0, 0, G_OPTION_ARG_STRING, &unknown_shave, "SHAVE kernels the model does not know: error, zero or analytical (default)", "POLICY" },
    { "trace", 't', 0, G_OPTION_ARG_FILENAME, &trace, "Write a Chrome/Perfetto trace", "OUT.json" },
    { "timeline", 0, 0, G_OPTION_ARG_FILENAME, &timeline, "Write every task's start and end as CSV", "OUT.csv" },
    { "plot", 'p', 0, G_OPTION_ARG_FILENAME, &plot, "Draw a Gantt chart with gnuplot", "OUT.png|svg" },
    { "plot-memory", 0, 0, G_OPTION_ARG_FILENAME, &plot_memory, "Draw CMX occupancy per tile with gnuplot", "OUT.png|svg" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, "Print the report as JSON instead of text", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("SCHEDULE.{yaml,mlir} - replay a schedule");
  g_option_context_set_summary (context,
      "Replays a compiled schedule on a model of the device and reports the end-to-end latency,\n"
      "the busy time of every engine and the critical path.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!vs_command_parse_options (context, &argc, &argv))
    return VS_EXIT_USAGE;
  if (argc != 2) {
    vs_command_error ("run needs exactly one schedule file (see --help)");
    return VS_EXIT_USAGE;
  }

  g_autoptr(GError) error = NULL;
  VsRunConfig config = { 0 };
  config.device = device;
  config.sets = (const char *const *) sets;
  config.cost = cost;
  config.models_dir = models;
  if ((mode != NULL && !vs_replay_mode_from_name (mode, &config.mode))) {
    vs_command_error ("--mode: '%s' is not realistic or compiler", mode);
    return VS_EXIT_USAGE;
  }
  if (!parse_unknown_shave (unknown_shave, &config.unknown_shave, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  {
    VsCostSpec check;
    if (!vs_cost_spec_parse (cost, &check, &error)) {
      vs_command_error ("%s", error->message);
      return VS_EXIT_USAGE;
    }
  }

  VsRun run;
  gboolean ok = vs_run_prepare (&run, argv[1], &config, &error) && vs_run_replay (&run, &config, &error);
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

  ok = (trace == NULL || vs_trace_json_write_with_memory (trace, run.schedule, run.timeline, &cmx, &error)) &&
       (timeline == NULL || vs_timeline_csv_write (timeline, run.schedule, run.timeline, &error)) &&
       (plot == NULL || vs_gantt_plot (plot, run.schedule, run.timeline, &error));
  if (ok && plot_memory != NULL)
    ok = vs_cmx_plot (plot_memory, run.schedule, &cmx, run.timeline->latency_ps, &error);

  g_autoptr(GString) out = g_string_new (NULL);
  if (json) {
    vs_report_append_json (out, run.schedule, run.timeline, path);
  } else {
    g_string_append_printf (out, "cost models: DPU %s, DMA %s, SHAVE %s; mode %s\n",
                            vs_cost_choice_name (run.spec.dpu), vs_cost_choice_name (run.spec.dma),
                            vs_cost_choice_name (run.spec.shave), vs_replay_mode_name (config.mode));
    vs_report_append_text (out, run.schedule, run.timeline, path, 12);
    append_cmx_text (out, &cmx);
  }
  fputs (out->str, stdout);
  vs_cmx_report_clear (&cmx);
  vs_run_clear (&run);
  if (!ok) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  return VS_EXIT_OK;
}
