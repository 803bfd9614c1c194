/* SPDX-License-Identifier: Apache-2.0 */
/* dpu_sanitizer.c — the reference's DPU workload sanitizer and validator,
 * re-expressed as tables and straight-line checks (SPEC.md §5.2, §5.7).
 * Integer widths follow the reference where overflow could change a verdict. */
#include "models/vpunn/dpu_sanitizer.h"

#include <math.h>

static const VsDpuDeviceConfig config_vpu20 = {
  VS_DPU_CONFIG_VPU2_0, 1024 * 1024, 16384, 16, FALSE, 1,
};
static const VsDpuDeviceConfig config_vpu27 = {
  VS_DPU_CONFIG_VPU2_7, 2048 * 1024, 16384, 16, TRUE, 1,
};
static const VsDpuDeviceConfig config_vpu40 = {
  VS_DPU_CONFIG_VPU4_0, 1536 * 1024, 16384, 32, TRUE, 1,
};
static const VsDpuDeviceConfig config_npu50 = {
  VS_DPU_CONFIG_NPU5, 1536 * 1024, 32, 16, FALSE, 16,
};
/* NPU_RESERVED shares the NPU 5 tables but has 2 MB of CMX. */
static const VsDpuDeviceConfig config_npu_reserved = {
  VS_DPU_CONFIG_NPU5, 2048 * 1024, 32, 16, FALSE, 16,
};

const VsDpuDeviceConfig *
vs_dpu_device_config (VsVpuDevice device)
{
  switch (device) {
  case VS_DEVICE_VPU_2_0:
  case VS_DEVICE_VPU_2_1: return &config_vpu20;
  case VS_DEVICE_VPU_2_7: return &config_vpu27;
  case VS_DEVICE_VPU_4_0: return &config_vpu40;
  case VS_DEVICE_NPU_5_0: return &config_npu50;
  case VS_DEVICE_NPU_RESERVED: return &config_npu_reserved;
  default: return NULL;
  }
}

static VsDataType
restrict_dtype (VsDataType t)
{
  switch (t) {
  case VS_DTYPE_INT8: return VS_DTYPE_UINT8;
  case VS_DTYPE_INT4: return VS_DTYPE_UINT4;
  case VS_DTYPE_INT2: return VS_DTYPE_UINT2;
  case VS_DTYPE_INT1: return VS_DTYPE_UINT1;
  case VS_DTYPE_BFLOAT16: return VS_DTYPE_FLOAT16;
  case VS_DTYPE_BF8: return VS_DTYPE_HF8;
  case VS_DTYPE_INT16: return VS_DTYPE_UINT16;
  default: return t;
  }
}

/* Products of tensor dimensions: hostile shapes saturate (with the sign of
 * the exact product) instead of overflowing; such workloads are rejected
 * either way. */
#define SATURATED (G_MAXINT64 / 8)

static gint64
mul (gint64 a, gint64 b)
{
  gint64 r;
  if (__builtin_mul_overflow (a, b, &r) || r > SATURATED || r < -SATURATED)
    return (a < 0) != (b < 0) ? -SATURATED : SATURATED;
  return r;
}

static gint64
mul4 (gint64 a, gint64 b, gint64 c, gint64 d)
{
  return mul (mul (mul (a, b), c), d);
}

static gint64
align_to (gint64 x, gint64 multiple)
{
  gint64 rem = x % multiple;
  return rem == 0 ? x : x + (multiple - rem);
}

/* A tensor as the reference's memory calculator holds it: signed 64-bit
 * dimensions obtained through an int cast of the unsigned shape. */
typedef struct {
  gint64 w, h, c, b;
  VsDataType dtype;
  VsLayout layout;
  gboolean sparse;
} MemTensor;

static MemTensor
mem_tensor (const VsVpuTensor *t)
{
  MemTensor m = { (gint32) t->w, (gint32) t->h, (gint32) t->c, (gint32) t->b,
                  t->dtype, t->layout, t->sparse };
  return m;
}

enum { DIM_X, DIM_Y, DIM_Z };

static int
innermost_dim (VsLayout layout)
{
  switch (layout) {
  case VS_LAYOUT_CMAJOR: case VS_LAYOUT_XYZ: case VS_LAYOUT_XZY: return DIM_X;
  case VS_LAYOUT_YXZ: case VS_LAYOUT_YZX: return DIM_Y;
  default: return DIM_Z;   /* ZMAJOR, ZXY, ZYX; INVALID falls back to Z-major */
  }
}

/* Bytes of n consecutive samples: sub-byte samples are packed, a sample never
 * spans more bytes than its size (the reference's pack mode 0). */
static gint64
run_bytes (gint64 n, VsDataType dtype)
{
  int bits = vs_data_type_reference_bits (dtype);
  if (bits >= 8 && bits % 8 == 0)
    return mul (n, bits / 8);   /* whole-byte samples: the general rule reduces to this */
  int bytes = vs_data_type_bytes (dtype);
  int overflow = bits - 8 * (bytes - 1);
  gint64 seq, seq_bytes;
  if (overflow < 1 || overflow > 8) {
    seq = -1;   /* the reference's "invalid" sequence, which degenerates to n */
    seq_bytes = -1;
  } else {
    seq = 8 / overflow;
    seq_bytes = seq * (bytes - 1) + 1;
  }
  gint64 rem = n % seq;
  return mul (n / seq, seq_bytes) + (rem == 0 ? 0 : (rem * bits) / 8 + 1);
}

static gint64
innermost_bytes (const MemTensor *t)
{
  switch (innermost_dim (t->layout)) {
  case DIM_X: return run_bytes (t->w, t->dtype);
  case DIM_Y: return run_bytes (t->h, t->dtype);
  default: return run_bytes (t->c, t->dtype);
  }
}

static gint64
elements_excluding_innermost (const MemTensor *t)
{
  switch (innermost_dim (t->layout)) {
  case DIM_X: return mul4 (t->h, t->c, t->b, 1);
  case DIM_Y: return mul4 (t->w, t->c, t->b, 1);
  default: return mul4 (t->w, t->h, t->b, 1);
  }
}

/* Operation families of the reference's per-operation behaviours. */
typedef enum { BEH_CONV, BEH_DW, BEH_CM, BEH_ELTWISE, BEH_MAXPOOL, BEH_AVGPOOL, BEH_REDUCE } Behaviour;

static Behaviour
behaviour_of (VsDpuOperation op)
{
  switch (op) {
  case VS_OP_CONVOLUTION: case VS_OP_LAYER_NORM: return BEH_CONV;
  case VS_OP_DW_CONVOLUTION: return BEH_DW;
  case VS_OP_CM_CONVOLUTION: return BEH_CM;
  case VS_OP_ELTWISE: case VS_OP_ELTWISE_MUL: return BEH_ELTWISE;
  case VS_OP_MAXPOOL: return BEH_MAXPOOL;
  case VS_OP_AVEPOOL: return BEH_AVGPOOL;
  default: return BEH_REDUCE;
  }
}

/* input_1 of the reference's DPUOperation (deduce_input_1_shape_and_layout). */
static MemTensor
weights_mem_tensor (const VsDpuWorkload *w, const VsDpuDeviceConfig *cfg, VsDpuOperation op)
{
  MemTensor in = mem_tensor (&w->input);
  MemTensor wt = { 0, 0, 0, 0, w->input.dtype, VS_LAYOUT_INVALID, w->weight_sparsity_enabled };
  gint64 kh = (gint32) w->kernel_h, kw = (gint32) w->kernel_w;
  gint64 out_c = (gint32) w->output.c;
  gboolean multibyte = vs_data_type_bytes (wt.dtype) > 1;
  gint64 multiple;

  switch (behaviour_of (op)) {
  case BEH_CONV:
    multiple = cfg->legacy_samples
      ? ((wt.sparse || multibyte) ? 16 : cfg->weights_alignment) : 1;
    wt.w = wt.h = 1;
    wt.c = align_to (mul4 (in.c, kh, kw, 1), multiple);
    wt.b = out_c;
    wt.layout = cfg->legacy_samples ? in.layout : VS_LAYOUT_ZXY;
    break;
  case BEH_DW:
  case BEH_AVGPOOL:
    multiple = cfg->legacy_samples ? (multibyte ? 16 : cfg->weights_alignment) : 1;
    wt.w = wt.h = 1;
    wt.c = align_to (mul (kh, kw), multiple);
    wt.b = out_c;
    wt.layout = cfg->legacy_samples ? in.layout : VS_LAYOUT_ZXY;
    break;
  case BEH_CM:
    multiple = cfg->legacy_samples ? (multibyte ? 8 : 16) : 1;
    wt.w = wt.h = 1;
    wt.c = align_to (mul4 (in.c, kh, kw, 1), multiple);
    wt.b = out_c;
    wt.layout = cfg->legacy_samples ? in.layout : VS_LAYOUT_ZXY;
    break;
  case BEH_ELTWISE:
    wt.layout = in.layout;
    wt.b = in.b;
    if (cfg->family != VS_DPU_CONFIG_NPU5) {
      /* A dimension permutation the older networks were trained with. */
      wt.c = in.w;
      wt.h = in.c;
      wt.w = in.h;
    } else {
      wt.c = in.c;
      wt.h = in.h;
      wt.w = in.w;
    }
    break;
  default:
    break;   /* no weights: all zero, layout INVALID */
  }
  return wt;
}

gboolean
vs_dpu_weights_tensor (const VsDpuWorkload *w, VsVpuDevice config_device, VsDpuOperation op,
                       VsVpuTensor *out)
{
  const VsDpuDeviceConfig *cfg = vs_dpu_device_config (config_device);
  if (cfg == NULL)
    return FALSE;
  MemTensor m = weights_mem_tensor (w, cfg, op);
  out->w = (guint32) m.w;
  out->h = (guint32) m.h;
  out->c = (guint32) m.c;
  out->b = (guint32) m.b;
  out->dtype = restrict_dtype (m.dtype);
  out->layout = m.layout;
  out->sparse = m.sparse;
  return TRUE;
}

static gboolean
same_width (VsDataType a, VsDataType b)
{
  return vs_data_type_reference_bits (a) == vs_data_type_reference_bits (b);
}

gboolean
vs_dpu_inplace_output (const VsDpuWorkload *w)
{
  if (w->op != VS_OP_ELTWISE && w->op != VS_OP_ELTWISE_MUL)
    return FALSE;
  return w->input.layout == w->output.layout && same_width (w->input.dtype, w->output.dtype);
}

gboolean
vs_dpu_weightless (const VsDpuWorkload *w)
{
  if (w->op != VS_OP_ELTWISE && w->op != VS_OP_ELTWISE_MUL)
    return FALSE;
  return w->input.layout != w->output.layout || !same_width (w->input.dtype, w->output.dtype);
}

/* The output memory tensor: the compute tensor grown by the inbound halo
 * (what other workloads or tiles write here); a negative halo forgets at most
 * the whole dimension. */
static gint64
with_inbound (gint64 dim, gint64 one_end, gint64 other_end)
{
  if (one_end < 0 && -one_end >= dim)
    one_end = -dim;
  if (other_end < 0 && -other_end >= dim)
    other_end = -dim;
  if (one_end < 0 && other_end < 0 && -one_end - other_end >= dim) {
    one_end = -dim;
    other_end = 0;
  }
  gint64 r = dim + one_end + other_end;
  return r >= 0 ? r : 0;
}

static MemTensor
output_memory_tensor (const VsDpuWorkload *w)
{
  MemTensor m = mem_tensor (&w->output);
  m.h = with_inbound (m.h, w->out_halo_top, w->out_halo_bottom);
  m.w = with_inbound (m.w, w->out_halo_left, w->out_halo_right);
  m.c = with_inbound (m.c, w->out_halo_front, w->out_halo_back);
  return m;
}

/* Bytes of the weights (input 1) before page alignment: masks, sparsity map
 * and weight table for convolutions, the second operand for element-wise
 * operations, nothing for pooling. */
static gint64
weights_contiguous_bytes (const VsDpuWorkload *w, const VsDpuDeviceConfig *cfg)
{
  Behaviour beh = behaviour_of (w->op);
  gint64 in1 = 0;
  MemTensor wt = weights_mem_tensor (w, cfg, w->op);
  MemTensor out = mem_tensor (&w->output);
  switch (beh) {
  case BEH_CONV:
  case BEH_DW:
  case BEH_CM: {
    gint64 mask = innermost_bytes (&wt);
    if (!cfg->legacy_samples)
      mask = align_to (mask, cfg->weights_alignment);
    in1 = mul (mask, wt.b);
    if (wt.sparse) {
      /* (float, as the reference computes it; the sanitizer checks the
       * sparsity value only later, so clamp what the cast may see) */
      float skipped = floorf ((float) in1 * w->weight_sparsity);
      in1 -= skipped == skipped && fabsf (skipped) < 9.0e18f ? (gint64) skipped : 0;
      in1 += mul (wt.b, align_to (wt.c / 8, 16));
    }
    in1 += mul (out.c, 16);   /* weight table */
    break;
  }
  case BEH_ELTWISE:
    in1 = mul (innermost_bytes (&wt), elements_excluding_innermost (&wt));
    break;
  default:
    in1 = 0;
    break;
  }
  return in1;
}

gint64
vs_dpu_weights_bytes (const VsDpuWorkload *w)
{
  const VsDpuDeviceConfig *cfg = vs_dpu_device_config (w->device);
  return cfg == NULL ? -1 : weights_contiguous_bytes (w, cfg);
}

static gint64
memory_required (const VsDpuWorkload *w, const VsDpuDeviceConfig *cfg)
{
  Behaviour beh = behaviour_of (w->op);
  MemTensor in = mem_tensor (&w->input);
  MemTensor out = mem_tensor (&w->output);

  /* input 0: the memory tensor is the compute tensor less the halo read from
   * neighbours (a negative halo enlarges it). */
  MemTensor in_mem = in;
  gint64 dim;
  dim = in.h - ((gint64) w->halo_top + w->halo_bottom);
  in_mem.h = dim > 0 ? dim : 0;
  dim = in.w - ((gint64) w->halo_left + w->halo_right);
  in_mem.w = dim > 0 ? dim : 0;

  gint64 in0 = mul (innermost_bytes (&in_mem), elements_excluding_innermost (&in_mem));
  if (in.sparse) {
    /* One bit per compute sample; channel-major convolutions count 4 or 16 channels. */
    gint64 c = beh == BEH_CM ? (in.c < 5 ? 4 : 16) : in.c;
    in0 += align_to (mul4 (in.h, in.w, c, in.b) / 8, 16);
  }
  in0 = align_to (in0, cfg->page_bytes);

  gint64 in1 = weights_contiguous_bytes (w, cfg);
  in1 = align_to (in1, cfg->page_bytes);

  MemTensor out_mem = output_memory_tensor (w);
  gint64 out0 = innermost_bytes (&out_mem);
  out0 = mul (align_to (out0, cfg->out_innermost_alignment), elements_excluding_innermost (&out_mem));
  if (out.sparse)
    out0 += align_to (mul4 (out_mem.w, out_mem.h, out_mem.c, out_mem.b) / 8, 16);
  out0 = align_to (out0, cfg->page_bytes);

  gboolean inplace = vs_dpu_inplace_output (w);
  if (vs_dpu_weightless (w))
    in1 = 0;
  return in0 + in1 + (inplace ? 0 : out0);
}

gint64
vs_dpu_cmx_required_bytes (const VsDpuWorkload *w)
{
  const VsDpuDeviceConfig *cfg = vs_dpu_device_config (w->device);
  return cfg == NULL ? -1 : memory_required (w, cfg);
}

/* ---- consistency checks (the reference's check_workload_consistency) ---- */

static gboolean
op_valid (const VsDpuDeviceConfig *cfg, VsDpuOperation op)
{
  switch (op) {
  case VS_OP_CONVOLUTION: case VS_OP_DW_CONVOLUTION: case VS_OP_CM_CONVOLUTION:
  case VS_OP_ELTWISE: case VS_OP_MAXPOOL:
    return TRUE;
  case VS_OP_ELTWISE_MUL: case VS_OP_LAYER_NORM: case VS_OP_AVEPOOL:
    return cfg->family == VS_DPU_CONFIG_NPU5;
  default:
    return FALSE;
  }
}

/* SmartRanges: [lo, hi], divisible by div, and by div2 once >= div2. */
static gboolean
in_range (gint64 v, gint64 lo, gint64 hi, gint64 div, gint64 div2)
{
  if (v < lo || v > hi || v % div != 0)
    return FALSE;
  return div2 == 0 || v < div2 || v % div2 == 0;
}

static gboolean
input_channels_ok (const VsDpuDeviceConfig *cfg, VsDpuOperation op, gint64 c, VsDataType in_dtype,
                   gboolean on_tile)
{
  (void) in_dtype;   /* only used with input autopad, which vpusim workloads never set */
  if (on_tile) {
    /* a tile's layer is split further: pooling and depthwise channels are
     * not limited to one workload's 16/32/64 yet */
    switch (behaviour_of (op)) {
    case BEH_CM:
      return in_range (c, 1, 15, 1, 0);
    case BEH_REDUCE:
      return FALSE;
    default:
      return in_range (c, 16, 8192, 16, 0);
    }
  }
  switch (behaviour_of (op)) {
  case BEH_CONV:
  case BEH_ELTWISE:
    return in_range (c, 16, 8192, 16, 0);
  case BEH_DW:
  case BEH_MAXPOOL:
  case BEH_AVGPOOL:
    if (cfg->family == VS_DPU_CONFIG_VPU2_0)
      return in_range (c, 16, 8192, 16, 0);
    return in_range (c, 16, 64, 16, 32);
  case BEH_CM:
    if (cfg->family == VS_DPU_CONFIG_VPU2_0 || cfg->family == VS_DPU_CONFIG_VPU2_7)
      return in_range (c, 1, 16, 1, 0);
    return in_range (c, 1, 15, 1, 0);
  default:
    return FALSE;
  }
}

static gboolean
in_dtype_ok (const VsDpuDeviceConfig *cfg, VsDataType t)
{
  switch (t) {
  case VS_DTYPE_INT8: case VS_DTYPE_UINT8: case VS_DTYPE_FLOAT16: case VS_DTYPE_BFLOAT16:
    return TRUE;
  case VS_DTYPE_HF8: case VS_DTYPE_BF8:
    return cfg->family == VS_DPU_CONFIG_NPU5;
  default:
    return FALSE;
  }
}

static gboolean
out_dtype_ok (const VsDpuDeviceConfig *cfg, VsDataType t)
{
  if (in_dtype_ok (cfg, t))
    return TRUE;
  if (t == VS_DTYPE_FLOAT32)
    return cfg->family == VS_DPU_CONFIG_VPU4_0 || cfg->family == VS_DPU_CONFIG_NPU5;
  if (t == VS_DTYPE_INT32)
    return cfg->family == VS_DPU_CONFIG_NPU5;
  return FALSE;
}

static gboolean
weights_dtype_ok (const VsDpuDeviceConfig *cfg, VsDataType t)
{
  switch (t) {
  case VS_DTYPE_INT8: case VS_DTYPE_UINT8: case VS_DTYPE_FLOAT16: case VS_DTYPE_BFLOAT16:
    return TRUE;
  case VS_DTYPE_INT4: case VS_DTYPE_UINT4:
    return cfg->family != VS_DPU_CONFIG_VPU2_0;
  case VS_DTYPE_INT2: case VS_DTYPE_UINT2: case VS_DTYPE_HF8: case VS_DTYPE_BF8:
    return cfg->family == VS_DPU_CONFIG_NPU5;
  default:
    return FALSE;
  }
}

static gboolean
layout_ok (const VsDpuDeviceConfig *cfg, VsLayout l)
{
  if (cfg->family == VS_DPU_CONFIG_VPU2_0)
    return l == VS_LAYOUT_ZMAJOR || l == VS_LAYOUT_CMAJOR;
  return vs_layout_is_3d (l);
}

static gboolean
swizzling_ok (const VsDpuDeviceConfig *cfg, VsSwizzling s)
{
  if (cfg->family == VS_DPU_CONFIG_VPU2_0)
    return s == VS_SWIZZLING_KEY_0;
  return (guint) s <= VS_SWIZZLING_KEY_5;
}

static gboolean
execution_mode_ok (const VsDpuDeviceConfig *cfg, VsDpuOperation op, VsExecutionMode m)
{
  switch (cfg->family) {
  case VS_DPU_CONFIG_VPU2_0:
    return m == VS_EXEC_VECTOR_FP16 || m == VS_EXEC_VECTOR || m == VS_EXEC_MATRIX;
  case VS_DPU_CONFIG_VPU2_7:
  case VS_DPU_CONFIG_VPU4_0:
    return m == VS_EXEC_CUBOID_4x16 || m == VS_EXEC_CUBOID_8x16 || m == VS_EXEC_CUBOID_16x16;
  case VS_DPU_CONFIG_NPU5:
  default:
    switch (op) {
    case VS_OP_DW_CONVOLUTION: case VS_OP_MAXPOOL: case VS_OP_AVEPOOL:
      return m == VS_EXEC_CUBOID_16x16;
    case VS_OP_ELTWISE: case VS_OP_ELTWISE_MUL:
      return m == VS_EXEC_CUBOID_8x16;
    default:
      return m == VS_EXEC_CUBOID_4x16 || m == VS_EXEC_CUBOID_8x16 || m == VS_EXEC_CUBOID_16x16;
    }
  }
}

static gboolean
owt_ok (const VsDpuDeviceConfig *cfg, gint64 owt)
{
  switch (cfg->family) {
  case VS_DPU_CONFIG_VPU2_0: return owt == 1;
  case VS_DPU_CONFIG_VPU2_7: return owt == 1 || owt == 2;
  default: return owt >= 1 && owt <= 8;
  }
}

static gboolean
isi_ok (const VsDpuDeviceConfig *cfg, VsIsiStrategy isi, gint64 owt)
{
  switch (isi) {
  case VS_ISI_CLUSTERING:
    return TRUE;
  case VS_ISI_SPLIT_OVER_H:
    return cfg->family == VS_DPU_CONFIG_VPU2_7 || cfg->family == VS_DPU_CONFIG_VPU4_0;
  case VS_ISI_SPLIT_OVER_K:
    /* split over K needs broadcasting to other tiles */
    return cfg->family != VS_DPU_CONFIG_VPU2_0 && owt > 1;
  default:
    return FALSE;
  }
}

gint64
vs_dpu_output_dim (gint64 input, gint64 pad, gint64 pad_opposite, gint64 kernel, gint64 stride)
{
  if (stride == 0)
    return 0;
  gint32 num = (gint32) (input + (pad + pad_opposite) - (kernel - 1) - 1);
  return num / (gint32) stride + 1;
}

static gboolean
consistent (const VsDpuWorkload *w, const VsDpuDeviceConfig *cfg, gboolean on_tile)
{
  const VsDpuOperation op = w->op;
  const gboolean eltwise = op == VS_OP_ELTWISE;
  const gint64 kw = (gint32) w->kernel_w, kh = (gint32) w->kernel_h;
  const gint64 sw = (gint32) w->stride_w, sh = (gint32) w->stride_h;
  const gint64 pt = (gint32) w->pad_top, pb = (gint32) w->pad_bottom;
  const gint64 pl = (gint32) w->pad_left, pr = (gint32) w->pad_right;
  const gint64 owt = (gint32) w->output_write_tiles;
  const MemTensor in = mem_tensor (&w->input);
  const MemTensor out = mem_tensor (&w->output);
  const gint64 kmax = eltwise ? 1 : 15, smax = eltwise ? 1 : 8;

  if (!owt_ok (cfg, owt) || !isi_ok (cfg, w->isi_strategy, owt))
    return FALSE;
  if (kw < 1 || kw > kmax || kh < 1 || kh > kmax)
    return FALSE;
  if (pl < 0 || pl > kw / 2 || pr < 0 || pr > kw / 2 || pt < 0 || pt > kh / 2 || pb < 0 || pb > kh / 2)
    return FALSE;

  gint64 min_h = kh - (pt + pb), min_w = kw - (pl + pr);
  if (min_h < 1)
    min_h = 1;
  if (min_w < 1)
    min_w = 1;
  if (in.h < min_h || in.h > 8192 || in.w < min_w || in.w > 8192)
    return FALSE;
  if (!input_channels_ok (cfg, op, in.c, in.dtype, on_tile))
    return FALSE;
  gint64 max_batch = cfg->family == VS_DPU_CONFIG_NPU5 ? 1 : G_MAXINT32;
  if (in.b < 1 || in.b > max_batch)
    return FALSE;
  if (!in_dtype_ok (cfg, in.dtype) || !layout_ok (cfg, in.layout) ||
      !swizzling_ok (cfg, w->in_swizzling[0]))
    return FALSE;
  if (sw < 1 || sw > smax || sh < 1 || sh > smax)
    return FALSE;

  if (out.b != in.b)
    return FALSE;
  if (out.w != vs_dpu_output_dim (in.w, pl, pr, kw, sw))
    return FALSE;
  gint64 ext = 0;
  if (w->isi_strategy == VS_ISI_SPLIT_OVER_H)
    ext = (pt == 0 ? kh : 0) + (pb == 0 ? kh : 0);
  if (out.h < vs_dpu_output_dim (in.h, pt, pb, kh, sh) ||
      out.h > vs_dpu_output_dim (in.h + ext, pt, pb, kh, sh))
    return FALSE;
  if (!in_range (out.c, 16, 8192, 16, 0))
    return FALSE;
  if (out.b < 1 || out.b > max_batch)
    return FALSE;
  if (!out_dtype_ok (cfg, out.dtype) || !layout_ok (cfg, out.layout) ||
      !swizzling_ok (cfg, w->out_swizzling))
    return FALSE;
  /* input 1 takes the input's dtype (vpusim workloads carry no separate weight type) */
  if (!weights_dtype_ok (cfg, w->input.dtype))
    return FALSE;

  /* sparsity */
  const float act = w->act_sparsity, wgt = w->weight_sparsity;
  if (act < 0.0f || act > 1.0f || (w->input.sparse && act < 0.01f) || wgt < 0.0f || wgt > 1.0f)
    return FALSE;
  switch (behaviour_of (op)) {
  case BEH_CONV:
  case BEH_ELTWISE:
    if ((!w->input.sparse && act != 0.0f) || (!w->weight_sparsity_enabled && wgt != 0.0f))
      return FALSE;
    break;
  default:
    if (w->input.sparse || act != 0.0f || w->weight_sparsity_enabled || wgt != 0.0f)
      return FALSE;
    break;
  }

  /* the MPE mode is chosen per workload, not per tile */
  if (!on_tile && !execution_mode_ok (cfg, op, w->execution_mode))
    return FALSE;

  switch (behaviour_of (op)) {
  case BEH_DW: case BEH_ELTWISE: case BEH_MAXPOOL: case BEH_AVGPOOL:
    if (out.c != in.c)
      return FALSE;
    break;
  default:
    break;
  }

  /* padding and a halo read from a neighbour cannot be on the same side */
  if ((pt > 0 && w->halo_top > 0) || (pb > 0 && w->halo_bottom > 0) ||
      (pl > 0 && w->halo_left > 0) || (pr > 0 && w->halo_right > 0))
    return FALSE;
  return TRUE;
}

static VsLayout
adapt_layout (const VsDpuDeviceConfig *cfg, VsLayout l)
{
  if (cfg->family == VS_DPU_CONFIG_VPU2_0) {
    if (l == VS_LAYOUT_ZXY)
      return VS_LAYOUT_ZMAJOR;
    if (l == VS_LAYOUT_XYZ)
      return VS_LAYOUT_CMAJOR;
    return l;
  }
  if (l == VS_LAYOUT_ZMAJOR)
    return VS_LAYOUT_ZXY;
  if (l == VS_LAYOUT_CMAJOR)
    return VS_LAYOUT_XYZ;
  return l;
}

gboolean
vs_dpu_sanitize (VsDpuWorkload *w, VsCycles *error_code)
{
  /* 1. NPU 5 and later have no swizzling. */
  if (w->device >= VS_DEVICE_NPU_5_0)
    w->in_swizzling[0] = w->in_swizzling[1] = w->out_swizzling = VS_SWIZZLING_KEY_0;
  /* 2. Average pooling runs as a depthwise convolution before NPU 5. */
  if (w->op == VS_OP_AVEPOOL && w->device < VS_DEVICE_NPU_5_0)
    w->op = VS_OP_DW_CONVOLUTION;
  /* 3. Convolutions with few input channels are compressed (channel-major) ones. */
  if (w->device >= VS_DEVICE_VPU_2_7 && w->op == VS_OP_CONVOLUTION && w->input.c >= 1 &&
      w->input.c < 16)
    w->op = VS_OP_CM_CONVOLUTION;
  /* 4. Channel-preserving operations take their channels from the output. */
  if ((w->op == VS_OP_ELTWISE || w->op == VS_OP_DW_CONVOLUTION || w->op == VS_OP_MAXPOOL ||
       w->op == VS_OP_AVEPOOL) && w->output.c >= 16 && w->input.c != w->output.c)
    w->input.c = w->output.c;

  /* 5. The sanitizer proper. */
  const VsDpuDeviceConfig *cfg = vs_dpu_device_config (w->device);
  if (cfg == NULL) {
    *error_code = VS_ERROR_INVALID_INPUT_DEVICE;
    return FALSE;
  }
  if (!op_valid (cfg, w->op)) {
    *error_code = VS_ERROR_INVALID_INPUT_OPERATION;
    return FALSE;
  }
  w->input.dtype = restrict_dtype (w->input.dtype);
  w->output.dtype = restrict_dtype (w->output.dtype);
  w->input.layout = adapt_layout (cfg, w->input.layout);
  w->output.layout = adapt_layout (cfg, w->output.layout);
  if (cfg->family == VS_DPU_CONFIG_VPU2_0)
    w->in_swizzling[0] = w->in_swizzling[1] = w->out_swizzling = VS_SWIZZLING_KEY_0;

  if (memory_required (w, cfg) > cfg->cmx_bytes) {
    *error_code = VS_ERROR_INPUT_TOO_BIG;
    return FALSE;
  }
  if (!consistent (w, cfg, FALSE)) {
    *error_code = VS_ERROR_INVALID_INPUT_CONFIGURATION;
    return FALSE;
  }
  return TRUE;
}

gboolean
vs_dpu_check_tile_layer (const VsDpuWorkload *w, VsCycles *error_code)
{
  const VsDpuDeviceConfig *cfg = vs_dpu_device_config (w->device);
  if (cfg == NULL) {
    *error_code = VS_ERROR_INVALID_INPUT_DEVICE;
    return FALSE;
  }
  if (!op_valid (cfg, w->op)) {
    *error_code = VS_ERROR_INVALID_INPUT_OPERATION;
    return FALSE;
  }
  if (memory_required (w, cfg) > cfg->cmx_bytes) {
    *error_code = VS_ERROR_INPUT_TOO_BIG;
    return FALSE;
  }
  if (!consistent (w, cfg, TRUE)) {
    *error_code = VS_ERROR_INVALID_INPUT_CONFIGURATION;
    return FALSE;
  }
  return TRUE;
}
