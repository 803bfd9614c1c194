/* SPDX-License-Identifier: Apache-2.0 */
/* timeline_csv.h — the replay's timeline as CSV (`vpusim run --timeline OUT.csv`).
 *
 * One row per task in schedule order, header
 * `id,name,kind,queue,server,start_ns,end_ns`; times are exact (ns with three
 * decimals, from integer ps).  Fields with commas, quotes or newlines are
 * quoted as RFC 4180 says.
 */
#ifndef VS_TIMELINE_CSV_H
#define VS_TIMELINE_CSV_H

#include <glib.h>

#include "sim/engine/replay.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

void     vs_timeline_csv_append (GString *out, const VsSchedule *schedule,
                                 const VsTimeline *timeline);
/* Write atomically to `path` (see output_file.h); errors name the path. */
gboolean vs_timeline_csv_write (const char *path, const VsSchedule *schedule,
                                const VsTimeline *timeline, GError **error);

G_END_DECLS

#endif /* VS_TIMELINE_CSV_H */
