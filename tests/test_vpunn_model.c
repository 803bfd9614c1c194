/* SPDX-License-Identifier: Apache-2.0 */
/* test_vpunn_model.c — the .vpunn reader and the network evaluator: every
 * published model loads with its names and interfaces, raw outputs equal the
 * reference's bit for bit (golden descriptor files, SPEC.md Appendix A, both
 * read in place), batches equal single runs on every instruction set, and
 * small hand-built files exercise the error paths and the rarer layers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/vpunn/vpunn_model.h"
#include "models/vpunn/vpunn_network.h"
#include "sim/base/csv_table.h"
#include "tests/test_support.h"

static gboolean
same_bits (float a, float b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

static VsVpunnModel *
load_shipped (const char *file)
{
  g_autofree char *rel = g_build_filename ("models", file, NULL);
  g_autofree char *path = vs_test_vpunn_file (rel);
  if (path == NULL)
    return NULL;
  g_autoptr(GError) error = NULL;
  VsVpunnModel *m = vs_vpunn_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}

/* ---- published models (SPEC.md §1.5, the vpunn README table) ----------- */

typedef struct {
  const char *file;
  const char *name;
  int in_version, out_version;
  guint input_size;
  guint layers[8];   /* output width of each layer, 0-terminated */
  gboolean bias;
  VsNnActivation last_activation;
} Shipped;

static const Shipped shipped[] = {
  { "vpu_2_0.vpunn", "VPUNN-10-02", 10, 2, 67, { 256, 256, 256, 256, 1 }, FALSE, VS_NN_ACT_NONE },
  { "vpu_2_7.vpunn", "VPUNN-11-02", 11, 2, 93, { 93, 256, 256, 256, 256, 1 }, TRUE,
    VS_NN_ACT_RELU },
  { "vpu_2_7.fast.vpunn", "VPUNN-11-02", 11, 2, 93, { 93, 64, 64, 64, 64, 1 }, TRUE,
    VS_NN_ACT_RELU },
  { "vpu_4_0.vpunn", "VPUNN-4011-05 $runs-MSPE_8192-model.pth$", 4011, 5, 93,
    { 93, 256, 256, 256, 256, 1 }, TRUE, VS_NN_ACT_RELU },
  { "vpu_4_1.vpunn", "VPUNN-4111-05", 4111, 5, 93, { 256, 256, 256, 256, 1 }, TRUE,
    VS_NN_ACT_RELU },
  { "vpu_5_1.vpunn", "VPUNN-5114-05 $runs$", 5114, 5, 53, { 53, 256, 256, 256, 256, 1 }, TRUE,
    VS_NN_ACT_RELU },
  { "dma_2_7.vpunn", "VPUNN-01-01", 1, 1, 12, { 12, 128, 128, 128, 1 }, TRUE, VS_NN_ACT_RELU },
  { "dma_4_0.vpunn", "VPUNN-02-01", 2, 1, 29, { 29, 128, 128, 128, 1 }, TRUE, VS_NN_ACT_RELU },
  { "dmann_5_0.vpunn", "DMANN-03-02 $runs$", 3, 2, 27, { 27, 256, 256, 256, 256, 1 }, TRUE,
    VS_NN_ACT_RELU },
};

static void
test_shipped_models (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++) {
    const Shipped *s = &shipped[i];
    g_autoptr(VsVpunnModel) m = load_shipped (s->file);
    if (m == NULL)
      return;
    g_test_message ("%s", s->file);
    g_assert_cmpstr (vs_vpunn_model_name (m), ==, s->name);
    g_assert_cmpint (vs_vpunn_model_input_interface (m), ==, s->in_version);
    g_assert_cmpint (vs_vpunn_model_output_version (m), ==, s->out_version);
    g_assert_cmpuint (vs_vpunn_model_input_size (m), ==, s->input_size);
    g_assert_cmpuint (vs_vpunn_model_output_size (m), ==, 1);
    const VsNnNetwork *net = vs_vpunn_model_network (m);
    guint n = 0;
    while (s->layers[n] != 0)
      n++;
    g_assert_cmpuint (net->n_steps, ==, n);
    guint width = s->input_size;
    for (guint k = 0; k < n; k++) {
      const VsNnStep *st = &net->steps[k];
      g_assert_cmpint (st->kind, ==, VS_NN_STEP_FULLY_CONNECTED);
      g_assert_cmpuint (st->in_width, ==, width);
      g_assert_cmpuint (st->out_width, ==, s->layers[k]);
      g_assert_true ((st->bias != NULL) == s->bias);
      g_assert_cmpint (st->activation, ==,
                       k + 1 == n ? s->last_activation : VS_NN_ACT_RELU);
      g_assert_cmpuint (st->n_sse_rows + st->n_seq_rows, ==, st->out_width);
      width = s->layers[k];
    }
  }
}

/* Every .vpunn in the models folder loads, whatever its name. */
static void
test_models_folder (void)
{
  g_autofree char *dir = vs_test_vpunn_models_dir ();
  if (dir == NULL)
    return;
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  guint n = 0;
  for (const char *f; (f = g_dir_read_name (d)) != NULL;) {
    if (!g_str_has_suffix (f, ".vpunn"))
      continue;
    g_autofree char *path = g_build_filename (dir, f, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(VsVpunnModel) m = vs_vpunn_model_load (path, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (vs_vpunn_model_input_size (m), >, 0);
    n++;
  }
  g_assert_cmpuint (n, >=, G_N_ELEMENTS (shipped));
}

/* ---- golden descriptors ------------------------------------------------- */

/* Runs one descriptor alone and checks the raw output against the
 * reference's printed value (9 significant digits identify a float). */
static void
check_raw (VsVpunnModel *m, const float *desc, const char *expected, const char *where)
{
  float raw;
  vs_vpunn_model_run (m, desc, 1, &raw);
  char *end;
  float want = strtof (expected, &end);
  g_assert_true (end != expected && *end == '\0');
  if (!same_bits (raw, want))
    g_error ("%s: raw output %.9g, the reference gives %s", where, raw, expected);
  char shown[32];
  g_snprintf (shown, sizeof shown, "%.9g", raw);
  g_assert_cmpfloat (g_ascii_strtod (shown, NULL), ==, g_ascii_strtod (expected, NULL));
}

static void
test_golden_descriptors (void)
{
  g_autofree char *golden = vs_test_vpunn_file ("golden");
  if (golden == NULL)
    return;
  static const char *const files[] = { "dpu_vpu_2_0_descriptors.csv",
                                       "dpu_vpu_2_7_descriptors.csv",
                                       "dpu_vpu_2_7_fast_descriptors.csv",
                                       "dpu_vpu_4_0_descriptors.csv" };
  guint checked = 0;
  for (guint f = 0; f < G_N_ELEMENTS (files); f++) {
    g_autofree char *path = g_build_filename (golden, files[f], NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(VsCsvTable) t = vs_csv_table_read (path, &error);
    g_assert_no_error (error);
    guint c_model, c_raw, c_d0;
    g_assert_true (vs_csv_table_require (t, "model", &c_model, &error));
    g_assert_true (vs_csv_table_require (t, "reference_raw_nn", &c_raw, &error));
    g_assert_true (vs_csv_table_require (t, "d0", &c_d0, &error));
    guint n_desc = vs_csv_table_n_columns (t) - c_d0;
    g_autoptr(VsVpunnModel) m = NULL;
    g_autofree char *model_file = NULL;
    float *desc = g_newa (float, n_desc);
    for (guint r = 0; r < vs_csv_table_n_rows (t); r++) {
      const char *file = vs_csv_table_cell (t, r, c_model);
      if (g_strcmp0 (file, model_file) != 0) {
        g_clear_pointer (&m, vs_vpunn_model_free);
        m = load_shipped (file);
        if (m == NULL)
          return;
        g_free (model_file);
        model_file = g_strdup (file);
      }
      g_assert_cmpuint (vs_vpunn_model_input_size (m), ==, n_desc);
      for (guint k = 0; k < n_desc; k++) {
        double v;
        g_assert_true (vs_csv_table_get_double (t, r, c_d0 + k, &v, &error));
        desc[k] = (float) v;
      }
      g_autofree char *where = g_strdup_printf ("%s:%u (%s)", files[f],
                                                vs_csv_table_row_line (t, r), file);
      check_raw (m, desc, vs_csv_table_cell (t, r, c_raw), where);
      checked++;
    }
  }
  g_assert_cmpuint (checked, >=, 48);
}

/* SPEC.md Appendix A, read in place: a bullet naming a `FILE.vpunn`, then
 * its "descriptor ...: `v,v,...`" and "raw: VALUE" lines. */
static void
test_spec_vectors (void)
{
  g_autofree char *spec = vs_test_vpunn_file ("SPEC.md");
  if (spec == NULL)
    return;
  g_autofree char *models = vs_test_vpunn_models_dir ();
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (spec, &text, NULL, NULL));
  const char *appendix = strstr (text, "## Appendix A");
  g_assert_nonnull (appendix);
  const char *end = strstr (appendix, "### A.3");
  g_assert_nonnull (end);
  g_autofree char *section = g_strndup (appendix, (gsize) (end - appendix));
  g_auto(GStrv) lines = g_strsplit (section, "\n", -1);
  g_autofree char *file = NULL;
  g_autofree float *desc = NULL;
  guint n_desc = 0, checked = 0, skipped = 0;
  for (guint i = 0; lines[i] != NULL; i++) {
    const char *line = g_strstrip (lines[i]);
    if (g_str_has_prefix (line, "* ")) {
      g_clear_pointer (&file, g_free);
      g_clear_pointer (&desc, g_free);
      const char *tick = strchr (line, '`');
      const char *close = tick != NULL ? strstr (tick + 1, ".vpunn`") : NULL;
      if (close != NULL)
        file = g_strndup (tick + 1, (gsize) (close - tick - 1) + 6);
    } else if (g_str_has_prefix (line, "descriptor") && file != NULL) {
      const char *tick = strchr (line, '`');
      const char *close = tick != NULL ? strchr (tick + 1, '`') : NULL;
      g_assert_nonnull (close);
      g_autofree char *list = g_strndup (tick + 1, (gsize) (close - tick - 1));
      g_auto(GStrv) values = g_strsplit (list, ",", -1);
      n_desc = g_strv_length (values);
      desc = g_new (float, n_desc);
      for (guint k = 0; k < n_desc; k++)
        desc[k] = strtof (values[k], NULL);
    } else if (g_str_has_prefix (line, "raw: ") && file != NULL && desc != NULL) {
      g_autofree char *value = g_strndup (line + 5, strcspn (line + 5, " "));
      g_autofree char *path = g_build_filename (models, file, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
        skipped++;   /* the appendix also covers files not in the data folder */
        continue;
      }
      g_autoptr(GError) error = NULL;
      g_autoptr(VsVpunnModel) m = vs_vpunn_model_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (vs_vpunn_model_input_size (m), ==, n_desc);
      g_autofree char *where = g_strdup_printf ("SPEC.md Appendix A, %s", file);
      check_raw (m, desc, value, where);
      checked++;
    }
  }
  g_test_message ("%u appendix vectors checked, %u for absent files", checked, skipped);
  g_assert_cmpuint (checked, >=, 20);
}

/* ---- batches ------------------------------------------------------------ */

static void
fill_descriptors (float *d, gsize n, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  for (gsize i = 0; i < n; i++) {
    /* mostly zeros (+0 and -0, which single descriptors skip), some
     * subnormals, which they must not */
    gint32 r = g_rand_int_range (rand, 0, 100);
    d[i] = r < 55 ? 0.0f : r < 60 ? -0.0f : r < 61 ? 1e-40f : r < 85 ? 1.0f
         : r < 95 ? (float) g_rand_int_range (rand, 1, 4096)
         : (float) g_rand_double_range (rand, -2.0, 2.0);
  }
  g_rand_free (rand);
}

/* A batch equals single runs bitwise, for every batch size up to 70 (full
 * and partial chunks) and on every instruction set the CPU has. */
static void
test_batch_equals_single (void)
{
  static const char *const files[] = { "vpu_2_7.vpunn", "vpu_2_0.vpunn", "vpu_5_1.vpunn",
                                       "dma_2_7.vpunn" };
  for (guint f = 0; f < G_N_ELEMENTS (files); f++) {
    g_autoptr(VsVpunnModel) m = load_shipped (files[f]);
    if (m == NULL)
      return;
    const VsNnNetwork *net = vs_vpunn_model_network (m);
    const gsize in = vs_vpunn_model_input_size (m), n = 70;
    g_autofree float *desc = g_new (float, n * in);
    g_autofree float *single = g_new (float, n);
    g_autofree float *batched = g_new (float, n);
    fill_descriptors (desc, n * in, 7 + f);
    for (gsize r = 0; r < n; r++)
      vs_vpunn_model_run (m, desc + r * in, 1, &single[r]);
    guint distinct = 0;
    for (gsize r = 1; r < n; r++)
      distinct += !same_bits (single[r], single[0]);
    g_assert_cmpuint (distinct, >, n / 2);   /* the inputs really differ */

    vs_vpunn_model_run (m, desc, 64, batched);
    for (gsize r = 0; r < 64; r++)
      g_assert_true (same_bits (batched[r], single[r]));
    for (VsNnIsa isa = VS_NN_ISA_PORTABLE; isa <= VS_NN_ISA_AVX512; isa++) {
      if (!vs_nn_isa_supported (isa))
        continue;
      for (gsize b = 1; b <= n; b++) {
        memset (batched, 0xff, n * sizeof (float));
        vs_nn_network_run (net, isa, desc, b, batched);
        for (gsize r = 0; r < b; r++)
          if (!same_bits (batched[r], single[r]))
            g_error ("%s, %s, batch %" G_GSIZE_FORMAT ": row %" G_GSIZE_FORMAT " gives %.9g, "
                     "alone %.9g", files[f], vs_nn_isa_name (isa), b, r, batched[r], single[r]);
        for (gsize r = b; r < n; r++) {   /* nothing written past the batch */
          guint32 bits;
          memcpy (&bits, &batched[r], 4);
          g_assert_cmphex (bits, ==, 0xffffffffu);
        }
      }
    }
  }
}

/* Evaluation shares nothing between calls: threads running the same model
 * at once get the single-threaded answers. */
typedef struct {
  VsVpunnModel *model;
  const float *desc;
  const float *expected;
  gsize n;
  gboolean ok;
} ThreadJob;

static gpointer
thread_run (gpointer data)
{
  ThreadJob *job = data;
  gsize in = vs_vpunn_model_input_size (job->model);
  g_autofree float *out = g_new (float, job->n);
  job->ok = TRUE;
  for (guint rep = 0; rep < 20; rep++) {
    vs_vpunn_model_run (job->model, job->desc, job->n, out);
    for (gsize r = 0; r < job->n; r++)
      job->ok &= same_bits (out[r], job->expected[r]);
    vs_vpunn_model_run (job->model, job->desc + in, 1, out);
    job->ok &= same_bits (out[0], job->expected[1]);
  }
  return NULL;
}

static void
test_reentrant (void)
{
  g_autoptr(VsVpunnModel) m = load_shipped ("vpu_2_7.fast.vpunn");
  if (m == NULL)
    return;
  const gsize in = vs_vpunn_model_input_size (m), n = 37;
  g_autofree float *desc = g_new (float, n * in);
  g_autofree float *expected = g_new (float, n);
  fill_descriptors (desc, n * in, 99);
  for (gsize r = 0; r < n; r++)
    vs_vpunn_model_run (m, desc + r * in, 1, &expected[r]);
  ThreadJob jobs[4];
  GThread *threads[4];
  for (guint t = 0; t < 4; t++) {
    jobs[t] = (ThreadJob) { m, desc, expected, n, FALSE };
    threads[t] = g_thread_new ("vpunn", thread_run, &jobs[t]);
  }
  for (guint t = 0; t < 4; t++) {
    g_thread_join (threads[t]);
    g_assert_true (jobs[t].ok);
  }
}

/* ---- hand-built files --------------------------------------------------- */

/* A tiny FlatBuffers writer: every table field takes a 4-byte slot (1-byte
 * fields use its first byte); children follow their parents, so offsets
 * point forward as FlatBuffers requires, and are patched once known. */
typedef struct {
  GByteArray *b;
} Fb;

static gsize
fb_pad (Fb *fb, guint align)
{
  static const guint8 zero[16];
  while (fb->b->len % align != 0)
    g_byte_array_append (fb->b, zero, 1);
  return fb->b->len;
}

static void
fb_put_u32 (Fb *fb, gsize at, guint32 v)
{
  v = GUINT32_TO_LE (v);
  memcpy (fb->b->data + at, &v, 4);
}

static gsize
fb_u32 (Fb *fb, guint32 v)
{
  gsize at = fb->b->len;
  g_byte_array_set_size (fb->b, at + 4);
  fb_put_u32 (fb, at, v);
  return at;
}

static void
fb_link (Fb *fb, gsize at, gsize target)
{
  fb_put_u32 (fb, at, (guint32) (target - at));
}

/* A table with n 4-byte slots; present[i] FALSE leaves field i absent.
 * Returns the table start; field i is at start + 4 + 4i. */
static gsize
fb_table (Fb *fb, guint n, const gboolean *present)
{
  gsize vt_size = 4 + 2 * (gsize) n;
  /* The table (after the vtable) must start 4-aligned. */
  while ((fb->b->len + vt_size) % 4 != 0) {
    guint8 z = 0;
    g_byte_array_append (fb->b, &z, 1);
  }
  gsize vt = fb->b->len;
  guint16 h[2 + 16];
  h[0] = GUINT16_TO_LE ((guint16) vt_size);
  h[1] = GUINT16_TO_LE ((guint16) (4 + 4 * n));
  for (guint i = 0; i < n; i++)
    h[2 + i] = GUINT16_TO_LE (present[i] ? (guint16) (4 + 4 * i) : 0);
  g_byte_array_append (fb->b, (const guint8 *) h, (guint) vt_size);
  gsize t = fb->b->len;
  fb_u32 (fb, (guint32) (t - vt));
  for (guint i = 0; i < n; i++)
    fb_u32 (fb, 0);
  return t;
}

static gsize
fb_field (gsize table, guint i)
{
  return table + 4 + 4 * (gsize) i;
}

static gsize
fb_string (Fb *fb, const char *s)
{
  gsize at = fb_pad (fb, 4);
  fb_u32 (fb, (guint32) strlen (s));
  g_byte_array_append (fb->b, (const guint8 *) s, (guint) strlen (s) + 1);
  return at;
}

static gsize
fb_ints (Fb *fb, const gint32 *v, guint n)
{
  gsize at = fb_pad (fb, 4);
  fb_u32 (fb, n);
  for (guint i = 0; i < n; i++)
    fb_u32 (fb, (guint32) v[i]);
  return at;
}

typedef struct {
  const char *name;
  guint32 shape[3];
  guint rank;
  guint32 buffer;
  gint8 type;
} TensorSpec;

typedef struct {
  const char *name;
  gint32 inputs[4];
  guint n_inputs;
  gint32 output;
  guint8 type;
  gint32 activation;
} LayerSpec;

typedef struct {
  const float *values;
  guint n;
  gint extra_bytes;   /* added to the data length (a hostile mismatch) */
} BufferSpec;

typedef struct {
  const char *name;
  const TensorSpec *tensors;
  guint n_tensors;
  const gint32 *inputs;
  guint n_inputs;
  const gint32 *outputs;
  guint n_outputs;
  const LayerSpec *layers;
  guint n_layers;
  const BufferSpec *buffers;
  guint n_buffers;
} ModelSpec;

static GBytes *
build (const ModelSpec *ms)
{
  Fb fb = { g_byte_array_new () };
  gsize root_at = fb_u32 (&fb, 0);
  g_byte_array_append (fb.b, (const guint8 *) "VPUN", 4);
  const gboolean all[6] = { TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
  gsize model = fb_table (&fb, 6, all);
  fb_link (&fb, root_at, model);
  fb_link (&fb, fb_field (model, 0), fb_string (&fb, ms->name));

  gsize tensors = fb_ints (&fb, NULL, 0);
  fb_put_u32 (&fb, tensors, ms->n_tensors);
  g_byte_array_set_size (fb.b, fb.b->len + 4 * ms->n_tensors);
  fb_link (&fb, fb_field (model, 1), tensors);
  for (guint i = 0; i < ms->n_tensors; i++) {
    const TensorSpec *ts = &ms->tensors[i];
    const gboolean present[4] = { TRUE, TRUE, ts->type != 0, ts->buffer != 0 };
    gsize t = fb_table (&fb, 4, present);
    fb_link (&fb, tensors + 4 + 4 * i, t);
    fb.b->data[fb_field (t, 2)] = (guint8) ts->type;
    fb_put_u32 (&fb, fb_field (t, 3), ts->buffer);
    fb_link (&fb, fb_field (t, 0), fb_string (&fb, ts->name));
    fb_link (&fb, fb_field (t, 1), fb_ints (&fb, (const gint32 *) ts->shape, ts->rank));
  }
  fb_link (&fb, fb_field (model, 2), fb_ints (&fb, ms->inputs, ms->n_inputs));
  fb_link (&fb, fb_field (model, 3), fb_ints (&fb, ms->outputs, ms->n_outputs));

  gsize layers = fb_ints (&fb, NULL, 0);
  fb_put_u32 (&fb, layers, ms->n_layers);
  g_byte_array_set_size (fb.b, fb.b->len + 4 * ms->n_layers);
  fb_link (&fb, fb_field (model, 4), layers);
  for (guint i = 0; i < ms->n_layers; i++) {
    const LayerSpec *ls = &ms->layers[i];
    const gboolean present[6] = { TRUE, TRUE, TRUE, TRUE, ls->type == 3, TRUE };
    gsize l = fb_table (&fb, 6, present);
    fb_link (&fb, layers + 4 + 4 * i, l);
    fb.b->data[fb_field (l, 3)] = ls->type;
    fb_put_u32 (&fb, fb_field (l, 5), (guint32) ls->activation);
    fb_link (&fb, fb_field (l, 0), fb_string (&fb, ls->name));
    fb_link (&fb, fb_field (l, 1), fb_ints (&fb, ls->inputs, ls->n_inputs));
    fb_link (&fb, fb_field (l, 2), fb_ints (&fb, &ls->output, 1));
    if (ls->type == 3) {
      const gboolean knn[1] = { TRUE };
      gsize k = fb_table (&fb, 1, knn);
      fb_put_u32 (&fb, fb_field (k, 0), 3);
      fb_link (&fb, fb_field (l, 4), k);
    }
  }

  gsize buffers = fb_ints (&fb, NULL, 0);
  fb_put_u32 (&fb, buffers, ms->n_buffers);
  g_byte_array_set_size (fb.b, fb.b->len + 4 * ms->n_buffers);
  fb_link (&fb, fb_field (model, 5), buffers);
  for (guint i = 0; i < ms->n_buffers; i++) {
    const BufferSpec *bs = &ms->buffers[i];
    const gboolean present[1] = { TRUE };
    gsize b = fb_table (&fb, 1, present);
    fb_link (&fb, buffers + 4 + 4 * i, b);
    gsize data = fb_pad (&fb, 16);
    guint bytes = (guint) ((gint) (4 * bs->n) + bs->extra_bytes);
    fb_u32 (&fb, bytes);
    for (guint k = 0; k < bytes; k++) {
      guint32 bits = 0;
      if (k / 4 < bs->n)
        memcpy (&bits, &bs->values[k / 4], 4);
      guint8 byte = (guint8) (bits >> (8 * (k % 4)));
      g_byte_array_append (fb.b, &byte, 1);
    }
    fb_link (&fb, fb_field (b, 0), data);
  }
  fb_pad (&fb, 4);
  return g_byte_array_free_to_bytes (fb.b);
}

static VsVpunnModel *
load_spec (const ModelSpec *ms, GError **error)
{
  g_autoptr(GBytes) bytes = build (ms);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  return vs_vpunn_model_load_from_data (data, size, "t.vpunn", error);
}

/* input(2) -> FC 2x3 + bias, ReLU -> FC 3x1 no bias, NOOP */
static const float w1[] = { 1, 2, -1, 0.5f, 3, -4 };   /* [3][2] */
static const float b1[] = { 0.25f, -0.0f, -100 };
static const float w2[] = { 2, -1, 1 };
static const BufferSpec small_buffers[] = {
  { (const float[]) { 0 }, 1, 0 }, { w1, 6, 0 }, { b1, 3, 0 }, { w2, 3, 0 },
};
static const TensorSpec small_tensors[] = {
  { "input", { 1, 2 }, 2, 0, 0 },
  { "fc_0/kernel:0", { 2, 3 }, 2, 1, 0 },
  { "fc_0/bias:0", { 3 }, 1, 2, 0 },
  { "fc_0/Relu:0", { 1, 3 }, 2, 0, 0 },
  { "fc_1/kernel:0", { 3, 1 }, 2, 3, 0 },
  { "out", { 1, 1 }, 2, 0, 0 },
};
static const LayerSpec small_layers[] = {
  { "fc_0", { 0, 1, 2 }, 3, 3, 1, 1 },
  { "fc_1", { 3, 4 }, 2, 5, 1, 0 },
};
static const gint32 zero_index[] = { 0 }, five_index[] = { 5 };

static ModelSpec
small_model (void)
{
  return (ModelSpec) { "TEST-11-02 $x-y$", small_tensors, G_N_ELEMENTS (small_tensors),
                       zero_index, 1, five_index, 1, small_layers, G_N_ELEMENTS (small_layers),
                       small_buffers, G_N_ELEMENTS (small_buffers) };
}

static void
test_built_model (void)
{
  ModelSpec ms = small_model ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnModel) m = load_spec (&ms, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_vpunn_model_name (m), ==, "TEST-11-02 $x-y$");
  g_assert_cmpint (vs_vpunn_model_input_interface (m), ==, 11);
  g_assert_cmpint (vs_vpunn_model_output_version (m), ==, 2);
  g_assert_cmpuint (vs_vpunn_model_input_size (m), ==, 2);
  const float x[] = { 3, 5, -2, 7 };
  float y[2];
  vs_vpunn_model_run (m, x, 2, y);
  /* h = relu(W1 x + b1): (3+10+.25, -3+2.5-0, 9-20-100) = (13.25, 0, 0) -> 26.5 */
  g_assert_cmpfloat (y[0], ==, 26.5f);
  /* x=(-2,7): (-2+14+.25, 2+3.5, -6-28-100) = (12.25, 5.5, 0) -> 24.5-5.5 = 19 */
  g_assert_cmpfloat (y[1], ==, 19.0f);
}

/* The name rules of SPEC.md §1.4 (std::getline split, std::stoi parts). */
static void
test_version_names (void)
{
  static const struct { const char *name; int in, out; } ok[] = {
    { "VPUNN", 1, 1 }, { "VPUNN-11", 11, 1 }, { "-5-7", 5, 7 }, { "A- 42x-+3", 42, 3 },
    { "N-4011-05 $runs-MSPE_8192-model.pth$", 4011, 5 }, { "N-1-2-", 1, 2 }, { "", 0, 1 },
    { "N-1-", 1, 1 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (ok); i++) {
    ModelSpec ms = small_model ();
    ms.name = ok[i].name;
    g_autoptr(GError) error = NULL;
    g_autoptr(VsVpunnModel) m = load_spec (&ms, &error);
    g_assert_no_error (error);
    g_assert_cmpint (vs_vpunn_model_input_interface (m), ==, ok[i].in);
    g_assert_cmpint (vs_vpunn_model_output_version (m), ==, ok[i].out);
  }
  static const char *const bad[] = { "VPUNN-x-2", "VPUNN--2", "VPUNN-1-", "N-1-99999999999" };
  /* "VPUNN-1-" has no third part (getline drops the empty tail): loads. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    ModelSpec ms = small_model ();
    ms.name = bad[i];
    g_autoptr(GError) error = NULL;
    g_autoptr(VsVpunnModel) m = load_spec (&ms, &error);
    if (i == 2) {
      g_assert_no_error (error);
      continue;
    }
    g_assert_null (m);
    g_assert_error (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_VERSION);
    g_assert_true (g_str_has_prefix (error->message, "t.vpunn: model name '"));
  }
}

static void
expect_error (const ModelSpec *ms, VsVpunnError code, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnModel) m = load_spec (ms, &error);
  g_assert_null (m);
  g_assert_error (error, VS_VPUNN_ERROR, (gint) code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_built_errors (void)
{
  ModelSpec ms = small_model ();
  BufferSpec buffers[4];
  memcpy (buffers, small_buffers, sizeof buffers);
  buffers[1].extra_bytes = -8;
  ms.buffers = buffers;
  expect_error (&ms, VS_VPUNN_ERROR_FORMAT,
                "t.vpunn: tensor 1 'fc_0/kernel:0': buffer 1 holds 16 bytes, shape [2, 3] "
                "needs 24");

  ms = small_model ();
  const gint32 two_inputs[] = { 0, 3 };
  ms.inputs = two_inputs;
  ms.n_inputs = 2;
  expect_error (&ms, VS_VPUNN_ERROR_FORMAT,
                "t.vpunn: model has 2 inputs; the reference requires exactly one");

  ms = small_model ();
  ms.n_outputs = 0;
  expect_error (&ms, VS_VPUNN_ERROR_FORMAT,
                "t.vpunn: model has 0 outputs; the reference requires exactly one");

  LayerSpec layers[2];
  memcpy (layers, small_layers, sizeof layers);
  ms = small_model ();
  ms.layers = layers;
  layers[1].type = 3;
  layers[1].inputs[2] = 2;
  layers[1].n_inputs = 3;
  expect_error (&ms, VS_VPUNN_ERROR_UNSUPPORTED, "t.vpunn: layer 1 'fc_1': kNN layers are not "
                "supported");
  memcpy (layers, small_layers, sizeof layers);
  layers[0].activation = 7;
  expect_error (&ms, VS_VPUNN_ERROR_UNSUPPORTED, "t.vpunn: layer 0 'fc_0': activation function "
                "7 is not one vpusim runs (0 none, 1 ReLU, 2 sigmoid)");
  memcpy (layers, small_layers, sizeof layers);
  layers[0].inputs[1] = 42;
  expect_error (&ms, VS_VPUNN_ERROR_FORMAT, "t.vpunn: layer 0 'fc_0': input 1 is tensor 42, "
                "which does not exist (the model has 6)");
  memcpy (layers, small_layers, sizeof layers);
  layers[1].inputs[1] = 2;   /* the 3-value bias as a 3x1 weight matrix: fits */
  layers[0].inputs[1] = 2;   /* the bias as a 2x3 weight matrix: too small */
  expect_error (&ms, VS_VPUNN_ERROR_FORMAT, "t.vpunn: layer 0 'fc_0': input 1 (weights) is "
                "tensor 2 'fc_0/bias:0' with 3 values, the layer needs 6");
  memcpy (layers, small_layers, sizeof layers);
  layers[1].output = 3;
  expect_error (&ms, VS_VPUNN_ERROR_UNSUPPORTED, "t.vpunn: layer 1 'fc_1': writes tensor 3 "
                "'fc_0/Relu:0', its own input");
  memcpy (layers, small_layers, sizeof layers);
  layers[1].inputs[0] = 5;
  layers[1].output = 3;
  expect_error (&ms, VS_VPUNN_ERROR_FORMAT, "t.vpunn: layer 1 'fc_1': input 0 is tensor 5 "
                "'out', which no earlier layer computes");
  memcpy (layers, small_layers, sizeof layers);
  layers[1].inputs[0] = 1;
  expect_error (&ms, VS_VPUNN_ERROR_FORMAT, "t.vpunn: layer 1 'fc_1': input 0 is tensor 1 "
                "'fc_0/kernel:0', a constant; it must be an activation");

  TensorSpec tensors[6];
  memcpy (tensors, small_tensors, sizeof tensors);
  ms = small_model ();
  ms.tensors = tensors;
  tensors[3].shape[0] = 4;
  expect_error (&ms, VS_VPUNN_ERROR_FORMAT, "t.vpunn: layer 0 'fc_0': output 0 is tensor 3 "
                "'fc_0/Relu:0' of shape [4, 3]; an activation must have shape [1, N] with "
                "1 <= N <= 65536");
  memcpy (tensors, small_tensors, sizeof tensors);
  tensors[3].shape[1] = 70000;
  expect_error (&ms, VS_VPUNN_ERROR_FORMAT, "t.vpunn: layer 0 'fc_0': output 0 is tensor 3 "
                "'fc_0/Relu:0' of shape [1, 70000]; an activation must have shape [1, N] with "
                "1 <= N <= 65536");
  memcpy (tensors, small_tensors, sizeof tensors);
  tensors[2].buffer = 9;
  expect_error (&ms, VS_VPUNN_ERROR_FORMAT, "t.vpunn: tensor 2 'fc_0/bias:0': buffer 9 does not "
                "exist (the model has 4)");
  memcpy (tensors, small_tensors, sizeof tensors);
  tensors[1].type = 1;
  expect_error (&ms, VS_VPUNN_ERROR_UNSUPPORTED, "t.vpunn: tensor 1 'fc_0/kernel:0': element "
                "type 1; vpusim reads float32 (type 0) tensors only");
}

/* A small file cannot make us compute without bound: 130 layers sharing one
 * 1 MB weight tensor (4096 -> 64 -> 4096 -> ...) exceed the work limit. */
static void
test_work_limit (void)
{
  enum { WIDE = 4096, NARROW = 64, N_LAYERS = 130 };
  g_autofree float *w = g_new0 (float, WIDE * NARROW);
  const BufferSpec buffers[] = { { (const float[]) { 0 }, 1, 0 }, { w, WIDE * NARROW, 0 } };
  TensorSpec tensors[N_LAYERS + 2];
  LayerSpec layers[N_LAYERS];
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  tensors[0] = (TensorSpec) { "w", { WIDE, NARROW }, 2, 1, 0 };
  for (guint i = 0; i <= N_LAYERS; i++) {
    char *name = g_strdup_printf ("a%u", i);
    g_ptr_array_add (names, name);
    tensors[1 + i] = (TensorSpec) { name, { 1, i % 2 == 0 ? WIDE : NARROW }, 2, 0, 0 };
  }
  for (guint i = 0; i < N_LAYERS; i++) {
    char *name = g_strdup_printf ("fc%u", i);
    g_ptr_array_add (names, name);
    layers[i] = (LayerSpec) { name, { (gint32) (1 + i), 0 }, 2, (gint32) (2 + i), 1, 1 };
  }
  const gint32 in[] = { 1 }, out[] = { N_LAYERS + 1 };
  ModelSpec ms = { "BIG-1-1", tensors, N_LAYERS + 2, in, 1, out, 1, layers, N_LAYERS,
                   buffers, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnModel) m = load_spec (&ms, &error);
  g_assert_null (m);
  g_assert_error (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "t.vpunn: layer 128 'fc128': the network needs more than "
                   "33554432 weights and multiply-adds per descriptor, far beyond any VPUNN "
                   "model");
  g_clear_error (&error);
  /* Within the limit the same construction loads and runs. */
  ms.n_layers = 6;
  const gint32 out6[] = { 7 };
  ms.outputs = out6;
  g_autoptr(VsVpunnModel) ok = load_spec (&ms, &error);
  g_assert_no_error (error);
  g_autofree float *x = g_new0 (float, WIDE);
  g_autofree float *y = g_new0 (float, WIDE);
  vs_vpunn_model_run (ok, x, 1, y);
  g_assert_cmpfloat (y[0], ==, 0.0f);
}

/* Raw bytes: too short, wrong identifier, offsets past the end. */
static void
test_bad_bytes (void)
{
  g_autoptr(GError) error = NULL;
  g_assert_null (vs_vpunn_model_load_from_data ((const guint8 *) "", 0, "e.vpunn", &error));
  g_assert_error (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "e.vpunn: 0 bytes is too short for a FlatBuffer");
  g_clear_error (&error);

  ModelSpec ms = small_model ();
  g_autoptr(GBytes) bytes = build (&ms);
  gsize size;
  guint8 *data = g_memdup2 (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));
  memcpy (data + 4, "TFL3", 4);
  g_assert_null (vs_vpunn_model_load_from_data (data, size, "x.vpunn", &error));
  g_assert_cmpstr (error->message, ==, "x.vpunn: file identifier is 'TFL3', expected 'VPUN'");
  g_clear_error (&error);
  memcpy (data + 4, "VPUN", 4);
  data[0] = 0xf0;
  data[1] = 0xff;
  g_assert_null (vs_vpunn_model_load_from_data (data, size, "x.vpunn", &error));
  g_assert_error (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, "x.vpunn: root offset 65520 is outside"));
  g_clear_error (&error);
  g_free (data);

  g_assert_null (vs_vpunn_model_load ("/nonexistent/m.vpunn", &error));
  g_assert_error (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/m.vpunn"));
}

/* L2 normalization and sigmoid (no published model uses them): a 40-wide
 * row exercises the SSE-order sum of squares, on every instruction set. */
static void
test_l2_and_sigmoid (void)
{
  enum { N = 40 };
  float eye[N * N];
  for (guint i = 0; i < N * N; i++)
    eye[i] = i / N == i % N ? 1.0f : 0.0f;
  const BufferSpec buffers[] = { { (const float[]) { 0 }, 1, 0 }, { eye, N * N, 0 } };
  const TensorSpec tensors[] = {
    { "in", { 1, N }, 2, 0, 0 }, { "l2", { 1, N }, 2, 0, 0 }, { "eye", { N, N }, 2, 1, 0 },
    { "out", { 1, N }, 2, 0, 0 },
  };
  const LayerSpec layers[] = {
    { "norm", { 0 }, 1, 1, 2, 0 },
    { "fc", { 1, 2 }, 2, 3, 1, 2 },
  };
  const gint32 outputs[] = { 3 };
  ModelSpec ms = { "L2-1-1", tensors, 4, zero_index, 1, outputs, 1, layers, 2, buffers, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnModel) m = load_spec (&ms, &error);
  g_assert_no_error (error);

  enum { B = 37 };
  float x[B * N], y[B * N];
  fill_descriptors (x, B * N, 5);
  for (guint k = 0; k < N; k++)
    x[k] = 0.0f;   /* row 0: norm 0, left as is */
  for (VsNnIsa isa = VS_NN_ISA_PORTABLE; isa <= VS_NN_ISA_AVX512; isa++) {
    if (!vs_nn_isa_supported (isa))
      continue;
    vs_nn_network_run (vs_vpunn_model_network (m), isa, x, B, y);
    for (guint r = 0; r < B; r++) {
      const float *row = x + r * N;
      float acc[4] = { 0, 0, 0, 0 };
      for (guint l = 0; l < 4; l++) {
        float p[8];
        for (guint q = 0; q < 8; q++)
          p[q] = row[4 * q + l] * row[4 * q + l];
        acc[l] = acc[l] + (((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7])));
      }
      float sum = (acc[0] + acc[1]) + (acc[2] + acc[3]);
      for (guint k = 32; k < N; k++)
        sum = sum + row[k] * row[k];
      float norm = sqrtf (sum), inv = 1.0f / norm;
      for (guint k = 0; k < N; k++) {
        float v = norm > 0 ? row[k] * inv : row[k];
        /* identity FC: 0 + ... + v*1 + ... + 0, exact */
        float want = 1.0f / (1.0f + expf (-v));
        if (!same_bits (y[r * N + k], want))
          g_error ("%s row %u value %u: %.9g, want %.9g", vs_nn_isa_name (isa), r, k,
                   y[r * N + k], want);
      }
    }
  }
}

/* A zero input times an infinite or NaN weight is NaN in the reference, so
 * single descriptors (which skip zero inputs when every weight is finite)
 * must not skip here: +-0 inputs meet infinities and a NaN in rows of both
 * summation orders and in the SSE tail, on every instruction set. */
static void
test_nonfinite_weights (void)
{
  enum { I = 37, O = 8, B = 20 };
  float w[O * I];
  for (guint i = 0; i < O * I; i++)
    w[i] = i / I == i % I ? 1.0f : 0.0f;
  w[1 * I + 9] = INFINITY;    /* row 1: sequential order (37 is not a multiple of 4) */
  w[4 * I + 10] = -INFINITY;  /* row 4: SSE order, in the first block */
  w[6 * I + 33] = NAN;        /* row 6: sequential */
  w[0 * I + 35] = INFINITY;   /* row 0: SSE order, in the tail */
  const BufferSpec buffers[] = { { (const float[]) { 0 }, 1, 0 }, { w, O * I, 0 } };
  const TensorSpec tensors[] = {
    { "in", { 1, I }, 2, 0, 0 }, { "w", { O, I }, 2, 1, 0 }, { "out", { 1, O }, 2, 0, 0 },
  };
  const LayerSpec layers[] = { { "fc", { 0, 1 }, 2, 2, 1, 0 } };
  const gint32 inputs[] = { 0 }, outputs[] = { 2 };
  ModelSpec ms = { "INF-1-1", tensors, 3, inputs, 1, outputs, 1, layers, 1, buffers, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnModel) m = load_spec (&ms, &error);
  g_assert_no_error (error);

  float x[B * I], y[B * O];
  fill_descriptors (x, B * I, 11);
  for (guint r = 0; r < B; r++) {
    float *row = x + r * I;
    for (guint k = 0; k < O; k++)
      row[k] = (float) (k + 1);
    row[9] = 0.0f;
    row[10] = -0.0f;
    row[33] = r % 2 ? 0.0f : -0.0f;
    row[35] = 0.0f;
  }
  for (VsNnIsa isa = VS_NN_ISA_PORTABLE; isa <= VS_NN_ISA_AVX512; isa++) {
    if (!vs_nn_isa_supported (isa))
      continue;
    for (gsize batch = 1; batch <= B; batch += B - 1) {
      memset (y, 0, sizeof y);
      for (gsize r = 0; r < B; r += batch)
        vs_nn_network_run (vs_vpunn_model_network (m), isa, x + r * I, batch, y + r * O);
      for (guint r = 0; r < B; r++)
        for (guint o = 0; o < O; o++) {
          const float got = y[r * O + o];
          if (o == 0 || o == 1 || o == 4 || o == 6)
            g_assert_true (isnan (got));
          else if (!same_bits (got, (float) (o + 1)))
            g_error ("%s, batch %" G_GSIZE_FORMAT ", row %u, output %u: %.9g, want %u",
                     vs_nn_isa_name (isa), batch, r, o, got, o + 1);
        }
    }
  }
}

/* The reference's sum for one output row (SPEC.md §2.6), written plainly
 * with every product, zero or not: the SSE order for rows whose weights it
 * sees 16-byte aligned, else the sequential one. */
static float
reference_row (const float *x, const float *w, guint in, guint o)
{
  float r = 0.0f;
  guint k = 0;
  if ((guint64) o * in % 4 == 0 && in >= 32) {
    float acc[4] = { 0, 0, 0, 0 };
    for (; k + 32 <= in; k += 32)
      for (guint l = 0; l < 4; l++) {
        float p[8];
        for (guint q = 0; q < 8; q++)
          p[q] = x[k + 4 * q + l] * w[k + 4 * q + l];
        acc[l] = acc[l] + (((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7])));
      }
    r = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  }
  for (; k < in; k++)
    r = r + x[k] * w[k];
  return r;
}

/* A value of random sign and magnitude (2^-12 .. 2^12), so that the order of
 * the sums shows in the last bits. */
static float
random_value (GRand *rand)
{
  float v = (float) g_rand_double_range (rand, 1.0, 2.0);
  v = ldexpf (v, g_rand_int_range (rand, -12, 13));
  return g_rand_boolean (rand) ? v : -v;
}

/* Zero inputs are left out of the sums (one descriptor) or, when zero in
 * every lane, of a chunk's: every pattern of present leaves of an SSE-order
 * unit (256 masks, the 26 tree shapes they prune to) in every unit, the
 * tail and the sequential rows, with +0 and -0 for the zeros, against the
 * plain sum above, alone and in batches whose chunks share their zeros, on
 * every instruction set.  67 inputs: two blocks and a tail; 300 rows: SSE
 * rows (every 4th) in two panels of a chunk, sequential rows in between. */
static void
test_pruned_sums (void)
{
  enum { I = 67, O = 300, N = 256 * 16 };
  GRand *rand = g_rand_new_with_seed (99);
  g_autofree float *w = g_new (float, O * I);
  for (guint i = 0; i < O * I; i++)
    w[i] = random_value (rand);
  const BufferSpec buffers[] = { { (const float[]) { 0 }, 1, 0 }, { w, O * I, 0 } };
  const TensorSpec tensors[] = {
    { "in", { 1, I }, 2, 0, 0 }, { "w", { O, I }, 2, 1, 0 }, { "out", { 1, O }, 2, 0, 0 },
  };
  const LayerSpec layers[] = { { "fc", { 0, 1 }, 2, 2, 1, 0 } };
  const gint32 inputs[] = { 0 }, outputs[] = { 2 };
  ModelSpec ms = { "PRUNE-1-1", tensors, 3, inputs, 1, outputs, 1, layers, 1, buffers, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnModel) m = load_spec (&ms, &error);
  g_assert_no_error (error);

  /* Descriptors 16m .. 16m+15 share their zeros: unit (block b, lane l)
   * has the leaves of mask (m * (1 + 2(4b+l))) & 255 (m itself in unit
   * 0), the tail those of m's low bits. */
  g_autofree float *x = g_new (float, (gsize) N * I);
  g_autofree float *want = g_new (float, (gsize) N * O);
  for (guint d = 0; d < N; d++) {
    const guint mask = d / 16;
    float *row = x + (gsize) d * I;
    for (guint k = 0; k < I; k++) {
      const guint b = k / 32, l = k % 4, q = k % 32 / 4;
      const gboolean present = k < 64 ? ((mask * (1 + 2 * (4 * b + l))) & 255) >> q & 1
                                      : mask >> (k - 64) & 1;
      row[k] = present ? random_value (rand) : g_rand_boolean (rand) ? 0.0f : -0.0f;
    }
    for (guint o = 0; o < O; o++)
      want[(gsize) d * O + o] = reference_row (row, w + (gsize) o * I, I, o);
  }
  g_rand_free (rand);

  g_autofree float *y = g_new (float, (gsize) N * O);
  for (VsNnIsa isa = VS_NN_ISA_PORTABLE; isa <= VS_NN_ISA_AVX512; isa++) {
    if (!vs_nn_isa_supported (isa))
      continue;
    for (gsize batch = 1; batch <= N; batch *= N) {
      memset (y, 0xff, (gsize) N * O * sizeof (float));
      for (gsize d = 0; d < N; d += batch)
        vs_nn_network_run (vs_vpunn_model_network (m), isa, x + d * I, batch, y + d * O);
      for (gsize i = 0; i < (gsize) N * O; i++)
        if (!same_bits (y[i], want[i]))
          g_error ("%s, batch %" G_GSIZE_FORMAT ", descriptor %" G_GSIZE_FORMAT ", row %"
                   G_GSIZE_FORMAT ": %.9g, want %.9g", vs_nn_isa_name (isa), batch, i / O,
                   i % O, y[i], want[i]);
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vpunn/model/shipped", test_shipped_models);
  g_test_add_func ("/vpunn/model/models-folder", test_models_folder);
  g_test_add_func ("/vpunn/model/golden-descriptors", test_golden_descriptors);
  g_test_add_func ("/vpunn/model/spec-appendix-a", test_spec_vectors);
  g_test_add_func ("/vpunn/model/batch-equals-single", test_batch_equals_single);
  g_test_add_func ("/vpunn/model/reentrant", test_reentrant);
  g_test_add_func ("/vpunn/model/built", test_built_model);
  g_test_add_func ("/vpunn/model/version-names", test_version_names);
  g_test_add_func ("/vpunn/model/built-errors", test_built_errors);
  g_test_add_func ("/vpunn/model/bad-bytes", test_bad_bytes);
  g_test_add_func ("/vpunn/model/work-limit", test_work_limit);
  g_test_add_func ("/vpunn/model/l2-sigmoid", test_l2_and_sigmoid);
  g_test_add_func ("/vpunn/model/pruned-sums", test_pruned_sums);
  g_test_add_func ("/vpunn/model/nonfinite-weights", test_nonfinite_weights);
  return g_test_run ();
}
