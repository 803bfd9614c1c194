/* SPDX-License-Identifier: Apache-2.0 */
/* strategy_file.h — a per-layer strategy choice for `vpusim lower
 * --strategy-file F`:
 *
 *   version: 1
 *   strategies: {conv1: sok, relu1: keep}
 *
 * Keys of `strategies` are layer ids of the network (or, when no id
 * matches, a layer's compiler name); values are what --strategy accepts:
 * keep, auto, clustering, soh, sow, sok, sohw, sohk.  Unknown keys, layers
 * and strategies are refused at file:line:column (VS_NETWORK_ERROR_PARSE).
 */
#ifndef VS_STRATEGY_FILE_H
#define VS_STRATEGY_FILE_H

#include <glib.h>

#include "sim/lower/lower.h"
#include "sim/lower/lower_options.h"

G_BEGIN_DECLS

/* One VsLowerLayerChoice per layer of `net` (g_free it); layers the file
 * does not name have set = FALSE.  NULL with *error set on bad input. */
VsLowerLayerChoice *vs_strategy_file_read (const char *path, const VsNetwork *net, GError **error);

G_END_DECLS

#endif /* VS_STRATEGY_FILE_H */
