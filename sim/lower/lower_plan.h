/* SPDX-License-Identifier: Apache-2.0 */
/* lower_plan.h — how each layer of a network is run: its multi-tile
 * strategy, tile count, every tile's share of the output and the DPU
 * workloads (with MPE modes) inside it.  The first half of `vpusim lower`
 * (lower.h emits the schedule) and what `vpusim strategy` compares.
 *
 * Choices per DPU layer:
 *   keep       the compiler's recorded strategy; its recorded workloads too
 *              when the tile count is the recorded one (else the split search)
 *   auto       every strategy the device's VPUNN layer model knows
 *              (clustering, soh, sok; sow too on NPU 4.0), the cheapest by the
 *              chosen model among those whose tile shares fit in CMX
 *   a name     that strategy for every layer; a layer it cannot run falls back
 *              to clustering, with a note
 * Costs: `vpunn` is VPUNN's layer-level cost (models/vpunn/layer.h: the
 * best workload split of every tile, the slowest tile); `analytical` is the
 * theoretical DPU model on every tile's share as one CUBOID_16x16 workload,
 * the slowest tile.  Workloads come from VPUNN's split search when its
 * model is loaded, else each tile's share is cut into one band of rows per DPU (a note
 * says so).
 * SHAVE layers: parts over the SHAVE cores of the tiles (keep: the recorded
 * part count), cut along their largest axis after N.
 */
#ifndef VS_LOWER_PLAN_H
#define VS_LOWER_PLAN_H

#include <glib.h>

#include "hw/device.h"
#include "models/vpunn/layer.h"
#include "sim/lower/network.h"

G_BEGIN_DECLS

typedef enum {
  VS_LOWER_KEEP = 0,
  VS_LOWER_AUTO,
  VS_LOWER_FIXED,
} VsLowerMode;

typedef enum {
  VS_CHOOSE_VPUNN = 0,
  VS_CHOOSE_ANALYTICAL,
} VsChooseWith;

/* What the plan needs to cost layers: the device and, when found, VPUNN's
 * DPU model with its layer-level cost (both NULL without model files). */
typedef struct {
  VsDevice device;
  VsVpunnDpu *dpu;
  VsLayerCost *layer_cost;
} VsLowerModels;

/* Open VPUNN's DPU model for the device (`models_dir` as --models); without
 * the files dpu stays NULL and FALSE is returned with *why set. */
gboolean vs_lower_models_open (VsLowerModels *m, const VsDevice *device, const char *models_dir,
                               char **why);
void     vs_lower_models_close (VsLowerModels *m);

/* A box of output elements, whole-layer x, y, z, inclusive. */
typedef struct {
  gint32 lo[3], hi[3];
} VsBox;

#define VS_LOWER_MAX_TILES 64

typedef struct {
  VsStrategy strategy;
  guint n_tiles;                      /* tiles the layer runs on: 0..n_tiles-1 */
  VsBox share[VS_LOWER_MAX_TILES];    /* DPU: every tile's output share */
  GArray *workloads;                  /* VsNetWorkload: tile, whole-layer box, pads, MPE mode */
  VsCycles cost;                      /* the chosen cost (DPU clock cycles), 0 when not costed */
  const char *workload_source;        /* "compiler", "vpunn", "one per DPU" */
  /* SHAVE */
  guint parts;
  int axis;                           /* NCHW index the parts are cut along */
} VsLayerPlan;

void vs_layer_plan_clear (VsLayerPlan *p);

/* The layer as VPUNN's layer-level cost sees it (device from `device`). */
void vs_lower_layer_workload (const VsNetLayer *l, const VsDevice *device, VsDpuWorkload *out);

/* VPUNN's tiling strategy for ours; FALSE when the reference has none. */
gboolean vs_lower_tiling (VsStrategy s, VsTilingStrategy *out);

/* The strategies a device's VPUNN layer model tries, as ours, in its order. */
guint vs_lower_device_strategies (const VsDevice *device, VsStrategy *out);

/* Cost of layer `l` with strategy `s` on `n_tiles` tiles under `with`:
 * cycles or a VsCycles error code (the share does not fit in CMX, the
 * strategy has no split, no VPUNN model loaded: VS_ERROR_INFERENCE_NOT_POSSIBLE). */
VsCycles vs_lower_layer_cost (VsLowerModels *m, const VsNetLayer *l, VsStrategy s, guint n_tiles,
                              VsChooseWith with);

/* The plan of layer `index`.  Errors (VS_NETWORK_ERROR_INVALID, naming the
 * network file and the layer's line): a layer no strategy can run. */
gboolean vs_lower_plan_layer (VsLowerModels *m, const VsNetwork *net, guint index,
                              VsLowerMode mode, VsStrategy fixed, VsChooseWith with, guint n_tiles,
                              VsLayerPlan *plan, GPtrArray *notes, GError **error);

G_END_DECLS

#endif /* VS_LOWER_PLAN_H */
