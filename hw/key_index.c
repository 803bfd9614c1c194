/* SPDX-License-Identifier: Apache-2.0 */
/* key_index.c — open addressing over packed fixed-size keys (key_index.h). */
#include "config.h"

#include "hw/key_index.h"

#include <string.h>

guint32
vs_key_hash (const void *key, gsize size)
{
  const guint8 *p = key;
  guint64 h = 0x9e3779b97f4a7c15u ^ size;
  gsize i = 0;
  for (; i + 8 <= size; i += 8) {
    guint64 word;
    memcpy (&word, p + i, 8);
    h ^= word;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 29;
  }
  if (i < size) {
    guint64 word = 0;
    memcpy (&word, p + i, size - i);
    h ^= word;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 29;
  }
  h *= 0xc4ceb9fe1a85ec53u;
  return (guint32) (h ^ (h >> 32));
}

/* A slot holds index + 1 in its low half (0: empty) and the key's hash in
 * its high half, so a probe rejects other keys without touching them. */
static inline guint64
slot_of (guint index, guint32 hash)
{
  return (guint64) (index + 1) | (guint64) hash << 32;
}

void
vs_key_index_init (VsKeyIndex *ix, gsize key_size)
{
  memset (ix, 0, sizeof *ix);
  ix->key_size = key_size;
}

void
vs_key_index_clear (VsKeyIndex *ix)
{
  g_free (ix->keys);
  g_free (ix->slots);
  vs_key_index_init (ix, ix->key_size);
}

void
vs_key_index_reset (VsKeyIndex *ix)
{
  ix->n = 0;
  if (ix->slots != NULL)
    memset (ix->slots, 0, ix->n_slots * sizeof *ix->slots);
}

gint32
vs_key_index_find (const VsKeyIndex *ix, const void *key, guint32 hash)
{
  if (ix->n == 0)
    return -1;
  const guint mask = ix->n_slots - 1;
  for (guint s = hash & mask;; s = (s + 1) & mask) {
    guint64 v = ix->slots[s];
    if (v == 0)
      return -1;
    guint i = (guint32) v - 1;
    if ((guint32) (v >> 32) == hash && memcmp (vs_key_index_key (ix, i), key, ix->key_size) == 0)
      return (gint32) i;
  }
}

static void
place (guint64 *slots, guint n_slots, guint64 slot)
{
  const guint mask = n_slots - 1;
  guint s = (guint32) (slot >> 32) & mask;
  while (slots[s] != 0)
    s = (s + 1) & mask;
  slots[s] = slot;
}

static void
grow_slots (VsKeyIndex *ix)
{
  guint n_slots = ix->n_slots == 0 ? 64 : ix->n_slots * 2;
  guint64 *slots = g_new0 (guint64, n_slots);
  for (guint s = 0; s < ix->n_slots; s++)
    if (ix->slots[s] != 0)
      place (slots, n_slots, ix->slots[s]);
  g_free (ix->slots);
  ix->slots = slots;
  ix->n_slots = n_slots;
}

guint
vs_key_index_add (VsKeyIndex *ix, const void *key, guint32 hash, gboolean *added)
{
  gint32 found = vs_key_index_find (ix, key, hash);
  if (added != NULL)
    *added = found < 0;
  if (found >= 0)
    return (guint) found;
  g_assert (ix->n < G_MAXUINT32 / 2);
  if (ix->n == ix->alloc) {
    ix->alloc = ix->alloc == 0 ? 64 : ix->alloc * 2;
    ix->keys = g_realloc_n (ix->keys, ix->alloc, ix->key_size);
  }
  if ((ix->n + 1) * 2 > ix->n_slots)
    grow_slots (ix);
  memcpy (ix->keys + (gsize) ix->n * ix->key_size, key, ix->key_size);
  place (ix->slots, ix->n_slots, slot_of (ix->n, hash));
  return ix->n++;
}
