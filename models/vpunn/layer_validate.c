/* SPDX-License-Identifier: Apache-2.0 */
/* layer_validate.c — the whole-layer rules of NPU 2.7 and 4.0, written as
 * straight-line checks (the reference's check_layer_consistency over its
 * VPU2_7/VPU4_0 "LayerValidValues"). */
#include "models/vpunn/layer_validate.h"

#include "models/vpunn/dpu_sanitizer.h"

gboolean
vs_tiling_is_vertical (VsTilingStrategy s)
{
  switch (s) {
  case VS_TILING_SOHW: case VS_TILING_SOHK: case VS_TILING_SOH_HALO_READ:
  case VS_TILING_SOHO_K_SWITCH: case VS_TILING_SOH_OVERLAPPED:
    return TRUE;
  default:
    return FALSE;
  }
}

gboolean
vs_tiling_is_horizontal (VsTilingStrategy s)
{
  return s == VS_TILING_SOHW || s == VS_TILING_SOW;
}

/* How many times a dimension's upper limit grows because the strategy cuts
 * it between tiles (the reference's "border coefficients"). */
typedef struct { gint64 w, h, c; } Extension;

static Extension
extension_of (VsTilingStrategy s, gint64 n)
{
  Extension e = { 1, 1, 1 };
  switch (s) {
  case VS_TILING_SOH_OVERLAPPED: case VS_TILING_SOH_HALO_READ:
  case VS_TILING_SOHO_K_SWITCH: case VS_TILING_SOH_K_SWITCH:
    e.h = n; break;
  case VS_TILING_SOK: case VS_TILING_SOK_NO_BROADCAST:
    e.c = n; break;
  case VS_TILING_SOW:
    e.w = n; break;
  case VS_TILING_SOHW:
    e.w = e.h = n; break;
  case VS_TILING_SOHK:
    e.h = e.c = n; break;
  default:
    break;
  }
  return e;
}

/* The ISI strategy the layer is checked with (mapTilingStrategiesToWorkload). */
static VsIsiStrategy
presumed_isi (VsTilingStrategy s)
{
  switch (s) {
  case VS_TILING_SOH_HALO_READ: return VS_ISI_SPLIT_OVER_H;
  case VS_TILING_SOK: case VS_TILING_SOK_NO_BROADCAST: return VS_ISI_SPLIT_OVER_K;
  default: return VS_ISI_CLUSTERING;
  }
}

static gboolean
in_range (gint64 v, gint64 lo, gint64 hi, gint64 div)
{
  return v >= lo && v <= hi && v % div == 0;
}

static gboolean
in_dtype_ok (VsDataType t)
{
  return t == VS_DTYPE_INT8 || t == VS_DTYPE_UINT8 || t == VS_DTYPE_FLOAT16 || t == VS_DTYPE_BFLOAT16;
}

static gboolean
out_dtype_ok (VsVpuDevice device, VsDataType t)
{
  return in_dtype_ok (t) || (device == VS_DEVICE_VPU_4_0 && t == VS_DTYPE_FLOAT32);
}

static gboolean
weights_dtype_ok (VsDataType t)
{
  return in_dtype_ok (t) || t == VS_DTYPE_INT4 || t == VS_DTYPE_UINT4;
}

static gboolean
operation_known (VsDpuOperation op)
{
  return op == VS_OP_CONVOLUTION || op == VS_OP_DW_CONVOLUTION || op == VS_OP_CM_CONVOLUTION ||
         op == VS_OP_ELTWISE || op == VS_OP_MAXPOOL;
}

/* Input channels of a whole layer, the upper limit scaled by the split. */
static gboolean
input_channels_ok (VsDpuOperation op, gint64 c, gint64 scale)
{
  if (op == VS_OP_CM_CONVOLUTION)
    return in_range (c, 1, 15 * scale, 1);
  return in_range (c, 16, 8192 * scale, 16);
}

static gboolean
shape_ok (const VsDpuWorkload *l, VsTilingStrategy strategy, gint64 n_tiles)
{
  const Extension ext = extension_of (strategy, n_tiles);
  const gboolean vertical = vs_tiling_is_vertical (strategy);
  const gboolean horizontal = vs_tiling_is_horizontal (strategy);
  const gint64 kw = (gint32) l->kernel_w, kh = (gint32) l->kernel_h;
  const gint64 sw = (gint32) l->stride_w, sh = (gint32) l->stride_h;
  const gint64 pt = (gint32) l->pad_top, pb = (gint32) l->pad_bottom;
  const gint64 pl = (gint32) l->pad_left, pr = (gint32) l->pad_right;
  const gint64 in_w = (gint32) l->input.w, in_h = (gint32) l->input.h;
  const gint64 in_c = (gint32) l->input.c, in_b = (gint32) l->input.b;
  const gint64 out_w = (gint32) l->output.w, out_h = (gint32) l->output.h;
  const gint64 out_c = (gint32) l->output.c, out_b = (gint32) l->output.b;
  const gint64 kmax = l->op == VS_OP_ELTWISE ? 1 : 15, smax = l->op == VS_OP_ELTWISE ? 1 : 8;

  if (kw < 1 || kw > kmax || kh < 1 || kh > kmax)
    return FALSE;
  if (pl < 0 || pl > kw / 2 || pr < 0 || pr > kw / 2 || pt < 0 || pt > kh / 2 || pb < 0 || pb > kh / 2)
    return FALSE;
  /* a split dimension must give every tile at least two output rows/columns' input */
  gint64 min_h = MAX (1, kh - (pt + pb) + (vertical ? 1 : 0));
  gint64 min_w = MAX (1, kw - (pl + pr) + (horizontal ? 1 : 0));
  if (in_h < min_h || in_h > 8192 * ext.h || in_w < min_w || in_w > 8192 * ext.w)
    return FALSE;
  if (!input_channels_ok (l->op, in_c, ext.c) || in_b < 1)
    return FALSE;
  if (sw < 1 || sw > MIN (smax, in_w + pl + pr) || sh < 1 || sh > MIN (smax, in_h + pt + pb))
    return FALSE;
  if (out_b != in_b || out_w != vs_dpu_output_dim (in_w, pl, pr, kw, sw) ||
      out_h != vs_dpu_output_dim (in_h, pt, pb, kh, sh))
    return FALSE;
  /* SOK needs two slices of 16 channels at least */
  gint64 min_out_c = presumed_isi (strategy) == VS_ISI_SPLIT_OVER_K ? 32 : 16;
  if (!in_range (out_c, min_out_c, 8192 * ext.c, 16) || out_b < 1)
    return FALSE;
  if ((vertical && out_h <= 1) || (horizontal && out_w <= 1))
    return FALSE;
  return TRUE;
}

gboolean
vs_layer_check (const VsDpuWorkload *l, VsTilingStrategy strategy, guint n_tiles, VsCycles *error_code)
{
  if (l->device != VS_DEVICE_VPU_2_7 && l->device != VS_DEVICE_VPU_4_0) {
    *error_code = VS_ERROR_INVALID_INPUT_DEVICE;
    return FALSE;
  }
  if (!operation_known (l->op)) {
    *error_code = VS_ERROR_INVALID_INPUT_OPERATION;
    return FALSE;
  }
  gboolean ok = TRUE;
  /* the layer is checked as if it wrote its output to every tile */
  gint64 owt = n_tiles;
  ok = ok && owt >= 1 && owt <= (l->device == VS_DEVICE_VPU_2_7 ? 2 : 8);
  ok = ok && shape_ok (l, strategy, n_tiles);
  ok = ok && in_dtype_ok (l->input.dtype) && vs_layout_is_3d (l->input.layout) &&
       (guint) l->in_swizzling[0] <= VS_SWIZZLING_KEY_5;
  ok = ok && out_dtype_ok (l->device, l->output.dtype) && vs_layout_is_3d (l->output.layout) &&
       (guint) l->out_swizzling <= VS_SWIZZLING_KEY_5;
  ok = ok && weights_dtype_ok (l->input.dtype);

  /* sparsity: values in [0, 1]; only convolutions and element-wise may be sparse */
  const float act = l->act_sparsity, wgt = l->weight_sparsity;
  ok = ok && act >= 0.0f && act <= 1.0f && !(l->input.sparse && act < 0.01f) && wgt >= 0.0f && wgt <= 1.0f;
  if (l->op == VS_OP_CONVOLUTION || l->op == VS_OP_ELTWISE)
    ok = ok && (l->input.sparse || act == 0.0f) && (l->weight_sparsity_enabled || wgt == 0.0f);
  else
    ok = ok && !l->input.sparse && act == 0.0f && !l->weight_sparsity_enabled && wgt == 0.0f;

  /* channel-preserving operations */
  if (l->op == VS_OP_DW_CONVOLUTION || l->op == VS_OP_ELTWISE || l->op == VS_OP_MAXPOOL)
    ok = ok && l->output.c == l->input.c;

  if (!ok)
    *error_code = VS_ERROR_INVALID_LAYER_CONFIGURATION;
  return ok;
}
