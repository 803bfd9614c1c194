/* SPDX-License-Identifier: Apache-2.0 */
/* median.h — the median of a series of doubles, and their ascending order.
 *
 * One definition for every median vpusim reports (accuracy statistics,
 * measured/model ratios, fit residuals, the accuracy table): the middle value,
 * or the mean of the two middle ones when the count is even.
 */
#ifndef VS_MEDIAN_H
#define VS_MEDIAN_H

#include <glib.h>

G_BEGIN_DECLS

/* Ascending order of doubles, for qsort and g_array_sort (NaNs compare
 * equal to everything). */
int vs_compare_doubles (const void *a, const void *b);

/* The median of values[0..n), which it sorts in place; NaN when n is 0. */
double vs_median (double *values, guint n);

G_END_DECLS

#endif /* VS_MEDIAN_H */
