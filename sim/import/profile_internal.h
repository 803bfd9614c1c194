/* SPDX-License-Identifier: Apache-2.0 */
/* profile_internal.h — what the profile importer's modules share (not a public API).
 *
 * The importer (profile_import.h is its contract) is in four modules:
 *   profile_import.c  dispatch on the text's first bytes, names, warnings, errors
 *   profile_json.c    the Chrome/Perfetto trace JSON (three flavours), nesting bounded
 *   profile_text.c    prof_parser's text report (2022 and 2023+ layouts) and its
 *                     raw-counter debug report (`-f debug`, NPU 2.7 layout)
 *   profile_join.c    measured tasks joined to schedule tasks
 * A Reader carries the profile being filled, the file name for messages and
 * the warning log. */
#ifndef VS_PROFILE_INTERNAL_H
#define VS_PROFILE_INTERNAL_H

#include <glib.h>

#include "sim/base/warning_log.h"
#include "sim/import/profile_import.h"

G_BEGIN_DECLS

typedef struct {
  VsProfile *p;
  const char *origin;
  VsWarningLog *warnings;
} Reader;

/* A warning of kind `key` at `line` (0: none), one line per kind in the log. */
void vs_profile_warn (Reader *r, gint line, const char *key, const char *format, ...)
  G_GNUC_PRINTF (4, 5);
/* "origin:line: message" (or "origin: message" when line is 0) into `error`. */
void vs_profile_fail (GError **error, VsProfileError code, const char *origin, gint line,
                      const char *format, ...) G_GNUC_PRINTF (5, 6);
/* The value N of a "<prefix>N" token after the last '?' of a name, or -1. */
gint32 vs_profile_name_token (const char *name, const char *prefix);
/* The layer of a measured name (interned in the profile): the text before
 * its last '?', the whole name without one. */
const char *vs_profile_layer_of (VsProfile *p, const char *name);
gint64 vs_profile_us_to_ps (double us);
/* DMA..., DPU..., SW/Shave/UPA/ACT..., M2I... -> engine. */
gboolean vs_profile_engine_of_label (const char *s, VsEngine *e);
/* A non-negative number of microseconds at `s` (at most 1e12). */
gboolean vs_profile_parse_us (const char *s, double *out, const char **end_out);
/* Appends a measured task with the fields every reader fills. */
VsMeasuredTask *vs_profile_add_task (Reader *r, const char *name, VsEngine engine, double start_us,
                                     double duration_us, gint line);

gboolean vs_profile_read_json (Reader *r, const char *data, gsize length, GError **error);
gboolean vs_profile_read_text (Reader *r, const char *data, gsize length, GError **error);
gboolean vs_profile_read_debug (Reader *r, const char *data, gsize length, GError **error);

G_END_DECLS

#endif /* VS_PROFILE_INTERNAL_H */
