/* vpurt_import.c — the NPU compiler's VPURT-level MLIR to a VsSchedule.
 * Reads the module's device facts, then the entry function's barrier and
 * buffer declarations and its VPURT.Task operations in IR order; the op in
 * each task gives kind, queue and the cost-model inputs.  Statements are
 * found the way the MLIR printer lays them out: one operation per line,
 * regions and attribute groups spanning lines inside their brackets. */
#include "config.h"

#include "sim/import/vpurt_import.h"
#include "sim/base/warning_log.h"
#include "hw/input_file.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "models/shave_table.h"
#include "sim/import/mlir_lexer.h"
#include "sim/schedule/schedule_yaml.h"

G_DEFINE_QUARK (vs-vpurt-error-quark, vs_vpurt_error)

#define MAX_LOC_DEPTH 64
#define MAX_LOC_NODES 4096
#define MAX_TILES 64
#define MAX_DIMS 16

typedef struct {
  guint first, end;             /* token range [first, end) */
} Span;

typedef enum { VAL_BUFFER = 1, VAL_BARRIER } ValKind;

/* What an SSA value stands for, with the type facts tasks need later. */
typedef struct {
  ValKind kind;
  gint32 index;
  char dist_mode[48];           /* DistributedBuffer mode ("SEGMENTED", ...), "" none */
  gint32 num_clusters;
  double compressed_bytes;      /* weights compression: packed size, < 0 none */
  gboolean empty;               /* a zero-element placeholder (SyncDMA operands): no buffer */
} Value;

typedef struct {
  gint32 rank;
  gint64 shape[VS_MAX_RANK];
  VsDataType dtype;
  gint bits;                    /* bits per element as written (64 for i64) */
  gboolean wide;                /* 64-bit elements stored as two INT32 */
  char order[8];                /* dims order outermost first ("NHWC"), "" = identity */
  gboolean has_strides;
  gint64 strides[VS_MAX_RANK];  /* elements */
  gint memspace;                /* VsMemory, -1 none */
  gint tile;                    /* [@CMX_NN, k], -1 none */
  gint swizzle;                 /* -1 none */
  char dist_mode[48];
  gint num_clusters;
  gboolean sparse;
  double compressed_bytes;
} TypeInfo;

typedef struct {
  guint key;                    /* key token */
  guint first, end;             /* value tokens; first == end for a unit attribute */
} Attr;

typedef struct {
  const VsMlirText *m;
  VsSchedule *s;
  GHashTable *loc_alias;        /* "#loc12" -> index of '(' after loc, plus 1 */
  GHashTable *order_alias;      /* "#NHWC" -> "NHWC" */
  GHashTable *values;           /* "%17" -> Value */
  GHashTable *queue_ids;        /* queue id -> index + 1 */
  VsWarningLog *warnings;
  GHashTable *vpunn_kernels;    /* kernel names VPUNN's SHAVE table knows */
  VsArch arch;
  gboolean per_shave_fifo;
  gint upa_servers;
  gint res_tiles, res_dma, res_dpus, res_shaves;
  double res_freq;
  gint max_tile, max_port;
  guint task_counter;
  guint loc_budget;             /* location nodes one name may still visit (alias DAGs) */
  GError *deferred;             /* an error found where no GError can be passed (types) */
  guint res_tok[4];             /* the "N of @X" tokens: NCE, DMA_NN, DPU, SHAVE_ACT (0 = none) */
  GArray *barrier_tok;          /* guint: the declaring token of each barrier */
} Importer;

/* Keep the first error of a helper that cannot return one; import_body
 * reports it after the statement. */
static void defer_error (Importer *im, guint tok, const char *format, ...) G_GNUC_PRINTF (3, 4);
static void
defer_error (Importer *im, guint tok, const char *format, ...)
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

static void
warn (Importer *im, guint tok, const char *key, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
warn (Importer *im, guint tok, const char *key, const char *format, ...)
{
  const VsMlirToken *t = vs_mlir_tok (im->m, tok);
  va_list ap;
  va_start (ap, format);
  vs_warning_log_addv (im->warnings, key, im->m->origin, t->line, t->col, format, ap);
  va_end (ap);
}

/* ---------------------------------------------------------------------- */
/* Token helpers.                                                          */

static gboolean
opens (const VsMlirText *m, guint i, char c)
{
  return vs_mlir_is_punct (m, i, c) && vs_mlir_opens (m, i);
}

static guint
close_of (const VsMlirText *m, guint i)
{
  return (guint) vs_mlir_tok (m, i)->match;
}

static VsMlirTokKind
kind_of (const VsMlirText *m, guint i)
{
  return vs_mlir_tok (m, i)->kind;
}

/* Statements of a block: runs of top-level items where each item starts on
 * the line where the previous one ended. */
static GArray *
split_statements (const VsMlirText *m, guint first, guint end)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Span));
  guint i = first;
  while (i < end) {
    Span sp = { i, i };
    gint last_line = -1;
    guint j = i;
    while (j < end) {
      if (last_line >= 0 && vs_mlir_tok (m, j)->line != last_line)
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
static guint
find_keyword_group (const VsMlirText *m, Span sp, const char *word)
{
  for (guint i = sp.first; i < sp.end; i = vs_mlir_skip (m, i))
    if (vs_mlir_is_ident (m, i, word) && i + 1 < sp.end && opens (m, i + 1, '('))
      return i + 1;
  return 0;
}

/* Top-level VALUE tokens of a group (skipping the block argument after
 * `as`), in order. */
static void
group_values (const VsMlirText *m, guint open, GArray *out)
{
  guint close = close_of (m, open);
  for (guint i = open + 1; i < close; i = vs_mlir_skip (m, i))
    if (kind_of (m, i) == VS_MLIR_TOK_VALUE && !(i > open + 1 && vs_mlir_is_ident (m, i - 1, "as")))
      g_array_append_val (out, i);
}

/* Parse the entries of a dictionary-like group: `{k = v, flag}` or `<k = v>`. */
static void
dict_parse (const VsMlirText *m, guint open, GArray *out)
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

static const Attr *
attr_get (const VsMlirText *m, const GArray *attrs, const char *name)
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

static gboolean
val_int (const VsMlirText *m, const Attr *a, gint64 *out)
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

static gboolean
val_double (const VsMlirText *m, const Attr *a, double *out)
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
static char *
word_in (const VsMlirText *m, guint first, guint end)
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

static char *
val_word (const VsMlirText *m, const Attr *a)
{
  return a == NULL ? NULL : word_in (m, a->first, a->end);
}

/* A `[1, 2, -3]` value; returns the count read (at most max) or -1. */
static gint
val_int_array (const VsMlirText *m, const Attr *a, gint64 *out, gint max)
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
    if (!val_int (m, &item, &v))
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
static guint
val_group (const VsMlirText *m, const Attr *a)
{
  if (a == NULL)
    return 0;
  for (guint i = a->first; i < a->end; i++)
    if (vs_mlir_opens (m, i))
      return i;
  return 0;
}

/* A sub-dictionary value: #VPU.Padding<left = 0, ...>, {bottom = 0, ...}, #X<{...}>. */
static gboolean
val_dict (const VsMlirText *m, const Attr *a, GArray *out)
{
  guint g = val_group (m, a);
  if (g == 0)
    return FALSE;
  if (vs_mlir_is_punct (m, g, '<') && opens (m, g + 1, '{'))
    g = g + 1;
  dict_parse (m, g, out);
  return TRUE;
}

/* Attribute groups right after an op name: {..} and <{..}>, merged. */
static void
op_attrs (const VsMlirText *m, guint opname, guint end, GArray *out)
{
  guint i = opname + 1;
  while (i < end) {
    if (opens (m, i, '{'))
      dict_parse (m, i, out);
    else if (opens (m, i, '<') && opens (m, i + 1, '{') && close_of (m, i + 1) + 1 == close_of (m, i))
      dict_parse (m, i + 1, out);
    else
      break;
    i = vs_mlir_skip (m, i);
  }
}

static char *
value_name (const VsMlirText *m, guint i)
{
  return vs_mlir_tok_dup (m, i);
}

/* An SSA name without '%', made an id: "%17" -> "17". */
static const char *
intern_id (Importer *im, guint tok)
{
  g_autofree char *s = vs_mlir_tok_dup (im->m, tok);
  return vs_schedule_intern (im->s, s + 1);
}

/* ---------------------------------------------------------------------- */
/* Locations, named as the compiler names profiled tasks.                  */

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

/* Components (name parts, layer type, whether it is a fused location) of
 * the location starting at token i; returns the index after it. */
static guint
loc_content (Importer *im, guint i, guint end, GPtrArray *parts, char **type, gboolean *fused,
             guint depth)
{
  const VsMlirText *m = im->m;
  *fused = FALSE;
  if (im->loc_budget == 0) {
    warn (im, i, "loc-budget", "a location with more than %d parts (nested aliases): name cut",
          MAX_LOC_NODES);
    push_part (parts, NULL);
    return end;
  }
  im->loc_budget--;
  if (depth > MAX_LOC_DEPTH) {
    warn (im, i, "loc-depth", "locations nested deeper than %d (an alias cycle?): name dropped",
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
      warn (im, i, "loc-undefined", "location alias %s is not defined: name dropped", name);
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
    guint j = i + 1;
    char *meta_type = NULL;
    if (j < end && opens (m, j, '<')) {
      if (opens (m, j + 1, '{')) {
        g_autoptr (GArray) meta = g_array_new (FALSE, FALSE, sizeof (Attr));
        dict_parse (m, j + 1, meta);
        meta_type = val_word (m, attr_get (m, meta, "type"));
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
static char *
loc_name (Importer *im, guint open)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *type = NULL;
  gboolean fused;
  im->loc_budget = MAX_LOC_NODES;
  loc_content (im, open + 1, close_of (im->m, open), parts, &type, &fused, 0);
  return join_name (parts, type);
}

/* The name from the last top-level loc(...) of a statement, or NULL. */
static char *
statement_name (Importer *im, Span sp)
{
  guint found = 0;
  for (guint i = sp.first; i < sp.end; i = vs_mlir_skip (im->m, i))
    if (vs_mlir_is_ident (im->m, i, "loc") && i + 1 < sp.end && opens (im->m, i + 1, '('))
      found = i + 1;
  return found ? loc_name (im, found) : NULL;
}

/* ---------------------------------------------------------------------- */
/* Top-level aliases: #locN = loc(...), #NHWC = affine_map<...>.          */

/* "NHWC" for affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>; NULL if not a permutation. */
static char *
order_of_affine_map (const VsMlirText *m, guint ident)
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

static void
collect_aliases (Importer *im)
{
  const VsMlirText *m = im->m;
  for (guint i = 0; i + 2 < m->n_tokens; i = vs_mlir_skip (m, i)) {
    if (kind_of (m, i) != VS_MLIR_TOK_HASH || !vs_mlir_is_punct (m, i + 1, '='))
      continue;
    char *name = vs_mlir_tok_dup (m, i);
    if (vs_mlir_is_ident (m, i + 2, "loc") && opens (m, i + 3, '(')) {
      g_hash_table_replace (im->loc_alias, name, GUINT_TO_POINTER (i + 3 + 1));
    } else if (vs_mlir_is_ident (m, i + 2, "affine_map")) {
      char *order = order_of_affine_map (m, i + 2);
      if (order != NULL)
        g_hash_table_replace (im->order_alias, name, order);
      else
        g_free (name);
    } else {
      g_free (name);
    }
  }
}

/* ---------------------------------------------------------------------- */
/* Types.                                                                  */

static gboolean
element_type (const char *s, VsDataType *dtype, gint *bits)
{
  /* !quant.uniform<u8:f16, ...>: the storage type is what lies in memory. */
  char storage[32] = { 0 };
  if (g_str_has_prefix (s, "!quant.")) {
    const char *p = strchr (s, '<');
    if (p == NULL)
      return FALSE;
    p++;
    gsize n = strcspn (p, ":<,>");
    if (n == 0 || n >= sizeof storage)
      return FALSE;
    memcpy (storage, p, n);
    s = storage;
  }
  static const struct { const char *name; VsDataType t; gint bits; } table[] = {
    { "f16", VS_DTYPE_FLOAT16, 16 }, { "bf16", VS_DTYPE_BFLOAT16, 16 },
    { "f32", VS_DTYPE_FLOAT32, 32 }, { "ui8", VS_DTYPE_UINT8, 8 }, { "u8", VS_DTYPE_UINT8, 8 },
    { "si8", VS_DTYPE_INT8, 8 }, { "i8", VS_DTYPE_INT8, 8 }, { "ui4", VS_DTYPE_UINT4, 4 },
    { "u4", VS_DTYPE_UINT4, 4 }, { "si4", VS_DTYPE_INT4, 4 }, { "i4", VS_DTYPE_INT4, 4 },
    { "ui2", VS_DTYPE_UINT2, 2 }, { "u2", VS_DTYPE_UINT2, 2 }, { "si2", VS_DTYPE_INT2, 2 },
    { "i2", VS_DTYPE_INT2, 2 }, { "i1", VS_DTYPE_UINT1, 1 }, { "ui1", VS_DTYPE_UINT1, 1 },
    { "si1", VS_DTYPE_INT1, 1 }, { "si32", VS_DTYPE_INT32, 32 }, { "i32", VS_DTYPE_INT32, 32 },
    { "ui32", VS_DTYPE_INT32, 32 }, { "ui16", VS_DTYPE_UINT16, 16 }, { "u16", VS_DTYPE_UINT16, 16 },
    { "si16", VS_DTYPE_INT16, 16 }, { "i16", VS_DTYPE_INT16, 16 },
    { "f8E5M2", VS_DTYPE_BF8, 8 }, { "f8E4M3FN", VS_DTYPE_HF8, 8 }, { "f8E4M3", VS_DTYPE_HF8, 8 },
    { "f4E2M1FN", VS_DTYPE_FLOAT4, 4 },
    /* no 64-bit type in VPUNN: two 32-bit elements each (bytes stay right) */
    { "i64", VS_DTYPE_INT32, 64 }, { "ui64", VS_DTYPE_INT32, 64 }, { "si64", VS_DTYPE_INT32, 64 },
    { "f64", VS_DTYPE_INT32, 64 }, { "index", VS_DTYPE_INT32, 64 },
  };
  for (guint k = 0; k < G_N_ELEMENTS (table); k++)
    if (strcmp (s, table[k].name) == 0) {
      *dtype = table[k].t;
      *bits = table[k].bits;
      return TRUE;
    }
  return FALSE;
}

/* numElems of a weights compression: dense<27> : tensor<48xi64> or dense<[..]>. */
static void
compression_bytes (Importer *im, const Attr *scheme, TypeInfo *ti)
{
  const VsMlirText *m = im->m;
  g_autoptr (GArray) d = g_array_new (FALSE, FALSE, sizeof (Attr));
  if (!val_dict (m, scheme, d))
    return;
  gint64 axis = 0, align = 1;
  val_int (m, attr_get (m, d, "axis"), &axis);
  val_int (m, attr_get (m, d, "alignment"), &align);
  const Attr *ne = attr_get (m, d, "numElems");
  if (ne == NULL || ti->rank < 1 || axis < 0 || axis >= ti->rank || align < 1)
    return;
  guint dense = 0;
  for (guint i = ne->first; i < ne->end; i++)
    if (vs_mlir_is_ident (m, i, "dense") && opens (m, i + 1, '<')) {
      dense = i + 1;
      break;
    }
  if (dense == 0)
    return;
  double total = 0;
  gint64 count = ti->shape[axis];
  guint close = close_of (m, dense);
  if (opens (m, dense + 1, '[')) {
    for (guint i = dense + 2; i < close_of (m, dense + 1); i++) {
      gint64 n;
      if (vs_mlir_int (m, i, &n)) {
        double b = (double) n * ti->bits / 8.0;
        total += ceil (b / (double) align) * (double) align;
      }
    }
  } else {
    gint64 n;
    if (dense + 2 != close || !vs_mlir_int (m, dense + 1, &n))
      return;
    double b = (double) n * ti->bits / 8.0;
    total = (double) count * ceil (b / (double) align) * (double) align;
  }
  ti->compressed_bytes = total;
}

static void
distribution (Importer *im, GArray *d, TypeInfo *ti)
{
  const VsMlirText *m = im->m;
  const Attr *mode = attr_get (m, d, "mode");
  if (mode != NULL) {
    g_autofree char *raw = NULL;
    if (kind_of (m, mode->first) == VS_MLIR_TOK_STRING)
      raw = vs_mlir_string (m, mode->first, NULL);
    else if (opens (m, mode->first, '<'))
      raw = close_of (m, mode->first) > mode->first + 1
              ? vs_mlir_span_dup (m, mode->first + 1, close_of (m, mode->first) - 1) : NULL;
    else
      raw = val_word (m, mode);
    if (raw != NULL) {
      /* "SEGMENTED | DUPLICATED" and "SEGMENTED|DUPLICATED" alike */
      GString *g = g_string_new (NULL);
      for (const char *p = raw; *p; p++)
        if (*p != ' ')
          g_string_append_c (g, *p);
      g_strlcpy (ti->dist_mode, g->str, sizeof ti->dist_mode);
      g_string_free (g, TRUE);
    }
  }
  gint64 n;
  if (val_int (m, attr_get (m, d, "num_clusters"), &n) && n > 0 && n <= MAX_TILES)
    ti->num_clusters = (gint) n;
}

static void
order_value (Importer *im, guint i, TypeInfo *ti)
{
  const VsMlirText *m = im->m;
  if (kind_of (m, i) == VS_MLIR_TOK_HASH) {
    g_autofree char *name = vs_mlir_tok_dup (m, i);
    const char *o = g_hash_table_lookup (im->order_alias, name);
    VsLayout l;
    if (o != NULL)
      g_strlcpy (ti->order, o, sizeof ti->order);
    else if (strlen (name) < sizeof ti->order + 1 && vs_layout_from_dims_order (name + 1, &l))
      g_strlcpy (ti->order, name + 1, sizeof ti->order);   /* #NHWC used without its definition */
    else
      warn (im, i, "order-alias", "memory order %s is not an affine_map alias: layout left default",
            name);
  } else if (vs_mlir_is_ident (m, i, "affine_map")) {
    g_autofree char *o = order_of_affine_map (m, i);
    if (o != NULL)
      g_strlcpy (ti->order, o, sizeof ti->order);
  }
}

static void
layout_dict (Importer *im, guint open, TypeInfo *ti)
{
  const VsMlirText *m = im->m;
  g_autoptr (GArray) d = g_array_new (FALSE, FALSE, sizeof (Attr));
  dict_parse (m, open, d);
  const Attr *a = attr_get (m, d, "order");
  if (a != NULL && a->first < a->end)
    order_value (im, a->first, ti);
  gint64 st[MAX_DIMS];
  gint n = val_int_array (m, attr_get (m, d, "strides"), st, MAX_DIMS);
  if (n > 0 && n == ti->rank) {
    for (gint k = 0; k < n; k++)
      if (st[k] < 0 || st[k] > VS_VPURT_MAX_DIM) {
        defer_error (im, a != NULL ? a->first : open, "stride %" G_GINT64_FORMAT " is outside [0, %"
                     G_GINT64_FORMAT "]", st[k], (gint64) VS_VPURT_MAX_DIM);
        return;
      }
    ti->has_strides = TRUE;
    for (gint k = 0; k < n; k++)
      ti->strides[k] = st[k];
  }
  const Attr *sw = attr_get (m, d, "swizzlingScheme");
  if (sw != NULL) {
    g_autoptr (GArray) sd = g_array_new (FALSE, FALSE, sizeof (Attr));
    gint64 key;
    if (val_dict (m, sw, sd) && val_int (m, attr_get (m, sd, "key"), &key) && key >= 0 &&
        key < VS_SWIZZLING_COUNT)
      ti->swizzle = (gint) key;
  }
  const Attr *cs = attr_get (m, d, "compressionScheme");
  if (cs == NULL)
    cs = attr_get (m, d, "sparsityCompression");
  if (cs != NULL)
    compression_bytes (im, cs, ti);
  distribution (im, d, ti);
}

static gint
memory_of_symbol (const char *sym)
{
  if (strcmp (sym, "@DDR") == 0 || strcmp (sym, "@CSRAM") == 0)
    return VS_MEMORY_DDR;
  if (strcmp (sym, "@CMX_NN") == 0 || strcmp (sym, "@CMX_UPA") == 0)
    return VS_MEMORY_CMX;
  if (strcmp (sym, "@Register") == 0)
    return VS_MEMORY_REGISTER;
  return -1;
}

/* shape x element type, then layout items, of memref<...> or a buffer type's <...>. */
static gboolean
parse_shaped (Importer *im, guint open, TypeInfo *ti)
{
  const VsMlirText *m = im->m;
  guint close = close_of (m, open);
  guint k = open + 1;
  gboolean first = TRUE;
  while (k < close) {
    guint item = k;
    while (k < close && !vs_mlir_is_punct (m, k, ','))
      k = vs_mlir_skip (m, k);
    if (item == k)
      return FALSE;
    if (first) {
      g_autofree char *text = vs_mlir_span_dup (m, item, k - 1);
      const char *p = text;
      gint64 dims[MAX_DIMS];
      gint rank = 0;
      for (;;) {
        if (g_ascii_isdigit (*p)) {
          const char *q = p;
          while (g_ascii_isdigit (*q))
            q++;
          if (*q != 'x')
            break;
          if (rank == MAX_DIMS)
            return FALSE;
          guint64 dim = 0;
          if (q - p > 12 || (dim = g_ascii_strtoull (p, NULL, 10)) > VS_VPURT_MAX_DIM) {
            defer_error (im, item, "dimension %.*s is larger than %" G_GINT64_FORMAT,
                         (int) MIN (q - p, 40), p, (gint64) VS_VPURT_MAX_DIM);
            return FALSE;
          }
          dims[rank++] = (gint64) dim;
          p = q + 1;
        } else if (*p == '?' && p[1] == 'x') {
          warn (im, item, "dynamic-dim", "dynamic dimension '?' read as 1");
          if (rank == MAX_DIMS)
            return FALSE;
          dims[rank++] = 1;
          p += 2;
        } else {
          break;
        }
      }
      if (*p == '*')
        return FALSE;   /* unranked */
      if (!g_ascii_isalpha (*p) && *p != '!') {
        defer_error (im, item, "'%.40s' is not an element type (a tensor type ends in f16, i8, ...)", p);
        return FALSE;
      }
      if (!element_type (p, &ti->dtype, &ti->bits)) {
        warn (im, item, "elem-type", "element type '%s' has no VPUNN equivalent: read as u8", p);
        ti->dtype = VS_DTYPE_UINT8;
        ti->bits = 8;
      }
      /* more dims than a VsTensor holds: fold the outer ones */
      gint fold = rank > VS_MAX_RANK ? rank - VS_MAX_RANK + 1 : 1;
      gint64 outer = 1;
      for (gint d = 0; d < fold && d < rank; d++) {
        if (dims[d] > 0 && outer > VS_VPURT_MAX_DIM / dims[d]) {
          defer_error (im, item, "a tensor of %d dimensions folds to more than %" G_GINT64_FORMAT
                       " elements in its outer dimension", rank, (gint64) VS_VPURT_MAX_DIM);
          return FALSE;
        }
        outer *= dims[d];
      }
      ti->rank = rank > VS_MAX_RANK ? VS_MAX_RANK : rank;
      for (gint d = 0; d < ti->rank; d++)
        ti->shape[d] = d == 0 && fold > 1 ? outer : dims[d + fold - 1];
      first = FALSE;
    } else if (kind_of (m, item) == VS_MLIR_TOK_HASH) {
      if (opens (m, item + 1, '<')) {
        g_autoptr (GArray) d = g_array_new (FALSE, FALSE, sizeof (Attr));
        dict_parse (m, item + 1, d);
        distribution (im, d, ti);
      } else {
        order_value (im, item, ti);
      }
    } else if (vs_mlir_is_ident (m, item, "affine_map")) {
      order_value (im, item, ti);
    } else if (opens (m, item, '{')) {
      layout_dict (im, item, ti);
    } else if (kind_of (m, item) == VS_MLIR_TOK_SYMBOL) {
      g_autofree char *sym = vs_mlir_tok_dup (m, item);
      ti->memspace = memory_of_symbol (sym);
    } else if (opens (m, item, '[')) {
      g_autofree char *sym = vs_mlir_tok_dup (m, item + 1);
      ti->memspace = memory_of_symbol (sym);
      gint64 tile;
      if (vs_mlir_is_punct (m, item + 2, ',') && vs_mlir_int (m, item + 3, &tile) && tile < MAX_TILES)
        ti->tile = (gint) tile;
    }
    if (k < close)
      k++;
  }
  if (ti->has_strides && ti->rank < 1)
    ti->has_strides = FALSE;
  return !first;
}

static void
type_init (TypeInfo *ti)
{
  memset (ti, 0, sizeof *ti);
  ti->memspace = -1;
  ti->tile = -1;
  ti->swizzle = -1;
  ti->compressed_bytes = -1;
}

/* A tensor type starting at token i: memref<...>, tensor<...>,
 * !VPUIP.DistributedBuffer<...>, !VPUIP.ITIBuffer<...>, !VPUIP.SparseBuffer<data=...>. */
static gboolean
parse_type (Importer *im, guint i, TypeInfo *ti)
{
  const VsMlirText *m = im->m;
  type_init (ti);
  if ((vs_mlir_is_ident (m, i, "memref") || vs_mlir_is_ident (m, i, "tensor")) && opens (m, i + 1, '<'))
    return parse_shaped (im, i + 1, ti);
  if (kind_of (m, i) != VS_MLIR_TOK_BANG || !opens (m, i + 1, '<'))
    return FALSE;
  if (vs_mlir_text_is (m, i, "!VPUIP.SparseBuffer")) {
    guint close = close_of (m, i + 1);
    for (guint k = i + 2; k + 2 < close; k = vs_mlir_skip (m, k))
      if (vs_mlir_is_ident (m, k, "data") && vs_mlir_is_punct (m, k + 1, '=')) {
        gboolean ok = parse_type (im, k + 2, ti);
        ti->sparse = TRUE;
        return ok;
      }
    return FALSE;
  }
  return parse_shaped (im, i + 1, ti);
}

/* The first type after the top-level '->' of a span. */
static gboolean
result_type (Importer *im, Span sp, TypeInfo *ti)
{
  for (guint i = sp.first; i < sp.end; i = vs_mlir_skip (im->m, i))
    if (kind_of (im->m, i) == VS_MLIR_TOK_ARROW) {
      guint t = i + 1;
      if (opens (im->m, t, '('))
        t++;
      return parse_type (im, t, ti);
    }
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Values and buffers.                                                     */

static Value *
value_get (Importer *im, guint tok)
{
  g_autofree char *name = value_name (im->m, tok);
  return g_hash_table_lookup (im->values, name);
}

static void
value_set (Importer *im, guint tok, const Value *v)
{
  g_hash_table_replace (im->values, value_name (im->m, tok), g_memdup2 (v, sizeof *v));
}

static gint64
compact_bytes (const VsTensor *t)
{
  if (t == NULL || t->rank < 0)
    return 0;
  gint64 n = 1;
  for (gint d = 0; d < t->rank; d++) {
    if (t->shape[d] <= 0)
      return 0;
    if (n > G_MAXINT64 / t->shape[d])
      return G_MAXINT64 / 8;
    n *= t->shape[d];
  }
  int bits = vs_data_type_bits (t->dtype);
  return (n * (bits > 0 ? bits : 8) + 7) / 8;
}

static gint32
add_buffer (Importer *im, const char *id, const char *name, const TypeInfo *ti, VsMemory mem,
            guint64 tiles, gint64 offset)
{
  VsTensor t;
  memset (&t, 0, sizeof t);
  t.id = id;
  t.name = vs_schedule_intern (im->s, name);
  t.memory = mem;
  t.tile_mask = mem == VS_MEMORY_CMX ? tiles : 0;
  t.offset = offset;
  t.rank = ti->rank;
  for (gint d = 0; d < ti->rank; d++)
    t.shape[d] = ti->shape[d];
  t.dtype = ti->dtype;
  gboolean wide = ti->bits == 64;
  if (wide && t.rank == 0) {
    t.rank = 1;
    t.shape[0] = 2;
  } else if (wide) {
    t.shape[t.rank - 1] *= 2;
  }
  if (ti->has_strides && !(wide && ti->strides[ti->rank - 1] != 1)) {
    t.has_strides = TRUE;
    for (gint d = 0; d < ti->rank; d++)
      t.strides[d] = ti->strides[d] * ti->bits / 8;
    if (wide)
      t.strides[ti->rank - 1] = 4;
  }
  VsLayout layout = VS_LAYOUT_ZMAJOR;
  if (ti->order[0] != '\0') {
    if (!vs_layout_from_dims_order (ti->order, &layout) && ti->rank == 4)
      layout = VS_LAYOUT_ZMAJOR;
  } else if (ti->rank == 4 || ti->rank == 3) {
    /* a memref without a layout is row-major: NCHW */
    vs_layout_from_dims_order (ti->rank == 4 ? "NCHW" : "CHW", &layout);
  }
  t.layout = layout;
  t.sparse = ti->sparse;
  t.swizzling = ti->swizzle >= 0 ? (VsSwizzling) ti->swizzle : VS_SWIZZLING_KEY_0;
  g_array_append_val (im->s->buffers, t);
  return (gint32) im->s->buffers->len - 1;
}

static guint64
tiles_mask (gint first, gint n)
{
  guint64 mask = 0;
  for (gint k = first; k < first + n && k < MAX_TILES; k++)
    mask |= G_GUINT64_CONSTANT (1) << k;
  return mask;
}

static void
note_tiles (Importer *im, guint64 mask)
{
  for (gint k = MAX_TILES - 1; k >= 0; k--)
    if (mask & (G_GUINT64_CONSTANT (1) << k)) {
      im->max_tile = MAX (im->max_tile, k);
      return;
    }
}

static void
record_buffer_value (Importer *im, guint result, gint32 index, const TypeInfo *ti)
{
  Value v;
  memset (&v, 0, sizeof v);
  v.kind = VAL_BUFFER;
  v.index = index;
  g_strlcpy (v.dist_mode, ti->dist_mode, sizeof v.dist_mode);
  v.num_clusters = ti->num_clusters;
  v.compressed_bytes = ti->compressed_bytes;
  v.empty = index < 0;
  value_set (im, result, &v);
}

static gboolean
type_is_empty (const TypeInfo *ti)
{
  for (gint d = 0; d < ti->rank; d++)
    if (ti->shape[d] == 0)
      return TRUE;
  return FALSE;
}

/* %x = VPURT.DeclareBuffer <Section> [tiles] <offset> {swizzlingKey} -> type */
static gboolean
declare_buffer (Importer *im, Span st, guint result, guint op, GError **error)
{
  const VsMlirText *m = im->m;
  guint i = op + 1;
  g_autofree char *section = NULL;
  if (opens (m, i, '<')) {
    section = word_in (m, i + 1, close_of (m, i));
    i = vs_mlir_skip (m, i);
  } else if (kind_of (m, i) == VS_MLIR_TOK_STRING) {
    section = vs_mlir_string (m, i, NULL);
    i++;
  }
  if (section == NULL) {
    vs_mlir_error_at (m, op, error, "VPURT.DeclareBuffer without a memory section");
    return FALSE;
  }
  guint64 tiles = 0;
  gboolean have_tiles = FALSE;
  if (opens (m, i, '[')) {
    Attr a = { 0, i, vs_mlir_skip (m, i) };
    gint64 idx[MAX_TILES];
    gint n = val_int_array (m, &a, idx, MAX_TILES);
    for (gint k = 0; k < n; k++)
      if (idx[k] >= 0 && idx[k] < MAX_TILES)
        tiles |= G_GUINT64_CONSTANT (1) << idx[k];
    have_tiles = n > 0;
    i = vs_mlir_skip (m, i);
  }
  gint64 offset = -1;
  if (opens (m, i, '<')) {
    gint64 v;
    if (close_of (m, i) != i + 2 || !vs_mlir_int (m, i + 1, &v) || v < 0) {
      vs_mlir_error_at (m, i + 1, error, "VPURT.DeclareBuffer: the offset must be an integer "
                        "from 0 to %" G_GINT64_FORMAT, G_MAXINT64);
      return FALSE;
    }
    offset = v;
    i = vs_mlir_skip (m, i);
  }
  gint swizzle = -1;
  if (opens (m, i, '{')) {
    g_autoptr (GArray) d = g_array_new (FALSE, FALSE, sizeof (Attr));
    dict_parse (m, i, d);
    gint64 key;
    if (val_int (m, attr_get (m, d, "swizzlingKey"), &key) && key >= 0 && key < VS_SWIZZLING_COUNT)
      swizzle = (gint) key;
  }
  TypeInfo ti;
  if (!result_type (im, st, &ti)) {
    if (im->deferred != NULL)
      g_propagate_error (error, g_steal_pointer (&im->deferred));
    else
      vs_mlir_error_at (m, op, error, "VPURT.DeclareBuffer: no tensor type after '->'");
    return FALSE;
  }
  if (swizzle >= 0)
    ti.swizzle = swizzle;
  VsMemory mem;
  if (strcmp (section, "CMX_NN") == 0 || strcmp (section, "CMX_UPA") == 0)
    mem = VS_MEMORY_CMX;
  else if (strcmp (section, "Register") == 0 || strcmp (section, "MAC_Accumulators") == 0)
    mem = VS_MEMORY_REGISTER;
  else {
    static const char *const ddr[] = { "DDR", "NetworkInput", "NetworkOutput", "ProfilingOutput",
                                       "Constant", "SW_KernelText", "CSRAM", "FunctionInput",
                                       "FunctionOutput", NULL };
    if (!g_strv_contains (ddr, section))
      warn (im, op, "section", "unknown memory section '%s': read as DDR", section);
    mem = VS_MEMORY_DDR;
  }
  if (mem == VS_MEMORY_CMX && !have_tiles) {
    if (ti.tile >= 0)
      tiles = tiles_mask (ti.tile, 1);
    else if (ti.num_clusters > 0)
      tiles = tiles_mask (0, ti.num_clusters);
    else
      tiles = tiles_mask (0, 1);
  }
  if (mem == VS_MEMORY_CMX)
    note_tiles (im, tiles);
  g_autofree char *name = statement_name (im, st);
  /* memref<0x0x0x0xi32> placeholders of sync and fetch DMAs hold nothing */
  gint32 idx = type_is_empty (&ti) ? -1
               : add_buffer (im, intern_id (im, result), name, &ti, mem, tiles, offset);
  record_buffer_value (im, result, idx, &ti);
  return TRUE;
}

/* %cst = const.Declare memref<...> = dense<...> : ... */
static gboolean
declare_const (Importer *im, Span st, guint result, guint op, GError **error)
{
  TypeInfo ti;
  if (!parse_type (im, op + 1, &ti)) {
    if (im->deferred != NULL)
      g_propagate_error (error, g_steal_pointer (&im->deferred));
    else
      vs_mlir_error_at (im->m, op, error, "const.Declare: expected a memref type");
    return FALSE;
  }
  g_autofree char *name = statement_name (im, st);
  gint32 idx = type_is_empty (&ti) ? -1
               : add_buffer (im, intern_id (im, result), name, &ti, VS_MEMORY_DDR, 0, -1);
  record_buffer_value (im, result, idx, &ti);
  return TRUE;
}

/* %x = VPURT.ConfigureBarrier<pid> {isFinalBarrier} -> !VPURT.Barrier
 * %x = VPURT.DeclareVirtualBarrier -> !VPURT.Barrier */
static gboolean
declare_barrier (Importer *im, guint result, guint op, gboolean physical, Span st, GError **error)
{
  const VsMlirText *m = im->m;
  VsBarrier b;
  memset (&b, 0, sizeof b);
  b.id = intern_id (im, result);
  b.pid = -1;
  b.declared_producers = b.declared_consumers = -1;
  guint i = op + 1;
  if (physical) {
    gint64 pid;
    if (!opens (m, i, '<') || !vs_mlir_int (m, i + 1, &pid) || pid > VS_VPURT_MAX_BARRIER_PID) {
      vs_mlir_error_at (m, op, error, "VPURT.ConfigureBarrier needs a physical id: <N>, N from 0 "
                        "to %d", VS_VPURT_MAX_BARRIER_PID);
      return FALSE;
    }
    b.pid = (gint32) pid;
    i = vs_mlir_skip (m, i);
  }
  g_autoptr (GArray) d = g_array_new (FALSE, FALSE, sizeof (Attr));
  op_attrs (m, i - 1, st.end, d);
  b.is_start = attr_get (m, d, "isStartBarrier") != NULL;
  b.is_final = attr_get (m, d, "isFinalBarrier") != NULL;
  gint64 v;
  if (val_int (m, attr_get (m, d, "producer_count"), &v) && v >= 0 && v <= G_MAXINT32)
    b.declared_producers = (gint32) v;
  if (val_int (m, attr_get (m, d, "consumer_count"), &v) && v >= 0 && v <= G_MAXINT32)
    b.declared_consumers = (gint32) v;
  g_array_append_val (im->s->barriers, b);
  g_array_append_val (im->barrier_tok, op);
  Value val = { .kind = VAL_BARRIER, .index = (gint32) im->s->barriers->len - 1 };
  value_set (im, result, &val);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Queues.                                                                 */

static gint32
get_queue (Importer *im, VsEngine engine, gint tile, gint port, gint channel, gint servers)
{
  char id[48];
  switch (engine) {
  case VS_ENGINE_DMA:
    if (channel >= 0)
      g_snprintf (id, sizeof id, "dma.p%d.%s", port, channel == 0 ? "ddr" : "cmx");
    else
      g_snprintf (id, sizeof id, "dma.p%d", port);
    break;
  case VS_ENGINE_DPU:
    g_snprintf (id, sizeof id, "dpu.t%d", tile);
    break;
  case VS_ENGINE_SHAVE:
    if (tile < 0)
      g_snprintf (id, sizeof id, "upa");
    else if (channel >= 0)
      g_snprintf (id, sizeof id, "shv.t%d.l%d", tile, channel);
    else
      g_snprintf (id, sizeof id, "shv.t%d", tile);
    break;
  default:
    g_snprintf (id, sizeof id, "m2i");
    break;
  }
  gpointer p = g_hash_table_lookup (im->queue_ids, id);
  if (p != NULL)
    return GPOINTER_TO_INT (p) - 1;
  VsQueue q = { .id = vs_schedule_intern (im->s, id), .engine = engine, .tile = tile,
                .port = port, .channel = channel, .servers = MAX (servers, 1) };
  g_array_append_val (im->s->queues, q);
  g_hash_table_insert (im->queue_ids, (gpointer) q.id, GINT_TO_POINTER (im->s->queues->len));
  if (tile >= 0)
    im->max_tile = MAX (im->max_tile, tile);
  if (port >= 0)
    im->max_port = MAX (im->max_port, port);
  return (gint32) im->s->queues->len - 1;
}

static int
queue_order (const VsQueue *a, const VsQueue *b)
{
  if (a->engine != b->engine)
    return a->engine < b->engine ? -1 : 1;
  if (a->tile != b->tile)
    return a->tile < b->tile ? -1 : 1;
  if (a->port != b->port)
    return a->port < b->port ? -1 : 1;
  if (a->channel != b->channel)
    return a->channel < b->channel ? -1 : 1;
  return 0;
}

/* Queues were made as tasks met them; list them by engine, tile, port, channel. */
static void
sort_queues (Importer *im)
{
  VsSchedule *s = im->s;
  guint n = s->queues->len;
  g_autofree guint *order = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = 1; i < n; i++)   /* insertion sort: a handful of queues */
    for (guint j = i; j > 0 && queue_order (vs_schedule_queue (s, order[j - 1]),
                                            vs_schedule_queue (s, order[j])) > 0; j--) {
      guint t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  g_autofree gint32 *new_index = g_new (gint32, n);
  GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (VsQueue), n);
  for (guint i = 0; i < n; i++) {
    new_index[order[i]] = (gint32) i;
    g_array_append_val (sorted, *vs_schedule_queue (s, order[i]));
  }
  for (guint t = 0; t < s->tasks->len; t++) {
    VsTask *task = vs_schedule_task (s, t);
    task->queue = new_index[task->queue];
  }
  g_array_unref (s->queues);
  s->queues = sorted;
}

/* ---------------------------------------------------------------------- */
/* Tasks.                                                                  */

static VsTensorRef
buffer_ref (Importer *im, guint tok, const char *what)
{
  Value *v = value_get (im, tok);
  if (v == NULL || v->kind != VAL_BUFFER) {
    g_autofree char *name = value_name (im->m, tok);
    warn (im, tok, "operand", "%s %s is not a declared buffer: left without tensor", what, name);
    return -1;
  }
  return v->empty ? -1 : v->index;
}

static VsTensorRef
first_operand (Importer *im, Span sp, const char *keyword)
{
  guint g = find_keyword_group (im->m, sp, keyword);
  if (g == 0)
    return -1;
  g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
  group_values (im->m, g, vals);
  return vals->len > 0 ? buffer_ref (im, g_array_index (vals, guint, 0), keyword) : -1;
}

/* Is the first operand of `keyword` a zero-element placeholder? */
static gboolean
operand_empty (Importer *im, Span sp, const char *keyword)
{
  guint g = find_keyword_group (im->m, sp, keyword);
  if (g == 0)
    return FALSE;
  g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
  group_values (im->m, g, vals);
  Value *v = vals->len > 0 ? value_get (im, g_array_index (vals, guint, 0)) : NULL;
  return v != NULL && v->kind == VAL_BUFFER && v->empty;
}

static const VsTensor *
tensor_of (Importer *im, VsTensorRef r)
{
  return vs_schedule_tensor (im->s, r);
}

static gboolean
task_dma (Importer *im, Span in, guint opname, const char *op, VsTask *t, GError **error)
{
  const VsMlirText *m = im->m;
  /* a DMA without both operand groups is not a truncated-but-readable op:
   * nothing says what it moves */
  if (strcmp (op, "Timestamp") != 0 &&
      (find_keyword_group (m, in, "inputs") == 0 || find_keyword_group (m, in, "outputs") == 0)) {
    vs_mlir_error_at (m, opname, error, "VPUIP.%s needs inputs(...) and outputs(...)", op);
    return FALSE;
  }
  g_autoptr (GArray) attrs = g_array_new (FALSE, FALSE, sizeof (Attr));
  op_attrs (m, opname, in.end, attrs);
  gint64 port = 0;
  if (attr_get (m, attrs, "port") != NULL && (!val_int (m, attr_get (m, attrs, "port"), &port) ||
                                               port < 0 || port > 63)) {
    warn (im, opname, "dma-port", "DMA port is not a small integer: read as port 0");
    port = 0;
  }
  VsTensorRef src = first_operand (im, in, "inputs");
  VsTensorRef dst = first_operand (im, in, "outputs");
  const VsTensor *ts = tensor_of (im, src), *td = tensor_of (im, dst);
  gint64 bytes = MAX (compact_bytes (ts), compact_bytes (td));
  /* Descriptor DMAs move what the IR does not size (their operands are
   * zero-element placeholders) but take a DMA's time: kept as DMAs without
   * tensors.  The other zero-byte DMAs only order the queue. */
  gboolean descriptor = vs_dma_op_is_descriptor (op);
  if (descriptor && bytes == 0) {
    src = dst = -1;
    ts = NULL;
  }
  gboolean sync = !descriptor &&
                  (strcmp (op, "SyncDMA") == 0 || strcmp (op, "SkipDMA") == 0 ||
                   strcmp (op, "ReadOnlyDMA") == 0 ||
                   (bytes == 0 && (operand_empty (im, in, "inputs") || operand_empty (im, in, "outputs"))));
  gint channel = -1;
  if (im->s->device.dma_channels > 1)
    channel = ts == NULL || ts->memory == VS_MEMORY_DDR ? 0 : 1;
  t->queue = get_queue (im, VS_ENGINE_DMA, -1, (gint) port, channel, 1);
  if (sync) {
    t->kind = VS_TASK_SYNC;
    t->spec.dma.src = t->spec.dma.dst = -1;
    return TRUE;
  }
  t->kind = VS_TASK_DMA;
  t->spec.dma.src = src;
  t->spec.dma.dst = dst;
  t->spec.dma.bytes = bytes;
  t->spec.dma.out_of_order = attr_get (m, attrs, "is_out_of_order") != NULL;
  t->spec.dma.op = vs_schedule_intern (im->s, op);
  return TRUE;
}

static VsActivation
ppe_activation (Importer *im, Span in)
{
  const VsMlirText *m = im->m;
  guint open = 0;
  for (guint i = in.first; i + 2 < in.end; i = vs_mlir_skip (m, i))
    if (vs_mlir_is_ident (m, i, "PPE") && vs_mlir_is_punct (m, i + 1, ':') && opens (m, i + 2, '{')) {
      open = i + 2;
      break;
    }
  if (open == 0)
    return VS_ACT_NONE;
  g_autoptr (GArray) sts = split_statements (m, open + 1, close_of (m, open));
  for (guint k = 0; k < sts->len; k++) {
    Span sp = g_array_index (sts, Span, k);
    guint i = sp.first;
    if (!vs_mlir_text_is (m, i, "PPETask") && !vs_mlir_text_is (m, i, "VPUIP.PPETask"))
      continue;
    g_autofree char *mode = NULL;
    double clamp_low = -1;
    gboolean have_clamp = FALSE;
    for (guint j = i + 1; j < sp.end; j = vs_mlir_skip (m, j)) {
      if (opens (m, j, '<') && mode == NULL)
        mode = word_in (m, j + 1, close_of (m, j));
      else if (kind_of (m, j) == VS_MLIR_TOK_STRING && mode == NULL)
        mode = vs_mlir_string (m, j, NULL);
      else if (opens (m, j, '{')) {
        g_autoptr (GArray) d = g_array_new (FALSE, FALSE, sizeof (Attr));
        dict_parse (m, j, d);
        const Attr *ppe = attr_get (m, d, "ppe");
        g_autoptr (GArray) inner = g_array_new (FALSE, FALSE, sizeof (Attr));
        GArray *src = d;
        if (ppe != NULL && val_dict (m, ppe, inner))
          src = inner;
        if (mode == NULL)
          mode = val_word (m, attr_get (m, src, "mode"));
        have_clamp = val_double (m, attr_get (m, src, "clamp_low"), &clamp_low);
      }
    }
    if (mode != NULL) {
      if (strcmp (mode, "LRELU") == 0 || strcmp (mode, "LRELUX") == 0)
        return VS_ACT_LRELU;
      if (strcmp (mode, "ADD") == 0)
        return VS_ACT_ADD;
      if (strcmp (mode, "SUB") == 0)
        return VS_ACT_SUB;
      if (strcmp (mode, "MULT") == 0)
        return VS_ACT_MULT;
    }
    return have_clamp && clamp_low == 0 ? VS_ACT_RELU : VS_ACT_NONE;
  }
  return VS_ACT_NONE;
}

static gboolean
padding_of (const VsMlirText *m, const Attr *a, gint32 *top, gint32 *bottom, gint32 *left,
            gint32 *right)
{
  g_autoptr (GArray) d = g_array_new (FALSE, FALSE, sizeof (Attr));
  if (a == NULL || !val_dict (m, a, d))
    return FALSE;
  gint64 v;
  if (val_int (m, attr_get (m, d, "top"), &v)) *top = (gint32) CLAMP (v, 0, VS_VPURT_MAX_KERNEL);
  if (val_int (m, attr_get (m, d, "bottom"), &v)) *bottom = (gint32) CLAMP (v, 0, VS_VPURT_MAX_KERNEL);
  if (val_int (m, attr_get (m, d, "left"), &v)) *left = (gint32) CLAMP (v, 0, VS_VPURT_MAX_KERNEL);
  if (val_int (m, attr_get (m, d, "right"), &v)) *right = (gint32) CLAMP (v, 0, VS_VPURT_MAX_KERNEL);
  return TRUE;
}

static gboolean
box3 (const VsMlirText *m, const Attr *a, gint32 out[3])
{
  gint64 v[3];
  if (val_int_array (m, a, v, 3) != 3)
    return FALSE;
  for (int k = 0; k < 3; k++) {
    if (v[k] < 0 || v[k] > VS_VPURT_MAX_COORD)
      return FALSE;
    out[k] = (gint32) v[k];
  }
  return TRUE;
}

static gboolean
task_dpu (Importer *im, Span in, guint opname, VsTask *t, GError **error)
{
  const VsMlirText *m = im->m;
  VsDpuSpec *d = &t->spec.dpu;
  g_autoptr (GArray) attrs = g_array_new (FALSE, FALSE, sizeof (Attr));
  op_attrs (m, opname, in.end, attrs);
  t->kind = VS_TASK_DPU;

  g_autofree char *type = val_word (m, attr_get (m, attrs, "task_type"));
  static const struct { const char *name; VsDpuOperation op; } ops[] = {
    { "CONV", VS_OP_CONVOLUTION }, { "CMCONV", VS_OP_CM_CONVOLUTION },
    { "DWCONV", VS_OP_DW_CONVOLUTION }, { "MAXPOOL", VS_OP_MAXPOOL }, { "AVEPOOL", VS_OP_AVEPOOL },
    { "ELTWISE", VS_OP_ELTWISE }, { "REDUCEMEAN", VS_OP_REDUCE_MS },
    { "REDUCESUMSQUARE", VS_OP_REDUCE_SUMSQUARES },
    /* the compiler costs these as convolutions too */
    { "IDENTITY", VS_OP_CONVOLUTION }, { "FCL", VS_OP_CONVOLUTION },
  };
  d->op = VS_OP_CONVOLUTION;
  gboolean known = FALSE;
  for (guint k = 0; type != NULL && k < G_N_ELEMENTS (ops); k++)
    if (strcmp (type, ops[k].name) == 0) {
      d->op = ops[k].op;
      known = TRUE;
    }
  if (!known)
    warn (im, opname, type != NULL ? type : "no-task-type",
          "NCEClusterTask task_type '%s' has no VPUNN operation: costed as a convolution",
          type != NULL ? type : "(none)");

  gint64 ks[2], st[2];
  d->kernel_w = d->kernel_h = d->stride_w = d->stride_h = 1;
  /* kernel_size and kernel_strides are [Y, X] */
  if (val_int_array (m, attr_get (m, attrs, "kernel_size"), ks, 2) == 2) {
    d->kernel_h = (gint32) CLAMP (ks[0], 1, VS_VPURT_MAX_KERNEL);
    d->kernel_w = (gint32) CLAMP (ks[1], 1, VS_VPURT_MAX_KERNEL);
  }
  if (val_int_array (m, attr_get (m, attrs, "kernel_strides"), st, 2) == 2) {
    d->stride_h = (gint32) CLAMP (st[0], 1, VS_VPURT_MAX_KERNEL);
    d->stride_w = (gint32) CLAMP (st[1], 1, VS_VPURT_MAX_KERNEL);
  }
  padding_of (m, attr_get (m, attrs, "kernel_padding"), &d->pad_top, &d->pad_bottom, &d->pad_left,
              &d->pad_right);

  d->input = first_operand (im, in, "input");
  d->weights = first_operand (im, in, "weights");
  d->output = first_operand (im, in, "outputs");
  if (d->output < 0)
    d->output = first_operand (im, in, "output");

  /* ISI strategy as the compiler derives it for VPUNN: SOK when the result
   * is multicast to several tiles, SOH when the parent input is segmented. */
  d->isi_strategy = VS_ISI_CLUSTERING;
  d->output_write_tiles = 1;
  TypeInfo rt;
  if (result_type (im, in, &rt) && (strcmp (rt.dist_mode, "SEGMENTED|MULTICASTED") == 0 ||
                                    strcmp (rt.dist_mode, "SEGMENTED|DUPLICATED") == 0)) {
    d->isi_strategy = VS_ISI_SPLIT_OVER_K;
    d->output_write_tiles = MAX (rt.num_clusters, 1);
  }
  guint pg = find_keyword_group (m, in, "parent_input");
  if (pg != 0) {
    g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
    group_values (m, pg, vals);
    Value *pv = vals->len > 0 ? value_get (im, g_array_index (vals, guint, 0)) : NULL;
    if (pv != NULL && strcmp (pv->dist_mode, "SEGMENTED") == 0)
      d->isi_strategy = VS_ISI_SPLIT_OVER_H;
  }

  if (find_keyword_group (m, in, "weights_sparsity_map") != 0 && d->op != VS_OP_ELTWISE) {
    d->weight_sparsity_enabled = TRUE;
    guint wg = find_keyword_group (m, in, "weights");
    g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
    if (wg != 0)
      group_values (m, wg, vals);
    Value *wv = vals->len > 0 ? value_get (im, g_array_index (vals, guint, 0)) : NULL;
    const VsTensor *w = tensor_of (im, d->weights);
    gint64 dense = compact_bytes (w);
    if (wv != NULL && wv->compressed_bytes >= 0 && dense > 0)
      d->weight_sparsity = (float) CLAMP (1.0 - wv->compressed_bytes / (double) dense, 0.0, 1.0);
  }
  d->activation = ppe_activation (im, in);

  /* variants */
  d->first_variant = im->s->variants->len;
  d->n_variants = 0;
  guint vopen = 0;
  for (guint i = in.first; i + 2 < in.end; i = vs_mlir_skip (m, i))
    if (vs_mlir_is_ident (m, i, "variants") && vs_mlir_is_punct (m, i + 1, ':') && opens (m, i + 2, '{')) {
      vopen = i + 2;
      break;
    }
  gint tile = -1;
  if (vopen != 0) {
    g_autoptr (GArray) sts = split_statements (m, vopen + 1, close_of (m, vopen));
    for (guint k = 0; k < sts->len; k++) {
      Span sp = g_array_index (sts, Span, k);
      if (!vs_mlir_text_is (m, sp.first, "DPUTask") && !vs_mlir_text_is (m, sp.first, "VPUIP.DPUTask"))
        continue;
      g_autoptr (GArray) va = g_array_new (FALSE, FALSE, sizeof (Attr));
      op_attrs (m, sp.first, sp.end, va);
      VsDpuVariant v;
      memset (&v, 0, sizeof v);
      v.tile = -1;
      if (!box3 (m, attr_get (m, va, "outStart"), v.out_start) ||
          !box3 (m, attr_get (m, va, "outEnd"), v.out_end)) {
        vs_mlir_error_at (m, sp.first, error, "DPUTask needs outStart and outEnd as [x, y, z]");
        return FALSE;
      }
      for (int c = 0; c < 3; c++)
        if (v.out_end[c] < v.out_start[c]) {
          vs_mlir_error_at (m, sp.first, error, "DPUTask outEnd is before outStart");
          return FALSE;
        }
      v.has_in = box3 (m, attr_get (m, va, "inStart"), v.in_start) &&
                 box3 (m, attr_get (m, va, "inEnd"), v.in_end);
      for (int c = 0; v.has_in && c < 3; c++)
        if (v.in_end[c] < v.in_start[c]) {
          vs_mlir_error_at (m, sp.first, error, "DPUTask inEnd is before inStart");
          return FALSE;
        }
      padding_of (m, attr_get (m, va, "pad"), &v.pad_top, &v.pad_bottom, &v.pad_left, &v.pad_right);
      g_autofree char *mpe = val_word (m, attr_get (m, va, "mpe_mode"));
      VsExecutionMode mode = VS_EXEC_CUBOID_16x16;
      if (mpe != NULL && !vs_execution_mode_from_name (mpe, &mode))
        warn (im, sp.first, "mpe", "DPUTask mpe_mode '%s' unknown to VPUNN: read as CUBOID_16x16", mpe);
      v.mpe_mode = mode;
      gint64 cl;
      if (val_int (m, attr_get (m, va, "cluster_id"), &cl) && cl >= 0 && cl < MAX_TILES) {
        v.tile = (gint32) cl;
        im->max_tile = MAX (im->max_tile, v.tile);   /* the device covers every tile used */
        if (tile < 0)
          tile = (gint) cl;
      }
      g_array_append_val (im->s->variants, v);
      d->n_variants++;
    }
  }
  if (d->n_variants == 0)
    warn (im, opname, "no-variants", "NCEClusterTask without DPUTask variants");
  if (tile < 0) {
    const VsTensor *o = tensor_of (im, d->output);
    if (o != NULL && o->tile_mask != 0)
      tile = __builtin_ctzll (o->tile_mask);
    else
      tile = 0;
  }
  t->queue = get_queue (im, VS_ENGINE_DPU, tile, -1, -1, 1);
  return TRUE;
}

static void
shave_operands (Importer *im, Span in, const char *keyword, VsTensorRef *out, guint *n)
{
  guint g = find_keyword_group (im->m, in, keyword);
  *n = 0;
  if (g == 0)
    return;
  g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
  group_values (im->m, g, vals);
  for (guint k = 0; k < vals->len; k++) {
    if (*n == VS_SHAVE_MAX_ARGS) {
      warn (im, g_array_index (vals, guint, k), "shave-args",
            "SHAVE kernel with more than %d %s: the rest are not given to the cost model",
            VS_SHAVE_MAX_ARGS, keyword);
      break;
    }
    out[(*n)++] = buffer_ref (im, g_array_index (vals, guint, k), keyword);
  }
}

static void
check_kernel_name (Importer *im, guint tok, const char *kernel)
{
  if (g_hash_table_contains (im->vpunn_kernels, kernel))
    return;
  g_autofree char *key = g_strconcat ("kernel:", kernel, NULL);
  warn (im, tok, key, "SHAVE kernel '%s' is not in VPUNN's SHAVE table: the VPUNN cost model "
        "cannot cost it", kernel);
}

static void
task_shave (Importer *im, Span in, guint opname, VsTask *t)
{
  const VsMlirText *m = im->m;
  VsShaveSpec *sh = &t->spec.shave;
  g_autoptr (GArray) attrs = g_array_new (FALSE, FALSE, sizeof (Attr));
  op_attrs (m, opname, in.end, attrs);
  t->kind = VS_TASK_SHAVE;
  /* @VPU.SW::@builtin_Convert: the last symbol before the operands */
  g_autofree char *symbol = NULL;
  gint64 tile = -1;
  for (guint i = opname + 1; i < in.end; i = vs_mlir_skip (m, i)) {
    if (kind_of (m, i) == VS_MLIR_TOK_SYMBOL && symbol == NULL) {
      guint j = i;
      while (vs_mlir_is_punct (m, j + 1, ':') && vs_mlir_is_punct (m, j + 2, ':') &&
             kind_of (m, j + 3) == VS_MLIR_TOK_SYMBOL)
        j += 3;
      g_autofree char *raw = vs_mlir_tok_dup (m, j);
      symbol = g_strdup (raw + 1);
    }
    if (vs_mlir_is_ident (m, i, "on") && vs_mlir_is_ident (m, i + 1, "tile"))
      vs_mlir_int (m, i + 2, &tile);
  }
  if (tile < 0 && !val_int (m, attr_get (m, attrs, "tileIndex"), &tile))
    tile = 0;
  if (tile >= MAX_TILES) {
    warn (im, opname, "shave-tile", "SW.Kernel tile %" G_GINT64_FORMAT " out of range: read as 0", tile);
    tile = 0;
  }
  const char *kernel = symbol != NULL ? symbol : "unknown";
  if (g_str_has_prefix (kernel, "builtin_"))
    kernel += strlen ("builtin_");
  sh->kernel = vs_schedule_intern (im->s, kernel);
  check_kernel_name (im, opname, sh->kernel);
  shave_operands (im, in, "inputs", sh->inputs, &sh->n_inputs);
  shave_operands (im, in, "outputs", sh->outputs, &sh->n_outputs);
  if (sh->n_outputs == 0) {
    /* cache_flush_invalidate and the like: nothing a cost model can size */
    warn (im, opname, "shave-no-output", "SW.Kernel without outputs (%s): costed 1 cycle, as the "
          "compiler's estimator does", sh->kernel);
    t->cost.source = VS_COST_SOURCE_COMPILER;
    t->cost.value = 1;
  }
  /* runs: the SW.Kernel.run ops of its region */
  sh->runs = 0;
  guint region = 0;
  for (guint i = opname + 1; i < in.end; i = vs_mlir_skip (m, i))
    if (opens (m, i, '{'))
      region = i;
  if (region != 0) {
    g_autoptr (GArray) sts = split_statements (m, region + 1, close_of (m, region));
    for (guint k = 0; k < sts->len; k++)
      if (vs_mlir_text_is (m, g_array_index (sts, Span, k).first, "VPUIP.SW.Kernel.run"))
        sh->runs++;
  }
  if (sh->runs == 0)
    sh->runs = 1;
  sh->runs = MIN (sh->runs, VS_VPURT_MAX_RUNS);
  gint64 list = -1;
  if (!val_int (m, attr_get (m, attrs, "listIndex"), &list))
    val_int (m, attr_get (m, attrs, "list_index"), &list);
  gint channel = -1, servers = MAX (im->s->device.shaves_per_tile, 1);
  if (im->per_shave_fifo) {
    channel = list >= 0 && list < 64 ? (gint) list : 0;
    servers = 1;
  }
  t->queue = get_queue (im, VS_ENGINE_SHAVE, (gint) tile, -1, channel, servers);
}

/* VPU 2.0 software layers: one global queue served by the UPA SHAVEs. */
static void
task_upa (Importer *im, Span in, const char *op, VsTask *t)
{
  VsShaveSpec *sh = &t->spec.shave;
  t->kind = VS_TASK_SHAVE;
  g_autofree char *kernel = g_strndup (op, strlen (op) - 3);
  sh->kernel = vs_schedule_intern (im->s, kernel);
  check_kernel_name (im, in.first, sh->kernel);
  shave_operands (im, in, "inputs", sh->inputs, &sh->n_inputs);
  shave_operands (im, in, "outputs", sh->outputs, &sh->n_outputs);
  sh->runs = 1;
  t->queue = get_queue (im, VS_ENGINE_SHAVE, -1, -1, -1, im->upa_servers);
}

/* An op we do not know: place it by its name and cost it as the compiler
 * does what it cannot cost (1 cycle). */
static void
task_unknown (Importer *im, Span in, guint opname, const char *full, VsTask *t)
{
  g_autofree char *key = g_strconcat ("op:", full, NULL);
  VsEngine engine = VS_ENGINE_DMA;
  if (strstr (full, "DMA") != NULL)
    engine = VS_ENGINE_DMA;
  else if (strstr (full, "NCE") != NULL || strstr (full, "DPU") != NULL)
    engine = VS_ENGINE_DPU;
  else if (strstr (full, "SW") != NULL || strstr (full, "Shave") != NULL || strstr (full, "ACT") != NULL)
    engine = VS_ENGINE_SHAVE;
  else if (strstr (full, "M2I") != NULL)
    engine = VS_ENGINE_M2I;
  warn (im, opname, key, "unknown operation %s: imported as a %s task costing 1 cycle", full,
        vs_engine_name (engine));
  t->cost.source = VS_COST_SOURCE_COMPILER;
  t->cost.in_ns = FALSE;
  t->cost.value = 1;
  switch (engine) {
  case VS_ENGINE_DPU:
    t->kind = VS_TASK_DPU;
    /* the YAML reader's defaults, so that the task writes and reads back */
    t->spec.dpu.kernel_w = t->spec.dpu.kernel_h = 1;
    t->spec.dpu.stride_w = t->spec.dpu.stride_h = 1;
    t->spec.dpu.output_write_tiles = 1;
    t->spec.dpu.input = t->spec.dpu.weights = -1;
    t->spec.dpu.output = first_operand (im, in, "outputs");
    t->spec.dpu.first_variant = im->s->variants->len;
    t->queue = get_queue (im, VS_ENGINE_DPU, 0, -1, -1, 1);
    break;
  case VS_ENGINE_SHAVE:
    t->kind = VS_TASK_SHAVE;
    t->spec.shave.runs = 1;
    t->queue = get_queue (im, VS_ENGINE_SHAVE, 0, -1, im->per_shave_fifo ? 0 : -1,
                          im->per_shave_fifo ? 1 : MAX (im->s->device.shaves_per_tile, 1));
    break;
  case VS_ENGINE_M2I:
    t->kind = VS_TASK_M2I;
    t->queue = get_queue (im, VS_ENGINE_M2I, -1, -1, -1, 1);
    break;
  default: {
    g_autoptr (GArray) attrs = g_array_new (FALSE, FALSE, sizeof (Attr));
    op_attrs (im->m, opname, in.end, attrs);
    gint64 port = 0;
    if (!val_int (im->m, attr_get (im->m, attrs, "port"), &port) || port < 0 || port > 63)
      port = 0;
    t->kind = VS_TASK_DMA;
    t->spec.dma.src = first_operand (im, in, "inputs");
    t->spec.dma.dst = first_operand (im, in, "outputs");
    t->spec.dma.op = vs_schedule_intern (im->s, full);
    const VsTensor *ts = tensor_of (im, t->spec.dma.src);
    gint channel = im->s->device.dma_channels > 1
                     ? (ts == NULL || ts->memory == VS_MEMORY_DDR ? 0 : 1) : -1;
    t->queue = get_queue (im, VS_ENGINE_DMA, -1, (gint) port, channel, 1);
  }
  }
}

/* The result names and op name of a statement: `%a, %b:2 = op ...` or `op ...`. */
static guint
statement_op (const VsMlirText *m, Span sp, guint *first_result)
{
  guint i = sp.first;
  *first_result = 0;
  if (kind_of (m, i) == VS_MLIR_TOK_VALUE) {
    *first_result = i;
    while (i < sp.end && !vs_mlir_is_punct (m, i, '='))
      i = vs_mlir_skip (m, i);
    i++;
  }
  if (i >= sp.end)
    return 0;
  VsMlirTokKind k = kind_of (m, i);
  return k == VS_MLIR_TOK_IDENT || k == VS_MLIR_TOK_STRING ? i : 0;
}

static gboolean
add_refs (Importer *im, Span st, const char *keyword, guint *first, guint *n, GError **error)
{
  guint g = find_keyword_group (im->m, st, keyword);
  *first = im->s->refs->len;
  *n = 0;
  if (g == 0)
    return TRUE;
  g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
  group_values (im->m, g, vals);
  for (guint k = 0; k < vals->len; k++) {
    guint tok = g_array_index (vals, guint, k);
    Value *v = value_get (im, tok);
    if (v == NULL || v->kind != VAL_BARRIER) {
      g_autofree char *name = value_name (im->m, tok);
      vs_mlir_error_at (im->m, tok, error, "%s of a VPURT.Task: %s is not a declared barrier",
                        keyword, name);
      return FALSE;
    }
    g_array_append_val (im->s->refs, v->index);
    (*n)++;
  }
  return TRUE;
}

static gboolean
import_task (Importer *im, Span st, guint op, GError **error)
{
  const VsMlirText *m = im->m;
  VsTask t;
  memset (&t, 0, sizeof t);
  t.line = vs_mlir_tok (m, op)->line;
  if (!add_refs (im, st, "waits", &t.first_wait, &t.n_waits, error) ||
      !add_refs (im, st, "updates", &t.first_update, &t.n_updates, error) ||
      !add_refs (im, st, "enqueueTarget", &t.first_enqueue, &t.n_enqueue, error))
    return FALSE;
  t.first_after = im->s->refs->len;
  /* the region: the last brace group at the top level (after `attributes {..}`) */
  guint region = 0;
  for (guint i = op + 1; i < st.end; i = vs_mlir_skip (m, i)) {
    if (vs_mlir_is_ident (m, i, "attributes") && opens (m, i + 1, '{')) {
      i = i + 1;
      continue;
    }
    if (opens (m, i, '{'))
      region = i;
  }
  Span inner = { 0, 0 };
  guint inner_op = 0;
  if (region != 0) {
    g_autoptr (GArray) sts = split_statements (m, region + 1, close_of (m, region));
    for (guint k = 0; k < sts->len && inner_op == 0; k++) {
      Span sp = g_array_index (sts, Span, k);
      guint res;
      guint o = statement_op (m, sp, &res);
      if (o != 0) {
        inner = sp;
        inner_op = o;
      }
    }
  }
  if (inner_op == 0) {
    vs_mlir_error_at (m, op, error, "VPURT.Task without an operation inside");
    return FALSE;
  }
  g_autofree char *full = kind_of (m, inner_op) == VS_MLIR_TOK_STRING
                            ? vs_mlir_string (m, inner_op, NULL) : vs_mlir_tok_dup (m, inner_op);
  if (full == NULL)
    full = g_strdup ("?");
  const char *shortname = g_str_has_prefix (full, "VPUIP.") ? full + 6 : full;
  if (g_str_has_prefix (full, "VPUIP.") && kind_of (m, inner_op) == VS_MLIR_TOK_IDENT &&
      (g_str_has_suffix (shortname, "DMA") || strcmp (shortname, "Timestamp") == 0)) {
    if (!task_dma (im, inner, inner_op, shortname, &t, error))
      return FALSE;
  } else if (strcmp (full, "VPUIP.NCEClusterTask") == 0) {
    if (!task_dpu (im, inner, inner_op, &t, error))
      return FALSE;
  } else if (strcmp (full, "VPUIP.SW.Kernel") == 0) {
    task_shave (im, inner, inner_op, &t);
  } else if (g_str_has_prefix (full, "VPUIP.") && g_str_has_suffix (shortname, "UPA") &&
             strlen (shortname) > 3) {
    task_upa (im, inner, shortname, &t);
  } else if (strcmp (full, "VPUIP.M2ITask") == 0) {
    t.kind = VS_TASK_M2I;
    t.queue = get_queue (im, VS_ENGINE_M2I, -1, -1, -1, 1);
    t.cost.source = VS_COST_SOURCE_COMPILER;
    t.cost.value = 1;
    warn (im, inner_op, "m2i", "M2I tasks have no cost model: 1 cycle, as the compiler's estimator");
  } else {
    task_unknown (im, inner, inner_op, full, &t);
  }
  char *name = statement_name (im, inner);
  if (name == NULL)
    name = statement_name (im, st);
  t.name = vs_schedule_intern (im->s, name);
  if (name != NULL) {
    const char *q = strrchr (name, '?');
    g_autofree char *layer = q != NULL ? g_strndup (name, (gsize) (q - name)) : g_strdup (name);
    t.layer = vs_schedule_intern (im->s, layer);
  }
  g_free (name);
  char id[32];
  g_snprintf (id, sizeof id, "t%u", im->task_counter++);
  t.id = vs_schedule_intern (im->s, id);
  g_array_append_val (im->s->tasks, t);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Module and function.                                                    */

typedef struct {
  guint name;                   /* SYMBOL token */
  guint args;                   /* '(' of the arguments */
  guint body;                   /* '{' of the body, 0 = declaration */
} Func;

static void
find_functions (const VsMlirText *m, GArray *out)
{
  for (guint i = 0; i < m->n_tokens; i++) {
    if (!vs_mlir_is_ident (m, i, "func.func") && !vs_mlir_is_ident (m, i, "func"))
      continue;
    guint j = i + 1;
    while (vs_mlir_is_ident (m, j, "private") || vs_mlir_is_ident (m, j, "public") ||
           vs_mlir_is_ident (m, j, "nested"))
      j++;
    if (kind_of (m, j) != VS_MLIR_TOK_SYMBOL || !opens (m, j + 1, '('))
      continue;
    Func f = { j, j + 1, 0 };
    gint line = vs_mlir_tok (m, close_of (m, j + 1))->line;
    for (guint k = vs_mlir_skip (m, j + 1); k < m->n_tokens - 1; k = vs_mlir_skip (m, k)) {
      if (vs_mlir_tok (m, k)->line != line)
        break;
      if (vs_mlir_is_ident (m, k, "attributes") && opens (m, k + 1, '{')) {
        k++;
        line = vs_mlir_tok (m, close_of (m, k))->line;
        continue;
      }
      if (opens (m, k, '{')) {
        f.body = k;
        break;
      }
      if (vs_mlir_is_ident (m, k, "loc"))
        break;
      line = vs_mlir_tok (m, vs_mlir_skip (m, k) - 1)->line;
    }
    g_array_append_val (out, f);
  }
}

static gboolean
body_has_tasks (const VsMlirText *m, guint body)
{
  for (guint i = body + 1; i < close_of (m, body); i++)
    if (vs_mlir_is_ident (m, i, "VPURT.Task"))
      return TRUE;
  return FALSE;
}

static const char *
preset_of_arch (const char *word, VsArch *arch)
{
  if (strstr (word, "30XX") != NULL || strstr (word, "3700") != NULL || strstr (word, "3400") != NULL) {
    *arch = VS_ARCH_VPU20;
    return "vpu20";
  }
  if (strstr (word, "37XX") != NULL || strstr (word, "3720") != NULL) {
    *arch = VS_ARCH_NPU27;
    return "npu27";
  }
  if (strstr (word, "40XX") != NULL || strstr (word, "4000") != NULL) {
    *arch = VS_ARCH_NPU40;
    return "npu40";
  }
  if (strstr (word, "50XX") != NULL || strstr (word, "5010") != NULL || strstr (word, "5020") != NULL) {
    *arch = VS_ARCH_NPU50;
    return "npu40";
  }
  return NULL;
}

/* A device value read from the module; the device's refusal gets the place. */
static gboolean
device_set (Importer *im, guint tok, const char *key, const char *value, GError **error)
{
  GError *local = NULL;
  if (vs_device_set_value (&im->s->device, key, value, &local))
    return TRUE;
  vs_mlir_error_at (im->m, tok, error, "%s", local->message);
  g_error_free (local);
  return FALSE;
}

/* Device facts outside the function: arch, resources, options, the
 * compiler's estimate.  `skip_first..skip_end` is the function body. */
static gboolean
scan_module (Importer *im, guint skip_first, guint skip_end, GError **error)
{
  const VsMlirText *m = im->m;
  g_autofree char *arch_word = NULL;
  guint arch_tok = 0;
  for (guint i = 0; i + 1 < m->n_tokens; i++) {
    if (i == skip_first) {
      i = skip_end;
      continue;
    }
    const VsMlirToken *t = vs_mlir_tok (m, i);
    if (t->kind == VS_MLIR_TOK_NUMBER && vs_mlir_is_ident (m, i + 1, "of") &&
        kind_of (m, i + 2) == VS_MLIR_TOK_SYMBOL) {
      gint64 n;
      if (!vs_mlir_int (m, i, &n) || n < 0 || n > 4096)
        continue;
      if (vs_mlir_text_is (m, i + 2, "@NCE")) {
        im->res_tiles = (gint) n;
        im->res_tok[0] = i;
        double f;
        if (vs_mlir_is_ident (m, i + 3, "at") && vs_mlir_double (m, i + 4, &f) &&
            vs_mlir_is_ident (m, i + 5, "MHz"))
          im->res_freq = f;
      } else if (vs_mlir_text_is (m, i + 2, "@DMA_NN")) {
        im->res_dma = (gint) n;
        im->res_tok[1] = i;
      } else if (vs_mlir_text_is (m, i + 2, "@DPU")) {
        im->res_dpus = (gint) n;
        im->res_tok[2] = i;
      } else if (vs_mlir_text_is (m, i + 2, "@SHAVE_ACT")) {
        im->res_shaves = (gint) n;
        im->res_tok[3] = i;
      } else if (vs_mlir_text_is (m, i + 2, "@SHAVE_UPA")) {
        im->upa_servers = (gint) n;
      }
    } else if (vs_mlir_is_ident (m, i, "inferenceTiming") && vs_mlir_is_punct (m, i + 1, '=')) {
      gint64 n;
      if (vs_mlir_int (m, i + 2, &n))
        g_hash_table_replace (im->s->source, g_strdup ("inference_timing_cycles"),
                              g_strdup_printf ("%" G_GINT64_FORMAT, n));
    } else if ((t->kind == VS_MLIR_TOK_SYMBOL || t->kind == VS_MLIR_TOK_IDENT) &&
               (vs_mlir_is_punct (m, i + 1, ':') || vs_mlir_is_punct (m, i + 1, '='))) {
      g_autofree char *key = vs_mlir_tok_dup (m, i);
      if (g_str_has_suffix (key, "UseDedicatedFifoPerShaveEngine"))
        im->per_shave_fifo = vs_mlir_is_ident (m, i + 2, "true");
      else if (g_str_has_suffix (key, "WorkloadManagementStatus") &&
               kind_of (m, i + 2) == VS_MLIR_TOK_STRING) {
        char *status = vs_mlir_string (m, i + 2, NULL);   /* NULL: a malformed escape */
        if (status != NULL)
          g_hash_table_replace (im->s->source, g_strdup ("workload_management"), status);
        else
          warn (im, i + 2, "wlm-status", "WorkloadManagementStatus is not a valid string: ignored");
      }
      else if ((strcmp (key, "VPU.arch") == 0 || strcmp (key, "config.arch") == 0 ||
                (strcmp (key, "config.platform") == 0 && arch_word == NULL)) &&
               vs_mlir_is_punct (m, i + 1, '=')) {
        guint end = i + 2;
        while (end < m->n_tokens - 1 && !vs_mlir_is_punct (m, end, ',') &&
               !vs_mlir_is_punct (m, end, '}'))
          end = vs_mlir_skip (m, end);
        g_free (arch_word);
        arch_word = word_in (m, i + 2, end);
        arch_tok = i;
      }
    }
  }
  VsArch arch = VS_ARCH_NPU27;
  const char *preset = arch_word != NULL ? preset_of_arch (arch_word, &arch) : NULL;
  if (preset == NULL && arch_word == NULL && im->res_freq > 0) {
    /* Lit-test dumps leave the arch to the command line; the nominal DPU
     * clocks differ per generation: 700 (VPU 2.0), 1300 (NPU 2.7), 1700/1850 (NPU 4.0). */
    const char *guess = im->res_freq < 1000 ? "VPUX30XX" : im->res_freq < 1500 ? "NPU37XX" : "NPU40XX";
    preset = preset_of_arch (guess, &arch);
    warn (im, 0, "arch", "no VPU.arch / config.arch on the module: %s inferred from the DPU clock "
          "(%g MHz)", guess, im->res_freq);
    arch_word = g_strdup_printf ("%s (inferred)", guess);
  }
  if (preset == NULL) {
    warn (im, arch_tok, "arch", "%s: assuming NPU37XX (preset npu27)",
          arch_word != NULL ? "unknown architecture" : "no VPU.arch / config.arch on the module");
    preset = "npu27";
    arch = VS_ARCH_NPU27;
  }
  g_hash_table_replace (im->s->source, g_strdup ("arch"),
                        g_strdup (arch_word != NULL ? arch_word : "unknown"));
  GError *local = NULL;
  if (!vs_device_load (&im->s->device, preset, &local)) {
    vs_mlir_error_at (m, arch_tok, error, "%s", local->message);
    g_error_free (local);
    return FALSE;
  }
  g_free (im->s->device_preset);
  im->s->device_preset = g_strdup (preset);
  if (arch == VS_ARCH_NPU50) {
    warn (im, arch_tok, "npu50", "NPU50XX has no preset: using npu40 with arch NPU50");
    if (!device_set (im, arch_tok, "arch", "NPU50", error))
      return FALSE;
  }
  im->arch = arch;
  if (im->per_shave_fifo && !device_set (im, 0, "shave_fifo", "per_shave", error))
    return FALSE;
  if (im->res_shaves > 0) {
    g_autofree char *v = g_strdup_printf ("%d", im->res_shaves);
    if (!device_set (im, im->res_tok[3], "shaves_per_tile", v, error))
      return FALSE;
  }
  if (im->res_dpus > 0) {
    g_autofree char *v = g_strdup_printf ("%d", im->res_dpus);
    if (!device_set (im, im->res_tok[2], "dpus_per_tile", v, error))
      return FALSE;
  }
  if (im->res_freq > 0) {
    g_autofree char *v = g_strdup_printf ("%.17g", im->res_freq);
    if (!device_set (im, im->res_tok[0], "dpu_clock_mhz", v, error))
      return FALSE;
  }
  return TRUE;
}

/* After the tasks: tiles and DMA ports as the schedule uses them. */
static gboolean
finish_device (Importer *im, GError **error)
{
  VsDevice *d = &im->s->device;
  gint tiles = MAX (im->res_tiles, im->max_tile + 1);
  if (tiles > 0 && tiles != d->tiles) {
    g_autofree char *v = g_strdup_printf ("%d", tiles);
    if (!device_set (im, im->res_tok[0], "tiles", v, error))
      return FALSE;
  }
  gint ports = MAX (im->res_dma, im->max_port + 1);
  if (ports > 0 && ports != d->dma_ports) {
    g_autofree char *v = g_strdup_printf ("%d", ports);
    if (!device_set (im, im->res_tok[1], "dma_ports", v, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
import_args (Importer *im, guint open)
{
  const VsMlirText *m = im->m;
  guint close = close_of (m, open);
  guint i = open + 1;
  while (i < close) {
    guint item = i;
    while (i < close && !vs_mlir_is_punct (m, i, ','))
      i = vs_mlir_skip (m, i);
    if (kind_of (m, item) == VS_MLIR_TOK_VALUE && vs_mlir_is_punct (m, item + 1, ':')) {
      TypeInfo ti;
      if (parse_type (im, item + 2, &ti)) {
        g_autofree char *name = NULL;
        for (guint k = item + 2; k < i; k = vs_mlir_skip (m, k))
          if (vs_mlir_is_ident (m, k, "loc") && opens (m, k + 1, '(')) {
            g_free (name);   /* the last location wins */
            name = loc_name (im, k + 1);
          }
        VsMemory mem = ti.memspace >= 0 ? (VsMemory) ti.memspace : VS_MEMORY_DDR;
        guint64 tiles = mem == VS_MEMORY_CMX ? tiles_mask (MAX (ti.tile, 0), 1) : 0;
        gint32 idx = type_is_empty (&ti) ? -1
                     : add_buffer (im, intern_id (im, item), name, &ti, mem, tiles, -1);
        record_buffer_value (im, item, idx, &ti);
      }
    }
    if (i < close)
      i++;
  }
  return TRUE;
}

static gboolean
import_body (Importer *im, guint body, GError **error)
{
  const VsMlirText *m = im->m;
  g_autoptr (GArray) sts = split_statements (m, body + 1, close_of (m, body));
  for (guint k = 0; k < sts->len; k++) {
    Span st = g_array_index (sts, Span, k);
    guint result;
    guint op = statement_op (m, st, &result);
    if (op == 0) {
      warn (im, st.first, "statement", "a statement that is not an operation was skipped");
      continue;
    }
    gboolean ok = TRUE;
    /* the YAML reader's limits, so that whatever is imported reads back */
    guint limit = 0;
    const char *over = NULL;
    if (im->s->tasks->len >= VS_SCHEDULE_MAX_TASKS)
      limit = VS_SCHEDULE_MAX_TASKS, over = "tasks";
    else if (im->s->buffers->len >= VS_SCHEDULE_MAX_BUFFERS)
      limit = VS_SCHEDULE_MAX_BUFFERS, over = "buffers";
    else if (im->s->barriers->len >= VS_SCHEDULE_MAX_BARRIERS)
      limit = VS_SCHEDULE_MAX_BARRIERS, over = "barriers";
    if (over != NULL) {
      vs_mlir_error_at (m, op, error, "more than %u %s: too large a schedule", limit, over);
      return FALSE;
    }
    if (vs_mlir_is_ident (m, op, "VPURT.Task")) {
      ok = import_task (im, st, op, error);
    } else if (vs_mlir_is_ident (m, op, "VPURT.DeclareBuffer")) {
      ok = result != 0 ? declare_buffer (im, st, result, op, error) : TRUE;
    } else if (vs_mlir_is_ident (m, op, "const.Declare")) {
      ok = result != 0 ? declare_const (im, st, result, op, error) : TRUE;
    } else if (vs_mlir_is_ident (m, op, "VPURT.ConfigureBarrier")) {
      ok = result != 0 ? declare_barrier (im, result, op, TRUE, st, error) : TRUE;
    } else if (vs_mlir_is_ident (m, op, "VPURT.DeclareVirtualBarrier")) {
      ok = result != 0 ? declare_barrier (im, result, op, FALSE, st, error) : TRUE;
    } else if (vs_mlir_is_ident (m, op, "VPURT.DeclareSparseBuffer") && result != 0) {
      /* the data buffer stands for the pair */
      guint v = op + 1;
      Value *data = kind_of (m, v) == VS_MLIR_TOK_VALUE ? value_get (im, v) : NULL;
      if (data != NULL) {
        Value copy = *data;
        value_set (im, result, &copy);
        vs_schedule_buffer (im->s, copy.index)->sparse = TRUE;
      }
    } else if (vs_mlir_is_ident (m, op, "return") || vs_mlir_is_ident (m, op, "func.return")) {
      /* nothing */
    } else {
      g_autofree char *name = vs_mlir_tok_dup (m, op);
      g_autofree char *key = g_strconcat ("outside:", name, NULL);
      warn (im, op, key, "operation %s outside a VPURT.Task is not part of the schedule: skipped",
            name);
    }
    if (ok && im->deferred != NULL) {
      g_propagate_error (error, g_steal_pointer (&im->deferred));
      ok = FALSE;
    }
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

/* A barrier that tasks wait on but no task updates would deadlock the
 * replay; the validator says so too, but without the line. */
static gboolean
barriers_have_producers (Importer *im, GError **error)
{
  const VsSchedule *s = im->s;
  g_autofree guint *producers = g_new0 (guint, s->barriers->len + 1);
  g_autofree guint *consumers = g_new0 (guint, s->barriers->len + 1);
  for (guint t = 0; t < s->tasks->len; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    for (guint k = 0; k < task->n_updates; k++)
      producers[g_array_index (s->refs, gint32, task->first_update + k)]++;
    for (guint k = 0; k < task->n_waits; k++)
      consumers[g_array_index (s->refs, gint32, task->first_wait + k)]++;
  }
  for (guint b = 0; b < s->barriers->len; b++)
    if (consumers[b] > 0 && producers[b] == 0 && b < im->barrier_tok->len) {
      /* the validator's words and error code, with the place */
      GError *local = NULL;
      vs_mlir_error_at (im->m, g_array_index (im->barrier_tok, guint, b), &local,
                        "barrier '%s' is waited on by %u task(s) but no task updates it",
                        vs_schedule_barrier (s, b)->id, consumers[b]);
      g_set_error_literal (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID, local->message);
      g_error_free (local);
      return FALSE;
    }
  return TRUE;
}

static VsSchedule *
import_text (const VsMlirText *m, GPtrArray *warnings, GError **error)
{
  Importer im;
  memset (&im, 0, sizeof im);
  im.m = m;
  im.s = vs_schedule_new ();
  im.s->path = g_strdup (m->origin);
  im.loc_alias = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im.order_alias = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.queue_ids = g_hash_table_new (g_str_hash, g_str_equal);
  im.warnings = vs_warning_log_new ();
  im.vpunn_kernels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im.upa_servers = 16;
  im.barrier_tok = g_array_new (FALSE, FALSE, sizeof (guint));
  im.max_tile = -1;
  im.max_port = -1;
  {
    char **names = vs_shave_table_kernel_names (vs_shave_table_builtin ());
    for (char **p = names; p != NULL && *p != NULL; p++)
      g_hash_table_add (im.vpunn_kernels, *p);
    g_free (names);   /* the strings now belong to the set */
  }
  gboolean ok = FALSE;
  collect_aliases (&im);

  g_autoptr (GArray) funcs = g_array_new (FALSE, FALSE, sizeof (Func));
  find_functions (m, funcs);
  g_autofree char *entry = NULL;
  for (guint i = 0; i + 2 < m->n_tokens; i++)
    if (vs_mlir_is_ident (m, i, "entryPoint") && vs_mlir_is_punct (m, i + 1, ':') &&
        kind_of (m, i + 2) == VS_MLIR_TOK_SYMBOL) {
      entry = vs_mlir_tok_dup (m, i + 2);
      break;
    }
  const Func *fn = NULL;
  for (guint k = 0; k < funcs->len && fn == NULL; k++) {
    const Func *f = &g_array_index (funcs, Func, k);
    if (f->body != 0 && entry != NULL && vs_mlir_text_is (m, f->name, entry))
      fn = f;
  }
  for (guint k = 0; k < funcs->len && fn == NULL; k++) {
    const Func *f = &g_array_index (funcs, Func, k);
    if (f->body != 0 && body_has_tasks (m, f->body))
      fn = f;
  }
  if (fn == NULL) {
    g_set_error (error, VS_VPURT_ERROR, VS_VPURT_ERROR_PARSE,
                 "%s:1:1: no function with VPURT.Task operations: not a VPURT-level schedule",
                 m->origin);
    goto out;
  }
  {
    /* the module name, for provenance */
    for (guint i = 0; i + 1 < m->n_tokens; i = vs_mlir_skip (m, i))
      if (vs_mlir_is_ident (m, i, "module")) {
        if (kind_of (m, i + 1) == VS_MLIR_TOK_SYMBOL) {
          g_autofree char *raw = vs_mlir_tok_dup (m, i + 1);
          char *name = raw[1] == '"' ? vs_mlir_string (m, i + 1, NULL) : g_strdup (raw + 1);
          if (name != NULL)
            g_hash_table_replace (im.s->source, g_strdup ("module"), name);
        }
        break;
      }
  }
  g_hash_table_replace (im.s->source, g_strdup ("compiler"), g_strdup ("NPU compiler, VPURT MLIR"));
  {
    g_autofree char *base = g_path_get_basename (m->origin);
    g_hash_table_replace (im.s->source, g_strdup ("ir_file"), g_strdup (base));
  }
  if (!scan_module (&im, fn->body, close_of (m, fn->body), error))
    goto out;
  if (!import_args (&im, fn->args))
    goto out;
  if (im.deferred != NULL) {
    g_propagate_error (error, g_steal_pointer (&im.deferred));
    goto out;
  }
  if (!import_body (&im, fn->body, error))
    goto out;
  if (im.s->tasks->len == 0) {
    vs_mlir_error_at (m, fn->name, error, "the function has no VPURT.Task to import");
    goto out;
  }
  sort_queues (&im);
  if (!finish_device (&im, error))
    goto out;
  if (!barriers_have_producers (&im, error))
    goto out;
  ok = vs_schedule_validate (im.s, error);

out:
  vs_warning_log_append_lines (im.warnings, warnings);
  g_hash_table_unref (im.loc_alias);
  g_hash_table_unref (im.order_alias);
  g_hash_table_unref (im.values);
  g_hash_table_unref (im.queue_ids);
  vs_warning_log_free (im.warnings);
  g_hash_table_unref (im.vpunn_kernels);
  g_array_unref (im.barrier_tok);
  g_clear_error (&im.deferred);
  if (!ok) {
    vs_schedule_free (im.s);
    return NULL;
  }
  return im.s;
}

VsSchedule *
vs_vpurt_import_from_data (const char *data, gsize length, const char *origin, GPtrArray *warnings,
                           GError **error)
{
  g_autoptr (VsMlirText) m = vs_mlir_lex (data, length, origin, error);
  if (m == NULL)
    return NULL;
  return import_text (m, warnings, error);
}

VsSchedule *
vs_vpurt_import_full (const char *path, GPtrArray *warnings, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  GError *e = NULL;
  if (!vs_input_file_read (path, VS_MLIR_MAX_BYTES, "an MLIR file", &data, &length, &e)) {
    vs_input_file_error_into (error, e, VS_VPURT_ERROR, VS_VPURT_ERROR_IO);
    return NULL;
  }
  return vs_vpurt_import_from_data (data, length, path, warnings, error);
}

VsSchedule *
vs_vpurt_import (const char *path, GError **error)
{
  return vs_vpurt_import_full (path, NULL, error);
}

char *
vs_vpurt_location_name (const char *loc, const char *context, GError **error)
{
  g_autofree char *text = g_strdup_printf ("%s\n#vs_probe = loc(%s)\n", context ? context : "", loc);
  g_autoptr (VsMlirText) m = vs_mlir_lex (text, strlen (text), "<location>", error);
  if (m == NULL)
    return NULL;
  Importer im;
  memset (&im, 0, sizeof im);
  im.m = m;
  im.loc_alias = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im.order_alias = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.warnings = vs_warning_log_new ();
  collect_aliases (&im);
  gpointer p = g_hash_table_lookup (im.loc_alias, "#vs_probe");
  char *name = p != NULL ? loc_name (&im, GPOINTER_TO_UINT (p) - 1) : NULL;
  g_hash_table_unref (im.loc_alias);
  g_hash_table_unref (im.order_alias);
  vs_warning_log_free (im.warnings);
  return name;
}
