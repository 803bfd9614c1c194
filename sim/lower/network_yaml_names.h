/* SPDX-License-Identifier: Apache-2.0 */
/* network_yaml_names.h — the spellings the vpusim-network reader and
 * writer share beyond the schedule's (sim/schedule/schedule_names.h):
 * tensor layouts and placements, canonical name first.  Internal to
 * sim/lower/network_yaml*.c. */
#ifndef VS_NETWORK_YAML_NAMES_H
#define VS_NETWORK_YAML_NAMES_H

#include "hw/name_table.h"

extern const VsNameEntry vs_network_layout_names[];
extern const VsNameEntry vs_network_placement_names[];

#endif
