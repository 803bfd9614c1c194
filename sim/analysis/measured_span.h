/* SPDX-License-Identifier: Apache-2.0 */
/* measured_span.h — the predicted latency that a measured run can be held against.
 *
 * A profile times only what the profiling build instrumented: NPU 4.0
 * profiles of 2024-25 record no DMA, so their "total duration" runs from the
 * first DPU task to the last SHAVE task and leaves out the DMAs before and
 * after.
 * Holding the whole predicted latency against it would charge the model for
 * work the measurement never saw.  The comparable prediction is therefore
 * the span, in the replayed timeline, from the earliest start to the latest
 * end of the schedule tasks the measurement joined (vs_profile_join); with
 * every engine profiled that is the end-to-end latency up to instrumentation
 * at the edges.  A profile whose time zero is its first DMA (the 2022 text
 * report, VsProfile.origin_first_dma) left out what ran before that DMA: its
 * span starts at the earliest predicted start of a joined DMA.  When too
 * little joined (under half the measured tasks) the
 * whole latency is used and `partial` says so.
 */
#ifndef VS_MEASURED_SPAN_H
#define VS_MEASURED_SPAN_H

#include <glib.h>

#include "sim/import/profile_import.h"
#include "sim/engine/replay.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

typedef struct {
  gint64 predicted_ps;          /* comparable predicted latency */
  gint64 measured_ps;           /* the profile's end-to-end latency */
  gint64 first_start_ps;        /* predicted start of the earliest joined task (0 when whole) */
  gboolean whole;               /* predicted_ps is the timeline's whole latency */
  gboolean engine_measured[VS_ENGINE_COUNT];   /* engines with measured tasks */
} VsMeasuredSpan;

void vs_measured_span (const VsSchedule *s, const VsProfile *p, const VsProfileJoin *j,
                       const VsTimeline *t, VsMeasuredSpan *out);

/* Signed relative error of `predicted` against `measured`, in percent. */
double vs_measured_error_pct (gint64 predicted_ps, gint64 measured_ps);

G_END_DECLS

#endif /* VS_MEASURED_SPAN_H */
