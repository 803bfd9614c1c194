/* SPDX-License-Identifier: Apache-2.0 */
/* shave_fitted_model.h — VPUNN's fitted SHAVE models as a vpusim cost model.
 *
 * SHAVE only (DPU and DMA queries answer an error).  Each kernel name is
 * first normalised (models/shave_kernel_names.h): a compiler's spelling or
 * its classic-table operator becomes the fitted operator, with the
 * parameter the row gives when the workload carries none; a name the table
 * lacks is asked as it is (so fitted names work directly).  Kernels no
 * fitted model knows answer VS_ERROR_SHAVE_OPERATOR_MISSING, which the cost
 * pre-pass resolves by its unknown-kernel policy.  Stateless: re-entrant.
 */
#ifndef VS_SHAVE_FITTED_MODEL_H
#define VS_SHAVE_FITTED_MODEL_H

#include "models/cost_model.h"

G_BEGIN_DECLS

VsCostModel *vs_shave_fitted_cost_model_new (void);

/* The fitted cycles of one workload after name normalisation (what the
 * model's SHAVE query answers). */
VsCycles vs_shave_fitted_model_cycles (const VsShaveWorkload *w);

G_END_DECLS

#endif
