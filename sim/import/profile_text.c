/* profile_text.c — prof_parser's text report to measured tasks. */
#include "config.h"

#include <string.h>

#include "sim/import/profile_internal.h"

gboolean
vs_profile_read_text (Reader *r, const char *data, gsize length, GError **error)
{
  VsProfile *p = r->p;
  p->flavour = VS_PROFILE_FLAVOUR_TEXT;
  g_autofree char *copy = g_strndup (data, length);
  char **lines = g_strsplit (copy, "\n", -1);
  gboolean ok = FALSE;
  gint last_line = 0, total_line = 0;
  for (guint k = 0; lines[k] != NULL; k++) {
    gint line = (gint) k + 1;
    char *s = g_strstrip (lines[k]);
    if (*s == '\0')
      continue;
    if (total_line > 0) {
      vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line, "text after the closing 'Total time' "
            "line (line %d): two reports in one file?", total_line);
      goto out;
    }
    last_line = line;
    if (g_str_has_prefix (s, "Layer:")) {
      p->n_layers++;
      continue;
    }
    if (g_str_has_prefix (s, "Total time:")) {
      const char *real = strstr (s, "Real:");
      double v;
      if (real == NULL || !vs_profile_parse_us (real + 5, &v, NULL)) {
        vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line, "'Total time' line without 'Real: <us>'");
        goto out;
      }
      p->latency_ps = vs_profile_us_to_ps (v);
      p->latency_given = TRUE;
      total_line = line;
      continue;
    }
    if (!g_str_has_prefix (s, "Task(")) {
      vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line, "expected 'Task(ENGINE): ...', "
            "'Layer: ...' or 'Total time: ...'");
      goto out;
    }
    const char *close = strstr (s, "): ");
    const char *time = g_strrstr (s, "Time(us):");
    const char *start = g_strrstr (s, "Start(us):");
    if (close == NULL || time == NULL || start == NULL || time < close || start < time) {
      vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line,
            "a task line needs 'Task(ENGINE): name', 'Time(us):' and 'Start(us):'");
      goto out;
    }
    g_autofree char *eng = g_strndup (s + 5, (gsize) (close - s - 5));
    g_autofree char *name = g_strndup (close + 3, (gsize) (time - close - 3));
    g_strstrip (name);
    VsEngine engine;
    if (!vs_profile_engine_of_label (eng, &engine)) {
      g_autofree char *key = g_strconcat ("engine:", eng, NULL);
      vs_profile_warn (r, line, key, "tasks of engine '%s' are not known: skipped", eng);
      continue;
    }
    double dur, st;
    if (!vs_profile_parse_us (time + strlen ("Time(us):"), &dur, NULL) ||
        !vs_profile_parse_us (start + strlen ("Start(us):"), &st, NULL)) {
      vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line,
            "'Time(us):' and 'Start(us):' need non-negative numbers");
      goto out;
    }
    if (*name == '\0') {
      vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line, "task without a name");
      goto out;
    }
    VsMeasuredTask t;
    memset (&t, 0, sizeof t);
    t.name = g_string_chunk_insert_const (p->strings, name);
    t.layer = vs_profile_layer_of (p, name);
    t.engine = engine;
    t.tile = t.shave = t.port = t.channel = t.variant = -1;
    if (engine == VS_ENGINE_DPU || engine == VS_ENGINE_SHAVE)
      t.tile = vs_profile_name_token (name, "cluster_");
    if (engine == VS_ENGINE_SHAVE)
      t.shave = vs_profile_name_token (name, "tile_");
    if (engine == VS_ENGINE_DPU) {
      t.variant = vs_profile_name_token (name, "variant_");
      t.is_variant = t.variant >= 0;
    }
    t.start_ps = vs_profile_us_to_ps (st);
    t.duration_ps = vs_profile_us_to_ps (dur);
    t.line = line;
    g_array_append_val (p->tasks, t);
  }
  if (p->tasks->len == 0) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, 0, "no 'Task(...)' lines");
    goto out;
  }
  /* The profiler writes 'Total time: ..., Real: ...' last: without it the
   * report was cut short, and its tasks and latency would be made up of
   * whatever survived. */
  if (total_line == 0) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, last_line, "the text report ends without its "
          "closing 'Total time: ..., Real: ...' line: truncated?");
    goto out;
  }
  ok = TRUE;
out:
  g_strfreev (lines);
  return ok;
}
