/* test_model.c - the report tree (src/model.c): the nesting the schema
 * asks for (eje > objetivo > estrategia > línea) kept by the model's own
 * functions, as cmark's tree refuses a child its node cannot contain. */
#include <string.h>

#include "model.h"
#include "testutil.h"

static poa_node *node(poa_node_kind kind, const char *code)
{
    return model_node_new(kind, code, code);
}

static const poa_node *child(const poa_node *n, guint i)
{
    assert_true(i < n->children->len);
    return g_ptr_array_index(n->children, i);
}

static void test_can_contain_follows_the_schema(void **state)
{
    (void)state;
    assert_true(model_can_contain(POA_NODE_ROOT, POA_NODE_LINEA));
    assert_true(model_can_contain(POA_NODE_ROOT, POA_NODE_EJE));
    assert_false(model_can_contain(POA_NODE_ROOT, POA_NODE_ROOT));
    assert_true(model_can_contain(POA_NODE_EJE, POA_NODE_OBJETIVO));
    assert_true(model_can_contain(POA_NODE_OBJETIVO, POA_NODE_LINEA)); /* a level skipped */
    assert_false(model_can_contain(POA_NODE_ESTRATEGIA, POA_NODE_ESTRATEGIA));
    assert_false(model_can_contain(POA_NODE_ESTRATEGIA, POA_NODE_OBJETIVO));
    assert_false(model_can_contain(POA_NODE_LINEA, POA_NODE_LINEA));
}

/* A strategy under a line is refused, and nothing changes. */
static void test_append_refuses_what_the_schema_refuses(void **state)
{
    (void)state;
    poa_node *line = node(POA_NODE_LINEA, "1.1"), *s = node(POA_NODE_ESTRATEGIA, "1.1.1");
    assert_false(model_node_append(line, s));
    assert_int_equal(line->children->len, 0);
    assert_null(s->parent);
    assert_false(model_node_insert(line, 0, s));
    model_node_free(s);
    model_node_free(line);
}

/* Placed under a line, a strategy stands beside it, under the line's
 * objective; a line placed under the strategy stays there. */
static void test_place_climbs_to_a_holder(void **state)
{
    (void)state;
    poa_node *root = node(POA_NODE_ROOT, NULL), *o = node(POA_NODE_OBJETIVO, "1");
    poa_node *line = node(POA_NODE_LINEA, "1.1"), *s = node(POA_NODE_ESTRATEGIA, "1.1.1");
    poa_node *l2 = node(POA_NODE_LINEA, "1.1.1.1");
    assert_ptr_equal(model_node_place(root, o), root);
    assert_ptr_equal(model_node_place(o, line), o);
    assert_ptr_equal(model_node_place(line, s), o);
    assert_ptr_equal(model_node_place(s, l2), s);
    assert_ptr_equal(child(o, 1), s);
    assert_ptr_equal(s->parent, o);
    assert_ptr_equal(model_node_detach(l2), l2);
    assert_int_equal(s->children->len, 0);
    assert_null(l2->parent);
    model_node_free(l2);
    model_node_free(root);
}

/* A line whose level is open holds others until the plan is read; settled
 * as a strategy it keeps them, and children it cannot hold then move out
 * beside it, in their order. */
static void test_settled_levels_keep_the_nesting_in_order(void **state)
{
    (void)state;
    poa_node *root = node(POA_NODE_ROOT, NULL), *o = node(POA_NODE_OBJETIVO, "1");
    poa_node *s = node(POA_NODE_ESTRATEGIA, "1.1");
    poa_node *a = node(POA_NODE_LINEA, "1.1.1"), *b = node(POA_NODE_LINEA, "1.1.2");
    poa_node *l = node(POA_NODE_LINEA, "1.1.2.1"), *tail = node(POA_NODE_LINEA, "1.1.3");
    model_node_append(root, o);
    model_node_append(o, s);
    model_node_open_level(a);
    model_node_open_level(b);
    assert_true(model_node_append(s, a));
    assert_true(model_node_append(s, b));
    assert_true(model_node_append(b, l)); /* B's level is open: it holds a line */
    assert_true(model_node_append(s, tail));
    GHashTable *levels = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_hash_table_insert(levels, a, GINT_TO_POINTER(POA_NODE_ESTRATEGIA));
    g_hash_table_insert(levels, b, GINT_TO_POINTER(POA_NODE_ESTRATEGIA));
    model_settle_levels(root, levels);
    g_hash_table_unref(levels);
    /* two strategies cannot stand under a strategy: beside it, in order */
    assert_int_equal(o->children->len, 3);
    assert_ptr_equal(child(o, 0), s);
    assert_ptr_equal(child(o, 1), a);
    assert_ptr_equal(child(o, 2), b);
    assert_ptr_equal(child(b, 0), l);
    assert_ptr_equal(child(s, 0), tail);
    assert_false(a->level_open || b->level_open);
    model_node_free(root);
}

static void test_free_accepts_null(void **state)
{
    (void)state;
    model_node_free(NULL);
    model_report_free(NULL);
    poa_report_free(NULL);
    poa_report *r = model_report_new();
    assert_int_equal(r->plan->kind, POA_NODE_ROOT);
    model_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_can_contain_follows_the_schema),
        cmocka_unit_test(test_append_refuses_what_the_schema_refuses),
        cmocka_unit_test(test_place_climbs_to_a_holder),
        cmocka_unit_test(test_settled_levels_keep_the_nesting_in_order),
        cmocka_unit_test(test_free_accepts_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
