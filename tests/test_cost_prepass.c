/* SPDX-License-Identifier: Apache-2.0 */
/* test_cost_prepass.c — the cost pre-pass: deduplication and batching, given
 * costs, error policies, re-timing for other clocks and bandwidths, and —
 * with the VPUNN files — that every task of a replayed scenario lasts exactly
 * what `vpusim cost` answers for its workload. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "models/dma_theoretical.h"
#include "models/shave_kernel_names.h"
#include "models/shave_table.h"
#include "models/vpunn/vpunn_dma.h"
#include "models/vpunn/vpunn_dpu.h"
#include "models/vpunn/vpunn_paths.h"
#include "sim/cost/cost_prepass.h"
#include "sim/cost/kernel_first_use.h"
#include "sim/analysis/run_pipeline.h"
#include "sim/schedule/schedule_yaml.h"
#include "sim/schedule/workload_map.h"
#include "tests/test_support.h"

/* A cost model that answers from the workload and counts what it is asked:
 * DMA = bytes of the source / 10, SHAVE = VS_ERROR_SHAVE_OPERATOR_MISSING for
 * kernel "Mystery", else 100; DPU = an error for 1x1 kernels, else 1000. */
typedef struct {
  VsCostModel parent;
  guint calls[VS_TASK_KIND_COUNT];
  gsize queries[VS_TASK_KIND_COUNT];
} CountingModel;

static gboolean
count_dpu (VsCostModel *self, const VsDpuWorkload *w, gsize n, VsCycles *out, GError **error)
{
  CountingModel *m = (CountingModel *) self;
  m->calls[VS_TASK_DPU]++;
  m->queries[VS_TASK_DPU] += n;
  for (gsize i = 0; i < n; i++)
    out[i] = w[i].kernel_w == 1 ? VS_ERROR_INVALID_INPUT_CONFIGURATION : 1000;
  return TRUE;
}

static gboolean
count_dma (VsCostModel *self, const VsDmaCopyWorkload *w, gsize n, VsCycles *out, GError **error)
{
  CountingModel *m = (CountingModel *) self;
  m->calls[VS_TASK_DMA]++;
  m->queries[VS_TASK_DMA] += n;
  for (gsize i = 0; i < n; i++)
    out[i] = w[i].input.w * w[i].input.h * w[i].input.c / 10;
  return TRUE;
}

static gboolean
count_shave (VsCostModel *self, const VsShaveWorkload *w, gsize n, VsCycles *out, GError **error)
{
  CountingModel *m = (CountingModel *) self;
  m->calls[VS_TASK_SHAVE]++;
  m->queries[VS_TASK_SHAVE] += n;
  for (gsize i = 0; i < n; i++)
    out[i] = strcmp (w[i].kernel, "Mystery") == 0 ? VS_ERROR_SHAVE_OPERATOR_MISSING : 100;
  return TRUE;
}

static void
count_free (VsCostModel *self)
{
  (void) self;   /* lives on the test's stack */
}

static const VsCostModelClass counting_class = {
  "counting", count_dpu, count_dma, count_shave, count_free,
};

static const char schedule_yaml[] =
  "format: vpusim-schedule\nversion: 1\ndevice: npu27\n"
  "queues:\n"
  "  - {id: dma, engine: DMA, port: 0}\n"
  "  - {id: dpu, engine: DPU, tile: 0}\n"
  "  - {id: shv, engine: SHAVE, tile: 0}\n"
  "buffers:\n"
  "  - {id: a, memory: DDR, shape: [1, 1, 10, 100], dtype: u8}\n"
  "  - {id: b, memory: CMX, tiles: [0], shape: [1, 1, 10, 100], dtype: u8}\n"
  "  - {id: c, memory: CMX, tiles: [0], shape: [1, 1, 20, 100], dtype: u8}\n"
  "  - {id: x, memory: CMX, tiles: [0], shape: [1, 16, 8, 8], dtype: u8}\n"
  "  - {id: y, memory: CMX, tiles: [0], shape: [1, 16, 8, 8], dtype: u8}\n"
  "tasks:\n"
  "  - {id: d0, queue: dma, kind: DMA, dma: {src: a, dst: b}}\n"
  "  - {id: d1, queue: dma, kind: DMA, dma: {src: a, dst: b}}\n"
  "  - {id: d2, queue: dma, kind: DMA, dma: {src: c, dst: c}}\n"
  "  - {id: d3, queue: dma, kind: DMA, dma: {src: a, dst: b}, cost: {ns: 5}}\n"
  "  - {id: s0, queue: dma, kind: SYNC}\n"
  "  - id: conv\n    queue: dpu\n    kind: DPU\n"
  "    dpu:\n      op: CONV\n      kernel: [3, 3]\n      pad: {top: 1, bottom: 1, left: 1, right: 1}\n"
  "      input: x\n      output: y\n      variants:\n"
  "        - {out_start: [0, 0, 0], out_end: [7, 3, 15], pad: {top: 1, left: 1, right: 1}, mpe_mode: CUBOID_16x16}\n"
  "        - {out_start: [0, 4, 0], out_end: [7, 7, 15], pad: {bottom: 1, left: 1, right: 1}, mpe_mode: CUBOID_16x16}\n"
  "        - {out_start: [0, 0, 0], out_end: [7, 3, 15], pad: {top: 1, left: 1, right: 1}, mpe_mode: CUBOID_16x16, cost: {cycles: 13}}\n"
  "  - {id: pw, queue: dpu, kind: DPU, dpu: {op: CONV, kernel: [1, 1], input: x, output: y}}\n"
  "  - {id: k1, queue: shv, kind: SHAVE, shave: {kernel: Sigmoid, inputs: [x], outputs: [y]}}\n"
  "  - {id: k2, queue: shv, kind: SHAVE, shave: {kernel: Mystery, inputs: [x], outputs: [y]}}\n";

static VsSchedule *
read_schedule (void)
{
  g_autoptr(GError) error = NULL;
  VsSchedule *s = vs_schedule_read_from_data (schedule_yaml, sizeof schedule_yaml - 1, "t.yaml",
                                              &error);
  g_assert_no_error (error);
  g_assert_true (vs_schedule_validate (s, &error));
  return s;
}

static void
test_dedup_and_given (void)
{
  g_autoptr(VsSchedule) s = read_schedule ();
  CountingModel m = { { &counting_class }, { 0 }, { 0 } };
  VsCostModel *fallback = NULL;
  VsCostPlan plan = { &m.parent, &m.parent, &m.parent, fallback, VS_UNKNOWN_SHAVE_ZERO, FALSE, NULL };
  VsCosts c;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_cost_prepass (s, &plan, &c, &error));
  /* One batch per kind; d0 and d1 are one workload, d3 is given. */
  g_assert_cmpuint (m.calls[VS_TASK_DMA], ==, 1);
  g_assert_cmpuint (m.queries[VS_TASK_DMA], ==, 2);
  g_assert_cmpuint (m.calls[VS_TASK_DPU], ==, 1);
  g_assert_cmpuint (m.queries[VS_TASK_DPU], ==, 3);     /* 2 distinct variants + the 1x1 task */
  g_assert_cmpuint (m.queries[VS_TASK_SHAVE], ==, 2);
  g_assert_cmpuint (c.stats[VS_TASK_DMA].given, ==, 1);
  g_assert_cmpuint (c.stats[VS_TASK_DPU].given, ==, 1);
  g_assert_cmpuint (c.task_cycles[0], ==, 100);
  g_assert_cmpuint (c.task_cycles[2], ==, 200);
  g_assert_cmpint (c.task_ps[3], ==, 5000);
  g_assert_cmpint (c.task_ps[4], ==, 0);                /* SYNC */
  /* 1000 cycles at 1300 MHz. */
  g_assert_cmpint (c.variant_ps[0], ==, 769231);
  g_assert_cmpint (c.variant_ps[2], ==, 10000);         /* 13 given cycles */
  g_assert_cmpuint (c.task_cycles[5], ==, 2013);
  /* The 1x1 task: the model's error, no fallback model: 1 cycle with a note. */
  g_assert_cmpuint (c.task_cycles[6], ==, 1);
  g_assert_cmpuint (c.task_cycles[8], ==, 0);           /* unknown kernel, policy zero */
  gboolean noted = FALSE;
  for (guint i = 0; i < c.warnings->len; i++)
    noted |= strstr (c.warnings->pdata[i], "task 'k2': unknown SHAVE kernel 'Mystery'") != NULL;
  g_assert_true (noted);
  vs_costs_clear (&c);

  plan.unknown_shave = VS_UNKNOWN_SHAVE_ERROR;
  g_assert_false (vs_cost_prepass (s, &plan, &c, &error));
  g_assert_nonnull (strstr (error->message, "task 'k2': unknown SHAVE kernel 'Mystery'"));
  g_clear_error (&error);

  plan.unknown_shave = VS_UNKNOWN_SHAVE_ANALYTICAL;
  g_assert_true (vs_cost_prepass (s, &plan, &c, &error));
  /* The npu27 preset's SHAVE fallback model: (2281 launch cycles + 2048
   * bytes / 7.968 bytes per cycle) at 975 MHz = 2.603 us, reported as
   * 3384 cycles of the 1300 MHz DPU clock. */
  g_assert_cmpuint (c.task_cycles[8], ==, 3384);
  g_assert_cmpint (c.task_ps[8], ==, 2603106);
  vs_costs_clear (&c);
  /* Without a fallback model: output bytes at 1 B/cycle. */
  s->device.shave_fallback_launch_cycles = s->device.shave_fallback_bytes_per_cycle = 0;
  g_assert_true (vs_cost_prepass (s, &plan, &c, &error));
  g_assert_cmpuint (c.task_cycles[8], ==, 16 * 8 * 8);
  vs_costs_clear (&c);

  plan.dma = NULL;
  g_assert_false (vs_cost_prepass (s, &plan, &c, &error));
  g_assert_cmpstr (error->message, ==,
                   "t.yaml: task 'd0': no cost given and no DMA cost model selected (see --cost)");
}

static void
test_retime (void)
{
  g_autoptr(VsSchedule) s = read_schedule ();
  CountingModel m = { { &counting_class }, { 0 }, { 0 } };
  VsDevice ref = s->device;
  VsCostPlan plan = { &m.parent, &m.parent, &m.parent, NULL, VS_UNKNOWN_SHAVE_ZERO, FALSE, &ref };
  VsCosts c;
  g_assert_true (vs_cost_prepass (s, &plan, &c, NULL));
  guint n = s->tasks->len, nv = s->variants->len;
  g_autofree gint64 *t_ps = g_new (gint64, n);
  g_autofree gint64 *v_ps = g_new (gint64, nv);
  /* Same device: the same times. */
  vs_costs_retime (&c, s, &s->device, &ref, FALSE, t_ps, v_ps);
  g_assert_cmpmem (t_ps, n * sizeof (gint64), c.task_ps, n * sizeof (gint64));
  /* Twice the DDR bandwidth and engine width: DDR transfers take half; the
   * CMX-to-CMX copy (d2) depends on the engine only. */
  VsDevice fast = s->device;
  fast.ddr_bandwidth_gbps *= 2;
  fast.dma_bytes_per_cycle *= 2;
  vs_costs_retime (&c, s, &fast, &ref, FALSE, t_ps, v_ps);
  /* (Halving rounds to the nearest picosecond.) */
  g_assert_cmpint (ABS (2 * t_ps[0] - c.task_ps[0]), <=, 1);
  g_assert_cmpint (ABS (2 * t_ps[2] - c.task_ps[2]), <=, 1);
  g_assert_cmpint (t_ps[3], ==, 5000);                  /* given ns never move */
  g_assert_cmpint (v_ps[0], ==, c.variant_ps[0]);       /* DPU: its clock only */
  /* Half the DPU clock: DPU cycles take twice as long, given cycles too. */
  VsDevice slow = s->device;
  slow.dpu_clock_mhz /= 2;
  vs_costs_retime (&c, s, &slow, &ref, FALSE, t_ps, v_ps);
  g_assert_cmpint (v_ps[0], ==, 1538462);
  g_assert_cmpint (v_ps[2], ==, 20000);
  /* SHAVE follows the SHAVE clock, all but the code fetch of a kernel's
   * first run on its SHAVE (a copy from DDR): k1 is one. */
  VsDevice shave = s->device;
  shave.shave_clock_mhz *= 2;
  vs_costs_retime (&c, s, &shave, &ref, FALSE, t_ps, v_ps);
  g_assert_true (c.task_kernel_first[7]);
  gint64 load = llround (vs_device_kernel_load_ns (&s->device, c.task_kernel[7]) * 1000.0);
  g_assert_cmpint (load, >, 0);
  g_assert_cmpint (ABS (2 * (t_ps[7] - load) - (c.task_ps[7] - load)), <=, 1);
  /* Without the fetch, the kernel alone. */
  VsDevice no_load = shave;
  no_load.shave_kernel_load_ns = 0;
  memset (&no_load.shave_kernel_loads, 0, sizeof no_load.shave_kernel_loads);
  vs_costs_retime (&c, s, &no_load, &ref, FALSE, t_ps, v_ps);
  g_assert_cmpint (ABS (2 * t_ps[7] - (c.task_ps[7] - load)), <=, 1);
  /* Compiler mode converts everything at the DPU clock. */
  vs_costs_retime (&c, s, &fast, &ref, TRUE, t_ps, v_ps);
  g_assert_cmpint (t_ps[0], ==, c.task_ps[0]);
  vs_costs_clear (&c);
}

/* Every task of the demo, replayed with --cost vpunn, lasts what the VPUNN
 * objects answer for its mapped workload, and what `vpusim cost dpu` answers
 * for the same workloads written as CSV rows. */
static void
test_vpunn_durations_equal_cost_answers (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  g_autofree char *demo = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  VsRunConfig config = { .cost = "vpunn", .models_dir = models };
  VsRun run;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_run_prepare (&run, demo, &config, &error));
  g_assert_no_error (error);
  const VsSchedule *s = run.schedule;

  g_autofree char *dpu_path = vs_vpunn_find_file (models, "vpu_2_7.vpunn", &error);
  g_autoptr(VsVpunnDpu) dpu = vs_vpunn_dpu_new (dpu_path, &error);
  g_autofree char *dma_path = vs_vpunn_find_file (models, "dma_2_7.vpunn", &error);
  g_autoptr(VsVpunnDma) dma = vs_vpunn_dma_load (dma_path, &error);
  g_assert_no_error (error);
  const VsShaveTable *table = vs_shave_table_builtin ();

  g_autoptr(GString) csv = g_string_new (
    "device,operation,in_w,in_h,in_c,in_b,in_dtype,in_layout,in_sparse,out_w,out_h,out_c,out_b,"
    "out_dtype,out_layout,kernel_w,kernel_h,stride_w,stride_h,pad_top,pad_bottom,pad_left,pad_right,"
    "execution_mode,activation,act_sparsity,weight_sparsity,weight_sparsity_enabled,in_swizzling0,"
    "in_swizzling1,out_swizzling,output_write_tiles,isi_strategy,reference_cycles\n");
  guint checked = 0;
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    if (t->kind == VS_TASK_DPU) {
      for (guint v = 0; v < t->spec.dpu.n_variants; v++) {
        VsDpuWorkload w;
        g_assert_true (vs_workload_map_dpu (s, i, (gint) v, &w, &error));
        VsCycles expected = vs_vpunn_dpu_cost (dpu, &w);
        guint vi = t->spec.dpu.first_variant + v;
        g_assert_cmpuint (run.costs.variant_cycles[vi], ==, expected);
        g_assert_cmpint (run.costs.variant_ps[vi], ==,
                         vs_device_cycles_to_ps (expected, s->device.dpu_clock_mhz));
        g_string_append_printf (
          csv, "%s,%s,%u,%u,%u,%u,%s,%s,%d,%u,%u,%u,%u,%s,%s,%u,%u,%u,%u,%u,%u,%u,%u,%s,%s,%f,%f,%d,"
          "%s,%s,%s,%u,%s,%u\n",
          vs_vpu_device_name (w.device), vs_dpu_operation_name (w.op), w.input.w, w.input.h,
          w.input.c, w.input.b, vs_data_type_name (w.input.dtype), vs_layout_name (w.input.layout),
          w.input.sparse, w.output.w, w.output.h, w.output.c, w.output.b,
          vs_data_type_name (w.output.dtype), vs_layout_name (w.output.layout), w.kernel_w,
          w.kernel_h, w.stride_w, w.stride_h, w.pad_top, w.pad_bottom, w.pad_left, w.pad_right,
          vs_execution_mode_name (w.execution_mode), vs_activation_name (w.activation),
          w.act_sparsity, w.weight_sparsity, w.weight_sparsity_enabled,
          vs_swizzling_name (w.in_swizzling[0]), vs_swizzling_name (w.in_swizzling[1]),
          vs_swizzling_name (w.out_swizzling), w.output_write_tiles,
          vs_isi_strategy_name (w.isi_strategy), expected);
        checked++;
      }
    } else if (t->kind == VS_TASK_DMA) {
      VsDmaCopyWorkload w;
      g_assert_true (vs_workload_map_dma (s, i, &w, &error));
      g_assert_cmpuint (run.costs.task_cycles[i], ==, vs_vpunn_dma_copy_cycles (dma, &w));
      checked++;
    } else if (t->kind == VS_TASK_SHAVE) {
      VsShaveWorkload w;
      g_assert_true (vs_workload_map_shave (s, i, &w, &error));
      g_assert_cmpuint (run.costs.task_cycles[i], ==, vs_shave_table_cycles (table, &w));
      checked++;
    }
  }
  g_assert_cmpuint (checked, ==, 6 + 6 + 4);
  vs_run_clear (&run);

  /* The same DPU workloads through the command line. */
  g_autofree char *in = g_build_filename (vs_test_tmpdir (), "variants.csv", NULL);
  g_assert_true (g_file_set_contents (in, csv->str, (gssize) csv->len, NULL));
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "cost", "dpu", "--models", models, in, NULL };
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "6/6 rows agree with reference_cycles"));
}

/* Compiler mode costs DMAs as the NPU compiler's estimator does: VPUNN's
 * tensor-level query, i.e. the theoretical DMA model on flat tensors —
 * not the DMA network that realistic mode uses. */
static void
test_compiler_mode_dma (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  g_autofree char *demo = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  VsRunConfig compiler = { .cost = "vpunn", .models_dir = models, .mode = VS_REPLAY_COMPILER };
  VsRunConfig realistic = { .cost = "vpunn", .models_dir = models, .mode = VS_REPLAY_REALISTIC };
  VsRun c, r;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_run_prepare (&c, demo, &compiler, &error));
  g_assert_true (vs_run_prepare (&r, demo, &realistic, &error));
  g_assert_no_error (error);
  const VsSchedule *s = c.schedule;
  guint dmas = 0, differ = 0;
  for (guint i = 0; i < s->tasks->len; i++) {
    if (vs_schedule_task (s, i)->kind != VS_TASK_DMA)
      continue;
    VsDmaCopyWorkload w;
    g_assert_true (vs_workload_map_dma (s, i, &w, &error));
    VsVpuTensor *t[2] = { &w.input, &w.output };
    for (int k = 0; k < 2; k++) {
      t[k]->w *= t[k]->h * t[k]->c * t[k]->b;
      t[k]->h = t[k]->c = t[k]->b = 1;
      t[k]->layout = VS_LAYOUT_ZXY;
    }
    g_assert_cmpuint (c.costs.task_cycles[i], ==, vs_dma_theoretical_cycles (&w));
    differ += c.costs.task_cycles[i] != r.costs.task_cycles[i];
    dmas++;
  }
  g_assert_cmpuint (dmas, ==, 6);
  g_assert_cmpuint (differ, >, 0);
  /* DPU and SHAVE costs are VPUNN's in both modes. */
  for (guint v = 0; v < s->variants->len; v++)
    g_assert_cmpuint (c.costs.variant_cycles[v], ==, r.costs.variant_cycles[v]);
  vs_run_clear (&c);
  vs_run_clear (&r);
}

/* What the compiler's estimator leaves out or simplifies: SHAVE work on
 * FP32 tensors and kernels its cost model lacks cost 1 cycle, and a DMA of
 * an element type other than FP16/INT8/UINT8 is costed as BF16 (an FP32
 * copy as an FP16 copy of as many elements). */
static void
test_compiler_mode_element_types (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  static const char yaml[] =
    "format: vpusim-schedule\nversion: 1\ndevice: npu27\n"
    "queues:\n"
    "  - {id: dma, engine: DMA, port: 0}\n"
    "  - {id: shv, engine: SHAVE, tile: 0}\n"
    "tasks:\n"
    "  - {id: f32_copy, queue: dma, kind: DMA, dma: {src: {memory: DDR, shape: [1, 32, 28, 56], dtype: f32},"
    " dst: {memory: CMX, tiles: [0], shape: [1, 32, 28, 56], dtype: f32}}}\n"
    "  - {id: f16_copy, queue: dma, kind: DMA, dma: {src: {memory: DDR, shape: [1, 32, 28, 56], dtype: f16},"
    " dst: {memory: CMX, tiles: [0], shape: [1, 32, 28, 56], dtype: f16}}}\n"
    "  - {id: sig_f16, queue: shv, kind: SHAVE, shave: {kernel: Sigmoid,"
    " inputs: [{memory: CMX, tiles: [0], shape: [1, 32, 28, 56], dtype: f16}],"
    " outputs: [{memory: CMX, tiles: [0], shape: [1, 32, 28, 56], dtype: f16}]}}\n"
    "  - {id: sig_f32, queue: shv, kind: SHAVE, shave: {kernel: Sigmoid,"
    " inputs: [{memory: CMX, tiles: [0], shape: [1, 32, 28, 56], dtype: f32}],"
    " outputs: [{memory: CMX, tiles: [0], shape: [1, 32, 28, 56], dtype: f32}]}}\n"
    "  - {id: convert, queue: shv, kind: SHAVE, shave: {kernel: Convert,"
    " inputs: [{memory: CMX, tiles: [0], shape: [1, 32, 28, 56], dtype: f16}],"
    " outputs: [{memory: CMX, tiles: [0], shape: [1, 32, 28, 56], dtype: u8}]}}\n";
  g_autofree char *path = g_build_filename (vs_test_tmpdir (), "compiler_types.yaml", NULL);
  g_assert_true (g_file_set_contents (path, yaml, -1, NULL));
  VsRunConfig compiler = { .cost = "vpunn", .models_dir = models, .mode = VS_REPLAY_COMPILER };
  VsRunConfig realistic = { .cost = "vpunn", .models_dir = models, .mode = VS_REPLAY_REALISTIC };
  VsRun c, r;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_run_prepare (&c, path, &compiler, &error));
  g_assert_no_error (error);
  g_assert_true (vs_run_prepare (&r, path, &realistic, &error));
  g_assert_no_error (error);
  /* tasks in file order: f32_copy, f16_copy, sig_f16, sig_f32, convert */
  g_assert_cmpuint (c.costs.task_cycles[0], ==, c.costs.task_cycles[1]);
  g_assert_cmpuint (c.costs.task_cycles[1], >, 1);
  g_assert_cmpuint (c.costs.task_cycles[2], ==, r.costs.task_cycles[2]);
  g_assert_cmpuint (c.costs.task_cycles[2], >, 1);
  g_assert_cmpuint (c.costs.task_cycles[3], ==, 1);
  g_assert_cmpuint (c.costs.task_cycles[4], ==, 1);
  /* Realistic mode costs the FP32 kernel and the unknown one. */
  g_assert_cmpuint (r.costs.task_cycles[3], >, 1);
  g_assert_cmpuint (r.costs.task_cycles[4], >, 1);
  vs_run_clear (&c);
  vs_run_clear (&r);
}

/* A descriptor DMA (FetchDMA, ...) needs no tensors: it costs a DMA's fixed
 * latency; any other DMA without tensors or bytes cannot be costed. */
static void
test_descriptor_dma (void)
{
  static const char head[] =
    "format: vpusim-schedule\nversion: 1\ndevice: npu40\n"
    "queues:\n  - {id: dma, engine: DMA, port: 0}\n"
    "tasks:\n";
  g_autofree char *ok_yaml = g_strconcat (head,
    "  - {id: fetch, queue: dma, kind: DMA, dma: {op: FetchDMA}}\n"
    "  - {id: copy, queue: dma, kind: DMA, dma: {bytes: 1}}\n", NULL);
  g_autofree char *bad_yaml = g_strconcat (head,
    "  - {id: copy, queue: dma, kind: DMA, dma: {op: NNDMA}}\n", NULL);
  g_autofree char *ok = g_build_filename (vs_test_tmpdir (), "descriptor.yaml", NULL);
  g_autofree char *bad = g_build_filename (vs_test_tmpdir (), "no_tensors.yaml", NULL);
  g_assert_true (g_file_set_contents (ok, ok_yaml, -1, NULL));
  g_assert_true (g_file_set_contents (bad, bad_yaml, -1, NULL));
  VsRunConfig config = { .cost = "analytical", .mode = VS_REPLAY_COMPILER };
  VsRun r;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_run_prepare (&r, ok, &config, &error));
  g_assert_no_error (error);
  /* DDR to DDR or DDR to CMX, one byte: both about the DMA's latency, never 0 */
  g_assert_cmpuint (r.costs.task_cycles[0], >, 100);
  g_assert_cmpfloat (fabs ((double) r.costs.task_cycles[0] - r.costs.task_cycles[1]), <=,
                     r.costs.task_cycles[1] / 100.0);
  vs_run_clear (&r);
  g_assert_false (vs_run_prepare (&r, bad, &config, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "a DMA task needs src/dst tensors or bytes"));
  vs_run_clear (&r);
}

/* A kernel's first runs on a SHAVE queue are its first `servers` tasks
 * there: each finds the kernel on no SHAVE yet. */
static void
test_kernel_first_use (void)
{
  static const char yaml[] =
    "format: vpusim-schedule\nversion: 1\ndevice: npu27\n"
    "queues:\n"
    "  - {id: shv, engine: SHAVE, tile: 0, servers: 2}\n"
    "  - {id: one, engine: SHAVE, tile: 1, servers: 1}\n"
    "  - {id: dma, engine: DMA, port: 0}\n"
    "buffers:\n"
    "  - {id: x, memory: CMX, tiles: [0, 1], shape: [1, 16, 8, 8], dtype: f16}\n"
    "tasks:\n"
    "  - {id: a, queue: shv, kind: SHAVE, shave: {kernel: Sigmoid, inputs: [x], outputs: [x]}}\n"
    "  - {id: b, queue: shv, kind: SHAVE, shave: {kernel: Sigmoid, inputs: [x], outputs: [x]}}\n"
    "  - {id: c, queue: shv, kind: SHAVE, shave: {kernel: Sigmoid, inputs: [x], outputs: [x]}}\n"
    "  - {id: d, queue: shv, kind: SHAVE, shave: {kernel: Tanh, inputs: [x], outputs: [x]}}\n"
    "  - {id: e, queue: dma, kind: DMA, dma: {src: x, dst: x}}\n"
    "  - {id: f, queue: one, kind: SHAVE, shave: {kernel: Sigmoid, inputs: [x], outputs: [x]}}\n"
    "  - {id: g, queue: one, kind: SHAVE, shave: {kernel: Sigmoid, inputs: [x], outputs: [x]}}\n"
    "  - {id: h, queue: shv, kind: SHAVE, shave: {kernel: Tanh, inputs: [x], outputs: [x]}}\n"
    "  - {id: i, queue: shv, kind: SHAVE, shave: {kernel: Tanh, inputs: [x], outputs: [x]}}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSchedule) s = vs_schedule_read_from_data (yaml, sizeof yaml - 1, "first.yaml", &error);
  g_assert_no_error (error);
  g_assert_true (vs_schedule_validate (s, &error));
  const char *kernel[9];
  for (guint t = 0; t < 9; t++)
    kernel[t] = vs_schedule_task (s, t)->kind == VS_TASK_SHAVE
                  ? vs_shave_kernel_operator (vs_schedule_task (s, t)->spec.shave.kernel) : NULL;
  guint8 first[9];
  g_assert_cmpuint (vs_kernel_first_use (s, kernel, first), ==, 5);
  const guint8 want[9] = { 1, 1, 0, 1, 0, 1, 0, 1, 0 };
  g_assert_cmpmem (first, sizeof first, want, sizeof want);
  /* Two spellings of one kernel are one kernel: the later Sigmoid tasks
   * spelled builtin_Sigmoid are not first runs. */
  kernel[2] = vs_shave_kernel_operator ("builtin_Sigmoid");
  kernel[6] = vs_shave_kernel_operator ("builtin_Sigmoid");
  g_assert_cmpuint (vs_kernel_first_use (s, kernel, first), ==, 5);
  g_assert_cmpmem (first, sizeof first, want, sizeof want);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cost-prepass/dedup-and-given", test_dedup_and_given);
  g_test_add_func ("/cost-prepass/retime", test_retime);
  g_test_add_func ("/cost-prepass/kernel-first-use", test_kernel_first_use);
  g_test_add_func ("/cost-prepass/vpunn-durations-equal-cost-answers",
                   test_vpunn_durations_equal_cost_answers);
  g_test_add_func ("/cost-prepass/compiler-mode-dma", test_compiler_mode_dma);
  g_test_add_func ("/cost-prepass/compiler-mode-element-types", test_compiler_mode_element_types);
  g_test_add_func ("/cost-prepass/descriptor-dma", test_descriptor_dma);
  return g_test_run ();
}
