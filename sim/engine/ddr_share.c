/* ddr_share.c — max-min fair DDR rates for the transfers in flight.  The
 * in-flight set is as small as the DMA engines are few, so it is a plain
 * array rescanned at every change. */
#include "sim/engine/ddr_share.h"

#include <math.h>

struct VsDdrShare {
  double capacity;              /* bytes per ps */
  double *remaining;            /* per task: bytes still to move */
  double *demand;               /* per task: rate alone (bytes per ps) */
  double *rate;                 /* per task: current rate */
  gint64 *end;                  /* per task: expected end, -1 when not in flight */
  gint64 *alone_end;            /* per task: start + cost, the end while never slowed */
  guint8 *slowed;               /* per task: has run below its own rate */
  GArray *flying;               /* guint32 tasks in flight */
  GArray *changed;              /* guint32 tasks whose end moved */
  gint64 last;                  /* time the remaining bytes were last brought up to */
  gsize bytes;
};

VsDdrShare *
vs_ddr_share_new (guint n_tasks, double bandwidth_gbps)
{
  VsDdrShare *d = g_new0 (VsDdrShare, 1);
  guint n = MAX (n_tasks, 1);
  d->capacity = bandwidth_gbps / 1000.0;       /* GB/s = bytes/ns = 1e-3 bytes/ps */
  d->remaining = g_new0 (double, n);
  d->demand = g_new0 (double, n);
  d->rate = g_new0 (double, n);
  d->end = g_new (gint64, n);
  d->alone_end = g_new0 (gint64, n);
  d->slowed = g_new0 (guint8, n);
  for (guint t = 0; t < n; t++)
    d->end[t] = -1;
  d->flying = g_array_new (FALSE, FALSE, sizeof (guint32));
  d->changed = g_array_new (FALSE, FALSE, sizeof (guint32));
  d->bytes = sizeof *d + n * (3 * sizeof (double) + 2 * sizeof (gint64) + 1);
  return d;
}

void
vs_ddr_share_free (VsDdrShare *d)
{
  if (d == NULL)
    return;
  g_free (d->remaining);
  g_free (d->demand);
  g_free (d->rate);
  g_free (d->end);
  g_free (d->alone_end);
  g_free (d->slowed);
  g_array_unref (d->flying);
  g_array_unref (d->changed);
  g_free (d);
}

gsize
vs_ddr_share_bytes (const VsDdrShare *d)
{
  return d->bytes;
}

#define FLYING(d, i) g_array_index ((d)->flying, guint32, (i))

static void
advance (VsDdrShare *d, gint64 now)
{
  double dt = (double) (now - d->last);
  for (guint i = 0; i < d->flying->len; i++) {
    guint32 t = FLYING (d, i);
    d->remaining[t] = MAX (0.0, d->remaining[t] - d->rate[t] * dt);
  }
  d->last = now;
}

/* Water-filling: serve the smallest demands first; each gets its demand or
 * an equal share of what is left, whichever is less.  Then re-derive every
 * end and note the ones that moved. */
static void
reshare (VsDdrShare *d, gint64 now)
{
  guint n = d->flying->len;
  g_autofree guint32 *order = g_new (guint32, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    order[i] = FLYING (d, i);
  for (guint i = 1; i < n; i++)       /* insertion sort: n is a handful */
    for (guint j = i; j > 0 && (d->demand[order[j]] < d->demand[order[j - 1]] ||
                                (d->demand[order[j]] == d->demand[order[j - 1]] &&
                                 order[j] < order[j - 1])); j--) {
      guint32 x = order[j];
      order[j] = order[j - 1];
      order[j - 1] = x;
    }
  /* Alone, a transfer keeps its own rate even above the DDR figure: its
   * cost already says what one transfer achieves. */
  double left = n == 1 ? d->demand[order[0]] : d->capacity;
  for (guint i = 0; i < n; i++) {
    guint32 t = order[i];
    double share = left / (double) (n - i);
    d->rate[t] = MIN (d->demand[t], share);
    if (d->rate[t] < d->demand[t])
      d->slowed[t] = 1;
    left -= d->rate[t];
  }
  for (guint i = 0; i < n; i++) {
    guint32 t = FLYING (d, i);
    gint64 end = d->alone_end[t];
    if (d->slowed[t]) {
      double ps = d->rate[t] > 0 ? ceil (d->remaining[t] / d->rate[t]) : 0.0;
      end = ps >= (double) (G_MAXINT64 - now) ? G_MAXINT64 : now + (gint64) ps;
    }
    if (end != d->end[t]) {
      d->end[t] = end;
      g_array_append_val (d->changed, t);
    }
  }
}

void
vs_ddr_share_start (VsDdrShare *d, guint32 task, gint64 now, gint64 bytes, gint64 alone_ps)
{
  g_array_set_size (d->changed, 0);
  advance (d, now);
  d->remaining[task] = (double) bytes;
  d->demand[task] = (double) bytes / (double) alone_ps;
  d->end[task] = -1;
  d->slowed[task] = 0;
  d->alone_end[task] = alone_ps > G_MAXINT64 - now ? G_MAXINT64 : now + alone_ps;
  g_array_append_val (d->flying, task);
  reshare (d, now);
}

gint64
vs_ddr_share_end (const VsDdrShare *d, guint32 task)
{
  return d->end[task];
}

void
vs_ddr_share_finish (VsDdrShare *d, guint32 task, gint64 now)
{
  g_array_set_size (d->changed, 0);
  advance (d, now);
  for (guint i = 0; i < d->flying->len; i++)
    if (FLYING (d, i) == task) {
      g_array_remove_index_fast (d->flying, i);
      break;
    }
  d->end[task] = -1;
  d->remaining[task] = 0;
  reshare (d, now);
}

guint
vs_ddr_share_changed (const VsDdrShare *d, const guint32 **tasks)
{
  *tasks = (const guint32 *) (gconstpointer) d->changed->data;
  return d->changed->len;
}
