/* SPDX-License-Identifier: Apache-2.0 */
/* calibrate.c — measured runs, the scheduling-parameter fit, and predictions
 * with fitted parameters.  The objective and the search are in calibrate.h. */
#include "sim/analysis/calibrate.h"
#include "sim/base/median.h"

#include "models/vpunn/vpunn_cost_model.h"
#include "sim/analysis/profile_fit.h"
#include "sim/analysis/shave_fit.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK (vs-calibrate-error-quark, vs_calibrate_error)

static const struct {
  const char *key;
  gsize offset;
} params[VS_CALIBRATION_PARAMS] = {
  { "dispatch_dma_ns", G_STRUCT_OFFSET (VsDevice, dispatch_dma_ns) },
  { "dispatch_dpu_ns", G_STRUCT_OFFSET (VsDevice, dispatch_dpu_ns) },
  { "dispatch_shave_ns", G_STRUCT_OFFSET (VsDevice, dispatch_shave_ns) },
  { "cold_start_dma_ns", G_STRUCT_OFFSET (VsDevice, cold_start_dma_ns) },
  { "cold_start_dpu_ns", G_STRUCT_OFFSET (VsDevice, cold_start_dpu_ns) },
  { "cold_start_shave_ns", G_STRUCT_OFFSET (VsDevice, cold_start_shave_ns) },
  { "completion_shave_ns", G_STRUCT_OFFSET (VsDevice, completion_shave_ns) },
  { "shave_startup_ns", G_STRUCT_OFFSET (VsDevice, shave_startup_ns) },
  { "shave_fallback_launch_cycles", G_STRUCT_OFFSET (VsDevice, shave_fallback_launch_cycles) },
  { "shave_fallback_bytes_per_cycle", G_STRUCT_OFFSET (VsDevice, shave_fallback_bytes_per_cycle) },
  { "shave_kernel_load_ns", G_STRUCT_OFFSET (VsDevice, shave_kernel_load_ns) },
  { "dma_queue_start_ns", G_STRUCT_OFFSET (VsDevice, dma_queue_start_ns) },
  { "ddr_bandwidth_gbps", G_STRUCT_OFFSET (VsDevice, ddr_bandwidth_gbps) },
};

void
vs_calibration_clear (VsDevice *d)
{
  for (guint p = 0; p < VS_CALIBRATION_PARAMS; p++)
    if (p != VS_CALIBRATION_DDR)
      vs_calibration_param_set (d, p, 0);
  memset (&d->shave_kernel_loads, 0, sizeof d->shave_kernel_loads);
}

const char *
vs_calibration_param_key (guint i)
{
  return i < VS_CALIBRATION_PARAMS ? params[i].key : NULL;
}

double
vs_calibration_param_get (const VsDevice *d, guint i)
{
  return G_STRUCT_MEMBER (double, d, params[i].offset);
}

void
vs_calibration_param_set (VsDevice *d, guint i, double value)
{
  G_STRUCT_MEMBER (double, d, params[i].offset) = value;
}

/* --- runs --- */

static char *
first_existing (const char *dir, const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++) {
    char *path = g_build_filename (dir, names[i], NULL);
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      return path;
    g_free (path);
  }
  return NULL;
}

static gboolean
locate_run (VsMeasuredRun *r, const char *spec, GError **error)
{
  static const char *const schedules[] = { "schedule_vpurt.mlir", "schedule.yaml", NULL };
  static const char *const profiles[] = { "profiling.json", "profiling_text.txt",
                                          "profiling_debug.txt", NULL };
  if (g_file_test (spec, G_FILE_TEST_IS_DIR)) {
    g_autofree char *trimmed = g_strdup (spec);
    gsize len = strlen (trimmed);
    while (len > 1 && trimmed[len - 1] == '/')
      trimmed[--len] = '\0';
    r->name = g_path_get_basename (trimmed);
    r->schedule_path = first_existing (spec, schedules);
    r->profile_path = first_existing (spec, profiles);
    if (r->schedule_path == NULL || r->profile_path == NULL) {
      g_set_error (error, VS_CALIBRATE_ERROR, VS_CALIBRATE_ERROR_RUN,
                   "%s: a measured run needs %s and %s (or give SCHEDULE:PROFILE)", spec,
                   r->schedule_path == NULL ? "schedule_vpurt.mlir or schedule.yaml" : "a schedule",
                   r->profile_path == NULL ? "profiling.json, profiling_text.txt or profiling_debug.txt"
                                                   : "a profile");
      return FALSE;
    }
    return TRUE;
  }
  const char *colon = strrchr (spec, ':');
  if (colon == NULL || colon == spec || colon[1] == '\0') {
    g_set_error (error, VS_CALIBRATE_ERROR, VS_CALIBRATE_ERROR_RUN,
                 "%s: not a folder, and not SCHEDULE:PROFILE", spec);
    return FALSE;
  }
  r->schedule_path = g_strndup (spec, (gsize) (colon - spec));
  r->profile_path = g_strdup (colon + 1);
  r->name = g_path_get_basename (r->schedule_path);
  return TRUE;
}


gboolean
vs_measured_run_is_typical (const VsMeasuredRun *r)
{
  return r->measured.ratio <= VS_CALIBRATION_MAX_RATIO &&
         r->measured.ratio >= 1.0 / VS_CALIBRATION_MAX_RATIO;
}

static gboolean
sets_a_clock (const VsRunConfig *config)
{
  for (guint i = 0; config->sets != NULL && config->sets[i] != NULL; i++)
    if (g_str_has_prefix (config->sets[i], "dpu_clock_mhz=") ||
        g_str_has_prefix (config->sets[i], "shave_clock_mhz=") ||
        g_str_has_prefix (config->sets[i], "cmx_clock_mhz="))
      return TRUE;
  return FALSE;
}

static void
add_clock_set (GPtrArray *sets, const char *key, double mhz)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ptr_array_add (sets, g_strconcat (key, "=", g_ascii_dtostr (buf, sizeof buf, mhz), NULL));
}

/* A profile that records a PLL more than 15 % off the device's clock (the
 * raw-counter report's PLL record, or a JSON workpoint marked OK) was
 * measured at other clocks.  A PLL moves the DPU, SHAVE and CMX clocks
 * together, so all three scale by the recorded DPU clock's ratio.  The
 * configuration's sets plus those three, or NULL when the clocks stand or
 * the user set one (a --set is the user's word). */
static char **
recorded_clock_sets (const VsMeasuredRun *r, const VsRunConfig *config)
{
  const VsDevice *d = &r->run.schedule->device;
  double recorded = vs_profile_other_clock (r->profile, d->dpu_clock_mhz);
  if (recorded <= 0 || sets_a_clock (config))
    return NULL;
  double ratio = recorded / d->dpu_clock_mhz;
  GPtrArray *sets = g_ptr_array_new ();
  for (guint i = 0; config->sets != NULL && config->sets[i] != NULL; i++)
    g_ptr_array_add (sets, g_strdup (config->sets[i]));
  add_clock_set (sets, "dpu_clock_mhz", recorded);
  add_clock_set (sets, "shave_clock_mhz", d->shave_clock_mhz * ratio);
  add_clock_set (sets, "cmx_clock_mhz", d->cmx_clock_mhz * ratio);
  g_ptr_array_add (sets, NULL);
  return (char **) g_ptr_array_free (sets, FALSE);
}

/* Prepare the run's schedule with `config`, check the profile against it
 * and join them. */
static gboolean
prepare_and_join (VsMeasuredRun *r, const VsRunConfig *config, GError **error)
{
  if (!vs_run_prepare (&r->run, r->schedule_path, config, error))
    return FALSE;
  if (r->profile == NULL) {
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    r->profile = vs_profile_read (r->profile_path, warnings, error);
    if (r->profile == NULL)
      return FALSE;
    if (r->profile->simulated) {
      g_set_error (error, VS_CALIBRATE_ERROR, VS_CALIBRATE_ERROR_RUN,
                   "%s: the compiler's simulated schedule trace (workpoint SIM), not a measurement",
                   r->profile_path);
      return FALSE;
    }
  }
  if (!vs_profile_check_fit (r->run.schedule, r->profile, r->profile_path, config->force,
                             r->run.notes, error))
    return FALSE;
  r->join = vs_profile_join (r->run.schedule, r->profile);
  if (r->join->joined_tasks == 0) {
    g_set_error (error, VS_CALIBRATE_ERROR, VS_CALIBRATE_ERROR_RUN,
                 "%s: none of its %u measured tasks joins a task of %s", r->profile_path,
                 r->join->measured_tasks, r->schedule_path);
    return FALSE;
  }
  return TRUE;
}

/* The run at the clocks its profile records, when they differ: prepared
 * again with them, so that every cost and note is at those clocks (a
 * schedule from standard input is kept after its first read). */
static gboolean
apply_recorded_clocks (VsMeasuredRun *r, const VsRunConfig *config, GError **error)
{
  r->clock_sets = recorded_clock_sets (r, config);
  if (r->clock_sets == NULL)
    return TRUE;
  double was = r->run.schedule->device.dpu_clock_mhz;
  VsRunConfig at_clocks = *config;
  at_clocks.sets = (const char *const *) r->clock_sets;
  vs_run_clear (&r->run);
  memset (&r->run, 0, sizeof r->run);
  g_clear_pointer (&r->join, vs_profile_join_free);
  if (!prepare_and_join (r, &at_clocks, error))
    return FALSE;
  const VsDevice *d = &r->run.schedule->device;
  g_ptr_array_add (r->run.notes,
                   g_strdup_printf ("%s: the profile records the chip at %g MHz, the device says %g "
                                    "MHz: replayed at the recorded clocks (DPU %g, SHAVE %g, CMX %g "
                                    "MHz)", r->profile_path, d->dpu_clock_mhz, was, d->dpu_clock_mhz,
                                    d->shave_clock_mhz, d->cmx_clock_mhz));
  return TRUE;
}

VsMeasuredRun *
vs_measured_run_load (const char *spec, const VsRunConfig *config, GError **error)
{
  g_autoptr(VsMeasuredRun) r = g_new0 (VsMeasuredRun, 1);
  r->compiler_estimate_ps = -1;
  if (!locate_run (r, spec, error) || !prepare_and_join (r, config, error) ||
      !apply_recorded_clocks (r, config, error))
    return NULL;
  /* The profile's workpoint is the DPU clock the chip ran at: a device
   * describing another clock will mispredict every DPU task by the ratio. */
  double clock = r->run.schedule->device.dpu_clock_mhz;
  if (r->profile->freq_mhz > 0 && clock > 0 && fabs (r->profile->freq_mhz / clock - 1.0) > 0.01 &&
      g_strcmp0 (r->profile->workpoint_status, "OK") == 0)
    g_ptr_array_add (r->run.notes,
                     g_strdup_printf ("%s: the chip ran at %g MHz (workpoint), the device says %g MHz: "
                                      "--set dpu_clock_mhz=%g replays the run as measured",
                                      r->profile_path, r->profile->freq_mhz, clock, r->profile->freq_mhz));
  /* The replays with measured durations run without SHAVE start-up
   * (vs_measured_run_replay), so nothing is taken off the measured kernels. */
  vs_measured_durations_compute (r->run.schedule, r->profile, r->join, &r->run.costs,
                                 r->run.task_ddr_bytes, 0, &r->measured);
  const VsSchedule *s = r->run.schedule;
  const char *timing = g_hash_table_lookup (s->source, "inference_timing_cycles");
  if (timing != NULL && s->device.dpu_clock_mhz > 0) {
    double cycles = g_ascii_strtod (timing, NULL);
    if (cycles >= 0 && cycles < 1e15)
      r->compiler_estimate_ps = (gint64) llround (cycles / s->device.dpu_clock_mhz * 1e6);
  }
  return g_steal_pointer (&r);
}

void
vs_measured_run_free (VsMeasuredRun *r)
{
  if (r == NULL)
    return;
  vs_run_clear (&r->run);
  g_clear_pointer (&r->profile, vs_profile_free);
  g_clear_pointer (&r->join, vs_profile_join_free);
  g_clear_pointer (&r->clock_sets, g_strfreev);
  vs_measured_durations_clear (&r->measured);
  g_free (r->name);
  g_free (r->schedule_path);
  g_free (r->profile_path);
  g_free (r);
}

gboolean
vs_measured_run_same_measurement (const VsMeasuredRun *a, const VsMeasuredRun *b)
{
  /* The text report rounds to 1 ns per task and its total may differ in the
   * last digits from the JSON's: equal within 0.01 %. */
  gint64 d = a->profile->latency_ps - b->profile->latency_ps;
  return a->run.schedule->tasks->len == b->run.schedule->tasks->len &&
         (d < 0 ? -d : d) * 10000 <= MAX (a->profile->latency_ps, b->profile->latency_ps);
}

/* --- prediction --- */

VsTimeline *
vs_measured_run_replay (VsMeasuredRun *r, const VsDevice *with, VsReplayMode mode,
                        gboolean measured, GError **error)
{
  VsDevice *device = &r->run.schedule->device;
  VsDevice saved = *device;
  if (with != NULL) {
    for (guint i = 0; i < VS_CALIBRATION_PARAMS; i++)
      vs_calibration_param_set (device, i, vs_calibration_param_get (with, i));
    device->shave_kernel_loads = with->shave_kernel_loads;
  }
  if (measured)
    device->shave_startup_ns = 0;       /* measured SHAVE durations include it */
  /* Other keys re-time the model's durations (the SHAVE fallback, the code
   * fetch, the DDR bandwidth): re-time them whenever keys are given. */
  g_autofree gint64 *task_ps = NULL, *variant_ps = NULL;
  if (!measured && with != NULL) {
    const VsSchedule *s = r->run.schedule;
    task_ps = g_new (gint64, s->tasks->len + 1);
    variant_ps = g_new (gint64, s->variants->len + 1);
    vs_costs_retime (&r->run.costs, s, device, r->run.plan.reference, r->run.plan.compiler_mode,
                     task_ps, variant_ps);
  }
  VsRunConfig config = { .mode = mode };
  VsTimeline *tl = vs_run_replay_full (&r->run, &config,
                                       measured ? r->measured.task_ps : task_ps,
                                       measured ? r->measured.variant_ps : variant_ps,
                                       measured ? r->measured.ddr_bytes : r->run.task_ddr_bytes,
                                       error);
  *device = saved;
  return tl;
}

gboolean
vs_measured_run_predict (VsMeasuredRun *r, const VsDevice *params_from, VsReplayMode mode,
                         gboolean measured_durations_, VsMeasuredSpan *span, GError **error)
{
  g_autoptr(VsTimeline) tl = vs_measured_run_replay (r, params_from, mode, measured_durations_, error);
  if (tl == NULL)
    return FALSE;
  vs_measured_span (r->run.schedule, r->profile, r->join, tl, span);
  return TRUE;
}

/* --- the fit --- */

typedef struct {
  VsMeasuredRun *const *runs;
  guint n_runs;
  VsDevice *device;
  guint evaluations;
  GError *error;
} Fit;

static double
run_objective (VsMeasuredRun *r, const VsDevice *device, GError **error)
{
  g_autoptr(VsTimeline) tl = vs_measured_run_replay (r, device, VS_REPLAY_REALISTIC, TRUE, error);
  if (tl == NULL)
    return NAN;
  VsMeasuredSpan span;
  vs_measured_span (r->run.schedule, r->profile, r->join, tl, &span);
  const double measured = (double) MAX (span.measured_ps, 1);
  double e = ((double) span.predicted_ps - (double) span.measured_ps) / measured;
  double sum = 0;
  guint n = 0;
  for (guint t = 0; t < tl->n_tasks; t++) {
    gint32 m = r->join->measured_of_task[t];
    if (m < 0)
      continue;
    const VsMeasuredTask *mt = &g_array_index (r->profile->tasks, VsMeasuredTask, m);
    double predicted = (double) (tl->task_start[t] - span.first_start_ps);
    double d = (predicted - (double) (mt->start_ps - r->measured.first_start_ps)) / measured;
    sum += d * d;
    n++;
  }
  return e * e + (n > 0 ? sum / n : 0.0);
}

static double
objective (Fit *f)
{
  f->evaluations++;
  double total = 0;
  for (guint i = 0; i < f->n_runs; i++) {
    double o = run_objective (f->runs[i], f->device, f->error == NULL ? &f->error : NULL);
    if (isnan (o))
      return INFINITY;
    total += o;
  }
  return total;
}

/* Try `value` for parameter p; keep it when it lowers the objective by more
 * than rounding (ties keep the current value, so the search is stable). */
static void
try_value (Fit *f, guint p, double value, double *best)
{
  if (value < 0 || value > 1e9)
    return;
  double old = vs_calibration_param_get (f->device, p);
  if (value == old)
    return;
  vs_calibration_param_set (f->device, p, value);
  double o = objective (f);
  if (o < *best * (1 - 1e-12) - 1e-15)
    *best = o;
  else
    vs_calibration_param_set (f->device, p, old);
}

/* The joined task of each engine kind that started first as measured (the
 * one that took the kind's cold start), -1 for a kind without one. */
static void
first_started (const VsMeasuredRun *r, gint32 first[VS_ENGINE_COUNT])
{
  const VsSchedule *s = r->run.schedule;
  gint64 at[VS_ENGINE_COUNT];
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    first[e] = -1;
    at[e] = G_MAXINT64;
  }
  for (guint t = 0; t < s->tasks->len; t++) {
    gint32 m = r->join->measured_of_task[t];
    if (m < 0)
      continue;
    VsEngine e = vs_schedule_queue (s, vs_schedule_task (s, t)->queue)->engine;
    gint64 start = g_array_index (r->profile->tasks, VsMeasuredTask, m).start_ps;
    if (start < at[e]) {
      at[e] = start;
      first[e] = (gint32) t;
    }
  }
}

/* Whether a run's DMA costs come from a formula of the device's numbers or
 * another generation's network (VPU 2.0: VPUNN costs its DMAs with the NPU
 * 2.7 network, which they take 1.3-3 times as long as), rather than a
 * network trained on the chip's own DMAs. */
static gboolean
dma_costs_from_formula (const VsMeasuredRun *r)
{
  if (r->run.spec.dma == VS_COST_CHOICE_ANALYTICAL)
    return TRUE;
  return r->run.spec.dma == VS_COST_CHOICE_VPUNN &&
         !vs_vpunn_cost_model_dma_is_trained (
           r->run.plan.dma, vs_arch_vpu_device (r->run.schedule->device.arch));
}

/* Whether DMA task t's measured run overlapped another timed DMA's. */
static gboolean
overlaps_other_dma (const VsMeasuredRun *r, guint t)
{
  const VsSchedule *s = r->run.schedule;
  const VsMeasuredTask *x =
    &g_array_index (r->profile->tasks, VsMeasuredTask, r->join->measured_of_task[t]);
  for (guint u = 0; u < s->tasks->len; u++) {
    gint32 m = r->join->measured_of_task[u];
    if (u == t || m < 0 || vs_schedule_task (s, u)->kind != VS_TASK_DMA)
      continue;
    const VsMeasuredTask *y = &g_array_index (r->profile->tasks, VsMeasuredTask, m);
    if (y->start_ps < x->start_ps + x->duration_ps && x->start_ps < y->start_ps + y->duration_ps)
      return TRUE;
  }
  return FALSE;
}

/* The DDR bandwidth the measured DMAs reach, where the DMA costs are not a
 * network trained on the chip's own DMAs (which knows its bandwidth): for
 * every timed copy to or from DDR of at least 16 KB (its time is its
 * transfer's) that ran alone (no other timed DMA overlapping it: shared DDR
 * is the replay's to model), the measured time over the model's at
 * `device`'s bandwidth; the device's bandwidth over the median of those.
 * FALSE without such copies (the 6-tile NPU 4.0 profiles time no DMA; NPU
 * 2.7 and 4.0 have DMA networks of their own). */
static gboolean
ddr_bandwidth_estimate (VsMeasuredRun *const *runs, guint n_runs, const VsDevice *device,
                        double *gbps)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < n_runs; i++) {
    const VsMeasuredRun *r = runs[i];
    if (!vs_measured_run_is_typical (r) || !dma_costs_from_formula (r))
      continue;
    const VsSchedule *s = r->run.schedule;
    for (guint t = 0; t < s->tasks->len; t++) {
      gint32 m = r->join->measured_of_task[t];
      if (m < 0 || r->run.costs.task_class[t] != VS_TIME_DMA_DDR ||
          r->run.task_ddr_bytes[t] < 16384)
        continue;
      gint64 model = vs_costs_task_ps (&r->run.costs, t, device, r->run.plan.reference,
                                       r->run.plan.compiler_mode);
      gint64 measured = g_array_index (r->profile->tasks, VsMeasuredTask, m).duration_ps;
      if (model <= 0 || measured <= 0 || overlaps_other_dma (r, t))
        continue;
      double ratio = (double) measured / (double) model;
      g_array_append_val (ratios, ratio);
    }
  }
  if (ratios->len == 0)
    return FALSE;
  *gbps = device->ddr_bandwidth_gbps / vs_median ((double *) (void *) ratios->data, ratios->len);
  return TRUE;
}

/* dma_queue_start_ns measured: in each run, every DMA queue but the first
 * to start whose measured copies up to its first timed one wait for
 * nothing started that long after the run's first task.  The median;
 * FALSE without such a queue. */
static gboolean
queue_start_estimate (VsMeasuredRun *const *runs, guint n_runs, double *ns)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < n_runs; i++) {
    const VsSchedule *s = runs[i]->run.schedule;
    guint nq = s->queues->len;
    g_autofree gint64 *start = g_new (gint64, MAX (nq, 1));
    g_autofree gboolean *done = g_new0 (gboolean, MAX (nq, 1));
    for (guint q = 0; q < nq; q++)
      start[q] = -1;
    for (guint t = 0; t < s->tasks->len; t++) {
      const VsTask *task = vs_schedule_task (s, t);
      gint32 m = runs[i]->join->measured_of_task[t];
      if (done[task->queue] || vs_schedule_queue (s, task->queue)->engine != VS_ENGINE_DMA)
        continue;
      if (task->n_waits > 0) {
        done[task->queue] = TRUE;       /* a barrier may explain its start */
      } else if (m >= 0) {
        start[task->queue] = g_array_index (runs[i]->profile->tasks, VsMeasuredTask, m).start_ps;
        done[task->queue] = TRUE;
      }
    }
    gint64 first = G_MAXINT64;
    for (guint q = 0; q < nq; q++)
      if (start[q] >= 0 && start[q] < first)
        first = start[q];
    gboolean skipped = FALSE;
    for (guint q = 0; q < nq; q++) {
      if (start[q] < 0)
        continue;
      if (start[q] == first && !skipped) {
        skipped = TRUE;
        continue;
      }
      double d = (double) (start[q] - runs[i]->measured.first_start_ps) / 1000.0;
      g_array_append_val (samples, d);
    }
  }
  if (samples->len == 0)
    return FALSE;
  *ns = MAX (0.0, vs_median ((double *) (void *) samples->data, samples->len));
  return TRUE;
}

/* Direct estimates from the measured gaps: a joined task whose wait
 * barriers' producers were all measured started `gap` after the last of
 * them ended.  The first task of its engine kind to start gives a cold
 * sample, any other whose predecessor in the queue (if any) had already
 * ended a warm (dispatch) sample.  The medians start the search near the
 * answer; the objective then corrects for what the gaps cannot see
 * (producers the profile did not time). */
static void
gap_estimates (VsMeasuredRun *const *runs, guint n_runs, double *estimate, gboolean *have)
{
  GArray *warm[VS_ENGINE_COUNT], *cold[VS_ENGINE_COUNT];
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    warm[e] = g_array_new (FALSE, FALSE, sizeof (double));
    cold[e] = g_array_new (FALSE, FALSE, sizeof (double));
  }
  for (guint i = 0; i < n_runs; i++) {
    const VsSchedule *s = runs[i]->run.schedule;
    const VsProfileJoin *j = runs[i]->join;
    const GArray *mt = runs[i]->profile->tasks;
    g_autofree gint32 *prev_in_queue = g_new (gint32, MAX (s->queues->len, 1));
    for (guint q = 0; q < s->queues->len; q++)
      prev_in_queue[q] = -1;
    gint32 first[VS_ENGINE_COUNT];
    first_started (runs[i], first);
    /* Producers' latest measured end per barrier, -1 when one was not measured. */
    g_autofree gint64 *release = g_new0 (gint64, MAX (s->barriers->len, 1));
    for (guint t = 0; t < s->tasks->len; t++) {
      const VsTask *task = vs_schedule_task (s, t);
      for (guint k = 0; k < task->n_updates; k++) {
        gint32 b = vs_schedule_ref (s, task->first_update + k);
        gint32 m = j->measured_of_task[t];
        if (release[b] < 0)
          continue;
        if (m < 0) {
          release[b] = -1;
          continue;
        }
        const VsMeasuredTask *x = &g_array_index (mt, VsMeasuredTask, m);
        release[b] = MAX (release[b], x->start_ps + x->duration_ps);
      }
    }
    for (guint t = 0; t < s->tasks->len; t++) {
      const VsTask *task = vs_schedule_task (s, t);
      const VsQueue *queue = vs_schedule_queue (s, task->queue);
      gint32 prev = prev_in_queue[task->queue];
      prev_in_queue[task->queue] = (gint32) t;
      gint32 m = j->measured_of_task[t];
      if (m < 0 || task->n_waits == 0 || queue->engine >= VS_ENGINE_M2I)
        continue;
      gint64 at = -1;
      for (guint k = 0; k < task->n_waits; k++) {
        gint32 b = vs_schedule_ref (s, task->first_wait + k);
        if (release[b] < 0 || vs_schedule_barrier (s, b)->producers == 0) {
          at = -1;
          break;
        }
        at = MAX (at, release[b]);
      }
      if (at < 0)
        continue;
      const VsMeasuredTask *x = &g_array_index (mt, VsMeasuredTask, m);
      double gap_ns = (double) (x->start_ps - at) / 1000.0;
      if (gap_ns < 0)
        continue;
      if ((gint32) t == first[queue->engine]) {
        g_array_append_val (cold[queue->engine], gap_ns);
      } else if (prev < 0) {
        g_array_append_val (warm[queue->engine], gap_ns);
      } else {
        gint32 pm = j->measured_of_task[prev];
        if (pm >= 0) {
          const VsMeasuredTask *px = &g_array_index (mt, VsMeasuredTask, pm);
          if (px->start_ps + px->duration_ps <= at)
            g_array_append_val (warm[queue->engine], gap_ns);
        }
      }
    }
  }
  for (int e = 0; e < VS_ENGINE_M2I; e++) {
    double w = 0;
    have[e] = warm[e]->len > 0;
    if (have[e]) {
      g_array_sort (warm[e], vs_compare_doubles);
      w = estimate[e] = g_array_index (warm[e], double, warm[e]->len / 2);
    }
    have[3 + e] = cold[e]->len > 0;
    if (have[3 + e]) {
      g_array_sort (cold[e], vs_compare_doubles);
      estimate[3 + e] = MAX (0.0, g_array_index (cold[e], double, cold[e]->len / 2) - w);
    }
  }
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    g_array_unref (warm[e]);
    g_array_unref (cold[e]);
  }
}

/* SHAVE start-up: the median of measured minus modelled duration over the
 * measured SHAVE tasks (kernel launch, which no SHAVE model contains),
 * never negative.  FALSE when no SHAVE task was measured. */
static gboolean
shave_excess (VsMeasuredRun *const *runs, guint n_runs, const VsDevice *device, double *ns)
{
  g_autoptr(GArray) excess = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < n_runs; i++) {
    const VsSchedule *s = runs[i]->run.schedule;
    const VsCosts *c = &runs[i]->run.costs;
    for (guint t = 0; t < s->tasks->len; t++) {
      if (vs_schedule_task (s, t)->kind != VS_TASK_SHAVE || runs[i]->join->measured_of_task[t] < 0)
        continue;
      /* Timed for `device`: a kernel the fallback costs takes its fallback. */
      gint64 model = vs_costs_task_ps (c, t, device, runs[i]->run.plan.reference,
                                       runs[i]->run.plan.compiler_mode);
      double d = (double) (runs[i]->measured.task_ps[t] - model) / 1000.0;
      g_array_append_val (excess, d);
    }
  }
  if (excess->len == 0)
    return FALSE;
  g_array_sort (excess, vs_compare_doubles);
  *ns = MAX (0.0, g_array_index (excess, double, excess->len / 2));
  return TRUE;
}

/* Best moves, then refinement, from the device's current values. */
static double
search (Fit *f, const gboolean *identifiable, double best)
{
  /* Best move first: of every parameter's grid values, take the single one
   * that lowers the objective most, and repeat.  Fitting one parameter at a
   * time in a fixed order instead lets the first one absorb gaps that belong
   * to another (a cold start spread over every task as dispatch latency). */
  for (guint moves = 0; moves < 64 && f->error == NULL; moves++) {
    guint best_p = G_MAXUINT;
    double best_v = 0, best_o = best;
    for (guint p = 0; p < VS_CALIBRATION_SEARCHED; p++) {
      if (!identifiable[p])
        continue;
      double keep = vs_calibration_param_get (f->device, p);
      for (double v = 0; v <= 51200; v = v == 0 ? 25 : v * 2) {
        if (v == keep)
          continue;
        vs_calibration_param_set (f->device, p, v);
        double o = objective (f);
        if (o < best_o * (1 - 1e-12) - 1e-15) {
          best_o = o;
          best_p = p;
          best_v = v;
        }
      }
      vs_calibration_param_set (f->device, p, keep);
    }
    if (best_p == G_MAXUINT)
      break;
    vs_calibration_param_set (f->device, best_p, best_v);
    best = best_o;
  }
  /* Then refine each around its value with halving steps. */
  for (int round = 0; round < 4 && f->error == NULL; round++) {
    for (guint p = 0; p < VS_CALIBRATION_SEARCHED; p++) {
      if (!identifiable[p])
        continue;
      double step = MAX (vs_calibration_param_get (f->device, p) / 2, 20.0);
      while (step >= 1.0) {
        double at = vs_calibration_param_get (f->device, p);
        double before = best;
        try_value (f, p, at + step, &best);
        if (best == before)
          try_value (f, p, at - step, &best);
        if (best == before)
          step /= 2;
      }
    }
  }
  return best;
}

gboolean
vs_calibrate (VsMeasuredRun *const *runs, guint n_runs, VsDevice *device, VsCalibration *out,
              GError **error)
{
  memset (out, 0, sizeof *out);
  for (guint i = 0; i < n_runs; i++) {
    if (runs[i]->run.schedule->device.arch != device->arch) {
      g_set_error (error, VS_CALIBRATE_ERROR, VS_CALIBRATE_ERROR_MIXED,
                   "%s is a %s run, the others %s: calibrate one architecture at a time",
                   runs[i]->name, vs_arch_name (runs[i]->run.schedule->device.arch),
                   vs_arch_name (device->arch));
      return FALSE;
    }
  }
  Fit f = { runs, n_runs, device, 0, NULL };
  for (guint p = 0; p < VS_CALIBRATION_PARAMS; p++)
    out->start[p] = vs_calibration_param_get (device, p);
  /* Measured directly, and set before the search, which fits the latencies
   * around it. */
  double queue_start, gbps;
  out->identifiable[VS_CALIBRATION_QUEUE_START] = queue_start_estimate (runs, n_runs, &queue_start);
  if (out->identifiable[VS_CALIBRATION_QUEUE_START])
    vs_calibration_param_set (device, VS_CALIBRATION_QUEUE_START, round (queue_start));
  out->identifiable[VS_CALIBRATION_DDR] = ddr_bandwidth_estimate (runs, n_runs, device, &gbps);
  if (out->identifiable[VS_CALIBRATION_DDR])
    vs_calibration_param_set (device, VS_CALIBRATION_DDR, round (gbps * 1000) / 1000);
  double best = objective (&f);
  out->objective_start = best;

  /* Identifiable: 0 and 10 us give different objectives. */
  for (guint p = 0; p < VS_CALIBRATION_SEARCHED; p++) {
    double keep = vs_calibration_param_get (device, p);
    vs_calibration_param_set (device, p, 0);
    double at0 = objective (&f);
    vs_calibration_param_set (device, p, 10000);
    double at10 = objective (&f);
    vs_calibration_param_set (device, p, keep);
    out->identifiable[p] = fabs (at0 - at10) > 1e-12 * MAX (1.0, fabs (at0));
  }

  /* Several starts, the lowest end kept: the objective has long, nearly
   * flat valleys (a cold start traded for dispatch latencies) whose floors
   * differ by a few percent, and a best-move search ends in the valley it
   * starts near.  The starts: the device's values, the medians of the
   * measured gaps, and every latency at 1 us and at 5 us — none read off
   * the runs being predicted when the caller leaves one out. */
  double start[VS_CALIBRATION_PARAMS], estimate[VS_CALIBRATION_PARAMS];
  double best_values[VS_CALIBRATION_PARAMS];
  gboolean have[VS_CALIBRATION_PARAMS] = { FALSE };
  gap_estimates (runs, n_runs, estimate, have);
  for (guint p = 0; p < VS_CALIBRATION_PARAMS; p++)
    start[p] = best_values[p] = vs_calibration_param_get (device, p);
  best = INFINITY;
  for (guint k = 0; k < 4 && f.error == NULL; k++) {
    for (guint p = 0; p < VS_CALIBRATION_SEARCHED; p++) {
      double v = k == 0 ? start[p]
               : k == 1 ? (have[p] ? round (estimate[p]) : start[p])
               : k == 2 ? 1000 : 5000;
      vs_calibration_param_set (device, p, out->identifiable[p] ? v : start[p]);
    }
    double o = search (&f, out->identifiable, objective (&f));
    if (o < best) {
      best = o;
      for (guint p = 0; p < VS_CALIBRATION_PARAMS; p++)
        best_values[p] = vs_calibration_param_get (device, p);
    }
  }
  for (guint p = 0; p < VS_CALIBRATION_PARAMS; p++)
    vs_calibration_param_set (device, p, best_values[p]);
  if (f.error != NULL) {
    g_propagate_error (error, f.error);
    return FALSE;
  }
  /* The code fetch of a kernel's first run on a SHAVE, then the SHAVE
   * fallback model, on the kernels no SHAVE model knows, without it. */
  g_autoptr(GArray) samples = vs_shave_samples (runs, n_runs);
  double load_ns;
  out->identifiable[VS_CALIBRATION_LOAD] =
    vs_shave_kernel_load_fit (samples, runs, device, &load_ns, &device->shave_kernel_loads);
  if (out->identifiable[VS_CALIBRATION_LOAD])
    vs_calibration_param_set (device, VS_CALIBRATION_LOAD, round (load_ns));
  vs_shave_samples_remove_load (samples, device);
  double launch_ns, ns_per_byte;
  gboolean fallback = vs_shave_fallback_fit (samples, NULL, &launch_ns, &ns_per_byte);
  out->identifiable[VS_CALIBRATION_SEARCHED + 1] = out->identifiable[VS_CALIBRATION_SEARCHED + 2] =
    fallback;
  if (fallback)
    vs_shave_fallback_to_device (launch_ns, ns_per_byte, device);
  double startup;
  out->identifiable[VS_CALIBRATION_SEARCHED] = shave_excess (runs, n_runs, device, &startup);
  if (out->identifiable[VS_CALIBRATION_SEARCHED])
    vs_calibration_param_set (device, VS_CALIBRATION_SEARCHED, startup);
  for (guint p = 0; p < VS_CALIBRATION_PARAMS; p++) {
    double v = vs_calibration_param_get (device, p);
    if (p <= VS_CALIBRATION_SEARCHED)
      v = round (v);                    /* whole ns; the fallback is rounded where it is fitted */
    vs_calibration_param_set (device, p, v);
    out->fitted[p] = v;
  }
  out->objective = objective (&f);
  out->evaluations = f.evaluations;
  return TRUE;
}
