/* SPDX-License-Identifier: Apache-2.0 */
/* kernel_loads.h — per-kernel code-fetch times of SHAVE kernels.
 *
 * A SHAVE kernel's first run on a SHAVE fetches its code (device.h,
 * shave_kernel_load_ns); how long that takes depends on the kernel: the
 * tiled-MVN runs measure about 7 us for MVN and 2 us for Convert.  This is
 * the device's table of those times by kernel, with shave_kernel_load_ns for
 * every kernel it does not list.
 *
 * Text form (device YAML and --set): entries KERNEL=NS separated by spaces
 * or commas, e.g. "MVN=7083 Convert=2012"; the empty text is the empty
 * table.  Kernels are the canonical operator names the SHAVE cost models
 * use (models/shave_kernel_names.h); lookups ignore letter case, as every
 * name lookup of the project does (hw/name_table.h).
 */
#ifndef VS_KERNEL_LOADS_H
#define VS_KERNEL_LOADS_H

#include <glib.h>

G_BEGIN_DECLS

#define VS_KERNEL_LOADS_MAX 16
#define VS_KERNEL_NAME_MAX 32   /* bytes, the terminating NUL included */

typedef struct {
  char kernel[VS_KERNEL_NAME_MAX];
  double ns;
} VsKernelLoad;

typedef struct {
  guint n;
  VsKernelLoad entries[VS_KERNEL_LOADS_MAX];
} VsKernelLoads;

/* Parse the text form into `out` (replaced whole).  Errors (G_OPTION_ERROR,
 * BAD_VALUE) name the entry: no '=', an empty or too long kernel name, a
 * kernel listed twice, a time that is not a finite number in [0, 1e9] ns,
 * more than VS_KERNEL_LOADS_MAX entries. */
gboolean vs_kernel_loads_parse (const char *text, VsKernelLoads *out, GError **error);

/* The text form, entries in table order ("" for the empty table). */
char *vs_kernel_loads_format (const VsKernelLoads *loads);

/* The entry for `kernel`, or NULL. */
const VsKernelLoad *vs_kernel_loads_find (const VsKernelLoads *loads, const char *kernel);

/* Set `kernel`'s time, adding an entry; FALSE when the table is full or the
 * name too long (the table is then unchanged). */
gboolean vs_kernel_loads_set (VsKernelLoads *loads, const char *kernel, double ns);

G_END_DECLS

#endif
