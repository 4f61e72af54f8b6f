/* parse.c - lines in reading order -> the report tree, driven by rules.
 *
 * The parser keeps a section (where in the programme we are: FODA quadrant,
 * objectives list, ...) and one open unit (the item or paragraph whose
 * wrapped lines are being joined).  Each line is classified by the rules;
 * labels and headings close the open unit and start another, plain lines
 * continue it or start an unlabelled paragraph.  Numbering is recorded as
 * printed: gaps and duplicates are left for check.c to report.
 */
#include "parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "normalize.h"
#include "rules.h"
#include "util.h"

typedef enum section {
    SEC_NONE, SEC_MISION, SEC_VISION, SEC_FODA, SEC_EJES, SEC_OBJETIVOS, SEC_ESTRATEGIAS,
    SEC_LINEAS, SEC_END
} section;

typedef enum unit_kind {
    UNIT_NONE,     /* nothing open */
    UNIT_IGNORE,   /* prose that is not part of the programme */
    UNIT_MISION, UNIT_VISION, UNIT_FODA, UNIT_NODE, UNIT_META
} unit_kind;

/* How the items of the current list are marked; an unmarked paragraph
 * after marked items ends the list. */
typedef enum list_mode { MODE_UNSET, MODE_MARKED, MODE_PARAGRAPH, MODE_CELL } list_mode;

/* One reading context.  Free text has one; each column of a table has its
 * own, so that a cell continued on the next page, or a heading cell above
 * its items, picks up where its column left off. */
typedef struct stream {
    int column;            /* table column, -1 for free text */
    double x0, x1;         /* extent of the first line of the column's last block */
    int page;              /* page of the stream's last line */
    unsigned long free_seen; /* parser->free_lines when the stream last read a line */
    unsigned long used;    /* parser->lines_seen when the stream last read a line */
    section sec;
    poa_quadrant quad;
    list_mode mode;

    unit_kind unit;
    GString *acc;          /* text of the open unit */
    poa_prov prov;
    char **meta_slot;      /* UNIT_META: where the text goes */
    poa_node *node;        /* UNIT_NODE */
    bool title_only;       /* UNIT_NODE of an eje: its title only */
    char *item_code;       /* UNIT_FODA: the code the item was printed with, or NULL */
    poa_node *cur_eje, *cur_obj;
    rule_kind label;       /* a column heading ("Fecha de validación") naming the next cell */
} stream;

/* Bound on table-column streams kept at once (the oldest is reused). */
#define PARSE_MAX_STREAMS 24

struct parser {
    poa_report *report;
    rule_matcher *m;
    normalize_evidence *evidence;
    bool blocks_reliable;

    stream *s;             /* the stream of the current line, borrowed */
    GPtrArray *streams;    /* of stream *, owned; [0] is free text */
    guint next_reuse;      /* round-robin victim when the table streams are full */
    unsigned long free_lines; /* free-text lines seen: a table after them is a new table */
    unsigned long lines_seen; /* every line fed, a clock for the streams */

    GHashTable *by_code;   /* code -> poa_node *, borrowed: the latest node of each code */
    GHashTable *bare;      /* poa_node * set: kind decided at the end from the tree */
    GHashTable *weak;      /* poa_node * set: objectives from a headed numbered list */
    bool strong_objectives;
    bool mision_seen, vision_seen; /* a paragraph of each was opened */
    size_t recognised;
};

static stream *stream_new(int column, double x0)
{
    stream *st = g_new0(stream, 1);
    st->column = column;
    st->x0 = x0;
    st->acc = g_string_new(NULL);
    st->prov = (poa_prov)POA_PROV_INIT;
    return st;
}

static void stream_free(gpointer data)
{
    stream *st = data;
    g_string_free(st->acc, TRUE);
    g_free(st->item_code);
    g_free(st);
}

parser *parse_new(poa_report *report, const poa_rules *rules, bool blocks_reliable)
{
    parser *p = g_new0(parser, 1);
    p->report = report;
    p->m = rules_matcher_new(rules);
    p->evidence = normalize_evidence_new();
    p->blocks_reliable = blocks_reliable;
    p->streams = g_ptr_array_new_with_free_func(stream_free);
    g_ptr_array_add(p->streams, stream_new(-1, 0));
    p->s = g_ptr_array_index(p->streams, 0);
    p->by_code = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->bare = g_hash_table_new(g_direct_hash, g_direct_equal);
    p->weak = g_hash_table_new(g_direct_hash, g_direct_equal);
    return p;
}

void parse_free(parser *p)
{
    if (!p)
        return;
    rules_matcher_free(p->m);
    normalize_evidence_free(p->evidence);
    g_ptr_array_unref(p->streams);
    g_hash_table_unref(p->by_code);
    g_hash_table_unref(p->bare);
    g_hash_table_unref(p->weak);
    g_free(p);
}

/* ---- codes ---- */

/* "1.1.-" -> "1.1", "OE 3" -> "3", " I " -> "I": digits, roman numerals and
 * inner dots only.  Returns a new string or NULL when nothing is left. */
static char *code_clean(const char *raw)
{
    if (!raw)
        return NULL;
    GString *out = g_string_new(NULL);
    for (const char *s = raw; *s; s++) {
        if (g_ascii_isalnum(*s))
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

/* The code of the parent level: "1.2.3" -> "1.2"; NULL for "1". */
static char *code_parent(const char *code)
{
    const char *dot = code ? strrchr(code, '.') : NULL;
    return dot ? g_strndup(code, (gsize)(dot - code)) : NULL;
}

/* The nearest existing node whose code is a proper prefix of CODE. */
static poa_node *code_find_parent(parser *p, const char *code)
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

static void code_register(parser *p, poa_node *node)
{
    if (node->code)
        g_hash_table_insert(p->by_code, g_strdup(node->code), node);
}

/* ---- units ---- */

static void prov_add_line(poa_prov *prov, const poa_line *line)
{
    poa_prov_extend(prov, line->page, line->x0, line->y0, line->x1, line->y1);
}

static void unit_open(parser *p, unit_kind kind, const char *text, const poa_line *line)
{
    p->mision_seen |= kind == UNIT_MISION; /* it may still be open in another stream */
    p->vision_seen |= kind == UNIT_VISION;
    p->s->unit = kind;
    g_string_assign(p->s->acc, text ? text : "");
    p->s->prov = (poa_prov)POA_PROV_INIT;
    prov_add_line(&p->s->prov, line);
}

/* Two texts of one element printed twice: equal, or one cut short where a
 * page break fell inside the row. */
static bool texts_repeat(const char *a, const char *b)
{
    return strcmp(a, b) == 0 || (*a && g_str_has_prefix(b, a)) || (*b && g_str_has_prefix(a, b));
}

/* The child of PARENT other than NODE with NODE's code and a repeated text. */
static poa_node *node_twin(const poa_node *parent, const poa_node *node)
{
    for (guint i = 0; i < parent->children->len; i++) {
        poa_node *o = g_ptr_array_index(parent->children, i);
        if (o != node && o->code && node->code && strcmp(o->code, node->code) == 0 &&
            texts_repeat(o->text, node->text))
            return o;
    }
    return NULL;
}

static void node_remove(parser *p, poa_node *node, poa_node *heir);

/* Move CHILD under HEIR, merging it into a twin already there. */
static void node_adopt(parser *p, poa_node *heir, poa_node *child)
{
    poa_node *twin = node_twin(heir, child);
    model_node_append(heir, child);
    if (twin)
        node_remove(p, child, twin);
}

/* Remove NODE from the tree.  Its children move to HEIR (the node it
 * repeats, which keeps the longer text) when given, else are freed with
 * it; no stream keeps a pointer to it. */
static void node_remove(parser *p, poa_node *node, poa_node *heir)
{
    if (heir && strlen(node->text) > strlen(heir->text)) {
        g_free(heir->text);
        heir->text = g_strdup(node->text);
    }
    while (heir && node->children->len)
        node_adopt(p, heir, g_ptr_array_steal_index(node->children, 0));
    g_hash_table_remove(p->bare, node);
    g_hash_table_remove(p->weak, node);
    if (node->code && g_hash_table_lookup(p->by_code, node->code) == node) {
        g_hash_table_remove(p->by_code, node->code);
        if (heir)
            code_register(p, heir);
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
    g_ptr_array_remove(node->parent->children, node); /* frees it */
}

static void unit_close_node(parser *p, char *text)
{
    poa_node *node = p->s->node;
    p->s->node = NULL;
    if (!node) {
        g_free(text);
        return;
    }
    g_free(node->text);
    node->text = text;
    node->prov = p->s->prov;
    poa_node *original = node_twin(node->parent, node);
    if (original) /* a row printed twice across a page break: keep one */
        node_remove(p, node, original);
}

static void set_paragraph(char **slot, poa_prov *prov_slot, char *text, const poa_prov *prov)
{
    g_free(*slot);
    *slot = text;
    *prov_slot = *prov;
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

static void strip_final_period(char *text)
{
    size_t n = strlen(text);
    if (n && text[n - 1] == '.')
        text[n - 1] = '\0';
}

/* Close the open unit: its joined text goes to its place in the model. */
static void unit_close(parser *p)
{
    char *text = normalize_finish(p->s->acc->str);
    switch (p->s->unit) {
    case UNIT_MISION:
        if (*text)
            set_paragraph(&p->report->mision, &p->report->mision_prov, g_strdup(text), &p->s->prov);
        break;
    case UNIT_VISION:
        if (*text)
            set_paragraph(&p->report->vision, &p->report->vision_prov, g_strdup(text), &p->s->prov);
        break;
    case UNIT_FODA:
        if (*text)
            foda_add(p, text);
        break;
    case UNIT_NODE:
        unit_close_node(p, text);
        text = NULL;
        break;
    case UNIT_META:
        if (p->s->title_only) /* a name, not a sentence: "... y Agostaderos." */
            strip_final_period(text);
        if (*text)
            model_set_string(p->s->meta_slot, text);
        break;
    case UNIT_NONE:
    case UNIT_IGNORE:
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

static poa_node *node_add(parser *p, poa_node *parent, poa_node_kind kind, const char *code,
                          const poa_line *line, const char *text)
{
    unit_close(p);
    poa_node *node = model_node_new(kind, code, "");
    model_node_append(parent, node);
    code_register(p, node);
    unit_open(p, UNIT_NODE, text, line);
    p->s->node = node;
    p->s->title_only = false;
    p->recognised++;
    return node;
}

static void add_eje(parser *p, const char *code, const char *text, const poa_line *line)
{
    p->s->cur_eje = node_add(p, p->report->plan, POA_NODE_EJE, code, line, text);
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
    unit_close(p); /* first: closing may merge away a repeated parent */
    p->s->cur_obj = node_add(p, objective_parent(p), POA_NODE_OBJETIVO, code, line, text);
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
    poa_node *parent = code ? code_find_parent(p, code) : NULL;
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
    unit_close(p); /* first: closing may merge away a repeated parent */
    poa_node *parent = coded_parent(p, code);
    poa_node *node = node_add(p, parent, kind, code, line, text);
    if (bare)
        g_hash_table_add(p->bare, node);
    if (parent->kind == POA_NODE_LINEA)
        g_hash_table_add(p->bare, parent);
}

/* ---- metadata ---- */

static void meta_year(parser *p, int year)
{
    if (year >= 1900 && year <= 2200 && !p->report->meta.ejercicio)
        p->report->meta.ejercicio = year;
}

/* Set *SLOT to the ISO form of the printed date TEXT, unless already set. */
static void meta_date(parser *p, char **slot, const char *text)
{
    char *iso = text ? dates_parse(text) : NULL;
    if (iso && !*slot) {
        *slot = iso;
        p->recognised++;
    } else {
        g_free(iso);
    }
}

/* The facts any metadata rule may carry in its groups: year, quarter (q:
 * "tercer", or m1: the first month of "julio-septiembre"), a period d1..d2. */
static void meta_harvest_common(parser *p)
{
    poa_metadata *meta = &p->report->meta;
    char *year = rules_group(p->m, "year"), *q = rules_group(p->m, "q");
    char *m1 = rules_group(p->m, "m1");
    char *d1 = rules_group(p->m, "d1"), *d2 = rules_group(p->m, "d2");
    int quarter = q ? dates_quarter_word(q) : m1 ? (dates_month(m1) + 2) / 3 : 0;
    if (quarter && !meta->trimestre)
        meta->trimestre = quarter;
    if (year)
        meta_year(p, atoi(year));
    char *i1 = d1 ? dates_parse(d1) : NULL, *i2 = d2 ? dates_parse(d2) : NULL;
    if (i1 && i2 && !meta->periodo_inicio) {
        meta->periodo_inicio = g_strdup(i1);
        meta->periodo_fin = g_strdup(i2);
        if (!meta->trimestre)
            meta->trimestre = dates_period_quarter(i1, i2);
    }
    g_free(year), g_free(q), g_free(m1), g_free(d1), g_free(d2), g_free(i1), g_free(i2);
}

/* Where a metadata kind's text goes, or NULL for kinds without text. */
static char **meta_text_slot(poa_metadata *meta, rule_kind kind)
{
    switch (kind) {
    case RK_INSTITUCION: return &meta->institucion;
    case RK_FUNDAMENTO: return &meta->fundamento;
    case RK_OBLIGACION: return &meta->obligacion;
    case RK_NOTA: return &meta->nota;
    case RK_PERIODO_ACTUALIZACION: return &meta->periodo_actualizacion;
    case RK_AREA: return &meta->area;
    default: return NULL;
    }
}

static char **meta_date_slot(poa_metadata *meta, rule_kind kind)
{
    switch (kind) {
    case RK_FECHA_ACTUALIZACION: return &meta->fecha_actualizacion;
    case RK_FECHA_VALIDACION: return &meta->fecha_validacion;
    case RK_PERIODO_INICIO: return &meta->periodo_inicio;
    case RK_PERIODO_FIN: return &meta->periodo_fin;
    default: return &meta->fecha;
    }
}

/* Worded (not labelled) metadata must start a paragraph and is taken once:
 * "Artículo 121 ... fracción" in the middle of a note is not the legal basis. */
static bool meta_worded(rule_kind kind)
{
    return kind == RK_INSTITUCION || kind == RK_FUNDAMENTO || kind == RK_NOTA;
}

/* Metadata lines.  Returns false when the line is not taken as metadata
 * here (a wording match in the middle of a sentence). */
static bool handle_meta(parser *p, rule_kind kind, const poa_line *line, bool may_start)
{
    poa_metadata *meta = &p->report->meta;
    char **text_slot = meta_text_slot(meta, kind);
    if (meta_worded(kind) && (!may_start || *text_slot || p->s->sec == SEC_FODA))
        return false;
    unit_close(p);
    meta_harvest_common(p);
    char *date = rules_group(p->m, "date");
    if (date)
        meta_date(p, meta_date_slot(meta, kind), date);
    g_free(date);
    if (text_slot) {
        char *text = rules_group(p->m, "text");
        unit_open(p, UNIT_META, text, line);
        p->s->meta_slot = text_slot;
        /* a name is a title: it goes on only over heading lines */
        p->s->title_only = kind == RK_INSTITUCION;
        g_free(text);
    }
    p->recognised++;
    return true;
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
    return normalize_ends_sentence(p->s->acc->str) || normalize_is_caps(text);
}

static bool is_boundary(const parser *p, const poa_line *line)
{
    return p->blocks_reliable && (line->flags & POA_LINE_BLOCK_START);
}

/* Is LINE indented under the open item's first line, on the same page (the
 * hanging indent of a bulleted item the layout cut into two blocks)? */
static bool hanging_indent(const parser *p, const poa_line *line)
{
    return !(line->flags & POA_LINE_CELL) && (p->s->unit == UNIT_FODA || p->s->unit == UNIT_NODE) &&
           line->page == p->s->prov.page && line->x0 > p->s->prov.x0 + 4.0 &&
           line->x0 < p->s->prov.x1;
}

/* Does an unlabelled line continue the open unit? */
static bool continues(const parser *p, const poa_line *line, const char *text, bool boundary)
{
    if (p->s->unit == UNIT_NONE)
        return false;
    if (p->s->acc->len == 0)
        return true;
    bool open_sentence = !normalize_ends_sentence(p->s->acc->str);
    if (boundary) /* a new block continues only a sentence cut by a page or column, */
        return open_sentence &&
               ((normalize_starts_lower(text) &&
                 (!(line->flags & POA_LINE_ROW_START) || line->page != p->s->page)) ||
                hanging_indent(p, line)); /* or a wrapped line indented under its bullet */
    if (p->blocks_reliable)
        return true;
    return open_sentence || normalize_starts_lower(text);
}

static void start_quadrant(parser *p, poa_quadrant q, const poa_line *line)
{
    unit_close(p);
    p->s->sec = SEC_FODA;
    p->s->quad = q;
    p->s->mode = MODE_UNSET;
    p->report->foda_present = true;
    p->recognised++;
    char *text = rules_group(p->m, "text");
    if (text && *text) {
        unit_open(p, UNIT_FODA, text, line);
        p->s->mode = MODE_MARKED;
    }
    g_free(text);
}

static void start_paragraph_section(parser *p, section sec, const poa_line *line)
{
    unit_close(p);
    p->s->sec = sec;
    char *text = rules_group(p->m, "text");
    unit_open(p, sec == SEC_MISION ? UNIT_MISION : UNIT_VISION, text, line);
    p->recognised++;
    g_free(text);
}

static void start_section(parser *p, section sec)
{
    unit_close(p);
    p->s->sec = sec;
    p->s->mode = MODE_UNSET;
}

/* A headed list item ("‣ ...", "1. ...", "F1. ...", "a) ..."). */
/* An item coded with its quadrant's letter ("F1.", "A4.") says its
 * quadrant itself: the rule names it with a group f, d, o or a. */
static bool item_quadrant(parser *p, poa_quadrant *q)
{
    static const char *const groups[POA_QUADRANTS] = { "f", "d", "o", "a" };
    for (int i = 0; i < POA_QUADRANTS; i++) {
        char *g = rules_group(p->m, groups[i]);
        bool hit = g && *g;
        g_free(g);
        if (hit) {
            *q = (poa_quadrant)i;
            return true;
        }
    }
    return false;
}

static void handle_item(parser *p, const poa_line *line)
{
    char *raw = rules_group(p->m, "code");
    char *text = rules_group(p->m, "text");
    char *code = code_clean(raw);
    bool numeric = code && g_ascii_isdigit(code[0]);
    poa_quadrant q;
    if (item_quadrant(p, &q)) {
        unit_close(p); /* the previous item belongs to the previous quadrant */
        if (p->s->sec != SEC_FODA || p->s->quad != q)
            p->report->foda_present = true, p->recognised++;
        p->s->sec = SEC_FODA;
        p->s->quad = q;
    }
    switch (p->s->sec) {
    case SEC_FODA:
        unit_close(p);
        unit_open(p, UNIT_FODA, text, line);
        p->s->item_code = g_strdup(code);
        p->s->mode = MODE_MARKED;
        break;
    case SEC_OBJETIVOS:
    case SEC_EJES:
        if (numeric) {
            add_objective(p, code, text, line, true);
        } else {
            unit_close(p);
            p->s->unit = UNIT_IGNORE;
        }
        break;
    case SEC_ESTRATEGIAS:
        if (numeric)
            add_coded(p, POA_NODE_ESTRATEGIA, code, text, line, false);
        break;
    case SEC_LINEAS:
        if (numeric && p->s->cur_obj) {
            char *full = g_strdup_printf("%s.%s", p->s->cur_obj->code ? p->s->cur_obj->code : "0",
                                         code);
            add_coded(p, POA_NODE_LINEA, full, text, line, false);
            g_free(full);
        }
        break;
    default:
        unit_close(p);
        p->s->unit = UNIT_IGNORE;
        break;
    }
    g_free(raw);
    g_free(code);
    g_free(text);
}

/* A labelled plan element: eje, objetivo, estrategia, línea, bare code.
 * Returns false when the line is not taken as one. */
static bool handle_plan_label(parser *p, rule_kind kind, const poa_line *line)
{
    char *raw = rules_group(p->m, "code");
    char *code = code_clean(raw);
    char *text = rules_group(p->m, "text");
    switch (kind) {
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
        if (p->s->sec == SEC_END || (text && (normalize_starts_lower(text) ||
                                              g_str_has_suffix(text, ":")))) {
            /* "64.15 habitantes por ..." is a number in a sentence, "2.1 Duración:"
             * a form's field, and after an end heading numbers are not the plan */
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
static bool handle_wording(parser *p, rule_kind kind, const poa_line *line)
{
    bool in_list = p->s->sec == SEC_FODA && p->s->mode != MODE_MARKED;
    if (in_list || p->s->sec == SEC_END || p->s->sec == SEC_OBJETIVOS || p->s->sec == SEC_ESTRATEGIAS ||
        p->s->sec == SEC_LINEAS || p->s->sec == SEC_EJES)
        return false;
    bool want_vision = kind == RK_VISION_TEXT || (p->mision_seen && !p->vision_seen);
    if (want_vision ? p->vision_seen : p->mision_seen)
        return false;
    unit_close(p);
    p->s->sec = want_vision ? SEC_VISION : SEC_MISION;
    unit_open(p, want_vision ? UNIT_VISION : UNIT_MISION, line->text, line);
    p->recognised++;
    return true;
}

/* A plain line that starts a new paragraph. */
static void handle_paragraph(parser *p, const char *text, const poa_line *line)
{
    bool cell = line->flags & POA_LINE_CELL;
    if (p->s->sec == SEC_FODA && (line->flags & POA_LINE_HEADING) && p->s->mode != MODE_CELL)
        p->s->sec = SEC_NONE; /* an unknown heading ends an unmarked list */
    if (p->s->sec == SEC_FODA) {
        list_mode mode = cell ? MODE_CELL : MODE_PARAGRAPH;
        if (p->s->mode == MODE_UNSET || p->s->mode == mode) {
            unit_close(p);
            p->s->mode = mode;
            unit_open(p, UNIT_FODA, text, line);
            return;
        }
        p->s->sec = SEC_NONE; /* unmarked prose after a marked list ends it */
    }
    /* a vision or mission printed as two paragraphs in double-spaced text */
    if ((p->s->sec == SEC_VISION || p->s->sec == SEC_MISION) && !p->blocks_reliable) {
        bool vision = p->s->sec == SEC_VISION;
        unit_close(p);
        const char *prev = vision ? p->report->vision : p->report->mision;
        poa_prov prov = vision ? p->report->vision_prov : p->report->mision_prov;
        unit_open(p, vision ? UNIT_VISION : UNIT_MISION, prev, line);
        p->s->prov = prov;
        prov_add_line(&p->s->prov, line);
        normalize_join(p->s->acc, text, p->evidence);
        return;
    }
    unit_close(p);
    p->s->unit = UNIT_IGNORE;
}

static bool is_heading_kind(rule_kind k)
{
    return (k >= RK_MISION && k <= RK_END) || k == RK_SKIP;
}

static bool is_meta_kind(rule_kind k)
{
    return k >= RK_INSTITUCION && k <= RK_PERIODO_FIN;
}

static void handle_heading(parser *p, rule_kind kind, const poa_line *line)
{
    switch (kind) {
    case RK_MISION: start_paragraph_section(p, SEC_MISION, line); break;
    case RK_VISION: start_paragraph_section(p, SEC_VISION, line); break;
    case RK_FORTALEZAS: start_quadrant(p, POA_FORTALEZAS, line); break;
    case RK_DEBILIDADES: start_quadrant(p, POA_DEBILIDADES, line); break;
    case RK_OPORTUNIDADES: start_quadrant(p, POA_OPORTUNIDADES, line); break;
    case RK_AMENAZAS: start_quadrant(p, POA_AMENAZAS, line); break;
    case RK_FODA: start_section(p, SEC_NONE); p->report->foda_present = true; break;
    case RK_EJES: start_section(p, SEC_EJES); break;
    case RK_OBJETIVOS: start_section(p, SEC_OBJETIVOS); break;
    case RK_ESTRATEGIAS: start_section(p, SEC_ESTRATEGIAS); break;
    case RK_LINEAS: start_section(p, SEC_LINEAS); break;
    case RK_END: start_section(p, SEC_END); p->s->cur_obj = NULL; p->s->cur_eje = NULL; break;
    default: unit_close(p); break; /* RK_SKIP: a column heading */
    }
}

static void feed_segment(parser *p, const poa_line *line, const char *text, bool boundary);

/* Does a title (a name, an eje) wrapped at ACC go on with LINE?  Only when
 * LINE looks like a title too and ACC stops mid-name: on a connecting word
 * ("... CONSTITUCIONAL DE" / "TANHUATO"), a comma, or "San". */
static bool title_goes_on(const char *acc, const char *text, const poa_line *line)
{
    static const char *const joins[] = { "de", "del", "la", "las", "los", "el", "y", "e",
                                         "en", "para", "con", "san", "santa", "santo" };
    if (!normalize_is_caps(text) && !(line->flags & POA_LINE_HEADING))
        return false;
    if (normalize_starts_lower(text) || g_str_has_suffix(acc, ","))
        return true;
    const char *space = strrchr(acc, ' ');
    char *last = g_utf8_strdown(space ? space + 1 : acc, -1);
    bool joined = false;
    for (size_t i = 0; i < G_N_ELEMENTS(joins) && !joined; i++)
        joined = strcmp(last, joins[i]) == 0;
    g_free(last);
    return joined;
}

/* A form's column heading names the value in the cell below it: a date,
 * a year, or a text (área responsable, nota).  Returns true when TEXT was
 * taken as that value. */
static bool take_labelled_value(parser *p, const poa_line *line, const char *text)
{
    rule_kind kind = p->s->label;
    poa_metadata *meta = &p->report->meta;
    p->s->label = RK_NONE;
    char **text_slot = meta_text_slot(meta, kind);
    unit_close(p);
    if (text_slot) {
        if (*text_slot)
            return false;
        unit_open(p, UNIT_META, text, line);
        p->s->meta_slot = text_slot;
        p->recognised++;
        return true;
    }
    if (kind == RK_EJERCICIO) {
        int year = atoi(text);
        meta_year(p, year);
        return year > 0;
    }
    char **slot = meta_date_slot(meta, kind);
    char *iso = dates_parse(text);
    bool taken = iso != NULL;
    g_free(iso);
    if (taken)
        meta_date(p, slot, text);
    return taken;
}

/* Kinds a form's column heading may name. */
static const rule_kind label_kinds[] = {
    RK_EJERCICIO, RK_PERIODO_INICIO, RK_PERIODO_FIN, RK_FECHA_VALIDACION,
    RK_FECHA_ACTUALIZACION, RK_FECHA, RK_AREA, RK_NOTA, RK_INSTITUCION
};

/* Is TEXT (a whole cell) only a label: a metadata rule matched it, but
 * none of the value groups? */
static rule_kind header_label(parser *p, const char *text)
{
    static const char *const values[] = { "date", "year", "text", "d1", "q", "m1" };
    for (size_t k = 0; k < G_N_ELEMENTS(label_kinds); k++) {
        if (!rules_match_kind(p->m, label_kinds[k], text))
            continue;
        bool has_value = false;
        for (size_t v = 0; v < G_N_ELEMENTS(values) && !has_value; v++) {
            char *g = rules_group(p->m, values[v]);
            has_value = g && *g;
            g_free(g);
        }
        if (!has_value)
            return label_kinds[k];
    }
    return RK_NONE;
}

/* Feed one segment of a line (a line may hold two bulleted items). */
static void feed_segment(parser *p, const poa_line *line, const char *text, bool boundary)
{
    bool after_label = boundary || !(line->flags & POA_LINE_CELL); /* free text: next line */
    if (p->s->label != RK_NONE && after_label && take_labelled_value(p, line, text))
        return;
    if (p->s->title_only && p->s->unit != UNIT_NONE && !title_goes_on(p->s->acc->str, text, line))
        unit_close(p); /* a title (eje, institution) ends where plain text begins */
    rule_kind kind = rules_classify(p->m, text);
    bool may_start = can_start(p, line, text, boundary);
    if (kind == RK_ITEM || kind == RK_EJE || kind == RK_OBJETIVO || kind == RK_ESTRATEGIA ||
        kind == RK_LINEA || kind == RK_CODE) {
        if (kind == RK_ITEM) {
            handle_item(p, line);
            return;
        }
        if (handle_plan_label(p, kind, line))
            return;
        kind = RK_NONE;
    }
    if (is_heading_kind(kind) && may_start) {
        handle_heading(p, kind, line);
        return;
    }
    if (is_meta_kind(kind)) {
        char *rest = rules_group(p->m, "rest"); /* "Ejercicio 2025. Primer trimestre" */
        bool taken = handle_meta(p, kind, line, may_start);
        if (taken && rest && *rest)
            feed_segment(p, line, rest, true);
        g_free(rest);
        if (taken)
            return;
    }
    bool cont = continues(p, line, text, boundary);
    if ((kind == RK_MISION_TEXT || kind == RK_VISION_TEXT) && may_start && !cont &&
        handle_wording(p, kind, line))
        return;
    if (cont && p->s->unit != UNIT_NONE) {
        normalize_join(p->s->acc, text, p->evidence);
        prov_add_line(&p->s->prov, line);
        return;
    }
    handle_paragraph(p, text, line);
}

/* A table column starts from the free text's context: the section a
 * heading above the table opened, the current objective. */
static void stream_inherit(parser *p, stream *st)
{
    stream *main = g_ptr_array_index(p->streams, 0);
    stream *keep = p->s;
    p->s = st;
    unit_close(p);
    p->s = keep;
    st->sec = main->sec;
    st->quad = main->quad;
    st->mode = main->mode;
    st->cur_obj = main->cur_obj;
    st->cur_eje = main->cur_eje;
    st->free_seen = p->free_lines;
}


/* Horizontal overlap of [a0,a1] and [b0,b1], in points (<= 0: none). */
static double overlap(double a0, double a1, double b0, double b1)
{
    return fmin(a1, b1) - fmax(a0, b0);
}

/* On one page and in one run of table rows, the layout's column number
 * names the column: a narrow centred heading cell and the items under it
 * share it.  The most recently used such stream, or NULL. */
static stream *stream_same_column(parser *p, const poa_line *line)
{
    stream *best = NULL;
    for (guint i = 1; i < p->streams->len; i++) {
        stream *st = g_ptr_array_index(p->streams, i);
        if (st->column == line->column && st->page == line->page &&
            st->free_seen == p->free_lines && (!best || st->used > best->used) &&
            overlap(st->x0, st->x1, line->x0, line->x1) > -60.0) /* not two tables apart */
            best = st;
    }
    return best;
}

/* The table-column stream for a cell's first line: the stream whose last
 * block lies above it in the same column (a line never crosses a cell's
 * rule, so cells side by side never overlap), else a new one. */
static stream *stream_for_cell(parser *p, const poa_line *line)
{
    stream *best = stream_same_column(p, line);
    double best_overlap = 0;
    for (guint i = 1; i < p->streams->len && !best; i++) {
        stream *st = g_ptr_array_index(p->streams, i);
        double o = overlap(st->x0, st->x1, line->x0, line->x1);
        if (o > best_overlap)
            best = st, best_overlap = o;
    }
    if (best) {
        if (best->free_seen != p->free_lines) /* free text between: a new table */
            stream_inherit(p, best);
    } else if (p->streams->len <= PARSE_MAX_STREAMS) {
        best = stream_new(line->column, line->x0);
        g_ptr_array_add(p->streams, best);
        stream_inherit(p, best);
    } else {
        best = g_ptr_array_index(p->streams, 1 + p->next_reuse++ % PARSE_MAX_STREAMS);
        stream_inherit(p, best);
    }
    best->column = line->column;
    best->x0 = line->x0;
    best->x1 = line->x1;
    return best;
}

/* Move the open unit (and its context) of FROM to TO: the item whose number
 * stands alone in one cell takes its text from the next cell of the row. */
static void stream_hand_over(parser *p, stream *from, stream *to)
{
    stream *keep = p->s;
    p->s = to;
    unit_close(p);
    p->s = keep;
    GString *acc = to->acc;
    to->acc = from->acc;
    from->acc = acc;
    to->unit = from->unit, from->unit = UNIT_NONE;
    to->prov = from->prov;
    to->meta_slot = from->meta_slot;
    to->node = from->node, from->node = NULL;
    to->title_only = from->title_only, from->title_only = false;
    to->item_code = from->item_code, from->item_code = NULL;
    to->sec = from->sec, to->quad = from->quad, to->mode = from->mode;
    to->cur_obj = from->cur_obj, to->cur_eje = from->cur_eje;
}

/* Does FROM hold an item that has its number but no text yet? */
static bool stream_awaits_text(const stream *from)
{
    return from->column >= 0 && from->acc->len == 0 &&
           (from->unit == UNIT_NODE || from->unit == UNIT_FODA);
}

/* Which stream reads LINE. */
static stream *stream_select(parser *p, const poa_line *line)
{
    if (!(line->flags & POA_LINE_CELL)) {
        p->free_lines++;
        return g_ptr_array_index(p->streams, 0);
    }
    if (!(line->flags & POA_LINE_BLOCK_START) && p->s->column >= 0)
        return p->s;
    stream *prev = p->s;
    stream *st = stream_for_cell(p, line);
    if (st != prev && !(line->flags & POA_LINE_ROW_START) && stream_awaits_text(prev))
        stream_hand_over(p, prev, st);
    return st;
}

static void feed_line(parser *p, const poa_line *line)
{
    if (line->flags & POA_LINE_DROPPED)
        return;
    p->s = stream_select(p, line);
    p->s->free_seen = p->free_lines;
    p->s->used = ++p->lines_seen;
    char *text = util_collapse_space(line->text);
    if (*text) {
        normalize_evidence_note(p->evidence, text);
        size_t cuts[16];
        size_t n = rules_split_points(p->m, text, cuts, G_N_ELEMENTS(cuts));
        size_t from = 0;
        for (size_t i = 0; i <= n; i++) {
            size_t to = i < n ? cuts[i] : strlen(text);
            char *seg = g_strstrip(g_strndup(text + from, to - from));
            if (*seg)
                feed_segment(p, line, seg, i > 0 || is_boundary(p, line));
            g_free(seg);
            from = to;
        }
    }
    p->s->page = line->page;
    g_free(text);
}

/* The text of the block starting at LINES[i], joined; *END is past it. */
static char *block_text(const poa_line *lines, size_t n, size_t i, size_t *end)
{
    GString *text = g_string_new(lines[i].text);
    size_t j = i + 1;
    for (; j < n && !(lines[j].flags & POA_LINE_BLOCK_START); j++)
        if (!(lines[j].flags & POA_LINE_DROPPED))
            g_string_append_printf(text, " %s", lines[j].text);
    *end = j;
    char *joined = util_collapse_space(text->str);
    g_string_free(text, TRUE);
    return joined;
}

/* A cell that only names its column ("Fecha de validación") becomes the
 * label of its column's stream.  Returns the index past the cell, or I. */
static size_t feed_header_cell(parser *p, const poa_line *lines, size_t n, size_t i)
{
    const poa_line *l = &lines[i];
    bool cell_start = (l->flags & POA_LINE_CELL) && (l->flags & POA_LINE_BLOCK_START);
    if (l->flags & POA_LINE_DROPPED)
        return i;
    size_t end = i + 1; /* free text: a label stands alone on its line */
    char *text = cell_start ? block_text(lines, n, i, &end) : util_collapse_space(l->text);
    rule_kind kind = header_label(p, text);
    g_free(text);
    if (kind == RK_NONE)
        return i;
    p->s = stream_select(p, l);
    unit_close(p);
    p->s->label = kind;
    p->s->free_seen = p->free_lines;
    p->s->page = l->page;
    return end;
}

void parse_feed(parser *p, const poa_line *lines, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t next = feed_header_cell(p, lines, n, i);
        if (next > i) {
            i = next;
            continue;
        }
        feed_line(p, &lines[i++]);
    }
}

/* ---- finishing ---- */

/* A bare-coded node with children is a strategy, without children a line
 * ("1.1.1.-" in the left column, "1.1.1.1.-" in the right). */
static void resolve_bare(gpointer key, gpointer value, gpointer data)
{
    poa_node *node = key;
    (void)value;
    (void)data;
    node->kind = node->children->len ? POA_NODE_ESTRATEGIA : POA_NODE_LINEA;
}

/* List objectives ("OBJETIVOS ESPECÍFICOS 1.-6." of an introduction) yield
 * to labelled ones ("OBJETIVO 1.1.- ..."): drop the childless weak ones. */
static void drop_weak_objectives(parser *p)
{
    if (!p->strong_objectives)
        return;
    GList *weak = g_hash_table_get_keys(p->weak);
    for (GList *l = weak; l; l = l->next) {
        poa_node *node = l->data;
        if (node->children->len == 0) {
            node_remove(p, node, NULL);
            p->recognised--;
        }
    }
    g_list_free(weak);
}

/* The fiscal year a quarterly report speaks of, when it is not printed:
 * the year of the period's end, or of the report's date. */
static void infer_year(poa_metadata *meta)
{
    if (!meta->trimestre)
        meta->trimestre = dates_period_quarter(meta->periodo_inicio, meta->periodo_fin);
    if (meta->ejercicio)
        return;
    const char *from = meta->periodo_fin ? meta->periodo_fin : meta->fecha;
    meta->ejercicio = dates_year(from);
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

/* Insert CHILD into PARENT before the first sibling with a larger code. */
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
    child->parent = parent;
    g_ptr_array_insert(parent->children, (gint)at, child);
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

static void collect_nodes(poa_node *node, GPtrArray *out)
{
    for (guint i = 0; i < node->children->len; i++) {
        poa_node *c = g_ptr_array_index(node->children, i);
        g_ptr_array_add(out, c);
        collect_nodes(c, out);
    }
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
    collect_nodes(p->report->plan, all);
    for (guint i = 0; i < all->len; i++) {
        poa_node *n = g_ptr_array_index(all, i);
        if (n->kind == POA_NODE_EJE || n->kind == POA_NODE_OBJETIVO || !n->code ||
            !strchr(n->code, '.'))
            continue;
        poa_node *parent = code_find_parent(p, n->code);
        if (!parent || parent == n->parent || is_ancestor(n, parent) ||
            code_depth(parent->code) <= code_depth(n->parent->code))
            continue; /* only ever move to a closer match of the code */
        guint at = 0;
        if (g_ptr_array_find(n->parent->children, n, &at))
            g_ptr_array_steal_index(n->parent->children, at);
        node_insert_sorted(parent, n);
    }
    g_ptr_array_unref(all);
}

/* Lift the children of NODE's children that are not a level deeper than
 * their parent (a strategy coded under a strategy, anything under a line)
 * to stand beside it, so the tree keeps every element and the schema's
 * nesting (eje > objetivo > estrategia > línea).  Returns true when it
 * moved something. */
static bool fix_nesting(poa_node *node)
{
    bool moved = false;
    for (guint i = 0; i < node->children->len; i++) {
        poa_node *c = g_ptr_array_index(node->children, i);
        guint at = i + 1;
        for (guint j = 0; j < c->children->len;) {
            poa_node *g = g_ptr_array_index(c->children, j);
            if (g->kind > c->kind && c->kind != POA_NODE_LINEA) {
                j++;
                continue;
            }
            g_ptr_array_steal_index(c->children, j);
            g->parent = node;
            g_ptr_array_insert(node->children, (gint)at++, g);
            moved = true;
        }
        moved |= fix_nesting(c);
    }
    return moved;
}

/* An element whose number was printed without any text (a cell emptied by
 * extraction) says nothing: drop it unless it holds others. */
static void drop_empty(parser *p, poa_node *node)
{
    for (guint i = node->children->len; i-- > 0;) {
        poa_node *c = g_ptr_array_index(node->children, i);
        drop_empty(p, c);
        if (!*c->text && c->children->len == 0)
            node_remove(p, c, NULL);
    }
}

size_t parse_finish(parser *p)
{
    for (guint i = p->streams->len; i-- > 0;) {
        p->s = g_ptr_array_index(p->streams, i);
        unit_close(p);
    }
    infer_year(&p->report->meta);
    rehome_orphans(p);
    drop_weak_objectives(p);
    g_hash_table_foreach(p->bare, resolve_bare, NULL);
    drop_empty(p, p->report->plan);
    while (fix_nesting(p->report->plan))
        ;
    return p->recognised;
}
