/* SPDX-License-Identifier: Apache-2.0 */
/* what_if.c — speed-up questions answered by replays with scaled durations
 * (see what_if.h), and their table and JSON. */
#include "sim/analysis/what_if.h"

#include <stdlib.h>
#include <string.h>

#include "sim/base/output_file.h"
#include "sim/base/parallel.h"

typedef struct {
  const VsRun *run;
  const VsRunConfig *config;
  guint n_targets;              /* engines first, then layers */
  gint32 *task_target_engine;   /* per task: target index of its engine */
  gint32 *task_target_layer;    /* per task: target index of its layer, or -1 */
  gint64 *latency;              /* n_targets x VS_WHAT_IF_SPEEDUPS */
} Job;

/* A worker's duration arrays. */
static gpointer
scratch_new (gpointer data)
{
  return vs_run_durations_new (((const Job *) data)->run);
}

static void
scratch_free (gpointer p)
{
  vs_run_durations_free (p);
}

static inline gint64
scale (gint64 ps, VsWhatIfSpeedup speedup)
{
  return speedup == VS_WHAT_IF_INFINITE ? 0 : (ps + 1) / 2;
}

static gboolean
replay_target (gpointer data, gpointer scratch, guint64 index, GError **error)
{
  const Job *job = data;
  VsRunDurations *s = scratch;
  const VsSchedule *sch = job->run->schedule;
  const VsCosts *c = &job->run->costs;
  gint32 target = (gint32) (index / VS_WHAT_IF_SPEEDUPS);
  VsWhatIfSpeedup speedup = (VsWhatIfSpeedup) (index % VS_WHAT_IF_SPEEDUPS);
  guint nt = sch->tasks->len, nv = sch->variants->len;
  if (nt > 0)
    memcpy (s->task_ps, c->task_ps, nt * sizeof (gint64));
  if (nv > 0)
    memcpy (s->variant_ps, c->variant_ps, nv * sizeof (gint64));
  for (guint t = 0; t < nt; t++) {
    if (job->task_target_engine[t] != target && job->task_target_layer[t] != target)
      continue;
    s->task_ps[t] = scale (s->task_ps[t], speedup);
    const VsTask *task = vs_schedule_task (sch, t);
    if (task->kind == VS_TASK_DPU)
      for (guint v = 0; v < task->spec.dpu.n_variants; v++)
        s->variant_ps[task->spec.dpu.first_variant + v] =
          scale (s->variant_ps[task->spec.dpu.first_variant + v], speedup);
  }
  VsTimeline *tl = vs_run_replay_with (job->run, job->config, s->task_ps,
                                       nv > 0 ? s->variant_ps : NULL, error);
  if (tl == NULL)
    return FALSE;
  job->latency[index] = tl->latency_ps;
  vs_timeline_free (tl);
  return TRUE;
}

static double
gain (gint64 base, gint64 latency)
{
  return base > 0 ? (double) (base - latency) / (double) base : 0.0;
}

static int
compare_targets (const void *a, const void *b)
{
  const VsWhatIfTarget *x = a, *y = b;
  /* A lower latency is a larger gain; the infinite speed-up (the bound)
   * first, then 2x, then name for a stable order. */
  for (int k = VS_WHAT_IF_SPEEDUPS; k-- > 0;)
    if (x->latency_ps[k] != y->latency_ps[k])
      return x->latency_ps[k] < y->latency_ps[k] ? -1 : 1;
  return strcmp (x->name, y->name);
}

typedef struct {
  const char *name;
  guint first_task;             /* for ties: the layer met first wins */
  guint n_tasks;
  gint64 busy_ps;
} LayerTotal;

static int
compare_layer_busy (const void *a, const void *b)
{
  const LayerTotal *x = a, *y = b;
  if (x->busy_ps != y->busy_ps)
    return x->busy_ps > y->busy_ps ? -1 : 1;
  return x->first_task < y->first_task ? -1 : x->first_task > y->first_task;
}

void
vs_what_if_clear (VsWhatIf *w)
{
  GArray *lists[] = { w->engines, w->layers };
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++) {
    if (lists[l] == NULL)
      continue;
    for (guint i = 0; i < lists[l]->len; i++)
      g_free (g_array_index (lists[l], VsWhatIfTarget, i).name);
    g_array_unref (lists[l]);
  }
  memset (w, 0, sizeof *w);
}

gboolean
vs_what_if_speedups (const VsRun *run, const VsRunConfig *config, guint top, guint threads,
                     VsWhatIf *w, GError **error)
{
  g_return_val_if_fail (run->timeline != NULL, FALSE);
  const VsSchedule *s = run->schedule;
  /* Busy time as the report counts it: each task's span in the replay
   * (DDR contention and SHAVE start-up included), not its cost alone. */
  const gint64 *start_ps = run->timeline->task_start, *end_ps = run->timeline->task_end;
  guint nt = s->tasks->len;
  memset (w, 0, sizeof *w);
  w->base_latency_ps = run->timeline->latency_ps;
  w->top = top;
  w->engines = g_array_new (FALSE, TRUE, sizeof (VsWhatIfTarget));
  w->layers = g_array_new (FALSE, TRUE, sizeof (VsWhatIfTarget));

  Job job = { run, config, 0, NULL, NULL, NULL };
  job.task_target_engine = g_new (gint32, nt + 1);
  job.task_target_layer = g_new (gint32, nt + 1);

  /* Engines with tasks, in engine order. */
  gboolean has_tasks[VS_ENGINE_COUNT] = { FALSE };
  gint32 engine_target[VS_ENGINE_COUNT] = { -1, -1, -1, -1 };
  G_STATIC_ASSERT (VS_ENGINE_COUNT == 4);
  for (guint t = 0; t < nt; t++)
    has_tasks[vs_schedule_queue (s, vs_schedule_task (s, t)->queue)->engine] = TRUE;
  for (int e = 0; e < VS_ENGINE_COUNT; e++)
    if (has_tasks[e]) {
      engine_target[e] = (gint32) w->engines->len;
      VsWhatIfTarget target = { g_strdup (vs_engine_name (e)), 0, 0, { 0 } };
      g_array_append_val (w->engines, target);
    }

  /* Layers by busy time. */
  g_autoptr(GHashTable) layer_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) layers = g_array_new (FALSE, FALSE, sizeof (LayerTotal));
  for (guint t = 0; t < nt; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    VsWhatIfTarget *et = &g_array_index (w->engines, VsWhatIfTarget,
                                         engine_target[vs_schedule_queue (s, task->queue)->engine]);
    et->n_tasks++;
    et->busy_ps += end_ps[t] - start_ps[t];
    job.task_target_engine[t] = engine_target[vs_schedule_queue (s, task->queue)->engine];
    if (task->layer == NULL || *task->layer == '\0')
      continue;
    gpointer found;
    if (!g_hash_table_lookup_extended (layer_index, task->layer, NULL, &found)) {
      LayerTotal lt = { task->layer, t, 0, 0 };
      found = GUINT_TO_POINTER (layers->len);
      g_array_append_val (layers, lt);
      g_hash_table_insert (layer_index, (gpointer) task->layer, found);
    }
    LayerTotal *lt = &g_array_index (layers, LayerTotal, GPOINTER_TO_UINT (found));
    lt->n_tasks++;
    lt->busy_ps += end_ps[t] - start_ps[t];
  }
  if (layers->len > 1)
    qsort (layers->data, layers->len, sizeof (LayerTotal), compare_layer_busy);
  guint n_layers = MIN (top, layers->len);
  g_hash_table_remove_all (layer_index);
  for (guint i = 0; i < n_layers; i++) {
    const LayerTotal *lt = &g_array_index (layers, LayerTotal, i);
    VsWhatIfTarget target = { g_strdup (lt->name), lt->n_tasks, lt->busy_ps, { 0 } };
    g_array_append_val (w->layers, target);
    g_hash_table_insert (layer_index, (gpointer) lt->name, GUINT_TO_POINTER (i + 1));
  }
  guint n_engines = w->engines->len;
  for (guint t = 0; t < nt; t++) {
    const char *layer = vs_schedule_task (s, t)->layer;
    guint i = layer != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (layer_index, layer)) : 0;
    job.task_target_layer[t] = i > 0 ? (gint32) (n_engines + i - 1) : -1;
  }

  job.n_targets = n_engines + w->layers->len;
  job.latency = g_new0 (gint64, (gsize) job.n_targets * VS_WHAT_IF_SPEEDUPS + 1);
  VsParallelJob pj = { scratch_new, scratch_free, replay_target, NULL };
  gboolean ok = vs_parallel_run (&pj, &job, (guint64) job.n_targets * VS_WHAT_IF_SPEEDUPS, threads,
                                 error);
  for (guint i = 0; ok && i < job.n_targets; i++) {
    VsWhatIfTarget *target = i < n_engines ? &g_array_index (w->engines, VsWhatIfTarget, i)
                                           : &g_array_index (w->layers, VsWhatIfTarget, i - n_engines);
    for (int k = 0; k < VS_WHAT_IF_SPEEDUPS; k++)
      target->latency_ps[k] = job.latency[i * VS_WHAT_IF_SPEEDUPS + (guint) k];
  }
  g_free (job.task_target_engine);
  g_free (job.task_target_layer);
  g_free (job.latency);
  if (!ok) {
    g_prefix_error (error, "what-if replay: ");
    vs_what_if_clear (w);
    return FALSE;
  }
  /* qsort wants a non-NULL array even when empty. */
  if (w->engines->len > 1)
    qsort (w->engines->data, w->engines->len, sizeof (VsWhatIfTarget), compare_targets);
  if (w->layers->len > 1)
    qsort (w->layers->data, w->layers->len, sizeof (VsWhatIfTarget), compare_targets);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Output. */

/* A name on one line, at most `max` characters (bytes; names are ASCII in
 * practice, and a cut inside a UTF-8 sequence is avoided). */
static char *
clean_name (const char *name, gsize max)
{
  GString *s = g_string_new (NULL);
  for (const char *p = name; *p; p++)
    g_string_append_c (s, (unsigned char) *p < 0x20 ? ' ' : *p);
  if (s->len > max) {
    gsize cut = max - 3;
    while (cut > 0 && ((guchar) s->str[cut] & 0xC0) == 0x80)
      cut--;
    g_string_truncate (s, cut);
    g_string_append (s, "...");
  }
  return g_string_free (s, FALSE);
}

static void
append_rows (GString *out, const VsWhatIf *w, const GArray *list, const char *prefix, int width)
{
  for (guint i = 0; i < list->len; i++) {
    const VsWhatIfTarget *t = &g_array_index (list, VsWhatIfTarget, i);
    g_autofree char *name = clean_name (t->name, (gsize) width - strlen (prefix));
    g_autofree char *label = g_strconcat (prefix, name, NULL);
    g_autoptr(GString) busy = g_string_new (NULL);
    vs_output_append_fixed (busy, t->busy_ps, 6, 3);
    g_string_append_printf (out, "  %-*s %6u %12s", width, label, t->n_tasks, busy->str);
    for (int k = 0; k < VS_WHAT_IF_SPEEDUPS; k++) {
      g_autoptr(GString) lat = g_string_new (NULL), pct = g_string_new (NULL);
      vs_output_append_fixed (lat, t->latency_ps[k], 6, 3);
      vs_output_append_double (pct, 100.0 * gain (w->base_latency_ps, t->latency_ps[k]), 1);
      g_string_append_printf (out, " %12s %6s %%", lat->str, pct->str);
    }
    g_string_append_c (out, '\n');
  }
}

void
vs_what_if_append_text (GString *out, const VsWhatIf *w)
{
  enum { MAX_WIDTH = 40 };
  int width = (int) strlen ("engine SHAVE");
  for (guint i = 0; i < w->layers->len; i++)
    width = MAX (width, (int) strlen ("layer ") +
                            (int) strlen (g_array_index (w->layers, VsWhatIfTarget, i).name));
  width = MIN (width, MAX_WIDTH);
  g_string_append (out, "\nwhat if one part ran faster (base latency ");
  vs_output_append_fixed (out, w->base_latency_ps, 6, 3);
  if (w->top > 0)
    g_string_append_printf (out, " us; engines, then the top %u layers by busy time):\n", w->top);
  else
    g_string_append (out, " us; engines):\n");
  /* The speed-up over each latency/gain pair. */
  g_string_append_printf (out, "  %-*s %6s %12s %16s %21s\n", width, "", "", "", "2x faster",
                          "infinitely fast");
  g_string_append_printf (out, "  %-*s %6s %12s %12s %8s %12s %8s\n", width, "what", "tasks",
                          "busy us", "latency us", "gain", "latency us", "gain");
  append_rows (out, w, w->engines, "engine ", width);
  append_rows (out, w, w->layers, "layer ", width);
}

static void
append_json_list (GString *out, const VsWhatIf *w, const GArray *list)
{
  static const char *const speedup_keys[VS_WHAT_IF_SPEEDUPS] = { "twice_as_fast",
                                                                 "infinitely_fast" };
  g_string_append (out, "[");
  for (guint i = 0; i < list->len; i++) {
    const VsWhatIfTarget *t = &g_array_index (list, VsWhatIfTarget, i);
    g_string_append (out, i ? ",\n      {\n        \"name\": " : "\n      {\n        \"name\": ");
    vs_output_append_json_string (out, t->name);
    g_string_append_printf (out, ",\n        \"tasks\": %u,\n        \"busy_us\": ", t->n_tasks);
    vs_output_append_fixed (out, t->busy_ps, 6, 3);
    for (int k = 0; k < VS_WHAT_IF_SPEEDUPS; k++) {
      g_string_append_printf (out, ",\n        \"%s\": {\"latency_us\": ", speedup_keys[k]);
      vs_output_append_fixed (out, t->latency_ps[k], 6, 3);
      g_string_append (out, ", \"gain\": ");
      vs_output_append_double (out, gain (w->base_latency_ps, t->latency_ps[k]), 6);
      g_string_append_c (out, '}');
    }
    g_string_append (out, "\n      }");
  }
  g_string_append (out, list->len ? "\n    ]" : "]");
}

void
vs_what_if_append_json_member (GString *out, const VsWhatIf *w)
{
  g_string_append (out, "  \"what_if\": {\n    \"base_latency_us\": ");
  vs_output_append_fixed (out, w->base_latency_ps, 6, 3);
  g_string_append_printf (out, ",\n    \"top\": %u,\n    \"engines\": ", w->top);
  append_json_list (out, w, w->engines);
  g_string_append (out, ",\n    \"layers\": ");
  append_json_list (out, w, w->layers);
  g_string_append (out, "\n  }");
}
