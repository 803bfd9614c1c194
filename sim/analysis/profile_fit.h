/* SPDX-License-Identifier: Apache-2.0 */
/* profile_fit.h — does a measured profile belong to a schedule at all?
 *
 * The join (sim/import/profile_import.h) pairs tasks by name, so the profile
 * of another chip or another compile can still pair many tasks ("conv1" is
 * "conv1" on every device) and yield a comparison or a calibration that
 * looks sound.  Before any of that, the profile is checked against what the
 * schedule says of itself:
 *  - tiles: a measured DPU or SHAVE task on a tile the schedule's device does
 *    not have, or measured DPU tasks on another set of tiles than the
 *    schedule's DPU tasks (a 2-tile NPU 2.7 profile against a 6-tile NPU 4.0
 *    schedule); profiles that do not say the tile (the 2022-23 flavour merges
 *    clusters) are not judged on tiles;
 *  - task kinds: the profile times tasks of an engine (DMA, DPU, SHAVE, M2I)
 *    the schedule has no task of.
 * The reverse (the schedule has kinds the profile does not time) is normal:
 * some NPU 4.0 profiles time no DMA.  The clock is not judged here: a chip
 * at another clock is the same device, and the callers already note it.
 */
#ifndef VS_PROFILE_FIT_H
#define VS_PROFILE_FIT_H

#include <glib.h>

#include "sim/import/profile_import.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

/* TRUE when nothing contradicts; else FALSE with every contradiction, in one
 * sentence each separated by "; ", in a newly allocated *why. */
gboolean vs_profile_fits_schedule (const VsSchedule *s, const VsProfile *p, char **why);

/* The check as the commands apply it: a contradiction is an error in
 * VS_PROFILE_ERROR (VS_PROFILE_ERROR_INVALID) naming the profile and the
 * schedule and saying that --force compares anyway; with `force` it is a
 * loud note appended to `notes` instead and the result is TRUE. */
gboolean vs_profile_check_fit (const VsSchedule *s, const VsProfile *p, const char *profile_path,
                               gboolean force, GPtrArray *notes, GError **error);

G_END_DECLS

#endif /* VS_PROFILE_FIT_H */
