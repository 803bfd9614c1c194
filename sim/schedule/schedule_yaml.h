/* SPDX-License-Identifier: Apache-2.0 */
/* schedule_yaml.h — the `vpusim-schedule` YAML format (DESIGN.md §5): reader and writer.
 *
 * File layout (version 1):
 *
 *   format: vpusim-schedule
 *   version: 1
 *   source: {compiler: ..., blob: ...}      # optional provenance, scalar values
 *   device: npu27                           # a preset name or path, or a mapping:
 *                                           #   {preset: npu27, tiles: 1, ...} (VsDevice keys;
 *                                           #   without preset every required key is needed)
 *   overrides: {dispatch_shave_ns: 0}       # optional VsDevice keys applied after `device`
 *   queues:   [{id, engine: DMA|DPU|SHAVE|M2I, tile, port, channel: DDR|CMX|N, servers}]
 *   buffers:  [{id, name, memory: DDR|CMX|REGISTER, tiles: [..], offset, shape: [..],
 *               strides: [..] (bytes), dtype: f16|u8|..., layout: NHWC|NCHW|...,
 *               sparse, swizzling: 0..5}]
 *   barriers: [{id, pid, start, final, producers, consumers}]
 *   tasks:
 *     - {id, queue, kind: DMA|DPU|SHAVE|M2I|SYNC, name, layer, waits: [barrier ids],
 *        updates: [barrier ids], after: [task ids], enqueue: [barrier id],
 *        cost: {cycles: N | ns: N, source},
 *        dma: {op, src, dst, bytes, out_of_order}
 *        dpu: {op: CONV|DWCONV|CM_CONV|ELTWISE|MAXPOOL|AVEPOOL|..., kernel: [w, h],
 *              strides: [w, h], pad: {top, bottom, left, right}, input, weights, output,
 *              activation, act_sparsity, weight_sparsity, weight_sparsity_enabled,
 *              isi_strategy, output_write_tiles,
 *              variants: [{out_start: [x, y, z], out_end: [x, y, z], pad, mpe_mode, tile, cost,
 *                          in_start: [x, y, z], in_end: [x, y, z] (optional, together)}]}
 *        shave: {kernel, runs, inputs: [..], outputs: [..]}}
 *
 * A tensor (src, dst, input, ...) is a buffer id, `{buffer: id}`, or an inline
 * tensor mapping with the buffer keys except `id`; inline tensors become
 * anonymous buffers (VsTensor.id NULL).  Ids are any scalar text.  Queue order
 * is task order in the file.  Defaults when a key is absent: tile/port/channel
 * -1, servers 1 (a SHAVE queue without channel on a per_tile device: the
 * device's shaves_per_tile), offset -1, layout NHWC (ZMAJOR), pid and declared
 * counts -1, kernel and strides 1, output_write_tiles 1, variant tile -1.
 *
 * Reading: every error is a GError in VS_SCHEDULE_ERROR whose message starts
 * with "file:line:column: " (1-based) and names the key, id or reference at
 * fault.  The schema is enforced (unknown keys, wrong types, missing keys,
 * unknown references, duplicate ids, waited-on barriers nobody updates, task
 * kinds that do not fit their queue), and so are limits against hostile
 * input: see the VS_SCHEDULE_MAX_* values; YAML aliases are refused.
 * Writing: produces the canonical form; reading it back gives the same
 * schedule, and writing that again the same bytes.  An anonymous buffer is
 * written inline at each reference (so one shared by several tasks comes back
 * as one copy per reference), and an unreferenced one is dropped.
 */
#ifndef VS_SCHEDULE_YAML_H
#define VS_SCHEDULE_YAML_H

#include <glib.h>

#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

#define VS_SCHEDULE_MAX_FILE_BYTES (G_GINT64_CONSTANT (1) << 31)
#define VS_SCHEDULE_MAX_TASKS      10000000u
#define VS_SCHEDULE_MAX_BUFFERS    10000000u
#define VS_SCHEDULE_MAX_BARRIERS   10000000u
#define VS_SCHEDULE_MAX_QUEUES     65536u
#define VS_SCHEDULE_MAX_VARIANTS   100000000u
#define VS_SCHEDULE_MAX_LIST       1000000u    /* entries in one waits/updates/after list */
#define VS_SCHEDULE_MAX_STRING     65536u      /* bytes in one scalar */
#define VS_SCHEDULE_MAX_DEPTH      32          /* nested mappings and lists */

/* Read a schedule file; NULL on error.  The result's `path` is `path`. */
VsSchedule *vs_schedule_read (const char *path, GError **error);

/* Read from memory; `origin` names the data in errors and becomes `path`. */
VsSchedule *vs_schedule_read_from_data (const char *data, gsize length, const char *origin,
                                        GError **error);

/* Append the schedule as YAML to `out`.  Fails (VS_SCHEDULE_ERROR_INVALID)
 * on a schedule that could not be read back: missing or duplicate ids,
 * references out of range, strings that are not UTF-8, non-finite numbers. */
gboolean vs_schedule_write (const VsSchedule *schedule, GString *out, GError **error);

/* Write to a file through a temporary file and a rename, so readers never
 * see half a file (VS_SCHEDULE_ERROR_IO on failure). */
gboolean vs_schedule_write_file (const VsSchedule *schedule, const char *path, GError **error);

G_END_DECLS

#endif /* VS_SCHEDULE_YAML_H */
