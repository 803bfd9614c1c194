/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_import.c — the NPU compiler's VPURT-level MLIR to a VsSchedule: the driver.
 * Reads the module's device facts, then the entry function's barrier and
 * buffer declarations and its VPURT.Task operations in IR order; the op in
 * each task gives kind, queue and the cost-model inputs.  Statements are
 * found the way the MLIR printer lays them out: one operation per line,
 * regions and attribute groups spanning lines inside their brackets.  The
 * pieces live in the vpurt_*.c modules listed in vpurt_internal.h. */
#include "config.h"

#include <string.h>

#include "hw/input_file.h"
#include "models/shave_table.h"
#include "sim/import/vpurt_internal.h"
#include "sim/schedule/schedule_yaml.h"

G_DEFINE_QUARK (vs-vpurt-error-quark, vs_vpurt_error)

/* ---------------------------------------------------------------------- */
/* Module and function.                                                    */

typedef struct {
  guint name;                   /* SYMBOL token */
  guint args;                   /* '(' of the arguments */
  guint body;                   /* '{' of the body, 0 = declaration */
} Func;

static void
find_functions (const VsMlirText *m, GArray *out)
{
  for (guint i = 0; i < m->n_tokens; i++) {
    if (!vs_mlir_is_ident (m, i, "func.func") && !vs_mlir_is_ident (m, i, "func") &&
        !vs_mlir_is_ident (m, i, "builtin.func"))
      continue;
    guint j = i + 1;
    while (vs_mlir_is_ident (m, j, "private") || vs_mlir_is_ident (m, j, "public") ||
           vs_mlir_is_ident (m, j, "nested"))
      j++;
    if (kind_of (m, j) != VS_MLIR_TOK_SYMBOL || !opens (m, j + 1, '('))
      continue;
    Func f = { j, j + 1, 0 };
    gint line = vs_mlir_tok (m, close_of (m, j + 1))->line;
    for (guint k = vs_mlir_skip (m, j + 1); k < m->n_tokens - 1; k = vs_mlir_skip (m, k)) {
      if (vs_mlir_tok (m, k)->line != line)
        break;
      if (vs_mlir_is_ident (m, k, "attributes") && opens (m, k + 1, '{')) {
        k++;
        line = vs_mlir_tok (m, close_of (m, k))->line;
        continue;
      }
      if (opens (m, k, '{')) {
        f.body = k;
        break;
      }
      if (vs_mlir_is_ident (m, k, "loc"))
        break;
      line = vs_mlir_tok (m, vs_mlir_skip (m, k) - 1)->line;
    }
    g_array_append_val (out, f);
  }
}

static gboolean
body_has_tasks (const VsMlirText *m, guint body)
{
  for (guint i = body + 1; i < close_of (m, body); i++)
    if (vs_mlir_is_ident (m, i, "VPURT.Task"))
      return TRUE;
  return FALSE;
}

static gboolean
import_args (Importer *im, guint open)
{
  const VsMlirText *m = im->m;
  guint close = close_of (m, open);
  guint i = open + 1;
  while (i < close) {
    guint item = i;
    while (i < close && !vs_mlir_is_punct (m, i, ','))
      i = vs_mlir_skip (m, i);
    if (kind_of (m, item) == VS_MLIR_TOK_VALUE && vs_mlir_is_punct (m, item + 1, ':')) {
      TypeInfo ti;
      if (vpurt_parse_type (im, item + 2, &ti)) {
        g_autofree char *name = NULL;
        for (guint k = item + 2; k < i; k = vs_mlir_skip (m, k))
          if (vs_mlir_is_ident (m, k, "loc") && opens (m, k + 1, '(')) {
            g_free (name);   /* the last location wins */
            name = vpurt_loc_name (im, k + 1);
          }
        VsMemory mem = ti.memspace >= 0 ? (VsMemory) ti.memspace : VS_MEMORY_DDR;
        guint64 tiles = mem == VS_MEMORY_CMX ? vpurt_tiles_mask (MAX (ti.tile, 0), 1) : 0;
        gint32 idx = vpurt_type_is_empty (&ti) ? -1
                     : vpurt_add_buffer (im, vpurt_intern_id (im, item), name, &ti, mem, tiles, -1);
        vpurt_record_buffer_value (im, item, idx, &ti);
      }
    }
    if (i < close)
      i++;
  }
  return TRUE;
}

static gboolean
import_body (Importer *im, guint body, GError **error)
{
  const VsMlirText *m = im->m;
  g_autoptr (GArray) sts = vpurt_split_statements (m, body + 1, close_of (m, body));
  for (guint k = 0; k < sts->len; k++) {
    Span st = g_array_index (sts, Span, k);
    guint result;
    guint op = vpurt_statement_op (m, st, &result);
    if (op == 0) {
      vpurt_warn (im, st.first, "statement", "a statement that is not an operation was skipped");
      continue;
    }
    gboolean ok = TRUE;
    /* the YAML reader's limits, so that whatever is imported reads back */
    guint limit = 0;
    const char *over = NULL;
    if (im->s->tasks->len >= VS_SCHEDULE_MAX_TASKS)
      limit = VS_SCHEDULE_MAX_TASKS, over = "tasks";
    else if (im->s->buffers->len >= VS_SCHEDULE_MAX_BUFFERS)
      limit = VS_SCHEDULE_MAX_BUFFERS, over = "buffers";
    else if (im->s->barriers->len >= VS_SCHEDULE_MAX_BARRIERS)
      limit = VS_SCHEDULE_MAX_BARRIERS, over = "barriers";
    if (over != NULL) {
      vs_mlir_error_at (m, op, error, "more than %u %s: too large a schedule", limit, over);
      return FALSE;
    }
    if (vs_mlir_is_ident (m, op, "VPURT.Task")) {
      ok = vpurt_import_task (im, st, op, error);
    } else if (vs_mlir_is_ident (m, op, "VPURT.DeclareBuffer")) {
      ok = result != 0 ? vpurt_declare_buffer (im, st, result, op, error) : TRUE;
    } else if (vs_mlir_is_ident (m, op, "const.Declare")) {
      ok = result != 0 ? vpurt_declare_const (im, st, result, op, error) : TRUE;
    } else if (vs_mlir_is_ident (m, op, "VPURT.ConfigureBarrier")) {
      ok = result != 0 ? vpurt_declare_barrier (im, result, op, TRUE, st, error) : TRUE;
    } else if (vs_mlir_is_ident (m, op, "VPURT.DeclareVirtualBarrier")) {
      ok = result != 0 ? vpurt_declare_barrier (im, result, op, FALSE, st, error) : TRUE;
    } else if (vs_mlir_is_ident (m, op, "VPURT.DeclareSparseBuffer") && result != 0) {
      /* the data buffer stands for the pair */
      guint v = op + 1;
      Value *data = kind_of (m, v) == VS_MLIR_TOK_VALUE ? vpurt_value_get (im, v) : NULL;
      if (data != NULL) {
        Value copy = *data;
        vpurt_value_set (im, result, &copy);
        vs_schedule_buffer (im->s, copy.index)->sparse = TRUE;
      }
    } else if (vs_mlir_is_ident (m, op, "return") || vs_mlir_is_ident (m, op, "func.return")) {
      /* nothing */
    } else {
      g_autofree char *name = vs_mlir_tok_dup (m, op);
      g_autofree char *key = g_strconcat ("outside:", name, NULL);
      vpurt_warn (im, op, key, "operation %s outside a VPURT.Task is not part of the schedule: skipped",
            name);
    }
    if (ok && im->deferred != NULL) {
      g_propagate_error (error, g_steal_pointer (&im->deferred));
      ok = FALSE;
    }
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

/* A barrier that tasks wait on but no task updates would deadlock the
 * replay; the validator says so too, but without the line. */
static gboolean
barriers_have_producers (Importer *im, GError **error)
{
  const VsSchedule *s = im->s;
  g_autofree guint *producers = g_new0 (guint, s->barriers->len + 1);
  g_autofree guint *consumers = g_new0 (guint, s->barriers->len + 1);
  for (guint t = 0; t < s->tasks->len; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    for (guint k = 0; k < task->n_updates; k++)
      producers[g_array_index (s->refs, gint32, task->first_update + k)]++;
    for (guint k = 0; k < task->n_waits; k++)
      consumers[g_array_index (s->refs, gint32, task->first_wait + k)]++;
  }
  for (guint b = 0; b < s->barriers->len; b++)
    if (consumers[b] > 0 && producers[b] == 0 && b < im->barrier_tok->len) {
      /* the validator's words and error code, with the place */
      GError *local = NULL;
      vs_mlir_error_at (im->m, g_array_index (im->barrier_tok, guint, b), &local,
                        "barrier '%s' is waited on by %u task(s) but no task updates it",
                        vs_schedule_barrier (s, b)->id, consumers[b]);
      g_set_error_literal (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID, local->message);
      g_error_free (local);
      return FALSE;
    }
  return TRUE;
}

static VsSchedule *
import_text (const VsMlirText *m, GPtrArray *warnings, GError **error)
{
  Importer im;
  memset (&im, 0, sizeof im);
  im.m = m;
  im.s = vs_schedule_new ();
  im.s->path = g_strdup (m->origin);
  im.loc_alias = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im.order_alias = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.queue_ids = g_hash_table_new (g_str_hash, g_str_equal);
  im.warnings = vs_warning_log_new ();
  im.vpunn_kernels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im.upa_servers = 16;
  im.barrier_tok = g_array_new (FALSE, FALSE, sizeof (guint));
  im.max_tile = -1;
  im.max_port = -1;
  {
    char **names = vs_shave_table_kernel_names (vs_shave_table_builtin ());
    for (char **p = names; p != NULL && *p != NULL; p++)
      g_hash_table_add (im.vpunn_kernels, *p);
    g_free (names);   /* the strings now belong to the set */
  }
  gboolean ok = FALSE;
  vpurt_collect_aliases (&im);

  g_autoptr (GArray) funcs = g_array_new (FALSE, FALSE, sizeof (Func));
  find_functions (m, funcs);
  g_autofree char *entry = NULL;
  for (guint i = 0; i + 2 < m->n_tokens; i++)
    if (vs_mlir_is_ident (m, i, "entryPoint") && vs_mlir_is_punct (m, i + 1, ':') &&
        kind_of (m, i + 2) == VS_MLIR_TOK_SYMBOL) {
      entry = vs_mlir_tok_dup (m, i + 2);
      break;
    }
  const Func *fn = NULL;
  for (guint k = 0; k < funcs->len && fn == NULL; k++) {
    const Func *f = &g_array_index (funcs, Func, k);
    if (f->body != 0 && entry != NULL && vs_mlir_text_is (m, f->name, entry))
      fn = f;
  }
  for (guint k = 0; k < funcs->len && fn == NULL; k++) {
    const Func *f = &g_array_index (funcs, Func, k);
    if (f->body != 0 && body_has_tasks (m, f->body))
      fn = f;
  }
  if (fn == NULL) {
    g_set_error (error, VS_VPURT_ERROR, VS_VPURT_ERROR_PARSE,
                 "%s:1:1: no function with VPURT.Task operations: not a VPURT-level schedule",
                 m->origin);
    goto out;
  }
  {
    /* the module name, for provenance */
    for (guint i = 0; i + 1 < m->n_tokens; i = vs_mlir_skip (m, i))
      if (vs_mlir_is_ident (m, i, "module")) {
        if (kind_of (m, i + 1) == VS_MLIR_TOK_SYMBOL) {
          g_autofree char *raw = vs_mlir_tok_dup (m, i + 1);
          char *name = raw[1] == '"' ? vs_mlir_string (m, i + 1, NULL) : g_strdup (raw + 1);
          if (name != NULL)
            g_hash_table_replace (im.s->source, g_strdup ("module"), name);
        }
        break;
      }
  }
  g_hash_table_replace (im.s->source, g_strdup ("compiler"), g_strdup ("NPU compiler, VPURT MLIR"));
  {
    g_autofree char *base = g_path_get_basename (m->origin);
    g_hash_table_replace (im.s->source, g_strdup ("ir_file"), g_strdup (base));
  }
  if (!vpurt_scan_module (&im, fn->body, close_of (m, fn->body), error))
    goto out;
  if (!import_args (&im, fn->args))
    goto out;
  if (im.deferred != NULL) {
    g_propagate_error (error, g_steal_pointer (&im.deferred));
    goto out;
  }
  if (!import_body (&im, fn->body, error))
    goto out;
  if (im.s->tasks->len == 0) {
    vs_mlir_error_at (m, fn->name, error, "the function has no VPURT.Task to import");
    goto out;
  }
  vpurt_sort_queues (&im);
  if (!vpurt_finish_device (&im, error))
    goto out;
  if (!barriers_have_producers (&im, error))
    goto out;
  ok = vs_schedule_validate (im.s, error);

out:
  vs_warning_log_append_lines (im.warnings, warnings);
  g_hash_table_unref (im.loc_alias);
  g_hash_table_unref (im.order_alias);
  g_hash_table_unref (im.values);
  g_hash_table_unref (im.queue_ids);
  vs_warning_log_free (im.warnings);
  g_hash_table_unref (im.vpunn_kernels);
  g_array_unref (im.barrier_tok);
  g_clear_error (&im.deferred);
  if (!ok) {
    vs_schedule_free (im.s);
    return NULL;
  }
  return im.s;
}

VsSchedule *
vs_vpurt_import_from_data (const char *data, gsize length, const char *origin, GPtrArray *warnings,
                           GError **error)
{
  g_autoptr (VsMlirText) m = vs_mlir_lex (data, length, origin, error);
  if (m == NULL)
    return NULL;
  return import_text (m, warnings, error);
}

VsSchedule *
vs_vpurt_import_full (const char *path, GPtrArray *warnings, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  if (!vs_input_file_read_as (path, VS_MLIR_MAX_BYTES, "an MLIR file", &data, &length,
                              VS_VPURT_ERROR, VS_VPURT_ERROR_IO, VS_VPURT_ERROR_IO, error))
    return NULL;
  return vs_vpurt_import_from_data (data, length, path, warnings, error);
}

VsSchedule *
vs_vpurt_import (const char *path, GError **error)
{
  return vs_vpurt_import_full (path, NULL, error);
}

char *
vs_vpurt_location_name (const char *loc, const char *context, GError **error)
{
  g_autofree char *text = g_strdup_printf ("%s\n#vs_probe = loc(%s)\n", context ? context : "", loc);
  g_autoptr (VsMlirText) m = vs_mlir_lex (text, strlen (text), "<location>", error);
  if (m == NULL)
    return NULL;
  Importer im;
  memset (&im, 0, sizeof im);
  im.m = m;
  im.loc_alias = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im.order_alias = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.warnings = vs_warning_log_new ();
  vpurt_collect_aliases (&im);
  gpointer p = g_hash_table_lookup (im.loc_alias, "#vs_probe");
  char *name = p != NULL ? vpurt_loc_name (&im, GPOINTER_TO_UINT (p) - 1) : NULL;
  g_hash_table_unref (im.loc_alias);
  g_hash_table_unref (im.order_alias);
  vs_warning_log_free (im.warnings);
  return name;
}
