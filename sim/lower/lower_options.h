/* SPDX-License-Identifier: Apache-2.0 */
/* lower_options.h — what `lower`, `strategy`, `sweep --tiles` and network
 * what-if scenarios read before lowering, in one place:
 *  - a strategy name (keep, auto or one of the network's strategies, as
 *    --strategy and strategy files spell it) and --choose-with, into
 *    VsLowerOptions;
 *  - the device a network is lowered for: --device, else the network's own,
 *    then every --set;
 *  - the network: a vpusim-network file, or the network recovered from a
 *    compiled .mlir schedule.
 * Errors are the user's words (G_OPTION_ERROR for a bad option value). */
#ifndef VS_LOWER_OPTIONS_H
#define VS_LOWER_OPTIONS_H

#include <glib.h>

#include "sim/lower/lower.h"

G_BEGIN_DECLS

/* keep, auto (case as written) or a strategy name (sim/lower/network.h). */
gboolean vs_lower_mode_from_name (const char *name, VsLowerMode *mode, VsStrategy *strategy);
/* "keep, auto, clustering, soh, ...": every name it takes, for messages
 * (free with g_free). */
char    *vs_lower_mode_choices (void);

/* --strategy and --choose-with (NULL: keep, vpunn) into a zeroed *o. */
gboolean vs_lower_options_parse (const char *strategy, const char *choose_with, VsLowerOptions *o,
                                 GError **error);

/* The device for lowering `net`: `device` (preset or file; NULL: the
 * network's), then each of `sets` (NULL-terminated, may be NULL).  *preset
 * is the preset's name, or NULL for a device file (free with g_free). */
gboolean vs_lower_device_resolve (const VsNetwork *net, const char *device,
                                  const char *const *sets, VsDevice *out, char **preset,
                                  GError **error);

/* A vpusim-network file, or, for a path ending in .mlir, the network
 * recovered from that compiled schedule (sim/lower/network_recover.h). */
VsNetwork *vs_network_load (const char *path, GError **error);

G_END_DECLS

#endif /* VS_LOWER_OPTIONS_H */
