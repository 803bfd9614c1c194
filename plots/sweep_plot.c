/* SPDX-License-Identifier: Apache-2.0 */
/* sweep_plot.c — latency against one swept key, a curve per combination of
 * the others, through the shared gnuplot helper. */
#include "plots/sweep_plot.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hw/device.h"
#include "plots/gnuplot.h"
#include "sim/base/output_file.h"

static const char *const curve_colours[] = {
  "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
};

/* More curves than this make an unreadable picture: the rest are dropped
 * and the title says so. */
#define MAX_CURVES 32

typedef struct {
  guint curve;
  guint x;
  gint64 latency_ps;
} PlotPoint;

static int
compare_plot_point (const void *a, const void *b)
{
  const PlotPoint *p = a, *q = b;
  if (p->curve != q->curve)
    return p->curve < q->curve ? -1 : 1;
  return p->x < q->x ? -1 : p->x > q->x;
}

static gboolean
parse_number (const char *text, double *out)
{
  char *end = NULL;
  errno = 0;
  *out = g_ascii_strtod (text, &end);
  return *text != '\0' && end != NULL && *end == '\0' && errno == 0 && isfinite (*out);
}

/* The curve's label: the values of the other axes. */
static GString *
curve_label (const VsSweepAxis *const *axes, const GArray *others, guint curve)
{
  GString *label = g_string_new (NULL);
  guint rest = curve;
  for (guint k = others->len; k-- > 0;) {
    const VsSweepAxis *axis = axes[g_array_index (others, guint, k)];
    g_autofree char *part = g_strdup_printf ("%s=%s", axis->key,
                                             (const char *) axis->values->pdata[rest %
                                                                                axis->values->len]);
    g_string_prepend (label, part);
    if (k > 0)
      g_string_prepend (label, ", ");
    rest /= axis->values->len;
  }
  return label;
}

/* Title (with the axes held at one value), labels, ranges and x tics. */
static void
sweep_plot_axes (GString *gp, const char *title, const VsSweepAxis *const *axes, guint n_axes,
                 gint x_axis, guint64 n_curves, gboolean numeric, double lo, double hi)
{
  g_autoptr(GString) full_title = g_string_new (title != NULL ? title : "sweep");
  gboolean fixed_any = FALSE;
  for (guint a = 0; a < n_axes; a++)
    if ((gint) a != x_axis && axes[a]->values->len == 1) {
      g_string_append_printf (full_title, "%s%s=%s", fixed_any ? ", " : "  (", axes[a]->key,
                              (const char *) axes[a]->values->pdata[0]);
      fixed_any = TRUE;
    }
  if (fixed_any)
    g_string_append_c (full_title, ')');
  if (n_curves > MAX_CURVES)
    g_string_append_printf (full_title, "  [first %d of %" G_GUINT64_FORMAT " curves]", MAX_CURVES,
                            n_curves);
  g_string_append (gp, "set title ");
  vs_gnuplot_append_string (gp, full_title->str);
  g_string_append (gp, " font 'Sans,14'\nset xlabel ");
  /* The key's documented meaning and unit ("DPU clock (MHz)"), then the key. */
  g_autofree char *xlabel = NULL;
  if (x_axis >= 0) {
    const char *doc = vs_device_key_doc (axes[x_axis]->key);
    g_autofree char *meaning = doc != NULL ? g_strndup (doc, strcspn (doc, ";")) : NULL;
    xlabel = meaning != NULL ? g_strdup_printf ("%s   [%s]", meaning, axes[x_axis]->key)
                             : g_strdup (axes[x_axis]->key);
  }
  vs_gnuplot_append_string (gp, xlabel != NULL ? xlabel : "");
  g_string_append (gp, "\nset ylabel 'end-to-end latency (µs)'\n"
                       "set border 3 lw 1 lc rgb '#444444'\nset tics nomirror out\n"
                       "set grid lc rgb '#dddddd' lw 1 dt 1\n"
                       "set key inside right top box opaque spacing 1.2\n"
                       "set yrange [0:*]\nset offsets graph 0.03, graph 0.03, graph 0.05, 0\n");
  if (numeric && lo > 0 && hi / lo >= 16)
    g_string_append (gp, "set logscale x 2\n");
  if (x_axis >= 0 && !numeric) {
    /* Labels: one tic per value, at its index. */
    const GPtrArray *values = axes[x_axis]->values;
    g_string_append (gp, "set xtics (");
    for (guint i = 0; i < values->len; i++) {
      if (i > 0)
        g_string_append (gp, ", ");
      vs_gnuplot_append_string (gp, values->pdata[i]);
      g_string_append_printf (gp, " %u", i);
    }
    g_string_append (gp, ")\n");
  }
}

gboolean
vs_sweep_plot (const char *path, const char *title, const VsSweepGrid *grid, guint64 first,
               guint64 end, const VsSweepResult *results, GError **error)
{
  g_autoptr(VsGnuplot) plot = vs_gnuplot_new (path, 1100, 700, error);
  if (plot == NULL)
    return FALSE;
  guint n_axes = grid->axes->len;
  const VsSweepAxis *const *axes = (const VsSweepAxis *const *) grid->axes->pdata;
  gint x_axis = -1;
  for (guint a = 0; a < n_axes && x_axis < 0; a++)
    if (axes[a]->values->len > 1)
      x_axis = (gint) a;
  if (x_axis < 0 && n_axes > 0)
    x_axis = 0;

  /* Curves: mixed-radix numbers over the other multi-valued axes. */
  g_autoptr(GArray) others = g_array_new (FALSE, FALSE, sizeof (guint));
  guint64 n_curves = 1;
  for (guint a = 0; a < n_axes; a++)
    if ((gint) a != x_axis && axes[a]->values->len > 1) {
      g_array_append_val (others, a);
      n_curves *= axes[a]->values->len;
    }

  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (PlotPoint));
  for (guint64 p = first; p < end; p++) {
    PlotPoint pp = { 0, 0, results[p - first].latency_ps };
    for (guint i = 0; i < others->len; i++) {
      guint a = g_array_index (others, guint, i);
      pp.curve = pp.curve * axes[a]->values->len + vs_sweep_grid_value_index (grid, a, p);
    }
    if (pp.curve >= MAX_CURVES)
      continue;
    pp.x = x_axis >= 0 ? vs_sweep_grid_value_index (grid, (guint) x_axis, p) : 0;
    g_array_append_val (points, pp);
  }
  if (points->len > 1)
    qsort (points->data, points->len, sizeof (PlotPoint), compare_plot_point);

  gboolean numeric = x_axis >= 0;
  double lo = INFINITY, hi = -INFINITY;
  g_autofree double *xs = NULL;
  if (x_axis >= 0) {
    const GPtrArray *values = axes[x_axis]->values;
    xs = g_new (double, values->len);
    for (guint i = 0; i < values->len && numeric; i++) {
      numeric = parse_number (values->pdata[i], &xs[i]);
      lo = MIN (lo, xs[i]);
      hi = MAX (hi, xs[i]);
    }
  }

  GString *gp = vs_gnuplot_script (plot);
  sweep_plot_axes (gp, title, axes, n_axes, x_axis, n_curves, numeric, lo, hi);

  g_string_append (gp, "plot ");
  const PlotPoint *pts = (const PlotPoint *) points->data;
  gboolean any = FALSE;
  for (guint i = 0; i < points->len;) {
    guint curve = pts[i].curve;
    g_autoptr(GString) data = g_string_new (NULL);
    for (; i < points->len && pts[i].curve == curve; i++) {
      if (numeric)
        g_string_append_printf (data, "%.17g ", xs[pts[i].x]);
      else
        g_string_append_printf (data, "%u ", pts[i].x);
      vs_output_append_fixed (data, pts[i].latency_ps, 6, 3);
      g_string_append_c (data, '\n');
    }
    g_autoptr(GString) label = curve_label (axes, others, curve);
    g_autofree char *name = g_strdup_printf ("curve%u.dat", curve);
    if (!vs_gnuplot_plot_data (plot, name, data, &any, error))
      return FALSE;
    g_string_append_printf (gp, " using 1:2 with linespoints lw 2 pt 7 ps 1 lc rgb '%s' ",
                            curve_colours[curve % G_N_ELEMENTS (curve_colours)]);
    if (label->len > 0) {
      g_string_append (gp, "title ");
      vs_gnuplot_append_string (gp, label->str);
    } else {
      g_string_append (gp, "notitle");
    }
  }
  if (!any)
    g_string_append (gp, "NaN notitle");
  return vs_gnuplot_finish (g_steal_pointer (&plot), error);
}
