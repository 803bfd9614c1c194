/* SPDX-License-Identifier: Apache-2.0 */
/* what_if.h — "what if this part ran faster?": the end-to-end latency when
 * one engine kind, or one layer, runs 2x faster or infinitely fast.
 *
 * Every target is answered by a real replay with scaled durations: the
 * pre-pass's task and variant times of the target's tasks are halved
 * (rounded up to the picosecond) or set to 0, everything else — the other
 * tasks, barriers, dispatch latencies and SHAVE start-up of the realistic
 * mode — is unchanged.  So the answer includes what a speed-up cannot buy:
 * dependencies on the other engines and the device's fixed latencies.
 * Targets: every engine kind that has tasks, and the `top` layers with the
 * most busy time (the sum of their tasks' spans in the base replay, as the
 * report counts busy time; tasks without a
 * `layer` belong to none).  The replays run on worker threads and do not
 * depend on their number.
 */
#ifndef VS_WHAT_IF_H
#define VS_WHAT_IF_H

#include <glib.h>

#include "sim/analysis/run_pipeline.h"

G_BEGIN_DECLS

#define VS_WHAT_IF_DEFAULT_TOP 5

typedef enum {
  VS_WHAT_IF_TWICE = 0,         /* durations halved */
  VS_WHAT_IF_INFINITE,          /* durations 0 */
  VS_WHAT_IF_SPEEDUPS
} VsWhatIfSpeedup;

typedef struct {
  char *name;                   /* engine name ("DMA") or layer */
  guint n_tasks;
  gint64 busy_ps;               /* sum of its tasks' spans in the base replay: the busy time
                                   the report gives (DDR contention, SHAVE start-up included) */
  gint64 latency_ps[VS_WHAT_IF_SPEEDUPS];
} VsWhatIfTarget;

typedef struct {
  gint64 base_latency_ps;
  guint top;                    /* layers asked for */
  GArray *engines;              /* VsWhatIfTarget, by decreasing gain */
  GArray *layers;               /* VsWhatIfTarget, by decreasing gain */
} VsWhatIf;

/* Answer for a prepared and replayed run (run->timeline set).  `threads`:
 * 0 = every core.  On failure (a replay error) *what_if is left cleared. */
gboolean vs_what_if_speedups (const VsRun *run, const VsRunConfig *config, guint top,
                              guint threads, VsWhatIf *what_if, GError **error);

void vs_what_if_clear (VsWhatIf *what_if);

/* The table for the text report: engines, then layers, each by gain. */
void vs_what_if_append_text (GString *out, const VsWhatIf *what_if);

/* The member `"what_if": {...}` for vs_report_append_json_extra (two-space
 * indentation, no trailing comma or newline).  Keys: base_latency_us, top,
 * engines and layers: lists of {name, tasks, busy_us, twice_as_fast,
 * infinitely_fast}, the last two {latency_us, gain} with gain a fraction of
 * the base latency. */
void vs_what_if_append_json_member (GString *out, const VsWhatIf *what_if);

G_END_DECLS

#endif
