/* SPDX-License-Identifier: Apache-2.0 */
/* test_support_plots.c — the test helper that needs the plots (apart from
 * test_support.c, which test_api links without them). */
#include "tests/test_support.h"

#include "plots/gnuplot.h"

gboolean
vs_test_gnuplot_or_skip (void)
{
  g_autofree char *gnuplot = vs_gnuplot_find ();
  if (gnuplot != NULL)
    return TRUE;
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_test_fail_printf ("gnuplot is missing (./bootstrap installs gnuplot-nox)");
  else
    g_test_skip ("gnuplot not installed");
  return FALSE;
}
