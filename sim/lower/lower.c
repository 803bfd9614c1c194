/* SPDX-License-Identifier: Apache-2.0 */
/* lower.c — emit the schedule of a planned network (see lower.h): CMX
 * allocation, fetches, compute tasks, spills, then barriers from the exact
 * dependency sets. */
#include "sim/lower/lower_internal.h"

#include <string.h>


/* --- layers ---------------------------------------------------------------------------- */

typedef struct {
  gint32 buffer[VS_LOWER_MAX_TILES], alloc[VS_LOWER_MAX_TILES];
  gboolean owned[VS_LOWER_MAX_TILES];
  GArray *deps[VS_LOWER_MAX_TILES];
} Operand;

static void
operand_init (Operand *op, guint n)
{
  for (guint k = 0; k < n; k++) {
    op->buffer[k] = -1;
    op->alloc[k] = -1;
    op->owned[k] = FALSE;
    op->deps[k] = g_array_new (FALSE, FALSE, sizeof (guint));
  }
}

static void
operand_done (VsLowerEmit *e, Operand *op, guint n)
{
  for (guint k = 0; k < n; k++) {
    if (op->owned[k])
      vs_lower_cmx_free (e, op->alloc[k]);
    g_array_unref (op->deps[k]);
  }
}

static void
operand_use (VsLowerEmit *e, const Operand *op, guint k, guint task)
{
  vs_lower_depend (e, task, op->deps[k]);
  vs_lower_cmx_use (e, op->alloc[k], task);
}

static GArray *
producers (VsLowerEmit *e, guint layer)
{
  GArray *p = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint k = 0; k < e->net->edges->len; k++)
    if (vs_network_edge (e->net, k)->to == layer)
      g_array_append_val (p, vs_network_edge (e->net, k)->from);
  return p;
}

/* What tile k's share of the output reads of the input (NCHW axes). */
static VsLowerNeed
input_need (const VsNetLayer *l, const VsLayerPlan *p, guint k)
{
  const VsBox *b = &p->share[k];
  const VsNetTensor *in = &l->inputs[0];
  VsLowerNeed n = { -1, 0, 0 };
  if (p->strategy == VS_STRATEGY_SOH || p->strategy == VS_STRATEGY_SOW) {
    gboolean rows = p->strategy == VS_STRATEGY_SOH;
    int d = rows ? 1 : 0;
    gint64 stride = rows ? l->stride_h : l->stride_w, kernel = rows ? l->kernel_h : l->kernel_w;
    gint64 pad = rows ? l->pad_top : l->pad_left, size = in->shape[rows ? 2 : 3];
    n.axis = rows ? 2 : 3;
    n.lo = MAX ((gint64) b->lo[d] * stride - pad, 0);
    n.hi = MIN ((gint64) b->hi[d] * stride - pad + kernel, size);
    if (n.hi <= n.lo)
      n.hi = MIN (n.lo + 1, size), n.lo = n.hi - 1;
  } else if (p->strategy == VS_STRATEGY_SOK && l->op != VS_OP_CONVOLUTION &&
             l->op != VS_OP_CM_CONVOLUTION) {
    n.axis = 1;
    n.lo = b->lo[2];
    n.hi = b->hi[2] + 1;
  }
  return n;
}

static void
finish_layer (VsLowerEmit *e, guint layer, GArray *prods)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  VsLowerOutput *o = &e->out[layer];
  o->done = TRUE;
  /* Halo copies were read by the layer's tasks. */
  for (guint i = 0; i < e->scratch->len; i++) {
    gint32 a = g_array_index (e->scratch, gint32, i);
    for (guint w = 0; w < o->writers->len; w++)
      vs_lower_cmx_use (e, a, g_array_index (o->writers, guint, w));
    vs_lower_cmx_free (e, a);
  }
  g_array_set_size (e->scratch, 0);
  for (guint k = 0; k < e->net->edges->len; k++)
    o->consumers_left += vs_network_edge (e->net, k)->from == layer;
  if (o->consumers_left == 0 ||
      ((e->opt->mode == VS_LOWER_KEEP || e->opt->keep_placement) &&
       l->outputs[0].placement == VS_PLACE_DDR))
    vs_lower_spill (e, layer, TRUE);
  for (guint i = 0; i < prods->len; i++) {
    VsLowerOutput *p = &e->out[g_array_index (prods, guint, i)];
    if (p->consumers_left > 0 && --p->consumers_left == 0)
      for (guint k = 0; k < e->n_tiles; k++) {
        vs_lower_cmx_free (e, p->tile[k].alloc);
        p->tile[k].alloc = -1;
        p->tile[k].buffer = -1;
      }
  }
}

/* The output's CMX buffers: one on all tiles for clustering and SOK (every
 * tile holds the whole result), else each tile's share. */
static gboolean
alloc_dpu_output (VsLowerEmit *e, guint layer, const GArray *pinned, GArray *war)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsLayerPlan *p = e->plans[layer];
  const VsNetTensor *t = &l->outputs[0];
  VsLowerOutput *o = &e->out[layer];
  gboolean whole = p->strategy != VS_STRATEGY_SOH && p->strategy != VS_STRATEGY_SOW;
  guint64 all = p->n_tiles >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << p->n_tiles) - 1;
  for (guint k = 0; k < p->n_tiles; k++) {
    if (whole && k > 0) {
      o->tile[k] = o->tile[0];
      continue;
    }
    VsLowerHeld h = { -1, -1, -1, 0, 0 };
    gint64 shape[VS_NET_MAX_RANK];
    if (!whole) {
      int d = p->strategy == VS_STRATEGY_SOH ? 1 : 0;
      h.axis = d == 1 ? 2 : 3;
      h.lo = p->share[k].lo[d];
      h.hi = p->share[k].hi[d] + 1;
    }
    vs_lower_slice_shape (t, h.axis, h.lo, h.hi, shape);
    h.alloc = vs_lower_cmx_alloc (e, whole ? all : G_GUINT64_CONSTANT (1) << k, vs_lower_shape_bytes (t, shape),
                         pinned, layer, war);
    if (h.alloc < 0)
      return FALSE;
    g_autofree char *id = g_strdup_printf ("%s.out.t%u", l->id, k);
    h.buffer = vs_lower_add_buffer (e, id, VS_MEMORY_CMX, whole ? all : G_GUINT64_CONSTANT (1) << k,
                           g_array_index (e->allocs, VsLowerAlloc, h.alloc).lo, t, shape);
    o->tile[k] = h;
  }
  return TRUE;
}

static void
add_dpu_task (VsLowerEmit *e, guint layer, guint k, const Operand *in, const Operand *w, const GArray *war)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsLayerPlan *p = e->plans[layer];
  VsLowerOutput *o = &e->out[layer];
  const VsBox *b = &p->share[k];
  g_autofree char *name = g_strdup_printf ("%s/cluster_%u", l->name != NULL ? l->name : l->id, k);
  guint task = vs_lower_add_task (e, VS_TASK_DPU, e->q_dpu[k], name, l->id);
  VsDpuSpec *d = &vs_schedule_task (e->s, task)->spec.dpu;
  d->op = l->op;
  d->kernel_w = l->kernel_w, d->kernel_h = l->kernel_h;
  d->stride_w = l->stride_w, d->stride_h = l->stride_h;
  gint64 oh = l->outputs[0].shape[2], ow = l->outputs[0].shape[3];
  d->pad_top = b->lo[1] == 0 ? l->pad_top : 0;
  d->pad_bottom = b->hi[1] == oh - 1 ? l->pad_bottom : 0;
  d->pad_left = b->lo[0] == 0 ? l->pad_left : 0;
  d->pad_right = b->hi[0] == ow - 1 ? l->pad_right : 0;
  d->input = in->buffer[k];
  d->weights = w != NULL ? w->buffer[k] : -1;
  d->output = o->tile[k].buffer;
  d->activation = l->activation;
  d->act_sparsity = l->act_sparsity;
  d->weight_sparsity = l->weight_sparsity;
  d->weight_sparsity_enabled = l->weight_sparsity_enabled;
  d->isi_strategy = p->strategy == VS_STRATEGY_SOH ? VS_ISI_SPLIT_OVER_H
                  : p->strategy == VS_STRATEGY_SOK ? VS_ISI_SPLIT_OVER_K : VS_ISI_CLUSTERING;
  d->output_write_tiles = p->strategy == VS_STRATEGY_SOK ? (gint32) p->n_tiles : 1;
  d->first_variant = e->s->variants->len;
  for (guint i = 0; i < p->workloads->len; i++) {
    const VsNetWorkload *wl = &g_array_index (p->workloads, VsNetWorkload, i);
    if ((guint) wl->tile != k)
      continue;
    VsDpuVariant v;
    memset (&v, 0, sizeof v);
    memcpy (v.out_start, wl->out_start, sizeof v.out_start);
    memcpy (v.out_end, wl->out_end, sizeof v.out_end);
    v.pad_top = wl->pad_top, v.pad_bottom = wl->pad_bottom;
    v.pad_left = wl->pad_left, v.pad_right = wl->pad_right;
    v.mpe_mode = wl->mpe_mode;
    v.tile = (gint32) k;
    g_array_append_val (e->s->variants, v);
  }
  if (e->s->variants->len == d->first_variant) {
    VsDpuVariant v = { { b->lo[0], b->lo[1], b->lo[2] }, { b->hi[0], b->hi[1], b->hi[2] },
                       d->pad_top, d->pad_bottom, d->pad_left, d->pad_right,
                       VS_EXEC_CUBOID_16x16, (gint32) k, { 0, FALSE, 0 }, FALSE, { 0 }, { 0 } };
    g_array_append_val (e->s->variants, v);
  }
  d->n_variants = e->s->variants->len - d->first_variant;
  operand_use (e, in, k, task);
  if (w != NULL)
    operand_use (e, w, k, task);
  vs_lower_depend (e, task, war);
  vs_lower_cmx_use (e, o->tile[k].alloc, task);
  g_array_append_val (o->writers, task);
}

static gboolean
emit_dpu (VsLowerEmit *e, guint layer)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsLayerPlan *p = e->plans[layer];
  guint n = p->n_tiles;
  g_autoptr(GArray) prods = producers (e, layer);
  VsLowerNeed need[VS_LOWER_MAX_TILES], wneed[VS_LOWER_MAX_TILES];
  for (guint k = 0; k < n; k++) {
    need[k] = input_need (l, p, k);
    wneed[k] = (VsLowerNeed) { -1, 0, 0 };
    if (p->strategy == VS_STRATEGY_SOK)
      wneed[k] = (VsLowerNeed) { 0, p->share[k].lo[2], p->share[k].hi[2] + 1 };
  }
  gboolean eltwise = l->op == VS_OP_ELTWISE || l->op == VS_OP_ELTWISE_MUL;
  Operand in, w;
  operand_init (&in, n);
  operand_init (&w, n);
  gboolean has_w = l->weights.rank > 0;
  gboolean ok = vs_lower_provide (e, layer, vs_lower_producer_of (e, layer, 0, &l->inputs[0]), &l->inputs[0], need,
                         n, prods, "input", in.buffer, in.alloc, in.owned, in.deps);
  if (ok && has_w)
    ok = vs_lower_provide (e, layer, eltwise ? vs_lower_producer_of (e, layer, 1, &l->weights) : -1, &l->weights,
                  eltwise ? need : wneed, n, prods, eltwise ? "input2" : "weights", w.buffer,
                  w.alloc, w.owned, w.deps);
  g_autoptr(GArray) war = g_array_new (FALSE, FALSE, sizeof (guint));
  if (ok)
    ok = alloc_dpu_output (e, layer, prods, war);
  for (guint k = 0; ok && k < n; k++)
    add_dpu_task (e, layer, k, &in, has_w ? &w : NULL, war);
  operand_done (e, &in, n);
  operand_done (e, &w, n);
  if (ok)
    finish_layer (e, layer, prods);
  return ok;
}

/* A part's view of a tile's buffer: its slice, inline, `skip` bytes in
 * (the parts before it on the tile); the buffer itself for a whole tensor. */
static gint32
part_view (VsLowerEmit *e, gint32 buffer, const VsNetTensor *t, const gint64 *shape, gboolean sliced,
           gint64 skip)
{
  if (!sliced)
    return buffer;
  const VsTensor *b = vs_schedule_buffer (e->s, buffer);
  VsTensor v = *b;
  v.offset = b->offset + skip;
  v.id = NULL;
  v.name = NULL;
  v.rank = MIN (t->rank, VS_MAX_RANK);
  memcpy (v.shape, shape, sizeof (gint64) * v.rank);
  v.has_strides = FALSE;
  g_array_append_val (e->s->buffers, v);
  return (gint32) e->s->buffers->len - 1;
}

/* A SHAVE layer whose tiles' slices cannot fit in CMX reads and writes DDR
 * directly (as the compiler runs such kernels). */
static gboolean
shave_fits (VsLowerEmit *e, const VsNetLayer *l, const VsLayerPlan *p)
{
  gint64 bytes = 0;
  for (guint i = 0; i < l->n_inputs; i++)
    bytes += vs_net_tensor_bytes (&l->inputs[i]) / MAX (p->n_tiles, 1u);
  for (guint i = 0; i < l->n_outputs; i++)
    bytes += vs_net_tensor_bytes (&l->outputs[i]) / MAX (p->n_tiles, 1u);
  return bytes + (gint64) (l->n_inputs + l->n_outputs) * VS_LOWER_ALIGN <= e->s->device.cmx_bytes_per_tile;
}

/* Part j of a SHAVE layer's kernel, on tile k: a task on the tile's SHAVE
 * j modulo its SHAVE count, named as the compiler names its parts, its
 * tensor counts set and its tensors left to the caller. */
static guint
add_shave_part (VsLowerEmit *e, const VsNetLayer *l, guint j, guint k)
{
  guint shaves = (guint) CLAMP (e->s->device.shaves_per_tile, 1, 8);
  g_autofree char *name = g_strdup_printf ("%s/tile_%u/cluster_%u",
                                           l->name != NULL ? l->name : l->id, j % shaves, k);
  guint task = vs_lower_add_task (e, VS_TASK_SHAVE, e->q_shave[k][j % shaves], name, l->id);
  VsShaveSpec *sp = &vs_schedule_task (e->s, task)->spec.shave;
  sp->kernel = vs_schedule_intern (e->s, l->kernel);
  sp->runs = 1;
  sp->n_inputs = MIN (l->n_inputs, VS_SHAVE_MAX_ARGS);
  sp->n_outputs = MIN (l->n_outputs, VS_SHAVE_MAX_ARGS);
  return task;
}

static void
emit_shave_in_ddr (VsLowerEmit *e, guint layer)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsLayerPlan *p = e->plans[layer];
  VsLowerOutput *o = &e->out[layer];
  g_autoptr(GArray) prods = producers (e, layer);
  g_autoptr(GArray) deps = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < l->n_inputs; i++) {
    gint32 from = vs_lower_producer_of (e, layer, i, &l->inputs[i]);
    if (from >= 0) {
      vs_lower_spill (e, (guint) from, FALSE);
      g_array_append_vals (deps, e->out[from].ddr_writers->data, e->out[from].ddr_writers->len);
    }
  }
  g_autofree char *id = g_strdup_printf ("%s.ddr", l->id);
  o->ddr_buffer = vs_lower_add_buffer (e, id, VS_MEMORY_DDR, 0, -1, &l->outputs[0], l->outputs[0].shape);
  gint64 extent = l->outputs[0].shape[p->axis];
  for (guint j = 0; j < p->parts; j++) {
    guint k = j * p->n_tiles / p->parts;
    gint64 lo = extent * j / p->parts, hi = extent * (j + 1) / p->parts;
    guint task = add_shave_part (e, l, j, k);
    VsShaveSpec *sp = &vs_schedule_task (e->s, task)->spec.shave;
    for (guint i = 0; i < sp->n_inputs + sp->n_outputs; i++) {
      const VsNetTensor *t = i < sp->n_inputs ? &l->inputs[i] : &l->outputs[i - sp->n_inputs];
      gint64 shape[VS_NET_MAX_RANK];
      gboolean sliced = p->axis < t->rank && t->shape[p->axis] == extent;
      vs_lower_slice_shape (t, sliced ? p->axis : -1, lo, hi, shape);
      gint32 view = vs_lower_add_buffer (e, NULL, VS_MEMORY_DDR, 0, -1, t, shape);
      vs_lower_set_layout (e, view, vs_lower_cmx_layout (l, t));
      if (i < sp->n_inputs)
        sp->inputs[i] = view;
      else
        sp->outputs[i - sp->n_inputs] = view;
    }
    vs_lower_depend (e, task, deps);
    g_array_append_val (o->writers, task);
    g_array_append_val (o->ddr_writers, task);
  }
  if (e->notes != NULL)
    g_ptr_array_add (e->notes, g_strdup_printf ("layer '%s': its tensors do not fit in CMX; the "
                                                "SHAVE kernel reads and writes DDR", l->id));
  finish_layer (e, layer, prods);
}

static gboolean
emit_shave (VsLowerEmit *e, guint layer)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsLayerPlan *p = e->plans[layer];
  if (!shave_fits (e, l, p)) {
    emit_shave_in_ddr (e, layer);
    return TRUE;
  }
  const VsNetTensor *out0 = &l->outputs[0];
  guint n = p->n_tiles, parts = p->parts;
  int axis = p->axis;
  gint64 extent = out0->shape[axis];
  gint64 tile_lo[VS_LOWER_MAX_TILES], tile_hi[VS_LOWER_MAX_TILES];
  for (guint k = 0; k < n; k++)
    tile_lo[k] = G_MAXINT64, tile_hi[k] = 0;
  for (guint j = 0; j < parts; j++) {
    guint k = j * n / parts;
    tile_lo[k] = MIN (tile_lo[k], extent * j / parts);
    tile_hi[k] = MAX (tile_hi[k], extent * (j + 1) / parts);
  }
  g_autoptr(GArray) prods = producers (e, layer);
  Operand in[VS_NET_MAX_TENSORS];
  gboolean ok = TRUE;
  guint per_tile = (parts + n - 1) / n;
  e->pieces = per_tile;
  e->out[layer].pieces = per_tile;
  for (guint i = 0; i < l->n_inputs; i++) {
    const VsNetTensor *t = &l->inputs[i];
    gboolean sliced = t->rank == out0->rank &&
                      memcmp (t->shape, out0->shape, sizeof (gint64) * t->rank) == 0;
    VsLowerNeed need[VS_LOWER_MAX_TILES];
    for (guint k = 0; k < n; k++)
      need[k] = sliced ? (VsLowerNeed) { axis, tile_lo[k], tile_hi[k] } : (VsLowerNeed) { -1, 0, 0 };
    operand_init (&in[i], n);
    g_autofree char *what = g_strdup_printf ("input%u", i);
    if (ok)
      ok = vs_lower_provide (e, layer, vs_lower_producer_of (e, layer, i, t), t, need, n, prods, what, in[i].buffer,
                    in[i].alloc, in[i].owned, in[i].deps);
  }
  /* Every output: a buffer per tile holding the tile's slice. */
  VsLowerOutput *o = &e->out[layer];
  gint32 out_buf[VS_NET_MAX_TENSORS][VS_LOWER_MAX_TILES], out_alloc[VS_NET_MAX_TENSORS][VS_LOWER_MAX_TILES];
  g_autoptr(GArray) war = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; ok && i < l->n_outputs; i++)
    for (guint k = 0; ok && k < n; k++) {
      const VsNetTensor *t = &l->outputs[i];
      gboolean sliced = axis < t->rank && t->shape[axis] == extent;
      gint64 shape[VS_NET_MAX_RANK];
      vs_lower_slice_shape (t, sliced ? axis : -1, tile_lo[k], tile_hi[k], shape);
      out_alloc[i][k] = vs_lower_cmx_alloc (e, G_GUINT64_CONSTANT (1) << k, vs_lower_shape_bytes (t, shape), prods,
                                   layer, war);
      ok = out_alloc[i][k] >= 0;
      if (!ok)
        break;
      g_autofree char *id = g_strdup_printf ("%s.out%u.t%u", l->id, i, k);
      out_buf[i][k] = vs_lower_add_buffer (e, id, VS_MEMORY_CMX, G_GUINT64_CONSTANT (1) << k,
                                  g_array_index (e->allocs, VsLowerAlloc, out_alloc[i][k]).lo, t, shape);
      vs_lower_set_layout (e, out_buf[i][k], vs_lower_cmx_layout (l, t));
      if (i == 0)
        o->tile[k] = (VsLowerHeld) { out_buf[0][k], out_alloc[0][k], axis, tile_lo[k], tile_hi[k] };
      else
        vs_lower_cmx_free (e, out_alloc[i][k]);     /* only the first output is kept for consumers */
    }
  for (guint j = 0; ok && j < parts; j++) {
    guint k = j * n / parts;
    gint64 lo = extent * j / parts, hi = extent * (j + 1) / parts;
    guint task = add_shave_part (e, l, j, k);
    VsShaveSpec *sp = &vs_schedule_task (e->s, task)->spec.shave;
    for (guint i = 0; i < sp->n_inputs; i++) {
      const VsNetTensor *t = &l->inputs[i];
      gint64 shape[VS_NET_MAX_RANK];
      gboolean sliced = t->rank == out0->rank &&
                        memcmp (t->shape, out0->shape, sizeof (gint64) * t->rank) == 0;
      vs_lower_slice_shape (t, sliced ? axis : -1, lo, hi, shape);
      gint64 before[VS_NET_MAX_RANK];
      vs_lower_slice_shape (t, axis, tile_lo[k], lo, before);
      gboolean view = sliced && vs_schedule_buffer (e->s, in[i].buffer[k])->shape[axis] != t->shape[axis];
      sp->inputs[i] = part_view (e, in[i].buffer[k], t, shape, view,
                                 lo > tile_lo[k] ? vs_lower_shape_bytes (t, before) : 0);
      operand_use (e, &in[i], k, task);
    }
    for (guint i = 0; i < sp->n_outputs; i++) {
      const VsNetTensor *t = &l->outputs[i];
      gint64 shape[VS_NET_MAX_RANK];
      gboolean sliced = axis < t->rank && t->shape[axis] == extent;
      vs_lower_slice_shape (t, sliced ? axis : -1, lo, hi, shape);
      gint64 before[VS_NET_MAX_RANK];
      vs_lower_slice_shape (t, axis, tile_lo[k], lo, before);
      sp->outputs[i] = part_view (e, out_buf[i][k], t, shape, sliced,
                                  lo > tile_lo[k] ? vs_lower_shape_bytes (t, before) : 0);
      vs_lower_cmx_use (e, out_alloc[i][k], task);
    }
    vs_lower_depend (e, task, war);
    g_array_append_val (o->writers, task);
  }
  e->pieces = 1;
  for (guint i = 0; i < l->n_inputs; i++)
    operand_done (e, &in[i], n);
  if (ok)
    finish_layer (e, layer, prods);
  return ok;
}

/* A copy layer: its input in DDR copied to its output in DDR. */
static void
emit_copy (VsLowerEmit *e, guint layer)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  g_autoptr(GArray) prods = producers (e, layer);
  gint32 from = vs_lower_producer_of (e, layer, 0, &l->inputs[0]);
  gint32 src = vs_lower_add_buffer (e, NULL, VS_MEMORY_DDR, 0, -1, &l->inputs[0], l->inputs[0].shape);
  VsLowerOutput *o = &e->out[layer];
  g_autofree char *id = g_strdup_printf ("%s.ddr", l->id);
  o->ddr_buffer = vs_lower_add_buffer (e, id, VS_MEMORY_DDR, 0, -1, &l->outputs[0], l->outputs[0].shape);
  guint dma = vs_lower_add_dma (e, src, o->ddr_buffer, l->name != NULL ? l->name : l->id, l->id);
  if (from >= 0) {
    vs_lower_spill (e, (guint) from, FALSE);
    vs_lower_depend (e, dma, e->out[from].ddr_writers);
    for (guint k = 0; k < e->n_tiles; k++)
      vs_lower_cmx_use (e, e->out[from].tile[k].alloc, dma);
  }
  g_array_append_val (o->writers, dma);
  g_array_append_val (o->ddr_writers, dma);
  finish_layer (e, layer, prods);
}

/* --- barriers ----------------------------------------------------------------------------- */

static gint
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

/* One barrier per distinct dependency set, updated by exactly its tasks. */
static void
build_barriers (VsLowerEmit *e)
{
  guint n = e->s->tasks->len;
  g_autoptr(GHashTable) by_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GArray **waits = g_new0 (GArray *, n), **updates = g_new0 (GArray *, n);
  for (guint i = 0; i < n; i++) {
    waits[i] = g_array_new (FALSE, FALSE, sizeof (gint32));
    updates[i] = g_array_new (FALSE, FALSE, sizeof (gint32));
  }
  for (guint i = 0; i < n; i++) {
    GArray *d = e->deps->pdata[i];
    if (d->len == 0)
      continue;
    g_array_sort (d, compare_uint);
    GString *key = g_string_new (NULL);
    guint kept = 0;
    for (guint k = 0; k < d->len; k++) {
      guint t = g_array_index (d, guint, k);
      if (t == i || (kept > 0 && g_array_index (d, guint, kept - 1) == t))
        continue;
      g_array_index (d, guint, kept++) = t;
      g_string_append_printf (key, "%u,", t);
    }
    g_array_set_size (d, kept);
    if (kept == 0) {
      g_string_free (key, TRUE);
      continue;
    }
    gpointer found = g_hash_table_lookup (by_set, key->str);
    gint32 b;
    if (found == NULL) {
      b = (gint32) e->s->barriers->len;
      VsBarrier bar;
      memset (&bar, 0, sizeof bar);
      g_autofree char *id = g_strdup_printf ("b%d", b);
      bar.id = vs_schedule_intern (e->s, id);
      bar.pid = -1;
      bar.declared_producers = bar.declared_consumers = -1;
      g_array_append_val (e->s->barriers, bar);
      g_hash_table_insert (by_set, g_string_free (key, FALSE), GINT_TO_POINTER (b + 1));
      for (guint k = 0; k < kept; k++)
        g_array_append_val (updates[g_array_index (d, guint, k)], b);
    } else {
      b = GPOINTER_TO_INT (found) - 1;
      g_string_free (key, TRUE);
    }
    g_array_append_val (waits[i], b);
  }
  for (guint i = 0; i < n; i++) {
    VsTask *t = vs_schedule_task (e->s, i);
    t->first_wait = e->s->refs->len;
    t->n_waits = waits[i]->len;
    g_array_append_vals (e->s->refs, waits[i]->data, waits[i]->len);
    t->first_update = e->s->refs->len;
    t->n_updates = updates[i]->len;
    g_array_append_vals (e->s->refs, updates[i]->data, updates[i]->len);
    t->first_after = t->first_enqueue = e->s->refs->len;
    g_array_unref (waits[i]);
    g_array_unref (updates[i]);
  }
  g_free (waits);
  g_free (updates);
}

/* --- the whole network ------------------------------------------------------------------------ */

guint
vs_lower_tiles (const VsNetwork *net, const VsDevice *device, const VsLowerOptions *options)
{
  if (options->tiles > 0)
    return MIN (options->tiles, (guint) VS_LOWER_MAX_TILES);
  if (net->tiles > 0 && net->tiles <= device->tiles)
    return (guint) net->tiles;
  return (guint) CLAMP (device->tiles, 1, VS_LOWER_MAX_TILES);
}

static void
free_plan (gpointer p)
{
  vs_layer_plan_clear (p);
  g_free (p);
}

static const char *
mode_name (const VsLowerOptions *o)
{
  return o->mode == VS_LOWER_KEEP ? "keep" : o->mode == VS_LOWER_AUTO ? "auto"
                                                                      : vs_strategy_name (o->strategy);
}

static gboolean
lower_layers (VsLowerEmit *e, const guint *order)
{
  for (guint i = 0; i < e->net->layers->len; i++) {
    guint layer = order[i];
    const VsNetLayer *l = vs_network_layer (e->net, layer);
    gboolean ok = l->kind == VS_LAYER_DPU ? emit_dpu (e, layer)
                : l->kind == VS_LAYER_SHAVE ? emit_shave (e, layer) : (emit_copy (e, layer), TRUE);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

VsSchedule *
vs_lower (const VsNetwork *net, VsLowerModels *m, const char *device_preset,
          const VsLowerOptions *options, GPtrArray *plans, GPtrArray *notes, GError **error)
{
  guint n_tiles = vs_lower_tiles (net, &m->device, options);
  m->device.tiles = (gint32) n_tiles;
  guint n_layers = net->layers->len;
  g_autoptr(GPtrArray) own_plans = g_ptr_array_new_with_free_func (free_plan);
  for (guint i = 0; i < n_layers; i++) {
    VsLayerPlan *p = g_new0 (VsLayerPlan, 1);
    g_ptr_array_add (own_plans, p);
    const VsLowerLayerChoice *own = options->layer_choices != NULL && options->layer_choices[i].set
                                      ? &options->layer_choices[i] : NULL;
    VsLowerMode mode = own != NULL ? own->mode : options->mode;
    VsStrategy fixed = own != NULL ? own->strategy : options->strategy;
    if (options->keep_placement && vs_network_layer (net, i)->kind != VS_LAYER_DPU)
      mode = VS_LOWER_KEEP;
    if (!vs_lower_plan_layer (m, net, i, mode, fixed, options->choose_with,
                              n_tiles, p, notes, error))
      return NULL;
  }
  g_autofree guint *order = vs_network_topological_order (net, NULL);
  if (order == NULL) {
    g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID, "%s: the edges form a cycle",
                 net->path);
    return NULL;
  }
  g_autoptr(VsSchedule) s = vs_schedule_new ();
  s->device = m->device;
  s->device_preset = g_strdup (device_preset);
  g_hash_table_insert (s->source, g_strdup ("compiler"), g_strdup ("vpusim lower"));
  g_hash_table_insert (s->source, g_strdup ("network"), g_strdup (net->path));
  g_hash_table_insert (s->source, g_strdup ("strategy"), g_strdup (mode_name (options)));
  VsLowerEmit e;
  memset (&e, 0, sizeof e);
  e.net = net, e.m = m, e.opt = options, e.s = s, e.notes = notes, e.error = error;
  e.n_tiles = n_tiles;
  e.plans = (VsLayerPlan **) own_plans->pdata;
  e.out = g_new0 (VsLowerOutput, n_layers);
  for (guint i = 0; i < n_layers; i++) {
    for (guint k = 0; k < VS_LOWER_MAX_TILES; k++)
      e.out[i].tile[k] = (VsLowerHeld) { -1, -1, -1, 0, 0 };
    e.out[i].writers = g_array_new (FALSE, FALSE, sizeof (guint));
    e.out[i].ddr_writers = g_array_new (FALSE, FALSE, sizeof (guint));
    e.out[i].ddr_buffer = -1;
    e.out[i].pieces = 1;
  }
  e.pieces = 1;
  e.allocs = g_array_new (FALSE, FALSE, sizeof (VsLowerAlloc));
  e.scratch = g_array_new (FALSE, FALSE, sizeof (gint32));
  e.deps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  vs_lower_add_queues (&e);
  gboolean ok = vs_lower_stamps_init (&e) && lower_layers (&e, order);
  if (ok) {
    vs_lower_stamps_resolve (&e);
    build_barriers (&e);
  }
  vs_lower_stamps_clear (&e);
  for (guint i = 0; i < n_layers; i++) {
    g_array_unref (e.out[i].writers);
    g_array_unref (e.out[i].ddr_writers);
  }
  g_free (e.out);
  for (guint i = 0; i < e.allocs->len; i++)
    g_array_unref (g_array_index (e.allocs, VsLowerAlloc, i).users);
  g_array_unref (e.allocs);
  g_array_unref (e.scratch);
  g_ptr_array_unref (e.deps);
  if (!ok)
    return NULL;
  s->path = g_strdup ("lowered schedule");
  if (!vs_schedule_validate (s, error))
    return NULL;
  if (plans != NULL) {
    g_ptr_array_set_free_func (plans, free_plan);
    for (guint i = 0; i < n_layers; i++)
      g_ptr_array_add (plans, g_ptr_array_steal_index (own_plans, 0));
  }
  return g_steal_pointer (&s);
}
