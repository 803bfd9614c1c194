/* SPDX-License-Identifier: Apache-2.0 */
/* dma_descriptor.c — VPUNN DMA descriptors for interfaces 01, 02 and 03.
 * Field order is the reference's (dma_types_01x.h): note interface 02 puts
 * dst before src in every pair, and interface 03 groups by field, not by
 * dimension. */
#include "models/vpunn/dma_descriptor.h"

#include <string.h>

/* One row per DMA input interface: its size and the workload layout it
 * describes (a new interface over a known layout is one row). */
static const struct {
  int interface;
  guint size;                   /* floats */
  VsDmaWorkloadKind kind;
} interfaces[] = {
  { 1, 12, VS_DMA_WORKLOAD_27 },
  { 2, 29, VS_DMA_WORKLOAD_40 },
  { 3, 27, VS_DMA_WORKLOAD_40 },
};

static int
interface_row (int interface)
{
  for (guint i = 0; i < G_N_ELEMENTS (interfaces); i++)
    if (interfaces[i].interface == interface)
      return (int) i;
  return -1;
}

guint
vs_dma_descriptor_size (int interface)
{
  int row = interface_row (interface);
  return row < 0 ? 0 : interfaces[row].size;
}

gboolean
vs_dma_descriptor_kind (int interface, VsDmaWorkloadKind *kind)
{
  int row = interface_row (interface);
  if (row < 0)
    return FALSE;
  *kind = interfaces[row].kind;
  return TRUE;
}

char *
vs_dma_descriptor_interfaces (void)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (interfaces); i++)
    g_string_append_printf (s, "%s%d", i > 0 ? ", " : "", interfaces[i].interface);
  return g_string_free (s, FALSE);
}

static gboolean
direction_ok (VsMemoryDirection d)
{
  return (guint) d < VS_DIR_COUNT;
}

gboolean
vs_dma_descriptor_27 (const VsDmaWorkload27 *w, int interface, float *out)
{
  if (interface != 1 || !direction_ok (w->direction))
    return FALSE;
  memset (out, 0, 12 * sizeof (float));
  out[0] = (float) w->num_planes;
  out[1] = (float) w->length;
  out[2] = (float) w->src_width;
  out[3] = (float) w->dst_width;
  out[4] = (float) w->src_stride;
  out[5] = (float) w->dst_stride;
  out[6] = (float) w->src_plane_stride;
  out[7] = (float) w->dst_plane_stride;
  out[8 + w->direction] = 1.0f;
  return TRUE;
}

gboolean
vs_dma_descriptor_40 (const VsDmaWorkload40 *w, int interface, float *out)
{
  if (!direction_ok (w->direction) || w->num_dim < 0 || w->num_dim > 5)
    return FALSE;
  if (interface == 2) {
    if (w->num_engine != 0 && w->num_engine != 1)
      return FALSE;
    memset (out, 0, 29 * sizeof (float));
    out[0] = (float) w->dst_width;
    out[1] = (float) w->src_width;
    out[2] = (float) w->num_dim;
    /* All five dimensions are written, used or not. */
    for (guint k = 0; k < 5; k++) {
      out[3 + 4 * k] = (float) w->dims[k].dst_stride;
      out[4 + 4 * k] = (float) w->dims[k].src_stride;
      out[5 + 4 * k] = (float) w->dims[k].dst_dim_size;
      out[6 + 4 * k] = (float) w->dims[k].src_dim_size;
    }
    out[23 + w->num_engine] = 1.0f;
    out[25 + w->direction] = 1.0f;
    return TRUE;
  }
  if (interface == 3) {
    memset (out, 0, 27 * sizeof (float));
    out[0] = (float) w->num_dim;
    out[1] = (float) w->dst_width;
    out[2] = (float) w->src_width;
    for (guint k = 0; k < 5; k++) {
      out[3 + k] = (float) w->dims[k].dst_dim_size;
      out[8 + k] = (float) w->dims[k].src_dim_size;
      out[13 + k] = (float) w->dims[k].dst_stride;
      out[18 + k] = (float) w->dims[k].src_stride;
    }
    out[23 + w->direction] = 1.0f;
    return TRUE;
  }
  return FALSE;
}

/* Products in unsigned arithmetic: the same bits as the reference's
 * overflowing int multiplications, without C's undefined behaviour. */
gint32
vs_dma_accessed_bytes_27 (const VsDmaWorkload27 *w)
{
  return (gint32) (((guint32) w->num_planes + 1u) * (guint32) w->length);
}

gint32
vs_dma_accessed_bytes_40 (const VsDmaWorkload40 *w)
{
  guint32 bytes = (guint32) w->src_width;
  gint32 n = CLAMP (w->num_dim, 0, 5);
  for (gint32 i = 0; i < n; i++)
    bytes *= (guint32) w->dims[i].src_dim_size + 1u;
  return (gint32) bytes;
}
