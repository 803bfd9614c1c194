/* SPDX-License-Identifier: Apache-2.0 */
/* sweep.h — replay one costed schedule over a grid of device parameters.
 *
 * A grid is the product of axes, one per `--set key=v1,v2,...`, in the
 * order given; points are numbered in row-major order: the FIRST axis
 * varies SLOWEST and the last one fastest, like nested loops written in the
 * order of the options.  Costs come from one pre-pass (vs_run_prepare); each
 * point copies the run's device, applies its values, re-times the costs for
 * that device (vs_costs_retime: clocks and bandwidths) into per-thread
 * arrays and replays a view of the schedule carrying that device (the
 * replay itself reads dpus_per_tile, the dispatch latencies and the SHAVE
 * start-up).  Points are independent and run on worker threads; results are
 * stored by point, so they do not depend on the number of threads.
 *
 * Shards split a grid into N CONTIGUOUS slices of nearly equal size: shard
 * I of N (0 <= I < N) holds points [P*I/N, P*(I+1)/N).  CSV rows carry the
 * point index and the grid size, so vs_sweep_merge can put parts back
 * together and tell a missing or repeated part.
 *
 * Errors: VS_SWEEP_ERROR_USAGE for a bad --set list or --shard (the command
 * line), VS_SWEEP_ERROR_INPUT for bad part files; a point whose replay fails
 * gives the replay's error prefixed with the point.
 */
#ifndef VS_SWEEP_H
#define VS_SWEEP_H

#include <glib.h>

#include "sim/analysis/run_pipeline.h"

G_BEGIN_DECLS

#define VS_SWEEP_ERROR (vs_sweep_error_quark ())
GQuark vs_sweep_error_quark (void);

typedef enum {
  VS_SWEEP_ERROR_USAGE,         /* a bad --set list, --shard spec or grid size */
  VS_SWEEP_ERROR_INPUT,         /* a part file that cannot be merged */
} VsSweepError;

/* Points one run may hold results for (about 72 MB of results and 100 MB
 * of CSV); larger grids are run in shards. */
#define VS_SWEEP_MAX_RUN_POINTS 1000000u

typedef struct {
  char *key;                    /* a device key (hw/device.h) */
  GPtrArray *values;            /* char *: each value as vs_device_get spells it */
} VsSweepAxis;

typedef struct {
  GPtrArray *axes;              /* VsSweepAxis *, in the order added */
  guint64 n_points;             /* product of the axes' sizes; 1 for no axes */
} VsSweepGrid;

VsSweepGrid *vs_sweep_grid_new (void);
void         vs_sweep_grid_free (VsSweepGrid *grid);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsSweepGrid, vs_sweep_grid_free)

/* Add an axis from "key=v1,v2,..." (spaces around items ignored).  Checks
 * the key, every value (the device's type and range checks), that no value
 * or key repeats, and that the key can vary at all (`arch` and `name`
 * cannot: the cost models are per architecture).  Errors start with
 * "--set KEY: " and are VS_SWEEP_ERROR_USAGE. */
gboolean vs_sweep_grid_add (VsSweepGrid *grid, const char *assignment, GError **error);

/* The same from separate values (a what-if scenario's lists); `what`
 * prefixes errors instead of "--set KEY". */
gboolean vs_sweep_grid_add_values (VsSweepGrid *grid, const char *key, const char *const *values,
                                   guint n_values, const char *what, GError **error);

/* The value index of `axis` at `point`. */
guint vs_sweep_grid_value_index (const VsSweepGrid *grid, guint axis, guint64 point);

/* Apply a point's values to a device. */
gboolean vs_sweep_grid_apply (const VsSweepGrid *grid, guint64 point, VsDevice *device,
                              GError **error);

/* "key=v, key2=v2" for messages; newly allocated. */
char *vs_sweep_grid_describe (const VsSweepGrid *grid, guint64 point);

/* Why a key cannot change a sweep's results (costs are computed once and
 * the replay reads a few device fields), or NULL when it can. */
const char *vs_sweep_key_inert_reason (const char *key);

typedef struct {
  guint index, count;           /* shard `index` of `count`, 0 <= index < count */
} VsSweepShard;

/* Parse "I/N" (0 <= I < N). */
gboolean vs_sweep_shard_parse (const char *text, VsSweepShard *shard, GError **error);

/* The points [first, end) of a shard of an n_points grid. */
void vs_sweep_shard_range (const VsSweepShard *shard, guint64 n_points, guint64 *first,
                           guint64 *end);

typedef struct {
  gint64 latency_ps;
  gint64 busy_ps[VS_ENGINE_COUNT];
  double utilisation[VS_ENGINE_COUNT];
} VsSweepResult;

typedef void (*VsSweepProgress) (gpointer user_data, guint64 done, guint64 total);

/* Replay points [first, end) of `grid` with `run`'s costs, on `threads`
 * threads (0 = every core).  `results` holds end - first entries, in point
 * order.  `progress` (may be NULL) is called on the calling thread. */
gboolean vs_sweep_run (const VsRun *run, const VsRunConfig *config, const VsSweepGrid *grid,
                       guint64 first, guint64 end, guint threads, VsSweepProgress progress,
                       gpointer user_data, VsSweepResult *results, GError **error);

/* A grid sweep's plan: the grid of the --set lists (or, with none, a what-if
 * scenario's), this run's shard of it and the points [first, end) it
 * replays. */
typedef struct {
  VsSweepGrid *own_grid;        /* owned: the --set lists' grid, or NULL */
  const VsSweepGrid *grid;      /* own_grid, or the fallback */
  VsSweepShard shard;           /* 0 of 1 when not sharded */
  guint64 first, end;
} VsSweepPlan;

/* The plan of `sets` (NULL-terminated "KEY=V1,V2,..." lists) or, when
 * `sets` is NULL, of `fallback` (then non-NULL), and of `shard` ("I/N", or
 * NULL: the whole grid).  Errors are VS_SWEEP_ERROR_USAGE: a bad list or
 * shard, or a slice of more than VS_SWEEP_MAX_RUN_POINTS points.  Release
 * with vs_sweep_plan_clear whether it succeeds or not. */
gboolean vs_sweep_plan_init (VsSweepPlan *plan, const char *const *sets,
                             const VsSweepGrid *fallback, const char *shard, GError **error);
void     vs_sweep_plan_clear (VsSweepPlan *plan);

/* Cost `schedule_path` once for a sweep of `grid` (vs_run_prepare), and on
 * success add a note to run->notes for every axis of more than one value
 * whose key cannot change the replay (vs_sweep_key_inert_reason).  Release
 * `run` with vs_run_clear whether it succeeds or not. */
gboolean vs_sweep_prepare (VsRun *run, const char *schedule_path, const VsRunConfig *config,
                           const VsSweepGrid *grid, GError **error);

/* The summary of a plan's results written to the file `written_to`: "sweep:
 * N points (shard I/N: points A-B of P), written to F" and the fastest and
 * slowest points with their values and latency. */
void vs_sweep_append_summary (GString *out, const VsSweepPlan *plan, const VsSweepResult *results,
                              const char *written_to);

/* The CSV of points [first, end): a header `point,points,KEY...,latency_ps,
 * latency_us`, then `<engine>_busy_us,<engine>_utilisation` (engine in lower
 * case) for every engine kind the schedule has queues for; one row per point. */
void vs_sweep_append_csv (GString *out, const VsSchedule *schedule, const VsSweepGrid *grid,
                          guint64 first, guint64 end, const VsSweepResult *results);

/* A table of the points for the text report (key values, latency, each
 * engine kind's utilisation). */
void vs_sweep_append_text (GString *out, const VsSchedule *schedule, const VsSweepGrid *grid,
                           guint64 first, guint64 end, const VsSweepResult *results);

/* The member `"sweep": {...}` for vs_report_append_json_extra: points,
 * keys, and results: a list of {point, values (numbers, or strings for
 * named values), latency_us, engines: {NAME: {busy_us, utilisation}}}. */
void vs_sweep_append_json_member (GString *out, const VsSchedule *schedule,
                                  const VsSweepGrid *grid, guint64 first, guint64 end,
                                  const VsSweepResult *results);

/* Join part CSVs written by vs_sweep_append_csv into one, sorted by point.
 * Refuses parts whose headers differ, rows without a valid point, repeated
 * points and missing points (the messages name files and lines). */
gboolean vs_sweep_merge (const char *const *parts, guint n_parts, GString *out, GError **error);

G_END_DECLS

#endif
