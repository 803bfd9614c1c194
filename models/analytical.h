/* SPDX-License-Identifier: Apache-2.0 */
/* analytical.h — the analytical cost model: VPUNN's theoretical formulas.
 *
 * DPU: the reference's theoretical DPU cycles (SPEC.md §5.5); DMA: the
 * theoretical cost of a tensor copy between memories (§6.5), which is what the
 * NPU compiler's own estimator uses; SHAVE: the kernel table (§7.2).  Needs
 * no model files, so it is always available.
 */
#ifndef VS_ANALYTICAL_H
#define VS_ANALYTICAL_H

#include "models/cost_model.h"

G_BEGIN_DECLS

VsCostModel *vs_analytical_cost_model_new (void);

G_END_DECLS

#endif
