/* workload.c — names of the workload enums, as the VPUNN reference spells them.
 * One table per enum; lookup by name is a linear scan (tables have < 20 rows,
 * and parsing is never on a hot path). */
#include "models/workload.h"

#include <string.h>

static const char *const device_names[] = {
  "VPU_2_0", "VPU_2_1", "VPU_2_7", "VPU_4_0", "NPU_5_0", "NPU_RESERVED", "NPU_RESERVED_1",
};
static const char *const dtype_names[] = {
  "UINT8", "INT8", "FLOAT16", "BFLOAT16", "BF8", "HF8", "UINT4", "INT4", "UINT2", "INT2",
  "UINT1", "INT1", "INT32", "FLOAT32", "UINT16", "INT16", "FLOAT4",
};
static const char *const operation_names[] = {
  "CONVOLUTION", "DW_CONVOLUTION", "ELTWISE", "MAXPOOL", "AVEPOOL", "CM_CONVOLUTION",
  "LAYER_NORM", "ELTWISE_MUL", "REDUCE_MS", "REDUCE_SUMSQUARES",
};
static const char *const activation_names[] = {
  "NONE", "RELU", "LRELU", "ADD", "SUB", "MULT",
};
static const char *const swizzling_names[] = {
  "KEY_0", "KEY_1", "KEY_2", "KEY_3", "KEY_4", "KEY_5",
};
static const char *const execution_mode_names[] = {
  "VECTOR", "MATRIX", "VECTOR_FP16", "CUBOID_16x16", "CUBOID_8x16", "CUBOID_4x16", "dCIM_32x128",
};
static const char *const layout_names[] = {
  "ZMAJOR", "CMAJOR", "XYZ", "XZY", "YXZ", "YZX", "ZXY", "ZYX", "INVALID",
};
static const char *const isi_names[] = {
  "Clustering", "SplitOverH", "SplitOverK", "SplitOverK_HWswitch",
};
static const char *const memloc_names[] = { "DRAM", "CMX", "CSRAM", "UPA" };
static const char *const direction_names[] = { "DDR2CMX", "CMX2CMX", "CMX2DDR", "DDR2DDR" };
static const char *const error_names[] = {
  "ERROR_INPUT_TOO_BIG", "ERROR_INVALID_INPUT_CONFIGURATION", "ERROR_INVALID_INPUT_DEVICE",
  "ERROR_INVALID_INPUT_OPERATION", "ERROR_INVALID_OUTPUT_RANGE", "ERROR_TILE_OUTPUT",
  "ERROR_TILE_SPLIT_ZERO_CYC_OUTPUT", "ERROR_TILE_SPLIT_EXCEPTION",
  "ERROR_INVALID_LAYER_CONFIGURATION", "ERROR_CUMULATED_CYCLES_TOO_LARGE",
  "ERROR_INVALID_CONVERSION_TO_CYCLES", "ERROR_SHAVE", "ERROR_INFERENCE_NOT_POSSIBLE",
  "ERROR_SHAVE_PARAMS", "ERROR_SHAVE_LAYOUT", "ERROR_SHAVE_INVALID_INPUT",
  "ERROR_L2_INVALID_PARAMETERS", "ERROR_PROFILING_SERVICE", "ERROR_CACHE_MISS",
  "ERROR_SHAVE_OPERATOR_MISSING", "ERROR_NO_VALID_DMA_COST_PROVIDER",
};

static const char *
name_of (const char *const *table, guint n, int value)
{
  return value >= 0 && (guint) value < n ? table[value] : NULL;
}

static gboolean
value_of (const char *const *table, guint n, const char *name, int *out)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (strcmp (table[i], name) == 0) {
      *out = (int) i;
      return TRUE;
    }
  return FALSE;
}

/* One pair of accessors per enum; the enum types are all int-sized. */
#define VS_ENUM_NAMES(prefix, type, table)                                   \
  const char *prefix##_name (type v)                                         \
  { return name_of (table, G_N_ELEMENTS (table), (int) v); }                 \
  gboolean prefix##_from_name (const char *name, type *out)                  \
  {                                                                          \
    int v;                                                                   \
    if (!value_of (table, G_N_ELEMENTS (table), name, &v))                   \
      return FALSE;                                                          \
    *out = (type) v;                                                         \
    return TRUE;                                                             \
  }

VS_ENUM_NAMES (vs_vpu_device, VsVpuDevice, device_names)
VS_ENUM_NAMES (vs_data_type, VsDataType, dtype_names)
VS_ENUM_NAMES (vs_dpu_operation, VsDpuOperation, operation_names)
VS_ENUM_NAMES (vs_activation, VsActivation, activation_names)
VS_ENUM_NAMES (vs_swizzling, VsSwizzling, swizzling_names)
VS_ENUM_NAMES (vs_execution_mode, VsExecutionMode, execution_mode_names)
VS_ENUM_NAMES (vs_layout, VsLayout, layout_names)
VS_ENUM_NAMES (vs_isi_strategy, VsIsiStrategy, isi_names)
VS_ENUM_NAMES (vs_memory_location, VsMemoryLocation, memloc_names)
VS_ENUM_NAMES (vs_memory_direction, VsMemoryDirection, direction_names)

const char *
vs_cycles_error_name (VsCycles c)
{
  guint32 index = G_MAXUINT32 - c;
  if (!VS_CYCLES_IS_ERROR (c) || index >= G_N_ELEMENTS (error_names))
    return NULL;
  return error_names[index];
}

int
vs_data_type_bytes (VsDataType t)
{
  switch (t) {
  case VS_DTYPE_INT32: case VS_DTYPE_FLOAT32: return 4;
  case VS_DTYPE_UINT16: case VS_DTYPE_INT16: case VS_DTYPE_FLOAT16: case VS_DTYPE_BFLOAT16: return 2;
  case VS_DTYPE_FLOAT4: return -1;
  default: return 1;
  }
}

int
vs_data_type_bits (VsDataType t)
{
  switch (t) {
  case VS_DTYPE_INT32: case VS_DTYPE_FLOAT32: return 32;
  case VS_DTYPE_UINT16: case VS_DTYPE_INT16: case VS_DTYPE_FLOAT16: case VS_DTYPE_BFLOAT16: return 16;
  case VS_DTYPE_UINT8: case VS_DTYPE_INT8: case VS_DTYPE_BF8: case VS_DTYPE_HF8: return 8;
  case VS_DTYPE_UINT4: case VS_DTYPE_INT4: case VS_DTYPE_FLOAT4: return 4;
  case VS_DTYPE_UINT2: case VS_DTYPE_INT2: return 2;
  case VS_DTYPE_UINT1: case VS_DTYPE_INT1: return 1;
  default: return 0;
  }
}

gboolean
vs_layout_from_dims_order (const char *order, VsLayout *out)
{
  if (order == NULL)
    return FALSE;
  if (vs_layout_from_name (order, out))
    return TRUE;
  gsize n = strlen (order);
  const char *dims = order;
  if (n == 4 && g_ascii_toupper (order[0]) == 'N') {
    dims = order + 1;
    n = 3;
  }
  if (n != 3)
    return FALSE;
  /* Reverse to innermost-first and rename W, H, C to VPUNN's X, Y, Z. */
  char vpunn[4] = { 0 };
  for (int i = 0; i < 3; i++) {
    switch (g_ascii_toupper (dims[2 - i])) {
    case 'W': vpunn[i] = 'X'; break;
    case 'H': vpunn[i] = 'Y'; break;
    case 'C': vpunn[i] = 'Z'; break;
    default: return FALSE;
    }
  }
  if (vpunn[0] == vpunn[1] || vpunn[1] == vpunn[2] || vpunn[0] == vpunn[2])
    return FALSE;
  return vs_layout_from_name (vpunn, out);
}

const char *
vs_layout_dims_order (VsLayout l)
{
  switch (l) {
  case VS_LAYOUT_ZXY: case VS_LAYOUT_ZMAJOR: return "NHWC";
  case VS_LAYOUT_XYZ: case VS_LAYOUT_CMAJOR: return "NCHW";
  case VS_LAYOUT_XZY: return "NHCW";
  case VS_LAYOUT_YXZ: return "NCWH";
  case VS_LAYOUT_YZX: return "NWCH";
  case VS_LAYOUT_ZYX: return "NWHC";
  default: return NULL;
  }
}
