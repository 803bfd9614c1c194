/* SPDX-License-Identifier: Apache-2.0 */
/* test_event_queue.c — the event heap: (time, insertion) order, ties in push
 * order, popping one instant's events, growth, and agreement with a sorted
 * reference under random interleavings of push and pop. */
#include <glib.h>
#include <stdlib.h>

#include "sim/engine/event_queue.h"

static void
test_time_order (void)
{
  g_autoptr (VsEventQueue) q = vs_event_queue_new (4);
  const gint64 times[] = { 50, 10, 40, 30, 20, 60, 0, 70, 35 };
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    vs_event_queue_push (q, times[i], VS_EVENT_TASK_END, i);
  g_assert_cmpuint (vs_event_queue_length (q), ==, G_N_ELEMENTS (times));
  gint64 last = -1;
  VsEvent e;
  guint n = 0;
  while (vs_event_queue_pop (q, &e)) {
    g_assert_cmpint (e.time, >=, last);
    g_assert_cmpint (e.time, ==, times[e.index]);
    last = e.time;
    n++;
  }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (times));
  g_assert_false (vs_event_queue_peek (q, &e));
}

static void
test_ties_in_push_order (void)
{
  g_autoptr (VsEventQueue) q = vs_event_queue_new (1);
  /* Interleave two instants so ties are not simply adjacent in the array. */
  for (guint i = 0; i < 100; i++)
    vs_event_queue_push (q, i % 2 ? 7 : 3, VS_EVENT_QUEUE_WAKE, i);
  VsEvent e;
  guint expect_odd = 1, expect_even = 0;
  for (guint i = 0; i < 100; i++) {
    g_assert_true (vs_event_queue_pop (q, &e));
    if (i < 50) {
      g_assert_cmpint (e.time, ==, 3);
      g_assert_cmpuint (e.index, ==, expect_even);
      expect_even += 2;
    } else {
      g_assert_cmpint (e.time, ==, 7);
      g_assert_cmpuint (e.index, ==, expect_odd);
      expect_odd += 2;
    }
  }
}

static void
test_peek_matches_pop (void)
{
  g_autoptr (VsEventQueue) q = vs_event_queue_new (2);
  vs_event_queue_push (q, 5, VS_EVENT_QUEUE_WAKE, 9);
  vs_event_queue_push (q, 5, VS_EVENT_TASK_END, 8);
  VsEvent a, b;
  g_assert_true (vs_event_queue_peek (q, &a));
  g_assert_true (vs_event_queue_pop (q, &b));
  g_assert_cmpint (a.time, ==, b.time);
  g_assert_cmpuint (a.seq, ==, b.seq);
  g_assert_cmpuint (b.kind, ==, VS_EVENT_QUEUE_WAKE);
  g_assert_cmpuint (b.index, ==, 9);
}

static void
test_pop_at (void)
{
  g_autoptr (VsEventQueue) q = vs_event_queue_new (4);
  VsEvent e;
  g_assert_false (vs_event_queue_pop_at (q, 0, &e));  /* empty */
  vs_event_queue_push (q, 5, VS_EVENT_TASK_END, 1);
  vs_event_queue_push (q, 9, VS_EVENT_TASK_END, 2);
  vs_event_queue_push (q, 5, VS_EVENT_QUEUE_WAKE, 3);
  g_assert_false (vs_event_queue_pop_at (q, 9, &e));  /* the first event is earlier */
  g_assert_cmpuint (vs_event_queue_length (q), ==, 3);
  g_assert_true (vs_event_queue_pop_at (q, 5, &e));
  g_assert_cmpuint (e.index, ==, 1);
  g_assert_true (vs_event_queue_pop_at (q, 5, &e));
  g_assert_cmpuint (e.index, ==, 3);
  g_assert_false (vs_event_queue_pop_at (q, 5, &e));  /* the instant is over */
  g_assert_true (vs_event_queue_pop_at (q, 9, &e));
  g_assert_cmpuint (e.index, ==, 2);
  g_assert_cmpuint (vs_event_queue_length (q), ==, 0);
}

typedef struct {
  gint64 time;
  guint64 seq;
} Ref;

static int
compare_ref (const void *a, const void *b)
{
  const Ref *x = a, *y = b;
  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
test_random_against_reference (void)
{
  GRand *rand = g_rand_new_with_seed (1234);
  g_autoptr (VsEventQueue) q = vs_event_queue_new (1);
  GArray *ref = g_array_new (FALSE, FALSE, sizeof (Ref));
  for (guint step = 0; step < 20000; step++) {
    if (ref->len == 0 || g_rand_int_range (rand, 0, 3) != 0) {
      /* Few distinct times: many ties. */
      gint64 t = g_rand_int_range (rand, 0, 50);
      guint64 seq = vs_event_queue_push (q, t, VS_EVENT_TASK_END, step);
      Ref r = { t, seq };
      g_array_append_val (ref, r);
    } else {
      g_array_sort (ref, compare_ref);
      Ref expect = g_array_index (ref, Ref, 0);
      g_array_remove_index (ref, 0);
      VsEvent e;
      g_assert_true (vs_event_queue_pop (q, &e));
      g_assert_cmpint (e.time, ==, expect.time);
      g_assert_cmpuint (e.seq, ==, expect.seq);
    }
    g_assert_cmpuint (vs_event_queue_length (q), ==, ref->len);
  }
  g_array_unref (ref);
  g_rand_free (rand);
}

static void
test_reserve_and_clear (void)
{
  g_autoptr (VsEventQueue) q = vs_event_queue_new (8);
  vs_event_queue_reserve (q, 1000);
  g_assert_cmpuint (vs_event_queue_capacity (q), >=, 1000);
  for (guint i = 0; i < 1000; i++)
    vs_event_queue_push (q, 1000 - i, VS_EVENT_TASK_END, i);
  g_assert_cmpuint (vs_event_queue_capacity (q), ==, 1000);  /* no growth needed */
  vs_event_queue_push (q, 0, VS_EVENT_TASK_END, 1000);                       /* grows */
  g_assert_cmpuint (vs_event_queue_capacity (q), >, 1000);
  VsEvent e;
  g_assert_true (vs_event_queue_pop (q, &e));
  g_assert_cmpuint (e.index, ==, 1000);
  vs_event_queue_clear (q);
  g_assert_cmpuint (vs_event_queue_length (q), ==, 0);
  guint64 seq = vs_event_queue_push (q, 1, VS_EVENT_TASK_END, 0);
  g_assert_cmpuint (seq, ==, 1001);  /* sequence keeps counting after clear */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/event-queue/time-order", test_time_order);
  g_test_add_func ("/event-queue/ties-in-push-order", test_ties_in_push_order);
  g_test_add_func ("/event-queue/peek-matches-pop", test_peek_matches_pop);
  g_test_add_func ("/event-queue/pop-at", test_pop_at);
  g_test_add_func ("/event-queue/random-against-reference", test_random_against_reference);
  g_test_add_func ("/event-queue/reserve-and-clear", test_reserve_and_clear);
  return g_test_run ();
}
