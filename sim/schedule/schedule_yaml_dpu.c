/* SPDX-License-Identifier: Apache-2.0 */
/* schedule_yaml_dpu.c — the `dpu` block of a schedule task: its keys,
 * padding and variants (the compiler's workloads, each with its output box
 * and, when given, its input box). */
#include "config.h"

#include "sim/schedule/schedule_yaml_reader.h"

#include <stddef.h>

/* --- padding --- */

static const KeyDef pad_keys[] = {
  { "top", sy_int32, 0, 0, 65535, NULL, FALSE },
  { "bottom", sy_int32, sizeof (gint32), 0, 65535, NULL, FALSE },
  { "left", sy_int32, 2 * sizeof (gint32), 0, 65535, NULL, FALSE },
  { "right", sy_int32, 3 * sizeof (gint32), 0, 65535, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef pad_map = { "a padding", pad_keys };

/* top, bottom, left, right: four consecutive gint32 at k->offset. */
static gboolean
p_pad (Reader *r, void *target, const KeyDef *k)
{
  return sy_parse_mapping (r, &pad_map, FIELD (target, k, gint32), NULL);
}

/* --- DPU variants --- */

static const KeyDef variant_keys[] = {
  { "out_start", sy_int32_tuple, offsetof (VsDpuVariant, out_start), 0, 1 << 24,
    GUINT_TO_POINTER (3), TRUE },
  { "out_end", sy_int32_tuple, offsetof (VsDpuVariant, out_end), 0, 1 << 24,
    GUINT_TO_POINTER (3), TRUE },
  { "pad", p_pad, offsetof (VsDpuVariant, pad_top), 0, 0, NULL, FALSE },
  { "mpe_mode", sy_enum, offsetof (VsDpuVariant, mpe_mode), 0, 0, vs_schedule_mpe_names, TRUE },
  { "tile", sy_int32, offsetof (VsDpuVariant, tile), -1, 63, NULL, FALSE },
  { "cost", sy_cost, offsetof (VsDpuVariant, cost), 0, 0, NULL, FALSE },
  { "in_start", sy_int32_tuple, offsetof (VsDpuVariant, in_start), 0, 1 << 24,
    GUINT_TO_POINTER (3), FALSE },
  { "in_end", sy_int32_tuple, offsetof (VsDpuVariant, in_end), 0, 1 << 24,
    GUINT_TO_POINTER (3), FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef variant_map = { "a DPU variant", variant_keys };

static gboolean
variant_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  VsDpuVariant v;
  memset (&v, 0, sizeof v);
  v.tile = -1;
  for (int d = 0; d < 3; d++)
    v.in_start[d] = v.in_end[d] = -1;   /* -1: not given (the parser accepts only >= 0) */
  Mark start;
  if (r->s->variants->len >= VS_SCHEDULE_MAX_VARIANTS)
    return sy_fail (r, EV_MARK (r), "more than %u DPU variants", VS_SCHEDULE_MAX_VARIANTS);
  if (!sy_parse_mapping (r, &variant_map, &v, &start))
    return FALSE;
  for (int d = 0; d < 3; d++)
    if (v.out_end[d] < v.out_start[d])
      return sy_fail (r, start, "variant %u: out_end[%d] = %d is before out_start[%d] = %d", i, d,
                   v.out_end[d], d, v.out_start[d]);
  /* The input box (the compiler's, with halos) comes as a pair or not at all. */
  if ((v.in_start[0] >= 0) != (v.in_end[0] >= 0))
    return sy_fail (r, start, "variant %u: 'in_start' and 'in_end' go together", i);
  v.has_in = v.in_start[0] >= 0;
  for (int d = 0; v.has_in && d < 3; d++)
    if (v.in_end[d] < v.in_start[d])
      return sy_fail (r, start, "variant %u: in_end[%d] = %d is before in_start[%d] = %d", i, d,
                   v.in_end[d], d, v.in_start[d]);
  if (!v.has_in)
    for (int d = 0; d < 3; d++)
      v.in_start[d] = v.in_end[d] = 0;
  g_array_append_val (r->s->variants, v);
  (void) target;
  (void) k;
  return TRUE;
}

static gboolean
p_variants (Reader *r, void *target, const KeyDef *k)
{
  VsDpuSpec *dpu = target;
  dpu->first_variant = r->s->variants->len;
  if (!sy_parse_list (r, k, variant_item, NULL))
    return FALSE;
  dpu->n_variants = r->s->variants->len - dpu->first_variant;
  if (dpu->n_variants == 0)
    dpu->first_variant = 0;
  return TRUE;
}

static const KeyDef dpu_keys[] = {
  { "op", sy_enum, offsetof (VsDpuSpec, op), 0, 0, vs_schedule_op_names, TRUE },
  { "kernel", sy_int32_tuple, offsetof (VsDpuSpec, kernel_w), 1, 65535, GUINT_TO_POINTER (2),
    FALSE },
  { "strides", sy_int32_tuple, offsetof (VsDpuSpec, stride_w), 1, 65535, GUINT_TO_POINTER (2),
    FALSE },
  { "pad", p_pad, offsetof (VsDpuSpec, pad_top), 0, 0, NULL, FALSE },
  { "input", sy_tensor_ref, offsetof (VsDpuSpec, input), 0, 0, NULL, FALSE },
  { "weights", sy_tensor_ref, offsetof (VsDpuSpec, weights), 0, 0, NULL, FALSE },
  { "output", sy_tensor_ref, offsetof (VsDpuSpec, output), 0, 0, NULL, FALSE },
  { "activation", sy_enum, offsetof (VsDpuSpec, activation), 0, 0, vs_schedule_activation_names, FALSE },
  { "act_sparsity", sy_float, offsetof (VsDpuSpec, act_sparsity), 0, 1, NULL, FALSE },
  { "weight_sparsity", sy_float, offsetof (VsDpuSpec, weight_sparsity), 0, 1, NULL, FALSE },
  { "weight_sparsity_enabled", sy_bool, offsetof (VsDpuSpec, weight_sparsity_enabled), 0, 0,
    NULL, FALSE },
  { "isi_strategy", sy_enum, offsetof (VsDpuSpec, isi_strategy), 0, 0, vs_schedule_isi_names, FALSE },
  { "output_write_tiles", sy_int32, offsetof (VsDpuSpec, output_write_tiles), 1, 64, NULL,
    FALSE },
  { "variants", p_variants, 0, 0, 0, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
const MapDef sy_dpu_map = { "a dpu block", dpu_keys };
