/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_attrs.c — MLIR attribute values for the VPURT importer: statements of a
 * block, keyword groups, `{k = v}` dictionaries, integers, words and arrays;
 * the importer's warnings and deferred errors. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "sim/import/vpurt_internal.h"

/* Keep the first error of a helper that cannot return one; import_body
 * reports it after the statement. */
void
vpurt_defer_error (Importer *im, guint tok, const char *format, ...)
{
  if (im->deferred != NULL)
    return;
  va_list ap;
  va_start (ap, format);
  g_autofree char *text = g_strdup_vprintf (format, ap);
  va_end (ap);
  vs_mlir_error_at (im->m, tok, &im->deferred, "%s", text);
}

/* ---------------------------------------------------------------------- */
/* Warnings: one line per kind, with the first place and a count.          */

void
vpurt_warn (Importer *im, guint tok, const char *key, const char *format, ...)
{
  const VsMlirToken *t = vs_mlir_tok (im->m, tok);
  va_list ap;
  va_start (ap, format);
  vs_warning_log_addv (im->warnings, key, im->m->origin, t->line, t->col, format, ap);
  va_end (ap);
}

/* Does the line starting at token j continue the statement above it?  The
 * 2022 printer put an op's attribute dictionary, each operand group and the
 * result types on lines of their own:
 *     %64:2 = VPUIP.NCEClusterTask {
 *           task_type = "CONV"
 *         }
 *         input(%4 : memref<...>)
 *         -> memref<...> variants :  {
 * An operation never starts with '->', ':', '{' or an undotted keyword followed
 * by '(' or ':' (ops are dialect-qualified; DPUTask and PPETask are
 * followed by '{', '<' or a string), nor with `on tile` or `attributes {`. */
static gboolean
continues_statement (const VsMlirText *m, guint j, guint end)
{
  VsMlirTokKind k = kind_of (m, j);
  if (k == VS_MLIR_TOK_ARROW || vs_mlir_is_punct (m, j, ':') || opens (m, j, '{'))
    return TRUE;   /* a region or dictionary opened on a line of its own belongs above too */
  if (k != VS_MLIR_TOK_IDENT || j + 1 >= end)
    return FALSE;
  const VsMlirToken *t = vs_mlir_tok (m, j);
  if (memchr (m->text + t->start, '.', t->len) != NULL)
    return FALSE;
  if (vs_mlir_is_ident (m, j, "on") && vs_mlir_is_ident (m, j + 1, "tile"))
    return TRUE;
  if (vs_mlir_is_ident (m, j, "attributes") && opens (m, j + 1, '{'))
    return TRUE;
  if (vs_mlir_is_ident (m, j, "return"))
    return FALSE;
  return opens (m, j + 1, '(') || vs_mlir_is_punct (m, j + 1, ':');
}

/* Statements of a block: runs of top-level items where each item starts on
 * the line where the previous one ended, or on a line that can only
 * continue it (continues_statement). */
GArray *
vpurt_split_statements (const VsMlirText *m, guint first, guint end)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Span));
  guint i = first;
  while (i < end) {
    Span sp = { i, i };
    gint last_line = -1;
    guint j = i;
    while (j < end) {
      if (last_line >= 0 && vs_mlir_tok (m, j)->line != last_line &&
          !continues_statement (m, j, end))
        break;
      guint next = vs_mlir_skip (m, j);
      if (next > end)
        next = end;
      last_line = vs_mlir_tok (m, next - 1)->line;
      j = next;
    }
    sp.end = j;
    g_array_append_val (out, sp);
    i = j;
  }
  return out;
}

/* The index of the '(' after keyword `word` at the top level of a span, or 0. */
guint
vpurt_find_keyword_group (const VsMlirText *m, Span sp, const char *word)
{
  for (guint i = sp.first; i < sp.end; i = vs_mlir_skip (m, i))
    if (vs_mlir_is_ident (m, i, word) && i + 1 < sp.end && opens (m, i + 1, '('))
      return i + 1;
  return 0;
}

/* Top-level VALUE tokens of a group (skipping the block argument after
 * `as`), in order. */
void
vpurt_group_values (const VsMlirText *m, guint open, GArray *out)
{
  guint close = close_of (m, open);
  for (guint i = open + 1; i < close; i = vs_mlir_skip (m, i))
    if (kind_of (m, i) == VS_MLIR_TOK_VALUE && !(i > open + 1 && vs_mlir_is_ident (m, i - 1, "as")))
      g_array_append_val (out, i);
}

/* Parse the entries of a dictionary-like group: `{k = v, flag}` or `<k = v>`. */
void
vpurt_dict_parse (const VsMlirText *m, guint open, GArray *out)
{
  guint close = close_of (m, open);
  guint i = open + 1;
  while (i < close) {
    guint item = i;
    while (i < close && !vs_mlir_is_punct (m, i, ','))
      i = vs_mlir_skip (m, i);
    VsMlirTokKind k = kind_of (m, item);
    if (item < i && (k == VS_MLIR_TOK_IDENT || k == VS_MLIR_TOK_STRING)) {
      Attr a = { item, item + 1, item + 1 };
      if (item + 1 < i && vs_mlir_is_punct (m, item + 1, '=')) {
        a.first = item + 2;
        a.end = i;
      }
      g_array_append_val (out, a);
    }
    if (i < close)
      i++;
  }
}

const Attr *
vpurt_attr_get (const VsMlirText *m, const GArray *attrs, const char *name)
{
  for (guint k = 0; k < attrs->len; k++) {
    const Attr *a = &g_array_index (attrs, Attr, k);
    const VsMlirToken *t = vs_mlir_tok (m, a->key);
    if (t->kind == VS_MLIR_TOK_IDENT && vs_mlir_text_is (m, a->key, name))
      return a;
    if (t->kind == VS_MLIR_TOK_STRING && t->len == strlen (name) + 2 &&
        memcmp (m->text + t->start + 1, name, strlen (name)) == 0)
      return a;
  }
  return NULL;
}

gboolean
vpurt_val_int (const VsMlirText *m, const Attr *a, gint64 *out)
{
  if (a == NULL || a->first >= a->end)
    return FALSE;
  guint i = a->first;
  if (vs_mlir_is_ident (m, i, "true") || vs_mlir_is_ident (m, i, "false")) {
    *out = vs_mlir_is_ident (m, i, "true");
    return TRUE;
  }
  gboolean neg = vs_mlir_is_punct (m, i, '-');
  if (neg)
    i++;
  gint64 v;
  if (i >= a->end || !vs_mlir_int (m, i, &v))
    return FALSE;
  *out = neg ? -v : v;
  return TRUE;
}

gboolean
vpurt_val_double (const VsMlirText *m, const Attr *a, double *out)
{
  if (a == NULL || a->first >= a->end)
    return FALSE;
  guint i = a->first;
  gboolean neg = vs_mlir_is_punct (m, i, '-');
  if (neg)
    i++;
  double v;
  if (i >= a->end || !vs_mlir_double (m, i, &v))
    return FALSE;
  *out = neg ? -v : v;
  return TRUE;
}

/* The word of an enum-like value: "ELTWISE", #X.kind<CONV>, <ADD>, @COMPUTE. */
char *
vpurt_word_in (const VsMlirText *m, guint first, guint end)
{
  for (guint i = first; i < end; i++) {
    VsMlirTokKind k = kind_of (m, i);
    if (k == VS_MLIR_TOK_IDENT)
      return vs_mlir_tok_dup (m, i);
    if (k == VS_MLIR_TOK_STRING)
      return vs_mlir_string (m, i, NULL);
    if (k == VS_MLIR_TOK_SYMBOL) {
      g_autofree char *s = vs_mlir_tok_dup (m, i);
      return g_strdup (s + 1);
    }
  }
  return NULL;
}

char *
vpurt_val_word (const VsMlirText *m, const Attr *a)
{
  return a == NULL ? NULL : vpurt_word_in (m, a->first, a->end);
}

/* A `[1, 2, -3]` value; returns the count read (at most max) or -1. */
gint
vpurt_val_int_array (const VsMlirText *m, const Attr *a, gint64 *out, gint max)
{
  if (a == NULL || a->first >= a->end || !opens (m, a->first, '['))
    return -1;
  guint close = close_of (m, a->first);
  gint n = 0;
  guint i = a->first + 1;
  while (i < close) {
    Attr item = { 0, i, i };
    while (i < close && !vs_mlir_is_punct (m, i, ','))
      i = vs_mlir_skip (m, i);
    item.end = i;
    gint64 v;
    if (!vpurt_val_int (m, &item, &v))
      return -1;
    if (n < max)
      out[n] = v;
    n++;
    if (i < close)
      i++;
  }
  return MIN (n, max);
}

/* The first bracket group opened inside a value, or 0. */
guint
vpurt_val_group (const VsMlirText *m, const Attr *a)
{
  if (a == NULL)
    return 0;
  for (guint i = a->first; i < a->end; i++)
    if (vs_mlir_opens (m, i))
      return i;
  return 0;
}

/* A sub-dictionary value: #VPU.Padding<left = 0, ...>, {bottom = 0, ...}, #X<{...}>. */
gboolean
vpurt_val_dict (const VsMlirText *m, const Attr *a, GArray *out)
{
  guint g = vpurt_val_group (m, a);
  if (g == 0)
    return FALSE;
  if (vs_mlir_is_punct (m, g, '<') && opens (m, g + 1, '{'))
    g = g + 1;
  vpurt_dict_parse (m, g, out);
  return TRUE;
}

/* Attribute groups right after an op name: {..} and <{..}>, merged. */
void
vpurt_op_attrs (const VsMlirText *m, guint opname, guint end, GArray *out)
{
  guint i = opname + 1;
  while (i < end) {
    if (opens (m, i, '{'))
      vpurt_dict_parse (m, i, out);
    else if (opens (m, i, '<') && opens (m, i + 1, '{') && close_of (m, i + 1) + 1 == close_of (m, i))
      vpurt_dict_parse (m, i + 1, out);
    else
      break;
    i = vs_mlir_skip (m, i);
  }
}

char *
vpurt_value_name (const VsMlirText *m, guint i)
{
  return vs_mlir_tok_dup (m, i);
}

/* An SSA name without '%', made an id: "%17" -> "17". */
const char *
vpurt_intern_id (Importer *im, guint tok)
{
  g_autofree char *s = vs_mlir_tok_dup (im->m, tok);
  return vs_schedule_intern (im->s, s + 1);
}
