/* SPDX-License-Identifier: Apache-2.0 */
/* cmx_plot.c — live CMX bytes per tile as gnuplot step curves: one panel per
 * tile, stacked on one time axis (lines of six tiles drawn over each other
 * could not be told apart), each scaled to the busiest tile's peak rather than
 * to the capacity (a peak of 10 % of CMX would be a flat line), with each
 * tile's peak and its share of the capacity written in its panel. */
#include "plots/cmx_plot.h"

#include "plots/gnuplot.h"
#include "sim/base/output_file.h"

static const char *const tile_colours[] = {
  "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
};

/* The step function of one tile as gnuplot data: each point holds until the
 * next, closed at the end of the run. */
static GString *
curve_data (const GArray *curve, gint64 span)
{
  GString *data = g_string_new (NULL);
  for (guint i = 0; i < curve->len; i++) {
    const VsCmxPoint *p = &g_array_index (curve, VsCmxPoint, i);
    vs_output_append_fixed (data, p->time_ps, 6, 4);
    g_string_append_printf (data, " %.3f\n", p->bytes / 1024.0);
  }
  if (curve->len > 0) {
    const VsCmxPoint *last = &g_array_index (curve, VsCmxPoint, curve->len - 1);
    vs_output_append_fixed (data, MAX (span, last->time_ps), 6, 4);
    g_string_append_printf (data, " %.3f\n", last->bytes / 1024.0);
  } else {
    g_string_append (data, "0 0\n");
  }
  return data;
}

gboolean
vs_cmx_plot (const char *path, const VsSchedule *s, const VsCmxReport *r, gint64 latency_ps,
             GError **error)
{
  guint n = MAX (r->n_tiles, 1);
  g_autoptr(VsGnuplot) plot = vs_gnuplot_new (path, 1600, 120 + 150 * n, error);
  if (plot == NULL)
    return FALSE;
  gint64 span = latency_ps > 0 ? latency_ps : 1000000;
  gint64 peak = 0;
  for (guint t = 0; t < r->n_tiles; t++)
    peak = MAX (peak, r->peak_bytes[t]);
  double top = peak > 0 ? peak * 1.25 / 1024.0 : 1.0;
  GString *gp = vs_gnuplot_script (plot);
  g_autofree char *base = s->path != NULL ? g_path_get_basename (s->path) : g_strdup ("schedule");
  g_autofree char *title = g_strdup_printf ("%s  -  live CMX per tile (KiB; CMX holds %.0f KiB "
                                            "per tile)", base, r->capacity_bytes / 1024.0);
  g_string_append_printf (gp, "set multiplot layout %u,1 margins 0.08,0.98,%.4f,%.4f spacing 0,0.012 "
                          "title ", n, 75.0 / (120 + 150 * n), 1.0 - 50.0 / (120 + 150 * n));
  vs_gnuplot_append_string (gp, title);
  g_string_append (gp, " font 'Sans,15'\n");
  g_string_append (gp, "set border 3 lw 1 lc rgb '#444444'\nset tics nomirror out\n"
                       "set grid xtics ytics lc rgb '#dddddd' lw 1 dt 1\nunset key\n"
                       "set ytics font 'Sans,10'\n");
  g_string_append (gp, "set xrange [0:");
  vs_output_append_fixed (gp, span, 6, 4);
  g_string_append_printf (gp, "]\nset yrange [0:%.3f]\nset format x ''\n", top);
  for (guint t = 0; t < n; t++) {
    if (t + 1 == n)
      g_string_append (gp, "set format x '%g'\nset xlabel 'time (µs)'\n");
    g_string_append_printf (gp, "set ylabel 'tile %u' offset 1,0\n", t);
    gint64 tile_peak = t < r->n_tiles ? r->peak_bytes[t] : 0;
    g_string_append_printf (gp, "unset label\nset label 1 'peak %.1f KiB (%.1f %% of CMX)' at graph "
                            "0.01, graph 0.86 left font 'Sans,10' tc rgb '#333333'\n",
                            tile_peak / 1024.0,
                            r->capacity_bytes > 0 ? 100.0 * tile_peak / r->capacity_bytes : 0.0);
    g_autoptr(GString) data = t < r->n_tiles ? curve_data (r->curves[t], span)
                                             : g_string_new ("0 0\n");
    g_autofree char *name = g_strdup_printf ("tile%u.dat", t);
    gboolean any = FALSE;
    g_string_append (gp, "plot ");
    if (!vs_gnuplot_plot_data (plot, name, data, &any, error))
      return FALSE;
    g_string_append_printf (gp, " using 1:2 with fillsteps fs solid 0.25 noborder lc rgb '%s', \\\n"
                            "     '' using 1:2 with steps lw 2 lc rgb '%s'\n",
                            tile_colours[t % G_N_ELEMENTS (tile_colours)],
                            tile_colours[t % G_N_ELEMENTS (tile_colours)]);
  }
  g_string_append (gp, "unset multiplot\n");
  return vs_gnuplot_finish (g_steal_pointer (&plot), error);
}
