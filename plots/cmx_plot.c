/* cmx_plot.c — gnuplot step curves of live CMX bytes per tile. */
#include "plots/cmx_plot.h"

#include "plots/gnuplot.h"
#include "sim/base/output_file.h"

static const char *const tile_colours[] = {
  "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
};

gboolean
vs_cmx_plot (const char *path, const VsSchedule *s, const VsCmxReport *r, gint64 latency_ps,
             GError **error)
{
  g_autoptr(VsGnuplot) plot = vs_gnuplot_new (path, 1600, 520, error);
  if (plot == NULL)
    return FALSE;
  gint64 span = latency_ps > 0 ? latency_ps : 1000000;
  GString *gp = vs_gnuplot_script (plot);
  g_autofree char *base = s->path != NULL ? g_path_get_basename (s->path) : g_strdup ("schedule");
  g_autofree char *title = g_strdup_printf ("%s  -  CMX occupancy per tile", base);
  g_string_append (gp, "set title ");
  vs_gnuplot_append_string (gp, title);
  g_string_append (gp, " font 'Sans,15'\n"
                       "set xlabel 'time (µs)'\nset ylabel 'live CMX (KiB)'\n"
                       "set border 3 lw 1 lc rgb '#444444'\nset tics nomirror out\n"
                       "set grid xtics ytics lc rgb '#dddddd' lw 1 dt 1\n"
                       "set key outside below center horizontal samplen 2 spacing 1.2\n"
                       "set lmargin 18\nset rmargin 4\n");
  g_string_append (gp, "set xrange [0:");
  vs_output_append_fixed (gp, span + span / 50, 6, 4);
  g_string_append (gp, "]\n");
  gint64 top = r->capacity_bytes;
  for (guint t = 0; t < r->n_tiles; t++)
    top = MAX (top, r->peak_bytes[t]);
  g_string_append_printf (gp, "set yrange [0:%.1f]\n", top > 0 ? top * 1.08 / 1024.0 : 1.0);
  g_string_append (gp, "plot ");
  gboolean first = TRUE;
  for (guint t = 0; t < r->n_tiles; t++) {
    GArray *curve = r->curves[t];
    if (curve->len == 0)
      continue;
    /* A step function: each point holds until the next; close at the end. */
    g_autoptr(GString) data = g_string_new (NULL);
    for (guint i = 0; i < curve->len; i++) {
      const VsCmxPoint *p = &g_array_index (curve, VsCmxPoint, i);
      vs_output_append_fixed (data, p->time_ps, 6, 4);
      g_string_append_printf (data, " %.3f\n", p->bytes / 1024.0);
    }
    const VsCmxPoint *last = &g_array_index (curve, VsCmxPoint, curve->len - 1);
    vs_output_append_fixed (data, MAX (span, last->time_ps), 6, 4);
    g_string_append_printf (data, " %.3f\n", last->bytes / 1024.0);
    g_autofree char *name = g_strdup_printf ("tile%u.dat", t);
    gboolean any = !first;
    if (!vs_gnuplot_plot_data (plot, name, data, &any, error))
      return FALSE;
    first = FALSE;
    g_string_append_printf (gp, " using 1:2 with steps lw 2 lc rgb '%s' title 'tile %u'",
                            tile_colours[t % G_N_ELEMENTS (tile_colours)], t);
  }
  if (r->capacity_bytes > 0) {
    g_string_append (gp, first ? "" : ", \\\n     ");
    g_string_append_printf (gp, "%.3f with lines dt 2 lw 2 lc rgb '#555555' title 'CMX capacity'",
                            r->capacity_bytes / 1024.0);
    first = FALSE;
  }
  if (first)
    g_string_append (gp, "NaN notitle");
  return vs_gnuplot_finish (g_steal_pointer (&plot), error);
}
