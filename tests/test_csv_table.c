/* SPDX-License-Identifier: Apache-2.0 */
/* test_csv_table.c — the CSV reader: quoting, line numbers, typed cells, errors. */
#include "sim/base/csv_table.h"

#include <string.h>

#include "models/workload.h"
#include "tests/test_support.h"

static VsCsvTable *
parse (const char *text, GError **error)
{
  return vs_csv_table_parse (text, strlen (text), "t.csv", error);
}

static void
test_basic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsCsvTable) t = parse ("# comment\na,b,c\n1,\"x,y\",3\n\n4,\"say \"\"hi\"\"\",-6\r\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_csv_table_n_rows (t), ==, 2);
  g_assert_cmpuint (vs_csv_table_n_columns (t), ==, 3);
  g_assert_cmpstr (vs_csv_table_cell (t, 0, 1), ==, "x,y");
  g_assert_cmpstr (vs_csv_table_cell (t, 1, 1), ==, "say \"hi\"");
  g_assert_cmpuint (vs_csv_table_row_line (t, 0), ==, 3);
  g_assert_cmpuint (vs_csv_table_row_line (t, 1), ==, 5);
  g_assert_cmpint (vs_csv_table_column (t, "c"), ==, 2);
  g_assert_cmpint (vs_csv_table_column (t, "d"), ==, -1);
  gint64 v;
  g_assert_true (vs_csv_table_get_int (t, 1, 2, &v, &error));
  g_assert_cmpint (v, ==, -6);
}


static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsCsvTable) bad = parse ("a,b\n1,2\n3\n", &error);
  g_assert_null (bad);
  g_assert_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "t.csv:3: 1 fields, the header has 2");
  g_clear_error (&error);

  g_autoptr(VsCsvTable) unterminated = parse ("a\n\"abc\n", &error);
  g_assert_null (unterminated);
  g_assert_cmpstr (error->message, ==, "t.csv:2: unterminated quoted field");
  g_clear_error (&error);

  g_autoptr(VsCsvTable) empty = parse ("\n\n", &error);
  g_assert_null (empty);
  g_assert_cmpstr (error->message, ==, "t.csv: no header row");
  g_clear_error (&error);

  g_autoptr(VsCsvTable) t = parse ("n,x,dev\n12a,1.5e,VPU_9\n", &error);
  g_assert_no_error (error);
  gint64 i;
  double d;
  int e;
  g_assert_false (vs_csv_table_get_int (t, 0, 0, &i, &error));
  g_assert_cmpstr (error->message, ==, "t.csv:2: column 'n': expected an integer, got '12a'");
  g_clear_error (&error);
  g_assert_false (vs_csv_table_get_double (t, 0, 1, &d, &error));
  g_assert_cmpstr (error->message, ==, "t.csv:2: column 'x': expected a number, got '1.5e'");
  g_clear_error (&error);
  g_assert_false (vs_csv_table_lookup (t, 0, 2, vs_vpu_device_names, &e, &error));
  g_assert_cmpstr (error->message, ==, "t.csv:2: column 'dev': expected a known name, got 'VPU_9'");
  g_clear_error (&error);
  /* By column name: a known name, letter case ignored; an absent optional column, the default. */
  g_autoptr(VsCsvTable) ok = parse ("dev\nvpu_4_0\n", &error);
  g_assert_no_error (error);
  g_assert_true (vs_csv_table_named_lookup (ok, 0, "dev", TRUE, 0, vs_vpu_device_names, &e, &error));
  g_assert_cmpint (e, ==, VS_DEVICE_VPU_4_0);
  g_assert_true (vs_csv_table_named_lookup (ok, 0, "layout", FALSE, VS_LAYOUT_ZXY, vs_layout_names,
                                            &e, &error));
  g_assert_cmpint (e, ==, VS_LAYOUT_ZXY);
  g_assert_false (vs_csv_table_named_lookup (ok, 0, "layout", TRUE, 0, vs_layout_names, &e, &error));
  g_assert_cmpstr (error->message, ==, "t.csv: missing column 'layout'");
  g_clear_error (&error);
  guint col;
  g_assert_false (vs_csv_table_require (t, "model", &col, &error));
  g_assert_cmpstr (error->message, ==, "t.csv: missing column 'model'");
}

static void
test_quote_on_write (void)
{
  g_autoptr(GString) s = g_string_new (NULL);
  vs_csv_append_field (s, "plain");
  g_string_append_c (s, ',');
  vs_csv_append_field (s, "a,\"b\"");
  g_assert_cmpstr (s->str, ==, "plain,\"a,\"\"b\"\"\"");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("x,y\n%s\n", s->str);
  g_autoptr(VsCsvTable) t = parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_csv_table_cell (t, 0, 1), ==, "a,\"b\"");
}

/* ---- reading in chunks ---- */

/* A file of every shape the parser knows (BOM, comments, blank lines, CRLF,
 * quotes, doubled quotes, newlines in quotes, a last line without newline). */
static char *
tricky_text (guint n_rows)
{
  GString *s = g_string_new ("\xEF\xBB\xBF# made by test_csv_table\n\n a , b,c\r\n");
  GRand *rand = g_rand_new_with_seed (5);
  for (guint r = 0; r < n_rows; r++) {
    switch (g_rand_int_range (rand, 0, 8)) {
    case 0: g_string_append (s, "# a comment, with \"quotes\"\n"); break;
    case 1: g_string_append (s, "\r\n\n"); break;
    default: break;
    }
    g_string_append_printf (s, "%u,", r);
    switch (g_rand_int_range (rand, 0, 5)) {
    case 0: g_string_append (s, "\"x,\"\"y\"\"\""); break;
    case 1: g_string_append (s, "\"two\nlines\r\nhere\""); break;
    case 2: g_string_append (s, "\"\"\"\""); break;
    case 3: g_string_append (s, "\"q\"tail"); break;
    default: g_string_append_printf (s, "%d", g_rand_int (rand)); break;
    }
    g_string_append_printf (s, ",%s%s", r % 3 == 0 ? "" : "z", r + 1 < n_rows ? (r % 2 ? "\r\n" : "\n") : "");
  }
  g_rand_free (rand);
  return g_string_free (s, FALSE);
}

static char *
write_temp (const char *name, const char *text)
{
  char *path = g_build_filename (vs_test_tmpdir (), name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* Chunks give the rows, cells and lines of the whole-file parse, whatever
 * the window (records straddle small ones anywhere) and the chunk size. */
static void
test_reader_equals_parse (void)
{
  g_autofree char *text = tricky_text (500);
  g_autofree char *path = write_temp ("tricky.csv", text);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsCsvTable) whole = vs_csv_table_parse (text, strlen (text), path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_csv_table_n_rows (whole), ==, 500);
  g_assert_cmpstr (vs_csv_table_column_name (whole, 0), ==, "a");
  static const gsize windows[] = { 4, 5, 7, 16, 61, 1 << 20 };
  static const guint chunk_rows[] = { 1, 3, 1000 };
  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    for (guint c = 0; c < G_N_ELEMENTS (chunk_rows); c++) {
      g_autoptr(VsCsvReader) r = vs_csv_reader_open_window (path, windows[w], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (vs_csv_table_n_columns (vs_csv_reader_header (r)), ==, 3);
      guint row = 0;
      const VsCsvTable *chunk;
      while (vs_csv_reader_next (r, chunk_rows[c], &chunk, &error) && chunk != NULL) {
        g_assert_cmpuint (vs_csv_table_n_rows (chunk), <=, chunk_rows[c]);
        for (guint i = 0; i < vs_csv_table_n_rows (chunk); i++, row++) {
          g_assert_cmpuint (vs_csv_table_row_line (chunk, i), ==, vs_csv_table_row_line (whole, row));
          for (guint k = 0; k < 3; k++)
            g_assert_cmpstr (vs_csv_table_cell (chunk, i, k), ==, vs_csv_table_cell (whole, row, k));
        }
      }
      g_assert_no_error (error);
      g_assert_cmpuint (row, ==, 500);
    }
}

/* Errors in chunks are the whole-file parse's errors, with their lines. */
static void
test_reader_errors (void)
{
  static const char *const bad[] = {
    "a,b\n1,2\n3,4\n5\n6,7\n",          /* field count on line 4 */
    "a,b\n1,2\n\"3,4\n",                 /* unterminated quote */
    "a,b\n1,2\n3,\0\n",                   /* NUL byte (cut below: strlen) */
    "\n# only a comment\n",                /* no header */
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    gsize len = i == 2 ? 13 : strlen (bad[i]);
    g_autofree char *path = g_build_filename (vs_test_tmpdir (), "bad.csv", NULL);
    g_assert_true (g_file_set_contents (path, bad[i], (gssize) len, NULL));
    g_autoptr(GError) want = NULL, got = NULL;
    g_autoptr(VsCsvTable) whole = vs_csv_table_parse (bad[i], len, path, &want);
    g_assert_null (whole);
    g_autoptr(VsCsvReader) r = vs_csv_reader_open_window (path, 4, &got);
    const VsCsvTable *chunk = NULL;
    while (r != NULL && got == NULL && vs_csv_reader_next (r, 1, &chunk, &got) && chunk != NULL)
      ;
    g_assert_nonnull (got);
    g_assert_cmpstr (got->message, ==, want->message);
  }
  g_autoptr(GError) error = NULL;
  g_assert_null (vs_csv_reader_open ("/nonexistent.csv", &error));
  g_assert_error (error, VS_CSV_ERROR, VS_CSV_ERROR_IO);
  g_clear_error (&error);
  g_assert_null (vs_csv_reader_open ("/", &error));
  g_assert_error (error, VS_CSV_ERROR, VS_CSV_ERROR_IO);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv-table/basic", test_basic);
  g_test_add_func ("/csv-table/errors", test_errors);
  g_test_add_func ("/csv-table/quote-on-write", test_quote_on_write);
  g_test_add_func ("/csv-table/reader-equals-parse", test_reader_equals_parse);
  g_test_add_func ("/csv-table/reader-errors", test_reader_errors);
  return g_test_run ();
}
