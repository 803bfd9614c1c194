/* SPDX-License-Identifier: Apache-2.0 */
/* bench_layer_cost.c — layer-level VPUNN queries per second on one thread,
 * over the 600 layers of ../shared/vpunn/golden/layer_vpu_2_7_4_0.csv (each
 * with its own strategy, and the strategy-less best call that costs every
 * strategy of the device): with the DPU cache off (every candidate workload
 * evaluated, the network batched per layer query) and on.  A 4-DPU split
 * search on 30 of them shows what batching buys against single queries. */
#include <stdio.h>
#include <string.h>

#include "models/vpunn/layer.h"
#include "models/vpunn/vpunn_dpu.h"
#include "sim/cost/cost_csv_layer.h"
#include "tests/bench_support.h"

typedef struct {
  VsDpuWorkload layer;
  VsTilingStrategy strategy;
  VsLayerContext ctx;
  guint model;     /* 0: vpu_2_7.vpunn, 1: vpu_4_0.vpunn */
} Query;

typedef struct {
  VsLayerCost **lc;
  const Query *q;
  guint n;
  gboolean best;
} Work;

/* One pass over every query (bench_support's unit of work). */
static guint64
run (gpointer data, guint64 *checksum)
{
  const Work *w = data;
  for (guint i = 0; i < w->n; i++) {
    const Query *q = &w->q[i];
    *checksum += w->best ? vs_layer_cost_best (w->lc[q->model], &q->layer, &q->ctx, NULL)
                         : vs_layer_cost (w->lc[q->model], &q->layer, q->strategy, &q->ctx, NULL);
  }
  return w->n;
}

/* DPU queries one pass makes per layer query. */
static double
dpu_queries_per_layer (VsVpunnDpu **dpu, Work *w)
{
  VsVpunnDpuStats before[2], after[2];
  guint64 sum = 0, total = 0;
  for (guint m = 0; m < 2; m++)
    vs_vpunn_dpu_get_stats (dpu[m], &before[m]);
  run (w, &sum);
  for (guint m = 0; m < 2; m++) {
    vs_vpunn_dpu_get_stats (dpu[m], &after[m]);
    total += after[m].queries - before[m].queries;
  }
  return (double) total / w->n;
}

static void
cache (VsVpunnDpu **dpu, gsize entries)
{
  for (guint m = 0; m < 2; m++)
    vs_vpunn_dpu_set_cache_capacity (dpu[m], entries);
}

int
main (void)
{
  vs_bench_print_machine ("bench_layer_cost");
  g_autofree char *golden = vs_bench_vpunn_file ("bench_layer_cost", "golden/layer_vpu_2_7_4_0.csv");
  if (golden == NULL)
    return 0;
  g_autoptr (GError) error = NULL;
  g_autoptr (VsCsvTable) t = vs_csv_table_read (golden, &error);
  if (t == NULL) {
    printf ("%s\n", error->message);
    return 1;
  }
  static const char *const files[2] = { "models/vpu_2_7.vpunn", "models/vpu_4_0.vpunn" };
  VsVpunnDpu *dpu[2] = { NULL, NULL };
  VsLayerCost *lc[2] = { NULL, NULL };
  for (guint m = 0; m < 2; m++) {
    g_autofree char *path = vs_bench_vpunn_file ("bench_layer_cost", files[m]);
    dpu[m] = path != NULL ? vs_vpunn_dpu_new (path, &error) : NULL;
    if (dpu[m] == NULL || !vs_vpunn_dpu_is_loaded (dpu[m])) {
      printf ("%s: cannot load\n", files[m]);
      return 1;
    }
    lc[m] = vs_layer_cost_new (dpu[m]);
  }
  const guint n = vs_csv_table_n_rows (t);
  g_autofree Query *q = g_new0 (Query, MAX (n, 1));
  for (guint i = 0; i < n; i++) {
    gboolean has;
    if (!vs_cost_csv_layer_row (t, i, TRUE, &q[i].layer, &q[i].strategy, &has, &q[i].ctx, &error)) {
      printf ("%s\n", error->message);
      return 1;
    }
    q[i].model = q[i].layer.device == VS_DEVICE_VPU_2_7 ? 0 : 1;
  }
  /* the first 30 layers searched for 4 DPUs per tile: HW cuts too, about a
   * hundred times more candidate workloads */
  const guint n4 = MIN (n, 30);
  g_autofree Query *q4 = g_memdup2 (q, MAX (n4, 1) * sizeof *q);
  for (guint i = 0; i < n4; i++)
    q4[i].ctx.n_dpu = 4;

  Work per = { lc, q, n, FALSE }, best = { lc, q, n, TRUE }, per4 = { lc, q4, n4, FALSE };
  cache (dpu, 0);
  printf ("DPU queries per layer query: %.0f per strategy, %.0f best strategy, %.0f with 4 DPUs\n",
          dpu_queries_per_layer (dpu, &per), dpu_queries_per_layer (dpu, &best),
          dpu_queries_per_layer (dpu, &per4));
  vs_bench_rates ("golden layers, own strategy, uncached", "layer queries", run, &per);
  vs_bench_rates ("golden layers, best strategy, uncached", "layer queries", run, &best);
  vs_bench_rates ("30 layers, 4 DPUs, uncached, batched", "layer queries", run, &per4);
  for (guint m = 0; m < 2; m++)
    vs_layer_cost_set_batching (lc[m], FALSE);
  vs_bench_rates ("30 layers, 4 DPUs, uncached, one at a time", "layer queries", run, &per4);
  for (guint m = 0; m < 2; m++)
    vs_layer_cost_set_batching (lc[m], TRUE);
  cache (dpu, VS_VPUNN_DPU_DEFAULT_CACHE);
  vs_bench_rates ("golden layers, own strategy, cached", "layer queries", run, &per);
  vs_bench_rates ("golden layers, best strategy, cached", "layer queries", run, &best);
  vs_bench_rates ("30 layers, 4 DPUs, cached", "layer queries", run, &per4);
  for (guint m = 0; m < 2; m++) {
    vs_layer_cost_free (lc[m]);
    vs_vpunn_dpu_free (dpu[m]);
  }
  return 0;
}
