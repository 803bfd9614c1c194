/* SPDX-License-Identifier: Apache-2.0 */
/* bench_key_index.c — why vpusim's hot-path hash table is hw/key_index and
 * not GHashTable: both on the VPUNN DPU cache's shape (168-byte keys, 42
 * 32-bit words), 65 536 distinct keys, looked up (all present: the cached
 * query path) and added (the pre-pass's deduplication path).  GHashTable gets
 * its best case: keys already in one array, a hash over the same words, the
 * table storing pointers into that array. */
#include <glib.h>
#include <string.h>

#include "hw/key_index.h"
#include "tests/bench_support.h"

enum { KEY_WORDS = 42, N_KEYS = 65536 };

typedef struct {
  guint32 (*keys)[KEY_WORDS];
  VsKeyIndex index;
  GHashTable *table;
} Bench;

static guint
key_hash (gconstpointer key)
{
  return vs_key_hash (key, KEY_WORDS * sizeof (guint32));
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, KEY_WORDS * sizeof (guint32)) == 0;
}

static guint64
index_find (gpointer data, guint64 *checksum)
{
  Bench *b = data;
  for (guint i = 0; i < N_KEYS; i++) {
    guint32 h = vs_key_hash (b->keys[i], sizeof b->keys[i]);
    *checksum += (guint64) vs_key_index_find (&b->index, b->keys[i], h);
  }
  return N_KEYS;
}

static guint64
table_find (gpointer data, guint64 *checksum)
{
  Bench *b = data;
  for (guint i = 0; i < N_KEYS; i++)
    *checksum += GPOINTER_TO_UINT (g_hash_table_lookup (b->table, b->keys[i]));
  return N_KEYS;
}

static guint64
index_add (gpointer data, guint64 *checksum)
{
  Bench *b = data;
  VsKeyIndex ix;
  vs_key_index_init (&ix, sizeof b->keys[0]);
  for (guint i = 0; i < N_KEYS; i++)
    *checksum += vs_key_index_add (&ix, b->keys[i], vs_key_hash (b->keys[i], sizeof b->keys[i]),
                                   NULL);
  vs_key_index_clear (&ix);
  return N_KEYS;
}

static guint64
table_add (gpointer data, guint64 *checksum)
{
  Bench *b = data;
  GHashTable *t = g_hash_table_new (key_hash, key_equal);
  for (guint i = 0; i < N_KEYS; i++)
    if (!g_hash_table_contains (t, b->keys[i]))
      g_hash_table_insert (t, b->keys[i], GUINT_TO_POINTER (g_hash_table_size (t) + 1));
  *checksum += g_hash_table_size (t);
  g_hash_table_unref (t);
  return N_KEYS;
}

int
main (void)
{
  vs_bench_print_machine ("bench_key_index");
  Bench b;
  b.keys = g_malloc_n (N_KEYS, sizeof *b.keys);
  GRand *rand = g_rand_new_with_seed (13);
  for (guint i = 0; i < N_KEYS; i++)
    for (guint w = 0; w < KEY_WORDS; w++)   /* workload-like: small fields, few differ */
      b.keys[i][w] = w < 6 ? (guint32) g_rand_int_range (rand, 0, 64) : (w == 6 ? i : w);
  g_rand_free (rand);
  vs_key_index_init (&b.index, sizeof b.keys[0]);
  b.table = g_hash_table_new (key_hash, key_equal);
  for (guint i = 0; i < N_KEYS; i++) {
    vs_key_index_add (&b.index, b.keys[i], vs_key_hash (b.keys[i], sizeof b.keys[i]), NULL);
    g_hash_table_insert (b.table, b.keys[i], GUINT_TO_POINTER (i + 1));
  }
  double ix_find = vs_bench_rates ("key_index lookups (168-byte keys, all present)", "lookups",
                                   index_find, &b);
  double gh_find = vs_bench_rates ("GHashTable lookups (same keys, same hash)", "lookups",
                                   table_find, &b);
  double ix_add = vs_bench_rates ("key_index: number 65536 distinct keys", "keys", index_add, &b);
  double gh_add = vs_bench_rates ("GHashTable: number 65536 distinct keys", "keys", table_add, &b);
  g_print ("key_index / GHashTable: lookups %.2fx, numbering %.2fx\n", ix_find / gh_find,
           ix_add / gh_add);
  vs_key_index_clear (&b.index);
  g_hash_table_unref (b.table);
  g_free (b.keys);
  return 0;
}
