/* SPDX-License-Identifier: Apache-2.0 */
/* test_schedule_yaml.c — the vpusim-schedule reader and writer: a schedule
 * using every key read field by field, round trips (same schedule, same
 * bytes), the bad inputs of tests/bad (schedule_*.yaml) against
 * tests/bad/EXPECTED, hostile-input limits, and writer refusals. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "sim/schedule/schedule_yaml.h"
#include "tests/test_support.h"

/* Every key of the format at least once; line numbers matter below. */
static const char full_yaml[] =
  "# hand-written: a convolution and a sigmoid on NPU 2.7\n"                          /* 1 */
  "format: vpusim-schedule\n"
  "version: 1\n"
  "source:\n"
  "  compiler: hand-written\n"                                                          /* 5 */
  "  network: \"conv + sigmoid\"\n"
  "device:\n"
  "  preset: npu27\n"
  "  dispatch_shave_ns: 5000\n"
  "overrides:\n"                                                                        /* 10 */
  "  dispatch_dpu_ns: 500\n"
  "queues:\n"
  "  - {id: dma.p0, engine: DMA, port: 0}\n"
  "  - {id: dma.p1, engine: DMA, port: 1, channel: DDR}\n"
  "  - {id: dpu.t0, engine: DPU, tile: 0}\n"                                            /* 15 */
  "  - {id: dpu.t1, engine: DPU, tile: 1, servers: 3}\n"
  "  - {id: shv.t0, engine: SHAVE, tile: 0}\n"
  "  - {id: shv.t1.l1, engine: SHAVE, tile: 1, channel: 1}\n"
  "buffers:\n"
  "  - {id: in, name: \"data?t_Parameter\", memory: NetworkInput, offset: 0,\n"        /* 20 */
  "     shape: [1, 16, 8, 8], dtype: f16, layout: NCHW}\n"
  "  - {id: w, memory: DDR, shape: [32, 16, 3, 3], dtype: f16, sparse: true, swizzling: 5}\n"
  "  - {id: in_cmx, memory: CMX, tiles: [0, 1], offset: 64, shape: [1, 16, 8, 8],\n"
  "     strides: [2048, 2, 256, 32], dtype: f16}\n"
  "  - {id: w_cmx, memory: CMX, tiles: [0], offset: 4096, shape: [32, 16, 3, 3], dtype: FLOAT16,\n"
  "     swizzling: KEY_5}\n"
  "  - {id: out_cmx, memory: CMX, tiles: [0], offset: 16384, shape: [1, 32, 8, 8], dtype: u8,\n"
  "     layout: NHWC}\n"
  "barriers:\n"
  "  - {id: 0, pid: 3, start: true, producers: 1, consumers: 2}\n"                     /* 30 */
  "  - {id: 1, producers: 2}\n"
  "  - {id: 2}\n"
  "  - {id: 3, final: true, consumers: 0}\n"
  "tasks:\n"
  "  - id: sync\n"                                                                      /* 35 */
  "    queue: dma.p0\n"
  "    kind: SYNC\n"
  "    updates: [0]\n"
  "    cost: {cycles: 0}\n"
  "  - id: load_in\n"                                                                   /* 40 */
  "    queue: dma.p0\n"
  "    kind: DMA\n"
  "    name: \"Conv_1?t_Convolution/_broadcast_copy_to_CMX[0,1]\"\n"
  "    layer: Conv_1\n"
  "    waits: [0]\n"
  "    updates: [1]\n"
  "    dma: {op: NNDMA, src: in, dst: {buffer: in_cmx}, bytes: 4096, out_of_order: true,"
  " descriptor: {planes: 2, len: 2048, src_width: 2048, dst_width: 2048, src_plane_stride: 2048,"
  " dst_plane_stride: 4096}}\n"
  "  - id: load_w\n"
  "    queue: dma.p1\n"
  "    kind: DMA\n"                                                                     /* 50 */
  "    waits: [0]\n"
  "    updates: [1]\n"
  "    dma:\n"
  "      src: {buffer: w}\n"
  "      dst: w_cmx\n"
  "    cost: {ns: 812.5, source: measured}\n"
  "  - id: conv\n"
  "    queue: dpu.t0\n"
  "    kind: DPU\n"
  "    name: \"Conv_1?t_Convolution/cluster_0\"\n"                                     /* 60 */
  "    layer: Conv_1\n"
  "    waits: [1]\n"
  "    updates: [2]\n"
  "    dpu:\n"
  "      op: CONV\n"
  "      kernel: [3, 3]\n"
  "      strides: [1, 2]\n"
  "      pad: {top: 1, bottom: 0, left: 1, right: 1}\n"
  "      input: in_cmx\n"
  "      weights: {buffer: w_cmx}\n"                                                    /* 70 */
  "      output: out_cmx\n"
  "      activation: RELU\n"
  "      act_sparsity: 0.25\n"
  "      weight_sparsity: 0.3\n"
  "      weight_sparsity_enabled: true\n"
  "      isi_strategy: SPLIT_OVER_H\n"
  "      output_write_tiles: 2\n"
  "      variants:\n"
  "        - {out_start: [0, 0, 0], out_end: [7, 3, 31], pad: {top: 1, left: 1, right: 1},\n"
  "           mpe_mode: CUBOID_16x16, tile: 0}\n"                                       /* 80 */
  "        - {out_start: [0, 4, 0], out_end: [7, 7, 31], pad: {bottom: 1},\n"
  "           mpe_mode: CUBOID_8x16, cost: {cycles: 1200, source: vpunn}}\n"
  "  - id: act\n"
  "    queue: shv.t0\n"
  "    kind: SHAVE\n"                                                                   /* 85 */
  "    name: \"Sigmoid_2?t_Sigmoid/cluster_0\"\n"
  "    waits: [2]\n"
  "    updates: [3]\n"
  "    after: [conv, load_w]\n"
  "    shave:\n"                                                                        /* 90 */
  "      kernel: Sigmoid\n"
  "      runs: 2\n"
  "      inputs: [out_cmx]\n"
  "      outputs: [{memory: CMX, tiles: [0], offset: 32768, shape: [1, 32, 8, 8], dtype: f16}]\n";

static VsSchedule *
read_ok (const char *text, gsize length, const char *origin)
{
  g_autoptr (GError) error = NULL;
  VsSchedule *s = vs_schedule_read_from_data (text, length, origin, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

static char *
write_ok (const VsSchedule *s)
{
  g_autoptr (GError) error = NULL;
  GString *out = g_string_new (NULL);
  gboolean ok = vs_schedule_write (s, out, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  return g_string_free (out, FALSE);
}

static const char *
ref_id (const VsSchedule *s, guint first, guint k, gboolean task)
{
  gint32 r = vs_schedule_ref (s, first + k);
  return task ? vs_schedule_task (s, r)->id : vs_schedule_barrier (s, r)->id;
}

static void
test_full (void)
{
  g_autoptr (VsSchedule) s = read_ok (full_yaml, sizeof full_yaml - 1, "full.yaml");
  g_assert_cmpstr (s->path, ==, "full.yaml");

  /* source, device (preset + inline key + overrides) */
  g_assert_cmpuint (g_hash_table_size (s->source), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (s->source, "network"), ==, "conv + sigmoid");
  g_assert_cmpstr (g_hash_table_lookup (s->source, "compiler"), ==, "hand-written");
  g_assert_cmpstr (s->device_preset, ==, "npu27");
  g_assert_cmpstr (s->device.name, ==, "npu27");
  g_assert_cmpint (s->device.tiles, ==, 2);
  g_assert_cmpfloat (s->device.dispatch_shave_ns, ==, 5000);
  g_assert_cmpfloat (s->device.dispatch_dpu_ns, ==, 500);

  /* queues */
  g_assert_cmpuint (s->queues->len, ==, 6);
  const VsQueue *q = vs_schedule_queue (s, 0);
  g_assert_cmpstr (q->id, ==, "dma.p0");
  g_assert_cmpint (q->engine, ==, VS_ENGINE_DMA);
  g_assert_cmpint (q->port, ==, 0);
  g_assert_cmpint (q->tile, ==, -1);
  g_assert_cmpint (q->channel, ==, -1);
  g_assert_cmpint (q->servers, ==, 1);
  q = vs_schedule_queue (s, 1);
  g_assert_cmpint (q->port, ==, 1);
  g_assert_cmpint (q->channel, ==, 0);
  q = vs_schedule_queue (s, 3);
  g_assert_cmpint (q->engine, ==, VS_ENGINE_DPU);
  g_assert_cmpint (q->tile, ==, 1);
  g_assert_cmpint (q->servers, ==, 3);
  q = vs_schedule_queue (s, 4);
  g_assert_cmpint (q->engine, ==, VS_ENGINE_SHAVE);
  g_assert_cmpint (q->servers, ==, 2);      /* shared FIFO: the device's 2 SHAVEs */
  q = vs_schedule_queue (s, 5);
  g_assert_cmpint (q->channel, ==, 1);
  g_assert_cmpint (q->servers, ==, 1);      /* a per-SHAVE list */

  /* buffers: 5 named + 1 inline (the SHAVE output) */
  g_assert_cmpuint (s->buffers->len, ==, 6);
  const VsTensor *t = vs_schedule_buffer (s, 0);
  g_assert_cmpstr (t->id, ==, "in");
  g_assert_cmpstr (t->name, ==, "data?t_Parameter");
  g_assert_cmpint (t->memory, ==, VS_MEMORY_DDR);
  g_assert_cmpint (t->offset, ==, 0);
  g_assert_cmpint (t->rank, ==, 4);
  g_assert_cmpint (t->shape[1], ==, 16);
  g_assert_cmpint (t->dtype, ==, VS_DTYPE_FLOAT16);
  g_assert_cmpint (t->layout, ==, VS_LAYOUT_CMAJOR);
  g_assert_false (t->has_strides);
  g_assert_cmpint (vs_tensor_bytes (t), ==, 2048);
  t = vs_schedule_buffer (s, 1);
  g_assert_true (t->sparse);
  g_assert_cmpint (t->swizzling, ==, VS_SWIZZLING_KEY_5);
  g_assert_cmpint (t->offset, ==, -1);
  g_assert_cmpint (t->layout, ==, VS_LAYOUT_ZMAJOR);
  t = vs_schedule_buffer (s, 2);
  g_assert_cmpint (t->memory, ==, VS_MEMORY_CMX);
  g_assert_cmpuint (t->tile_mask, ==, 3);
  g_assert_cmpint (t->offset, ==, 64);
  g_assert_true (t->has_strides);
  g_assert_cmpint (t->strides[0], ==, 2048);
  g_assert_cmpint (t->strides[3], ==, 32);
  t = vs_schedule_buffer (s, 3);
  g_assert_cmpint (t->dtype, ==, VS_DTYPE_FLOAT16);
  g_assert_cmpint (t->swizzling, ==, VS_SWIZZLING_KEY_5);
  t = vs_schedule_buffer (s, 4);
  g_assert_cmpint (t->dtype, ==, VS_DTYPE_UINT8);
  t = vs_schedule_buffer (s, 5);
  g_assert_null (t->id);
  g_assert_cmpint (t->offset, ==, 32768);
  g_assert_cmpuint (t->tile_mask, ==, 1);

  /* barriers: declared and computed counts */
  g_assert_cmpuint (s->barriers->len, ==, 4);
  const VsBarrier *b = vs_schedule_barrier (s, 0);
  g_assert_cmpstr (b->id, ==, "0");
  g_assert_cmpint (b->pid, ==, 3);
  g_assert_true (b->is_start);
  g_assert_false (b->is_final);
  g_assert_cmpint (b->declared_producers, ==, 1);
  g_assert_cmpint (b->declared_consumers, ==, 2);
  g_assert_cmpint (b->producers, ==, 1);
  g_assert_cmpint (b->consumers, ==, 2);
  b = vs_schedule_barrier (s, 1);
  g_assert_cmpint (b->pid, ==, -1);
  g_assert_cmpint (b->declared_consumers, ==, -1);
  g_assert_cmpint (b->producers, ==, 2);
  b = vs_schedule_barrier (s, 3);
  g_assert_true (b->is_final);
  g_assert_cmpint (b->producers, ==, 1);
  g_assert_cmpint (b->consumers, ==, 0);

  /* tasks */
  g_assert_cmpuint (s->tasks->len, ==, 5);
  const VsTask *k = vs_schedule_task (s, 0);
  g_assert_cmpstr (k->id, ==, "sync");
  g_assert_cmpint (k->kind, ==, VS_TASK_SYNC);
  g_assert_cmpint (k->line, ==, 35);
  g_assert_cmpint (k->cost.source, ==, VS_COST_SOURCE_MANUAL);
  g_assert_false (k->cost.in_ns);
  g_assert_cmpfloat (k->cost.value, ==, 0);
  g_assert_cmpuint (k->n_waits, ==, 0);
  g_assert_cmpuint (k->n_updates, ==, 1);
  g_assert_cmpstr (ref_id (s, k->first_update, 0, FALSE), ==, "0");

  k = vs_schedule_task (s, 1);
  g_assert_cmpstr (k->name, ==, "Conv_1?t_Convolution/_broadcast_copy_to_CMX[0,1]");
  g_assert_cmpstr (k->layer, ==, "Conv_1");
  g_assert_cmpint (k->queue, ==, 0);
  g_assert_cmpint (k->cost.source, ==, VS_COST_SOURCE_NONE);
  g_assert_cmpstr (k->spec.dma.op, ==, "NNDMA");
  g_assert_cmpint (k->spec.dma.src, ==, 0);
  g_assert_cmpint (k->spec.dma.dst, ==, 2);
  g_assert_cmpint (k->spec.dma.bytes, ==, 4096);
  g_assert_true (k->spec.dma.out_of_order);
  g_assert_cmpint (k->spec.dma.planes.count, ==, 2);
  g_assert_cmpint (k->spec.dma.planes.len, ==, 2048);
  g_assert_cmpint (k->spec.dma.planes.dst_plane_stride, ==, 4096);
  g_assert_cmpint (k->spec.dma.planes.src_stride, ==, 0);

  k = vs_schedule_task (s, 2);
  g_assert_cmpint (k->queue, ==, 1);
  g_assert_null (k->spec.dma.op);
  g_assert_null (k->name);
  g_assert_cmpint (k->spec.dma.src, ==, 1);
  g_assert_cmpint (k->spec.dma.dst, ==, 3);
  g_assert_false (k->spec.dma.out_of_order);
  g_assert_cmpint (k->cost.source, ==, VS_COST_SOURCE_MEASURED);
  g_assert_true (k->cost.in_ns);
  g_assert_cmpfloat (k->cost.value, ==, 812.5);

  k = vs_schedule_task (s, 3);
  const VsDpuSpec *d = &k->spec.dpu;
  g_assert_cmpint (k->kind, ==, VS_TASK_DPU);
  g_assert_cmpint (d->op, ==, VS_OP_CONVOLUTION);
  g_assert_cmpint (d->kernel_w, ==, 3);
  g_assert_cmpint (d->kernel_h, ==, 3);
  g_assert_cmpint (d->stride_w, ==, 1);
  g_assert_cmpint (d->stride_h, ==, 2);
  g_assert_cmpint (d->pad_top, ==, 1);
  g_assert_cmpint (d->pad_bottom, ==, 0);
  g_assert_cmpint (d->pad_left, ==, 1);
  g_assert_cmpint (d->pad_right, ==, 1);
  g_assert_cmpint (d->input, ==, 2);
  g_assert_cmpint (d->weights, ==, 3);
  g_assert_cmpint (d->output, ==, 4);
  g_assert_cmpint (d->activation, ==, VS_ACT_RELU);
  g_assert_cmpfloat (d->act_sparsity, ==, 0.25f);
  g_assert_cmpfloat (d->weight_sparsity, ==, 0.3f);
  g_assert_true (d->weight_sparsity_enabled);
  g_assert_cmpint (d->isi_strategy, ==, VS_ISI_SPLIT_OVER_H);
  g_assert_cmpint (d->output_write_tiles, ==, 2);
  g_assert_cmpuint (d->n_variants, ==, 2);
  const VsDpuVariant *v = vs_schedule_variant (s, d->first_variant);
  g_assert_cmpint (v->out_end[0], ==, 7);
  g_assert_cmpint (v->out_end[1], ==, 3);
  g_assert_cmpint (v->out_end[2], ==, 31);
  g_assert_cmpint (v->pad_top, ==, 1);
  g_assert_cmpint (v->pad_bottom, ==, 0);
  g_assert_cmpint (v->pad_right, ==, 1);
  g_assert_cmpint (v->mpe_mode, ==, VS_EXEC_CUBOID_16x16);
  g_assert_cmpint (v->tile, ==, 0);
  g_assert_cmpint (v->cost.source, ==, VS_COST_SOURCE_NONE);
  v = vs_schedule_variant (s, d->first_variant + 1);
  g_assert_cmpint (v->out_start[1], ==, 4);
  g_assert_cmpint (v->pad_bottom, ==, 1);
  g_assert_cmpint (v->mpe_mode, ==, VS_EXEC_CUBOID_8x16);
  g_assert_cmpint (v->tile, ==, -1);
  g_assert_cmpint (v->cost.source, ==, VS_COST_SOURCE_VPUNN);
  g_assert_cmpfloat (v->cost.value, ==, 1200);

  k = vs_schedule_task (s, 4);
  g_assert_cmpint (k->queue, ==, 4);
  g_assert_cmpuint (k->n_after, ==, 2);
  g_assert_cmpstr (ref_id (s, k->first_after, 0, TRUE), ==, "conv");
  g_assert_cmpstr (ref_id (s, k->first_after, 1, TRUE), ==, "load_w");
  g_assert_cmpstr (k->spec.shave.kernel, ==, "Sigmoid");
  g_assert_cmpint (k->spec.shave.runs, ==, 2);
  g_assert_cmpuint (k->spec.shave.n_inputs, ==, 1);
  g_assert_cmpint (k->spec.shave.inputs[0], ==, 4);
  g_assert_cmpuint (k->spec.shave.n_outputs, ==, 1);
  g_assert_cmpint (k->spec.shave.outputs[0], ==, 5);
}

/* --- structural equality, independent of buffer and ref indices --- */

static void
assert_tensor_equal (const VsTensor *a, const VsTensor *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->memory, ==, b->memory);
  g_assert_cmpuint (a->tile_mask, ==, b->tile_mask);
  g_assert_cmpint (a->offset, ==, b->offset);
  g_assert_cmpint (a->rank, ==, b->rank);
  for (int i = 0; i < a->rank; i++)
    g_assert_cmpint (a->shape[i], ==, b->shape[i]);
  g_assert_cmpint (a->has_strides, ==, b->has_strides);
  for (int i = 0; a->has_strides && i < a->rank; i++)
    g_assert_cmpint (a->strides[i], ==, b->strides[i]);
  g_assert_cmpint (a->dtype, ==, b->dtype);
  g_assert_cmpint (a->layout, ==, b->layout);
  g_assert_cmpint (a->sparse, ==, b->sparse);
  g_assert_cmpint (a->swizzling, ==, b->swizzling);
}

static void
assert_ref_equal (const VsSchedule *a, VsTensorRef ra, const VsSchedule *b, VsTensorRef rb)
{
  g_assert_cmpint (ra < 0, ==, rb < 0);
  if (ra >= 0)
    assert_tensor_equal (vs_schedule_tensor (a, ra), vs_schedule_tensor (b, rb));
}

static void
assert_cost_equal (const VsGivenCost *a, const VsGivenCost *b)
{
  g_assert_cmpint (a->source, ==, b->source);
  if (a->source != VS_COST_SOURCE_NONE) {
    g_assert_cmpint (a->in_ns, ==, b->in_ns);
    g_assert_cmpfloat (a->value, ==, b->value);
  }
}

static void
assert_refs_equal (const VsSchedule *a, guint fa, guint na, const VsSchedule *b, guint fb,
                   guint nb, gboolean tasks)
{
  g_assert_cmpuint (na, ==, nb);
  for (guint k = 0; k < na; k++)
    g_assert_cmpstr (ref_id (a, fa, k, tasks), ==, ref_id (b, fb, k, tasks));
}

static void
assert_schedules_equal (const VsSchedule *a, const VsSchedule *b)
{
  for (const char *const *key = vs_device_keys (); *key != NULL; key++) {
    g_autofree char *x = vs_device_get (&a->device, *key);
    g_autofree char *y = vs_device_get (&b->device, *key);
    g_assert_cmpstr (x, ==, y);
  }
  g_assert_cmpstr (a->device_preset, ==, b->device_preset);

  g_assert_cmpuint (g_hash_table_size (a->source), ==, g_hash_table_size (b->source));
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, a->source);
  while (g_hash_table_iter_next (&it, &key, &value))
    g_assert_cmpstr (value, ==, g_hash_table_lookup (b->source, key));

  g_assert_cmpuint (a->queues->len, ==, b->queues->len);
  for (guint i = 0; i < a->queues->len; i++) {
    const VsQueue *x = vs_schedule_queue (a, i), *y = vs_schedule_queue (b, i);
    g_assert_cmpstr (x->id, ==, y->id);
    g_assert_cmpint (x->engine, ==, y->engine);
    g_assert_cmpint (x->tile, ==, y->tile);
    g_assert_cmpint (x->port, ==, y->port);
    g_assert_cmpint (x->channel, ==, y->channel);
    g_assert_cmpint (x->servers, ==, y->servers);
  }

  /* Named buffers in order; anonymous ones are compared where they are used. */
  guint j = 0;
  for (guint i = 0; i < a->buffers->len; i++) {
    const VsTensor *x = vs_schedule_buffer (a, i);
    if (x->id == NULL)
      continue;
    while (j < b->buffers->len && vs_schedule_buffer (b, j)->id == NULL)
      j++;
    g_assert_cmpuint (j, <, b->buffers->len);
    assert_tensor_equal (x, vs_schedule_buffer (b, j++));
  }

  g_assert_cmpuint (a->barriers->len, ==, b->barriers->len);
  for (guint i = 0; i < a->barriers->len; i++) {
    const VsBarrier *x = vs_schedule_barrier (a, i), *y = vs_schedule_barrier (b, i);
    g_assert_cmpstr (x->id, ==, y->id);
    g_assert_cmpint (x->pid, ==, y->pid);
    g_assert_cmpint (x->is_start, ==, y->is_start);
    g_assert_cmpint (x->is_final, ==, y->is_final);
    g_assert_cmpint (x->declared_producers, ==, y->declared_producers);
    g_assert_cmpint (x->declared_consumers, ==, y->declared_consumers);
    g_assert_cmpint (x->producers, ==, y->producers);
    g_assert_cmpint (x->consumers, ==, y->consumers);
  }

  g_assert_cmpuint (a->tasks->len, ==, b->tasks->len);
  for (guint i = 0; i < a->tasks->len; i++) {
    const VsTask *x = vs_schedule_task (a, i), *y = vs_schedule_task (b, i);
    g_assert_cmpstr (x->id, ==, y->id);
    g_assert_cmpstr (x->name, ==, y->name);
    g_assert_cmpstr (x->layer, ==, y->layer);
    g_assert_cmpint (x->kind, ==, y->kind);
    g_assert_cmpint (x->queue, ==, y->queue);
    assert_refs_equal (a, x->first_wait, x->n_waits, b, y->first_wait, y->n_waits, FALSE);
    assert_refs_equal (a, x->first_update, x->n_updates, b, y->first_update, y->n_updates, FALSE);
    assert_refs_equal (a, x->first_after, x->n_after, b, y->first_after, y->n_after, TRUE);
    assert_cost_equal (&x->cost, &y->cost);
    switch (x->kind) {
    case VS_TASK_DMA:
      g_assert_cmpstr (x->spec.dma.op, ==, y->spec.dma.op);
      assert_ref_equal (a, x->spec.dma.src, b, y->spec.dma.src);
      assert_ref_equal (a, x->spec.dma.dst, b, y->spec.dma.dst);
      g_assert_cmpint (x->spec.dma.bytes, ==, y->spec.dma.bytes);
      g_assert_cmpint (x->spec.dma.out_of_order, ==, y->spec.dma.out_of_order);
      g_assert_cmpmem (&x->spec.dma.planes, sizeof x->spec.dma.planes, &y->spec.dma.planes,
                       sizeof y->spec.dma.planes);
      break;
    case VS_TASK_DPU: {
      const VsDpuSpec *p = &x->spec.dpu, *q = &y->spec.dpu;
      g_assert_cmpint (p->op, ==, q->op);
      g_assert_cmpint (p->kernel_w, ==, q->kernel_w);
      g_assert_cmpint (p->kernel_h, ==, q->kernel_h);
      g_assert_cmpint (p->stride_w, ==, q->stride_w);
      g_assert_cmpint (p->stride_h, ==, q->stride_h);
      g_assert_cmpint (p->pad_top, ==, q->pad_top);
      g_assert_cmpint (p->pad_bottom, ==, q->pad_bottom);
      g_assert_cmpint (p->pad_left, ==, q->pad_left);
      g_assert_cmpint (p->pad_right, ==, q->pad_right);
      assert_ref_equal (a, p->input, b, q->input);
      assert_ref_equal (a, p->weights, b, q->weights);
      assert_ref_equal (a, p->output, b, q->output);
      g_assert_cmpint (p->activation, ==, q->activation);
      g_assert_cmpfloat (p->act_sparsity, ==, q->act_sparsity);
      g_assert_cmpfloat (p->weight_sparsity, ==, q->weight_sparsity);
      g_assert_cmpint (p->weight_sparsity_enabled, ==, q->weight_sparsity_enabled);
      g_assert_cmpint (p->isi_strategy, ==, q->isi_strategy);
      g_assert_cmpint (p->output_write_tiles, ==, q->output_write_tiles);
      g_assert_cmpuint (p->n_variants, ==, q->n_variants);
      for (guint v = 0; v < p->n_variants; v++) {
        const VsDpuVariant *m = vs_schedule_variant (a, p->first_variant + v);
        const VsDpuVariant *n = vs_schedule_variant (b, q->first_variant + v);
        for (int c = 0; c < 3; c++) {
          g_assert_cmpint (m->out_start[c], ==, n->out_start[c]);
          g_assert_cmpint (m->out_end[c], ==, n->out_end[c]);
        }
        g_assert_cmpint (m->pad_top, ==, n->pad_top);
        g_assert_cmpint (m->pad_bottom, ==, n->pad_bottom);
        g_assert_cmpint (m->pad_left, ==, n->pad_left);
        g_assert_cmpint (m->pad_right, ==, n->pad_right);
        g_assert_cmpint (m->mpe_mode, ==, n->mpe_mode);
        g_assert_cmpint (m->tile, ==, n->tile);
        assert_cost_equal (&m->cost, &n->cost);
      }
      break;
    }
    case VS_TASK_SHAVE:
      g_assert_cmpstr (x->spec.shave.kernel, ==, y->spec.shave.kernel);
      g_assert_cmpint (x->spec.shave.runs, ==, y->spec.shave.runs);
      g_assert_cmpuint (x->spec.shave.n_inputs, ==, y->spec.shave.n_inputs);
      g_assert_cmpuint (x->spec.shave.n_outputs, ==, y->spec.shave.n_outputs);
      for (guint k = 0; k < x->spec.shave.n_inputs; k++)
        assert_ref_equal (a, x->spec.shave.inputs[k], b, y->spec.shave.inputs[k]);
      for (guint k = 0; k < x->spec.shave.n_outputs; k++)
        assert_ref_equal (a, x->spec.shave.outputs[k], b, y->spec.shave.outputs[k]);
      break;
    default:
      break;
    }
  }
}

/* read -> write -> read gives the same schedule; writing again the same bytes. */
static void
check_round_trip (const VsSchedule *s)
{
  g_autofree char *first = write_ok (s);
  g_test_message ("%s", first);
  g_autoptr (VsSchedule) back = read_ok (first, strlen (first), "written.yaml");
  assert_schedules_equal (s, back);
  g_autofree char *second = write_ok (back);
  g_assert_cmpstr (first, ==, second);
}

static void
test_round_trip (void)
{
  g_autoptr (VsSchedule) s = read_ok (full_yaml, sizeof full_yaml - 1, "full.yaml");
  check_round_trip (s);

  /* The file variant, through a temporary file and rename. */
  g_autofree char *path = g_build_filename (vs_test_tmpdir (), "full-out.yaml", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (vs_schedule_write_file (s, path, &error));
  g_assert_no_error (error);
  g_autoptr (VsSchedule) back = vs_schedule_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->path, ==, path);
  assert_schedules_equal (s, back);

  /* A folder that does not exist: an IO error, not a crash. */
  g_assert_false (vs_schedule_write_file (s, "/nonexistent-dir/x/y.yaml", &error));
  g_assert_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_IO);
}

/* The writer's exact output for a small schedule: the format is a contract. */
static void
test_canonical_output (void)
{
  static const char in[] =
    "tasks:\n"
    "  - {id: b, queue: q1, kind: DPU, waits: [x], dpu: {op: DW_CONVOLUTION, kernel: [3, 3]}}\n"
    "  - {id: a, queue: q0, kind: DMA, updates: [x],\n"
    "     dma: {src: {memory: DDR, shape: [64], dtype: u8}, dst: {memory: CMX, tiles: [1],\n"
    "           shape: [64], dtype: u8}}}\n"
    "barriers: [{id: x}]\n"
    "queues: [{id: q0, engine: dma, port: 1}, {id: q1, engine: DPU, tile: 1}]\n"
    "device: {preset: npu40, tiles: 2}\n"
    "version: 1\n"
    "format: vpusim-schedule\n";
  static const char want[] =
    "format: vpusim-schedule\n"
    "version: 1\n"
    "device:\n"
    "  preset: npu40\n"
    "  tiles: 2\n"
    "queues:\n"
    "  - {id: q0, engine: DMA, port: 1}\n"
    "  - {id: q1, engine: DPU, tile: 1}\n"
    "barriers:\n"
    "  - {id: x}\n"
    "tasks:\n"
    "  - id: b\n"
    "    queue: q1\n"
    "    kind: DPU\n"
    "    waits: [x]\n"
    "    dpu:\n"
    "      op: DWCONV\n"
    "      kernel: [3, 3]\n"
    "  - id: a\n"
    "    queue: q0\n"
    "    kind: DMA\n"
    "    updates: [x]\n"
    "    dma: {src: {memory: DDR, shape: [64], dtype: u8}, "
    "dst: {memory: CMX, tiles: [1], shape: [64], dtype: u8}}\n";
  g_autoptr (VsSchedule) s = read_ok (in, sizeof in - 1, "order.yaml");
  g_autofree char *out = write_ok (s);
  g_assert_cmpstr (out, ==, want);
  /* Task order is file order even when a task waits on a later one's barrier. */
  g_assert_cmpstr (vs_schedule_task (s, 0)->id, ==, "b");
  g_assert_cmpint (vs_schedule_task (s, 1)->spec.dma.src, ==, 0);
  g_assert_cmpint (vs_schedule_task (s, 1)->spec.dma.dst, ==, 1);
}

/* A schedule built in memory, as the MLIR importer does: strings that need
 * quoting, anonymous buffers, a device without preset, empty SHAVE slots. */
static void
test_built_schedule (void)
{
  g_autoptr (VsSchedule) s = vs_schedule_new ();
  g_assert_true (vs_device_load (&s->device, "npu40", NULL));
  s->device.dispatch_shave_ns = 1.0 / 3.0;
  g_hash_table_insert (s->source, g_strdup ("ir_file"), g_strdup ("schedule_vpurt.mlir"));
  g_hash_table_insert (s->source, g_strdup ("note"), g_strdup ("line one\nline \"two\"\t\\ ü"));
  g_hash_table_insert (s->source, g_strdup ("a: b"), g_strdup ("null"));
  g_hash_table_insert (s->source, g_strdup ("empty"), g_strdup (""));

  VsQueue q = { vs_schedule_intern (s, "- dash"), VS_ENGINE_DMA, -1, 0, 1, 1 };
  g_array_append_val (s->queues, q);
  VsQueue q2 = { vs_schedule_intern (s, "shv #0"), VS_ENGINE_SHAVE, 5, -1, 1, 1 };
  g_array_append_val (s->queues, q2);
  VsQueue q3 = { vs_schedule_intern (s, "shv.t1"), VS_ENGINE_SHAVE, 1, -1, -1, 1 };
  g_array_append_val (s->queues, q3);

  VsTensor anon;
  memset (&anon, 0, sizeof anon);
  anon.memory = VS_MEMORY_CMX;
  anon.tile_mask = (G_GUINT64_CONSTANT (1) << 5) | 1;
  anon.offset = -1;
  anon.rank = 2;
  anon.shape[0] = 3;
  anon.shape[1] = 5;
  anon.dtype = VS_DTYPE_INT4;
  anon.layout = VS_LAYOUT_YZX;
  anon.name = vs_schedule_intern (s, "{weird}, [name]: #1");
  g_array_append_val (s->buffers, anon);
  VsTensor named = anon;
  named.id = vs_schedule_intern (s, "0");
  named.name = NULL;
  named.memory = VS_MEMORY_REGISTER;
  named.tile_mask = 0;
  named.has_strides = TRUE;
  named.strides[0] = 64;
  named.strides[1] = 1;
  g_array_append_val (s->buffers, named);

  VsBarrier bar = { vs_schedule_intern (s, "true"), 7, FALSE, TRUE, -1, -1, 0, 0 };
  g_array_append_val (s->barriers, bar);

  VsTask t;
  memset (&t, 0, sizeof t);
  t.id = vs_schedule_intern (s, "t:0");
  t.name = vs_schedule_intern (s, "");
  t.kind = VS_TASK_DMA;
  t.queue = 0;
  t.spec.dma.src = 1;
  t.spec.dma.dst = 0;
  t.spec.dma.op = vs_schedule_intern (s, "PermuteDMA");
  t.first_update = s->refs->len;
  t.n_updates = 1;
  gint32 zero = 0;
  g_array_append_val (s->refs, zero);
  t.cost.source = VS_COST_SOURCE_COMPILER;
  t.cost.value = 0.1;
  g_array_append_val (s->tasks, t);

  memset (&t, 0, sizeof t);
  t.id = vs_schedule_intern (s, "t1");
  t.kind = VS_TASK_SHAVE;
  t.queue = 1;
  t.spec.shave.kernel = vs_schedule_intern (s, "Convert");
  t.spec.shave.runs = 1;
  t.spec.shave.n_inputs = 2;
  t.spec.shave.inputs[0] = -1;
  t.spec.shave.inputs[1] = 0;   /* the anonymous buffer, used a second time */
  t.spec.shave.n_outputs = 0;
  t.first_wait = s->refs->len;
  t.n_waits = 1;
  g_array_append_val (s->refs, zero);
  t.first_after = s->refs->len;
  t.n_after = 1;
  g_array_append_val (s->refs, zero);
  g_array_append_val (s->tasks, t);

  memset (&t, 0, sizeof t);
  t.id = vs_schedule_intern (s, "m");
  t.kind = VS_TASK_SYNC;
  t.queue = 2;
  g_array_append_val (s->tasks, t);
  g_assert_true (vs_schedule_validate (s, NULL));

  check_round_trip (s);
}

static GError *
load_bad_schedule (const char *file, const char *data, gsize length)
{
  GError *error = NULL;
  VsSchedule *s = vs_schedule_read_from_data (data, length, file, &error);
  g_assert_null (s);
  g_assert_true (error != NULL && error->domain == VS_SCHEDULE_ERROR);
  return error;
}

/* Each schedule_*.yaml of tests/bad fails with its line of tests/bad/EXPECTED. */
static void
test_bad_files (void)
{
  guint checked = vs_test_check_bad_files ("schedule_", load_bad_schedule);
  g_assert_cmpuint (checked, >=, 25);

  /* Every bad schedule file has its expected message. */
  g_autofree char *dir = vs_test_source_file ("tests/bad");
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  guint files = 0;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "schedule_") && g_str_has_suffix (name, ".yaml"))
      files++;
  g_assert_cmpuint (files, ==, checked);

  /* Read from a path, the message names that path. */
  g_autofree char *path = vs_test_source_file ("tests/bad/schedule_unknown_barrier.yaml");
  g_autoptr (GError) error = NULL;
  g_assert_null (vs_schedule_read (path, &error));
  g_autofree char *want = g_strdup_printf ("%s:21:13: task 't1': 'waits' names barrier 'b9', "
                                           "which is not defined", path);
  g_assert_cmpstr (error->message, ==, want);
  g_clear_error (&error);
  g_assert_null (vs_schedule_read ("/nonexistent/schedule.yaml", &error));
  g_assert_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_IO);
}

static void
expect_failure (const char *text, gsize length, const char *message)
{
  g_autoptr (GError) error = NULL;
  VsSchedule *s = vs_schedule_read_from_data (text, length, "h.yaml", &error);
  g_assert_null (s);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, message);
}

static const char head[] =
  "format: vpusim-schedule\nversion: 1\ndevice: npu27\nqueues: [{id: q, engine: DMA}]\n";

/* Hostile inputs end with a clear error, quickly and without unbounded memory. */
static void
test_limits (void)
{
  /* Nesting a million lists deep. */
  GString *deep = g_string_new (head);
  g_string_append (deep, "tasks: ");
  for (int i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  expect_failure (deep->str, deep->len, "h.yaml:5:9: expected a task (a mapping), found a list");
  g_string_free (deep, TRUE);

  /* A scalar over the length limit. */
  GString *big = g_string_new (head);
  g_string_append (big, "tasks:\n  - id: ");
  for (guint i = 0; i <= VS_SCHEDULE_MAX_STRING; i++)
    g_string_append_c (big, 'x');
  g_string_append (big, "\n");
  g_autofree char *msg = g_strdup_printf ("h.yaml:6:9: a scalar of %u bytes is longer than the "
                                          "limit of %u", VS_SCHEDULE_MAX_STRING + 1,
                                          VS_SCHEDULE_MAX_STRING);
  expect_failure (big->str, big->len, msg);
  g_string_free (big, TRUE);

  /* The billion-laughs shape: aliases are refused at the first one. */
  static const char laughs[] =
    "format: vpusim-schedule\nversion: 1\ndevice: npu27\n"
    "x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    "y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n";
  expect_failure (laughs, sizeof laughs - 1,
                  "h.yaml:4:1: unknown key 'x' in a vpusim schedule (valid keys: format, version, "
                  "source, device, overrides, queues, buffers, barriers, tasks)");
  static const char alias[] =
    "format: vpusim-schedule\nversion: 1\ndevice: &d npu27\nqueues: *d\ntasks: []\n";
  expect_failure (alias, sizeof alias - 1,
                  "h.yaml:4:9: YAML aliases (*d) are not supported in vpusim files");

  /* Bytes that are not text; a truncated file; nothing at all. */
  static const char binary[] = "format: vpusim-schedule\nversion: \x01\xff\xfe";
  expect_failure (binary, sizeof binary - 1,
                  "h.yaml:2:10: control characters are not allowed (byte 0x01)");
  /* (libyaml puts the end of a file without final newline at the next line.) */
  expect_failure (head, sizeof head - 1 - 3,
                  "h.yaml:5:1: did not find expected ',' or '}' (while parsing a flow mapping "
                  "at 4:10)");
  expect_failure ("", 0, "h.yaml:1:1: empty file (expected a vpusim schedule)");

  /* Every prefix of a valid file either reads or fails cleanly. */
  for (gsize n = 0; n < sizeof full_yaml - 1; n += 7) {
    g_autoptr (GError) error = NULL;
    VsSchedule *s = vs_schedule_read_from_data (full_yaml, n, "cut.yaml", &error);
    g_assert_true ((s == NULL) != (error == NULL));
    if (s != NULL)
      vs_schedule_free (s);
    else
      g_assert_true (g_str_has_prefix (error->message, "cut.yaml:"));
  }
}

/* The writer refuses what it could not read back. */
static void
test_writer_errors (void)
{
  g_autoptr (VsSchedule) s = read_ok (full_yaml, sizeof full_yaml - 1, "full.yaml");
  g_autoptr (GString) out = g_string_new ("keep");
  g_autoptr (GError) error = NULL;

  const char *saved = vs_schedule_task (s, 1)->id;
  vs_schedule_task (s, 1)->id = vs_schedule_task (s, 0)->id;
  g_assert_false (vs_schedule_write (s, out, &error));
  g_assert_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "cannot write full.yaml: two tasks have the id 'sync'");
  g_assert_cmpstr (out->str, ==, "keep");    /* nothing appended on failure */
  g_clear_error (&error);
  vs_schedule_task (s, 1)->id = saved;

  vs_schedule_task (s, 1)->layer = vs_schedule_intern (s, "bad \xff utf-8");
  g_assert_false (vs_schedule_write (s, out, &error));
  g_assert_cmpstr (error->message, ==, "cannot write full.yaml: a string is not valid UTF-8");
  g_clear_error (&error);
  vs_schedule_task (s, 1)->layer = NULL;

  vs_schedule_task (s, 2)->cost.value = NAN;
  g_assert_false (vs_schedule_write (s, out, &error));
  g_assert_cmpstr (error->message, ==, "cannot write full.yaml: a number is not finite");
  g_clear_error (&error);
  vs_schedule_task (s, 2)->cost.value = 1;

  vs_schedule_task (s, 1)->spec.dma.src = 99;
  g_assert_false (vs_schedule_write (s, out, &error));
  g_assert_cmpstr (error->message, ==, "cannot write full.yaml: tensor reference 99 out of range");
  g_clear_error (&error);
  vs_schedule_task (s, 1)->spec.dma.src = 0;

  g_assert_true (vs_schedule_write (s, out, &error));
  g_assert_no_error (error);
}

/* Defaults of absent keys, and a device without preset. */
static void
test_defaults (void)
{
  static const char text[] =
    "format: vpusim-schedule\nversion: 1\n"
    "device: {arch: NPU40, tiles: 1, dpus_per_tile: 1, macs_per_dpu: 2048,\n"
    "  fp16_macs_per_dpu: 1024, shaves_per_tile: 2, shave_fifo: per_shave, dma_ports: 1,\n"
    "  dma_bytes_per_cycle: 32, cmx_bytes_per_tile: 1000, ddr_bandwidth_gbps: 10,\n"
    "  dpu_clock_mhz: 1000, shave_clock_mhz: 500, cmx_clock_mhz: 500}\n"
    "queues: [{id: s, engine: SHAVE, tile: 0}, {id: d, engine: DPU}, {id: m, engine: M2I}]\n"
    "buffers: null\n"
    "tasks:\n"
    "  - {id: a, queue: s, kind: SHAVE}\n"
    "  - {id: b, queue: d, kind: DPU}\n"
    "  - {id: c, queue: m, kind: M2I, cost: {ns: 10}}\n";
  g_autoptr (VsSchedule) s = read_ok (text, sizeof text - 1, "dev.yaml");
  g_assert_null (s->device_preset);
  g_assert_cmpstr (s->device.name, ==, "dev");
  g_assert_cmpint (s->device.dma_channels, ==, 1);
  g_assert_cmpfloat (s->device.dispatch_shave_ns, ==, 0);
  g_assert_cmpint (vs_schedule_queue (s, 0)->servers, ==, 1);   /* per_shave device */
  g_assert_cmpint (vs_schedule_queue (s, 1)->tile, ==, -1);
  const VsTask *t = vs_schedule_task (s, 0);
  g_assert_cmpint (t->spec.shave.runs, ==, 1);
  g_assert_null (t->spec.shave.kernel);
  g_assert_cmpint (t->spec.shave.inputs[0], ==, -1);
  t = vs_schedule_task (s, 1);
  g_assert_cmpint (t->spec.dpu.kernel_w, ==, 1);
  g_assert_cmpint (t->spec.dpu.stride_h, ==, 1);
  g_assert_cmpint (t->spec.dpu.output_write_tiles, ==, 1);
  g_assert_cmpint (t->spec.dpu.input, ==, -1);
  g_assert_cmpint (t->spec.dpu.n_variants, ==, 0);
  g_assert_cmpint (vs_schedule_task (s, 2)->cost.source, ==, VS_COST_SOURCE_MANUAL);
  check_round_trip (s);
}

/* Every accepted spelling maps to the right enum value: the writer's names,
 * VPUNN's and the compiler's. */
static void
test_names (void)
{
  static const struct { const char *name; VsLayout value; } layouts[] = {
    { "NHWC", VS_LAYOUT_ZMAJOR }, { "ZMAJOR", VS_LAYOUT_ZMAJOR }, { "NCHW", VS_LAYOUT_CMAJOR },
    { "CMAJOR", VS_LAYOUT_CMAJOR }, { "XYZ", VS_LAYOUT_XYZ }, { "NHCW", VS_LAYOUT_XZY },
    { "XZY", VS_LAYOUT_XZY }, { "NCWH", VS_LAYOUT_YXZ }, { "YXZ", VS_LAYOUT_YXZ },
    { "NWCH", VS_LAYOUT_YZX }, { "YZX", VS_LAYOUT_YZX }, { "ZXY", VS_LAYOUT_ZXY },
    { "NWHC", VS_LAYOUT_ZYX }, { "ZYX", VS_LAYOUT_ZYX },
  };
  static const struct { const char *name; VsDataType value; } dtypes[] = {
    { "u8", VS_DTYPE_UINT8 }, { "UINT8", VS_DTYPE_UINT8 }, { "ui8", VS_DTYPE_UINT8 },
    { "i8", VS_DTYPE_INT8 }, { "si8", VS_DTYPE_INT8 }, { "f16", VS_DTYPE_FLOAT16 },
    { "bf16", VS_DTYPE_BFLOAT16 }, { "f8E5M2", VS_DTYPE_BF8 }, { "hf8", VS_DTYPE_HF8 },
    { "i4", VS_DTYPE_INT4 }, { "u1", VS_DTYPE_UINT1 }, { "si32", VS_DTYPE_INT32 },
    { "f32", VS_DTYPE_FLOAT32 }, { "FLOAT32", VS_DTYPE_FLOAT32 }, { "i16", VS_DTYPE_INT16 },
    { "f4", VS_DTYPE_FLOAT4 },
  };
  static const struct { const char *name; VsMemory value; } memories[] = {
    { "DDR", VS_MEMORY_DDR }, { "Constant", VS_MEMORY_DDR }, { "NetworkOutput", VS_MEMORY_DDR },
    { "CMX_NN", VS_MEMORY_CMX }, { "cmx", VS_MEMORY_CMX }, { "Register", VS_MEMORY_REGISTER },
  };
  static const struct { const char *op, *mode, *isi, *act; VsDpuOperation o; VsExecutionMode m;
                        VsIsiStrategy i; VsActivation a; } dpus[] = {
    { "CONV", "VECTOR", "CLUSTERING", "NONE", VS_OP_CONVOLUTION, VS_EXEC_VECTOR,
      VS_ISI_CLUSTERING, VS_ACT_NONE },
    { "DW_CONVOLUTION", "MATRIX", "SplitOverH", "LRELU", VS_OP_DW_CONVOLUTION, VS_EXEC_MATRIX,
      VS_ISI_SPLIT_OVER_H, VS_ACT_LRELU },
    { "CM_CONV", "VECTOR_FP16", "SPLIT_OVER_K", "ADD", VS_OP_CM_CONVOLUTION,
      VS_EXEC_VECTOR_FP16, VS_ISI_SPLIT_OVER_K, VS_ACT_ADD },
    { "ELTWISE", "CUBOID_4x16", "SplitOverK_HWswitch", "MULT", VS_OP_ELTWISE,
      VS_EXEC_CUBOID_4x16, VS_ISI_SPLIT_OVER_K_NXTHW, VS_ACT_MULT },
    { "MAXPOOL", "dCIM_32x128", "CLUSTERING", "SUB", VS_OP_MAXPOOL, VS_EXEC_DCIM_32x128,
      VS_ISI_CLUSTERING, VS_ACT_SUB },
    { "AVEPOOL", "CUBOID_8x16", "CLUSTERING", "RELU", VS_OP_AVEPOOL, VS_EXEC_CUBOID_8x16,
      VS_ISI_CLUSTERING, VS_ACT_RELU },
    { "REDUCE_SUMSQUARES", "CUBOID_16x16", "CLUSTERING", "NONE", VS_OP_REDUCE_SUMSQUARES,
      VS_EXEC_CUBOID_16x16, VS_ISI_CLUSTERING, VS_ACT_NONE },
  };
  GString *y = g_string_new ("format: vpusim-schedule\nversion: 1\ndevice: npu40\n"
                             "queues: [{id: d, engine: DPU, tile: 0}]\nbuffers:\n");
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    g_string_append_printf (y, "  - {id: l%u, memory: DDR, shape: [1], dtype: u8, layout: %s}\n",
                            i, layouts[i].name);
  for (guint i = 0; i < G_N_ELEMENTS (dtypes); i++)
    g_string_append_printf (y, "  - {id: t%u, memory: DDR, shape: [1], dtype: %s}\n", i,
                            dtypes[i].name);
  for (guint i = 0; i < G_N_ELEMENTS (memories); i++)
    g_string_append_printf (y, "  - {id: m%u, memory: %s, shape: [1], dtype: u8}\n", i,
                            memories[i].name);
  g_string_append (y, "tasks:\n");
  for (guint i = 0; i < G_N_ELEMENTS (dpus); i++)
    g_string_append_printf (y, "  - {id: k%u, queue: d, kind: DPU, dpu: {op: %s, isi_strategy: %s, "
                            "activation: %s, variants: [{out_start: [0, 0, 0], out_end: [0, 0, 0], "
                            "mpe_mode: %s}]}}\n", i, dpus[i].op, dpus[i].isi, dpus[i].act,
                            dpus[i].mode);
  g_autoptr (VsSchedule) s = read_ok (y->str, y->len, "names.yaml");
  g_string_free (y, TRUE);
  guint b = 0;
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++, b++)
    g_assert_cmpint (vs_schedule_buffer (s, b)->layout, ==, layouts[i].value);
  for (guint i = 0; i < G_N_ELEMENTS (dtypes); i++, b++)
    g_assert_cmpint (vs_schedule_buffer (s, b)->dtype, ==, dtypes[i].value);
  for (guint i = 0; i < G_N_ELEMENTS (memories); i++, b++)
    g_assert_cmpint (vs_schedule_buffer (s, b)->memory, ==, memories[i].value);
  for (guint i = 0; i < G_N_ELEMENTS (dpus); i++) {
    const VsDpuSpec *d = &vs_schedule_task (s, i)->spec.dpu;
    g_assert_cmpint (d->op, ==, dpus[i].o);
    g_assert_cmpint (d->isi_strategy, ==, dpus[i].i);
    g_assert_cmpint (d->activation, ==, dpus[i].a);
    g_assert_cmpint (vs_schedule_variant (s, d->first_variant)->mpe_mode, ==, dpus[i].m);
  }
  check_round_trip (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schedule-yaml/full", test_full);
  g_test_add_func ("/schedule-yaml/round-trip", test_round_trip);
  g_test_add_func ("/schedule-yaml/canonical-output", test_canonical_output);
  g_test_add_func ("/schedule-yaml/built-schedule", test_built_schedule);
  g_test_add_func ("/schedule-yaml/bad-files", test_bad_files);
  g_test_add_func ("/schedule-yaml/limits", test_limits);
  g_test_add_func ("/schedule-yaml/writer-errors", test_writer_errors);
  g_test_add_func ("/schedule-yaml/defaults", test_defaults);
  g_test_add_func ("/schedule-yaml/names", test_names);
  return g_test_run ();
}
