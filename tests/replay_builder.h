/* SPDX-License-Identifier: Apache-2.0 */
/* replay_builder.h — building schedules in code for the replay tests and the
 * replay benchmark: queues, barriers and tasks with their durations, plus a
 * generator of realistic random schedules (DMA in, DPU per tile, SHAVE, DMA
 * out, layer after layer, with prefetch overlap).  Header-only, static
 * functions: each test program includes it once.
 */
#ifndef VS_REPLAY_BUILDER_H
#define VS_REPLAY_BUILDER_H

#include <string.h>

#include "sim/engine/replay.h"
#include "sim/schedule/schedule.h"

/* -1-terminated index lists: W(b0, b1) */
#define W(...) ((const gint32[]) { __VA_ARGS__, -1 })
#define NONE NULL

typedef struct {
  VsSchedule *s;
  GArray *task_ps;              /* gint64 per task */
  GArray *variant_ps;           /* gint64 per variant */
} Builder;

static G_GNUC_UNUSED Builder *
builder_new (void)
{
  Builder *b = g_new0 (Builder, 1);
  b->s = vs_schedule_new ();
  b->task_ps = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->variant_ps = g_array_new (FALSE, FALSE, sizeof (gint64));
  VsDevice *d = &b->s->device;
  g_strlcpy (d->name, "test", sizeof d->name);
  d->arch = VS_ARCH_NPU27;
  d->tiles = 2;
  d->dpus_per_tile = 1;
  d->shaves_per_tile = 2;
  d->dma_ports = 2;
  d->dma_channels = 1;
  d->dpu_clock_mhz = 1300;
  return b;
}

static G_GNUC_UNUSED void
builder_free (Builder *b)
{
  vs_schedule_free (b->s);
  g_array_unref (b->task_ps);
  g_array_unref (b->variant_ps);
  g_free (b);
}

static const char *
builder_string (Builder *b, const char *str)
{
  /* Plain insert: the benchmark makes a million ids, and the const variant
   * would hash them all. */
  return str != NULL ? g_string_chunk_insert (b->s->strings, str) : NULL;
}

static G_GNUC_UNUSED gint32
builder_queue (Builder *b, const char *id, VsEngine engine, gint32 tile, gint32 servers)
{
  VsQueue q = { .id = builder_string (b, id), .engine = engine, .tile = tile, .port = -1,
                .channel = -1, .servers = servers };
  if (engine == VS_ENGINE_DMA) {
    q.port = 0;
    q.tile = -1;
  }
  g_array_append_val (b->s->queues, q);
  return (gint32) b->s->queues->len - 1;
}

static G_GNUC_UNUSED gint32
builder_barrier (Builder *b, const char *id, gint32 pid)
{
  VsBarrier bar = { .id = builder_string (b, id), .pid = pid, .declared_producers = -1,
                    .declared_consumers = -1 };
  g_array_append_val (b->s->barriers, bar);
  return (gint32) b->s->barriers->len - 1;
}

static guint
builder_refs (Builder *b, const gint32 *list, guint *first)
{
  *first = b->s->refs->len;
  guint n = 0;
  for (; list != NULL && list[n] >= 0; n++)
    g_array_append_val (b->s->refs, list[n]);
  return n;
}

static G_GNUC_UNUSED gint32
builder_task (Builder *b, const char *id, VsTaskKind kind, gint32 queue, gint64 ps,
              const gint32 *waits, const gint32 *updates, const gint32 *after)
{
  VsTask t = { .id = builder_string (b, id), .kind = kind, .queue = queue };
  char name[96];
  g_snprintf (name, sizeof name, "layer%s?t_Op/%s", id, id);
  t.name = builder_string (b, name);
  t.layer = t.name;
  t.n_waits = builder_refs (b, waits, &t.first_wait);
  t.n_updates = builder_refs (b, updates, &t.first_update);
  t.n_after = builder_refs (b, after, &t.first_after);
  if (kind == VS_TASK_DPU) {
    t.spec.dpu.first_variant = b->s->variants->len;
    t.spec.dpu.n_variants = 0;
  }
  g_array_append_val (b->s->tasks, t);
  g_array_append_val (b->task_ps, ps);
  return (gint32) b->s->tasks->len - 1;
}

/* A DPU task with variants; `variant_ps` is -1-terminated. */
static G_GNUC_UNUSED gint32
builder_dpu_task (Builder *b, const char *id, gint32 queue, const gint64 *variant_ps,
                  const gint32 *waits, const gint32 *updates)
{
  gint32 t = builder_task (b, id, VS_TASK_DPU, queue, 0, waits, updates, NONE);
  VsTask *task = vs_schedule_task (b->s, t);
  task->spec.dpu.first_variant = b->s->variants->len;
  for (guint v = 0; variant_ps[v] >= 0; v++) {
    VsDpuVariant var = { .tile = -1 };
    g_array_append_val (b->s->variants, var);
    g_array_append_val (b->variant_ps, variant_ps[v]);
    task->spec.dpu.n_variants++;
  }
  return t;
}

static G_GNUC_UNUSED VsTimeline *
builder_replay (Builder *b, VsReplayMode mode, gboolean reuse, GError **error)
{
  VsReplay r = { .schedule = b->s, .task_ps = (const gint64 *) (void *) b->task_ps->data,
                 .variant_ps = (const gint64 *) (void *) b->variant_ps->data };
  vs_replay_options_init (&r.options, mode);
  r.options.barrier_reuse = reuse;
  return vs_replay_run (&r, error);
}

/* A realistic random schedule of about `n_tasks` tasks: 2 DMA queues,
 * per tile one DPU queue and one 2-server SHAVE queue.  Each layer loads
 * weights (waiting for the layer two back, so loads overlap compute), runs DPU
 * tasks with 1..4 variants on every tile, sometimes a SHAVE kernel per tile,
 * and every fourth layer writes out.  With `pids` > 0 barriers get physical
 * ids round-robin over that many.  Durations are 0.2..20 µs. */
static G_GNUC_UNUSED Builder *
builder_random (guint n_tasks, guint32 seed, gint32 tiles, gint32 dpus, gint32 pids)
{
  Builder *b = builder_new ();
  b->s->device.tiles = tiles;
  b->s->device.dpus_per_tile = dpus;
  GRand *rand = g_rand_new_with_seed (seed);
  gint32 dma[2] = { builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1),
                    builder_queue (b, "dma1", VS_ENGINE_DMA, -1, 1) };
  g_autofree gint32 *dpu = g_new (gint32, tiles);
  g_autofree gint32 *shave = g_new (gint32, tiles);
  for (gint32 t = 0; t < tiles; t++) {
    char id[32];
    g_snprintf (id, sizeof id, "dpu%d", t);
    dpu[t] = builder_queue (b, id, VS_ENGINE_DPU, t, 1);
    g_snprintf (id, sizeof id, "shave%d", t);
    shave[t] = builder_queue (b, id, VS_ENGINE_SHAVE, t, 2);
  }
  gint32 nb = 0;
  char bid[32];
#define NEW_BARRIER() \
  (g_snprintf (bid, sizeof bid, "b%d", nb), nb++, \
   builder_barrier (b, bid, pids > 0 ? (nb - 1) % pids : -1))
  gint32 done_prev = -1, done_prev2 = -1;
  guint layer = 0;
  char id[48];
  while (b->s->tasks->len < n_tasks) {
    gint32 loaded = NEW_BARRIER ();
    g_snprintf (id, sizeof id, "L%u_in", layer);
    gint32 waits_in[2] = { done_prev2, -1 };
    builder_task (b, id, VS_TASK_DMA, dma[layer % 2], g_rand_int_range (rand, 200, 8000) * 1000,
                  done_prev2 >= 0 ? waits_in : NONE, W (loaded), NONE);
    gint32 computed = NEW_BARRIER ();
    for (gint32 t = 0; t < tiles; t++) {
      gint64 v[6];
      gint32 nv = g_rand_int_range (rand, 1, 5);
      for (gint32 k = 0; k < nv; k++)
        v[k] = g_rand_int_range (rand, 500, 5000) * 1000;
      v[nv] = -1;
      g_snprintf (id, sizeof id, "L%u_dpu%d", layer, t);
      gint32 waits[3] = { loaded, done_prev, -1 };
      if (done_prev < 0)
        waits[1] = -1;
      builder_dpu_task (b, id, dpu[t], v, waits, W (computed));
    }
    gint32 done = computed;
    if (g_rand_int_range (rand, 0, 3) == 0) {
      done = NEW_BARRIER ();
      for (gint32 t = 0; t < tiles; t++) {
        g_snprintf (id, sizeof id, "L%u_act%d", layer, t);
        builder_task (b, id, VS_TASK_SHAVE, shave[t], g_rand_int_range (rand, 1000, 20000) * 1000,
                      W (computed), W (done), NONE);
      }
    }
    if (layer % 4 == 3) {
      g_snprintf (id, sizeof id, "L%u_out", layer);
      gint32 out = NEW_BARRIER ();
      builder_task (b, id, VS_TASK_DMA, dma[(layer + 1) % 2],
                    g_rand_int_range (rand, 200, 4000) * 1000, W (done), W (out), NONE);
      done = out;
    }
    done_prev2 = done_prev;
    done_prev = done;
    layer++;
  }
#undef NEW_BARRIER
  g_rand_free (rand);
  return b;
}

#endif /* VS_REPLAY_BUILDER_H */
