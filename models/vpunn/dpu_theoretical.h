/* SPDX-License-Identifier: Apache-2.0 */
/* dpu_theoretical.h — the VPUNN reference's analytical DPU cost: MAC count
 * over the device's MAC array, bounded below by CMX read bandwidth
 * (SPEC.md §5.5), and its ideal MAC-based cycles (§5.6).
 *
 * Used as the fallback when no network is loaded or the network's output is
 * out of range, and by vpusim's analytical cost model.  Pure functions of the
 * workload: no allocation, re-entrant.  Pass a sanitized workload (see
 * dpu_sanitizer.h) to get what the reference's DPU() falls back to.
 */
#ifndef VS_DPU_THEORETICAL_H
#define VS_DPU_THEORETICAL_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

/* The DPU-side characteristics of a device as the reference's main
 * ("Evo0") hardware set gives them; unknown devices get its default set. */
typedef struct {
  guint32 dpu_mhz, cmx_mhz;
  guint32 cmx_word_bytes, cmx_read_ports;
  guint32 nr_macs, fp_ratio, nr_ppe, input_channels_mac;
  guint32 dpus_per_tile;
} VsDpuHwInfo;

const VsDpuHwInfo *vs_dpu_hw_info (VsVpuDevice device);

/* Theoretical DPU cycles of the workload's device clock.  Like the reference,
 * the 64-bit result is truncated to 32 bits. */
VsCycles vs_dpu_theoretical_cycles (const VsDpuWorkload *w);

/* Ideal cycles: all MACs used, no overheads.  "Efficiency" counts every MAC,
 * "power" skips those removed by sparsity. */
guint64 vs_dpu_ideal_efficiency_cycles (const VsDpuWorkload *w);
guint64 vs_dpu_ideal_power_cycles (const VsDpuWorkload *w);

G_END_DECLS

#endif /* VS_DPU_THEORETICAL_H */
