/* SPDX-License-Identifier: Apache-2.0 */
/* mlir_lexer.c — MLIR text to tokens with paired brackets.
 * One linear pass over the bytes, then one pass with a stack to pair the
 * brackets; both bounded by the limits of mlir_lexer.h. */
#include "config.h"

#include "sim/import/mlir_lexer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (vs-mlir-error-quark, vs_mlir_error)

static void
lex_error (GError **error, const char *origin, gint line, gint col, const char *format, ...)
  G_GNUC_PRINTF (5, 6);

static void
lex_error (GError **error, const char *origin, gint line, gint col, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, VS_MLIR_ERROR, VS_MLIR_ERROR_SYNTAX, "%s:%d:%d: %s", origin, line, col, msg);
}

static gboolean
is_id_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_id_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '$' || c == '.';
}

/* Characters allowed after %, @, #, ! and ^ (MLIR suffix-id). */
static gboolean
is_suffix_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '$' || c == '.' || c == '-';
}

typedef struct {
  const char *s;
  gsize n, i;
  gint line;
  gsize line_start;
  const char *origin;
  GArray *tokens;
  guint max_tokens;
} Lexer;

static gint
col_of (const Lexer *lx, gsize pos)
{
  return (gint) (pos - lx->line_start) + 1;
}

static void
push (Lexer *lx, VsMlirTokKind kind, gsize start, gint line, gint col, char ch)
{
  VsMlirToken t = { .kind = kind, .ch = ch, .start = (guint32) start,
                    .len = (guint32) (lx->i - start), .line = line, .col = col, .match = -1 };
  g_array_append_val (lx->tokens, t);
}

/* Skip a string body starting after the opening quote; newlines are not
 * allowed inside (MLIR strings are single-line). */
static gboolean
lex_string (Lexer *lx, GError **error, gint line, gint col)
{
  while (lx->i < lx->n) {
    char c = lx->s[lx->i];
    if (c == '"') {
      lx->i++;
      return TRUE;
    }
    if (c == '\n' || c == '\0')
      break;
    if (c == '\\') {
      if (lx->i + 1 >= lx->n)
        break;
      lx->i += 2;
      continue;
    }
    lx->i++;
  }
  lex_error (error, lx->origin, line, col, "unterminated string");
  return FALSE;
}

static void
lex_number (Lexer *lx)
{
  const char *s = lx->s;
  if (s[lx->i] == '0' && lx->i + 2 < lx->n && (s[lx->i + 1] == 'x' || s[lx->i + 1] == 'X') &&
      g_ascii_isxdigit (s[lx->i + 2])) {
    lx->i += 2;
    while (lx->i < lx->n && g_ascii_isxdigit (s[lx->i]))
      lx->i++;
    return;
  }
  while (lx->i < lx->n && g_ascii_isdigit (s[lx->i]))
    lx->i++;
  if (lx->i + 1 < lx->n && s[lx->i] == '.' && g_ascii_isdigit (s[lx->i + 1])) {
    lx->i++;
    while (lx->i < lx->n && g_ascii_isdigit (s[lx->i]))
      lx->i++;
  }
  if (lx->i < lx->n && (s[lx->i] == 'e' || s[lx->i] == 'E')) {
    gsize j = lx->i + 1;
    if (j < lx->n && (s[j] == '+' || s[j] == '-'))
      j++;
    if (j < lx->n && g_ascii_isdigit (s[j])) {
      lx->i = j;
      while (lx->i < lx->n && g_ascii_isdigit (s[lx->i]))
        lx->i++;
    }
  }
}

static gboolean
lex_all (Lexer *lx, GError **error)
{
  const char *s = lx->s;
  while (lx->i < lx->n) {
    char c = s[lx->i];
    if (c == '\n') {
      lx->i++;
      lx->line++;
      lx->line_start = lx->i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      lx->i++;
      continue;
    }
    gsize start = lx->i;
    gint line = lx->line, col = col_of (lx, start);
    if (lx->tokens->len >= lx->max_tokens) {
      g_set_error (error, VS_MLIR_ERROR, VS_MLIR_ERROR_LIMIT, "%s:%d:%d: more than %u tokens: too "
                   "large an MLIR file", lx->origin, line, col, lx->max_tokens);
      return FALSE;
    }
    if (c == '/' && lx->i + 1 < lx->n && s[lx->i + 1] == '/') {
      while (lx->i < lx->n && s[lx->i] != '\n')
        lx->i++;
      continue;
    }
    /* The dialect resource block {-# ... #-} holds blobs nobody needs. */
    if (c == '{' && lx->i + 2 < lx->n && s[lx->i + 1] == '-' && s[lx->i + 2] == '#') {
      lx->i += 3;
      for (;;) {
        if (lx->i + 2 >= lx->n) {
          lex_error (error, lx->origin, line, col, "unterminated '{-#' block");
          return FALSE;
        }
        if (s[lx->i] == '#' && s[lx->i + 1] == '-' && s[lx->i + 2] == '}') {
          lx->i += 3;
          break;
        }
        if (s[lx->i] == '\n') {
          lx->line++;
          lx->line_start = lx->i + 1;
        }
        lx->i++;
      }
      continue;
    }
    if (c == '"') {
      lx->i++;
      if (!lex_string (lx, error, line, col))
        return FALSE;
      push (lx, VS_MLIR_TOK_STRING, start, line, col, 0);
      continue;
    }
    if (g_ascii_isdigit (c)) {
      lex_number (lx);
      push (lx, VS_MLIR_TOK_NUMBER, start, line, col, 0);
      continue;
    }
    if (is_id_start (c)) {
      while (lx->i < lx->n && is_id_char (s[lx->i]))
        lx->i++;
      push (lx, VS_MLIR_TOK_IDENT, start, line, col, 0);
      continue;
    }
    if (c == '%' || c == '@' || c == '#' || c == '!' || c == '^') {
      VsMlirTokKind kind = c == '%' ? VS_MLIR_TOK_VALUE : c == '@' ? VS_MLIR_TOK_SYMBOL
                           : c == '#' ? VS_MLIR_TOK_HASH : c == '!' ? VS_MLIR_TOK_BANG
                           : VS_MLIR_TOK_CARET;
      lx->i++;
      if (c == '@' && lx->i < lx->n && s[lx->i] == '"') {
        lx->i++;
        if (!lex_string (lx, error, line, col))
          return FALSE;
      } else {
        while (lx->i < lx->n && is_suffix_char (s[lx->i]))
          lx->i++;
      }
      if (lx->i == start + 1) {
        lex_error (error, lx->origin, line, col, "'%c' must be followed by a name", c);
        return FALSE;
      }
      push (lx, kind, start, line, col, 0);
      continue;
    }
    if (c == '-' && lx->i + 1 < lx->n && s[lx->i + 1] == '>') {
      lx->i += 2;
      push (lx, VS_MLIR_TOK_ARROW, start, line, col, 0);
      continue;
    }
    if (strchr ("()[]{}<>,:=*?+-.|/", c) != NULL && c != '\0') {
      lx->i++;
      push (lx, VS_MLIR_TOK_PUNCT, start, line, col, c);
      continue;
    }
    if ((guchar) c >= 0x20 && (guchar) c < 0x7f)
      lex_error (error, lx->origin, line, col, "unexpected character '%c'", c);
    else
      lex_error (error, lx->origin, line, col, "unexpected byte 0x%02x", (guint) (guchar) c);
    return FALSE;
  }
  return TRUE;
}

static char
closer_of (char c)
{
  switch (c) {
  case '(': return ')';
  case '[': return ']';
  case '{': return '}';
  case '<': return '>';
  default: return 0;
  }
}

static gboolean
pair_brackets (VsMlirText *m, GError **error)
{
  guint stack[VS_MLIR_MAX_DEPTH];
  guint depth = 0;
  for (guint i = 0; i < m->n_tokens; i++) {
    VsMlirToken *t = &m->tokens[i];
    if (t->kind != VS_MLIR_TOK_PUNCT)
      continue;
    if (closer_of (t->ch) != 0) {
      if (depth == VS_MLIR_MAX_DEPTH) {
        g_set_error (error, VS_MLIR_ERROR, VS_MLIR_ERROR_LIMIT,
                     "%s:%d:%d: brackets nested deeper than %d", m->origin, t->line, t->col,
                     VS_MLIR_MAX_DEPTH);
        return FALSE;
      }
      stack[depth++] = i;
    } else if (t->ch == ')' || t->ch == ']' || t->ch == '}' || t->ch == '>') {
      if (depth == 0) {
        lex_error (error, m->origin, t->line, t->col, "'%c' closes nothing", t->ch);
        return FALSE;
      }
      VsMlirToken *o = &m->tokens[stack[depth - 1]];
      if (closer_of (o->ch) != t->ch) {
        lex_error (error, m->origin, t->line, t->col, "'%c' does not match '%c' opened at %d:%d",
                   t->ch, o->ch, o->line, o->col);
        return FALSE;
      }
      depth--;
      o->match = (gint32) i;
      t->match = (gint32) stack[depth];
    }
  }
  if (depth > 0) {
    const VsMlirToken *o = &m->tokens[stack[depth - 1]];
    lex_error (error, m->origin, o->line, o->col, "'%c' is never closed", o->ch);
    return FALSE;
  }
  return TRUE;
}

VsMlirText *
vs_mlir_lex (const char *text, gsize length, const char *origin, GError **error)
{
  return vs_mlir_lex_limited (text, length, origin, VS_MLIR_MAX_TOKENS, error);
}

VsMlirText *
vs_mlir_lex_limited (const char *text, gsize length, const char *origin, guint max_tokens,
                     GError **error)
{
  g_return_val_if_fail (text != NULL || length == 0, NULL);
  if (origin == NULL)
    origin = "<mlir>";
  if ((guint64) length > (guint64) VS_MLIR_MAX_BYTES) {
    g_set_error (error, VS_MLIR_ERROR, VS_MLIR_ERROR_LIMIT, "%s: %" G_GSIZE_FORMAT
                 " bytes is more than the %" G_GINT64_FORMAT " an MLIR file may have", origin,
                 length, VS_MLIR_MAX_BYTES);
    return NULL;
  }
  VsMlirText *m = g_new0 (VsMlirText, 1);
  m->origin = g_strdup (origin);
  m->text = g_malloc (length + 1);
  if (length > 0)
    memcpy (m->text, text, length);
  m->text[length] = '\0';
  m->length = length;

  Lexer lx = { .s = m->text, .n = length, .i = 0, .line = 1, .line_start = 0, .origin = m->origin,
               .tokens = g_array_new (FALSE, FALSE, sizeof (VsMlirToken)),
               .max_tokens = MIN (max_tokens, VS_MLIR_MAX_TOKENS) };
  gboolean ok = lex_all (&lx, error);
  VsMlirToken eof = { .kind = VS_MLIR_TOK_EOF, .start = (guint32) length, .len = 0,
                      .line = lx.line, .col = col_of (&lx, length), .match = -1 };
  g_array_append_val (lx.tokens, eof);
  m->n_tokens = lx.tokens->len;
  m->tokens = (VsMlirToken *) (void *) g_array_free (lx.tokens, FALSE);
  if (!ok || !pair_brackets (m, error)) {
    vs_mlir_text_free (m);
    return NULL;
  }
  return m;
}

void
vs_mlir_text_free (VsMlirText *m)
{
  if (m == NULL)
    return;
  g_free (m->origin);
  g_free (m->text);
  g_free (m->tokens);
  g_free (m);
}

const VsMlirToken *
vs_mlir_tok (const VsMlirText *m, guint i)
{
  if (i >= m->n_tokens)
    i = m->n_tokens - 1;
  return &m->tokens[i];
}

gboolean
vs_mlir_is_punct (const VsMlirText *m, guint i, char c)
{
  const VsMlirToken *t = vs_mlir_tok (m, i);
  return t->kind == VS_MLIR_TOK_PUNCT && t->ch == c;
}

gboolean
vs_mlir_text_is (const VsMlirText *m, guint i, const char *s)
{
  const VsMlirToken *t = vs_mlir_tok (m, i);
  gsize n = strlen (s);
  return t->kind != VS_MLIR_TOK_EOF && t->len == n && memcmp (m->text + t->start, s, n) == 0;
}

gboolean
vs_mlir_is_ident (const VsMlirText *m, guint i, const char *word)
{
  return vs_mlir_tok (m, i)->kind == VS_MLIR_TOK_IDENT && vs_mlir_text_is (m, i, word);
}

gboolean
vs_mlir_opens (const VsMlirText *m, guint i)
{
  const VsMlirToken *t = vs_mlir_tok (m, i);
  return t->kind == VS_MLIR_TOK_PUNCT && closer_of (t->ch) != 0 && t->match > (gint32) i;
}

guint
vs_mlir_skip (const VsMlirText *m, guint i)
{
  if (i >= m->n_tokens - 1)
    return m->n_tokens - 1;
  if (vs_mlir_opens (m, i))
    return (guint) m->tokens[i].match + 1;
  return i + 1;
}

char *
vs_mlir_tok_dup (const VsMlirText *m, guint i)
{
  const VsMlirToken *t = vs_mlir_tok (m, i);
  return g_strndup (m->text + t->start, t->len);
}

char *
vs_mlir_span_dup (const VsMlirText *m, guint first, guint last)
{
  const VsMlirToken *a = vs_mlir_tok (m, first), *b = vs_mlir_tok (m, last);
  if (b->start + b->len < a->start)
    return g_strdup ("");
  return g_strndup (m->text + a->start, b->start + b->len - a->start);
}

static int
hex_val (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

char *
vs_mlir_string (const VsMlirText *m, guint i, GError **error)
{
  const VsMlirToken *t = vs_mlir_tok (m, i);
  const char *s = m->text + t->start;
  gsize n = t->len;
  /* A quoted @"symbol" is a string after its '@'. */
  if (t->kind == VS_MLIR_TOK_SYMBOL && n >= 1) {
    s++;
    n--;
  }
  if (n < 2 || s[0] != '"' || s[n - 1] != '"') {
    vs_mlir_error_at (m, i, error, "expected a string");
    return NULL;
  }
  GString *out = g_string_sized_new (n);
  for (gsize k = 1; k + 1 < n; k++) {
    char c = s[k];
    if (c != '\\') {
      g_string_append_c (out, c);
      continue;
    }
    if (k + 2 >= n) {
      g_string_free (out, TRUE);
      vs_mlir_error_at (m, i, error, "string ends inside an escape");
      return NULL;
    }
    char e = s[++k];
    switch (e) {
    case '"': case '\\': g_string_append_c (out, e); break;
    case 'n': g_string_append_c (out, '\n'); break;
    case 't': g_string_append_c (out, '\t'); break;
    default: {
      int hi = hex_val (e), lo = k + 2 < n ? hex_val (s[k + 1]) : -1;
      if (hi < 0 || lo < 0) {
        g_string_free (out, TRUE);
        vs_mlir_error_at (m, i, error, "bad escape '\\%c' in a string", e);
        return NULL;
      }
      k++;
      g_string_append_c (out, (char) (hi * 16 + lo));
    }
    }
  }
  return g_string_free (out, FALSE);
}

gboolean
vs_mlir_int (const VsMlirText *m, guint i, gint64 *out)
{
  const VsMlirToken *t = vs_mlir_tok (m, i);
  if (t->kind != VS_MLIR_TOK_NUMBER)
    return FALSE;
  g_autofree char *s = vs_mlir_tok_dup (m, i);
  gboolean hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  for (const char *p = s + (hex ? 2 : 0); *p; p++)
    if (!(hex ? g_ascii_isxdigit (*p) : g_ascii_isdigit (*p)))
      return FALSE;
  errno = 0;
  char *end = NULL;
  guint64 v = g_ascii_strtoull (s, &end, hex ? 16 : 10);
  if (errno != 0 || end == s || *end != '\0' || v > (guint64) G_MAXINT64)
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

gboolean
vs_mlir_double (const VsMlirText *m, guint i, double *out)
{
  const VsMlirToken *t = vs_mlir_tok (m, i);
  if (t->kind != VS_MLIR_TOK_NUMBER)
    return FALSE;
  gint64 iv;
  if (vs_mlir_int (m, i, &iv)) {
    *out = (double) iv;
    return TRUE;
  }
  g_autofree char *s = vs_mlir_tok_dup (m, i);
  char *end = NULL;
  double v = g_ascii_strtod (s, &end);
  if (end == s || *end != '\0')
    return FALSE;
  *out = v;
  return TRUE;
}

void
vs_mlir_error_at (const VsMlirText *m, guint i, GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  const VsMlirToken *t = vs_mlir_tok (m, i);
  g_set_error (error, VS_MLIR_ERROR, VS_MLIR_ERROR_SYNTAX, "%s:%d:%d: %s", m->origin, t->line,
               t->col, msg);
}
