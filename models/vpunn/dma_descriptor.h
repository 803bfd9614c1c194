/* SPDX-License-Identifier: Apache-2.0 */
/* dma_descriptor.h — DMA workloads as the float vectors VPUNN's DMA networks read.
 *
 * Interface 01 (dma_2_7.vpunn, 12 floats) takes an NPU 2.7 descriptor-level
 * workload; interfaces 02 (dma_4_0.vpunn, 29 floats) and 03 (dmann_5_0.vpunn,
 * 27 floats) take the multi-dimensional NPU 4.0/5.x workload (SPEC.md §6.2).
 * Integers are written as floats, enums one-hot; the device is not encoded.
 * Also: the bytes a workload moves (SPEC.md §6.1), which post-processing and
 * the theoretical fallback use.
 */
#ifndef VS_DMA_DESCRIPTOR_H
#define VS_DMA_DESCRIPTOR_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

/* Longest descriptor of any DMA interface. */
#define VS_DMA_DESCRIPTOR_MAX 29

typedef enum {
  VS_DMA_WORKLOAD_27 = 0,       /* VsDmaWorkload27 */
  VS_DMA_WORKLOAD_40,           /* VsDmaWorkload40 */
} VsDmaWorkloadKind;

/* Descriptor length of a DMA input interface (1, 2 or 3), else 0. */
guint vs_dma_descriptor_size (int interface);
/* Which workload record an interface reads; FALSE for unknown interfaces. */
gboolean vs_dma_descriptor_kind (int interface, VsDmaWorkloadKind *kind);
/* "1, 2, 3": the interfaces vpusim can describe, for messages (g_free). */
char *vs_dma_descriptor_interfaces (void);

/* Fill out[0..size) (zeroing it first).  FALSE when the workload cannot be
 * encoded: the interface does not read this record, or a field is out of
 * its range (direction, num_engine not 0/1, num_dim outside 0..5) — the
 * reference throws on the enums and reads out of bounds on num_dim. */
gboolean vs_dma_descriptor_27 (const VsDmaWorkload27 *w, int interface, float *out);
gboolean vs_dma_descriptor_40 (const VsDmaWorkload40 *w, int interface, float *out);

/* Bytes read and written: (num_planes + 1) * length, and src_width times the
 * src repeat counts of the num_dim extra dimensions.  int arithmetic that
 * wraps like the reference's (num_dim is clamped to 0..5 here). */
gint32 vs_dma_accessed_bytes_27 (const VsDmaWorkload27 *w);
gint32 vs_dma_accessed_bytes_40 (const VsDmaWorkload40 *w);

G_END_DECLS

#endif
