/* SPDX-License-Identifier: Apache-2.0 */
/* test_cmx_occupancy.c — buffer lives, live-byte curves, overlap and overflow reports. */
#include "sim/engine/cmx_occupancy.h"

#include <string.h>

#include "sim/analysis/run_pipeline.h"
#include "tests/test_support.h"

/* A CMX buffer on tile 0 of `size` UINT8 bytes at `offset`. */
static gint32
add_buffer (VsSchedule *s, const char *id, gint64 offset, gint64 size)
{
  VsTensor t = { 0 };
  t.id = vs_schedule_intern (s, id);
  t.memory = VS_MEMORY_CMX;
  t.tile_mask = 1;
  t.offset = offset;
  t.rank = 1;
  t.shape[0] = size;
  t.dtype = VS_DTYPE_UINT8;
  g_array_append_val (s->buffers, t);
  return (gint32) s->buffers->len - 1;
}

/* A DMA task copying src to dst. */
static void
add_dma (VsSchedule *s, const char *id, gint32 src, gint32 dst)
{
  VsTask t = { 0 };
  t.id = vs_schedule_intern (s, id);
  t.kind = VS_TASK_DMA;
  t.spec.dma.src = src;
  t.spec.dma.dst = dst;
  g_array_append_val (s->tasks, t);
}

static VsSchedule *
new_schedule (gint64 capacity)
{
  VsSchedule *s = vs_schedule_new ();
  s->device.tiles = 1;
  s->device.cmx_bytes_per_tile = capacity;
  VsQueue q = { .id = "dma", .engine = VS_ENGINE_DMA, .tile = -1, .port = 0, .channel = -1, .servers = 1 };
  g_array_append_val (s->queues, q);
  return s;
}

static void
test_overlap_reported (void)
{
  g_autoptr(VsSchedule) s = new_schedule (1 << 20);
  gint32 a = add_buffer (s, "act_a", 0, 1000);
  gint32 b = add_buffer (s, "act_b", 512, 1000);
  gint32 ddr = add_buffer (s, "ddr", -1, 1000);
  vs_schedule_buffer (s, ddr)->memory = VS_MEMORY_DDR;
  add_dma (s, "load_a", ddr, a);
  add_dma (s, "load_b", ddr, b);
  add_dma (s, "store_a", a, ddr);
  /* a lives 0..30 us, b from 10 us: they share [512, 1000). */
  gint64 start[] = { 0, 10000000, 20000000 };
  gint64 end[] = { 5000000, 15000000, 30000000 };
  VsCmxReport r;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_cmx_occupancy (s, start, end, &r, &error));
  g_assert_cmpuint (r.problems->len, ==, 1);
  VsCmxProblem *p = &g_array_index (r.problems, VsCmxProblem, 0);
  g_assert_cmpint (p->kind, ==, VS_CMX_PROBLEM_OVERLAP);
  g_assert_cmpint (p->time_ps, ==, 10000000);
  g_assert_cmpint (p->bytes, ==, 488);
  g_assert_cmpstr (p->message, ==,
                   "tile 0: buffers 'act_a' [0, 1000) and 'act_b' [512, 1512) overlap by 488 bytes "
                   "while both are live, at 10.000 us");
  /* Union of [0,1000) and [512,1512) is 1512 bytes. */
  g_assert_cmpint (r.peak_bytes[0], ==, 1512);
  g_assert_cmpint (r.peak_time_ps[0], ==, 10000000);
  vs_cmx_report_clear (&r);
}

static void
test_reuse_and_views_are_fine (void)
{
  g_autoptr(VsSchedule) s = new_schedule (4096);
  gint32 a = add_buffer (s, "first", 0, 2048);
  gint32 view = add_buffer (s, "first_view", 0, 2048);
  gint32 b = add_buffer (s, "second", 0, 2048);
  gint32 ddr = add_buffer (s, "ddr", -1, 2048);
  vs_schedule_buffer (s, ddr)->memory = VS_MEMORY_DDR;
  add_dma (s, "load_first", ddr, a);
  add_dma (s, "store_view", view, ddr);   /* same allocation, another view */
  add_dma (s, "load_second", ddr, b);     /* reuses the addresses afterwards */
  gint64 start[] = { 0, 100, 300 };
  gint64 end[] = { 100, 200, 400 };
  VsCmxReport r;
  g_assert_true (vs_cmx_occupancy (s, start, end, &r, NULL));
  g_assert_cmpuint (r.problems->len, ==, 0);
  g_assert_cmpint (r.peak_bytes[0], ==, 2048);
  /* The curve steps up at 0 and drops to 0 between the two uses. */
  GArray *c = r.curves[0];
  g_assert_cmpuint (c->len, ==, 4);
  g_assert_cmpint (g_array_index (c, VsCmxPoint, 0).bytes, ==, 2048);
  g_assert_cmpint (g_array_index (c, VsCmxPoint, 1).time_ps, ==, 200);
  g_assert_cmpint (g_array_index (c, VsCmxPoint, 1).bytes, ==, 0);
  g_assert_cmpint (g_array_index (c, VsCmxPoint, 2).time_ps, ==, 300);
  vs_cmx_report_clear (&r);
}

static void
test_overflow_reported (void)
{
  g_autoptr(VsSchedule) s = new_schedule (3000);
  gint32 a = add_buffer (s, "w0", 0, 2000);
  gint32 b = add_buffer (s, "w1", 2000, 2000);   /* ends at 4000 > 3000 */
  gint32 ddr = add_buffer (s, "ddr", -1, 2000);
  vs_schedule_buffer (s, ddr)->memory = VS_MEMORY_DDR;
  add_dma (s, "load_w0", ddr, a);
  add_dma (s, "load_w1", ddr, b);
  gint64 start[] = { 0, 1000000 };
  gint64 end[] = { 2000000, 3000000 };
  VsCmxReport r;
  g_assert_true (vs_cmx_occupancy (s, start, end, &r, NULL));
  g_assert_cmpuint (r.problems->len, ==, 2);
  VsCmxProblem *range = &g_array_index (r.problems, VsCmxProblem, 0);
  g_assert_cmpint (range->kind, ==, VS_CMX_PROBLEM_OUT_OF_RANGE);
  g_assert_cmpstr (range->message, ==,
                   "tile 0: buffer 'w1' ends at byte 4000, beyond the CMX size of 3000 (live from 1.000 us)");
  VsCmxProblem *over = &g_array_index (r.problems, VsCmxProblem, 1);
  g_assert_cmpint (over->kind, ==, VS_CMX_PROBLEM_OVERFLOW);
  g_assert_cmpint (over->time_ps, ==, 1000000);
  g_assert_cmpint (over->bytes, ==, 4000);
  g_assert_nonnull (strstr (over->message, "4000 live bytes exceed the CMX size of 3000 at 1.000 us"));
  vs_cmx_report_clear (&r);
}

/* Live bytes at time `t` (the step function's value). */
static gint64
bytes_at (const VsCmxReport *r, guint tile, gint64 t)
{
  gint64 b = 0;
  GArray *c = r->curves[tile];
  for (guint i = 0; i < c->len && g_array_index (c, VsCmxPoint, i).time_ps <= t; i++)
    b = g_array_index (c, VsCmxPoint, i).bytes;
  return b;
}

/* A tensor waiting between its producer and its consumer is live, even when
 * each declares its own view of the bytes (whole, or in parts), and DMA ends
 * count like any other access. */
static void
test_live_from_write_to_last_read (void)
{
  g_autoptr(VsSchedule) s = new_schedule (1 << 20);
  gint32 ddr = add_buffer (s, "ddr", -1, 4096);
  vs_schedule_buffer (s, ddr)->memory = VS_MEMORY_DDR;
  /* one tensor: written through one view, read 20 us later through another */
  gint32 out_w = add_buffer (s, "act_written", 0, 1024);
  gint32 out_r = add_buffer (s, "act_read", 0, 1024);
  /* another: filled in two halves, read whole */
  gint32 half0 = add_buffer (s, "in_half0", 4096, 512);
  gint32 half1 = add_buffer (s, "in_half1", 4608, 512);
  gint32 whole = add_buffer (s, "in_whole", 4096, 1024);
  add_dma (s, "produce", ddr, out_w);      /* 0-1 us */
  add_dma (s, "fill0", ddr, half0);        /* 2-3 us */
  add_dma (s, "fill1", ddr, half1);        /* 3-4 us */
  add_dma (s, "consume", out_r, ddr);      /* 20-21 us */
  add_dma (s, "read_whole", whole, ddr);   /* 30-31 us */
  gint64 start[] = { 0, 2000000, 3000000, 20000000, 30000000 };
  gint64 end[] = { 1000000, 3000000, 4000000, 21000000, 31000000 };
  VsCmxReport r;
  g_assert_true (vs_cmx_occupancy (s, start, end, &r, NULL));
  g_assert_cmpuint (r.problems->len, ==, 0);
  g_assert_cmpint (bytes_at (&r, 0, 500000), ==, 1024);
  g_assert_cmpint (bytes_at (&r, 0, 10000000), ==, 2048);    /* both wait: counted */
  g_assert_cmpint (bytes_at (&r, 0, 25000000), ==, 1024);    /* the first was read at 21 us */
  g_assert_cmpint (bytes_at (&r, 0, 32000000), ==, 0);
  g_assert_cmpint (r.peak_bytes[0], ==, 2048);
  g_assert_cmpint (r.peak_time_ps[0], ==, 3000000);   /* the second half lands */
  /* the schedule's own allocation: up to byte 5120; the peak fits in it */
  g_assert_cmpint (r.allocated_bytes[0], ==, 5120);
  g_assert_cmpint (r.peak_bytes[0], <=, r.allocated_bytes[0]);
  vs_cmx_report_clear (&r);
}

/* Measured on the real runs: no live-byte curve drops to nothing between
 * layers any more, and every peak fits in the schedule's own allocation. */
static void
test_real_runs (void)
{
  g_autofree char *path = vs_test_npu_runs_file ("npu40xx_6tile_agegender_2025-09/schedule_vpurt.mlir");
  if (path == NULL)
    return;
  g_autoptr(GError) error = NULL;
  VsRunConfig config = { .cost = "analytical", .mode = VS_REPLAY_REALISTIC };
  VsRun run;
  g_assert_true (vs_run_prepare (&run, path, &config, &error) && vs_run_replay (&run, &config, &error));
  g_assert_no_error (error);
  VsCmxReport r;
  g_assert_true (vs_cmx_occupancy (run.schedule, run.timeline->task_start, run.timeline->task_end, &r, NULL));
  g_assert_cmpuint (r.problems->len, ==, 0);
  for (guint t = 0; t < r.n_tiles; t++) {
    g_test_message ("tile %u: peak %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " allocated", t,
                    r.peak_bytes[t], r.allocated_bytes[t]);
    g_assert_cmpint (r.peak_bytes[t], <=, r.allocated_bytes[t]);
    /* the conv2 activations wait in CMX for the DPU: 150 KiB or more at the peak */
    g_assert_cmpint (r.peak_bytes[t], >=, 150000);
  }
  vs_cmx_report_clear (&r);
  vs_run_clear (&run);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cmx-occupancy/overlap-reported", test_overlap_reported);
  g_test_add_func ("/cmx-occupancy/reuse-and-views-are-fine", test_reuse_and_views_are_fine);
  g_test_add_func ("/cmx-occupancy/overflow-reported", test_overflow_reported);
  g_test_add_func ("/cmx-occupancy/live-from-write-to-last-read", test_live_from_write_to_last_read);
  g_test_add_func ("/cmx-occupancy/real-runs", test_real_runs);
  return g_test_run ();
}
