/* text_tables.c - a plan printed as a table without rules in plain text,
 * read cell by cell.
 *
 * `pdftotext -layout` prints a borderless table as columns of text padded
 * with spaces.  Each cell wraps within its column and the cells of one row
 * wrap independently; a parent's merged cell (an objective over its
 * strategies) is printed once, at the top of its children:
 *
 *   Objetivo estratégico      Estrategia               Línea de acción
 *   1.  Ordenar el            1.1  Actualizar los      1.1.1  Elaborar el
 *       crecimiento urbano         instrumentos.              proyecto.
 *       del municipio.                                 1.1.2  Integrar el
 *                                                             atlas.
 *
 * Read line by line, the cells interleave.  The table is known by its
 * header row, columns of headings two of which name different levels of
 * the plan (the rule file's `nivel.*` rules).  The columns' edges are
 * where the rows' texts start under the headings; each column is read
 * down on its own, a cell ending at a blank in it or where a marked item
 * (a `marca` rule: "1.1.2", "OE2", a bullet) starts the next.  The cells
 * are written in the order they start, row by row and left to right, so
 * a merged parent comes before its children, each followed by a blank
 * line; a code alone in a column of codes joins the text beside it.  A
 * column beside the plan (the rule file's `columna.plan`: a measure, a
 * responsible unit, a deadline) is left out, as the reader of PDF tables
 * leaves such cells out of the plan ("4 escuelas" is no item 4).  A line across the columns (an "Eje I. ..." row spanning the
 * table) is written whole, in its place.  Two blank lines, a page break
 * or a new header row end the table: a page's number, its running header
 * and the header row printed again come between.
 */
#include "text_tables.h"

#include <glib.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


/* A header row is a line of a few headings, each of a few words. */
#define HEADER_LINE_MAX_BYTES 400
#define HEADING_MAX_CHARS 40
#define COLUMNS_MAX 8
/* Texts two spaces apart or more are in two columns. */
#define GAP_MIN 2
/* The body lines looked at to place the columns' edges. */
#define EDGE_SCAN_LINES 60
/* A column's cells may start this many characters right of its heading
 * (a heading set over the cells' text, not over their codes). */
#define EDGE_SLACK 2
/* This many lines across the columns in a row are prose: the table is over. */
#define SPANNING_MAX 3

/* Characters [from, to) of a line. */
typedef struct span {
    int from, to;
} span;

/* A line of the text: bytes [s, s + len), no newline. */
typedef struct tline {
    const char *s;
    size_t len;
} tline;

/* The texts of L separated by GAP_MIN spaces or more, as character spans;
 * at most MAX of them (the count found, which may pass MAX). */
static int groups_of(const tline *l, span *g, int max)
{
    int n = 0, c = 0, spaces = GAP_MIN;
    for (const char *p = l->s; p < l->s + l->len; p = g_utf8_next_char(p), c++) {
        if (*p == ' ' || *p == '\t' || *p == '\f') {
            spaces++;
            continue;
        }
        if (spaces >= GAP_MIN) {
            if (n < max)
                g[n] = (span){ c, c + 1 };
            n++;
        } else if (n <= max) {
            g[n - 1].to = c + 1;
        }
        spaces = 0;
    }
    return n;
}

/* The bytes of characters [from, to) of L, blanks trimmed, as a new string
 * ("" when none). */
static char *chars_of(const tline *l, int from, int to)
{
    const char *end = l->s + l->len, *a = l->s;
    int c = 0;
    for (; a < end && c < from; a = g_utf8_next_char(a))
        c++;
    const char *b = a;
    for (; b < end && c < to; b = g_utf8_next_char(b))
        c++;
    while (a < b && (*a == ' ' || *a == '\t' || *a == '\f'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    return g_strndup(a, (gsize)(b - a));
}

/* The level of the plan heading TEXT names (a nivel.* rule), or RK_NONE. */
static rule_kind heading_level(rule_matcher *m, const char *text)
{
    for (rule_kind k = RK_LEVEL_EJE; k <= RK_LEVEL_LINEA; k++)
        if (rules_match_kind(m, k, text, NULL))
            return k;
    return RK_NONE;
}

/* Does heading H of header row L name a column beside the plan (the rule
 * file's `columna.plan`: a measure, a responsible unit, a deadline)? */
static bool beside_plan(rule_matcher *m, const tline *l, const span *h)
{
    char *text = chars_of(l, h->from, h->to);
    bool beside = rules_match_kind(m, RK_SIDE_PLAN, text, NULL);
    g_free(text);
    return beside;
}

/* Is L a header row: two to COLUMNS_MAX headings of a few words, two of
 * them naming different levels of the plan?  Its headings in HEADS,
 * their count in *N. */
static bool header_row(rule_matcher *m, const tline *l, span *heads, int *n)
{
    if (l->len > HEADER_LINE_MAX_BYTES || l->len < 8)
        return false;
    int k = groups_of(l, heads, COLUMNS_MAX);
    if (k < 2 || k > COLUMNS_MAX)
        return false;
    for (int j = 0; j < k; j++)
        if (heads[j].to - heads[j].from > HEADING_MAX_CHARS)
            return false;
    unsigned levels = 0; /* a bit a level named */
    for (int j = 0; j < k; j++) {
        char *text = chars_of(l, heads[j].from, heads[j].to);
        /* a heading has no figures but a year ("Meta 2025"): a row of
         * codes is the table's body */
        rule_kind level = strpbrk(text, "0123456789") ? RK_NONE : heading_level(m, text);
        g_free(text);
        if (level != RK_NONE)
            levels |= 1u << (level - RK_LEVEL_EJE);
    }
    *n = k;
    return (levels & (levels - 1)) != 0; /* two different levels or more */
}

static bool blank(const tline *l)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->s[i] != ' ' && l->s[i] != '\t')
            return false;
    return true;
}

/* Is L a rule typed across the table ("-------", "=====")? */
static bool typed_rule(const tline *l)
{
    size_t marks = 0;
    for (size_t i = 0; i < l->len; i++) {
        if (strchr("-=_", l->s[i]) && l->s[i])
            marks++;
        else if (l->s[i] != ' ')
            return false;
    }
    return marks >= 3;
}

/* Is L a header row's headings wrapped to a second line ("INSTITUCIONAL"
 * under "OBJETIVO ESTRATÉGICO"): words without figures, each at a
 * heading's start? */
static bool header_wrap(const tline *l, const span *heads, int cols)
{
    span g[COLUMNS_MAX];
    int k = groups_of(l, g, COLUMNS_MAX);
    if (k < 1 || k > cols || memchr(l->s, '\f', l->len))
        return false;
    for (int j = 0; j < k; j++) {
        bool at_head = false;
        for (int h = 0; h < cols; h++)
            at_head |= abs(g[j].from - heads[h].from) <= EDGE_SLACK;
        char *text = chars_of(l, g[j].from, g[j].to);
        bool words = !strpbrk(text, "0123456789") && g[j].to - g[j].from <= HEADING_MAX_CHARS;
        g_free(text);
        if (!at_head || !words)
            return false;
    }
    return true;
}

/* Where each column's cells start: column 0 at the left; column J>0 at a
 * character between the end of heading J-1 and EDGE_SLACK past the start
 * of heading J that no text of the body lines L[0..N) runs across (a
 * clean cut: figures set flush right start at several places), the one
 * where most of them start a text after a gap; the fewest crossings when
 * none is clean, the start of heading J when no text starts there. */
static void place_edges(const tline *l, size_t n, const span *heads, int cols, int *edge)
{
    int width = heads[cols - 1].from + EDGE_SLACK + 1;
    int *starts = g_new0(int, (gsize)width + 1), *inside = g_new0(int, (gsize)width + 1);
    span g[COLUMNS_MAX * 4];
    for (size_t i = 0; i < n && i < EDGE_SCAN_LINES; i++) {
        int k = groups_of(&l[i], g, G_N_ELEMENTS(g));
        for (int j = 0; j < k && j < (int)G_N_ELEMENTS(g); j++) {
            if (g[j].from <= width)
                starts[g[j].from]++;
            for (int x = g[j].from + 1; x < g[j].to && x <= width; x++)
                inside[x]++;
        }
    }
    edge[0] = 0;
    for (int j = 1; j < cols; j++) {
        int best = heads[j].from;
        for (int x = heads[j - 1].to + 1; x <= heads[j].from + EDGE_SLACK && x <= width; x++) {
            bool fewer = inside[x] < inside[best];
            bool as_clean = inside[x] == inside[best];
            if (fewer || (as_clean && (starts[x] > starts[best] ||
                                       (starts[x] == starts[best] && starts[x] &&
                                        abs(x - heads[j].from) < abs(best - heads[j].from)))))
                best = x;
        }
        edge[j] = best;
    }
    g_free(starts);
    g_free(inside);
}

/* Does L's text run across the edge at character E (text on both sides of
 * it, with less than GAP_MIN spaces between)? */
static bool crosses(const tline *l, int e)
{
    span g[COLUMNS_MAX * 4];
    int k = groups_of(l, g, G_N_ELEMENTS(g));
    for (int j = 0; j < k && j < (int)G_N_ELEMENTS(g); j++)
        if (g[j].from < e && g[j].to > e)
            return true;
    return false;
}

static bool spanning(const tline *l, const int *edge, int cols)
{
    for (int j = 1; j < cols; j++)
        if (crosses(l, edge[j]))
            return true;
    return false;
}

/* Does TEXT, the next line of the cell OPEN in its column, start the next
 * item (a `marca` rule: a code "1.1.2", a numbered "3.", a bullet), not a
 * wrapped line that opens on a figure ("20 municipios del estado") or on
 * a lettered reference ("NOM-127-SSA1-1994." under "conforme a la")?  A
 * lettered code ("AEI.01.02") starts one after a finished sentence, or
 * under a code of its letters. */
static bool starts_item(rule_matcher *m, const GString *open, const char *text)
{
    rule_match match = RULE_MATCH_INIT;
    bool item = false;
    if (rules_match_kind(m, RK_MARK, text, &match)) {
        char *arabic = rule_match_group(&match, "arabic"), *pre = rule_match_group(&match, "pre");
        if (arabic) {
            const char *after = text + strspn(text, " ") + strlen(arabic);
            item = strchr(arabic, '.') || (*after && strchr(".)-", *after));
        } else if (pre) {
            char last = open->len ? open->str[open->len - 1] : '.';
            item = strchr(".;:", last) || g_str_has_prefix(open->str, pre);
        } else {
            item = true;
        }
        g_free(arabic);
        g_free(pre);
    }
    rule_match_clear(&match);
    return item;
}

/* Do headings H (N) stand where HEADS (COLS) do: the header row printed
 * again? */
static bool same_heads(const span *h, int n, const span *heads, int cols)
{
    if (n != cols)
        return false;
    for (int j = 0; j < n; j++)
        if (abs(h[j].from - heads[j].from) > EDGE_SLACK)
            return false;
    return true;
}

/* The lines a page's end may hold between a table's last row and the
 * next page's rows: its number, a footer, the next page's running header. */
#define PAGE_TURN_LINES 6

/* The header row printed again on the next page, when lines L[I..N) hold
 * only blank lines, a page's end (at most PAGE_TURN_LINES lines of text,
 * a form feed among them) and then HEADS (COLS) again: its index; 0 when
 * the table does not go on. */
static size_t page_turn(rule_matcher *m, const tline *l, size_t i, size_t n, const span *heads,
                        int cols)
{
    size_t texts = 0;
    bool fed = false;
    span h[COLUMNS_MAX];
    int hn;
    for (size_t k = i; k < n && texts <= PAGE_TURN_LINES; k++) {
        fed = fed || memchr(l[k].s, '\f', l[k].len);
        if (fed && header_row(m, &l[k], h, &hn))
            return same_heads(h, hn, heads, cols) ? k : 0;
        texts += !blank(&l[k]);
    }
    return 0;
}

/* Is TEXT a number code and nothing else: "1", "1.2.3", "1.2."? */
static bool number_code(const char *text)
{
    const char *p = text;
    for (int part = 0; part < 5; part++) {
        size_t digits = strspn(p, "0123456789");
        if (digits == 0 || digits > 3)
            return false;
        p += digits;
        if (*p == '.')
            p++;
        if (!*p)
            return true;
    }
    return false;
}

/* Does TEXT hold a marked item's mark and nothing else ("ACC-1.1", "OEI.01",
 * "1.1.2" in a column of codes)? */
static bool mark_alone(rule_matcher *m, const char *text)
{
    if (number_code(text))
        return true;
    rule_match match = RULE_MATCH_INIT;
    bool alone = false;
    if (rules_match_kind(m, RK_MARK, text, &match)) {
        char *rest = rule_match_group(&match, "text");
        alone = !rest || !*rest;
        g_free(rest);
    }
    rule_match_clear(&match);
    return alone;
}

/* A cell of the table: its lines, the line it starts on, its column (-1:
 * a line across the columns). */
typedef struct cell {
    size_t line;
    int col;
    GString *text;
    size_t lines; /* its lines */
    size_t key;   /* the line its group starts on: the order it is written in */
} cell;

static int cell_order(const void *a, const void *b)
{
    const cell *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->col != y->col)
        return (x->col > y->col) - (x->col < y->col);
    return (x->line > y->line) - (x->line < y->line);
}

/* The table being read: its columns and the cells found so far. */
typedef struct table {
    rule_matcher *m;
    int cols;
    int edge[COLUMNS_MAX];
    bool beside[COLUMNS_MAX]; /* a column beside the plan: its cells left out */
    char *heading[COLUMNS_MAX]; /* a column's heading when it names a level, else NULL */
    rule_kind level[COLUMNS_MAX]; /* the element its heading names (RK_EJE ...), else RK_NONE */
    int last_open[COLUMNS_MAX]; /* OPEN as the last line of cells left it */
    int last[COLUMNS_MAX];      /* each column's latest cell, -1 when none */
    GArray *cells;          /* of cell */
    int open[COLUMNS_MAX];  /* each column's cell being read, -1 when none */
} table;

static void close_all(table *t)
{
    for (int j = 0; j < t->cols; j++)
        t->open[j] = -1;
}

static void table_begin(table *t)
{
    close_all(t);
    for (int j = 0; j < t->cols; j++)
        t->last[j] = -1;
}

static void add_cell(table *t, size_t line, int col, char *text)
{
    cell c = { line, col, g_string_new(text), 1, line };
    g_array_append_val(t->cells, c);
    if (col >= 0)
        t->open[col] = t->last[col] = (int)t->cells->len - 1;
    g_free(text);
}

/* Add line TEXT to cell I of T's, which goes on in its column: on a line
 * of its own, as wrapped (the parser joins it, undoing a hyphen), or on
 * the line before when it opens as an item would ("NOM-127-SSA1-1994."
 * under "conforme a la"), so that it is not read as one. */
static void extend_cell(table *t, int col, int i, char *text)
{
    cell *c = &g_array_index(t->cells, cell, i);
    bool hyphen = c->text->len && c->text->str[c->text->len - 1] == '-';
    g_string_append_c(c->text, !hyphen && rules_match_kind(t->m, RK_MARK, text, NULL) ? ' ' : '\n');
    g_string_append(c->text, text);
    c->lines++;
    t->open[col] = i;
    g_free(text);
}

/* Does a sentence left unfinished in cell I ("los servicios de") go on
 * in TEXT, starting in lower case, after a gap in its column (a blank
 * line, a page's end)? */
static bool goes_on_after_gap(const table *t, int i, const char *text)
{
    if (i < 0)
        return false;
    const GString *s = g_array_index(t->cells, cell, i).text;
    char last = s->len ? s->str[s->len - 1] : '.';
    return !strchr(".;:", last) && g_unichar_islower(g_utf8_get_char(text));
}

/* Line L (number LINE) of the table, column by column. */
static void read_row_line(table *t, const tline *l, size_t line)
{
    bool coded = false; /* the column before holds a code alone on this line */
    for (int j = 0; j < t->cols; j++) {
        int to = j + 1 < t->cols ? t->edge[j + 1] : INT_MAX;
        char *text = chars_of(l, t->edge[j], to);
        /* a code in a column of codes starts the item beside it, one that
         * opens a sentence ("1.1.2" | "Analizar los eventos ...") */
        bool split = coded && g_unichar_isupper(g_utf8_get_char(text));
        coded = *text && !t->beside[j] && mark_alone(t->m, text);
        if (split)
            t->open[j] = -1;
        if (t->beside[j]) {
            g_free(text);
        } else if (!*text) {
            t->open[j] = -1;
            g_free(text);
        } else if (t->open[j] >= 0 &&
                   !starts_item(t->m, g_array_index(t->cells, cell, t->open[j]).text, text)) {
            extend_cell(t, j, t->open[j], text);
        } else if (t->open[j] < 0 && goes_on_after_gap(t, t->last[j], text)) {
            extend_cell(t, j, t->last[j], text);
        } else {
            add_cell(t, line, j, text);
        }
    }
}

/* May cell C take a code from the column before: text with no code of
 * its own? */
static bool takes_code(rule_matcher *m, const cell *c)
{
    return c->text && !mark_alone(m, c->text->str) && !starts_item(m, c->text, c->text->str);
}

/* The cell beside code cell I in the next column: the one starting on its
 * line (read right after it, on the same line), or BEFORE, the latest
 * there before it, when it runs past the code's line; NULL when none
 * takes the code. */
static cell *beside_code(const table *t, guint i, int before)
{
    const cell *code = &g_array_index(t->cells, cell, i);
    for (guint k = i + 1; k < t->cells->len && k <= i + (guint)t->cols; k++) {
        cell *c = &g_array_index(t->cells, cell, k);
        if (c->col == code->col + 1 && c->line == code->line)
            return takes_code(t->m, c) ? c : NULL;
    }
    cell *c = before >= 0 ? &g_array_index(t->cells, cell, before) : NULL;
    return c && c->line <= code->line && code->line < c->line + c->lines && takes_code(t->m, c)
               ? c
               : NULL;
}

/* A column of codes beside the column of their texts ("CÓD. | ACTIVIDAD"):
 * each code alone joins the text beside it in the next column (the one
 * starting on its line, or, a code set in the middle of a merged cell,
 * the one running past it), "ACC-1.1 Abrir cuatro escuelas ...", as the
 * item is printed elsewhere. */
static void join_codes(table *t)
{
    GArray *cells = t->cells;
    int latest[COLUMNS_MAX]; /* each column's latest cell read before the one looked at */
    for (int j = 0; j < t->cols; j++)
        latest[j] = -1;
    for (guint i = 0; i < cells->len; i++) {
        cell *code = &g_array_index(cells, cell, i);
        cell *text = code->col >= 0 && code->col + 1 < t->cols && code->lines == 1 &&
                             mark_alone(t->m, code->text->str)
                         ? beside_code(t, i, latest[code->col + 1])
                         : NULL;
        if (text) {
            /* a number alone ("1") takes the point that tells it from a
             * figure ("1. Mejorar ...", as a list prints it) */
            bool bare = strspn(code->text->str, "0123456789") == code->text->len;
            g_string_prepend(text->text, bare ? ". " : " ");
            g_string_prepend(text->text, code->text->str);
            g_string_free(code->text, TRUE);
            code->text = NULL;
        } else if (code->col >= 0) {
            latest[code->col] = (int)i;
        }
    }
    guint kept = 0; /* the codes joined leave */
    for (guint i = 0; i < cells->len; i++)
        if (g_array_index(cells, cell, i).text)
            g_array_index(cells, cell, kept++) = g_array_index(cells, cell, i);
    g_array_set_size(cells, kept);
}

/* The first line a cell of column COL starts on, SIZE_MAX when none. */
static size_t first_in(const GArray *cells, int col)
{
    size_t first = SIZE_MAX;
    for (guint i = 0; i < cells->len; i++) {
        const cell *c = &g_array_index(cells, cell, i);
        if (c->col == col && c->line < first)
            first = c->line;
    }
    return first;
}

/* A merged parent cell set in the middle of its children (vertically
 * centred: its column's first cell starts below the next column's) opens
 * its group halfway from the parent before, the first at the table's top:
 * written there, before the children under it.  A parent set at the top
 * of its children (the most) starts its group already. */
static void key_centred_parents(GArray *cells, int cols)
{
    for (int j = 0; j + 1 < cols; j++) {
        size_t top = SIZE_MAX;
        for (int k = j + 1; k < cols; k++)
            top = MIN(top, first_in(cells, k));
        if (first_in(cells, j) <= top || top == SIZE_MAX)
            continue;
        size_t before = SIZE_MAX; /* the centre of the parent before */
        for (guint i = 0; i < cells->len; i++) { /* in the order they were read: by line */
            cell *c = &g_array_index(cells, cell, i);
            if (c->col != j)
                continue;
            size_t centre = c->line + (c->lines - 1) / 2;
            c->key = before == SIZE_MAX ? top : (before + centre) / 2 + 1;
            before = centre;
        }
    }
}

/* Write cell X, then a blank line.  A coded cell under a heading that
 * names its level is written as that element labelled ("Eje 1. Gobierno
 * honesto" under "Eje": a number alone does not say an eje from an
 * objective), when the rules read it so. */
static void write_cell(const table *t, const cell *x, GString *out)
{
    const char *text = x->text->str;
    char *labelled = NULL;
    if (x->col >= 0 && t->level[x->col] != RK_NONE) {
        char *first = g_strndup(text, strcspn(text, "\n"));
        char *label = g_strdup_printf("%s %s", t->heading[x->col], first);
        if (starts_item(t->m, x->text, first) && rules_kind_of(t->m, label) == t->level[x->col])
            labelled = g_strdup_printf("%s %s", t->heading[x->col], text);
        g_free(label);
        g_free(first);
    }
    g_string_append(out, labelled ? labelled : text);
    g_string_append(out, "\n\n");
    g_free(labelled);
}

/* T's columns under header row HEADER (its COLS headings HEADS), their
 * edges placed on the body lines L[0..N). */
static void table_init(table *t, rule_matcher *m, const tline *header, const span *heads,
                       int cols, const tline *l, size_t n)
{
    *t = (table){ .m = m, .cols = cols, .cells = g_array_new(FALSE, FALSE, sizeof(cell)) };
    place_edges(l, n, heads, cols, t->edge);
    for (int j = 0; j < cols; j++) {
        t->beside[j] = beside_plan(m, header, &heads[j]);
        char *text = chars_of(header, heads[j].from, heads[j].to);
        rule_kind level = heading_level(m, text);
        t->level[j] = level == RK_NONE ? RK_NONE : RK_EJE + (level - RK_LEVEL_EJE);
        t->heading[j] = level == RK_NONE ? (g_free(text), NULL) : text;
    }
    table_begin(t);
    memcpy(t->last_open, t->open, sizeof t->open);
}

/* The page's end L[FROM..TURN] (TURN: the header row printed again), as it
 * is (its furniture is told later); the cells open on the last row go on. */
static void turn_page(table *t, const tline *l, size_t from, size_t turn)
{
    for (size_t k = from; k <= turn; k++)
        if (!blank(&l[k]))
            add_cell(t, k, -1, g_strndup(l[k].s, l[k].len));
    memcpy(t->open, t->last_open, sizeof t->open);
}

/* Read the body of T, under HEADS, from L[0] (N lines left in the text):
 * the lines read (the table ends at two blank lines once a row is read, a
 * page break that is not the table's turn of page, a new header row, or
 * SPANNING_MAX lines across the columns: prose). */
static size_t read_body(table *t, const tline *l, size_t n, const span *heads)
{
    size_t i = 0, blanks = 0, across = 0;
    span h[COLUMNS_MAX];
    int hn;
    while (i < n && header_wrap(&l[i], heads, t->cols))
        i++; /* the header row's headings wrapped: the header row's, as it is */
    for (; i < n; i++) {
        bool end = memchr(l[i].s, '\f', l[i].len) || header_row(t->m, &l[i], h, &hn) ||
                   (blank(&l[i]) && blanks + 1 >= 2 && t->cells->len > 0);
        size_t turn = end ? page_turn(t->m, l, i - blanks, n, heads, t->cols) : 0;
        if (turn) {
            turn_page(t, l, i - blanks, turn);
            i = turn;
            blanks = across = 0;
            continue;
        }
        if (end)
            break;
        if (typed_rule(&l[i]))
            continue;
        if (blank(&l[i])) {
            close_all(t);
            blanks++;
            continue;
        }
        blanks = 0;
        if (!spanning(&l[i], t->edge, t->cols)) {
            across = 0;
            read_row_line(t, &l[i], i);
            memcpy(t->last_open, t->open, sizeof t->open);
            continue;
        }
        if (++across >= SPANNING_MAX) { /* prose: not the table's */
            i -= across - 1;
            for (size_t k = 1; k < across; k++)
                g_string_free(g_array_index(t->cells, cell, t->cells->len - k).text, TRUE);
            g_array_set_size(t->cells, t->cells->len - (guint)(across - 1));
            break;
        }
        close_all(t);
        add_cell(t, i, -1, chars_of(&l[i], 0, INT_MAX));
    }
    return i;
}

/* Write T to OUT and free T: of its header row, the heading of the plan's
 * first level, alone (the section the cells open under: the others name
 * levels the cells' codes tell), then its cells in the order they start. */
static void write_table(table *t, GString *out)
{
    for (int j = 0; j < t->cols; j++)
        if (t->heading[j]) {
            g_string_append_printf(out, "%s\n\n", t->heading[j]);
            break;
        }
    join_codes(t);
    key_centred_parents(t->cells, t->cols);
    g_array_sort(t->cells, cell_order);
    for (guint c = 0; c < t->cells->len; c++) {
        const cell *x = &g_array_index(t->cells, cell, c);
        write_cell(t, x, out);
        g_string_free(x->text, TRUE);
    }
    g_array_free(t->cells, TRUE);
    for (int j = 0; j < t->cols; j++)
        g_free(t->heading[j]);
}

/* Read the table under header row L[-1] (its COLS headings HEADS) whose
 * body starts at L[0] (N lines left in the text); write its cells to OUT.
 * Returns the lines read. */
static size_t read_table(rule_matcher *m, const tline *l, size_t n, const span *heads, int cols,
                         GString *out)
{
    table t;
    table_init(&t, m, &l[-1], heads, cols, l, n);
    size_t read = read_body(&t, l, n, heads);
    write_table(&t, out);
    return read;
}

/* TEXT's lines (the last may end without a newline). */
static GArray *lines_of(const char *text, size_t len)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(tline));
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        tline l = { p, (size_t)((nl ? nl : end) - p) };
        g_array_append_val(a, l);
        p = nl ? nl + 1 : end;
    }
    return a;
}

/* Can TEXT hold a header row: headings set apart by a wide gap (three
 * spaces, as `-layout` sets its columns)?  Most text cannot, and is not
 * split into lines for nothing. */
static bool may_hold_table(const char *text, size_t len)
{
    return memmem(text, len, "   ", 3) != NULL;
}

char *text_tables_unroll(char *text, size_t *len, rule_matcher *m)
{
    if (!m || !may_hold_table(text, *len))
        return text;
    GArray *lines = lines_of(text, *len);
    const tline *l = (const tline *)(void *)lines->data;
    GString *out = NULL;
    span heads[COLUMNS_MAX];
    int cols;
    size_t copied = 0; /* lines of TEXT before OUT's end */
    for (size_t i = 0; i < lines->len;) {
        if (!header_row(m, &l[i], heads, &cols)) {
            i++;
            continue;
        }
        if (!out)
            out = g_string_sized_new(*len + 64);
        for (; copied < i; copied++) { /* the lines before, as they are */
            g_string_append_len(out, l[copied].s, (gssize)l[copied].len);
            g_string_append_c(out, '\n');
        }
        size_t read = read_table(m, &l[i + 1], lines->len - i - 1, heads, cols, out);
        i += 1 + read;
        copied = i;
    }
    if (!out) {
        g_array_free(lines, TRUE);
        return text;
    }
    for (; copied < lines->len; copied++) {
        g_string_append_len(out, l[copied].s, (gssize)l[copied].len);
        if (copied + 1 < lines->len || l[copied].s + l[copied].len < text + *len)
            g_string_append_c(out, '\n');
    }
    g_array_free(lines, TRUE);
    g_free(text);
    *len = out->len;
    return g_string_free(out, FALSE);
}
