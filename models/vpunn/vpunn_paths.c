/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_paths.c — the model-file search of DESIGN.md §7. */
#include "config.h"

#include "models/vpunn/vpunn_paths.h"

#include <string.h>

static void
add_dir (GPtrArray *dirs, const char *dir)
{
  if (dir != NULL && *dir != '\0')
    g_ptr_array_add (dirs, g_strdup (dir));
}

char **
vs_vpunn_search_dirs (const char *cli_dir)
{
  GPtrArray *dirs = g_ptr_array_new ();
  /* A folder the user names is the only one looked in: silently taking
   * other files than the ones asked for would mislead. */
  if (cli_dir != NULL && *cli_dir != '\0') {
    add_dir (dirs, cli_dir);
  } else {
    add_dir (dirs, g_getenv ("VPUSIM_VPUNN_DIR"));
    add_dir (dirs, VS_CONFIGURED_VPUNN_DIR);
    add_dir (dirs, VS_PKGDATADIR "/models");
  }
  g_ptr_array_add (dirs, NULL);
  return (char **) g_ptr_array_free (dirs, FALSE);
}

char *
vs_vpunn_find_file (const char *cli_dir, const char *file_name, GError **error)
{
  if (file_name == NULL || *file_name == '\0') {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no model file name given");
    return NULL;
  }
  if (strchr (file_name, G_DIR_SEPARATOR) != NULL || strchr (file_name, '/') != NULL) {
    if (g_file_test (file_name, G_FILE_TEST_IS_REGULAR))
      return g_strdup (file_name);
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "model file '%s' does not exist", file_name);
    return NULL;
  }
  g_auto (GStrv) dirs = vs_vpunn_search_dirs (cli_dir);
  for (char **d = dirs; *d != NULL; d++) {
    g_autofree char *direct = g_build_filename (*d, file_name, NULL);
    if (g_file_test (direct, G_FILE_TEST_IS_REGULAR))
      return g_steal_pointer (&direct);
    g_autofree char *nested = g_build_filename (*d, "models", file_name, NULL);
    if (g_file_test (nested, G_FILE_TEST_IS_REGULAR))
      return g_steal_pointer (&nested);
  }
  g_autofree char *list = g_strjoinv (", ", dirs);
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
               "VPUNN model file '%s' not found in %s (give --models DIR or set VPUSIM_VPUNN_DIR)",
               file_name, *dirs != NULL ? list : "(no folder configured)");
  return NULL;
}

const char *
vs_vpunn_default_dpu_model (VsVpuDevice device)
{
  switch (device) {
  case VS_DEVICE_VPU_2_0:
  case VS_DEVICE_VPU_2_1: return "vpu_2_0.vpunn";
  case VS_DEVICE_VPU_2_7: return "vpu_2_7.vpunn";
  case VS_DEVICE_VPU_4_0: return "vpu_4_0.vpunn";
  case VS_DEVICE_NPU_5_0: return "vpu_5_1.vpunn";
  default: return NULL;
  }
}

const char *
vs_vpunn_default_dma_model (VsVpuDevice device)
{
  switch (device) {
  case VS_DEVICE_VPU_2_0:
  case VS_DEVICE_VPU_2_1:
  case VS_DEVICE_VPU_2_7: return "dma_2_7.vpunn";
  case VS_DEVICE_VPU_4_0: return "dma_4_0.vpunn";
  case VS_DEVICE_NPU_5_0: return "dmann_5_0.vpunn";
  default: return NULL;
  }
}
