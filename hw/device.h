/* SPDX-License-Identifier: Apache-2.0 */
/* device.h — the hardware a schedule is replayed on.
 *
 * A VsDevice is a flat record of every hardware parameter the replay and the
 * cost models read: tiles, engines per tile, memories, clocks, bandwidths,
 * barrier counts and the latencies of the realistic mode.  Devices come from
 * presets (hw/presets/NAME.yaml), from a device YAML file with the same keys,
 * or from a schedule's `device:` block, and any field can be overridden with
 * `--set key=value` (type- and range-checked; an unknown key lists the valid
 * ones).  All fields are plain values: copying the struct copies the device.
 */
#ifndef VS_DEVICE_H
#define VS_DEVICE_H

#include <glib.h>

#include "hw/kernel_loads.h"

#include "hw/vpu_device.h"

G_BEGIN_DECLS

#define VS_DEVICE_ERROR (vs_device_error_quark ())
GQuark vs_device_error_quark (void);

typedef enum {
  VS_DEVICE_ERROR_PARSE,        /* malformed YAML */
  VS_DEVICE_ERROR_UNKNOWN_KEY,  /* key not in the field table */
  VS_DEVICE_ERROR_VALUE,        /* wrong type or out of range */
  VS_DEVICE_ERROR_NOT_FOUND,    /* no such preset or file */
} VsDeviceError;

typedef enum {
  VS_ARCH_VPU20 = 0,            /* VPUX30XX, Keem Bay: VPUNN device VPU_2_0 */
  VS_ARCH_NPU27,                /* NPU37XX, Meteor Lake: VPU_2_7 */
  VS_ARCH_NPU40,                /* NPU40XX, Lunar Lake: VPU_4_0 */
  VS_ARCH_NPU50,                /* NPU50XX: NPU_5_0 */
  VS_ARCH_COUNT
} VsArch;

/* How a tile's SHAVEs take work: one shared FIFO served by any free SHAVE
 * (NPU 2.7, or WLM off), or one FIFO per SHAVE (NPU 4.0+ with WLM). */
typedef enum {
  VS_SHAVE_FIFO_PER_TILE = 0,
  VS_SHAVE_FIFO_PER_SHAVE,
} VsShaveFifo;

typedef struct {
  char name[64];                /* preset or file stem, for reports */
  VsArch arch;

  /* Compute. */
  gint32 tiles;
  gint32 dpus_per_tile;
  gint32 macs_per_dpu;          /* INT8 MACs per DPU per cycle */
  gint32 fp16_macs_per_dpu;     /* FP16 MACs per DPU per cycle */
  gint32 shaves_per_tile;
  VsShaveFifo shave_fifo;

  /* DMA. */
  gint32 dma_ports;
  gint32 dma_channels;          /* FIFOs per port: 1 (NPU 2.7) or 2 = DDR, CMX (NPU 4.0+) */
  double dma_bytes_per_cycle;   /* per engine, at the DPU clock */

  /* Memory. */
  gint64 cmx_bytes_per_tile;    /* workspace visible to the schedule */
  double ddr_bandwidth_gbps;    /* shared by concurrent DDR DMAs in realistic mode */
  double ddr_latency_ns;
  double cmx_latency_cycles;    /* CMX clock cycles */

  /* Clocks. */
  double dpu_clock_mhz;         /* VPUNN cycles (DPU, DMA and SHAVE) are in this clock */
  double shave_clock_mhz;
  double cmx_clock_mhz;

  /* Synchronisation. */
  gint32 physical_barriers;     /* 0 = unlimited (virtual barriers only) */

  /* Realistic mode: delays the compiler's estimator leaves out (ns). */
  double dispatch_dma_ns;       /* barrier release to DMA start */
  double dispatch_dpu_ns;       /* barrier release to DPU start */
  double dispatch_shave_ns;     /* barrier release to SHAVE start */
  /* A SHAVE task's barrier updates reach its consumers this long after it
   * ends, on top of their dispatch: the kernel returns through the SHAVE
   * runtime.  The measured runs show it after SHAVE tasks only: a DMA
   * starts 0.5-1.1 us after the SHAVE kernel it waits for on NPU 2.7, 4.7 us
   * after a UPA kernel on VPU 2.0, against 0.1-0.2 us after another DMA. */
  double completion_shave_ns;
  /* Every DMA queue but the first to start begins no earlier than this after
   * the inference starts: the measured NPU 2.7 runs start their second DMA
   * port 2.9-4.2 us in, after the first port's copies, even when its own
   * copies wait for nothing. */
  double dma_queue_start_ns;
  double shave_startup_ns;      /* added to every SHAVE kernel */
  /* Added to a SHAVE kernel the first time a SHAVE runs it in an inference:
   * the code is fetched into that SHAVE's instruction cache (the measured
   * first run of a kernel is the slow one; the NPU compiler has a pass that
   * prefetches SW kernel instructions for it). */
  double shave_kernel_load_ns;  /* kernels shave_kernel_loads does not list */
  VsKernelLoads shave_kernel_loads;  /* per kernel (hw/kernel_loads.h) */
  /* Cold start: the first task of each engine kind in the inference starts
   * this much later still after its barrier's release (the kind's wake-up;
   * the other queues of the kind are warm from then on). */
  double cold_start_dma_ns;
  double cold_start_dpu_ns;
  double cold_start_shave_ns;

  /* SHAVE kernels no cost model knows (Convert above all): a launch cost
   * plus the bytes they read and write over a throughput, both at the SHAVE
   * clock, fitted by `vpusim calibrate` on measured SHAVE tasks.  With
   * bytes_per_cycle 0 such a kernel costs its output bytes at 1 byte per DPU
   * cycle (the reference table's default efficiency). */
  double shave_fallback_launch_cycles;
  double shave_fallback_bytes_per_cycle;
} VsDevice;

/* The code-fetch time (ns) of `kernel`'s first run on a SHAVE: its entry in
 * shave_kernel_loads, else shave_kernel_load_ns. */
double vs_device_kernel_load_ns (const VsDevice *device, const char *kernel);

/* The VPUNN device of an architecture. */
VsVpuDevice vs_arch_vpu_device (VsArch arch);
const char *vs_arch_name (VsArch arch);   /* "NPU27" ... */
gboolean    vs_arch_from_name (const char *name, VsArch *out);

/* Load a preset by name ("npu27") from the presets folder, or a device YAML
 * file by path (anything containing '/' or ending in .yaml). */
gboolean vs_device_load (VsDevice *device, const char *preset_or_path, GError **error);

/* Load from YAML text; `origin` names the file in errors (file:line:col). */
gboolean vs_device_load_from_data (VsDevice *device, const char *data, gsize length,
                                   const char *origin, GError **error);

/* Apply "key=value"; errors name the key, and for an unknown key list the valid ones. */
gboolean vs_device_set (VsDevice *device, const char *assignment, GError **error);

/* Write the device as YAML (the format vs_device_load reads). */
void vs_device_write_yaml (const VsDevice *device, GString *out);

/* Every settable key, NULL-terminated, in table order. */
const char *const *vs_device_keys (void);

/* Set one field from its text (as in YAML or after "key=" on the command
 * line); the same checks and messages as vs_device_set. */
gboolean vs_device_set_value (VsDevice *device, const char *key, const char *value,
                              GError **error);

/* A field's value as the YAML writer spells it (doubles in their shortest
 * exact form), newly allocated; NULL for an unknown key. */
char *vs_device_get (const VsDevice *device, const char *key);

/* One line of help for a key, or NULL for an unknown key. */
const char *vs_device_key_doc (const char *key);

/* One `key: value` of a device mapping, with where it was written (1-based;
 * 0 = unknown). */
typedef struct {
  const char *key;
  const char *value;
  gint line, column;
} VsDeviceSetting;

/* Build a device from the body of a device mapping (a device file without
 * format/version, or a schedule's `device:` block): a `preset` setting names
 * the preset or file to start from (otherwise every required key must be
 * given), the other settings are applied in order.  Errors start with
 * "origin:line:column: "; `line`/`column` locate the mapping itself (for
 * missing keys).  *device is written only on success. */
gboolean vs_device_from_settings (VsDevice *device, const VsDeviceSetting *settings, guint n,
                                  const char *origin, gint line, gint column, GError **error);

/* Time conversions: cycles of a clock to integer picoseconds, rounded. */
gint64 vs_device_cycles_to_ps (double cycles, double clock_mhz);

G_END_DECLS

#endif /* VS_DEVICE_H */
