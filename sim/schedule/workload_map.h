/* SPDX-License-Identifier: Apache-2.0 */
/* workload_map.h — from schedule tasks to cost-model workloads.
 *
 * A DPU variant becomes a VsDpuWorkload: its own output box, the invariant's
 * operation, kernel, strides, data types, sparsity, ISI strategy and output
 * write tiles, with the input box derived from the output box through kernel,
 * strides and the variant's padding (or taken from the variant's own input
 * box when the schedule gives one, as imported compiler schedules do).  A DMA task becomes a tensor copy
 * between memories, a SHAVE task a kernel query on its tensors.  The rules
 * are documented in the README ("How tasks become workloads").
 */
#ifndef VS_WORKLOAD_MAP_H
#define VS_WORKLOAD_MAP_H

#include <glib.h>

#include "models/workload.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

/* The VPUNN tensor of a schedule tensor: W, H, C, B from the logical shape
 * (N, C, H, W for rank 4; lower ranks fill W first; rank 5+ folds the outer
 * dims into B). */
void vs_workload_tensor (const VsTensor *t, VsVpuTensor *out);

/* Variant `v` of DPU task `task` (v in 0..n_variants-1; a DPU task without
 * variants is costed as one variant covering its whole output: pass v = -1). */
gboolean vs_workload_map_dpu (const VsSchedule *s, guint task, gint v, VsDpuWorkload *out,
                              GError **error);
gboolean vs_workload_map_dma (const VsSchedule *s, guint task, VsDmaCopyWorkload *out,
                              GError **error);
gboolean vs_workload_map_shave (const VsSchedule *s, guint task, VsShaveWorkload *out,
                                GError **error);

G_END_DECLS

#endif
