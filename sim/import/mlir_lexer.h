/* SPDX-License-Identifier: Apache-2.0 */
/* mlir_lexer.h — a tolerant tokenizer and reading helpers for MLIR text.
 *
 * Good enough for the NPU compiler's VPURT-level dumps: it splits the text
 * into tokens (identifiers, numbers, strings with escapes, %values,
 * @symbols, #aliases, !types, punctuation), drops `//` comments and the
 * `{-# ... #-}` resource block, and pairs every bracket ( ) [ ] { } < > with
 * its partner so that a reader can skip any nested construct (dense<...>
 * constants, affine maps, attribute dictionaries) in one step.  It knows no
 * dialect: the VPURT importer (sim/import/vpurt_import.c) reads meaning on top.
 *
 * Errors (VS_MLIR_ERROR): every message starts "origin:line:column: ".
 * Lexing never reads past the text and refuses input beyond the limits
 * below instead of exhausting memory.  Ownership: a VsMlirText owns a copy
 * of the text and its tokens; free it with vs_mlir_text_free.
 */
#ifndef VS_MLIR_LEXER_H
#define VS_MLIR_LEXER_H

#include <glib.h>

G_BEGIN_DECLS

#define VS_MLIR_ERROR (vs_mlir_error_quark ())
GQuark vs_mlir_error_quark (void);

typedef enum {
  VS_MLIR_ERROR_SYNTAX,         /* unbalanced bracket, bad character, unterminated string */
  VS_MLIR_ERROR_LIMIT,          /* file too large, too many tokens or nesting too deep */
  VS_MLIR_ERROR_IO,
} VsMlirError;

#define VS_MLIR_MAX_BYTES  (G_GINT64_CONSTANT (1) << 30)   /* 1 GiB */
#define VS_MLIR_MAX_DEPTH  256                             /* nested brackets */
#define VS_MLIR_MAX_TOKENS (1u << 25)                      /* 28 bytes each: under 1 GiB */

typedef enum {
  VS_MLIR_TOK_EOF = 0,
  VS_MLIR_TOK_IDENT,            /* bare identifier: func.func, VPURT.Task, x3x62xf32 */
  VS_MLIR_TOK_NUMBER,           /* 12, 0x1F, 1.5e+00 (a sign is a separate '-') */
  VS_MLIR_TOK_STRING,           /* "..." with its quotes; see vs_mlir_string */
  VS_MLIR_TOK_VALUE,            /* %38, %cst_0, %arg2 */
  VS_MLIR_TOK_SYMBOL,           /* @main, @"quoted name" */
  VS_MLIR_TOK_HASH,             /* #loc12, #NHWC, #VPU.mpe_mode */
  VS_MLIR_TOK_BANG,             /* !VPURT.Barrier */
  VS_MLIR_TOK_CARET,            /* ^bb0 */
  VS_MLIR_TOK_ARROW,            /* -> */
  VS_MLIR_TOK_PUNCT,            /* one character: ( ) [ ] { } < > , : = * ? + - . | / */
} VsMlirTokKind;

typedef struct {
  VsMlirTokKind kind;
  char ch;                      /* PUNCT: the character; else 0 */
  guint32 start, len;           /* byte span in the text */
  gint32 line, col;             /* 1-based */
  gint32 match;                 /* a bracket: the index of its partner; else -1 */
} VsMlirToken;

typedef struct {
  char *origin;                 /* file name for messages */
  char *text;                   /* NUL-terminated copy of the input */
  gsize length;
  VsMlirToken *tokens;          /* n_tokens entries, the last one EOF */
  guint n_tokens;
} VsMlirText;

/* Tokenize `length` bytes of MLIR text; NULL and an error on malformed input. */
VsMlirText *vs_mlir_lex (const char *text, gsize length, const char *origin, GError **error);
/* The same with at most `max_tokens` tokens (capped at VS_MLIR_MAX_TOKENS),
 * so that the limit can be tested without a gigabyte of text. */
VsMlirText *vs_mlir_lex_limited (const char *text, gsize length, const char *origin,
                                 guint max_tokens, GError **error);
void        vs_mlir_text_free (VsMlirText *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsMlirText, vs_mlir_text_free)

/* Token tests; an index past the end reads as the EOF token. */
const VsMlirToken *vs_mlir_tok (const VsMlirText *m, guint i);
gboolean vs_mlir_is_punct (const VsMlirText *m, guint i, char c);
gboolean vs_mlir_is_ident (const VsMlirText *m, guint i, const char *word);
/* The token's text equals `s` (any kind, exact bytes). */
gboolean vs_mlir_text_is (const VsMlirText *m, guint i, const char *s);
/* Does the token open a bracket group (whose partner is tok->match)? */
gboolean vs_mlir_opens (const VsMlirText *m, guint i);

/* The index after token i, or after the whole group when i opens one. */
guint vs_mlir_skip (const VsMlirText *m, guint i);

/* The raw text of token i (newly allocated). */
char *vs_mlir_tok_dup (const VsMlirText *m, guint i);
/* The raw text from the start of token `first` to the end of token `last`. */
char *vs_mlir_span_dup (const VsMlirText *m, guint first, guint last);

/* A STRING token's value with MLIR escapes (\" \\ \n \t \XX) decoded;
 * NULL (and an error naming the line) when the escape is malformed. */
char *vs_mlir_string (const VsMlirText *m, guint i, GError **error);

/* A NUMBER token as an integer (decimal or 0x hex); FALSE if it is not
 * one or overflows. */
gboolean vs_mlir_int (const VsMlirText *m, guint i, gint64 *out);
/* A NUMBER token as a double (integers too). */
gboolean vs_mlir_double (const VsMlirText *m, guint i, double *out);

/* Set an error "origin:line:col: message" at token i (line 0 for EOF past text). */
void vs_mlir_error_at (const VsMlirText *m, guint i, GError **error, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

G_END_DECLS

#endif /* VS_MLIR_LEXER_H */
