/* SPDX-License-Identifier: Apache-2.0 */
/* cmx_occupancy.h — live CMX bytes per tile over a replayed schedule.
 *
 * CMX is followed per allocation: buffers with the same address range on a
 * tile are one allocation (the compiler declares a view of the same bytes
 * for each task that uses them; inline tensors and DMA ends count like
 * declared buffers).  An allocation is live from the start of the task that
 * writes it (DMA destination, DPU output, SHAVE output; or its first use if
 * nothing writes it) to the end of its last read (DMA source, DPU input or
 * weights, SHAVE input), so a tensor waiting between its producer and its
 * consumer is counted; a write that starts after those reads have ended
 * opens a new life (the compiler reused the addresses).  Live bytes per tile
 * are the size of the union of the live address ranges.  Two distinct buffers whose
 * address ranges overlap while both are live are a schedule bug and are
 * reported with both buffers and the time; so is any moment where live bytes,
 * or a buffer's end address, exceed the device's CMX per tile.
 */
#ifndef VS_CMX_OCCUPANCY_H
#define VS_CMX_OCCUPANCY_H

#include <glib.h>

#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

typedef struct {
  gint64 time_ps;
  gint64 bytes;                 /* live bytes from this time on */
} VsCmxPoint;

typedef enum {
  VS_CMX_PROBLEM_OVERFLOW,      /* live bytes above capacity */
  VS_CMX_PROBLEM_OUT_OF_RANGE,  /* a buffer ends beyond the CMX size */
  VS_CMX_PROBLEM_OVERLAP,       /* two live buffers share addresses */
} VsCmxProblemKind;

typedef struct {
  VsCmxProblemKind kind;
  gint32 tile;
  gint64 time_ps;
  gint32 buffer_a, buffer_b;    /* buffer indices; b = -1 when only one is involved */
  gint64 bytes;                 /* live bytes (overflow) or overlapping bytes (overlap) */
  char *message;                /* one line naming buffers, tile and time */
} VsCmxProblem;

typedef struct {
  guint n_tiles;
  GArray **curves;              /* per tile: VsCmxPoint step function, time-ordered */
  gint64 *peak_bytes;           /* per tile */
  gint64 *peak_time_ps;
  gint64 *allocated_bytes;      /* per tile: the highest end address the schedule places a
                                   buffer at (its own allocation); peak_bytes never exceeds it
                                   unless buffers of unknown offset are live */
  gint64 capacity_bytes;
  GArray *problems;             /* VsCmxProblem */
} VsCmxReport;

/* task_start_ps/task_end_ps: the replay's times per task. */
gboolean vs_cmx_occupancy (const VsSchedule *schedule, const gint64 *task_start_ps,
                           const gint64 *task_end_ps, VsCmxReport *report, GError **error);
void     vs_cmx_report_clear (VsCmxReport *report);

G_END_DECLS

#endif
