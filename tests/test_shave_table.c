/* SPDX-License-Identifier: Apache-2.0 */
/* test_shave_table.c — the classic SHAVE table: golden rows, SPEC Appendix A,
 * aliases and device routing, the built-in numbers against layers_perf.csv,
 * and errors (with line numbers) for malformed layers_perf.csv files. */
#include "models/shave_table.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sim/cost/cost_csv.h"
#include "sim/base/csv_table.h"
#include "tests/test_support.h"

static VsShaveWorkload
workload (VsVpuDevice device, const char *kernel, guint32 w, guint32 h, guint32 c, VsDataType dt)
{
  VsShaveWorkload s = { .device = device, .kernel = kernel, .n_inputs = 1, .n_outputs = 1 };
  s.inputs[0] = (VsVpuTensor) { .w = w, .h = h, .c = c, .b = 1, .dtype = dt,
                                .layout = VS_LAYOUT_ZXY };
  s.outputs[0] = s.inputs[0];
  return s;
}

/* Every row of golden/shave.csv through `table`; returns rows checked. */
static guint
check_golden (const VsShaveTable *table)
{
  g_autoptr(VsCsvTable) t = vs_test_golden_csv ("shave.csv");
  if (t == NULL)
    return 0;
  guint n = vs_csv_table_n_rows (t), agree = 0, missing = 0;
  for (guint r = 0; r < n; r++) {
    VsShaveWorkload w = vs_test_csv_shave_workload (t, r);
    VsCycles expect = vs_test_csv_u32 (t, r, "reference_cycles");
    VsCycles got = vs_shave_table_cycles (table, &w);
    if (got != expect)
      g_test_message ("%s:%u: %s: got %u, reference %u", vs_csv_table_origin (t),
                      vs_csv_table_row_line (t, r), w.kernel, got, expect);
    agree += got == expect;
    missing += expect == VS_ERROR_SHAVE_OPERATOR_MISSING;
  }
  g_test_message ("shave.csv: %u/%u rows agree (%u unknown kernels)", agree, n, missing);
  g_assert_cmpuint (agree, ==, n);
  g_assert_cmpuint (n, >, 200);
  g_assert_cmpuint (missing, >, 0);
  return n;
}

static void
test_golden_builtin (void)
{
  check_golden (vs_shave_table_builtin ());
}

static void
test_golden_from_file (void)
{
  g_autofree char *dir = vs_test_vpunn_models_dir ();
  if (dir == NULL)
    return;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsShaveTable) t = vs_shave_table_for_models_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (vs_shave_table_origin (t), "layers_perf.csv"));
  check_golden (t);
}

/* The embedded numbers are the file's, row for row and in the same order. */
static void
test_builtin_matches_file (void)
{
  g_autofree char *path = vs_test_vpunn_file ("models/layers_perf.csv");
  if (path == NULL)
    return;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsShaveTable) file = vs_shave_table_load (path, &error);
  g_assert_no_error (error);
  const VsShaveTable *builtin = vs_shave_table_builtin ();
  g_auto(GStrv) a = vs_shave_table_kernel_names (file);
  g_auto(GStrv) b = vs_shave_table_kernel_names (builtin);
  g_assert_cmpstrv (a, b);
  for (guint i = 0; a[i] != NULL; i++) {
    guint32 e1 = 0, l1 = 0, e2 = 1, l2 = 1;
    gboolean in1 = vs_shave_table_lookup (file, a[i], &e1, &l1);
    gboolean in2 = vs_shave_table_lookup (builtin, a[i], &e2, &l2);
    g_assert_cmpint (in1, ==, in2);
    if (in1) {
      g_assert_cmpuint (e1, ==, e2);
      g_assert_cmpuint (l1, ==, l2);
    }
  }
}

static void
test_appendix_a (void)
{
  static const struct { const char *name; VsCycles cycles; } cases[] = {
    { "Sigmoid", 25985 }, { "ELU", 232623 }, { "Elu", 232623 }, { "HardSigmoid", 188415 },
    { "MVN", 123716 }, { "Add", 100352 }, { "sigmoid", VS_ERROR_SHAVE_OPERATOR_MISSING },
  };
  const VsShaveTable *t = vs_shave_table_builtin ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (VsVpuDevice d = VS_DEVICE_VPU_2_7; d <= VS_DEVICE_VPU_4_0; d++) {
      VsShaveWorkload w = workload (d, cases[i].name, 56, 56, 16, VS_DTYPE_FLOAT16);
      g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, cases[i].cycles);
    }
}

static void
test_aliases_and_devices (void)
{
  const VsShaveTable *t = vs_shave_table_builtin ();
  /* SoftMax is an alias of Softmax: 0.836 B/cycle, 10043 latency. */
  VsShaveWorkload w = workload (VS_DEVICE_VPU_2_0, "SoftMax", 1000, 1, 1, VS_DTYPE_FLOAT16);
  VsCycles softmax = vs_shave_table_cycles (t, &w);
  g_assert_cmpuint (softmax, ==, 2392 + 10043);
  w.kernel = "Softmax";
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, softmax);
  w.device = VS_DEVICE_VPU_2_1;
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, softmax);
  /* Reserved devices have no classic table. */
  w.device = VS_DEVICE_NPU_RESERVED;
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, VS_ERROR_SHAVE_OPERATOR_MISSING);
  /* NPU 5.0 reaches the table for seven names only, through the aliases. */
  w.device = VS_DEVICE_NPU_5_0;
  w.kernel = "SoftMax";
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, softmax);
  w.kernel = "Softmax";
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, VS_ERROR_SHAVE_OPERATOR_MISSING);
  w.kernel = "Sigmoid";
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, VS_ERROR_SHAVE_OPERATOR_MISSING);
  w.kernel = "MVN";
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, 2410 + 2810);
  /* Only the output tensor counts. */
  w = workload (VS_DEVICE_VPU_2_7, "Add", 7, 7, 7, VS_DTYPE_UINT8);
  w.inputs[0].c = 1000;
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, 343);
  /* Sub-byte outputs are packed along the innermost dimension. */
  w.outputs[0].dtype = VS_DTYPE_INT4;
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, 4 * 7 * 7);
  w.n_outputs = 0;
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, VS_ERROR_SHAVE_INVALID_INPUT);
}

static void
test_names (void)
{
  g_auto(GStrv) names = vs_shave_table_kernel_names (vs_shave_table_builtin ());
  g_assert_cmpuint (g_strv_length (names), ==, 78);
  g_assert_true (g_strv_contains ((const char *const *) names, "Elu"));
  g_assert_true (g_strv_contains ((const char *const *) names, "SquaredDifference"));
  g_assert_true (g_strv_contains ((const char *const *) names, "PermuteCast"));
  g_assert_false (g_strv_contains ((const char *const *) names, "sigmoid"));
  for (guint i = 0; names[i] != NULL; i++) {
    VsShaveWorkload w = workload (VS_DEVICE_VPU_2_7, names[i], 8, 8, 8, VS_DTYPE_UINT8);
    g_assert_false (VS_CYCLES_IS_ERROR (vs_shave_table_cycles (vs_shave_table_builtin (), &w)));
  }
}

static void
test_parse_good (void)
{
  static const char text[] =
    "Layer Category, Kernel Name, Kernel Efficiency, Kernel Latency\r\n"
    "ACTIVATION, Fancy, 0.5, 100\r\n"
    "\n"
    "DATA_MOVEMENT, Copy, null, null";   /* no final newline */
  g_autoptr(GError) error = NULL;
  g_autoptr(VsShaveTable) t = vs_shave_table_parse (text, strlen (text), "mine.csv", &error);
  g_assert_no_error (error);
  VsShaveWorkload w = workload (VS_DEVICE_VPU_2_7, "Fancy", 10, 1, 1, VS_DTYPE_FLOAT16);
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, 40 + 100);
  w.kernel = "Copy";
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, 20);
  w.kernel = "Sigmoid";
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, VS_ERROR_SHAVE_OPERATOR_MISSING);
  g_auto(GStrv) names = vs_shave_table_kernel_names (t);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
}

static void
test_parse_errors (void)
{
  static const char header[] = "Layer Category, Kernel Name, Kernel Efficiency, Kernel Latency\n";
  static const struct { const char *body; const char *message; } cases[] = {
    /* Truncated in the middle of a row. */
    { "ACTIVATION, Sigmoid, 4.718, 4715\nACTIVATION, ELU, 0.4",
      "bad.csv:3: 3 fields; expected 4" },
    { "ACTIVATION, Sigmoid, 4.718, 4715\nACTIVATION, ELU, 0.441, 5067, 7\n",
      "bad.csv:3: 5 fields" },
    { "ACTIVATION, Sigmoid, 4.7x18, 4715\n", "bad.csv:2: kernel 'Sigmoid': efficiency '4.7x18'" },
    { "ACTIVATION, Sigmoid, 4.718, -4715\n", "bad.csv:2: kernel 'Sigmoid': latency '-4715'" },
    { "ACTIVATION, Sigmoid, 4.718, 99999999999\n", "bad.csv:2: kernel 'Sigmoid': latency" },
    { "ACTIVATION, Sigmoid, 0.0001, 4\n", "bad.csv:2: kernel 'Sigmoid': efficiency 0.0001 is out" },
    { "ACTIVATION, Sigmoid, nan, 4\n", "bad.csv:2: kernel 'Sigmoid': efficiency 'nan'" },
    { "ACTIVATION, Sigmoid, 4.718, null\n", "bad.csv:2: kernel 'Sigmoid': efficiency and latency" },
    { "SOFTWARE, Sigmoid, 4.718, 4715\n", "bad.csv:2: category 'SOFTWARE'" },
    { "ACTIVATION, Sig moid, 4.718, 4715\n", "bad.csv:2: kernel name 'Sig moid'" },
    { "ACTIVATION, , 4.718, 4715\n", "bad.csv:2: kernel name ''" },
    { "ACTIVATION, Sigmoid, 1, 1\n\nACTIVATION, Sigmoid, 2, 2\n",
      "bad.csv:4: kernel 'Sigmoid' already defined on line 2" },
    { "", "bad.csv: no kernel rows" },
    { "\x89PNG\r\n\x1a\n\x01\x02", "bad.csv:2: 1 fields" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *text = g_strconcat (header, cases[i].body, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(VsShaveTable) t = vs_shave_table_parse (text, strlen (text), "bad.csv", &error);
    g_assert_null (t);
    g_assert_error (error, VS_SHAVE_TABLE_ERROR, VS_SHAVE_TABLE_ERROR_PARSE);
    if (!g_str_has_prefix (error->message, cases[i].message))
      g_error ("case %u: '%s' does not start with '%s'", i, error->message, cases[i].message);
  }

  /* A NUL byte (binary garbage) names its line. */
  static const char nul[] = "h1,h2,h3,h4\nACTIVATION, A, 1, 1\nACT\0IVATION, B, 1, 1\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VsShaveTable) t = vs_shave_table_parse (nul, sizeof nul - 1, "bin.csv", &error);
  g_assert_null (t);
  g_assert_cmpstr (error->message, ==, "bin.csv:3: NUL byte: not a text file");
  g_clear_error (&error);

  /* Header only, and a header with the wrong shape. */
  g_autoptr(VsShaveTable) t2 = vs_shave_table_parse (header, strlen (header), "h.csv", &error);
  g_assert_null (t2);
  g_assert_cmpstr (error->message, ==, "h.csv: no kernel rows after the header");
  g_clear_error (&error);
  static const char bad_header[] = "just one column\nACTIVATION, A, 1, 1\n";
  g_autoptr(VsShaveTable) t3 = vs_shave_table_parse (bad_header, strlen (bad_header), "h.csv",
                                                     &error);
  g_assert_null (t3);
  g_assert_cmpstr (error->message, ==,
                   "h.csv:1: 1 fields; expected 4 (category, kernel name, efficiency, latency)");
}

static void
test_models_dir (void)
{
  g_autoptr(GError) error = NULL;
  const char *tmp = vs_test_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "shave-models", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  /* No layers_perf.csv: the built-in table. */
  g_autoptr(VsShaveTable) t = vs_shave_table_for_models_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_shave_table_origin (t), ==, "built-in");
  VsShaveWorkload w = workload (VS_DEVICE_VPU_2_7, "Sigmoid", 56, 56, 16, VS_DTYPE_FLOAT16);
  g_assert_cmpuint (vs_shave_table_cycles (t, &w), ==, 25985);
  g_autoptr(VsShaveTable) t0 = vs_shave_table_for_models_dir (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_shave_table_cycles (t0, &w), ==, 25985);

  /* A user's table replaces it. */
  g_autofree char *path = g_build_filename (dir, "layers_perf.csv", NULL);
  g_assert_true (g_file_set_contents (path, "c,k,e,l\nACTIVATION, Sigmoid, 1.0, 1\n", -1, NULL));
  g_autoptr(VsShaveTable) mine = vs_shave_table_for_models_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_shave_table_cycles (mine, &w), ==, 100352 + 1);

  /* A truncated one is an error naming the file and line. */
  g_assert_true (g_file_set_contents (path, "c,k,e,l\nACTIVATION, Sigmoid, 1.0", -1, NULL));
  g_autoptr(VsShaveTable) bad = vs_shave_table_for_models_dir (dir, &error);
  g_assert_null (bad);
  g_autofree char *expect = g_strdup_printf ("%s:2: 3 fields", path);
  g_assert_true (g_str_has_prefix (error->message, expect));
  g_clear_error (&error);

  /* An unreadable path is an I/O error. */
  g_autoptr(VsShaveTable) none = vs_shave_table_load ("/nonexistent/layers_perf.csv", &error);
  g_assert_null (none);
  g_assert_error (error, VS_SHAVE_TABLE_ERROR, VS_SHAVE_TABLE_ERROR_IO);
  g_unlink (path);
}

/* Every prefix of the real file, and random byte mutations of it, either
 * parse or fail with "origin:line: ..." (or the no-rows message) — never
 * crash.  A prefix cut inside a row's numbers may still parse (e.g. a
 * shortened latency), so only the error format is checked for those. */
static void
test_truncations_and_mutations (void)
{
  g_autofree char *path = vs_test_vpunn_file ("models/layers_perf.csv");
  if (path == NULL)
    return;
  g_autofree char *data = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  guint parsed = 0, failed = 0;
  for (gsize cut = 0; cut <= length; cut++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(VsShaveTable) t = vs_shave_table_parse (data, cut, "cut.csv", &error);
    if (t != NULL) {
      parsed++;
      continue;
    }
    failed++;
    g_assert_true (g_str_has_prefix (error->message, "cut.csv:")
                   || g_str_equal (error->message, "cut.csv: no kernel rows after the header"));
    /* A cut mid-row is reported on the line it cuts. */
    guint line = 1;
    for (gsize i = 0; i < cut; i++)
      line += data[i] == '\n';
    if (cut > 0 && data[cut - 1] != '\n' && line > 1
        && !g_str_has_prefix (error->message, "cut.csv: no kernel")) {
      g_autofree char *expect = g_strdup_printf ("cut.csv:%u: ", line);
      g_assert_true (g_str_has_prefix (error->message, expect));
    }
  }
  g_test_message ("%u prefixes parse, %u fail with a line", parsed, failed);
  g_assert_cmpuint (failed, >, 0);
  g_assert_cmpuint (parsed, >, 0);

  GRand *rand = g_rand_new_with_seed (20260311);
  g_autofree char *copy = g_malloc (length);
  for (guint round = 0; round < 3000; round++) {
    memcpy (copy, data, length);
    guint n = 1 + g_rand_int_range (rand, 0, 4);
    for (guint k = 0; k < n; k++)
      copy[g_rand_int_range (rand, 0, (gint32) length)] = (char) g_rand_int_range (rand, 0, 256);
    g_autoptr(GError) error = NULL;
    g_autoptr(VsShaveTable) t = vs_shave_table_parse (copy, length, "mut.csv", &error);
    g_assert_true ((t == NULL) != (error == NULL));
    if (t != NULL) {
      g_auto(GStrv) names = vs_shave_table_kernel_names (t);
      VsShaveWorkload w = workload (VS_DEVICE_VPU_2_7, names[0], 56, 56, 16, VS_DTYPE_FLOAT16);
      (void) vs_shave_table_cycles (t, &w);
    } else {
      g_assert_true (g_str_has_prefix (error->message, "mut.csv:"));
    }
  }
  g_rand_free (rand);
}

/* `vpusim cost shave` on the golden file: every row agrees. */
static void
test_cost_csv (void)
{
  g_autofree char *path = vs_test_vpunn_file ("golden/shave.csv");
  g_autofree char *models = path != NULL ? vs_test_vpunn_models_dir () : NULL;
  if (models == NULL)
    return;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsCsvTable) t = vs_csv_table_read (path, &error);
  g_assert_no_error (error);
  g_autoptr(GString) out = g_string_new (NULL);
  guint agree = 0, compared = 0;
  g_assert_true (vs_cost_csv_shave (models, t, out, &agree, &compared, &error));
  g_assert_no_error (error);
  g_test_message ("vpusim cost shave shave.csv: %u/%u agree", agree, compared);
  g_assert_cmpuint (compared, ==, vs_csv_table_n_rows (t));
  g_assert_cmpuint (agree, ==, compared);
  g_assert_true (g_str_has_prefix (out->str, "device,kernel,in_w,"));

  /* Without models: the built-in table, same answers. */
  g_string_truncate (out, 0);
  g_assert_true (vs_cost_csv_shave (NULL, t, out, &agree, &compared, &error));
  g_assert_cmpuint (agree, ==, compared);

  /* A malformed row names file, line and column. */
  static const char bad[] = "device,kernel,in_w,in_h,in_c,in_b,in_dtype,out_w,out_h,out_c,out_b,"
                            "out_dtype\nVPU_2_7,Add,1,1,1,1,UINT8,1,1,1,1,UINT9\n";
  g_autoptr(VsCsvTable) b = vs_csv_table_parse (bad, strlen (bad), "bad.csv", &error);
  g_assert_no_error (error);
  g_assert_false (vs_cost_csv_shave (NULL, b, out, NULL, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "bad.csv:2: column 'out_dtype': expected a known name, got 'UINT9'");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/shave-table/golden-builtin", test_golden_builtin);
  g_test_add_func ("/shave-table/golden-from-file", test_golden_from_file);
  g_test_add_func ("/shave-table/builtin-matches-file", test_builtin_matches_file);
  g_test_add_func ("/shave-table/appendix-a", test_appendix_a);
  g_test_add_func ("/shave-table/aliases-and-devices", test_aliases_and_devices);
  g_test_add_func ("/shave-table/names", test_names);
  g_test_add_func ("/shave-table/parse-good", test_parse_good);
  g_test_add_func ("/shave-table/parse-errors", test_parse_errors);
  g_test_add_func ("/shave-table/models-dir", test_models_dir);
  g_test_add_func ("/shave-table/truncations-and-mutations", test_truncations_and_mutations);
  g_test_add_func ("/shave-table/cost-csv", test_cost_csv);
  return g_test_run ();
}
