/* SPDX-License-Identifier: Apache-2.0 */
/* vpusim.c — the command-line entry point: dispatches to a subcommand.
 * The commands themselves live in sim/cli/cmd_*.c so this file stays a table. */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "sim/cli/commands.h"


static const VsCommand commands[] = {
  { "run", "replay a schedule and report its latency", vs_cmd_run },
  { "cost", "cost workloads from a CSV with a cost model", vs_cmd_cost },
  { "compare", "compare predictions with a measured run or measured DPU workloads", vs_cmd_compare },
  { "sweep", "replay a schedule over a grid of device values", vs_cmd_sweep },
  { "import", "convert a compiled VPURT MLIR schedule to the YAML format", vs_cmd_import },
  { "network", "recover the layer graph and the compiler's choices from a schedule", vs_cmd_network },
  { "lower", "lower a network to a schedule (strategies, tiles, devices)", vs_cmd_lower },
  { "strategy", "compare multi-tile strategies per layer and end to end", vs_cmd_strategy },
  { "calibrate", "fit dispatch and cold-start latencies to measured runs", vs_cmd_calibrate },
  { NULL, NULL, NULL },
};

static void
usage (FILE *out)
{
  fprintf (out, "Usage: vpusim COMMAND [OPTIONS...]\n\n"
                "Discrete-event simulator of Intel VPU/NPU accelerators.\n\nCommands:\n");
  for (const VsCommand *c = commands; c->name != NULL; c++)
    fprintf (out, "  %-10s %s\n", c->name, c->summary);
  fprintf (out, "\nRun 'vpusim help COMMAND' (or 'vpusim COMMAND --help') for the options of a "
                "command,\n'man vpusim' for the manual.\n");
}

int
main (int argc, char **argv)
{
  /* Numbers in outputs must not depend on the user's locale. */
  setlocale (LC_ALL, "C");
  if (argc < 2) {
    usage (stderr);
    return VS_EXIT_USAGE;
  }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      (strcmp (argv[1], "help") == 0 && argc == 2)) {
    usage (stdout);
    return VS_EXIT_OK;
  }
  /* `vpusim help CMD` is `vpusim CMD --help` */
  char *help_argv[4] = { argv[0], NULL, (char *) "--help", NULL };
  if (strcmp (argv[1], "help") == 0) {
    if (argc > 3) {
      fprintf (stderr, "vpusim: help takes one command name\n");
      return VS_EXIT_USAGE;
    }
    help_argv[1] = argv[2];
    argc = 3;
    argv = help_argv;
  }
  if (strcmp (argv[1], "--version") == 0) {
    printf ("vpusim %s\n", PACKAGE_VERSION);
    return VS_EXIT_OK;
  }
  for (const VsCommand *c = commands; c->name != NULL; c++)
    if (strcmp (c->name, argv[1]) == 0) {
      /* GLib's usage line starts with the program name: "vpusim run" */
      g_autofree char *prgname = g_strconcat ("vpusim ", c->name, NULL);
      g_set_prgname (prgname);
      return c->main (argc - 1, argv + 1);
    }
  fprintf (stderr, "vpusim: unknown command '%s'\n\n", argv[1]);
  usage (stderr);
  return VS_EXIT_USAGE;
}
