/* SPDX-License-Identifier: Apache-2.0 */
/* analytical.c — the analytical cost model over the theoretical formulas. */
#include "models/analytical.h"

#include "models/dma_theoretical.h"
#include "models/shave_table.h"
#include "models/vpunn/dpu_sanitizer.h"
#include "models/vpunn/dpu_theoretical.h"

static gboolean
analytical_dpu (VsCostModel *self, const VsDpuWorkload *w, gsize n, VsCycles *out, GError **error)
{
  for (gsize i = 0; i < n; i++) {
    /* The reference costs the sanitized workload (AVEPOOL as DW_CONV, small
     * CONV as CM_CONV, ...).  A workload the sanitizer rejects still gets a
     * number, from the workload as given: the analytical model is also the
     * fallback when VPUNN refuses a workload. */
    VsDpuWorkload sanitized = w[i];
    VsCycles code;
    out[i] = vs_dpu_theoretical_cycles (vs_dpu_sanitize (&sanitized, &code) ? &sanitized : &w[i]);
  }
  return TRUE;
}

static gboolean
analytical_dma (VsCostModel *self, const VsDmaCopyWorkload *w, gsize n, VsCycles *out, GError **error)
{
  for (gsize i = 0; i < n; i++)
    out[i] = vs_dma_theoretical_cycles (&w[i]);
  return TRUE;
}

static gboolean
analytical_shave (VsCostModel *self, const VsShaveWorkload *w, gsize n, VsCycles *out, GError **error)
{
  const VsShaveTable *table = vs_shave_table_builtin ();
  for (gsize i = 0; i < n; i++)
    out[i] = vs_shave_table_cycles (table, &w[i]);
  return TRUE;
}

static void
analytical_free (VsCostModel *self)
{
  g_free (self);
}

static const VsCostModelClass analytical_class = {
  .name = "analytical",
  .dpu = analytical_dpu,
  .dma = analytical_dma,
  .shave = analytical_shave,
  .free = analytical_free,
};

VsCostModel *
vs_analytical_cost_model_new (void)
{
  VsCostModel *m = g_new0 (VsCostModel, 1);
  m->klass = &analytical_class;
  return m;
}
