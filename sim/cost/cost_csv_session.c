/* SPDX-License-Identifier: Apache-2.0 */
/* cost_csv_session.c — CSV costing sessions (one kind's models kept across
 * chunks), the output rows they write, and costing a file chunk by chunk
 * with bounded memory. */
#include "sim/cost/cost_csv.h"

#include <errno.h>
#include <string.h>

#include "sim/cost/cost_csv_kinds.h"

struct VsCostCsvSession {
  const VsCostCsvKindOps *ops;
  gpointer state;
};

static const VsCostCsvKindOps *
kind_ops (VsCostCsvKind kind)
{
  switch (kind) {
  case VS_COST_CSV_DPU:
    return &vs_cost_csv_dpu_ops;
  case VS_COST_CSV_DMA:
    return &vs_cost_csv_dma_ops;
  case VS_COST_CSV_SHAVE:
    return &vs_cost_csv_shave_ops;
  case VS_COST_CSV_SHAVE_FITTED:
    return &vs_cost_csv_shave_fitted_ops;
  }
  g_return_val_if_reached (NULL);
}

VsCostCsvSession *
vs_cost_csv_session_new (VsCostCsvKind kind, const char *models_dir, const VsCsvTable *header,
                         GError **error)
{
  const VsCostCsvKindOps *ops = kind_ops (kind);
  gpointer state = ops->open (models_dir, header, error);
  if (state == NULL)
    return NULL;
  VsCostCsvSession *s = g_new0 (VsCostCsvSession, 1);
  s->ops = ops;
  s->state = state;
  return s;
}

gboolean
vs_cost_csv_session_cost (VsCostCsvSession *s, const VsCsvTable *rows, VsCycles *cycles,
                          GError **error)
{
  return s->ops->cost (s->state, rows, cycles, error);
}

void
vs_cost_csv_session_free (VsCostCsvSession *s)
{
  if (s == NULL)
    return;
  s->ops->close (s->state);
  g_free (s);
}

/* ---- output rows ---- */

static void
append_header (const VsCsvTable *t, GString *out_csv)
{
  for (guint c = 0; c < vs_csv_table_n_columns (t); c++) {
    vs_csv_append_field (out_csv, vs_csv_table_column_name (t, c));
    g_string_append_c (out_csv, ',');
  }
  g_string_append (out_csv, "vpusim_cycles\n");
}

static gboolean
append_rows (const VsCsvTable *t, const VsCycles *cycles, GString *out_csv,
             VsCostCsvSummary *sum, GError **error)
{
  const guint n_cols = vs_csv_table_n_columns (t), n = vs_csv_table_n_rows (t);
  const gint ref_col = vs_csv_table_column (t, "reference_cycles");
  sum->has_reference = ref_col >= 0;
  for (guint r = 0; r < n; r++) {
    for (guint c = 0; c < n_cols; c++) {
      vs_csv_append_field (out_csv, vs_csv_table_cell (t, r, c));
      g_string_append_c (out_csv, ',');
    }
    g_string_append_printf (out_csv, "%u\n", cycles[r]);
    if (ref_col >= 0) {
      gint64 ref;
      if (!vs_csv_table_get_int (t, r, (guint) ref_col, &ref, error))
        return FALSE;
      sum->compared++;
      sum->agree += ref == (gint64) cycles[r];
    }
  }
  sum->rows += n;
  return TRUE;
}

gboolean
vs_cost_csv_write_rows (const VsCsvTable *t, const VsCycles *cycles, GString *out_csv,
                        guint *agree, guint *compared, GError **error)
{
  VsCostCsvSummary sum = { 0 };
  append_header (t, out_csv);
  if (!append_rows (t, cycles, out_csv, &sum, error))
    return FALSE;
  if (agree != NULL)
    *agree = (guint) sum.agree;
  if (compared != NULL)
    *compared = (guint) sum.compared;
  return TRUE;
}

/* ---- a file, chunk by chunk ---- */

static gboolean
write_out (FILE *out, const GString *text, const char *in_path, GError **error)
{
  if (text->len > 0 && fwrite (text->str, 1, text->len, out) != text->len) {
    int saved = errno;
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_IO, "cannot write the costs of %s: %s",
                 in_path, g_strerror (saved));
    return FALSE;
  }
  return TRUE;
}

gboolean
vs_cost_csv_stream (VsCostCsvKind kind, const char *models_dir, const char *in_path, FILE *out,
                    VsCostCsvSummary *summary, GError **error)
{
  *summary = (VsCostCsvSummary) { 0 };
  g_autoptr(VsCsvReader) reader = vs_csv_reader_open (in_path, error);
  if (reader == NULL)
    return FALSE;
  const VsCsvTable *header = vs_csv_reader_header (reader);
  summary->has_reference = vs_csv_table_column (header, "reference_cycles") >= 0;
  g_autoptr(VsCostCsvSession) session = vs_cost_csv_session_new (kind, models_dir, header, error);
  if (session == NULL)
    return FALSE;
  g_autofree VsCycles *cycles = g_new (VsCycles, VS_COST_CSV_CHUNK_ROWS);
  g_autoptr(GString) text = g_string_sized_new (1 << 20);
  append_header (header, text);
  const VsCsvTable *chunk;
  while (vs_csv_reader_next (reader, VS_COST_CSV_CHUNK_ROWS, &chunk, error)) {
    if (chunk == NULL)
      return write_out (out, text, in_path, error);
    if (!vs_cost_csv_session_cost (session, chunk, cycles, error) ||
        !append_rows (chunk, cycles, text, summary, error) ||
        !write_out (out, text, in_path, error))
      return FALSE;
    g_string_truncate (text, 0);
  }
  return FALSE;
}
