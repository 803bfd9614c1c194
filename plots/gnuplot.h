/* SPDX-License-Identifier: Apache-2.0 */
/* gnuplot.h — drawing a picture with gnuplot, safely.
 *
 * A VsGnuplot is one plot in preparation: a private temporary folder for its
 * data files and script, the terminal chosen from the output's extension
 * (.png: pngcairo, .svg: svg), and a temporary output beside the target that
 * is renamed into place only when gnuplot succeeded — so a failure never
 * leaves a partial picture.  Every plot module (Gantt, CMX, scatter, sweep
 * curves) writes its data and plot commands through this.
 */
#ifndef VS_GNUPLOT_H
#define VS_GNUPLOT_H

#include <glib.h>

G_BEGIN_DECLS

#define VS_GNUPLOT_ERROR (vs_gnuplot_error_quark ())
GQuark vs_gnuplot_error_quark (void);

typedef enum {
  VS_GNUPLOT_ERROR_NOT_FOUND,   /* "gnuplot not found; install gnuplot-nox" */
  VS_GNUPLOT_ERROR_FORMAT,      /* the output name ends neither in .png nor .svg */
  VS_GNUPLOT_ERROR_FAILED,      /* gnuplot failed; the message carries its stderr */
  VS_GNUPLOT_ERROR_IO,
} VsGnuplotError;

typedef struct VsGnuplot VsGnuplot;

/* The gnuplot on PATH, or NULL. */
char *vs_gnuplot_find (void);

/* Start a plot of `width` x `height` pixels into `path`.  The script already
 * holds the terminal, the output and a white background. */
VsGnuplot *vs_gnuplot_new (const char *path, guint width, guint height, GError **error);

/* Write a data file into the plot's folder; returns its path (owned by the
 * plot), quoted for the script with vs_gnuplot_append_string. */
const char *vs_gnuplot_add_data (VsGnuplot *plot, const char *name, const GString *data,
                                 GError **error);

/* One item of a `plot` command being built in the script: writes `data`
 * as the data file `name`, then appends ", \" and a new line when `*any`
 * says an item came before, then the file's quoted path; sets `*any`.  The
 * caller appends the item's "using ... title ..." after it. */
gboolean vs_gnuplot_plot_data (VsGnuplot *plot, const char *name, const GString *data,
                               gboolean *any, GError **error);

/* The script to append plot commands to. */
GString *vs_gnuplot_script (VsGnuplot *plot);

/* Run gnuplot and move the picture into place.  Consumes the plot. */
gboolean vs_gnuplot_finish (VsGnuplot *plot, GError **error);

/* Abandon a plot: removes its temporary files. */
void vs_gnuplot_free (VsGnuplot *plot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsGnuplot, vs_gnuplot_free)

/* Append `s` as a single-quoted gnuplot string. */
void vs_gnuplot_append_string (GString *out, const char *s);

G_END_DECLS

#endif
