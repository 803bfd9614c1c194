/* SPDX-License-Identifier: Apache-2.0 */
/* block_cache.h — the memory of replay runs: one block per run for its
 * state and one for its timeline, and the last freed big blocks kept for
 * the next run.
 *
 * Why.  A replay's state is about 100 bytes per task, all of it written once
 * per run.  Fresh memory costs the kernel a page fault and the zeroing of
 * every page at its first touch: on the development VM that was a third of
 * a 1 M-task replay's time, run after run.  So a freed big block is kept (at
 * most VS_BLOCK_CACHE_SLOTS of them) for the next run that fits in it:
 * replays of one schedule in a loop (what-if, sweeps, a benchmark) touch no
 * fresh page after the first.  A kept block's pages are handed back to the
 * kernel lazily (MADV_FREE: reclaimed only under memory pressure, at no cost
 * otherwise), so keeping them does not hold memory that the system needs.
 * Huge pages (MADV_HUGEPAGE) were tried and left out: on the development VM
 * (a virtio balloon that reports free 2 MiB blocks to the host) a fresh
 * 2 MiB page costs a fault in the hypervisor too, 0.2–0.4 GB/s against
 * 1.2–1.8 GB/s for 4 KiB pages.
 *
 * Contents are undefined: the caller writes every byte it reads.  Small
 * blocks (below VS_BLOCK_BIG) are plain g_malloc.  Thread-safe.
 */
#ifndef VS_BLOCK_CACHE_H
#define VS_BLOCK_CACHE_H

#include <glib.h>

G_BEGIN_DECLS

#define VS_BLOCK_BIG (1u << 20)        /* bytes from which a block is mapped and may be kept */
#define VS_BLOCK_CACHE_SLOTS 4         /* freed big blocks kept: two runs' state and timeline */

/* A block of at least `size` bytes (size > 0), aligned to 16 bytes. */
void *vs_block_alloc (gsize size);

/* Free a block from vs_block_alloc (NULL is ignored); a big one may be kept. */
void  vs_block_free (void *block);

/* Unmap every kept block (tests, and callers that want the memory back now). */
void  vs_block_cache_trim (void);

/* Bytes mapped by the kept blocks (for tests). */
gsize vs_block_cache_bytes (void);

G_END_DECLS

#endif /* VS_BLOCK_CACHE_H */
