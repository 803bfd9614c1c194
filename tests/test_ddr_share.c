/* SPDX-License-Identifier: Apache-2.0 */
/* test_ddr_share.c — DDR bandwidth shared by concurrent transfers, by value. */
#include "sim/engine/ddr_share.h"

static gboolean
moved (const VsDdrShare *d, guint32 task)
{
  const guint32 *tasks;
  guint n = vs_ddr_share_changed (d, &tasks);
  for (guint i = 0; i < n; i++)
    if (tasks[i] == task)
      return TRUE;
  return FALSE;
}

/* 10 GB/s = 0.01 bytes per ps. */
static void
test_two_transfers (void)
{
  g_autoptr(VsDdrShare) d = vs_ddr_share_new (10.0);
  /* Alone at exactly the DDR rate: keeps its cost. */
  vs_ddr_share_start (d, 0, 0, 1000, 100000);
  g_assert_cmpint (vs_ddr_share_end (d, 0), ==, 100000);
  g_assert_true (moved (d, 0));
  /* A second one half-way: each gets half; the first's last 500 bytes take
   * 100 ns instead of 50. */
  vs_ddr_share_start (d, 1, 50000, 1000, 100000);
  g_assert_cmpint (vs_ddr_share_end (d, 0), ==, 150000);
  g_assert_cmpint (vs_ddr_share_end (d, 1), ==, 250000);
  g_assert_true (moved (d, 0) && moved (d, 1));
  /* The first ends: the second has 500 bytes left and runs alone again. */
  vs_ddr_share_finish (d, 0, 150000);
  g_assert_cmpint (vs_ddr_share_end (d, 0), ==, -1);
  g_assert_cmpint (vs_ddr_share_end (d, 1), ==, 200000);
  g_assert_true (moved (d, 1));
  vs_ddr_share_finish (d, 1, 200000);
  g_assert_cmpint (vs_ddr_share_end (d, 1), ==, -1);
}

static void
test_max_min_fair (void)
{
  g_autoptr(VsDdrShare) d = vs_ddr_share_new (10.0);
  /* Alone faster than the DDR figure: its cost already says what one
   * transfer achieves. */
  vs_ddr_share_start (d, 2, 0, 1000, 10000);
  g_assert_cmpint (vs_ddr_share_end (d, 2), ==, 10000);
  vs_ddr_share_finish (d, 2, 10000);
  /* A slow transfer (0.002 bytes/ps) and a fast one (0.02) together: the
   * slow one keeps its rate, the fast one gets the remaining 0.008. */
  vs_ddr_share_start (d, 0, 10000, 200, 100000);
  vs_ddr_share_start (d, 1, 10000, 800, 40000);
  g_assert_cmpint (vs_ddr_share_end (d, 0), ==, 110000);
  g_assert_cmpint (vs_ddr_share_end (d, 1), ==, 110000);
  g_assert_false (moved (d, 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ddr-share/two-transfers", test_two_transfers);
  g_test_add_func ("/ddr-share/max-min-fair", test_max_min_fair);
  return g_test_run ();
}
