/* diff.c - the changes between two reports, and their text, JSON and page.
 *
 * Matching, strongest evidence first: elements of one kind with the same
 * code and words are one; the same words under another code, one
 * renumbered; the same code in other words, one reworded; of those left,
 * the pairs whose words are most alike (DIFF_ALIKE at least) are one
 * element renumbered and reworded; the rest were added or removed.  FODA items have no stable code (their number is
 * their place): they are matched by their words alone.
 */
#include "diff.h"

#include <json-glib/json-glib.h>
#include <libxml/tree.h>
#include <string.h>

#include "page.h"
#include "util.h"

/* Words this alike (Dice) are one element said again. */
#define DIFF_ALIKE 0.6
/* Pairs compared by their words at most (the unmatched of each side
 * multiplied): past it, what codes did not match is added or removed. */
#define DIFF_MAX_PAIRS 4000000

const char *diff_change_name(diff_change change)
{
    static const char *const names[] = {
        [DIFF_ADDED] = "agregado", [DIFF_REMOVED] = "eliminado",
        [DIFF_RENUMBERED] = "renumerado", [DIFF_REWORDED] = "redactado",
        [DIFF_CHANGED] = "cambiado",
    };
    return names[change];
}

static void entry_clear(gpointer p)
{
    diff_entry *e = p;
    g_free(e->old_code);
    g_free(e->new_code);
    g_free(e->old_text);
    g_free(e->new_text);
}

static void add_entry(GArray *out, diff_change change, const char *what, const char *old_code,
                      const char *old_text, const char *new_code, const char *new_text,
                      double similarity)
{
    diff_entry e = { change, what, g_strdup(old_code), g_strdup(new_code), g_strdup(old_text),
                     g_strdup(new_text), similarity };
    g_array_append_val(out, e);
}

/* ---- words ---- */

/* TEXT's words as a set (a hash table; g_hash_table_unref), folded and
 * without accents ("Información" is "informacion": writers drop them). */
static GHashTable *word_set(const char *text)
{
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char *plain = g_str_to_ascii(text ? text : "", "C");
    char **words = g_str_tokenize_and_fold(plain, "C", NULL);
    for (char **w = words; w && *w; w++)
        g_hash_table_add(set, g_strdup(*w));
    g_strfreev(words);
    g_free(plain);
    return set;
}

static double set_similarity(GHashTable *a, GHashTable *b)
{
    guint na = g_hash_table_size(a), nb = g_hash_table_size(b), common = 0;
    if (na + nb == 0)
        return 1.0;
    GHashTableIter it;
    gpointer word;
    g_hash_table_iter_init(&it, na <= nb ? a : b);
    while (g_hash_table_iter_next(&it, &word, NULL))
        common += g_hash_table_contains(na <= nb ? b : a, word);
    return 2.0 * common / (na + nb);
}

double diff_similarity(const char *a, const char *b)
{
    GHashTable *sa = word_set(a), *sb = word_set(b);
    double s = set_similarity(sa, sb);
    g_hash_table_unref(sa);
    g_hash_table_unref(sb);
    return s;
}

/* ---- matching ---- */

/* An element of one side: its code, text, and words once computed. */
typedef struct side_item {
    const char *what, *code, *text;
    GHashTable *words; /* owned, or NULL until asked */
    int match;         /* index on the other side, -1 none */
} side_item;

static GHashTable *item_words(side_item *it)
{
    if (!it->words)
        it->words = word_set(it->text);
    return it->words;
}

static void items_free(GArray *items)
{
    for (guint i = 0; i < items->len; i++) {
        side_item *it = &g_array_index(items, side_item, i);
        if (it->words)
            g_hash_table_unref(it->words);
    }
    g_array_free(items, TRUE);
}

/* What pairs two items in a pass of matching: a key of each (g_free), or
 * NULL for an item this pass does not pair. */
typedef char *(*item_key)(const side_item *it);

static char *key_code_and_text(const side_item *it)
{
    return g_strdup_printf("%s\x1f%s\x1f%s", it->what, it->code ? it->code : "", it->text);
}

static char *key_text(const side_item *it)
{
    return g_strdup_printf("%s\x1f%s", it->what, it->text);
}

static char *key_code(const side_item *it)
{
    return it->code ? g_strdup_printf("%s\x1f%s", it->what, it->code) : NULL;
}

/* Pair the items left unmatched whose KEYs are equal, first come first
 * served. */
static void match_by_key(GArray *old, GArray *new, item_key key_of)
{
    /* key -> GSList of old indices; the table owns its keys */
    GHashTable *waiting = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = old->len; i-- > 0;) { /* prepended: the first stays first */
        side_item *o = &g_array_index(old, side_item, i);
        char *key = o->match < 0 ? key_of(o) : NULL;
        if (!key)
            continue;
        GSList *list = g_hash_table_lookup(waiting, key);
        g_hash_table_replace(waiting, key, g_slist_prepend(list, GUINT_TO_POINTER(i)));
    }
    for (guint j = 0; j < new->len; j++) {
        side_item *n = &g_array_index(new, side_item, j);
        char *key = n->match < 0 ? key_of(n) : NULL;
        GSList *list = key ? g_hash_table_lookup(waiting, key) : NULL;
        if (list) {
            guint i = GPOINTER_TO_UINT(list->data);
            n->match = (int)i;
            g_array_index(old, side_item, i).match = (int)j;
            g_hash_table_insert(waiting, g_strdup(key), g_slist_delete_link(list, list));
        }
        g_free(key);
    }
    GHashTableIter it;
    gpointer list;
    g_hash_table_iter_init(&it, waiting);
    while (g_hash_table_iter_next(&it, NULL, &list))
        g_slist_free(list);
    g_hash_table_unref(waiting);
}

typedef struct candidate {
    guint old, new;
    double similarity;
} candidate;

static int by_similarity(gconstpointer a, gconstpointer b)
{
    double x = ((const candidate *)a)->similarity, y = ((const candidate *)b)->similarity;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Pair the items left unmatched, of one kind, whose words are most alike. */
static void match_words(GArray *old, GArray *new)
{
    GArray *cands = g_array_new(FALSE, FALSE, sizeof(candidate));
    guint left_old = 0, left_new = 0;
    for (guint i = 0; i < old->len; i++)
        left_old += g_array_index(old, side_item, i).match < 0;
    for (guint i = 0; i < new->len; i++)
        left_new += g_array_index(new, side_item, i).match < 0;
    if ((guint64)left_old * left_new > DIFF_MAX_PAIRS)
        left_old = 0; /* too many to compare: added and removed */
    for (guint i = 0; i < old->len && left_old; i++) {
        side_item *o = &g_array_index(old, side_item, i);
        for (guint j = 0; j < new->len && o->match < 0; j++) {
            side_item *n = &g_array_index(new, side_item, j);
            if (n->match >= 0 || strcmp(o->what, n->what) != 0)
                continue;
            double s = set_similarity(item_words(o), item_words(n));
            if (s >= DIFF_ALIKE) {
                candidate c = { i, j, s };
                g_array_append_val(cands, c);
            }
        }
    }
    g_array_sort(cands, by_similarity);
    for (guint k = 0; k < cands->len; k++) {
        candidate *c = &g_array_index(cands, candidate, k);
        side_item *o = &g_array_index(old, side_item, c->old);
        side_item *n = &g_array_index(new, side_item, c->new);
        if (o->match < 0 && n->match < 0)
            o->match = (int)c->new, n->match = (int)c->old;
    }
    g_array_free(cands, TRUE);
}

/* The entries of two matched sides: in the new side's order, each removed
 * item placed before the new item that follows its old neighbour. */
static void entries_of(GArray *out, GArray *old, GArray *new)
{
    guint next_old = 0;
    for (guint j = 0; j <= new->len; j++) {
        side_item *n = j < new->len ? &g_array_index(new, side_item, j) : NULL;
        guint until = n && n->match >= 0 ? (guint)n->match : (n ? next_old : old->len);
        for (; next_old < until && next_old < old->len; next_old++) {
            side_item *o = &g_array_index(old, side_item, next_old);
            if (o->match < 0)
                add_entry(out, DIFF_REMOVED, o->what, o->code, o->text, NULL, NULL, 0);
        }
        if (!n)
            break;
        if (n->match < 0) {
            add_entry(out, DIFF_ADDED, n->what, NULL, NULL, n->code, n->text, 0);
            continue;
        }
        side_item *o = &g_array_index(old, side_item, n->match);
        if ((guint)n->match >= next_old)
            next_old = (guint)n->match + 1;
        bool same_code = g_strcmp0(o->code, n->code) == 0;
        bool same_text = strcmp(o->text, n->text) == 0;
        if (same_code && same_text)
            continue;
        double s = set_similarity(item_words(o), item_words(n));
        add_entry(out, same_code ? DIFF_REWORDED : DIFF_RENUMBERED, n->what, o->code, o->text,
                  n->code, n->text, s);
    }
}

/* ---- the two reports ---- */

static GArray *plan_items(const poa_report *r)
{
    GArray *items = g_array_new(FALSE, FALSE, sizeof(side_item));
    GPtrArray *nodes = g_ptr_array_new();
    model_node_collect(r->plan, nodes);
    for (guint i = 0; i < nodes->len; i++) {
        const poa_node *n = g_ptr_array_index(nodes, i);
        side_item it = { model_node_kind_name(n->kind), n->code, n->text, NULL, -1 };
        g_array_append_val(items, it);
    }
    g_ptr_array_unref(nodes);
    return items;
}

static GArray *foda_items(const poa_report *r, poa_quadrant q)
{
    GArray *items = g_array_new(FALSE, FALSE, sizeof(side_item));
    for (guint i = 0; i < r->foda[q]->len; i++) {
        const poa_item *f = g_ptr_array_index(r->foda[q], i);
        /* a FODA item's number is its place: matched by its words */
        side_item it = { model_quadrant_item_name(q), NULL, f->text, NULL, -1 };
        g_array_append_val(items, it);
    }
    return items;
}

/* Match OLD and NEW, strongest evidence first: the same code and words,
 * the same words (renumbered), the same code (reworded), alike words. */
static void diff_side(GArray *out, GArray *old, GArray *new)
{
    match_by_key(old, new, key_code_and_text);
    match_by_key(old, new, key_text);
    match_by_key(old, new, key_code);
    match_words(old, new);
    entries_of(out, old, new);
    items_free(old);
    items_free(new);
}

/* A fact of the identity: changed when its two values differ. */
static void diff_fact(GArray *out, const char *what, const char *old, const char *new)
{
    if (g_strcmp0(old, new) == 0)
        return;
    bool text = (old && strlen(old) > 60) || (new && strlen(new) > 60);
    add_entry(out, !old ? DIFF_ADDED : !new ? DIFF_REMOVED : text ? DIFF_REWORDED : DIFF_CHANGED,
              what, NULL, old, NULL, new, old && new ? diff_similarity(old, new) : 0);
}

static char *int_text(int v)
{
    return v ? g_strdup_printf("%d", v) : NULL;
}

static void diff_facts(GArray *out, const poa_report *a, const poa_report *b)
{
    const poa_metadata *x = &a->meta, *y = &b->meta;
    diff_fact(out, "institucion", x->institucion, y->institucion);
    static const char *const ints[] = { "ejercicio", "trimestre" };
    int xs[] = { x->ejercicio, x->trimestre }, ys[] = { y->ejercicio, y->trimestre };
    for (size_t i = 0; i < G_N_ELEMENTS(ints); i++) {
        char *p = int_text(xs[i]), *q = int_text(ys[i]);
        diff_fact(out, ints[i], p, q);
        g_free(p), g_free(q);
    }
    char *p = x->vigencia_desde ? g_strdup_printf("%d-%d", x->vigencia_desde, x->vigencia_hasta) : NULL;
    char *q = y->vigencia_desde ? g_strdup_printf("%d-%d", y->vigencia_desde, y->vigencia_hasta) : NULL;
    diff_fact(out, "vigencia", p, q);
    g_free(p), g_free(q);
    diff_fact(out, "periodoInicio", x->periodo_inicio, y->periodo_inicio);
    diff_fact(out, "periodoFin", x->periodo_fin, y->periodo_fin);
    diff_fact(out, "fecha", x->fecha, y->fecha);
    diff_fact(out, "mision", a->mision, b->mision);
    diff_fact(out, "vision", a->vision, b->vision);
}

GArray *diff_reports(const poa_report *old, const poa_report *new)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(diff_entry));
    g_array_set_clear_func(out, entry_clear);
    diff_facts(out, old, new);
    for (int q = 0; q < POA_QUADRANTS; q++)
        diff_side(out, foda_items(old, (poa_quadrant)q), foda_items(new, (poa_quadrant)q));
    diff_side(out, plan_items(old), plan_items(new));
    return out;
}

/* ---- outputs ---- */

/* "objetivo 2", "lineaAccion 1.2 -> 1.3", "fortaleza": what a change is of. */
static char *entry_name(const diff_entry *e)
{
    const char *a = e->old_code, *b = e->new_code;
    if (a && b && strcmp(a, b) != 0)
        return g_strdup_printf("%s %s -> %s", e->what, a, b);
    if (a || b)
        return g_strdup_printf("%s %s", e->what, b ? b : a);
    return g_strdup(e->what);
}

char *diff_to_text(const GArray *changes)
{
    GString *out = g_string_new(NULL);
    guint count[DIFF_CHANGED + 1] = { 0 };
    for (guint i = 0; i < changes->len; i++) {
        const diff_entry *e = &g_array_index(changes, diff_entry, i);
        count[e->change]++;
        char *name = entry_name(e);
        g_string_append_printf(out, "%s: %s", name, diff_change_name(e->change));
        if (e->change == DIFF_REWORDED || (e->change == DIFF_RENUMBERED && e->similarity < 1))
            g_string_append_printf(out, " (palabras en común %.0f%%)", 100 * e->similarity);
        g_string_append_c(out, '\n');
        if (e->old_text && e->change != DIFF_RENUMBERED)
            g_string_append_printf(out, "  - %s\n", e->old_text);
        if (e->new_text)
            g_string_append_printf(out, "  + %s\n", e->new_text);
        g_free(name);
    }
    g_string_append_printf(out, "%u cambios: %u agregados, %u eliminados, %u renumerados, "
                           "%u redactados, %u datos cambiados\n",
                           changes->len, count[DIFF_ADDED], count[DIFF_REMOVED],
                           count[DIFF_RENUMBERED], count[DIFF_REWORDED], count[DIFF_CHANGED]);
    return g_string_free(out, FALSE);
}

/* One side of a change as a JSON object, or null. */
static void json_side(JsonBuilder *b, const char *name, const char *code, const char *text)
{
    json_builder_set_member_name(b, name);
    if (!text && !code) {
        json_builder_add_null_value(b);
        return;
    }
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "n");
    if (code)
        json_builder_add_string_value(b, code);
    else
        json_builder_add_null_value(b);
    json_builder_set_member_name(b, "texto");
    json_builder_add_string_value(b, text ? text : "");
    json_builder_end_object(b);
}

char *diff_to_json(const GArray *changes, const char *old_name, const char *new_name)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "antes");
    json_builder_add_string_value(b, old_name);
    json_builder_set_member_name(b, "despues");
    json_builder_add_string_value(b, new_name);
    json_builder_set_member_name(b, "cambios");
    json_builder_begin_array(b);
    for (guint i = 0; i < changes->len; i++) {
        const diff_entry *e = &g_array_index(changes, diff_entry, i);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "cambio");
        json_builder_add_string_value(b, diff_change_name(e->change));
        json_builder_set_member_name(b, "elemento");
        json_builder_add_string_value(b, e->what);
        json_side(b, "antes", e->old_code, e->old_text);
        json_side(b, "despues", e->new_code, e->new_text);
        json_builder_set_member_name(b, "similitud");
        json_builder_add_double_value(b, (double)(int)(e->similarity * 100 + 0.5) / 100);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    JsonNode *root = json_builder_get_root(b);
    char *text = util_json_text(root);
    json_node_unref(root);
    g_object_unref(b);
    char *line = g_strconcat(text, "\n", NULL);
    g_free(text);
    return line;
}

char *diff_to_html(const GArray *changes, const char *old_name, const char *new_name,
                   poa_error *err)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "diferencias");
    xmlDocSetRootElement(doc, root);
    xmlNewProp(root, BAD_CAST "antes", BAD_CAST old_name);
    xmlNewProp(root, BAD_CAST "despues", BAD_CAST new_name);
    for (guint i = 0; i < changes->len; i++) {
        const diff_entry *e = &g_array_index(changes, diff_entry, i);
        xmlNodePtr c = xmlNewChild(root, NULL, BAD_CAST "cambio", NULL);
        xmlNewProp(c, BAD_CAST "tipo", BAD_CAST diff_change_name(e->change));
        xmlNewProp(c, BAD_CAST "elemento", BAD_CAST e->what);
        char pct[8];
        g_snprintf(pct, sizeof pct, "%.0f", 100 * e->similarity);
        xmlNewProp(c, BAD_CAST "similitud", BAD_CAST pct);
        if (e->old_code || e->old_text) {
            xmlNodePtr s = xmlNewTextChild(c, NULL, BAD_CAST "antes", BAD_CAST(e->old_text ? e->old_text : ""));
            if (e->old_code)
                xmlNewProp(s, BAD_CAST "n", BAD_CAST e->old_code);
        }
        if (e->new_code || e->new_text) {
            xmlNodePtr s = xmlNewTextChild(c, NULL, BAD_CAST "despues", BAD_CAST(e->new_text ? e->new_text : ""));
            if (e->new_code)
                xmlNewProp(s, BAD_CAST "n", BAD_CAST e->new_code);
        }
    }
    char *page = page_from_doc(PAGE_DIFF, doc, NULL, err);
    xmlFreeDoc(doc);
    return page;
}
