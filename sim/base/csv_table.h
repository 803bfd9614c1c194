/* SPDX-License-Identifier: Apache-2.0 */
/* csv_table.h — a CSV file held in memory, with the line of every row, or
 * read in chunks of rows with bounded memory (VsCsvReader).
 *
 * Reads comma-separated files with a header row (the golden and measured
 * workload files, per-workload cost files).  Quoted fields ("a,b", "" for a
 * quote) are supported; blank lines and lines starting with '#' are skipped.
 * Every error names file and line (and column name for cell errors) so a user
 * can find a bad row.  Cells are borrowed strings owned by the table, all in
 * one buffer (a table costs its text plus 4 bytes per cell, not an
 * allocation per cell).
 */
#ifndef VS_CSV_TABLE_H
#define VS_CSV_TABLE_H

#include <glib.h>

#include "hw/name_table.h"

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

/* Reading in chunks: the file is read through a window of 1 MiB (grown for
 * a record that does not fit, up to VS_CSV_MAX_RECORD), so memory stays
 * bounded whatever the file size; there is no file-size cap.  The header is
 * read by _open ("no header row" if there is none).  _next fills `chunk`
 * with up to max_rows rows (a table with the header, whose cells and row
 * lines are as vs_csv_table_parse gives them), valid until the next call or
 * the reader's end; at the end of the file it returns TRUE with *chunk
 * NULL.  Errors are those of vs_csv_table_parse, for the rows read so far. */
#define VS_CSV_MAX_RECORD (16 << 20)
typedef struct VsCsvReader VsCsvReader;
VsCsvReader      *vs_csv_reader_open (const char *path, GError **error);
/* The same with a first window of `window` bytes (4 ..VS_CSV_MAX_RECORD;
 * tests make records straddle windows with small ones). */
VsCsvReader      *vs_csv_reader_open_window (const char *path, gsize window, GError **error);
const VsCsvTable *vs_csv_reader_header (const VsCsvReader *reader);   /* no rows */
gboolean          vs_csv_reader_next (VsCsvReader *reader, guint max_rows,
                                      const VsCsvTable **chunk, GError **error);
void              vs_csv_reader_free (VsCsvReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsCsvReader, vs_csv_reader_free)

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
/* An enum by name, looked up in a name table (hw/name_table.h: its letter-
 * case rule; models/workload.h exports the workload enums' tables).  An
 * unknown name is an error "expected a known name". */
gboolean vs_csv_table_lookup (const VsCsvTable *table, guint row, guint column,
                              const VsNameEntry *names, int *out, GError **error);

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
gboolean vs_csv_table_named_lookup (const VsCsvTable *table, guint row, const char *name,
                                    gboolean required, int deflt, const VsNameEntry *names,
                                    int *out, GError **error);

/* The same with the column found once (vs_csv_table_column, -1 when
 * absent; `name` is for the missing-column error), for readers that look up
 * many columns on every row of a table. */
gboolean vs_csv_table_int_at (const VsCsvTable *table, guint row, gint column, const char *name,
                              gboolean required, gint64 deflt, gint64 min, gint64 max,
                              gint64 *out, GError **error);
gboolean vs_csv_table_double_at (const VsCsvTable *table, guint row, gint column,
                                 const char *name, gboolean required, double deflt, double *out,
                                 GError **error);
gboolean vs_csv_table_bool_at (const VsCsvTable *table, guint row, gint column, const char *name,
                               gboolean required, gboolean deflt, gboolean *out, GError **error);
gboolean vs_csv_table_lookup_at (const VsCsvTable *table, guint row, gint column,
                                 const char *name, gboolean required, int deflt,
                                 const VsNameEntry *names, int *out, GError **error);

/* Quote a field for writing if it needs it (comma, quote, newline). */
void vs_csv_append_field (GString *line, const char *field);

G_END_DECLS

#endif
