/* SPDX-License-Identifier: Apache-2.0 */
/* lower_memory.c — the schedule's pieces and its memory for the lowering:
 * queues, tasks and buffers; first-fit CMX allocation with spills and the
 * readers a reused block must wait for; DMAs (cut into pieces for SHAVE
 * parts), spills to DDR, and fetches — in place, with halo rows from a
 * neighbour tile, or from DDR with one broadcast DMA per distinct slice. */
#include "sim/lower/lower_internal.h"

#include <string.h>

/* --- schedule pieces ------------------------------------------------------- */

static gint32
add_queue (VsLowerEmit *e, const char *id, VsEngine engine, gint32 tile, gint32 port, gint32 channel)
{
  VsQueue q = { vs_schedule_intern (e->s, id), engine, tile, port, channel, 1 };
  q.servers = vs_queue_default_servers (&q, &e->s->device);
  g_array_append_val (e->s->queues, q);
  return (gint32) e->s->queues->len - 1;
}

void
vs_lower_add_queues (VsLowerEmit *e)
{
  const VsDevice *d = &e->s->device;
  gint32 ports = CLAMP (d->dma_ports, 1, 16), channels = d->dma_channels >= 2 ? 2 : 1;
  for (gint32 p = 0; p < ports; p++)
    for (gint32 c = 0; c < channels; c++) {
      g_autofree char *id = channels == 2 ? g_strdup_printf ("dma.p%d.%s", p, c == 0 ? "ddr" : "cmx")
                                          : g_strdup_printf ("dma.p%d", p);
      e->q_dma[p][c] = add_queue (e, id, VS_ENGINE_DMA, -1, p, channels == 2 ? c : -1);
      if (channels == 1)
        e->q_dma[p][1] = e->q_dma[p][0];
    }
  for (guint t = 0; t < e->n_tiles; t++) {
    g_autofree char *id = g_strdup_printf ("dpu.t%u", t);
    e->q_dpu[t] = add_queue (e, id, VS_ENGINE_DPU, (gint32) t, -1, -1);
  }
  gint32 shaves = CLAMP (d->shaves_per_tile, 1, 8);
  for (guint t = 0; t < e->n_tiles; t++) {
    if (d->shave_fifo == VS_SHAVE_FIFO_PER_SHAVE) {
      for (gint32 k = 0; k < shaves; k++) {
        g_autofree char *id = g_strdup_printf ("shv.t%u.s%d", t, k);
        e->q_shave[t][k] = add_queue (e, id, VS_ENGINE_SHAVE, (gint32) t, -1, k);
      }
    } else {
      g_autofree char *id = g_strdup_printf ("shv.t%u", t);
      gint32 q = add_queue (e, id, VS_ENGINE_SHAVE, (gint32) t, -1, -1);
      for (gint32 k = 0; k < shaves; k++)
        e->q_shave[t][k] = q;
    }
  }
}

guint
vs_lower_add_task (VsLowerEmit *e, VsTaskKind kind, gint32 queue, const char *name, const char *layer)
{
  VsTask t;
  memset (&t, 0, sizeof t);
  guint index = e->s->tasks->len;
  g_autofree char *id = g_strdup_printf ("t%u", index);
  t.id = vs_schedule_intern (e->s, id);
  t.name = vs_schedule_intern (e->s, name);
  t.layer = vs_schedule_intern (e->s, layer);
  t.kind = kind;
  t.queue = queue;
  g_array_append_val (e->s->tasks, t);
  g_ptr_array_add (e->deps, g_array_new (FALSE, FALSE, sizeof (guint)));
  if (e->stamps > 0) {
    guint none = G_MAXUINT;
    g_array_append_val (e->stamp_before, none);
    g_array_append_val (e->stamp_after, none);
  }
  return index;
}

void
vs_lower_depend (VsLowerEmit *e, guint task, const GArray *on)
{
  GArray *d = e->deps->pdata[task];
  for (guint i = 0; on != NULL && i < on->len; i++)
    g_array_append_val (d, g_array_index (on, guint, i));
}

gint32
vs_lower_add_buffer (VsLowerEmit *e, const char *id, VsMemory memory, guint64 mask, gint64 offset,
            const VsNetTensor *t, const gint64 *shape)
{
  VsTensor b;
  memset (&b, 0, sizeof b);
  b.id = vs_schedule_intern (e->s, id);
  b.memory = memory;
  b.tile_mask = mask;
  b.offset = offset;
  b.rank = MIN (t->rank, VS_MAX_RANK);
  memcpy (b.shape, shape, sizeof (gint64) * b.rank);
  b.dtype = t->dtype;
  /* Activations lie NHWC in CMX and DDR alike, as the DPU reads them:
   * the lowering never permutes in a DMA (VPUNN costs permuting copies
   * far above plain ones). */
  b.layout = t->rank == 4 ? VS_LAYOUT_ZMAJOR : t->layout;
  g_array_append_val (e->s->buffers, b);
  return (gint32) e->s->buffers->len - 1;
}

/* How a layer's tensor lies in memory: NHWC for rank 4, in CMX and DDR
 * alike, so that no DMA of the lowering permutes (VPUNN costs permuting
 * copies far above plain ones, and the network does not say where the
 * compiler permuted). */
VsLayout
vs_lower_cmx_layout (const VsNetLayer *l, const VsNetTensor *t)
{
  (void) l;
  return t->rank != 4 ? t->layout : VS_LAYOUT_ZMAJOR;
}

void
vs_lower_set_layout (VsLowerEmit *e, gint32 buffer, VsLayout layout)
{
  vs_schedule_buffer (e->s, buffer)->layout = layout;
}

gint64
vs_lower_shape_bytes (const VsNetTensor *t, const gint64 *shape)
{
  VsNetTensor c = *t;
  memcpy (c.shape, shape, sizeof (gint64) * t->rank);
  return vs_net_tensor_bytes (&c);
}

/* --- CMX ------------------------------------------------------------------------ */

static gboolean
overlaps (const VsLowerAlloc *a, guint64 mask, gint64 lo, gint64 hi)
{
  return (a->mask & mask) != 0 && a->lo < hi && lo < a->hi;
}

/* First fit on every tile of `mask`; -1 when nothing fits. */
static gint64
find_space (VsLowerEmit *e, guint64 mask, gint64 size)
{
  gint64 cmx = e->s->device.cmx_bytes_per_tile, at = 0;
  for (gboolean moved = TRUE; moved;) {
    moved = FALSE;
    for (guint i = 0; i < e->allocs->len; i++) {
      const VsLowerAlloc *a = &g_array_index (e->allocs, VsLowerAlloc, i);
      if (a->live && overlaps (a, mask, at, at + size)) {
        at = (a->hi + VS_LOWER_ALIGN - 1) / VS_LOWER_ALIGN * VS_LOWER_ALIGN;
        moved = TRUE;
      }
    }
  }
  return at + size <= cmx ? at : -1;
}


/* Allocate `size` bytes on `mask`; spills the oldest live output not in
 * `pinned` (layer indices) until it fits.  The writer must depend on
 * `war` (readers of what was there before). */
gint32
vs_lower_cmx_alloc (VsLowerEmit *e, guint64 mask, gint64 size, const GArray *pinned, guint layer, GArray *war)
{
  size = MAX ((size + VS_LOWER_ALIGN - 1) / VS_LOWER_ALIGN * VS_LOWER_ALIGN, VS_LOWER_ALIGN);
  gint64 at;
  while ((at = find_space (e, mask, size)) < 0) {
    guint victim = G_MAXUINT;
    for (guint i = 0; i < e->net->layers->len && victim == G_MAXUINT; i++) {
      gboolean pin = i == layer;
      for (guint k = 0; pinned != NULL && k < pinned->len; k++)
        pin |= g_array_index (pinned, guint, k) == i;
      if (pin || !e->out[i].done)
        continue;
      for (guint t = 0; t < e->n_tiles; t++)
        if (e->out[i].tile[t].alloc >= 0 && (mask & (G_GUINT64_CONSTANT (1) << t)))
          victim = i;
    }
    if (victim == G_MAXUINT) {
      const VsNetLayer *l = vs_network_layer (e->net, layer);
      g_set_error (e->error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID,
                   "%s:%d: layer '%s' does not fit in the %" G_GINT64_FORMAT " bytes of CMX per "
                   "tile (%s on %u tiles needs %" G_GINT64_FORMAT " more bytes)", e->net->path,
                   l->line, l->id, e->s->device.cmx_bytes_per_tile,
                   vs_strategy_name (e->plans[layer]->strategy) ? vs_strategy_name (e->plans[layer]->strategy) : "SHAVE parts",
                   e->plans[layer]->n_tiles, size);
      return -1;
    }
    vs_lower_spill (e, victim, TRUE);
  }
  for (guint i = 0; i < e->allocs->len; i++) {
    const VsLowerAlloc *a = &g_array_index (e->allocs, VsLowerAlloc, i);
    if (!a->live && overlaps (a, mask, at, at + size)) {
      for (guint k = 0; k < a->users->len; k++)
        g_array_append_val (war, g_array_index (a->users, guint, k));
    }
  }
  VsLowerAlloc a = { at, at + size, mask, TRUE, g_array_new (FALSE, FALSE, sizeof (guint)) };
  g_array_append_val (e->allocs, a);
  return (gint32) e->allocs->len - 1;
}

void
vs_lower_cmx_use (VsLowerEmit *e, gint32 alloc, guint task)
{
  if (alloc >= 0)
    g_array_append_val (g_array_index (e->allocs, VsLowerAlloc, alloc).users, task);
}

void
vs_lower_cmx_free (VsLowerEmit *e, gint32 alloc)
{
  if (alloc >= 0)
    g_array_index (e->allocs, VsLowerAlloc, alloc).live = FALSE;
}

/* --- DMAs --------------------------------------------------------------------------- */

static guint
add_dma_task (VsLowerEmit *e, gint32 q, gint32 src, gint32 dst, const char *name, const char *layer)
{
  guint t = vs_lower_add_task (e, VS_TASK_DMA, q, name, layer);
  VsTask *task = vs_schedule_task (e->s, t);
  task->spec.dma.src = src;
  task->spec.dma.dst = dst;
  task->spec.dma.op = vs_schedule_intern (e->s, "NNDMA");
  return t;
}

/* The timer register and the CMX words the profiling stamps write (tile 0,
 * kept for the whole schedule, as the compiler's profiling buffer). */
gboolean
vs_lower_stamps_init (VsLowerEmit *e)
{
  e->stamps = e->opt->mode == VS_LOWER_KEEP || e->opt->keep_placement
                ? (guint) e->net->dma_timestamps : 0;
  if (e->stamps == 0)
    return TRUE;
  e->stamp_before = g_array_new (FALSE, FALSE, sizeof (guint));
  e->stamp_after = g_array_new (FALSE, FALSE, sizeof (guint));
  guint none = G_MAXUINT;
  for (guint i = 0; i < e->s->tasks->len; i++) {
    g_array_append_val (e->stamp_before, none);
    g_array_append_val (e->stamp_after, none);
  }
  g_autoptr(GArray) war = g_array_new (FALSE, FALSE, sizeof (guint));
  gint32 alloc = vs_lower_cmx_alloc (e, 1, VS_LOWER_ALIGN, NULL, 0, war);
  if (alloc < 0)
    return FALSE;
  VsNetTensor word = { .rank = 1, .shape = { 2 }, .dtype = VS_DTYPE_INT32,
                      .layout = VS_LAYOUT_ZMAJOR, .placement = VS_PLACE_ANY };
  gint64 shape[1] = { 2 };
  e->stamp_src = vs_lower_add_buffer (e, "profiling_timer", VS_MEMORY_REGISTER, 0, 0, &word, shape);
  e->stamp_dst = vs_lower_add_buffer (e, "profiling_stamps", VS_MEMORY_CMX, 1,
                                      g_array_index (e->allocs, VsLowerAlloc, alloc).lo, &word, shape);
  return TRUE;
}

guint
vs_lower_add_dma (VsLowerEmit *e, gint32 src, gint32 dst, const char *name, const char *layer)
{
  const VsTensor *from = vs_schedule_buffer (e->s, src);
  gint32 ports = CLAMP (e->s->device.dma_ports, 1, 16);
  gint32 port = (gint32) (e->dma_turn++ % (guint) ports);
  gint32 q = e->q_dma[port][from->memory == VS_MEMORY_DDR ? 0 : 1];
  guint before = G_MAXUINT;
  if (e->stamps >= 2)
    before = add_dma_task (e, q, e->stamp_src, e->stamp_dst, name, layer);
  guint t = add_dma_task (e, q, src, dst, name, layer);
  if (e->stamps >= 1) {
    guint after = add_dma_task (e, q, e->stamp_src, e->stamp_dst, name, layer);
    g_array_index (e->stamp_before, guint, t) = before;
    g_array_index (e->stamp_after, guint, t) = after;
  }
  return t;
}

void
vs_lower_stamps_resolve (VsLowerEmit *e)
{
  if (e->stamps == 0)
    return;
  guint n = e->s->tasks->len;
  for (guint i = 0; i < n; i++) {
    GArray *d = e->deps->pdata[i];
    for (guint k = 0; k < d->len; k++) {
      guint after = g_array_index (e->stamp_after, guint, g_array_index (d, guint, k));
      if (after != G_MAXUINT && after != i)
        g_array_index (d, guint, k) = after;
    }
  }
  for (guint i = 0; i < n; i++) {
    guint before = g_array_index (e->stamp_before, guint, i);
    if (before == G_MAXUINT)
      continue;
    GArray *d = e->deps->pdata[i], *b = e->deps->pdata[before];
    g_array_append_vals (b, d->data, d->len);
    g_array_set_size (d, 0);
  }
}

void
vs_lower_stamps_clear (VsLowerEmit *e)
{
  if (e->stamp_before != NULL)
    g_array_unref (e->stamp_before);
  if (e->stamp_after != NULL)
    g_array_unref (e->stamp_after);
}

/* The slice [lo, hi) along `axis` of a shape (axis -1: the whole). */
void
vs_lower_slice_shape (const VsNetTensor *t, int axis, gint64 lo, gint64 hi, gint64 *shape)
{
  memcpy (shape, t->shape, sizeof (gint64) * t->rank);
  if (axis >= 0 && axis < t->rank)
    shape[axis] = hi - lo;
}

/* Copies between DDR and a CMX buffer holding [lo, hi) along `axis`, cut
 * into `pieces` DMAs along that axis (the compiler moves each SHAVE part's
 * data on its own); appends the DMAs to `dmas`. */
static void
copy_pieces (VsLowerEmit *e, gint32 cmx, const VsNetTensor *t, int axis, gint64 lo, gint64 hi, guint pieces,
             gboolean to_cmx, VsLayout ddr_layout, const char *name, const char *layer,
             GArray *dmas)
{
  if (axis < 0 || pieces <= 1 || hi - lo < 2)
    pieces = 1;
  pieces = (guint) MIN ((gint64) pieces, MAX (hi - lo, 1));
  for (guint p = 0; p < pieces; p++) {
    gint64 a = lo + (hi - lo) * p / pieces, b = lo + (hi - lo) * (p + 1) / pieces;
    gint64 shape[VS_NET_MAX_RANK], before[VS_NET_MAX_RANK];
    vs_lower_slice_shape (t, axis, pieces == 1 ? lo : a, pieces == 1 ? hi : b, shape);
    gint32 view = cmx;
    if (pieces > 1) {
      vs_lower_slice_shape (t, axis, lo, a, before);
      VsTensor v = *vs_schedule_buffer (e->s, cmx);
      v.id = NULL;
      v.name = NULL;
      /* A piece of a buffer, not an allocation: no offset, so the occupancy
       * check does not take it for a second buffer overlapping the first
       * (it counts its bytes on top while the DMA runs). */
      v.offset = -1;
      (void) before;
      memcpy (v.shape, shape, sizeof (gint64) * MIN (t->rank, VS_MAX_RANK));
      g_array_append_val (e->s->buffers, v);
      view = (gint32) e->s->buffers->len - 1;
    }
    gint32 ddr = vs_lower_add_buffer (e, NULL, VS_MEMORY_DDR, 0, -1, t, shape);
    vs_lower_set_layout (e, ddr, ddr_layout);
    guint dma = to_cmx ? vs_lower_add_dma (e, ddr, view, name, layer) : vs_lower_add_dma (e, view, ddr, name, layer);
    g_array_append_val (dmas, dma);
  }
}

/* Copy a layer's output to DDR (once), from the tiles that hold it; with
 * `release`, its CMX copies are given up (later readers fetch from DDR). */
void
vs_lower_spill (VsLowerEmit *e, guint layer, gboolean release)
{
  VsLowerOutput *o = &e->out[layer];
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsNetTensor *t = &l->outputs[0];
  gboolean network_output = TRUE;
  for (guint k = 0; k < e->net->edges->len; k++)
    network_output &= vs_network_edge (e->net, k)->from != layer;
  if (o->ddr_buffer < 0) {
    g_autofree char *id = g_strdup_printf ("%s.ddr", l->id);
    o->ddr_buffer = vs_lower_add_buffer (e, id, VS_MEMORY_DDR, 0, -1, t, t->shape);
    g_autofree char *name = g_strdup_printf ("%s/spill", l->name != NULL ? l->name : l->id);
    gboolean whole_copied = FALSE;
    for (guint k = 0; k < e->n_tiles; k++) {
      VsLowerHeld *h = &o->tile[k];
      if (h->buffer < 0 || (h->axis < 0 && whole_copied))
        continue;
      guint first = o->ddr_writers->len;
      VsLayout ddr_layout = network_output ? vs_lower_cmx_layout (l, t) : vs_schedule_buffer (e->s, h->buffer)->layout;
      copy_pieces (e, h->buffer, t, h->axis, h->lo, h->hi, o->pieces, FALSE, ddr_layout, name,
                   l->id, o->ddr_writers);
      for (guint i = first; i < o->ddr_writers->len; i++) {
        guint dma = g_array_index (o->ddr_writers, guint, i);
        vs_lower_depend (e, dma, o->writers);
        vs_lower_cmx_use (e, h->alloc, dma);
      }
      whole_copied |= h->axis < 0;
    }
  }
  for (guint k = 0; release && k < e->n_tiles; k++) {
    vs_lower_cmx_free (e, o->tile[k].alloc);
    o->tile[k].alloc = -1;
    o->tile[k].buffer = -1;
  }
}

/* --- inputs -------------------------------------------------------------------------- */

/* The producer of input `i` of `layer`: the edge source whose output shape
 * matches, else the i-th one; -1 for a network input. */
gint32
vs_lower_producer_of (VsLowerEmit *e, guint layer, guint i, const VsNetTensor *want)
{
  gint32 by_order = -1, match = -1;
  guint seen = 0;
  for (guint k = 0; k < e->net->edges->len; k++) {
    const VsNetEdge *edge = vs_network_edge (e->net, k);
    if (edge->to != layer)
      continue;
    const VsNetTensor *o = &vs_network_layer (e->net, edge->from)->outputs[0];
    if (match < 0 && o->rank == want->rank &&
        memcmp (o->shape, want->shape, sizeof (gint64) * o->rank) == 0)
      match = (gint32) edge->from;
    if (seen++ == i)
      by_order = (gint32) edge->from;
  }
  return match >= 0 ? match : by_order;
}


/* The tile (other than k) whose slice of the source holds rows [lo, hi)
 * along `axis`, or -1. */
static gint32
holder_of (const VsLowerOutput *src, guint n_tiles, guint k, int axis, gint64 lo, gint64 hi)
{
  for (guint j = 0; j < n_tiles; j++)
    if (j != k && src->tile[j].buffer >= 0 && src->tile[j].axis == axis &&
        src->tile[j].lo <= lo && src->tile[j].hi >= hi)
      return (gint32) j;
  return -1;
}

/* Rows [lo, hi) of the source held by tile j copied into tile k's CMX: the
 * halo a split consumer reads from its neighbour, as the compiler moves it
 * between tiles rather than through DDR. */
static gboolean
halo_fetch (VsLowerEmit *e, guint layer, const VsLowerOutput *src, const VsNetTensor *t, guint j, guint k,
            gint64 lo, gint64 hi, const GArray *pinned, GArray *deps)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsLowerHeld *h = &src->tile[j];
  gint64 shape[VS_NET_MAX_RANK], before[VS_NET_MAX_RANK];
  vs_lower_slice_shape (t, h->axis, lo, hi, shape);
  vs_lower_slice_shape (t, h->axis, h->lo, lo, before);
  g_autoptr(GArray) war = g_array_new (FALSE, FALSE, sizeof (guint));
  gint32 a = vs_lower_cmx_alloc (e, G_GUINT64_CONSTANT (1) << k, vs_lower_shape_bytes (t, shape), pinned, layer, war);
  if (a < 0)
    return FALSE;
  g_array_append_val (e->scratch, a);
  VsTensor view = *vs_schedule_buffer (e->s, h->buffer);
  view.id = NULL;
  view.name = NULL;
  view.offset = -1;             /* a piece of the neighbour's buffer: see copy_pieces */
  (void) before;
  memcpy (view.shape, shape, sizeof (gint64) * MIN (t->rank, VS_MAX_RANK));
  g_array_append_val (e->s->buffers, view);
  gint32 from = (gint32) e->s->buffers->len - 1;
  gint32 to = vs_lower_add_buffer (e, NULL, VS_MEMORY_CMX, G_GUINT64_CONSTANT (1) << k,
                          g_array_index (e->allocs, VsLowerAlloc, a).lo, t, shape);
  g_autofree char *name = g_strdup_printf ("%s/halo_cluster_%u", l->name != NULL ? l->name : l->id, k);
  guint dma = vs_lower_add_dma (e, from, to, name, l->id);
  vs_lower_depend (e, dma, src->writers);
  vs_lower_depend (e, dma, war);
  vs_lower_cmx_use (e, h->alloc, dma);
  vs_lower_cmx_use (e, a, dma);
  g_array_append_val (deps, dma);
  return TRUE;
}

/* Whether tile k can read its share in place: the tile holds it all, or
 * holds part of it and neighbours hold the rest (fetched as halos). */
static gboolean
in_place (VsLowerEmit *e, guint layer, const VsLowerOutput *src, const VsNetTensor *t, const VsLowerNeed *need, guint k,
          guint n_tiles, const GArray *pinned, GArray *deps, gboolean *failed)
{
  const VsLowerHeld *h = &src->tile[k];
  if (h->buffer < 0)
    return FALSE;
  if (h->axis < 0 || (need->axis == h->axis && need->lo >= h->lo && need->hi <= h->hi))
    return TRUE;
  if (need->axis != h->axis || need->lo >= h->hi || need->hi <= h->lo)
    return FALSE;
  gint32 below = need->lo < h->lo ? holder_of (src, n_tiles, k, h->axis, need->lo, h->lo) : -2;
  gint32 above = need->hi > h->hi ? holder_of (src, n_tiles, k, h->axis, h->hi, need->hi) : -2;
  if (below == -1 || above == -1)
    return FALSE;
  if (below >= 0 && !halo_fetch (e, layer, src, t, (guint) below, k, need->lo, h->lo, pinned, deps))
    *failed = TRUE;
  if (above >= 0 && !*failed &&
      !halo_fetch (e, layer, src, t, (guint) above, k, h->hi, need->hi, pinned, deps))
    *failed = TRUE;
  return TRUE;
}

/* Gives each tile of `mask` a CMX buffer with `need` of tensor `t` (input
 * `src_layer`'s output, or a network tensor when src_layer < 0): in place
 * when the tile holds it, else fetched from DDR — one broadcast DMA for
 * tiles that need the same slice.  Fills buffers[tile], allocs[tile] (the
 * CMX allocation read, to record its readers), owned[tile] (a fetch this
 * layer frees after use) and adds the dependencies to deps[tile]. */
gboolean
vs_lower_provide (VsLowerEmit *e, guint layer, gint32 src_layer, const VsNetTensor *t, const VsLowerNeed *need,
         guint n_tiles, const GArray *pinned, const char *what, gint32 *buffers, gint32 *allocs,
         gboolean *owned, GArray **deps)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  VsLowerOutput *src = src_layer >= 0 ? &e->out[src_layer] : NULL;
  gboolean same_shape = src != NULL &&
    vs_network_layer (e->net, (guint) src_layer)->outputs[0].rank == t->rank &&
    memcmp (vs_network_layer (e->net, (guint) src_layer)->outputs[0].shape, t->shape,
            sizeof (gint64) * t->rank) == 0;
  guint8 fetched[VS_LOWER_MAX_TILES] = { 0 };
  for (guint k = 0; k < n_tiles; k++) {
    allocs[k] = -1;
    owned[k] = FALSE;
    const VsLowerHeld *h = src != NULL && same_shape ? &src->tile[k] : NULL;
    gboolean failed = FALSE;
    gboolean covers = h != NULL && in_place (e, layer, src, t, &need[k], k, n_tiles, pinned,
                                             deps[k], &failed);
    if (failed)
      return FALSE;
    if (covers) {
      buffers[k] = h->buffer;
      allocs[k] = h->alloc;
      for (guint w = 0; w < src->writers->len; w++)
        g_array_append_val (deps[k], g_array_index (src->writers, guint, w));
      fetched[k] = 2;
    }
  }
  for (guint k = 0; k < n_tiles; k++) {
    if (fetched[k])
      continue;
    /* Tiles needing the same slice share one broadcast fetch. */
    guint64 mask = 0;
    for (guint j = k; j < n_tiles; j++)
      if (!fetched[j] && need[j].axis == need[k].axis && need[j].lo == need[k].lo &&
          need[j].hi == need[k].hi)
        mask |= G_GUINT64_CONSTANT (1) << j;
    /* The data comes from DDR: the producer's copy there (made now if
     * needed), or the network's own input or constant. */
    const GArray *from_writers = NULL;
    if (src != NULL) {
      vs_lower_spill (e, (guint) src_layer, FALSE);
      from_writers = src->ddr_writers;
    }
    gint64 shape[VS_NET_MAX_RANK];
    vs_lower_slice_shape (t, need[k].axis, need[k].lo, need[k].hi, shape);
    g_autoptr(GArray) war = g_array_new (FALSE, FALSE, sizeof (guint));
    gint32 a = vs_lower_cmx_alloc (e, mask, vs_lower_shape_bytes (t, shape), pinned, layer, war);
    if (a < 0)
      return FALSE;
    g_autofree char *bid = g_strdup_printf ("%s.%s.t%u", l->id, what, k);
    gint32 dst = vs_lower_add_buffer (e, bid, VS_MEMORY_CMX, mask, g_array_index (e->allocs, VsLowerAlloc, a).lo, t,
                             shape);
    vs_lower_set_layout (e, dst, vs_lower_cmx_layout (l, t));
    g_autofree char *name = g_strdup_printf ("%s/fetch_%s", l->name != NULL ? l->name : l->id, what);
    g_autoptr(GArray) dmas = g_array_new (FALSE, FALSE, sizeof (guint));
    VsLayout ddr_layout = vs_lower_cmx_layout (l, t);
    if (src != NULL) {
      const VsNetLayer *pl = vs_network_layer (e->net, (guint) src_layer);
      ddr_layout = vs_lower_cmx_layout (pl, &pl->outputs[0]);
    }
    /* The compiler fetched this input with a permute DMA: its DDR copy is
     * planar (one element per run into the layer's interleaved layout), as
     * the cost models know a permute by the two ends' layouts. */
    if (t->permuted && ddr_layout == vs_lower_cmx_layout (l, t))
      ddr_layout = vs_layout_permuted (ddr_layout);
    copy_pieces (e, dst, t, need[k].axis, need[k].lo, need[k].hi, e->pieces, TRUE, ddr_layout, name,
                 l->id, dmas);
    for (guint i = 0; i < dmas->len; i++) {
      guint dma = g_array_index (dmas, guint, i);
      vs_lower_depend (e, dma, from_writers);
      vs_lower_depend (e, dma, war);
      vs_lower_cmx_use (e, a, dma);
    }
    for (guint j = k; j < n_tiles; j++)
      if (mask & (G_GUINT64_CONSTANT (1) << j)) {
        buffers[j] = dst;
        allocs[j] = a;
        owned[j] = j == k;
        g_array_append_vals (deps[j], dmas->data, dmas->len);
        fetched[j] = 1;
      }
  }
  return TRUE;
}
