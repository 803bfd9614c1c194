/* SPDX-License-Identifier: Apache-2.0 */
/* test_fuzz_replay.c — every fuzz target over its seeds and the bad-input
 * corpus, plus truncated and bit-flipped copies of each, without libFuzzer.
 * This is what keeps the corpus honest in `make check` (and under ASan and
 * valgrind): a crash here is a parser bug. */
#include <glib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tests/test_support.h"

/* A seed source: a folder and the file suffix to take from it.  Folders
 * under ../shared are optional here (the golden tests require them). */
typedef struct {
  const char *dir;
  const char *suffix;
  gboolean shared;
} VsSeedDir;

static const VsSeedDir csv_seeds[] = {
  { "tests/bad", ".csv", FALSE },
  { "vpunn/golden", ".csv", TRUE },
  { NULL, NULL, FALSE },
};

static const VsSeedDir schedule_seeds[] = {
  { "scenarios", ".yaml", FALSE },
  { "tests/bad", ".yaml", FALSE },
  { NULL, NULL, FALSE },
};

static const VsSeedDir device_seeds[] = {
  { "hw/presets", ".yaml", FALSE },
  { "tests/bad", ".yaml", FALSE },
  { NULL, NULL, FALSE },
};

/* The model files are large: their truncations and flips are covered by
 * tests/test_vpunn_fuzz; here the small fast model only. */
static const VsSeedDir vpunn_seeds[] = {
  { "vpunn/models", ".fast.vpunn", TRUE },
  { NULL, NULL, FALSE },
};

static const VsSeedDir shave_table_seeds[] = {
  { "vpunn/models", ".csv", TRUE },
  { "tests/bad", ".csv", FALSE },
  { NULL, NULL, FALSE },
};

/* The importers: hand-made seeds, the bad corpus and the inputs that once
 * crashed a parser (tests/fuzz/regressions/TARGET, any name). */
static const VsSeedDir vpurt_mlir_seeds[] = {
  { "tests/fuzz/seeds/vpurt_mlir", ".mlir", FALSE },
  { "tests/vpurt_syntax", ".mlir", FALSE },
  { "tests/bad", ".mlir", FALSE },
  { "tests/fuzz/regressions/vpurt_mlir", "", FALSE },
  { NULL, NULL, FALSE },
};

static const VsSeedDir profile_json_seeds[] = {
  { "tests/bad", ".json", FALSE },
  { "tests/bad", ".txt", FALSE },
  { "tests/fuzz/regressions/profile_json", "", FALSE },
  { NULL, NULL, FALSE },
};

static const VsSeedDir whatif_yaml_seeds[] = {
  { "scenarios", ".whatif.yaml", FALSE },
  { "tests/bad", ".whatif.yaml", FALSE },
  { "tests/fuzz/regressions/whatif_yaml", "", FALSE },
  { NULL, NULL, FALSE },
};

static const VsSeedDir network_yaml_seeds[] = {
  { "scenarios", ".net.yaml", FALSE },
  { "tests/fuzz/seeds/network_yaml", ".yaml", FALSE },
  { "tests/fuzz/regressions/network_yaml", "", FALSE },
  { NULL, NULL, FALSE },
};

static const struct {
  const char *name;
  int (*entry) (const uint8_t *data, size_t size);
  const VsSeedDir *seeds;
} targets[] = {
  { "csv", vs_fuzz_csv, csv_seeds },
  { "schedule_yaml", vs_fuzz_schedule_yaml, schedule_seeds },
  { "device_yaml", vs_fuzz_device_yaml, device_seeds },
  { "vpunn_model", vs_fuzz_vpunn_model, vpunn_seeds },
  { "shave_table", vs_fuzz_shave_table, shave_table_seeds },
  { "vpurt_mlir", vs_fuzz_vpurt_mlir, vpurt_mlir_seeds },
  { "profile_json", vs_fuzz_profile_json, profile_json_seeds },
  { "whatif_yaml", vs_fuzz_whatif_yaml, whatif_yaml_seeds },
  { "network_yaml", vs_fuzz_network_yaml, network_yaml_seeds },
};

static guint
iterations (void)
{
  const char *env = g_getenv ("VS_FUZZ_ITERATIONS");
  return env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 200;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
collect (const VsSeedDir *seed, GPtrArray *files)
{
  g_autofree char *dir = NULL;
  if (seed->shared) {
    const char *env = g_getenv ("VPUSIM_SHARED_DIR");
    g_autofree char *src = vs_test_source_file ("..");
    dir = env != NULL ? g_build_filename (env, seed->dir, NULL)
                      : g_build_filename (src, "shared", seed->dir, NULL);
  } else {
    dir = vs_test_source_file (seed->dir);
  }
  GDir *d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, seed->suffix))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  /* Directory order is not stable; the test must be. */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (files, g_build_filename (dir, names->pdata[i], NULL));
}

static void
run_target (gconstpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  for (const VsSeedDir *s = targets[index].seeds; s->dir != NULL; s++)
    collect (s, files);
  if (files->len == 0) {
    /* The seeds are in the source tree (tests/fuzz/seeds) and in the shared
     * data (../shared, or $VPUSIM_SHARED_DIR): say where they were looked for. */
    g_autoptr(GString) where = g_string_new (NULL);
    for (const VsSeedDir *s = targets[index].seeds; s->dir != NULL; s++)
      g_string_append_printf (where, "%s%s%s", where->len > 0 ? ", " : "",
                              s->shared ? "shared data " : "source tree ", s->dir);
    g_autofree char *msg = g_strdup_printf ("no seed files found (%s); put the shared data folder at "
                                            "../shared beside the source tree or set VPUSIM_SHARED_DIR",
                                            where->str);
    if (g_strcmp0 (g_getenv ("CI"), "true") == 0) {
      g_test_message ("%s", msg);
      g_test_fail ();
    } else {
      g_test_skip (msg);
    }
    return;
  }
  GRand *rand = g_rand_new_with_seed (20261124);
  guint n = iterations ();
  for (guint f = 0; f < files->len; f++) {
    g_autofree char *bytes = NULL;
    gsize size = 0;
    g_assert_true (g_file_get_contents (files->pdata[f], &bytes, &size, NULL));
    targets[index].entry ((const uint8_t *) bytes, size);
    /* Truncations and flips, spread over the file. */
    guint per_file = MAX (n / files->len, 4u);
    g_autofree guint8 *copy = g_malloc (size + 1);
    for (guint k = 0; k < per_file && size > 0; k++) {
      memcpy (copy, bytes, size);
      gsize cut = (gsize) g_rand_int_range (rand, 0, (gint32) MIN (size, (gsize) G_MAXINT32));
      if (k % 2 == 0) {
        targets[index].entry (copy, cut);
      } else {
        for (int flips = 0; flips < 4; flips++) {
          gsize at = (gsize) g_rand_int_range (rand, 0, (gint32) MIN (size, (gsize) G_MAXINT32));
          copy[at] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
        }
        targets[index].entry (copy, size);
      }
    }
  }
  g_rand_free (rand);
  g_test_message ("%s: %u seed files", targets[index].name, files->len);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++) {
    g_autofree char *path = g_strdup_printf ("/fuzz-replay/%s", targets[i].name);
    g_test_add_data_func (path, GUINT_TO_POINTER (i), run_target);
  }
  return g_test_run ();
}
