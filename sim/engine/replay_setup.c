/* SPDX-License-Identifier: Apache-2.0 */
/* replay_setup.c — everything before the replay's event loop: the inputs
 * checked (so the loop never indexes out of bounds), the timeline made, and
 * the run's state built in named steps, each array allocated once.  The
 * contract is in replay.h, the state in replay_state.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hw/name_table.h"
#include "sim/engine/block_cache.h"
#include "sim/engine/replay_state.h"

/* Through hw/name_table.h, whose letter-case rule --mode follows. */
static const VsNameEntry mode_names[] = {
  { "realistic", VS_REPLAY_REALISTIC }, { "compiler", VS_REPLAY_COMPILER }, { NULL, 0 },
};

const char *
vs_replay_mode_name (VsReplayMode mode)
{
  return vs_name_table_name (mode_names, (int) mode);
}

gboolean
vs_replay_mode_from_name (const char *name, VsReplayMode *out)
{
  int value;
  if (!vs_name_table_lookup (mode_names, name, &value))
    return FALSE;
  *out = (VsReplayMode) value;
  return TRUE;
}

void
vs_replay_options_init (VsReplayOptions *options, VsReplayMode mode)
{
  memset (options, 0, sizeof *options);
  options->mode = mode;
  options->barrier_reuse = mode == VS_REPLAY_REALISTIC;
}

char *
vs_replay_describe_task (const VsSchedule *s, guint t)
{
  const VsTask *task = vs_schedule_task (s, t);
  const char *origin = s->path ? s->path : "<schedule>";
  if (task->line > 0)
    return g_strdup_printf ("%s:%d: task '%s'", origin, task->line, task->id ? task->id : "?");
  return g_strdup_printf ("%s: task '%s'", origin, task->id ? task->id : "?");
}

/* Check one of a task's lists of refs; with `bar`, also count the task on
 * each barrier of the list (as a producer or a consumer), in the same pass. */
static inline gboolean
check_refs (const VsSchedule *s, guint t, guint first, guint n, guint limit, const char *what,
            BarrierState *bar, gboolean producers, GError **error)
{
  if (n == 0)
    return TRUE;  /* an empty list's start is never read */
  if ((guint64) first + n > s->refs->len) {
    g_autofree char *who = vs_replay_describe_task (s, t);
    g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID, "%s: %s list out of range", who,
                 what);
    return FALSE;
  }
  for (guint k = 0; k < n; k++) {
    gint32 ref = vs_schedule_ref (s, first + k);
    if (ref < 0 || (guint) ref >= limit) {
      g_autofree char *who = vs_replay_describe_task (s, t);
      g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID, "%s: %s entry %d out of range",
                   who, what, ref);
      return FALSE;
    }
    if (bar != NULL && producers)
      bar[ref].producers_left++;
    else if (bar != NULL)
      bar[ref].consumers_left++;
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

/* The per-task checks, made while counting (one pass over the tasks): the
 * task is counted on the barriers it waits on and updates as they are checked. */
static gboolean
check_task (const VsReplay *in, guint t, BarrierState *bar, GError **error)
{
  const VsSchedule *s = in->schedule;
  const VsTask *task = vs_schedule_task (s, t);
  if (task->queue < 0 || (guint) task->queue >= s->queues->len) {
    g_autofree char *who = vs_replay_describe_task (s, t);
    g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID, "%s: no such queue", who);
    return FALSE;
  }
  if (!check_refs (s, t, task->first_wait, task->n_waits, s->barriers->len, "waits", bar, FALSE,
                   error) ||
      !check_refs (s, t, task->first_update, task->n_updates, s->barriers->len, "updates", bar,
                   TRUE, error) ||
      !check_refs (s, t, task->first_after, task->n_after, s->tasks->len, "after", NULL, FALSE,
                   error))
    return FALSE;
  if (in->task_ps[t] < 0) {
    g_autofree char *who = vs_replay_describe_task (s, t);
    g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID,
                 "%s: negative duration %" G_GINT64_FORMAT " ps", who, in->task_ps[t]);
    return FALSE;
  }
  if (task->kind == VS_TASK_DPU && task->spec.dpu.n_variants > 0 && in->variant_ps != NULL) {
    if ((guint64) task->spec.dpu.first_variant + task->spec.dpu.n_variants > s->variants->len) {
      g_autofree char *who = vs_replay_describe_task (s, t);
      g_set_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID,
                   "%s: variant list out of range", who);
      return FALSE;
    }
    if (s->device.dpus_per_tile < 1 || s->device.dpus_per_tile > 1024) {
      g_autofree char *who = vs_replay_describe_task (s, t);
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

/* The timeline and all its arrays in one block (freed by one
 * vs_timeline_free): the 8-byte fields first, so every array is aligned.
 * The tasks' times and servers are written by the run itself, the first
 * write being the first touch of fresh memory (a run that fails discards the
 * timeline; the deadlock message sets the never-started tasks' to -1 first);
 * the variants' are set to -1 by load_tasks unless the run times each of
 * them, the barriers' by init_barriers. */
static VsTimeline *
timeline_new (guint nt, guint nv, guint nb, guint nq)
{
  gsize header = (sizeof (VsTimeline) + 15) & ~(gsize) 15;
  gsize size = header + sizeof (VsBarrierTimes) * (gsize) nb +
               8 * (2 * (gsize) nt + 2 * (gsize) nv + nq) + 4 * ((gsize) nt + nv + nq);
  VsTimeline *tl = vs_block_alloc (size);
  memset (tl, 0, sizeof *tl);
  char *at = (char *) tl + header;
  tl->n_tasks = nt;
  tl->n_variants = nv;
  tl->n_barriers = nb;
  tl->n_queues = nq;
  tl->barriers = carve (&at, nb, sizeof (VsBarrierTimes));
  tl->task_start = carve (&at, nt, sizeof (gint64));
  tl->task_end = carve (&at, nt, sizeof (gint64));
  tl->variant_start = carve (&at, nv, sizeof (gint64));
  tl->variant_end = carve (&at, nv, sizeof (gint64));
  tl->queue_busy_ps = carve (&at, nq, sizeof (gint64));
  tl->task_server = carve (&at, nt, sizeof (gint32));
  tl->variant_dpu = carve (&at, nv, sizeof (gint32));
  tl->queue_first_task = carve (&at, nq, sizeof (gint32));
  g_assert ((gsize) (at - (char *) tl) == size);
  for (guint q = 0; q < nq; q++) {
    tl->queue_busy_ps[q] = 0;
    tl->queue_first_task[q] = -1;
  }
  for (int e = 0; e < VS_ENGINE_COUNT; e++)
    tl->engine_first_task[e] = -1;
  tl->state_bytes = size;
  return tl;
}

void
vs_timeline_free (VsTimeline *tl)
{
  vs_block_free (tl);
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
  tl->dma_queue_start_ps = ns_to_ps (dev->dma_queue_start_ns);
  tl->completion_ps[VS_ENGINE_SHAVE] = ns_to_ps (dev->completion_shave_ns);
}

/* The run's own arrays, carved out of one block (the largest first, so
 * each is aligned): the hot task records, queues, barrier counts, servers,
 * the dirty ring and the list-scheduling scratch.  Queues start with empty
 * FIFOs and their servers numbered queue after queue; barrier counts at 0. */
static void
init_scratch (Replay *r)
{
  guint32 servers = 0;
  for (guint q = 0; q < r->nq; q++)
    servers += (guint32) r->queues[q].servers;
  r->n_servers = servers;
  gsize size = sizeof (QueueState) * (gsize) r->nq + sizeof (gint64) * (gsize) r->dpus +
               sizeof (HotTask) * (gsize) r->nt + sizeof (BarrierState) * (gsize) r->nb +
               sizeof (guint32) * (gsize) r->nq + servers;
  r->scratch = vs_block_alloc (size > 0 ? size : 1);
  r->bytes += size;
  char *at = r->scratch;
  r->q = carve (&at, r->nq, sizeof (QueueState));
  r->dpu_free = carve (&at, (gsize) r->dpus, sizeof (gint64));
  r->hot = carve (&at, r->nt, sizeof (HotTask));
  r->bar = carve (&at, r->nb, sizeof (BarrierState));
  r->dirty = carve (&at, r->nq, sizeof (guint32));
  r->srv_busy = carve (&at, servers, sizeof (guint8));
  servers = 0;
  for (guint q = 0; q < r->nq; q++) {
    VsEngine e = r->queues[q].engine;
    gint64 warm = r->tl->dispatch_ps[e], cold = r->tl->cold_start_ps[e];
    r->q[q] = (QueueState) { .head = NO_TASK, .first_server = servers,
                             .servers = r->queues[q].servers, .engine = e, .wake = -1,
                             .dispatch = warm > G_MAXINT64 - cold ? warm : warm + cold,
                             .blocked_on = -1, .next_waiter = -1 };
    servers += (guint32) r->queues[q].servers;
  }
  memset (r->srv_busy, 0, servers);
  memset (r->bar, 0, sizeof (BarrierState) * (gsize) r->nb);
}

/* One pass over the tasks: check each (counting every barrier's producers
 * and consumers), copy its hot fields, chain each queue's tasks in file
 * order.  *all_timed: every variant belongs, in order, to exactly one
 * DPU task that the run times (so the run writes each variant's times).
 * Returns FALSE (error set) on the first bad task. */
static gboolean
load_tasks (Replay *r, const VsReplay *in, gboolean *any_after, gboolean *all_timed,
            GError **error)
{
  g_autofree guint32 *q_tail = g_new (guint32, r->nq + 1);
  for (guint q = 0; q < r->nq; q++)
    q_tail[q] = NO_TASK;
  gboolean timed = r->variant_ps != NULL;
  guint64 next_variant = 0;
  gboolean in_order = TRUE;
  *any_after = FALSE;
  for (guint t = 0; t < r->nt; t++) {
    if (!check_task (in, t, r->bar, error))
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
      if (h->n_variants > 0) {
        in_order &= h->first_variant == next_variant;
        next_variant += h->n_variants;
      }
    }
    if (q_tail[q] == NO_TASK)
      r->q[q].head = t;
    else
      r->hot[q_tail[q]].next = t;
    q_tail[q] = t;
    r->q[q].n_tasks++;
  }
  *all_timed = timed && in_order && next_variant == r->s->variants->len;
  return TRUE;
}

/* Barriers nobody produces are released at 0 (and free when nobody
 * consumes them either); the others wait for their producers. */
static void
init_barriers (Replay *r)
{
  for (guint b = 0; b < r->nb; b++) {
    BarrierState *bs = &r->bar[b];
    bs->waiters = -1;
    r->tl->barriers[b] = (VsBarrierTimes) {
      .release = bs->producers_left == 0 ? 0 : -1,
      .free = bs->producers_left == 0 && bs->consumers_left == 0 ? 0 : -1,
      .last_producer = -1, .last_consumer = -1, .prev_same_pid = -1 };
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

/* The physical id a barrier runs on.  With device.physical_barriers = N > 0
 * the device has ids 0..N-1: a schedule's pid folds onto pid mod N, and a
 * barrier the schedule leaves virtual (-1) takes the next id round-robin in
 * declaration order (the runtime's pool; with at most N such barriers each
 * gets its own id and reuse never waits).  N = 0: the schedule's pids as
 * they are, virtual barriers free of reuse. */
static gint32
physical_id (const VsBarrier *bar, gint32 n_physical, guint *n_virtual)
{
  if (n_physical <= 0)
    return bar->pid;
  if (bar->pid >= 0)
    return bar->pid % n_physical;
  return (gint32) ((*n_virtual)++ % (guint) n_physical);
}

/* prev_same_pid: each barrier's predecessor in declaration order on
 * its physical id.  Pids are small in practice (the hardware has 32..96), so
 * the map from pid to its latest barrier is a plain array; pids too sparse
 * for that (beyond 4 per barrier) are sorted instead, still in arrays. */
static void
map_physical_barriers (Replay *r)
{
  VsBarrierTimes *bt = r->tl->barriers;
  const gint32 n_physical = r->s->device.physical_barriers;
  g_autofree gint32 *pids = g_new (gint32, r->nb + 1);
  gint32 max_pid = -1;
  guint n_pid = 0, n_virtual = 0;
  for (guint b = 0; b < r->nb; b++) {
    pids[b] = physical_id (vs_schedule_barrier (r->s, b), n_physical, &n_virtual);
    max_pid = MAX (max_pid, pids[b]);
    n_pid += pids[b] >= 0;
  }
  if (max_pid < 0)
    return;
  if ((guint64) max_pid < 4 * (guint64) r->nb + 1024) {
    g_autofree gint32 *last_of = g_new (gint32, (gsize) max_pid + 1);
    for (gint32 p = 0; p <= max_pid; p++)
      last_of[p] = -1;
    for (guint b = 0; b < r->nb; b++)
      if (pids[b] >= 0) {
        bt[b].prev_same_pid = last_of[pids[b]];
        last_of[pids[b]] = (gint32) b;
      }
    return;
  }
  g_autofree PidUse *uses = g_new (PidUse, n_pid);
  guint n = 0;
  for (guint b = 0; b < r->nb; b++)
    if (pids[b] >= 0)
      uses[n++] = (PidUse) { pids[b], (gint32) b };
  qsort (uses, n, sizeof *uses, pid_use_cmp);
  for (guint i = 1; i < n; i++)
    if (uses[i].pid == uses[i - 1].pid)
      bt[uses[i].barrier].prev_same_pid = uses[i - 1].barrier;
}

/* The event heap, and DDR sharing when the caller gave DDR bytes in
 * realistic mode on a device with a DDR bandwidth. */
static void
init_events_and_ddr (Replay *r, const VsReplay *in)
{
  /* At most one end event per server and one wake-up per queue are pending
   * (a DDR transfer whose end moved leaves a stale event behind, so the heap
   * may still grow; it grows by doubling). */
  r->events = vs_event_queue_new ((gsize) r->n_servers + r->nq + 1);
  r->bytes += vs_event_queue_bytes (r->events);
  if (in->task_ddr_bytes != NULL && in->options.mode == VS_REPLAY_REALISTIC &&
      r->s->device.ddr_bandwidth_gbps > 0) {
    r->ddr = vs_ddr_share_new (r->s->device.ddr_bandwidth_gbps);
    r->ddr_bytes = in->task_ddr_bytes;
    r->bytes += vs_ddr_share_bytes (r->ddr);
  }
}

/* Every step of setting up a run; on FALSE the caller still calls replay_clear. */
gboolean
vs_replay_state_init (Replay *r, const VsReplay *in, GError **error)
{
  if (!check_inputs (in, error))
    return FALSE;
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
  r->tl = timeline_new (r->nt, s->variants->len, r->nb, r->nq);
  r->bytes += r->tl->state_bytes;
  r->tl->options = in->options;
  timeline_set_latencies (r->tl, &s->device, in->options.mode);
  r->dpus = s->device.dpus_per_tile >= 1 && s->device.dpus_per_tile <= 1024
                ? s->device.dpus_per_tile : 1;
  r->tl->dpus_per_tile = r->dpus;

  init_scratch (r);
  gboolean any_after, all_timed;
  if (!load_tasks (r, in, &any_after, &all_timed, error))
    return FALSE;
  if (!all_timed)  /* the variants no task times keep -1 */
    for (guint v = 0; v < r->tl->n_variants; v++) {
      r->tl->variant_start[v] = -1;
      r->tl->variant_end[v] = -1;
      r->tl->variant_dpu[v] = -1;
    }
  init_barriers (r);
  if (in->options.barrier_reuse)
    map_physical_barriers (r);
  if (any_after) {  /* most schedules have no `after` lists: spare 4 bytes a task */
    r->t_waiters = vs_block_alloc (sizeof (gint32) * (r->nt > 0 ? r->nt : 1));
    r->bytes += sizeof (gint32) * (gsize) r->nt;
    for (guint t = 0; t < r->nt; t++) {
      r->t_waiters[t] = -1;
      r->tl->task_end[t] = -1;  /* `after` reads it: -1 until the task ends */
    }
  }
  init_events_and_ddr (r, in);
  return TRUE;
}

void
vs_replay_state_clear (Replay *r)
{
  g_clear_pointer (&r->ddr, vs_ddr_share_free);
  g_clear_pointer (&r->events, vs_event_queue_free);
  vs_block_free (r->scratch);
  vs_block_free (r->t_waiters);
}

