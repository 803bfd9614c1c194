/* SPDX-License-Identifier: Apache-2.0 */
/* median.c — see median.h. */
#include "sim/base/median.h"

#include <math.h>
#include <stdlib.h>

int
vs_compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

double
vs_median (double *values, guint n)
{
  if (n == 0)
    return NAN;
  qsort (values, n, sizeof *values, vs_compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}
