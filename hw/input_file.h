/* SPDX-License-Identifier: Apache-2.0 */
/* input_file.h — the one way vpusim reads a whole input file into memory.
 *
 * Every reader (schedules, MLIR, profiles, devices, CSV tables, VPUNN models,
 * SHAVE tables, what-if scenarios) goes through vs_input_file_read so that a
 * size cap, a refusal rule or an error message is fixed in one place:
 *  - the path is opened once, with O_NONBLOCK so that a FIFO without a writer
 *    cannot block the open, then fstat()ed on the open descriptor (no race
 *    between a stat and an open);
 *  - anything but a regular file is refused (directories, FIFOs, character
 *    devices such as /dev/zero, sockets), except the path "-", which is
 *    standard input, read to its end whatever it is;
 *  - the same byte cap applies to both: a regular file whose size is over it
 *    is refused before anything is read, and the read itself stops one byte
 *    past the cap (a file that grows, or standard input);
 *  - standard input is read once and kept: reading "-" again returns the
 *    same text (a command may load its schedule once per model), but a
 *    read for another kind of input (`what` differs: a profile after a
 *    schedule) is refused rather than handed the schedule's text.
 * The contents come back NUL-terminated (like g_file_get_contents), so text
 * parsers may treat them as a string; `length` excludes the NUL.
 */
#ifndef VS_INPUT_FILE_H
#define VS_INPUT_FILE_H

#include <glib.h>

G_BEGIN_DECLS

#define VS_INPUT_FILE_ERROR (vs_input_file_error_quark ())
GQuark vs_input_file_error_quark (void);

typedef enum {
  VS_INPUT_FILE_ERROR_OPEN,         /* cannot be opened (missing, permission, ...) */
  VS_INPUT_FILE_ERROR_NOT_REGULAR,  /* a directory, FIFO, device or socket */
  VS_INPUT_FILE_ERROR_TOO_LARGE,    /* over the caller's byte cap */
  VS_INPUT_FILE_ERROR_READ,         /* read(2) failed */
  VS_INPUT_FILE_ERROR_STDIN_USED,   /* "-" given for two kinds of input */
} VsInputFileError;

/* True when `path` names standard input ("-"). */
gboolean vs_input_file_is_stdin (const char *path);

/* Reads all of `path` (or standard input for "-") into a new NUL-terminated
 * buffer of at most `max_bytes` bytes.  `what` names the kind of file for the
 * messages ("a schedule", "an MLIR file"), which read like
 *   PATH: 2147483649 bytes is more than the 2147483648 a schedule may have
 *   PATH: not a regular file (a character device); give a file or - for standard input
 * On failure *contents is untouched and the error is in VS_INPUT_FILE_ERROR. */
gboolean vs_input_file_read (const char *path, gint64 max_bytes, const char *what,
                             char **contents, gsize *length, GError **error);

/* Opens `path` (or standard input for "-") for a reader that streams: the
 * same refusals as vs_input_file_read, no size cap.  Returns a descriptor to
 * read(2) from and to give back with vs_input_file_close (which leaves
 * standard input open), or -1 with an error. */
int  vs_input_file_open (const char *path, GError **error);
void vs_input_file_close (int fd);

/* Wraps a failure of vs_input_file_read into a caller's own domain and code,
 * keeping the message (callers keep their documented error domains). */
void vs_input_file_error_into (GError **dest, GError *src, GQuark domain, gint code);

/* vs_input_file_read with its failure already in the caller's domain:
 * `too_large_code` for a file over the cap (some readers count that as bad
 * input), `io_code` for every other refusal; the message is kept.  The one
 * call every whole-file reader makes. */
gboolean vs_input_file_read_as (const char *path, gint64 max_bytes, const char *what,
                                char **contents, gsize *length, GQuark domain, gint io_code,
                                gint too_large_code, GError **error);

G_END_DECLS

#endif /* VS_INPUT_FILE_H */
