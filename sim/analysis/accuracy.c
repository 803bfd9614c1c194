/* SPDX-License-Identifier: Apache-2.0 */
/* accuracy.c — error statistics of predicted against measured values. */
#include "sim/analysis/accuracy.h"

#include <math.h>
#include <stdlib.h>

#include "sim/base/median.h"
#include "sim/base/output_file.h"

typedef struct {
  double value;
  guint index;
} VsRanked;

static int
compare_ranked (const void *a, const void *b)
{
  const VsRanked *x = a, *y = b;
  if (x->value != y->value)
    return x->value < y->value ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}


/* Ranks 1..n, ties sharing their average rank. */
static void
rank (const double *v, guint n, double *ranks)
{
  VsRanked *r = g_new (VsRanked, n);
  for (guint i = 0; i < n; i++)
    r[i] = (VsRanked) { v[i], i };
  qsort (r, n, sizeof *r, compare_ranked);
  for (guint i = 0; i < n;) {
    guint j = i;
    while (j + 1 < n && r[j + 1].value == r[i].value)
      j++;
    double average = (i + j) / 2.0 + 1.0;
    for (guint k = i; k <= j; k++)
      ranks[r[k].index] = average;
    i = j + 1;
  }
  g_free (r);
}

double
vs_accuracy_spearman (const double *a, const double *b, guint n)
{
  if (n < 2)
    return NAN;
  double *ra = g_new (double, n), *rb = g_new (double, n);
  rank (a, n, ra);
  rank (b, n, rb);
  /* Pearson correlation of the ranks: right with ties too. */
  double ma = 0, mb = 0;
  for (guint i = 0; i < n; i++) {
    ma += ra[i];
    mb += rb[i];
  }
  ma /= n;
  mb /= n;
  double sab = 0, saa = 0, sbb = 0;
  for (guint i = 0; i < n; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) * (ra[i] - ma);
    sbb += (rb[i] - mb) * (rb[i] - mb);
  }
  g_free (ra);
  g_free (rb);
  return saa > 0 && sbb > 0 ? sab / sqrt (saa * sbb) : NAN;
}

void
vs_accuracy_compute (const double *predicted, const double *measured, guint n, VsAccuracy *out)
{
  *out = (VsAccuracy) { 0 };
  out->spearman = NAN;
  double *ape = g_new (double, n ? n : 1);
  double *p = g_new (double, n ? n : 1), *m = g_new (double, n ? n : 1);
  double sum = 0;
  guint in10 = 0, in25 = 0;
  for (guint i = 0; i < n; i++) {
    if (!(measured[i] > 0)) {
      out->skipped++;
      continue;
    }
    double e = fabs (predicted[i] - measured[i]) / measured[i] * 100.0;
    p[out->count] = predicted[i];
    m[out->count] = measured[i];
    ape[out->count++] = e;
    sum += e;
    in10 += e <= 10.0;
    in25 += e <= 25.0;
  }
  if (out->count > 0) {
    out->mape_pct = sum / out->count;
    guint c = out->count;
    out->median_ape_pct = vs_median (ape, c);
    out->within_10_pct = 100.0 * in10 / c;
    out->within_25_pct = 100.0 * in25 / c;
    out->spearman = vs_accuracy_spearman (p, m, c);
  }
  g_free (ape);
  g_free (p);
  g_free (m);
}

static void
member (GString *out, const char *indent, const char *key, double v, int decimals, gboolean last)
{
  g_string_append_printf (out, "%s\"%s\": ", indent, key);
  if (isnan (v))
    g_string_append (out, "null");
  else
    vs_output_append_double (out, v, decimals);
  g_string_append (out, last ? "\n" : ",\n");
}

void
vs_accuracy_append_json (GString *out, const VsAccuracy *a, const char *indent)
{
  g_string_append_printf (out, "%s\"count\": %u,\n", indent, a->count);
  member (out, indent, "mape_pct", a->mape_pct, 3, FALSE);
  member (out, indent, "median_ape_pct", a->median_ape_pct, 3, FALSE);
  member (out, indent, "within_10_pct", a->within_10_pct, 2, FALSE);
  member (out, indent, "within_25_pct", a->within_25_pct, 2, FALSE);
  member (out, indent, "spearman", a->spearman, 4, TRUE);
}
