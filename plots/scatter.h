/* SPDX-License-Identifier: Apache-2.0 */
/* scatter.h — predicted against measured, as a picture.
 * One point series per model (or engine kind), the y = x line, and the ±25 %
 * band; log-log axes when values span decades. */
#ifndef VS_SCATTER_H
#define VS_SCATTER_H

#include <glib.h>

#include "plots/gnuplot.h"

G_BEGIN_DECLS

typedef struct {
  const char *title;            /* legend entry */
  const double *measured;       /* x */
  const double *predicted;      /* y */
  guint n;
} VsScatterSeries;

gboolean vs_scatter_plot (const char *path, const char *title, const char *unit,
                          const VsScatterSeries *series, guint n_series, gboolean log_axes,
                          GError **error);

/* The same as one panel of a larger picture (a multiplot): appends the
 * settings and the plot command to `plot`'s script; data files are named
 * with `data_prefix` so that panels do not collide. */
gboolean vs_scatter_append (VsGnuplot *plot, const char *data_prefix, const char *title,
                            const char *unit, const VsScatterSeries *series, guint n_series,
                            gboolean log_axes, GError **error);

G_END_DECLS

#endif
