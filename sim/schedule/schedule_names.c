/* SPDX-License-Identifier: Apache-2.0 */
/* schedule_names.c — the spellings of the schedule's enums in YAML files.
 * The first name of a value is the one written; the others are accepted
 * aliases (VPUNN's and the NPU compiler's spellings). */
#include "config.h"

#include "sim/schedule/schedule_names.h"


const VsNameEntry vs_schedule_engine_names[] = {
  { "DMA", VS_ENGINE_DMA }, { "DPU", VS_ENGINE_DPU }, { "SHAVE", VS_ENGINE_SHAVE },
  { "M2I", VS_ENGINE_M2I }, { "DMA_NN", VS_ENGINE_DMA }, { "NCE", VS_ENGINE_DPU },
  { "SHAVE_ACT", VS_ENGINE_SHAVE }, { "SHAVE_UPA", VS_ENGINE_SHAVE }, { NULL, 0 },
};

const VsNameEntry vs_schedule_kind_names[] = {
  { "DMA", VS_TASK_DMA }, { "DPU", VS_TASK_DPU }, { "SHAVE", VS_TASK_SHAVE },
  { "M2I", VS_TASK_M2I }, { "SYNC", VS_TASK_SYNC }, { NULL, 0 },
};

const VsNameEntry vs_schedule_memory_names[] = {
  { "DDR", VS_MEMORY_DDR }, { "CMX", VS_MEMORY_CMX }, { "REGISTER", VS_MEMORY_REGISTER },
  { "DRAM", VS_MEMORY_DDR }, { "CMX_NN", VS_MEMORY_CMX }, { "NetworkInput", VS_MEMORY_DDR },
  { "NetworkOutput", VS_MEMORY_DDR }, { "ProfilingOutput", VS_MEMORY_DDR },
  { "Constant", VS_MEMORY_DDR }, { "SW_KernelText", VS_MEMORY_DDR },
  { "FunctionInput", VS_MEMORY_DDR }, { "FunctionOutput", VS_MEMORY_DDR }, { NULL, 0 },
};

const VsNameEntry vs_schedule_cost_source_names[] = {
  { "manual", VS_COST_SOURCE_MANUAL }, { "vpunn", VS_COST_SOURCE_VPUNN },
  { "compiler", VS_COST_SOURCE_COMPILER }, { "measured", VS_COST_SOURCE_MEASURED },
  { "analytical", VS_COST_SOURCE_ANALYTICAL }, { NULL, 0 },
};

const VsNameEntry vs_schedule_dtype_names[] = {
  { "u8", VS_DTYPE_UINT8 }, { "i8", VS_DTYPE_INT8 }, { "f16", VS_DTYPE_FLOAT16 },
  { "bf16", VS_DTYPE_BFLOAT16 }, { "bf8", VS_DTYPE_BF8 }, { "hf8", VS_DTYPE_HF8 },
  { "u4", VS_DTYPE_UINT4 }, { "i4", VS_DTYPE_INT4 }, { "u2", VS_DTYPE_UINT2 },
  { "i2", VS_DTYPE_INT2 }, { "u1", VS_DTYPE_UINT1 }, { "i1", VS_DTYPE_INT1 },
  { "i32", VS_DTYPE_INT32 }, { "f32", VS_DTYPE_FLOAT32 }, { "u16", VS_DTYPE_UINT16 },
  { "i16", VS_DTYPE_INT16 }, { "f4", VS_DTYPE_FLOAT4 },
  /* VPUNN */
  { "UINT8", VS_DTYPE_UINT8 }, { "INT8", VS_DTYPE_INT8 }, { "FLOAT16", VS_DTYPE_FLOAT16 },
  { "BFLOAT16", VS_DTYPE_BFLOAT16 }, { "UINT4", VS_DTYPE_UINT4 }, { "INT4", VS_DTYPE_INT4 },
  { "UINT2", VS_DTYPE_UINT2 }, { "INT2", VS_DTYPE_INT2 }, { "UINT1", VS_DTYPE_UINT1 },
  { "INT1", VS_DTYPE_INT1 }, { "INT32", VS_DTYPE_INT32 }, { "FLOAT32", VS_DTYPE_FLOAT32 },
  { "UINT16", VS_DTYPE_UINT16 }, { "INT16", VS_DTYPE_INT16 }, { "FLOAT4", VS_DTYPE_FLOAT4 },
  /* MLIR */
  { "ui8", VS_DTYPE_UINT8 }, { "si8", VS_DTYPE_INT8 }, { "ui4", VS_DTYPE_UINT4 },
  { "si4", VS_DTYPE_INT4 }, { "si32", VS_DTYPE_INT32 }, { "ui16", VS_DTYPE_UINT16 },
  { "si16", VS_DTYPE_INT16 }, { "f8E5M2", VS_DTYPE_BF8 }, { "f8E4M3FN", VS_DTYPE_HF8 },
  { NULL, 0 },
};

const VsNameEntry vs_schedule_op_names[] = {
  { "CONV", VS_OP_CONVOLUTION }, { "DWCONV", VS_OP_DW_CONVOLUTION },
  { "ELTWISE", VS_OP_ELTWISE }, { "MAXPOOL", VS_OP_MAXPOOL }, { "AVEPOOL", VS_OP_AVEPOOL },
  { "CM_CONV", VS_OP_CM_CONVOLUTION }, { "LAYER_NORM", VS_OP_LAYER_NORM },
  { "ELTWISE_MUL", VS_OP_ELTWISE_MUL }, { "REDUCE_MS", VS_OP_REDUCE_MS },
  { "REDUCE_SUMSQUARES", VS_OP_REDUCE_SUMSQUARES },
  { "CONVOLUTION", VS_OP_CONVOLUTION }, { "DW_CONVOLUTION", VS_OP_DW_CONVOLUTION },
  { "DW_CONV", VS_OP_DW_CONVOLUTION }, { "CM_CONVOLUTION", VS_OP_CM_CONVOLUTION },
  { NULL, 0 },
};

const VsNameEntry vs_schedule_activation_names[] = {
  { "NONE", VS_ACT_NONE }, { "RELU", VS_ACT_RELU }, { "LRELU", VS_ACT_LRELU },
  { "ADD", VS_ACT_ADD }, { "SUB", VS_ACT_SUB }, { "MULT", VS_ACT_MULT }, { NULL, 0 },
};

const VsNameEntry vs_schedule_mpe_names[] = {
  { "VECTOR", VS_EXEC_VECTOR }, { "MATRIX", VS_EXEC_MATRIX },
  { "VECTOR_FP16", VS_EXEC_VECTOR_FP16 }, { "CUBOID_16x16", VS_EXEC_CUBOID_16x16 },
  { "CUBOID_8x16", VS_EXEC_CUBOID_8x16 }, { "CUBOID_4x16", VS_EXEC_CUBOID_4x16 },
  { "DCIM_32x128", VS_EXEC_DCIM_32x128 }, { NULL, 0 },
};

const VsNameEntry vs_schedule_isi_names[] = {
  { "CLUSTERING", VS_ISI_CLUSTERING }, { "SPLIT_OVER_H", VS_ISI_SPLIT_OVER_H },
  { "SPLIT_OVER_K", VS_ISI_SPLIT_OVER_K }, { "SPLIT_OVER_K_HW_SWITCH", VS_ISI_SPLIT_OVER_K_NXTHW },
  { "SplitOverH", VS_ISI_SPLIT_OVER_H }, { "SplitOverK", VS_ISI_SPLIT_OVER_K },
  { "SplitOverK_HWswitch", VS_ISI_SPLIT_OVER_K_NXTHW }, { NULL, 0 },
};

/* Memory order outermost first (N..) for the common ones; VPUNN's letters
 * (innermost first, X=W, Y=H, Z=C) for the rest and as aliases. */
const VsNameEntry vs_schedule_layout_names[] = {
  { "NHWC", VS_LAYOUT_ZMAJOR }, { "NCHW", VS_LAYOUT_CMAJOR }, { "XYZ", VS_LAYOUT_XYZ },
  { "NHCW", VS_LAYOUT_XZY }, { "NCWH", VS_LAYOUT_YXZ }, { "NWCH", VS_LAYOUT_YZX },
  { "ZXY", VS_LAYOUT_ZXY }, { "NWHC", VS_LAYOUT_ZYX }, { "INVALID", VS_LAYOUT_INVALID },
  { "ZMAJOR", VS_LAYOUT_ZMAJOR }, { "CMAJOR", VS_LAYOUT_CMAJOR }, { "XZY", VS_LAYOUT_XZY },
  { "YXZ", VS_LAYOUT_YXZ }, { "YZX", VS_LAYOUT_YZX }, { "ZYX", VS_LAYOUT_ZYX }, { NULL, 0 },
};

const VsNameEntry vs_schedule_swizzling_names[] = {
  { "0", VS_SWIZZLING_KEY_0 }, { "1", VS_SWIZZLING_KEY_1 }, { "2", VS_SWIZZLING_KEY_2 },
  { "3", VS_SWIZZLING_KEY_3 }, { "4", VS_SWIZZLING_KEY_4 }, { "5", VS_SWIZZLING_KEY_5 },
  { "KEY_0", VS_SWIZZLING_KEY_0 }, { "KEY_1", VS_SWIZZLING_KEY_1 },
  { "KEY_2", VS_SWIZZLING_KEY_2 }, { "KEY_3", VS_SWIZZLING_KEY_3 },
  { "KEY_4", VS_SWIZZLING_KEY_4 }, { "KEY_5", VS_SWIZZLING_KEY_5 }, { NULL, 0 },
};

const VsNameEntry vs_schedule_channel_names[] = {
  { "DDR", 0 }, { "CMX", 1 }, { NULL, 0 },
};


const char *
vs_engine_name (VsEngine e)
{
  return vs_name_table_name (vs_schedule_engine_names, (int) e);
}

const char *
vs_task_kind_name (VsTaskKind k)
{
  return vs_name_table_name (vs_schedule_kind_names, (int) k);
}
