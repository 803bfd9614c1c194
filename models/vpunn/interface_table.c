/* SPDX-License-Identifier: Apache-2.0 */
/* interface_table.c — find and list rows of an input-interface table. */
#include "models/vpunn/interface_table.h"

static int
row_interface (const void *rows, gsize row_size, guint i)
{
  return *(const int *) ((const char *) rows + (gsize) i * row_size);
}

int
vs_interface_table_find (const void *rows, guint n_rows, gsize row_size, int interface)
{
  for (guint i = 0; i < n_rows; i++)
    if (row_interface (rows, row_size, i) == interface)
      return (int) i;
  return -1;
}

void
vs_interface_table_list (GString *out, const void *rows, guint n_rows, gsize row_size)
{
  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (out, "%s%d", out->len > 0 ? ", " : "",
                            row_interface (rows, row_size, i));
}
