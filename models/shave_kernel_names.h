/* SPDX-License-Identifier: Apache-2.0 */
/* shave_kernel_names.h — what compilers call a SHAVE kernel, to the names
 * VPUNN's SHAVE models know.
 *
 * A VPURT schedule names a software kernel by its function symbol
 * (`@builtin_Convert`, `@builtin_MVN`) and declares that function with a
 * kernel entry whose spelling changed across compiler versions
 * (`single_shave_convert` → `convert`, `swish_fp16` → `activation_swish`,
 * `singleShaveMVN` → `mvn1`, `reorder_fp16` for MemPermute).  One table maps
 * every spelling seen in compiled schedules and in the compiler's kernel
 * lists to the operator: its canonical name, spelled as VPUNN's classic
 * table (layers_perf.csv) spells it where that table has the operator (e.g.
 * "Swish"; "Convert", "PRelu" and "Select" are not in it), and its name in
 * the fitted collections (e.g. "swish"), with the parameter the fitted model
 * needs where it needs one (MVN: the number of innermost axes normalised).
 * The fitted name is NULL when no fitted model has the operator (Convert has
 * none: the SHAVE fallback model of the device presets costs it).
 *
 * Look-ups are exact after a leading "builtin_" is taken off; a name the
 * table lacks is returned unchanged by vs_shave_kernel_operator and has no
 * fitted name.  The table is static: look-ups are re-entrant.
 */
#ifndef VS_SHAVE_KERNEL_NAMES_H
#define VS_SHAVE_KERNEL_NAMES_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *spelling;   /* as a compiler writes it (symbol without builtin_, or entry) */
  const char *op;         /* canonical operator (classic-table spelling), never NULL */
  const char *fitted;     /* VPUNN fitted-collection operator, or NULL */
  gint32 fitted_param;    /* the fitted model's one integer parameter, or -1 for none */
} VsShaveKernelName;

/* The row for `name` (after dropping "builtin_"), or NULL. */
const VsShaveKernelName *vs_shave_kernel_lookup (const char *name);

/* The canonical operator of `name`: the row's op, else `name` without
 * "builtin_" (the returned pointer is the table's or points into `name`). */
const char *vs_shave_kernel_operator (const char *name);

/* Every row, in table order; *n gets the count. */
const VsShaveKernelName *vs_shave_kernel_names (guint *n);

G_END_DECLS

#endif
