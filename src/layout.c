/* layout.c - reading order from glyph boxes (READING_ORDER.md section 3).
 *
 * Per page: glyphs (extract.c) -> noise set aside (vertical and diagonal
 * runs, isolated giant letters) -> rows -> segments (split at gutters of
 * 1 em and at ruling lines) -> ruled cells and free blocks -> tables ->
 * recursive XY-cut over tables and blocks -> poa_line.  Running headers,
 * footers and page numbers are recognised in the page bands by comparing
 * with the previous and the next page (the next page's glyphs are read
 * ahead and kept for the following call, with its noise and segments).
 * Everything of a page is freed before layout_page() returns, except that
 * one read-ahead page.
 */
#include "layout.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>

#include "extract.h"
#include "util.h"

/* After this many renders in a row without a ruled cell the document's
 * tables are taken to be unruled: hinted pages are rendered again only
 * once every LT_PROBE_EVERY pages, to notice a ruled table after all. */
#define LT_DRY_RENDERS 3
#define LT_PROBE_EVERY 6
/* Render scale for ruling lines: a pixel per 2 pt still catches hairlines
 * (rendered without antialiasing) and keeps the scan cheap. */
#define LT_RULE_SCALE 0.5
/* Band heights (fraction of page height) where furniture may sit. */
#define LT_TOP_BAND 0.12
#define LT_BOTTOM_BAND 0.90

/* A band line remembered from a neighbouring page. */
typedef struct band_sig {
    char *sig;
    double cy;
    int folio;           /* folio_value of the line, -1 when none */
} band_sig;

/* Pages back whose band lines are remembered (a header that alternates
 * between even and odd pages repeats two pages apart). */
#define LT_HISTORY 4

struct layout_doc {
    ex_doc *ex;
    char *name;
    ex_page ahead;       /* glyphs of page ahead_index, read in advance */
    int ahead_index;     /* -1 when none */
    GArray *hist[LT_HISTORY]; /* band_sig of the pages laid out last, ring */
    int hist_index[LT_HISTORY]; /* page of each ring slot, -1 when empty */
    int folio;           /* last page number accepted, and its page index */
    int folio_page;
    int dry;             /* renders in a row that gave no ruled cell */
    int skipped;         /* hinted pages not rendered since the last render */
    struct lt_page *pre; /* page ahead_index with noise and segments done
                          * (for its bands), reused when it is laid out */
};

/* A run of glyphs on one row with no gutter or rule inside. */
typedef struct seg {
    size_t first, n;        /* range in lt_page.order */
    double x0, y0, x1, y1;
    double size;
    bool bold;              /* every glyph bold */
    int cell;               /* index in lt_page.cells, or -1 */
    int block;              /* index in lt_page.blocks */
    const char *drop;
} seg;

/* A ruled cell: the rules around its text. */
typedef struct cell {
    double l, t, r, b;
    int table;
    int column;
} cell;

/* A unit of reading order: a free block or a whole table. */
typedef struct unit {
    double x0, y0, x1, y1;
    int block;              /* free block index, or -1 */
    int table;              /* table index, or -1 */
} unit;

typedef struct lt_block {
    GArray *segs;           /* int indices into segs, in order */
    double x0, y0, x1, y1;
    double pitch;           /* last baseline pitch, 0 when one line */
} lt_block;

/* Everything of one page under construction. */
typedef struct lt_page {
    const ex_page *pg;
    const char **noise;     /* per glyph: NULL, or why it is noise */
    double body;            /* body font size */
    size_t *order;          /* glyph indices grouped by segment */
    size_t n_order;
    GArray *rows;           /* size_t: where each row starts in order */
    GArray *segs;           /* seg */
    ex_rules rules;
    GArray *cells;          /* cell */
    GArray *blocks;         /* block */
    int n_tables;
    bool rendered;          /* ruling lines were looked for */
} lt_page;

/* ---- small geometry helpers ------------------------------------------ */

static inline double gcx(const ex_glyph *g) { return (g->x0 + g->x1) / 2; }
static inline double gcy(const ex_glyph *g) { return (g->y0 + g->y1) / 2; }
static inline double seg_cy(const seg *s) { return (s->y0 + s->y1) / 2; }
static inline bool is_hrule(const ex_rule *r) { return r->y0 == r->y1; }

static inline double overlap(double a0, double a1, double b0, double b1)
{
    return fmin(a1, b1) - fmax(a0, b0);
}

#define SEG(P, I) (&g_array_index((P)->segs, seg, (I)))
#define CELL(P, I) (&g_array_index((P)->cells, cell, (I)))
#define BLOCK(P, I) (&g_array_index((P)->blocks, lt_block, (I)))

/* ---- noise: vertical notes, diagonal watermarks ------------------------ */

static bool is_bullet(gunichar c);

/* True when glyph B follows A down or up a vertical line of text.  Two
 * bullets never do: Word draws a list's bullets ("•<tab>text") apart from
 * their text, one above the other, and a column of bullets is a list. */
static bool stacked(const ex_glyph *a, const ex_glyph *b)
{
    if (is_bullet(a->ch) && is_bullet(b->ch))
        return false;
    double w = fmin(a->x1 - a->x0, b->x1 - b->x0);
    double h = fmax(a->size, b->size);
    if (fmin(a->size, b->size) < 0.8 * h)
        return false;
    double gap = fmax(a->y0, b->y0) - fmin(a->y1, b->y1);
    return w > 0 && overlap(a->x0, a->x1, b->x0, b->x1) >= 0.8 * w && gap < 0.6 * h &&
           fabs(gcy(a) - gcy(b)) > 0.2 * h;
}

/* True when glyph B follows A along a slanted baseline. */
static bool slanted(const ex_glyph *a, const ex_glyph *b)
{
    double dx = fabs(gcx(b) - gcx(a)), dy = fabs(gcy(b) - gcy(a));
    double s = fmax(a->size, b->size);
    return fmin(a->size, b->size) > 0.8 * s && dx > 0.2 * s && dy > 0.2 * s && dx < 1.6 * s && dy < 1.6 * s &&
           dy > 0.36 * dx && dx > 0.36 * dy;
}

/* Mark runs of at least MIN glyphs in content order joined by LINKED. */
static void mark_runs(lt_page *p, bool (*linked)(const ex_glyph *, const ex_glyph *),
                      size_t min, const char *why)
{
    const ex_page *pg = p->pg;
    size_t start = 0;
    for (size_t i = 1; i <= pg->n; i++) {
        if (i < pg->n && linked(&pg->g[i - 1], &pg->g[i]))
            continue;
        if (i - start >= min)
            for (size_t k = start; k < i; k++)
                p->noise[k] = why;
        start = i;
    }
}

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
static double body_size(const lt_page *p)
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

static bool in_band(const lt_page *p, const seg *s);

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

/* Giant glyphs (3x the body size) are a watermark's letters. */
static void mark_giants(lt_page *p)
{
    for (size_t i = 0; i < p->pg->n; i++)
        if (!p->noise[i] && p->pg->g[i].size >= 3 * p->body)
            p->noise[i] = "watermark";
}

static void mark_noise(lt_page *p)
{
    mark_runs(p, stacked, 3, "vertical text");
    mark_runs(p, slanted, 3, "watermark");
    p->body = body_size(p);
    mark_giants(p);
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
static seg seg_make(const lt_page *p, size_t first, size_t n)
{
    seg s = { first, n, INFINITY, INFINITY, -INFINITY, -INFINITY, 0, true, -1, -1, NULL };
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
static void seg_add(lt_page *p, size_t first, size_t n)
{
    seg s = seg_make(p, first, n);
    g_array_append_val(p->segs, s);
}

/* Shrink segment SI to order[first] of length N, keeping its cell,
 * block and verdict. */
static void seg_set(lt_page *p, guint si, size_t first, size_t n)
{
    seg *s = SEG(p, si), t = seg_make(p, first, n);
    t.cell = s->cell;
    t.block = s->block;
    t.drop = s->drop;
    *s = t;
}

/* True when a vertical rule passes between glyphs A and B of one row. */
static bool rule_between(const lt_page *p, const ex_glyph *a, const ex_glyph *b)
{
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
static bool is_bullet(gunichar c)
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
    if (!is_bullet(a->ch))
        return 1.0;
    bool mark = a->ch != '-' && a->ch != '*' && a->ch != 0x2010 && a->ch != 0x2013 &&
                a->ch != 0x2014;
    return start == row || mark ? 4.5 : 2.5;
}

/* Split the row order[first..first+n) (sorted by x) into segments. */
static void split_row(lt_page *p, size_t first, size_t n)
{
    size_t start = first;
    for (size_t k = first + 1; k <= first + n; k++) {
        if (k < first + n) {
            const ex_glyph *a = &p->pg->g[p->order[k - 1]], *b = &p->pg->g[p->order[k]];
            double em = fmax(a->size, b->size);
            double gutter = (k - start == 1 ? bullet_reach(a, start, first) : 1.0) * em;
            if (b->x0 - a->x1 < gutter && !rule_between(p, a, b))
                continue;
        }
        seg_add(p, start, k - start);
        start = k;
    }
}

/* Split every row of p->rows into segments, afresh. */
static void split_rows(lt_page *p)
{
    g_array_set_size(p->segs, 0);
    for (guint r = 0; r < p->rows->len; r++) {
        size_t start = g_array_index(p->rows, size_t, r);
        size_t end = r + 1 < p->rows->len ? g_array_index(p->rows, size_t, r + 1) : p->n_order;
        split_row(p, start, end - start);
    }
}

/* Group the body glyphs into rows by centre height, each sorted by x,
 * then into segments.  The rows stay in p->rows: the rules found later
 * split them again (split_rows) without sorting again. */
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
            if (gcy(b) - gcy(a) <= 0.4 * h)
                continue;
        }
        sort_range(p, start, k - start, KEY_X0, tmp);
        g_array_append_val(p->rows, start);
        start = k;
    }
    g_free(tmp);
    split_rows(p);
}

/* ---- when and where to look for ruling lines --------------------------- */

/* True for a list label standing alone before its text: "1.", "12",
 * "a)", "III.", "1.1.-" (a hanging list, not a table column). */
static bool is_label(const lt_page *p, const seg *s)
{
    if (s->n > 6)
        return false;
    for (size_t k = s->first; k < s->first + s->n; k++) {
        gunichar c = p->pg->g[p->order[k]].ch;
        if (!g_unichar_isdigit(c) && !strchr(".)-IVXivx", (int)(c < 128 ? c : 'z')) &&
            !(s->n <= 2 && g_unichar_isalpha(c)))
            return false;
    }
    return true;
}

/* Evidence of a table on the row of segments SEGS[a..b): three segments
 * or more, or two whose second starts at an x already seen in STARTS (a
 * column); a list label within 3 em of its text (a hanging list) does not
 * count, a code column farther off does. */
static bool row_hint(const lt_page *p, guint a, guint b, GArray *starts)
{
    if (b - a < 2 || in_band(p, SEG(p, a)))
        return false;
    const seg *l = SEG(p, a), *r = SEG(p, a + 1);
    if (b - a == 2 && is_label(p, l) && r->x0 - l->x1 < 3 * l->size)
        return false;
    bool hint = b - a >= 3;
    for (guint i = a + 1; i < b; i++) {
        double x = SEG(p, i)->x0;
        for (guint k = 0; k < starts->len && !hint; k++)
            hint = fabs(g_array_index(starts, double, k) - x) < 2;
        g_array_append_val(starts, x);
    }
    return hint;
}

/* True when single-line rows A and B are spaced like ruled rows: a gap
 * wider than prose leading (0.55 em) and narrower than a paragraph gap. */
static bool ruled_pitch(const seg *a, const seg *b)
{
    double em = fmax(a->size, b->size), gap = b->y0 - a->y1;
    return gap > 0.55 * em && gap < 1.2 * em && overlap(a->x0, a->x1, b->x0, b->x1) > 0;
}

/* Grow the y-range [*y0, *y1] over the rows of text that touch it (gaps
 * under 1.2 em), so that a table's rows without evidence are covered. */
static void grow_area(const lt_page *p, double *y0, double *y1)
{
    for (bool grew = true; grew;) {
        grew = false;
        for (guint i = 0; i < p->segs->len; i++) {
            const seg *s = SEG(p, i);
            double reach = 1.2 * s->size;
            if (s->y0 >= *y0 && s->y1 <= *y1)
                continue;
            if (s->y1 >= *y0 - reach && s->y0 <= *y1 + reach) {
                *y0 = fmin(*y0, s->y0);
                *y1 = fmax(*y1, s->y1);
                grew = true;
            }
        }
    }
}

/* True when the text geometry hints at a ruled table, with AREA set to
 * the band of the page to render: rows with table evidence (row_hint), or
 * four stacked single lines spaced as ruled rows (ruled_pitch), grown over
 * the text that touches them and then up to the text above and below.
 * Band lines do not count as evidence. */
static bool rules_area(const lt_page *p, ex_box *area)
{
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(double));
    double y0 = INFINITY, y1 = -INFINITY;
    int wide = 0;
    const seg *prev = NULL;
    for (guint a = 0, b; a < p->segs->len; a = b) {
        const seg *s = SEG(p, a);
        for (b = a + 1; b < p->segs->len && fabs(seg_cy(SEG(p, b)) - seg_cy(s)) < 0.4 * s->size; b++)
            ;
        bool hint = row_hint(p, a, b, starts);
        bool single = b - a == 1 && !in_band(p, s);
        wide = single && prev && ruled_pitch(prev, s) ? wide + 1 : 0;
        prev = single ? s : NULL;
        if (wide >= 3 || hint) {
            y0 = fmin(y0, wide >= 3 ? s->y0 - 4 * s->size : s->y0);
            y1 = fmax(y1, s->y1);
        }
    }
    g_array_free(starts, TRUE);
    if (y0 > y1)
        return false;
    grow_area(p, &y0, &y1);
    /* A cell may hold far less text than its row is tall: the rules can
     * lie anywhere in the empty strips up to the text above and below. */
    double top = 0, bottom = p->pg->height;
    for (guint i = 0; i < p->segs->len; i++) {
        const seg *s = SEG(p, i);
        if (s->y1 < y0)
            top = fmax(top, s->y1);
        if (s->y0 > y1)
            bottom = fmin(bottom, s->y0);
    }
    *area = (ex_box){ 0, top, p->pg->width, bottom };
    return true;
}

/* True for a glyph of the watermark: one marked so, or a big letter of
 * it taken for vertical text (poppler stacks the boxes of slanted glyphs). */
static bool in_watermark(const lt_page *p, size_t i)
{
    return p->noise[i] &&
           (strcmp(p->noise[i], "watermark") == 0 || p->pg->g[i].size >= 2 * p->body);
}

/* A copy of the page without the watermark's glyphs (WATERMARK false), so
 * that rendering blanks text and margin notes but not the watermark's big
 * boxes (which would cut rules), or with only the watermark's glyphs (the
 * veil over the rules). */
static ex_page body_glyphs(const lt_page *p, bool watermark)
{
    ex_page b = { p->pg->width, p->pg->height, g_new(ex_glyph, p->pg->n + 1), 0 };
    for (size_t i = 0; i < p->pg->n; i++)
        if (watermark == in_watermark(p, i))
            b.g[b.n++] = p->pg->g[i];
    return b;
}

static int find_rules(layout_doc *doc, int index, lt_page *p, poa_error *err)
{
    ex_box area;
    if (!rules_area(p, &area))
        return 0;
    if (doc->dry >= LT_DRY_RENDERS && ++doc->skipped < LT_PROBE_EVERY)
        return 0;
    doc->skipped = 0;
    p->rendered = true;
    ex_page b = body_glyphs(p, false), veil = body_glyphs(p, true);
    int rc = extract_rules(doc->ex, index, &b, &veil, &area, LT_RULE_SCALE, 0.8 * p->body,
                           &p->rules, err);
    extract_page_release(&veil);
    extract_page_release(&b);
    if (rc == 0 && p->rules.n)
        split_rows(p);
    return rc;
}

/* ---- cells ------------------------------------------------------------ */

/* The rule nearest to segment S on one side; NAN when none.  SIDE: 0 left,
 * 1 right, 2 above, 3 below. */
static double nearest_rule(const lt_page *p, const seg *s, int side)
{
    double best = NAN, cy = seg_cy(s), tol = 0.25 * s->size;
    for (size_t i = 0; i < p->rules.n; i++) {
        const ex_rule *r = &p->rules.v[i];
        double v;
        if (side < 2) {
            if (is_hrule(r) || r->y0 > cy || r->y1 < cy)
                continue;
            v = r->x0;
            if (side == 0 ? v > s->x0 + tol : v < s->x1 - tol)
                continue;
        } else {
            if (!is_hrule(r) || overlap(r->x0, r->x1, s->x0, s->x1) < 0.5 * (s->x1 - s->x0))
                continue;
            v = r->y0;
            if (side == 2 ? v > cy : v < cy)
                continue;
        }
        if (isnan(best) || (side % 2 == 0 ? v > best : v < best))
            best = v;
    }
    return best;
}

/* Index of the cell with box C (within 2 pt), adding it when new. */
static int cell_intern(lt_page *p, const cell *c)
{
    for (guint i = 0; i < p->cells->len; i++) {
        const cell *d = CELL(p, i);
        if (fabs(d->l - c->l) < 2 && fabs(d->r - c->r) < 2 && fabs(d->t - c->t) < 2 &&
            fabs(d->b - c->b) < 2)
            return (int)i;
    }
    g_array_append_val(p->cells, *c);
    return (int)p->cells->len - 1;
}

/* Put every segment enclosed by rules on four sides into its cell. */
static void assign_cells(lt_page *p)
{
    for (guint i = 0; i < p->segs->len && p->rules.n; i++) {
        seg *s = SEG(p, i);
        cell c = { nearest_rule(p, s, 0), nearest_rule(p, s, 2), nearest_rule(p, s, 1),
                   nearest_rule(p, s, 3), -1, 0 };
        if (!isnan(c.l) && !isnan(c.t) && !isnan(c.r) && !isnan(c.b))
            s->cell = cell_intern(p, &c);
    }
}

/* Shrink every cell that holds free text (a segment with no cell, such as
 * an objective's paragraph between two tables) to the side of that text
 * where its own segments are: a rule missed on the render must not make
 * one cell of two tables and the prose between them. */
static void clip_cells(lt_page *p)
{
    for (guint c = 0; c < p->cells->len; c++) {
        cell *k = CELL(p, c);
        double top = INFINITY;
        for (guint i = 0; i < p->segs->len; i++)
            if (SEG(p, i)->cell == (int)c)
                top = fmin(top, SEG(p, i)->y0);
        for (guint i = 0; i < p->segs->len; i++) {
            const seg *s = SEG(p, i);
            if (s->cell >= 0 || s->drop || seg_cy(s) <= k->t || seg_cy(s) >= k->b ||
                overlap(s->x0, s->x1, k->l, k->r) <= 0)
                continue;
            if (s->y0 >= top)
                k->b = s->y0;
            else
                k->t = s->y1;
        }
    }
}

/* Join the segments of one row inside one cell into one segment: inside a
 * cell a wide space is justification, never a gutter (a justified cell
 * line otherwise comes out one word per line). */
static void join_cell_rows(lt_page *p)
{
    guint out = 0;
    for (guint i = 0; i < p->segs->len; i++) {
        seg *s = SEG(p, i);
        seg *last = out ? SEG(p, out - 1) : NULL;
        if (last && s->cell >= 0 && s->cell == last->cell && s->first == last->first + last->n &&
            fabs(seg_cy(s) - seg_cy(last)) < 0.4 * fmax(s->size, last->size)) {
            seg joined = seg_make(p, last->first, last->n + s->n);
            joined.cell = last->cell;
            *last = joined;
            continue;
        }
        *SEG(p, out++) = *s;
    }
    g_array_set_size(p->segs, out);
}

/* ---- unruled keyed tables ---------------------------------------------- */

/* A keyed table is a narrow column of short numbers (the keys) beside one
 * or more text columns, with no rules: each key is aligned with the first
 * line of its text, and every line down to the next key belongs to its
 * row.  Its rows and columns become cells, as if ruled. */

/* True for a row key: a free segment of at most 6 glyphs, a digit first,
 * then digits and code punctuation ("7", "12", "3.", "1.2", "4)"). */
static bool is_key(const lt_page *p, const seg *s)
{
    if (s->n > 6 || s->cell >= 0 || s->drop)
        return false;
    for (size_t k = s->first; k < s->first + s->n; k++) {
        gunichar c = p->pg->g[p->order[k]].ch;
        if (!g_unichar_isdigit(c) && (k == s->first || !strchr(".)-", (int)(c < 128 ? c : 'z'))))
            return false;
    }
    return true;
}

/* Index one past the last segment of the row that starts at segment A. */
static guint row_end(const lt_page *p, guint a)
{
    const seg *s = SEG(p, a);
    guint b = a + 1;
    while (b < p->segs->len && fabs(seg_cy(SEG(p, b)) - seg_cy(s)) < 0.4 * s->size)
        b++;
    return b;
}

/* The key column of a table being grown: keys between X0 and X1, text
 * from TX on; EM is the size of the keys. */
typedef struct key_col {
    double x0, x1, tx, em;
} key_col;

/* True when segment S lies on the key side of key column K: it starts
 * before the middle of the gap between the keys and the text (a group
 * title such as "Servers" starts left of the keys and may reach the
 * text column's edge). */
static bool key_side(const seg *s, const key_col *k)
{
    return s->x0 < (k->x1 + k->tx) / 2;
}

static int keyed_rows(const lt_page *p, guint first, guint last, const key_col *k);

/* True when the row of segments [a, b) can belong to a keyed table with
 * key column K: free text, none of it running from the key side half an
 * em into the text column (a paragraph across the page ends the table).
 * A row in the page bands must be a key with text beside it (a table
 * continued at the top of a page), never a lone folio or a header.
 * LOOSE allows the straddling row. */
static bool row_fits(const lt_page *p, guint a, guint b, const key_col *k, bool loose)
{
    bool band = false;
    for (guint i = a; i < b; i++) {
        const seg *s = SEG(p, i);
        if (s->cell >= 0 || s->drop)
            return false;
        if (!loose && key_side(s, k) && s->x1 > k->tx + 0.5 * k->em)
            return false;
        band = band || in_band(p, s);
    }
    return !band || keyed_rows(p, a, b, k) == 1;
}

/* Start of the row before the one starting at segment A; A when none. */
static guint row_before(const lt_page *p, guint a)
{
    if (a == 0)
        return 0;
    guint b = a - 1;
    while (b > 0 && fabs(seg_cy(SEG(p, b - 1)) - seg_cy(SEG(p, a - 1))) < 0.4 * SEG(p, a - 1)->size)
        b--;
    return b;
}

/* Top and bottom of the segments [a, b). */
static void row_span(const lt_page *p, guint a, guint b, double *top, double *bot)
{
    *top = INFINITY, *bot = -INFINITY;
    for (guint i = a; i < b; i++)
        *top = fmin(*top, SEG(p, i)->y0), *bot = fmax(*bot, SEG(p, i)->y1);
}

/* True when row [a, b) fits key column K (row_fits, with a straddling
 * row allowed when LOOSE) and lies within 1.2 em of the table edge EDGE,
 * the table being below it when ABOVE. */
static bool fits_near(const lt_page *p, guint a, guint b, double edge, bool above,
                      const key_col *k, bool loose)
{
    double t, u;
    row_span(p, a, b, &t, &u);
    return (above ? edge - u : t - edge) <= 1.2 * k->em && row_fits(p, a, b, k, loose);
}

/* True when the row starting at segment A is a key with text beside it. */
static bool keyed_row(const lt_page *p, guint a, const key_col *k)
{
    return a < p->segs->len && keyed_rows(p, a, row_end(p, a), k) == 1;
}

/* Grow the table of seed row [a, b) over the rows above and below that
 * fit and lie within 1.2 em of it; sets [*first, *last).  A row reaching
 * from the key side into the text column (a group title over some rows)
 * is taken only between a fitting row and a keyed row. */
static void keyed_grow(const lt_page *p, guint a, guint b, const key_col *k, guint *first,
                       guint *last)
{
    double top, bot, t, u;
    row_span(p, a, b, &top, &bot);
    for (*first = a; *first > 0;) {
        guint r = row_before(p, *first);
        row_span(p, r, *first, &t, &u);
        bool ok = fits_near(p, r, *first, top, true, k, false);
        if (!ok && r > 0 && keyed_row(p, *first, k) && fits_near(p, r, *first, top, true, k, true))
            ok = fits_near(p, row_before(p, r), r, t, true, k, false);
        if (!ok)
            break;
        *first = r, top = t;
    }
    for (*last = b; *last < p->segs->len;) {
        guint e = row_end(p, *last);
        row_span(p, *last, e, &t, &u);
        bool ok = fits_near(p, *last, e, bot, false, k, false);
        if (!ok && keyed_row(p, e, k) && fits_near(p, *last, e, bot, false, k, true))
            ok = fits_near(p, e, row_end(p, e), u, false, k, false);
        if (!ok)
            break;
        *last = e, bot = u;
    }
}

/* The text columns of segments [first, last): x intervals of the text
 * side separated by gaps of at least 1 em, each in COLS as (x0, x1). */
static void text_columns(const lt_page *p, guint first, guint last, const key_col *k,
                         GArray *cols)
{
    g_array_set_size(cols, 0);
    for (bool grew = true; grew;) {
        grew = false;
        for (guint i = first; i < last; i++) {
            const seg *s = SEG(p, i);
            if (key_side(s, k))
                continue;
            guint c = 0;
            while (c < cols->len && (s->x0 > g_array_index(cols, ex_box, c).x1 + k->em ||
                                     s->x1 < g_array_index(cols, ex_box, c).x0 - k->em))
                c++;
            if (c == cols->len) {
                ex_box b = { s->x0, 0, s->x1, 0 };
                g_array_append_val(cols, b);
                grew = true;
                continue;
            }
            ex_box *b = &g_array_index(cols, ex_box, c);
            if (s->x0 < b->x0 || s->x1 > b->x1)
                grew = true;
            b->x0 = fmin(b->x0, s->x0), b->x1 = fmax(b->x1, s->x1);
        }
        for (guint c = 0; c + 1 < cols->len && !grew; c++)
            for (guint d = c + 1; d < cols->len && !grew; d++) {
                ex_box *x = &g_array_index(cols, ex_box, c), *y = &g_array_index(cols, ex_box, d);
                if (y->x0 <= x->x1 + k->em && y->x1 >= x->x0 - k->em) {
                    x->x0 = fmin(x->x0, y->x0), x->x1 = fmax(x->x1, y->x1);
                    g_array_remove_index(cols, d);
                    grew = true;
                }
            }
    }
}

static int cmp_box_x(const void *a, const void *b)
{
    const ex_box *x = a, *y = b;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* Make the cells of the keyed table on segments [first, last): a row
 * starts at every line with a segment on the key side (and at the top);
 * columns are the key column and the text columns, their edges halfway
 * across the gaps so that the cells touch and form one table. */
static void keyed_cells(lt_page *p, guint first, guint last, const key_col *k)
{
    GArray *cols = g_array_new(FALSE, FALSE, sizeof(ex_box));
    text_columns(p, first, last, k, cols);
    g_array_sort(cols, cmp_box_x);
    double x0 = INFINITY, x1 = -INFINITY, top, bot;
    row_span(p, first, last, &top, &bot);
    for (guint i = first; i < last; i++)
        x0 = fmin(x0, SEG(p, i)->x0), x1 = fmax(x1, SEG(p, i)->x1);
    double row_top = top;
    for (guint a = first, b; a < last; a = b) {
        b = row_end(p, a);
        double t, u;
        row_span(p, a, b, &t, &u);
        for (guint i = a; i < b && a > first; i++)
            if (key_side(SEG(p, i), k))
                row_top = t;
        double row_bot = bot;
        for (guint c = b, d; c < last && row_bot == bot; c = d) {
            d = row_end(p, c);
            for (guint i = c; i < d; i++)
                if (key_side(SEG(p, i), k))
                    row_bot = SEG(p, c)->y0;
        }
        for (guint i = a; i < b; i++) {
            seg *s = SEG(p, i);
            guint col = 0;
            while (!key_side(s, k) && col < cols->len && s->x0 > g_array_index(cols, ex_box, col).x1)
                col++;
            double l = x0, r = x1;
            if (key_side(s, k))
                r = cols->len ? (k->x1 + g_array_index(cols, ex_box, 0).x0) / 2 : x1;
            else {
                col = MIN(col, cols->len - 1);
                l = col ? (g_array_index(cols, ex_box, col - 1).x1 + g_array_index(cols, ex_box, col).x0) / 2
                        : (k->x1 + g_array_index(cols, ex_box, 0).x0) / 2;
                if (col + 1 < cols->len)
                    r = (g_array_index(cols, ex_box, col).x1 + g_array_index(cols, ex_box, col + 1).x0) / 2;
            }
            cell c = { l, row_top, r, row_bot, -1, 0 };
            s->cell = cell_intern(p, &c);
        }
    }
    g_array_free(cols, TRUE);
}

/* Number of rows in [first, last) that hold a key with text beside it. */
static int keyed_rows(const lt_page *p, guint first, guint last, const key_col *k)
{
    int n = 0;
    for (guint a = first, b; a < last; a = b) {
        b = row_end(p, a);
        bool key = false, text = false;
        for (guint i = a; i < b; i++) {
            key = key || (key_side(SEG(p, i), k) && is_key(p, SEG(p, i)));
            text = text || !key_side(SEG(p, i), k);
        }
        n += key && text;
    }
    return n;
}

/* The key column seeded by row [a, b): a key followed within 8 em by
 * free text on its line.  False when the row has none. */
static bool key_seed(const lt_page *p, guint a, guint b, key_col *k)
{
    for (guint i = a; i + 1 < b; i++) {
        const seg *s = SEG(p, i), *t = SEG(p, i + 1);
        double gap = t->x0 - s->x1;
        if (is_key(p, s) && t->cell < 0 && !t->drop && gap > 0 && gap <= 8 * s->size) {
            *k = (key_col){ s->x0, s->x1, t->x0, s->size };
            return true;
        }
    }
    return false;
}

/* Find the unruled keyed tables among the free segments and give their
 * segments cells (after the ruled cells, which they never cross). */
static void keyed_tables(lt_page *p)
{
    for (guint a = 0, b; a < p->segs->len; a = b) {
        b = row_end(p, a);
        key_col k;
        guint first, last;
        if (!key_seed(p, a, b, &k) || !row_fits(p, a, b, &k, false))
            continue;
        keyed_grow(p, a, b, &k, &first, &last);
        if (keyed_rows(p, first, last, &k) < 2)
            continue;
        keyed_cells(p, first, last, &k);
        b = last;
    }
}

/* ---- tables: cells that touch ----------------------------------------- */

static int uf_find(int *parent, int i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

static bool cells_touch(const cell *a, const cell *b)
{
    return overlap(a->l, a->r, b->l, b->r) > -3 && overlap(a->t, a->b, b->t, b->b) > -3;
}

/* Number the tables and each cell's column (rank of its left edge). */
static void build_tables(lt_page *p)
{
    int n = (int)p->cells->len;
    int *parent = g_new(int, n + 1);
    for (int i = 0; i < n; i++)
        parent[i] = i;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (cells_touch(CELL(p, i), CELL(p, j)))
                parent[uf_find(parent, i)] = uf_find(parent, j);
    int *table_of_root = g_new(int, n + 1);
    p->n_tables = 0;
    for (int i = 0; i < n; i++)
        table_of_root[i] = uf_find(parent, i) == i ? p->n_tables++ : -1;
    for (int i = 0; i < n; i++)
        CELL(p, i)->table = table_of_root[uf_find(parent, i)];
    g_free(table_of_root);
    g_free(parent);
    for (int i = 0; i < n; i++) {
        cell *c = CELL(p, i);
        c->column = 0;
        for (int j = 0; j < n; j++) {
            const cell *d = CELL(p, j);
            bool earlier = d->l < c->l - 2;
            for (int k = 0; k < j && earlier; k++)
                if (CELL(p, k)->table == d->table && fabs(CELL(p, k)->l - d->l) < 2)
                    earlier = false;
            if (d->table == c->table && earlier)
                c->column++;
        }
    }
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
static bool continues(const lt_page *p, const lt_block *k, const seg *s)
{
    const seg *last = SEG(p, g_array_index(k->segs, int, k->segs->len - 1));
    double em = fmax(last->size, s->size);
    double pitch = seg_cy(s) - seg_cy(last);
    if (pitch < 0.4 * em || pitch > 1.5 * em || overlap(last->x0, last->x1, s->x0, s->x1) <= 0)
        return false;
    if (fabs(last->size - s->size) > 0.05 * em || hrule_between(p, last, s))
        return false;
    if (k->pitch > 0 && pitch > 1.3 * k->pitch)
        return false; /* a wider gap: a new paragraph */
    if (k->segs->len == 1 && last->bold && !s->bold)
        return false; /* a bold heading line over plain text */
    bool short_prev = last->x1 < k->x1 - 2 * em;
    return !(short_prev && s->x0 > k->x0 + 1.0 * em);
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

/* Order IDX[0..n) in place: columns first, else the top band, else by y. */
static void xy_cut(const unit *u, int *idx, int n, double min_w)
{
    if (n < 2)
        return;
    g_qsort_with_data(idx, n, sizeof *idx, cmp_unit_x, (gpointer)u);
    int k = x_cut(u, idx, n, min_w);
    if (!k) {
        g_qsort_with_data(idx, n, sizeof *idx, cmp_unit_y, (gpointer)u);
        k = y_cut(u, idx, n);
    }
    if (!k)
        return;
    xy_cut(u, idx, k, min_w);
    xy_cut(u, idx + k, n - k, min_w);
}

/* ---- furniture -------------------------------------------------------- */

static char *seg_text(const lt_page *p, const seg *s);

/* Casefolded text with digits replaced by '#': equal for "Página 3" and
 * "Página 4".  Caller frees. */
static char *signature(const char *text)
{
    char *fold = g_utf8_casefold(text, -1);
    for (char *c = fold; *c; c++)
        if (*c >= '0' && *c <= '9')
            *c = '#';
    return fold;
}

/* Skip characters that are neither letters nor digits. */
static const char *skip_punct(const char *s)
{
    while (*s && !g_unichar_isalnum(g_utf8_get_char(s)))
        s = g_utf8_next_char(s);
    return s;
}

static const char *skip_digits(const char *s, int *count)
{
    *count = 0;
    while (*s >= '0' && *s <= '9') {
        s++;
        (*count)++;
    }
    return s;
}

/* The value of a folio: "3", "- 3 -", "3/40", "Página 3 de 40", "Pág. 3"
 * (READING_ORDER.md 3.6); -1 for any other text.  *STRONG is set when the
 * text names itself a page ("Página", "de 40", "/40"). */
static int folio_value(const char *text, bool *strong)
{
    char *low = g_utf8_casefold(text, -1);
    const char *s = skip_punct(low);
    static const char *const words[] = { "página", "pagina", "pág", "pag" };
    *strong = false;
    for (size_t i = 0; i < G_N_ELEMENTS(words) && !*strong; i++)
        if (g_str_has_prefix(s, words[i])) {
            s += strlen(words[i]);
            *strong = true;
        }
    while (*s == '.' || *s == ' ')
        s++;
    int d, value = atoi(s);
    s = skip_digits(s, &d);
    bool ok = d >= 1 && d <= 4;
    while (ok && (*s == ' ' || *s == '/'))
        s++;
    if (ok && (g_str_has_prefix(s, "de ") || s[-1] == '/')) {
        s += s[-1] == '/' ? 0 : 3;
        while (*s == ' ')
            s++;
        s = skip_digits(s, &d);
        *strong = *strong || d > 0;
    }
    ok = ok && *skip_punct(s) == '\0';
    g_free(low);
    return ok ? value : -1;
}

static bool in_band(const lt_page *p, const seg *s)
{
    double cy = seg_cy(s), h = p->pg->height;
    return cy < LT_TOP_BAND * h || cy > LT_BOTTOM_BAND * h;
}

/* Append the signatures of the page's free band segments to OUT. */
static void collect_bands(const lt_page *p, GArray *out)
{
    for (guint i = 0; i < p->segs->len; i++) {
        const seg *s = SEG(p, i);
        if (s->cell >= 0 || !in_band(p, s))
            continue;
        char *text = seg_text(p, s);
        bool strong;
        band_sig b = { signature(text), seg_cy(s), folio_value(text, &strong) };
        g_free(text);
        g_array_append_val(out, b);
    }
}

static void bands_clear(GArray *a)
{
    for (guint i = 0; i < a->len; i++)
        g_free(g_array_index(a, band_sig, i).sig);
    g_array_set_size(a, 0);
}

static bool band_seen(const GArray *a, const char *sig, double cy, double em)
{
    for (guint i = 0; a && i < a->len; i++) {
        const band_sig *b = &g_array_index(a, band_sig, i);
        if (fabs(b->cy - cy) <= fmax(0.6 * em, 4) && strcmp(b->sig, sig) == 0)
            return true;
    }
    return false;
}

/* True when S holds a letter: a bare number repeated at one height is a
 * table's data or a folio, never a running header. */
static bool has_letter(const char *s)
{
    for (; *s; s = g_utf8_next_char(s))
        if (g_unichar_isalpha(g_utf8_get_char(s)))
            return true;
    return false;
}

/* True when a band line of NEXT carries folio VALUE near height CY. */
static bool folio_in(const GArray *next, int value, double cy, double em)
{
    for (guint i = 0; next && i < next->len; i++) {
        const band_sig *b = &g_array_index(next, band_sig, i);
        if (b->folio == value && fabs(b->cy - cy) <= fmax(2 * em, 6))
            return true;
    }
    return false;
}

/* True when VALUE on page INDEX continues the folio sequence: one more per
 * page than the last folio (sumcheck #2: folios never repeat), or, with
 * no folio on the pages just before, one less than a folio at the same
 * height on the next page (or the page's own number on a last page). */
static bool folio_fits(const layout_doc *doc, int index, int value, double cy, double em,
                       const GArray *next)
{
    if (doc->folio_page >= 0 && index - doc->folio_page <= LT_HISTORY)
        return value == doc->folio + (index - doc->folio_page);
    if (next)
        return folio_in(next, value + 1, cy, em);
    return value == index + 1;
}

/* True when band line SIG at CY appears on one of the remembered pages
 * before INDEX or on NEXT. */
static bool band_repeated(const layout_doc *doc, int index, const GArray *next, const char *sig,
                          double cy, double em)
{
    for (int h = 0; h < LT_HISTORY; h++)
        if (doc->hist_index[h] >= 0 && index - doc->hist_index[h] <= LT_HISTORY &&
            band_seen(doc->hist[h], sig, cy, em))
            return true;
    return band_seen(next, sig, cy, em);
}

static void split_folio(lt_page *p, guint si, int value);

/* True for a heading in the top band below another line: a section title
 * repeated on each page of its section (igp's "VI. Situación Actual" over
 * four FODA pages), kept the first time, dropped when seen before. */
static bool under_header(const lt_page *p, const seg *s)
{
    if (s->size < 1.15 * p->body || seg_cy(s) > p->pg->height / 2)
        return false;
    for (guint i = 0; i < p->segs->len; i++)
        if (SEG(p, i)->y1 < s->y0)
            return true;
    return false;
}
static int glued_folio(const lt_page *p, const seg *s, bool leading);

/* Mark page numbers (READING_ORDER.md 3.6) and the band lines repeated on
 * nearby pages, on page INDEX; free band lines only, never a ruled cell. */
static void mark_furniture(layout_doc *doc, lt_page *p, int index, const GArray *next)
{
    int accepted = -1;
    for (guint i = 0; i < p->segs->len; i++) {
        seg *s = SEG(p, i);
        if (s->cell >= 0 || !in_band(p, s))
            continue;
        char *text = seg_text(p, s);
        char *sig = signature(text);
        bool top = seg_cy(s) < p->pg->height / 2, strong;
        int v = folio_value(text, &strong);
        if (v >= 0 && (strong || folio_fits(doc, index, v, seg_cy(s), s->size, next))) {
            s->drop = "page number";
            accepted = v;
        } else if (has_letter(sig) &&
                   band_repeated(doc, index, under_header(p, s) ? NULL : next, sig, seg_cy(s),
                                 s->size)) {
            s->drop = top ? "running header" : "running footer";
        } else if (v < 0 && doc->folio_page >= 0) {
            int want = doc->folio + (index - doc->folio_page);
            for (int lead = 1; lead >= 0; lead--)
                if (glued_folio(p, s, lead) == want) {
                    split_folio(p, i, lead); /* moves the segment array */
                    accepted = want;
                    break;
                }
        }
        g_free(sig);
        g_free(text);
    }
    if (accepted >= 0) {
        doc->folio = accepted;
        doc->folio_page = index;
    }
}

/* The value of the digits that start (LEADING) or end segment S, set off
 * from the rest by a space of 0.15 em at least; -1 when none. */
static int glued_folio(const lt_page *p, const seg *s, bool leading)
{
    size_t n = 0;
    while (n < s->n && n < 5) {
        size_t k = leading ? s->first + n : s->first + s->n - 1 - n;
        if (!g_unichar_isdigit(p->pg->g[p->order[k]].ch))
            break;
        n++;
    }
    if (n == 0 || n > 4 || n == s->n)
        return -1;
    const ex_glyph *a = &p->pg->g[p->order[leading ? s->first + n - 1 : s->first + s->n - n - 1]];
    const ex_glyph *b = &p->pg->g[p->order[leading ? s->first + n : s->first + s->n - n]];
    if (b->x0 - a->x1 < 0.15 * fmax(a->size, b->size) && !a->space_after)
        return -1;
    int v = 0;
    for (size_t j = 0; j < n; j++) {
        size_t k = leading ? s->first + j : s->first + s->n - n + j;
        v = v * 10 + (int)g_unichar_digit_value(p->pg->g[p->order[k]].ch);
    }
    return v;
}

/* Split the folio digits off the start (LEADING) or end of segment SI into
 * a segment of their own, dropped as a page number, placed beside it in
 * its block. */
static void split_folio(lt_page *p, guint si, int leading)
{
    seg *s = SEG(p, si);
    size_t n = 0;
    while (n < s->n && g_unichar_isdigit(p->pg->g[p->order[leading ? s->first + n : s->first + s->n - 1 - n]].ch))
        n++;
    size_t first = s->first, total = s->n;
    int block = s->block;
    size_t num_first = leading ? first : first + total - n;
    size_t rest_first = leading ? first + n : first;
    /* recompute both boxes from their glyphs */
    seg_set(p, si, rest_first, total - n);
    seg_add(p, num_first, n);
    guint ni = p->segs->len - 1;
    SEG(p, ni)->drop = "page number";
    SEG(p, ni)->block = block;
    GArray *segs = BLOCK(p, block)->segs;
    for (guint j = 0; j < segs->len; j++)
        if (g_array_index(segs, int, j) == (int)si) {
            int v = (int)ni;
            g_array_insert_val(segs, leading ? j : j + 1, v);
            break;
        }
}

/* ---- output ------------------------------------------------------------ */

/* The text of a segment: glyphs in x order, a space at gaps of 0.15 em or
 * where poppler put one, overprinted duplicates (fake bold) skipped; NFC.
 * Text below U+0300 is NFC already (no character there has NFC_QC No or
 * Maybe, UAX #15), so it skips the normaliser. */
static char *seg_text(const lt_page *p, const seg *s)
{
    GString *out = g_string_sized_new(s->n * 2 + 8);
    const ex_glyph *prev = NULL;
    gunichar top = 0;
    for (size_t k = s->first; k < s->first + s->n; k++) {
        const ex_glyph *g = &p->pg->g[p->order[k]];
        if (prev) {
            double em = fmax(prev->size, g->size), gap = g->x0 - prev->x1;
            if (g->ch == prev->ch && fabs(g->x0 - prev->x0) < 0.1 * em &&
                fabs(g->y0 - prev->y0) < 0.2 * em)
                continue;
            if (gap >= 0.15 * em || (prev->space_after && gap > 0.03 * em))
                g_string_append_c(out, ' ');
        }
        char utf8[6];
        g_string_append_len(out, utf8, g_unichar_to_utf8(g->ch, utf8));
        top = MAX(top, g->ch);
        prev = g;
    }
    if (top < 0x300)
        return g_string_free(out, FALSE);
    char *nfc = util_nfc(out->str, (gssize)out->len);
    g_string_free(out, TRUE);
    return nfc;
}

/* Append segment S as a line. */
static void emit_seg(const lt_page *p, int page_no, const seg *s, unsigned flags, int block_no,
                     int column, poa_lines *out)
{
    poa_line line = { 0 };
    line.text = seg_text(p, s);
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

/* Flags of a line: HEADING when larger than body, or a short bold block in
 * a plain body; PAGE_START on the first body line. */
static unsigned line_flags(const lt_page *p, emitter *e, const seg *s, const lt_block *k)
{
    unsigned f = 0;
    if (s->size >= 1.15 * p->body || (s->bold && k->segs->len <= 2 && s->cell < 0))
        f |= POA_LINE_HEADING;
    if (!s->drop && !e->started) {
        f |= POA_LINE_PAGE_START;
        e->started = true;
    }
    return f;
}

static void emit_block(const lt_page *p, emitter *e, int bi, unsigned first_flags)
{
    const lt_block *k = BLOCK(p, bi);
    for (guint j = 0; j < k->segs->len; j++) {
        const seg *s = SEG(p, g_array_index(k->segs, int, j));
        unsigned f = line_flags(p, e, s, k);
        if (j == 0)
            f |= POA_LINE_BLOCK_START | first_flags;
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
        u[(*n)++] = (unit){ INFINITY, INFINITY, -INFINITY, -INFINITY, -1, t };
    for (guint i = 0; i < p->blocks->len; i++) {
        const lt_block *k = BLOCK(p, i);
        const seg *s = SEG(p, g_array_index(k->segs, int, 0));
        unit *v = s->cell >= 0 ? &u[CELL(p, s->cell)->table] : &u[(*n)++];
        if (s->cell < 0)
            *v = (unit){ k->x0, k->y0, k->x1, k->y1, (int)i, -1 };
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
    xy_cut(u, idx, n, 4 * p->body);
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

/* Noise glyphs, one dropped line per reason, in x order.  Reasons are
 * compared as strings, never as pointers: two equal literals may be two
 * objects (they were, in an AddressSanitizer build with the marking in
 * another file, and every dropped line vanished). */
static void emit_noise(lt_page *p, int page_no, int block_no, poa_lines *out)
{
    static const char *const reasons[] = { "watermark", "vertical text" };
    for (size_t r = 0; r < G_N_ELEMENTS(reasons); r++) {
        p->n_order = 0;
        for (size_t i = 0; i < p->pg->n; i++)
            if (p->noise[i] && strcmp(p->noise[i], reasons[r]) == 0)
                p->order[p->n_order++] = i;
        if (!p->n_order)
            continue;
        if (reasons[r][0] == 'w') /* content order reads a vertical note */
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

/* ---- the page pipeline ------------------------------------------------ */

static void lt_page_init(lt_page *p, const ex_page *pg)
{
    memset(p, 0, sizeof *p);
    p->pg = pg;
    p->noise = g_new0(const char *, pg->n + 1);
    p->order = g_new(size_t, pg->n + 1);
    p->segs = g_array_new(FALSE, FALSE, sizeof(seg));
    p->rows = g_array_new(FALSE, FALSE, sizeof(size_t));
    p->cells = g_array_new(FALSE, FALSE, sizeof(cell));
    p->blocks = g_array_new(FALSE, FALSE, sizeof(lt_block));
}

static void lt_page_release(lt_page *p)
{
    for (guint i = 0; i < p->blocks->len; i++)
        g_array_free(BLOCK(p, i)->segs, TRUE);
    g_array_free(p->blocks, TRUE);
    g_array_free(p->cells, TRUE);
    g_array_free(p->segs, TRUE);
    g_array_free(p->rows, TRUE);
    extract_rules_release(&p->rules);
    g_free(p->order);
    g_free(p->noise);
}

/* The noise and the segments (without rules) of page PG. */
static void lt_page_start(lt_page *p, const ex_page *pg)
{
    lt_page_init(p, pg);
    mark_noise(p);
    build_segments(p);
}

/* Free the page kept in DOC->pre, if any. */
static void pre_clear(layout_doc *doc)
{
    if (!doc->pre)
        return;
    lt_page_release(doc->pre);
    g_free(doc->pre);
    doc->pre = NULL;
}

/* Segments of the page read ahead, without rules: enough for its band
 * signatures.  Kept in DOC->pre, so that laying that page out next does
 * not find its noise and segments again. */
static void bands_of(layout_doc *doc, GArray *out)
{
    pre_clear(doc);
    doc->pre = g_new(lt_page, 1);
    lt_page_start(doc->pre, &doc->ahead);
    collect_bands(doc->pre, out);
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
    return extract_page(doc->ex, index, pg, err);
}

/* Read page INDEX+1 ahead and return its band signatures (caller frees
 * with bands_clear + g_array_free), or NULL at the last page. */
static GArray *next_bands(layout_doc *doc, int index)
{
    if (index + 1 >= extract_page_count(doc->ex))
        return NULL;
    pre_clear(doc);
    extract_page_release(&doc->ahead);
    doc->ahead_index = -1;
    poa_error ignored = POA_ERROR_INIT; /* the page reports its own error when laid out */
    if (extract_page(doc->ex, index + 1, &doc->ahead, &ignored) < 0)
        return NULL;
    doc->ahead_index = index + 1;
    GArray *a = g_array_new(FALSE, FALSE, sizeof(band_sig));
    bands_of(doc, a);
    return a;
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
        lt_page_start(&p, pg);
    }
    int rc = find_rules(doc, index, &p, err);
    if (rc == 0) {
        assign_cells(&p);
        join_cell_rows(&p);
        clip_cells(&p);
        if (p.rendered)
            doc->dry = p.cells->len ? 0 : doc->dry + 1;
        keyed_tables(&p);
        free_body_size(&p);
        build_tables(&p);
        build_blocks(&p);
        GArray *next = next_bands(doc, index);
        mark_furniture(doc, &p, index, next);
        if (next) {
            bands_clear(next);
            g_array_free(next, TRUE);
        }
        emit_page(&p, index + 1, out);
        emit_noise(&p, index + 1, (int)p.blocks->len, out);
        GArray *slot = doc->hist[index % LT_HISTORY];
        bands_clear(slot);
        collect_bands(&p, slot);
        doc->hist_index[index % LT_HISTORY] = index;
    }
    lt_page_release(&p);
    return rc;
}

/* ---- public API ------------------------------------------------------- */

layout_doc *layout_open(const char *data, size_t len, const char *name,
                        const char *password, poa_error *err)
{
    ex_doc *ex = extract_open(data, len, name ? name : "PDF", password, err);
    if (!ex)
        return NULL;
    layout_doc *doc = g_new0(layout_doc, 1);
    doc->ex = ex;
    doc->name = g_strdup(name ? name : "PDF");
    doc->ahead_index = -1;
    for (int h = 0; h < LT_HISTORY; h++) {
        doc->hist[h] = g_array_new(FALSE, FALSE, sizeof(band_sig));
        doc->hist_index[h] = -1;
    }
    doc->folio_page = -1;
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

void layout_close(layout_doc *doc)
{
    if (!doc)
        return;
    pre_clear(doc);
    extract_page_release(&doc->ahead);
    for (int h = 0; h < LT_HISTORY; h++) {
        bands_clear(doc->hist[h]);
        g_array_free(doc->hist[h], TRUE);
    }
    g_free(doc->name);
    extract_close(doc->ex);
    g_free(doc);
}
