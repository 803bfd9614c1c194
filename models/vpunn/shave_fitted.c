/* SPDX-License-Identifier: Apache-2.0 */
/* shave_fitted.c — evaluating VPUNN's fitted SHAVE operator models.
 *
 * Every model computes a time in µs (or, for the VPUEM families, SHAVE
 * cycles) in single-precision floats and 32-bit integers, in the order the
 * reference evaluates them: results are compared bit for bit, so the
 * arithmetic below keeps the reference's types on purpose (int/unsigned
 * mixes, float truncations, 32-bit wrap-around) and must not be
 * "simplified".  The file is built with -ffp-contract=off (Makefile.am).
 */
#include "models/vpunn/shave_fitted.h"

#include <math.h>
#include <string.h>

#include "models/dma_theoretical.h"
#include "models/shave_table.h"
#include "models/vpunn/shave_fitted_data.h"

/* ---- shared helpers ----------------------------------------------------- */

/* A float time × clock to cycles: negative, NaN-free overflow into the error
 * range is an error; otherwise rounded up.  The reference converts NaN (0/0
 * in a model) with an x86 truncation that yields 0. */
static VsCycles
float_to_cycles (float raw)
{
  if (raw < 0.0f)
    return VS_ERROR_INVALID_CONVERSION_TO_CYCLES;
  if (raw > (float) VS_CYCLES_ERROR_START)
    return VS_ERROR_INVALID_CONVERSION_TO_CYCLES;
  if (isnan (raw))
    return 0;
  return (VsCycles) ceilf (raw);
}

/* µs at the nominal clocks to DPU cycles (the reference's clock-change
 * factor, nominal over present SHAVE clock, is exactly 1.0f here). */
static VsCycles
us_to_cycles (float us, guint dpu_mhz)
{
  return float_to_cycles (us * (float) dpu_mhz);
}

/* 32-bit signed arithmetic with wrap-around, as the reference's int code
 * behaves on large tensors. */
static gint32
wmul (gint32 a, gint32 b)
{
  return (gint32) ((guint32) a * (guint32) b);
}

static gint32
wadd (gint32 a, gint32 b)
{
  return (gint32) ((guint32) a + (guint32) b);
}

/* VPUEM SHAVE cycles to DPU cycles: (shave × DPU MHz) / SHAVE MHz in int. */
static VsCycles
shave_to_dpu_cycles (gint32 shave_cycles, guint dpu_mhz, guint shv_mhz)
{
  gint32 raw = wmul (shave_cycles, (gint32) dpu_mhz) / (gint32) shv_mhz;
  if (raw < 0)
    return VS_ERROR_INVALID_CONVERSION_TO_CYCLES;
  return (VsCycles) raw;
}

static guint32
tensor_volume (const VsVpuTensor *t)
{
  return t->w * t->h * t->c * t->b;
}

static guint32
shape_at (const VsVpuTensor *t, guint index)
{
  switch (index) {
  case 0: return t->w;
  case 1: return t->h;
  case 2: return t->c;
  default: return t->b;
  }
}

/* Dimension indices (0 = W, 1 = H, 2 = C, 3 = B) innermost first. */
static void
layout_order (VsLayout l, guint order[4])
{
  static const guint orders[][4] = {
    [VS_LAYOUT_ZMAJOR] = { 2, 0, 1, 3 }, [VS_LAYOUT_CMAJOR] = { 0, 1, 2, 3 },
    [VS_LAYOUT_XYZ] = { 0, 1, 2, 3 },    [VS_LAYOUT_XZY] = { 0, 2, 1, 3 },
    [VS_LAYOUT_YXZ] = { 1, 0, 2, 3 },    [VS_LAYOUT_YZX] = { 1, 2, 0, 3 },
    [VS_LAYOUT_ZXY] = { 2, 0, 1, 3 },    [VS_LAYOUT_ZYX] = { 2, 1, 0, 3 },
  };
  const guint *o = (guint) l < G_N_ELEMENTS (orders) && l != VS_LAYOUT_INVALID ? orders[l]
                                                                              : orders[VS_LAYOUT_ZXY];
  memcpy (order, o, 4 * sizeof (guint));
}

/* FP16 elements in a byte count (the fitted models all assume FLOAT16). */
static int
fp16_elements (int bytes)
{
  return bytes > 0 ? bytes / 2 : 0;
}

static float
line (VsFittedLine l, int x)
{
  return l.slope * (float) x + l.intercept;
}

/* ---- element-wise models -------------------------------------------------- */

static VsCycles
linear27_cycles (const VsFittedLinear27 *m, const VsVpuTensor *out)
{
  int bytes = (int) vs_dma_tensor_bytes (out);
  float t = m->slope * (float) bytes + m->intercept;
  int ops = fp16_elements (bytes);
  gboolean unrolled = m->unroll_size > 1;
  int block = unrolled ? (int) (m->vector_size * m->unroll_size) : (int) m->unroll_size;
  if (unrolled && ops < block)
    t -= m->unroll_offset;
  if ((guint) ops % m->vector_size != 0)
    t += m->scalar_offset;
  if (unrolled && ops % block == 0)
    t += m->scalar_offset;
  return us_to_cycles (t, m->dpu_mhz);
}

static VsCycles
linear40_cycles (const VsFittedLinear40 *m, const VsVpuTensor *out)
{
  int bytes = (int) vs_dma_tensor_bytes (out);
  float t = m->slope * (float) bytes + m->intercept;
  int ops = fp16_elements (bytes);
  gboolean unrolled = m->unroll_size >= 1;
  int block = unrolled ? (int) (m->vector_size * m->unroll_size) : (int) m->unroll_size;
  if (unrolled && ops <= block)
    t -= m->unroll_offset;
  if (unrolled && block != 0) {
    int position = (ops - m->displacement) % block;
    int point = (int) ((guint) position / m->vector_size);
    if (m->unroll_size - 1 != 0)
      t += (m->intra_block_offset * (float) point) / (float) (m->unroll_size - 1);
  }
  if (m->vector_size > 0) {
    int position = block != 0 ? (ops - m->displacement) % block : ops - m->displacement;
    int point = (int) ((guint) position % m->vector_size);
    if (m->vector_size - 1 != 0)
      t += (m->vector_offset * (float) point) / (float) (m->vector_size - 1);
  }
  return us_to_cycles (t, m->dpu_mhz);
}

/* ---- MVN family ------------------------------------------------------------ */

static float
volume_ratio (float numerator, float denominator)
{
  return numerator > 1 ? (numerator - 1) / (denominator - 1) : 0.0f;
}

/* MVN6 with the innermost axis selected (NPU 2.7 "MVN6_onlyOneAx"). */
static float
mvn6_one_axis_us (const VsFittedMvn6 *m, int size, int selected)
{
  float coeff = (1.0F - (float) (selected - 1) / (float) (size - 1)) *
                expf (-m->alpha * (float) (selected - 1)) / (float) selected;
  float slope = m->slope + coeff * m->worst_case_slope;
  return slope * (float) size + m->intercept;
}

static int
dim_at_least_one (int d)
{
  return d > 1 ? d : 1;
}

/* MVN6 over up to four selected axes (unselected ones are 1). */
static float
mvn6_axes_us (const VsFittedMvn6 *m, int size, const int d[4])
{
  int selected = dim_at_least_one (d[0]) * dim_at_least_one (d[1]) * dim_at_least_one (d[2]) *
                 dim_at_least_one (d[3]);
  float factor = 1.0F - volume_ratio ((float) selected, (float) size);
  float c0 = selected > 1 ? factor * expf (-m->alpha * (float) (selected - 1)) / (float) selected
                          : 1.0F;
  float n1 = (float) (d[1] * d[2] * d[3]);
  float c1 = volume_ratio (n1, (float) d[0] * n1);
  float n2 = (float) (d[2] * d[3]);
  float c2 = volume_ratio (n2, (float) (d[0] * d[1]) * n2);
  float n3 = (float) d[3];
  float c3 = volume_ratio (n3, (float) (d[0] * d[1] * d[2]) * n3);
  float slope = m->slope + c0 * (m->worst_case_slope - m->slope);
  slope += c1 * m->slope_delta_diff;
  slope += c2 * c1 * m->slope_delta_diff;
  slope += c3 * c2 * c1 * m->slope_delta_diff;
  return slope * (float) size + m->intercept;
}

static VsCycles
mvn6_axes_cycles (const VsFittedCollection *c, const VsVpuTensor *out, guint n_axes)
{
  guint order[4];
  layout_order (out->layout, order);
  int d[4] = { 1, 1, 1, 1 };
  for (guint i = 0; i < n_axes; i++)
    d[i] = (int) shape_at (out, order[i]);
  return us_to_cycles (mvn6_axes_us (&c->mvn6[n_axes - 1], (int) tensor_volume (out), d),
                       c->dpu_mhz);
}

/* MVN over the 2 or 3 innermost axes when they are W, H[, C]. */
static VsCycles
mvn_simple_cycles (const VsFittedCollection *c, const VsFittedMvnSimple *m, guint n_axes,
                   const VsVpuTensor *out)
{
  guint order[4];
  layout_order (out->layout, order);
  int selected = 1, unselected = 1;
  for (guint i = 0; i < 4; i++) {
    guint32 d = shape_at (out, order[i]);
    if (i < n_axes)
      selected = (int) ((guint32) selected * d);
    else
      unselected = (int) ((guint32) unselected * d);
  }
  int outermost = (int) out->b, thirdmost = (int) out->c;
  guint block = m->unroll_size * m->vector_size;
  float us = 0.0f;
  us += m->base_slope * (float) outermost + m->base_intercept;
  us += (m->thirdmost_support_slope * (float) (thirdmost - 1) + 0.0f) * (float) outermost;
  int support = (int) ((guint) selected / block);
  us += (m->base_support_slope * (float) support + 0.0f) * (float) unselected;
  int mod = (int) (((guint) selected % block) / m->vector_size);
  us += (m->mod_support_slope * (float) mod + 0.0f) * (float) unselected;
  int vs = (int) m->vector_size;
  int vector = selected > vs - 1 ? selected % vs : (selected % vs) - 1;
  us += (m->vector_slope * (float) vector + 0.0f) * (float) unselected;
  return us_to_cycles (us, c->dpu_mhz);
}

/* "MVN6": parameter 1 = number of innermost axes (1..4). */
static VsCycles
mvn6_generic_cycles (const VsFittedCollection *c, const VsShaveWorkload *w)
{
  if (w->n_params < 1)
    return VS_ERROR_SHAVE_PARAMS;
  int n = w->params[0];
  if (n <= 0 || n > 4)
    return VS_ERROR_SHAVE_PARAMS;
  return mvn6_axes_cycles (c, &w->outputs[0], (guint) n);
}

/* "MVN": the optimised W,H and W,H,C kernels when the layout allows, else MVN6. */
static VsCycles
mvn_composite_cycles (const VsFittedCollection *c, const VsShaveWorkload *w)
{
  if (w->n_params < 1)
    return VS_ERROR_SHAVE_PARAMS;
  int n = w->params[0];
  if (n <= 0 || n > 4)
    return VS_ERROR_SHAVE_PARAMS;
  const VsVpuTensor *out = &w->outputs[0];
  guint order[4];
  layout_order (out->layout, order);
  if (n == 2 && order[0] == 0 && order[1] == 1)
    return mvn_simple_cycles (c, &c->mvn_2ax, 2, out);
  if (n == 3 && order[0] == 0 && order[1] == 1 && order[2] == 2)
    return mvn_simple_cycles (c, &c->mvn_3ax, 3, out);
  return mvn6_generic_cycles (c, w);
}

/* ---- softmax, gather, normalize, interpolate -------------------------------- */

static VsCycles
softmax_cycles (const VsFittedCollection *c, const VsShaveWorkload *w)
{
  const VsFittedSoftmax *m = c->softmax;
  if (w->n_params != 1)
    return VS_ERROR_SHAVE_PARAMS;
  int selected_dim = w->params[0];
  if (selected_dim <= 0 || selected_dim > 3)
    return VS_ERROR_SHAVE_PARAMS;
  const VsVpuTensor *out = &w->outputs[0];
  if (out->b > 1)
    return VS_ERROR_SHAVE_INVALID_INPUT;
  guint index = (guint) (3 - selected_dim);
  int selected = (int) shape_at (out, index);
  int unselected = 1;
  for (guint i = 0; i < 3; i++)
    if (i != index)
      unselected = (int) ((guint32) unselected * shape_at (out, i));
  float us;
  if (unselected == 1) {
    us = line (m->base, selected);
  } else {
    /* Divisibility class of the unselected volume: 32, 16, 8, 4, 2 or 1. */
    guint type = unselected % 32 == 0 ? 5 : unselected % 16 == 0 ? 4 : unselected % 8 == 0 ? 3
               : unselected % 4 == 0 ? 2 : unselected % 2 == 0 ? 1 : 0;
    static const int class_offset[] = { 1, 2, 4, 8, 16 };
    int normalized = type == 5 ? unselected : (unselected / 32) * 32 + class_offset[type];
    float slope = line (m->slope[type], selected);
    float intercept = line (m->intercept[type], selected);
    us = slope * (float) normalized + intercept;
  }
  return us_to_cycles (us, c->dpu_mhz);
}

static VsCycles
gather_cycles (const VsFittedCollection *c, const VsShaveWorkload *w)
{
  const VsFittedGather *m = c->gather;
  if (w->n_params != 2)
    return VS_ERROR_SHAVE_PARAMS;
  if (w->params[0] != 1 || w->params[1] != 1)
    return VS_ERROR_SHAVE_PARAMS;
  const VsVpuTensor *out = &w->outputs[0];
  int size = (int) tensor_volume (out);
  guint order[4];
  layout_order (out->layout, order);
  int d[4];
  for (guint i = 0; i < 4; i++)
    d[i] = (int) shape_at (out, order[i]);
  if (d[0] == 0)
    return VS_ERROR_SHAVE_INVALID_INPUT;   /* the reference divides by it */
  float c0 = volume_ratio ((float) dim_at_least_one (d[3]), (float) size);
  float n1 = (float) (d[1] * d[2]);
  float c1 = volume_ratio (n1, (float) (d[0] * d[3]) * n1);
  float slope = m->base_slope + c0 * m->worst_slope + c1 * m->inter_slope;
  float us = slope * (float) size + m->base_intercept;
  int step = ((guint) d[0] / m->vector_size) < 1 ? (int) ((guint) (d[0] - 1) % m->vector_size)
                                                 : (int) ((guint) d[0] % m->vector_size);
  step = step >= 0 ? step : 0;
  us += m->vector_offset * (float) step * (float) (size / d[0]);
  return us_to_cycles (us, c->dpu_mhz);
}

static VsCycles
normalize_l2_cycles (const VsFittedCollection *c, const VsShaveWorkload *w)
{
  const VsFittedNormalizeL2 *m = c->normalize_l2;
  if (w->n_params != 1)
    return VS_ERROR_SHAVE_PARAMS;
  if (w->params[0] != 1)
    return VS_ERROR_SHAVE_PARAMS;
  const VsVpuTensor *out = &w->outputs[0];
  if (out->layout != VS_LAYOUT_XYZ)
    return VS_ERROR_SHAVE_LAYOUT;
  int channels = (int) out->c, width = (int) out->w, rest = (int) (out->h * out->b);
  float base = (m->base_slope * (float) channels + m->base_intercept) +
               (float) (channels % 8) * m->base_vector_offset;
  float inc = m->w_slope * (float) channels + m->w_intercept;
  int mod16 = width % 16, mod8 = width % 8;
  inc += mod16 == 8 ? m->slope_mod8 * (float) channels : 0.0f;
  inc += mod16 >= 1 && mod16 < 8 ? m->slope_mod1 * (float) channels : 0.0f;
  inc += mod16 >= 9 && mod16 < 16 ? m->slope_mod9 * (float) channels : 0.0f;
  float vector_w = mod8 != 0 ? (float) (mod8 - 1) * m->w_vector_offset * (float) channels : 0.0f;
  float blocks = width / 16 != 0 ? (float) width / 16 : 1.0f;
  float us = base + (inc * blocks + vector_w) * (float) rest;
  return us_to_cycles (us, c->dpu_mhz);
}

/* NPU 2.7 "interpolatewh_1": W,H interpolation, XYZ layouts only.  The
 * reference reads the input width for both W and H; so does vpusim. */
static VsCycles
interpolate_wh_cycles (const VsFittedCollection *c, const VsShaveWorkload *w)
{
  const VsVpuTensor *in = &w->inputs[0], *out = &w->outputs[0];
  if (in->layout != out->layout || in->layout != VS_LAYOUT_XYZ)
    return VS_ERROR_SHAVE_PARAMS;
  const float *k = c->interpolate_wh;
  int samples = (int) tensor_volume (out), wi = (int) in->w, hi = (int) in->w;
  float out_over_w = (float) samples / (float) wi;
  float us = k[0] + k[1] * (float) hi + k[2] * (float) wi + k[3] * (float) samples + k[4] * out_over_w;
  return us_to_cycles (us, c->dpu_mhz);
}

/* ---- VPUEM families ------------------------------------------------------------ */

/* Cycles of one sub-block of `bytes` output bytes with one piecewise set. */
static int
piecewise_block_cycles (const VsFittedPiecewiseSet *set, int bytes, float cost_curve_ratio)
{
  int elements = fp16_elements (bytes);
  int vector_size = 8;                       /* 16 bytes of FP16 */
  int unroll_size = vector_size * set->unroll;
  int unroll_number = elements / unroll_size;
  int unroll_location = unroll_number * unroll_size;
  int vector_number = (elements - unroll_location) / vector_size;
  int vector_location = vector_number * vector_size;
  int scalar_number = elements - unroll_location - vector_location;
  float cycles = ((float) unroll_location / set->slope[0] + (float) vector_location / set->slope[1] +
                  (float) scalar_number / set->slope[2]) / cost_curve_ratio;
  return (int) cycles;
}

static int
round_dim (int d0, int d1)
{
  return d0 < d1 ? 1 : (int) ceil ((double) d0 / d1);
}

/* Block count of the DSP: from the total I/O bits per SIMD word. */
static int
piecewise_max_blocks (const VsShaveWorkload *w, int dsp_arch)
{
  gint32 total = 0;
  for (guint i = 0; i < w->n_inputs; i++)
    total = wadd (total, (gint32) vs_dma_tensor_bytes (&w->inputs[i]));
  for (guint i = 0; i < w->n_outputs; i++)
    total = wadd (total, (gint32) vs_dma_tensor_bytes (&w->outputs[i]));
  float simd_words = (float) total * 8.0f / (float) dsp_arch;
  int blocks = simd_words <= 1024 ? 8 : simd_words <= 8 * 1024 ? 16 : simd_words <= 16 * 1024 ? 32
             : simd_words <= 32 * 1024 ? 64 : simd_words <= 64 * 1024 ? 128 : 32;
  blocks *= dsp_arch == 128 ? 2 : 1;
  return MIN (blocks, 32);
}

/* Elements per sub-block of a tensor flattened to its volume. */
static int
piecewise_subblock (guint32 volume, VsDataType dtype, int dsp_arch, int max_blocks)
{
  double precision = vs_data_type_bits (dtype) / 8.0;
  int per_word = (int) ceil ((dsp_arch / 8) / precision);
  int max_data = per_word * max_blocks;
  return (int) volume >= max_data ? max_data : per_word * round_dim ((int) volume, per_word);
}

static VsCycles
piecewise_cycles (const VsFittedCollection *c, const VsFittedPiecewise *m, const VsShaveWorkload *w)
{
  const VsVpuTensor *out = &w->outputs[0];
  int ops = fp16_elements ((int) vs_dma_tensor_bytes (out));
  static const int prefer_large[] = { 32, 16, 8, 64 }, prefer_small[] = { 8, 16, 32, 64 };
  const int *prefer = ops > 256 ? prefer_large : prefer_small;
  const VsFittedPiecewiseSet *set = NULL;
  for (guint p = 0; p < 4 && set == NULL; p++)
    for (guint k = 0; k < G_N_ELEMENTS (m->sets); k++)
      if (m->sets[k].unroll == prefer[p]) {
        set = &m->sets[k];
        break;
      }
  int max_blocks = piecewise_max_blocks (w, c->piecewise_dsp_arch);
  /* A tensor of one element has no dimension to split: the reference's
   * sub-block search throws and the model answers 0 cycles. */
  for (guint i = 0; i < w->n_inputs; i++)
    if (tensor_volume (&w->inputs[i]) == 1)
      return shave_to_dpu_cycles (0, c->dpu_mhz, c->shv_mhz);
  int block = 0, n_blocks = 0;
  for (guint i = 0; i < w->n_outputs; i++) {
    guint32 volume = tensor_volume (&w->outputs[i]);
    if (volume == 1)
      return shave_to_dpu_cycles (0, c->dpu_mhz, c->shv_mhz);
    int b = piecewise_subblock (volume, w->outputs[i].dtype, c->piecewise_dsp_arch, max_blocks);
    if (i == 0)
      block = b;
    n_blocks = (int) ceilf ((float) volume / (float) b);
  }
  int block_bytes = block * vs_data_type_bytes (out->dtype);
  gint32 one = 1 + piecewise_block_cycles (set, block_bytes, c->piecewise_cost_curve_ratio);
  gint32 total = 0;
  for (int idx = 0; idx < n_blocks; idx++) {
    total = wadd (total, one);
    if (idx == 0 && n_blocks > 1)
      total = wadd (total, (int) set->offset - 1);
  }
  return shave_to_dpu_cycles (total, c->dpu_mhz, c->shv_mhz);
}

static int
vpuem_softmax_shave_cycles (const VsFittedVpuemSoftmax *m, int h, int hw, int ch)
{
  const int dtype_bytes = 2;
  const float cost_ratio = 1.0f;
  int hw_elements = 1, h_elements = 1, c_elements = ch / dtype_bytes;
  if (hw != 1) {
    hw_elements = hw;
    h_elements = h;
    c_elements = ch;
  }
  int vector_size = 16 / dtype_bytes;
  int unroll_size = vector_size * m->unroll;
  if (m->spatial) {
    if (h_elements == 0)
      return -1;
    int temp = h_elements, width = hw_elements / h_elements;
    h_elements = c_elements / vector_size;
    c_elements = wmul (wmul (temp, width), vector_size);
    hw_elements = h_elements;
  }
  int unroll_num = c_elements / unroll_size;
  int vector_num = (c_elements - unroll_num * unroll_size) / vector_size;
  int scalar_num = c_elements - unroll_num * unroll_size - vector_num * vector_size;
  if (unroll_num) {
    int unroll_cycles = (int) ((float) wmul (m->unroll_slope, unroll_num) / cost_ratio);
    int vector_cycles = vector_num == 0 ? 0
                        : wadd (m->vector_slope0, wmul (m->vector_slope, vector_num - 1)) / (int) cost_ratio;
    int scalar_cycles = scalar_num == 0 ? 0
                        : scalar_num == 1 ? (int) ((float) m->scalar_slope0 / cost_ratio)
                        : wadd (m->scalar_slope0, wmul (m->scalar_slope, scalar_num - 1)) / (int) cost_ratio;
    int overhead = wmul (m->unroll_overhead, hw_elements - 1);
    return wadd (wadd (m->unroll_offset,
                       wmul (wadd (wadd (unroll_cycles, vector_cycles), scalar_cycles), hw_elements)),
                 overhead);
  }
  if (vector_num) {
    int vector_cycles = (int) ((float) wmul (m->vector_slope, vector_num) / cost_ratio);
    int scalar_cycles = scalar_num == 0 ? 0
                        : wadd (m->scalar_slope0, wmul (m->scalar_slope, scalar_num - 1)) / (int) cost_ratio;
    int overhead = wmul (m->vector_overhead, hw_elements - 1);
    return wadd (wadd (m->vector_offset, wmul (wadd (vector_cycles, scalar_cycles), hw_elements)),
                 overhead);
  }
  if (scalar_num) {
    int scalar_cycles = (int) ((float) wmul (m->scalar_slope, scalar_num) / cost_ratio);
    int overhead = wmul (m->scalar_overhead, hw_elements - 1);
    return wadd (wadd (m->scalar_offset, wmul (scalar_cycles, hw_elements)), overhead);
  }
  return -1;
}

static VsCycles
vpuem_softmax_cycles (const VsFittedCollection *c, const VsFittedVpuemSoftmax *m,
                      const VsVpuTensor *out)
{
  int shave = vpuem_softmax_shave_cycles (m, (int) out->h, (int) (out->h * out->w), (int) out->c);
  return shave_to_dpu_cycles (shave, c->dpu_mhz, c->shv_mhz);
}

static VsCycles
vpuem_spatial_cycles (const VsFittedCollection *c, const VsVpuTensor *out)
{
  int elements = (int) vs_dma_tensor_bytes (out) / 2;
  int shave = wmul ((int) (1 / c->vpuem_spatial_slope), elements);
  return shave_to_dpu_cycles (shave, c->dpu_mhz, c->shv_mhz);
}

/* ---- look-up --------------------------------------------------------------------- */

static const VsFittedCollection *
collection_for (VsVpuDevice d)
{
  return d == VS_DEVICE_VPU_2_7 ? &vs_fitted_vpu27 : d == VS_DEVICE_VPU_4_0 ? &vs_fitted_npu40 : NULL;
}

static const char *const mvn6_axes_names[] = { "MVN6_oneAx", "MVN6_twoAx", "MVN6_threeAx",
                                                "MVN6_fourAx" };
#define VPUEM_PREFIX "vpuem."

/* Evaluate `name` in collection `c`; FALSE when the name is not there. */
static gboolean
fitted_eval (const VsFittedCollection *c, const char *name, const VsShaveWorkload *w, VsCycles *out)
{
  const VsVpuTensor *o = &w->outputs[0];
  for (guint i = 0; i < c->n_linear27; i++)
    if (strcmp (c->linear27[i].name, name) == 0)
      return *out = linear27_cycles (&c->linear27[i], o), TRUE;
  for (guint i = 0; i < c->n_linear40; i++)
    if (strcmp (c->linear40[i].name, name) == 0)
      return *out = linear40_cycles (&c->linear40[i], o), TRUE;
  if (c->has_mvn6_only_one_axis && strcmp (name, "MVN6_onlyOneAx") == 0) {
    guint order[4];
    layout_order (o->layout, order);
    float us = mvn6_one_axis_us (&c->mvn6_only_one_axis, (int) tensor_volume (o),
                                 (int) shape_at (o, order[0]));
    return *out = us_to_cycles (us, c->dpu_mhz), TRUE;
  }
  for (guint i = 0; i < 4; i++)
    if (strcmp (name, mvn6_axes_names[i]) == 0)
      return *out = mvn6_axes_cycles (c, o, i + 1), TRUE;
  if (strcmp (name, "MVN6") == 0)
    return *out = mvn6_generic_cycles (c, w), TRUE;
  if (strcmp (name, "MVN_2Ax") == 0)
    return *out = mvn_simple_cycles (c, &c->mvn_2ax, 2, o), TRUE;
  if (strcmp (name, "MVN_3Ax") == 0)
    return *out = mvn_simple_cycles (c, &c->mvn_3ax, 3, o), TRUE;
  if (strcmp (name, "MVN") == 0)
    return *out = mvn_composite_cycles (c, w), TRUE;
  if (c->has_interpolate_wh && strcmp (name, "interpolatewh_1") == 0)
    return *out = interpolate_wh_cycles (c, w), TRUE;
  if (c->softmax != NULL && strcmp (name, "softmax") == 0)
    return *out = softmax_cycles (c, w), TRUE;
  if (c->gather != NULL && strcmp (name, "gather") == 0)
    return *out = gather_cycles (c, w), TRUE;
  if (c->normalize_l2 != NULL && strcmp (name, "normalizel2onlyc") == 0)
    return *out = normalize_l2_cycles (c, w), TRUE;
  if (!g_str_has_prefix (name, VPUEM_PREFIX))
    return FALSE;
  const char *op = name + strlen (VPUEM_PREFIX);
  for (guint i = 0; i < c->n_piecewise; i++)
    if (strcmp (c->piecewise[i].name, op) == 0)
      return *out = piecewise_cycles (c, &c->piecewise[i], w), TRUE;
  for (guint i = 0; i < c->n_vpuem_softmax; i++)
    if (strcmp (c->vpuem_softmax[i].name, op) == 0)
      return *out = vpuem_softmax_cycles (c, &c->vpuem_softmax[i], o), TRUE;
  if (c->has_vpuem_spatial_mvn && strcmp (op, "mvn") == 0)
    return *out = vpuem_spatial_cycles (c, o), TRUE;
  return FALSE;
}

VsCycles
vs_shave_fitted_cycles (const VsShaveWorkload *w)
{
  if (w->kernel == NULL)
    return VS_ERROR_SHAVE_OPERATOR_MISSING;
  if (w->device == VS_DEVICE_VPU_2_0 || w->device == VS_DEVICE_VPU_2_1) {
    /* The reference's VPU 2.0 collection is the classic table, exact names. */
    const VsShaveTable *t = vs_shave_table_builtin ();
    if (!vs_shave_table_lookup (t, w->kernel, NULL, NULL))
      return VS_ERROR_SHAVE_OPERATOR_MISSING;
    return vs_shave_table_cycles (t, w);
  }
  const VsFittedCollection *c = collection_for (w->device);
  if (c == NULL)
    return VS_ERROR_SHAVE_OPERATOR_MISSING;
  if (w->n_outputs == 0)
    return VS_ERROR_SHAVE_INVALID_INPUT;
  VsCycles cycles;
  if (!fitted_eval (c, w->kernel, w, &cycles))
    return VS_ERROR_SHAVE_OPERATOR_MISSING;
  return cycles;
}

gboolean
vs_shave_fitted_knows (VsVpuDevice device, const char *name)
{
  if (name == NULL)
    return FALSE;
  if (device == VS_DEVICE_VPU_2_0 || device == VS_DEVICE_VPU_2_1)
    return vs_shave_table_lookup (vs_shave_table_builtin (), name, NULL, NULL);
  const VsFittedCollection *c = collection_for (device);
  if (c == NULL)
    return FALSE;
  /* Evaluate on a small tensor: only whether the name resolves matters. */
  VsShaveWorkload w = { .device = device, .kernel = name, .n_inputs = 1, .n_outputs = 1 };
  VsVpuTensor t = { 16, 16, 16, 1, VS_DTYPE_FLOAT16, VS_LAYOUT_ZXY, FALSE };
  w.inputs[0] = w.outputs[0] = t;
  VsCycles cycles;
  return fitted_eval (c, name, &w, &cycles);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char **
vs_shave_fitted_kernel_names (VsVpuDevice device)
{
  GPtrArray *names = g_ptr_array_new ();
  if (device == VS_DEVICE_VPU_2_0 || device == VS_DEVICE_VPU_2_1) {
    char **classic = vs_shave_table_kernel_names (vs_shave_table_builtin ());
    for (guint i = 0; classic[i] != NULL; i++)
      if (vs_shave_table_lookup (vs_shave_table_builtin (), classic[i], NULL, NULL))
        g_ptr_array_add (names, g_strdup (classic[i]));
    g_strfreev (classic);
  }
  const VsFittedCollection *c = collection_for (device);
  if (c != NULL) {
    for (guint i = 0; i < c->n_linear27; i++)
      g_ptr_array_add (names, g_strdup (c->linear27[i].name));
    for (guint i = 0; i < c->n_linear40; i++)
      g_ptr_array_add (names, g_strdup (c->linear40[i].name));
    static const char *const hand[] = { "MVN6_onlyOneAx", "MVN6_oneAx", "MVN6_twoAx", "MVN6_threeAx",
                                        "MVN6_fourAx", "MVN6", "MVN_2Ax", "MVN_3Ax", "MVN",
                                        "interpolatewh_1", "softmax", "gather", "normalizel2onlyc" };
    for (guint i = 0; i < G_N_ELEMENTS (hand); i++)
      if (vs_shave_fitted_knows (device, hand[i]))
        g_ptr_array_add (names, g_strdup (hand[i]));
    for (guint i = 0; i < c->n_piecewise; i++)
      g_ptr_array_add (names, g_strconcat (VPUEM_PREFIX, c->piecewise[i].name, NULL));
    for (guint i = 0; i < c->n_vpuem_softmax; i++)
      g_ptr_array_add (names, g_strconcat (VPUEM_PREFIX, c->vpuem_softmax[i].name, NULL));
    if (c->has_vpuem_spatial_mvn)
      g_ptr_array_add (names, g_strdup (VPUEM_PREFIX "mvn"));
  }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}
