/* SPDX-License-Identifier: Apache-2.0 */
/* layer_tiles.c — the inter-tile split of a layer, one function per family of
 * strategies.  Integer types follow the reference where its int/unsigned
 * mix decides a result (cut positions, padding taken from the far edge). */
#include "models/vpunn/layer_tiles.h"

#include <string.h>

guint32
vs_layer_input_extent (guint32 output, guint32 kernel, guint32 total_padding, guint32 stride)
{
  gint32 raw = ((gint32) output - 1) * (gint32) stride - (gint32) total_padding + (gint32) kernel;
  return (raw <= 0 || output == 0) ? 0 : (guint32) raw;
}

static guint32
ceil_div (guint32 a, guint32 b)
{
  return (a + b - 1) / b;
}

/* The fields of one spatial axis of a workload, so that the row and the
 * column splits share one body. */
typedef struct {
  guint32 *out, *in;
  guint32 kernel, stride;
  guint32 *pad_begin, *pad_end;
  gint32 *halo_begin, *halo_end;          /* input halo */
  gint32 *inbound_begin, *inbound_end;    /* output inbound halo */
} Axis;

static Axis
axis_of (VsDpuWorkload *w, gboolean rows)
{
  Axis a;
  if (rows) {
    a = (Axis) { &w->output.h, &w->input.h, w->kernel_h, w->stride_h, &w->pad_top, &w->pad_bottom,
                 &w->halo_top, &w->halo_bottom, &w->out_halo_top, &w->out_halo_bottom };
  } else {
    a = (Axis) { &w->output.w, &w->input.w, w->kernel_w, w->stride_w, &w->pad_left, &w->pad_right,
                 &w->halo_left, &w->halo_right, &w->out_halo_left, &w->out_halo_right };
  }
  return a;
}

/* A tile that broadcasts its slice to all tiles holds the whole output in
 * memory: the other slices are inbound halo. */
static void
broadcast_inbound (const Axis *a, guint32 full, guint32 remaining, guint32 slice)
{
  *a->inbound_begin = (gint32) (full - remaining);
  *a->inbound_end = (gint32) (remaining - slice);
}

/* The ending of every split: tiles with an empty output are dropped, and
 * when the output is broadcast each kept tile writes to the tiles that are
 * left (not to the n asked for). */
static guint
drop_empty (VsDpuWorkload *tiles, guint n, gboolean broadcast)
{
  guint kept = 0;
  for (guint i = 0; i < n; i++) {
    const VsVpuTensor *o = &tiles[i].output;
    if ((guint64) o->w * o->h * o->c * o->b == 0)
      continue;
    if (kept != i)
      tiles[kept] = tiles[i];
    kept++;
  }
  if (broadcast && kept < n)
    for (guint i = 0; i < kept; i++)
      tiles[i].output_write_tiles = kept;
  return kept;
}

/* SOHO / SOW / SOHO_K_SWITCH: every tile reads the input its output needs. */
static guint
split_overlapped (const VsDpuWorkload *layer, guint n_tiles, gboolean rows, gboolean broadcast,
                  VsDpuWorkload *tiles)
{
  VsDpuWorkload parent = *layer;
  Axis p = axis_of (&parent, rows);
  const guint32 out_size = *p.out, in_size = *p.in;
  const gint32 k = (gint32) p.kernel, s = (gint32) p.stride;
  const gint32 layer_pad_end = (gint32) *p.pad_end;
  const guint32 slice = ceil_div (out_size, n_tiles);

  gint32 available_in = (gint32) (in_size + *p.pad_begin);   /* input left, with the leading padding */
  gint32 remnant_pad_begin = (gint32) *p.pad_begin;
  guint32 remaining = out_size;
  for (guint i = 0; i < n_tiles; i++) {
    const guint32 out_tile = remaining >= slice ? slice : remaining;
    const gboolean last = remaining == out_tile;
    const gint32 pad_begin = remnant_pad_begin;
    gint32 pad_end = last ? layer_pad_end : 0;
    const gint32 needed = (gint32) vs_layer_input_extent (out_tile, (guint32) k, 0, (guint32) s);
    const gint32 need_more = needed - available_in;
    gint32 in_tile = needed - pad_begin;
    if (need_more > 0) {
      /* past the real input: the far edge's padding supplies the rest */
      const gint32 from_end = MIN (need_more, layer_pad_end);
      in_tile -= from_end;
      if (!last)
        pad_end = from_end;
    }
    if (in_tile < 0)
      in_tile = 0;

    VsDpuWorkload *t = &tiles[i];
    *t = parent;
    Axis a = axis_of (t, rows);
    *a.out = out_tile;
    *a.in = (guint32) in_tile;
    *a.pad_begin = (guint32) pad_begin;
    *a.pad_end = (guint32) pad_end;
    t->isi_strategy = VS_ISI_CLUSTERING;
    t->output_write_tiles = broadcast ? n_tiles : parent.output_write_tiles;
    *a.halo_begin = *a.halo_end = 0;
    *a.inbound_begin = *a.inbound_end = 0;
    if (t->output_write_tiles > 1)
      broadcast_inbound (&a, out_size, remaining, out_tile);

    const gint32 consumed = (gint32) (out_tile * (guint32) s);
    available_in -= consumed;
    remnant_pad_begin = remnant_pad_begin > consumed ? remnant_pad_begin - consumed : 0;
    remaining -= out_tile;
  }
  return drop_empty (tiles, n_tiles, broadcast);
}

/* SOH_HaloRead: rows cut as SOHO; where two tiles' inputs overlap, the upper
 * tile keeps the first half in memory and reads the rest from its neighbour
 * as halo, the lower tile reads what lies before its memory as halo. */
static guint
split_halo_read (const VsDpuWorkload *layer, guint n_tiles, VsDpuWorkload *tiles)
{
  const gint32 out_size = (gint32) layer->output.h, in_size = (gint32) layer->input.h;
  const gint32 k = (gint32) layer->kernel_h, s = (gint32) layer->stride_h;
  const gint32 layer_pad_end = (gint32) layer->pad_bottom;
  const guint32 slice = ceil_div ((guint32) out_size, n_tiles);

  gint32 available_in = in_size + (gint32) layer->pad_top;
  gint32 prev_memory_end = -in_size - 1;
  gint32 remnant_pad_begin = (gint32) layer->pad_top;
  guint32 remaining = (guint32) out_size;
  for (guint i = 0; i < n_tiles; i++) {
    const guint32 out_tile = remaining >= slice ? slice : remaining;
    const gint32 consumed = (gint32) (out_tile * (guint32) s);
    const gboolean last = remaining == out_tile;
    const gint32 pad_begin = remnant_pad_begin;
    gint32 pad_end = last ? layer_pad_end : 0;
    const gint32 needed = (gint32) vs_layer_input_extent (out_tile, (guint32) k, 0, (guint32) s);
    const gint32 need_more = needed - available_in;
    gint32 in_tile = needed - pad_begin;
    const gint32 compute_start = -available_in;
    const gint32 compute_end = compute_start + needed - 1;
    const gint32 memory_start = MAX (prev_memory_end + 1, compute_start);
    const gint32 halo_top = pad_begin == 0 ? memory_start - compute_start : 0;
    if (need_more > 0) {
      const gint32 from_end = MIN (need_more, layer_pad_end);
      in_tile -= from_end;
      if (!last)
        pad_end = from_end;
    }
    gint32 halo_bottom = 0;
    if (pad_end == 0 && !last) {
      const gint32 overlap = compute_end - (compute_start + consumed) + 1;
      if (overlap > 0)
        halo_bottom = overlap - (overlap + 1) / 2;
    }
    const gint32 memory_end = compute_end - halo_bottom - pad_end;
    if (in_tile < 0)
      in_tile = 0;

    VsDpuWorkload *t = &tiles[i];
    *t = *layer;
    t->output.h = out_tile;
    t->input.h = (guint32) in_tile;
    t->pad_top = (guint32) pad_begin;
    t->pad_bottom = (guint32) pad_end;
    t->isi_strategy = VS_ISI_SPLIT_OVER_H;
    t->halo_top = halo_top;
    t->halo_bottom = halo_bottom;
    t->out_halo_top = t->out_halo_bottom = 0;
    if (t->output_write_tiles > 1) {
      Axis a = axis_of (t, TRUE);
      broadcast_inbound (&a, (guint32) out_size, remaining, out_tile);
    }

    available_in -= consumed;
    remnant_pad_begin = remnant_pad_begin > consumed ? remnant_pad_begin - consumed : 0;
    remaining -= out_tile;
    prev_memory_end = memory_end;
  }
  return drop_empty (tiles, n_tiles, FALSE);
}

/* The input a workload needs once its output changed (recomputeInputTensorShape):
 * operations whose kernel spans all input channels keep them. */
static void
recompute_input (VsDpuWorkload *t)
{
  t->input.w = (t->output.w - 1) * t->stride_w + t->kernel_w - t->pad_left - t->pad_right;
  t->input.h = (t->output.h - 1) * t->stride_h + t->kernel_h - t->pad_top - t->pad_bottom;
  if (t->op != VS_OP_CONVOLUTION && t->op != VS_OP_CM_CONVOLUTION)
    t->input.c = t->output.c;
}

/* SOK / SOK_NO_BROADCAST: output channels cut in 16-aligned slices. */
static guint
split_channels (const VsDpuWorkload *layer, guint n_tiles, gboolean broadcast, VsDpuWorkload *tiles)
{
  const guint32 out_size = layer->output.c;
  const guint32 slice = ceil_div (ceil_div (out_size, n_tiles), 16) * 16;
  guint32 remaining = out_size;
  for (guint i = 0; i < n_tiles; i++) {
    const guint32 c = remaining >= slice ? slice : remaining;
    VsDpuWorkload *t = &tiles[i];
    *t = *layer;
    t->output.c = c;
    recompute_input (t);
    if (broadcast) {
      t->isi_strategy = VS_ISI_SPLIT_OVER_K;
      t->output_write_tiles = n_tiles;
    } else {
      t->isi_strategy = VS_ISI_CLUSTERING;
    }
    if (t->output_write_tiles > 1) {
      t->out_halo_front = (gint32) (out_size - remaining);
      t->out_halo_back = (gint32) (remaining - c);
    } else {
      t->out_halo_front = t->out_halo_back = 0;
    }
    remaining -= c;
  }
  return drop_empty (tiles, n_tiles, broadcast);
}

guint
vs_layer_split_tiles (const VsDpuWorkload *layer, VsTilingStrategy strategy, guint n_tiles,
                      VsDpuWorkload *tiles)
{
  if (n_tiles == 0)
    return 0;
  switch (strategy) {
  case VS_TILING_NONE:
    for (guint i = 0; i < n_tiles; i++) {
      tiles[i] = *layer;
      tiles[i].isi_strategy = VS_ISI_CLUSTERING;
    }
    return n_tiles;
  case VS_TILING_SOH_OVERLAPPED:
    return split_overlapped (layer, n_tiles, TRUE, FALSE, tiles);
  case VS_TILING_SOHO_K_SWITCH:
    return split_overlapped (layer, n_tiles, TRUE, TRUE, tiles);
  case VS_TILING_SOW:
    return split_overlapped (layer, n_tiles, FALSE, FALSE, tiles);
  case VS_TILING_SOK:
    return split_channels (layer, n_tiles, TRUE, tiles);
  case VS_TILING_SOK_NO_BROADCAST:
    return split_channels (layer, n_tiles, FALSE, tiles);
  case VS_TILING_SOH_HALO_READ:
    return split_halo_read (layer, n_tiles, tiles);
  default:
    return 0;   /* SOHW, SOHK, SOH_K_SWITCH: the reference has no split for them */
  }
}
