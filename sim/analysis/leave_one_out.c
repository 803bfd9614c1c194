/* SPDX-License-Identifier: Apache-2.0 */
/* leave_one_out.c — the accuracy table's predictions and summary. */
#include "sim/analysis/leave_one_out.h"

#include "sim/base/median.h"

#include <math.h>
#include <string.h>

/* Each architecture's latencies fitted on all its typical runs, for the
 * parameters another architecture's runs cannot identify. */
typedef struct {
  gboolean fitted;
  VsDevice device;
  VsCalibration calibration;
} ArchFit;


/* Is runs[j] the same measurement as an earlier run (one vote each)? */
static gboolean
measured_earlier (VsMeasuredRun *const *runs, guint j)
{
  for (guint k = 0; k < j; k++)
    if (vs_measured_run_same_measurement (runs[k], runs[j]))
      return TRUE;
  return FALSE;
}

static void
add_error (GPtrArray *errors, const VsMeasuredRun *r, const GError *error)
{
  if (errors != NULL)
    g_ptr_array_add (errors, g_strdup_printf ("%s: %s", r->name, error->message));
}

static void
fit_architectures (VsMeasuredRun *const *runs, guint n, ArchFit *fits)
{
  for (int a = 0; a < VS_ARCH_COUNT; a++) {
    g_autoptr(GPtrArray) training = g_ptr_array_new ();
    for (guint j = 0; j < n; j++)
      if ((int) runs[j]->run.schedule->device.arch == a && vs_measured_run_is_typical (runs[j]) &&
          !measured_earlier (runs, j))
        g_ptr_array_add (training, runs[j]);
    if (training->len == 0)
      continue;
    fits[a].device = ((VsMeasuredRun *) training->pdata[0])->run.schedule->device;
    vs_calibration_clear (&fits[a].device);
    g_autoptr(GError) error = NULL;
    fits[a].fitted = vs_calibrate ((VsMeasuredRun *const *) training->pdata, training->len,
                                   &fits[a].device, &fits[a].calibration, &error);
  }
}

/* A latency the run's own generation cannot identify (the 6-tile NPU 4.0
 * profiles time no DMA and start at the first DPU task, so no engine's cold
 * start shows in them) would stay 0; it takes instead the mean of the
 * values fitted on the other architectures' runs that identify it (the
 * engines' start-up is the runtime's as much as the chip's).  None of those
 * runs is the predicted one. */
static void
borrow_unidentified (const VsCalibration *own, VsArch arch, const ArchFit *fits, VsDevice *fitted,
                     GString *note)
{
  for (guint p = 0; p < VS_CALIBRATION_SEARCHED; p++) {
    if (own->identifiable[p])
      continue;
    double sum = 0;
    guint count = 0;
    for (int a = 0; a < VS_ARCH_COUNT; a++)
      if (a != (int) arch && fits[a].fitted && fits[a].calibration.identifiable[p]) {
        sum += vs_calibration_param_get (&fits[a].device, p);
        count++;
      }
    if (count == 0)
      continue;
    vs_calibration_param_set (fitted, p, round (sum / count));
    g_string_append_printf (note, "%s%s", note->len ? ", " : "", vs_calibration_param_key (p));
  }
}

VsLooPrediction
vs_loo_predict (VsMeasuredRun *r, const VsDevice *params, gboolean measured, GPtrArray *errors)
{
  VsMeasuredSpan span;
  g_autoptr(GError) error = NULL;
  VsLooPrediction p = { 0, FALSE };
  if (vs_measured_run_predict (r, params, VS_REPLAY_REALISTIC, measured, &span, &error)) {
    p.predicted_ps = span.predicted_ps;
    p.ok = TRUE;
  } else {
    add_error (errors, r, error);
  }
  return p;
}

/* The compiler's estimator replays with compiler-mode costs (unsupported
 * tasks cost 1 cycle), so it needs its own pre-pass, at the run's clocks. */
static VsLooPrediction
predict_compiler_mode (VsMeasuredRun *r, const VsRunConfig *base, GPtrArray *errors)
{
  VsRunConfig config = *base;
  config.mode = VS_REPLAY_COMPILER;
  if (r->clock_sets != NULL)
    config.sets = (const char *const *) r->clock_sets;
  VsLooPrediction p = { 0, FALSE };
  g_autoptr(GError) error = NULL;
  VsRun run;
  if (vs_run_prepare (&run, r->schedule_path, &config, &error) &&
      vs_run_replay (&run, &config, &error)) {
    VsMeasuredSpan span;
    vs_measured_span (run.schedule, r->profile, r->join, run.timeline, &span);
    p.predicted_ps = span.predicted_ps;
    p.ok = TRUE;
  } else {
    add_error (errors, r, error);
  }
  vs_run_clear (&run);
  return p;
}

/* The training runs of run i: the other typical runs of its architecture,
 * one vote a measurement, never another decoding of its own. */
static GPtrArray *
training_runs (VsMeasuredRun *const *runs, guint n, guint i, GString *names)
{
  const VsMeasuredRun *r = runs[i];
  GPtrArray *training = g_ptr_array_new ();
  for (guint j = 0; j < n; j++) {
    if (j == i || runs[j]->run.schedule->device.arch != r->run.schedule->device.arch ||
        vs_measured_run_same_measurement (runs[j], r) || !vs_measured_run_is_typical (runs[j]) ||
        measured_earlier (runs, j))
      continue;
    g_ptr_array_add (training, runs[j]);
    g_string_append_printf (names, "%s%s", names->len ? ", " : "", runs[j]->name);
  }
  return training;
}

static void
leave_one_out (VsMeasuredRun *const *runs, guint n, guint i, const VsRunConfig *config,
               const ArchFit *fits, VsLooRow *row, GPtrArray *errors)
{
  VsMeasuredRun *r = runs[i];
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GPtrArray) training = training_runs (runs, n, i, names);
  row->fitted = r->run.schedule->device;
  vs_calibration_clear (&row->fitted);
  if (training->len == 0) {
    g_string_assign (names, "(no other run of its architecture: parameters 0)");
  } else {
    VsCalibration c;
    g_autoptr(GError) error = NULL;
    if (vs_calibrate ((VsMeasuredRun *const *) training->pdata, training->len, &row->fitted, &c,
                      &error)) {
      row->fitted_any = TRUE;
      g_autoptr(GString) borrowed = g_string_new (NULL);
      borrow_unidentified (&c, r->run.schedule->device.arch, fits, &row->fitted, borrowed);
      if (borrowed->len > 0)
        g_string_append_printf (names, "; from the other architectures: %s", borrowed->str);
    } else {
      add_error (errors, r, error);
    }
  }
  row->trained_on = g_string_free (g_steal_pointer (&names), FALSE);
  row->compiler_mode = predict_compiler_mode (r, config, errors);
  row->realistic = vs_loo_predict (r, &row->fitted, FALSE, errors);
  row->scheduling = vs_loo_predict (r, &row->fitted, TRUE, errors);
}

VsLooRow *
vs_leave_one_out (VsMeasuredRun *const *runs, guint n, const VsRunConfig *config, GPtrArray *errors)
{
  VsLooRow *rows = g_new0 (VsLooRow, MAX (n, 1));
  g_autofree ArchFit *fits = g_new0 (ArchFit, VS_ARCH_COUNT);
  fit_architectures (runs, n, fits);
  for (guint i = 0; i < n; i++)
    leave_one_out (runs, n, i, config, fits, &rows[i], errors);
  return rows;
}

void
vs_loo_rows_free (VsLooRow *rows, guint n)
{
  if (rows == NULL)
    return;
  for (guint i = 0; i < n; i++)
    g_free (rows[i].trained_on);
  g_free (rows);
}

void
vs_loo_summarise (VsMeasuredRun *const *runs, const VsLooRow *rows, guint n, VsLooSummary *out)
{
  memset (out, 0, sizeof *out);
  out->runs = n;
  g_autoptr (GArray) typical = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) nominal = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < n; i++) {
    const VsMeasuredRun *r = runs[i];
    if (!rows[i].realistic.ok)
      continue;
    gint64 measured = r->profile->latency_ps;
    double e = fabs (vs_measured_error_pct (rows[i].realistic.predicted_ps, measured));
    if (e <= 15)
      out->within_15++;
    if (vs_measured_run_is_typical (r)) {
      g_array_append_val (typical, e);
      if (r->clock_sets == NULL)
        g_array_append_val (nominal, e);
    }
    if (r->compiler_estimate_ps >= 0) {
      out->with_estimate++;
      if (e < fabs (vs_measured_error_pct (r->compiler_estimate_ps, measured)))
        out->closer_than_estimate++;
    }
  }
  out->nominal = nominal->len;
  out->typical = typical->len;
  out->nominal_median_pct = vs_median ((double *) (void *) nominal->data, nominal->len);
  out->typical_median_pct = vs_median ((double *) (void *) typical->data, typical->len);
}
