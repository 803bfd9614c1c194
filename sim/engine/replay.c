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
#include "sim/engine/replay.h"

#include <math.h>
#include <string.h>

#include "sim/engine/ddr_share.h"
#include "sim/engine/event_queue.h"

G_DEFINE_QUARK (vs-replay-error-quark, vs_replay_error)

/* Event kinds: bit 0 set = a queue's wake-up (payload: queue); clear = a
 * task's end (payload: task, kind >> 1: its queue, so the end needs no
 * lookup in the task records). */
enum { EVENT_END = 0, EVENT_WAKE = 1 };
#define NO_TASK G_MAXUINT32
enum { BLOCKED_NONE = 0, BLOCKED_BARRIER, BLOCKED_TASK };

static const char *const mode_names[] = { "realistic", "compiler" };

const char *
vs_replay_mode_name (VsReplayMode mode)
{
  return (guint) mode < G_N_ELEMENTS (mode_names) ? mode_names[mode] : NULL;
}

gboolean
vs_replay_mode_from_name (const char *name, VsReplayMode *out)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (mode_names); i++)
    if (g_ascii_strcasecmp (name, mode_names[i]) == 0) {
      *out = (VsReplayMode) i;
      return TRUE;
    }
  return FALSE;
}

void
vs_replay_options_init (VsReplayOptions *options, VsReplayMode mode)
{
  memset (options, 0, sizeof *options);
  options->mode = mode;
  options->barrier_reuse = mode == VS_REPLAY_REALISTIC;
}

void
vs_timeline_free (VsTimeline *tl)
{
  if (tl == NULL)
    return;
  g_free (tl->task_start);
  g_free (tl->task_end);
  g_free (tl->task_server);
  g_free (tl->variant_start);
  g_free (tl->variant_end);
  g_free (tl->variant_dpu);
  g_free (tl->barrier_release);
  g_free (tl->barrier_last_producer);
  g_free (tl->barrier_free);
  g_free (tl->barrier_last_consumer);
  g_free (tl->barrier_prev_same_pid);
  g_free (tl->queue_busy_ps);
  g_free (tl->queue_first_task);
  g_free (tl);
}

gint64
vs_replay_list_schedule (const gint64 *durations, guint n, gint32 dpus, gint64 *free_at,
                         gint64 *start_out, gint32 *dpu_out)
{
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

/* What the hot loop needs of a task: a 32-byte copy of the 160-byte VsTask
 * fields it reads, in file order, with each queue's tasks chained by `next`.
 * Queue heads advance together through the file, so the records and the
 * schedule's refs they point into are read within a sliding window. */
typedef struct {
  guint32 first_wait, first_update;      /* into schedule->refs */
  guint32 n_waits, n_updates;
  guint32 first_variant, n_variants;     /* n_variants = 0 unless the variants are timed */
  guint32 next;                 /* next task of the same queue, NO_TASK at the end */
  guint16 kind;
  guint16 has_after;            /* the `after` list is read from the VsTask (rarely used) */
} HotTask;

/* The state of one run.  Everything is allocated once in replay_init. */
typedef struct {
  const VsSchedule *s;
  const VsTask *tasks;
  const VsQueue *queues;
  const gint32 *refs;
  const gint64 *task_ps;
  const gint64 *variant_ps;
  VsTimeline *tl;
  guint nt, nq, nb;

  /* Queues: their tasks in FIFO order (CSR), head position, servers. */
  HotTask *hot;                 /* nt, in file order */
  guint32 *q_head;              /* head task of each queue, NO_TASK when drained */
  guint32 *q_tasks;             /* tasks per queue, for the statistics */
  guint32 *srv_first;           /* nq + 1: servers of queue q are srv_first[q].. */
  guint8 *srv_busy;
  gint32 *q_busy;               /* busy servers */
  gint64 *q_wake;               /* pending wake-up time, -1 none */
  guint8 *q_blocked_kind;
  gint32 *q_blocked_on;
  gint32 *q_next_waiter;        /* intrusive waiter lists */
  guint8 *q_dirty;
  guint32 *dirty;               /* ring of queues to examine, capacity nq */
  guint dirty_read, dirty_count;

  /* Barriers. */
  gint32 *b_producers_left;
  gint32 *b_consumers_left;
  gint32 *b_waiters;            /* head of the waiter list, -1 none */

  /* Tasks: queues waiting for a task to end (`after`). */
  gint32 *t_waiters;

  VsEventQueue *events;
  VsDdrShare *ddr;              /* NULL unless DDR sharing is on */
  const gint64 *ddr_bytes;
  gint64 *dpu_free;             /* scratch for list scheduling */
  gint32 dpus;

  /* Per-engine "at least one busy" bookkeeping for active_ps. */
  gint32 engine_running[VS_ENGINE_COUNT];
  gint64 engine_since[VS_ENGINE_COUNT];

  gsize bytes;
} Replay;

static void *
alloc_array (Replay *r, gsize n, gsize size)
{
  r->bytes += n * size;
  return g_malloc0_n (n > 0 ? n : 1, size);
}

static char *
describe_task (const VsSchedule *s, guint t)
{
  const VsTask *task = vs_schedule_task (s, t);
  const char *origin = s->path ? s->path : "<schedule>";
  if (task->line > 0)
    return g_strdup_printf ("%s:%d: task '%s'", origin, task->line, task->id ? task->id : "?");
  return g_strdup_printf ("%s: task '%s'", origin, task->id ? task->id : "?");
}

static gboolean
check_refs (const VsSchedule *s, guint t, guint first, guint n, guint limit, const char *what,
            GError **error)
{
  if (n == 0)
    return TRUE;  /* an empty list's start is never read */
  if ((guint64) first + n > s->refs->len) {
    g_autofree char *who = describe_task (s, t);
    g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID, "%s: %s list out of range", who,
                 what);
    return FALSE;
  }
  for (guint k = 0; k < n; k++) {
    gint32 ref = vs_schedule_ref (s, first + k);
    if (ref < 0 || (guint) ref >= limit) {
      g_autofree char *who = describe_task (s, t);
      g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID, "%s: %s entry %d out of range",
                   who, what, ref);
      return FALSE;
    }
  }
  return TRUE;
}

/* Check everything the hot loop indexes with, so it never reads out of bounds. */
static gboolean
check_inputs (const VsReplay *in, GError **error)
{
  const VsSchedule *s = in->schedule;
  const char *origin = s->path ? s->path : "<schedule>";
  if (in->task_ps == NULL && s->tasks->len > 0) {
    g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID, "%s: no task durations given",
                 origin);
    return FALSE;
  }
  if (s->tasks->len >= G_MAXINT32 || s->queues->len >= G_MAXINT32 ||
      s->barriers->len >= G_MAXINT32) {
    g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID, "%s: schedule too large",
                 origin);
    return FALSE;
  }
  for (guint q = 0; q < s->queues->len; q++) {
    const VsQueue *queue = vs_schedule_queue (s, q);
    if (queue->servers < 1 || queue->servers > 4096 || (guint) queue->engine >= VS_ENGINE_COUNT) {
      g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID,
                   "%s: queue '%s': servers must be 1..4096 and the engine known", origin,
                   queue->id ? queue->id : "?");
      return FALSE;
    }
  }
  if (in->variant_ps != NULL)
    for (guint v = 0; v < s->variants->len; v++)
      if (in->variant_ps[v] < 0) {
        g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID,
                     "%s: variant %u: negative duration %" G_GINT64_FORMAT " ps", origin, v,
                     in->variant_ps[v]);
        return FALSE;
      }
  return TRUE;
}

/* The per-task checks, made while counting (one pass over the tasks). */
static gboolean
check_task (const VsReplay *in, guint t, GError **error)
{
  const VsSchedule *s = in->schedule;
  const VsTask *task = vs_schedule_task (s, t);
  if (task->queue < 0 || (guint) task->queue >= s->queues->len) {
    g_autofree char *who = describe_task (s, t);
    g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID, "%s: no such queue", who);
    return FALSE;
  }
  if (!check_refs (s, t, task->first_wait, task->n_waits, s->barriers->len, "waits", error) ||
      !check_refs (s, t, task->first_update, task->n_updates, s->barriers->len, "updates",
                   error) ||
      !check_refs (s, t, task->first_after, task->n_after, s->tasks->len, "after", error))
    return FALSE;
  if (in->task_ps[t] < 0) {
    g_autofree char *who = describe_task (s, t);
    g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID,
                 "%s: negative duration %" G_GINT64_FORMAT " ps", who, in->task_ps[t]);
    return FALSE;
  }
  if (task->kind == VS_TASK_DPU && task->spec.dpu.n_variants > 0 && in->variant_ps != NULL) {
    if ((guint64) task->spec.dpu.first_variant + task->spec.dpu.n_variants > s->variants->len) {
      g_autofree char *who = describe_task (s, t);
      g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID,
                   "%s: variant list out of range", who);
      return FALSE;
    }
    if (s->device.dpus_per_tile < 1 || s->device.dpus_per_tile > 1024) {
      g_autofree char *who = describe_task (s, t);
      g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID,
                   "%s: device: dpus_per_tile must be 1..1024 to schedule DPU variants, not %d",
                   who, s->device.dpus_per_tile);
      return FALSE;
    }
  }
  return TRUE;
}

static gint64
ns_to_ps (double ns)
{
  if (!(ns > 0))  /* also NaN */
    return 0;
  double ps = round (ns * 1000.0);
  return ps >= 9.0e18 ? (gint64) 9000000000000000000LL : (gint64) ps;  /* adds saturate */
}

static gboolean
replay_init (Replay *r, const VsReplay *in, GError **error)
{
  const VsSchedule *s = in->schedule;
  r->s = s;
  r->tasks = (const VsTask *) (void *) s->tasks->data;
  r->queues = (const VsQueue *) (void *) s->queues->data;
  r->refs = (const gint32 *) (void *) s->refs->data;
  r->task_ps = in->task_ps;
  r->variant_ps = in->variant_ps;
  r->nt = s->tasks->len;
  r->nq = s->queues->len;
  r->nb = s->barriers->len;
  guint nt = r->nt, nq = r->nq, nb = r->nb, nv = s->variants->len;

  VsTimeline *tl = r->tl = g_new0 (VsTimeline, 1);
  r->bytes += sizeof *tl;
  tl->options = in->options;
  tl->n_tasks = nt;
  tl->n_variants = nv;
  tl->n_barriers = nb;
  tl->n_queues = nq;
  tl->task_start = alloc_array (r, nt, sizeof (gint64));
  tl->task_end = alloc_array (r, nt, sizeof (gint64));
  tl->task_server = alloc_array (r, nt, sizeof (gint32));
  tl->variant_start = alloc_array (r, nv, sizeof (gint64));
  tl->variant_end = alloc_array (r, nv, sizeof (gint64));
  tl->variant_dpu = alloc_array (r, nv, sizeof (gint32));
  tl->barrier_release = alloc_array (r, nb, sizeof (gint64));
  tl->barrier_last_producer = alloc_array (r, nb, sizeof (gint32));
  tl->barrier_free = alloc_array (r, nb, sizeof (gint64));
  tl->barrier_last_consumer = alloc_array (r, nb, sizeof (gint32));
  tl->queue_busy_ps = alloc_array (r, nq, sizeof (gint64));
  tl->queue_first_task = alloc_array (r, nq, sizeof (gint32));
  for (guint q = 0; q < nq; q++)
    tl->queue_first_task[q] = -1;
  for (guint t = 0; t < nt; t++) {
    tl->task_start[t] = -1;
    tl->task_end[t] = -1;
    tl->task_server[t] = -1;
  }
  for (guint v = 0; v < nv; v++) {
    tl->variant_start[v] = -1;
    tl->variant_end[v] = -1;
    tl->variant_dpu[v] = -1;
  }
  if (in->options.mode == VS_REPLAY_REALISTIC) {
    tl->dispatch_ps[VS_ENGINE_DMA] = ns_to_ps (s->device.dispatch_dma_ns);
    tl->dispatch_ps[VS_ENGINE_DPU] = ns_to_ps (s->device.dispatch_dpu_ns);
    tl->dispatch_ps[VS_ENGINE_SHAVE] = ns_to_ps (s->device.dispatch_shave_ns);
    tl->shave_startup_ps = ns_to_ps (s->device.shave_startup_ns);
    tl->cold_start_ps[VS_ENGINE_DMA] = ns_to_ps (s->device.cold_start_dma_ns);
    tl->cold_start_ps[VS_ENGINE_DPU] = ns_to_ps (s->device.cold_start_dpu_ns);
    tl->cold_start_ps[VS_ENGINE_SHAVE] = ns_to_ps (s->device.cold_start_shave_ns);
  }
  r->dpus = s->device.dpus_per_tile >= 1 && s->device.dpus_per_tile <= 1024
                ? s->device.dpus_per_tile : 1;
  tl->dpus_per_tile = r->dpus;
  r->dpu_free = alloc_array (r, (gsize) r->dpus, sizeof (gint64));

  /* One pass over the tasks: check them, copy the hot fields, chain each
   * queue's tasks in file order, count barrier producers and consumers. */
  r->q_head = alloc_array (r, nq, sizeof (guint32));
  r->q_tasks = alloc_array (r, nq, sizeof (guint32));
  g_autofree guint32 *q_tail = g_new (guint32, nq + 1);
  for (guint q = 0; q < nq; q++)
    r->q_head[q] = q_tail[q] = NO_TASK;
  r->b_producers_left = alloc_array (r, nb, sizeof (gint32));
  r->b_consumers_left = alloc_array (r, nb, sizeof (gint32));
  r->hot = alloc_array (r, nt, sizeof (HotTask));
  gboolean timed = r->variant_ps != NULL, any_after = FALSE;
  for (guint t = 0; t < nt; t++) {
    if (!check_task (in, t, error))
      return FALSE;
    const VsTask *task = &r->tasks[t];
    guint32 q = (guint32) task->queue;
    HotTask *h = &r->hot[t];
    *h = (HotTask) { .first_wait = task->first_wait, .first_update = task->first_update,
                     .n_waits = task->n_waits, .n_updates = task->n_updates, .next = NO_TASK,
                     .kind = (guint16) task->kind, .has_after = task->n_after > 0 };
    any_after |= task->n_after > 0;
    if (task->kind == VS_TASK_DPU && timed) {
      h->first_variant = task->spec.dpu.first_variant;
      h->n_variants = task->spec.dpu.n_variants;
    }
    if (q_tail[q] == NO_TASK)
      r->q_head[q] = t;
    else
      r->hot[q_tail[q]].next = t;
    q_tail[q] = t;
    r->q_tasks[q]++;
    for (guint k = 0; k < task->n_waits; k++)
      r->b_consumers_left[r->refs[task->first_wait + k]]++;
    for (guint k = 0; k < task->n_updates; k++)
      r->b_producers_left[r->refs[task->first_update + k]]++;
  }

  r->srv_first = alloc_array (r, nq + 1, sizeof (guint32));
  for (guint q = 0; q < nq; q++)
    r->srv_first[q + 1] = r->srv_first[q] + (guint32) r->queues[q].servers;
  r->srv_busy = alloc_array (r, r->srv_first[nq], sizeof (guint8));
  r->q_busy = alloc_array (r, nq, sizeof (gint32));
  r->q_wake = alloc_array (r, nq, sizeof (gint64));
  r->q_blocked_kind = alloc_array (r, nq, sizeof (guint8));
  r->q_blocked_on = alloc_array (r, nq, sizeof (gint32));
  r->q_next_waiter = alloc_array (r, nq, sizeof (gint32));
  r->q_dirty = alloc_array (r, nq, sizeof (guint8));
  r->dirty = alloc_array (r, nq, sizeof (guint32));
  for (guint q = 0; q < nq; q++)
    r->q_wake[q] = -1;

  r->b_waiters = alloc_array (r, nb, sizeof (gint32));
  for (guint b = 0; b < nb; b++) {
    r->b_waiters[b] = -1;
    tl->barrier_last_producer[b] = -1;
    tl->barrier_last_consumer[b] = -1;
    tl->barrier_release[b] = r->b_producers_left[b] == 0 ? 0 : -1;
    tl->barrier_free[b] = r->b_producers_left[b] == 0 && r->b_consumers_left[b] == 0 ? 0 : -1;
  }
  if (in->options.barrier_reuse) {
    tl->barrier_prev_same_pid = alloc_array (r, nb, sizeof (gint32));
    /* pid -> latest barrier declared on it.  Pids are small in practice (the
     * hardware has 32..96): a plain array up to 2^20, else a hash table. */
    gint32 max_pid = -1;
    for (guint b = 0; b < nb; b++)
      max_pid = MAX (max_pid, vs_schedule_barrier (s, b)->pid);
    g_autofree gint32 *last_of = NULL;
    g_autoptr (GHashTable) last = NULL;
    if (max_pid < (1 << 20)) {
      last_of = g_new (gint32, (gsize) max_pid + 1);
      for (gint32 p = 0; p <= max_pid; p++)
        last_of[p] = -1;
    } else {
      last = g_hash_table_new (g_direct_hash, g_direct_equal);
    }
    for (guint b = 0; b < nb; b++) {
      gint32 pid = vs_schedule_barrier (s, b)->pid;
      tl->barrier_prev_same_pid[b] = -1;
      if (pid < 0)
        continue;
      if (last_of != NULL) {
        tl->barrier_prev_same_pid[b] = last_of[pid];
        last_of[pid] = (gint32) b;
        continue;
      }
      gpointer prev;
      if (g_hash_table_lookup_extended (last, GINT_TO_POINTER (pid), NULL, &prev))
        tl->barrier_prev_same_pid[b] = GPOINTER_TO_INT (prev);
      g_hash_table_insert (last, GINT_TO_POINTER (pid), GINT_TO_POINTER ((gint) b));
    }
  }

  if (any_after) {  /* most schedules have no `after` lists: spare 4 bytes a task */
    r->t_waiters = alloc_array (r, nt, sizeof (gint32));
    for (guint t = 0; t < nt; t++)
      r->t_waiters[t] = -1;
  }

  /* At most one end event per server and one wake-up per queue are pending,
   * so this capacity is never exceeded. */
  gsize capacity = (gsize) r->srv_first[nq] + nq + 1;
  r->events = vs_event_queue_new (capacity);
  r->bytes += vs_event_queue_bytes (r->events);
  if (in->task_ddr_bytes != NULL && in->options.mode == VS_REPLAY_REALISTIC &&
      s->device.ddr_bandwidth_gbps > 0) {
    r->ddr = vs_ddr_share_new (nt, s->device.ddr_bandwidth_gbps);
    r->ddr_bytes = in->task_ddr_bytes;
    r->bytes += vs_ddr_share_bytes (r->ddr);
  }
  return TRUE;
}

static void
replay_clear (Replay *r)
{
  g_clear_pointer (&r->ddr, vs_ddr_share_free);
  g_free (r->dpu_free);
  g_free (r->hot);
  g_free (r->q_head);
  g_free (r->q_tasks);
  g_free (r->srv_first);
  g_free (r->srv_busy);
  g_free (r->q_busy);
  g_free (r->q_wake);
  g_free (r->q_blocked_kind);
  g_free (r->q_blocked_on);
  g_free (r->q_next_waiter);
  g_free (r->q_dirty);
  g_free (r->dirty);
  g_free (r->b_producers_left);
  g_free (r->b_consumers_left);
  g_free (r->b_waiters);
  g_free (r->t_waiters);
  vs_event_queue_free (r->events);
}

static inline void
mark_dirty (Replay *r, guint32 q)
{
  if (r->q_dirty[q])
    return;
  r->q_dirty[q] = 1;
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
    gint32 next = r->q_next_waiter[q];
    r->q_blocked_kind[q] = BLOCKED_NONE;
    mark_dirty (r, (guint32) q);
    q = next;
  }
}

static inline void
block_on (Replay *r, guint32 q, guint8 kind, gint32 on)
{
  if (r->q_blocked_kind[q] != BLOCKED_NONE)
    return;  /* already listed, necessarily on the same condition (see the file comment) */
  gint32 *head = kind == BLOCKED_BARRIER ? &r->b_waiters[on] : &r->t_waiters[on];
  r->q_blocked_kind[q] = kind;
  r->q_blocked_on[q] = on;
  r->q_next_waiter[q] = *head;
  *head = (gint32) q;
}

static inline gboolean
barrier_free (const Replay *r, gint32 b)
{
  return r->b_producers_left[b] == 0 && r->b_consumers_left[b] == 0;
}

/* The reuse condition for one barrier: its pid's previous barrier is free.
 * Returns the barrier to wait for, or -1; raises *ready to its free time. */
static inline gint32
reuse_blocker (const Replay *r, gint32 b, gint64 *ready)
{
  gint32 prev = r->tl->barrier_prev_same_pid[b];
  if (prev < 0)
    return -1;
  if (!barrier_free (r, prev))
    return prev;
  if (r->tl->barrier_free[prev] > *ready)
    *ready = r->tl->barrier_free[prev];
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
    for (guint v = first; v < first + n; v++) {
      tl->variant_start[v] += start;
      tl->variant_end[v] = tl->variant_start[v] + r->variant_ps[v];
    }
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
    vs_event_queue_push (r->events, vs_ddr_share_end (r->ddr, t),
                         EVENT_END | (guint32) r->tasks[t].queue << 1, t);
  }
}

/* Start as many head tasks of queue q as may start at `now`. */
static gboolean
examine_queue (Replay *r, guint32 q, gint64 now, GError **error)
{
  VsTimeline *tl = r->tl;
  const VsQueue *queue = &r->queues[q];
  const gint64 warm = tl->dispatch_ps[queue->engine];
  while (r->q_head[q] != NO_TASK) {
    const gint64 cold = tl->cold_start_ps[queue->engine];
    const gint64 dispatch = tl->queue_first_task[q] >= 0 || warm > G_MAXINT64 - cold
                                ? warm : warm + cold;
    const guint32 t = r->q_head[q];
    const HotTask *h = &r->hot[t];
    const gint32 *waits = r->refs + h->first_wait;
    const gint32 *updates = r->refs + h->first_update;
    gint64 ready = 0;
    for (guint k = 0; k < h->n_waits; k++) {
      gint32 b = waits[k];
      if (r->b_producers_left[b] > 0) {
        block_on (r, q, BLOCKED_BARRIER, b);
        return TRUE;
      }
      /* Dispatch follows a release; a barrier nobody produces is simply set. */
      gint64 at = tl->barrier_release[b];
      if (tl->barrier_last_producer[b] >= 0)
        at = at > G_MAXINT64 - dispatch ? G_MAXINT64 : at + dispatch;
      if (at > ready)
        ready = at;
    }
    if (h->has_after) {
      const VsTask *task = &r->tasks[t];
      for (guint k = 0; k < task->n_after; k++) {
        gint32 a = r->refs[task->first_after + k];
        if (tl->task_end[a] < 0) {
          block_on (r, q, BLOCKED_TASK, a);
          return TRUE;
        }
        if (tl->task_end[a] > ready)
          ready = tl->task_end[a];
      }
    }
    if (tl->barrier_prev_same_pid != NULL) {
      for (guint k = 0; k < h->n_waits + h->n_updates; k++) {
        gint32 b = k < h->n_waits ? waits[k] : updates[k - h->n_waits];
        gint32 blocker = reuse_blocker (r, b, &ready);
        if (blocker >= 0) {
          block_on (r, q, BLOCKED_BARRIER, blocker);
          return TRUE;
        }
      }
    }
    if (ready > now) {
      if (r->q_wake[q] != ready) {
        r->q_wake[q] = ready;
        vs_event_queue_push (r->events, ready, EVENT_WAKE, q);
      }
      return TRUE;
    }
    if (r->q_busy[q] >= queue->servers)
      return TRUE;  /* one of its own tasks ending marks it dirty again */

    guint32 server = r->srv_first[q];
    while (r->srv_busy[server])
      server++;
    r->srv_busy[server] = 1;
    r->q_busy[q]++;
    r->q_head[q] = h->next;
    gint64 duration = task_duration (r, t, h, now);
    if (duration > G_MAXINT64 - now) {
      g_autofree char *who = describe_task (r->s, t);
      g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_OVERFLOW,
                   "%s: ends beyond the representable time (2^63 ps)", who);
      return FALSE;
    }
    tl->task_start[t] = now;
    if (tl->queue_first_task[q] < 0)
      tl->queue_first_task[q] = (gint32) t;
    tl->task_server[t] = (gint32) (server - r->srv_first[q]);
    tl->queue_busy_ps[q] += duration;
    engine_busy_change (r, queue->engine, now, +1);
    if (shares_ddr (r, t) && duration > 0) {
      vs_ddr_share_start (r->ddr, t, now, r->ddr_bytes[t], duration);
      push_ddr_ends (r);
    } else {
      vs_event_queue_push (r->events, now + duration, EVENT_END | q << 1, t);
    }

    /* A consumer is taken when it starts; the last one frees the barrier's
     * physical id for the next barrier mapped on it. */
    for (guint k = 0; k < h->n_waits; k++) {
      gint32 b = waits[k];
      tl->barrier_last_consumer[b] = (gint32) t;
      if (--r->b_consumers_left[b] == 0) {
        tl->barrier_free[b] = now;
        wake_list (r, &r->b_waiters[b]);
      }
    }
  }
  return TRUE;
}

static void
task_ended (Replay *r, guint32 t, guint32 q, gint64 now)
{
  VsTimeline *tl = r->tl;
  const HotTask *h = &r->hot[t];
  tl->task_end[t] = now;
  if (shares_ddr (r, t) && tl->task_start[t] < now) {
    /* Busy time was counted at the start with the cost alone. */
    tl->queue_busy_ps[q] += (now - tl->task_start[t]) - r->task_ps[t];
    vs_ddr_share_finish (r->ddr, t, now);
    push_ddr_ends (r);
  }
  r->srv_busy[r->srv_first[q] + (guint32) tl->task_server[t]] = 0;
  r->q_busy[q]--;
  engine_busy_change (r, r->queues[q].engine, now, -1);
  mark_dirty (r, q);
  const gint32 *updates = r->refs + h->first_update;
  for (guint k = 0; k < h->n_updates; k++) {
    gint32 b = updates[k];
    if (--r->b_producers_left[b] == 0) {
      tl->barrier_release[b] = now;
      tl->barrier_last_producer[b] = (gint32) t;
      if (r->b_consumers_left[b] == 0)
        tl->barrier_free[b] = now;
      wake_list (r, &r->b_waiters[b]);
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
    r->q_dirty[q] = 0;
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
                          "outstanding)", bar->id ? bar->id : "?", r->b_producers_left[b],
                          producers[b], r->b_consumers_left[b]);
}

/* Name every queue that did not drain, its head task, and each unmet condition. */
static void
set_deadlock_error (const Replay *r, GError **error)
{
  const VsSchedule *s = r->s;
  const VsTimeline *tl = r->tl;
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
    if (r->q_head[q] == NO_TASK)
      continue;
    const VsTask *task = &r->tasks[r->q_head[q]];
    g_string_append_printf (msg, "\n  queue '%s': head task '%s'",
                            r->queues[q].id ? r->queues[q].id : "?", task->id ? task->id : "?");
    if (task->line > 0)
      g_string_append_printf (msg, " (line %d)", task->line);
    g_string_append (msg, " waits for");
    guint unmet = 0;
    for (guint k = 0; k < task->n_waits; k++) {
      gint32 b = r->refs[task->first_wait + k];
      if (r->b_producers_left[b] > 0) {
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
    if (tl->barrier_prev_same_pid != NULL)
      for (guint k = 0; k < task->n_waits + task->n_updates; k++) {
        gint32 b = r->refs[k < task->n_waits ? task->first_wait + k
                                             : task->first_update + k - task->n_waits];
        gint32 prev = tl->barrier_prev_same_pid[b];
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
  gint64 latency = 0;
  for (guint t = 0; t < r->nt; t++)
    if (tl->task_end[t] > latency)
      latency = tl->task_end[t];
  tl->latency_ps = latency;
  for (guint q = 0; q < r->nq; q++) {
    VsEngineStats *e = &tl->engines[r->queues[q].engine];
    e->instances += r->queues[q].servers * (r->queues[q].engine == VS_ENGINE_DPU ? r->dpus : 1);
    e->n_tasks += r->q_tasks[q];
    e->busy_ps += tl->queue_busy_ps[q];
  }
  /* DPU busy time counts each DPU's work: the variants' durations, not the
   * invariants' makespans. */
  for (guint t = 0; t < r->nt; t++) {
    const HotTask *h = &r->hot[t];
    if (h->n_variants == 0)
      continue;
    VsEngineStats *e = &tl->engines[r->queues[r->tasks[t].queue].engine];
    e->busy_ps -= tl->task_end[t] - tl->task_start[t];
    for (guint v = 0; v < h->n_variants; v++)
      e->busy_ps += r->variant_ps[h->first_variant + v];
  }
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    VsEngineStats *st = &tl->engines[e];
    st->utilisation = st->instances > 0 && latency > 0
                          ? (double) st->busy_ps / ((double) st->instances * (double) latency)
                          : 0.0;
  }
}

VsTimeline *
vs_replay_run (const VsReplay *in, GError **error)
{
  g_return_val_if_fail (in != NULL && in->schedule != NULL, NULL);
  if (!check_inputs (in, error))
    return NULL;
  Replay r = { 0 };
  gboolean ok = replay_init (&r, in, error);
  gint64 now = 0;
  if (ok) {
    for (guint q = 0; q < r.nq; q++)
      mark_dirty (&r, q);
    ok = drain_dirty (&r, now, error);
  }
  VsEvent ev;
  while (ok && vs_event_queue_pop (r.events, &ev)) {
    now = ev.time;
    for (;;) {
      if ((ev.kind & EVENT_WAKE) == 0) {
        /* A DDR transfer's end may have moved since this event was pushed. */
        if (!shares_ddr (&r, ev.payload) || r.tl->task_start[ev.payload] == now ||
            vs_ddr_share_end (r.ddr, ev.payload) == now)
          task_ended (&r, ev.payload, ev.kind >> 1, now);
      } else {
        if (r.q_wake[ev.payload] == now)
          r.q_wake[ev.payload] = -1;
        mark_dirty (&r, ev.payload);
      }
      VsEvent next;
      if (!vs_event_queue_peek (r.events, &next) || next.time != now)
        break;
      vs_event_queue_pop (r.events, &ev);
    }
    ok = drain_dirty (&r, now, error);
  }
  if (ok)
    for (guint q = 0; q < r.nq; q++)
      if (r.q_head[q] != NO_TASK) {
        set_deadlock_error (&r, error);
        ok = FALSE;
        break;
      }
  VsTimeline *tl = r.tl;
  if (ok) {
    finish_stats (&r);
    tl->state_bytes = r.bytes;
  }
  replay_clear (&r);
  if (!ok) {
    vs_timeline_free (tl);
    return NULL;
  }
  return tl;
}
