/* gantt.c — writes a replay's boxes (one data file per task kind, so each kind
 * gets its colour and one legend entry) and a gnuplot script to a temporary
 * folder, runs gnuplot into a temporary file beside the target, renames it. */
#include "plots/gantt.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sim/output_file.h"

G_DEFINE_QUARK (vs-gantt-error-quark, vs_gantt_error)

/* Colours per task kind (colour-blind-safe palette), legend order. */
static const char *const kind_colours[VS_TASK_KIND_COUNT] = {
  [VS_TASK_DMA] = "#4477aa",
  [VS_TASK_DPU] = "#228833",
  [VS_TASK_SHAVE] = "#aa3377",
  [VS_TASK_M2I] = "#ccbb44",
  [VS_TASK_SYNC] = "#777777",
};

char *
vs_gantt_find_gnuplot (void)
{
  return g_find_program_in_path ("gnuplot");
}

/* A gnuplot single-quoted string: only the quote itself needs escaping. */
static void
append_gp_string (GString *out, const char *s)
{
  g_string_append_c (out, '\'');
  for (const char *p = s; *p; p++) {
    if (*p == '\'')
      g_string_append_c (out, '\'');
    if (*p == '\n' || *p == '\r')
      g_string_append_c (out, ' ');
    else
      g_string_append_c (out, *p);
  }
  g_string_append_c (out, '\'');
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

static void
remove_files (const char *dir, GPtrArray *files)
{
  for (guint i = 0; i < files->len; i++)
    g_unlink (g_ptr_array_index (files, i));
  if (dir != NULL)
    g_rmdir (dir);
}

static gboolean
write_plain (const char *path, const GString *data, GError **error)
{
  if (!g_file_set_contents (path, data->str, (gssize) data->len, error))
    return FALSE;
  return TRUE;
}

gboolean
vs_gantt_plot (const char *path, const VsSchedule *s, const VsTimeline *tl, GError **error)
{
  const char *ext = strrchr (path, '.');
  gboolean svg;
  if (ext != NULL && g_ascii_strcasecmp (ext, ".png") == 0)
    svg = FALSE;
  else if (ext != NULL && g_ascii_strcasecmp (ext, ".svg") == 0)
    svg = TRUE;
  else {
    g_set_error (error, VS_GANTT_ERROR, VS_GANTT_ERROR_FORMAT,
                 "%s: a plot must end in .png or .svg", path);
    return FALSE;
  }
  g_autofree char *gnuplot = vs_gantt_find_gnuplot ();
  if (gnuplot == NULL) {
    g_set_error (error, VS_GANTT_ERROR, VS_GANTT_ERROR_NO_GNUPLOT,
                 "cannot draw %s: gnuplot not found; install gnuplot-nox", path);
    return FALSE;
  }

  /* Rows: queues in display order, one per server, or one per DPU. */
  guint nq = s->queues->len;
  g_autofree guint8 *per_dpu = g_new0 (guint8, nq + 1);
  gint32 dpus = tl->dpus_per_tile > 0 ? tl->dpus_per_tile : 1;
  guint kind_count[VS_TASK_KIND_COUNT] = { 0 };
  for (guint t = 0; t < s->tasks->len; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    kind_count[task->kind]++;
    if (dpus > 1 && task->kind == VS_TASK_DPU && task->spec.dpu.n_variants > 0 &&
        tl->variant_start[task->spec.dpu.first_variant] >= 0)
      per_dpu[task->queue] = 1;
  }
  g_autofree guint *order = g_new (guint, nq + 1);
  for (guint q = 0; q < nq; q++)
    order[q] = q;
  for (guint i = 1; i < nq; i++) {
    guint q = order[i];
    gint64 key = row_key (vs_schedule_queue (s, q));
    guint j = i;
    for (; j > 0 && row_key (vs_schedule_queue (s, order[j - 1])) > key; j--)
      order[j] = order[j - 1];
    order[j] = q;
  }
  g_autofree guint *first_row = g_new0 (guint, nq + 1);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) separators = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 previous_group = -1;
  for (guint i = 0; i < nq; i++) {
    const VsQueue *q = vs_schedule_queue (s, order[i]);
    gint64 group = row_key (q) >> 8;
    if (previous_group >= 0 && group != previous_group)
      g_array_append_val (separators, labels->len);
    previous_group = group;
    first_row[order[i]] = labels->len;
    const char *id = q->id ? q->id : "?";
    for (gint32 srv = 0; srv < q->servers; srv++) {
      if (per_dpu[order[i]]) {
        for (gint32 d = 0; d < dpus; d++)
          g_ptr_array_add (labels, q->servers == 1
                                       ? g_strdup_printf ("%s DPU %d", id, d)
                                       : g_strdup_printf ("%s #%d DPU %d", id, srv, d));
      } else {
        g_ptr_array_add (labels, q->servers == 1 ? g_strdup (id)
                                                 : g_strdup_printf ("%s #%d", id, srv));
      }
    }
  }
  guint rows = labels->len;

  g_autoptr (GError) local = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vpusim-plot-XXXXXX", &local);
  if (dir == NULL) {
    g_set_error (error, VS_GANTT_ERROR, VS_GANTT_ERROR_IO, "cannot draw %s: %s", path,
                 local->message);
    return FALSE;
  }
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;

  /* One data file per kind: "start_us end_us row" per box. */
  char *data_names[VS_TASK_KIND_COUNT] = { NULL };
  for (int k = 0; k < VS_TASK_KIND_COUNT && ok; k++) {
    if (kind_count[k] == 0)
      continue;
    g_autoptr (GString) data = g_string_new (NULL);
    for (guint t = 0; t < s->tasks->len; t++) {
      const VsTask *task = vs_schedule_task (s, t);
      if ((int) task->kind != k)
        continue;
      guint row = first_row[task->queue];
      if (per_dpu[task->queue] && task->spec.dpu.n_variants > 0 &&
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
      if (per_dpu[task->queue])
        row += (guint) (tl->task_server[t] * dpus);
      else
        row += (guint) tl->task_server[t];
      vs_output_append_fixed (data, tl->task_start[t], 6, 4);
      g_string_append_c (data, ' ');
      vs_output_append_fixed (data, tl->task_end[t], 6, 4);
      g_string_append_printf (data, " %u\n", row);
    }
    data_names[k] = g_strdup_printf ("%s/%s.dat", dir, vs_task_kind_name ((VsTaskKind) k));
    g_ptr_array_add (files, g_strdup (data_names[k]));
    ok = write_plain (data_names[k], data, error);
  }

  g_autofree char *temp = NULL;
  if (ok)
    temp = vs_output_file_temp_beside (path, svg ? ".svg" : ".png", error);
  ok = ok && temp != NULL;

  g_autofree char *script_name = g_strdup_printf ("%s/gantt.gp", dir);
  if (ok) {
    guint width = 1600;
    guint height = 140 + 34 * (rows > 0 ? rows : 1);
    if (height < 360)
      height = 360;
    if (height > 6000)
      height = 6000;
    g_autoptr (GString) gp = g_string_new ("set encoding utf8\n");
    if (svg)
      g_string_append_printf (gp, "set terminal svg size %u,%u dynamic noenhanced "
                              "font 'Sans,13' background rgb 'white'\n", width, height);
    else
      g_string_append_printf (gp, "set terminal pngcairo size %u,%u noenhanced "
                              "font 'Sans,12' background rgb 'white'\n", width, height);
    g_string_append (gp, "set output ");
    append_gp_string (gp, temp);
    g_string_append_c (gp, '\n');
    g_autofree char *base = s->path ? g_path_get_basename (s->path) : g_strdup ("schedule");
    g_autoptr (GString) title = g_string_new (NULL);
    g_string_append_printf (title, "%s  -  latency ", base);
    vs_output_append_fixed (title, tl->latency_ps, 6, 3);
    g_string_append_printf (title, " µs  (%s mode%s%s)", vs_replay_mode_name (tl->options.mode),
                            s->device.name[0] ? ", " : "", s->device.name);
    g_string_append (gp, "set title ");
    append_gp_string (gp, title->str);
    g_string_append (gp, " font 'Sans,15'\n");
    g_string_append (gp, "set xlabel 'time (µs)'\n"
                         "set border 3 lw 1 lc rgb '#444444'\n"
                         "set tics nomirror out\n"
                         "set grid xtics lc rgb '#dddddd' lw 1 dt 1\n"
                         "set key outside right top vertical Left reverse samplen 1.5 "
                         "spacing 1.3 title 'task kind'\n"
                         "set style fill solid 0.9 noborder\n"
                         "set lmargin 18\nset rmargin 16\n");
    gint64 span = tl->latency_ps > 0 ? tl->latency_ps : 1000000;
    g_string_append (gp, "set xrange [0:");
    vs_output_append_fixed (gp, span + span / 50, 6, 4);
    g_string_append (gp, "]\n");
    g_string_append_printf (gp, "set yrange [%g:-0.6]\n", rows > 0 ? rows - 0.4 : 0.6);
    g_string_append (gp, "set ytics (");
    for (guint r = 0; r < rows; r++) {
      if (r)
        g_string_append (gp, ", ");
      append_gp_string (gp, g_ptr_array_index (labels, r));
      g_string_append_printf (gp, " %u", r);
    }
    g_string_append (gp, ")\n");
    for (guint i = 0; i < separators->len; i++)
      g_string_append_printf (gp, "set arrow from graph 0, first %g to graph 1, first %g "
                              "nohead lc rgb '#999999' dt 2 lw 1 back\n",
                              g_array_index (separators, guint, i) - 0.5,
                              g_array_index (separators, guint, i) - 0.5);
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
      append_gp_string (gp, data_names[k]);
      g_string_append_printf (gp, " using (($1+$2)/2):3:1:2:($3-0.38):($3+0.38) with boxxyerror "
                              "fs solid 0.9 %s lc rgb '%s' title '%s'",
                              outline ? "border lc rgb '#222222'" : "noborder", kind_colours[k],
                              vs_task_kind_name ((VsTaskKind) k));
    }
    if (first)  /* nothing to draw: keep the axes and the title */
      g_string_append (gp, "NaN notitle");
    g_string_append (gp, "\nset output\n");
    g_ptr_array_add (files, g_strdup (script_name));
    ok = write_plain (script_name, gp, error);
  }

  if (ok) {
    const char *argv[] = { gnuplot, script_name, NULL };
    g_autofree char *out_text = NULL, *err_text = NULL;
    int status = 0;
    if (!g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out_text,
                       &err_text, &status, &local)) {
      g_set_error (error, VS_GANTT_ERROR, VS_GANTT_ERROR_FAILED, "cannot draw %s: %s", path,
                   local->message);
      ok = FALSE;
    } else if (!g_spawn_check_wait_status (status, NULL)) {
      g_set_error (error, VS_GANTT_ERROR, VS_GANTT_ERROR_FAILED, "cannot draw %s: gnuplot failed: %s",
                   path, err_text && *err_text ? g_strstrip (err_text) : "(no message)");
      ok = FALSE;
    }
  }
  if (ok) {
    GStatBuf st;
    if (g_stat (temp, &st) != 0 || st.st_size == 0) {
      g_set_error (error, VS_GANTT_ERROR, VS_GANTT_ERROR_FAILED,
                   "cannot draw %s: gnuplot wrote nothing", path);
      ok = FALSE;
    }
  }
  if (ok)
    ok = vs_output_file_commit (temp, path, error);
  else if (temp != NULL)
    g_unlink (temp);
  remove_files (dir, files);
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++)
    g_free (data_names[k]);
  return ok;
}
