/* SPDX-License-Identifier: Apache-2.0 */
/* bench_replay.c — replay throughput and memory on generated schedules of
 * 10k, 100k, 1M and 10M tasks (2 DMA queues, 4 tiles each with a DPU queue and a
 * 2-server SHAVE queue, DPU variants, physical barrier reuse over 64 ids).
 * Prints tasks/s (min, median and max of several runs) and the replay state's bytes per task
 * (every array the run allocates, timeline included: they all live at once,
 * so this is the peak), plus the resident-set growth as a cross-check.
 * Beside the wall-time rates, the median rate in this process's CPU time,
 * and in user time alone: on a shared, loaded machine these show the code's
 * cost per task (the wall time adds whatever other processes took); the
 * difference is the kernel's first touch of the run's fresh memory.
 * Targets: >= 5M tasks/s, <= 300 bytes/task at 1M and at 10M tasks, and a
 * flat cost per task from 10k to 10M. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sim/engine/replay.h"
#include "tests/bench_support.h"
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

/* CPU seconds this process has used, in user mode and in the kernel (the
 * first touch of fresh pages): on a shared machine the wall time also
 * counts the time other processes held the core. */
static void
cpu_seconds (double *user, double *system)
{
  struct rusage u;
  getrusage (RUSAGE_SELF, &u);
  *user = (double) u.ru_utime.tv_sec + (double) u.ru_utime.tv_usec / 1e6;
  *system = (double) u.ru_stime.tv_sec + (double) u.ru_stime.tv_usec / 1e6;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
bench (guint n_tasks, VsReplayMode mode, gboolean reuse, guint runs)
{
  Builder *b = builder_random (n_tasks, 42, 4, 1, 64);
  b->s->device.dispatch_dma_ns = 50;
  b->s->device.dispatch_dpu_ns = 100;
  b->s->device.dispatch_shave_ns = 200;
  b->s->device.shave_startup_ns = 1000;
  guint nt = b->s->tasks->len;
  g_autofree double *rate = g_new (double, runs);
  g_autofree double *cpu_rate = g_new (double, runs);
  g_autofree double *user_rate = g_new (double, runs);
  gint64 latency = 0;
  gsize state = 0;
  long rss_growth = 0;
  for (guint r = 0; r < runs; r++) {
    long before = resident_bytes ();
    double u0, s0, u1, s1;
    cpu_seconds (&u0, &s0);
    gint64 t0 = g_get_monotonic_time ();
    g_autoptr (GError) error = NULL;
    VsTimeline *tl = builder_replay (b, mode, reuse, &error);
    gint64 t1 = g_get_monotonic_time ();
    cpu_seconds (&u1, &s1);
    if (tl == NULL) {
      fprintf (stderr, "bench_replay: %s\n", error->message);
      exit (1);
    }
    long after = resident_bytes ();
    if (r == 0)
      rss_growth = after - before;
    rate[r] = nt / ((double) MAX (t1 - t0, 1) / 1e6) / 1e6;
    cpu_rate[r] = nt / MAX ((u1 - u0) + (s1 - s0), 1e-6) / 1e6;
    user_rate[r] = nt / MAX (u1 - u0, 1e-6) / 1e6;
    latency = tl->latency_ps;
    state = tl->state_bytes;
    vs_timeline_free (tl);
  }
  qsort (rate, runs, sizeof *rate, cmp_double);
  qsort (cpu_rate, runs, sizeof *cpu_rate, cmp_double);
  qsort (user_rate, runs, sizeof *user_rate, cmp_double);
  printf ("  %8u tasks  %-9s reuse %-3s  M tasks/s min %6.2f median %6.2f max %6.2f"
          "  (CPU time: median %6.2f, user time alone %6.2f)  (%u runs)  state %5.1f B/task"
          "  rss +%5.1f B/task"
          "  latency %.1f us\n",
          nt, vs_replay_mode_name (mode), reuse ? "on" : "off", rate[0], rate[runs / 2],
          rate[runs - 1], cpu_rate[runs / 2], user_rate[runs / 2], runs, (double) state / nt,
          (double) rss_growth / nt, latency / 1e6);
  fflush (stdout);
  builder_free (b);
}

/* bench_replay [MAX_TASKS [RUNS]]: sizes up to MAX_TASKS (default 10 M),
 * RUNS runs each instead of $VS_BENCH_RUNS (default 5; 1 under callgrind:
 * --toggle-collect=vs_replay_run counts the replays alone). */
int
main (int argc, char **argv)
{
  const guint sizes[] = { 10000, 100000, 1000000, 10000000 };
  guint64 max_tasks = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 10000000;
  guint64 fixed_runs = argc > 2 ? g_ascii_strtoull (argv[2], NULL, 10) : 0;
  vs_bench_print_machine ("bench_replay");
  printf ("replay throughput and memory (generated schedules; min / median / max over runs)\n");
  for (guint i = 0; i < G_N_ELEMENTS (sizes) && sizes[i] <= max_tasks; i++) {
    guint n = fixed_runs > 0 ? (guint) MIN (fixed_runs, 1000) : vs_bench_runs ();
    bench (sizes[i], VS_REPLAY_REALISTIC, TRUE, n);
    bench (sizes[i], VS_REPLAY_COMPILER, FALSE, n);
  }
  return 0;
}
