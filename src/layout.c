/* layout.c - reading order from glyph boxes (READING_ORDER.md section 3).
 *
 * Per page: glyphs (extract.c) -> noise set aside (vertical and diagonal
 * runs, isolated giant letters) -> rows -> segments (split at gutters of
 * 1 em; layout_page_begin) -> ruling lines (layout_tables_find_rules) ->
 * the named passes of layout_passes, each stating what of the page it
 * reads and writes (ruled cells, keyed tables, body size, tables, free
 * blocks) -> furniture -> recursive XY-cut over tables and blocks ->
 * poa_line.  Running headers,
 * footers and page numbers are recognised in the page bands by comparing
 * with the previous and the next page (the next page's glyphs are read
 * ahead and kept for the following call, with its noise and segments).
 * Everything of a page is freed before layout_page() returns, except that
 * one read-ahead page.  This file owns the page driver and the public
 * layout_* API, rows, segments, free blocks, reading order and output;
 * ruled cells and tables live in layout_tables.c, unruled keyed tables in
 * layout_keyed.c, noise and furniture in layout_furniture.c.
 */
#include "layout_internal.h"
#include "rulings.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>

#include "normalize.h"
#include "util.h"

/* A unit of reading order: a free block or a whole table. */
typedef struct unit {
    double x0, y0, x1, y1;
    int block;              /* free block index, or -1 */
    int table;              /* table index, or -1 */
    int lines;              /* lines of a free block (1 for a table) */
} unit;

/* The element of rank N/2 of V[0..n) (n > 0), as V sorted would hold it;
 * V is reordered (Hoare's selection: linear, where a sort is n log n). */
static double median_of(double *v, size_t n)
{
    size_t lo = 0, hi = n - 1, want = n / 2;
    while (lo < hi) {
        double pivot = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j], v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (want <= j)
            hi = j;
        else if (want >= i)
            lo = i;
        else
            return v[want];
    }
    return v[want];
}

/* The body font size: the median size over the glyphs not set aside. */
double layout_body_size(const lt_page *p)
{
    double *v = g_new(double, p->pg->n + 1);
    size_t n = 0;
    for (size_t i = 0; i < p->pg->n; i++)
        if (!p->noise[i])
            v[n++] = p->pg->g[i].size;
    double body = n ? median_of(v, n) : 10;
    g_free(v);
    return body > 0 ? body : 10;
}

/* The body font size of the free text (READING_ORDER.md 3.1), once the
 * tables are known: the median size over the glyphs outside cells, so that
 * small table text does not make every prose line a heading.  Unchanged
 * unless the page holds some prose (200 glyphs outside cells and bands):
 * on a page of tables and titles the titles are no body. */
static void free_body_size(lt_page *p)
{
    double *v = g_new(double, p->n_order + 1);
    size_t n = 0;
    for (guint i = 0; i < p->segs->len; i++) {
        const seg *s = SEG(p, i);
        for (size_t k = s->first; k < s->first + s->n && s->cell < 0 && !in_band(p, s); k++)
            v[n++] = p->pg->g[p->order[k]].size;
    }
    if (n >= 200) {
        double m = median_of(v, n);
        p->body = m > 0 ? m : p->body;
    }
    g_free(v);
}

/* ---- rows and segments ----------------------------------------------- */

/* A glyph index with its sort key. */
typedef struct keyed {
    double key;
    size_t i;
} keyed;

/* Stable merge sort of A[0..n) by key, TMP holding n.  The keys are
 * computed once instead of on every comparison (qsort with a comparator
 * over glyph indices did), short runs are sorted by insertion, and two
 * halves already in order are not merged: glyphs arrive mostly in
 * reading order.  A stable sort of keys that are never NaN has one
 * result, the one qsort gave. */
static void keyed_sort(keyed *a, size_t n, keyed *tmp)
{
    if (n <= 12) {
        for (size_t i = 1; i < n; i++) {
            keyed v = a[i];
            size_t j = i;
            for (; j > 0 && a[j - 1].key > v.key; j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
        return;
    }
    size_t n1 = n / 2, n2 = n - n1;
    keyed *b1 = a, *b2 = a + n1, *t = tmp;
    keyed_sort(b1, n1, tmp);
    keyed_sort(b2, n2, tmp);
    if (!(b1[n1 - 1].key > b2->key))
        return;
    while (n1 > 0 && n2 > 0) {
        if (!(b1->key > b2->key))
            *t++ = *b1++, n1--;
        else
            *t++ = *b2++, n2--;
    }
    memcpy(t, b1, n1 * sizeof *t);
    memcpy(a, tmp, (n - n2) * sizeof *a);
}

enum { KEY_CY, KEY_X0 };

/* Sort order[first..first+n) stably by the glyphs' centre height (KEY_CY)
 * or left edge (KEY_X0); TMP holds 2n keyed. */
static void sort_range(lt_page *p, size_t first, size_t n, int by, keyed *tmp)
{
    keyed *a = tmp, *t = tmp + n;
    for (size_t k = 0; k < n; k++) {
        const ex_glyph *g = &p->pg->g[p->order[first + k]];
        a[k] = (keyed){ by == KEY_CY ? gcy(g) : g->x0, p->order[first + k] };
    }
    keyed_sort(a, n, t);
    for (size_t k = 0; k < n; k++)
        p->order[first + k] = a[k].i;
}

/* Sort the whole index p->order[0..n_order) by BY. */
static void sort_index(lt_page *p, int by)
{
    keyed *tmp = g_new(keyed, 2 * p->n_order + 1);
    sort_range(p, 0, p->n_order, by, tmp);
    g_free(tmp);
}

/* The segment of order[first] of length N with its box computed. */
seg layout_seg_make(const lt_page *p, size_t first, size_t n)
{
    seg s = { first, n, INFINITY, INFINITY, -INFINITY, -INFINITY, 0, true, -1, -1, POA_DROP_NONE };
    for (size_t k = first; k < first + n; k++) {
        const ex_glyph *g = &p->pg->g[p->order[k]];
        s.x0 = fmin(s.x0, g->x0);
        s.y0 = fmin(s.y0, g->y0);
        s.x1 = fmax(s.x1, g->x1);
        s.y1 = fmax(s.y1, g->y1);
        s.size = fmax(s.size, g->size);
        s.bold = s.bold && g->bold;
    }
    return s;
}

/* Append the segment of order[first] of length N. */
void layout_seg_add(lt_page *p, size_t first, size_t n)
{
    seg s = layout_seg_make(p, first, n);
    g_array_append_val(p->segs, s);
}

/* Shrink segment SI to order[first] of length N, keeping its cell,
 * block and verdict. */
void layout_seg_set(lt_page *p, guint si, size_t first, size_t n)
{
    seg *s = SEG(p, si), t = layout_seg_make(p, first, n);
    t.cell = s->cell;
    t.block = s->block;
    t.drop = s->drop;
    *s = t;
}

/* True when a vertical rule passes between glyphs A and B of one row.
 * Two glyphs that touch are one word: a rule under them runs beneath a
 * word too long for its cell (an export clips it there, poppler still
 * reads it whole), and the word goes on over the rule. */
/* Glyphs closer than this (ems) touch: they are one word whatever runs
 * under them. */
#define LT_TOUCH 0.05

static bool rule_between(const lt_page *p, const ex_glyph *a, const ex_glyph *b)
{
    if (b->x0 - a->x1 < LT_TOUCH * fmax(a->size, b->size))
        return false;
    double cy = (gcy(a) + gcy(b)) / 2;
    for (size_t i = 0; i < p->rules.n; i++) {
        const ex_rule *r = &p->rules.v[i];
        if (!is_hrule(r) && r->x0 > gcx(a) && r->x0 < gcx(b) && r->y0 <= cy && r->y1 >= cy)
            return true;
    }
    return false;
}

/* True for a list bullet: a lone glyph that marks an item and stays on
 * its item's line, however far before the text it hangs. */
bool layout_is_bullet(gunichar c)
{
    return c == '-' || c == 0x2013 || c == 0x2014 || c == 0x2022 || c == 0x00B7 || c == '*' ||
           c == 0x25AA || c == 0x25CF || c == 0x25E6 || c == 0xF0B7 || c == 0x2010 ||
           c == 0x2023 || c == 0x2043 || c == 0x25A0 || c == 0x25A1 || c == 0x25CB ||
           c == 0x27A2 || c == 0xF0A7 || c == 0xF0D8 || c == 0xF076;
}

/* How far after glyph A, first of the segment that starts at order[START]
 * of the row starting at order[ROW], its text may start: a bullet reaches
 * 2.5 em, and 4.5 em ("•<tab>text") when it is the first glyph of its row
 * or a round or square mark (a dash amid a row may be an empty cell). */
static double bullet_reach(const ex_glyph *a, size_t start, size_t row)
{
    if (!layout_is_bullet(a->ch))
        return 1.0;
    bool mark = a->ch != '-' && a->ch != '*' && a->ch != 0x2010 && a->ch != 0x2013 &&
                a->ch != 0x2014;
    return start == row || mark ? 4.5 : 2.5;
}

/* A gap between two words of a row counts as column evidence from half an
 * em; GUTTER_ROWS rows in a row must share its far edge (within
 * GUTTER_TOL points) for it to be a column's edge. */
#define GUTTER_GAP 0.5
#define GUTTER_ROWS 3
#define GUTTER_TOL 0.75
/* ... with at least this many ems of text before the gap on each row */
#define GUTTER_LEFT 4.0

/* Where row R (of p->rows) starts and ends in p->order. */
static void row_span(const lt_page *p, guint r, size_t *first, size_t *end)
{
    *first = g_array_index(p->rows, size_t, r);
    *end = r + 1 < p->rows->len ? g_array_index(p->rows, size_t, r + 1) : p->n_order;
}

/* Does row R start a word at X (within GUTTER_TOL) after a gap of half an
 * em or more, with GUTTER_LEFT ems of text before it?  *NARROW: that gap
 * is under an em (the row alone would not split there). */
static bool row_gap_at(const lt_page *p, guint r, double x, bool *narrow)
{
    size_t first, end;
    row_span(p, r, &first, &end);
    for (size_t k = first + 1; k < end; k++) {
        const ex_glyph *a = &p->pg->g[p->order[k - 1]], *b = &p->pg->g[p->order[k]];
        double em = fmax(a->size, b->size), gap = b->x0 - a->x1;
        if (fabs(b->x0 - x) > GUTTER_TOL || gap < GUTTER_GAP * em)
            continue;
        /* text on the left too, not a bullet or an item's number hanging
         * before its aligned text */
        size_t w = k - 1;
        while (w > first && p->pg->g[p->order[w]].x0 - p->pg->g[p->order[w - 1]].x1 < em)
            w--;
        if (a->x1 - p->pg->g[p->order[w]].x0 < GUTTER_LEFT * em)
            return false;
        *narrow = gap < em;
        return true;
    }
    return false;
}

/* Rows whose centres lie more than this many glyph heights apart are
 * parts of the page far apart, not lines of one text (a blank line
 * between two paragraphs leaves about two). */
#define LT_ROW_REACH 2.5

/* Are rows R and R+1 lines of one text, not parts of the page far apart? */
static bool rows_adjacent(const lt_page *p, guint r)
{
    const ex_glyph *a = &p->pg->g[p->order[g_array_index(p->rows, size_t, r)]];
    const ex_glyph *b = &p->pg->g[p->order[g_array_index(p->rows, size_t, r + 1)]];
    return gcy(b) - gcy(a) <= LT_ROW_REACH * fmax(a->y1 - a->y0, b->y1 - b->y0);
}

/* Columns set closer than an em apart: the left edges that GUTTER_ROWS
 * adjacent rows or more share after a gap, kept where one of those gaps is
 * too narrow to split its row alone. */
static void find_gutters(lt_page *p)
{
    g_array_set_size(p->gutters, 0);
    for (guint r = 0; r + GUTTER_ROWS <= p->rows->len; r++) {
        size_t first, end;
        row_span(p, r, &first, &end);
        for (size_t k = first + 1; k < end; k++) {
            const ex_glyph *a = &p->pg->g[p->order[k - 1]], *b = &p->pg->g[p->order[k]];
            if (b->x0 - a->x1 < GUTTER_GAP * fmax(a->size, b->size))
                continue; /* within a word or at a word space */
            double x = b->x0;
            bool narrow = false, any_narrow = false, covered = false;
            for (guint g = 0; g < p->gutters->len && !covered; g++) {
                const gutter *u = &g_array_index(p->gutters, gutter, g);
                covered = r >= u->row0 && r < u->row1 && fabs(u->x - x) <= GUTTER_TOL;
            }
            guint last = r;
            while (!covered && last < p->rows->len && row_gap_at(p, last, x, &narrow) &&
                   (last == r || rows_adjacent(p, last - 1))) {
                any_narrow |= narrow;
                last++;
            }
            if (!covered && last - r >= GUTTER_ROWS && any_narrow) {
                gutter u = { x, r, last };
                g_array_append_val(p->gutters, u);
            }
        }
    }
}

/* Is there a gutter at X on row R? */
static bool gutter_at(const lt_page *p, guint r, double x)
{
    for (guint g = 0; g < p->gutters->len; g++) {
        const gutter *u = &g_array_index(p->gutters, gutter, g);
        if (r >= u->row0 && r < u->row1 && fabs(u->x - x) <= GUTTER_TOL)
            return true;
    }
    return false;
}

/* A justified line of prose with few words spreads them apart, a gap of
 * an em or more between its words (up to JUSTIFIED_MAX ems).  Such a gap
 * is no column's edge where the paragraph's next or previous line runs on
 * across it: a word or a word space stands there. */
#define JUSTIFIED_MAX 3.0

/* A glyph whose size differs from a line's by more than this share of it
 * belongs to another text (a caption, a heading, a footnote). */
#define LT_OTHER_SIZE 0.1

/* Does row R (adjacent to the row of the gap) run on across X: a glyph
 * there, or a space under half an em (GUTTER_GAP)? */
static bool row_runs_across(const lt_page *p, guint r, double x, double size)
{
    size_t first, end;
    row_span(p, r, &first, &end);
    for (size_t k = first; k < end; k++) {
        const ex_glyph *g = &p->pg->g[p->order[k]];
        if (fabs(g->size - size) > LT_OTHER_SIZE * size)
            return false; /* another text's line: a caption, a heading */
        if (g->x0 <= x && g->x1 >= x)
            return true;
        if (k > first && g->x0 > x)
            return g->x0 - p->pg->g[p->order[k - 1]].x1 < GUTTER_GAP * size;
    }
    return false;
}

/* Is the gap between glyphs A and B of row R a word gap of justified
 * prose (both in lower case, the lines around running on across it)? */
static bool justified_gap(const lt_page *p, guint r, const ex_glyph *a, const ex_glyph *b)
{
    double em = fmax(a->size, b->size), x = (a->x1 + b->x0) / 2;
    if (b->x0 - a->x1 >= JUSTIFIED_MAX * em || !g_unichar_isalpha(a->ch) ||
        !g_unichar_islower(b->ch))
        return false;
    return (r > 0 && rows_adjacent(p, r - 1) && row_runs_across(p, r - 1, x, em)) ||
           (r + 1 < p->rows->len && rows_adjacent(p, r) && row_runs_across(p, r + 1, x, em));
}

/* Split row R, order[first..first+n) (sorted by x), into segments. */
static void split_row(lt_page *p, guint r, size_t first, size_t n)
{
    size_t start = first;
    for (size_t k = first + 1; k <= first + n; k++) {
        if (k < first + n) {
            const ex_glyph *a = &p->pg->g[p->order[k - 1]], *b = &p->pg->g[p->order[k]];
            double em = fmax(a->size, b->size);
            double reach = (k - start == 1 ? bullet_reach(a, start, first) : 1.0) * em;
            bool column = b->x0 - a->x1 >= GUTTER_GAP * em && gutter_at(p, r, b->x0);
            bool word_gap = b->x0 - a->x1 < reach || justified_gap(p, r, a, b);
            if (word_gap && !rule_between(p, a, b) && !column)
                continue;
        }
        layout_seg_add(p, start, k - start);
        start = k;
    }
}

/* Split every row of p->rows into segments, afresh. */
void layout_split_rows(lt_page *p)
{
    g_array_set_size(p->segs, 0);
    for (guint r = 0; r < p->rows->len; r++) {
        size_t start, end;
        row_span(p, r, &start, &end);
        split_row(p, r, start, end - start);
    }
}

/* Group the body glyphs into rows by centre height, each sorted by x,
 * then into segments.  The rows stay in p->rows: the rules found later
 * split them again (layout_split_rows) without sorting again. */
static void build_segments(lt_page *p)
{
    p->n_order = 0;
    for (size_t i = 0; i < p->pg->n; i++)
        if (!p->noise[i])
            p->order[p->n_order++] = i;
    keyed *tmp = g_new(keyed, 2 * p->n_order + 1);
    sort_range(p, 0, p->n_order, KEY_CY, tmp);
    g_array_set_size(p->rows, 0);
    size_t start = 0;
    for (size_t k = 1; k <= p->n_order; k++) {
        if (k < p->n_order) {
            const ex_glyph *a = &p->pg->g[p->order[start]], *b = &p->pg->g[p->order[k]];
            double h = fmax(a->y1 - a->y0, b->y1 - b->y0);
            if (gcy(b) - gcy(a) <= LT_SAME_ROW * h)
                continue;
        }
        sort_range(p, start, k - start, KEY_X0, tmp);
        g_array_append_val(p->rows, start);
        start = k;
    }
    g_free(tmp);
    find_gutters(p);
    layout_split_rows(p);
}

/* ---- free blocks ------------------------------------------------------ */

/* True when a horizontal rule lies between segments A (above) and B. */
static bool hrule_between(const lt_page *p, const seg *a, const seg *b)
{
    double lo = fmax(a->x0, b->x0), hi = fmin(a->x1, b->x1);
    for (size_t i = 0; i < p->rules.n; i++) {
        const ex_rule *r = &p->rules.v[i];
        if (is_hrule(r) && r->y0 > seg_cy(a) && r->y0 < seg_cy(b) && r->x0 < hi - 1 &&
            r->x1 > lo + 1)
            return true;
    }
    return false;
}

/* True when segment S continues block K as its next line. */
/* A paragraph's next line stands at most this far below the last (in
 * ems, centre to centre): single and one-and-a-half spacing (1.2 to
 * 1.45 em) pass, a blank line between paragraphs (2.4 em) does not. */
#define LT_MAX_PITCH 1.5
/* Lines of one paragraph share their size to within this (ems): a
 * heading or a note set a point larger or smaller is another text. */
#define LT_SAME_SIZE 0.05
/* A gap this much wider than the paragraph's pitch so far starts a new
 * paragraph (space after a paragraph, common in Word's styles). */
#define LT_WIDER_PITCH 1.3

/* A line that ends this many ems short of its block's right edge ends its
 * paragraph when the next line is indented by more than LT_INDENT ems. */
#define LT_SHORT_LINE 2.0
#define LT_INDENT 1.0

static bool continues(const lt_page *p, const lt_block *k, const seg *s)
{
    const seg *last = SEG(p, g_array_index(k->segs, int, k->segs->len - 1));
    double em = fmax(last->size, s->size);
    double pitch = seg_cy(s) - seg_cy(last);
    if (pitch < LT_SAME_ROW * em || pitch > LT_MAX_PITCH * em ||
        overlap(last->x0, last->x1, s->x0, s->x1) <= 0)
        return false;
    if (fabs(last->size - s->size) > LT_SAME_SIZE * em || hrule_between(p, last, s))
        return false;
    if (k->pitch > 0 && pitch > LT_WIDER_PITCH * k->pitch)
        return false; /* a wider gap: a new paragraph */
    if (k->segs->len == 1 && last->bold && !s->bold)
        return false; /* a bold heading line over plain text */
    bool short_prev = last->x1 < k->x1 - LT_SHORT_LINE * em;
    return !(short_prev && s->x0 > k->x0 + LT_INDENT * em);
}

static void block_grow(lt_page *p, int bi, int si)
{
    lt_block *k = BLOCK(p, bi);
    seg *s = SEG(p, si);
    if (k->segs->len)
        k->pitch = seg_cy(s) - seg_cy(SEG(p, g_array_index(k->segs, int, k->segs->len - 1)));
    g_array_append_val(k->segs, si);
    k->x0 = fmin(k->x0, s->x0);
    k->y0 = fmin(k->y0, s->y0);
    k->x1 = fmax(k->x1, s->x1);
    k->y1 = fmax(k->y1, s->y1);
    s->block = bi;
}

static int block_new(lt_page *p)
{
    lt_block k = { g_array_new(FALSE, FALSE, sizeof(int)), INFINITY, INFINITY, -INFINITY, -INFINITY, 0 };
    g_array_append_val(p->blocks, k);
    return (int)p->blocks->len - 1;
}

/* Free segments into blocks; each ruled cell becomes one block. */
static void build_blocks(lt_page *p)
{
    int *cell_block = g_new(int, p->cells->len + 1);
    for (guint c = 0; c < p->cells->len; c++)
        cell_block[c] = -1;
    for (guint i = 0; i < p->segs->len; i++) {
        seg *s = SEG(p, i);
        int bi = -1;
        if (s->cell >= 0) {
            if (cell_block[s->cell] < 0)
                cell_block[s->cell] = block_new(p);
            bi = cell_block[s->cell];
        }
        for (int j = (int)p->blocks->len - 1; bi < 0 && j >= 0; j--) {
            lt_block *k = BLOCK(p, j);
            int first = g_array_index(k->segs, int, 0);
            if (SEG(p, first)->cell < 0 && continues(p, k, s))
                bi = j;
        }
        if (bi < 0)
            bi = block_new(p);
        block_grow(p, bi, (int)i);
    }
    g_free(cell_block);
}

/* ---- reading order: recursive XY-cut over units ----------------------- */

/* Comparators over unit indices; DATA is the unit array. */
static int cmp_unit_y(const void *a, const void *b, void *data)
{
    const unit *us = data;
    const unit *u = &us[*(const int *)a], *v = &us[*(const int *)b];
    if (u->y0 != v->y0)
        return u->y0 < v->y0 ? -1 : 1;
    return (u->x0 > v->x0) - (u->x0 < v->x0);
}

static int cmp_unit_x(const void *a, const void *b, void *data)
{
    const unit *us = data;
    const unit *u = &us[*(const int *)a], *v = &us[*(const int *)b];
    return (u->x0 > v->x0) - (u->x0 < v->x0);
}

/* Index in IDX (sorted by x) where a column gutter splits the units, with
 * both sides at least MIN_W wide and overlapping in height; 0 when none. */
static int x_cut(const unit *u, const int *idx, int n, double min_w)
{
    double right = u[idx[0]].x1, left0 = u[idx[0]].x0, top = u[idx[0]].y0, bot = u[idx[0]].y1;
    for (int k = 1; k < n; k++) {
        const unit *v = &u[idx[k]];
        if (v->x0 > right && right - left0 >= min_w) {
            double rx1 = v->x1, rt = v->y0, rb = v->y1;
            for (int j = k + 1; j < n; j++) {
                rx1 = fmax(rx1, u[idx[j]].x1);
                rt = fmin(rt, u[idx[j]].y0);
                rb = fmax(rb, u[idx[j]].y1);
            }
            if (rx1 - v->x0 >= min_w && overlap(top, bot, rt, rb) > 0)
                return k;
        }
        right = fmax(right, v->x1);
        top = fmin(top, v->y0);
        bot = fmax(bot, v->y1);
    }
    return 0;
}

/* Index in IDX (sorted by y) of the first horizontal gap; 0 when none. */
static int y_cut(const unit *u, const int *idx, int n)
{
    double bottom = u[idx[0]].y1;
    for (int k = 1; k < n; k++) {
        if (u[idx[k]].y0 >= bottom - 0.5)
            return k;
        bottom = fmax(bottom, u[idx[k]].y1);
    }
    return 0;
}

/* Index in IDX (sorted by y) of the last horizontal gap; 0 when none. */
static int last_y_cut(const unit *u, const int *idx, int n)
{
    double top = u[idx[n - 1]].y0;
    for (int k = n - 1; k > 0; k--) {
        if (u[idx[k - 1]].y1 <= top + 0.5) {
            bool clear = true; /* no unit above K reaches below TOP */
            for (int j = 0; j < k && clear; j++)
                clear = u[idx[j]].y1 <= top + 0.5;
            if (clear)
                return k;
        }
        top = fmin(top, u[idx[k - 1]].y0);
    }
    return 0;
}

/* How much of the bounding box of units IDX[0..n) their own boxes fill:
 * near 1 for a column of paragraphs, low for a sparse table. */
static double fill_ratio(const unit *u, const int *idx, int n)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, area = 0;
    for (int i = 0; i < n; i++) {
        const unit *v = &u[idx[i]];
        x0 = fmin(x0, v->x0), y0 = fmin(y0, v->y0), x1 = fmax(x1, v->x1), y1 = fmax(y1, v->y1);
        area += (v->x1 - v->x0) * (v->y1 - v->y0);
    }
    return x1 > x0 && y1 > y0 ? area / ((x1 - x0) * (y1 - y0)) : 0;
}

/* Do the units IDX[0..n) stand in columns of running text?  Not when
 * they pair up row by row ("Misión | text" in a borderless table: most
 * units left of the gutter start level with one on its right), nor when
 * a side is a sparse table rather than a column of paragraphs. */
static bool has_columns(const unit *u, const int *idx, int n, double min_w)
{
    if (n < 2)
        return false;
    int *copy = g_memdup2(idx, (gsize)n * sizeof *idx);
    g_qsort_with_data(copy, n, sizeof *copy, cmp_unit_x, (gpointer)u);
    int k = x_cut(u, copy, n, min_w);
    int level = 0;
    for (int i = 0; i < k; i++) {
        bool pair = false;
        for (int j = k; j < n && !pair; j++)
            pair = fabs(u[copy[i]].y0 - u[copy[j]].y0) < 2.0;
        level += pair;
    }
    bool cols = k > 0 && !(k >= 2 && 2 * level >= k) && fill_ratio(u, copy, k) >= 0.5 &&
                fill_ratio(u, copy + k, n - k) >= 0.5;
    g_free(copy);
    return cols;
}

/* Where the gutter of units IDX[0..n) (copied, sorted by x) lies: *GX0 and
 * *GX1 the right edge of the left side and the left edge of the right
 * one, each side at least a third as wide as the whole; false when the
 * units have no such gutter. */
static bool even_gutter(const unit *u, const int *idx, int n, double min_w, double *gx0,
                        double *gx1)
{
    int *copy = g_memdup2(idx, (gsize)n * sizeof *idx);
    g_qsort_with_data(copy, n, sizeof *copy, cmp_unit_x, (gpointer)u);
    int k = x_cut(u, copy, n, min_w);
    bool even = false;
    if (k > 0) {
        double l0 = INFINITY, l1 = -INFINITY, r0 = INFINITY, r1 = -INFINITY;
        for (int i = 0; i < n; i++) {
            const unit *v = &u[copy[i]];
            if (i < k)
                l0 = fmin(l0, v->x0), l1 = fmax(l1, v->x1);
            else
                r0 = fmin(r0, v->x0), r1 = fmax(r1, v->x1);
        }
        double whole = r1 - l0;
        even = l1 - l0 >= whole / 3 && r1 - r0 >= whole / 3;
        *gx0 = l1, *gx1 = r0;
    }
    g_free(copy);
    return even;
}

/* Do units IDX[0..n) stand on both sides of the gutter G0..G1, none
 * across it? */
static bool strip_sides(const unit *u, const int *idx, int n, double g0, double g1)
{
    bool left = false, right = false;
    for (int i = 0; i < n; i++) {
        const unit *v = &u[idx[i]];
        if (v->x1 <= g1)
            left = true;
        else if (v->x0 >= g0)
            right = true;
        else
            return false;
    }
    return left && right;
}

/* Do units IDX[0..n) hold paragraphs (blocks of two lines or more) on
 * both sides of the gutter at G0?  A form's labels and values side by
 * side ("Periodo que se informa:" | "del 1 de octubre ...") pair up row by
 * row instead, a label a line. */
static bool paragraphs_both_sides(const unit *u, const int *idx, int n, double g0)
{
    bool left = false, right = false;
    for (int i = 0; i < n; i++) {
        const unit *v = &u[idx[i]];
        if (v->lines >= 2 && v->x1 <= g0)
            left = true;
        else if (v->lines >= 2)
            right = true;
    }
    return left && right;
}

/* Units IDX[0..n) sorted by y, whose first strip ends at K: when the strip
 * under it stands in two even columns of paragraphs and that strip and the ones around
 * it stand on both sides of their gutter (headings side by side, "MISIÓN"
 * | "VISIÓN", over their texts), the index past the last such strip, so
 * that the band is cut into columns whole; else K.  Read strip by strip,
 * each column's heading would come before the other's, then both texts. */
static int column_band_end(const unit *u, const int *idx, int n, int k, double min_w)
{
    int more = y_cut(u, idx + k, n - k), next = more ? k + more : n;
    double g0, g1;
    if (k >= n || !even_gutter(u, idx + k, next - k, min_w, &g0, &g1) ||
        !strip_sides(u, idx, k, g0, g1) || !paragraphs_both_sides(u, idx + k, next - k, g0))
        return k;
    while (next < n) {
        more = y_cut(u, idx + next, n - next);
        int stop = more ? next + more : n;
        if (!strip_sides(u, idx + next, stop - next, g0, g1))
            break;
        next = stop;
    }
    return next;
}

/* Order IDX[0..n) in place: columns first, else the top band, else by y.
 * A footer across the gutter below columns of text ("Página 3 de 8",
 * centred; from FOOT down) would make the first gap from the top a cut
 * through both columns, strip by strip: when what lies below the last
 * gap is such a footer and the part above it stands in columns, that gap
 * is cut first. */
static void xy_cut(const unit *u, int *idx, int n, double min_w, double foot)
{
    if (n < 2)
        return;
    g_qsort_with_data(idx, n, sizeof *idx, cmp_unit_x, (gpointer)u);
    int k = x_cut(u, idx, n, min_w);
    if (!k) {
        g_qsort_with_data(idx, n, sizeof *idx, cmp_unit_y, (gpointer)u);
        k = y_cut(u, idx, n);
        if (k)
            k = column_band_end(u, idx, n, k, min_w);
        int last = k ? last_y_cut(u, idx, n) : 0;
        bool footer = last > 0;
        for (int i = last; i < n && footer; i++)
            footer = u[idx[i]].y0 >= foot;
        if (last > k && footer && has_columns(u, idx, last, min_w))
            k = last;
    }
    if (!k)
        return;
    xy_cut(u, idx, k, min_w, foot);
    xy_cut(u, idx + k, n - k, min_w, foot);
}

/* ---- output ------------------------------------------------------------ */

/* The same glyph drawn again within these shares of an em across and down
 * is a bold made by printing twice: it is read once. */
#define LT_OVERPRINT_X 0.1
#define LT_OVERPRINT_Y 0.2
/* Where poppler put a space after a glyph, a gap of this much of an em is
 * a word space (tight justification); without that hint LT_WORD_GAP. */
#define LT_HINTED_GAP 0.03

/* The text of a segment: glyphs in x order, a space at gaps of 0.15 em or
 * where poppler put one, overprinted duplicates (fake bold) skipped;
 * normalised (normalize_text).  Text below U+0300 without a soft
 * hyphen is that already (no character there has NFC_QC No or Maybe,
 * UAX #15, and the ligatures lie above), so it skips the normaliser. */
char *layout_seg_text(const lt_page *p, const seg *s)
{
    GString *out = g_string_sized_new(s->n * 2 + 8);
    const ex_glyph *prev = NULL;
    gunichar top = 0;
    for (size_t k = s->first; k < s->first + s->n; k++) {
        const ex_glyph *g = &p->pg->g[p->order[k]];
        if (prev) {
            double em = fmax(prev->size, g->size), gap = g->x0 - prev->x1;
            if (g->ch == prev->ch && fabs(g->x0 - prev->x0) < LT_OVERPRINT_X * em &&
                fabs(g->y0 - prev->y0) < LT_OVERPRINT_Y * em)
                continue;
            if (gap >= LT_WORD_GAP * em || (prev->space_after && gap > LT_HINTED_GAP * em))
                g_string_append_c(out, ' ');
        }
        char utf8[6];
        g_string_append_len(out, utf8, g_unichar_to_utf8(g->ch, utf8));
        top = MAX(top, g->ch == 0x00AD ? 0x300 : g->ch);
        prev = g;
    }
    if (top < 0x300)
        return g_string_free(out, FALSE);
    char *nfc = normalize_text(out->str, (gssize)out->len);
    g_string_free(out, TRUE);
    return nfc;
}

/* Append segment S as a line. */
static void emit_seg(const lt_page *p, int page_no, const seg *s, unsigned flags, int block_no,
                     int column, poa_lines *out)
{
    poa_line line = { 0 };
    line.text = layout_seg_text(p, s);
    line.page = page_no;
    line.x0 = s->x0;
    line.y0 = s->y0;
    line.x1 = s->x1;
    line.y1 = s->y1;
    line.font_size = s->size;
    line.bold = s->bold;
    line.flags = flags;
    line.block = block_no;
    line.column = column;
    line.drop_reason = s->drop;
    if (s->drop)
        line.flags |= POA_LINE_DROPPED;
    lines_push(out, &line);
    g_free(line.text);
}

/* Output state of one page: block counter and page-start flag. */
typedef struct emitter {
    int page_no;
    int block;
    bool started;
    poa_lines *out;
} emitter;

/* Flags of a line: HEADING when larger than body (and LARGE), or a short
 * bold block in a plain body; PAGE_START on the first body line. */
static unsigned line_flags(const lt_page *p, emitter *e, const seg *s, const lt_block *k)
{
    unsigned f = 0;
    if (s->size >= LT_LARGER * p->body)
        f |= POA_LINE_HEADING | POA_LINE_LARGE;
    if (s->bold && k->segs->len <= 2 && s->cell < 0)
        f |= POA_LINE_HEADING;
    if (!s->drop && !e->started) {
        f |= POA_LINE_PAGE_START;
        e->started = true;
    }
    return f;
}

/* The gap over segment J of block K below segment J-1, in points; NAN when
 * J is not a line of the same cell under the one before it. */
static double cell_gap(const lt_page *p, const lt_block *k, guint j)
{
    const seg *prev = SEG(p, g_array_index(k->segs, int, j - 1));
    const seg *s = SEG(p, g_array_index(k->segs, int, j));
    return s->cell >= 0 && prev->cell == s->cell && s->y0 > prev->y0 ? s->y0 - prev->y1 : NAN;
}

/* Is segment J of cell block K the first line of a paragraph: a gap over
 * it of half a line more than the cell's own leading (MIN_GAP, the
 * narrowest gap between its lines)?  Items set in a cell as paragraphs
 * without bullets are told apart so; a cell of two lines has no leading
 * to compare with, and stays one. */
/* Space between paragraphs in a cell beyond its leading (ems). */
#define LT_PARAGRAPH_SPACE 0.5

static bool cell_paragraph_start(const lt_page *p, const lt_block *k, guint j, double min_gap)
{
    double gap = cell_gap(p, k, j);
    const seg *s = SEG(p, g_array_index(k->segs, int, j));
    return !isnan(gap) && gap > min_gap + LT_PARAGRAPH_SPACE * s->size;
}

static void emit_block(const lt_page *p, emitter *e, int bi, unsigned first_flags)
{
    const lt_block *k = BLOCK(p, bi);
    double min_gap = INFINITY;
    for (guint j = 1; j < k->segs->len; j++) {
        double gap = cell_gap(p, k, j);
        if (!isnan(gap))
            min_gap = fmin(min_gap, gap);
    }
    for (guint j = 0; j < k->segs->len; j++) {
        const seg *s = SEG(p, g_array_index(k->segs, int, j));
        unsigned f = line_flags(p, e, s, k);
        if (j == 0)
            f |= POA_LINE_BLOCK_START | first_flags;
        else if (cell_paragraph_start(p, k, j, min_gap))
            f |= POA_LINE_BLOCK_START;
        if (s->cell >= 0)
            f |= POA_LINE_CELL;
        emit_seg(p, e->page_no, s, f, e->block, s->cell >= 0 ? CELL(p, s->cell)->column : 0, e->out);
    }
    e->block++;
}

/* The cell of cell block BI. */
static const cell *block_cell(const lt_page *p, int bi)
{
    return CELL(p, SEG(p, g_array_index(BLOCK(p, bi)->segs, int, 0))->cell);
}

/* Cell blocks by top edge, then left edge; DATA is the page. */
static int cmp_cell_top(const void *a, const void *b, void *data)
{
    const cell *ca = block_cell(data, *(const int *)a), *cb = block_cell(data, *(const int *)b);
    if (ca->t != cb->t)
        return ca->t < cb->t ? -1 : 1;
    return (ca->l > cb->l) - (ca->l < cb->l);
}

/* Cell blocks by left edge; DATA is the page. */
static int cmp_cell_left(const void *a, const void *b, void *data)
{
    const cell *ca = block_cell(data, *(const int *)a), *cb = block_cell(data, *(const int *)b);
    return (ca->l > cb->l) - (ca->l < cb->l);
}

/* Emit table T row by row, each cell whole.  A row is the cells whose
 * top lies above the middle of every cell already in it (rules found a
 * few points apart on a render still make one row; a cell spanning rows
 * does not pull the next rows in), read left to right. */
static void emit_table(const lt_page *p, emitter *e, int t)
{
    GArray *cb = g_array_new(FALSE, FALSE, sizeof(int));
    for (guint i = 0; i < p->blocks->len; i++) {
        const seg *s = SEG(p, g_array_index(BLOCK(p, i)->segs, int, 0));
        if (s->cell >= 0 && CELL(p, s->cell)->table == t)
            g_array_append_val(cb, i);
    }
    g_array_sort_with_data(cb, cmp_cell_top, (gpointer)p);
    for (guint i = 0, j; i < cb->len; i = j) {
        const cell *c = block_cell(p, g_array_index(cb, int, i));
        double lim = (c->t + c->b) / 2;
        for (j = i + 1; j < cb->len && block_cell(p, g_array_index(cb, int, j))->t < lim; j++) {
            const cell *d = block_cell(p, g_array_index(cb, int, j));
            lim = fmin(lim, (d->t + d->b) / 2);
        }
        g_qsort_with_data(&g_array_index(cb, int, i), (gint)(j - i), sizeof(int), cmp_cell_left,
                          (gpointer)p);
        for (guint k = i; k < j; k++)
            emit_block(p, e, g_array_index(cb, int, k), k == i ? POA_LINE_ROW_START : 0);
    }
    g_array_free(cb, TRUE);
}

/* The units of the page: one per table, one per free block. */
static unit *page_units(const lt_page *p, int *n)
{
    unit *u = g_new(unit, p->blocks->len + (guint)p->n_tables + 1);
    *n = 0;
    for (int t = 0; t < p->n_tables; t++)
        u[(*n)++] = (unit){ INFINITY, INFINITY, -INFINITY, -INFINITY, -1, t, 1 };
    for (guint i = 0; i < p->blocks->len; i++) {
        const lt_block *k = BLOCK(p, i);
        const seg *s = SEG(p, g_array_index(k->segs, int, 0));
        unit *v = s->cell >= 0 ? &u[CELL(p, s->cell)->table] : &u[(*n)++];
        if (s->cell < 0)
            *v = (unit){ k->x0, k->y0, k->x1, k->y1, (int)i, -1, (int)k->segs->len };
        v->x0 = fmin(v->x0, k->x0);
        v->y0 = fmin(v->y0, k->y0);
        v->x1 = fmax(v->x1, k->x1);
        v->y1 = fmax(v->y1, k->y1);
    }
    return u;
}

/* Emit the body in reading order, then the noise glyphs as dropped lines. */
static void emit_page(const lt_page *p, int page_no, poa_lines *out)
{
    int n;
    unit *u = page_units(p, &n);
    int *idx = g_new(int, n + 1);
    for (int i = 0; i < n; i++)
        idx[i] = i;
    xy_cut(u, idx, n, 4 * p->body, LT_BOTTOM_BAND * p->pg->height);
    emitter e = { page_no, 0, false, out };
    for (int i = 0; i < n; i++) {
        if (u[idx[i]].table >= 0)
            emit_table(p, &e, u[idx[i]].table);
        else
            emit_block(p, &e, u[idx[i]].block, 0);
    }
    g_free(idx);
    g_free(u);
}

/* Noise glyphs, one dropped line per reason, in x order. */
static void emit_noise(lt_page *p, int page_no, int block_no, poa_lines *out)
{
    static const poa_drop reasons[] = { POA_DROP_WATERMARK, POA_DROP_VERTICAL_TEXT };
    for (size_t r = 0; r < G_N_ELEMENTS(reasons); r++) {
        p->n_order = 0;
        for (size_t i = 0; i < p->pg->n; i++)
            if (p->noise[i] == reasons[r])
                p->order[p->n_order++] = i;
        if (!p->n_order)
            continue;
        if (reasons[r] == POA_DROP_WATERMARK) /* content order reads a vertical note */
            sort_index(p, KEY_X0);
        seg s = { 0, p->n_order, INFINITY, INFINITY, -INFINITY, -INFINITY, 0, false, -1, -1, reasons[r] };
        for (size_t k = 0; k < p->n_order; k++) {
            const ex_glyph *g = &p->pg->g[p->order[k]];
            s.x0 = fmin(s.x0, g->x0), s.y0 = fmin(s.y0, g->y0);
            s.x1 = fmax(s.x1, g->x1), s.y1 = fmax(s.y1, g->y1);
            s.size = fmax(s.size, g->size);
        }
        emit_seg(p, page_no, &s, POA_LINE_BLOCK_START, block_no++, 0, out);
    }
}

/* ---- the passes ------------------------------------------------------- */

/* Between the ruling lines (layout_tables_find_rules, which needs the
 * document) and the furniture (which needs the pages around), each pass
 * reads and writes only the page: */
const lt_pass layout_passes[] = {
    /* reads segments, rules; writes cells, each enclosed segment's cell,
     * ruled_cells */
    { "cells", layout_tables_assign_cells },
    /* reads segments, cells; joins the segments of one row inside one cell
     * into one (justification is no gutter) */
    { "cell-rows", layout_tables_join_cell_rows },
    /* reads segments, cells; shrinks a cell that holds free text to the
     * side of its own segments */
    { "clip-cells", layout_tables_clip_cells },
    /* reads free segments; writes cells for unruled tables keyed by a
     * number column */
    { "keyed-tables", layout_keyed_tables },
    /* reads segments outside cells and bands; writes body */
    { "body-size", free_body_size },
    /* reads cells; writes each cell's table and column, n_tables */
    { "tables", layout_tables_build },
    /* reads segments, cells, rows, gutters; writes blocks, each segment's
     * block */
    { "blocks", build_blocks },
};
const size_t LAYOUT_PASSES = G_N_ELEMENTS(layout_passes);

/* The index of the pass named NAME, or -1. */
static int pass_index(const char *name)
{
    for (size_t i = 0; i < LAYOUT_PASSES; i++)
        if (strcmp(layout_passes[i].name, name) == 0)
            return (int)i;
    return -1;
}

int layout_run_passes(lt_page *p, const char *first, const char *last)
{
    int from = pass_index(first), to = pass_index(last);
    if (from < 0 || to < 0)
        return -1;
    for (int i = from; i <= to; i++)
        layout_passes[i].run(p);
    return 0;
}

/* ---- the page pipeline ------------------------------------------------ */

static void lt_page_init(lt_page *p, const ex_page *pg)
{
    memset(p, 0, sizeof *p);
    p->pg = pg;
    p->noise = g_new0(poa_drop, pg->n + 1);
    p->order = g_new(size_t, pg->n + 1);
    p->segs = g_array_new(FALSE, FALSE, sizeof(seg));
    p->rows = g_array_new(FALSE, FALSE, sizeof(size_t));
    p->cells = g_array_new(FALSE, FALSE, sizeof(cell));
    p->blocks = g_array_new(FALSE, FALSE, sizeof(lt_block));
    p->gutters = g_array_new(FALSE, FALSE, sizeof(gutter));
}

void layout_page_end(lt_page *p)
{
    for (guint i = 0; i < p->blocks->len; i++)
        g_array_free(BLOCK(p, i)->segs, TRUE);
    g_array_free(p->blocks, TRUE);
    g_array_free(p->gutters, TRUE);
    g_array_free(p->cells, TRUE);
    g_array_free(p->segs, TRUE);
    g_array_free(p->rows, TRUE);
    rulings_release(&p->rules);
    g_free(p->order);
    g_free(p->noise);
}

void layout_page_begin(lt_page *p, const ex_page *pg)
{
    lt_page_init(p, pg);
    layout_furniture_mark_noise(p);
    build_segments(p);
}

/* Free the page kept in DOC->pre, if any. */
static void pre_clear(layout_doc *doc)
{
    if (!doc->pre)
        return;
    layout_page_end(doc->pre);
    g_free(doc->pre);
    doc->pre = NULL;
}

/* Segments of the page read ahead, without rules: enough for its band
 * signatures.  Kept in DOC->pre, so that laying that page out next does
 * not find its noise and segments again. */
static void bands_of(layout_doc *doc, furniture_bands *out)
{
    pre_clear(doc);
    doc->pre = g_new(lt_page, 1);
    layout_page_begin(doc->pre, &doc->ahead);
    layout_furniture_collect_bands(doc, doc->pre, out);
}

/* Read page INDEX's glyphs, from the read-ahead slot when it holds them. */
static int load_page(layout_doc *doc, int index, ex_page *pg, poa_error *err)
{
    if (doc->ahead_index != index)
        pre_clear(doc);
    if (doc->ahead_index == index) {
        *pg = doc->ahead;
        doc->ahead = (ex_page)EX_PAGE_INIT;
        doc->ahead_index = -1;
        return 0;
    }
    return extract_page(doc->ex, index, pg, 0, err);
}

/* Read page INDEX+1 ahead (rendered first at RENDER_SCALE when > 0) and
 * return its band lines (caller frees with furniture_bands_free), or NULL
 * at the last page. */
static furniture_bands *next_bands(layout_doc *doc, int index, double render_scale)
{
    if (index + 1 >= extract_page_count(doc->ex))
        return NULL;
    pre_clear(doc);
    extract_page_release(&doc->ahead);
    doc->ahead_index = -1;
    poa_error ignored = POA_ERROR_INIT; /* the page reports its own error when laid out */
    if (extract_page(doc->ex, index + 1, &doc->ahead, render_scale, &ignored) < 0)
        return NULL;
    doc->ahead_index = index + 1;
    furniture_bands *b = furniture_bands_new();
    bands_of(doc, b);
    return b;
}

static int layout_glyphs(layout_doc *doc, int index, const ex_page *pg, poa_lines *out,
                         poa_error *err)
{
    lt_page p;
    if (doc->pre) { /* page INDEX, read ahead: its glyphs moved to PG */
        p = *doc->pre;
        p.pg = pg;
        g_free(doc->pre);
        doc->pre = NULL;
    } else {
        layout_page_begin(&p, pg);
    }
    int rc = layout_tables_find_rules(doc, index, &p, err);
    if (rc == 0) {
        for (size_t i = 0; i < LAYOUT_PASSES; i++)
            layout_passes[i].run(&p);
        if (p.rendered)
            doc->dry = p.ruled_cells ? 0 : doc->dry + 1;
        furniture_bands *next = next_bands(doc, index, layout_tables_render_ahead(doc, &p));
        layout_furniture_mark(doc, &p, index, next);
        furniture_bands_free(next);
        /* the page's band lines for the pages after it, read before
         * emit_noise reuses the glyph order the segments index */
        furniture_bands *bands = furniture_bands_new();
        layout_furniture_collect_bands(doc, &p, bands);
        furniture_pages_end(doc->furniture, index, bands);
        emit_page(&p, index + 1, out);
        emit_noise(&p, index + 1, (int)p.blocks->len, out);
    }
    layout_page_end(&p);
    return rc;
}

/* ---- public API ------------------------------------------------------- */

void layout_use_rules(layout_doc *doc, const poa_rules *rules)
{
    if (doc->m)
        return; /* a page was read with the rules it had */
    doc->rules = rules;
}

rule_matcher *layout_folio_matcher(layout_doc *doc)
{
    /* the default rules, interpreted, when the caller named none: compiled
     * once per process (a conversion names the ones it parses with, so
     * that no second set is compiled for the folios) */
    const poa_rules *rules = doc->rules ? doc->rules : rules_default_shared(false, NULL);
    if (!doc->m && rules)
        doc->m = rules_matcher_new(rules);
    return doc->m;
}

layout_doc *layout_open(const char *data, size_t len, const char *name,
                        const char *password, const poa_rules *rules, poa_error *err)
{
    ex_doc *ex = extract_open(data, len, name ? name : "PDF", password, err);
    if (!ex)
        return NULL;
    layout_doc *doc = g_new0(layout_doc, 1);
    doc->ex = ex;
    doc->name = g_strdup(name ? name : "PDF");
    doc->rules = rules;
    doc->ahead_index = -1;
    doc->furniture = furniture_pages_new();
    return doc;
}

int layout_page_count(const layout_doc *doc)
{
    return doc ? extract_page_count(doc->ex) : 0;
}

int layout_page(layout_doc *doc, int index, poa_lines *out, poa_error *err)
{
    if (index < 0 || index >= layout_page_count(doc))
        return poa_fail(err, POA_E_INTERNAL, "%s: no page %d", doc->name, index + 1);
    ex_page pg = EX_PAGE_INIT;
    int rc = load_page(doc, index, &pg, err);
    if (rc == 0)
        rc = layout_glyphs(doc, index, &pg, out, err);
    extract_page_release(&pg);
    return rc;
}

bool layout_page_paints_image(layout_doc *doc, int index)
{
    return index >= 0 && index < layout_page_count(doc) &&
           extract_page_paints_image(doc->ex, index);
}

void layout_close(layout_doc *doc)
{
    if (!doc)
        return;
    pre_clear(doc);
    extract_page_release(&doc->ahead);
    furniture_pages_free(doc->furniture);
    g_free(doc->name);
    rules_matcher_free(doc->m);
    extract_close(doc->ex);
    g_free(doc);
}
