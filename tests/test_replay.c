/* SPDX-License-Identifier: Apache-2.0 */
/* test_replay.c — the replay's semantics on small hand-built schedules
 * (barrier release at the latest producer, multi-server queues, in-order
 * heads, DPU variants on 1, 2 and 5 DPUs, `after`, physical barrier reuse,
 * dispatch latency, deadlocks), exact picosecond times for DDR sharing, cold
 * starts, barrier reuse and SHAVE start-up, and, on random schedules, that every task
 * starts exactly when its last condition is met, twice the same. */
#include <glib.h>
#include <string.h>

#include "sim/engine/critical_path.h"
#include "sim/engine/replay.h"
#include "tests/replay_builder.h"

#define US 1000000  /* ps */

static void
test_barrier_latest_producer (void)
{
  Builder *b = builder_new ();
  gint32 d0 = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 d1 = builder_queue (b, "dma1", VS_ENGINE_DMA, -1, 1);
  gint32 dpu = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 bar = builder_barrier (b, "b0", -1);
  gint32 a = builder_task (b, "a", VS_TASK_DMA, d0, 100, NONE, W (bar), NONE);
  gint32 c = builder_task (b, "c", VS_TASK_DMA, d1, 300, NONE, W (bar), NONE);
  gint32 k = builder_task (b, "k", VS_TASK_DPU, dpu, 50, W (bar), NONE, NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_COMPILER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl->task_end[a], ==, 100);
  g_assert_cmpint (tl->task_end[c], ==, 300);
  g_assert_cmpint (tl->barriers[bar].release, ==, 300);
  g_assert_cmpint (tl->barriers[bar].last_producer, ==, c);
  g_assert_cmpint (tl->task_start[k], ==, 300);
  g_assert_cmpint (tl->latency_ps, ==, 350);
  g_assert_cmpint (tl->barriers[bar].free, ==, 300);
  g_assert_cmpint (tl->engines[VS_ENGINE_DMA].busy_ps, ==, 400);
  g_assert_cmpint (tl->engines[VS_ENGINE_DMA].active_ps, ==, 300);
  g_assert_cmpint (tl->engines[VS_ENGINE_DMA].instances, ==, 2);
  g_assert_cmpint (tl->engines[VS_ENGINE_DPU].busy_ps, ==, 50);
  builder_free (b);
}

static void
test_two_server_queue (void)
{
  Builder *b = builder_new ();
  gint32 sh = builder_queue (b, "shave0", VS_ENGINE_SHAVE, 0, 2);
  gint32 t0 = builder_task (b, "t0", VS_TASK_SHAVE, sh, 100, NONE, NONE, NONE);
  gint32 t1 = builder_task (b, "t1", VS_TASK_SHAVE, sh, 40, NONE, NONE, NONE);
  gint32 t2 = builder_task (b, "t2", VS_TASK_SHAVE, sh, 100, NONE, NONE, NONE);
  gint32 t3 = builder_task (b, "t3", VS_TASK_SHAVE, sh, 10, NONE, NONE, NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_COMPILER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl->task_start[t0], ==, 0);
  g_assert_cmpint (tl->task_start[t1], ==, 0);
  g_assert_cmpint (tl->task_server[t0], ==, 0);
  g_assert_cmpint (tl->task_server[t1], ==, 1);
  g_assert_cmpint (tl->task_start[t2], ==, 40);   /* server 1 frees first */
  g_assert_cmpint (tl->task_server[t2], ==, 1);
  g_assert_cmpint (tl->task_start[t3], ==, 100);  /* then server 0 */
  g_assert_cmpint (tl->task_server[t3], ==, 0);
  g_assert_cmpint (tl->latency_ps, ==, 140);
  g_assert_cmpint (tl->engines[VS_ENGINE_SHAVE].active_ps, ==, 140);
  builder_free (b);
}

static void
test_head_of_line_blocking (void)
{
  /* A free server does not let a later task overtake a blocked head. */
  Builder *b = builder_new ();
  gint32 d = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 sh = builder_queue (b, "shave0", VS_ENGINE_SHAVE, 0, 2);
  gint32 bar = builder_barrier (b, "b0", -1);
  builder_task (b, "load", VS_TASK_DMA, d, 500, NONE, W (bar), NONE);
  gint32 head = builder_task (b, "head", VS_TASK_SHAVE, sh, 10, W (bar), NONE, NONE);
  gint32 next = builder_task (b, "next", VS_TASK_SHAVE, sh, 10, NONE, NONE, NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_COMPILER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl->task_start[head], ==, 500);
  g_assert_cmpint (tl->task_start[next], ==, 500);
  g_assert_cmpint (tl->task_server[next], ==, 1);
  builder_free (b);
}

static void
check_variants (gint32 dpus, const gint64 *expect_start, const gint32 *expect_dpu,
                gint64 expect_makespan)
{
  Builder *b = builder_new ();
  b->s->device.dpus_per_tile = dpus;
  gint32 q = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  const gint64 v[] = { 30, 20, 10, 40, 25, -1 };
  gint32 t = builder_dpu_task (b, "conv", q, v, NONE, NONE);
  gint32 after = builder_task (b, "next", VS_TASK_DPU, q, 7, NONE, NONE, NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_COMPILER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl->task_end[t] - tl->task_start[t], ==, expect_makespan);
  g_assert_cmpint (tl->task_start[after], ==, expect_makespan);
  for (guint i = 0; i < 5; i++) {
    g_assert_cmpint (tl->variant_start[i], ==, expect_start[i]);
    g_assert_cmpint (tl->variant_end[i], ==, expect_start[i] + v[i]);
    g_assert_cmpint (tl->variant_dpu[i], ==, expect_dpu[i]);
  }
  /* DPU busy time is the variants' work, instances are the DPUs. */
  g_assert_cmpint (tl->engines[VS_ENGINE_DPU].busy_ps, ==, 125 + 7);
  g_assert_cmpint (tl->engines[VS_ENGINE_DPU].instances, ==, dpus);
  builder_free (b);
}

static void
test_dpu_variants (void)
{
  /* One DPU: back to back. */
  check_variants (1, (const gint64[]) { 0, 30, 50, 60, 100 }, (const gint32[]) { 0, 0, 0, 0, 0 },
                  125);
  /* Five DPUs: all at once; the makespan is the longest. */
  check_variants (5, (const gint64[]) { 0, 0, 0, 0, 0 }, (const gint32[]) { 0, 1, 2, 3, 4 }, 40);
  /* Two DPUs: greedy, ties to the lowest DPU (v3 finds both free at 30). */
  check_variants (2, (const gint64[]) { 0, 0, 20, 30, 30 }, (const gint32[]) { 0, 1, 1, 0, 1 },
                  70);
}

static void
test_after_dependency (void)
{
  Builder *b = builder_new ();
  gint32 d = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 dpu = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 x = builder_task (b, "x", VS_TASK_DMA, d, 250, NONE, NONE, NONE);
  gint32 y = builder_task (b, "y", VS_TASK_DPU, dpu, 10, NONE, NONE, W (x));
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_REALISTIC, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl->task_start[y], ==, 250);
  g_autoptr (VsCriticalPath) path = vs_critical_path_compute (b->s, tl);
  g_assert_cmpuint (path->n_links, ==, 2);
  g_assert_cmpint (path->links[0].task, ==, x);
  g_assert_cmpint (path->links[1].task, ==, y);
  g_assert_cmpint (path->links[1].cause, ==, VS_CRITICAL_CAUSE_AFTER);
  builder_free (b);
}

/* b0 and b1 share physical barrier 0: b1's producer may only run once b0
 * has been released and its consumer has started. */
static Builder *
reuse_schedule (gint32 *producer1, gint32 *consumer0)
{
  Builder *b = builder_new ();
  gint32 d0 = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 d1 = builder_queue (b, "dma1", VS_ENGINE_DMA, -1, 1);
  gint32 dpu = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 sh = builder_queue (b, "shave0", VS_ENGINE_SHAVE, 0, 1);
  gint32 b0 = builder_barrier (b, "b0", 0);
  gint32 b1 = builder_barrier (b, "b1", 0);
  builder_task (b, "p0", VS_TASK_DMA, d0, 100, NONE, W (b0), NONE);
  *consumer0 = builder_task (b, "c0", VS_TASK_DPU, dpu, 50, W (b0), NONE, NONE);
  *producer1 = builder_task (b, "p1", VS_TASK_DMA, d1, 10, NONE, W (b1), NONE);
  builder_task (b, "c1", VS_TASK_SHAVE, sh, 5, W (b1), NONE, NONE);
  return b;
}

static void
test_barrier_reuse_delays (void)
{
  gint32 p1, c0;
  Builder *b = reuse_schedule (&p1, &c0);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) off = builder_replay (b, VS_REPLAY_COMPILER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (off->task_start[p1], ==, 0);
  g_autoptr (VsTimeline) on = builder_replay (b, VS_REPLAY_COMPILER, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (on->task_start[c0], ==, 100);
  g_assert_cmpint (on->task_start[p1], ==, 100);  /* b0 freed when c0 started */
  g_assert_cmpint (on->barriers[0].free, ==, 100);
  g_assert_cmpint (on->latency_ps, ==, 150);
  /* The critical path runs p0 -> (b0 free by c0's start) -> p1 or c0; it
   * explains every picosecond. */
  g_autoptr (VsCriticalPath) path = vs_critical_path_compute (b->s, on);
  double total = 0;
  for (guint i = 0; i < path->n_links; i++) {
    g_assert_cmpint (path->links[i].kind, !=, VS_CRITICAL_GAP);
    total += path->links[i].share;
  }
  g_assert_cmpfloat_with_epsilon (total, 1.0, 1e-12);
  builder_free (b);
}

static void
test_barrier_reuse_chain_in_path (void)
{
  /* Make the reuse wait critical: p1 then c1 take long. */
  gint32 p1, c0;
  Builder *b = reuse_schedule (&p1, &c0);
  g_array_index (b->task_ps, gint64, p1) = 1000;
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_COMPILER, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl->latency_ps, ==, 100 + 1000 + 5);
  g_autoptr (VsCriticalPath) path = vs_critical_path_compute (b->s, tl);
  /* p0 run, c0 started, p1 run (cause reuse), c1 run (cause barrier). */
  g_assert_cmpuint (path->n_links, ==, 4);
  g_assert_cmpint (path->links[0].kind, ==, VS_CRITICAL_RUN);
  g_assert_cmpint (path->links[1].kind, ==, VS_CRITICAL_STARTED);
  g_assert_cmpint (path->links[1].task, ==, c0);
  g_assert_cmpint (path->links[1].cause, ==, VS_CRITICAL_CAUSE_BARRIER);
  g_assert_cmpint (path->links[2].task, ==, p1);
  g_assert_cmpint (path->links[2].cause, ==, VS_CRITICAL_CAUSE_BARRIER_REUSE);
  g_assert_cmpint (path->links[3].cause, ==, VS_CRITICAL_CAUSE_BARRIER);
  builder_free (b);
}

static void
test_deadlock_reported (void)
{
  /* q0: x waits b1, then y updates b0; q1: z waits b0, then w updates b1. */
  Builder *b = builder_new ();
  gint32 q0 = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 q1 = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 q2 = builder_queue (b, "dma1", VS_ENGINE_DMA, -1, 1);
  gint32 b0 = builder_barrier (b, "b0", -1);
  gint32 b1 = builder_barrier (b, "b1", -1);
  builder_task (b, "ok", VS_TASK_DMA, q2, 5, NONE, NONE, NONE);
  builder_task (b, "x", VS_TASK_DMA, q0, 5, W (b1), NONE, NONE);
  builder_task (b, "y", VS_TASK_DMA, q0, 5, NONE, W (b0), NONE);
  builder_task (b, "z", VS_TASK_DPU, q1, 5, W (b0), NONE, NONE);
  builder_task (b, "w", VS_TASK_DPU, q1, 5, NONE, W (b1), NONE);
  g_autoptr (GError) error = NULL;
  VsTimeline *tl = builder_replay (b, VS_REPLAY_REALISTIC, TRUE, &error);
  g_assert_null (tl);
  g_assert_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_DEADLOCK);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "4 of 5 tasks never started"));
  g_assert_nonnull (strstr (error->message, "queue 'dma0': head task 'x' waits for barrier 'b1' "
                                            "(1 of 1 producers outstanding"));
  g_assert_nonnull (strstr (error->message, "queue 'dpu0': head task 'z' waits for barrier 'b0' "
                                            "(1 of 1 producers outstanding"));
  g_assert_null (strstr (error->message, "dma1"));  /* drained queues are not named */
  builder_free (b);
}

static void
test_deadlock_by_reuse_and_after (void)
{
  /* b1 reuses b0's pid but b0's consumer comes after b1's producer in the
   * same queue; and a task waits `after` a task that never runs. */
  Builder *b = builder_new ();
  gint32 q0 = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 q1 = builder_queue (b, "dma1", VS_ENGINE_DMA, -1, 1);
  gint32 q2 = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 b0 = builder_barrier (b, "b0", 3);
  gint32 b1 = builder_barrier (b, "b1", 3);
  builder_task (b, "p0", VS_TASK_DMA, q0, 5, NONE, W (b0), NONE);
  gint32 p1 = builder_task (b, "p1", VS_TASK_DMA, q1, 5, NONE, W (b1), NONE);
  builder_task (b, "c0", VS_TASK_DMA, q1, 5, W (b0), NONE, NONE);
  builder_task (b, "late", VS_TASK_DPU, q2, 5, NONE, NONE, W (p1));
  (void) b1;
  g_autoptr (GError) error = NULL;
  VsTimeline *tl = builder_replay (b, VS_REPLAY_COMPILER, TRUE, &error);
  g_assert_null (tl);
  g_assert_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_DEADLOCK);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "queue 'dma1': head task 'p1' waits for physical "
                                            "barrier 3 for barrier 'b1', still held by barrier "
                                            "'b0' (0 of 1 producers outstanding, 1 consumers "
                                            "outstanding)"));
  g_assert_nonnull (strstr (error->message, "queue 'dpu0': head task 'late' waits for task 'p1' "
                                            "(after; never started)"));
  /* Without reuse the same schedule finishes. */
  g_clear_error (&error);
  g_autoptr (VsTimeline) ok = builder_replay (b, VS_REPLAY_COMPILER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ok->latency_ps, ==, 10);
  builder_free (b);
}

static void
test_dispatch_and_startup (void)
{
  Builder *b = builder_new ();
  b->s->device.dispatch_dpu_ns = 2.0;
  b->s->device.dispatch_shave_ns = 3.5;
  b->s->device.shave_startup_ns = 1.25;
  gint32 d = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 dpu = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 sh = builder_queue (b, "shave0", VS_ENGINE_SHAVE, 0, 2);
  gint32 bar = builder_barrier (b, "b0", -1);
  gint32 bar2 = builder_barrier (b, "b1", -1);
  builder_task (b, "load", VS_TASK_DMA, d, 1000, NONE, W (bar), NONE);
  gint32 conv = builder_task (b, "conv", VS_TASK_DPU, dpu, 500, W (bar), W (bar2), NONE);
  gint32 act = builder_task (b, "act", VS_TASK_SHAVE, sh, 100, W (bar2), NONE, NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) real = builder_replay (b, VS_REPLAY_REALISTIC, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (real->task_start[conv], ==, 1000 + 2000);
  g_assert_cmpint (real->task_start[act], ==, 3500 + 3500);
  g_assert_cmpint (real->task_end[act], ==, 7000 + 100 + 1250);
  g_autoptr (VsCriticalPath) path = vs_critical_path_compute (b->s, real);
  /* load, dispatch, conv, dispatch, act */
  g_assert_cmpuint (path->n_links, ==, 5);
  g_assert_cmpint (path->links[1].kind, ==, VS_CRITICAL_DISPATCH);
  g_assert_cmpint (path->links[1].end_ps - path->links[1].start_ps, ==, 2000);
  g_assert_cmpint (path->links[3].kind, ==, VS_CRITICAL_DISPATCH);
  g_assert_cmpfloat_with_epsilon (path->links[3].share, 3500.0 / 8350.0, 1e-12);
  g_autoptr (VsTimeline) compiler = builder_replay (b, VS_REPLAY_COMPILER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (compiler->task_start[conv], ==, 1000);
  g_assert_cmpint (compiler->task_start[act], ==, 1500);
  g_assert_cmpint (compiler->latency_ps, ==, 1600);
  builder_free (b);
}

static void
test_invalid_inputs (void)
{
  Builder *b = builder_new ();
  gint32 d = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  builder_task (b, "neg", VS_TASK_DMA, d, -5, NONE, NONE, NONE);
  g_autoptr (GError) error = NULL;
  g_assert_null (builder_replay (b, VS_REPLAY_REALISTIC, FALSE, &error));
  g_assert_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "task 'neg'"));
  g_clear_error (&error);
  g_array_index (b->task_ps, gint64, 0) = 5;
  vs_schedule_task (b->s, 0)->n_waits = 1;
  vs_schedule_task (b->s, 0)->first_wait = 1000;  /* past the refs */
  g_assert_null (builder_replay (b, VS_REPLAY_REALISTIC, FALSE, &error));
  g_assert_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_INVALID);
  g_clear_error (&error);
  vs_schedule_task (b->s, 0)->n_waits = 0;
  g_array_index (b->task_ps, gint64, 0) = G_MAXINT64;
  builder_task (b, "more", VS_TASK_DMA, d, 10, NONE, NONE, NONE);
  g_assert_null (builder_replay (b, VS_REPLAY_REALISTIC, FALSE, &error));
  g_assert_error (error, VS_REPLAY_ERROR, VS_REPLAY_ERROR_OVERFLOW);
  builder_free (b);
}

static void
test_empty_and_sync (void)
{
  Builder *b = builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) empty = builder_replay (b, VS_REPLAY_REALISTIC, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (empty->latency_ps, ==, 0);
  g_autoptr (VsCriticalPath) none = vs_critical_path_compute (b->s, empty);
  g_assert_cmpuint (none->n_links, ==, 0);
  /* Zero-cost SYNC tasks chain through barriers at one instant. */
  gint32 d = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 dpu = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 start = builder_barrier (b, "start", -1);
  gint32 mid = builder_barrier (b, "mid", -1);
  builder_task (b, "sync", VS_TASK_SYNC, d, 0, NONE, W (start), NONE);
  builder_task (b, "sync2", VS_TASK_SYNC, dpu, 0, W (start), W (mid), NONE);
  gint32 last = builder_task (b, "work", VS_TASK_DMA, d, 70, W (mid), NONE, NONE);
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_COMPILER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl->task_start[last], ==, 0);
  g_assert_cmpint (tl->latency_ps, ==, 70);
  builder_free (b);
}

/* Every task starts exactly at the earliest instant all its conditions hold:
 * no start is early (a violated condition) or late (a lost wake-up). */
static void
check_exact_starts (const VsSchedule *s, const VsTimeline *tl)
{
  guint nt = s->tasks->len;
  g_autofree gint32 *prev = g_new (gint32, nt);
  g_autofree gint32 *last_of_queue = g_new (gint32, s->queues->len);
  for (guint q = 0; q < s->queues->len; q++)
    last_of_queue[q] = -1;
  for (guint t = 0; t < nt; t++) {
    gint32 q = vs_schedule_task (s, t)->queue;
    prev[t] = last_of_queue[q];
    last_of_queue[q] = (gint32) t;
  }
  for (guint b = 0; b < s->barriers->len; b++) {
    gint64 latest = -1;
    for (guint t = 0; t < nt; t++) {
      const VsTask *task = vs_schedule_task (s, t);
      for (guint k = 0; k < task->n_updates; k++)
        if (vs_schedule_ref (s, task->first_update + k) == (gint32) b && tl->task_end[t] > latest)
          latest = tl->task_end[t];
    }
    if (latest >= 0)
      g_assert_cmpint (tl->barriers[b].release, ==, latest);
  }
  for (guint t = 0; t < nt; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    const VsQueue *queue = vs_schedule_queue (s, task->queue);
    gint64 ready = 0;
    for (guint k = 0; k < task->n_waits; k++) {
      gint32 b = vs_schedule_ref (s, task->first_wait + k);
      ready = MAX (ready, tl->barriers[b].release + tl->dispatch_ps[queue->engine]);
    }
    for (guint k = 0; k < task->n_after; k++)
      ready = MAX (ready, tl->task_end[vs_schedule_ref (s, task->first_after + k)]);
    if (tl->options.barrier_reuse)
      for (guint k = 0; k < task->n_waits + task->n_updates; k++) {
        gint32 b = vs_schedule_ref (s, k < task->n_waits ? task->first_wait + k
                                                         : task->first_update + k - task->n_waits);
        gint32 p = tl->barriers[b].prev_same_pid;
        if (p >= 0)
          ready = MAX (ready, tl->barriers[p].free);
      }
    if (prev[t] >= 0)
      ready = MAX (ready, tl->task_start[prev[t]]);
    gint64 s_t = tl->task_start[t];
    g_assert_cmpint (s_t, >=, ready);
    /* Servers: fewer than `servers` earlier tasks of the queue still run at
     * s_t; and a start later than `ready` is explained by a server freeing. */
    guint running = 0;
    gboolean freed_now = FALSE;
    for (gint32 p = prev[t]; p >= 0; p = prev[p]) {
      if (tl->task_end[p] > s_t)
        running++;
      if (tl->task_end[p] == s_t)
        freed_now = TRUE;
    }
    g_assert_cmpuint (running, <, (guint) queue->servers);
    if (s_t > ready)
      g_assert_true (freed_now);
    g_assert_cmpint (tl->task_server[t], >=, 0);
    g_assert_cmpint (tl->task_server[t], <, queue->servers);
  }
}

static void
check_path_complete (const VsSchedule *s, const VsTimeline *tl)
{
  g_autoptr (VsCriticalPath) path = vs_critical_path_compute (s, tl);
  g_assert_cmpuint (path->n_links, >, 0);
  g_assert_cmpint (path->links[0].start_ps, ==, 0);
  g_assert_cmpint (path->links[path->n_links - 1].end_ps, ==, tl->latency_ps);
  double total = 0;
  for (guint i = 0; i < path->n_links; i++) {
    g_assert_cmpint (path->links[i].kind, !=, VS_CRITICAL_GAP);
    if (i > 0)
      g_assert_cmpint (path->links[i].start_ps, ==, path->links[i - 1].end_ps);
    total += path->links[i].share;
  }
  g_assert_cmpfloat_with_epsilon (total, 1.0, 1e-9);
}

static void
test_random_schedules (void)
{
  for (guint32 seed = 1; seed <= 6; seed++) {
    gint32 dpus = seed % 2 ? 1 : 5;
    gint32 pids = seed % 3 == 0 ? 0 : 16;
    Builder *b = builder_random (600, seed, 2 + seed % 3, dpus, pids);
    b->s->device.dispatch_dma_ns = 5;
    b->s->device.dispatch_dpu_ns = 1.5;
    b->s->device.dispatch_shave_ns = 2;
    b->s->device.shave_startup_ns = 3;
    for (int mode = 0; mode < VS_REPLAY_MODE_COUNT; mode++) {
      g_autoptr (GError) error = NULL;
      g_autoptr (VsTimeline) tl = builder_replay (b, mode, pids > 0, &error);
      g_assert_no_error (error);
      check_exact_starts (b->s, tl);
      check_path_complete (b->s, tl);
      /* Same input, same timeline, to the byte. */
      g_autoptr (VsTimeline) again = builder_replay (b, mode, pids > 0, &error);
      g_assert_no_error (error);
      gsize n = tl->n_tasks;
      g_assert_cmpmem (tl->task_start, n * 8, again->task_start, n * 8);
      g_assert_cmpmem (tl->task_end, n * 8, again->task_end, n * 8);
      g_assert_cmpmem (tl->task_server, n * 4, again->task_server, n * 4);
      g_assert_cmpmem (tl->variant_start, tl->n_variants * 8, again->variant_start,
                       again->n_variants * 8);
      g_assert_cmpmem (tl->variant_dpu, tl->n_variants * 4, again->variant_dpu,
                       again->n_variants * 4);
      g_assert_cmpint (tl->latency_ps, ==, again->latency_ps);
    }
    builder_free (b);
  }
}

/* Exact times: every expected picosecond below is worked out by hand in the
 * comment beside it, so a change in the replay's arithmetic shows here. */

/* A replay with DDR bytes per task (builder_replay passes none). */
static VsTimeline *
replay_with_ddr (Builder *b, VsReplayMode mode, const gint64 *ddr_bytes, GError **error)
{
  VsReplay r = { .schedule = b->s, .task_ps = (const gint64 *) (void *) b->task_ps->data,
                 .task_ddr_bytes = ddr_bytes };
  vs_replay_options_init (&r.options, mode);
  return vs_replay_run (&r, error);
}

static void
test_exact_ddr_sharing (void)
{
  /* DDR at 10 GB/s = 0.01 bytes/ps.  dma0 moves 1000 bytes in 100 000 ps
   * (0.01 bytes/ps alone); dma1 moves 1000 bytes in 100 000 ps too but
   * waits for a 50 000 ps DPU task (no dispatch latency set). */
  Builder *b = builder_new ();
  b->s->device.ddr_bandwidth_gbps = 10.0;
  gint32 q0 = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 q1 = builder_queue (b, "dma1", VS_ENGINE_DMA, -1, 1);
  gint32 dpu = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 go = builder_barrier (b, "go", -1);
  gint32 moved = builder_barrier (b, "moved", -1);
  gint32 a = builder_task (b, "a", VS_TASK_DMA, q0, 100000, NONE, NONE, NONE);
  gint32 gate = builder_task (b, "gate", VS_TASK_DPU, dpu, 50000, NONE, W (go), NONE);
  gint32 c = builder_task (b, "c", VS_TASK_DMA, q1, 100000, W (go), W (moved), NONE);
  gint32 after = builder_task (b, "after", VS_TASK_DPU, dpu, 1000, W (moved), NONE, NONE);
  const gint64 ddr[] = { 1000, 0, 1000, 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = replay_with_ddr (b, VS_REPLAY_REALISTIC, ddr, &error);
  g_assert_no_error (error);
  /* 0..50 000: a alone moves 500 bytes.  At 50 000 c starts; both want
   * 0.01, the DDR gives 0.005 each.  a's last 500 bytes take 100 000 ps:
   * a ends at 150 000, by when c has moved 500 bytes.  c alone again moves
   * its last 500 bytes at 0.01 in 50 000 ps: c ends at 200 000. */
  g_assert_cmpint (tl->task_start[a], ==, 0);
  g_assert_cmpint (tl->task_end[a], ==, 150000);
  g_assert_cmpint (tl->task_start[gate], ==, 0);
  g_assert_cmpint (tl->task_start[c], ==, 50000);
  g_assert_cmpint (tl->task_end[c], ==, 200000);
  /* The consumer of c's barrier follows c's stretched end: 200 000 + 1 000. */
  g_assert_cmpint (tl->barriers[moved].release, ==, 200000);
  g_assert_cmpint (tl->task_start[after], ==, 200000);
  g_assert_cmpint (tl->latency_ps, ==, 201000);
  /* Busy time is the time actually taken: 150 000 + 150 000. */
  g_assert_cmpint (tl->engines[VS_ENGINE_DMA].busy_ps, ==, 300000);
  g_assert_cmpint (tl->queue_busy_ps[q0], ==, 150000);
  g_assert_cmpint (tl->queue_busy_ps[q1], ==, 150000);
  /* Compiler mode shares nothing: a ends at 100 000, c at 50 000 + 100 000. */
  g_autoptr (VsTimeline) comp = replay_with_ddr (b, VS_REPLAY_COMPILER, ddr, &error);
  g_assert_no_error (error);
  g_assert_cmpint (comp->task_end[a], ==, 100000);
  g_assert_cmpint (comp->task_end[c], ==, 150000);
  /* A DMA that moves nothing to or from DDR does not share: with c's bytes
   * at 0 both keep their costs. */
  const gint64 cmx_only[] = { 1000, 0, 0, 0 };
  g_autoptr (VsTimeline) cmx = replay_with_ddr (b, VS_REPLAY_REALISTIC, cmx_only, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cmx->task_end[a], ==, 100000);
  g_assert_cmpint (cmx->task_end[c], ==, 150000);
  builder_free (b);
}

static void
test_exact_ddr_three_way (void)
{
  /* Three ports start together at 0 on 9 GB/s = 0.009 bytes/ps: x wants
   * 0.002 (200 bytes in 100 000 ps), y and z 0.01 (900 bytes in 90 000 ps).
   * Max-min fair: x keeps 0.002, y and z split the other 0.007: 0.0035.
   * x ends at 100 000 exactly (never slowed).  By then y and z have moved
   * 350 bytes each; 550 left, now 0.0045 each: 550 / 0.0045 = 122 222.2,
   * rounded up: both end at 222 223. */
  Builder *b = builder_new ();
  b->s->device.ddr_bandwidth_gbps = 9.0;
  gint32 q[3];
  for (guint i = 0; i < 3; i++) {
    char id[8];
    g_snprintf (id, sizeof id, "dma%u", i);
    q[i] = builder_queue (b, id, VS_ENGINE_DMA, -1, 1);
  }
  gint32 x = builder_task (b, "x", VS_TASK_DMA, q[0], 100000, NONE, NONE, NONE);
  gint32 y = builder_task (b, "y", VS_TASK_DMA, q[1], 90000, NONE, NONE, NONE);
  gint32 z = builder_task (b, "z", VS_TASK_DMA, q[2], 90000, NONE, NONE, NONE);
  const gint64 ddr[] = { 200, 900, 900 };
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = replay_with_ddr (b, VS_REPLAY_REALISTIC, ddr, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl->task_end[x], ==, 100000);
  g_assert_cmpint (tl->task_end[y], ==, 222223);
  g_assert_cmpint (tl->task_end[z], ==, 222223);
  g_assert_cmpint (tl->latency_ps, ==, 222223);
  builder_free (b);
}

static void
test_exact_cold_starts (void)
{
  /* dispatch: DMA 0.5 ns, DPU 2 ns; cold start: DMA 10 ns, DPU 7 ns. */
  Builder *b = builder_new ();
  b->s->device.dispatch_dma_ns = 0.5;
  b->s->device.dispatch_dpu_ns = 2.0;
  b->s->device.cold_start_dma_ns = 10.0;
  b->s->device.cold_start_dpu_ns = 7.0;
  gint32 d = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 dpu = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 b0 = builder_barrier (b, "b0", -1);
  gint32 b1 = builder_barrier (b, "b1", -1);
  gint32 b2 = builder_barrier (b, "b2", -1);
  gint32 load = builder_task (b, "load", VS_TASK_DMA, d, 1000, NONE, W (b0), NONE);
  gint32 conv0 = builder_task (b, "conv0", VS_TASK_DPU, dpu, 4000, W (b0), W (b1), NONE);
  gint32 load2 = builder_task (b, "load2", VS_TASK_DMA, d, 3000, W (b1), W (b2), NONE);
  gint32 conv1 = builder_task (b, "conv1", VS_TASK_DPU, dpu, 4000, W (b2), NONE, NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_REALISTIC, FALSE, &error);
  g_assert_no_error (error);
  /* load waits for nothing: the queue's first task waits for no release,
   * so neither dispatch nor cold start applies: 0..1 000. */
  g_assert_cmpint (tl->task_start[load], ==, 0);
  g_assert_cmpint (tl->task_end[load], ==, 1000);
  /* conv0 is dpu0's first task: 1 000 + 2 000 (dispatch) + 7 000 (cold). */
  g_assert_cmpint (tl->task_start[conv0], ==, 10000);
  g_assert_cmpint (tl->task_end[conv0], ==, 14000);
  /* load2 is dma0's second task: warm, 14 000 + 500. */
  g_assert_cmpint (tl->task_start[load2], ==, 14500);
  g_assert_cmpint (tl->task_end[load2], ==, 17500);
  /* conv1 is warm too: 17 500 + 2 000. */
  g_assert_cmpint (tl->task_start[conv1], ==, 19500);
  g_assert_cmpint (tl->latency_ps, ==, 23500);
  g_assert_cmpint (tl->cold_start_ps[VS_ENGINE_DPU], ==, 7000);
  g_assert_cmpint (tl->queue_first_task[dpu], ==, conv0);
  /* Compiler mode: back to back, 0 / 1 000 / 5 000 / 8 000, latency 12 000. */
  g_autoptr (VsTimeline) comp = builder_replay (b, VS_REPLAY_COMPILER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (comp->task_start[conv0], ==, 1000);
  g_assert_cmpint (comp->task_start[load2], ==, 5000);
  g_assert_cmpint (comp->task_start[conv1], ==, 8000);
  g_assert_cmpint (comp->latency_ps, ==, 12000);
  builder_free (b);
}

static void
test_exact_engine_start (void)
{
  /* dispatch: DMA 0.5 ns, SHAVE 1 ns; SHAVE cold start 10 ns (once for the
   * engine kind), SHAVE completion 2 ns, DMA queue start 5 ns. */
  Builder *b = builder_new ();
  b->s->device.dispatch_dma_ns = 0.5;
  b->s->device.dispatch_shave_ns = 1.0;
  b->s->device.cold_start_shave_ns = 10.0;
  b->s->device.completion_shave_ns = 2.0;
  b->s->device.dma_queue_start_ns = 5.0;
  gint32 d0 = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 d1 = builder_queue (b, "dma1", VS_ENGINE_DMA, -1, 1);
  gint32 sh0 = builder_queue (b, "shv0", VS_ENGINE_SHAVE, 0, 1);
  gint32 sh1 = builder_queue (b, "shv1", VS_ENGINE_SHAVE, 1, 1);
  gint32 b0 = builder_barrier (b, "b0", -1);
  gint32 b1 = builder_barrier (b, "b1", -1);
  gint32 b2 = builder_barrier (b, "b2", -1);
  gint32 a = builder_task (b, "a", VS_TASK_DMA, d0, 1000, NONE, W (b0), NONE);
  gint32 c = builder_task (b, "c", VS_TASK_DMA, d1, 1000, NONE, W (b2), NONE);
  gint32 s0 = builder_task (b, "s0", VS_TASK_SHAVE, sh0, 4000, W (b0), W (b1), NONE);
  gint32 s1 = builder_task (b, "s1", VS_TASK_SHAVE, sh1, 4000, W (b2), NONE, NONE);
  gint32 d = builder_task (b, "d", VS_TASK_DMA, d0, 1000, W (b1), NONE, NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_REALISTIC, FALSE, &error);
  g_assert_no_error (error);
  /* dma0 starts the DMA engines at 0; dma1, which waits for nothing,
   * starts at the DMA queue start. */
  g_assert_cmpint (tl->task_start[a], ==, 0);
  g_assert_cmpint (tl->task_start[c], ==, 5000);
  g_assert_cmpint (tl->engine_first_task[VS_ENGINE_DMA], ==, a);
  /* s0 is the SHAVE engines' first task: 1 000 + 1 000 + 10 000. */
  g_assert_cmpint (tl->task_start[s0], ==, 12000);
  g_assert_cmpint (tl->engine_first_task[VS_ENGINE_SHAVE], ==, s0);
  /* s1, shv1's first task, was ready (warm) at 6 000 + 1 000 but waited for
   * the cold start as the engines' first; when s0 starts the engines are
   * warm and s1 starts with it, not at 17 000. */
  g_assert_cmpint (tl->task_start[s1], ==, 12000);
  g_assert_cmpint (tl->queue_first_task[sh1], ==, s1);
  /* d waits for s0: 16 000 + 2 000 (completion) + 500 (dispatch). */
  g_assert_cmpint (tl->task_start[d], ==, 18500);
  g_assert_cmpint (tl->latency_ps, ==, 19500);
  /* The critical path explains d's start as a dispatch wait after s0's
   * barrier, completion included. */
  g_autoptr (VsCriticalPath) path = vs_critical_path_compute (b->s, tl);
  g_assert_nonnull (path);
  const VsCriticalLink *last = &path->links[path->n_links - 1];
  g_assert_cmpint (last->task, ==, d);
  g_assert_cmpint (last->cause, ==, VS_CRITICAL_CAUSE_DISPATCH);
  const VsCriticalLink *wait = &path->links[path->n_links - 2];
  g_assert_cmpint (wait->kind, ==, VS_CRITICAL_DISPATCH);
  g_assert_cmpint (wait->start_ps, ==, 16000);
  g_assert_cmpint (wait->end_ps, ==, 18500);
  /* Compiler mode has none of it. */
  g_autoptr (VsTimeline) comp = builder_replay (b, VS_REPLAY_COMPILER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (comp->task_start[c], ==, 0);
  g_assert_cmpint (comp->task_start[s0], ==, 1000);
  g_assert_cmpint (comp->task_start[d], ==, 5000);
  builder_free (b);
}

static void
test_exact_barrier_reuse (void)
{
  /* Three barriers on physical id 5 (b0, b1, b2 in declaration order) and
   * dispatch DPU 2 ns, SHAVE 3.5 ns, DMA 0. */
  Builder *b = builder_new ();
  b->s->device.dispatch_dpu_ns = 2.0;
  b->s->device.dispatch_shave_ns = 3.5;
  gint32 d0 = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 d1 = builder_queue (b, "dma1", VS_ENGINE_DMA, -1, 1);
  gint32 dpu = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 sh = builder_queue (b, "shave0", VS_ENGINE_SHAVE, 0, 1);
  gint32 b0 = builder_barrier (b, "b0", 5);
  gint32 b1 = builder_barrier (b, "b1", 5);
  gint32 b2 = builder_barrier (b, "b2", 5);
  gint32 p0 = builder_task (b, "p0", VS_TASK_DMA, d0, 100000, NONE, W (b0), NONE);
  gint32 c0 = builder_task (b, "c0", VS_TASK_DPU, dpu, 50000, W (b0), NONE, NONE);
  gint32 p1 = builder_task (b, "p1", VS_TASK_DMA, d1, 10000, NONE, W (b1), NONE);
  gint32 c1 = builder_task (b, "c1", VS_TASK_SHAVE, sh, 5000, W (b1), NONE, NONE);
  gint32 p2 = builder_task (b, "p2", VS_TASK_DMA, d1, 1000, NONE, W (b2), NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_REALISTIC, TRUE, &error);
  g_assert_no_error (error);
  /* b0 released at 100 000; c0 starts 2 000 later, and with it b0 is fully
   * consumed: free at 102 000. */
  g_assert_cmpint (tl->task_start[p0], ==, 0);
  g_assert_cmpint (tl->task_start[c0], ==, 102000);
  g_assert_cmpint (tl->barriers[b0].free, ==, 102000);
  /* p1 may use pid 5 only from then on (no dispatch on reuse): 102 000 to
   * 112 000.  c1 waits b1: 112 000 + 3 500 = 115 500. */
  g_assert_cmpint (tl->task_start[p1], ==, 102000);
  g_assert_cmpint (tl->barriers[b1].release, ==, 112000);
  g_assert_cmpint (tl->task_start[c1], ==, 115500);
  g_assert_cmpint (tl->barriers[b1].free, ==, 115500);
  /* p2 follows p1 on dma1 (free at 112 000) but b2 needs b1 free: 115 500. */
  g_assert_cmpint (tl->task_start[p2], ==, 115500);
  g_assert_cmpint (tl->barriers[b2].prev_same_pid, ==, b1);
  g_assert_cmpint (tl->barriers[b1].prev_same_pid, ==, b0);
  g_assert_cmpint (tl->barriers[b0].prev_same_pid, ==, -1);
  /* c0 ends last: 102 000 + 50 000. */
  g_assert_cmpint (tl->latency_ps, ==, 152000);
  /* Without reuse p1 and p2 run back to back from 0: 0 and 10 000. */
  g_autoptr (VsTimeline) off = builder_replay (b, VS_REPLAY_REALISTIC, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (off->task_start[p1], ==, 0);
  g_assert_cmpint (off->task_start[p2], ==, 10000);
  g_assert_cmpint (off->barriers[b2].prev_same_pid, ==, -1);
  builder_free (b);
}

static void
test_exact_sparse_pids (void)
{
  /* Physical ids far beyond the barrier count take the sorted path: b0 and
   * b2 share 2^30, b1 sits alone on 2^31 - 2. */
  Builder *b = builder_new ();
  gint32 d0 = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 d1 = builder_queue (b, "dma1", VS_ENGINE_DMA, -1, 1);
  gint32 b0 = builder_barrier (b, "b0", 1 << 30);
  gint32 b1 = builder_barrier (b, "b1", G_MAXINT32 - 1);
  gint32 b2 = builder_barrier (b, "b2", 1 << 30);
  builder_task (b, "p0", VS_TASK_DMA, d0, 700, NONE, W (b0, b1), NONE);
  builder_task (b, "c0", VS_TASK_DMA, d0, 300, W (b0, b1), NONE, NONE);
  gint32 p2 = builder_task (b, "p2", VS_TASK_DMA, d1, 50, NONE, W (b2), NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_COMPILER, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl->barriers[b0].prev_same_pid, ==, -1);
  g_assert_cmpint (tl->barriers[b1].prev_same_pid, ==, -1);
  g_assert_cmpint (tl->barriers[b2].prev_same_pid, ==, b0);
  /* b0 is freed when c0 starts at 700: p2 700..750. */
  g_assert_cmpint (tl->task_start[p2], ==, 700);
  g_assert_cmpint (tl->latency_ps, ==, 1000);
  builder_free (b);
}

static void
test_exact_shave_startup (void)
{
  /* SHAVE start-up 1.25 ns, dispatch 0: on a 2-server queue, s0 (100 ps)
   * and s1 (40 ps) start together at 0; each lasts its cost + 1 250. */
  Builder *b = builder_new ();
  b->s->device.shave_startup_ns = 1.25;
  b->s->device.cold_start_shave_ns = 100.0;  /* no release to follow: not applied */
  gint32 sh = builder_queue (b, "shave0", VS_ENGINE_SHAVE, 0, 2);
  gint32 dpu = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 s0 = builder_task (b, "s0", VS_TASK_SHAVE, sh, 100, NONE, NONE, NONE);
  gint32 s1 = builder_task (b, "s1", VS_TASK_SHAVE, sh, 40, NONE, NONE, NONE);
  gint32 s2 = builder_task (b, "s2", VS_TASK_SHAVE, sh, 0, NONE, NONE, NONE);
  /* Start-up belongs to SHAVE kernels, not to the DPU engine. */
  gint32 k = builder_task (b, "k", VS_TASK_DPU, dpu, 500, NONE, NONE, NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_REALISTIC, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl->shave_startup_ps, ==, 1250);
  g_assert_cmpint (tl->task_end[s0], ==, 1350);
  g_assert_cmpint (tl->task_end[s1], ==, 1290);
  /* s2 takes server 1 when s1 ends at 1 290; even a 0 ps kernel starts up. */
  g_assert_cmpint (tl->task_start[s2], ==, 1290);
  g_assert_cmpint (tl->task_server[s2], ==, 1);
  g_assert_cmpint (tl->task_end[s2], ==, 2540);
  g_assert_cmpint (tl->task_end[k], ==, 500);
  /* SHAVE busy: 1 350 + 1 290 + 1 250 = 3 890; active 0..2 540. */
  g_assert_cmpint (tl->engines[VS_ENGINE_SHAVE].busy_ps, ==, 3890);
  g_assert_cmpint (tl->engines[VS_ENGINE_SHAVE].active_ps, ==, 2540);
  g_assert_cmpint (tl->latency_ps, ==, 2540);
  /* Compiler mode: no start-up, s2 at 40, latency 500 (the DPU task). */
  g_autoptr (VsTimeline) comp = builder_replay (b, VS_REPLAY_COMPILER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (comp->task_end[s0], ==, 100);
  g_assert_cmpint (comp->task_start[s2], ==, 40);
  g_assert_cmpint (comp->latency_ps, ==, 500);
  builder_free (b);
}

static void
test_mode_names (void)
{
  VsReplayMode m;
  g_assert_true (vs_replay_mode_from_name ("Compiler", &m));
  g_assert_cmpint (m, ==, VS_REPLAY_COMPILER);
  g_assert_true (vs_replay_mode_from_name ("realistic", &m));
  g_assert_cmpint (m, ==, VS_REPLAY_REALISTIC);
  g_assert_false (vs_replay_mode_from_name ("fast", &m));
  g_assert_cmpstr (vs_replay_mode_name (VS_REPLAY_COMPILER), ==, "compiler");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/replay/barrier-release-at-latest-producer", test_barrier_latest_producer);
  g_test_add_func ("/replay/two-server-queue", test_two_server_queue);
  g_test_add_func ("/replay/head-of-line-blocking", test_head_of_line_blocking);
  g_test_add_func ("/replay/dpu-variants", test_dpu_variants);
  g_test_add_func ("/replay/after-dependency", test_after_dependency);
  g_test_add_func ("/replay/barrier-reuse-delays", test_barrier_reuse_delays);
  g_test_add_func ("/replay/barrier-reuse-in-critical-path", test_barrier_reuse_chain_in_path);
  g_test_add_func ("/replay/deadlock-reported", test_deadlock_reported);
  g_test_add_func ("/replay/deadlock-by-reuse-and-after", test_deadlock_by_reuse_and_after);
  g_test_add_func ("/replay/dispatch-and-shave-startup", test_dispatch_and_startup);
  g_test_add_func ("/replay/invalid-inputs", test_invalid_inputs);
  g_test_add_func ("/replay/empty-and-sync", test_empty_and_sync);
  g_test_add_func ("/replay/random-exact-and-deterministic", test_random_schedules);
  g_test_add_func ("/replay/mode-names", test_mode_names);
  g_test_add_func ("/replay/exact/ddr-sharing", test_exact_ddr_sharing);
  g_test_add_func ("/replay/exact/ddr-three-way", test_exact_ddr_three_way);
  g_test_add_func ("/replay/exact/cold-starts", test_exact_cold_starts);
  g_test_add_func ("/replay/exact/engine-start", test_exact_engine_start);
  g_test_add_func ("/replay/exact/barrier-reuse", test_exact_barrier_reuse);
  g_test_add_func ("/replay/exact/sparse-pids", test_exact_sparse_pids);
  g_test_add_func ("/replay/exact/shave-startup", test_exact_shave_startup);
  return g_test_run ();
}
