/* SPDX-License-Identifier: Apache-2.0 */
/* shave_fitted_model.c — VsCostModel over the fitted SHAVE models. */
#include "models/vpunn/shave_fitted_model.h"

#include "models/shave_kernel_names.h"
#include "models/vpunn/shave_fitted.h"

VsCycles
vs_shave_fitted_model_cycles (const VsShaveWorkload *w)
{
  const VsShaveKernelName *row = vs_shave_kernel_lookup (w->kernel);
  if (row == NULL)
    return vs_shave_fitted_cycles (w);
  if (row->fitted == NULL)
    return VS_ERROR_SHAVE_OPERATOR_MISSING;
  VsShaveWorkload named = *w;
  named.kernel = row->fitted;
  if (named.n_params == 0 && row->fitted_param >= 0) {
    named.n_params = 1;
    named.params[0] = row->fitted_param;
  }
  return vs_shave_fitted_cycles (&named);
}

static gboolean
fitted_shave (VsCostModel *self, const VsShaveWorkload *w, gsize n, VsCycles *out, GError **error)
{
  (void) self;
  (void) error;
  for (gsize i = 0; i < n; i++)
    out[i] = vs_shave_fitted_model_cycles (&w[i]);
  return TRUE;
}

static void
fitted_free (VsCostModel *self)
{
  g_free (self);
}

static const VsCostModelClass fitted_class = {
  .name = "fitted",
  .shave = fitted_shave,
  .free = fitted_free,
};

VsCostModel *
vs_shave_fitted_cost_model_new (void)
{
  VsCostModel *m = g_new0 (VsCostModel, 1);
  m->klass = &fitted_class;
  return m;
}
