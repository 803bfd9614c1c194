/* SPDX-License-Identifier: Apache-2.0 */
/* scatter.c — gnuplot scatter of predicted vs measured values. */
#include "plots/scatter.h"

#include <math.h>

#include "plots/gnuplot.h"

static const char *const series_colours[] = {
  "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
};
/* Open markers of different shapes, so that models agreeing on a point
 * stay visible on top of each other: circle, triangle, square, diamond. */
static const int series_points[] = { 6, 8, 4, 12 };

gboolean
vs_scatter_append (VsGnuplot *plot, const char *data_prefix, const char *title, const char *unit,
                   const VsScatterSeries *series, guint n_series, gboolean log_axes, GError **error)
{
  double lo = INFINITY, hi = 0;
  for (guint s = 0; s < n_series; s++)
    for (guint i = 0; i < series[s].n; i++) {
      double v[2] = { series[s].measured[i], series[s].predicted[i] };
      for (int k = 0; k < 2; k++)
        if (v[k] > 0) {
          lo = MIN (lo, v[k]);
          hi = MAX (hi, v[k]);
        }
    }
  if (!(hi > 0)) {
    lo = 1;
    hi = 10;
  }
  double axis_lo = log_axes ? lo / 1.5 : 0, axis_hi = log_axes ? hi * 1.5 : hi * 1.05;
  GString *gp = vs_gnuplot_script (plot);
  g_string_append (gp, "set title ");
  vs_gnuplot_append_string (gp, title);
  g_string_append (gp, " font 'Sans,13'\n");
  g_autofree char *xlabel = g_strdup_printf ("measured (%s)", unit);
  g_autofree char *ylabel = g_strdup_printf ("predicted (%s)", unit);
  g_string_append (gp, "set xlabel ");
  vs_gnuplot_append_string (gp, xlabel);
  g_string_append (gp, "\nset ylabel ");
  vs_gnuplot_append_string (gp, ylabel);
  g_string_append (gp, "\nset border 3 lw 1 lc rgb '#444444'\nset tics nomirror out\n"
                       "set grid lc rgb '#dddddd' lw 1 dt 1\nset key top left box opaque\n");
  if (log_axes) {
    g_string_append (gp, "set logscale xy\nset format x '%g'\nset format y '%g'\n");
    /* Less than two decades would get one labelled tic (the DMA panel of a
     * compare showed only "1"): label 1, 2 and 5 of every decade instead. */
    if (axis_hi / axis_lo < 100) {
      g_autoptr(GString) tics = g_string_new (NULL);
      for (int k = (int) floor (log10 (axis_lo)); k <= (int) ceil (log10 (axis_hi)); k++)
        for (int m = 0; m < 3; m++) {
          double v = (m == 0 ? 1 : m == 1 ? 2 : 5) * pow (10, k);
          if (v >= axis_lo && v <= axis_hi)
            g_string_append_printf (tics, "%s%g", tics->len > 0 ? ", " : "", v);
        }
      if (tics->len > 0)
        g_string_append_printf (gp, "set xtics (%s)\nset ytics (%s)\n", tics->str, tics->str);
    }
  }
  g_string_append_printf (gp, "set xrange [%.6g:%.6g]\nset yrange [%.6g:%.6g]\n", axis_lo, axis_hi,
                          axis_lo, axis_hi);
  g_string_append (gp, "plot x with lines lc rgb '#444444' lw 1.5 title 'y = x', \\\n"
                       "     1.25*x with lines lc rgb '#aaaaaa' dt 2 title '±25 %', \\\n"
                       "     0.75*x with lines lc rgb '#aaaaaa' dt 2 notitle");
  for (guint s = 0; s < n_series; s++) {
    g_autoptr(GString) data = g_string_new (NULL);
    for (guint i = 0; i < series[s].n; i++)
      if (series[s].measured[i] > 0 && series[s].predicted[i] > 0)
        g_string_append_printf (data, "%.9g %.9g\n", series[s].measured[i], series[s].predicted[i]);
    if (data->len == 0)
      continue;
    g_autofree char *name = g_strdup_printf ("%sseries%u.dat", data_prefix, s);
    gboolean after_lines = TRUE;     /* the y = x and ±25 % lines come first */
    if (!vs_gnuplot_plot_data (plot, name, data, &after_lines, error))
      return FALSE;
    g_string_append_printf (gp, " using 1:2 with points pt %d ps 1.1 lw 1.5 lc rgb '%s' title ",
                            series_points[s % G_N_ELEMENTS (series_points)],
                            series_colours[s % G_N_ELEMENTS (series_colours)]);
    vs_gnuplot_append_string (gp, series[s].title);
  }
  g_string_append_c (gp, '\n');
  return TRUE;
}

gboolean
vs_scatter_plot (const char *path, const char *title, const char *unit,
                 const VsScatterSeries *series, guint n_series, gboolean log_axes, GError **error)
{
  g_autoptr(VsGnuplot) plot = vs_gnuplot_new (path, 900, 820, error);
  if (plot == NULL)
    return FALSE;
  g_string_append (vs_gnuplot_script (plot), "set size square\n");
  if (!vs_scatter_append (plot, "", title, unit, series, n_series, log_axes, error))
    return FALSE;
  return vs_gnuplot_finish (g_steal_pointer (&plot), error);
}
