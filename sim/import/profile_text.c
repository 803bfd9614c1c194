/* SPDX-License-Identifier: Apache-2.0 */
/* profile_text.c — prof_parser's text report to measured tasks.
 * Two layouts: 2023 on ("Task(DMA): name  Time(us): 1.2  Start(us): 3.4",
 * closed by "Total time: ..us, Real: ..us") and 2022 ("Task(SW): name
 * <TAB>Time: 1.2<TAB>Cycles:..<TAB>Start: 3", closed by "TotalTime: ..us,
 * Real: ..us").  The 2022 writer truncates starts to whole microseconds,
 * writes tasks at loc(unknown) without a name, and its "Real:" is the whole
 * microseconds of the span (last end - first start), so the span is kept
 * when it lies within that microsecond. */
#include "config.h"

#include <string.h>

#include "sim/import/profile_internal.h"

/* The markers of one layout. */
typedef struct {
  const char *time, *start;
} Layout;

static const Layout layouts[] = { { "Time(us):", "Start(us):" }, { "Time:", "Start:" } };

/* A "Task(ENGINE): name  Time..  Start.." line; FALSE with `error` if malformed. */
static gboolean
read_task_line (Reader *r, char *s, gint line, GError **error)
{
  const char *close = strstr (s, "): ");
  const Layout *lay = NULL;
  const char *time = NULL, *start = NULL;
  for (guint k = 0; k < G_N_ELEMENTS (layouts) && lay == NULL; k++) {
    time = g_strrstr (s, layouts[k].time);
    start = g_strrstr (s, layouts[k].start);
    if (close != NULL && time != NULL && start != NULL && time > close && start > time)
      lay = &layouts[k];
  }
  if (lay == NULL) {
    vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line,
                     "a task line needs 'Task(ENGINE): name', 'Time(us):' and 'Start(us):'");
    return FALSE;
  }
  g_autofree char *eng = g_strndup (s + 5, (gsize) (close - s - 5));
  g_autofree char *name = g_strndup (close + 3, (gsize) (time - close - 3));
  g_strstrip (name);
  VsEngine engine;
  if (!vs_profile_engine_of_label (eng, &engine)) {
    g_autofree char *key = g_strconcat ("engine:", eng, NULL);
    vs_profile_warn (r, line, key, "tasks of engine '%s' are not known: skipped", eng);
    return TRUE;
  }
  double dur, st;
  if (!vs_profile_parse_us (time + strlen (lay->time), &dur, NULL) ||
      !vs_profile_parse_us (start + strlen (lay->start), &st, NULL)) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line,
                     "'Time(us):' and 'Start(us):' need non-negative numbers");
    return FALSE;
  }
  /* 2022 reports name tasks at loc(unknown) with nothing */
  if (*name == '\0' && lay == &layouts[0]) {
    vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line, "task without a name");
    return FALSE;
  }
  VsMeasuredTask *t = vs_profile_add_task (r, name, engine, st, dur, line);
  if (engine == VS_ENGINE_DPU || engine == VS_ENGINE_SHAVE)
    t->tile = vs_profile_name_token (name, "cluster_");
  if (engine == VS_ENGINE_SHAVE)
    t->shave = vs_profile_name_token (name, "tile_");
  if (engine == VS_ENGINE_DPU) {
    t->variant = vs_profile_name_token (name, "variant_");
    t->is_variant = t->variant >= 0;
  }
  return TRUE;
}

/* The closing "Total time: ..., Real: N" (or 2022 "TotalTime: ...") line. */
static gboolean
read_total_line (Reader *r, const char *s, gint line, GError **error)
{
  const char *real = strstr (s, "Real:");
  double v;
  if (real == NULL || !vs_profile_parse_us (real + 5, &v, NULL)) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, line,
                     "'Total time' line without 'Real: <us>'");
    return FALSE;
  }
  r->p->latency_ps = vs_profile_us_to_ps (v);
  r->p->latency_given = TRUE;
  if (g_str_has_prefix (s, "TotalTime:")) {
    /* 2022: the timer is read against the first DMA's timestamp, so the
     * UPA kernels that ran before it start at 0 and "Real" is the span
     * from that DMA on. */
    r->p->origin_first_dma = TRUE;
    /* 2022: Real is the span cut to whole microseconds */
    gint64 first = G_MAXINT64, last = G_MININT64;
    for (guint i = 0; i < r->p->tasks->len; i++) {
      const VsMeasuredTask *t = &g_array_index (r->p->tasks, VsMeasuredTask, i);
      first = MIN (first, t->start_ps);
      last = MAX (last, t->start_ps + t->duration_ps);
    }
    gint64 span = last - first;
    if (r->p->tasks->len > 0 && span >= r->p->latency_ps && span < r->p->latency_ps + 1000000)
      r->p->latency_ps = span;
  }
  return TRUE;
}

gboolean
vs_profile_read_text (Reader *r, const char *data, gsize length, GError **error)
{
  VsProfile *p = r->p;
  p->flavour = VS_PROFILE_FLAVOUR_TEXT;
  g_autofree char *copy = g_strndup (data, length);
  g_auto (GStrv) lines = g_strsplit (copy, "\n", -1);
  gint last_line = 0, total_line = 0;
  for (guint k = 0; lines[k] != NULL; k++) {
    gint line = (gint) k + 1;
    char *s = g_strstrip (lines[k]);
    if (*s == '\0')
      continue;
    if (total_line > 0) {
      vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line, "text after the closing "
                       "'Total time' line (line %d): two reports in one file?", total_line);
      return FALSE;
    }
    last_line = line;
    if (g_str_has_prefix (s, "Layer:")) {
      p->n_layers++;
    } else if (g_str_has_prefix (s, "Total time:") || g_str_has_prefix (s, "TotalTime:")) {
      if (!read_total_line (r, s, line, error))
        return FALSE;
      total_line = line;
    } else if (!g_str_has_prefix (s, "Task(")) {
      vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line, "expected 'Task(ENGINE): ...', "
                       "'Layer: ...' or 'Total time: ...'");
      return FALSE;
    } else if (!read_task_line (r, s, line, error)) {
      return FALSE;
    }
  }
  if (p->tasks->len == 0) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, 0, "no 'Task(...)' lines");
    return FALSE;
  }
  /* The profiler writes 'Total time: ..., Real: ...' last: without it the
   * report was cut short, and its tasks and latency would be made up of
   * whatever survived. */
  if (total_line == 0) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, last_line, "the text report ends "
                     "without its closing 'Total time: ..., Real: ...' line: truncated?");
    return FALSE;
  }
  return TRUE;
}
