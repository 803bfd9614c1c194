/* SPDX-License-Identifier: Apache-2.0 */
/* layer.h — VPUNN's layer-level cost ("level 2" API, VPULayerCostModel::Layer):
 * what one DPU layer costs on a number of tiles under a multi-tile strategy,
 * with the best split of every tile into DPU workloads.
 *
 * A layer is a VsDpuWorkload describing the whole layer (vs_dpu_layer_init
 * gives the reference's defaults).  A query:
 *   1. applies the reference's operation replacements (average pooling runs
 *      as depthwise convolution before NPU 5.0, convolutions with fewer than
 *      16 input channels are channel-major ones) and checks the whole layer
 *      against the device's layer rules (layer_validate.h);
 *   2. splits the layer between tiles by the strategy (layer_tiles.h) and
 *      checks every tile's share (CMX fit included);
 *   3. searches every tile's split into workloads (layer_split.h: Z and HW
 *      tiling, candidate workload counts, the valid MPE modes of the operation),
 *      costs every candidate with the DPU model in one batch, list-schedules
 *      it on the tile's DPUs and keeps the cheapest;
 *   4. takes the slowest tile, then adds the weight fetch of every tile when
 *      not prefetching (spread over the device's DMA channels) and the fetch
 *      of the whole input / spill of the whole output when they live in DDR,
 *      each costed by the theoretical DMA model (dma_theoretical.h).
 * The answer equals the reference's for NPU 2.7 and NPU 4.0, error codes
 * included (SPEC.md §9.1).  Other devices are refused with
 * VS_ERROR_INVALID_INPUT_DEVICE (vpusim carries only those two devices'
 * layer rules).
 *
 * Error codes (VsCycles above VS_CYCLES_ERROR_START), as the reference:
 *   VS_ERROR_L2_INVALID_PARAMETERS       n_tiles == 0, or n_dpu == 0 (on which the
 *                                        reference's split search never ends)
 *   VS_ERROR_INVALID_INPUT_DEVICE        device without layer rules
 *   VS_ERROR_INVALID_INPUT_OPERATION     operation the device cannot run
 *   VS_ERROR_INVALID_LAYER_CONFIGURATION the whole layer breaks a layer rule
 *   VS_ERROR_INPUT_TOO_BIG               a tile's share does not fit in CMX
 *   VS_ERROR_INVALID_INPUT_CONFIGURATION a tile's share breaks a tile rule
 *   VS_ERROR_TILE_OUTPUT                 the strategy gives no split (SOHW,
 *                                        SOHK, SOH_K_SWITCH are not
 *                                        implemented by the reference either),
 *                                        or a tile has no valid workload split
 *
 * Threads: a VsLayerCost uses its VsVpunnDpu, which is not thread-safe: one
 * of each per thread.
 */
#ifndef VS_LAYER_H
#define VS_LAYER_H

#include <glib.h>

#include "models/vpunn/vpunn_dpu.h"
#include "models/workload.h"

G_BEGIN_DECLS

/* The reference's VPUTilingStrategy, same values and names. */
typedef enum {
  VS_TILING_NONE = 0,            /* "NONE": clustering, every tile computes the whole layer */
  VS_TILING_SOH_OVERLAPPED,      /* "SOHO": output rows split, each tile reads the input rows it needs */
  VS_TILING_SOK,                 /* "SOK": output channels split, results broadcast to all tiles */
  VS_TILING_SOW,                 /* "SOW": output columns split, overlapping inputs */
  VS_TILING_SOHW,                /* "SOHW": not implemented by the reference (no split) */
  VS_TILING_SOHK,                /* "SOHK": not implemented by the reference (no split) */
  VS_TILING_SOH_HALO_READ,       /* "SOH_HaloRead": rows split, overlap read from the neighbour */
  VS_TILING_SOHO_K_SWITCH,       /* "SOHO_K_SWITCH": SOHO with the output broadcast */
  VS_TILING_SOH_K_SWITCH,        /* "SOH_K_SWITCH": not implemented by the reference */
  VS_TILING_SOK_NO_BROADCAST,    /* "SOK_NO_BROADCAST": SOK keeping each slice local */
  VS_TILING_COUNT
} VsTilingStrategy;

/* vs_tiling_strategy_names: the table behind both (hw/name_table.h). */
extern const VsNameEntry vs_tiling_strategy_names[];
const char *vs_tiling_strategy_name (VsTilingStrategy s);
gboolean    vs_tiling_strategy_from_name (const char *name, VsTilingStrategy *out);

/* The strategies the reference's strategy-less call tries for a device, in
 * its order (NPU 2.7: NONE, SOHO, SOK; NPU 4.0: also SOW, SOHW, SOHK,
 * SOHO_K_SWITCH).  Returns the count (0 for other devices). */
guint vs_tiling_strategies_of_device (VsVpuDevice device, const VsTilingStrategy **out);

/* Fill `layer` with the reference's layer defaults: swizzling KEY_5,
 * output_write_tiles 1, clustering, CUBOID_16x16, no sparsity or halo.
 * The caller then sets device, operation, tensors, kernel, strides, padding,
 * activation. */
void vs_dpu_layer_init (VsDpuWorkload *layer);

/* How a layer is run. */
typedef struct {
  guint n_dpu;              /* DPUs per tile the split search aims at */
  guint n_tiles;            /* tiles the layer is shared between */
  gboolean input_in_ddr;    /* add fetching the whole input from DDR */
  gboolean output_in_ddr;   /* add spilling the whole output to DDR */
  gboolean prefetching;     /* FALSE: add fetching every tile's weights */
} VsLayerContext;

/* One workload of a tile's best split: its output box inside the tile's
 * output (offsets), the workload as costed (tensors, MPE mode, halos) and
 * its cycles. */
typedef struct {
  guint32 offset_w, offset_h, offset_c;
  VsDpuWorkload workload;
  VsCycles cycles;
} VsLayerWorkload;

/* One tile's share of the layer and its best split. */
typedef struct {
  VsDpuWorkload layer;          /* the tile's share, as split and checked */
  VsCycles cycles;              /* best split's cost, an error, or 0 when not costed */
  guint n_workloads;
  VsLayerWorkload *workloads;   /* the best split (NULL when none) */
  guint n_candidates;           /* splits tried for this tile */
  VsCycles weights_dma;         /* weight fetch of this tile (0 when prefetching) */
} VsLayerTile;

/* The detailed answer.  Owned arrays; release with vs_layer_result_clear. */
typedef struct {
  VsCycles cycles;              /* what the call returns */
  VsTilingStrategy strategy;
  VsCycles dpu_cycles;          /* slowest tile, or its error */
  VsCycles weights_dma;         /* pipelined weight fetch added (0 if none) */
  VsCycles input_dma, output_dma;
  guint n_tiles;                /* tiles the strategy produced (may be fewer than asked) */
  VsLayerTile *tiles;
} VsLayerResult;

void vs_layer_result_clear (VsLayerResult *r);

typedef struct VsLayerCost VsLayerCost;

/* `dpu` is borrowed and must outlive the object. */
VsLayerCost *vs_layer_cost_new (VsVpunnDpu *dpu);
void         vs_layer_cost_free (VsLayerCost *lc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsLayerCost, vs_layer_cost_free)

/* The reference's maxWorkloadsPerIntraTileSplit (default 128). */
void vs_layer_cost_set_max_workloads (VsLayerCost *lc, guint n);

/* Whether a query sends all its candidate workloads to the DPU model in one
 * batch (default) or one at a time; the answers are the same, only the speed
 * differs (tests/bench_layer_cost compares them). */
void vs_layer_cost_set_batching (VsLayerCost *lc, gboolean batched);

/* Layer(layer, strategy, nDPU, nTiles, input_in_ddr, output_in_ddr,
 * prefetching[, detailed_split]): cycles (DPU clock) or an error code.
 * `result` may be NULL; otherwise it is overwritten (clear it afterwards). */
VsCycles vs_layer_cost (VsLayerCost *lc, const VsDpuWorkload *layer, VsTilingStrategy strategy,
                        const VsLayerContext *ctx, VsLayerResult *result);

/* Layer(layer, nDPU, nTiles, ...): every strategy of the device tried, the
 * smallest answer returned (a cost beats any error code; among errors the
 * smallest code).  *best_strategy (may be NULL) gets the first strategy
 * reaching it. */
VsCycles vs_layer_cost_best (VsLayerCost *lc, const VsDpuWorkload *layer, const VsLayerContext *ctx,
                             VsTilingStrategy *best_strategy);

G_END_DECLS

#endif /* VS_LAYER_H */
