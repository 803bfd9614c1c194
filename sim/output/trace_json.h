/* SPDX-License-Identifier: Apache-2.0 */
/* trace_json.h — the replay as a Chrome trace (`vpusim run --trace OUT.json`).
 *
 * The Trace Event format that Perfetto and chrome://tracing open as is, laid
 * out like the NPU profiling tool's traces so predicted and measured runs can
 * be compared side by side: process 1 "DMA", then one process "Cluster (N)"
 * per tile that has queues, then "M2I" (pids from 1, process_name metadata);
 * one thread per engine instance (each server of each queue, plus one per DPU
 * for DPU variants), tids unique from 1, with thread_name metadata, so slices
 * never overlap on a thread.  Tasks are "ph":"X" events with ts/dur in µs
 * with three decimals (ns, rounded from ps); args (strings) name the task id,
 * layer, queue and server.  The _with_memory variants add each tile's CMX
 * occupancy as a counter track ("ph":"C", "CMX bytes") in its process.
 */
#ifndef VS_TRACE_JSON_H
#define VS_TRACE_JSON_H

#include <glib.h>

#include "sim/engine/cmx_occupancy.h"
#include "sim/engine/replay.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

void     vs_trace_json_append (GString *out, const VsSchedule *schedule,
                               const VsTimeline *timeline);
/* Write atomically to `path` (see output_file.h); errors name the path. */
gboolean vs_trace_json_write (const char *path, const VsSchedule *schedule,
                              const VsTimeline *timeline, GError **error);

void     vs_trace_json_append_with_memory (GString *out, const VsSchedule *schedule,
                                           const VsTimeline *timeline, const VsCmxReport *cmx);
gboolean vs_trace_json_write_with_memory (const char *path, const VsSchedule *schedule,
                                          const VsTimeline *timeline, const VsCmxReport *cmx,
                                          GError **error);

G_END_DECLS

#endif /* VS_TRACE_JSON_H */
