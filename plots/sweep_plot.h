/* SPDX-License-Identifier: Apache-2.0 */
/* sweep_plot.h — latency curves of a parameter sweep, drawn with gnuplot.
 *
 * The x axis is the first swept key with more than one value (numeric keys
 * on a numeric axis, others as labels); there is one curve per combination
 * of the other multi-valued keys (one per value of the second key in a
 * two-key sweep).  Keys with a single value are fixed and named in the
 * title.  Only the points [first, end) are drawn (a shard draws its own).
 */
#ifndef VS_SWEEP_PLOT_H
#define VS_SWEEP_PLOT_H

#include <glib.h>

#include "sim/analysis/sweep.h"

G_BEGIN_DECLS

/* Draw into `path` (.png or .svg); errors as in plots/gnuplot.h. */
gboolean vs_sweep_plot (const char *path, const char *title, const VsSweepGrid *grid,
                        guint64 first, guint64 end, const VsSweepResult *results,
                        GError **error);

G_END_DECLS

#endif
