/* SPDX-License-Identifier: Apache-2.0 */
/* dpu_sanitizer.h — what the VPUNN reference does to a DPU workload before
 * costing it: operation replacements, datatype/layout/swizzling adaptation,
 * the CMX fit and the per-device consistency checks (SPEC.md §5.2, §5.7).
 *
 * Contract: vs_dpu_sanitize() rewrites the caller's workload in place into
 * the reference's "sanitized" workload (the one descriptors, post-processing
 * and the theoretical model see) and returns FALSE with a VPUNN error code
 * when the reference would return that code instead of a cost.  It never
 * allocates and is re-entrant.  The device configuration tables are the
 * reference's workload-level ones (not the looser layer-level ones).
 */
#ifndef VS_DPU_SANITIZER_H
#define VS_DPU_SANITIZER_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

/* The reference's per-device "valid values" families. */
typedef enum {
  VS_DPU_CONFIG_VPU2_0,   /* VPU_2_0, VPU_2_1 */
  VS_DPU_CONFIG_VPU2_7,   /* VPU_2_7 */
  VS_DPU_CONFIG_VPU4_0,   /* VPU_4_0 */
  VS_DPU_CONFIG_NPU5,     /* NPU_5_0, NPU_RESERVED */
} VsDpuConfigFamily;

typedef struct {
  VsDpuConfigFamily family;
  gint64 cmx_bytes;               /* CMX available to one workload */
  gint64 page_bytes;              /* alignment of each tensor in CMX */
  gint64 weights_alignment;       /* samples when legacy_samples, else bytes */
  gboolean legacy_samples;        /* weights masks aligned in samples (2.7, 4.0) */
  gint64 out_innermost_alignment; /* bytes */
} VsDpuDeviceConfig;

/* The configuration of a device, or NULL when the reference has none
 * (NPU_RESERVED_1, out-of-range values). */
const VsDpuDeviceConfig *vs_dpu_device_config (VsVpuDevice device);

/* Steps 1-5 of SPEC.md §5.2.  On success returns TRUE and *w is the sanitized
 * workload.  On failure returns FALSE, sets *error_code to one of
 * VS_ERROR_INVALID_INPUT_DEVICE, VS_ERROR_INVALID_INPUT_OPERATION,
 * VS_ERROR_INPUT_TOO_BIG, VS_ERROR_INVALID_INPUT_CONFIGURATION, and *w holds
 * the partly sanitized workload. */
gboolean vs_dpu_sanitize (VsDpuWorkload *w, VsCycles *error_code);

/* The weights (input 1) tensor the reference derives for operation `op` of
 * workload `w` under the configuration of `config_device` (SPEC.md §3.4.4):
 * masks {1,1,mask,out.C} for convolutions, a permuted input copy for
 * element-wise operations, all zeros with layout INVALID for pooling.  Its
 * dtype is the (restricted) input dtype, its sparsity weight_sparsity_enabled.
 * Returns FALSE if config_device has no configuration. */
gboolean vs_dpu_weights_tensor (const VsDpuWorkload *w, VsVpuDevice config_device,
                                VsDpuOperation op, VsVpuTensor *out);

/* CMX bytes the reference's memory calculator requires for a sanitized
 * workload (§5.7), or -1 if the device has no configuration. */
gint64 vs_dpu_cmx_required_bytes (const VsDpuWorkload *w);

/* The reference's check of one tile's share of a layer before it is split
 * into workloads (its "layer on tile" rules): the CMX fit (with the output's
 * inbound halo), then the workload rules with looser input channels and no
 * MPE-mode check.  Nothing is rewritten: the caller applies the operation
 * replacements first.  FALSE with VS_ERROR_INVALID_INPUT_DEVICE,
 * _INVALID_INPUT_OPERATION, _INPUT_TOO_BIG or _INVALID_INPUT_CONFIGURATION. */
gboolean vs_dpu_check_tile_layer (const VsDpuWorkload *w, VsCycles *error_code);

/* Bytes of the weights (masks, sparsity map and weight table; the second
 * operand of element-wise operations; 0 for pooling) before CMX page
 * alignment, under the device's configuration; -1 without one. */
gint64 vs_dpu_weights_bytes (const VsDpuWorkload *w);

/* For element-wise operations: the output reuses the input memory (same layout
 * and element width), and the operation has no second input (layouts or widths
 * differ).  FALSE for other operations. */
gboolean vs_dpu_inplace_output (const VsDpuWorkload *w);
gboolean vs_dpu_weightless (const VsDpuWorkload *w);

/* The reference's compute_output_dim: an output extent from the input's,
 * the two paddings, kernel and stride, in 32-bit int with truncating
 * division as the reference computes it (0 for a zero stride). */
gint64 vs_dpu_output_dim (gint64 input, gint64 pad, gint64 pad_opposite, gint64 kernel,
                          gint64 stride);

G_END_DECLS

#endif /* VS_DPU_SANITIZER_H */
