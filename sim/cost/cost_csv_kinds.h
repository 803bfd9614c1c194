/* SPDX-License-Identifier: Apache-2.0 */
/* cost_csv_kinds.h — what each workload kind of CSV costing provides to
 * the sessions of cost_csv.h (private to sim/cost).
 *
 * open() sees the header (column names, no rows) and loads what the kind
 * needs once; cost() parses and costs the rows of one table (a whole file or
 * one chunk of it) into cycles[], keeping models and their caches for the
 * next call; errors name the file and line.  close() frees the state. */
#ifndef VS_COST_CSV_KINDS_H
#define VS_COST_CSV_KINDS_H

#include "sim/cost/cost_csv.h"

G_BEGIN_DECLS

typedef struct {
  gpointer (*open) (const char *models_dir, const VsCsvTable *header, GError **error);
  gboolean (*cost) (gpointer state, const VsCsvTable *rows, VsCycles *cycles, GError **error);
  void (*close) (gpointer state);
} VsCostCsvKindOps;

extern const VsCostCsvKindOps vs_cost_csv_dpu_ops;           /* cost_csv_dpu.c */
extern const VsCostCsvKindOps vs_cost_csv_dma_ops;           /* cost_csv_dma.c */
extern const VsCostCsvKindOps vs_cost_csv_shave_ops;         /* cost_csv_shave.c */
extern const VsCostCsvKindOps vs_cost_csv_shave_fitted_ops;  /* cost_csv_shave.c */

G_END_DECLS

#endif /* VS_COST_CSV_KINDS_H */
