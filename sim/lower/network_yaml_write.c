/* SPDX-License-Identifier: Apache-2.0 */
/* network_yaml_write.c — the vpusim-network writer: the canonical form,
 * which the reader (network_yaml.c) reads back to the same network. */
#include "sim/lower/network_yaml.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hw/name_table.h"
#include "hw/yaml_write.h"
#include "sim/base/output_file.h"
#include "sim/lower/network_yaml_names.h"
#include "sim/schedule/schedule_names.h"

/* --- writer ---------------------------------------------------------------- */

typedef struct {
  GString *out;
  GError **error;
} Writer;

static gboolean
wfail (Writer *w, const char *what)
{
  g_set_error (w->error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID,
               "cannot write the network: %s", what);
  return FALSE;
}

/* A scalar that reads back as the same string (hw/yaml_write.h). */
static gboolean
w_str (Writer *w, const char *s)
{
  if (s == NULL)
    return wfail (w, "a string is missing");
  if (!vs_yaml_append_scalar (w->out, s))
    return wfail (w, "a string is not UTF-8 text");
  return TRUE;
}

static void
w_ints (Writer *w, const gint64 *v, int n)
{
  g_string_append_c (w->out, '[');
  for (int i = 0; i < n; i++)
    g_string_append_printf (w->out, "%s%" G_GINT64_FORMAT, i ? ", " : "", v[i]);
  g_string_append_c (w->out, ']');
}

static void
w_box (Writer *w, const gint32 *v)
{
  gint64 wide[3] = { v[0], v[1], v[2] };
  w_ints (w, wide, 3);
}

static void
w_fraction (Writer *w, const char *key, float v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (buf, sizeof buf, "%.9g", (double) v);
  g_string_append_printf (w->out, "    %s: %s\n", key, buf);
}

static void
w_pad (Writer *w, gint32 top, gint32 bottom, gint32 left, gint32 right)
{
  g_string_append_printf (w->out, "{top: %d, bottom: %d, left: %d, right: %d}", top, bottom, left,
                          right);
}

static gboolean
w_tensor (Writer *w, const VsNetTensor *t)
{
  if (t->rank < 1 || t->rank > VS_NET_MAX_RANK)
    return wfail (w, "a tensor has no shape");
  g_string_append (w->out, "{shape: ");
  w_ints (w, t->shape, t->rank);
  const char *dtype = vs_name_table_name (vs_schedule_dtype_names, t->dtype);
  const char *layout = vs_name_table_name (vs_network_layout_names, t->layout);
  if (dtype == NULL || layout == NULL)
    return wfail (w, "a tensor's dtype or layout has no name");
  g_string_append_printf (w->out, ", dtype: %s, layout: %s", dtype, layout);
  if (t->placement != VS_PLACE_ANY)
    g_string_append_printf (w->out, ", memory: %s",
                            vs_name_table_name (vs_network_placement_names, t->placement));
  if (t->permuted)
    g_string_append (w->out, ", permuted: true");
  g_string_append_c (w->out, '}');
  return TRUE;
}

static gboolean
w_dpu (Writer *w, const VsNetLayer *l)
{
  const char *op = vs_name_table_name (vs_schedule_op_names, l->op);
  const char *act = vs_name_table_name (vs_schedule_activation_names, l->activation);
  if (op == NULL || act == NULL)
    return wfail (w, "a DPU layer's operation or activation has no name");
  g_string_append_printf (w->out, "    op: %s\n", op);
  if (l->kernel_w != 1 || l->kernel_h != 1)
    g_string_append_printf (w->out, "    kernel: [%d, %d]\n", l->kernel_w, l->kernel_h);
  if (l->stride_w != 1 || l->stride_h != 1)
    g_string_append_printf (w->out, "    strides: [%d, %d]\n", l->stride_w, l->stride_h);
  if (l->pad_top || l->pad_bottom || l->pad_left || l->pad_right) {
    g_string_append (w->out, "    pad: ");
    w_pad (w, l->pad_top, l->pad_bottom, l->pad_left, l->pad_right);
    g_string_append_c (w->out, '\n');
  }
  if (l->activation != VS_ACT_NONE)
    g_string_append_printf (w->out, "    activation: %s\n", act);
  if (l->act_sparsity != 0)
    w_fraction (w, "act_sparsity", l->act_sparsity);
  if (l->weight_sparsity != 0)
    w_fraction (w, "weight_sparsity", l->weight_sparsity);
  if (l->weight_sparsity_enabled)
    g_string_append (w->out, "    weight_sparsity_enabled: true\n");
  return TRUE;
}

static gboolean
w_tensors (Writer *w, const VsNetLayer *l)
{
  if (l->kind == VS_LAYER_SHAVE) {
    for (int io = 0; io < 2; io++) {
      guint n = io == 0 ? l->n_inputs : l->n_outputs;
      const VsNetTensor *ts = io == 0 ? l->inputs : l->outputs;
      g_string_append_printf (w->out, "    %s:\n", io == 0 ? "inputs" : "outputs");
      for (guint i = 0; i < n; i++) {
        g_string_append (w->out, "      - ");
        if (!w_tensor (w, &ts[i]))
          return FALSE;
        g_string_append_c (w->out, '\n');
      }
    }
    return TRUE;
  }
  if (l->n_inputs != 1 || l->n_outputs != 1)
    return wfail (w, "a DPU or DMA layer has one input and one output");
  g_string_append (w->out, "    input: ");
  if (!w_tensor (w, &l->inputs[0]))
    return FALSE;
  if (l->weights.rank > 0) {
    g_string_append (w->out, "\n    weights: ");
    if (!w_tensor (w, &l->weights))
      return FALSE;
  }
  g_string_append (w->out, "\n    output: ");
  if (!w_tensor (w, &l->outputs[0]))
    return FALSE;
  g_string_append_c (w->out, '\n');
  return TRUE;
}

static gboolean
w_compiler (Writer *w, const VsNetwork *net, const VsNetLayer *l)
{
  if (!l->has_compiler)
    return TRUE;
  g_string_append (w->out, "    compiler:");
  gboolean empty = TRUE;
  if (l->strategy != VS_STRATEGY_NONE) {
    g_string_append_printf (w->out, "\n      strategy: %s", vs_strategy_name (l->strategy));
    empty = FALSE;
  }
  if (l->tiles > 0) {
    g_string_append_printf (w->out, "\n      tiles: %d", l->tiles);
    empty = FALSE;
  }
  if (l->parts > 0) {
    g_string_append_printf (w->out, "\n      parts: %d", l->parts);
    empty = FALSE;
  }
  if (l->n_workloads > 0) {
    g_string_append (w->out, "\n      workloads:");
    empty = FALSE;
  }
  for (guint i = 0; i < l->n_workloads; i++) {
    const VsNetWorkload *wl = vs_network_workload (net, l->first_workload + i);
    const char *mode = vs_name_table_name (vs_schedule_mpe_names, wl->mpe_mode);
    if (mode == NULL)
      return wfail (w, "a workload's MPE mode has no name");
    g_string_append_printf (w->out, "\n        - {tile: %d, out_start: ", wl->tile);
    w_box (w, wl->out_start);
    g_string_append (w->out, ", out_end: ");
    w_box (w, wl->out_end);
    if (wl->pad_top || wl->pad_bottom || wl->pad_left || wl->pad_right) {
      g_string_append (w->out, ", pad: ");
      w_pad (w, wl->pad_top, wl->pad_bottom, wl->pad_left, wl->pad_right);
    }
    g_string_append_printf (w->out, ", mpe_mode: %s}", mode);
  }
  g_string_append (w->out, empty ? " {}\n" : "\n");
  return TRUE;
}

static gint
compare_keys (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

gboolean
vs_network_write (const VsNetwork *net, GString *out, GError **error)
{
  Writer w = { out, error };
  g_string_append (out, "format: vpusim-network\nversion: 1\n");
  if (g_hash_table_size (net->source) > 0) {
    /* Sorted, so the bytes never depend on the hash table's order. */
    g_autofree gpointer *keys = g_hash_table_get_keys_as_array (net->source, NULL);
    guint n = g_hash_table_size (net->source);
    qsort (keys, n, sizeof (gpointer), compare_keys);
    g_string_append (out, "source:\n");
    for (guint i = 0; i < n; i++) {
      g_string_append (out, "  ");
      if (!w_str (&w, keys[i]))
        return FALSE;
      g_string_append (out, ": ");
      if (!w_str (&w, g_hash_table_lookup (net->source, keys[i])))
        return FALSE;
      g_string_append_c (out, '\n');
    }
  }
  if (net->device != NULL) {
    g_string_append (out, "device: ");
    if (!w_str (&w, net->device))
      return FALSE;
    g_string_append_c (out, '\n');
  }
  if (net->tiles > 0)
    g_string_append_printf (out, "tiles: %d\n", net->tiles);
  if (net->dma_timestamps > 0)
    g_string_append_printf (out, "dma_timestamps: %d\n", net->dma_timestamps);
  g_string_append (out, "layers:\n");
  for (guint i = 0; i < net->layers->len; i++) {
    const VsNetLayer *l = vs_network_layer (net, i);
    g_string_append (out, "  - id: ");
    if (!w_str (&w, l->id))
      return FALSE;
    if (l->name != NULL) {
      g_string_append (out, "\n    name: ");
      if (!w_str (&w, l->name))
        return FALSE;
    }
    const char *kind = vs_layer_kind_name (l->kind);
    if (kind == NULL)
      return wfail (&w, "a layer's kind has no name");
    g_string_append_printf (out, "\n    kind: %s\n", kind);
    if (l->kind == VS_LAYER_DPU && !w_dpu (&w, l))
      return FALSE;
    if (l->kind == VS_LAYER_SHAVE) {
      g_string_append (out, "    kernel_name: ");
      if (!w_str (&w, l->kernel))
        return FALSE;
      g_string_append_c (out, '\n');
    }
    if (!w_tensors (&w, l) || !w_compiler (&w, net, l))
      return FALSE;
  }
  if (net->edges->len > 0)
    g_string_append (out, "edges:\n");
  for (guint e = 0; e < net->edges->len; e++) {
    const VsNetEdge *edge = vs_network_edge (net, e);
    if (edge->from >= net->layers->len || edge->to >= net->layers->len)
      return wfail (&w, "an edge names a layer that does not exist");
    g_string_append (out, "  - {from: ");
    if (!w_str (&w, vs_network_layer (net, edge->from)->id))
      return FALSE;
    g_string_append (out, ", to: ");
    if (!w_str (&w, vs_network_layer (net, edge->to)->id))
      return FALSE;
    g_string_append (out, "}\n");
  }
  return TRUE;
}

gboolean
vs_network_write_file (const VsNetwork *network, const char *path, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  if (!vs_network_write (network, out, error))
    return FALSE;
  GError *local = NULL;
  if (!vs_output_file_write (path, out, &local)) {
    g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_IO, "%s", local->message);
    g_error_free (local);
    return FALSE;
  }
  return TRUE;
}
