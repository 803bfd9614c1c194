/* SPDX-License-Identifier: Apache-2.0 */
/* tiles_sweep.h — one network lowered on several tile counts and each
 * schedule replayed (`vpusim sweep NET --tiles 2,4,6`, and what-if scenarios
 * that name a network with `lower: {tiles: [...]}`).
 *
 * A tile count changes the schedule itself (strategies, shares, workloads,
 * DMAs, barriers), not only its timing, so every point is a fresh lowering
 * (vs_lower with options->tiles set to the point's count) and a fresh cost
 * pre-pass and replay (vs_run_prepare_schedule), in the order given.  A point
 * whose lowering or replay fails fails the sweep, its error prefixed with
 * "tiles N: ".  Same inputs give the same results.
 */
#ifndef VS_TILES_SWEEP_H
#define VS_TILES_SWEEP_H

#include <glib.h>

#include "sim/analysis/run_pipeline.h"
#include "sim/analysis/what_if_scenario.h"
#include "sim/lower/lower.h"

G_BEGIN_DECLS

typedef struct {
  guint tiles;                  /* the tiles asked for */
  guint tasks, barriers;        /* of the lowered schedule */
  gint64 latency_ps;            /* replayed */
  gint64 busy_ps[VS_ENGINE_COUNT];      /* every engine kind's summed busy time */
} VsTilesPoint;

/* Parse "2,4,6" (1..VS_LOWER_MAX_TILES each, no repeats) into `out`
 * (a GArray of guint); errors (G_OPTION_ERROR) start with `what`. */
gboolean vs_tiles_list_parse (const char *text, const char *what, GArray *out, GError **error);

/* Lower `net` on m->device (left as it was) for each of tiles[0..n) with
 * `options` otherwise, replay with `config` (its device and sets must be
 * NULL: the lowered schedule carries the device), results into out[0..n). */
gboolean vs_tiles_sweep_run (const VsNetwork *net, VsLowerModels *m, const char *device_preset,
                             const VsLowerOptions *options, const guint *tiles, guint n,
                             const VsRunConfig *config, VsTilesPoint *out, GError **error);

/* CSV: tiles,tasks,barriers,latency_ps,latency_us, then <engine>_busy_us
 * for DPU, SHAVE and DMA; one row per point. */
void vs_tiles_sweep_append_csv (GString *out, const VsTilesPoint *points, guint n);

/* A table for the terminal: one line per point, with the change against
 * the first point. */
void vs_tiles_sweep_append_text (GString *out, const char *title, const VsTilesPoint *points,
                                 guint n);

/* A tiles sweep as the commands ask for it (`sweep NET --tiles`, and `run`
 * or `sweep` of a scenario naming a network): the command line's values
 * (NULL: not given) win over the scenario's (`scenario` may be NULL). */
typedef struct {
  const char *network;          /* a network file or a compiled .mlir */
  const VsWhatIfScenario *scenario;
  const char *tiles;            /* "2,4,6", or NULL: the scenario's */
  const char *device, *strategy, *choose_with, *cost, *models;
  gboolean mode_given;          /* else the scenario's mode, if it has one */
  VsReplayMode mode;
  VsUnknownShavePolicy unknown_shave;
} VsTilesSweepRequest;

typedef struct {
  GArray *tiles;                /* guint: the tile counts, in order */
  VsLowerOptions options;
  VsTilesPoint *points;         /* one per tile count, after vs_tiles_sweep_execute */
  char *title;                  /* "NET lowered on DEVICE (strategy S), replayed per tile count:" */
  GPtrArray *notes;             /* char *: what the user should know (a model not found) */
} VsTilesSweep;

/* The tile counts and lowering options, checked before any file is read.
 * A bad command-line value is a usage error (G_OPTION_ERROR); a bad value
 * the scenario gave is bad input (VS_WHAT_IF_ERROR_INVALID) and names the
 * scenario's lower: position.  Release `sw` with vs_tiles_sweep_clear. */
gboolean vs_tiles_sweep_plan (VsTilesSweep *sw, const VsTilesSweepRequest *req, GError **error);

/* Read the network (vs_network_load), resolve its device (the request's,
 * the scenario's, the network's; then the scenario's overrides), open the
 * VPUNN models (without them: a note, or an error when auto chooses with
 * VPUNN), lower and replay every tile count; points and title filled in. */
gboolean vs_tiles_sweep_execute (VsTilesSweep *sw, const VsTilesSweepRequest *req,
                                 GError **error);
void     vs_tiles_sweep_clear (VsTilesSweep *sw);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VsTilesSweep, vs_tiles_sweep_clear)

G_END_DECLS

#endif /* VS_TILES_SWEEP_H */
