/* SPDX-License-Identifier: Apache-2.0 */
/* strategy_file.c — reads a per-layer strategy file (strategy_file.h) with
 * the shared YAML tree walk, so every error carries file:line:column. */
#include "sim/lower/strategy_file.h"

#include <string.h>

#include "hw/input_file.h"
#include "hw/yaml_tree.h"

/* A strategy file names a few layers: far below a network's size. */
#define STRATEGY_FILE_MAX_BYTES (4 * 1024 * 1024)

typedef struct {
  const VsNetwork *net;
  VsLowerLayerChoice *choices;
  gboolean version;
  yaml_node_t *strategies;
} StrategyParse;

/* The layer `name` names: its id, else its compiler name; -1 if none. */
static gint
find_layer (const VsNetwork *net, const char *name)
{
  for (guint i = 0; i < net->layers->len; i++)
    if (strcmp (vs_network_layer (net, i)->id, name) == 0)
      return (gint) i;
  for (guint i = 0; i < net->layers->len; i++) {
    const char *n = vs_network_layer (net, i)->name;
    if (n != NULL && strcmp (n, name) == 0)
      return (gint) i;
  }
  return -1;
}

static gboolean
choice_pair (VsYamlTree *t, const char *key, yaml_node_t *k, yaml_node_t *v, gpointer data)
{
  StrategyParse *sp = data;
  gint layer = find_layer (sp->net, key);
  if (layer < 0)
    return vs_yaml_tree_fail (t, &k->start_mark, VS_NETWORK_ERROR_PARSE,
                              "no layer '%s' in %s", key, sp->net->path);
  const char *s = vs_yaml_tree_scalar (t, v, key);
  if (s == NULL)
    return FALSE;
  VsLowerLayerChoice *c = &sp->choices[layer];
  if (c->set)
    return vs_yaml_tree_fail (t, &k->start_mark, VS_NETWORK_ERROR_PARSE,
                              "layer '%s' is given twice", vs_network_layer (sp->net, layer)->id);
  if (!vs_lower_mode_from_name (s, &c->mode, &c->strategy)) {
    g_autofree char *choices = vs_lower_mode_choices ();
    return vs_yaml_tree_fail (t, &v->start_mark, VS_NETWORK_ERROR_PARSE,
                              "strategy '%s' for layer '%s': one of %s", s, key, choices);
  }
  c->set = TRUE;
  return TRUE;
}

static gboolean
top_pair (VsYamlTree *t, const char *key, yaml_node_t *k, yaml_node_t *v, gpointer data)
{
  StrategyParse *sp = data;
  if (strcmp (key, "version") == 0) {
    const char *s = vs_yaml_tree_scalar (t, v, key);
    if (s == NULL)
      return FALSE;
    if (strcmp (s, "1") != 0)
      return vs_yaml_tree_fail (t, &v->start_mark, VS_NETWORK_ERROR_PARSE,
                                "version '%s' of a strategy file is not known (this vpusim reads "
                                "version 1)", s);
    sp->version = TRUE;
    return TRUE;
  }
  if (strcmp (key, "strategies") == 0) {
    sp->strategies = v;
    return TRUE;
  }
  return vs_yaml_tree_fail (t, &k->start_mark, VS_NETWORK_ERROR_PARSE,
                            "unknown key '%s' (version, strategies)", key);
}

static gboolean
parse_document (VsYamlTree *t, StrategyParse *sp)
{
  yaml_node_t *root = vs_yaml_tree_root (t);
  yaml_mark_t start = { 0, 0, 0 };
  if (root == NULL)
    return vs_yaml_tree_fail (t, &start, VS_NETWORK_ERROR_PARSE, "empty file: not a strategy file");
  if (!vs_yaml_tree_each_pair (t, root, "the file", top_pair, sp))
    return FALSE;
  if (!sp->version || sp->strategies == NULL)
    return vs_yaml_tree_fail (t, &root->start_mark, VS_NETWORK_ERROR_PARSE,
                              "missing 'version: 1' or 'strategies'");
  return vs_yaml_tree_each_pair (t, sp->strategies, "strategies", choice_pair, sp);
}

VsLowerLayerChoice *
vs_strategy_file_read (const char *path, const VsNetwork *net, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  if (!vs_input_file_read_as (path, STRATEGY_FILE_MAX_BYTES, "a strategy file", &data, &length,
                              VS_NETWORK_ERROR, VS_NETWORK_ERROR_IO, VS_NETWORK_ERROR_IO, error))
    return NULL;
  VsYamlTree t;
  memset (&t, 0, sizeof t);
  if (!vs_yaml_tree_load (&t, data, length, path, VS_NETWORK_ERROR, VS_NETWORK_ERROR_PARSE,
                          "a strategy file", error)) {
    vs_yaml_tree_clear (&t);
    return NULL;
  }
  StrategyParse sp;
  memset (&sp, 0, sizeof sp);
  sp.net = net;
  sp.choices = g_new0 (VsLowerLayerChoice, net->layers->len > 0 ? net->layers->len : 1);
  if (!parse_document (&t, &sp)) {
    g_propagate_error (error, g_steal_pointer (&t.error));
    vs_yaml_tree_clear (&t);
    g_free (sp.choices);
    return NULL;
  }
  vs_yaml_tree_clear (&t);
  return sp.choices;
}
