/* SPDX-License-Identifier: Apache-2.0 */
/* cost_prepass.h — every task's duration, computed once before the replay.
 *
 * Collects the workload of every task (DPU: every variant), removes
 * duplicates, asks each kind's cost model once per distinct workload in one
 * batch, and converts cycles of the device's DPU clock to picoseconds.  Costs
 * written in the schedule (`cost:` on a task or variant) override the model.
 * A workload the model cannot cost (an error code) falls back to the plan's
 * fallback model with a warning, and in compiler mode to 1 cycle, as the NPU
 * compiler's estimator does.
 *
 * Clocks and bandwidths.  Cost models answer for the device they were made
 * for (VPUNN's DMA and SHAVE cycles are measured on real hardware at its
 * nominal clocks); `reference` is that nominal device (the arch's preset).
 * DPU cycles run at the device's DPU clock.  DMA time scales with the
 * effective bandwidth of the transfer — min(DDR bandwidth, DMA bytes per cycle
 * x DPU clock) when DDR is involved, the DMA engine alone for CMX to CMX —
 * relative to the reference's; SHAVE time with the SHAVE clock, and a SHAVE
 * kernel's first run on a SHAVE takes shave_kernel_load_ns more (its code
 * fetched; kernel_first_use.h).  So a what-if
 * that doubles the DDR bandwidth halves a DDR-bound DMA, and lowering the DPU
 * clock slows the DPU but not a DDR-bound DMA.  With `reference` NULL (and in
 * compiler mode) every cycle count is converted at the device's DPU clock, as
 * the NPU compiler does.
 */
#ifndef VS_COST_PREPASS_H
#define VS_COST_PREPASS_H

#include <glib.h>

#include "models/cost_model.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

typedef enum {
  VS_UNKNOWN_SHAVE_ANALYTICAL = 0, /* the device's SHAVE fallback model (launch + bytes /
                                      throughput), or without one output bytes at 1 B/cycle */
  VS_UNKNOWN_SHAVE_ZERO,
  VS_UNKNOWN_SHAVE_ERROR,
} VsUnknownShavePolicy;

/* --unknown-shave: "analytical" (also NULL), "zero" or "error", in any
 * letter case; a G_OPTION_ERROR naming the value otherwise. */
gboolean vs_unknown_shave_policy_parse (const char *text, VsUnknownShavePolicy *out,
                                        GError **error);

typedef struct {
  VsCostModel *dpu;             /* borrowed; NULL = every such task must carry a cost */
  VsCostModel *dma;
  VsCostModel *shave;
  VsCostModel *fallback;        /* borrowed, may be NULL: used when a model answers an error */
  VsUnknownShavePolicy unknown_shave;
  gboolean compiler_mode;       /* an uncostable task costs 1 cycle, silently */
  const VsDevice *reference;    /* borrowed, may be NULL: the nominal device of the models */
} VsCostPlan;

typedef struct {
  guint tasks;                  /* tasks (DPU: variants) of this kind */
  guint given;                  /* costs taken from the schedule */
  guint distinct;               /* distinct workloads sent to the model */
  guint fallbacks;              /* answers replaced by the fallback */
} VsCostKindStats;

/* How a task's (or variant's) amount becomes time; see the header comment. */
typedef enum {
  VS_TIME_ZERO = 0,             /* SYNC without a cost */
  VS_TIME_NS,                   /* a cost given in ns: fixed */
  VS_TIME_DPU_CLOCK,            /* cycles at the device's DPU clock (given cycles, 1-cycle tasks) */
  VS_TIME_DMA_DDR,              /* DMA answer, a transfer from or to DDR */
  VS_TIME_DMA_CMX,              /* DMA answer, CMX to CMX */
  VS_TIME_SHAVE,                /* SHAVE answer */
  VS_TIME_DPU_INT8,             /* DPU answer on integer data: DPU clock, macs_per_dpu MACs */
  VS_TIME_DPU_FP16,             /* DPU answer on FP16/BF16/FP32 data: fp16_macs_per_dpu MACs */
  VS_TIME_SHAVE_FALLBACK,       /* a SHAVE kernel no model knows: timed by the device's SHAVE
                                   fallback model from task_fallback_bytes, or without one
                                   like VS_TIME_SHAVE from the generic rule's cycles */
} VsTimeClass;

typedef struct {
  gint64 *task_ps;              /* per task; for a DPU task with variants, the sum of its variants */
  gint64 *variant_ps;           /* per schedule variant */
  VsCycles *task_cycles;        /* per task: cycles used (DPU with variants: their sum) */
  VsCycles *variant_cycles;     /* per schedule variant: cycles used */
  guint8 *task_class;           /* VsTimeClass per task (DPU with variants: of its variants) */
  guint8 *variant_class;
  double *task_amount;          /* cycles, or ns for VS_TIME_NS */
  double *task_fallback_bytes;  /* per task: input+output bytes of a SHAVE kernel the model did
                                   not know (costed by the fallback), else -1 */
  double *variant_amount;
  guint8 *task_kernel_first;    /* per task: 1 for a SHAVE kernel's first run on a SHAVE, which
                                   takes the device's load time of the kernel more (realistic
                                   mode; sim/cost/kernel_first_use.h, vs_device_kernel_load_ns) */
  const char **task_kernel;     /* per task: a SHAVE kernel's canonical operator (borrowed from
                                   the schedule or the kernel name table), else NULL */
  VsCostKindStats stats[VS_TASK_KIND_COUNT];
  GPtrArray *warnings;          /* char *, one line each, in task order */
} VsCosts;

void vs_costs_clear (VsCosts *costs);

/* Whether `device` has a SHAVE fallback model, and its time for a kernel
 * reading and writing `bytes`: launch + bytes / throughput SHAVE-clock
 * cycles (device.h), in ps. */
gboolean vs_shave_fallback_active (const VsDevice *device);
gint64   vs_shave_fallback_ps (const VsDevice *device, double bytes);

/* Convert the costs' amounts to picoseconds for `device` (another clock or
 * bandwidth than the one costed: sweeps and what-if re-time without asking the
 * models again).  `reference` and `compiler_mode` as in VsCostPlan.  Writes
 * n_tasks and n_variants entries; safe to call from several threads. */
void vs_costs_retime (const VsCosts *costs, const VsSchedule *schedule, const VsDevice *device,
                      const VsDevice *reference, gboolean compiler_mode, gint64 *task_ps,
                      gint64 *variant_ps);

/* One task's time as vs_costs_retime gives it (not for a DPU task with
 * variants, whose time is its variants'). */
gint64 vs_costs_task_ps (const VsCosts *costs, guint task, const VsDevice *device,
                         const VsDevice *reference, gboolean compiler_mode);

gboolean vs_cost_prepass (const VsSchedule *schedule, const VsCostPlan *plan, VsCosts *costs,
                          GError **error);

G_END_DECLS

#endif
