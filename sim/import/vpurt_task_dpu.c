/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_task_dpu.c — VPUIP.NCEClusterTask: operation, kernel, strides,
 * padding, tensors, ISI strategy, weight sparsity, PPE activation and the
 * DPUTask variants (output box, input box, padding, MPE mode, cluster). */
#include "config.h"

#include <string.h>

#include "sim/import/vpurt_internal.h"

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
  g_autoptr (GArray) sts = vpurt_split_statements (m, open + 1, close_of (m, open));
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
        mode = vpurt_word_in (m, j + 1, close_of (m, j));
      else if (kind_of (m, j) == VS_MLIR_TOK_STRING && mode == NULL)
        mode = vs_mlir_string (m, j, NULL);
      else if (opens (m, j, '{')) {
        g_autoptr (GArray) d = g_array_new (FALSE, FALSE, sizeof (Attr));
        vpurt_dict_parse (m, j, d);
        const Attr *ppe = vpurt_attr_get (m, d, "ppe");
        g_autoptr (GArray) inner = g_array_new (FALSE, FALSE, sizeof (Attr));
        GArray *src = d;
        if (ppe != NULL && vpurt_val_dict (m, ppe, inner))
          src = inner;
        if (mode == NULL)
          mode = vpurt_val_word (m, vpurt_attr_get (m, src, "mode"));
        have_clamp = vpurt_val_double (m, vpurt_attr_get (m, src, "clamp_low"), &clamp_low);
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
  if (a == NULL || !vpurt_val_dict (m, a, d))
    return FALSE;
  gint64 v;
  const char *const sides[] = { "top", "bottom", "left", "right" };
  gint32 *out[] = { top, bottom, left, right };
  for (guint k = 0; k < G_N_ELEMENTS (sides); k++)
    if (vpurt_val_int (m, vpurt_attr_get (m, d, sides[k]), &v))
      *out[k] = (gint32) CLAMP (v, 0, VS_VPURT_MAX_KERNEL);
  return TRUE;
}

static gboolean
box3 (const VsMlirText *m, const Attr *a, gint32 out[3])
{
  gint64 v[3];
  if (vpurt_val_int_array (m, a, v, 3) != 3)
    return FALSE;
  for (int k = 0; k < 3; k++) {
    if (v[k] < 0 || v[k] > VS_VPURT_MAX_COORD)
      return FALSE;
    out[k] = (gint32) v[k];
  }
  return TRUE;
}

/* Attributes of NCEClusterTask and DPUTask in every compiler version read
 * (VPUIP ops.td 2022-2026 and the printed schedules).  Those vpusim does not
 * use are listed too: an attribute outside these lists may change what the
 * task does, so it is named in a warning (once per attribute), never
 * refused. */
static const char *const nce_attrs_known[] = {
  "task_type", "kernel_size", "kernel_strides", "kernel_padding", "activation_window_channel_length",
  "is_continued", "cm_sp_pattern", "is_segmented", "out_channel_offset",
  "input_channels_compression", "is_superdense", "is_inplace", "input_se_size", "output_se_size",
  "is_permute_quantize", "is_small_kernel_optimized", "profilingMetadata", "eltwise_type",
  "mpe_engine", "minimumHardwareExecutionCost", "clusterId", "maxVariants", "numVariants", "taskId",
  "operandSegmentSizes", "operand_segment_sizes", "result_segment_sizes", "resultSegmentSizes",
  NULL
};
static const char *const variant_attrs_known[] = {
  "outStart", "outEnd", "inStart", "inEnd", "start", "end", "pad", "mpe_mode", "cluster_id",
  "workload_id", "haloRegions", NULL
};

static void
warn_unknown_attrs (Importer *im, const GArray *attrs, const char *op, const char *const *known)
{
  const VsMlirText *m = im->m;
  for (guint k = 0; k < attrs->len; k++) {
    const Attr *a = &g_array_index (attrs, Attr, k);
    g_autofree char *name = kind_of (m, a->key) == VS_MLIR_TOK_STRING
                              ? vs_mlir_string (m, a->key, NULL) : vs_mlir_tok_dup (m, a->key);
    if (name == NULL || g_strv_contains (known, name))
      continue;
    g_autofree char *key = g_strdup_printf ("attr:%s:%s", op, name);
    vpurt_warn (im, a->key, key, "%s attribute '%s' is not known to vpusim: ignored", op, name);
  }
}

/* One DPUTask statement `sp` to a variant; `tile` is set from its cluster_id. */
static gboolean
dpu_variant (Importer *im, Span sp, VsDpuVariant *v, GError **error)
{
  const VsMlirText *m = im->m;
  g_autoptr (GArray) va = g_array_new (FALSE, FALSE, sizeof (Attr));
  vpurt_op_attrs (m, sp.first, sp.end, va);
  warn_unknown_attrs (im, va, "DPUTask", variant_attrs_known);
  memset (v, 0, sizeof *v);
  v->tile = -1;
  /* the output box: outStart/outEnd since 2023, start/end before */
  const Attr *os = vpurt_attr_get (m, va, "outStart"), *oe = vpurt_attr_get (m, va, "outEnd");
  if (os == NULL && oe == NULL) {
    os = vpurt_attr_get (m, va, "start");
    oe = vpurt_attr_get (m, va, "end");
  }
  if (!box3 (m, os, v->out_start) || !box3 (m, oe, v->out_end)) {
    vs_mlir_error_at (m, sp.first, error, "DPUTask needs outStart and outEnd (or start and end) "
                      "as [x, y, z]");
    return FALSE;
  }
  for (int c = 0; c < 3; c++)
    if (v->out_end[c] < v->out_start[c]) {
      vs_mlir_error_at (m, sp.first, error, "DPUTask outEnd is before outStart");
      return FALSE;
    }
  v->has_in = box3 (m, vpurt_attr_get (m, va, "inStart"), v->in_start) &&
              box3 (m, vpurt_attr_get (m, va, "inEnd"), v->in_end);
  for (int c = 0; v->has_in && c < 3; c++)
    if (v->in_end[c] < v->in_start[c]) {
      vs_mlir_error_at (m, sp.first, error, "DPUTask inEnd is before inStart");
      return FALSE;
    }
  padding_of (m, vpurt_attr_get (m, va, "pad"), &v->pad_top, &v->pad_bottom, &v->pad_left,
              &v->pad_right);
  g_autofree char *mpe = vpurt_val_word (m, vpurt_attr_get (m, va, "mpe_mode"));
  VsExecutionMode mode = VS_EXEC_CUBOID_16x16;
  if (mpe != NULL && !vs_execution_mode_from_name (mpe, &mode))
    vpurt_warn (im, sp.first, "mpe", "DPUTask mpe_mode '%s' unknown to VPUNN: read as CUBOID_16x16",
                mpe);
  v->mpe_mode = mode;
  gint64 cl;
  if (vpurt_val_int (m, vpurt_attr_get (m, va, "cluster_id"), &cl) && cl >= 0 && cl < MAX_TILES) {
    v->tile = (gint32) cl;
    im->max_tile = MAX (im->max_tile, v->tile);   /* the device covers every tile used */
  }
  return TRUE;
}

/* The `variants: {...}` region of an NCEClusterTask: every DPUTask appended;
 * `tile` is the first variant's cluster, -1 if none says. */
static gboolean
dpu_variants (Importer *im, Span in, VsDpuSpec *d, gint *tile, GError **error)
{
  const VsMlirText *m = im->m;
  guint vopen = 0;
  for (guint i = in.first; i + 2 < in.end; i = vs_mlir_skip (m, i))
    if (vs_mlir_is_ident (m, i, "variants") && vs_mlir_is_punct (m, i + 1, ':') &&
        opens (m, i + 2, '{')) {
      vopen = i + 2;
      break;
    }
  if (vopen == 0)
    return TRUE;
  g_autoptr (GArray) sts = vpurt_split_statements (m, vopen + 1, close_of (m, vopen));
  for (guint k = 0; k < sts->len; k++) {
    Span sp = g_array_index (sts, Span, k);
    if (!vs_mlir_text_is (m, sp.first, "DPUTask") && !vs_mlir_text_is (m, sp.first, "VPUIP.DPUTask"))
      continue;
    VsDpuVariant v;
    if (!dpu_variant (im, sp, &v, error))
      return FALSE;
    if (*tile < 0 && v.tile >= 0)
      *tile = v.tile;
    g_array_append_val (im->s->variants, v);
    d->n_variants++;
  }
  return TRUE;
}

gboolean
vpurt_task_dpu (Importer *im, Span in, guint opname, VsTask *t, GError **error)
{
  const VsMlirText *m = im->m;
  VsDpuSpec *d = &t->spec.dpu;
  g_autoptr (GArray) attrs = g_array_new (FALSE, FALSE, sizeof (Attr));
  vpurt_op_attrs (m, opname, in.end, attrs);
  warn_unknown_attrs (im, attrs, "NCEClusterTask", nce_attrs_known);
  t->kind = VS_TASK_DPU;

  g_autofree char *type = vpurt_val_word (m, vpurt_attr_get (m, attrs, "task_type"));
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
    vpurt_warn (im, opname, type != NULL ? type : "no-task-type",
          "NCEClusterTask task_type '%s' has no VPUNN operation: costed as a convolution",
          type != NULL ? type : "(none)");

  gint64 ks[2], st[2];
  d->kernel_w = d->kernel_h = d->stride_w = d->stride_h = 1;
  /* kernel_size and kernel_strides are [Y, X] */
  if (vpurt_val_int_array (m, vpurt_attr_get (m, attrs, "kernel_size"), ks, 2) == 2) {
    d->kernel_h = (gint32) CLAMP (ks[0], 1, VS_VPURT_MAX_KERNEL);
    d->kernel_w = (gint32) CLAMP (ks[1], 1, VS_VPURT_MAX_KERNEL);
  }
  if (vpurt_val_int_array (m, vpurt_attr_get (m, attrs, "kernel_strides"), st, 2) == 2) {
    d->stride_h = (gint32) CLAMP (st[0], 1, VS_VPURT_MAX_KERNEL);
    d->stride_w = (gint32) CLAMP (st[1], 1, VS_VPURT_MAX_KERNEL);
  }
  padding_of (m, vpurt_attr_get (m, attrs, "kernel_padding"), &d->pad_top, &d->pad_bottom, &d->pad_left,
              &d->pad_right);

  d->input = vpurt_first_operand (im, in, "input");
  d->weights = vpurt_first_operand (im, in, "weights");
  d->output = vpurt_first_operand (im, in, "outputs");
  if (d->output < 0)
    d->output = vpurt_first_operand (im, in, "output");

  /* ISI strategy as the compiler derives it for VPUNN: SOK when the result
   * is multicast to several tiles, SOH when the parent input is segmented. */
  d->isi_strategy = VS_ISI_CLUSTERING;
  d->output_write_tiles = 1;
  TypeInfo rt;
  if (vpurt_result_type (im, in, &rt) && (strcmp (rt.dist_mode, "SEGMENTED|MULTICASTED") == 0 ||
                                    strcmp (rt.dist_mode, "SEGMENTED|DUPLICATED") == 0)) {
    d->isi_strategy = VS_ISI_SPLIT_OVER_K;
    d->output_write_tiles = MAX (rt.num_clusters, 1);
  }
  guint pg = vpurt_find_keyword_group (m, in, "parent_input");
  if (pg != 0) {
    g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
    vpurt_group_values (m, pg, vals);
    Value *pv = vals->len > 0 ? vpurt_value_get (im, g_array_index (vals, guint, 0)) : NULL;
    if (pv != NULL && strcmp (pv->dist_mode, "SEGMENTED") == 0)
      d->isi_strategy = VS_ISI_SPLIT_OVER_H;
  }

  if (vpurt_find_keyword_group (m, in, "weights_sparsity_map") != 0 && d->op != VS_OP_ELTWISE) {
    d->weight_sparsity_enabled = TRUE;
    guint wg = vpurt_find_keyword_group (m, in, "weights");
    g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
    if (wg != 0)
      vpurt_group_values (m, wg, vals);
    Value *wv = vals->len > 0 ? vpurt_value_get (im, g_array_index (vals, guint, 0)) : NULL;
    const VsTensor *w = vpurt_tensor_of (im, d->weights);
    gint64 dense = vpurt_compact_bytes (w);
    if (wv != NULL && wv->compressed_bytes >= 0 && dense > 0)
      d->weight_sparsity = (float) CLAMP (1.0 - wv->compressed_bytes / (double) dense, 0.0, 1.0);
  }
  d->activation = ppe_activation (im, in);

  d->first_variant = im->s->variants->len;
  d->n_variants = 0;
  gint tile = -1;
  if (!dpu_variants (im, in, d, &tile, error))
    return FALSE;
  if (d->n_variants == 0)
    vpurt_warn (im, opname, "no-variants", "NCEClusterTask without DPUTask variants");
  if (tile < 0) {
    const VsTensor *o = vpurt_tensor_of (im, d->output);
    if (o != NULL && o->tile_mask != 0)
      tile = __builtin_ctzll (o->tile_mask);
    else
      tile = 0;
  }
  t->queue = vpurt_get_queue (im, VS_ENGINE_DPU, tile, -1, -1, 1);
  return TRUE;
}
