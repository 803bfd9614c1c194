/* SPDX-License-Identifier: Apache-2.0 */
/* dpu_descriptor.c — DPU workload descriptors per VPUNN input interface
 * (SPEC.md §3).  Enum values are mapped to each interface's own enum order
 * by table (the reference goes through enum names); -1 marks a value the
 * interface cannot encode. */
#include "models/vpunn/dpu_descriptor.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/vpunn/dpu_sanitizer.h"
#include "models/vpunn/interface_table.h"

float
vs_dpu_descriptor_round_sparsity (float x)
{
  if (x == 0.0f)
    return x;   /* the common case, and exact */
  char buf[64];
  snprintf (buf, sizeof buf, "%f", (double) x);
  return strtof (buf, NULL);
}

/* Left-to-right writer; a failed encoding sticks. */
typedef struct {
  float *out;
  guint pos;
  gboolean ok;
} Writer;

static void
put (Writer *wr, double v)
{
  wr->out[wr->pos++] = (float) v;
}

static void
put_one_hot (Writer *wr, int index, int classes)
{
  if (index < 0 || index >= classes) {
    wr->ok = FALSE;
    index = -1;
  }
  for (int i = 0; i < classes; i++)
    wr->out[wr->pos + i] = i == index ? 1.0f : 0.0f;
  wr->pos += classes;
}

/* ---- interface enum tables (index = present-day value) ---- */

/* VPUDevice of interfaces 01/10/11: VPU_2_0, VPU_2_1, VPU_2_7, VPU_4_0 */
static int
intf_device (VsVpuDevice d)
{
  return (guint) d <= VS_DEVICE_VPU_4_0 ? (int) d : -1;
}

/* DataType of 01/10/11: UINT8, INT8, FLOAT16, BFLOAT16 */
static int
intf_dtype (VsDataType t)
{
  return (guint) t <= VS_DTYPE_BFLOAT16 ? (int) t : -1;
}

/* Operation of 01/10/11: CONVOLUTION .. CM_CONVOLUTION */
static int
intf_operation (VsDpuOperation op)
{
  return (guint) op <= VS_OP_CM_CONVOLUTION ? (int) op : -1;
}

/* ExecutionMode of 01/10: VECTOR .. CUBOID_4x16 */
static int
intf01_execution (VsExecutionMode m)
{
  return (guint) m <= VS_EXEC_CUBOID_4x16 ? (int) m : -1;
}

/* ExecutionMode of 11 and 12+: CUBOID_16x16, CUBOID_8x16, CUBOID_4x16 */
static int
intf11_execution (VsExecutionMode m)
{
  switch (m) {
  case VS_EXEC_CUBOID_16x16: return 0;
  case VS_EXEC_CUBOID_8x16: return 1;
  case VS_EXEC_CUBOID_4x16: return 2;
  default: return -1;
  }
}

/* Layout of 11: XYZ, XZY, YXZ, YZX, ZXY, ZYX, INVALID */
static int
intf11_layout (VsLayout l)
{
  switch (l) {
  case VS_LAYOUT_XYZ: return 0;
  case VS_LAYOUT_XZY: return 1;
  case VS_LAYOUT_YXZ: return 2;
  case VS_LAYOUT_YZX: return 3;
  case VS_LAYOUT_ZXY: return 4;
  case VS_LAYOUT_ZYX: return 5;
  case VS_LAYOUT_INVALID: return 6;
  default: return -1;
  }
}

/* Layout of 12+: the six 3-D layouts; INVALID reads as ZXY. */
static int
intf12_layout (VsLayout l)
{
  return l == VS_LAYOUT_INVALID ? 4 : intf11_layout (l);
}

static int
swizzling_index (VsSwizzling s)
{
  return (guint) s <= VS_SWIZZLING_KEY_5 ? (int) s : -1;
}

static int
activation_index (VsActivation a)
{
  return (guint) a < VS_ACT_COUNT ? (int) a : -1;
}

/* ---- interface 10 ---- */

static void
put_tensor10 (Writer *wr, const VsVpuTensor *t)
{
  put (wr, t->w);
  put (wr, t->h);
  put (wr, t->c);
  put (wr, t->b);
  put_one_hot (wr, intf_dtype (t->dtype), 4);
}

static void
build_10 (Writer *wr, int variant, const VsDpuWorkload *w)
{
  (void) variant;
  put_one_hot (wr, intf_device (w->device), 4);
  put_one_hot (wr, intf_operation (w->op), 6);
  put_tensor10 (wr, &w->input);
  put_tensor10 (wr, &w->output);
  put (wr, w->kernel_w);
  put (wr, w->kernel_h);
  put (wr, w->stride_w);
  put (wr, w->stride_h);
  put (wr, w->pad_top);
  put (wr, w->pad_bottom);
  put (wr, w->pad_left);
  put (wr, w->pad_right);
  put_one_hot (wr, intf01_execution (w->execution_mode), 6);
  put_one_hot (wr, activation_index (w->activation), 6);
  put (wr, w->act_sparsity);
  put (wr, w->weight_sparsity);
  put_one_hot (wr, swizzling_index (w->in_swizzling[0]), 6);
  put_one_hot (wr, swizzling_index (w->in_swizzling[1]), 6);
  put_one_hot (wr, swizzling_index (w->out_swizzling), 6);
  put (wr, w->output_write_tiles);
}

/* ---- interface 11 family: adapters ---- */

typedef enum { ADAPT_NN27, ADAPT_NN27_159, ADAPT_NN40, ADAPT_NN41 } Adapter;

static VsDataType
mock_dtype (VsDataType t)
{
  if (t == VS_DTYPE_BF8 || t == VS_DTYPE_HF8)
    return VS_DTYPE_UINT8;
  if (t == VS_DTYPE_FLOAT32 || t == VS_DTYPE_INT32)
    return VS_DTYPE_FLOAT16;
  return t;
}

static VsDpuOperation
mock_operation (VsDpuOperation op)
{
  switch (op) {
  case VS_OP_LAYER_NORM:
  case VS_OP_ELTWISE_MUL: return VS_OP_ELTWISE;
  case VS_OP_AVEPOOL: return VS_OP_DW_CONVOLUTION;
  default: return op;
  }
}

static VsVpuDevice
mock_device (Adapter a, VsVpuDevice d)
{
  if (a == ADAPT_NN40 || a == ADAPT_NN41)
    return d >= VS_DEVICE_NPU_5_0 ? VS_DEVICE_VPU_4_0 : d;
  /* the 2.7 networks stand in for 4.0 and NPU 5 */
  if (d == VS_DEVICE_VPU_4_0 || d == VS_DEVICE_NPU_5_0 || d == VS_DEVICE_NPU_RESERVED)
    return VS_DEVICE_VPU_2_7;
  return d;
}

static void
unique_swizzling (Adapter a, const VsDpuWorkload *w, VsSwizzling s[3])
{
  const VsSwizzling in0 = w->in_swizzling[0], in1 = w->in_swizzling[1], out0 = w->out_swizzling;
  const VsSwizzling k0 = VS_SWIZZLING_KEY_0, k5 = VS_SWIZZLING_KEY_5;
  switch (a) {
  case ADAPT_NN27:
    /* trained with all-off or all-on swizzling for element-wise, on elsewhere */
    if (w->op == VS_OP_ELTWISE && in0 == k0 && in1 == k0 && out0 == k0)
      s[0] = s[1] = s[2] = k0;
    else
      s[0] = s[1] = s[2] = k5;
    break;
  case ADAPT_NN40:
    if (w->op == VS_OP_ELTWISE) {
      s[0] = s[1] = (in0 != k0 || in1 != k0) ? k5 : k0;
      s[2] = out0 != k0 ? k5 : k0;
    } else {
      s[0] = s[1] = s[2] = k5;
    }
    break;
  case ADAPT_NN41:
  case ADAPT_NN27_159:
  default:
    s[0] = in0;
    s[1] = in1;
    s[2] = out0;
    break;
  }
  if (w->op == VS_OP_MAXPOOL && a != ADAPT_NN27_159)
    s[1] = k0;   /* pooling has no weights */
}

/* Keep the network inside the ISI/owt space it was trained on. */
static void
filter_isi_owt (Adapter a, const VsDpuWorkload *w, VsIsiStrategy *isi, guint32 *owt)
{
  *isi = w->isi_strategy;
  *owt = w->output_write_tiles;
  switch (a) {
  case ADAPT_NN27:
    if (*isi == VS_ISI_SPLIT_OVER_H && w->kernel_h == 1)
      *isi = VS_ISI_CLUSTERING;
    if (*isi == VS_ISI_CLUSTERING && *owt > 1)
      *isi = VS_ISI_SPLIT_OVER_K;
    if (*isi == VS_ISI_SPLIT_OVER_K && w->op == VS_OP_ELTWISE) {
      *isi = VS_ISI_CLUSTERING;
      *owt = 1;
    }
    if (*owt > 2)
      *owt = 2;
    break;
  case ADAPT_NN40:
  case ADAPT_NN41:
    if (*isi == VS_ISI_SPLIT_OVER_H)
      *isi = VS_ISI_CLUSTERING;
    if (*isi == VS_ISI_CLUSTERING && *owt > 1)
      *isi = VS_ISI_SPLIT_OVER_K;
    if (*owt > 6)
      *owt = 6;
    break;
  case ADAPT_NN27_159:
  default:
    break;
  }
}

static int
isi_index (VsIsiStrategy isi)
{
  return (guint) isi <= VS_ISI_SPLIT_OVER_K ? (int) isi : -1;
}

static void
put_tensor11 (Writer *wr, guint32 width, guint32 height, const VsVpuTensor *t)
{
  put (wr, width);
  put (wr, height);
  put (wr, t->c);
  put (wr, t->b);
  put_one_hot (wr, intf_dtype (mock_dtype (t->dtype)), 4);
  put_one_hot (wr, intf11_layout (t->layout), 7);
  put (wr, t->sparse ? 1.0 : 0.0);
}

static gint64
positive (gint32 x)
{
  return x > 0 ? x : 0;
}

static void
build_11 (Writer *wr, int variant, const VsDpuWorkload *w)
{
  const Adapter a = (Adapter) variant;
  const VsVpuDevice device = mock_device (a, w->device);
  const VsDpuOperation op = mock_operation (w->op);
  put_one_hot (wr, intf_device (device), 4);
  put_one_hot (wr, intf_operation (op), 6);

  /* The 2.7 network learned split-over-H workloads by their memory tensor
   * (without the halo rows read from neighbours). */
  guint32 in_w = w->input.w, in_h = w->input.h;
  if (w->isi_strategy == VS_ISI_SPLIT_OVER_H) {
    gint64 nw = (gint64) in_w - positive (w->halo_left) - positive (w->halo_right);
    gint64 nh = (gint64) in_h - positive (w->halo_top) - positive (w->halo_bottom);
    in_w = (guint32) (nw > 0 ? nw : 0);
    in_h = (guint32) (nh > 0 ? nh : 0);
  }
  put_tensor11 (wr, in_w, in_h, &w->input);

  /* Weights are derived under the mocked device's rules, with the
   * activation's datatype. */
  VsDpuWorkload adapted = *w;
  adapted.device = device;
  adapted.op = op;
  VsVpuTensor wt;
  if (!vs_dpu_weights_tensor (&adapted, device, op, &wt)) {
    wr->ok = FALSE;
    memset (&wt, 0, sizeof wt);
  }
  wt.dtype = w->input.dtype;
  put_tensor11 (wr, wt.w, wt.h, &wt);

  put_tensor11 (wr, w->output.w, w->output.h, &w->output);
  put (wr, w->kernel_w);
  put (wr, w->kernel_h);
  put (wr, w->stride_w);
  put (wr, w->stride_h);
  put (wr, w->pad_top);
  put (wr, w->pad_bottom);
  put (wr, w->pad_left);
  put (wr, w->pad_right);
  put_one_hot (wr, intf11_execution (w->execution_mode), 3);
  put (wr, vs_dpu_descriptor_round_sparsity (w->act_sparsity));
  put (wr, vs_dpu_descriptor_round_sparsity (w->weight_sparsity));

  VsSwizzling s[3];
  unique_swizzling (a, w, s);
  for (int i = 0; i < 3; i++)
    put_one_hot (wr, swizzling_index (s[i]), 6);

  VsIsiStrategy isi;
  guint32 owt;
  filter_isi_owt (a, w, &isi, &owt);
  put (wr, owt);
  put_one_hot (wr, isi_index (isi), 3);
}

/* ---- interfaces 5113 / 5114 (NPU 5) ---- */

static int
intf12_operation (VsDpuOperation op)
{
  switch (op) {
  case VS_OP_CONVOLUTION: return 0;
  case VS_OP_DW_CONVOLUTION: case VS_OP_AVEPOOL: return 1;
  case VS_OP_ELTWISE: return 2;
  case VS_OP_ELTWISE_MUL: return 3;
  case VS_OP_MAXPOOL: return 4;
  case VS_OP_CM_CONVOLUTION: return 5;
  case VS_OP_LAYER_NORM: return 6;
  default: return -1;
  }
}

/* DataType of 5113 (UINT8, FLOAT16, HF8, FLOAT32) and 5114 (+ UINT4). */
static int
intf13_dtype (VsDataType t, gboolean has_uint4)
{
  switch (t) {
  case VS_DTYPE_UINT4: case VS_DTYPE_INT4: case VS_DTYPE_UINT2: case VS_DTYPE_INT2:
    return has_uint4 ? 4 : 0;
  case VS_DTYPE_UINT8: case VS_DTYPE_INT8: case VS_DTYPE_UINT1: case VS_DTYPE_INT1:
    return 0;
  case VS_DTYPE_FLOAT16: case VS_DTYPE_BFLOAT16: case VS_DTYPE_INT32:
    return 1;
  case VS_DTYPE_HF8: case VS_DTYPE_BF8:
    return 2;
  case VS_DTYPE_FLOAT32:
    return 3;
  default:
    return -1;
  }
}

static void
put_tensor13 (Writer *wr, const VsVpuTensor *t, gboolean is_5114)
{
  put (wr, t->w);
  put (wr, t->h);
  put (wr, t->c);
  put (wr, t->b);
  put_one_hot (wr, intf13_dtype (t->dtype, is_5114), is_5114 ? 5 : 4);
}

static void
build_5x (Writer *wr, int variant, const VsDpuWorkload *w)
{
  const gboolean is_5114 = variant;
  const int dtypes = is_5114 ? 5 : 4;
  put_one_hot (wr, intf12_operation (w->op), 7);
  put_tensor13 (wr, &w->input, is_5114);
  put_one_hot (wr, intf13_dtype (w->input.dtype, is_5114), dtypes);
  put_tensor13 (wr, &w->output, is_5114);
  put (wr, w->kernel_w);
  put (wr, w->kernel_h);
  put (wr, w->stride_w);
  put (wr, w->stride_h);
  put (wr, w->pad_top);
  put (wr, w->pad_bottom);
  put (wr, w->pad_left);
  put (wr, w->pad_right);
  put_one_hot (wr, intf11_execution (w->execution_mode), 3);
  put (wr, vs_dpu_descriptor_round_sparsity (w->act_sparsity));
  put (wr, vs_dpu_descriptor_round_sparsity (w->weight_sparsity));

  /* only owt is encoded: SOH reads as clustering, clustering with
   * broadcast as SOK, at most two tiles */
  guint32 owt = w->output_write_tiles;
  if (owt > 2)
    owt = 2;
  put (wr, owt);
  put_one_hot (wr, intf12_layout (w->output.layout), 6);
  put (wr, vs_dpu_inplace_output (w) ? 1.0 : 0.0);
  put (wr, vs_dpu_weightless (w) ? 1.0 : 0.0);
  put (wr, 0.0);   /* superdense output: never set by vpusim workloads */
}

/* ---- the interfaces ---- */

/* One row per input interface vpusim can describe: a new VPUNN model version
 * whose descriptor is a known one with another adapter is one row here; a
 * new layout is one builder and one row.  `variant` is the builder's
 * parameter: the adapter of the 11 family, 5114's extra datatype. */
typedef struct {
  int interface;                /* first: vs_interface_table_find reads it */
  guint size;                   /* floats */
  void (*build) (Writer *wr, int variant, const VsDpuWorkload *w);
  int variant;
} DpuInterface;
G_STATIC_ASSERT (offsetof (DpuInterface, interface) == 0);

static const DpuInterface interfaces[] = {
  { 10, 67, build_10, 0 },
  { 11, 93, build_11, ADAPT_NN27 },
  { 89, 93, build_11, ADAPT_NN27_159 },
  { 4011, 93, build_11, ADAPT_NN40 },
  { 4111, 93, build_11, ADAPT_NN41 },
  { 5113, 50, build_5x, FALSE },
  { 5114, 53, build_5x, TRUE },
};

static int
interface_row (int interface)
{
  return vs_interface_table_find (interfaces, G_N_ELEMENTS (interfaces), sizeof interfaces[0],
                                  interface);
}

guint
vs_dpu_descriptor_size (int interface)
{
  int row = interface_row (interface);
  return row < 0 ? 0 : interfaces[row].size;
}

char *
vs_dpu_descriptor_interfaces (void)
{
  GString *s = g_string_new (NULL);
  vs_interface_table_list (s, interfaces, G_N_ELEMENTS (interfaces), sizeof interfaces[0]);
  return g_string_free (s, FALSE);
}

gboolean
vs_dpu_descriptor_build (int interface, const VsDpuWorkload *w, float *out)
{
  int row = interface_row (interface);
  if (row < 0)
    return FALSE;
  Writer wr = { out, 0, TRUE };
  interfaces[row].build (&wr, interfaces[row].variant, w);
  g_assert (wr.pos == interfaces[row].size);
  return wr.ok;
}
