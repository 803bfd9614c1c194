/* SPDX-License-Identifier: Apache-2.0 */
/* layer_cost.c — the layer-level cost: validation, inter-tile split, one
 * batched DPU query for every candidate workload of every tile, the list
 * schedule of each candidate on the tile's DPUs, the best split per tile,
 * the slowest tile and the DMA terms (layer.h). */
#include "models/vpunn/layer.h"

#include <string.h>

#include "models/dma_theoretical.h"
#include "models/vpunn/dpu_sanitizer.h"
#include "models/vpunn/layer_split.h"
#include "models/vpunn/layer_tiles.h"
#include "models/vpunn/layer_validate.h"

enum { DEFAULT_MAX_WORKLOADS = 128, DMA_CHANNELS = 2 };

struct VsLayerCost {
  VsVpunnDpu *dpu;              /* borrowed */
  guint max_workloads;
  gboolean one_at_a_time;       /* FALSE: one batched DPU call per query */
  GArray *candidates;           /* VsSplitCandidate, all tiles of the current query */
  GArray *workloads;            /* VsLayerWorkload */
  GArray *queries;              /* VsDpuWorkload, the batch sent to the DPU model */
  GArray *answers;              /* VsCycles */
};

VsLayerCost *
vs_layer_cost_new (VsVpunnDpu *dpu)
{
  g_return_val_if_fail (dpu != NULL, NULL);
  VsLayerCost *lc = g_new0 (VsLayerCost, 1);
  lc->dpu = dpu;
  lc->max_workloads = DEFAULT_MAX_WORKLOADS;
  lc->candidates = g_array_new (FALSE, FALSE, sizeof (VsSplitCandidate));
  lc->workloads = g_array_new (FALSE, FALSE, sizeof (VsLayerWorkload));
  lc->queries = g_array_new (FALSE, FALSE, sizeof (VsDpuWorkload));
  lc->answers = g_array_new (FALSE, FALSE, sizeof (VsCycles));
  return lc;
}

void
vs_layer_cost_free (VsLayerCost *lc)
{
  if (lc == NULL)
    return;
  g_array_unref (lc->candidates);
  g_array_unref (lc->workloads);
  g_array_unref (lc->queries);
  g_array_unref (lc->answers);
  g_free (lc);
}

void
vs_layer_cost_set_max_workloads (VsLayerCost *lc, guint n)
{
  lc->max_workloads = n;
}

void
vs_layer_cost_set_batching (VsLayerCost *lc, gboolean batched)
{
  lc->one_at_a_time = !batched;
}

void
vs_layer_result_clear (VsLayerResult *r)
{
  if (r == NULL)
    return;
  for (guint i = 0; i < r->n_tiles; i++)
    g_free (r->tiles[i].workloads);
  g_free (r->tiles);
  memset (r, 0, sizeof *r);
}

/* dpu_schedule: each task to the least loaded processor, the answer is the
 * most loaded one. */
static VsCycles
list_schedule (guint n_processors, const VsCycles *costs, guint n)
{
  VsCycles load[8] = { 0 };
  n_processors = CLAMP (n_processors, 1, G_N_ELEMENTS (load));
  for (guint i = 0; i < n; i++) {
    guint least = 0;
    for (guint p = 1; p < n_processors; p++)
      if (load[p] < load[least])
        least = p;
    load[least] = vs_cycles_add (load[least], costs[i]);
  }
  VsCycles most = 0;
  for (guint p = 0; p < n_processors; p++)
    most = MAX (most, load[p]);
  return most;
}

/* DPUs in one tile of the device (nDPU_per_tile of the hardware tables). */
static guint
dpus_per_tile (VsVpuDevice d)
{
  return d <= VS_DEVICE_VPU_2_1 ? 5 : 1;
}

/* A one-dimensional transfer of `bytes` bytes, costed as the reference does
 * without a DMA network: a flat UINT8 tensor copy through the theoretical model. */
static VsCycles
dma_flat (VsVpuDevice device, guint32 bytes, gboolean to_cmx)
{
  guint32 length = (guint32) (gint32) bytes;
  VsDmaCopyWorkload w;
  memset (&w, 0, sizeof w);
  w.device = device;
  w.input = (VsVpuTensor) { length, 1, 1, 1, VS_DTYPE_UINT8, VS_LAYOUT_ZXY, FALSE };
  w.output = w.input;
  w.input_location = to_cmx ? VS_MEMLOC_DRAM : VS_MEMLOC_CMX;
  w.output_location = to_cmx ? VS_MEMLOC_CMX : VS_MEMLOC_DRAM;
  w.output_write_tiles = 1;
  return vs_dma_theoretical_cycles (&w);
}

/* ---- the query ---- */

/* The reference's operation replacements and swizzling guard. */
static void
sanitize_layer (VsDpuWorkload *l)
{
  if (l->device >= VS_DEVICE_NPU_5_0)
    l->in_swizzling[0] = l->in_swizzling[1] = l->out_swizzling = VS_SWIZZLING_KEY_0;
  if (l->op == VS_OP_AVEPOOL && l->device < VS_DEVICE_NPU_5_0)
    l->op = VS_OP_DW_CONVOLUTION;
  if (l->device >= VS_DEVICE_VPU_2_7 && l->op == VS_OP_CONVOLUTION && l->input.c >= 1 && l->input.c < 16)
    l->op = VS_OP_CM_CONVOLUTION;
}

/* Is candidate cost a better than the best so far b?  Errors and zero never
 * win; ties keep the earlier one. */
static gboolean
better (VsCycles a, VsCycles b)
{
  if (VS_CYCLES_IS_ERROR (a) || a == 0)
    return FALSE;
  if (VS_CYCLES_IS_ERROR (b) || b == 0)
    return TRUE;
  return a < b;
}

/* The cost of one candidate from its workloads' answers. */
static VsCycles
candidate_cost (const VsLayerWorkload *w, guint n, VsVpuDevice device)
{
  VsCycles costs[256];
  g_autofree VsCycles *heap = n > G_N_ELEMENTS (costs) ? g_new (VsCycles, n) : NULL;
  VsCycles *c = heap != NULL ? heap : costs;
  for (guint i = 0; i < n; i++) {
    if (VS_CYCLES_IS_ERROR (w[i].cycles))
      return w[i].cycles;   /* the first error stands for the split */
    c[i] = w[i].cycles;
  }
  VsCycles total = list_schedule (dpus_per_tile (device), c, n);
  return total == 0 ? VS_ERROR_TILE_SPLIT_ZERO_CYC_OUTPUT : total;
}

/* Costs every candidate of every tile in one batch; fills tile cycles and,
 * when `result` is given, the best split of each tile. */
static void
cost_tiles (VsLayerCost *lc, const VsDpuWorkload *tiles, guint n_tiles, guint n_dpu, VsCycles *tile_cost,
            VsLayerResult *result)
{
  g_autofree guint *first_candidate = g_new (guint, n_tiles + 1);
  g_array_set_size (lc->candidates, 0);
  g_array_set_size (lc->workloads, 0);
  for (guint t = 0; t < n_tiles; t++) {
    first_candidate[t] = lc->candidates->len;
    vs_layer_split_candidates (&tiles[t], n_dpu, lc->max_workloads, lc->candidates, lc->workloads);
  }
  first_candidate[n_tiles] = lc->candidates->len;

  const guint n_wl = lc->workloads->len;
  g_array_set_size (lc->queries, n_wl);
  g_array_set_size (lc->answers, n_wl);
  VsLayerWorkload *wl = (VsLayerWorkload *) (void *) lc->workloads->data;
  VsDpuWorkload *q = (VsDpuWorkload *) (void *) lc->queries->data;
  VsCycles *a = (VsCycles *) (void *) lc->answers->data;
  for (guint i = 0; i < n_wl; i++)
    q[i] = wl[i].workload;
  if (lc->one_at_a_time)
    for (guint i = 0; i < n_wl; i++)
      a[i] = vs_vpunn_dpu_cost (lc->dpu, &q[i]);
  else
    vs_vpunn_dpu_cost_batch (lc->dpu, q, n_wl, a);
  for (guint i = 0; i < n_wl; i++)
    wl[i].cycles = a[i];

  const VsSplitCandidate *cand = (const VsSplitCandidate *) (void *) lc->candidates->data;
  for (guint t = 0; t < n_tiles; t++) {
    const guint lo = first_candidate[t], hi = first_candidate[t + 1];
    if (lo == hi) {
      /* the reference throws "no valid workload generated" */
      tile_cost[t] = VS_ERROR_TILE_SPLIT_EXCEPTION;
      continue;
    }
    guint best = lo;
    VsCycles best_cost = candidate_cost (&wl[cand[lo].first], cand[lo].n, tiles[t].device);
    for (guint c = lo + 1; c < hi; c++) {
      VsCycles cost = candidate_cost (&wl[cand[c].first], cand[c].n, tiles[t].device);
      if (better (cost, best_cost)) {
        best = c;
        best_cost = cost;
      }
    }
    tile_cost[t] = best_cost;
    if (result != NULL) {
      VsLayerTile *rt = &result->tiles[t];
      rt->cycles = best_cost;
      rt->n_candidates = hi - lo;
      rt->n_workloads = cand[best].n;
      rt->workloads = g_memdup2 (&wl[cand[best].first], cand[best].n * sizeof (VsLayerWorkload));
    }
  }
}

/* extractLargestTime: any tile error or an all-zero answer is ERROR_TILE_OUTPUT. */
static VsCycles
slowest_tile (const VsCycles *cost, guint n)
{
  VsCycles largest = 0;
  for (guint i = 0; i < n; i++) {
    if (VS_CYCLES_IS_ERROR (cost[i]))
      largest = VS_ERROR_TILE_OUTPUT;
    else if (!VS_CYCLES_IS_ERROR (largest))
      largest = MAX (largest, cost[i]);
  }
  return largest == 0 ? VS_ERROR_TILE_OUTPUT : largest;
}

static void
result_tiles (VsLayerResult *result, const VsDpuWorkload *tiles, guint n)
{
  if (result == NULL)
    return;
  result->n_tiles = n;
  result->tiles = g_new0 (VsLayerTile, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    result->tiles[i].layer = tiles[i];
}

/* The DMA terms added to a good DPU cost. */
static VsCycles
add_transfers (const VsDpuWorkload *layer, const VsDpuWorkload *tiles, guint n_tiles,
               const VsLayerContext *ctx, VsCycles cost, VsLayerResult *result)
{
  if (!ctx->prefetching) {
    /* every tile fetches its own weights; the fetches share the DMA channels */
    g_autofree VsCycles *w = g_new (VsCycles, n_tiles);
    for (guint t = 0; t < n_tiles; t++) {
      w[t] = dma_flat (layer->device, (guint32) vs_dpu_weights_bytes (&tiles[t]), TRUE);
      if (result != NULL)
        result->tiles[t].weights_dma = w[t];
    }
    VsCycles fetch = list_schedule (DMA_CHANNELS, w, n_tiles);
    cost = vs_cycles_add (cost, fetch);
    if (result != NULL)
      result->weights_dma = fetch;
  }
  if (ctx->input_in_ddr) {
    VsCycles in = dma_flat (layer->device, vs_dma_tensor_bytes (&layer->input), TRUE);
    cost = vs_cycles_add (cost, in);
    if (result != NULL)
      result->input_dma = in;
  }
  if (ctx->output_in_ddr) {
    VsCycles out = dma_flat (layer->device, vs_dma_tensor_bytes (&layer->output), FALSE);
    cost = vs_cycles_add (cost, out);
    if (result != NULL)
      result->output_dma = out;
  }
  return cost;
}

static VsCycles
finish (VsLayerResult *result, VsCycles cycles)
{
  if (result != NULL)
    result->cycles = cycles;
  return cycles;
}

VsCycles
vs_layer_cost (VsLayerCost *lc, const VsDpuWorkload *layer, VsTilingStrategy strategy,
               const VsLayerContext *ctx, VsLayerResult *result)
{
  if (result != NULL) {
    memset (result, 0, sizeof *result);
    result->strategy = strategy;
  }
  /* n_dpu == 0 would make the reference's count generators loop forever */
  if (ctx->n_tiles == 0 || ctx->n_dpu == 0)
    return finish (result, VS_ERROR_L2_INVALID_PARAMETERS);

  VsDpuWorkload l = *layer;
  sanitize_layer (&l);
  VsCycles code;
  if (!vs_layer_check (&l, strategy, ctx->n_tiles, &code))
    return finish (result, code);

  g_autofree VsDpuWorkload *tiles = g_new (VsDpuWorkload, ctx->n_tiles);
  const guint n = vs_layer_split_tiles (&l, strategy, ctx->n_tiles, tiles);
  result_tiles (result, tiles, n);
  for (guint t = 0; t < n; t++)
    if (!vs_dpu_check_tile_layer (&tiles[t], &code))
      return finish (result, code);
  if (n == 0)
    return finish (result, VS_ERROR_TILE_OUTPUT);

  g_autofree VsCycles *tile_cost = g_new (VsCycles, n);
  cost_tiles (lc, tiles, n, ctx->n_dpu, tile_cost, result);
  VsCycles cost = slowest_tile (tile_cost, n);
  if (result != NULL)
    result->dpu_cycles = cost;
  if (VS_CYCLES_IS_ERROR (cost))
    return finish (result, cost);
  return finish (result, add_transfers (&l, tiles, n, ctx, cost, result));
}

VsCycles
vs_layer_cost_best (VsLayerCost *lc, const VsDpuWorkload *layer, const VsLayerContext *ctx,
                    VsTilingStrategy *best_strategy)
{
  const VsTilingStrategy *list;
  guint n = vs_tiling_strategies_of_device (layer->device, &list);
  if (n == 0)
    return VS_ERROR_INVALID_INPUT_DEVICE;
  VsCycles best = G_MAXUINT32;
  VsTilingStrategy best_s = list[0];
  for (guint i = 0; i < n; i++) {
    VsCycles c = vs_layer_cost (lc, layer, list[i], ctx, NULL);
    if (c < best) {
      best = c;
      best_s = list[i];
    }
  }
  if (best_strategy != NULL)
    *best_strategy = best_s;
  return best;
}
