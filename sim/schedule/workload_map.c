/* SPDX-License-Identifier: Apache-2.0 */
/* workload_map.c — schedule tasks to cost-model workloads (see the header).
 * Every workload is memset to zero first: the cost pre-pass hashes workloads
 * byte for byte to find duplicates, so padding must be deterministic. */
#include "sim/schedule/workload_map.h"

#include "models/shave_kernel_names.h"

#include <string.h>

static const char *
origin (const VsSchedule *s)
{
  return s->path != NULL ? s->path : "<schedule>";
}

static gboolean
fail (const VsSchedule *s, guint task, GError **error, const char *what)
{
  const VsTask *t = vs_schedule_task (s, task);
  g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID, "%s: task '%s': %s",
               origin (s), t->id, what);
  return FALSE;
}

static guint32
clamp_dim (gint64 v)
{
  return v < 1 ? 1 : v > G_MAXUINT32 ? G_MAXUINT32 : (guint32) v;
}

void
vs_workload_tensor (const VsTensor *t, VsVpuTensor *out)
{
  memset (out, 0, sizeof *out);
  guint32 dims[4] = { 1, 1, 1, 1 };   /* W, H, C, B */
  int rank = t->rank;
  /* Innermost logical dims first: shape[rank-1] is W. */
  for (int i = 0; i < rank && i < 3; i++)
    dims[i] = clamp_dim (t->shape[rank - 1 - i]);
  if (rank >= 4) {
    gint64 outer = 1;
    for (int i = 0; i <= rank - 4; i++)
      outer *= t->shape[i] > 0 ? t->shape[i] : 1;
    dims[3] = clamp_dim (outer);
  }
  out->w = dims[0];
  out->h = dims[1];
  out->c = dims[2];
  out->b = dims[3];
  out->dtype = t->dtype;
  out->layout = t->layout;
  out->sparse = t->sparse;
}

/* A register (the profiling timer the instrumented schedules read before
 * and after each DMA) is on chip: VPUNN costs its 4- and 8-byte copies to
 * CMX as on-chip copies (0.09 us on NPU 2.7), the measured gaps around the
 * copies it times leave about 0.12 us for each, where a DDR read costs
 * 0.58 us. */
static VsMemoryLocation
location_of (const VsTensor *t)
{
  return t->memory == VS_MEMORY_CMX || t->memory == VS_MEMORY_REGISTER ? VS_MEMLOC_CMX
                                                                        : VS_MEMLOC_DRAM;
}

/* Input extent that an output extent reads: (out-1)*stride + kernel - pads. */
static guint32
input_extent (guint32 out, gint32 stride, gint32 kernel, gint32 pad_a, gint32 pad_b)
{
  gint64 v = ((gint64) out - 1) * stride + kernel - pad_a - pad_b;
  return clamp_dim (v);
}

gboolean
vs_workload_map_dpu (const VsSchedule *s, guint task, gint v, VsDpuWorkload *out, GError **error)
{
  const VsTask *t = vs_schedule_task (s, task);
  const VsDpuSpec *d = &t->spec.dpu;
  const VsTensor *in = vs_schedule_tensor (s, d->input);
  const VsTensor *o = vs_schedule_tensor (s, d->output);
  if (in == NULL || o == NULL)
    return fail (s, task, error, "a DPU task needs input and output tensors to be costed");

  memset (out, 0, sizeof *out);
  out->device = vs_arch_vpu_device (s->device.arch);
  out->op = d->op;
  vs_workload_tensor (in, &out->input);
  vs_workload_tensor (o, &out->output);
  out->kernel_w = d->kernel_w > 0 ? (guint32) d->kernel_w : 1;
  out->kernel_h = d->kernel_h > 0 ? (guint32) d->kernel_h : 1;
  out->stride_w = d->stride_w > 0 ? (guint32) d->stride_w : 1;
  out->stride_h = d->stride_h > 0 ? (guint32) d->stride_h : 1;
  gint32 pt = d->pad_top, pb = d->pad_bottom, pl = d->pad_left, pr = d->pad_right;
  out->execution_mode = VS_EXEC_CUBOID_16x16;
  if (v >= 0) {
    if ((guint) v >= d->n_variants)
      return fail (s, task, error, "variant index out of range");
    const VsDpuVariant *var = vs_schedule_variant (s, d->first_variant + (guint) v);
    out->output.w = clamp_dim ((gint64) var->out_end[0] - var->out_start[0] + 1);
    out->output.h = clamp_dim ((gint64) var->out_end[1] - var->out_start[1] + 1);
    out->output.c = clamp_dim ((gint64) var->out_end[2] - var->out_start[2] + 1);
    pt = var->pad_top;
    pb = var->pad_bottom;
    pl = var->pad_left;
    pr = var->pad_right;
    out->execution_mode = var->mpe_mode;
  }
  out->pad_top = (guint32) MAX (pt, 0);
  out->pad_bottom = (guint32) MAX (pb, 0);
  out->pad_left = (guint32) MAX (pl, 0);
  out->pad_right = (guint32) MAX (pr, 0);
  out->input.b = out->output.b;

  switch (d->op) {
  case VS_OP_ELTWISE:
  case VS_OP_ELTWISE_MUL:
    out->input.w = out->output.w;
    out->input.h = out->output.h;
    out->input.c = out->output.c;
    break;
  case VS_OP_CONVOLUTION:
  case VS_OP_CM_CONVOLUTION:
    /* Input channels are the whole input tensor's: every variant reads all. */
    out->input.w = input_extent (out->output.w, (gint32) out->stride_w, (gint32) out->kernel_w, pl, pr);
    out->input.h = input_extent (out->output.h, (gint32) out->stride_h, (gint32) out->kernel_h, pt, pb);
    break;
  default:
    /* Depthwise and pooling keep channels: a variant's channels are its output's. */
    out->input.w = input_extent (out->output.w, (gint32) out->stride_w, (gint32) out->kernel_w, pl, pr);
    out->input.h = input_extent (out->output.h, (gint32) out->stride_h, (gint32) out->kernel_h, pt, pb);
    out->input.c = out->output.c;
    break;
  }
  if (v >= 0) {
    /* The compiler's own input box, when the schedule carries it (imported
     * VPURT variants), says exactly what the variant reads: halos included. */
    const VsDpuVariant *var = vs_schedule_variant (s, d->first_variant + (guint) v);
    if (var->has_in) {
      out->input.w = clamp_dim ((gint64) var->in_end[0] - var->in_start[0] + 1);
      out->input.h = clamp_dim ((gint64) var->in_end[1] - var->in_start[1] + 1);
      out->input.c = clamp_dim ((gint64) var->in_end[2] - var->in_start[2] + 1);
    }
  }
  out->activation = d->activation;
  out->act_sparsity = d->act_sparsity;
  out->weight_sparsity = d->weight_sparsity;
  out->weight_sparsity_enabled = d->weight_sparsity_enabled;
  const VsTensor *w = vs_schedule_tensor (s, d->weights);
  out->in_swizzling[0] = in->swizzling;
  out->in_swizzling[1] = w != NULL ? w->swizzling : VS_SWIZZLING_KEY_0;
  out->out_swizzling = o->swizzling;
  out->output_write_tiles = d->output_write_tiles > 0 ? (guint32) d->output_write_tiles : 1;
  out->isi_strategy = d->isi_strategy;
  return TRUE;
}

gboolean
vs_workload_map_dma (const VsSchedule *s, guint task, VsDmaCopyWorkload *out, GError **error)
{
  const VsTask *t = vs_schedule_task (s, task);
  const VsTensor *src = vs_schedule_tensor (s, t->spec.dma.src);
  const VsTensor *dst = vs_schedule_tensor (s, t->spec.dma.dst);
  memset (out, 0, sizeof *out);
  out->device = vs_arch_vpu_device (s->device.arch);
  out->output_write_tiles = 1;
  if (src == NULL && dst == NULL) {
    gboolean descriptor = vs_dma_op_is_descriptor (t->spec.dma.op);
    if (t->spec.dma.bytes <= 0 && !descriptor)
      return fail (s, task, error, "a DMA task needs src/dst tensors or bytes to be costed");
    /* Only a byte count: a 1-D DDR to CMX copy of that many bytes; a
     * descriptor transfer of unknown size: one byte DDR to DDR. */
    VsVpuTensor flat = { .w = clamp_dim (t->spec.dma.bytes), .h = 1, .c = 1, .b = 1,
                         .dtype = VS_DTYPE_UINT8, .layout = VS_LAYOUT_ZXY };
    out->input = out->output = flat;
    out->input_location = VS_MEMLOC_DRAM;
    out->output_location = descriptor && t->spec.dma.bytes <= 0 ? VS_MEMLOC_DRAM : VS_MEMLOC_CMX;
    return TRUE;
  }
  if (src == NULL)
    src = dst;
  if (dst == NULL)
    dst = src;
  vs_workload_tensor (src, &out->input);
  vs_workload_tensor (dst, &out->output);
  out->input_location = location_of (src);
  out->output_location = location_of (dst);
  if (dst->memory == VS_MEMORY_CMX) {
    guint tiles = (guint) __builtin_popcountll (dst->tile_mask);
    out->output_write_tiles = tiles > 0 ? tiles : 1;
  }
  out->planes = t->spec.dma.planes;
  /* Runs of one element at either end are a permute: the theoretical model
   * (the reference's and the NPU compiler's) knows a permute by the two
   * ends' layouts differing and then moves one element per CMX cycle. */
  if (vs_dma_planes_permute (&out->planes, vs_data_type_bytes (out->output.dtype)) &&
      out->input.layout == out->output.layout)
    out->output.layout = vs_layout_permuted (out->input.layout);
  return TRUE;
}

gboolean
vs_workload_map_shave (const VsSchedule *s, guint task, VsShaveWorkload *out, GError **error)
{
  const VsTask *t = vs_schedule_task (s, task);
  const VsShaveSpec *sh = &t->spec.shave;
  memset (out, 0, sizeof *out);
  out->device = vs_arch_vpu_device (s->device.arch);
  /* Compilers spell one kernel several ways (symbols, entry names across
   * versions): the cost models get the operator's canonical name. */
  out->kernel = vs_shave_kernel_operator (sh->kernel);
  if (sh->kernel == NULL)
    return fail (s, task, error, "a SHAVE task needs a kernel name to be costed");
  for (guint i = 0; i < sh->n_inputs && i < VS_SHAVE_MAX_TENSORS; i++) {
    const VsTensor *tt = vs_schedule_tensor (s, sh->inputs[i]);
    if (tt != NULL)
      vs_workload_tensor (tt, &out->inputs[out->n_inputs++]);
  }
  for (guint i = 0; i < sh->n_outputs && i < VS_SHAVE_MAX_TENSORS; i++) {
    const VsTensor *tt = vs_schedule_tensor (s, sh->outputs[i]);
    if (tt != NULL)
      vs_workload_tensor (tt, &out->outputs[out->n_outputs++]);
  }
  if (out->n_outputs == 0)
    return fail (s, task, error, "a SHAVE task needs an output tensor to be costed");
  return TRUE;
}
