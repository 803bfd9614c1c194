/* SPDX-License-Identifier: Apache-2.0 */
/* shave_fitted.h — VPUNN's fitted SHAVE operator models ("shave_2").
 *
 * The reference's second SHAVE collection: closed-form models fitted on
 * profiled kernels, one per operator, with lower-case names ("sigmoid",
 * "MVN6", "vpuem.softmax", ...).  NPU 2.7 has 74 operators, NPU 4.0 80; on
 * VPU 2.0 / 2.1 the reference's collection is the classic kernel table
 * (exact names, no aliases); every other device has none.  Coefficients are
 * data carried with attribution (shave_fitted_data.c); the formulas are
 * re-implemented here and reproduce the reference bit for bit, error codes
 * included (../shared/vpunn/golden/shave_fitted.csv):
 *   - a name the device's collection lacks: VS_ERROR_SHAVE_OPERATOR_MISSING;
 *   - MVN, MVN6, softmax (NPU 4.0), gather, normalizel2onlyc need integer
 *     parameters (w->params): missing or out of range, VS_ERROR_SHAVE_PARAMS;
 *     interpolatewh_1 needs XYZ (W-innermost) input and output, else also
 *     VS_ERROR_SHAVE_PARAMS; normalizel2onlyc needs XYZ output, else
 *     VS_ERROR_SHAVE_LAYOUT; softmax refuses batch > 1
 *     (VS_ERROR_SHAVE_INVALID_INPUT);
 *   - a result that is negative or in the error range (the VPUEM models
 *     count in 32-bit integers and wrap on large tensors, as the reference's
 *     do): VS_ERROR_INVALID_CONVERSION_TO_CYCLES.
 * Cycles are DPU cycles at the model's profiling clocks (NPU 2.7: DPU 1300,
 * SHAVE 975 MHz; NPU 4.0: 1700 / 971 MHz), as the reference returns them.
 * Pure functions of their arguments: re-entrant.
 */
#ifndef VS_SHAVE_FITTED_H
#define VS_SHAVE_FITTED_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

/* Cycles of one workload, or an error code (above). */
VsCycles vs_shave_fitted_cycles (const VsShaveWorkload *w);

/* TRUE when the device's fitted collection has an operator of that exact
 * name (case-sensitive, as the reference looks names up). */
gboolean vs_shave_fitted_knows (VsVpuDevice device, const char *name);

/* The device's operator names, sorted as the reference lists them (byte
 * order); NULL-terminated, owned by the caller (g_strfreev).  Empty for a
 * device without a collection. */
char **vs_shave_fitted_kernel_names (VsVpuDevice device);

G_END_DECLS

#endif
