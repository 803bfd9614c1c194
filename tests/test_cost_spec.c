/* SPDX-License-Identifier: Apache-2.0 */
/* test_cost_spec.c — the --cost option: one model for every kind, per kind,
 * synonyms and letter case, SHAVE-only names, measured= and its path
 * (commas allowed), and the refusals with their messages. */
#include <glib.h>
#include <string.h>

#include "sim/cost/cost_prepass.h"
#include "sim/cost/cost_spec.h"

static VsCostSpec
parse_ok (const char *text)
{
  VsCostSpec spec;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_cost_spec_parse (text, &spec, &error));
  g_assert_no_error (error);
  return spec;
}

static void
parse_fails (const char *text, const char *message)
{
  VsCostSpec spec;
  g_autoptr(GError) error = NULL;
  g_assert_false (vs_cost_spec_parse (text, &spec, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  if (strstr (error->message, message) == NULL)
    g_error ("'%s': expected '%s' in '%s'", text, message, error->message);
}

static void
test_parse (void)
{
  VsCostSpec s = parse_ok (NULL);
  g_assert_true (s.dpu == VS_COST_CHOICE_AUTO && s.dma == VS_COST_CHOICE_AUTO &&
                 s.shave == VS_COST_CHOICE_AUTO);
  s = parse_ok ("vpunn");
  g_assert_true (s.dpu == VS_COST_CHOICE_VPUNN && s.dma == VS_COST_CHOICE_VPUNN &&
                 s.shave == VS_COST_CHOICE_VPUNN);
  /* "table" for all: analytical for DPU and DMA, the kernel table for SHAVE */
  s = parse_ok ("table");
  g_assert_true (s.dpu == VS_COST_CHOICE_ANALYTICAL && s.dma == VS_COST_CHOICE_ANALYTICAL &&
                 s.shave == VS_COST_CHOICE_TABLE);
  s = parse_ok ("dpu=theoretical,shave=fitted");
  g_assert_true (s.dpu == VS_COST_CHOICE_ANALYTICAL && s.dma == VS_COST_CHOICE_AUTO &&
                 s.shave == VS_COST_CHOICE_FITTED);
  s = parse_ok ("dma=Fixed");   /* model names in any letter case (hw/name_table.h) */
  g_assert_true (s.dma == VS_COST_CHOICE_FIXED && s.dpu == VS_COST_CHOICE_AUTO);
  s = parse_ok ("measured=run/profiling.json");
  g_assert_true (s.dpu == VS_COST_CHOICE_AUTO);
  s = parse_ok ("dpu=analytical,measured=a,b.json");
  g_assert_true (s.dpu == VS_COST_CHOICE_ANALYTICAL);
  g_assert_cmpstr (vs_cost_choice_name (VS_COST_CHOICE_FITTED), ==, "fitted");
  g_assert_cmpstr (vs_cost_choice_name (VS_COST_CHOICE_ANALYTICAL), ==, "analytical");
  g_assert_cmpstr (vs_cost_choice_name ((VsCostChoice) 99), ==, "?");
}

static void
test_refusals (void)
{
  parse_fails ("magic", "--cost: unknown cost model 'magic' (valid: auto, vpunn,");
  parse_fails ("fitted", "'fitted' is a SHAVE model (use shave=fitted), not a dpu one");
  parse_fails ("dma=fitted", "not a dma one");
  parse_fails ("gpu=vpunn", "unknown task kind 'gpu' (valid: dpu, dma, shave)");
  parse_fails ("dpu=vpunn,analytical", "'analytical' is not KIND=MODEL");
  parse_fails ("measured=", "measured= needs a profile");
  parse_fails ("dpu=vpunn,measured=", "measured= needs a profile");
}

static void
test_split_measured (void)
{
  g_autoptr(GError) error = NULL;
  char *models = NULL, *profile = NULL;
  g_assert_true (vs_cost_spec_split_measured ("dpu=vpunn,measured=x,y.json", &models, &profile,
                                              &error));
  g_assert_cmpstr (models, ==, "dpu=vpunn");
  g_assert_cmpstr (profile, ==, "x,y.json");
  g_free (models);
  g_free (profile);
  g_assert_true (vs_cost_spec_split_measured ("measured=p.json", &models, &profile, &error));
  g_assert_null (models);
  g_assert_cmpstr (profile, ==, "p.json");
  g_free (profile);
  g_assert_true (vs_cost_spec_split_measured ("analytical", &models, &profile, &error));
  g_assert_cmpstr (models, ==, "analytical");
  g_assert_null (profile);
  g_free (models);
  g_assert_true (vs_cost_spec_split_measured (NULL, &models, &profile, &error));
  g_assert_null (models);
  g_assert_null (profile);
}

static void
test_unknown_shave (void)
{
  VsUnknownShavePolicy p = VS_UNKNOWN_SHAVE_ERROR;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_unknown_shave_policy_parse (NULL, &p, &error));
  g_assert_cmpint (p, ==, VS_UNKNOWN_SHAVE_ANALYTICAL);
  g_assert_true (vs_unknown_shave_policy_parse ("Zero", &p, &error));
  g_assert_cmpint (p, ==, VS_UNKNOWN_SHAVE_ZERO);
  g_assert_true (vs_unknown_shave_policy_parse ("error", &p, &error));
  g_assert_cmpint (p, ==, VS_UNKNOWN_SHAVE_ERROR);
  g_assert_false (vs_unknown_shave_policy_parse ("skip", &p, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_cmpstr (error->message, ==, "--unknown-shave: 'skip' is not one of error, zero, analytical");
  g_assert_cmpint (p, ==, VS_UNKNOWN_SHAVE_ERROR);   /* untouched */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cost-spec/parse", test_parse);
  g_test_add_func ("/cost-spec/refusals", test_refusals);
  g_test_add_func ("/cost-spec/split-measured", test_split_measured);
  g_test_add_func ("/cost-spec/unknown-shave", test_unknown_shave);
  return g_test_run ();
}
