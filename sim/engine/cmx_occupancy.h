/* cmx_occupancy.h — live CMX bytes per tile over a replayed schedule.
 *
 * A CMX buffer is live on each of its tiles from the start of the first task
 * that touches it (DMA source or destination, DPU input/weights/output, SHAVE
 * argument) to the end of the last one.  Live bytes per tile are the size of
 * the union of the live buffers' address ranges, so the compiler's aliasing
 * views of one allocation are counted once.  Two distinct buffers whose
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
  gint64 capacity_bytes;
  GArray *problems;             /* VsCmxProblem */
} VsCmxReport;

/* task_start_ps/task_end_ps: the replay's times per task. */
gboolean vs_cmx_occupancy (const VsSchedule *schedule, const gint64 *task_start_ps,
                           const gint64 *task_end_ps, VsCmxReport *report, GError **error);
void     vs_cmx_report_clear (VsCmxReport *report);

G_END_DECLS

#endif
