/* SPDX-License-Identifier: Apache-2.0 */
/* bench_cost_csv.c — `vpusim cost dpu` on 100 000 rows made at run time from
 * the NPU 2.7 and 4.0 golden rows: all distinct (each template widened by a
 * different amount, so every row is a new workload) and repeated (the 600
 * templates over and over, answered from the cache).  For each: rows per
 * second of the streaming costing (vs_cost_csv_stream, as the command runs
 * it) and of a plain loop over the rows of the whole table (parse a row,
 * one cached query, write the row), then one run of the vpusim binary with
 * its peak resident memory. */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "models/vpunn/vpunn_dpu.h"
#include "models/vpunn/vpunn_paths.h"
#include "sim/base/csv_table.h"
#include "sim/cost/cost_csv.h"
#include "tests/bench_support.h"
#include "tests/test_support.h"

#define N_ROWS 100000

/* The golden rows as templates; distinct rows add d to out_w (in_w grows by
 * d * stride_w) and e to out_h, for the row's round (d, e). */
static gboolean
write_rows (const char *path, gboolean distinct, const VsCsvTable *const *golden, guint n_golden)
{
  FILE *f = fopen (path, "w");
  if (f == NULL)
    return FALSE;
  const VsCsvTable *t0 = golden[0];
  const guint n_cols = vs_csv_table_n_columns (t0);
  for (guint c = 0; c < n_cols; c++)
    fprintf (f, "%s%s", c > 0 ? "," : "", vs_csv_table_column_name (t0, c));
  fputc ('\n', f);
  guint n_templates = 0;
  for (guint g = 0; g < n_golden; g++)
    n_templates += vs_csv_table_n_rows (golden[g]);
  for (guint r = 0; r < N_ROWS; r++) {
    guint k = r % n_templates, g = 0;
    while (k >= vs_csv_table_n_rows (golden[g]))
      k -= vs_csv_table_n_rows (golden[g++]);
    const VsCsvTable *t = golden[g];
    const guint round = r / n_templates, dw = distinct ? round % 40 : 0,
                dh = distinct ? round / 40 : 0;
    for (guint c = 0; c < n_cols; c++) {
      const char *name = vs_csv_table_column_name (t, c), *cell = vs_csv_table_cell (t, k, c);
      gint64 stride = 1;
      if (strcmp (name, "in_w") == 0 || strcmp (name, "in_h") == 0) {
        const char *stride_col = name[3] == 'w' ? "stride_w" : "stride_h";
        stride = g_ascii_strtoll (vs_csv_table_cell (t, k, (guint) vs_csv_table_column (t, stride_col)),
                                  NULL, 10);
      }
      if (strcmp (name, "out_w") == 0 || strcmp (name, "in_w") == 0)
        fprintf (f, "%s%" G_GINT64_FORMAT, c > 0 ? "," : "", g_ascii_strtoll (cell, NULL, 10) + dw * stride);
      else if (strcmp (name, "out_h") == 0 || strcmp (name, "in_h") == 0)
        fprintf (f, "%s%" G_GINT64_FORMAT, c > 0 ? "," : "", g_ascii_strtoll (cell, NULL, 10) + dh * stride);
      else
        fprintf (f, "%s%s", c > 0 ? "," : "", cell);
    }
    fputc ('\n', f);
  }
  return fclose (f) == 0;
}

typedef struct {
  const char *path, *models;
  FILE *sink;
} Job;

static guint64
streamed (gpointer data, guint64 *checksum)
{
  Job *job = data;
  g_autoptr (GError) error = NULL;
  VsCostCsvSummary sum;
  rewind (job->sink);
  if (!vs_cost_csv_stream (VS_COST_CSV_DPU, job->models, job->path, job->sink, &sum, &error))
    g_error ("%s", error->message);
  *checksum += sum.agree;
  return sum.rows;
}

/* The loop a user of the library would write first: the whole table, then
 * per row parse, one query (cached), one output line. */
static guint64
plain_loop (gpointer data, guint64 *checksum)
{
  Job *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (VsCsvTable) t = vs_csv_table_read (job->path, &error);
  g_autofree char *model = vs_vpunn_find_file (job->models, "vpu_2_7.vpunn", NULL);
  g_autofree char *model40 = vs_vpunn_find_file (job->models, "vpu_4_0.vpunn", NULL);
  g_autoptr (VsVpunnDpu) dpu = vs_vpunn_dpu_new (model, &error);
  g_autoptr (VsVpunnDpu) dpu40 = vs_vpunn_dpu_new (model40, &error);
  if (t == NULL || dpu == NULL || dpu40 == NULL)
    g_error ("%s", error->message);
  g_autoptr (GString) line = g_string_new (NULL);
  const guint n = vs_csv_table_n_rows (t), n_cols = vs_csv_table_n_columns (t);
  rewind (job->sink);
  for (guint r = 0; r < n; r++) {
    VsDpuWorkload w;
    if (!vs_cost_csv_dpu_row (t, r, &w, &error))
      g_error ("%s", error->message);
    VsCycles c = vs_vpunn_dpu_cost (w.device == VS_DEVICE_VPU_4_0 ? dpu40 : dpu, &w);
    g_string_truncate (line, 0);
    for (guint k = 0; k < n_cols; k++) {
      vs_csv_append_field (line, vs_csv_table_cell (t, r, k));
      g_string_append_c (line, ',');
    }
    g_string_append_printf (line, "%u\n", c);
    fwrite (line->str, 1, line->len, job->sink);
    *checksum += c;
  }
  return n;
}

/* One `vpusim cost dpu` of the file: wall seconds, CPU seconds, peak RSS. */
static void
run_binary (const char *label, const char *models, const char *in, const char *out)
{
  g_autofree char *vpusim = vs_test_vpusim_binary ();
  const char *argv[] = { vpusim, "cost", "dpu", "--models", models, in, "-o", out, NULL };
  g_autoptr (GError) error = NULL;
  GPid pid;
  gint64 t0 = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, &error)) {
    printf ("  %s: cannot run vpusim: %s\n", label, error->message);
    return;
  }
  int status;
  struct rusage ru;
  if (wait4 (pid, &status, 0, &ru) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0) {
    printf ("  %s: vpusim failed\n", label);
    return;
  }
  double wall = (double) (g_get_monotonic_time () - t0) / 1e6;
  double cpu = (double) ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double) ru.ru_stime.tv_sec
               + ru.ru_stime.tv_usec / 1e6;
  printf ("  %-46s %.2f s wall, %.2f s CPU, peak RSS %.1f MiB\n", label, wall, cpu,
          (double) ru.ru_maxrss / 1024.0);
}

int
main (void)
{
  vs_bench_print_machine ("bench_cost_csv");
  g_autofree char *a = vs_bench_vpunn_file ("bench_cost_csv", "golden/dpu_vpu_2_7.csv");
  g_autofree char *b = vs_bench_vpunn_file ("bench_cost_csv", "golden/dpu_vpu_4_0.csv");
  g_autofree char *models = vs_bench_vpunn_file ("bench_cost_csv", "models");
  if (a == NULL || b == NULL || models == NULL)
    return 0;
  g_autoptr (GError) error = NULL;
  g_autoptr (VsCsvTable) ta = vs_csv_table_read (a, &error);
  g_autoptr (VsCsvTable) tb = ta != NULL ? vs_csv_table_read (b, &error) : NULL;
  if (tb == NULL) {
    printf ("bench_cost_csv: %s\n", error->message);
    return 1;
  }
  const VsCsvTable *golden[] = { ta, tb };
  g_autofree char *dir = g_dir_make_tmp ("bench_cost_csv-XXXXXX", &error);
  if (dir == NULL) {
    printf ("bench_cost_csv: %s\n", error->message);
    return 1;
  }
  FILE *sink = fopen ("/dev/null", "w");
  static const char *const names[] = { "distinct", "repeated" };
  for (guint i = 0; i < 2; i++) {
    g_autofree char *name = g_strdup_printf ("%s.csv", names[i]);
    g_autofree char *in = g_build_filename (dir, name, NULL);
    g_autofree char *out = g_build_filename (dir, "out.csv", NULL);
    if (!write_rows (in, i == 0, golden, 2)) {
      printf ("bench_cost_csv: cannot write %s\n", in);
      return 1;
    }
    Job job = { in, models, sink };
    char label[96];
    g_snprintf (label, sizeof label, "100 k %s DPU rows, streamed", names[i]);
    vs_bench_rates (label, "rows", streamed, &job);
    g_snprintf (label, sizeof label, "100 k %s DPU rows, plain per-row loop", names[i]);
    vs_bench_rates (label, "rows", plain_loop, &job);
    g_snprintf (label, sizeof label, "vpusim cost dpu, 100 k %s rows", names[i]);
    run_binary (label, models, in, out);
    g_unlink (out);
    g_unlink (in);
  }
  fclose (sink);
  g_rmdir (dir);
  return 0;
}
