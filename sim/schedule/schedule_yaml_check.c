/* SPDX-License-Identifier: Apache-2.0 */
/* schedule_yaml_check.c — what the schedule reader checks once the whole
 * file is read: the device and its overrides, queue defaults against the
 * device, references by id, and the consistency of tasks and barriers; each
 * error at the position of what it is about. */
#include "config.h"

#include "sim/schedule/schedule_yaml_reader.h"

#include <stdlib.h>
#include <string.h>

static gboolean
build_device (Reader *r)
{
  VsSchedule *s = r->s;
  GError *inner = NULL;
  VsDeviceSetting *settings = (VsDeviceSetting *) (void *) r->device_settings->data;
  for (guint i = 0; i < r->device_settings->len; i++) {
    if (strcmp (settings[i].key, "preset") != 0)
      continue;
    /* A device file named relative to the schedule is found beside it, not
     * in whatever folder vpusim happens to run from. */
    const char *v = settings[i].value;
    gboolean is_path = strchr (v, '/') != NULL || g_str_has_suffix (v, ".yaml");
    if (is_path && !g_path_is_absolute (v) && !g_file_test (v, G_FILE_TEST_EXISTS)) {
      g_autofree char *dir = g_path_get_dirname (r->origin);
      g_autofree char *beside = g_build_filename (dir, v, NULL);
      if (g_file_test (beside, G_FILE_TEST_EXISTS))
        settings[i].value = vs_schedule_intern (s, beside);
    }
    s->device_preset = g_strdup (settings[i].value);
  }
  if (!vs_device_from_settings (&s->device, settings, r->device_settings->len, r->origin,
                                r->device_mark.line, r->device_mark.column, &inner)) {
    r->error = g_error_new_literal (VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID, inner->message);
    g_error_free (inner);
    return FALSE;
  }
  const VsDeviceSetting *o = (const VsDeviceSetting *) (void *) r->overrides->data;
  for (guint i = 0; i < r->overrides->len; i++)
    if (!vs_device_set_value (&s->device, o[i].key, o[i].value, &inner)) {
      Mark m = { o[i].line, o[i].column };
      sy_invalid (r, m, "overrides: %s", inner->message);
      g_error_free (inner);
      return FALSE;
    }
  return TRUE;
}

static gboolean
finish_queues (Reader *r)
{
  const VsDevice *d = &r->s->device;
  for (guint i = 0; i < r->s->queues->len; i++) {
    VsQueue *q = vs_schedule_queue (r->s, i);
    Mark m = g_array_index (r->queue_marks, Mark, i);
    if (q->servers == 0)
      q->servers = vs_queue_default_servers (q, d);
    if ((q->engine == VS_ENGINE_DPU || q->engine == VS_ENGINE_SHAVE) && q->tile >= d->tiles)
      return sy_invalid (r, m, "queue '%s': tile %d, but device '%s' has tiles: %d", q->id, q->tile,
                      d->name, d->tiles);
    if (q->engine == VS_ENGINE_SHAVE && d->shaves_per_tile > 0 && q->channel >= d->shaves_per_tile)
      return sy_invalid (r, m, "queue '%s': SHAVE list %d, but device '%s' has shaves_per_tile: %d",
                      q->id, q->channel, d->name, d->shaves_per_tile);
    if (q->engine == VS_ENGINE_DMA && q->port >= d->dma_ports)
      return sy_invalid (r, m, "queue '%s': port %d, but device '%s' has dma_ports: %d", q->id,
                      q->port, d->name, d->dma_ports);
    if (q->engine == VS_ENGINE_DMA && q->channel >= d->dma_channels)
      return sy_invalid (r, m, "queue '%s': channel %d, but device '%s' has dma_channels: %d",
                      q->id, q->channel, d->name, d->dma_channels);
  }
  return TRUE;
}

static gboolean
resolve_refs (Reader *r)
{
  VsSchedule *s = r->s;
  for (guint i = 0; i < r->pending->len; i++) {
    const PendingRef *p = &g_array_index (r->pending, PendingRef, i);
    gpointer found = g_hash_table_lookup (r->ids[p->kind], p->name);
    if (found == NULL) {
      const VsTask *owner = vs_schedule_task (s, p->owner);
      return sy_invalid (r, p->mark, "task '%s': '%s' names %s '%s', which is not defined",
                      owner->id, p->field, sy_ref_kind_name (p->kind), p->name);
    }
    gint32 index = (gint32) (GPOINTER_TO_UINT (found) - 1);
    if (p->in_refs)
      g_array_index (s->refs, gint32, p->index) = index;
    else
      memcpy ((char *) vs_schedule_task (s, p->index) + p->offset, &index, sizeof index);
  }
  return TRUE;
}

static int
cmp_gint32 (const void *a, const void *b)
{
  gint32 x = *(const gint32 *) a, y = *(const gint32 *) b;
  return (x > y) - (x < y);
}

/* The first value listed twice in a ref range, or -1. */
static gint32
find_repeat (const VsSchedule *s, guint first, guint n)
{
  if (n < 2)
    return -1;
  gint32 *copy = g_memdup2 (&g_array_index (s->refs, gint32, first), n * sizeof (gint32));
  qsort (copy, n, sizeof (gint32), cmp_gint32);
  gint32 repeat = -1;
  for (guint i = 1; i < n && repeat < 0; i++)
    if (copy[i] == copy[i - 1])
      repeat = copy[i];
  g_free (copy);
  return repeat;
}

static gboolean
check_tasks (Reader *r)
{
  VsSchedule *s = r->s;
  const VsDevice *d = &s->device;
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    const TaskMarks *tm = &g_array_index (r->task_marks, TaskMarks, i);
    const VsQueue *q = vs_schedule_queue (s, t->queue);
    if (!vs_task_kind_fits_engine (t->kind, q->engine))
      return sy_invalid (r, tm->kind, "task '%s': a %s task cannot go on %s queue '%s'", t->id,
                      vs_name_table_name (vs_schedule_kind_names, t->kind), vs_name_table_name (vs_schedule_engine_names, q->engine),
                      q->id);
    struct { const char *what; guint first, n; } lists[] = {
      { "waits", t->first_wait, t->n_waits },
      { "updates", t->first_update, t->n_updates },
      { "after", t->first_after, t->n_after },
    };
    for (guint l = 0; l < G_N_ELEMENTS (lists); l++) {
      gint32 rep = find_repeat (s, lists[l].first, lists[l].n);
      if (rep >= 0)
        return sy_invalid (r, tm->start, "task '%s': '%s' lists '%s' twice", t->id, lists[l].what,
                        l < 2 ? vs_schedule_barrier (s, rep)->id : vs_schedule_task (s, rep)->id);
    }
    for (guint k = 0; k < t->n_after; k++)
      if ((guint) vs_schedule_ref (s, t->first_after + k) == i)
        return sy_invalid (r, tm->start, "task '%s': lists itself in 'after'", t->id);
    if (t->kind == VS_TASK_DPU)
      for (guint v = 0; v < t->spec.dpu.n_variants; v++) {
        const VsDpuVariant *var = vs_schedule_variant (s, t->spec.dpu.first_variant + v);
        if (var->tile >= d->tiles)
          return sy_invalid (r, tm->start, "task '%s': variant %u is on tile %d, but device '%s' "
                          "has tiles: %d", t->id, v, var->tile, d->name, d->tiles);
      }
  }
  return TRUE;
}

static gboolean
check_barriers (Reader *r)
{
  VsSchedule *s = r->s;
  for (guint b = 0; b < s->barriers->len; b++) {
    VsBarrier *bar = vs_schedule_barrier (s, b);
    bar->producers = bar->consumers = 0;
  }
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    for (guint k = 0; k < t->n_waits; k++)
      vs_schedule_barrier (s, vs_schedule_ref (s, t->first_wait + k))->consumers++;
    for (guint k = 0; k < t->n_updates; k++)
      vs_schedule_barrier (s, vs_schedule_ref (s, t->first_update + k))->producers++;
  }
  for (guint b = 0; b < s->barriers->len; b++) {
    const VsBarrier *bar = vs_schedule_barrier (s, b);
    Mark m = g_array_index (r->barrier_marks, Mark, b);
    if (bar->consumers > 0 && bar->producers == 0)
      return sy_invalid (r, m, "barrier '%s' is waited on by %d task(s) but no task updates it",
                      bar->id, bar->consumers);
    if (bar->declared_producers >= 0 && bar->declared_producers != bar->producers)
      return sy_invalid (r, m, "barrier '%s' declares %d producers but %d task(s) update it",
                      bar->id, bar->declared_producers, bar->producers);
    if (bar->declared_consumers >= 0 && bar->declared_consumers != bar->consumers)
      return sy_invalid (r, m, "barrier '%s' declares %d consumers but %d task(s) wait on it",
                      bar->id, bar->declared_consumers, bar->consumers);
  }
  return TRUE;
}


gboolean
sy_check_schedule (Reader *r)
{
  return build_device (r) && finish_queues (r) && resolve_refs (r) && check_tasks (r) &&
         check_barriers (r);
}
