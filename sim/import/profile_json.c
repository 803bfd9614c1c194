/* SPDX-License-Identifier: Apache-2.0 */
/* profile_json.c — the profiling trace JSON (Chrome/Perfetto traceEvents) to
 * measured tasks.  The JSON is read with json-glib, whose parser signals give
 * every object the line where it ends, so that a bad event can be named by
 * its line.  Engines are told apart by category, process and thread names
 * and name tokens only. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sim/import/profile_internal.h"

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


/* The engine of a task event: its category, else its thread's label. */
static gboolean
engine_of_label_pair (const char *cat, const char *tname, VsEngine *e)
{
  return vs_profile_engine_of_label (cat, e) || vs_profile_engine_of_label (tname, e);
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

/* json-glib parses nested values recursively: a trace nested 100 000 arrays
 * deep overflowed the stack.  The nesting is counted before parsing (strings
 * and their escapes skipped) and deeper text refused at the bracket that
 * goes too deep. */
static gboolean
check_depth (Reader *r, const char *data, gsize length, GError **error)
{
  gint depth = 0, line = 1;
  gsize line_start = 0;
  gboolean in_string = FALSE;
  for (gsize i = 0; i < length; i++) {
    char c = data[i];
    if (c == '\n') {
      line++;
      line_start = i + 1;
    }
    if (in_string) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_string = FALSE;
      continue;
    }
    if (c == '"')
      in_string = TRUE;
    else if (c == '[' || c == '{') {
      if (++depth > VS_PROFILE_MAX_JSON_DEPTH) {
        g_set_error (error, VS_PROFILE_ERROR, VS_PROFILE_ERROR_PARSE,
                     "%s:%d:%d: JSON nested deeper than %d arrays and objects", r->origin, line,
                     (gint) (i - line_start) + 1, VS_PROFILE_MAX_JSON_DEPTH);
        return FALSE;
      }
    } else if (c == ']' || c == '}')
      depth--;
  }
  return TRUE;
}

/* What the metadata events (ph "M") say: process and thread labels by id,
 * and the traits that tell the flavours apart. */
typedef struct {
  GHashTable *process;          /* pid -> label */
  GHashTable *thread;           /* "pid:tid" -> label */
  gboolean has_shave_cat, has_2025_thread, has_cluster_process;
  gboolean per_shave_threads;   /* 2023: "SW Cluster[N]" threads besides "SW Clusters" and "SW" */
} Threads;

/* "SW Cluster[3]" -> 3, else -1 */
static gint32
sw_cluster_thread (const char *s)
{
  if (s == NULL || !g_str_has_prefix (s, "SW Cluster[") || !g_ascii_isdigit (s[11]))
    return -1;
  gint64 v = g_ascii_strtoll (s + 11, NULL, 10);
  return v >= 0 && v < 4096 ? (gint32) v : -1;
}

/* Metadata first: writers put it before or after the task events. */
static void
scan_metadata (JsonArray *events, Threads *th)
{
  guint n = json_array_get_length (events);
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
      g_hash_table_replace (th->process, g_strdup (pid), g_strdup (label));
      th->has_cluster_process |= cluster_of_process (label) >= 0;
    } else if (strcmp (name, "thread_name") == 0 && tid != NULL) {
      g_hash_table_replace (th->thread, g_strconcat (pid, ":", tid, NULL), g_strdup (label));
      gint32 port, channel;
      th->has_2025_thread |= strcmp (label, "Shave") == 0 || strcmp (label, "DPU Variants") == 0 ||
                             dma_thread (label, &port, &channel);
      th->per_shave_threads |= sw_cluster_thread (label) >= 0;
    }
  }
}

/* The engine identity of a task event from its labels and name tokens. */
static void
place_event (VsMeasuredTask *t, const char *name, const char *pname, const char *tname)
{
  if (t->engine == VS_ENGINE_DPU || t->engine == VS_ENGINE_SHAVE) {
    t->tile = cluster_of_process (pname);
    if (t->tile < 0)
      t->tile = sw_cluster_thread (tname);
    if (t->tile < 0)
      t->tile = vs_profile_name_token (name, "cluster_");
  }
  if (t->engine == VS_ENGINE_SHAVE)
    t->shave = vs_profile_name_token (name, "tile_");
  if (t->engine == VS_ENGINE_DPU) {
    t->variant = vs_profile_name_token (name, "variant_");
    t->is_variant = t->variant >= 0 || (tname != NULL && strstr (tname, "Variants") != NULL);
  }
  if (t->engine == VS_ENGINE_DMA)
    dma_thread (tname, &t->port, &t->channel);
}

/* One traceEvents element: a task appended, or skipped (metadata, layers,
 * summaries, unknown engines); FALSE with `error` if it is malformed. */
static gboolean
read_event (Reader *r, LineTrack *lt, Threads *th, JsonNode *en, guint i, GError **error)
{
  VsProfile *p = r->p;
  if (!JSON_NODE_HOLDS_OBJECT (en)) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, 0, "traceEvents[%u] is not an object",
                     i);
    return FALSE;
  }
  JsonObject *ev = json_node_get_object (en);
  gint line = line_of (lt, ev);
  const char *ph = obj_string (ev, "ph");
  if (ph == NULL) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line, "event without a \"ph\" string");
    return FALSE;
  }
  if (strcmp (ph, "M") == 0)
    return TRUE;
  if (strcmp (ph, "X") != 0) {
    g_autofree char *key = g_strconcat ("ph:", ph, NULL);
    vs_profile_warn (r, line, key, "events of phase \"%s\" are not task events: skipped", ph);
    return TRUE;
  }
  const char *name = obj_string (ev, "name");
  if (name == NULL) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line,
                     "task event without a \"name\" string");
    return FALSE;
  }
  double ts, dur;
  if (!obj_number (ev, "ts", &ts) || !obj_number (ev, "dur", &dur)) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line,
          "task event '%s' needs numbers \"ts\" and \"dur\" (microseconds)", name);
    return FALSE;
  }
  if (ts < 0 || dur < 0 || ts > 1e12 || dur > 1e12) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin,
          member_line (lt, ev, ts < 0 || ts > 1e12 ? "ts" : "dur"),
          "task event '%s': ts %g and dur %g must be between 0 and 1e12 us", name, ts, dur);
    return FALSE;
  }
  const char *cat = obj_string (ev, "cat");
  g_autofree char *pid = obj_id (ev, "pid");
  g_autofree char *tid = obj_id (ev, "tid");
  const char *pname = pid != NULL ? g_hash_table_lookup (th->process, pid) : NULL;
  g_autofree char *tkey = pid != NULL && tid != NULL ? g_strconcat (pid, ":", tid, NULL) : NULL;
  const char *tname = tkey != NULL ? g_hash_table_lookup (th->thread, tkey) : NULL;
  if ((cat != NULL && strcmp (cat, "Layer") == 0) || (cat == NULL && pname != NULL &&
                                                     strcmp (pname, "Layers") == 0)) {
    p->n_layers++;
    return TRUE;
  }
  th->has_shave_cat |= cat != NULL && strcmp (cat, "Shave") == 0;
  VsEngine engine;
  if (!engine_of_label_pair (cat, tname, &engine)) {
    g_autofree char *key = g_strconcat ("cat:", cat ? cat : "", NULL);
    vs_profile_warn (r, line, key, "task events of category '%s' belong to no known engine: skipped",
          cat != NULL ? cat : "(none)");
    return TRUE;
  }
  /* The 2022-23 writer lists every SHAVE task three times: per SHAVE
   * ("SW Cluster[N]" threads, the task itself), per cluster ("SW Clusters")
   * and per layer ("SW").  The two sums are not tasks. */
  if (engine == VS_ENGINE_SHAVE && th->per_shave_threads && sw_cluster_thread (tname) < 0) {
    p->n_summaries++;
    return TRUE;
  }
  VsMeasuredTask *t = vs_profile_add_task (r, name, engine, ts, dur, line);
  place_event (t, name, pname, tname);
  return TRUE;
}

/* The workpoint (DPU frequency, status) and taskStatistics' total duration. */
static gboolean
read_totals (Reader *r, LineTrack *lt, JsonObject *top, GError **error)
{
  VsProfile *p = r->p;
  JsonNode *wn = json_object_get_member (top, "workpoint");
  if (wn != NULL && JSON_NODE_HOLDS_OBJECT (wn)) {
    JsonObject *wp = json_node_get_object (wn);
    double f;
    if (obj_number (wp, "freq", &f)) {
      if (f < 0 || f > 1e6) {
        vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, member_line (lt, wp, "freq"),
              "workpoint freq %g MHz is out of range", f);
        return FALSE;
      }
      p->freq_mhz = f;
    }
    const char *status = obj_string (wp, "status");
    if (status != NULL) {
      p->workpoint_status = g_strdup (status);
      p->simulated = strcmp (status, "SIM") == 0;
    }
  }
  JsonNode *sn = json_object_get_member (top, "taskStatistics");
  if (sn != NULL && JSON_NODE_HOLDS_OBJECT (sn)) {
    double total;
    if (obj_number (json_node_get_object (sn), "total duration", &total)) {
      if (total < 0 || total > 1e12) {
        vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin,
              member_line (lt, json_node_get_object (sn), "total duration"),
              "taskStatistics \"total duration\" %g us is out of range", total);
        return FALSE;
      }
      p->latency_ps = vs_profile_us_to_ps (total);
      p->latency_given = TRUE;
    }
  }
  return TRUE;
}

/* The events and totals of a parsed trace. */
static gboolean
read_trace (Reader *r, LineTrack *lt, JsonObject *top, GError **error)
{
  VsProfile *p = r->p;
  JsonNode *evn = json_object_get_member (top, "traceEvents");
  if (evn == NULL || !JSON_NODE_HOLDS_ARRAY (evn)) {
    vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line_of (lt, top),
          "no \"traceEvents\" array: not a profiling trace");
    return FALSE;
  }
  JsonArray *events = json_node_get_array (evn);
  guint n = json_array_get_length (events);
  Threads th = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
                 g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free), FALSE, FALSE, FALSE,
                 FALSE };
  scan_metadata (events, &th);
  gboolean ok = TRUE;
  for (guint i = 0; i < n && ok; i++)
    ok = read_event (r, lt, &th, json_array_get_element (events, i), i, error);
  g_hash_table_unref (th.process);
  g_hash_table_unref (th.thread);
  if (!ok)
    return FALSE;
  if (p->tasks->len == 0) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, 0,
                     "no task events (ph \"X\") in traceEvents");
    return FALSE;
  }
  p->flavour = th.has_shave_cat || th.has_2025_thread ? VS_PROFILE_FLAVOUR_2025
               : th.has_cluster_process ? VS_PROFILE_FLAVOUR_2024 : VS_PROFILE_FLAVOUR_2023;
  gint64 first_start = G_MAXINT64, last_end = G_MININT64;
  for (guint i = 0; i < p->tasks->len; i++) {
    const VsMeasuredTask *t = &g_array_index (p->tasks, VsMeasuredTask, i);
    first_start = MIN (first_start, t->start_ps);
    last_end = MAX (last_end, t->start_ps + t->duration_ps);
  }
  p->latency_ps = last_end - first_start;
  return read_totals (r, lt, top, error);
}

gboolean
vs_profile_read_json (Reader *r, const char *data, gsize length, GError **error)
{
  if (!check_depth (r, data, length, error))
    return FALSE;
  LineTrack lt = { json_parser_new (), g_hash_table_new (g_direct_hash, g_direct_equal),
                   g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  gboolean ok = FALSE;
  GError *e = NULL;
  g_signal_connect (lt.parser, "object-end", G_CALLBACK (on_object_end), &lt);
  g_signal_connect (lt.parser, "object-member", G_CALLBACK (on_object_member), &lt);
  if (!json_parser_load_from_data (lt.parser, data, (gssize) length, &e)) {
    /* json-glib says "<data>:line:column: message" */
    const char *msg = g_str_has_prefix (e->message, "<data>:") ? e->message + 7 : e->message;
    g_set_error (error, VS_PROFILE_ERROR, VS_PROFILE_ERROR_PARSE, "%s:%s", r->origin, msg);
    g_error_free (e);
  } else {
    JsonNode *root = json_parser_get_root (lt.parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
      vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, 1,
                       "the top level is not a JSON object");
    else
      ok = read_trace (r, &lt, json_node_get_object (root), error);
  }
  g_hash_table_unref (lt.lines);
  g_hash_table_unref (lt.member_lines);
  g_object_unref (lt.parser);
  return ok;
}
