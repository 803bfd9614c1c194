/* SPDX-License-Identifier: Apache-2.0 */
/* event_queue.h — the replay's priority queue of timed events.
 *
 * A 4-ary min-heap in one plain array.  Events are ordered by (time, seq)
 * where seq is the insertion sequence number the queue assigns on push: the
 * order is total, so events at the same time come out in the order they were
 * pushed (FIFO), and a replay that pushes the same events gets the same order.
 */
#ifndef VS_EVENT_QUEUE_H
#define VS_EVENT_QUEUE_H

#include <glib.h>

G_BEGIN_DECLS

/* What happened; the index says to what. */
typedef enum {
  VS_EVENT_TASK_END = 0,        /* index: the task that ends */
  VS_EVENT_QUEUE_WAKE,          /* index: the queue whose head's dispatch latency elapsed */
} VsEventKind;

/* 24 bytes.  The heap holds at most a few events per engine queue, whatever
 * the schedule's size, so an event's size is about sift speed, not memory. */
typedef struct {
  gint64 time;                  /* picoseconds */
  guint64 seq;                  /* insertion sequence: ties at one time pop in push order */
  VsEventKind kind;
  guint32 index;                /* a task or a queue, as `kind` says */
} VsEvent;

typedef struct VsEventQueue VsEventQueue;

/* A queue with room for `capacity` events before it has to grow (it grows
 * by doubling, so a caller that knows its bound allocates exactly once). */
VsEventQueue *vs_event_queue_new (gsize capacity);
void          vs_event_queue_free (VsEventQueue *queue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsEventQueue, vs_event_queue_free)

/* Make room for at least `capacity` events. */
void   vs_event_queue_reserve (VsEventQueue *queue, gsize capacity);
gsize  vs_event_queue_length (const VsEventQueue *queue);
gsize  vs_event_queue_capacity (const VsEventQueue *queue);
/* Bytes the queue holds on the heap (for memory accounting). */
gsize  vs_event_queue_bytes (const VsEventQueue *queue);

/* Add an event; returns the sequence number it was given. */
guint64 vs_event_queue_push (VsEventQueue *queue, gint64 time, VsEventKind kind, guint32 index);

/* The first event in (time, seq) order without removing it; FALSE when empty. */
gboolean vs_event_queue_peek (const VsEventQueue *queue, VsEvent *out);

/* Remove the first event into *out; FALSE when empty. */
gboolean vs_event_queue_pop (VsEventQueue *queue, VsEvent *out);

/* Remove the first event into *out if it is at `time`; FALSE (nothing
 * removed) when the queue is empty or its first event is later.  One call
 * for the replay's "every event of this instant" loop, instead of a peek
 * and a pop. */
gboolean vs_event_queue_pop_at (VsEventQueue *queue, gint64 time, VsEvent *out);

/* Drop every event; the sequence counter keeps counting so order stays total. */
void vs_event_queue_clear (VsEventQueue *queue);

G_END_DECLS

#endif /* VS_EVENT_QUEUE_H */
