/* SPDX-License-Identifier: Apache-2.0 */
/* what_if_scenario.c — the vpusim-whatif reader.  The files are small, so
 * libyaml's document API builds the tree and a short walk checks it; every
 * node carries its mark for file:line:column errors. */
#include "sim/analysis/what_if_scenario.h"
#include "hw/input_file.h"
#include "hw/yaml_events.h"
#include "hw/yaml_tree.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <yaml.h>

#include "sim/cost/cost_spec.h"
#include "sim/base/output_file.h"
#include "sim/analysis/what_if.h"

G_DEFINE_QUARK (vs-what-if-error-quark, vs_what_if_error)

#define MAX_TOP_LAYERS 10000

typedef struct {
  VsYamlTree tree;              /* first: the walk's callbacks get it as the Doc */
  char *dir;                    /* the scenario's folder, for relative paths */
} Doc;

static gboolean
parse_uint (Doc *d, yaml_node_t *n, const char *key, guint64 max, guint *out)
{
  const char *v = vs_yaml_tree_scalar (&d->tree, n, key);
  guint64 value;
  if (v == NULL)
    return FALSE;
  if (!g_ascii_string_to_unsigned (v, 10, 0, max, &value, NULL))
    return vs_yaml_tree_fail (&d->tree, &n->start_mark, VS_WHAT_IF_ERROR_PARSE,
                 "'%s' must be an integer from 0 to %" G_GUINT64_FORMAT ", not '%s'", key, max, v);
  *out = (guint) value;
  return TRUE;
}

/* A path written in the scenario: relative to the scenario's folder. */
static char *
resolve (Doc *d, const char *path)
{
  return g_path_is_absolute (path) ? g_strdup (path) : g_build_filename (d->dir, path, NULL);
}

/* --- sweep and speedups ------------------------------------------------ */

/* An unknown device key is reported at the key, with the device's list of
 * valid keys. */
static gboolean
check_device_key (Doc *d, const char *key, yaml_node_t *key_node, const char *what)
{
  if (vs_device_key_doc (key) != NULL)
    return TRUE;
  VsDevice scratch;
  memset (&scratch, 0, sizeof scratch);
  g_autoptr(GError) local = NULL;
  vs_device_set_value (&scratch, key, "0", &local);
  return vs_yaml_tree_fail (&d->tree, &key_node->start_mark, VS_WHAT_IF_ERROR_INVALID, "%s: %s", what,
               local != NULL ? local->message : "unknown device key");
}

static gboolean
sweep_axis (VsYamlTree *tree, const char *key, yaml_node_t *key_node, yaml_node_t *value, gpointer data)
{
  Doc *d = (Doc *) tree;
  VsWhatIfScenario *sc = data;
  if (!check_device_key (d, key, key_node, "sweep"))
    return FALSE;
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  if (value->type == YAML_SEQUENCE_NODE) {
    for (yaml_node_item_t *i = value->data.sequence.items.start;
         i < value->data.sequence.items.top; i++) {
      yaml_node_t *item = vs_yaml_tree_node (&d->tree, *i, &value->start_mark);
      if (item == NULL)
        return FALSE;
      g_ptr_array_add (values, item);
    }
  } else {
    g_ptr_array_add (values, value);      /* one value: a fixed key of the grid */
  }
  if (values->len == 0)
    return vs_yaml_tree_fail (&d->tree, &value->start_mark, VS_WHAT_IF_ERROR_INVALID, "sweep key '%s' has no values",
                 key);
  g_autofree const char **texts = g_new (const char *, values->len + 1);
  for (guint i = 0; i < values->len; i++) {
    yaml_node_t *item = values->pdata[i];
    if ((texts[i] = vs_yaml_tree_scalar (&d->tree, item, key)) == NULL)
      return FALSE;
    /* Check each value here, so the error points at it. */
    VsDevice scratch;
    memset (&scratch, 0, sizeof scratch);
    g_autoptr(GError) local = NULL;
    if (!vs_device_set_value (&scratch, key, texts[i], &local))
      return vs_yaml_tree_fail (&d->tree, &item->start_mark, VS_WHAT_IF_ERROR_INVALID, "sweep: %s", local->message);
  }
  g_autofree char *where = g_strdup_printf ("%s:%d:%d: sweep", d->tree.origin,
                                            (int) key_node->start_mark.line + 1,
                                            (int) key_node->start_mark.column + 1);
  g_autoptr(GError) local = NULL;
  if (!vs_sweep_grid_add_values (sc->sweep, key, texts, values->len, where, &local)) {
    if (d->tree.error == NULL)
      d->tree.error = g_error_new_literal (VS_WHAT_IF_ERROR, VS_WHAT_IF_ERROR_INVALID, local->message);
    return FALSE;
  }
  return TRUE;
}

static gboolean
sweep_key (VsYamlTree *tree, const char *key, yaml_node_t *key_node, yaml_node_t *value, gpointer data)
{
  Doc *d = (Doc *) tree;
  if (strcmp (key, "set") == 0)
    return vs_yaml_tree_each_pair (&d->tree, value, "sweep: set", sweep_axis, data);
  return vs_yaml_tree_fail (&d->tree, &key_node->start_mark, VS_WHAT_IF_ERROR_PARSE,
               "unknown key '%s' in sweep (valid keys: set)", key);
}

static gboolean
speedups_key (VsYamlTree *tree, const char *key, yaml_node_t *key_node, yaml_node_t *value, gpointer data)
{
  Doc *d = (Doc *) tree;
  VsWhatIfScenario *sc = data;
  if (strcmp (key, "top") == 0)
    return parse_uint (d, value, "top", MAX_TOP_LAYERS, &sc->top);
  return vs_yaml_tree_fail (&d->tree, &key_node->start_mark, VS_WHAT_IF_ERROR_PARSE,
               "unknown key '%s' in speedups (valid keys: top)", key);
}

static gboolean
override_key (VsYamlTree *tree, const char *key, yaml_node_t *key_node, yaml_node_t *value, gpointer data)
{
  Doc *d = (Doc *) tree;
  VsWhatIfScenario *sc = data;
  if (!check_device_key (d, key, key_node, "overrides"))
    return FALSE;
  const char *text = vs_yaml_tree_scalar (&d->tree, value, key);
  if (text == NULL)
    return FALSE;
  VsDevice scratch;
  memset (&scratch, 0, sizeof scratch);
  g_autoptr(GError) local = NULL;
  if (!vs_device_set_value (&scratch, key, text, &local))
    return vs_yaml_tree_fail (&d->tree, &value->start_mark, VS_WHAT_IF_ERROR_INVALID, "overrides: %s", local->message);
  /* Before the NULL terminator. */
  g_ptr_array_insert (sc->overrides, (gint) sc->overrides->len - 1,
                      g_strdup_printf ("%s=%s", key, text));
  return TRUE;
}

/* --- lower (network scenarios) -------------------------------------------- */

static gboolean
lower_tile (Doc *d, VsWhatIfScenario *sc, yaml_node_t *item)
{
  guint tiles;
  if (!parse_uint (d, item, "tiles", G_MAXUINT16, &tiles))
    return FALSE;
  if (tiles == 0)
    return vs_yaml_tree_fail (&d->tree, &item->start_mark, VS_WHAT_IF_ERROR_INVALID,
                              "lower: tiles must be at least 1");
  for (guint i = 0; i < sc->lower_tiles->len; i++)
    if (g_array_index (sc->lower_tiles, guint, i) == tiles)
      return vs_yaml_tree_fail (&d->tree, &item->start_mark, VS_WHAT_IF_ERROR_INVALID,
                                "lower: tiles %u is given twice", tiles);
  g_array_append_val (sc->lower_tiles, tiles);
  return TRUE;
}

static gboolean
lower_key (VsYamlTree *tree, const char *key, yaml_node_t *key_node, yaml_node_t *value, gpointer data)
{
  Doc *d = (Doc *) tree;
  VsWhatIfScenario *sc = data;
  if (strcmp (key, "tiles") == 0) {
    if (value->type != YAML_SEQUENCE_NODE)
      return lower_tile (d, sc, value);
    g_autoptr(GPtrArray) items = vs_yaml_tree_items (&d->tree, value, key, 256);
    if (items == NULL)
      return FALSE;
    if (items->len == 0)
      return vs_yaml_tree_fail (&d->tree, &value->start_mark, VS_WHAT_IF_ERROR_INVALID,
                                "lower: tiles has no values");
    for (guint i = 0; i < items->len; i++)
      if (!lower_tile (d, sc, items->pdata[i]))
        return FALSE;
    return TRUE;
  }
  char **target = strcmp (key, "strategy") == 0 ? &sc->lower_strategy
                : strcmp (key, "choose-with") == 0 ? &sc->lower_choose_with : NULL;
  if (target == NULL)
    return vs_yaml_tree_fail (&d->tree, &key_node->start_mark, VS_WHAT_IF_ERROR_PARSE,
                              "unknown key '%s' in lower (valid keys: tiles, strategy, choose-with)",
                              key);
  const char *v = vs_yaml_tree_scalar (&d->tree, value, key);
  if (v == NULL)
    return FALSE;
  *target = g_strdup (v);
  return TRUE;
}

static gboolean
load_lower (Doc *d, VsWhatIfScenario *sc, yaml_node_t *value)
{
  sc->lower_tiles = g_array_new (FALSE, FALSE, sizeof (guint));
  sc->lower_where = g_strdup_printf ("%s:%d:%d", d->tree.origin, (int) value->start_mark.line + 1,
                                     (int) value->start_mark.column + 1);
  if (!vs_yaml_tree_each_pair (&d->tree, value, "lower", lower_key, sc))
    return FALSE;
  if (sc->lower_tiles->len == 0)
    return vs_yaml_tree_fail (&d->tree, &value->start_mark, VS_WHAT_IF_ERROR_INVALID,
                              "lower needs tiles: [N, ...]");
  return TRUE;
}

/* --- top level ---------------------------------------------------------- */

typedef struct {
  VsWhatIfScenario *sc;
  gboolean have_format, have_version;
} Top;

static gboolean
top_key (VsYamlTree *tree, const char *key, yaml_node_t *key_node, yaml_node_t *value, gpointer data)
{
  Doc *d = (Doc *) tree;
  Top *top = data;
  VsWhatIfScenario *sc = top->sc;
  if (strcmp (key, "format") == 0) {
    const char *v = vs_yaml_tree_scalar (&d->tree, value, key);
    if (v == NULL)
      return FALSE;
    if (strcmp (v, "vpusim-whatif") != 0)
      return vs_yaml_tree_fail (&d->tree, &value->start_mark, VS_WHAT_IF_ERROR_PARSE,
                   "format is '%s'; a what-if scenario says format: vpusim-whatif", v);
    top->have_format = TRUE;
    return TRUE;
  }
  if (strcmp (key, "version") == 0) {
    const char *v = vs_yaml_tree_scalar (&d->tree, value, key);
    if (v == NULL)
      return FALSE;
    if (strcmp (v, "1") != 0)
      return vs_yaml_tree_fail (&d->tree, &value->start_mark, VS_WHAT_IF_ERROR_PARSE,
                   "version %s is not supported (this vpusim reads version 1)", v);
    top->have_version = TRUE;
    return TRUE;
  }
  if (strcmp (key, "schedule") == 0) {
    const char *v = vs_yaml_tree_scalar (&d->tree, value, key);
    if (v == NULL)
      return FALSE;
    sc->schedule = resolve (d, v);
    return TRUE;
  }
  if (strcmp (key, "network") == 0) {
    const char *v = vs_yaml_tree_scalar (&d->tree, value, key);
    if (v == NULL)
      return FALSE;
    sc->network = resolve (d, v);
    return TRUE;
  }
  if (strcmp (key, "lower") == 0)
    return load_lower (d, sc, value);
  if (strcmp (key, "device") == 0) {
    const char *v = vs_yaml_tree_scalar (&d->tree, value, key);
    if (v == NULL)
      return FALSE;
    /* The same rule as vs_device_load: a path, or a preset name. */
    gboolean is_path = strchr (v, '/') != NULL || g_str_has_suffix (v, ".yaml") ||
                       g_str_has_suffix (v, ".yml");
    sc->device = is_path ? resolve (d, v) : g_strdup (v);
    return TRUE;
  }
  if (strcmp (key, "overrides") == 0)
    return vs_yaml_node_is_null (value) || vs_yaml_tree_each_pair (&d->tree, value, "overrides", override_key, sc);
  if (strcmp (key, "cost") == 0) {
    const char *v = vs_yaml_tree_scalar (&d->tree, value, key);
    if (v == NULL)
      return FALSE;
    VsCostSpec spec;
    g_autoptr(GError) local = NULL;
    if (!vs_cost_spec_parse (v, &spec, &local))
      return vs_yaml_tree_fail (&d->tree, &value->start_mark, VS_WHAT_IF_ERROR_INVALID, "%s", local->message);
    sc->cost = g_strdup (v);
    return TRUE;
  }
  if (strcmp (key, "mode") == 0) {
    const char *v = vs_yaml_tree_scalar (&d->tree, value, key);
    if (v == NULL)
      return FALSE;
    if (!vs_replay_mode_from_name (v, &sc->mode))
      return vs_yaml_tree_fail (&d->tree, &value->start_mark, VS_WHAT_IF_ERROR_INVALID,
                   "mode '%s' is not realistic or compiler", v);
    sc->has_mode = TRUE;
    return TRUE;
  }
  if (strcmp (key, "sweep") == 0) {
    sc->sweep = vs_sweep_grid_new ();
    if (!vs_yaml_tree_each_pair (&d->tree, value, "sweep", sweep_key, sc))
      return FALSE;
    if (sc->sweep->axes->len == 0)
      return vs_yaml_tree_fail (&d->tree, &value->start_mark, VS_WHAT_IF_ERROR_INVALID,
                   "sweep needs set: {KEY: [V1, V2, ...]}");
    return TRUE;
  }
  if (strcmp (key, "speedups") == 0) {
    sc->speedups = TRUE;
    return vs_yaml_node_is_null (value) || vs_yaml_tree_each_pair (&d->tree, value, "speedups", speedups_key, sc);
  }
  return vs_yaml_tree_fail (&d->tree, &key_node->start_mark, VS_WHAT_IF_ERROR_PARSE,
               "unknown key '%s' (valid keys: format, version, schedule, network, lower, device, "
               "overrides, cost, mode, sweep, speedups)", key);
}

static gboolean
load_root (Doc *d, VsWhatIfScenario *sc, yaml_node_t *root)
{
  Top top = { sc, FALSE, FALSE };
  if (!vs_yaml_tree_each_pair (&d->tree, root, "a what-if scenario", top_key, &top))
    return FALSE;
  const char *missing = !top.have_format ? "format" : !top.have_version ? "version"
                      : sc->schedule == NULL && sc->network == NULL ? "schedule" : NULL;
  if (missing != NULL)
    return vs_yaml_tree_fail (&d->tree, &root->start_mark, VS_WHAT_IF_ERROR_PARSE,
                              "missing key '%s'%s", missing,
                              strcmp (missing, "schedule") == 0 ? " (or 'network')" : "");
  if (sc->schedule != NULL && sc->network != NULL)
    return vs_yaml_tree_fail (&d->tree, &root->start_mark, VS_WHAT_IF_ERROR_INVALID,
                              "a scenario names a schedule or a network, not both");
  if (sc->network != NULL) {
    if (sc->lower_tiles == NULL)
      return vs_yaml_tree_fail (&d->tree, &root->start_mark, VS_WHAT_IF_ERROR_INVALID,
                                "a network scenario needs lower: {tiles: [N, ...]}");
    if (sc->sweep != NULL || sc->speedups)
      return vs_yaml_tree_fail (&d->tree, &root->start_mark, VS_WHAT_IF_ERROR_INVALID,
                                "sweep and speedups need a schedule; a network scenario asks "
                                "lower: {tiles: [...]}");
    return TRUE;
  }
  if (sc->lower_tiles != NULL)
    return vs_yaml_tree_fail (&d->tree, &root->start_mark, VS_WHAT_IF_ERROR_INVALID,
                              "lower applies to a network: name one with network: FILE");
  if (sc->sweep == NULL && !sc->speedups)
    return vs_yaml_tree_fail (&d->tree, &root->start_mark, VS_WHAT_IF_ERROR_INVALID,
                 "the scenario asks nothing: add sweep: {set: {...}} or speedups: {top: N}");
  return TRUE;
}

void
vs_what_if_scenario_free (VsWhatIfScenario *sc)
{
  if (sc == NULL)
    return;
  g_free (sc->path);
  g_free (sc->schedule);
  g_free (sc->network);
  if (sc->lower_tiles != NULL)
    g_array_unref (sc->lower_tiles);
  g_free (sc->lower_strategy);
  g_free (sc->lower_choose_with);
  g_free (sc->lower_where);
  g_free (sc->device);
  g_free (sc->cost);
  g_ptr_array_unref (sc->overrides);
  vs_sweep_grid_free (sc->sweep);
  g_free (sc);
}

VsWhatIfScenario *
vs_what_if_scenario_load_from_data (const char *data, gsize length, const char *origin,
                                    GError **error)
{
  if (length > VS_WHAT_IF_MAX_FILE_BYTES) {
    g_set_error (error, VS_WHAT_IF_ERROR, VS_WHAT_IF_ERROR_PARSE,
                 "%s: %zu bytes is more than a what-if scenario may have (%d)", origin, length,
                 VS_WHAT_IF_MAX_FILE_BYTES);
    return NULL;
  }
  g_autoptr(VsWhatIfScenario) sc = g_new0 (VsWhatIfScenario, 1);
  sc->path = g_strdup (origin);
  sc->overrides = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (sc->overrides, NULL);
  sc->top = VS_WHAT_IF_DEFAULT_TOP;

  Doc d;
  memset (&d, 0, sizeof d);
  if (!vs_yaml_tree_load (&d.tree, data, length, origin, VS_WHAT_IF_ERROR, VS_WHAT_IF_ERROR_PARSE,
                          "a what-if scenario", error)) {
    vs_yaml_tree_clear (&d.tree);
    return NULL;
  }
  d.dir = g_path_get_dirname (origin);
  yaml_node_t *root = vs_yaml_tree_root (&d.tree);
  yaml_mark_t start = { 0, 0, 0 };
  gboolean ok = root != NULL
                  ? load_root (&d, sc, root)
                  : vs_yaml_tree_fail (&d.tree, &start, VS_WHAT_IF_ERROR_PARSE, "the file is empty");
  g_free (d.dir);
  if (!ok) {
    g_propagate_error (error, g_steal_pointer (&d.tree.error));
    vs_yaml_tree_clear (&d.tree);
    return NULL;
  }
  vs_yaml_tree_clear (&d.tree);
  return g_steal_pointer (&sc);
}

VsWhatIfScenario *
vs_what_if_scenario_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  if (!vs_input_file_read_as (path, VS_WHAT_IF_MAX_FILE_BYTES, "a what-if scenario", &data, &length,
                              VS_WHAT_IF_ERROR, VS_WHAT_IF_ERROR_IO, VS_WHAT_IF_ERROR_PARSE, error))
    return NULL;
  return vs_what_if_scenario_load_from_data (data, length, path, error);
}

gboolean
vs_what_if_scenario_detect (const char *path)
{
  if (g_str_has_suffix (path, ".whatif.yaml") || g_str_has_suffix (path, ".whatif.yml"))
    return TRUE;
  if (!g_str_has_suffix (path, ".yaml") && !g_str_has_suffix (path, ".yml"))
    return FALSE;
  /* Only a regular file is peeked at: fopen on a FIFO would wait for a
   * writer; anything else is left to the schedule reader to refuse. */
  GStatBuf st;
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  /* The format key sits at the top level, normally in the first lines. */
  FILE *f = g_fopen (path, "rb");
  if (f == NULL)
    return FALSE;
  char line[256];
  gboolean found = FALSE;
  for (int n = 0; n < 200 && !found && fgets (line, sizeof line, f) != NULL; n++) {
    if (strncmp (line, "format:", 7) != 0)
      continue;
    g_autofree char *value = g_strstrip (g_strdup (line + 7));
    if (strchr (value, '#') != NULL)
      *strchr (value, '#') = '\0';
    g_strstrip (value);
    found = strcmp (value, "vpusim-whatif") == 0 || strcmp (value, "\"vpusim-whatif\"") == 0 ||
            strcmp (value, "'vpusim-whatif'") == 0;
    break;
  }
  fclose (f);
  return found;
}

/* --- answering ---------------------------------------------------------- */

void
vs_what_if_scenario_configure (const VsWhatIfScenario *sc, VsRunConfig *config,
                               gboolean mode_given, const char *const *cli_sets, GPtrArray *sets)
{
  if (config->device == NULL)
    config->device = sc->device;
  if (config->cost == NULL)
    config->cost = sc->cost;
  if (!mode_given && sc->has_mode)
    config->mode = sc->mode;
  for (guint i = 0; i + 1 < sc->overrides->len; i++)
    g_ptr_array_add (sets, g_strdup (sc->overrides->pdata[i]));
  for (guint i = 0; cli_sets != NULL && cli_sets[i] != NULL; i++)
    g_ptr_array_add (sets, g_strdup (cli_sets[i]));
  g_ptr_array_add (sets, NULL);
  config->sets = (const char *const *) sets->pdata;
}

static void
append_member_separator (GString *members)
{
  if (members != NULL && members->len > 0)
    g_string_append (members, ",\n");
}

gboolean
vs_what_if_scenario_answer (const VsRun *run, const VsRunConfig *config,
                            const VsWhatIfScenario *sc, const VsWhatIfRunOptions *options,
                            GString *text, GString *json_members, GError **error)
{
  if (sc != NULL && json_members != NULL) {
    append_member_separator (json_members);
    g_string_append (json_members, "  \"scenario\": ");
    vs_output_append_json_string (json_members, sc->path);
  }
  gboolean speedups = options->speedups || options->top >= 0 || (sc != NULL && sc->speedups);
  if (speedups) {
    guint top = options->top >= 0 ? (guint) options->top
              : sc != NULL && sc->speedups ? sc->top : VS_WHAT_IF_DEFAULT_TOP;
    VsWhatIf w;
    if (!vs_what_if_speedups (run, config, top, options->threads, &w, error))
      return FALSE;
    if (text != NULL)
      vs_what_if_append_text (text, &w);
    if (json_members != NULL) {
      append_member_separator (json_members);
      vs_what_if_append_json_member (json_members, &w);
    }
    vs_what_if_clear (&w);
  }
  if (sc == NULL || sc->sweep == NULL)
    return TRUE;

  const VsSweepGrid *grid = sc->sweep;
  if (grid->n_points > VS_SWEEP_MAX_RUN_POINTS) {
    g_set_error (error, VS_WHAT_IF_ERROR, VS_WHAT_IF_ERROR_INVALID,
                 "%s: the sweep has %" G_GUINT64_FORMAT " points; `run` holds at most %u (use "
                 "`vpusim sweep --shard`)", sc->path, grid->n_points, VS_SWEEP_MAX_RUN_POINTS);
    return FALSE;
  }
  g_autofree VsSweepResult *results = g_new0 (VsSweepResult, grid->n_points + 1);
  if (!vs_sweep_run (run, config, grid, 0, grid->n_points, options->threads, NULL, NULL, results,
                     error))
    return FALSE;
  if (text != NULL)
    vs_sweep_append_text (text, run->schedule, grid, 0, grid->n_points, results);
  if (json_members != NULL) {
    append_member_separator (json_members);
    vs_sweep_append_json_member (json_members, run->schedule, grid, 0, grid->n_points, results);
  }
  if (options->sweep_csv != NULL) {
    g_autoptr(GString) csv = g_string_new (NULL);
    vs_sweep_append_csv (csv, run->schedule, grid, 0, grid->n_points, results);
    if (!vs_output_file_write (options->sweep_csv, csv, error))
      return FALSE;
  }
  if (options->sweep_plot != NULL) {
    g_autofree char *title = g_path_get_basename (sc->path);
    if (!options->draw_sweep (options->sweep_plot, title, grid, 0, grid->n_points, results, error))
      return FALSE;
  }
  return TRUE;
}
