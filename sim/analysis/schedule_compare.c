/* SPDX-License-Identifier: Apache-2.0 */
/* schedule_compare.c — replays scored against a measured run. */
#include "sim/analysis/schedule_compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hw/name_table.h"
#include "sim/base/median.h"
#include "sim/base/output_file.h"

/* "theoretical": the analytical model's other name. */
static const VsNameEntry model_names[] = {
  { "vpunn", VS_COMPARE_VPUNN }, { "analytical", VS_COMPARE_ANALYTICAL },
  { "compiler", VS_COMPARE_COMPILER }, { "measured", VS_COMPARE_MEASURED },
  { "theoretical", VS_COMPARE_ANALYTICAL }, { NULL, 0 },
};

const char *
vs_compare_model_name (VsCompareModel m)
{
  const char *name = vs_name_table_name (model_names, (int) m);
  return name != NULL ? name : "?";
}

gboolean
vs_compare_models_parse (const char *text, gboolean use[VS_COMPARE_MODEL_COUNT], GError **error)
{
  for (int m = 0; m < VS_COMPARE_MODEL_COUNT; m++)
    use[m] = text == NULL;
  if (text == NULL)
    return TRUE;
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  gboolean any = FALSE;
  for (guint i = 0; parts[i] != NULL; i++) {
    int found;
    if (!vs_name_table_lookup (model_names, parts[i], &found)) {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--cost: '%s' is not a model to compare (valid: vpunn, analytical, compiler, "
                   "measured)", parts[i]);
      return FALSE;
    }
    use[found] = any = TRUE;
  }
  if (!any) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 "--cost: no model named (valid: vpunn, analytical, compiler, measured)");
    return FALSE;
  }
  return TRUE;
}

/* Load the run once more with another cost configuration and mode. */
static VsMeasuredRun *
load (const char *spec, const VsRunConfig *base, const char *cost, VsReplayMode mode,
      GError **error)
{
  VsRunConfig config = *base;
  config.cost = cost;
  config.mode = mode;
  return vs_measured_run_load (spec, &config, error);
}

/* Score one replay against the measurement. */
static void
score (VsCompareResult *res)
{
  const VsMeasuredRun *r = res->run;
  const VsSchedule *s = r->run.schedule;
  const VsTimeline *tl = res->timeline;
  vs_measured_span (s, r->profile, r->join, tl, &res->span);
  res->error_pct = vs_measured_error_pct (res->span.predicted_ps, res->span.measured_ps);

  /* Start offsets are taken from the task the chip started first, in both. */
  gint32 origin = -1;
  gint64 origin_measured = G_MAXINT64;
  for (guint t = 0; t < s->tasks->len; t++) {
    gint32 m = r->join->measured_of_task[t];
    if (m >= 0 && g_array_index (r->profile->tasks, VsMeasuredTask, m).start_ps < origin_measured) {
      origin_measured = g_array_index (r->profile->tasks, VsMeasuredTask, m).start_ps;
      origin = (gint32) t;
    }
  }
  res->origin_task = origin;
  res->origin_measured_ps = origin >= 0 ? origin_measured : 0;
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    res->measured_us[e] = g_new (double, s->tasks->len + 1);
    res->predicted_us[e] = g_new (double, s->tasks->len + 1);
  }
  g_autofree double *all_p = g_new (double, s->tasks->len + 1);
  g_autofree double *all_m = g_new (double, s->tasks->len + 1);
  guint n_all = 0, n_starts = 0;
  double start_error_sum = 0;
  for (guint t = 0; t < s->tasks->len; t++) {
    gint32 m = r->join->measured_of_task[t];
    if (m < 0)
      continue;
    const VsMeasuredTask *mt = &g_array_index (r->profile->tasks, VsMeasuredTask, m);
    int e = vs_schedule_queue (s, vs_schedule_task (s, t)->queue)->engine;
    double predicted = (double) (tl->task_end[t] - tl->task_start[t]) * 1e-6;
    double measured = (double) mt->duration_ps * 1e-6;
    guint k = res->n_points[e]++;
    res->predicted_us[e][k] = all_p[n_all] = predicted;
    res->measured_us[e][k] = all_m[n_all++] = measured;
    double offset_p = (double) (tl->task_start[t] - tl->task_start[origin]);
    double offset_m = (double) (mt->start_ps - origin_measured);
    start_error_sum += fabs (offset_p - offset_m) * 1e-6;
    n_starts++;
  }
  for (int e = 0; e < VS_ENGINE_COUNT; e++)
    vs_accuracy_compute (res->predicted_us[e], res->measured_us[e], res->n_points[e], &res->engines[e]);
  vs_accuracy_compute (all_p, all_m, n_all, &res->all);
  res->start_mae_us = n_starts > 0 ? start_error_sum / n_starts : NAN;
}

/* measured / modelled duration of every joined task of engine kind `e`;
 * for DPU work timed per variant only (the raw-counter profiles), of every
 * joined variant instead.  Returns the count; `ratios` has room for
 * tasks + variants. */
static guint
duration_ratios (const VsCompareResult *res, int e, double *ratios)
{
  guint n = 0;
  for (guint i = 0; i < res->n_points[e]; i++)
    if (res->predicted_us[e][i] > 0 && res->measured_us[e][i] > 0)
      ratios[n++] = res->measured_us[e][i] / res->predicted_us[e][i];
  if (e != VS_ENGINE_DPU || n >= 2)
    return n;
  const VsMeasuredRun *r = res->run;
  const VsTimeline *tl = res->timeline;
  n = 0;
  for (guint v = 0; v < tl->n_variants; v++) {
    gint32 m = r->join->measured_of_variant[v];
    if (m < 0 || tl->variant_start[v] < 0)
      continue;
    gint64 predicted = tl->variant_end[v] - tl->variant_start[v];
    gint64 measured = g_array_index (r->profile->tasks, VsMeasuredTask, m).duration_ps;
    if (predicted > 0 && measured > 0)
      ratios[n++] = (double) measured / (double) predicted;
  }
  return n;
}

/* The median factor measured / modelled of one engine kind's joined work
 * when every piece of it is off by at least 2x the same way, else 0. */
static double
uniform_ratio (const VsCompareResult *res, int e, double *lo, double *hi, guint *count)
{
  const VsSchedule *s = res->run->run.schedule;
  g_autofree double *ratios = g_new (double, s->tasks->len + s->variants->len + 1);
  guint n = duration_ratios (res, e, ratios);
  if (n < 2)
    return 0;
  double median = vs_median (ratios, n);
  *lo = ratios[0];
  *hi = ratios[n - 1];
  *count = n;
  if (ratios[0] < 2.0 && ratios[n - 1] > 0.5)
    return 0;
  return median;
}

/* A run measured at other clocks than the device's: engines whose every
 * task is far off by one factor, or a recorded workpoint that differs from
 * the device.  Names them, and the clocks to replay and calibrate at (DPU
 * work scales with the DPU clock, SHAVE work with the SHAVE clock; a
 * recorded workpoint moves both, as the PLL does). */
static void
check_clocks (VsComparison *c)
{
  const VsCompareResult *res = NULL;
  for (int m = 0; m < VS_COMPARE_MODEL_COUNT && res == NULL; m++)
    if (m != VS_COMPARE_MEASURED && c->results[m].used)
      res = &c->results[m];
  if (res == NULL)
    return;
  const VsDevice *d = &res->run->run.schedule->device;
  g_autoptr(GString) what = g_string_new (NULL);
  double dpu_clock = 0, shave_clock = 0;
  int direction = 0;
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    double lo = 0, hi = 0;
    guint n = 0;
    double ratio = uniform_ratio (res, e, &lo, &hi, &n);
    c->uniform_ratio[e] = ratio;
    if (ratio == 0)
      continue;
    direction = ratio > 1 ? 1 : -1;
    g_string_append_printf (what, "%severy %s %s took %.2fx to %.2fx its modelled duration "
                            "(median %.2fx, %u of them)", what->len ? "; " : "",
                            vs_engine_name ((VsEngine) e), res->n_points[e] >= 2 || e != VS_ENGINE_DPU
                            ? "task" : "variant", lo, hi, ratio, n);
    if (e == VS_ENGINE_DPU && d->dpu_clock_mhz > 0)
      dpu_clock = d->dpu_clock_mhz / ratio;
    if (e == VS_ENGINE_SHAVE && d->shave_clock_mhz > 0)
      shave_clock = d->shave_clock_mhz / ratio;
  }
  /* A workpoint within 15 % of the device (NPU 4.0's 1850 MHz parts against
   * the nominal 1700) is a note of the run loader's; this is for runs far
   * off, as at a low PLL. */
  const VsProfile *p = res->run->profile;
  double recorded = vs_profile_other_clock (p, d->dpu_clock_mhz);
  if (recorded > 0) {
    g_string_append_printf (what, "%sthe profile records the chip at %.4g MHz (its workpoint), the "
                            "device says %.4g MHz", what->len ? "; " : "", recorded,
                            d->dpu_clock_mhz);
    direction = recorded < d->dpu_clock_mhz ? 1 : -1;
    dpu_clock = recorded;
    /* NPU 2.7's PLL clocks the SHAVEs at 3/4 of the DPU (975 and 1300 MHz
     * at PLL 39). */
    if (p->flavour == VS_PROFILE_FLAVOUR_DEBUG)
      shave_clock = recorded * 3.0 / 4.0;
  }
  if (what->len == 0)
    return;
  gboolean uniform = FALSE;
  for (int e = 0; e < VS_ENGINE_COUNT; e++)
    uniform |= c->uniform_ratio[e] != 0;
  g_string_append_printf (what, ": the run was measured at %s clocks than the device's (%s)%s",
                          direction > 0 ? "lower" : "higher",
                          direction > 0 ? "a low PLL or a throttled chip" : "a faster part",
                          uniform ? ", not mispredicted task by task" : "");
  g_autoptr(GString) sets = g_string_new (NULL);
  if (dpu_clock > 0)
    g_string_append_printf (sets, " --set dpu_clock_mhz=%.4g", dpu_clock);
  if (shave_clock > 0)
    g_string_append_printf (sets, " --set shave_clock_mhz=%.4g", shave_clock);
  if (sets->len > 0)
    g_string_append_printf (what, "; fit its latencies at those clocks with\n"
                            "  vpusim calibrate%s %s:%s", sets->str, c->schedule_path,
                            c->profile_path);
  c->clock_hint = g_string_free (g_steal_pointer (&what), FALSE);
}

VsComparison *
vs_comparison_run (const char *run_spec, const VsRunConfig *config,
                   const gboolean use_in[VS_COMPARE_MODEL_COUNT], gboolean vpunn_optional,
                   GError **error)
{
  g_autoptr(VsComparison) c = g_new0 (VsComparison, 1);
  c->notes = g_ptr_array_new_with_free_func (g_free);
  c->compiler_estimate_ps = -1;
  gboolean use[VS_COMPARE_MODEL_COUNT];
  memcpy (use, use_in, sizeof use);

  /* VPUNN serves vpunn, compiler and measured (the durations of the tasks
   * the profile did not time); without its files, measured falls back to
   * the analytical costs. */
  if (use[VS_COMPARE_VPUNN] || use[VS_COMPARE_MEASURED] || use[VS_COMPARE_COMPILER]) {
    gboolean need_vpunn = use[VS_COMPARE_VPUNN] || use[VS_COMPARE_COMPILER];
    g_autoptr(GError) local = NULL;
    c->vpunn = load (run_spec, config, need_vpunn ? "vpunn" : "auto", config->mode, &local);
    if (c->vpunn == NULL && need_vpunn && vpunn_optional) {
      g_ptr_array_add (c->notes, g_strdup_printf ("VPUNN not used (%s): comparing the analytical "
                                                  "and measured models", local->message));
      use[VS_COMPARE_VPUNN] = use[VS_COMPARE_COMPILER] = FALSE;
      use[VS_COMPARE_ANALYTICAL] = TRUE;
      g_clear_error (&local);
      c->vpunn = load (run_spec, config, "auto", config->mode, &local);
    }
    if (c->vpunn == NULL) {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  }
  if (use[VS_COMPARE_COMPILER]) {
    c->compiler = load (run_spec, config, "vpunn", VS_REPLAY_COMPILER, error);
    if (c->compiler == NULL)
      return NULL;
  }
  if (use[VS_COMPARE_ANALYTICAL]) {
    c->analytical = load (run_spec, config, "analytical", config->mode, error);
    if (c->analytical == NULL)
      return NULL;
  }
  VsMeasuredRun *any = c->vpunn != NULL ? c->vpunn : c->analytical;
  c->schedule_path = g_strdup (any->schedule_path);
  c->profile_path = g_strdup (any->profile_path);
  c->compiler_estimate_ps = any->compiler_estimate_ps;
  for (guint i = 0; i < any->run.notes->len; i++)
    g_ptr_array_add (c->notes, g_strdup (any->run.notes->pdata[i]));

  VsMeasuredRun *runs[VS_COMPARE_MODEL_COUNT] = {
    [VS_COMPARE_VPUNN] = c->vpunn, [VS_COMPARE_ANALYTICAL] = c->analytical,
    [VS_COMPARE_COMPILER] = c->compiler, [VS_COMPARE_MEASURED] = c->vpunn,
  };
  for (int m = 0; m < VS_COMPARE_MODEL_COUNT; m++) {
    if (!use[m])
      continue;
    VsCompareResult *res = &c->results[m];
    res->used = TRUE;
    res->run = runs[m];
    res->mode = m == VS_COMPARE_COMPILER ? VS_REPLAY_COMPILER
              : m == VS_COMPARE_MEASURED ? VS_REPLAY_REALISTIC : config->mode;
    res->timeline = vs_measured_run_replay (res->run, NULL, res->mode, m == VS_COMPARE_MEASURED,
                                            error);
    if (res->timeline == NULL) {
      g_prefix_error (error, "%s model: ", vs_compare_model_name (m));
      return NULL;
    }
    score (res);
  }
  check_clocks (c);
  const VsProfileJoin *j = any->join;
  if (j->unjoined_measured->len > 0)
    g_ptr_array_add (c->notes,
                     g_strdup_printf ("%u of %u measured tasks join no schedule task (first: '%s')",
                                      j->unjoined_measured->len, j->measured_tasks + j->measured_variants,
                                      g_array_index (any->profile->tasks, VsMeasuredTask,
                                                     g_array_index (j->unjoined_measured, guint, 0)).name));
  return g_steal_pointer (&c);
}

void
vs_comparison_free (VsComparison *c)
{
  if (c == NULL)
    return;
  for (int m = 0; m < VS_COMPARE_MODEL_COUNT; m++) {
    VsCompareResult *res = &c->results[m];
    g_clear_pointer (&res->timeline, vs_timeline_free);
    for (int e = 0; e < VS_ENGINE_COUNT; e++) {
      g_free (res->measured_us[e]);
      g_free (res->predicted_us[e]);
    }
  }
  vs_measured_run_free (c->vpunn);
  vs_measured_run_free (c->compiler);
  vs_measured_run_free (c->analytical);
  g_free (c->schedule_path);
  g_free (c->profile_path);
  if (c->notes != NULL)
    g_ptr_array_unref (c->notes);
  g_free (c->clock_hint);
  g_free (c);
}

VsCompareModel
vs_comparison_primary (const VsComparison *c)
{
  for (int m = 0; m < VS_COMPARE_MODEL_COUNT; m++)
    if (c->results[m].used)
      return (VsCompareModel) m;
  return VS_COMPARE_VPUNN;
}

static const VsMeasuredRun *
any_run (const VsComparison *c)
{
  return c->vpunn != NULL ? c->vpunn : c->analytical;
}

/* --- reports --- */

static void
append_us (GString *out, gint64 ps)
{
  vs_output_append_fixed (out, ps, 6, 3);
}

/* A right-aligned number, or "-" when it is undefined (NaN). */
static void
append_double_or_dash (GString *out, int width, int decimals, double v)
{
  if (isnan (v))
    g_string_append_printf (out, "%*s", width, "-");
  else
    g_string_append_printf (out, "%*.*f", width, decimals, v);
}

typedef struct {
  guint task;
  gint64 measured_ps, predicted_ps;
} Miss;

static gint
by_larger_miss (gconstpointer a, gconstpointer b)
{
  const Miss *x = a, *y = b;
  gint64 dx = ABS (x->predicted_ps - x->measured_ps), dy = ABS (y->predicted_ps - y->measured_ps);
  return dx > dy ? -1 : dx < dy ? 1 : (gint) x->task - (gint) y->task;
}

/* The joined tasks the primary model misses by the most time: where to
 * look first when the latency is off. */
static void
append_largest_misses (const VsComparison *c, GString *out)
{
  VsCompareModel primary = vs_comparison_primary (c);
  const VsCompareResult *res = &c->results[primary];
  const VsSchedule *s = res->run->run.schedule;
  const VsTimeline *tl = res->timeline;
  g_autoptr(GArray) misses = g_array_new (FALSE, FALSE, sizeof (Miss));
  for (guint t = 0; t < s->tasks->len; t++) {
    gint32 m = res->run->join->measured_of_task[t];
    if (m < 0)
      continue;
    Miss miss = { t, g_array_index (res->run->profile->tasks, VsMeasuredTask, m).duration_ps,
                  tl->task_end[t] - tl->task_start[t] };
    g_array_append_val (misses, miss);
  }
  if (misses->len == 0 || primary == VS_COMPARE_MEASURED)
    return;
  g_array_sort (misses, by_larger_miss);
  g_string_append_printf (out, "\nlargest misses (%s):\n  measured us  predicted us  task\n",
                          vs_compare_model_name (primary));
  for (guint i = 0; i < misses->len && i < VS_COMPARE_LARGEST_MISSES; i++) {
    const Miss *miss = &g_array_index (misses, Miss, i);
    const VsTask *task = vs_schedule_task (s, miss->task);
    g_autoptr(GString) measured = g_string_new (NULL), predicted = g_string_new (NULL);
    vs_output_append_fixed (measured, miss->measured_ps, 6, 3);
    vs_output_append_fixed (predicted, miss->predicted_ps, 6, 3);
    g_string_append_printf (out, "  %11s %12s  %-5s %s '%s'\n", measured->str, predicted->str,
                            vs_engine_name (vs_schedule_queue (s, task->queue)->engine), task->id,
                            task->name != NULL ? task->name : "");
  }
}

void
vs_comparison_append_text (const VsComparison *c, GString *out)
{
  const VsMeasuredRun *r = any_run (c);
  const VsProfileJoin *j = r->join;
  g_string_append_printf (out, "schedule: %s\nmeasured: %s (%s profile, %u tasks, %u variants; "
                          "%u tasks and %u variants joined, join rate %.1f %%",
                          c->schedule_path, c->profile_path, vs_profile_flavour_name (r->profile->flavour),
                          j->measured_tasks, j->measured_variants, j->joined_tasks, j->joined_variants,
                          vs_profile_join_rate (j));
  if (j->joined_by_layer > 0)
    g_string_append_printf (out, "; %u by layer, tile and order", j->joined_by_layer);
  g_string_append (out, ")\n");
  const VsMeasuredSpan *span = NULL;
  for (int m = 0; m < VS_COMPARE_MODEL_COUNT && span == NULL; m++)
    if (c->results[m].used)
      span = &c->results[m].span;
  g_string_append (out, "measured latency: ");
  append_us (out, span->measured_ps);
  g_string_append (out, " us");
  if (!span->whole)
    g_string_append (out, "  (predictions: span of the joined tasks, as the profile timed them)");
  g_string_append_c (out, '\n');
  if (c->compiler_estimate_ps >= 0) {
    g_string_append (out, "compiler's own estimate (inferenceTiming): ");
    append_us (out, c->compiler_estimate_ps);
    g_string_append_printf (out, " us (%+.1f %%)\n",
                            vs_measured_error_pct (c->compiler_estimate_ps, span->measured_ps));
  }
  g_string_append (out, "\n  model       mode         predicted us   error %  start MAE us\n");
  for (int m = 0; m < VS_COMPARE_MODEL_COUNT; m++) {
    const VsCompareResult *res = &c->results[m];
    if (!res->used)
      continue;
    g_string_append_printf (out, "  %-11s %-10s ", vs_compare_model_name (m), vs_replay_mode_name (res->mode));
    g_autoptr(GString) us = g_string_new (NULL);
    append_us (us, res->span.predicted_ps);
    g_string_append_printf (out, "%14s %+9.1f ", us->str, res->error_pct);
    append_double_or_dash (out, 13, 3, res->start_mae_us);
    g_string_append_c (out, '\n');
  }
  if (c->clock_hint != NULL)
    g_string_append_printf (out, "\nclocks: %s\n", c->clock_hint);
  g_string_append (out, "\nper-task durations (joined tasks):\n"
                        "  model       engine   tasks    MAPE %  median APE %  Spearman\n");
  for (int m = 0; m < VS_COMPARE_MODEL_COUNT; m++) {
    const VsCompareResult *res = &c->results[m];
    if (!res->used)
      continue;
    for (int e = 0; e <= VS_ENGINE_COUNT; e++) {
      const VsAccuracy *a = e < VS_ENGINE_COUNT ? &res->engines[e] : &res->all;
      if (a->count == 0)
        continue;
      g_string_append_printf (out, "  %-11s %-7s %6u %9.2f %13.2f ", vs_compare_model_name (m),
                              e < VS_ENGINE_COUNT ? vs_engine_name ((VsEngine) e) : "all", a->count,
                              a->mape_pct, a->median_ape_pct);
      append_double_or_dash (out, 9, 3, a->spearman);
      g_string_append_c (out, '\n');
    }
  }
  append_largest_misses (c, out);
}

static void
append_json_us_member (GString *out, const char *indent, const char *key, gint64 ps, gboolean last)
{
  g_string_append_printf (out, "%s\"%s\": ", indent, key);
  if (ps < 0)
    g_string_append (out, "null");
  else
    append_us (out, ps);
  g_string_append (out, last ? "\n" : ",\n");
}

static void
append_json_double (GString *out, double v, int decimals)
{
  if (isnan (v))
    g_string_append (out, "null");
  else
    vs_output_append_double (out, v, decimals);
}

void
vs_comparison_append_json (const VsComparison *c, GString *out)
{
  const VsMeasuredRun *r = any_run (c);
  const VsProfileJoin *j = r->join;
  const VsCompareResult *first = &c->results[vs_comparison_primary (c)];
  g_string_append (out, "{\n  \"format\": \"vpusim-comparison\",\n  \"version\": 1,\n  \"schedule\": ");
  vs_output_append_json_string (out, c->schedule_path);
  g_string_append (out, ",\n  \"profile\": ");
  vs_output_append_json_string (out, c->profile_path);
  g_string_append_printf (out, ",\n  \"flavour\": \"%s\",\n", vs_profile_flavour_name (r->profile->flavour));
  append_json_us_member (out, "  ", "measured_us", first->span.measured_ps, FALSE);
  g_string_append_printf (out, "  \"comparable\": \"%s\",\n",
                          first->span.whole ? "latency" : "joined-span");
  append_json_us_member (out, "  ", "compiler_estimate_us", c->compiler_estimate_ps, FALSE);
  g_string_append_printf (out, "  \"measured_tasks\": %u,\n  \"measured_variants\": %u,\n"
                          "  \"joined_tasks\": %u,\n  \"joined_variants\": %u,\n"
                          "  \"joined_by_layer\": %u,\n  \"join_rate_percent\": %.1f,\n"
                          "  \"unjoined_measured\": %u,\n",
                          j->measured_tasks, j->measured_variants, j->joined_tasks, j->joined_variants,
                          j->joined_by_layer, vs_profile_join_rate (j), j->unjoined_measured->len);
  g_string_append (out, "  \"clock_hint\": ");
  if (c->clock_hint != NULL)
    vs_output_append_json_string (out, c->clock_hint);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\n  \"uniform_ratio\": {");
  gboolean first_ratio = TRUE;
  for (int e = 0; e < VS_ENGINE_COUNT; e++)
    if (c->uniform_ratio[e] != 0) {
      g_string_append_printf (out, "%s\"%s\": ", first_ratio ? "" : ", ", vs_engine_name ((VsEngine) e));
      append_json_double (out, c->uniform_ratio[e], 3);
      first_ratio = FALSE;
    }
  g_string_append (out, "},\n  \"models\": {\n");
  gboolean first_model = TRUE;
  for (int m = 0; m < VS_COMPARE_MODEL_COUNT; m++) {
    const VsCompareResult *res = &c->results[m];
    if (!res->used)
      continue;
    g_string_append_printf (out, "%s    \"%s\": {\n      \"mode\": \"%s\",\n", first_model ? "" : ",\n",
                            vs_compare_model_name (m), vs_replay_mode_name (res->mode));
    first_model = FALSE;
    append_json_us_member (out, "      ", "predicted_us", res->span.predicted_ps, FALSE);
    append_json_us_member (out, "      ", "latency_us", res->timeline->latency_ps, FALSE);
    g_string_append (out, "      \"error_pct\": ");
    append_json_double (out, res->error_pct, 3);
    g_string_append (out, ",\n      \"start_mae_us\": ");
    append_json_double (out, res->start_mae_us, 3);
    g_string_append (out, ",\n      \"tasks\": {\n");
    vs_accuracy_append_json (out, &res->all, "        ");
    g_string_append (out, "      },\n      \"engines\": {\n");
    gboolean first_engine = TRUE;
    for (int e = 0; e < VS_ENGINE_COUNT; e++) {
      if (res->engines[e].count == 0)
        continue;
      g_string_append_printf (out, "%s        \"%s\": {\n", first_engine ? "" : ",\n",
                              vs_engine_name ((VsEngine) e));
      first_engine = FALSE;
      vs_accuracy_append_json (out, &res->engines[e], "          ");
      g_string_append (out, "        }");
    }
    g_string_append (out, "\n      }\n    }");
  }
  g_string_append (out, "\n  }\n}\n");
}
