/* SPDX-License-Identifier: Apache-2.0 */
/* parallel.c — a counter, a few GThreads and the lowest failure: see
 * parallel.h for why this keeps results independent of the thread count.
 * Workers share only atomics; each keeps its own first error, and the
 * caller reads those after g_thread_join, so there is no lock to get wrong
 * (and race checkers, which cannot see GLib's futex-based GMutex, can
 * follow every hand-over). */
#include "sim/base/parallel.h"

#include <stdatomic.h>

typedef struct {
  const VsParallelJob *job;
  gpointer data;
  guint64 n;
  atomic_uint_fast64_t next;    /* next index to hand out */
  atomic_uint_fast64_t done;    /* items finished (ok or not) */
  atomic_bool failed;           /* stop handing out items */
  atomic_uint finished;         /* workers that have returned */
} Pool;

typedef struct {
  Pool *pool;
  GThread *thread;
  GError *error;                /* this worker's failure, read after the join */
  guint64 error_index;
} Worker;

static gpointer
worker (gpointer arg)
{
  Worker *w = arg;
  Pool *p = w->pool;
  gpointer scratch = p->job->worker_new != NULL ? p->job->worker_new (p->data) : NULL;
  /* A worker stops at its first failure: its later items would have
   * higher indices, so they could not be the one reported. */
  while (w->error == NULL && !atomic_load (&p->failed)) {
    guint64 i = atomic_fetch_add (&p->next, 1);
    if (i >= p->n)
      break;
    GError *local = NULL;
    if (!p->job->item (p->data, scratch, i, &local)) {
      /* An item that fails without saying why is a programming error, but
       * the user still gets a message. */
      w->error = local != NULL ? local
                               : g_error_new (g_quark_from_static_string ("vs-parallel-error"), 0,
                                              "item %" G_GUINT64_FORMAT " failed", i);
      w->error_index = i;
      atomic_store (&p->failed, TRUE);
    }
    atomic_fetch_add (&p->done, 1);
  }
  if (p->job->worker_free != NULL)
    p->job->worker_free (scratch);
  atomic_fetch_add (&p->finished, 1);
  return NULL;
}

guint
vs_parallel_threads (guint requested, guint64 n_items)
{
  guint64 t = requested > 0 ? requested : (guint) MAX (1, g_get_num_processors ());
  if (t > n_items)
    t = n_items;
  return (guint) MAX (t, 1);
}

gboolean
vs_parallel_run (const VsParallelJob *job, gpointer data, guint64 n_items, guint threads,
                 GError **error)
{
  if (n_items == 0)
    return TRUE;
  threads = vs_parallel_threads (threads, n_items);
  Pool p = { .job = job, .data = data, .n = n_items };
  atomic_init (&p.next, 0);
  atomic_init (&p.done, 0);
  atomic_init (&p.failed, FALSE);
  atomic_init (&p.finished, 0);

  Worker *workers = g_new0 (Worker, threads);
  g_autoptr(GError) spawn_error = NULL;
  guint started = 0;
  for (guint t = 0; t < threads; t++) {
    workers[t].pool = &p;
    g_clear_error (&spawn_error);
    workers[t].thread = g_thread_try_new ("vs-worker", worker, &workers[t], &spawn_error);
    if (workers[t].thread == NULL)
      break;                    /* fewer threads only make it slower; none is an error */
    started++;
  }
  if (started == 0) {
    g_free (workers);
    g_propagate_prefixed_error (error, g_steal_pointer (&spawn_error), "cannot start a thread: ");
    return FALSE;
  }

  if (job->progress != NULL) {
    /* Poll: a progress bar needs no exact hand-over, and polling keeps
     * the workers free of any lock. */
    gint64 next_report = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;
    while (atomic_load (&p.finished) < started) {
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
      if (g_get_monotonic_time () >= next_report) {
        job->progress (data, atomic_load (&p.done), n_items);
        next_report += 100 * G_TIME_SPAN_MILLISECOND;
      }
    }
  }
  GError *first = NULL;
  guint64 first_index = 0;
  for (guint t = 0; t < started; t++) {
    g_thread_join (workers[t].thread);
    Worker *w = &workers[t];
    if (w->error == NULL)
      continue;
    if (first == NULL || w->error_index < first_index) {
      g_clear_error (&first);
      first = w->error;
      first_index = w->error_index;
    } else {
      g_error_free (w->error);
    }
  }
  g_free (workers);
  if (job->progress != NULL)
    job->progress (data, atomic_load (&p.done), n_items);
  if (first != NULL) {
    g_propagate_error (error, first);
    return FALSE;
  }
  return TRUE;
}
