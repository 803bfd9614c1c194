/* SPDX-License-Identifier: Apache-2.0 */
/* cost_model.h — one interface over every way to cost a task.
 *
 * A VsCostModel answers batches of DPU, DMA and SHAVE workload queries in
 * cycles of the device's DPU clock (the VPUNN convention; the compiler's
 * estimator uses it too).  Implementations: VPUNN (models/vpunn), analytical
 * (the reference's theoretical formulas), measured (durations from a profiling
 * run), and fixed (costs written in the schedule, handled by the pre-pass).
 * A model that cannot answer a kind sets the answer to an error code
 * (VS_CYCLES_IS_ERROR) and the pre-pass applies the user's policy.
 */
#ifndef VS_COST_MODEL_H
#define VS_COST_MODEL_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

typedef struct VsCostModel VsCostModel;

typedef struct {
  const char *name;
  /* Each answers n queries into out[0..n); returns FALSE only on a failure
   * that is not a per-workload answer (e.g. a model file that cannot be read). */
  gboolean (*dpu) (VsCostModel *self, const VsDpuWorkload *w, gsize n, VsCycles *out, GError **error);
  gboolean (*dma) (VsCostModel *self, const VsDmaCopyWorkload *w, gsize n, VsCycles *out, GError **error);
  gboolean (*shave) (VsCostModel *self, const VsShaveWorkload *w, gsize n, VsCycles *out, GError **error);
  void (*free) (VsCostModel *self);
} VsCostModelClass;

struct VsCostModel {
  const VsCostModelClass *klass;
};

static inline const char *
vs_cost_model_name (const VsCostModel *m)
{
  return m->klass->name;
}

gboolean vs_cost_model_dpu (VsCostModel *m, const VsDpuWorkload *w, gsize n, VsCycles *out, GError **error);
gboolean vs_cost_model_dma (VsCostModel *m, const VsDmaCopyWorkload *w, gsize n, VsCycles *out, GError **error);
gboolean vs_cost_model_shave (VsCostModel *m, const VsShaveWorkload *w, gsize n, VsCycles *out, GError **error);
void     vs_cost_model_free (VsCostModel *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsCostModel, vs_cost_model_free)

G_END_DECLS

#endif
