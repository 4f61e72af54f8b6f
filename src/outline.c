/* outline.c - the plan read from how the document numbers it.
 *
 * Three steps over the entries noted while the parser was fed (step 2 in
 * outline_codes.c, the tables of step 3 in outline_table.c):
 *   1. marks: each entry's mark (a code of the body's own, a list's
 *      number, a bullet) or the label a rule reads on it;
 *   2. codes: lettered codes group into schemes ("OEI" with one number,
 *      "AEI" with two, "E-O-L"); a scheme seen once is not a numbering, and
 *      the four one-letter schemes of a FODA (F1, D1, O1, A1) are not the
 *      plan; a code's parent is the code its numbers or parts extend
 *      ("AEI 01.02" -> "OEI.01", "E1-O2-L3" -> "E1-O2"); its level comes
 *      from its letters (nivel.* rules) or, failing that, its depth;
 *   3. the tree, in reading order: an element whose code was seen is the
 *      same element printed again (summary tables, annexes), merged with
 *      its first statement; a list that starts at one (I, 1, a, a bullet)
 *      right under an element is that element's children, its numbering
 *      restarting under the next one; anything numbered that none of these
 *      places stays out of the plan (attributions, section headings).
 */
#include "outline.h"
#include "outline_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Entries kept at most: past it the outline says nothing (a document of
 * that size is read by the labels alone), so memory stays bounded. */
#define OUTLINE_MAX_ENTRIES 100000

/* Unmarked paragraphs allowed between an element and its list (a lead-in
 * sentence: "Para su cumplimiento se adelantarán las siguientes acciones:"). */
#define LIST_LEAD_IN_MAX 2

struct outline {
    GPtrArray *entries;  /* of entry *, owned */
    bool overflow;       /* more entries than kept */
};

static void entry_free(gpointer data)
{
    entry *e = data;
    if (!e)
        return;
    g_string_free(e->text, TRUE);
    if (e->rows)
        g_array_unref(e->rows);
    g_free(e->code);
    g_free(e->key);
    g_free(e->scheme);
    g_free(e->letters);
    g_free(e->body);
    g_free(e);
}

outline *outline_new(void)
{
    outline *o = g_new0(outline, 1);
    o->entries = g_ptr_array_new_with_free_func(entry_free);
    return o;
}

void outline_free(outline *o)
{
    if (!o)
        return;
    g_ptr_array_unref(o->entries);
    g_free(o);
}

static entry *last_entry(const outline *o)
{
    return o->entries->len ? g_ptr_array_index(o->entries, o->entries->len - 1) : NULL;
}

/* Does LINE start an entry of its own inside a block?  A lettered code
 * with its text ("EE1 Formación ..." / "OEM 1. Ampliar ..."); a list's
 * mark after a finished sentence ("... artística." / "III. Programar
 * ..."); or a change from bold to plain after one (an objective's title,
 * then its lead-in sentence). */
static bool starts_entry(const entry *prev, rule_matcher *m, const poa_line *line)
{
    bool finished = normalize_ends_sentence_len(prev->text->str, prev->text->len);
    /* the rules run only on lines that may open with a code: a capital, a
     * bullet or a digit (a wrapped sentence goes on in lower case) */
    unsigned char first = (unsigned char)line->text[0];
    if (!finished && !g_ascii_isupper(first) && first < 0x80 && !strchr("-*", first))
        return false;
    rule_match mark = RULE_MATCH_INIT;
    bool marked = rules_match_kind(m, RK_MARK, line->text, &mark);
    bool coded = false;
    if (marked && (rule_match_has(&mark, "parts") || rule_match_has(&mark, "pre"))) {
        char *text = rule_match_group(&mark, "text");
        coded = text && *text;
        g_free(text);
    }
    rule_match_clear(&mark);
    return coded || (finished && (line->bold != prev->bold || marked));
}

/* Note where LINE, just joined to E, stands: a list's marks printed in a
 * column of their own find their items' first lines by it. */
static void add_row(entry *e, const poa_line *line)
{
    if (line->page <= 0)
        return;
    if (!e->rows)
        e->rows = g_array_new(FALSE, FALSE, sizeof(entry_row));
    size_t n = strlen(line->text);
    entry_row r = { line->y0, line->y1, e->text->len >= n ? e->text->len - n : 0 };
    g_array_append_val(e->rows, r);
}

/* The bytes of TEXT an entry keeps: all, or the first
 * OUTLINE_ENTRY_MAX_BYTES cut at a character's start (a line of megabytes
 * is one paragraph of prose, no element of a plan). */
static size_t kept_len(const char *text, bool *cut)
{
    size_t n = strlen(text);
    *cut = n > OUTLINE_ENTRY_MAX_BYTES;
    if (!*cut)
        return n;
    n = OUTLINE_ENTRY_MAX_BYTES;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    return n;
}

bool outline_note_line(outline *o, rule_matcher *m, const poa_line *line,
                       const normalize_evidence *ev)
{
    if (o->overflow || (line->flags & POA_LINE_DROPPED))
        return false;
    entry *e = last_entry(o);
    if (e && !(line->flags & POA_LINE_BLOCK_START) && !starts_entry(e, m, line)) {
        bool cut = false;
        size_t n = kept_len(line->text, &cut);
        if (e->text->len >= OUTLINE_ENTRY_MAX_BYTES) {
            e->cut = true;
        } else if (cut) {
            char *part = g_strndup(line->text, n);
            normalize_join(e->text, part, ev);
            g_free(part);
            e->cut = true;
        } else {
            normalize_join(e->text, line->text, ev);
        }
        poa_prov_extend(&e->prov, line->page, line->x0, line->y0, line->x1, line->y1);
        e->bold = line->bold;
        add_row(e, line);
        return false;
    }
    if (o->entries->len >= OUTLINE_MAX_ENTRIES) {
        o->overflow = true;
        g_ptr_array_set_size(o->entries, 0);
        return false;
    }
    e = g_new0(entry, 1);
    bool cut = false;
    e->text = g_string_new_len(line->text, (gssize)kept_len(line->text, &cut));
    e->cut = cut;
    e->prov = (poa_prov)POA_PROV_INIT;
    poa_prov_extend(&e->prov, line->page, line->x0, line->y0, line->x1, line->y1);
    if (line->page == 0) /* a web page's table: the rows a cell spans */
        e->prov.y0 = line->y0, e->prov.y1 = line->y1;
    e->flags = line->flags;
    e->column = line->column;
    e->bold = line->bold;
    add_row(e, line);
    g_ptr_array_add(o->entries, e);
    return true;
}

void outline_set_kind(outline *o, rule_kind kind)
{
    entry *e = last_entry(o);
    if (e)
        e->first_kind = kind;
}

/* ---- step 1: marks ---- */

/* "01.02" -> "1.2": numbers without leading zeros, appended to OUT. */
static void append_numbers(GString *out, const char *num)
{
    size_t roman = strspn(num, "IVX"); /* a Roman first level: "I.2" is 1.2 */
    if (roman) {
        char *r = g_strndup(num, roman);
        g_string_append_printf(out, "%d", util_roman_value(r));
        g_free(r);
        num += roman;
    }
    for (const char *s = num; *s; s++) {
        bool leading_zero = *s == '0' && g_ascii_isdigit(s[1]) &&
                            (s == num || s[-1] == '.' || s[-1] == '-');
        if (g_ascii_isdigit(*s) && !leading_zero)
            g_string_append_c(out, *s);
        else if (*s == '.' || *s == '-') /* "01-02" is 1.2 */
            g_string_append_c(out, '.');
    }
}

static char *without_spaces(const char *s)
{
    GString *out = g_string_new(NULL);
    for (; *s; s++)
        if (!g_ascii_isspace(*s))
            g_string_append_c(out, *s);
    return g_string_free(out, FALSE);
}

/* A code of lettered parts ("E1-O2-L3"): key "E1-O2-L3", scheme "E-O-L",
 * level letters "L". */
static void read_parts(entry *e, const char *parts)
{
    GString *key = g_string_new(NULL), *scheme = g_string_new(NULL);
    const char *last = parts;
    for (const char *s = parts; *s;) {
        if (g_ascii_isupper(*s)) {
            if (key->len)
                g_string_append_c(key, '-'), g_string_append_c(scheme, '-');
            last = s;
            while (g_ascii_isupper(*s))
                g_string_append_c(key, *s), g_string_append_c(scheme, *s++);
            GString *num = g_string_new(NULL);
            while (g_ascii_isdigit(*s))
                g_string_append_c(num, *s++);
            append_numbers(key, num->str);
            g_string_free(num, TRUE);
        } else {
            s++;
        }
    }
    size_t n = strspn(last, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    e->letters = g_strndup(last, n);
    e->key = g_string_free(key, FALSE);
    e->scheme = g_string_free(scheme, FALSE);
}

/* A code of letters and numbers ("AEI 01.02"): key "AEI1.2", scheme "AEI/2". */
static void read_prefixed(entry *e, const char *pre, const char *num)
{
    GString *key = g_string_new(pre);
    append_numbers(key, num);
    int levels = 1;
    for (const char *s = num; *s; s++)
        levels += *s == '.' || *s == '-';
    e->key = g_string_free(key, FALSE);
    e->scheme = g_strdup_printf("%s/%d", pre, levels);
    e->letters = g_strdup(pre);
    e->roman = strspn(num, "IVX") > 0 && levels == 1;
}

static void read_list_mark(entry *e, const rule_match *m)
{
    char *v;
    if ((v = rule_match_group(m, "roman"))) {
        char *up = g_ascii_strup(v, -1); /* "iii." as "III." */
        e->mark = MARK_ROMAN, e->value = util_roman_value(up);
        g_free(up);
    } else if ((v = rule_match_group(m, "arabic"))) {
        e->mark = MARK_ARABIC, e->value = strchr(v, '.') ? 0 : atoi(v);
    } else if ((v = rule_match_group(m, "letter"))) {
        e->mark = MARK_LETTER, e->value = v[0] - 'a' + 1;
    } else if ((v = rule_match_group(m, "bullet"))) {
        e->mark = MARK_BULLET, e->value = 1;
    }
    if (e->mark != MARK_NONE)
        e->code = g_strdup(v);
    g_free(v);
}

/* The numbers' levels in CODE: "1" 1, "1.1" 2, NULL 0. */
static int code_levels(const char *code)
{
    if (!code)
        return 0;
    int n = 1;
    for (const char *s = code; *s; s++)
        n += *s == '.';
    return n;
}


/* The mark at the start of E's text, read from an RK_MARK match: a
 * lettered code, else a list's number or bullet. */
static void take_mark(entry *e, const rule_match *m)
{
    char *parts = rule_match_group(m, "parts"), *pre = rule_match_group(m, "pre");
    char *num = rule_match_group(m, "num");
    e->body = rule_match_group(m, "text");
    if (parts) {
        e->mark = MARK_CODE;
        read_parts(e, parts);
        e->code = without_spaces(parts);
    } else if (pre && num) {
        e->mark = MARK_CODE;
        read_prefixed(e, pre, num);
        char *printed = rule_match_group(m, "code");
        e->code = without_spaces(printed ? printed : pre);
        g_free(printed);
    } else {
        read_list_mark(e, m);
    }
    g_free(parts), g_free(pre), g_free(num);
}

/* The node kind a plan label names (POA_NODE_ROOT: none). */
static poa_node_kind label_node_kind(rule_kind k)
{
    switch (k) {
    case RK_EJE: return POA_NODE_EJE;
    case RK_OBJETIVO: return POA_NODE_OBJETIVO;
    case RK_ESTRATEGIA: return POA_NODE_ESTRATEGIA;
    case RK_LINEA: return POA_NODE_LINEA;
    default: return POA_NODE_ROOT;
    }
}

/* E's label or mark.  A label that reads less of a code than the code's
 * letters do ("OE 1.1" read as objective 1) leaves it to the code. */
static void read_mark(entry *e, rule_matcher *m)
{
    const char *text = e->text->str;
    /* a label opens the entry: its first line's kind is the entry's */
    rule_kind k = e->first_kind;
    e->skip = k == RK_SKIP;
    rule_match match = RULE_MATCH_INIT;
    if (rules_match_kind(m, RK_MARK, text, &match) ||
        rules_match_kind(m, RK_MARK_END, text, &match)) {
        take_mark(e, &match);
        if (e->mark != MARK_CODE || k < RK_EJE || k > RK_LINEA) {
            rule_match_clear(&match);
            return;
        }
    }
    if (k < RK_EJE || k > RK_LINEA || !rules_match_kind(m, k, text, &match)) {
        rule_match_clear(&match);
        return;
    }
    char *code = rule_match_group(&match, "code");
    int lettered = e->mark != MARK_CODE ? 0
                   : strchr(e->key, '-')  ? 1
                                          : code_levels(outline_key_numbers(e->key));
    /* a label that reads a lettered code's numbers whole ("OE1." as
     * objective 1), the letters naming the label's own level, stays a code:
     * the plan's other codes ("A1.1") extend it */
    bool same_level = lettered && code_levels(code) == lettered && e->letters &&
                      outline_named_level(m, e->letters) == label_node_kind(k);
    if (code_levels(code) >= lettered && !same_level) { /* the label reads the code whole */
        g_free(e->code), g_free(e->key), g_free(e->scheme), g_free(e->letters), g_free(e->body);
        e->key = e->scheme = e->letters = NULL;
        e->mark = MARK_NONE;
        e->label = k;
        e->code = code ? without_spaces(code) : NULL;
        e->body = rule_match_group(&match, "text");
    }
    g_free(code);
    rule_match_clear(&match);
}

/* ---- step 3: the tree ---- */

typedef struct tree_state {
    poa_node *root;
    GHashTable *by_key;      /* code key -> poa_node *, borrowed */
    GHashTable *entry_of;    /* poa_node * -> the entry of its first statement */
    GHashTable *schemes;
    poa_node *cur;           /* the element read last: its list follows */
    mark_kind list_mark;     /* the mark of its list, MARK_NONE before one */
    int lead_in;             /* unmarked paragraphs since cur */
    mark_kind free_mark;     /* the mark of a list outside the plan, MARK_NONE for none */
    int free_next;           /* the number its next item must have */
} tree_state;

static bool is_heading(const entry *e)
{
    return (e->flags & (POA_LINE_HEADING | POA_LINE_LARGE)) != 0;
}

/* Does T stand beside CODE in its row: to its right, meeting its line? */
static bool beside(const entry *code, const entry *t)
{
    return t->mark == MARK_NONE && t->label == RK_NONE && !t->used &&
           t->prov.page == code->prov.page && t->prov.x0 > code->prov.x1 - 1 &&
           t->prov.y0 < code->prov.y1 && t->prov.y1 > code->prov.y0;
}

/* Cells looked back at for the first cell of a code's row. */
#define ROW_LOOKBACK 8

/* The first cell of the row of the code printed alone in the last cell
 * at I ("Instalar alarmas ... | 40 alarmas | Grupo | ACC-1.1.3"), or NULL. */
static entry *row_first_cell(const outline *o, guint i)
{
    const entry *e = g_ptr_array_index(o->entries, i);
    if (!(e->flags & POA_LINE_CELL) || (e->flags & POA_LINE_ROW_START))
        return NULL;
    for (guint k = i; k-- > 0 && i - k <= ROW_LOOKBACK;) {
        entry *c = g_ptr_array_index(o->entries, k);
        bool same_row = c->prov.page == e->prov.page && (c->flags & POA_LINE_CELL) &&
                        c->prov.y0 < e->prov.y1 && c->prov.y1 > e->prov.y0;
        if (!same_row)
            return NULL;
        if (c->flags & POA_LINE_ROW_START)
            return c->mark == MARK_NONE && c->label == RK_NONE && !c->used ? c : NULL;
    }
    return NULL;
}

/* The entry holding the text of the code printed alone at I: the next
 * paragraph of a text; in a PDF the cell beside it in its row, read after
 * it or, when the cell's text is centred on the code's line, before it.
 * NULL when none. */
static entry *text_cell_after(const outline *o, guint i)
{
    const entry *e = g_ptr_array_index(o->entries, i);
    entry *next = i + 1 < o->entries->len ? g_ptr_array_index(o->entries, i + 1) : NULL;
    if (e->prov.page == 0 && !(e->flags & POA_LINE_CELL))
        return next && next->mark == MARK_NONE && next->label == RK_NONE && !next->used ? next
                                                                                      : NULL;
    if (e->prov.page == 0) { /* a web page's table: rows and columns, no boxes */
        bool next_in_row = next && (next->flags & POA_LINE_CELL) &&
                           !(next->flags & POA_LINE_ROW_START) && next->mark == MARK_NONE &&
                           next->label == RK_NONE && !next->used && next->prov.y0 == e->prov.y0;
        return next_in_row ? next : row_first_cell(o, i);
    }
    if (next && beside(e, next))
        return next;
    entry *prev = i > 0 ? g_ptr_array_index(o->entries, i - 1) : NULL;
    if (prev && beside(e, prev))
        return prev;
    return row_first_cell(o, i);
}

/* The rest of CELL's text when the layout cut its last line off into the
 * entry read after AFTER (a centred cell's text split around its code):
 * right below it, within its width, the cell's sentence unfinished. */
static entry *cell_tail(const outline *o, const entry *cell, guint after)
{
    entry *t = after + 1 < o->entries->len ? g_ptr_array_index(o->entries, after + 1) : NULL;
    if (!t || t == cell || t->mark != MARK_NONE || t->label != RK_NONE || t->used ||
        t->prov.page != cell->prov.page || cell->prov.page == 0 ||
        normalize_ends_sentence_len(cell->text->str, cell->text->len))
        return NULL;
    double line = (cell->prov.y1 - cell->prov.y0) / (cell->rows ? cell->rows->len : 1);
    bool below = t->prov.y0 >= cell->prov.y1 - 1 && t->prov.y0 - cell->prov.y1 < line;
    bool within = t->prov.x0 >= cell->prov.x0 - 1 && t->prov.x1 <= cell->prov.x1 + 1;
    return below && within ? t : NULL;
}

/* Entries looked at around a list's mark for the column of its texts. */
#define MARK_COLUMN_WINDOW 16

static bool is_bare_mark(const entry *e)
{
    return e->mark >= MARK_ROMAN && (!e->body || !*e->body);
}

static bool rows_meet(double a0, double a1, double b0, double b1)
{
    return a0 < b1 && b0 < a1;
}

/* Is there a bare mark other than E0 left of X near entry I whose line
 * meets rows Y0..Y1? */
static bool mark_beside(const outline *o, guint i, const entry *e0, double x, double y0,
                        double y1)
{
    guint from = i > MARK_COLUMN_WINDOW ? i - MARK_COLUMN_WINDOW : 0;
    for (guint j = from; j < o->entries->len && j <= i + MARK_COLUMN_WINDOW; j++) {
        const entry *m = g_ptr_array_index(o->entries, j);
        if (m != e0 && is_bare_mark(m) && m->prov.page == e0->prov.page &&
            m->prov.x1 <= x + 1 && rows_meet(m->prov.y0, m->prov.y1, y0, y1))
            return true;
    }
    return false;
}

/* The text of the item a bare mark at I numbers when its texts stand in a
 * column of their own (a hanging list the layout read as two blocks: "I."
 * "II." "III." beside the items' lines): from the line of that column at
 * the mark's height to the line at the next mark's.  A new string, or NULL. */
static char *text_beside_mark(const outline *o, guint i)
{
    const entry *e = g_ptr_array_index(o->entries, i);
    guint from = i > MARK_COLUMN_WINDOW ? i - MARK_COLUMN_WINDOW : 0;
    for (guint j = from; j < o->entries->len && j <= i + MARK_COLUMN_WINDOW; j++) {
        entry *t = g_ptr_array_index(o->entries, j);
        if (j == i || !t->rows || t->prov.page != e->prov.page || is_bare_mark(t) ||
            t->prov.x0 < e->prov.x1 - 1)
            continue;
        for (guint k = 0; k < t->rows->len; k++) {
            const entry_row *r = &g_array_index(t->rows, entry_row, k);
            if (!rows_meet(r->y0, r->y1, e->prov.y0, e->prov.y1))
                continue;
            guint end = k + 1;
            while (end < t->rows->len) {
                const entry_row *n = &g_array_index(t->rows, entry_row, end);
                if (mark_beside(o, i, e, t->prov.x0, n->y0, n->y1))
                    break;
                end++;
            }
            gsize to = end < t->rows->len ? g_array_index(t->rows, entry_row, end).at
                                          : t->text->len;
            t->used = true;
            return g_strndup(t->text->str + r->at, to - r->at);
        }
    }
    return NULL;
}

static void mark_used(entry *e)
{
    if (e)
        e->used = true;
}

static char *finished_text(const char *raw)
{
    return normalize_finish(raw ? raw : "");
}

/* Shortest text two statements must share to be one element whose code
 * was misprinted or cut in its copy ("AEI 01.0" in a narrow column). */
#define SAME_TEXT_MIN 40
/* Shortest text a summary's shortened copy must keep to be taken for one. */
#define SAME_TEXT_PREFIX_MIN 10
/* Coded elements compared by text at most: past it, by code only. */
#define SAME_TEXT_MAX_NODES 2000

/* An element of KIND already read whose text begins as BODY does (one
 * statement cut short in a copy's narrow cell), or NULL. */
static poa_node *same_text_node(const tree_state *t, poa_node_kind kind, const char *body)
{
    size_t n = strlen(body);
    if (n < SAME_TEXT_MIN || g_hash_table_size(t->by_key) > SAME_TEXT_MAX_NODES)
        return NULL;
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, t->by_key);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        poa_node *node = v;
        size_t m = strlen(node->text);
        if (node->kind == kind && m >= SAME_TEXT_MIN &&
            strncmp(node->text, body, n < m ? n : m) == 0)
            return node;
    }
    return NULL;
}

/* The node of a lettered code: the one already read under its key (an
 * element printed again), its text filled if it had none; else a new one,
 * linked under the node of its parent key when there is one. */
static poa_node *code_node(tree_state *t, const outline *o, guint i)
{
    entry *e = g_ptr_array_index(o->entries, i);
    const scheme_info *s = g_hash_table_lookup(t->schemes, e->scheme);
    char *body = finished_text(e->body);
    entry *cell = NULL, *tail = NULL;
    if (!*body && (cell = text_cell_after(o, i))) {
        GString *text = g_string_new(cell->text->str);
        guint at = i + 1 < o->entries->len && cell == g_ptr_array_index(o->entries, i + 1) ? i + 1
                                                                                         : i;
        if ((tail = cell_tail(o, cell, at)))
            g_string_append_printf(text, " %s", tail->text->str);
        g_free(body);
        body = finished_text(text->str);
        g_string_free(text, TRUE);
    }
    poa_node *node = g_hash_table_lookup(t->by_key, e->key);
    if (!node)
        node = same_text_node(t, s->kind, body);
    if (node) {
        if (!*node->text && *body) {
            model_node_take_text(node, body);
            body = NULL;
            mark_used(cell), mark_used(tail);
        }
        g_free(body);
        e->used = true;
        return node;
    }
    node = model_node_new(s->kind, e->code, body);
    g_free(body);
    node->prov = e->prov;
    e->used = true;
    if (*node->text)
        mark_used(cell), mark_used(tail);
    g_hash_table_insert(t->by_key, e->key, node);
    g_hash_table_insert(t->entry_of, node, e);
    return node;
}

/* Link every coded node under the node of its parent key, in reading
 * order; nodes whose parent is missing stay at the top. */
static void link_codes(tree_state *t, GPtrArray *order)
{
    GHashTable *last = g_hash_table_new(g_str_hash, g_str_equal); /* scheme -> its last node */
    for (guint i = 0; i < order->len; i++) {
        poa_node *node = g_ptr_array_index(order, i);
        const entry *e = g_hash_table_lookup(t->entry_of, node);
        const scheme_info *s = g_hash_table_lookup(t->schemes, e->scheme);
        const scheme_info *ps = s->parent ? g_hash_table_lookup(t->schemes, s->parent) : NULL;
        char *pk = ps && !s->by_order ? outline_parent_key(e->key) : NULL;
        poa_node *parent = s->by_order ? g_hash_table_lookup(last, s->parent) : NULL;
        g_hash_table_insert(last, e->scheme, node);
        if (pk) {
            /* "E1-O2" as it stands; "1" with the parent scheme's letters */
            char *full = strchr(e->key, '-') ? g_strdup(pk) : g_strconcat(ps->letters, pk, NULL);
            parent = g_hash_table_lookup(t->by_key, full);
            g_free(full);
        }
        g_free(pk);
        if (!parent || parent->kind >= node->kind)
            parent = t->root;
        if (!node->parent)
            model_node_place(parent, node);
    }
    g_hash_table_unref(last);
}

/* The level of a list's items under an element of KIND, ROOT for none. */
static poa_node_kind child_level(poa_node_kind kind)
{
    switch (kind) {
    case POA_NODE_EJE: return POA_NODE_OBJETIVO;
    case POA_NODE_OBJETIVO:
    case POA_NODE_ESTRATEGIA: return POA_NODE_LINEA;
    default: return POA_NODE_ROOT;
    }
}

/* E (at I), a list item: a child of the element read last when its list
 * starts at one right under it, or goes on in the same numbering. */
static void take_list_item(tree_state *t, const outline *o, guint i)
{
    entry *e = g_ptr_array_index(o->entries, i);
    poa_node_kind kind = t->cur ? child_level(t->cur->kind) : POA_NODE_ROOT;
    if (kind == POA_NODE_ROOT)
        return;
    if (t->list_mark == MARK_NONE) {
        if (e->value != 1)
            return;
        t->list_mark = e->mark;
    } else if (e->mark != t->list_mark) {
        return; /* a list nested in an item: part of it */
    }
    bool bare = !e->body || !*e->body;
    char *beside = bare ? text_beside_mark(o, i) : NULL;
    entry *cell = bare && !beside ? text_cell_after(o, i) : NULL;
    char *body = finished_text(beside ? beside : cell ? cell->text->str : e->body);
    g_free(beside);
    if (!*body) {
        g_free(body); /* a mark with no text found: nothing to add */
        return;
    }
    poa_node *node = model_node_new(kind, e->mark == MARK_BULLET ? NULL : e->code, body);
    g_free(body);
    node->prov = e->prov;
    model_node_place(t->cur, node);
    e->used = true;
    if (cell)
        cell->used = true;
}

/* A labelled element ("Objetivo Estratégico 2: ..."): under the latest
 * element of a higher level, or at the top. */
static poa_node *label_node(tree_state *t, entry *e, poa_node *latest[5])
{
    poa_node_kind kind = label_node_kind(e->label);
    poa_node *parent = t->root;
    for (int k = (int)kind - 1; k >= POA_NODE_EJE && parent == t->root; k--)
        if (latest[k])
            parent = latest[k];
    char *body = finished_text(e->body);
    poa_node *node = model_node_new(kind, e->code, body);
    g_free(body);
    node->prov = e->prov;
    model_node_place(parent, node);
    latest[kind] = node;
    for (int k = (int)kind + 1; k <= POA_NODE_LINEA; k++)
        latest[k] = NULL;
    e->used = true;
    return node;
}

/* E, a list item the plan did not take: an item of a list numbered from
 * one in order (attributions, competences, interpretation paragraphs)
 * is placed, as that list's, not left unplaced. */
static void settle_list_item(tree_state *t, const outline *o, guint i)
{
    entry *e = g_ptr_array_index(o->entries, i);
    if (e->value == 1) {
        t->free_mark = e->mark;
        t->free_next = 2;
    } else if (e->mark == t->free_mark && e->value == t->free_next) {
        t->free_next++;
    } else if (e->mark == t->free_mark && e->value == 0) {
        ; /* "2.1" between "2" and "3": a numbered outline's sub-item */
    } else {
        t->free_mark = MARK_NONE;
        return;
    }
    e->settled = true;
    entry *cell = is_bare_mark(e) ? text_cell_after(o, i) : NULL;
    if (cell)
        cell->settled = true; /* the item's text, in the cell beside its number */
}

static void read_entry(tree_state *t, const outline *o, guint i, GPtrArray *coded,
                       poa_node *latest[5])
{
    entry *e = g_ptr_array_index(o->entries, i);
    if (e->skip && e->mark >= MARK_ROMAN)
        settle_list_item(t, o, i); /* a numbered entry of a table of contents */
    if (e->used || e->skip)
        return;
    if (e->mark == MARK_CODE && g_hash_table_contains(t->schemes, e->scheme)) {
        bool seen = g_hash_table_contains(t->by_key, e->key);
        t->cur = code_node(t, o, i);
        if (!seen)
            g_ptr_array_add(coded, t->cur);
    } else if (e->label != RK_NONE) {
        t->cur = label_node(t, e, latest);
    } else if (e->mark >= MARK_ROMAN && !(is_heading(e) && e->mark != MARK_BULLET)) {
        take_list_item(t, o, i);
        if (!e->used)
            settle_list_item(t, o, i);
        return;
    } else if (!is_heading(e) && t->list_mark == MARK_NONE && ++t->lead_in <= LIST_LEAD_IN_MAX) {
        return;
    } else {
        t->cur = NULL; /* a heading, or prose after the list: it is over */
    }
    t->list_mark = MARK_NONE;
    t->lead_in = 0;
}

/* What a table's coded cells need to reach their elements. */
typedef struct table_ctx {
    tree_state *t;
    const outline *o;
    GPtrArray *coded;   /* coded nodes in reading order, for link_codes */
} table_ctx;

/* The element of the lettered code at entry I, for a table's coded cell
 * (outline_code_node_fn). */
static poa_node *table_code_node(void *data, guint i)
{
    table_ctx *c = data;
    entry *e = g_ptr_array_index(c->o->entries, i);
    if (e->mark != MARK_CODE || !g_hash_table_contains(c->t->schemes, e->scheme))
        return NULL;
    poa_node *node = code_node(c->t, c->o, i);
    if (!g_ptr_array_find(c->coded, node, NULL))
        g_ptr_array_add(c->coded, node);
    return node;
}

/* Is N a childless copy of a fuller statement: another element of its
 * level with children whose text is N's, or begins with it (a summary
 * table printed before the plan, "Atención segura" for "Atención segura,
 * humanizada y resolutiva")? */
static bool copy_of_fuller(const poa_node *n, const GPtrArray *all)
{
    size_t len = strlen(n->text);
    if (n->children->len || len < SAME_TEXT_PREFIX_MIN)
        return false;
    for (guint i = 0; i < all->len; i++) {
        const poa_node *m = g_ptr_array_index(all, i);
        if (m != n && m->kind == n->kind && m->children->len &&
            strncmp(m->text, n->text, len) == 0 &&
            (m->text[len] == '\0' || m->text[len] == ',' || m->text[len] == ' '))
            return true;
    }
    return false;
}

/* Drop the childless copies of fuller statements, deepest first: a
 * summary read before the plan it summarises counts once. */
static void drop_copies(poa_node *root)
{
    GPtrArray *all = g_ptr_array_new();
    model_node_collect(root, all);
    if (all->len > SAME_TEXT_MAX_NODES) {
        g_ptr_array_unref(all);
        return;
    }
    for (guint i = all->len; i-- > 0;) {
        poa_node *n = g_ptr_array_index(all, i);
        if (copy_of_fuller(n, all)) {
            g_ptr_array_remove_index(all, i);
            g_ptr_array_remove(n->parent->children, n); /* frees it */
        }
    }
    g_ptr_array_unref(all);
}

/* Lines under NODE whose code was printed with no text anywhere: no line
 * (the schema wants a line's text). */
static void drop_empty_lines(poa_node *node)
{
    for (guint i = node->children->len; i-- > 0;) {
        poa_node *c = g_ptr_array_index(node->children, i);
        if (c->kind == POA_NODE_LINEA && !*c->text && c->children->len == 0)
            g_ptr_array_remove_index(node->children, i);
        else
            drop_empty_lines(c);
    }
}

/* Did the plan take an entry whose text was cut at OUTLINE_ENTRY_MAX_BYTES?
 * Then the outline would lose what it cut: it says nothing, and the
 * labels' plan (which keeps every line) stands. */
static bool took_cut_entry(const outline *o)
{
    for (guint i = 0; i < o->entries->len; i++) {
        const entry *e = g_ptr_array_index(o->entries, i);
        if (e->used && e->cut)
            return true;
    }
    return false;
}

poa_node *outline_build(outline *o, rule_matcher *m)
{
    if (o->overflow)
        return NULL;
    for (guint i = 0; i < o->entries->len; i++) {
        entry *e = g_ptr_array_index(o->entries, i);
        e->used = e->settled = false;
        if (e->mark == MARK_NONE && e->label == RK_NONE)
            read_mark(e, m);
    }
    tree_state t = { model_node_new(POA_NODE_ROOT, NULL, ""), NULL, NULL, NULL, NULL,
                     MARK_NONE, 0, MARK_NONE, 0 };
    t.by_key = g_hash_table_new(g_str_hash, g_str_equal);
    t.entry_of = g_hash_table_new(g_direct_hash, g_direct_equal);
    t.schemes = outline_collect_schemes(o->entries);
    outline_assign_levels(t.schemes, m, o->entries, outline_table_below_codes(o->entries, m));
    GPtrArray *coded = g_ptr_array_new();
    poa_node *latest[5] = { NULL };
    guint refused = 0; /* no table starts before this entry */
    for (guint i = 0; i < o->entries->len; i++) {
        table_ctx ctx = { &t, o, coded };
        guint past = i >= refused ? outline_table_read(o->entries, i, m, t.root,
                                                       table_code_node, &ctx, &refused)
                                  : i;
        if (past > i) { /* a table whose column headings name the levels */
            i = past - 1;
            t.cur = NULL;
            continue;
        }
        read_entry(&t, o, i, coded, latest);
    }
    link_codes(&t, coded);
    drop_empty_lines(t.root);
    drop_copies(t.root);
    g_ptr_array_unref(coded);
    g_hash_table_unref(t.by_key);
    g_hash_table_unref(t.entry_of);
    g_hash_table_unref(t.schemes);
    if (t.root->children->len == 0 || took_cut_entry(o)) {
        model_node_free(t.root); /* nothing, or a text it could not keep whole */
        return NULL;
    }
    return t.root;
}

/* A sibling's key: its level and TEXT (its text or its code). */
static char *sibling_key(const poa_node *c, const char *text)
{
    return g_strdup_printf("%d\x1f%s", (int)c->kind, text);
}

/* Is C an element its parent already has, printed again without its
 * children (a summary table's row: "Objetivo 3 | Enero")?  TEXTS and
 * CODES hold the siblings read before C by level and text, and by level
 * and code (key -> the first sibling).  Lists numbered again from one in
 * another section of a flat plan are not copies: a code repeats only when
 * the first one has children and this one none. */
static bool repeats_sibling(const poa_node *c, GHashTable *texts, GHashTable *codes)
{
    char *tk = sibling_key(c, c->text), *ck = c->code ? sibling_key(c, c->code) : NULL;
    const poa_node *first = ck ? g_hash_table_lookup(codes, ck) : NULL;
    bool copy = g_hash_table_contains(texts, tk) ||
                (first && first->children->len && !c->children->len);
    if (!g_hash_table_contains(texts, tk))
        g_hash_table_insert(texts, tk, (gpointer)c);
    else
        g_free(tk);
    if (ck && !first)
        g_hash_table_insert(codes, ck, (gpointer)c);
    else
        g_free(ck);
    return copy;
}

static long score_below(const poa_node *n)
{
    long score = 0;
    GHashTable *texts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *codes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < n->children->len; i++) {
        const poa_node *c = g_ptr_array_index(n->children, i);
        bool placed = n->kind == POA_NODE_ROOT ? c->kind <= POA_NODE_OBJETIVO
                                               : n->kind < c->kind;
        if (repeats_sibling(c, texts, codes))
            score--; /* counted twice: a copy, not a new element */
        else
            score += placed && *c->text;
        score += score_below(c);
    }
    g_hash_table_unref(texts);
    g_hash_table_unref(codes);
    return score;
}

long outline_plan_score(const poa_node *root)
{
    return root ? score_below(root) : 0;
}

static bool boxes_meet(const poa_prov *a, const poa_prov *b)
{
    return a->page == b->page && a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 &&
           b->y0 < a->y1;
}

bool outline_covers(const outline *o, const poa_prov *prov, const char *text, bool settled)
{
    for (guint i = 0; i < o->entries->len; i++) {
        const entry *e = g_ptr_array_index(o->entries, i);
        if (!e->used && !(settled && e->settled))
            continue;
        if (prov->page > 0 ? boxes_meet(&e->prov, prov) : strstr(e->text->str, text) != NULL)
            return true;
    }
    return false;
}
