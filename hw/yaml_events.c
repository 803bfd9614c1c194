/* SPDX-License-Identifier: Apache-2.0 */
/* yaml_events.c — libyaml events with positioned errors, depth and scalar
 * limits, aliases refused (contract in yaml_events.h). */
#include "config.h"

#include "hw/yaml_events.h"

#include <string.h>

VsYamlMark
vs_yaml_mark (const yaml_mark_t *m)
{
  VsYamlMark r = { (gint32) m->line + 1, (gint32) m->column + 1 };
  return r;
}

void
vs_yaml_set_error_va (GError **error, GQuark domain, int code, const char *origin, VsYamlMark m,
                      const char *format, va_list ap)
{
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  g_set_error (error, domain, code, "%s:%d:%d: %s", origin, m.line, m.column, msg);
}

void
vs_yaml_set_error (GError **error, GQuark domain, int code, const char *origin, VsYamlMark m,
                   const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  vs_yaml_set_error_va (error, domain, code, origin, m, format, ap);
  va_end (ap);
}

/* Line and column (in characters) of a byte offset. */
static VsYamlMark
offset_mark (const char *data, gsize length, gsize offset)
{
  VsYamlMark m = { 1, 1 };
  for (gsize i = 0; i < offset && i < length; i++) {
    if (data[i] == '\n') {
      m.line++;
      m.column = 1;
    } else if (((guchar) data[i] & 0xC0) != 0x80) {
      m.column++;
    }
  }
  return m;
}

void
vs_yaml_set_parser_error (GError **error, GQuark domain, int code, const char *origin,
                          const yaml_parser_t *p, const char *data, gsize length)
{
  if (p->error == YAML_READER_ERROR) {
    /* Bad bytes: libyaml gives an offset, not a mark. */
    vs_yaml_set_error (error, domain, code, origin, offset_mark (data, length, p->problem_offset),
                       "%s (byte 0x%02x)", p->problem ? p->problem : "unreadable input",
                       (unsigned) p->problem_value & 0xff);
    return;
  }
  const char *problem = p->problem ? p->problem : "malformed YAML";
  VsYamlMark m = vs_yaml_mark (&p->problem_mark);
  if (p->context != NULL) {
    VsYamlMark c = vs_yaml_mark (&p->context_mark);
    vs_yaml_set_error (error, domain, code, origin, m, "%s (%s at %d:%d)", problem, p->context,
                       c.line, c.column);
  } else {
    vs_yaml_set_error (error, domain, code, origin, m, "%s", problem);
  }
}

const char *
vs_yaml_event_kind (const yaml_event_t *ev)
{
  switch (ev->type) {
  case YAML_MAPPING_START_EVENT: return "a mapping";
  case YAML_SEQUENCE_START_EVENT: return "a list";
  case YAML_SCALAR_EVENT: return "a scalar";
  case YAML_ALIAS_EVENT: return "an alias";
  case YAML_MAPPING_END_EVENT: return "the end of a mapping";
  case YAML_SEQUENCE_END_EVENT: return "the end of a list";
  default: return "the end of the document";
  }
}

void
vs_yaml_events_init (VsYamlEvents *y, const char *data, gsize length, const char *origin,
                     GQuark domain, int code, int max_depth, gsize max_scalar)
{
  memset (y, 0, sizeof *y);
  y->data = data != NULL ? data : "";
  y->length = length;
  y->origin = origin;
  y->domain = domain;
  y->code = code;
  y->max_depth = max_depth;
  y->max_scalar = max_scalar;
  yaml_parser_initialize (&y->parser);
  yaml_parser_set_input_string (&y->parser, (const unsigned char *) y->data, length);
}

void
vs_yaml_events_clear (VsYamlEvents *y)
{
  if (y->have_event)
    yaml_event_delete (&y->event);
  y->have_event = FALSE;
  yaml_parser_delete (&y->parser);
}

VsYamlMark
vs_yaml_events_mark (const VsYamlEvents *y)
{
  return vs_yaml_mark (&y->event.start_mark);
}

static gboolean
refuse (VsYamlEvents *y, GError **error, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (VsYamlEvents *y, GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  vs_yaml_set_error_va (error, y->domain, y->code, y->origin, vs_yaml_events_mark (y), format,
                        ap);
  va_end (ap);
  return FALSE;
}

gboolean
vs_yaml_events_next (VsYamlEvents *y, GError **error)
{
  if (y->have_event)
    yaml_event_delete (&y->event);
  y->have_event = FALSE;
  if (!yaml_parser_parse (&y->parser, &y->event)) {
    vs_yaml_set_parser_error (error, y->domain, y->code, y->origin, &y->parser, y->data,
                              y->length);
    return FALSE;
  }
  y->have_event = TRUE;
  switch (y->event.type) {
  case YAML_ALIAS_EVENT:
    return refuse (y, error, "YAML aliases (*%s) are not supported in vpusim files",
                   (const char *) y->event.data.alias.anchor);
  case YAML_SCALAR_EVENT:
    if (y->event.data.scalar.length > y->max_scalar)
      return refuse (y, error, "a scalar of %zu bytes is longer than the limit of %zu",
                     y->event.data.scalar.length, y->max_scalar);
    if (strlen ((const char *) y->event.data.scalar.value) != y->event.data.scalar.length)
      return refuse (y, error, "a scalar contains a NUL character");
    return TRUE;
  case YAML_MAPPING_START_EVENT:
  case YAML_SEQUENCE_START_EVENT:
    if (++y->depth > y->max_depth)
      return refuse (y, error, "nested deeper than %d levels", y->max_depth);
    return TRUE;
  case YAML_MAPPING_END_EVENT:
  case YAML_SEQUENCE_END_EVENT:
    y->depth--;
    return TRUE;
  default:
    return TRUE;
  }
}

gboolean
vs_yaml_check (const char *data, gsize length, const char *origin, GQuark domain, int code,
               int max_depth, gsize max_scalar, GError **error)
{
  VsYamlEvents y;
  vs_yaml_events_init (&y, data, length, origin, domain, code, max_depth, max_scalar);
  gboolean ok;
  do
    ok = vs_yaml_events_next (&y, error);
  while (ok && y.event.type != YAML_STREAM_END_EVENT);
  vs_yaml_events_clear (&y);
  return ok;
}
