/* SPDX-License-Identifier: Apache-2.0 */
/* lower.h — a network lowered to a schedule that replays (`vpusim lower`).
 *
 * Every layer, in a topological order, becomes:
 *   - its plan (lower_plan.h): strategy, tiles, shares, workloads;
 *   - input fetches: a tile whose share of an input is already in its CMX
 *     (the producer's output kept there, covering the rows or channels the
 *     share needs, halo rows aside) reads it in place; otherwise the
 *     producer's output is copied to DDR once (a spill) and every tile's
 *     share is fetched from DDR by a DMA — one broadcast DMA to all tiles
 *     that need the same data (whole inputs of clustering and SOK layers,
 *     replicated weights); network inputs and weights start in DDR;
 *   - one DPU task per tile with the plan's workloads as variants, or one
 *     SHAVE task per part on its tile's SHAVEs;
 *   - the output kept in CMX for its consumers, copied to DDR when it is a
 *     network output, when `keep` follows the compiler's DDR placement, or
 *     when CMX runs out (the oldest live output is spilled first).
 * CMX is allocated per tile, first fit, 64-byte aligned, within the device's
 * cmx_bytes_per_tile; a block freed by one tensor and reused by another
 * makes the new writer wait for the old tensor's readers.  Dependencies are
 * exact: every task waits on one barrier per distinct set of tasks it
 * depends on (its data producers and the readers of the memory it
 * overwrites), updated by exactly those tasks.  Tasks are emitted in an
 * order where every dependency comes first, so the in-order queues can
 * never deadlock.  Queues: a DMA queue per port (and per source channel on
 * NPU 4.0; DMAs alternate between ports), a DPU queue per tile, a SHAVE
 * queue per tile (or per SHAVE with dedicated FIFOs).
 *
 * Errors (VS_NETWORK_ERROR_INVALID, naming the network file and line): a
 * layer no strategy runs, a layer whose own tensors do not fit in CMX.
 */
#ifndef VS_LOWER_H
#define VS_LOWER_H

#include <glib.h>

#include "sim/lower/lower_plan.h"
#include "sim/lower/network.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

/* A layer's own choice (--strategy-file): its mode and, for
 * VS_LOWER_FIXED, strategy, in place of the options' for its plan only
 * (placements and stamps still follow the options' mode). */
typedef struct {
  gboolean set;
  VsLowerMode mode;
  VsStrategy strategy;
} VsLowerLayerChoice;

typedef struct {
  VsLowerMode mode;
  VsStrategy strategy;          /* VS_LOWER_FIXED */
  VsChooseWith choose_with;
  guint tiles;                  /* 0: the network's recorded tiles, else the device's */
  gboolean keep_placement;      /* also with auto or a strategy: the compiler's DDR placements
                                   and SHAVE part counts (always so with keep) */
  const VsLowerLayerChoice *layer_choices;  /* NULL, or one per layer of the network */
} VsLowerOptions;

/* The schedule of `net` on m->device (m->device.tiles is set to the tiles
 * used); `device_preset` names the device in the schedule (NULL: inline).
 * `plans` (may be NULL) receives a VsLayerPlan * per layer (free function
 * set).  Notes (may be NULL) say where a choice fell back. */
VsSchedule *vs_lower (const VsNetwork *net, VsLowerModels *m, const char *device_preset,
                      const VsLowerOptions *options, GPtrArray *plans, GPtrArray *notes,
                      GError **error);

/* The tiles a lowering uses: options->tiles, else the network's, else the
 * device's. */
guint vs_lower_tiles (const VsNetwork *net, const VsDevice *device, const VsLowerOptions *options);

G_END_DECLS

#endif /* VS_LOWER_H */
