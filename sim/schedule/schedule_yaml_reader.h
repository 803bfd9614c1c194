/* SPDX-License-Identifier: Apache-2.0 */
/* schedule_yaml_reader.h — internal to the schedule YAML reader
 * (schedule_yaml_parser.c, schedule_yaml_read.c, schedule_yaml_check.c);
 * not an API.
 *
 * The reader walks libyaml events (no document tree, so memory stays linear
 * in the schedule).  Each mapping of the format is described by a MapDef: a
 * table of KeyDefs, one per key, each naming the function that parses its
 * value into a field of the target struct.  The `sy_` functions are the
 * generic part (errors with positions, events, mappings, lists, scalars);
 * schedule_yaml_read.c holds the tables of the format and the item parsers;
 * schedule_yaml_check.c what is checked once the whole file is read.
 *
 * Errors: the first error is kept in Reader.error as "origin:line:column:
 * message" (1-based); every parser returns FALSE once one is set.
 */
#ifndef VS_SCHEDULE_YAML_READER_H
#define VS_SCHEDULE_YAML_READER_H

#include <glib.h>
#include <yaml.h>

#include "hw/yaml_events.h"

#include "sim/schedule/schedule.h"
#include "sim/schedule/schedule_names.h"
#include "sim/schedule/schedule_yaml.h"

G_BEGIN_DECLS

typedef VsYamlMark Mark;

typedef enum { REF_QUEUE, REF_BUFFER, REF_BARRIER, REF_TASK, REF_KIND_COUNT } RefKind;

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
  VsYamlEvents y;               /* y.event is the current event */
  const char *origin;
  VsSchedule *s;
  GError *error;

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


typedef struct KeyDef KeyDef;
typedef gboolean (*ParseFn) (Reader *r, void *target, const KeyDef *k);

struct KeyDef {
  const char *key;
  ParseFn parse;
  gsize offset;                 /* into the target struct */
  double min, max;              /* numbers: inclusive range */
  const void *aux;              /* VsNameEntry table, nested MapDef, RefKind... */
  gboolean required;
};

typedef struct {
  const char *what;             /* "a task" */
  const KeyDef *keys;           /* NULL-terminated, at most 64 */
} MapDef;


#define FIELD(target, k, type) ((type *) (void *) ((char *) (target) + (k)->offset))


/* A list of integers being read (sy_int_item's target). */
typedef struct {
  gint64 *values;
  guint max, n;
} IntList;

#define EV_MARK(r) vs_yaml_events_mark (&(r)->y)
const char *sy_ref_kind_name (RefKind kind);

/* Record the error (VS_SCHEDULE_ERROR_PARSE, or _INVALID for a well-formed
 * file that describes something impossible) unless one is already set; both
 * return FALSE. */
gboolean    sy_fail (Reader *r, Mark m, const char *format, ...) G_GNUC_PRINTF (3, 4);
gboolean    sy_invalid (Reader *r, Mark m, const char *format, ...) G_GNUC_PRINTF (3, 4);

/* The next event becomes current; refuses aliases, scalars over
 * VS_SCHEDULE_MAX_STRING bytes or with NULs, nesting deeper than
 * VS_SCHEDULE_MAX_DEPTH (hw/yaml_events.h). */
gboolean    sy_next (Reader *r);
const char *sy_scalar (Reader *r);
gboolean    sy_is_null (Reader *r);
gboolean    sy_expect_scalar (Reader *r, const KeyDef *k, const char *what);

/* A mapping whose first event is current; on return the current event is its
 * end.  *seen_out gets one bit per key row present. */
gboolean    sy_parse_mapping_seen (Reader *r, const MapDef *m, void *target, guint64 *seen_out,
                                   Mark *start);
gboolean    sy_check_required (Reader *r, const MapDef *m, guint64 seen, Mark start);
/* Both of the above. */
gboolean    sy_parse_mapping (Reader *r, const MapDef *m, void *target, Mark *start);
/* Calls `item` with each element's first event current; null is an empty list. */
gboolean    sy_parse_list (Reader *r, const KeyDef *k,
                           gboolean (*item) (Reader *, void *, const KeyDef *, guint), void *target);

/* Value parsers (ParseFn): the field at k->offset of `target`, numbers in
 * [k->min, k->max]. */
gboolean    sy_parse_int (Reader *r, const KeyDef *k, gint64 *out);
gboolean    sy_int32 (Reader *r, void *target, const KeyDef *k);
gboolean    sy_int64 (Reader *r, void *target, const KeyDef *k);
gboolean    sy_double (Reader *r, void *target, const KeyDef *k);
gboolean    sy_float (Reader *r, void *target, const KeyDef *k);
gboolean    sy_bool (Reader *r, void *target, const KeyDef *k);
gboolean    sy_string (Reader *r, void *target, const KeyDef *k);   /* null stays NULL */
gboolean    sy_id (Reader *r, void *target, const KeyDef *k);       /* non-empty; sets id_mark */
gboolean    sy_enum (Reader *r, void *target, const KeyDef *k);     /* k->aux: a name table */
gboolean    sy_int_item (Reader *r, void *target, const KeyDef *k, guint i); /* IntList */
/* Exactly GPOINTER_TO_UINT (k->aux) gint32 values ([w, h] or [x, y, z]). */
gboolean    sy_int32_tuple (Reader *r, void *target, const KeyDef *k);

/* A task's tensor: a buffer id, or a tensor given in place (a buffer is
 * added for it); ids are resolved once the file is read. */
gboolean    sy_tensor_ref (Reader *r, void *target, const KeyDef *k);
/* A `cost: {cycles: N | ns: T, source: ...}` given in the file. */
gboolean    sy_cost (Reader *r, void *target, const KeyDef *k);
/* The keys of a task's `dpu` block (schedule_yaml_dpu.c). */
extern const MapDef sy_dpu_map;

/* Once the whole file is read: the device and its overrides, queue defaults,
 * references, task and barrier consistency (schedule_yaml_check.c). */
gboolean    sy_check_schedule (Reader *r);

G_END_DECLS

#endif /* VS_SCHEDULE_YAML_READER_H */
