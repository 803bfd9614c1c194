/* SPDX-License-Identifier: Apache-2.0 */
/* test_vpurt_import.c — the VPURT MLIR importer on the nine real compiled
 * schedules (counts, device, names through #loc aliases, one DPU task and
 * one DMA read field by field), the hand-written inputs of every syntax
 * variant the compilers printed since 2022 (tests/vpurt_syntax, each imported
 * and replayed), the YAML round trip of what it produces,
 * the compiler's location naming, and bad inputs with their line numbers. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "sim/import/mlir_lexer.h"
#include "sim/schedule/schedule_yaml.h"
#include "sim/import/vpurt_import.h"
#include "tests/test_support.h"

typedef struct {
  const char *dir;
  const char *preset;
  VsArch arch;
  gint tiles;
  double clock_mhz;
  guint tasks, dma, dpu, shave, sync, barriers, variants;
  const char *queues;           /* queue ids, space separated, in order */
  const char *timing;           /* inference_timing_cycles, NULL if absent */
} Fixture;

/* Counts checked against the files by hand (grep of VPURT.Task, the DMA /
 * NCEClusterTask / SW.Kernel / UPA ops, ConfigureBarrier and DPUTask). */
static const Fixture fixtures[] = {
  { "npu37xx_1tile_add_swish_lowpll_2023-02", "npu27", VS_ARCH_NPU27, 2, 1300,
    97, 84, 10, 3, 0, 21, 10, "dma.p0 dma.p1 dpu.t0 dpu.t1 shv.t0", NULL },
  { "npu37xx_2tile_agegender_2024-03", "npu27", VS_ARCH_NPU27, 2, 1300,
    93, 77, 10, 6, 0, 15, 12, "dma.p0 dma.p1 dpu.t0 dpu.t1 shv.t0 shv.t1", "94410" },
  { "npu37xx_2tile_agegender_2024-08", "npu27", VS_ARCH_NPU27, 2, 1300,
    116, 98, 10, 8, 0, 16, 12, "dma.p0 dma.p1 dpu.t0 dpu.t1 shv.t0 shv.t1", "104492" },
  { "npu37xx_2tile_agegender_2026-05", "npu27", VS_ARCH_NPU27, 2, 1300,
    116, 98, 10, 8, 0, 16, 12, "dma.p0 dma.p1 dpu.t0 dpu.t1 shv.t0 shv.t1", "104492" },
  { "npu40xx_1tile_singleconv_2026-05", "npu40", VS_ARCH_NPU40, 1, 1850,
    16, 12, 2, 1, 1, 9, 2, "dma.p0.ddr dma.p0.cmx dpu.t0 shv.t0", "16514" },
  { "npu40xx_6tile_agegender_2024-08", "npu40", VS_ARCH_NPU40, 6, 1700,
    130, 87, 30, 12, 1, 16, 36,
    "dma.p0.ddr dma.p0.cmx dma.p1.ddr dma.p1.cmx dpu.t0 dpu.t1 dpu.t2 dpu.t3 dpu.t4 dpu.t5 "
    "shv.t0 shv.t1 shv.t2 shv.t3 shv.t4 shv.t5", "93066" },
  { "npu40xx_6tile_agegender_2025-09", "npu40", VS_ARCH_NPU40, 6, 1700,
    130, 87, 30, 12, 1, 16, 36,
    "dma.p0.ddr dma.p0.cmx dma.p1.ddr dma.p1.cmx dpu.t0 dpu.t1 dpu.t2 dpu.t3 dpu.t4 dpu.t5 "
    "shv.t0 shv.t1 shv.t2 shv.t3 shv.t4 shv.t5", "93066" },
  { "schedule_only_gru_sequence_37xx_2026-05", "npu27", VS_ARCH_NPU27, 2, 1300,
    45, 33, 0, 12, 0, 10, 0, "dma.p0 dma.p1 shv.t0 shv.t1", "27805" },
  { "vpux30xx_4tile_agegender_2024-06", "vpu20", VS_ARCH_VPU20, 4, 700,
    70, 59, 8, 3, 0, 7, 122, "dma.p0 dpu.t0 dpu.t1 dpu.t2 dpu.t3 upa", NULL },
  { "npu37xx_2tile_agegender_pll32_2023-08", "npu27", VS_ARCH_NPU27, 2, 1300,
    46, 40, 4, 2, 0, 8, 6, "dma.p0 dma.p1 dpu.t0 dpu.t1 shv.t0", NULL },
  { "npu37xx_2tile_mvn_2023-08", "npu27", VS_ARCH_NPU27, 2, 1300,
    81, 60, 0, 21, 0, 18, 0, "dma.p0 dma.p1 shv.t0 shv.t1", NULL },
  { "npu37xx_2tile_mvn_2024-03", "npu27", VS_ARCH_NPU27, 2, 1300,
    136, 104, 0, 32, 0, 22, 0, "dma.p0 dma.p1 shv.t0 shv.t1", "90110" },
  { "npu37xx_2tile_mvn_2024-06", "npu27", VS_ARCH_NPU27, 2, 1300,
    84, 56, 0, 28, 0, 16, 0, "dma.p0 dma.p1 shv.t0 shv.t1", "58624" },
  /* 2022 syntax: start/end variant boxes, an NCEClusterTask over many lines */
  { "vpux30xx_agegender_2022-01", "vpu20", VS_ARCH_VPU20, 4, 700,
    29, 23, 2, 4, 0, 11, 10, "dma.p0 dpu.t0 upa", NULL },
};

static VsSchedule *
import_fixture (const char *dir, GPtrArray *warnings)
{
  g_autofree char *rel = g_build_filename (dir, "schedule_vpurt.mlir", NULL);
  g_autofree char *path = vs_test_npu_runs_file (rel);
  if (path == NULL)
    return NULL;
  g_autoptr (GError) error = NULL;
  VsSchedule *s = vs_vpurt_import_full (path, warnings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

/* The first task with this name (and tile, if >= 0). */
static gint
find_task (const VsSchedule *s, const char *name, gint tile)
{
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    if (g_strcmp0 (t->name, name) == 0 &&
        (tile < 0 || vs_schedule_queue (s, t->queue)->tile == tile))
      return (gint) i;
  }
  return -1;
}

static gint
find_barrier (const VsSchedule *s, const char *id)
{
  for (guint i = 0; i < s->barriers->len; i++)
    if (strcmp (vs_schedule_barrier (s, i)->id, id) == 0)
      return (gint) i;
  return -1;
}

static void
test_fixtures (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++) {
    const Fixture *fx = &fixtures[f];
    g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (VsSchedule) s = import_fixture (fx->dir, warnings);
    if (s == NULL)
      return;
    g_test_message ("%s: %u tasks, %u warnings", fx->dir, s->tasks->len, warnings->len);
    g_assert_cmpstr (s->device_preset, ==, fx->preset);
    g_assert_cmpint (s->device.arch, ==, fx->arch);
    g_assert_cmpint (s->device.tiles, ==, fx->tiles);
    g_assert_cmpfloat (s->device.dpu_clock_mhz, ==, fx->clock_mhz);
    g_assert_cmpuint (s->tasks->len, ==, fx->tasks);
    guint kinds[VS_TASK_KIND_COUNT] = { 0 };
    for (guint i = 0; i < s->tasks->len; i++)
      kinds[vs_schedule_task (s, i)->kind]++;
    g_assert_cmpuint (kinds[VS_TASK_DMA], ==, fx->dma);
    g_assert_cmpuint (kinds[VS_TASK_DPU], ==, fx->dpu);
    g_assert_cmpuint (kinds[VS_TASK_SHAVE], ==, fx->shave);
    g_assert_cmpuint (kinds[VS_TASK_SYNC], ==, fx->sync);
    g_assert_cmpuint (kinds[VS_TASK_M2I], ==, 0);
    g_assert_cmpuint (s->barriers->len, ==, fx->barriers);
    g_assert_cmpuint (s->variants->len, ==, fx->variants);
    GString *q = g_string_new (NULL);
    for (guint i = 0; i < s->queues->len; i++)
      g_string_append_printf (q, "%s%s", i ? " " : "", vs_schedule_queue (s, i)->id);
    g_assert_cmpstr (q->str, ==, fx->queues);
    g_string_free (q, TRUE);
    g_assert_cmpstr (g_hash_table_lookup (s->source, "inference_timing_cycles"), ==, fx->timing);
    /* Every task has a name from its location (the 2022 dump has tasks at
     * loc(unknown), nameless in its profile too), every DPU task variants. */
    for (guint i = 0; i < s->tasks->len; i++) {
      const VsTask *t = vs_schedule_task (s, i);
      if (strstr (fx->dir, "2022") == NULL)
        g_assert_nonnull (t->name);
      if (t->kind == VS_TASK_DPU)
        g_assert_cmpuint (t->spec.dpu.n_variants, >, 0);
    }
    /* One final barrier, except in the two oldest dumps that predate the flag. */
    guint finals = 0;
    for (guint b = 0; b < s->barriers->len; b++)
      finals += vs_schedule_barrier (s, b)->is_final;
    gboolean old = strstr (fx->dir, "2023-0") != NULL || strstr (fx->dir, "vpux30xx") != NULL;
    g_assert_cmpuint (finals, ==, old ? 0 : 1);
    /* and it replays */
    g_autofree char *rel = g_build_filename (fx->dir, "schedule_vpurt.mlir", NULL);
    g_autofree char *path = vs_test_npu_runs_file (rel);
    const char *args[] = { "run", path, "--cost", "analytical", NULL };
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "latency: "));
  }
}

/* NPU 2.7 age-gender: one DPU task and one DMA, field by field. */
static void
test_npu27_details (void)
{
  g_autoptr (VsSchedule) s = import_fixture ("npu37xx_2tile_agegender_2024-08", NULL);
  if (s == NULL)
    return;
  /* named through #loc141 = fused<{name = "conv1/WithoutBiases", type = "Convolution"}>
   *   [#loc6, #loc11 "Duplicated_2", #loc39 "cluster_0"] */
  gint ti = find_task (s, "conv1/WithoutBiases?t_Convolution/Duplicated_2/cluster_0", -1);
  g_assert_cmpint (ti, >=, 0);
  const VsTask *t = vs_schedule_task (s, (guint) ti);
  g_assert_cmpint (t->kind, ==, VS_TASK_DPU);
  g_assert_cmpstr (t->layer, ==, "conv1/WithoutBiases");
  g_assert_cmpstr (vs_schedule_queue (s, t->queue)->id, ==, "dpu.t0");
  g_assert_cmpuint (t->n_waits, ==, 1);
  g_assert_cmpuint (t->n_updates, ==, 1);
  const VsDpuSpec *d = &t->spec.dpu;
  g_assert_cmpint (d->op, ==, VS_OP_CONVOLUTION);
  g_assert_cmpint (d->kernel_w, ==, 3);
  g_assert_cmpint (d->kernel_h, ==, 3);
  g_assert_cmpint (d->stride_w, ==, 1);
  g_assert_cmpint (d->activation, ==, VS_ACT_LRELU);
  g_assert_cmpint (d->isi_strategy, ==, VS_ISI_SPLIT_OVER_H);
  g_assert_true (d->weight_sparsity_enabled);
  /* 48 channels of 27 f16 values, 16-byte aligned: 48 * 64 of 48 * 288 bytes */
  g_assert_cmpfloat_with_epsilon (d->weight_sparsity, 1.0 - 3072.0 / 13824.0, 1e-6);
  const VsTensor *in = vs_schedule_tensor (s, d->input);
  g_assert_nonnull (in);
  g_assert_cmpstr (in->id, ==, "52");
  g_assert_cmpint (in->memory, ==, VS_MEMORY_CMX);
  g_assert_cmpuint (in->tile_mask, ==, 1);
  g_assert_cmpint (in->offset, ==, 189440);
  g_assert_cmpint (in->shape[1], ==, 16);
  g_assert_cmpint (in->shape[2], ==, 32);
  g_assert_cmpint (in->dtype, ==, VS_DTYPE_FLOAT16);
  g_assert_cmpint (in->layout, ==, VS_LAYOUT_ZXY);
  const VsTensor *out = vs_schedule_tensor (s, d->output);
  g_assert_cmpint (out->swizzling, ==, VS_SWIZZLING_KEY_5);
  g_assert_cmpuint (d->n_variants, ==, 1);
  const VsDpuVariant *v = vs_schedule_variant (s, d->first_variant);
  g_assert_cmpint (v->out_start[0], ==, 0);
  g_assert_cmpint (v->out_end[0], ==, 59);
  g_assert_cmpint (v->out_end[1], ==, 29);
  g_assert_cmpint (v->out_end[2], ==, 47);
  g_assert_cmpint (v->mpe_mode, ==, VS_EXEC_CUBOID_16x16);
  g_assert_cmpint (v->tile, ==, 0);
  g_assert_false (v->has_in);

  /* The input DMA of cluster 0: 1x3x15x62 f32 from DDR, strided, out of order. */
  gint di = find_task (s, "data?t_Parameter/converted_to_f16/_cluster_0", -1);
  g_assert_cmpint (di, >=, 0);
  /* the first of that name is the timestamp DMA before it (Register source) */
  const VsTask *ts = vs_schedule_task (s, (guint) di);
  g_assert_cmpint (vs_schedule_tensor (s, ts->spec.dma.src)->memory, ==, VS_MEMORY_REGISTER);
  const VsTask *dma = vs_schedule_task (s, (guint) di + 1);
  g_assert_cmpstr (dma->name, ==, "data?t_Parameter/converted_to_f16/_cluster_0");
  g_assert_cmpint (dma->kind, ==, VS_TASK_DMA);
  g_assert_cmpstr (vs_schedule_queue (s, dma->queue)->id, ==, "dma.p0");
  g_assert_cmpint (dma->spec.dma.bytes, ==, 3 * 15 * 62 * 4);
  g_assert_true (dma->spec.dma.out_of_order);
  g_assert_cmpstr (dma->spec.dma.op, ==, "NNDMA");
  const VsTensor *src = vs_schedule_tensor (s, dma->spec.dma.src);
  g_assert_cmpint (src->memory, ==, VS_MEMORY_DDR);
  g_assert_true (src->has_strides);
  g_assert_cmpint (src->strides[2], ==, 62 * 4);
  g_assert_cmpint (src->strides[0], ==, 11532 * 4);
  g_assert_cmpint (src->layout, ==, VS_LAYOUT_XYZ);
  /* the broadcast of the weights table: one copy into both tiles */
  gboolean broadcast = FALSE;
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *x = vs_schedule_task (s, i);
    if (x->kind == VS_TASK_DMA && x->spec.dma.dst >= 0 &&
        vs_schedule_tensor (s, x->spec.dma.dst)->tile_mask == 3) {
      broadcast = TRUE;
      g_assert_cmpint (x->spec.dma.bytes, >, 0);
    }
  }
  g_assert_true (broadcast);
  /* SHAVE: builtin_Convert on tile 1, with its tile_K/cluster_N name */
  gint si = find_task (s, "data?t_Parameter/converted_to_f16/tile_0/cluster_1", -1);
  g_assert_cmpint (si, >=, 0);
  const VsTask *sw = vs_schedule_task (s, (guint) si);
  g_assert_cmpint (sw->kind, ==, VS_TASK_SHAVE);
  g_assert_cmpstr (sw->spec.shave.kernel, ==, "Convert");
  g_assert_cmpint (sw->spec.shave.runs, ==, 1);
  g_assert_cmpuint (sw->spec.shave.n_inputs, ==, 1);
  g_assert_cmpuint (sw->spec.shave.n_outputs, ==, 1);
  g_assert_cmpstr (vs_schedule_queue (s, sw->queue)->id, ==, "shv.t1");
  g_assert_cmpint (vs_schedule_queue (s, sw->queue)->servers, ==, 2);
  g_assert_true (vs_schedule_barrier (s, (guint) find_barrier (s, "17"))->is_final);
  g_assert_cmpint (vs_schedule_barrier (s, (guint) find_barrier (s, "17"))->pid, ==, 15);
}

/* NPU 4.0 single conv: WLM start barrier and enqueue targets, DMA channels,
 * input boxes of variants, and a name from nested fused locations. */
static void
test_npu40_singleconv (void)
{
  g_autoptr (VsSchedule) s = import_fixture ("npu40xx_1tile_singleconv_2026-05", NULL);
  if (s == NULL)
    return;
  gint b0 = find_barrier (s, "0");
  g_assert_cmpint (b0, >=, 0);
  g_assert_true (vs_schedule_barrier (s, (guint) b0)->is_start);
  g_assert_cmpint (vs_schedule_barrier (s, (guint) b0)->pid, ==, 8);
  g_assert_true (vs_schedule_barrier (s, (guint) find_barrier (s, "8"))->is_final);
  /* the start barrier is produced by the SyncDMA */
  const VsTask *sync = vs_schedule_task (s, 2);
  g_assert_cmpint (sync->kind, ==, VS_TASK_SYNC);
  g_assert_cmpstr (sync->name, ==, "start_barrier_sync_dma");
  g_assert_cmpuint (sync->n_updates, ==, 1);
  g_assert_cmpint (vs_schedule_ref (s, sync->first_update), ==, b0);
  /* the two FetchDMAs before it are DMAs of unknown size, no SYNC tasks:
   * they take a DMA's time (the compiler's estimator costs them so) */
  for (guint i = 0; i < 2; i++) {
    const VsTask *fetch = vs_schedule_task (s, i);
    g_assert_cmpint (fetch->kind, ==, VS_TASK_DMA);
    g_assert_cmpstr (fetch->spec.dma.op, ==, "FetchDMA");
    g_assert_true (vs_dma_op_is_descriptor (fetch->spec.dma.op));
    g_assert_cmpint (fetch->spec.dma.src, <, 0);
    g_assert_cmpint (fetch->spec.dma.dst, <, 0);
    g_assert_cmpint (fetch->spec.dma.bytes, ==, 0);
  }
  g_assert_true (vs_schedule_task (s, 1)->spec.dma.out_of_order);

  gint ti = find_task (s, "Convolution_6?t_Convolution/expand_act_channels/cluster_0", 0);
  g_assert_cmpint (ti, >=, 0);
  const VsTask *t = vs_schedule_task (s, (guint) ti);
  g_assert_cmpuint (t->n_enqueue, ==, 1);
  g_assert_cmpint (vs_schedule_ref (s, t->first_enqueue), ==, b0);
  g_assert_cmpint (t->spec.dpu.op, ==, VS_OP_CONVOLUTION);
  g_assert_cmpint (t->spec.dpu.kernel_w, ==, 2);
  g_assert_cmpint (t->spec.dpu.kernel_h, ==, 2);
  g_assert_cmpint (t->spec.dpu.activation, ==, VS_ACT_NONE);
  const VsDpuVariant *v = vs_schedule_variant (s, t->spec.dpu.first_variant);
  g_assert_true (v->has_in);
  g_assert_cmpint (v->in_end[0], ==, 1);
  g_assert_cmpint (v->in_end[1], ==, 1);
  g_assert_cmpint (v->in_end[2], ==, 15);
  g_assert_cmpint (v->out_end[0], ==, 0);
  g_assert_cmpint (v->out_end[2], ==, 15);
  /* the PermuteQuantize eltwise before it: PPE mode ADD */
  gint pq = find_task (s, "Convolution_6?t_Convolution/reorder_in_0/PermuteQuantize/cluster_0", 0);
  g_assert_cmpint (pq, >=, 0);
  g_assert_cmpint (vs_schedule_task (s, (guint) pq)->spec.dpu.op, ==, VS_OP_ELTWISE);
  g_assert_cmpint (vs_schedule_task (s, (guint) pq)->spec.dpu.activation, ==, VS_ACT_ADD);

  /* fused[#loc46 (Conv_0/Convert), #loc47 (Convert_11/Convert), "cluster_0"]:
   * only the first nested fused location names it */
  gint si = find_task (s, "Conv_0?t_Convert/cluster_0", 0);
  g_assert_cmpint (si, >=, 0);
  g_assert_cmpint (vs_schedule_task (s, (guint) si)->kind, ==, VS_TASK_SHAVE);
  /* DDR-source DMAs on the DDR channel, CMX-source ones on the CMX channel */
  gint in = find_task (s, "Convolution_6?t_Convolution/reorder_in_0/PermuteQuantize/_expand_input", -1);
  gint out = find_task (s, "495/sink_port_0?t_Result", -1);
  g_assert_cmpint (in, >=, 0);
  g_assert_cmpint (out, >=, 0);
  const VsQueue *qi = vs_schedule_queue (s, vs_schedule_task (s, (guint) in)->queue);
  const VsQueue *qo = vs_schedule_queue (s, vs_schedule_task (s, (guint) out)->queue);
  g_assert_cmpint (qi->channel, ==, 0);
  g_assert_cmpint (qo->channel, ==, 1);
  g_assert_cmpint (vs_schedule_task (s, (guint) in)->spec.dma.bytes, ==, 32);
  g_assert_cmpstr (g_hash_table_lookup (s->source, "workload_management"), ==, "ENABLED");
  g_assert_cmpint (s->device.dma_ports, ==, 1);
}

static void
test_vpu20_upa (void)
{
  g_autoptr (VsSchedule) s = import_fixture ("vpux30xx_4tile_agegender_2024-06", NULL);
  if (s == NULL)
    return;
  g_assert_cmpint (s->device.dpus_per_tile, ==, 5);
  const VsQueue *upa = vs_schedule_queue (s, s->queues->len - 1);
  g_assert_cmpstr (upa->id, ==, "upa");
  g_assert_cmpint (upa->engine, ==, VS_ENGINE_SHAVE);
  g_assert_cmpint (upa->servers, ==, 16);
  g_assert_cmpint (upa->tile, ==, -1);
  const VsTask *t0 = vs_schedule_task (s, 0);
  g_assert_cmpint (t0->kind, ==, VS_TASK_SHAVE);
  g_assert_cmpstr (t0->spec.shave.kernel, ==, "Convert");
  g_assert_cmpstr (t0->name, ==, "conv1/WithoutBiases?t_Convolution");
  gint ti = find_task (s, "conv1/WithoutBiases?t_Convolution/output tile [0, 0, 0, 0]/cluster_0", 0);
  g_assert_cmpint (ti, >=, 0);
  const VsDpuSpec *d = &vs_schedule_task (s, (guint) ti)->spec.dpu;
  g_assert_cmpuint (d->n_variants, >, 5);
  g_assert_cmpint (vs_schedule_variant (s, d->first_variant)->mpe_mode, ==, VS_EXEC_VECTOR_FP16);
}

/* 2023 syntax: quoted sections and enums, names already carrying '?'. */
static void
test_2023_syntax (void)
{
  g_autoptr (VsSchedule) s = import_fixture ("npu37xx_1tile_add_swish_lowpll_2023-02", NULL);
  if (s == NULL)
    return;
  g_assert_cmpint (find_task (s, "Add_2?/_expand_copy_1_13", -1), >=, 0);
  g_assert_cmpint (find_task (s, "Add_2?/output tile [0, 0, 75, 0]/_broadcast_copy_to_CMX[0,1]", -1), >=, 0);
  gint ti = find_task (s, "Add_0?/_PROF_0_0_2_1-1,1,/_cluster_1", 1);
  g_assert_cmpint (ti, >=, 0);
  const VsTask *t = vs_schedule_task (s, (guint) ti);
  g_assert_cmpint (t->spec.dpu.op, ==, VS_OP_ELTWISE);
  g_assert_cmpint (vs_schedule_variant (s, t->spec.dpu.first_variant)->mpe_mode, ==, VS_EXEC_CUBOID_8x16);
  g_assert_cmpint (t->spec.dpu.isi_strategy, ==, VS_ISI_SPLIT_OVER_H);
  g_assert_cmpstr (t->layer, ==, "Add_0");
  gint pd = find_task (s, "Add_0?/_unrolled_permuteDMA", -1);
  g_assert_cmpint (pd, >=, 0);
  g_assert_cmpstr (vs_schedule_task (s, (guint) pd)->spec.dma.op, ==, "PermuteDMA");
}

/* GRU: SHAVE kernels with several runs and a cache flush without tensors. */
static void
test_gru_kernels (void)
{
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (VsSchedule) s = import_fixture ("schedule_only_gru_sequence_37xx_2026-05", warnings);
  if (s == NULL)
    return;
  guint flush = 0;
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    if (t->kind == VS_TASK_SHAVE && strcmp (t->spec.shave.kernel, "cache_flush_invalidate") == 0) {
      flush++;
      g_assert_cmpint (t->cost.source, ==, VS_COST_SOURCE_COMPILER);
      g_assert_cmpfloat (t->cost.value, ==, 1);
    }
  }
  g_assert_cmpuint (flush, ==, 2);
  /* the missing arch attribute is inferred from the 1300 MHz clock, and said */
  gboolean said = FALSE;
  for (guint i = 0; i < warnings->len; i++)
    said |= strstr (g_ptr_array_index (warnings, i), "NPU37XX inferred") != NULL;
  g_assert_true (said);
}

/* What the importer writes, the YAML reader reads back unchanged. */
static void
test_yaml_round_trip (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++) {
    g_autoptr (VsSchedule) s = import_fixture (fixtures[f].dir, NULL);
    if (s == NULL)
      return;
    g_autoptr (GError) error = NULL;
    g_autoptr (GString) yaml = g_string_new (NULL);
    g_assert_true (vs_schedule_write (s, yaml, &error));
    g_assert_no_error (error);
    g_autoptr (VsSchedule) back = vs_schedule_read_from_data (yaml->str, yaml->len, "import.yaml", &error);
    g_assert_no_error (error);
    g_assert_nonnull (back);
    g_assert_cmpuint (back->tasks->len, ==, s->tasks->len);
    g_assert_cmpuint (back->barriers->len, ==, s->barriers->len);
    g_assert_cmpuint (back->queues->len, ==, s->queues->len);
    g_assert_cmpuint (back->variants->len, ==, s->variants->len);
    g_assert_cmpint (back->device.tiles, ==, s->device.tiles);
    g_assert_cmpfloat (back->device.dpu_clock_mhz, ==, s->device.dpu_clock_mhz);
    for (guint i = 0; i < s->tasks->len; i++) {
      const VsTask *a = vs_schedule_task (s, i), *b = vs_schedule_task (back, i);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpint (a->queue, ==, b->queue);
      g_assert_cmpuint (a->n_waits, ==, b->n_waits);
      g_assert_cmpuint (a->n_updates, ==, b->n_updates);
      if (a->kind == VS_TASK_DMA)
        g_assert_cmpint (a->spec.dma.bytes, ==, b->spec.dma.bytes);
    }
  }
}

static void
check_location (const char *loc, const char *context, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = vs_vpurt_location_name (loc, context, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, expected);
}

/* The compiler's stringification rules, on small cases. */
static void
test_location_names (void)
{
  check_location ("\"plain\"", NULL, "plain");
  check_location ("unknown", NULL, NULL);
  check_location ("\"f.mlir\":3:7", NULL, NULL);
  check_location ("fused[\"conv1\", \"t_Convolution\", \"cluster_0\"]", NULL, "conv1?t_Convolution/cluster_0");
  check_location ("fused<{name = \"L\", type = \"Conv\"}>[\"L\", \"tile_1\", \"cluster_1\"]", NULL,
                  "L?t_Conv/tile_1/cluster_1");
  /* two nested fused locations: the first names, the second is dropped */
  check_location ("fused[fused<{name = \"L1\", type = \"T1\"}>[\"L1\"], fused<{name = \"L2\", type = \"T2\"}>[\"L2\"], "
                  "\"sfx1\", \"sfx2\"]", NULL, "L1?t_T1/sfx1/sfx2");
  /* aliases, also to aliases; escapes in strings */
  check_location ("#loc3", "#loc1 = loc(\"a\\\"b\")\n#loc2 = loc(\"x\")\n"
                  "#loc3 = loc(fused<{name = \"a\", type = \"T\"}>[#loc1, #loc2])\n", "a\"b?t_T/x");
  /* the 2023 compiler put the '?' into the first part itself */
  check_location ("fused[\"Add_2?\", \"output tile [0, 0, 0, 0]\", \"_cluster_0\"]", NULL,
                  "Add_2?/output tile [0, 0, 0, 0]/_cluster_0");
  check_location ("\"name\"(\"child.mlir\":1:2)", NULL, "name");
  check_location ("callsite(\"callee\" at \"caller\")", NULL, "callee");
  /* an alias cycle ends, with no name */
  check_location ("#loc1", "#loc1 = loc(#loc2)\n#loc2 = loc(#loc1)\n", NULL);
  /* aliases that double at every level: 2^25 paths, one name, at once */
  GString *dag = g_string_new ("#l0 = loc(fused[\"x\"])\n");
  for (int k = 1; k <= 25; k++)
    g_string_append_printf (dag, "#l%d = loc(fused[#l%d, #l%d, \"s%d\"])\n", k, k - 1, k - 1, k);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = vs_vpurt_location_name ("#l25", dag->str, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (name, "x?s1/s2/s3/"));
  g_assert_true (g_str_has_suffix (name, "/s24/s25"));
  g_string_free (dag, TRUE);
  /* non-fused aliases visited many times are cut by a budget */
  GString *wide = g_string_new ("#w0 = loc(\"y\")\n");
  for (int k = 1; k <= 30; k++)
    g_string_append_printf (wide, "#w%d = loc(fused[\"a\", callsite(#w%d at #w%d), #w%d])\n", k, k - 1,
                            k - 1, k - 1);
  g_autoptr (GError) e2 = NULL;
  g_autofree char *cut = vs_vpurt_location_name ("#w30", wide->str, &e2);
  g_assert_no_error (e2);
  g_assert_nonnull (cut);
  g_assert_cmpuint (strlen (cut), <, 8 * 4096);
  g_string_free (wide, TRUE);
}

typedef struct {
  const char *text;
  const char *message;          /* expected start after "bad.mlir:" */
} Bad;

static const char header[] =
  "module @m attributes {VPU.arch = #VPU.arch_kind<NPU37XX>} {\n"           /* 1 */
  "  func.func @main() {\n";                                                 /* 2 */

static const Bad bad_inputs[] = {
  /* tokenizer */
  { "module {\n  func.func @main() {\n    VPURT.Task {\n  }\n", "2:21: '{' is never closed" },
  { "module {\n  %0 = VPURT.DeclareBuffer <DDR> <0> -> memref<1xf16> loc(\"abc)\n}\n",
    "2:59: unterminated string" },
  { "module {\n  func.func @main() {\n    %0 = VPURT.ConfigureBarrier<0> -> !VPURT.Barrier ` \n",
    "3:54: unexpected character '`'" },
  { "module { func.func @main() { ) } }\n", "1:30: ')' does not match '{' opened at 1:28" },
  { "module {\n}\n}\n", "3:1: '}' closes nothing" },
  { "#loc = loc(\"a\\q\")\n{-# never closed\n", "2:1: unterminated '{-#' block" },
  /* importer */
  { "module @m {\n}\n", "1:1: no function with VPURT.Task operations" },
  { "HEADER"
    "    %0 = VPURT.ConfigureBarrier<0> -> !VPURT.Barrier\n"                   /* 3 */
    "    VPURT.Task waits(%9 : !VPURT.Barrier) {\n"                            /* 4 */
    "      %1 = VPUIP.SyncDMA {port = 0 : i64} inputs(%0 : memref<0xi32>) outputs(%0 : memref<0xi32>) -> memref<0xi32>\n"
    "    }\n  }\n}\n", "4:22: waits of a VPURT.Task: %9 is not a declared barrier" },
  { "HEADER"
    "    %0 = VPURT.ConfigureBarrier -> !VPURT.Barrier\n"
    "    VPURT.Task {\n      %1 = VPUIP.SyncDMA inputs(%0 : memref<0xi32>) outputs(%0 : memref<0xi32>) -> memref<0xi32>\n    }\n"
    "  }\n}\n", "3:10: VPURT.ConfigureBarrier needs a physical id: <N>" },
  { "HEADER"
    "    %0 = VPURT.DeclareBuffer <CMX_NN> [0] <0>\n"
    "    VPURT.Task {\n      %1 = VPUIP.NNDMA inputs(%0 : memref<1xf16>) outputs(%0 : memref<1xf16>) -> memref<1xf16>\n    }\n"
    "  }\n}\n", "3:10: VPURT.DeclareBuffer: no tensor type after '->'" },
  { "HEADER"
    "    VPURT.Task {\n    }\n  }\n}\n", "3:5: VPURT.Task without an operation inside" },
  { "HEADER"
    "    %0 = VPURT.DeclareBuffer <CMX_NN> [0] <0> -> memref<1x16x4x4xf16, [@CMX_NN, 0]>\n"
    "    VPURT.Task {\n"
    "      %1 = VPUIP.NCEClusterTask {task_type = #VPUIP.nce_task_type<CONV>} input(%0 : memref<1x16x4x4xf16>) "
    "outputs(%0 : memref<1x16x4x4xf16>) -> memref<1x16x4x4xf16> variants : {\n"
    "        DPUTask {outStart = [0, 0, 0], mpe_mode = #VPU.mpe_mode<CUBOID_16x16>}\n"   /* 6 */
    "      } PPE : {\n      }\n    }\n  }\n}\n", "6:9: DPUTask needs outStart and outEnd (or start and end) as [x, y, z]" },
  { "HEADER"
    "    %0 = VPURT.DeclareBuffer <CMX_NN> [0] <0> -> memref<4xf16, [@CMX_NN, 0]>\n"
    "    VPURT.Task {\n"
    "      %1 = VPUIP.NCEClusterTask {task_type = \"ELTWISE\"} input(%0 : memref<4xf16>) outputs(%0 : memref<4xf16>) -> memref<4xf16> variants : {\n"
    "        DPUTask {outStart = [0, 0, 5], outEnd = [0, 0, 3], mpe_mode = \"VECTOR\"}\n"
    "      } PPE : {\n      }\n    }\n  }\n}\n", "6:9: DPUTask outEnd is before outStart" },
};

static void
test_bad_inputs (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++) {
    const Bad *b = &bad_inputs[i];
    g_autofree char *text = g_str_has_prefix (b->text, "HEADER")
                              ? g_strconcat (header, b->text + strlen ("HEADER"), NULL)
                              : g_strdup (b->text);
    g_autoptr (GError) error = NULL;
    g_autoptr (VsSchedule) s = vs_vpurt_import_from_data (text, strlen (text), "bad.mlir", NULL, &error);
    g_assert_null (s);
    g_assert_nonnull (error);
    g_autofree char *expected = g_strconcat ("bad.mlir:", b->message, NULL);
    if (!g_str_has_prefix (error->message, expected))
      g_error ("bad input %u: got '%s', expected '%s...'", i, error->message, expected);
  }
}

/* An op the importer does not know becomes a 1-cycle task with a warning
 * (one line however many times it occurs); a barrier nobody updates is the
 * schedule validator's error. */
static void
test_unknown_op_warning (void)
{
  static const char text[] =
    "#loc1 = loc(\"mystery\")\n"
    "module @m attributes {VPU.arch = #VPU.arch_kind<NPU40XX>} {\n"
    "  func.func @main() {\n"
    "    %0 = VPURT.DeclareVirtualBarrier -> !VPURT.Barrier\n"
    "    %1 = VPURT.DeclareVirtualBarrier {isFinalBarrier} -> !VPURT.Barrier\n"
    "    %2 = VPURT.DeclareBuffer <DDR> <0> -> memref<1x16x4x4xf16, @DDR>\n"
    "    %3 = VPURT.DeclareBuffer <CMX_NN> [0, 1] <64> -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]>\n"
    "    VPURT.Task updates(%0 : !VPURT.Barrier) {\n"
    "      %4 = VPUIP.DMAFrobnicate {port = 1 : i64} inputs(%2 : memref<1x16x4x4xf16>) outputs(%3 : memref<1x16x4x4xf16>) -> memref<1x16x4x4xf16> loc(#loc1)\n"
    "    }\n"
    "    VPURT.Task waits(%0 : !VPURT.Barrier) updates(%1 : !VPURT.Barrier) {\n"
    "      %4 = VPUIP.DMAFrobnicate {port = 1 : i64} inputs(%2 : memref<1x16x4x4xf16>) outputs(%3 : memref<1x16x4x4xf16>) -> memref<1x16x4x4xf16> loc(#loc1)\n"
    "    }\n"
    "  }\n"
    "}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (VsSchedule) s = vs_vpurt_import_from_data (text, strlen (text), "u.mlir", warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->tasks->len, ==, 2);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "u.mlir:9:12: unknown operation VPUIP.DMAFrobnicate: imported as a DMA task "
                   "costing 1 cycle (2 times)");
  const VsTask *t = vs_schedule_task (s, 0);
  g_assert_cmpstr (t->name, ==, "mystery");
  g_assert_cmpint (t->kind, ==, VS_TASK_DMA);
  g_assert_cmpint (t->cost.source, ==, VS_COST_SOURCE_COMPILER);
  g_assert_cmpstr (vs_schedule_queue (s, t->queue)->id, ==, "dma.p1.ddr");
  g_assert_cmpint (vs_schedule_tensor (s, t->spec.dma.dst)->tile_mask, ==, 3);
  g_assert_cmpint (vs_schedule_tensor (s, t->spec.dma.dst)->layout, ==, VS_LAYOUT_ZXY);
  g_assert_cmpint (vs_schedule_barrier (s, 0)->pid, ==, -1);
  g_assert_true (vs_schedule_barrier (s, 1)->is_final);
  g_assert_cmpint (s->device.dma_ports, ==, 2);

  /* the same with the first task's update removed: barrier %0 has no producer */
  g_autofree char *broken = g_strdup (text);
  char *p = strstr (broken, "VPURT.Task updates(%0 : !VPURT.Barrier)");
  memset (p + strlen ("VPURT.Task "), ' ', strlen ("updates(%0 : !VPURT.Barrier)"));
  g_autoptr (GError) e2 = NULL;
  g_autoptr (VsSchedule) s2 = vs_vpurt_import_from_data (broken, strlen (broken), "u.mlir", NULL, &e2);
  g_assert_null (s2);
  g_assert_error (e2, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID);
  g_assert_nonnull (strstr (e2->message, "barrier '0' is waited on by 1 task(s) but no task updates it"));
}

/* Every prefix of a real schedule and a few hundred byte mutations either
 * import or fail with a located error: never a crash or a hang. */
static void
test_truncated_and_mutated (void)
{
  g_autofree char *path = vs_test_npu_runs_file ("npu40xx_1tile_singleconv_2026-05/schedule_vpurt.mlir");
  if (path == NULL)
    return;
  g_autofree char *data = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  guint failed = 0;
  for (gsize cut = 0; cut < length; cut += 97) {
    g_autoptr (GError) error = NULL;
    g_autoptr (VsSchedule) s = vs_vpurt_import_from_data (data, cut, "cut.mlir", NULL, &error);
    g_assert_true ((s == NULL) == (error != NULL));
    if (s == NULL) {
      failed++;
      g_assert_true (g_str_has_prefix (error->message, "cut.mlir"));
    }
  }
  g_assert_cmpuint (failed, >, 0);
  GRand *rand = g_rand_new_with_seed (20260526);
  g_autofree char *copy = g_malloc (length);
  static const char alphabet[] = "%#@!<>{}[](),:=\"\\x0 \n-";
  for (guint i = 0; i < 300; i++) {
    memcpy (copy, data, length);
    for (guint k = 0; k < 4; k++)
      copy[g_rand_int_range (rand, 0, (gint32) length)] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
    g_autoptr (GError) error = NULL;
    g_autoptr (VsSchedule) s = vs_vpurt_import_from_data (copy, length, "mut.mlir", NULL, &error);
    g_assert_true ((s == NULL) == (error != NULL));
  }
  g_rand_free (rand);
}

/* `vpusim import` writes the YAML and prints warnings and a summary on stderr. */
static void
test_cli (void)
{
  g_autofree char *path = vs_test_npu_runs_file ("npu37xx_2tile_agegender_2024-08/schedule_vpurt.mlir");
  if (path == NULL)
    return;
  g_autofree char *outp = g_build_filename (vs_test_tmpdir (), "imported.yaml", NULL);
  const char *args[] = { "import", path, "-o", outp, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = vs_test_run_vpusim (args, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err, "116 tasks (DMA 98, DPU 10, SHAVE 8), 16 barriers, 6 queues"));
  g_assert_nonnull (strstr (err, "compiler estimate 104492 cycles = 80.4 us"));
  g_assert_nonnull (strstr (err, "warning:"));
  g_autoptr (GError) error = NULL;
  g_autoptr (VsSchedule) s = vs_schedule_read (outp, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->tasks->len, ==, 116);

  const char *bad[] = { "import", "/nonexistent/x.mlir", NULL };
  g_autofree char *o2 = NULL, *e2 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (bad, &o2, &e2), ==, 1);
  g_assert_nonnull (strstr (e2, "x.mlir"));
  const char *usage[] = { "import", NULL };
  g_autofree char *o3 = NULL, *e3 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (usage, &o3, &e3), ==, 2);
}

/* One hand-written input per syntax variant (the .mlir files of tests/vpurt_syntax, each
 * file says what it covers): it imports with the counts below, the expected
 * warning (if any) among the warnings, and `vpusim run` replays it. */
typedef struct {
  const char *file;
  const char *preset;
  guint tasks, dma, dpu, shave, sync, variants;
  const char *queues;
  const char *warning;          /* a substring of one warning, NULL: none expected */
} SyntaxCase;

static const SyntaxCase syntax_cases[] = {
  { "kmb_2022_start_end.mlir", "vpu20", 5, 3, 1, 1, 0, 2, "dma.p0 dpu.t0 upa", NULL },
  { "kmb_2022_multiline_variants.mlir", "vpu20", 4, 2, 1, 1, 0, 2, "dma.p0 dpu.t1 upa", NULL },
  { "mtl_2023_string_enums.mlir", "npu27", 6, 4, 1, 1, 0, 1, "dma.p0 dma.p1 dpu.t0 shv.t0", NULL },
  { "mtl_2024_enum_attrs.mlir", "npu27", 14, 11, 1, 1, 1, 1, "dma.p0 dma.p1 dpu.t0 shv.t0", NULL },
  { "lnl_2026_properties.mlir", "npu40", 9, 6, 1, 1, 1, 1,
    "dma.p0.ddr dma.p0.cmx dma.p1.ddr dpu.t0 shv.t0.l1", NULL },
  { "unknown_attributes.mlir", "npu27", 4, 2, 1, 1, 0, 1, "dma.p0 dma.p1 dpu.t1 shv.t0",
    "DPUTask attribute 'futureVariantAttr' is not known to vpusim: ignored" },
};

static void
test_syntax_variants (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (syntax_cases); c++) {
    const SyntaxCase *sc = &syntax_cases[c];
    g_autofree char *rel = g_build_filename ("tests", "vpurt_syntax", sc->file, NULL);
    g_autofree char *path = vs_test_source_file (rel);
    g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GError) error = NULL;
    g_autoptr (VsSchedule) s = vs_vpurt_import_full (path, warnings, &error);
    g_assert_no_error (error);
    g_assert_nonnull (s);
    g_test_message ("%s: %u tasks, %u warnings", sc->file, s->tasks->len, warnings->len);
    g_assert_cmpstr (s->device_preset, ==, sc->preset);
    guint kinds[VS_TASK_KIND_COUNT] = { 0 };
    for (guint i = 0; i < s->tasks->len; i++)
      kinds[vs_schedule_task (s, i)->kind]++;
    g_assert_cmpuint (s->tasks->len, ==, sc->tasks);
    g_assert_cmpuint (kinds[VS_TASK_DMA], ==, sc->dma);
    g_assert_cmpuint (kinds[VS_TASK_DPU], ==, sc->dpu);
    g_assert_cmpuint (kinds[VS_TASK_SHAVE], ==, sc->shave);
    g_assert_cmpuint (kinds[VS_TASK_SYNC], ==, sc->sync);
    g_assert_cmpuint (s->variants->len, ==, sc->variants);
    GString *q = g_string_new (NULL);
    for (guint i = 0; i < s->queues->len; i++)
      g_string_append_printf (q, "%s%s", i ? " " : "", vs_schedule_queue (s, i)->id);
    g_assert_cmpstr (q->str, ==, sc->queues);
    g_string_free (q, TRUE);
    /* every variant box read, whichever spelling */
    for (guint v = 0; v < s->variants->len; v++) {
      const VsDpuVariant *var = &g_array_index (s->variants, VsDpuVariant, v);
      g_assert_cmpint (var->out_end[0], >, 0);
      g_assert_cmpint (var->out_end[2], ==, 15);
    }
    gboolean seen = sc->warning == NULL;
    for (guint w = 0; w < warnings->len; w++)
      seen = seen || strstr (g_ptr_array_index (warnings, w), sc->warning) != NULL;
    g_assert_true (seen);
    const char *args[] = { "run", path, "--cost", "analytical", NULL };
    g_autofree char *out = NULL, *err = NULL;
    int rc = vs_test_run_vpusim (args, &out, &err);
    if (rc != 0)
      g_test_message ("%s", err);
    g_assert_cmpint (rc, ==, 0);
    g_assert_nonnull (strstr (out, "latency: "));
  }
}

/* The first DMA task of `s` whose op is `op`, or NULL. */
static const VsDmaSpec *
first_dma_op (const VsSchedule *s, const char *op)
{
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    if (t->kind == VS_TASK_DMA && g_strcmp0 (t->spec.dma.op, op) == 0)
      return &t->spec.dma;
  }
  return NULL;
}

/* A PermuteDMA's dma_descriptor, as the 2023 printer wrote it (a
 * dictionary) and as 2024 on write it (#VPUIP.DMADescriptorAttr<...>), is
 * read into the task; one whose runs do not tile its planes is left out
 * with a warning, and the DMA stays. */
static void
test_dma_descriptor (void)
{
  g_autofree char *path = vs_test_source_file ("tests/vpurt_syntax/mtl_2023_string_enums.mlir");
  g_autofree char *text = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  const char *dict = "dma_descriptor = {dstPlaneStride = 2 : i64, dstStride = 32 : i64, dstWidth = 2 "
                     ": i64, len = 128 : i64, numPlanes = 16 : i64, srcPlaneStride = 128 : i64, "
                     "srcStride = 2 : i64, srcWidth = 128 : i64}";
  g_assert_nonnull (strstr (text, dict));
  const char *attr = "dma_descriptor = #VPUIP.DMADescriptorAttr<numPlanes = 16 : i64, len = 128 : "
                     "i64, srcWidth = 128 : i64, srcStride = 2 : i64, srcPlaneStride = 128 : i64, "
                     "dstWidth = 2 : i64, dstStride = 32 : i64, dstPlaneStride = 2 : i64>";
  const char *odd = "dma_descriptor = {dstPlaneStride = 2 : i64, dstStride = 32 : i64, dstWidth = 3 "
                    ": i64, len = 128 : i64, numPlanes = 16 : i64, srcPlaneStride = 128 : i64, "
                    "srcStride = 2 : i64, srcWidth = 128 : i64}";
  const char *forms[] = { dict, attr, odd };
  for (guint f = 0; f < G_N_ELEMENTS (forms); f++) {
    g_auto (GStrv) parts = g_strsplit (text, dict, 2);
    g_autofree char *variant = g_strjoin (forms[f], parts[0], parts[1], NULL);
    g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GError) error = NULL;
    g_autoptr (VsSchedule) s = vs_vpurt_import_from_data (variant, strlen (variant), "d.mlir",
                                                          warnings, &error);
    g_assert_no_error (error);
    const VsDmaSpec *d = first_dma_op (s, "PermuteDMA");
    g_assert_nonnull (d);
    gboolean warned = FALSE;
    for (guint w = 0; w < warnings->len; w++)
      warned = warned || strstr (g_ptr_array_index (warnings, w), "do not tile its planes") != NULL;
    if (forms[f] == odd) {
      g_assert_cmpint (d->planes.count, ==, 0);
      g_assert_true (warned);
      continue;
    }
    g_assert_false (warned);
    VsDmaPlanes want = { .count = 16, .len = 128, .src_width = 128, .dst_width = 2,
                         .src_stride = 2, .dst_stride = 32, .src_plane_stride = 128,
                         .dst_plane_stride = 2 };
    g_assert_cmpmem (&d->planes, sizeof d->planes, &want, sizeof want);
    /* a plain copy has none */
    g_assert_cmpint (first_dma_op (s, "NNDMA")->planes.count, ==, 0);
  }
}

/* The 2022 variant box spelling is read into the same box as outStart/outEnd. */
static void
test_start_end_boxes (void)
{
  g_autofree char *path = vs_test_source_file ("tests/vpurt_syntax/kmb_2022_start_end.mlir");
  g_autoptr (GError) error = NULL;
  g_autoptr (VsSchedule) s = vs_vpurt_import (path, &error);
  g_assert_no_error (error);
  const VsDpuVariant *v = &g_array_index (s->variants, VsDpuVariant, 1);
  g_assert_cmpint (v->out_start[1], ==, 4);
  g_assert_cmpint (v->out_end[0], ==, 7);
  g_assert_cmpint (v->out_end[1], ==, 7);
  g_assert_cmpint (v->mpe_mode, ==, VS_EXEC_VECTOR_FP16);
  gint t = -1;
  for (guint i = 0; i < s->tasks->len; i++)
    if (vs_schedule_task (s, i)->kind == VS_TASK_DPU)
      t = (gint) i;
  const VsDpuSpec *d = &vs_schedule_task (s, (guint) t)->spec.dpu;
  /* the operands on lines of their own were read */
  g_assert_cmpint (d->input, >=, 0);
  g_assert_cmpint (d->weights, >=, 0);
  g_assert_cmpint (d->kernel_w, ==, 3);
  g_assert_cmpint (d->activation, ==, VS_ACT_LRELU);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vpurt-import/fixtures", test_fixtures);
  g_test_add_func ("/vpurt-import/npu27-details", test_npu27_details);
  g_test_add_func ("/vpurt-import/npu40-singleconv", test_npu40_singleconv);
  g_test_add_func ("/vpurt-import/vpu20-upa", test_vpu20_upa);
  g_test_add_func ("/vpurt-import/2023-syntax", test_2023_syntax);
  g_test_add_func ("/vpurt-import/syntax-variants", test_syntax_variants);
  g_test_add_func ("/vpurt-import/start-end-boxes", test_start_end_boxes);
  g_test_add_func ("/vpurt-import/dma-descriptor", test_dma_descriptor);
  g_test_add_func ("/vpurt-import/gru-kernels", test_gru_kernels);
  g_test_add_func ("/vpurt-import/yaml-round-trip", test_yaml_round_trip);
  g_test_add_func ("/vpurt-import/location-names", test_location_names);
  g_test_add_func ("/vpurt-import/bad-inputs", test_bad_inputs);
  g_test_add_func ("/vpurt-import/unknown-op-warning", test_unknown_op_warning);
  g_test_add_func ("/vpurt-import/truncated-and-mutated", test_truncated_and_mutated);
  g_test_add_func ("/vpurt-import/cli", test_cli);
  return g_test_run ();
}
