/* SPDX-License-Identifier: Apache-2.0 */
/* critical_path.c — walks back from the last-ending task through whatever
 * bound each start, using only the timeline's facts (start, end, server,
 * barrier release and free times), so it needs no bookkeeping in the replay's
 * hot loop.  A binding is an exact equality of times; the replay guarantees
 * every start after 0 has one. */
#include "sim/engine/critical_path.h"

static const char *const kind_names[] = { "run", "dispatch", "started", "gap" };
static const char *const cause_names[] = {
  "start", "barrier", "dispatch", "after", "server", "queue-order", "barrier-reuse", "unknown",
};

const char *
vs_critical_kind_name (VsCriticalKind kind)
{
  return (guint) kind < G_N_ELEMENTS (kind_names) ? kind_names[kind] : "?";
}

const char *
vs_critical_cause_name (VsCriticalCause cause)
{
  return (guint) cause < G_N_ELEMENTS (cause_names) ? cause_names[cause] : "?";
}

void
vs_critical_path_free (VsCriticalPath *path)
{
  if (path == NULL)
    return;
  g_free (path->links);
  g_free (path);
}

typedef struct {
  const VsSchedule *s;
  const VsTimeline *tl;
  gint32 *prev_in_queue;        /* previous task of the same queue, -1 */
  gint32 *prev_on_server;       /* previous task on the same server of the same queue, -1 */
  GArray *links;                /* built backwards */
} Walk;

static VsCriticalLink *
push_link (Walk *w, VsCriticalKind kind, gint32 task, gint64 start, gint64 end)
{
  VsCriticalLink link = { .kind = kind, .cause = VS_CRITICAL_CAUSE_UNKNOWN, .task = task,
                          .barrier = -1, .start_ps = start, .end_ps = end };
  g_array_append_val (w->links, link);
  return &g_array_index (w->links, VsCriticalLink, w->links->len - 1);
}

/* Explain the start of the task of the newest link; push the link it leads
 * back to.  Returns FALSE when the path is complete. */
static gboolean
step (Walk *w)
{
  const VsTimeline *tl = w->tl;
  const VsSchedule *s = w->s;
  guint last = w->links->len - 1;
  VsCriticalLink *link = &g_array_index (w->links, VsCriticalLink, last);
  gint32 t = link->task;
  const VsTask *task = vs_schedule_task (s, t);
  gint64 at = tl->task_start[t];
  if (at == 0) {
    link->cause = VS_CRITICAL_CAUSE_START;
    return FALSE;
  }
  const VsQueue *queue = vs_schedule_queue (s, task->queue);
  gint64 dispatch = tl->dispatch_ps[queue->engine];
  if (tl->engine_first_task[queue->engine] == t)
    dispatch += tl->cold_start_ps[queue->engine];

  for (guint k = 0; k < task->n_waits; k++) {
    gint32 b = vs_schedule_ref (s, task->first_wait + k);
    gint32 producer = tl->barriers[b].last_producer;
    if (producer < 0)
      continue;
    gint64 delay = dispatch +
                   tl->completion_ps[vs_schedule_queue (s, vs_schedule_task (s, producer)->queue)->engine];
    if (tl->barriers[b].release != at - delay)  /* no overflow: at >= 0 */
      continue;
    link->barrier = b;
    if (delay > 0) {
      link->cause = VS_CRITICAL_CAUSE_DISPATCH;
      VsCriticalLink *wait = push_link (w, VS_CRITICAL_DISPATCH, t, tl->barriers[b].release, at);
      wait->barrier = b;
      wait->cause = VS_CRITICAL_CAUSE_BARRIER;
    } else {
      link->cause = VS_CRITICAL_CAUSE_BARRIER;
    }
    push_link (w, VS_CRITICAL_RUN, producer, tl->task_start[producer], tl->task_end[producer]);
    return TRUE;
  }
  for (guint k = 0; k < task->n_after; k++) {
    gint32 a = vs_schedule_ref (s, task->first_after + k);
    if (tl->task_end[a] != at)
      continue;
    link->cause = VS_CRITICAL_CAUSE_AFTER;
    push_link (w, VS_CRITICAL_RUN, a, tl->task_start[a], tl->task_end[a]);
    return TRUE;
  }
  gint32 prev = w->prev_on_server[t];
  if (prev >= 0 && tl->task_end[prev] == at) {
    link->cause = VS_CRITICAL_CAUSE_SERVER;
    push_link (w, VS_CRITICAL_RUN, prev, tl->task_start[prev], tl->task_end[prev]);
    return TRUE;
  }
  if (tl->options.barrier_reuse)
    for (guint k = 0; k < task->n_waits + task->n_updates; k++) {
      gint32 b = vs_schedule_ref (s, k < task->n_waits ? task->first_wait + k
                                                       : task->first_update + k - task->n_waits);
      gint32 p = tl->barriers[b].prev_same_pid;
      if (p < 0 || tl->barriers[p].free != at)
        continue;
      link->cause = VS_CRITICAL_CAUSE_BARRIER_REUSE;
      link->barrier = p;
      gint32 consumer = tl->barriers[p].last_consumer;
      if (consumer >= 0 && tl->task_start[consumer] == at) {
        push_link (w, VS_CRITICAL_STARTED, consumer, at, at);
        return TRUE;
      }
      gint32 producer = tl->barriers[p].last_producer;
      if (producer >= 0 && tl->task_end[producer] == at) {
        push_link (w, VS_CRITICAL_RUN, producer, tl->task_start[producer], at);
        return TRUE;
      }
    }
  prev = w->prev_in_queue[t];
  if (prev >= 0 && tl->task_start[prev] == at) {
    link->cause = VS_CRITICAL_CAUSE_QUEUE_ORDER;
    push_link (w, VS_CRITICAL_STARTED, prev, at, at);
    return TRUE;
  }
  link->cause = VS_CRITICAL_CAUSE_UNKNOWN;
  VsCriticalLink *gap = push_link (w, VS_CRITICAL_GAP, -1, 0, at);
  gap->cause = VS_CRITICAL_CAUSE_UNKNOWN;
  return FALSE;
}

VsCriticalPath *
vs_critical_path_compute (const VsSchedule *s, const VsTimeline *tl)
{
  g_return_val_if_fail (s != NULL && tl != NULL, NULL);
  g_return_val_if_fail (tl->n_tasks == s->tasks->len && tl->n_barriers == s->barriers->len, NULL);
  VsCriticalPath *path = g_new0 (VsCriticalPath, 1);
  path->latency_ps = tl->latency_ps;
  guint nt = tl->n_tasks;
  if (nt == 0)
    return path;

  Walk w = { .s = s, .tl = tl };
  w.prev_in_queue = g_new (gint32, nt);
  w.prev_on_server = g_new (gint32, nt);
  w.links = g_array_new (FALSE, FALSE, sizeof (VsCriticalLink));
  guint nq = s->queues->len;
  g_autofree guint *server_base = g_new0 (guint, nq + 1);
  for (guint q = 0; q < nq; q++)
    server_base[q + 1] = server_base[q] + (guint) vs_schedule_queue (s, q)->servers;
  g_autofree gint32 *last_in_queue = g_new (gint32, nq);
  g_autofree gint32 *last_on_server = g_new (gint32, server_base[nq] > 0 ? server_base[nq] : 1);
  for (guint q = 0; q < nq; q++)
    last_in_queue[q] = -1;
  for (guint k = 0; k < server_base[nq]; k++)
    last_on_server[k] = -1;
  /* A server's tasks start in queue order (the queue is in-order), so file
   * order gives each task's predecessor on its server. */
  for (guint t = 0; t < nt; t++) {
    gint32 q = vs_schedule_task (s, t)->queue;
    guint slot = server_base[q] + (guint) tl->task_server[t];
    w.prev_in_queue[t] = last_in_queue[q];
    w.prev_on_server[t] = last_on_server[slot];
    last_in_queue[q] = (gint32) t;
    last_on_server[slot] = (gint32) t;
  }

  guint last = 0;
  for (guint t = 1; t < nt; t++)
    if (tl->task_end[t] > tl->task_end[last])
      last = t;
  push_link (&w, VS_CRITICAL_RUN, (gint32) last, tl->task_start[last], tl->task_end[last]);
  /* Every step moves to a task that started no later and (for zero-length
   * steps) earlier in the replay's causal order, so the walk ends; the bound
   * only guards against a timeline that did not come from this schedule. */
  guint64 budget = 2 * (guint64) nt + 16;
  while (step (&w) && --budget > 0)
    ;

  path->n_links = w.links->len;
  path->links = g_new (VsCriticalLink, path->n_links);
  for (guint i = 0; i < path->n_links; i++) {
    VsCriticalLink *link = &path->links[i];
    *link = g_array_index (w.links, VsCriticalLink, path->n_links - 1 - i);
    link->share = path->latency_ps > 0
                      ? (double) (link->end_ps - link->start_ps) / (double) path->latency_ps
                      : 0.0;
  }
  g_array_unref (w.links);
  g_free (w.prev_in_queue);
  g_free (w.prev_on_server);
  return path;
}
