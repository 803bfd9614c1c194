/* SPDX-License-Identifier: Apache-2.0 */
/* schedule_names.h — name tables (hw/name_table.h) for the enums of the
 * `vpusim-schedule` YAML format: what the reader accepts and the writer
 * writes.  The first entry of a value is the name written; later entries are
 * aliases read from VPUNN's and the NPU compiler's spellings.  Channel names
 * map DDR to 0 and CMX to 1 (a DMA queue's source channel).
 */
#ifndef VS_SCHEDULE_NAMES_H
#define VS_SCHEDULE_NAMES_H

#include <glib.h>

#include "hw/name_table.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

extern const VsNameEntry vs_schedule_engine_names[];
extern const VsNameEntry vs_schedule_kind_names[];
extern const VsNameEntry vs_schedule_memory_names[];
extern const VsNameEntry vs_schedule_cost_source_names[];
extern const VsNameEntry vs_schedule_dtype_names[];
extern const VsNameEntry vs_schedule_op_names[];
extern const VsNameEntry vs_schedule_activation_names[];
extern const VsNameEntry vs_schedule_mpe_names[];
extern const VsNameEntry vs_schedule_isi_names[];
extern const VsNameEntry vs_schedule_layout_names[];
extern const VsNameEntry vs_schedule_swizzling_names[];
extern const VsNameEntry vs_schedule_channel_names[];

G_END_DECLS

#endif /* VS_SCHEDULE_NAMES_H */
