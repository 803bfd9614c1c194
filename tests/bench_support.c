/* SPDX-License-Identifier: Apache-2.0 */
/* bench_support.c — the machine line, the VPUNN data lookup and min / median /
 * max rates for the benchmark programs. */
#include "tests/bench_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/test_support.h"

/* The value after "key<spaces>: " on the first line of `text` that starts
 * with key, or NULL. */
static char *
proc_field (const char *text, const char *key)
{
  for (const char *line = text; line != NULL && *line != '\0';) {
    const char *end = strchr (line, '\n');
    gsize len = end != NULL ? (gsize) (end - line) : strlen (line);
    if (g_str_has_prefix (line, key)) {
      const char *colon = memchr (line, ':', len);
      if (colon != NULL)
        return g_strstrip (g_strndup (colon + 1, len - (gsize) (colon + 1 - line)));
    }
    line = end != NULL ? end + 1 : NULL;
  }
  return NULL;
}

void
vs_bench_print_machine (const char *program)
{
  g_autofree char *cpuinfo = NULL, *loadavg = NULL;
  g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL);
  g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
  g_autofree char *model = cpuinfo != NULL ? proc_field (cpuinfo, "model name") : NULL;
  g_autofree char *family = cpuinfo != NULL ? proc_field (cpuinfo, "cpu family") : NULL;
  g_autofree char *number = cpuinfo != NULL ? proc_field (cpuinfo, "model\t") : NULL;
  g_auto (GStrv) load = loadavg != NULL ? g_strsplit (loadavg, " ", 4) : NULL;
  printf ("%s: cpu: %s (family %s model %s), %u CPUs, load average %s %s %s\n"
          "  (per second of wall time: min / median / max of %u runs; then the median per\n"
          "  second of the thread's CPU time, and the share of the wall time it got)\n",
          program, model != NULL ? model : "unknown", family != NULL ? family : "?",
          number != NULL ? number : "?", g_get_num_processors (),
          load != NULL && g_strv_length (load) >= 3 ? load[0] : "?",
          load != NULL && g_strv_length (load) >= 3 ? load[1] : "?",
          load != NULL && g_strv_length (load) >= 3 ? load[2] : "?", vs_bench_runs ());
}

char *
vs_bench_vpunn_file (const char *program, const char *relative)
{
  g_autofree char *dir = vs_test_vpunn_data_dir ();
  char *path = g_build_filename (dir, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
    printf ("%s: skipped, %s not found (set VPUSIM_VPUNN_DIR or put ../shared beside the source "
            "tree)\n", program, path);
    g_free (path);
    return NULL;
  }
  return path;
}

guint
vs_bench_runs (void)
{
  const char *env = g_getenv ("VS_BENCH_RUNS");
  if (env == NULL || *env == '\0')
    return 5;
  guint64 n = 0;
  if (!g_ascii_string_to_unsigned (env, 10, 1, 100, &n, NULL)) {
    fprintf (stderr, "VS_BENCH_RUNS=%s: expected a number of runs from 1 to 100\n", env);
    exit (2);
  }
  return (guint) n;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
vs_bench_median (double *values, guint n)
{
  g_return_val_if_fail (n > 0, 0);
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static const char *
scaled (double rate, char buf[32])
{
  if (rate >= 1e7)
    g_snprintf (buf, 32, "%.2f M", rate / 1e6);
  else if (rate >= 1e4)
    g_snprintf (buf, 32, "%.1f k", rate / 1e3);
  else
    g_snprintf (buf, 32, "%.1f", rate);
  return buf;
}

/* CPU time of the calling thread, in seconds. */
static double
thread_cpu_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

double
vs_bench_rates (const char *label, const char *unit, VsBenchWork work, gpointer data)
{
  const guint runs = vs_bench_runs ();
  double rates[100], cpu_rates[100];
  guint64 checksum = 0;
  for (guint r = 0; r < runs; r++) {
    guint64 items = 0, sink = 0;
    checksum = 0;
    gint64 t0 = g_get_monotonic_time (), t1;
    double c0 = thread_cpu_seconds ();
    do {
      items += work (data, items == 0 ? &checksum : &sink);
      t1 = g_get_monotonic_time ();
    } while ((double) (t1 - t0) < VS_BENCH_MIN_SECONDS * 1e6);
    rates[r] = (double) items * 1e6 / (double) (t1 - t0);
    cpu_rates[r] = (double) items / MAX (thread_cpu_seconds () - c0, 1e-9);
  }
  double median = vs_bench_median (rates, runs);
  double cpu_median = vs_bench_median (cpu_rates, runs);
  char a[32], b[32], c[32], d[32];
  printf ("  %-46s %9s %9s %9s %s/s | %9s/s of CPU (%3.0f%%)  [%" G_GUINT64_FORMAT "]\n", label,
          scaled (rates[0], a), scaled (median, b), scaled (rates[runs - 1], c), unit,
          scaled (cpu_median, d), 100.0 * median / cpu_median, checksum);
  fflush (stdout);
  return median;
}
