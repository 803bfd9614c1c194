/* bench_layer_cost.c — layer-level VPUNN queries per second on one thread,
 * over the 600 layers of ../shared/vpunn/golden/layer_vpu_2_7_4_0.csv (each
 * with its own strategy): with the DPU cache off (every candidate workload
 * evaluated, the network batched per layer query), then with a warm cache.
 * Also the strategy-less best call, which costs every strategy of the device. */
#include <stdio.h>
#include <string.h>

#include "models/vpunn/layer.h"
#include "models/vpunn/vpunn_dpu.h"
#include "models/vpunn/vpunn_paths.h"
#include "sim/cost/cost_csv_layer.h"

typedef struct {
  VsDpuWorkload layer;
  VsTilingStrategy strategy;
  VsLayerContext ctx;
  guint model;     /* 0: vpu_2_7.vpunn, 1: vpu_4_0.vpunn */
} Query;

static double
now (void)
{
  return (double) g_get_monotonic_time () / 1e6;
}

/* One pass over every query; returns a checksum of the answers. */
static guint64
run (VsLayerCost **lc, const Query *q, guint n, gboolean best)
{
  guint64 sum = 0;
  for (guint i = 0; i < n; i++)
    sum += best ? vs_layer_cost_best (lc[q[i].model], &q[i].layer, &q[i].ctx, NULL)
                : vs_layer_cost (lc[q[i].model], &q[i].layer, q[i].strategy, &q[i].ctx, NULL);
  return sum;
}

static void
measure (const char *what, VsLayerCost **lc, VsVpunnDpu **dpu, const Query *q, guint n, gboolean best,
         guint rounds)
{
  VsVpunnDpuStats before[2], after[2];
  for (guint m = 0; m < 2; m++)
    vs_vpunn_dpu_get_stats (dpu[m], &before[m]);
  double t0 = now ();
  guint64 sum = 0;
  for (guint r = 0; r < rounds; r++)
    sum += run (lc, q, n, best);
  double dt = now () - t0;
  guint64 dpu_queries = 0;
  for (guint m = 0; m < 2; m++) {
    vs_vpunn_dpu_get_stats (dpu[m], &after[m]);
    dpu_queries += after[m].queries - before[m].queries;
  }
  double layers = (double) n * rounds;
  printf ("%-42s %9.0f layer queries/s  (%.1f us each, %.0f DPU queries each, checksum %" G_GUINT64_FORMAT
          ")\n", what, layers / dt, dt * 1e6 / layers, (double) dpu_queries / layers, sum);
}

int
main (void)
{
  const char *env = g_getenv ("VPUSIM_VPUNN_DIR");
  g_autofree char *shared = g_build_filename (VS_SOURCE_DIR, "..", "shared", "vpunn", NULL);
  const char *dir = env != NULL ? env : shared;
  g_autofree char *golden = g_build_filename (dir, "golden", "layer_vpu_2_7_4_0.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsCsvTable) t = vs_csv_table_read (golden, &error);
  if (t == NULL) {
    printf ("layer queries: skipped (%s)\n", error->message);
    return 0;
  }
  static const char *const files[2] = { "vpu_2_7.vpunn", "vpu_4_0.vpunn" };
  VsVpunnDpu *dpu[2] = { NULL, NULL };
  VsLayerCost *lc[2] = { NULL, NULL };
  for (guint m = 0; m < 2; m++) {
    g_autofree char *path = vs_vpunn_find_file (dir, files[m], &error);
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

  /* the same layers searched for 4 DPUs per tile: HW cuts too, many more candidates */
  g_autofree Query *q4 = g_memdup2 (q, MAX (n, 1) * sizeof *q);
  for (guint i = 0; i < n; i++)
    q4[i].ctx.n_dpu = 4;

  for (guint m = 0; m < 2; m++)
    vs_vpunn_dpu_set_cache_capacity (dpu[m], 0);
  measure ("per strategy, DPU cache off", lc, dpu, q, n, FALSE, 3);
  measure ("best strategy, DPU cache off", lc, dpu, q, n, TRUE, 1);
  measure ("per strategy, n_dpu 4, DPU cache off", lc, dpu, q4, n, FALSE, 1);
  for (guint m = 0; m < 2; m++)
    vs_layer_cost_set_batching (lc[m], FALSE);
  measure ("  the same, DPU queries one at a time", lc, dpu, q4, n, FALSE, 1);
  for (guint m = 0; m < 2; m++)
    vs_layer_cost_set_batching (lc[m], TRUE);
  for (guint m = 0; m < 2; m++)
    vs_vpunn_dpu_set_cache_capacity (dpu[m], VS_VPUNN_DPU_DEFAULT_CACHE);
  run (lc, q, n, TRUE);   /* warm the cache with every strategy's workloads */
  measure ("per strategy, warm DPU cache", lc, dpu, q, n, FALSE, 20);
  measure ("best strategy, warm DPU cache", lc, dpu, q, n, TRUE, 5);
  run (lc, q4, n, FALSE);
  measure ("per strategy, n_dpu 4, warm DPU cache", lc, dpu, q4, n, FALSE, 3);
  for (guint m = 0; m < 2; m++) {
    vs_layer_cost_free (lc[m]);
    vs_vpunn_dpu_free (dpu[m]);
  }
  return 0;
}
