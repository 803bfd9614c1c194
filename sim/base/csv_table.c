/* SPDX-License-Identifier: Apache-2.0 */
/* csv_table.c — CSV files, whole or in chunks of rows: one record parser
 * that appends every cell to a single text buffer (no allocation per cell),
 * used over a whole file in memory and over a reader's sliding window.
 * Rows keep their source line so every later error can point at it. */
#include "sim/base/csv_table.h"
#include "hw/input_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

G_DEFINE_QUARK (vs-csv-error-quark, vs_csv_error)

/* A cell longer than this is certainly not a workload field; refusing it
 * keeps a hostile file from making us hold huge strings. */
#define VS_CSV_MAX_FIELD 65536

struct VsCsvTable {
  char *origin;
  GPtrArray *header;     /* char * */
  GHashTable *column_of; /* header name -> GINT_TO_POINTER (column + 1); the first of equal names */
  char *text;            /* every cell NUL-terminated, one after the other */
  gsize text_len, text_cap;
  guint32 *cell_at;      /* offset into text per cell, row-major */
  gsize n_cells, cells_cap;
  GArray *lines;         /* guint per row */
};

static VsCsvTable *
table_new (const char *origin)
{
  VsCsvTable *t = g_new0 (VsCsvTable, 1);
  t->origin = g_strdup (origin);
  t->header = g_ptr_array_new_with_free_func (g_free);
  t->column_of = g_hash_table_new (g_str_hash, g_str_equal);
  t->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  return t;
}

void
vs_csv_table_free (VsCsvTable *t)
{
  if (t == NULL)
    return;
  g_free (t->origin);
  g_ptr_array_unref (t->header);
  g_hash_table_unref (t->column_of);
  g_free (t->text);
  g_free (t->cell_at);
  g_array_unref (t->lines);
  g_free (t);
}

static void
text_reserve (VsCsvTable *t, gsize more)
{
  if (t->text_len + more <= t->text_cap)
    return;
  gsize cap = MAX (t->text_cap * 2, 4096);
  while (cap < t->text_len + more)
    cap *= 2;
  t->text = g_realloc (t->text, cap);
  t->text_cap = cap;
}

static inline void
text_push (VsCsvTable *t, char c)
{
  if (G_UNLIKELY (t->text_len == t->text_cap))
    text_reserve (t, 1);
  t->text[t->text_len++] = c;
}

/* Ends the field that began at text offset `start`. */
static inline void
end_field (VsCsvTable *t, gsize start)
{
  text_push (t, '\0');
  if (G_UNLIKELY (t->n_cells == t->cells_cap)) {
    t->cells_cap = MAX (2 * t->cells_cap, 1024);
    t->cell_at = g_renew (guint32, t->cell_at, t->cells_cap);
  }
  t->cell_at[t->n_cells++] = (guint32) start;
}

typedef enum { RECORD_DONE, RECORD_MORE, RECORD_ERROR } RecordStatus;

/* Split one record starting at *pos into new cells of t; advances *pos
 * past its line end.  Quoted fields may span lines; *line counts the lines
 * consumed.  When the data ends before the record does and more may come
 * (!at_eof), returns RECORD_MORE with nothing consumed or added. */
static RecordStatus
parse_record (VsCsvTable *t, const char *data, gsize length, gboolean at_eof, gsize *pos,
              guint *line, GError **error)
{
  const guint start_line = *line;
  const gsize text0 = t->text_len;
  const gsize cells0 = t->n_cells;
  guint cur_line = *line;
  gsize field = t->text_len;
  gboolean quoted = FALSE, was_quoted = FALSE;
  gsize i = *pos;
  for (;;) {
    if (i >= length) {
      if (!at_eof) {
        t->text_len = text0;
        t->n_cells = cells0;
        return RECORD_MORE;
      }
      if (quoted) {
        g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX,
                     "%s:%u: unterminated quoted field", t->origin, start_line);
        return RECORD_ERROR;
      }
      break;
    }
    char c = data[i];
    if (c == '\0') {
      g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX, "%s:%u: NUL byte in file", t->origin,
                   cur_line);
      return RECORD_ERROR;
    }
    if (quoted) {
      if (c == '"') {
        if (i + 1 >= length && !at_eof) {   /* a doubled quote may straddle the window */
          t->text_len = text0;
          t->n_cells = cells0;
          return RECORD_MORE;
        }
        if (i + 1 < length && data[i + 1] == '"') {
          text_push (t, '"');
          i += 2;
          continue;
        }
        quoted = FALSE;
        i++;
        continue;
      }
      if (c == '\n')
        cur_line++;
      text_push (t, c);
      i++;
    } else if (c == '"' && t->text_len == field && !was_quoted) {
      quoted = was_quoted = TRUE;
      i++;
    } else if (c == ',') {
      end_field (t, field);
      field = t->text_len;
      was_quoted = FALSE;
      i++;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 >= length && !at_eof) {   /* "\r\n" may straddle the window */
        t->text_len = text0;
        t->n_cells = cells0;
        return RECORD_MORE;
      }
      i++;
      if (c == '\r' && i < length && data[i] == '\n')
        i++;
      break;
    } else {
      text_push (t, c);
      i++;
    }
    if (t->text_len - field > VS_CSV_MAX_FIELD) {
      g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX, "%s:%u: field longer than %d bytes",
                   t->origin, cur_line, VS_CSV_MAX_FIELD);
      return RECORD_ERROR;
    }
  }
  end_field (t, field);
  if (t->text_len > G_MAXUINT32) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX, "%s:%u: more than 4 GiB of cells",
                 t->origin, start_line);
    return RECORD_ERROR;
  }
  *line = cur_line + 1;
  *pos = i;
  return RECORD_DONE;
}

/* Skips blank and comment lines at *pos.  FALSE when a skipped line runs
 * past the data and more may come. */
static gboolean
skip_lines (const char *data, gsize length, gboolean at_eof, gsize *pos, guint *line)
{
  while (*pos < length && (data[*pos] == '\n' || data[*pos] == '\r' || data[*pos] == '#')) {
    const char *nl = memchr (data + *pos, '\n', length - *pos);
    if (nl == NULL) {
      if (!at_eof)
        return FALSE;
      *pos = length;
    } else {
      *pos = (gsize) (nl - data) + 1;
    }
    (*line)++;
  }
  return TRUE;
}

/* The cells of the record just parsed become the header. */
static void
take_header (VsCsvTable *t)
{
  for (gsize c = 0; c < t->n_cells; c++) {
    char *name = g_strstrip (g_strdup (t->text + t->cell_at[c]));
    g_ptr_array_add (t->header, name);
    if (!g_hash_table_contains (t->column_of, name))
      g_hash_table_insert (t->column_of, name, GINT_TO_POINTER ((gint) c + 1));
  }
  t->text_len = 0;
  t->n_cells = 0;
}

/* After a data record: the field count must match the header. */
static gboolean
check_row (VsCsvTable *t, guint row_line, GError **error)
{
  guint n = (guint) (t->n_cells - (gsize) t->lines->len * t->header->len);
  if (n != t->header->len) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX, "%s:%u: %u fields, the header has %u",
                 t->origin, row_line, n, t->header->len);
    return FALSE;
  }
  g_array_append_val (t->lines, row_line);
  return TRUE;
}

static gsize
skip_bom (const char *data, gsize length)
{
  /* A UTF-8 byte order mark is common in spreadsheet exports. */
  return length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

VsCsvTable *
vs_csv_table_parse (const char *data, gsize length, const char *origin, GError **error)
{
  g_autoptr(VsCsvTable) t = table_new (origin);
  gsize pos = skip_bom (data, length);
  guint line = 1;
  skip_lines (data, length, TRUE, &pos, &line);
  if (pos >= length) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX, "%s: no header row", origin);
    return NULL;
  }
  if (parse_record (t, data, length, TRUE, &pos, &line, error) != RECORD_DONE)
    return NULL;
  take_header (t);
  for (;;) {
    skip_lines (data, length, TRUE, &pos, &line);
    if (pos >= length)
      break;
    guint row_line = line;
    if (parse_record (t, data, length, TRUE, &pos, &line, error) != RECORD_DONE ||
        !check_row (t, row_line, error))
      return NULL;
  }
  return g_steal_pointer (&t);
}

VsCsvTable *
vs_csv_table_read (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  if (!vs_input_file_read_as (path, VS_CSV_MAX_FILE_BYTES, "a CSV table", &data, &length,
                              VS_CSV_ERROR, VS_CSV_ERROR_IO, VS_CSV_ERROR_IO, error))
    return NULL;
  return vs_csv_table_parse (data, length, path, error);
}

/* ---- reading in chunks ---- */

struct VsCsvReader {
  int fd;
  char *buf;             /* the window: unconsumed bytes are buf[start..end) */
  gsize start, end, cap;
  gboolean eof, at_file_start;
  guint line;            /* line number of buf[start] */
  VsCsvTable *chunk;     /* header, then each chunk's rows */
};

void
vs_csv_reader_free (VsCsvReader *r)
{
  if (r == NULL)
    return;
  if (r->fd >= 0)
    vs_input_file_close (r->fd);
  g_free (r->buf);
  vs_csv_table_free (r->chunk);
  g_free (r);
}

/* Reads more of the file into the window, growing it only for a record
 * that does not fit. */
static gboolean
refill (VsCsvReader *r, GError **error)
{
  if (r->start > 0) {
    memmove (r->buf, r->buf + r->start, r->end - r->start);
    r->end -= r->start;
    r->start = 0;
  }
  if (r->end == r->cap) {
    if (r->cap >= VS_CSV_MAX_RECORD) {
      g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX,
                   "%s:%u: a record longer than %d bytes", r->chunk->origin, r->line,
                   VS_CSV_MAX_RECORD);
      return FALSE;
    }
    r->cap = MIN (r->cap * 2, (gsize) VS_CSV_MAX_RECORD);
    r->buf = g_realloc (r->buf, r->cap);
  }
  for (;;) {
    ssize_t n = read (r->fd, r->buf + r->end, r->cap - r->end);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int saved = errno;
      g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_IO, "%s: cannot read: %s",
                   r->chunk->origin, g_strerror (saved));
      return FALSE;
    }
    if (n == 0)
      r->eof = TRUE;
    r->end += (gsize) n;
    return TRUE;
  }
}

/* Parses the next record (the header, or a data row) into r->chunk after
 * skipping blank and comment lines.  *row_line: its first line; FALSE
 * with no error at the end of the file. */
static gboolean
reader_record (VsCsvReader *r, guint *row_line, GError **error)
{
  for (;;) {
    if (r->at_file_start) {
      if (r->end - r->start < 3 && !r->eof) {
        if (!refill (r, error))
          return FALSE;
        continue;
      }
      r->start += skip_bom (r->buf + r->start, r->end - r->start);
      r->at_file_start = FALSE;
    }
    gsize pos = r->start;
    guint line = r->line;
    gboolean skipped = skip_lines (r->buf, r->end, r->eof, &pos, &line);
    r->start = pos;
    r->line = line;
    if (skipped && r->start < r->end) {
      *row_line = r->line;
      RecordStatus s = parse_record (r->chunk, r->buf, r->end, r->eof, &r->start, &r->line, error);
      if (s == RECORD_DONE)
        return TRUE;
      if (s == RECORD_ERROR)
        return FALSE;
    } else if (skipped && r->eof) {
      return FALSE;   /* the end */
    }
    if (!refill (r, error))
      return FALSE;
  }
}

VsCsvReader *
vs_csv_reader_open (const char *path, GError **error)
{
  return vs_csv_reader_open_window (path, 1 << 20, error);
}

VsCsvReader *
vs_csv_reader_open_window (const char *path, gsize window, GError **error)
{
  g_return_val_if_fail (window >= 4 && window <= VS_CSV_MAX_RECORD, NULL);
  GError *local = NULL;
  int fd = vs_input_file_open (path, &local);
  if (fd < 0) {
    vs_input_file_error_into (error, local, VS_CSV_ERROR, VS_CSV_ERROR_IO);
    return NULL;
  }
  g_autoptr(VsCsvReader) r = g_new0 (VsCsvReader, 1);
  r->fd = fd;
  r->cap = window;
  r->buf = g_malloc (r->cap);
  r->at_file_start = TRUE;
  r->line = 1;
  r->chunk = table_new (path);
  guint header_line;
  if (!reader_record (r, &header_line, error)) {
    if (error == NULL || *error == NULL)
      g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_SYNTAX, "%s: no header row", path);
    return NULL;
  }
  take_header (r->chunk);
  return g_steal_pointer (&r);
}

const VsCsvTable *
vs_csv_reader_header (const VsCsvReader *r)
{
  return r->chunk;
}

gboolean
vs_csv_reader_next (VsCsvReader *r, guint max_rows, const VsCsvTable **chunk, GError **error)
{
  g_return_val_if_fail (max_rows > 0, FALSE);
  VsCsvTable *t = r->chunk;
  t->text_len = 0;
  t->n_cells = 0;
  g_array_set_size (t->lines, 0);
  *chunk = NULL;
  while (t->lines->len < max_rows) {
    guint row_line;
    GError *local = NULL;
    if (!reader_record (r, &row_line, &local)) {
      if (local != NULL) {
        g_propagate_error (error, local);
        return FALSE;
      }
      break;
    }
    if (!check_row (t, row_line, error))
      return FALSE;
  }
  if (t->lines->len > 0)
    *chunk = t;
  return TRUE;
}

/* ---- cells ---- */

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
  /* by hash: workload rows look up some 30 columns by name per row */
  return GPOINTER_TO_INT (g_hash_table_lookup (t->column_of, name)) - 1;
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
  return t->text + t->cell_at[(gsize) row * t->header->len + column];
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
vs_csv_table_lookup (const VsCsvTable *t, guint row, guint column, const VsNameEntry *names,
                     int *out, GError **error)
{
  if (!vs_name_table_lookup (names, vs_csv_table_cell (t, row, column), out)) {
    cell_error (t, row, column, "a known name", error);
    return FALSE;
  }
  return TRUE;
}

/* A required column that is absent: the error naming it. */
static gboolean
present_column (const VsCsvTable *t, const char *name, GError **error)
{
  guint unused;
  return vs_csv_table_require (t, name, &unused, error);
}

gboolean
vs_csv_table_int_at (const VsCsvTable *t, guint row, gint col, const char *name,
                     gboolean required, gint64 deflt, gint64 min, gint64 max, gint64 *out,
                     GError **error)
{
  if (col < 0) {
    if (required)
      return present_column (t, name, error);
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
vs_csv_table_double_at (const VsCsvTable *t, guint row, gint col, const char *name,
                        gboolean required, double deflt, double *out, GError **error)
{
  if (col < 0) {
    if (required)
      return present_column (t, name, error);
    *out = deflt;
    return TRUE;
  }
  return vs_csv_table_get_double (t, row, (guint) col, out, error);
}

gboolean
vs_csv_table_bool_at (const VsCsvTable *t, guint row, gint col, const char *name,
                      gboolean required, gboolean deflt, gboolean *out, GError **error)
{
  if (col < 0) {
    if (required)
      return present_column (t, name, error);
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
vs_csv_table_lookup_at (const VsCsvTable *t, guint row, gint col, const char *name,
                        gboolean required, int deflt, const VsNameEntry *names, int *out,
                        GError **error)
{
  if (col < 0) {
    if (required)
      return present_column (t, name, error);
    *out = deflt;
    return TRUE;
  }
  return vs_csv_table_lookup (t, row, (guint) col, names, out, error);
}

gboolean
vs_csv_table_named_int (const VsCsvTable *t, guint row, const char *name, gboolean required,
                        gint64 deflt, gint64 min, gint64 max, gint64 *out, GError **error)
{
  return vs_csv_table_int_at (t, row, vs_csv_table_column (t, name), name, required, deflt, min,
                              max, out, error);
}

gboolean
vs_csv_table_named_double (const VsCsvTable *t, guint row, const char *name, gboolean required,
                           double deflt, double *out, GError **error)
{
  return vs_csv_table_double_at (t, row, vs_csv_table_column (t, name), name, required, deflt,
                                 out, error);
}

gboolean
vs_csv_table_named_bool (const VsCsvTable *t, guint row, const char *name, gboolean required,
                         gboolean deflt, gboolean *out, GError **error)
{
  return vs_csv_table_bool_at (t, row, vs_csv_table_column (t, name), name, required, deflt, out,
                               error);
}

gboolean
vs_csv_table_named_lookup (const VsCsvTable *t, guint row, const char *name, gboolean required,
                           int deflt, const VsNameEntry *names, int *out, GError **error)
{
  return vs_csv_table_lookup_at (t, row, vs_csv_table_column (t, name), name, required, deflt,
                                 names, out, error);
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
