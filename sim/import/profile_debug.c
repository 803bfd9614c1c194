/* SPDX-License-Identifier: Apache-2.0 */
/* profile_debug.c — prof_parser's raw-counter report (`-f debug`) of an
 * NPU 2.7 run to measured tasks.
 *
 * The report lists the profiling buffer record by record, one section per
 * engine, in two layouts: 2023 ("Global offset  Section offset  Engine  Layer
 * name ...", the task name before the counters, the engine name in several
 * words) and 2024 on ("Index  Offset  Engine ... Task", the name last and
 * cut to a column width).  NPU 2.7 counters, as the profiling parser reads
 * them:
 *   - DMA: begin and end ticks of the 38.4 MHz profiling timer;
 *   - ACT (SHAVE): begin and duration ticks of the same timer;
 *   - DPU (HWP, one record per variant): IDU timestamp in VPU cycles, IDU
 *     duration in DPU cycles, ODU timestamp in VPU cycles: start = IDU
 *     tstamp / VPU clock - IDU dur / DPU clock, end = ODU tstamp / VPU clock;
 *   - the workpoint: the PLL ratio, VPU clock = 25 MHz x PLL, DPU clock =
 *     VPU clock x 4/3 (PLL 39: 975 and 1300 MHz).
 * The DPU counters run on their own timer, which the profiling parser
 * aligns to the DMA timer by a barrier heuristic this reader does not have:
 * the first DPU variant is placed at the end of the last DMA of its layer,
 * the others keep their offsets from it, so DPU durations are exact and
 * DPU starts approximate.  The latency is the span of the DMA and SHAVE
 * records (one timer).  NPU 4.0 reports (dmahw, actshave with LSU stalls)
 * have other counters and are refused. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/import/profile_internal.h"

#define TIMER_MHZ 38.4

typedef enum { SEC_NONE, SEC_DPU, SEC_ACT, SEC_DMA, SEC_PLL, SEC_SUMMARY } Section;

/* A section header: which engine its rows are, from its column names. */
static gboolean
section_of_header (const char *s, Section *sec)
{
  if (!(g_str_has_prefix (s, "Global offset") || g_str_has_prefix (s, "Index")) ||
      strstr (s, "Engine") == NULL)
    return FALSE;
  if (strstr (s, "IDU dur") != NULL)
    *sec = strstr (s, "IDU WL ID") != NULL ? SEC_NONE : SEC_DPU;
  else if (strstr (s, "Duration") != NULL)
    *sec = strstr (s, "LSU0") != NULL ? SEC_NONE : SEC_ACT;
  else if (strstr (s, "Begin tstamp") != NULL && strstr (s, "End tstamp") != NULL)
    *sec = SEC_DMA;
  else if (strstr (s, "PLL Value") != NULL)
    *sec = SEC_PLL;
  else
    *sec = SEC_NONE;
  return TRUE;
}

/* The number of columns from `first` to the end of a header (the "Task"
 * column not counted): the counters of each row there. */
static guint
counter_columns_from (const char *header, const char *first)
{
  const char *p = strstr (header, first);
  if (p == NULL)
    return 3;
  g_auto (GStrv) words = g_strsplit_set (p, " \t", -1);
  guint n = 0;
  for (guint k = 0; words[k] != NULL; k++)
    if (*words[k] != '\0' && strcmp (words[k], "Task") != 0)
      n++;
  return MAX (n, 2);
}

static gboolean
hex_value (const char *s, guint64 *out)
{
  char *end = NULL;
  if (*s == '\0')
    return FALSE;
  guint64 v = g_ascii_strtoull (s, &end, 16);
  if (*end != '\0')
    return FALSE;
  *out = v;
  return TRUE;
}

typedef struct {
  char *name;
  Section sec;
  guint64 v[4];                 /* the counters this section needs, in column order */
  gint line;
} Record;

/* A record row: `n` counters and the name.  2023 rows put the name before
 * the trailing counters (taking the `n` used ones from `first`), 2024 rows
 * last.  The engine column may be several words: it is not read. */
static gboolean
parse_row (char **tok, guint ntok, gboolean name_last, guint first, guint n, guint tail,
           Record *rec)
{
  if (ntok < 2 + tail + 1)
    return FALSE;
  guint name_at = name_last ? ntok - 1 : ntok - 1 - tail;
  guint counters = name_last ? ntok - 1 - tail : ntok - tail;
  for (guint k = 0; k < n; k++)
    if (!hex_value (tok[counters + first + k], &rec->v[k]))
      return FALSE;
  rec->name = g_strdup (tok[name_at]);
  return TRUE;
}

/* Counters after the name (2023) or before it (2024), per section, and which
 * of them are read: DPU idu_dur idu_ts (swe res) odu_dur odu_ts (res);
 * ACT begin duration and `act_tail` - 2 more (3 to 6 columns, as its header
 * says); DMA begin end. */
static gboolean
read_row (char **tok, guint ntok, Section sec, gboolean name_last, guint act_tail, Record *rec)
{
  rec->sec = sec;
  switch (sec) {
  case SEC_DPU:
    if (!parse_row (tok, ntok, name_last, 0, 2, 7, rec))
      return FALSE;
    {
      guint64 odu[2];
      guint counters = name_last ? ntok - 1 - 7 : ntok - 7;
      if (!hex_value (tok[counters + 4], &odu[0]) || !hex_value (tok[counters + 5], &odu[1]))
        return FALSE;
      rec->v[2] = odu[0];
      rec->v[3] = odu[1];
    }
    return TRUE;
  case SEC_ACT:
    return parse_row (tok, ntok, name_last, 0, 2, act_tail, rec);
  case SEC_DMA:
    return parse_row (tok, ntok, name_last, 0, 2, 2, rec);
  default:
    return FALSE;
  }
}

/* The layer of a record name, for placing DPU records. */
static char *
record_layer (const char *name)
{
  const char *q = strchr (name, '?');
  const char *c = strstr (name, "/cluster_");
  const char *end = q != NULL ? q : c != NULL ? c : name + strlen (name);
  return g_strndup (name, (gsize) (end - name));
}

static void
free_record (gpointer p)
{
  g_free (((Record *) p)->name);
}

/* Records to measured tasks: DMA and SHAVE on the profiling timer, DPU
 * variants anchored as the header says. */
static gboolean
emit_records (Reader *r, GArray *recs, guint pll, GError **error)
{
  VsProfile *p = r->p;
  double vpu = 25.0 * pll, dpu = vpu * 4.0 / 3.0;
  guint64 origin = G_MAXUINT64;
  for (guint i = 0; i < recs->len; i++) {
    const Record *rc = &g_array_index (recs, Record, i);
    if (rc->sec == SEC_DMA || rc->sec == SEC_ACT)
      origin = MIN (origin, rc->v[0]);
  }
  if (origin == G_MAXUINT64) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, 0, "no DMA or ACT records: the "
                     "DPU records alone have no time origin");
    return FALSE;
  }
  double first_dpu = INFINITY, anchor = 0;
  const char *first_dpu_name = NULL;
  for (guint i = 0; i < recs->len; i++) {
    const Record *rc = &g_array_index (recs, Record, i);
    if (rc->sec != SEC_DPU)
      continue;
    double st = rc->v[1] / vpu - rc->v[0] / dpu;
    if (st < first_dpu) {
      first_dpu = st;
      first_dpu_name = rc->name;
    }
  }
  g_autofree char *dpu_layer = first_dpu_name != NULL ? record_layer (first_dpu_name) : NULL;
  gint64 last_end = 0;
  for (guint i = 0; i < recs->len; i++) {
    const Record *rc = &g_array_index (recs, Record, i);
    if (rc->sec != SEC_DMA && rc->sec != SEC_ACT)
      continue;
    double st = (rc->v[0] - origin) / TIMER_MHZ;
    double dur = rc->sec == SEC_DMA ? ((double) rc->v[1] - (double) rc->v[0]) / TIMER_MHZ
                                    : rc->v[1] / TIMER_MHZ;
    if (dur < 0 || st > 1e12 || dur > 1e12) {
      vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, rc->line, "record '%s' ends "
                       "before it begins", rc->name);
      return FALSE;
    }
    VsMeasuredTask *t = vs_profile_add_task (r, rc->name, rc->sec == SEC_DMA ? VS_ENGINE_DMA
                                             : VS_ENGINE_SHAVE, st, dur, rc->line);
    if (rc->sec == SEC_ACT) {
      t->tile = vs_profile_name_token (rc->name, "cluster_");
      t->shave = vs_profile_name_token (rc->name, "tile_");
    }
    last_end = MAX (last_end, t->start_ps + t->duration_ps);
    g_autofree char *layer = record_layer (rc->name);
    if (rc->sec == SEC_DMA && dpu_layer != NULL && strcmp (layer, dpu_layer) == 0)
      anchor = MAX (anchor, st + dur);
  }
  for (guint i = 0; i < recs->len; i++) {
    const Record *rc = &g_array_index (recs, Record, i);
    if (rc->sec != SEC_DPU)
      continue;
    double st = rc->v[1] / vpu - rc->v[0] / dpu;
    double dur = rc->v[3] / vpu - st;
    if (dur < 0 || dur > 1e12 || anchor + st - first_dpu > 1e12) {
      vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, rc->line, "DPU record '%s' ends "
                       "before it begins", rc->name);
      return FALSE;
    }
    VsMeasuredTask *t = vs_profile_add_task (r, rc->name, VS_ENGINE_DPU, anchor + st - first_dpu, dur,
                                             rc->line);
    t->tile = vs_profile_name_token (rc->name, "cluster_");
    t->variant = vs_profile_name_token (rc->name, "variant_");
    t->is_variant = TRUE;
  }
  p->latency_ps = last_end;
  p->freq_mhz = dpu;
  return TRUE;
}

gboolean
vs_profile_read_debug (Reader *r, const char *data, gsize length, GError **error)
{
  VsProfile *p = r->p;
  p->flavour = VS_PROFILE_FLAVOUR_DEBUG;
  g_autofree char *copy = g_strndup (data, length);
  g_auto (GStrv) lines = g_strsplit (copy, "\n", -1);
  g_autoptr (GArray) recs = g_array_new (FALSE, TRUE, sizeof (Record));
  g_array_set_clear_func (recs, free_record);
  Section sec = SEC_NONE;
  gboolean name_last = FALSE, seen_header = FALSE;
  guint act_tail = 3;
  guint pll = 0;
  for (guint k = 0; lines[k] != NULL; k++) {
    gint line = (gint) k + 1;
    char *s = g_strstrip (lines[k]);
    if (*s == '\0')
      continue;
    Section next;
    if (section_of_header (s, &next)) {
      if (next == SEC_NONE && strstr (s, "Engine") != NULL && !g_str_has_prefix (s, "Engine")) {
        vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line, "raw-counter report with "
                         "NPU 4.0 counters (IDU WL ID, LSU stalls, dmahw): only the NPU 2.7 layout "
                         "is read; use the profiling JSON or text report");
        return FALSE;
      }
      sec = next;
      name_last = g_str_has_prefix (s, "Index");
      if (sec == SEC_ACT)
        act_tail = counter_columns_from (s, "Begin");
      seen_header = TRUE;
      continue;
    }
    if (g_str_has_prefix (s, "Engine") || g_str_has_prefix (s, "Expected profiling buffer")) {
      sec = SEC_SUMMARY;   /* the buffer layout summary closes the report */
      continue;
    }
    g_auto (GStrv) split = g_strsplit_set (s, " \t", -1);
    char *tok[32];
    guint ntok = 0;
    for (guint t = 0; split[t] != NULL && ntok < G_N_ELEMENTS (tok); t++)
      if (*split[t] != '\0')
        tok[ntok++] = split[t];
    if (sec == SEC_PLL) {
      guint64 v;
      if (ntok >= 2 && hex_value (tok[ntok - 2], &v) && v > 0 && v < 256)
        pll = (guint) v;
      continue;
    }
    if (sec == SEC_SUMMARY || sec == SEC_NONE)
      continue;
    Record rec = { NULL, sec, { 0 }, line };
    if (!read_row (tok, ntok, sec, name_last, act_tail, &rec)) {
      g_free (rec.name);
      vs_profile_fail (error, VS_PROFILE_ERROR_PARSE, r->origin, line, "a raw-counter record needs "
                       "its hexadecimal counters and a task name");
      return FALSE;
    }
    g_array_append_val (recs, rec);
  }
  if (!seen_header || recs->len == 0) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, 0, "no raw-counter records");
    return FALSE;
  }
  if (pll == 0) {
    vs_profile_fail (error, VS_PROFILE_ERROR_INVALID, r->origin, 0, "no workpoint (PLL) record: the "
                     "DPU counters cannot be converted to time");
    return FALSE;
  }
  return emit_records (r, recs, pll, error);
}
