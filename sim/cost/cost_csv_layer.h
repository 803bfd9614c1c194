/* SPDX-License-Identifier: Apache-2.0 */
/* cost_csv_layer.h — the library behind `vpusim cost layer`: one DPU layer per
 * CSV row (the columns of ../shared/vpunn/golden/layer_vpu_2_7_4_0.csv),
 * costed by the layer-level VPUNN API (models/vpunn/layer.h).
 *
 * Row columns: model (the .vpunn file; else the device's default), device,
 * operation, in_w, in_h, in_c, in_dtype, out_w, out_h, out_c, out_dtype,
 * kernel_w, kernel_h, stride_w, stride_h, pad_top, pad_bottom, pad_left,
 * pad_right, strategy, n_dpu, n_tiles; optional: in_b/out_b (1),
 * in_layout/out_layout (ZXY), activation (NONE), input_in_ddr,
 * output_in_ddr (0), prefetching (1).  Sizes, kernels, strides, n_dpu and
 * n_tiles must be at least 1.  Any bad cell is an error naming the file,
 * line and column, and nothing is costed.
 */
#ifndef VS_COST_CSV_LAYER_H
#define VS_COST_CSV_LAYER_H

#include <glib.h>

#include "models/vpunn/layer.h"
#include "sim/base/csv_table.h"

G_BEGIN_DECLS

/* How the strategy of each row is chosen. */
typedef enum {
  VS_LAYER_STRATEGY_FROM_ROW,    /* the `strategy` column (required) */
  VS_LAYER_STRATEGY_FORCED,      /* one strategy for every row */
  VS_LAYER_STRATEGY_AUTO,        /* the row's strategy when it has one, plus the best strategy */
} VsLayerStrategyChoice;

typedef struct {
  VsLayerStrategyChoice choice;
  VsTilingStrategy forced;       /* for VS_LAYER_STRATEGY_FORCED */
} VsLayerCsvOptions;

/* One row: the layer, its strategy (*has_strategy FALSE when the row has no
 * strategy column and `strategy_required` is FALSE) and its context. */
gboolean vs_cost_csv_layer_row (const VsCsvTable *t, guint row, gboolean strategy_required,
                                VsDpuWorkload *layer, VsTilingStrategy *strategy,
                                gboolean *has_strategy, VsLayerContext *ctx, GError **error);

/* The per-tile columns of a detailed result: tile cycles and workload counts
 * joined by ';', and the MPE mode of tile 0's first workload ("" if none). */
void vs_cost_csv_layer_tile_columns (const VsLayerResult *r, GString *tile_cycles,
                                     GString *tile_workloads, GString *first_mode);

/* Cost every row and append the output CSV (input columns plus
 * vpusim_cycles, vpusim_tile_cycles, vpusim_tile_workloads,
 * vpusim_tile0_first_mode, and with AUTO vpusim_best_strategy,
 * vpusim_best_cycles).  *agree / *compared count rows whose vpusim_cycles
 * equals reference_cycles (and, with AUTO, whose best cost equals
 * reference_auto_cycles, in *agree_auto / *compared_auto). */
gboolean vs_cost_csv_layer (const char *models_dir, VsCsvTable *in, const VsLayerCsvOptions *opts,
                            GString *out_csv, guint *agree, guint *compared, guint *agree_auto,
                            guint *compared_auto, GError **error);

/* The whole split of a one-row table as JSON (tiles, their shares, the best
 * workloads with boxes, modes and cycles, the DMA terms). */
gboolean vs_cost_csv_layer_json (const char *models_dir, VsCsvTable *in, const VsLayerCsvOptions *opts,
                                 GString *out_json, GError **error);

G_END_DECLS

#endif
