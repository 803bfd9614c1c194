/* parallel.c — a counter, a few GThreads and the lowest failure: see
 * parallel.h for why this keeps results independent of the thread count. */
#include "sim/parallel.h"

#include <stdatomic.h>

typedef struct {
  const VsParallelJob *job;
  gpointer data;
  guint64 n;
  atomic_uint_fast64_t next;    /* next index to hand out */
  atomic_uint_fast64_t done;    /* items finished (ok or not) */
  atomic_bool failed;           /* stop handing out items */
  GMutex lock;                  /* guards the fields below */
  GCond finished;
  guint running;                /* workers still running */
  guint64 error_index;          /* lowest failing index */
  GError *error;
} Pool;

static gpointer
worker (gpointer arg)
{
  Pool *p = arg;
  gpointer scratch = p->job->worker_new != NULL ? p->job->worker_new (p->data) : NULL;
  while (!atomic_load (&p->failed)) {
    guint64 i = atomic_fetch_add (&p->next, 1);
    if (i >= p->n)
      break;
    GError *local = NULL;
    if (!p->job->item (p->data, scratch, i, &local)) {
      g_mutex_lock (&p->lock);
      if (p->error == NULL || i < p->error_index) {
        g_clear_error (&p->error);
        /* An item that fails without saying why is a programming error,
         * but the user still gets a message. */
        p->error = local != NULL ? local
                                 : g_error_new (g_quark_from_static_string ("vs-parallel-error"), 0,
                                                "item %" G_GUINT64_FORMAT " failed", i);
        p->error_index = i;
        local = NULL;
      }
      g_mutex_unlock (&p->lock);
      g_clear_error (&local);
      atomic_store (&p->failed, TRUE);
    }
    atomic_fetch_add (&p->done, 1);
  }
  if (p->job->worker_free != NULL)
    p->job->worker_free (scratch);
  g_mutex_lock (&p->lock);
  p->running--;
  g_cond_signal (&p->finished);
  g_mutex_unlock (&p->lock);
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
  g_mutex_init (&p.lock);
  g_cond_init (&p.finished);

  GThread **pool = g_new0 (GThread *, threads);
  g_autoptr(GError) spawn_error = NULL;
  guint started = 0;
  for (guint t = 0; t < threads; t++) {
    g_mutex_lock (&p.lock);
    p.running++;
    g_mutex_unlock (&p.lock);
    g_clear_error (&spawn_error);
    pool[t] = g_thread_try_new ("vs-worker", worker, &p, &spawn_error);
    if (pool[t] == NULL) {
      /* Fewer threads only make it slower; none at all is an error. */
      g_mutex_lock (&p.lock);
      p.running--;
      g_mutex_unlock (&p.lock);
      break;
    }
    started++;
  }
  if (started == 0) {
    g_free (pool);
    g_mutex_clear (&p.lock);
    g_cond_clear (&p.finished);
    g_propagate_prefixed_error (error, g_steal_pointer (&spawn_error), "cannot start a thread: ");
    return FALSE;
  }

  g_mutex_lock (&p.lock);
  while (p.running > 0) {
    if (job->progress == NULL) {
      g_cond_wait (&p.finished, &p.lock);
      continue;
    }
    gint64 deadline = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;
    if (!g_cond_wait_until (&p.finished, &p.lock, deadline)) {
      g_mutex_unlock (&p.lock);
      job->progress (data, atomic_load (&p.done), n_items);
      g_mutex_lock (&p.lock);
    }
  }
  g_mutex_unlock (&p.lock);
  for (guint t = 0; t < started; t++)
    g_thread_join (pool[t]);
  g_free (pool);
  if (job->progress != NULL)
    job->progress (data, atomic_load (&p.done), n_items);

  g_mutex_clear (&p.lock);
  g_cond_clear (&p.finished);
  if (p.error != NULL) {
    g_propagate_error (error, p.error);
    return FALSE;
  }
  return TRUE;
}
