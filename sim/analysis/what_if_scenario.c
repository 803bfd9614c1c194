/* what_if_scenario.c — the vpusim-whatif reader.  The files are small, so
 * libyaml's document API builds the tree and a short walk checks it; every
 * node carries its mark for file:line:column errors. */
#include "sim/analysis/what_if_scenario.h"
#include "hw/input_file.h"
#include "hw/yaml_events.h"

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
  yaml_document_t doc;
  const char *origin;
  char *dir;                    /* the scenario's folder, for relative paths */
  GError *error;
} Doc;

static gboolean fail (Doc *d, const yaml_mark_t *m, VsWhatIfError code, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static gboolean
fail (Doc *d, const yaml_mark_t *m, VsWhatIfError code, const char *format, ...)
{
  if (d->error != NULL)
    return FALSE;
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  vs_yaml_set_error (&d->error, VS_WHAT_IF_ERROR, code, d->origin, vs_yaml_mark (m), "%s", msg);
  return FALSE;
}

/* A node by index (aliases were refused before the document was loaded). */
static yaml_node_t *
node (Doc *d, int index, const yaml_mark_t *from)
{
  yaml_node_t *n = yaml_document_get_node (&d->doc, index);
  if (n == NULL) {
    fail (d, from, VS_WHAT_IF_ERROR_PARSE, "malformed YAML");
    return NULL;
  }
  return n;
}

static const char *
node_kind (const yaml_node_t *n)
{
  return n->type == YAML_MAPPING_NODE ? "a mapping" : n->type == YAML_SEQUENCE_NODE ? "a list"
                                                                                     : "a scalar";
}

static gboolean
is_null (const yaml_node_t *n)
{
  if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return FALSE;
  const char *v = (const char *) n->data.scalar.value;
  return *v == '\0' || strcmp (v, "~") == 0 || g_ascii_strcasecmp (v, "null") == 0;
}

/* The text of a scalar node, or NULL after an error naming `key`. */
static const char *
scalar (Doc *d, const yaml_node_t *n, const char *key)
{
  if (n->type != YAML_SCALAR_NODE) {
    fail (d, &n->start_mark, VS_WHAT_IF_ERROR_PARSE, "'%s' must be a scalar, not %s", key,
          node_kind (n));
    return NULL;
  }
  const char *v = (const char *) n->data.scalar.value;
  if (is_null (n)) {
    fail (d, &n->start_mark, VS_WHAT_IF_ERROR_PARSE, "'%s' has no value", key);
    return NULL;
  }
  return v;
}

/* Walk a mapping: calls `each` with every key and value, refusing
 * non-scalar and repeated keys. */
typedef gboolean (*PairFn) (Doc *d, const char *key, yaml_node_t *key_node, yaml_node_t *value,
                            gpointer data);

static gboolean
each_pair (Doc *d, yaml_node_t *map, const char *what, PairFn each, gpointer data)
{
  if (map->type != YAML_MAPPING_NODE)
    return fail (d, &map->start_mark, VS_WHAT_IF_ERROR_PARSE, "%s must be a mapping, not %s", what,
                 node_kind (map));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *k = node (d, p->key, &map->start_mark);
    if (k == NULL)
      return FALSE;
    yaml_node_t *v = node (d, p->value, &k->start_mark);
    if (v == NULL)
      return FALSE;
    if (k->type != YAML_SCALAR_NODE)
      return fail (d, &k->start_mark, VS_WHAT_IF_ERROR_PARSE, "keys in %s must be scalars", what);
    const char *key = (const char *) k->data.scalar.value;
    if (!g_hash_table_add (seen, (gpointer) key))
      return fail (d, &k->start_mark, VS_WHAT_IF_ERROR_PARSE, "'%s' is given twice in %s", key,
                   what);
    if (!each (d, key, k, v, data))
      return FALSE;
  }
  return TRUE;
}

static gboolean
parse_uint (Doc *d, yaml_node_t *n, const char *key, guint64 max, guint *out)
{
  const char *v = scalar (d, n, key);
  guint64 value;
  if (v == NULL)
    return FALSE;
  if (!g_ascii_string_to_unsigned (v, 10, 0, max, &value, NULL))
    return fail (d, &n->start_mark, VS_WHAT_IF_ERROR_PARSE,
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
  return fail (d, &key_node->start_mark, VS_WHAT_IF_ERROR_INVALID, "%s: %s", what,
               local != NULL ? local->message : "unknown device key");
}

static gboolean
sweep_axis (Doc *d, const char *key, yaml_node_t *key_node, yaml_node_t *value, gpointer data)
{
  VsWhatIfScenario *sc = data;
  if (!check_device_key (d, key, key_node, "sweep"))
    return FALSE;
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  if (value->type == YAML_SEQUENCE_NODE) {
    for (yaml_node_item_t *i = value->data.sequence.items.start;
         i < value->data.sequence.items.top; i++) {
      yaml_node_t *item = node (d, *i, &value->start_mark);
      if (item == NULL)
        return FALSE;
      g_ptr_array_add (values, item);
    }
  } else {
    g_ptr_array_add (values, value);      /* one value: a fixed key of the grid */
  }
  if (values->len == 0)
    return fail (d, &value->start_mark, VS_WHAT_IF_ERROR_INVALID, "sweep key '%s' has no values",
                 key);
  g_autofree const char **texts = g_new (const char *, values->len + 1);
  for (guint i = 0; i < values->len; i++) {
    yaml_node_t *item = values->pdata[i];
    if ((texts[i] = scalar (d, item, key)) == NULL)
      return FALSE;
    /* Check each value here, so the error points at it. */
    VsDevice scratch;
    memset (&scratch, 0, sizeof scratch);
    g_autoptr(GError) local = NULL;
    if (!vs_device_set_value (&scratch, key, texts[i], &local))
      return fail (d, &item->start_mark, VS_WHAT_IF_ERROR_INVALID, "sweep: %s", local->message);
  }
  g_autofree char *where = g_strdup_printf ("%s:%d:%d: sweep", d->origin,
                                            (int) key_node->start_mark.line + 1,
                                            (int) key_node->start_mark.column + 1);
  g_autoptr(GError) local = NULL;
  if (!vs_sweep_grid_add_values (sc->sweep, key, texts, values->len, where, &local)) {
    if (d->error == NULL)
      d->error = g_error_new_literal (VS_WHAT_IF_ERROR, VS_WHAT_IF_ERROR_INVALID, local->message);
    return FALSE;
  }
  return TRUE;
}

static gboolean
sweep_key (Doc *d, const char *key, yaml_node_t *key_node, yaml_node_t *value, gpointer data)
{
  if (strcmp (key, "set") == 0)
    return each_pair (d, value, "sweep: set", sweep_axis, data);
  return fail (d, &key_node->start_mark, VS_WHAT_IF_ERROR_PARSE,
               "unknown key '%s' in sweep (valid keys: set)", key);
}

static gboolean
speedups_key (Doc *d, const char *key, yaml_node_t *key_node, yaml_node_t *value, gpointer data)
{
  VsWhatIfScenario *sc = data;
  if (strcmp (key, "top") == 0)
    return parse_uint (d, value, "top", MAX_TOP_LAYERS, &sc->top);
  return fail (d, &key_node->start_mark, VS_WHAT_IF_ERROR_PARSE,
               "unknown key '%s' in speedups (valid keys: top)", key);
}

static gboolean
override_key (Doc *d, const char *key, yaml_node_t *key_node, yaml_node_t *value, gpointer data)
{
  VsWhatIfScenario *sc = data;
  if (!check_device_key (d, key, key_node, "overrides"))
    return FALSE;
  const char *text = scalar (d, value, key);
  if (text == NULL)
    return FALSE;
  VsDevice scratch;
  memset (&scratch, 0, sizeof scratch);
  g_autoptr(GError) local = NULL;
  if (!vs_device_set_value (&scratch, key, text, &local))
    return fail (d, &value->start_mark, VS_WHAT_IF_ERROR_INVALID, "overrides: %s", local->message);
  /* Before the NULL terminator. */
  g_ptr_array_insert (sc->overrides, (gint) sc->overrides->len - 1,
                      g_strdup_printf ("%s=%s", key, text));
  return TRUE;
}

/* --- top level ---------------------------------------------------------- */

typedef struct {
  VsWhatIfScenario *sc;
  gboolean have_format, have_version;
} Top;

static gboolean
top_key (Doc *d, const char *key, yaml_node_t *key_node, yaml_node_t *value, gpointer data)
{
  Top *top = data;
  VsWhatIfScenario *sc = top->sc;
  if (strcmp (key, "format") == 0) {
    const char *v = scalar (d, value, key);
    if (v == NULL)
      return FALSE;
    if (strcmp (v, "vpusim-whatif") != 0)
      return fail (d, &value->start_mark, VS_WHAT_IF_ERROR_PARSE,
                   "format is '%s'; a what-if scenario says format: vpusim-whatif", v);
    top->have_format = TRUE;
    return TRUE;
  }
  if (strcmp (key, "version") == 0) {
    const char *v = scalar (d, value, key);
    if (v == NULL)
      return FALSE;
    if (strcmp (v, "1") != 0)
      return fail (d, &value->start_mark, VS_WHAT_IF_ERROR_PARSE,
                   "version %s is not supported (this vpusim reads version 1)", v);
    top->have_version = TRUE;
    return TRUE;
  }
  if (strcmp (key, "schedule") == 0) {
    const char *v = scalar (d, value, key);
    if (v == NULL)
      return FALSE;
    sc->schedule = resolve (d, v);
    return TRUE;
  }
  if (strcmp (key, "device") == 0) {
    const char *v = scalar (d, value, key);
    if (v == NULL)
      return FALSE;
    /* The same rule as vs_device_load: a path, or a preset name. */
    gboolean is_path = strchr (v, '/') != NULL || g_str_has_suffix (v, ".yaml") ||
                       g_str_has_suffix (v, ".yml");
    sc->device = is_path ? resolve (d, v) : g_strdup (v);
    return TRUE;
  }
  if (strcmp (key, "overrides") == 0)
    return is_null (value) || each_pair (d, value, "overrides", override_key, sc);
  if (strcmp (key, "cost") == 0) {
    const char *v = scalar (d, value, key);
    if (v == NULL)
      return FALSE;
    VsCostSpec spec;
    g_autoptr(GError) local = NULL;
    if (!vs_cost_spec_parse (v, &spec, &local))
      return fail (d, &value->start_mark, VS_WHAT_IF_ERROR_INVALID, "%s", local->message);
    sc->cost = g_strdup (v);
    return TRUE;
  }
  if (strcmp (key, "mode") == 0) {
    const char *v = scalar (d, value, key);
    if (v == NULL)
      return FALSE;
    if (!vs_replay_mode_from_name (v, &sc->mode))
      return fail (d, &value->start_mark, VS_WHAT_IF_ERROR_INVALID,
                   "mode '%s' is not realistic or compiler", v);
    sc->has_mode = TRUE;
    return TRUE;
  }
  if (strcmp (key, "sweep") == 0) {
    sc->sweep = vs_sweep_grid_new ();
    if (!each_pair (d, value, "sweep", sweep_key, sc))
      return FALSE;
    if (sc->sweep->axes->len == 0)
      return fail (d, &value->start_mark, VS_WHAT_IF_ERROR_INVALID,
                   "sweep needs set: {KEY: [V1, V2, ...]}");
    return TRUE;
  }
  if (strcmp (key, "speedups") == 0) {
    sc->speedups = TRUE;
    return is_null (value) || each_pair (d, value, "speedups", speedups_key, sc);
  }
  return fail (d, &key_node->start_mark, VS_WHAT_IF_ERROR_PARSE,
               "unknown key '%s' (valid keys: format, version, schedule, device, overrides, cost, "
               "mode, sweep, speedups)", key);
}

static gboolean
load_root (Doc *d, VsWhatIfScenario *sc, yaml_node_t *root)
{
  Top top = { sc, FALSE, FALSE };
  if (!each_pair (d, root, "a what-if scenario", top_key, &top))
    return FALSE;
  const char *missing = !top.have_format ? "format" : !top.have_version ? "version"
                      : sc->schedule == NULL ? "schedule" : NULL;
  if (missing != NULL)
    return fail (d, &root->start_mark, VS_WHAT_IF_ERROR_PARSE, "missing key '%s'", missing);
  if (sc->sweep == NULL && !sc->speedups)
    return fail (d, &root->start_mark, VS_WHAT_IF_ERROR_INVALID,
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

  /* Aliases, NULs, over-long scalars and deep nesting are refused on the
   * events first: libyaml's loader has no depth limit. */
  if (!vs_yaml_check (data, length, origin, VS_WHAT_IF_ERROR, VS_WHAT_IF_ERROR_PARSE,
                      VS_YAML_MAX_DEPTH, VS_YAML_MAX_SCALAR, error))
    return NULL;
  yaml_parser_t parser;
  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const unsigned char *) data, length);
  Doc d = { .origin = origin };
  d.dir = g_path_get_dirname (origin);
  gboolean ok = FALSE;
  if (!yaml_parser_load (&parser, &d.doc)) {
    vs_yaml_set_parser_error (error, VS_WHAT_IF_ERROR, VS_WHAT_IF_ERROR_PARSE, origin, &parser,
                              data, length);
    yaml_parser_delete (&parser);
    g_free (d.dir);
    return NULL;
  }
  yaml_node_t *root = yaml_document_get_root_node (&d.doc);
  yaml_mark_t start = { 0, 0, 0 };
  if (root == NULL) {
    fail (&d, &start, VS_WHAT_IF_ERROR_PARSE, "the file is empty");
  } else {
    ok = load_root (&d, sc, root);
    if (ok) {
      /* One document per file. */
      yaml_document_t next;
      if (!yaml_parser_load (&parser, &next)) {
        vs_yaml_set_parser_error (&d.error, VS_WHAT_IF_ERROR, VS_WHAT_IF_ERROR_PARSE, origin,
                                  &parser, data, length);
        ok = FALSE;
      } else {
        if (yaml_document_get_root_node (&next) != NULL)
          ok = fail (&d, &next.start_mark, VS_WHAT_IF_ERROR_PARSE,
                     "a what-if scenario holds one YAML document");
        yaml_document_delete (&next);
      }
    }
  }
  yaml_document_delete (&d.doc);
  yaml_parser_delete (&parser);
  g_free (d.dir);
  if (!ok) {
    g_propagate_error (error, d.error);
    return NULL;
  }
  return g_steal_pointer (&sc);
}

VsWhatIfScenario *
vs_what_if_scenario_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  GError *local = NULL;
  if (!vs_input_file_read (path, VS_WHAT_IF_MAX_FILE_BYTES, "a what-if scenario", &data, &length,
                           &local)) {
    vs_input_file_error_into (error, local, VS_WHAT_IF_ERROR,
                              g_error_matches (local, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_TOO_LARGE)
                                ? VS_WHAT_IF_ERROR_PARSE : VS_WHAT_IF_ERROR_IO);
    return NULL;
  }
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
