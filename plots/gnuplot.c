/* SPDX-License-Identifier: Apache-2.0 */
/* gnuplot.c — temp folder, script, run, rename: the life of one plot. */
#include "plots/gnuplot.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sim/base/output_file.h"

G_DEFINE_QUARK (vs-gnuplot-error-quark, vs_gnuplot_error)

struct VsGnuplot {
  char *path;                   /* the final picture */
  char *gnuplot;
  char *dir;                    /* private temporary folder */
  char *temp_output;            /* beside path, renamed onto it at the end */
  GPtrArray *files;             /* files created in dir */
  GString *script;
};

char *
vs_gnuplot_find (void)
{
  return g_find_program_in_path ("gnuplot");
}

void
vs_gnuplot_append_string (GString *out, const char *s)
{
  g_string_append_c (out, '\'');
  for (const char *p = s; *p != '\0'; p++) {
    if (*p == '\'')
      g_string_append_c (out, '\'');   /* '' is a quote inside '...' */
    /* A newline would end the script line: labels never need one. */
    g_string_append_c (out, *p == '\n' || *p == '\r' ? ' ' : *p);
  }
  g_string_append_c (out, '\'');
}

void
vs_gnuplot_free (VsGnuplot *plot)
{
  if (plot == NULL)
    return;
  for (guint i = 0; i < plot->files->len; i++)
    g_unlink (plot->files->pdata[i]);
  if (plot->dir != NULL)
    g_rmdir (plot->dir);
  if (plot->temp_output != NULL)
    g_unlink (plot->temp_output);
  g_ptr_array_unref (plot->files);
  g_string_free (plot->script, TRUE);
  g_free (plot->path);
  g_free (plot->gnuplot);
  g_free (plot->dir);
  g_free (plot->temp_output);
  g_free (plot);
}

VsGnuplot *
vs_gnuplot_new (const char *path, guint width, guint height, GError **error)
{
  const char *ext = strrchr (path, '.');
  gboolean svg;
  if (ext != NULL && g_ascii_strcasecmp (ext, ".png") == 0)
    svg = FALSE;
  else if (ext != NULL && g_ascii_strcasecmp (ext, ".svg") == 0)
    svg = TRUE;
  else {
    g_set_error (error, VS_GNUPLOT_ERROR, VS_GNUPLOT_ERROR_FORMAT,
                 "%s: a plot must end in .png or .svg", path);
    return NULL;
  }
  g_autoptr(VsGnuplot) plot = g_new0 (VsGnuplot, 1);
  plot->files = g_ptr_array_new_with_free_func (g_free);
  plot->script = g_string_new ("set encoding utf8\n");
  plot->path = g_strdup (path);
  plot->gnuplot = vs_gnuplot_find ();
  if (plot->gnuplot == NULL) {
    g_set_error (error, VS_GNUPLOT_ERROR, VS_GNUPLOT_ERROR_NOT_FOUND,
                 "cannot draw %s: gnuplot not found; install gnuplot-nox", path);
    return NULL;
  }
  g_autoptr(GError) local = NULL;
  plot->dir = g_dir_make_tmp ("vpusim-plot-XXXXXX", &local);
  if (plot->dir == NULL) {
    g_set_error (error, VS_GNUPLOT_ERROR, VS_GNUPLOT_ERROR_IO, "cannot draw %s: %s", path,
                 local->message);
    return NULL;
  }
  /* gnuplot runs in the plot's folder: its output must not be relative. */
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  plot->temp_output = vs_output_file_temp_beside (absolute, svg ? ".svg" : ".png", error);
  if (plot->temp_output == NULL)
    return NULL;
  if (svg)
    g_string_append_printf (plot->script, "set terminal svg size %u,%u dynamic noenhanced "
                            "font 'Sans,13' background rgb 'white'\n", width, height);
  else
    g_string_append_printf (plot->script, "set terminal pngcairo size %u,%u noenhanced "
                            "font 'Sans,12' background rgb 'white'\n", width, height);
  g_string_append (plot->script, "set output ");
  vs_gnuplot_append_string (plot->script, plot->temp_output);
  g_string_append_c (plot->script, '\n');
  return g_steal_pointer (&plot);
}

const char *
vs_gnuplot_add_data (VsGnuplot *plot, const char *name, const GString *data, GError **error)
{
  char *file = g_build_filename (plot->dir, name, NULL);
  g_ptr_array_add (plot->files, file);
  if (!g_file_set_contents (file, data->str, (gssize) data->len, error))
    return NULL;
  return file;
}

gboolean
vs_gnuplot_plot_data (VsGnuplot *plot, const char *name, const GString *data, gboolean *any,
                      GError **error)
{
  const char *file = vs_gnuplot_add_data (plot, name, data, error);
  if (file == NULL)
    return FALSE;
  if (*any)
    g_string_append (plot->script, ", \\\n     ");
  *any = TRUE;
  vs_gnuplot_append_string (plot->script, file);
  return TRUE;
}

GString *
vs_gnuplot_script (VsGnuplot *plot)
{
  return plot->script;
}

gboolean
vs_gnuplot_finish (VsGnuplot *plot_in, GError **error)
{
  g_autoptr(VsGnuplot) plot = plot_in;
  g_string_append (plot->script, "\nset output\n");
  g_autofree char *script_name = g_build_filename (plot->dir, "plot.gp", NULL);
  g_ptr_array_add (plot->files, g_strdup (script_name));
  if (!g_file_set_contents (script_name, plot->script->str, (gssize) plot->script->len, error))
    return FALSE;
  const char *argv[] = { plot->gnuplot, script_name, NULL };
  g_autofree char *out_text = NULL, *err_text = NULL;
  int status = 0;
  g_autoptr(GError) local = NULL;
  if (!g_spawn_sync (plot->dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out_text,
                     &err_text, &status, &local)) {
    g_set_error (error, VS_GNUPLOT_ERROR, VS_GNUPLOT_ERROR_FAILED, "cannot draw %s: %s",
                 plot->path, local->message);
    return FALSE;
  }
  if (!g_spawn_check_wait_status (status, NULL)) {
    g_set_error (error, VS_GNUPLOT_ERROR, VS_GNUPLOT_ERROR_FAILED,
                 "cannot draw %s: gnuplot failed: %s", plot->path,
                 err_text != NULL && *err_text ? g_strstrip (err_text) : "(no message)");
    return FALSE;
  }
  GStatBuf st;
  if (g_stat (plot->temp_output, &st) != 0 || st.st_size == 0) {
    g_set_error (error, VS_GNUPLOT_ERROR, VS_GNUPLOT_ERROR_FAILED,
                 "cannot draw %s: gnuplot wrote nothing", plot->path);
    return FALSE;
  }
  if (!vs_output_file_commit (plot->temp_output, plot->path, error))
    return FALSE;
  g_clear_pointer (&plot->temp_output, g_free);   /* committed: nothing to remove */
  return TRUE;
}
