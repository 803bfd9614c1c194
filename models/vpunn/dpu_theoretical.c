/* SPDX-License-Identifier: Apache-2.0 */
/* dpu_theoretical.c — the reference's theoretical and ideal DPU cycles
 * (SPEC.md §5.5, §5.6).  Products the reference forms in 32-bit unsigned
 * arithmetic wrap here too, so that huge workloads give the same numbers. */
#include "models/vpunn/dpu_theoretical.h"

#include <math.h>

static const VsDpuHwInfo hw_vpu20 = { 700, 700, 16, 4, 256, 4, 16, 1, 5 };
static const VsDpuHwInfo hw_vpu21 = { 850, 850, 16, 4, 256, 4, 16, 1, 5 };
static const VsDpuHwInfo hw_vpu27 = { 1300, 975, 16, 8, 2048, 2, 64, 8, 1 };
static const VsDpuHwInfo hw_vpu40 = { 1700, 971, 32, 8, 2048, 2, 64, 8, 1 };
static const VsDpuHwInfo hw_npu50 = { 1950, 1114, 32, 8, 4096, 2, 32, 8, 1 };
/* The reference's placeholder for devices it has no data for. */
static const VsDpuHwInfo hw_default = { 1, 1, 16, 8, 2048, 2, 64, 8, 1 };

const VsDpuHwInfo *
vs_dpu_hw_info (VsVpuDevice device)
{
  switch (device) {
  case VS_DEVICE_VPU_2_0: return &hw_vpu20;
  case VS_DEVICE_VPU_2_1: return &hw_vpu21;
  case VS_DEVICE_VPU_2_7: return &hw_vpu27;
  case VS_DEVICE_VPU_4_0: return &hw_vpu40;
  case VS_DEVICE_NPU_5_0: return &hw_npu50;
  default: return &hw_default;
  }
}

static gboolean
fp16_family (VsDataType t)
{
  return t == VS_DTYPE_FLOAT16 || t == VS_DTYPE_BFLOAT16 || t == VS_DTYPE_FLOAT32;
}

/* The reference's size_in_bytes of n samples: sub-byte samples packed.
 * (Unsigned, so that absurd sizes wrap instead of overflowing.) */
static guint64
samples_bytes (gint64 n, VsDataType t)
{
  int bits = vs_data_type_bits (t);
  if (n <= 0 || t == VS_DTYPE_FLOAT4 || bits <= 0)
    return 0;
  if (bits >= 16)
    return (guint64) n * (guint64) (bits / 8);
  guint64 per_byte = 8 / (guint64) bits;
  return (guint64) n / per_byte + ((guint64) n % per_byte != 0 ? 1 : 0);
}

static guint32
kernel_area (const VsDpuWorkload *w)
{
  return w->kernel_w * w->kernel_h;   /* wraps like the reference's product */
}

static guint32
tensor_volume (const VsVpuTensor *t)
{
  return t->w * t->h * t->c * t->b;
}

/* sum of a, a-s, a-2s, ... over its positive terms, in the reference's
 * 32-bit unsigned accumulator; closed form, so absurd paddings cannot make
 * the loop of the reference run for seconds. */
static guint32
zeros_sum (gint64 a, gint64 s)
{
  if (a <= 0)
    return 0;
  const guint64 n = (guint64) ((a + s - 1) / s);
  return (guint32) (n * (guint64) a - (guint64) s * (n * (n - 1) / 2));
}

/* sum of (a - k*sa) * (b - k*sb) while both factors are positive, modulo
 * 2^64 like the reference's unsigned long loop:
 * m*a*b - (a*sb + b*sa) * m(m-1)/2 + sa*sb * (m-1)m(2m-1)/6. */
static guint64
corner_sum (gint64 a, gint64 sa, gint64 b, gint64 sb)
{
  if (a <= 0 || b <= 0)
    return 0;
  const guint64 m = (guint64) MIN ((a + sa - 1) / sa, (b + sb - 1) / sb);   /* < 2^31 */
  const guint64 s1 = m * (m - 1) / 2;
  /* divide the factors of (m-1)m(2m-1) by 2 and 3 first, so the product
   * can be formed modulo 2^64 exactly */
  guint64 f[3] = { m - 1, m, 2 * m - 1 };
  f[f[0] % 2 == 0 ? 0 : 1] /= 2;
  for (int i = 0; i < 3; i++)
    if (f[i] % 3 == 0) {
      f[i] /= 3;
      break;
    }
  const guint64 s2 = f[0] * f[1] * f[2];
  const guint64 ua = (guint64) a, ub = (guint64) b, usa = (guint64) sa, usb = (guint64) sb;
  return m * ua * ub - (ua * usb + ub * usa) * s1 + usa * usb * s2;
}

/* Cycles lost to padding that the DPU skips, for convolutions. */
static guint64
padding_skip (const VsDpuWorkload *w)
{
  const int kw = (int) w->kernel_w, kh = (int) w->kernel_h;
  const int sw = (int) w->stride_w, sh = (int) w->stride_h;
  const guint32 pt = w->pad_top, pb = w->pad_bottom, pl = w->pad_left, pr = w->pad_right;
  const guint32 in_w = w->input.w, in_h = w->input.h;
  if (sw <= 0 || sh <= 0)
    return 0;   /* the reference divides by the stride here */
  const guint32 redge = in_w % (guint32) sw, bedge = in_h % (guint32) sh;
  /* The reference converts these unsigned values to int: a right or bottom
   * edge larger than the padding makes them negative (no zeros). */
  const gint64 t = (int) pt, l = (int) pl, r = (int) (pr - redge), b = (int) (pb - bedge);
  const guint32 zt = zeros_sum (t, sh), zl = zeros_sum (l, sw);
  const guint32 zr = zeros_sum (r, sw), zb = zeros_sum (b, sh);

  const guint64 cols = (in_w + (guint32) sw - 1) / (guint32) sw;
  const guint64 rows = (in_h + (guint32) sh - 1) / (guint32) sh;
  guint64 ct = (guint64) zt * (guint64) (guint32) kw * cols;
  guint64 cb = (guint64) zb * (guint64) (guint32) kw * cols;
  guint64 cl = (guint64) zl * (guint64) (guint32) kh * rows;
  guint64 cr = (guint64) zr * (guint64) (guint32) kh * rows;
  /* corners were counted twice */
  ct -= corner_sum (t, sh, l, sw);
  ct -= corner_sum (t, sh, r, sw);
  cb -= corner_sum (b, sh, l, sw);
  cb -= corner_sum (b, sh, r, sw);
  return (ct + cb + cl + cr) * w->input.c * w->output.c;
}

/* double to integer conversions that saturate instead of being undefined */
static gint64
to_i64 (double x)
{
  if (!(x < 9.2e18))
    return x != x ? 0 : G_MAXINT64;
  return x < -9.2e18 ? G_MININT64 : (gint64) x;
}

static guint64
to_u64 (double x)
{
  if (!(x < 1.8e19))
    return x != x ? 0 : G_MAXUINT64;
  return x <= 0.0 ? 0 : (guint64) x;
}

/* Cycles to read activations and weights from CMX, in DPU cycles. */
static guint64
cmx_reads (const VsDpuWorkload *w, const VsDpuHwInfo *hw)
{
  if (w->device == VS_DEVICE_VPU_2_0 || w->device == VS_DEVICE_VPU_2_1)
    return 0;
  double gx = 1, gy = 1, gz = 1;
  switch (w->execution_mode) {
  case VS_EXEC_CUBOID_4x16: gx = 8; gy = 8; gz = 256; break;
  case VS_EXEC_CUBOID_8x16: gx = 16; gy = 8; gz = 128; break;
  case VS_EXEC_CUBOID_16x16: gx = 16; gy = 16; gz = 64; break;
  default: break;
  }
  const double wt_grids = ceil ((double) w->output.c / gz);
  const double act_grids = ceil ((double) w->output.h / gy) * ceil ((double) w->output.w / gx);
  const guint32 area = kernel_area (w);
  /* The reference multiplies a double by unsigned ints left to right. */
  const gint64 act_elems = to_i64 (ceil (wt_grids * w->output.h * w->output.w * w->input.c * area));
  const gint64 wt_elems = to_i64 (ceil (act_grids * w->output.c * w->input.c * area));
  const guint64 bytes = samples_bytes (act_elems, w->input.dtype) + samples_bytes (wt_elems, w->input.dtype);
  const double reads = (double) bytes / (double) (hw->cmx_word_bytes * hw->cmx_read_ports);
  return to_u64 (ceil (reads * (double) hw->cmx_mhz / (double) hw->dpu_mhz));
}

VsCycles
vs_dpu_theoretical_cycles (const VsDpuWorkload *w)
{
  const VsDpuHwInfo *hw = vs_dpu_hw_info (w->device);
  guint64 cycles = (guint64) kernel_area (w) * (guint64) tensor_volume (&w->output);
  const guint32 mt = w->output_write_tiles > 1 ? 2u : 1u;
  guint32 nr_macs = hw->nr_macs;

  if (w->op == VS_OP_ELTWISE) {
    const guint32 ppe = hw->nr_ppe / mt;
    cycles = (guint32) (tensor_volume (&w->input) + ppe - 1) / ppe;
  }
  if (w->op == VS_OP_CONVOLUTION || w->op == VS_OP_CM_CONVOLUTION) {
    cycles *= (guint64) w->input.c;
    cycles -= padding_skip (w);
  } else {
    /* (element-wise is thus divided twice, as in the reference) */
    nr_macs = nr_macs / hw->input_channels_mac;
  }
  cycles = (cycles + nr_macs - 1) / nr_macs;
  if (fp16_family (w->input.dtype))
    cycles *= hw->fp_ratio;
  const guint64 reads = cmx_reads (w, hw);
  return (VsCycles) MAX (cycles, reads);
}

static guint64
ideal_macs (const VsDpuWorkload *w)
{
  const guint64 base = (guint64) kernel_area (w) * (guint64) tensor_volume (&w->output);
  if (w->op == VS_OP_CONVOLUTION || w->op == VS_OP_CM_CONVOLUTION) {
    guint32 c = w->input.c;
    if (w->device >= VS_DEVICE_VPU_2_7 && c < 16)
      c = 16;   /* fewer channels still occupy a 16-channel MAC group */
    return base * c;
  }
  if (w->op == VS_OP_ELTWISE)
    return tensor_volume (&w->input);
  return base;
}

static guint64
mac_based_cycles (const VsDpuWorkload *w, guint64 macs)
{
  const VsDpuHwInfo *hw = vs_dpu_hw_info (w->device);
  guint64 per_cycle = hw->nr_macs;
  if (fp16_family (w->input.dtype))
    per_cycle = (hw->nr_macs + hw->fp_ratio - 1) / hw->fp_ratio;
  return (macs + per_cycle - 1) / per_cycle;
}

guint64
vs_dpu_ideal_efficiency_cycles (const VsDpuWorkload *w)
{
  return mac_based_cycles (w, ideal_macs (w));
}

static float
dense_fraction (gboolean enabled, float sparsity)
{
  if (!enabled)
    return 1.0f;
  float f = 1.0f - sparsity;
  return MAX (0.0f, MIN (1.0f, f));
}

guint64
vs_dpu_ideal_power_cycles (const VsDpuWorkload *w)
{
  guint64 macs = ideal_macs (w);
  if (w->weight_sparsity_enabled || w->input.sparse) {
    const float act = dense_fraction (w->input.sparse, w->act_sparsity);
    const float wts = dense_fraction (w->weight_sparsity_enabled, w->weight_sparsity);
    macs = to_u64 (ceilf ((float) macs * MIN (act, wts)));
  }
  return mac_based_cycles (w, macs);
}
