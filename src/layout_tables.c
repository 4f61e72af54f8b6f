/* layout_tables.c - ruling lines, ruled cells and tables.
 *
 * Owns when and where a page is rendered to look for ruling lines (text
 * hinting at a table, the watermark kept apart from the render), the
 * ruled cells (a segment enclosed by rules on four sides), their clipping
 * and the joining of a cell's justified rows, and the numbering of tables
 * (cells that touch) and of each cell's column.
 */
#include "layout_internal.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>

/* After this many renders in a row without a ruled cell the document's
 * tables are taken to be unruled: hinted pages are rendered again only
 * once every LT_PROBE_EVERY pages, to notice a ruled table after all. */
#define LT_DRY_RENDERS 3
#define LT_PROBE_EVERY 6
/* Render scale for ruling lines: a pixel per 2 pt still catches hairlines
 * (rendered without antialiasing) and keeps the scan cheap. */
#define LT_RULE_SCALE 0.5
/* A ruling line shorter than this many body ems is a dash, a bullet or a
 * box of a check list, no cell's side. */
#define LT_RULE_MIN 0.8

/* ---- when and where to look for ruling lines --------------------------- */

/* The scale at which to render the page after P (just laid out) before
 * its text is read, or 0.  A ruled table that filled P most likely goes
 * on over the next page: rendering that page first gives poppler's text
 * as a by-product, where a render after the text reads the page twice.
 * A wrong guess costs one render, never a different result (the band is
 * cut from the same pixel grid it would be rendered on). */
double layout_tables_render_ahead(const layout_doc *doc, const lt_page *p)
{
    return p->rendered && p->cells->len && doc->dry == 0 ? LT_RULE_SCALE : 0;
}

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

/* A label and its value on one row stand within this many ems: a form's
 * line, no table's row. */
#define LT_LABEL_GAP 3.0

/* Evidence of a table on the row of segments SEGS[a..b): three segments
 * or more, or two whose second starts at an x already seen in STARTS (a
 * column); a list label within 3 em of its text (a hanging list) does not
 * count, a code column farther off does.  A row in the page's top or
 * bottom band is no evidence unless BAND (a running header may come in
 * parts), but its columns are seen (a table's header row repeated at the
 * top of the page). */
static bool row_hint(const lt_page *p, guint a, guint b, GArray *starts, bool band)
{
    if (b - a < 2)
        return false;
    const seg *l = SEG(p, a), *r = SEG(p, a + 1);
    if (b - a == 2 && is_label(p, l) && r->x0 - l->x1 < LT_LABEL_GAP * l->size)
        return false;
    bool hint = b - a >= 3;
    for (guint i = a + 1; i < b; i++) {
        double x = SEG(p, i)->x0;
        for (guint k = 0; k < starts->len && !hint; k++)
            hint = fabs(g_array_index(starts, double, k) - x) < 2;
        g_array_append_val(starts, x);
    }
    return hint && (band || !in_band(p, l));
}

/* The gap between the lines of prose, bottom to top, at most (ems): a
 * ruled table's rows stand farther apart. */
#define LT_PROSE_LEADING 0.55

/* True when single-line rows A and B are spaced like ruled rows: a gap
 * wider than prose leading and narrower than a paragraph gap. */
static bool ruled_pitch(const seg *a, const seg *b)
{
    double em = fmax(a->size, b->size), gap = b->y0 - a->y1;
    return gap > LT_PROSE_LEADING * em && gap < LT_LINE_GAP * em &&
           overlap(a->x0, a->x1, b->x0, b->x1) > 0;
}

/* Grow the y-range [*y0, *y1] over the rows of text that touch it (gaps
 * under 1.2 em), so that a table's rows without evidence are covered. */
static void grow_area(const lt_page *p, double *y0, double *y1)
{
    for (bool grew = true; grew;) {
        grew = false;
        for (guint i = 0; i < p->segs->len; i++) {
            const seg *s = SEG(p, i);
            double reach = LT_LINE_GAP * s->size;
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
 * Band lines count as evidence only when BAND: on a page rendered whole
 * already, as one is where the page before ended in a ruled table, whose
 * header row repeats at the top of this one. */
static bool rules_area(const lt_page *p, ex_box *area, bool band)
{
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(double));
    double y0 = INFINITY, y1 = -INFINITY;
    int wide = 0;
    const seg *prev = NULL;
    for (guint a = 0, b; a < p->segs->len; a = b) {
        const seg *s = SEG(p, a);
        for (b = a + 1;
             b < p->segs->len && fabs(seg_cy(SEG(p, b)) - seg_cy(s)) < LT_SAME_ROW * s->size; b++)
            ;
        bool hint = row_hint(p, a, b, starts, band);
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
    return p->noise[i] == POA_DROP_WATERMARK ||
           (p->noise[i] != POA_DROP_NONE && p->pg->g[i].size >= LT_BIG_LETTER * p->body);
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

/* ---- frames: a border around the text, not a table ------------------ */

static int uf_find(int *parent, int i);

/* True when rules A and B meet, within TOL: crossing, touching end to
 * side, or end to end. */
static bool rules_meet(const ex_rule *a, const ex_rule *b, double tol)
{
    return overlap(a->x0, a->x1, b->x0, b->x1) >= -tol &&
           overlap(a->y0, a->y1, b->y0, b->y1) >= -tol;
}

/* True when rule R lies on an edge of box B (within TOL). */
static bool on_edge(const ex_rule *r, const ex_box *b, double tol)
{
    if (is_hrule(r))
        return fabs(r->y0 - b->y0) <= tol || fabs(r->y0 - b->y1) <= tol;
    return fabs(r->x0 - b->x0) <= tol || fabs(r->x0 - b->x1) <= tol;
}

/* Group the rules that meet (union-find); GROUP[i] is rule i's root. */
static void group_rules(const ex_rules *rules, int *group, double tol)
{
    int n = (int)rules->n;
    for (int i = 0; i < n; i++)
        group[i] = i;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (rules_meet(&rules->v[i], &rules->v[j], tol))
                group[uf_find(group, i)] = uf_find(group, j);
    for (int i = 0; i < n; i++)
        group[i] = uf_find(group, i);
}

/* A frame around the page's tables is at least this share of the page
 * wide. */
#define LT_FRAME_WIDTH 0.5

/* True when the rules of group G are a frame: all on the edges of their
 * box, half the page wide or more, around the rules of another group. */
static bool is_frame(const lt_page *p, const int *group, int g, double tol)
{
    ex_box b = { INFINITY, INFINITY, -INFINITY, -INFINITY };
    for (size_t i = 0; i < p->rules.n; i++)
        if (group[i] == g) {
            const ex_rule *r = &p->rules.v[i];
            b.x0 = fmin(b.x0, r->x0), b.y0 = fmin(b.y0, r->y0);
            b.x1 = fmax(b.x1, r->x1), b.y1 = fmax(b.y1, r->y1);
        }
    if (b.x1 - b.x0 < LT_FRAME_WIDTH * p->pg->width)
        return false;
    bool around = false;
    for (size_t i = 0; i < p->rules.n; i++) {
        const ex_rule *r = &p->rules.v[i];
        if (group[i] == g && !on_edge(r, &b, tol))
            return false;
        if (group[i] != g && r->x0 > b.x0 + tol && r->x1 < b.x1 - tol && r->y0 > b.y0 + tol &&
            r->y1 < b.y1 - tol)
            around = true;
    }
    return around;
}

/* Drop a border drawn around the page's text (a word processor's page
 * border, a box around a chapter) when tables lie inside it: its sides and
 * a table's edges would enclose the text between them as if it were a
 * cell.  A frame touches none of the rules inside it; a table's own edges
 * meet its inner rules. */
static void drop_frames(lt_page *p)
{
    const double tol = 3;
    int *group = g_new(int, p->rules.n + 1);
    group_rules(&p->rules, group, tol);
    bool *frame = g_new0(bool, p->rules.n + 1);
    for (size_t i = 0; i < p->rules.n; i++)
        if (group[i] == (int)i)
            frame[i] = is_frame(p, group, (int)i, tol);
    size_t out = 0;
    for (size_t i = 0; i < p->rules.n; i++)
        if (!frame[group[i]])
            p->rules.v[out++] = p->rules.v[i];
    p->rules.n = out;
    g_free(frame);
    g_free(group);
}

int layout_tables_find_rules(layout_doc *doc, int index, lt_page *p, poa_error *err)
{
    ex_box area;
    /* a dry document is spared renders; rules read from the paths still come */
    bool may_render = doc->dry < LT_DRY_RENDERS || doc->skipped + 1 >= LT_PROBE_EVERY;
    if (!rules_area(p, &area, extract_page_whole(doc->ex, index, LT_RULE_SCALE))) {
        /* no row of text hints at a table (its cells' texts run together,
         * a table at the page's foot), but the paths, already read, draw
         * lines: they are had without a render */
        if (!extract_page_inked(doc->ex, index))
            return 0;
        area = (ex_box){ 0, 0, p->pg->width, p->pg->height };
        may_render = false;
    }
    bool rendered = false;
    ex_page b = body_glyphs(p, false), veil = body_glyphs(p, true);
    ex_rules_query q = { index, &b, &veil, &area, LT_RULE_SCALE, LT_RULE_MIN * p->body,
                         may_render };
    int rc = extract_rules(doc->ex, &q, &rendered, &p->rules, err);
    if (rendered)
        doc->skipped = 0, p->rendered = true;
    else if (!may_render)
        doc->skipped++;
    extract_page_release(&veil);
    extract_page_release(&b);
    if (rc == 0)
        drop_frames(p);
    if (rc == 0 && p->rules.n)
        layout_split_rows(p);
    return rc;
}

/* ---- cells ------------------------------------------------------------ */

/* How far (ems) a rule may run into a segment's box and still stand on
 * its side of it: glyph boxes reach past the ink they hold. */
#define LT_RULE_TOL 0.25
/* A rule above or below a segment runs under at least this share of it. */
#define LT_RULE_UNDER 0.5

/* The rule nearest to segment S on one side; NAN when none.  SIDE: 0 left,
 * 1 right, 2 above, 3 below. */
static double nearest_rule(const lt_page *p, const seg *s, int side)
{
    double best = NAN, cy = seg_cy(s), tol = LT_RULE_TOL * s->size;
    for (size_t i = 0; i < p->rules.n; i++) {
        const ex_rule *r = &p->rules.v[i];
        double v;
        if (side < 2) {
            if (is_hrule(r) || r->y0 > cy || r->y1 < cy)
                continue;
            v = r->x0;
            /* the right rule is the first past the text's start: a word
             * too long for its cell runs over it (rule_between) */
            if (side == 0 ? v > s->x0 + tol : v <= s->x0 + tol)
                continue;
        } else {
            if (!is_hrule(r) || overlap(r->x0, r->x1, s->x0, s->x1) < LT_RULE_UNDER * (s->x1 - s->x0))
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
int layout_tables_cell_intern(lt_page *p, const cell *c)
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

/* True when a horizontal rule at Y (give or take TOL) reaches X. */
static bool hrule_reaches(const lt_page *p, double y, double x, double tol)
{
    for (size_t i = 0; i < p->rules.n; i++) {
        const ex_rule *r = &p->rules.v[i];
        if (is_hrule(r) && fabs(r->y0 - y) <= tol && r->x0 <= x + tol && r->x1 >= x - tol)
            return true;
    }
    return false;
}

/* True when the rules around box C meet at one of its corners at least.
 * Between two tables inside a page border, the border's sides and the
 * tables' edges enclose the heading there, but the tables' edges stop
 * short of the border at all four corners: no cell. */
static bool cornered(const lt_page *p, const cell *c, double em)
{
    /* a rounded corner (a web page's box) leaves up to about an em between
     * its straight sides; a table inside a page border stands farther off */
    double tol = 3 + em;
    return hrule_reaches(p, c->t, c->l, tol) || hrule_reaches(p, c->t, c->r, tol) ||
           hrule_reaches(p, c->b, c->l, tol) || hrule_reaches(p, c->b, c->r, tol);
}

/* Put every segment enclosed by rules on four sides into its cell. */
void layout_tables_assign_cells(lt_page *p)
{
    for (guint i = 0; i < p->segs->len && p->rules.n; i++) {
        seg *s = SEG(p, i);
        cell c = { nearest_rule(p, s, 0), nearest_rule(p, s, 2), nearest_rule(p, s, 1),
                   nearest_rule(p, s, 3), -1, 0 };
        if (!isnan(c.l) && !isnan(c.t) && !isnan(c.r) && !isnan(c.b) && cornered(p, &c, s->size))
            s->cell = layout_tables_cell_intern(p, &c);
    }
    p->ruled_cells = p->cells->len;
}

/* Shrink every cell that holds free text (a segment with no cell, such as
 * an objective's paragraph between two tables) to the side of that text
 * where its own segments are: a rule missed on the render must not make
 * one cell of two tables and the prose between them. */
void layout_tables_clip_cells(lt_page *p)
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
void layout_tables_join_cell_rows(lt_page *p)
{
    guint out = 0;
    for (guint i = 0; i < p->segs->len; i++) {
        seg *s = SEG(p, i);
        seg *last = out ? SEG(p, out - 1) : NULL;
        if (last && s->cell >= 0 && s->cell == last->cell && s->first == last->first + last->n &&
            fabs(seg_cy(s) - seg_cy(last)) < LT_SAME_ROW * fmax(s->size, last->size)) {
            seg joined = layout_seg_make(p, last->first, last->n + s->n);
            joined.cell = last->cell;
            *last = joined;
            continue;
        }
        *SEG(p, out++) = *s;
    }
    g_array_set_size(p->segs, out);
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
void layout_tables_build(lt_page *p)
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
