/* plan_asserts.h - assertions on a plan tree, shared by test_parse.c and
 * test_outline.c. */
#ifndef POA_PLAN_ASSERTS_H
#define POA_PLAN_ASSERTS_H

#include <string.h>

#include "model.h"
#include "testutil.h"

/* Child I of N; fails the test when N has fewer children. */
static inline const poa_node *child(const poa_node *n, guint i)
{
    if (i >= n->children->len)
        fail_msg("node %s has %u children, wanted #%u", n->code ? n->code : "(root)",
                 n->children->len, i);
    return g_ptr_array_index(n->children, i);
}

/* NODE is a KIND numbered CODE whose text is TEXT. */
static inline void expect_node(const poa_node *n, poa_node_kind kind, const char *code,
                               const char *text)
{
    if (n->kind != kind || g_strcmp0(n->code, code) != 0 || strcmp(n->text, text) != 0)
        fail_msg("got %s %s [%s], want %s %s [%s]", model_node_kind_name(n->kind),
                 n->code ? n->code : "-", n->text, model_node_kind_name(kind), code ? code : "-",
                 text);
}

#endif /* POA_PLAN_ASSERTS_H */
