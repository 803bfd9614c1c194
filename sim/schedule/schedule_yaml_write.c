/* SPDX-License-Identifier: Apache-2.0 */
/* schedule_yaml_write.c — writes the `vpusim-schedule` YAML format in its
 * canonical form: flow mappings for queues, buffers, barriers and variants,
 * defaults left out, strings quoted only when they would not read back. */
#include "config.h"

#include "sim/schedule/schedule_yaml.h"

#include "hw/yaml_write.h"
#include "sim/schedule/schedule_names.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


/* ------------------------------------------------------------------------ */
/* Writer. */

typedef struct {
  const VsSchedule *s;
  GString *out;
  GError *error;
} Writer;

static gboolean wfail (Writer *w, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
wfail (Writer *w, const char *format, ...)
{
  if (w->error != NULL)
    return FALSE;
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  w->error = g_error_new (VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID, "cannot write %s: %s",
                          w->s->path != NULL ? w->s->path : "schedule", msg);
  return FALSE;
}

/* A scalar that reads back as the same string (hw/yaml_write.h). */
static gboolean
w_str (Writer *w, const char *s)
{
  if (s == NULL)
    return wfail (w, "a string is missing");   /* a reader's bug; never a crash */
  if (!vs_yaml_append_scalar (w->out, s))
    return wfail (w, "a string is not valid UTF-8");
  return TRUE;
}

static gboolean
w_double (Writer *w, double v)
{
  if (!isfinite (v))
    return wfail (w, "a number is not finite");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int precision = 15; precision <= 17; precision++) {
    char fmt[8];
    g_snprintf (fmt, sizeof fmt, "%%.%dg", precision);
    g_ascii_formatd (buf, sizeof buf, fmt, v);
    if (g_ascii_strtod (buf, NULL) == v)
      break;
  }
  g_string_append (w->out, buf);
  return TRUE;
}

/* Shortest text that reads back as the same float. */
static gboolean
w_float (Writer *w, float v)
{
  if (!isfinite (v))
    return wfail (w, "a number is not finite");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int precision = 6; precision <= 9; precision++) {
    char fmt[8];
    g_snprintf (fmt, sizeof fmt, "%%.%dg", precision);
    g_ascii_formatd (buf, sizeof buf, fmt, v);
    if ((float) g_ascii_strtod (buf, NULL) == v)
      break;
  }
  g_string_append (w->out, buf);
  return TRUE;
}

static gboolean
w_enum (Writer *w, const VsNameEntry *table, int value, const char *what)
{
  const char *name = vs_name_table_name (table, value);
  if (name == NULL)
    return wfail (w, "%s %d has no name", what, value);
  g_string_append (w->out, name);
  return TRUE;
}

/* ", key: " between flow-mapping entries. */
static void
w_key (Writer *w, gboolean *first, const char *key)
{
  g_string_append_printf (w->out, "%s%s: ", *first ? "" : ", ", key);
  *first = FALSE;
}

static void
w_int_list (Writer *w, const gint64 *v, int n)
{
  g_string_append_c (w->out, '[');
  for (int i = 0; i < n; i++)
    g_string_append_printf (w->out, "%s%" G_GINT64_FORMAT, i ? ", " : "", v[i]);
  g_string_append_c (w->out, ']');
}

static void
w_int32_list (Writer *w, const gint32 *v, int n)
{
  gint64 wide[4];
  for (int i = 0; i < n; i++)
    wide[i] = v[i];
  w_int_list (w, wide, n);
}

/* The keys of a tensor, without braces. */
static gboolean
w_tensor_body (Writer *w, const VsTensor *t, gboolean with_id)
{
  gboolean first = TRUE;
  if (with_id) {
    w_key (w, &first, "id");
    if (!w_str (w, t->id))
      return FALSE;
  }
  if (t->name != NULL) {
    w_key (w, &first, "name");
    if (!w_str (w, t->name))
      return FALSE;
  }
  w_key (w, &first, "memory");
  if (!w_enum (w, vs_schedule_memory_names, t->memory, "memory"))
    return FALSE;
  if (t->tile_mask != 0) {
    gint64 tiles[64];
    int n = 0;
    for (int i = 0; i < 64; i++)
      if (t->tile_mask & (G_GUINT64_CONSTANT (1) << i))
        tiles[n++] = i;
    w_key (w, &first, "tiles");
    w_int_list (w, tiles, n);
  }
  if (t->offset >= 0) {
    w_key (w, &first, "offset");
    g_string_append_printf (w->out, "%" G_GINT64_FORMAT, t->offset);
  }
  if (t->rank < 1 || t->rank > VS_MAX_RANK)
    return wfail (w, "tensor of rank %d", t->rank);
  w_key (w, &first, "shape");
  w_int_list (w, t->shape, t->rank);
  if (t->has_strides) {
    w_key (w, &first, "strides");
    w_int_list (w, t->strides, t->rank);
  }
  w_key (w, &first, "dtype");
  if (!w_enum (w, vs_schedule_dtype_names, t->dtype, "dtype"))
    return FALSE;
  if (t->layout != VS_LAYOUT_ZMAJOR) {
    w_key (w, &first, "layout");
    if (!w_enum (w, vs_schedule_layout_names, t->layout, "layout"))
      return FALSE;
  }
  if (t->sparse) {
    w_key (w, &first, "sparse");
    g_string_append (w->out, "true");
  }
  if (t->swizzling != VS_SWIZZLING_KEY_0) {
    w_key (w, &first, "swizzling");
    if (!w_enum (w, vs_schedule_swizzling_names, t->swizzling, "swizzling"))
      return FALSE;
  }
  return TRUE;
}

static gboolean
w_tensor_ref (Writer *w, VsTensorRef ref)
{
  const VsTensor *t = vs_schedule_tensor (w->s, ref);
  if (t == NULL)
    return wfail (w, "tensor reference %d out of range", ref);
  if (t->id != NULL) {
    g_string_append (w->out, "{buffer: ");
    if (!w_str (w, t->id))
      return FALSE;
    g_string_append_c (w->out, '}');
    return TRUE;
  }
  g_string_append_c (w->out, '{');
  if (!w_tensor_body (w, t, FALSE))
    return FALSE;
  g_string_append_c (w->out, '}');
  return TRUE;
}

static gboolean
w_cost (Writer *w, const VsGivenCost *c)
{
  g_string_append_printf (w->out, "{%s: ", c->in_ns ? "ns" : "cycles");
  if (!w_double (w, c->value))
    return FALSE;
  if (c->source != VS_COST_SOURCE_MANUAL) {
    g_string_append (w->out, ", source: ");
    if (!w_enum (w, vs_schedule_cost_source_names, c->source, "cost source"))
      return FALSE;
  }
  g_string_append_c (w->out, '}');
  return TRUE;
}

static void
w_pad (Writer *w, const gint32 pad[4])
{
  g_string_append_printf (w->out, "{top: %d, bottom: %d, left: %d, right: %d}", pad[0], pad[1],
                          pad[2], pad[3]);
}

static gboolean
w_ref_list (Writer *w, const char *key, guint first, guint n, gboolean tasks)
{
  if (n == 0)
    return TRUE;
  if ((guint64) first + n > w->s->refs->len)
    return wfail (w, "'%s' list out of range", key);
  g_string_append_printf (w->out, "    %s: [", key);
  for (guint i = 0; i < n; i++) {
    gint32 ref = vs_schedule_ref (w->s, first + i);
    guint limit = tasks ? w->s->tasks->len : w->s->barriers->len;
    if (ref < 0 || (guint) ref >= limit)
      return wfail (w, "'%s' refers to %s %d, which does not exist", key,
                    tasks ? "task" : "barrier", ref);
    if (i > 0)
      g_string_append (w->out, ", ");
    if (!w_str (w, tasks ? vs_schedule_task (w->s, ref)->id : vs_schedule_barrier (w->s, ref)->id))
      return FALSE;
  }
  g_string_append (w->out, "]\n");
  return TRUE;
}

static gboolean
w_device (Writer *w)
{
  const VsDevice *d = &w->s->device;
  VsDevice base;
  gboolean have_base = FALSE;
  if (w->s->device_preset != NULL)
    have_base = vs_device_load (&base, w->s->device_preset, NULL);
  GString *body = g_string_new (NULL);
  for (const char *const *key = vs_device_keys (); *key != NULL; key++) {
    g_autofree char *value = vs_device_get (d, *key);
    if (have_base) {
      g_autofree char *was = vs_device_get (&base, *key);
      if (strcmp (value, was) == 0)
        continue;
    }
    g_string_append_printf (body, "  %s: ", *key);
    GString *saved = w->out;
    w->out = body;
    gboolean ok = w_str (w, value);
    w->out = saved;
    if (!ok) {
      g_string_free (body, TRUE);
      return FALSE;
    }
    g_string_append_c (body, '\n');
  }
  if (have_base && body->len == 0) {
    g_string_append (w->out, "device: ");
    w_str (w, w->s->device_preset);
    g_string_append_c (w->out, '\n');
  } else {
    g_string_append (w->out, "device:\n");
    if (have_base) {
      g_string_append (w->out, "  preset: ");
      w_str (w, w->s->device_preset);
      g_string_append_c (w->out, '\n');
    }
    g_string_append_len (w->out, body->str, body->len);
  }
  g_string_free (body, TRUE);
  return TRUE;
}

static gboolean
check_ids (Writer *w, const char *what, GArray *array, gsize elem_size, gboolean allow_null)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < array->len; i++) {
    /* Every element struct starts with its `const char *id`. */
    const char *id = *(const char *const *) (void *) (array->data + i * elem_size);
    if (id == NULL) {
      if (allow_null)
        continue;
      return wfail (w, "%s %u has no id", what, i);
    }
    if (*id == '\0')
      return wfail (w, "%s %u has an empty id", what, i);
    if (!g_hash_table_add (seen, (gpointer) id))
      return wfail (w, "two %ss have the id '%s'", what, id);
  }
  return TRUE;
}

static gboolean
w_queue (Writer *w, const VsQueue *q)
{
  gboolean first = TRUE;
  g_string_append (w->out, "  - {");
  w_key (w, &first, "id");
  if (!w_str (w, q->id))
    return FALSE;
  w_key (w, &first, "engine");
  if (!w_enum (w, vs_schedule_engine_names, q->engine, "engine"))
    return FALSE;
  if (q->tile >= 0) {
    w_key (w, &first, "tile");
    g_string_append_printf (w->out, "%d", q->tile);
  }
  if (q->port >= 0) {
    w_key (w, &first, "port");
    g_string_append_printf (w->out, "%d", q->port);
  }
  if (q->channel >= 0) {
    w_key (w, &first, "channel");
    if (q->engine == VS_ENGINE_DMA && q->channel <= 1)
      g_string_append (w->out, vs_name_table_name (vs_schedule_channel_names, q->channel));
    else
      g_string_append_printf (w->out, "%d", q->channel);
  }
  if (q->servers != vs_queue_default_servers (q, &w->s->device)) {
    w_key (w, &first, "servers");
    g_string_append_printf (w->out, "%d", q->servers);
  }
  g_string_append (w->out, "}\n");
  return TRUE;
}

static gboolean
w_barrier (Writer *w, const VsBarrier *b)
{
  gboolean first = TRUE;
  g_string_append (w->out, "  - {");
  w_key (w, &first, "id");
  if (!w_str (w, b->id))
    return FALSE;
  if (b->pid >= 0) {
    w_key (w, &first, "pid");
    g_string_append_printf (w->out, "%d", b->pid);
  }
  if (b->is_start) {
    w_key (w, &first, "start");
    g_string_append (w->out, "true");
  }
  if (b->is_final) {
    w_key (w, &first, "final");
    g_string_append (w->out, "true");
  }
  if (b->declared_producers >= 0) {
    w_key (w, &first, "producers");
    g_string_append_printf (w->out, "%d", b->declared_producers);
  }
  if (b->declared_consumers >= 0) {
    w_key (w, &first, "consumers");
    g_string_append_printf (w->out, "%d", b->declared_consumers);
  }
  g_string_append (w->out, "}\n");
  return TRUE;
}

static gboolean
w_variant (Writer *w, const VsDpuVariant *v)
{
  g_string_append (w->out, "        - {out_start: ");
  w_int32_list (w, v->out_start, 3);
  g_string_append (w->out, ", out_end: ");
  w_int32_list (w, v->out_end, 3);
  gint32 pad[4] = { v->pad_top, v->pad_bottom, v->pad_left, v->pad_right };
  if (pad[0] || pad[1] || pad[2] || pad[3]) {
    g_string_append (w->out, ", pad: ");
    w_pad (w, pad);
  }
  g_string_append (w->out, ", mpe_mode: ");
  if (!w_enum (w, vs_schedule_mpe_names, v->mpe_mode, "mpe_mode"))
    return FALSE;
  if (v->tile >= 0)
    g_string_append_printf (w->out, ", tile: %d", v->tile);
  if (v->has_in) {
    g_string_append (w->out, ", in_start: ");
    w_int32_list (w, v->in_start, 3);
    g_string_append (w->out, ", in_end: ");
    w_int32_list (w, v->in_end, 3);
  }
  if (v->cost.source != VS_COST_SOURCE_NONE) {
    g_string_append (w->out, ", cost: ");
    if (!w_cost (w, &v->cost))
      return FALSE;
  }
  g_string_append (w->out, "}\n");
  return TRUE;
}

static gboolean
w_dpu (Writer *w, const VsDpuSpec *d)
{
  g_string_append (w->out, "    dpu:\n      op: ");
  if (!w_enum (w, vs_schedule_op_names, d->op, "DPU operation"))
    return FALSE;
  g_string_append_c (w->out, '\n');
  if (d->kernel_w != 1 || d->kernel_h != 1)
    g_string_append_printf (w->out, "      kernel: [%d, %d]\n", d->kernel_w, d->kernel_h);
  if (d->stride_w != 1 || d->stride_h != 1)
    g_string_append_printf (w->out, "      strides: [%d, %d]\n", d->stride_w, d->stride_h);
  gint32 pad[4] = { d->pad_top, d->pad_bottom, d->pad_left, d->pad_right };
  if (pad[0] || pad[1] || pad[2] || pad[3]) {
    g_string_append (w->out, "      pad: ");
    w_pad (w, pad);
    g_string_append_c (w->out, '\n');
  }
  struct { const char *key; VsTensorRef ref; } tensors[] = {
    { "input", d->input }, { "weights", d->weights }, { "output", d->output },
  };
  for (guint i = 0; i < G_N_ELEMENTS (tensors); i++) {
    if (tensors[i].ref < 0)
      continue;
    g_string_append_printf (w->out, "      %s: ", tensors[i].key);
    if (!w_tensor_ref (w, tensors[i].ref))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (d->activation != VS_ACT_NONE) {
    g_string_append (w->out, "      activation: ");
    if (!w_enum (w, vs_schedule_activation_names, d->activation, "activation"))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (d->act_sparsity != 0) {
    g_string_append (w->out, "      act_sparsity: ");
    if (!w_float (w, d->act_sparsity))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (d->weight_sparsity != 0) {
    g_string_append (w->out, "      weight_sparsity: ");
    if (!w_float (w, d->weight_sparsity))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (d->weight_sparsity_enabled)
    g_string_append (w->out, "      weight_sparsity_enabled: true\n");
  if (d->isi_strategy != VS_ISI_CLUSTERING) {
    g_string_append (w->out, "      isi_strategy: ");
    if (!w_enum (w, vs_schedule_isi_names, d->isi_strategy, "isi_strategy"))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (d->output_write_tiles != 1)
    g_string_append_printf (w->out, "      output_write_tiles: %d\n", d->output_write_tiles);
  if (d->n_variants > 0) {
    if ((guint64) d->first_variant + d->n_variants > w->s->variants->len)
      return wfail (w, "variant list out of range");
    g_string_append (w->out, "      variants:\n");
    for (guint v = 0; v < d->n_variants; v++)
      if (!w_variant (w, vs_schedule_variant (w->s, d->first_variant + v)))
        return FALSE;
  }
  return TRUE;
}

static gboolean
w_dma (Writer *w, const VsDmaSpec *d)
{
  if (d->op == NULL && d->src < 0 && d->dst < 0 && d->bytes == 0 && !d->out_of_order &&
      d->planes.count == 0)
    return TRUE;
  gboolean first = TRUE;
  g_string_append (w->out, "    dma: {");
  if (d->op != NULL) {
    w_key (w, &first, "op");
    if (!w_str (w, d->op))
      return FALSE;
  }
  if (d->src >= 0) {
    w_key (w, &first, "src");
    if (!w_tensor_ref (w, d->src))
      return FALSE;
  }
  if (d->dst >= 0) {
    w_key (w, &first, "dst");
    if (!w_tensor_ref (w, d->dst))
      return FALSE;
  }
  if (d->bytes != 0) {
    w_key (w, &first, "bytes");
    g_string_append_printf (w->out, "%" G_GINT64_FORMAT, d->bytes);
  }
  if (d->out_of_order) {
    w_key (w, &first, "out_of_order");
    g_string_append (w->out, "true");
  }
  const VsDmaPlanes *p = &d->planes;
  if (p->count > 0) {
    w_key (w, &first, "descriptor");
    g_string_append_printf (w->out, "{planes: %d, len: %d, src_width: %d, dst_width: %d, "
                            "src_stride: %d, dst_stride: %d, src_plane_stride: %d, "
                            "dst_plane_stride: %d}", p->count, p->len, p->src_width, p->dst_width,
                            p->src_stride, p->dst_stride, p->src_plane_stride, p->dst_plane_stride);
  }
  g_string_append (w->out, "}\n");
  return TRUE;
}

static gboolean
w_tensor_list (Writer *w, const char *key, const VsTensorRef *refs, guint n)
{
  if (n > VS_SHAVE_MAX_ARGS)
    return wfail (w, "more than %d SHAVE %s", VS_SHAVE_MAX_ARGS, key);
  g_string_append_printf (w->out, ", %s: [", key);
  for (guint i = 0; i < n; i++) {
    if (i > 0)
      g_string_append (w->out, ", ");
    if (refs[i] < 0)
      g_string_append (w->out, "null");
    else if (!w_tensor_ref (w, refs[i]))
      return FALSE;
  }
  g_string_append_c (w->out, ']');
  return TRUE;
}

static gboolean
w_shave (Writer *w, const VsShaveSpec *sh)
{
  if (sh->kernel == NULL)
    return sh->runs == 1 && sh->n_inputs == 0 && sh->n_outputs == 0
             ? TRUE : wfail (w, "a SHAVE task with tensors or runs but no kernel");
  g_string_append (w->out, "    shave: {kernel: ");
  if (!w_str (w, sh->kernel))
    return FALSE;
  if (sh->runs != 1)
    g_string_append_printf (w->out, ", runs: %d", sh->runs);
  if (sh->n_inputs > 0 && !w_tensor_list (w, "inputs", sh->inputs, sh->n_inputs))
    return FALSE;
  if (sh->n_outputs > 0 && !w_tensor_list (w, "outputs", sh->outputs, sh->n_outputs))
    return FALSE;
  g_string_append (w->out, "}\n");
  return TRUE;
}

static gboolean
w_task (Writer *w, const VsTask *t)
{
  const VsSchedule *s = w->s;
  if (t->queue < 0 || (guint) t->queue >= s->queues->len)
    return wfail (w, "task '%s' has no queue", t->id);
  g_string_append (w->out, "  - id: ");
  if (!w_str (w, t->id))
    return FALSE;
  g_string_append (w->out, "\n    queue: ");
  if (!w_str (w, vs_schedule_queue (s, t->queue)->id))
    return FALSE;
  g_string_append (w->out, "\n    kind: ");
  if (!w_enum (w, vs_schedule_kind_names, t->kind, "task kind"))
    return FALSE;
  g_string_append_c (w->out, '\n');
  if (t->name != NULL) {
    g_string_append (w->out, "    name: ");
    if (!w_str (w, t->name))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (t->layer != NULL) {
    g_string_append (w->out, "    layer: ");
    if (!w_str (w, t->layer))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (!w_ref_list (w, "waits", t->first_wait, t->n_waits, FALSE) ||
      !w_ref_list (w, "updates", t->first_update, t->n_updates, FALSE) ||
      !w_ref_list (w, "after", t->first_after, t->n_after, TRUE) ||
      !w_ref_list (w, "enqueue", t->first_enqueue, t->n_enqueue, FALSE))
    return FALSE;
  if (t->cost.source != VS_COST_SOURCE_NONE) {
    g_string_append (w->out, "    cost: ");
    if (!w_cost (w, &t->cost))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  switch (t->kind) {
  case VS_TASK_DMA: return w_dma (w, &t->spec.dma);
  case VS_TASK_DPU: return w_dpu (w, &t->spec.dpu);
  case VS_TASK_SHAVE: return w_shave (w, &t->spec.shave);
  default: return TRUE;
  }
}

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
write_all (Writer *w)
{
  const VsSchedule *s = w->s;
  if (!check_ids (w, "queue", s->queues, sizeof (VsQueue), FALSE) ||
      !check_ids (w, "buffer", s->buffers, sizeof (VsTensor), TRUE) ||
      !check_ids (w, "barrier", s->barriers, sizeof (VsBarrier), FALSE) ||
      !check_ids (w, "task", s->tasks, sizeof (VsTask), FALSE))
    return FALSE;

  g_string_append (w->out, "format: vpusim-schedule\nversion: 1\n");
  if (g_hash_table_size (s->source) > 0) {
    /* Sorted: hash order must not reach the output. */
    guint n;
    g_autofree gpointer *keys = g_hash_table_get_keys_as_array (s->source, &n);
    qsort (keys, n, sizeof (gpointer), cmp_str);
    g_string_append (w->out, "source:\n");
    for (guint i = 0; i < n; i++) {
      g_string_append (w->out, "  ");
      if (!w_str (w, keys[i]))
        return FALSE;
      g_string_append (w->out, ": ");
      if (!w_str (w, g_hash_table_lookup (s->source, keys[i])))
        return FALSE;
      g_string_append_c (w->out, '\n');
    }
  }
  if (!w_device (w))
    return FALSE;

  g_string_append (w->out, s->queues->len ? "queues:\n" : "queues: []\n");
  for (guint i = 0; i < s->queues->len; i++)
    if (!w_queue (w, vs_schedule_queue (s, i)))
      return FALSE;

  gboolean any_named = FALSE;
  for (guint i = 0; i < s->buffers->len && !any_named; i++)
    any_named = vs_schedule_buffer (s, i)->id != NULL;
  if (any_named) {
    g_string_append (w->out, "buffers:\n");
    for (guint i = 0; i < s->buffers->len; i++) {
      const VsTensor *t = vs_schedule_buffer (s, i);
      if (t->id == NULL)
        continue;
      g_string_append (w->out, "  - {");
      if (!w_tensor_body (w, t, TRUE))
        return FALSE;
      g_string_append (w->out, "}\n");
    }
  }

  if (s->barriers->len > 0) {
    g_string_append (w->out, "barriers:\n");
    for (guint i = 0; i < s->barriers->len; i++)
      if (!w_barrier (w, vs_schedule_barrier (s, i)))
        return FALSE;
  }

  g_string_append (w->out, s->tasks->len ? "tasks:\n" : "tasks: []\n");
  for (guint i = 0; i < s->tasks->len; i++)
    if (!w_task (w, vs_schedule_task (s, i)))
      return FALSE;
  return TRUE;
}

gboolean
vs_schedule_write (const VsSchedule *schedule, GString *out, GError **error)
{
  g_return_val_if_fail (schedule != NULL && out != NULL, FALSE);
  Writer w = { schedule, g_string_new (NULL), NULL };
  gboolean ok = write_all (&w);
  if (ok)
    g_string_append_len (out, w.out->str, w.out->len);
  else
    g_propagate_error (error, w.error);
  g_string_free (w.out, TRUE);
  return ok;
}

gboolean
vs_schedule_write_file (const VsSchedule *schedule, const char *path, GError **error)
{
  g_return_val_if_fail (schedule != NULL && path != NULL, FALSE);
  g_autoptr (GString) out = g_string_new (NULL);
  if (!vs_schedule_write (schedule, out, error))
    return FALSE;
  GError *inner = NULL;
  /* g_file_set_contents writes a temporary file beside `path` and renames it. */
  if (!g_file_set_contents_full (path, out->str, (gssize) out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, &inner)) {
    g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_IO, "%s", inner->message);
    g_error_free (inner);
    return FALSE;
  }
  return TRUE;
}

