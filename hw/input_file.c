/* SPDX-License-Identifier: Apache-2.0 */
/* input_file.c — open once, fstat, refuse non-regular files, read under a cap.
 * See input_file.h for the contract. */
#include "config.h"

#include "hw/input_file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (vs-input-file-error-quark, vs_input_file_error)

/* Standard input is one stream: vs_input_file_read reads it once and keeps
 * it, so that a command that reads its schedule several times (compare, once
 * per model) reads the same text; a read for another kind of input is
 * refused (it would see that text), and so is any use after a streaming
 * reader (vs_input_file_open) took it. */
static GMutex stdin_lock;
static gboolean stdin_streamed;
static char *stdin_data;
static gsize stdin_length;
static char *stdin_what;

gboolean
vs_input_file_is_stdin (const char *path)
{
  return path != NULL && strcmp (path, "-") == 0;
}

static const char *
file_kind (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISFIFO (mode))
    return "a FIFO";
  if (S_ISCHR (mode))
    return "a character device";
  if (S_ISBLK (mode))
    return "a block device";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a file";
}

static void
too_large (GError **error, const char *path, gint64 size, gint64 max_bytes, const char *what)
{
  g_set_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_TOO_LARGE,
               "%s: %" G_GINT64_FORMAT " bytes is more than the %" G_GINT64_FORMAT " %s may have",
               path, size, max_bytes, what);
}

/* Reads fd to its end into a buffer that never grows past max_bytes + 1. */
static gboolean
read_all (int fd, const char *path, gint64 max_bytes, const char *what, gint64 size_hint,
          char **contents, gsize *length, GError **error)
{
  gsize cap = (gsize) MIN (max_bytes, (gint64) (G_MAXSIZE / 2)) + 1;   /* +1: see one byte past */
  gsize alloc = size_hint > 0 ? (gsize) MIN ((gint64) cap, size_hint + 1) : MIN (cap, 65536);
  char *buf = g_malloc (alloc + 1);
  gsize used = 0;
  for (;;) {
    if (used == alloc) {
      if (alloc >= cap)
        break;
      alloc = alloc > cap / 2 ? cap : alloc * 2;
      buf = g_realloc (buf, alloc + 1);
    }
    ssize_t n = read (fd, buf + used, alloc - used);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int saved = errno;
      g_free (buf);
      g_set_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_READ, "%s: cannot read: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
    if (n == 0)
      break;
    used += (gsize) n;
  }
  if ((gint64) used > max_bytes) {
    g_free (buf);
    g_set_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_TOO_LARGE,
                 "%s: more than the %" G_GINT64_FORMAT " bytes %s may have", path, max_bytes, what);
    return FALSE;
  }
  buf[used] = '\0';
  *contents = buf;
  *length = used;
  return TRUE;
}

int
vs_input_file_open (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, -1);
  if (vs_input_file_is_stdin (path)) {
    g_mutex_lock (&stdin_lock);
    gboolean taken = stdin_streamed || stdin_what != NULL;
    stdin_streamed = TRUE;
    g_mutex_unlock (&stdin_lock);
    if (taken) {
      g_set_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_STDIN_USED,
                   "-: standard input was already read for another input");
      return -1;
    }
    return STDIN_FILENO;
  }
  /* O_NONBLOCK: opening a FIFO that has no writer returns at once instead of
   * waiting for one; it is refused below.  O_NOCTTY: a terminal device given
   * as a path must not become our controlling terminal. */
  int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0) {
    int saved = errno;
    g_set_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_OPEN, "%s: cannot open: %s",
                 path, g_strerror (saved));
    return -1;
  }
  struct stat st;
  if (fstat (fd, &st) != 0) {
    int saved = errno;
    close (fd);
    g_set_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_OPEN, "%s: cannot stat: %s",
                 path, g_strerror (saved));
    return -1;
  }
  if (!S_ISREG (st.st_mode)) {
    close (fd);
    g_set_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_NOT_REGULAR,
                 "%s: not a regular file (%s); give a file, or - for standard input",
                 path, file_kind (st.st_mode));
    return -1;
  }
  return fd;
}

void
vs_input_file_close (int fd)
{
  if (fd >= 0 && fd != STDIN_FILENO)
    close (fd);
}

/* Called with stdin_lock held. */
static gboolean
read_stdin (gint64 max_bytes, const char *what, char **contents, gsize *length, GError **error)
{
  if (stdin_streamed) {
    g_set_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_STDIN_USED,
                 "-: standard input was already read for another input");
    return FALSE;
  }
  if (stdin_what != NULL) {
    if (strcmp (stdin_what, what) != 0) {
      g_set_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_STDIN_USED,
                   "-: standard input was already read as %s; it cannot also be %s", stdin_what,
                   what);
      return FALSE;
    }
  } else {
    struct stat st;
    gint64 hint = fstat (STDIN_FILENO, &st) == 0 && S_ISREG (st.st_mode) ? (gint64) st.st_size : 0;
    if (hint > max_bytes) {
      too_large (error, "-", hint, max_bytes, what);
      return FALSE;
    }
    if (!read_all (STDIN_FILENO, "-", max_bytes, what, hint, &stdin_data, &stdin_length, error))
      return FALSE;
    stdin_what = g_strdup (what);
  }
  if ((gint64) stdin_length > max_bytes) {
    too_large (error, "-", (gint64) stdin_length, max_bytes, what);
    return FALSE;
  }
  *contents = g_memdup2 (stdin_data, stdin_length + 1);
  *length = stdin_length;
  return TRUE;
}

gboolean
vs_input_file_read (const char *path, gint64 max_bytes, const char *what,
                    char **contents, gsize *length, GError **error)
{
  g_return_val_if_fail (path != NULL && contents != NULL && length != NULL, FALSE);
  g_return_val_if_fail (max_bytes >= 0, FALSE);
  if (what == NULL)
    what = "an input file";
  if (vs_input_file_is_stdin (path)) {
    g_mutex_lock (&stdin_lock);
    gboolean ok = read_stdin (max_bytes, what, contents, length, error);
    g_mutex_unlock (&stdin_lock);
    return ok;
  }
  int fd = vs_input_file_open (path, error);
  if (fd < 0)
    return FALSE;
  const char *name = vs_input_file_is_stdin (path) ? "-" : path;
  struct stat st;
  gint64 size = fstat (fd, &st) == 0 && S_ISREG (st.st_mode) ? (gint64) st.st_size : 0;
  if (size > max_bytes) {
    vs_input_file_close (fd);
    too_large (error, name, size, max_bytes, what);
    return FALSE;
  }
  gboolean ok = read_all (fd, name, max_bytes, what, size, contents, length, error);
  vs_input_file_close (fd);
  return ok;
}

void
vs_input_file_error_into (GError **dest, GError *src, GQuark domain, gint code)
{
  g_return_if_fail (src != NULL);
  g_set_error_literal (dest, domain, code, src->message);
  g_error_free (src);
}

gboolean
vs_input_file_read_as (const char *path, gint64 max_bytes, const char *what, char **contents,
                       gsize *length, GQuark domain, gint io_code, gint too_large_code,
                       GError **error)
{
  GError *local = NULL;
  if (vs_input_file_read (path, max_bytes, what, contents, length, &local))
    return TRUE;
  gboolean too_large = g_error_matches (local, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_TOO_LARGE);
  vs_input_file_error_into (error, local, domain, too_large ? too_large_code : io_code);
  return FALSE;
}
