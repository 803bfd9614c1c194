/* SPDX-License-Identifier: Apache-2.0 */
/* test_network_yaml.c — the vpusim-network format: the example reads, writes
 * and reads back to the same bytes; bad networks are refused with the file,
 * line and column and the reason. */
#include <glib.h>
#include <string.h>

#include "sim/lower/network_yaml.h"
#include "tests/test_support.h"

static VsNetwork *
read_example (void)
{
  g_autofree char *path = vs_test_source_file ("scenarios/npu27_conv_block.net.yaml");
  GError *error = NULL;
  VsNetwork *net = vs_network_read (path, &error);
  g_assert_no_error (error);
  return net;
}

static void
test_example (void)
{
  g_autoptr(VsNetwork) net = read_example ();
  g_assert_cmpuint (net->layers->len, ==, 3);
  g_assert_cmpuint (net->edges->len, ==, 2);
  g_assert_cmpstr (net->device, ==, "npu27");
  g_assert_cmpint (net->tiles, ==, 2);
  const VsNetLayer *conv = vs_network_layer (net, 0);
  g_assert_cmpint (conv->kind, ==, VS_LAYER_DPU);
  g_assert_cmpint (conv->op, ==, VS_OP_CONVOLUTION);
  g_assert_cmpint (conv->kernel_w, ==, 3);
  g_assert_cmpint (conv->pad_bottom, ==, 1);
  g_assert_cmpint (conv->inputs[0].placement, ==, VS_PLACE_DDR);
  g_assert_cmpint (conv->outputs[0].placement, ==, VS_PLACE_ANY);
  g_assert_cmpint (conv->weights.shape[0], ==, 32);
  g_assert_cmpint (conv->strategy, ==, VS_STRATEGY_SOH);
  g_assert_cmpuint (conv->n_workloads, ==, 4);
  const VsNetWorkload *last = vs_network_workload (net, conv->first_workload + 3);
  g_assert_cmpint (last->tile, ==, 1);
  g_assert_cmpint (last->out_start[1], ==, 42);
  g_assert_cmpint (last->pad_bottom, ==, 1);
  const VsNetLayer *sig = vs_network_layer (net, 1);
  g_assert_cmpstr (sig->kernel, ==, "Sigmoid");
  g_assert_cmpint (sig->parts, ==, 4);
  g_assert_cmpint (vs_net_tensor_bytes (&sig->outputs[0]), ==, 32 * 56 * 56 * 2);
}

static void
test_round_trip (void)
{
  g_autofree char *seed = vs_test_source_file ("tests/fuzz/seeds/network_yaml/pool_eltwise_copy.yaml");
  g_autofree char *example = vs_test_source_file ("scenarios/npu27_conv_block.net.yaml");
  const char *paths[] = { example, seed };
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++) {
    GError *error = NULL;
    g_autoptr(VsNetwork) net = vs_network_read (paths[i], &error);
    g_assert_no_error (error);
    g_autoptr(GString) first = g_string_new (NULL);
    g_assert_true (vs_network_write (net, first, &error));
    g_autoptr(VsNetwork) again = vs_network_read_from_data (first->str, first->len, "a.yaml", &error);
    g_assert_no_error (error);
    g_autoptr(GString) second = g_string_new (NULL);
    g_assert_true (vs_network_write (again, second, &error));
    g_assert_cmpstr (first->str, ==, second->str);
    g_assert_cmpuint (again->layers->len, ==, net->layers->len);
    g_assert_cmpuint (again->workloads->len, ==, net->workloads->len);
  }
}

static void
test_write_file_atomic (void)
{
  g_autoptr(VsNetwork) net = read_example ();
  g_autofree char *path = g_build_filename (vs_test_tmpdir (), "net.yaml", NULL);
  GError *error = NULL;
  g_assert_true (vs_network_write_file (net, path, &error));
  g_autoptr(VsNetwork) back = vs_network_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->layers->len, ==, 3);
  g_autofree char *missing = g_build_filename (vs_test_tmpdir (), "no", "such", "net.yaml", NULL);
  g_assert_false (vs_network_write_file (net, missing, &error));
  g_assert_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_IO);
  g_clear_error (&error);
}

#define HEAD "format: vpusim-network\nversion: 1\nlayers:\n"
#define CONV(id, in, out)                                                            \
  "  - id: " id "\n    kind: DPU\n    op: CONV\n    kernel: [3, 3]\n"               \
  "    input: {shape: [1, 16, " in ", " in "]}\n"                                   \
  "    output: {shape: [1, 32, " out ", " out "]}\n"

static const struct {
  const char *text;
  const char *message;
} bad[] = {
  { HEAD CONV ("a", "10", "8") "edges:\n  - {from: a, to: b}\n",
    "bad.yaml:11:19: edge to unknown layer 'b'" },
  { HEAD CONV ("a", "10", "9"),
    "bad.yaml:4: layer 'a': a 3x3 kernel with strides 1x1 on a 10x10 input (H x W) gives 8x8, "
    "not the output's 9x9" },
  { HEAD CONV ("a", "10", "8") "  - {id: b, kind: SHAVE, kernel_name: Tanh, inputs: [{shape: [8]}],"
    " outputs: [{shape: [8]}]}\n" "edges:\n  - {from: a, to: b}\n  - {from: b, to: a}\n",
    "bad.yaml:12: the edges form a cycle through 'a' -> 'b'" },
  { HEAD "  - {id: a, kind: DPU, op: CONV3D, input: {shape: [1, 1, 1, 1]}, output: {shape: [1, 1, 1, 1]}}\n",
    "bad.yaml:4:28: unknown op 'CONV3D' (one of CONV, DWCONV, ELTWISE, MAXPOOL, AVEPOOL, CM_CONV, "
    "LAYER_NORM, ELTWISE_MUL, REDUCE_MS, REDUCE_SUMSQUARES)" },
  { HEAD "  - {id: a, kind: GPU}\n", "bad.yaml:4:19: unknown kind 'GPU' (one of DPU, SHAVE, DMA)" },
  { HEAD CONV ("a", "10", "8") CONV ("a", "10", "8"), "bad.yaml:10:9: layer 'a' is given twice" },
  { HEAD CONV ("a", "10", "8") "    colour: red\n",
    "bad.yaml:10:5: unknown key 'colour' in DPU layer 'a' (id, name, kind, op, kernel, strides, pad, "
    "activation, act_sparsity, weight_sparsity, weight_sparsity_enabled, input, weights, output, "
    "compiler)" },
  { HEAD "  - {id: s, kind: SHAVE, kernel_name: Tanh, op: CONV, inputs: [{shape: [8]}], outputs: [{shape: [8]}]}\n",
    "bad.yaml:4:45: unknown key 'op' in SHAVE layer 's' (id, name, kind, kernel_name, inputs, "
    "outputs, compiler)" },
  { "format: vpusim-network\nversion: 2\nlayers: []\n",
    "bad.yaml:2:10: version 2 of vpusim-network is not known (this vpusim reads version 1)" },
  { HEAD "  - &x {id: a, kind: DMA, input: {shape: [4]}, output: {shape: [4]}}\n  - *x\n",
    "bad.yaml:5:5: YAML aliases (*x) are not supported in vpusim files" },
  { HEAD "  - [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
    "bad.yaml:4:35: nested deeper than 32 levels" },
  { HEAD CONV ("a", "10", "8") "edges:\n  - {from: a, to: a}\n",
    "bad.yaml:11: edge from layer 'a' to itself" },
  { HEAD CONV ("a", "10", "8") "    compiler: {tiles: 2, workloads: [{tile: 2, out_start: [0, 0, 0], out_end: [7, 7, 31]}]}\n",
    "bad.yaml:4: layer 'a': workload 0 is on tile 2 of 2" },
  { HEAD CONV ("a", "10", "8") "    compiler: {workloads: [{tile: 0, out_start: [0, 0, 0], out_end: [7, 8, 31]}]}\n",
    "bad.yaml:4: layer 'a': workload 0's box [0, 0, 0]..[7, 8, 31] is not inside the output" },
  { HEAD "  - {id: p, kind: DPU, op: MAXPOOL, input: {shape: [1, 16, 4, 4]}, output: {shape: [1, 8, 4, 4]}}\n",
    "bad.yaml:4: layer 'p': MAXPOOL keeps the channel count, but the input has 16 and the output 8" },
  { HEAD "  - {id: a, kind: DMA, input: {shape: [0, 4]}, output: {shape: [4]}}\n",
    "bad.yaml:4:40: 'shape' must be an integer from 1 to 2147483647, not '0'" },
  { "format: vpusim-network\nversion: 1\nlayers: []\n", "bad.yaml: the network has no layers" },
  { "format: vpusim-network\nversion: 1\nlayers: [\n", "bad.yaml:4:1: did not find expected node content (while parsing a flow node at 4:1)" },
};

static void
test_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    GError *error = NULL;
    g_autoptr(VsNetwork) net = vs_network_read_from_data (bad[i].text, strlen (bad[i].text),
                                                           "bad.yaml", &error);
    g_assert_null (net);
    g_assert_nonnull (error);
    if (g_strcmp0 (error->message, bad[i].message) != 0)
      g_error ("bad network %u: got '%s', want '%s'", i, error->message, bad[i].message);
    g_error_free (error);
  }
}

/* Booleans take the YAML spellings every vpusim reader takes (hw/name_table.h). */
static void
test_booleans (void)
{
  static const struct { const char *word; gboolean value; } words[] = {
    { "true", TRUE }, { "No", FALSE }, { "ON", TRUE }, { "off", FALSE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (words); i++) {
    g_autofree char *text = g_strconcat (HEAD CONV ("a", "10", "8") "    weight_sparsity_enabled: ",
                                         words[i].word, "\n", NULL);
    GError *error = NULL;
    g_autoptr(VsNetwork) net = vs_network_read_from_data (text, strlen (text), "b.yaml", &error);
    g_assert_no_error (error);
    g_assert_cmpint (vs_network_layer (net, 0)->weight_sparsity_enabled, ==, words[i].value);
  }
  const char *bad_text = HEAD CONV ("a", "10", "8") "    weight_sparsity_enabled: maybe\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VsNetwork) net = vs_network_read_from_data (bad_text, strlen (bad_text), "b.yaml", &error);
  g_assert_null (net);
  g_assert_cmpstr (error->message, ==,
                   "b.yaml:10:30: 'weight_sparsity_enabled' must be true or false, not 'maybe'");
}

static void
test_topological_order (void)
{
  const char *text = HEAD
    "  - {id: c, kind: DMA, input: {shape: [4]}, output: {shape: [4]}}\n"
    "  - {id: b, kind: DMA, input: {shape: [4]}, output: {shape: [4]}}\n"
    "  - {id: a, kind: DMA, input: {shape: [4]}, output: {shape: [4]}}\n"
    "edges:\n  - {from: a, to: b}\n  - {from: b, to: c}\n";
  GError *error = NULL;
  g_autoptr(VsNetwork) net = vs_network_read_from_data (text, strlen (text), "t.yaml", &error);
  g_assert_no_error (error);
  g_autofree guint *order = vs_network_topological_order (net, NULL);
  g_assert_cmpuint (order[0], ==, 2);
  g_assert_cmpuint (order[1], ==, 1);
  g_assert_cmpuint (order[2], ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/network-yaml/example", test_example);
  g_test_add_func ("/network-yaml/round-trip", test_round_trip);
  g_test_add_func ("/network-yaml/write-file", test_write_file_atomic);
  g_test_add_func ("/network-yaml/bad", test_bad);
  g_test_add_func ("/network-yaml/topological-order", test_topological_order);
  g_test_add_func ("/network-yaml/booleans", test_booleans);
  return g_test_run ();
}
