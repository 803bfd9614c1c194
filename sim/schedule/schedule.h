/* SPDX-License-Identifier: Apache-2.0 */
/* schedule.h — a compiled network schedule: queues, buffers, barriers, tasks.
 *
 * This is the in-memory form of the `vpusim-schedule` YAML format (DESIGN.md
 * §5) and what the VPURT MLIR importer produces.  Everything is indexed:
 * tasks name their queue, barriers and buffers by index into the schedule's
 * arrays, so the replay never looks a string up.  Task order within a queue
 * is the order of `tasks` (FIFO order).  Strings are owned by the schedule
 * (a GStringChunk), arrays are GArrays of the element structs.
 */
#ifndef VS_SCHEDULE_H
#define VS_SCHEDULE_H

#include <glib.h>

#include "hw/device.h"
#include "models/workload.h"

G_BEGIN_DECLS

#define VS_SCHEDULE_ERROR (vs_schedule_error_quark ())
GQuark vs_schedule_error_quark (void);

typedef enum {
  VS_SCHEDULE_ERROR_PARSE,      /* malformed YAML or wrong type */
  VS_SCHEDULE_ERROR_INVALID,    /* well-formed but impossible (unknown ref, duplicate id...) */
  VS_SCHEDULE_ERROR_IO,
} VsScheduleError;

typedef enum {
  VS_ENGINE_DMA = 0,
  VS_ENGINE_DPU,
  VS_ENGINE_SHAVE,
  VS_ENGINE_M2I,
  VS_ENGINE_COUNT
} VsEngine;

typedef enum {
  VS_TASK_DMA = 0,
  VS_TASK_DPU,
  VS_TASK_SHAVE,
  VS_TASK_M2I,
  VS_TASK_SYNC,                 /* zero-cost synchronisation (SyncDMA, barrier programming) */
  VS_TASK_KIND_COUNT
} VsTaskKind;

typedef enum {
  VS_MEMORY_DDR = 0,            /* DDR, network inputs/outputs, constants */
  VS_MEMORY_CMX,                /* tile-local CMX_NN */
  VS_MEMORY_REGISTER,
  VS_MEMORY_COUNT
} VsMemory;

typedef enum {
  VS_COST_SOURCE_NONE = 0,      /* no cost given: the cost model decides */
  VS_COST_SOURCE_MANUAL,
  VS_COST_SOURCE_VPUNN,
  VS_COST_SOURCE_COMPILER,
  VS_COST_SOURCE_MEASURED,
  VS_COST_SOURCE_ANALYTICAL,
  VS_COST_SOURCE_COUNT
} VsCostSource;

/* A cost given in the schedule: `cost: {cycles: N}` (DPU clock) or `{ns: N}`. */
typedef struct {
  VsCostSource source;          /* NONE = absent */
  gboolean in_ns;               /* value is ns, else DPU-clock cycles */
  double value;
} VsGivenCost;

#define VS_MAX_RANK 6

/* A tensor in memory: a declared buffer, or an inline tensor on a task. */
typedef struct {
  const char *id;               /* buffer id (NULL for inline tensors) */
  const char *name;             /* optional, e.g. the compiler's name */
  VsMemory memory;
  guint64 tile_mask;            /* CMX tiles holding a copy; 0 for DDR */
  gint64 offset;                /* bytes within the memory (per tile for CMX), -1 unknown */
  gint32 rank;
  gint64 shape[VS_MAX_RANK];    /* logical dims, MLIR order: N, C, H, W for rank 4 (the layout
                                   says how they lie in memory) */
  gboolean has_strides;
  gint64 strides[VS_MAX_RANK];  /* bytes, per logical dim (same order as shape) */
  VsDataType dtype;
  VsLayout layout;              /* logical order of the dims in memory */
  gboolean sparse;
  VsSwizzling swizzling;
} VsTensor;

/* Bytes the tensor occupies when compact (elements x element size, sub-byte
 * types packed); with strides, the span the strides cover.  Saturates at
 * VS_MAX_TENSOR_BYTES + 1 for a tensor vs_tensor_bytes_checked refuses. */
gint64 vs_tensor_bytes (const VsTensor *t);

/* The largest tensor a schedule may describe: 1 TiB, far above any NPU's
 * memory, yet small enough that every product the cost models and the
 * replay form from it (bits, bytes x picoseconds per byte) fits in 64 bits. */
#define VS_MAX_TENSOR_BYTES (G_GINT64_CONSTANT (1) << 40)

/* vs_tensor_bytes with every product and sum checked (g_uint64_checked_*):
 * FALSE when the size overflows or exceeds VS_MAX_TENSOR_BYTES, else TRUE
 * with the size in *bytes.  A dimension or stride below zero is FALSE too;
 * a dimension of 0 gives 0 bytes. */
gboolean vs_tensor_bytes_checked (const VsTensor *t, gint64 *bytes);

/* A reference from a task to a tensor: an index into schedule->buffers, or -1
 * for none.  Inline tensors written on a task are stored as anonymous
 * buffers (id NULL), so a reference is always just an index. */
typedef gint32 VsTensorRef;

typedef struct {
  const char *id;
  VsEngine engine;
  gint32 tile;                  /* DPU/SHAVE: tile; DMA: -1 */
  gint32 port;                  /* DMA port, else -1 */
  gint32 channel;               /* DMA: 0 DDR-source, 1 CMX-source, -1 none; SHAVE list index with per-SHAVE FIFOs */
  gint32 servers;               /* tasks that may run at once (SHAVE shared FIFO: 2) */
} VsQueue;

typedef struct {
  const char *id;
  gint32 pid;                   /* physical barrier id, -1 = virtual only */
  gboolean is_start, is_final;
  gint32 declared_producers;    /* -1 = not given; else checked against the tasks */
  gint32 declared_consumers;
  gint32 producers;             /* computed: tasks that update it */
  gint32 consumers;             /* computed: tasks that wait on it */
} VsBarrier;

typedef struct {
  gint32 out_start[3], out_end[3];   /* x, y, z, inclusive */
  gint32 pad_top, pad_bottom, pad_left, pad_right;
  VsExecutionMode mpe_mode;
  gint32 tile;                  /* tile of the variant (cluster_id), -1 = the task's */
  VsGivenCost cost;
  gboolean has_in;              /* in_start/in_end given (the compiler's input box, x y z inclusive;
                                   VPURT import); FALSE = derive from the output box */
  gint32 in_start[3], in_end[3];
} VsDpuVariant;

typedef struct {
  VsDpuOperation op;
  gint32 kernel_w, kernel_h;
  gint32 stride_w, stride_h;
  gint32 pad_top, pad_bottom, pad_left, pad_right;
  VsTensorRef input, weights, output;
  VsActivation activation;
  float act_sparsity, weight_sparsity;
  gboolean weight_sparsity_enabled;
  VsIsiStrategy isi_strategy;
  gint32 output_write_tiles;
  guint first_variant;          /* into schedule->variants */
  guint n_variants;
} VsDpuSpec;

typedef struct {
  VsTensorRef src, dst;
  gint64 bytes;                 /* bytes moved; 0 = derive from the tensors */
  gboolean out_of_order;
  const char *op;               /* NNDMA, PermuteDMA, ...: informational, except the
                                 * descriptor DMAs (vs_dma_op_is_descriptor) */
  VsDmaPlanes planes;           /* the compiler's access pattern (`descriptor:`), count 0
                                 * when not given: the cost models read it */
} VsDmaSpec;

#define VS_SHAVE_MAX_ARGS 4
typedef struct {
  const char *kernel;           /* VPUNN kernel name */
  gint32 runs;
  guint n_inputs, n_outputs;
  VsTensorRef inputs[VS_SHAVE_MAX_ARGS];
  VsTensorRef outputs[VS_SHAVE_MAX_ARGS];
} VsShaveSpec;

typedef struct {
  const char *id;
  const char *name;             /* profiling name, for joining measured runs */
  const char *layer;
  VsTaskKind kind;
  gint32 queue;                 /* index into schedule->queues */
  guint first_wait, n_waits;    /* ranges into schedule->refs (barrier indices) */
  guint first_update, n_updates;
  guint first_after, n_after;   /* ranges into schedule->refs (task indices) */
  guint first_enqueue, n_enqueue; /* WLM: range into schedule->refs (0 or 1 barrier) whose release
                                     lets the task be enqueued (VPURT enqueueTarget); n 0 = none */
  VsGivenCost cost;
  union {
    VsDpuSpec dpu;
    VsDmaSpec dma;
    VsShaveSpec shave;
  } spec;
  gint32 line;                  /* source line, for errors; 0 unknown */
} VsTask;

typedef struct {
  char *path;                   /* where it was read from, for errors */
  char *device_preset;          /* the `device:` preset name, or NULL */
  VsDevice device;              /* resolved device (preset + inline overrides) */
  GArray *queues;               /* VsQueue */
  GArray *buffers;              /* VsTensor */
  GArray *barriers;             /* VsBarrier */
  GArray *tasks;                /* VsTask */
  GArray *variants;             /* VsDpuVariant, ranges per DPU task */
  GArray *refs;                 /* gint32: wait/update barrier and after-task lists */
  GHashTable *source;           /* provenance key -> value (owned strings), may be empty */
  GStringChunk *strings;        /* owns every const char * above */
} VsSchedule;

VsSchedule *vs_schedule_new (void);
void        vs_schedule_free (VsSchedule *schedule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsSchedule, vs_schedule_free)

/* Intern a string in the schedule (NULL stays NULL). */
const char *vs_schedule_intern (VsSchedule *schedule, const char *s);

/* Accessors that keep index arithmetic in one place. */
#define vs_schedule_task(s, i)    (&g_array_index ((s)->tasks, VsTask, (i)))
#define vs_schedule_queue(s, i)   (&g_array_index ((s)->queues, VsQueue, (i)))

/* Queue indices sorted by `key` (stable: equal keys keep queue order), as
 * a new array: the row order of the charts and traces. */
guint *vs_schedule_queue_order (const VsSchedule *s, gint64 (*key) (const VsQueue *q));
#define vs_schedule_barrier(s, i) (&g_array_index ((s)->barriers, VsBarrier, (i)))
#define vs_schedule_buffer(s, i)  (&g_array_index ((s)->buffers, VsTensor, (i)))
#define vs_schedule_variant(s, i) (&g_array_index ((s)->variants, VsDpuVariant, (i)))
#define vs_schedule_ref(s, i)     (g_array_index ((s)->refs, gint32, (i)))

/* The tensor a reference points at, or NULL for -1. */
const VsTensor *vs_schedule_tensor (const VsSchedule *schedule, VsTensorRef ref);

/* Recompute barrier producer/consumer counts from the tasks and check the
 * schedule is replayable: every barrier that is waited on has a producer,
 * declared counts match, task kinds fit their queues, `after` refers to
 * existing tasks.  Errors name the task or barrier (and line when known). */
gboolean vs_schedule_validate (VsSchedule *schedule, GError **error);

/* Canonical names (schedule_names.c: the spellings of the YAML format). */
const char *vs_engine_name (VsEngine e);       /* "DMA", "DPU", "SHAVE", "M2I" */
const char *vs_task_kind_name (VsTaskKind k);  /* "DMA", "DPU", "SHAVE", "M2I", "SYNC" */

/* Servers of a queue whose `servers` the schedule does not give: a SHAVE
 * queue without a list index on a device with one FIFO per tile has the
 * tile's SHAVEs; every other queue one. */
gint32 vs_queue_default_servers (const VsQueue *q, const VsDevice *device);

/* The engine a task kind runs on (SYNC runs on the queue it is placed in). */
gboolean vs_task_kind_fits_engine (VsTaskKind kind, VsEngine engine);

/* FetchDMA, BarProgDMA, EnqueueDMA: the runtime's own transfers (task
 * descriptors, barrier programming), whose size the schedule does not say.
 * A DMA task with such an `op` may have neither tensors nor bytes: it is
 * costed as a minimal DDR to DDR transfer, i.e. the DMA's fixed latency —
 * as the NPU compiler's estimator costs them. */
gboolean vs_dma_op_is_descriptor (const char *op);

G_END_DECLS

#endif /* VS_SCHEDULE_H */
