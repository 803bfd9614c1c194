/* SPDX-License-Identifier: Apache-2.0 */
/* bench_prepass.c — the cost pre-pass on a generated 100 k-task NPU 2.7
 * schedule with VPUNN: cold (fresh models, empty caches) and again with the
 * models' caches warm.  Workloads repeat the way a compiled network's do
 * (many tiles of few layer shapes), so deduplication matters too. */
#include <glib.h>
#include <stdio.h>

#include "models/vpunn/vpunn_cost_model.h"
#include "sim/cost/cost_prepass.h"

#define N_TASKS 100000

static guint32 rng_state = 7;

static guint32
rng (guint32 n)
{
  rng_state = rng_state * 1664525u + 1013904223u;
  return (rng_state >> 8) % n;
}

static gint32
add_tensor (VsSchedule *s, VsMemory memory, gint64 c, gint64 h, gint64 w, VsDataType dt)
{
  VsTensor t = { 0 };
  t.memory = memory;
  t.tile_mask = memory == VS_MEMORY_CMX ? 1 : 0;
  t.offset = -1;
  t.rank = 4;
  t.shape[0] = 1;
  t.shape[1] = c;
  t.shape[2] = h;
  t.shape[3] = w;
  t.dtype = dt;
  t.layout = VS_LAYOUT_ZXY;
  g_array_append_val (s->buffers, t);
  return (gint32) s->buffers->len - 1;
}

static VsSchedule *
generate (void)
{
  VsSchedule *s = vs_schedule_new ();
  g_assert_true (vs_device_load (&s->device, "npu27", NULL));
  static const VsQueue queues[] = {
    { "dma.p0", VS_ENGINE_DMA, -1, 0, -1, 1 }, { "dma.p1", VS_ENGINE_DMA, -1, 1, -1, 1 },
    { "dpu.t0", VS_ENGINE_DPU, 0, -1, -1, 1 }, { "dpu.t1", VS_ENGINE_DPU, 1, -1, -1, 1 },
    { "shv.t0", VS_ENGINE_SHAVE, 0, -1, -1, 2 }, { "shv.t1", VS_ENGINE_SHAVE, 1, -1, -1, 2 },
  };
  g_array_append_vals (s->queues, queues, G_N_ELEMENTS (queues));
  static const char *const kernels[] = { "Sigmoid", "Swish", "Softmax", "Add", "Multiply", "Tanh" };
  for (guint i = 0; i < N_TASKS; i++) {
    VsTask t = { 0 };
    g_autofree char *id = g_strdup_printf ("t%u", i);
    t.id = vs_schedule_intern (s, id);
    guint pick = rng (100);
    /* A few hundred layer shapes, tiled: channels 16..512, 7..112 pixels. */
    gint64 c = 16 * (1 + rng (32)), hw = 7 * (1 + rng (16));
    VsDataType dt = rng (3) ? VS_DTYPE_FLOAT16 : VS_DTYPE_UINT8;
    if (pick < 50) {
      t.kind = VS_TASK_DPU;
      t.queue = 2 + (gint32) rng (2);
      VsDpuSpec *d = &t.spec.dpu;
      d->op = rng (4) ? VS_OP_CONVOLUTION : VS_OP_DW_CONVOLUTION;
      d->kernel_w = d->kernel_h = rng (2) ? 3 : 1;
      d->stride_w = d->stride_h = 1;
      gint32 pad = d->kernel_w / 2;
      d->pad_top = d->pad_bottom = d->pad_left = d->pad_right = pad;
      gint64 cin = d->op == VS_OP_DW_CONVOLUTION ? (c > 64 ? 64 : c) : c;
      d->input = add_tensor (s, VS_MEMORY_CMX, cin, hw, hw, dt);
      d->output = add_tensor (s, VS_MEMORY_CMX, cin, hw, hw, dt);
      d->output_write_tiles = 1;
      d->first_variant = s->variants->len;
      d->n_variants = 2;
      for (int v = 0; v < 2; v++) {
        VsDpuVariant var = { 0 };
        gint32 half = (gint32) hw / 2;
        var.out_start[1] = v ? half : 0;
        var.out_end[0] = (gint32) hw - 1;
        var.out_end[1] = v ? (gint32) hw - 1 : half - 1;
        var.out_end[2] = (gint32) cin - 1;
        var.pad_left = var.pad_right = pad;
        var.pad_top = v ? 0 : pad;
        var.pad_bottom = v ? pad : 0;
        var.mpe_mode = rng (2) ? VS_EXEC_CUBOID_16x16 : VS_EXEC_CUBOID_8x16;
        var.tile = -1;
        g_array_append_val (s->variants, var);
      }
    } else if (pick < 85) {
      t.kind = VS_TASK_DMA;
      t.queue = (gint32) rng (2);
      gboolean load = rng (3) != 0;
      gint32 ddr = add_tensor (s, VS_MEMORY_DDR, c, hw, hw, dt);
      gint32 cmx = add_tensor (s, VS_MEMORY_CMX, c, hw, hw, dt);
      t.spec.dma.src = load ? ddr : cmx;
      t.spec.dma.dst = load ? cmx : ddr;
    } else {
      t.kind = VS_TASK_SHAVE;
      t.queue = 4 + (gint32) rng (2);
      VsShaveSpec *sh = &t.spec.shave;
      sh->kernel = kernels[rng (G_N_ELEMENTS (kernels))];
      sh->n_inputs = sh->n_outputs = 1;
      sh->inputs[0] = add_tensor (s, VS_MEMORY_CMX, c, hw, hw, dt);
      sh->outputs[0] = add_tensor (s, VS_MEMORY_CMX, c, hw, hw, dt);
    }
    g_array_append_val (s->tasks, t);
  }
  return s;
}

static double
prepass_seconds (const VsSchedule *s, VsCostModel *model, VsCosts *costs)
{
  VsCostPlan plan = { model, model, model, NULL, VS_UNKNOWN_SHAVE_ANALYTICAL, FALSE, NULL };
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  if (!vs_cost_prepass (s, &plan, costs, &error))
    g_error ("pre-pass failed: %s", error->message);
  return (g_get_monotonic_time () - t0) / 1e6;
}

int
main (void)
{
  const char *dir = g_getenv ("VPUSIM_VPUNN_DIR");
  g_autofree char *fallback = g_build_filename (VS_SOURCE_DIR, "..", "shared", "vpunn", "models", NULL);
  const char *models = dir != NULL ? dir : fallback;
  g_autoptr(GError) error = NULL;
  VsCostModel *model = vs_vpunn_cost_model_new (models, VS_DEVICE_VPU_2_7, NULL, &error);
  if (model == NULL) {
    printf ("bench_prepass: skipped, needs the VPUNN model files (%s)\n", error->message);
    return 0;
  }
  g_autoptr(VsSchedule) s = generate ();
  VsCosts cold, warm;
  double t_cold = prepass_seconds (s, model, &cold);
  double t_warm = prepass_seconds (s, model, &warm);
  guint distinct = 0, queries = 0, fallbacks = 0;
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++) {
    distinct += cold.stats[k].distinct;
    queries += cold.stats[k].tasks;
    fallbacks += cold.stats[k].fallbacks;
  }
  printf ("cost pre-pass, %u tasks (%u DPU variants, DMAs and SHAVE kernels; %u distinct "
          "workloads), VPUNN on NPU 2.7:\n", N_TASKS, queries, distinct);
  printf ("  (%u distinct DPU workloads; %u answers were error codes)\n",
          cold.stats[VS_TASK_DPU].distinct, fallbacks);
  printf ("  cold (empty caches):  %.3f s  (%.0f tasks/s)\n", t_cold, N_TASKS / t_cold);
  printf ("  warm (models cached): %.3f s  (%.0f tasks/s)\n", t_warm, N_TASKS / t_warm);
  for (guint i = 0; i < s->tasks->len; i++)
    if (cold.task_ps[i] != warm.task_ps[i])
      g_error ("task %u: cached answer differs", i);
  vs_costs_clear (&cold);
  vs_costs_clear (&warm);
  vs_cost_model_free (model);
  return 0;
}
