/* parse_meta.c - the report's metadata (year, quarter, dates, institution,
 * legal basis, ...) from labelled or worded lines, and the column labels
 * of forms that name the value in the cell below them.
 */
#include <stdlib.h>

#include "dates.h"
#include "normalize.h"
#include "parse_internal.h"
#include "rules.h"
#include "util.h"

/* ---- metadata ---- */

static void meta_year(poa_metadata *meta, int year)
{
    if (year >= 1900 && year <= 2200 && !meta->ejercicio)
        meta->ejercicio = year;
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

/* A date TEXT a running header labels, a dateline or an approval states:
 * the report's where no label gives one (parse_meta_apply_date). */
static void note_dated(parser *p, const char *text)
{
    char *iso = text ? dates_parse(text) : NULL;
    if (iso) {
        g_ptr_array_add(p->dated, iso);
        p->recognised++;
    }
}

/* The facts any metadata rule may carry in the groups of its match M,
 * into META where it has none yet: year, quarter (q: "tercer", or m1: the
 * first month of "julio-septiembre"), a period d1..d2, a plan's span
 * y1..y2. */
static void meta_harvest_common(poa_metadata *meta, const rule_match *m)
{
    char *y1 = rule_match_group(m, "y1"), *y2 = rule_match_group(m, "y2");
    int from = y1 ? atoi(y1) : 0, to = y2 ? atoi(y2) : 0;
    if (from >= 1900 && to > from && to - from <= 30 && !meta->vigencia_desde)
        meta->vigencia_desde = from, meta->vigencia_hasta = to;
    g_free(y1), g_free(y2);
    char *year = rule_match_group(m, "year"), *q = rule_match_group(m, "q");
    char *m1 = rule_match_group(m, "m1"), *qd = rule_match_group(m, "qd");
    char *d1 = rule_match_group(m, "d1"), *d2 = rule_match_group(m, "d2");
    int quarter = q ? dates_quarter_word(q) : m1 ? (dates_month(m1) + 2) / 3 : qd ? atoi(qd) : 0;
    if (quarter && !meta->trimestre)
        meta->trimestre = quarter;
    if (year)
        meta_year(meta, atoi(year));
    char *i2 = d2 ? dates_parse(d2) : NULL;
    char *i1 = d1 ? dates_parse(d1) : NULL;
    if (d1 && !i1 && i2) { /* "del 1 de abril al 30 de junio de 2025": one year for both */
        char *dated = g_strdup_printf("%s de %d", d1, dates_year(i2));
        i1 = dates_parse(dated);
        g_free(dated);
    }
    if (i1 && i2 && !meta->periodo_inicio && !meta->periodo_fin) { /* each keeps its first value */
        meta->periodo_inicio = g_strdup(i1);
        meta->periodo_fin = g_strdup(i2);
        if (!meta->trimestre)
            meta->trimestre = dates_period_quarter(i1, i2);
    }
    g_free(year), g_free(q), g_free(m1), g_free(qd);
    g_free(d1), g_free(d2), g_free(i1), g_free(i2);
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

/* The strength of a labelled name: nothing replaces it but another. */
#define INSTITUTION_LABELLED 6
/* The strength of a name in a plain line (see institution_strength). */
#define INSTITUTION_PLAIN 2

/* How sure a line naming the institution is, in the order a name may
 * replace another on its page: a labelled name ("Sujeto obligado: ...")
 * 6, a heading 4, a government in a heading 3 (a municipal government
 * titling its own plan, over a small running header; or "GOBIERNO DEL
 * ESTADO DE NAYARIT" over the institute it heads, which then replaces
 * it), a plain line (a running header kept on the first page) 2, a
 * government in a plain line 0. */
static int institution_strength(parser *p, const rule_match *match, const poa_line *line,
                                bool label)
{
    char *name = label ? NULL : rule_match_group(match, "text");
    bool government = name && rules_match_kind(p->m, RK_GOVERNMENT, name, NULL);
    /* plain text has no fonts: a title there is a name in capitals */
    bool heading = (line->flags & POA_LINE_HEADING) ||
                   (line->page == 0 && name && normalize_is_caps(name));
    g_free(name);
    if (label)
        return INSTITUTION_LABELLED;
    return heading ? (government ? 3 : 4) : (government ? 0 : INSTITUTION_PLAIN);
}

/* May a name of strength STRENGTH on LINE replace the institution already
 * taken?  A label anywhere, or a more prominent line of the same page
 * (the title in capitals under a small running header). */
static bool institution_replaces(const parser *p, const poa_line *line, int strength)
{
    return strength > p->inst_strength &&
           (strength == INSTITUTION_LABELLED || line->page == p->inst_page);
}

/* Has the programme's structure begun (a mission, vision, FODA or plan
 * element read)?  The report's header is behind. */
static bool structure_begun(const parser *p)
{
    const poa_report *r = p->report;
    return r->mision || r->vision || r->foda_present || r->plan->children->len > 0 ||
           p->mision_seen || p->vision_seen;
}

/* Record how (STRENGTH) and where (LINE's page) the institution was read. */
static void institution_note(parser *p, const poa_line *line, int strength)
{
    p->inst_strength = strength;
    p->inst_page = line->page;
}

/* Does the document state a span of several years (a plan's, not a
 * year's report), by a fact or by a title read so far? */
static bool spans_years(const parser *p)
{
    const poa_metadata *m = &p->report->meta, *t = &p->titled;
    return m->vigencia_hasta > m->vigencia_desde || t->vigencia_hasta > t->vigencia_desde;
}

/* Is a labelled year ("Año 2021") on LINE the report's year?  Not when it
 * heads a column of a schedule, other years labelled alike in its row
 * ("AÑO 2021 | AÑO 2022 | ..."): the row's first, taken before the second
 * was read, is undone.  Nor, in a plan of several years, once its structure
 * has begun: an indicator sheet's baseline year ("Año 2018"). */
static bool year_fact_stands(parser *p, const rule_match *match, const poa_line *line)
{
    char *y = rule_match_group(match, "year");
    int year = y ? atoi(y) : 0;
    g_free(y);
    if (!year)
        return true; /* a label alone: its value comes in a cell of its own */
    if (spans_years(p) && structure_begun(p))
        return false;
    year_row *r = &p->year_row;
    bool cell = line->flags & POA_LINE_CELL;
    bool same_row = cell && r->year && line->page == r->page && line->y0 < r->y1 &&
                    line->y1 > r->y0;
    if (same_row && year != r->year) {
        if (r->took && p->report->meta.ejercicio == r->year)
            p->report->meta.ejercicio = 0;
        r->took = false;
        return false;
    }
    if (cell && !same_row)
        *r = (year_row){ year, line->page, line->y0, line->y1, !p->report->meta.ejercicio };
    return true;
}

/* Metadata lines.  Returns false when the line is not taken as metadata
 * here (a wording match in the middle of a sentence). */
bool parse_meta_handle(parser *p, const rule_match *match, const poa_line *line, bool may_start,
                       bool label)
{
    poa_metadata *meta = &p->report->meta;
    rule_kind kind = match->kind;
    char **text_slot = meta_text_slot(meta, kind);
    int strength = kind == RK_INSTITUCION ? institution_strength(p, match, line, label) : 0;
    bool held = text_slot && *text_slot &&
                !(kind == RK_INSTITUCION && institution_replaces(p, line, strength));
    if (meta_worded(kind) && (!may_start || held || p->s->sec == SEC_FODA))
        return false;
    if (kind == RK_TRIMESTRE && structure_begun(p) && rule_match_has(match, "qd"))
        return false; /* "Trimestre 1" heading a schedule's column */
    if (kind == RK_EJERCICIO && !year_fact_stands(p, match, line))
        return false;
    if (kind == RK_INSTITUCION)
        institution_note(p, line, strength);
    parse_unit_close(p);
    if (kind == RK_APROBACION) {
        /* a sentence, wrapped or not, read whole when it closes
         * (parse_meta_from_prose) */
        parse_unit_open(p, UNIT_IGNORE, match->subject, line);
        p->s->approval = true;
        p->recognised++;
        return true;
    }
    meta_harvest_common(meta, match);
    /* what dates the report, by the evidence: a label, then a dateline,
     * then a date alone (parse_meta_apply_date) */
    char **slot = meta_date_slot(meta, kind);
    if (kind == RK_FECHA && !rule_match_has(match, "label"))
        slot = &p->date_alone;
    char *date = rule_match_group(match, "date");
    if (date && kind == RK_FECHA_LUGAR)
        note_dated(p, date);
    else if (date)
        meta_date(p, slot, date);
    g_free(date);
    if (text_slot) {
        char *text = rule_match_group(match, "text");
        parse_unit_open(p, UNIT_META, text, line);
        p->s->meta_slot = text_slot;
        /* a name is a title: it goes on only over heading lines, and not
         * past the dash or colon that ends it */
        p->s->title_only = kind == RK_INSTITUCION;
        if (kind == RK_INSTITUCION && rule_match_has(match, "cut"))
            parse_unit_close(p);
        g_free(text);
    }
    p->recognised++;
    return true;
}

/* The fiscal year a quarterly report speaks of, when it is not printed:
 * the year of the period's end, or of the report's date. */
void parse_meta_infer_year(poa_metadata *meta)
{
    if (!meta->trimestre)
        meta->trimestre = dates_period_quarter(meta->periodo_inicio, meta->periodo_fin);
    if (meta->ejercicio)
        return;
    /* a plan of several years has no fiscal year: the date of its approval
     * ("Lima, 20 de febrero del 2018") is not one */
    if (!meta->periodo_fin && meta->vigencia_hasta > meta->vigencia_desde)
        return;
    const char *from = meta->periodo_fin ? meta->periodo_fin : meta->fecha;
    meta->ejercicio = dates_year(from);
}

/* ---- form column labels ---- */

/* A form's column heading names the value in the cell below it: a date,
 * a year, or a text (área responsable, nota).  Returns true when TEXT was
 * taken as that value. */
/* Take TEXT as the value of a column labelled KIND when it is of that
 * label's type: a year, a date, or words (área responsable, nota). */
static bool take_as(parser *p, rule_kind kind, const poa_line *line, const char *text)
{
    poa_metadata *meta = &p->report->meta;
    char **text_slot = meta_text_slot(meta, kind);
    if (text_slot) {
        /* a name or a note is words: a bare number or date under the label is
         * another column's value (the cells of a form read out of order), a
         * line the rules know is structure; only a unit named like a body
         * ("Coordinación de Planeación") is still a name, and a sentence
         * saying the programme was approved still a note */
        rule_kind kind_of_text = rules_kind_of(p->m, text);
        if (*text_slot || !util_has_word(text) ||
            (kind_of_text != RK_NONE && kind_of_text != RK_INSTITUCION &&
             kind_of_text != RK_APROBACION))
            return false;
        parse_unit_close(p);
        parse_unit_open(p, UNIT_META, text, line);
        p->s->meta_slot = text_slot;
        if (kind == RK_INSTITUCION)
            institution_note(p, line, 3); /* under its column's label */
        p->recognised++;
        return true;
    }
    if (kind == RK_EJERCICIO) { /* only a year standing alone */
        bool year = strlen(text) == 4 && g_ascii_isdigit(text[0]) && g_ascii_isdigit(text[1]) &&
                    g_ascii_isdigit(text[2]) && g_ascii_isdigit(text[3]);
        if (year) {
            parse_unit_close(p);
            meta_year(meta, atoi(text));
        }
        return year;
    }
    /* only a date standing alone: a period, or a sentence naming a date,
     * is not the value of a date column */
    rule_kind kind_of_text = rules_kind_of(p->m, text);
    char **slot = meta_date_slot(meta, kind);
    char *iso = kind_of_text == RK_FECHA || (kind_of_text == RK_NONE && strlen(text) <= 32)
                    ? dates_parse(text)
                    : NULL;
    bool taken = iso != NULL;
    g_free(iso);
    if (taken) {
        parse_unit_close(p);
        meta_date(p, slot, text);
    }
    return taken;
}

/* Is TEXT a section or column heading (a column of the header row:
 * "Misión", "Responsable")? */
static bool is_heading_text(parser *p, const char *text)
{
    rule_kind kind = rules_kind_of(p->m, text);
    return (kind >= RK_MISION && kind <= RK_END) || kind == RK_SKIP;
}

bool parse_meta_take_labelled_value(parser *p, const poa_line *line, const char *text,
                                    bool continuation)
{
    stream *s = p->s;
    for (int i = 0; i < s->n_labels; i++) {
        if ((continuation && meta_text_slot(&p->report->meta, s->labels[i])) ||
            !take_as(p, s->labels[i], line, text))
            continue; /* words that go on a value's sentence are that value's */
        memmove(&s->labels[i], &s->labels[i + 1], (size_t)(s->n_labels - i - 1) * sizeof *s->labels);
        s->n_labels--;
        s->label_values = true;
        return true;
    }
    /* Headings among the labels are the rest of the header row; once the
     * values have begun, a line no label takes ends them (unless it goes
     * on with the value before it). */
    if (!continuation && (s->label_values || !is_heading_text(p, text))) {
        s->n_labels = 0;
        if (s->unit == UNIT_META) /* a section heading's empty paragraph waits on */
            parse_unit_close(p);
    }
    return false;
}

/* Kinds a form's column heading may name. */
static const rule_kind label_kinds[] = {
    RK_EJERCICIO, RK_PERIODO_INICIO, RK_PERIODO_FIN, RK_FECHA_VALIDACION,
    RK_FECHA_ACTUALIZACION, RK_FECHA, RK_AREA, RK_NOTA, RK_INSTITUCION,
    RK_PERIODO_ACTUALIZACION
};

/* The first label kind a metadata rule matches TEXT as, with (WITH_VALUE)
 * or without a value group set; RK_NONE when none. */
static rule_kind label_match(parser *p, const char *text, bool with_value)
{
    static const char *const values[] = { "date", "year", "text", "d1", "q", "m1" };
    rule_match match = RULE_MATCH_INIT;
    rule_kind found = RK_NONE;
    for (size_t k = 0; k < G_N_ELEMENTS(label_kinds) && found == RK_NONE; k++) {
        if (!rules_match_kind(p->m, label_kinds[k], text, &match))
            continue;
        bool has_value = false;
        for (size_t v = 0; v < G_N_ELEMENTS(values) && !has_value; v++) {
            char *g = rule_match_group(&match, values[v]);
            has_value = g && *g;
            g_free(g);
        }
        if (has_value == with_value)
            found = label_kinds[k];
    }
    rule_match_clear(&match);
    return found;
}

/* Is TEXT (a whole cell) only a label: a metadata rule matched it, but
 * none of the value groups? */
static rule_kind header_label(parser *p, const char *text)
{
    return label_match(p, text, false);
}

bool parse_meta_is_bare_label(parser *p, const char *text)
{
    return header_label(p, text) != RK_NONE;
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

/* A free block of a few short lines may be a column heading wrapped in
 * a narrow cell, as text extracted from a form prints it ("Fecha de /
 * inicio del / periodo que se / informa"); the national forms' longest
 * heading runs to about 90 characters.  Lines of prose are longer. */
#define LABEL_MAX_BYTES 200
#define LABEL_LINE_MAX_BYTES 48
/* A wrapped label is read ahead line by line, a byte and a break at least
 * each, so its lines fit in the window of plain text the parser is fed. */
_Static_assert(LABEL_MAX_BYTES / 2 + 2 <= PARSE_LOOKAHEAD_LINES,
               "a wrapped label must fit in the parser's look-ahead");

/* Is the free block starting at LINES[i] (several lines) narrow and short
 * enough to be one wrapped column heading? */
static bool narrow_block(const poa_line *lines, size_t n, size_t i)
{
    if (!(lines[i].flags & POA_LINE_BLOCK_START) || i + 1 >= n ||
        (lines[i + 1].flags & POA_LINE_BLOCK_START))
        return false;
    size_t total = 0;
    for (size_t j = i; j < n && (j == i || !(lines[j].flags & POA_LINE_BLOCK_START)); j++) {
        size_t len = strlen(lines[j].text);
        total += len + 1;
        if (len > LABEL_LINE_MAX_BYTES || total > LABEL_MAX_BYTES)
            return false;
    }
    return true;
}

static bool ends_with_colon(const char *text)
{
    size_t n = strlen(text);
    while (n && g_ascii_isspace(text[n - 1]))
        n--;
    return n && text[n - 1] == ':';
}

/* Queue label KIND, read on line L, in L's stream: its value comes next,
 * or after a whole header row, in the row's order.  Returns the stream. */
static stream *queue_label(parser *p, rule_kind kind, const poa_line *l)
{
    p->s = parse_stream_select(p, l);
    parse_unit_close(p);
    stream *s = p->s;
    bool queued = false;
    for (int k = 0; k < s->n_labels && !queued; k++)
        queued = s->labels[k] == kind;
    if (!queued && s->n_labels == PARSE_MAX_LABELS) /* the oldest gives way */
        memmove(s->labels, s->labels + 1, --s->n_labels * sizeof *s->labels);
    if (!queued)
        s->labels[s->n_labels++] = kind;
    s->label_values = false;
    s->label_next = true;
    s->free_seen = p->free_lines;
    s->page = l->page;
    return s;
}

/* TEXT cut at its runs of three spaces or more, leading ones aside
 * (g_strfreev). */
static char **split_at_gaps(const char *text)
{
    GPtrArray *parts = g_ptr_array_new();
    const char *c = text;
    while (*c == ' ')
        c++;
    const char *start = c;
    for (; *c; c++) {
        if (strncmp(c, "   ", 3) != 0)
            continue;
        g_ptr_array_add(parts, g_strndup(start, (gsize)(c - start)));
        while (*c == ' ')
            c++;
        start = c--;
    }
    if (*start)
        g_ptr_array_add(parts, g_strdup(start));
    g_ptr_array_add(parts, NULL);
    return (char **)g_ptr_array_free(parts, FALSE);
}

/* A line of plain text that is a form's header row, its labels set apart
 * by wide gaps ("Fecha de validación         Fecha de actualización"):
 * each label is queued in order, for the values of the line below.  True
 * when the line was that. */
static bool queue_label_row(parser *p, const poa_line *l)
{
    if (!strstr(l->text, "   "))
        return false; /* laid-out PDF lines and most text: no wide gap */
    char **parts = split_at_gaps(l->text);
    guint n = g_strv_length(parts), labels = 0;
    rule_kind kinds[PARSE_MAX_LABELS];
    for (guint k = 0; k < n && labels == k && k < PARSE_MAX_LABELS; k++) {
        char *part = util_collapse_space(parts[k]);
        rule_kind kind = *part && strlen(part) <= LABEL_MAX_BYTES ? header_label(p, part) : RK_NONE;
        if (kind != RK_NONE)
            kinds[labels++] = kind;
        g_free(part);
    }
    bool row = n >= 2 && labels == n;
    for (guint k = 0; row && k < labels; k++)
        queue_label(p, kinds[k], l);
    g_strfreev(parts);
    return row;
}

/* LINES[i] joined with the short lines after it that start in lower case
 * (at most LABEL_MAX_BYTES in all); *END is past the last one taken. */
static char *lowercase_run_text(const poa_line *lines, size_t n, size_t i, size_t *end)
{
    GString *text = g_string_new(lines[i].text);
    size_t j = i + 1;
    for (; j < n && !(lines[j].flags & POA_LINE_DROPPED) &&
           strlen(lines[j].text) <= LABEL_LINE_MAX_BYTES &&
           text->len + strlen(lines[j].text) < LABEL_MAX_BYTES &&
           normalize_starts_lower(lines[j].text);
         j++)
        g_string_append_printf(text, " %s", lines[j].text);
    *end = j;
    char *joined = util_collapse_space(text->str);
    g_string_free(text, TRUE);
    return joined;
}

/* A label alone in a row's first cell, lines CELL[0..N), queued in stream
 * S: its value may stand in the cell on its right (a key | value table). */
static void note_row_label(parser *p, rule_kind kind, const poa_line *cell, size_t n, stream *s)
{
    double x1 = 0;
    for (size_t j = 0; j < n; j++)
        x1 = MAX(x1, cell[j].x1);
    p->row_label = (row_ref){ kind, cell[0].page, cell[0].y0, cell[n - 1].y1, x1 };
    p->row_label_stream = s;
}

static char *block_text(const poa_line *lines, size_t n, size_t i, size_t *end);

/* Is the cell after the label cell LINES[i..end) a value beside it on the
 * same row, set apart from the label and neither a label nor a heading?  A
 * row the layout did not mark as one (a table ruled between rows only)
 * still pairs "NOTA" | "El plan se publica ..."; in a header row the cell
 * on the right is another label, set like it. */
static bool value_on_right(parser *p, const poa_line *lines, size_t n, size_t i, size_t end)
{
    if (end >= n)
        return false;
    const poa_line *v = &lines[end];
    bool beside = (v->flags & POA_LINE_CELL) && (v->flags & POA_LINE_BLOCK_START) &&
                  v->page == lines[i].page && v->x0 > lines[i].x1 && v->y0 < lines[end - 1].y1 &&
                  v->y1 > lines[i].y0;
    if (!beside)
        return false;
    /* set apart as a label is: in capitals or bold, the value not */
    char *label = util_collapse_space(lines[i].text);
    size_t past;
    char *text = block_text(lines, n, end, &past); /* a label may wrap in its cell */
    bool styled = (normalize_is_caps(label) && !normalize_is_caps(text)) ||
                  (lines[i].bold && !v->bold);
    bool value = styled && header_label(p, text) == RK_NONE && !is_heading_text(p, text);
    g_free(text);
    g_free(label);
    return value;
}

/* A cell, or a short free block, that only names its column ("Fecha de
 * validación") becomes a label of its stream: the value comes next, or,
 * after a whole header row, in the row's order.  Returns the index past
 * the cell, or I. */
size_t parse_meta_feed_header_cell(parser *p, const poa_line *lines, size_t n, size_t i)
{
    const poa_line *l = &lines[i];
    bool cell_start = (l->flags & POA_LINE_CELL) && (l->flags & POA_LINE_BLOCK_START);
    if (l->flags & POA_LINE_DROPPED)
        return i;
    size_t end = i + 1; /* free text: a label stands alone on its line, */
    const stream *free_text = g_ptr_array_index(p->streams, 0);
    if (!(l->flags & POA_LINE_BLOCK_START) && free_text->unit != UNIT_NONE &&
        !free_text->title_only && free_text->acc->len &&
        !normalize_ends_sentence_len(free_text->acc->str, free_text->acc->len) && !ends_with_colon(l->text))
        return i; /* never in the middle of a sentence (a new block ends one); a
                   * label ended by its colon starts a fact, always */
    /* a ruled cell is one heading, however wrapped ("Área(s) responsable(s)
     * / que genera(n), posee(n) ..."): its value is in the cell below */
    char *text = cell_start ? block_text(lines, n, i, &end) : util_collapse_space(l->text);
    /* a label is a few words: a longer text is none (and no rule need run) */
    bool short_text = strlen(text) <= LABEL_MAX_BYTES;
    rule_kind kind = short_text ? header_label(p, text) : RK_NONE;
    if (cell_start && kind == RK_NONE && end > i + 1 && short_text &&
        label_match(p, text, true) != RK_NONE) {
        /* a cell holding its label, wrapped, and its value ("INICIO DEL /
         * PERIODO / 01/01/2025"): one fact, read whole */
        char *first = util_collapse_space(l->text);
        bool wrapped = label_match(p, first, true) == RK_NONE;
        g_free(first);
        if (wrapped) {
            parse_feed_line_as(p, l, text);
            g_free(text);
            return end;
        }
    }
    if (!cell_start && kind == RK_NONE && narrow_block(lines, n, i) && !is_heading_text(p, text)) {
        /* a heading wrapped over a narrow block ("Fecha de / validación"),
         * its first line nothing alone; a label followed by its value on
         * the next line is taken by its first line above */
        char *joined = block_text(lines, n, i, &end);
        kind = header_label(p, joined);
        if (kind == RK_NONE && free_text->n_labels && !free_text->label_values &&
            is_heading_text(p, joined)) {
            /* a heading of a waiting header row ("Objetivos estratégicos y /
             * líneas de acción"): one line */
            parse_feed_line_as(p, l, joined);
            g_free(joined);
            g_free(text);
            return end;
        }
        g_free(text);
        text = joined;
    }
    /* a label's first line is short; a paragraph's lines are not */
    bool goes_on = i + 1 < n && strlen(l->text) <= LABEL_LINE_MAX_BYTES &&
                   normalize_starts_lower(lines[i + 1].text);
    if (!cell_start && goes_on && short_text) {
        /* text without blocks wraps a form's label over short lines, each
         * after the first starting in lower case ("Fecha de inicio del" /
         * "periodo que se" / "informa"): the label is the lines joined */
        size_t past;
        char *joined = lowercase_run_text(lines, n, i, &past);
        rule_kind whole = past > i + 1 ? header_label(p, joined) : RK_NONE;
        if (whole != RK_NONE)
            kind = whole, end = past;
        g_free(joined);
    }
    g_free(text);
    if (kind == RK_NONE && !cell_start)
        return queue_label_row(p, l) ? i + 1 : i;
    if (kind == RK_NONE)
        return i;
    stream *s = queue_label(p, kind, l);
    if (cell_start && ((l->flags & POA_LINE_ROW_START) || value_on_right(p, lines, n, i, end)))
        note_row_label(p, kind, lines + i, end - i, s);
    return end;
}

void parse_meta_approval(parser *p, const char *text)
{
    rule_match match = RULE_MATCH_INIT;
    if (rules_match_kind(p->m, RK_APROBACION, text, &match)) {
        char *date = rule_match_group(&match, "date");
        note_dated(p, date);
        g_free(date);
    }
    rule_match_clear(&match);
}

void parse_meta_from_prose(parser *p, const char *text)
{
    poa_metadata *meta = &p->report->meta;
    if (structure_begun(p) || (meta->periodo_inicio && meta->trimestre && meta->institucion))
        return;
    rule_match match = RULE_MATCH_INIT;
    for (size_t nth = 0; rules_match_kind_nth(p->m, RK_PROSE, text, nth, &match); nth++) {
        meta_harvest_common(meta, &match);
        char *name = rule_match_group(&match, "institucion");
        if (name && !meta->institucion) {
            meta->institucion = util_collapse_space(name);
            p->inst_strength = INSTITUTION_LABELLED - 1; /* a name in prose: only a label replaces it */
            p->inst_page = -1;
            p->recognised++;
        }
        g_free(name);
    }
    rule_match_clear(&match);
}

/* Remove label KIND from stream S's queue. */
static void unqueue_label(stream *s, rule_kind kind)
{
    for (int k = 0; k < s->n_labels; k++)
        if (s->labels[k] == kind) {
            memmove(s->labels + k, s->labels + k + 1,
                    (size_t)(s->n_labels - k - 1) * sizeof *s->labels);
            s->n_labels--;
            return;
        }
}

void parse_meta_take_row_label(parser *p, const poa_line *line)
{
    int at = parse_row_right_of(&p->row_label, line);
    rule_kind kind = p->row_label.kind;
    if (at != 0)
        p->row_label.kind = RK_NONE;
    if (at <= 0 || p->s == p->row_label_stream)
        return;
    unqueue_label(p->row_label_stream, kind); /* its value is here, not below it */
    p->s->labels[0] = kind;
    p->s->n_labels = 1;
    p->s->label_values = false;
    p->s->label_next = true;
}

/* ---- the identity titles state ---- */

/* A title is short and no sentence: a block of more lines or words, or a
 * finished sentence, is a paragraph, whose years and plans may be other
 * documents' ("alineado al Plan Estatal de Desarrollo 2017-2023"). */
#define TITLE_MAX_LINES 4
#define TITLE_MAX_WORDS 24
/* A block longer than this is no title whatever its words (24 words of
 * Spanish take some 200 bytes), and no more of it is kept. */
#define TITLE_MAX_BYTES 2048

static int word_count(const char *text)
{
    int words = 0;
    for (const char *c = text; *c; c++)
        words += !g_ascii_isspace(*c) && (c == text || g_ascii_isspace(c[-1]));
    return words;
}

/* Is LINE a running header or footer (dropped as furniture)? */
static bool running_furniture(const poa_line *line)
{
    return (line->flags & POA_LINE_DROPPED) && (line->drop_reason == POA_DROP_RUNNING_HEADER ||
                                                line->drop_reason == POA_DROP_RUNNING_FOOTER);
}

/* Read the facts of the block read so far, if it is a title (short,
 * before the programme's structure) or a running header or footer.  The
 * first title that gives a year decides between a year and a plan's span:
 * "Programa Operativo Anual 2020" is not made a plan by a later heading
 * naming the state plan it follows. */
static void sweep_title_block(parser *p)
{
    GString *b = p->title_block;
    if (b->len > TITLE_MAX_BYTES) { /* no title; what was kept may end mid-character */
        g_string_truncate(b, 0);
        return;
    }
    int words = word_count(b->str);
    bool sentence = words > 8 && b->len && b->str[b->len - 1] == '.';
    bool title = p->title_furniture || (!structure_begun(p) && p->title_lines <= TITLE_MAX_LINES &&
                                        words <= TITLE_MAX_WORDS && !sentence);
    if (b->len == 0 || !title) {
        g_string_truncate(b, 0);
        return;
    }
    poa_metadata *t = &p->titled;
    bool had_year = p->titled_year;
    int year = t->ejercicio, from = t->vigencia_desde, to = t->vigencia_hasta;
    rule_match match = RULE_MATCH_INIT;
    for (size_t nth = 0; rules_match_kind_nth(p->m, RK_TITLE, b->str, nth, &match); nth++) {
        meta_harvest_common(t, &match);
        /* a labelled date only a running header carries ("Fecha de
         * emisión: 26/01/2023" in a document-control block) */
        char *date = rule_match_group(&match, "date");
        note_dated(p, date);
        g_free(date);
    }
    if (had_year) { /* what an earlier title said stands */
        t->ejercicio = year, t->vigencia_desde = from, t->vigencia_hasta = to;
    }
    p->titled_year = t->ejercicio || t->vigencia_desde;
    /* a name only a running header carries (the logo block, "Universidad
     * ... / del Estado de Puebla"): what the parse never sees */
    if (p->title_furniture && !t->institucion &&
        rules_match_kind(p->m, RK_INSTITUCION, b->str, &match)) {
        char *name = rule_match_group(&match, "text");
        if (name && *name) {
            t->institucion = util_collapse_space(name);
            util_strip_final_period(t->institucion);
        }
        g_free(name);
    }
    rule_match_clear(&match);
    g_string_truncate(b, 0);
}

void parse_meta_note_line(parser *p, const poa_line *line)
{
    bool furniture = running_furniture(line);
    if ((line->flags & POA_LINE_DROPPED) && !furniture)
        return; /* a page number, a watermark, a margin note */
    /* where blank lines do not mark paragraphs, each line is a block */
    bool starts = (line->flags & POA_LINE_BLOCK_START) || !p->blocks_reliable ||
                  line->page != p->title_page || line->block != p->title_id ||
                  furniture != p->title_furniture;
    if (starts) {
        sweep_title_block(p);
        p->title_page = line->page;
        p->title_id = line->block;
        p->title_furniture = furniture;
        p->title_lines = 0;
    }
    if (p->title_block->len > TITLE_MAX_BYTES)
        return; /* no title (a title has a few words): not worth keeping the rest */
    if (p->title_block->len)
        g_string_append_c(p->title_block, ' ');
    g_string_append_len(p->title_block, line->text,
                        (gssize)MIN(strlen(line->text), TITLE_MAX_BYTES + 1));
    p->title_lines++;
}

void parse_meta_apply_date(parser *p)
{
    poa_metadata *meta = &p->report->meta;
    char bound[11];
    for (guint i = 0; i < p->dated->len && !meta->fecha && meta->ejercicio; i++) {
        char *iso = g_ptr_array_index(p->dated, i);
        if (dates_report_window(iso, meta->ejercicio, meta->trimestre, bound) == 0)
            meta->fecha = g_strdup(iso); /* the first that falls in the period's time */
    }
    if (!meta->fecha)
        meta->fecha = g_steal_pointer(&p->date_alone);
    parse_meta_infer_year(meta);
}

void parse_meta_apply_titles(parser *p)
{
    sweep_title_block(p);
    poa_metadata *meta = &p->report->meta, *t = &p->titled;
    if (!meta->ejercicio)
        meta->ejercicio = t->ejercicio;
    if (!meta->trimestre)
        meta->trimestre = t->trimestre;
    if (!meta->vigencia_desde)
        meta->vigencia_desde = t->vigencia_desde, meta->vigencia_hasta = t->vigencia_hasta;
    if (!meta->periodo_inicio && !meta->periodo_fin && t->periodo_inicio && t->periodo_fin) {
        meta->periodo_inicio = g_steal_pointer(&t->periodo_inicio);
        meta->periodo_fin = g_steal_pointer(&t->periodo_fin);
    }
    /* a running header that names the body on its pages outweighs a name
     * read from a plain line (an acronym's expansion in a glossary, a
     * sentence's subject): only a heading or a label outweighs it */
    bool plain = p->inst_strength <= INSTITUTION_PLAIN &&
                 !util_same_words(meta->institucion, t->institucion); /* a cover's capitals stay */
    if ((util_is_blank(meta->institucion) || plain) && t->institucion)
        model_set_string(&meta->institucion, t->institucion);
}
