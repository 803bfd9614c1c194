/* SPDX-License-Identifier: Apache-2.0 */
/* network_yaml.h — the `vpusim-network` YAML format (version 1): reader and writer.
 *
 *   format: vpusim-network
 *   version: 1
 *   source: {schedule: ..., ...}      # optional provenance, scalar values
 *   device: npu27                     # optional: the preset it was compiled for
 *   tiles: 2                          # optional: the tiles the compiler used
 *   layers:
 *     - id: conv1                     # any scalar, unique
 *       name: "conv1?t_Convolution"   # optional: the compiler's name
 *       kind: DPU                     # DPU | SHAVE | DMA
 *       op: CONV                      # DPU: CONV DWCONV CM_CONV ELTWISE ELTWISE_MUL MAXPOOL AVEPOOL ...
 *       kernel: [3, 3]                # DPU: [w, h], default [1, 1]; strides likewise
 *       strides: [1, 1]
 *       pad: {top: 0, bottom: 0, left: 0, right: 0}
 *       activation: RELU              # DPU: NONE RELU LRELU ADD SUB MULT (default NONE)
 *       act_sparsity: 0               # DPU, optional; weight_sparsity, weight_sparsity_enabled too
 *       input:   {shape: [1, 16, 62, 62], dtype: f16, layout: NHWC, memory: DDR}
 *       weights: {shape: [48, 16, 3, 3], dtype: f16}   # DPU, optional (ELTWISE: 2nd operand)
 *       output:  {shape: [1, 48, 60, 60], dtype: f16}
 *       kernel_name: Sigmoid          # SHAVE: the VPUNN kernel; SHAVE uses inputs: [..],
 *                                     #   outputs: [..] (1 to 4 tensors each)
 *       compiler:                     # optional: the compiler's choices
 *         strategy: soh               #   clustering | soh | sow | sok | sohw | sohk
 *         tiles: 2
 *         parts: 4                    #   SHAVE: kernel invocations
 *         workloads:                  #   DPU: output boxes, whole-layer x y z, inclusive
 *           - {tile: 0, out_start: [0, 0, 0], out_end: [59, 29, 47], mpe_mode: CUBOID_16x16,
 *              pad: {top: 1, ...}}
 *   edges:
 *     - {from: conv1, to: sigmoid}    # `to` consumes what `from` produced
 *
 * A tensor has `shape` (1 to 6 dims, N C H W order for rank 4), `dtype`
 * (f16 u8 i8 bf16 f32 i32 ..., default f16), `layout` (NHWC, NCHW, ...;
 * default NHWC) and `memory` (DDR or CMX: where the compiler kept it; absent
 * = the lowering decides).  DPU and DMA layers use `input`/`output`; SHAVE
 * layers `inputs`/`outputs`.
 *
 * Reading: errors are VS_NETWORK_ERROR and start with "file:line:column: "
 * naming the key or id at fault: unknown and repeated keys, keys of another
 * kind of layer, wrong types, unknown names, unknown layers in edges,
 * aliases; then vs_network_validate (cycles, shapes) with the layer's or
 * edge's line.  Writing gives the canonical form: reading it back gives the
 * same network, and writing that the same bytes.
 */
#ifndef VS_NETWORK_YAML_H
#define VS_NETWORK_YAML_H

#include <glib.h>

#include "sim/lower/network.h"

G_BEGIN_DECLS

#define VS_NETWORK_MAX_FILE_BYTES (64 << 20)
#define VS_NETWORK_MAX_LAYERS     1000000u
#define VS_NETWORK_MAX_WORKLOADS  100000u   /* per layer */

/* Read and validate a network file; NULL on error. */
VsNetwork *vs_network_read (const char *path, GError **error);

/* Read from memory; `origin` names the data in errors and becomes `path`. */
VsNetwork *vs_network_read_from_data (const char *data, gsize length, const char *origin,
                                      GError **error);

/* Append the network as YAML; fails (VS_NETWORK_ERROR_INVALID) on a network
 * that could not be read back (missing ids, strings that are not UTF-8). */
gboolean vs_network_write (const VsNetwork *network, GString *out, GError **error);

/* Write to `path` atomically: nothing is written when anything fails. */
gboolean vs_network_write_file (const VsNetwork *network, const char *path, GError **error);

G_END_DECLS

#endif /* VS_NETWORK_YAML_H */
