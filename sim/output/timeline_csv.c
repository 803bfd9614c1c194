/* SPDX-License-Identifier: Apache-2.0 */
/* timeline_csv.c — writes the per-task timeline as CSV, one row per task in
 * schedule order, times as exact decimal nanoseconds. */
#include "sim/output/timeline_csv.h"

#include "sim/base/csv_table.h"
#include "sim/base/output_file.h"

void
vs_timeline_csv_append (GString *out, const VsSchedule *s, const VsTimeline *tl)
{
  g_string_append (out, "id,name,kind,queue,server,start_ns,end_ns\n");
  for (guint t = 0; t < tl->n_tasks; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    vs_csv_append_field (out, task->id ? task->id : "");
    g_string_append_c (out, ',');
    vs_csv_append_field (out, task->name ? task->name : "");
    g_string_append_printf (out, ",%s,", vs_task_kind_name (task->kind));
    const char *queue = vs_schedule_queue (s, task->queue)->id;
    vs_csv_append_field (out, queue ? queue : "");
    g_string_append_printf (out, ",%d,", tl->task_server[t]);
    vs_output_append_fixed (out, tl->task_start[t], 3, 3);
    g_string_append_c (out, ',');
    vs_output_append_fixed (out, tl->task_end[t], 3, 3);
    g_string_append_c (out, '\n');
  }
}

gboolean
vs_timeline_csv_write (const char *path, const VsSchedule *s, const VsTimeline *tl,
                       GError **error)
{
  g_autoptr (GString) out = g_string_sized_new (64 + 64 * (gsize) tl->n_tasks);
  vs_timeline_csv_append (out, s, tl);
  return vs_output_file_write (path, out, error);
}
