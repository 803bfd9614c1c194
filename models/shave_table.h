/* SPDX-License-Identifier: Apache-2.0 */
/* shave_table.h — VPUNN's classic SHAVE kernel table (SPEC.md §7.1–7.2).
 *
 * One row per kernel: efficiency (bytes/cycle) and latency (cycles); a kernel
 * costs round(output bytes / efficiency) + latency DPU cycles, as the
 * reference's default SHAVE provider computes for VPU 2.0, 2.1, 2.7 and 4.0.
 * Names match exactly (case-sensitive), then through the reference's five
 * aliases (Elu, Quantize, SpaceToDepth, SoftMax, SquaredDifference).
 *
 * The table is built in (the numbers of VPUNN's layers_perf.csv), or read
 * from a layers_perf.csv of the same format; a malformed file is a GError
 * naming the file and line.  A table is immutable once made: lookups are
 * re-entrant.
 */
#ifndef VS_SHAVE_TABLE_H
#define VS_SHAVE_TABLE_H

#include <glib.h>

#include "models/workload.h"

G_BEGIN_DECLS

#define VS_SHAVE_TABLE_ERROR (vs_shave_table_error_quark ())
GQuark vs_shave_table_error_quark (void);
typedef enum {
  VS_SHAVE_TABLE_ERROR_IO,
  VS_SHAVE_TABLE_ERROR_PARSE,   /* malformed line, bad number, duplicate or missing kernel */
} VsShaveTableError;

typedef struct VsShaveTable VsShaveTable;

/* Largest layers_perf.csv vs_shave_table_load accepts (VPUNN's is ~10 KB). */
#define VS_SHAVE_TABLE_MAX_FILE_BYTES (G_GINT64_CONSTANT (16) << 20)

/* The built-in table: a static object, valid for the life of the process. */
const VsShaveTable *vs_shave_table_builtin (void);

/* Read a layers_perf.csv ("category, name, efficiency, latency" after a header
 * line; "null, null" means 1.0 and 0).  `origin` names the data in errors. */
VsShaveTable *vs_shave_table_load (const char *path, GError **error);
VsShaveTable *vs_shave_table_parse (const char *data, gsize length, const char *origin,
                                    GError **error);
/* models_dir/layers_perf.csv when it exists, else a copy of the built-in table
 * (models_dir may be NULL).  Errors are those of vs_shave_table_load. */
VsShaveTable *vs_shave_table_for_models_dir (const char *models_dir, GError **error);
void          vs_shave_table_free (VsShaveTable *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsShaveTable, vs_shave_table_free)

/* Where the table came from: "built-in" or the file name. */
const char *vs_shave_table_origin (const VsShaveTable *t);

/* Cycles (DPU clock) of one kernel, or an error code:
 * VS_ERROR_SHAVE_OPERATOR_MISSING for a name the table lacks (also on devices
 * the reference has no classic table for: NPU_RESERVED*, and on NPU_5_0 for
 * every kernel the reference costs with its NPU 5 heuristic models rather
 * than this table — all but DepthToSpace, MVN, SoftMax, Gelu, Multiply, Cos,
 * Sin — which vpusim does not implement), and also when the result would
 * fall in the error range, as in the reference;
 * VS_ERROR_SHAVE_INVALID_INPUT when the workload has no output tensor. */
VsCycles vs_shave_table_cycles (const VsShaveTable *t, const VsShaveWorkload *w);

/* Known kernel names in table order, then the aliases whose target exists
 * (78 for the built-in table, like the reference's list for 2.7/4.0).
 * Returns a NULL-terminated array owned by the caller (g_strfreev). */
char **vs_shave_table_kernel_names (const VsShaveTable *t);

/* Look one kernel up by exact name (no aliases); FALSE if absent. */
gboolean vs_shave_table_lookup (const VsShaveTable *t, const char *name,
                                guint32 *efficiency_x1000, guint32 *latency);

G_END_DECLS

#endif
