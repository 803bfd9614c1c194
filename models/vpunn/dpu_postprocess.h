/* SPDX-License-Identifier: Apache-2.0 */
/* dpu_postprocess.h — from a DPU network's raw output to DPU cycles, per
 * output version of the model (SPEC.md §4).
 *
 * Versions 0, 2 and 5 take the raw value as cycles; version 4 (a 2.7 network
 * standing in for 4.0) scales depthwise convolutions by a measured factor.
 * Versions 1 and 3 ("hardware overhead" ratios) are refused, as the
 * reference refuses them.  Pure functions; re-entrant.
 */
#ifndef VS_DPU_POSTPROCESS_H
#define VS_DPU_POSTPROCESS_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

/* TRUE for the output versions a DPU model may declare (0, 2, 4, 5). */
gboolean vs_dpu_output_version_supported (int output_version);
/* "0, 2, 4, 5": the supported output versions, for messages (g_free). */
char *vs_dpu_output_versions (void);

/* The reference's validity window for raw outputs: 0 <= raw <= 4e9. */
gboolean vs_dpu_raw_is_valid (float raw);

/* The post-processed (still fractional) cycles of a sanitized workload. */
float vs_dpu_postprocess_value (int output_version, const VsDpuWorkload *w, float raw);

/* Cycles for a raw output: VS_ERROR_INVALID_OUTPUT_RANGE when the raw value
 * is outside the validity window, else ceil of the post-processed value. */
VsCycles vs_dpu_postprocess (int output_version, const VsDpuWorkload *w, float raw);

/* The reference's float-to-cycles conversion (toCycleInterfaceType):
 * negative or error-range values give VS_ERROR_INVALID_CONVERSION_TO_CYCLES. */
VsCycles vs_dpu_cycles_from_float (float x);

G_END_DECLS

#endif /* VS_DPU_POSTPROCESS_H */
