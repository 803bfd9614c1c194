/* SPDX-License-Identifier: Apache-2.0 */
/* flatbuffer_reader.c — the FlatBuffers verifier's checks, one access at a time.
 * Positions are gsize and every sum is compared against the size before it
 * is formed, so a hostile offset can neither wrap nor reach past the end. */
#include "models/vpunn/flatbuffer_reader.h"

#include <string.h>

#include "models/vpunn/vpunn_model.h"

/* The verifier's own limit (FLATBUFFERS_MAX_BUFFER_SIZE): offsets are 32-bit
 * and must stay positive as signed values. */
#define VS_FB_MAX_SIZE ((gsize) G_MAXINT32)

static guint32
read_u32 (const VsFbBuffer *buf, gsize pos)
{
  guint32 v;
  memcpy (&v, buf->data + pos, 4);
  return GUINT32_FROM_LE (v);
}

static guint16
read_u16 (const VsFbBuffer *buf, gsize pos)
{
  guint16 v;
  memcpy (&v, buf->data + pos, 2);
  return GUINT16_FROM_LE (v);
}

/* The verifier's Verify(elem, len): len bytes from pos lie inside. */
static gboolean
in_bounds (const VsFbBuffer *buf, gsize pos, gsize len)
{
  return len < buf->size && pos <= buf->size - len;
}

static void G_GNUC_PRINTF (5, 6)
fail (const VsFbBuffer *buf, const char *ctx, const char *field, GError **error,
      const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_autoptr(GString) msg = g_string_new (buf->origin);
  if (ctx != NULL)
    g_string_append_printf (msg, ": %s", ctx);
  if (field != NULL)
    g_string_append_printf (msg, ": field '%s'", field);
  g_string_append_printf (msg, ": %s", what);
  g_set_error_literal (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_FORMAT, msg->str);
}

static gboolean
check_table (const VsFbBuffer *buf, gsize pos, const char *ctx, const char *field,
             VsFbTable *out, GError **error)
{
  if (pos % 4 != 0 || !in_bounds (buf, pos, 4)) {
    fail (buf, ctx, field, error, "table at byte %" G_GSIZE_FORMAT " is %s", pos,
          pos % 4 != 0 ? "misaligned" : "past the end of the data");
    return FALSE;
  }
  /* vtable = table - soffset, computed in 64 bits so either sign is safe. */
  gint64 vt = (gint64) pos - (gint64) (gint32) read_u32 (buf, pos);
  if (vt < 0 || vt % 2 != 0 || !in_bounds (buf, (gsize) vt, 2)) {
    fail (buf, ctx, field, error, "table at byte %" G_GSIZE_FORMAT
          " has its vtable at %" G_GINT64_FORMAT ", outside the data or misaligned", pos, vt);
    return FALSE;
  }
  guint16 vt_size = read_u16 (buf, (gsize) vt);
  if (vt_size % 2 != 0 || vt_size < 4 || !in_bounds (buf, (gsize) vt, vt_size)) {
    fail (buf, ctx, field, error, "vtable at byte %" G_GINT64_FORMAT
          " has an impossible size %u", vt, vt_size);
    return FALSE;
  }
  out->pos = pos;
  out->vtable = (gsize) vt;
  out->vtable_size = vt_size;
  return TRUE;
}

gboolean
vs_fb_root (const VsFbBuffer *buf, const char identifier[4], VsFbTable *root, GError **error)
{
  if (buf->size < 8) {
    fail (buf, NULL, NULL, error, "%" G_GSIZE_FORMAT " bytes is too short for a FlatBuffer",
          buf->size);
    return FALSE;
  }
  if (buf->size >= VS_FB_MAX_SIZE) {
    fail (buf, NULL, NULL, error, "%" G_GSIZE_FORMAT " bytes is larger than a FlatBuffer can be",
          buf->size);
    return FALSE;
  }
  if (memcmp (buf->data + 4, identifier, 4) != 0) {
    char got[4 * 4 + 1];
    gsize n = 0;
    for (guint i = 0; i < 4; i++) {
      guint8 c = buf->data[4 + i];
      n += (gsize) g_snprintf (got + n, sizeof got - n, g_ascii_isprint (c) ? "%c" : "\\x%02x", c);
    }
    fail (buf, NULL, NULL, error, "file identifier is '%s', expected '%.4s'", got, identifier);
    return FALSE;
  }
  guint32 rel = read_u32 (buf, 0);
  if (rel == 0 || rel > G_MAXINT32 || !in_bounds (buf, rel, 1)) {
    fail (buf, NULL, NULL, error, "root offset %u is outside the data", rel);
    return FALSE;
  }
  return check_table (buf, rel, "root table", NULL, root, error);
}

guint16
vs_fb_field_offset (const VsFbBuffer *buf, const VsFbTable *table, guint slot)
{
  gsize at = 4 + 2 * (gsize) slot;
  if (at + 2 > table->vtable_size)
    return 0;
  return read_u16 (buf, table->vtable + at);
}

/* Position of a scalar field of `size` bytes, or 0 when absent (a table's
 * field can never be at offset 0: that is the table's soffset). */
static gboolean
scalar_pos (const VsFbBuffer *buf, const VsFbTable *table, guint slot, gsize size,
            const char *ctx, const char *field, gsize *pos, GError **error)
{
  guint16 off = vs_fb_field_offset (buf, table, slot);
  *pos = 0;
  if (off == 0)
    return TRUE;
  gsize p = table->pos + off;   /* pos < 2^31, off < 2^16: no wrap */
  if (p % size != 0 || !in_bounds (buf, p, size)) {
    fail (buf, ctx, field, error, "value at byte %" G_GSIZE_FORMAT " is %s", p,
          p % size != 0 ? "misaligned" : "past the end of the data");
    return FALSE;
  }
  *pos = p;
  return TRUE;
}

gboolean
vs_fb_get_u8 (const VsFbBuffer *buf, const VsFbTable *table, guint slot, guint8 dflt,
              const char *ctx, const char *field, guint8 *out, GError **error)
{
  gsize p;
  if (!scalar_pos (buf, table, slot, 1, ctx, field, &p, error))
    return FALSE;
  *out = p != 0 ? buf->data[p] : dflt;
  return TRUE;
}

gboolean
vs_fb_get_i8 (const VsFbBuffer *buf, const VsFbTable *table, guint slot, gint8 dflt,
              const char *ctx, const char *field, gint8 *out, GError **error)
{
  guint8 v;
  if (!vs_fb_get_u8 (buf, table, slot, (guint8) dflt, ctx, field, &v, error))
    return FALSE;
  *out = (gint8) v;
  return TRUE;
}

gboolean
vs_fb_get_u32 (const VsFbBuffer *buf, const VsFbTable *table, guint slot, guint32 dflt,
               const char *ctx, const char *field, guint32 *out, GError **error)
{
  gsize p;
  if (!scalar_pos (buf, table, slot, 4, ctx, field, &p, error))
    return FALSE;
  *out = p != 0 ? read_u32 (buf, p) : dflt;
  return TRUE;
}

gboolean
vs_fb_get_i32 (const VsFbBuffer *buf, const VsFbTable *table, guint slot, gint32 dflt,
               const char *ctx, const char *field, gint32 *out, GError **error)
{
  guint32 v;
  if (!vs_fb_get_u32 (buf, table, slot, (guint32) dflt, ctx, field, &v, error))
    return FALSE;
  *out = (gint32) v;
  return TRUE;
}

/* The verifier's VerifyOffset: a non-zero, positive u32 at an aligned
 * position, pointing (forward) at a byte inside the data. */
static gboolean
follow_offset (const VsFbBuffer *buf, gsize p, const char *ctx, const char *field, gsize *target,
               GError **error)
{
  if (p % 4 != 0 || !in_bounds (buf, p, 4)) {
    fail (buf, ctx, field, error, "offset at byte %" G_GSIZE_FORMAT " is %s", p,
          p % 4 != 0 ? "misaligned" : "past the end of the data");
    return FALSE;
  }
  guint32 rel = read_u32 (buf, p);
  if (rel == 0 || rel > G_MAXINT32 || !in_bounds (buf, p + rel, 1)) {
    fail (buf, ctx, field, error, "offset %u at byte %" G_GSIZE_FORMAT
          " points outside the data (%" G_GSIZE_FORMAT " bytes)", rel, p, buf->size);
    return FALSE;
  }
  *target = p + rel;
  return TRUE;
}

/* Position of an offset field's target; *present FALSE when absent. */
static gboolean
offset_field (const VsFbBuffer *buf, const VsFbTable *table, guint slot, const char *ctx,
              const char *field, gsize *target, gboolean *present, GError **error)
{
  guint16 off = vs_fb_field_offset (buf, table, slot);
  if (off == 0) {
    if (present == NULL) {
      fail (buf, ctx, field, error, "required field is missing");
      return FALSE;
    }
    *present = FALSE;
    return TRUE;
  }
  if (!follow_offset (buf, table->pos + off, ctx, field, target, error))
    return FALSE;
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

static gboolean
check_vector (const VsFbBuffer *buf, gsize v, guint elem_size, const char *ctx, const char *field,
              VsFbVector *out, GError **error)
{
  if (v % 4 != 0 || !in_bounds (buf, v, 4)) {
    fail (buf, ctx, field, error, "vector at byte %" G_GSIZE_FORMAT " is %s", v,
          v % 4 != 0 ? "misaligned" : "past the end of the data");
    return FALSE;
  }
  guint32 count = read_u32 (buf, v);
  /* count * elem_size in 64 bits: at most 2^32 * 4, no overflow. */
  guint64 bytes = 4 + (guint64) count * elem_size;
  if (bytes >= buf->size || !in_bounds (buf, v, (gsize) bytes)) {
    fail (buf, ctx, field, error, "vector at byte %" G_GSIZE_FORMAT " claims %u elements of %u "
          "bytes, past the end of the data (%" G_GSIZE_FORMAT " bytes)", v, count, elem_size,
          buf->size);
    return FALSE;
  }
  out->pos = v + 4;
  out->count = count;
  out->elem_size = elem_size;
  return TRUE;
}

gboolean
vs_fb_get_vector (const VsFbBuffer *buf, const VsFbTable *table, guint slot, guint elem_size,
                  const char *ctx, const char *field, VsFbVector *out, gboolean *present,
                  GError **error)
{
  gsize v;
  gboolean here = TRUE;
  if (!offset_field (buf, table, slot, ctx, field, &v, present != NULL ? &here : NULL, error))
    return FALSE;
  if (present != NULL)
    *present = here;
  if (!here)
    return TRUE;
  return check_vector (buf, v, elem_size, ctx, field, out, error);
}

gboolean
vs_fb_get_string (const VsFbBuffer *buf, const VsFbTable *table, guint slot, const char *ctx,
                  const char *field, const char **out, guint32 *length, gboolean *present,
                  GError **error)
{
  VsFbVector v;
  gboolean here = TRUE;
  if (!vs_fb_get_vector (buf, table, slot, 1, ctx, field, &v, present != NULL ? &here : NULL,
                         error))
    return FALSE;
  if (present != NULL)
    *present = here;
  if (!here)
    return TRUE;
  gsize end = v.pos + v.count;
  if (!in_bounds (buf, end, 1) || buf->data[end] != 0) {
    fail (buf, ctx, field, error, "string at byte %" G_GSIZE_FORMAT " is not NUL-terminated",
          v.pos - 4);
    return FALSE;
  }
  *out = (const char *) buf->data + v.pos;
  *length = v.count;
  return TRUE;
}

gboolean
vs_fb_get_table (const VsFbBuffer *buf, const VsFbTable *table, guint slot, const char *ctx,
                 const char *field, VsFbTable *out, gboolean *present, GError **error)
{
  gsize t;
  gboolean here = TRUE;
  if (!offset_field (buf, table, slot, ctx, field, &t, present != NULL ? &here : NULL, error))
    return FALSE;
  if (present != NULL)
    *present = here;
  if (!here)
    return TRUE;
  return check_table (buf, t, ctx, field, out, error);
}

gboolean
vs_fb_vector_table (const VsFbBuffer *buf, const VsFbVector *vector, guint32 index,
                    const char *ctx, VsFbTable *out, GError **error)
{
  g_return_val_if_fail (vector->elem_size == 4 && index < vector->count, FALSE);
  gsize t;
  if (!follow_offset (buf, vector->pos + 4 * (gsize) index, ctx, NULL, &t, error))
    return FALSE;
  return check_table (buf, t, ctx, NULL, out, error);
}

guint32
vs_fb_vector_u32 (const VsFbBuffer *buf, const VsFbVector *vector, guint32 index)
{
  g_return_val_if_fail (vector->elem_size == 4 && index < vector->count, 0);
  return read_u32 (buf, vector->pos + 4 * (gsize) index);
}
