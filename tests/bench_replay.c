/* SPDX-License-Identifier: Apache-2.0 */
/* bench_replay.c — replay throughput and memory on generated schedules of
 * 10k, 100k, 1M and 10M tasks (2 DMA queues, 4 tiles each with a DPU queue and a
 * 2-server SHAVE queue, DPU variants, physical barrier reuse over 64 ids).
 * What is timed is vs_replay_run alone (checks, set-up, the event loop,
 * releasing the run's state): the schedule is generated before the clock
 * starts and the timeline is freed after it stops.
 * Prints tasks/s of the first run, on fresh memory (the block cache emptied
 * before it), then the min, median and max of the runs after it, which
 * reuse the first run's blocks as replays in a loop do (what-if, sweeps);
 * the replay state's bytes per task
 * (every array the run allocates, timeline included: they all live at once,
 * so this is the peak), plus the resident-set growth as a cross-check, and a
 * hash of the whole timeline (equal from run to run: the replay is
 * deterministic).
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

#include "sim/engine/block_cache.h"
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

/* An FNV-1a-like hash over every array of the timeline and its figures,
 * 8 bytes a step so that it costs little beside the replay (it is not timed). */
static guint64
hash_bytes (guint64 h, const void *data, gsize n)
{
  const guint8 *p = data;
  gsize i = 0;
  for (; i + 8 <= n; i += 8) {
    guint64 w;
    memcpy (&w, p + i, 8);
    h = (h ^ w) * 1099511628211ull;
  }
  for (; i < n; i++)
    h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static guint64
timeline_hash (const VsTimeline *tl)
{
  guint64 h = 14695981039346656037ull;
  h = hash_bytes (h, tl->task_start, tl->n_tasks * sizeof (gint64));
  h = hash_bytes (h, tl->task_end, tl->n_tasks * sizeof (gint64));
  h = hash_bytes (h, tl->task_server, tl->n_tasks * sizeof (gint32));
  h = hash_bytes (h, tl->variant_start, tl->n_variants * sizeof (gint64));
  h = hash_bytes (h, tl->variant_end, tl->n_variants * sizeof (gint64));
  h = hash_bytes (h, tl->variant_dpu, tl->n_variants * sizeof (gint32));
  h = hash_bytes (h, tl->barriers, tl->n_barriers * sizeof (VsBarrierTimes));
  h = hash_bytes (h, tl->queue_busy_ps, tl->n_queues * sizeof (gint64));
  h = hash_bytes (h, tl->queue_first_task, tl->n_queues * sizeof (gint32));
  h = hash_bytes (h, tl->engines, sizeof tl->engines);
  return hash_bytes (h, &tl->latency_ps, sizeof tl->latency_ps);
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
  guint64 hash = 0;
  gboolean same_hash = TRUE;
  vs_block_cache_trim ();  /* the first run on fresh memory */
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
    guint64 h = timeline_hash (tl);
    same_hash &= r == 0 || h == hash;
    hash = h;
    vs_timeline_free (tl);
  }
  /* The first run alone, then the others (all of them when there is one). */
  double first = rate[0], first_cpu = cpu_rate[0];
  guint from = runs > 1 ? 1 : 0, n = runs - from;
  double median = vs_bench_median (rate + from, n);  /* sorts: min and max at the ends */
  double cpu_median = vs_bench_median (cpu_rate + from, n);
  double user_median = vs_bench_median (user_rate + from, n);
  printf ("  %8u tasks  %-9s reuse %-3s  M tasks/s first run %6.2f (CPU time %6.2f);"
          " then min %6.2f median %6.2f max %6.2f"
          "  (CPU time: median %6.2f, user time alone %6.2f)  (%u runs)  state %5.1f B/task"
          "  rss +%5.1f B/task  latency %.1f us  timeline %016" G_GINT64_MODIFIER "x%s\n",
          nt, vs_replay_mode_name (mode), reuse ? "on" : "off", first, first_cpu, rate[from],
          median, rate[runs - 1], cpu_median, user_median,
          runs, (double) state / nt, (double) rss_growth / nt, latency / 1e6, hash,
          same_hash ? "" : " (DIFFERS BETWEEN RUNS)");
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
  printf ("replay throughput and memory (generated schedules; vs_replay_run alone; the first run on\n"
          "  fresh memory, then min / median / max over the runs after it)\n");
  for (guint i = 0; i < G_N_ELEMENTS (sizes) && sizes[i] <= max_tasks; i++) {
    guint n = fixed_runs > 0 ? (guint) MIN (fixed_runs, 1000) : vs_bench_runs ();
    bench (sizes[i], VS_REPLAY_REALISTIC, TRUE, n);
    bench (sizes[i], VS_REPLAY_COMPILER, FALSE, n);
  }
  return 0;
}
