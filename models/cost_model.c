/* SPDX-License-Identifier: Apache-2.0 */
/* cost_model.c — dispatch through a cost model's class. */
#include "models/cost_model.h"

static gboolean
unsupported (VsCostModel *m, const char *kind, gsize n, VsCycles *out)
{
  (void) m;
  (void) kind;
  for (gsize i = 0; i < n; i++)
    out[i] = VS_ERROR_INVALID_INPUT_OPERATION;
  return TRUE;
}

gboolean
vs_cost_model_dpu (VsCostModel *m, const VsDpuWorkload *w, gsize n, VsCycles *out, GError **error)
{
  if (m->klass->dpu == NULL)
    return unsupported (m, "DPU", n, out);
  return m->klass->dpu (m, w, n, out, error);
}

gboolean
vs_cost_model_dma (VsCostModel *m, const VsDmaCopyWorkload *w, gsize n, VsCycles *out, GError **error)
{
  if (m->klass->dma == NULL)
    return unsupported (m, "DMA", n, out);
  return m->klass->dma (m, w, n, out, error);
}

gboolean
vs_cost_model_shave (VsCostModel *m, const VsShaveWorkload *w, gsize n, VsCycles *out, GError **error)
{
  if (m->klass->shave == NULL)
    return unsupported (m, "SHAVE", n, out);
  return m->klass->shave (m, w, n, out, error);
}

void
vs_cost_model_free (VsCostModel *m)
{
  if (m != NULL && m->klass->free != NULL)
    m->klass->free (m);
}
