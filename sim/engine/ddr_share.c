/* SPDX-License-Identifier: Apache-2.0 */
/* ddr_share.c — max-min fair DDR rates for the transfers in flight.  The
 * in-flight set is as small as the DMA engines are few, so it is a plain
 * array of records rescanned at every change (and searched by task id). */
#include "sim/engine/ddr_share.h"

#include <math.h>

/* One transfer in flight.  Only transfers in flight have a record, so the
 * memory does not grow with the schedule. */
typedef struct {
  guint32 task;
  guint8 slowed;                /* has run below its own rate */
  double remaining;             /* bytes still to move */
  double demand;                /* rate alone (bytes per ps) */
  double rate;                  /* current rate */
  gint64 end;                   /* expected end */
  gint64 alone_end;             /* start + cost, the end while never slowed */
} Flight;

struct VsDdrShare {
  double capacity;              /* bytes per ps */
  GArray *flying;               /* Flight, in the order they started (the last moved into a
                                   finished one's place) */
  GArray *changed;              /* guint32 tasks whose end moved */
  GArray *order;                /* guint32 scratch: flight positions by demand */
  gint64 last;                  /* time the remaining bytes were last brought up to */
};

VsDdrShare *
vs_ddr_share_new (double bandwidth_gbps)
{
  VsDdrShare *d = g_new0 (VsDdrShare, 1);
  d->capacity = bandwidth_gbps / 1000.0;       /* GB/s = bytes/ns = 1e-3 bytes/ps */
  d->flying = g_array_sized_new (FALSE, FALSE, sizeof (Flight), 16);
  d->changed = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 16);
  d->order = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 16);
  return d;
}

void
vs_ddr_share_free (VsDdrShare *d)
{
  if (d == NULL)
    return;
  g_array_unref (d->flying);
  g_array_unref (d->changed);
  g_array_unref (d->order);
  g_free (d);
}

gsize
vs_ddr_share_bytes (const VsDdrShare *d)
{
  return sizeof *d + d->flying->len * sizeof (Flight) + d->changed->len * sizeof (guint32) +
         d->order->len * sizeof (guint32);
}

#define FLIGHT(d, i) (&g_array_index ((d)->flying, Flight, (i)))

static Flight *
find (const VsDdrShare *d, guint32 task)
{
  for (guint i = 0; i < d->flying->len; i++)
    if (FLIGHT (d, i)->task == task)
      return FLIGHT (d, i);
  return NULL;
}

static void
advance (VsDdrShare *d, gint64 now)
{
  double dt = (double) (now - d->last);
  for (guint i = 0; i < d->flying->len; i++) {
    Flight *f = FLIGHT (d, i);
    f->remaining = MAX (0.0, f->remaining - f->rate * dt);
  }
  d->last = now;
}

static gboolean
served_before (const Flight *a, const Flight *b)
{
  return a->demand < b->demand || (a->demand == b->demand && a->task < b->task);
}

/* Water-filling: serve the smallest demands first (ties by task id); each
 * gets its demand or an equal share of what is left, whichever is less.
 * Then re-derive every end and note the ones that moved, in flight order. */
static void
reshare (VsDdrShare *d, gint64 now)
{
  guint n = d->flying->len;
  g_array_set_size (d->order, n);
  guint32 *order = (guint32 *) (void *) d->order->data;
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = 1; i < n; i++)       /* insertion sort: n is a handful */
    for (guint j = i; j > 0 && served_before (FLIGHT (d, order[j]), FLIGHT (d, order[j - 1]));
         j--) {
      guint32 x = order[j];
      order[j] = order[j - 1];
      order[j - 1] = x;
    }
  /* Alone, a transfer keeps its own rate even above the DDR figure: its
   * cost already says what one transfer achieves. */
  double left = n == 1 ? FLIGHT (d, order[0])->demand : d->capacity;
  for (guint i = 0; i < n; i++) {
    Flight *f = FLIGHT (d, order[i]);
    double share = left / (double) (n - i);
    f->rate = MIN (f->demand, share);
    if (f->rate < f->demand)
      f->slowed = 1;
    left -= f->rate;
  }
  for (guint i = 0; i < n; i++) {
    Flight *f = FLIGHT (d, i);
    gint64 end = f->alone_end;
    if (f->slowed) {
      double ps = f->rate > 0 ? ceil (f->remaining / f->rate) : 0.0;
      end = ps >= (double) (G_MAXINT64 - now) ? G_MAXINT64 : now + (gint64) ps;
    }
    if (end != f->end) {
      f->end = end;
      g_array_append_val (d->changed, f->task);
    }
  }
}

void
vs_ddr_share_start (VsDdrShare *d, guint32 task, gint64 now, gint64 bytes, gint64 alone_ps)
{
  g_array_set_size (d->changed, 0);
  advance (d, now);
  Flight f = { .task = task, .remaining = (double) bytes,
               .demand = (double) bytes / (double) alone_ps, .end = -1,
               .alone_end = alone_ps > G_MAXINT64 - now ? G_MAXINT64 : now + alone_ps };
  g_array_append_val (d->flying, f);
  reshare (d, now);
}

gint64
vs_ddr_share_end (const VsDdrShare *d, guint32 task)
{
  const Flight *f = find (d, task);
  return f != NULL ? f->end : -1;
}

void
vs_ddr_share_finish (VsDdrShare *d, guint32 task, gint64 now)
{
  g_array_set_size (d->changed, 0);
  advance (d, now);
  for (guint i = 0; i < d->flying->len; i++)
    if (FLIGHT (d, i)->task == task) {
      g_array_remove_index_fast (d->flying, i);
      break;
    }
  reshare (d, now);
}

guint
vs_ddr_share_changed (const VsDdrShare *d, const guint32 **tasks)
{
  *tasks = (const guint32 *) (gconstpointer) d->changed->data;
  return d->changed->len;
}
