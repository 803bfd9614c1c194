/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_types.c — MLIR tensor types to TypeInfo: memref<...>, tensor<...>,
 * !VPUIP.DistributedBuffer / ITIBuffer / SparseBuffer: shape, element type,
 * order, strides, memory, tile, swizzling, distribution, compression. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sim/import/vpurt_internal.h"

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
  if (!vpurt_val_dict (m, scheme, d))
    return;
  gint64 axis = 0, align = 1;
  vpurt_val_int (m, vpurt_attr_get (m, d, "axis"), &axis);
  vpurt_val_int (m, vpurt_attr_get (m, d, "alignment"), &align);
  const Attr *ne = vpurt_attr_get (m, d, "numElems");
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
  const Attr *mode = vpurt_attr_get (m, d, "mode");
  if (mode != NULL) {
    g_autofree char *raw = NULL;
    if (kind_of (m, mode->first) == VS_MLIR_TOK_STRING)
      raw = vs_mlir_string (m, mode->first, NULL);
    else if (opens (m, mode->first, '<'))
      raw = close_of (m, mode->first) > mode->first + 1
              ? vs_mlir_span_dup (m, mode->first + 1, close_of (m, mode->first) - 1) : NULL;
    else
      raw = vpurt_val_word (m, mode);
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
  if (vpurt_val_int (m, vpurt_attr_get (m, d, "num_clusters"), &n) && n > 0 && n <= MAX_TILES)
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
      vpurt_warn (im, i, "order-alias",
                  "memory order %s is not an affine_map alias: layout left default",
            name);
  } else if (vs_mlir_is_ident (m, i, "affine_map")) {
    g_autofree char *o = vpurt_order_of_affine_map (m, i);
    if (o != NULL)
      g_strlcpy (ti->order, o, sizeof ti->order);
  }
}

static void
layout_dict (Importer *im, guint open, TypeInfo *ti)
{
  const VsMlirText *m = im->m;
  g_autoptr (GArray) d = g_array_new (FALSE, FALSE, sizeof (Attr));
  vpurt_dict_parse (m, open, d);
  const Attr *a = vpurt_attr_get (m, d, "order");
  if (a != NULL && a->first < a->end)
    order_value (im, a->first, ti);
  gint64 st[MAX_DIMS];
  gint n = vpurt_val_int_array (m, vpurt_attr_get (m, d, "strides"), st, MAX_DIMS);
  if (n > 0 && n == ti->rank) {
    for (gint k = 0; k < n; k++)
      if (st[k] < 0 || st[k] > VS_VPURT_MAX_DIM) {
        vpurt_defer_error (im, a != NULL ? a->first : open,
                           "stride %" G_GINT64_FORMAT " is outside [0, %"
                     G_GINT64_FORMAT "]", st[k], (gint64) VS_VPURT_MAX_DIM);
        return;
      }
    ti->has_strides = TRUE;
    for (gint k = 0; k < n; k++)
      ti->strides[k] = st[k];
  }
  const Attr *sw = vpurt_attr_get (m, d, "swizzlingScheme");
  if (sw != NULL) {
    g_autoptr (GArray) sd = g_array_new (FALSE, FALSE, sizeof (Attr));
    gint64 key;
    if (vpurt_val_dict (m, sw, sd) && vpurt_val_int (m, vpurt_attr_get (m, sd, "key"), &key) &&
        key >= 0 &&
        key < VS_SWIZZLING_COUNT)
      ti->swizzle = (gint) key;
  }
  const Attr *cs = vpurt_attr_get (m, d, "compressionScheme");
  if (cs == NULL)
    cs = vpurt_attr_get (m, d, "sparsityCompression");
  if (cs != NULL)
    compression_bytes (im, cs, ti);
  distribution (im, d, ti);
}

static gint
memory_of_symbol (const char *sym)
{
  /* the VPU_ spellings are those of the 2021-22 compilers */
  if (strcmp (sym, "@DDR") == 0 || strcmp (sym, "@CSRAM") == 0 || strcmp (sym, "@VPU_DDR_Heap") == 0 ||
      strcmp (sym, "@VPU_DDR_BSS") == 0 || strcmp (sym, "@VPU_CSRAM") == 0)
    return VS_MEMORY_DDR;
  if (strcmp (sym, "@CMX_NN") == 0 || strcmp (sym, "@CMX_UPA") == 0 ||
      strcmp (sym, "@VPU_CMX_NN") == 0 || strcmp (sym, "@VPU_CMX_UPA") == 0)
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
            vpurt_defer_error (im, item, "dimension %.*s is larger than %" G_GINT64_FORMAT,
                         (int) MIN (q - p, 40), p, (gint64) VS_VPURT_MAX_DIM);
            return FALSE;
          }
          dims[rank++] = (gint64) dim;
          p = q + 1;
        } else if (*p == '?' && p[1] == 'x') {
          vpurt_warn (im, item, "dynamic-dim", "dynamic dimension '?' read as 1");
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
        vpurt_defer_error (im, item, "'%.40s' is not an element type (a tensor type ends in f16, i8, "
                           "...)", p);
        return FALSE;
      }
      if (!element_type (p, &ti->dtype, &ti->bits)) {
        vpurt_warn (im, item, "elem-type", "element type '%s' has no VPUNN equivalent: read as u8", p);
        ti->dtype = VS_DTYPE_UINT8;
        ti->bits = 8;
      }
      /* more dims than a VsTensor holds: fold the outer ones */
      gint fold = rank > VS_MAX_RANK ? rank - VS_MAX_RANK + 1 : 1;
      gint64 outer = 1;
      for (gint d = 0; d < fold && d < rank; d++) {
        if (dims[d] > 0 && outer > VS_VPURT_MAX_DIM / dims[d]) {
          vpurt_defer_error (im, item, "a tensor of %d dimensions folds to more than %" G_GINT64_FORMAT
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
        vpurt_dict_parse (m, item + 1, d);
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
gboolean
vpurt_parse_type (Importer *im, guint i, TypeInfo *ti)
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
        gboolean ok = vpurt_parse_type (im, k + 2, ti);
        ti->sparse = TRUE;
        return ok;
      }
    return FALSE;
  }
  return parse_shaped (im, i + 1, ti);
}

/* The first type after the top-level '->' of a span. */
gboolean
vpurt_result_type (Importer *im, Span sp, TypeInfo *ti)
{
  for (guint i = sp.first; i < sp.end; i = vs_mlir_skip (im->m, i))
    if (kind_of (im->m, i) == VS_MLIR_TOK_ARROW) {
      guint t = i + 1;
      if (opens (im->m, t, '('))
        t++;
      return vpurt_parse_type (im, t, ti);
    }
  return FALSE;
}
