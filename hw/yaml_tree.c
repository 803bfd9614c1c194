/* SPDX-License-Identifier: Apache-2.0 */
/* yaml_tree.c — document-tree YAML readers' shared walk (yaml_tree.h). */
#include "config.h"

#include "hw/yaml_tree.h"

#include <string.h>

#include "hw/yaml_events.h"

gboolean
vs_yaml_tree_load (VsYamlTree *t, const char *data, gsize length, const char *origin,
                   GQuark domain, int parse_code, const char *what, GError **error)
{
  memset (t, 0, sizeof *t);
  t->origin = origin;
  t->domain = domain;
  t->parse_code = parse_code;
  /* libyaml's loader has no depth limit: the events are checked first. */
  if (!vs_yaml_check (data, length, origin, domain, parse_code, VS_YAML_MAX_DEPTH,
                      VS_YAML_MAX_SCALAR, error))
    return FALSE;
  yaml_parser_t parser;
  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const unsigned char *) data, length);
  gboolean ok = yaml_parser_load (&parser, &t->doc);
  if (!ok) {
    vs_yaml_set_parser_error (error, domain, parse_code, origin, &parser, data, length);
  } else {
    t->loaded = TRUE;
    yaml_document_t next;
    if (!yaml_parser_load (&parser, &next)) {
      vs_yaml_set_parser_error (error, domain, parse_code, origin, &parser, data, length);
      ok = FALSE;
    } else {
      if (yaml_document_get_root_node (&next) != NULL) {
        vs_yaml_set_error (error, domain, parse_code, origin, vs_yaml_mark (&next.start_mark),
                           "%s holds one YAML document", what);
        ok = FALSE;
      }
      yaml_document_delete (&next);
    }
  }
  yaml_parser_delete (&parser);
  return ok;
}

void
vs_yaml_tree_clear (VsYamlTree *t)
{
  if (t->loaded)
    yaml_document_delete (&t->doc);
  t->loaded = FALSE;
  g_clear_error (&t->error);
}

yaml_node_t *
vs_yaml_tree_root (VsYamlTree *t)
{
  return t->loaded ? yaml_document_get_root_node (&t->doc) : NULL;
}

gboolean
vs_yaml_tree_fail (VsYamlTree *t, const yaml_mark_t *m, int code, const char *format, ...)
{
  if (t->error != NULL)
    return FALSE;
  va_list ap;
  va_start (ap, format);
  vs_yaml_set_error_va (&t->error, t->domain, code, t->origin, vs_yaml_mark (m), format, ap);
  va_end (ap);
  return FALSE;
}

yaml_node_t *
vs_yaml_tree_node (VsYamlTree *t, int index, const yaml_mark_t *from)
{
  yaml_node_t *n = yaml_document_get_node (&t->doc, index);
  if (n == NULL)
    vs_yaml_tree_fail (t, from, t->parse_code, "malformed YAML");
  return n;
}

const char *
vs_yaml_node_kind (const yaml_node_t *n)
{
  return n->type == YAML_MAPPING_NODE ? "a mapping" : n->type == YAML_SEQUENCE_NODE ? "a list"
                                                                                     : "a scalar";
}

gboolean
vs_yaml_node_is_null (const yaml_node_t *n)
{
  if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return FALSE;
  const char *v = (const char *) n->data.scalar.value;
  return *v == '\0' || strcmp (v, "~") == 0 || g_ascii_strcasecmp (v, "null") == 0;
}

const char *
vs_yaml_tree_scalar (VsYamlTree *t, const yaml_node_t *n, const char *key)
{
  if (n->type != YAML_SCALAR_NODE) {
    vs_yaml_tree_fail (t, &n->start_mark, t->parse_code, "'%s' must be a scalar, not %s", key,
                       vs_yaml_node_kind (n));
    return NULL;
  }
  if (vs_yaml_node_is_null (n)) {
    vs_yaml_tree_fail (t, &n->start_mark, t->parse_code, "'%s' has no value", key);
    return NULL;
  }
  return (const char *) n->data.scalar.value;
}

gboolean
vs_yaml_tree_each_pair (VsYamlTree *t, yaml_node_t *map, const char *what, VsYamlPairFn each,
                        gpointer data)
{
  if (map->type != YAML_MAPPING_NODE)
    return vs_yaml_tree_fail (t, &map->start_mark, t->parse_code, "%s must be a mapping, not %s",
                              what, vs_yaml_node_kind (map));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *k = vs_yaml_tree_node (t, p->key, &map->start_mark);
    yaml_node_t *v = k != NULL ? vs_yaml_tree_node (t, p->value, &k->start_mark) : NULL;
    if (v == NULL)
      return FALSE;
    if (k->type != YAML_SCALAR_NODE)
      return vs_yaml_tree_fail (t, &k->start_mark, t->parse_code, "keys in %s must be scalars",
                                what);
    const char *key = (const char *) k->data.scalar.value;
    if (!g_hash_table_add (seen, (gpointer) key))
      return vs_yaml_tree_fail (t, &k->start_mark, t->parse_code, "'%s' is given twice in %s",
                                key, what);
    if (!each (t, key, k, v, data))
      return FALSE;
  }
  return TRUE;
}

GPtrArray *
vs_yaml_tree_items (VsYamlTree *t, yaml_node_t *list, const char *key, guint max)
{
  if (list->type != YAML_SEQUENCE_NODE) {
    vs_yaml_tree_fail (t, &list->start_mark, t->parse_code, "'%s' must be a list, not %s", key,
                       vs_yaml_node_kind (list));
    return NULL;
  }
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  for (yaml_node_item_t *i = list->data.sequence.items.start; i < list->data.sequence.items.top;
       i++) {
    if (out->len >= max) {
      vs_yaml_tree_fail (t, &list->start_mark, t->parse_code, "'%s' has more than %u entries",
                         key, max);
      return NULL;
    }
    yaml_node_t *item = vs_yaml_tree_node (t, *i, &list->start_mark);
    if (item == NULL)
      return NULL;
    g_ptr_array_add (out, item);
  }
  return g_steal_pointer (&out);
}
