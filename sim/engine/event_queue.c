/* SPDX-License-Identifier: Apache-2.0 */
/* event_queue.c — 4-ary min-heap of (time, seq) events in a plain array.
 * A 4-ary heap halves the depth of a binary one; its sift-down compares four
 * children that sit in one or two cache lines, which wins for the replay's
 * pop-heavy pattern. */
#include "sim/engine/event_queue.h"

#define ARITY 4

struct VsEventQueue {
  VsEvent *events;
  gsize length;
  gsize capacity;
  guint64 next_seq;
};

static inline gboolean
event_before (const VsEvent *a, const VsEvent *b)
{
  return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

VsEventQueue *
vs_event_queue_new (gsize capacity)
{
  VsEventQueue *q = g_new0 (VsEventQueue, 1);
  vs_event_queue_reserve (q, capacity > 0 ? capacity : 16);
  return q;
}

void
vs_event_queue_free (VsEventQueue *q)
{
  if (q == NULL)
    return;
  g_free (q->events);
  g_free (q);
}

void
vs_event_queue_reserve (VsEventQueue *q, gsize capacity)
{
  if (capacity <= q->capacity)
    return;
  q->events = g_renew (VsEvent, q->events, capacity);
  q->capacity = capacity;
}

gsize
vs_event_queue_length (const VsEventQueue *q)
{
  return q->length;
}

gsize
vs_event_queue_capacity (const VsEventQueue *q)
{
  return q->capacity;
}

gsize
vs_event_queue_bytes (const VsEventQueue *q)
{
  return sizeof *q + q->capacity * sizeof (VsEvent);
}

guint64
vs_event_queue_push (VsEventQueue *q, gint64 time, VsEventKind kind, guint32 index)
{
  if (q->length == q->capacity)
    vs_event_queue_reserve (q, q->capacity * 2);
  VsEvent e = { .time = time, .seq = q->next_seq++, .kind = kind, .index = index };
  /* Sift up: move parents down until e's place is found, then store once. */
  gsize i = q->length++;
  while (i > 0) {
    gsize parent = (i - 1) / ARITY;
    if (!event_before (&e, &q->events[parent]))
      break;
    q->events[i] = q->events[parent];
    i = parent;
  }
  q->events[i] = e;
  return e.seq;
}

gboolean
vs_event_queue_peek (const VsEventQueue *q, VsEvent *out)
{
  if (q->length == 0)
    return FALSE;
  *out = q->events[0];
  return TRUE;
}

gboolean
vs_event_queue_pop (VsEventQueue *q, VsEvent *out)
{
  if (q->length == 0)
    return FALSE;
  *out = q->events[0];
  VsEvent last = q->events[--q->length];
  gsize n = q->length;
  if (n == 0)
    return TRUE;
  /* Sift the former last element down from the root. */
  gsize i = 0;
  for (;;) {
    gsize first = i * ARITY + 1;
    if (first >= n)
      break;
    gsize best = first;
    gsize end = first + ARITY < n ? first + ARITY : n;
    for (gsize c = first + 1; c < end; c++)
      if (event_before (&q->events[c], &q->events[best]))
        best = c;
    if (!event_before (&q->events[best], &last))
      break;
    q->events[i] = q->events[best];
    i = best;
  }
  q->events[i] = last;
  return TRUE;
}

gboolean
vs_event_queue_pop_at (VsEventQueue *q, gint64 time, VsEvent *out)
{
  if (q->length == 0 || q->events[0].time != time)
    return FALSE;
  return vs_event_queue_pop (q, out);
}

void
vs_event_queue_clear (VsEventQueue *q)
{
  q->length = 0;
}
