/* SPDX-License-Identifier: Apache-2.0 */
/* bench_sweep.c — sweep throughput: 1000 points (DDR bandwidth x DPU clock x
 * DPU dispatch latency, 10 values each) of a real compiled schedule, costed
 * once, re-timed and replayed per point, on 1 thread and on every core.
 * Prints points/s (best of 3), the one-off pre-pass time for comparison,
 * and checks that both thread counts give the same results.
 * The schedule is the NPU 4.0 6-tile age-gender network from ../shared/
 * npu-runs (VPURT MLIR); while `vs_run_load_schedule` cannot read .mlir
 * files, or without ../shared, it falls back to scenarios/npu40_6tile_sok.yaml
 * and says so. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "sim/base/parallel.h"
#include "sim/analysis/sweep.h"

#define REAL_RUN "npu-runs/npu40xx_6tile_agegender_2025-09/schedule_vpurt.mlir"
#define FALLBACK "scenarios/npu40_6tile_sok.yaml"

static char *
shared_path (const char *relative)
{
  const char *env = g_getenv ("VPUSIM_SHARED_DIR");
  const char *src = g_getenv ("VS_SOURCE_DIR");
  g_autofree char *shared = env != NULL && *env ? g_strdup (env)
                          : g_build_filename (src != NULL ? src : VS_SOURCE_DIR, "..", "shared", NULL);
  return g_build_filename (shared, relative, NULL);
}

static gboolean
prepare (VsRun *run, const VsRunConfig *config, char **used, double *seconds)
{
  g_autofree char *real = shared_path (REAL_RUN);
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  if (g_file_test (real, G_FILE_TEST_EXISTS)) {
    if (vs_run_prepare (run, real, config, &error)) {
      *seconds = (g_get_monotonic_time () - t0) / 1e6;
      *used = g_steal_pointer (&real);
      return TRUE;
    }
    vs_run_clear (run);
    printf ("note: %s cannot be loaded yet (%.160s); using %s\n", real, error->message, FALLBACK);
    g_clear_error (&error);
  } else {
    printf ("note: %s not found; using %s\n", real, FALLBACK);
  }
  const char *src = g_getenv ("VS_SOURCE_DIR");
  g_autofree char *fallback = g_build_filename (src != NULL ? src : VS_SOURCE_DIR, FALLBACK, NULL);
  t0 = g_get_monotonic_time ();
  if (!vs_run_prepare (run, fallback, config, &error)) {
    fprintf (stderr, "bench_sweep: %s\n", error->message);
    return FALSE;
  }
  *seconds = (g_get_monotonic_time () - t0) / 1e6;
  *used = g_steal_pointer (&fallback);
  return TRUE;
}

int
main (void)
{
  /* VPUNN when its files are found ($VPUSIM_VPUNN_DIR, ../shared), else the
   * analytical model: the sweep itself never asks a model. */
  VsRunConfig config = { 0 };
  g_autofree char *models = shared_path ("vpunn/models");
  const char *env_models = g_getenv ("VPUSIM_VPUNN_DIR");
  if (env_models == NULL && g_file_test (models, G_FILE_TEST_IS_DIR))
    config.models_dir = models;
  VsRun run;
  g_autofree char *used = NULL;
  double prepass_s = 0;
  if (!prepare (&run, &config, &used, &prepass_s))
    return 1;
  for (guint i = 0; i < run.notes->len; i++)
    if (strstr (run.notes->pdata[i], "VPUNN") != NULL)
      printf ("note: %s\n", (const char *) run.notes->pdata[i]);
  printf ("schedule: %s (%u tasks, %u variants, device %s)\n", used, run.schedule->tasks->len,
          run.schedule->variants->len, run.schedule->device.name);
  printf ("cost pre-pass (once): %.3f ms, DPU %s / DMA %s / SHAVE %s\n", prepass_s * 1e3,
          vs_cost_choice_name (run.spec.dpu), vs_cost_choice_name (run.spec.dma),
          vs_cost_choice_name (run.spec.shave));

  g_autoptr(VsSweepGrid) grid = vs_sweep_grid_new ();
  g_autoptr(GError) error = NULL;
  if (!vs_sweep_grid_add (grid, "ddr_bandwidth_gbps=8,12,16,20,27,32,40,54,64,80", &error) ||
      !vs_sweep_grid_add (grid, "dpu_clock_mhz=600,700,800,900,1000,1100,1200,1300,1500,1700",
                          &error) ||
      !vs_sweep_grid_add (grid, "dispatch_dpu_ns=0,100,200,300,400,500,600,700,800,900", &error)) {
    fprintf (stderr, "bench_sweep: %s\n", error->message);
    return 1;
  }
  guint64 n = grid->n_points;
  guint cores = vs_parallel_threads (0, n);
  guint counts[2] = { 1, cores };
  VsSweepResult *results[2];
  for (int k = 0; k < 2; k++) {
    results[k] = g_new0 (VsSweepResult, n);
    double best = 1e30;
    for (int rep = 0; rep < 3; rep++) {
      gint64 t0 = g_get_monotonic_time ();
      if (!vs_sweep_run (&run, &config, grid, 0, n, counts[k], NULL, NULL, results[k], &error)) {
        fprintf (stderr, "bench_sweep: %s\n", error->message);
        return 1;
      }
      best = MIN (best, (g_get_monotonic_time () - t0) / 1e6);
    }
    printf ("sweep of %" G_GUINT64_FORMAT " points on %u thread%s: %.3f ms, %.0f points/s "
            "(%.1f us per point)\n", n, counts[k], counts[k] > 1 ? "s" : "", best * 1e3, n / best,
            best * 1e6 / n);
  }
  if (memcmp (results[0], results[1], n * sizeof (VsSweepResult)) != 0) {
    fprintf (stderr, "bench_sweep: 1 and %u threads disagree\n", cores);
    return 1;
  }
  gint64 lo = G_MAXINT64, hi = 0;
  for (guint64 p = 0; p < n; p++) {
    lo = MIN (lo, results[0][p].latency_ps);
    hi = MAX (hi, results[0][p].latency_ps);
  }
  printf ("latency over the grid: %.3f .. %.3f us; results identical on 1 and %u threads\n",
          lo / 1e6, hi / 1e6, cores);
  g_free (results[0]);
  g_free (results[1]);
  vs_run_clear (&run);
  return 0;
}
