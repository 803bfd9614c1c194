/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_cost_model.c — VsCostModel over the C VPUNN runtime. */
#include "models/vpunn/vpunn_cost_model.h"

#include "models/shave_table.h"
#include "models/vpunn/vpunn_dma.h"
#include "models/vpunn/vpunn_dpu.h"
#include "models/vpunn/vpunn_paths.h"

typedef struct {
  VsCostModel parent;
  VsVpunnDpu *dpu;
  VsVpunnDma *dma;
  VsShaveTable *shave;
} VsVpunnCostModel;

static gboolean
vpunn_dpu (VsCostModel *self, const VsDpuWorkload *w, gsize n, VsCycles *out, GError **error)
{
  vs_vpunn_dpu_cost_batch (((VsVpunnCostModel *) self)->dpu, w, n, out);
  return TRUE;
}

static gboolean
vpunn_dma (VsCostModel *self, const VsDmaCopyWorkload *w, gsize n, VsCycles *out, GError **error)
{
  vs_vpunn_dma_copy_cycles_batch (((VsVpunnCostModel *) self)->dma, w, n, out);
  return TRUE;
}

static gboolean
vpunn_shave (VsCostModel *self, const VsShaveWorkload *w, gsize n, VsCycles *out, GError **error)
{
  const VsShaveTable *table = ((VsVpunnCostModel *) self)->shave;
  for (gsize i = 0; i < n; i++)
    out[i] = vs_shave_table_cycles (table, &w[i]);
  return TRUE;
}

static void
vpunn_free (VsCostModel *self)
{
  VsVpunnCostModel *m = (VsVpunnCostModel *) self;
  g_clear_pointer (&m->dpu, vs_vpunn_dpu_free);
  g_clear_pointer (&m->dma, vs_vpunn_dma_free);
  g_clear_pointer (&m->shave, vs_shave_table_free);
  g_free (m);
}

static const VsCostModelClass vpunn_class = {
  .name = "vpunn",
  .dpu = vpunn_dpu,
  .dma = vpunn_dma,
  .shave = vpunn_shave,
  .free = vpunn_free,
};

VsCostModel *
vs_vpunn_cost_model_new (const char *models_dir, VsVpuDevice device, GPtrArray *notes,
                         GError **error)
{
  const char *dpu_file = vs_vpunn_default_dpu_model (device);
  if (dpu_file == NULL) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "VPUNN has no DPU model for %s",
                 vs_vpu_device_name (device));
    return NULL;
  }
  g_autofree char *dpu_path = vs_vpunn_find_file (models_dir, dpu_file, error);
  if (dpu_path == NULL)
    return NULL;
  g_autoptr(VsVpunnDpu) dpu = vs_vpunn_dpu_new (dpu_path, error);
  if (dpu == NULL)
    return NULL;
  if (!vs_vpunn_dpu_is_loaded (dpu)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", vs_vpunn_dpu_load_error (dpu));
    return NULL;
  }

  /* DMA: the network if there is one, else theoretical (the reference's own fallback). */
  g_autoptr(VsVpunnDma) dma = NULL;
  const char *dma_file = vs_vpunn_default_dma_model (device);
  g_autofree char *dma_path = dma_file != NULL ? vs_vpunn_find_file (models_dir, dma_file, NULL) : NULL;
  if (dma_path != NULL) {
    dma = vs_vpunn_dma_load (dma_path, error);
    if (dma == NULL)
      return NULL;
  } else {
    dma = vs_vpunn_dma_new (NULL, error);
    if (dma == NULL)
      return NULL;
    if (notes != NULL)
      g_ptr_array_add (notes, g_strdup_printf ("no VPUNN DMA network for %s found (%s); DMA tasks "
                                               "use the theoretical DMA model",
                                               vs_vpu_device_name (device),
                                               dma_file != NULL ? dma_file : "none published"));
  }

  g_autofree char *table_path = vs_vpunn_find_file (models_dir, "layers_perf.csv", NULL);
  g_autoptr(VsShaveTable) shave = table_path != NULL ? vs_shave_table_load (table_path, error)
                                                     : vs_shave_table_for_models_dir (NULL, error);
  if (shave == NULL)
    return NULL;

  VsVpunnCostModel *m = g_new0 (VsVpunnCostModel, 1);
  m->parent.klass = &vpunn_class;
  m->dpu = g_steal_pointer (&dpu);
  m->dma = g_steal_pointer (&dma);
  m->shave = g_steal_pointer (&shave);
  return &m->parent;
}

gboolean
vs_vpunn_cost_model_dma_is_trained (const VsCostModel *m, VsVpuDevice device)
{
  return m != NULL && m->klass == &vpunn_class &&
         vs_vpunn_dma_trained_on (((const VsVpunnCostModel *) m)->dma, device);
}
