/* SPDX-License-Identifier: Apache-2.0 */
/* what_if_scenario.h — what-if scenario files (`format: vpusim-whatif`):
 * a schedule, the device to run it on, and the questions to ask.
 *
 *   format: vpusim-whatif
 *   version: 1
 *   schedule: npu27_dma_bound.yaml     # relative to this file
 *   device: npu27                      # optional: preset, or device file relative to this file
 *   overrides: {ddr_latency_ns: 100}   # optional: fixed device values (like run --set)
 *   cost: analytical                   # optional: as run --cost
 *   mode: realistic                    # optional: as run --mode
 *   sweep:                             # optional: a grid, the first key varying slowest
 *     set:
 *       ddr_bandwidth_gbps: [13.5, 27, 54]
 *       dpu_clock_mhz: [975, 1300]
 *   speedups: {top: 5}                 # optional: engines and top layers 2x / infinitely fast
 *
 * At least one of `sweep` and `speedups` must be there.
 *
 * Instead of a schedule, a scenario can name a network (a vpusim-network
 * file, or a compiled .mlir schedule whose network is recovered) and how to
 * lower it; each tile count is lowered afresh and replayed:
 *
 *   network: ag40.net.yaml             # relative to this file
 *   device: npu40
 *   lower:
 *     tiles: [2, 4, 6]                 # required: the tile counts to compare
 *     strategy: keep                   # optional: as lower --strategy
 *     choose-with: vpunn               # optional: as lower --choose-with (auto only)
 *
 * A network scenario asks only `lower`; `sweep` and `speedups` need a
 * schedule.  This layer cannot lower (sim/lower sits above it): it reads
 * and checks the file, the CLI lowers (sim/lower/tiles_sweep.h); strategy
 * names and the tile limit are checked there, errors prefixed with
 * lower_where.  Every error names
 * file:line:column; unknown keys, repeated keys, wrong types, bad device
 * keys or values, YAML aliases and files over 1 MiB are refused.
 */
#ifndef VS_WHAT_IF_SCENARIO_H
#define VS_WHAT_IF_SCENARIO_H

#include <glib.h>

#include "sim/engine/replay.h"
#include "sim/analysis/run_pipeline.h"
#include "sim/analysis/sweep.h"

G_BEGIN_DECLS

#define VS_WHAT_IF_ERROR (vs_what_if_error_quark ())
GQuark vs_what_if_error_quark (void);

typedef enum {
  VS_WHAT_IF_ERROR_IO,
  VS_WHAT_IF_ERROR_PARSE,       /* malformed YAML, wrong type, unknown key */
  VS_WHAT_IF_ERROR_INVALID,     /* well-formed but impossible (bad device value, no questions) */
} VsWhatIfError;

#define VS_WHAT_IF_MAX_FILE_BYTES (1 << 20)

typedef struct {
  char *path;                   /* the scenario file, as given */
  char *schedule;               /* resolved against the scenario's folder, or NULL */
  char *network;                /* resolved, or NULL (exactly one of the two is set) */
  GArray *lower_tiles;          /* guint, >= 1, distinct: set with network */
  char *lower_strategy;         /* or NULL */
  char *lower_choose_with;      /* or NULL */
  char *lower_where;            /* "file:line:column" of lower:, for errors found later */
  char *device;                 /* preset name or resolved device file, or NULL */
  GPtrArray *overrides;         /* char * "key=value", NULL-terminated (VsRunConfig.sets) */
  char *cost;                   /* or NULL */
  gboolean has_mode;
  VsReplayMode mode;
  VsSweepGrid *sweep;           /* NULL: no sweep */
  gboolean speedups;
  guint top;                    /* layers for the speed-ups */
} VsWhatIfScenario;

/* Whether `path` names a what-if scenario: it ends in .whatif.yaml or
 * .whatif.yml, or its top level says `format: vpusim-whatif`.  Unreadable
 * files are not scenarios (the schedule reader reports them). */
gboolean vs_what_if_scenario_detect (const char *path);

VsWhatIfScenario *vs_what_if_scenario_load (const char *path, GError **error);
/* `origin` names the file in errors; relative paths resolve against its folder. */
VsWhatIfScenario *vs_what_if_scenario_load_from_data (const char *data, gsize length,
                                                      const char *origin, GError **error);
void vs_what_if_scenario_free (VsWhatIfScenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsWhatIfScenario, vs_what_if_scenario_free)

/* The run configuration of a scenario under the command line's options:
 * the command line's --device, --cost and --mode (when `mode_given`) win,
 * its --set values apply after the scenario's overrides.  `sets` (a
 * GPtrArray with g_free) receives the merged list, NULL-terminated, and
 * config->sets points into it. */
void vs_what_if_scenario_configure (const VsWhatIfScenario *scenario, VsRunConfig *config,
                                    gboolean mode_given, const char *const *cli_sets,
                                    GPtrArray *sets);

/* Draws a sweep's latency curves into `path`; the CLI passes plots/'s
 * vs_sweep_plot, so that this library layer never calls gnuplot itself. */
typedef gboolean (*VsSweepDrawFunc) (const char *path, const char *title, const VsSweepGrid *grid,
                                     guint64 first, guint64 end, const VsSweepResult *results,
                                     GError **error);

/* What `run` adds for --what-if and scenarios. */
typedef struct {
  gboolean speedups;            /* --what-if: answer the speed-ups even without a scenario */
  gint top;                     /* --what-if-top N, or < 0: the scenario's, else the default */
  guint threads;                /* --jobs, 0 = every core */
  const char *sweep_csv;        /* write the scenario's sweep as CSV there, or NULL */
  const char *sweep_plot;       /* draw it there with draw_sweep, or NULL */
  VsSweepDrawFunc draw_sweep;   /* required when sweep_plot is set */
} VsWhatIfRunOptions;

/* Answer the questions of `scenario` (may be NULL) and of `options` for a
 * prepared and replayed run: tables appended to `text`, JSON members (for
 * vs_report_append_json_extra) to `json_members` (either may be NULL), and
 * the sweep's files written. */
gboolean vs_what_if_scenario_answer (const VsRun *run, const VsRunConfig *config,
                                     const VsWhatIfScenario *scenario,
                                     const VsWhatIfRunOptions *options, GString *text,
                                     GString *json_members, GError **error);

G_END_DECLS

#endif
