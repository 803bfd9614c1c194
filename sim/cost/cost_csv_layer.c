/* SPDX-License-Identifier: Apache-2.0 */
/* cost_csv_layer.c — layer rows: parse them, cost them with the layer-level
 * model of their .vpunn file, and write them back (or one as JSON). */
#include "sim/cost/cost_csv_layer.h"

#include <string.h>

#include "models/vpunn/vpunn_dpu.h"
#include "models/vpunn/vpunn_paths.h"
#include "sim/cost/cost_csv.h"

/* ---- one row ---- */

static gboolean
get_u32 (const VsCsvTable *t, guint row, const char *name, gboolean required, guint32 deflt,
         guint32 min, guint32 *out, GError **error)
{
  gint64 v;
  if (!vs_csv_table_named_int (t, row, name, required, deflt, min, G_MAXUINT32, &v, error))
    return FALSE;
  *out = (guint32) v;
  return TRUE;
}

/* A whole-layer tensor: every size at least 1. */
static gboolean
layer_tensor (const VsCsvTable *t, guint row, const char *prefix, VsVpuTensor *out, GError **error)
{
  char name[32];
  int dtype, layout;
#define COL(suffix) (g_snprintf (name, sizeof name, "%s_%s", prefix, suffix), name)
  if (!get_u32 (t, row, COL ("w"), TRUE, 0, 1, &out->w, error) ||
      !get_u32 (t, row, COL ("h"), TRUE, 0, 1, &out->h, error) ||
      !get_u32 (t, row, COL ("c"), TRUE, 0, 1, &out->c, error) ||
      !get_u32 (t, row, COL ("b"), FALSE, 1, 1, &out->b, error) ||
      !vs_csv_table_named_lookup (t, row, COL ("dtype"), TRUE, 0, vs_data_type_names, &dtype,
                                error) ||
      !vs_csv_table_named_lookup (t, row, COL ("layout"), FALSE, VS_LAYOUT_ZXY,
                                vs_layout_names, &layout, error))
    return FALSE;
#undef COL
  out->dtype = dtype;
  out->layout = layout;
  return TRUE;
}

gboolean
vs_cost_csv_layer_row (const VsCsvTable *t, guint row, gboolean strategy_required, VsDpuWorkload *l,
                       VsTilingStrategy *strategy, gboolean *has_strategy, VsLayerContext *ctx,
                       GError **error)
{
  int device, op, act, s = VS_TILING_NONE;
  vs_dpu_layer_init (l);
  memset (ctx, 0, sizeof *ctx);
  *has_strategy = vs_csv_table_column (t, "strategy") >= 0;
  if (!vs_csv_table_named_lookup (t, row, "device", TRUE, 0, vs_vpu_device_names, &device,
                                error) ||
      !vs_csv_table_named_lookup (t, row, "operation", TRUE, 0, vs_dpu_operation_names, &op,
                                error) ||
      !layer_tensor (t, row, "in", &l->input, error) ||
      !layer_tensor (t, row, "out", &l->output, error) ||
      !get_u32 (t, row, "kernel_w", TRUE, 0, 1, &l->kernel_w, error) ||
      !get_u32 (t, row, "kernel_h", TRUE, 0, 1, &l->kernel_h, error) ||
      !get_u32 (t, row, "stride_w", TRUE, 0, 1, &l->stride_w, error) ||
      !get_u32 (t, row, "stride_h", TRUE, 0, 1, &l->stride_h, error) ||
      !get_u32 (t, row, "pad_top", TRUE, 0, 0, &l->pad_top, error) ||
      !get_u32 (t, row, "pad_bottom", TRUE, 0, 0, &l->pad_bottom, error) ||
      !get_u32 (t, row, "pad_left", TRUE, 0, 0, &l->pad_left, error) ||
      !get_u32 (t, row, "pad_right", TRUE, 0, 0, &l->pad_right, error) ||
      !vs_csv_table_named_lookup (t, row, "activation", FALSE, VS_ACT_NONE,
                                vs_activation_names, &act, error) ||
      ((*has_strategy || strategy_required) &&
       !vs_csv_table_named_lookup (t, row, "strategy", TRUE, 0, vs_tiling_strategy_names, &s,
                                 error)) ||
      !get_u32 (t, row, "n_dpu", TRUE, 0, 1, &ctx->n_dpu, error) ||
      !get_u32 (t, row, "n_tiles", TRUE, 0, 1, &ctx->n_tiles, error) ||
      !vs_csv_table_named_bool (t, row, "input_in_ddr", FALSE, FALSE, &ctx->input_in_ddr, error) ||
      !vs_csv_table_named_bool (t, row, "output_in_ddr", FALSE, FALSE, &ctx->output_in_ddr, error) ||
      !vs_csv_table_named_bool (t, row, "prefetching", FALSE, TRUE, &ctx->prefetching, error))
    return FALSE;
  l->device = device;
  l->op = op;
  l->activation = act;
  *strategy = s;
  return TRUE;
}

void
vs_cost_csv_layer_tile_columns (const VsLayerResult *r, GString *tile_cycles, GString *tile_workloads,
                                GString *first_mode)
{
  for (guint i = 0; i < r->n_tiles; i++) {
    g_string_append_printf (tile_cycles, "%s%u", i ? ";" : "", r->tiles[i].cycles);
    g_string_append_printf (tile_workloads, "%s%u", i ? ";" : "", r->tiles[i].n_workloads);
  }
  if (r->n_tiles > 0 && r->tiles[0].n_workloads > 0)
    g_string_append (first_mode, vs_execution_mode_name (r->tiles[0].workloads[0].workload.execution_mode));
}

/* ---- models ---- */

/* The layer model of one .vpunn file. */
typedef struct {
  VsVpunnDpu *dpu;
  VsLayerCost *layer;
} Model;

static void
model_free (gpointer p)
{
  Model *m = p;
  vs_layer_cost_free (m->layer);
  vs_vpunn_dpu_free (m->dpu);
  g_free (m);
}

static VsLayerCost *
model_of_row (GHashTable *models, const char *models_dir, const VsCsvTable *t, guint row,
              VsVpuDevice device, GError **error)
{
  const gint col = vs_csv_table_column (t, "model");
  const char *file = col >= 0 ? vs_csv_table_cell (t, row, (guint) col) : "";
  if (*file == '\0')
    file = vs_vpunn_default_dpu_model (device);
  if (file == NULL) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE,
                 "%s:%u: no default DPU model for device %s; name one in a 'model' column",
                 vs_csv_table_origin (t), vs_csv_table_row_line (t, row), vs_vpu_device_name (device));
    return NULL;
  }
  Model *m = g_hash_table_lookup (models, file);
  if (m != NULL)
    return m->layer;
  VsVpunnDpu *dpu = vs_cost_csv_open_dpu (models_dir, file, t, row, error);
  if (dpu == NULL)
    return NULL;
  m = g_new0 (Model, 1);
  m->dpu = dpu;
  m->layer = vs_layer_cost_new (dpu);
  g_hash_table_insert (models, g_strdup (file), m);
  return m->layer;
}

/* ---- every row ---- */

typedef struct {
  VsDpuWorkload layer;
  VsLayerContext ctx;
  VsTilingStrategy strategy;
  gboolean has_strategy;
  VsLayerCost *model;
} Row;

/* Parse every row before costing any, so a bad row costs nothing. */
static Row *
parse_rows (const char *models_dir, const VsCsvTable *in, const VsLayerCsvOptions *opts,
            GHashTable *models, GError **error)
{
  const guint n = vs_csv_table_n_rows (in);
  g_autofree Row *rows = g_new0 (Row, MAX (n, 1));
  const gboolean required = opts->choice == VS_LAYER_STRATEGY_FROM_ROW;
  for (guint r = 0; r < n; r++) {
    Row *row = &rows[r];
    if (!vs_cost_csv_layer_row (in, r, required, &row->layer, &row->strategy, &row->has_strategy,
                                &row->ctx, error))
      return NULL;
    if (opts->choice == VS_LAYER_STRATEGY_FORCED) {
      row->strategy = opts->forced;
      row->has_strategy = TRUE;
    }
  }
  for (guint r = 0; r < n; r++) {
    rows[r].model = model_of_row (models, models_dir, in, r, rows[r].layer.device, error);
    if (rows[r].model == NULL)
      return NULL;
  }
  return g_steal_pointer (&rows);
}

/* The strategy whose split is reported: the row's, else the best one. */
static VsCycles
cost_row (Row *row, gboolean want_best, VsTilingStrategy *best, VsCycles *best_cycles,
          VsLayerResult *result)
{
  if (want_best || !row->has_strategy) {
    *best_cycles = vs_layer_cost_best (row->model, &row->layer, &row->ctx, best);
    if (!row->has_strategy)
      row->strategy = *best;
  }
  return vs_layer_cost (row->model, &row->layer, row->strategy, &row->ctx, result);
}

static gboolean
reference_equals (const VsCsvTable *t, guint row, const char *column, VsCycles value,
                  guint *agree, guint *compared, GError **error)
{
  gint col = vs_csv_table_column (t, column);
  if (col < 0)
    return TRUE;
  gint64 ref;
  if (!vs_csv_table_get_int (t, row, (guint) col, &ref, error))
    return FALSE;
  (*compared)++;
  if (ref == (gint64) value)
    (*agree)++;
  return TRUE;
}

gboolean
vs_cost_csv_layer (const char *models_dir, VsCsvTable *in, const VsLayerCsvOptions *opts,
                   GString *out_csv, guint *agree, guint *compared, guint *agree_auto,
                   guint *compared_auto, GError **error)
{
  *agree = *compared = *agree_auto = *compared_auto = 0;
  g_autoptr (GHashTable) models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, model_free);
  g_autofree Row *rows = parse_rows (models_dir, in, opts, models, error);
  if (rows == NULL)
    return FALSE;
  const gboolean want_best = opts->choice == VS_LAYER_STRATEGY_AUTO;
  const guint n_cols = vs_csv_table_n_columns (in);

  g_autoptr (GString) line = g_string_new (NULL);
  for (guint c = 0; c < n_cols; c++) {
    if (c > 0)
      g_string_append_c (line, ',');
    vs_csv_append_field (line, vs_csv_table_column_name (in, c));
  }
  g_string_append (line, ",vpusim_cycles,vpusim_tile_cycles,vpusim_tile_workloads,vpusim_tile0_first_mode");
  if (want_best)
    g_string_append (line, ",vpusim_best_strategy,vpusim_best_cycles");
  g_string_append_c (line, '\n');
  g_string_append_len (out_csv, line->str, (gssize) line->len);

  for (guint r = 0; r < vs_csv_table_n_rows (in); r++) {
    VsLayerResult result;
    VsTilingStrategy best = VS_TILING_NONE;
    VsCycles best_cycles = 0;
    VsCycles cycles = cost_row (&rows[r], want_best, &best, &best_cycles, &result);
    g_autoptr (GString) tc = g_string_new (NULL), tw = g_string_new (NULL), fm = g_string_new (NULL);
    vs_cost_csv_layer_tile_columns (&result, tc, tw, fm);
    vs_layer_result_clear (&result);
    g_string_set_size (line, 0);
    for (guint c = 0; c < n_cols; c++) {
      if (c > 0)
        g_string_append_c (line, ',');
      vs_csv_append_field (line, vs_csv_table_cell (in, r, c));
    }
    g_string_append_printf (line, ",%u,%s,%s,%s", cycles, tc->str, tw->str, fm->str);
    if (want_best)
      g_string_append_printf (line, ",%s,%u", vs_tiling_strategy_name (best), best_cycles);
    g_string_append_c (line, '\n');
    g_string_append_len (out_csv, line->str, (gssize) line->len);
    if (!reference_equals (in, r, "reference_cycles", cycles, agree, compared, error) ||
        (want_best && !reference_equals (in, r, "reference_auto_cycles", best_cycles, agree_auto,
                                         compared_auto, error)))
      return FALSE;
  }
  return TRUE;
}

/* ---- one row as JSON ---- */

static void
json_tensor (GString *j, const char *name, const VsVpuTensor *t)
{
  g_string_append_printf (j, "\"%s\": {\"w\": %u, \"h\": %u, \"c\": %u, \"b\": %u, \"dtype\": \"%s\"}",
                          name, t->w, t->h, t->c, t->b, vs_data_type_name (t->dtype));
}

static void
json_share (GString *j, const VsDpuWorkload *w)
{
  json_tensor (j, "input", &w->input);
  g_string_append (j, ", ");
  json_tensor (j, "output", &w->output);
  g_string_append_printf (j, ", \"padding\": [%u, %u, %u, %u], \"isi_strategy\": \"%s\", "
                          "\"output_write_tiles\": %u, \"input_halo\": [%d, %d, %d, %d]",
                          w->pad_top, w->pad_bottom, w->pad_left, w->pad_right,
                          vs_isi_strategy_name (w->isi_strategy), w->output_write_tiles,
                          w->halo_top, w->halo_bottom, w->halo_left, w->halo_right);
}

static void
json_cycles (GString *j, const char *name, VsCycles c)
{
  const char *err = vs_cycles_error_name (c);
  if (err != NULL)
    g_string_append_printf (j, "\"%s\": %u, \"%s_error\": \"%s\"", name, c, name, err);
  else
    g_string_append_printf (j, "\"%s\": %u", name, c);
}

static void
json_result (GString *j, const VsLayerResult *r)
{
  g_string_append_printf (j, "{\"strategy\": \"%s\", ", vs_tiling_strategy_name (r->strategy));
  json_cycles (j, "cycles", r->cycles);
  g_string_append (j, ", ");
  json_cycles (j, "dpu_cycles", r->dpu_cycles);
  g_string_append_printf (j, ", \"weights_dma\": %u, \"input_dma\": %u, \"output_dma\": %u, \"tiles\": [",
                          r->weights_dma, r->input_dma, r->output_dma);
  for (guint t = 0; t < r->n_tiles; t++) {
    const VsLayerTile *tile = &r->tiles[t];
    g_string_append_printf (j, "%s\n    {\"tile\": %u, ", t ? "," : "", t);
    json_cycles (j, "cycles", tile->cycles);
    g_string_append_printf (j, ", \"candidates\": %u, \"weights_dma\": %u, ", tile->n_candidates,
                            tile->weights_dma);
    json_share (j, &tile->layer);
    g_string_append (j, ", \"workloads\": [");
    for (guint k = 0; k < tile->n_workloads; k++) {
      const VsLayerWorkload *w = &tile->workloads[k];
      g_string_append_printf (j, "%s\n      {\"offset\": [%u, %u, %u], \"mode\": \"%s\", ",
                              k ? "," : "", w->offset_w, w->offset_h, w->offset_c,
                              vs_execution_mode_name (w->workload.execution_mode));
      json_cycles (j, "cycles", w->cycles);
      g_string_append (j, ", ");
      json_share (j, &w->workload);
      g_string_append_c (j, '}');
    }
    g_string_append (j, "]}");
  }
  g_string_append (j, "]}");
}

gboolean
vs_cost_csv_layer_json (const char *models_dir, VsCsvTable *in, const VsLayerCsvOptions *opts,
                        GString *out_json, GError **error)
{
  if (vs_csv_table_n_rows (in) != 1) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE,
                 "%s: --json prints the split of one layer, the file has %u rows",
                 vs_csv_table_origin (in), vs_csv_table_n_rows (in));
    return FALSE;
  }
  g_autoptr (GHashTable) models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, model_free);
  g_autofree Row *rows = parse_rows (models_dir, in, opts, models, error);
  if (rows == NULL)
    return FALSE;
  const gboolean want_best = opts->choice == VS_LAYER_STRATEGY_AUTO;
  VsLayerResult result;
  VsTilingStrategy best = VS_TILING_NONE;
  VsCycles best_cycles = 0;
  cost_row (&rows[0], want_best, &best, &best_cycles, &result);
  g_string_append (out_json, "{\"layer\": {");
  json_share (out_json, &rows[0].layer);
  g_string_append_printf (out_json, ", \"device\": \"%s\", \"operation\": \"%s\", \"n_dpu\": %u, "
                          "\"n_tiles\": %u},\n \"result\": ",
                          vs_vpu_device_name (rows[0].layer.device),
                          vs_dpu_operation_name (rows[0].layer.op), rows[0].ctx.n_dpu,
                          rows[0].ctx.n_tiles);
  json_result (out_json, &result);
  vs_layer_result_clear (&result);
  if (want_best) {
    g_string_append_printf (out_json, ",\n \"best_strategy\": \"%s\", ", vs_tiling_strategy_name (best));
    json_cycles (out_json, "best_cycles", best_cycles);
  }
  g_string_append (out_json, "}\n");
  return TRUE;
}
