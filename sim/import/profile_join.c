/* SPDX-License-Identifier: Apache-2.0 */
/* profile_join.c — measured tasks joined to the schedule's tasks: by name
 * where the names match, else by layer, engine, tile and order. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sim/import/profile_internal.h"

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

/* A measured name's layer for the second pass: the text before its '?',
 * or without one, the name less its trailing cluster_N, tile_K, variant_K
 * and Duplicated_N tokens ("pool1/cluster_0/variant_1" -> "pool1"). */
static char *
measured_layer (const char *name)
{
  const char *q = strchr (name, '?');
  if (q != NULL)
    return g_strndup (name, (gsize) (q - name));
  char *out = g_strdup (name);
  static const char *const tokens[] = { "cluster_", "tile_", "variant_", "Duplicated_" };
  for (;;) {
    char *slash = strrchr (out, '/');
    if (slash == NULL)
      break;
    gboolean strip = FALSE;
    for (guint k = 0; k < G_N_ELEMENTS (tokens) && !strip; k++) {
      gsize n = strlen (tokens[k]);
      if (strncmp (slash + 1, tokens[k], n) == 0 && slash[1 + n] != '\0') {
        strip = TRUE;
        for (const char *c = slash + 1 + n; *c != '\0'; c++)
          strip &= g_ascii_isdigit (*c) != 0;
      }
    }
    if (!strip)
      break;
    *slash = '\0';
  }
  return out;
}

/* A schedule task's layer for the second pass: the text before its '?';
 * "" for a task without a name or one the compiler named only by its
 * profiling slot ("_PROF_2": 2022 tasks at loc(unknown)). */
static char *
task_layer (const char *name)
{
  if (name == NULL || g_str_has_prefix (name, "_PROF"))
    return g_strdup ("");
  const char *q = strchr (name, '?');
  return q != NULL ? g_strndup (name, (gsize) (q - name)) : g_strdup (name);
}

typedef struct {
  const VsSchedule *s;
  const VsProfile *p;
  VsProfileJoin *j;
  gboolean *instr;              /* [n_tasks] instrumentation */
  Started *order;               /* measured tasks by start time */
  gboolean merged_clusters;     /* 2022-23: DPU/SHAVE cluster tokens dropped from names */
} JoinState;

/* The key a pass matches on: by name (pass 0) or by layer (pass 1). */
static char *
task_key (const JoinState *js, guint ti, int pass)
{
  const VsTask *t = vs_schedule_task (js->s, ti);
  VsEngine e = engine_of_task (js->s, t);
  g_autofree char *k = pass == 0 ? canonical_name (t->name, js->merged_clusters && e != VS_ENGINE_DMA)
                                 : task_layer (t->name);
  return join_key (e, k);
}

static char *
measured_key (const JoinState *js, const VsMeasuredTask *m, int pass)
{
  if (pass == 1) {
    g_autofree char *k = measured_layer (m->name);
    return join_key (m->engine, k);
  }
  g_autofree char *base = m->is_variant ? strip_variant (m->name) : g_strdup (m->name);
  g_autofree char *canon = canonical_name (base, js->merged_clusters && m->engine != VS_ENGINE_DMA);
  return join_key (m->engine, canon);
}

/* A variant event onto a free variant of DPU task `ti`: the index its name
 * gives, else the first free one. */
static gboolean
join_variant (JoinState *js, guint mi, guint ti)
{
  VsProfileJoin *j = js->j;
  const VsMeasuredTask *m = &g_array_index (js->p->tasks, VsMeasuredTask, mi);
  const VsTask *t = vs_schedule_task (js->s, ti);
  if (t->kind != VS_TASK_DPU)
    return FALSE;
  const VsDpuSpec *d = &t->spec.dpu;
  guint v0 = m->variant >= 0 ? (guint) m->variant : 0;
  guint v1 = m->variant >= 0 ? (guint) m->variant + 1 : d->n_variants;
  for (guint v = v0; v < v1 && v < d->n_variants; v++) {
    guint vi = d->first_variant + v;
    if (j->measured_of_variant[vi] >= 0)
      continue;
    j->measured_of_variant[vi] = (gint32) mi;
    j->variant_of_measured[mi] = (gint32) vi;
    j->task_of_measured[mi] = (gint32) ti;
    j->joined_variants++;
    return TRUE;
  }
  return FALSE;
}

/* One pass: every measured task not joined yet, in order of start, onto the
 * first free compatible schedule task with the same key, in schedule order. */
static void
join_pass (JoinState *js, int pass)
{
  VsProfileJoin *j = js->j;
  g_autoptr (GHashTable) candidates =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < j->n_tasks; i++) {
    if (js->instr[i] || j->measured_of_task[i] >= 0)
      continue;
    char *key = task_key (js, i, pass);
    GArray *list = g_hash_table_lookup (candidates, key);
    if (list == NULL) {
      list = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (candidates, key, list);
    } else {
      g_free (key);
    }
    g_array_append_val (list, i);
  }
  for (guint k = 0; k < j->n_measured; k++) {
    guint mi = js->order[k].index;
    const VsMeasuredTask *m = &g_array_index (js->p->tasks, VsMeasuredTask, mi);
    if (j->task_of_measured[mi] >= 0)
      continue;
    g_autofree char *key = measured_key (js, m, pass);
    GArray *list = g_hash_table_lookup (candidates, key);
    for (guint c = 0; list != NULL && c < list->len; c++) {
      guint ti = g_array_index (list, guint, c);
      if (!compatible (js->s, vs_schedule_task (js->s, ti), m))
        continue;
      if (m->is_variant) {
        if (join_variant (js, mi, ti))
          break;
        continue;
      }
      if (j->measured_of_task[ti] >= 0)
        continue;
      j->measured_of_task[ti] = (gint32) mi;
      j->task_of_measured[mi] = (gint32) ti;
      j->joined_tasks++;
      if (pass == 1)
        j->joined_by_layer++;
      break;
    }
  }
}

static VsProfileJoin *
join_new (const VsSchedule *s, const VsProfile *p)
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
  for (guint i = 0; i < j->n_measured; i++) {
    if (g_array_index (p->tasks, VsMeasuredTask, i).is_variant)
      j->measured_variants++;
    else
      j->measured_tasks++;
  }
  return j;
}

VsProfileJoin *
vs_profile_join (const VsSchedule *s, const VsProfile *p)
{
  VsProfileJoin *j = join_new (s, p);
  g_autofree gboolean *instr = g_new0 (gboolean, MAX (j->n_tasks, 1));
  for (guint i = 0; i < j->n_tasks; i++) {
    instr[i] = vs_profile_task_is_instrumentation (s, i);
    if (instr[i])
      j->instrumentation++;
    else
      j->schedule_tasks++;
  }
  const VsMeasuredTask *mt = (const VsMeasuredTask *) (void *) p->tasks->data;
  g_autofree Started *order = g_new (Started, MAX (j->n_measured, 1));
  for (guint i = 0; i < j->n_measured; i++)
    order[i] = (Started) { mt[i].start_ps, i };
  qsort (order, j->n_measured, sizeof (Started), cmp_started);
  JoinState js = { s, p, j, instr, order, p->flavour == VS_PROFILE_FLAVOUR_2023 };
  join_pass (&js, 0);
  join_pass (&js, 1);
  for (guint i = 0; i < j->n_measured; i++)
    if (j->task_of_measured[i] < 0)
      g_array_append_val (j->unjoined_measured, i);
  for (guint i = 0; i < j->n_tasks; i++)
    if (!instr[i] && j->measured_of_task[i] < 0)
      g_array_append_val (j->unjoined_tasks, i);
  return j;
}

/* Joined measured tasks and variants over all measured events, in percent
 * (100 when there are none). */
double
vs_profile_join_rate (const VsProfileJoin *j)
{
  guint measured = j->measured_tasks + j->measured_variants;
  return measured > 0 ? 100.0 * (j->joined_tasks + j->joined_variants) / measured : 100.0;
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
