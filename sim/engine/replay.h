/* SPDX-License-Identifier: Apache-2.0 */
/* replay.h — the discrete-event replay of a schedule (DESIGN.md §4).
 *
 * Input: a validated VsSchedule, every task's duration in picoseconds (and
 * every DPU variant's), and options.  Output: a VsTimeline with the start, end
 * and server of every task, the start, end and DPU of every variant, the
 * release of every barrier, the end-to-end latency and per-engine busy time.
 *
 * Semantics.  Every queue is an in-order FIFO served by queue->servers
 * servers.  Its head task starts when a server is free, every barrier it waits
 * on is released, and every task of its `after` list has ended; the next task
 * becomes the head as soon as the previous one starts.  A task that ends
 * decrements the producer count of each barrier it updates; a barrier is
 * released when the count reaches zero (at its latest producer's end).  A DPU
 * task with variants lasts the makespan of its variants list-scheduled greedily
 * (in order, each on the earliest free DPU, ties to the lowest index) over
 * device.dpus_per_tile DPUs.
 * Realistic mode adds: a consumer on engine E starts no earlier than
 * release + dispatch_E of each barrier it waits on (device dispatch_*_ns; M2I
 * has none), + completion_shave_ns when the barrier's last producer was a
 * SHAVE task, the first task of engine kind E in the inference waits
 * cold_start_E_ns more after that (the kind's wake-up, which the measured
 * runs show as a long first gap — once: the second tile's SHAVEs of the
 * tiled-MVN runs start their first kernel a dispatch after its barrier, long
 * after the first tile's start-up; from that start on every queue of E is
 * warm, and a queue already waiting re-times its head), no DMA queue but
 * the first to start begins before dma_queue_start_ns, every SHAVE task
 * lasts shave_startup_ns longer, and
 * DMAs moving to or from DDR at the same time share its bandwidth (when the
 * caller gives their DDR bytes: max-min fair rates, ends re-derived at every
 * start and end; a DMA alone keeps its cost).  Compiler
 * mode adds nothing (the NPU compiler's own estimator).
 * Physical barrier reuse (option): a barrier can be used (waited on or
 * updated) only once the previous barrier in declaration order on the same
 * physical id is released and fully consumed (all its consumers have
 * started).  The physical id is the barrier's pid; with
 * device.physical_barriers = N > 0 it is pid mod N, and barriers without a
 * pid take ids round-robin in declaration order (N = 0: they are free of
 * reuse).
 *
 * Determinism: the event order is total (time, then insertion sequence), a
 * queue takes the lowest-numbered free server, and queues woken at the same
 * instant are examined in the order they were woken; so the same input gives
 * the same timeline.  Cost: O(log n) per event, plain arrays, two blocks per
 * run (its state, and the timeline with all its arrays), from
 * sim/engine/block_cache.h: a replay in a loop reuses the blocks of the one
 * before (vs_timeline_free hands the timeline's back).
 */
#ifndef VS_REPLAY_H
#define VS_REPLAY_H

#include <glib.h>

#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

#define VS_REPLAY_ERROR (vs_replay_error_quark ())
GQuark vs_replay_error_quark (void);

typedef enum {
  VS_REPLAY_ERROR_INVALID,      /* inputs do not fit the schedule (ranges, negative durations) */
  VS_REPLAY_ERROR_DEADLOCK,     /* the schedule cannot finish; the message names the stuck queues */
  VS_REPLAY_ERROR_OVERFLOW,     /* a time does not fit in 64-bit picoseconds */
} VsReplayError;

typedef enum {
  VS_REPLAY_REALISTIC = 0,      /* dispatch latencies, SHAVE start-up */
  VS_REPLAY_COMPILER,           /* the NPU compiler's estimator: none of those */
  VS_REPLAY_MODE_COUNT
} VsReplayMode;

const char *vs_replay_mode_name (VsReplayMode mode);                 /* "realistic", "compiler" */
gboolean    vs_replay_mode_from_name (const char *name, VsReplayMode *out);

typedef struct {
  VsReplayMode mode;
  gboolean barrier_reuse;       /* honour physical barrier ids (barrier->pid >= 0) */
} VsReplayOptions;

/* Defaults for a mode: barrier reuse on in realistic mode, off in compiler
 * mode (the compiler's estimator ignores it). */
void vs_replay_options_init (VsReplayOptions *options, VsReplayMode mode);

/* What to replay.  Everything is borrowed for the duration of the call. */
typedef struct {
  const VsSchedule *schedule;   /* validated; the device is schedule->device */
  const gint64 *task_ps;        /* schedule->tasks->len durations (ps, >= 0) */
  const gint64 *variant_ps;     /* schedule->variants->len durations, or NULL: then DPU tasks
                                   last task_ps and their variants get no times (-1) */
  const gint64 *task_ddr_bytes; /* per task: bytes a DMA moves to or from DDR (0 none), or
                                   NULL; in realistic mode, concurrent DDR transfers then share
                                   device.ddr_bandwidth_gbps (sim/engine/ddr_share.h) */
  VsReplayOptions options;
} VsReplay;

typedef struct {
  gint32 instances;             /* servers of the engine's queues (x DPUs per tile for DPU) */
  guint n_tasks;
  gint64 busy_ps;               /* sum of busy time over instances (DPU: of variants) */
  gint64 active_ps;             /* time at least one instance was busy */
  double utilisation;           /* busy_ps / (instances * latency), 0 when either is 0 */
} VsEngineStats;

/* What happened to one barrier.  One record, not five arrays: the replay
 * reads and writes these fields together. */
typedef struct {
  gint64 release;               /* ps; a barrier without producers is released at 0 */
  gint64 free;                  /* released and every consumer started */
  gint32 last_producer;         /* task whose end released it, or -1 */
  gint32 last_consumer;         /* -1 when it has no consumers */
  gint32 prev_same_pid;         /* with barrier reuse: the previous barrier on its physical id;
                                   -1 none, or reuse off */
  gint32 reserved;
} VsBarrierTimes;

/* The result.  Its arrays are indexed like the schedule's arrays they
 * describe and live in one block with the struct: vs_timeline_free releases
 * everything at once. */
typedef struct {
  VsReplayOptions options;
  guint n_tasks, n_variants, n_barriers, n_queues;
  gint64 latency_ps;            /* latest task end (0 for an empty schedule) */
  gint64 *task_start, *task_end;
  gint32 *task_server;          /* index of the server within its queue */
  gint64 *variant_start, *variant_end;   /* -1 when variants were not timed */
  gint32 *variant_dpu;
  VsBarrierTimes *barriers;     /* n_barriers */
  gint64 *queue_busy_ps;        /* per queue: sum of its tasks' durations */
  gint64 dispatch_ps[VS_ENGINE_COUNT];   /* the dispatch latencies used (0 in compiler mode) */
  gint64 shave_startup_ps;
  gint64 cold_start_ps[VS_ENGINE_COUNT]; /* extra dispatch of an engine kind's first task */
  gint32 engine_first_task[VS_ENGINE_COUNT]; /* the first task each engine kind started, -1 none:
                                                the one that took the cold start */
  gint64 dma_queue_start_ps;    /* no DMA queue but the first starts before it (0 in compiler mode) */
  gint64 completion_ps[VS_ENGINE_COUNT]; /* a producer's barrier updates reach consumers this much
                                            later, by the producer's engine (SHAVE only) */
  gint32 *queue_first_task;     /* per queue: the first task it started, -1 none */
  gint32 dpus_per_tile;
  VsEngineStats engines[VS_ENGINE_COUNT];
  gsize state_bytes;            /* bytes the run allocated, timeline included */
} VsTimeline;

/* Replay.  Returns NULL with VS_REPLAY_ERROR_INVALID when the inputs do not
 * fit the schedule (the message names the task), VS_REPLAY_ERROR_DEADLOCK
 * when some task can never start (the message names every stuck queue, its
 * head task and what it waits for: barriers with their outstanding producer
 * counts, unfinished `after` tasks, physical barriers still held). */
VsTimeline *vs_replay_run (const VsReplay *replay, GError **error);

void vs_timeline_free (VsTimeline *timeline);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTimeline, vs_timeline_free)

/* Greedy list scheduling of `n` durations, in order, on `dpus` identical DPUs
 * (each to the earliest free DPU, ties to the lowest index).  Fills the
 * optional outputs (offsets from the task start, DPU index) and returns the
 * makespan.  `free_at` is scratch of `dpus` entries. */
gint64 vs_replay_list_schedule (const gint64 *durations, guint n, gint32 dpus, gint64 *free_at,
                                gint64 *start_out, gint32 *dpu_out);

G_END_DECLS

#endif /* VS_REPLAY_H */
