/* SPDX-License-Identifier: Apache-2.0 */
/* shave_table.c — the classic SHAVE kernel table: built-in rows, the
 * layers_perf.csv reader, and the per-kernel linear cost with the reference's
 * name aliases and device routing. */
#include "models/shave_table.h"
#include "hw/input_file.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "models/dma_theoretical.h"

G_DEFINE_QUARK (vs-shave-table-error-quark, vs_shave_table_error)

typedef enum { CAT_ACTIVATION, CAT_ELEMENTWISE, CAT_DATA_MOVEMENT } KernelCategory;

typedef struct {
  const char *name;
  KernelCategory category;
  guint32 eff_x1000;            /* (int)(efficiency * 1000), as the reference's templates */
  guint32 latency;
} ShaveRow;

/* VPUNN's src/shave/layers_perf.csv at commit 8a2ae92; "null" rows are 1.0/0. */
#define ACT(n, e, l) { n, CAT_ACTIVATION, e, l }
#define ELT(n, e, l) { n, CAT_ELEMENTWISE, e, l }
#define MOV(n) { n, CAT_DATA_MOVEMENT, 1000, 0 }
static const ShaveRow builtin_rows[] = {
  ACT ("Sigmoid", 4718, 4715), ACT ("ELU", 441, 5067), ACT ("HardSigmoid", 547, 4956),
  ACT ("Softmax", 836, 10043), ACT ("HardSwish", 1000, 0), ACT ("Clamp", 855, 3319),
  ACT ("FakeQuantize", 1000, 0), ACT ("QuantizeCast", 1000, 0), ACT ("Tanh", 742, 4432),
  ACT ("Sin", 17, 5192), ACT ("Cos", 1000, 0), ACT ("Sqrt", 742, 3914), ACT ("Sinh", 1000, 0),
  ACT ("Cosh", 1000, 0), ACT ("Asinh", 1000, 0), ACT ("Acosh", 1000, 0), ACT ("Abs", 1000, 0),
  ACT ("Atan", 1000, 0), ACT ("Asin", 1000, 0), ACT ("Acos", 1000, 0), ACT ("Atanh", 1000, 0),
  ACT ("Log", 742, 3824), ACT ("Selu", 397, 5138), ACT ("Gelu", 1000, 0), ACT ("Exp", 742, 3831),
  ACT ("Floor", 10, 8482), ACT ("Round", 1000, 0), ACT ("Mish", 291, 6349), ACT ("Erf", 69, 27428),
  ACT ("Negative", 1000, 0), ACT ("Sign", 1000, 0), ACT ("ScaleShift", 1000, 0),
  ACT ("YuvToRgb", 1000, 0), ACT ("SoftPlus", 1000, 0), ACT ("Swish", 1000, 0),
  ACT ("MVN", 830, 2810), ACT ("Ceiling", 306, 8391),
  ELT ("Power", 4, 15829), ELT ("Add", 1000, 0), ELT ("Divide", 12, 11587),
  ELT ("SquaredDiff", 1000, 0), ELT ("FloorMod", 1000, 0), ELT ("Less", 1000, 0),
  ELT ("LessEqual", 1000, 0), ELT ("Greater", 1000, 0), ELT ("GreaterEqual", 1000, 0),
  ELT ("LogicalOr", 8, 13192), ELT ("LogicalNot", 1000, 0), ELT ("LogicalXor", 8, 13036),
  ELT ("Multiply", 1000, 0), ELT ("And", 45, 30591), ELT ("Minimum", 15, 11047),
  ELT ("Maximum", 15, 11000), ELT ("Subtract", 789, 12946), ELT ("NotEqual", 1000, 0),
  ELT ("Equal", 1000, 0),
  MOV ("Roll"), MOV ("ShuffleChannels"), MOV ("Gather"), MOV ("ScatterNDUpdate"),
  MOV ("ScatterUpdate"), MOV ("Reshape"), MOV ("Squeeze"), MOV ("Unsqueeze"), MOV ("Broadcast"),
  MOV ("Transpose"), MOV ("Concat"), MOV ("AffineReshape"), MOV ("PermuteQuantize"),
  MOV ("DepthToSpace"), MOV ("SpaceToDepthOp"), MOV ("MemPermute"), MOV ("PermuteCast"),
};
#undef ACT
#undef ELT
#undef MOV

/* The reference's legacy-name translations, tried after an exact miss. */
static const char *const aliases[][2] = {
  { "Elu", "ELU" },
  { "Quantize", "QuantizeCast" },
  { "SpaceToDepth", "SpaceToDepthOp" },
  { "SoftMax", "Softmax" },
  { "SquaredDifference", "SquaredDiff" },
};

/* On NPU_5_0 only these names reach the classic table (through the aliases);
 * the reference costs every other kernel with its NPU 5 heuristics. */
static const char *const npu50_classic[] = {
  "DepthToSpace", "MVN", "SoftMax", "Gelu", "Multiply", "Cos", "Sin",
};

/* A file row is refused beyond this: no kernel line is anywhere near it. */
#define VS_SHAVE_MAX_LINE 4096

struct VsShaveTable {
  char *origin;
  ShaveRow *rows;
  guint n_rows;
  GStringChunk *names;          /* owns rows[i].name */
  GHashTable *index;            /* name -> row index + 1 */
};

static VsShaveTable *
table_new (const char *origin)
{
  VsShaveTable *t = g_new0 (VsShaveTable, 1);
  t->origin = g_strdup (origin);
  t->names = g_string_chunk_new (1024);
  t->index = g_hash_table_new (g_str_hash, g_str_equal);
  return t;
}

void
vs_shave_table_free (VsShaveTable *t)
{
  if (t == NULL || t == vs_shave_table_builtin ())
    return;
  g_free (t->origin);
  g_free (t->rows);
  g_string_chunk_free (t->names);
  g_hash_table_unref (t->index);
  g_free (t);
}

static void
table_set_rows (VsShaveTable *t, const ShaveRow *rows, guint n)
{
  t->rows = g_new (ShaveRow, n);
  t->n_rows = n;
  for (guint i = 0; i < n; i++) {
    t->rows[i] = rows[i];
    t->rows[i].name = g_string_chunk_insert (t->names, rows[i].name);
    g_hash_table_insert (t->index, (gpointer) t->rows[i].name, GUINT_TO_POINTER (i + 1));
  }
}

static VsShaveTable *
builtin_copy (void)
{
  VsShaveTable *t = table_new ("built-in");
  table_set_rows (t, builtin_rows, G_N_ELEMENTS (builtin_rows));
  return t;
}

const VsShaveTable *
vs_shave_table_builtin (void)
{
  static VsShaveTable *builtin;
  static gsize once = 0;
  if (g_once_init_enter (&once)) {
    builtin = builtin_copy ();
    g_once_init_leave (&once, 1);
  }
  return builtin;
}

const char *
vs_shave_table_origin (const VsShaveTable *t)
{
  return t->origin;
}

static const ShaveRow *
find_row (const VsShaveTable *t, const char *name)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (t->index, name));
  return i == 0 ? NULL : &t->rows[i - 1];
}

gboolean
vs_shave_table_lookup (const VsShaveTable *t, const char *name, guint32 *efficiency_x1000,
                       guint32 *latency)
{
  g_return_val_if_fail (t != NULL && name != NULL, FALSE);
  const ShaveRow *r = find_row (t, name);
  if (r == NULL)
    return FALSE;
  if (efficiency_x1000 != NULL)
    *efficiency_x1000 = r->eff_x1000;
  if (latency != NULL)
    *latency = r->latency;
  return TRUE;
}

static const char *
alias_target (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (aliases[i][0], name) == 0)
      return aliases[i][1];
  return NULL;
}

/* SHVActivation::cycles() and its siblings: float size over float efficiency,
 * rounded half away from zero, plus the latency in unsigned arithmetic.  The
 * reference's float-to-unsigned cast is unchecked; going through 64 bits
 * gives what it does on x86-64 for any value a table row can produce. */
static VsCycles
row_cycles (const ShaveRow *r, const VsVpuTensor *out)
{
  float size = (float) vs_dma_tensor_bytes (out);
  float eff = (float) r->eff_x1000 / 1000.0f;
  float rounded = roundf (size / eff);
  return (guint32) (guint64) rounded + r->latency;
}

VsCycles
vs_shave_table_cycles (const VsShaveTable *t, const VsShaveWorkload *w)
{
  g_return_val_if_fail (t != NULL && w != NULL, VS_ERROR_SHAVE_INVALID_INPUT);
  if (w->kernel == NULL || w->n_outputs == 0 || w->n_outputs > VS_SHAVE_MAX_TENSORS)
    return VS_ERROR_SHAVE_INVALID_INPUT;

  switch (w->device) {
  case VS_DEVICE_VPU_2_0: case VS_DEVICE_VPU_2_1: case VS_DEVICE_VPU_2_7: case VS_DEVICE_VPU_4_0: {
    /* Exact name first; an unknown name or an error-range result moves on
     * to the aliases; failing both is "operator missing". */
    const ShaveRow *r = find_row (t, w->kernel);
    if (r != NULL) {
      VsCycles c = row_cycles (r, &w->outputs[0]);
      if (!VS_CYCLES_IS_ERROR (c))
        return c;
    }
    const char *target = alias_target (w->kernel);
    r = find_row (t, target != NULL ? target : w->kernel);
    if (r != NULL) {
      VsCycles c = row_cycles (r, &w->outputs[0]);
      if (!VS_CYCLES_IS_ERROR (c))
        return c;
    }
    return VS_ERROR_SHAVE_OPERATOR_MISSING;
  }
  case VS_DEVICE_NPU_5_0: {
    for (guint i = 0; i < G_N_ELEMENTS (npu50_classic); i++)
      if (strcmp (npu50_classic[i], w->kernel) == 0) {
        /* Routed straight to the aliased lookup, with no retry. */
        const char *target = alias_target (w->kernel);
        const ShaveRow *r = find_row (t, target != NULL ? target : w->kernel);
        return r != NULL ? row_cycles (r, &w->outputs[0]) : VS_ERROR_SHAVE_OPERATOR_MISSING;
      }
    return VS_ERROR_SHAVE_OPERATOR_MISSING;
  }
  default:
    return VS_ERROR_SHAVE_OPERATOR_MISSING;
  }
}

char **
vs_shave_table_kernel_names (const VsShaveTable *t)
{
  g_return_val_if_fail (t != NULL, NULL);
  GPtrArray *names = g_ptr_array_new ();
  for (guint i = 0; i < t->n_rows; i++)
    g_ptr_array_add (names, g_strdup (t->rows[i].name));
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (find_row (t, aliases[i][1]) != NULL && find_row (t, aliases[i][0]) == NULL)
      g_ptr_array_add (names, g_strdup (aliases[i][0]));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* ---- layers_perf.csv ---- */

static gboolean G_GNUC_PRINTF (4, 5)
parse_fail (GError **error, const char *origin, guint line, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, VS_SHAVE_TABLE_ERROR, VS_SHAVE_TABLE_ERROR_PARSE, "%s:%u: %s", origin, line,
               msg);
  return FALSE;
}

static gboolean
is_kernel_name (const char *s)
{
  /* The reference turns each name into a C++ class name. */
  if (!(g_ascii_isalpha (s[0]) || s[0] == '_'))
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_'))
      return FALSE;
  return strlen (s) <= 128;
}

static gboolean
parse_row (char **fields, ShaveRow *row, const char *origin, guint line, GError **error)
{
  const char *cat = fields[0], *name = fields[1], *eff_s = fields[2], *lat_s = fields[3];
  if (strcmp (cat, "ACTIVATION") == 0)
    row->category = CAT_ACTIVATION;
  else if (strcmp (cat, "ELEMENTWISE") == 0)
    row->category = CAT_ELEMENTWISE;
  else if (strcmp (cat, "DATA_MOVEMENT") == 0)
    row->category = CAT_DATA_MOVEMENT;
  else
    return parse_fail (error, origin, line,
                       "category '%s' is not ACTIVATION, ELEMENTWISE or DATA_MOVEMENT", cat);
  if (!is_kernel_name (name))
    return parse_fail (error, origin, line, "kernel name '%s' is not an identifier", name);
  row->name = name;

  gboolean eff_null = strcmp (eff_s, "null") == 0, lat_null = strcmp (lat_s, "null") == 0;
  if (eff_null != lat_null)
    return parse_fail (error, origin, line,
                       "kernel '%s': efficiency and latency must both be numbers or both null",
                       name);
  if (eff_null) {
    row->eff_x1000 = 1000;
    row->latency = 0;
    return TRUE;
  }

  char *end = NULL;
  errno = 0;
  double eff = g_ascii_strtod (eff_s, &end);
  if (*eff_s == '\0' || *end != '\0' || errno != 0 || !isfinite (eff))
    return parse_fail (error, origin, line, "kernel '%s': efficiency '%s' is not a number", name,
                       eff_s);
  /* Truncated in double, as the reference's templates are instantiated. */
  double x1000 = eff * 1000.0;
  if (!(x1000 >= 1.0 && x1000 <= (double) G_MAXINT32))
    return parse_fail (error, origin, line,
                       "kernel '%s': efficiency %s is out of range (0.001 to 2147483 bytes/cycle)",
                       name, eff_s);
  row->eff_x1000 = (guint32) (gint32) x1000;

  guint64 lat = 0;
  g_autoptr(GError) local = NULL;
  if (!g_ascii_string_to_unsigned (lat_s, 10, 0, G_MAXUINT32, &lat, &local))
    return parse_fail (error, origin, line, "kernel '%s': latency '%s' is not a cycle count", name,
                       lat_s);
  row->latency = (guint32) lat;
  return TRUE;
}

VsShaveTable *
vs_shave_table_parse (const char *data, gsize length, const char *origin, GError **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  if (origin == NULL)
    origin = "<memory>";
  const char *nul = length > 0 ? memchr (data, '\0', length) : NULL;
  if (nul != NULL) {
    gsize at = (gsize) (nul - data);
    guint line = 1;
    for (gsize i = 0; i < at; i++)
      line += data[i] == '\n';
    parse_fail (error, origin, line, "NUL byte: not a text file");
    return NULL;
  }

  g_autoptr(VsShaveTable) t = table_new (origin);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (ShaveRow));
  g_autoptr(GArray) row_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean seen_header = FALSE;
  gsize pos = 0;
  for (guint line = 1; pos < length; line++) {
    const char *nl = memchr (data + pos, '\n', length - pos);
    gsize end = nl != NULL ? (gsize) (nl - data) : length;
    if (end - pos > VS_SHAVE_MAX_LINE) {
      parse_fail (error, origin, line, "line longer than %d bytes", VS_SHAVE_MAX_LINE);
      return NULL;
    }
    g_autofree char *text = g_strndup (data + pos, end - pos);
    pos = end + 1;
    g_strstrip (text);
    if (text[0] == '\0')
      continue;
    g_auto(GStrv) fields = g_strsplit (text, ",", -1);
    guint n = g_strv_length (fields);
    if (n != 4) {
      parse_fail (error, origin, line,
                  "%u fields; expected 4 (category, kernel name, efficiency, latency)", n);
      return NULL;
    }
    for (guint i = 0; i < n; i++)
      g_strstrip (fields[i]);
    /* The first line is the header, skipped like the reference's generator does. */
    if (!seen_header) {
      seen_header = TRUE;
      continue;
    }
    ShaveRow row;
    if (!parse_row (fields, &row, origin, line, error))
      return NULL;
    guint prev = GPOINTER_TO_UINT (g_hash_table_lookup (t->index, row.name));
    if (prev != 0) {
      parse_fail (error, origin, line, "kernel '%s' already defined on line %u", row.name,
                  g_array_index (row_lines, guint, prev - 1));
      return NULL;
    }
    row.name = g_string_chunk_insert (t->names, row.name);
    g_array_append_val (rows, row);
    g_array_append_val (row_lines, line);
    g_hash_table_insert (t->index, (gpointer) row.name, GUINT_TO_POINTER (rows->len));
  }
  if (rows->len == 0) {
    g_set_error (error, VS_SHAVE_TABLE_ERROR, VS_SHAVE_TABLE_ERROR_PARSE,
                 "%s: no kernel rows after the header", origin);
    return NULL;
  }
  t->n_rows = rows->len;
  t->rows = (ShaveRow *) g_array_free (g_steal_pointer (&rows), FALSE);
  return g_steal_pointer (&t);
}

VsShaveTable *
vs_shave_table_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  if (!vs_input_file_read_as (path, VS_SHAVE_TABLE_MAX_FILE_BYTES, "a SHAVE table", &data, &length,
                              VS_SHAVE_TABLE_ERROR, VS_SHAVE_TABLE_ERROR_IO,
                              VS_SHAVE_TABLE_ERROR_IO, error))
    return NULL;
  return vs_shave_table_parse (data, length, path, error);
}

VsShaveTable *
vs_shave_table_for_models_dir (const char *models_dir, GError **error)
{
  if (models_dir != NULL) {
    g_autofree char *path = g_build_filename (models_dir, "layers_perf.csv", NULL);
    if (g_file_test (path, G_FILE_TEST_EXISTS))
      return vs_shave_table_load (path, error);
  }
  return builtin_copy ();
}
