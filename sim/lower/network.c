/* SPDX-License-Identifier: Apache-2.0 */
/* network.c — the layer-graph model: construction, names, topological order
 * and the checks that make a network lowerable. */
#include "sim/lower/network.h"

#include <string.h>

G_DEFINE_QUARK (vs-network-error-quark, vs_network_error)

/* NONE has no name: a layer without a strategy writes none. */
const VsNameEntry vs_strategy_names[] = {
  { "clustering", VS_STRATEGY_CLUSTERING }, { "soh", VS_STRATEGY_SOH },
  { "sow", VS_STRATEGY_SOW }, { "sok", VS_STRATEGY_SOK }, { "sohw", VS_STRATEGY_SOHW },
  { "sohk", VS_STRATEGY_SOHK }, { NULL, 0 },
};

const VsNameEntry vs_layer_kind_names[] = {
  { "DPU", VS_LAYER_DPU }, { "SHAVE", VS_LAYER_SHAVE }, { "DMA", VS_LAYER_DMA }, { NULL, 0 },
};

const char *
vs_strategy_name (VsStrategy s)
{
  return vs_name_table_name (vs_strategy_names, (int) s);
}

gboolean
vs_strategy_from_name (const char *name, VsStrategy *out)
{
  int value;
  if (!vs_name_table_lookup (vs_strategy_names, name, &value))
    return FALSE;
  *out = (VsStrategy) value;
  return TRUE;
}

const char *
vs_layer_kind_name (VsLayerKind k)
{
  return vs_name_table_name (vs_layer_kind_names, (int) k);
}

gint64
vs_net_tensor_elements (const VsNetTensor *t)
{
  if (t->rank <= 0)
    return 0;
  gint64 n = 1;
  for (int i = 0; i < t->rank; i++) {
    if (t->shape[i] <= 0 || n > G_MAXINT64 / t->shape[i])
      return 0;
    n *= t->shape[i];
  }
  return n;
}

gint64
vs_net_tensor_bytes (const VsNetTensor *t)
{
  gint64 n = vs_net_tensor_elements (t);
  int bits = vs_data_type_bits (t->dtype);
  if (bits <= 0)
    bits = 8;
  return n > G_MAXINT64 / 16 ? G_MAXINT64 : (n * bits + 7) / 8;
}

VsNetwork *
vs_network_new (void)
{
  VsNetwork *n = g_new0 (VsNetwork, 1);
  n->layers = g_array_new (FALSE, TRUE, sizeof (VsNetLayer));
  n->edges = g_array_new (FALSE, TRUE, sizeof (VsNetEdge));
  n->workloads = g_array_new (FALSE, TRUE, sizeof (VsNetWorkload));
  n->source = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  n->strings = g_string_chunk_new (4096);
  return n;
}

void
vs_network_free (VsNetwork *network)
{
  if (network == NULL)
    return;
  g_free (network->path);
  g_free (network->device);
  g_array_unref (network->layers);
  g_array_unref (network->edges);
  g_array_unref (network->workloads);
  g_hash_table_unref (network->source);
  g_string_chunk_free (network->strings);
  g_free (network);
}

const char *
vs_network_intern (VsNetwork *network, const char *s)
{
  return s == NULL ? NULL : g_string_chunk_insert_const (network->strings, s);
}

guint *
vs_network_topological_order (const VsNetwork *network, guint *cycle_edge)
{
  guint n = network->layers->len, m = network->edges->len;
  g_autofree guint *indegree = g_new0 (guint, n + 1);
  /* Adjacency as a CSR over edges sorted by source, so the order only
   * depends on the file. */
  g_autofree guint *first = g_new0 (guint, n + 1);
  g_autofree guint *targets = g_new (guint, m + 1);
  for (guint e = 0; e < m; e++) {
    first[vs_network_edge (network, e)->from]++;
    indegree[vs_network_edge (network, e)->to]++;
  }
  for (guint i = 0, sum = 0; i <= n; i++) {
    guint c = first[i];
    first[i] = sum;
    sum += c;
  }
  g_autofree guint *fill = g_memdup2 (first, (n + 1) * sizeof (guint));
  for (guint e = 0; e < m; e++)
    targets[fill[vs_network_edge (network, e)->from]++] = vs_network_edge (network, e)->to;
  /* Kahn's algorithm with a min-heap would give "smallest ready index
   * first"; a scan per step is O(n^2) but networks have hundreds of layers. */
  guint *order = g_new (guint, n + 1);
  g_autofree guint8 *done = g_new0 (guint8, n + 1);
  for (guint k = 0; k < n; k++) {
    guint pick = n;
    for (guint i = 0; i < n && pick == n; i++)
      if (!done[i] && indegree[i] == 0)
        pick = i;
    if (pick == n) {
      /* Every layer left has a predecessor left: walking back n steps along
       * such edges ends on a cycle; report the edge walked last. */
      g_autofree guint *into = g_new (guint, n);
      guint at = n;
      for (guint e = 0; e < m; e++) {
        const VsNetEdge *edge = vs_network_edge (network, e);
        if (!done[edge->from] && !done[edge->to]) {
          into[edge->to] = e;
          at = edge->to;
        }
      }
      guint last = into[at];
      for (guint step = 0; step < n; step++) {
        last = into[at];
        at = vs_network_edge (network, last)->from;
      }
      if (cycle_edge != NULL)
        *cycle_edge = last;
      g_free (order);
      return NULL;
    }
    done[pick] = 1;
    order[k] = pick;
    for (guint j = first[pick]; j < first[pick + 1]; j++)
      indegree[targets[j]]--;
  }
  return order;
}

/* --- validation ------------------------------------------------------- */

static gboolean
fail (const VsNetwork *net, gint32 line, GError **error, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static gboolean
fail (const VsNetwork *net, gint32 line, GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (line > 0)
    g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID, "%s:%d: %s",
                 net->path != NULL ? net->path : "network", line, msg);
  else
    g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID, "%s: %s",
                 net->path != NULL ? net->path : "network", msg);
  return FALSE;
}

static gboolean
check_tensor (const VsNetwork *net, const VsNetLayer *l, const VsNetTensor *t, const char *what,
              GError **error)
{
  if (t->rank < 1 || t->rank > VS_NET_MAX_RANK)
    return fail (net, l->line, error, "layer '%s': %s has no shape", l->id, what);
  if (vs_net_tensor_elements (t) <= 0)
    return fail (net, l->line, error, "layer '%s': %s has a dimension below 1 or too many elements",
                 l->id, what);
  return TRUE;
}

/* Output rows/columns a window gives: (in + pads - kernel) / stride + 1. */
static gint64
window_out (gint64 in, gint32 pad_a, gint32 pad_b, gint32 kernel, gint32 stride)
{
  gint64 span = in + pad_a + pad_b - kernel;
  return span < 0 ? 0 : span / stride + 1;
}

static gboolean
check_dpu (const VsNetwork *net, const VsNetLayer *l, GError **error)
{
  const VsNetTensor *in = &l->inputs[0], *out = &l->outputs[0];
  if (in->rank != 4 || out->rank != 4)
    return fail (net, l->line, error, "layer '%s': a DPU layer needs rank-4 input and output "
                 "(N, C, H, W)", l->id);
  if (l->kernel_w < 1 || l->kernel_h < 1 || l->stride_w < 1 || l->stride_h < 1)
    return fail (net, l->line, error, "layer '%s': kernel and strides must be at least 1", l->id);
  gint64 oh = window_out (in->shape[2], l->pad_top, l->pad_bottom, l->kernel_h, l->stride_h);
  gint64 ow = window_out (in->shape[3], l->pad_left, l->pad_right, l->kernel_w, l->stride_w);
  if (oh != out->shape[2] || ow != out->shape[3])
    return fail (net, l->line, error,
                 "layer '%s': a %dx%d kernel with strides %dx%d on a %" G_GINT64_FORMAT "x%"
                 G_GINT64_FORMAT " input (H x W) gives %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT
                 ", not the output's %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT, l->id, l->kernel_h,
                 l->kernel_w, l->stride_h, l->stride_w, in->shape[2], in->shape[3], oh, ow,
                 out->shape[2], out->shape[3]);
  gboolean channelwise = l->op == VS_OP_DW_CONVOLUTION || l->op == VS_OP_MAXPOOL ||
                         l->op == VS_OP_AVEPOOL || l->op == VS_OP_ELTWISE ||
                         l->op == VS_OP_ELTWISE_MUL;
  if (channelwise && in->shape[1] != out->shape[1])
    return fail (net, l->line, error, "layer '%s': %s keeps the channel count, but the input has %"
                 G_GINT64_FORMAT " and the output %" G_GINT64_FORMAT, l->id,
                 vs_dpu_operation_name (l->op), in->shape[1], out->shape[1]);
  if (l->weights.rank > 0 && !check_tensor (net, l, &l->weights, "weights", error))
    return FALSE;
  return TRUE;
}

static gboolean
check_workloads (const VsNetwork *net, const VsNetLayer *l, GError **error)
{
  if (l->tiles < 0 || l->tiles > 64)
    return fail (net, l->line, error, "layer '%s': %d tiles", l->id, l->tiles);
  const VsNetTensor *out = &l->outputs[0];
  gint64 extent[3] = { out->rank == 4 ? out->shape[3] : 0, out->rank == 4 ? out->shape[2] : 0,
                       out->rank == 4 ? out->shape[1] : 0 };
  for (guint w = 0; w < l->n_workloads; w++) {
    const VsNetWorkload *wl = vs_network_workload (net, l->first_workload + w);
    if (l->kind != VS_LAYER_DPU)
      return fail (net, l->line, error, "layer '%s': only DPU layers have workloads", l->id);
    if (wl->tile < 0 || (l->tiles > 0 && wl->tile >= l->tiles))
      return fail (net, l->line, error, "layer '%s': workload %u is on tile %d of %d", l->id, w,
                   wl->tile, l->tiles);
    for (int d = 0; d < 3; d++)
      if (wl->out_start[d] < 0 || wl->out_end[d] < wl->out_start[d] || wl->out_end[d] >= extent[d])
        return fail (net, l->line, error, "layer '%s': workload %u's box [%d, %d, %d]..[%d, %d, %d]"
                     " is not inside the output", l->id, w, wl->out_start[0], wl->out_start[1],
                     wl->out_start[2], wl->out_end[0], wl->out_end[1], wl->out_end[2]);
  }
  return TRUE;
}

static gboolean
check_layer (const VsNetwork *net, const VsNetLayer *l, GError **error)
{
  if (l->n_inputs < 1 || l->n_outputs < 1)
    return fail (net, l->line, error, "layer '%s' needs an input and an output", l->id);
  if (l->kind != VS_LAYER_SHAVE && (l->n_inputs != 1 || l->n_outputs != 1))
    return fail (net, l->line, error, "layer '%s': a %s layer has one input and one output",
                 l->id, vs_layer_kind_name (l->kind));
  for (guint i = 0; i < l->n_inputs; i++)
    if (!check_tensor (net, l, &l->inputs[i], "an input", error))
      return FALSE;
  for (guint i = 0; i < l->n_outputs; i++)
    if (!check_tensor (net, l, &l->outputs[i], "an output", error))
      return FALSE;
  if (l->kind == VS_LAYER_SHAVE && (l->kernel == NULL || *l->kernel == '\0'))
    return fail (net, l->line, error, "layer '%s': a SHAVE layer names its kernel", l->id);
  if (l->kind == VS_LAYER_DPU && !check_dpu (net, l, error))
    return FALSE;
  return check_workloads (net, l, error);
}

gboolean
vs_network_validate (const VsNetwork *network, GError **error)
{
  guint n = network->layers->len;
  if (n == 0)
    return fail (network, 0, error, "the network has no layers");
  for (guint i = 0; i < n; i++)
    if (!check_layer (network, vs_network_layer (network, i), error))
      return FALSE;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new (gint64, network->edges->len + 1);
  for (guint e = 0; e < network->edges->len; e++) {
    const VsNetEdge *edge = vs_network_edge (network, e);
    if (edge->from >= n || edge->to >= n)
      return fail (network, edge->line, error, "edge %u names a layer that does not exist", e);
    const char *from = vs_network_layer (network, edge->from)->id;
    if (edge->from == edge->to)
      return fail (network, edge->line, error, "edge from layer '%s' to itself", from);
    keys[e] = (gint64) edge->from * n + edge->to;
    if (!g_hash_table_add (seen, &keys[e]))
      return fail (network, edge->line, error, "edge from '%s' to '%s' is given twice", from,
                   vs_network_layer (network, edge->to)->id);
  }
  guint cycle = 0;
  g_autofree guint *order = vs_network_topological_order (network, &cycle);
  if (order == NULL) {
    const VsNetEdge *edge = vs_network_edge (network, cycle);
    return fail (network, edge->line, error, "the edges form a cycle through '%s' -> '%s'",
                 vs_network_layer (network, edge->from)->id,
                 vs_network_layer (network, edge->to)->id);
  }
  return TRUE;
}
