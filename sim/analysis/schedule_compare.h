/* SPDX-License-Identifier: Apache-2.0 */
/* schedule_compare.h — a replayed schedule held against its measured run
 * (`vpusim compare SCHEDULE --measured PROFILE`).
 *
 * Each model answers the same question — how long does this schedule take
 * on the chip — and is scored three ways against the measurement:
 *   - end to end: the comparable predicted span (measured_span.h) against
 *     the profile's latency, as a signed error in percent;
 *   - per task: predicted against measured duration of every joined task,
 *     per engine kind (count, MAPE, median APE, Spearman's rank
 *     correlation: does the model order the tasks as the chip does?);
 *   - per task start: mean absolute error of each joined task's start
 *     offset from the first joined task, which scores the scheduling model
 *     (dispatch, barriers) rather than the costs.
 * The models:
 *   vpunn       VPUNN costs, in the configured mode (realistic by default)
 *   analytical  the analytical costs, same mode
 *   compiler    VPUNN costs in compiler mode: the NPU compiler's estimator
 *   measured    the profile's own durations where it timed a task (VPUNN's
 *               elsewhere), realistic mode: what is left is the scheduling
 *               model's error alone.
 * The schedule's inferenceTiming (the compiler's own estimate), when given,
 * is reported beside them.
 */
#ifndef VS_SCHEDULE_COMPARE_H
#define VS_SCHEDULE_COMPARE_H

#include <glib.h>

#include "sim/analysis/accuracy.h"
#include "sim/analysis/calibrate.h"

G_BEGIN_DECLS

typedef enum {
  VS_COMPARE_VPUNN = 0,
  VS_COMPARE_ANALYTICAL,
  VS_COMPARE_COMPILER,
  VS_COMPARE_MEASURED,
  VS_COMPARE_MODEL_COUNT
} VsCompareModel;

const char *vs_compare_model_name (VsCompareModel m);

/* Parse a comma-separated list of model names into `use` (NULL: all four);
 * errors list the valid names. */
gboolean vs_compare_models_parse (const char *text, gboolean use[VS_COMPARE_MODEL_COUNT],
                                  GError **error);

typedef struct {
  gboolean used;
  VsMeasuredRun *run;        /* borrowed from the comparison */
  VsReplayMode mode;
  VsTimeline *timeline;         /* owned */
  VsMeasuredSpan span;
  double error_pct;             /* span.predicted against span.measured */
  VsAccuracy engines[VS_ENGINE_COUNT];  /* per-task durations, joined tasks per engine kind */
  VsAccuracy all;
  double start_mae_us;          /* mean |start offset error| over joined tasks */
  gint32 origin_task;           /* the joined task the chip started first (-1 none): start
                                   offsets, and the plot's time 0, count from it */
  gint64 origin_measured_ps;    /* its measured start */
  /* The scatter's points: measured and predicted durations (µs) of the
   * joined tasks per engine kind, `n_points[e]` of each. */
  double *measured_us[VS_ENGINE_COUNT], *predicted_us[VS_ENGINE_COUNT];
  guint n_points[VS_ENGINE_COUNT];
} VsCompareResult;

typedef struct {
  char *schedule_path, *profile_path;
  /* One loaded run per cost configuration: VPUNN realistic (also serving
   * `measured`), VPUNN compiler mode, analytical; NULL when no model needs it. */
  VsMeasuredRun *vpunn, *compiler, *analytical;
  VsCompareResult results[VS_COMPARE_MODEL_COUNT];
  gint64 compiler_estimate_ps;  /* inferenceTiming, -1 when absent */
  GPtrArray *notes;             /* char *: what the user should know (model fallbacks, joins) */
  /* Per engine kind: the median factor measured / modelled duration when
   * every joined task (at least 2) of the first model (vpunn, analytical,
   * compiler) was at least twice as slow, or at most half as long, as
   * modelled; 0 otherwise.  Such a run was measured at other clocks than
   * the device's (a low PLL, a throttled chip), not mispredicted task by
   * task. */
  double uniform_ratio[VS_ENGINE_COUNT];
  char *clock_hint;             /* what that means and the calibrate command to run, or NULL */
} VsComparison;

/* Compare: `run_spec` is a run folder or SCHEDULE:PROFILE (as calibrate
 * takes them); `config` gives device, --set, models folder and the mode of
 * the vpunn and analytical models (its `cost` is ignored).  With
 * `vpunn_optional`, a VPUNN that cannot be loaded drops the vpunn and
 * compiler models with a note instead of failing. */
VsComparison *vs_comparison_run (const char *run_spec, const VsRunConfig *config,
                                 const gboolean use[VS_COMPARE_MODEL_COUNT], gboolean vpunn_optional,
                                 GError **error);
void vs_comparison_free (VsComparison *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsComparison, vs_comparison_free)

/* The first model asked for, in the order vpunn, analytical, compiler,
 * measured: the one whose timeline the plot shows. */
VsCompareModel vs_comparison_primary (const VsComparison *c);

/* Joined tasks the text report lists as the primary model's largest
 * misses (absolute difference of durations). */
#define VS_COMPARE_LARGEST_MISSES 8

/* Reports: a text table, and JSON with stable keys (measured_us, and per
 * model predicted_us, error_pct, engines with the accuracy members). */
void vs_comparison_append_text (const VsComparison *c, GString *out);
void vs_comparison_append_json (const VsComparison *c, GString *out);

G_END_DECLS

#endif /* VS_SCHEDULE_COMPARE_H */
