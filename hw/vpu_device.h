/* SPDX-License-Identifier: Apache-2.0 */
/* vpu_device.h — the VPU/NPU generations vpusim knows, by VPUNN's numbering.
 *
 * The lowest layer owns this enum because both the device description
 * (hw/device.h) and every cost-model workload (models/workload.h) name a
 * generation.  Values are the VPUNN reference's present-day values: golden
 * CSV files and model descriptors depend on them, so never reorder.  Names
 * (VPU_2_7, NPU_5_0, ...) are in models/workload.h's enum name tables. */
#ifndef VS_VPU_DEVICE_H
#define VS_VPU_DEVICE_H

typedef enum {
  VS_DEVICE_VPU_2_0 = 0,
  VS_DEVICE_VPU_2_1 = 1,
  VS_DEVICE_VPU_2_7 = 2,
  VS_DEVICE_VPU_4_0 = 3,
  VS_DEVICE_NPU_5_0 = 4,
  VS_DEVICE_NPU_RESERVED = 5,
  VS_DEVICE_NPU_RESERVED_1 = 6,
  VS_DEVICE_COUNT
} VsVpuDevice;

#endif /* VS_VPU_DEVICE_H */
