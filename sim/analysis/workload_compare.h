/* SPDX-License-Identifier: Apache-2.0 */
/* workload_compare.h — cost models against DPU workloads measured on silicon
 * (`vpusim compare --workloads`, the VPUNN paper's own experiment).
 *
 * Input: a CSV with the golden-file workload columns (sim/cost/cost_csv.h) and
 * `measured_cycles`, optionally `reference_cycles` (the reference VPUNN
 * library's answer) and `theoretical_cycles` (its theoretical model's).  Each
 * model costs every row: vpunn with the `.vpunn` files (the `model` column's
 * or the device's default), analytical with models/analytical.c (the
 * sanitized workload's theoretical cycles, as every other vpusim analytical
 * cost).  Per model and per operation: the accuracy summary of
 * sim/analysis/accuracy.h over the rows the model answered (error answers are
 * counted and left out), and how many rows reproduce the model's reference
 * column, which checks vpusim's models on these workloads.
 */
#ifndef VS_WORKLOAD_COMPARE_H
#define VS_WORKLOAD_COMPARE_H

#include <glib.h>

#include "models/workload.h"
#include "sim/analysis/accuracy.h"

G_BEGIN_DECLS

typedef enum {
  VS_WORKLOAD_MODEL_VPUNN,
  VS_WORKLOAD_MODEL_ANALYTICAL,
  VS_WORKLOAD_MODEL_COUNT
} VsWorkloadModel;

const char *vs_workload_model_name (VsWorkloadModel m);            /* "vpunn", "analytical" */
const char *vs_workload_model_reference_column (VsWorkloadModel m); /* "reference_cycles", ... */

/* "vpunn,analytical" (NULL: both; "theoretical" is analytical); a usage
 * error in G_OPTION_ERROR naming the bad entry. */
gboolean vs_workload_models_parse (const char *text, gboolean use[VS_WORKLOAD_MODEL_COUNT],
                                   GError **error);

typedef struct {
  gboolean used;
  double *predicted;            /* per row; NaN for an error answer */
  guint errors;                 /* rows answered with an error code */
  guint agree, compared;        /* rows equal to the reference column, rows that have it */
} VsWorkloadModelResult;

typedef struct {
  char *path;                   /* the CSV, as given */
  guint n_rows;
  VsDpuWorkload *workloads;
  double *measured;             /* measured_cycles per row */
  VsWorkloadModelResult models[VS_WORKLOAD_MODEL_COUNT];
} VsWorkloadComparison;

/* Read `path` and cost it with the models in `use`; errors name the file and
 * line (VS_CSV_ERROR) or the model files missing. */
VsWorkloadComparison *vs_workload_comparison_run (const char *path, const char *models_dir,
                                                  const gboolean use[VS_WORKLOAD_MODEL_COUNT],
                                                  GError **error);
void vs_workload_comparison_free (VsWorkloadComparison *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsWorkloadComparison, vs_workload_comparison_free)

/* Accuracy of model `m` over the rows of operation `op` (-1: all rows). */
void vs_workload_comparison_accuracy (const VsWorkloadComparison *c, VsWorkloadModel m, int op,
                                      VsAccuracy *out);

/* The report as text (a table per model and operation) or as JSON
 * (`format: vpusim-workload-comparison`, version 1). */
void vs_workload_comparison_append_text (const VsWorkloadComparison *c, GString *out);
void vs_workload_comparison_append_json (const VsWorkloadComparison *c, GString *out);

G_END_DECLS

#endif /* VS_WORKLOAD_COMPARE_H */
