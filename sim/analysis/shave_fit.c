/* SPDX-License-Identifier: Apache-2.0 */
/* shave_fit.c — SHAVE samples, the fallback fit and the SHAVE model report. */
#include "sim/analysis/shave_fit.h"

#include "sim/base/median.h"

#include <math.h>
#include <string.h>

#include "models/dma_theoretical.h"
#include "models/shave_table.h"
#include "models/vpunn/shave_fitted_model.h"
#include "sim/schedule/workload_map.h"

static double
model_ns (VsCycles cycles, double dpu_clock_mhz)
{
  if (VS_CYCLES_IS_ERROR (cycles) || dpu_clock_mhz <= 0)
    return NAN;
  return (double) cycles * 1000.0 / dpu_clock_mhz;
}

GArray *
vs_shave_samples (VsMeasuredRun *const *runs, guint n_runs)
{
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (VsShaveSample));
  for (guint r = 0; r < n_runs; r++) {
    const VsSchedule *s = runs[r]->run.schedule;
    for (guint t = 0; t < s->tasks->len; t++) {
      if (vs_schedule_task (s, t)->kind != VS_TASK_SHAVE || runs[r]->join->measured_of_task[t] < 0)
        continue;
      VsShaveWorkload w;
      if (!vs_workload_map_shave (s, t, &w, NULL))
        continue;
      double bytes = 0;
      for (guint i = 0; i < w.n_inputs; i++)
        bytes += vs_dma_tensor_bytes (&w.inputs[i]);
      for (guint i = 0; i < w.n_outputs; i++)
        bytes += vs_dma_tensor_bytes (&w.outputs[i]);
      VsShaveSample x = {
        .run = r, .task = t, .kernel = w.kernel,
        .measured_ns = (double) runs[r]->measured.task_ps[t] / 1000.0,
        .bytes = bytes,
        .table_ns = model_ns (vs_shave_table_cycles (vs_shave_table_builtin (), &w),
                              s->device.dpu_clock_mhz),
        .fitted_ns = model_ns (vs_shave_fitted_model_cycles (&w), s->device.dpu_clock_mhz),
        .generic_ns = w.n_outputs > 0 ? model_ns (vs_dma_tensor_bytes (&w.outputs[0]),
                                                  s->device.dpu_clock_mhz) : NAN,
        .typical = vs_measured_run_is_typical (runs[r]),
        .first_use = runs[r]->run.costs.task_kernel_first[t] != 0,
      };
      g_array_append_val (samples, x);
    }
  }
  return samples;
}

static gboolean
is_fallback (const VsShaveSample *x)
{
  return isnan (x->table_ns) && isnan (x->fitted_ns);
}

static gboolean fallback_fit (const GArray *samples, const gboolean *use_run, gboolean later_only,
                              double *launch_ns, double *ns_per_byte);

gboolean
vs_shave_fallback_fit (const GArray *samples, const gboolean *use_run, double *launch_ns,
                       double *ns_per_byte)
{
  return fallback_fit (samples, use_run, FALSE, launch_ns, ns_per_byte);
}

/* The fit on the fallback samples `use_run` selects, and with `later_only`
 * only on those that are not a kernel's first run on its SHAVE. */
static gboolean
fallback_fit (const GArray *samples, const gboolean *use_run, gboolean later_only,
              double *launch_ns, double *ns_per_byte)
{
  /* Normal equations of  min sum w (a + b B - m)^2,  w = 1 / m^2. */
  double sw = 0, swb = 0, swbb = 0, swm = 0, swbm = 0;
  guint n = 0;
  for (guint i = 0; i < samples->len; i++) {
    const VsShaveSample *x = &g_array_index (samples, VsShaveSample, i);
    if (!is_fallback (x) || !x->typical || x->measured_ns <= 0 ||
        (use_run != NULL && !use_run[x->run]) || (later_only && x->first_use))
      continue;
    double w = 1.0 / (x->measured_ns * x->measured_ns);
    sw += w;
    swb += w * x->bytes;
    swbb += w * x->bytes * x->bytes;
    swm += w * x->measured_ns;
    swbm += w * x->bytes * x->measured_ns;
    n++;
  }
  if (n == 0)
    return FALSE;
  double det = sw * swbb - swb * swb;
  double a = NAN, b = NAN;
  if (n >= 2 && fabs (det) > 1e-30 * MAX (1.0, sw * swbb)) {
    a = (swm * swbb - swb * swbm) / det;
    b = (sw * swbm - swb * swm) / det;
  }
  /* Constrained: a launch cannot be negative, nor the time per byte. */
  if (isnan (a) || b <= 0) {
    b = 0;
    a = swm / sw;
  } else if (a < 0) {
    a = 0;
    b = swbb > 0 ? swbm / swbb : 0;
  }
  /* Relative least squares lean low (an overestimate costs more than an
   * underestimate of the same size): shift the launch so that the median
   * residual is 0, so the line is as often above the measurements as below
   * and leaves shave_startup_ns (the median excess) nothing to add. */
  g_autoptr(GArray) residual = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < samples->len; i++) {
    const VsShaveSample *x = &g_array_index (samples, VsShaveSample, i);
    if (!is_fallback (x) || !x->typical || x->measured_ns <= 0 ||
        (use_run != NULL && !use_run[x->run]) || (later_only && x->first_use))
      continue;
    double r = x->measured_ns - (a + b * x->bytes);
    g_array_append_val (residual, r);
  }
  double median = vs_median ((double *) (void *) residual->data, residual->len);
  *launch_ns = MAX (0.0, a + median);
  *ns_per_byte = b;
  return TRUE;
}

/* Median of `values` (sorted here); NAN when empty. */
static double
median_of (GArray *values)
{
  return vs_median ((double *) (void *) values->data, values->len);
}

gboolean
vs_shave_kernel_load_fit (const GArray *samples, VsMeasuredRun *const *runs,
                          const VsDevice *device, double *default_ns, VsKernelLoads *per_kernel)
{
  VsDevice unloaded = *device;
  unloaded.shave_kernel_load_ns = 0;
  memset (&unloaded.shave_kernel_loads, 0, sizeof unloaded.shave_kernel_loads);
  /* Kernels no model knows are measured against the fallback line of their
   * later runs: their first runs are often of other sizes (the network's
   * input conversion against its output's), which a line through all of
   * them, or the generic rule, would mistake for the load. */
  double launch_ns = 0, ns_per_byte = 0;
  gboolean later_line = fallback_fit (samples, NULL, TRUE, &launch_ns, &ns_per_byte);
  /* kernel -> [first excesses, later excesses], in order of appearance. */
  g_autoptr(GHashTable) by_kernel = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) kernels = g_ptr_array_new ();
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < samples->len; i++) {
    const VsShaveSample *x = &g_array_index (samples, VsShaveSample, i);
    if (!x->typical || x->kernel == NULL)
      continue;
    const VsMeasuredRun *r = runs[x->run];
    double model_ns;
    if (is_fallback (x) && later_line)
      model_ns = launch_ns + ns_per_byte * x->bytes;
    else if (is_fallback (x))
      continue;                 /* no later run to measure its first ones against */
    else
      model_ns = (double) vs_costs_task_ps (&r->run.costs, x->task, &unloaded,
                                            r->run.plan.reference, r->run.plan.compiler_mode) / 1000.0;
    double excess = x->measured_ns - model_ns;
    gpointer at = g_hash_table_lookup (by_kernel, x->kernel);
    if (at == NULL) {
      g_ptr_array_add (kernels, (gpointer) x->kernel);
      g_ptr_array_add (lists, g_array_new (FALSE, FALSE, sizeof (double)));
      g_ptr_array_add (lists, g_array_new (FALSE, FALSE, sizeof (double)));
      at = GUINT_TO_POINTER (kernels->len);      /* 1-based */
      g_hash_table_insert (by_kernel, (gpointer) x->kernel, at);
    }
    guint k = GPOINTER_TO_UINT (at) - 1;
    g_array_append_val ((GArray *) g_ptr_array_index (lists, 2 * k + (x->first_use ? 0 : 1)),
                        excess);
  }
  VsKernelLoads table = { 0 };
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint k = 0; k < kernels->len; k++) {
    GArray *firsts = g_ptr_array_index (lists, 2 * k);
    double later = median_of (g_ptr_array_index (lists, 2 * k + 1));
    double first = median_of (firsts);
    if (isnan (first) || isnan (later))
      continue;
    if (!vs_kernel_loads_set (&table, g_ptr_array_index (kernels, k), round (MAX (0.0, first - later))))
      continue;
    /* The default weighs kernels by their first runs, as a schedule does. */
    for (guint i = 0; i < firsts->len; i++) {
      double ns = g_array_index (firsts, double, i) - later;
      g_array_append_val (loads, ns);
    }
  }
  if (loads->len == 0)
    return FALSE;
  *default_ns = round (MAX (0.0, median_of (loads)));
  *per_kernel = table;
  return TRUE;
}

void
vs_shave_samples_remove_load (GArray *samples, const VsDevice *device)
{
  for (guint i = 0; i < samples->len; i++) {
    VsShaveSample *x = &g_array_index (samples, VsShaveSample, i);
    if (x->first_use)
      x->measured_ns -= vs_device_kernel_load_ns (device, x->kernel);
  }
}

void
vs_shave_fallback_to_device (double launch_ns, double ns_per_byte, VsDevice *device)
{
  /* Whole cycles of launch; throughput to 1/1000 byte per cycle.  A line
   * without a slope keeps bytes_per_cycle 0 and prices the launch alone. */
  device->shave_fallback_launch_cycles = round (launch_ns * device->shave_clock_mhz / 1000.0);
  double bpc = ns_per_byte > 0 ? 1000.0 / (ns_per_byte * device->shave_clock_mhz) : 0;
  device->shave_fallback_bytes_per_cycle = MIN (round (bpc * 1000.0) / 1000.0, 1e6);
}

/* --- the report --- */

typedef struct {
  GArray *ape;                  /* double, percent */
} ErrorSet;

static double
ape (double predicted, double measured)
{
  return fabs (predicted - measured) / measured * 100.0;
}


static void
append_summary (GString *out, const char *label, GArray *errors)
{
  if (errors->len == 0) {
    g_string_append_printf (out, "  %-34s %5u\n", label, 0u);
    return;
  }
  double median = vs_median ((double *) (void *) errors->data, errors->len);
  double sum = 0;
  guint within = 0;
  for (guint i = 0; i < errors->len; i++) {
    double e = g_array_index (errors, double, i);
    sum += e;
    within += e <= 25.0;
  }
  g_string_append_printf (out, "  %-34s %5u %10.1f %10.1f %10.1f\n", label, errors->len,
                          sum / errors->len, median, 100.0 * within / errors->len);
}

/* Predicted fallback times, leave-one-run-out (NAN where no other run of
 * the architecture has fallback samples). */
static double *
fallback_loo (VsMeasuredRun *const *runs, guint n_runs, const GArray *samples)
{
  double *pred = g_new (double, MAX (samples->len, 1));
  g_autofree gboolean *use = g_new0 (gboolean, MAX (n_runs, 1));
  for (guint i = 0; i < samples->len; i++)
    pred[i] = NAN;
  for (guint r = 0; r < n_runs; r++) {
    for (guint o = 0; o < n_runs; o++)
      use[o] = o != r && runs[o]->run.schedule->device.arch == runs[r]->run.schedule->device.arch &&
               !vs_measured_run_same_measurement (runs[o], runs[r]);
    double a, b;
    if (!vs_shave_fallback_fit (samples, use, &a, &b))
      continue;
    for (guint i = 0; i < samples->len; i++) {
      const VsShaveSample *x = &g_array_index (samples, VsShaveSample, i);
      if (x->run == r && is_fallback (x))
        pred[i] = a + b * x->bytes;
    }
  }
  return pred;
}

GString *
vs_shave_report (VsMeasuredRun *const *runs, guint n_runs, const GArray *samples,
                 gboolean per_task)
{
  GString *out = g_string_new (NULL);
  g_autofree double *loo = fallback_loo (runs, n_runs, samples);
  g_autoptr(GArray) table = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fitted = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) table_both = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fitted_both = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fallback = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) generic = g_array_new (FALSE, FALSE, sizeof (double));
  guint no_loo = 0;
  g_autoptr(GArray) default_table = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) default_fitted = g_array_new (FALSE, FALSE, sizeof (double));
  guint typical = 0, atypical = 0;
  if (per_task)
    g_string_append (out, "run  task  kernel  bytes  measured_us  table_us  fitted_us  "
                          "fallback_loo_us  generic_us\n");
  for (guint i = 0; i < samples->len; i++) {
    const VsShaveSample *x = &g_array_index (samples, VsShaveSample, i);
    if (per_task)
      g_string_append_printf (out, "%s  %s  %s  %.0f  %.3f  %.3f  %.3f  %.3f  %.3f\n",
                              runs[x->run]->name,
                              vs_schedule_task (runs[x->run]->run.schedule, x->task)->id, x->kernel,
                              x->bytes, x->measured_ns / 1000, x->table_ns / 1000,
                              x->fitted_ns / 1000, loo[i] / 1000, x->generic_ns / 1000);
    if (!x->typical || x->measured_ns <= 0) {
      atypical++;
      continue;
    }
    typical++;
    double et = isnan (x->table_ns) ? NAN : ape (x->table_ns, x->measured_ns);
    double ef = isnan (x->fitted_ns) ? NAN : ape (x->fitted_ns, x->measured_ns);
    double eb = isnan (loo[i]) ? NAN : ape (loo[i], x->measured_ns);
    if (!isnan (et))
      g_array_append_val (table, et);
    if (!isnan (ef))
      g_array_append_val (fitted, ef);
    if (!isnan (et) && !isnan (ef)) {
      g_array_append_val (table_both, et);
      g_array_append_val (fitted_both, ef);
    }
    if (!isnan (eb)) {
      g_array_append_val (fallback, eb);
      double eg = ape (x->generic_ns, x->measured_ns);
      g_array_append_val (generic, eg);
    } else if (is_fallback (x)) {
      no_loo++;
    }
    /* Every task as a replay costs it: the model, else the fallback. */
    double dt = !isnan (et) ? et : eb, df = !isnan (ef) ? ef : eb;
    if (!isnan (dt))
      g_array_append_val (default_table, dt);
    if (!isnan (df))
      g_array_append_val (default_fitted, df);
  }
  g_string_append_printf (out, "SHAVE kernels: %u measured tasks at the device's clocks", typical);
  if (atypical > 0)
    g_string_append_printf (out, " (%u more on runs at other clocks, left out)", atypical);
  g_string_append (out, "\n  model                              tasks     MAPE %  median %  within 25 %\n");
  append_summary (out, "table (kernels it knows)", table);
  append_summary (out, "fitted (kernels it knows)", fitted);
  append_summary (out, "table, on kernels both know", table_both);
  append_summary (out, "fitted, on kernels both know", fitted_both);
  append_summary (out, "fallback, leave-one-run-out", fallback);
  append_summary (out, "generic rule, same tasks", generic);
  append_summary (out, "table + fallback, every task", default_table);
  append_summary (out, "fitted + fallback, every task", default_fitted);
  if (no_loo > 0)
    g_string_append_printf (out, "  (%u task%s of kernels no model knows on runs with no other run of "
                            "their architecture: no leave-one-run-out prediction)\n", no_loo,
                            no_loo == 1 ? "" : "s");
  return out;
}
