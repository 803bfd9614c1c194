/* SPDX-License-Identifier: Apache-2.0 */
/* output_set.c — claim outputs before the work, commit them together.
 * See output_set.h. */
#include "config.h"

#include "sim/base/output_set.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

G_DEFINE_QUARK (vs-output-set-error-quark, vs_output_set_error)

typedef struct {
  char *option;
  char *path;                   /* as given */
  char *canonical;              /* for spotting the same target twice */
  char *staged;                 /* NULL once committed */
  gboolean committed;
} Output;

struct VsOutputSet {
  GArray *outputs;              /* Output */
};

static void
output_clear (Output *o)
{
  if (o->staged != NULL)
    g_unlink (o->staged);
  g_free (o->option);
  g_free (o->path);
  g_free (o->canonical);
  g_free (o->staged);
}

VsOutputSet *
vs_output_set_new (void)
{
  VsOutputSet *set = g_new0 (VsOutputSet, 1);
  set->outputs = g_array_new (FALSE, TRUE, sizeof (Output));
  g_array_set_clear_func (set->outputs, (GDestroyNotify) output_clear);
  return set;
}

void
vs_output_set_free (VsOutputSet *set)
{
  if (set == NULL)
    return;
  g_array_unref (set->outputs);
  g_free (set);
}

static gboolean
has_extension (const char *path, const char *const *extensions)
{
  const char *base = strrchr (path, G_DIR_SEPARATOR);
  base = base != NULL ? base + 1 : path;
  const char *dot = strrchr (base, '.');
  if (dot == NULL || dot == base)
    return FALSE;
  for (guint i = 0; extensions[i] != NULL; i++)
    if (g_ascii_strcasecmp (dot, extensions[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
extension_list (const char *const *extensions)
{
  GString *s = g_string_new (NULL);
  guint n = g_strv_length ((char **) extensions);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", extensions[i]);
  return g_string_free (s, FALSE);
}

const char *
vs_output_set_claim (VsOutputSet *set, const char *option, const char *path,
                     const char *const *extensions, GError **error)
{
  g_return_val_if_fail (set != NULL && option != NULL && path != NULL, NULL);
  if (*path == '\0' || g_str_has_suffix (path, G_DIR_SEPARATOR_S) ||
      g_file_test (path, G_FILE_TEST_IS_DIR)) {
    g_set_error (error, VS_OUTPUT_SET_ERROR, VS_OUTPUT_SET_ERROR_NAME,
                 "%s: '%s' is a folder, not a file name", option, path);
    return NULL;
  }
  if (extensions != NULL && !has_extension (path, extensions)) {
    g_autofree char *list = extension_list (extensions);
    g_set_error (error, VS_OUTPUT_SET_ERROR, VS_OUTPUT_SET_ERROR_NAME,
                 "%s: %s: the name must end in %s", option, path, list);
    return NULL;
  }
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  for (guint i = 0; i < set->outputs->len; i++) {
    const Output *o = &g_array_index (set->outputs, Output, i);
    if (strcmp (o->canonical, canonical) == 0) {
      g_set_error (error, VS_OUTPUT_SET_ERROR, VS_OUTPUT_SET_ERROR_NAME,
                   "%s and %s both write %s", o->option, option, path);
      return NULL;
    }
  }
  const char *dot = strrchr (canonical, '.');
  const char *slash = strrchr (canonical, G_DIR_SEPARATOR);
  const char *suffix = dot != NULL && (slash == NULL || dot > slash + 1) ? dot : "";
  /* A dot file beside the target: the final rename stays in one folder. */
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX%s", base, suffix);
  char *staged = g_build_filename (dir, name, NULL);
  int fd = g_mkstemp_full (staged, O_RDWR, 0644);
  if (fd < 0) {
    int saved = errno;
    g_free (staged);
    g_set_error (error, VS_OUTPUT_SET_ERROR, VS_OUTPUT_SET_ERROR_WRITE,
                 "%s: %s: cannot create a file in %s: %s", option, path, dir, g_strerror (saved));
    return NULL;
  }
  close (fd);
  Output o = { g_strdup (option), g_strdup (path), g_steal_pointer (&canonical), staged, FALSE };
  g_array_append_val (set->outputs, o);
  return staged;
}

const char *
vs_output_set_staged (const VsOutputSet *set, const char *path)
{
  for (guint i = 0; i < set->outputs->len; i++) {
    const Output *o = &g_array_index (set->outputs, Output, i);
    if (strcmp (o->path, path) == 0)
      return o->staged;
  }
  return NULL;
}

char *
vs_output_set_unstage (const VsOutputSet *set, const char *message)
{
  g_autoptr(GString) s = g_string_new (message);
  for (guint i = 0; i < set->outputs->len; i++) {
    const Output *o = &g_array_index (set->outputs, Output, i);
    if (o->staged != NULL)
      g_string_replace (s, o->staged, o->path, 0);
  }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
vs_output_set_commit (VsOutputSet *set, GError **error)
{
  for (guint i = 0; i < set->outputs->len; i++) {
    Output *o = &g_array_index (set->outputs, Output, i);
    if (g_rename (o->staged, o->path) != 0) {
      int saved = errno;
      g_set_error (error, VS_OUTPUT_SET_ERROR, VS_OUTPUT_SET_ERROR_WRITE, "%s: cannot write %s: %s",
                   o->option, o->path, g_strerror (saved));
      /* none rather than some: take back what was moved (the staged files
       * left are removed when the set is freed) */
      for (guint k = 0; k < i; k++)
        g_unlink (g_array_index (set->outputs, Output, k).path);
      return FALSE;
    }
    g_clear_pointer (&o->staged, g_free);
    o->committed = TRUE;
  }
  return TRUE;
}
