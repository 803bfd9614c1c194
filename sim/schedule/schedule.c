/* SPDX-License-Identifier: Apache-2.0 */
/* schedule.c — the schedule's storage, name tables and validation.
 * Reading and writing YAML lives in schedule_yaml.c, importing MLIR in
 * vpurt_import.c; this file only knows the in-memory form. */
#include "sim/schedule/schedule.h"

#include <string.h>

G_DEFINE_QUARK (vs-schedule-error-quark, vs_schedule_error)

VsSchedule *
vs_schedule_new (void)
{
  VsSchedule *s = g_new0 (VsSchedule, 1);
  s->queues = g_array_new (FALSE, TRUE, sizeof (VsQueue));
  s->buffers = g_array_new (FALSE, TRUE, sizeof (VsTensor));
  s->barriers = g_array_new (FALSE, TRUE, sizeof (VsBarrier));
  s->tasks = g_array_new (FALSE, TRUE, sizeof (VsTask));
  s->variants = g_array_new (FALSE, TRUE, sizeof (VsDpuVariant));
  s->refs = g_array_new (FALSE, FALSE, sizeof (gint32));
  s->source = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  s->strings = g_string_chunk_new (4096);
  return s;
}

void
vs_schedule_free (VsSchedule *s)
{
  if (s == NULL)
    return;
  g_free (s->path);
  g_free (s->device_preset);
  g_array_unref (s->queues);
  g_array_unref (s->buffers);
  g_array_unref (s->barriers);
  g_array_unref (s->tasks);
  g_array_unref (s->variants);
  g_array_unref (s->refs);
  g_hash_table_unref (s->source);
  g_string_chunk_free (s->strings);
  g_free (s);
}

const char *
vs_schedule_intern (VsSchedule *s, const char *str)
{
  return str != NULL ? g_string_chunk_insert_const (s->strings, str) : NULL;
}

const VsTensor *
vs_schedule_tensor (const VsSchedule *s, VsTensorRef ref)
{
  if (ref < 0 || (guint) ref >= s->buffers->len)
    return NULL;
  return &g_array_index (s->buffers, VsTensor, ref);
}

gboolean
vs_tensor_bytes_checked (const VsTensor *t, gint64 *bytes)
{
  *bytes = 0;
  if (t->rank <= 0)
    return TRUE;
  int bits = vs_data_type_bits (t->dtype);
  if (bits <= 0)
    bits = 8;
  for (int d = 0; d < t->rank; d++) {
    if (t->shape[d] < 0 || (t->has_strides && t->strides[d] < 0))
      return FALSE;
    if (t->shape[d] == 0)
      return TRUE;
  }
  guint64 size;
  if (t->has_strides) {
    /* The span the strides cover: the last element's offset plus one element. */
    guint64 span = 0, step;
    for (int d = 0; d < t->rank; d++)
      if (!g_uint64_checked_mul (&step, (guint64) t->shape[d] - 1, (guint64) t->strides[d]) ||
          !g_uint64_checked_add (&span, span, step))
        return FALSE;
    if (!g_uint64_checked_add (&size, span, (guint64) (bits + 7) / 8))
      return FALSE;
  } else {
    guint64 elements = 1, total_bits;
    for (int d = 0; d < t->rank; d++)
      if (!g_uint64_checked_mul (&elements, elements, (guint64) t->shape[d]))
        return FALSE;
    if (!g_uint64_checked_mul (&total_bits, elements, (guint64) bits))
      return FALSE;
    size = total_bits / 8 + (total_bits % 8 != 0);
  }
  if (size > (guint64) VS_MAX_TENSOR_BYTES)
    return FALSE;
  *bytes = (gint64) size;
  return TRUE;
}

gint64
vs_tensor_bytes (const VsTensor *t)
{
  gint64 bytes;
  if (!vs_tensor_bytes_checked (t, &bytes)) {
    for (int d = 0; d < t->rank; d++)
      if (t->shape[d] <= 0)
        return 0;   /* as before: an empty or malformed tensor moves nothing */
    return VS_MAX_TENSOR_BYTES + 1;
  }
  return bytes;
}

gint32
vs_queue_default_servers (const VsQueue *q, const VsDevice *d)
{
  if (q->engine == VS_ENGINE_SHAVE && q->channel < 0 && d->shave_fifo == VS_SHAVE_FIFO_PER_TILE)
    return MAX (1, d->shaves_per_tile);
  return 1;
}

gboolean
vs_task_kind_fits_engine (VsTaskKind kind, VsEngine engine)
{
  switch (kind) {
  case VS_TASK_DMA: return engine == VS_ENGINE_DMA;
  case VS_TASK_DPU: return engine == VS_ENGINE_DPU;
  case VS_TASK_SHAVE: return engine == VS_ENGINE_SHAVE;
  case VS_TASK_M2I: return engine == VS_ENGINE_M2I;
  case VS_TASK_SYNC: return TRUE;
  default: return FALSE;
  }
}

gboolean
vs_dma_op_is_descriptor (const char *op)
{
  static const char *const ops[] = { "FetchDMA", "BarProgDMA", "EnqueueDMA" };
  for (guint k = 0; op != NULL && k < G_N_ELEMENTS (ops); k++)
    if (strcmp (op, ops[k]) == 0)
      return TRUE;
  return FALSE;
}

/* --- validation --- */

/* "task 't3' (line 40)" or "task 't3'" */
static char *
describe_task (const VsSchedule *s, guint index)
{
  const VsTask *t = &g_array_index (s->tasks, VsTask, index);
  if (t->line > 0)
    return g_strdup_printf ("%s:%d: task '%s'", s->path ? s->path : "<schedule>", t->line, t->id);
  return g_strdup_printf ("%s: task '%s'", s->path ? s->path : "<schedule>", t->id);
}

static gboolean
check_range (const VsSchedule *s, guint task, guint first, guint n, guint limit, const char *what,
             GError **error)
{
  if ((guint64) first + n > s->refs->len) {
    g_autofree char *who = describe_task (s, task);
    g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID, "%s: %s list out of range",
                 who, what);
    return FALSE;
  }
  for (guint i = 0; i < n; i++) {
    gint32 r = g_array_index (s->refs, gint32, first + i);
    if (r < 0 || (guint) r >= limit) {
      g_autofree char *who = describe_task (s, task);
      g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID,
                   "%s: %s refers to a %s that does not exist", who, what,
                   strcmp (what, "after") == 0 ? "task" : "barrier");
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
vs_schedule_validate (VsSchedule *s, GError **error)
{
  const char *origin = s->path ? s->path : "<schedule>";
  for (guint b = 0; b < s->barriers->len; b++) {
    VsBarrier *bar = vs_schedule_barrier (s, b);
    bar->producers = 0;
    bar->consumers = 0;
  }
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    if (t->queue < 0 || (guint) t->queue >= s->queues->len) {
      g_autofree char *who = describe_task (s, i);
      g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID, "%s: no such queue", who);
      return FALSE;
    }
    const VsQueue *q = vs_schedule_queue (s, t->queue);
    if (!vs_task_kind_fits_engine (t->kind, q->engine)) {
      g_autofree char *who = describe_task (s, i);
      g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID,
                   "%s: a %s task cannot run on %s queue '%s'", who, vs_task_kind_name (t->kind),
                   vs_engine_name (q->engine), q->id);
      return FALSE;
    }
    if (!check_range (s, i, t->first_wait, t->n_waits, s->barriers->len, "waits", error) ||
        !check_range (s, i, t->first_update, t->n_updates, s->barriers->len, "updates", error) ||
        !check_range (s, i, t->first_after, t->n_after, s->tasks->len, "after", error))
      return FALSE;
    for (guint k = 0; k < t->n_after; k++)
      if ((guint) vs_schedule_ref (s, t->first_after + k) == i) {
        g_autofree char *who = describe_task (s, i);
        g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID,
                     "%s: waits for itself in 'after'", who);
        return FALSE;
      }
    if (t->kind == VS_TASK_DPU &&
        (guint64) t->spec.dpu.first_variant + t->spec.dpu.n_variants > s->variants->len) {
      g_autofree char *who = describe_task (s, i);
      g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID,
                   "%s: variant list out of range", who);
      return FALSE;
    }
    for (guint k = 0; k < t->n_waits; k++)
      vs_schedule_barrier (s, vs_schedule_ref (s, t->first_wait + k))->consumers++;
    for (guint k = 0; k < t->n_updates; k++)
      vs_schedule_barrier (s, vs_schedule_ref (s, t->first_update + k))->producers++;
  }
  for (guint b = 0; b < s->buffers->len; b++) {
    const VsTensor *t = vs_schedule_tensor (s, (VsTensorRef) b);
    gint64 bytes;
    if (!vs_tensor_bytes_checked (t, &bytes)) {
      g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID,
                   "%s: %s%s%s: the tensor would span more than the %" G_GINT64_FORMAT
                   " bytes (1 TiB) a tensor may have", origin, t->id ? "buffer '" : "an inline tensor",
                   t->id ? t->id : "", t->id ? "'" : "", VS_MAX_TENSOR_BYTES);
      return FALSE;
    }
  }
  for (guint q = 0; q < s->queues->len; q++) {
    const VsQueue *queue = vs_schedule_queue (s, q);
    if (queue->servers < 1) {
      g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID,
                   "%s: queue '%s': servers must be at least 1", origin, queue->id);
      return FALSE;
    }
  }
  for (guint b = 0; b < s->barriers->len; b++) {
    const VsBarrier *bar = vs_schedule_barrier (s, b);
    if (bar->consumers > 0 && bar->producers == 0) {
      g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID,
                   "%s: barrier '%s' is waited on by %d task(s) but no task updates it", origin,
                   bar->id, bar->consumers);
      return FALSE;
    }
    if (bar->declared_producers >= 0 && bar->declared_producers != bar->producers) {
      g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID,
                   "%s: barrier '%s' declares %d producers but %d task(s) update it", origin,
                   bar->id, bar->declared_producers, bar->producers);
      return FALSE;
    }
    if (bar->declared_consumers >= 0 && bar->declared_consumers != bar->consumers) {
      g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID,
                   "%s: barrier '%s' declares %d consumers but %d task(s) wait on it", origin,
                   bar->id, bar->declared_consumers, bar->consumers);
      return FALSE;
    }
  }
  return TRUE;
}

guint *
vs_schedule_queue_order (const VsSchedule *s, gint64 (*key) (const VsQueue *q))
{
  guint nq = s->queues->len;
  guint *order = g_new (guint, nq + 1);
  for (guint q = 0; q < nq; q++)
    order[q] = q;
  /* Insertion sort: few queues, and it is stable. */
  for (guint i = 1; i < nq; i++) {
    guint q = order[i];
    gint64 k = key (vs_schedule_queue (s, q));
    guint j = i;
    for (; j > 0 && key (vs_schedule_queue (s, order[j - 1])) > k; j--)
      order[j] = order[j - 1];
    order[j] = q;
  }
  return order;
}
