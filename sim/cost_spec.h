/* cost_spec.h — the --cost option: which cost model costs each task kind.
 *
 *   --cost vpunn | analytical | fixed
 *   --cost dpu=vpunn,dma=theoretical,shave=table     (per kind; unnamed kinds
 *                                                     keep the default)
 * Names per kind: vpunn, analytical (also: theoretical, table), fixed (only
 * costs written in the schedule).  "auto" (the default) is VPUNN when its
 * model files are found, analytical otherwise.
 */
#ifndef VS_COST_SPEC_H
#define VS_COST_SPEC_H

#include <glib.h>

#include "sim/schedule.h"

G_BEGIN_DECLS

typedef enum {
  VS_COST_CHOICE_AUTO = 0,
  VS_COST_CHOICE_VPUNN,
  VS_COST_CHOICE_ANALYTICAL,
  VS_COST_CHOICE_FIXED,
} VsCostChoice;

typedef struct {
  VsCostChoice dpu, dma, shave;
} VsCostSpec;

/* Parse the option's value; errors name the bad part and list valid names. */
gboolean vs_cost_spec_parse (const char *text, VsCostSpec *out, GError **error);

const char *vs_cost_choice_name (VsCostChoice c);

G_END_DECLS

#endif
