/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_dma.h — VPUNN's DMA cost model: a DMA network with its fallbacks.
 *
 * A VsVpunnDma answers DMA workload queries as the reference's
 * DMACostModel<...>::computeCycles does (SPEC.md §6.4): build the descriptor
 * of the network's input interface (01, 02 or 03), run the network, check
 * the raw value's range and convert it to DPU cycles per the output version
 * (1: fraction of peak bandwidth, 2: cycles; §6.3).  When the network gives
 * an error (or there is no network) the theoretical DMA model costs an
 * equivalent plain copy of the accessed bytes; when that fails too the answer
 * is VS_ERROR_NO_VALID_DMA_COST_PROVIDER.  Workloads that cannot be encoded
 * (direction, num_engine, num_dim out of range) answer
 * VS_ERROR_INVALID_INPUT_CONFIGURATION.
 *
 * Workloads are records of any layout of models/vpunn/dma_layout.h, passed
 * with their layout's kind: one query API for every layout, so a new layout
 * is a row of that table, not new functions here.
 *
 * Batched queries run the network once over many descriptors and give the
 * same answer as single queries, row for row.  (The reference's own vector
 * API re-checks the range on already post-processed values and so does not;
 * vpusim follows its single-query path everywhere.)
 *
 * A cache of final cycles, keyed on every field of the workload, makes
 * repeated queries cheap; cached and uncached answers are always equal.
 * A VsVpunnDma is not thread-safe because of that cache: use one object per
 * thread (the network itself may be shared).
 */
#ifndef VS_VPUNN_DMA_H
#define VS_VPUNN_DMA_H

#include <glib.h>

#include "models/vpunn/dma_layout.h"
#include "models/vpunn/vpunn_model.h"
#include "models/workload.h"

G_BEGIN_DECLS

#define VS_VPUNN_DMA_ERROR (vs_vpunn_dma_error_quark ())
GQuark vs_vpunn_dma_error_quark (void);
typedef enum {
  VS_VPUNN_DMA_ERROR_INTERFACE, /* the network's interfaces are not a DMA network's */
} VsVpunnDmaError;

typedef struct VsVpunnDma VsVpunnDma;

/* Takes ownership of `model` (freed on error too).  A NULL model gives a
 * theoretical-only cost model.  Fails when no layout reads the model's input
 * interface, its output version is not 1 or 2, or its input width is not the
 * interface's descriptor size (the reference throws in these cases). */
VsVpunnDma *vs_vpunn_dma_new (VsVpunnModel *model, GError **error);
/* Load a .vpunn DMA network; errors are the reader's or vs_vpunn_dma_new's. */
VsVpunnDma *vs_vpunn_dma_load (const char *path, GError **error);
void        vs_vpunn_dma_free (VsVpunnDma *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsVpunnDma, vs_vpunn_dma_free)

/* The network (NULL for a theoretical-only model), its input interface and
 * output version (0 without a network), and the layout of the records it
 * reads (FALSE without a network). */
const VsVpunnModel *vs_vpunn_dma_model (const VsVpunnDma *m);
int      vs_vpunn_dma_interface (const VsVpunnDma *m);
int      vs_vpunn_dma_output_version (const VsVpunnDma *m);
gboolean vs_vpunn_dma_workload_kind (const VsVpunnDma *m, VsDmaWorkloadKind *kind);

/* Cycles (DPU clock of the record's device) or an error code, for `n`
 * records of layout `kind` (an array of that layout's record_size bytes a
 * record).  A record of another layout than the network reads is costed by
 * the theoretical fallback, as with no network; a kind outside the layout
 * table answers VS_ERROR_INVALID_INPUT_CONFIGURATION for every record. */
VsCycles vs_vpunn_dma_cycles (VsVpunnDma *m, VsDmaWorkloadKind kind, const void *record);
void     vs_vpunn_dma_cycles_batch (VsVpunnDma *m, VsDmaWorkloadKind kind, const void *records,
                                    gsize n, VsCycles *out);

/* TRUE when the network reads the record layout of the device's family, as
 * the reference's layer model requires (the layout's `devices`: NPU 2.7
 * records for VPU_2_0, VPU_2_1, VPU_2_7; NPU 4.0/5.x records for VPU_4_0,
 * NPU_5_0, NPU_RESERVED). */
gboolean vs_vpunn_dma_serves_device (const VsVpunnDma *m, VsVpuDevice device);
/* Whether its network was trained on `device`'s own DMAs (not borrowed from
 * another generation's, as VPU 2.0 borrows NPU 2.7's). */
gboolean vs_vpunn_dma_trained_on (const VsVpunnDma *m, VsVpuDevice device);

/* A tensor copy costed through the network when the network serves the
 * copy's device and vs_dma_record_from_copy makes a record of the network's
 * layout of it (the compiler's descriptor, w->planes, or a plain copy;
 * DRAM/CMX ends); anything else, or no network, costs theoretically.
 * (Where the reference's layer model would answer ERROR_INVALID_INPUT_DEVICE
 * for a network of another family, vpusim falls back to the theoretical
 * model so that a schedule always gets a cost.) */
VsCycles vs_vpunn_dma_copy_cycles (VsVpunnDma *m, const VsDmaCopyWorkload *w);
void     vs_vpunn_dma_copy_cycles_batch (VsVpunnDma *m, const VsDmaCopyWorkload *w, gsize n,
                                         VsCycles *out);

/* The network's raw output for one record (diagnostics, tests); FALSE
 * without a network of the record's layout or for an unencodable record. */
gboolean vs_vpunn_dma_raw (const VsVpunnDma *m, VsDmaWorkloadKind kind, const void *record,
                           float *raw);

/* The pieces of the flow, exposed for tests and tools. */
/* Range check and conversion of a raw value (no fallback). */
VsCycles vs_vpunn_dma_post_process (int output_version, VsVpuDevice device, gint32 accessed_bytes,
                                    float raw);
/* The theoretical fallback for a record: a flat copy of its accessed bytes;
 * VS_ERROR_INVALID_INPUT_CONFIGURATION for an invalid record or unknown kind. */
VsCycles vs_vpunn_dma_fallback (VsDmaWorkloadKind kind, const void *record);

/* The final-cycles cache: at most `capacity` entries (0 turns it off; the
 * default is 16384, as the reference's).  When full it is emptied, which is
 * cheaper than LRU and never changes an answer. */
void vs_vpunn_dma_set_cache_capacity (VsVpunnDma *m, guint capacity);
void vs_vpunn_dma_cache_stats (const VsVpunnDma *m, guint64 *hits, guint64 *misses);

G_END_DECLS

#endif
