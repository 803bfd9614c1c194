/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_vpunn_model.c — the .vpunn reader on arbitrary bytes; an accepted
 * model must evaluate a batch without reading out of bounds. */
#include "tests/fuzz/fuzz.h"

#include "models/vpunn/vpunn_model.h"

VS_FUZZ_TARGET (vpunn_model)
{
  if (size > 4 * VS_FUZZ_MAX_INPUT)
    return 0;
  GError *error = NULL;
  VsVpunnModel *m = vs_vpunn_model_load_from_data (data, size, "fuzz.vpunn", &error);
  if (m == NULL) {
    g_error_free (error);
    return 0;
  }
  guint in = vs_vpunn_model_input_size (m), out = vs_vpunn_model_output_size (m);
  float *inputs = g_new0 (float, (gsize) in * 3 + 1);
  float *outputs = g_new0 (float, (gsize) out * 3 + 1);
  for (guint i = 0; i < in * 3; i++)
    inputs[i] = (float) (i % 7);
  vs_vpunn_model_run (m, inputs, 3, outputs);
  g_free (inputs);
  g_free (outputs);
  vs_vpunn_model_free (m);
  return 0;
}
