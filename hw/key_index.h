/* SPDX-License-Identifier: Apache-2.0 */
/* key_index.h — distinct fixed-size keys, numbered by first appearance: the
 * one hash table of vpusim's hot paths (the cost pre-pass's workload
 * deduplication, the VPUNN DPU and DMA query caches).
 *
 * Keys are byte strings of one size (callers zero-fill any padding), copied
 * into one packed array in the order they were added; a key's number is its
 * index there, so whoever numbers things by key never depends on hash order.
 * Callers keep their values in arrays indexed by that number.
 *
 * Open addressing with linear probing, at a load factor of at most one half,
 * over 8-byte slots holding a key's index + 1 and its 32-bit hash: a probe
 * compares hashes before it touches a key, and growing never rehashes one.  The hash is
 * passed in (vs_key_hash computes it) so that a caller that looks a key up
 * and then adds it hashes it once.
 *
 * Why not GHashTable: it stores pointers, so every key would be a separate
 * allocation or a pointer into the caller's array, and each lookup goes
 * through two indirect calls (hash, equal).  tests/bench_key_index measures
 * both on the VPUNN DPU cache's 168-byte keys (figures in the README).
 */
#ifndef VS_KEY_INDEX_H
#define VS_KEY_INDEX_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gsize key_size;
  guint8 *keys;                 /* n keys, packed in insertion order */
  guint n, alloc;
  guint64 *slots;               /* key index + 1 | hash << 32; 0 = empty */
  guint n_slots;                /* 0 or a power of two >= 2 n */
} VsKeyIndex;

/* The one hash function: 64-bit multiply-xorshift over 8-byte words (the
 * tail zero-padded), folded to 32 bits. */
guint32 vs_key_hash (const void *key, gsize size);

void vs_key_index_init (VsKeyIndex *ix, gsize key_size);
/* Frees the memory; init again to reuse. */
void vs_key_index_clear (VsKeyIndex *ix);
/* Forgets every key, keeps the memory. */
void vs_key_index_reset (VsKeyIndex *ix);

/* Index of `key`, or -1. */
gint32 vs_key_index_find (const VsKeyIndex *ix, const void *key, guint32 hash);
/* Index of `key`, adding it at the end if absent (then *added is TRUE). */
guint  vs_key_index_add (VsKeyIndex *ix, const void *key, guint32 hash, gboolean *added);

static inline guint
vs_key_index_size (const VsKeyIndex *ix)
{
  return ix->n;
}

static inline const void *
vs_key_index_key (const VsKeyIndex *ix, guint i)
{
  return ix->keys + (gsize) i * ix->key_size;
}

G_END_DECLS

#endif /* VS_KEY_INDEX_H */
