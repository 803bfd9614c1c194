/* test_cmx_occupancy.c — buffer lives, live-byte curves, overlap and overflow reports. */
#include "sim/engine/cmx_occupancy.h"

#include <string.h>

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cmx-occupancy/overlap-reported", test_overlap_reported);
  g_test_add_func ("/cmx-occupancy/reuse-and-views-are-fine", test_reuse_and_views_are_fine);
  g_test_add_func ("/cmx-occupancy/overflow-reported", test_overflow_reported);
  return g_test_run ();
}
