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

/* What the hot loop needs of a task: a 40-byte copy of the 160-byte VsTask
 * fields it reads, in file order, with each queue's tasks chained by `next`.
 * Queue heads advance together through the file, so the records and the
 * schedule's refs they point into are read within a sliding window. */
typedef struct {
  guint32 first_wait, first_update;      /* into schedule->refs */
  guint32 n_waits, n_updates;
  guint32 first_variant, n_variants;     /* n_variants = 0 unless the variants are timed */
  guint32 next;                 /* next task of the same queue, NO_TASK at the end */
  guint32 queue;
  guint16 kind;
  guint16 has_after;            /* the `after` list is read from the VsTask (rarely used) */
} HotTask;

/* A queue's state: its FIFO (head of the `next` chain), its servers, and
 * how it is blocked. */
typedef struct {
  guint32 head;                 /* head task, NO_TASK when drained */
  guint32 n_tasks;              /* for the statistics */
  guint32 first_server;         /* its servers are srv_busy[first_server ..] */
  gint32 servers, busy;
  VsEngine engine;
  gint64 wake;                  /* pending wake-up time, -1 none */
  gint32 blocked_on;            /* barrier or task, per blocked_kind */
  gint32 next_waiter;           /* next queue of the same intrusive waiter list */
  guint8 blocked_kind;
  guint8 dirty;                 /* in the dirty ring */
} QueueState;

/* What the replay counts down per barrier; the times are the timeline's. */
typedef struct {
  gint32 producers_left;
  gint32 consumers_left;
  gint32 waiters;               /* head of the waiter list, -1 none */
} BarrierState;

/* The state of one run.  Everything is allocated once in replay_init and
 * released in replay_clear. */
typedef struct {
  const VsSchedule *s;
  const VsTask *tasks;
  const VsQueue *queues;
  const gint32 *refs;
  const gint64 *task_ps;
  const gint64 *variant_ps;
  VsTimeline *tl;
  guint nt, nq, nb;

  HotTask *hot;                 /* nt, in file order */
  QueueState *q;                /* nq */
  guint8 *srv_busy;             /* every queue's servers, one after the other */
  guint32 *dirty;               /* ring of queues to examine, capacity nq */
  guint dirty_read, dirty_count;
  BarrierState *bar;            /* nb */
  gint32 *t_waiters;            /* per task: queues waiting for it to end (`after`), or NULL
                                   when no task has an `after` list */

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

/* Carve `n` elements of `size` bytes out of a block at *at. */
static void *
carve (char **at, gsize n, gsize size)
{
  void *p = *at;
  *at += n * size;
  return p;
}

/* The timeline and all its arrays in one block (freed by one g_free): the
 * 8-byte arrays first, so every array is aligned.  Times and indices start
 * at -1 (not yet known). */
static VsTimeline *
timeline_new (guint nt, guint nv, guint nb, guint nq, gboolean pid_chain)
{
  gsize header = (sizeof (VsTimeline) + 15) & ~(gsize) 15;
  gsize size = header + 8 * (2 * (gsize) nt + 2 * (gsize) nv + 2 * (gsize) nb + nq) +
               4 * ((gsize) nt + nv + 2 * (gsize) nb + (pid_chain ? nb : 0) + nq);
  VsTimeline *tl = g_malloc (size);
  memset (tl, 0, sizeof *tl);
  char *at = (char *) tl + header;
  tl->n_tasks = nt;
  tl->n_variants = nv;
  tl->n_barriers = nb;
  tl->n_queues = nq;
  tl->task_start = carve (&at, nt, sizeof (gint64));
  tl->task_end = carve (&at, nt, sizeof (gint64));
  tl->variant_start = carve (&at, nv, sizeof (gint64));
  tl->variant_end = carve (&at, nv, sizeof (gint64));
  tl->barrier_release = carve (&at, nb, sizeof (gint64));
  tl->barrier_free = carve (&at, nb, sizeof (gint64));
  tl->queue_busy_ps = carve (&at, nq, sizeof (gint64));
  tl->task_server = carve (&at, nt, sizeof (gint32));
  tl->variant_dpu = carve (&at, nv, sizeof (gint32));
  tl->barrier_last_producer = carve (&at, nb, sizeof (gint32));
  tl->barrier_last_consumer = carve (&at, nb, sizeof (gint32));
  tl->barrier_prev_same_pid = pid_chain ? carve (&at, nb, sizeof (gint32)) : NULL;
  tl->queue_first_task = carve (&at, nq, sizeof (gint32));
  g_assert ((gsize) (at - (char *) tl) == size);
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
  for (guint q = 0; q < nq; q++) {
    tl->queue_busy_ps[q] = 0;
    tl->queue_first_task[q] = -1;
  }
  tl->state_bytes = size;
  return tl;
}

void
vs_timeline_free (VsTimeline *tl)
{
  g_free (tl);
}

/* The latencies realistic mode adds (all 0 in compiler mode). */
static void
timeline_set_latencies (VsTimeline *tl, const VsDevice *dev, VsReplayMode mode)
{
  if (mode != VS_REPLAY_REALISTIC)
    return;
  tl->dispatch_ps[VS_ENGINE_DMA] = ns_to_ps (dev->dispatch_dma_ns);
  tl->dispatch_ps[VS_ENGINE_DPU] = ns_to_ps (dev->dispatch_dpu_ns);
  tl->dispatch_ps[VS_ENGINE_SHAVE] = ns_to_ps (dev->dispatch_shave_ns);
  tl->shave_startup_ps = ns_to_ps (dev->shave_startup_ns);
  tl->cold_start_ps[VS_ENGINE_DMA] = ns_to_ps (dev->cold_start_dma_ns);
  tl->cold_start_ps[VS_ENGINE_DPU] = ns_to_ps (dev->cold_start_dpu_ns);
  tl->cold_start_ps[VS_ENGINE_SHAVE] = ns_to_ps (dev->cold_start_shave_ns);
}

/* Queues: FIFOs empty, servers numbered queue after queue. */
static void
init_queues (Replay *r)
{
  r->q = alloc_array (r, r->nq, sizeof (QueueState));
  guint32 servers = 0;
  for (guint q = 0; q < r->nq; q++) {
    r->q[q] = (QueueState) { .head = NO_TASK, .first_server = servers,
                             .servers = r->queues[q].servers, .engine = r->queues[q].engine,
                             .wake = -1, .blocked_on = -1, .next_waiter = -1 };
    servers += (guint32) r->queues[q].servers;
  }
  r->srv_busy = alloc_array (r, servers, sizeof (guint8));
  r->dirty = alloc_array (r, r->nq, sizeof (guint32));
}

/* One pass over the tasks: check each, copy its hot fields, chain each
 * queue's tasks in file order, count every barrier's producers and
 * consumers.  Returns FALSE (error set) on the first bad task. */
static gboolean
load_tasks (Replay *r, const VsReplay *in, gboolean *any_after, GError **error)
{
  r->hot = alloc_array (r, r->nt, sizeof (HotTask));
  r->bar = alloc_array (r, r->nb, sizeof (BarrierState));
  g_autofree guint32 *q_tail = g_new (guint32, r->nq + 1);
  for (guint q = 0; q < r->nq; q++)
    q_tail[q] = NO_TASK;
  gboolean timed = r->variant_ps != NULL;
  *any_after = FALSE;
  for (guint t = 0; t < r->nt; t++) {
    if (!check_task (in, t, error))
      return FALSE;
    const VsTask *task = &r->tasks[t];
    guint32 q = (guint32) task->queue;
    HotTask *h = &r->hot[t];
    *h = (HotTask) { .first_wait = task->first_wait, .first_update = task->first_update,
                     .n_waits = task->n_waits, .n_updates = task->n_updates, .next = NO_TASK,
                     .queue = q, .kind = (guint16) task->kind, .has_after = task->n_after > 0 };
    *any_after |= task->n_after > 0;
    if (task->kind == VS_TASK_DPU && timed) {
      h->first_variant = task->spec.dpu.first_variant;
      h->n_variants = task->spec.dpu.n_variants;
    }
    if (q_tail[q] == NO_TASK)
      r->q[q].head = t;
    else
      r->hot[q_tail[q]].next = t;
    q_tail[q] = t;
    r->q[q].n_tasks++;
    for (guint k = 0; k < task->n_waits; k++)
      r->bar[r->refs[task->first_wait + k]].consumers_left++;
    for (guint k = 0; k < task->n_updates; k++)
      r->bar[r->refs[task->first_update + k]].producers_left++;
  }
  return TRUE;
}

/* Barriers nobody produces are released at 0 (and free when nobody
 * consumes them either); the others wait for their producers. */
static void
init_barriers (Replay *r)
{
  VsTimeline *tl = r->tl;
  for (guint b = 0; b < r->nb; b++) {
    const BarrierState *bs = &r->bar[b];
    r->bar[b].waiters = -1;
    tl->barrier_last_producer[b] = -1;
    tl->barrier_last_consumer[b] = -1;
    tl->barrier_release[b] = bs->producers_left == 0 ? 0 : -1;
    tl->barrier_free[b] = bs->producers_left == 0 && bs->consumers_left == 0 ? 0 : -1;
  }
}

typedef struct {
  gint32 pid;
  gint32 barrier;
} PidUse;

static int
pid_use_cmp (const void *a, const void *b)
{
  const PidUse *x = a, *y = b;
  if (x->pid != y->pid)
    return x->pid < y->pid ? -1 : 1;
  return (x->barrier > y->barrier) - (x->barrier < y->barrier);
}

/* barrier_prev_same_pid: each barrier's predecessor in declaration order on
 * its physical id.  Pids are small in practice (the hardware has 32..96), so
 * the map from pid to its latest barrier is a plain array; pids too sparse
 * for that (beyond 4 per barrier) are sorted instead, still in arrays. */
static void
map_physical_barriers (Replay *r)
{
  gint32 *prev = r->tl->barrier_prev_same_pid;
  gint32 max_pid = -1;
  guint n_pid = 0;
  for (guint b = 0; b < r->nb; b++) {
    gint32 pid = vs_schedule_barrier (r->s, b)->pid;
    prev[b] = -1;
    max_pid = MAX (max_pid, pid);
    n_pid += pid >= 0;
  }
  if (max_pid < 0)
    return;
  if ((guint64) max_pid < 4 * (guint64) r->nb + 1024) {
    g_autofree gint32 *last_of = g_new (gint32, (gsize) max_pid + 1);
    for (gint32 p = 0; p <= max_pid; p++)
      last_of[p] = -1;
    for (guint b = 0; b < r->nb; b++) {
      gint32 pid = vs_schedule_barrier (r->s, b)->pid;
      if (pid >= 0) {
        prev[b] = last_of[pid];
        last_of[pid] = (gint32) b;
      }
    }
    return;
  }
  g_autofree PidUse *uses = g_new (PidUse, n_pid);
  guint n = 0;
  for (guint b = 0; b < r->nb; b++) {
    gint32 pid = vs_schedule_barrier (r->s, b)->pid;
    if (pid >= 0)
      uses[n++] = (PidUse) { pid, (gint32) b };
  }
  qsort (uses, n, sizeof *uses, pid_use_cmp);
  for (guint i = 1; i < n; i++)
    if (uses[i].pid == uses[i - 1].pid)
      prev[uses[i].barrier] = uses[i - 1].barrier;
}

/* The event heap, and DDR sharing when the caller gave DDR bytes in
 * realistic mode on a device with a DDR bandwidth. */
static void
init_events_and_ddr (Replay *r, const VsReplay *in)
{
  /* At most one end event per server and one wake-up per queue are pending
   * (a DDR transfer whose end moved leaves a stale event behind, so the heap
   * may still grow; it grows by doubling). */
  guint32 servers = r->nq > 0 ? r->q[r->nq - 1].first_server + (guint32) r->q[r->nq - 1].servers
                              : 0;
  r->events = vs_event_queue_new ((gsize) servers + r->nq + 1);
  r->bytes += vs_event_queue_bytes (r->events);
  if (in->task_ddr_bytes != NULL && in->options.mode == VS_REPLAY_REALISTIC &&
      r->s->device.ddr_bandwidth_gbps > 0) {
    r->ddr = vs_ddr_share_new (r->nt, r->s->device.ddr_bandwidth_gbps);
    r->ddr_bytes = in->task_ddr_bytes;
    r->bytes += vs_ddr_share_bytes (r->ddr);
  }
}

/* Every step of setting up a run; on FALSE the caller still calls replay_clear. */
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
  r->tl = timeline_new (r->nt, s->variants->len, r->nb, r->nq, in->options.barrier_reuse);
  r->bytes += r->tl->state_bytes;
  r->tl->options = in->options;
  timeline_set_latencies (r->tl, &s->device, in->options.mode);
  r->dpus = s->device.dpus_per_tile >= 1 && s->device.dpus_per_tile <= 1024
                ? s->device.dpus_per_tile : 1;
  r->tl->dpus_per_tile = r->dpus;
  r->dpu_free = alloc_array (r, (gsize) r->dpus, sizeof (gint64));

  init_queues (r);
  gboolean any_after;
  if (!load_tasks (r, in, &any_after, error))
    return FALSE;
  init_barriers (r);
  if (in->options.barrier_reuse)
    map_physical_barriers (r);
  if (any_after) {  /* most schedules have no `after` lists: spare 4 bytes a task */
    r->t_waiters = alloc_array (r, r->nt, sizeof (gint32));
    for (guint t = 0; t < r->nt; t++)
      r->t_waiters[t] = -1;
  }
  init_events_and_ddr (r, in);
  return TRUE;
}

static void
replay_clear (Replay *r)
{
  g_clear_pointer (&r->ddr, vs_ddr_share_free);
  g_clear_pointer (&r->events, vs_event_queue_free);
  g_free (r->dpu_free);
  g_free (r->hot);
  g_free (r->q);
  g_free (r->srv_busy);
  g_free (r->dirty);
  g_free (r->bar);
  g_free (r->t_waiters);
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
    vs_event_queue_push (r->events, vs_ddr_share_end (r->ddr, t), VS_EVENT_TASK_END, t);
  }
}

/* Start as many head tasks of queue q as may start at `now`. */
static gboolean
examine_queue (Replay *r, guint32 q, gint64 now, GError **error)
{
  VsTimeline *tl = r->tl;
  QueueState *qs = &r->q[q];
  const gint64 warm = tl->dispatch_ps[qs->engine];
  const gint64 cold = tl->cold_start_ps[qs->engine];
  while (qs->head != NO_TASK) {
    const gint64 dispatch = tl->queue_first_task[q] >= 0 || warm > G_MAXINT64 - cold
                                ? warm : warm + cold;
    const guint32 t = qs->head;
    const HotTask *h = &r->hot[t];
    const gint32 *waits = r->refs + h->first_wait;
    const gint32 *updates = r->refs + h->first_update;
    gint64 ready = 0;
    for (guint k = 0; k < h->n_waits; k++) {
      gint32 b = waits[k];
      if (r->bar[b].producers_left > 0) {
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
      if (qs->wake != ready) {
        qs->wake = ready;
        vs_event_queue_push (r->events, ready, VS_EVENT_QUEUE_WAKE, q);
      }
      return TRUE;
    }
    if (qs->busy >= qs->servers)
      return TRUE;  /* one of its own tasks ending marks it dirty again */

    guint32 server = qs->first_server;
    while (r->srv_busy[server])
      server++;
    r->srv_busy[server] = 1;
    qs->busy++;
    qs->head = h->next;
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
    for (guint k = 0; k < h->n_waits; k++) {
      gint32 b = waits[k];
      tl->barrier_last_consumer[b] = (gint32) t;
      if (--r->bar[b].consumers_left == 0) {
        tl->barrier_free[b] = now;
        wake_list (r, &r->bar[b].waiters);
      }
    }
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
  if (shares_ddr (r, t) && tl->task_start[t] < now) {
    /* Busy time was counted at the start with the cost alone. */
    tl->queue_busy_ps[q] += (now - tl->task_start[t]) - r->task_ps[t];
    vs_ddr_share_finish (r->ddr, t, now);
    push_ddr_ends (r);
  }
  r->srv_busy[qs->first_server + (guint32) tl->task_server[t]] = 0;
  qs->busy--;
  engine_busy_change (r, qs->engine, now, -1);
  mark_dirty (r, q);
  const gint32 *updates = r->refs + h->first_update;
  for (guint k = 0; k < h->n_updates; k++) {
    gint32 b = updates[k];
    if (--r->bar[b].producers_left == 0) {
      tl->barrier_release[b] = now;
      tl->barrier_last_producer[b] = (gint32) t;
      if (r->bar[b].consumers_left == 0)
        tl->barrier_free[b] = now;
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
    const QueueState *qs = &r->q[q];
    VsEngineStats *e = &tl->engines[qs->engine];
    e->instances += qs->servers * (qs->engine == VS_ENGINE_DPU ? r->dpus : 1);
    e->n_tasks += qs->n_tasks;
    e->busy_ps += tl->queue_busy_ps[q];
  }
  /* DPU busy time counts each DPU's work: the variants' durations, not the
   * invariants' makespans. */
  for (guint t = 0; t < r->nt; t++) {
    const HotTask *h = &r->hot[t];
    if (h->n_variants == 0)
      continue;
    VsEngineStats *e = &tl->engines[r->q[h->queue].engine];
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
    VsEvent next;
    while (vs_event_queue_peek (r->events, &next) && next.time == now) {
      vs_event_queue_pop (r->events, &ev);
      apply_event (r, &ev);
    }
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
  if (!check_inputs (in, error))
    return NULL;
  Replay r = { 0 };
  gboolean ok = replay_init (&r, in, error) && run_events (&r, error);
  VsTimeline *tl = r.tl;  /* replay_clear leaves it alone */
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
