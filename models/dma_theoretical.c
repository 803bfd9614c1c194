/* SPDX-License-Identifier: Apache-2.0 */
/* dma_theoretical.c — VPUNN's theoretical DMA cost (legacy and PTL formulas),
 * the hardware numbers they read, and VPUNN's tensor byte size.
 * Float/double choices mirror the reference expression by expression: the
 * golden values depend on them (e.g. a float bandwidth widened to double). */
#include "models/dma_theoretical.h"

#include <math.h>

#define VS_LAT_MIXED_DEFAULT 1.0f

/* Index: VPU_2_0, VPU_2_1, VPU_2_7, VPU_4_0, NPU_5_0, default. */
static const VsDmaHw hw_main[] = {
  { 700, 700, 32, 20000.0f, 0, 0, 0, VS_LAT_MIXED_DEFAULT },
  { 850, 850, 32, 20000.0f, 0, 0, 0, VS_LAT_MIXED_DEFAULT },
  { 1300, 975, 32, 27000.0f, 956, 16, 0, VS_LAT_MIXED_DEFAULT },
  { 1700, 971, 64, 136000.0f, 300, 32, 0, VS_LAT_MIXED_DEFAULT },
  { 1950, 1114, 64, 136000.0f, 300, 32, 0, VS_LAT_MIXED_DEFAULT },
  { 1, 1, -1, 1.0f, 0, 0, 0, VS_LAT_MIXED_DEFAULT },
};

/* The legacy set differs for VPU_4_0 (CMX 975 MHz, 45 GB/s, 956 ns / 16)
 * and NPU_5_0 (45 GB/s, 956 ns / 16). */
static const VsDmaHw hw_legacy[] = {
  { 700, 700, 32, 20000.0f, 0, 0, 0, VS_LAT_MIXED_DEFAULT },
  { 850, 850, 32, 20000.0f, 0, 0, 0, VS_LAT_MIXED_DEFAULT },
  { 1300, 975, 32, 27000.0f, 956, 16, 0, VS_LAT_MIXED_DEFAULT },
  { 1700, 975, 64, 45000.0f, 956, 16, 0, VS_LAT_MIXED_DEFAULT },
  { 1950, 1114, 64, 45000.0f, 956, 16, 0, VS_LAT_MIXED_DEFAULT },
  { 1, 1, -1, 1.0f, 0, 0, 0, VS_LAT_MIXED_DEFAULT },
};

static guint
hw_index (VsVpuDevice device)
{
  switch (device) {
  case VS_DEVICE_VPU_2_0: return 0;
  case VS_DEVICE_VPU_2_1: return 1;
  case VS_DEVICE_VPU_2_7: return 2;
  case VS_DEVICE_VPU_4_0: return 3;
  case VS_DEVICE_NPU_5_0: return 4;
  default: return 5;
  }
}

const VsDmaHw *
vs_dma_hw_main (VsVpuDevice device)
{
  return &hw_main[hw_index (device)];
}

const VsDmaHw *
vs_dma_hw_legacy (VsVpuDevice device)
{
  return &hw_legacy[hw_index (device)];
}

VsCycles
vs_dma_hw_latency (const VsDmaHw *hw, VsMemoryLocation location)
{
  /* Multiplication before division, in int, as the reference does. */
  gint32 dpu = (gint32) hw->dpu_mhz, cmx = (gint32) hw->cmx_mhz;
  if (location == VS_MEMLOC_DRAM)
    return (VsCycles) ((hw->dram_latency_ns * dpu) / 1000 + hw->post_latency_cycles * dpu / cmx);
  return (VsCycles) ((hw->cmx_latency_cycles + hw->post_latency_cycles) * dpu / cmx);
}

guint32
vs_dma_tensor_bytes (const VsVpuTensor *t)
{
  /* Dimensions innermost to outermost; index into {w, h, c, b}. */
  static const guint8 orders[][4] = {
    [VS_LAYOUT_ZMAJOR] = { 2, 0, 1, 3 }, [VS_LAYOUT_CMAJOR] = { 0, 1, 2, 3 },
    [VS_LAYOUT_XYZ] = { 0, 1, 2, 3 },    [VS_LAYOUT_XZY] = { 0, 2, 1, 3 },
    [VS_LAYOUT_YXZ] = { 1, 0, 2, 3 },    [VS_LAYOUT_YZX] = { 1, 2, 0, 3 },
    [VS_LAYOUT_ZXY] = { 2, 0, 1, 3 },    [VS_LAYOUT_ZYX] = { 2, 1, 0, 3 },
  };
  const guint32 shape[4] = { t->w, t->h, t->c, t->b };
  guint layout = (guint) t->layout;
  /* INVALID and out-of-range layouts count as ZMAJOR, as in the reference. */
  const guint8 *order = orders[layout <= VS_LAYOUT_ZYX ? layout : VS_LAYOUT_ZMAJOR];

  int type_bytes = vs_data_type_bytes (t->dtype), bits = vs_data_type_reference_bits (t->dtype);
  int overflow_bits = bits - 8 * (type_bytes - 1);
  gint64 seq_elems = -1, seq_bytes = -1;
  if (overflow_bits >= 1 && overflow_bits <= 8) {
    seq_elems = 8 / overflow_bits;
    seq_bytes = seq_elems * (type_bytes - 1) + 1;
  }
  /* The reference reads the innermost extent as a signed int. */
  gint64 inner = (gint32) shape[order[0]];
  gint64 complete = (inner / seq_elems) * seq_bytes;
  gint64 rest = inner % seq_elems;
  gint64 rest_bytes = rest == 0 ? 0 : (rest * bits) / 8 + 1;
  guint32 line = (guint32) (complete + rest_bytes);
  return line * shape[order[1]] * shape[order[2]] * shape[order[3]];
}

/* Cycles::toCycleInterfaceType for double and float arguments.  A NaN gives
 * 0, which is what the reference's unchecked cast yields on x86-64. */
static VsCycles
cycles_from_double (double x)
{
  if (x < 0)
    return VS_ERROR_INVALID_CONVERSION_TO_CYCLES;
  if (x > (double) VS_CYCLES_ERROR_START)
    return VS_ERROR_INVALID_CONVERSION_TO_CYCLES;
  if (isnan (x))
    return 0;
  return (VsCycles) ceil (x);
}

static VsCycles
cycles_from_float (float x)
{
  if (x < 0.0f)
    return VS_ERROR_INVALID_CONVERSION_TO_CYCLES;
  if (x > (float) VS_CYCLES_ERROR_START)
    return VS_ERROR_INVALID_CONVERSION_TO_CYCLES;
  if (isnan (x))
    return 0;
  return (VsCycles) ceilf (x);
}

/* DPU cycles per byte of one end of a legacy transfer. */
static float
legacy_cycles_per_byte (const VsDmaHw *hw, const VsVpuTensor *t, guint32 size, VsMemoryLocation loc,
                        gboolean compressed, gboolean permuted, gboolean half_duplex)
{
  if (loc == VS_MEMLOC_DRAM)
    return (float) hw->dpu_mhz / hw->dram_mbps;
  guint32 word;
  if (permuted) {
    int b = vs_data_type_bytes (t->dtype);
    word = b <= 0 ? 1 : (guint32) b;
  } else {
    guint32 full = compressed ? 64 : 32;
    word = MIN (size, half_duplex ? full / 2 : full);
  }
  return (float) hw->dpu_mhz / (float) hw->cmx_mhz / (float) word;
}

static VsCycles
theoretical_legacy (const VsDmaCopyWorkload *w)
{
  const VsDmaHw *hw = vs_dma_hw_legacy (w->device);
  guint32 in_size = vs_dma_tensor_bytes (&w->input), out_size = vs_dma_tensor_bytes (&w->output);
  gboolean in_cmx = w->input_location == VS_MEMLOC_CMX, out_cmx = w->output_location == VS_MEMLOC_CMX;
  /* CMX-to-CMX is half duplex on NPU 2.x. */
  gboolean half = w->device <= VS_DEVICE_VPU_2_7 && in_cmx && out_cmx;
  gboolean relayout = w->input.layout != w->output.layout;
  gboolean resized = in_size != out_size;

  float in_bw = legacy_cycles_per_byte (hw, &w->input, in_size, w->input_location,
                                        resized && in_cmx, relayout && in_cmx, half);
  VsCycles in_cyc = cycles_from_double ((double) in_size * (double) in_bw);
  float out_bw = legacy_cycles_per_byte (hw, &w->output, out_size, w->output_location,
                                         resized && out_cmx, relayout && out_cmx, half);
  VsCycles out_cyc = cycles_from_double ((double) out_size * (double) out_bw);

  VsCycles lat = MAX (vs_dma_hw_latency (hw, w->input_location),
                      vs_dma_hw_latency (hw, w->output_location));
  return vs_cycles_add (lat, MAX (in_cyc, out_cyc));
}

static int
ptl_ddr_bytes_per_cycle (const VsDmaHw *hw)
{
  int ddr = (int) floorf (hw->dram_mbps / (float) hw->cmx_mhz);
  return MIN (ddr, hw->dma_engine_bytes);
}

static VsCycles
theoretical_ptl (const VsDmaCopyWorkload *w)
{
  const VsDmaHw *hw = vs_dma_hw_main (w->device);
  guint32 in_size = vs_dma_tensor_bytes (&w->input), out_size = vs_dma_tensor_bytes (&w->output);
  VsMemoryLocation in_loc = w->input_location, out_loc = w->output_location;
  float ratio = (float) hw->dpu_mhz / (float) hw->cmx_mhz;

  gboolean permute = w->input.layout != w->output.layout && in_loc == VS_MEMLOC_CMX
                     && out_loc == VS_MEMLOC_CMX;
  gboolean decompress = in_size < out_size && in_loc == VS_MEMLOC_DRAM && out_loc == VS_MEMLOC_CMX;
  float decompress_ratio = decompress ? (float) out_size / (float) in_size : 1.0f;

  float in_eff = 1.0f, out_eff = 1.0f;
  if (in_loc == VS_MEMLOC_DRAM && out_loc == VS_MEMLOC_CMX)
    out_eff = hw->mixed_efficiency;
  else if (in_loc == VS_MEMLOC_CMX && out_loc == VS_MEMLOC_DRAM)
    in_eff = hw->mixed_efficiency;

  int in_bpc = in_loc == VS_MEMLOC_DRAM ? ptl_ddr_bytes_per_cycle (hw) : hw->dma_engine_bytes;
  float read_cmx = (float) in_size / ((float) in_bpc * in_eff);
  VsCycles in_cyc = cycles_from_float (read_cmx * ratio);

  int out_bpc;
  if (out_loc == VS_MEMLOC_DRAM)
    out_bpc = ptl_ddr_bytes_per_cycle (hw);
  else if (permute)
    out_bpc = vs_data_type_bytes (w->output.dtype); /* one element per cycle */
  else if (decompress) {
    /* Decompression speeds writes up to at most twice the CMX rate. */
    float max_bw = (float) hw->dma_engine_bytes * 2.0f;
    float speed_up = (float) in_bpc * decompress_ratio;
    out_bpc = (int) (speed_up < max_bw ? speed_up : max_bw);
  } else
    out_bpc = hw->dma_engine_bytes;
  float write_cmx = (float) out_size / ((float) out_bpc * out_eff);
  VsCycles out_cyc = cycles_from_float (write_cmx * ratio);

  VsCycles lat = MAX (vs_dma_hw_latency (hw, in_loc), vs_dma_hw_latency (hw, out_loc));
  return vs_cycles_add (lat, MAX (in_cyc, out_cyc));
}

VsCycles
vs_dma_theoretical_cycles (const VsDmaCopyWorkload *w)
{
  g_return_val_if_fail (w != NULL, VS_ERROR_INVALID_INPUT_CONFIGURATION);
  /* The reference's default build forces the legacy formula on VPU_4_0. */
  if (w->device <= VS_DEVICE_VPU_4_0)
    return theoretical_legacy (w);
  return theoretical_ptl (w);
}
