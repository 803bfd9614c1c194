/* SPDX-License-Identifier: Apache-2.0 */
/* network_yaml.c — the vpusim-network reader (the writer is
 * network_yaml_write.c).  Networks are small (a layer per operation), so
 * libyaml's document API builds the tree and a walk checks it; every node
 * keeps its mark for file:line:column errors. */
#include "sim/lower/network_yaml.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <yaml.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "hw/input_file.h"
#include "hw/name_table.h"
#include "sim/schedule/schedule_names.h"
#include "hw/yaml_events.h"
#include "hw/yaml_tree.h"
#include "sim/lower/network_yaml_names.h"

/* Canonical names first: the writer uses them.  Operations, activations, MPE
 * modes and element types are spelled as in schedules (schedule_names.h);
 * layouts are those a network tensor may have. */
const VsNameEntry vs_network_layout_names[] = {
  { "NHWC", VS_LAYOUT_ZMAJOR }, { "NCHW", VS_LAYOUT_CMAJOR }, { "XYZ", VS_LAYOUT_XYZ },
  { "NHCW", VS_LAYOUT_XZY }, { "NCWH", VS_LAYOUT_YXZ }, { "NWCH", VS_LAYOUT_YZX },
  { "ZXY", VS_LAYOUT_ZXY }, { "NWHC", VS_LAYOUT_ZYX }, { "ZMAJOR", VS_LAYOUT_ZMAJOR },
  { "CMAJOR", VS_LAYOUT_CMAJOR }, { NULL, 0 },
};
const VsNameEntry vs_network_placement_names[] = {
  { "DDR", VS_PLACE_DDR }, { "CMX", VS_PLACE_CMX }, { NULL, 0 },
};

/* --- reader state and helpers ----------------------------------------- */

typedef struct {
  VsYamlTree tree;              /* first: the walk's callbacks get it as the Doc */
  VsNetwork *net;
  GHashTable *layer_ids;        /* id -> index + 1 */
} Doc;

static gboolean
parse_int (Doc *d, yaml_node_t *n, const char *key, gint64 min, gint64 max, gint64 *out)
{
  const char *v = vs_yaml_tree_scalar (&d->tree, n, key);
  if (v == NULL)
    return FALSE;
  if (!g_ascii_string_to_signed (v, 10, min, max, out, NULL))
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE,
                 "'%s' must be an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                 ", not '%s'", key, min, max, v);
  return TRUE;
}

static gboolean
parse_i32 (Doc *d, yaml_node_t *n, const char *key, gint32 min, gint32 max, gint32 *out)
{
  gint64 v;
  if (!parse_int (d, n, key, min, max, &v))
    return FALSE;
  *out = (gint32) v;
  return TRUE;
}

static gboolean
parse_fraction (Doc *d, yaml_node_t *n, const char *key, float *out)
{
  const char *v = vs_yaml_tree_scalar (&d->tree, n, key);
  if (v == NULL)
    return FALSE;
  char *end = NULL;
  double x = g_ascii_strtod (v, &end);
  if (end == v || *end != '\0' || !isfinite (x) || x < 0 || x > 1)
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE,
                 "'%s' must be a number from 0 to 1, not '%s'", key, v);
  *out = (float) x;
  return TRUE;
}

static gboolean
parse_bool (Doc *d, yaml_node_t *n, const char *key, gboolean *out)
{
  const char *v = vs_yaml_tree_scalar (&d->tree, n, key);
  if (v == NULL)
    return FALSE;
  int b;
  if (!vs_name_table_lookup (vs_yaml_bool_names, v, &b))
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE,
                              "'%s' must be true or false, not '%s'", key, v);
  *out = b != 0;
  return TRUE;
}

static gboolean
parse_enum (Doc *d, yaml_node_t *n, const char *key, const VsNameEntry *table, int *out)
{
  const char *v = vs_yaml_tree_scalar (&d->tree, n, key);
  if (v == NULL)
    return FALSE;
  if (!vs_name_table_lookup (table, v, out)) {
    g_autofree char *choices = vs_name_table_choices (table);
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE, "unknown %s '%s' (one of %s)", key, v,
                 choices);
  }
  return TRUE;
}

/* A list of exactly `want` integers (want 0: 1 to VS_NET_MAX_RANK). */
static int
parse_int_list (Doc *d, yaml_node_t *n, const char *key, int want, gint64 min, gint64 max,
                gint64 *out)
{
  g_autoptr(GPtrArray) list = vs_yaml_tree_items (&d->tree, n, key, VS_NET_MAX_RANK);
  if (list == NULL)
    return -1;
  if ((want > 0 && (int) list->len != want) || (want == 0 && list->len == 0)) {
    if (want > 0)
      vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE, "'%s' must be a list of %d integers", key,
            want);
    else
      vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE, "'%s' must list 1 to %d integers", key,
            VS_NET_MAX_RANK);
    return -1;
  }
  for (guint i = 0; i < list->len; i++)
    if (!parse_int (d, list->pdata[i], key, min, max, &out[i]))
      return -1;
  return (int) list->len;
}

static gboolean
parse_pair (Doc *d, yaml_node_t *n, const char *key, gint32 *w, gint32 *h)
{
  gint64 v[2];
  if (parse_int_list (d, n, key, 2, 1, 65535, v) < 0)
    return FALSE;
  *w = (gint32) v[0];
  *h = (gint32) v[1];
  return TRUE;
}

static gboolean
parse_box (Doc *d, yaml_node_t *n, const char *key, gint32 *out)
{
  gint64 v[3];
  if (parse_int_list (d, n, key, 3, 0, G_MAXINT32 - 1, v) < 0)
    return FALSE;
  for (int i = 0; i < 3; i++)
    out[i] = (gint32) v[i];
  return TRUE;
}

typedef struct {
  gint32 *top, *bottom, *left, *right;
} PadTarget;

static gboolean
pad_pair (VsYamlTree *tree, const char *key, yaml_node_t *k, yaml_node_t *v, gpointer data)
{
  Doc *d = (Doc *) tree;
  PadTarget *p = data;
  gint32 *dst = strcmp (key, "top") == 0 ? p->top : strcmp (key, "bottom") == 0 ? p->bottom
              : strcmp (key, "left") == 0 ? p->left : strcmp (key, "right") == 0 ? p->right : NULL;
  if (dst == NULL)
    return vs_yaml_tree_fail (&d->tree, &k->start_mark, VS_NETWORK_ERROR_PARSE,
                 "unknown key '%s' in pad (top, bottom, left, right)", key);
  return parse_i32 (d, v, key, 0, 65535, dst);
}

/* --- tensors ------------------------------------------------------------ */

static gboolean
tensor_pair (VsYamlTree *tree, const char *key, yaml_node_t *k, yaml_node_t *v, gpointer data)
{
  Doc *d = (Doc *) tree;
  VsNetTensor *t = data;
  int e;
  if (strcmp (key, "shape") == 0) {
    int n = parse_int_list (d, v, key, 0, 1, G_MAXINT32, t->shape);
    if (n < 0)
      return FALSE;
    t->rank = n;
    return TRUE;
  }
  if (strcmp (key, "dtype") == 0) {
    if (!parse_enum (d, v, key, vs_schedule_dtype_names, &e))
      return FALSE;
    t->dtype = (VsDataType) e;
    return TRUE;
  }
  if (strcmp (key, "layout") == 0) {
    if (!parse_enum (d, v, key, vs_network_layout_names, &e))
      return FALSE;
    t->layout = (VsLayout) e;
    return TRUE;
  }
  if (strcmp (key, "memory") == 0) {
    if (!parse_enum (d, v, key, vs_network_placement_names, &e))
      return FALSE;
    t->placement = (VsPlacement) e;
    return TRUE;
  }
  if (strcmp (key, "permuted") == 0)
    return parse_bool (d, v, key, &t->permuted);
  return vs_yaml_tree_fail (&d->tree, &k->start_mark, VS_NETWORK_ERROR_PARSE,
               "unknown key '%s' in a tensor (shape, dtype, layout, memory, permuted)", key);
}

static gboolean
parse_tensor (Doc *d, yaml_node_t *n, const char *key, VsNetTensor *t)
{
  memset (t, 0, sizeof *t);
  t->dtype = VS_DTYPE_FLOAT16;
  t->layout = VS_LAYOUT_ZMAJOR;
  if (!vs_yaml_tree_each_pair (&d->tree, n, key, tensor_pair, t))
    return FALSE;
  if (t->rank == 0)
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE, "%s has no 'shape'", key);
  return TRUE;
}

static gboolean
parse_tensor_list (Doc *d, yaml_node_t *n, const char *key, VsNetTensor *out, guint *count)
{
  g_autoptr(GPtrArray) list = vs_yaml_tree_items (&d->tree, n, key, VS_NET_MAX_TENSORS);
  if (list == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    if (!parse_tensor (d, list->pdata[i], key, &out[i]))
      return FALSE;
  *count = list->len;
  return TRUE;
}

/* --- the compiler's choices --------------------------------------------- */

static gboolean
workload_pair (VsYamlTree *tree, const char *key, yaml_node_t *k, yaml_node_t *v, gpointer data)
{
  Doc *d = (Doc *) tree;
  VsNetWorkload *w = data;
  int e;
  if (strcmp (key, "tile") == 0)
    return parse_i32 (d, v, key, 0, 63, &w->tile);
  if (strcmp (key, "out_start") == 0)
    return parse_box (d, v, key, w->out_start);
  if (strcmp (key, "out_end") == 0)
    return parse_box (d, v, key, w->out_end);
  if (strcmp (key, "pad") == 0) {
    PadTarget p = { &w->pad_top, &w->pad_bottom, &w->pad_left, &w->pad_right };
    return vs_yaml_tree_each_pair (&d->tree, v, "pad", pad_pair, &p);
  }
  if (strcmp (key, "mpe_mode") == 0) {
    if (!parse_enum (d, v, key, vs_schedule_mpe_names, &e))
      return FALSE;
    w->mpe_mode = (VsExecutionMode) e;
    return TRUE;
  }
  return vs_yaml_tree_fail (&d->tree, &k->start_mark, VS_NETWORK_ERROR_PARSE,
               "unknown key '%s' in a workload (tile, out_start, out_end, pad, mpe_mode)", key);
}

static gboolean
compiler_pair (VsYamlTree *tree, const char *key, yaml_node_t *k, yaml_node_t *v, gpointer data)
{
  Doc *d = (Doc *) tree;
  VsNetLayer *l = data;
  int e;
  if (strcmp (key, "strategy") == 0) {
    if (!parse_enum (d, v, key, vs_strategy_names, &e))
      return FALSE;
    l->strategy = (VsStrategy) e;
    return TRUE;
  }
  if (strcmp (key, "tiles") == 0)
    return parse_i32 (d, v, key, 1, 64, &l->tiles);
  if (strcmp (key, "parts") == 0)
    return parse_i32 (d, v, key, 1, 1000000, &l->parts);
  if (strcmp (key, "workloads") == 0) {
    g_autoptr(GPtrArray) list = vs_yaml_tree_items (&d->tree, v, key, VS_NETWORK_MAX_WORKLOADS);
    if (list == NULL)
      return FALSE;
    l->first_workload = d->net->workloads->len;
    l->n_workloads = list->len;
    for (guint i = 0; i < list->len; i++) {
      VsNetWorkload w;
      memset (&w, 0, sizeof w);
      w.mpe_mode = VS_EXEC_CUBOID_16x16;
      yaml_node_t *item = list->pdata[i];
      if (!vs_yaml_tree_each_pair (&d->tree, item, "a workload", workload_pair, &w))
        return FALSE;
      g_array_append_val (d->net->workloads, w);
    }
    return TRUE;
  }
  return vs_yaml_tree_fail (&d->tree, &k->start_mark, VS_NETWORK_ERROR_PARSE,
               "unknown key '%s' in compiler (strategy, tiles, parts, workloads)", key);
}

/* --- layers -------------------------------------------------------------- */

static gboolean
dpu_pair (Doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, VsNetLayer *l)
{
  int e;
  if (strcmp (key, "op") == 0) {
    if (!parse_enum (d, v, key, vs_schedule_op_names, &e))
      return FALSE;
    l->op = (VsDpuOperation) e;
    return TRUE;
  }
  if (strcmp (key, "kernel") == 0)
    return parse_pair (d, v, key, &l->kernel_w, &l->kernel_h);
  if (strcmp (key, "strides") == 0)
    return parse_pair (d, v, key, &l->stride_w, &l->stride_h);
  if (strcmp (key, "pad") == 0) {
    PadTarget p = { &l->pad_top, &l->pad_bottom, &l->pad_left, &l->pad_right };
    return vs_yaml_tree_each_pair (&d->tree, v, "pad", pad_pair, &p);
  }
  if (strcmp (key, "activation") == 0) {
    if (!parse_enum (d, v, key, vs_schedule_activation_names, &e))
      return FALSE;
    l->activation = (VsActivation) e;
    return TRUE;
  }
  if (strcmp (key, "act_sparsity") == 0)
    return parse_fraction (d, v, key, &l->act_sparsity);
  if (strcmp (key, "weight_sparsity") == 0)
    return parse_fraction (d, v, key, &l->weight_sparsity);
  if (strcmp (key, "weight_sparsity_enabled") == 0)
    return parse_bool (d, v, key, &l->weight_sparsity_enabled);
  if (strcmp (key, "weights") == 0)
    return parse_tensor (d, v, key, &l->weights);
  return vs_yaml_tree_fail (&d->tree, &k->start_mark, VS_NETWORK_ERROR_PARSE,
               "unknown key '%s' in DPU layer '%s' (id, name, kind, op, kernel, strides, pad, "
               "activation, act_sparsity, weight_sparsity, weight_sparsity_enabled, input, "
               "weights, output, compiler)", key, l->id);
}

typedef struct {
  VsNetLayer *layer;
  gboolean saw_op;
} LayerParse;

static gboolean
layer_pair (VsYamlTree *tree, const char *key, yaml_node_t *k, yaml_node_t *v, gpointer data)
{
  Doc *d = (Doc *) tree;
  LayerParse *lp = data;
  VsNetLayer *l = lp->layer;
  if (strcmp (key, "id") == 0 || strcmp (key, "kind") == 0)
    return TRUE;                /* read before the walk */
  if (strcmp (key, "name") == 0) {
    const char *s = vs_yaml_tree_scalar (&d->tree, v, key);
    l->name = vs_network_intern (d->net, s);
    return s != NULL;
  }
  if (strcmp (key, "compiler") == 0) {
    l->has_compiler = TRUE;
    return vs_yaml_tree_each_pair (&d->tree, v, "compiler", compiler_pair, l);
  }
  gboolean single = l->kind != VS_LAYER_SHAVE;
  if (single && (strcmp (key, "input") == 0 || strcmp (key, "output") == 0)) {
    gboolean in = key[0] == 'i';
    if (in)
      l->n_inputs = 1;
    else
      l->n_outputs = 1;
    return parse_tensor (d, v, key, in ? &l->inputs[0] : &l->outputs[0]);
  }
  if (!single && strcmp (key, "inputs") == 0)
    return parse_tensor_list (d, v, key, l->inputs, &l->n_inputs);
  if (!single && strcmp (key, "outputs") == 0)
    return parse_tensor_list (d, v, key, l->outputs, &l->n_outputs);
  if (l->kind == VS_LAYER_SHAVE && strcmp (key, "kernel_name") == 0) {
    const char *s = vs_yaml_tree_scalar (&d->tree, v, key);
    l->kernel = vs_network_intern (d->net, s);
    return s != NULL;
  }
  if (l->kind == VS_LAYER_DPU) {
    if (strcmp (key, "op") == 0)
      lp->saw_op = TRUE;
    return dpu_pair (d, key, k, v, l);
  }
  return vs_yaml_tree_fail (&d->tree, &k->start_mark, VS_NETWORK_ERROR_PARSE,
               "unknown key '%s' in %s layer '%s' (id, name, kind, %s, compiler)", key,
               vs_layer_kind_name (l->kind), l->id,
               l->kind == VS_LAYER_SHAVE ? "kernel_name, inputs, outputs" : "input, output");
}

/* The value node of `key` in a mapping, without visiting it; NULL if absent. */
static yaml_node_t *
peek (Doc *d, yaml_node_t *map, const char *key)
{
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *k = yaml_document_get_node (&d->tree.doc, p->key);
    if (k != NULL && k->type == YAML_SCALAR_NODE && strcmp ((char *) k->data.scalar.value, key) == 0)
      return yaml_document_get_node (&d->tree.doc, p->value);
  }
  return NULL;
}

static gboolean
parse_layer (Doc *d, yaml_node_t *n)
{
  if (n->type != YAML_MAPPING_NODE)
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE, "a layer must be a mapping, not %s",
                 vs_yaml_node_kind (n));
  VsNetLayer l;
  memset (&l, 0, sizeof l);
  l.kernel_w = l.kernel_h = l.stride_w = l.stride_h = 1;
  l.line = (gint32) n->start_mark.line + 1;
  yaml_node_t *id = peek (d, n, "id"), *kind = peek (d, n, "kind");
  if (id == NULL)
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE, "a layer has no 'id'");
  const char *id_text = vs_yaml_tree_scalar (&d->tree, id, "id");
  if (id_text == NULL)
    return FALSE;
  l.id = vs_network_intern (d->net, id_text);
  if (kind == NULL)
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE, "layer '%s' has no 'kind'", l.id);
  int e;
  if (!parse_enum (d, kind, "kind", vs_layer_kind_names, &e))
    return FALSE;
  l.kind = (VsLayerKind) e;
  if (g_hash_table_contains (d->layer_ids, l.id))
    return vs_yaml_tree_fail (&d->tree, &id->start_mark, VS_NETWORK_ERROR_INVALID, "layer '%s' is given twice", l.id);
  if (d->net->layers->len >= VS_NETWORK_MAX_LAYERS)
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE, "more than %u layers",
                 VS_NETWORK_MAX_LAYERS);
  LayerParse lp = { &l, FALSE };
  if (!vs_yaml_tree_each_pair (&d->tree, n, "a layer", layer_pair, &lp))
    return FALSE;
  if (l.kind == VS_LAYER_DPU && !lp.saw_op)
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE, "DPU layer '%s' has no 'op'", l.id);
  if (l.kind == VS_LAYER_SHAVE && l.kernel == NULL)
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE, "SHAVE layer '%s' has no 'kernel_name'",
                 l.id);
  if (l.n_inputs == 0 || l.n_outputs == 0)
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_NETWORK_ERROR_PARSE, "layer '%s' needs %s", l.id,
                 l.kind == VS_LAYER_SHAVE ? "'inputs' and 'outputs'" : "'input' and 'output'");
  g_hash_table_insert (d->layer_ids, (gpointer) l.id, GUINT_TO_POINTER (d->net->layers->len + 1));
  g_array_append_val (d->net->layers, l);
  return TRUE;
}

typedef struct {
  VsNetEdge edge;
  gboolean has_from, has_to;
} EdgeParse;

static gboolean
edge_pair (VsYamlTree *tree, const char *key, yaml_node_t *k, yaml_node_t *v, gpointer data)
{
  Doc *d = (Doc *) tree;
  EdgeParse *ep = data;
  gboolean from = strcmp (key, "from") == 0;
  if (!from && strcmp (key, "to") != 0)
    return vs_yaml_tree_fail (&d->tree, &k->start_mark, VS_NETWORK_ERROR_PARSE, "unknown key '%s' in an edge (from, to)",
                 key);
  const char *id = vs_yaml_tree_scalar (&d->tree, v, key);
  if (id == NULL)
    return FALSE;
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (d->layer_ids, id));
  if (index == 0)
    return vs_yaml_tree_fail (&d->tree, &v->start_mark, VS_NETWORK_ERROR_INVALID, "edge %s unknown layer '%s'",
                 from ? "from" : "to", id);
  if (from) {
    ep->edge.from = index - 1;
    ep->has_from = TRUE;
  } else {
    ep->edge.to = index - 1;
    ep->has_to = TRUE;
  }
  return TRUE;
}

static gboolean
parse_edges (Doc *d, yaml_node_t *n)
{
  g_autoptr(GPtrArray) list = vs_yaml_tree_items (&d->tree, n, "edges", VS_NETWORK_MAX_LAYERS * 4u);
  if (list == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++) {
    yaml_node_t *item = list->pdata[i];
    EdgeParse ep;
    memset (&ep, 0, sizeof ep);
    ep.edge.line = (gint32) item->start_mark.line + 1;
    if (!vs_yaml_tree_each_pair (&d->tree, item, "an edge", edge_pair, &ep))
      return FALSE;
    if (!ep.has_from || !ep.has_to)
      return vs_yaml_tree_fail (&d->tree, &item->start_mark, VS_NETWORK_ERROR_PARSE, "an edge needs 'from' and 'to'");
    g_array_append_val (d->net->edges, ep.edge);
  }
  return TRUE;
}

/* --- top level ------------------------------------------------------------ */

typedef struct {
  gboolean format, version;
  yaml_node_t *layers, *edges;
} TopParse;

static gboolean
source_pair (VsYamlTree *tree, const char *key, yaml_node_t *k, yaml_node_t *v, gpointer data)
{
  Doc *d = (Doc *) tree;
  (void) k;
  (void) data;
  const char *s = vs_yaml_tree_scalar (&d->tree, v, key);
  if (s == NULL)
    return FALSE;
  if (!g_utf8_validate (key, -1, NULL))
    return vs_yaml_tree_fail (&d->tree, &k->start_mark, VS_NETWORK_ERROR_PARSE, "a source key is not UTF-8 text");
  g_hash_table_insert (d->net->source, g_strdup (key), g_strdup (s));
  return TRUE;
}

static gboolean
top_pair (VsYamlTree *tree, const char *key, yaml_node_t *k, yaml_node_t *v, gpointer data)
{
  Doc *d = (Doc *) tree;
  TopParse *tp = data;
  if (strcmp (key, "format") == 0) {
    const char *s = vs_yaml_tree_scalar (&d->tree, v, key);
    if (s == NULL)
      return FALSE;
    if (strcmp (s, "vpusim-network") != 0)
      return vs_yaml_tree_fail (&d->tree, &v->start_mark, VS_NETWORK_ERROR_PARSE,
                   "format is '%s', not vpusim-network", s);
    tp->format = TRUE;
    return TRUE;
  }
  if (strcmp (key, "version") == 0) {
    gint64 version;
    if (!parse_int (d, v, key, 0, G_MAXINT32, &version))
      return FALSE;
    if (version != 1)
      return vs_yaml_tree_fail (&d->tree, &v->start_mark, VS_NETWORK_ERROR_PARSE,
                   "version %" G_GINT64_FORMAT " of vpusim-network is not known (this vpusim "
                   "reads version 1)", version);
    tp->version = TRUE;
    return TRUE;
  }
  if (strcmp (key, "source") == 0)
    return vs_yaml_tree_each_pair (&d->tree, v, "source", source_pair, NULL);
  if (strcmp (key, "device") == 0) {
    const char *s = vs_yaml_tree_scalar (&d->tree, v, key);
    if (s == NULL)
      return FALSE;
    d->net->device = g_strdup (s);
    return TRUE;
  }
  if (strcmp (key, "tiles") == 0)
    return parse_i32 (d, v, key, 1, 64, &d->net->tiles);
  if (strcmp (key, "dma_timestamps") == 0)
    return parse_i32 (d, v, key, 0, 2, &d->net->dma_timestamps);
  if (strcmp (key, "layers") == 0) {
    tp->layers = v;
    return TRUE;
  }
  if (strcmp (key, "edges") == 0) {
    tp->edges = v;
    return TRUE;
  }
  return vs_yaml_tree_fail (&d->tree, &k->start_mark, VS_NETWORK_ERROR_PARSE,
               "unknown key '%s' (format, version, source, device, tiles, dma_timestamps, layers, "
               "edges)", key);
}

static gboolean
parse_document (Doc *d)
{
  yaml_node_t *root = vs_yaml_tree_root (&d->tree);
  yaml_mark_t start = { 0, 0, 0 };
  if (root == NULL)
    return vs_yaml_tree_fail (&d->tree, &start, VS_NETWORK_ERROR_PARSE,
                              "empty file: not a vpusim-network");
  TopParse tp;
  memset (&tp, 0, sizeof tp);
  if (!vs_yaml_tree_each_pair (&d->tree, root, "the file", top_pair, &tp))
    return FALSE;
  if (!tp.format || !tp.version)
    return vs_yaml_tree_fail (&d->tree, &root->start_mark, VS_NETWORK_ERROR_PARSE,
                 "missing 'format: vpusim-network' or 'version: 1'");
  if (tp.layers == NULL)
    return vs_yaml_tree_fail (&d->tree, &root->start_mark, VS_NETWORK_ERROR_PARSE, "missing 'layers'");
  g_autoptr(GPtrArray) layers = vs_yaml_tree_items (&d->tree, tp.layers, "layers", VS_NETWORK_MAX_LAYERS);
  if (layers == NULL)
    return FALSE;
  for (guint i = 0; i < layers->len; i++)
    if (!parse_layer (d, layers->pdata[i]))
      return FALSE;
  return tp.edges == NULL || parse_edges (d, tp.edges);
}

VsNetwork *
vs_network_read_from_data (const char *data, gsize length, const char *origin, GError **error)
{
  if (length > VS_NETWORK_MAX_FILE_BYTES) {
    g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_PARSE,
                 "%s: %" G_GSIZE_FORMAT " bytes is more than a network file may have (%d)", origin,
                 length, VS_NETWORK_MAX_FILE_BYTES);
    return NULL;
  }
  Doc d;
  memset (&d, 0, sizeof d);
  if (!vs_yaml_tree_load (&d.tree, data, length, origin, VS_NETWORK_ERROR, VS_NETWORK_ERROR_PARSE,
                          "a network file", error)) {
    vs_yaml_tree_clear (&d.tree);
    return NULL;
  }
  d.net = vs_network_new ();
  d.net->path = g_strdup (origin);
  d.layer_ids = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean ok = parse_document (&d);
  g_hash_table_unref (d.layer_ids);
  if (ok && !vs_network_validate (d.net, &d.tree.error))
    ok = FALSE;
  if (!ok) {
    g_propagate_error (error, g_steal_pointer (&d.tree.error));
    vs_yaml_tree_clear (&d.tree);
    vs_network_free (d.net);
    return NULL;
  }
  vs_yaml_tree_clear (&d.tree);
  return d.net;
}

VsNetwork *
vs_network_read (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  if (!vs_input_file_read_as (path, VS_NETWORK_MAX_FILE_BYTES, "a network file", &data, &length,
                              VS_NETWORK_ERROR, VS_NETWORK_ERROR_IO, VS_NETWORK_ERROR_IO, error))
    return NULL;
  return vs_network_read_from_data (data, length, path, error);
}

