/* SPDX-License-Identifier: Apache-2.0 */
/* block_cache.c — replay run blocks: big ones mapped on their own, the last
 * freed ones kept in a few slots under a lock.  Each block starts with a
 * header (what was mapped, what may be used), so a free needs nothing but
 * the pointer. */
#include "sim/engine/block_cache.h"

#include <sys/mman.h>
#include <unistd.h>

typedef struct {
  gsize mapped;                 /* bytes mapped from the header on; 0 for a g_malloc block */
  gsize usable;                 /* bytes after the header */
  guint8 pad[48];               /* the caller's bytes start 64-byte aligned */
} BlockHeader;

G_STATIC_ASSERT (sizeof (BlockHeader) == 64);

static GMutex cache_lock;
static BlockHeader *cache[VS_BLOCK_CACHE_SLOTS];

/* Map `size` bytes (a multiple of the page size). */
static void *
map_block (gsize size)
{
  void *p = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    g_error ("%s: failed to map %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);
  return p;
}

/* The smallest kept block that holds `size` bytes, taken out of its slot. */
static BlockHeader *
take_kept (gsize size)
{
  g_mutex_lock (&cache_lock);
  gint best = -1;
  for (gint i = 0; i < VS_BLOCK_CACHE_SLOTS; i++)
    if (cache[i] != NULL && cache[i]->usable >= size &&
        (best < 0 || cache[i]->usable < cache[best]->usable))
      best = i;
  BlockHeader *h = NULL;
  if (best >= 0) {
    h = cache[best];
    cache[best] = NULL;
  }
  g_mutex_unlock (&cache_lock);
  return h;
}

void *
vs_block_alloc (gsize size)
{
  g_return_val_if_fail (size > 0 && size < G_MAXSIZE / 2, NULL);
  BlockHeader *h;
  if (size < VS_BLOCK_BIG) {
    h = g_malloc (sizeof *h + size);
    h->mapped = 0;
    h->usable = size;
    return h + 1;
  }
  h = take_kept (size);
  if (h == NULL) {
    gsize page = (gsize) sysconf (_SC_PAGESIZE);
    gsize mapped = (sizeof *h + size + page - 1) / page * page;
    h = map_block (mapped);
    h->mapped = mapped;
    h->usable = mapped - sizeof *h;
  }
  return h + 1;
}

void
vs_block_free (void *block)
{
  if (block == NULL)
    return;
  BlockHeader *h = (BlockHeader *) block - 1;
  if (h->mapped == 0) {
    g_free (h);
    return;
  }
#ifdef MADV_FREE
  /* The contents are dead: the kernel may take the pages back under memory
   * pressure (a later run then faults them in again, zeroed); until then a
   * run that reuses the block touches no fresh page.  The header's page is
   * kept, being written right after. */
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  if (h->mapped > page)
    madvise ((guint8 *) h + page, h->mapped - page, MADV_FREE);
#endif
  /* Keep it in an empty slot, or in place of a smaller kept block. */
  g_mutex_lock (&cache_lock);
  gint slot = -1;
  for (gint i = 0; i < VS_BLOCK_CACHE_SLOTS && slot < 0; i++)
    if (cache[i] == NULL)
      slot = i;
  if (slot < 0) {
    gint smallest = 0;
    for (gint i = 1; i < VS_BLOCK_CACHE_SLOTS; i++)
      if (cache[i]->mapped < cache[smallest]->mapped)
        smallest = i;
    if (cache[smallest]->mapped < h->mapped)
      slot = smallest;
  }
  BlockHeader *evicted = h;
  if (slot >= 0) {
    evicted = cache[slot];
    cache[slot] = h;
  }
  g_mutex_unlock (&cache_lock);
  if (evicted != NULL)
    munmap (evicted, evicted->mapped);
}

void
vs_block_cache_trim (void)
{
  g_mutex_lock (&cache_lock);
  for (gint i = 0; i < VS_BLOCK_CACHE_SLOTS; i++) {
    if (cache[i] != NULL)
      munmap (cache[i], cache[i]->mapped);
    cache[i] = NULL;
  }
  g_mutex_unlock (&cache_lock);
}

gsize
vs_block_cache_bytes (void)
{
  gsize bytes = 0;
  g_mutex_lock (&cache_lock);
  for (gint i = 0; i < VS_BLOCK_CACHE_SLOTS; i++)
    bytes += cache[i] != NULL ? cache[i]->mapped : 0;
  g_mutex_unlock (&cache_lock);
  return bytes;
}
