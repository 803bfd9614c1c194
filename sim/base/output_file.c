/* SPDX-License-Identifier: Apache-2.0 */
/* output_file.c — atomic output files (temp file in the same folder, then
 * rename) and the fixed-point and JSON string formatting shared by the report,
 * timeline, trace and plot writers. */
#include "sim/base/output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
set_errno_error (GError **error, int saved, const char *what, const char *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s '%s': %s", what, path,
               g_strerror (saved));
}

char *
vs_output_file_temp_beside (const char *path, const char *suffix, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  /* A dot file in the same folder: rename() then cannot cross file systems. */
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX%s", base, suffix ? suffix : "");
  char *temp = g_build_filename (dir, name, NULL);
  int fd = g_mkstemp_full (temp, O_RDWR, 0644);
  if (fd < 0) {
    int saved = errno;
    set_errno_error (error, saved, "cannot create a temporary file for", path);
    g_free (temp);
    return NULL;
  }
  close (fd);
  return temp;
}

gboolean
vs_output_file_commit (const char *temp_path, const char *path, GError **error)
{
  if (g_rename (temp_path, path) != 0) {
    int saved = errno;
    set_errno_error (error, saved, "cannot write", path);
    g_unlink (temp_path);
    return FALSE;
  }
  return TRUE;
}

gboolean
vs_output_file_write (const char *path, const GString *data, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *temp = g_build_filename (dir, name, NULL);
  int fd = g_mkstemp_full (temp, O_WRONLY, 0644);
  if (fd < 0) {
    int saved = errno;
    set_errno_error (error, saved, "cannot create a temporary file for", path);
    return FALSE;
  }
  const char *p = data->str;
  gsize left = data->len;
  while (left > 0) {
    ssize_t n = write (fd, p, left);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      int saved = errno;
      close (fd);
      g_unlink (temp);
      set_errno_error (error, saved, "cannot write", path);
      return FALSE;
    }
    p += n;
    left -= (gsize) n;
  }
  if (close (fd) != 0) {
    int saved = errno;
    g_unlink (temp);
    set_errno_error (error, saved, "cannot write", path);
    return FALSE;
  }
  return vs_output_file_commit (temp, path, error);
}

void
vs_output_append_fixed (GString *out, gint64 value, int scale, int decimals)
{
  g_return_if_fail (decimals >= 0 && decimals <= scale && scale <= 18);
  guint64 divisor = 1, unit = 1;
  for (int i = 0; i < scale - decimals; i++)
    divisor *= 10;
  for (int i = 0; i < decimals; i++)
    unit *= 10;
  gboolean negative = value < 0;
  /* Work on the magnitude as unsigned so G_MININT64 does not overflow. */
  guint64 mag = negative ? (guint64) 0 - (guint64) value : (guint64) value;
  guint64 q = mag / divisor + (mag % divisor >= (divisor + 1) / 2 && divisor > 1 ? 1 : 0);
  if (negative && q != 0)
    g_string_append_c (out, '-');
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, q / unit);
  if (decimals > 0)
    g_string_append_printf (out, ".%0*" G_GUINT64_FORMAT, decimals, q % unit);
}

void
vs_output_append_double (GString *out, double value, int decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 32];
  char format[16];
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);
  /* "-0.000" reads as a bug in a report; print zero without a sign. */
  if (buf[0] == '-' && strspn (buf + 1, "0.") == strlen (buf + 1))
    g_string_append (out, buf + 1);
  else
    g_string_append (out, buf);
}

void
vs_output_append_json_string (GString *out, const char *s)
{
  if (s == NULL) {
    g_string_append (out, "null");
    return;
  }
  /* Names come from user files; never let a stray byte make the JSON invalid. */
  g_autofree char *valid = NULL;
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
    switch (*p) {
    case '"': g_string_append (out, "\\\""); break;
    case '\\': g_string_append (out, "\\\\"); break;
    case '\n': g_string_append (out, "\\n"); break;
    case '\r': g_string_append (out, "\\r"); break;
    case '\t': g_string_append (out, "\\t"); break;
    default:
      if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  }
  g_string_append_c (out, '"');
}
