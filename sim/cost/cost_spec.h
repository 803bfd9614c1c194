/* SPDX-License-Identifier: Apache-2.0 */
/* cost_spec.h — the --cost option: which cost model costs each task kind.
 *
 *   --cost vpunn | analytical | fixed
 *   --cost dpu=vpunn,dma=theoretical,shave=table     (per kind; unnamed kinds
 *                                                     keep the default)
 *   --cost shave=fitted | shave=table                (VPUNN's fitted SHAVE
 *                                                     models or its classic table)
 *   --cost measured=PROFILE.json                     (durations a profile measured;
 *   --cost dpu=analytical,measured=PROFILE.json       the rest from the models)
 * Names per kind: vpunn, analytical (also: theoretical), fixed (only
 * costs written in the schedule); for SHAVE also table (VPUNN's classic
 * kernel table, what analytical uses for SHAVE too; for DPU and DMA "table"
 * stays a synonym of analytical) and fitted (VPUNN's fitted operator models,
 * models/vpunn/shave_fitted.h; refused for DPU and DMA).  "auto" (the default) is VPUNN when its
 * model files are found, analytical otherwise.  measured= comes last, so
 * that the profile's path may hold commas; the run pipeline applies it
 * (sim/cost/measured_durations.h).
 */
#ifndef VS_COST_SPEC_H
#define VS_COST_SPEC_H

#include <glib.h>

#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

typedef enum {
  VS_COST_CHOICE_AUTO = 0,
  VS_COST_CHOICE_VPUNN,
  VS_COST_CHOICE_ANALYTICAL,
  VS_COST_CHOICE_FIXED,
  VS_COST_CHOICE_TABLE,         /* SHAVE only: the classic kernel table */
  VS_COST_CHOICE_FITTED,        /* SHAVE only: the fitted operator models */
} VsCostChoice;

typedef struct {
  VsCostChoice dpu, dma, shave;
} VsCostSpec;

/* Parse the option's value (a measured= part is checked for a path, not
 * read); errors name the bad part and list valid names. */
gboolean vs_cost_spec_parse (const char *text, VsCostSpec *out, GError **error);

const char *vs_cost_choice_name (VsCostChoice c);

/* Take a trailing "measured=PROFILE" part off the option: `*profile` gets
 * the path (NULL when absent), `*models` the parts before it (NULL when
 * none), both newly allocated.  An empty path is an error. */
gboolean vs_cost_spec_split_measured (const char *text, char **models, char **profile,
                                      GError **error);

G_END_DECLS

#endif
