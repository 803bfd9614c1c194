/* bench_replay.c — replay throughput and memory on generated schedules of
 * 10k, 100k and 1M tasks (2 DMA queues, 4 tiles each with a DPU queue and a
 * 2-server SHAVE queue, DPU variants, physical barrier reuse over 64 ids).
 * Prints tasks/s (best of several runs) and the replay state's bytes per task
 * (every array the run allocates, timeline included: they all live at once,
 * so this is the peak), plus the resident-set growth as a cross-check.
 * Targets: >= 5M tasks/s, <= 300 bytes/task at 1M tasks. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/replay.h"
#include "tests/replay_builder.h"

static long
resident_bytes (void)
{
  /* /proc/self/statm: size resident ... in pages. */
  g_autofree char *text = NULL;
  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL))
    return -1;
  long size = 0, resident = 0;
  if (sscanf (text, "%ld %ld", &size, &resident) != 2)
    return -1;
  return resident * sysconf (_SC_PAGESIZE);
}

static void
bench (guint n_tasks, VsReplayMode mode, gboolean reuse)
{
  Builder *b = builder_random (n_tasks, 42, 4, 1, 64);
  b->s->device.dispatch_dma_ns = 50;
  b->s->device.dispatch_dpu_ns = 100;
  b->s->device.dispatch_shave_ns = 200;
  b->s->device.shave_startup_ns = 1000;
  guint nt = b->s->tasks->len;
  double best = 1e30;
  gint64 latency = 0;
  gsize state = 0;
  long rss_growth = 0;
  guint runs = n_tasks >= 1000000 ? 3 : n_tasks >= 100000 ? 5 : 20;
  for (guint r = 0; r < runs; r++) {
    long before = resident_bytes ();
    gint64 t0 = g_get_monotonic_time ();
    g_autoptr (GError) error = NULL;
    VsTimeline *tl = builder_replay (b, mode, reuse, &error);
    gint64 t1 = g_get_monotonic_time ();
    if (tl == NULL) {
      fprintf (stderr, "bench_replay: %s\n", error->message);
      exit (1);
    }
    long after = resident_bytes ();
    if (r == 0)
      rss_growth = after - before;
    double seconds = (double) (t1 - t0) / 1e6;
    if (seconds < best)
      best = seconds;
    latency = tl->latency_ps;
    state = tl->state_bytes;
    vs_timeline_free (tl);
  }
  printf ("  %8u tasks  %-9s reuse %-3s  %7.2f M tasks/s  (%.3f ms)  state %6.1f B/task"
          "  rss +%.1f B/task  latency %.1f us\n",
          nt, vs_replay_mode_name (mode), reuse ? "on" : "off", nt / best / 1e6, best * 1e3,
          (double) state / nt, (double) rss_growth / nt, latency / 1e6);
  builder_free (b);
}

int
main (void)
{
  const guint sizes[] = { 10000, 100000, 1000000 };
  printf ("replay throughput and memory (generated schedules, best of several runs)\n");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    bench (sizes[i], VS_REPLAY_REALISTIC, TRUE);
    bench (sizes[i], VS_REPLAY_COMPILER, FALSE);
  }
  return 0;
}
