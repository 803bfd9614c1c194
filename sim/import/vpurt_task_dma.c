/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_task_dma.c — the *DMA ops (and Timestamp) inside a VPURT.Task: port,
 * channel, source and destination buffers, bytes; sync and descriptor DMAs. */
#include "config.h"

#include <string.h>

#include "sim/import/vpurt_internal.h"

/* VPUIP.Timestamp(%buf : memref<1xui32, ...>): the timer register copied
 * into its operand, a DMA of 4 (or 8) bytes; the operand is the first value
 * of the group right after the op name and its attributes. */
static VsTensorRef
timestamp_destination (Importer *im, Span in, guint opname)
{
  const VsMlirText *m = im->m;
  for (guint i = opname + 1; i < in.end; i = vs_mlir_skip (m, i)) {
    if (opens (m, i, '(')) {
      g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
      vpurt_group_values (m, i, vals);
      return vals->len > 0 ? vpurt_buffer_ref (im, g_array_index (vals, guint, 0), "Timestamp") : -1;
    }
    if (!opens (m, i, '{') && !opens (m, i, '<'))
      break;
  }
  return -1;
}

/* The `dma_descriptor` the compiler computed for PermuteDMA and its kin,
 * written {numPlanes = 16 : i64, len = ..} (2023) or
 * #VPUIP.DMADescriptorAttr<numPlanes = 16 : i64, ..> (2024 on).  A
 * descriptor with a field missing or out of range is left out with a
 * warning: the DMA is then costed from its tensors. */
static void
read_descriptor (Importer *im, const GArray *attrs, guint opname, VsDmaPlanes *out)
{
  const VsMlirText *m = im->m;
  const Attr *a = vpurt_attr_get (m, attrs, "dma_descriptor");
  g_autoptr (GArray) fields = g_array_new (FALSE, FALSE, sizeof (Attr));
  if (a == NULL || !vpurt_val_dict (m, a, fields))
    return;
  static const char *const names[] = { "numPlanes", "len", "srcWidth", "dstWidth", "srcStride",
                                       "dstStride", "srcPlaneStride", "dstPlaneStride" };
  gint64 v[G_N_ELEMENTS (names)];
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    if (!vpurt_val_int (m, vpurt_attr_get (m, fields, names[k]), &v[k]) || v[k] < 0 ||
        v[k] > G_MAXINT32 || (k < 4 && v[k] == 0)) {
      vpurt_warn (im, opname, "dma-descriptor", "dma_descriptor without a usable '%s': the "
                  "DMA is costed from its tensors", names[k]);
      return;
    }
  VsDmaPlanes p = { (gint32) v[0], (gint32) v[1], (gint32) v[2], (gint32) v[3],
                    (gint32) v[4], (gint32) v[5], (gint32) v[6], (gint32) v[7] };
  if (p.len % p.src_width != 0 || p.len % p.dst_width != 0 || p.src_width > p.len ||
      p.dst_width > p.len || (gint64) p.count * p.len > G_MAXINT32) {
    vpurt_warn (im, opname, "dma-descriptor", "dma_descriptor whose runs do not tile its planes "
                "(len %d, srcWidth %d, dstWidth %d): the DMA is costed from its tensors", p.len,
                p.src_width, p.dst_width);
    return;
  }
  *out = p;
}

gboolean
vpurt_task_dma (Importer *im, Span in, guint opname, const char *op, VsTask *t, GError **error)
{
  const VsMlirText *m = im->m;
  /* a DMA without both operand groups is not a truncated-but-readable op:
   * nothing says what it moves */
  if (strcmp (op, "Timestamp") != 0 &&
      (vpurt_find_keyword_group (m, in, "inputs") == 0 ||
       vpurt_find_keyword_group (m, in, "outputs") == 0)) {
    vs_mlir_error_at (m, opname, error, "VPUIP.%s needs inputs(...) and outputs(...)", op);
    return FALSE;
  }
  g_autoptr (GArray) attrs = g_array_new (FALSE, FALSE, sizeof (Attr));
  vpurt_op_attrs (m, opname, in.end, attrs);
  gint64 port = 0;
  const Attr *port_attr = vpurt_attr_get (m, attrs, "port");
  if (port_attr != NULL && (!vpurt_val_int (m, port_attr, &port) ||
                            port < 0 || port > 63)) {
    vpurt_warn (im, opname, "dma-port", "DMA port is not a small integer: read as port 0");
    port = 0;
  }
  VsTensorRef src = vpurt_first_operand (im, in, "inputs");
  VsTensorRef dst = vpurt_first_operand (im, in, "outputs");
  if (strcmp (op, "Timestamp") == 0 && dst < 0)
    dst = timestamp_destination (im, in, opname);
  const VsTensor *ts = vpurt_tensor_of (im, src), *td = vpurt_tensor_of (im, dst);
  gint64 bytes = MAX (vpurt_compact_bytes (ts), vpurt_compact_bytes (td));
  /* Descriptor DMAs move what the IR does not size (their operands are
   * zero-element placeholders) but take a DMA's time: kept as DMAs without
   * tensors.  The other zero-byte DMAs only order the queue. */
  gboolean descriptor = vs_dma_op_is_descriptor (op);
  if (descriptor && bytes == 0) {
    src = dst = -1;
    ts = NULL;
  }
  gboolean sync = !descriptor &&
                  (strcmp (op, "SyncDMA") == 0 || strcmp (op, "SkipDMA") == 0 ||
                   strcmp (op, "ReadOnlyDMA") == 0 || (bytes == 0 && strcmp (op, "Timestamp") == 0) ||
                   (bytes == 0 && (vpurt_operand_empty (im, in, "inputs") ||
                                   vpurt_operand_empty (im, in, "outputs"))));
  gint channel = -1;
  if (im->s->device.dma_channels > 1)
    channel = ts == NULL || ts->memory == VS_MEMORY_DDR ? 0 : 1;
  t->queue = vpurt_get_queue (im, VS_ENGINE_DMA, -1, (gint) port, channel, 1);
  if (sync) {
    t->kind = VS_TASK_SYNC;
    t->spec.dma.src = t->spec.dma.dst = -1;
    return TRUE;
  }
  t->kind = VS_TASK_DMA;
  t->spec.dma.src = src;
  t->spec.dma.dst = dst;
  t->spec.dma.bytes = bytes;
  t->spec.dma.out_of_order = vpurt_attr_get (m, attrs, "is_out_of_order") != NULL;
  t->spec.dma.op = vs_schedule_intern (im->s, op);
  read_descriptor (im, attrs, opname, &t->spec.dma.planes);
  return TRUE;
}
