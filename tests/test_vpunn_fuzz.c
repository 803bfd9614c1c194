/* SPDX-License-Identifier: Apache-2.0 */
/* test_vpunn_fuzz.c — hostile .vpunn bytes: truncated and mutated copies of
 * every published model either fail to load with a format error or load
 * into a model that evaluates without crashing.  Run under ASan/valgrind this
 * also proves no out-of-bounds read and no leak.  VS_FUZZ_ITERATIONS sets
 * the number of mutated copies per model (default 400); truncations are
 * thinned out in proportion below that. */
#include <stdlib.h>
#include <string.h>

#include "models/vpunn/vpunn_model.h"
#include "tests/test_support.h"

static guint
iterations (void)
{
  const char *env = g_getenv ("VS_FUZZ_ITERATIONS");
  if (env != NULL && *env != '\0')
    return (guint) MAX (1, atoi (env));
  return 400;
}

/* Load; a loaded model must evaluate (batch 1 runs the single-descriptor
 * path, batch 6 a partial vector chunk). */
static gboolean
try_load (const guint8 *data, gsize size, guint *loaded, guint *failed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnModel) m = vs_vpunn_model_load_from_data (data, size, "fuzz.vpunn", &error);
  if (m == NULL) {
    g_assert_nonnull (error);
    g_assert_true (error->domain == VS_VPUNN_ERROR);
    g_assert_true (g_str_has_prefix (error->message, "fuzz.vpunn: "));
    (*failed)++;
    return FALSE;
  }
  g_assert_no_error (error);
  gsize in = vs_vpunn_model_input_size (m), out = vs_vpunn_model_output_size (m);
  g_assert_cmpuint (in, >, 0);
  g_assert_cmpuint (out, >, 0);
  g_autofree float *x = g_new (float, 6 * in);
  g_autofree float *y = g_new (float, 6 * out);
  for (gsize i = 0; i < 6 * in; i++)
    x[i] = (float) (i % 7) - 2.0f;
  vs_vpunn_model_run (m, x, 1, y);
  vs_vpunn_model_run (m, x, 6, y);
  (*loaded)++;
  return TRUE;
}

static GPtrArray *
model_files (void)
{
  g_autofree char *dir = vs_test_vpunn_models_dir ();
  if (dir == NULL)
    return NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  for (const char *f; (f = g_dir_read_name (d)) != NULL;)
    if (g_str_has_suffix (f, ".vpunn"))
      g_ptr_array_add (files, g_build_filename (dir, f, NULL));
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);   /* deterministic order */
  g_assert_cmpuint (files->len, >, 0);
  return files;
}

static void
test_truncated (void)
{
  g_autoptr(GPtrArray) files = model_files ();
  if (files == NULL)
    return;
  guint n = iterations ();
  guint spread = MAX (16, n / 2);
  for (guint f = 0; f < files->len; f++) {
    g_autofree guint8 *data = NULL;
    gsize size;
    g_assert_true (g_file_get_contents (files->pdata[f], (char **) &data, &size, NULL));
    guint loaded = 0, failed = 0;
    /* Every length over the header and the first tables. */
    for (gsize len = 0; len < MIN (size, 512); len++)
      try_load (data, len, &loaded, &failed);
    /* A spread over the rest, plus the last bytes (where the Python
     * builder puts the tensor and layer tables). */
    for (guint i = 0; i < spread; i++) {
      gsize len = 512 + (size - 512) * i / spread;
      try_load (data, len, &loaded, &failed);
    }
    for (gsize cut = 1; cut <= MIN (size, 64); cut++)
      try_load (data, size - cut, &loaded, &failed);
    /* The whole file loads; no strict prefix of it can. */
    g_assert_cmpuint (loaded, ==, 0);
    g_assert_true (try_load (data, size, &loaded, &failed));
  }
}

/* Positions worth hitting: the structure sits in the first few hundred
 * bytes and the last kilobytes; the middle is float data. */
static gsize
pick_offset (GRand *rand, gsize size)
{
  gint32 where = g_rand_int_range (rand, 0, 10);
  if (where < 4)
    return (gsize) g_rand_int_range (rand, 0, (gint32) MIN (size, 1024));
  if (where < 8) {
    gsize tail = MIN (size, 4096);
    return size - tail + (gsize) g_rand_int_range (rand, 0, (gint32) tail);
  }
  return (gsize) g_rand_double_range (rand, 0, (double) size);
}

static void
mutate (GRand *rand, guint8 *data, gsize size)
{
  static const guint32 interesting[] = {
    0, 1, 2, 3, 4, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
    0x7fffffff, 0x80000000u, 0xfffffffcu, 0xffffffffu,
  };
  guint n = (guint) g_rand_int_range (rand, 1, 5);
  for (guint i = 0; i < n; i++) {
    gsize at = MIN (pick_offset (rand, size), size - 1);
    switch (g_rand_int_range (rand, 0, 4)) {
    case 0:
      data[at] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
      break;
    case 1:
      data[at] = (guint8) g_rand_int_range (rand, 0, 256);
      break;
    default: {
      guint32 v = g_rand_boolean (rand)
                    ? interesting[g_rand_int_range (rand, 0, G_N_ELEMENTS (interesting))]
                    : g_rand_int (rand) % (guint32) (2 * size + 1);
      gsize room = MIN (size - at, 4);
      v = GUINT32_TO_LE (v);
      memcpy (data + at, &v, room);
      break;
    }
    }
  }
}

static void
test_mutated (void)
{
  g_autoptr(GPtrArray) files = model_files ();
  if (files == NULL)
    return;
  guint n = iterations ();
  GRand *rand = g_rand_new_with_seed (20240601);
  guint loaded = 0, failed = 0;
  for (guint f = 0; f < files->len; f++) {
    g_autofree guint8 *data = NULL;
    gsize size;
    g_assert_true (g_file_get_contents (files->pdata[f], (char **) &data, &size, NULL));
    g_autofree guint8 *copy = g_malloc (size);
    for (guint i = 0; i < n; i++) {
      memcpy (copy, data, size);
      mutate (rand, copy, size);
      try_load (copy, size, &loaded, &failed);
    }
  }
  g_rand_free (rand);
  g_test_message ("%u mutated copies loaded, %u rejected", loaded, failed);
  /* Both outcomes must occur, or the mutations test nothing. */
  g_assert_cmpuint (failed, >, 0);
  g_assert_cmpuint (loaded, >, 0);
}

/* Random bytes behind a valid header. */
static void
test_random_bytes (void)
{
  GRand *rand = g_rand_new_with_seed (7);
  guint n = iterations ();
  guint loaded = 0, failed = 0;
  for (guint i = 0; i < n; i++) {
    gsize size = (gsize) g_rand_int_range (rand, 8, 2048);
    g_autofree guint8 *data = g_malloc (size);
    for (gsize k = 0; k < size; k++)
      data[k] = (guint8) g_rand_int_range (rand, 0, 256);
    memcpy (data + 4, "VPUN", 4);
    guint32 root = GUINT32_TO_LE ((guint32) g_rand_int_range (rand, 8, (gint32) size) & ~3u);
    memcpy (data, &root, 4);
    try_load (data, size, &loaded, &failed);
  }
  g_rand_free (rand);
  g_assert_cmpuint (failed, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vpunn/fuzz/truncated", test_truncated);
  g_test_add_func ("/vpunn/fuzz/mutated", test_mutated);
  g_test_add_func ("/vpunn/fuzz/random-bytes", test_random_bytes);
  return g_test_run ();
}
