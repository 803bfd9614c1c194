/* SPDX-License-Identifier: Apache-2.0 */
/* strategy_plot.c — three panels: VPUNN's layer costs per strategy, the
 * analytical model's, and the replayed latency of each set of choices. */
#include "plots/strategy_plot.h"

#include "plots/gnuplot.h"
#include "sim/base/output_file.h"

static const char *const colours[] = {
  "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
};

/* A label as a double-quoted gnuplot data string. */
static void
append_label (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    g_string_append_c (out, *p == '"' ? '\'' : *p);
  g_string_append_c (out, '"');
}

static void
layer_costs (const VsNetwork *net, const VsStrategyReport *r, gboolean vpunn, GString *data)
{
  for (guint i = 0; i < r->rows->len; i++) {
    const VsStrategyRow *row = &g_array_index (r->rows, VsStrategyRow, i);
    append_label (data, vs_network_layer (net, row->layer)->id);
    for (guint k = 0; k < r->n_strategies; k++) {
      VsCycles c = (vpunn ? row->vpunn : row->analytical)[r->strategies[k]];
      if (c == 0 || VS_CYCLES_IS_ERROR (c))
        g_string_append (data, " -");
      else {
        g_string_append_c (data, ' ');
        vs_output_append_double (data, c / r->dpu_clock_mhz, 4);
      }
    }
    g_string_append_c (data, '\n');
  }
}

static gboolean
panel (VsGnuplot *plot, const char *name, const char *title, const GString *data,
       const VsStrategyReport *r, GError **error)
{
  GString *sc = vs_gnuplot_script (plot);
  g_string_append (sc, "set title ");
  vs_gnuplot_append_string (sc, title);
  g_string_append (sc, "\nplot ");
  gboolean any = FALSE;
  for (guint k = 0; k < r->n_strategies; k++) {
    if (k == 0) {
      if (!vs_gnuplot_plot_data (plot, name, data, &any, error))
        return FALSE;
    } else {
      g_string_append (sc, ", ''");
    }
    g_string_append_printf (sc, " using %u%s title '%s' lc rgb '%s'", k + 2,
                            k == 0 ? ":xtic(1)" : "", vs_strategy_name (r->strategies[k]),
                            colours[k % G_N_ELEMENTS (colours)]);
  }
  g_string_append_c (sc, '\n');
  return TRUE;
}

gboolean
vs_strategy_plot (const char *path, const VsNetwork *net, const VsStrategyReport *r, GError **error)
{
  g_autoptr(VsGnuplot) plot = vs_gnuplot_new (path, 1200, 1100, error);
  if (plot == NULL)
    return FALSE;
  GString *sc = vs_gnuplot_script (plot);
  g_string_append (sc, "set datafile missing '-'\nset style data histograms\n"
                   "set style histogram clustered gap 1\nset style fill solid 0.85 border -1\n"
                   "set key top right\nset grid ytics\nset yrange [0:*]\n"
                   "set xtics rotate by -15 font ',9'\nset ylabel 'layer cost, us'\n"
                   "set multiplot layout 3,1\n");
  g_autoptr(GString) vpunn = g_string_new (NULL), analytical = g_string_new (NULL);
  layer_costs (net, r, TRUE, vpunn);
  layer_costs (net, r, FALSE, analytical);
  g_autofree char *t1 = g_strdup_printf ("VPUNN's layer-level cost per strategy, %u tiles of %s",
                                         r->n_tiles, r->device);
  g_autofree char *t2 = g_strdup_printf ("analytical model per strategy, %u tiles of %s",
                                         r->n_tiles, r->device);
  if (!panel (plot, "vpunn.dat", t1, vpunn, r, error) ||
      !panel (plot, "analytical.dat", t2, analytical, r, error))
    return FALSE;
  g_autoptr(GString) runs = g_string_new (NULL);
  for (guint i = 0; i < r->runs->len; i++) {
    const VsStrategyRun *run = &g_array_index (r->runs, VsStrategyRun, i);
    append_label (runs, run->name);
    if (run->latency_ps < 0)
      g_string_append (runs, " -\n");
    else {
      g_string_append_c (runs, ' ');
      vs_output_append_fixed (runs, run->latency_ps, 6, 3);
      g_string_append_c (runs, '\n');
    }
  }
  g_string_append (sc, "set title 'end to end: lowered with each set of choices, replayed with "
                   "VPUNN costs'\nset ylabel 'latency, us'\nset xtics rotate by 0\nplot ");
  gboolean any = FALSE;
  if (!vs_gnuplot_plot_data (plot, "runs.dat", runs, &any, error))
    return FALSE;
  g_string_append (sc, " using 2:xtic(1) notitle lc rgb '#555555'\nunset multiplot\n");
  return vs_gnuplot_finish (g_steal_pointer (&plot), error);
}
