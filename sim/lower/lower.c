/* lower.c — emit the schedule of a planned network (see lower.h): CMX
 * allocation, fetches, compute tasks, spills, then barriers from the exact
 * dependency sets. */
#include "sim/lower/lower.h"

#include <string.h>

#define ALIGN 64

/* One allocation in CMX: the same bytes on every tile of `mask`. */
typedef struct {
  gint64 lo, hi;
  guint64 mask;
  gboolean live;
  GArray *users;                /* guint tasks that wrote or read it */
} Alloc;

/* What a tile holds of a layer's output. */
typedef struct {
  gint32 buffer;                /* schedule buffer, -1 none */
  gint32 alloc;
  int axis;                     /* NCHW axis of the slice, -1 the whole tensor */
  gint64 lo, hi;                /* slice [lo, hi) along axis */
} Held;

typedef struct {
  Held tile[VS_LOWER_MAX_TILES];
  GArray *writers;              /* guint: compute tasks that produced it */
  gint32 ddr_buffer;            /* the whole tensor in DDR, -1 none yet */
  GArray *ddr_writers;          /* guint: the DMAs that copied it there */
  guint consumers_left;
  guint pieces;                 /* DMAs per held slice when copied out (SHAVE: parts per tile) */
  gboolean done;
} Output;

typedef struct {
  const VsNetwork *net;
  VsLowerModels *m;
  const VsLowerOptions *opt;
  VsSchedule *s;
  GPtrArray *notes;
  VsLayerPlan **plans;
  Output *out;
  GArray *allocs;               /* Alloc */
  GPtrArray *deps;              /* per task: GArray of guint */
  gint32 q_dma[16][2], q_dpu[VS_LOWER_MAX_TILES], q_shave[VS_LOWER_MAX_TILES][8];
  guint dma_turn;
  guint n_tiles;
  GArray *scratch;              /* gint32 allocs the current layer frees when it is done */
  guint pieces;                 /* DMAs per fetched slice (SHAVE inputs: parts per tile) */
  GError **error;
} Em;

/* --- schedule pieces ------------------------------------------------------- */

static gint32
add_queue (Em *e, const char *id, VsEngine engine, gint32 tile, gint32 port, gint32 channel)
{
  VsQueue q = { vs_schedule_intern (e->s, id), engine, tile, port, channel, 1 };
  q.servers = vs_queue_default_servers (&q, &e->s->device);
  g_array_append_val (e->s->queues, q);
  return (gint32) e->s->queues->len - 1;
}

static void
add_queues (Em *e)
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

static guint
add_task (Em *e, VsTaskKind kind, gint32 queue, const char *name, const char *layer)
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
  return index;
}

static void
depend (Em *e, guint task, const GArray *on)
{
  GArray *d = e->deps->pdata[task];
  for (guint i = 0; on != NULL && i < on->len; i++)
    g_array_append_val (d, g_array_index (on, guint, i));
}

static gint32
add_buffer (Em *e, const char *id, VsMemory memory, guint64 mask, gint64 offset,
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
static VsLayout
cmx_layout (const VsNetLayer *l, const VsNetTensor *t)
{
  (void) l;
  return t->rank != 4 ? t->layout : VS_LAYOUT_ZMAJOR;
}

static void
set_layout (Em *e, gint32 buffer, VsLayout layout)
{
  vs_schedule_buffer (e->s, buffer)->layout = layout;
}

static gint64
shape_bytes (const VsNetTensor *t, const gint64 *shape)
{
  VsNetTensor c = *t;
  memcpy (c.shape, shape, sizeof (gint64) * t->rank);
  return vs_net_tensor_bytes (&c);
}

/* --- CMX ------------------------------------------------------------------------ */

static gboolean
overlaps (const Alloc *a, guint64 mask, gint64 lo, gint64 hi)
{
  return (a->mask & mask) != 0 && a->lo < hi && lo < a->hi;
}

/* First fit on every tile of `mask`; -1 when nothing fits. */
static gint64
find_space (Em *e, guint64 mask, gint64 size)
{
  gint64 cmx = e->s->device.cmx_bytes_per_tile, at = 0;
  for (gboolean moved = TRUE; moved;) {
    moved = FALSE;
    for (guint i = 0; i < e->allocs->len; i++) {
      const Alloc *a = &g_array_index (e->allocs, Alloc, i);
      if (a->live && overlaps (a, mask, at, at + size)) {
        at = (a->hi + ALIGN - 1) / ALIGN * ALIGN;
        moved = TRUE;
      }
    }
  }
  return at + size <= cmx ? at : -1;
}

static void spill (Em *e, guint layer, gboolean release);

/* Allocate `size` bytes on `mask`; spills the oldest live output not in
 * `pinned` (layer indices) until it fits.  The writer must depend on
 * `war` (readers of what was there before). */
static gint32
cmx_alloc (Em *e, guint64 mask, gint64 size, const GArray *pinned, guint layer, GArray *war)
{
  size = MAX ((size + ALIGN - 1) / ALIGN * ALIGN, ALIGN);
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
    spill (e, victim, TRUE);
  }
  for (guint i = 0; i < e->allocs->len; i++) {
    const Alloc *a = &g_array_index (e->allocs, Alloc, i);
    if (!a->live && overlaps (a, mask, at, at + size)) {
      for (guint k = 0; k < a->users->len; k++)
        g_array_append_val (war, g_array_index (a->users, guint, k));
    }
  }
  Alloc a = { at, at + size, mask, TRUE, g_array_new (FALSE, FALSE, sizeof (guint)) };
  g_array_append_val (e->allocs, a);
  return (gint32) e->allocs->len - 1;
}

static void
cmx_use (Em *e, gint32 alloc, guint task)
{
  if (alloc >= 0)
    g_array_append_val (g_array_index (e->allocs, Alloc, alloc).users, task);
}

static void
cmx_free (Em *e, gint32 alloc)
{
  if (alloc >= 0)
    g_array_index (e->allocs, Alloc, alloc).live = FALSE;
}

/* --- DMAs --------------------------------------------------------------------------- */

static guint
add_dma (Em *e, gint32 src, gint32 dst, const char *name, const char *layer)
{
  const VsTensor *from = vs_schedule_buffer (e->s, src);
  gint32 ports = CLAMP (e->s->device.dma_ports, 1, 16);
  gint32 port = (gint32) (e->dma_turn++ % (guint) ports);
  gint32 q = e->q_dma[port][from->memory == VS_MEMORY_DDR ? 0 : 1];
  guint t = add_task (e, VS_TASK_DMA, q, name, layer);
  VsTask *task = vs_schedule_task (e->s, t);
  task->spec.dma.src = src;
  task->spec.dma.dst = dst;
  task->spec.dma.op = vs_schedule_intern (e->s, "NNDMA");
  return t;
}

/* The slice [lo, hi) along `axis` of a shape (axis -1: the whole). */
static void
slice_shape (const VsNetTensor *t, int axis, gint64 lo, gint64 hi, gint64 *shape)
{
  memcpy (shape, t->shape, sizeof (gint64) * t->rank);
  if (axis >= 0 && axis < t->rank)
    shape[axis] = hi - lo;
}

/* Copies between DDR and a CMX buffer holding [lo, hi) along `axis`, cut
 * into `pieces` DMAs along that axis (the compiler moves each SHAVE part's
 * data on its own); appends the DMAs to `dmas`. */
static void
copy_pieces (Em *e, gint32 cmx, const VsNetTensor *t, int axis, gint64 lo, gint64 hi, guint pieces,
             gboolean to_cmx, VsLayout ddr_layout, const char *name, const char *layer,
             GArray *dmas)
{
  if (axis < 0 || pieces <= 1 || hi - lo < 2)
    pieces = 1;
  pieces = (guint) MIN ((gint64) pieces, MAX (hi - lo, 1));
  for (guint p = 0; p < pieces; p++) {
    gint64 a = lo + (hi - lo) * p / pieces, b = lo + (hi - lo) * (p + 1) / pieces;
    gint64 shape[VS_NET_MAX_RANK], before[VS_NET_MAX_RANK];
    slice_shape (t, axis, pieces == 1 ? lo : a, pieces == 1 ? hi : b, shape);
    gint32 view = cmx;
    if (pieces > 1) {
      slice_shape (t, axis, lo, a, before);
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
    gint32 ddr = add_buffer (e, NULL, VS_MEMORY_DDR, 0, -1, t, shape);
    set_layout (e, ddr, ddr_layout);
    guint dma = to_cmx ? add_dma (e, ddr, view, name, layer) : add_dma (e, view, ddr, name, layer);
    g_array_append_val (dmas, dma);
  }
}

/* Copy a layer's output to DDR (once), from the tiles that hold it; with
 * `release`, its CMX copies are given up (later readers fetch from DDR). */
static void
spill (Em *e, guint layer, gboolean release)
{
  Output *o = &e->out[layer];
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsNetTensor *t = &l->outputs[0];
  gboolean network_output = TRUE;
  for (guint k = 0; k < e->net->edges->len; k++)
    network_output &= vs_network_edge (e->net, k)->from != layer;
  if (o->ddr_buffer < 0) {
    g_autofree char *id = g_strdup_printf ("%s.ddr", l->id);
    o->ddr_buffer = add_buffer (e, id, VS_MEMORY_DDR, 0, -1, t, t->shape);
    g_autofree char *name = g_strdup_printf ("%s/spill", l->name != NULL ? l->name : l->id);
    gboolean whole_copied = FALSE;
    for (guint k = 0; k < e->n_tiles; k++) {
      Held *h = &o->tile[k];
      if (h->buffer < 0 || (h->axis < 0 && whole_copied))
        continue;
      guint first = o->ddr_writers->len;
      VsLayout ddr_layout = network_output ? cmx_layout (l, t) : vs_schedule_buffer (e->s, h->buffer)->layout;
      copy_pieces (e, h->buffer, t, h->axis, h->lo, h->hi, o->pieces, FALSE, ddr_layout, name,
                   l->id, o->ddr_writers);
      for (guint i = first; i < o->ddr_writers->len; i++) {
        guint dma = g_array_index (o->ddr_writers, guint, i);
        depend (e, dma, o->writers);
        cmx_use (e, h->alloc, dma);
      }
      whole_copied |= h->axis < 0;
    }
  }
  for (guint k = 0; release && k < e->n_tiles; k++) {
    cmx_free (e, o->tile[k].alloc);
    o->tile[k].alloc = -1;
    o->tile[k].buffer = -1;
  }
}

/* --- inputs -------------------------------------------------------------------------- */

/* The producer of input `i` of `layer`: the edge source whose output shape
 * matches, else the i-th one; -1 for a network input. */
static gint32
producer_of (Em *e, guint layer, guint i, const VsNetTensor *want)
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

typedef struct {
  int axis;
  gint64 lo, hi;
} Need;

/* The tile (other than k) whose slice of the source holds rows [lo, hi)
 * along `axis`, or -1. */
static gint32
holder_of (const Output *src, guint n_tiles, guint k, int axis, gint64 lo, gint64 hi)
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
halo_fetch (Em *e, guint layer, const Output *src, const VsNetTensor *t, guint j, guint k,
            gint64 lo, gint64 hi, const GArray *pinned, GArray *deps)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const Held *h = &src->tile[j];
  gint64 shape[VS_NET_MAX_RANK], before[VS_NET_MAX_RANK];
  slice_shape (t, h->axis, lo, hi, shape);
  slice_shape (t, h->axis, h->lo, lo, before);
  g_autoptr(GArray) war = g_array_new (FALSE, FALSE, sizeof (guint));
  gint32 a = cmx_alloc (e, G_GUINT64_CONSTANT (1) << k, shape_bytes (t, shape), pinned, layer, war);
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
  gint32 to = add_buffer (e, NULL, VS_MEMORY_CMX, G_GUINT64_CONSTANT (1) << k,
                          g_array_index (e->allocs, Alloc, a).lo, t, shape);
  g_autofree char *name = g_strdup_printf ("%s/halo_cluster_%u", l->name != NULL ? l->name : l->id, k);
  guint dma = add_dma (e, from, to, name, l->id);
  depend (e, dma, src->writers);
  depend (e, dma, war);
  cmx_use (e, h->alloc, dma);
  cmx_use (e, a, dma);
  g_array_append_val (deps, dma);
  return TRUE;
}

/* Whether tile k can read its share in place: the tile holds it all, or
 * holds part of it and neighbours hold the rest (fetched as halos). */
static gboolean
in_place (Em *e, guint layer, const Output *src, const VsNetTensor *t, const Need *need, guint k,
          guint n_tiles, const GArray *pinned, GArray *deps, gboolean *failed)
{
  const Held *h = &src->tile[k];
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
static gboolean
provide (Em *e, guint layer, gint32 src_layer, const VsNetTensor *t, const Need *need,
         guint n_tiles, const GArray *pinned, const char *what, gint32 *buffers, gint32 *allocs,
         gboolean *owned, GArray **deps)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  Output *src = src_layer >= 0 ? &e->out[src_layer] : NULL;
  gboolean same_shape = src != NULL &&
    vs_network_layer (e->net, (guint) src_layer)->outputs[0].rank == t->rank &&
    memcmp (vs_network_layer (e->net, (guint) src_layer)->outputs[0].shape, t->shape,
            sizeof (gint64) * t->rank) == 0;
  guint8 fetched[VS_LOWER_MAX_TILES] = { 0 };
  for (guint k = 0; k < n_tiles; k++) {
    allocs[k] = -1;
    owned[k] = FALSE;
    const Held *h = src != NULL && same_shape ? &src->tile[k] : NULL;
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
      spill (e, (guint) src_layer, FALSE);
      from_writers = src->ddr_writers;
    }
    gint64 shape[VS_NET_MAX_RANK];
    slice_shape (t, need[k].axis, need[k].lo, need[k].hi, shape);
    g_autoptr(GArray) war = g_array_new (FALSE, FALSE, sizeof (guint));
    gint32 a = cmx_alloc (e, mask, shape_bytes (t, shape), pinned, layer, war);
    if (a < 0)
      return FALSE;
    g_autofree char *bid = g_strdup_printf ("%s.%s.t%u", l->id, what, k);
    gint32 dst = add_buffer (e, bid, VS_MEMORY_CMX, mask, g_array_index (e->allocs, Alloc, a).lo, t,
                             shape);
    set_layout (e, dst, cmx_layout (l, t));
    g_autofree char *name = g_strdup_printf ("%s/fetch_%s", l->name != NULL ? l->name : l->id, what);
    g_autoptr(GArray) dmas = g_array_new (FALSE, FALSE, sizeof (guint));
    VsLayout ddr_layout = cmx_layout (l, t);
    if (src != NULL) {
      const VsNetLayer *pl = vs_network_layer (e->net, (guint) src_layer);
      ddr_layout = cmx_layout (pl, &pl->outputs[0]);
    }
    copy_pieces (e, dst, t, need[k].axis, need[k].lo, need[k].hi, e->pieces, TRUE, ddr_layout, name,
                 l->id, dmas);
    for (guint i = 0; i < dmas->len; i++) {
      guint dma = g_array_index (dmas, guint, i);
      depend (e, dma, from_writers);
      depend (e, dma, war);
      cmx_use (e, a, dma);
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
operand_done (Em *e, Operand *op, guint n)
{
  for (guint k = 0; k < n; k++) {
    if (op->owned[k])
      cmx_free (e, op->alloc[k]);
    g_array_unref (op->deps[k]);
  }
}

static void
operand_use (Em *e, const Operand *op, guint k, guint task)
{
  depend (e, task, op->deps[k]);
  cmx_use (e, op->alloc[k], task);
}

static GArray *
producers (Em *e, guint layer)
{
  GArray *p = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint k = 0; k < e->net->edges->len; k++)
    if (vs_network_edge (e->net, k)->to == layer)
      g_array_append_val (p, vs_network_edge (e->net, k)->from);
  return p;
}

/* What tile k's share of the output reads of the input (NCHW axes). */
static Need
input_need (const VsNetLayer *l, const VsLayerPlan *p, guint k)
{
  const VsBox *b = &p->share[k];
  const VsNetTensor *in = &l->inputs[0];
  Need n = { -1, 0, 0 };
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
finish_layer (Em *e, guint layer, GArray *prods)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  Output *o = &e->out[layer];
  o->done = TRUE;
  /* Halo copies were read by the layer's tasks. */
  for (guint i = 0; i < e->scratch->len; i++) {
    gint32 a = g_array_index (e->scratch, gint32, i);
    for (guint w = 0; w < o->writers->len; w++)
      cmx_use (e, a, g_array_index (o->writers, guint, w));
    cmx_free (e, a);
  }
  g_array_set_size (e->scratch, 0);
  for (guint k = 0; k < e->net->edges->len; k++)
    o->consumers_left += vs_network_edge (e->net, k)->from == layer;
  if (o->consumers_left == 0 ||
      ((e->opt->mode == VS_LOWER_KEEP || e->opt->keep_placement) &&
       l->outputs[0].placement == VS_PLACE_DDR))
    spill (e, layer, TRUE);
  for (guint i = 0; i < prods->len; i++) {
    Output *p = &e->out[g_array_index (prods, guint, i)];
    if (p->consumers_left > 0 && --p->consumers_left == 0)
      for (guint k = 0; k < e->n_tiles; k++) {
        cmx_free (e, p->tile[k].alloc);
        p->tile[k].alloc = -1;
        p->tile[k].buffer = -1;
      }
  }
}

/* The output's CMX buffers: one on all tiles for clustering and SOK (every
 * tile holds the whole result), else each tile's share. */
static gboolean
alloc_dpu_output (Em *e, guint layer, const GArray *pinned, GArray *war)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsLayerPlan *p = e->plans[layer];
  const VsNetTensor *t = &l->outputs[0];
  Output *o = &e->out[layer];
  gboolean whole = p->strategy != VS_STRATEGY_SOH && p->strategy != VS_STRATEGY_SOW;
  guint64 all = p->n_tiles >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << p->n_tiles) - 1;
  for (guint k = 0; k < p->n_tiles; k++) {
    if (whole && k > 0) {
      o->tile[k] = o->tile[0];
      continue;
    }
    Held h = { -1, -1, -1, 0, 0 };
    gint64 shape[VS_NET_MAX_RANK];
    if (!whole) {
      int d = p->strategy == VS_STRATEGY_SOH ? 1 : 0;
      h.axis = d == 1 ? 2 : 3;
      h.lo = p->share[k].lo[d];
      h.hi = p->share[k].hi[d] + 1;
    }
    slice_shape (t, h.axis, h.lo, h.hi, shape);
    h.alloc = cmx_alloc (e, whole ? all : G_GUINT64_CONSTANT (1) << k, shape_bytes (t, shape),
                         pinned, layer, war);
    if (h.alloc < 0)
      return FALSE;
    g_autofree char *id = g_strdup_printf ("%s.out.t%u", l->id, k);
    h.buffer = add_buffer (e, id, VS_MEMORY_CMX, whole ? all : G_GUINT64_CONSTANT (1) << k,
                           g_array_index (e->allocs, Alloc, h.alloc).lo, t, shape);
    o->tile[k] = h;
  }
  return TRUE;
}

static void
add_dpu_task (Em *e, guint layer, guint k, const Operand *in, const Operand *w, const GArray *war)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsLayerPlan *p = e->plans[layer];
  Output *o = &e->out[layer];
  const VsBox *b = &p->share[k];
  g_autofree char *name = g_strdup_printf ("%s/cluster_%u", l->name != NULL ? l->name : l->id, k);
  guint task = add_task (e, VS_TASK_DPU, e->q_dpu[k], name, l->id);
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
  depend (e, task, war);
  cmx_use (e, o->tile[k].alloc, task);
  g_array_append_val (o->writers, task);
}

static gboolean
emit_dpu (Em *e, guint layer)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsLayerPlan *p = e->plans[layer];
  guint n = p->n_tiles;
  g_autoptr(GArray) prods = producers (e, layer);
  Need need[VS_LOWER_MAX_TILES], wneed[VS_LOWER_MAX_TILES];
  for (guint k = 0; k < n; k++) {
    need[k] = input_need (l, p, k);
    wneed[k] = (Need) { -1, 0, 0 };
    if (p->strategy == VS_STRATEGY_SOK)
      wneed[k] = (Need) { 0, p->share[k].lo[2], p->share[k].hi[2] + 1 };
  }
  gboolean eltwise = l->op == VS_OP_ELTWISE || l->op == VS_OP_ELTWISE_MUL;
  Operand in, w;
  operand_init (&in, n);
  operand_init (&w, n);
  gboolean has_w = l->weights.rank > 0;
  gboolean ok = provide (e, layer, producer_of (e, layer, 0, &l->inputs[0]), &l->inputs[0], need,
                         n, prods, "input", in.buffer, in.alloc, in.owned, in.deps);
  if (ok && has_w)
    ok = provide (e, layer, eltwise ? producer_of (e, layer, 1, &l->weights) : -1, &l->weights,
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
part_view (Em *e, gint32 buffer, const VsNetTensor *t, const gint64 *shape, gboolean sliced,
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
shave_fits (Em *e, const VsNetLayer *l, const VsLayerPlan *p)
{
  gint64 bytes = 0;
  for (guint i = 0; i < l->n_inputs; i++)
    bytes += vs_net_tensor_bytes (&l->inputs[i]) / MAX (p->n_tiles, 1u);
  for (guint i = 0; i < l->n_outputs; i++)
    bytes += vs_net_tensor_bytes (&l->outputs[i]) / MAX (p->n_tiles, 1u);
  return bytes + (gint64) (l->n_inputs + l->n_outputs) * ALIGN <= e->s->device.cmx_bytes_per_tile;
}

static void
emit_shave_in_ddr (Em *e, guint layer)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  const VsLayerPlan *p = e->plans[layer];
  Output *o = &e->out[layer];
  g_autoptr(GArray) prods = producers (e, layer);
  g_autoptr(GArray) deps = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < l->n_inputs; i++) {
    gint32 from = producer_of (e, layer, i, &l->inputs[i]);
    if (from >= 0) {
      spill (e, (guint) from, FALSE);
      g_array_append_vals (deps, e->out[from].ddr_writers->data, e->out[from].ddr_writers->len);
    }
  }
  g_autofree char *id = g_strdup_printf ("%s.ddr", l->id);
  o->ddr_buffer = add_buffer (e, id, VS_MEMORY_DDR, 0, -1, &l->outputs[0], l->outputs[0].shape);
  gint32 shaves = CLAMP (e->s->device.shaves_per_tile, 1, 8);
  gint64 extent = l->outputs[0].shape[p->axis];
  for (guint j = 0; j < p->parts; j++) {
    guint k = j * p->n_tiles / p->parts;
    gint64 lo = extent * j / p->parts, hi = extent * (j + 1) / p->parts;
    g_autofree char *name = g_strdup_printf ("%s/tile_%u/cluster_%u",
                                             l->name != NULL ? l->name : l->id, j % (guint) shaves, k);
    guint task = add_task (e, VS_TASK_SHAVE, e->q_shave[k][j % (guint) shaves], name, l->id);
    VsShaveSpec *sp = &vs_schedule_task (e->s, task)->spec.shave;
    sp->kernel = vs_schedule_intern (e->s, l->kernel);
    sp->runs = 1;
    sp->n_inputs = MIN (l->n_inputs, VS_SHAVE_MAX_ARGS);
    sp->n_outputs = MIN (l->n_outputs, VS_SHAVE_MAX_ARGS);
    for (guint i = 0; i < sp->n_inputs + sp->n_outputs; i++) {
      const VsNetTensor *t = i < sp->n_inputs ? &l->inputs[i] : &l->outputs[i - sp->n_inputs];
      gint64 shape[VS_NET_MAX_RANK];
      gboolean sliced = p->axis < t->rank && t->shape[p->axis] == extent;
      slice_shape (t, sliced ? p->axis : -1, lo, hi, shape);
      gint32 view = add_buffer (e, NULL, VS_MEMORY_DDR, 0, -1, t, shape);
      set_layout (e, view, cmx_layout (l, t));
      if (i < sp->n_inputs)
        sp->inputs[i] = view;
      else
        sp->outputs[i - sp->n_inputs] = view;
    }
    depend (e, task, deps);
    g_array_append_val (o->writers, task);
    g_array_append_val (o->ddr_writers, task);
  }
  if (e->notes != NULL)
    g_ptr_array_add (e->notes, g_strdup_printf ("layer '%s': its tensors do not fit in CMX; the "
                                                "SHAVE kernel reads and writes DDR", l->id));
  finish_layer (e, layer, prods);
}

static gboolean
emit_shave (Em *e, guint layer)
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
    Need need[VS_LOWER_MAX_TILES];
    for (guint k = 0; k < n; k++)
      need[k] = sliced ? (Need) { axis, tile_lo[k], tile_hi[k] } : (Need) { -1, 0, 0 };
    operand_init (&in[i], n);
    g_autofree char *what = g_strdup_printf ("input%u", i);
    if (ok)
      ok = provide (e, layer, producer_of (e, layer, i, t), t, need, n, prods, what, in[i].buffer,
                    in[i].alloc, in[i].owned, in[i].deps);
  }
  /* Every output: a buffer per tile holding the tile's slice. */
  Output *o = &e->out[layer];
  gint32 out_buf[VS_NET_MAX_TENSORS][VS_LOWER_MAX_TILES], out_alloc[VS_NET_MAX_TENSORS][VS_LOWER_MAX_TILES];
  g_autoptr(GArray) war = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; ok && i < l->n_outputs; i++)
    for (guint k = 0; ok && k < n; k++) {
      const VsNetTensor *t = &l->outputs[i];
      gboolean sliced = axis < t->rank && t->shape[axis] == extent;
      gint64 shape[VS_NET_MAX_RANK];
      slice_shape (t, sliced ? axis : -1, tile_lo[k], tile_hi[k], shape);
      out_alloc[i][k] = cmx_alloc (e, G_GUINT64_CONSTANT (1) << k, shape_bytes (t, shape), prods,
                                   layer, war);
      ok = out_alloc[i][k] >= 0;
      if (!ok)
        break;
      g_autofree char *id = g_strdup_printf ("%s.out%u.t%u", l->id, i, k);
      out_buf[i][k] = add_buffer (e, id, VS_MEMORY_CMX, G_GUINT64_CONSTANT (1) << k,
                                  g_array_index (e->allocs, Alloc, out_alloc[i][k]).lo, t, shape);
      set_layout (e, out_buf[i][k], cmx_layout (l, t));
      if (i == 0)
        o->tile[k] = (Held) { out_buf[0][k], out_alloc[0][k], axis, tile_lo[k], tile_hi[k] };
      else
        cmx_free (e, out_alloc[i][k]);     /* only the first output is kept for consumers */
    }
  gint32 shaves = CLAMP (e->s->device.shaves_per_tile, 1, 8);
  for (guint j = 0; ok && j < parts; j++) {
    guint k = j * n / parts;
    gint64 lo = extent * j / parts, hi = extent * (j + 1) / parts;
    g_autofree char *name = g_strdup_printf ("%s/tile_%u/cluster_%u",
                                             l->name != NULL ? l->name : l->id, j % (guint) shaves, k);
    guint task = add_task (e, VS_TASK_SHAVE, e->q_shave[k][j % (guint) shaves], name, l->id);
    VsShaveSpec *sp = &vs_schedule_task (e->s, task)->spec.shave;
    sp->kernel = vs_schedule_intern (e->s, l->kernel);
    sp->runs = 1;
    sp->n_inputs = MIN (l->n_inputs, VS_SHAVE_MAX_ARGS);
    sp->n_outputs = MIN (l->n_outputs, VS_SHAVE_MAX_ARGS);
    for (guint i = 0; i < sp->n_inputs; i++) {
      const VsNetTensor *t = &l->inputs[i];
      gint64 shape[VS_NET_MAX_RANK];
      gboolean sliced = t->rank == out0->rank &&
                        memcmp (t->shape, out0->shape, sizeof (gint64) * t->rank) == 0;
      slice_shape (t, sliced ? axis : -1, lo, hi, shape);
      gint64 before[VS_NET_MAX_RANK];
      slice_shape (t, axis, tile_lo[k], lo, before);
      gboolean view = sliced && vs_schedule_buffer (e->s, in[i].buffer[k])->shape[axis] != t->shape[axis];
      sp->inputs[i] = part_view (e, in[i].buffer[k], t, shape, view,
                                 lo > tile_lo[k] ? shape_bytes (t, before) : 0);
      operand_use (e, &in[i], k, task);
    }
    for (guint i = 0; i < sp->n_outputs; i++) {
      const VsNetTensor *t = &l->outputs[i];
      gint64 shape[VS_NET_MAX_RANK];
      gboolean sliced = axis < t->rank && t->shape[axis] == extent;
      slice_shape (t, sliced ? axis : -1, lo, hi, shape);
      gint64 before[VS_NET_MAX_RANK];
      slice_shape (t, axis, tile_lo[k], lo, before);
      sp->outputs[i] = part_view (e, out_buf[i][k], t, shape, sliced,
                                  lo > tile_lo[k] ? shape_bytes (t, before) : 0);
      cmx_use (e, out_alloc[i][k], task);
    }
    depend (e, task, war);
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
emit_copy (Em *e, guint layer)
{
  const VsNetLayer *l = vs_network_layer (e->net, layer);
  g_autoptr(GArray) prods = producers (e, layer);
  gint32 from = producer_of (e, layer, 0, &l->inputs[0]);
  gint32 src = add_buffer (e, NULL, VS_MEMORY_DDR, 0, -1, &l->inputs[0], l->inputs[0].shape);
  Output *o = &e->out[layer];
  g_autofree char *id = g_strdup_printf ("%s.ddr", l->id);
  o->ddr_buffer = add_buffer (e, id, VS_MEMORY_DDR, 0, -1, &l->outputs[0], l->outputs[0].shape);
  guint dma = add_dma (e, src, o->ddr_buffer, l->name != NULL ? l->name : l->id, l->id);
  if (from >= 0) {
    spill (e, (guint) from, FALSE);
    depend (e, dma, e->out[from].ddr_writers);
    for (guint k = 0; k < e->n_tiles; k++)
      cmx_use (e, e->out[from].tile[k].alloc, dma);
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
build_barriers (Em *e)
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
lower_layers (Em *e, const guint *order)
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
    VsLowerMode mode = options->keep_placement && vs_network_layer (net, i)->kind != VS_LAYER_DPU
                         ? VS_LOWER_KEEP : options->mode;
    if (!vs_lower_plan_layer (m, net, i, mode, options->strategy, options->choose_with,
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
  Em e;
  memset (&e, 0, sizeof e);
  e.net = net, e.m = m, e.opt = options, e.s = s, e.notes = notes, e.error = error;
  e.n_tiles = n_tiles;
  e.plans = (VsLayerPlan **) own_plans->pdata;
  e.out = g_new0 (Output, n_layers);
  for (guint i = 0; i < n_layers; i++) {
    for (guint k = 0; k < VS_LOWER_MAX_TILES; k++)
      e.out[i].tile[k] = (Held) { -1, -1, -1, 0, 0 };
    e.out[i].writers = g_array_new (FALSE, FALSE, sizeof (guint));
    e.out[i].ddr_writers = g_array_new (FALSE, FALSE, sizeof (guint));
    e.out[i].ddr_buffer = -1;
    e.out[i].pieces = 1;
  }
  e.pieces = 1;
  e.allocs = g_array_new (FALSE, FALSE, sizeof (Alloc));
  e.scratch = g_array_new (FALSE, FALSE, sizeof (gint32));
  e.deps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  add_queues (&e);
  gboolean ok = lower_layers (&e, order);
  if (ok)
    build_barriers (&e);
  for (guint i = 0; i < n_layers; i++) {
    g_array_unref (e.out[i].writers);
    g_array_unref (e.out[i].ddr_writers);
  }
  g_free (e.out);
  for (guint i = 0; i < e.allocs->len; i++)
    g_array_unref (g_array_index (e.allocs, Alloc, i).users);
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
