/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_import.h — the NPU compiler's VPURT-level MLIR schedule to a VsSchedule.
 *
 * Reads the text the compiler prints at the VPURT level (the
 * `schedule_vpurt.mlir` of a compiled network, 2022 to 2026 syntax; README
 * lists the spellings of each version):
 *   - the device: `VPU.arch` / `config.arch` / `config.platform` on the
 *     module picks the preset (VPUX30XX/NPU30XX -> vpu20, NPU37XX -> npu27,
 *     NPU40XX -> npu40); `N of @NCE at F MHz` sets tiles and the DPU clock,
 *     `N of @DMA_NN`, `@DPU`, `@SHAVE_ACT` the engine counts;
 *   - barriers (VPURT.ConfigureBarrier<pid> / VPURT.DeclareVirtualBarrier,
 *     start/final flags), buffers (VPURT.DeclareBuffer, const.Declare, the
 *     function's arguments: memory, tiles, offset, shape, element type,
 *     strides, layout, swizzling);
 *   - every VPURT.Task in order: waits/updates (and the WLM enqueue target),
 *     the op inside: DMAs (NNDMA and the other *DMA ops: port, channel from
 *     the source memory on NPU 4.0, out-of-order flag, src/dst, bytes;
 *     SyncDMA/SkipDMA/ReadOnlyDMA and DMAs of empty tensors become SYNC),
 *     VPUIP.NCEClusterTask (task type, kernel, strides, padding, tensors,
 *     PPE activation, weight sparsity, ISI strategy, variants), VPUIP.SW.Kernel
 *     (builtin_X -> kernel "X", tile, list, number of runs), UPA ops (VPU 2.0
 *     software layers on one global queue) and M2ITask;
 *   - names: the op's loc(...) resolved through #locN aliases the way the
 *     compiler's profiling names are made (layer?t_Type/suffix/...).
 * Queues follow DESIGN.md §4: dma.pP (NPU 2.7, VPU 2.0) or dma.pP.ddr|cmx
 * (NPU 4.0), dpu.tT, shv.tT (2 servers) or shv.tT.lL (dedicated FIFOs),
 * upa, m2i.  Ids: buffers and barriers keep their SSA names without '%',
 * tasks are t0, t1, ... in IR order.  The compiler's own estimate
 * (inferenceTiming, DPU cycles) is kept in schedule->source as
 * "inference_timing_cycles"; other provenance keys: compiler, ir_file,
 * module, arch.
 *
 * Errors (VS_VPURT_ERROR, or VS_MLIR_ERROR from the tokenizer) start with
 * "file:line:column: ".  Things that can be imported approximately (an
 * unknown op, an operand that is not a declared buffer, an element type
 * VPUNN has no name for) are not errors: they become warnings, one line per
 * kind with the first place and a count, appended to `warnings` (owned
 * strings; pass NULL to drop them).  The result is validated
 * (vs_schedule_validate); the caller owns it.
 */
#ifndef VS_VPURT_IMPORT_H
#define VS_VPURT_IMPORT_H

#include <glib.h>

#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

#define VS_VPURT_ERROR (vs_vpurt_error_quark ())
GQuark vs_vpurt_error_quark (void);

typedef enum {
  VS_VPURT_ERROR_PARSE,         /* the text is not a VPURT schedule we can read */
  VS_VPURT_ERROR_INVALID,       /* read, but the schedule is impossible (undefined barrier ...) */
  VS_VPURT_ERROR_IO,
} VsVpurtError;

/* Limits, each a "file:line:column: " error unless said: one dimension of a
 * tensor type (and the product of the dimensions folded into the outer one)
 * and one stride; the file size is the tokenizer's VS_MLIR_MAX_BYTES, checked
 * before reading (VS_VPURT_ERROR_IO, "file: N bytes ..."), its tokens
 * VS_MLIR_MAX_TOKENS; tasks, buffers and barriers are the YAML reader's
 * VS_SCHEDULE_MAX_*. */
#define VS_VPURT_MAX_DIM G_GINT64_CONSTANT (2147483647)
/* kernel sizes, strides and padding are clamped to [1, this] ([0, this] for padding),
 * the schedule format's range.  These keep every imported schedule readable
 * by the YAML reader. */
#define VS_VPURT_MAX_KERNEL 65535
/* DPUTask outStart/outEnd/inStart/inEnd coordinates: [0, this], else an error */
#define VS_VPURT_MAX_COORD (1 << 24)
/* physical barrier ids: [0, this], else an error */
#define VS_VPURT_MAX_BARRIER_PID 65535
/* SW.Kernel.run ops counted in one SW.Kernel: at most this many */
#define VS_VPURT_MAX_RUNS (1 << 20)

/* Import a file; warnings are dropped. */
VsSchedule *vs_vpurt_import (const char *path, GError **error);

/* Import a file, appending warnings (char *, freed by the array) to `warnings`. */
VsSchedule *vs_vpurt_import_full (const char *path, GPtrArray *warnings, GError **error);

/* Import from memory; `origin` names the text in messages and becomes the
 * schedule's path. */
VsSchedule *vs_vpurt_import_from_data (const char *data, gsize length, const char *origin,
                                       GPtrArray *warnings, GError **error);

/* The compiler's stringification of a location, exposed for tests: `loc`
 * is the text of one location as it appears inside loc(...) or a #loc alias
 * definition file (e.g. "fused[\"a?\", \"b\"]"); aliases are resolved in
 * `context` (MLIR text holding `#locN = loc(...)` lines, may be NULL).
 * Returns NULL for an unknown or empty location. */
char *vs_vpurt_location_name (const char *loc, const char *context, GError **error);

G_END_DECLS

#endif /* VS_VPURT_IMPORT_H */
