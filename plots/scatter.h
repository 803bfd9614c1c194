/* scatter.h — predicted against measured, as a picture.
 * One point series per model (or engine kind), the y = x line, and the ±25 %
 * band; log-log axes when values span decades. */
#ifndef VS_SCATTER_H
#define VS_SCATTER_H

#include <glib.h>

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

G_END_DECLS

#endif
