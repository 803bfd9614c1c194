/* SPDX-License-Identifier: Apache-2.0 */
/* cost_prepass.c — deduplicate workloads, cost each distinct one once.
 * Deduplication keys a workload by its bytes (workload_map zero-fills them)
 * in a hw/key_index, so the first appearance fixes each workload's index and
 * the output never depends on hash order. */
#include "sim/cost/cost_prepass.h"

#include "models/dma_theoretical.h"

#include <math.h>
#include <string.h>

#include "hw/key_index.h"
#include "hw/name_table.h"
#include "models/shave_kernel_names.h"
#include "sim/cost/kernel_first_use.h"
#include "sim/schedule/workload_map.h"

static const VsNameEntry unknown_shave_names[] = {
  { "analytical", VS_UNKNOWN_SHAVE_ANALYTICAL }, { "zero", VS_UNKNOWN_SHAVE_ZERO },
  { "error", VS_UNKNOWN_SHAVE_ERROR }, { NULL, 0 },
};

gboolean
vs_unknown_shave_policy_parse (const char *text, VsUnknownShavePolicy *out, GError **error)
{
  int value = VS_UNKNOWN_SHAVE_ANALYTICAL;
  if (text != NULL && !vs_name_table_lookup (unknown_shave_names, text, &value)) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 "--unknown-shave: '%s' is not one of error, zero, analytical", text);
    return FALSE;
  }
  *out = (VsUnknownShavePolicy) value;
  return TRUE;
}

/* Index of `w` among the distinct workloads, adding it if new. */
static guint
dedup_add (VsKeyIndex *d, const void *w)
{
  return vs_key_index_add (d, w, vs_key_hash (w, d->key_size), NULL);
}

void
vs_costs_clear (VsCosts *c)
{
  g_clear_pointer (&c->task_ps, g_free);
  g_clear_pointer (&c->variant_ps, g_free);
  g_clear_pointer (&c->task_cycles, g_free);
  g_clear_pointer (&c->variant_cycles, g_free);
  g_clear_pointer (&c->task_class, g_free);
  g_clear_pointer (&c->variant_class, g_free);
  g_clear_pointer (&c->task_amount, g_free);
  g_clear_pointer (&c->variant_amount, g_free);
  g_clear_pointer (&c->task_fallback_bytes, g_free);
  g_clear_pointer (&c->task_kernel_first, g_free);
  g_clear_pointer (&c->task_kernel, g_free);
  g_clear_pointer (&c->warnings, g_ptr_array_unref);
  memset (c->stats, 0, sizeof c->stats);
}

/* GB/s a transfer between these memories can reach on `d`. */
static double
dma_bandwidth (const VsDevice *d, gboolean ddr_involved)
{
  double engine = d->dma_bytes_per_cycle * d->dpu_clock_mhz / 1000.0;
  if (!ddr_involved)
    return engine;
  return d->ddr_bandwidth_gbps < engine ? d->ddr_bandwidth_gbps : engine;
}

/* The fixed latency of a DMA on `d` in ns, as the reference models it: the
 * slower of its two ends, DDR (ddr_latency_ns) or CMX (cmx_latency_cycles
 * of the CMX clock). */
static double
dma_latency_ns (const VsDevice *d, gboolean ddr_involved)
{
  double cmx = d->cmx_clock_mhz > 0 ? d->cmx_latency_cycles * 1000.0 / d->cmx_clock_mhz : 0.0;
  return ddr_involved && d->ddr_latency_ns > cmx ? d->ddr_latency_ns : cmx;
}

/* MACs per cycle a DPU answer of this class runs on. */
static double
dpu_macs (const VsDevice *d, VsTimeClass cls)
{
  return cls == VS_TIME_DPU_FP16 ? d->fp16_macs_per_dpu : d->macs_per_dpu;
}

gboolean
vs_shave_fallback_active (const VsDevice *device)
{
  return device->shave_fallback_bytes_per_cycle > 0 || device->shave_fallback_launch_cycles > 0;
}

gint64
vs_shave_fallback_ps (const VsDevice *device, double bytes)
{
  double cycles = device->shave_fallback_launch_cycles;
  if (device->shave_fallback_bytes_per_cycle > 0)
    cycles += bytes / device->shave_fallback_bytes_per_cycle;
  return vs_device_cycles_to_ps (cycles, device->shave_clock_mhz);
}

/* Picoseconds for an amount of a time class (see the header).  In
 * realistic mode the models' answers describe `ref` (the architecture's
 * preset); a device that differs from it changes them as the hardware
 * would: DPU work scales with the clock and inversely with the MAC array,
 * SHAVE work with the SHAVE clock, a DMA's transfer with the bandwidth it
 * can reach, and its fixed latency moves by the difference in latency.
 * Every factor is 1 (and skipped) for the preset itself. */
static gint64
amount_ps (VsTimeClass cls, double amount, const VsDevice *device, const VsDevice *ref,
           gboolean compiler_mode)
{
  switch (cls) {
  case VS_TIME_ZERO:
    return 0;
  case VS_TIME_NS:
    return (gint64) llround (amount * 1000.0);
  case VS_TIME_DPU_CLOCK:
    return vs_device_cycles_to_ps (amount, device->dpu_clock_mhz);
  case VS_TIME_DPU_INT8:
  case VS_TIME_DPU_FP16: {
    gint64 ps = vs_device_cycles_to_ps (amount, device->dpu_clock_mhz);
    if (ref == NULL || compiler_mode)
      return ps;
    double now = dpu_macs (device, cls), then = dpu_macs (ref, cls);
    return now > 0 && then > 0 && now != then ? (gint64) llround ((double) ps * then / now) : ps;
  }
  default:
    break;
  }
  if (ref == NULL || compiler_mode)
    return vs_device_cycles_to_ps (amount, device->dpu_clock_mhz);
  double ps = (double) vs_device_cycles_to_ps (amount, ref->dpu_clock_mhz);
  if (cls == VS_TIME_SHAVE || cls == VS_TIME_SHAVE_FALLBACK) {
    if (device->shave_clock_mhz > 0 && ref->shave_clock_mhz > 0)
      ps *= ref->shave_clock_mhz / device->shave_clock_mhz;
    return (gint64) llround (ps);
  }
  gboolean ddr = cls == VS_TIME_DMA_DDR;
  double now = dma_bandwidth (device, ddr), then = dma_bandwidth (ref, ddr);
  if (now > 0 && then > 0)
    ps *= then / now;
  double latency = dma_latency_ns (device, ddr), ref_latency = dma_latency_ns (ref, ddr);
  if (latency != ref_latency)
    ps = MAX (0.0, ps + (latency - ref_latency) * 1000.0);
  return (gint64) llround (ps);
}

static VsTimeClass
answer_class (VsTaskKind kind, const void *workload)
{
  if (kind == VS_TASK_SHAVE)
    return VS_TIME_SHAVE;
  if (kind == VS_TASK_DMA) {
    const VsDmaCopyWorkload *w = workload;
    /* A permute moves one element per CMX cycle whatever memories it
     * joins: its time follows the engine's clock, not DDR's bandwidth. */
    if (w->input.layout != w->output.layout)
      return VS_TIME_DMA_CMX;
    return w->input_location == VS_MEMLOC_DRAM || w->output_location == VS_MEMLOC_DRAM
               ? VS_TIME_DMA_DDR : VS_TIME_DMA_CMX;
  }
  /* The MAC array's FP16 rate is the one floating-point data runs at (the
   * reference's fp_ratio applies to FP16, BF16 and FP32 inputs alike). */
  const VsDpuWorkload *w = workload;
  return w->input.dtype == VS_DTYPE_FLOAT16 || w->input.dtype == VS_DTYPE_BFLOAT16 ||
         w->input.dtype == VS_DTYPE_FLOAT32 ? VS_TIME_DPU_FP16 : VS_TIME_DPU_INT8;
}

/* The code fetch of a kernel's first run on a SHAVE: realistic mode only
 * (the compiler's estimator has none), on what a model costed (a cost the
 * schedule gives is the whole cost). */
static gint64
kernel_load_ps (const VsCosts *c, guint task, const VsDevice *device, const VsDevice *reference,
                gboolean compiler_mode)
{
  VsTimeClass cls = (VsTimeClass) c->task_class[task];
  if (reference == NULL || compiler_mode || !c->task_kernel_first[task] ||
      (cls != VS_TIME_SHAVE && cls != VS_TIME_SHAVE_FALLBACK))
    return 0;
  return (gint64) llround (vs_device_kernel_load_ns (device, c->task_kernel[task]) * 1000.0);
}

gint64
vs_costs_task_ps (const VsCosts *c, guint task, const VsDevice *device, const VsDevice *reference,
                  gboolean compiler_mode)
{
  gint64 load = kernel_load_ps (c, task, device, reference, compiler_mode);
  if (c->task_class[task] == VS_TIME_SHAVE_FALLBACK && vs_shave_fallback_active (device))
    return vs_shave_fallback_ps (device, c->task_fallback_bytes[task]) + load;
  return amount_ps ((VsTimeClass) c->task_class[task], c->task_amount[task], device, reference,
                    compiler_mode) + load;
}

void
vs_costs_retime (const VsCosts *c, const VsSchedule *s, const VsDevice *device,
                 const VsDevice *reference, gboolean compiler_mode, gint64 *task_ps,
                 gint64 *variant_ps)
{
  for (guint v = 0; v < s->variants->len; v++)
    variant_ps[v] = amount_ps ((VsTimeClass) c->variant_class[v], c->variant_amount[v], device,
                               reference, compiler_mode);
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    if (t->kind == VS_TASK_DPU && t->spec.dpu.n_variants > 0 && t->cost.source == VS_COST_SOURCE_NONE) {
      /* The total work of its variants, for reports; the replay
       * list-schedules the variants themselves. */
      gint64 sum = 0;
      for (guint v = 0; v < t->spec.dpu.n_variants; v++)
        sum += variant_ps[t->spec.dpu.first_variant + v];
      task_ps[i] = sum;
    } else {
      task_ps[i] = vs_costs_task_ps (c, i, device, reference, compiler_mode);
    }
  }
}

/* A cost written in the schedule: its class, amount and cycles for reports. */
static void
take_given (const VsGivenCost *cost, guint8 *cls, double *amount, VsCycles *cycles)
{
  *cls = cost->in_ns ? VS_TIME_NS : VS_TIME_DPU_CLOCK;
  *amount = cost->value;
  *cycles = cost->in_ns ? 0 : (VsCycles) MIN (cost->value, (double) VS_CYCLES_ERROR_START);
}

/* Where each costed item's answer goes. */
typedef struct {
  guint task;
  gint variant;                 /* -1 for the task itself */
  guint distinct;               /* index into the kind's dedup */
} VsCostSlot;

typedef struct {
  VsKeyIndex dedup;
  GArray *slots;                /* VsCostSlot */
  VsCycles *answers;
  double *fallback_bytes;       /* SHAVE: per distinct workload, bytes when the fallback costs it,
                                   else -1 */
} VsKindBatch;

static void
warn (VsCosts *c, const VsSchedule *s, guint task, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
warn (VsCosts *c, const VsSchedule *s, guint task, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_ptr_array_add (c->warnings, g_strdup_printf ("task '%s': %s", vs_schedule_task (s, task)->id,
                                                 msg));
}

/* A generic SHAVE kernel: the reference's table gives most kernels
 * efficiency 1 byte/cycle and no latency, so an unknown one costs its
 * output bytes. */
static VsCycles
generic_shave_cycles (const VsShaveWorkload *w)
{
  const VsVpuTensor *o = &w->outputs[0];
  int bytes = vs_data_type_bytes (o->dtype);
  guint64 n = (guint64) o->w * o->h * o->c * o->b * (guint64) (bytes > 0 ? bytes : 1);
  return n > VS_CYCLES_ERROR_START ? VS_ERROR_INVALID_CONVERSION_TO_CYCLES : (VsCycles) n;
}

/* Bytes a SHAVE kernel reads and writes: what the fallback model prices. */
static double
shave_bytes (const VsShaveWorkload *w)
{
  double bytes = 0;
  for (guint i = 0; i < w->n_inputs; i++)
    bytes += vs_dma_tensor_bytes (&w->inputs[i]);
  for (guint i = 0; i < w->n_outputs; i++)
    bytes += vs_dma_tensor_bytes (&w->outputs[i]);
  return bytes;
}

/* Replace error answers by the fallback's, or 1 cycle, per the plan. */
static gboolean
resolve_errors (const VsSchedule *s, const VsCostPlan *plan, VsTaskKind kind, VsKindBatch *b,
                VsCosts *c, GError **error)
{
  for (guint i = 0; i < vs_key_index_size (&b->dedup); i++) {
    if (!VS_CYCLES_IS_ERROR (b->answers[i]))
      continue;
    /* The first slot using this workload names it in messages. */
    guint task = 0;
    for (guint k = 0; k < b->slots->len; k++)
      if (g_array_index (b->slots, VsCostSlot, k).distinct == i) {
        task = g_array_index (b->slots, VsCostSlot, k).task;
        break;
      }
    const char *code = vs_cycles_error_name (b->answers[i]);
    const void *w = vs_key_index_key (&b->dedup, i);
    if (kind == VS_TASK_SHAVE && b->answers[i] == VS_ERROR_SHAVE_OPERATOR_MISSING) {
      const VsShaveWorkload *sw = w;
      switch (plan->unknown_shave) {
      case VS_UNKNOWN_SHAVE_ERROR:
        g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID,
                     "%s: task '%s': unknown SHAVE kernel '%s' (--unknown-shave=error)",
                     s->path ? s->path : "<schedule>", vs_schedule_task (s, task)->id, sw->kernel);
        return FALSE;
      case VS_UNKNOWN_SHAVE_ZERO:
        b->answers[i] = 0;
        break;
      case VS_UNKNOWN_SHAVE_ANALYTICAL:
        /* The compiler's estimator gives a kernel its model lacks 1 cycle. */
        if (plan->compiler_mode) {
          b->answers[i] = 1;
          break;
        }
        /* The generic rule's cycles; re-timing uses the device's fallback
         * model on the bytes instead when it has one (VS_TIME_SHAVE_FALLBACK). */
        b->fallback_bytes[i] = shave_bytes (sw);
        b->answers[i] = generic_shave_cycles (sw);
        break;
      }
      if (!plan->compiler_mode && b->fallback_bytes[i] >= 0 && vs_shave_fallback_active (&s->device))
        warn (c, s, task, "unknown SHAVE kernel '%s', costed by the device's SHAVE fallback model "
              "(%.0f bytes: %.3f us)", sw->kernel, b->fallback_bytes[i],
              (double) vs_shave_fallback_ps (&s->device, b->fallback_bytes[i]) / 1e6);
      else if (!plan->compiler_mode)
        warn (c, s, task, "unknown SHAVE kernel '%s', costed as %u cycles (--unknown-shave)",
              sw->kernel, b->answers[i]);
      c->stats[kind].fallbacks++;
      continue;
    }
    VsCycles fallback = VS_ERROR_INFERENCE_NOT_POSSIBLE;
    if (plan->fallback != NULL && !plan->compiler_mode) {
      gboolean ok = kind == VS_TASK_DPU ? vs_cost_model_dpu (plan->fallback, w, 1, &fallback, error)
                  : kind == VS_TASK_DMA ? vs_cost_model_dma (plan->fallback, w, 1, &fallback, error)
                  : vs_cost_model_shave (plan->fallback, w, 1, &fallback, error);
      if (!ok)
        return FALSE;
    }
    if (VS_CYCLES_IS_ERROR (fallback)) {
      fallback = 1;
      if (!plan->compiler_mode)
        warn (c, s, task, "%s cost model answered %s; costed as 1 cycle",
              vs_task_kind_name (kind), code ? code : "an error");
    } else {
      warn (c, s, task, "%s cost model answered %s; using the %s model's %u cycles",
            vs_task_kind_name (kind), code ? code : "an error",
            vs_cost_model_name (plan->fallback), fallback);
    }
    b->answers[i] = fallback;
    c->stats[kind].fallbacks++;
  }
  return TRUE;
}

/* The compiler's estimator costs a DMA as a copy of two flat tensors
 * {elements, 1, 1, 1} in the default layout (getDMACost), so layout
 * changes and strides never count; it knows three element types
 * (FP16, INT8, UINT8), giving every other one BF16's two bytes — an FP32
 * copy counts half its bytes, an INT4 one twice; and it knows two memories,
 * CMX and DDR, so a read of a register (the profiling timer) is a DDR read
 * to it where the workload map takes it for the on-chip read it is. */
static void
compiler_dma_workload (const VsSchedule *s, const VsTask *task, VsDmaCopyWorkload *w)
{
  const VsTensor *src = vs_schedule_tensor (s, task->spec.dma.src);
  const VsTensor *dst = vs_schedule_tensor (s, task->spec.dma.dst);
  if (src != NULL && src->memory == VS_MEMORY_REGISTER)
    w->input_location = VS_MEMLOC_DRAM;
  if (dst != NULL && dst->memory == VS_MEMORY_REGISTER)
    w->output_location = VS_MEMLOC_DRAM;
  VsVpuTensor *t[2] = { &w->input, &w->output };
  for (int k = 0; k < 2; k++) {
    guint64 n = (guint64) t[k]->w * t[k]->h * t[k]->c * MAX (t[k]->b, 1u);
    t[k]->w = (guint32) MIN (n, (guint64) G_MAXUINT32);
    t[k]->h = t[k]->c = t[k]->b = 1;
    t[k]->layout = VS_LAYOUT_ZXY;
    t[k]->sparse = FALSE;
    if (t[k]->dtype != VS_DTYPE_FLOAT16 && t[k]->dtype != VS_DTYPE_INT8 &&
        t[k]->dtype != VS_DTYPE_UINT8)
      t[k]->dtype = VS_DTYPE_BFLOAT16;
  }
  w->planes = (VsDmaPlanes) { 0 };
}

/* The compiler's estimator does not cost DPU or SHAVE work on FP32 or
 * INT32 tensors (its cost model has no such layers): 1 cycle each. */
static gboolean
compiler_leaves_uncosted (const VsVpuTensor *input, const VsVpuTensor *output)
{
  const VsVpuTensor *t[2] = { input, output };
  for (int k = 0; k < 2; k++)
    if (t[k]->dtype == VS_DTYPE_FLOAT32 || t[k]->dtype == VS_DTYPE_INT32)
      return TRUE;
  return FALSE;
}

static void
one_cycle (guint8 *time_class, double *amount, VsCycles *cycles)
{
  *time_class = VS_TIME_DPU_CLOCK;
  *amount = 1;
  *cycles = 1;
}

static gboolean
no_model (const VsSchedule *s, guint task, GError **error)
{
  const VsTask *t = vs_schedule_task (s, task);
  g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID,
               "%s: task '%s': no cost given and no %s cost model selected (see --cost)",
               s->path ? s->path : "<schedule>", t->id, vs_task_kind_name (t->kind));
  return FALSE;
}

/* Step 3 of the pre-pass: every slot takes its distinct workload's answer
 * and time class; a SHAVE kernel the fallback costs keeps its bytes. */
static void
distribute_answers (const VsSchedule *s, VsTaskKind k, const VsKindBatch *b, VsCosts *c)
{
  for (guint j = 0; j < b->slots->len; j++) {
    const VsCostSlot *slot = &g_array_index (b->slots, VsCostSlot, j);
    VsCycles cyc = b->answers[slot->distinct];
    guint8 cls = (guint8) answer_class (k, vs_key_index_key (&b->dedup, slot->distinct));
    if (slot->variant >= 0) {
      guint vi = vs_schedule_task (s, slot->task)->spec.dpu.first_variant + (guint) slot->variant;
      c->variant_cycles[vi] = cyc;
      c->variant_class[vi] = cls;
      c->variant_amount[vi] = cyc;
    } else {
      c->task_cycles[slot->task] = cyc;
      c->task_class[slot->task] = cls;
      c->task_amount[slot->task] = cyc;
      double bytes = b->fallback_bytes[slot->distinct];
      if (bytes >= 0) {
        c->task_fallback_bytes[slot->task] = bytes;
        c->task_class[slot->task] = VS_TIME_SHAVE_FALLBACK;
        if (vs_shave_fallback_active (&s->device)) {
          /* Reports show the DPU-clock equivalent of the fallback's time. */
          double ps = (double) vs_shave_fallback_ps (&s->device, bytes);
          c->task_cycles[slot->task] = (VsCycles) MIN (llround (ps * s->device.dpu_clock_mhz / 1e6),
                                                       (gint64) VS_CYCLES_ERROR_START);
        }
      }
    }
  }
}

/* The pre-pass's output arrays, zeroed (fallback bytes at -1: none). */
static void
costs_alloc (VsCosts *c, const VsSchedule *s)
{
  guint n_tasks = s->tasks->len;
  memset (c, 0, sizeof *c);
  c->task_ps = g_new0 (gint64, n_tasks ? n_tasks : 1);
  c->variant_ps = g_new0 (gint64, s->variants->len ? s->variants->len : 1);
  c->task_cycles = g_new0 (VsCycles, n_tasks ? n_tasks : 1);
  c->variant_cycles = g_new0 (VsCycles, s->variants->len ? s->variants->len : 1);
  c->task_class = g_new0 (guint8, n_tasks ? n_tasks : 1);
  c->variant_class = g_new0 (guint8, s->variants->len ? s->variants->len : 1);
  c->task_amount = g_new0 (double, n_tasks ? n_tasks : 1);
  c->variant_amount = g_new0 (double, s->variants->len ? s->variants->len : 1);
  c->task_fallback_bytes = g_new (double, n_tasks ? n_tasks : 1);
  for (guint i = 0; i < n_tasks; i++)
    c->task_fallback_bytes[i] = -1;
  c->task_kernel = g_new0 (const char *, n_tasks ? n_tasks : 1);
  for (guint i = 0; i < n_tasks; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    if (t->kind == VS_TASK_SHAVE && t->spec.shave.kernel != NULL)
      c->task_kernel[i] = vs_shave_kernel_operator (t->spec.shave.kernel);
  }
  c->task_kernel_first = g_new (guint8, n_tasks ? n_tasks : 1);
  vs_kernel_first_use (s, c->task_kernel, c->task_kernel_first);
  c->warnings = g_ptr_array_new_with_free_func (g_free);
}

static void
batches_init (VsKindBatch batches[VS_TASK_KIND_COUNT])
{
  static const gsize sizes[VS_TASK_KIND_COUNT] = {
    [VS_TASK_DMA] = sizeof (VsDmaCopyWorkload),
    [VS_TASK_DPU] = sizeof (VsDpuWorkload),
    [VS_TASK_SHAVE] = sizeof (VsShaveWorkload),
    [VS_TASK_M2I] = 1,
    [VS_TASK_SYNC] = 1,
  };
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++) {
    vs_key_index_init (&batches[k].dedup, sizes[k]);
    batches[k].slots = g_array_new (FALSE, FALSE, sizeof (VsCostSlot));
    batches[k].answers = NULL;
    batches[k].fallback_bytes = NULL;
  }
}

static void
batches_clear (VsKindBatch batches[VS_TASK_KIND_COUNT])
{
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++) {
    vs_key_index_clear (&batches[k].dedup);
    g_array_unref (batches[k].slots);
    g_free (batches[k].answers);
    g_free (batches[k].fallback_bytes);
  }
}

/* Step 1 for a DPU task with variants and no cost of its own: each variant
 * takes its given cost or joins the DPU batch. */
static gboolean
gather_variants (const VsSchedule *s, const VsCostPlan *plan, guint i, VsCosts *c,
                 VsKindBatch *dpu_batch, GError **error)
{
  const VsTask *t = vs_schedule_task (s, i);
  VsCostKindStats *st = &c->stats[t->kind];
  for (guint v = 0; v < t->spec.dpu.n_variants; v++) {
    guint vi = t->spec.dpu.first_variant + v;
    const VsDpuVariant *var = vs_schedule_variant (s, vi);
    st->tasks++;
    if (var->cost.source != VS_COST_SOURCE_NONE) {
      take_given (&var->cost, &c->variant_class[vi], &c->variant_amount[vi],
                  &c->variant_cycles[vi]);
      st->given++;
      continue;
    }
    if (plan->dpu == NULL) {
      no_model (s, i, error);
      return FALSE;
    }
    VsDpuWorkload w;
    if (!vs_workload_map_dpu (s, i, (gint) v, &w, error))
      return FALSE;
    if (plan->compiler_mode && compiler_leaves_uncosted (&w.input, &w.output)) {
      one_cycle (&c->variant_class[vi], &c->variant_amount[vi], &c->variant_cycles[vi]);
      continue;
    }
    VsCostSlot slot = { i, (gint) v, dedup_add (&dpu_batch->dedup, &w) };
    g_array_append_val (dpu_batch->slots, slot);
  }
  return TRUE;
}

/* Step 1 for any other task: its given cost, a fixed cost, or its workload
 * joins its kind's batch. */
static gboolean
gather_task (const VsSchedule *s, const VsCostPlan *plan, VsCostModel *const *models, guint i,
             VsCosts *c, VsKindBatch *batches, GError **error)
{
  const VsTask *t = vs_schedule_task (s, i);
  VsCostKindStats *st = &c->stats[t->kind];
  st->tasks++;
  if (t->cost.source != VS_COST_SOURCE_NONE) {
    take_given (&t->cost, &c->task_class[i], &c->task_amount[i], &c->task_cycles[i]);
    st->given++;
    return TRUE;
  }
  if (t->kind == VS_TASK_SYNC)
    return TRUE;                /* zero cost */
  if (t->kind == VS_TASK_M2I) {
    /* No model costs media tasks: the compiler's convention of 1 cycle. */
    one_cycle (&c->task_class[i], &c->task_amount[i], &c->task_cycles[i]);
    if (!plan->compiler_mode)
      warn (c, s, i, "no cost model for M2I tasks and no cost given; costed as 1 cycle");
    return TRUE;
  }
  if (models[t->kind] == NULL) {
    no_model (s, i, error);
    return FALSE;
  }
  union {
    VsDpuWorkload dpu;
    VsDmaCopyWorkload dma;
    VsShaveWorkload shave;
  } w;
  gboolean mapped = t->kind == VS_TASK_DPU ? vs_workload_map_dpu (s, i, -1, &w.dpu, error)
                  : t->kind == VS_TASK_DMA ? vs_workload_map_dma (s, i, &w.dma, error)
                  : vs_workload_map_shave (s, i, &w.shave, error);
  if (!mapped)
    return FALSE;
  if (t->kind == VS_TASK_DMA && plan->compiler_mode)
    compiler_dma_workload (s, t, &w.dma);
  if (plan->compiler_mode &&
      ((t->kind == VS_TASK_DPU && compiler_leaves_uncosted (&w.dpu.input, &w.dpu.output)) ||
       (t->kind == VS_TASK_SHAVE &&
        (w.shave.n_inputs == 0 || w.shave.n_outputs == 0 ||
         compiler_leaves_uncosted (&w.shave.inputs[0], &w.shave.outputs[0]))))) {
    one_cycle (&c->task_class[i], &c->task_amount[i], &c->task_cycles[i]);
    return TRUE;
  }
  VsCostSlot slot = { i, -1, dedup_add (&batches[t->kind].dedup, &w) };
  g_array_append_val (batches[t->kind].slots, slot);
  return TRUE;
}

/* Step 2: one batch per model, then step 3 for each. */
static gboolean
answer_batches (const VsSchedule *s, const VsCostPlan *plan, VsCostModel *const *models,
                VsKindBatch *batches, VsCosts *c, GError **error)
{
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++) {
    VsKindBatch *b = &batches[k];
    guint n = vs_key_index_size (&b->dedup);
    c->stats[k].distinct = n;
    if (n == 0)
      continue;
    b->answers = g_new0 (VsCycles, n);
    b->fallback_bytes = g_new (double, n);
    for (guint j = 0; j < n; j++)
      b->fallback_bytes[j] = -1;
    const void *items = b->dedup.keys;
    gboolean answered = k == VS_TASK_DPU ? vs_cost_model_dpu (models[k], items, n, b->answers, error)
                      : k == VS_TASK_DMA ? vs_cost_model_dma (models[k], items, n, b->answers, error)
                      : vs_cost_model_shave (models[k], items, n, b->answers, error);
    if (!answered || !resolve_errors (s, plan, (VsTaskKind) k, b, c, error))
      return FALSE;
    distribute_answers (s, (VsTaskKind) k, &batches[k], c);
  }
  return TRUE;
}

/* DPU tasks with variants report the cycles of all their variants. */
static void
sum_variant_cycles (const VsSchedule *s, VsCosts *c)
{
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    if (t->kind != VS_TASK_DPU || t->spec.dpu.n_variants == 0 || t->cost.source != VS_COST_SOURCE_NONE)
      continue;
    guint64 cycles = 0;
    for (guint v = 0; v < t->spec.dpu.n_variants; v++)
      cycles += c->variant_cycles[t->spec.dpu.first_variant + v];
    c->task_cycles[i] = (VsCycles) MIN (cycles, (guint64) VS_CYCLES_ERROR_START);
  }
}

gboolean
vs_cost_prepass (const VsSchedule *s, const VsCostPlan *plan, VsCosts *c, GError **error)
{
  costs_alloc (c, s);
  VsCostModel *models[VS_TASK_KIND_COUNT] = {
    [VS_TASK_DMA] = plan->dma, [VS_TASK_DPU] = plan->dpu, [VS_TASK_SHAVE] = plan->shave,
  };
  VsKindBatch batches[VS_TASK_KIND_COUNT];
  batches_init (batches);
  gboolean ok = TRUE;

  /* 1. Given costs, and the workloads of everything else. */
  for (guint i = 0; ok && i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    if (t->kind == VS_TASK_DPU && t->spec.dpu.n_variants > 0 && t->cost.source == VS_COST_SOURCE_NONE)
      ok = gather_variants (s, plan, i, c, &batches[VS_TASK_DPU], error);
    else
      ok = gather_task (s, plan, models, i, c, batches, error);
  }
  /* 2 and 3. */
  ok = ok && answer_batches (s, plan, models, batches, c, error);
  if (ok) {
    sum_variant_cycles (s, c);
    vs_costs_retime (c, s, &s->device, plan->reference, plan->compiler_mode, c->task_ps,
                     c->variant_ps);
  }
  batches_clear (batches);
  if (!ok)
    vs_costs_clear (c);
  return ok;
}
