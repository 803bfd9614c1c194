/* SPDX-License-Identifier: Apache-2.0 */
/* test_cmd_cost.c — `vpusim cost dpu` end to end: golden files in, the same
 * rows out with vpusim_cycles, the agreement line last; bad input names file
 * and line, exits 1 and writes nothing. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sim/base/csv_table.h"
#include "sim/cost/cost_csv.h"
#include "tests/test_support.h"

static char *
last_line (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  g_strchomp (copy);
  const char *nl = strrchr (copy, '\n');
  return g_strdup (nl != NULL ? nl + 1 : copy);
}

static void
check_golden (const char *golden, const char *expected_summary)
{
  g_autofree char *rel = g_build_filename ("golden", golden, NULL);
  g_autofree char *in = vs_test_vpunn_file (rel);
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (in == NULL || models == NULL)
    return;
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), golden, NULL);
  const char *args[] = { "cost", "dpu", "--models", models, in, "-o", out, NULL };
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  int status = vs_test_run_vpusim (args, &stdout_text, &stderr_text);
  if (status != 0)
    g_test_message ("stderr: %s", stderr_text);
  g_assert_cmpint (status, ==, 0);
  g_autofree char *summary = last_line (stdout_text);
  g_assert_cmpstr (summary, ==, expected_summary);

  /* the output holds the input rows plus vpusim_cycles, which equals the reference */
  g_autoptr (GError) error = NULL;
  g_autoptr (VsCsvTable) t_in = vs_csv_table_read (in, &error);
  g_assert_no_error (error);
  g_autoptr (VsCsvTable) t_out = vs_csv_table_read (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_csv_table_n_rows (t_out), ==, vs_csv_table_n_rows (t_in));
  g_assert_cmpuint (vs_csv_table_n_columns (t_out), ==, vs_csv_table_n_columns (t_in) + 1);
  gint ours = vs_csv_table_column (t_out, "vpusim_cycles");
  gint ref = vs_csv_table_column (t_out, "reference_cycles");
  g_assert_cmpint (ours, ==, (gint) vs_csv_table_n_columns (t_in));
  g_assert_cmpint (ref, >=, 0);
  for (guint r = 0; r < vs_csv_table_n_rows (t_out); r++) {
    for (guint c = 0; c < vs_csv_table_n_columns (t_in); c++)
      g_assert_cmpstr (vs_csv_table_cell (t_out, r, c), ==, vs_csv_table_cell (t_in, r, c));
    g_assert_cmpstr (vs_csv_table_cell (t_out, r, (guint) ours), ==,
                     vs_csv_table_cell (t_out, r, (guint) ref));
  }
}

static void
test_golden_2_7 (void)
{
  check_golden ("dpu_vpu_2_7.csv", "300/300 rows agree with reference_cycles");
}

static void
test_golden_invalid (void)
{
  check_golden ("dpu_invalid.csv", "60/60 rows agree with reference_cycles");
}

/* A copy of a golden file with one cell of one data row replaced. */
static char *
corrupted_copy (const char *golden, guint data_row, const char *column, const char *value,
                const char *name)
{
  g_autofree char *rel = g_build_filename ("golden", golden, NULL);
  g_autofree char *in = vs_test_vpunn_file (rel);
  if (in == NULL)
    return NULL;
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (in, &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_auto (GStrv) header = g_strsplit (lines[0], ",", -1);
  guint col = 0;
  while (header[col] != NULL && strcmp (header[col], column) != 0)
    col++;
  g_assert_nonnull (header[col]);
  g_auto (GStrv) cells = g_strsplit (lines[1 + data_row], ",", -1);
  g_free (cells[col]);
  cells[col] = g_strdup (value);
  g_free (lines[1 + data_row]);
  lines[1 + data_row] = g_strjoinv (",", cells);
  g_autofree char *joined = g_strjoinv ("\n", lines);
  char *path = g_build_filename (vs_test_tmpdir (), name, NULL);
  g_assert_true (g_file_set_contents (path, joined, -1, NULL));
  return path;
}

static void
test_malformed_row (void)
{
  g_autofree char *bad = corrupted_copy ("dpu_vpu_2_7.csv", 5, "kernel_w", "three", "bad.csv");
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (bad == NULL || models == NULL)
    return;
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "bad-out.csv", NULL);
  const char *args[] = { "cost", "dpu", "--models", models, bad, "-o", out, NULL };
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &stdout_text, &stderr_text), ==, 1);
  /* data row 5 is on line 7 (after the header) */
  g_autofree char *where = g_strdup_printf ("%s:7", bad);
  g_assert_nonnull (strstr (stderr_text, where));
  g_assert_nonnull (strstr (stderr_text, "kernel_w"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  /* an unknown enum name is reported the same way */
  g_autofree char *bad2 = corrupted_copy ("dpu_vpu_2_7.csv", 0, "operation", "CONVOLUTON", "bad2.csv");
  const char *args2[] = { "cost", "dpu", "--models", models, bad2, "-o", out, NULL };
  g_autofree char *o2 = NULL, *e2 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args2, &o2, &e2), ==, 1);
  g_autofree char *where2 = g_strdup_printf ("%s:2", bad2);
  g_assert_nonnull (strstr (e2, where2));
  g_assert_nonnull (strstr (e2, "operation"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_missing_model (void)
{
  g_autofree char *bad = corrupted_copy ("dpu_vpu_2_7.csv", 3, "model", "vpu_9_9.vpunn", "nomodel.csv");
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (bad == NULL || models == NULL)
    return;
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "nomodel-out.csv", NULL);
  const char *args[] = { "cost", "dpu", "--models", models, bad, "-o", out, NULL };
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &stdout_text, &stderr_text), ==, 1);
  g_assert_nonnull (strstr (stderr_text, "vpu_9_9.vpunn"));
  g_autofree char *where = g_strdup_printf ("%s:5", bad);
  g_assert_nonnull (strstr (stderr_text, where));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_stdout_and_usage (void)
{
  g_autofree char *in = vs_test_vpunn_file ("golden/dpu_vpu_2_0_descriptors.csv");
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (in == NULL || models == NULL)
    return;
  /* without -o the rows go to stdout, the summary after them */
  const char *args[] = { "cost", "dpu", "--models", models, in, NULL };
  g_autofree char *o = NULL, *e = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &o, &e), ==, 0);
  g_assert_true (g_str_has_prefix (o, "model,device,operation,"));
  g_autofree char *summary = last_line (o);
  g_assert_cmpstr (summary, ==, "12/12 rows agree with reference_cycles");

  const char *none[] = { "cost", NULL };
  g_autofree char *o2 = NULL, *e2 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (none, &o2, &e2), ==, 2);
  const char *kind[] = { "cost", "npu", in, NULL };
  g_autofree char *o3 = NULL, *e3 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (kind, &o3, &e3), ==, 2);
  g_assert_nonnull (strstr (e3, "npu"));
  g_autofree char *absent = g_build_filename (vs_test_tmpdir (), "absent.csv", NULL);
  const char *missing[] = { "cost", "dpu", absent, NULL };
  g_autofree char *o4 = NULL, *e4 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (missing, &o4, &e4), ==, 1);
  g_assert_nonnull (strstr (e4, "absent.csv"));
}

/* `count` data rows cycling through the golden rows of NPU 2.7 and 4.0 (two
 * models), data row `bad_row` (if < count) with kernel_w "x". */
static char *
long_file (guint count, guint bad_row, const char *name)
{
  g_autofree char *a = vs_test_vpunn_file ("golden/dpu_vpu_2_7.csv");
  g_autofree char *b = vs_test_vpunn_file ("golden/dpu_vpu_4_0.csv");
  if (a == NULL || b == NULL)
    return NULL;
  g_autofree char *ta = NULL, *tb = NULL;
  g_assert_true (g_file_get_contents (a, &ta, NULL, NULL));
  g_assert_true (g_file_get_contents (b, &tb, NULL, NULL));
  g_auto (GStrv) la = g_strsplit (g_strchomp (ta), "\n", -1);
  g_auto (GStrv) lb = g_strsplit (g_strchomp (tb), "\n", -1);
  guint na = g_strv_length (la) - 1, nb = g_strv_length (lb) - 1;
  g_autoptr (GString) s = g_string_new (la[0]);
  g_string_append_c (s, '\n');
  for (guint r = 0; r < count; r++) {
    const char *line = r % 2 ? lb[1 + (r / 2) % nb] : la[1 + (r / 2) % na];
    if (r == bad_row) {
      /* kernel_w is the 17th column */
      g_auto (GStrv) cells = g_strsplit (line, ",", -1);
      g_free (cells[16]);
      cells[16] = g_strdup ("x");
      g_autofree char *joined = g_strjoinv (",", cells);
      g_string_append (s, joined);
    } else {
      g_string_append (s, line);
    }
    g_string_append_c (s, '\n');
  }
  char *path = g_build_filename (vs_test_tmpdir (), name, NULL);
  g_assert_true (g_file_set_contents (path, s->str, (gssize) s->len, NULL));
  return path;
}

/* A file of several chunks streams to the bytes the whole-table costing
 * gives, to a file and to standard output; an error in the last chunk
 * leaves no output file and prints no row. */
static void
test_streamed (void)
{
  const guint n = 2 * VS_COST_CSV_CHUNK_ROWS + 1000;
  g_autofree char *in = long_file (n, G_MAXUINT, "long.csv");
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (in == NULL || models == NULL)
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (VsCsvTable) t = vs_csv_table_read (in, &error);
  g_assert_no_error (error);
  g_autoptr (GString) want = g_string_new (NULL);
  guint agree = 0, compared = 0;
  g_assert_true (vs_cost_csv_dpu (models, t, want, &agree, &compared, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (compared, ==, n);

  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "long-out.csv", NULL);
  const char *args[] = { "cost", "dpu", "--models", models, in, "-o", out, NULL };
  g_autofree char *o1 = NULL, *e1 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &o1, &e1), ==, 0);
  g_autofree char *summary = g_strdup_printf ("%u/%u rows agree with reference_cycles\n", agree,
                                              compared);
  g_assert_cmpstr (o1, ==, summary);
  g_autofree char *got = NULL;
  gsize got_len = 0;
  g_assert_true (g_file_get_contents (out, &got, &got_len, NULL));
  g_assert_cmpuint (got_len, ==, want->len);
  g_assert_true (memcmp (got, want->str, want->len) == 0);

  const char *to_stdout[] = { "cost", "dpu", "--models", models, in, NULL };
  g_autofree char *o2 = NULL, *e2 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (to_stdout, &o2, &e2), ==, 0);
  g_assert_true (g_str_has_prefix (o2, want->str));
  g_assert_cmpstr (o2 + want->len, ==, summary);

  g_autofree char *bad = long_file (n, n - 10, "long-bad.csv");
  g_autofree char *bad_out = g_build_filename (vs_test_tmpdir (), "long-bad-out.csv", NULL);
  const char *bad_args[] = { "cost", "dpu", "--models", models, bad, "-o", bad_out, NULL };
  g_autofree char *o3 = NULL, *e3 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (bad_args, &o3, &e3), ==, 1);
  g_autofree char *where = g_strdup_printf ("%s:%u: column 'kernel_w'", bad, n - 10 + 2);
  g_assert_nonnull (strstr (e3, where));
  g_assert_false (g_file_test (bad_out, G_FILE_TEST_EXISTS));
  g_autoptr (GDir) dir = g_dir_open (vs_test_tmpdir (), 0, NULL);
  for (const char *f; (f = g_dir_read_name (dir)) != NULL;)
    g_assert_false (g_str_has_prefix (f, ".long-bad-out") || strstr (f, "long-bad-out") != NULL);
  const char *bad_stdout[] = { "cost", "dpu", "--models", models, bad, NULL };
  g_autofree char *o4 = NULL, *e4 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (bad_stdout, &o4, &e4), ==, 1);
  g_assert_cmpstr (o4, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cmd-cost/dpu/golden-2-7", test_golden_2_7);
  g_test_add_func ("/cmd-cost/dpu/golden-invalid", test_golden_invalid);
  g_test_add_func ("/cmd-cost/dpu/malformed-row", test_malformed_row);
  g_test_add_func ("/cmd-cost/dpu/missing-model", test_missing_model);
  g_test_add_func ("/cmd-cost/stdout-and-usage", test_stdout_and_usage);
  g_test_add_func ("/cmd-cost/dpu/streamed", test_streamed);
  return g_test_run ();
}
