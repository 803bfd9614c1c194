/* SPDX-License-Identifier: Apache-2.0 */
/* dma_layout_rows.h — what the layout files (dma_layout_<name>.c) share with
 * the table in dma_layout.c: each file defines its row, the table lists the
 * rows.  Not for callers: they use models/vpunn/dma_layout.h. */
#ifndef VS_DMA_LAYOUT_ROWS_H
#define VS_DMA_LAYOUT_ROWS_H

#include <stddef.h>
#include <string.h>

#include "models/vpunn/dma_layout.h"

G_BEGIN_DECLS

extern const VsDmaLayout vs_dma_layout_npu27;
extern const VsDmaLayout vs_dma_layout_npu40;

/* The members of a row every layout file fills the same way, from its record
 * type W and its own static fields[], interfaces[], key (VS_DMA_RECORD_KEY),
 * valid, accessed_bytes and from_planes (the names a layout file is written with). */
#define VS_DMA_LAYOUT_PARTS(W)                                                  \
  .record_size = sizeof (W),                                                    \
  .device_offset = offsetof (W, device),                                        \
  .direction_offset = offsetof (W, direction),                                  \
  .fields = fields, .n_fields = G_N_ELEMENTS (fields),                          \
  .interfaces = interfaces, .n_interfaces = G_N_ELEMENTS (interfaces),          \
  .key = key, .valid = valid, .accessed_bytes = accessed_bytes, .from_planes = from_planes

/* A layout file's key function (VsDmaLayout.key) for record type W. */
#define VS_DMA_RECORD_KEY(W)                                                    \
  static void                                                                   \
  key (const void *record, gint32 *out)                                         \
  {                                                                             \
    G_STATIC_ASSERT (sizeof (W) <= VS_DMA_RECORD_MAX_FIELDS * sizeof (gint32)); \
    memcpy (out, record, sizeof (W));                                           \
    memset ((char *) out + sizeof (W), 0,                                       \
            VS_DMA_RECORD_MAX_FIELDS * sizeof (gint32) - sizeof (W));           \
  }

/* An integer field over its whole range. */
#define VS_DMA_INT_FIELD(name, type, member) \
  { name, offsetof (type, member), NULL, G_MININT32, G_MAXINT32 }

/* The enum fields every layout has. */
#define VS_DMA_DEVICE_FIELD(type) \
  { "device", offsetof (type, device), vs_vpu_device_names, 0, 0 }
#define VS_DMA_DIRECTION_FIELD(type) \
  { "transfer_direction", offsetof (type, direction), vs_memory_direction_names, 0, 0 }

G_END_DECLS

#endif
