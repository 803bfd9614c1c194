/* SPDX-License-Identifier: Apache-2.0 */
/* test_flatbuffer_reader.c — models/vpunn/flatbuffer_reader on a FlatBuffer
 * assembled byte by byte here: root, identifier, scalars with defaults, a
 * string, a vector of scalars, a nested table, a vector of tables; then each
 * corruption the verifier refuses (short data, wrong identifier, root past
 * the end, misaligned table, vtable outside, string and vector running past
 * the end, a required field absent), each with its message. */
#include <glib.h>
#include <string.h>

#include "models/vpunn/flatbuffer_reader.h"
#include "models/vpunn/vpunn_model.h"

/* Layout (little-endian; positions in bytes):
 *   0  root offset -> 20            4  "TEST"
 *   8  vtable: size 12, table size 20, slots 0..3 at 4, 8, 12, 16 (4 and on: absent)
 *  20  table: soffset 12 (vtable at 8)
 *  24  slot 0: u32 0xDEADBEEF
 *  28  slot 1: offset -> string at 40       32  slot 2: offset -> vector at 48
 *  36  slot 3: offset -> vector of tables at 60
 *  40  string: length 3, "abc\0"
 *  48  vector: count 2, i32 -5, 7
 *  60  vector of tables: count 1, offset -> table at 68
 *  64  (pad)  68  table: soffset 60 (the root's vtable at 8: its slot 0 is at 4)
 *  72  slot 0 of the inner table: u32 42 */
enum { SIZE = 76 };

static void
put_u32 (guint8 *b, gsize pos, guint32 v)
{
  v = GUINT32_TO_LE (v);
  memcpy (b + pos, &v, 4);
}

static void
put_u16 (guint8 *b, gsize pos, guint16 v)
{
  v = GUINT16_TO_LE (v);
  memcpy (b + pos, &v, 2);
}

static void
build (guint8 b[SIZE])
{
  memset (b, 0, SIZE);
  put_u32 (b, 0, 20);
  memcpy (b + 4, "TEST", 4);
  const guint16 vtable[] = { 12, 20, 4, 8, 12, 16 };
  for (guint i = 0; i < G_N_ELEMENTS (vtable); i++)
    put_u16 (b, 8 + 2 * i, vtable[i]);
  put_u32 (b, 20, 12);
  put_u32 (b, 24, 0xDEADBEEFu);
  put_u32 (b, 28, 40 - 28);
  put_u32 (b, 32, 48 - 32);
  put_u32 (b, 36, 60 - 36);
  put_u32 (b, 40, 3);
  memcpy (b + 44, "abc", 4);
  put_u32 (b, 48, 2);
  put_u32 (b, 52, (guint32) -5);
  put_u32 (b, 56, 7);
  put_u32 (b, 60, 1);
  put_u32 (b, 64, 68 - 64);
  put_u32 (b, 68, 60);
  put_u32 (b, 72, 42);
}

static void
test_read (void)
{
  guint8 b[SIZE];
  build (b);
  VsFbBuffer buf = { b, SIZE, "t.fb" };
  g_autoptr(GError) error = NULL;
  VsFbTable root;
  g_assert_true (vs_fb_root (&buf, "TEST", &root, &error));
  g_assert_cmpuint (root.pos, ==, 20);
  g_assert_cmpuint (root.vtable, ==, 8);
  guint32 u;
  g_assert_true (vs_fb_get_u32 (&buf, &root, 0, 1, "root", "magic", &u, &error));
  g_assert_cmpuint (u, ==, 0xDEADBEEFu);
  g_assert_true (vs_fb_get_u32 (&buf, &root, 4, 99, "root", "absent", &u, &error));
  g_assert_cmpuint (u, ==, 99);        /* past the vtable: the default */
  const char *str;
  guint32 len;
  gboolean present;
  g_assert_true (vs_fb_get_string (&buf, &root, 1, "root", "name", &str, &len, &present, &error));
  g_assert_true (present);
  g_assert_cmpuint (len, ==, 3);
  g_assert_cmpint (memcmp (str, "abc", 4), ==, 0);
  VsFbVector v;
  g_assert_true (vs_fb_get_vector (&buf, &root, 2, 4, "root", "values", &v, &present, &error));
  g_assert_cmpuint (v.count, ==, 2);
  g_assert_cmpint (vs_fb_vector_i32 (&buf, &v, 0), ==, -5);
  g_assert_cmpint (vs_fb_vector_i32 (&buf, &v, 1), ==, 7);
  g_assert_true (vs_fb_get_vector (&buf, &root, 4, 4, "root", "none", &v, &present, &error));
  g_assert_false (present);
  VsFbVector tables;
  g_assert_true (vs_fb_get_vector (&buf, &root, 3, 4, "root", "tables", &tables, NULL, &error));
  VsFbTable inner;
  g_assert_true (vs_fb_vector_table (&buf, &tables, 0, "tables", &inner, &error));
  g_assert_cmpuint (inner.pos, ==, 68);
  g_assert_true (vs_fb_get_u32 (&buf, &inner, 0, 0, "inner", "n", &u, &error));
  g_assert_cmpuint (u, ==, 42);
  g_assert_no_error (error);

  /* A required field that is absent. */
  g_assert_false (vs_fb_get_vector (&buf, &root, 4, 4, "root", "layers", &v, NULL, &error));
  g_assert_error (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, "t.fb: root: field 'layers': "));
}

/* Corrupt one thing, expect the message to contain `what`. */
static void
expect_refused (const char *label, void (*corrupt) (guint8 *b), gsize size, const char *what)
{
  guint8 b[SIZE];
  build (b);
  corrupt (b);
  VsFbBuffer buf = { b, size, "t.fb" };
  g_autoptr(GError) error = NULL;
  VsFbTable root;
  gboolean ok = vs_fb_root (&buf, "TEST", &root, &error);
  if (ok) {
    const char *str;
    guint32 len;
    VsFbVector v;
    ok = vs_fb_get_string (&buf, &root, 1, "root", "name", &str, &len, NULL, &error) &&
         vs_fb_get_vector (&buf, &root, 2, 4, "root", "values", &v, NULL, &error);
  }
  g_assert_false (ok);
  g_assert_error (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_FORMAT);
  if (strstr (error->message, what) == NULL)
    g_error ("%s: expected '%s' in '%s'", label, what, error->message);
}

static void nothing (guint8 *b) { (void) b; }
static void wrong_identifier (guint8 *b) { memcpy (b + 4, "VPUN", 4); }
static void root_past_end (guint8 *b) { put_u32 (b, 0, 1000); }
static void root_misaligned (guint8 *b) { put_u32 (b, 0, 22); }
static void vtable_outside (guint8 *b) { put_u32 (b, 20, 100); }
static void string_too_long (guint8 *b) { put_u32 (b, 40, 1000); }
static void vector_too_long (guint8 *b) { put_u32 (b, 48, 0x40000000u); }

static void
test_refusals (void)
{
  expect_refused ("short", nothing, 7, "7 bytes is too short for a FlatBuffer");
  expect_refused ("identifier", wrong_identifier, SIZE, "file identifier is 'VPUN', expected 'TEST'");
  expect_refused ("root", root_past_end, SIZE, "root offset 1000 is outside the data");
  expect_refused ("misaligned", root_misaligned, SIZE, "misaligned");
  expect_refused ("vtable", vtable_outside, SIZE, "outside the data or misaligned");
  expect_refused ("string", string_too_long, SIZE, "field 'name'");
  expect_refused ("vector", vector_too_long, SIZE, "field 'values'");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/flatbuffer-reader/read", test_read);
  g_test_add_func ("/flatbuffer-reader/refusals", test_refusals);
  return g_test_run ();
}
