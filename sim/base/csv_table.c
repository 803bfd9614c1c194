/* csv_table.c — CSV files in memory: one parse into a flat cell array.
 * Rows keep their source line so every later error can point at it. */
#include "sim/base/csv_table.h"
#include "hw/input_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (vs-csv-error-quark, vs_csv_error)

/* A cell longer than this is certainly not a workload field; refusing it
 * keeps a hostile file from making us hold huge strings. */
#define VS_CSV_MAX_FIELD 65536

struct VsCsvTable {
  char *origin;
  GPtrArray *header;     /* char * */
  GPtrArray *cells;      /* char *, row-major n_rows x n_columns */
  GArray *lines;         /* guint per row */
};

void
vs_csv_table_free (VsCsvTable *t)
{
  if (t == NULL)
    return;
  g_free (t->origin);
  g_ptr_array_unref (t->header);
  g_ptr_array_unref (t->cells);
  g_array_unref (t->lines);
  g_free (t);
}

/* Split one record starting at *pos; advances *pos past its line end.
 * Quoted fields may span lines; *line counts the lines consumed. */
static gboolean
parse_record (const char *data, gsize length, gsize *pos, guint *line, GPtrArray *fields,
              const char *origin, GError **error)
{
  guint start_line = *line;
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE, was_quoted = FALSE;
  gsize i = *pos;
  for (;;) {
    if (i >= length) {
      if (quoted) {
        g_string_free (field, TRUE);
        g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX,
                     "%s:%u: unterminated quoted field", origin, start_line);
        return FALSE;
      }
      break;
    }
    char c = data[i];
    if (c == '\0') {
      g_string_free (field, TRUE);
      g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX, "%s:%u: NUL byte in file", origin,
                   *line);
      return FALSE;
    }
    if (quoted) {
      if (c == '"') {
        if (i + 1 < length && data[i + 1] == '"') {
          g_string_append_c (field, '"');
          i += 2;
          continue;
        }
        quoted = FALSE;
        i++;
        continue;
      }
      if (c == '\n')
        (*line)++;
      g_string_append_c (field, c);
      i++;
    } else if (c == '"' && field->len == 0 && !was_quoted) {
      quoted = was_quoted = TRUE;
      i++;
    } else if (c == ',') {
      g_ptr_array_add (fields, g_string_free (field, FALSE));
      field = g_string_new (NULL);
      was_quoted = FALSE;
      i++;
    } else if (c == '\n' || c == '\r') {
      i++;
      if (c == '\r' && i < length && data[i] == '\n')
        i++;
      break;
    } else {
      g_string_append_c (field, c);
      i++;
    }
    if (field->len > VS_CSV_MAX_FIELD) {
      g_string_free (field, TRUE);
      g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX, "%s:%u: field longer than %d bytes",
                   origin, *line, VS_CSV_MAX_FIELD);
      return FALSE;
    }
  }
  g_ptr_array_add (fields, g_string_free (field, FALSE));
  (*line)++;
  *pos = i;
  return TRUE;
}

static gboolean
line_is_skipped (const char *data, gsize length, gsize pos)
{
  if (pos >= length)
    return TRUE;
  char c = data[pos];
  return c == '\n' || c == '\r' || c == '#';
}

static gsize
skip_line (const char *data, gsize length, gsize pos)
{
  while (pos < length && data[pos] != '\n')
    pos++;
  return pos < length ? pos + 1 : pos;
}

VsCsvTable *
vs_csv_table_parse (const char *data, gsize length, const char *origin, GError **error)
{
  g_autoptr(VsCsvTable) t = g_new0 (VsCsvTable, 1);
  t->origin = g_strdup (origin);
  t->header = g_ptr_array_new_with_free_func (g_free);
  t->cells = g_ptr_array_new_with_free_func (g_free);
  t->lines = g_array_new (FALSE, FALSE, sizeof (guint));

  gsize pos = 0;
  guint line = 1;
  /* A UTF-8 byte order mark is common in spreadsheet exports. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    pos = 3;
  while (pos < length && line_is_skipped (data, length, pos)) {
    pos = skip_line (data, length, pos);
    line++;
  }
  if (pos >= length) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX, "%s: no header row", origin);
    return NULL;
  }
  if (!parse_record (data, length, &pos, &line, t->header, origin, error))
    return NULL;
  for (guint c = 0; c < t->header->len; c++)
    g_strstrip ((char *) t->header->pdata[c]);

  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  while (pos < length) {
    if (line_is_skipped (data, length, pos)) {
      pos = skip_line (data, length, pos);
      line++;
      continue;
    }
    guint row_line = line;
    g_ptr_array_set_size (fields, 0);
    if (!parse_record (data, length, &pos, &line, fields, origin, error))
      return NULL;
    if (fields->len != t->header->len) {
      g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX,
                   "%s:%u: %u fields, the header has %u", origin, row_line, fields->len,
                   t->header->len);
      return NULL;
    }
    for (guint c = 0; c < fields->len; c++) {
      g_ptr_array_add (t->cells, fields->pdata[c]);
      fields->pdata[c] = NULL;
    }
    g_array_append_val (t->lines, row_line);
  }
  return g_steal_pointer (&t);
}

VsCsvTable *
vs_csv_table_read (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  GError *local = NULL;
  if (!vs_input_file_read (path, VS_CSV_MAX_FILE_BYTES, "a CSV table", &data, &length, &local)) {
    vs_input_file_error_into (error, local, VS_CSV_ERROR, VS_CSV_ERROR_IO);
    return NULL;
  }
  return vs_csv_table_parse (data, length, path, error);
}

const char *
vs_csv_table_origin (const VsCsvTable *t)
{
  return t->origin;
}

guint
vs_csv_table_n_rows (const VsCsvTable *t)
{
  return t->lines->len;
}

guint
vs_csv_table_n_columns (const VsCsvTable *t)
{
  return t->header->len;
}

const char *
vs_csv_table_column_name (const VsCsvTable *t, guint column)
{
  g_return_val_if_fail (column < t->header->len, NULL);
  return t->header->pdata[column];
}

gint
vs_csv_table_column (const VsCsvTable *t, const char *name)
{
  for (guint c = 0; c < t->header->len; c++)
    if (strcmp (t->header->pdata[c], name) == 0)
      return (gint) c;
  return -1;
}

gboolean
vs_csv_table_require (const VsCsvTable *t, const char *name, guint *column, GError **error)
{
  gint c = vs_csv_table_column (t, name);
  if (c < 0) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE, "%s: missing column '%s'", t->origin,
                 name);
    return FALSE;
  }
  *column = (guint) c;
  return TRUE;
}

const char *
vs_csv_table_cell (const VsCsvTable *t, guint row, guint column)
{
  g_return_val_if_fail (row < t->lines->len && column < t->header->len, NULL);
  return t->cells->pdata[(gsize) row * t->header->len + column];
}

guint
vs_csv_table_row_line (const VsCsvTable *t, guint row)
{
  g_return_val_if_fail (row < t->lines->len, 0);
  return g_array_index (t->lines, guint, row);
}

static void
cell_error (const VsCsvTable *t, guint row, guint column, const char *expected, GError **error)
{
  g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE, "%s:%u: column '%s': expected %s, got '%s'",
               t->origin, vs_csv_table_row_line (t, row), vs_csv_table_column_name (t, column),
               expected, vs_csv_table_cell (t, row, column));
}

gboolean
vs_csv_table_get_int (const VsCsvTable *t, guint row, guint column, gint64 *out, GError **error)
{
  const char *s = vs_csv_table_cell (t, row, column);
  char *end = NULL;
  errno = 0;
  gint64 v = g_ascii_strtoll (s, &end, 10);
  while (end != NULL && (*end == ' ' || *end == '\t'))
    end++;
  if (*s == '\0' || end == s || *end != '\0' || errno != 0) {
    cell_error (t, row, column, "an integer", error);
    return FALSE;
  }
  *out = v;
  return TRUE;
}

gboolean
vs_csv_table_get_double (const VsCsvTable *t, guint row, guint column, double *out, GError **error)
{
  const char *s = vs_csv_table_cell (t, row, column);
  char *end = NULL;
  errno = 0;
  double v = g_ascii_strtod (s, &end);
  while (end != NULL && (*end == ' ' || *end == '\t'))
    end++;
  if (*s == '\0' || end == s || *end != '\0' || errno == ERANGE) {
    cell_error (t, row, column, "a number", error);
    return FALSE;
  }
  *out = v;
  return TRUE;
}

gboolean
vs_csv_table_get_enum (const VsCsvTable *t, guint row, guint column, VsCsvEnumParser parse,
                       int *out, GError **error)
{
  if (!parse (vs_csv_table_cell (t, row, column), out)) {
    cell_error (t, row, column, "a known name", error);
    return FALSE;
  }
  return TRUE;
}

/* The column of `name`: TRUE with *col >= 0 when present, TRUE with -1 when
 * absent and optional, FALSE (error) when absent and required. */
static gboolean
named_column (const VsCsvTable *t, const char *name, gboolean required, gint *col, GError **error)
{
  *col = vs_csv_table_column (t, name);
  if (*col >= 0 || !required)
    return TRUE;
  guint unused;
  return vs_csv_table_require (t, name, &unused, error);
}

gboolean
vs_csv_table_named_int (const VsCsvTable *t, guint row, const char *name, gboolean required,
                        gint64 deflt, gint64 min, gint64 max, gint64 *out, GError **error)
{
  gint col;
  if (!named_column (t, name, required, &col, error))
    return FALSE;
  if (col < 0) {
    *out = deflt;
    return TRUE;
  }
  gint64 v;
  if (!vs_csv_table_get_int (t, row, (guint) col, &v, error))
    return FALSE;
  if (v < min || v > max) {
    g_autofree char *expected = g_strdup_printf ("an integer in %" G_GINT64_FORMAT "..%"
                                                 G_GINT64_FORMAT, min, max);
    cell_error (t, row, (guint) col, expected, error);
    return FALSE;
  }
  *out = v;
  return TRUE;
}

gboolean
vs_csv_table_named_double (const VsCsvTable *t, guint row, const char *name, gboolean required,
                           double deflt, double *out, GError **error)
{
  gint col;
  if (!named_column (t, name, required, &col, error))
    return FALSE;
  if (col < 0) {
    *out = deflt;
    return TRUE;
  }
  return vs_csv_table_get_double (t, row, (guint) col, out, error);
}

gboolean
vs_csv_table_named_bool (const VsCsvTable *t, guint row, const char *name, gboolean required,
                         gboolean deflt, gboolean *out, GError **error)
{
  gint col;
  if (!named_column (t, name, required, &col, error))
    return FALSE;
  if (col < 0) {
    *out = deflt;
    return TRUE;
  }
  const char *cell = vs_csv_table_cell (t, row, (guint) col);
  if (strcmp (cell, "1") == 0 || g_ascii_strcasecmp (cell, "true") == 0)
    *out = TRUE;
  else if (strcmp (cell, "0") == 0 || g_ascii_strcasecmp (cell, "false") == 0)
    *out = FALSE;
  else {
    cell_error (t, row, (guint) col, "0, 1, true or false", error);
    return FALSE;
  }
  return TRUE;
}

gboolean
vs_csv_table_named_enum (const VsCsvTable *t, guint row, const char *name, gboolean required,
                         int deflt, VsCsvEnumParser parse, int *out, GError **error)
{
  gint col;
  if (!named_column (t, name, required, &col, error))
    return FALSE;
  if (col < 0) {
    *out = deflt;
    return TRUE;
  }
  return vs_csv_table_get_enum (t, row, (guint) col, parse, out, error);
}

void
vs_csv_append_field (GString *line, const char *field)
{
  if (strpbrk (field, ",\"\n\r") == NULL) {
    g_string_append (line, field);
    return;
  }
  g_string_append_c (line, '"');
  for (const char *p = field; *p != '\0'; p++) {
    if (*p == '"')
      g_string_append_c (line, '"');
    g_string_append_c (line, *p);
  }
  g_string_append_c (line, '"');
}
