/* SPDX-License-Identifier: Apache-2.0 */
/* accuracy.h — how far predictions are from measurements.
 *
 * Absolute percentage error per pair (|predicted - measured| / measured),
 * summarised as mean (MAPE) and median, the share of pairs within 10 % and
 * 25 %, and Spearman's rank correlation (ties get their average rank).  Pairs
 * whose measurement is not positive are skipped and counted.
 */
#ifndef VS_ACCURACY_H
#define VS_ACCURACY_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint count;                  /* pairs used */
  guint skipped;                /* pairs with a measurement <= 0 */
  double mape_pct;
  double median_ape_pct;
  double within_10_pct;         /* share of pairs, in % */
  double within_25_pct;
  double spearman;              /* NaN with fewer than 2 pairs or no spread */
} VsAccuracy;

void vs_accuracy_compute (const double *predicted, const double *measured, guint n,
                          VsAccuracy *out);

/* Spearman's rank correlation of two series; NaN when undefined. */
double vs_accuracy_spearman (const double *a, const double *b, guint n);

/* Append the summary as JSON members (no braces): "count": .., "mape_pct": .. */
void vs_accuracy_append_json (GString *out, const VsAccuracy *a, const char *indent);

G_END_DECLS

#endif
