/* SPDX-License-Identifier: Apache-2.0 */
/* test_warning_log.c — one line per kind, first place kept, repeats counted. */
#include "config.h"

#include "sim/base/warning_log.h"

static void
add (VsWarningLog *log, const char *key, gint line, gint column, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  vs_warning_log_addv (log, key, "f.mlir", line, column, format, ap);
  va_end (ap);
}

static void
test_one_line_per_kind (void)
{
  g_autoptr (VsWarningLog) log = vs_warning_log_new ();
  add (log, "mpe", 3, 7, "mode %s unknown", "CUBOID_8x16");
  add (log, "ppe", 4, 0, "no PPE");
  add (log, "mpe", 9, 1, "mode %s unknown", "OTHER");   /* counted, not kept */
  add (log, "mpe", 12, 1, "mode %s unknown", "OTHER");
  add (log, "file", 0, 0, "no device attributes");
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  vs_warning_log_append_lines (log, lines);
  g_assert_cmpuint (lines->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "f.mlir:3:7: mode CUBOID_8x16 unknown (3 times)");
  g_assert_cmpstr (g_ptr_array_index (lines, 1), ==, "f.mlir:4: no PPE");
  g_assert_cmpstr (g_ptr_array_index (lines, 2), ==, "f.mlir: no device attributes");
  /* Appending again gives the same lines; a NULL array is allowed. */
  vs_warning_log_append_lines (log, lines);
  g_assert_cmpuint (lines->len, ==, 6);
  vs_warning_log_append_lines (log, NULL);
}

static void
test_empty (void)
{
  g_autoptr (VsWarningLog) log = vs_warning_log_new ();
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  vs_warning_log_append_lines (log, lines);
  g_assert_cmpuint (lines->len, ==, 0);
  vs_warning_log_free (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/warning-log/one-line-per-kind", test_one_line_per_kind);
  g_test_add_func ("/warning-log/empty", test_empty);
  return g_test_run ();
}
