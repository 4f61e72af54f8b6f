/* parse_tree.c - the plan tree while it is parsed: element codes, elements
 * printed twice and merged, and the passes that need the whole document
 * (bare codes, list objectives, orphans, empty elements); the model keeps
 * the nesting.
 */
#include <stdlib.h>
#include <string.h>

#include "parse_internal.h"
#include "util.h"

/* ---- codes ---- */

/* A rule's code group as a code: "1.1.-" -> "1.1", " I " -> "I", "01" ->
 * "1": letters and digits (numbers without leading zeros) and inner dots
 * only.  Returns a new string or NULL when nothing is left. */
char *parse_tree_code_clean(const char *raw)
{
    if (!raw)
        return NULL;
    GString *out = g_string_new(NULL);
    for (const char *s = raw; *s; s++) {
        bool leading_zero = *s == '0' && g_ascii_isdigit(s[1]) &&
                            (out->len == 0 || out->str[out->len - 1] == '.');
        if (g_ascii_isalnum(*s) && !leading_zero)
            g_string_append_c(out, *s);
        else if (*s == '.' && out->len && g_ascii_isalnum(s[1]))
            g_string_append_c(out, '.');
    }
    if (out->len == 0) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}

int parse_tree_code_value(const char *code)
{
    if (!code || !*code)
        return 0;
    if (g_ascii_isdigit(code[0]))
        return strchr(code, '.') ? 0 : atoi(code);
    return util_roman_value(code);
}

/* The code of the parent level: "1.2.3" -> "1.2"; NULL for "1". */
static char *code_parent(const char *code)
{
    const char *dot = code ? strrchr(code, '.') : NULL;
    return dot ? g_strndup(code, (gsize)(dot - code)) : NULL;
}

/* The nearest existing node whose code is a proper prefix of CODE. */
poa_node *parse_tree_code_find_parent(parser *p, const char *code)
{
    char *c = code_parent(code);
    poa_node *found = NULL;
    while (c && !found) {
        found = g_hash_table_lookup(p->by_code, c);
        char *up = code_parent(c);
        g_free(c);
        c = up;
    }
    g_free(c);
    return found;
}

void parse_tree_code_register(parser *p, poa_node *node)
{
    if (node->code)
        g_hash_table_insert(p->by_code, g_strdup(node->code), node);
}

/* ---- repeats ---- */

/* Two texts of one element printed twice: equal, or one cut short where a
 * page break fell inside the row. */
static bool texts_repeat(const char *a, const char *b)
{
    return strcmp(a, b) == 0 || (*a && g_str_has_prefix(b, a)) || (*b && g_str_has_prefix(a, b));
}

void parse_tree_twins_add(parser *p, poa_node *node)
{
    if (!node->code)
        return;
    GPtrArray *same = g_hash_table_lookup(p->twins, node->code);
    if (!same) {
        same = g_ptr_array_new();
        g_hash_table_insert(p->twins, g_strdup(node->code), same);
    }
    g_ptr_array_add(same, node);
}

/* Forget NODE and its subtree, about to be freed. */
static void twins_forget(parser *p, poa_node *node)
{
    for (guint i = 0; i < node->children->len; i++)
        twins_forget(p, g_ptr_array_index(node->children, i));
    GPtrArray *same = node->code ? g_hash_table_lookup(p->twins, node->code) : NULL;
    if (same)
        g_ptr_array_remove(same, node);
}

/* The child of PARENT other than NODE with NODE's code and a repeated
 * text; the first among its siblings when there are more.  Only the nodes
 * of NODE's code are looked at (p->twins): a plan with thousands of
 * elements under one parent is read in linear time, not quadratic. */
poa_node *parse_tree_twin(parser *p, const poa_node *parent, const poa_node *node)
{
    GPtrArray *same = node->code ? g_hash_table_lookup(p->twins, node->code) : NULL;
    poa_node *found = NULL;
    guint found_at = 0;
    for (guint i = 0; same && i < same->len; i++) {
        poa_node *o = g_ptr_array_index(same, i);
        if (o == node || o->parent != parent || !texts_repeat(o->text, node->text))
            continue;
        guint at = model_node_index(o); /* rare: only a twin is placed */
        if (!found || at < found_at)
            found = o, found_at = at;
    }
    return found;
}

poa_node *parse_tree_reprinted(parser *p, const poa_node *parent, const poa_node *node)
{
    GPtrArray *same = node->code ? g_hash_table_lookup(p->twins, node->code) : NULL;
    for (guint i = 0; same && i < same->len; i++) {
        poa_node *o = g_ptr_array_index(same, i);
        if (o != node && o->parent == parent && o->kind == node->kind && *o->text)
            return o;
    }
    return NULL;
}

/* Move CHILD under HEIR, merging it into a twin already there. */
static void node_adopt(parser *p, poa_node *heir, poa_node *child)
{
    poa_node *twin = parse_tree_twin(p, heir, child);
    model_node_place(heir, child);
    if (twin)
        parse_tree_remove(p, child, twin);
}

/* Remove NODE from the tree.  Its children move to HEIR (the node it
 * repeats, which keeps the longer text) when given, else are freed with
 * it; no stream keeps a pointer to it. */
void parse_tree_remove(parser *p, poa_node *node, poa_node *heir)
{
    if (heir && strlen(node->text) > strlen(heir->text))
        model_node_take_text(heir, g_strdup(node->text));
    while (heir && node->children->len)
        node_adopt(p, heir, model_node_detach(g_ptr_array_index(node->children, 0)));
    g_hash_table_remove(p->weak, node);
    if (node->code && g_hash_table_lookup(p->by_code, node->code) == node) {
        g_hash_table_remove(p->by_code, node->code);
        if (heir)
            parse_tree_code_register(p, heir);
    }
    for (guint i = 0; i < p->streams->len; i++) {
        stream *st = g_ptr_array_index(p->streams, i);
        if (st->cur_obj == node)
            st->cur_obj = heir;
        if (st->cur_eje == node)
            st->cur_eje = heir;
        if (st->node == node) {
            st->node = NULL;
            st->unit = UNIT_IGNORE;
        }
    }
    twins_forget(p, node);
    g_ptr_array_remove(node->parent->children, node); /* frees it */
}

/* ---- finishing ---- */

/* Is NODE two levels deep at least (a child with children), or over a
 * labelled strategy? */
static bool over_two_levels(const poa_node *node)
{
    for (guint i = 0; i < node->children->len; i++) {
        const poa_node *c = g_ptr_array_index(node->children, i);
        if (c->children->len || c->kind == POA_NODE_ESTRATEGIA)
            return true;
    }
    return false;
}

/* The levels of the open nodes under NODE (NODE included) into LEVELS,
 * from the top down, the tree unchanged: one without children is a line
 * ("1.1.1.1.-" in the right column); the first on its path with two levels
 * below it (or a labelled strategy under it) and no objective or strategy
 * above (UNDER_OBJECTIVE) is an objective ("1.1" of an eje, over "1.1.1"
 * over "1.1.1.1"); any other a strategy ("1.1.1.-" in the left column). */
static void decide_levels(poa_node *node, bool under_objective, GHashTable *levels)
{
    poa_node_kind kind = node->kind;
    if (node->level_open) {
        kind = !node->children->len                          ? POA_NODE_LINEA
               : !under_objective && over_two_levels(node) ? POA_NODE_OBJETIVO
                                                             : POA_NODE_ESTRATEGIA;
        g_hash_table_insert(levels, node, GINT_TO_POINTER(kind));
    }
    /* (a strategy counts: an objective is never below one) */
    bool holds = kind == POA_NODE_OBJETIVO || kind == POA_NODE_ESTRATEGIA;
    for (guint i = 0; i < node->children->len; i++)
        decide_levels(g_ptr_array_index(node->children, i), under_objective || holds, levels);
}

/* The labelled objective NODE, a weak one, stands for: the first of its
 * code not weak; NULL when none. */
static poa_node *strong_twin(parser *p, const poa_node *node)
{
    GPtrArray *same = node->code ? g_hash_table_lookup(p->twins, node->code) : NULL;
    for (guint i = 0; same && i < same->len; i++) {
        poa_node *o = g_ptr_array_index(same, i);
        if (o != node && o->kind == node->kind && !g_hash_table_contains(p->weak, o))
            return o;
    }
    return NULL;
}

/* List objectives ("OBJETIVOS ESPECÍFICOS 1.-6." of an introduction) yield
 * to labelled ones ("OBJETIVO 1.1.- ..."): drop the childless weak ones.
 * A labelled one printed without its text (a heading "Objetivo 1" over
 * its lines) takes the listed one's. */
static void drop_weak_objectives(parser *p)
{
    if (!p->strong_objectives)
        return;
    GList *weak = g_hash_table_get_keys(p->weak);
    for (GList *l = weak; l; l = l->next) {
        poa_node *node = l->data;
        if (node->children->len == 0) {
            poa_node *twin = strong_twin(p, node);
            parse_tree_remove(p, node, twin && !*twin->text ? twin : NULL);
            p->recognised--;
        }
    }
    g_list_free(weak);
}

/* Numeric comparison of codes: "1.10" after "1.9". */
static int code_compare(const char *a, const char *b)
{
    while (*a && *b) {
        char *ea = NULL, *eb = NULL;
        long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
        if (ea == a || eb == b)
            return strcmp(a, b);
        if (x != y)
            return x < y ? -1 : 1;
        a = *ea == '.' ? ea + 1 : ea;
        b = *eb == '.' ? eb + 1 : eb;
    }
    return (*a != 0) - (*b != 0);
}

bool parse_tree_numbering_went_back(const poa_node *parent, const poa_node *node)
{
    /* from the last: a list's codes rise, so a larger one is near the end */
    for (guint i = parent->children->len; node->code && i-- > 0;) {
        const poa_node *c = g_ptr_array_index(parent->children, i);
        if (c != node && c->code && code_compare(c->code, node->code) > 0)
            return true;
    }
    return false;
}

/* Insert CHILD (unlinked; PARENT can hold it) into PARENT before the
 * first sibling with a larger code. */
static void node_insert_sorted(poa_node *parent, poa_node *child)
{
    guint at = parent->children->len;
    for (guint i = 0; i < parent->children->len; i++) {
        const poa_node *s = g_ptr_array_index(parent->children, i);
        if (s->code && code_compare(child->code, s->code) < 0) {
            at = i;
            break;
        }
    }
    model_node_insert(parent, at, child);
}

/* Number of components of a code ("1.2.3": 3); 0 for none or a roman eje. */
static int code_depth(const char *code)
{
    if (!code || !g_ascii_isdigit(code[0]))
        return 0;
    int n = 1;
    for (; *code; code++)
        n += *code == '.';
    return n;
}

static bool is_ancestor(const poa_node *a, const poa_node *n)
{
    for (; n; n = n->parent)
        if (n == a)
            return true;
    return false;
}

/* Items read before the element their code names (extraction order is not
 * always reading order: a right-hand cell before its left-hand strategy)
 * move under it once the whole tree is known. */
static void rehome_orphans(parser *p)
{
    GPtrArray *all = g_ptr_array_new();
    model_node_collect(p->report->plan, all);
    for (guint i = 0; i < all->len; i++) {
        poa_node *n = g_ptr_array_index(all, i);
        if (n->kind == POA_NODE_EJE || n->kind == POA_NODE_OBJETIVO || !n->code ||
            !strchr(n->code, '.'))
            continue;
        poa_node *parent = parse_tree_code_find_parent(p, n->code);
        if (!parent || parent == n->parent || is_ancestor(n, parent) ||
            code_depth(parent->code) <= code_depth(n->parent->code) ||
            !model_node_fits(parent, n)) /* an open level holds any */
            continue; /* only ever move to a closer match of the code that can hold it */
        node_insert_sorted(parent, model_node_detach(n));
    }
    g_ptr_array_unref(all);
}

/* An element whose number was printed without any text (a cell emptied by
 * extraction), or with a calendar's marks alone ("T1" over "X X"), says
 * nothing: drop it unless it holds others. */
static void drop_empty(parser *p, poa_node *node)
{
    for (guint i = node->children->len; i-- > 0;) {
        poa_node *c = g_ptr_array_index(node->children, i);
        drop_empty(p, c);
        if (util_marks_only(c->text) && c->children->len == 0)
            parse_tree_remove(p, c, NULL);
    }
}

/* Resolve what needed the whole tree, in this order: orphans, list
 * objectives, bare codes, empty elements.  The nesting needs no pass of
 * its own: the model's functions keep it at every step. */
void parse_tree_finish(parser *p)
{
    rehome_orphans(p);
    drop_weak_objectives(p);
    GHashTable *levels = g_hash_table_new(g_direct_hash, g_direct_equal);
    decide_levels(p->report->plan, false, levels);
    model_settle_levels(p->report->plan, levels);
    g_hash_table_unref(levels);
    drop_empty(p, p->report->plan); /* last: a lifted element can leave a number without text */
}
