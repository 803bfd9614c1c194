/* SPDX-License-Identifier: Apache-2.0 */
/* layer_split.h — the candidate splits of one tile's layer into DPU workloads
 * (the reference's intra-tile tilers: src/optimization/tiler.cpp, splits.cpp).
 *
 * For every valid MPE mode of the operation (CONVOLUTION: CUBOID_16x16,
 * 8x16, 4x16; element-wise: 8x16; depthwise, channel-major, pooling: 16x16)
 * two algorithms propose workload counts and cut the tile:
 *   HW tiling (only with more than one DPU per tile, and not for operations
 *     whose workloads are limited to 16/32/64 channels): every factor pair
 *     w x h of the count, cells rounded up to the 4x4 grid;
 *   Z tiling: output channels in 16-aligned slices (16, 32 or 64 for
 *     depthwise and pooling); with one DPU, convolutions and element-wise
 *     operations are not cut at all.
 * Counts are multiples of the DPU count up to min(max_workloads, the largest
 * useful count) plus halvings of the largest counts.  Each workload's input
 * is re-derived from its output box, its input halo kept only on the tile's
 * edges, its output inbound halo set to the rest of the tile's output.
 * Candidates come in the reference's order (algorithm, mode, count), which
 * decides ties.  Pure and re-entrant.
 */
#ifndef VS_LAYER_SPLIT_H
#define VS_LAYER_SPLIT_H

#include <glib.h>

#include "models/vpunn/layer.h"

G_BEGIN_DECLS

/* One candidate split: workloads[first .. first + n) of the array filled
 * alongside. */
typedef struct {
  guint first, n;
  VsExecutionMode mode;
} VsSplitCandidate;

/* The MPE modes the search tries for an operation, in the reference's order;
 * returns the count. */
guint vs_layer_split_modes (VsDpuOperation op, VsExecutionMode modes[3]);

/* Appends the candidates of `tile` to `candidates` (VsSplitCandidate) and
 * their workloads to `workloads` (VsLayerWorkload, cycles 0). */
void vs_layer_split_candidates (const VsDpuWorkload *tile, guint n_dpu, guint max_workloads,
                                GArray *candidates, GArray *workloads);

G_END_DECLS

#endif
