/* SPDX-License-Identifier: Apache-2.0 */
/* test_workload_map.c — schedule tasks as cost-model workloads: tensor
 * shapes to W/H/C/B (ranks 1 to 5), a DPU variant's boxes, padding and MPE
 * mode to its input extent (convolutions read every input channel,
 * depthwise keeps the variant's), the compiler's input box when given, DMA
 * copies (tensors, bytes only, descriptor transfers, write tiles, a
 * register read as an on-chip copy), SHAVE
 * kernels by their operator name, and the errors for what cannot be costed. */
#include <glib.h>
#include <string.h>

#include "sim/schedule/schedule_yaml.h"
#include "sim/schedule/workload_map.h"

static const char schedule_text[] =
  "format: vpusim-schedule\nversion: 1\ndevice: npu27\n"
  "queues:\n"
  "  - {id: dma, engine: DMA, port: 0}\n"
  "  - {id: dpu, engine: DPU, tile: 0}\n"
  "  - {id: shv, engine: SHAVE, tile: 0}\n"
  "buffers:\n"
  "  - {id: in, memory: CMX, tiles: [0], shape: [1, 16, 30, 40], dtype: f16}\n"
  "  - {id: w, memory: CMX, tiles: [0], shape: [64, 16, 3, 3], dtype: f16, swizzling: 5}\n"
  "  - {id: out, memory: CMX, tiles: [0, 1, 2], shape: [1, 64, 30, 40], dtype: u8}\n"
  "  - {id: big, memory: DDR, shape: [2, 3, 4, 5, 6], dtype: i32}\n"
  "  - {id: vec, memory: DDR, shape: [7], dtype: f32}\n"
  "  - {id: timer, memory: REGISTER, offset: 537403424, shape: [2], dtype: i32}\n"
  "tasks:\n"
  "  - id: conv\n    queue: dpu\n    kind: DPU\n"
  "    dpu: {op: CONV, kernel: [3, 3], input: in, weights: w, output: out,\n"
  "          variants: [{out_start: [0, 0, 0], out_end: [39, 7, 31], pad: {top: 1, bottom: 0, left: 1, right: 1},\n"
  "                      mpe_mode: CUBOID_8x16},\n"
  "                     {out_start: [0, 8, 32], out_end: [39, 15, 63], mpe_mode: CUBOID_4x16,\n"
  "                      in_start: [0, 7, 0], in_end: [41, 16, 15]}]}\n"
  "  - id: dw\n    queue: dpu\n    kind: DPU\n"
  "    dpu: {op: DWCONV, kernel: [3, 3], strides: [2, 2], input: in, output: out,\n"
  "          variants: [{out_start: [0, 0, 0], out_end: [9, 4, 15], mpe_mode: CUBOID_16x16}]}\n"
  "  - id: whole\n    queue: dpu\n    kind: DPU\n    dpu: {op: ELTWISE, input: in, output: in}\n"
  "  - id: bare\n    queue: dpu\n    kind: DPU\n    dpu: {op: CONV}\n"
  "  - id: copy\n    queue: dma\n    kind: DMA\n    dma: {src: big, dst: out}\n"
  "  - id: bytes\n    queue: dma\n    kind: DMA\n    dma: {bytes: 4096}\n"
  "  - id: fetch\n    queue: dma\n    kind: DMA\n    dma: {op: FetchDMA}\n"
  "  - id: none\n    queue: dma\n    kind: DMA\n"
  "  - id: stamp\n    queue: dma\n    kind: DMA\n    dma: {src: timer, dst: in}\n"
  "  - id: sig\n    queue: shv\n    kind: SHAVE\n    shave: {kernel: Sigmoid, inputs: [vec], outputs: [vec]}\n"
  "  - id: noout\n    queue: shv\n    kind: SHAVE\n    shave: {kernel: Sigmoid, inputs: [vec]}\n";

static VsSchedule *
schedule (void)
{
  g_autoptr(GError) error = NULL;
  VsSchedule *s = vs_schedule_read_from_data (schedule_text, strlen (schedule_text), "m.yaml",
                                              &error);
  g_assert_no_error (error);
  return s;
}

static guint
task (const VsSchedule *s, const char *id)
{
  for (guint i = 0; i < s->tasks->len; i++)
    if (strcmp (vs_schedule_task (s, i)->id, id) == 0)
      return i;
  g_assert_not_reached ();
}

static void
test_tensors (void)
{
  VsSchedule *s = schedule ();
  VsVpuTensor t;
  vs_workload_tensor (vs_schedule_buffer (s, 0), &t);             /* [1, 16, 30, 40] */
  g_assert_cmpuint (t.w, ==, 40);
  g_assert_cmpuint (t.h, ==, 30);
  g_assert_cmpuint (t.c, ==, 16);
  g_assert_cmpuint (t.b, ==, 1);
  g_assert_cmpint (t.dtype, ==, VS_DTYPE_FLOAT16);
  vs_workload_tensor (vs_schedule_buffer (s, 3), &t);             /* [2, 3, 4, 5, 6]: 2*3 fold */
  g_assert_cmpuint (t.w, ==, 6);
  g_assert_cmpuint (t.h, ==, 5);
  g_assert_cmpuint (t.c, ==, 4);
  g_assert_cmpuint (t.b, ==, 6);
  vs_workload_tensor (vs_schedule_buffer (s, 4), &t);             /* [7] */
  g_assert_cmpuint (t.w, ==, 7);
  g_assert_cmpuint (t.h * t.c * t.b, ==, 1);
  vs_schedule_free (s);
}

static void
test_dpu (void)
{
  VsSchedule *s = schedule ();
  g_autoptr(GError) error = NULL;
  VsDpuWorkload w;
  g_assert_true (vs_workload_map_dpu (s, task (s, "conv"), 0, &w, &error));
  g_assert_cmpint (w.device, ==, VS_DEVICE_VPU_2_7);
  g_assert_cmpint (w.op, ==, VS_OP_CONVOLUTION);
  g_assert_cmpuint (w.output.w, ==, 40);
  g_assert_cmpuint (w.output.h, ==, 8);
  g_assert_cmpuint (w.output.c, ==, 32);
  /* (out - 1) * stride + kernel - pads: 39 + 3 - 2 = 40 wide, 7 + 3 - 1 = 9 high;
   * a convolution reads every input channel */
  g_assert_cmpuint (w.input.w, ==, 40);
  g_assert_cmpuint (w.input.h, ==, 9);
  g_assert_cmpuint (w.input.c, ==, 16);
  g_assert_cmpuint (w.pad_top, ==, 1);
  g_assert_cmpuint (w.pad_bottom, ==, 0);
  g_assert_cmpint (w.execution_mode, ==, VS_EXEC_CUBOID_8x16);
  g_assert_cmpint (w.in_swizzling[1], ==, VS_SWIZZLING_KEY_5);
  g_assert_cmpuint (w.output_write_tiles, ==, 1);
  /* the compiler's input box wins when the variant has one */
  g_assert_true (vs_workload_map_dpu (s, task (s, "conv"), 1, &w, &error));
  g_assert_cmpuint (w.input.w, ==, 42);
  g_assert_cmpuint (w.input.h, ==, 10);
  g_assert_cmpuint (w.input.c, ==, 16);
  g_assert_cmpint (w.execution_mode, ==, VS_EXEC_CUBOID_4x16);
  /* depthwise, stride 2: (10 - 1) * 2 + 3 = 21 wide, channels the variant's */
  g_assert_true (vs_workload_map_dpu (s, task (s, "dw"), 0, &w, &error));
  g_assert_cmpuint (w.input.w, ==, 21);
  g_assert_cmpuint (w.input.h, ==, 11);
  g_assert_cmpuint (w.input.c, ==, 16);
  g_assert_cmpuint (w.stride_w, ==, 2);
  /* no variants: the whole output, element-wise reads what it writes */
  g_assert_true (vs_workload_map_dpu (s, task (s, "whole"), -1, &w, &error));
  g_assert_cmpuint (w.output.w, ==, 40);
  g_assert_cmpuint (w.input.c, ==, w.output.c);
  g_assert_cmpint (w.execution_mode, ==, VS_EXEC_CUBOID_16x16);
  /* errors */
  g_assert_false (vs_workload_map_dpu (s, task (s, "conv"), 2, &w, &error));
  g_assert_nonnull (strstr (error->message, "variant index out of range"));
  g_clear_error (&error);
  g_assert_false (vs_workload_map_dpu (s, task (s, "bare"), -1, &w, &error));
  g_assert_cmpstr (error->message, ==, "m.yaml: task 'bare': a DPU task needs input and output "
                   "tensors to be costed");
  vs_schedule_free (s);
}

static void
test_dma_and_shave (void)
{
  VsSchedule *s = schedule ();
  g_autoptr(GError) error = NULL;
  VsDmaCopyWorkload d;
  g_assert_true (vs_workload_map_dma (s, task (s, "copy"), &d, &error));
  g_assert_cmpint (d.input_location, ==, VS_MEMLOC_DRAM);
  g_assert_cmpint (d.output_location, ==, VS_MEMLOC_CMX);
  g_assert_cmpuint (d.output_write_tiles, ==, 3);     /* out is on tiles 0, 1, 2 */
  g_assert_cmpint (d.input.dtype, ==, VS_DTYPE_INT32);
  g_assert_true (vs_workload_map_dma (s, task (s, "bytes"), &d, &error));
  g_assert_cmpuint (d.input.w, ==, 4096);
  g_assert_cmpint (d.input_location, ==, VS_MEMLOC_DRAM);
  g_assert_cmpint (d.output_location, ==, VS_MEMLOC_CMX);
  g_assert_true (vs_workload_map_dma (s, task (s, "fetch"), &d, &error));
  g_assert_cmpuint (d.input.w, ==, 1);
  g_assert_cmpint (d.output_location, ==, VS_MEMLOC_DRAM);
  /* The profiling timer is a register, on chip: its copy to CMX is an
   * on-chip copy, not a DDR read. */
  g_assert_true (vs_workload_map_dma (s, task (s, "stamp"), &d, &error));
  g_assert_cmpint (d.input_location, ==, VS_MEMLOC_CMX);
  g_assert_cmpint (d.output_location, ==, VS_MEMLOC_CMX);
  g_assert_false (vs_workload_map_dma (s, task (s, "none"), &d, &error));
  g_assert_nonnull (strstr (error->message, "task 'none': a DMA task needs src/dst tensors or bytes"));
  g_clear_error (&error);

  VsShaveWorkload sh;
  g_assert_true (vs_workload_map_shave (s, task (s, "sig"), &sh, &error));
  g_assert_cmpstr (sh.kernel, ==, "Sigmoid");
  g_assert_cmpuint (sh.n_inputs, ==, 1);
  g_assert_cmpuint (sh.n_outputs, ==, 1);
  g_assert_cmpuint (sh.outputs[0].w, ==, 7);
  g_assert_false (vs_workload_map_shave (s, task (s, "noout"), &sh, &error));
  g_assert_nonnull (strstr (error->message, "needs an output tensor"));
  vs_schedule_free (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/workload-map/tensors", test_tensors);
  g_test_add_func ("/workload-map/dpu", test_dpu);
  g_test_add_func ("/workload-map/dma-and-shave", test_dma_and_shave);
  return g_test_run ();
}
