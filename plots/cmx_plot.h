/* SPDX-License-Identifier: Apache-2.0 */
/* cmx_plot.h — CMX occupancy per tile over time, as a picture.
 * One step curve per tile (live KiB against µs) and the CMX capacity as a
 * dashed line; the time axis spans [0, latency] with the Gantt chart's
 * margins, so the two pictures line up when stacked. */
#ifndef VS_CMX_PLOT_H
#define VS_CMX_PLOT_H

#include <glib.h>

#include "sim/engine/cmx_occupancy.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

gboolean vs_cmx_plot (const char *path, const VsSchedule *schedule, const VsCmxReport *report,
                      gint64 latency_ps, GError **error);

G_END_DECLS

#endif
