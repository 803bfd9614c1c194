/* SPDX-License-Identifier: Apache-2.0 */
/* test_layer_cost.c — the layer-level VPUNN cost against the reference's own
 * answers: every row of ../shared/vpunn/golden/layer_vpu_2_7_4_0.csv, its
 * cycles (error codes included), per-tile best costs, workload counts and
 * tile 0's first MPE mode, and the strategy-less best cost; plus the inter-
 * tile splits and the API's edge cases on hand-made layers. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "models/vpunn/layer.h"
#include "models/vpunn/layer_split.h"
#include "models/vpunn/layer_tiles.h"
#include "models/vpunn/vpunn_dpu.h"
#include "sim/base/csv_table.h"
#include "sim/cost/cost_csv_layer.h"
#include "tests/test_support.h"

/* Every row, per strategy and (when `best`) strategy-less. */
static void
check_golden (gboolean best)
{
  g_autoptr (VsCsvTable) t = vs_test_golden_csv ("layer_vpu_2_7_4_0.csv");
  if (t == NULL)
    return;
  g_autoptr (VsVpunnDpu) dpu27 = vs_test_vpunn_dpu ("vpu_2_7.vpunn");
  g_autoptr (VsVpunnDpu) dpu40 = vs_test_vpunn_dpu ("vpu_4_0.vpunn");
  if (dpu27 == NULL || dpu40 == NULL)
    return;
  g_autoptr (VsLayerCost) lc27 = vs_layer_cost_new (dpu27);
  g_autoptr (VsLayerCost) lc40 = vs_layer_cost_new (dpu40);
  guint n = vs_csv_table_n_rows (t), bad = 0;
  g_assert_cmpuint (n, >=, 500);
  for (guint r = 0; r < n; r++) {
    VsDpuWorkload layer;
    VsTilingStrategy strategy;
    gboolean has_strategy;
    VsLayerContext ctx;
    g_autoptr (GError) error = NULL;
    g_assert_true (vs_cost_csv_layer_row (t, r, TRUE, &layer, &strategy, &has_strategy, &ctx, &error));
    g_assert_no_error (error);
    const char *model = vs_test_csv_cell (t, r, "model");
    VsLayerCost *lc = strcmp (model, "vpu_2_7.vpunn") == 0 ? lc27 : lc40;
    g_assert_true (strcmp (model, "vpu_2_7.vpunn") == 0 || strcmp (model, "vpu_4_0.vpunn") == 0);
    if (best) {
      VsCycles c = vs_layer_cost_best (lc, &layer, &ctx, NULL);
      g_autofree char *got = g_strdup_printf ("%u", c);
      if (strcmp (got, vs_test_csv_cell (t, r, "reference_auto_cycles")) != 0) {
        if (bad++ < 10)
          g_printerr ("line %u: best %s, reference_auto_cycles %s\n", vs_csv_table_row_line (t, r), got,
                      vs_test_csv_cell (t, r, "reference_auto_cycles"));
      }
      continue;
    }
    VsLayerResult res;
    VsCycles c = vs_layer_cost (lc, &layer, strategy, &ctx, &res);
    g_autoptr (GString) tc = g_string_new (NULL), tw = g_string_new (NULL), fm = g_string_new (NULL);
    vs_cost_csv_layer_tile_columns (&res, tc, tw, fm);
    vs_layer_result_clear (&res);
    g_autofree char *got = g_strdup_printf ("%u", c);
    if (strcmp (got, vs_test_csv_cell (t, r, "reference_cycles")) != 0 || strcmp (tc->str, vs_test_csv_cell (t, r, "tile_cycles")) != 0 ||
        strcmp (tw->str, vs_test_csv_cell (t, r, "tile_workloads")) != 0 ||
        strcmp (fm->str, vs_test_csv_cell (t, r, "tile0_first_mode")) != 0) {
      if (bad++ < 10)
        g_printerr ("line %u %s %s %s n_tiles %u: got %s [%s] [%s] [%s], reference %s [%s] [%s] [%s]\n",
                    vs_csv_table_row_line (t, r), model, vs_test_csv_cell (t, r, "operation"),
                    vs_test_csv_cell (t, r, "strategy"), ctx.n_tiles, got, tc->str, tw->str, fm->str,
                    vs_test_csv_cell (t, r, "reference_cycles"), vs_test_csv_cell (t, r, "tile_cycles"),
                    vs_test_csv_cell (t, r, "tile_workloads"), vs_test_csv_cell (t, r, "tile0_first_mode"));
    }
  }
  if (bad > 0)
    g_printerr ("%u of %u rows differ\n", bad, n);
  g_assert_cmpuint (bad, ==, 0);
}

static void
test_golden_per_strategy (void)
{
  check_golden (FALSE);
}

static void
test_golden_best (void)
{
  check_golden (TRUE);
}

/* A 3x3 convolution on NPU 4.0: 64 -> 80 channels, 16x10 output, padding 1. */
static VsDpuWorkload
conv_layer (void)
{
  VsDpuWorkload l;
  vs_dpu_layer_init (&l);
  l.device = VS_DEVICE_VPU_4_0;
  l.op = VS_OP_CONVOLUTION;
  l.input = (VsVpuTensor) { 16, 10, 64, 1, VS_DTYPE_UINT8, VS_LAYOUT_ZXY, FALSE };
  l.output = (VsVpuTensor) { 16, 10, 80, 1, VS_DTYPE_UINT8, VS_LAYOUT_ZXY, FALSE };
  l.kernel_w = l.kernel_h = 3;
  l.stride_w = l.stride_h = 1;
  l.pad_top = l.pad_bottom = l.pad_left = l.pad_right = 1;
  return l;
}

static void
test_tiles_soho (void)
{
  VsDpuWorkload l = conv_layer (), tiles[3];
  g_assert_cmpuint (vs_layer_split_tiles (&l, VS_TILING_SOH_OVERLAPPED, 3, tiles), ==, 3);
  /* rows 4, 4, 2; inner cuts without padding, each tile reads one row beyond its cut */
  guint32 out_h[] = { 4, 4, 2 }, in_h[] = { 5, 6, 3 }, pad_t[] = { 1, 0, 0 }, pad_b[] = { 0, 0, 1 };
  for (guint i = 0; i < 3; i++) {
    g_assert_cmpuint (tiles[i].output.h, ==, out_h[i]);
    g_assert_cmpuint (tiles[i].input.h, ==, in_h[i]);
    g_assert_cmpuint (tiles[i].pad_top, ==, pad_t[i]);
    g_assert_cmpuint (tiles[i].pad_bottom, ==, pad_b[i]);
    g_assert_cmpuint (tiles[i].output_write_tiles, ==, 1);
    g_assert_cmpint (tiles[i].isi_strategy, ==, VS_ISI_CLUSTERING);
  }
  /* with the output broadcast every tile holds the whole output */
  g_assert_cmpuint (vs_layer_split_tiles (&l, VS_TILING_SOHO_K_SWITCH, 3, tiles), ==, 3);
  g_assert_cmpuint (tiles[1].output_write_tiles, ==, 3);
  g_assert_cmpint (tiles[1].out_halo_top, ==, 4);
  g_assert_cmpint (tiles[1].out_halo_bottom, ==, 2);
}

static void
test_tiles_halo_read (void)
{
  /* 10 output rows of a 3x3 convolution on 2 tiles: each computes 5 rows from 6
   * input rows; of the 2 rows both need, each keeps one in memory and reads
   * the other from its neighbour */
  VsDpuWorkload l = conv_layer (), tiles[2];
  l.device = VS_DEVICE_VPU_2_7;
  g_assert_cmpuint (vs_layer_split_tiles (&l, VS_TILING_SOH_HALO_READ, 2, tiles), ==, 2);
  g_assert_cmpuint (tiles[0].input.h, ==, 6);
  g_assert_cmpuint (tiles[1].input.h, ==, 6);
  g_assert_cmpint (tiles[0].halo_top, ==, 0);
  g_assert_cmpint (tiles[0].halo_bottom, ==, 1);
  g_assert_cmpint (tiles[1].halo_top, ==, 1);
  g_assert_cmpint (tiles[1].halo_bottom, ==, 0);
  g_assert_cmpuint (tiles[0].pad_top, ==, 1);
  g_assert_cmpuint (tiles[0].pad_bottom, ==, 0);
  g_assert_cmpuint (tiles[1].pad_top, ==, 0);
  g_assert_cmpuint (tiles[1].pad_bottom, ==, 1);
  g_assert_cmpint (tiles[1].isi_strategy, ==, VS_ISI_SPLIT_OVER_H);
  /* SOW cuts columns the way SOHO cuts rows */
  g_assert_cmpuint (vs_layer_split_tiles (&l, VS_TILING_SOW, 2, tiles), ==, 2);
  g_assert_cmpuint (tiles[0].output.w, ==, 8);
  g_assert_cmpuint (tiles[0].input.w, ==, 9);
  g_assert_cmpuint (tiles[0].pad_right, ==, 0);
  g_assert_cmpuint (tiles[1].pad_left, ==, 0);
  g_assert_cmpuint (tiles[1].pad_right, ==, 1);
}

static void
test_tiles_sok (void)
{
  VsDpuWorkload l = conv_layer (), tiles[6];
  /* 80 channels on 3 tiles: slices of 32, 32, 16, broadcast to 3 tiles */
  g_assert_cmpuint (vs_layer_split_tiles (&l, VS_TILING_SOK, 3, tiles), ==, 3);
  g_assert_cmpuint (tiles[0].output.c, ==, 32);
  g_assert_cmpuint (tiles[2].output.c, ==, 16);
  g_assert_cmpuint (tiles[2].input.c, ==, 64);
  g_assert_cmpuint (tiles[1].output_write_tiles, ==, 3);
  g_assert_cmpint (tiles[1].isi_strategy, ==, VS_ISI_SPLIT_OVER_K);
  g_assert_cmpint (tiles[1].out_halo_front, ==, 32);
  g_assert_cmpint (tiles[1].out_halo_back, ==, 16);
  /* on 6 tiles the 16-channel slices run out after 5: one tile fewer, owt follows */
  g_assert_cmpuint (vs_layer_split_tiles (&l, VS_TILING_SOK, 6, tiles), ==, 5);
  g_assert_cmpuint (tiles[4].output_write_tiles, ==, 5);
  /* strategies the reference does not implement give no split */
  g_assert_cmpuint (vs_layer_split_tiles (&l, VS_TILING_SOHW, 4, tiles), ==, 0);
  g_assert_cmpuint (vs_layer_split_tiles (&l, VS_TILING_SOHK, 4, tiles), ==, 0);
}

static void
test_split_candidates (void)
{
  /* a depthwise tile of 96 channels on one DPU: Z cuts of 16/32/64 only */
  VsDpuWorkload l = conv_layer ();
  l.op = VS_OP_DW_CONVOLUTION;
  l.input.c = l.output.c = 96;
  g_autoptr (GArray) cand = g_array_new (FALSE, FALSE, sizeof (VsSplitCandidate));
  g_autoptr (GArray) wl = g_array_new (FALSE, FALSE, sizeof (VsLayerWorkload));
  vs_layer_split_candidates (&l, 1, 128, cand, wl);
  g_assert_cmpuint (cand->len, >, 1);
  for (guint i = 0; i < wl->len; i++) {
    const VsLayerWorkload *w = &g_array_index (wl, VsLayerWorkload, i);
    g_assert_cmpint (w->workload.execution_mode, ==, VS_EXEC_CUBOID_16x16);
    if (g_array_index (cand, VsSplitCandidate, 0).n != 1 || i > 0)
      g_assert_true (w->workload.output.c == 16 || w->workload.output.c == 32 ||
                     w->workload.output.c == 64 || w->workload.output.c == 96);
    g_assert_cmpuint (w->workload.input.c, ==, w->workload.output.c);
  }
  /* a convolution on one DPU is not cut, in each of its three modes */
  g_array_set_size (cand, 0);
  g_array_set_size (wl, 0);
  l = conv_layer ();
  vs_layer_split_candidates (&l, 1, 128, cand, wl);
  g_assert_cmpuint (cand->len, ==, 3);
  /* on two DPUs the HW cuts come first */
  g_array_set_size (cand, 0);
  g_array_set_size (wl, 0);
  vs_layer_split_candidates (&l, 2, 128, cand, wl);
  g_assert_cmpuint (cand->len, >, 6);
  g_assert_cmpuint (g_array_index (wl, VsLayerWorkload, 1).offset_c, ==, 0);
}

static void
test_errors_and_detail (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VsVpunnDpu) dpu = vs_vpunn_dpu_new (NULL, &error);   /* theoretical cycles */
  g_assert_no_error (error);
  g_autoptr (VsLayerCost) lc = vs_layer_cost_new (dpu);
  VsDpuWorkload l = conv_layer ();
  VsLayerContext ctx = { 1, 0, FALSE, FALSE, TRUE };
  g_assert_cmpuint (vs_layer_cost (lc, &l, VS_TILING_NONE, &ctx, NULL), ==, VS_ERROR_L2_INVALID_PARAMETERS);
  ctx.n_tiles = 4;
  g_assert_cmpuint (vs_layer_cost (lc, &l, VS_TILING_SOHW, &ctx, NULL), ==, VS_ERROR_TILE_OUTPUT);
  /* SOK needs 32 output channels at least */
  VsDpuWorkload narrow = l;
  narrow.output.c = 16;
  g_assert_cmpuint (vs_layer_cost (lc, &narrow, VS_TILING_SOK, &ctx, NULL), ==,
                    VS_ERROR_INVALID_LAYER_CONFIGURATION);
  /* NPU 2.7 writes to at most two tiles */
  VsDpuWorkload on27 = l;
  on27.device = VS_DEVICE_VPU_2_7;
  g_assert_cmpuint (vs_layer_cost (lc, &on27, VS_TILING_NONE, &ctx, NULL), ==,
                    VS_ERROR_INVALID_LAYER_CONFIGURATION);
  VsDpuWorkload on50 = l;
  on50.device = VS_DEVICE_NPU_5_0;
  g_assert_cmpuint (vs_layer_cost (lc, &on50, VS_TILING_NONE, &ctx, NULL), ==, VS_ERROR_INVALID_INPUT_DEVICE);

  /* the detailed split: the slowest tile is the DPU cost, DMA terms add up */
  ctx.prefetching = FALSE;
  ctx.input_in_ddr = ctx.output_in_ddr = TRUE;
  VsLayerResult r;
  VsCycles c = vs_layer_cost (lc, &l, VS_TILING_SOK, &ctx, &r);
  g_assert_false (VS_CYCLES_IS_ERROR (c));
  g_assert_cmpuint (r.n_tiles, ==, 3);
  VsCycles slowest = 0;
  for (guint t = 0; t < r.n_tiles; t++) {
    VsCycles sum = 0;
    for (guint k = 0; k < r.tiles[t].n_workloads; k++)
      sum += r.tiles[t].workloads[k].cycles;
    g_assert_cmpuint (sum, ==, r.tiles[t].cycles);   /* one DPU per tile on NPU 4.0 */
    g_assert_cmpuint (r.tiles[t].weights_dma, >, 0);
    slowest = MAX (slowest, r.tiles[t].cycles);
  }
  g_assert_cmpuint (r.dpu_cycles, ==, slowest);
  g_assert_cmpuint (r.input_dma, >, 0);
  g_assert_cmpuint (r.output_dma, >, 0);
  g_assert_cmpuint (c, ==, slowest + r.weights_dma + r.input_dma + r.output_dma);
  vs_layer_result_clear (&r);

  /* the best strategy is one of the device's and costs what it reports */
  VsTilingStrategy best;
  VsCycles b = vs_layer_cost_best (lc, &l, &ctx, &best);
  g_assert_cmpuint (b, ==, vs_layer_cost (lc, &l, best, &ctx, NULL));
  g_assert_cmpuint (b, <=, vs_layer_cost (lc, &l, VS_TILING_NONE, &ctx, NULL));

  /* batched or one at a time, with HW cuts for 4 DPUs: the same answers */
  ctx.n_dpu = 4;
  for (guint s = 0; s < VS_TILING_COUNT; s++) {
    VsCycles batched = vs_layer_cost (lc, &l, s, &ctx, NULL);
    vs_layer_cost_set_batching (lc, FALSE);
    g_assert_cmpuint (vs_layer_cost (lc, &l, s, &ctx, NULL), ==, batched);
    vs_layer_cost_set_batching (lc, TRUE);
  }
}

static void
test_strategy_names (void)
{
  for (guint s = 0; s < VS_TILING_COUNT; s++) {
    VsTilingStrategy back;
    g_assert_true (vs_tiling_strategy_from_name (vs_tiling_strategy_name (s), &back));
    g_assert_cmpint (back, ==, s);
  }
  VsTilingStrategy x;
  g_assert_false (vs_tiling_strategy_from_name ("SOX", &x));
  g_assert_null (vs_tiling_strategy_name (VS_TILING_COUNT));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layer-cost/golden/per-strategy", test_golden_per_strategy);
  g_test_add_func ("/layer-cost/golden/best", test_golden_best);
  g_test_add_func ("/layer-cost/tiles/soho", test_tiles_soho);
  g_test_add_func ("/layer-cost/tiles/sok", test_tiles_sok);
  g_test_add_func ("/layer-cost/tiles/halo-read-and-sow", test_tiles_halo_read);
  g_test_add_func ("/layer-cost/split/candidates", test_split_candidates);
  g_test_add_func ("/layer-cost/errors-and-detail", test_errors_and_detail);
  g_test_add_func ("/layer-cost/strategy-names", test_strategy_names);
  return g_test_run ();
}
