/* SPDX-License-Identifier: Apache-2.0 */
/* lower_plan.c — per layer: which strategy, which tiles, which workloads
 * (see lower_plan.h).  VPUNN's layer-level cost does the search; this file
 * turns its tile shares and splits into whole-layer boxes. */
#include "sim/lower/lower_plan.h"

#include <string.h>

#include "models/vpunn/dpu_theoretical.h"
#include "models/vpunn/layer_tiles.h"
#include "models/vpunn/vpunn_paths.h"

gboolean
vs_lower_models_open (VsLowerModels *m, const VsDevice *device, const char *models_dir, char **why)
{
  memset (m, 0, sizeof *m);
  m->device = *device;
  const char *file = vs_vpunn_default_dpu_model (vs_arch_vpu_device (device->arch));
  GError *error = NULL;
  g_autofree char *path = file != NULL ? vs_vpunn_find_file (models_dir, file, &error) : NULL;
  if (path == NULL) {
    *why = error != NULL ? g_strdup (error->message)
                         : g_strdup_printf ("no VPUNN DPU model for %s", device->name);
    g_clear_error (&error);
    return FALSE;
  }
  VsVpunnDpu *dpu = vs_vpunn_dpu_new (path, &error);
  if (dpu == NULL || !vs_vpunn_dpu_is_loaded (dpu)) {
    *why = g_strdup_printf ("%s: %s", path, error != NULL ? error->message
                                            : dpu != NULL ? vs_vpunn_dpu_load_error (dpu) : "not loaded");
    g_clear_error (&error);
    if (dpu != NULL)
      vs_vpunn_dpu_free (dpu);
    return FALSE;
  }
  m->dpu = dpu;
  m->layer_cost = vs_layer_cost_new (dpu);
  return TRUE;
}

void
vs_lower_models_close (VsLowerModels *m)
{
  if (m->layer_cost != NULL)
    vs_layer_cost_free (m->layer_cost);
  if (m->dpu != NULL)
    vs_vpunn_dpu_free (m->dpu);
  m->layer_cost = NULL;
  m->dpu = NULL;
}

void
vs_layer_plan_clear (VsLayerPlan *p)
{
  if (p->workloads != NULL)
    g_array_unref (p->workloads);
  memset (p, 0, sizeof *p);
}

static void
vpu_tensor (const VsNetTensor *t, VsVpuTensor *out)
{
  memset (out, 0, sizeof *out);
  out->w = (guint32) (t->rank == 4 ? t->shape[3] : 1);
  out->h = (guint32) (t->rank == 4 ? t->shape[2] : 1);
  out->c = (guint32) (t->rank == 4 ? t->shape[1] : 1);
  out->b = 1;
  out->dtype = t->dtype;
  out->layout = VS_LAYOUT_ZXY;  /* the layer rules know the new layout names only */
}

void
vs_lower_layer_workload (const VsNetLayer *l, const VsDevice *device, VsDpuWorkload *out)
{
  vs_dpu_layer_init (out);
  out->device = vs_arch_vpu_device (device->arch);
  out->op = l->op;
  vpu_tensor (&l->inputs[0], &out->input);
  vpu_tensor (&l->outputs[0], &out->output);
  out->kernel_w = (guint32) l->kernel_w, out->kernel_h = (guint32) l->kernel_h;
  out->stride_w = (guint32) l->stride_w, out->stride_h = (guint32) l->stride_h;
  out->pad_top = (guint32) l->pad_top, out->pad_bottom = (guint32) l->pad_bottom;
  out->pad_left = (guint32) l->pad_left, out->pad_right = (guint32) l->pad_right;
  out->activation = l->activation;
  out->act_sparsity = l->act_sparsity;
  out->weight_sparsity = l->weight_sparsity;
  out->weight_sparsity_enabled = l->weight_sparsity_enabled;
}

gboolean
vs_lower_tiling (VsStrategy s, VsTilingStrategy *out)
{
  switch (s) {
  case VS_STRATEGY_CLUSTERING: *out = VS_TILING_NONE; return TRUE;
  case VS_STRATEGY_SOH: *out = VS_TILING_SOH_OVERLAPPED; return TRUE;
  case VS_STRATEGY_SOK: *out = VS_TILING_SOK; return TRUE;
  case VS_STRATEGY_SOW: *out = VS_TILING_SOW; return TRUE;
  case VS_STRATEGY_SOHW: *out = VS_TILING_SOHW; return TRUE;
  case VS_STRATEGY_SOHK: *out = VS_TILING_SOHK; return TRUE;
  default: return FALSE;
  }
}

guint
vs_lower_device_strategies (const VsDevice *device, VsStrategy *out)
{
  const VsTilingStrategy *list = NULL;
  guint n = vs_tiling_strategies_of_device (vs_arch_vpu_device (device->arch), &list);
  guint k = 0;
  for (guint i = 0; i < n; i++)
    for (int s = VS_STRATEGY_CLUSTERING; s < VS_STRATEGY_COUNT; s++) {
      VsTilingStrategy t;
      if (vs_lower_tiling ((VsStrategy) s, &t) && t == list[i] && t != VS_TILING_SOHW &&
          t != VS_TILING_SOHK)
        out[k++] = (VsStrategy) s;
    }
  if (k == 0)                   /* devices without layer rules: clustering and SOH */
    out[k++] = VS_STRATEGY_CLUSTERING, out[k++] = VS_STRATEGY_SOH;
  return k;
}

static gint64
share_bytes (const VsDpuWorkload *w, gboolean full_output, const VsDpuWorkload *layer)
{
  const VsVpuTensor *o = full_output ? &layer->output : &w->output;
  gint64 in = (gint64) w->input.w * w->input.h * w->input.c * MAX (vs_data_type_bytes (w->input.dtype), 1);
  gint64 out = (gint64) o->w * o->h * o->c * MAX (vs_data_type_bytes (o->dtype), 1);
  gint64 weights = w->op == VS_OP_CONVOLUTION || w->op == VS_OP_CM_CONVOLUTION
                     ? (gint64) w->output.c * w->input.c * w->kernel_w * w->kernel_h * 2
                     : w->op == VS_OP_DW_CONVOLUTION ? (gint64) w->output.c * w->kernel_w * w->kernel_h * 2 : 0;
  return in + out + weights;
}

VsCycles
vs_lower_layer_cost (VsLowerModels *m, const VsNetLayer *l, VsStrategy s, guint n_tiles,
                     VsChooseWith with)
{
  VsTilingStrategy tiling;
  if (l->kind != VS_LAYER_DPU || !vs_lower_tiling (s, &tiling) || n_tiles == 0 ||
      n_tiles > VS_LOWER_MAX_TILES)
    return VS_ERROR_L2_INVALID_PARAMETERS;
  VsDpuWorkload layer;
  vs_lower_layer_workload (l, &m->device, &layer);
  if (with == VS_CHOOSE_VPUNN) {
    if (m->layer_cost == NULL)
      return VS_ERROR_INFERENCE_NOT_POSSIBLE;
    VsLayerContext ctx = { (guint) MAX (m->device.dpus_per_tile, 1), n_tiles, FALSE, FALSE, TRUE };
    return vs_layer_cost (m->layer_cost, &layer, tiling, &ctx, NULL);
  }
  VsDpuWorkload shares[VS_LOWER_MAX_TILES];
  guint n = vs_layer_split_tiles (&layer, tiling, n_tiles, shares);
  if (n == 0)
    return VS_ERROR_TILE_OUTPUT;
  VsCycles worst = 0;
  for (guint i = 0; i < n; i++) {
    if (share_bytes (&shares[i], s == VS_STRATEGY_SOK, &layer) > m->device.cmx_bytes_per_tile)
      return VS_ERROR_INPUT_TOO_BIG;
    shares[i].execution_mode = VS_EXEC_CUBOID_16x16;
    VsCycles c = vs_dpu_theoretical_cycles (&shares[i]);
    if (VS_CYCLES_IS_ERROR (c))
      return c;
    worst = MAX (worst, c);
  }
  return worst;
}

/* --- geometry ---------------------------------------------------------------- */

static int
split_axis (VsStrategy s)
{
  return s == VS_STRATEGY_SOH ? 1 : s == VS_STRATEGY_SOW ? 0 : s == VS_STRATEGY_SOK ? 2 : -1;
}

/* Shares of the output from VPUNN's tile split, as whole-layer boxes. */
static guint
shares_of (const VsDpuWorkload *layer, VsStrategy s, guint n_tiles, VsBox *boxes,
           VsDpuWorkload *tiles)
{
  VsTilingStrategy tiling;
  if (!vs_lower_tiling (s, &tiling))
    return 0;
  guint n = vs_layer_split_tiles (layer, tiling, n_tiles, tiles);
  int axis = split_axis (s);
  gint32 origin = 0;
  for (guint i = 0; i < n; i++) {
    const VsVpuTensor *o = &tiles[i].output;
    gint32 size[3] = { (gint32) o->w, (gint32) o->h, (gint32) o->c };
    for (int d = 0; d < 3; d++) {
      boxes[i].lo[d] = d == axis ? origin : 0;
      boxes[i].hi[d] = boxes[i].lo[d] + size[d] - 1;
    }
    if (axis >= 0)
      origin += size[axis];
  }
  return n;
}

static void
add_workload (VsLayerPlan *p, guint tile, const VsBox *b, const VsDpuWorkload *w)
{
  VsNetWorkload nw;
  memset (&nw, 0, sizeof nw);
  nw.tile = (gint32) tile;
  memcpy (nw.out_start, b->lo, sizeof nw.out_start);
  memcpy (nw.out_end, b->hi, sizeof nw.out_end);
  nw.pad_top = (gint32) w->pad_top, nw.pad_bottom = (gint32) w->pad_bottom;
  nw.pad_left = (gint32) w->pad_left, nw.pad_right = (gint32) w->pad_right;
  nw.mpe_mode = w->execution_mode;
  g_array_append_val (p->workloads, nw);
}

/* Shares and workloads for strategy `s` on n tiles: VPUNN's best split of
 * every tile when its model is loaded, else one workload per tile. */
static gboolean
plan_searched (VsLowerModels *m, const VsNetLayer *l, VsStrategy s, guint n_tiles, VsLayerPlan *p)
{
  VsDpuWorkload layer;
  vs_lower_layer_workload (l, &m->device, &layer);
  VsDpuWorkload tiles[VS_LOWER_MAX_TILES];
  guint n = shares_of (&layer, s, n_tiles, p->share, tiles);
  if (n == 0)
    return FALSE;
  p->strategy = s;
  p->n_tiles = n;
  g_array_set_size (p->workloads, 0);
  VsLayerResult result;
  memset (&result, 0, sizeof result);
  VsTilingStrategy tiling = VS_TILING_NONE;
  vs_lower_tiling (s, &tiling);
  gboolean searched = FALSE;
  if (m->layer_cost != NULL) {
    VsLayerContext ctx = { (guint) MAX (m->device.dpus_per_tile, 1), n_tiles, FALSE, FALSE, TRUE };
    VsCycles c = vs_layer_cost (m->layer_cost, &layer, tiling, &ctx, &result);
    searched = !VS_CYCLES_IS_ERROR (c) && result.n_tiles == n;
    for (guint t = 0; searched && t < n; t++)
      searched = result.tiles[t].n_workloads > 0;
    if (searched)
      p->cost = c;
  }
  for (guint t = 0; t < n; t++) {
    if (!searched) {
      /* One workload per DPU of the tile, in bands of rows. */
      VsDpuWorkload one = tiles[t];
      one.execution_mode = m->device.arch == VS_ARCH_VPU20 ? VS_EXEC_MATRIX : VS_EXEC_CUBOID_16x16;
      const VsBox *share = &p->share[t];
      gint32 rows = share->hi[1] - share->lo[1] + 1;
      gint32 parts = CLAMP (m->device.dpus_per_tile, 1, rows);
      for (gint32 k = 0; k < parts; k++) {
        VsBox b = *share;
        b.lo[1] = share->lo[1] + rows * k / parts;
        b.hi[1] = share->lo[1] + rows * (k + 1) / parts - 1;
        VsDpuWorkload w = one;
        if (k > 0)
          w.pad_top = 0;
        if (k < parts - 1)
          w.pad_bottom = 0;
        add_workload (p, t, &b, &w);
      }
      continue;
    }
    for (guint k = 0; k < result.tiles[t].n_workloads; k++) {
      const VsLayerWorkload *lw = &result.tiles[t].workloads[k];
      VsBox b;
      gint32 off[3] = { (gint32) lw->offset_w, (gint32) lw->offset_h, (gint32) lw->offset_c };
      gint32 size[3] = { (gint32) lw->workload.output.w, (gint32) lw->workload.output.h,
                         (gint32) lw->workload.output.c };
      for (int d = 0; d < 3; d++) {
        b.lo[d] = p->share[t].lo[d] + off[d];
        b.hi[d] = MIN (b.lo[d] + size[d] - 1, p->share[t].hi[d]);
      }
      add_workload (p, t, &b, &lw->workload);
    }
  }
  p->workload_source = searched ? "vpunn" : "one per DPU";
  vs_layer_result_clear (&result);
  return TRUE;
}

/* The compiler's own workloads, when the layer runs on its recorded tiles. */
static void
plan_recorded (const VsNetwork *net, const VsNetLayer *l, VsLayerPlan *p)
{
  p->strategy = l->strategy;
  p->n_tiles = (guint) l->tiles;
  for (guint t = 0; t < p->n_tiles; t++)
    p->share[t] = (VsBox) { { G_MAXINT32, G_MAXINT32, G_MAXINT32 }, { -1, -1, -1 } };
  g_array_set_size (p->workloads, 0);
  for (guint i = 0; i < l->n_workloads; i++) {
    const VsNetWorkload *w = vs_network_workload (net, l->first_workload + i);
    g_array_append_val (p->workloads, *w);
    VsBox *b = &p->share[w->tile];
    for (int d = 0; d < 3; d++) {
      b->lo[d] = MIN (b->lo[d], w->out_start[d]);
      b->hi[d] = MAX (b->hi[d], w->out_end[d]);
    }
  }
  p->workload_source = "compiler";
}

static gboolean
plan_dpu (VsLowerModels *m, const VsNetwork *net, const VsNetLayer *l, VsLowerMode mode,
          VsStrategy fixed, VsChooseWith with, guint n_tiles, VsLayerPlan *p, GPtrArray *notes,
          GError **error)
{
  /* A layer the compiler ran on fewer tiles than it had keeps that count. */
  if (mode == VS_LOWER_KEEP && l->tiles > 0 && net->tiles > 0 && l->tiles < net->tiles)
    n_tiles = MIN (n_tiles, (guint) l->tiles);
  if (mode == VS_LOWER_KEEP && l->strategy != VS_STRATEGY_NONE && l->n_workloads > 0 &&
      (guint) l->tiles == n_tiles) {
    gboolean every_tile = TRUE;
    for (guint i = 0; i < l->n_workloads; i++)
      every_tile &= vs_network_workload (net, l->first_workload + i)->tile < l->tiles;
    if (every_tile) {
      plan_recorded (net, l, p);
      for (guint t = 0; t < p->n_tiles; t++)
        every_tile &= p->share[t].hi[0] >= 0;
      if (every_tile)
        return TRUE;
    }
  }
  VsStrategy wanted = mode == VS_LOWER_FIXED ? fixed
                    : mode == VS_LOWER_KEEP && l->strategy != VS_STRATEGY_NONE ? l->strategy
                    : VS_STRATEGY_NONE;
  if (mode == VS_LOWER_AUTO) {
    VsStrategy list[VS_STRATEGY_COUNT];
    guint n = vs_lower_device_strategies (&m->device, list);
    VsCycles best = VS_ERROR_INPUT_TOO_BIG;
    for (guint i = 0; i < n; i++) {
      VsCycles c = vs_lower_layer_cost (m, l, list[i], n_tiles, with);
      if (!VS_CYCLES_IS_ERROR (c) && (VS_CYCLES_IS_ERROR (best) || c < best)) {
        best = c;
        wanted = list[i];
      }
    }
    if (wanted == VS_STRATEGY_NONE) {
      g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID,
                   "%s:%d: layer '%s' fits no strategy on %u tiles of %s (%s)", net->path, l->line,
                   l->id, n_tiles, m->device.name, vs_cycles_error_name (best));
      return FALSE;
    }
  }
  if (wanted != VS_STRATEGY_NONE && plan_searched (m, l, wanted, n_tiles, p)) {
    if (mode == VS_LOWER_AUTO || m->layer_cost == NULL || p->cost > 0 || wanted == VS_STRATEGY_CLUSTERING)
      return TRUE;
  }
  /* The strategy asked for cannot run this layer: clustering instead. */
  if (notes != NULL && wanted != VS_STRATEGY_CLUSTERING)
    g_ptr_array_add (notes, g_strdup_printf ("layer '%s': %s does not run it on %u tiles of %s; "
                                             "clustering instead", l->id,
                                             wanted != VS_STRATEGY_NONE ? vs_strategy_name (wanted) : "no strategy",
                                             n_tiles, m->device.name));
  p->cost = 0;
  if (!plan_searched (m, l, VS_STRATEGY_CLUSTERING, n_tiles, p)) {
    g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID,
                 "%s:%d: layer '%s' fits no strategy on %u tiles of %s", net->path, l->line, l->id,
                 n_tiles, m->device.name);
    return FALSE;
  }
  return TRUE;
}

/* SHAVE parts: `keep` keeps the compiler's parts per tile, on as many tiles
 * as it used (all of them when it used all the network's tiles); otherwise
 * every SHAVE of every tile gets a part. */
static void
plan_shave (const VsNetwork *net, const VsNetLayer *l, VsLowerMode mode, guint n_tiles,
            gint32 shaves, VsLayerPlan *p)
{
  const VsNetTensor *o = &l->outputs[0];
  p->axis = o->rank > 1 ? 1 : 0;
  for (int d = p->axis; d < o->rank; d++)
    if (o->shape[d] > o->shape[p->axis])
      p->axis = d;
  guint tiles = n_tiles;
  guint64 parts = (guint64) n_tiles * (guint64) MAX (shaves, 1);
  if (mode == VS_LOWER_KEEP && l->parts > 0 && l->tiles > 0) {
    guint64 per_tile = ((guint64) l->parts + (guint64) l->tiles - 1) / (guint64) l->tiles;
    if (net->tiles <= 0 || l->tiles < net->tiles)
      tiles = MIN (n_tiles, (guint) l->tiles);
    parts = per_tile * tiles;
  }
  parts = MIN (parts, (guint64) o->shape[p->axis]);
  p->parts = (guint) MAX (parts, 1);
  p->n_tiles = MIN (tiles, p->parts);
  p->strategy = VS_STRATEGY_NONE;
}

gboolean
vs_lower_plan_layer (VsLowerModels *m, const VsNetwork *net, guint index, VsLowerMode mode,
                     VsStrategy fixed, VsChooseWith with, guint n_tiles, VsLayerPlan *plan,
                     GPtrArray *notes, GError **error)
{
  vs_layer_plan_clear (plan);
  plan->workloads = g_array_new (FALSE, FALSE, sizeof (VsNetWorkload));
  const VsNetLayer *l = vs_network_layer (net, index);
  if (mode == VS_LOWER_KEEP && l->kind == VS_LAYER_DPU && l->strategy == VS_STRATEGY_NONE)
    mode = VS_LOWER_AUTO;       /* nothing recorded to keep */
  n_tiles = CLAMP (n_tiles, 1u, (guint) VS_LOWER_MAX_TILES);
  if (l->kind == VS_LAYER_DPU)
    return plan_dpu (m, net, l, mode, fixed, with, n_tiles, plan, notes, error);
  if (l->kind == VS_LAYER_SHAVE)
    plan_shave (net, l, mode, n_tiles, m->device.shaves_per_tile, plan);
  else
    plan->n_tiles = 1;
  return TRUE;
}
