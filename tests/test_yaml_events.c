/* SPDX-License-Identifier: Apache-2.0 */
/* test_yaml_events.c — hw/yaml_events: the positions of every kind of YAML
 * error, the refusals (aliases, long scalars, NULs) and the nesting limit on
 * 100 000-deep lists and mappings. */
#include <glib.h>
#include <string.h>

#include "hw/yaml_events.h"
#include "hw/yaml_tree.h"
#include "hw/yaml_write.h"

#define TEST_ERROR (g_quark_from_static_string ("test-yaml-error"))

/* vs_yaml_check over `text`: NULL when it passes, else the message. */
static char *
check_message (const char *text, gsize length, int max_depth, gsize max_scalar)
{
  GError *error = NULL;
  if (vs_yaml_check (text, length, "t.yaml", TEST_ERROR, 7, max_depth, max_scalar, &error))
    return NULL;
  g_assert_true (error->domain == TEST_ERROR);
  g_assert_cmpint (error->code, ==, 7);
  char *message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

static char *
nested (const char *open, const char *close, guint depth)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < depth; i++)
    g_string_append (s, open);
  g_string_append (s, "x");
  for (guint i = 0; i < depth; i++)
    g_string_append (s, close);
  return g_string_free (s, FALSE);
}

static void
test_depth (void)
{
  /* 100 000 lists: the 33rd bracket is refused. */
  g_autofree char *lists = nested ("[", "]", 100000);
  g_autofree char *m1 = check_message (lists, strlen (lists), VS_YAML_MAX_DEPTH, VS_YAML_MAX_SCALAR);
  g_assert_cmpstr (m1, ==, "t.yaml:1:33: nested deeper than 32 levels");
  /* 100 000 mappings, four characters a level: the 33rd '{' is at 1 + 32 * 4. */
  g_autofree char *maps = nested ("{a: ", "}", 100000);
  g_autofree char *m2 = check_message (maps, strlen (maps), VS_YAML_MAX_DEPTH, VS_YAML_MAX_SCALAR);
  g_assert_cmpstr (m2, ==, "t.yaml:1:129: nested deeper than 32 levels");
  /* Exactly the limit passes; one more does not. */
  g_autofree char *at = nested ("[", "]", 32);
  g_assert_null (check_message (at, strlen (at), 32, VS_YAML_MAX_SCALAR));
  g_autofree char *over = nested ("[", "]", 33);
  g_autofree char *m3 = check_message (over, strlen (over), 32, VS_YAML_MAX_SCALAR);
  g_assert_cmpstr (m3, ==, "t.yaml:1:33: nested deeper than 32 levels");
  /* Depth is nesting, not a count of collections: siblings do not add up. */
  GString *flat = g_string_new ("[");
  for (guint i = 0; i < 1000; i++)
    g_string_append (flat, "[1], ");
  g_string_append (flat, "[]]");
  g_assert_null (check_message (flat->str, flat->len, 2, VS_YAML_MAX_SCALAR));
  g_string_free (flat, TRUE);
}

static void
test_refusals (void)
{
  const char *alias = "a: &x 1\nb: *x\n";
  g_autofree char *m1 = check_message (alias, strlen (alias), 32, 100);
  g_assert_cmpstr (m1, ==, "t.yaml:2:4: YAML aliases (*x) are not supported in vpusim files");
  const char *longer = "a: 12345678901\n";
  g_autofree char *m2 = check_message (longer, strlen (longer), 32, 10);
  g_assert_cmpstr (m2, ==, "t.yaml:1:4: a scalar of 11 bytes is longer than the limit of 10");
  g_assert_null (check_message (longer, strlen (longer), 32, 11));
  const char *nul = "a: \"x\\0y\"\n";
  g_autofree char *m3 = check_message (nul, strlen (nul), 32, 100);
  g_assert_cmpstr (m3, ==, "t.yaml:1:4: a scalar contains a NUL character");
}

static void
test_positions (void)
{
  /* A parser error with its context and the context's position. */
  const char *unclosed = "a: [1, 2\nb: 3\n";
  g_autofree char *m1 = check_message (unclosed, strlen (unclosed), 32, 100);
  g_assert_true (g_str_has_prefix (m1, "t.yaml:2:2: did not find expected ',' or ']' "
                                   "(while parsing a flow sequence at 1:4)"));
  /* A reader error (bad UTF-8): libyaml gives a byte offset; the message
   * gives line and column in characters, and the byte. */
  const char *bad = "a: \xc3\xa9t\xc3\xa9\nb: \xff\n";
  g_autofree char *m2 = check_message (bad, strlen (bad), 32, 100);
  g_assert_cmpstr (m2, ==, "t.yaml:2:4: invalid leading UTF-8 octet (byte 0xff)");
  /* A scanner error without context. */
  const char *tab = "a:\n\tb: 1\n";
  g_autofree char *m3 = check_message (tab, strlen (tab), 32, 100);
  g_assert_true (g_str_has_prefix (m3, "t.yaml:2:1: "));
}

/* The event reader: marks of each event, the depth it tracks, and the
 * error helper's format. */
static void
test_events (void)
{
  const char *text = "a:\n  - [1, {b: 2}]\n";
  VsYamlEvents y;
  vs_yaml_events_init (&y, text, strlen (text), "e.yaml", TEST_ERROR, 1, 32, 100);
  GError *error = NULL;
  int deepest = 0;
  VsYamlMark b_mark = { 0, 0 };
  while (vs_yaml_events_next (&y, &error) && y.event.type != YAML_STREAM_END_EVENT) {
    deepest = MAX (deepest, y.depth);
    if (y.event.type == YAML_SCALAR_EVENT &&
        strcmp ((const char *) y.event.data.scalar.value, "b") == 0)
      b_mark = vs_yaml_events_mark (&y);
  }
  g_assert_no_error (error);
  g_assert_cmpint (y.depth, ==, 0);
  g_assert_cmpint (deepest, ==, 4);
  g_assert_cmpint (b_mark.line, ==, 2);
  g_assert_cmpint (b_mark.column, ==, 10);
  vs_yaml_set_error (&error, TEST_ERROR, 3, "e.yaml", b_mark, "key '%s' is odd", "b");
  g_assert_error (error, TEST_ERROR, 3);
  g_assert_cmpstr (error->message, ==, "e.yaml:2:10: key 'b' is odd");
  g_error_free (error);
  vs_yaml_events_clear (&y);
}

static gboolean
count_pair (VsYamlTree *t, const char *key, yaml_node_t *key_node, yaml_node_t *value,
            gpointer data)
{
  (void) t;
  (void) key;
  (void) key_node;
  (void) value;
  (*(guint *) data)++;
  return TRUE;
}

/* hw/yaml_tree: the document readers' walk. */
static void
test_tree (void)
{
  const char *text = "a: 1\nb: [x, y, z]\nc: ~\n";
  VsYamlTree t;
  GError *error = NULL;
  g_assert_true (vs_yaml_tree_load (&t, text, strlen (text), "t.yaml", TEST_ERROR, 5, "a test",
                                    &error));
  yaml_node_t *root = vs_yaml_tree_root (&t);
  guint pairs = 0;
  g_assert_true (vs_yaml_tree_each_pair (&t, root, "the file", count_pair, &pairs));
  g_assert_cmpuint (pairs, ==, 3);
  yaml_node_t *b = vs_yaml_tree_node (&t, root->data.mapping.pairs.start[1].value, &root->start_mark);
  g_autoptr(GPtrArray) items = vs_yaml_tree_items (&t, b, "b", 3);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_null (vs_yaml_tree_items (&t, b, "b", 2));
  g_assert_error (t.error, TEST_ERROR, 5);
  g_assert_cmpstr (t.error->message, ==, "t.yaml:2:4: 'b' has more than 2 entries");
  g_clear_error (&t.error);
  yaml_node_t *c = vs_yaml_tree_node (&t, root->data.mapping.pairs.start[2].value, &root->start_mark);
  g_assert_true (vs_yaml_node_is_null (c));
  g_assert_null (vs_yaml_tree_scalar (&t, c, "c"));
  g_assert_cmpstr (t.error->message, ==, "t.yaml:3:4: 'c' has no value");
  vs_yaml_tree_clear (&t);

  const char *twice = "a: 1\na: 2\n";
  g_assert_true (vs_yaml_tree_load (&t, twice, strlen (twice), "t.yaml", TEST_ERROR, 5, "a test",
                                    &error));
  g_assert_false (vs_yaml_tree_each_pair (&t, vs_yaml_tree_root (&t), "the file", count_pair,
                                          &pairs));
  g_assert_cmpstr (t.error->message, ==, "t.yaml:2:1: 'a' is given twice in the file");
  vs_yaml_tree_clear (&t);

  const char *two = "a: 1\n---\nb: 2\n";
  g_assert_false (vs_yaml_tree_load (&t, two, strlen (two), "t.yaml", TEST_ERROR, 5, "a test",
                                     &error));
  g_assert_cmpstr (error->message, ==, "t.yaml:2:1: a test holds one YAML document");
  g_clear_error (&error);
  vs_yaml_tree_clear (&t);
  g_autofree char *deep = nested ("[", "]", 100000);
  g_assert_false (vs_yaml_tree_load (&t, deep, strlen (deep), "t.yaml", TEST_ERROR, 5, "a test",
                                     &error));
  g_assert_cmpstr (error->message, ==, "t.yaml:1:33: nested deeper than 32 levels");
  g_clear_error (&error);
  vs_yaml_tree_clear (&t);
}

/* hw/yaml_write: plain where safe, quoted otherwise, and every string
 * reads back through libyaml as itself. */
static void
test_write_scalars (void)
{
  const char *const plain[] = { "t0", "dma.p0", "a/b+c-d_e", "NCE_1" };
  const char *const quoted[] = { "", "-x", "null", "NULL", "~", "yes", "No", "on", "OFF", "true",
                                 "a b", "a:b", "#x", "tab\there", "line\nbreak", "quote\"d",
                                 "back\\slash", "\x01" "ctl", "caf\xc3\xa9", "\xef\xbb\xbf" "bom",
                                 "nel\xc2\x85", "\xf0\x9f\x98\x80" };
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++) {
    g_autoptr(GString) out = g_string_new (NULL);
    g_assert_true (vs_yaml_append_scalar (out, plain[i]));
    g_assert_cmpstr (out->str, ==, plain[i]);
  }
  for (guint i = 0; i < G_N_ELEMENTS (quoted); i++) {
    g_autoptr(GString) out = g_string_new ("k: ");
    g_assert_true (vs_yaml_append_scalar (out, quoted[i]));
    g_assert_cmpint (out->str[3], ==, '"');
    g_string_append_c (out, '\n');
    /* read back */
    VsYamlEvents y;
    vs_yaml_events_init (&y, out->str, out->len, "w.yaml", TEST_ERROR, 1, 32, 1000);
    GError *error = NULL;
    g_autofree char *value = NULL;     /* copied: the event is freed by the next */
    guint scalars = 0;
    while (vs_yaml_events_next (&y, &error) && y.event.type != YAML_STREAM_END_EVENT)
      if (y.event.type == YAML_SCALAR_EVENT && scalars++ == 1)
        value = g_strdup ((const char *) y.event.data.scalar.value);
      else if (y.event.type == YAML_MAPPING_END_EVENT)
        break;
    g_assert_no_error (error);
    g_assert_cmpstr (value, ==, quoted[i]);
    vs_yaml_events_clear (&y);
  }
  g_autoptr(GString) bad = g_string_new (NULL);
  g_assert_false (vs_yaml_append_scalar (bad, "\xff"));
  g_assert_cmpuint (bad->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/yaml-events/depth", test_depth);
  g_test_add_func ("/yaml-events/refusals", test_refusals);
  g_test_add_func ("/yaml-events/positions", test_positions);
  g_test_add_func ("/yaml-events/events", test_events);
  g_test_add_func ("/yaml-events/tree", test_tree);
  g_test_add_func ("/yaml-events/write-scalars", test_write_scalars);
  return g_test_run ();
}
