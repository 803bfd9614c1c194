/* SPDX-License-Identifier: Apache-2.0 */
/* measured_span.c — the predicted span over what a profile measured. */
#include "sim/analysis/measured_span.h"

#include <string.h>

void
vs_measured_span (const VsSchedule *s, const VsProfile *p, const VsProfileJoin *j,
                  const VsTimeline *t, VsMeasuredSpan *out)
{
  memset (out, 0, sizeof *out);
  out->measured_ps = p->latency_ps;
  for (guint m = 0; m < p->tasks->len; m++)
    out->engine_measured[g_array_index (p->tasks, VsMeasuredTask, m).engine] = TRUE;

  gint64 first = G_MAXINT64, last = G_MININT64, first_dma = G_MAXINT64;
  guint joined = 0;
  for (guint i = 0; i < j->n_tasks && i < t->n_tasks; i++) {
    const VsTask *task = vs_schedule_task (s, i);
    gboolean measured = j->measured_of_task[i] >= 0;
    /* Variant events join variants, not tasks; their invariant's span counts. */
    guint first_v = task->kind == VS_TASK_DPU ? task->spec.dpu.first_variant : 0;
    guint n_v = task->kind == VS_TASK_DPU ? task->spec.dpu.n_variants : 0;
    for (guint v = first_v; !measured && v < first_v + n_v && v < j->n_variants; v++)
      measured = j->measured_of_variant[v] >= 0;
    if (!measured)
      continue;
    joined++;
    first = MIN (first, t->task_start[i]);
    if (task->kind == VS_TASK_DMA)
      first_dma = MIN (first_dma, t->task_start[i]);
    last = MAX (last, t->task_end[i]);
  }
  if (joined == 0 || 2 * (gint64) j->joined_tasks < (gint64) j->measured_tasks) {
    out->whole = TRUE;
    out->predicted_ps = t->latency_ps;
    return;
  }
  /* A profile timed from its first DMA saw nothing before it. */
  if (p->origin_first_dma && first_dma != G_MAXINT64)
    first = first_dma;
  out->first_start_ps = first;
  out->predicted_ps = last - first;
}

double
vs_measured_error_pct (gint64 predicted_ps, gint64 measured_ps)
{
  if (measured_ps <= 0)
    return 0.0;
  return 100.0 * ((double) predicted_ps - (double) measured_ps) / (double) measured_ps;
}
