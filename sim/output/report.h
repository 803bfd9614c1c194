/* SPDX-License-Identifier: Apache-2.0 */
/* report.h — the summary of a replay, as text for people and JSON for tools.
 *
 * Both show the end-to-end latency (µs), per-engine and per-queue busy time
 * and utilisation, and the critical path with each link's share of the
 * latency.  Numbers are printed with fixed decimals from integer picoseconds
 * (µs with 3 decimals, shares and utilisations with 6), so the same replay
 * gives the same bytes.  The JSON keys are stable: `format`, `version`,
 * `schedule`, `device`, `mode`, `barrier_reuse`, `tasks`, `latency_ps`,
 * `latency_us`, `engines` (object keyed DMA, DPU, SHAVE, M2I), `queues`,
 * `critical_path` (`links`, `by_kind`).  The JSON is written by hand because
 * json-glib prints doubles with %.17g (0.1 -> 0.10000000000000001); tests
 * parse it back with json-glib.
 */
#ifndef VS_REPORT_H
#define VS_REPORT_H

#include <glib.h>

#include "sim/engine/critical_path.h"
#include "sim/engine/replay.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

/* Append the text summary.  `path` may be NULL (no critical path section).
 * At most `max_links` links are listed (0 = all): the largest shares, in time
 * order, with a line for the rest. */
/* The NPU compiler's own estimate kept in an imported schedule's source
 * (inference_timing_cycles at the device's DPU clock), or -1. */
gint64 vs_report_compiler_estimate_ps (const VsSchedule *schedule);

void vs_report_append_text (GString *out, const VsSchedule *schedule, const VsTimeline *timeline,
                            const VsCriticalPath *path, guint max_links);

/* Append the JSON document (one object, two-space indentation, final newline). */
void vs_report_append_json (GString *out, const VsSchedule *schedule, const VsTimeline *timeline,
                            const VsCriticalPath *path);

/* The same with extra members after `critical_path` (what-if answers, a
 * sweep: see sim/analysis/what_if.h).  `extra` is NULL or members written at
 * two-space indentation, `  "key": value`, separated by ",\n", with no
 * trailing comma or newline.  With NULL the output is vs_report_append_json's. */
void vs_report_append_json_extra (GString *out, const VsSchedule *schedule,
                                  const VsTimeline *timeline, const VsCriticalPath *path,
                                  const char *extra);

/* Write the JSON document to `path_out` (atomically, see output_file.h). */
gboolean vs_report_write_json (const char *path_out, const VsSchedule *schedule,
                               const VsTimeline *timeline, const VsCriticalPath *path,
                               GError **error);

G_END_DECLS

#endif /* VS_REPORT_H */
