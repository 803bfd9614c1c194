/* schedule_yaml.c — reads and writes the `vpusim-schedule` YAML format.
 * The reader walks libyaml events (no document tree, so memory stays linear
 * in the schedule) through one key table per mapping; references are
 * recorded by name and resolved once the whole file is read. */
#include "config.h"

#include "sim/schedule/schedule_yaml.h"

#include "hw/name_table.h"
#include "hw/input_file.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <yaml.h>

/* ------------------------------------------------------------------------ */
/* Enum spellings.  The first name of a value is the one written; the others
 * are accepted aliases (VPUNN's and the NPU compiler's spellings). */

typedef VsNameEntry EnumName;

static const EnumName engine_names[] = {
  { "DMA", VS_ENGINE_DMA }, { "DPU", VS_ENGINE_DPU }, { "SHAVE", VS_ENGINE_SHAVE },
  { "M2I", VS_ENGINE_M2I }, { "DMA_NN", VS_ENGINE_DMA }, { "NCE", VS_ENGINE_DPU },
  { "SHAVE_ACT", VS_ENGINE_SHAVE }, { "SHAVE_UPA", VS_ENGINE_SHAVE }, { NULL, 0 },
};

static const EnumName kind_names[] = {
  { "DMA", VS_TASK_DMA }, { "DPU", VS_TASK_DPU }, { "SHAVE", VS_TASK_SHAVE },
  { "M2I", VS_TASK_M2I }, { "SYNC", VS_TASK_SYNC }, { NULL, 0 },
};

static const EnumName memory_names[] = {
  { "DDR", VS_MEMORY_DDR }, { "CMX", VS_MEMORY_CMX }, { "REGISTER", VS_MEMORY_REGISTER },
  { "DRAM", VS_MEMORY_DDR }, { "CMX_NN", VS_MEMORY_CMX }, { "NetworkInput", VS_MEMORY_DDR },
  { "NetworkOutput", VS_MEMORY_DDR }, { "ProfilingOutput", VS_MEMORY_DDR },
  { "Constant", VS_MEMORY_DDR }, { "SW_KernelText", VS_MEMORY_DDR },
  { "FunctionInput", VS_MEMORY_DDR }, { "FunctionOutput", VS_MEMORY_DDR }, { NULL, 0 },
};

static const EnumName cost_source_names[] = {
  { "manual", VS_COST_SOURCE_MANUAL }, { "vpunn", VS_COST_SOURCE_VPUNN },
  { "compiler", VS_COST_SOURCE_COMPILER }, { "measured", VS_COST_SOURCE_MEASURED },
  { "analytical", VS_COST_SOURCE_ANALYTICAL }, { NULL, 0 },
};

static const EnumName dtype_names[] = {
  { "u8", VS_DTYPE_UINT8 }, { "i8", VS_DTYPE_INT8 }, { "f16", VS_DTYPE_FLOAT16 },
  { "bf16", VS_DTYPE_BFLOAT16 }, { "bf8", VS_DTYPE_BF8 }, { "hf8", VS_DTYPE_HF8 },
  { "u4", VS_DTYPE_UINT4 }, { "i4", VS_DTYPE_INT4 }, { "u2", VS_DTYPE_UINT2 },
  { "i2", VS_DTYPE_INT2 }, { "u1", VS_DTYPE_UINT1 }, { "i1", VS_DTYPE_INT1 },
  { "i32", VS_DTYPE_INT32 }, { "f32", VS_DTYPE_FLOAT32 }, { "u16", VS_DTYPE_UINT16 },
  { "i16", VS_DTYPE_INT16 }, { "f4", VS_DTYPE_FLOAT4 },
  /* VPUNN */
  { "UINT8", VS_DTYPE_UINT8 }, { "INT8", VS_DTYPE_INT8 }, { "FLOAT16", VS_DTYPE_FLOAT16 },
  { "BFLOAT16", VS_DTYPE_BFLOAT16 }, { "UINT4", VS_DTYPE_UINT4 }, { "INT4", VS_DTYPE_INT4 },
  { "UINT2", VS_DTYPE_UINT2 }, { "INT2", VS_DTYPE_INT2 }, { "UINT1", VS_DTYPE_UINT1 },
  { "INT1", VS_DTYPE_INT1 }, { "INT32", VS_DTYPE_INT32 }, { "FLOAT32", VS_DTYPE_FLOAT32 },
  { "UINT16", VS_DTYPE_UINT16 }, { "INT16", VS_DTYPE_INT16 }, { "FLOAT4", VS_DTYPE_FLOAT4 },
  /* MLIR */
  { "ui8", VS_DTYPE_UINT8 }, { "si8", VS_DTYPE_INT8 }, { "ui4", VS_DTYPE_UINT4 },
  { "si4", VS_DTYPE_INT4 }, { "si32", VS_DTYPE_INT32 }, { "ui16", VS_DTYPE_UINT16 },
  { "si16", VS_DTYPE_INT16 }, { "f8E5M2", VS_DTYPE_BF8 }, { "f8E4M3FN", VS_DTYPE_HF8 },
  { NULL, 0 },
};

static const EnumName op_names[] = {
  { "CONV", VS_OP_CONVOLUTION }, { "DWCONV", VS_OP_DW_CONVOLUTION },
  { "ELTWISE", VS_OP_ELTWISE }, { "MAXPOOL", VS_OP_MAXPOOL }, { "AVEPOOL", VS_OP_AVEPOOL },
  { "CM_CONV", VS_OP_CM_CONVOLUTION }, { "LAYER_NORM", VS_OP_LAYER_NORM },
  { "ELTWISE_MUL", VS_OP_ELTWISE_MUL }, { "REDUCE_MS", VS_OP_REDUCE_MS },
  { "REDUCE_SUMSQUARES", VS_OP_REDUCE_SUMSQUARES },
  { "CONVOLUTION", VS_OP_CONVOLUTION }, { "DW_CONVOLUTION", VS_OP_DW_CONVOLUTION },
  { "DW_CONV", VS_OP_DW_CONVOLUTION }, { "CM_CONVOLUTION", VS_OP_CM_CONVOLUTION },
  { NULL, 0 },
};

static const EnumName activation_names[] = {
  { "NONE", VS_ACT_NONE }, { "RELU", VS_ACT_RELU }, { "LRELU", VS_ACT_LRELU },
  { "ADD", VS_ACT_ADD }, { "SUB", VS_ACT_SUB }, { "MULT", VS_ACT_MULT }, { NULL, 0 },
};

static const EnumName mpe_names[] = {
  { "VECTOR", VS_EXEC_VECTOR }, { "MATRIX", VS_EXEC_MATRIX },
  { "VECTOR_FP16", VS_EXEC_VECTOR_FP16 }, { "CUBOID_16x16", VS_EXEC_CUBOID_16x16 },
  { "CUBOID_8x16", VS_EXEC_CUBOID_8x16 }, { "CUBOID_4x16", VS_EXEC_CUBOID_4x16 },
  { "DCIM_32x128", VS_EXEC_DCIM_32x128 }, { NULL, 0 },
};

static const EnumName isi_names[] = {
  { "CLUSTERING", VS_ISI_CLUSTERING }, { "SPLIT_OVER_H", VS_ISI_SPLIT_OVER_H },
  { "SPLIT_OVER_K", VS_ISI_SPLIT_OVER_K }, { "SPLIT_OVER_K_HW_SWITCH", VS_ISI_SPLIT_OVER_K_NXTHW },
  { "SplitOverH", VS_ISI_SPLIT_OVER_H }, { "SplitOverK", VS_ISI_SPLIT_OVER_K },
  { "SplitOverK_HWswitch", VS_ISI_SPLIT_OVER_K_NXTHW }, { NULL, 0 },
};

/* Memory order outermost first (N..) for the common ones; VPUNN's letters
 * (innermost first, X=W, Y=H, Z=C) for the rest and as aliases. */
static const EnumName layout_names[] = {
  { "NHWC", VS_LAYOUT_ZMAJOR }, { "NCHW", VS_LAYOUT_CMAJOR }, { "XYZ", VS_LAYOUT_XYZ },
  { "NHCW", VS_LAYOUT_XZY }, { "NCWH", VS_LAYOUT_YXZ }, { "NWCH", VS_LAYOUT_YZX },
  { "ZXY", VS_LAYOUT_ZXY }, { "NWHC", VS_LAYOUT_ZYX }, { "INVALID", VS_LAYOUT_INVALID },
  { "ZMAJOR", VS_LAYOUT_ZMAJOR }, { "CMAJOR", VS_LAYOUT_CMAJOR }, { "XZY", VS_LAYOUT_XZY },
  { "YXZ", VS_LAYOUT_YXZ }, { "YZX", VS_LAYOUT_YZX }, { "ZYX", VS_LAYOUT_ZYX }, { NULL, 0 },
};

static const EnumName swizzling_names[] = {
  { "0", VS_SWIZZLING_KEY_0 }, { "1", VS_SWIZZLING_KEY_1 }, { "2", VS_SWIZZLING_KEY_2 },
  { "3", VS_SWIZZLING_KEY_3 }, { "4", VS_SWIZZLING_KEY_4 }, { "5", VS_SWIZZLING_KEY_5 },
  { "KEY_0", VS_SWIZZLING_KEY_0 }, { "KEY_1", VS_SWIZZLING_KEY_1 },
  { "KEY_2", VS_SWIZZLING_KEY_2 }, { "KEY_3", VS_SWIZZLING_KEY_3 },
  { "KEY_4", VS_SWIZZLING_KEY_4 }, { "KEY_5", VS_SWIZZLING_KEY_5 }, { NULL, 0 },
};

static const EnumName channel_names[] = {
  { "DDR", 0 }, { "CMX", 1 }, { NULL, 0 },
};

/* ------------------------------------------------------------------------ */
/* Reader state. */

typedef struct {
  gint32 line, column;          /* 1-based */
} Mark;

typedef enum { REF_QUEUE, REF_BUFFER, REF_BARRIER, REF_TASK, REF_KIND_COUNT } RefKind;

static const char *const ref_kind_names[] = { "queue", "buffer", "barrier", "task" };

/* A name to resolve once every id is known: it lands either in a VsTask
 * field (tasks array, byte offset) or in schedule->refs. */
typedef struct {
  RefKind kind;
  gboolean in_refs;
  guint index;                  /* task index, or index into refs */
  guint offset;                 /* byte offset in VsTask when !in_refs */
  guint owner;                  /* task index, for messages */
  const char *field;            /* key it was written under */
  const char *name;
  Mark mark;
} PendingRef;

typedef struct {
  Mark start;                   /* the task mapping */
  Mark kind;                    /* its `kind` value */
} TaskMarks;

typedef struct {
  yaml_parser_t parser;
  yaml_event_t ev;
  gboolean have_ev;
  const char *origin;
  const char *data;
  gsize length;
  VsSchedule *s;
  GError *error;
  int depth;

  GHashTable *ids[REF_KIND_COUNT];   /* interned id -> index + 1 */
  GArray *queue_marks, *buffer_marks, *barrier_marks, *task_marks;
  GArray *pending;              /* PendingRef */

  GArray *device_settings;      /* VsDeviceSetting */
  Mark device_mark;
  GArray *overrides;            /* VsDeviceSetting */

  /* The task being read. */
  VsTask *task;
  guint task_index;
  const char *block;            /* "dma", "dpu", "shave" or NULL */
  Mark block_mark;
  Mark kind_mark;
  Mark id_mark;                 /* of the last `id` value read */
} Reader;

static Mark
mark_of (const yaml_mark_t *m)
{
  Mark r = { (gint32) m->line + 1, (gint32) m->column + 1 };
  return r;
}

#define EV_MARK(r) mark_of (&(r)->ev.start_mark)

static gboolean
raise_at (Reader *r, Mark m, VsScheduleError code, const char *format, va_list ap)
  G_GNUC_PRINTF (4, 0);

/* The first error wins: later ones are consequences of it. */
static gboolean
raise_at (Reader *r, Mark m, VsScheduleError code, const char *format, va_list ap)
{
  if (r->error != NULL)
    return FALSE;
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  r->error = g_error_new (VS_SCHEDULE_ERROR, code, "%s:%d:%d: %s", r->origin, m.line, m.column, msg);
  return FALSE;
}

static gboolean fail (Reader *r, Mark m, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Reader *r, Mark m, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  raise_at (r, m, VS_SCHEDULE_ERROR_PARSE, format, ap);
  va_end (ap);
  return FALSE;
}

/* Same, for a well-formed file that describes something impossible. */
static gboolean invalid (Reader *r, Mark m, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (Reader *r, Mark m, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  raise_at (r, m, VS_SCHEDULE_ERROR_INVALID, format, ap);
  va_end (ap);
  return FALSE;
}

/* Line and column (in characters) of a byte offset. */
static Mark
offset_mark (const char *data, gsize length, gsize offset)
{
  Mark m = { 1, 1 };
  for (gsize i = 0; i < offset && i < length; i++) {
    if (data[i] == '\n') {
      m.line++;
      m.column = 1;
    } else if (((guchar) data[i] & 0xC0) != 0x80) {
      m.column++;
    }
  }
  return m;
}

static const char *
event_kind (const yaml_event_t *ev)
{
  switch (ev->type) {
  case YAML_MAPPING_START_EVENT: return "a mapping";
  case YAML_SEQUENCE_START_EVENT: return "a list";
  case YAML_SCALAR_EVENT: return "a scalar";
  case YAML_MAPPING_END_EVENT: return "the end of a mapping";
  case YAML_SEQUENCE_END_EVENT: return "the end of a list";
  default: return "the end of the document";
  }
}

static gboolean
next (Reader *r)
{
  if (r->have_ev)
    yaml_event_delete (&r->ev);
  r->have_ev = FALSE;
  if (!yaml_parser_parse (&r->parser, &r->ev)) {
    if (r->parser.error == YAML_READER_ERROR) {
      /* Bad bytes: libyaml gives an offset, not a mark. */
      Mark m = offset_mark (r->data, r->length, r->parser.problem_offset);
      return fail (r, m, "%s (byte 0x%02x)",
                   r->parser.problem ? r->parser.problem : "unreadable input",
                   (unsigned) r->parser.problem_value & 0xff);
    }
    Mark m = mark_of (&r->parser.problem_mark);
    if (r->parser.context != NULL) {
      Mark c = mark_of (&r->parser.context_mark);
      return fail (r, m, "%s (%s at %d:%d)",
                   r->parser.problem ? r->parser.problem : "malformed YAML", r->parser.context,
                   c.line, c.column);
    }
    return fail (r, m, "%s", r->parser.problem ? r->parser.problem : "malformed YAML");
  }
  r->have_ev = TRUE;
  switch (r->ev.type) {
  case YAML_ALIAS_EVENT:
    return fail (r, EV_MARK (r), "YAML aliases (*%s) are not supported in vpusim files",
                 (const char *) r->ev.data.alias.anchor);
  case YAML_SCALAR_EVENT:
    if (r->ev.data.scalar.length > VS_SCHEDULE_MAX_STRING)
      return fail (r, EV_MARK (r), "a scalar of %zu bytes is longer than the limit of %u",
                   r->ev.data.scalar.length, VS_SCHEDULE_MAX_STRING);
    if (strlen ((const char *) r->ev.data.scalar.value) != r->ev.data.scalar.length)
      return fail (r, EV_MARK (r), "a scalar contains a NUL character");
    return TRUE;
  default:
    return TRUE;
  }
}

static const char *
scalar (Reader *r)
{
  return (const char *) r->ev.data.scalar.value;
}

static gboolean
is_null (Reader *r)
{
  if (r->ev.type != YAML_SCALAR_EVENT || r->ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return FALSE;
  const char *v = scalar (r);
  return *v == '\0' || strcmp (v, "~") == 0 || strcmp (v, "null") == 0 ||
         strcmp (v, "Null") == 0 || strcmp (v, "NULL") == 0;
}

/* ------------------------------------------------------------------------ */
/* Key tables. */

typedef struct KeyDef KeyDef;
typedef gboolean (*ParseFn) (Reader *r, void *target, const KeyDef *k);

struct KeyDef {
  const char *key;
  ParseFn parse;
  gsize offset;                 /* into the target struct */
  double min, max;              /* numbers: inclusive range */
  const void *aux;              /* EnumName table, nested MapDef, RefKind... */
  gboolean required;
};

typedef struct {
  const char *what;             /* "a task" */
  const KeyDef *keys;           /* NULL-terminated, at most 64 */
} MapDef;

static char *
key_list (const MapDef *m)
{
  GString *s = g_string_new (NULL);
  for (const KeyDef *k = m->keys; k->key != NULL; k++)
    g_string_append_printf (s, "%s%s", s->len ? ", " : "", k->key);
  return g_string_free (s, FALSE);
}

static gboolean
expect_scalar (Reader *r, const KeyDef *k, const char *what)
{
  if (r->ev.type == YAML_SCALAR_EVENT)
    return TRUE;
  return fail (r, EV_MARK (r), "'%s' must be %s, not %s", k->key, what, event_kind (&r->ev));
}

/* Parse a mapping whose first event is current; on return the current event
 * is its end.  *seen gets one bit per key row present. */
static gboolean
parse_mapping_seen (Reader *r, const MapDef *m, void *target, guint64 *seen_out, Mark *start)
{
  if (r->ev.type != YAML_MAPPING_START_EVENT)
    return fail (r, EV_MARK (r), "expected %s (a mapping), found %s", m->what,
                 event_kind (&r->ev));
  if (++r->depth > VS_SCHEDULE_MAX_DEPTH)
    return fail (r, EV_MARK (r), "nested deeper than %d levels", VS_SCHEDULE_MAX_DEPTH);
  Mark first = EV_MARK (r);
  if (start != NULL)
    *start = first;
  guint64 seen = 0;
  for (;;) {
    if (!next (r))
      return FALSE;
    if (r->ev.type == YAML_MAPPING_END_EVENT)
      break;
    if (r->ev.type != YAML_SCALAR_EVENT)
      return fail (r, EV_MARK (r), "expected a key in %s, found %s", m->what,
                   event_kind (&r->ev));
    const KeyDef *k = m->keys;
    while (k->key != NULL && strcmp (k->key, scalar (r)) != 0)
      k++;
    if (k->key == NULL) {
      g_autofree char *valid = key_list (m);
      return fail (r, EV_MARK (r), "unknown key '%s' in %s (valid keys: %s)", scalar (r),
                   m->what, valid);
    }
    guint64 bit = G_GUINT64_CONSTANT (1) << (k - m->keys);
    if (seen & bit)
      return fail (r, EV_MARK (r), "duplicate key '%s' in %s", k->key, m->what);
    seen |= bit;
    if (!next (r) || !k->parse (r, target, k))
      return FALSE;
  }
  r->depth--;
  if (seen_out != NULL)
    *seen_out = seen;
  return TRUE;
}

static gboolean
check_required (Reader *r, const MapDef *m, guint64 seen, Mark start)
{
  GString *missing = NULL;
  for (const KeyDef *k = m->keys; k->key != NULL; k++)
    if (k->required && !(seen & (G_GUINT64_CONSTANT (1) << (k - m->keys)))) {
      if (missing == NULL)
        missing = g_string_new (NULL);
      g_string_append_printf (missing, "%s'%s'", missing->len ? ", " : "", k->key);
    }
  if (missing == NULL)
    return TRUE;
  gboolean several = strchr (missing->str, ',') != NULL;
  fail (r, start, "missing key%s %s in %s", several ? "s" : "", missing->str, m->what);
  g_string_free (missing, TRUE);
  return FALSE;
}

static gboolean
parse_mapping (Reader *r, const MapDef *m, void *target, Mark *start)
{
  guint64 seen;
  Mark s;
  return parse_mapping_seen (r, m, target, &seen, &s) && check_required (r, m, seen, s) &&
         (start == NULL || (*start = s, TRUE));
}

/* Iterate a list: calls `item` with each element's first event current.
 * A null value counts as an empty list. */
static gboolean
parse_list (Reader *r, const KeyDef *k, gboolean (*item) (Reader *, void *, const KeyDef *, guint),
            void *target)
{
  if (is_null (r))
    return TRUE;
  if (r->ev.type != YAML_SEQUENCE_START_EVENT)
    return fail (r, EV_MARK (r), "'%s' must be a list, not %s", k->key, event_kind (&r->ev));
  if (++r->depth > VS_SCHEDULE_MAX_DEPTH)
    return fail (r, EV_MARK (r), "nested deeper than %d levels", VS_SCHEDULE_MAX_DEPTH);
  for (guint i = 0;; i++) {
    if (!next (r))
      return FALSE;
    if (r->ev.type == YAML_SEQUENCE_END_EVENT)
      break;
    if (!item (r, target, k, i))
      return FALSE;
  }
  r->depth--;
  return TRUE;
}

#define FIELD(target, k, type) ((type *) (void *) ((char *) (target) + (k)->offset))

/* --- scalars --- */

static gboolean
parse_int (Reader *r, const KeyDef *k, gint64 *out)
{
  if (!expect_scalar (r, k, "an integer"))
    return FALSE;
  gint64 v;
  if (!g_ascii_string_to_signed (scalar (r), 10, G_MININT64, G_MAXINT64, &v, NULL))
    return fail (r, EV_MARK (r), "'%s' must be an integer, not '%s'", k->key, scalar (r));
  if ((double) v < k->min || (double) v > k->max)
    return fail (r, EV_MARK (r), "'%s' is %s, outside [%.0f, %.0f]", k->key, scalar (r), k->min,
                 k->max);
  *out = v;
  return TRUE;
}

static gboolean
p_int32 (Reader *r, void *target, const KeyDef *k)
{
  gint64 v;
  if (!parse_int (r, k, &v))
    return FALSE;
  *FIELD (target, k, gint32) = (gint32) v;
  return TRUE;
}

static gboolean
p_int64 (Reader *r, void *target, const KeyDef *k)
{
  return parse_int (r, k, FIELD (target, k, gint64));
}

static gboolean
parse_double (Reader *r, const KeyDef *k, double *out)
{
  if (!expect_scalar (r, k, "a number"))
    return FALSE;
  const char *text = scalar (r);
  char *end = NULL;
  errno = 0;
  double v = g_ascii_strtod (text, &end);
  if (*text == '\0' || *end != '\0' || errno == ERANGE || !isfinite (v))
    return fail (r, EV_MARK (r), "'%s' must be a number, not '%s'", k->key, text);
  if (v < k->min || v > k->max)
    return fail (r, EV_MARK (r), "'%s' is %s, outside [%g, %g]", k->key, text, k->min, k->max);
  *out = v;
  return TRUE;
}

static gboolean
p_double (Reader *r, void *target, const KeyDef *k)
{
  return parse_double (r, k, FIELD (target, k, double));
}

static gboolean
p_float (Reader *r, void *target, const KeyDef *k)
{
  double v;
  if (!parse_double (r, k, &v))
    return FALSE;
  *FIELD (target, k, float) = (float) v;
  return TRUE;
}

static gboolean
p_bool (Reader *r, void *target, const KeyDef *k)
{
  static const char *const yes[] = { "true", "yes", "on" };
  static const char *const no[] = { "false", "no", "off" };
  if (!expect_scalar (r, k, "true or false"))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (yes); i++) {
    if (g_ascii_strcasecmp (scalar (r), yes[i]) == 0) {
      *FIELD (target, k, gboolean) = TRUE;
      return TRUE;
    }
    if (g_ascii_strcasecmp (scalar (r), no[i]) == 0) {
      *FIELD (target, k, gboolean) = FALSE;
      return TRUE;
    }
  }
  return fail (r, EV_MARK (r), "'%s' must be true or false, not '%s'", k->key, scalar (r));
}

/* Optional text: null stays NULL. */
static gboolean
p_string (Reader *r, void *target, const KeyDef *k)
{
  if (!expect_scalar (r, k, "a string"))
    return FALSE;
  *FIELD (target, k, const char *) = is_null (r) ? NULL : vs_schedule_intern (r->s, scalar (r));
  return TRUE;
}

static gboolean
p_id (Reader *r, void *target, const KeyDef *k)
{
  if (!expect_scalar (r, k, "a name"))
    return FALSE;
  if (is_null (r) || *scalar (r) == '\0')
    return fail (r, EV_MARK (r), "'%s' must not be empty", k->key);
  *FIELD (target, k, const char *) = vs_schedule_intern (r->s, scalar (r));
  r->id_mark = EV_MARK (r);
  return TRUE;
}

static gboolean
p_enum (Reader *r, void *target, const KeyDef *k)
{
  if (!expect_scalar (r, k, "a name"))
    return FALSE;
  int v;
  if (!vs_name_table_lookup (k->aux, scalar (r), &v)) {
    g_autofree char *choices = vs_name_table_choices (k->aux);
    return fail (r, EV_MARK (r), "'%s' is '%s', not one of %s", k->key, scalar (r), choices);
  }
  *FIELD (target, k, int) = v;
  return TRUE;
}

/* A DMA channel by name (DDR, CMX) or a SHAVE list index. */
static gboolean
p_channel (Reader *r, void *target, const KeyDef *k)
{
  int v;
  if (r->ev.type == YAML_SCALAR_EVENT && vs_name_table_lookup (channel_names, scalar (r), &v)) {
    *FIELD (target, k, gint32) = v;
    return TRUE;
  }
  if (r->ev.type == YAML_SCALAR_EVENT &&
      !g_ascii_string_to_signed (scalar (r), 10, G_MININT64, G_MAXINT64, NULL, NULL))
    return fail (r, EV_MARK (r), "'%s' must be DDR, CMX or a list index, not '%s'", k->key,
                 scalar (r));
  return p_int32 (r, target, k);
}

/* --- lists of numbers --- */

typedef struct {
  gint64 *values;
  guint max, n;
} IntList;

static gboolean
int_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  IntList *l = target;
  if (i >= l->max)
    return fail (r, EV_MARK (r), "'%s' has more than %u entries", k->key, l->max);
  if (!parse_int (r, k, &l->values[i]))
    return FALSE;
  l->n = i + 1;
  return TRUE;
}

/* Exactly `count` gint32 values ([w, h] or [x, y, z]) at k->offset. */
static gboolean
p_int32_tuple (Reader *r, void *target, const KeyDef *k)
{
  guint count = GPOINTER_TO_UINT (k->aux);
  gint64 values[4];
  IntList l = { values, count, 0 };
  Mark m = EV_MARK (r);
  if (r->ev.type != YAML_SEQUENCE_START_EVENT)
    return fail (r, m, "'%s' must be a list of %u integers, not %s", k->key, count,
                 event_kind (&r->ev));
  if (!parse_list (r, k, int_item, &l))
    return FALSE;
  if (l.n != count)
    return fail (r, m, "'%s' must have %u entries, not %u", k->key, count, l.n);
  for (guint i = 0; i < count; i++)
    FIELD (target, k, gint32)[i] = (gint32) values[i];
  return TRUE;
}

/* --- tensors --- */

typedef struct {
  VsTensor t;
  gint32 n_strides;
  const char *buffer;           /* `buffer: id` of a reference */
  Mark buffer_mark;
  Mark shape_mark;
  Mark strides_mark;
} TensorParse;

static gboolean
p_tiles (Reader *r, void *target, const KeyDef *k)
{
  gint64 values[64];
  IntList l = { values, 64, 0 };
  if (!parse_list (r, k, int_item, &l))
    return FALSE;
  guint64 mask = 0;
  for (guint i = 0; i < l.n; i++)
    mask |= G_GUINT64_CONSTANT (1) << values[i];
  *FIELD (target, k, guint64) = mask;
  return TRUE;
}

static gboolean
p_shape (Reader *r, void *target, const KeyDef *k)
{
  TensorParse *tp = target;
  gint64 values[VS_MAX_RANK];
  IntList l = { values, VS_MAX_RANK, 0 };
  Mark m = EV_MARK (r);
  tp->shape_mark = m;
  if (!parse_list (r, k, int_item, &l))
    return FALSE;
  if (l.n == 0)
    return fail (r, m, "'%s' must have at least one dimension", k->key);
  tp->t.rank = (gint32) l.n;
  memcpy (tp->t.shape, values, l.n * sizeof (gint64));
  return TRUE;
}

static gboolean
p_strides (Reader *r, void *target, const KeyDef *k)
{
  TensorParse *tp = target;
  gint64 values[VS_MAX_RANK];
  IntList l = { values, VS_MAX_RANK, 0 };
  tp->strides_mark = EV_MARK (r);
  if (!parse_list (r, k, int_item, &l))
    return FALSE;
  tp->n_strides = (gint32) l.n;
  tp->t.has_strides = TRUE;
  memcpy (tp->t.strides, values, l.n * sizeof (gint64));
  return TRUE;
}

static gboolean
p_buffer_name (Reader *r, void *target, const KeyDef *k)
{
  TensorParse *tp = target;
  if (!expect_scalar (r, k, "a buffer id"))
    return FALSE;
  if (is_null (r) || *scalar (r) == '\0')
    return fail (r, EV_MARK (r), "'%s' must not be empty", k->key);
  tp->buffer = vs_schedule_intern (r->s, scalar (r));
  tp->buffer_mark = EV_MARK (r);
  return TRUE;
}

#define TENSOR_KEYS                                                                         \
  { "name", p_string, offsetof (TensorParse, t.name), 0, 0, NULL, FALSE },                  \
  { "memory", p_enum, offsetof (TensorParse, t.memory), 0, 0, memory_names, TRUE },         \
  { "tiles", p_tiles, offsetof (TensorParse, t.tile_mask), 0, 63, NULL, FALSE },            \
  { "offset", p_int64, offsetof (TensorParse, t.offset), -1, (double) G_MAXINT64, NULL,     \
    FALSE },                                                                                \
  { "shape", p_shape, 0, 1, 1099511627776.0, NULL, TRUE },                                  \
  { "strides", p_strides, 0, 0, 1099511627776.0, NULL, FALSE },                             \
  { "dtype", p_enum, offsetof (TensorParse, t.dtype), 0, 0, dtype_names, TRUE },            \
  { "layout", p_enum, offsetof (TensorParse, t.layout), 0, 0, layout_names, FALSE },        \
  { "sparse", p_bool, offsetof (TensorParse, t.sparse), 0, 0, NULL, FALSE },                \
  { "swizzling", p_enum, offsetof (TensorParse, t.swizzling), 0, 0, swizzling_names, FALSE }

static const KeyDef buffer_keys[] = {
  { "id", p_id, offsetof (TensorParse, t.id), 0, 0, NULL, TRUE },
  TENSOR_KEYS,
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef buffer_map = { "a buffer", buffer_keys };

static const KeyDef tensor_ref_keys[] = {
  { "buffer", p_buffer_name, offsetof (TensorParse, buffer), 0, 0, NULL, FALSE },
  TENSOR_KEYS,
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
/* Required keys only apply to inline tensors; checked by hand. */
static const MapDef tensor_ref_map = { "a tensor", tensor_ref_keys };

static void
tensor_parse_init (TensorParse *tp)
{
  memset (tp, 0, sizeof *tp);
  tp->t.offset = -1;
  tp->t.layout = VS_LAYOUT_ZMAJOR;
}

static gboolean
tensor_finish (Reader *r, TensorParse *tp)
{
  if (tp->t.has_strides && tp->n_strides != tp->t.rank)
    return fail (r, tp->strides_mark, "'strides' has %d entries but 'shape' has %d",
                 tp->n_strides, tp->t.rank);
  gint64 bytes;
  if (!vs_tensor_bytes_checked (&tp->t, &bytes))
    return fail (r, tp->t.has_strides ? tp->strides_mark : tp->shape_mark,
                 "%s: the tensor would span more than the %" G_GINT64_FORMAT " bytes (1 TiB) a "
                 "tensor may have", tp->t.has_strides ? "strides" : "shape", VS_MAX_TENSOR_BYTES);
  return TRUE;
}

static gboolean
append_buffer (Reader *r, const VsTensor *t, Mark m, gint32 *index_out)
{
  if (r->s->buffers->len >= VS_SCHEDULE_MAX_BUFFERS)
    return fail (r, m, "more than %u buffers", VS_SCHEDULE_MAX_BUFFERS);
  *index_out = (gint32) r->s->buffers->len;
  g_array_append_vals (r->s->buffers, t, 1);
  g_array_append_val (r->buffer_marks, m);
  return TRUE;
}

/* `marks` holds one element per definition, each starting with its Mark. */
static gboolean
define_id (Reader *r, RefKind kind, const char *id, guint index, Mark m, GArray *marks)
{
  gpointer prev = g_hash_table_lookup (r->ids[kind], id);
  if (prev != NULL) {
    guint size = g_array_get_element_size (marks);
    const Mark *first = (const Mark *) (void *) (marks->data + (GPOINTER_TO_UINT (prev) - 1) * size);
    return invalid (r, m, "duplicate %s id '%s' (first defined at line %d)",
                    ref_kind_names[kind], id, first->line);
  }
  g_hash_table_insert (r->ids[kind], (gpointer) id, GUINT_TO_POINTER (index + 1));
  return TRUE;
}

static void
add_pending (Reader *r, RefKind kind, gboolean in_refs, guint index, guint offset,
             const char *field, const char *name, Mark m)
{
  PendingRef p = { kind, in_refs, index, offset, r->task_index, field, name, m };
  g_array_append_val (r->pending, p);
}

/* A tensor reference in a task: buffer id, {buffer: id}, or an inline tensor. */
static gboolean
p_tensor_ref (Reader *r, void *target, const KeyDef *k)
{
  VsTensorRef *dest = FIELD (target, k, VsTensorRef);
  guint offset = (guint) ((char *) dest - (char *) r->task);
  if (r->ev.type == YAML_SCALAR_EVENT) {
    if (is_null (r))
      return TRUE;
    add_pending (r, REF_BUFFER, FALSE, r->task_index, offset, k->key,
                 vs_schedule_intern (r->s, scalar (r)), EV_MARK (r));
    return TRUE;
  }
  TensorParse tp;
  tensor_parse_init (&tp);
  guint64 seen;
  Mark start;
  if (!parse_mapping_seen (r, &tensor_ref_map, &tp, &seen, &start))
    return FALSE;
  if (tp.buffer != NULL) {
    if (seen != 1)
      return fail (r, start, "'%s' names a buffer and also gives tensor keys; use one or the other",
                   k->key);
    add_pending (r, REF_BUFFER, FALSE, r->task_index, offset, k->key, tp.buffer, tp.buffer_mark);
    return TRUE;
  }
  if (!check_required (r, &tensor_ref_map, seen, start) || !tensor_finish (r, &tp))
    return FALSE;
  return append_buffer (r, &tp.t, start, dest);
}

typedef struct {
  VsTensorRef *refs;
  guint *count;
} TensorList;

static gboolean
tensor_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  TensorList *l = target;
  if (i >= VS_SHAVE_MAX_ARGS)
    return fail (r, EV_MARK (r), "'%s' has more than %d tensors", k->key, VS_SHAVE_MAX_ARGS);
  KeyDef item = *k;
  item.offset = 0;
  l->refs[i] = -1;
  *l->count = i + 1;
  return p_tensor_ref (r, &l->refs[i], &item);
}

static gboolean
p_shave_inputs (Reader *r, void *target, const KeyDef *k)
{
  VsShaveSpec *sh = target;
  TensorList l = { sh->inputs, &sh->n_inputs };
  return parse_list (r, k, tensor_item, &l);
}

static gboolean
p_shave_outputs (Reader *r, void *target, const KeyDef *k)
{
  VsShaveSpec *sh = target;
  TensorList l = { sh->outputs, &sh->n_outputs };
  return parse_list (r, k, tensor_item, &l);
}

/* --- references by id --- */

static gboolean
ref_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  RefKind kind = (RefKind) GPOINTER_TO_INT (k->aux);
  if (i >= VS_SCHEDULE_MAX_LIST)
    return fail (r, EV_MARK (r), "'%s' has more than %u entries", k->key, VS_SCHEDULE_MAX_LIST);
  if (r->ev.type != YAML_SCALAR_EVENT || is_null (r))
    return fail (r, EV_MARK (r), "'%s' must list %s ids, found %s", k->key,
                 ref_kind_names[kind], is_null (r) ? "an empty entry" : event_kind (&r->ev));
  if (r->s->refs->len >= G_MAXINT32)
    return fail (r, EV_MARK (r), "too many references");
  gint32 placeholder = -1;
  add_pending (r, kind, TRUE, r->s->refs->len, 0, k->key, vs_schedule_intern (r->s, scalar (r)),
               EV_MARK (r));
  g_array_append_val (r->s->refs, placeholder);
  (void) target;
  return TRUE;
}

/* `waits`, `updates`, `after`: a (first, n) pair of guints at k->offset. */
static gboolean
p_refs (Reader *r, void *target, const KeyDef *k)
{
  guint *range = FIELD (target, k, guint);
  range[0] = r->s->refs->len;
  if (!parse_list (r, k, ref_item, NULL))
    return FALSE;
  range[1] = r->s->refs->len - range[0];
  if (range[1] == 0)
    range[0] = 0;
  return TRUE;
}

static gboolean
p_queue_ref (Reader *r, void *target, const KeyDef *k)
{
  if (!expect_scalar (r, k, "a queue id"))
    return FALSE;
  if (is_null (r))
    return fail (r, EV_MARK (r), "'%s' must not be empty", k->key);
  add_pending (r, REF_QUEUE, FALSE, r->task_index, (guint) offsetof (VsTask, queue), k->key,
               vs_schedule_intern (r->s, scalar (r)), EV_MARK (r));
  (void) target;
  return TRUE;
}

/* --- cost --- */

typedef struct {
  double cycles, ns;
  int source;
} CostParse;

static const KeyDef cost_keys[] = {
  { "cycles", p_double, offsetof (CostParse, cycles), 0, 1e18, NULL, FALSE },
  { "ns", p_double, offsetof (CostParse, ns), 0, 1e15, NULL, FALSE },
  { "source", p_enum, offsetof (CostParse, source), 0, 0, cost_source_names, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef cost_map = { "a cost", cost_keys };

static gboolean
p_cost (Reader *r, void *target, const KeyDef *k)
{
  CostParse c = { 0, 0, VS_COST_SOURCE_MANUAL };
  guint64 seen;
  Mark start;
  if (!parse_mapping_seen (r, &cost_map, &c, &seen, &start))
    return FALSE;
  if ((seen & 3) == 0 || (seen & 3) == 3)
    return fail (r, start, "'%s' needs exactly one of 'cycles' and 'ns'", k->key);
  VsGivenCost *cost = FIELD (target, k, VsGivenCost);
  cost->source = (VsCostSource) c.source;
  cost->in_ns = (seen & 2) != 0;
  cost->value = cost->in_ns ? c.ns : c.cycles;
  return TRUE;
}

/* --- padding --- */

static const KeyDef pad_keys[] = {
  { "top", p_int32, 0, 0, 65535, NULL, FALSE },
  { "bottom", p_int32, sizeof (gint32), 0, 65535, NULL, FALSE },
  { "left", p_int32, 2 * sizeof (gint32), 0, 65535, NULL, FALSE },
  { "right", p_int32, 3 * sizeof (gint32), 0, 65535, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef pad_map = { "a padding", pad_keys };

/* top, bottom, left, right: four consecutive gint32 at k->offset. */
static gboolean
p_pad (Reader *r, void *target, const KeyDef *k)
{
  return parse_mapping (r, &pad_map, FIELD (target, k, gint32), NULL);
}

/* --- DPU variants --- */

static const KeyDef variant_keys[] = {
  { "out_start", p_int32_tuple, offsetof (VsDpuVariant, out_start), 0, 1 << 24,
    GUINT_TO_POINTER (3), TRUE },
  { "out_end", p_int32_tuple, offsetof (VsDpuVariant, out_end), 0, 1 << 24,
    GUINT_TO_POINTER (3), TRUE },
  { "pad", p_pad, offsetof (VsDpuVariant, pad_top), 0, 0, NULL, FALSE },
  { "mpe_mode", p_enum, offsetof (VsDpuVariant, mpe_mode), 0, 0, mpe_names, TRUE },
  { "tile", p_int32, offsetof (VsDpuVariant, tile), -1, 63, NULL, FALSE },
  { "cost", p_cost, offsetof (VsDpuVariant, cost), 0, 0, NULL, FALSE },
  { "in_start", p_int32_tuple, offsetof (VsDpuVariant, in_start), 0, 1 << 24,
    GUINT_TO_POINTER (3), FALSE },
  { "in_end", p_int32_tuple, offsetof (VsDpuVariant, in_end), 0, 1 << 24,
    GUINT_TO_POINTER (3), FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef variant_map = { "a DPU variant", variant_keys };

static gboolean
variant_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  VsDpuVariant v;
  memset (&v, 0, sizeof v);
  v.tile = -1;
  for (int d = 0; d < 3; d++)
    v.in_start[d] = v.in_end[d] = -1;   /* -1: not given (the parser accepts only >= 0) */
  Mark start;
  if (r->s->variants->len >= VS_SCHEDULE_MAX_VARIANTS)
    return fail (r, EV_MARK (r), "more than %u DPU variants", VS_SCHEDULE_MAX_VARIANTS);
  if (!parse_mapping (r, &variant_map, &v, &start))
    return FALSE;
  for (int d = 0; d < 3; d++)
    if (v.out_end[d] < v.out_start[d])
      return fail (r, start, "variant %u: out_end[%d] = %d is before out_start[%d] = %d", i, d,
                   v.out_end[d], d, v.out_start[d]);
  /* The input box (the compiler's, with halos) comes as a pair or not at all. */
  if ((v.in_start[0] >= 0) != (v.in_end[0] >= 0))
    return fail (r, start, "variant %u: 'in_start' and 'in_end' go together", i);
  v.has_in = v.in_start[0] >= 0;
  for (int d = 0; v.has_in && d < 3; d++)
    if (v.in_end[d] < v.in_start[d])
      return fail (r, start, "variant %u: in_end[%d] = %d is before in_start[%d] = %d", i, d,
                   v.in_end[d], d, v.in_start[d]);
  if (!v.has_in)
    for (int d = 0; d < 3; d++)
      v.in_start[d] = v.in_end[d] = 0;
  g_array_append_val (r->s->variants, v);
  (void) target;
  (void) k;
  return TRUE;
}

static gboolean
p_variants (Reader *r, void *target, const KeyDef *k)
{
  VsDpuSpec *dpu = target;
  dpu->first_variant = r->s->variants->len;
  if (!parse_list (r, k, variant_item, NULL))
    return FALSE;
  dpu->n_variants = r->s->variants->len - dpu->first_variant;
  if (dpu->n_variants == 0)
    dpu->first_variant = 0;
  return TRUE;
}

/* --- kind blocks --- */

static const KeyDef dma_keys[] = {
  { "op", p_string, offsetof (VsDmaSpec, op), 0, 0, NULL, FALSE },
  { "src", p_tensor_ref, offsetof (VsDmaSpec, src), 0, 0, NULL, FALSE },
  { "dst", p_tensor_ref, offsetof (VsDmaSpec, dst), 0, 0, NULL, FALSE },
  { "bytes", p_int64, offsetof (VsDmaSpec, bytes), 0, (double) VS_MAX_TENSOR_BYTES, NULL, FALSE },
  { "out_of_order", p_bool, offsetof (VsDmaSpec, out_of_order), 0, 0, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef dma_map = { "a dma block", dma_keys };

static const KeyDef dpu_keys[] = {
  { "op", p_enum, offsetof (VsDpuSpec, op), 0, 0, op_names, TRUE },
  { "kernel", p_int32_tuple, offsetof (VsDpuSpec, kernel_w), 1, 65535, GUINT_TO_POINTER (2),
    FALSE },
  { "strides", p_int32_tuple, offsetof (VsDpuSpec, stride_w), 1, 65535, GUINT_TO_POINTER (2),
    FALSE },
  { "pad", p_pad, offsetof (VsDpuSpec, pad_top), 0, 0, NULL, FALSE },
  { "input", p_tensor_ref, offsetof (VsDpuSpec, input), 0, 0, NULL, FALSE },
  { "weights", p_tensor_ref, offsetof (VsDpuSpec, weights), 0, 0, NULL, FALSE },
  { "output", p_tensor_ref, offsetof (VsDpuSpec, output), 0, 0, NULL, FALSE },
  { "activation", p_enum, offsetof (VsDpuSpec, activation), 0, 0, activation_names, FALSE },
  { "act_sparsity", p_float, offsetof (VsDpuSpec, act_sparsity), 0, 1, NULL, FALSE },
  { "weight_sparsity", p_float, offsetof (VsDpuSpec, weight_sparsity), 0, 1, NULL, FALSE },
  { "weight_sparsity_enabled", p_bool, offsetof (VsDpuSpec, weight_sparsity_enabled), 0, 0,
    NULL, FALSE },
  { "isi_strategy", p_enum, offsetof (VsDpuSpec, isi_strategy), 0, 0, isi_names, FALSE },
  { "output_write_tiles", p_int32, offsetof (VsDpuSpec, output_write_tiles), 1, 64, NULL,
    FALSE },
  { "variants", p_variants, 0, 0, 0, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef dpu_map = { "a dpu block", dpu_keys };

static const KeyDef shave_keys[] = {
  { "kernel", p_string, offsetof (VsShaveSpec, kernel), 0, 0, NULL, TRUE },
  { "runs", p_int32, offsetof (VsShaveSpec, runs), 1, 1 << 20, NULL, FALSE },
  { "inputs", p_shave_inputs, 0, 0, 0, NULL, FALSE },
  { "outputs", p_shave_outputs, 0, 0, 0, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef shave_map = { "a shave block", shave_keys };

static void
spec_defaults (VsTask *t, VsTaskKind kind)
{
  memset (&t->spec, 0, sizeof t->spec);
  switch (kind) {
  case VS_TASK_DMA:
    t->spec.dma.src = t->spec.dma.dst = -1;
    break;
  case VS_TASK_DPU:
    t->spec.dpu.kernel_w = t->spec.dpu.kernel_h = 1;
    t->spec.dpu.stride_w = t->spec.dpu.stride_h = 1;
    t->spec.dpu.input = t->spec.dpu.weights = t->spec.dpu.output = -1;
    t->spec.dpu.output_write_tiles = 1;
    break;
  case VS_TASK_SHAVE:
    t->spec.shave.runs = 1;
    for (int i = 0; i < VS_SHAVE_MAX_ARGS; i++)
      t->spec.shave.inputs[i] = t->spec.shave.outputs[i] = -1;
    break;
  default:
    break;
  }
}

/* `dma:`, `dpu:`, `shave:`; aux is the block's MapDef, min its task kind. */
static gboolean
p_block (Reader *r, void *target, const KeyDef *k)
{
  VsTask *t = target;
  if (r->block != NULL)
    return fail (r, EV_MARK (r), "a task has one of 'dma', 'dpu', 'shave', not both '%s' and '%s'",
                 r->block, k->key);
  r->block = k->key;
  r->block_mark = EV_MARK (r);
  spec_defaults (t, (VsTaskKind) k->min);
  return parse_mapping (r, k->aux, &t->spec, NULL);
}

static gboolean
p_kind (Reader *r, void *target, const KeyDef *k)
{
  r->kind_mark = EV_MARK (r);
  return p_enum (r, target, k);
}

/* --- top-level items --- */

static const KeyDef queue_keys[] = {
  { "id", p_id, offsetof (VsQueue, id), 0, 0, NULL, TRUE },
  { "engine", p_enum, offsetof (VsQueue, engine), 0, 0, engine_names, TRUE },
  { "tile", p_int32, offsetof (VsQueue, tile), 0, 63, NULL, FALSE },
  { "port", p_int32, offsetof (VsQueue, port), 0, 63, NULL, FALSE },
  { "channel", p_channel, offsetof (VsQueue, channel), 0, 63, NULL, FALSE },
  { "servers", p_int32, offsetof (VsQueue, servers), 1, 64, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef queue_map = { "a queue", queue_keys };

static gboolean
queue_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  VsQueue q;
  memset (&q, 0, sizeof q);
  q.tile = q.port = q.channel = -1;
  q.servers = 0;                /* default filled in once the device is known */
  Mark start;
  if (r->s->queues->len >= VS_SCHEDULE_MAX_QUEUES)
    return fail (r, EV_MARK (r), "more than %u queues", VS_SCHEDULE_MAX_QUEUES);
  if (!parse_mapping (r, &queue_map, &q, &start) ||
      !define_id (r, REF_QUEUE, q.id, r->s->queues->len, r->id_mark, r->queue_marks))
    return FALSE;
  g_array_append_val (r->s->queues, q);
  g_array_append_val (r->queue_marks, start);
  (void) target;
  (void) k;
  (void) i;
  return TRUE;
}

static gboolean
buffer_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  TensorParse tp;
  tensor_parse_init (&tp);
  Mark start;
  gint32 index;
  if (!parse_mapping (r, &buffer_map, &tp, &start) || !tensor_finish (r, &tp) ||
      !define_id (r, REF_BUFFER, tp.t.id, r->s->buffers->len, r->id_mark, r->buffer_marks))
    return FALSE;
  (void) target;
  (void) k;
  (void) i;
  return append_buffer (r, &tp.t, start, &index);
}

static const KeyDef barrier_keys[] = {
  { "id", p_id, offsetof (VsBarrier, id), 0, 0, NULL, TRUE },
  { "pid", p_int32, offsetof (VsBarrier, pid), 0, 65535, NULL, FALSE },
  { "start", p_bool, offsetof (VsBarrier, is_start), 0, 0, NULL, FALSE },
  { "final", p_bool, offsetof (VsBarrier, is_final), 0, 0, NULL, FALSE },
  { "producers", p_int32, offsetof (VsBarrier, declared_producers), 0, G_MAXINT32, NULL, FALSE },
  { "consumers", p_int32, offsetof (VsBarrier, declared_consumers), 0, G_MAXINT32, NULL, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef barrier_map = { "a barrier", barrier_keys };

static gboolean
barrier_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  VsBarrier b;
  memset (&b, 0, sizeof b);
  b.pid = b.declared_producers = b.declared_consumers = -1;
  Mark start;
  if (r->s->barriers->len >= VS_SCHEDULE_MAX_BARRIERS)
    return fail (r, EV_MARK (r), "more than %u barriers", VS_SCHEDULE_MAX_BARRIERS);
  if (!parse_mapping (r, &barrier_map, &b, &start) ||
      !define_id (r, REF_BARRIER, b.id, r->s->barriers->len, r->id_mark, r->barrier_marks))
    return FALSE;
  g_array_append_val (r->s->barriers, b);
  g_array_append_val (r->barrier_marks, start);
  (void) target;
  (void) k;
  (void) i;
  return TRUE;
}

static const KeyDef task_keys[] = {
  { "id", p_id, offsetof (VsTask, id), 0, 0, NULL, TRUE },
  { "queue", p_queue_ref, 0, 0, 0, NULL, TRUE },
  { "kind", p_kind, offsetof (VsTask, kind), 0, 0, kind_names, TRUE },
  { "name", p_string, offsetof (VsTask, name), 0, 0, NULL, FALSE },
  { "layer", p_string, offsetof (VsTask, layer), 0, 0, NULL, FALSE },
  { "waits", p_refs, offsetof (VsTask, first_wait), 0, 0, GINT_TO_POINTER (REF_BARRIER), FALSE },
  { "updates", p_refs, offsetof (VsTask, first_update), 0, 0, GINT_TO_POINTER (REF_BARRIER),
    FALSE },
  { "after", p_refs, offsetof (VsTask, first_after), 0, 0, GINT_TO_POINTER (REF_TASK), FALSE },
  { "enqueue", p_refs, offsetof (VsTask, first_enqueue), 0, 0, GINT_TO_POINTER (REF_BARRIER),
    FALSE },
  { "cost", p_cost, offsetof (VsTask, cost), 0, 0, NULL, FALSE },
  { "dma", p_block, 0, VS_TASK_DMA, 0, &dma_map, FALSE },
  { "dpu", p_block, 0, VS_TASK_DPU, 0, &dpu_map, FALSE },
  { "shave", p_block, 0, VS_TASK_SHAVE, 0, &shave_map, FALSE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef task_map = { "a task", task_keys };

static const char *
block_for_kind (VsTaskKind kind)
{
  switch (kind) {
  case VS_TASK_DMA: return "dma";
  case VS_TASK_DPU: return "dpu";
  case VS_TASK_SHAVE: return "shave";
  default: return NULL;
  }
}

static gboolean
task_item (Reader *r, void *target, const KeyDef *k, guint i)
{
  VsTask t;
  memset (&t, 0, sizeof t);
  t.queue = -1;
  r->task = &t;
  r->task_index = r->s->tasks->len;
  r->block = NULL;
  Mark start = EV_MARK (r);
  if (r->s->tasks->len >= VS_SCHEDULE_MAX_TASKS)
    return fail (r, start, "more than %u tasks", VS_SCHEDULE_MAX_TASKS);
  if (!parse_mapping (r, &task_map, &t, &start))
    return FALSE;
  Mark id_mark = r->id_mark;
  const char *want = block_for_kind (t.kind);
  if (r->block != NULL && (want == NULL || strcmp (want, r->block) != 0))
    return fail (r, r->block_mark, "task '%s': a '%s' block does not fit a %s task", t.id,
                 r->block, vs_name_table_name (kind_names, t.kind));
  if (r->block == NULL)
    spec_defaults (&t, t.kind);
  t.line = start.line;
  if (!define_id (r, REF_TASK, t.id, r->s->tasks->len, id_mark, r->task_marks))
    return FALSE;
  g_array_append_val (r->s->tasks, t);
  TaskMarks tm = { start, r->kind_mark };
  g_array_append_val (r->task_marks, tm);
  r->task = NULL;
  (void) target;
  (void) k;
  (void) i;
  return TRUE;
}

#define LIST_PARSER(fn, item)                                                              \
  static gboolean fn (Reader *r, void *target, const KeyDef *k)                            \
  {                                                                                        \
    return parse_list (r, k, item, target);                                                \
  }
LIST_PARSER (p_queues, queue_item)
LIST_PARSER (p_buffers, buffer_item)
LIST_PARSER (p_barriers, barrier_item)
LIST_PARSER (p_tasks, task_item)

static gboolean
p_format (Reader *r, void *target, const KeyDef *k)
{
  if (!expect_scalar (r, k, "a scalar"))
    return FALSE;
  if (strcmp (scalar (r), "vpusim-schedule") != 0)
    return fail (r, EV_MARK (r), "format is '%s', expected 'vpusim-schedule'", scalar (r));
  (void) target;
  return TRUE;
}

static gboolean
p_version (Reader *r, void *target, const KeyDef *k)
{
  if (!expect_scalar (r, k, "a scalar"))
    return FALSE;
  if (strcmp (scalar (r), "1") != 0)
    return fail (r, EV_MARK (r), "unsupported schedule version '%s' (this vpusim reads version 1)",
                 scalar (r));
  (void) target;
  return TRUE;
}

/* A mapping of scalar keys to scalar values, handed to `add`. */
static gboolean
parse_scalar_map (Reader *r, const KeyDef *k, void (*add) (Reader *, const char *, const char *,
                                                          Mark, void *),
                  void *data, Mark *start)
{
  if (r->ev.type != YAML_MAPPING_START_EVENT)
    return fail (r, EV_MARK (r), "'%s' must be a mapping, not %s", k->key, event_kind (&r->ev));
  *start = EV_MARK (r);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (;;) {
    if (!next (r))
      return FALSE;
    if (r->ev.type == YAML_MAPPING_END_EVENT)
      return TRUE;
    if (r->ev.type != YAML_SCALAR_EVENT)
      return fail (r, EV_MARK (r), "expected a key in '%s', found %s", k->key,
                   event_kind (&r->ev));
    if (g_hash_table_size (seen) >= 10000)
      return fail (r, EV_MARK (r), "'%s' has more than 10000 keys", k->key);
    if (!g_hash_table_add (seen, g_strdup (scalar (r))))
      return fail (r, EV_MARK (r), "duplicate key '%s' in '%s'", scalar (r), k->key);
    char *key = g_strdup (scalar (r));
    if (!next (r)) {
      g_free (key);
      return FALSE;
    }
    if (r->ev.type != YAML_SCALAR_EVENT) {
      fail (r, EV_MARK (r), "'%s' in '%s' must be a scalar, not %s", key, k->key,
            event_kind (&r->ev));
      g_free (key);
      return FALSE;
    }
    add (r, key, scalar (r), EV_MARK (r), data);
    g_free (key);
  }
}

static void
add_source (Reader *r, const char *key, const char *value, Mark m, void *data)
{
  g_hash_table_insert (r->s->source, g_strdup (key), g_strdup (value));
  (void) m;
  (void) data;
}

static void
add_setting (Reader *r, const char *key, const char *value, Mark m, void *data)
{
  GArray *settings = data;
  VsDeviceSetting s = { vs_schedule_intern (r->s, key), vs_schedule_intern (r->s, value), m.line,
                        m.column };
  g_array_append_val (settings, s);
}

static gboolean
p_source (Reader *r, void *target, const KeyDef *k)
{
  Mark start;
  (void) target;
  return parse_scalar_map (r, k, add_source, NULL, &start);
}

static gboolean
p_device (Reader *r, void *target, const KeyDef *k)
{
  (void) target;
  if (r->ev.type == YAML_SCALAR_EVENT) {
    if (is_null (r))
      return fail (r, EV_MARK (r), "'device' must name a preset or give a mapping");
    r->device_mark = EV_MARK (r);
    add_setting (r, "preset", scalar (r), EV_MARK (r), r->device_settings);
    return TRUE;
  }
  return parse_scalar_map (r, k, add_setting, r->device_settings, &r->device_mark);
}

static gboolean
p_overrides (Reader *r, void *target, const KeyDef *k)
{
  Mark start;
  (void) target;
  return parse_scalar_map (r, k, add_setting, r->overrides, &start);
}

static const KeyDef top_keys[] = {
  { "format", p_format, 0, 0, 0, NULL, TRUE },
  { "version", p_version, 0, 0, 0, NULL, TRUE },
  { "source", p_source, 0, 0, 0, NULL, FALSE },
  { "device", p_device, 0, 0, 0, NULL, TRUE },
  { "overrides", p_overrides, 0, 0, 0, NULL, FALSE },
  { "queues", p_queues, 0, 0, 0, NULL, TRUE },
  { "buffers", p_buffers, 0, 0, 0, NULL, FALSE },
  { "barriers", p_barriers, 0, 0, 0, NULL, FALSE },
  { "tasks", p_tasks, 0, 0, 0, NULL, TRUE },
  { NULL, NULL, 0, 0, 0, NULL, FALSE },
};
static const MapDef top_map = { "a vpusim schedule", top_keys };

/* ------------------------------------------------------------------------ */
/* After the last event: device, defaults, references, consistency. */

static gboolean
build_device (Reader *r)
{
  VsSchedule *s = r->s;
  GError *inner = NULL;
  VsDeviceSetting *settings = (VsDeviceSetting *) (void *) r->device_settings->data;
  for (guint i = 0; i < r->device_settings->len; i++) {
    if (strcmp (settings[i].key, "preset") != 0)
      continue;
    /* A device file named relative to the schedule is found beside it, not
     * in whatever folder vpusim happens to run from. */
    const char *v = settings[i].value;
    gboolean is_path = strchr (v, '/') != NULL || g_str_has_suffix (v, ".yaml");
    if (is_path && !g_path_is_absolute (v) && !g_file_test (v, G_FILE_TEST_EXISTS)) {
      g_autofree char *dir = g_path_get_dirname (r->origin);
      g_autofree char *beside = g_build_filename (dir, v, NULL);
      if (g_file_test (beside, G_FILE_TEST_EXISTS))
        settings[i].value = vs_schedule_intern (s, beside);
    }
    s->device_preset = g_strdup (settings[i].value);
  }
  if (!vs_device_from_settings (&s->device, settings, r->device_settings->len, r->origin,
                                r->device_mark.line, r->device_mark.column, &inner)) {
    r->error = g_error_new_literal (VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID, inner->message);
    g_error_free (inner);
    return FALSE;
  }
  const VsDeviceSetting *o = (const VsDeviceSetting *) (void *) r->overrides->data;
  for (guint i = 0; i < r->overrides->len; i++)
    if (!vs_device_set_value (&s->device, o[i].key, o[i].value, &inner)) {
      Mark m = { o[i].line, o[i].column };
      invalid (r, m, "overrides: %s", inner->message);
      g_error_free (inner);
      return FALSE;
    }
  return TRUE;
}

static gint32
default_servers (const VsQueue *q, const VsDevice *d)
{
  if (q->engine == VS_ENGINE_SHAVE && q->channel < 0 && d->shave_fifo == VS_SHAVE_FIFO_PER_TILE)
    return MAX (1, d->shaves_per_tile);
  return 1;
}

static gboolean
finish_queues (Reader *r)
{
  const VsDevice *d = &r->s->device;
  for (guint i = 0; i < r->s->queues->len; i++) {
    VsQueue *q = vs_schedule_queue (r->s, i);
    Mark m = g_array_index (r->queue_marks, Mark, i);
    if (q->servers == 0)
      q->servers = default_servers (q, d);
    if ((q->engine == VS_ENGINE_DPU || q->engine == VS_ENGINE_SHAVE) && q->tile >= d->tiles)
      return invalid (r, m, "queue '%s': tile %d, but device '%s' has tiles: %d", q->id, q->tile,
                      d->name, d->tiles);
    if (q->engine == VS_ENGINE_SHAVE && d->shaves_per_tile > 0 && q->channel >= d->shaves_per_tile)
      return invalid (r, m, "queue '%s': SHAVE list %d, but device '%s' has shaves_per_tile: %d",
                      q->id, q->channel, d->name, d->shaves_per_tile);
    if (q->engine == VS_ENGINE_DMA && q->port >= d->dma_ports)
      return invalid (r, m, "queue '%s': port %d, but device '%s' has dma_ports: %d", q->id,
                      q->port, d->name, d->dma_ports);
    if (q->engine == VS_ENGINE_DMA && q->channel >= d->dma_channels)
      return invalid (r, m, "queue '%s': channel %d, but device '%s' has dma_channels: %d",
                      q->id, q->channel, d->name, d->dma_channels);
  }
  return TRUE;
}

static gboolean
resolve_refs (Reader *r)
{
  VsSchedule *s = r->s;
  for (guint i = 0; i < r->pending->len; i++) {
    const PendingRef *p = &g_array_index (r->pending, PendingRef, i);
    gpointer found = g_hash_table_lookup (r->ids[p->kind], p->name);
    if (found == NULL) {
      const VsTask *owner = vs_schedule_task (s, p->owner);
      return invalid (r, p->mark, "task '%s': '%s' names %s '%s', which is not defined",
                      owner->id, p->field, ref_kind_names[p->kind], p->name);
    }
    gint32 index = (gint32) (GPOINTER_TO_UINT (found) - 1);
    if (p->in_refs)
      g_array_index (s->refs, gint32, p->index) = index;
    else
      memcpy ((char *) vs_schedule_task (s, p->index) + p->offset, &index, sizeof index);
  }
  return TRUE;
}

static int
cmp_gint32 (const void *a, const void *b)
{
  gint32 x = *(const gint32 *) a, y = *(const gint32 *) b;
  return (x > y) - (x < y);
}

/* The first value listed twice in a ref range, or -1. */
static gint32
find_repeat (const VsSchedule *s, guint first, guint n)
{
  if (n < 2)
    return -1;
  gint32 *copy = g_memdup2 (&g_array_index (s->refs, gint32, first), n * sizeof (gint32));
  qsort (copy, n, sizeof (gint32), cmp_gint32);
  gint32 repeat = -1;
  for (guint i = 1; i < n && repeat < 0; i++)
    if (copy[i] == copy[i - 1])
      repeat = copy[i];
  g_free (copy);
  return repeat;
}

static gboolean
check_tasks (Reader *r)
{
  VsSchedule *s = r->s;
  const VsDevice *d = &s->device;
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    const TaskMarks *tm = &g_array_index (r->task_marks, TaskMarks, i);
    const VsQueue *q = vs_schedule_queue (s, t->queue);
    if (!vs_task_kind_fits_engine (t->kind, q->engine))
      return invalid (r, tm->kind, "task '%s': a %s task cannot go on %s queue '%s'", t->id,
                      vs_name_table_name (kind_names, t->kind), vs_name_table_name (engine_names, q->engine),
                      q->id);
    struct { const char *what; guint first, n; } lists[] = {
      { "waits", t->first_wait, t->n_waits },
      { "updates", t->first_update, t->n_updates },
      { "after", t->first_after, t->n_after },
    };
    for (guint l = 0; l < G_N_ELEMENTS (lists); l++) {
      gint32 rep = find_repeat (s, lists[l].first, lists[l].n);
      if (rep >= 0)
        return invalid (r, tm->start, "task '%s': '%s' lists '%s' twice", t->id, lists[l].what,
                        l < 2 ? vs_schedule_barrier (s, rep)->id : vs_schedule_task (s, rep)->id);
    }
    for (guint k = 0; k < t->n_after; k++)
      if ((guint) vs_schedule_ref (s, t->first_after + k) == i)
        return invalid (r, tm->start, "task '%s': lists itself in 'after'", t->id);
    if (t->kind == VS_TASK_DPU)
      for (guint v = 0; v < t->spec.dpu.n_variants; v++) {
        const VsDpuVariant *var = vs_schedule_variant (s, t->spec.dpu.first_variant + v);
        if (var->tile >= d->tiles)
          return invalid (r, tm->start, "task '%s': variant %u is on tile %d, but device '%s' "
                          "has tiles: %d", t->id, v, var->tile, d->name, d->tiles);
      }
  }
  return TRUE;
}

static gboolean
check_barriers (Reader *r)
{
  VsSchedule *s = r->s;
  for (guint b = 0; b < s->barriers->len; b++) {
    VsBarrier *bar = vs_schedule_barrier (s, b);
    bar->producers = bar->consumers = 0;
  }
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    for (guint k = 0; k < t->n_waits; k++)
      vs_schedule_barrier (s, vs_schedule_ref (s, t->first_wait + k))->consumers++;
    for (guint k = 0; k < t->n_updates; k++)
      vs_schedule_barrier (s, vs_schedule_ref (s, t->first_update + k))->producers++;
  }
  for (guint b = 0; b < s->barriers->len; b++) {
    const VsBarrier *bar = vs_schedule_barrier (s, b);
    Mark m = g_array_index (r->barrier_marks, Mark, b);
    if (bar->consumers > 0 && bar->producers == 0)
      return invalid (r, m, "barrier '%s' is waited on by %d task(s) but no task updates it",
                      bar->id, bar->consumers);
    if (bar->declared_producers >= 0 && bar->declared_producers != bar->producers)
      return invalid (r, m, "barrier '%s' declares %d producers but %d task(s) update it",
                      bar->id, bar->declared_producers, bar->producers);
    if (bar->declared_consumers >= 0 && bar->declared_consumers != bar->consumers)
      return invalid (r, m, "barrier '%s' declares %d consumers but %d task(s) wait on it",
                      bar->id, bar->declared_consumers, bar->consumers);
  }
  return TRUE;
}

static gboolean
read_document (Reader *r)
{
  Mark top;
  if (!next (r))
    return FALSE;               /* stream start */
  if (!next (r))
    return FALSE;
  if (r->ev.type != YAML_DOCUMENT_START_EVENT)
    return fail (r, EV_MARK (r), "empty file (expected a vpusim schedule)");
  if (!next (r) || !parse_mapping (r, &top_map, NULL, &top) || !next (r))
    return FALSE;
  if (r->ev.type != YAML_DOCUMENT_END_EVENT)
    return fail (r, EV_MARK (r), "expected the end of the schedule");
  if (!next (r))
    return FALSE;
  if (r->ev.type != YAML_STREAM_END_EVENT)
    return fail (r, EV_MARK (r), "a schedule file holds one YAML document");
  return build_device (r) && finish_queues (r) && resolve_refs (r) && check_tasks (r) &&
         check_barriers (r);
}

VsSchedule *
vs_schedule_read_from_data (const char *data, gsize length, const char *origin, GError **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  Reader r;
  memset (&r, 0, sizeof r);
  r.origin = origin != NULL ? origin : "<schedule>";
  r.data = data != NULL ? data : "";
  r.length = length;
  r.s = vs_schedule_new ();
  r.s->path = g_strdup (r.origin);
  for (int k = 0; k < REF_KIND_COUNT; k++)
    r.ids[k] = g_hash_table_new (g_str_hash, g_str_equal);
  r.queue_marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  r.barrier_marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  r.buffer_marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  r.task_marks = g_array_new (FALSE, FALSE, sizeof (TaskMarks));
  r.pending = g_array_new (FALSE, FALSE, sizeof (PendingRef));
  r.device_settings = g_array_new (FALSE, FALSE, sizeof (VsDeviceSetting));
  r.overrides = g_array_new (FALSE, FALSE, sizeof (VsDeviceSetting));
  yaml_parser_initialize (&r.parser);
  yaml_parser_set_input_string (&r.parser, (const unsigned char *) (data != NULL ? data : ""),
                                length);

  gboolean ok = read_document (&r);
  if (ok) {
    GError *inner = NULL;
    /* Everything it checks was checked above with positions; this is the
     * schedule module's own guard, kept so both agree. */
    if (!vs_schedule_validate (r.s, &inner)) {
      r.error = inner;
      ok = FALSE;
    }
  }

  if (r.have_ev)
    yaml_event_delete (&r.ev);
  yaml_parser_delete (&r.parser);
  for (int k = 0; k < REF_KIND_COUNT; k++)
    g_hash_table_unref (r.ids[k]);
  g_array_unref (r.queue_marks);
  g_array_unref (r.barrier_marks);
  g_array_unref (r.buffer_marks);
  g_array_unref (r.task_marks);
  g_array_unref (r.pending);
  g_array_unref (r.device_settings);
  g_array_unref (r.overrides);
  if (!ok) {
    g_propagate_error (error, r.error);
    vs_schedule_free (r.s);
    return NULL;
  }
  return r.s;
}

VsSchedule *
vs_schedule_read (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_autofree char *data = NULL;
  gsize length = 0;
  GError *inner = NULL;
  if (!vs_input_file_read (path, VS_SCHEDULE_MAX_FILE_BYTES, "a schedule", &data, &length, &inner)) {
    vs_input_file_error_into (error, inner, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_IO);
    return NULL;
  }
  return vs_schedule_read_from_data (data, length, path, error);
}

/* ------------------------------------------------------------------------ */
/* Writer. */

typedef struct {
  const VsSchedule *s;
  GString *out;
  GError *error;
} Writer;

static gboolean wfail (Writer *w, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
wfail (Writer *w, const char *format, ...)
{
  if (w->error != NULL)
    return FALSE;
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  w->error = g_error_new (VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_INVALID, "cannot write %s: %s",
                          w->s->path != NULL ? w->s->path : "schedule", msg);
  return FALSE;
}

/* YAML's printable set; anything else is escaped. */
static gboolean
yaml_printable (gunichar c)
{
  return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 ||
         (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

/* Plain when it cannot be mistaken for YAML syntax or for null; quoted otherwise. */
static gboolean
w_str (Writer *w, const char *s)
{
  if (s == NULL)
    return wfail (w, "a string is missing");   /* a reader's bug; never a crash */
  if (!g_utf8_validate (s, -1, NULL))
    return wfail (w, "a string is not valid UTF-8");
  gboolean plain = *s != '\0' && *s != '-' && strcmp (s, "null") != 0 &&
                   strcmp (s, "Null") != 0 && strcmp (s, "NULL") != 0;
  for (const char *p = s; plain && *p != '\0'; p++)
    plain = g_ascii_isalnum (*p) || strchr ("_./+-", *p) != NULL;
  if (plain) {
    g_string_append (w->out, s);
    return TRUE;
  }
  g_string_append_c (w->out, '"');
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (c == '"' || c == '\\')
      g_string_append_printf (w->out, "\\%c", (char) c);
    else if (c == '\n')
      g_string_append (w->out, "\\n");
    else if (c == '\t')
      g_string_append (w->out, "\\t");
    else if (!yaml_printable (c) || c == '\r' || c == 0x85)
      g_string_append_printf (w->out, c <= 0xFFFF ? "\\u%04X" : "\\U%08X", c);
    else
      g_string_append_len (w->out, p, g_utf8_next_char (p) - p);
  }
  g_string_append_c (w->out, '"');
  return TRUE;
}

static gboolean
w_double (Writer *w, double v)
{
  if (!isfinite (v))
    return wfail (w, "a number is not finite");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int precision = 15; precision <= 17; precision++) {
    char fmt[8];
    g_snprintf (fmt, sizeof fmt, "%%.%dg", precision);
    g_ascii_formatd (buf, sizeof buf, fmt, v);
    if (g_ascii_strtod (buf, NULL) == v)
      break;
  }
  g_string_append (w->out, buf);
  return TRUE;
}

/* Shortest text that reads back as the same float. */
static gboolean
w_float (Writer *w, float v)
{
  if (!isfinite (v))
    return wfail (w, "a number is not finite");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int precision = 6; precision <= 9; precision++) {
    char fmt[8];
    g_snprintf (fmt, sizeof fmt, "%%.%dg", precision);
    g_ascii_formatd (buf, sizeof buf, fmt, v);
    if ((float) g_ascii_strtod (buf, NULL) == v)
      break;
  }
  g_string_append (w->out, buf);
  return TRUE;
}

static gboolean
w_enum (Writer *w, const EnumName *table, int value, const char *what)
{
  const char *name = vs_name_table_name (table, value);
  if (name == NULL)
    return wfail (w, "%s %d has no name", what, value);
  g_string_append (w->out, name);
  return TRUE;
}

/* ", key: " between flow-mapping entries. */
static void
w_key (Writer *w, gboolean *first, const char *key)
{
  g_string_append_printf (w->out, "%s%s: ", *first ? "" : ", ", key);
  *first = FALSE;
}

static void
w_int_list (Writer *w, const gint64 *v, int n)
{
  g_string_append_c (w->out, '[');
  for (int i = 0; i < n; i++)
    g_string_append_printf (w->out, "%s%" G_GINT64_FORMAT, i ? ", " : "", v[i]);
  g_string_append_c (w->out, ']');
}

static void
w_int32_list (Writer *w, const gint32 *v, int n)
{
  gint64 wide[4];
  for (int i = 0; i < n; i++)
    wide[i] = v[i];
  w_int_list (w, wide, n);
}

/* The keys of a tensor, without braces. */
static gboolean
w_tensor_body (Writer *w, const VsTensor *t, gboolean with_id)
{
  gboolean first = TRUE;
  if (with_id) {
    w_key (w, &first, "id");
    if (!w_str (w, t->id))
      return FALSE;
  }
  if (t->name != NULL) {
    w_key (w, &first, "name");
    if (!w_str (w, t->name))
      return FALSE;
  }
  w_key (w, &first, "memory");
  if (!w_enum (w, memory_names, t->memory, "memory"))
    return FALSE;
  if (t->tile_mask != 0) {
    gint64 tiles[64];
    int n = 0;
    for (int i = 0; i < 64; i++)
      if (t->tile_mask & (G_GUINT64_CONSTANT (1) << i))
        tiles[n++] = i;
    w_key (w, &first, "tiles");
    w_int_list (w, tiles, n);
  }
  if (t->offset >= 0) {
    w_key (w, &first, "offset");
    g_string_append_printf (w->out, "%" G_GINT64_FORMAT, t->offset);
  }
  if (t->rank < 1 || t->rank > VS_MAX_RANK)
    return wfail (w, "tensor of rank %d", t->rank);
  w_key (w, &first, "shape");
  w_int_list (w, t->shape, t->rank);
  if (t->has_strides) {
    w_key (w, &first, "strides");
    w_int_list (w, t->strides, t->rank);
  }
  w_key (w, &first, "dtype");
  if (!w_enum (w, dtype_names, t->dtype, "dtype"))
    return FALSE;
  if (t->layout != VS_LAYOUT_ZMAJOR) {
    w_key (w, &first, "layout");
    if (!w_enum (w, layout_names, t->layout, "layout"))
      return FALSE;
  }
  if (t->sparse) {
    w_key (w, &first, "sparse");
    g_string_append (w->out, "true");
  }
  if (t->swizzling != VS_SWIZZLING_KEY_0) {
    w_key (w, &first, "swizzling");
    if (!w_enum (w, swizzling_names, t->swizzling, "swizzling"))
      return FALSE;
  }
  return TRUE;
}

static gboolean
w_tensor_ref (Writer *w, VsTensorRef ref)
{
  const VsTensor *t = vs_schedule_tensor (w->s, ref);
  if (t == NULL)
    return wfail (w, "tensor reference %d out of range", ref);
  if (t->id != NULL) {
    g_string_append (w->out, "{buffer: ");
    if (!w_str (w, t->id))
      return FALSE;
    g_string_append_c (w->out, '}');
    return TRUE;
  }
  g_string_append_c (w->out, '{');
  if (!w_tensor_body (w, t, FALSE))
    return FALSE;
  g_string_append_c (w->out, '}');
  return TRUE;
}

static gboolean
w_cost (Writer *w, const VsGivenCost *c)
{
  g_string_append_printf (w->out, "{%s: ", c->in_ns ? "ns" : "cycles");
  if (!w_double (w, c->value))
    return FALSE;
  if (c->source != VS_COST_SOURCE_MANUAL) {
    g_string_append (w->out, ", source: ");
    if (!w_enum (w, cost_source_names, c->source, "cost source"))
      return FALSE;
  }
  g_string_append_c (w->out, '}');
  return TRUE;
}

static void
w_pad (Writer *w, const gint32 pad[4])
{
  g_string_append_printf (w->out, "{top: %d, bottom: %d, left: %d, right: %d}", pad[0], pad[1],
                          pad[2], pad[3]);
}

static gboolean
w_ref_list (Writer *w, const char *key, guint first, guint n, gboolean tasks)
{
  if (n == 0)
    return TRUE;
  if ((guint64) first + n > w->s->refs->len)
    return wfail (w, "'%s' list out of range", key);
  g_string_append_printf (w->out, "    %s: [", key);
  for (guint i = 0; i < n; i++) {
    gint32 ref = vs_schedule_ref (w->s, first + i);
    guint limit = tasks ? w->s->tasks->len : w->s->barriers->len;
    if (ref < 0 || (guint) ref >= limit)
      return wfail (w, "'%s' refers to %s %d, which does not exist", key,
                    tasks ? "task" : "barrier", ref);
    if (i > 0)
      g_string_append (w->out, ", ");
    if (!w_str (w, tasks ? vs_schedule_task (w->s, ref)->id : vs_schedule_barrier (w->s, ref)->id))
      return FALSE;
  }
  g_string_append (w->out, "]\n");
  return TRUE;
}

static gboolean
w_device (Writer *w)
{
  const VsDevice *d = &w->s->device;
  VsDevice base;
  gboolean have_base = FALSE;
  if (w->s->device_preset != NULL)
    have_base = vs_device_load (&base, w->s->device_preset, NULL);
  GString *body = g_string_new (NULL);
  for (const char *const *key = vs_device_keys (); *key != NULL; key++) {
    g_autofree char *value = vs_device_get (d, *key);
    if (have_base) {
      g_autofree char *was = vs_device_get (&base, *key);
      if (strcmp (value, was) == 0)
        continue;
    }
    g_string_append_printf (body, "  %s: ", *key);
    GString *saved = w->out;
    w->out = body;
    gboolean ok = w_str (w, value);
    w->out = saved;
    if (!ok) {
      g_string_free (body, TRUE);
      return FALSE;
    }
    g_string_append_c (body, '\n');
  }
  if (have_base && body->len == 0) {
    g_string_append (w->out, "device: ");
    w_str (w, w->s->device_preset);
    g_string_append_c (w->out, '\n');
  } else {
    g_string_append (w->out, "device:\n");
    if (have_base) {
      g_string_append (w->out, "  preset: ");
      w_str (w, w->s->device_preset);
      g_string_append_c (w->out, '\n');
    }
    g_string_append_len (w->out, body->str, body->len);
  }
  g_string_free (body, TRUE);
  return TRUE;
}

static gboolean
check_ids (Writer *w, const char *what, GArray *array, gsize elem_size, gboolean allow_null)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < array->len; i++) {
    /* Every element struct starts with its `const char *id`. */
    const char *id = *(const char *const *) (void *) (array->data + i * elem_size);
    if (id == NULL) {
      if (allow_null)
        continue;
      return wfail (w, "%s %u has no id", what, i);
    }
    if (*id == '\0')
      return wfail (w, "%s %u has an empty id", what, i);
    if (!g_hash_table_add (seen, (gpointer) id))
      return wfail (w, "two %ss have the id '%s'", what, id);
  }
  return TRUE;
}

static gboolean
w_queue (Writer *w, const VsQueue *q)
{
  gboolean first = TRUE;
  g_string_append (w->out, "  - {");
  w_key (w, &first, "id");
  if (!w_str (w, q->id))
    return FALSE;
  w_key (w, &first, "engine");
  if (!w_enum (w, engine_names, q->engine, "engine"))
    return FALSE;
  if (q->tile >= 0) {
    w_key (w, &first, "tile");
    g_string_append_printf (w->out, "%d", q->tile);
  }
  if (q->port >= 0) {
    w_key (w, &first, "port");
    g_string_append_printf (w->out, "%d", q->port);
  }
  if (q->channel >= 0) {
    w_key (w, &first, "channel");
    if (q->engine == VS_ENGINE_DMA && q->channel <= 1)
      g_string_append (w->out, vs_name_table_name (channel_names, q->channel));
    else
      g_string_append_printf (w->out, "%d", q->channel);
  }
  if (q->servers != default_servers (q, &w->s->device)) {
    w_key (w, &first, "servers");
    g_string_append_printf (w->out, "%d", q->servers);
  }
  g_string_append (w->out, "}\n");
  return TRUE;
}

static gboolean
w_barrier (Writer *w, const VsBarrier *b)
{
  gboolean first = TRUE;
  g_string_append (w->out, "  - {");
  w_key (w, &first, "id");
  if (!w_str (w, b->id))
    return FALSE;
  if (b->pid >= 0) {
    w_key (w, &first, "pid");
    g_string_append_printf (w->out, "%d", b->pid);
  }
  if (b->is_start) {
    w_key (w, &first, "start");
    g_string_append (w->out, "true");
  }
  if (b->is_final) {
    w_key (w, &first, "final");
    g_string_append (w->out, "true");
  }
  if (b->declared_producers >= 0) {
    w_key (w, &first, "producers");
    g_string_append_printf (w->out, "%d", b->declared_producers);
  }
  if (b->declared_consumers >= 0) {
    w_key (w, &first, "consumers");
    g_string_append_printf (w->out, "%d", b->declared_consumers);
  }
  g_string_append (w->out, "}\n");
  return TRUE;
}

static gboolean
w_variant (Writer *w, const VsDpuVariant *v)
{
  g_string_append (w->out, "        - {out_start: ");
  w_int32_list (w, v->out_start, 3);
  g_string_append (w->out, ", out_end: ");
  w_int32_list (w, v->out_end, 3);
  gint32 pad[4] = { v->pad_top, v->pad_bottom, v->pad_left, v->pad_right };
  if (pad[0] || pad[1] || pad[2] || pad[3]) {
    g_string_append (w->out, ", pad: ");
    w_pad (w, pad);
  }
  g_string_append (w->out, ", mpe_mode: ");
  if (!w_enum (w, mpe_names, v->mpe_mode, "mpe_mode"))
    return FALSE;
  if (v->tile >= 0)
    g_string_append_printf (w->out, ", tile: %d", v->tile);
  if (v->has_in) {
    g_string_append (w->out, ", in_start: ");
    w_int32_list (w, v->in_start, 3);
    g_string_append (w->out, ", in_end: ");
    w_int32_list (w, v->in_end, 3);
  }
  if (v->cost.source != VS_COST_SOURCE_NONE) {
    g_string_append (w->out, ", cost: ");
    if (!w_cost (w, &v->cost))
      return FALSE;
  }
  g_string_append (w->out, "}\n");
  return TRUE;
}

static gboolean
w_dpu (Writer *w, const VsDpuSpec *d)
{
  g_string_append (w->out, "    dpu:\n      op: ");
  if (!w_enum (w, op_names, d->op, "DPU operation"))
    return FALSE;
  g_string_append_c (w->out, '\n');
  if (d->kernel_w != 1 || d->kernel_h != 1)
    g_string_append_printf (w->out, "      kernel: [%d, %d]\n", d->kernel_w, d->kernel_h);
  if (d->stride_w != 1 || d->stride_h != 1)
    g_string_append_printf (w->out, "      strides: [%d, %d]\n", d->stride_w, d->stride_h);
  gint32 pad[4] = { d->pad_top, d->pad_bottom, d->pad_left, d->pad_right };
  if (pad[0] || pad[1] || pad[2] || pad[3]) {
    g_string_append (w->out, "      pad: ");
    w_pad (w, pad);
    g_string_append_c (w->out, '\n');
  }
  struct { const char *key; VsTensorRef ref; } tensors[] = {
    { "input", d->input }, { "weights", d->weights }, { "output", d->output },
  };
  for (guint i = 0; i < G_N_ELEMENTS (tensors); i++) {
    if (tensors[i].ref < 0)
      continue;
    g_string_append_printf (w->out, "      %s: ", tensors[i].key);
    if (!w_tensor_ref (w, tensors[i].ref))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (d->activation != VS_ACT_NONE) {
    g_string_append (w->out, "      activation: ");
    if (!w_enum (w, activation_names, d->activation, "activation"))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (d->act_sparsity != 0) {
    g_string_append (w->out, "      act_sparsity: ");
    if (!w_float (w, d->act_sparsity))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (d->weight_sparsity != 0) {
    g_string_append (w->out, "      weight_sparsity: ");
    if (!w_float (w, d->weight_sparsity))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (d->weight_sparsity_enabled)
    g_string_append (w->out, "      weight_sparsity_enabled: true\n");
  if (d->isi_strategy != VS_ISI_CLUSTERING) {
    g_string_append (w->out, "      isi_strategy: ");
    if (!w_enum (w, isi_names, d->isi_strategy, "isi_strategy"))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (d->output_write_tiles != 1)
    g_string_append_printf (w->out, "      output_write_tiles: %d\n", d->output_write_tiles);
  if (d->n_variants > 0) {
    if ((guint64) d->first_variant + d->n_variants > w->s->variants->len)
      return wfail (w, "variant list out of range");
    g_string_append (w->out, "      variants:\n");
    for (guint v = 0; v < d->n_variants; v++)
      if (!w_variant (w, vs_schedule_variant (w->s, d->first_variant + v)))
        return FALSE;
  }
  return TRUE;
}

static gboolean
w_dma (Writer *w, const VsDmaSpec *d)
{
  if (d->op == NULL && d->src < 0 && d->dst < 0 && d->bytes == 0 && !d->out_of_order)
    return TRUE;
  gboolean first = TRUE;
  g_string_append (w->out, "    dma: {");
  if (d->op != NULL) {
    w_key (w, &first, "op");
    if (!w_str (w, d->op))
      return FALSE;
  }
  if (d->src >= 0) {
    w_key (w, &first, "src");
    if (!w_tensor_ref (w, d->src))
      return FALSE;
  }
  if (d->dst >= 0) {
    w_key (w, &first, "dst");
    if (!w_tensor_ref (w, d->dst))
      return FALSE;
  }
  if (d->bytes != 0) {
    w_key (w, &first, "bytes");
    g_string_append_printf (w->out, "%" G_GINT64_FORMAT, d->bytes);
  }
  if (d->out_of_order) {
    w_key (w, &first, "out_of_order");
    g_string_append (w->out, "true");
  }
  g_string_append (w->out, "}\n");
  return TRUE;
}

static gboolean
w_tensor_list (Writer *w, const char *key, const VsTensorRef *refs, guint n)
{
  if (n > VS_SHAVE_MAX_ARGS)
    return wfail (w, "more than %d SHAVE %s", VS_SHAVE_MAX_ARGS, key);
  g_string_append_printf (w->out, ", %s: [", key);
  for (guint i = 0; i < n; i++) {
    if (i > 0)
      g_string_append (w->out, ", ");
    if (refs[i] < 0)
      g_string_append (w->out, "null");
    else if (!w_tensor_ref (w, refs[i]))
      return FALSE;
  }
  g_string_append_c (w->out, ']');
  return TRUE;
}

static gboolean
w_shave (Writer *w, const VsShaveSpec *sh)
{
  if (sh->kernel == NULL)
    return sh->runs == 1 && sh->n_inputs == 0 && sh->n_outputs == 0
             ? TRUE : wfail (w, "a SHAVE task with tensors or runs but no kernel");
  g_string_append (w->out, "    shave: {kernel: ");
  if (!w_str (w, sh->kernel))
    return FALSE;
  if (sh->runs != 1)
    g_string_append_printf (w->out, ", runs: %d", sh->runs);
  if (sh->n_inputs > 0 && !w_tensor_list (w, "inputs", sh->inputs, sh->n_inputs))
    return FALSE;
  if (sh->n_outputs > 0 && !w_tensor_list (w, "outputs", sh->outputs, sh->n_outputs))
    return FALSE;
  g_string_append (w->out, "}\n");
  return TRUE;
}

static gboolean
w_task (Writer *w, const VsTask *t)
{
  const VsSchedule *s = w->s;
  if (t->queue < 0 || (guint) t->queue >= s->queues->len)
    return wfail (w, "task '%s' has no queue", t->id);
  g_string_append (w->out, "  - id: ");
  if (!w_str (w, t->id))
    return FALSE;
  g_string_append (w->out, "\n    queue: ");
  if (!w_str (w, vs_schedule_queue (s, t->queue)->id))
    return FALSE;
  g_string_append (w->out, "\n    kind: ");
  if (!w_enum (w, kind_names, t->kind, "task kind"))
    return FALSE;
  g_string_append_c (w->out, '\n');
  if (t->name != NULL) {
    g_string_append (w->out, "    name: ");
    if (!w_str (w, t->name))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (t->layer != NULL) {
    g_string_append (w->out, "    layer: ");
    if (!w_str (w, t->layer))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  if (!w_ref_list (w, "waits", t->first_wait, t->n_waits, FALSE) ||
      !w_ref_list (w, "updates", t->first_update, t->n_updates, FALSE) ||
      !w_ref_list (w, "after", t->first_after, t->n_after, TRUE) ||
      !w_ref_list (w, "enqueue", t->first_enqueue, t->n_enqueue, FALSE))
    return FALSE;
  if (t->cost.source != VS_COST_SOURCE_NONE) {
    g_string_append (w->out, "    cost: ");
    if (!w_cost (w, &t->cost))
      return FALSE;
    g_string_append_c (w->out, '\n');
  }
  switch (t->kind) {
  case VS_TASK_DMA: return w_dma (w, &t->spec.dma);
  case VS_TASK_DPU: return w_dpu (w, &t->spec.dpu);
  case VS_TASK_SHAVE: return w_shave (w, &t->spec.shave);
  default: return TRUE;
  }
}

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
write_all (Writer *w)
{
  const VsSchedule *s = w->s;
  if (!check_ids (w, "queue", s->queues, sizeof (VsQueue), FALSE) ||
      !check_ids (w, "buffer", s->buffers, sizeof (VsTensor), TRUE) ||
      !check_ids (w, "barrier", s->barriers, sizeof (VsBarrier), FALSE) ||
      !check_ids (w, "task", s->tasks, sizeof (VsTask), FALSE))
    return FALSE;

  g_string_append (w->out, "format: vpusim-schedule\nversion: 1\n");
  if (g_hash_table_size (s->source) > 0) {
    /* Sorted: hash order must not reach the output. */
    guint n;
    g_autofree gpointer *keys = g_hash_table_get_keys_as_array (s->source, &n);
    qsort (keys, n, sizeof (gpointer), cmp_str);
    g_string_append (w->out, "source:\n");
    for (guint i = 0; i < n; i++) {
      g_string_append (w->out, "  ");
      if (!w_str (w, keys[i]))
        return FALSE;
      g_string_append (w->out, ": ");
      if (!w_str (w, g_hash_table_lookup (s->source, keys[i])))
        return FALSE;
      g_string_append_c (w->out, '\n');
    }
  }
  if (!w_device (w))
    return FALSE;

  g_string_append (w->out, s->queues->len ? "queues:\n" : "queues: []\n");
  for (guint i = 0; i < s->queues->len; i++)
    if (!w_queue (w, vs_schedule_queue (s, i)))
      return FALSE;

  gboolean any_named = FALSE;
  for (guint i = 0; i < s->buffers->len && !any_named; i++)
    any_named = vs_schedule_buffer (s, i)->id != NULL;
  if (any_named) {
    g_string_append (w->out, "buffers:\n");
    for (guint i = 0; i < s->buffers->len; i++) {
      const VsTensor *t = vs_schedule_buffer (s, i);
      if (t->id == NULL)
        continue;
      g_string_append (w->out, "  - {");
      if (!w_tensor_body (w, t, TRUE))
        return FALSE;
      g_string_append (w->out, "}\n");
    }
  }

  if (s->barriers->len > 0) {
    g_string_append (w->out, "barriers:\n");
    for (guint i = 0; i < s->barriers->len; i++)
      if (!w_barrier (w, vs_schedule_barrier (s, i)))
        return FALSE;
  }

  g_string_append (w->out, s->tasks->len ? "tasks:\n" : "tasks: []\n");
  for (guint i = 0; i < s->tasks->len; i++)
    if (!w_task (w, vs_schedule_task (s, i)))
      return FALSE;
  return TRUE;
}

gboolean
vs_schedule_write (const VsSchedule *schedule, GString *out, GError **error)
{
  g_return_val_if_fail (schedule != NULL && out != NULL, FALSE);
  Writer w = { schedule, g_string_new (NULL), NULL };
  gboolean ok = write_all (&w);
  if (ok)
    g_string_append_len (out, w.out->str, w.out->len);
  else
    g_propagate_error (error, w.error);
  g_string_free (w.out, TRUE);
  return ok;
}

gboolean
vs_schedule_write_file (const VsSchedule *schedule, const char *path, GError **error)
{
  g_return_val_if_fail (schedule != NULL && path != NULL, FALSE);
  g_autoptr (GString) out = g_string_new (NULL);
  if (!vs_schedule_write (schedule, out, error))
    return FALSE;
  GError *inner = NULL;
  /* g_file_set_contents writes a temporary file beside `path` and renames it. */
  if (!g_file_set_contents_full (path, out->str, (gssize) out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, &inner)) {
    g_set_error (error, VS_SCHEDULE_ERROR, VS_SCHEDULE_ERROR_IO, "%s", inner->message);
    g_error_free (inner);
    return FALSE;
  }
  return TRUE;
}
