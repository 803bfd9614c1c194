/* SPDX-License-Identifier: Apache-2.0 */
/* test_lower_keep.c — the round trip on every compiled schedule of
 * ../shared/npu-runs whose network has DPU layers: `network`, then `lower
 * --strategy keep` on the schedule's own device, replayed with VPUNN costs,
 * against the replay of the compiler's schedule, which must agree within
 * 15 % on every run (all ten do once the compiler's profiling timestamp
 * DMAs are lowered too: network dma_timestamps).  Prints per
 * run the difference and how many DPU layers VPUNN's own split search (on
 * the compiler's strategy and tiles) gives the compiler's workload count
 * and MPE modes — the compiler split with VPUNN versions that are not
 * public, so that rate is reported, not required. */
#include <glib.h>
#include <string.h>

#include "sim/analysis/run_pipeline.h"
#include "sim/lower/lower.h"
#include "sim/lower/network_recover.h"
#include "tests/test_support.h"

static gint64
replay (VsSchedule *s, const char *models)
{
  VsRunConfig config = { 0 };
  config.models_dir = models;
  config.cost = "vpunn";
  VsRun run;
  memset (&run, 0, sizeof run);
  GError *error = NULL;
  g_assert_true (vs_run_prepare_schedule (&run, s, &config, &error));
  g_assert_true (vs_run_replay (&run, &config, &error));
  g_assert_no_error (error);
  gint64 latency = run.timeline->latency_ps;
  vs_run_clear (&run);
  return latency;
}

static gint
compare_modes (gconstpointer a, gconstpointer b)
{
  return ((const VsNetWorkload *) a)->mpe_mode - ((const VsNetWorkload *) b)->mpe_mode;
}

/* Same workload count, and the same MPE modes (as a multiset). */
static void
split_agreement (VsLowerModels *m, const VsNetwork *net, guint *count_same, guint *modes_same,
                 guint *layers)
{
  for (guint i = 0; i < net->layers->len; i++) {
    const VsNetLayer *l = vs_network_layer (net, i);
    if (l->kind != VS_LAYER_DPU || l->n_workloads == 0 || l->strategy == VS_STRATEGY_NONE)
      continue;
    (*layers)++;
    VsLayerPlan p;
    memset (&p, 0, sizeof p);
    GError *error = NULL;
    if (!vs_lower_plan_layer (m, net, i, VS_LOWER_FIXED, l->strategy, VS_CHOOSE_VPUNN,
                              (guint) l->tiles, &p, NULL, &error)) {
      g_clear_error (&error);
      continue;
    }
    if (p.workloads->len == l->n_workloads && strcmp (p.workload_source, "vpunn") == 0) {
      (*count_same)++;
      g_autoptr(GArray) ours = g_array_copy (p.workloads);
      g_autoptr(GArray) theirs = g_array_new (FALSE, FALSE, sizeof (VsNetWorkload));
      g_array_append_vals (theirs, vs_network_workload (net, l->first_workload), l->n_workloads);
      g_array_sort (ours, compare_modes);
      g_array_sort (theirs, compare_modes);
      gboolean same = TRUE;
      for (guint k = 0; k < ours->len; k++)
        same &= g_array_index (ours, VsNetWorkload, k).mpe_mode ==
                g_array_index (theirs, VsNetWorkload, k).mpe_mode;
      *modes_same += same;
    }
    vs_layer_plan_clear (&p);
  }
}

static void
test_keep_round_trip (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  g_autoptr(GPtrArray) runs = models != NULL ? vs_test_npu_run_names () : NULL;
  if (runs == NULL)
    return;
  guint checked = 0;
  double worst = 0;
  g_test_message ("%-42s %12s %12s %8s %22s", "run", "compiler us", "lowered us", "diff",
                  "VPUNN split = compiler's");
  for (guint r = 0; r < runs->len; r++) {
    g_autofree char *rel = g_build_filename (runs->pdata[r], "schedule_vpurt.mlir", NULL);
    g_autofree char *path = vs_test_npu_runs_file (rel);
    GError *error = NULL;
    VsSchedule *compiled = vs_run_load_schedule (path, NULL, &error);
    g_assert_no_error (error);
    g_autoptr(VsNetwork) net = vs_network_recover (compiled, NULL, &error);
    g_assert_no_error (error);
    guint dpu_layers = 0;
    for (guint i = 0; i < net->layers->len; i++)
      dpu_layers += vs_network_layer (net, i)->kind == VS_LAYER_DPU;
    if (dpu_layers == 0) {
      g_test_message ("%-42s (no DPU layer in its network: not compared)", (char *) runs->pdata[r]);
      vs_schedule_free (compiled);
      continue;
    }
    /* The compiler's own device, clocks included. */
    VsLowerModels m;
    g_autofree char *why = NULL;
    g_assert_true (vs_lower_models_open (&m, &compiled->device, models, &why) ||
                   vs_arch_vpu_device (compiled->device.arch) == VS_DEVICE_VPU_2_0);
    if (m.dpu == NULL) {
      memset (&m, 0, sizeof m);
      m.device = compiled->device;
    }
    VsLowerOptions o = { VS_LOWER_KEEP, VS_STRATEGY_NONE, VS_CHOOSE_VPUNN, 0, FALSE, NULL };
    VsSchedule *lowered = vs_lower (net, &m, compiled->device_preset, &o, NULL, NULL, &error);
    g_assert_no_error (error);
    guint count_same = 0, modes_same = 0, layers = 0;
    VsVpuDevice vd = vs_arch_vpu_device (compiled->device.arch);
    if (m.layer_cost != NULL && (vd == VS_DEVICE_VPU_2_7 || vd == VS_DEVICE_VPU_4_0))
      split_agreement (&m, net, &count_same, &modes_same, &layers);
    vs_lower_models_close (&m);
    gint64 a = replay (compiled, models), b = replay (lowered, models);
    double diff = 100.0 * ((double) b / (double) a - 1.0);
    g_autofree char *agree = layers > 0
      ? g_strdup_printf ("%u/%u count, %u/%u modes", count_same, layers, modes_same, layers)
      : g_strdup ("(no VPUNN layer rules)");
    g_test_message ("%-42s %12.3f %12.3f %+7.1f%% %22s", (char *) runs->pdata[r], a / 1e6, b / 1e6,
                    diff, agree);
    worst = MAX (worst, ABS (diff));
    if (ABS (diff) > 15.0)
      g_test_message ("  %s: beyond 15 %%", (char *) runs->pdata[r]);
    checked++;
  }
  g_assert_cmpuint (checked, >=, 8);
  g_assert_cmpfloat (worst, <=, 15.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lower-keep/round-trip", test_keep_round_trip);
  return g_test_run ();
}
