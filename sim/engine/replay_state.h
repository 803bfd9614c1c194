/* SPDX-License-Identifier: Apache-2.0 */
/* replay_state.h — the replay's private state, shared by its two halves:
 * replay_setup.c (checks, the timeline, every array of a run allocated once)
 * and replay.c (the event loop).  Not for use outside sim/engine/replay*.c.
 *
 * Layout.  The loop touches, per task start and end, the task's hot record,
 * its refs, and the records of the barriers it waits on and updates; each of
 * those is one record (not one array per field), so a task costs a handful
 * of cache lines whatever the schedule's size.
 */
#ifndef VS_REPLAY_STATE_H
#define VS_REPLAY_STATE_H

#include "sim/engine/ddr_share.h"
#include "sim/engine/event_queue.h"
#include "sim/engine/replay.h"

#define NO_TASK G_MAXUINT32
enum { BLOCKED_NONE = 0, BLOCKED_BARRIER, BLOCKED_TASK };

/* What the hot loop needs of a task: a 36-byte copy of the 160-byte VsTask
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

/* How far the checks of a queue's head task have got: the lists in this
 * order, each from its `cursor` on.  A condition, once met, stays met and its
 * time stays what it was, so a re-examined head resumes where it stopped
 * instead of checking every list again (same result, fewer steps). */
enum { CHECK_WAITS = 0, CHECK_AFTER, CHECK_REUSE_WAITS, CHECK_REUSE_UPDATES, CHECK_DONE };

/* A queue's state: its FIFO (head of the `next` chain), its servers, and
 * how it is blocked. */
typedef struct {
  guint32 head;                 /* head task, NO_TASK when drained */
  guint32 n_tasks;              /* for the statistics */
  guint32 first_server;         /* its servers are srv_busy[first_server ..] */
  gint32 servers, busy;
  VsEngine engine;
  gint64 wake;                  /* pending wake-up time, -1 none */
  gint64 dispatch;              /* its next start's dispatch latency: the engine's, plus its
                                   cold start until the queue has started a task */
  gint64 ready;                 /* the head's start time over the conditions checked so far */
  guint32 cursor;               /* next entry of the list being checked */
  gint32 blocked_on;            /* barrier or task, per blocked_kind */
  gint32 next_waiter;           /* next queue of the same intrusive waiter list */
  guint8 blocked_kind;
  guint8 dirty;                 /* in the dirty ring */
  guint8 check;                 /* CHECK_*: the list being checked */
} QueueState;

/* What the replay counts down per barrier; the times are the timeline's. */
typedef struct {
  gint32 producers_left;
  gint32 consumers_left;
  gint32 waiters;               /* head of the waiter list, -1 none */
} BarrierState;

/* The state of one run.  Everything is allocated once in replay_init (one
 * block, sim/engine/block_cache.h, plus t_waiters) and released in
 * replay_clear. */
typedef struct {
  const VsSchedule *s;
  const VsTask *tasks;
  const VsQueue *queues;
  const gint32 *refs;
  const gint64 *task_ps;
  const gint64 *variant_ps;
  VsTimeline *tl;
  guint nt, nq, nb;

  void *scratch;                /* the block the arrays below are carved from */
  guint32 n_servers;            /* every queue's, added up */
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

  /* Figures kept as the run goes, so no pass over the tasks follows it. */
  gint64 latency;               /* latest end so far */
  gint64 variant_work[VS_ENGINE_COUNT];  /* sum over timed DPU tasks of variant work minus
                                            makespan (busy time counts each DPU's work) */

  gsize bytes;
} Replay;

/* Check the inputs and set a run up (every array allocated once).  On
 * FALSE the error is set; vs_replay_state_clear must be called either way. */
gboolean vs_replay_state_init (Replay *r, const VsReplay *in, GError **error);
/* Release everything but r->tl. */
void     vs_replay_state_clear (Replay *r);
/* "FILE:LINE: task 'ID'" for messages. */
char    *vs_replay_describe_task (const VsSchedule *s, guint t);

#endif /* VS_REPLAY_STATE_H */
