/* SPDX-License-Identifier: Apache-2.0 */
/* layer_validate.h — the reference's check of a whole (unsplit) layer before
 * it is shared between tiles (VPU_LayerValidator with the devices' "layer"
 * valid values): looser than the workload rules (channels up to 8192 times
 * the tiles a strategy splits that dimension over), stricter where a split
 * needs room (two output rows for a split over H, 32 output channels for
 * SOK, an output_write_tiles equal to the tile count that the device
 * accepts).
 *
 * Contract: vs_layer_check() reads the layer (after the operation
 * replacements) and returns TRUE, or FALSE with *error_code set to
 * VS_ERROR_INVALID_INPUT_DEVICE (no layer rules for the device: vpusim has
 * those of NPU 2.7 and 4.0), VS_ERROR_INVALID_INPUT_OPERATION or
 * VS_ERROR_INVALID_LAYER_CONFIGURATION.  Pure and re-entrant.
 */
#ifndef VS_LAYER_VALIDATE_H
#define VS_LAYER_VALIDATE_H

#include <glib.h>

#include "models/vpunn/layer.h"

G_BEGIN_DECLS

gboolean vs_layer_check (const VsDpuWorkload *layer, VsTilingStrategy strategy, guint n_tiles,
                         VsCycles *error_code);

/* Whether a strategy cuts the output rows / columns (the reference's
 * TilingStrategyInfo). */
gboolean vs_tiling_is_vertical (VsTilingStrategy s);
gboolean vs_tiling_is_horizontal (VsTilingStrategy s);

G_END_DECLS

#endif
