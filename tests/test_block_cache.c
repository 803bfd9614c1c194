/* SPDX-License-Identifier: Apache-2.0 */
/* test_block_cache.c — the replay's run blocks: small and big blocks, a freed
 * big block kept and reused, the largest kept when the slots are full; and
 * replays whose blocks are reused memory full of garbage giving the same
 * timeline, byte for byte, as on fresh memory (the replay writes every byte
 * it reads: times, servers, variants, the deadlock message). */
#include <glib.h>
#include <string.h>

#include "sim/engine/block_cache.h"
#include "tests/replay_builder.h"

#define MIB ((gsize) 1 << 20)

static void
test_small_block (void)
{
  vs_block_cache_trim ();
  guint8 *p = vs_block_alloc (100);
  g_assert_nonnull (p);
  g_assert_cmpuint ((guintptr) p % 16, ==, 0);
  memset (p, 7, 100);
  vs_block_free (p);
  vs_block_free (NULL);
  g_assert_cmpuint (vs_block_cache_bytes (), ==, 0);  /* small blocks are not kept */
}

static void
test_kept_and_reused (void)
{
  vs_block_cache_trim ();
  guint8 *p = vs_block_alloc (3 * MIB);
  memset (p, 1, 3 * MIB);
  vs_block_free (p);
  g_assert_cmpuint (vs_block_cache_bytes (), >=, 3 * MIB);
  guint8 *q = vs_block_alloc (2 * MIB);  /* fits in the kept block: the same one */
  g_assert_true (q == p);
  memset (q, 2, 2 * MIB);
  g_assert_cmpuint (vs_block_cache_bytes (), ==, 0);
  guint8 *r = vs_block_alloc (2 * MIB);  /* nothing kept: a new one */
  g_assert_true (r != q);
  vs_block_free (q);
  vs_block_free (r);
  g_assert_cmpuint (vs_block_cache_bytes (), >=, 4 * MIB);
  vs_block_cache_trim ();
  g_assert_cmpuint (vs_block_cache_bytes (), ==, 0);
}

static void
test_largest_kept (void)
{
  vs_block_cache_trim ();
  /* Sizes that map to exactly k * 2 MiB (a 64-byte header rides in front). */
  void *blocks[VS_BLOCK_CACHE_SLOTS + 2];
  gsize total = 0;
  for (guint k = 0; k < G_N_ELEMENTS (blocks); k++) {
    blocks[k] = vs_block_alloc ((k + 1) * 2 * MIB - 64);
    if (k >= G_N_ELEMENTS (blocks) - VS_BLOCK_CACHE_SLOTS)
      total += (k + 1) * 2 * MIB;
  }
  for (guint k = 0; k < G_N_ELEMENTS (blocks); k++)
    vs_block_free (blocks[k]);
  g_assert_cmpuint (vs_block_cache_bytes (), ==, total);
  vs_block_cache_trim ();
}

/* Keep two big blocks full of garbage, for the next replay's state and timeline. */
static void
poison_kept_blocks (void)
{
  vs_block_cache_trim ();
  void *a = vs_block_alloc (48 * MIB), *b = vs_block_alloc (48 * MIB);
  memset (a, 0xa5, 48 * MIB);
  memset (b, 0x5a, 48 * MIB);
  vs_block_free (a);
  vs_block_free (b);
}

static VsTimeline *
replay (Builder *b, VsReplayMode mode, gboolean timed, GError **error)
{
  VsReplay r = { .schedule = b->s, .task_ps = (const gint64 *) (void *) b->task_ps->data,
                 .variant_ps = timed ? (const gint64 *) (void *) b->variant_ps->data : NULL };
  vs_replay_options_init (&r.options, mode);
  return vs_replay_run (&r, error);
}

static void
assert_same_timeline (const VsTimeline *a, const VsTimeline *b)
{
  gsize nt = a->n_tasks, nv = a->n_variants, nq = a->n_queues;
  g_assert_cmpuint (nt, ==, b->n_tasks);
  g_assert_cmpuint (nv, ==, b->n_variants);
  g_assert_cmpmem (a->task_start, nt * 8, b->task_start, nt * 8);
  g_assert_cmpmem (a->task_end, nt * 8, b->task_end, nt * 8);
  g_assert_cmpmem (a->task_server, nt * 4, b->task_server, nt * 4);
  g_assert_cmpmem (a->variant_start, nv * 8, b->variant_start, nv * 8);
  g_assert_cmpmem (a->variant_end, nv * 8, b->variant_end, nv * 8);
  g_assert_cmpmem (a->variant_dpu, nv * 4, b->variant_dpu, nv * 4);
  g_assert_cmpmem (a->barriers, a->n_barriers * sizeof (VsBarrierTimes), b->barriers,
                   b->n_barriers * sizeof (VsBarrierTimes));
  g_assert_cmpmem (a->queue_busy_ps, nq * 8, b->queue_busy_ps, nq * 8);
  g_assert_cmpmem (a->queue_first_task, nq * 4, b->queue_first_task, nq * 4);
  g_assert_cmpmem (a->engines, sizeof a->engines, b->engines, sizeof b->engines);
  g_assert_cmpint (a->latency_ps, ==, b->latency_ps);
  g_assert_cmpuint (a->state_bytes, ==, b->state_bytes);
}

static void
test_replay_on_reused_memory (void)
{
  /* 100 k tasks: state and timeline are big blocks (about 10 MB each). */
  Builder *b = builder_random (100000, 7, 4, 2, 64);
  b->s->device.dispatch_dma_ns = 50;
  b->s->device.dispatch_dpu_ns = 100;
  b->s->device.shave_startup_ns = 1000;
  for (int mode = 0; mode < VS_REPLAY_MODE_COUNT; mode++)
    for (int timed = 0; timed <= 1; timed++) {
      g_autoptr (GError) error = NULL;
      vs_block_cache_trim ();
      g_autoptr (VsTimeline) fresh = replay (b, mode, timed, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (fresh->state_bytes, >, VS_BLOCK_BIG);
      if (!timed)
        for (guint v = 0; v < fresh->n_variants; v++)
          g_assert_cmpint (fresh->variant_start[v], ==, -1);
      poison_kept_blocks ();
      g_autoptr (VsTimeline) reused = replay (b, mode, timed, &error);
      g_assert_no_error (error);
      assert_same_timeline (fresh, reused);
    }
  builder_free (b);
  vs_block_cache_trim ();
}

static void
test_deadlock_on_reused_memory (void)
{
  /* A big schedule that ends in a cycle: two tasks each waiting for the other's barrier. */
  Builder *b = builder_random (100000, 3, 4, 1, 0);
  gint32 x = builder_queue (b, "x", VS_ENGINE_DMA, -1, 1);
  gint32 y = builder_queue (b, "y", VS_ENGINE_DMA, -1, 1);
  gint32 bx = builder_barrier (b, "bx", -1), by = builder_barrier (b, "by", -1);
  builder_task (b, "tx", VS_TASK_DMA, x, 1000, W (by), W (bx), NONE);
  builder_task (b, "ty", VS_TASK_DMA, y, 1000, W (bx), W (by), NONE);
  g_autoptr (GError) fresh = NULL, reused = NULL;
  vs_block_cache_trim ();
  g_assert_null (replay (b, VS_REPLAY_REALISTIC, TRUE, &fresh));
  g_assert_error (fresh, VS_REPLAY_ERROR, VS_REPLAY_ERROR_DEADLOCK);
  g_assert_nonnull (strstr (fresh->message, "2 of "));  /* the two never started */
  poison_kept_blocks ();
  g_assert_null (replay (b, VS_REPLAY_REALISTIC, TRUE, &reused));
  g_assert_cmpstr (fresh->message, ==, reused->message);
  builder_free (b);
  vs_block_cache_trim ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/block-cache/small-block", test_small_block);
  g_test_add_func ("/block-cache/kept-and-reused", test_kept_and_reused);
  g_test_add_func ("/block-cache/largest-kept", test_largest_kept);
  g_test_add_func ("/block-cache/replay-on-reused-memory", test_replay_on_reused_memory);
  g_test_add_func ("/block-cache/deadlock-on-reused-memory", test_deadlock_on_reused_memory);
  return g_test_run ();
}
