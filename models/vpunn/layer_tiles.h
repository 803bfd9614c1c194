/* SPDX-License-Identifier: Apache-2.0 */
/* layer_tiles.h — how a strategy shares a layer between tiles (the
 * reference's DPULayer::splitAcrossTiles).
 *
 *   NONE           every tile gets the whole layer (clustering).
 *   SOHO           output rows cut in chunks of ceil(H/n); each tile's input
 *                  rows are the ones its output needs; inner cuts get no
 *                  padding unless the real input is exhausted; clustering.
 *   SOHO_K_SWITCH  SOHO whose tiles broadcast their rows to all tiles
 *                  (output_write_tiles = tiles, inbound output halo).
 *   SOW            SOHO on columns.
 *   SOH_HaloRead   rows cut as SOHO, the overlap between neighbours split
 *                  into memory and input halo; split over H.
 *   SOK            output channels cut in chunks of ceil(C/n) rounded up to
 *                  16; split over K broadcasting to all tiles.
 *   SOK_NO_BROADCAST  the same cut, each tile keeping its slice.
 *   SOHW, SOHK, SOH_K_SWITCH  no split (the reference does not implement
 *                  them).
 * Tiles left with an empty output are dropped, so fewer than n tiles may
 * come back.  Pure and re-entrant.
 */
#ifndef VS_LAYER_TILES_H
#define VS_LAYER_TILES_H

#include <glib.h>

#include "models/vpunn/layer.h"

G_BEGIN_DECLS

/* Writes at most n_tiles tiles to `tiles` and returns how many. */
guint vs_layer_split_tiles (const VsDpuWorkload *layer, VsTilingStrategy strategy, guint n_tiles,
                            VsDpuWorkload *tiles);

/* The reference's helper_input_dim: input extent an output extent needs. */
guint32 vs_layer_input_extent (guint32 output, guint32 kernel, guint32 total_padding, guint32 stride);

G_END_DECLS

#endif
