/* SPDX-License-Identifier: Apache-2.0 */
/* compare_plot.h — a replay and its measured run in one picture
 * (`vpusim compare SCHEDULE --measured PROFILE --plot OUT.png|svg`).
 *
 * Top: one predicted-against-measured scatter of task durations per engine
 * kind that the profile timed, log-log, one point series per model (the
 * `measured` model is left out: its points lie on y = x by construction).
 * Below, on one time axis: the primary model's timeline above the measured
 * one, one row per queue server in the Gantt chart's order, boxes coloured
 * by task kind.  Time 0 is the start of the task the chip started first, in
 * both, so that a gap or a stretch shows where the prediction drifts.  The
 * measured timeline shows the tasks that joined the schedule, on the row of
 * the task they joined (servers of a queue assigned in order of start).
 */
#ifndef VS_COMPARE_PLOT_H
#define VS_COMPARE_PLOT_H

#include <glib.h>

#include "sim/analysis/schedule_compare.h"

G_BEGIN_DECLS

gboolean vs_compare_plot (const char *path, const VsComparison *comparison, GError **error);

G_END_DECLS

#endif /* VS_COMPARE_PLOT_H */
