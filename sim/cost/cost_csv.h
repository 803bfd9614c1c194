/* SPDX-License-Identifier: Apache-2.0 */
/* cost_csv.h — the library behind `vpusim cost {dpu|dma|shave}`: cost every
 * workload row of a CSV (the golden-file format of ../shared/vpunn/README.md) with a cost model and write the rows back with a
 * `vpusim_cycles` column.  When the input has `reference_cycles`, the last
 * line of stdout is "A/N rows agree with reference_cycles".
 *
 * Each workload kind is one function with the signature below: it reads
 * every row of `in` (errors name file, line and column), costs them, and
 * appends the whole output CSV to `out_csv`; *agree / *compared count the
 * rows whose answer equals reference_cycles (both 0 without that column).
 * It returns FALSE with `error` set on any row it cannot parse; the command
 * then writes nothing.
 */
#ifndef VS_COST_CSV_H
#define VS_COST_CSV_H

#include <glib.h>
#include <stdio.h>

#include "models/workload.h"
#include "sim/base/csv_table.h"

G_BEGIN_DECLS

typedef gboolean (*VsCostCsvFunc) (const char *models_dir, VsCsvTable *in, GString *out_csv,
                                   guint *agree, guint *compared, GError **error);

/* DPU rows (sim/cost/cost_csv_dpu.c): the `model` column names the .vpunn file, looked
 * up in the models folders (models/vpunn/vpunn_paths.h); without it, the
 * device's default file.  A model file that cannot be found or loaded is an
 * error. */
gboolean vs_cost_csv_dpu (const char *models_dir, VsCsvTable *in, GString *out_csv,
                          guint *agree, guint *compared, GError **error);
/* DMA rows (sim/cost/cost_csv_dma.c) and SHAVE rows (sim/cost/cost_csv_shave.c). */
gboolean vs_cost_csv_dma (const char *models_dir, VsCsvTable *in, GString *out_csv,
                          guint *agree, guint *compared, GError **error);
gboolean vs_cost_csv_shave (const char *models_dir, VsCsvTable *in, GString *out_csv,
                            guint *agree, guint *compared, GError **error);
/* SHAVE rows through VPUNN's fitted operator models (`cost shave
 * --shave-model fitted`); `models_dir` is not used (built-in coefficients). */
gboolean vs_cost_csv_shave_fitted (const char *models_dir, VsCsvTable *in, GString *out_csv,
                                   guint *agree, guint *compared, GError **error);

/* Shared by the kinds (sim/cost/cost_csv_session.c): append the header and
 * the rows of `t` with a vpusim_cycles column holding cycles[row], and count
 * agreement with a reference_cycles column if there is one. */
gboolean vs_cost_csv_write_rows (const VsCsvTable *t, const VsCycles *cycles, GString *out_csv,
                                 guint *agree, guint *compared, GError **error);

/* ---- streaming (sim/cost/cost_csv_session.c) ----
 * A session holds one kind's models, loaded once and kept with their
 * caches across the chunks of a file.  vs_cost_csv_stream reads IN, costs
 * it in chunks of VS_COST_CSV_CHUNK_ROWS rows and writes each chunk's output
 * rows to `out` as soon as they are costed: memory stays bounded (the CSV
 * reader's window, one chunk, the models and their caches) whatever the
 * file size, and the output is byte for byte what the whole-table functions
 * give.  On an error `out` holds a partial output: the caller writes to a
 * staged file and keeps it only on success. */
typedef enum {
  VS_COST_CSV_DPU,
  VS_COST_CSV_DMA,
  VS_COST_CSV_SHAVE,
  VS_COST_CSV_SHAVE_FITTED,
} VsCostCsvKind;

#define VS_COST_CSV_CHUNK_ROWS 8192

typedef struct VsCostCsvSession VsCostCsvSession;
VsCostCsvSession *vs_cost_csv_session_new (VsCostCsvKind kind, const char *models_dir,
                                           const VsCsvTable *header, GError **error);
gboolean vs_cost_csv_session_cost (VsCostCsvSession *session, const VsCsvTable *rows,
                                   VsCycles *cycles, GError **error);
void vs_cost_csv_session_free (VsCostCsvSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsCostCsvSession, vs_cost_csv_session_free)

typedef struct {
  guint64 rows, agree, compared;
  gboolean has_reference;         /* the input has a reference_cycles column */
} VsCostCsvSummary;

gboolean vs_cost_csv_stream (VsCostCsvKind kind, const char *models_dir, const char *in_path,
                             FILE *out, VsCostCsvSummary *summary, GError **error);

/* One DPU workload from row `row` of a golden-format table.  Required
 * columns: device, operation, in_w, in_h, in_c, in_dtype, out_w, out_h,
 * out_c, out_dtype, kernel_w, kernel_h, stride_w, stride_h, pad_top,
 * pad_bottom, pad_left, pad_right, execution_mode.  Others take the
 * reference's defaults when absent (batch 1, layout ZXY, no sparsity,
 * activation NONE, swizzling KEY_5, owt 1, Clustering, no halo). */
/* A tensor from the columns PREFIX_w, _h, _c, _dtype and the optional _b (1),
 * _layout (ZXY) and _sparse (0). */
gboolean vs_cost_csv_tensor (const VsCsvTable *t, guint row, const char *prefix, VsVpuTensor *out,
                             GError **error);

gboolean vs_cost_csv_dpu_row (const VsCsvTable *t, guint row, VsDpuWorkload *w, GError **error);

/* The DPU model `file` (found in models_dir, DESIGN.md §7) that row `row`
 * names, loaded; NULL with an error "FILE:LINE: DPU model 'F': why" when it
 * cannot be found or read.  The DPU and layer rows open their models here. */
struct VsVpunnDpu *vs_cost_csv_open_dpu (const char *models_dir, const char *file,
                                         const VsCsvTable *t, guint row, GError **error);

/* Parse every row of a DPU workload CSV into w[] and cost it with VPUNN (the
 * `model` column's file, else the device's default) into cycles[]; both hold
 * vs_csv_table_n_rows entries.  Errors name the file and line. */
gboolean vs_cost_csv_dpu_cycles (const char *models_dir, const VsCsvTable *in, VsDpuWorkload *w,
                                 VsCycles *cycles, GError **error);

G_END_DECLS

#endif /* VS_COST_CSV_H */
