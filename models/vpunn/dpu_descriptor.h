/* SPDX-License-Identifier: Apache-2.0 */
/* dpu_descriptor.h — a sanitized DPU workload as the float vector a VPUNN
 * network of a given input interface was trained on (SPEC.md §3).
 *
 * Interfaces: 10 (VPU 2.0, 67 floats), 11, 89, 4011, 4111 (the NPU 2.7/4.0
 * family, 93 floats, each with its adapter: device and operation mocks,
 * swizzling normalisation, ISI/owt filtering), 5113 (50) and 5114 (53) for
 * NPU 5.  Pure functions; no allocation; re-entrant.
 */
#ifndef VS_DPU_DESCRIPTOR_H
#define VS_DPU_DESCRIPTOR_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

/* The largest descriptor of any supported interface. */
#define VS_DPU_DESCRIPTOR_MAX 93

/* Floats in a descriptor of `interface`, or 0 if vpusim has no encoder for it. */
guint vs_dpu_descriptor_size (int interface);

/* "10, 11, 89, ...": the interfaces vpusim can describe, for messages (free
 * with g_free).  One table in dpu_descriptor.c lists them. */
char *vs_dpu_descriptor_interfaces (void);

/* Write the descriptor of the sanitized workload `w` into out[0 ..
 * vs_dpu_descriptor_size (interface)).  Returns FALSE (out then undefined)
 * when a value of the workload has no encoding in this interface — a device,
 * layout or datatype the network never saw; the reference throws there. */
gboolean vs_dpu_descriptor_build (int interface, const VsDpuWorkload *w, float *out);

/* The reference's rounding of sparsity values to six decimals (what reading
 * them back from its training CSVs does): strtof (printf ("%f", x)). */
float vs_dpu_descriptor_round_sparsity (float x);

G_END_DECLS

#endif /* VS_DPU_DESCRIPTOR_H */
