/* SPDX-License-Identifier: Apache-2.0 */
/* kernel_first_use.h — which SHAVE tasks are the first run of their kernel
 * on a SHAVE.
 *
 * A SHAVE fetches a kernel's code into its instruction cache the first time
 * it runs that kernel in an inference, and the measured runs show that run
 * as the slow one (the first MVN of the tiled-MVN runs takes 11 us, the
 * three after it on the same SHAVEs 3 us; the NPU compiler has a pass that
 * prefetches SW kernel instructions for this).  The device's
 * shave_kernel_load_ns is added to those runs (cost_prepass.h).
 *
 * Which runs are first is decided from the schedule alone, so a task's cost
 * does not depend on the replay: a SHAVE queue is an in-order FIFO served by
 * `servers` SHAVEs, so the first `servers` tasks of a kernel in a queue are
 * the ones that find it on no SHAVE yet.  Kernels are told apart by the
 * names in `kernel` (the canonical operators the device's load table is
 * keyed by, so two spellings of one kernel are one kernel); a task with no
 * name there is never first.
 */
#ifndef VS_KERNEL_FIRST_USE_H
#define VS_KERNEL_FIRST_USE_H

#include <glib.h>

#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

/* first[t] = 1 for every SHAVE task t that is a first run, else 0; `kernel`
 * and `first` have one entry per task of `s` (kernel[t] NULL: no kernel).
 * Returns the number of first runs. */
guint vs_kernel_first_use (const VsSchedule *s, const char *const *kernel, guint8 *first);

G_END_DECLS

#endif
