/* SPDX-License-Identifier: Apache-2.0 */
/* test_name_table.c — hw/name_table: lookups ignore letter case, the first
 * name of a value is canonical, aliases are left out of the choices; and
 * every table vpusim has keeps the rule (no two names differing only in
 * case, every canonical name reads back as its value, in any case). */
#include <glib.h>
#include <string.h>

#include "hw/name_table.h"
#include "models/workload.h"
#include "models/vpunn/layer.h"
#include "sim/lower/network.h"
#include "sim/engine/replay.h"
#include "sim/schedule/schedule_names.h"

static const VsNameEntry colours[] = {
  { "Red", 1 }, { "GREEN", 2 }, { "rouge", 1 }, { "Blue", 3 }, { NULL, 0 },
};

static void
test_lookup (void)
{
  int v = 0;
  g_assert_true (vs_name_table_lookup (colours, "red", &v));
  g_assert_cmpint (v, ==, 1);
  g_assert_true (vs_name_table_lookup (colours, "ROUGE", &v));
  g_assert_cmpint (v, ==, 1);
  g_assert_true (vs_name_table_lookup (colours, "green", &v));
  g_assert_cmpint (v, ==, 2);
  v = 42;
  g_assert_false (vs_name_table_lookup (colours, "purple", &v));
  g_assert_false (vs_name_table_lookup (colours, "", &v));
  g_assert_false (vs_name_table_lookup (colours, NULL, &v));
  g_assert_cmpint (v, ==, 42);    /* untouched on failure */
  g_assert_cmpstr (vs_name_table_name (colours, 1), ==, "Red");   /* canonical, as spelled */
  g_assert_cmpstr (vs_name_table_name (colours, 3), ==, "Blue");
  g_assert_null (vs_name_table_name (colours, 4));
  g_autofree char *choices = vs_name_table_choices (colours);
  g_assert_cmpstr (choices, ==, "Red, GREEN, Blue");
  static const VsNameEntry empty[] = { { NULL, 0 } };
  g_autofree char *none = vs_name_table_choices (empty);
  g_assert_cmpstr (none, ==, "");
}

/* The rule on one table: no case-only twins, canonical names read back. */
static void
check_table (const char *what, const VsNameEntry *table)
{
  guint n = 0;
  for (const VsNameEntry *a = table; a->name != NULL; a++, n++) {
    for (const VsNameEntry *b = a + 1; b->name != NULL; b++)
      if (g_ascii_strcasecmp (a->name, b->name) == 0)
        g_error ("%s: '%s' and '%s' differ only in letter case", what, a->name, b->name);
    int v;
    g_autofree char *lower = g_ascii_strdown (a->name, -1);
    g_autofree char *upper = g_ascii_strup (a->name, -1);
    g_assert_true (vs_name_table_lookup (table, lower, &v));
    g_assert_cmpint (v, ==, a->value);
    g_assert_true (vs_name_table_lookup (table, upper, &v));
    g_assert_cmpint (v, ==, a->value);
    g_assert_nonnull (vs_name_table_name (table, a->value));
  }
  g_assert_cmpuint (n, >, 0);
}

static void
test_every_table (void)
{
  const struct { const char *what; const VsNameEntry *table; } tables[] = {
    { "engine", vs_schedule_engine_names }, { "kind", vs_schedule_kind_names },
    { "memory", vs_schedule_memory_names }, { "cost source", vs_schedule_cost_source_names },
    { "dtype", vs_schedule_dtype_names }, { "op", vs_schedule_op_names },
    { "activation", vs_schedule_activation_names }, { "mpe", vs_schedule_mpe_names },
    { "isi", vs_schedule_isi_names }, { "layout", vs_schedule_layout_names },
    { "swizzling", vs_schedule_swizzling_names }, { "channel", vs_schedule_channel_names },
    { "strategy", vs_strategy_names }, { "layer kind", vs_layer_kind_names },
    { "device", vs_vpu_device_names }, { "data type", vs_data_type_names },
    { "operation", vs_dpu_operation_names }, { "activation", vs_activation_names },
    { "swizzling", vs_swizzling_names }, { "execution mode", vs_execution_mode_names },
    { "layout", vs_layout_names }, { "isi strategy", vs_isi_strategy_names },
    { "memory location", vs_memory_location_names },
    { "memory direction", vs_memory_direction_names },
    { "tiling strategy", vs_tiling_strategy_names },
    { "YAML boolean", vs_yaml_bool_names },
  };
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    check_table (tables[i].what, tables[i].table);
}

/* The accessors over the workload and strategy tables: every value's name
 * reads back, in lower case too. */
static void
test_workload_accessors (void)
{
  for (int v = 0; v < VS_DTYPE_COUNT; v++) {
    VsDataType back;
    g_autofree char *lower = g_ascii_strdown (vs_data_type_name (v), -1);
    g_assert_true (vs_data_type_from_name (lower, &back));
    g_assert_cmpint (back, ==, v);
  }
  for (int v = 0; v < VS_OP_COUNT; v++) {
    VsDpuOperation back;
    g_autofree char *lower = g_ascii_strdown (vs_dpu_operation_name (v), -1);
    g_assert_true (vs_dpu_operation_from_name (lower, &back));
    g_assert_cmpint (back, ==, v);
  }
  for (int v = 0; v < VS_LAYOUT_COUNT; v++) {
    VsLayout back;
    g_assert_true (vs_layout_from_name (vs_layout_name (v), &back));
    g_assert_cmpint (back, ==, v);
  }
  for (int v = 0; v < VS_TILING_COUNT; v++) {
    VsTilingStrategy back;
    g_autofree char *lower = g_ascii_strdown (vs_tiling_strategy_name (v), -1);
    g_assert_true (vs_tiling_strategy_from_name (lower, &back));
    g_assert_cmpint (back, ==, v);
  }
  VsTilingStrategy soho;
  g_assert_true (vs_tiling_strategy_from_name ("SOH_Overlapped", &soho));
  g_assert_cmpstr (vs_tiling_strategy_name (soho), ==, "SOHO");
  VsStrategy s;
  g_assert_true (vs_strategy_from_name ("SOK", &s));
  g_assert_cmpstr (vs_strategy_name (s), ==, "sok");
  g_assert_null (vs_strategy_name (VS_STRATEGY_NONE));
  VsReplayMode mode;
  g_assert_true (vs_replay_mode_from_name ("Compiler", &mode));
  g_assert_cmpint (mode, ==, VS_REPLAY_COMPILER);
  g_assert_cmpstr (vs_replay_mode_name (VS_REPLAY_REALISTIC), ==, "realistic");
  g_assert_false (vs_replay_mode_from_name ("fast", &mode));
  g_assert_null (vs_replay_mode_name (VS_REPLAY_COMPILER + 1));
  g_assert_cmpstr (vs_engine_name (VS_ENGINE_SHAVE), ==, "SHAVE");
  g_assert_cmpstr (vs_task_kind_name (VS_TASK_SYNC), ==, "SYNC");
  g_assert_null (vs_task_kind_name (VS_TASK_KIND_COUNT));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/name-table/lookup", test_lookup);
  g_test_add_func ("/name-table/every-table", test_every_table);
  g_test_add_func ("/name-table/workload-accessors", test_workload_accessors);
  return g_test_run ();
}
