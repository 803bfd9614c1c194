/* SPDX-License-Identifier: Apache-2.0 */
/* strategy_plot.h — the strategy study drawn with gnuplot: every DPU
 * layer's cost under each strategy by VPUNN's layer-level cost and by the
 * analytical model (bars per layer, a strategy that cannot run is left
 * out), and the end-to-end replayed latency of each set of choices. */
#ifndef VS_STRATEGY_PLOT_H
#define VS_STRATEGY_PLOT_H

#include <glib.h>

#include "sim/lower/strategy.h"

G_BEGIN_DECLS

/* Draw into `path` (.png or .svg); errors as in plots/gnuplot.h. */
gboolean vs_strategy_plot (const char *path, const VsNetwork *net, const VsStrategyReport *r,
                           GError **error);

G_END_DECLS

#endif
