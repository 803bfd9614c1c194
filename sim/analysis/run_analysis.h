/* SPDX-License-Identifier: Apache-2.0 */
/* run_analysis.h — `vpusim run`'s analysis of one schedule as a library call:
 * the run prepared and replayed (run_pipeline.h), its critical path and its
 * CMX occupancy, and the text report that puts them together.  The CLI only
 * parses options, writes the files asked for and prints what this returns;
 * tests call it directly.
 */
#ifndef VS_RUN_ANALYSIS_H
#define VS_RUN_ANALYSIS_H

#include <glib.h>

#include "sim/analysis/run_pipeline.h"
#include "sim/engine/cmx_occupancy.h"
#include "sim/engine/critical_path.h"

G_BEGIN_DECLS

typedef struct {
  VsRun run;                    /* prepared and replayed */
  VsCriticalPath *path;         /* owned; NULL until the replay succeeded */
  VsCmxReport cmx;              /* peak CMX bytes per tile and any overflow or overlap */
} VsRunAnalysis;

/* Prepare and replay `schedule_path` with `config`, then compute the
 * critical path and the CMX occupancy.  Whether it succeeds or fails,
 * release `a` with vs_run_analysis_clear: a->run.notes says what was seen
 * (model choices, warnings) even before an error. */
gboolean vs_run_analyse (VsRunAnalysis *a, const char *schedule_path, const VsRunConfig *config,
                         GError **error);
void     vs_run_analysis_clear (VsRunAnalysis *a);

/* The text report: the cost models and mode, the measured durations used,
 * the replay report (sim/output/report.h, 12 critical-path links), each
 * tile's CMX peak and problems, then `extra` (e.g. the what-if answers). */
void vs_run_analysis_append_text (GString *out, const VsRunAnalysis *a, const VsRunConfig *config,
                                  const char *extra);
/* The JSON report (sim/output/report.h) with `extra` members. */
void vs_run_analysis_append_json (GString *out, const VsRunAnalysis *a, const char *extra);

G_END_DECLS

#endif
