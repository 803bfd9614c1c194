/* SPDX-License-Identifier: Apache-2.0 */
/* critical_path.h — the chain of tasks and waits that sets the latency.
 *
 * Walking back from the task that ends last, each step asks what bound the
 * start of the current task: a barrier's release (its last producer, plus the
 * dispatch latency in realistic mode), an `after` task's end, the previous
 * task on the same server, the queue predecessor starting at the same instant
 * (in-order FIFO), or a physical barrier id freed by a previous barrier.  The
 * links cover [0, latency] without gaps; each carries its share of the latency.
 * Where several conditions bind at the same instant the first in that list is
 * taken, so the path is deterministic.
 */
#ifndef VS_CRITICAL_PATH_H
#define VS_CRITICAL_PATH_H

#include <glib.h>

#include "sim/engine/replay.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

typedef enum {
  VS_CRITICAL_RUN = 0,          /* `task` ran over [start, end] */
  VS_CRITICAL_DISPATCH,         /* `task` waited for dispatch after `barrier` was released */
  VS_CRITICAL_STARTED,          /* zero length: `task` started (a later task started with it) */
  VS_CRITICAL_GAP,              /* time nothing explains; never expected (kept to stay honest) */
} VsCriticalKind;

/* Why a link begins when the link before it (in time) ends. */
typedef enum {
  VS_CRITICAL_CAUSE_START = 0,  /* time 0: the path begins */
  VS_CRITICAL_CAUSE_BARRIER,    /* `barrier` was released by the previous link's task */
  VS_CRITICAL_CAUSE_DISPATCH,   /* the previous link (a dispatch wait) ended */
  VS_CRITICAL_CAUSE_AFTER,      /* an `after` dependency: the previous link's task ended */
  VS_CRITICAL_CAUSE_SERVER,     /* the previous task on the same server ended */
  VS_CRITICAL_CAUSE_QUEUE_ORDER,/* in-order queue: started when its predecessor started */
  VS_CRITICAL_CAUSE_BARRIER_REUSE, /* the physical id of `barrier` was freed (released by the
                                      previous link's task, or taken by its last consumer) */
  VS_CRITICAL_CAUSE_UNKNOWN,    /* for GAP links */
  VS_CRITICAL_CAUSE_COUNT
} VsCriticalCause;

typedef struct {
  VsCriticalKind kind;
  VsCriticalCause cause;
  gint32 task;                  /* -1 for GAP */
  gint32 barrier;               /* for DISPATCH links and BARRIER / BARRIER_REUSE causes, else -1 */
  gint64 start_ps, end_ps;
  double share;                 /* (end - start) / latency; 0 when the latency is 0 */
} VsCriticalLink;

typedef struct {
  gint64 latency_ps;
  guint n_links;
  VsCriticalLink *links;        /* in time order, first link starts at 0 */
} VsCriticalPath;

/* The critical path of a replay.  `timeline` must come from replaying
 * `schedule`.  An empty schedule gives an empty path.  Free with
 * vs_critical_path_free. */
VsCriticalPath *vs_critical_path_compute (const VsSchedule *schedule, const VsTimeline *timeline);
void vs_critical_path_free (VsCriticalPath *path);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsCriticalPath, vs_critical_path_free)

const char *vs_critical_kind_name (VsCriticalKind kind);    /* "run", "dispatch", "started", "gap" */
const char *vs_critical_cause_name (VsCriticalCause cause); /* "start", "barrier", ... */

G_END_DECLS

#endif /* VS_CRITICAL_PATH_H */
