/* SPDX-License-Identifier: Apache-2.0 */
/* name_table.h — enum values by name and names by value: the one mechanism
 * every named enum in vpusim uses (workload enums, schedule spellings,
 * device architectures, strategies, compare models...).
 *
 * A table is an array of {name, value} ending with a NULL name.  Several
 * names may map to one value (aliases); the first entry of a value is its
 * canonical name, the one written and listed in error messages.
 *
 * The letter-case rule, stated here once: lookups ignore ASCII letter case
 * ("nhwc" finds NHWC, "SOK" finds sok), because these tables read what people
 * type into YAML files, CSV files and command lines; names are written back
 * exactly as the table spells them.  A table must therefore not hold two
 * names that differ only in case (tests/test_name_table checks every table
 * it is given).
 */
#ifndef VS_NAME_TABLE_H
#define VS_NAME_TABLE_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *name;
  int value;
} VsNameEntry;

gboolean    vs_name_table_lookup (const VsNameEntry *table, const char *name, int *value);
/* The canonical name of a value, or NULL. */
const char *vs_name_table_name (const VsNameEntry *table, int value);
/* "A, B, C": the canonical names, for error messages (free with g_free). */
char       *vs_name_table_choices (const VsNameEntry *table);

/* The booleans of the YAML files vpusim reads (schedule, network): YAML
 * 1.1's true/yes/on and false/no/off, as 1 and 0 (hw/yaml_write.c quotes
 * these spellings when they are strings). */
extern const VsNameEntry vs_yaml_bool_names[];

G_END_DECLS

#endif
