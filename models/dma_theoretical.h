/* SPDX-License-Identifier: Apache-2.0 */
/* dma_theoretical.h — the theoretical cost of a DMA tensor copy, as VPUNN computes it.
 *
 * This is the formula the NPU compiler's own estimator calls (VPUNN's
 * DMATheoreticalCostProvider, SPEC.md §6.5): latency of the slower end plus
 * the slower of the read and write streams.  Devices before NPU 5.0 use the
 * "legacy" formula over the legacy hardware set (VPU_4_0 too, as in the
 * reference's default build); NPU 5.0 and later the "PTL" formula over the
 * main set.  Results equal the reference for every device, including its
 * float/double/integer rounding.  Everything here is pure and re-entrant.
 */
#ifndef VS_DMA_THEORETICAL_H
#define VS_DMA_THEORETICAL_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

/* The per-device hardware numbers the DMA formulas read (SPEC.md §6.6, §8).
 * Devices without their own entry (NPU_RESERVED...) get the reference's
 * "default" set (1 MHz clocks, -1 B/cycle), which makes their costs
 * meaningless or error codes, exactly as in the reference. */
typedef struct {
  guint32 dpu_mhz;
  guint32 cmx_mhz;
  gint32 dma_engine_bytes;      /* DMA bytes per CMX cycle */
  float dram_mbps;
  gint32 dram_latency_ns;
  gint32 cmx_latency_cycles;    /* CMX clock cycles */
  gint32 post_latency_cycles;   /* CMX clock cycles */
  float mixed_efficiency;
} VsDmaHw;

/* The main ("Evo0") set: DMA NN post-processing and the PTL formula. */
const VsDmaHw *vs_dma_hw_main (VsVpuDevice device);
/* The legacy set: the legacy formula. */
const VsDmaHw *vs_dma_hw_legacy (VsVpuDevice device);

/* Latency of a transfer end in DPU cycles (integer arithmetic as the reference). */
VsCycles vs_dma_hw_latency (const VsDmaHw *hw, VsMemoryLocation location);

/* Tensor size in bytes, VPUNN pack mode 0 (SPEC.md §6.7): sub-byte types are
 * packed along the innermost dimension of the layout, rounded up per line.
 * Arithmetic wraps modulo 2^32 like the reference's. */
guint32 vs_dma_tensor_bytes (const VsVpuTensor *t);

/* Theoretical DMA cycles (DPU clock) of a tensor copy, or an error code
 * (VS_CYCLES_IS_ERROR) when the numbers leave the cycle range.  Only DRAM is
 * special: CSRAM and UPA ends cost like CMX, as in the reference; a layout
 * change is a permute, a size change a (de)compression. */
VsCycles vs_dma_theoretical_cycles (const VsDmaCopyWorkload *w);

G_END_DECLS

#endif
