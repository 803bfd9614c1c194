/* SPDX-License-Identifier: Apache-2.0 */
/* device.c — device descriptions: presets, device YAML files, --set overrides.
 * One table of fields drives loading, `--set`, writing and the list of valid
 * keys, so a new VsDevice field needs exactly one new row below. */
#include "config.h"

#include "hw/device.h"

#include "hw/name_table.h"
#include "hw/input_file.h"
#include "hw/yaml_events.h"
#include "hw/yaml_write.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <glib/gstdio.h>
#include <yaml.h>

G_DEFINE_QUARK (vs-device-error-quark, vs_device_error)

/* Device files are a few dozen lines; anything bigger is not a device file. */
#define VS_DEVICE_MAX_FILE_BYTES (1 << 20)
/* A device file may start from a preset, which may start from another... */
#define VS_DEVICE_MAX_PRESET_DEPTH 4

typedef enum {
  FIELD_STRING,                 /* char[64] */
  FIELD_INT32,
  FIELD_INT64,
  FIELD_DOUBLE,
  FIELD_ARCH,                   /* VsArch */
  FIELD_SHAVE_FIFO,             /* VsShaveFifo */
  FIELD_KERNEL_LOADS,           /* VsKernelLoads, in its text form */
} FieldType;

typedef struct {
  const char *key;
  FieldType type;
  gsize offset;
  double min, max;              /* inclusive; ignored for strings and enums */
  gboolean required;            /* else `fallback` when a file without preset omits it */
  double fallback;
  const char *doc;
} DeviceField;

#define F(key, type, min, max, req, fallback, doc) \
  { #key, type, offsetof (VsDevice, key), min, max, req, fallback, doc }

static const DeviceField fields[] = {
  F (name, FIELD_STRING, 0, 0, FALSE, 0, "name shown in reports (preset or file stem)"),
  F (arch, FIELD_ARCH, 0, 0, TRUE, 0, "architecture: VPU20, NPU27, NPU40 or NPU50"),
  F (tiles, FIELD_INT32, 1, 64, TRUE, 0, "NCE tiles (clusters)"),
  F (dpus_per_tile, FIELD_INT32, 1, 64, TRUE, 0, "DPUs per tile sharing a DPU task's variants"),
  F (macs_per_dpu, FIELD_INT32, 1, 1 << 20, TRUE, 0, "INT8 MACs per DPU per cycle; DPU work on integer data scales with the preset's over it"),
  F (fp16_macs_per_dpu, FIELD_INT32, 1, 1 << 20, TRUE, 0, "FP16 MACs per DPU per cycle; DPU work on FP16/BF16/FP32 data scales with the preset's over it"),
  F (shaves_per_tile, FIELD_INT32, 0, 64, TRUE, 0, "activation SHAVEs per tile"),
  F (shave_fifo, FIELD_SHAVE_FIFO, 0, 0, FALSE, VS_SHAVE_FIFO_PER_TILE,
     "per_tile (shared FIFO, any free SHAVE) or per_shave (dedicated FIFOs)"),
  F (dma_ports, FIELD_INT32, 1, 16, TRUE, 0, "DMA ports (engines)"),
  F (dma_channels, FIELD_INT32, 1, 2, FALSE, 1, "FIFOs per DMA port: 1, or 2 (DDR- and CMX-source)"),
  F (dma_bytes_per_cycle, FIELD_DOUBLE, 0.001, 4096, TRUE, 0,
     "bytes per DPU-clock cycle per DMA engine"),
  F (cmx_bytes_per_tile, FIELD_INT64, 1, 1099511627776.0, TRUE, 0,
     "CMX workspace per tile visible to the schedule (bytes)"),
  F (ddr_bandwidth_gbps, FIELD_DOUBLE, 0.001, 100000, TRUE, 0,
     "DDR bandwidth shared by concurrent DMAs (GB/s)"),
  F (ddr_latency_ns, FIELD_DOUBLE, 0, 1e9, FALSE, 0, "DDR access latency (ns): the fixed latency of a DMA to or from DDR"),
  F (cmx_latency_cycles, FIELD_DOUBLE, 0, 1e9, FALSE, 0, "CMX access latency (CMX-clock cycles): the fixed latency of a DMA's CMX end"),
  F (dpu_clock_mhz, FIELD_DOUBLE, 1, 100000, TRUE, 0, "DPU clock (MHz); VPUNN cycles are in it"),
  F (shave_clock_mhz, FIELD_DOUBLE, 1, 100000, TRUE, 0, "SHAVE clock (MHz)"),
  F (cmx_clock_mhz, FIELD_DOUBLE, 1, 100000, TRUE, 0, "CMX clock (MHz): the clock of cmx_latency_cycles"),
  F (physical_barriers, FIELD_INT32, 0, 65536, FALSE, 0,
     "hardware barrier ids barrier reuse folds barriers onto; 0 = unlimited"),
  F (dispatch_dma_ns, FIELD_DOUBLE, 0, 1e9, FALSE, 0, "barrier release to DMA start (ns)"),
  F (dispatch_dpu_ns, FIELD_DOUBLE, 0, 1e9, FALSE, 0, "barrier release to DPU start (ns)"),
  F (dispatch_shave_ns, FIELD_DOUBLE, 0, 1e9, FALSE, 0, "barrier release to SHAVE start (ns)"),
  F (completion_shave_ns, FIELD_DOUBLE, 0, 1e9, FALSE, 0,
     "a SHAVE task's barrier updates reach its consumers this long after it ends, on top of "
     "their dispatch (ns)"),
  F (dma_queue_start_ns, FIELD_DOUBLE, 0, 1e9, FALSE, 0,
     "every DMA queue but the first to start begins no earlier than this after the inference "
     "starts (the runtime starts the DMA engines one after another) (ns)"),
  F (shave_startup_ns, FIELD_DOUBLE, 0, 1e9, FALSE, 0, "added to every SHAVE kernel (ns)"),
  F (shave_kernel_load_ns, FIELD_DOUBLE, 0, 1e9, FALSE, 0,
     "added to a SHAVE kernel the first time each SHAVE runs it in an inference: its code "
     "fetched into the instruction cache (ns)"),
  F (shave_kernel_loads, FIELD_KERNEL_LOADS, 0, 0, FALSE, 0,
     "shave_kernel_load_ns by kernel, as KERNEL=NS entries (\"MVN=7000 Convert=2000\"); "
     "kernels it does not list take shave_kernel_load_ns"),
  F (cold_start_dma_ns, FIELD_DOUBLE, 0, 1e9, FALSE, 0,
     "extra delay before the inference's first DMA task (ns)"),
  F (cold_start_dpu_ns, FIELD_DOUBLE, 0, 1e9, FALSE, 0,
     "extra delay before the inference's first DPU task (ns)"),
  F (cold_start_shave_ns, FIELD_DOUBLE, 0, 1e9, FALSE, 0,
     "extra delay before the inference's first SHAVE task (ns)"),
  F (shave_fallback_launch_cycles, FIELD_DOUBLE, 0, 1e9, FALSE, 0,
     "SHAVE kernels no cost model knows: launch cost (SHAVE-clock cycles)"),
  F (shave_fallback_bytes_per_cycle, FIELD_DOUBLE, 0, 1e6, FALSE, 0,
     "SHAVE kernels no cost model knows: input+output bytes per SHAVE-clock cycle after the "
     "launch; 0 = the generic rule (output bytes at 1 byte per DPU cycle)"),
};
#undef F

/* --- enums --- */

typedef VsNameEntry EnumName;

/* First name per value is the one written; the others are accepted aliases
 * (the compiler's platform names and VPUNN's device names). */
static const EnumName arch_names[] = {
  { "VPU20", VS_ARCH_VPU20 }, { "NPU27", VS_ARCH_NPU27 }, { "NPU40", VS_ARCH_NPU40 },
  { "NPU50", VS_ARCH_NPU50 },
  { "VPUX30XX", VS_ARCH_VPU20 }, { "NPU37XX", VS_ARCH_NPU27 }, { "NPU40XX", VS_ARCH_NPU40 },
  { "NPU50XX", VS_ARCH_NPU50 },
  { "VPU_2_0", VS_ARCH_VPU20 }, { "VPU_2_7", VS_ARCH_NPU27 }, { "VPU_4_0", VS_ARCH_NPU40 },
  { "NPU_5_0", VS_ARCH_NPU50 },
  { NULL, 0 },
};

static const EnumName shave_fifo_names[] = {
  { "per_tile", VS_SHAVE_FIFO_PER_TILE }, { "per_shave", VS_SHAVE_FIFO_PER_SHAVE },
  { NULL, 0 },
};

VsVpuDevice
vs_arch_vpu_device (VsArch arch)
{
  switch (arch) {
  case VS_ARCH_VPU20: return VS_DEVICE_VPU_2_0;
  case VS_ARCH_NPU27: return VS_DEVICE_VPU_2_7;
  case VS_ARCH_NPU40: return VS_DEVICE_VPU_4_0;
  case VS_ARCH_NPU50: return VS_DEVICE_NPU_5_0;
  default: return VS_DEVICE_COUNT;
  }
}

const char *
vs_arch_name (VsArch arch)
{
  return vs_name_table_name (arch_names, (int) arch);
}

gboolean
vs_arch_from_name (const char *name, VsArch *out)
{
  int v;
  if (name == NULL || !vs_name_table_lookup (arch_names, name, &v))
    return FALSE;
  *out = (VsArch) v;
  return TRUE;
}

double
vs_device_kernel_load_ns (const VsDevice *device, const char *kernel)
{
  const VsKernelLoad *e = vs_kernel_loads_find (&device->shave_kernel_loads, kernel);
  return e != NULL ? e->ns : device->shave_kernel_load_ns;
}

/* --- the field table --- */

static const DeviceField *
field_find (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (fields[i].key, key) == 0)
      return &fields[i];
  return NULL;
}

const char *const *
vs_device_keys (void)
{
  static const char *keys[G_N_ELEMENTS (fields) + 1];
  static gsize once = 0;
  if (g_once_init_enter (&once)) {
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      keys[i] = fields[i].key;
    keys[G_N_ELEMENTS (fields)] = NULL;
    g_once_init_leave (&once, 1);
  }
  return keys;
}

const char *
vs_device_key_doc (const char *key)
{
  const DeviceField *f = key != NULL ? field_find (key) : NULL;
  return f != NULL ? f->doc : NULL;
}

static char *
valid_keys_list (void)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++) {
    if (i > 0)
      g_string_append (s, ", ");
    g_string_append (s, fields[i].key);
  }
  return g_string_free (s, FALSE);
}

static void
set_unknown_key_error (GError **error, const char *key)
{
  g_autofree char *valid = valid_keys_list ();
  g_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_UNKNOWN_KEY,
               "unknown device key '%s' (valid keys: %s)", key, valid);
}

/* The shortest decimal text that reads back as exactly `v`. */
static void
format_double (char buf[G_ASCII_DTOSTR_BUF_SIZE], double v)
{
  for (int precision = 15; precision <= 17; precision++) {
    char fmt[8];
    g_snprintf (fmt, sizeof fmt, "%%.%dg", precision);
    g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, fmt, v);
    if (g_ascii_strtod (buf, NULL) == v)
      return;
  }
}

static char *
field_get (const VsDevice *d, const DeviceField *f)
{
  const char *base = (const char *) d + f->offset;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  switch (f->type) {
  case FIELD_STRING:
    return g_strndup (base, sizeof d->name);
  case FIELD_INT32:
    return g_strdup_printf ("%" G_GINT32_FORMAT, *(const gint32 *) base);
  case FIELD_INT64:
    return g_strdup_printf ("%" G_GINT64_FORMAT, *(const gint64 *) base);
  case FIELD_DOUBLE:
    format_double (buf, *(const double *) base);
    return g_strdup (buf);
  case FIELD_ARCH: {
    const char *n = vs_name_table_name (arch_names, *(const VsArch *) base);
    return g_strdup (n != NULL ? n : "?");
  }
  case FIELD_SHAVE_FIFO: {
    const char *n = vs_name_table_name (shave_fifo_names, *(const VsShaveFifo *) base);
    return g_strdup (n != NULL ? n : "?");
  }
  case FIELD_KERNEL_LOADS:
    return vs_kernel_loads_format ((const VsKernelLoads *) base);
  }
  return NULL;
}

char *
vs_device_get (const VsDevice *device, const char *key)
{
  const DeviceField *f = key != NULL ? field_find (key) : NULL;
  return f != NULL ? field_get (device, f) : NULL;
}

static gboolean
check_range (const DeviceField *f, double v, const char *text, GError **error)
{
  if (v < f->min || v > f->max) {
    char lo[G_ASCII_DTOSTR_BUF_SIZE], hi[G_ASCII_DTOSTR_BUF_SIZE];
    format_double (lo, f->min);
    format_double (hi, f->max);
    g_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE,
                 "device key '%s': %s is out of range [%s, %s]", f->key, text, lo, hi);
    return FALSE;
  }
  return TRUE;
}

static gboolean
field_set (VsDevice *d, const DeviceField *f, const char *text, GError **error)
{
  char *base = (char *) d + f->offset;
  switch (f->type) {
  case FIELD_STRING: {
    gsize len = strlen (text);
    if (len == 0 || len >= sizeof d->name) {
      g_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE,
                   "device key '%s': expected a name of 1 to %d characters", f->key,
                   (int) sizeof d->name - 1);
      return FALSE;
    }
    memset (base, 0, sizeof d->name);
    memcpy (base, text, len);
    return TRUE;
  }
  case FIELD_INT32:
  case FIELD_INT64: {
    gint64 v;
    if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &v, NULL)) {
      g_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE,
                   "device key '%s': expected an integer, got '%s'", f->key, text);
      return FALSE;
    }
    if (!check_range (f, (double) v, text, error))
      return FALSE;
    if (f->type == FIELD_INT32)
      *(gint32 *) base = (gint32) v;
    else
      *(gint64 *) base = v;
    return TRUE;
  }
  case FIELD_DOUBLE: {
    char *end = NULL;
    errno = 0;
    double v = g_ascii_strtod (text, &end);
    if (*text == '\0' || end == NULL || *end != '\0' || errno != 0 || !isfinite (v)) {
      g_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE,
                   "device key '%s': expected a number, got '%s'", f->key, text);
      return FALSE;
    }
    if (!check_range (f, v, text, error))
      return FALSE;
    *(double *) base = v;
    return TRUE;
  }
  case FIELD_ARCH:
  case FIELD_SHAVE_FIFO: {
    const EnumName *table = f->type == FIELD_ARCH ? arch_names : shave_fifo_names;
    int v;
    if (!vs_name_table_lookup (table, text, &v)) {
      g_autofree char *choices = vs_name_table_choices (table);
      g_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE,
                   "device key '%s': '%s' is not one of %s", f->key, text, choices);
      return FALSE;
    }
    if (f->type == FIELD_ARCH)
      *(VsArch *) base = (VsArch) v;
    else
      *(VsShaveFifo *) base = (VsShaveFifo) v;
    return TRUE;
  }
  case FIELD_KERNEL_LOADS: {
    g_autoptr(GError) why = NULL;
    if (!vs_kernel_loads_parse (text, (VsKernelLoads *) base, &why)) {
      g_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE, "device key '%s': %s", f->key,
                   why->message);
      return FALSE;
    }
    return TRUE;
  }
  }
  return FALSE;
}

gboolean
vs_device_set_value (VsDevice *device, const char *key, const char *value, GError **error)
{
  g_return_val_if_fail (device != NULL && key != NULL && value != NULL, FALSE);
  const DeviceField *f = field_find (key);
  if (f == NULL) {
    set_unknown_key_error (error, key);
    return FALSE;
  }
  return field_set (device, f, value, error);
}

gboolean
vs_device_set (VsDevice *device, const char *assignment, GError **error)
{
  g_return_val_if_fail (device != NULL && assignment != NULL, FALSE);
  const char *eq = strchr (assignment, '=');
  if (eq == NULL) {
    g_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE,
                 "'%s' is not of the form key=value", assignment);
    return FALSE;
  }
  g_autofree char *key = g_strstrip (g_strndup (assignment, (gsize) (eq - assignment)));
  g_autofree char *value = g_strstrip (g_strdup (eq + 1));
  return vs_device_set_value (device, key, value, error);
}

/* --- YAML text --- */

/* Device values are numbers and names: always UTF-8. */
static void
append_scalar (GString *out, const char *s)
{
  if (!vs_yaml_append_scalar (out, s))
    g_string_append (out, "\"\"");
}

void
vs_device_write_yaml (const VsDevice *device, GString *out)
{
  g_string_append (out, "format: vpusim-device\nversion: 1\n");
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++) {
    g_autofree char *v = field_get (device, &fields[i]);
    g_string_append_printf (out, "%s: ", fields[i].key);
    append_scalar (out, v);
    g_string_append_printf (out, "  # %s\n", fields[i].doc);
  }
}

static void
set_mark_error (GError **error, int code, const char *origin, gint line, gint column,
                const char *format, ...) G_GNUC_PRINTF (6, 7);

static void
set_mark_error (GError **error, int code, const char *origin, gint line, gint column,
                const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  if (line > 0) {
    VsYamlMark m = { line, column };
    vs_yaml_set_error_va (error, VS_DEVICE_ERROR, code, origin, m, format, ap);
  } else {
    g_autofree char *msg = g_strdup_vprintf (format, ap);
    g_set_error (error, VS_DEVICE_ERROR, code, "%s: %s", origin, msg);
  }
  va_end (ap);
}

/* Re-raise an error from the field table with the position it came from. */
static void
prefix_mark (GError **error, GError *inner, const char *origin, gint line, gint column)
{
  set_mark_error (error, inner->code, origin, line, column, "%s", inner->message);
  g_error_free (inner);
}

static gboolean load_named (VsDevice *device, const char *preset_or_path, int depth,
                            GError **error);

static gboolean
from_settings (VsDevice *device, const VsDeviceSetting *settings, guint n, const char *origin,
               gint line, gint column, int depth, GError **error)
{
  const VsDeviceSetting *preset = NULL;
  gboolean seen[G_N_ELEMENTS (fields)] = { FALSE };
  for (guint i = 0; i < n; i++) {
    if (strcmp (settings[i].key, "preset") == 0) {
      preset = &settings[i];
      continue;
    }
    const DeviceField *f = field_find (settings[i].key);
    if (f == NULL) {
      g_autofree char *valid = valid_keys_list ();
      set_mark_error (error, VS_DEVICE_ERROR_UNKNOWN_KEY, origin, settings[i].line,
                      settings[i].column, "unknown device key '%s' (valid keys: preset, %s)",
                      settings[i].key, valid);
      return FALSE;
    }
    seen[f - fields] = TRUE;
  }

  VsDevice d;
  memset (&d, 0, sizeof d);
  if (preset != NULL) {
    GError *inner = NULL;
    if (!load_named (&d, preset->value, depth + 1, &inner)) {
      prefix_mark (error, inner, origin, preset->line, preset->column);
      return FALSE;
    }
  } else {
    GString *missing = g_string_new (NULL);
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++) {
      if (fields[i].required && !seen[i])
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", fields[i].key);
      else if (!seen[i] && fields[i].type == FIELD_DOUBLE)
        *(double *) ((char *) &d + fields[i].offset) = fields[i].fallback;
      else if (!seen[i] && fields[i].type == FIELD_INT32)
        *(gint32 *) ((char *) &d + fields[i].offset) = (gint32) fields[i].fallback;
      else if (!seen[i] && fields[i].type == FIELD_SHAVE_FIFO)
        *(VsShaveFifo *) ((char *) &d + fields[i].offset) = (VsShaveFifo) fields[i].fallback;
    }
    if (missing->len > 0) {
      set_mark_error (error, VS_DEVICE_ERROR_VALUE, origin, line, column,
                      "missing required device key%s: %s (or give 'preset')",
                      strchr (missing->str, ',') ? "s" : "", missing->str);
      g_string_free (missing, TRUE);
      return FALSE;
    }
    g_string_free (missing, TRUE);
    if (!seen[field_find ("name") - fields]) {
      /* Name an unnamed device after its file: "calibrated.yaml" -> "calibrated". */
      g_autofree char *base = g_path_get_basename (origin);
      char *dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        *dot = '\0';
      g_strlcpy (d.name, base, sizeof d.name);
    }
  }

  for (guint i = 0; i < n; i++) {
    if (&settings[i] == preset)
      continue;
    GError *inner = NULL;
    if (!vs_device_set_value (&d, settings[i].key, settings[i].value, &inner)) {
      prefix_mark (error, inner, origin, settings[i].line, settings[i].column);
      return FALSE;
    }
  }
  *device = d;
  return TRUE;
}

gboolean
vs_device_from_settings (VsDevice *device, const VsDeviceSetting *settings, guint n,
                         const char *origin, gint line, gint column, GError **error)
{
  g_return_val_if_fail (device != NULL && (settings != NULL || n == 0), FALSE);
  return from_settings (device, settings, n, origin != NULL ? origin : "<device>", line, column,
                        0, error);
}

/* A malformed device file, at the current event. */
static gboolean device_parse_error (VsYamlEvents *y, GError **error, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static gboolean
device_parse_error (VsYamlEvents *y, GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  vs_yaml_set_error_va (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_PARSE, y->origin,
                        vs_yaml_events_mark (y), format, ap);
  va_end (ap);
  return FALSE;
}

/* The keys of a device mapping (its start event current) into `settings`;
 * on return its end event is current. */
static gboolean
read_device_keys (VsYamlEvents *y, GArray *settings, GStringChunk *strings, GError **error)
{
  const char *origin = y->origin;
  gboolean have_format = FALSE, have_version = FALSE;
  VsYamlMark map = vs_yaml_events_mark (y);
  /* Per key: the line it was first seen on, to report duplicates. */
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (;;) {
    if (!vs_yaml_events_next (y, error))
      return FALSE;
    if (y->event.type == YAML_MAPPING_END_EVENT)
      break;
    VsYamlMark at = vs_yaml_events_mark (y);
    if (y->event.type != YAML_SCALAR_EVENT)
      return device_parse_error (y, error, "expected a key, found %s",
                                 vs_yaml_event_kind (&y->event));
    char *key = g_string_chunk_insert (strings, (const char *) y->event.data.scalar.value);
    gpointer first = g_hash_table_lookup (seen, key);
    if (first != NULL)
      return device_parse_error (y, error, "duplicate key '%s' (first at line %d)", key,
                                 GPOINTER_TO_INT (first));
    g_hash_table_insert (seen, key, GINT_TO_POINTER (at.line));
    if (!vs_yaml_events_next (y, error))
      return FALSE;
    at = vs_yaml_events_mark (y);
    if (y->event.type != YAML_SCALAR_EVENT) {
      vs_yaml_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE, origin, at,
                         "device key '%s': expected a scalar, found %s", key,
                         vs_yaml_event_kind (&y->event));
      return FALSE;
    }
    const char *value = (const char *) y->event.data.scalar.value;
    if (strcmp (key, "format") == 0) {
      if (strcmp (value, "vpusim-device") != 0) {
        vs_yaml_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE, origin, at,
                           "format is '%s', expected 'vpusim-device'", value);
        return FALSE;
      }
      have_format = TRUE;
    } else if (strcmp (key, "version") == 0) {
      if (strcmp (value, "1") != 0) {
        vs_yaml_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE, origin, at,
                           "unsupported device file version '%s' (this vpusim reads version 1)",
                           value);
        return FALSE;
      }
      have_version = TRUE;
    } else {
      VsDeviceSetting setting = { key, g_string_chunk_insert (strings, value), at.line, at.column };
      g_array_append_val (settings, setting);
    }
  }
  if (!have_format || !have_version) {
    vs_yaml_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE, origin, map,
                       "missing key '%s' (a device file starts with 'format: vpusim-device' "
                       "and 'version: 1')", have_format ? "version" : "format");
    return FALSE;
  }
  return TRUE;
}

/* One document holding one mapping of device keys; *map is where it starts. */
static gboolean
read_device_document (VsYamlEvents *y, GArray *settings, GStringChunk *strings, VsYamlMark *map,
                      GError **error)
{
  if (!vs_yaml_events_next (y, error) || !vs_yaml_events_next (y, error))   /* stream start */
    return FALSE;
  if (y->event.type != YAML_DOCUMENT_START_EVENT)
    return device_parse_error (y, error, "empty device file");
  if (!vs_yaml_events_next (y, error))
    return FALSE;
  if (y->event.type != YAML_MAPPING_START_EVENT)
    return device_parse_error (y, error, "expected a mapping of device keys, found %s",
                               vs_yaml_event_kind (&y->event));
  *map = vs_yaml_events_mark (y);
  if (!read_device_keys (y, settings, strings, error) || !vs_yaml_events_next (y, error))
    return FALSE;
  if (y->event.type != YAML_DOCUMENT_END_EVENT)
    return device_parse_error (y, error, "expected the end of the device mapping");
  if (!vs_yaml_events_next (y, error))
    return FALSE;
  if (y->event.type != YAML_STREAM_END_EVENT)
    return device_parse_error (y, error, "a device file holds one YAML document");
  return TRUE;
}

static gboolean
parse_yaml (const char *data, gsize length, const char *origin, int depth, VsDevice *device,
            GError **error)
{
  VsYamlEvents y;
  vs_yaml_events_init (&y, data, length, origin, VS_DEVICE_ERROR, VS_DEVICE_ERROR_PARSE,
                       VS_YAML_MAX_DEPTH, VS_YAML_MAX_SCALAR);
  GArray *settings = g_array_new (FALSE, TRUE, sizeof (VsDeviceSetting));
  GStringChunk *strings = g_string_chunk_new (256);
  VsYamlMark map = { 0, 0 };
  gboolean ok = read_device_document (&y, settings, strings, &map, error) &&
                from_settings (device, (const VsDeviceSetting *) (void *) settings->data,
                               settings->len, origin, map.line, map.column, depth, error);
  vs_yaml_events_clear (&y);
  g_array_unref (settings);
  g_string_chunk_free (strings);
  return ok;
}

gboolean
vs_device_load_from_data (VsDevice *device, const char *data, gsize length, const char *origin,
                          GError **error)
{
  g_return_val_if_fail (device != NULL && data != NULL, FALSE);
  return parse_yaml (data, length, origin != NULL ? origin : "<device>", 0, device, error);
}

static gboolean
load_file (VsDevice *device, const char *path, int depth, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  if (!vs_input_file_read_as (path, VS_DEVICE_MAX_FILE_BYTES, "a device file", &data, &length,
                              VS_DEVICE_ERROR, VS_DEVICE_ERROR_NOT_FOUND, VS_DEVICE_ERROR_PARSE,
                              error))
    return FALSE;
  return parse_yaml (data, length, path, depth, device, error);
}

/* Where presets live, in search order (NULL entries skipped). */
static void
preset_dirs (const char *dirs[3])
{
  const char *env = g_getenv ("VPUSIM_PRESETS_DIR");
  dirs[0] = env != NULL && *env != '\0' ? env : NULL;
  dirs[1] = VS_SOURCE_DIR "/hw/presets";
  dirs[2] = VS_PKGDATADIR "/presets";
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static char *
available_presets (const char *dirs[3])
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < 3; i++) {
    if (dirs[i] == NULL)
      continue;
    g_autoptr (GDir) dir = g_dir_open (dirs[i], 0, NULL);
    const char *entry;
    while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL) {
      if (!g_str_has_suffix (entry, ".yaml"))
        continue;
      char *stem = g_strndup (entry, strlen (entry) - 5);
      gboolean dup = FALSE;
      for (guint k = 0; k < names->len && !dup; k++)
        dup = strcmp (names->pdata[k], stem) == 0;
      if (dup)
        g_free (stem);
      else
        g_ptr_array_add (names, stem);
    }
  }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return names->len > 1 ? g_strjoinv (", ", (char **) names->pdata) : g_strdup ("none");
}

static gboolean
load_named (VsDevice *device, const char *preset_or_path, int depth, GError **error)
{
  if (depth > VS_DEVICE_MAX_PRESET_DEPTH) {
    g_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_VALUE,
                 "presets nested more than %d deep at '%s' (a preset naming itself?)",
                 VS_DEVICE_MAX_PRESET_DEPTH, preset_or_path);
    return FALSE;
  }
  if (strchr (preset_or_path, '/') != NULL || g_str_has_suffix (preset_or_path, ".yaml"))
    return load_file (device, preset_or_path, depth, error);

  gboolean simple = *preset_or_path != '\0';
  for (const char *p = preset_or_path; *p != '\0'; p++)
    simple = simple && (g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '.');
  const char *dirs[3];
  preset_dirs (dirs);
  if (simple) {
    g_autofree char *lower = g_ascii_strdown (preset_or_path, -1);
    g_autofree char *file = g_strconcat (lower, ".yaml", NULL);
    for (int i = 0; i < 3; i++) {
      if (dirs[i] == NULL)
        continue;
      g_autofree char *path = g_build_filename (dirs[i], file, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return load_file (device, path, depth, error);
    }
  }
  g_autofree char *avail = available_presets (dirs);
  g_set_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_NOT_FOUND,
               "no device preset '%s' (available: %s; or give a device file path)",
               preset_or_path, avail);
  return FALSE;
}

gboolean
vs_device_load (VsDevice *device, const char *preset_or_path, GError **error)
{
  g_return_val_if_fail (device != NULL && preset_or_path != NULL, FALSE);
  return load_named (device, preset_or_path, 0, error);
}

gint64
vs_device_cycles_to_ps (double cycles, double clock_mhz)
{
  if (!(clock_mhz > 0) || !(cycles > 0))
    return 0;
  double ps = round (cycles * 1e6 / clock_mhz);
  /* Saturate rather than overflow: a cost this large is already an error upstream. */
  return ps >= 9.2e18 ? G_MAXINT64 : (gint64) ps;
}
