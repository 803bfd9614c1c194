/* SPDX-License-Identifier: Apache-2.0 */
/* compare_plot.c — scatter panels and two stacked timelines in one gnuplot multiplot. */
#include "plots/compare_plot.h"

#include "plots/gantt.h"
#include "plots/gnuplot.h"
#include "plots/scatter.h"
#include "sim/base/output_file.h"

/* A timeline's boxes, one data text per task kind: "start_us end_us row". */
typedef struct {
  GString *data[VS_TASK_KIND_COUNT];
  gint64 lo_ps, hi_ps;
} Boxes;

static void
boxes_init (Boxes *b)
{
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++)
    b->data[k] = g_string_new (NULL);
  b->lo_ps = G_MAXINT64;
  b->hi_ps = G_MININT64;
}

static void
boxes_clear (Boxes *b)
{
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++)
    g_string_free (b->data[k], TRUE);
}

static void
boxes_add (Boxes *b, VsTaskKind kind, gint64 start_ps, gint64 end_ps, guint row)
{
  GString *d = b->data[kind];
  if (end_ps <= start_ps)
    return;   /* nothing to see (SYNC tasks): no box, and no legend entry for none */
  vs_output_append_fixed (d, start_ps, 6, 4);
  g_string_append_c (d, ' ');
  vs_output_append_fixed (d, end_ps, 6, 4);
  g_string_append_printf (d, " %u\n", row);
  b->lo_ps = MIN (b->lo_ps, start_ps);
  b->hi_ps = MAX (b->hi_ps, end_ps);
}

/* Rows: one per server of each queue, queues in the Gantt chart's order. */
typedef struct {
  guint *first_row;             /* per queue */
  GPtrArray *labels;
} Rows;

static void
rows_init (Rows *rows, const VsSchedule *s)
{
  g_autofree guint *order = vs_gantt_queue_order (s);
  rows->first_row = g_new0 (guint, s->queues->len + 1);
  rows->labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < s->queues->len; i++) {
    const VsQueue *q = vs_schedule_queue (s, order[i]);
    rows->first_row[order[i]] = rows->labels->len;
    const char *id = q->id != NULL ? q->id : "?";
    for (gint32 srv = 0; srv < q->servers; srv++)
      g_ptr_array_add (rows->labels, q->servers == 1 ? g_strdup (id) : g_strdup_printf ("%s #%d", id, srv));
  }
}

static void
rows_clear (Rows *rows)
{
  g_free (rows->first_row);
  g_ptr_array_unref (rows->labels);
}

/* The predicted timeline: every task, on its queue's server. */
static void
predicted_boxes (const VsCompareResult *res, const Rows *rows, Boxes *b)
{
  const VsSchedule *s = res->run->run.schedule;
  const VsTimeline *tl = res->timeline;
  gint64 origin = res->origin_task >= 0 ? tl->task_start[res->origin_task] : 0;
  for (guint t = 0; t < s->tasks->len; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    boxes_add (b, task->kind, tl->task_start[t] - origin, tl->task_end[t] - origin,
               rows->first_row[task->queue] + (guint) MAX (tl->task_server[t], 0));
  }
}

typedef struct {
  gint64 start;
  guint task;
  gint32 measured;
} Placed;

static gint
by_start (gconstpointer a, gconstpointer b)
{
  const Placed *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start ? 1 : (gint) x->task - (gint) y->task;
}

/* The measured timeline: joined tasks on their schedule task's queue, each
 * on the first server free at its start (the last one when none is). */
static void
measured_boxes (const VsCompareResult *res, const Rows *rows, Boxes *b)
{
  const VsMeasuredRun *r = res->run;
  const VsSchedule *s = r->run.schedule;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  for (guint t = 0; t < s->tasks->len; t++) {
    gint32 m = r->join->measured_of_task[t];
    if (m >= 0) {
      Placed p = { g_array_index (r->profile->tasks, VsMeasuredTask, m).start_ps, t, m };
      g_array_append_val (placed, p);
    }
  }
  g_array_sort (placed, by_start);
  g_autofree gint64 *free_at = g_new0 (gint64, rows->labels->len + 1);
  for (guint i = 0; i < rows->labels->len; i++)
    free_at[i] = G_MININT64;
  for (guint i = 0; i < placed->len; i++) {
    const Placed *p = &g_array_index (placed, Placed, i);
    const VsTask *task = vs_schedule_task (s, p->task);
    const VsQueue *q = vs_schedule_queue (s, task->queue);
    const VsMeasuredTask *mt = &g_array_index (r->profile->tasks, VsMeasuredTask, p->measured);
    guint first = rows->first_row[task->queue];
    guint row = first + (guint) MAX (q->servers - 1, 0);
    for (gint32 srv = 0; srv < q->servers; srv++)
      if (free_at[first + srv] <= mt->start_ps) {
        row = first + (guint) srv;
        break;
      }
    free_at[row] = mt->start_ps + mt->duration_ps;
    boxes_add (b, task->kind, mt->start_ps - res->origin_measured_ps,
               mt->start_ps + mt->duration_ps - res->origin_measured_ps, row);
  }
}

/* One timeline panel: its boxes, row labels and the shared x range. */
static gboolean
append_timeline (VsGnuplot *plot, const char *prefix, const char *title, const Rows *rows,
                 const Boxes *b, gint64 lo_ps, gint64 hi_ps, gboolean legend, GError **error)
{
  GString *gp = vs_gnuplot_script (plot);
  g_string_append (gp, "set title ");
  vs_gnuplot_append_string (gp, title);
  g_string_append (gp, " font 'Sans,13'\nset border 3 lw 1 lc rgb '#444444'\nset tics nomirror out\n"
                       "set grid xtics lc rgb '#dddddd' lw 1 dt 1\nset style fill solid 0.9 noborder\n"
                       "set lmargin 16\nset rmargin 4\n");
  /* The predicted panel carries the legend (it has every kind; a profile
   * may time no DMA), the measured one below it the time axis's label. */
  g_string_append (gp, legend ? "set key outside below center horizontal samplen 1.5\n"
                              : "unset key\nset xlabel 'time (µs) from the first task of either "
                                "timeline'\n");
  /* Both panels share one origin, the earliest box of either (the replay
   * may start its DMAs before the first measured task): the axis starts
   * at 0 instead of at a negative time. */
  g_string_append (gp, "LO = ");
  vs_output_append_fixed (gp, lo_ps, 6, 4);
  g_string_append (gp, "\nset xrange [0:");
  vs_output_append_fixed (gp, hi_ps - lo_ps, 6, 4);
  guint n_rows = rows->labels->len;
  g_string_append_printf (gp, "]\nset yrange [%g:-0.6]\nset ytics (", n_rows > 0 ? n_rows - 0.4 : 0.6);
  for (guint r = 0; r < n_rows; r++) {
    if (r)
      g_string_append (gp, ", ");
    vs_gnuplot_append_string (gp, g_ptr_array_index (rows->labels, r));
    g_string_append_printf (gp, " %u", r);
  }
  g_string_append (gp, ") font 'Sans,8'\nplot ");
  gboolean any = FALSE;
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++) {
    if (b->data[k]->len == 0)
      continue;
    g_autofree char *name = g_strdup_printf ("%s%s.dat", prefix, vs_task_kind_name ((VsTaskKind) k));
    if (!vs_gnuplot_plot_data (plot, name, b->data[k], &any, error))
      return FALSE;
    /* A white edge keeps back-to-back tasks apart. */
    g_string_append_printf (gp, " using (($1+$2)/2-LO):3:($1-LO):($2-LO):($3-0.38):($3+0.38) with boxxyerror "
                            "fs solid 0.9 border lc rgb 'white' lc rgb '%s' title '%s'",
                            vs_gantt_kind_colour ((VsTaskKind) k),
                            vs_task_kind_name ((VsTaskKind) k));
  }
  if (!any)
    g_string_append (gp, "NaN notitle");
  g_string_append_c (gp, '\n');
  return TRUE;
}

gboolean
vs_compare_plot (const char *path, const VsComparison *c, GError **error)
{
  const VsCompareResult *primary = &c->results[vs_comparison_primary (c)];
  const VsSchedule *s = primary->run->run.schedule;

  /* Scatter panels: engine kinds with joined tasks. */
  VsScatterSeries series[VS_ENGINE_COUNT][VS_COMPARE_MODEL_COUNT];
  guint n_series[VS_ENGINE_COUNT] = { 0 };
  int panels[VS_ENGINE_COUNT], n_panels = 0;
  for (int e = 0; e < VS_ENGINE_COUNT; e++) {
    for (int m = 0; m < VS_COMPARE_MODEL_COUNT; m++) {
      const VsCompareResult *res = &c->results[m];
      gboolean only_measured = m == VS_COMPARE_MEASURED && primary == res;
      if (!res->used || res->n_points[e] == 0 || (m == VS_COMPARE_MEASURED && !only_measured))
        continue;
      series[e][n_series[e]++] = (VsScatterSeries) {
        vs_compare_model_name ((VsCompareModel) m), res->measured_us[e], res->predicted_us[e],
        res->n_points[e],
      };
    }
    if (n_series[e] > 0)
      panels[n_panels++] = e;
  }

  Rows rows;
  rows_init (&rows, s);
  Boxes predicted, measured;
  boxes_init (&predicted);
  boxes_init (&measured);
  predicted_boxes (primary, &rows, &predicted);
  measured_boxes (primary, &rows, &measured);
  gint64 lo = MIN (MIN (predicted.lo_ps, measured.lo_ps), 0);
  gint64 hi = MAX (predicted.hi_ps, measured.hi_ps);
  if (hi <= lo)
    hi = lo + 1000000;
  gint64 pad = (hi - lo) / 50;

  guint timeline_height = 120 + 16 * rows.labels->len;
  timeline_height = CLAMP (timeline_height, 260, 1600);
  guint scatter_height = n_panels > 0 ? 520 : 0;
  guint height = scatter_height + 2 * timeline_height + 60;
  gboolean ok = FALSE;
  g_autoptr(VsGnuplot) plot = vs_gnuplot_new (path, 1600, height, error);
  if (plot != NULL) {
    GString *gp = vs_gnuplot_script (plot);
    double sh = (double) scatter_height / height, th = (double) timeline_height / height;
    g_string_append (gp, "set multiplot\n");
    ok = TRUE;
    for (int i = 0; i < n_panels && ok; i++) {
      int e = panels[i];
      g_string_append_printf (gp, "reset\nset origin %.4f,%.4f\nset size %.4f,%.4f\n",
                              (double) i / n_panels, 1.0 - sh, 1.0 / n_panels, sh);
      g_autofree char *prefix = g_strdup_printf ("scatter%d_", e);
      g_autofree char *title = g_strdup_printf ("%s task durations", vs_engine_name ((VsEngine) e));
      ok = vs_scatter_append (plot, prefix, title, "µs", series[e], n_series[e], TRUE, error);
    }
    g_autofree char *base = g_path_get_basename (c->schedule_path);
    g_autoptr(GString) title = g_string_new (NULL);
    g_string_append_printf (title, "%s: predicted (%s, %s mode), ", base,
                            vs_compare_model_name (vs_comparison_primary (c)),
                            vs_replay_mode_name (primary->mode));
    vs_output_append_fixed (title, primary->span.predicted_ps, 6, 1);
    g_string_append_printf (title, " µs, %+.1f %%", primary->error_pct);
    if (ok) {
      g_string_append_printf (gp, "reset\nset origin 0,%.4f\nset size 1,%.4f\n", 1.0 - sh - th, th);
      ok = append_timeline (plot, "predicted_", title->str, &rows, &predicted, lo, hi + pad,
                            TRUE, error);
    }
    g_string_truncate (title, 0);
    g_string_append (title, "measured, ");
    vs_output_append_fixed (title, primary->span.measured_ps, 6, 1);
    g_string_append (title, " µs");
    if (ok) {
      g_string_append_printf (gp, "reset\nset origin 0,0\nset size 1,%.4f\n", 1.0 - sh - th);
      ok = append_timeline (plot, "measured_", title->str, &rows, &measured, lo, hi + pad,
                            FALSE, error);
    }
    if (ok) {
      g_string_append (gp, "unset multiplot\n");
      ok = vs_gnuplot_finish (g_steal_pointer (&plot), error);
    }
  }
  boxes_clear (&predicted);
  boxes_clear (&measured);
  rows_clear (&rows);
  return ok;
}
