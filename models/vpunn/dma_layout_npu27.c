/* SPDX-License-Identifier: Apache-2.0 */
/* dma_layout_npu27.c — the NPU 2.7 descriptor-level DMA record
 * (VPUNN DMANNWorkload_NPU27) and interface 01 (dma_2_7.vpunn).
 * Field order is the reference's (dma_types_01x.h). */
#include "models/vpunn/dma_layout_rows.h"

typedef VsDmaWorkload27 W;

/* Read in this order by `vpusim cost dma` (the first bad cell is reported). */
static const VsDmaField fields[] = {
  VS_DMA_DEVICE_FIELD (W),
  VS_DMA_DIRECTION_FIELD (W),
  VS_DMA_INT_FIELD ("num_planes", W, num_planes),
  VS_DMA_INT_FIELD ("length", W, length),
  VS_DMA_INT_FIELD ("src_width", W, src_width),
  VS_DMA_INT_FIELD ("dst_width", W, dst_width),
  VS_DMA_INT_FIELD ("src_stride", W, src_stride),
  VS_DMA_INT_FIELD ("dst_stride", W, dst_stride),
  VS_DMA_INT_FIELD ("src_plane_stride", W, src_plane_stride),
  VS_DMA_INT_FIELD ("dst_plane_stride", W, dst_plane_stride),
};

static gboolean
build_01 (const void *record, float *out)
{
  const W *w = record;
  out[0] = (float) w->num_planes;
  out[1] = (float) w->length;
  out[2] = (float) w->src_width;
  out[3] = (float) w->dst_width;
  out[4] = (float) w->src_stride;
  out[5] = (float) w->dst_stride;
  out[6] = (float) w->src_plane_stride;
  out[7] = (float) w->dst_plane_stride;
  out[8 + w->direction] = 1.0f;
  return TRUE;
}

static const VsDmaInterface interfaces[] = {
  { 1, 12, build_01 },
};

VS_DMA_RECORD_KEY (W)

static gboolean
valid (const void *record)
{
  return (guint) ((const W *) record)->direction < VS_DIR_COUNT;
}

/* (num_planes + 1) * length, in unsigned arithmetic: the same bits as the
 * reference's overflowing int multiplication, without undefined behaviour. */
static gint32
accessed_bytes (const void *record)
{
  const W *w = record;
  return (gint32) (((guint32) w->num_planes + 1u) * (guint32) w->length);
}

/* The descriptor is this record, field for field. */
static void
from_planes (VsVpuDevice device, const VsDmaPlanes *p, VsMemoryDirection direction, void *record)
{
  *(W *) record = (W) { .device = device, .num_planes = p->count - 1, .length = p->len,
                        .src_width = p->src_width, .dst_width = p->dst_width,
                        .src_stride = p->src_stride, .dst_stride = p->dst_stride,
                        .src_plane_stride = p->src_plane_stride,
                        .dst_plane_stride = p->dst_plane_stride, .direction = direction };
}

const VsDmaLayout vs_dma_layout_npu27 = {
  .kind = VS_DMA_WORKLOAD_27,
  .name = "npu27",
  .label = "NPU 2.7",
  .marker = "num_planes",
  .devices = 1u << VS_DEVICE_VPU_2_0 | 1u << VS_DEVICE_VPU_2_1 | 1u << VS_DEVICE_VPU_2_7,
  .home = VS_DEVICE_VPU_2_7,
  VS_DMA_LAYOUT_PARTS (W),
};
