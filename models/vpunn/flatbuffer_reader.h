/* SPDX-License-Identifier: Apache-2.0 */
/* flatbuffer_reader.h — bounds-checked reading of FlatBuffers bytes by hand.
 *
 * Applies the checks of the FlatBuffers verifier the VPUNN reference runs
 * (SPEC.md §1.2): every table, vtable, offset, vector and string must lie in
 * the buffer and be aligned as the verifier demands; arithmetic is done in
 * 64 bits so no offset can wrap.  Accessors that take a `ctx` and a field name
 * fail with a VS_VPUNN_ERROR_FORMAT GError "ORIGIN: CTX: field 'F': what is
 * wrong"; once a vector or table has been checked, reading its elements needs
 * no further error handling.  Nothing here allocates except error messages.
 */
#ifndef VS_FLATBUFFER_READER_H
#define VS_FLATBUFFER_READER_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const guint8 *data;
  gsize size;
  const char *origin;   /* names the data in errors (a path or "<memory>") */
} VsFbBuffer;

typedef struct {
  gsize pos;            /* start of the table object */
  gsize vtable;         /* start of its vtable */
  guint16 vtable_size;  /* bytes */
} VsFbTable;

/* A checked vector: count elements of elem_size bytes from pos. */
typedef struct {
  gsize pos;
  guint32 count;
  guint elem_size;
} VsFbVector;

/* Check size and identifier (bytes 4..7) and return the root table. */
gboolean vs_fb_root (const VsFbBuffer *buf, const char identifier[4], VsFbTable *root,
                     GError **error);

/* Byte offset of field `slot` inside the table, or 0 when absent. */
guint16 vs_fb_field_offset (const VsFbBuffer *buf, const VsFbTable *table, guint slot);

/* Scalar fields (absent: the default). */
gboolean vs_fb_get_u8 (const VsFbBuffer *buf, const VsFbTable *table, guint slot, guint8 dflt,
                       const char *ctx, const char *field, guint8 *out, GError **error);
gboolean vs_fb_get_i8 (const VsFbBuffer *buf, const VsFbTable *table, guint slot, gint8 dflt,
                       const char *ctx, const char *field, gint8 *out, GError **error);
gboolean vs_fb_get_u32 (const VsFbBuffer *buf, const VsFbTable *table, guint slot, guint32 dflt,
                        const char *ctx, const char *field, guint32 *out, GError **error);
gboolean vs_fb_get_i32 (const VsFbBuffer *buf, const VsFbTable *table, guint slot, gint32 dflt,
                        const char *ctx, const char *field, gint32 *out, GError **error);

/* Offset fields.  *present tells whether the field exists; when it is absent
 * the call succeeds and leaves *out untouched.  Pass present == NULL to make
 * the field required (absent is then an error). */
gboolean vs_fb_get_vector (const VsFbBuffer *buf, const VsFbTable *table, guint slot,
                           guint elem_size, const char *ctx, const char *field,
                           VsFbVector *out, gboolean *present, GError **error);
/* A string: *out points into the buffer (not NUL-checked beyond the
 * terminator the verifier requires), *length excludes the terminator. */
gboolean vs_fb_get_string (const VsFbBuffer *buf, const VsFbTable *table, guint slot,
                           const char *ctx, const char *field, const char **out,
                           guint32 *length, gboolean *present, GError **error);
gboolean vs_fb_get_table (const VsFbBuffer *buf, const VsFbTable *table, guint slot,
                          const char *ctx, const char *field, VsFbTable *out,
                          gboolean *present, GError **error);

/* Element `index` of a checked vector of tables. */
gboolean vs_fb_vector_table (const VsFbBuffer *buf, const VsFbVector *vector, guint32 index,
                             const char *ctx, VsFbTable *out, GError **error);

/* Elements of a checked vector of 4-byte scalars (index < count). */
guint32 vs_fb_vector_u32 (const VsFbBuffer *buf, const VsFbVector *vector, guint32 index);

static inline gint32
vs_fb_vector_i32 (const VsFbBuffer *buf, const VsFbVector *vector, guint32 index)
{
  return (gint32) vs_fb_vector_u32 (buf, vector, index);
}

G_END_DECLS

#endif
