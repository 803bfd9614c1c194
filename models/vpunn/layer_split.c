/* SPDX-License-Identifier: Apache-2.0 */
/* layer_split.c — candidate intra-tile splits: workload counts per algorithm
 * and the cut of a tile into workload boxes. */
#include "models/vpunn/layer_split.h"

#include <math.h>
#include <string.h>

#include "models/vpunn/layer_tiles.h"

enum { GRID_Z = 16 };

guint
vs_layer_split_modes (VsDpuOperation op, VsExecutionMode modes[3])
{
  switch (op) {
  case VS_OP_CM_CONVOLUTION: case VS_OP_DW_CONVOLUTION: case VS_OP_AVEPOOL: case VS_OP_MAXPOOL:
    modes[0] = VS_EXEC_CUBOID_16x16;
    return 1;
  case VS_OP_ELTWISE:
    modes[0] = VS_EXEC_CUBOID_8x16;
    return 1;
  default:
    modes[0] = VS_EXEC_CUBOID_16x16;
    modes[1] = VS_EXEC_CUBOID_8x16;
    modes[2] = VS_EXEC_CUBOID_4x16;
    return 3;
  }
}

/* The MPE grid in W and H (mpe_mode_to_grid). */
static void
mode_grid (VsExecutionMode m, guint32 *gx, guint32 *gy)
{
  switch (m) {
  case VS_EXEC_VECTOR: *gx = 16; *gy = 1; break;
  case VS_EXEC_VECTOR_FP16: *gx = 4; *gy = 1; break;
  default: *gx = 4; *gy = 4; break;
  }
}

static guint32
ceil_div (guint32 a, guint32 b)
{
  return (a + b - 1) / b;
}

static guint32
round_up (guint32 a, guint32 b)
{
  return ceil_div (a, b) * b;
}

/* Operations whose workloads hold at most 64 channels: Z tiling only, and
 * only in 16, 32 or 64 channel slices. */
static gboolean
limited_channels (const VsDpuWorkload *t)
{
  return t->device >= VS_DEVICE_VPU_2_7 &&
         (t->op == VS_OP_MAXPOOL || t->op == VS_OP_DW_CONVOLUTION || t->op == VS_OP_AVEPOOL);
}

/* ---- workload counts ---- */

/* A set of counts 1..max as flags. */
typedef struct {
  gboolean *has;
  guint max;
} CountSet;

static void
count_add (CountSet *s, guint n)
{
  if (n >= 1 && n <= s->max)
    s->has[n] = TRUE;
}

/* The reference's getSplitsFromRange: the range halved while it divides,
 * kept when not above the limit. */
static void
add_halvings (CountSet *s, guint range, guint limit)
{
  for (guint idx = 0; (double) idx < log2 ((double) range); idx++) {
    guint p = 1u << idx;
    if (range % p == 0 && range / p <= limit)
      count_add (s, range / p);
  }
}

static void
add_multiples (CountSet *s, guint n_dpu, guint limit)
{
  for (guint i = n_dpu; i < limit + 1; i += n_dpu)
    count_add (s, i);
}

static guint
z_counts (const VsDpuWorkload *t, guint n_dpu, guint max_workloads, VsExecutionMode mode, CountSet *s)
{
  const VsDpuOperation op = t->op;
  if (n_dpu == 1 && (op == VS_OP_CONVOLUTION || op == VS_OP_ELTWISE || op == VS_OP_CM_CONVOLUTION ||
                     op == VS_OP_LAYER_NORM || op == VS_OP_ELTWISE_MUL)) {
    count_add (s, 1);
    return 1;
  }
  if (t->device == VS_DEVICE_VPU_2_0 && mode != VS_EXEC_VECTOR && op != VS_OP_CONVOLUTION) {
    count_add (s, 1);
    return 1;
  }
  guint splits[8], max_z = 0, k = 0;
  for (guint e = 4; e < 8; e++) {
    guint32 tiles[2] = { 1u << e, (1u << e) + 16 };
    for (guint j = 0; j < 2; j++) {
      splits[k] = (guint) ceil (t->output.c / (double) tiles[j]);
      max_z = MAX (max_z, splits[k]);
      k++;
    }
  }
  guint limit = MIN (max_workloads, max_z);
  add_multiples (s, n_dpu, limit);
  for (guint j = 0; j < k; j++)
    add_halvings (s, splits[j], limit);
  count_add (s, 1);
  return limit;
}

static void
hw_counts (const VsDpuWorkload *t, guint n_dpu, guint max_workloads, VsExecutionMode mode, CountSet *s)
{
  count_add (s, 1);
  if (n_dpu == 1)
    return;
  guint32 gx, gy;
  mode_grid (mode, &gx, &gy);
  /* (integer divisions, as the reference writes it) */
  guint max_xy = (t->output.h / gx) * (t->output.w / gy);
  guint limit = MIN (max_workloads, max_xy);
  add_multiples (s, n_dpu, limit);
  add_halvings (s, max_xy, limit);
}

/* ---- cutting a tile ---- */

/* The input a workload's output needs; channels of spanning kernels stay. */
static void
infer_input (VsDpuWorkload *w, const VsDpuWorkload *tile)
{
  VsVpuTensor in = tile->input;
  in.w = vs_layer_input_extent (w->output.w, w->kernel_w, w->pad_left + w->pad_right, w->stride_w);
  in.h = vs_layer_input_extent (w->output.h, w->kernel_h, w->pad_top + w->pad_bottom, w->stride_h);
  in.c = (w->op == VS_OP_CONVOLUTION || w->op == VS_OP_CM_CONVOLUTION) ? w->input.c : w->output.c;
  in.b = w->output.b;
  w->input = in;
  w->halo_top = MIN (w->halo_top, (gint32) in.h);
  w->halo_bottom = MIN (w->halo_bottom, (gint32) in.h);
  w->halo_left = MIN (w->halo_left, (gint32) in.w);
  w->halo_right = MIN (w->halo_right, (gint32) in.w);
}

static void
push_workload (GArray *workloads, const VsDpuWorkload *w, const VsDpuWorkload *tile, VsExecutionMode mode,
               guint32 ow, guint32 oh, guint32 oc)
{
  VsLayerWorkload lw = { ow, oh, oc, *w, 0 };
  lw.workload.execution_mode = mode;
  infer_input (&lw.workload, tile);
  g_array_append_val (workloads, lw);
}

static void
push_candidate (GArray *candidates, guint first, guint n, VsExecutionMode mode)
{
  VsSplitCandidate c = { first, n, mode };
  g_array_append_val (candidates, c);
}

static void
split_z (const VsDpuWorkload *tile, VsExecutionMode mode, guint n, GArray *candidates, GArray *workloads)
{
  const guint32 all = tile->output.c;
  if (all < GRID_Z || all % GRID_Z != 0)
    return;
  const gboolean limited = limited_channels (tile);
  const guint32 max_z = round_up (ceil_div (all, n), GRID_Z);
  const guint first = workloads->len;
  guint32 left = all;
  for (guint i = 0; i < n; i++) {
    const guint32 c = left > max_z ? max_z : left;
    const guint32 offset = i * max_z;
    if (c % GRID_Z != 0 || (limited && c != 16 && c != 32 && c != 64)) {
      g_array_set_size (workloads, first);
      return;
    }
    VsDpuWorkload w = *tile;
    w.output.c = c;
    w.output.b = 1;
    w.out_halo_front = tile->out_halo_front + (gint32) offset;
    w.out_halo_back = tile->out_halo_back + (gint32) (all - c - offset);
    push_workload (workloads, &w, tile, mode, 0, 0, offset);
    left -= c;
  }
  push_candidate (candidates, first, n, mode);
}

static void
split_hw (const VsDpuWorkload *tile, VsExecutionMode mode, guint32 w_factor, guint32 h_factor,
          GArray *candidates, GArray *workloads)
{
  guint32 gx, gy;
  mode_grid (mode, &gx, &gy);
  const guint32 width = tile->output.w, height = tile->output.h;
  const guint32 max_w = round_up (ceil_div (width, w_factor), gx);
  const guint32 max_h = round_up (ceil_div (height, h_factor), gy);
  const guint32 n_rows = ceil_div (height, max_h), n_cols = ceil_div (width, max_w);
  const guint first = workloads->len;

  guint32 left_h = height;
  for (guint32 r = 0; r < n_rows; r++) {
    const guint32 h = left_h > max_h ? max_h : left_h;
    guint32 left_w = width;
    for (guint32 c = 0; c < n_cols; c++) {
      const guint32 w_ = left_w > max_w ? max_w : left_w;
      const guint32 off_w = c * max_w, off_h = r * max_h;
      VsDpuWorkload w = *tile;
      /* the tile's input halo stays on its outer edges only */
      w.halo_top = r == 0 ? tile->halo_top : 0;
      w.halo_bottom = r == n_rows - 1 ? tile->halo_bottom : 0;
      w.halo_left = c == 0 ? tile->halo_left : 0;
      w.halo_right = c == n_cols - 1 ? tile->halo_right : 0;
      w.output.w = w_;
      w.output.h = h;
      w.output.b = 1;
      w.out_halo_top = tile->out_halo_top + (gint32) off_h;
      w.out_halo_bottom = tile->out_halo_bottom + (gint32) (height - h - off_h);
      w.out_halo_left = tile->out_halo_left + (gint32) off_w;
      w.out_halo_right = tile->out_halo_right + (gint32) (width - w_ - off_w);
      push_workload (workloads, &w, tile, mode, off_w, off_h, 0);
      left_w -= w_;
    }
    left_h -= h;
  }
  push_candidate (candidates, first, workloads->len - first, mode);
}

static void
split_whole (const VsDpuWorkload *tile, VsExecutionMode mode, GArray *candidates, GArray *workloads)
{
  guint first = workloads->len;
  push_workload (workloads, tile, tile, mode, 0, 0, 0);
  push_candidate (candidates, first, 1, mode);
}

static void
hw_cuts (const VsDpuWorkload *tile, VsExecutionMode mode, guint n, GArray *candidates, GArray *workloads)
{
  /* every factor pair, larger-first then smaller-first (a square twice) */
  for (guint i = 1; (double) i <= sqrt ((double) n); i++) {
    if (n % i != 0)
      continue;
    guint32 pairs[2][2] = { { n / i, i }, { i, n / i } };
    for (guint p = 0; p < 2; p++)
      if (pairs[p][0] <= tile->output.w && pairs[p][1] <= tile->output.h)
        split_hw (tile, mode, pairs[p][0], pairs[p][1], candidates, workloads);
  }
}

void
vs_layer_split_candidates (const VsDpuWorkload *tile, guint n_dpu, guint max_workloads,
                           GArray *candidates, GArray *workloads)
{
  VsExecutionMode modes[3];
  const guint n_modes = vs_layer_split_modes (tile->op, modes);
  /* one DPU: only Z tiling; limited-channel operations: only Z tiling */
  const gboolean hw_allowed = n_dpu != 1 && !limited_channels (tile);
  const guint cap = MAX (max_workloads, 1) + 2;
  g_autofree gboolean *flags = g_new (gboolean, cap + 1);

  for (guint algo = 0; algo < 2; algo++) {
    const gboolean hw = algo == 0;
    if (hw && !hw_allowed)
      continue;
    for (guint m = 0; m < n_modes; m++) {
      CountSet s = { flags, cap };
      memset (flags, 0, (cap + 1) * sizeof *flags);
      if (hw)
        hw_counts (tile, n_dpu, max_workloads, modes[m], &s);
      else
        z_counts (tile, n_dpu, max_workloads, modes[m], &s);
      for (guint n = 1; n <= cap; n++) {
        if (!flags[n])
          continue;
        if (n == 1)
          split_whole (tile, modes[m], candidates, workloads);
        else if (hw)
          hw_cuts (tile, modes[m], n, candidates, workloads);
        else
          split_z (tile, modes[m], n, candidates, workloads);
      }
    }
  }
}
