/* SPDX-License-Identifier: Apache-2.0 */
/* run_pipeline.c — schedule + device + cost models + pre-pass + replay. */
#include "sim/analysis/run_pipeline.h"
#include "sim/analysis/profile_fit.h"

#include <math.h>
#include <string.h>

#include "hw/input_file.h"
#include "models/analytical.h"
#include "models/vpunn/shave_fitted_model.h"
#include "models/vpunn/vpunn_cost_model.h"
#include "sim/cost/measured_durations.h"
#include "sim/schedule/schedule_yaml.h"
#include "sim/import/mlir_lexer.h"
#include "sim/import/vpurt_import.h"

/* Standard input has no name to go by: MLIR text has a line starting with
 * "module" (after its #-aliases, which look like YAML comments); anything
 * else is read as a vpusim schedule, whose errors then say what is wrong. */
static VsSchedule *
load_stdin (GPtrArray *notes, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  if (!vs_input_file_read_as ("-", MAX (VS_MLIR_MAX_BYTES, VS_SCHEDULE_MAX_FILE_BYTES),
                              "a schedule", &data, &length, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_IO,
                              VS_SCHEDULE_ERROR_IO, error))
    return NULL;
  if (g_str_has_prefix (data, "module") || strstr (data, "\nmodule") != NULL)
    return vs_vpurt_import_from_data (data, length, "-", notes, error);
  return vs_schedule_read_from_data (data, length, "-", error);
}

VsSchedule *
vs_run_load_schedule (const char *path, GPtrArray *notes, GError **error)
{
  if (vs_input_file_is_stdin (path))
    return load_stdin (notes, error);
  if (g_str_has_suffix (path, ".mlir"))
    return vs_vpurt_import_full (path, notes, error);
  return vs_schedule_read (path, error);
}

gboolean
vs_run_config_from_options (VsRunConfig *config, const VsRunOptions *o, GError **error)
{
  *config = (VsRunConfig) {
    .device = o->device, .sets = o->sets, .cost = o->cost, .models_dir = o->models,
    .mode = VS_REPLAY_REALISTIC, .force = o->force,
  };
  if (o->mode != NULL && !vs_replay_mode_from_name (o->mode, &config->mode)) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 "--mode: '%s' is not realistic or compiler", o->mode);
    return FALSE;
  }
  VsCostSpec check;
  return vs_unknown_shave_policy_parse (o->unknown_shave, &config->unknown_shave, error) &&
         vs_cost_spec_parse (o->cost, &check, error);
}

/* A compiled schedule fixes how many tiles and DMA ports it uses: its queues
 * name them.  Changing the device's count would change nothing (more) or
 * leave queues on engines that do not exist (fewer), so --set refuses it
 * rather than accept a knob that does nothing. */
static gboolean
refuse_fixed_key (const VsSchedule *s, const char *assignment, GError **error)
{
  static const struct { const char *key, *what; } fixed[] = {
    { "tiles", "tiles" },
    { "dma_ports", "DMA ports" },
  };
  const char *eq = strchr (assignment, '=');
  gsize n = eq != NULL ? (gsize) (eq - assignment) : strlen (assignment);
  for (guint k = 0; k < G_N_ELEMENTS (fixed); k++) {
    if (strlen (fixed[k].key) != n || strncmp (assignment, fixed[k].key, n) != 0)
      continue;
    gint32 used = 0;
    for (guint q = 0; q < s->queues->len; q++) {
      const VsQueue *queue = vs_schedule_queue (s, q);
      gint32 v = k == 0 ? queue->tile : queue->engine == VS_ENGINE_DMA ? queue->port : -1;
      used = MAX (used, v + 1);
    }
    g_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE,
                 "--set %s: the schedule's queues fix its %s (it uses %d): a compiled schedule "
                 "does not change them; `vpusim lower --tiles N` makes a schedule for another "
                 "tile count", assignment, fixed[k].what, used);
    return FALSE;
  }
  return TRUE;
}

static gboolean
configure_device (VsSchedule *s, const VsRunConfig *config, GError **error)
{
  if (config->device != NULL) {
    VsDevice device;
    if (!vs_device_load (&device, config->device, error))
      return FALSE;
    s->device = device;
  }
  for (guint i = 0; config->sets != NULL && config->sets[i] != NULL; i++) {
    if (!refuse_fixed_key (s, config->sets[i], error) ||
        !vs_device_set (&s->device, config->sets[i], error))
      return FALSE;
  }
  return TRUE;
}

/* The preset describing the real chip of an arch, or NULL. */
static const char *
arch_preset_name (VsArch arch)
{
  switch (arch) {
  case VS_ARCH_VPU20: return "vpu20";
  case VS_ARCH_NPU27: return "npu27";
  case VS_ARCH_NPU40: return "npu40";
  default: return NULL;
  }
}

/* Resolve AUTO choices and create the models; one VPUNN and one analytical
 * instance serve every kind that asks for them. */
static gboolean
build_models (VsRun *run, const VsRunConfig *config, GError **error)
{
  if (!vs_cost_spec_parse (config->cost, &run->spec, error))
    return FALSE;
  VsCostChoice *choices[VS_TASK_KIND_COUNT] = {
    [VS_TASK_DMA] = &run->spec.dma, [VS_TASK_DPU] = &run->spec.dpu, [VS_TASK_SHAVE] = &run->spec.shave,
  };
  gboolean wants_vpunn = FALSE, any_auto = FALSE;
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++) {
    if (choices[k] == NULL)
      continue;
    wants_vpunn |= *choices[k] == VS_COST_CHOICE_VPUNN;
    any_auto |= *choices[k] == VS_COST_CHOICE_AUTO;
  }
  VsVpuDevice device = vs_arch_vpu_device (run->schedule->device.arch);
  VsCostModel *vpunn = NULL;
  if (wants_vpunn || any_auto) {
    g_autoptr(GError) local = NULL;
    run->models_dir = g_strdup (config->models_dir);
    vpunn = vs_vpunn_cost_model_new (config->models_dir, device, run->notes, &local);
    if (vpunn == NULL) {
      if (wants_vpunn) {
        g_propagate_prefixed_error (error, g_steal_pointer (&local), "--cost vpunn: ");
        return FALSE;
      }
      g_ptr_array_add (run->notes,
                       g_strdup_printf ("VPUNN not used (%s); using the analytical cost model",
                                        local->message));
    }
  }
  run->fallback = vs_analytical_cost_model_new ();
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++) {
    if (choices[k] == NULL)
      continue;
    if (*choices[k] == VS_COST_CHOICE_AUTO)
      *choices[k] = vpunn != NULL ? VS_COST_CHOICE_VPUNN : VS_COST_CHOICE_ANALYTICAL;
    run->models[k] = *choices[k] == VS_COST_CHOICE_VPUNN ? vpunn
                   : *choices[k] == VS_COST_CHOICE_ANALYTICAL ? run->fallback
                   /* SHAVE: the classic table is what the analytical model prices with */
                   : *choices[k] == VS_COST_CHOICE_TABLE ? run->fallback
                   : *choices[k] == VS_COST_CHOICE_FITTED ? vs_shave_fitted_cost_model_new () : NULL;
  }
  /* Nobody ended up using VPUNN: drop it now rather than keep it alive. */
  gboolean used = FALSE;
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++)
    used |= run->models[k] == vpunn && vpunn != NULL;
  if (!used && vpunn != NULL)
    vs_cost_model_free (vpunn);

  run->plan.dpu = run->models[VS_TASK_DPU];
  run->plan.dma = run->models[VS_TASK_DMA];
  /* The compiler's estimator asks VPUNN's tensor-level DMA query, which is
   * the theoretical DMA model whatever DMA network exists (SPEC.md §6.4). */
  if (config->mode == VS_REPLAY_COMPILER && run->spec.dma == VS_COST_CHOICE_VPUNN)
    run->plan.dma = run->fallback;
  run->plan.shave = run->models[VS_TASK_SHAVE];
  run->plan.fallback = run->fallback;
  run->plan.unknown_shave = config->unknown_shave;
  run->plan.compiler_mode = config->mode == VS_REPLAY_COMPILER;
  /* Models describe the real chip: its preset is the reference that
   * what-if changes of clocks and bandwidths are measured against. */
  const char *preset = arch_preset_name (run->schedule->device.arch);
  g_autoptr(GError) local = NULL;
  if (preset != NULL && vs_device_load (&run->reference, preset, &local))
    run->plan.reference = &run->reference;
  return TRUE;
}

/* Bytes each DMA moves to or from DDR: what its concurrent peers share. */
static gint64 *
ddr_bytes (const VsSchedule *s)
{
  gint64 *bytes = g_new0 (gint64, s->tasks->len + 1);
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    if (t->kind != VS_TASK_DMA)
      continue;
    const VsTensor *src = vs_schedule_tensor (s, t->spec.dma.src);
    const VsTensor *dst = vs_schedule_tensor (s, t->spec.dma.dst);
    gboolean ddr = (src != NULL && src->memory == VS_MEMORY_DDR) ||
                   (dst != NULL && dst->memory == VS_MEMORY_DDR);
    if (!ddr)
      continue;
    gint64 n = t->spec.dma.bytes;
    if (n <= 0 && dst != NULL)
      n = vs_tensor_bytes (dst);
    if (n <= 0 && src != NULL)
      n = vs_tensor_bytes (src);
    bytes[i] = MAX (n, 0);
  }
  return bytes;
}

/* --cost measured=PROFILE: the profile's durations where it timed a task.
 * The model's costs stay behind for the tasks it did not time. */
static gboolean
apply_measured (VsRun *run, gboolean force, GError **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VsProfile) profile = vs_profile_read (run->measured_profile, warnings, error);
  if (profile == NULL)
    return FALSE;
  for (guint i = 0; i < warnings->len; i++)
    g_ptr_array_add (run->notes, g_strdup (warnings->pdata[i]));
  const VsSchedule *s = run->schedule;
  if (!vs_profile_check_fit (s, profile, run->measured_profile, force, run->notes, error))
    return FALSE;
  g_autoptr(VsProfileJoin) join = vs_profile_join (s, profile);
  if (join->joined_tasks == 0 && join->joined_variants == 0) {
    g_set_error (error, VS_PROFILE_ERROR, VS_PROFILE_ERROR_INVALID,
                 "%s: none of its %u measured tasks joins a task of %s (--cost measured= needs "
                 "the profile of this schedule)", run->measured_profile, join->measured_tasks,
                 s->path != NULL ? s->path : "the schedule");
    return FALSE;
  }
  VsMeasuredDurations m;
  vs_measured_durations_compute (s, profile, join, &run->costs, run->task_ddr_bytes,
                                 (gint64) llround (s->device.shave_startup_ns * 1000.0), &m);
  /* joined tasks exist, so there are tasks to copy */
  memcpy (run->costs.task_ps, m.task_ps, s->tasks->len * sizeof (gint64));
  if (s->variants->len > 0)
    memcpy (run->costs.variant_ps, m.variant_ps, s->variants->len * sizeof (gint64));
  memcpy (run->task_ddr_bytes, m.ddr_bytes, s->tasks->len * sizeof (gint64));
  run->measured_tasks = m.measured_tasks;
  vs_measured_durations_clear (&m);
  g_ptr_array_add (run->notes,
                   g_strdup_printf ("measured durations from %s for %u of %u tasks (%u of %u measured "
                                    "events joined%s); the other tasks keep the cost model's",
                                    run->measured_profile, run->measured_tasks, s->tasks->len,
                                    join->joined_tasks + join->joined_variants,
                                    join->measured_tasks + join->measured_variants,
                                    profile->simulated ? "; the compiler's simulated trace" : ""));
  return TRUE;
}

gboolean
vs_run_prepare_schedule (VsRun *run, VsSchedule *schedule, const VsRunConfig *config, GError **error)
{
  memset (run, 0, sizeof *run);
  run->schedule = schedule;
  run->notes = g_ptr_array_new_with_free_func (g_free);
  if (!configure_device (schedule, config, error) || !vs_schedule_validate (schedule, error) ||
      !build_models (run, config, error))
    return FALSE;
  if (!vs_cost_prepass (schedule, &run->plan, &run->costs, error))
    return FALSE;
  for (guint i = 0; i < run->costs.warnings->len; i++)
    g_ptr_array_add (run->notes, g_strdup (run->costs.warnings->pdata[i]));
  run->task_ddr_bytes = ddr_bytes (schedule);
  g_autofree char *models = NULL;
  if (!vs_cost_spec_split_measured (config->cost, &models, &run->measured_profile, error))
    return FALSE;
  return run->measured_profile == NULL || apply_measured (run, config->force, error);
}

gboolean
vs_run_prepare (VsRun *run, const char *schedule_path, const VsRunConfig *config, GError **error)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  VsSchedule *s = vs_run_load_schedule (schedule_path, notes, error);
  if (s == NULL) {
    memset (run, 0, sizeof *run);
    return FALSE;
  }
  gboolean ok = vs_run_prepare_schedule (run, s, config, error);
  for (guint i = 0; i < notes->len; i++)
    g_ptr_array_insert (run->notes, (gint) i, g_strdup (notes->pdata[i]));
  return ok;
}

VsTimeline *
vs_run_replay_full (const VsRun *run, const VsRunConfig *config, const gint64 *task_ps,
                    const gint64 *variant_ps, const gint64 *task_ddr_bytes, GError **error)
{
  VsReplay replay = {
    .schedule = run->schedule,
    .task_ps = task_ps != NULL ? task_ps : run->costs.task_ps,
    .variant_ps = variant_ps != NULL ? variant_ps : run->costs.variant_ps,
    .task_ddr_bytes = task_ddr_bytes,
  };
  vs_replay_options_init (&replay.options, config->mode);
  return vs_replay_run (&replay, error);
}

VsTimeline *
vs_run_replay_with (const VsRun *run, const VsRunConfig *config, const gint64 *task_ps,
                    const gint64 *variant_ps, GError **error)
{
  return vs_run_replay_full (run, config, task_ps, variant_ps, run->task_ddr_bytes, error);
}

gboolean
vs_run_replay (VsRun *run, const VsRunConfig *config, GError **error)
{
  g_clear_pointer (&run->timeline, vs_timeline_free);
  run->timeline = vs_run_replay_with (run, config, NULL, NULL, error);
  return run->timeline != NULL;
}

void
vs_run_clear (VsRun *run)
{
  g_clear_pointer (&run->task_ddr_bytes, g_free);
  g_clear_pointer (&run->timeline, vs_timeline_free);
  vs_costs_clear (&run->costs);
  /* Models may serve several kinds: free each distinct one once. */
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++) {
    VsCostModel *m = run->models[k];
    if (m == NULL || m == run->fallback)
      continue;
    for (int j = k + 1; j < VS_TASK_KIND_COUNT; j++)
      if (run->models[j] == m)
        run->models[j] = NULL;
    vs_cost_model_free (m);
    run->models[k] = NULL;
  }
  g_clear_pointer (&run->fallback, vs_cost_model_free);
  g_clear_pointer (&run->schedule, vs_schedule_free);
  g_clear_pointer (&run->notes, g_ptr_array_unref);
  g_clear_pointer (&run->models_dir, g_free);
  g_clear_pointer (&run->measured_profile, g_free);
}

VsRunDurations *
vs_run_durations_new (const VsRun *run)
{
  VsRunDurations *d = g_new0 (VsRunDurations, 1);
  d->task_ps = g_new (gint64, run->schedule->tasks->len + 1);
  d->variant_ps = g_new (gint64, run->schedule->variants->len + 1);
  return d;
}

void
vs_run_durations_free (VsRunDurations *d)
{
  if (d == NULL)
    return;
  g_free (d->task_ps);
  g_free (d->variant_ps);
  g_free (d);
}
