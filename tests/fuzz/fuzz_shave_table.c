/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_shave_table.c — the layers_perf.csv reader on arbitrary bytes; an
 * accepted table must answer a query for each of its kernels. */
#include "tests/fuzz/fuzz.h"

#include "models/shave_table.h"

VS_FUZZ_TARGET (shave_table)
{
  if (size > VS_FUZZ_MAX_INPUT)
    return 0;
  GError *error = NULL;
  VsShaveTable *t = vs_shave_table_parse ((const char *) data, size, "fuzz.csv", &error);
  if (t == NULL) {
    g_error_free (error);
    return 0;
  }
  char **names = vs_shave_table_kernel_names (t);
  VsShaveWorkload w = { .device = VS_DEVICE_VPU_2_7, .n_inputs = 1, .n_outputs = 1 };
  w.inputs[0] = w.outputs[0] = (VsVpuTensor) { 16, 16, 16, 1, VS_DTYPE_FLOAT16, VS_LAYOUT_ZXY, FALSE };
  for (char **n = names; n != NULL && *n != NULL; n++) {
    w.kernel = *n;
    (void) vs_shave_table_cycles (t, &w);
  }
  g_strfreev (names);
  vs_shave_table_free (t);
  return 0;
}
