/* SPDX-License-Identifier: Apache-2.0 */
/* strategy.c — costs of every strategy per layer, the choices, and the
 * replayed latency of each set of choices (see strategy.h). */
#include "sim/lower/strategy.h"

#include <string.h>

#include "sim/analysis/run_pipeline.h"
#include "sim/base/output_file.h"

static VsStrategy
cheapest (const VsCycles *costs, const VsStrategy *list, guint n)
{
  VsStrategy best = VS_STRATEGY_NONE;
  for (guint i = 0; i < n; i++) {
    VsCycles c = costs[list[i]];
    if (c != 0 && !VS_CYCLES_IS_ERROR (c) && (best == VS_STRATEGY_NONE || c < costs[best]))
      best = list[i];
  }
  return best;
}

static gint64
lower_and_replay (const VsNetwork *net, VsLowerModels *m, const char *preset,
                  const VsLowerOptions *o, const char *models_dir, char **why)
{
  GError *error = NULL;
  VsDevice saved = m->device;
  VsSchedule *s = vs_lower (net, m, preset, o, NULL, NULL, &error);
  m->device = saved;
  if (s == NULL) {
    *why = g_strdup (error->message);
    g_error_free (error);
    return -1;
  }
  VsRunConfig config = { 0 };
  config.models_dir = models_dir;
  config.cost = "vpunn";
  VsRun run;
  memset (&run, 0, sizeof run);
  gint64 latency = -1;
  if (vs_run_prepare_schedule (&run, s, &config, &error) && vs_run_replay (&run, &config, &error))
    latency = run.timeline->latency_ps;
  else {
    *why = g_strdup (error->message);
    g_error_free (error);
  }
  vs_run_clear (&run);
  return latency;
}

static void
add_run (VsStrategyReport *r, const char *name, const VsNetwork *net, VsLowerModels *m,
         const char *preset, const VsLowerOptions *o, const char *models_dir)
{
  VsStrategyRun run = { g_strdup (name), -1, NULL };
  run.latency_ps = lower_and_replay (net, m, preset, o, models_dir, &run.error);
  g_array_append_val (r->runs, run);
}

gboolean
vs_strategy_study (const VsNetwork *net, VsLowerModels *m, const char *device_preset, guint tiles,
                   const char *models_dir, VsStrategyReport *out, GError **error)
{
  memset (out, 0, sizeof *out);
  if (m->layer_cost == NULL) {
    g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID,
                 "the strategy study needs VPUNN's DPU model for %s", m->device.name);
    return FALSE;
  }
  /* Every set of choices keeps the compiler's placements and SHAVE parts:
   * only the DPU layers' strategies and splits differ between the runs. */
  VsLowerOptions base = { VS_LOWER_KEEP, VS_STRATEGY_NONE, VS_CHOOSE_VPUNN, tiles, TRUE, NULL };
  out->n_tiles = vs_lower_tiles (net, &m->device, &base);
  out->device = g_strdup (device_preset != NULL ? device_preset : m->device.name);
  out->dpu_clock_mhz = m->device.dpu_clock_mhz;
  out->n_strategies = vs_lower_device_strategies (&m->device, out->strategies);
  out->rows = g_array_new (FALSE, TRUE, sizeof (VsStrategyRow));
  out->runs = g_array_new (FALSE, TRUE, sizeof (VsStrategyRun));
  for (guint i = 0; i < net->layers->len; i++) {
    const VsNetLayer *l = vs_network_layer (net, i);
    if (l->kind != VS_LAYER_DPU)
      continue;
    VsStrategyRow row;
    memset (&row, 0, sizeof row);
    row.layer = i;
    for (guint k = 0; k < out->n_strategies; k++) {
      VsStrategy s = out->strategies[k];
      row.vpunn[s] = vs_lower_layer_cost (m, l, s, out->n_tiles, VS_CHOOSE_VPUNN);
      row.analytical[s] = vs_lower_layer_cost (m, l, s, out->n_tiles, VS_CHOOSE_ANALYTICAL);
    }
    row.vpunn_choice = cheapest (row.vpunn, out->strategies, out->n_strategies);
    row.analytical_choice = cheapest (row.analytical, out->strategies, out->n_strategies);
    row.compiler_choice = l->strategy;
    g_array_append_val (out->rows, row);
  }
  add_run (out, "compiler", net, m, device_preset, &base, models_dir);
  VsLowerOptions o = base;
  o.mode = VS_LOWER_AUTO;
  add_run (out, "vpunn", net, m, device_preset, &o, models_dir);
  o.choose_with = VS_CHOOSE_ANALYTICAL;
  add_run (out, "analytical", net, m, device_preset, &o, models_dir);
  for (guint k = 0; k < out->n_strategies; k++) {
    VsLowerOptions f = base;
    f.mode = VS_LOWER_FIXED;
    f.strategy = out->strategies[k];
    add_run (out, vs_strategy_name (f.strategy), net, m, device_preset, &f, models_dir);
  }
  return TRUE;
}

void
vs_strategy_report_clear (VsStrategyReport *r)
{
  if (r->runs != NULL)
    for (guint i = 0; i < r->runs->len; i++) {
      g_free (g_array_index (r->runs, VsStrategyRun, i).name);
      g_free (g_array_index (r->runs, VsStrategyRun, i).error);
    }
  if (r->rows != NULL)
    g_array_unref (r->rows);
  if (r->runs != NULL)
    g_array_unref (r->runs);
  g_free (r->device);
  memset (r, 0, sizeof *r);
}

static void
append_cycles (GString *out, VsCycles c, double mhz)
{
  if (c == 0)
    g_string_append_printf (out, " %12s", "-");
  else if (VS_CYCLES_IS_ERROR (c))
    g_string_append_printf (out, " %12s", c == VS_ERROR_INPUT_TOO_BIG ? "too big"
                                          : c == VS_ERROR_TILE_OUTPUT ? "no split" : "invalid");
  else
    g_string_append_printf (out, " %12.3f", c / mhz);
}

static const char *
choice_name (VsStrategy s)
{
  return s == VS_STRATEGY_NONE ? "-" : vs_strategy_name (s);
}

void
vs_strategy_report_text (const VsNetwork *net, const VsStrategyReport *r, GString *out)
{
  g_string_append_printf (out, "strategies of %s on %u tiles of %s (layer costs in us at %g MHz: "
                          "VPUNN's layer-level cost / the analytical model)\n", net->path,
                          r->n_tiles, r->device, r->dpu_clock_mhz);
  g_string_append_printf (out, "  %-36s", "layer");
  for (guint k = 0; k < r->n_strategies; k++)
    g_string_append_printf (out, " %12s %12s", vs_strategy_name (r->strategies[k]), "(analyt.)");
  g_string_append_printf (out, "  %-10s %-10s %s\n", "vpunn", "analytical", "compiler");
  guint agree = 0, agree_compiler = 0, recorded = 0;
  for (guint i = 0; i < r->rows->len; i++) {
    const VsStrategyRow *row = &g_array_index (r->rows, VsStrategyRow, i);
    g_string_append_printf (out, "  %-36.36s", vs_network_layer (net, row->layer)->id);
    for (guint k = 0; k < r->n_strategies; k++) {
      append_cycles (out, row->vpunn[r->strategies[k]], r->dpu_clock_mhz);
      append_cycles (out, row->analytical[r->strategies[k]], r->dpu_clock_mhz);
    }
    g_string_append_printf (out, "  %-10s %-10s %s\n", choice_name (row->vpunn_choice),
                            choice_name (row->analytical_choice), choice_name (row->compiler_choice));
    agree += row->vpunn_choice == row->analytical_choice;
    if (row->compiler_choice != VS_STRATEGY_NONE) {
      recorded++;
      agree_compiler += row->vpunn_choice == row->compiler_choice;
    }
  }
  g_string_append_printf (out, "VPUNN and the analytical model choose alike on %u of %u layers; "
                          "VPUNN and the compiler on %u of %u\n", agree, r->rows->len,
                          agree_compiler, recorded);
  g_string_append (out, "end to end (lowered with each set of choices, replayed with VPUNN costs):\n");
  gint64 base = r->runs->len > 0 ? g_array_index (r->runs, VsStrategyRun, 0).latency_ps : -1;
  for (guint i = 0; i < r->runs->len; i++) {
    const VsStrategyRun *run = &g_array_index (r->runs, VsStrategyRun, i);
    if (run->latency_ps < 0) {
      g_string_append_printf (out, "  %-12s failed: %s\n", run->name, run->error);
      continue;
    }
    g_string_append_printf (out, "  %-12s ", run->name);
    vs_output_append_fixed (out, run->latency_ps, 6, 3);
    g_string_append (out, " us");
    if (base > 0 && i > 0)
      g_string_append_printf (out, "  (%+.1f %% against the compiler's choices)",
                              100.0 * ((double) run->latency_ps / (double) base - 1.0));
    g_string_append_c (out, '\n');
  }
}

static void
json_cycles (GString *out, VsCycles c)
{
  if (c == 0)
    g_string_append (out, "null");
  else if (VS_CYCLES_IS_ERROR (c))
    vs_output_append_json_string (out, vs_cycles_error_name (c));
  else
    g_string_append_printf (out, "%u", c);
}

void
vs_strategy_report_json (const VsNetwork *net, const VsStrategyReport *r, GString *out)
{
  g_string_append (out, "{\"network\": ");
  vs_output_append_json_string (out, net->path);
  g_string_append (out, ", \"device\": ");
  vs_output_append_json_string (out, r->device);
  g_string_append_printf (out, ", \"tiles\": %u, \"layers\": [", r->n_tiles);
  for (guint i = 0; i < r->rows->len; i++) {
    const VsStrategyRow *row = &g_array_index (r->rows, VsStrategyRow, i);
    g_string_append (out, i ? ", {\"layer\": " : "{\"layer\": ");
    vs_output_append_json_string (out, vs_network_layer (net, row->layer)->id);
    for (int model = 0; model < 2; model++) {
      g_string_append_printf (out, ", \"%s_cycles\": {", model == 0 ? "vpunn" : "analytical");
      for (guint k = 0; k < r->n_strategies; k++) {
        g_string_append_printf (out, "%s\"%s\": ", k ? ", " : "", vs_strategy_name (r->strategies[k]));
        json_cycles (out, (model == 0 ? row->vpunn : row->analytical)[r->strategies[k]]);
      }
      g_string_append_c (out, '}');
    }
    const VsStrategy choice[3] = { row->vpunn_choice, row->analytical_choice, row->compiler_choice };
    const char *const key[3] = { "vpunn_choice", "analytical_choice", "compiler_choice" };
    for (int c = 0; c < 3; c++) {
      g_string_append_printf (out, ", \"%s\": ", key[c]);
      if (choice[c] == VS_STRATEGY_NONE)
        g_string_append (out, "null");
      else
        vs_output_append_json_string (out, vs_strategy_name (choice[c]));
    }
    g_string_append_c (out, '}');
  }
  g_string_append (out, "], \"end_to_end\": [");
  for (guint i = 0; i < r->runs->len; i++) {
    const VsStrategyRun *run = &g_array_index (r->runs, VsStrategyRun, i);
    g_string_append (out, i ? ", {\"choices\": " : "{\"choices\": ");
    vs_output_append_json_string (out, run->name);
    if (run->latency_ps >= 0) {
      g_string_append (out, ", \"latency_us\": ");
      vs_output_append_fixed (out, run->latency_ps, 6, 3);
    } else {
      g_string_append (out, ", \"error\": ");
      vs_output_append_json_string (out, run->error);
    }
    g_string_append_c (out, '}');
  }
  g_string_append (out, "]}\n");
}
