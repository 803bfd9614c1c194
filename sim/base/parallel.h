/* SPDX-License-Identifier: Apache-2.0 */
/* parallel.h — run independent items (sweep points, what-if replays) on
 * worker threads, with results independent of the thread count.
 *
 * Items are numbered 0..n-1 and handed out in increasing order from one
 * atomic counter; each worker owns a scratch state made by `worker_new`
 * (per-thread duration arrays), so items share nothing mutable.  The caller
 * stores each item's result at its index, so the output never depends on
 * which thread ran what.  After a failure no new item is started; the error
 * reported is the one of the lowest failing index, which is deterministic:
 * every lower index was handed out before it and has finished by then.
 */
#ifndef VS_PARALLEL_H
#define VS_PARALLEL_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  /* Per-thread scratch (may return NULL); called on the worker thread. */
  gpointer (*worker_new) (gpointer data);
  void (*worker_free) (gpointer scratch);
  /* Run item `index`; must be safe to call from several threads at once
   * with different scratch states. */
  gboolean (*item) (gpointer data, gpointer scratch, guint64 index, GError **error);
  /* Called on the calling thread about every 100 ms while items run and
   * once at the end (done == n); may be NULL. */
  void (*progress) (gpointer data, guint64 done, guint64 n);
} VsParallelJob;

/* The number of threads meant by `requested` (0 = every core, as
 * g_get_num_processors says), never more than `n_items` nor less than 1. */
guint vs_parallel_threads (guint requested, guint64 n_items);

/* Run items 0..n_items-1 on `threads` threads (see vs_parallel_threads).
 * Returns FALSE with the error of the lowest failing item. */
gboolean vs_parallel_run (const VsParallelJob *job, gpointer data, guint64 n_items, guint threads,
                          GError **error);

G_END_DECLS

#endif
