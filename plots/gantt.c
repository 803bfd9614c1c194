/* SPDX-License-Identifier: Apache-2.0 */
/* gantt.c — a replay's boxes as a gnuplot chart: one data file per task kind,
 * so each kind gets its colour and one legend entry (plots/gnuplot.h runs
 * gnuplot and moves the picture into place). */
#include "plots/gantt.h"

#include <string.h>

#include "plots/gnuplot.h"
#include "sim/base/output_file.h"

/* Colours per task kind (colour-blind-safe palette), legend order. */
static const char *const kind_colours[VS_TASK_KIND_COUNT] = {
  [VS_TASK_DMA] = "#4477aa",
  [VS_TASK_DPU] = "#228833",
  [VS_TASK_SHAVE] = "#aa3377",
  [VS_TASK_M2I] = "#ccbb44",
  [VS_TASK_SYNC] = "#777777",
};

const char *
vs_gantt_kind_colour (VsTaskKind kind)
{
  return kind < VS_TASK_KIND_COUNT ? kind_colours[kind] : "#000000";
}

static int
queue_group (const VsQueue *q)
{
  if (q->engine == VS_ENGINE_DMA)
    return 0;
  if (q->engine == VS_ENGINE_M2I)
    return 2;
  return q->tile >= 0 ? 1 : 3;
}

static gint64
row_key (const VsQueue *q)
{
  int g = queue_group (q);
  /* Within a tile: DPU, then SHAVE, then the rest, each in queue order. */
  return (gint64) g << 40 | (gint64) (g == 1 ? (guint32) q->tile : 0) << 8 | (guint) q->engine;
}

guint *
vs_gantt_queue_order (const VsSchedule *s)
{
  return vs_schedule_queue_order (s, row_key);
}

/* The chart's rows: queues in display order, one row per server, or one
 * per DPU where a queue's variants carry their DPU. */
typedef struct {
  guint8 *per_dpu;        /* per queue: rows per DPU */
  guint *first_row;       /* per queue: its first row */
  GPtrArray *labels;      /* per row: its label */
  GArray *separators;     /* rows that start a new queue group */
  gint32 dpus;
  guint kind_count[VS_TASK_KIND_COUNT];
} GanttRows;

static void
gantt_rows_clear (GanttRows *rows)
{
  g_clear_pointer (&rows->per_dpu, g_free);
  g_clear_pointer (&rows->first_row, g_free);
  g_clear_pointer (&rows->labels, g_ptr_array_unref);
  g_clear_pointer (&rows->separators, g_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GanttRows, gantt_rows_clear)

static void
gantt_rows_init (GanttRows *rows, const VsSchedule *s, const VsTimeline *tl)
{
  guint nq = s->queues->len;
  rows->per_dpu = g_new0 (guint8, nq + 1);
  rows->first_row = g_new0 (guint, nq + 1);
  rows->labels = g_ptr_array_new_with_free_func (g_free);
  rows->separators = g_array_new (FALSE, FALSE, sizeof (guint));
  rows->dpus = tl->dpus_per_tile > 0 ? tl->dpus_per_tile : 1;
  /* Rows only for the servers that ran something (VPU 2.0's UPA queue has
   * 16 SHAVEs, most of them idle: 15 empty rows said nothing), and legend
   * entries only for kinds with a box to see (SYNC tasks take no time). */
  g_autofree gint32 *servers_used = g_new0 (gint32, nq + 1);
  for (guint t = 0; t < s->tasks->len; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    if (tl->task_end[t] > tl->task_start[t])
      rows->kind_count[task->kind]++;
    servers_used[task->queue] = MAX (servers_used[task->queue], tl->task_server[t] + 1);
    if (rows->dpus > 1 && task->kind == VS_TASK_DPU && task->spec.dpu.n_variants > 0 &&
        tl->variant_start[task->spec.dpu.first_variant] >= 0)
      rows->per_dpu[task->queue] = 1;
  }
  g_autofree guint *order = vs_gantt_queue_order (s);
  GPtrArray *labels = rows->labels;
  gint64 previous_group = -1;
  for (guint i = 0; i < nq; i++) {
    const VsQueue *q = vs_schedule_queue (s, order[i]);
    gint64 group = row_key (q) >> 8;
    if (previous_group >= 0 && group != previous_group)
      g_array_append_val (rows->separators, labels->len);
    previous_group = group;
    rows->first_row[order[i]] = labels->len;
    const char *id = q->id ? q->id : "?";
    gint32 shown = CLAMP (servers_used[order[i]], 1, MAX (q->servers, 1));
    for (gint32 srv = 0; srv < shown; srv++) {
      if (rows->per_dpu[order[i]]) {
        for (gint32 d = 0; d < rows->dpus; d++)
          g_ptr_array_add (labels, q->servers == 1
                                       ? g_strdup_printf ("%s DPU %d", id, d)
                                       : g_strdup_printf ("%s #%d DPU %d", id, srv, d));
      } else {
        g_ptr_array_add (labels, q->servers == 1 ? g_strdup (id)
                                                 : g_strdup_printf ("%s #%d", id, srv));
      }
    }
  }
}

/* The boxes of one task kind, "start_us end_us row" per box. */
static GString *
gantt_kind_data (const GanttRows *rows, const VsSchedule *s, const VsTimeline *tl, int k)
{
  GString *data = g_string_new (NULL);
  gint32 dpus = rows->dpus;
  for (guint t = 0; t < s->tasks->len; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    if ((int) task->kind != k || tl->task_end[t] <= tl->task_start[t])
      continue;
    guint row = rows->first_row[task->queue];
    if (rows->per_dpu[task->queue] && task->spec.dpu.n_variants > 0 &&
        tl->variant_start[task->spec.dpu.first_variant] >= 0) {
      for (guint v = 0; v < task->spec.dpu.n_variants; v++) {
        guint index = task->spec.dpu.first_variant + v;
        vs_output_append_fixed (data, tl->variant_start[index], 6, 4);
        g_string_append_c (data, ' ');
        vs_output_append_fixed (data, tl->variant_end[index], 6, 4);
        g_string_append_printf (data, " %u\n",
                                row + (guint) (tl->task_server[t] * dpus + tl->variant_dpu[index]));
      }
      continue;
    }
    if (rows->per_dpu[task->queue])
      row += (guint) (tl->task_server[t] * dpus);
    else
      row += (guint) tl->task_server[t];
    vs_output_append_fixed (data, tl->task_start[t], 6, 4);
    g_string_append_c (data, ' ');
    vs_output_append_fixed (data, tl->task_end[t], 6, 4);
    g_string_append_printf (data, " %u\n", row);
  }
  return data;
}

/* Title, style, ranges, row labels and group separators. */
static void
gantt_axes (GString *gp, const GanttRows *rows, const VsSchedule *s, const VsTimeline *tl)
{
  guint n_rows = rows->labels->len;
  g_autofree char *base = s->path ? g_path_get_basename (s->path) : g_strdup ("schedule");
  g_autoptr (GString) title = g_string_new (NULL);
  g_string_append_printf (title, "%s  -  latency ", base);
  vs_output_append_fixed (title, tl->latency_ps, 6, 3);
  g_string_append_printf (title, " µs  (%s mode%s%s)", vs_replay_mode_name (tl->options.mode),
                          s->device.name[0] ? ", " : "", s->device.name);
  g_string_append (gp, "set title ");
  vs_gnuplot_append_string (gp, title->str);
  g_string_append (gp, " font 'Sans,15'\n");
  g_string_append (gp, "set xlabel 'time (µs)'\n"
                       "set border 3 lw 1 lc rgb '#444444'\n"
                       "set tics nomirror out\n"
                       "set grid xtics lc rgb '#dddddd' lw 1 dt 1\n"
                       "set key outside below center horizontal samplen 1.5 spacing 1.2 width 2\n"
                       "set style fill solid 0.9 noborder\n"
                       "set lmargin 18\nset rmargin 4\n");
  gint64 span = tl->latency_ps > 0 ? tl->latency_ps : 1000000;
  g_string_append (gp, "set xrange [0:");
  vs_output_append_fixed (gp, span + span / 50, 6, 4);
  g_string_append (gp, "]\n");
  g_string_append_printf (gp, "set yrange [%g:-0.6]\n", n_rows > 0 ? n_rows - 0.4 : 0.6);
  g_string_append (gp, "set ytics (");
  for (guint r = 0; r < n_rows; r++) {
    if (r)
      g_string_append (gp, ", ");
    vs_gnuplot_append_string (gp, g_ptr_array_index (rows->labels, r));
    g_string_append_printf (gp, " %u", r);
  }
  g_string_append (gp, ")\n");
  for (guint i = 0; i < rows->separators->len; i++)
    g_string_append_printf (gp, "set arrow from graph 0, first %g to graph 1, first %g "
                            "nohead lc rgb '#999999' dt 2 lw 1 back\n",
                            g_array_index (rows->separators, guint, i) - 0.5,
                            g_array_index (rows->separators, guint, i) - 0.5);
}

gboolean
vs_gantt_plot (const char *path, const VsSchedule *s, const VsTimeline *tl, GError **error)
{
  g_auto (GanttRows) rows = { 0 };
  gantt_rows_init (&rows, s, tl);
  guint n_rows = rows.labels->len;

  guint width = 1600;
  guint height = 140 + 34 * (n_rows > 0 ? n_rows : 1);
  if (height < 360)
    height = 360;
  if (height > 6000)
    height = 6000;
  g_autoptr (VsGnuplot) plot = vs_gnuplot_new (path, width, height, error);
  if (plot == NULL)
    return FALSE;

  /* One data file per kind, so each kind gets its colour and legend entry. */
  const char *data_names[VS_TASK_KIND_COUNT] = { NULL };
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++) {
    if (rows.kind_count[k] == 0)
      continue;
    g_autoptr (GString) data = gantt_kind_data (&rows, s, tl, k);
    g_autofree char *name = g_strdup_printf ("%s.dat", vs_task_kind_name ((VsTaskKind) k));
    data_names[k] = vs_gnuplot_add_data (plot, name, data, error);
    if (data_names[k] == NULL)
      return FALSE;
  }

  GString *gp = vs_gnuplot_script (plot);
  gantt_axes (gp, &rows, s, tl);
  /* Thin outlines help when there are few boxes; with many they would
   * paint everything grey. */
  gboolean outline = s->tasks->len <= 400;
  g_string_append (gp, "plot ");
  gboolean first = TRUE;
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++) {
    if (data_names[k] == NULL)
      continue;
    if (!first)
      g_string_append (gp, ", \\\n     ");
    first = FALSE;
    vs_gnuplot_append_string (gp, data_names[k]);
    g_string_append_printf (gp, " using (($1+$2)/2):3:1:2:($3-0.38):($3+0.38) with boxxyerror "
                            "fs solid 0.9 %s lc rgb '%s' title '%s'",
                            outline ? "border lc rgb '#222222'" : "noborder", kind_colours[k],
                            vs_task_kind_name ((VsTaskKind) k));
  }
  if (first)  /* nothing to draw: keep the axes and the title */
    g_string_append (gp, "NaN notitle");
  return vs_gnuplot_finish (g_steal_pointer (&plot), error);
}
