/* SPDX-License-Identifier: Apache-2.0 */
/* workload.c — names of the workload enums, as the VPUNN reference spells them.
 * One name table (hw/name_table.h, its letter-case rule) per enum. */
#include "models/workload.h"

#include "hw/name_table.h"

#include <string.h>

const VsNameEntry vs_vpu_device_names[] = {
  { "VPU_2_0", VS_DEVICE_VPU_2_0 }, { "VPU_2_1", VS_DEVICE_VPU_2_1 },
  { "VPU_2_7", VS_DEVICE_VPU_2_7 }, { "VPU_4_0", VS_DEVICE_VPU_4_0 },
  { "NPU_5_0", VS_DEVICE_NPU_5_0 }, { "NPU_RESERVED", VS_DEVICE_NPU_RESERVED },
  { "NPU_RESERVED_1", VS_DEVICE_NPU_RESERVED_1 }, { NULL, 0 },
};
const VsNameEntry vs_data_type_names[] = {
  { "UINT8", VS_DTYPE_UINT8 }, { "INT8", VS_DTYPE_INT8 }, { "FLOAT16", VS_DTYPE_FLOAT16 },
  { "BFLOAT16", VS_DTYPE_BFLOAT16 }, { "BF8", VS_DTYPE_BF8 }, { "HF8", VS_DTYPE_HF8 },
  { "UINT4", VS_DTYPE_UINT4 }, { "INT4", VS_DTYPE_INT4 }, { "UINT2", VS_DTYPE_UINT2 },
  { "INT2", VS_DTYPE_INT2 }, { "UINT1", VS_DTYPE_UINT1 }, { "INT1", VS_DTYPE_INT1 },
  { "INT32", VS_DTYPE_INT32 }, { "FLOAT32", VS_DTYPE_FLOAT32 }, { "UINT16", VS_DTYPE_UINT16 },
  { "INT16", VS_DTYPE_INT16 }, { "FLOAT4", VS_DTYPE_FLOAT4 }, { NULL, 0 },
};
const VsNameEntry vs_dpu_operation_names[] = {
  { "CONVOLUTION", VS_OP_CONVOLUTION }, { "DW_CONVOLUTION", VS_OP_DW_CONVOLUTION },
  { "ELTWISE", VS_OP_ELTWISE }, { "MAXPOOL", VS_OP_MAXPOOL }, { "AVEPOOL", VS_OP_AVEPOOL },
  { "CM_CONVOLUTION", VS_OP_CM_CONVOLUTION }, { "LAYER_NORM", VS_OP_LAYER_NORM },
  { "ELTWISE_MUL", VS_OP_ELTWISE_MUL }, { "REDUCE_MS", VS_OP_REDUCE_MS },
  { "REDUCE_SUMSQUARES", VS_OP_REDUCE_SUMSQUARES }, { NULL, 0 },
};
const VsNameEntry vs_activation_names[] = {
  { "NONE", VS_ACT_NONE }, { "RELU", VS_ACT_RELU }, { "LRELU", VS_ACT_LRELU },
  { "ADD", VS_ACT_ADD }, { "SUB", VS_ACT_SUB }, { "MULT", VS_ACT_MULT }, { NULL, 0 },
};
const VsNameEntry vs_swizzling_names[] = {
  { "KEY_0", VS_SWIZZLING_KEY_0 }, { "KEY_1", VS_SWIZZLING_KEY_1 },
  { "KEY_2", VS_SWIZZLING_KEY_2 }, { "KEY_3", VS_SWIZZLING_KEY_3 },
  { "KEY_4", VS_SWIZZLING_KEY_4 }, { "KEY_5", VS_SWIZZLING_KEY_5 }, { NULL, 0 },
};
const VsNameEntry vs_execution_mode_names[] = {
  { "VECTOR", VS_EXEC_VECTOR }, { "MATRIX", VS_EXEC_MATRIX },
  { "VECTOR_FP16", VS_EXEC_VECTOR_FP16 }, { "CUBOID_16x16", VS_EXEC_CUBOID_16x16 },
  { "CUBOID_8x16", VS_EXEC_CUBOID_8x16 }, { "CUBOID_4x16", VS_EXEC_CUBOID_4x16 },
  { "dCIM_32x128", VS_EXEC_DCIM_32x128 }, { NULL, 0 },
};
const VsNameEntry vs_layout_names[] = {
  { "ZMAJOR", VS_LAYOUT_ZMAJOR }, { "CMAJOR", VS_LAYOUT_CMAJOR }, { "XYZ", VS_LAYOUT_XYZ },
  { "XZY", VS_LAYOUT_XZY }, { "YXZ", VS_LAYOUT_YXZ }, { "YZX", VS_LAYOUT_YZX },
  { "ZXY", VS_LAYOUT_ZXY }, { "ZYX", VS_LAYOUT_ZYX }, { "INVALID", VS_LAYOUT_INVALID },
  { NULL, 0 },
};
const VsNameEntry vs_isi_strategy_names[] = {
  { "Clustering", VS_ISI_CLUSTERING }, { "SplitOverH", VS_ISI_SPLIT_OVER_H },
  { "SplitOverK", VS_ISI_SPLIT_OVER_K }, { "SplitOverK_HWswitch", VS_ISI_SPLIT_OVER_K_NXTHW },
  { NULL, 0 },
};
const VsNameEntry vs_memory_location_names[] = {
  { "DRAM", VS_MEMLOC_DRAM }, { "CMX", VS_MEMLOC_CMX }, { "CSRAM", VS_MEMLOC_CSRAM },
  { "UPA", VS_MEMLOC_UPA }, { NULL, 0 },
};
const VsNameEntry vs_memory_direction_names[] = {
  { "DDR2CMX", VS_DIR_DDR2CMX }, { "CMX2CMX", VS_DIR_CMX2CMX }, { "CMX2DDR", VS_DIR_CMX2DDR },
  { "DDR2DDR", VS_DIR_DDR2DDR }, { NULL, 0 },
};
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

const char *
vs_vpu_device_name (VsVpuDevice value)
{
  return vs_name_table_name (vs_vpu_device_names, (int) value);
}

gboolean
vs_vpu_device_from_name (const char *name, VsVpuDevice *out)
{
  int value;
  if (!vs_name_table_lookup (vs_vpu_device_names, name, &value))
    return FALSE;
  *out = (VsVpuDevice) value;
  return TRUE;
}

const char *
vs_data_type_name (VsDataType value)
{
  return vs_name_table_name (vs_data_type_names, (int) value);
}

gboolean
vs_data_type_from_name (const char *name, VsDataType *out)
{
  int value;
  if (!vs_name_table_lookup (vs_data_type_names, name, &value))
    return FALSE;
  *out = (VsDataType) value;
  return TRUE;
}

const char *
vs_dpu_operation_name (VsDpuOperation value)
{
  return vs_name_table_name (vs_dpu_operation_names, (int) value);
}

gboolean
vs_dpu_operation_from_name (const char *name, VsDpuOperation *out)
{
  int value;
  if (!vs_name_table_lookup (vs_dpu_operation_names, name, &value))
    return FALSE;
  *out = (VsDpuOperation) value;
  return TRUE;
}

const char *
vs_activation_name (VsActivation value)
{
  return vs_name_table_name (vs_activation_names, (int) value);
}

gboolean
vs_activation_from_name (const char *name, VsActivation *out)
{
  int value;
  if (!vs_name_table_lookup (vs_activation_names, name, &value))
    return FALSE;
  *out = (VsActivation) value;
  return TRUE;
}

const char *
vs_swizzling_name (VsSwizzling value)
{
  return vs_name_table_name (vs_swizzling_names, (int) value);
}

gboolean
vs_swizzling_from_name (const char *name, VsSwizzling *out)
{
  int value;
  if (!vs_name_table_lookup (vs_swizzling_names, name, &value))
    return FALSE;
  *out = (VsSwizzling) value;
  return TRUE;
}

const char *
vs_execution_mode_name (VsExecutionMode value)
{
  return vs_name_table_name (vs_execution_mode_names, (int) value);
}

gboolean
vs_execution_mode_from_name (const char *name, VsExecutionMode *out)
{
  int value;
  if (!vs_name_table_lookup (vs_execution_mode_names, name, &value))
    return FALSE;
  *out = (VsExecutionMode) value;
  return TRUE;
}

const char *
vs_layout_name (VsLayout value)
{
  return vs_name_table_name (vs_layout_names, (int) value);
}

gboolean
vs_layout_from_name (const char *name, VsLayout *out)
{
  int value;
  if (!vs_name_table_lookup (vs_layout_names, name, &value))
    return FALSE;
  *out = (VsLayout) value;
  return TRUE;
}

const char *
vs_isi_strategy_name (VsIsiStrategy value)
{
  return vs_name_table_name (vs_isi_strategy_names, (int) value);
}

gboolean
vs_isi_strategy_from_name (const char *name, VsIsiStrategy *out)
{
  int value;
  if (!vs_name_table_lookup (vs_isi_strategy_names, name, &value))
    return FALSE;
  *out = (VsIsiStrategy) value;
  return TRUE;
}

const char *
vs_memory_location_name (VsMemoryLocation value)
{
  return vs_name_table_name (vs_memory_location_names, (int) value);
}

gboolean
vs_memory_location_from_name (const char *name, VsMemoryLocation *out)
{
  int value;
  if (!vs_name_table_lookup (vs_memory_location_names, name, &value))
    return FALSE;
  *out = (VsMemoryLocation) value;
  return TRUE;
}

const char *
vs_memory_direction_name (VsMemoryDirection value)
{
  return vs_name_table_name (vs_memory_direction_names, (int) value);
}

gboolean
vs_memory_direction_from_name (const char *name, VsMemoryDirection *out)
{
  int value;
  if (!vs_name_table_lookup (vs_memory_direction_names, name, &value))
    return FALSE;
  *out = (VsMemoryDirection) value;
  return TRUE;
}

const char *
vs_cycles_error_name (VsCycles c)
{
  guint32 index = G_MAXUINT32 - c;
  if (!VS_CYCLES_IS_ERROR (c) || index >= G_N_ELEMENTS (error_names))
    return NULL;
  return error_names[index];
}

VsCycles
vs_cycles_add (VsCycles a, VsCycles b)
{
  if (VS_CYCLES_IS_ERROR (a))
    return a;
  if (VS_CYCLES_IS_ERROR (b))
    return b;
  guint64 sum = (guint64) a + b;
  if (sum > VS_CYCLES_ERROR_START)
    return VS_ERROR_CUMULATED_CYCLES_TOO_LARGE;
  return (VsCycles) sum;
}

/* The one table of element widths. */
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

int
vs_data_type_reference_bits (VsDataType t)
{
  int bits = vs_data_type_bits (t);
  return t == VS_DTYPE_FLOAT4 || bits == 0 ? -1 : bits;
}

int
vs_data_type_bytes (VsDataType t)
{
  int bits = vs_data_type_reference_bits (t);
  return bits < 0 ? -1 : MAX (1, bits / 8);
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

gboolean
vs_layout_is_3d (VsLayout l)
{
  switch (l) {
  case VS_LAYOUT_ZXY: case VS_LAYOUT_XYZ: case VS_LAYOUT_XZY: case VS_LAYOUT_YXZ:
  case VS_LAYOUT_YZX: case VS_LAYOUT_ZYX:
    return TRUE;
  default:
    return FALSE;
  }
}

gboolean
vs_dma_planes_permute (const VsDmaPlanes *p, int element_bytes)
{
  return p->count > 0 && element_bytes > 0 && MIN (p->src_width, p->dst_width) <= element_bytes &&
         p->len > element_bytes;
}

VsLayout
vs_layout_permuted (VsLayout l)
{
  return l == VS_LAYOUT_XYZ ? VS_LAYOUT_ZXY : VS_LAYOUT_XYZ;
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
