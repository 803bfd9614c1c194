/* SPDX-License-Identifier: Apache-2.0 */
/* bench_support.h — what every `make bench` program shares: the machine
 * line, where the VPUNN data is, and rates measured over several runs and
 * printed as min / median / max.
 *
 * Rates are items per second of wall time (g_get_monotonic_time) over one
 * run; a run repeats its work until it has taken at least VS_BENCH_MIN_SECONDS
 * so short workloads are timed reliably.  On a shared machine the spread
 * between min and max shows how much other processes took, and so does the
 * second figure printed: the median rate per second of the thread's own CPU
 * time, with the share of the wall time the thread was on a CPU.
 * $VS_BENCH_RUNS (1..100, default 5) sets the number of runs.
 */
#ifndef VS_BENCH_SUPPORT_H
#define VS_BENCH_SUPPORT_H

#include <glib.h>

G_BEGIN_DECLS

#define VS_BENCH_MIN_SECONDS 0.2

/* One repetition of the work: returns how many items (queries, rows, tasks)
 * it did, and may add to *checksum so the compiler cannot drop the work. */
typedef guint64 (*VsBenchWork) (gpointer data, guint64 *checksum);

/* Print "cpu: MODEL, N CPUs, load average A B C" (from /proc/cpuinfo and
 * /proc/loadavg; "unknown" where they are missing). */
void vs_bench_print_machine (const char *program);

/* Path of a file inside the VPUNN data folder (see test_support.h), or NULL
 * after printing "PROGRAM: skipped, RELATIVE not found (...)". */
char *vs_bench_vpunn_file (const char *program, const char *relative);

/* Runs of `work` (each repeated for at least VS_BENCH_MIN_SECONDS), then one
 * line: LABEL, min / median / max rate in `unit`/s, and the checksum of the
 * first repetition of the last run (equal between runs when the work is
 * deterministic).  Returns the
 * median rate. */
double vs_bench_rates (const char *label, const char *unit, VsBenchWork work, gpointer data);

/* The number of runs per figure ($VS_BENCH_RUNS or 5). */
guint vs_bench_runs (void);

/* The median of n values (sorted in place). */
double vs_bench_median (double *values, guint n);

G_END_DECLS

#endif /* VS_BENCH_SUPPORT_H */
