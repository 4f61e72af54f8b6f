/* outline_codes.c - step 2 of the outline: lettered codes grouped into
 * schemes ("OEI" with one number, "AEI" with two, "E-O-L"), each scheme's
 * parent, the families that are this plan's, and the level of each. */
#include <stdlib.h>
#include <string.h>

#include "lines.h"
#include "outline_internal.h"
#include "util.h"

/* The numbers of KEY ("AEI1.2" -> "1.2"). */
const char *outline_key_numbers(const char *key)
{
    return key + strcspn(key, "0123456789");
}



void outline_scheme_free(gpointer data)
{
    scheme_info *s = data;
    if (!s)
        return;
    g_hash_table_unref(s->keys);
    g_hash_table_unref(s->numbers);
    g_array_unref(s->at);
    g_free(s->letters);
    g_free(s->parent);
    g_free(s);
}

/* The key of KEY's parent: "E1-O2-L3" -> "E1-O2", "AEI1.2" -> "1" (the
 * numbers; any prefix may carry them), NULL at the top. */
char *outline_parent_key(const char *key)
{
    const char *dash = strrchr(key, '-');
    if (dash)
        return g_strndup(key, (gsize)(dash - key));
    const char *dot = strrchr(key, '.');
    if (!dot)
        return NULL;
    const char *digits = key + strcspn(key, "0123456789");
    return g_strndup(digits, (gsize)(dot - digits));
}


/* The schemes of lettered codes with two codes or more, FODA's letters aside. */
GHashTable *outline_collect_schemes(GPtrArray *entries)
{
    GHashTable *schemes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, outline_scheme_free);
    for (guint i = 0; i < entries->len; i++) {
        const entry *e = g_ptr_array_index(entries, i);
        if (e->mark != MARK_CODE)
            continue;
        scheme_info *s = g_hash_table_lookup(schemes, e->scheme);
        if (!s) {
            s = g_new0(scheme_info, 1);
            s->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
            s->numbers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
            s->letters = g_strdup(e->letters);
            s->at = g_array_new(FALSE, FALSE, sizeof(guint));
            s->roman = e->roman;
            g_hash_table_insert(schemes, g_strdup(e->scheme), s);
        }
        g_array_append_val(s->at, i);
        g_hash_table_add(s->keys, g_strdup(e->key));
        g_hash_table_add(s->numbers, g_strdup(outline_key_numbers(e->key)));
    }
    static const char *const foda[] = { "F/1", "D/1", "O/1", "A/1" };
    int foda_letters = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(foda); i++)
        foda_letters += g_hash_table_contains(schemes, foda[i]);
    if (foda_letters >= 2)
        for (size_t i = 0; i < G_N_ELEMENTS(foda); i++)
            g_hash_table_remove(schemes, foda[i]);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, schemes);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (g_hash_table_size(((scheme_info *)v)->keys) < 2)
            g_hash_table_iter_remove(&it);
    return schemes;
}

/* Letters A and B share at their ends: "AEI" and "OEI" 2, "AES" and "OEI" 0.
 * Codes of one plan are built alike ("OEI.01" over "AEI 01.01"), those of
 * another plan it cites alike too ("OES.03" over "AES 03.01"). */
static int shared_ends(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), n = 0, m = 0;
    while (n < la && n < lb && a[la - 1 - n] == b[lb - 1 - n])
        n++;
    while (m < la && m < lb && a[m] == b[m])
        m++;
    return (int)(n + m);
}

/* Of the schemes other than NAME, the one holding most of the parents of
 * NAME's codes (by numbers, or by parts), or NULL; between equals, the
 * one whose letters are most like NAME's. */
static char *find_parent_scheme(GHashTable *schemes, const char *name, const scheme_info *s)
{
    char *best = NULL;
    guint best_hits = 0;
    int best_like = -1;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, schemes);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (strcmp(k, name) == 0)
            continue;
        const scheme_info *t = v;
        guint hits = 0;
        GHashTableIter ki;
        gpointer key;
        g_hash_table_iter_init(&ki, s->keys);
        while (g_hash_table_iter_next(&ki, &key, NULL)) {
            char *pk = outline_parent_key(key);
            if (!pk)
                continue;
            bool dashed = strchr(key, '-') != NULL;
            hits += g_hash_table_contains(dashed ? t->keys : t->numbers, pk);
            g_free(pk);
        }
        int like = shared_ends(s->letters, t->letters);
        if (hits > best_hits || (hits && hits == best_hits && like > best_like))
            best_hits = hits, best = k, best_like = like;
    }
    return best ? g_strdup(best) : NULL;
}

static int scheme_depth(GHashTable *schemes, const scheme_info *s, int guard)
{
    if (!s->parent || guard > 8)
        return 1;
    const scheme_info *p = g_hash_table_lookup(schemes, s->parent);
    return p ? 1 + scheme_depth(schemes, p, guard + 1) : 1;
}

poa_node_kind outline_named_level(rule_matcher *m, const char *letters)
{
    static const struct { rule_kind rule; poa_node_kind kind; } levels[] = {
        { RK_LEVEL_EJE, POA_NODE_EJE }, { RK_LEVEL_OBJETIVO, POA_NODE_OBJETIVO },
        { RK_LEVEL_ESTRATEGIA, POA_NODE_ESTRATEGIA }, { RK_LEVEL_LINEA, POA_NODE_LINEA },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(levels); i++)
        if (rules_match_kind(m, levels[i].rule, letters, NULL))
            return levels[i].kind;
    return POA_NODE_ROOT;
}

/* The level of depth D (1-based) in a plan of MAX levels, when no letters
 * name it: one level is objectives, two objectives and their lines, three
 * adds ejes above, four strategies between. */
static poa_node_kind level_by_depth(int d, int max)
{
    static const poa_node_kind by_max[4][4] = {
        { POA_NODE_OBJETIVO },
        { POA_NODE_OBJETIVO, POA_NODE_LINEA },
        { POA_NODE_EJE, POA_NODE_OBJETIVO, POA_NODE_LINEA },
        { POA_NODE_EJE, POA_NODE_OBJETIVO, POA_NODE_ESTRATEGIA, POA_NODE_LINEA },
    };
    if (max > 4)
        max = 4;
    if (d > max)
        d = max;
    return by_max[max - 1][d - 1];
}

/* Number the families of schemes (a scheme and those its codes extend)
 * and drop every family much smaller than the largest: the codes of
 * another plan the document cites (a sector's "OES.03" in an alignment
 * table) are not this plan. */
static void keep_main_family(GHashTable *schemes)
{
    GHashTable *size = g_hash_table_new(g_direct_hash, g_direct_equal); /* top -> keys */
    GHashTableIter it;
    gpointer k, v;
    guint largest = 0;
    g_hash_table_iter_init(&it, schemes);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        gpointer top = k, found;
        const scheme_info *s = v;
        for (int guard = 0; s && s->parent && guard < 8; guard++)
            if (g_hash_table_lookup_extended(schemes, s->parent, &found, (gpointer *)&s))
                top = found; /* the table's own copy of the name: one pointer a family */
        guint n = GPOINTER_TO_UINT(g_hash_table_lookup(size, top)) +
                  g_hash_table_size(((scheme_info *)v)->keys);
        g_hash_table_insert(size, top, GUINT_TO_POINTER(n));
        ((scheme_info *)v)->family = top;
        largest = MAX(largest, n);
    }
    GPtrArray *drop = g_ptr_array_new_with_free_func(g_free);
    g_hash_table_iter_init(&it, schemes);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        guint n = GPOINTER_TO_UINT(g_hash_table_lookup(size, ((scheme_info *)v)->family));
        if (n * 2 < largest)
            g_ptr_array_add(drop, g_strdup(k));
    }
    for (guint i = 0; i < drop->len; i++)
        g_hash_table_remove(schemes, g_ptr_array_index(drop, i));
    g_ptr_array_unref(drop);
    g_hash_table_unref(size);
}

/* The levels of a plan of MAX depths (1..4): of the ways to give each
 * depth a level, each below the one above, the one that most schemes'
 * letters agree with (by the nivel.* rules: "OG" objetivo, "ACT" línea);
 * between equals, the one that agrees at the shallowest depth, then the
 * usual one (level_by_depth).  VOTES[d][k]: schemes at depth d+1 whose
 * letters name level k. */
static void choose_levels(const int votes[4][POA_NODE_LINEA + 1], int max,
                          poa_node_kind out[4])
{
    int best = -1, best_first = 99;
    bool best_usual = false;
    for (unsigned set = 0; set < 16; set++) { /* which of the four levels the plan uses */
        poa_node_kind pick[4];
        int n = 0;
        for (int k = 0; k < 4; k++)
            if (set & (1u << k))
                pick[n < 4 ? n : 3] = (poa_node_kind)(POA_NODE_EJE + k), n++;
        if (n != max)
            continue;
        int agree = 0, first = 99;
        bool usual = true;
        for (int d = 0; d < max; d++) {
            agree += votes[d][pick[d]];
            if (votes[d][pick[d]] && first == 99)
                first = d;
            usual &= pick[d] == level_by_depth(d + 1, max);
        }
        if (agree > best || (agree == best && (first < best_first ||
                                                (first == best_first && usual && !best_usual)))) {
            best = agree, best_first = first, best_usual = usual;
            memcpy(out, pick, sizeof pick);
        }
    }
}

/* A scheme of one Roman level ("ANEXO I", "FASE II") is a section's
 * number unless another scheme's codes extend it ("OBJ I.1" under "EJE
 * I"): drop it then. */
static void drop_unextended_roman(GHashTable *schemes)
{
    GPtrArray *drop = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter it, jt;
    gpointer k, v, v2;
    g_hash_table_iter_init(&it, schemes);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (!((scheme_info *)v)->roman)
            continue;
        bool extended = false;
        g_hash_table_iter_init(&jt, schemes);
        while (g_hash_table_iter_next(&jt, NULL, &v2) && !extended)
            extended = g_strcmp0(((scheme_info *)v2)->parent, k) == 0;
        if (!extended)
            g_ptr_array_add(drop, g_strdup(k));
    }
    for (guint i = 0; i < drop->len; i++)
        g_hash_table_remove(schemes, g_ptr_array_index(drop, i));
    g_ptr_array_unref(drop);
}

/* Schemes compared for nesting by order at most: past it, by numbers only. */
#define ORDER_NEST_MAX_SCHEMES 64

/* Does a code of A stand between the first and the last code of B? */
static bool interleaves(const scheme_info *a, const scheme_info *b)
{
    guint first = g_array_index(b->at, guint, 0), last = g_array_index(b->at, guint, b->at->len - 1);
    for (guint k = 0; k < a->at->len; k++) {
        guint p = g_array_index(a->at, guint, k);
        if (p > first && p < last)
            return true;
    }
    return false;
}

/* A top scheme whose codes come in runs between the codes of a smaller
 * top scheme read first ("EE1" "OEM 1." "OEM 2." "EE2" "OEM 3."), its
 * numbering going on across them, nests under it by order: sections and
 * the elements printed in each. */
static void nest_by_order(GHashTable *schemes)
{
    if (g_hash_table_size(schemes) > ORDER_NEST_MAX_SCHEMES)
        return;
    GHashTableIter it, jt;
    gpointer k, v, k2, v2;
    g_hash_table_iter_init(&it, schemes);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        scheme_info *b = v;
        if (b->parent)
            continue;
        const char *best = NULL;
        guint best_first = 0;
        g_hash_table_iter_init(&jt, schemes);
        while (g_hash_table_iter_next(&jt, &k2, &v2)) {
            const scheme_info *a = v2;
            guint a_first = g_array_index(a->at, guint, 0);
            if (a == b || a->parent || a_first > g_array_index(b->at, guint, 0) ||
                g_hash_table_size(a->keys) >= g_hash_table_size(b->keys) || !interleaves(a, b))
                continue;
            if (!best || a_first > best_first)
                best = k2, best_first = a_first;
        }
        if (best) {
            b->parent = g_strdup(best);
            b->by_order = true;
        }
    }
}

/* Do lists numbered from one follow the codes of the deepest schemes (two
 * such lists or more)?  Then they are one more level of the plan. */
static bool lists_below(GHashTable *schemes, GPtrArray *entries, int max)
{
    int lists = 0;
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, schemes);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        const scheme_info *s = v;
        for (guint k = 0; k < s->at->len && s->depth == max; k++) {
            guint i = g_array_index(s->at, guint, k);
            for (guint j = i + 1; j < entries->len && j <= i + 3; j++) {
                const entry *e = g_ptr_array_index(entries, j);
                if (e->mark == MARK_CODE || e->label != RK_NONE || (e->flags & POA_LINE_CELL))
                    break; /* a table's cells say their own levels */
                if (e->mark >= MARK_ROMAN && e->value == 1) {
                    lists++;
                    break;
                }
            }
        }
    }
    return lists >= 2;
}

/* Each scheme's parent, the families kept, and each scheme's level: the
 * level of its depth, chosen from the letters of all (choose_levels). */
void outline_assign_levels(GHashTable *schemes, rule_matcher *m, GPtrArray *entries,
                           bool table_below)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, schemes);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        scheme_info *s = v;
        s->parent = find_parent_scheme(schemes, k, s);
    }
    drop_unextended_roman(schemes);
    nest_by_order(schemes);
    keep_main_family(schemes);
    g_hash_table_iter_init(&it, schemes);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        scheme_info *s = v;
        if (s->parent && !g_hash_table_contains(schemes, s->parent))
            g_clear_pointer(&s->parent, g_free);
    }
    int votes[4][POA_NODE_LINEA + 1] = { { 0 } }, max = 1;
    g_hash_table_iter_init(&it, schemes);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        scheme_info *s = v;
        s->depth = MIN(scheme_depth(schemes, s, 0), 4);
        max = MAX(max, s->depth);
        poa_node_kind named = outline_named_level(m, s->letters);
        if (named != POA_NODE_ROOT)
            votes[s->depth - 1][named]++;
    }
    /* lists under the deepest codes are a level below them */
    int levels = max < 4 && (table_below || lists_below(schemes, entries, max)) ? max + 1 : max;
    poa_node_kind level[4];
    for (int d = 0; d < 4; d++)
        level[d] = level_by_depth(d + 1, levels);
    choose_levels(votes, levels, level);
    g_hash_table_iter_init(&it, schemes);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        scheme_info *s = v;
        s->kind = level[s->depth - 1];
    }
}

