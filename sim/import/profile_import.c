/* profile_import.c — profiling JSON and text reports to measured tasks; the join with a schedule.
 * The JSON is read with json-glib, whose parser signals give every object
 * the line where it ends, so that a bad event can be named by its line.
 * Engines are told apart by category, process names and name tokens only. */
#include "config.h"

#include "sim/import/profile_import.h"
#include "sim/base/warning_log.h"
#include "hw/input_file.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

G_DEFINE_QUARK (vs-profile-error-quark, vs_profile_error)

static const char *const flavour_names[VS_PROFILE_FLAVOUR_COUNT] = {
  "2022-23", "2024", "2025-26", "text",
};

const char *
vs_profile_flavour_name (VsProfileFlavour f)
{
  return (guint) f < VS_PROFILE_FLAVOUR_COUNT ? flavour_names[f] : NULL;
}

typedef struct {
  VsProfile *p;
  const char *origin;
  VsWarningLog *warnings;
} Reader;

static void
warn (Reader *r, gint line, const char *key, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
warn (Reader *r, gint line, const char *key, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  vs_warning_log_addv (r->warnings, key, r->origin, line, 0, format, ap);
  va_end (ap);
}

static void
fail (GError **error, VsProfileError code, const char *origin, gint line, const char *format, ...)
  G_GNUC_PRINTF (5, 6);

static void
fail (GError **error, VsProfileError code, const char *origin, gint line, const char *format, ...)
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
static gint32
name_token (const char *name, const char *prefix)
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

static const char *
layer_of (VsProfile *p, const char *name)
{
  const char *q = strrchr (name, '?');
  if (q == NULL)
    return name;
  g_autofree char *l = g_strndup (name, (gsize) (q - name));
  return g_string_chunk_insert_const (p->strings, l);
}

/* A measured variant's name without its "/variant_K" token. */
static char *
strip_variant (const char *name)
{
  const char *v = g_strrstr (name, "/variant_");
  if (v == NULL)
    return g_strdup (name);
  const char *end = strchr (v + 1, '/');
  GString *out = g_string_new_len (name, v - name);
  if (end != NULL)
    g_string_append (out, end);
  return g_string_free (out, FALSE);
}

static gboolean
is_cluster_token (const char *t, gsize len)
{
  const char *p = t;
  gsize n = len;
  if (n > 0 && *p == '_') {
    p++;
    n--;
  }
  if (n <= 8 || strncmp (p, "cluster_", 8) != 0)
    return FALSE;
  for (gsize k = 8; k < n; k++)
    if (!g_ascii_isdigit (p[k]))
      return FALSE;
  return TRUE;
}

/* The name used to match: "_PROF…" tokens of the 2023 compiler dropped, a
 * trailing '?' dropped, and (drop_clusters) cluster tokens dropped. */
static char *
canonical_name (const char *name, gboolean drop_clusters)
{
  if (name == NULL)
    return g_strdup ("");
  const char *q = strrchr (name, '?');
  GString *out = g_string_new_len (name, q != NULL ? (q - name) + 1 : (gssize) strlen (name));
  if (q != NULL) {
    const char *p = q + 1;
    gboolean first = TRUE;
    while (*p != '\0') {
      const char *end = strchr (p, '/');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
      gboolean drop = (len >= 5 && strncmp (p, "_PROF", 5) == 0) ||
                      (drop_clusters && is_cluster_token (p, len)) || len == 0;
      if (!drop) {
        if (!first)
          g_string_append_c (out, '/');
        g_string_append_len (out, p, (gssize) len);
        first = FALSE;
      }
      if (end == NULL)
        break;
      p = end + 1;
    }
  }
  while (out->len > 0 && (out->str[out->len - 1] == '?' || out->str[out->len - 1] == '/'))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------- */
/* JSON.                                                                   */

typedef struct {
  JsonParser *parser;
  GHashTable *lines;            /* JsonObject* -> line where it ends */
  GHashTable *member_lines;     /* "object/member" -> line where the member's value ends */
} LineTrack;

static void
on_object_end (JsonParser *parser, JsonObject *object, gpointer data)
{
  LineTrack *lt = data;
  g_hash_table_insert (lt->lines, object, GINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static void
on_object_member (JsonParser *parser, JsonObject *object, const char *member, gpointer data)
{
  LineTrack *lt = data;
  g_hash_table_insert (lt->member_lines, g_strdup_printf ("%p/%s", (void *) object, member),
                       GINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static gint
line_of (LineTrack *lt, JsonObject *o)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (lt->lines, o));
}

/* The line of a member's value, else of its object. */
static gint
member_line (LineTrack *lt, JsonObject *o, const char *member)
{
  g_autofree char *key = g_strdup_printf ("%p/%s", (void *) o, member);
  gint line = GPOINTER_TO_INT (g_hash_table_lookup (lt->member_lines, key));
  return line > 0 ? line : line_of (lt, o);
}

static const char *
obj_string (JsonObject *o, const char *key)
{
  JsonNode *n = json_object_get_member (o, key);
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
obj_number (JsonObject *o, const char *key, double *out)
{
  JsonNode *n = json_object_get_member (o, key);
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  GType t = json_node_get_value_type (n);
  if (t == G_TYPE_INT64 || t == G_TYPE_DOUBLE) {
    *out = json_node_get_double (n);
    return isfinite (*out);
  }
  if (t == G_TYPE_STRING) {
    const char *s = json_node_get_string (n);
    char *end = NULL;
    double v = g_ascii_strtod (s, &end);
    if (end == s || *end != '\0' || !isfinite (v))
      return FALSE;
    *out = v;
    return TRUE;
  }
  return FALSE;
}

/* pid / tid as a text key (numbers and strings alike), or NULL. */
static char *
obj_id (JsonObject *o, const char *key)
{
  JsonNode *n = json_object_get_member (o, key);
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return NULL;
  GType t = json_node_get_value_type (n);
  if (t == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  if (t == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.17g", json_node_get_double (n));
  if (t == G_TYPE_STRING)
    return g_strdup (json_node_get_string (n));
  return NULL;
}

static gint64
us_to_ps (double us)
{
  return (gint64) llround (us * 1e6);
}

static gboolean
engine_of_label (const char *s, VsEngine *e)
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

/* "Cluster (3)" -> 3 */
static gint32
cluster_of_process (const char *s)
{
  if (s == NULL || !g_str_has_prefix (s, "Cluster ("))
    return -1;
  const char *p = s + strlen ("Cluster (");
  if (!g_ascii_isdigit (*p))
    return -1;
  gint64 v = g_ascii_strtoll (p, NULL, 10);
  return v >= 0 && v < 4096 ? (gint32) v : -1;
}

/* "DMA 1 CMX" -> port 1, channel 1 */
static gboolean
dma_thread (const char *s, gint32 *port, gint32 *channel)
{
  if (s == NULL || !g_str_has_prefix (s, "DMA "))
    return FALSE;
  char *end = NULL;
  gint64 v = g_ascii_strtoll (s + 4, &end, 10);
  if (end == s + 4 || v < 0 || v > 63 || *end != ' ')
    return FALSE;
  if (strcmp (end + 1, "DDR") == 0)
    *channel = 0;
  else if (strcmp (end + 1, "CMX") == 0)
    *channel = 1;
  else
    return FALSE;
  *port = (gint32) v;
  return TRUE;
}

static gboolean
read_json (Reader *r, const char *data, gsize length, GError **error)
{
  VsProfile *p = r->p;
  LineTrack lt = { json_parser_new (), g_hash_table_new (g_direct_hash, g_direct_equal),
                   g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  gboolean ok = FALSE;
  GError *e = NULL;
  GHashTable *process = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *thread = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect (lt.parser, "object-end", G_CALLBACK (on_object_end), &lt);
  g_signal_connect (lt.parser, "object-member", G_CALLBACK (on_object_member), &lt);
  if (!json_parser_load_from_data (lt.parser, data, (gssize) length, &e)) {
    /* json-glib says "<data>:line:column: message" */
    const char *msg = g_str_has_prefix (e->message, "<data>:") ? e->message + 7 : e->message;
    g_set_error (error, VS_PROFILE_ERROR, VS_PROFILE_ERROR_PARSE, "%s:%s", r->origin, msg);
    g_error_free (e);
    goto out;
  }
  JsonNode *root = json_parser_get_root (lt.parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
    fail (error, VS_PROFILE_ERROR_PARSE, r->origin, 1, "the top level is not a JSON object");
    goto out;
  }
  JsonObject *top = json_node_get_object (root);
  JsonNode *evn = json_object_get_member (top, "traceEvents");
  if (evn == NULL || !JSON_NODE_HOLDS_ARRAY (evn)) {
    fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line_of (&lt, top),
          "no \"traceEvents\" array: not a profiling trace");
    goto out;
  }
  JsonArray *events = json_node_get_array (evn);
  guint n = json_array_get_length (events);

  /* metadata first: writers put it before or after the task events */
  gboolean has_shave_cat = FALSE, has_2025_thread = FALSE, has_cluster_process = FALSE;
  for (guint i = 0; i < n; i++) {
    JsonNode *en = json_array_get_element (events, i);
    if (!JSON_NODE_HOLDS_OBJECT (en))
      continue;
    JsonObject *ev = json_node_get_object (en);
    const char *ph = obj_string (ev, "ph");
    const char *name = obj_string (ev, "name");
    if (ph == NULL || strcmp (ph, "M") != 0 || name == NULL)
      continue;
    JsonNode *an = json_object_get_member (ev, "args");
    const char *label = an != NULL && JSON_NODE_HOLDS_OBJECT (an)
                          ? obj_string (json_node_get_object (an), "name") : NULL;
    g_autofree char *pid = obj_id (ev, "pid");
    g_autofree char *tid = obj_id (ev, "tid");
    if (label == NULL || pid == NULL)
      continue;
    if (strcmp (name, "process_name") == 0) {
      g_hash_table_replace (process, g_strdup (pid), g_strdup (label));
      has_cluster_process |= cluster_of_process (label) >= 0;
    } else if (strcmp (name, "thread_name") == 0 && tid != NULL) {
      g_hash_table_replace (thread, g_strconcat (pid, ":", tid, NULL), g_strdup (label));
      gint32 port, channel;
      has_2025_thread |= strcmp (label, "Shave") == 0 || strcmp (label, "DPU Variants") == 0 ||
                         dma_thread (label, &port, &channel);
    }
  }

  gint64 first_start = G_MAXINT64, last_end = G_MININT64;
  for (guint i = 0; i < n; i++) {
    JsonNode *en = json_array_get_element (events, i);
    if (!JSON_NODE_HOLDS_OBJECT (en)) {
      fail (error, VS_PROFILE_ERROR_INVALID, r->origin, 0, "traceEvents[%u] is not an object", i);
      goto out;
    }
    JsonObject *ev = json_node_get_object (en);
    gint line = line_of (&lt, ev);
    const char *ph = obj_string (ev, "ph");
    if (ph == NULL) {
      fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line, "event without a \"ph\" string");
      goto out;
    }
    if (strcmp (ph, "M") == 0)
      continue;
    if (strcmp (ph, "X") != 0) {
      g_autofree char *key = g_strconcat ("ph:", ph, NULL);
      warn (r, line, key, "events of phase \"%s\" are not task events: skipped", ph);
      continue;
    }
    const char *name = obj_string (ev, "name");
    if (name == NULL) {
      fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line, "task event without a \"name\" string");
      goto out;
    }
    double ts, dur;
    if (!obj_number (ev, "ts", &ts) || !obj_number (ev, "dur", &dur)) {
      fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line,
            "task event '%s' needs numbers \"ts\" and \"dur\" (microseconds)", name);
      goto out;
    }
    if (ts < 0 || dur < 0 || ts > 1e12 || dur > 1e12) {
      fail (error, VS_PROFILE_ERROR_INVALID, r->origin,
            member_line (&lt, ev, ts < 0 || ts > 1e12 ? "ts" : "dur"),
            "task event '%s': ts %g and dur %g must be between 0 and 1e12 us", name, ts, dur);
      goto out;
    }
    const char *cat = obj_string (ev, "cat");
    g_autofree char *pid = obj_id (ev, "pid");
    g_autofree char *tid = obj_id (ev, "tid");
    const char *pname = pid != NULL ? g_hash_table_lookup (process, pid) : NULL;
    g_autofree char *tkey = pid != NULL && tid != NULL ? g_strconcat (pid, ":", tid, NULL) : NULL;
    const char *tname = tkey != NULL ? g_hash_table_lookup (thread, tkey) : NULL;
    if ((cat != NULL && strcmp (cat, "Layer") == 0) || (cat == NULL && pname != NULL &&
                                                       strcmp (pname, "Layers") == 0)) {
      p->n_layers++;
      continue;
    }
    has_shave_cat |= cat != NULL && strcmp (cat, "Shave") == 0;
    VsEngine engine;
    if (!engine_of_label (cat, &engine) && !engine_of_label (tname, &engine)) {
      g_autofree char *key = g_strconcat ("cat:", cat ? cat : "", NULL);
      warn (r, line, key, "task events of category '%s' belong to no known engine: skipped",
            cat != NULL ? cat : "(none)");
      continue;
    }
    VsMeasuredTask t;
    memset (&t, 0, sizeof t);
    t.name = g_string_chunk_insert_const (p->strings, name);
    t.layer = layer_of (p, name);
    t.engine = engine;
    t.tile = t.shave = t.port = t.channel = t.variant = -1;
    t.start_ps = us_to_ps (ts);
    t.duration_ps = us_to_ps (dur);
    t.line = line;
    if (engine == VS_ENGINE_DPU || engine == VS_ENGINE_SHAVE) {
      t.tile = cluster_of_process (pname);
      if (t.tile < 0)
        t.tile = name_token (name, "cluster_");
    }
    if (engine == VS_ENGINE_SHAVE)
      t.shave = name_token (name, "tile_");
    if (engine == VS_ENGINE_DPU) {
      t.variant = name_token (name, "variant_");
      t.is_variant = t.variant >= 0 ||
                     (tname != NULL && strstr (tname, "Variants") != NULL);
    }
    if (engine == VS_ENGINE_DMA)
      dma_thread (tname, &t.port, &t.channel);
    g_array_append_val (p->tasks, t);
    first_start = MIN (first_start, t.start_ps);
    last_end = MAX (last_end, t.start_ps + t.duration_ps);
  }
  if (p->tasks->len == 0) {
    fail (error, VS_PROFILE_ERROR_INVALID, r->origin, 0, "no task events (ph \"X\") in traceEvents");
    goto out;
  }
  p->flavour = has_shave_cat || has_2025_thread ? VS_PROFILE_FLAVOUR_2025
               : has_cluster_process ? VS_PROFILE_FLAVOUR_2024 : VS_PROFILE_FLAVOUR_2023;

  JsonNode *wn = json_object_get_member (top, "workpoint");
  if (wn != NULL && JSON_NODE_HOLDS_OBJECT (wn)) {
    JsonObject *wp = json_node_get_object (wn);
    double f;
    if (obj_number (wp, "freq", &f)) {
      if (f < 0 || f > 1e6) {
        fail (error, VS_PROFILE_ERROR_INVALID, r->origin, member_line (&lt, wp, "freq"),
              "workpoint freq %g MHz is out of range", f);
        goto out;
      }
      p->freq_mhz = f;
    }
    const char *status = obj_string (wp, "status");
    if (status != NULL) {
      p->workpoint_status = g_strdup (status);
      p->simulated = strcmp (status, "SIM") == 0;
    }
  }
  p->latency_ps = last_end - first_start;
  JsonNode *sn = json_object_get_member (top, "taskStatistics");
  if (sn != NULL && JSON_NODE_HOLDS_OBJECT (sn)) {
    double total;
    if (obj_number (json_node_get_object (sn), "total duration", &total)) {
      if (total < 0 || total > 1e12) {
        fail (error, VS_PROFILE_ERROR_INVALID, r->origin,
              member_line (&lt, json_node_get_object (sn), "total duration"),
              "taskStatistics \"total duration\" %g us is out of range", total);
        goto out;
      }
      p->latency_ps = us_to_ps (total);
      p->latency_given = TRUE;
    }
  }
  ok = TRUE;
out:
  g_hash_table_unref (process);
  g_hash_table_unref (thread);
  g_hash_table_unref (lt.lines);
  g_hash_table_unref (lt.member_lines);
  g_object_unref (lt.parser);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Text report.                                                            */

static gboolean
parse_us (const char *s, double *out, const char **end_out)
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

static gboolean
read_text (Reader *r, const char *data, gsize length, GError **error)
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
      fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line, "text after the closing 'Total time' "
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
      if (real == NULL || !parse_us (real + 5, &v, NULL)) {
        fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line, "'Total time' line without 'Real: <us>'");
        goto out;
      }
      p->latency_ps = us_to_ps (v);
      p->latency_given = TRUE;
      total_line = line;
      continue;
    }
    if (!g_str_has_prefix (s, "Task(")) {
      fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line, "expected 'Task(ENGINE): ...', "
            "'Layer: ...' or 'Total time: ...'");
      goto out;
    }
    const char *close = strstr (s, "): ");
    const char *time = g_strrstr (s, "Time(us):");
    const char *start = g_strrstr (s, "Start(us):");
    if (close == NULL || time == NULL || start == NULL || time < close || start < time) {
      fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line,
            "a task line needs 'Task(ENGINE): name', 'Time(us):' and 'Start(us):'");
      goto out;
    }
    g_autofree char *eng = g_strndup (s + 5, (gsize) (close - s - 5));
    g_autofree char *name = g_strndup (close + 3, (gsize) (time - close - 3));
    g_strstrip (name);
    VsEngine engine;
    if (!engine_of_label (eng, &engine)) {
      g_autofree char *key = g_strconcat ("engine:", eng, NULL);
      warn (r, line, key, "tasks of engine '%s' are not known: skipped", eng);
      continue;
    }
    double dur, st;
    if (!parse_us (time + strlen ("Time(us):"), &dur, NULL) ||
        !parse_us (start + strlen ("Start(us):"), &st, NULL)) {
      fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line,
            "'Time(us):' and 'Start(us):' need non-negative numbers");
      goto out;
    }
    if (*name == '\0') {
      fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line, "task without a name");
      goto out;
    }
    VsMeasuredTask t;
    memset (&t, 0, sizeof t);
    t.name = g_string_chunk_insert_const (p->strings, name);
    t.layer = layer_of (p, name);
    t.engine = engine;
    t.tile = t.shave = t.port = t.channel = t.variant = -1;
    if (engine == VS_ENGINE_DPU || engine == VS_ENGINE_SHAVE)
      t.tile = name_token (name, "cluster_");
    if (engine == VS_ENGINE_SHAVE)
      t.shave = name_token (name, "tile_");
    if (engine == VS_ENGINE_DPU) {
      t.variant = name_token (name, "variant_");
      t.is_variant = t.variant >= 0;
    }
    t.start_ps = us_to_ps (st);
    t.duration_ps = us_to_ps (dur);
    t.line = line;
    g_array_append_val (p->tasks, t);
  }
  if (p->tasks->len == 0) {
    fail (error, VS_PROFILE_ERROR_INVALID, r->origin, 0, "no 'Task(...)' lines");
    goto out;
  }
  /* The profiler writes 'Total time: ..., Real: ...' last: without it the
   * report was cut short, and its tasks and latency would be made up of
   * whatever survived. */
  if (total_line == 0) {
    fail (error, VS_PROFILE_ERROR_INVALID, r->origin, last_line, "the text report ends without its "
          "closing 'Total time: ..., Real: ...' line: truncated?");
    goto out;
  }
  ok = TRUE;
out:
  g_strfreev (lines);
  return ok;
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
    fail (error, VS_PROFILE_ERROR_INVALID, origin, 0, "%" G_GSIZE_FORMAT " bytes is too large for a "
          "profiling report (at most %" G_GINT64_FORMAT ")", length, VS_PROFILE_MAX_BYTES);
    return NULL;
  }
  if (memchr (data, '\0', length) != NULL) {
    fail (error, VS_PROFILE_ERROR_PARSE, origin, 0, "binary data (a NUL byte): not a profiling "
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
    ok = read_json (&r, data, length, error);
  else if ((i + 5 <= length && memcmp (data + i, "Task(", 5) == 0) ||
           (i + 6 <= length && memcmp (data + i, "Layer:", 6) == 0))
    ok = read_text (&r, data, length, error);
  else {
    fail (error, VS_PROFILE_ERROR_PARSE, origin, 1, "neither a profiling JSON trace ('{') nor a "
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
  GError *e = NULL;
  if (!vs_input_file_read (path, VS_PROFILE_MAX_BYTES, "a profiling report", &data, &length, &e)) {
    vs_input_file_error_into (error, e, VS_PROFILE_ERROR,
                              g_error_matches (e, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_TOO_LARGE)
                                ? VS_PROFILE_ERROR_INVALID : VS_PROFILE_ERROR_IO);
    return NULL;
  }
  return vs_profile_read_from_data (data, length, path, warnings, error);
}

/* ---------------------------------------------------------------------- */
/* Join.                                                                   */

gboolean
vs_profile_task_is_instrumentation (const VsSchedule *s, guint task)
{
  const VsTask *t = vs_schedule_task (s, task);
  if (t->kind == VS_TASK_SYNC)
    return TRUE;
  if (t->kind == VS_TASK_DMA) {
    const VsTensor *src = vs_schedule_tensor (s, t->spec.dma.src);
    if (src != NULL && src->memory == VS_MEMORY_REGISTER)
      return TRUE;   /* timestamp and workpoint reads */
    if (vs_dma_op_is_descriptor (t->spec.dma.op))
      return TRUE;   /* the runtime's own transfers: no profile times them */
  }
  static const char *const marks[] = {
    "ProfilingCMX2DDR", "ProfilingDDR2DDR", "PROFWORKPOINT", "_PROFTASKBEGIN", "_PROFTASKEND",
    "_PROFBEGIN", "newProfilingBuffer", "dmaHwpBase", "profiling_result",
  };
  if (t->name != NULL)
    for (guint k = 0; k < G_N_ELEMENTS (marks); k++)
      if (strstr (t->name, marks[k]) != NULL)
        return TRUE;
  return FALSE;
}

static gboolean
compatible (const VsSchedule *s, const VsTask *t, const VsMeasuredTask *m)
{
  const VsQueue *q = vs_schedule_queue (s, t->queue);
  if (m->tile >= 0 && q->tile >= 0 && m->tile != q->tile)
    return FALSE;
  if (m->engine == VS_ENGINE_DMA) {
    if (m->port >= 0 && q->port >= 0 && m->port != q->port)
      return FALSE;
    if (m->channel >= 0 && q->channel >= 0 && m->channel != q->channel)
      return FALSE;
  }
  return TRUE;
}

static VsEngine
engine_of_task (const VsSchedule *s, const VsTask *t)
{
  return vs_schedule_queue (s, t->queue)->engine;
}

static gchar *
join_key (VsEngine e, const char *canonical)
{
  return g_strdup_printf ("%d\x1f%s", (int) e, canonical);
}

typedef struct {
  gint64 start;
  guint index;
} Started;

static int
cmp_started (const void *a, const void *b)
{
  const Started *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

VsProfileJoin *
vs_profile_join (const VsSchedule *s, const VsProfile *p)
{
  VsProfileJoin *j = g_new0 (VsProfileJoin, 1);
  j->n_measured = p->tasks->len;
  j->n_tasks = s->tasks->len;
  j->n_variants = s->variants->len;
  j->task_of_measured = g_new (gint32, MAX (j->n_measured, 1));
  j->variant_of_measured = g_new (gint32, MAX (j->n_measured, 1));
  j->measured_of_task = g_new (gint32, MAX (j->n_tasks, 1));
  j->measured_of_variant = g_new (gint32, MAX (j->n_variants, 1));
  for (guint i = 0; i < j->n_measured; i++)
    j->task_of_measured[i] = j->variant_of_measured[i] = -1;
  for (guint i = 0; i < j->n_tasks; i++)
    j->measured_of_task[i] = -1;
  for (guint i = 0; i < j->n_variants; i++)
    j->measured_of_variant[i] = -1;
  j->unjoined_measured = g_array_new (FALSE, FALSE, sizeof (guint));
  j->unjoined_tasks = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean merged_clusters = p->flavour == VS_PROFILE_FLAVOUR_2023;

  /* candidates per (engine, canonical name), in schedule order */
  g_autoptr (GHashTable) candidates =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  g_autofree gboolean *instr = g_new0 (gboolean, MAX (j->n_tasks, 1));
  for (guint i = 0; i < j->n_tasks; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    instr[i] = vs_profile_task_is_instrumentation (s, i);
    if (instr[i]) {
      j->instrumentation++;
      continue;
    }
    j->schedule_tasks++;
    VsEngine e = engine_of_task (s, t);
    g_autofree char *canon = canonical_name (t->name, merged_clusters && e != VS_ENGINE_DMA);
    char *key = join_key (e, canon);
    GArray *list = g_hash_table_lookup (candidates, key);
    if (list == NULL) {
      list = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (candidates, key, list);
    } else {
      g_free (key);
    }
    g_array_append_val (list, i);
  }

  const VsMeasuredTask *mt = (const VsMeasuredTask *) (void *) p->tasks->data;
  g_autofree Started *order = g_new (Started, MAX (j->n_measured, 1));
  for (guint i = 0; i < j->n_measured; i++)
    order[i] = (Started) { mt[i].start_ps, i };
  qsort (order, j->n_measured, sizeof (Started), cmp_started);

  for (guint k = 0; k < j->n_measured; k++) {
    guint mi = order[k].index;
    const VsMeasuredTask *m = &mt[mi];
    g_autofree char *base = m->is_variant ? strip_variant (m->name) : g_strdup (m->name);
    g_autofree char *canon = canonical_name (base, merged_clusters && m->engine != VS_ENGINE_DMA);
    g_autofree char *key = join_key (m->engine, canon);
    GArray *list = g_hash_table_lookup (candidates, key);
    if (m->is_variant)
      j->measured_variants++;
    else
      j->measured_tasks++;
    if (list == NULL)
      continue;
    for (guint c = 0; c < list->len; c++) {
      guint ti = g_array_index (list, guint, c);
      const VsTask *t = vs_schedule_task (s, ti);
      if (!compatible (s, t, m))
        continue;
      if (!m->is_variant) {
        if (j->measured_of_task[ti] >= 0)
          continue;
        j->measured_of_task[ti] = (gint32) mi;
        j->task_of_measured[mi] = (gint32) ti;
        j->joined_tasks++;
        break;
      }
      if (t->kind != VS_TASK_DPU)
        continue;
      const VsDpuSpec *d = &t->spec.dpu;
      /* the variant index when the name gives it, else the first free one */
      guint v0 = m->variant >= 0 ? (guint) m->variant : 0;
      guint v1 = m->variant >= 0 ? (guint) m->variant + 1 : d->n_variants;
      gboolean done = FALSE;
      for (guint v = v0; v < v1 && v < d->n_variants; v++) {
        guint vi = d->first_variant + v;
        if (j->measured_of_variant[vi] >= 0)
          continue;
        j->measured_of_variant[vi] = (gint32) mi;
        j->variant_of_measured[mi] = (gint32) vi;
        j->task_of_measured[mi] = (gint32) ti;
        j->joined_variants++;
        done = TRUE;
        break;
      }
      if (done)
        break;
    }
  }
  for (guint i = 0; i < j->n_measured; i++)
    if (j->task_of_measured[i] < 0)
      g_array_append_val (j->unjoined_measured, i);
  for (guint i = 0; i < j->n_tasks; i++)
    if (!instr[i] && j->measured_of_task[i] < 0)
      g_array_append_val (j->unjoined_tasks, i);
  return j;
}

void
vs_profile_join_free (VsProfileJoin *j)
{
  if (j == NULL)
    return;
  g_free (j->task_of_measured);
  g_free (j->variant_of_measured);
  g_free (j->measured_of_task);
  g_free (j->measured_of_variant);
  if (j->unjoined_measured != NULL)
    g_array_unref (j->unjoined_measured);
  if (j->unjoined_tasks != NULL)
    g_array_unref (j->unjoined_tasks);
  g_free (j);
}
