/* SPDX-License-Identifier: Apache-2.0 */
/* schedule_yaml_read.c — reads the `vpusim-schedule` YAML format: the key
 * tables of its mappings and the parsers of its items.  References are
 * recorded by name and resolved once the whole file is read
 * (schedule_yaml_check.c). */
#include "config.h"

#include "sim/schedule/schedule_yaml_reader.h"

#include "hw/input_file.h"

#include <stddef.h>
#include <string.h>

/* A DMA channel by name (DDR, CMX) or a SHAVE list index. */
static gboolean
p_channel (Reader *r, void *target, const KeyDef *k)
{
  int v;
  if (r->y.event.type == YAML_SCALAR_EVENT && vs_name_table_lookup (vs_schedule_channel_names, sy_scalar (r), &v)) {
    *FIELD (target, k, gint32) = v;
    return TRUE;
  }
  if (r->y.event.type == YAML_SCALAR_EVENT &&
      !g_ascii_string_to_signed (sy_scalar (r), 10, G_MININT64, G_MAXINT64, NULL, NULL))
    return sy_fail (r, EV_MARK (r), "'%s' must be DDR, CMX or a list index, not '%s'", k->key,
                 sy_scalar (r));
  return sy_int32 (r, target, k);
}

/* --- tensors --- */

typedef struct {
  VsTensor t;
  gint32 n_strides;
  const char *buffer;           /* `buffer: id` of a reference */
  Mark buffer_mark;
  Mark shape_mark;
  Mark strides_mark;
} TensorParse;

static gboolean
p_tiles (Reader *r, void *target, const KeyDef *k)
{
  gint64 values[64];
  IntList l = { values, 64, 0 };
  if (!sy_parse_list (r, k, sy_int_item, &l))
    return FALSE;
  guint64 mask = 0;
  for (guint i = 0; i < l.n; i++)
    mask |= G_GUINT64_CONSTANT (1) << values[i];
  *FIELD (target, k, guint64) = mask;
  return TRUE;
}

static gboolean
p_shape (Reader *r, void *target, const KeyDef *k)
{
  TensorParse *tp = target;
  gint64 values[VS_MAX_RANK];
  IntList l = { values, VS_MAX_RANK, 0 };
  Mark m = EV_MARK (r);
  tp->shape_mark = m;
  if (!sy_parse_list (r, k, sy_int_item, &l))
    return FALSE;
  if (l.n == 0)
    return sy_fail (r, m, "'%s' must have at least one dimension", k->key);
  tp->t.rank = (gint32) l.n;
  memcpy (tp->t.shape, values, l.n * sizeof (gint64));
  return TRUE;
}

static gboolean
p_strides (Reader *r, void *target, const KeyDef *k)
{
  TensorParse *tp = target;
  gint64 values[VS_MAX_RANK];
  IntList l = { values, VS_MAX_RANK, 0 };
  tp->strides_mark = EV_MARK (r);
  if (!sy_parse_list (r, k, sy_int_item, &l))
    return FALSE;
  tp->n_strides = (gint32) l.n;
  tp->t.has_strides = TRUE;
  memcpy (tp->t.strides, values, l.n * sizeof (gint64));
  return TRUE;
}

static gboolean
p_buffer_name (Reader *r, void *target, const KeyDef *k)
{
  TensorParse *tp = target;
  if (!sy_expect_scalar (r, k, "a buffer id"))
    return FALSE;
  if (sy_is_null (r) || *sy_scalar (r) == '\0')
    return sy_fail (r, EV_MARK (r), "'%s' must not be empty", k->key);
  tp->buffer = vs_schedule_intern (r->s, sy_scalar (r));
  tp->buffer_mark = EV_MARK (r);
  return TRUE;
}

#define TENSOR_KEYS                                                                         \
  { "name", sy_string, offsetof (TensorParse, t.name), 0, 0, NULL, FALSE },                  \
  { "memory", sy_enum, offsetof (TensorParse, t.memory), 0, 0, vs_schedule_memory_names, TRUE },         \
  { "tiles", p_tiles, offsetof (TensorParse, t.tile_mask), 0, 63, NULL, FALSE },            \
  { "offset", sy_int64, offsetof (TensorParse, t.offset), -1, (double) G_MAXINT64, NULL,     \
    FALSE },                                                                                \
  { "shape", p_shape, 0, 1, 1099511627776.0, NULL, TRUE },                                  \
  { "strides", p_strides, 0, 0, 1099511627776.0, NULL, FALSE },                             \
  { "dtype", sy_enum, offsetof (TensorParse, t.dtype), 0, 0, vs_schedule_dtype_names, TRUE },            \
  { "layout", sy_enum, offsetof (TensorParse, t.layout), 0, 0, vs_schedule_layout_names, FALSE },        \
  { "sparse", sy_bool, offsetof (TensorParse, t.sparse), 0, 0, NULL, FALSE },                \
  { "swizzling", sy_enum, offsetof (TensorParse, t.swizzling), 0, 0, vs_schedule_swizzling_names, FALSE }

static const KeyDef buffer_keys[] = {
  { "id", sy_id, offsetof (TensorParse, t.id), 0, 0, NULL, TRUE },
  TENSOR_KEYS,
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef buffer_map = { "a buffer", buffer_keys };

static const KeyDef tensor_ref_keys[] = {
  { "buffer", p_buffer_name, offsetof (TensorParse, buffer), 0, 0, NULL, FALSE },
  TENSOR_KEYS,
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
/* Required keys only apply to inline tensors; checked by hand. */
static const MapDef tensor_ref_map = { "a tensor", tensor_ref_keys };

static void
tensor_parse_init (TensorParse *tp)
{
  memset (tp, 0, sizeof *tp);
  tp->t.offset = -1;
  tp->t.layout = VS_LAYOUT_ZMAJOR;
}

static gboolean
tensor_finish (Reader *r, TensorParse *tp)
{
  if (tp->t.has_strides && tp->n_strides != tp->t.rank)
    return sy_fail (r, tp->strides_mark, "'strides' has %d entries but 'shape' has %d",
                 tp->n_strides, tp->t.rank);
  gint64 bytes;
  if (!vs_tensor_bytes_checked (&tp->t, &bytes))
    return sy_fail (r, tp->t.has_strides ? tp->strides_mark : tp->shape_mark,
                    "%s: the tensor would span more than the %" G_GINT64_FORMAT " bytes (1 TiB) a "
                    "tensor may have", tp->t.has_strides ? "strides" : "shape", VS_MAX_TENSOR_BYTES);
  return TRUE;
}

static gboolean
append_buffer (Reader *r, const VsTensor *t, Mark m, gint32 *index_out)
{
  if (r->s->buffers->len >= VS_SCHEDULE_MAX_BUFFERS)
    return sy_fail (r, m, "more than %u buffers", VS_SCHEDULE_MAX_BUFFERS);
  *index_out = (gint32) r->s->buffers->len;
  g_array_append_vals (r->s->buffers, t, 1);
  g_array_append_val (r->buffer_marks, m);
  return TRUE;
}

/* `marks` holds one element per definition, each starting with its Mark. */
static gboolean
define_id (Reader *r, RefKind kind, const char *id, guint index, Mark m, GArray *marks)
{
  gpointer prev = g_hash_table_lookup (r->ids[kind], id);
  if (prev != NULL) {
    guint size = g_array_get_element_size (marks);
    const Mark *first = (const Mark *) (void *) (marks->data + (GPOINTER_TO_UINT (prev) - 1) * size);
    return sy_invalid (r, m, "duplicate %s id '%s' (first defined at line %d)",
                    sy_ref_kind_name (kind), id, first->line);
  }
  g_hash_table_insert (r->ids[kind], (gpointer) id, GUINT_TO_POINTER (index + 1));
  return TRUE;
}

static void
add_pending (Reader *r, RefKind kind, gboolean in_refs, guint index, guint offset,
             const char *field, const char *name, Mark m)
{
  PendingRef p = { kind, in_refs, index, offset, r->task_index, field, name, m };
  g_array_append_val (r->pending, p);
}

/* A tensor reference in a task: buffer id, {buffer: id}, or an inline tensor. */
gboolean
sy_tensor_ref (Reader *r, void *target, const KeyDef *k)
{
  VsTensorRef *dest = FIELD (target, k, VsTensorRef);
  guint offset = (guint) ((char *) dest - (char *) r->task);
  if (r->y.event.type == YAML_SCALAR_EVENT) {
    if (sy_is_null (r))
      return TRUE;
    add_pending (r, REF_BUFFER, FALSE, r->task_index, offset, k->key,
                 vs_schedule_intern (r->s, sy_scalar (r)), EV_MARK (r));
    return TRUE;
  }
  TensorParse tp;
  tensor_parse_init (&tp);
  guint64 seen;
  Mark start;
  if (!sy_parse_mapping_seen (r, &tensor_ref_map, &tp, &seen, &start))
    return FALSE;
  if (tp.buffer != NULL) {
    if (seen != 1)
      return sy_fail (r, start, "'%s' names a buffer and also gives tensor keys; use one or the other",
                   k->key);
    add_pending (r, REF_BUFFER, FALSE, r->task_index, offset, k->key, tp.buffer, tp.buffer_mark);
    return TRUE;
  }
  if (!sy_check_required (r, &tensor_ref_map, seen, start) || !tensor_finish (r, &tp))
    return FALSE;
  return append_buffer (r, &tp.t, start, dest);
}

typedef struct {
  VsTensorRef *refs;
  guint *count;
} TensorList;

static gboolean
tensor_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  TensorList *l = target;
  if (i >= VS_SHAVE_MAX_ARGS)
    return sy_fail (r, EV_MARK (r), "'%s' has more than %d tensors", k->key, VS_SHAVE_MAX_ARGS);
  KeyDef item = *k;
  item.offset = 0;
  l->refs[i] = -1;
  *l->count = i + 1;
  return sy_tensor_ref (r, &l->refs[i], &item);
}

static gboolean
p_shave_inputs (Reader *r, void *target, const KeyDef *k)
{
  VsShaveSpec *sh = target;
  TensorList l = { sh->inputs, &sh->n_inputs };
  return sy_parse_list (r, k, tensor_item, &l);
}

static gboolean
p_shave_outputs (Reader *r, void *target, const KeyDef *k)
{
  VsShaveSpec *sh = target;
  TensorList l = { sh->outputs, &sh->n_outputs };
  return sy_parse_list (r, k, tensor_item, &l);
}

/* --- references by id --- */

static gboolean
ref_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  RefKind kind = (RefKind) GPOINTER_TO_INT (k->aux);
  if (i >= VS_SCHEDULE_MAX_LIST)
    return sy_fail (r, EV_MARK (r), "'%s' has more than %u entries", k->key, VS_SCHEDULE_MAX_LIST);
  if (r->y.event.type != YAML_SCALAR_EVENT || sy_is_null (r))
    return sy_fail (r, EV_MARK (r), "'%s' must list %s ids, found %s", k->key,
                 sy_ref_kind_name (kind), sy_is_null (r) ? "an empty entry" : vs_yaml_event_kind (&r->y.event));
  if (r->s->refs->len >= G_MAXINT32)
    return sy_fail (r, EV_MARK (r), "too many references");
  gint32 placeholder = -1;
  add_pending (r, kind, TRUE, r->s->refs->len, 0, k->key, vs_schedule_intern (r->s, sy_scalar (r)),
               EV_MARK (r));
  g_array_append_val (r->s->refs, placeholder);
  (void) target;
  return TRUE;
}

/* `waits`, `updates`, `after`: a (first, n) pair of guints at k->offset. */
static gboolean
p_refs (Reader *r, void *target, const KeyDef *k)
{
  guint *range = FIELD (target, k, guint);
  range[0] = r->s->refs->len;
  if (!sy_parse_list (r, k, ref_item, NULL))
    return FALSE;
  range[1] = r->s->refs->len - range[0];
  if (range[1] == 0)
    range[0] = 0;
  return TRUE;
}

static gboolean
p_queue_ref (Reader *r, void *target, const KeyDef *k)
{
  if (!sy_expect_scalar (r, k, "a queue id"))
    return FALSE;
  if (sy_is_null (r))
    return sy_fail (r, EV_MARK (r), "'%s' must not be empty", k->key);
  add_pending (r, REF_QUEUE, FALSE, r->task_index, (guint) offsetof (VsTask, queue), k->key,
               vs_schedule_intern (r->s, sy_scalar (r)), EV_MARK (r));
  (void) target;
  return TRUE;
}

/* --- cost --- */

typedef struct {
  double cycles, ns;
  int source;
} CostParse;

static const KeyDef cost_keys[] = {
  { "cycles", sy_double, offsetof (CostParse, cycles), 0, 1e18, NULL, FALSE },
  { "ns", sy_double, offsetof (CostParse, ns), 0, 1e15, NULL, FALSE },
  { "source", sy_enum, offsetof (CostParse, source), 0, 0, vs_schedule_cost_source_names, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef cost_map = { "a cost", cost_keys };

gboolean
sy_cost (Reader *r, void *target, const KeyDef *k)
{
  CostParse c = { 0, 0, VS_COST_SOURCE_MANUAL };
  guint64 seen;
  Mark start;
  if (!sy_parse_mapping_seen (r, &cost_map, &c, &seen, &start))
    return FALSE;
  if ((seen & 3) == 0 || (seen & 3) == 3)
    return sy_fail (r, start, "'%s' needs exactly one of 'cycles' and 'ns'", k->key);
  VsGivenCost *cost = FIELD (target, k, VsGivenCost);
  cost->source = (VsCostSource) c.source;
  cost->in_ns = (seen & 2) != 0;
  cost->value = cost->in_ns ? c.ns : c.cycles;
  return TRUE;
}

/* --- DMA descriptors --- */

#define PLANES_KEY(name, field, min, required)                                                  \
  { name, sy_int32, offsetof (VsDmaPlanes, field), min, G_MAXINT32, NULL, required }
static const KeyDef planes_keys[] = {
  PLANES_KEY ("planes", count, 1, TRUE),
  PLANES_KEY ("len", len, 1, TRUE),
  PLANES_KEY ("src_width", src_width, 1, TRUE),
  PLANES_KEY ("dst_width", dst_width, 1, TRUE),
  PLANES_KEY ("src_stride", src_stride, 0, FALSE),
  PLANES_KEY ("dst_stride", dst_stride, 0, FALSE),
  PLANES_KEY ("src_plane_stride", src_plane_stride, 0, FALSE),
  PLANES_KEY ("dst_plane_stride", dst_plane_stride, 0, FALSE),
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
#undef PLANES_KEY
static const MapDef planes_map = { "a DMA descriptor", planes_keys };

/* The runs must tile each plane, as the DMA engine walks them. */
static gboolean
p_planes (Reader *r, void *target, const KeyDef *k)
{
  VsDmaPlanes p = { 0 };
  Mark start;
  if (!sy_parse_mapping (r, &planes_map, &p, &start))
    return FALSE;
  if (p.src_width > p.len || p.dst_width > p.len || p.len % p.src_width != 0 ||
      p.len % p.dst_width != 0)
    return sy_fail (r, start, "'%s': len (%d) must be a multiple of src_width (%d) and of "
                    "dst_width (%d)", k->key, p.len, p.src_width, p.dst_width);
  if ((gint64) p.count * p.len > VS_MAX_TENSOR_BYTES)
    return sy_fail (r, start, "'%s': %d planes of %d bytes is more than a DMA can move", k->key,
                    p.count, p.len);
  *FIELD (target, k, VsDmaPlanes) = p;
  return TRUE;
}

/* --- kind blocks --- */

static const KeyDef dma_keys[] = {
  { "op", sy_string, offsetof (VsDmaSpec, op), 0, 0, NULL, FALSE },
  { "src", sy_tensor_ref, offsetof (VsDmaSpec, src), 0, 0, NULL, FALSE },
  { "dst", sy_tensor_ref, offsetof (VsDmaSpec, dst), 0, 0, NULL, FALSE },
  { "bytes", sy_int64, offsetof (VsDmaSpec, bytes), 0, (double) VS_MAX_TENSOR_BYTES, NULL, FALSE },
  { "out_of_order", sy_bool, offsetof (VsDmaSpec, out_of_order), 0, 0, NULL, FALSE },
  { "descriptor", p_planes, offsetof (VsDmaSpec, planes), 0, 0, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef dma_map = { "a dma block", dma_keys };

static const KeyDef shave_keys[] = {
  { "kernel", sy_string, offsetof (VsShaveSpec, kernel), 0, 0, NULL, TRUE },
  { "runs", sy_int32, offsetof (VsShaveSpec, runs), 1, 1 << 20, NULL, FALSE },
  { "inputs", p_shave_inputs, 0, 0, 0, NULL, FALSE },
  { "outputs", p_shave_outputs, 0, 0, 0, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef shave_map = { "a shave block", shave_keys };

static void
spec_defaults (VsTask *t, VsTaskKind kind)
{
  memset (&t->spec, 0, sizeof t->spec);
  switch (kind) {
  case VS_TASK_DMA:
    t->spec.dma.src = t->spec.dma.dst = -1;
    break;
  case VS_TASK_DPU:
    t->spec.dpu.kernel_w = t->spec.dpu.kernel_h = 1;
    t->spec.dpu.stride_w = t->spec.dpu.stride_h = 1;
    t->spec.dpu.input = t->spec.dpu.weights = t->spec.dpu.output = -1;
    t->spec.dpu.output_write_tiles = 1;
    break;
  case VS_TASK_SHAVE:
    t->spec.shave.runs = 1;
    for (int i = 0; i < VS_SHAVE_MAX_ARGS; i++)
      t->spec.shave.inputs[i] = t->spec.shave.outputs[i] = -1;
    break;
  default:
    break;
  }
}

/* `dma:`, `dpu:`, `shave:`; aux is the block's MapDef, min its task kind. */
static gboolean
p_block (Reader *r, void *target, const KeyDef *k)
{
  VsTask *t = target;
  if (r->block != NULL)
    return sy_fail (r, EV_MARK (r), "a task has one of 'dma', 'dpu', 'shave', not both '%s' and '%s'",
                 r->block, k->key);
  r->block = k->key;
  r->block_mark = EV_MARK (r);
  spec_defaults (t, (VsTaskKind) k->min);
  return sy_parse_mapping (r, k->aux, &t->spec, NULL);
}

static gboolean
p_kind (Reader *r, void *target, const KeyDef *k)
{
  r->kind_mark = EV_MARK (r);
  return sy_enum (r, target, k);
}

/* --- top-level items --- */

static const KeyDef queue_keys[] = {
  { "id", sy_id, offsetof (VsQueue, id), 0, 0, NULL, TRUE },
  { "engine", sy_enum, offsetof (VsQueue, engine), 0, 0, vs_schedule_engine_names, TRUE },
  { "tile", sy_int32, offsetof (VsQueue, tile), 0, 63, NULL, FALSE },
  { "port", sy_int32, offsetof (VsQueue, port), 0, 63, NULL, FALSE },
  { "channel", p_channel, offsetof (VsQueue, channel), 0, 63, NULL, FALSE },
  { "servers", sy_int32, offsetof (VsQueue, servers), 1, 64, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef queue_map = { "a queue", queue_keys };

static gboolean
queue_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  VsQueue q;
  memset (&q, 0, sizeof q);
  q.tile = q.port = q.channel = -1;
  q.servers = 0;                /* default filled in once the device is known */
  Mark start;
  if (r->s->queues->len >= VS_SCHEDULE_MAX_QUEUES)
    return sy_fail (r, EV_MARK (r), "more than %u queues", VS_SCHEDULE_MAX_QUEUES);
  if (!sy_parse_mapping (r, &queue_map, &q, &start) ||
      !define_id (r, REF_QUEUE, q.id, r->s->queues->len, r->id_mark, r->queue_marks))
    return FALSE;
  g_array_append_val (r->s->queues, q);
  g_array_append_val (r->queue_marks, start);
  (void) target;
  (void) k;
  (void) i;
  return TRUE;
}

static gboolean
buffer_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  TensorParse tp;
  tensor_parse_init (&tp);
  Mark start;
  gint32 index;
  if (!sy_parse_mapping (r, &buffer_map, &tp, &start) || !tensor_finish (r, &tp) ||
      !define_id (r, REF_BUFFER, tp.t.id, r->s->buffers->len, r->id_mark, r->buffer_marks))
    return FALSE;
  (void) target;
  (void) k;
  (void) i;
  return append_buffer (r, &tp.t, start, &index);
}

static const KeyDef barrier_keys[] = {
  { "id", sy_id, offsetof (VsBarrier, id), 0, 0, NULL, TRUE },
  { "pid", sy_int32, offsetof (VsBarrier, pid), 0, 65535, NULL, FALSE },
  { "start", sy_bool, offsetof (VsBarrier, is_start), 0, 0, NULL, FALSE },
  { "final", sy_bool, offsetof (VsBarrier, is_final), 0, 0, NULL, FALSE },
  { "producers", sy_int32, offsetof (VsBarrier, declared_producers), 0, G_MAXINT32, NULL, FALSE },
  { "consumers", sy_int32, offsetof (VsBarrier, declared_consumers), 0, G_MAXINT32, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef barrier_map = { "a barrier", barrier_keys };

static gboolean
barrier_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  VsBarrier b;
  memset (&b, 0, sizeof b);
  b.pid = b.declared_producers = b.declared_consumers = -1;
  Mark start;
  if (r->s->barriers->len >= VS_SCHEDULE_MAX_BARRIERS)
    return sy_fail (r, EV_MARK (r), "more than %u barriers", VS_SCHEDULE_MAX_BARRIERS);
  if (!sy_parse_mapping (r, &barrier_map, &b, &start) ||
      !define_id (r, REF_BARRIER, b.id, r->s->barriers->len, r->id_mark, r->barrier_marks))
    return FALSE;
  g_array_append_val (r->s->barriers, b);
  g_array_append_val (r->barrier_marks, start);
  (void) target;
  (void) k;
  (void) i;
  return TRUE;
}

static const KeyDef task_keys[] = {
  { "id", sy_id, offsetof (VsTask, id), 0, 0, NULL, TRUE },
  { "queue", p_queue_ref, 0, 0, 0, NULL, TRUE },
  { "kind", p_kind, offsetof (VsTask, kind), 0, 0, vs_schedule_kind_names, TRUE },
  { "name", sy_string, offsetof (VsTask, name), 0, 0, NULL, FALSE },
  { "layer", sy_string, offsetof (VsTask, layer), 0, 0, NULL, FALSE },
  { "waits", p_refs, offsetof (VsTask, first_wait), 0, 0, GINT_TO_POINTER (REF_BARRIER), FALSE },
  { "updates", p_refs, offsetof (VsTask, first_update), 0, 0, GINT_TO_POINTER (REF_BARRIER),
    FALSE },
  { "after", p_refs, offsetof (VsTask, first_after), 0, 0, GINT_TO_POINTER (REF_TASK), FALSE },
  { "enqueue", p_refs, offsetof (VsTask, first_enqueue), 0, 0, GINT_TO_POINTER (REF_BARRIER),
    FALSE },
  { "cost", sy_cost, offsetof (VsTask, cost), 0, 0, NULL, FALSE },
  { "dma", p_block, 0, VS_TASK_DMA, 0, &dma_map, FALSE },
  { "dpu", p_block, 0, VS_TASK_DPU, 0, &sy_dpu_map, FALSE },
  { "shave", p_block, 0, VS_TASK_SHAVE, 0, &shave_map, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef task_map = { "a task", task_keys };

static const char *
block_for_kind (VsTaskKind kind)
{
  switch (kind) {
  case VS_TASK_DMA: return "dma";
  case VS_TASK_DPU: return "dpu";
  case VS_TASK_SHAVE: return "shave";
  default: return NULL;
  }
}

static gboolean
task_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  VsTask t;
  memset (&t, 0, sizeof t);
  t.queue = -1;
  r->task = &t;
  r->task_index = r->s->tasks->len;
  r->block = NULL;
  Mark start = EV_MARK (r);
  if (r->s->tasks->len >= VS_SCHEDULE_MAX_TASKS)
    return sy_fail (r, start, "more than %u tasks", VS_SCHEDULE_MAX_TASKS);
  if (!sy_parse_mapping (r, &task_map, &t, &start))
    return FALSE;
  Mark id_mark = r->id_mark;
  const char *want = block_for_kind (t.kind);
  if (r->block != NULL && (want == NULL || strcmp (want, r->block) != 0))
    return sy_fail (r, r->block_mark, "task '%s': a '%s' block does not fit a %s task", t.id,
                 r->block, vs_name_table_name (vs_schedule_kind_names, t.kind));
  if (r->block == NULL)
    spec_defaults (&t, t.kind);
  t.line = start.line;
  if (!define_id (r, REF_TASK, t.id, r->s->tasks->len, id_mark, r->task_marks))
    return FALSE;
  g_array_append_val (r->s->tasks, t);
  TaskMarks tm = { start, r->kind_mark };
  g_array_append_val (r->task_marks, tm);
  r->task = NULL;
  (void) target;
  (void) k;
  (void) i;
  return TRUE;
}

static gboolean
p_queues (Reader *r, void *target, const KeyDef *k)
{
  return sy_parse_list (r, k, queue_item, target);
}

static gboolean
p_buffers (Reader *r, void *target, const KeyDef *k)
{
  return sy_parse_list (r, k, buffer_item, target);
}

static gboolean
p_barriers (Reader *r, void *target, const KeyDef *k)
{
  return sy_parse_list (r, k, barrier_item, target);
}

static gboolean
p_tasks (Reader *r, void *target, const KeyDef *k)
{
  return sy_parse_list (r, k, task_item, target);
}

static gboolean
p_format (Reader *r, void *target, const KeyDef *k)
{
  if (!sy_expect_scalar (r, k, "a scalar"))
    return FALSE;
  if (strcmp (sy_scalar (r), "vpusim-schedule") != 0)
    return sy_fail (r, EV_MARK (r), "format is '%s', expected 'vpusim-schedule'", sy_scalar (r));
  (void) target;
  return TRUE;
}

static gboolean
p_version (Reader *r, void *target, const KeyDef *k)
{
  if (!sy_expect_scalar (r, k, "a scalar"))
    return FALSE;
  if (strcmp (sy_scalar (r), "1") != 0)
    return sy_fail (r, EV_MARK (r), "unsupported schedule version '%s' (this vpusim reads version 1)",
                 sy_scalar (r));
  (void) target;
  return TRUE;
}

/* A mapping of scalar keys to scalar values, handed to `add`. */
static gboolean
parse_scalar_map (Reader *r, const KeyDef *k, void (*add) (Reader *, const char *, const char *,
                                                          Mark, void *),
                  void *data, Mark *start)
{
  if (r->y.event.type != YAML_MAPPING_START_EVENT)
    return sy_fail (r, EV_MARK (r), "'%s' must be a mapping, not %s", k->key, vs_yaml_event_kind (&r->y.event));
  *start = EV_MARK (r);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (;;) {
    if (!sy_next (r))
      return FALSE;
    if (r->y.event.type == YAML_MAPPING_END_EVENT)
      return TRUE;
    if (r->y.event.type != YAML_SCALAR_EVENT)
      return sy_fail (r, EV_MARK (r), "expected a key in '%s', found %s", k->key,
                   vs_yaml_event_kind (&r->y.event));
    if (g_hash_table_size (seen) >= 10000)
      return sy_fail (r, EV_MARK (r), "'%s' has more than 10000 keys", k->key);
    if (!g_hash_table_add (seen, g_strdup (sy_scalar (r))))
      return sy_fail (r, EV_MARK (r), "duplicate key '%s' in '%s'", sy_scalar (r), k->key);
    char *key = g_strdup (sy_scalar (r));
    if (!sy_next (r)) {
      g_free (key);
      return FALSE;
    }
    if (r->y.event.type != YAML_SCALAR_EVENT) {
      sy_fail (r, EV_MARK (r), "'%s' in '%s' must be a scalar, not %s", key, k->key,
            vs_yaml_event_kind (&r->y.event));
      g_free (key);
      return FALSE;
    }
    add (r, key, sy_scalar (r), EV_MARK (r), data);
    g_free (key);
  }
}

static void
add_source (Reader *r, const char *key, const char *value, Mark m, void *data)
{
  g_hash_table_insert (r->s->source, g_strdup (key), g_strdup (value));
  (void) m;
  (void) data;
}

static void
add_setting (Reader *r, const char *key, const char *value, Mark m, void *data)
{
  GArray *settings = data;
  VsDeviceSetting s = { vs_schedule_intern (r->s, key), vs_schedule_intern (r->s, value), m.line,
                        m.column };
  g_array_append_val (settings, s);
}

static gboolean
p_source (Reader *r, void *target, const KeyDef *k)
{
  Mark start;
  (void) target;
  return parse_scalar_map (r, k, add_source, NULL, &start);
}

static gboolean
p_device (Reader *r, void *target, const KeyDef *k)
{
  (void) target;
  if (r->y.event.type == YAML_SCALAR_EVENT) {
    if (sy_is_null (r))
      return sy_fail (r, EV_MARK (r), "'device' must name a preset or give a mapping");
    r->device_mark = EV_MARK (r);
    add_setting (r, "preset", sy_scalar (r), EV_MARK (r), r->device_settings);
    return TRUE;
  }
  return parse_scalar_map (r, k, add_setting, r->device_settings, &r->device_mark);
}

static gboolean
p_overrides (Reader *r, void *target, const KeyDef *k)
{
  Mark start;
  (void) target;
  return parse_scalar_map (r, k, add_setting, r->overrides, &start);
}

static const KeyDef top_keys[] = {
  { "format", p_format, 0, 0, 0, NULL, TRUE },
  { "version", p_version, 0, 0, 0, NULL, TRUE },
  { "source", p_source, 0, 0, 0, NULL, FALSE },
  { "device", p_device, 0, 0, 0, NULL, TRUE },
  { "overrides", p_overrides, 0, 0, 0, NULL, FALSE },
  { "queues", p_queues, 0, 0, 0, NULL, TRUE },
  { "buffers", p_buffers, 0, 0, 0, NULL, FALSE },
  { "barriers", p_barriers, 0, 0, 0, NULL, FALSE },
  { "tasks", p_tasks, 0, 0, 0, NULL, TRUE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef top_map = { "a vpusim schedule", top_keys };

static gboolean
read_document (Reader *r)
{
  Mark top;
  if (!sy_next (r))
    return FALSE;               /* stream start */
  if (!sy_next (r))
    return FALSE;
  if (r->y.event.type != YAML_DOCUMENT_START_EVENT)
    return sy_fail (r, EV_MARK (r), "empty file (expected a vpusim schedule)");
  if (!sy_next (r) || !sy_parse_mapping (r, &top_map, NULL, &top) || !sy_next (r))
    return FALSE;
  if (r->y.event.type != YAML_DOCUMENT_END_EVENT)
    return sy_fail (r, EV_MARK (r), "expected the end of the schedule");
  if (!sy_next (r))
    return FALSE;
  if (r->y.event.type != YAML_STREAM_END_EVENT)
    return sy_fail (r, EV_MARK (r), "a schedule file holds one YAML document");
  return sy_check_schedule (r);
}

VsSchedule *
vs_schedule_read_from_data (const char *data, gsize length, const char *origin, GError **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  Reader r;
  memset (&r, 0, sizeof r);
  r.origin = origin != NULL ? origin : "<schedule>";
  r.s = vs_schedule_new ();
  r.s->path = g_strdup (r.origin);
  for (int k = 0; k < REF_KIND_COUNT; k++)
    r.ids[k] = g_hash_table_new (g_str_hash, g_str_equal);
  r.queue_marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  r.barrier_marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  r.buffer_marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  r.task_marks = g_array_new (FALSE, FALSE, sizeof (TaskMarks));
  r.pending = g_array_new (FALSE, FALSE, sizeof (PendingRef));
  r.device_settings = g_array_new (FALSE, FALSE, sizeof (VsDeviceSetting));
  r.overrides = g_array_new (FALSE, FALSE, sizeof (VsDeviceSetting));
  vs_yaml_events_init (&r.y, data, length, r.origin, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_PARSE,
                       VS_SCHEDULE_MAX_DEPTH, VS_SCHEDULE_MAX_STRING);

  gboolean ok = read_document (&r);
  if (ok) {
    GError *inner = NULL;
    /* Everything it checks was checked above with positions; this is the
     * schedule module's own guard, kept so both agree. */
    if (!vs_schedule_validate (r.s, &inner)) {
      r.error = inner;
      ok = FALSE;
    }
  }

  vs_yaml_events_clear (&r.y);
  for (int k = 0; k < REF_KIND_COUNT; k++)
    g_hash_table_unref (r.ids[k]);
  g_array_unref (r.queue_marks);
  g_array_unref (r.barrier_marks);
  g_array_unref (r.buffer_marks);
  g_array_unref (r.task_marks);
  g_array_unref (r.pending);
  g_array_unref (r.device_settings);
  g_array_unref (r.overrides);
  if (!ok) {
    g_propagate_error (error, r.error);
    vs_schedule_free (r.s);
    return NULL;
  }
  return r.s;
}

VsSchedule *
vs_schedule_read (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_autofree char *data = NULL;
  gsize length = 0;
  if (!vs_input_file_read_as (path, VS_SCHEDULE_MAX_FILE_BYTES, "a schedule", &data, &length,
                              VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_IO, VS_SCHEDULE_ERROR_IO, error))
    return NULL;
  return vs_schedule_read_from_data (data, length, path, error);
}
