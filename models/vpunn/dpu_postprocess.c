/* SPDX-License-Identifier: Apache-2.0 */
/* dpu_postprocess.c — output versions of DPU networks (SPEC.md §4). */
#include "models/vpunn/dpu_postprocess.h"

#include <math.h>

/* The network output conventions vpusim post-processes (dpu_postprocess.h). */
static const int output_versions[] = { 0, 2, 4, 5 };

gboolean
vs_dpu_output_version_supported (int output_version)
{
  for (guint i = 0; i < G_N_ELEMENTS (output_versions); i++)
    if (output_versions[i] == output_version)
      return TRUE;
  return FALSE;
}

char *
vs_dpu_output_versions (void)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (output_versions); i++)
    g_string_append_printf (s, "%s%d", i > 0 ? ", " : "", output_versions[i]);
  return g_string_free (s, FALSE);
}

gboolean
vs_dpu_raw_is_valid (float raw)
{
  /* written as the reference does, so that NaN counts as valid */
  return !(raw > 4000000000.0f || raw < 0.0f);
}

/* Version 4: how much faster NPU 4.0 runs a depthwise convolution than the
 * NPU 2.7 network predicts, by kernel/stride row and channel column. */
static const float dw_factor_8bit[5][3] = {
  { 1.0f, 0.8f, 0.75f },    /* stride 1, a kernel side of 1 */
  { 0.5f, 0.44f, 0.69f },   /* stride 1, kernel width 3 (optimized on 4.0) */
  { 0.81f, 0.75f, 0.75f },  /* stride 1, other kernels */
  { 0.69f, 0.68f, 0.73f },  /* a stride of 2 */
  { 0.60f, 0.60f, 0.65f },  /* other strides */
};
static const float dw_factor_16bit[5][3] = {
  { 1.0f, 1.0f, 1.0f },
  { 0.48f, 0.47f, 0.71f },
  { 0.76f, 0.74f, 0.77f },
  { 0.69f, 0.69f, 0.73f },
  { 0.60f, 0.60f, 0.65f },
};

static float
dw_factor (const VsDpuWorkload *w)
{
  int col;
  switch (w->input.c) {
  case 16: col = 0; break;
  case 32: col = 1; break;
  case 64: col = 2; break;
  default: return 1.0f;
  }
  int row;
  if (w->stride_w == 1 && w->stride_h == 1) {
    if (w->kernel_w == 3)
      row = 1;
    else if (w->kernel_w == 1 || w->kernel_h == 1)
      row = 0;
    else
      row = 2;
  } else if (w->stride_w == 2 || w->stride_h == 2) {
    row = 3;
  } else {
    row = 4;
  }
  return vs_data_type_bytes (w->input.dtype) > 1 ? dw_factor_16bit[row][col] : dw_factor_8bit[row][col];
}

float
vs_dpu_postprocess_value (int output_version, const VsDpuWorkload *w, float raw)
{
  if (output_version == 4 && w->device >= VS_DEVICE_VPU_4_0 && w->op == VS_OP_DW_CONVOLUTION &&
      vs_dpu_raw_is_valid (raw))
    return raw * dw_factor (w);
  return raw;
}

VsCycles
vs_dpu_postprocess (int output_version, const VsDpuWorkload *w, float raw)
{
  if (!vs_dpu_raw_is_valid (raw))
    return VS_ERROR_INVALID_OUTPUT_RANGE;
  float v = vs_dpu_postprocess_value (output_version, w, raw);
  /* NaN passes the reference's range test; its float-to-uint32 cast gives 0 on x86-64 */
  return isnan (v) ? 0 : (VsCycles) ceilf (v);
}

VsCycles
vs_dpu_cycles_from_float (float x)
{
  if (x < 0.0f)
    return VS_ERROR_INVALID_CONVERSION_TO_CYCLES;
  if (x > (float) VS_CYCLES_ERROR_START)
    return VS_ERROR_INVALID_CONVERSION_TO_CYCLES;
  return isnan (x) ? 0 : (VsCycles) ceilf (x);
}
