/* SPDX-License-Identifier: Apache-2.0 */
/* interface_table.h — lookups in the tables of VPUNN input interfaces.
 *
 * The DPU and DMA descriptor modules each keep a table with one row per
 * input interface they can describe; both find a row by its interface number
 * and list the numbers for messages.  A row type used here must have
 * `int interface` as its first member (the tables assert it). */
#ifndef VS_INTERFACE_TABLE_H
#define VS_INTERFACE_TABLE_H

#include <glib.h>

G_BEGIN_DECLS

/* Index of the row of `interface` among n_rows rows of row_size bytes, or -1. */
int  vs_interface_table_find (const void *rows, guint n_rows, gsize row_size, int interface);

/* Append "a, b, c" (the rows' interface numbers) to `out`, with ", " before
 * the first one too when `out` is not empty. */
void vs_interface_table_list (GString *out, const void *rows, guint n_rows, gsize row_size);

G_END_DECLS

#endif
