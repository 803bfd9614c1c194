/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_dpu.h — the VPUNN DPU cost model: what the reference's
 * VPUCostModel::DPU(workload) returns, computed by vpusim's own runtime.
 *
 * A query is sanitized (dpu_sanitizer.h; rejected workloads give the
 * reference's error code), split in two when both sparsities are on,
 * described for the network's input interface (dpu_descriptor.h), evaluated,
 * post-processed (dpu_postprocess.h), and falls back to theoretical cycles
 * (dpu_theoretical.h) when there is no network or its output is out of range
 * — exactly the reference's single-workload path (SPEC.md §5).
 *
 * Loading: a missing, unreadable or corrupt .vpunn file does not fail — like
 * the reference, the object then answers with theoretical cycles;
 * vs_vpunn_dpu_is_loaded() / vs_vpunn_dpu_load_error() tell callers so.  A
 * file that is a valid model but not a usable DPU model (unknown input
 * interface, refused output version, descriptor size mismatch, unsupported
 * layers) is an error (NULL + GError), as the reference throws there.
 *
 * Answers are cached by the sanitized workload, so repeated queries are cheap;
 * cached answers equal computed ones.  The cache holds at most a configurable
 * number of entries and is emptied when full.
 *
 * Threads: a VsVpunnDpu is NOT thread-safe (the cache and scratch buffers are
 * mutated by every query).  Use one object per thread.
 */
#ifndef VS_VPUNN_DPU_H
#define VS_VPUNN_DPU_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

typedef struct VsVpunnDpu VsVpunnDpu;

/* Default cache capacity (distinct sanitized workloads). */
#define VS_VPUNN_DPU_DEFAULT_CACHE (1u << 17)   /* about 20 MB when full */

/* `model_path` may be NULL: theoretical cycles only. */
VsVpunnDpu *vs_vpunn_dpu_new (const char *model_path, GError **error);
void        vs_vpunn_dpu_free (VsVpunnDpu *dpu);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsVpunnDpu, vs_vpunn_dpu_free)

/* Whether a network answers; if not, why (owned by the object). */
gboolean    vs_vpunn_dpu_is_loaded (const VsVpunnDpu *dpu);
const char *vs_vpunn_dpu_load_error (const VsVpunnDpu *dpu);
/* The loaded network's name and interface versions (NULL / 0 when not loaded). */
const char *vs_vpunn_dpu_model_name (const VsVpunnDpu *dpu);
int         vs_vpunn_dpu_input_interface (const VsVpunnDpu *dpu);
int         vs_vpunn_dpu_output_version (const VsVpunnDpu *dpu);

/* The reference's DPU(workload): cycles of the device's DPU clock, or an
 * error code (VS_CYCLES_IS_ERROR).  A workload that passes sanitization but
 * holds a value the network's interface cannot encode (the reference throws)
 * gives VS_ERROR_INVALID_INPUT_CONFIGURATION. */
VsCycles vs_vpunn_dpu_cost (VsVpunnDpu *dpu, const VsDpuWorkload *w);

/* n queries at once; out[i] equals vs_vpunn_dpu_cost (dpu, &w[i]).  Network
 * evaluations of the uncached workloads are batched. */
void vs_vpunn_dpu_cost_batch (VsVpunnDpu *dpu, const VsDpuWorkload *w, gsize n, VsCycles *out);

/* Inspection, for tests and tools.  Both sanitize the workload first and
 * return FALSE with *error_code set when it is rejected or cannot be encoded
 * (or, for _raw, when no network is loaded: VS_ERROR_INFERENCE_NOT_POSSIBLE).
 * _descriptor writes vs_vpunn_dpu_descriptor_size() floats; _raw gives the
 * network's output for the sanitized workload's descriptor, before
 * post-processing (no sparsity split, no fallback). */
guint    vs_vpunn_dpu_descriptor_size (const VsVpunnDpu *dpu);
gboolean vs_vpunn_dpu_descriptor (VsVpunnDpu *dpu, const VsDpuWorkload *w, float *out,
                                  VsCycles *error_code);
gboolean vs_vpunn_dpu_raw (VsVpunnDpu *dpu, const VsDpuWorkload *w, float *raw, VsCycles *error_code);

/* Cache control: capacity 0 disables caching (and empties the cache). */
void  vs_vpunn_dpu_set_cache_capacity (VsVpunnDpu *dpu, gsize entries);
gsize vs_vpunn_dpu_cache_entries (const VsVpunnDpu *dpu);

typedef struct {
  guint64 queries;       /* workloads asked about */
  guint64 cache_hits;    /* answered from the cache (or a duplicate in the same batch) */
  guint64 nn_rows;       /* network evaluations */
} VsVpunnDpuStats;
void vs_vpunn_dpu_get_stats (const VsVpunnDpu *dpu, VsVpunnDpuStats *stats);

G_END_DECLS

#endif /* VS_VPUNN_DPU_H */
