/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_queues.c — the queue of a task (DESIGN.md §4): dma.pP[.ddr|.cmx],
 * dpu.tT, shv.tT[.lL], upa, m2i; made on first use, sorted at the end. */
#include "config.h"

#include "sim/import/vpurt_internal.h"

gint32
vpurt_get_queue (Importer *im, VsEngine engine, gint tile, gint port, gint channel, gint servers)
{
  char id[48];
  switch (engine) {
  case VS_ENGINE_DMA:
    if (channel >= 0)
      g_snprintf (id, sizeof id, "dma.p%d.%s", port, channel == 0 ? "ddr" : "cmx");
    else
      g_snprintf (id, sizeof id, "dma.p%d", port);
    break;
  case VS_ENGINE_DPU:
    g_snprintf (id, sizeof id, "dpu.t%d", tile);
    break;
  case VS_ENGINE_SHAVE:
    if (tile < 0)
      g_snprintf (id, sizeof id, "upa");
    else if (channel >= 0)
      g_snprintf (id, sizeof id, "shv.t%d.l%d", tile, channel);
    else
      g_snprintf (id, sizeof id, "shv.t%d", tile);
    break;
  default:
    g_snprintf (id, sizeof id, "m2i");
    break;
  }
  gpointer p = g_hash_table_lookup (im->queue_ids, id);
  if (p != NULL)
    return GPOINTER_TO_INT (p) - 1;
  VsQueue q = { .id = vs_schedule_intern (im->s, id), .engine = engine, .tile = tile,
                .port = port, .channel = channel, .servers = MAX (servers, 1) };
  g_array_append_val (im->s->queues, q);
  g_hash_table_insert (im->queue_ids, (gpointer) q.id, GINT_TO_POINTER (im->s->queues->len));
  if (tile >= 0)
    im->max_tile = MAX (im->max_tile, tile);
  if (port >= 0)
    im->max_port = MAX (im->max_port, port);
  return (gint32) im->s->queues->len - 1;
}

static int
queue_order (const VsQueue *a, const VsQueue *b)
{
  if (a->engine != b->engine)
    return a->engine < b->engine ? -1 : 1;
  if (a->tile != b->tile)
    return a->tile < b->tile ? -1 : 1;
  if (a->port != b->port)
    return a->port < b->port ? -1 : 1;
  if (a->channel != b->channel)
    return a->channel < b->channel ? -1 : 1;
  return 0;
}

/* Queues were made as tasks met them; list them by engine, tile, port, channel. */
void
vpurt_sort_queues (Importer *im)
{
  VsSchedule *s = im->s;
  guint n = s->queues->len;
  g_autofree guint *order = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = 1; i < n; i++)   /* insertion sort: a handful of queues */
    for (guint j = i; j > 0 && queue_order (vs_schedule_queue (s, order[j - 1]),
                                            vs_schedule_queue (s, order[j])) > 0; j--) {
      guint t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  g_autofree gint32 *new_index = g_new (gint32, n);
  GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (VsQueue), n);
  for (guint i = 0; i < n; i++) {
    new_index[order[i]] = (gint32) i;
    g_array_append_val (sorted, *vs_schedule_queue (s, order[i]));
  }
  for (guint t = 0; t < s->tasks->len; t++) {
    VsTask *task = vs_schedule_task (s, t);
    task->queue = new_index[task->queue];
  }
  g_array_unref (s->queues);
  s->queues = sorted;
}
