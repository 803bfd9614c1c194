/* SPDX-License-Identifier: Apache-2.0 */
/* replay.c — the discrete-event replay: queues, servers, barriers, `after`
 * dependencies, physical barrier reuse and dispatch latencies over an event
 * heap.  The contract and the semantics are in replay.h.
 *
 * How it runs.  Events are task ends and queue wake-ups (a head task whose
 * conditions are met but whose dispatch latency has not elapsed).  A queue is
 * examined only when something it may be waiting for changes: its own task
 * ended (a server is free), the barrier or task it is blocked on changed, or
 * its wake-up time came.  A blocked queue sits in exactly one intrusive
 * waiter list (the first unmet condition of its head: conditions only ever
 * become true, so the first unmet one stays the same until it is met).  All
 * events of one instant are applied before any queue is examined, so start
 * times do not depend on the order of simultaneous events.
 */
#include "sim/engine/replay_state.h"

G_DEFINE_QUARK (vs-replay-error-quark, vs_replay_error)

gint64
vs_replay_list_schedule (const gint64 *durations, guint n, gint32 dpus, gint64 *free_at,
                         gint64 *start_out, gint32 *dpu_out)
{
  if (dpus == 1) {
    /* One DPU (NPU 2.7 and 4.0 tiles): back to back, in order. */
    gint64 at = 0;
    for (guint v = 0; v < n; v++) {
      if (start_out != NULL)
        start_out[v] = at;
      if (dpu_out != NULL)
        dpu_out[v] = 0;
      at = durations[v] > G_MAXINT64 - at ? G_MAXINT64 : at + durations[v];
    }
    free_at[0] = at;
    return at;
  }
  /* A linear scan for the earliest free DPU: dpus is 1..6 on every known
   * device, where a heap would only add overhead. */
  for (gint32 d = 0; d < dpus; d++)
    free_at[d] = 0;
  gint64 makespan = 0;
  for (guint v = 0; v < n; v++) {
    gint32 best = 0;
    for (gint32 d = 1; d < dpus; d++)
      if (free_at[d] < free_at[best])
        best = d;
    if (start_out != NULL)
      start_out[v] = free_at[best];
    if (dpu_out != NULL)
      dpu_out[v] = best;
    /* Saturate: the caller reports a time beyond 2^63 ps as an overflow. */
    free_at[best] = durations[v] > G_MAXINT64 - free_at[best] ? G_MAXINT64
                                                                : free_at[best] + durations[v];
    if (free_at[best] > makespan)
      makespan = free_at[best];
  }
  return makespan;
}

static inline void
mark_dirty (Replay *r, guint32 q)
{
  if (r->q[q].dirty)
    return;
  r->q[q].dirty = 1;
  guint slot = r->dirty_read + r->dirty_count;
  if (slot >= r->nq)
    slot -= r->nq;
  r->dirty[slot] = q;
  r->dirty_count++;
}

/* Hand every queue of a waiter list back to the dirty ring. */
static inline void
wake_list (Replay *r, gint32 *head)
{
  gint32 q = *head;
  *head = -1;
  while (q >= 0) {
    gint32 next = r->q[q].next_waiter;
    r->q[q].blocked_kind = BLOCKED_NONE;
    mark_dirty (r, (guint32) q);
    q = next;
  }
}

static inline void
block_on (Replay *r, guint32 q, guint8 kind, gint32 on)
{
  QueueState *qs = &r->q[q];
  if (qs->blocked_kind != BLOCKED_NONE)
    return;  /* already listed, necessarily on the same condition (see the file comment) */
  gint32 *head = kind == BLOCKED_BARRIER ? &r->bar[on].waiters : &r->t_waiters[on];
  qs->blocked_kind = kind;
  qs->blocked_on = on;
  qs->next_waiter = *head;
  *head = (gint32) q;
}

static inline gboolean
barrier_free (const Replay *r, gint32 b)
{
  return r->bar[b].producers_left == 0 && r->bar[b].consumers_left == 0;
}

/* The reuse condition for one barrier: its pid's previous barrier is free.
 * Returns the barrier to wait for, or -1; raises *ready to its free time. */
static inline gint32
reuse_blocker (const Replay *r, gint32 b, gint64 *ready)
{
  gint32 prev = r->tl->barriers[b].prev_same_pid;
  if (prev < 0)
    return -1;
  if (!barrier_free (r, prev))
    return prev;
  if (r->tl->barriers[prev].free > *ready)
    *ready = r->tl->barriers[prev].free;
  return -1;
}

/* Duration of a task, timing its variants from `start` when it has some. */
static inline gint64
task_duration (Replay *r, guint32 t, const HotTask *h, gint64 start)
{
  if (h->n_variants > 0) {
    guint first = h->first_variant, n = h->n_variants;
    VsTimeline *tl = r->tl;
    gint64 makespan = vs_replay_list_schedule (r->variant_ps + first, n, r->dpus, r->dpu_free,
                                               tl->variant_start + first, tl->variant_dpu + first);
    if (makespan > G_MAXINT64 - start)
      return makespan;  /* the caller reports the overflow */
    gint64 work = 0;
    for (guint v = first; v < first + n; v++) {
      tl->variant_start[v] += start;
      tl->variant_end[v] = tl->variant_start[v] + r->variant_ps[v];
      work += r->variant_ps[v];
    }
    r->variant_work[r->q[h->queue].engine] += work - makespan;
    return makespan;
  }
  gint64 d = r->task_ps[t];
  if (h->kind == VS_TASK_SHAVE)
    d = d > G_MAXINT64 - r->tl->shave_startup_ps ? G_MAXINT64 : d + r->tl->shave_startup_ps;
  return d;
}

static void
engine_busy_change (Replay *r, VsEngine e, gint64 now, int delta)
{
  if (delta > 0) {
    if (r->engine_running[e]++ == 0)
      r->engine_since[e] = now;
  } else if (--r->engine_running[e] == 0) {
    r->tl->engines[e].active_ps += now - r->engine_since[e];
  }
}

static inline gboolean
shares_ddr (const Replay *r, guint32 t)
{
  return r->ddr != NULL && r->ddr_bytes[t] > 0 && r->hot[t].kind == VS_TASK_DMA;
}

/* New end events for the transfers whose end moved; the old ones become
 * stale and are skipped when they come up (vs_ddr_share_end differs). */
static void
push_ddr_ends (Replay *r)
{
  const guint32 *moved;
  guint n = vs_ddr_share_changed (r->ddr, &moved);
  for (guint i = 0; i < n; i++) {
    guint32 t = moved[i];
    vs_event_queue_push (r->events, vs_ddr_share_end (r->ddr, t), VS_EVENT_TASK_END, t);
  }
}

/* An unmet condition: remember where the checks stopped and list the queue on it. */
static inline gboolean
stop_at (Replay *r, guint32 q, guint k, gint64 ready, guint8 kind, gint32 on)
{
  r->q[q].cursor = k;
  r->q[q].ready = ready;
  block_on (r, q, kind, on);
  return FALSE;
}

/* Check the conditions of queue q's head task, from where the last
 * examination stopped: its waits released, its `after` tasks ended, then
 * (barrier reuse) the physical ids of its waits and updates free.  FALSE:
 * one is unmet and the queue is listed on it.  TRUE: all are met and
 * qs->ready is the earliest time the head may start. */
static inline gboolean
head_conditions_met (Replay *r, guint32 q, QueueState *qs)
{
  if (qs->check == CHECK_DONE)
    return TRUE;
  const VsTimeline *tl = r->tl;
  const guint32 t = qs->head;
  const HotTask *h = &r->hot[t];
  gint64 ready = qs->ready;
  guint k = qs->cursor;
  if (qs->check == CHECK_WAITS) {
    const gint32 *waits = r->refs + h->first_wait;
    const gint64 dispatch = qs->dispatch;
    for (; k < h->n_waits; k++) {
      gint32 b = waits[k];
      if (r->bar[b].producers_left > 0)
        return stop_at (r, q, k, ready, BLOCKED_BARRIER, b);
      /* Dispatch follows a release; a barrier nobody produces is simply set. */
      gint64 at = tl->barriers[b].release;
      gint32 producer = tl->barriers[b].last_producer;
      if (producer >= 0) {
        gint64 delay = dispatch;
        if (tl->completion_ps[VS_ENGINE_SHAVE] != 0)     /* the only producer kind with one */
          delay += tl->completion_ps[r->q[r->hot[producer].queue].engine];
        at = at > G_MAXINT64 - delay ? G_MAXINT64 : at + delay;
      }
      if (at > ready)
        ready = at;
    }
    qs->check = CHECK_AFTER;
    k = 0;
  }
  if (qs->check == CHECK_AFTER) {
    if (h->has_after) {
      const VsTask *task = &r->tasks[t];
      for (; k < task->n_after; k++) {
        gint32 a = r->refs[task->first_after + k];
        if (tl->task_end[a] < 0)
          return stop_at (r, q, k, ready, BLOCKED_TASK, a);
        if (tl->task_end[a] > ready)
          ready = tl->task_end[a];
      }
    }
    qs->check = tl->options.barrier_reuse ? CHECK_REUSE_WAITS : CHECK_DONE;
    k = 0;
  }
  /* Waits first, then updates: the first unmet condition is the one the
   * queue is listed on. */
  if (qs->check == CHECK_REUSE_WAITS) {
    const gint32 *waits = r->refs + h->first_wait;
    for (; k < h->n_waits; k++) {
      gint32 blocker = reuse_blocker (r, waits[k], &ready);
      if (blocker >= 0)
        return stop_at (r, q, k, ready, BLOCKED_BARRIER, blocker);
    }
    qs->check = CHECK_REUSE_UPDATES;
    k = 0;
  }
  if (qs->check == CHECK_REUSE_UPDATES) {
    const gint32 *updates = r->refs + h->first_update;
    for (; k < h->n_updates; k++) {
      gint32 blocker = reuse_blocker (r, updates[k], &ready);
      if (blocker >= 0)
        return stop_at (r, q, k, ready, BLOCKED_BARRIER, blocker);
    }
  }
  /* A DMA queue that is not the first to start waits for its engine. */
  if (tl->dma_queue_start_ps > ready && qs->engine == VS_ENGINE_DMA &&
      tl->queue_first_task[q] < 0 && tl->engine_first_task[VS_ENGINE_DMA] >= 0)
    ready = tl->dma_queue_start_ps;
  qs->check = CHECK_DONE;
  qs->ready = ready;
  return TRUE;
}

/* Queue q has started its engine kind's first task: every queue of the kind
 * is warm from now on (and a DMA queue no longer the first).  The others'
 * heads, timed as the kind's first, are examined again from their first
 * wait: conditions only ever become true, so a queue listed on one stays
 * listed on the same, and the re-examination finds it again. */
static void
engine_started (Replay *r, guint32 q)
{
  const VsEngine e = r->q[q].engine;
  for (guint32 o = 0; o < r->nq; o++) {
    QueueState *os = &r->q[o];
    if (os->engine != e)
      continue;
    os->dispatch = r->tl->dispatch_ps[e];
    if (o == q || os->head == NO_TASK)
      continue;
    os->check = CHECK_WAITS;
    os->cursor = 0;
    os->ready = 0;
    if (os->blocked_kind == BLOCKED_NONE)
      mark_dirty (r, o);
  }
}

/* Start queue q's head task t at `now` on its lowest free server. */
static gboolean
start_task (Replay *r, guint32 q, guint32 t, gint64 now, GError **error)
{
  VsTimeline *tl = r->tl;
  QueueState *qs = &r->q[q];
  const HotTask *h = &r->hot[t];
  guint32 server = qs->first_server;
  while (r->srv_busy[server])
    server++;
  r->srv_busy[server] = 1;
  qs->busy++;
  qs->head = h->next;
  qs->check = CHECK_WAITS;
  qs->cursor = 0;
  qs->ready = 0;
  gint64 duration = task_duration (r, t, h, now);
  if (duration > G_MAXINT64 - now) {
    g_autofree char *who = vs_replay_describe_task (r->s, t);
    g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_OVERFLOW,
                 "%s: ends beyond the representable time (2^63 ps)", who);
    return FALSE;
  }
  tl->task_start[t] = now;
  if (tl->queue_first_task[q] < 0)
    tl->queue_first_task[q] = (gint32) t;
  if (tl->engine_first_task[qs->engine] < 0) {
    tl->engine_first_task[qs->engine] = (gint32) t;
    engine_started (r, q);
  }
  tl->task_server[t] = (gint32) (server - qs->first_server);
  tl->queue_busy_ps[q] += duration;
  engine_busy_change (r, qs->engine, now, +1);
  if (shares_ddr (r, t) && duration > 0) {
    vs_ddr_share_start (r->ddr, t, now, r->ddr_bytes[t], duration);
    push_ddr_ends (r);
  } else {
    vs_event_queue_push (r->events, now + duration, VS_EVENT_TASK_END, t);
  }

  /* A consumer is taken when it starts; the last one frees the barrier's
   * physical id for the next barrier mapped on it. */
  const gint32 *waits = r->refs + h->first_wait;
  for (guint k = 0; k < h->n_waits; k++) {
    gint32 b = waits[k];
    tl->barriers[b].last_consumer = (gint32) t;
    if (--r->bar[b].consumers_left == 0) {
      tl->barriers[b].free = now;
      wake_list (r, &r->bar[b].waiters);
    }
  }
  return TRUE;
}

/* Start as many head tasks of queue q as may start at `now`.  A queue still
 * listed on a condition has nothing to do: the condition it is listed on is
 * unmet until its list is woken. */
static gboolean
examine_queue (Replay *r, guint32 q, gint64 now, GError **error)
{
  QueueState *qs = &r->q[q];
  while (qs->head != NO_TASK && qs->blocked_kind == BLOCKED_NONE) {
    if (!head_conditions_met (r, q, qs))
      return TRUE;
    if (qs->ready > now) {
      if (qs->wake != qs->ready) {
        qs->wake = qs->ready;
        vs_event_queue_push (r->events, qs->ready, VS_EVENT_QUEUE_WAKE, q);
      }
      return TRUE;
    }
    if (qs->busy >= qs->servers)
      return TRUE;  /* one of its own tasks ending marks it dirty again */
    if (!start_task (r, q, qs->head, now, error))
      return FALSE;
  }
  return TRUE;
}

static void
task_ended (Replay *r, guint32 t, gint64 now)
{
  VsTimeline *tl = r->tl;
  const HotTask *h = &r->hot[t];
  const guint32 q = h->queue;
  QueueState *qs = &r->q[q];
  tl->task_end[t] = now;
  if (now > r->latency)
    r->latency = now;
  if (shares_ddr (r, t) && tl->task_start[t] < now) {
    /* Busy time was counted at the start with the cost alone. */
    tl->queue_busy_ps[q] += (now - tl->task_start[t]) - r->task_ps[t];
    vs_ddr_share_finish (r->ddr, t, now);
    push_ddr_ends (r);
  }
  /* A one-server queue's task ran on server 0: no need to read it back. */
  r->srv_busy[qs->first_server + (qs->servers == 1 ? 0 : (guint32) tl->task_server[t])] = 0;
  qs->busy--;
  engine_busy_change (r, qs->engine, now, -1);
  mark_dirty (r, q);
  const gint32 *updates = r->refs + h->first_update;
  for (guint k = 0; k < h->n_updates; k++) {
    gint32 b = updates[k];
    if (--r->bar[b].producers_left == 0) {
      tl->barriers[b].release = now;
      tl->barriers[b].last_producer = (gint32) t;
      if (r->bar[b].consumers_left == 0)
        tl->barriers[b].free = now;
      wake_list (r, &r->bar[b].waiters);
    }
  }
  if (r->t_waiters != NULL && r->t_waiters[t] >= 0)
    wake_list (r, &r->t_waiters[t]);
}

static gboolean
drain_dirty (Replay *r, gint64 now, GError **error)
{
  while (r->dirty_count > 0) {
    guint32 q = r->dirty[r->dirty_read];
    r->dirty_read = r->dirty_read + 1 == r->nq ? 0 : r->dirty_read + 1;
    r->dirty_count--;
    r->q[q].dirty = 0;
    if (!examine_queue (r, q, now, error))
      return FALSE;
  }
  return TRUE;
}

static void
describe_barrier_state (const Replay *r, const gint32 *producers, GString *msg, gint32 b)
{
  const VsBarrier *bar = vs_schedule_barrier (r->s, b);
  g_string_append_printf (msg, "barrier '%s' (%d of %d producers outstanding, %d consumers "
                          "outstanding)", bar->id ? bar->id : "?", r->bar[b].producers_left,
                          producers[b], r->bar[b].consumers_left);
}

/* Name every queue that did not drain, its head task, and each unmet
 * condition.  The tasks that never started get their times (-1) here: the
 * run writes a task's only when it starts, and with the event heap empty
 * every task that started has ended. */
static void
set_deadlock_error (const Replay *r, GError **error)
{
  const VsSchedule *s = r->s;
  const VsTimeline *tl = r->tl;
  for (guint q = 0; q < r->nq; q++)
    for (guint32 t = r->q[q].head; t != NO_TASK; t = r->hot[t].next)
      tl->task_start[t] = tl->task_end[t] = -1;
  guint never_ran = 0;
  for (guint t = 0; t < r->nt; t++)
    never_ran += tl->task_start[t] < 0;
  g_autofree gint32 *producers = g_new0 (gint32, r->nb + 1);
  for (guint t = 0; t < r->nt; t++)
    for (guint k = 0; k < r->tasks[t].n_updates; k++)
      producers[r->refs[r->tasks[t].first_update + k]]++;
  g_autoptr (GString) msg = g_string_new (NULL);
  g_string_append_printf (msg, "%s: the schedule cannot finish: %u of %u tasks never started",
                          s->path ? s->path : "<schedule>", never_ran, r->nt);
  for (guint q = 0; q < r->nq; q++) {
    if (r->q[q].head == NO_TASK)
      continue;
    const VsTask *task = &r->tasks[r->q[q].head];
    g_string_append_printf (msg, "\n  queue '%s': head task '%s'",
                            r->queues[q].id ? r->queues[q].id : "?", task->id ? task->id : "?");
    if (task->line > 0)
      g_string_append_printf (msg, " (line %d)", task->line);
    g_string_append (msg, " waits for");
    guint unmet = 0;
    for (guint k = 0; k < task->n_waits; k++) {
      gint32 b = r->refs[task->first_wait + k];
      if (r->bar[b].producers_left > 0) {
        g_string_append (msg, unmet++ ? "; " : " ");
        describe_barrier_state (r, producers, msg, b);
      }
    }
    for (guint k = 0; k < task->n_after; k++) {
      gint32 a = r->refs[task->first_after + k];
      if (tl->task_end[a] < 0) {
        const VsTask *other = &r->tasks[a];
        g_string_append_printf (msg, "%stask '%s' (after; %s)", unmet++ ? "; " : " ",
                                other->id ? other->id : "?",
                                tl->task_start[a] < 0 ? "never started" : "not finished");
      }
    }
    if (tl->options.barrier_reuse)
      for (guint k = 0; k < task->n_waits + task->n_updates; k++) {
        gint32 b = r->refs[k < task->n_waits ? task->first_wait + k
                                             : task->first_update + k - task->n_waits];
        gint32 prev = tl->barriers[b].prev_same_pid;
        if (prev >= 0 && !barrier_free (r, prev)) {
          const VsBarrier *bar = vs_schedule_barrier (s, b);
          g_string_append_printf (msg, "%sphysical barrier %d for barrier '%s', still held by ",
                                  unmet++ ? "; " : " ", bar->pid, bar->id ? bar->id : "?");
          describe_barrier_state (r, producers, msg, prev);
        }
      }
    if (unmet == 0)
      g_string_append (msg, " nothing (internal error: a lost wake-up)");
  }
  g_set_error_literal (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_DEADLOCK, msg->str);
}

static void
finish_stats (Replay *r)
{
  VsTimeline *tl = r->tl;
  const gint64 latency = r->latency;
  tl->latency_ps = latency;
  for (guint q = 0; q < r->nq; q++) {
    const QueueState *qs = &r->q[q];
    VsEngineStats *e = &tl->engines[qs->engine];
    e->instances += qs->servers * (qs->engine == VS_ENGINE_DPU ? r->dpus : 1);
    e->n_tasks += qs->n_tasks;
    e->busy_ps += tl->queue_busy_ps[q];
  }
  /* DPU busy time counts each DPU's work: the variants' durations, not the
   * invariants' makespans. */
  for (int e = 0; e < VS_ENGINE_COUNT; e++)
    tl->engines[e].busy_ps += r->variant_work[e];
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    VsEngineStats *st = &tl->engines[e];
    st->utilisation = st->instances > 0 && latency > 0
                          ? (double) st->busy_ps / ((double) st->instances * (double) latency)
                          : 0.0;
  }
}

/* Apply one event.  A DDR transfer's end event is stale when its end has
 * moved since the event was pushed (a newer event carries the new end). */
static void
apply_event (Replay *r, const VsEvent *ev)
{
  switch (ev->kind) {
  case VS_EVENT_TASK_END: {
    guint32 t = ev->index;
    if (!shares_ddr (r, t) || r->tl->task_start[t] == ev->time ||
        vs_ddr_share_end (r->ddr, t) == ev->time)
      task_ended (r, t, ev->time);
    break;
  }
  case VS_EVENT_QUEUE_WAKE:
    if (r->q[ev->index].wake == ev->time)
      r->q[ev->index].wake = -1;
    mark_dirty (r, ev->index);
    break;
  }
}

/* Every queue once at time 0, then instant after instant: apply all the
 * events of the instant, then examine the queues they made dirty. */
static gboolean
run_events (Replay *r, GError **error)
{
  for (guint q = 0; q < r->nq; q++)
    mark_dirty (r, q);
  if (!drain_dirty (r, 0, error))
    return FALSE;
  VsEvent ev;
  while (vs_event_queue_pop (r->events, &ev)) {
    gint64 now = ev.time;
    apply_event (r, &ev);
    while (vs_event_queue_pop_at (r->events, now, &ev))
      apply_event (r, &ev);
    if (!drain_dirty (r, now, error))
      return FALSE;
  }
  for (guint q = 0; q < r->nq; q++)
    if (r->q[q].head != NO_TASK) {
      set_deadlock_error (r, error);
      return FALSE;
    }
  return TRUE;
}

VsTimeline *
vs_replay_run (const VsReplay *in, GError **error)
{
  g_return_val_if_fail (in != NULL && in->schedule != NULL, NULL);
  Replay r = { 0 };
  gboolean ok = vs_replay_state_init (&r, in, error) && run_events (&r, error);
  VsTimeline *tl = r.tl;  /* replay_clear leaves it alone */
  if (ok) {
    finish_stats (&r);
    tl->state_bytes = r.bytes;
  }
  vs_replay_state_clear (&r);
  if (!ok) {
    vs_timeline_free (tl);
    return NULL;
  }
  return tl;
}
