/* SPDX-License-Identifier: Apache-2.0 */
/* test_key_index.c — hw/key_index: keys numbered by first appearance,
 * found again after growth, under colliding hashes and after a reset; the
 * hash reads every byte, odd sizes included. */
#include <glib.h>
#include <string.h>

#include "hw/key_index.h"

/* 9 bytes of key: a tail past the last 8-byte word. */
static void
odd_key (guint i, guint8 out[9])
{
  memset (out, 0, 9);
  memcpy (out, &i, sizeof i);
  out[8] = (guint8) (i * 7);
}

static void
test_numbering (void)
{
  VsKeyIndex ix;
  vs_key_index_init (&ix, 9);
  gboolean added;
  guint8 k[9];
  /* 10 000 keys, each twice: numbers follow first appearance. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < 10000; i++) {
      odd_key (i, k);
      g_assert_cmpuint (vs_key_index_add (&ix, k, vs_key_hash (k, 9), &added), ==, i);
      g_assert_cmpint (added, ==, round == 0);
    }
  g_assert_cmpuint (vs_key_index_size (&ix), ==, 10000);
  odd_key (1234, k);
  g_assert_cmpint (memcmp (vs_key_index_key (&ix, 1234), k, 9), ==, 0);
  g_assert_cmpint (vs_key_index_find (&ix, k, vs_key_hash (k, 9)), ==, 1234);
  odd_key (10000, k);
  g_assert_cmpint (vs_key_index_find (&ix, k, vs_key_hash (k, 9)), ==, -1);
  vs_key_index_reset (&ix);
  g_assert_cmpuint (vs_key_index_size (&ix), ==, 0);
  odd_key (5, k);
  g_assert_cmpint (vs_key_index_find (&ix, k, vs_key_hash (k, 9)), ==, -1);
  g_assert_cmpuint (vs_key_index_add (&ix, k, vs_key_hash (k, 9), &added), ==, 0);
  g_assert_true (added);
  vs_key_index_clear (&ix);
}

/* Every key with the same hash: found by comparing bytes along the probe. */
static void
test_collisions (void)
{
  VsKeyIndex ix;
  vs_key_index_init (&ix, sizeof (guint64));
  for (guint64 i = 0; i < 500; i++)
    g_assert_cmpuint (vs_key_index_add (&ix, &i, 42, NULL), ==, i);
  for (guint64 i = 0; i < 500; i++)
    g_assert_cmpint (vs_key_index_find (&ix, &i, 42), ==, (gint32) i);
  guint64 absent = 500;
  g_assert_cmpint (vs_key_index_find (&ix, &absent, 42), ==, -1);
  vs_key_index_clear (&ix);
}

static void
test_hash (void)
{
  guint8 a[9] = { 0 }, b[9] = { 0 };
  g_assert_cmpuint (vs_key_hash (a, 9), ==, vs_key_hash (b, 9));
  b[8] = 1;                     /* the tail counts */
  g_assert_cmpuint (vs_key_hash (a, 9), !=, vs_key_hash (b, 9));
  g_assert_cmpuint (vs_key_hash (a, 8), !=, vs_key_hash (a, 9));   /* so does the size */
  /* Spread: 4096 consecutive integers land in distinct low 12 bits often
   * enough that linear probing stays short. */
  guint buckets[4096] = { 0 };
  for (guint32 i = 0; i < 4096; i++)
    buckets[vs_key_hash (&i, sizeof i) & 4095]++;
  guint used = 0;
  for (guint i = 0; i < 4096; i++)
    used += buckets[i] > 0;
  g_assert_cmpuint (used, >, 2400);   /* a random function fills about 63 % */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/key-index/numbering", test_numbering);
  g_test_add_func ("/key-index/collisions", test_collisions);
  g_test_add_func ("/key-index/hash", test_hash);
  return g_test_run ();
}
