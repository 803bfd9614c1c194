/* SPDX-License-Identifier: Apache-2.0 */
/* workload.h — what a cost model is asked about: DPU, DMA and SHAVE workloads.
 *
 * These records mirror the VPUNN reference's present-day workload types (see
 * vpunn/SPEC.md §3.1, §6.1, §7.1) so that the C VPUNN runtime, the analytical
 * model and the schedule-to-workload mapping all speak one language.  Enum
 * values are the reference's present-day values: golden CSV files and
 * descriptors depend on them, so never reorder.
 */
#ifndef VS_WORKLOAD_H
#define VS_WORKLOAD_H

#include <glib.h>

#include "hw/name_table.h"
#include "hw/vpu_device.h"

G_BEGIN_DECLS


typedef enum {
  VS_DTYPE_UINT8 = 0, VS_DTYPE_INT8, VS_DTYPE_FLOAT16, VS_DTYPE_BFLOAT16, VS_DTYPE_BF8,
  VS_DTYPE_HF8, VS_DTYPE_UINT4, VS_DTYPE_INT4, VS_DTYPE_UINT2, VS_DTYPE_INT2, VS_DTYPE_UINT1,
  VS_DTYPE_INT1, VS_DTYPE_INT32, VS_DTYPE_FLOAT32, VS_DTYPE_UINT16, VS_DTYPE_INT16,
  VS_DTYPE_FLOAT4, VS_DTYPE_COUNT
} VsDataType;

typedef enum {
  VS_OP_CONVOLUTION = 0, VS_OP_DW_CONVOLUTION, VS_OP_ELTWISE, VS_OP_MAXPOOL, VS_OP_AVEPOOL,
  VS_OP_CM_CONVOLUTION, VS_OP_LAYER_NORM, VS_OP_ELTWISE_MUL, VS_OP_REDUCE_MS,
  VS_OP_REDUCE_SUMSQUARES, VS_OP_COUNT
} VsDpuOperation;

typedef enum {
  VS_ACT_NONE = 0, VS_ACT_RELU, VS_ACT_LRELU, VS_ACT_ADD, VS_ACT_SUB, VS_ACT_MULT, VS_ACT_COUNT
} VsActivation;

typedef enum {
  VS_SWIZZLING_KEY_0 = 0, VS_SWIZZLING_KEY_1, VS_SWIZZLING_KEY_2, VS_SWIZZLING_KEY_3,
  VS_SWIZZLING_KEY_4, VS_SWIZZLING_KEY_5, VS_SWIZZLING_COUNT
} VsSwizzling;

typedef enum {
  VS_EXEC_VECTOR = 0, VS_EXEC_MATRIX, VS_EXEC_VECTOR_FP16, VS_EXEC_CUBOID_16x16,
  VS_EXEC_CUBOID_8x16, VS_EXEC_CUBOID_4x16, VS_EXEC_DCIM_32x128, VS_EXEC_COUNT
} VsExecutionMode;

/* Letters name dimensions innermost to outermost; ZMAJOR is ZXY, CMAJOR is XYZ. */
typedef enum {
  VS_LAYOUT_ZMAJOR = 0, VS_LAYOUT_CMAJOR, VS_LAYOUT_XYZ, VS_LAYOUT_XZY, VS_LAYOUT_YXZ,
  VS_LAYOUT_YZX, VS_LAYOUT_ZXY, VS_LAYOUT_ZYX, VS_LAYOUT_INVALID, VS_LAYOUT_COUNT
} VsLayout;

typedef enum {
  VS_ISI_CLUSTERING = 0, VS_ISI_SPLIT_OVER_H, VS_ISI_SPLIT_OVER_K, VS_ISI_SPLIT_OVER_K_NXTHW,
  VS_ISI_COUNT
} VsIsiStrategy;

typedef enum {
  VS_MEMLOC_DRAM = 0, VS_MEMLOC_CMX, VS_MEMLOC_CSRAM, VS_MEMLOC_UPA, VS_MEMLOC_COUNT
} VsMemoryLocation;

typedef enum {
  VS_DIR_DDR2CMX = 0, VS_DIR_CMX2CMX, VS_DIR_CMX2DDR, VS_DIR_DDR2DDR, VS_DIR_COUNT
} VsMemoryDirection;

/* A tensor as VPUNN sees it: shape {W, H, C, B} (X, Y, Z, batch). */
typedef struct {
  guint32 w, h, c, b;
  VsDataType dtype;
  VsLayout layout;
  gboolean sparse;
} VsVpuTensor;

typedef struct {
  VsVpuDevice device;
  VsDpuOperation op;
  VsVpuTensor input;
  VsVpuTensor output;
  guint32 kernel_w, kernel_h;
  guint32 stride_w, stride_h;
  guint32 pad_top, pad_bottom, pad_left, pad_right;
  VsExecutionMode execution_mode;
  VsActivation activation;
  float act_sparsity;
  float weight_sparsity;
  gboolean weight_sparsity_enabled;
  VsSwizzling in_swizzling[2];
  VsSwizzling out_swizzling;
  guint32 output_write_tiles;
  VsIsiStrategy isi_strategy;
  /* Input halo (rows/columns read from neighbour tiles in split-over-H); 0 when unused. */
  gint32 halo_top, halo_bottom, halo_left, halo_right;
  /* Output inbound halo: rows/columns/channels of the output memory tensor
   * that other workloads or tiles write (a broadcast output, a workload of a
   * split tile).  Only the CMX footprint depends on it; 0 when unused. */
  gint32 out_halo_top, out_halo_bottom, out_halo_left, out_halo_right;
  gint32 out_halo_front, out_halo_back;
} VsDpuWorkload;

/* Descriptor-level NPU 2.7 DMA (VPUNN DMANNWorkload_NPU27, DMA interface 01). */
typedef struct {
  VsVpuDevice device;
  gint32 num_planes;            /* planes - 1; 0 for 1-D/2-D */
  gint32 length;                /* bytes per plane */
  gint32 src_width, dst_width;
  gint32 src_stride, dst_stride;
  gint32 src_plane_stride, dst_plane_stride;
  VsMemoryDirection direction;
} VsDmaWorkload27;

/* Multi-dimensional NPU 4.0/5.x DMA (VPUNN DMANNWorkload_NPU40_50, interfaces 02/03). */
typedef struct {
  gint32 src_stride, dst_stride;
  gint32 src_dim_size, dst_dim_size; /* repeat count - 1 */
} VsDmaDim;

typedef struct {
  VsVpuDevice device;
  gint32 src_width, dst_width;
  gint32 num_dim;               /* 0-based: 0 = 1-D, at most 5 */
  VsDmaDim dims[5];
  gint32 num_engine;            /* 0 = one engine, 1 = two */
  VsMemoryDirection direction;
} VsDmaWorkload40;

/* The access pattern the compiler programs into a DMA descriptor (VPUIP's
 * `dma_descriptor`: numPlanes, len, srcWidth, ...), all in bytes: `count`
 * planes of `len` bytes; inside a plane the source is read in runs of
 * src_width bytes src_stride apart and the destination written in runs of
 * dst_width bytes dst_stride apart; planes start *_plane_stride apart.  A
 * permute writes runs of one element, which is what makes it slow: the
 * engine moves one run per cycle, not one 32- or 64-byte line.  count == 0:
 * no descriptor (a plain copy of the tensors). */
typedef struct {
  gint32 count;
  gint32 len;
  gint32 src_width, dst_width;
  gint32 src_stride, dst_stride;
  gint32 src_plane_stride, dst_plane_stride;
} VsDmaPlanes;

/* A descriptor whose runs at one end are single elements of
 * `element_bytes` (and whose planes are longer): a permute. */
gboolean vs_dma_planes_permute (const VsDmaPlanes *p, int element_bytes);

/* A tensor copy between memories: what a schedule's DMA task is, and what the
 * theoretical DMA model (the NPU compiler's estimator) costs. */
typedef struct {
  VsVpuDevice device;
  VsVpuTensor input;
  VsVpuTensor output;
  VsMemoryLocation input_location;
  VsMemoryLocation output_location;
  guint32 output_write_tiles;
  VsDmaPlanes planes;           /* the compiler's descriptor, count 0 when not known */
} VsDmaCopyWorkload;

#define VS_SHAVE_MAX_TENSORS 4
#define VS_SHAVE_MAX_PARAMS 4
typedef struct {
  VsVpuDevice device;
  const char *kernel;           /* borrowed: VPUNN kernel name, e.g. "Sigmoid" */
  guint n_inputs, n_outputs;
  VsVpuTensor inputs[VS_SHAVE_MAX_TENSORS];
  VsVpuTensor outputs[VS_SHAVE_MAX_TENSORS];
  /* Integer operator parameters (axes, batch dims) some fitted models need
   * (models/vpunn/shave_fitted.h); the classic table ignores them. */
  guint n_params;
  gint32 params[VS_SHAVE_MAX_PARAMS];
} VsShaveWorkload;

/* Cycles as the reference returns them: uint32, where values above
 * VS_CYCLES_ERROR_START are error codes (SPEC.md §4.4). */
typedef guint32 VsCycles;
#define VS_CYCLES_ERROR_START (G_MAXUINT32 - 1000u)
#define VS_CYCLES_IS_ERROR(c) ((c) > VS_CYCLES_ERROR_START)

enum {
  VS_ERROR_INPUT_TOO_BIG = G_MAXUINT32,
  VS_ERROR_INVALID_INPUT_CONFIGURATION = G_MAXUINT32 - 1,
  VS_ERROR_INVALID_INPUT_DEVICE = G_MAXUINT32 - 2,
  VS_ERROR_INVALID_INPUT_OPERATION = G_MAXUINT32 - 3,
  VS_ERROR_INVALID_OUTPUT_RANGE = G_MAXUINT32 - 4,
  VS_ERROR_TILE_OUTPUT = G_MAXUINT32 - 5,
  VS_ERROR_TILE_SPLIT_ZERO_CYC_OUTPUT = G_MAXUINT32 - 6,
  VS_ERROR_TILE_SPLIT_EXCEPTION = G_MAXUINT32 - 7,
  VS_ERROR_INVALID_LAYER_CONFIGURATION = G_MAXUINT32 - 8,
  VS_ERROR_CUMULATED_CYCLES_TOO_LARGE = G_MAXUINT32 - 9,
  VS_ERROR_INVALID_CONVERSION_TO_CYCLES = G_MAXUINT32 - 10,
  VS_ERROR_SHAVE = G_MAXUINT32 - 11,
  VS_ERROR_INFERENCE_NOT_POSSIBLE = G_MAXUINT32 - 12,
  VS_ERROR_SHAVE_PARAMS = G_MAXUINT32 - 13,
  VS_ERROR_SHAVE_LAYOUT = G_MAXUINT32 - 14,
  VS_ERROR_SHAVE_INVALID_INPUT = G_MAXUINT32 - 15,
  VS_ERROR_L2_INVALID_PARAMETERS = G_MAXUINT32 - 16,
  VS_ERROR_PROFILING_SERVICE = G_MAXUINT32 - 17,
  VS_ERROR_CACHE_MISS = G_MAXUINT32 - 18,
  VS_ERROR_SHAVE_OPERATOR_MISSING = G_MAXUINT32 - 19,
  VS_ERROR_NO_VALID_DMA_COST_PROVIDER = G_MAXUINT32 - 20,
};

/* Names as the reference spells them (golden CSVs use these), through
 * hw/name_table.h (letter case ignored when reading).  Return NULL for
 * out-of-range values; *_from_name return FALSE for unknown names.  The
 * tables themselves are exported for readers that take a table (CSV cells:
 * sim/base/csv_table.h), so no one writes an int-typed wrapper again. */
extern const VsNameEntry vs_vpu_device_names[], vs_data_type_names[], vs_dpu_operation_names[],
    vs_activation_names[], vs_swizzling_names[], vs_execution_mode_names[], vs_layout_names[],
    vs_isi_strategy_names[], vs_memory_location_names[], vs_memory_direction_names[];
const char *vs_vpu_device_name (VsVpuDevice d);
gboolean    vs_vpu_device_from_name (const char *name, VsVpuDevice *out);
const char *vs_data_type_name (VsDataType t);
gboolean    vs_data_type_from_name (const char *name, VsDataType *out);
const char *vs_dpu_operation_name (VsDpuOperation op);
gboolean    vs_dpu_operation_from_name (const char *name, VsDpuOperation *out);
const char *vs_activation_name (VsActivation a);
gboolean    vs_activation_from_name (const char *name, VsActivation *out);
const char *vs_swizzling_name (VsSwizzling s);
gboolean    vs_swizzling_from_name (const char *name, VsSwizzling *out);
const char *vs_execution_mode_name (VsExecutionMode m);
gboolean    vs_execution_mode_from_name (const char *name, VsExecutionMode *out);
const char *vs_layout_name (VsLayout l);
gboolean    vs_layout_from_name (const char *name, VsLayout *out);
const char *vs_isi_strategy_name (VsIsiStrategy s);
gboolean    vs_isi_strategy_from_name (const char *name, VsIsiStrategy *out);
const char *vs_memory_location_name (VsMemoryLocation m);
gboolean    vs_memory_location_from_name (const char *name, VsMemoryLocation *out);
const char *vs_memory_direction_name (VsMemoryDirection d);
gboolean    vs_memory_direction_from_name (const char *name, VsMemoryDirection *out);
/* A memory order written as MLIR/compiler dims order, outermost first
 * ("NHWC", "NCHW", "NWCH", ...; case-insensitive, the leading N optional)
 * to the VPUNN layout (innermost first: NHWC -> ZXY, NCHW -> XYZ).  Also
 * accepts VPUNN layout names ("ZXY", "ZMAJOR"). FALSE for anything else. */
gboolean    vs_layout_from_dims_order (const char *order, VsLayout *out);
/* One of the six 3-D layouts (ZXY, XYZ, XZY, YXZ, YZX, ZYX): the layouts
 * every device after VPU 2.0 takes, for the DPU sanitizer and the layer
 * checks alike (VPU 2.0's ZMAJOR/CMAJOR are not among them). */
gboolean    vs_layout_is_3d (VsLayout l);
/* The other end of a permute from `l`: planar XYZ from any other layout,
 * interleaved ZXY from XYZ.  The theoretical DMA model (the reference's and
 * the NPU compiler's) knows a permute by the two ends' layouts differing. */
VsLayout    vs_layout_permuted (VsLayout l);
/* The inverse for the six 3-D layouts: ZXY -> "NHWC"; NULL otherwise. */
const char *vs_layout_dims_order (VsLayout l);

/* Name of an error code ("ERROR_INPUT_TOO_BIG"), or NULL if c is not one. */
const char *vs_cycles_error_name (VsCycles c);

/* The reference's Cycles::cost_adder: the first error wins; a sum past
 * G_MAXUINT32 or into the error range is ERROR_CUMULATED_CYCLES_TOO_LARGE. */
VsCycles vs_cycles_add (VsCycles a, VsCycles b);

/* Element sizes, from one table.  Bits per element (FLOAT4 is 4; 0 outside
 * the enum).  The VPUNN reference's dtype_to_bits, which does not know
 * FLOAT4: the same, but -1 for FLOAT4 and outside the enum.  And its
 * dtype_to_bytes: sub-byte types count as 1 byte, -1 where the bits are. */
int vs_data_type_bits (VsDataType t);
int vs_data_type_reference_bits (VsDataType t);
int vs_data_type_bytes (VsDataType t);

G_END_DECLS

#endif /* VS_WORKLOAD_H */
