/* SPDX-License-Identifier: Apache-2.0 */
/* vpusim.h — the public C API of libvpusim, the library behind the vpusim
 * command (a discrete-event simulator of Intel VPU/NPU accelerators with a C
 * implementation of the VPUNN cost model).
 *
 * Build against it with `pkg-config --cflags --libs vpusim`.  Only the names
 * declared here are exported from libvpusim.so; everything else is internal
 * and may change between releases.
 *
 * Conventions
 *  - Plain C types only: the header needs no GLib.  Handles are opaque and
 *    freed by their own _free function (NULL is accepted).
 *  - Functions that can fail return 0 on success and -1 on failure; when
 *    `error` is not NULL, *error then receives a message (free it with
 *    vpusim_free) naming the file, line and column or the field at fault —
 *    the same messages the command prints.
 *  - Times are integer picoseconds; costs are cycles of the DPU clock, as
 *    VPUNN returns them.
 *  - A NULL handle or output pointer is a failure (-1 with a message) for
 *    the functions that return a status, and gives the neutral answer (0,
 *    -1, NULL, as stated) for the accessors: never a crash.
 *  - Thread safety: distinct handles may be used from distinct threads; one
 *    handle must not be used by two threads at once.
 */
#ifndef VPUSIM_VPUSIM_H
#define VPUSIM_VPUSIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(VPUSIM_BUILDING) && defined(__GNUC__)
#define VPUSIM_API __attribute__ ((visibility ("default")))
#else
#define VPUSIM_API
#endif

/* "0.1.0" */
VPUSIM_API const char *vpusim_version (void);

/* Frees a string the library returned (error messages, JSON reports). */
VPUSIM_API void vpusim_free (void *p);

/* ---- Cost models --------------------------------------------------------- */

/* The VPUNN model files, found in `models_dir` or, when it is NULL, in
 * $VPUSIM_VPUNN_DIR, then the folder given to ./configure
 * --with-vpunn-models, then the installed data folder.  Opening checks that
 * the folder holds at least one .vpunn file; each model file is read when a
 * workload first needs it. */
typedef struct vpusim_models vpusim_models;
VPUSIM_API vpusim_models *vpusim_models_open (const char *models_dir, char **error);
VPUSIM_API void vpusim_models_free (vpusim_models *models);
/* The folder the models are read from (NULL for NULL). */
VPUSIM_API const char *vpusim_models_dir (const vpusim_models *models);

/* ---- Workloads ----------------------------------------------------------- */

typedef enum {
  VPUSIM_DPU = 0,     /* a DPU workload (one variant): convolution, eltwise, pooling, ... */
  VPUSIM_DMA = 1,     /* a DMA transfer */
  VPUSIM_SHAVE = 2,   /* a SHAVE kernel */
  VPUSIM_LAYER = 3,   /* a whole DPU layer on several tiles (VPUNN's layer-level API) */
} vpusim_kind;

/* A list of workloads of one kind.  Their fields are named as the columns
 * of the VPUNN golden CSV files that `vpusim cost` reads (README, "Costing
 * workloads"), e.g. for a DPU workload: device VPU_2_7, operation
 * CONVOLUTION, in_w 56, in_h 56, in_c 16, in_dtype FLOAT16, out_w .., out_c
 * .., out_dtype .., kernel_w 3, kernel_h 3, stride_w 1, stride_h 1, pad_top
 * 1, .., execution_mode CUBOID_16x16.  Fields left out take the defaults
 * the command documents.  Values are checked when costed. */
typedef struct vpusim_workloads vpusim_workloads;
VPUSIM_API vpusim_workloads *vpusim_workloads_new (vpusim_kind kind);
VPUSIM_API void vpusim_workloads_free (vpusim_workloads *workloads);
/* A layer's fields are the columns of `vpusim cost layer` (README): the
 * whole layer's tensors, kernel, strides and padding as for a DPU workload,
 * then strategy (NONE, SOHO, SOK, SOW, SOH_HaloRead, SOHO_K_SWITCH, ...),
 * n_dpu, n_tiles and optionally input_in_ddr, output_in_ddr, prefetching.
 * vpusim_workloads_new returns NULL for a kind not listed above. */
/* Starts a new workload; returns its index (0, 1, ...), or (size_t) -1 for
 * a NULL list. */
VPUSIM_API size_t vpusim_workloads_add (vpusim_workloads *workloads);
/* Sets a field of the last workload added.  -1 for an empty or malformed
 * field name, or before any vpusim_workloads_add. */
VPUSIM_API int vpusim_workloads_set (vpusim_workloads *workloads, const char *field,
                                     const char *value, char **error);
/* The number of workloads (0 for NULL). */
VPUSIM_API size_t vpusim_workloads_count (const vpusim_workloads *workloads);

/* Costs every workload: cycles[i] for workload i (the array holds
 * vpusim_workloads_count entries).  A workload VPUNN refuses gets the error
 * code VPUNN answers with (values above 4294966295), as the command writes
 * it.  Errors read as the command's: "<workloads>: missing column 'in_w'",
 * or "<workloads>:LINE: ..." for one workload, LINE being its index + 2 (the
 * line it would have in a CSV file). */
VPUSIM_API int vpusim_cost (vpusim_models *models, const vpusim_workloads *workloads,
                            uint64_t *cycles, char **error);

/* Layers (VPUSIM_LAYER) costed by vpusim_cost use each one's own strategy.
 * vpusim_cost_layer_best instead tries every strategy VPUNN offers for the
 * layer's device (the strategy field is then optional) and gives the
 * cheapest: cycles[i] as vpusim_cost, and strategies[i] (may be NULL) its
 * name, a static string ("SOHO", ...).  -1 for a list of another kind. */
VPUSIM_API int vpusim_cost_layer_best (vpusim_models *models, const vpusim_workloads *layers,
                                       uint64_t *cycles, const char **strategies, char **error);

/* ---- Schedules ----------------------------------------------------------- */

typedef struct {
  const char *device;            /* preset (vpu20, npu27, npu40) or device YAML; NULL: the schedule's */
  const char *const *sets;       /* "key=value" device overrides, NULL-terminated; may be NULL */
  const char *cost;              /* as `vpusim run --cost`: "vpunn", "analytical", ...; NULL: auto */
  const char *models_dir;        /* NULL: searched as for vpusim_models_open */
  int compiler_mode;             /* 0: realistic replay, 1: the NPU compiler's estimator */
} vpusim_run_options;

/* A schedule (vpusim YAML, or a VPURT .mlir from the NPU compiler) loaded,
 * costed and replayed.  `options` may be NULL for the defaults. */
typedef struct vpusim_run vpusim_run;
VPUSIM_API vpusim_run *vpusim_run_new (const char *schedule_path, const vpusim_run_options *options,
                                       char **error);
VPUSIM_API void vpusim_run_free (vpusim_run *run);

/* Results: the end-to-end latency (-1 for NULL) and the number of tasks (0
 * for NULL). */
VPUSIM_API int64_t vpusim_run_latency_ps (const vpusim_run *run);
VPUSIM_API size_t vpusim_run_task_count (const vpusim_run *run);
/* Task i in schedule order: its id, profiling name (may be NULL), engine
 * ("DMA", "DPU", "SHAVE", "M2I") and replayed start and end; NULL or -1 for
 * a NULL run or an i out of range. */
VPUSIM_API const char *vpusim_run_task_id (const vpusim_run *run, size_t i);
VPUSIM_API const char *vpusim_run_task_name (const vpusim_run *run, size_t i);
VPUSIM_API const char *vpusim_run_task_engine (const vpusim_run *run, size_t i);
VPUSIM_API int64_t vpusim_run_task_start_ps (const vpusim_run *run, size_t i);
VPUSIM_API int64_t vpusim_run_task_end_ps (const vpusim_run *run, size_t i);
/* The report as `vpusim run --json` prints it (free with vpusim_free);
 * NULL for NULL. */
VPUSIM_API char *vpusim_run_report_json (const vpusim_run *run);

#ifdef __cplusplus
}
#endif

#endif /* VPUSIM_VPUSIM_H */
