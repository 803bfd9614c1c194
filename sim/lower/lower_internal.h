/* SPDX-License-Identifier: Apache-2.0 */
/* lower_internal.h — what the lowering's two halves share (internal to
 * sim/lower/lower*.c): the emitter's state, and the schedule pieces and
 * memory helpers of lower_memory.c (queues, tasks, buffers, CMX
 * allocation, DMAs, spills, fetches) that lower.c's layer emitters use. */
#ifndef VS_LOWER_INTERNAL_H
#define VS_LOWER_INTERNAL_H

#include <glib.h>

#include "sim/lower/lower.h"

G_BEGIN_DECLS

#define VS_LOWER_ALIGN 64

/* One allocation in CMX: the same bytes on every tile of `mask`. */
typedef struct {
  gint64 lo, hi;
  guint64 mask;
  gboolean live;
  GArray *users;                /* guint tasks that wrote or read it */
} VsLowerAlloc;

/* What a tile holds of a layer's output. */
typedef struct {
  gint32 buffer;                /* schedule buffer, -1 none */
  gint32 alloc;
  int axis;                     /* NCHW axis of the slice, -1 the whole tensor */
  gint64 lo, hi;                /* slice [lo, hi) along axis */
} VsLowerHeld;

typedef struct {
  VsLowerHeld tile[VS_LOWER_MAX_TILES];
  GArray *writers;              /* guint: compute tasks that produced it */
  gint32 ddr_buffer;            /* the whole tensor in DDR, -1 none yet */
  GArray *ddr_writers;          /* guint: the DMAs that copied it there */
  guint consumers_left;
  guint pieces;                 /* DMAs per held slice when copied out (SHAVE: parts per tile) */
  gboolean done;
} VsLowerOutput;

typedef struct {
  const VsNetwork *net;
  VsLowerModels *m;
  const VsLowerOptions *opt;
  VsSchedule *s;
  GPtrArray *notes;
  VsLayerPlan **plans;
  VsLowerOutput *out;
  GArray *allocs;               /* VsLowerAlloc */
  GPtrArray *deps;              /* per task: GArray of guint */
  gint32 q_dma[16][2], q_dpu[VS_LOWER_MAX_TILES], q_shave[VS_LOWER_MAX_TILES][8];
  guint dma_turn;
  /* keep with net->dma_timestamps: the compiler's profiling DMAs (a timer
   * register read into CMX) around every DMA; stamp_before/after hold, per
   * task, its stamps (G_MAXUINT none), resolved when barriers are built:
   * the before stamp takes the DMA's waits, the after stamp its updates. */
  guint stamps;
  gint32 stamp_src, stamp_dst;
  GArray *stamp_before, *stamp_after;
  guint n_tiles;
  GArray *scratch;              /* gint32 allocs the current layer frees when it is done */
  guint pieces;                 /* DMAs per fetched slice (SHAVE inputs: parts per tile) */
  GError **error;
} VsLowerEmit;

/* What a tile reads of a tensor: [lo, hi) along NCHW axis `axis`, or all (-1). */
typedef struct {
  int axis;
  gint64 lo, hi;
} VsLowerNeed;

/* Schedule pieces: a DMA/DPU/SHAVE queue set for the device, a task (with an
 * empty dependency list), a dependency of `task` on every task of `on`, a
 * buffer of `shape` of tensor `t` (NULL id: inline), how a layer's tensor
 * lies in memory (NHWC for rank 4), and the bytes of a shape of `t`. */
void     vs_lower_add_queues (VsLowerEmit *e);
guint    vs_lower_add_task (VsLowerEmit *e, VsTaskKind kind, gint32 queue, const char *name,
                            const char *layer);
void     vs_lower_depend (VsLowerEmit *e, guint task, const GArray *on);
gint32   vs_lower_add_buffer (VsLowerEmit *e, const char *id, VsMemory memory, guint64 mask,
                              gint64 offset, const VsNetTensor *t, const gint64 *shape);
VsLayout vs_lower_cmx_layout (const VsNetLayer *l, const VsNetTensor *t);
void     vs_lower_set_layout (VsLowerEmit *e, gint32 buffer, VsLayout layout);
gint64   vs_lower_shape_bytes (const VsNetTensor *t, const gint64 *shape);

/* CMX: allocate `size` bytes at one offset on every tile of `mask` (spilling
 * the oldest live output not pinned until it fits; -1 and e->error set when
 * nothing can go), adding to `war` the readers of the bytes it reuses;
 * record a task reading or writing an allocation; release one. */
gint32   vs_lower_cmx_alloc (VsLowerEmit *e, guint64 mask, gint64 size, const GArray *pinned,
                             guint layer, GArray *war);
void     vs_lower_cmx_use (VsLowerEmit *e, gint32 alloc, guint task);
void     vs_lower_cmx_free (VsLowerEmit *e, gint32 alloc);

/* DMAs and data: a DMA task (ports in turn, channel by source memory); a
 * shape cut to [lo, hi) along `axis`; a layer's output copied to DDR once
 * (its CMX copies given up with `release`); the producer of a layer's
 * input; every tile's buffer for a tensor share (see lower_memory.c). */
/* The profiling stamps (see stamp_before): set up before the first task,
 * resolved into the dependencies before the barriers are built. */
gboolean vs_lower_stamps_init (VsLowerEmit *e);
void     vs_lower_stamps_resolve (VsLowerEmit *e);
void     vs_lower_stamps_clear (VsLowerEmit *e);
guint    vs_lower_add_dma (VsLowerEmit *e, gint32 src, gint32 dst, const char *name,
                           const char *layer);
void     vs_lower_slice_shape (const VsNetTensor *t, int axis, gint64 lo, gint64 hi, gint64 *shape);
void     vs_lower_spill (VsLowerEmit *e, guint layer, gboolean release);
gint32   vs_lower_producer_of (VsLowerEmit *e, guint layer, guint i, const VsNetTensor *want);
gboolean vs_lower_provide (VsLowerEmit *e, guint layer, gint32 src_layer, const VsNetTensor *t,
                           const VsLowerNeed *need, guint n_tiles, const GArray *pinned,
                           const char *what, gint32 *buffers, gint32 *allocs, gboolean *owned,
                           GArray **deps);

G_END_DECLS

#endif /* VS_LOWER_INTERNAL_H */
