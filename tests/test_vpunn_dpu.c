/* SPDX-License-Identifier: Apache-2.0 */
/* test_vpunn_dpu.c — the VPUNN DPU cost path against the reference's own
 * answers: descriptors, raw network outputs, cycles and theoretical cycles of
 * every golden row (../shared/vpunn/golden), and the SPEC.md Appendix A
 * vectors (expected values read from SPEC.md itself); plus batching, caching,
 * fallbacks and model-file lookup. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/vpunn/dpu_descriptor.h"
#include "models/vpunn/dpu_postprocess.h"
#include "models/vpunn/dpu_sanitizer.h"
#include "models/vpunn/dpu_theoretical.h"
#include "models/vpunn/vpunn_dpu.h"
#include "models/vpunn/vpunn_model.h"
#include "models/vpunn/vpunn_paths.h"
#include "sim/cost/cost_csv.h"
#include "sim/base/csv_table.h"
#include "tests/test_support.h"

/* Input interface of each published DPU model file (from its name string). */
static int
interface_of_model_file (const char *file)
{
  static const struct { const char *file; int interface; } map[] = {
    { "vpu_2_0.vpunn", 10 }, { "vpu_2_7.vpunn", 11 }, { "vpu_2_7.fast.vpunn", 11 },
    { "vpu_2_7_159.vpunn", 11 }, { "vpu_40_159_strict.vpunn", 89 },
    { "vpu_4_0_cloned_from27.vpunn", 11 }, { "vpu_4_0.vpunn", 4011 }, { "vpu_4_1.vpunn", 4111 },
    { "vpu_5_1.vpunn", 5114 }, { "vpu_5_1_5113.vpunn", 5113 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (strcmp (map[i].file, file) == 0)
      return map[i].interface;
  return 0;
}

/* ---- descriptors, no network needed ---- */

static void
check_descriptor_file (const char *name)
{
  g_autoptr (VsCsvTable) t = vs_test_golden_csv (name);
  if (t == NULL)
    return;
  guint checked = 0;
  for (guint r = 0; r < vs_csv_table_n_rows (t); r++) {
    g_autoptr (GError) error = NULL;
    VsDpuWorkload w;
    g_assert_true (vs_cost_csv_dpu_row (t, r, &w, &error));
    g_assert_no_error (error);
    int interface = interface_of_model_file (vs_test_csv_cell (t, r, "model"));
    guint n = vs_dpu_descriptor_size (interface);
    g_assert_cmpuint (n, >, 0);
    VsCycles code = 0;
    if (!vs_dpu_sanitize (&w, &code))
      g_error ("%s line %u: sanitizer rejected a row the reference costed (code %u)", name,
               vs_csv_table_row_line (t, r), code);
    float d[VS_DPU_DESCRIPTOR_MAX];
    g_assert_true (vs_dpu_descriptor_build (interface, &w, d));
    for (guint i = 0; i < n; i++) {
      char col[16];
      g_snprintf (col, sizeof col, "d%u", i);
      float expected = strtof (vs_test_csv_cell (t, r, col), NULL);
      if (d[i] != expected)
        g_error ("%s line %u: d%u is %.9g, reference %.9g", name, vs_csv_table_row_line (t, r), i,
                 (double) d[i], (double) expected);
    }
    g_assert_cmpint (vs_csv_table_column (t, "d0") + (gint) n, ==, (gint) vs_csv_table_n_columns (t));
    checked++;
  }
  g_assert_cmpuint (checked, >, 0);
}

static void
test_descriptors_2_0 (void)
{
  check_descriptor_file ("dpu_vpu_2_0_descriptors.csv");
}

static void
test_descriptors_2_7 (void)
{
  check_descriptor_file ("dpu_vpu_2_7_descriptors.csv");
}

static void
test_descriptors_2_7_fast (void)
{
  check_descriptor_file ("dpu_vpu_2_7_fast_descriptors.csv");
}

static void
test_descriptors_4_0 (void)
{
  check_descriptor_file ("dpu_vpu_4_0_descriptors.csv");
}

/* ---- every golden row: cycles, raw network output, theoretical cycles ---- */

static gboolean
parse_cycles (const char *s, VsCycles *out)
{
  char *end;
  guint64 v = g_ascii_strtoull (s, &end, 10);
  if (end == s || *end != '\0' || v > G_MAXUINT32)
    return FALSE;
  *out = (VsCycles) v;
  return TRUE;
}

static void
check_golden_file (const char *name)
{
  g_autoptr (VsCsvTable) t = vs_test_golden_csv (name);
  if (t == NULL)
    return;
  const guint n = vs_csv_table_n_rows (t);
  g_assert_cmpuint (n, >, 0);
  g_autoptr (GHashTable) models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) vs_vpunn_dpu_free);
  guint bad_cycles = 0, bad_raw = 0, bad_theoretical = 0, raw_checked = 0, theo_checked = 0;
  for (guint r = 0; r < n; r++) {
    g_autoptr (GError) error = NULL;
    VsDpuWorkload w;
    g_assert_true (vs_cost_csv_dpu_row (t, r, &w, &error));
    const char *file = vs_test_csv_cell (t, r, "model");
    VsVpunnDpu *dpu = g_hash_table_lookup (models, file);
    if (dpu == NULL) {
      dpu = vs_test_vpunn_dpu (file);
      if (dpu == NULL)
        return;
      g_assert_cmpint (vs_vpunn_dpu_input_interface (dpu), ==, interface_of_model_file (file));
      g_hash_table_insert (models, g_strdup (file), dpu);
    }
    const guint line = vs_csv_table_row_line (t, r);

    VsCycles expected = 0;
    g_assert_true (parse_cycles (vs_test_csv_cell (t, r, "reference_cycles"), &expected));
    VsCycles got = vs_vpunn_dpu_cost (dpu, &w);
    if (got != expected) {
      g_test_message ("%s line %u: %u cycles, reference %u", name, line, got, expected);
      bad_cycles++;
    }

    /* the raw output, where the reference printed one (error rows print a name) */
    const char *raw_text = vs_test_csv_cell (t, r, "reference_raw_nn");
    char *end;
    float raw_expected = strtof (raw_text, &end);
    if (end != raw_text && *end == '\0') {
      float raw;
      VsCycles code;
      g_assert_true (vs_vpunn_dpu_raw (dpu, &w, &raw, &code));
      /* 9 significant digits identify a float exactly */
      g_autofree char *printed = g_strdup_printf ("%.9g", (double) raw);
      if (strtof (printed, NULL) != raw_expected) {
        g_test_message ("%s line %u: raw %s, reference %s", name, line, printed, raw_text);
        bad_raw++;
      }
      raw_checked++;
    } else {
      g_assert_true (VS_CYCLES_IS_ERROR (expected));
      g_assert_cmpstr (raw_text, ==, vs_cycles_error_name (expected));
    }

    /* theoretical cycles of the sanitized workload (error rows report 0) */
    VsCycles theo_expected = 0;
    g_assert_true (parse_cycles (vs_test_csv_cell (t, r, "theoretical_cycles"), &theo_expected));
    VsDpuWorkload s = w;
    VsCycles code;
    if (vs_dpu_sanitize (&s, &code)) {
      VsCycles theo = vs_dpu_theoretical_cycles (&s);
      if (theo != theo_expected) {
        g_test_message ("%s line %u: theoretical %u, reference %u", name, line, theo, theo_expected);
        bad_theoretical++;
      }
      theo_checked++;
    } else {
      g_assert_cmpuint (code, ==, expected);
    }
  }
  g_test_message ("%s: %u/%u rows agree; raw %u/%u; theoretical %u/%u", name, n - bad_cycles, n,
                  raw_checked - bad_raw, raw_checked, theo_checked - bad_theoretical, theo_checked);
  g_assert_cmpuint (bad_cycles, ==, 0);
  g_assert_cmpuint (bad_raw, ==, 0);
  g_assert_cmpuint (bad_theoretical, ==, 0);
}

static void
test_golden_2_0 (void)
{
  check_golden_file ("dpu_vpu_2_0.csv");
}

static void
test_golden_2_7 (void)
{
  check_golden_file ("dpu_vpu_2_7.csv");
}

static void
test_golden_2_7_fast (void)
{
  check_golden_file ("dpu_vpu_2_7_fast.csv");
}

static void
test_golden_4_0 (void)
{
  check_golden_file ("dpu_vpu_4_0.csv");
}

static void
test_golden_invalid (void)
{
  check_golden_file ("dpu_invalid.csv");
}

/* ---- SPEC.md Appendix A ---- */

typedef struct {
  char *id;
  char *model;
  GArray *descriptor;   /* floats */
  gboolean has_raw;
  float raw;
  gboolean has_cycles;
  VsCycles cycles;
} SpecVector;

static void
spec_vector_free (gpointer p)
{
  SpecVector *v = p;
  g_free (v->id);
  g_free (v->model);
  if (v->descriptor != NULL)
    g_array_unref (v->descriptor);
  g_free (v);
}

/* The number after the last "→ " of a line. */
static gboolean
number_after_arrow (const char *line, guint64 *out)
{
  const char *arrow = g_strrstr (line, "→ ");
  if (arrow == NULL)
    return FALSE;
  const char *p = arrow + strlen ("→ ");
  if (strncmp (p, "cycles ", 7) == 0)
    p += 7;
  char *end;
  *out = g_ascii_strtoull (p, &end, 10);
  return end != p;
}

/* The DPU vectors of Appendix A.2, by id ("T1", "U1", ...). */
static GHashTable *
spec_dpu_vectors (void)
{
  g_autofree char *path = vs_test_vpunn_file ("SPEC.md");
  if (path == NULL)
    return NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  const char *start = strstr (text, "### A.2 DPU");
  const char *stop = strstr (text, "### A.3");
  g_assert_nonnull (start);
  g_assert_nonnull (stop);
  g_autofree char *section = g_strndup (start, (gsize) (stop - start));
  g_auto (GStrv) lines = g_strsplit (section, "\n", -1);
  GHashTable *vectors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, spec_vector_free);
  SpecVector *cur = NULL;
  for (char **l = lines; *l != NULL; l++) {
    const char *line = *l;
    if (g_str_has_prefix (line, "* ")) {
      const char *id_end = strchr (line + 2, ' ');
      const char *tick = strchr (line, '`');
      if (id_end == NULL || tick == NULL)
        continue;
      cur = g_new0 (SpecVector, 1);
      cur->id = g_strndup (line + 2, (gsize) (id_end - line - 2));
      const char *tick2 = strchr (tick + 1, '`');
      cur->model = g_strndup (tick + 1, (gsize) (tick2 - tick - 1));
      g_hash_table_insert (vectors, cur->id, cur);
      guint64 v;
      /* one-line vectors state the final answer after an arrow */
      if (strstr (line, "descriptor") == NULL && number_after_arrow (line, &v) && v > 1000000000u) {
        cur->has_cycles = TRUE;
        cur->cycles = (VsCycles) v;
      } else if (g_str_has_prefix (cur->id, "T13b") && number_after_arrow (line, &v)) {
        cur->has_cycles = TRUE;
        cur->cycles = (VsCycles) v;
      }
    } else if (cur != NULL && strstr (line, "descriptor (") != NULL) {
      const char *a = strchr (line, '`'), *b = a != NULL ? strchr (a + 1, '`') : NULL;
      g_assert_nonnull (b);
      g_autofree char *list = g_strndup (a + 1, (gsize) (b - a - 1));
      g_auto (GStrv) items = g_strsplit (list, ",", -1);
      cur->descriptor = g_array_new (FALSE, FALSE, sizeof (float));
      for (char **it = items; *it != NULL; it++) {
        float f = strtof (*it, NULL);
        g_array_append_val (cur->descriptor, f);
      }
    } else if (cur != NULL && g_str_has_prefix (g_strchug ((char *) line), "raw:")) {
      cur->has_raw = TRUE;
      cur->raw = strtof (strchr (line, ':') + 1, NULL);
      guint64 v;
      g_assert_true (number_after_arrow (line, &v));
      cur->has_cycles = TRUE;
      cur->cycles = (VsCycles) v;
    }
  }
  return vectors;
}

static VsDpuWorkload
base_workload (VsVpuDevice device, VsDpuOperation op)
{
  VsDpuWorkload w = { 0 };
  w.device = device;
  w.op = op;
  w.input = (VsVpuTensor) { 1, 1, 1, 1, VS_DTYPE_UINT8, VS_LAYOUT_ZXY, FALSE };
  w.output = w.input;
  w.kernel_w = w.kernel_h = 1;
  w.stride_w = w.stride_h = 1;
  w.execution_mode = VS_EXEC_CUBOID_16x16;
  w.in_swizzling[0] = w.in_swizzling[1] = w.out_swizzling = VS_SWIZZLING_KEY_5;
  w.output_write_tiles = 1;
  w.isi_strategy = VS_ISI_CLUSTERING;
  return w;
}

static void
set_tensor (VsVpuTensor *t, guint32 w, guint32 h, guint32 c, VsDataType dtype)
{
  t->w = w;
  t->h = h;
  t->c = c;
  t->b = 1;
  t->dtype = dtype;
}

/* 3x3 convolution, pad 1, 56x56x16 -> 56x56x16 UINT8 */
static VsDpuWorkload
conv3x3 (VsVpuDevice device)
{
  VsDpuWorkload w = base_workload (device, VS_OP_CONVOLUTION);
  set_tensor (&w.input, 56, 56, 16, VS_DTYPE_UINT8);
  set_tensor (&w.output, 56, 56, 16, VS_DTYPE_UINT8);
  w.kernel_w = w.kernel_h = 3;
  w.pad_top = w.pad_bottom = w.pad_left = w.pad_right = 1;
  return w;
}

/* depthwise 3x3 pad 1, 28x28x32 (dtype given) */
static VsDpuWorkload
dw3x3 (VsVpuDevice device, VsDataType dtype)
{
  VsDpuWorkload w = base_workload (device, VS_OP_DW_CONVOLUTION);
  set_tensor (&w.input, 28, 28, 32, dtype);
  set_tensor (&w.output, 28, 28, 32, dtype);
  w.kernel_w = w.kernel_h = 3;
  w.pad_top = w.pad_bottom = w.pad_left = w.pad_right = 1;
  return w;
}

static VsDpuWorkload
eltwise (VsVpuDevice device, guint32 side, guint32 c, VsDataType dtype)
{
  VsDpuWorkload w = base_workload (device, VS_OP_ELTWISE);
  set_tensor (&w.input, side, side, c, dtype);
  set_tensor (&w.output, side, side, c, dtype);
  w.execution_mode = VS_EXEC_CUBOID_8x16;
  return w;
}

/* The workload of each Appendix A.2 vector, written from its description. */
static gboolean
spec_workload (const char *id, VsDpuWorkload *w)
{
  if (strcmp (id, "T1") == 0 || strcmp (id, "T7b") == 0)
    *w = conv3x3 (VS_DEVICE_VPU_2_7);
  else if (strcmp (id, "T2") == 0 || strcmp (id, "T3") == 0 || strcmp (id, "T4") == 0 ||
           strcmp (id, "T7c") == 0)
    *w = conv3x3 (VS_DEVICE_VPU_4_0);
  else if (strcmp (id, "T5") == 0 || strcmp (id, "T6") == 0)
    *w = conv3x3 (VS_DEVICE_NPU_5_0);
  else if (strcmp (id, "T7") == 0) {
    *w = conv3x3 (VS_DEVICE_VPU_2_0);
    w->execution_mode = VS_EXEC_MATRIX;
  } else if (strcmp (id, "T8") == 0)
    *w = dw3x3 (VS_DEVICE_VPU_4_0, VS_DTYPE_UINT8);
  else if (strcmp (id, "T8b") == 0 || strcmp (id, "T8c") == 0)
    *w = dw3x3 (VS_DEVICE_VPU_2_7, VS_DTYPE_UINT8);
  else if (strcmp (id, "T9") == 0) {
    *w = conv3x3 (VS_DEVICE_VPU_2_7);
    set_tensor (&w->input, 56, 30, 16, VS_DTYPE_UINT8);
    set_tensor (&w->output, 56, 28, 16, VS_DTYPE_UINT8);
    w->pad_top = w->pad_bottom = 0;
    w->isi_strategy = VS_ISI_SPLIT_OVER_H;
    w->halo_top = w->halo_bottom = 1;
  } else if (strcmp (id, "T10") == 0 || strcmp (id, "T10b") == 0) {
    *w = eltwise (VS_DEVICE_VPU_2_7, 28, 64, VS_DTYPE_FLOAT16);
    w->in_swizzling[0] = w->in_swizzling[1] = w->out_swizzling = VS_SWIZZLING_KEY_0;
    if (strcmp (id, "T10b") == 0) {
      w->isi_strategy = VS_ISI_SPLIT_OVER_K;
      w->output_write_tiles = 2;
    }
  } else if (strcmp (id, "T11") == 0) {
    *w = base_workload (VS_DEVICE_VPU_4_0, VS_OP_MAXPOOL);
    set_tensor (&w->input, 28, 28, 64, VS_DTYPE_UINT8);
    set_tensor (&w->output, 14, 14, 64, VS_DTYPE_UINT8);
    w->kernel_w = w->kernel_h = 2;
    w->stride_w = w->stride_h = 2;
    w->output_write_tiles = 4;
  } else if (strcmp (id, "T12") == 0) {
    *w = dw3x3 (VS_DEVICE_VPU_2_7, VS_DTYPE_UINT8);
    w->input.c = w->output.c = 128;
  } else if (strcmp (id, "T13") == 0 || strcmp (id, "T13b") == 0) {
    *w = conv3x3 (VS_DEVICE_VPU_2_7);
    w->input.c = w->output.c = 64;
    w->weight_sparsity_enabled = TRUE;
    w->weight_sparsity = 0.5f;
    if (strcmp (id, "T13b") == 0) {
      w->input.sparse = TRUE;
      w->act_sparsity = 0.3f;
    }
  } else if (strcmp (id, "T14") == 0) {
    *w = conv3x3 (VS_DEVICE_VPU_2_7);
    set_tensor (&w->input, 56, 56, 8, VS_DTYPE_FLOAT16);
    set_tensor (&w->output, 56, 56, 16, VS_DTYPE_FLOAT16);
  } else if (strcmp (id, "T15") == 0 || strcmp (id, "T15b") == 0)
    *w = eltwise (VS_DEVICE_NPU_5_0, 32, 64, VS_DTYPE_FLOAT16);
  else if (strcmp (id, "U1") == 0) {
    *w = base_workload (VS_DEVICE_VPU_4_0, VS_OP_DW_CONVOLUTION);
    set_tensor (&w->input, 4, 4, 1536, VS_DTYPE_FLOAT16);
    set_tensor (&w->output, 4, 4, 64, VS_DTYPE_FLOAT16);
    w->output_write_tiles = 4;
    w->isi_strategy = VS_ISI_SPLIT_OVER_K;
  } else
    return FALSE;
  return TRUE;
}

static void
test_spec_vectors (void)
{
  g_autoptr (GHashTable) vectors = spec_dpu_vectors ();
  if (vectors == NULL)
    return;
  g_autofree char *models_dir = vs_test_vpunn_models_dir ();
  if (models_dir == NULL)
    return;
  static const char *const ids[] = {
    "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T7b", "T7c", "T8", "T8b", "T8c", "T9", "T10",
    "T10b", "T11", "T12", "T13", "T13b", "T14", "T15", "T15b", "U1",
  };
  guint with_network = 0;
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++) {
    SpecVector *v = g_hash_table_lookup (vectors, ids[i]);
    if (v == NULL)
      g_error ("SPEC.md Appendix A.2 has no vector %s", ids[i]);
    VsDpuWorkload w;
    g_assert_true (spec_workload (v->id, &w));
    int interface = interface_of_model_file (v->model);
    g_assert_cmpint (interface, !=, 0);

    if (v->descriptor != NULL) {
      VsDpuWorkload s = w;
      VsCycles code;
      g_assert_true (vs_dpu_sanitize (&s, &code));
      float d[VS_DPU_DESCRIPTOR_MAX];
      g_assert_true (vs_dpu_descriptor_build (interface, &s, d));
      g_assert_cmpuint (v->descriptor->len, ==, vs_dpu_descriptor_size (interface));
      for (guint k = 0; k < v->descriptor->len; k++)
        if (d[k] != g_array_index (v->descriptor, float, k))
          g_error ("%s: d%u is %g, SPEC %g", v->id, k, (double) d[k],
                   (double) g_array_index (v->descriptor, float, k));
    }
    /* the cloned 2.7 network mocks 4.0 through output version 4 */
    if (strcmp (v->id, "T8") == 0 || strcmp (v->id, "T8b") == 0) {
      VsDpuWorkload s = w;
      VsCycles code;
      g_assert_true (vs_dpu_sanitize (&s, &code));
      g_assert_cmpuint (vs_dpu_postprocess (4, &s, v->raw), ==, v->cycles);
    }

    g_autofree char *path = g_build_filename (models_dir, v->model, NULL);
    if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
      continue;   /* not every model of the appendix is published */
    g_autoptr (GError) error = NULL;
    g_autoptr (VsVpunnDpu) dpu = vs_vpunn_dpu_new (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (vs_vpunn_dpu_input_interface (dpu), ==, interface);
    g_assert_true (v->has_cycles);
    g_assert_cmpuint (vs_vpunn_dpu_cost (dpu, &w), ==, v->cycles);
    if (v->has_raw) {
      float raw;
      VsCycles code;
      g_assert_true (vs_vpunn_dpu_raw (dpu, &w, &raw, &code));
      g_autofree char *a = g_strdup_printf ("%.9g", (double) raw);
      g_autofree char *b = g_strdup_printf ("%.9g", (double) v->raw);
      g_assert_cmpstr (a, ==, b);
    }
    with_network++;
  }
  g_assert_cmpuint (with_network, >=, 15);
}

/* Appendix A.3: theoretical cycles (values read from SPEC.md). */
static GArray *
spec_theoretical_row (const char *text, const char *prefix)
{
  const char *p = strstr (text, prefix);
  g_assert_nonnull (p);
  const char *eol = strchr (p, '\n');
  g_autofree char *line = g_strndup (p, (gsize) (eol - p));
  g_auto (GStrv) cells = g_strsplit (line, "|", -1);
  g_assert_nonnull (cells[1]);
  g_assert_nonnull (cells[2]);
  GArray *values = g_array_new (FALSE, FALSE, sizeof (guint64));
  const char *s = cells[2];
  while (*s != '\0') {
    if (g_ascii_isdigit (*s)) {
      char *end;
      guint64 v = g_ascii_strtoull (s, &end, 10);
      g_array_append_val (values, v);
      s = end;
    } else {
      s++;
    }
  }
  return values;
}

static void
test_spec_theoretical (void)
{
  g_autofree char *path = vs_test_vpunn_file ("SPEC.md");
  if (path == NULL)
    return;
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  const char *a3 = strstr (text, "### A.3");
  g_assert_nonnull (a3);

  g_autoptr (GArray) conv = spec_theoretical_row (a3, "| CONV 3×3 pad 1 56×56×16→16");
  g_assert_cmpuint (conv->len, ==, 4);
  static const VsVpuDevice conv_devices[] = { VS_DEVICE_VPU_2_7, VS_DEVICE_VPU_4_0, VS_DEVICE_NPU_5_0,
                                              VS_DEVICE_VPU_2_0 };
  for (guint i = 0; i < 4; i++) {
    VsDpuWorkload w = conv3x3 (conv_devices[i]);
    if (conv_devices[i] == VS_DEVICE_VPU_2_0)
      w.execution_mode = VS_EXEC_MATRIX;
    g_assert_cmpuint (vs_dpu_theoretical_cycles (&w), ==, g_array_index (conv, guint64, i));
  }

  g_autoptr (GArray) elt = spec_theoretical_row (a3, "| ELTWISE 28×28×64 UINT8");
  g_assert_cmpuint (elt->len, >=, 2);
  VsDpuWorkload e = eltwise (VS_DEVICE_VPU_2_7, 28, 64, VS_DTYPE_UINT8);
  g_assert_cmpuint (vs_dpu_theoretical_cycles (&e), ==, g_array_index (elt, guint64, elt->len - 2));
  e.output_write_tiles = 2;
  g_assert_cmpuint (vs_dpu_theoretical_cycles (&e), ==, g_array_index (elt, guint64, elt->len - 1));

  g_autoptr (GArray) dw = spec_theoretical_row (a3, "| DW_CONV 3×3 pad 1 28×28×32 FP16");
  VsDpuWorkload d = dw3x3 (VS_DEVICE_VPU_2_7, VS_DTYPE_FLOAT16);
  g_assert_cmpuint (vs_dpu_theoretical_cycles (&d), ==, g_array_index (dw, guint64, dw->len - 1));

  g_autoptr (GArray) c1 = spec_theoretical_row (a3, "| CONV 1×1 14×14×64→128 FP16");
  g_assert_cmpuint (c1->len, >=, 3);
  VsDpuWorkload c = base_workload (VS_DEVICE_VPU_2_7, VS_OP_CONVOLUTION);
  set_tensor (&c.input, 14, 14, 64, VS_DTYPE_FLOAT16);
  set_tensor (&c.output, 14, 14, 128, VS_DTYPE_FLOAT16);
  g_assert_cmpuint (vs_dpu_theoretical_cycles (&c), ==, g_array_index (c1, guint64, c1->len - 3));
  g_assert_cmpuint (vs_dpu_ideal_efficiency_cycles (&c), ==, g_array_index (c1, guint64, c1->len - 2));
  g_assert_cmpuint (vs_dpu_ideal_power_cycles (&c), ==, g_array_index (c1, guint64, c1->len - 1));
}

/* ---- behaviour of the cost model object ---- */

static GArray *
golden_workloads (const char *name)
{
  g_autoptr (VsCsvTable) t = vs_test_golden_csv (name);
  if (t == NULL)
    return NULL;
  GArray *w = g_array_new (FALSE, FALSE, sizeof (VsDpuWorkload));
  for (guint r = 0; r < vs_csv_table_n_rows (t); r++) {
    VsDpuWorkload one;
    g_autoptr (GError) error = NULL;
    g_assert_true (vs_cost_csv_dpu_row (t, r, &one, &error));
    g_array_append_val (w, one);
  }
  return w;
}

static void
test_batch_equals_singles (void)
{
  g_autoptr (GArray) w = golden_workloads ("dpu_vpu_2_7.csv");
  if (w == NULL)
    return;
  g_autoptr (VsVpunnDpu) single = vs_test_vpunn_dpu ("vpu_2_7.vpunn");
  g_autoptr (VsVpunnDpu) batched = vs_test_vpunn_dpu ("vpu_2_7.vpunn");
  if (single == NULL || batched == NULL)
    return;
  vs_vpunn_dpu_set_cache_capacity (single, 0);
  /* every row twice, so the batch also holds duplicates */
  const guint n = w->len;
  g_autofree VsDpuWorkload *twice = g_new (VsDpuWorkload, 2 * n);
  memcpy (twice, w->data, n * sizeof *twice);
  memcpy (twice + n, w->data, n * sizeof *twice);
  g_autofree VsCycles *out = g_new (VsCycles, 2 * n);
  vs_vpunn_dpu_cost_batch (batched, twice, 2 * n, out);
  for (guint i = 0; i < 2 * n; i++)
    g_assert_cmpuint (out[i], ==, vs_vpunn_dpu_cost (single, &twice[i]));
  VsVpunnDpuStats st;
  vs_vpunn_dpu_get_stats (single, &st);
  g_assert_cmpuint (st.cache_hits, ==, 0);
  vs_vpunn_dpu_get_stats (batched, &st);
  g_assert_cmpuint (st.queries, ==, 2 * n);
  g_assert_cmpuint (st.cache_hits, >=, n);
}

static void
test_cache_hit (void)
{
  g_autoptr (GArray) w = golden_workloads ("dpu_vpu_4_0.csv");
  if (w == NULL)
    return;
  g_autoptr (VsVpunnDpu) dpu = vs_test_vpunn_dpu ("vpu_4_0.vpunn");
  if (dpu == NULL)
    return;
  const guint n = MIN (w->len, 50u);
  g_autofree VsCycles *first = g_new (VsCycles, n);
  VsVpunnDpuStats before, after;
  for (guint i = 0; i < n; i++)
    first[i] = vs_vpunn_dpu_cost (dpu, &g_array_index (w, VsDpuWorkload, i));
  vs_vpunn_dpu_get_stats (dpu, &before);
  g_assert_cmpuint (vs_vpunn_dpu_cache_entries (dpu), >, 0);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (vs_vpunn_dpu_cost (dpu, &g_array_index (w, VsDpuWorkload, i)), ==, first[i]);
  vs_vpunn_dpu_get_stats (dpu, &after);
  /* every valid workload of the second round was a hit, without a network run */
  g_assert_cmpuint (after.nn_rows, ==, before.nn_rows);
  g_assert_cmpuint (after.cache_hits, >, before.cache_hits);

  /* a full cache is emptied and keeps answering the same */
  vs_vpunn_dpu_set_cache_capacity (dpu, 3);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (vs_vpunn_dpu_cost (dpu, &g_array_index (w, VsDpuWorkload, i)), ==, first[i]);
  g_assert_cmpuint (vs_vpunn_dpu_cache_entries (dpu), <=, 3);
}

static void
test_theoretical_fallback (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VsVpunnDpu) none = vs_vpunn_dpu_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_false (vs_vpunn_dpu_is_loaded (none));
  g_assert_nonnull (vs_vpunn_dpu_load_error (none));

  g_autofree char *missing = g_build_filename (vs_test_tmpdir (), "no-such-model.vpunn", NULL);
  g_autoptr (VsVpunnDpu) absent = vs_vpunn_dpu_new (missing, &error);
  g_assert_no_error (error);
  g_assert_false (vs_vpunn_dpu_is_loaded (absent));
  g_assert_nonnull (strstr (vs_vpunn_dpu_load_error (absent), "no-such-model"));

  g_autofree char *corrupt = g_build_filename (vs_test_tmpdir (), "corrupt.vpunn", NULL);
  g_assert_true (g_file_set_contents (corrupt, "\x18\0\0\0VPUNgarbage", 15, NULL));
  g_autoptr (VsVpunnDpu) bad = vs_vpunn_dpu_new (corrupt, &error);
  g_assert_no_error (error);
  g_assert_false (vs_vpunn_dpu_is_loaded (bad));

  /* a valid network that is not a DPU one is refused, as the reference throws */
  g_autofree char *dma = vs_test_vpunn_file ("models/dma_2_7.vpunn");
  if (dma != NULL) {
    VsVpunnDpu *wrong = vs_vpunn_dpu_new (dma, &error);
    g_assert_null (wrong);
    g_assert_error (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_VERSION);
    g_assert_nonnull (strstr (error->message, "dma_2_7.vpunn"));
    g_clear_error (&error);
  }

  VsDpuWorkload w = conv3x3 (VS_DEVICE_VPU_2_7);
  VsDpuWorkload s = w;
  VsCycles code;
  g_assert_true (vs_dpu_sanitize (&s, &code));
  g_assert_cmpuint (vs_vpunn_dpu_cost (none, &w), ==, vs_dpu_theoretical_cycles (&s));
  g_assert_cmpuint (vs_vpunn_dpu_cost (bad, &w), ==, vs_dpu_theoretical_cycles (&s));
  float raw;
  g_assert_false (vs_vpunn_dpu_raw (none, &w, &raw, &code));
  g_assert_cmpuint (code, ==, VS_ERROR_INFERENCE_NOT_POSSIBLE);

  /* sanitizer errors come first, whatever the model */
  w.device = VS_DEVICE_NPU_RESERVED_1;
  g_assert_cmpuint (vs_vpunn_dpu_cost (none, &w), ==, VS_ERROR_INVALID_INPUT_DEVICE);
  w = conv3x3 (VS_DEVICE_VPU_2_7);
  w.op = VS_OP_REDUCE_MS;
  g_assert_cmpuint (vs_vpunn_dpu_cost (none, &w), ==, VS_ERROR_INVALID_INPUT_OPERATION);
  w = conv3x3 (VS_DEVICE_VPU_2_7);
  w.kernel_w = 16;
  g_assert_cmpuint (vs_vpunn_dpu_cost (none, &w), ==, VS_ERROR_INVALID_INPUT_CONFIGURATION);
  w = conv3x3 (VS_DEVICE_VPU_2_7);
  w.input.c = w.output.c = 4096;   /* 56x56x4096 does not fit in CMX */
  g_assert_cmpuint (vs_vpunn_dpu_cost (none, &w), ==, VS_ERROR_INPUT_TOO_BIG);
}

/* A depthwise workload wider than 64 channels on VPU 2.0 is extrapolated
 * from the network's answers at 32 and 64 channels. */
static void
test_wide_depthwise_extrapolation (void)
{
  g_autoptr (VsVpunnDpu) dpu = vs_test_vpunn_dpu ("vpu_2_0.vpunn");
  if (dpu == NULL)
    return;
  VsDpuWorkload w = dw3x3 (VS_DEVICE_VPU_2_0, VS_DTYPE_UINT8);
  w.execution_mode = VS_EXEC_MATRIX;
  w.input.c = w.output.c = 32;
  VsCycles c32 = vs_vpunn_dpu_cost (dpu, &w);
  w.input.c = w.output.c = 64;
  VsCycles c64 = vs_vpunn_dpu_cost (dpu, &w);
  w.input.c = w.output.c = 128;
  VsCycles c128 = vs_vpunn_dpu_cost (dpu, &w);
  g_assert_false (VS_CYCLES_IS_ERROR (c32) || VS_CYCLES_IS_ERROR (c64) || VS_CYCLES_IS_ERROR (c128));
  float slope = ((float) c64 - (float) c32) / 32.0f;
  float intercept = (float) c32 - slope * 32.0f;
  g_assert_cmpuint (c128, ==, vs_dpu_cycles_from_float (slope * 128.0f + intercept));
}

/* Extreme and nonsensical workloads are answered (mostly with error codes),
 * never a crash, a hang or undefined behaviour (run under sanitizers). */
static guint32 hostile_state = 7;

static guint32
hostile_value (void)
{
  static const guint32 special[] = { 0, 1, 2, 3, 7, 16, 64, 8192, 8193, 65535, G_MAXINT32,
                                     (guint32) G_MAXINT32 + 1u, G_MAXUINT32 };
  hostile_state = hostile_state * 1664525u + 1013904223u;
  guint32 r = hostile_state >> 4;
  if (r % 3 == 0)
    return special[(r / 3) % G_N_ELEMENTS (special)];
  return r % 3 == 1 ? r % 100 : r;
}

/* 20 000 workloads with a few fields or enums set to garbage.  What is
 * asserted: every answer is a cycle count or one of the reference's error
 * codes; a workload the sanitizer refuses gets exactly the sanitizer's code,
 * and only those that pass it get cycles; a batch answers what single queries
 * answer, and a second (cached) pass the same again; the theoretical models
 * answer too. */
static void
test_hostile_workloads (void)
{
  g_autoptr (VsVpunnDpu) dpu = vs_test_vpunn_dpu ("vpu_2_7.vpunn");
  g_autoptr (VsVpunnDpu) dpu20 = vs_test_vpunn_dpu ("vpu_2_0.vpunn");
  if (dpu == NULL || dpu20 == NULL)
    return;
  enum { N = 20000 };
  static const float sparsities[] = { 0.0f, 0.5f, 1.0f, -0.5f, 2.0f, 0.005f, 1e30f };
  g_autofree VsDpuWorkload *all = g_new (VsDpuWorkload, N);
  for (guint i = 0; i < N; i++) {
    VsDpuWorkload w = conv3x3 (i % 2 ? VS_DEVICE_VPU_2_7 : VS_DEVICE_VPU_2_0);
    guint32 *fields[] = { &w.input.w, &w.input.h, &w.input.c, &w.input.b, &w.output.w, &w.output.h,
                          &w.output.c, &w.output.b, &w.kernel_w, &w.kernel_h, &w.stride_w,
                          &w.stride_h, &w.pad_top, &w.pad_bottom, &w.pad_left, &w.pad_right,
                          &w.output_write_tiles };
    /* disturb a few fields, sometimes an enum too */
    for (guint k = 0; k < 1 + i % 4; k++)
      *fields[hostile_value () % G_N_ELEMENTS (fields)] = hostile_value ();
    switch (hostile_value () % 12) {
    case 0: w.op = (VsDpuOperation) (hostile_value () % 12); break;
    case 1: w.input.dtype = (VsDataType) (hostile_value () % 20); break;
    case 2: w.output.layout = (VsLayout) (hostile_value () % 10); break;
    case 3: w.execution_mode = (VsExecutionMode) (hostile_value () % 8); break;
    case 4: w.isi_strategy = (VsIsiStrategy) (hostile_value () % 5); break;
    case 5: w.activation = (VsActivation) (hostile_value () % 8); break;
    case 6:
      w.weight_sparsity_enabled = TRUE;
      w.weight_sparsity = sparsities[hostile_value () % G_N_ELEMENTS (sparsities)];
      break;
    case 7:
      w.input.sparse = TRUE;
      w.act_sparsity = sparsities[hostile_value () % G_N_ELEMENTS (sparsities)];
      break;
    case 8: w.halo_top = (gint32) hostile_value (); break;
    case 9: w.device = (VsVpuDevice) (hostile_value () % 9); break;
    default: break;
    }
    all[i] = w;
  }
  guint answered = 0, refused_by_sanitizer = 0;
  g_autofree VsCycles *single = g_new (VsCycles, N);
  for (guint i = 0; i < N; i++) {
    const VsDpuWorkload *w = &all[i];
    VsCycles c = single[i] = vs_vpunn_dpu_cost (i % 2 ? dpu : dpu20, w);
    if (VS_CYCLES_IS_ERROR (c))
      g_assert_nonnull (vs_cycles_error_name (c));
    VsDpuWorkload sanitized = *w;
    VsCycles code = 0;
    if (!vs_dpu_sanitize (&sanitized, &code)) {
      refused_by_sanitizer++;
      g_assert_cmpuint (c, ==, code);
    }
    answered += !VS_CYCLES_IS_ERROR (c);
    (void) vs_dpu_theoretical_cycles (w);
    (void) vs_dpu_ideal_power_cycles (w);
  }
  g_test_message ("%u of %u hostile workloads were costed, %u refused by the sanitizer", answered,
                  N, refused_by_sanitizer);
  g_assert_cmpuint (answered, >, 0);
  g_assert_cmpuint (refused_by_sanitizer, >, N / 2);
  /* Batches (per model) and a cached second pass answer the same. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint parity = 0; parity < 2; parity++) {
      g_autofree VsDpuWorkload *half = g_new (VsDpuWorkload, N / 2);
      g_autofree VsCycles *out = g_new (VsCycles, N / 2);
      for (guint i = 0; i < N / 2; i++)
        half[i] = all[2 * i + parity];
      vs_vpunn_dpu_cost_batch (parity ? dpu : dpu20, half, N / 2, out);
      for (guint i = 0; i < N / 2; i++)
        g_assert_cmpuint (out[i], ==, single[2 * i + parity]);
    }
  /* The undisturbed workload is costed. */
  VsDpuWorkload plain = conv3x3 (VS_DEVICE_VPU_2_7);
  g_assert_false (VS_CYCLES_IS_ERROR (vs_vpunn_dpu_cost (dpu, &plain)));
}

static void
test_model_paths (void)
{
  g_autofree char *dir = g_build_filename (vs_test_tmpdir (), "models-a", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_autofree char *file = g_build_filename (dir, "vpu_9_9.vpunn", NULL);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));

  g_autoptr (GError) error = NULL;
  g_autofree char *found = vs_vpunn_find_file (dir, "vpu_9_9.vpunn", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, file);

  /* a data folder holding models/ works too */
  g_autofree char *data = g_build_filename (vs_test_tmpdir (), "data", NULL);
  g_autofree char *data_models = g_build_filename (data, "models", NULL);
  g_assert_cmpint (g_mkdir_with_parents (data_models, 0755), ==, 0);
  g_autofree char *file2 = g_build_filename (data_models, "vpu_8_8.vpunn", NULL);
  g_assert_true (g_file_set_contents (file2, "x", 1, NULL));
  g_autofree char *nested = vs_vpunn_find_file (data, "vpu_8_8.vpunn", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nested, ==, file2);

  /* not found: the error names the file and the folders searched */
  g_autofree char *none = vs_vpunn_find_file (dir, "vpu_8_8.vpunn", &error);
  g_assert_null (none);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "vpu_8_8.vpunn"));
  g_assert_nonnull (strstr (error->message, dir));
  g_clear_error (&error);

  /* a name with a folder part is a path */
  g_autofree char *as_path = vs_vpunn_find_file (NULL, file2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (as_path, ==, file2);

  /* A folder the user names is the only one searched. */
  g_auto (GStrv) dirs = vs_vpunn_search_dirs (dir);
  g_assert_cmpuint (g_strv_length (dirs), ==, 1);
  g_assert_cmpstr (dirs[0], ==, dir);
  /* Otherwise the environment, the configured folder, the installed one. */
  g_auto (GStrv) defaults = vs_vpunn_search_dirs (NULL);
  g_assert_cmpuint (g_strv_length (defaults), >=, 1);
  g_assert_true (g_str_has_suffix (defaults[g_strv_length (defaults) - 1], "models"));

  g_assert_cmpstr (vs_vpunn_default_dpu_model (VS_DEVICE_VPU_2_7), ==, "vpu_2_7.vpunn");
  g_assert_cmpstr (vs_vpunn_default_dpu_model (VS_DEVICE_VPU_2_0), ==, "vpu_2_0.vpunn");
  g_assert_cmpstr (vs_vpunn_default_dpu_model (VS_DEVICE_VPU_4_0), ==, "vpu_4_0.vpunn");
  g_assert_null (vs_vpunn_default_dpu_model (VS_DEVICE_NPU_RESERVED_1));
  g_assert_cmpstr (vs_vpunn_default_dma_model (VS_DEVICE_VPU_4_0), ==, "dma_4_0.vpunn");
}

/* The interface tables: what vpusim describes, each size, and refusals. */
static void
test_interface_tables (void)
{
  g_autofree char *dpu = vs_dpu_descriptor_interfaces ();
  g_assert_cmpstr (dpu, ==, "10, 11, 89, 4011, 4111, 5113, 5114");
  const int interfaces[] = { 10, 11, 89, 4011, 4111, 5113, 5114, 12, 0 };
  const guint sizes[] = { 67, 93, 93, 93, 93, 50, 53, 0, 0 };
  VsDpuWorkload w;
  memset (&w, 0, sizeof w);
  float out[VS_DPU_DESCRIPTOR_MAX];
  for (guint i = 0; i < G_N_ELEMENTS (interfaces); i++) {
    g_assert_cmpuint (vs_dpu_descriptor_size (interfaces[i]), ==, sizes[i]);
    g_assert_cmpuint (sizes[i], <=, VS_DPU_DESCRIPTOR_MAX);
    if (sizes[i] == 0)
      g_assert_false (vs_dpu_descriptor_build (interfaces[i], &w, out));
  }
  g_autofree char *versions = vs_dpu_output_versions ();
  g_assert_cmpstr (versions, ==, "0, 2, 4, 5");
  g_assert_true (vs_dpu_output_version_supported (4));
  g_assert_false (vs_dpu_output_version_supported (3));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vpunn-dpu/interface-tables", test_interface_tables);
  g_test_add_func ("/vpunn-dpu/descriptors/vpu_2_0", test_descriptors_2_0);
  g_test_add_func ("/vpunn-dpu/descriptors/vpu_2_7", test_descriptors_2_7);
  g_test_add_func ("/vpunn-dpu/descriptors/vpu_2_7_fast", test_descriptors_2_7_fast);
  g_test_add_func ("/vpunn-dpu/descriptors/vpu_4_0", test_descriptors_4_0);
  g_test_add_func ("/vpunn-dpu/golden/vpu_2_0", test_golden_2_0);
  g_test_add_func ("/vpunn-dpu/golden/vpu_2_7", test_golden_2_7);
  g_test_add_func ("/vpunn-dpu/golden/vpu_2_7_fast", test_golden_2_7_fast);
  g_test_add_func ("/vpunn-dpu/golden/vpu_4_0", test_golden_4_0);
  g_test_add_func ("/vpunn-dpu/golden/invalid", test_golden_invalid);
  g_test_add_func ("/vpunn-dpu/spec/appendix-a2", test_spec_vectors);
  g_test_add_func ("/vpunn-dpu/spec/appendix-a3-theoretical", test_spec_theoretical);
  g_test_add_func ("/vpunn-dpu/batch-equals-singles", test_batch_equals_singles);
  g_test_add_func ("/vpunn-dpu/cache-hit", test_cache_hit);
  g_test_add_func ("/vpunn-dpu/theoretical-fallback", test_theoretical_fallback);
  g_test_add_func ("/vpunn-dpu/wide-depthwise-extrapolation", test_wide_depthwise_extrapolation);
  g_test_add_func ("/vpunn-dpu/hostile-workloads", test_hostile_workloads);
  g_test_add_func ("/vpunn-dpu/model-paths", test_model_paths);
  return g_test_run ();
}
