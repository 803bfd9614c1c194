/* SPDX-License-Identifier: Apache-2.0 */
/* network_recover.h — the layer graph behind a compiled schedule
 * (`vpusim network`).
 *
 * Layers: the schedule's DPU and SHAVE tasks grouped by name — the compiler
 * names every per-tile part of a layer after it, so the name without its
 * `/cluster_N`, `/tile_K` and profiling (`PROF_...`) parts, with the task's
 * kind and operation or kernel, is the layer.  A DPU layer's whole output is
 * the union of its variants' output boxes (boxes the compiler wrote per tile
 * — identical boxes under a split-over-H or split-over-K task — are stacked
 * along the split axis); its input follows from the output, kernel, strides
 * and padding, its channel count from the task's input (or the output's, for
 * channel-wise operations); its weights are [K, C, kh, kw].  A SHAVE
 * layer's tensors are its parts concatenated along the axis where they
 * differ (the first non-unit axis after N when they are all alike).
 *
 * Edges: data flow through buffers.  For every tensor a compute task reads,
 * the writers of those bytes before it (file order, which is the IR's
 * topological order) are found — same tile and overlapping CMX bytes, or
 * overlapping DDR bytes of the same element type and strides — and a DMA
 * writer is followed back to its own source, so a spill to DDR and back is
 * one edge.  A chain that passes through DDR marks the consumer's input
 * `memory: DDR`; a layer part copied to DDR marks its output so.
 *
 * The compiler's choices: the strategy from how the output boxes differ
 * between tiles (rows: soh, channels: sok, columns: sow, both: sohk/sohw,
 * the same box or one tile: clustering), the tiles used, every variant as a
 * workload (box relative to the whole output, tile, padding, MPE mode), and
 * a SHAVE layer's part count.
 *
 * Errors (VS_NETWORK_ERROR): a schedule with no DPU or SHAVE task, a layer
 * whose parts disagree (op, kernel) or whose shapes are impossible — naming
 * the schedule file and the line of the layer's first task.
 */
#ifndef VS_NETWORK_RECOVER_H
#define VS_NETWORK_RECOVER_H

#include <glib.h>

#include "sim/lower/network.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

/* The network of `schedule`, validated; NULL on error.  Tasks that cannot
 * be described (a SHAVE kernel without tensors, such as the runtime's cache
 * handling; a DPU task an old schedule syntax left without tensors or
 * variants) are left out with a note in `notes` (char *, may be NULL). */
VsNetwork *vs_network_recover (const VsSchedule *schedule, GPtrArray *notes, GError **error);

/* The layer key of a task name: `conv1?t_Convolution/Duplicated_2/cluster_1`
 * -> `conv1?t_Convolution/Duplicated_2` (newly allocated). */
char *vs_network_layer_key (const char *task_name);

G_END_DECLS

#endif /* VS_NETWORK_RECOVER_H */
