/* SPDX-License-Identifier: Apache-2.0 */
/* test_network_recover.c — `vpusim network`: layers, whole-layer tensors,
 * strategies and edges recovered from the real compiled schedules in
 * ../shared/npu-runs (skipped when absent, failed under CI=true); every
 * schedule there gives a network that writes and reads back; bad schedules
 * are refused naming the file, and nothing is written. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sim/analysis/run_pipeline.h"
#include "sim/lower/network_recover.h"
#include "sim/lower/network_yaml.h"
#include "sim/schedule/schedule_yaml.h"
#include "tests/test_support.h"

static const VsNetLayer *
layer_named (const VsNetwork *net, const char *id)
{
  for (guint i = 0; i < net->layers->len; i++)
    if (strcmp (vs_network_layer (net, i)->id, id) == 0)
      return vs_network_layer (net, i);
  g_error ("no layer '%s'", id);
  return NULL;
}

static void
test_layer_key (void)
{
  const char *cases[][2] = {
    { "conv1/WithoutBiases?t_Convolution/Duplicated_2/cluster_1",
      "conv1/WithoutBiases?t_Convolution/Duplicated_2" },
    { "relu2?t_Relu/converted_to_f32/tile_1/cluster_0", "relu2?t_Relu/converted_to_f32" },
    { "Add_0?/_PROF_0_0_2_1-1,1,/_cluster_1", "Add_0?" },
    { "conv1/WithoutBiases?PROF_0_0_2_1-1,1,/_cluster_0", "conv1/WithoutBiases?" },
    { "converted_to_f16?cluster_0", "converted_to_f16?" },
    { "tile_x/cluster_", "tile_x/cluster_" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *key = vs_network_layer_key (cases[i][0]);
    g_assert_cmpstr (key, ==, cases[i][1]);
  }
}

static void
test_agegender_npu27 (void)
{
  g_autoptr(VsNetwork) net = vs_test_recover_network ("npu37xx_2tile_agegender_2024-08");
  if (net == NULL)
    return;
  g_assert_cmpuint (net->layers->len, ==, 7);
  g_assert_cmpuint (net->edges->len, ==, 6);
  g_assert_cmpstr (net->device, ==, "npu27");
  g_assert_cmpint (net->tiles, ==, 2);
  /* A chain: every layer consumes the one before it. */
  for (guint e = 0; e < net->edges->len; e++) {
    g_assert_cmpuint (vs_network_edge (net, e)->from, ==, e);
    g_assert_cmpuint (vs_network_edge (net, e)->to, ==, e + 1);
  }
  const VsNetLayer *conv = layer_named (net, "conv1/WithoutBiases/Duplicated_2");
  g_assert_cmpint (conv->op, ==, VS_OP_CONVOLUTION);
  g_assert_cmpint (conv->strategy, ==, VS_STRATEGY_SOH);
  g_assert_cmpint (conv->tiles, ==, 2);
  g_assert_cmpuint (conv->n_workloads, ==, 2);
  const gint64 out[4] = { 1, 48, 60, 60 }, in[4] = { 1, 16, 62, 62 }, w[4] = { 48, 16, 3, 3 };
  for (int d = 0; d < 4; d++) {
    g_assert_cmpint (conv->outputs[0].shape[d], ==, out[d]);
    g_assert_cmpint (conv->inputs[0].shape[d], ==, in[d]);
    g_assert_cmpint (conv->weights.shape[d], ==, w[d]);
  }
  /* Tile 1's workload is the bottom half, in whole-layer rows. */
  const VsNetWorkload *second = vs_network_workload (net, conv->first_workload + 1);
  g_assert_cmpint (second->tile, ==, 1);
  g_assert_cmpint (second->out_start[1], ==, 30);
  g_assert_cmpint (second->out_end[1], ==, 59);
  g_assert_cmpint (second->mpe_mode, ==, VS_EXEC_CUBOID_16x16);
  /* Its input came from DDR (the permute's result was spilled), its output
   * stays in CMX for the pooling. */
  g_assert_cmpint (conv->inputs[0].placement, ==, VS_PLACE_DDR);
  g_assert_cmpint (conv->outputs[0].placement, ==, VS_PLACE_CMX);
  const VsNetLayer *pool = layer_named (net, "relu1");
  g_assert_cmpint (pool->op, ==, VS_OP_MAXPOOL);
  g_assert_cmpint (pool->outputs[0].shape[2], ==, 30);
  g_assert_cmpint (pool->pad_bottom, ==, 1);
  g_assert_cmpuint (pool->n_workloads, ==, 4);
  const VsNetLayer *convert = layer_named (net, "data/converted_to_f16");
  g_assert_cmpint (convert->kind, ==, VS_LAYER_SHAVE);
  g_assert_cmpstr (convert->kernel, ==, "Convert");
  g_assert_cmpint (convert->parts, ==, 4);
  g_assert_cmpint (convert->inputs[0].shape[2], ==, 62);     /* 16 + 16 + 15 + 15 rows */
  g_assert_cmpint (convert->inputs[0].dtype, ==, VS_DTYPE_FLOAT32);
}

static void
test_agegender_npu40 (void)
{
  g_autoptr(VsNetwork) net = vs_test_recover_network ("npu40xx_6tile_agegender_2025-09");
  if (net == NULL)
    return;
  g_assert_cmpint (net->tiles, ==, 6);
  /* NPU 4.0 gives every tile's boxes relative to its share: stacked back. */
  const VsNetLayer *conv = layer_named (net, "conv1/WithoutBiases/Duplicated_2");
  g_assert_cmpint (conv->strategy, ==, VS_STRATEGY_SOH);
  g_assert_cmpint (conv->tiles, ==, 6);
  g_assert_cmpint (conv->outputs[0].shape[2], ==, 60);
  g_assert_cmpint (conv->outputs[0].shape[3], ==, 60);
  const VsNetLayer *conv2 = layer_named (net, "conv2/WithoutBiases");
  g_assert_cmpint (conv2->outputs[0].shape[1], ==, 64);
  g_assert_cmpint (conv2->outputs[0].shape[2], ==, 28);
  g_assert_cmpint (conv2->inputs[0].shape[1], ==, 48);
}

/* Every schedule of npu-runs: a network that validates, writes and reads
 * back to the same text. */
/* An input the compiler fetched with a permute DMA (the PLL 32 age-gender
 * compile moves the first convolution's input planar in DDR into CMX with
 * 2-byte runs) is marked, and written as `permuted: true` (the every-run
 * test round-trips it); the 2024-08 compile of the same network, which has
 * no permute DMA, marks nothing. */
static void
test_permuted_inputs (void)
{
  g_autoptr(VsNetwork) pll32 = vs_test_recover_network ("npu37xx_2tile_agegender_pll32_2023-08");
  g_autoptr(VsNetwork) aug = vs_test_recover_network ("npu37xx_2tile_agegender_2024-08");
  if (pll32 == NULL || aug == NULL)
    return;
  g_assert_true (layer_named (pll32, "conv1/WithoutBiases#2")->inputs[0].permuted);
  g_autoptr(GString) text = g_string_new (NULL);
  GError *error = NULL;
  g_assert_true (vs_network_write (pll32, text, &error));
  g_assert_nonnull (strstr (text->str, "permuted: true"));
  for (guint i = 0; i < aug->layers->len; i++)
    for (guint k = 0; k < vs_network_layer (aug, i)->n_inputs; k++)
      g_assert_false (vs_network_layer (aug, i)->inputs[k].permuted);
}

static void
test_every_run (void)
{
  g_autoptr(GPtrArray) runs = vs_test_npu_run_names ();
  if (runs == NULL)
    return;
  g_assert_cmpuint (runs->len, >=, 9);
  for (guint i = 0; i < runs->len; i++) {
    g_autoptr(VsNetwork) net = vs_test_recover_network (runs->pdata[i]);
    g_assert_cmpuint (net->layers->len, >, 0);
    g_autoptr(GString) first = g_string_new (NULL);
    GError *error = NULL;
    g_assert_true (vs_network_write (net, first, &error));
    g_autoptr(VsNetwork) again = vs_network_read_from_data (first->str, first->len, "n.yaml", &error);
    g_assert_no_error (error);
    g_autoptr(GString) second = g_string_new (NULL);
    g_assert_true (vs_network_write (again, second, &error));
    g_assert_cmpstr (first->str, ==, second->str);
    g_test_message ("%s: %u layers, %u edges", (char *) runs->pdata[i], net->layers->len,
                    net->edges->len);
  }
}

static void
test_no_layers (void)
{
  const char *text =
    "format: vpusim-schedule\nversion: 1\ndevice: npu27\n"
    "queues: [{id: q, engine: DMA, port: 0}]\n"
    "buffers: [{id: a, memory: DDR, shape: [64], dtype: f16}, {id: b, memory: CMX, tiles: [0], offset: 0, shape: [64], dtype: f16}]\n"
    "tasks:\n  - {id: t, queue: q, kind: DMA, dma: {src: a, dst: b}}\n";
  GError *error = NULL;
  g_autoptr(VsSchedule) s = vs_schedule_read_from_data (text, strlen (text), "dma.yaml", &error);
  g_assert_no_error (error);
  g_autoptr(VsNetwork) net = vs_network_recover (s, NULL, &error);
  g_assert_null (net);
  g_assert_cmpstr (error->message, ==, "dma.yaml: no DPU or SHAVE task: no layer to recover");
  g_clear_error (&error);
}

/* The command: a network from the demo schedule; a failure leaves no file. */
static void
test_cli (void)
{
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "block.net.yaml", NULL);
  g_autofree char *so = NULL, *se = NULL;
  const char *args[] = { "network", schedule, "-o", out, NULL };
  g_assert_cmpint (vs_test_run_vpusim (args, &so, &se), ==, 0);
  GError *error = NULL;
  g_autoptr(VsNetwork) net = vs_network_read (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (net->layers->len, ==, 3);
  g_assert_cmpuint (net->edges->len, ==, 2);
  const VsNetLayer *conv = vs_network_layer (net, 0);
  g_assert_cmpint (conv->strategy, ==, VS_STRATEGY_SOH);
  g_assert_cmpint (conv->outputs[0].shape[2], ==, 56);
  g_assert_cmpint (conv->inputs[0].shape[2], ==, 56);
  g_assert_cmpstr (vs_network_layer (net, 1)->kernel, ==, "Sigmoid");
  g_assert_true (strstr (se, "3 layers, 2 edges") != NULL);

  g_autofree char *bad = g_build_filename (vs_test_tmpdir (), "dma_only.yaml", NULL);
  g_assert_true (g_file_set_contents (bad,
    "format: vpusim-schedule\nversion: 1\ndevice: npu27\n"
    "queues: [{id: q, engine: DMA, port: 0}]\n"
    "buffers: [{id: a, memory: DDR, shape: [64], dtype: f16}, {id: b, memory: CMX, tiles: [0], offset: 0, shape: [64], dtype: f16}]\n"
    "tasks:\n  - {id: t, queue: q, kind: DMA, dma: {src: a, dst: b}}\n", -1, NULL));
  g_autofree char *none = g_build_filename (vs_test_tmpdir (), "none.net.yaml", NULL);
  g_autofree char *so2 = NULL, *se2 = NULL;
  const char *args2[] = { "network", bad, "-o", none, NULL };
  g_assert_cmpint (vs_test_run_vpusim (args2, &so2, &se2), ==, 1);
  g_assert_true (strstr (se2, "dma_only.yaml: no DPU or SHAVE task") != NULL);
  g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/network-recover/layer-key", test_layer_key);
  g_test_add_func ("/network-recover/agegender-npu27", test_agegender_npu27);
  g_test_add_func ("/network-recover/agegender-npu40", test_agegender_npu40);
  g_test_add_func ("/network-recover/permuted-inputs", test_permuted_inputs);
  g_test_add_func ("/network-recover/every-run", test_every_run);
  g_test_add_func ("/network-recover/no-layers", test_no_layers);
  g_test_add_func ("/network-recover/cli", test_cli);
  return g_test_run ();
}
