/* SPDX-License-Identifier: Apache-2.0 */
/* profile_import.c — profiling reports to measured tasks: which reader, and
 * the helpers they share (names, layers, errors, warnings).  The readers are
 * profile_json.c and profile_text.c; the join with a schedule is
 * profile_join.c. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hw/input_file.h"
#include "sim/import/profile_internal.h"

G_DEFINE_QUARK (vs-profile-error-quark, vs_profile_error)

static const char *const flavour_names[VS_PROFILE_FLAVOUR_COUNT] = {
  "2022-23", "2024", "2025-26", "text", "raw-counter",
};

const char *
vs_profile_flavour_name (VsProfileFlavour f)
{
  return (guint) f < VS_PROFILE_FLAVOUR_COUNT ? flavour_names[f] : NULL;
}

double
vs_profile_other_clock (const VsProfile *p, double device_mhz)
{
  gboolean recorded = p->freq_mhz > 0 && (p->flavour == VS_PROFILE_FLAVOUR_DEBUG ||
                                          g_strcmp0 (p->workpoint_status, "OK") == 0);
  if (!recorded || device_mhz <= 0 || fabs (p->freq_mhz / device_mhz - 1.0) <= 0.15)
    return 0;
  return p->freq_mhz;
}

void
vs_profile_warn (Reader *r, gint line, const char *key, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  vs_warning_log_addv (r->warnings, key, r->origin, line, 0, format, ap);
  va_end (ap);
}

void
vs_profile_fail (GError **error, VsProfileError code, const char *origin, gint line,
                 const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (line > 0)
    g_set_error (error, VS_PROFILE_ERROR, code, "%s:%d: %s", origin, line, msg);
  else
    g_set_error (error, VS_PROFILE_ERROR, code, "%s: %s", origin, msg);
}

/* ---------------------------------------------------------------------- */
/* Names.                                                                  */

/* The value N of a "<prefix>N" token after the last '?' of a name, or -1. */
gint32
vs_profile_name_token (const char *name, const char *prefix)
{
  const char *q = strrchr (name, '?');
  const char *p = q != NULL ? q + 1 : name;
  gsize n = strlen (prefix);
  gint32 found = -1;
  while (*p != '\0') {
    const char *end = strchr (p, '/');
    gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
    if (len > n && strncmp (p, prefix, n) == 0) {
      gboolean digits = TRUE;
      for (gsize k = n; k < len; k++)
        digits &= g_ascii_isdigit (p[k]) != 0;
      if (digits && len - n < 9)
        found = (gint32) atoi (p + n);
    }
    if (end == NULL)
      break;
    p = end + 1;
  }
  return found;
}

const char *
vs_profile_layer_of (VsProfile *p, const char *name)
{
  const char *q = strrchr (name, '?');
  if (q == NULL)
    return name;
  g_autofree char *l = g_strndup (name, (gsize) (q - name));
  return g_string_chunk_insert_const (p->strings, l);
}

/* A measured variant's name without its "/variant_K" token. */

gint64
vs_profile_us_to_ps (double us)
{
  return (gint64) llround (us * 1e6);
}

VsMeasuredTask *
vs_profile_add_task (Reader *r, const char *name, VsEngine engine, double start_us,
                     double duration_us, gint line)
{
  VsProfile *p = r->p;
  VsMeasuredTask t;
  memset (&t, 0, sizeof t);
  t.name = g_string_chunk_insert_const (p->strings, name);
  t.layer = vs_profile_layer_of (p, name);
  t.engine = engine;
  t.tile = t.shave = t.port = t.channel = t.variant = -1;
  t.start_ps = vs_profile_us_to_ps (start_us);
  t.duration_ps = vs_profile_us_to_ps (duration_us);
  t.line = line;
  g_array_append_val (p->tasks, t);
  return &g_array_index (p->tasks, VsMeasuredTask, p->tasks->len - 1);
}

gboolean
vs_profile_engine_of_label (const char *s, VsEngine *e)
{
  if (s == NULL)
    return FALSE;
  if (g_str_has_prefix (s, "DMA"))
    *e = VS_ENGINE_DMA;
  else if (g_str_has_prefix (s, "DPU"))
    *e = VS_ENGINE_DPU;
  else if (g_str_has_prefix (s, "SW") || g_str_has_prefix (s, "Shave") || g_str_has_prefix (s, "UPA") ||
           g_str_has_prefix (s, "ACT"))
    *e = VS_ENGINE_SHAVE;
  else if (g_str_has_prefix (s, "M2I"))
    *e = VS_ENGINE_M2I;
  else
    return FALSE;
  return TRUE;
}


gboolean
vs_profile_parse_us (const char *s, double *out, const char **end_out)
{
  char *end = NULL;
  double v = g_ascii_strtod (s, &end);
  if (end == s || !isfinite (v) || v < 0 || v > 1e12)
    return FALSE;
  *out = v;
  if (end_out != NULL)
    *end_out = end;
  return TRUE;
}


/* ---------------------------------------------------------------------- */

void
vs_profile_free (VsProfile *p)
{
  if (p == NULL)
    return;
  g_free (p->path);
  g_free (p->workpoint_status);
  if (p->tasks != NULL)
    g_array_unref (p->tasks);
  if (p->strings != NULL)
    g_string_chunk_free (p->strings);
  g_free (p);
}

VsProfile *
vs_profile_read_from_data (const char *data, gsize length, const char *origin, GPtrArray *warnings,
                           GError **error)
{
  if (origin == NULL)
    origin = "<profile>";
  if ((guint64) length > (guint64) VS_PROFILE_MAX_BYTES) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, origin, 0,
                     "%" G_GSIZE_FORMAT " bytes is too large for a "
          "profiling report (at most %" G_GINT64_FORMAT ")", length, VS_PROFILE_MAX_BYTES);
    return NULL;
  }
  if (memchr (data, '\0', length) != NULL) {
    vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, origin, 0,
                     "binary data (a NUL byte): not a profiling "
          "report (the raw profiling-*.bin needs the compiler's prof_parser)");
    return NULL;
  }
  const char *bad = NULL;
  if (length > 0 && !g_utf8_validate (data, (gssize) length, &bad)) {
    /* say where: json-glib would only say "must be UTF-8 encoded" */
    gint line = 1;
    const char *line_start = data;
    for (const char *q = data; q < bad; q++)
      if (*q == '\n') {
        line++;
        line_start = q + 1;
      }
    g_set_error (error, VS_PROFILE_ERROR, VS_PROFILE_ERROR_PARSE, "%s:%d:%d: not UTF-8 text (byte "
                 "0x%02x)", origin, line, (gint) (bad - line_start) + 1, (guint) (guchar) *bad);
    return NULL;
  }
  VsProfile *p = g_new0 (VsProfile, 1);
  p->path = g_strdup (origin);
  p->tasks = g_array_new (FALSE, FALSE, sizeof (VsMeasuredTask));
  p->strings = g_string_chunk_new (4096);
  Reader r = { p, origin, vs_warning_log_new () };
  gsize i = 0;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  gboolean ok;
  if (i < length && data[i] == '{')
    ok = vs_profile_read_json (&r, data, length, error);
  else if ((i + 5 <= length && memcmp (data + i, "Task(", 5) == 0) ||
           (i + 6 <= length && memcmp (data + i, "Layer:", 6) == 0))
    ok = vs_profile_read_text (&r, data, length, error);
  else if ((i + 13 <= length && memcmp (data + i, "Global offset", 13) == 0) ||
           (i + 5 <= length && memcmp (data + i, "Index", 5) == 0))
    ok = vs_profile_read_debug (&r, data, length, error);
  else {
    vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, origin, 1,
                     "neither a profiling JSON trace ('{') nor a "
          "profiling text report ('Task(...)')");
    ok = FALSE;
  }
  vs_warning_log_append_lines (r.warnings, warnings);
  vs_warning_log_free (r.warnings);
  if (!ok) {
    vs_profile_free (p);
    return NULL;
  }
  return p;
}

VsProfile *
vs_profile_read (const char *path, GPtrArray *warnings, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  if (!vs_input_file_read_as (path, VS_PROFILE_MAX_BYTES, "a profiling report", &data, &length,
                              VS_PROFILE_ERROR, VS_PROFILE_ERROR_IO, VS_PROFILE_ERROR_INVALID,
                              error))
    return NULL;
  return vs_profile_read_from_data (data, length, path, warnings, error);
}
