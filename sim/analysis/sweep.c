/* SPDX-License-Identifier: Apache-2.0 */
/* sweep.c — grids of device values, their parallel replay, CSV rows and the
 * merge of sharded parts.  See sweep.h for the point order and shards. */
#include "sim/analysis/sweep.h"

#include <stdlib.h>
#include <string.h>

#include "sim/base/csv_table.h"
#include "sim/base/output_file.h"
#include "sim/base/parallel.h"

G_DEFINE_QUARK (vs-sweep-error-quark, vs_sweep_error)

/* Grids beyond this would overflow point arithmetic long before anyone
 * could run them; shards index into it. */
#define VS_SWEEP_MAX_GRID_POINTS (G_GUINT64_CONSTANT (1) << 48)

static void
axis_free (gpointer p)
{
  VsSweepAxis *a = p;
  g_free (a->key);
  g_ptr_array_unref (a->values);
  g_free (a);
}

VsSweepGrid *
vs_sweep_grid_new (void)
{
  VsSweepGrid *g = g_new0 (VsSweepGrid, 1);
  g->axes = g_ptr_array_new_with_free_func (axis_free);
  g->n_points = 1;
  return g;
}

void
vs_sweep_grid_free (VsSweepGrid *grid)
{
  if (grid == NULL)
    return;
  g_ptr_array_unref (grid->axes);
  g_free (grid);
}

#define AXIS(g, i) ((const VsSweepAxis *) (g)->axes->pdata[i])

const char *
vs_sweep_key_inert_reason (const char *key)
{
  /* What a point can change: vs_costs_retime reads the clocks, the MAC
   * counts, the DMA bandwidths and latencies (cost_prepass.c, amount_ps),
   * the SHAVE code fetch, the replay reads dpus_per_tile, physical_barriers,
   * the dispatch, cold-start, completion and queue-start latencies and the
   * SHAVE start-up (sim/engine/replay*.c).  Everything else was fixed
   * when the schedule was read and costed. */
  static const char *const live[] = {
    "dpu_clock_mhz", "shave_clock_mhz", "cmx_clock_mhz", "ddr_bandwidth_gbps",
    "dma_bytes_per_cycle", "ddr_latency_ns", "cmx_latency_cycles", "macs_per_dpu",
    "fp16_macs_per_dpu", "dpus_per_tile", "physical_barriers", "dispatch_dma_ns",
    "dispatch_dpu_ns", "dispatch_shave_ns", "shave_startup_ns", "shave_kernel_load_ns",
    "shave_kernel_loads", "cold_start_dma_ns", "cold_start_dpu_ns", "cold_start_shave_ns",
    "completion_shave_ns", "dma_queue_start_ns",
  };
  for (guint i = 0; i < G_N_ELEMENTS (live); i++)
    if (strcmp (key, live[i]) == 0)
      return NULL;
  return "the schedule's queues fix its tiles, engines and ports, and the costs depend only on "
         "the architecture, so every value gives the same result";
}

gboolean
vs_sweep_grid_add_values (VsSweepGrid *grid, const char *key, const char *const *values,
                          guint n_values, const char *what, GError **error)
{
  if (strcmp (key, "arch") == 0 || strcmp (key, "name") == 0) {
    g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE,
                 "%s: '%s' cannot be swept (%s); choose the device with --device", what, key,
                 strcmp (key, "arch") == 0 ? "the cost models are per architecture"
                                           : "it is a label, not a parameter");
    return FALSE;
  }
  for (guint i = 0; i < grid->axes->len; i++)
    if (strcmp (AXIS (grid, i)->key, key) == 0) {
      g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE,
                   "%s: '%s' is given twice; list all its values once, separated by commas", what,
                   key);
      return FALSE;
    }
  if (n_values == 0) {
    g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE, "%s: '%s' has no values", what, key);
    return FALSE;
  }
  g_autoptr(GPtrArray) canonical = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_values; i++) {
    VsDevice scratch;
    memset (&scratch, 0, sizeof scratch);
    g_autoptr(GError) local = NULL;
    if (!vs_device_set_value (&scratch, key, values[i], &local)) {
      g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE, "%s: %s", what, local->message);
      return FALSE;
    }
    /* Compared as the device spells them, so 27 and 27.0 are one value. */
    char *text = vs_device_get (&scratch, key);
    g_ptr_array_add (canonical, text);
    if (!g_hash_table_add (seen, text)) {
      g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE, "%s: '%s' lists %s twice", what,
                   key, text);
      return FALSE;
    }
  }
  if (grid->n_points > VS_SWEEP_MAX_GRID_POINTS / n_values) {
    g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE,
                 "%s: the grid would have more than %" G_GUINT64_FORMAT " points", what,
                 VS_SWEEP_MAX_GRID_POINTS);
    return FALSE;
  }
  VsSweepAxis *axis = g_new0 (VsSweepAxis, 1);
  axis->key = g_strdup (key);
  axis->values = g_steal_pointer (&canonical);
  g_ptr_array_add (grid->axes, axis);
  grid->n_points *= n_values;
  return TRUE;
}

gboolean
vs_sweep_grid_add (VsSweepGrid *grid, const char *assignment, GError **error)
{
  const char *eq = strchr (assignment, '=');
  if (eq == NULL || eq == assignment) {
    g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE,
                 "--set: '%s' is not of the form KEY=V1,V2,...", assignment);
    return FALSE;
  }
  g_autofree char *key = g_strstrip (g_strndup (assignment, (gsize) (eq - assignment)));
  g_auto(GStrv) items = g_strsplit (eq + 1, ",", -1);
  guint n = g_strv_length (items);
  for (guint i = 0; i < n; i++)
    if (*g_strstrip (items[i]) == '\0') {
      g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE,
                   "--set: '%s' has an empty value (values are separated by single commas)",
                   assignment);
      return FALSE;
    }
  return vs_sweep_grid_add_values (grid, key, (const char *const *) items, n, "--set", error);
}

guint
vs_sweep_grid_value_index (const VsSweepGrid *grid, guint axis, guint64 point)
{
  /* Row-major: the last axis varies fastest. */
  guint64 stride = 1;
  for (guint a = grid->axes->len; a-- > axis + 1;)
    stride *= AXIS (grid, a)->values->len;
  return (guint) ((point / stride) % AXIS (grid, axis)->values->len);
}

gboolean
vs_sweep_grid_apply (const VsSweepGrid *grid, guint64 point, VsDevice *device, GError **error)
{
  guint64 rest = point;
  /* Peel indices off from the fastest axis. */
  for (guint a = grid->axes->len; a-- > 0;) {
    const VsSweepAxis *axis = AXIS (grid, a);
    guint n = axis->values->len;
    if (!vs_device_set_value (device, axis->key, axis->values->pdata[rest % n], error))
      return FALSE;
    rest /= n;
  }
  return TRUE;
}

char *
vs_sweep_grid_describe (const VsSweepGrid *grid, guint64 point)
{
  GString *s = g_string_new (NULL);
  for (guint a = 0; a < grid->axes->len; a++) {
    const VsSweepAxis *axis = AXIS (grid, a);
    g_string_append_printf (s, "%s%s=%s", a ? ", " : "", axis->key,
                            (const char *) axis->values->pdata[vs_sweep_grid_value_index (grid, a,
                                                                                          point)]);
  }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Shards. */

gboolean
vs_sweep_shard_parse (const char *text, VsSweepShard *shard, GError **error)
{
  const char *slash = text != NULL ? strchr (text, '/') : NULL;
  guint64 index = 0, count = 0;
  g_autofree char *left = slash != NULL ? g_strndup (text, (gsize) (slash - text)) : NULL;
  if (slash == NULL ||
      !g_ascii_string_to_unsigned (left, 10, 0, G_MAXUINT32, &index, NULL) ||
      !g_ascii_string_to_unsigned (slash + 1, 10, 1, G_MAXUINT32, &count, NULL)) {
    g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE,
                 "--shard: '%s' is not I/N (shard I of N, counting from 0, e.g. 0/4)",
                 text != NULL ? text : "");
    return FALSE;
  }
  if (index >= count) {
    g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE,
                 "--shard %s: I must be 0 to %" G_GUINT64_FORMAT " for N = %" G_GUINT64_FORMAT
                 " (shards count from 0)", text, count - 1, count);
    return FALSE;
  }
  shard->index = (guint) index;
  shard->count = (guint) count;
  return TRUE;
}

void
vs_sweep_shard_range (const VsSweepShard *shard, guint64 n_points, guint64 *first, guint64 *end)
{
  /* floor(P*I/N) without forming P*I, which can pass 2^64: with P = qN + r,
   * it is qI + floor(rI/N), and qI <= P, rI < N^2 <= 2^64. */
  guint64 q = n_points / shard->count, r = n_points % shard->count;
  *first = q * shard->index + r * shard->index / shard->count;
  *end = q * (shard->index + 1) + r * (shard->index + 1) / shard->count;
}

/* ------------------------------------------------------------------------ */
/* Running points. */

typedef struct {
  const VsRun *run;
  const VsRunConfig *config;
  const VsSweepGrid *grid;
  guint64 first;
  VsSweepResult *results;
  VsSweepProgress progress;
  gpointer user_data;
} SweepJob;

/* A worker's duration arrays. */
static gpointer
scratch_new (gpointer data)
{
  return vs_run_durations_new (((const SweepJob *) data)->run);
}

static void
scratch_free (gpointer p)
{
  vs_run_durations_free (p);
}

static gboolean
run_point (gpointer data, gpointer scratch, guint64 index, GError **error)
{
  const SweepJob *job = data;
  VsRunDurations *s = scratch;
  const VsRun *run = job->run;
  guint64 point = job->first + index;

  /* A view of the schedule with this point's device: the arrays are shared
   * and only read, so every thread can have its own view. */
  VsSchedule view = *run->schedule;
  g_autoptr(GError) local = NULL;
  VsTimeline *tl = NULL;
  if (vs_sweep_grid_apply (job->grid, point, &view.device, &local)) {
    vs_costs_retime (&run->costs, run->schedule, &view.device, run->plan.reference,
                     run->plan.compiler_mode, s->task_ps, s->variant_ps);
    VsReplay replay = {
      .schedule = &view,
      .task_ps = s->task_ps,
      /* As vs_run_replay_with: no variant array when the costs have none. */
      .variant_ps = run->costs.variant_ps != NULL ? s->variant_ps : NULL,
      .task_ddr_bytes = run->task_ddr_bytes,
    };
    vs_replay_options_init (&replay.options, job->config->mode);
    tl = vs_replay_run (&replay, &local);
  }
  if (tl == NULL) {
    g_autofree char *what = vs_sweep_grid_describe (job->grid, point);
    g_propagate_prefixed_error (error, g_steal_pointer (&local), "point %" G_GUINT64_FORMAT " (%s): ",
                                point, what);
    return FALSE;
  }
  VsSweepResult *r = &job->results[index];
  r->latency_ps = tl->latency_ps;
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    r->busy_ps[e] = tl->engines[e].busy_ps;
    r->utilisation[e] = tl->engines[e].utilisation;
  }
  vs_timeline_free (tl);
  return TRUE;
}

static void
forward_progress (gpointer data, guint64 done, guint64 n)
{
  const SweepJob *job = data;
  job->progress (job->user_data, done, n);
}

gboolean
vs_sweep_run (const VsRun *run, const VsRunConfig *config, const VsSweepGrid *grid, guint64 first,
              guint64 end, guint threads, VsSweepProgress progress, gpointer user_data,
              VsSweepResult *results, GError **error)
{
  g_return_val_if_fail (first <= end && end <= grid->n_points, FALSE);
  if (run->measured_profile != NULL) {
    /* Each point re-times the model's cycles at its clocks; a measured
     * duration has no cycles to re-time. */
    g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE,
                 "a sweep re-costs every point with the cost models: --cost measured=%s has fixed "
                 "durations (try run --what-if on it instead)", run->measured_profile);
    return FALSE;
  }
  SweepJob job = { run, config, grid, first, results, progress, user_data };
  VsParallelJob pj = {
    .worker_new = scratch_new,
    .worker_free = scratch_free,
    .item = run_point,
    .progress = progress != NULL ? forward_progress : NULL,
  };
  return vs_parallel_run (&pj, &job, end - first, threads, error);
}

/* ------------------------------------------------------------------------ */
/* CSV, text and JSON. */

gboolean
vs_sweep_plan_init (VsSweepPlan *plan, const char *const *sets, const VsSweepGrid *fallback,
                    const char *shard, GError **error)
{
  *plan = (VsSweepPlan) { .shard = { 0, 1 } };
  if (sets != NULL) {
    plan->own_grid = vs_sweep_grid_new ();
    for (guint i = 0; sets[i] != NULL; i++)
      if (!vs_sweep_grid_add (plan->own_grid, sets[i], error))
        return FALSE;
  }
  plan->grid = sets != NULL ? plan->own_grid : fallback;
  if (shard != NULL && !vs_sweep_shard_parse (shard, &plan->shard, error))
    return FALSE;
  vs_sweep_shard_range (&plan->shard, plan->grid->n_points, &plan->first, &plan->end);
  if (plan->end - plan->first > VS_SWEEP_MAX_RUN_POINTS) {
    g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE,
                 "the grid has %" G_GUINT64_FORMAT " points; one run holds at most %u: "
                 "split it with --shard I/N", plan->end - plan->first, VS_SWEEP_MAX_RUN_POINTS);
    return FALSE;
  }
  return TRUE;
}

void
vs_sweep_plan_clear (VsSweepPlan *plan)
{
  g_clear_pointer (&plan->own_grid, vs_sweep_grid_free);
  plan->grid = NULL;
}

gboolean
vs_sweep_prepare (VsRun *run, const char *schedule_path, const VsRunConfig *config,
                  const VsSweepGrid *grid, GError **error)
{
  if (!vs_run_prepare (run, schedule_path, config, error))
    return FALSE;
  for (guint a = 0; a < grid->axes->len; a++) {
    const VsSweepAxis *axis = grid->axes->pdata[a];
    const char *why = vs_sweep_key_inert_reason (axis->key);
    if (why != NULL && axis->values->len > 1)
      g_ptr_array_add (run->notes, g_strdup_printf ("--set %s does not change the replay: %s",
                                                    axis->key, why));
  }
  return TRUE;
}

void
vs_sweep_append_summary (GString *out, const VsSweepPlan *plan, const VsSweepResult *results,
                         const char *written_to)
{
  const guint64 first = plan->first, end = plan->end;
  g_string_append_printf (out, "sweep: %" G_GUINT64_FORMAT " points", end - first);
  if (plan->shard.count > 1)
    g_string_append_printf (out, " (shard %u/%u: points %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
                            " of %" G_GUINT64_FORMAT ")", plan->shard.index, plan->shard.count,
                            first, end > first ? end - 1 : first, plan->grid->n_points);
  g_string_append_printf (out, ", written to %s\n", written_to);
  if (end == first)
    return;
  /* The fastest and slowest points. */
  guint64 best = first, worst = first;
  for (guint64 p = first; p < end; p++) {
    if (results[p - first].latency_ps < results[best - first].latency_ps)
      best = p;
    if (results[p - first].latency_ps > results[worst - first].latency_ps)
      worst = p;
  }
  const struct { const char *what; guint64 point; } rows[] = { { "fastest", best }, { "slowest", worst } };
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
    g_autofree char *where = vs_sweep_grid_describe (plan->grid, rows[i].point);
    g_string_append_printf (out, "%s: point %" G_GUINT64_FORMAT " (%s): ", rows[i].what,
                            rows[i].point, where);
    vs_output_append_fixed (out, results[rows[i].point - first].latency_ps, 6, 3);
    g_string_append (out, " us\n");
  }
}

/* Engine kinds with queues: the columns, the same for every point. */
static void
engines_present (const VsSchedule *s, gboolean present[VS_ENGINE_COUNT])
{
  for (int e = 0; e < VS_ENGINE_COUNT; e++)
    present[e] = FALSE;
  for (guint q = 0; q < s->queues->len; q++)
    present[vs_schedule_queue (s, q)->engine] = TRUE;
}


static void
append_csv_line (GString *out, const char *const *fields, guint n)
{
  for (guint i = 0; i < n; i++) {
    if (i > 0)
      g_string_append_c (out, ',');
    vs_csv_append_field (out, fields[i]);
  }
  g_string_append_c (out, '\n');
}

void
vs_sweep_append_csv (GString *out, const VsSchedule *s, const VsSweepGrid *grid, guint64 first,
                     guint64 end, const VsSweepResult *results)
{
  gboolean present[VS_ENGINE_COUNT];
  engines_present (s, present);

  g_autoptr(GPtrArray) head = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (head, g_strdup ("point"));
  g_ptr_array_add (head, g_strdup ("points"));
  for (guint a = 0; a < grid->axes->len; a++)
    g_ptr_array_add (head, g_strdup (AXIS (grid, a)->key));
  g_ptr_array_add (head, g_strdup ("latency_ps"));
  g_ptr_array_add (head, g_strdup ("latency_us"));
  for (int e = 0; e < VS_ENGINE_COUNT; e++)
    if (present[e]) {
      g_autofree char *lower = g_ascii_strdown (vs_engine_name (e), -1);
      g_ptr_array_add (head, g_strdup_printf ("%s_busy_us", lower));
      g_ptr_array_add (head, g_strdup_printf ("%s_utilisation", lower));
    }
  append_csv_line (out, (const char *const *) head->pdata, head->len);

  for (guint64 p = first; p < end; p++) {
    const VsSweepResult *r = &results[p - first];
    g_string_append_printf (out, "%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT, p, grid->n_points);
    for (guint a = 0; a < grid->axes->len; a++) {
      g_string_append_c (out, ',');
      vs_csv_append_field (out, AXIS (grid, a)->values->pdata[vs_sweep_grid_value_index (grid, a,
                                                                                         p)]);
    }
    g_string_append_printf (out, ",%" G_GINT64_FORMAT ",", r->latency_ps);
    vs_output_append_fixed (out, r->latency_ps, 6, 3);
    for (int e = 0; e < VS_ENGINE_COUNT; e++)
      if (present[e]) {
        g_string_append_c (out, ',');
        vs_output_append_fixed (out, r->busy_ps[e], 6, 3);
        g_string_append_c (out, ',');
        vs_output_append_double (out, r->utilisation[e], 6);
      }
    g_string_append_c (out, '\n');
  }
}

void
vs_sweep_append_text (GString *out, const VsSchedule *s, const VsSweepGrid *grid, guint64 first,
                      guint64 end, const VsSweepResult *results)
{
  gboolean present[VS_ENGINE_COUNT];
  engines_present (s, present);
  guint na = grid->axes->len;
  g_autofree int *width = g_new (int, na + 1);
  g_string_append_printf (out, "\nsweep: %" G_GUINT64_FORMAT " points (", grid->n_points);
  for (guint a = 0; a < na; a++) {
    const VsSweepAxis *axis = AXIS (grid, a);
    g_string_append_printf (out, "%s%s x %u", a ? ", " : "", axis->key, axis->values->len);
    width[a] = (int) strlen (axis->key);
    for (guint v = 0; v < axis->values->len; v++)
      width[a] = MAX (width[a], (int) strlen (axis->values->pdata[v]));
  }
  g_string_append (out, na > 1 ? "; the first key varies slowest)\n" : ")\n");
  g_string_append (out, "  point");
  for (guint a = 0; a < na; a++)
    g_string_append_printf (out, "  %*s", width[a], AXIS (grid, a)->key);
  g_string_append (out, "   latency us");
  for (int e = 0; e < VS_ENGINE_COUNT; e++)
    if (present[e]) {
      g_autofree char *head = g_strdup_printf ("%s util", vs_engine_name (e));
      g_string_append_printf (out, "  %10s", head);
    }
  g_string_append_c (out, '\n');
  g_autoptr(GString) cell = g_string_new (NULL);
  for (guint64 p = first; p < end; p++) {
    const VsSweepResult *r = &results[p - first];
    g_string_append_printf (out, "  %5" G_GUINT64_FORMAT, p);
    for (guint a = 0; a < na; a++)
      g_string_append_printf (out, "  %*s", width[a],
                              (const char *) AXIS (grid, a)->values->pdata[
                                vs_sweep_grid_value_index (grid, a, p)]);
    g_string_truncate (cell, 0);
    vs_output_append_fixed (cell, r->latency_ps, 6, 3);
    g_string_append_printf (out, "  %11s", cell->str);
    for (int e = 0; e < VS_ENGINE_COUNT; e++)
      if (present[e]) {
        g_string_truncate (cell, 0);
        vs_output_append_double (cell, r->utilisation[e] * 100.0, 1);
        g_string_append_printf (out, "  %8s %%", cell->str);
      }
    g_string_append_c (out, '\n');
  }
}

/* A device value as JSON: a number when it is one, else a string. */
static void
append_json_value (GString *out, const char *text)
{
  char *end = NULL;
  g_ascii_strtod (text, &end);
  gboolean number = *text != '\0' && end != NULL && *end == '\0';
  for (const char *c = text; number && *c; c++)
    number = g_ascii_isdigit (*c) || strchr ("+-.eE", *c) != NULL;
  if (number && (*text == '.' || *text == '+'))
    number = FALSE;
  if (number)
    g_string_append (out, text);
  else
    vs_output_append_json_string (out, text);
}

void
vs_sweep_append_json_member (GString *out, const VsSchedule *s, const VsSweepGrid *grid,
                             guint64 first, guint64 end, const VsSweepResult *results)
{
  gboolean present[VS_ENGINE_COUNT];
  engines_present (s, present);
  g_string_append_printf (out, "  \"sweep\": {\n    \"points\": %" G_GUINT64_FORMAT ",\n"
                          "    \"keys\": [", grid->n_points);
  for (guint a = 0; a < grid->axes->len; a++) {
    g_string_append (out, a ? ", " : "");
    vs_output_append_json_string (out, AXIS (grid, a)->key);
  }
  g_string_append (out, "],\n    \"results\": [");
  for (guint64 p = first; p < end; p++) {
    const VsSweepResult *r = &results[p - first];
    g_string_append_printf (out, "%s\n      {\"point\": %" G_GUINT64_FORMAT ", \"values\": {",
                            p > first ? "," : "", p);
    for (guint a = 0; a < grid->axes->len; a++) {
      g_string_append (out, a ? ", " : "");
      vs_output_append_json_string (out, AXIS (grid, a)->key);
      g_string_append (out, ": ");
      append_json_value (out, AXIS (grid, a)->values->pdata[vs_sweep_grid_value_index (grid, a, p)]);
    }
    g_string_append (out, "}, \"latency_us\": ");
    vs_output_append_fixed (out, r->latency_ps, 6, 3);
    g_string_append (out, ", \"engines\": {");
    gboolean any = FALSE;
    for (int e = 0; e < VS_ENGINE_COUNT; e++)
      if (present[e]) {
        g_string_append_printf (out, "%s\"%s\": {\"busy_us\": ", any ? ", " : "",
                                vs_engine_name (e));
        vs_output_append_fixed (out, r->busy_ps[e], 6, 3);
        g_string_append (out, ", \"utilisation\": ");
        vs_output_append_double (out, r->utilisation[e], 6);
        g_string_append_c (out, '}');
        any = TRUE;
      }
    g_string_append (out, "}}");
  }
  g_string_append (out, end > first ? "\n    ]\n  }" : "]\n  }");
}

/* ------------------------------------------------------------------------ */
/* Merging parts. */

typedef struct {
  guint64 point;
  guint part;
  guint row;
} MergeRow;

static int
compare_merge_row (const void *a, const void *b)
{
  const MergeRow *x = a, *y = b;
  if (x->point != y->point)
    return x->point < y->point ? -1 : 1;
  if (x->part != y->part)
    return x->part < y->part ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

static gboolean
input_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
input_error (GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error_literal (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_INPUT, msg);
  return FALSE;
}

/* "3, 5-7, 9 and 4 more": the missing points of a sorted list. */
static void
append_missing (GString *out, const MergeRow *rows, guint n, guint64 points, guint *ranges)
{
  guint64 expect = 0;
  *ranges = 0;
  for (guint i = 0; i <= n; i++) {
    guint64 next = i < n ? rows[i].point : points;
    if (next > expect) {
      if (*ranges < 8) {
        if (*ranges > 0)
          g_string_append (out, ", ");
        if (next - expect == 1)
          g_string_append_printf (out, "%" G_GUINT64_FORMAT, expect);
        else
          g_string_append_printf (out, "%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, expect, next - 1);
      }
      (*ranges)++;
    }
    expect = next + 1;
  }
  if (*ranges > 8)
    g_string_append_printf (out, " and %u more ranges", *ranges - 8);
}

gboolean
vs_sweep_merge (const char *const *parts, guint n_parts, GString *out, GError **error)
{
  if (n_parts == 0) {
    g_set_error (error, VS_SWEEP_ERROR, VS_SWEEP_ERROR_USAGE, "--merge needs at least one part");
    return FALSE;
  }
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_csv_table_free);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (MergeRow));
  guint point_col = 0, points_col = 0;
  guint64 points = 0;
  guint points_part = 0, points_row = 0;
  for (guint p = 0; p < n_parts; p++) {
    VsCsvTable *t = vs_csv_table_read (parts[p], error);
    if (t == NULL)
      return FALSE;
    g_ptr_array_add (tables, t);
    const VsCsvTable *first = tables->pdata[0];
    if (p == 0) {
      GError *local = NULL;
      if (!vs_csv_table_require (t, "point", &point_col, &local) ||
          !vs_csv_table_require (t, "points", &points_col, &local)) {
        input_error (error, "%s: not a vpusim sweep CSV: %s", parts[p], local->message);
        g_error_free (local);
        return FALSE;
      }
    } else if (vs_csv_table_n_columns (t) != vs_csv_table_n_columns (first)) {
      return input_error (error, "%s: %u columns, but %s has %u: parts of one sweep have the same "
                          "header", parts[p], vs_csv_table_n_columns (t), parts[0],
                          vs_csv_table_n_columns (first));
    } else {
      for (guint c = 0; c < vs_csv_table_n_columns (t); c++)
        if (strcmp (vs_csv_table_column_name (t, c), vs_csv_table_column_name (first, c)) != 0)
          return input_error (error, "%s: column %u is '%s', but '%s' in %s: parts of one sweep "
                              "have the same header", parts[p], c + 1,
                              vs_csv_table_column_name (t, c), vs_csv_table_column_name (first, c),
                              parts[0]);
    }
    for (guint r = 0; r < vs_csv_table_n_rows (t); r++) {
      gint64 point, n;
      if (!vs_csv_table_get_int (t, r, point_col, &point, error) ||
          !vs_csv_table_get_int (t, r, points_col, &n, error))
        return FALSE;
      if (n < 1 || (guint64) n > VS_SWEEP_MAX_GRID_POINTS)
        return input_error (error, "%s:%u: points is %" G_GINT64_FORMAT ", not a grid size",
                            parts[p], vs_csv_table_row_line (t, r), n);
      if (points == 0) {
        points = (guint64) n;
        points_part = p;
        points_row = r;
      } else if ((guint64) n != points) {
        const VsCsvTable *pt = tables->pdata[points_part];
        return input_error (error, "%s:%u: points is %" G_GINT64_FORMAT ", but %" G_GUINT64_FORMAT
                            " in %s:%u: the parts come from different sweeps", parts[p],
                            vs_csv_table_row_line (t, r), n, points, parts[points_part],
                            vs_csv_table_row_line (pt, points_row));
      }
      if (point < 0 || (guint64) point >= points)
        return input_error (error, "%s:%u: point %" G_GINT64_FORMAT " is outside 0..%" G_GUINT64_FORMAT,
                            parts[p], vs_csv_table_row_line (t, r), point, points - 1);
      MergeRow m = { (guint64) point, p, r };
      g_array_append_val (rows, m);
    }
  }
  if (rows->len == 0)
    return input_error (error, "%s: no points to merge", n_parts == 1 ? parts[0] : "the parts");
  MergeRow *all = (MergeRow *) rows->data;
  qsort (all, rows->len, sizeof *all, compare_merge_row);
  for (guint i = 1; i < rows->len; i++)
    if (all[i].point == all[i - 1].point) {
      const VsCsvTable *a = tables->pdata[all[i - 1].part], *b = tables->pdata[all[i].part];
      return input_error (error, "point %" G_GUINT64_FORMAT " appears twice: %s:%u and %s:%u (a "
                          "shard merged twice?)", all[i].point, parts[all[i - 1].part],
                          vs_csv_table_row_line (a, all[i - 1].row), parts[all[i].part],
                          vs_csv_table_row_line (b, all[i].row));
    }
  if (rows->len != points) {
    g_autoptr(GString) missing = g_string_new (NULL);
    guint ranges = 0;
    append_missing (missing, all, rows->len, points, &ranges);
    return input_error (error, "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " points are missing "
                        "(%s); is a shard missing?", points - rows->len, points, missing->str);
  }

  const VsCsvTable *first = tables->pdata[0];
  guint nc = vs_csv_table_n_columns (first);
  g_autofree const char **fields = g_new (const char *, nc + 1);
  for (guint c = 0; c < nc; c++)
    fields[c] = vs_csv_table_column_name (first, c);
  append_csv_line (out, fields, nc);
  for (guint i = 0; i < rows->len; i++) {
    const VsCsvTable *t = tables->pdata[all[i].part];
    for (guint c = 0; c < nc; c++)
      fields[c] = vs_csv_table_cell (t, all[i].row, c);
    append_csv_line (out, fields, nc);
  }
  return TRUE;
}
