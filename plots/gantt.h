/* SPDX-License-Identifier: Apache-2.0 */
/* gantt.h — a Gantt chart of a replay (`vpusim run --plot OUT.png|svg`).
 *
 * One row per engine instance (each server of each queue; for DPU queues on
 * devices with several DPUs per tile and timed variants, one row per DPU),
 * grouped DMA, then tile by tile, then M2I; tasks are boxes coloured by kind
 * with a legend; the time axis is in µs.  The chart is drawn by gnuplot
 * (found on PATH): the data and script go to a temporary folder that is
 * removed afterwards, and gnuplot draws into a temporary file beside the
 * target that is renamed into place, so a failure leaves no partial file.
 */
#ifndef VS_GANTT_H
#define VS_GANTT_H

#include <glib.h>

#include "sim/engine/replay.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

/* Draw the chart to `path` (.png or .svg, by its extension).  Errors are
 * VS_GNUPLOT_ERROR (plots/gnuplot.h): no gnuplot, a bad extension, gnuplot
 * failing. */
gboolean vs_gantt_plot (const char *path, const VsSchedule *schedule, const VsTimeline *timeline,
                        GError **error);

/* The queues in the chart's row order — DMA, then tile by tile (DPU, then
 * SHAVE), then M2I, then the rest — as a new array of queue indices. */
guint *vs_gantt_queue_order (const VsSchedule *schedule);

/* Colour of a task kind in every chart ("#rrggbb"). */
const char *vs_gantt_kind_colour (VsTaskKind kind);

G_END_DECLS

#endif /* VS_GANTT_H */
