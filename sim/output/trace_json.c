/* SPDX-License-Identifier: Apache-2.0 */
/* trace_json.c — writes the timeline as Chrome trace events: metadata for
 * processes (DMA, one per tile, M2I) and threads (one per engine instance),
 * then one complete ("X") event per task and per timed DPU variant. */
#include "sim/output/trace_json.h"

#include "sim/base/output_file.h"

/* Process groups in pid order: DMA, tiles 0.., M2I, anything unplaced. */
enum { GROUP_DMA = 0, GROUP_TILE, GROUP_M2I, GROUP_OTHER };

static int
queue_group (const VsQueue *q)
{
  if (q->engine == VS_ENGINE_DMA)
    return GROUP_DMA;
  if (q->engine == VS_ENGINE_M2I)
    return GROUP_M2I;
  return q->tile >= 0 ? GROUP_TILE : GROUP_OTHER;
}

/* Sort key of a queue's process: group, then tile. */
static gint64
process_key (const VsQueue *q)
{
  int g = queue_group (q);
  return (gint64) g << 32 | (g == GROUP_TILE ? (guint32) q->tile : 0);
}

static void
append_ns_as_us (GString *out, gint64 ps)
{
  /* Round to whole ns first so that ts + dur of a slice is its rounded end. */
  gint64 ns = ps >= 0 ? (ps + 500) / 1000 : -((-ps + 500) / 1000);
  vs_output_append_fixed (out, ns, 3, 3);
}

static gint64
round_ns (gint64 ps)
{
  return ps >= 0 ? (ps + 500) / 1000 : -((-ps + 500) / 1000);
}

static void
append_metadata (GString *out, const char *what, int pid, int tid, const char *name)
{
  g_string_append_printf (out, "{\"name\":\"%s\",\"ph\":\"M\",\"pid\":%d,", what, pid);
  if (tid > 0)
    g_string_append_printf (out, "\"tid\":%d,", tid);
  g_string_append (out, "\"args\":{\"name\":");
  vs_output_append_json_string (out, name);
  g_string_append (out, "}},\n");
}

static void
append_sort_index (GString *out, const char *what, int pid, int tid, int index)
{
  g_string_append_printf (out, "{\"name\":\"%s\",\"ph\":\"M\",\"pid\":%d,", what, pid);
  if (tid > 0)
    g_string_append_printf (out, "\"tid\":%d,", tid);
  g_string_append_printf (out, "\"args\":{\"sort_index\":%d}},\n", index);
}

static void
append_slice (GString *out, const char *name, const char *cat, gint64 start_ps, gint64 end_ps,
              int pid, int tid)
{
  g_string_append (out, "{\"name\":");
  vs_output_append_json_string (out, name);
  g_string_append_printf (out, ",\"cat\":\"%s\",\"ph\":\"X\",\"ts\":", cat);
  append_ns_as_us (out, start_ps);
  g_string_append (out, ",\"dur\":");
  vs_output_append_fixed (out, round_ns (end_ps) - round_ns (start_ps), 3, 3);
  g_string_append_printf (out, ",\"pid\":%d,\"tid\":%d,\"args\":{", pid, tid);
}

/* CMX occupancy as a counter track in each tile's process. */
static void
append_cmx_counters (GString *out, const VsSchedule *s, const int *queue_pid,
                     const VsCmxReport *cmx)
{
  for (guint tile = 0; tile < cmx->n_tiles; tile++) {
    int pid = 0;
    for (guint q = 0; q < s->queues->len && pid == 0; q++) {
      const VsQueue *queue = vs_schedule_queue (s, q);
      if (queue_group (queue) == GROUP_TILE && queue->tile == (gint32) tile)
        pid = queue_pid[q];
    }
    if (pid == 0)
      continue;
    GArray *curve = cmx->curves[tile];
    for (guint i = 0; i < curve->len; i++) {
      const VsCmxPoint *p = &g_array_index (curve, VsCmxPoint, i);
      g_string_append_printf (out, "{\"name\":\"CMX bytes\",\"ph\":\"C\",\"pid\":%d,\"ts\":", pid);
      append_ns_as_us (out, p->time_ps);
      g_string_append_printf (out, ",\"args\":{\"live\":%" G_GINT64_FORMAT "}},\n", p->bytes);
    }
  }
}

void
vs_trace_json_append (GString *out, const VsSchedule *s, const VsTimeline *tl)
{
  vs_trace_json_append_with_memory (out, s, tl, NULL);
}

void
vs_trace_json_append_with_memory (GString *out, const VsSchedule *s, const VsTimeline *tl,
                                  const VsCmxReport *cmx)
{
  guint nq = s->queues->len;
  /* Which DPU queues have timed variants: those get one thread per DPU. */
  g_autofree guint8 *has_variants = g_new0 (guint8, nq + 1);
  for (guint t = 0; t < s->tasks->len; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    if (task->kind == VS_TASK_DPU && task->spec.dpu.n_variants > 0 &&
        tl->variant_start[task->spec.dpu.first_variant] >= 0)
      has_variants[task->queue] = 1;
  }
  /* Queues in process order (stable: ties keep queue order). */
  g_autofree guint *order = vs_schedule_queue_order (s, process_key);
  g_autofree int *queue_pid = g_new0 (int, nq + 1);
  g_autofree int *queue_tid = g_new0 (int, nq + 1);      /* tid of server 0 */
  g_autofree int *variant_tid = g_new0 (int, nq + 1);    /* tid of server 0, DPU 0 */
  gint32 dpus = tl->dpus_per_tile > 0 ? tl->dpus_per_tile : 1;

  g_string_append (out, "{\"traceEvents\":[\n");
  int pid = 0, tid = 0, thread_index = 0;
  gint64 current_key = -1;
  for (guint i = 0; i < nq; i++) {
    const VsQueue *q = vs_schedule_queue (s, order[i]);
    gint64 key = process_key (q);
    if (key != current_key) {
      current_key = key;
      pid++;
      thread_index = 0;
      g_autofree char *name = NULL;
      switch (queue_group (q)) {
      case GROUP_DMA: name = g_strdup ("DMA"); break;
      case GROUP_TILE: name = g_strdup_printf ("Cluster (%d)", q->tile); break;
      case GROUP_M2I: name = g_strdup ("M2I"); break;
      default: name = g_strdup ("Unplaced"); break;
      }
      append_metadata (out, "process_name", pid, 0, name);
      append_sort_index (out, "process_sort_index", pid, 0, pid);
    }
    queue_pid[order[i]] = pid;
    queue_tid[order[i]] = tid + 1;
    for (gint32 srv = 0; srv < q->servers; srv++) {
      g_autofree char *name = q->servers == 1 ? g_strdup (q->id ? q->id : "?")
                                              : g_strdup_printf ("%s #%d", q->id ? q->id : "?", srv);
      tid++;
      append_metadata (out, "thread_name", pid, tid, name);
      append_sort_index (out, "thread_sort_index", pid, tid, thread_index++);
    }
    if (has_variants[order[i]]) {
      variant_tid[order[i]] = tid + 1;
      for (gint32 srv = 0; srv < q->servers; srv++)
        for (gint32 d = 0; d < dpus; d++) {
          g_autofree char *name = q->servers == 1
                                      ? g_strdup_printf ("%s / DPU %d", q->id ? q->id : "?", d)
                                      : g_strdup_printf ("%s #%d / DPU %d", q->id ? q->id : "?",
                                                         srv, d);
          tid++;
          append_metadata (out, "thread_name", pid, tid, name);
          append_sort_index (out, "thread_sort_index", pid, tid, thread_index++);
        }
    }
  }

  for (guint t = 0; t < s->tasks->len; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    const VsQueue *q = vs_schedule_queue (s, task->queue);
    const char *name = task->name ? task->name : task->id;
    const char *cat = vs_task_kind_name (task->kind);
    append_slice (out, name, cat, tl->task_start[t], tl->task_end[t], queue_pid[task->queue],
                  queue_tid[task->queue] + tl->task_server[t]);
    g_string_append (out, "\"task\":");
    vs_output_append_json_string (out, task->id ? task->id : "");
    g_string_append (out, ",\"layer\":");
    vs_output_append_json_string (out, task->layer ? task->layer : "");
    g_string_append (out, ",\"queue\":");
    vs_output_append_json_string (out, q->id ? q->id : "");
    g_string_append_printf (out, ",\"server\":\"%d\"}},\n", tl->task_server[t]);
    if (task->kind != VS_TASK_DPU || !has_variants[task->queue])
      continue;
    for (guint v = 0; v < task->spec.dpu.n_variants; v++) {
      guint index = task->spec.dpu.first_variant + v;
      if (tl->variant_start[index] < 0)
        continue;
      g_autofree char *vname = g_strdup_printf ("%s/variant_%u", name ? name : "", v);
      append_slice (out, vname, "DPU", tl->variant_start[index], tl->variant_end[index],
                    queue_pid[task->queue],
                    variant_tid[task->queue] + tl->task_server[t] * dpus + tl->variant_dpu[index]);
      g_string_append (out, "\"task\":");
      vs_output_append_json_string (out, task->id ? task->id : "");
      g_string_append_printf (out, ",\"variant\":\"%u\"}},\n", v);
    }
  }
  if (cmx != NULL)
    append_cmx_counters (out, s, queue_pid, cmx);
  /* Every event above ends in ",\n"; JSON allows no comma after the last. */
  if (g_str_has_suffix (out->str, ",\n"))
    g_string_truncate (out, out->len - 2);
  g_string_append (out, "\n],\n\"displayTimeUnit\":\"ns\",\n\"otherData\":{\"generator\":\"vpusim\","
                   "\"mode\":");
  vs_output_append_json_string (out, vs_replay_mode_name (tl->options.mode));
  g_string_append (out, ",\"latency_us\":\"");
  append_ns_as_us (out, tl->latency_ps);
  g_string_append (out, "\"}}\n");
}

gboolean
vs_trace_json_write (const char *path, const VsSchedule *s, const VsTimeline *tl, GError **error)
{
  return vs_trace_json_write_with_memory (path, s, tl, NULL, error);
}

gboolean
vs_trace_json_write_with_memory (const char *path, const VsSchedule *s, const VsTimeline *tl,
                                 const VsCmxReport *cmx, GError **error)
{
  g_autoptr (GString) out = g_string_sized_new (256 + 200 * (gsize) tl->n_tasks);
  vs_trace_json_append_with_memory (out, s, tl, cmx);
  return vs_output_file_write (path, out, error);
}
