/* SPDX-License-Identifier: Apache-2.0 */
/* report.c — text and JSON summaries of a replay: latency, engine and queue
 * utilisation, the critical path.  All numbers come from integer picoseconds
 * through vs_output_append_fixed, so the output is byte-stable. */
#include "sim/output/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/base/output_file.h"

static void
append_us (GString *out, gint64 ps)
{
  vs_output_append_fixed (out, ps, 6, 3);
}

/* A task's name on one line: control characters in user names would break
 * the table. */
static char *
task_label (const VsTask *task)
{
  char *label = g_strdup (task->name != NULL ? task->name : task->id != NULL ? task->id : "?");
  for (char *p = label; *p; p++)
    if ((unsigned char) *p < 0x20)
      *p = ' ';
  return label;
}

/* Shares of the critical path per category: running on each engine,
 * dispatch waits, unexplained gaps. */
typedef struct {
  gint64 run_ps[VS_ENGINE_COUNT];
  gint64 dispatch_ps;
  gint64 gap_ps;
} PathTotals;

static void
path_totals (const VsSchedule *s, const VsCriticalPath *path, PathTotals *totals)
{
  memset (totals, 0, sizeof *totals);
  for (guint i = 0; i < path->n_links; i++) {
    const VsCriticalLink *l = &path->links[i];
    gint64 d = l->end_ps - l->start_ps;
    if (l->kind == VS_CRITICAL_RUN)
      totals->run_ps[vs_schedule_queue (s, vs_schedule_task (s, l->task)->queue)->engine] += d;
    else if (l->kind == VS_CRITICAL_DISPATCH)
      totals->dispatch_ps += d;
    else if (l->kind == VS_CRITICAL_GAP)
      totals->gap_ps += d;
  }
}

static void
append_percent (GString *out, gint64 part, gint64 whole)
{
  if (whole <= 0) {
    g_string_append (out, "0.0");
    return;
  }
  double p = (double) part * 100.0 / (double) whole;
  vs_output_append_double (out, p, 1);
}

typedef struct {
  guint index;
  gint64 length;
} LinkRank;

static int
compare_rank (const void *a, const void *b)
{
  const LinkRank *x = a, *y = b;
  if (x->length != y->length)
    return x->length > y->length ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static int
compare_index (const void *a, const void *b)
{
  const LinkRank *x = a, *y = b;
  return x->index < y->index ? -1 : x->index > y->index;
}

static void
append_link_text (GString *out, const VsSchedule *s, const VsCriticalPath *path,
                  const VsCriticalLink *l)
{
  g_string_append (out, "  ");
  GString *col = g_string_new (NULL);
  append_us (col, l->start_ps);
  g_string_append_printf (out, "%12s", col->str);
  g_string_truncate (col, 0);
  append_us (col, l->end_ps);
  g_string_append_printf (out, " %12s ", col->str);
  g_string_truncate (col, 0);
  append_percent (col, l->end_ps - l->start_ps, path->latency_ps);
  g_string_append_printf (out, "%6s%%  ", col->str);
  g_string_free (col, TRUE);
  const VsTask *task = l->task >= 0 ? vs_schedule_task (s, l->task) : NULL;
  const char *bar = l->barrier >= 0 ? vs_schedule_barrier (s, l->barrier)->id : NULL;
  g_autofree char *label = task != NULL ? task_label (task) : NULL;
  switch (l->kind) {
  case VS_CRITICAL_RUN:
    g_string_append_printf (out, "%-5s %s '%s'", vs_engine_name (
                              vs_schedule_queue (s, task->queue)->engine),
                            vs_schedule_queue (s, task->queue)->id, label);
    break;
  case VS_CRITICAL_DISPATCH:
    g_string_append_printf (out, "wait  dispatch of '%s' after barrier '%s'", label,
                            bar ? bar : "?");
    break;
  case VS_CRITICAL_STARTED:
    g_string_append_printf (out, "start '%s'", label);
    break;
  case VS_CRITICAL_GAP:
    g_string_append (out, "gap   (unexplained)");
    break;
  }
  if (l->cause != VS_CRITICAL_CAUSE_START) {
    g_string_append_printf (out, "  <- %s", vs_critical_cause_name (l->cause));
    if (bar != NULL && l->kind != VS_CRITICAL_DISPATCH)
      g_string_append_printf (out, " '%s'", bar);
  }
  g_string_append_c (out, '\n');
}

gint64
vs_report_compiler_estimate_ps (const VsSchedule *s)
{
  const char *cycles = s->source != NULL ? g_hash_table_lookup (s->source, "inference_timing_cycles")
                                         : NULL;
  if (cycles == NULL || s->device.dpu_clock_mhz <= 0)
    return -1;
  char *end = NULL;
  double c = g_ascii_strtod (cycles, &end);
  if (end == cycles || *end != '\0' || !(c >= 0 && c < 1e15))
    return -1;
  return (gint64) llround (c / s->device.dpu_clock_mhz * 1e6);
}

void
vs_report_append_text (GString *out, const VsSchedule *s, const VsTimeline *tl,
                       const VsCriticalPath *path, guint max_links)
{
  g_string_append (out, "latency: ");
  append_us (out, tl->latency_ps);
  g_string_append_printf (out, " us  (%u tasks, mode %s, barrier reuse %s", tl->n_tasks,
                          vs_replay_mode_name (tl->options.mode),
                          tl->options.barrier_reuse ? "on" : "off");
  if (s->device.name[0] != '\0')
    g_string_append_printf (out, ", device %s", s->device.name);
  g_string_append (out, ")\n");
  gint64 estimate = vs_report_compiler_estimate_ps (s);
  if (estimate >= 0) {
    g_string_append (out, "compiler's own estimate: ");
    append_us (out, estimate);
    g_string_append_printf (out, " us (inferenceTiming %s cycles at %g MHz); this replay ",
                            (const char *) g_hash_table_lookup (s->source, "inference_timing_cycles"),
                            s->device.dpu_clock_mhz);
    double diff = estimate > 0 ? 100.0 * ((double) tl->latency_ps - (double) estimate) / (double) estimate : 0;
    g_string_append_c (out, diff >= 0 ? '+' : '-');
    vs_output_append_double (out, diff >= 0 ? diff : -diff, 1);
    g_string_append (out, " %\n");
  }
  g_string_append (out, "\nengines:    instances  tasks      busy us    active us  utilisation\n");
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    const VsEngineStats *st = &tl->engines[e];
    if (st->instances == 0)
      continue;
    GString *busy = g_string_new (NULL), *active = g_string_new (NULL);
    GString *util = g_string_new (NULL);
    append_us (busy, st->busy_ps);
    append_us (active, st->active_ps);
    vs_output_append_double (util, st->utilisation * 100.0, 1);
    g_string_append_printf (out, "  %-8s %9d %6u %12s %12s %11s%%\n", vs_engine_name (e),
                            st->instances, st->n_tasks, busy->str, active->str, util->str);
    g_string_free (busy, TRUE);
    g_string_free (active, TRUE);
    g_string_free (util, TRUE);
  }
  g_string_append (out, "\nqueues:     servers  tasks      busy us  utilisation\n");
  g_autofree guint *counts = g_new0 (guint, s->queues->len + 1);
  for (guint t = 0; t < s->tasks->len; t++)
    counts[vs_schedule_task (s, t)->queue]++;
  for (guint q = 0; q < s->queues->len; q++) {
    const VsQueue *queue = vs_schedule_queue (s, q);
    GString *busy = g_string_new (NULL), *util = g_string_new (NULL);
    append_us (busy, tl->queue_busy_ps[q]);
    append_percent (util, tl->queue_busy_ps[q], tl->latency_ps * queue->servers);
    g_string_append_printf (out, "  %-10s %6d %6u %12s %11s%%\n", queue->id ? queue->id : "?",
                            queue->servers, counts[q], busy->str, util->str);
    g_string_free (busy, TRUE);
    g_string_free (util, TRUE);
  }
  if (path == NULL)
    return;

  PathTotals totals;
  path_totals (s, path, &totals);
  g_string_append_printf (out, "\ncritical path: %u links;", path->n_links);
  for (int e = 0; e < VS_ENGINE_COUNT; e++)
    if (totals.run_ps[e] > 0) {
      g_string_append_printf (out, " %s ", vs_engine_name (e));
      append_percent (out, totals.run_ps[e], path->latency_ps);
      g_string_append_c (out, '%');
    }
  if (totals.dispatch_ps > 0) {
    g_string_append (out, " dispatch ");
    append_percent (out, totals.dispatch_ps, path->latency_ps);
    g_string_append_c (out, '%');
  }
  if (totals.gap_ps > 0) {
    g_string_append (out, " unexplained ");
    append_percent (out, totals.gap_ps, path->latency_ps);
    g_string_append_c (out, '%');
  }
  g_string_append (out, "\n      start us       end us  share  what\n");
  guint shown = path->n_links;
  g_autofree LinkRank *ranks = g_new (LinkRank, path->n_links + 1);
  for (guint i = 0; i < path->n_links; i++)
    ranks[i] = (LinkRank) { i, path->links[i].end_ps - path->links[i].start_ps };
  if (max_links > 0 && path->n_links > max_links) {
    /* Keep the largest links, then list them in time order. */
    qsort (ranks, path->n_links, sizeof *ranks, compare_rank);
    shown = max_links;
    qsort (ranks, shown, sizeof *ranks, compare_index);
  }
  gint64 shown_ps = 0;
  for (guint i = 0; i < shown; i++) {
    append_link_text (out, s, path, &path->links[ranks[i].index]);
    shown_ps += ranks[i].length;
  }
  if (shown < path->n_links) {
    g_string_append_printf (out, "  ... %u more links, ", path->n_links - shown);
    append_percent (out, path->latency_ps - shown_ps, path->latency_ps);
    g_string_append (out, "% of the latency\n");
  }
}

static void
json_key (GString *out, int indent, const char *key)
{
  g_string_append_printf (out, "%*s\"%s\": ", indent, "", key);
}

static void
json_us (GString *out, int indent, const char *key, gint64 ps, gboolean comma)
{
  json_key (out, indent, key);
  append_us (out, ps);
  g_string_append (out, comma ? ",\n" : "\n");
}

static void
json_fraction (GString *out, int indent, const char *key, double value, gboolean comma)
{
  json_key (out, indent, key);
  vs_output_append_double (out, value, 6);
  g_string_append (out, comma ? ",\n" : "\n");
}

/* Everything but the closing brace, so callers can add members. */
static void
append_json_members (GString *out, const VsSchedule *s, const VsTimeline *tl,
                     const VsCriticalPath *path)
{
  g_string_append (out, "{\n");
  g_string_append (out, "  \"format\": \"vpusim-report\",\n  \"version\": 1,\n");
  json_key (out, 2, "schedule");
  vs_output_append_json_string (out, s->path);
  g_string_append (out, ",\n");
  json_key (out, 2, "device");
  vs_output_append_json_string (out, s->device.name[0] ? s->device.name : NULL);
  g_string_append (out, ",\n");
  g_string_append_printf (out, "  \"mode\": \"%s\",\n  \"barrier_reuse\": %s,\n",
                          vs_replay_mode_name (tl->options.mode),
                          tl->options.barrier_reuse ? "true" : "false");
  g_string_append_printf (out, "  \"tasks\": %u,\n", tl->n_tasks);
  g_string_append_printf (out, "  \"latency_ps\": %" G_GINT64_FORMAT ",\n", tl->latency_ps);
  json_us (out, 2, "latency_us", tl->latency_ps, TRUE);
  if (vs_report_compiler_estimate_ps (s) >= 0)
    json_us (out, 2, "compiler_estimate_us", vs_report_compiler_estimate_ps (s), TRUE);

  g_string_append (out, "  \"engines\": {\n");
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    const VsEngineStats *st = &tl->engines[e];
    g_string_append_printf (out, "    \"%s\": {\n      \"instances\": %d,\n      \"tasks\": %u,\n",
                            vs_engine_name (e), st->instances, st->n_tasks);
    json_us (out, 6, "busy_us", st->busy_ps, TRUE);
    json_us (out, 6, "active_us", st->active_ps, TRUE);
    json_fraction (out, 6, "utilisation", st->utilisation, FALSE);
    g_string_append (out, e + 1 < VS_ENGINE_COUNT ? "    },\n" : "    }\n");
  }
  g_string_append (out, "  },\n");

  g_string_append (out, "  \"queues\": [");
  g_autofree guint *counts = g_new0 (guint, s->queues->len + 1);
  for (guint t = 0; t < s->tasks->len; t++)
    counts[vs_schedule_task (s, t)->queue]++;
  for (guint q = 0; q < s->queues->len; q++) {
    const VsQueue *queue = vs_schedule_queue (s, q);
    g_string_append (out, q ? ",\n    {\n" : "\n    {\n");
    json_key (out, 6, "id");
    vs_output_append_json_string (out, queue->id);
    g_string_append_printf (out, ",\n      \"engine\": \"%s\",\n      \"servers\": %d,\n"
                            "      \"tasks\": %u,\n", vs_engine_name (queue->engine),
                            queue->servers, counts[q]);
    json_us (out, 6, "busy_us", tl->queue_busy_ps[q], TRUE);
    double util = tl->latency_ps > 0 ? (double) tl->queue_busy_ps[q] /
                                           ((double) tl->latency_ps * queue->servers) : 0.0;
    json_fraction (out, 6, "utilisation", util, FALSE);
    g_string_append (out, "    }");
  }
  g_string_append (out, s->queues->len ? "\n  ],\n" : "],\n");

  g_string_append (out, "  \"critical_path\": ");
  if (path == NULL) {
    g_string_append (out, "null");
    return;
  }
  PathTotals totals;
  path_totals (s, path, &totals);
  g_string_append (out, "{\n    \"by_kind\": {\n");
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    double share = path->latency_ps > 0 ? (double) totals.run_ps[e] / path->latency_ps : 0.0;
    json_fraction (out, 6, vs_engine_name (e), share, TRUE);
  }
  json_fraction (out, 6, "dispatch",
                 path->latency_ps > 0 ? (double) totals.dispatch_ps / path->latency_ps : 0.0,
                 TRUE);
  json_fraction (out, 6, "unexplained",
                 path->latency_ps > 0 ? (double) totals.gap_ps / path->latency_ps : 0.0, FALSE);
  g_string_append (out, "    },\n    \"links\": [");
  for (guint i = 0; i < path->n_links; i++) {
    const VsCriticalLink *l = &path->links[i];
    const VsTask *task = l->task >= 0 ? vs_schedule_task (s, l->task) : NULL;
    g_string_append (out, i ? ",\n      {\n" : "\n      {\n");
    g_string_append_printf (out, "        \"kind\": \"%s\",\n        \"cause\": \"%s\",\n",
                            vs_critical_kind_name (l->kind), vs_critical_cause_name (l->cause));
    json_key (out, 8, "task");
    vs_output_append_json_string (out, task ? task->id : NULL);
    g_string_append (out, ",\n");
    json_key (out, 8, "name");
    vs_output_append_json_string (out, task ? task->name : NULL);
    g_string_append (out, ",\n");
    json_key (out, 8, "queue");
    vs_output_append_json_string (out, task ? vs_schedule_queue (s, task->queue)->id : NULL);
    g_string_append (out, ",\n");
    json_key (out, 8, "barrier");
    vs_output_append_json_string (out, l->barrier >= 0 ? vs_schedule_barrier (s, l->barrier)->id
                                                       : NULL);
    g_string_append (out, ",\n");
    json_us (out, 8, "start_us", l->start_ps, TRUE);
    json_us (out, 8, "end_us", l->end_ps, TRUE);
    json_fraction (out, 8, "share", l->share, FALSE);
    g_string_append (out, "      }");
  }
  g_string_append (out, path->n_links ? "\n    ]\n  }" : "]\n  }");
}

void
vs_report_append_json_extra (GString *out, const VsSchedule *s, const VsTimeline *tl,
                             const VsCriticalPath *path, const char *extra)
{
  append_json_members (out, s, tl, path);
  if (extra != NULL && *extra != '\0') {
    g_string_append (out, ",\n");
    g_string_append (out, extra);
  }
  g_string_append (out, "\n}\n");
}

void
vs_report_append_json (GString *out, const VsSchedule *s, const VsTimeline *tl,
                       const VsCriticalPath *path)
{
  vs_report_append_json_extra (out, s, tl, path, NULL);
}

gboolean
vs_report_write_json (const char *path_out, const VsSchedule *s, const VsTimeline *tl,
                      const VsCriticalPath *path, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  vs_report_append_json (out, s, tl, path);
  return vs_output_file_write (path_out, out, error);
}
