/* SPDX-License-Identifier: Apache-2.0 */
/* dma_layout.c — the table of DMA record layouts and what is done the same
 * way for every layout: lookups, descriptors, plain copies.  What differs
 * between layouts lives in their own files (dma_layout_<name>.c). */
#include "models/vpunn/dma_layout.h"

#include <stddef.h>
#include <string.h>

#include "models/dma_theoretical.h"
#include "models/vpunn/dma_layout_rows.h"
#include "models/vpunn/interface_table.h"

G_DEFINE_QUARK (vs-dma-layout-error-quark, vs_dma_layout_error)

/* One row per layout, in VsDmaWorkloadKind order (the test checks it). */
static const VsDmaLayout *const layouts[VS_DMA_WORKLOAD_KINDS] = {
  [VS_DMA_WORKLOAD_27] = &vs_dma_layout_npu27,
  [VS_DMA_WORKLOAD_40] = &vs_dma_layout_npu40,
};

/* Records are read as 32-bit fields (the cache key copies them whole; each
 * layout file asserts its record fits the key). */
G_STATIC_ASSERT (sizeof (VsVpuDevice) == sizeof (gint32));
G_STATIC_ASSERT (sizeof (VsMemoryDirection) == sizeof (gint32));
G_STATIC_ASSERT (offsetof (VsDmaInterface, interface) == 0);

const VsDmaLayout *
vs_dma_layout_get (VsDmaWorkloadKind kind)
{
  return (guint) kind < VS_DMA_WORKLOAD_KINDS ? layouts[kind] : NULL;
}

/* The layout of `interface` and the interface's row, or NULL. */
static const VsDmaLayout *
find_interface (int interface, const VsDmaInterface **iface)
{
  for (guint k = 0; k < VS_DMA_WORKLOAD_KINDS; k++) {
    const VsDmaLayout *l = layouts[k];
    int row = vs_interface_table_find (l->interfaces, l->n_interfaces, sizeof *l->interfaces,
                                       interface);
    if (row >= 0) {
      *iface = &l->interfaces[row];
      return l;
    }
  }
  return NULL;
}

const VsDmaLayout *
vs_dma_layout_for_interface (int interface, const VsDmaInterface **iface, GError **error)
{
  const VsDmaInterface *row = NULL;
  const VsDmaLayout *l = find_interface (interface, &row);
  if (l == NULL) {
    g_autofree char *known = vs_dma_descriptor_interfaces ();
    g_set_error (error, VS_DMA_LAYOUT_ERROR, VS_DMA_LAYOUT_ERROR_UNKNOWN,
                 "input interface %d is not a DMA interface (%s)", interface, known);
    return NULL;
  }
  if (iface != NULL)
    *iface = row;
  return l;
}

guint
vs_dma_descriptor_size (int interface)
{
  const VsDmaInterface *row = NULL;
  return find_interface (interface, &row) != NULL ? row->size : 0;
}

char *
vs_dma_descriptor_interfaces (void)
{
  GString *s = g_string_new (NULL);
  for (guint k = 0; k < VS_DMA_WORKLOAD_KINDS; k++)
    vs_interface_table_list (s, layouts[k]->interfaces, layouts[k]->n_interfaces,
                             sizeof *layouts[k]->interfaces);
  return g_string_free (s, FALSE);
}

gboolean
vs_dma_descriptor_build (int interface, VsDmaWorkloadKind kind, const void *record, float *out)
{
  const VsDmaInterface *row = NULL;
  const VsDmaLayout *l = find_interface (interface, &row);
  if (l == NULL || l->kind != kind || !l->valid (record))
    return FALSE;
  memset (out, 0, row->size * sizeof (float));
  return row->build (record, out);
}

gboolean
vs_dma_record_valid (VsDmaWorkloadKind kind, const void *record)
{
  const VsDmaLayout *l = vs_dma_layout_get (kind);
  return l != NULL && l->valid (record);
}

gint32
vs_dma_accessed_bytes (VsDmaWorkloadKind kind, const void *record)
{
  const VsDmaLayout *l = vs_dma_layout_get (kind);
  return l != NULL ? l->accessed_bytes (record) : 0;
}

gboolean
vs_dma_layout_serves_device (VsDmaWorkloadKind kind, VsVpuDevice device)
{
  const VsDmaLayout *l = vs_dma_layout_get (kind);
  return l != NULL && (guint) device < 32 && (l->devices & (1u << device)) != 0;
}

/* ---- tensor copies ---- */

/* The direction of a copy between DRAM and CMX; FALSE for other memories. */
static gboolean
copy_direction (const VsDmaCopyWorkload *c, VsMemoryDirection *dir)
{
  gboolean in_dram = c->input_location == VS_MEMLOC_DRAM, in_cmx = c->input_location == VS_MEMLOC_CMX;
  gboolean out_dram = c->output_location == VS_MEMLOC_DRAM;
  gboolean out_cmx = c->output_location == VS_MEMLOC_CMX;
  if (!(in_dram || in_cmx) || !(out_dram || out_cmx))
    return FALSE;
  *dir = in_dram ? (out_dram ? VS_DIR_DDR2DDR : VS_DIR_DDR2CMX)
                 : (out_dram ? VS_DIR_CMX2DDR : VS_DIR_CMX2CMX);
  return TRUE;
}

/* A descriptor the records can carry: positive sizes, whole runs per plane. */
static gboolean
planes_usable (const VsDmaPlanes *p)
{
  return p->count > 0 && p->len > 0 && p->src_width > 0 && p->dst_width > 0 &&
         p->src_width <= p->len && p->dst_width <= p->len && p->len % p->src_width == 0 &&
         p->len % p->dst_width == 0 && (gint64) p->count * p->len <= G_MAXINT32;
}

gboolean
vs_dma_record_from_copy (VsDmaWorkloadKind kind, const VsDmaCopyWorkload *c, void *record)
{
  const VsDmaLayout *l = vs_dma_layout_get (kind);
  VsMemoryDirection dir;
  if (l == NULL || !copy_direction (c, &dir))
    return FALSE;
  if (planes_usable (&c->planes)) {
    l->from_planes (c->device, &c->planes, dir, record);
    return TRUE;
  }
  /* DMAWorkloadTransformer's precondition: a plain copy. */
  guint32 in = vs_dma_tensor_bytes (&c->input), out = vs_dma_tensor_bytes (&c->output);
  if (in != out || c->input.dtype != c->output.dtype || c->input.layout != c->output.layout)
    return FALSE;
  gint32 bytes = (gint32) in;
  VsDmaPlanes whole = { .count = 1, .len = bytes, .src_width = bytes, .dst_width = bytes };
  l->from_planes (c->device, &whole, dir, record);
  return TRUE;
}
