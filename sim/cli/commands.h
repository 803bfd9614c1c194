/* SPDX-License-Identifier: Apache-2.0 */
/* commands.h — the subcommands of the vpusim binary.
 *
 * Each subcommand is one function taking the arguments after its name
 * (argv[0] is the subcommand name) and returning the process exit status:
 * 0 ok, 1 bad input or failed simulation (message on stderr), 2 usage error.
 */
#ifndef VS_COMMANDS_H
#define VS_COMMANDS_H

#include <glib.h>

#include "sim/analysis/run_pipeline.h"
#include "sim/base/output_set.h"
#include "sim/analysis/what_if_scenario.h"
#include "sim/lower/lower.h"
#include "sim/lower/tiles_sweep.h"

G_BEGIN_DECLS

enum { VS_EXIT_OK = 0, VS_EXIT_FAILURE = 1, VS_EXIT_USAGE = 2 };

typedef struct {
  const char *name;
  const char *summary;
  int (*main) (int argc, char **argv);
} VsCommand;

/* Parse a GOptionContext for a subcommand; on failure print the error and
 * return FALSE (the caller exits with VS_EXIT_USAGE). */
gboolean vs_command_parse_options (GOptionContext *context, int *argc, char ***argv);

/* The options the replaying commands share (run, sweep, calibrate,
 * compare): one spelling, short option, argument and help text each, so
 * `vpusim help CMD`, the manual page made from it and the completion agree
 * across commands.  `which` is a mask of VsCliRunOption, added to the
 * context's main group in the order of the enum; `set_help`/`set_arg`
 * (NULL: the common ones) are for sweep, whose --set takes value lists. */
typedef enum {
  VS_CLI_DEVICE = 1 << 0,
  VS_CLI_SET = 1 << 1,
  VS_CLI_COST = 1 << 2,
  VS_CLI_MODE = 1 << 3,
  VS_CLI_MODELS = 1 << 4,
  VS_CLI_UNKNOWN_SHAVE = 1 << 5,
  VS_CLI_ALL_RUN_OPTIONS = (1 << 6) - 1,
} VsCliRunOption;

typedef struct {
  char *device, *cost, *mode, *models, *unknown_shave;   /* owned, as GOption fills them */
  GStrv sets;
} VsCliRunOptions;

void vs_cli_run_options_add (GOptionContext *context, VsCliRunOptions *options, guint which,
                             const char *set_help, const char *set_arg);
void vs_cli_run_options_clear (VsCliRunOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VsCliRunOptions, vs_cli_run_options_clear)
/* The library's view of them (sim/analysis/run_pipeline.h), with --force. */
VsRunOptions vs_cli_run_options_view (const VsCliRunOptions *options, gboolean force);
/* Whether any of the options in `which` was given. */
gboolean vs_cli_run_options_given (const VsCliRunOptions *options, guint which);

/* Print "vpusim: " + message to stderr. */
void vs_command_error (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Print each of `lines` (char *; NULL: none) as "vpusim: KIND: line" on
 * stderr: the notes and warnings the library collected for the user. */
void vs_command_notes (const GPtrArray *lines, const char *kind);

/* Output files, claimed before any work (sim/base/output_set.h): a NULL
 * `path` (option not given) claims nothing and leaves *staged NULL.  On a
 * refusal the message is printed and the exit status returned: usage (2)
 * for a wrong name, failure (1) for a folder that cannot take the file;
 * VS_EXIT_OK otherwise.  The plot form requires .png or .svg and gnuplot. */
int vs_command_claim (VsOutputSet *set, const char *option, const char *path,
                      const char *const *extensions, const char **staged);
int vs_command_claim_plot (VsOutputSet *set, const char *option, const char *path,
                           const char **staged);
/* Print a writer's error with staged paths named as their targets. */
void vs_command_output_error (const VsOutputSet *set, const GError *error);

/* Commit every claimed output; prints the error and returns 1 on failure. */
int vs_command_commit (VsOutputSet *set);

/* A command's document: written to `staged` (its claimed -o file) and every
 * claimed output committed, or, when `staged` is NULL (no -o), printed on
 * standard output.  Prints the error and returns 1 on failure. */
int vs_command_emit (VsOutputSet *set, const char *staged, const GString *text);

/* `vpusim run` (sim/cli/cmd_run.c), `vpusim compare` (sim/cli/cmd_compare.c),
 * `vpusim import` (sim/cli/cmd_import.c). */
int vs_cmd_run (int argc, char **argv);
int vs_cmd_compare (int argc, char **argv);
int vs_cmd_import (int argc, char **argv);

/* `vpusim cost` (sim/cli/cmd_cost.c); its layer kind (sim/cli/cmd_cost_layer.c)
 * with the parsed options: `strategy` NULL (the rows' own), "auto" or a
 * strategy name; `json` prints the whole split of a one-row file. */
int vs_cmd_cost (int argc, char **argv);
int vs_cmd_cost_layer (const char *path, const char *models_dir, const char *output,
                       const char *strategy, gboolean json);

/* `vpusim sweep` (sim/cli/cmd_sweep.c). */
int vs_cmd_sweep (int argc, char **argv);

/* `vpusim network` (sim/cli/cmd_network.c), `vpusim lower` (sim/cli/cmd_lower.c). */
int vs_cmd_network (int argc, char **argv);
int vs_cmd_lower (int argc, char **argv);
int vs_cmd_strategy (int argc, char **argv);   /* sim/cli/cmd_strategy.c */
/* A network lowered and replayed per tile count (sim/cli/cmd_sweep_tiles.c,
 * the work in sim/lower/tiles_sweep.h): `sweep NET --tiles ...` and network
 * what-if scenarios.  The CSV goes to `output`, else to standard output
 * unless `print_table`; the table is printed when `output` is set or
 * `print_table`. */
int vs_cli_sweep_tiles (const VsTilesSweepRequest *request, const char *output,
                        gboolean print_table);
/* The shared options' part of a request (device, cost, models, mode,
 * unknown-SHAVE policy), their values checked as for a replay; a usage
 * status (message printed) on a bad one. */
int vs_cli_tiles_sweep_args (VsTilesSweepRequest *request, const VsCliRunOptions *options);

/* `vpusim calibrate` (sim/cli/cmd_calibrate.c). */
int vs_cmd_calibrate (int argc, char **argv);

G_END_DECLS

#endif
