/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_paths.h — where vpusim finds VPUNN model files (DESIGN.md §7).
 *
 * The --models folder the user gave is the only one searched when given;
 * otherwise $VPUSIM_VPUNN_DIR, the folder given to ./configure
 * --with-vpunn-models, and $(pkgdatadir)/models, in this order.  In each folder a file is looked for directly and in a
 * models/ subfolder (so a VPUNN data folder works as well as its models/).
 * Lookup is by file name, for DPU, DMA and SHAVE files alike.
 */
#ifndef VS_VPUNN_PATHS_H
#define VS_VPUNN_PATHS_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

/* The folders searched, in order, without empty entries: `cli_dir` alone
 * when given (non-NULL, non-empty).  Free with g_strfreev. */
char **vs_vpunn_search_dirs (const char *cli_dir);

/* Path of `file_name` in the first folder that holds it.  A name with a
 * directory part is taken as a path as is.  When nothing is found: NULL and a
 * G_FILE_ERROR_NOENT error naming the file and every folder searched. */
char *vs_vpunn_find_file (const char *cli_dir, const char *file_name, GError **error);

/* File names of the default model per device, as in the VPUNN repository
 * (vpu_2_0.vpunn, vpu_2_7.vpunn, vpu_4_0.vpunn, vpu_5_1.vpunn; dma_2_7.vpunn,
 * dma_4_0.vpunn, dmann_5_0.vpunn), or NULL for a device without one. */
const char *vs_vpunn_default_dpu_model (VsVpuDevice device);
const char *vs_vpunn_default_dma_model (VsVpuDevice device);

G_END_DECLS

#endif /* VS_VPUNN_PATHS_H */
