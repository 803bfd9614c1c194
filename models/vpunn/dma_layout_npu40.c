/* SPDX-License-Identifier: Apache-2.0 */
/* dma_layout_npu40.c — the multi-dimensional NPU 4.0/5.x DMA record
 * (VPUNN DMANNWorkload_NPU40_50) and interfaces 02 (dma_4_0.vpunn) and 03
 * (dmann_5_0.vpunn).  Field order is the reference's (dma_types_01x.h):
 * interface 02 puts dst before src in every pair, and interface 03 groups
 * by field, not by dimension. */
#include "models/vpunn/dma_layout_rows.h"

typedef VsDmaWorkload40 W;

/* The engine count's two names (the name-table rule: letter case ignored). */
static const VsNameEntry num_engine_names[] = {
  { "Num_Engine_1", 0 }, { "Num_Engine_2", 1 }, { NULL, 0 },
};

/* Dimension d (1-based, as the CSV columns are numbered). */
#define DIM_FIELDS(d)                                                           \
  VS_DMA_INT_FIELD ("src_stride_" #d, W, dims[d - 1].src_stride),               \
  VS_DMA_INT_FIELD ("dst_stride_" #d, W, dims[d - 1].dst_stride),               \
  VS_DMA_INT_FIELD ("src_dim_size_" #d, W, dims[d - 1].src_dim_size),           \
  VS_DMA_INT_FIELD ("dst_dim_size_" #d, W, dims[d - 1].dst_dim_size)

/* Read in this order by `vpusim cost dma` (the first bad cell is reported). */
static const VsDmaField fields[] = {
  VS_DMA_DEVICE_FIELD (W),
  VS_DMA_DIRECTION_FIELD (W),
  { "num_engine", offsetof (W, num_engine), num_engine_names, 0, 0 },
  VS_DMA_INT_FIELD ("src_width", W, src_width),
  VS_DMA_INT_FIELD ("dst_width", W, dst_width),
  { "num_dim", offsetof (W, num_dim), NULL, 0, 5 },
  DIM_FIELDS (1), DIM_FIELDS (2), DIM_FIELDS (3), DIM_FIELDS (4), DIM_FIELDS (5),
};

static gboolean
build_02 (const void *record, float *out)
{
  const W *w = record;
  if (w->num_engine != 0 && w->num_engine != 1)
    return FALSE;
  out[0] = (float) w->dst_width;
  out[1] = (float) w->src_width;
  out[2] = (float) w->num_dim;
  /* All five dimensions are written, used or not. */
  for (guint k = 0; k < 5; k++) {
    out[3 + 4 * k] = (float) w->dims[k].dst_stride;
    out[4 + 4 * k] = (float) w->dims[k].src_stride;
    out[5 + 4 * k] = (float) w->dims[k].dst_dim_size;
    out[6 + 4 * k] = (float) w->dims[k].src_dim_size;
  }
  out[23 + w->num_engine] = 1.0f;
  out[25 + w->direction] = 1.0f;
  return TRUE;
}

/* No engine field. */
static gboolean
build_03 (const void *record, float *out)
{
  const W *w = record;
  out[0] = (float) w->num_dim;
  out[1] = (float) w->dst_width;
  out[2] = (float) w->src_width;
  for (guint k = 0; k < 5; k++) {
    out[3 + k] = (float) w->dims[k].dst_dim_size;
    out[8 + k] = (float) w->dims[k].src_dim_size;
    out[13 + k] = (float) w->dims[k].dst_stride;
    out[18 + k] = (float) w->dims[k].src_stride;
  }
  out[23 + w->direction] = 1.0f;
  return TRUE;
}

static const VsDmaInterface interfaces[] = {
  { 2, 29, build_02 },
  { 3, 27, build_03 },
};

VS_DMA_RECORD_KEY (W)

static gboolean
valid (const void *record)
{
  const W *w = record;
  return (guint) w->direction < VS_DIR_COUNT && w->num_dim >= 0 && w->num_dim <= 5;
}

/* src_width times the src repeat counts of the num_dim extra dimensions, in
 * unsigned arithmetic (the reference's overflowing int products, without
 * undefined behaviour); num_dim is clamped to 0..5. */
static gint32
accessed_bytes (const void *record)
{
  const W *w = record;
  guint32 bytes = (guint32) w->src_width;
  gint32 n = CLAMP (w->num_dim, 0, 5);
  for (gint32 i = 0; i < n; i++)
    bytes *= (guint32) w->dims[i].src_dim_size + 1u;
  return (gint32) bytes;
}

/* The same pattern in dimensions: the runs inside a plane, then the planes;
 * each dimension is left out when it repeats once (a plain copy has none). */
static void
from_planes (VsVpuDevice device, const VsDmaPlanes *p, VsMemoryDirection direction, void *record)
{
  W *out = record;
  *out = (W) { .device = device, .src_width = p->src_width, .dst_width = p->dst_width,
               .num_dim = 0, .num_engine = 0, .direction = direction };
  gint32 src_runs = p->src_width > 0 ? p->len / p->src_width : 1;
  gint32 dst_runs = p->dst_width > 0 ? p->len / p->dst_width : 1;
  if (src_runs > 1 || dst_runs > 1)
    out->dims[out->num_dim++] = (VsDmaDim) { .src_stride = p->src_stride,
                                             .dst_stride = p->dst_stride,
                                             .src_dim_size = src_runs - 1,
                                             .dst_dim_size = dst_runs - 1 };
  if (p->count > 1)
    out->dims[out->num_dim++] = (VsDmaDim) { .src_stride = p->src_plane_stride,
                                             .dst_stride = p->dst_plane_stride,
                                             .src_dim_size = p->count - 1,
                                             .dst_dim_size = p->count - 1 };
}

const VsDmaLayout vs_dma_layout_npu40 = {
  .kind = VS_DMA_WORKLOAD_40,
  .name = "npu40",
  .label = "NPU 4.0/5.x",
  .marker = "num_dim",
  .devices = 1u << VS_DEVICE_VPU_4_0 | 1u << VS_DEVICE_NPU_5_0 | 1u << VS_DEVICE_NPU_RESERVED,
  .home = VS_DEVICE_VPU_4_0,
  VS_DMA_LAYOUT_PARTS (W),
};
