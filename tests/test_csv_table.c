/* test_csv_table.c — the CSV reader: quoting, line numbers, typed cells, errors. */
#include "sim/base/csv_table.h"

#include <string.h>

#include "models/workload.h"

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
  g_assert_false (vs_csv_table_get_enum (t, 0, 2, (VsCsvEnumParser) vs_vpu_device_from_name, &e,
                                         &error));
  g_assert_cmpstr (error->message, ==, "t.csv:2: column 'dev': expected a known name, got 'VPU_9'");
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv-table/basic", test_basic);
  g_test_add_func ("/csv-table/errors", test_errors);
  g_test_add_func ("/csv-table/quote-on-write", test_quote_on_write);
  return g_test_run ();
}
