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
  return TRUE;
}
