/* SPDX-License-Identifier: Apache-2.0 */
/* schedule_yaml_parser.c — the generic part of the schedule YAML reader:
 * positioned errors, libyaml events, key-table mappings, lists and scalar
 * values (contract in schedule_yaml_reader.h). */
#include "config.h"

#include "sim/schedule/schedule_yaml_reader.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static const char *const ref_kind_names[] = { "queue", "buffer", "barrier", "task" };

const char *
sy_ref_kind_name (RefKind kind)
{
  return ref_kind_names[kind];
}

/* The first error wins: later ones are consequences of it. */
static gboolean
raise_at (Reader *r, Mark m, VsScheduleError code, const char *format, va_list ap)
  G_GNUC_PRINTF (4, 0);

static gboolean
raise_at (Reader *r, Mark m, VsScheduleError code, const char *format, va_list ap)
{
  if (r->error == NULL)
    vs_yaml_set_error_va (&r->error, VS_SCHEDULE_ERROR, code, r->origin, m, format, ap);
  return FALSE;
}

gboolean
sy_fail (Reader *r, Mark m, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  raise_at (r, m, VS_SCHEDULE_ERROR_PARSE, format, ap);
  va_end (ap);
  return FALSE;
}

/* Same, for a well-formed file that describes something impossible. */
gboolean
sy_invalid (Reader *r, Mark m, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  raise_at (r, m, VS_SCHEDULE_ERROR_INVALID, format, ap);
  va_end (ap);
  return FALSE;
}

/* Positions, aliases, scalar and nesting limits: hw/yaml_events. */
gboolean
sy_next (Reader *r)
{
  return vs_yaml_events_next (&r->y, r->error == NULL ? &r->error : NULL);
}

const char *
sy_scalar (Reader *r)
{
  return (const char *) r->y.event.data.scalar.value;
}

gboolean
sy_is_null (Reader *r)
{
  if (r->y.event.type != YAML_SCALAR_EVENT || r->y.event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return FALSE;
  const char *v = sy_scalar (r);
  return *v == '\0' || strcmp (v, "~") == 0 || strcmp (v, "null") == 0 ||
         strcmp (v, "Null") == 0 || strcmp (v, "NULL") == 0;
}

static char *
key_list (const MapDef *m)
{
  GString *s = g_string_new (NULL);
  for (const KeyDef *k = m->keys; k->key != NULL; k++)
    g_string_append_printf (s, "%s%s", s->len ? ", " : "", k->key);
  return g_string_free (s, FALSE);
}

gboolean
sy_expect_scalar (Reader *r, const KeyDef *k, const char *what)
{
  if (r->y.event.type == YAML_SCALAR_EVENT)
    return TRUE;
  return sy_fail (r, EV_MARK (r), "'%s' must be %s, not %s", k->key, what, vs_yaml_event_kind (&r->y.event));
}

gboolean
sy_parse_mapping_seen (Reader *r, const MapDef *m, void *target, guint64 *seen_out, Mark *start)
{
  if (r->y.event.type != YAML_MAPPING_START_EVENT)
    return sy_fail (r, EV_MARK (r), "expected %s (a mapping), found %s", m->what,
                 vs_yaml_event_kind (&r->y.event));
  Mark first = EV_MARK (r);
  if (start != NULL)
    *start = first;
  guint64 seen = 0;
  for (;;) {
    if (!sy_next (r))
      return FALSE;
    if (r->y.event.type == YAML_MAPPING_END_EVENT)
      break;
    if (r->y.event.type != YAML_SCALAR_EVENT)
      return sy_fail (r, EV_MARK (r), "expected a key in %s, found %s", m->what,
                   vs_yaml_event_kind (&r->y.event));
    const KeyDef *k = m->keys;
    while (k->key != NULL && strcmp (k->key, sy_scalar (r)) != 0)
      k++;
    if (k->key == NULL) {
      g_autofree char *valid = key_list (m);
      return sy_fail (r, EV_MARK (r), "unknown key '%s' in %s (valid keys: %s)", sy_scalar (r),
                   m->what, valid);
    }
    guint64 bit = G_GUINT64_CONSTANT (1) << (k - m->keys);
    if (seen & bit)
      return sy_fail (r, EV_MARK (r), "duplicate key '%s' in %s", k->key, m->what);
    seen |= bit;
    if (!sy_next (r) || !k->parse (r, target, k))
      return FALSE;
  }
  if (seen_out != NULL)
    *seen_out = seen;
  return TRUE;
}

gboolean
sy_check_required (Reader *r, const MapDef *m, guint64 seen, Mark start)
{
  GString *missing = NULL;
  for (const KeyDef *k = m->keys; k->key != NULL; k++)
    if (k->required && !(seen & (G_GUINT64_CONSTANT (1) << (k - m->keys)))) {
      if (missing == NULL)
        missing = g_string_new (NULL);
      g_string_append_printf (missing, "%s'%s'", missing->len ? ", " : "", k->key);
    }
  if (missing == NULL)
    return TRUE;
  gboolean several = strchr (missing->str, ',') != NULL;
  sy_fail (r, start, "missing key%s %s in %s", several ? "s" : "", missing->str, m->what);
  g_string_free (missing, TRUE);
  return FALSE;
}

gboolean
sy_parse_mapping (Reader *r, const MapDef *m, void *target, Mark *start)
{
  guint64 seen;
  Mark s;
  return sy_parse_mapping_seen (r, m, target, &seen, &s) && sy_check_required (r, m, seen, s) &&
         (start == NULL || (*start = s, TRUE));
}

/* Iterate a list: calls `item` with each element's first event current.
 * A null value counts as an empty list. */
gboolean
sy_parse_list (Reader *r, const KeyDef *k, gboolean (*item) (Reader *, void *, const KeyDef *, guint),
            void *target)
{
  if (sy_is_null (r))
    return TRUE;
  if (r->y.event.type != YAML_SEQUENCE_START_EVENT)
    return sy_fail (r, EV_MARK (r), "'%s' must be a list, not %s", k->key, vs_yaml_event_kind (&r->y.event));
  for (guint i = 0;; i++) {
    if (!sy_next (r))
      return FALSE;
    if (r->y.event.type == YAML_SEQUENCE_END_EVENT)
      break;
    if (!item (r, target, k, i))
      return FALSE;
  }
  return TRUE;
}

/* --- scalars --- */

gboolean
sy_parse_int (Reader *r, const KeyDef *k, gint64 *out)
{
  if (!sy_expect_scalar (r, k, "an integer"))
    return FALSE;
  gint64 v;
  if (!g_ascii_string_to_signed (sy_scalar (r), 10, G_MININT64, G_MAXINT64, &v, NULL))
    return sy_fail (r, EV_MARK (r), "'%s' must be an integer, not '%s'", k->key, sy_scalar (r));
  if ((double) v < k->min || (double) v > k->max)
    return sy_fail (r, EV_MARK (r), "'%s' is %s, outside [%.0f, %.0f]", k->key, sy_scalar (r), k->min,
                 k->max);
  *out = v;
  return TRUE;
}

gboolean
sy_int32 (Reader *r, void *target, const KeyDef *k)
{
  gint64 v;
  if (!sy_parse_int (r, k, &v))
    return FALSE;
  *FIELD (target, k, gint32) = (gint32) v;
  return TRUE;
}

gboolean
sy_int64 (Reader *r, void *target, const KeyDef *k)
{
  return sy_parse_int (r, k, FIELD (target, k, gint64));
}

static gboolean
parse_double (Reader *r, const KeyDef *k, double *out)
{
  if (!sy_expect_scalar (r, k, "a number"))
    return FALSE;
  const char *text = sy_scalar (r);
  char *end = NULL;
  errno = 0;
  double v = g_ascii_strtod (text, &end);
  if (*text == '\0' || *end != '\0' || errno == ERANGE || !isfinite (v))
    return sy_fail (r, EV_MARK (r), "'%s' must be a number, not '%s'", k->key, text);
  if (v < k->min || v > k->max)
    return sy_fail (r, EV_MARK (r), "'%s' is %s, outside [%g, %g]", k->key, text, k->min, k->max);
  *out = v;
  return TRUE;
}

gboolean
sy_double (Reader *r, void *target, const KeyDef *k)
{
  return parse_double (r, k, FIELD (target, k, double));
}

gboolean
sy_float (Reader *r, void *target, const KeyDef *k)
{
  double v;
  if (!parse_double (r, k, &v))
    return FALSE;
  *FIELD (target, k, float) = (float) v;
  return TRUE;
}

gboolean
sy_bool (Reader *r, void *target, const KeyDef *k)
{
  int v;
  if (!sy_expect_scalar (r, k, "true or false"))
    return FALSE;
  if (!vs_name_table_lookup (vs_yaml_bool_names, sy_scalar (r), &v))
    return sy_fail (r, EV_MARK (r), "'%s' must be true or false, not '%s'", k->key, sy_scalar (r));
  *FIELD (target, k, gboolean) = v != 0;
  return TRUE;
}

/* Optional text: null stays NULL. */
gboolean
sy_string (Reader *r, void *target, const KeyDef *k)
{
  if (!sy_expect_scalar (r, k, "a string"))
    return FALSE;
  *FIELD (target, k, const char *) = sy_is_null (r) ? NULL : vs_schedule_intern (r->s, sy_scalar (r));
  return TRUE;
}

gboolean
sy_id (Reader *r, void *target, const KeyDef *k)
{
  if (!sy_expect_scalar (r, k, "a name"))
    return FALSE;
  if (sy_is_null (r) || *sy_scalar (r) == '\0')
    return sy_fail (r, EV_MARK (r), "'%s' must not be empty", k->key);
  *FIELD (target, k, const char *) = vs_schedule_intern (r->s, sy_scalar (r));
  r->id_mark = EV_MARK (r);
  return TRUE;
}

gboolean
sy_enum (Reader *r, void *target, const KeyDef *k)
{
  if (!sy_expect_scalar (r, k, "a name"))
    return FALSE;
  int v;
  if (!vs_name_table_lookup (k->aux, sy_scalar (r), &v)) {
    g_autofree char *choices = vs_name_table_choices (k->aux);
    return sy_fail (r, EV_MARK (r), "'%s' is '%s', not one of %s", k->key, sy_scalar (r), choices);
  }
  *FIELD (target, k, int) = v;
  return TRUE;
}

/* --- lists of numbers --- */

gboolean
sy_int_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  IntList *l = target;
  if (i >= l->max)
    return sy_fail (r, EV_MARK (r), "'%s' has more than %u entries", k->key, l->max);
  if (!sy_parse_int (r, k, &l->values[i]))
    return FALSE;
  l->n = i + 1;
  return TRUE;
}

/* Exactly `count` gint32 values ([w, h] or [x, y, z]) at k->offset. */
gboolean
sy_int32_tuple (Reader *r, void *target, const KeyDef *k)
{
  guint count = GPOINTER_TO_UINT (k->aux);
  gint64 values[4];
  IntList l = { values, count, 0 };
  Mark m = EV_MARK (r);
  if (r->y.event.type != YAML_SEQUENCE_START_EVENT)
    return sy_fail (r, m, "'%s' must be a list of %u integers, not %s", k->key, count,
                 vs_yaml_event_kind (&r->y.event));
  if (!sy_parse_list (r, k, sy_int_item, &l))
    return FALSE;
  if (l.n != count)
    return sy_fail (r, m, "'%s' must have %u entries, not %u", k->key, count, l.n);
  for (guint i = 0; i < count; i++)
    FIELD (target, k, gint32)[i] = (gint32) values[i];
  return TRUE;
}

