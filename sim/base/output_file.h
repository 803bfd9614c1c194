/* SPDX-License-Identifier: Apache-2.0 */
/* output_file.h — writing output files safely, and small formatting helpers
 * the output writers share.
 *
 * Every output (report, CSV, trace, plot) is written to a temporary file in
 * the target's own folder and renamed over the target, so a failure or a
 * crash never leaves a partial file behind, and readers see old or new whole.
 */
#ifndef VS_OUTPUT_FILE_H
#define VS_OUTPUT_FILE_H

#include <glib.h>

G_BEGIN_DECLS

/* Write `data` to `path` atomically (temp file + rename).  Errors are
 * G_FILE_ERROR and name the path. */
gboolean vs_output_file_write (const char *path, const GString *data, GError **error);

/* For writers that produce a file with another program (gnuplot): create an
 * empty temporary file beside `path` and return its name (free with g_free),
 * keeping `suffix` (e.g. ".png") so the program sees the right extension. */
char *vs_output_file_temp_beside (const char *path, const char *suffix, GError **error);

/* Move a finished temporary file (from vs_output_file_temp_beside) onto
 * `path`; on failure the temporary file is removed. */
gboolean vs_output_file_commit (const char *temp_path, const char *path, GError **error);

/* Append `value` (an integer in units of 10^-scale, e.g. picoseconds with
 * scale 6 for microseconds) as a fixed-point decimal with `decimals` digits,
 * rounded half away from zero: (1234567 ps, 6, 3) -> "1.235".  Pure integer
 * arithmetic, so the text never depends on the C library's float printing. */
void vs_output_append_fixed (GString *out, gint64 value, int scale, int decimals);

/* Append a double with `decimals` fixed digits ("%.*f" in the C locale). */
void vs_output_append_double (GString *out, double value, int decimals);

/* Append `s` as a JSON string literal, quotes included (NULL -> null). */
void vs_output_append_json_string (GString *out, const char *s);

G_END_DECLS

#endif /* VS_OUTPUT_FILE_H */
