/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_whatif_yaml.c — the what-if scenario reader on arbitrary bytes; an
 * accepted scenario must be complete (a schedule and at least one question,
 * or a network and its tile counts; a grid whose every point applies to a
 * device). */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "sim/analysis/what_if_scenario.h"

VS_FUZZ_TARGET (whatif_yaml)
{
  if (size > VS_FUZZ_MAX_INPUT)
    return 0;
  GError *error = NULL;
  VsWhatIfScenario *sc = vs_what_if_scenario_load_from_data ((const char *) data, size,
                                                             "fuzz/whatif.yaml", &error);
  if (sc == NULL) {
    if (error == NULL || strstr (error->message, "fuzz/whatif.yaml") == NULL)
      g_error ("a refused scenario must say why, naming the file");
    g_error_free (error);
    return 0;
  }
  if ((sc->schedule == NULL) == (sc->network == NULL))
    g_error ("an accepted scenario names one of a schedule and a network");
  if (sc->schedule != NULL && (sc->sweep == NULL && !sc->speedups))
    g_error ("an accepted schedule scenario lacks a question");
  if (sc->network != NULL &&
      (sc->lower_tiles == NULL || sc->lower_tiles->len == 0 || sc->sweep != NULL || sc->speedups))
    g_error ("an accepted network scenario has tile counts and nothing else to ask");
  if (sc->overrides->len == 0 || sc->overrides->pdata[sc->overrides->len - 1] != NULL)
    g_error ("overrides must end in NULL");
  if (sc->sweep != NULL) {
    /* A few points, first and last included: every value applies. */
    guint64 n = sc->sweep->n_points;
    guint64 points[3] = { 0, n / 2, n - 1 };
    for (int i = 0; i < 3; i++) {
      VsDevice d;
      memset (&d, 0, sizeof d);
      if (!vs_sweep_grid_apply (sc->sweep, points[i], &d, &error))
        g_error ("an accepted sweep point does not apply: %s", error->message);
    }
  }
  vs_what_if_scenario_free (sc);
  return 0;
}
