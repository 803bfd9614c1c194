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

#include "sim/replay.h"
#include "sim/schedule.h"

G_BEGIN_DECLS

#define VS_GANTT_ERROR (vs_gantt_error_quark ())
GQuark vs_gantt_error_quark (void);

typedef enum {
  VS_GANTT_ERROR_NO_GNUPLOT,    /* "gnuplot not found; install gnuplot-nox" */
  VS_GANTT_ERROR_FORMAT,        /* the output name ends neither in .png nor in .svg */
  VS_GANTT_ERROR_FAILED,        /* gnuplot failed; the message carries its stderr */
  VS_GANTT_ERROR_IO,
} VsGanttError;

/* Draw the chart to `path` (.png or .svg, by its extension). */
gboolean vs_gantt_plot (const char *path, const VsSchedule *schedule, const VsTimeline *timeline,
                        GError **error);

/* The gnuplot the plots use: on PATH, or NULL. */
char *vs_gantt_find_gnuplot (void);

G_END_DECLS

#endif /* VS_GANTT_H */
