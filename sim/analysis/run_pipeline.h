/* SPDX-License-Identifier: Apache-2.0 */
/* run_pipeline.h — load, cost and replay a schedule: what `run`, `compare`,
 * `sweep` and the what-if analysis share.
 *
 * Steps: read the schedule (YAML, or VPURT MLIR by extension), replace its
 * device (--device) and apply --set overrides, build the cost models --cost
 * asks for (VPUNN by default when its model files are found, else the
 * analytical model, with a note saying so), cost every task once (the
 * pre-pass), then — with --cost measured=PROFILE — replace the durations of
 * the tasks the profile timed by the measured ones, then replay.  Each step can be re-run alone: a sweep re-replays
 * with other device values, the what-if analysis with scaled durations.
 */
#ifndef VS_RUN_PIPELINE_H
#define VS_RUN_PIPELINE_H

#include <glib.h>

#include "models/cost_model.h"
#include "sim/cost/cost_prepass.h"
#include "sim/cost/cost_spec.h"
#include "sim/engine/replay.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

typedef struct {
  const char *device;           /* --device PRESET|FILE, or NULL: the schedule's */
  const char *const *sets;      /* --set KEY=VALUE, NULL-terminated, may be NULL */
  const char *cost;             /* --cost, NULL = auto */
  const char *models_dir;       /* --models, NULL = search (DESIGN.md §7) */
  VsReplayMode mode;
  VsUnknownShavePolicy unknown_shave;
  gboolean force;               /* --force: a measured profile that contradicts the schedule
                                   (sim/analysis/profile_fit.h) is a warning, not an error */
} VsRunConfig;

/* The options every replaying command takes (run, sweep, calibrate,
 * compare, network scenarios), as the command line spells them; NULL (or
 * FALSE) when not given.  sim/cli parses them with one shared option group. */
typedef struct {
  const char *device;           /* --device */
  const char *const *sets;      /* --set KEY=VALUE, NULL-terminated, may be NULL */
  const char *cost;             /* --cost */
  const char *mode;             /* --mode: realistic (default) or compiler */
  const char *models;           /* --models */
  const char *unknown_shave;    /* --unknown-shave */
  gboolean force;               /* --force */
} VsRunOptions;

/* A run configuration from the options: every value checked before any
 * file is read (mode, unknown-SHAVE policy, cost spec, in that order).  An
 * error is the user's mistake and its message says which option: "--mode:
 * 'x' is not realistic or compiler", the policy's or the cost spec's own. */
gboolean vs_run_config_from_options (VsRunConfig *config, const VsRunOptions *options,
                                     GError **error);

typedef struct {
  VsSchedule *schedule;         /* owned */
  VsCostModel *models[VS_TASK_KIND_COUNT];  /* owned, may repeat: free each distinct once */
  VsCostModel *fallback;        /* owned: the analytical model */
  VsCostPlan plan;
  VsDevice reference;           /* the arch's preset: the device the models describe */
  VsCostSpec spec;              /* resolved: no AUTO left */
  VsCosts costs;
  VsTimeline *timeline;         /* after vs_run_replay */
  GPtrArray *notes;             /* char *: one-line notes for the user (model choice, warnings) */
  char *models_dir;             /* where VPUNN files were found, or NULL */
  gint64 *task_ddr_bytes;       /* per task: bytes a DMA moves to or from DDR, for the replay's
                                   DDR sharing */
  char *measured_profile;       /* --cost measured=PROFILE: costs hold its durations where it
                                   timed the task (sim/cost/measured_durations.h), else NULL */
  guint measured_tasks;         /* tasks that took a measured duration */
} VsRun;

/* Read a schedule: .mlir files through the VPURT importer (its warnings go
 * to `notes` when non-NULL), anything else as vpusim-schedule YAML; "-" is
 * standard input, MLIR when a line starts with "module". */
VsSchedule *vs_run_load_schedule (const char *path, GPtrArray *notes, GError **error);

/* Load, configure the device, build cost models and cost every task.
 * Whether it succeeds or fails, release `run` with vs_run_clear: after a
 * failure its notes say what was seen before the error. */
gboolean vs_run_prepare (VsRun *run, const char *schedule_path, const VsRunConfig *config,
                         GError **error);
/* The same from a schedule already in memory (taken over by the run). */
gboolean vs_run_prepare_schedule (VsRun *run, VsSchedule *schedule, const VsRunConfig *config,
                                  GError **error);

/* Replay with the run's costs (or with `task_ps`/`variant_ps` when non-NULL,
 * e.g. scaled for what-if). */
gboolean vs_run_replay (VsRun *run, const VsRunConfig *config, GError **error);
VsTimeline *vs_run_replay_with (const VsRun *run, const VsRunConfig *config, const gint64 *task_ps,
                                const gint64 *variant_ps, GError **error);
/* The same with the DDR bytes the replay shares bandwidth over (NULL: no
 * sharing): durations that were measured already contain the contention
 * they met, so their tasks should count 0 bytes. */
VsTimeline *vs_run_replay_full (const VsRun *run, const VsRunConfig *config, const gint64 *task_ps,
                                const gint64 *variant_ps, const gint64 *task_ddr_bytes,
                                GError **error);

void vs_run_clear (VsRun *run);

/* Duration arrays the size of the run's tasks and variants, for replays
 * that re-time or scale its costs (sweep points, what-if targets): one per
 * worker thread. */
typedef struct {
  gint64 *task_ps;
  gint64 *variant_ps;
} VsRunDurations;

VsRunDurations *vs_run_durations_new (const VsRun *run);
void            vs_run_durations_free (VsRunDurations *d);

G_END_DECLS

#endif
