/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_buffers.c — SSA values and what they stand for: VPURT.DeclareBuffer,
 * const.Declare and the function's arguments become schedule buffers;
 * VPURT.ConfigureBarrier / DeclareVirtualBarrier become barriers. */
#include "config.h"

#include <string.h>

#include "sim/import/vpurt_internal.h"

Value *
vpurt_value_get (Importer *im, guint tok)
{
  g_autofree char *name = vpurt_value_name (im->m, tok);
  return g_hash_table_lookup (im->values, name);
}

void
vpurt_value_set (Importer *im, guint tok, const Value *v)
{
  g_hash_table_replace (im->values, vpurt_value_name (im->m, tok), g_memdup2 (v, sizeof *v));
}

gint64
vpurt_compact_bytes (const VsTensor *t)
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

gint32
vpurt_add_buffer (Importer *im, const char *id, const char *name, const TypeInfo *ti, VsMemory mem,
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

guint64
vpurt_tiles_mask (gint first, gint n)
{
  guint64 mask = 0;
  for (gint k = first; k < first + n && k < MAX_TILES; k++)
    mask |= G_GUINT64_CONSTANT (1) << k;
  return mask;
}

void
vpurt_note_tiles (Importer *im, guint64 mask)
{
  for (gint k = MAX_TILES - 1; k >= 0; k--)
    if (mask & (G_GUINT64_CONSTANT (1) << k)) {
      im->max_tile = MAX (im->max_tile, k);
      return;
    }
}

void
vpurt_record_buffer_value (Importer *im, guint result, gint32 index, const TypeInfo *ti)
{
  Value v;
  memset (&v, 0, sizeof v);
  v.kind = VAL_BUFFER;
  v.index = index;
  g_strlcpy (v.dist_mode, ti->dist_mode, sizeof v.dist_mode);
  v.num_clusters = ti->num_clusters;
  v.compressed_bytes = ti->compressed_bytes;
  v.empty = index < 0;
  vpurt_value_set (im, result, &v);
}

gboolean
vpurt_type_is_empty (const TypeInfo *ti)
{
  for (gint d = 0; d < ti->rank; d++)
    if (ti->shape[d] == 0)
      return TRUE;
  return FALSE;
}

/* %x = VPURT.DeclareBuffer <Section> [tiles] <offset> {swizzlingKey} -> type */
gboolean
vpurt_declare_buffer (Importer *im, Span st, guint result, guint op, GError **error)
{
  const VsMlirText *m = im->m;
  guint i = op + 1;
  g_autofree char *section = NULL;
  if (opens (m, i, '<')) {
    section = vpurt_word_in (m, i + 1, close_of (m, i));
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
    gint n = vpurt_val_int_array (m, &a, idx, MAX_TILES);
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
    vpurt_dict_parse (m, i, d);
    gint64 key;
    if (vpurt_val_int (m, vpurt_attr_get (m, d, "swizzlingKey"), &key) && key >= 0 &&
        key < VS_SWIZZLING_COUNT)
      swizzle = (gint) key;
  }
  TypeInfo ti;
  if (!vpurt_result_type (im, st, &ti)) {
    if (im->deferred != NULL)
      g_propagate_error (error, g_steal_pointer (&im->deferred));
    else
      vs_mlir_error_at (m, op, error, "VPURT.DeclareBuffer: no tensor type after '->'");
    return FALSE;
  }
  if (swizzle >= 0)
    ti.swizzle = swizzle;
  VsMemory mem;
  if (strcmp (section, "CMX_NN") == 0 || strcmp (section, "CMX_UPA") == 0 ||
      strcmp (section, "VPU_CMX_NN") == 0 || strcmp (section, "VPU_CMX_UPA") == 0)
    mem = VS_MEMORY_CMX;
  else if (strcmp (section, "Register") == 0 || strcmp (section, "MAC_Accumulators") == 0)
    mem = VS_MEMORY_REGISTER;
  else {
    static const char *const ddr[] = { "DDR", "NetworkInput", "NetworkOutput", "ProfilingOutput",
                                       "Constant", "SW_KernelText", "CSRAM", "FunctionInput",
                                       "FunctionOutput", "VPU_DDR_Heap", "VPU_DDR_BSS",
                                       "VPU_CSRAM", "ProgrammableInput", "ProgrammableOutput",
                                       "GraphFile", NULL };
    if (!g_strv_contains (ddr, section))
      vpurt_warn (im, op, "section", "unknown memory section '%s': read as DDR", section);
    mem = VS_MEMORY_DDR;
  }
  if (mem == VS_MEMORY_CMX && !have_tiles) {
    if (ti.tile >= 0)
      tiles = vpurt_tiles_mask (ti.tile, 1);
    else if (ti.num_clusters > 0)
      tiles = vpurt_tiles_mask (0, ti.num_clusters);
    else
      tiles = vpurt_tiles_mask (0, 1);
  }
  if (mem == VS_MEMORY_CMX)
    vpurt_note_tiles (im, tiles);
  g_autofree char *name = vpurt_statement_name (im, st);
  /* memref<0x0x0x0xi32> placeholders of sync and fetch DMAs hold nothing */
  gint32 idx = vpurt_type_is_empty (&ti) ? -1
               : vpurt_add_buffer (im, vpurt_intern_id (im, result), name, &ti, mem, tiles, offset);
  vpurt_record_buffer_value (im, result, idx, &ti);
  return TRUE;
}

/* %cst = const.Declare memref<...> = dense<...> : ... */
gboolean
vpurt_declare_const (Importer *im, Span st, guint result, guint op, GError **error)
{
  TypeInfo ti;
  if (!vpurt_parse_type (im, op + 1, &ti)) {
    if (im->deferred != NULL)
      g_propagate_error (error, g_steal_pointer (&im->deferred));
    else
      vs_mlir_error_at (im->m, op, error, "const.Declare: expected a memref type");
    return FALSE;
  }
  g_autofree char *name = vpurt_statement_name (im, st);
  gint32 idx = vpurt_type_is_empty (&ti) ? -1
               : vpurt_add_buffer (im, vpurt_intern_id (im, result), name, &ti, VS_MEMORY_DDR, 0, -1);
  vpurt_record_buffer_value (im, result, idx, &ti);
  return TRUE;
}

/* %x = VPURT.ConfigureBarrier<pid> {isFinalBarrier} -> !VPURT.Barrier
 * %x = VPURT.DeclareVirtualBarrier -> !VPURT.Barrier */
gboolean
vpurt_declare_barrier (Importer *im, guint result, guint op, gboolean physical, Span st, GError **error)
{
  const VsMlirText *m = im->m;
  VsBarrier b;
  memset (&b, 0, sizeof b);
  b.id = vpurt_intern_id (im, result);
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
  vpurt_op_attrs (m, i - 1, st.end, d);
  b.is_start = vpurt_attr_get (m, d, "isStartBarrier") != NULL;
  b.is_final = vpurt_attr_get (m, d, "isFinalBarrier") != NULL;
  gint64 v;
  if (vpurt_val_int (m, vpurt_attr_get (m, d, "producer_count"), &v) && v >= 0 && v <= G_MAXINT32)
    b.declared_producers = (gint32) v;
  if (vpurt_val_int (m, vpurt_attr_get (m, d, "consumer_count"), &v) && v >= 0 && v <= G_MAXINT32)
    b.declared_consumers = (gint32) v;
  g_array_append_val (im->s->barriers, b);
  g_array_append_val (im->barrier_tok, op);
  Value val = { .kind = VAL_BARRIER, .index = (gint32) im->s->barriers->len - 1 };
  vpurt_value_set (im, result, &val);
  return TRUE;
}
