/* SPDX-License-Identifier: Apache-2.0 */
/* test_support.c — locating shared data and running the CLI from tests. */
#include "tests/test_support.h"

#include "sim/base/output_file.h"
#include "sim/analysis/run_pipeline.h"
#include "sim/lower/network_recover.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *
source_dir (void)
{
  const char *d = g_getenv ("VS_SOURCE_DIR");
  return d != NULL ? d : VS_SOURCE_DIR;
}

static gboolean
running_in_ci (void)
{
  return g_strcmp0 (g_getenv ("CI"), "true") == 0;
}

/* Skip, or fail under CI, naming what is missing and the variable that
 * points the tests at it. */
static void
missing (const char *what, const char *path, const char *variables)
{
  g_autofree char *msg = g_strdup_printf ("needs %s (%s); put the shared data folder at ../shared "
                                          "beside the source tree or set %s", what, path, variables);
  if (running_in_ci ()) {
    g_test_message ("%s", msg);
    g_test_fail ();
  } else {
    g_test_skip (msg);
  }
}

/* ../shared beside the source tree, unless $VPUSIM_SHARED_DIR says otherwise
 * (check-asan builds a copy of the sources elsewhere). */
static char *
shared_dir (void)
{
  const char *env = g_getenv ("VPUSIM_SHARED_DIR");
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (source_dir (), "..", "shared", NULL);
}

char *
vs_test_vpunn_data_dir (void)
{
  const char *env = g_getenv ("VPUSIM_VPUNN_DIR");
  if (env != NULL && *env != '\0') {
    /* VPUSIM_VPUNN_DIR may name the models/ folder itself (as users set it)
     * or the data folder above it (models/ and golden/). */
    g_autofree char *models = g_build_filename (env, "models", NULL);
    if (g_file_test (models, G_FILE_TEST_IS_DIR))
      return g_strdup (env);
    return g_build_filename (env, "..", NULL);
  }
  g_autofree char *shared = shared_dir ();
  return g_build_filename (shared, "vpunn", NULL);
}

char *
vs_test_vpunn_file (const char *relative)
{
  g_autofree char *dir = vs_test_vpunn_data_dir ();
  char *path = g_build_filename (dir, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
    missing ("VPUNN data", path,
             "VPUSIM_SHARED_DIR to it (or VPUSIM_VPUNN_DIR to its vpunn/ or vpunn/models/ folder)");
    g_free (path);
    return NULL;
  }
  return path;
}

char *
vs_test_vpunn_models_dir (void)
{
  return vs_test_vpunn_file ("models");
}

gboolean
vs_test_load_measured_runs (const char *const *names, guint n, const char *models_dir,
                            VsMeasuredRun **runs)
{
  if (models_dir == NULL)
    return FALSE;
  VsRunConfig config = { .models_dir = models_dir, .mode = VS_REPLAY_REALISTIC };
  for (guint i = 0; i < n; i++) {
    g_autofree char *dir = vs_test_npu_runs_file (names[i]);
    if (dir == NULL) {
      for (guint k = 0; k < i; k++)
        vs_measured_run_free (runs[k]);
      return FALSE;
    }
    g_autoptr(GError) error = NULL;
    runs[i] = vs_measured_run_load (dir, &config, &error);
    g_assert_no_error (error);
  }
  return TRUE;
}

char *
vs_test_npu_runs_file (const char *relative)
{
  g_autofree char *shared = shared_dir ();
  char *path = g_build_filename (shared, "npu-runs", relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
    missing ("the measured NPU runs of the shared data's npu-runs/", path,
             "VPUSIM_SHARED_DIR to it");
    g_free (path);
    return NULL;
  }
  return path;
}

char *
vs_test_source_file (const char *relative)
{
  return g_build_filename (source_dir (), relative, NULL);
}

static char *tmpdir;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  if (dir != NULL) {
    const char *name;
    while ((name = g_dir_read_name (dir)) != NULL) {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
    g_dir_close (dir);
  }
  g_rmdir (path);
}

static void
remove_tmpdir (void)
{
  if (tmpdir != NULL)
    remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

const char *
vs_test_tmpdir (void)
{
  if (tmpdir == NULL) {
    g_autoptr(GError) error = NULL;
    tmpdir = g_dir_make_tmp ("vpusim-test-XXXXXX", &error);
    g_assert_no_error (error);
    atexit (remove_tmpdir);
  }
  return tmpdir;
}

char *
vs_test_vpusim_binary (void)
{
  const char *build = g_getenv ("VS_BUILD_DIR");
  return g_build_filename (build != NULL ? build : ".", "vpusim", NULL);
}

int
vs_test_run_vpusim (const char *const *args, char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, vs_test_vpusim_binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  int status = -1;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                              out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128 + (WIFSIGNALED (status) ? WTERMSIG (status) : 0);
}

void
vs_test_write_profile (const char *schedule, const char *cost, const char *const *sets,
                       const char *profile_path)
{
  VsRunConfig config = { .cost = cost, .sets = sets, .mode = VS_REPLAY_REALISTIC };
  VsRun run;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_run_prepare (&run, schedule, &config, &error));
  g_assert_no_error (error);
  g_assert_true (vs_run_replay (&run, &config, &error));
  const VsSchedule *s = run.schedule;
  g_autoptr(GString) json = g_string_new ("{\"traceEvents\":[\n");
  for (gint32 t = 0; t < s->device.tiles; t++)
    g_string_append_printf (json, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,"
                            "\"args\":{\"name\":\"Cluster (%d)\"}},\n", t + 1, t);
  g_string_append (json, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":0,\"args\":{\"name\":\"DMA\"}}");
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *task = vs_schedule_task (s, i);
    const VsQueue *q = vs_schedule_queue (s, task->queue);
    if (task->kind == VS_TASK_SYNC || task->name == NULL)
      continue;
    const char *cat = q->engine == VS_ENGINE_DMA ? "DMA" : q->engine == VS_ENGINE_DPU ? "DPU" : "Shave";
    g_string_append_printf (json, ",\n{\"name\":\"%s\",\"cat\":\"%s\",\"ph\":\"X\",\"ts\":", task->name, cat);
    vs_output_append_fixed (json, run.timeline->task_start[i], 6, 6);
    g_string_append (json, ",\"dur\":");
    vs_output_append_fixed (json, run.timeline->task_end[i] - run.timeline->task_start[i], 6, 6);
    g_string_append_printf (json, ",\"pid\":%d,\"tid\":%u}", q->engine == VS_ENGINE_DMA ? 0 : q->tile + 1, i);
  }
  g_string_append (json, "\n]}\n");
  g_assert_true (vs_output_file_write (profile_path, json, &error));
  g_assert_no_error (error);
  vs_run_clear (&run);
}

VsCsvTable *
vs_test_golden_csv (const char *name)
{
  g_autofree char *rel = g_build_filename ("golden", name, NULL);
  g_autofree char *path = vs_test_vpunn_file (rel);
  if (path == NULL)
    return NULL;
  g_autoptr(GError) error = NULL;
  VsCsvTable *t = vs_csv_table_read (path, &error);
  g_assert_no_error (error);
  return t;
}

VsVpunnDpu *
vs_test_vpunn_dpu (const char *file)
{
  g_autofree char *rel = g_build_filename ("models", file, NULL);
  g_autofree char *path = vs_test_vpunn_file (rel);
  if (path == NULL)
    return NULL;
  g_autoptr(GError) error = NULL;
  VsVpunnDpu *dpu = vs_vpunn_dpu_new (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dpu);
  g_assert_true (vs_vpunn_dpu_is_loaded (dpu));
  return dpu;
}

const char *
vs_test_csv_cell (const VsCsvTable *t, guint row, const char *column)
{
  gint c = vs_csv_table_column (t, column);
  if (c < 0)
    g_error ("%s: no column '%s'", vs_csv_table_origin (t), column);
  return vs_csv_table_cell (t, row, (guint) c);
}

guint32
vs_test_csv_u32 (const VsCsvTable *t, guint row, const char *column)
{
  g_autoptr(GError) error = NULL;
  gint64 v;
  g_assert_true (vs_csv_table_named_int (t, row, column, TRUE, 0, 0, G_MAXUINT32, &v, &error));
  g_assert_no_error (error);
  return (guint32) v;
}

int
vs_test_csv_enum (const VsCsvTable *t, guint row, const char *column, const VsNameEntry *names)
{
  g_autoptr(GError) error = NULL;
  int v;
  g_assert_true (vs_csv_table_named_lookup (t, row, column, TRUE, 0, names, &v, &error));
  g_assert_no_error (error);
  return v;
}

VsVpuTensor
vs_test_csv_tensor (const VsCsvTable *t, guint row, const char *prefix)
{
  char col[64];
#define COL(suffix) (g_snprintf (col, sizeof col, "%s_%s", prefix, suffix), col)
  VsVpuTensor tensor = { .layout = VS_LAYOUT_ZXY };
  tensor.w = vs_test_csv_u32 (t, row, COL ("w"));
  tensor.h = vs_test_csv_u32 (t, row, COL ("h"));
  tensor.c = vs_test_csv_u32 (t, row, COL ("c"));
  tensor.b = vs_test_csv_u32 (t, row, COL ("b"));
  tensor.dtype = vs_test_csv_enum (t, row, COL ("dtype"), vs_data_type_names);
#undef COL
  return tensor;
}

VsShaveWorkload
vs_test_csv_shave_workload (const VsCsvTable *t, guint row)
{
  VsShaveWorkload w = {
    .device = vs_test_csv_enum (t, row, "device", vs_vpu_device_names),
    .kernel = vs_test_csv_cell (t, row, "kernel"), .n_inputs = 1, .n_outputs = 1,
  };
  w.inputs[0] = vs_test_csv_tensor (t, row, "in");
  w.outputs[0] = vs_test_csv_tensor (t, row, "out");
  return w;
}

char *
vs_test_scenario (const char *name)
{
  g_autofree char *rel = g_build_filename ("scenarios", name, NULL);
  return vs_test_source_file (rel);
}

char *
vs_test_tmp_path (const char *name)
{
  return g_build_filename (vs_test_tmpdir (), name, NULL);
}

char *
vs_test_run_vpusim_ok (const char *const *args)
{
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = vs_test_run_vpusim (args, &out, &err);
  if (status != 0)
    g_error ("vpusim %s exited %d: %s", args[0], status, err);
  return out;
}

VsNetwork *
vs_test_recover_network (const char *run)
{
  g_autofree char *rel = g_build_filename (run, "schedule_vpurt.mlir", NULL);
  g_autofree char *path = vs_test_npu_runs_file (rel);
  if (path == NULL)
    return NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSchedule) s = vs_run_load_schedule (path, NULL, &error);
  g_assert_no_error (error);
  VsNetwork *net = vs_network_recover (s, NULL, &error);
  g_assert_no_error (error);
  return net;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
vs_test_npu_run_names (void)
{
  g_autofree char *readme = vs_test_npu_runs_file ("README.md");
  if (readme == NULL)
    return NULL;
  g_autofree char *dir = g_path_get_dirname (readme);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL) {
    g_autofree char *mlir = g_build_filename (dir, name, "schedule_vpurt.mlir", NULL);
    if (g_file_test (mlir, G_FILE_TEST_EXISTS))
      g_ptr_array_add (runs, g_strdup (name));
  }
  g_ptr_array_sort (runs, compare_names);
  return runs;
}

guint
vs_test_check_bad_files (const char *prefix, VsTestBadLoad load)
{
  g_autofree char *list = vs_test_source_file ("tests/bad/EXPECTED");
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (list, &text, NULL, NULL));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint checked = 0;
  for (guint i = 0; lines[i] != NULL; i++) {
    const char *line = lines[i];
    if (!g_str_has_prefix (line, prefix))
      continue;
    g_autofree char *file = g_strndup (line, strcspn (line, ":"));
    g_autofree char *rel = g_build_filename ("tests/bad", file, NULL);
    g_autofree char *path = vs_test_source_file (rel);
    g_autofree char *data = NULL;
    gsize length;
    g_assert_true (g_file_get_contents (path, &data, &length, NULL));
    g_test_message ("%s", file);
    g_autoptr(GError) error = load (file, data, length);
    g_assert_nonnull (error);
    if (g_str_has_suffix (line, " ...")) {
      g_autofree char *start = g_strndup (line, strlen (line) - 4);
      if (!g_str_has_prefix (error->message, start))
        g_assert_cmpstr (error->message, ==, line);
    } else {
      g_assert_cmpstr (error->message, ==, line);
    }
    checked++;
  }
  return checked;
}

gint64
vs_test_json_latency_ps (const char *report)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, report, -1, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "latency_ps"));
  return json_object_get_int_member (root, "latency_ps");
}

void
vs_test_run_vpusim_fails (const char *const *args, int status, const char *message, ...)
{
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, status);
  if (strstr (err, message) == NULL)
    g_error ("expected '%s' in stderr, got: %s", message, err);
  g_assert_cmpstr (out, ==, "");
  va_list ap;
  va_start (ap, message);
  for (const char *file = va_arg (ap, const char *); file != NULL; file = va_arg (ap, const char *))
    g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  va_end (ap);
}

char *
vs_test_deadlock_schedule (const char *name)
{
  static const char yaml[] =
    "format: vpusim-schedule\nversion: 1\ndevice: npu27\n"
    "queues:\n  - {id: q0, engine: DMA, port: 0}\n  - {id: q1, engine: DMA, port: 1}\n"
    "barriers:\n  - {id: a}\n  - {id: b}\n"
    "tasks:\n"
    "  - {id: t0, queue: q0, kind: DMA, waits: [b], cost: {ns: 10}}\n"
    "  - {id: t1, queue: q0, kind: DMA, updates: [a], cost: {ns: 10}}\n"
    "  - {id: t2, queue: q1, kind: DMA, waits: [a], cost: {ns: 10}}\n"
    "  - {id: t3, queue: q1, kind: DMA, updates: [b], cost: {ns: 10}}\n";
  char *path = vs_test_tmp_path (name);
  g_assert_true (g_file_set_contents (path, yaml, -1, NULL));
  return path;
}
