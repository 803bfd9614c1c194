/* SPDX-License-Identifier: Apache-2.0 */
/* measured_durations.h — a schedule's durations taken from a measured run.
 *
 * Replaying a schedule with the durations its profile measured isolates the
 * scheduling model's error (dispatch, barriers, DDR sharing) from the cost
 * model's: `vpusim run --cost measured=PROFILE`, the `measured` model of
 * `vpusim compare`, and every replay `vpusim calibrate` fits.
 *
 * Joined tasks (vs_profile_join) take their measured duration.  A DPU task
 * whose invariant was timed spreads that span over its variants in
 * proportion to the model's variant costs — uniform scaling keeps the
 * list schedule's order, so the tile's makespan is exactly the measured
 * span; a task whose variants alone were timed takes their measured
 * durations.  Every other task keeps the model's.  A measured DMA already
 * met the DDR contention it met, so its DDR bytes become 0 (nothing left to
 * share); a measured SHAVE kernel already contains its start-up, so
 * `shave_startup_ps` (what the replay will add to every SHAVE task) is taken
 * off it, not below 0.
 */
#ifndef VS_MEASURED_DURATIONS_H
#define VS_MEASURED_DURATIONS_H

#include <glib.h>

#include "sim/cost/cost_prepass.h"
#include "sim/import/profile_import.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

typedef struct {
  gint64 *task_ps;              /* [tasks + 1] */
  gint64 *variant_ps;           /* [variants + 1] */
  gint64 *ddr_bytes;            /* [tasks + 1] */
  gint64 first_start_ps;        /* earliest measured start among joined tasks (0 when none) */
  double ratio;                 /* median measured / model duration over joined tasks (1 when none) */
  guint measured_tasks;         /* tasks that took a measured duration */
  guint measured_variants;      /* variants timed by the profile itself */
} VsMeasuredDurations;

/* Fill `out` from the model's costs and DDR bytes (`model_ddr_bytes` may be
 * NULL: no DDR sharing). */
void vs_measured_durations_compute (const VsSchedule *s, const VsProfile *p,
                                    const VsProfileJoin *j, const VsCosts *model,
                                    const gint64 *model_ddr_bytes, gint64 shave_startup_ps,
                                    VsMeasuredDurations *out);
void vs_measured_durations_clear (VsMeasuredDurations *d);

G_END_DECLS

#endif /* VS_MEASURED_DURATIONS_H */
