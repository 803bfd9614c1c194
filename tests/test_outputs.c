/* SPDX-License-Identifier: Apache-2.0 */
/* test_outputs.c — the replay's outputs: report (text, JSON), timeline CSV,
 * Chrome trace, Gantt plot, and the atomic output-file helper.  Outputs are
 * byte-identical across runs, the JSON files parse with json-glib and hold
 * the expected content, and failures leave no file behind. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "plots/gantt.h"
#include "plots/gnuplot.h"
#include "sim/engine/critical_path.h"
#include "sim/base/output_file.h"
#include "sim/output/report.h"
#include "sim/output/timeline_csv.h"
#include "sim/output/trace_json.h"
#include "tests/replay_builder.h"
#include "tests/test_support.h"

/* A small two-tile schedule with a 2-server SHAVE queue, DPU variants on 2
 * DPUs, awkward names (comma, quote, backslash, newline). */
static Builder *
small_schedule (void)
{
  Builder *b = builder_new ();
  b->s->device.dpus_per_tile = 2;
  b->s->device.dispatch_dpu_ns = 500;
  b->s->path = g_strdup ("small.yaml");
  gint32 d0 = builder_queue (b, "dma0", VS_ENGINE_DMA, -1, 1);
  gint32 d1 = builder_queue (b, "dma1", VS_ENGINE_DMA, -1, 1);
  gint32 dpu0 = builder_queue (b, "dpu0", VS_ENGINE_DPU, 0, 1);
  gint32 dpu1 = builder_queue (b, "dpu1", VS_ENGINE_DPU, 1, 1);
  gint32 sh0 = builder_queue (b, "shave0", VS_ENGINE_SHAVE, 0, 2);
  gint32 in = builder_barrier (b, "in", -1);
  gint32 conv = builder_barrier (b, "conv", -1);
  gint32 act = builder_barrier (b, "act", -1);
  gint32 t = builder_task (b, "load", VS_TASK_DMA, d0, 1500000, NONE, W (in), NONE);
  vs_schedule_task (b->s, t)->name = vs_schedule_intern (b->s, "input,\"x\"\\\nload");
  builder_task (b, "w", VS_TASK_DMA, d1, 700000, NONE, W (in), NONE);
  builder_dpu_task (b, "conv0", dpu0, (const gint64[]) { 400000, 300000, 500000, -1 }, W (in),
                    W (conv));
  builder_dpu_task (b, "conv1", dpu1, (const gint64[]) { 600000, 600000, -1 }, W (in), W (conv));
  builder_task (b, "act0", VS_TASK_SHAVE, sh0, 900000, W (conv), W (act), NONE);
  builder_task (b, "act1", VS_TASK_SHAVE, sh0, 800000, W (conv), W (act), NONE);
  builder_task (b, "store", VS_TASK_DMA, d0, 300000, W (act), NONE, NONE);
  builder_task (b, "sync", VS_TASK_SYNC, d1, 0, W (act), NONE, NONE);
  return b;
}

typedef struct {
  GString *report_json, *report_text, *csv, *trace;
} Outputs;

static void
make_outputs (Outputs *o)
{
  Builder *b = small_schedule ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_REALISTIC, TRUE, &error);
  g_assert_no_error (error);
  g_autoptr (VsCriticalPath) path = vs_critical_path_compute (b->s, tl);
  o->report_json = g_string_new (NULL);
  o->report_text = g_string_new (NULL);
  o->csv = g_string_new (NULL);
  o->trace = g_string_new (NULL);
  vs_report_append_json (o->report_json, b->s, tl, path);
  vs_report_append_text (o->report_text, b->s, tl, path, 0);
  vs_timeline_csv_append (o->csv, b->s, tl);
  vs_trace_json_append (o->trace, b->s, tl);
  builder_free (b);
}

static void
free_outputs (Outputs *o)
{
  g_string_free (o->report_json, TRUE);
  g_string_free (o->report_text, TRUE);
  g_string_free (o->csv, TRUE);
  g_string_free (o->trace, TRUE);
}

static gboolean
files_equal (const char *a, const char *b)
{
  g_autofree char *x = NULL, *y = NULL;
  gsize nx, ny;
  g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
  g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
  return nx == ny && memcmp (x, y, nx) == 0;
}

static void
write_all (const char *dir, const char *tag)
{
  Builder *b = small_schedule ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_REALISTIC, TRUE, &error);
  g_assert_no_error (error);
  g_autoptr (VsCriticalPath) path = vs_critical_path_compute (b->s, tl);
  g_autofree char *json = g_strdup_printf ("%s/report-%s.json", dir, tag);
  g_autofree char *csv = g_strdup_printf ("%s/timeline-%s.csv", dir, tag);
  g_autofree char *trace = g_strdup_printf ("%s/trace-%s.json", dir, tag);
  g_assert_true (vs_report_write_json (json, b->s, tl, path, &error));
  g_assert_true (vs_timeline_csv_write (csv, b->s, tl, &error));
  g_assert_true (vs_trace_json_write (trace, b->s, tl, &error));
  g_assert_no_error (error);
  builder_free (b);
}

static void
test_identical_twice (void)
{
  const char *dir = vs_test_tmpdir ();
  write_all (dir, "a");
  write_all (dir, "b");
  const char *kinds[] = { "report-%s.json", "timeline-%s.csv", "trace-%s.json" };
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++) {
    g_autofree char *fa = g_strdup_printf (kinds[i], "a");
    g_autofree char *fb = g_strdup_printf (kinds[i], "b");
    g_autofree char *pa = g_build_filename (dir, fa, NULL);
    g_autofree char *pb = g_build_filename (dir, fb, NULL);
    g_assert_true (files_equal (pa, pb));
  }
  Outputs x, y;
  make_outputs (&x);
  make_outputs (&y);
  g_assert_cmpstr (x.report_text->str, ==, y.report_text->str);
  g_assert_cmpstr (x.report_json->str, ==, y.report_json->str);
  free_outputs (&x);
  free_outputs (&y);
  /* No temporary files stay behind. */
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    g_assert_false (name[0] == '.');
}

static JsonNode *
parse (const GString *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, text->str, (gssize) text->len, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_report_json (void)
{
  Outputs o;
  make_outputs (&o);
  g_test_message ("%s", o.report_text->str);
  g_autoptr (JsonNode) root = parse (o.report_json);
  JsonObject *obj = json_node_get_object (root);
  /* latency: load 1.5 us, dispatch 0.5, conv0 (0.4 | 0.3 + 0.5 on 2 DPUs:
   * 0.8) -> 2.8; act0 0.9 -> 3.7; store 0.3 -> 4.0 us. */
  g_assert_cmpint (json_object_get_int_member (obj, "latency_ps"), ==, 4000000);
  g_assert_cmpfloat (json_object_get_double_member (obj, "latency_us"), ==, 4.0);
  g_assert_nonnull (strstr (o.report_json->str, "\"latency_us\": 4.000,"));
  JsonObject *engines = json_object_get_object_member (obj, "engines");
  JsonObject *dpu = json_object_get_object_member (engines, "DPU");
  g_assert_cmpint (json_object_get_int_member (dpu, "instances"), ==, 4);
  g_assert_cmpfloat (json_object_get_double_member (dpu, "busy_us"), ==, 2.4);
  g_assert_true (json_object_has_member (engines, "M2I"));
  JsonObject *cp = json_object_get_object_member (obj, "critical_path");
  JsonArray *links = json_object_get_array_member (cp, "links");
  guint n = json_array_get_length (links);
  g_assert_cmpuint (n, ==, 5);  /* load, dispatch, conv0, act0, store */
  double total = 0;
  for (guint i = 0; i < n; i++)
    total += json_object_get_double_member (json_array_get_object_element (links, i), "share");
  g_assert_cmpfloat_with_epsilon (total, 1.0, 1e-5);
  JsonObject *first = json_array_get_object_element (links, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "task"), ==, "load");
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "input,\"x\"\\\nload");
  JsonObject *second = json_array_get_object_element (links, 1);
  g_assert_cmpstr (json_object_get_string_member (second, "kind"), ==, "dispatch");
  g_assert_cmpstr (json_object_get_string_member (second, "barrier"), ==, "in");
  g_assert_nonnull (strstr (o.report_text->str, "latency: 4.000 us"));
  g_assert_nonnull (strstr (o.report_text->str, "critical path: 5 links;"));
  free_outputs (&o);
}

static void
test_timeline_csv (void)
{
  Outputs o;
  make_outputs (&o);
  g_auto (GStrv) lines = g_strsplit (o.csv->str, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "id,name,kind,queue,server,start_ns,end_ns");
  /* The awkward name is quoted and spans two physical lines. */
  g_assert_cmpstr (lines[1], ==, "load,\"input,\"\"x\"\"\\");
  g_assert_cmpstr (lines[2], ==, "load\",DMA,dma0,0,0.000,1500.000");
  g_assert_true (strstr (o.csv->str, "act1,layeract1?t_Op/act1,SHAVE,shave0,1,2800.000,3600.000\n"));
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 8 + 1 + 1);
  free_outputs (&o);
}

static void
test_trace_json (void)
{
  Outputs o;
  make_outputs (&o);
  g_autoptr (JsonNode) root = parse (o.trace);
  JsonObject *obj = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (obj, "displayTimeUnit"), ==, "ns");
  JsonArray *events = json_object_get_array_member (obj, "traceEvents");
  g_autoptr (GHashTable) process_names = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                                                NULL, g_free);
  g_autoptr (GHashTable) thread_pid = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GHashTable) last_end = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                           g_free);
  guint slices = 0, variants = 0;
  for (guint i = 0; i < json_array_get_length (events); i++) {
    JsonObject *e = json_array_get_object_element (events, i);
    const char *ph = json_object_get_string_member (e, "ph");
    gint64 pid = json_object_get_int_member (e, "pid");
    g_assert_cmpint (pid, >=, 1);
    if (strcmp (ph, "M") == 0) {
      const char *what = json_object_get_string_member (e, "name");
      JsonObject *args = json_object_get_object_member (e, "args");
      if (strcmp (what, "process_name") == 0)
        g_hash_table_insert (process_names, GINT_TO_POINTER (pid),
                             g_strdup (json_object_get_string_member (args, "name")));
      if (strcmp (what, "thread_name") == 0) {
        gint64 tid = json_object_get_int_member (e, "tid");
        g_assert_cmpint (tid, >=, 1);
        g_assert_false (g_hash_table_contains (thread_pid, GINT_TO_POINTER (tid)));  /* unique */
        g_hash_table_insert (thread_pid, GINT_TO_POINTER (tid), GINT_TO_POINTER (pid));
      }
      continue;
    }
    g_assert_cmpstr (ph, ==, "X");
    gint64 tid = json_object_get_int_member (e, "tid");
    g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (thread_pid, GINT_TO_POINTER (tid))),
                     ==, pid);
    /* ts and dur in microseconds with ns resolution; no overlap per thread. */
    gint64 ts = (gint64) (json_object_get_double_member (e, "ts") * 1000 + 0.5);
    gint64 dur = (gint64) (json_object_get_double_member (e, "dur") * 1000 + 0.5);
    gint64 *prev = g_hash_table_lookup (last_end, GINT_TO_POINTER (tid));
    if (prev != NULL)
      g_assert_cmpint (ts, >=, *prev);
    gint64 *end = g_new (gint64, 1);
    *end = ts + dur;
    g_hash_table_insert (last_end, GINT_TO_POINTER (tid), end);
    JsonObject *args = json_object_get_object_member (e, "args");
    g_assert_true (json_object_has_member (args, "task"));
    if (json_object_has_member (args, "variant"))
      variants++;
    else {
      g_assert_true (json_object_has_member (args, "layer"));
      g_assert_true (json_object_has_member (args, "queue"));
      slices++;
    }
  }
  g_assert_cmpuint (slices, ==, 8);
  g_assert_cmpuint (variants, ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (process_names, GINT_TO_POINTER (1)), ==, "DMA");
  g_assert_cmpstr (g_hash_table_lookup (process_names, GINT_TO_POINTER (2)), ==, "Cluster (0)");
  g_assert_cmpstr (g_hash_table_lookup (process_names, GINT_TO_POINTER (3)), ==, "Cluster (1)");
  g_assert_cmpuint (g_hash_table_size (process_names), ==, 3);
  /* Threads: dma0, dma1; tile 0: dpu0, 2 DPU threads, shave0 x2; tile 1: dpu1, 2 DPU threads. */
  g_assert_cmpuint (g_hash_table_size (thread_pid), ==, 2 + 5 + 3);
  /* Times are printed with exactly three decimals. */
  g_assert_nonnull (strstr (o.trace->str, "\"ts\":2.000,\"dur\":0.800,"));
  g_assert_nonnull (strstr (o.trace->str, "\"ts\":0.000,\"dur\":1.500,"));
  free_outputs (&o);
}

static void
test_output_file (void)
{
  const char *dir = vs_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  g_autoptr (GString) data = g_string_new ("first\n");
  g_autoptr (GError) error = NULL;
  g_assert_true (vs_output_file_write (path, data, &error));
  g_string_assign (data, "second\n");
  g_assert_true (vs_output_file_write (path, data, &error));
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "second\n");
  g_autofree char *bad = g_build_filename (dir, "no-such-folder", "out.txt", NULL);
  g_assert_false (vs_output_file_write (bad, data, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
}

static void
test_fixed_formatting (void)
{
  struct { gint64 v; int scale, decimals; const char *expect; } cases[] = {
    { 1234567, 6, 3, "1.235" }, { 1234499, 6, 3, "1.234" }, { 0, 6, 3, "0.000" },
    { 999999, 6, 3, "1.000" }, { -1500, 3, 0, "-2" }, { -1, 6, 3, "0.000" },
    { 1500, 3, 3, "1.500" }, { G_MAXINT64, 6, 3, "9223372036854.776" },
    { G_MININT64, 0, 0, "-9223372036854775808" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GString) out = g_string_new (NULL);
    vs_output_append_fixed (out, cases[i].v, cases[i].scale, cases[i].decimals);
    g_assert_cmpstr (out->str, ==, cases[i].expect);
  }
  g_autoptr (GString) s = g_string_new (NULL);
  vs_output_append_json_string (s, "a\"b\\c\x01\xff");
  g_assert_cmpstr (s->str, ==, "\"a\\\"b\\\\c\\u0001\xef\xbf\xbd\"");
}

static void
test_gantt (void)
{
  if (!vs_test_gnuplot_or_skip ())
    return;
  const char *dir = vs_test_tmpdir ();
  Builder *b = small_schedule ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_REALISTIC, TRUE, &error);
  g_assert_no_error (error);
  g_autofree char *png = g_build_filename (dir, "gantt.png", NULL);
  g_assert_true (vs_gantt_plot (png, b->s, tl, &error));
  g_assert_no_error (error);
  g_autofree char *data = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (png, &data, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_autofree char *svg = g_build_filename (dir, "gantt.svg", NULL);
  g_assert_true (vs_gantt_plot (svg, b->s, tl, &error));
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<svg"));
  g_autofree char *bad = g_build_filename (dir, "gantt.pdf", NULL);
  g_assert_false (vs_gantt_plot (bad, b->s, tl, &error));
  g_assert_error (error, VS_GNUPLOT_ERROR, VS_GNUPLOT_ERROR_FORMAT);
  g_clear_error (&error);
  g_autofree char *missing = g_build_filename (dir, "nowhere", "gantt.png", NULL);
  g_assert_false (vs_gantt_plot (missing, b->s, tl, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  /* A path relative to the working folder — the README's first command —
   * although gnuplot runs elsewhere. */
  {
    g_autofree char *cwd = g_get_current_dir ();
    g_assert_cmpint (g_chdir (dir), ==, 0);
    g_assert_cmpint (g_mkdir_with_parents ("rel", 0755), ==, 0);
    gboolean drawn = vs_gantt_plot ("rel/gantt.png", b->s, tl, &error);
    gboolean exists = g_file_test ("rel/gantt.png", G_FILE_TEST_IS_REGULAR);
    g_assert_cmpint (g_chdir (cwd), ==, 0);
    g_assert_no_error (error);
    g_assert_true (drawn);
    g_assert_true (exists);
  }
  /* A larger random schedule also draws (many rows, many boxes). */
  Builder *big = builder_random (3000, 7, 4, 5, 0);
  g_autoptr (VsTimeline) tl2 = builder_replay (big, VS_REPLAY_REALISTIC, FALSE, &error);
  g_assert_no_error (error);
  g_autofree char *png2 = g_build_filename (dir, "gantt-big.png", NULL);
  g_assert_true (vs_gantt_plot (png2, big->s, tl2, &error));
  g_assert_no_error (error);
  if (g_getenv ("VS_KEEP_PLOTS") != NULL) {
    /* For looking at the charts: copy them where the caller asked. */
    g_autofree char *keep1 = g_build_filename (g_getenv ("VS_KEEP_PLOTS"), "gantt.png", NULL);
    g_autofree char *keep2 = g_build_filename (g_getenv ("VS_KEEP_PLOTS"), "gantt-big.png", NULL);
    g_autofree char *c1 = NULL, *c2 = NULL;
    gsize n1, n2;
    g_assert_true (g_file_get_contents (png, &c1, &n1, NULL));
    g_assert_true (g_file_get_contents (png2, &c2, &n2, NULL));
    g_assert_true (g_file_set_contents (keep1, c1, (gssize) n1, NULL));
    g_assert_true (g_file_set_contents (keep2, c2, (gssize) n2, NULL));
  }
  builder_free (big);
  builder_free (b);
}

static void
test_gantt_without_gnuplot (void)
{
  /* With an empty PATH the plot fails with the install hint, leaving nothing. */
  const char *dir = vs_test_tmpdir ();
  g_autofree char *saved = g_strdup (g_getenv ("PATH"));
  g_setenv ("PATH", "/nonexistent", TRUE);
  Builder *b = small_schedule ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VsTimeline) tl = builder_replay (b, VS_REPLAY_REALISTIC, TRUE, &error);
  g_autofree char *png = g_build_filename (dir, "none.png", NULL);
  gboolean ok = vs_gantt_plot (png, b->s, tl, &error);
  if (saved != NULL)
    g_setenv ("PATH", saved, TRUE);
  else
    g_unsetenv ("PATH");
  g_assert_false (ok);
  g_assert_error (error, VS_GNUPLOT_ERROR, VS_GNUPLOT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gnuplot not found; install gnuplot-nox"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  builder_free (b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/outputs/identical-twice", test_identical_twice);
  g_test_add_func ("/outputs/report-json", test_report_json);
  g_test_add_func ("/outputs/timeline-csv", test_timeline_csv);
  g_test_add_func ("/outputs/trace-json", test_trace_json);
  g_test_add_func ("/outputs/output-file-atomic", test_output_file);
  g_test_add_func ("/outputs/fixed-formatting", test_fixed_formatting);
  g_test_add_func ("/outputs/gantt-png-svg", test_gantt);
  g_test_add_func ("/outputs/gantt-without-gnuplot", test_gantt_without_gnuplot);
  return g_test_run ();
}
