/* SPDX-License-Identifier: Apache-2.0 */
/* network_recover.c — a compiled schedule's layers, their whole-layer
 * tensors, the data-flow edges between them and the compiler's choices
 * (see network_recover.h for the rules).  Schedules have hundreds of tasks,
 * so the backward searches are plain scans. */
#include "sim/lower/network_recover.h"

#include <string.h>

/* --- layer keys ------------------------------------------------------------ */

static gboolean
is_numbered (const char *s, const char *prefix)
{
  if (!g_str_has_prefix (s, prefix))
    return FALSE;
  s += strlen (prefix);
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* A name part that only says where or how the compiler placed a piece. */
static gboolean
is_placement_part (const char *s)
{
  return is_numbered (s, "cluster_") || is_numbered (s, "_cluster_") || is_numbered (s, "tile_") ||
         g_str_has_prefix (s, "_PROF_") || g_str_has_prefix (s, "PROF_");
}

char *
vs_network_layer_key (const char *task_name)
{
  g_auto(GStrv) parts = g_strsplit (task_name != NULL ? task_name : "", "/", -1);
  GString *key = g_string_new (NULL);
  for (guint i = 0; parts[i] != NULL; i++) {
    char *q = strchr (parts[i], '?');
    if (q != NULL && is_placement_part (q + 1))
      q[1] = '\0';              /* "relu?cluster_0", "conv?PROF_0_2" */
    if (is_placement_part (parts[i]))
      continue;
    if (key->len > 0)
      g_string_append_c (key, '/');
    g_string_append (key, parts[i]);
  }
  return g_string_free (key, FALSE);
}

/* A short id: the key without the compiler's type part after '?'
 * ("conv1?t_Convolution/Duplicated_2" -> "conv1/Duplicated_2"). */
static char *
layer_id_of (const char *key)
{
  const char *q = strchr (key, '?');
  if (q == NULL)
    return g_strdup (*key != '\0' ? key : "layer");
  GString *id = g_string_new_len (key, q - key);
  g_auto(GStrv) rest = g_strsplit (q + 1, "/", -1);
  for (guint i = 0; rest[i] != NULL; i++) {
    if (i == 0 && (rest[i][0] == '\0' || g_str_has_prefix (rest[i], "t_")))
      continue;
    if (rest[i][0] != '\0')
      g_string_append_printf (id, "/%s", rest[i]);
  }
  if (id->len == 0)
    g_string_append (id, "layer");
  return g_string_free (id, FALSE);
}

/* --- memory regions and their writers ---------------------------------------- */

typedef struct {
  VsMemory memory;
  gint32 tile;                  /* CMX tile; -1 for DDR */
  gint64 lo, hi;                /* bytes; lo -1: the buffer as a whole */
  gint32 buffer;
} Region;

typedef struct {
  guint task;
  Region region;
} Write;

typedef struct {
  const VsSchedule *s;
  VsNetwork *net;
  gint32 *layer_of;             /* per task: layer index or -1 */
  GArray *writes;               /* Write, in task order */
  GArray *producers;            /* guint, scratch of resolve */
  gboolean permuted;            /* resolve passed a permute DMA (vs_dma_planes_permute) */
  GPtrArray *notes;             /* may be NULL */
} Ctx;

#define MAX_REGIONS 64

static guint
regions_of (const VsSchedule *s, VsTensorRef ref, Region *out)
{
  const VsTensor *t = vs_schedule_tensor (s, ref);
  if (t == NULL)
    return 0;
  Region r = { t->memory, -1, -1, -1, ref };
  if (t->offset >= 0) {
    r.lo = t->offset;
    r.hi = t->offset + MAX (vs_tensor_bytes (t), 1);
  }
  if (t->memory != VS_MEMORY_CMX || t->tile_mask == 0) {
    out[0] = r;
    return 1;
  }
  guint n = 0;
  for (int tile = 0; tile < 64 && n < MAX_REGIONS; tile++)
    if (t->tile_mask & (G_GUINT64_CONSTANT (1) << tile)) {
      out[n] = r;
      out[n++].tile = tile;
    }
  return n;
}

static gboolean
same_strides (const VsTensor *a, const VsTensor *b)
{
  if (a->dtype != b->dtype || a->has_strides != b->has_strides || a->rank != b->rank)
    return FALSE;
  return !a->has_strides || memcmp (a->strides, b->strides, sizeof (gint64) * a->rank) == 0;
}

/* Whether a write may have produced what a read sees: CMX bytes on the same
 * tile; DDR bytes of the same layout (DDR sections share offsets, so bytes
 * alone could join a network input with a spill); whole buffers by id. */
static gboolean
may_feed (const VsSchedule *s, const Region *w, const Region *r, gboolean loose)
{
  if (w->memory != r->memory)
    return FALSE;
  if (w->lo < 0 || r->lo < 0)
    return w->buffer == r->buffer;
  if (w->hi <= r->lo || r->hi <= w->lo)
    return FALSE;
  if (w->memory == VS_MEMORY_CMX)
    return w->tile == r->tile;
  const VsTensor *a = vs_schedule_buffer (s, w->buffer), *b = vs_schedule_buffer (s, r->buffer);
  return loose ? a->dtype == b->dtype : same_strides (a, b);
}

static gboolean
is_profiling (const VsSchedule *s, VsTensorRef ref)
{
  const VsTensor *t = vs_schedule_tensor (s, ref);
  return t != NULL && t->name != NULL &&
         (strstr (t->name, "rofiling") != NULL || strstr (t->name, "PROFWORKPOINT") != NULL);
}

static void
add_writes (Ctx *c, guint task, VsTensorRef ref)
{
  Region r[MAX_REGIONS];
  guint n = regions_of (c->s, ref, r);
  for (guint i = 0; i < n; i++) {
    Write w = { task, r[i] };
    g_array_append_val (c->writes, w);
  }
}

static void
collect_writes (Ctx *c)
{
  for (guint i = 0; i < c->s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (c->s, i);
    if (t->kind == VS_TASK_DMA && !is_profiling (c->s, t->spec.dma.src))
      add_writes (c, i, t->spec.dma.dst);
    else if (t->kind == VS_TASK_DPU)
      add_writes (c, i, t->spec.dpu.output);
    else if (t->kind == VS_TASK_SHAVE)
      for (guint k = 0; k < t->spec.shave.n_outputs; k++)
        add_writes (c, i, t->spec.shave.outputs[k]);
  }
}

static void
add_producer (Ctx *c, guint layer)
{
  for (guint i = 0; i < c->producers->len; i++)
    if (g_array_index (c->producers, guint, i) == layer)
      return;
  g_array_append_val (c->producers, layer);
}

/* The layers whose results reach region `r` as task `pos` reads it: the
 * writers before `pos`, latest first, until the bytes are covered; a DMA is
 * followed back to its source.  *via_ddr: a DMA on the way read DDR. */
static void
resolve (Ctx *c, guint pos, const Region *r, int depth, gboolean loose, gboolean *via_ddr)
{
  if (depth > 16)
    return;
  gint64 lo[MAX_REGIONS], hi[MAX_REGIONS];
  guint n = 1;
  lo[0] = r->lo;
  hi[0] = r->hi;
  for (guint wi = c->writes->len; wi-- > 0 && n > 0;) {
    const Write *w = &g_array_index (c->writes, Write, wi);
    if (w->task >= pos || !may_feed (c->s, &w->region, r, loose))
      continue;
    /* Subtract the write from what is still uncovered. */
    gboolean useful = FALSE;
    guint m = 0;
    gint64 nlo[MAX_REGIONS], nhi[MAX_REGIONS];
    for (guint k = 0; k < n; k++) {
      gint64 a = lo[k], b = hi[k];
      if (r->lo < 0 || w->region.lo < 0 || (w->region.lo <= a && w->region.hi >= b)) {
        useful = TRUE;
        continue;
      }
      if (w->region.hi <= a || w->region.lo >= b) {
        nlo[m] = a, nhi[m++] = b;
        continue;
      }
      useful = TRUE;
      if (a < w->region.lo && m < MAX_REGIONS)
        nlo[m] = a, nhi[m++] = w->region.lo;
      if (w->region.hi < b && m < MAX_REGIONS)
        nlo[m] = w->region.hi, nhi[m++] = b;
    }
    if (!useful)
      continue;
    memcpy (lo, nlo, sizeof (gint64) * m);
    memcpy (hi, nhi, sizeof (gint64) * m);
    n = m;
    const VsTask *t = vs_schedule_task (c->s, w->task);
    if (c->layer_of[w->task] >= 0) {
      add_producer (c, (guint) c->layer_of[w->task]);
    } else if (t->kind == VS_TASK_DMA) {
      const VsTensor *dst = vs_schedule_tensor (c->s, t->spec.dma.dst);
      if (dst != NULL && vs_dma_planes_permute (&t->spec.dma.planes, vs_data_type_bytes (dst->dtype)))
        c->permuted = TRUE;
      Region src[MAX_REGIONS];
      guint ns = regions_of (c->s, t->spec.dma.src, src);
      for (guint k = 0; k < ns; k++) {
        if (src[k].memory == VS_MEMORY_DDR)
          *via_ddr = TRUE;
        /* A broadcast reads one copy: the first source region tells.  A
         * DDR source nobody wrote with the same layout may be a reshaped
         * view of a spill: then any layout of the same element type. */
        guint before = c->producers->len;
        resolve (c, w->task, &src[k], depth + 1, FALSE, via_ddr);
        if (c->producers->len == before && src[k].memory == VS_MEMORY_DDR)
          resolve (c, w->task, &src[k], depth + 1, TRUE, via_ddr);
        break;
      }
    }
  }
}

/* Producers of a compute task's input `ref`; returns the placement it saw. */
static VsPlacement
trace_input (Ctx *c, guint task, VsTensorRef ref)
{
  Region r[MAX_REGIONS];
  guint n = regions_of (c->s, ref, r);
  gboolean via_ddr = FALSE;
  guint before = c->producers->len;
  for (guint i = 0; i < n; i++)
    resolve (c, task, &r[i], 0, FALSE, &via_ddr);
  if (via_ddr)
    return VS_PLACE_DDR;
  return c->producers->len > before ? VS_PLACE_CMX : VS_PLACE_ANY;
}

/* --- layers ------------------------------------------------------------------ */

typedef struct {
  GArray *tasks;                /* guint task indices, in file order */
} Group;

static gboolean
fail_at (Ctx *c, const VsTask *t, GError **error, const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail_at (Ctx *c, const VsTask *t, GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (t != NULL && t->line > 0)
    g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID, "%s:%d: %s", c->s->path,
                 t->line, msg);
  else
    g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID, "%s: %s", c->s->path, msg);
  return FALSE;
}

static void
net_tensor_from (const VsTensor *t, VsNetTensor *out)
{
  memset (out, 0, sizeof *out);
  out->rank = MIN (t->rank, VS_NET_MAX_RANK);
  memcpy (out->shape, t->shape, sizeof (gint64) * out->rank);
  out->dtype = t->dtype;
  out->layout = t->layout;
}

static gint32
task_tile (const VsSchedule *s, const VsTask *t)
{
  return vs_schedule_queue (s, t->queue)->tile;
}

/* Per tile, the union of its variants' boxes; tiles in ascending order. */
typedef struct {
  gint32 tile;
  gint32 lo[3], hi[3];
} TileBox;

static guint
tile_boxes (Ctx *c, const Group *g, TileBox *boxes)
{
  guint n = 0;
  for (guint i = 0; i < g->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (c->s, g_array_index (g->tasks, guint, i));
    for (guint v = 0; v < t->spec.dpu.n_variants; v++) {
      const VsDpuVariant *var = vs_schedule_variant (c->s, t->spec.dpu.first_variant + v);
      gint32 tile = var->tile >= 0 ? var->tile : MAX (task_tile (c->s, t), 0);
      guint k = 0;
      while (k < n && boxes[k].tile != tile)
        k++;
      if (k == n) {
        if (n == 64)
          continue;
        boxes[n].tile = tile;
        memcpy (boxes[n].lo, var->out_start, sizeof boxes[n].lo);
        memcpy (boxes[n].hi, var->out_end, sizeof boxes[n].hi);
        n++;
      }
      for (int d = 0; d < 3; d++) {
        boxes[k].lo[d] = MIN (boxes[k].lo[d], var->out_start[d]);
        boxes[k].hi[d] = MAX (boxes[k].hi[d], var->out_end[d]);
      }
    }
  }
  for (guint a = 1; a < n; a++)     /* insertion sort by tile */
    for (guint b = a; b > 0 && boxes[b - 1].tile > boxes[b].tile; b--) {
      TileBox tmp = boxes[b];
      boxes[b] = boxes[b - 1];
      boxes[b - 1] = tmp;
    }
  return n;
}

/* Whether the variants' boxes are tile-local: every box fits inside its own
 * task's output buffer.  NPU 4.0 schedules (and some NPU 2.7 tasks) give
 * each tile's boxes relative to that tile's share; others give whole-layer
 * coordinates, where a later tile's rows lie beyond its own buffer. */
static gboolean
boxes_are_local (Ctx *c, const Group *g)
{
  for (guint i = 0; i < g->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (c->s, g_array_index (g->tasks, guint, i));
    const VsTensor *out = vs_schedule_tensor (c->s, t->spec.dpu.output);
    if (out == NULL || out->rank != 4)
      return FALSE;
    gint64 size[3] = { out->shape[3], out->shape[2], out->shape[1] };
    for (guint v = 0; v < t->spec.dpu.n_variants; v++) {
      const VsDpuVariant *var = vs_schedule_variant (c->s, t->spec.dpu.first_variant + v);
      for (int d = 0; d < 3; d++)
        if (var->out_end[d] >= size[d])
          return FALSE;
    }
  }
  return TRUE;
}

/* The strategy from how the tiles' boxes differ.  Tile-local boxes are
 * stacked along the split axis (*stack_axis >= 0): the one where they
 * differ, else the task's split (SOK: channels, else rows). */
static VsStrategy
strategy_of (const VsDpuSpec *d, const TileBox *b, guint n, gboolean local, int *stack_axis)
{
  *stack_axis = -1;
  if (n <= 1)
    return VS_STRATEGY_CLUSTERING;
  gboolean differ[3] = { FALSE, FALSE, FALSE };
  for (guint k = 1; k < n; k++)
    for (int a = 0; a < 3; a++)
      differ[a] |= b[k].lo[a] != b[0].lo[a] || b[k].hi[a] != b[0].hi[a];
  if (local) {
    int axis = differ[1] ? 1 : differ[2] ? 2 : differ[0] ? 0
             : d->isi_strategy == VS_ISI_SPLIT_OVER_K ? 2 : 1;
    *stack_axis = axis;
    return axis == 1 ? VS_STRATEGY_SOH : axis == 2 ? VS_STRATEGY_SOK : VS_STRATEGY_SOW;
  }
  if (!differ[0] && !differ[1] && !differ[2])
    return VS_STRATEGY_CLUSTERING;
  if (differ[1] && differ[2])
    return VS_STRATEGY_SOHK;
  if (differ[1] && differ[0])
    return VS_STRATEGY_SOHW;
  return differ[1] ? VS_STRATEGY_SOH : differ[2] ? VS_STRATEGY_SOK : VS_STRATEGY_SOW;
}

static gboolean
is_channelwise (VsDpuOperation op)
{
  return op == VS_OP_DW_CONVOLUTION || op == VS_OP_MAXPOOL || op == VS_OP_AVEPOOL ||
         op == VS_OP_ELTWISE || op == VS_OP_ELTWISE_MUL;
}

static void
dpu_workloads (Ctx *c, const Group *g, const TileBox *boxes, guint n_tiles, int stack_axis,
               VsNetLayer *l, gint32 extent[3])
{
  gint32 lo[3] = { G_MAXINT32, G_MAXINT32, G_MAXINT32 }, hi[3] = { -1, -1, -1 };
  /* Stacked tiles follow each other in tile order. */
  gint32 offset[64] = { 0 };
  for (guint k = 1; stack_axis >= 0 && k < n_tiles; k++)
    offset[k] = offset[k - 1] + boxes[k - 1].hi[stack_axis] + 1;
  l->first_workload = c->net->workloads->len;
  for (guint i = 0; i < g->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (c->s, g_array_index (g->tasks, guint, i));
    for (guint v = 0; v < t->spec.dpu.n_variants; v++) {
      const VsDpuVariant *var = vs_schedule_variant (c->s, t->spec.dpu.first_variant + v);
      VsNetWorkload w;
      memset (&w, 0, sizeof w);
      w.tile = var->tile >= 0 ? var->tile : MAX (task_tile (c->s, t), 0);
      memcpy (w.out_start, var->out_start, sizeof w.out_start);
      memcpy (w.out_end, var->out_end, sizeof w.out_end);
      if (stack_axis >= 0) {
        guint rank = 0;
        while (rank < n_tiles && boxes[rank].tile != w.tile)
          rank++;
        w.out_start[stack_axis] += offset[rank];
        w.out_end[stack_axis] += offset[rank];
      }
      w.pad_top = var->pad_top, w.pad_bottom = var->pad_bottom;
      w.pad_left = var->pad_left, w.pad_right = var->pad_right;
      w.mpe_mode = var->mpe_mode;
      for (int d = 0; d < 3; d++) {
        lo[d] = MIN (lo[d], w.out_start[d]);
        hi[d] = MAX (hi[d], w.out_end[d]);
      }
      g_array_append_val (c->net->workloads, w);
      l->n_workloads++;
    }
  }
  /* Whole-layer coordinates start at 0. */
  for (guint i = 0; i < l->n_workloads; i++) {
    VsNetWorkload *w = vs_network_workload (c->net, l->first_workload + i);
    for (int d = 0; d < 3; d++) {
      w->out_start[d] -= lo[d];
      w->out_end[d] -= lo[d];
    }
  }
  for (int d = 0; d < 3; d++)
    extent[d] = l->n_workloads > 0 ? hi[d] - lo[d] + 1 : 0;
}

static gboolean
build_dpu (Ctx *c, const Group *g, VsNetLayer *l, GError **error)
{
  const VsTask *first = vs_schedule_task (c->s, g_array_index (g->tasks, guint, 0));
  const VsDpuSpec *d = &first->spec.dpu;
  l->op = d->op;
  l->kernel_w = d->kernel_w, l->kernel_h = d->kernel_h;
  l->stride_w = d->stride_w, l->stride_h = d->stride_h;
  l->activation = d->activation;
  l->act_sparsity = d->act_sparsity;
  l->weight_sparsity = d->weight_sparsity;
  l->weight_sparsity_enabled = d->weight_sparsity_enabled;
  for (guint i = 0; i < g->tasks->len; i++) {
    const VsDpuSpec *p = &vs_schedule_task (c->s, g_array_index (g->tasks, guint, i))->spec.dpu;
    if (p->op != d->op || p->kernel_w != d->kernel_w || p->kernel_h != d->kernel_h ||
        p->stride_w != d->stride_w || p->stride_h != d->stride_h)
      return fail_at (c, first, error, "layer '%s': its DPU tasks disagree on the operation, "
                      "kernel or strides", l->id);
    /* Each side's padding is at the tile holding that edge: the largest. */
    l->pad_top = MAX (l->pad_top, p->pad_top);
    l->pad_bottom = MAX (l->pad_bottom, p->pad_bottom);
    l->pad_left = MAX (l->pad_left, p->pad_left);
    l->pad_right = MAX (l->pad_right, p->pad_right);
  }
  TileBox boxes[64];
  guint n_tiles = tile_boxes (c, g, boxes);
  if (n_tiles == 0)
    return fail_at (c, first, error, "layer '%s': its DPU tasks have no variants", l->id);
  int stack_axis;
  l->has_compiler = TRUE;
  l->strategy = strategy_of (d, boxes, n_tiles, boxes_are_local (c, g), &stack_axis);
  l->tiles = (gint32) n_tiles;
  gint32 extent[3];
  dpu_workloads (c, g, boxes, n_tiles, stack_axis, l, extent);
  /* Tiles in the schedule may be any; workloads name the rank of theirs. */
  for (guint i = 0; i < l->n_workloads; i++) {
    VsNetWorkload *w = vs_network_workload (c->net, l->first_workload + i);
    guint rank = 0;
    while (rank < n_tiles && boxes[rank].tile != w->tile)
      rank++;
    w->tile = (gint32) rank;
  }
  const VsTensor *out = vs_schedule_tensor (c->s, d->output);
  const VsTensor *in = vs_schedule_tensor (c->s, d->input);
  const VsTensor *wt = vs_schedule_tensor (c->s, d->weights);
  if (out == NULL || in == NULL)
    return fail_at (c, first, error, "layer '%s': a DPU task without input or output", l->id);
  l->n_inputs = l->n_outputs = 1;
  VsNetTensor *o = &l->outputs[0], *i = &l->inputs[0];
  net_tensor_from (out, o);
  o->rank = 4;
  o->shape[0] = 1, o->shape[1] = extent[2], o->shape[2] = extent[1], o->shape[3] = extent[0];
  net_tensor_from (in, i);
  i->rank = 4;
  i->shape[0] = 1;
  i->shape[1] = is_channelwise (l->op) || in->rank != 4 ? extent[2] : in->shape[1];
  i->shape[2] = MAX ((gint64) (extent[1] - 1) * l->stride_h + l->kernel_h - l->pad_top - l->pad_bottom, 1);
  i->shape[3] = MAX ((gint64) (extent[0] - 1) * l->stride_w + l->kernel_w - l->pad_left - l->pad_right, 1);
  if (l->op == VS_OP_ELTWISE || l->op == VS_OP_ELTWISE_MUL) {
    l->weights = *i;
    if (wt != NULL)
      l->weights.dtype = wt->dtype;
  } else if (l->op == VS_OP_CONVOLUTION || l->op == VS_OP_CM_CONVOLUTION ||
             l->op == VS_OP_DW_CONVOLUTION) {
    memset (&l->weights, 0, sizeof l->weights);
    l->weights.rank = 4;
    l->weights.shape[0] = o->shape[1];
    l->weights.shape[1] = l->op == VS_OP_DW_CONVOLUTION ? 1 : i->shape[1];
    l->weights.shape[2] = l->kernel_h;
    l->weights.shape[3] = l->kernel_w;
    l->weights.dtype = wt != NULL ? wt->dtype : i->dtype;
    l->weights.layout = VS_LAYOUT_ZMAJOR;
    l->weights.placement = VS_PLACE_DDR;
  }
  return TRUE;
}

/* Parts concatenated: along the one axis where they differ, else along the
 * first non-unit axis after N. */
static void
concat_parts (const VsSchedule *s, const Group *g, guint index, gboolean output, VsNetTensor *out)
{
  const VsTask *first = vs_schedule_task (s, g_array_index (g->tasks, guint, 0));
  const VsShaveSpec *sp = &first->spec.shave;
  net_tensor_from (vs_schedule_tensor (s, output ? sp->outputs[index] : sp->inputs[index]), out);
  int axis = -1;
  for (guint i = 1; i < g->tasks->len; i++) {
    const VsShaveSpec *p = &vs_schedule_task (s, g_array_index (g->tasks, guint, i))->spec.shave;
    const VsTensor *t = vs_schedule_tensor (s, output ? p->outputs[index] : p->inputs[index]);
    for (int a = 0; t != NULL && t->rank == out->rank && a < out->rank; a++)
      if (t->shape[a] != out->shape[a] && axis < 0)
        axis = a;
  }
  for (int a = out->rank > 1 ? 1 : 0; axis < 0 && a < out->rank; a++)
    if (out->shape[a] > 1)
      axis = a;
  if (axis < 0)
    axis = out->rank - 1;
  gint64 sum = 0;
  for (guint i = 0; i < g->tasks->len; i++) {
    const VsShaveSpec *p = &vs_schedule_task (s, g_array_index (g->tasks, guint, i))->spec.shave;
    const VsTensor *t = vs_schedule_tensor (s, output ? p->outputs[index] : p->inputs[index]);
    sum += t != NULL && t->rank == out->rank ? t->shape[axis] : out->shape[axis];
  }
  out->shape[axis] = MIN (sum, (gint64) G_MAXINT32);
}

static gboolean
build_shave (Ctx *c, const Group *g, VsNetLayer *l, GError **error)
{
  const VsTask *first = vs_schedule_task (c->s, g_array_index (g->tasks, guint, 0));
  const VsShaveSpec *sp = &first->spec.shave;
  if (sp->kernel == NULL || *sp->kernel == '\0')
    return fail_at (c, first, error, "layer '%s': a SHAVE task without a kernel", l->id);
  if (sp->n_inputs == 0 || sp->n_outputs == 0)
    return fail_at (c, first, error, "layer '%s': SHAVE kernel '%s' without inputs or outputs",
                    l->id, sp->kernel);
  l->kernel = vs_network_intern (c->net, sp->kernel);
  for (guint i = 1; i < g->tasks->len; i++) {
    const VsShaveSpec *p = &vs_schedule_task (c->s, g_array_index (g->tasks, guint, i))->spec.shave;
    if (p->n_inputs != sp->n_inputs || p->n_outputs != sp->n_outputs)
      return fail_at (c, first, error, "layer '%s': its SHAVE tasks have different tensor counts",
                      l->id);
  }
  l->n_inputs = MIN (sp->n_inputs, VS_NET_MAX_TENSORS);
  l->n_outputs = MIN (sp->n_outputs, VS_NET_MAX_TENSORS);
  for (guint k = 0; k < l->n_inputs; k++)
    concat_parts (c->s, g, k, FALSE, &l->inputs[k]);
  for (guint k = 0; k < l->n_outputs; k++)
    concat_parts (c->s, g, k, TRUE, &l->outputs[k]);
  guint64 tiles = 0;
  for (guint i = 0; i < g->tasks->len; i++) {
    gint32 t = task_tile (c->s, vs_schedule_task (c->s, g_array_index (g->tasks, guint, i)));
    if (t >= 0 && t < 64)
      tiles |= G_GUINT64_CONSTANT (1) << t;
  }
  l->has_compiler = TRUE;
  l->tiles = MAX (__builtin_popcountll (tiles), 1);
  l->parts = (gint32) g->tasks->len;
  return TRUE;
}

/* A task the network can describe: a DPU task with its tensors and
 * variants, a SHAVE kernel with inputs and outputs.  Others (the runtime's
 * cache-handling kernels, DPU tasks an old schedule syntax left without
 * tensors) are left out, with a note. */
static gboolean
describes_work (Ctx *c, const VsTask *t)
{
  const char *why = NULL;
  if (t->kind == VS_TASK_DPU && (t->spec.dpu.n_variants == 0 || t->spec.dpu.input < 0 ||
                                 t->spec.dpu.output < 0))
    why = "a DPU task without tensors or variants";
  if (t->kind == VS_TASK_SHAVE && (t->spec.shave.n_inputs == 0 || t->spec.shave.n_outputs == 0))
    why = "a SHAVE kernel without inputs or outputs";
  if (why == NULL)
    return TRUE;
  if (c->notes != NULL) {
    if (t->line > 0)
      g_ptr_array_add (c->notes, g_strdup_printf ("%s:%d: task '%s' (%s) is %s: left out of the "
                                                  "network", c->s->path, t->line, t->id,
                                                  t->name != NULL ? t->name : "", why));
    else
      g_ptr_array_add (c->notes, g_strdup_printf ("%s: task '%s' (%s) is %s: left out of the "
                                                  "network", c->s->path, t->id,
                                                  t->name != NULL ? t->name : "", why));
  }
  return FALSE;
}

/* Group the compute tasks into layers, in order of first appearance. */
static GPtrArray *
group_tasks (Ctx *c)
{
  GPtrArray *groups = g_ptr_array_new ();
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < c->s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (c->s, i);
    c->layer_of[i] = -1;
    if (t->kind != VS_TASK_DPU && t->kind != VS_TASK_SHAVE)
      continue;
    if (!describes_work (c, t))
      continue;
    g_autofree char *key = vs_network_layer_key (t->name != NULL ? t->name : t->id);
    char *full = t->kind == VS_TASK_DPU
                   ? g_strdup_printf ("%s|DPU|%d", key, t->spec.dpu.op)
                   : g_strdup_printf ("%s|SHAVE|%s", key, t->spec.shave.kernel ? t->spec.shave.kernel : "");
    gpointer found = g_hash_table_lookup (by_key, full);
    guint index;
    if (found == NULL) {
      index = groups->len;
      Group *g = g_new0 (Group, 1);
      g->tasks = g_array_new (FALSE, FALSE, sizeof (guint));
      g_ptr_array_add (groups, g);
      g_hash_table_insert (by_key, full, GUINT_TO_POINTER (index + 1));
    } else {
      index = GPOINTER_TO_UINT (found) - 1;
      g_free (full);
    }
    g_array_append_val (((Group *) groups->pdata[index])->tasks, i);
    c->layer_of[i] = (gint32) index;
  }
  return groups;
}

static void
free_group (gpointer p)
{
  Group *g = p;
  g_array_unref (g->tasks);
  g_free (g);
}

static gboolean
build_layers (Ctx *c, GPtrArray *groups, GError **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint gi = 0; gi < groups->len; gi++) {
    const Group *g = groups->pdata[gi];
    const VsTask *first = vs_schedule_task (c->s, g_array_index (g->tasks, guint, 0));
    g_autofree char *key = vs_network_layer_key (first->name != NULL ? first->name : first->id);
    g_autofree char *base = layer_id_of (key);
    g_autofree char *id = g_strdup (base);
    for (int k = 2; g_hash_table_contains (ids, id); k++) {
      g_free (id);
      id = g_strdup_printf ("%s#%d", base, k);
    }
    VsNetLayer l;
    memset (&l, 0, sizeof l);
    l.id = vs_network_intern (c->net, id);
    g_hash_table_add (ids, (gpointer) l.id);
    l.name = vs_network_intern (c->net, key);
    l.kernel_w = l.kernel_h = l.stride_w = l.stride_h = 1;
    l.line = first->line;
    l.kind = first->kind == VS_TASK_DPU ? VS_LAYER_DPU : VS_LAYER_SHAVE;
    gboolean ok = l.kind == VS_LAYER_DPU ? build_dpu (c, g, &l, error) : build_shave (c, g, &l, error);
    if (!ok)
      return FALSE;
    g_array_append_val (c->net->layers, l);
  }
  return TRUE;
}

/* Edges and placements from the data flow. */
static void
trace_edges (Ctx *c, GPtrArray *groups)
{
  for (guint gi = 0; gi < groups->len; gi++) {
    const Group *g = groups->pdata[gi];
    VsNetLayer *l = vs_network_layer (c->net, gi);
    g_array_set_size (c->producers, 0);
    VsPlacement seen[VS_NET_MAX_TENSORS + 1] = { VS_PLACE_ANY };
    gboolean permuted[VS_NET_MAX_TENSORS + 1] = { FALSE };
    for (guint i = 0; i < g->tasks->len; i++) {
      guint task = g_array_index (g->tasks, guint, i);
      const VsTask *t = vs_schedule_task (c->s, task);
      VsTensorRef refs[VS_NET_MAX_TENSORS + 1];
      guint n = 0;
      if (t->kind == VS_TASK_DPU) {
        refs[n++] = t->spec.dpu.input;
        if (l->op == VS_OP_ELTWISE || l->op == VS_OP_ELTWISE_MUL)
          refs[n++] = t->spec.dpu.weights;
      } else {
        for (guint k = 0; k < t->spec.shave.n_inputs && n < VS_NET_MAX_TENSORS; k++)
          refs[n++] = t->spec.shave.inputs[k];
      }
      for (guint k = 0; k < n; k++) {
        c->permuted = FALSE;
        VsPlacement p = trace_input (c, task, refs[k]);
        permuted[k] |= c->permuted;
        if (p == VS_PLACE_DDR || seen[k] == VS_PLACE_ANY)
          seen[k] = seen[k] == VS_PLACE_DDR ? VS_PLACE_DDR : p;
      }
    }
    if (l->kind == VS_LAYER_DPU) {
      l->inputs[0].placement = seen[0];
      l->inputs[0].permuted = permuted[0];
      if (l->op == VS_OP_ELTWISE || l->op == VS_OP_ELTWISE_MUL) {
        l->weights.placement = seen[1];
        l->weights.permuted = permuted[1];
      }
    } else {
      for (guint k = 0; k < l->n_inputs; k++) {
        l->inputs[k].placement = seen[k];
        l->inputs[k].permuted = permuted[k];
      }
    }
    for (guint p = 0; p < c->producers->len; p++) {
      guint from = g_array_index (c->producers, guint, p);
      if (from == gi)
        continue;
      VsNetEdge e = { from, gi, 0 };
      g_array_append_val (c->net->edges, e);
    }
  }
  /* Outputs copied to DDR live there; the others stay in CMX. */
  for (guint i = 0; i < c->net->layers->len; i++)
    for (guint k = 0; k < vs_network_layer (c->net, i)->n_outputs; k++)
      vs_network_layer (c->net, i)->outputs[k].placement = VS_PLACE_CMX;
  for (guint i = 0; i < c->s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (c->s, i);
    const VsTensor *dst = t->kind == VS_TASK_DMA ? vs_schedule_tensor (c->s, t->spec.dma.dst) : NULL;
    if (dst == NULL || dst->memory != VS_MEMORY_DDR || is_profiling (c->s, t->spec.dma.src))
      continue;
    g_array_set_size (c->producers, 0);
    trace_input (c, i, t->spec.dma.src);
    for (guint p = 0; p < c->producers->len; p++) {
      VsNetLayer *l = vs_network_layer (c->net, g_array_index (c->producers, guint, p));
      for (guint k = 0; k < l->n_outputs; k++)
        l->outputs[k].placement = VS_PLACE_DDR;
    }
  }
}

/* Edges sorted by consumer then producer, so the file reads top-down. */
static gint
compare_edges (gconstpointer a, gconstpointer b)
{
  const VsNetEdge *x = a, *y = b;
  if (x->to != y->to)
    return x->to < y->to ? -1 : 1;
  return x->from < y->from ? -1 : x->from > y->from;
}

static gboolean
is_profiling_buffer (const VsSchedule *s, VsTensorRef ref)
{
  if (ref < 0)
    return FALSE;
  const VsTensor *b = vs_schedule_buffer (s, ref);
  return b->memory == VS_MEMORY_REGISTER ||
         (b->name != NULL && (strstr (b->name, "rofiling") != NULL ||
                              strstr (b->name, "PROFWORKPOINT") != NULL));
}

/* A profiled build reads a timer register into CMX by DMA before and after
 * each of its DMAs (NPU 2.7 and VPU 2.0 builds; NPU 4.0 profiles DMAs in
 * hardware): timestamps per data DMA, rounded, at most 2. */
static gint32
count_dma_timestamps (const VsSchedule *s)
{
  guint stamps = 0, data = 0;
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    if (t->kind != VS_TASK_DMA)
      continue;
    VsTensorRef src = t->spec.dma.src, dst = t->spec.dma.dst;
    if (src >= 0 && vs_schedule_buffer (s, src)->memory == VS_MEMORY_REGISTER)
      stamps++;
    else if (!is_profiling_buffer (s, src) && !is_profiling_buffer (s, dst))
      data++;
  }
  if (stamps == 0 || data == 0)
    return 0;
  return (gint32) CLAMP ((stamps + data / 2) / data, 1, 2);
}

VsNetwork *
vs_network_recover (const VsSchedule *schedule, GPtrArray *notes, GError **error)
{
  g_return_val_if_fail (schedule != NULL, NULL);
  g_autoptr(VsNetwork) net = vs_network_new ();
  net->path = g_strdup (schedule->path != NULL ? schedule->path : "schedule");
  net->device = g_strdup (schedule->device_preset);
  net->tiles = schedule->device.tiles;
  net->dma_timestamps = count_dma_timestamps (schedule);
  g_hash_table_insert (net->source, g_strdup ("schedule"), g_strdup (net->path));
  const char *estimate = g_hash_table_lookup (schedule->source, "inference_timing_cycles");
  if (estimate != NULL)
    g_hash_table_insert (net->source, g_strdup ("compiler_estimate_cycles"), g_strdup (estimate));
  Ctx c = { .s = schedule, .net = net, .layer_of = g_new0 (gint32, schedule->tasks->len + 1),
            .writes = g_array_new (FALSE, FALSE, sizeof (Write)),
            .producers = g_array_new (FALSE, FALSE, sizeof (guint)), .notes = notes };
  g_autoptr(GPtrArray) groups = group_tasks (&c);
  g_ptr_array_set_free_func (groups, free_group);
  gboolean ok = TRUE;
  if (groups->len == 0)
    ok = fail_at (&c, NULL, error, "no DPU or SHAVE task: no layer to recover");
  if (ok)
    ok = build_layers (&c, groups, error);
  if (ok) {
    collect_writes (&c);
    trace_edges (&c, groups);
    g_array_sort (net->edges, compare_edges);
    /* Validation names the schedule's lines: the layers carry them. */
    ok = vs_network_validate (net, error);
  }
  g_free (c.layer_of);
  g_array_unref (c.writes);
  g_array_unref (c.producers);
  return ok ? g_steal_pointer (&net) : NULL;
}
