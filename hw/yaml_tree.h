/* SPDX-License-Identifier: Apache-2.0 */
/* yaml_tree.h — small YAML files (what-if scenarios, networks) read as a
 * libyaml document tree, with the checks every such reader shares.
 *
 * vs_yaml_tree_load first reads the text's events through hw/yaml_events
 * (aliases, NULs, over-long scalars and deep nesting refused, every error at
 * file:line:column), then loads its one document (a second one is refused).
 * The walk helpers report the first error into tree->error, in the reader's
 * own error domain, as "origin:line:column: message", and return FALSE or
 * NULL; later errors are consequences and are dropped.
 */
#ifndef VS_YAML_TREE_H
#define VS_YAML_TREE_H

#include <glib.h>
#include <yaml.h>

G_BEGIN_DECLS

typedef struct {
  yaml_document_t doc;
  gboolean loaded;
  const char *origin;
  GQuark domain;
  int parse_code;               /* the reader's code for malformed YAML and wrong types */
  GError *error;                /* the first error of the walk */
} VsYamlTree;

/* Load `data`; `what` names the file kind in the one-document message ("a
 * what-if scenario holds one YAML document").  On failure *error is set and
 * the tree needs only clearing.  An empty document has no root. */
gboolean vs_yaml_tree_load (VsYamlTree *t, const char *data, gsize length, const char *origin,
                            GQuark domain, int parse_code, const char *what, GError **error);
void     vs_yaml_tree_clear (VsYamlTree *t);
yaml_node_t *vs_yaml_tree_root (VsYamlTree *t);

/* Record an error at `m` (code: the reader's) unless one is set; FALSE. */
gboolean vs_yaml_tree_fail (VsYamlTree *t, const yaml_mark_t *m, int code, const char *format,
                            ...) G_GNUC_PRINTF (4, 5);

/* A node by index; NULL (after an error at `from`) for a broken index. */
yaml_node_t *vs_yaml_tree_node (VsYamlTree *t, int index, const yaml_mark_t *from);
/* "a mapping", "a list", "a scalar" */
const char *vs_yaml_node_kind (const yaml_node_t *n);
/* A plain empty, ~ or null scalar. */
gboolean    vs_yaml_node_is_null (const yaml_node_t *n);
/* The text of a scalar that is not null, or NULL after an error naming `key`. */
const char *vs_yaml_tree_scalar (VsYamlTree *t, const yaml_node_t *n, const char *key);

/* Walk a mapping: `each` gets every key and value; non-scalar and repeated
 * keys are refused ("'K' is given twice in WHAT"). */
typedef gboolean (*VsYamlPairFn) (VsYamlTree *t, const char *key, yaml_node_t *key_node,
                                  yaml_node_t *value, gpointer data);
gboolean vs_yaml_tree_each_pair (VsYamlTree *t, yaml_node_t *map, const char *what,
                                 VsYamlPairFn each, gpointer data);
/* The items of a list of at most `max` entries, or NULL after an error. */
GPtrArray *vs_yaml_tree_items (VsYamlTree *t, yaml_node_t *list, const char *key, guint max);

G_END_DECLS

#endif /* VS_YAML_TREE_H */
