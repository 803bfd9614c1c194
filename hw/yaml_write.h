/* SPDX-License-Identifier: Apache-2.0 */
/* yaml_write.h — one YAML scalar as text, for every YAML writer (schedules,
 * networks, device files).
 *
 * Plain when it cannot be read as anything but this string: not empty, not
 * starting with '-', not a YAML null or boolean in any letter case (null, ~,
 * true, false, yes, no, on, off), and only letters, digits and _ . / + -.
 * Otherwise double-quoted, with \" \\ \n \t escaped and every character
 * outside YAML's printable set (and CR, NEL) as \uXXXX or \UXXXXXXXX, so the
 * text reads back as exactly the same string.
 */
#ifndef VS_YAML_WRITE_H
#define VS_YAML_WRITE_H

#include <glib.h>

G_BEGIN_DECLS

/* Appends `s`; FALSE (nothing appended) when it is not valid UTF-8. */
gboolean vs_yaml_append_scalar (GString *out, const char *s);

G_END_DECLS

#endif /* VS_YAML_WRITE_H */
