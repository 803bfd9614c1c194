/* SPDX-License-Identifier: Apache-2.0 */
/* run_analysis.c — replay, critical path, CMX occupancy, and their report. */
#include "sim/analysis/run_analysis.h"

#include <string.h>

#include "sim/output/report.h"

gboolean
vs_run_analyse (VsRunAnalysis *a, const char *schedule_path, const VsRunConfig *config,
                GError **error)
{
  memset (a, 0, sizeof *a);
  if (!vs_run_prepare (&a->run, schedule_path, config, error) ||
      !vs_run_replay (&a->run, config, error))
    return FALSE;
  a->path = vs_critical_path_compute (a->run.schedule, a->run.timeline);
  /* Occupancy problems are findings to report, not errors of the run. */
  vs_cmx_occupancy (a->run.schedule, a->run.timeline->task_start, a->run.timeline->task_end,
                    &a->cmx, NULL);
  return TRUE;
}

void
vs_run_analysis_clear (VsRunAnalysis *a)
{
  g_clear_pointer (&a->path, vs_critical_path_free);
  vs_cmx_report_clear (&a->cmx);
  vs_run_clear (&a->run);
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

void
vs_run_analysis_append_text (GString *out, const VsRunAnalysis *a, const VsRunConfig *config,
                             const char *extra)
{
  const VsRun *run = &a->run;
  g_string_append_printf (out, "cost models: DPU %s, DMA %s, SHAVE %s; mode %s\n",
                          vs_cost_choice_name (run->spec.dpu), vs_cost_choice_name (run->spec.dma),
                          vs_cost_choice_name (run->spec.shave), vs_replay_mode_name (config->mode));
  if (run->measured_profile != NULL)
    g_string_append_printf (out, "measured durations: %u of %u tasks, from %s\n", run->measured_tasks,
                            run->schedule->tasks->len, run->measured_profile);
  vs_report_append_text (out, run->schedule, run->timeline, a->path, 12);
  append_cmx_text (out, &a->cmx);
  g_string_append (out, extra);
}

void
vs_run_analysis_append_json (GString *out, const VsRunAnalysis *a, const char *extra)
{
  vs_report_append_json_extra (out, a->run.schedule, a->run.timeline, a->path, extra);
}
