/* SPDX-License-Identifier: Apache-2.0 */
/* calibrate.h — fit the realistic mode's scheduling parameters to measured runs.
 *
 * A measured run is a schedule (VPURT MLIR or vpusim YAML) with the profile
 * of running it.  The realistic mode's parameters describe what happens
 * between tasks, not inside them: dispatch latency from a barrier's release
 * to the consumer's start per engine kind, the cold start of each engine
 * kind's first task, and the SHAVE runtime's completion latency.  So the
 * fit replays every run with its *measured* durations (tasks the profile
 * did not time keep the cost model's), where the only error left is the
 * scheduling model's, and minimises
 *
 *   sum over runs of  e_r^2 + mean over joined tasks of (d_t / M_r)^2
 *
 * with e_r the relative error of the comparable latency (measured_span.h)
 * and d_t a task's start offset error (predicted offset from the first
 * joined task against the measured one), M_r the measured latency.  The
 * search is deterministic and starts four times — from the device's
 * values, from the medians of the measured barrier-to-start gaps (first
 * task of a queue: cold; later ones: dispatch), and with every latency at
 * 1 us and at 5 us — each time taking repeated best moves over every
 * parameter's log grid (0, 25 ns ... 51.2 us), then halving steps around
 * each value; the lowest end wins (the objective has long, nearly flat
 * valleys whose floors differ by a few percent).  A parameter that does not
 * move the objective is not identifiable from the runs given (e.g. DMA
 * dispatch from NPU 4.0 profiles that time no DMA) and keeps its starting
 * value.  Measured directly, before the search: dma_queue_start_ns (the
 * median start of the DMA queues after the first whose copies wait for
 * nothing) and, where VPUNN costs the DMAs with another generation's
 * network (VPU 2.0), ddr_bandwidth_gbps (what its large lone DDR copies
 * reach).  After it, from the measured SHAVE durations (shave_fit.h): each
 * kernel's code fetch on its first run on a SHAVE (shave_kernel_loads, and
 * shave_kernel_load_ns for the others), then the SHAVE fallback model
 * (launch + bytes / throughput for kernels no SHAVE model knows) without
 * it, then shave_startup_ns, the launch cost added to every SHAVE kernel:
 * the median of measured minus modelled duration over the measured SHAVE
 * tasks, modelled with the fitted fallback and fetch (not below 0); the
 * replays with measured durations leave it out.
 */
#ifndef VS_CALIBRATE_H
#define VS_CALIBRATE_H

#include <glib.h>

#include "sim/cost/measured_durations.h"
#include "sim/analysis/measured_span.h"
#include "sim/import/profile_import.h"
#include "sim/analysis/run_pipeline.h"

G_BEGIN_DECLS

#define VS_CALIBRATE_ERROR (vs_calibrate_error_quark ())
GQuark vs_calibrate_error_quark (void);

typedef enum {
  VS_CALIBRATE_ERROR_RUN,       /* a run cannot be used (no profile, a simulated trace, nothing joins) */
  VS_CALIBRATE_ERROR_MIXED,     /* runs of different architectures */
} VsCalibrateError;

typedef struct {
  char *name;                   /* the folder's name, or the schedule's file name */
  char *schedule_path, *profile_path;
  VsRun run;                    /* prepared with the configuration's cost models */
  VsProfile *profile;
  VsProfileJoin *join;
  VsMeasuredDurations measured; /* measured durations where joined, the model's elsewhere */
  gint64 compiler_estimate_ps;  /* the compiler's inferenceTiming, -1 when absent */
  char **clock_sets;            /* the --set list the run was prepared with when its profile's
                                   recorded clocks were added to the configuration's (NULL:
                                   the configuration's own); other preparations of the run
                                   (compiler mode) take it too */
} VsMeasuredRun;

/* A run whose measured durations are off the cost model's by more than this
 * factor (median) ran on a device the model does not describe — another
 * clock, a throttled part — and its gaps would mislead the fit: the
 * leave-one-out table trains on it no other run. */
#define VS_CALIBRATION_MAX_RATIO 3.0
gboolean vs_measured_run_is_typical (const VsMeasuredRun *r);

/* Load a run: `spec` is a folder holding schedule_vpurt.mlir (or
 * schedule.yaml) and profiling.json (or profiling_text.txt), or
 * SCHEDULE:PROFILE.  The schedule is prepared with `config` (device, --set,
 * cost models); when the profile records a PLL more than 15 % off the
 * device's DPU clock and `config` sets no clock, at the recorded clocks
 * (DPU, SHAVE and CMX scaled together, as a PLL moves them), with a note. */
VsMeasuredRun *vs_measured_run_load (const char *spec, const VsRunConfig *config,
                                     GError **error);
void vs_measured_run_free (VsMeasuredRun *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsMeasuredRun, vs_measured_run_free)

/* Two folders holding the same measurement (one profile decoded by two
 * tool versions) are one run: same schedule size and measured latency. */
gboolean vs_measured_run_same_measurement (const VsMeasuredRun *a, const VsMeasuredRun *b);

#define VS_CALIBRATION_PARAMS 13
#define VS_CALIBRATION_SEARCHED 7
#define VS_CALIBRATION_LOAD 10        /* shave_kernel_load_ns */
#define VS_CALIBRATION_QUEUE_START 11 /* dma_queue_start_ns */
#define VS_CALIBRATION_DDR 12         /* ddr_bandwidth_gbps: never 0, kept when not measured */
/* The fitted device keys, in order: dispatch_{dma,dpu,shave}_ns, cold_start_{dma,dpu,shave}_ns,
 * completion_shave_ns (searched), shave_startup_ns (estimated from durations), then the SHAVE
 * fallback model for kernels no cost model knows, shave_fallback_launch_cycles
 * and shave_fallback_bytes_per_cycle (fitted on the measured durations of
 * those kernels, sim/analysis/shave_fit.h), shave_kernel_load_ns (a kernel's
 * first run on a SHAVE against its later ones, estimated before the
 * fallback is fitted: shave_fit.h; with shave_kernel_loads, the table by
 * kernel), dma_queue_start_ns (the measured start of the DMA queues after
 * the first, set before the search) and ddr_bandwidth_gbps (measured where
 * the DMA costs are not a network of the chip's own, set before the search;
 * never set to 0 by a caller that clears the latencies). */
/* Set every fitted key to 0 and empty the kernel table, as a fit from
 * nothing starts; the DDR bandwidth, a property of the chip and never 0,
 * keeps its value. */
void vs_calibration_clear (VsDevice *d);

const char *vs_calibration_param_key (guint i);
double      vs_calibration_param_get (const VsDevice *d, guint i);
void        vs_calibration_param_set (VsDevice *d, guint i, double value);

typedef struct {
  double start[VS_CALIBRATION_PARAMS];
  double fitted[VS_CALIBRATION_PARAMS];
  gboolean identifiable[VS_CALIBRATION_PARAMS];
  double objective_start, objective;
  guint evaluations;
} VsCalibration;

/* Fit the parameters, starting from `device`'s values, and write the fitted
 * values into `device`.  Every run must be of device->arch. */
gboolean vs_calibrate (VsMeasuredRun *const *runs, guint n_runs, VsDevice *device,
                       VsCalibration *out, GError **error);

/* Replay `r` with the scheduling parameters of `params` (the run's own
 * device otherwise), in `mode`, with the model's durations or the measured
 * ones (then without SHAVE start-up, which they contain, and without DDR
 * sharing for the measured DMAs, which met theirs). */
VsTimeline *vs_measured_run_replay (VsMeasuredRun *r, const VsDevice *params, VsReplayMode mode,
                                    gboolean measured_durations, GError **error);

/* Replay `r` with the scheduling parameters of `params` (the run's own
 * device otherwise), in `mode`, with the model's durations or the measured
 * ones, and give the comparable latency. */
gboolean vs_measured_run_predict (VsMeasuredRun *r, const VsDevice *params, VsReplayMode mode,
                                  gboolean measured_durations, VsMeasuredSpan *span, GError **error);

G_END_DECLS

#endif /* VS_CALIBRATE_H */
