/* SPDX-License-Identifier: Apache-2.0 */
/* warning_log.h — warnings gathered one line per kind.
 *
 * An importer meets the same oddity many times (every DPU task of a schedule
 * in an MPE mode VPUNN does not know, every event of a category no engine
 * owns).  A user wants it once: at its first place, with how often it came.
 * The caller names each kind with a short key; the first warning of a key
 * is formatted and kept, later ones are only counted (and not formatted).
 */
#ifndef VS_WARNING_LOG_H
#define VS_WARNING_LOG_H

#include <glib.h>
#include <stdarg.h>

G_BEGIN_DECLS

typedef struct VsWarningLog VsWarningLog;

VsWarningLog *vs_warning_log_new (void);
void vs_warning_log_free (VsWarningLog *log);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsWarningLog, vs_warning_log_free)

/* Record a warning of kind `key` at origin:line:column ("origin:line:" when
 * column is 0, "origin:" when line is 0 too). */
void vs_warning_log_addv (VsWarningLog *log, const char *key, const char *origin, gint line,
                          gint column, const char *format, va_list ap) G_GNUC_PRINTF (6, 0);

/* Append one line per kind, in first-seen order — "place: message", with
 * " (N times)" when it came more than once — to `out` (char *, freed by the
 * array).  `out` may be NULL. */
void vs_warning_log_append_lines (const VsWarningLog *log, GPtrArray *out);

G_END_DECLS

#endif /* VS_WARNING_LOG_H */
