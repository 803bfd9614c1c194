/* SPDX-License-Identifier: Apache-2.0 */
/* measured_durations.c — model costs replaced by what a profile measured. */
#include "sim/cost/measured_durations.h"

#include <math.h>
#include <string.h>

#include "sim/base/median.h"
#include "sim/engine/replay.h"

static double
median_ratio (const VsSchedule *s, const VsProfileJoin *j, const gint64 *model, const gint64 *measured)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint t = 0; t < s->tasks->len; t++)
    if (j->measured_of_task[t] >= 0 && model[t] > 0 && measured[t] > 0) {
      double q = (double) measured[t] / (double) model[t];
      g_array_append_val (ratios, q);
    }
  if (ratios->len == 0)
    return 1.0;
  return vs_median ((double *) (void *) ratios->data, ratios->len);
}

void
vs_measured_durations_compute (const VsSchedule *s, const VsProfile *p, const VsProfileJoin *j,
                               const VsCosts *model, const gint64 *model_ddr_bytes,
                               gint64 shave_startup_ps, VsMeasuredDurations *out)
{
  const guint nt = s->tasks->len, nv = s->variants->len;
  memset (out, 0, sizeof *out);
  /* One spare entry each, so that empty schedules still get arrays. */
  out->task_ps = g_new0 (gint64, nt + 1);
  out->variant_ps = g_new0 (gint64, nv + 1);
  out->ddr_bytes = g_new0 (gint64, nt + 1);
  if (nt > 0)
    memcpy (out->task_ps, model->task_ps, nt * sizeof (gint64));
  if (nv > 0)
    memcpy (out->variant_ps, model->variant_ps, nv * sizeof (gint64));
  if (nt > 0 && model_ddr_bytes != NULL)
    memcpy (out->ddr_bytes, model_ddr_bytes, nt * sizeof (gint64));
  const gint32 dpus = MAX (s->device.dpus_per_tile, 1);
  g_autofree gint64 *free_at = g_new0 (gint64, dpus);
  gint64 first = G_MAXINT64;

  for (guint v = 0; v < nv && v < j->n_variants; v++) {
    gint32 m = j->measured_of_variant[v];
    if (m >= 0) {
      out->variant_ps[v] = g_array_index (p->tasks, VsMeasuredTask, m).duration_ps;
      out->measured_variants++;
    }
  }
  for (guint t = 0; t < nt; t++) {
    gint32 m = j->measured_of_task[t];
    if (m < 0)
      continue;
    const VsMeasuredTask *mt = &g_array_index (p->tasks, VsMeasuredTask, m);
    const VsTask *task = vs_schedule_task (s, t);
    first = MIN (first, mt->start_ps);
    out->measured_tasks++;
    out->task_ps[t] = mt->duration_ps;
    if (task->kind == VS_TASK_SHAVE)
      out->task_ps[t] = MAX (mt->duration_ps - shave_startup_ps, 0);
    out->ddr_bytes[t] = 0;
    if (task->kind != VS_TASK_DPU || task->spec.dpu.n_variants == 0)
      continue;
    guint v0 = task->spec.dpu.first_variant, n = task->spec.dpu.n_variants;
    const gint64 *costs = model->variant_ps + v0;
    gint64 makespan = vs_replay_list_schedule (costs, n, dpus, free_at, NULL, NULL);
    for (guint v = 0; v < n; v++)
      out->variant_ps[v0 + v] = makespan > 0
          ? (gint64) llround ((double) costs[v] * (double) mt->duration_ps / (double) makespan)
          : mt->duration_ps / n;
  }
  out->first_start_ps = first == G_MAXINT64 ? 0 : first;
  out->ratio = median_ratio (s, j, model->task_ps, out->task_ps);
}

void
vs_measured_durations_clear (VsMeasuredDurations *d)
{
  g_clear_pointer (&d->task_ps, g_free);
  g_clear_pointer (&d->variant_ps, g_free);
  g_clear_pointer (&d->ddr_bytes, g_free);
}
