/* SPDX-License-Identifier: Apache-2.0 */
/* test_support.h — helpers shared by the GLib test programs.
 *
 * Tests that need data from ../shared (the VPUNN models and golden vectors,
 * the real NPU runs) find it here.  Where the data is absent they skip with a
 * message naming what they need — except under CI=true, where a missing file
 * fails the test, so CI can never pass by skipping.
 */
#ifndef VS_TEST_SUPPORT_H
#define VS_TEST_SUPPORT_H

#include <glib.h>

#include "models/vpunn/vpunn_dpu.h"
#include "models/workload.h"
#include "sim/analysis/calibrate.h"
#include "sim/base/csv_table.h"
#include "sim/lower/network.h"

G_BEGIN_DECLS

/* Path of a file inside the VPUNN data folder ($VPUSIM_VPUNN_DIR, else
 * ../shared/vpunn beside the source tree), e.g. "models/vpu_2_7.vpunn" or
 * "golden/dpu_vpu_2_7.csv".  Returns NULL after skipping (or failing under
 * CI=true) when it does not exist; the caller then returns at once. */
char *vs_test_vpunn_file (const char *relative);

/* The VPUNN data folder ($VPUSIM_VPUNN_DIR or the folder above it when that
 * names models/ itself, else ../shared/vpunn), whether or not it exists;
 * for benchmarks, which report instead of skipping. */
char *vs_test_vpunn_data_dir (void);

/* The models/ folder inside the VPUNN data folder, or NULL (skipped/failed). */
char *vs_test_vpunn_models_dir (void);

/* The golden tables of the VPUNN data folder, read cell by cell: every
 * golden-vector test reads its CSV the same way, so it is written once. */
/* golden/NAME read as a CSV table, or NULL (skipped/failed). */
VsCsvTable *vs_test_golden_csv (const char *name);
/* models/FILE opened as a VPUNN DPU model (asserted loaded), or NULL. */
VsVpunnDpu *vs_test_vpunn_dpu (const char *file);
/* A cell by column name; the column must exist. */
const char *vs_test_csv_cell (const VsCsvTable *t, guint row, const char *column);
/* An integer cell in 0..G_MAXUINT32, and an enum cell by its name table. */
guint32     vs_test_csv_u32 (const VsCsvTable *t, guint row, const char *column);
int         vs_test_csv_enum (const VsCsvTable *t, guint row, const char *column,
                              const VsNameEntry *names);
/* The tensor of columns PREFIX_w, _h, _c, _b and _dtype, in layout ZXY (the
 * reference's default layout, as the golden rows use). */
VsVpuTensor vs_test_csv_tensor (const VsCsvTable *t, guint row, const char *prefix);
/* A golden SHAVE row: device, kernel (pointing into the table), in_* and
 * out_* tensors, one input and one output. */
VsShaveWorkload vs_test_csv_shave_workload (const VsCsvTable *t, guint row);

/* Path of a file in ../shared/npu-runs, or NULL (skipped/failed). */
char *vs_test_npu_runs_file (const char *relative);

/* Load the measured runs of ../shared/npu-runs named in `names` into
 * `runs` (free each with vs_measured_run_free).  FALSE, with nothing
 * loaded, when the models or a run are absent (the test then skips; under
 * CI=true the lookups fail it). */
gboolean vs_test_load_measured_runs (const char *const *names, guint n, const char *models_dir,
                                     VsMeasuredRun **runs);

/* The measured runs of ../shared/npu-runs that have a compiled schedule
 * (RUN/schedule_vpurt.mlir), by name in sorted order; NULL (skipped/failed)
 * when the folder is absent. */
GPtrArray *vs_test_npu_run_names (void);

/* Path of a file in the source tree (scenarios/..., tests/bad/...). */
char *vs_test_source_file (const char *relative);

/* scenarios/NAME in the source tree. */
char *vs_test_scenario (const char *name);

/* Each file of tests/bad whose name starts with `prefix` that has a line
 * "FILE:..." in tests/bad/EXPECTED: `load` reads the file's text (named
 * FILE) and returns the error it fails with (NULL fails the test), which
 * must be that line, or start with it when the line ends in " ...".
 * Returns the number of files checked. */
typedef GError *(*VsTestBadLoad) (const char *file, const char *data, gsize length);
guint vs_test_check_bad_files (const char *prefix, VsTestBadLoad load);

/* A fresh temporary folder for outputs, removed with its files at exit. */
const char *vs_test_tmpdir (void);
/* NAME inside it. */
char *vs_test_tmp_path (const char *name);

/* The vpusim binary in the build tree. */
char *vs_test_vpusim_binary (void);

/* Run the vpusim binary with argv (NULL-terminated, without argv[0]);
 * captures stdout/stderr; returns the exit status. */
int vs_test_run_vpusim (const char *const *args, char **out, char **err);
/* The same for a run that must succeed (else the test errors with its
 * stderr); returns its stdout. */
char *vs_test_run_vpusim_ok (const char *const *args);

/* A schedule that cannot finish, written to NAME in the temporary folder:
 * two DMA queues, each head waiting for a barrier only the other queue's
 * later task updates (queues q0, q1; tasks t0..t3; fixed costs). */
char *vs_test_deadlock_schedule (const char *name);

/* The latency_ps member of a `vpusim run --json` report. */
gint64 vs_test_json_latency_ps (const char *report);

/* The same for a run that must fail: with `status`, `message` somewhere in
 * its stderr, nothing on stdout, and none of the files named after it (a
 * NULL-terminated list) written. */
void vs_test_run_vpusim_fails (const char *const *args, int status, const char *message, ...)
    G_GNUC_NULL_TERMINATED;

/* Whether gnuplot is there to draw; if not, the test is skipped (failed
 * under CI=true) and the caller returns.  In tests/test_support_plots.c:
 * it links the plots, which test_api does not. */
gboolean vs_test_gnuplot_or_skip (void);

/* The network recovered from the compiled schedule of the measured run
 * RUN (../shared/npu-runs/RUN/schedule_vpurt.mlir), or NULL (skipped). */
VsNetwork *vs_test_recover_network (const char *run);

/* Replay `schedule` (realistic mode, with `cost` and the `sets` overrides)
 * and write what a profiler would have recorded of it to `profile_path`: a
 * 2025-26 profiling JSON with every named task (DMA, DPU, SHAVE) at its
 * replayed start and duration.  A "measured run" whose truth the test chose. */
void vs_test_write_profile (const char *schedule, const char *cost, const char *const *sets,
                            const char *profile_path);

G_END_DECLS

#endif
