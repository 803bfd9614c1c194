/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_cost_model.h — VPUNN as a vpusim cost model for all three task kinds.
 *
 * DPU: the device's default DPU network (vpu_2_7.vpunn, ...) through the
 * reference's public DPU path.  DMA: the device's DMA network when the VPUNN
 * folder has one (dma_2_7.vpunn, dma_4_0.vpunn, dmann_5_0.vpunn), else the
 * theoretical DMA model, as the reference does.  SHAVE: the kernel table
 * (layers_perf.csv from the folder when present, else the built-in copy).
 * Files are looked up as DESIGN.md §7 says (vpunn_paths.h).  Not thread-safe
 * (the models cache answers): one instance per thread.
 */
#ifndef VS_VPUNN_COST_MODEL_H
#define VS_VPUNN_COST_MODEL_H

#include "models/cost_model.h"

G_BEGIN_DECLS

/* `models_dir`: the user's --models folder, or NULL to search.  Fails when
 * the device's DPU network cannot be found or loaded. `notes`, when non-NULL,
 * receives one-line remarks (e.g. "no DMA network for VPU_2_0: theoretical
 * DMA costs"). */
VsCostModel *vs_vpunn_cost_model_new (const char *models_dir, VsVpuDevice device, GPtrArray *notes,
                                      GError **error);

/* Whether `m` is a VPUNN cost model whose DMA answers for `device` come
 * from a network trained on that device's DMAs (FALSE: the theoretical
 * formula, another generation's network — VPU 2.0 is costed with NPU 2.7's,
 * as the reference does — or not a VPUNN model). */
gboolean vs_vpunn_cost_model_dma_is_trained (const VsCostModel *m, VsVpuDevice device);

G_END_DECLS

#endif
