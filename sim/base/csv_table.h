/* csv_table.h — a CSV file held in memory, with the line of every row.
 *
 * Reads comma-separated files with a header row (the golden and measured
 * workload files, per-workload cost files).  Quoted fields ("a,b", "" for a
 * quote) are supported; blank lines and lines starting with '#' are skipped.
 * Every error names file and line (and column name for cell errors) so a user
 * can find a bad row.  Cells are borrowed strings owned by the table.
 */
#ifndef VS_CSV_TABLE_H
#define VS_CSV_TABLE_H

#include <glib.h>

G_BEGIN_DECLS

#define VS_CSV_ERROR (vs_csv_error_quark ())
GQuark vs_csv_error_quark (void);
typedef enum { VS_CSV_ERROR_IO, VS_CSV_ERROR_SYNTAX, VS_CSV_ERROR_VALUE } VsCsvError;

typedef struct VsCsvTable VsCsvTable;

/* Largest CSV file vs_csv_table_read accepts (a million workloads is ~200 MB). */
#define VS_CSV_MAX_FILE_BYTES (G_GINT64_CONSTANT (1) << 30)

VsCsvTable *vs_csv_table_read (const char *path, GError **error);
VsCsvTable *vs_csv_table_parse (const char *data, gsize length, const char *origin, GError **error);
void        vs_csv_table_free (VsCsvTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsCsvTable, vs_csv_table_free)

const char *vs_csv_table_origin (const VsCsvTable *table);
guint       vs_csv_table_n_rows (const VsCsvTable *table);
guint       vs_csv_table_n_columns (const VsCsvTable *table);
const char *vs_csv_table_column_name (const VsCsvTable *table, guint column);
/* Index of a column by header name, or -1. */
gint        vs_csv_table_column (const VsCsvTable *table, const char *name);
/* Like vs_csv_table_column, but a missing column is an error naming it. */
gboolean    vs_csv_table_require (const VsCsvTable *table, const char *name, guint *column,
                                  GError **error);
const char *vs_csv_table_cell (const VsCsvTable *table, guint row, guint column);
guint       vs_csv_table_row_line (const VsCsvTable *table, guint row);

/* Typed cells: an empty or malformed cell is an error "FILE:LINE: column
 * 'NAME': expected an integer, got 'x'". */
gboolean vs_csv_table_get_int (const VsCsvTable *table, guint row, guint column, gint64 *out,
                               GError **error);
gboolean vs_csv_table_get_double (const VsCsvTable *table, guint row, guint column, double *out,
                                  GError **error);
/* An enum by name through a vs_*_from_name function of models/workload.h. */
typedef gboolean (*VsCsvEnumParser) (const char *name, int *out);
gboolean vs_csv_table_get_enum (const VsCsvTable *table, guint row, guint column,
                                VsCsvEnumParser parse, int *out, GError **error);

/* Cells by column name, for files whose columns may be optional: a missing
 * column is an error when `required`, else *out = the default.  An integer
 * outside [min, max] is an error "FILE:LINE: column 'NAME': expected an
 * integer in MIN..MAX, got 'x'"; a boolean is 0, 1, true or false. */
gboolean vs_csv_table_named_int (const VsCsvTable *table, guint row, const char *name,
                                 gboolean required, gint64 deflt, gint64 min, gint64 max,
                                 gint64 *out, GError **error);
gboolean vs_csv_table_named_double (const VsCsvTable *table, guint row, const char *name,
                                    gboolean required, double deflt, double *out, GError **error);
gboolean vs_csv_table_named_bool (const VsCsvTable *table, guint row, const char *name,
                                  gboolean required, gboolean deflt, gboolean *out,
                                  GError **error);
gboolean vs_csv_table_named_enum (const VsCsvTable *table, guint row, const char *name,
                                  gboolean required, int deflt, VsCsvEnumParser parse, int *out,
                                  GError **error);

/* Quote a field for writing if it needs it (comma, quote, newline). */
void vs_csv_append_field (GString *line, const char *field);

G_END_DECLS

#endif
