/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_location.c — task names from loc(...), made the way the compiler
 * names profiled tasks (layer?t_Type/suffix/...), through #locN aliases;
 * the module's #alias definitions (locations, affine_map orders). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sim/import/vpurt_internal.h"

#define MAX_LOC_DEPTH 64
#define MAX_LOC_NODES 4096

static void
push_part (GPtrArray *parts, char *s)
{
  g_ptr_array_add (parts, s != NULL ? s : g_strdup (""));
}

/* Is the location at token i (through aliases) a fused one? */
static gboolean
is_fused_loc (Importer *im, guint i, guint depth)
{
  const VsMlirText *m = im->m;
  if (depth > MAX_LOC_DEPTH)
    return FALSE;
  if (vs_mlir_is_ident (m, i, "fused"))
    return TRUE;
  if (vs_mlir_is_ident (m, i, "loc") && opens (m, i + 1, '('))
    return is_fused_loc (im, i + 2, depth + 1);
  if (kind_of (m, i) == VS_MLIR_TOK_HASH) {
    g_autofree char *name = vs_mlir_tok_dup (m, i);
    gpointer p = g_hash_table_lookup (im->loc_alias, name);
    return p != NULL && is_fused_loc (im, GPOINTER_TO_UINT (p), depth + 1);
  }
  return FALSE;
}

static guint loc_content (Importer *im, guint i, guint end, GPtrArray *parts, char **type,
                          gboolean *fused, guint depth);

/* A fused<{type = ...}>[loc, ...] location at token i: the parts of its
 * locations, leaving out the layers fused into it, and its layer type (from its
 * metadata, else from its first part that has one); returns the index after it. */
static guint
fused_loc_content (Importer *im, guint i, guint end, GPtrArray *parts, char **type, guint depth)
{
  const VsMlirText *m = im->m;
  guint j = i + 1;
  char *meta_type = NULL;
  if (j < end && opens (m, j, '<')) {
    if (opens (m, j + 1, '{')) {
      g_autoptr (GArray) meta = g_array_new (FALSE, FALSE, sizeof (Attr));
      vpurt_dict_parse (m, j + 1, meta);
      meta_type = vpurt_val_word (m, vpurt_attr_get (m, meta, "type"));
    }
    j = vs_mlir_skip (m, j);
  }
  if (j < end && opens (m, j, '[')) {
    guint close = close_of (m, j);
    guint k2 = j + 1;
    gboolean seen_nested = FALSE;
    while (k2 < close) {
      if (seen_nested && is_fused_loc (im, k2, depth)) {
        /* Only the first nested fused location counts: the others are
         * layers fused into this one, not parts of its name. */
        while (k2 < close && !vs_mlir_is_punct (m, k2, ','))
          k2 = vs_mlir_skip (m, k2);
        k2++;
        continue;
      }
      GPtrArray *sub = g_ptr_array_new_with_free_func (g_free);
      char *sub_type = NULL;
      gboolean sub_fused = FALSE;
      guint next = loc_content (im, k2, close, sub, &sub_type, &sub_fused, depth + 1);
      gboolean drop = sub_fused && seen_nested;
      if (sub_fused)
        seen_nested = TRUE;
      if (!drop) {
        for (guint p = 0; p < sub->len; p++)
          g_ptr_array_add (parts, g_strdup (g_ptr_array_index (sub, p)));
        if (meta_type == NULL) {
          meta_type = sub_type;
          sub_type = NULL;
        }
      }
      g_free (sub_type);
      g_ptr_array_unref (sub);
      k2 = next > k2 ? next : k2 + 1;
      while (k2 < close && !vs_mlir_is_punct (m, k2, ','))
        k2 = vs_mlir_skip (m, k2);
      k2++;
    }
    j = close + 1;
  }
  if (*type == NULL)
    *type = meta_type;
  else
    g_free (meta_type);
  return j;
}

/* Components (name parts, layer type, whether it is a fused location) of
 * the location starting at token i; returns the index after it. */
static guint
loc_content (Importer *im, guint i, guint end, GPtrArray *parts, char **type, gboolean *fused,
             guint depth)
{
  const VsMlirText *m = im->m;
  *fused = FALSE;
  if (im->loc_budget == 0) {
    vpurt_warn (im, i, "loc-budget", "a location with more than %d parts (nested aliases): name cut",
          MAX_LOC_NODES);
    push_part (parts, NULL);
    return end;
  }
  im->loc_budget--;
  if (depth > MAX_LOC_DEPTH) {
    vpurt_warn (im, i, "loc-depth", "locations nested deeper than %d (an alias cycle?): name dropped",
          MAX_LOC_DEPTH);
    push_part (parts, NULL);
    return end;
  }
  if (i >= end) {
    push_part (parts, NULL);
    return end;
  }
  VsMlirTokKind k = kind_of (m, i);
  if (k == VS_MLIR_TOK_HASH) {
    g_autofree char *name = vs_mlir_tok_dup (m, i);
    gpointer p = g_hash_table_lookup (im->loc_alias, name);
    if (p == NULL) {
      vpurt_warn (im, i, "loc-undefined", "location alias %s is not defined: name dropped", name);
      push_part (parts, NULL);
      return i + 1;
    }
    guint open = GPOINTER_TO_UINT (p) - 1;
    loc_content (im, open + 1, close_of (m, open), parts, type, fused, depth + 1);
    return i + 1;
  }
  if (k == VS_MLIR_TOK_STRING) {
    char *s = vs_mlir_string (m, i, NULL);
    guint j = i + 1;
    if (j < end && opens (m, j, '(')) {
      /* name(child): the name is what counts */
      push_part (parts, s);
      return vs_mlir_skip (m, j);
    }
    if (j + 1 < end && vs_mlir_is_punct (m, j, ':') && kind_of (m, j + 1) == VS_MLIR_TOK_NUMBER) {
      /* "file":line:col carries no name */
      g_free (s);
      push_part (parts, NULL);
      j += 2;
      if (j + 1 < end && vs_mlir_is_punct (m, j, ':') && kind_of (m, j + 1) == VS_MLIR_TOK_NUMBER)
        j += 2;
      return j;
    }
    push_part (parts, s);
    return j;
  }
  if (vs_mlir_is_ident (m, i, "loc") && i + 1 < end && opens (m, i + 1, '(')) {
    loc_content (im, i + 2, close_of (m, i + 1), parts, type, fused, depth + 1);
    return close_of (m, i + 1) + 1;
  }
  if (vs_mlir_is_ident (m, i, "callsite") && i + 1 < end && opens (m, i + 1, '(')) {
    loc_content (im, i + 2, close_of (m, i + 1), parts, type, fused, depth + 1);
    return close_of (m, i + 1) + 1;
  }
  if (vs_mlir_is_ident (m, i, "fused")) {
    *fused = TRUE;
    return fused_loc_content (im, i, end, parts, type, depth);
  }
  /* unknown and anything else */
  push_part (parts, NULL);
  return vs_mlir_skip (m, i);
}

static char *
join_name (GPtrArray *parts, const char *type)
{
  if (parts->len == 0)
    return NULL;
  const char *first = g_ptr_array_index (parts, 0);
  if (parts->len == 1 && first[0] == '\0' && type == NULL)
    return NULL;
  GString *out = g_string_new (first);
  /* The first separator marks the end of the layer name ('?'); the 2023
   * compiler already wrote it into the first part ("Add_2?"). */
  gboolean origin_sep = strchr (first, '?') == NULL;
  if (type != NULL) {
    g_string_append_printf (out, "?t_%s", type);
    origin_sep = FALSE;
  }
  for (guint k = 1; k < parts->len; k++) {
    g_string_append_c (out, origin_sep ? '?' : '/');
    origin_sep = FALSE;
    g_string_append (out, g_ptr_array_index (parts, k));
  }
  return g_string_free (out, FALSE);
}

/* The name of `loc(...)` whose '(' is at `open`. */
char *
vpurt_loc_name (Importer *im, guint open)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *type = NULL;
  gboolean fused;
  im->loc_budget = MAX_LOC_NODES;
  loc_content (im, open + 1, close_of (im->m, open), parts, &type, &fused, 0);
  return join_name (parts, type);
}

/* The name from the last top-level loc(...) of a statement, or NULL. */
char *
vpurt_statement_name (Importer *im, Span sp)
{
  guint found = 0;
  for (guint i = sp.first; i < sp.end; i = vs_mlir_skip (im->m, i))
    if (vs_mlir_is_ident (im->m, i, "loc") && i + 1 < sp.end && opens (im->m, i + 1, '('))
      found = i + 1;
  return found ? vpurt_loc_name (im, found) : NULL;
}

/* ---------------------------------------------------------------------- */
/* Top-level aliases: #locN = loc(...), #NHWC = affine_map<...>.          */

/* "NHWC" for affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>; NULL if not a permutation. */
char *
vpurt_order_of_affine_map (const VsMlirText *m, guint ident)
{
  if (!opens (m, ident + 1, '<'))
    return NULL;
  guint close = close_of (m, ident + 1);
  guint i = ident + 2;
  if (!opens (m, i, '('))
    return NULL;
  guint n_dims = 0;
  for (guint k = i + 1; k < close_of (m, i); k++)
    n_dims += kind_of (m, k) == VS_MLIR_TOK_IDENT;
  i = vs_mlir_skip (m, i);
  if (kind_of (m, i) != VS_MLIR_TOK_ARROW || !opens (m, i + 1, '(') || close_of (m, i + 1) + 1 != close)
    return NULL;
  static const char *const letters[] = { NULL, "C", "HW", "CHW", "NCHW", "NCDHW" };
  if (n_dims < 1 || n_dims > 5)
    return NULL;
  const char *names = letters[n_dims];
  char order[8] = { 0 };
  guint n = 0;
  guint rclose = close_of (m, i + 1);
  for (guint k = i + 2; k < rclose; k++) {
    if (vs_mlir_is_punct (m, k, ','))
      continue;
    g_autofree char *d = vs_mlir_tok_dup (m, k);
    if (kind_of (m, k) != VS_MLIR_TOK_IDENT || d[0] != 'd' || !g_ascii_isdigit (d[1]) || n >= n_dims)
      return NULL;
    guint idx = (guint) atoi (d + 1);
    if (idx >= n_dims)
      return NULL;
    order[n++] = names[idx];
  }
  return n == n_dims ? g_strdup (order) : NULL;
}

void
vpurt_collect_aliases (Importer *im)
{
  const VsMlirText *m = im->m;
  for (guint i = 0; i + 2 < m->n_tokens; i = vs_mlir_skip (m, i)) {
    if (kind_of (m, i) != VS_MLIR_TOK_HASH || !vs_mlir_is_punct (m, i + 1, '='))
      continue;
    char *name = vs_mlir_tok_dup (m, i);
    if (vs_mlir_is_ident (m, i + 2, "loc") && opens (m, i + 3, '(')) {
      g_hash_table_replace (im->loc_alias, name, GUINT_TO_POINTER (i + 3 + 1));
    } else if (vs_mlir_is_ident (m, i + 2, "affine_map")) {
      char *order = vpurt_order_of_affine_map (m, i + 2);
      if (order != NULL)
        g_hash_table_replace (im->order_alias, name, order);
      else
        g_free (name);
    } else {
      g_free (name);
    }
  }
}
