/* SPDX-License-Identifier: Apache-2.0 */
/* output_set.h — a command's output files, checked before the work and
 * written all together or not at all.
 *
 * A command claims each output path it was given before it reads or
 * computes anything: the claim checks the name (an extension the format
 * needs, not a folder, not claimed twice) and creates an empty staged file
 * beside the target, which proves the folder exists and is writable.  The
 * writers then write the staged paths (vs_output_set_claim returns them; they
 * keep the target's extension, so a plot's format still follows it).  Only
 * when every output is written does vs_output_set_commit move them onto their
 * targets; freeing a set that was not committed removes the staged files.  So
 * a run that fails anywhere (bad input, a failed replay, gnuplot failing on
 * the second plot) leaves no output file at all, new or partial.
 *
 * The one window left is the commit itself: renames in the targets' own
 * folders, which the claims showed writable.  Should a rename still fail,
 * the outputs already moved are removed again, so it stays all or none (an
 * older file at such a path is then gone too).
 */
#ifndef VS_OUTPUT_SET_H
#define VS_OUTPUT_SET_H

#include <glib.h>

G_BEGIN_DECLS

#define VS_OUTPUT_SET_ERROR (vs_output_set_error_quark ())
GQuark vs_output_set_error_quark (void);

typedef enum {
  VS_OUTPUT_SET_ERROR_NAME,     /* wrong extension, a folder, or the same path twice: a usage error */
  VS_OUTPUT_SET_ERROR_WRITE,    /* the folder is missing or not writable, a rename failed */
} VsOutputSetError;

typedef struct VsOutputSet VsOutputSet;

VsOutputSet *vs_output_set_new (void);
/* Removes every staged file of a set that was not committed. */
void vs_output_set_free (VsOutputSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsOutputSet, vs_output_set_free)

/* Claims `path` for the option named `option` (in messages: "--trace").
 * `extensions` is a NULL-terminated list such as { ".png", ".svg", NULL }
 * (compared ignoring case), or NULL for any name.  Returns the staged path
 * to write instead of `path` (owned by the set), or NULL with an error:
 *   --plot: out.jpg: the name must end in .png or .svg
 *   --trace: /proc/t.json: cannot create a file in /proc: Permission denied */
const char *vs_output_set_claim (VsOutputSet *set, const char *option, const char *path,
                                 const char *const *extensions, GError **error);

/* The staged path of a claimed target, or NULL. */
const char *vs_output_set_staged (const VsOutputSet *set, const char *path);

/* `message` with every staged path in it replaced by its target, so that a
 * writer's error names the file the user asked for (newly allocated). */
char *vs_output_set_unstage (const VsOutputSet *set, const char *message);

/* Moves every staged file onto its target, in claim order. */
gboolean vs_output_set_commit (VsOutputSet *set, GError **error);

G_END_DECLS

#endif /* VS_OUTPUT_SET_H */
