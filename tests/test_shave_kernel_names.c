/* SPDX-License-Identifier: Apache-2.0 */
/* test_shave_kernel_names.c — the SHAVE kernel-name table: one test per row
 * (the spelling resolves, with and without "builtin_", to an operator that
 * resolves to itself, that the classic table prices and, where the row says
 * so, that a fitted collection knows), and every kernel named in the
 * schedules of ../shared/npu-runs resolves. */
#include "models/shave_kernel_names.h"

#include <string.h>

#include "models/shave_table.h"
#include "models/vpunn/shave_fitted.h"
#include "tests/test_support.h"

/* Operators VPUNN's classic table has no row for. */
static gboolean
classic_lacks (const char *op)
{
  static const char *const lacking[] = { "Convert", "PRelu", "Select", NULL };
  return g_strv_contains (lacking, op);
}

static VsShaveWorkload
workload (VsVpuDevice device, const char *kernel)
{
  VsShaveWorkload w = { .device = device, .kernel = kernel, .n_inputs = 1, .n_outputs = 1 };
  w.inputs[0] = (VsVpuTensor) { 28, 28, 32, 1, VS_DTYPE_FLOAT16, VS_LAYOUT_ZXY, FALSE };
  w.outputs[0] = w.inputs[0];
  return w;
}

static void
test_row (gconstpointer data)
{
  const VsShaveKernelName *row = data;
  g_assert_true (vs_shave_kernel_lookup (row->spelling) == row);
  g_autofree char *builtin = g_strconcat ("builtin_", row->spelling, NULL);
  g_assert_true (vs_shave_kernel_lookup (builtin) == row);
  g_assert_cmpstr (vs_shave_kernel_operator (builtin), ==, row->op);

  /* The operator is a row of its own with the same fitted model. */
  const VsShaveKernelName *canonical = vs_shave_kernel_lookup (row->op);
  g_assert_nonnull (canonical);
  g_assert_cmpstr (canonical->op, ==, row->op);
  g_assert_cmpstr (canonical->fitted, ==, row->fitted);
  g_assert_cmpint (canonical->fitted_param, ==, row->fitted_param);

  /* The classic table prices the operator (through its aliases too). */
  VsShaveWorkload w = workload (VS_DEVICE_VPU_2_7, row->op);
  VsCycles table = vs_shave_table_cycles (vs_shave_table_builtin (), &w);
  if (classic_lacks (row->op))
    g_assert_cmpuint (table, ==, VS_ERROR_SHAVE_OPERATOR_MISSING);
  else
    g_assert_false (VS_CYCLES_IS_ERROR (table));

  /* A fitted name is known to NPU 2.7 or NPU 4.0 and costs without error
   * there, given the row's parameter. */
  if (row->fitted == NULL)
    return;
  gboolean costed = FALSE;
  for (VsVpuDevice d = VS_DEVICE_VPU_2_7; d <= VS_DEVICE_VPU_4_0; d++) {
    if (!vs_shave_fitted_knows (d, row->fitted))
      continue;
    w = workload (d, row->fitted);
    if (row->fitted_param >= 0) {
      w.n_params = 1;
      w.params[0] = row->fitted_param;
    }
    VsCycles c = vs_shave_fitted_cycles (&w);
    g_assert_false (VS_CYCLES_IS_ERROR (c));
    costed = TRUE;
  }
  g_assert_true (costed);
}

static void
collect (GHashTable *names, GRegex *re, const char *text)
{
  g_autoptr(GMatchInfo) m = NULL;
  g_regex_match (re, text, 0, &m);
  while (g_match_info_matches (m)) {
    g_hash_table_add (names, g_match_info_fetch (m, 1));
    g_match_info_next (m, NULL);
  }
}

/* Every kernel symbol and entry name in the measured runs' schedules is a
 * row, except the GRU kernels, which no VPUNN model covers. */
static void
test_npu_runs (void)
{
  g_autofree char *root = vs_test_npu_runs_file ("README.md");
  if (root == NULL)
    return;
  g_autofree char *dir_path = g_path_get_dirname (root);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRegex) entry = g_regex_new ("kernel_entry = \"([^\"]+)\"", 0, 0, NULL);
  g_autoptr(GRegex) symbol = g_regex_new ("@builtin_([A-Za-z0-9_]+)", 0, 0, NULL);
  const char *run;
  guint schedules = 0;
  while ((run = g_dir_read_name (dir)) != NULL) {
    g_autofree char *path = g_build_filename (dir_path, run, "schedule_vpurt.mlir", NULL);
    g_autofree char *text = NULL;
    if (!g_file_get_contents (path, &text, NULL, NULL))
      continue;
    schedules++;
    collect (names, entry, text);
    collect (names, symbol, text);
  }
  g_assert_cmpuint (schedules, >=, 10);
  static const char *const unmodelled[] = { "GRUSequenceFirstPart", "GRUSequenceLastPart",
                                            "gru_sequence_first_part", "gru_sequence_last_part",
                                            NULL };
  GHashTableIter it;
  gpointer key;
  guint resolved = 0;
  g_hash_table_iter_init (&it, names);
  while (g_hash_table_iter_next (&it, &key, NULL)) {
    if (g_strv_contains (unmodelled, key))
      continue;
    if (vs_shave_kernel_lookup (key) == NULL)
      g_test_message ("kernel '%s' of ../shared/npu-runs has no row", (const char *) key);
    g_assert_nonnull (vs_shave_kernel_lookup (key));
    resolved++;
  }
  g_test_message ("%u kernel spellings in %u schedules resolve", resolved, schedules);
  g_assert_cmpuint (resolved, >=, 14);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  guint n;
  const VsShaveKernelName *rows = vs_shave_kernel_names (&n);
  for (guint i = 0; i < n; i++) {
    g_autofree char *path = g_strconcat ("/shave-kernel-names/row/", rows[i].spelling, NULL);
    g_test_add_data_func (path, &rows[i], test_row);
  }
  g_test_add_func ("/shave-kernel-names/npu-runs", test_npu_runs);
  return g_test_run ();
}
