/* parse.c - lines in reading order -> the report tree, driven by rules.
 *
 * The parser keeps a section (where in the programme we are: FODA quadrant,
 * objectives list, ...) and one open unit (the item or paragraph whose
 * wrapped lines are being joined).  Each line is classified by the rules;
 * labels and headings close the open unit and start another, plain lines
 * continue it or start an unlabelled paragraph.  Numbering is recorded as
 * printed: gaps and duplicates are left for check.c to report.
 *
 * This file keeps the parser's lifecycle, the open unit, the adding of
 * plan elements and the handling of each line; parse_tree.c owns the plan
 * tree's codes and final passes, parse_stream.c the reading contexts of
 * table columns, parse_meta.c the metadata and form column labels.
 */
#include "parse.h"

#include <string.h>

#include "normalize.h"
#include "parse_internal.h"
#include "rules.h"
#include "util.h"

parser *parse_new(poa_report *report, const poa_rules *rules, bool blocks_reliable)
{
    parser *p = g_new0(parser, 1);
    p->report = report;
    p->m = rules_matcher_new(rules);
    p->evidence = normalize_evidence_new();
    p->blocks_reliable = blocks_reliable;
    p->streams = g_ptr_array_new_with_free_func(parse_stream_free);
    g_ptr_array_add(p->streams, parse_stream_new(-1, 0));
    p->s = g_ptr_array_index(p->streams, 0);
    p->by_code = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->twins = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)g_ptr_array_unref);
    p->weak = g_hash_table_new(g_direct_hash, g_direct_equal);
    p->dated = g_ptr_array_new_with_free_func(g_free);
    p->title_block = g_string_new(NULL);
    p->title_page = -1;
    p->outline = outline_new();
    return p;
}

void parse_set_trace(parser *p, GString *trace)
{
    p->trace = trace;
}

void parse_free(parser *p)
{
    if (!p)
        return;
    rules_matcher_free(p->m);
    normalize_evidence_free(p->evidence);
    g_ptr_array_unref(p->streams);
    g_hash_table_unref(p->by_code);
    g_hash_table_unref(p->twins);
    g_hash_table_unref(p->weak);
    g_string_free(p->title_block, TRUE);
    model_metadata_release(&p->titled);
    g_free(p->date_alone);
    g_ptr_array_unref(p->dated);
    outline_free(p->outline);
    g_free(p);
}

/* ---- units ---- */

static void prov_add_line(poa_prov *prov, const poa_line *line)
{
    poa_prov_extend(prov, line->page, line->x0, line->y0, line->x1, line->y1);
}

void parse_unit_open(parser *p, unit_kind kind, const char *text, const poa_line *line)
{
    /* claimed even while still open in another stream; a bare heading is no claim */
    p->mision_seen |= kind == UNIT_MISION && text && *text;
    p->vision_seen |= kind == UNIT_VISION && text && *text;
    p->s->unit = kind;
    p->s->approval = false;
    g_string_assign(p->s->acc, text ? text : "");
    if (text && *text)
        p->s->bare_heading = false;
    if (kind == UNIT_FODA || kind == UNIT_NODE)
        p->s->header_row = false;
    p->s->prov = (poa_prov)POA_PROV_INIT;
    prov_add_line(&p->s->prov, line);
}

/* What joining LINE's words to the open unit records besides the words. */
static void unit_appended(parser *p, const poa_line *line)
{
    prov_add_line(&p->s->prov, line);
    p->s->bare_heading = false;
    p->mision_seen |= p->s->unit == UNIT_MISION;
    p->vision_seen |= p->s->unit == UNIT_VISION;
}

/* Join the next wrapped line LINE (TEXT, collapsed) to the open unit. */
static void unit_append(parser *p, const char *text, const poa_line *line)
{
    normalize_join(p->s->acc, text, p->evidence);
    unit_appended(p, line);
}

/* As unit_append, taking *TEXT when it becomes the unit's first words: a
 * paragraph of one line of megabytes is held once, not twice. */
static void unit_append_take(parser *p, char **text, const poa_line *line)
{
    normalize_join_take(p->s->acc, text, p->evidence);
    unit_appended(p, line);
}

/* Has the plan gone on past NODE: is it off the path of last children
 * from the plan's root, where the elements being read are added? */
static bool plan_moved_past(const parser *p, const poa_node *node)
{
    for (const poa_node *n = p->report->plan; n; ) {
        if (n == node)
            return false;
        n = n->children->len ? g_ptr_array_index(n->children, n->children->len - 1) : NULL;
    }
    return true;
}

static void unit_close_node(parser *p, char *text)
{
    poa_node *node = p->s->node;
    p->s->node = NULL;
    if (!node) {
        g_free(text);
        return;
    }
    model_node_take_text(node, text);
    node->prov = p->s->prov;
    poa_node *original = parse_tree_twin(p, node->parent, node);
    /* the line of its code printed before, looked up first: the numbering
     * is read only then (a list of thousands is not read for each line) */
    poa_node *first = !original && node->kind == POA_NODE_LINEA
                          ? parse_tree_reprinted(p, node->parent, node) : NULL;
    if (first && (plan_moved_past(p, node->parent) || util_marks_only(node->text) ||
                  parse_tree_numbering_went_back(node->parent, node))) {
        /* a line printed again by its code in a later table (a calendar, a
         * follow-up matrix), its indicator or marks for text, once the plan
         * went on past its parent or its numbering, or with marks alone
         * ("X"): its first statement stands (two lines numbered alike in one
         * list are the document's error, reported) */
        model_node_take_text(node, g_strdup(""));
        parse_tree_remove(p, node, first);
        return;
    }
    if (!original)
        return;
    /* a row printed twice across a page break: keep one; a labelled objective
     * is kept over its copy in an introductory list */
    if (g_hash_table_contains(p->weak, original) && !g_hash_table_contains(p->weak, node))
        parse_tree_remove(p, original, node);
    else
        parse_tree_remove(p, node, original);
}

static void set_paragraph(char **slot, poa_prov *prov_slot, char *text, const poa_prov *prov)
{
    g_free(*slot);
    *slot = text;
    *prov_slot = *prov;
}

/* Close the open unit and ignore LINE and its continuation lines (prose
 * that is not part of the programme); the text is kept so that the usual
 * sentence checks decide where the ignored paragraph ends. */
static void unit_ignore(parser *p, const poa_line *line)
{
    parse_unit_close(p);
    parse_unit_open(p, UNIT_IGNORE, line->text, line);
}

/* Close the open unit and keep LINE's item (CODE, TEXT) and its
 * continuation lines apart: numbered text outside any section of the
 * programme is shown as not understood, never dropped in silence.  A
 * heading ("1. INTRODUCCIÓN") and anything after an end heading (annexes,
 * indicators) are known not to be the plan. */
static void unit_unplaced(parser *p, const char *code, const char *text, const poa_line *line)
{
    if (p->s->sec == SEC_END || (line->flags & (POA_LINE_HEADING | POA_LINE_LARGE)) ||
        !util_has_letter(text)) { /* "3 ……" of a table of contents */
        unit_ignore(p, line);
        return;
    }
    parse_unit_close(p);
    parse_unit_open(p, UNIT_UNPLACED, text, line);
    p->s->item_code = g_strdup(code);
}

/* A FODA item keeps the code it was printed with ("3", "F3", "a"), else
 * its position in the quadrant. */
static void foda_add(parser *p, const char *text)
{
    char *n = p->s->item_code ? g_strdup(p->s->item_code)
                           : g_strdup_printf("%u", p->report->foda[p->s->quad]->len + 1);
    model_foda_add(p->report, p->s->quad, n, text, &p->s->prov);
    g_free(n);
}


/* The room a stream's unit keeps for the next once closed: an ordinary
 * paragraph's; a larger one is freed. */
#define UNIT_KEEP_BYTES (64 * 1024)

/* The open unit's joined text, raw: a paragraph of megabytes is taken
 * from the stream, its buffer cut to its size, and the stream gets a new
 * one; an ordinary one is copied and its buffer kept for the next. */
static char *unit_raw_text(stream *s)
{
    if (s->acc->allocated_len <= UNIT_KEEP_BYTES)
        return g_strdup(s->acc->str);
    size_t len = s->acc->len;
    char *raw = g_string_free(s->acc, FALSE);
    s->acc = g_string_new(NULL);
    return g_realloc(raw, len + 1);
}

/* Close the open unit: its joined text goes to its place in the model. */
void parse_unit_close(parser *p)
{
    char *text = normalize_finish_take(unit_raw_text(p->s));
    switch (p->s->unit) {
    case UNIT_MISION:
        if (*text)
            set_paragraph(&p->report->mision, &p->report->mision_prov, g_steal_pointer(&text),
                          &p->s->prov);
        break;
    case UNIT_VISION:
        if (*text)
            set_paragraph(&p->report->vision, &p->report->vision_prov, g_steal_pointer(&text),
                          &p->s->prov);
        break;
    case UNIT_FODA: /* a factor is words: "X" or "A" is a rating grid's mark */
        if (util_has_word(text))
            foda_add(p, text);
        break;
    case UNIT_NODE:
        unit_close_node(p, text);
        text = NULL;
        break;
    case UNIT_META:
        /* a name, not a sentence: "... y Agostaderos.", "Área responsable:
         * Departamento de ... y Planeación." */
        if (p->s->title_only || p->s->meta_slot == &p->report->meta.institucion ||
            p->s->meta_slot == &p->report->meta.area)
            util_strip_final_period(text);
        if (*text)
            model_set_string(p->s->meta_slot, text);
        break;
    case UNIT_IGNORE: /* an introduction may state the facts in its prose */
        if (p->s->approval)
            parse_meta_approval(p, text);
        parse_meta_from_prose(p, text);
        break;
    case UNIT_UNPLACED:
        if (*text)
            model_unplaced_add(p->report, p->s->item_code, text, &p->s->prov);
        break;
    case UNIT_NONE:
    case UNIT_NUMBER:
        break;
    }
    g_free(text);
    p->s->unit = UNIT_NONE;
    g_string_truncate(p->s->acc, 0);
    p->s->node = NULL;
    p->s->title_only = false;
    g_clear_pointer(&p->s->item_code, g_free);
}

/* ---- structure ---- */

/* A new element of KIND under PARENT (or, where PARENT cannot hold it,
 * beside it), its text opened as the unit being read.  OPEN: its level
 * waits for the whole plan (a bare number). */
static poa_node *node_add(parser *p, poa_node *parent, poa_node_kind kind, const char *code,
                          const poa_line *line, const char *text, bool open)
{
    parse_unit_close(p);
    poa_node *node = model_node_new(kind, code, "");
    if (open)
        model_node_open_level(node);
    model_node_place(parent, node);
    parse_tree_code_register(p, node);
    parse_tree_twins_add(p, node);
    parse_unit_open(p, UNIT_NODE, text, line);
    p->s->node = node;
    p->s->title_only = false;
    p->recognised++;
    return node;
}

static void add_eje(parser *p, const char *code, const char *text, const poa_line *line)
{
    p->s->cur_eje = node_add(p, p->report->plan, POA_NODE_EJE, code, line, text, false);
    p->s->cur_obj = NULL;
    p->s->title_only = true;
    p->s->sec = SEC_EJES;
}

static poa_node *objective_parent(parser *p)
{
    return p->s->cur_eje ? p->s->cur_eje : p->report->plan;
}

static void add_objective(parser *p, const char *code, const char *text, const poa_line *line,
                          bool weak)
{
    parse_unit_close(p); /* first: closing may merge away a repeated parent */
    p->s->cur_obj =
        node_add(p, objective_parent(p), POA_NODE_OBJETIVO, code, line, text, false);
    if (weak)
        g_hash_table_add(p->weak, p->s->cur_obj);
    else
        p->strong_objectives = true;
    p->s->sec = SEC_OBJETIVOS;
}

/* Where a numbered strategy or line goes: under the node its code names,
 * else under the current objective, else at the top (an orphan). */
static poa_node *coded_parent(parser *p, const char *code)
{
    poa_node *parent = code ? parse_tree_code_find_parent(p, code) : NULL;
    if (parent && parent->kind != POA_NODE_LINEA)
        return parent;
    if (parent) /* "1.1.1" under a line "1.1": the line was a strategy */
        return parent;
    if (p->s->cur_obj && (!code || !strchr(code, '.')))
        return p->s->cur_obj;
    return p->report->plan;
}

static void add_coded(parser *p, poa_node_kind kind, const char *code, const char *text,
                      const poa_line *line, bool bare)
{
    parse_unit_close(p); /* first: closing may merge away a repeated parent */
    poa_node *parent = coded_parent(p, code);
    if (parent->kind == POA_NODE_LINEA) /* a line that holds others: its level waits */
        model_node_open_level(parent);
    node_add(p, parent, kind, code, line, text, bare);
}

/* ---- line handling ---- */

/* May LINE start a new unit here?  At a paragraph or cell start, after a
 * finished sentence, in an empty unit, or when it looks like a heading. */
static bool can_start(const parser *p, const poa_line *line, const char *text, bool boundary)
{
    if (p->s->unit == UNIT_NONE || p->s->acc->len == 0 || boundary)
        return true;
    if (line->flags & POA_LINE_HEADING)
        return true;
    return normalize_ends_sentence_len(p->s->acc->str, p->s->acc->len) || normalize_is_caps(text);
}

static bool is_boundary(const parser *p, const poa_line *line)
{
    return p->blocks_reliable && (line->flags & POA_LINE_BLOCK_START);
}

/* Is LINE indented under the open item's first line, on the same page or
 * at the top of the next (the hanging indent of a bulleted item the layout
 * cut into two blocks, or that a page break cut)? */
static bool hanging_indent(const parser *p, const poa_line *line)
{
    bool same_page = line->page == p->s->prov.page;
    bool next_page_top = line->page > p->s->prov.page && (line->flags & POA_LINE_PAGE_START);
    return !(line->flags & POA_LINE_CELL) && (p->s->unit == UNIT_FODA || p->s->unit == UNIT_NODE) &&
           (same_page || next_page_top) && line->x0 > p->s->prov.x0 + 4.0 &&
           line->x0 < p->s->prov.x1;
}

/* Does an unlabelled line continue the open unit? */
static bool continues(const parser *p, const poa_line *line, const char *text, bool boundary)
{
    if (p->s->unit == UNIT_NONE)
        return false;
    if (p->s->acc->len == 0)
        return true;
    bool open_sentence = !normalize_ends_sentence_len(p->s->acc->str, p->s->acc->len);
    /* a bulleted item's explanation on the lines under its text (the
     * bullet's hang, within 3 em of it): the item's, sentence or not */
    bool under_bullet = p->s->unit == UNIT_FODA && p->s->mode == MODE_MARKED &&
                        hanging_indent(p, line) &&
                        line->x0 < p->s->prov.x0 + 3 * line->font_size;
    if (boundary) /* a new block continues only a sentence cut by a page or column, */
        return under_bullet ||
               (open_sentence &&
                ((normalize_starts_lower(text) &&
                  (!(line->flags & POA_LINE_ROW_START) || line->page != p->s->page)) ||
                 hanging_indent(p, line))); /* or a wrapped line indented under its bullet */
    if (p->blocks_reliable)
        return true;
    return open_sentence || normalize_starts_lower(text);
}

static void start_quadrant(parser *p, poa_quadrant q, const rule_match *match,
                           const poa_line *line)
{
    parse_unit_close(p);
    p->s->sec = SEC_FODA;
    p->s->quad = q;
    p->s->mode = MODE_UNSET;
    p->s->foda_head = false;
    p->s->queued_sec = SEC_NONE;
    p->report->foda_present = true;
    p->recognised++;
    char *text = rule_match_group(match, "text");
    if (text && *text) {
        parse_unit_open(p, UNIT_FODA, text, line);
        p->s->mode = MODE_MARKED;
    }
    g_free(text);
}

static void start_paragraph_section(parser *p, section sec, const rule_match *match,
                                    const poa_line *line)
{
    parse_unit_close(p);
    p->s->sec = sec;
    p->s->foda_head = false;
    p->s->queued_sec = SEC_NONE;
    char *text = rule_match_group(match, "text");
    parse_unit_open(p, sec == SEC_MISION ? UNIT_MISION : UNIT_VISION, text, line);
    p->recognised++;
    g_free(text);
}

static void start_section(parser *p, section sec)
{
    parse_unit_close(p);
    p->s->sec = sec;
    p->s->mode = MODE_UNSET;
    p->s->foda_head = false;
    p->s->queued_sec = SEC_NONE;
}

/* A headed list item ("‣ ...", "1. ...", "F1. ...", "a) ..."). */
/* An item coded with its quadrant's letter ("F1.", "A4.") says its
 * quadrant itself: the rule names it with a group f, d, o or a. */
static bool item_quadrant(const rule_match *match, poa_quadrant *q)
{
    static const char *const groups[POA_QUADRANTS] = { "f", "d", "o", "a" };
    for (int i = 0; i < POA_QUADRANTS; i++) {
        char *g = rule_match_group(match, groups[i]);
        bool hit = g && *g;
        g_free(g);
        if (hit) {
            *q = (poa_quadrant)i;
            return true;
        }
    }
    return false;
}

/* An item of a "Líneas de acción" list: "3." under objective 2 is line
 * 2.3; a bulleted one is a line of the current objective without a code. */
static poa_node *latest_objective(const parser *p);
static bool add_line_under_latest(parser *p, const char *code, const char *text,
                                  const poa_line *line);

static void add_list_line(parser *p, const char *code, const char *text, const poa_line *line)
{
    if (!code && p->s->column >= 0) {
        /* a bullet in a table's column: the objective of its row, read
         * just before it in another column (this column's own is stale) */
        if (!add_line_under_latest(p, NULL, text, line))
            unit_ignore(p, line);
        return;
    }
    if (!p->s->cur_obj) {
        unit_ignore(p, line);
        return;
    }
    char *full = code ? g_strdup_printf("%s.%s", p->s->cur_obj->code ? p->s->cur_obj->code
                                                                       : "0", code)
                      : NULL;
    add_coded(p, POA_NODE_LINEA, full, text, line, false);
    g_free(full);
}

/* The objective read last: the last one on the plan's rightmost branch
 * (a table's lines, in their own column, follow the objective of their
 * row, read just before them in another column); NULL when none. */
static poa_node *latest_objective(const parser *p)
{
    poa_node *found = NULL;
    for (poa_node *n = p->report->plan; n->children->len;) {
        n = g_ptr_array_index(n->children, n->children->len - 1);
        if (n->kind == POA_NODE_OBJETIVO)
            found = n;
        else if (n->kind != POA_NODE_EJE)
            break;
    }
    return found;
}

/* A line lettered "a)" (CODE) or bulleted (CODE NULL) under the objective
 * read last; false when there is none. */
static bool add_line_under_latest(parser *p, const char *code, const char *text,
                                  const poa_line *line)
{
    parse_unit_close(p); /* first: closing may merge away a repeated parent */
    poa_node *o = latest_objective(p);
    if (o)
        node_add(p, o, POA_NODE_LINEA, code, line, text, false);
    return o != NULL;
}

/* Is CODE ("2") the number after the open objective's ("1"), whose lines
 * carry its number ("1.1", "1.2")?  Then it is the next objective of the
 * list, not a line numbered on its own. */
static bool next_objective(const parser *p, const char *code)
{
    const poa_node *o = p->s->cur_obj;
    if (!o || !o->code || strchr(o->code, '.') || strchr(code, '.') ||
        parse_tree_code_value(code) != parse_tree_code_value(o->code) + 1)
        return false;
    for (guint i = 0; i < o->children->len; i++) {
        const poa_node *c = g_ptr_array_index(o->children, i);
        if (c->code && g_str_has_prefix(c->code, o->code) && c->code[strlen(o->code)] == '.')
            return true;
    }
    return false;
}

/* The code an item was printed with, as the parser weighs it. */
typedef struct item_code {
    char *code;    /* cleaned ("F.1" as "F1"), or NULL for a bullet; owned */
    bool numeric;  /* "1.", "1.2" */
    bool numbered; /* numeric, or Roman with a dot ("IV.") */
    bool lettered; /* one letter ("a)", "H)") */
} item_code;

static item_code item_code_read(const rule_match *match)
{
    char *raw = rule_match_group(match, "code");
    item_code c = { parse_tree_code_clean(raw), false, false, false };
    c.numeric = c.code && g_ascii_isdigit(c.code[0]);
    c.numbered = c.numeric ||
                 (rule_match_has(match, "roman") && parse_tree_code_value(c.code) > 0);
    c.lettered = c.code && g_ascii_isalpha(c.code[0]) && !c.code[1] && !c.numbered;
    if (c.code && g_ascii_isalpha(c.code[0]) && c.code[1] == '.') /* "F.1": one code, F1 */
        memmove(c.code + 1, c.code + 2, strlen(c.code + 2) + 1);
    g_free(raw);
    return c;
}

/* The number CODE ends with ("4.2" -> 2, "3" -> 3); 0 for none. */
static int last_number(const char *code)
{
    const char *dot = code ? strrchr(code, '.') : NULL;
    const char *last = dot ? dot + 1 : code;
    return last && g_ascii_isdigit(*last) ? atoi(last) : 0;
}

/* A list's numbers may skip this many (a numbering gap, an item lost to
 * extraction); a number further on is no item of it. */
#define LIST_NUMBER_SKIP 3

/* Does a number printed alone on its line (VALUE, its item's text on the
 * lines after) go on the plan's numbering: 1, or at most a few past the
 * open objective's number or its last line's?  Elsewhere it is a figure of
 * a table printed one cell a line ("32" after lines 4.1 and 4.2). */
static bool number_goes_on(const parser *p, int value)
{
    const poa_node *o = p->s->cur_obj;
    int last = o ? last_number(o->code) : 0;
    if (o && o->children->len) {
        const poa_node *c = g_ptr_array_index(o->children, o->children->len - 1);
        last = MAX(last, last_number(c->code));
    }
    return value == 1 || value <= last + 1 + LIST_NUMBER_SKIP;
}

/* Does dotted CODE, printed alone on its line, go on the plan's
 * numbering: under an element read, or its first number at most a few
 * past the open eje's or objective's?  "93.8" and "75.0" under objectives
 * 1 to 3 are a table's figures. */
static bool code_goes_on(parser *p, const char *code)
{
    if (parse_tree_code_find_parent(p, code))
        return true;
    int top = 0;
    if (p->s->cur_eje)
        top = MAX(top, atoi(p->s->cur_eje->code ? p->s->cur_eje->code : "0"));
    if (p->s->cur_obj)
        top = MAX(top, atoi(p->s->cur_obj->code ? p->s->cur_obj->code : "0"));
    return atoi(code) <= top + 1 + LIST_NUMBER_SKIP;
}

/* Is MATCH, an item, a number printed alone in a section of the plan
 * that stands among figures ("1" over "0") or does not go on its
 * numbering: a figure, plain words? */
static bool item_is_figure(const parser *p, const rule_match *match)
{
    if (p->s->sec != SEC_OBJETIVOS && p->s->sec != SEC_EJES && p->s->sec != SEC_LINEAS)
        return false;
    char *code = rule_match_group(match, "code"), *text = rule_match_group(match, "text");
    bool figure = code && (!text || !*text) && g_ascii_isdigit(code[0]) &&
                  strspn(code, "0123456789") == strlen(code) &&
                  (p->in_figures || !number_goes_on(p, atoi(code)));
    g_free(code);
    g_free(text);
    return figure;
}

/* An item in a section of the plan: an objective when numbered, a line
 * when lettered or bulleted under one (SEC_OBJETIVOS, SEC_EJES,
 * SEC_LINEAS). */
static void plan_item(parser *p, const item_code *c, const char *text, const poa_line *line)
{
    if (p->s->sec == SEC_LINEAS && c->numbered && next_objective(p, c->code)) {
        p->s->sec = SEC_OBJETIVOS; /* "2." after lines "1.1", "1.2" */
        add_objective(p, c->code, text, line, true);
    } else if (p->s->sec == SEC_LINEAS && !c->lettered) {
        add_list_line(p, c->numeric ? c->code : NULL, text, line);
    } else if (p->s->sec != SEC_LINEAS && c->numbered) {
        add_objective(p, c->code, text, line, true);
    } else if (!(c->lettered || !c->code) || !add_line_under_latest(p, c->code, text, line)) {
        if (c->code && text && *text) /* "a)" before any objective: no line, and not dropped */
            unit_unplaced(p, c->code, text, line);
        else
            unit_ignore(p, line); /* a bullet before any objective: not a line */
    }
}

static void handle_item(parser *p, const rule_match *match, const poa_line *line)
{
    item_code c = item_code_read(match);
    char *text = rule_match_group(match, "text");
    poa_quadrant q;
    if (item_quadrant(match, &q)) {
        parse_unit_close(p); /* the previous item belongs to the previous quadrant */
        if (p->s->sec != SEC_FODA || p->s->quad != q)
            p->report->foda_present = true, p->recognised++;
        p->s->sec = SEC_FODA;
        p->s->quad = q;
    }
    switch (p->s->sec) {
    case SEC_FODA:
        parse_unit_close(p);
        parse_unit_open(p, UNIT_FODA, text, line);
        p->s->item_code = g_strdup(c.code);
        p->s->mode = MODE_MARKED;
        break;
    case SEC_OBJETIVOS:
    case SEC_EJES:
    case SEC_LINEAS:
        plan_item(p, &c, text, line);
        break;
    case SEC_ESTRATEGIAS: /* numbered as printed, or unnumbered under the objective */
        add_coded(p, POA_NODE_ESTRATEGIA, c.numeric ? c.code : NULL, text, line, false);
        break;
    default:
        if (c.code && text && *text) {
            unit_unplaced(p, c.code, text, line);
            break;
        }
        unit_ignore(p, line);
        /* a number alone in a row's first cell numbers the row, and so does
         * one that ends a code wrapped in its cell ("AC2.1." / "3"); alone
         * in a later cell it is a figure ("75" under "2027") */
        bool numbers_row = (line->flags & POA_LINE_ROW_START) ||
                           !(line->flags & POA_LINE_BLOCK_START);
        if (c.numeric && (!text || !*text) && (line->flags & POA_LINE_CELL) && numbers_row) {
            parse_unit_open(p, UNIT_NUMBER, NULL, line);
            p->s->item_code = g_strdup(c.code);
        }
        break;
    }
    g_free(c.code);
    g_free(text);
}

/* A labelled plan element: eje, objetivo, estrategia, línea, bare code.
 * Returns false when the line is not taken as one. */
static bool handle_plan_label(parser *p, const rule_match *match, const poa_line *line)
{
    char *raw = rule_match_group(match, "code");
    char *code = parse_tree_code_clean(raw);
    char *text = rule_match_group(match, "text");
    switch (match->kind) {
    case RK_EJE:
        add_eje(p, code, text, line);
        break;
    case RK_OBJETIVO:
        add_objective(p, code, text, line, false);
        break;
    case RK_ESTRATEGIA:
        add_coded(p, POA_NODE_ESTRATEGIA, code, text, line, false);
        break;
    case RK_LINEA:
        add_coded(p, POA_NODE_LINEA, code, text, line, false);
        break;
    default: /* RK_CODE: kind decided when the tree is complete */
        if (p->s->sec == SEC_END ||
            (text && (normalize_starts_lower(text) || g_str_has_suffix(text, ":"))) ||
            (text && *text && !util_has_letter(text)) ||
            ((!text || !*text) && code && !code_goes_on(p, code))) {
            /* "64.15 habitantes por ..." is a number in a sentence, "2.1 Duración:"
             * a form's field, "93.8" alone or "56.8 %" a table's figure, and
             * after an end heading numbers are not the plan */
            g_free(raw), g_free(code), g_free(text);
            return false;
        }
        add_coded(p, POA_NODE_LINEA, code, text, line, true);
        break;
    }
    g_free(raw);
    g_free(code);
    g_free(text);
    return true;
}

/* An unlabelled paragraph worded like a mission or vision. */
static bool handle_wording(parser *p, rule_kind kind, const char *text, const poa_line *line)
{
    bool in_list = p->s->sec == SEC_FODA && p->s->mode != MODE_MARKED;
    bool list_sec = in_list || p->s->sec == SEC_OBJETIVOS || p->s->sec == SEC_ESTRATEGIAS ||
                    p->s->sec == SEC_LINEAS || p->s->sec == SEC_EJES;
    /* a heading that got no item (a form's column header row) opens nothing */
    if (p->s->sec == SEC_END || (list_sec && !p->s->header_row))
        return false;
    bool want_vision = kind == RK_VISION_TEXT || (p->mision_seen && !p->vision_seen);
    if (want_vision ? p->vision_seen : p->mision_seen)
        return false;
    parse_unit_close(p);
    p->s->sec = want_vision ? SEC_VISION : SEC_MISION;
    parse_unit_open(p, want_vision ? UNIT_VISION : UNIT_MISION, text, line);
    p->recognised++;
    return true;
}

/* The first text under a row of headings has ended ("Misión" / "Visión" /
 * mission / vision): TEXT, a new paragraph, opens the section queued. */
static bool open_queued_section(parser *p, const char *text, const poa_line *line)
{
    section sec = p->s->queued_sec;
    bool first_done = (p->s->unit == UNIT_MISION || p->s->unit == UNIT_VISION) &&
                      p->s->acc->len > 0;
    if (sec == SEC_NONE || !first_done)
        return false;
    p->s->queued_sec = SEC_NONE;
    parse_unit_close(p);
    p->s->sec = sec;
    parse_unit_open(p, sec == SEC_MISION ? UNIT_MISION : UNIT_VISION, text, line);
    p->recognised++;
    return true;
}

/* A plain line that starts a new paragraph. */
static void handle_paragraph(parser *p, const char *text, const poa_line *line)
{
    if (open_queued_section(p, text, line))
        return;
    bool cell = line->flags & POA_LINE_CELL;
    if (p->s->sec == SEC_FODA && (line->flags & POA_LINE_HEADING) && p->s->mode != MODE_CELL)
        p->s->sec = SEC_NONE; /* an unknown heading ends an unmarked list */
    if (p->s->sec == SEC_FODA) {
        list_mode mode = cell ? MODE_CELL : MODE_PARAGRAPH;
        if (p->s->mode == MODE_UNSET || p->s->mode == mode) {
            parse_unit_close(p);
            p->s->mode = mode;
            parse_unit_open(p, UNIT_FODA, text, line);
            return;
        }
        p->s->sec = SEC_NONE; /* unmarked prose after a marked list ends it */
    }
    /* a vision or mission printed as two paragraphs in double-spaced text */
    if ((p->s->sec == SEC_VISION || p->s->sec == SEC_MISION) && !p->blocks_reliable) {
        bool vision = p->s->sec == SEC_VISION;
        if (p->s->unit == (vision ? UNIT_VISION : UNIT_MISION)) {
            /* still open: closing and reopening would normalise the whole
             * text again for every paragraph, quadratic in their number */
            unit_append(p, text, line);
            return;
        }
        parse_unit_close(p);
        const char *prev = vision ? p->report->vision : p->report->mision;
        poa_prov prov = vision ? p->report->vision_prov : p->report->mision_prov;
        parse_unit_open(p, vision ? UNIT_VISION : UNIT_MISION, prev, line);
        p->s->prov = prov;
        unit_append(p, text, line);
        return;
    }
    unit_ignore(p, line);
}

static bool is_heading_kind(rule_kind k)
{
    return (k >= RK_MISION && k <= RK_END) || k == RK_SKIP;
}

static bool is_meta_kind(rule_kind k)
{
    return k >= RK_INSTITUCION && k <= RK_PERIODO_FIN;
}

/* Is LINE a part's label inside an element ("Metas:", a colon ending a
 * short line) rather than a chapter heading? */
static bool sub_part_label(const poa_line *line)
{
    size_t n = strlen(line->text);
    while (n && g_ascii_isspace(line->text[n - 1]))
        n--;
    return n && n < 40 && line->text[n - 1] == ':';
}

static void handle_heading(parser *p, const rule_match *match, const poa_line *line);

/* Is LINE a column heading that names objectives ("Objetivo", "Objetivo
 * estratégico": the rule file's `nivel.objetivo`)? */
static bool heading_names_objective(parser *p, const poa_line *line)
{
    return rules_match_kind(p->m, RK_LEVEL_OBJETIVO, line->text, NULL);
}

/* Does heading KIND, right after the other paragraph section's empty
 * heading ("Misión" then "Visión"), make a row of headings over their
 * texts? */
static bool heading_row_of_paragraphs(const parser *p, rule_kind kind)
{
    return p->s->unit == (kind == RK_VISION ? UNIT_MISION : UNIT_VISION) &&
           (kind == RK_VISION || kind == RK_MISION) && p->s->acc->len == 0;
}

int parse_row_right_of(const row_ref *r, const poa_line *line)
{
    if (r->kind == RK_NONE || !(line->flags & POA_LINE_CELL) ||
        !(line->flags & POA_LINE_BLOCK_START) || line->page != r->page)
        return 0;
    if (line->x0 > r->x1 && line->y0 < r->y1 && line->y1 > r->y0)
        return 1;
    return line->y0 >= r->y1 ? -1 : 0;
}

/* A row heading waiting for the cell on its right: take it there. */
static void take_row_heading(parser *p, const poa_line *line)
{
    int at = parse_row_right_of(&p->row_heading, line);
    rule_kind kind = p->row_heading.kind;
    if (at != 0)
        p->row_heading.kind = RK_NONE; /* taken, or a later row: the name stood alone */
    if (at > 0) {
        rule_match heading = RULE_MATCH_INIT; /* the name's kind; its words are its cell's */
        rule_match_make(&heading, kind, NULL);
        handle_heading(p, &heading, line);
        rule_match_clear(&heading);
    }
}

static void handle_heading(parser *p, const rule_match *match, const poa_line *line)
{
    rule_kind kind = match->kind;
    if ((line->flags & POA_LINE_CELL) && (line->flags & POA_LINE_ROW_START) &&
        ((kind >= RK_FORTALEZAS && kind <= RK_AMENAZAS) || kind == RK_EJES ||
         kind == RK_OBJETIVOS || kind == RK_ESTRATEGIAS)) {
        /* for a cell to its right in the same row: a quadrant's items, or
         * a header row's next column ("Objetivo estratégico | Líneas de
         * acción"), which starts in that section, not in the FODA a table
         * above left open */
        p->row_heading = (row_ref){ kind, line->page, line->y0, line->y1, line->x1 };
    }
    bool run = p->s->bare_heading && p->s->acc->len == 0;
    bool free_text = !(line->flags & POA_LINE_CELL);
    bool after_objective = p->s->objective_column;
    p->s->objective_column = kind == RK_OBJETIVOS || (kind == RK_SKIP && heading_names_objective(p, line));
    if (free_text && run && heading_row_of_paragraphs(p, kind)) {
        /* "Misión" / "Visión" in a row over both texts: the first text is
         * the mission's, the next the vision's */
        p->s->queued_sec = kind == RK_VISION ? SEC_VISION : SEC_MISION;
        p->s->bare_heading = true;
        return;
    }
    if (free_text && run && kind == RK_LINEAS && after_objective) {
        /* "Objetivo" / "Líneas de acción" over the table's rows: objectives
         * numbered "1." and their lines "1.1" follow, read by their codes */
        p->s->sec = SEC_OBJETIVOS;
        p->s->bare_heading = true;
        return;
    }
    switch (kind) {
    case RK_MISION: start_paragraph_section(p, SEC_MISION, match, line); break;
    case RK_VISION: start_paragraph_section(p, SEC_VISION, match, line); break;
    case RK_FORTALEZAS: start_quadrant(p, POA_FORTALEZAS, match, line); break;
    case RK_DEBILIDADES: start_quadrant(p, POA_DEBILIDADES, match, line); break;
    case RK_OPORTUNIDADES: start_quadrant(p, POA_OPORTUNIDADES, match, line); break;
    case RK_AMENAZAS: start_quadrant(p, POA_AMENAZAS, match, line); break;
    case RK_FODA:
        start_section(p, SEC_NONE);
        p->report->foda_present = true;
        p->s->foda_head = true; /* until a section opens: "F.1" is a strength */
        break;
    case RK_EJES: start_section(p, SEC_EJES); break;
    case RK_OBJETIVOS: start_section(p, SEC_OBJETIVOS); break;
    case RK_ESTRATEGIAS: start_section(p, SEC_ESTRATEGIAS); break;
    case RK_LINEAS: start_section(p, SEC_LINEAS); break;
    case RK_END:
        start_section(p, SEC_END);
        if (!sub_part_label(line)) { /* "Metas:" under an objective keeps it */
            p->s->cur_obj = NULL;
            p->s->cur_eje = NULL;
        }
        break;
    default: parse_unit_close(p); break; /* RK_SKIP: a column heading */
    }
    p->s->header_row = run;
    p->s->bare_heading = true;
}


/* A line of a wrapped name is short: a longer one is a sentence. */
#define NAME_LINE_MAX_BYTES 80

/* May TEXT be the next line of a title wrapped in its cell: words no rule
 * takes for a label, a heading or a list item ("Bienestar Social" after
 * "Desarrollo Humano y"), and the title not a finished sentence? */
static bool wrapped_title_line(parser *p, const char *text)
{
    rule_kind kind = rules_kind_of(p->m, text);
    bool plain = kind == RK_NONE || kind == RK_MISION_TEXT || kind == RK_VISION_TEXT ||
                 kind == RK_INSTITUCION;
    return plain && !normalize_ends_sentence_len(p->s->acc->str, p->s->acc->len);
}

/* Does a title (a name, an eje) wrapped at ACC go on with LINE?  Only when
 * LINE looks like a title too and ACC stops mid-name: on a connecting word
 * ("... CONSTITUCIONAL DE" / "TANHUATO"), a comma, or "San". */
static bool ends_on_join_word(const parser *p, const char *acc)
{
    const char *space = strrchr(acc, ' ');
    return rules_match_kind(p->m, RK_JOIN_WORD, space ? space + 1 : acc, NULL);
}

/* Does TEXT, the line after a name or title read so far, open on a
 * connecting word ("DEL MUNICIPIO DE JEREZ"): the name goes on there. */
static bool starts_on_join_word(const parser *p, const char *text)
{
    return rules_match_kind(p->m, RK_JOIN_START, text, NULL);
}

static bool title_goes_on(const parser *p, const char *acc, const char *text, const poa_line *line)
{
    if (!normalize_is_caps(text) && !(line->flags & POA_LINE_HEADING))
        return false;
    if (normalize_starts_lower(text) || g_str_has_suffix(acc, ","))
        return true;
    /* a heading block wrapped ("Instituto Nayarita de Bibliotecas y
     * Archivos" / "Públicos"): its next line, one word or two */
    const char *space = strchr(text, ' ');
    bool short_line = !space || !strchr(space + 1, ' ');
    if ((line->flags & POA_LINE_HEADING) && !(line->flags & POA_LINE_BLOCK_START) && short_line)
        return true;
    return ends_on_join_word(p, acc) || starts_on_join_word(p, text);
}

/* Append TEXT, the next line of a title being read, up to the dash or
 * colon that ends a body's name ("Veracruz: Plan Municipal de ..."): the
 * name ends there (the title sweep reads the rest for the span). */
static void append_name_part(parser *p, const char *text, const poa_line *line)
{
    bool name = p->s->unit == UNIT_META && p->s->meta_slot == &p->report->meta.institucion;
    static const char *const ends[] = { ": ", " — ", " – ", " - ", " · ", " | " };
    const char *cut = NULL;
    for (size_t i = 0; name && i < G_N_ELEMENTS(ends); i++) {
        const char *at = strstr(text, ends[i]);
        if (at && (!cut || at < cut))
            cut = at;
    }
    if (!cut && name && g_str_has_suffix(text, ":"))
        cut = text + strlen(text) - 1;
    if (!cut) {
        unit_append(p, text, line);
        return;
    }
    char *part = g_strndup(text, (gsize)(cut - text));
    unit_append(p, part, line);
    g_free(part);
    parse_unit_close(p);
}

/* Does LINE go on with the institution's name being read?  A name wraps
 * in a narrow cell, column or logo block ("Tribunal de Justicia" /
 * "Administrativa del" / "Estado de Durango"): the next line of the same
 * block, right under it, that no rule takes; in text without blocks, only
 * after a connecting word ("Comisión Nacional de" / "Zonas Áridas"). */
static bool name_wraps(parser *p, const poa_line *line, const char *text)
{
    if (p->s->unit != UNIT_META || p->s->meta_slot != &p->report->meta.institucion ||
        p->s->acc->len == 0 || strlen(text) > NAME_LINE_MAX_BYTES)
        return false;
    bool same_block = p->blocks_reliable && !(line->flags & POA_LINE_BLOCK_START) &&
                      line->page == p->s->prov.page &&
                      line->y0 - p->s->prov.y1 < 0.5 * line->font_size;
    bool joined = !p->blocks_reliable &&
                  (ends_on_join_word(p, p->s->acc->str) || starts_on_join_word(p, text));
    return (same_block || joined) && wrapped_title_line(p, text);
}

/* In text without paragraph marks, a short heading ("Misión", "Fortalezas")
 * after a line no rule took (a unit's name, an introduction's last line)
 * starts its section, unless that line stops on a connecting word. */
static bool heading_after_ignored(const parser *p, const char *text)
{
    if ((p->s->unit != UNIT_IGNORE && p->s->unit != UNIT_UNPLACED) || p->blocks_reliable || normalize_starts_lower(text) ||
        ends_on_join_word(p, p->s->acc->str))
        return false;
    int words = 1;
    for (const char *c = text; *c; c++)
        words += *c == ' ';
    return words <= 3;
}

/* Is TEXT, a column heading, the one this column showed on an earlier
 * page (a table's header row printed again over its continuation)?
 * Remembers it otherwise. */
static bool repeated_column_heading(parser *p, const poa_line *line, const char *text)
{
    char *fold = g_utf8_casefold(text, -1);
    /* the column's first line on this page, repeating its last heading or
     * its header row's (quadrant names under "Componente" came between) */
    bool again = p->s->col_heading && line->page > p->s->col_heading_page &&
                 line->page > p->s->page &&
                 (strcmp(fold, p->s->col_heading) == 0 ||
                  (p->s->top_heading && strcmp(fold, p->s->top_heading) == 0));
    if (again) {
        g_free(fold);
        return true;
    }
    if (!p->s->top_heading)
        p->s->top_heading = g_strdup(fold);
    g_free(p->s->col_heading);
    p->s->col_heading = fold;
    p->s->col_heading_page = line->page;
    return false;
}

/* ---- the feed steps ----
 *
 * A segment of a line (a line may hold two bulleted items, or facts side
 * by side) goes through the steps of feed_steps, in order, until one takes
 * it.  A step reads the segment (its text, its line's place, the rules'
 * match) and the parser's state.  It takes the segment (returns true), or
 * lets it go on, having at most refined what the segment is: its match. */
typedef struct segment {
    const poa_line *line;
    char *text;       /* collapsed; owned (a step may keep only the words after a bullet) */
    bool boundary;    /* TEXT starts a block */
    rule_match match; /* what the rules say TEXT is, as the steps refine it */
    bool may_start;   /* TEXT may start a new unit here (can_start) */
    int goes_on;      /* does TEXT go on the open unit: -1 not asked yet, 0, 1 */
    char *number;     /* a number alone in the cell before TEXT's, numbering its row; owned */
} segment;

static void feed_text(parser *p, const poa_line *line, const char *text, bool boundary);

/* Does the segment go on the open unit (continues, asked once)? */
static bool segment_goes_on(const parser *p, segment *g)
{
    if (g->goes_on < 0)
        g->goes_on = continues(p, g->line, g->text, g->boundary);
    return g->goes_on;
}

/* A number alone in a table cell ("1" | "Incrementar la cobertura ...")
 * numbers the cell beside it: the segment is that row's, the number its
 * code.  A cell under the number's is another row: the figure stood alone
 * ("24" under "Meta"). */
static bool step_row_number(parser *p, segment *g)
{
    if (p->s->unit != UNIT_NUMBER)
        return false;
    const poa_line *line = g->line;
    bool cell_below = (line->flags & POA_LINE_CELL) && (line->flags & POA_LINE_BLOCK_START) &&
                      (line->page != p->s->prov.page || line->y0 >= p->s->prov.y1);
    if (!cell_below)
        g->number = g_strdup(p->s->item_code);
    parse_unit_close(p);
    return false;
}

/* What is already waiting for this line: a column heading's value, a
 * title's next line. */
static bool step_pending(parser *p, segment *g)
{
    const poa_line *line = g->line;
    const char *text = g->text;
    /* A value starts a cell or block, or is the line right after its label.
     * Where blank lines do not mark paragraphs (every line a block), any
     * line may be one: words that go on the open value are offered only
     * to date and year labels. */
    bool offer = g->boundary || p->s->label_next;
    bool continuation = false;
    if (!offer && !p->blocks_reliable && (line->flags & POA_LINE_BLOCK_START)) {
        offer = true;
        continuation = segment_goes_on(p, g);
    } else if (!offer && !p->blocks_reliable && p->s->n_labels &&
               (p->s->unit == UNIT_META || p->s->label_values)) {
        /* a form's values one a line under their labels, as text without
         * blocks prints them: a value goes on only after a connecting
         * word ("Gerencia de Planeación y" / "Proyectos" / "Trimestral") */
        offer = true;
        continuation = p->s->unit == UNIT_META &&
                       (ends_on_join_word(p, p->s->acc->str) || normalize_starts_lower(text));
    }
    if (p->s->n_labels && offer && parse_meta_take_labelled_value(p, line, text, continuation))
        return true;
    if (name_wraps(p, line, text)) {
        append_name_part(p, text, line);
        return true;
    }
    if (p->s->title_only && p->s->unit != UNIT_NONE) {
        /* an eje's title wrapped in its ruled cell goes on over the cell's
         * plain lines (a name in a cover's cell is followed by other titles) */
        bool same_cell = p->s->unit == UNIT_NODE && (line->flags & POA_LINE_CELL) &&
                         !(line->flags & POA_LINE_BLOCK_START) &&
                         line->y0 - p->s->prov.y1 < 0.5 * line->font_size && /* no gap */
                         wrapped_title_line(p, text);
        if (same_cell || title_goes_on(p, p->s->acc->str, text, line)) { /* whatever it looks like */
            append_name_part(p, text, line);
            return true;
        }
        parse_unit_close(p); /* a title (eje, institution) ends where plain text begins */
    }
    g->goes_on = -1; /* a label's value may have closed the unit it was asked of */
    return false;
}

/* Is LINE in a table's column beside the structure: in a FODA table what
 * is done about each factor ("Fortalezas | Acciones"), in a plan table a
 * measure ("Meta anual", "Unidad de medida": "24" there is a figure, not
 * objective 24)? */
static bool side_column(const parser *p, const poa_line *line)
{
    const char *h = p->s->col_heading;
    if (!(line->flags & POA_LINE_CELL) || !h)
        return false;
    if (p->s->sec == SEC_FODA)
        return rules_match_kind(p->m, RK_SIDE_FODA, h, NULL);
    if (p->s->sec == SEC_OBJETIVOS || p->s->sec == SEC_LINEAS ||
        p->s->sec == SEC_ESTRATEGIAS || p->s->sec == SEC_EJES)
        return rules_match_kind(p->m, RK_SIDE_PLAN, h, NULL);
    return false;
}

static bool step_side_column(parser *p, segment *g)
{
    if (!side_column(p, g->line))
        return false;
    unit_ignore(p, g->line);
    return true;
}

static bool is_label_kind(rule_kind k);

/* What the rules say the segment is.  The cell a row's number numbers is
 * that numbered item ("1" | "Incrementar ..."), unless a rule says it is
 * a heading or a labelled element itself: the number is then its row's
 * (a paragraph's wording, a body's name, does not outweigh the number). */
static bool step_classify(parser *p, segment *g)
{
    rules_classify(p->m, g->text, &g->match);
    rule_kind kind = g->match.kind;
    if (g->number && !is_heading_kind(kind) && !is_label_kind(kind)) {
        const char *const groups[] = { "code", g->number, "text", g->text, NULL };
        rule_match_make(&g->match, RK_ITEM, groups);
    }
    g->may_start = can_start(p, g->line, g->text, g->boundary);
    return false;
}

/* Does TEXT start with the number after the open FODA list's last item
 * ("3. Calendario de fiestas ..." after item 2)?  A section word there
 * ("Calendario", "Metas", "Indicadores") begins the list's next item. */
static bool next_in_foda_list(const parser *p, const poa_line *line, const char *text)
{
    /* a heading ("4. Indicadores", in a heading font or a few words) is
     * the next chapter, not the next item */
    int words = 0;
    for (const char *c = text; *c; c++)
        words += *c == ' ';
    if (p->s->sec != SEC_FODA || (line->flags & POA_LINE_HEADING) || words < 4)
        return false;
    const char *last = NULL;
    const GPtrArray *items = p->report->foda[p->s->quad];
    if (p->s->unit == UNIT_FODA)
        last = p->s->item_code;
    else if (items->len)
        last = ((const poa_item *)g_ptr_array_index(items, items->len - 1))->code;
    if (last && !g_ascii_isdigit(last[0]))
        return false;
    char *end = NULL;
    long n = strtol(text, &end, 10); /* "1." opens a quadrant with no item yet */
    return end > text && (*end == '.' || *end == ')' || *end == '-') &&
           n == (last ? atol(last) : 0) + 1 && (last || !items->len);
}

/* An end heading numbered as the open FODA list's next item is that item. */
static bool step_next_foda_item(parser *p, segment *g)
{
    if (g->match.kind == RK_END && next_in_foda_list(p, g->line, g->text)) {
        rule_match item = RULE_MATCH_INIT;
        if (rules_match_kind(p->m, RK_ITEM, g->text, &item)) {
            rule_match_clear(&g->match);
            g->match = item;
        }
    }
    return false;
}

static bool is_label_kind(rule_kind k)
{
    return k == RK_ITEM || k == RK_EJE || k == RK_OBJETIVO || k == RK_ESTRATEGIA ||
           k == RK_LINEA || k == RK_CODE;
}

/* A bullet before a plan element's label ("• 1.1 Capacitar ...", "– Línea
 * de acción 2.3 ..."): the element, as if unbulleted.  Outside the FODA
 * only, where a bulleted item may well begin with a number ("• 2.5
 * millones de visitantes"). */
static bool step_bullet_before_label(parser *p, segment *g)
{
    if (g->match.kind != RK_ITEM || p->s->sec == SEC_FODA || !rule_match_has(&g->match, "bullet"))
        return false;
    char *rest = rule_match_group(&g->match, "text");
    rule_match label = RULE_MATCH_INIT;
    rule_kind kind = rest ? rules_classify(p->m, rest, &label) : RK_NONE;
    if (is_label_kind(kind) && kind != RK_ITEM) {
        rule_match_clear(&g->match);
        g->match = label;
        g_free(g->text);
        g->text = rest;
        g->may_start = can_start(p, g->line, g->text, g->boundary);
        g->goes_on = -1;
        return false;
    }
    rule_match_clear(&label);
    g_free(rest);
    return false;
}

/* An item coded with a dotted letter ("A.1 Programa de ...") outside the
 * FODA is a plan's lettering, not amenaza 1. */
static bool step_plan_lettering(parser *p, segment *g)
{
    if (g->match.kind != RK_ITEM || p->s->sec == SEC_FODA || p->s->foda_head)
        return false;
    char *code = rule_match_group(&g->match, "code");
    if (code && g_ascii_isalpha(code[0]) && strchr(code, '.'))
        rule_match_clear(&g->match);
    g_free(code);
    return false;
}

/* Are the open FODA quadrant's items bulleted, not numbered? */
static bool foda_list_bulleted(const parser *p)
{
    const GPtrArray *items = p->report->foda[p->s->quad];
    const char *last = p->s->unit == UNIT_FODA ? p->s->item_code
                       : items->len ? ((const poa_item *)g_ptr_array_index(items, items->len - 1))->code
                                    : NULL;
    return items->len > 0 && (!last || !g_ascii_isdigit(last[0]));
}

/* A chapter's title set large ("VII. Alineamiento con ...", "4. Ejes y
 * objetivos" after a FODA's list), or a numbered heading after a FODA's
 * bulleted or lettered list ("4. Líneas estratégicas" in bold, "2.
 * ALINEACIÓN PROGRAMÁTICA" or "III. OBJETIVOS ..." in capitals where text
 * has no bold), is no list item. */
static bool step_large_title(parser *p, segment *g)
{
    if (g->match.kind != RK_ITEM)
        return false;
    unsigned flags = g->line->flags;
    bool large = (flags & POA_LINE_LARGE) &&
                 (rule_match_has(&g->match, "roman") || p->s->sec == SEC_FODA);
    char *code = rule_match_group(&g->match, "code"), *text = rule_match_group(&g->match, "text");
    bool set_apart = (flags & POA_LINE_HEADING) || (text && normalize_is_caps(text));
    bool numbered = code && (g_ascii_isdigit(code[0]) || rule_match_has(&g->match, "roman"));
    bool chapter = set_apart && p->s->sec == SEC_FODA && numbered && foda_list_bulleted(p);
    g_free(code);
    g_free(text);
    if (large || chapter)
        rule_match_clear(&g->match);
    return false;
}

/* The level a column's heading names ("Eje", "Objetivo": the rule file's
 * `columna.eje` and `columna.objetivo`), or RK_NONE. */
static rule_kind column_level(parser *p)
{
    static const struct { rule_kind level, kind; } levels[] = {
        { RK_COLUMN_EJE, RK_EJE }, { RK_COLUMN_OBJETIVO, RK_OBJETIVO }
    };
    for (size_t i = 0; i < G_N_ELEMENTS(levels) && p->s->col_heading; i++)
        if (rules_match_kind(p->m, levels[i].level, p->s->col_heading, NULL))
            return levels[i].kind;
    return RK_NONE;
}

/* A bare-coded cell ("1 Parlamento abierto", "1.1 Garantizar ...") in a
 * column headed "Eje" or "Objetivo": that element, as if labelled.  The
 * column's heading says the level the number alone does not. */
static bool step_column_level(parser *p, segment *g)
{
    rule_kind kind = g->match.kind, level = column_level(p);
    if (level == RK_NONE || !(g->line->flags & POA_LINE_CELL) ||
        (kind != RK_ITEM && kind != RK_CODE && kind != RK_NONE))
        return false;
    char *code = NULL, *text = NULL;
    if (kind != RK_NONE) {
        code = rule_match_group(&g->match, "code");
        text = rule_match_group(&g->match, "text");
    } else if (g->line->flags & POA_LINE_BLOCK_START) {
        /* "1 Parlamento abierto" opening the cell: a number, a space, a
         * capital (inside a cell, "12 Municipios" goes on a sentence) */
        const char *c = g->text;
        while (g_ascii_isdigit(*c) && c - g->text < 2)
            c++;
        if (c > g->text && *c == ' ' && g_unichar_isupper(g_utf8_get_char(c + 1))) {
            code = g_strndup(g->text, (gsize)(c - g->text));
            text = g_strdup(c + 1);
        }
    }
    /* an eje's number has no dots ("1.1" under "Eje" is no eje) */
    bool taken = code && g_ascii_isdigit(code[0]) && text && *text &&
                 (level != RK_EJE || !strchr(code, '.'));
    if (taken) {
        const char *const groups[] = { "code", code, "text", text, NULL };
        rule_match element = RULE_MATCH_INIT;
        rule_match_make(&element, level, groups);
        handle_plan_label(p, &element, g->line);
        rule_match_clear(&element);
    }
    g_free(code);
    g_free(text);
    return taken;
}

/* Does the item just matched, a dash and words in lower case ("— más de
 * 1 900 expedientes"), go on the open numbered item (a FODA item "1.", a
 * plan element "1.2") whose sentence it ends?  A numbered list is not
 * bulleted with dashes: its wrapped line may begin with one. */
static bool step_dash_goes_on(parser *p, segment *g)
{
    bool numbered = (p->s->unit == UNIT_FODA && p->s->item_code &&
                     g_ascii_isdigit(p->s->item_code[0])) ||
                    (p->s->unit == UNIT_NODE && p->s->node && p->s->node->code);
    if (g->match.kind != RK_ITEM || !numbered || p->s->acc->len == 0 ||
        normalize_ends_sentence_len(p->s->acc->str, p->s->acc->len))
        return false;
    char *bullet = rule_match_group(&g->match, "bullet");
    char *rest = rule_match_group(&g->match, "text");
    bool goes_on = bullet && strstr("-–—", bullet) && rest && normalize_starts_lower(rest);
    g_free(bullet);
    g_free(rest);
    if (goes_on)
        unit_append(p, g->text, g->line);
    return goes_on;
}

static bool step_item(parser *p, segment *g)
{
    if (g->match.kind != RK_ITEM)
        return false;
    if (item_is_figure(p, &g->match)) {
        rule_match_clear(&g->match);
        return false;
    }
    handle_item(p, &g->match, g->line);
    return true;
}

/* A labelled plan element; a bare code the plan does not take ("64.15
 * habitantes ...") is plain words. */
static bool step_plan_label(parser *p, segment *g)
{
    if (!is_label_kind(g->match.kind))
        return false;
    if (handle_plan_label(p, &g->match, g->line))
        return true;
    rule_match_clear(&g->match);
    return false;
}

static bool step_heading(parser *p, segment *g)
{
    if (!is_heading_kind(g->match.kind) || !(g->may_start || heading_after_ignored(p, g->text)))
        return false;
    handle_heading(p, &g->match, g->line);
    return true;
}

/* Does TEXT open with a label: a colon among its first words
 * ("Trimestre: 3", "Fecha de validación: ...")? */
static bool labelled(const char *text)
{
    const char *colon = strchr(text, ':');
    return colon && g_utf8_strlen(text, colon - text) <= 40;
}

/* Facts read from one line at most: each is read from a copy of the rest
 * of the line, so a hostile line of thousands of facts (or a rule whose
 * "rest" is the whole line) must stop; what is left is kept unplaced. */
#define META_FACTS_PER_LINE 32

/* Words printed before or after a fact on its line ("Ejercicio 2025 ·
 * Primer trimestre"): a segment of their own. */
static void feed_meta_part(parser *p, const poa_line *line, const char *part)
{
    if (!part || !*part)
        return;
    if (p->meta_facts >= META_FACTS_PER_LINE) {
        poa_prov prov = POA_PROV_INIT;
        prov_add_line(&prov, line);
        model_unplaced_add(p->report, NULL, part, &prov);
        return;
    }
    p->meta_facts++;
    feed_text(p, line, part, true);
}

/* A metadata line, with the facts printed before and after it on the same
 * line. */
static bool step_meta(parser *p, segment *g)
{
    rule_kind kind = g->match.kind;
    if (kind < RK_INSTITUCION || kind > RK_PERIODO_FIN)
        return false;
    /* "... del / tercer trimestre y son preliminares." in the middle of a
     * note's sentence is its words, not the quarter; a labelled fact
     * ("Trimestre: 3") is still one, and so is a lettered one ("b) Los
     * Programas ...") */
    bool label = labelled(g->text);
    bool mid_sentence = !g->may_start && p->s->unit == UNIT_META &&
                        !(g->line->flags & POA_LINE_BLOCK_START) && !label &&
                        kind != RK_OBLIGACION && segment_goes_on(p, g);
    if (mid_sentence || !parse_meta_handle(p, &g->match, g->line, g->may_start || label, label))
        return false;
    char *pre = rule_match_group(&g->match, "pre"), *rest = rule_match_group(&g->match, "rest");
    feed_meta_part(p, g->line, pre);
    feed_meta_part(p, g->line, rest);
    g_free(pre);
    g_free(rest);
    return true;
}

static bool step_queued_section(parser *p, segment *g)
{
    return g->may_start && !segment_goes_on(p, g) && open_queued_section(p, g->text, g->line);
}

/* An unlabelled paragraph worded like a mission or a vision. */
static bool step_wording(parser *p, segment *g)
{
    rule_kind kind = g->match.kind;
    return (kind == RK_MISION_TEXT || kind == RK_VISION_TEXT) && g->may_start &&
           !segment_goes_on(p, g) && handle_wording(p, kind, g->text, g->line);
}

static bool step_goes_on(parser *p, segment *g)
{
    if (p->s->unit == UNIT_NONE || !segment_goes_on(p, g))
        return false;
    if (p->trace) /* the trace prints the segment's text after this step */
        unit_append(p, g->text, g->line);
    else
        unit_append_take(p, &g->text, g->line);
    return true;
}

static bool step_paragraph(parser *p, segment *g)
{
    handle_paragraph(p, g->text, g->line);
    return true;
}

/* The steps, in the order they are asked.  Each returns true when it took
 * the segment; the last always does. */
static const struct feed_step {
    const char *name;
    bool (*run)(parser *p, segment *g);
} feed_steps[] = {
    { "row-number", step_row_number },           /* a number cell's row */
    { "pending", step_pending },                 /* a label's value, a title's next line */
    { "side-column", step_side_column },         /* a measure's or an action's column */
    { "classify", step_classify },               /* the rules' match */
    { "next-foda-item", step_next_foda_item },   /* refines: "3. Calendario ..." an item */
    { "bullet-label", step_bullet_before_label }, /* refines: "• 1.1 Capacitar" a label */
    { "plan-lettering", step_plan_lettering },   /* refines: "A.1 Programa" no item */
    { "large-title", step_large_title },         /* refines: "VII. Alineamiento" no item */
    { "column-level", step_column_level },       /* "1 Parlamento" under "Eje" */
    { "dash-goes-on", step_dash_goes_on },       /* "— más de 1 900" ends an item */
    { "item", step_item },                       /* a FODA item, a plan's list item */
    { "plan-label", step_plan_label },           /* eje, objetivo, estrategia, línea, code */
    { "heading", step_heading },                 /* a section heading */
    { "meta", step_meta },                       /* a metadata fact */
    { "queued-section", step_queued_section },   /* the second of "Misión | Visión" */
    { "wording", step_wording },                 /* a mission or vision by its words */
    { "goes-on", step_goes_on },                 /* the open unit's next words */
    { "paragraph", step_paragraph },             /* a new paragraph */
};

/* Feed TEXT, a segment of LINE, which it takes, through the steps. */
static void feed_text_take(parser *p, const poa_line *line, char *text, bool boundary)
{
    segment g = { line, text, boundary, RULE_MATCH_INIT, false, -1, NULL };
    for (size_t i = 0; i < G_N_ELEMENTS(feed_steps); i++)
        if (feed_steps[i].run(p, &g)) {
            if (p->trace)
                g_string_append_printf(p->trace, "%s\t%s\t%s\n", feed_steps[i].name,
                                       rules_kind_name(g.match.kind), g.text);
            break;
        }
    rule_match_clear(&g.match);
    g_free(g.text);
    g_free(g.number);
}

static void feed_text(parser *p, const poa_line *line, const char *text, bool boundary)
{
    feed_text_take(p, line, g_strdup(text), boundary);
}

/* A part of a line cut before the next fact ("2023 ·" | "Fecha de ...")
 * ends with the separator that stood between them: drop it. */
static void drop_final_separator(char *seg)
{
    static const char *const seps[] = { "·", "|", "—", "–" };
    size_t n = strlen(seg);
    for (size_t i = 0; i < G_N_ELEMENTS(seps); i++) {
        size_t k = strlen(seps[i]);
        if (n >= k && strcmp(seg + n - k, seps[i]) == 0 &&
            (n == k || g_ascii_isspace(seg[n - k - 1]))) { /* "· " before a line's first fact */
            seg[n - k] = '\0';
            g_strchomp(seg);
            return;
        }
    }
}

/* Feed TEXT (collapsed), which it takes, cut where the split rules say:
 * two bulleted items, two facts on one line.  BOUNDARY: TEXT starts a
 * block.  Taken, so that a line of megabytes is not copied once more. */
static void feed_parts_take(parser *p, const poa_line *line, char *text, bool boundary)
{
    size_t cuts[16];
    p->meta_facts = 0;
    size_t n = rules_split_points(p->m, text, cuts, G_N_ELEMENTS(cuts));
    if (n == 0) { /* one part (most lines): collapsed text has no blank to strip */
        if (*text)
            feed_text_take(p, line, text, boundary);
        else
            g_free(text);
        return;
    }
    size_t from = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t to = i < n ? cuts[i] : strlen(text);
        char *seg = g_strstrip(g_strndup(text + from, to - from));
        if (i < n)
            drop_final_separator(seg);
        if (*seg)
            feed_text_take(p, line, seg, i > 0 || boundary);
        else
            g_free(seg);
        from = to;
    }
    g_free(text);
}

/* Plain text prints two facts of a header side by side with a wide gap
 * between them ("Periodo de actualización: Trimestral      Nota: ..."):
 * the offsets in RAW (at most MAX) where a part after a gap of three spaces
 * or more is a fact a metadata rule takes.  Laid-out PDF lines have single
 * spaces: none there. */
static size_t gap_cuts(parser *p, const char *raw, size_t *cuts, size_t max)
{
    size_t n = 0;
    bool words = false; /* something stands before the gap */
    for (const char *c = raw; *c && n < max; c++) {
        if (strncmp(c, "   ", 3) != 0) {
            words |= !g_ascii_isspace(*c);
            continue;
        }
        const char *start = c;
        while (*start == ' ')
            start++;
        if (!*start)
            break;
        char *part = util_collapse_space(start);
        char *before = g_strndup(raw + (n ? cuts[n - 1] : 0), (gsize)(c - raw) - (n ? cuts[n - 1] : 0));
        char *left = util_collapse_space(before);
        /* a label and its value across the gap are one fact; a fact before
         * the gap ends there ("COMISIÓN ...      Programa Operativo Anual") */
        bool bare = parse_meta_is_bare_label(p, left);
        if (words && !bare && (is_meta_kind(rules_kind_of(p->m, part)) ||
                               rules_kind_of(p->m, left) == RK_INSTITUCION))
            cuts[n++] = (size_t)(start - raw);
        g_free(left);
        g_free(before);
        g_free(part);
        c = start - 1;
    }
    return n;
}

void parse_feed_line_as(parser *p, const poa_line *line, const char *raw)
{
    if (line->flags & POA_LINE_DROPPED)
        return;
    p->s = parse_stream_select(p, line);
    take_row_heading(p, line);
    parse_meta_take_row_label(p, line);
    p->s->free_seen = p->free_lines;
    p->s->used = ++p->lines_seen;
    char *text = util_collapse_space(raw);
    rule_kind kind = rules_kind_of(p->m, text);
    if (raw == line->text) /* the line's own text: the outline reads it next */
        p->line_kind = kind;
    bool heading_cell = kind == RK_SKIP || ((line->flags & POA_LINE_CELL) && is_heading_kind(kind));
    /* another table's header cell ("Programa presupuestario", "Componente"):
     * the column's heading is no longer "Eje" */
    bool header_cell = !heading_cell && (line->flags & POA_LINE_CELL) &&
                       (line->flags & POA_LINE_BLOCK_START) &&
                       (line->bold || (line->flags & POA_LINE_HEADING)) && kind == RK_NONE &&
                       !g_ascii_isdigit(text[0]);
    if ((heading_cell || header_cell) && (line->flags & POA_LINE_BLOCK_START) &&
        repeated_column_heading(p, line, text)) {
        g_free(text); /* the header row again over the table's continuation: */
        return;       /* the open cell goes on below it */
    }
    if (*text) {
        normalize_evidence_note(p->evidence, text);
        size_t gaps[8];
        size_t n = gap_cuts(p, raw, gaps, G_N_ELEMENTS(gaps));
        if (n == 0) { /* no gap: the whole line, collapsed once (a line may be megabytes) */
            feed_parts_take(p, line, g_steal_pointer(&text), is_boundary(p, line));
        } else {
            size_t from = 0;
            for (size_t i = 0; i <= n; i++) { /* each part a gap leaves, cut by the rules */
                size_t to = i < n ? gaps[i] : strlen(raw);
                char *part = g_strndup(raw + from, to - from);
                feed_parts_take(p, line, util_collapse_space(part),
                                i > 0 || is_boundary(p, line));
                g_free(part);
                from = to;
            }
        }
    }
    p->s->page = line->page;
    p->s->label_next = false;
    g_free(text);
}

static void feed_line(parser *p, const poa_line *line)
{
    parse_feed_line_as(p, line, line->text);
}

/* The outline reads every line too, its spaces collapsed as the rules see
 * them; KIND is the parser's classification of it (RK_NONE when the parser
 * did not classify it alone), so that no line is classified twice. */
static void note_outline_line(parser *p, const poa_line *line, rule_kind kind)
{
    if (line->flags & POA_LINE_DROPPED)
        return;
    poa_line copy = *line;
    copy.text = util_collapse_space_head(line->text, OUTLINE_ENTRY_MAX_BYTES);
    if (outline_note_line(p->outline, p->m, &copy, p->evidence))
        outline_set_kind(p->outline, kind);
    g_free(copy.text);
}

/* LINE as a whole number ("12"), -1 when it is not one. */
static long whole_number(const poa_line *line)
{
    const char *t = line->text + strspn(line->text, " \t");
    size_t digits = strspn(t, "0123456789");
    return digits && digits < 10 && t[digits + strspn(t + digits, " \t")] == '\0' ? atol(t) : -1;
}

/* Is TEXT shaped like a code ("1.1", "2.3.1": small numbers joined by
 * dots), which a figure ("2.400", "35") is not? */
static bool code_shaped(const char *text)
{
    const char *t = text + strspn(text, " \t");
    int parts = 0;
    for (;;) {
        size_t digits = strspn(t, "0123456789");
        if (digits == 0 || digits > 2)
            return false;
        parts++;
        t += digits;
        if (*t != '.')
            break;
        t++;
    }
    return parts >= 2 && t[strspn(t, " \t")] == '\0';
}

/* A figure alone on a line of plain text, a table's cell as extraction
 * printed it; not a code ("1.1"), nor a sentence's end ("2020.").  Lines
 * with a place on a page, or in a web page's table, are cells by their
 * geometry instead. */
static bool figure_line(const poa_line *line)
{
    size_t len = strlen(line->text);
    return line->page == 0 && !(line->flags & (POA_LINE_DROPPED | POA_LINE_CELL)) &&
           util_is_figure(line->text) && !code_shaped(line->text) &&
           !(len && line->text[len - 1] == '.');
}

/* Does figure B, after figure A (whole numbers, -1 when not), count on
 * from it (1, 2, 3: a column of row numbers, not of figures)? */
static bool counts_on(long a, long b)
{
    return a >= 1 && b == a + 1;
}

/* Note whether LINES[I] stands among figures alone, a table printed a
 * cell a line, and remember it as the line before the next. */
static void note_figures(parser *p, const poa_line *lines, size_t n, size_t i)
{
    const poa_line *l = &lines[i];
    if (l->flags & POA_LINE_DROPPED)
        return;
    bool fig = figure_line(l); /* false for every line of a PDF */
    long value = whole_number(l);
    bool before = p->prev_figure && !counts_on(p->prev_count, value);
    bool after = i + 1 < n && figure_line(&lines[i + 1]) &&
                 !counts_on(value, whole_number(&lines[i + 1]));
    p->in_figures = fig && (before || after);
    p->prev_figure = fig;
    p->prev_count = fig ? value : -1;
}

size_t parse_feed_window(parser *p, const poa_line *lines, size_t n, size_t stop)
{
    size_t noted = 0, i = 0; /* the title sweep reads each line before it is fed */
    while (i < MIN(stop, n)) {
        for (; noted <= i; noted++)
            parse_meta_note_line(p, &lines[noted]);
        size_t next = parse_meta_feed_header_cell(p, lines, n, i);
        if (next > i) {
            for (; i < next; i++) {
                note_figures(p, lines, n, i);
                note_outline_line(p, &lines[i], RK_NONE);
            }
            continue;
        }
        p->line_kind = RK_NONE;
        note_figures(p, lines, n, i);
        feed_line(p, &lines[i]);
        note_outline_line(p, &lines[i], p->line_kind);
        i++;
    }
    for (; noted < i; noted++) /* as the next line fed would have */
        parse_meta_note_line(p, &lines[noted]);
    return i;
}

void parse_feed(parser *p, const poa_line *lines, size_t n)
{
    parse_feed_window(p, lines, n, n);
}

/* ---- finishing ---- */

/* Keep on the report how many lines M's rules gave up on, and the last. */
static void note_lines_over_limit(poa_report *report, const rule_matcher *m)
{
    const char *last = rules_limited_last(m);
    if (!last)
        return;
    report->lines_over_limit += rules_limited_count(m);
    g_free(report->line_over_limit);
    report->line_over_limit = util_excerpt(last); /* what the finding shows, and the XML keeps */
}

/* The plan the document's numbering states, when it places more of the
 * plan than the labels did: it replaces theirs, and the numbered text it
 * placed, in the plan or in a list of its own outside it, is no longer
 * unplaced. */
/* Drop from the plan under NODE the elements whose text is a calendar's
 * marks or figures alone ("X X", "830,000": a budget or calendar row
 * keyed by a code), as parse_tree_finish does for the labels' plan, so
 * that they neither count for the numbering's plan nor stand in it. */
static void drop_marks(poa_node *node)
{
    for (guint i = node->children->len; i-- > 0;) {
        poa_node *c = g_ptr_array_index(node->children, i);
        drop_marks(c);
        if (*c->text && util_marks_only(c->text) && c->children->len == 0)
            model_node_free(model_node_detach(c));
    }
}

static void take_outline_plan(parser *p)
{
    poa_node *alt = outline_build(p->outline, p->m);
    if (alt)
        drop_marks(alt);
    if (!alt || outline_plan_score(alt) <= outline_plan_score(p->report->plan)) {
        model_node_free(alt);
        return;
    }
    model_node_free(p->report->plan);
    p->report->plan = alt;
    poa_report *r = p->report;
    /* a plan element the wording rules took for the mission or vision */
    if (r->mision && outline_covers(p->outline, &r->mision_prov, r->mision, false))
        g_clear_pointer(&r->mision, g_free);
    if (r->vision && outline_covers(p->outline, &r->vision_prov, r->vision, false))
        g_clear_pointer(&r->vision, g_free);
    GPtrArray *unplaced = p->report->unplaced;
    for (guint i = unplaced->len; i-- > 0;) {
        const poa_item *it = g_ptr_array_index(unplaced, i);
        if (outline_covers(p->outline, &it->prov, it->text, true))
            g_ptr_array_remove_index(unplaced, i);
    }
}

size_t parse_finish(parser *p)
{
    for (guint i = p->streams->len; i-- > 0;) {
        p->s = g_ptr_array_index(p->streams, i);
        parse_unit_close(p);
    }
    parse_meta_apply_titles(p);
    parse_meta_infer_year(&p->report->meta);
    parse_meta_apply_date(p);
    parse_tree_finish(p);
    take_outline_plan(p);
    note_lines_over_limit(p->report, p->m);
    return p->recognised;
}
