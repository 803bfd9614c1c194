/* SPDX-License-Identifier: Apache-2.0 */
/* dma_layout.h — the DMA workload records VPUNN's DMA networks read, one
 * table row per record layout (SPEC.md §6.1–6.2).
 *
 * A layout is a record type (models/workload.h) with everything the DMA cost
 * flow needs to know of it: its fields (VPUNN's names, which are the CSV
 * columns), the devices whose DMAs it describes, the bytes a record moves,
 * its validity, the record of a tensor copy, and the network input
 * interfaces that read it, each with its descriptor size and builder.  The
 * cost flow (vpunn_dma.c) and `vpusim cost dma` only go through this table,
 * so a new VPUNN DMA model version over a known record is one interface row
 * in its layout's file, and a new record layout is one file
 * (dma_layout_<name>.c) plus its row in dma_layout.c.
 *
 * Today's rows:
 *   npu27  VsDmaWorkload27, VPU 2.0/2.1/2.7; interface 01 (dma_2_7.vpunn, 12 floats)
 *   npu40  VsDmaWorkload40, VPU 4.0, NPU 5.0 and the reserved device;
 *          interfaces 02 (dma_4_0.vpunn, 29 floats) and 03 (dmann_5_0.vpunn, 27)
 * Integers are written as floats, enums one-hot; the device is not encoded.
 *
 * Records are passed as `const void *` with their layout's kind; a record
 * array is record_size bytes a row.  Pure functions; no allocation except
 * vs_dma_descriptor_interfaces.
 */
#ifndef VS_DMA_LAYOUT_H
#define VS_DMA_LAYOUT_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

/* Longest descriptor of any DMA interface. */
#define VS_DMA_DESCRIPTOR_MAX 29
/* Largest record of any layout, in 32-bit fields (the cache key's size). */
#define VS_DMA_RECORD_MAX_FIELDS 26

#define VS_DMA_LAYOUT_ERROR (vs_dma_layout_error_quark ())
GQuark vs_dma_layout_error_quark (void);
typedef enum {
  VS_DMA_LAYOUT_ERROR_UNKNOWN,  /* no layout reads this interface */
} VsDmaLayoutError;

/* The layouts, numbered as the table's rows. */
typedef enum {
  VS_DMA_WORKLOAD_27 = 0,       /* npu27: VsDmaWorkload27 */
  VS_DMA_WORKLOAD_40,           /* npu40: VsDmaWorkload40 */
  VS_DMA_WORKLOAD_KINDS
} VsDmaWorkloadKind;

/* One field of a record: every field is a 32-bit integer or enum, and the
 * fields cover the record exactly (no padding), so a record's bytes are
 * its cache key.  An enum field has a name table (hw/name_table.h). */
typedef struct {
  const char *name;             /* VPUNN's field name: the CSV column */
  guint offset;                 /* in the record */
  const VsNameEntry *names;     /* enum fields: their names (models/workload.h's tables) */
  gint32 min, max;              /* integers: the range a reader accepts */
} VsDmaField;

/* One network input interface reading the layout. */
typedef struct {
  int interface;                /* first member: models/vpunn/interface_table.h */
  guint size;                   /* floats */
  /* Write out[0..size), already zeroed, from a valid record; FALSE when a
   * field has no encoding in this interface (e.g. interface 02's engines). */
  gboolean (*build) (const void *record, float *out);
} VsDmaInterface;

typedef struct {
  VsDmaWorkloadKind kind;
  const char *name;             /* "npu27" */
  const char *label;            /* "NPU 2.7", for messages */
  const char *marker;           /* a field no other layout has: tells its CSV files apart */
  gsize record_size;
  guint32 devices;              /* bit 1 << VsVpuDevice per device whose DMAs it describes */
  VsVpuDevice home;             /* the generation whose measured DMAs its networks learnt (the
                                   others it describes borrow them, as the reference does) */
  guint device_offset, direction_offset; /* of its VsVpuDevice and VsMemoryDirection */
  const VsDmaField *fields;
  guint n_fields;
  const VsDmaInterface *interfaces;
  guint n_interfaces;
  /* The cache key: the record's bytes in out[0..VS_DMA_RECORD_MAX_FIELDS),
   * zeros after (VS_DMA_RECORD_KEY writes it with constant sizes, so a
   * cached query pays a few stores, not a library copy). */
  void (*key) (const void *record, gint32 *out);
  /* The ranges every encoder and the fallback need (direction, num_dim):
   * the reference throws on bad enums and reads out of bounds on num_dim. */
  gboolean (*valid) (const void *record);
  /* Bytes read and written, in int arithmetic that wraps like the
   * reference's (SPEC.md §6.1). */
  gint32 (*accessed_bytes) (const void *record);
  /* The record of a copy's access pattern: the compiler's descriptor, or
   * for a plain copy one plane of all the bytes in one run (what the
   * reference's DMAWorkloadTransformer builds); planes->count >= 1, and
   * len is a multiple of both widths when they are not 0. */
  void (*from_planes) (VsVpuDevice device, const VsDmaPlanes *planes,
                       VsMemoryDirection direction, void *record);
} VsDmaLayout;

/* The row of a layout; NULL for a kind outside the table. */
const VsDmaLayout *vs_dma_layout_get (VsDmaWorkloadKind kind);

/* The layout an input interface reads, and the interface's row; NULL with
 * VS_DMA_LAYOUT_ERROR_UNKNOWN for an interface no layout has. */
const VsDmaLayout *vs_dma_layout_for_interface (int interface, const VsDmaInterface **iface,
                                                GError **error);

/* Descriptor length of a DMA input interface, else 0. */
guint vs_dma_descriptor_size (int interface);
/* "1, 2, 3": the interfaces vpusim can describe, for messages (g_free). */
char *vs_dma_descriptor_interfaces (void);

/* Fill out[0..size) (zeroing it first) with the descriptor `interface`
 * reads from a record of layout `kind`.  FALSE when the workload cannot be
 * encoded: unknown kind or interface, the interface reads another layout,
 * the record is not valid, or the interface has no encoding for a field. */
gboolean vs_dma_descriptor_build (int interface, VsDmaWorkloadKind kind, const void *record,
                                  float *out);

/* The layout's valid and accessed_bytes of a record; FALSE / 0 for an unknown kind. */
gboolean vs_dma_record_valid (VsDmaWorkloadKind kind, const void *record);
gint32   vs_dma_accessed_bytes (VsDmaWorkloadKind kind, const void *record);

/* A record's device and direction, read at the layout's offsets. */
static inline VsVpuDevice
vs_dma_record_device (const VsDmaLayout *layout, const void *record)
{
  return *(const VsVpuDevice *) ((const char *) record + layout->device_offset);
}

static inline VsMemoryDirection
vs_dma_record_direction (const VsDmaLayout *layout, const void *record)
{
  return *(const VsMemoryDirection *) ((const char *) record + layout->direction_offset);
}

/* TRUE when layout `kind` describes the DMAs of `device`. */
gboolean vs_dma_layout_serves_device (VsDmaWorkloadKind kind, VsVpuDevice device);

/* The record of layout `kind` for a tensor copy between DRAM and CMX that
 * either carries the compiler's descriptor (c->planes: positive sizes, whole
 * runs per plane; the record is that access pattern, which is what the
 * networks were trained on) or is plain (same size, type and layout: one
 * plane / one dimension of all the bytes, as the reference's
 * DMAWorkloadTransformer converts it); FALSE otherwise. */
gboolean vs_dma_record_from_copy (VsDmaWorkloadKind kind, const VsDmaCopyWorkload *c,
                                  void *record);

G_END_DECLS

#endif
