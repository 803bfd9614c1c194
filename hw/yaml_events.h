/* SPDX-License-Identifier: Apache-2.0 */
/* yaml_events.h — the one way vpusim reads YAML: libyaml events with the
 * error positions, limits and refusals every YAML reader shares (schedules,
 * device files, what-if scenarios).
 *
 * Positions: every message starts "origin:line:column: " (1-based, column in
 * characters).  A malformed file gets libyaml's problem at its problem mark,
 * with the context and its position in parentheses; unreadable bytes (bad
 * UTF-8, a control character), for which libyaml gives only a byte offset,
 * get the line and column of that offset and the byte's value.
 * Refusals, each at the offending event: YAML aliases (they are not part of
 * any vpusim format, and an alias bomb is the classic YAML denial of
 * service), scalars longer than the reader's limit or holding a NUL, and
 * nesting deeper than the reader's limit — counted on the events, so a
 * 100 000-deep `[[[[...` is refused at its 33rd bracket before anything
 * recursive sees it.
 * Readers that want a document tree (libyaml's loader has no depth limit)
 * run vs_yaml_check over the text first, then load it.
 */
#ifndef VS_YAML_EVENTS_H
#define VS_YAML_EVENTS_H

#include <glib.h>
#include <yaml.h>

G_BEGIN_DECLS

#define VS_YAML_MAX_DEPTH  32          /* nested mappings and lists, by default */
#define VS_YAML_MAX_SCALAR 65536u      /* bytes in one scalar, by default */

typedef struct {
  gint32 line, column;                 /* 1-based */
} VsYamlMark;

/* libyaml marks are 0-based. */
VsYamlMark vs_yaml_mark (const yaml_mark_t *m);

/* Sets *error (domain, code) to "origin:line:column: message". */
void vs_yaml_set_error (GError **error, GQuark domain, int code, const char *origin,
                        VsYamlMark m, const char *format, ...) G_GNUC_PRINTF (6, 7);
void vs_yaml_set_error_va (GError **error, GQuark domain, int code, const char *origin,
                           VsYamlMark m, const char *format, va_list ap) G_GNUC_PRINTF (6, 0);

/* The error of a parser whose yaml_parser_parse or yaml_parser_load failed;
 * `data` and `length` are its input (to place reader errors). */
void vs_yaml_set_parser_error (GError **error, GQuark domain, int code, const char *origin,
                               const yaml_parser_t *parser, const char *data, gsize length);

/* "a mapping", "a list", "a scalar", "an alias", "the end of a mapping"... */
const char *vs_yaml_event_kind (const yaml_event_t *event);

typedef struct {
  yaml_parser_t parser;
  yaml_event_t event;                  /* the current event, once next succeeded */
  gboolean have_event;
  const char *origin, *data;
  gsize length;
  GQuark domain;                       /* the reader's error domain and code */
  int code;
  int max_depth;
  gsize max_scalar;
  int depth;                           /* mappings and lists open at the current event */
} VsYamlEvents;

/* Starts reading `data` (which must outlive the reader).  Errors from next
 * go to (domain, code), positioned in `origin`. */
void vs_yaml_events_init (VsYamlEvents *y, const char *data, gsize length, const char *origin,
                          GQuark domain, int code, int max_depth, gsize max_scalar);
void vs_yaml_events_clear (VsYamlEvents *y);

/* The next event becomes y->event; FALSE with *error set on malformed YAML or
 * a refusal (see above). */
gboolean   vs_yaml_events_next (VsYamlEvents *y, GError **error);
/* Where the current event starts. */
VsYamlMark vs_yaml_events_mark (const VsYamlEvents *y);

/* Reads every event of `data` with the checks above and nothing else: for
 * readers that then load a document tree. */
gboolean vs_yaml_check (const char *data, gsize length, const char *origin, GQuark domain,
                        int code, int max_depth, gsize max_scalar, GError **error);

G_END_DECLS

#endif /* VS_YAML_EVENTS_H */
