/* SPDX-License-Identifier: Apache-2.0 */
/* shave_fit.h — SHAVE cost models against measured SHAVE tasks, and the
 * fallback model for kernels no VPUNN model knows.
 *
 * Samples: every measured SHAVE task of the given runs (joined to its
 * schedule task), with its measured duration, the bytes it reads and
 * writes, and what VPUNN's two SHAVE models answer for it (the classic
 * table and the fitted operator models, after kernel-name normalisation),
 * converted to time at the run's DPU clock; NAN where a model does not know
 * the kernel.  A sample neither model knows is a fallback sample (Convert).
 *
 * The fallback model is  t = launch + bytes / throughput  per architecture.
 * It is fitted by weighted least squares on the fallback samples, minimising
 * the squared *relative* error (weights 1 / measured^2, so a 3 us kernel
 * counts as much as a 30 us one), with launch >= 0 and throughput > 0, and
 * stored in the device as SHAVE-clock cycles (hw/device.h).  Runs whose
 * durations are off the cost model by more than VS_CALIBRATION_MAX_RATIO
 * (another clock) are left out of fits and summaries.
 */
#ifndef VS_SHAVE_FIT_H
#define VS_SHAVE_FIT_H

#include <glib.h>

#include "sim/analysis/calibrate.h"

G_BEGIN_DECLS

typedef struct {
  guint run;                    /* index into the runs given */
  guint task;                   /* schedule task */
  const char *kernel;           /* canonical operator (borrowed from the schedule or the name table) */
  double measured_ns;
  double bytes;                 /* inputs + outputs */
  double table_ns, fitted_ns;   /* NAN: that model does not know the kernel */
  double generic_ns;            /* the generic rule without a fallback model: output bytes at
                                   1 byte per DPU cycle */
  gboolean typical;             /* the run ran at the clocks the device describes */
  gboolean first_use;           /* the kernel's first run on its SHAVE (kernel_first_use.h) */
} VsShaveSample;

/* Every measured SHAVE task of the runs (an array of VsShaveSample). */
GArray *vs_shave_samples (VsMeasuredRun *const *runs, guint n_runs);

/* Fit launch (ns) and ns per byte on the typical fallback samples for which
 * use(run index) is TRUE (use NULL: all).  FALSE when there is none. */
gboolean vs_shave_fallback_fit (const GArray *samples, const gboolean *use_run, double *launch_ns,
                                double *ns_per_byte);

/* The code fetch of a kernel's first run on a SHAVE: for each kernel with
 * both first and later runs among the typical samples, the median excess
 * (measured minus the run's model for `device`, without any load) of its
 * first runs less that of its later runs — the same kernel on the same
 * SHAVEs, so what the model misses of the kernel itself cancels — not below
 * 0, into *per_kernel (shave_kernel_loads); *default_ns (shave_kernel_load_ns,
 * for the kernels it cannot see) is the median over every first run of
 * those kernels of its excess less its kernel's later median (kernels
 * weighed by their first runs, as schedules have them).  FALSE
 * (outputs untouched) when no kernel has both: every run a first one, as on
 * NPU 4.0 (one Convert per SHAVE) or with 16 UPA SHAVEs, where the fallback
 * model carries the fetch. */
gboolean vs_shave_kernel_load_fit (const GArray *samples, VsMeasuredRun *const *runs,
                                   const VsDevice *device, double *default_ns,
                                   VsKernelLoads *per_kernel);

/* Take the device's load time of its kernel off the measured duration of
 * every first-run sample, so a fit on them (the fallback) leaves the fetch
 * to the load. */
void vs_shave_samples_remove_load (GArray *samples, const VsDevice *device);

/* The fitted line as device keys (SHAVE-clock cycles, bytes per cycle). */
void vs_shave_fallback_to_device (double launch_ns, double ns_per_byte, VsDevice *device);

/* A report of the SHAVE models on the samples: per model, the tasks it
 * costs, mean and median absolute percentage error and the share within
 * 25 %; table and fitted compared on the tasks both know; the fallback
 * leave-one-run-out (each run's fallback tasks predicted from a fit on the
 * other runs of its architecture that are not the same measurement); and,
 * with `per_task`, one line per task.  Text, or Markdown tables. */
GString *vs_shave_report (VsMeasuredRun *const *runs, guint n_runs, const GArray *samples,
                          gboolean per_task);

G_END_DECLS

#endif
