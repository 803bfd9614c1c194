/* SPDX-License-Identifier: Apache-2.0 */
/* ddr_share.h — DDR bandwidth shared by the DMA transfers in flight.
 *
 * Each DMA's cost is its duration alone; alone it moves its bytes at its
 * own rate (bytes / duration), already capped by the DMA engine and by the
 * DDR.  Two ports (or channels) moving to or from DDR at once share the
 * DDR's bandwidth: the transfers in flight get max-min fair rates (each
 * at most its own rate; what a slow one leaves is split among the others),
 * recomputed whenever one starts or ends, so every end moves with the
 * contention it actually met.  A transfer that never overlaps another keeps
 * its cost exactly.
 *
 * Use: vs_ddr_share_start when a DDR transfer starts, vs_ddr_share_finish
 * when its end event arrives (vs_ddr_share_end tells whether the event is
 * current); after each, vs_ddr_share_changed lists the transfers whose end
 * moved (the started one included), for the caller to schedule their new
 * end events.  Ends are integer picoseconds, rounded up.
 */
#ifndef VS_DDR_SHARE_H
#define VS_DDR_SHARE_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct VsDdrShare VsDdrShare;

/* `bandwidth_gbps` > 0: the DDR's bytes per ns.  Task ids are any guint32;
 * the memory held is proportional to the transfers in flight, not to the
 * number of tasks. */
VsDdrShare *vs_ddr_share_new (double bandwidth_gbps);
void        vs_ddr_share_free (VsDdrShare *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDdrShare, vs_ddr_share_free)

/* `task` starts at `now` a transfer of `bytes` (> 0) that alone lasts `alone_ps` (> 0). */
void vs_ddr_share_start (VsDdrShare *d, guint32 task, gint64 now, gint64 bytes, gint64 alone_ps);

/* The current expected end of `task` (-1 when it is not in flight). */
gint64 vs_ddr_share_end (const VsDdrShare *d, guint32 task);

/* `task` ended at `now` (its current expected end). */
void vs_ddr_share_finish (VsDdrShare *d, guint32 task, gint64 now);

/* Transfers whose expected end changed in the last start or finish. */
guint vs_ddr_share_changed (const VsDdrShare *d, const guint32 **tasks);

/* Bytes the struct holds (for the replay's memory figure). */
gsize vs_ddr_share_bytes (const VsDdrShare *d);

G_END_DECLS

#endif /* VS_DDR_SHARE_H */
