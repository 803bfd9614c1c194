/* SPDX-License-Identifier: Apache-2.0 */
/* leave_one_out.h — the accuracy table: every measured run predicted by
 * latencies fitted on the other runs, never on itself.
 *
 * For each run: the realistic prediction with the latencies fitted
 * (vs_calibrate, from zero, not the presets, whose latencies were read off
 * these very runs) on the other typical runs of its architecture — one
 * vote a measurement, so a profile decoded into two folders neither trains
 * its twin nor counts twice for a third run; the same with the run's
 * measured durations (which leaves the scheduling model's error alone); and
 * the compiler mode's prediction.  A latency the training runs cannot
 * identify (it does not move their objective) takes the mean of the values
 * fitted on the other architectures' typical runs that identify it, rather
 * than 0.  Predictions are of the span the profile measured
 * (measured_span.h).
 *
 * The summary scores the realistic column: runs within 15 %, runs closer
 * than the compiler's own estimate, and the median |error| over the runs at
 * nominal clocks (typical, vs_measured_run_is_typical, and not replayed at a
 * PLL the profile records) and over all typical runs.
 */
#ifndef VS_LEAVE_ONE_OUT_H
#define VS_LEAVE_ONE_OUT_H

#include <glib.h>

#include "sim/analysis/calibrate.h"

G_BEGIN_DECLS

typedef struct {
  gint64 predicted_ps;
  gboolean ok;                  /* FALSE: the replay failed (its message is in `errors`) */
} VsLooPrediction;

typedef struct {
  VsLooPrediction compiler_mode, realistic, scheduling;  /* scheduling: measured durations */
  char *trained_on;             /* the training runs' names, then "; from the other
                                   architectures: KEY, ..." for borrowed latencies, or why
                                   there were none */
  VsDevice fitted;              /* the latencies predicted with */
  gboolean fitted_any;          /* a fit ran (else the latencies are 0) */
} VsLooRow;

typedef struct {
  guint runs, within_15, closer_than_estimate, with_estimate;
  guint nominal, typical;       /* runs in each median */
  double nominal_median_pct, typical_median_pct;   /* |error| of the realistic column */
} VsLooSummary;

/* The realistic prediction of run `r` with the latencies of `params` (NULL:
 * its own device's), with its measured durations or the models'; a failed
 * replay appends its message to `errors` and returns .ok FALSE. */
VsLooPrediction vs_loo_predict (VsMeasuredRun *r, const VsDevice *params,
                                gboolean measured_durations, GPtrArray *errors);

/* One row per run, in order; messages of failed fits and replays are
 * appended to `errors` (char *, "RUN: message").  Free with vs_loo_rows_free. */
VsLooRow *vs_leave_one_out (VsMeasuredRun *const *runs, guint n, const VsRunConfig *config,
                            GPtrArray *errors);
void      vs_loo_rows_free (VsLooRow *rows, guint n);

void vs_loo_summarise (VsMeasuredRun *const *runs, const VsLooRow *rows, guint n,
                       VsLooSummary *out);

G_END_DECLS

#endif /* VS_LEAVE_ONE_OUT_H */
