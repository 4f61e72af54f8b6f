/* rulings.c - the ruling lines of a page, from what it paints: the ink
 * areas of its paths (pdf_paths.c), or a pixel map of a render (made by
 * extract.c), with the glyphs of its text set apart (READING_ORDER.md 3.2).
 * Geometry only: no poppler, no cairo, so each route is tested on inputs
 * drawn by hand (tests/test_rulings.c).
 */
#include "rulings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Darkness (0 white .. 255 black) from which a pixel counts as ink. */
#define EX_INK 48
/* Darkness from which a lighter pixel counts as tint: a watermark or a
 * shading that may be painted over a rule (see bridge). */
#define EX_TINT 12

/* Thickest rule, in points; thicker ink is an area, only its edges count. */
#define EX_MAX_THICK 3.0
/* Collinear pieces closer than this (points) are one rule. */
#define EX_JOIN_GAP 2.0

/* The pixel size of a stroke's edge test, and how near two pieces of one
 * rule lie across (TOL) and along (GAP), in points, at SCALE pixels a
 * point: a piece is cut where a crossing rule interrupts the thin mask. */
static int thick_px(double scale)
{
    return ex_px_int(ceil(EX_MAX_THICK * scale)) + 1;
}

static double join_tol(double scale)
{
    return 1.5 / scale + 0.01;
}

static double join_gap(double scale)
{
    return EX_JOIN_GAP + (thick_px(scale) + 1) / scale;
}

/* ---- ruling lines on a render ---------------------------------------- */


/* Set the ink under the glyph boxes apart (PX_GLYPH) so that text,
 * underscores and dashes never read as rules.  The boxes span
 * the advance, side bearings included, so they cover the ink without
 * dilation, and a cell rule 0.1 em from the text survives.  A box also
 * spans the font's whole descent, where a rule drawn close under a line
 * of text runs: bridge_glyphs carries a rule found outside the boxes
 * across them.  (Done on the mask: filling thousands of boxes through
 * cairo costs more than the scan.) */
static void blank_glyphs(ink_map *m, const ex_page *page)
{
    for (size_t i = 0; i < page->n; i++) {
        const ex_glyph *g = &page->g[i];
        /* the pixels whose centre lies in the box, as cairo fills them */
        int x0 = ex_px_int(ceil((g->x0 - m->ox) * m->scale - 0.5));
        int x1 = ex_px_int(ceil((g->x1 - m->ox) * m->scale - 0.5));
        int y0 = ex_px_int(ceil((g->y0 - m->oy) * m->scale - 0.5));
        int y1 = ex_px_int(ceil((g->y1 - m->oy) * m->scale - 0.5));
        x0 = MAX(x0, 0), y0 = MAX(y0, 0), x1 = MIN(x1, m->w), y1 = MIN(y1, m->h);
        for (int y = y0; y < y1 && x0 < x1; y++) {
            unsigned char *q = m->px + (size_t)y * (size_t)m->w;
            for (int x = x0; x < x1; x++)
                if (q[x] == PX_INK)
                    q[x] = PX_GLYPH;
        }
    }
}

/* Mark the tint pixels of rectangle [x0, x1) x [y0, y1) of M within
 * distance R of segment A-B (pixels) as PX_VEIL. */
static void veil_capsule(ink_map *m, double ax, double ay, double bx, double by, double r)
{
    int x0 = MAX(ex_px_int(floor(fmin(ax, bx) - r)), 0), x1 = MIN(ex_px_int(ceil(fmax(ax, bx) + r)), m->w);
    int y0 = MAX(ex_px_int(floor(fmin(ay, by) - r)), 0), y1 = MIN(ex_px_int(ceil(fmax(ay, by) + r)), m->h);
    double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    for (int y = y0; y < y1; y++) {
        unsigned char *q = m->px + (size_t)y * (size_t)m->w;
        for (int x = x0; x < x1; x++) {
            if (q[x] != PX_TINT)
                continue;
            double t = len2 > 0 ? ((x + 0.5 - ax) * dx + (y + 0.5 - ay) * dy) / len2 : 0;
            t = fmin(fmax(t, 0), 1);
            double ex = x + 0.5 - (ax + t * dx), ey = y + 0.5 - (ay + t * dy);
            if (ex * ex + ey * ey <= r * r)
                q[x] = PX_VEIL;
        }
    }
}

/* When the centres of the glyphs of VEIL lie on one straight line (within
 * 0.5 em; one slanted watermark), mark the band of radius R pixels along
 * it, from the first centre to the last, as veil.  Letters poppler does
 * not report (a clipped or Type 3 glyph) are covered by the band. */
static void veil_band(ink_map *m, const ex_page *veil, double r)
{
    double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0, n = (double)veil->n;
    for (size_t i = 0; i < veil->n; i++)
        mx += (veil->g[i].x0 + veil->g[i].x1) / 2 / n, my += (veil->g[i].y0 + veil->g[i].y1) / 2 / n;
    for (size_t i = 0; i < veil->n; i++) {
        double dx = (veil->g[i].x0 + veil->g[i].x1) / 2 - mx, dy = (veil->g[i].y0 + veil->g[i].y1) / 2 - my;
        sxx += dx * dx, sxy += dx * dy, syy += dy * dy;
    }
    double a = 0.5 * atan2(2 * sxy, sxx - syy), ux = cos(a), uy = sin(a);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < veil->n; i++) {
        const ex_glyph *g = &veil->g[i];
        double dx = (g->x0 + g->x1) / 2 - mx, dy = (g->y0 + g->y1) / 2 - my;
        if (fabs(-dx * uy + dy * ux) > 0.5 * g->size)
            return;
        lo = fmin(lo, dx * ux + dy * uy), hi = fmax(hi, dx * ux + dy * uy);
    }
    veil_capsule(m, (mx + lo * ux - m->ox) * m->scale, (my + lo * uy - m->oy) * m->scale,
                 (mx + hi * ux - m->ox) * m->scale, (my + hi * uy - m->oy) * m->scale, r);
}

/* Mark the tint under the watermark VEIL as PX_VEIL: a rule may run
 * hidden under it.  Each glyph covers a disc of 0.75 em around its centre
 * (poppler's box of a slanted glyph misses its corners), and the band
 * between two glyphs that follow each other within 5 em is covered too. */
static void mark_veil(ink_map *m, const ex_page *veil)
{
    if (veil && veil->n >= 3)
        veil_band(m, veil, 0.75 * veil->g[0].size * m->scale);
    for (size_t i = 0; veil && i < veil->n; i++) {
        const ex_glyph *g = &veil->g[i], *h = i + 1 < veil->n ? &veil->g[i + 1] : g;
        double ax = ((g->x0 + g->x1) / 2 - m->ox) * m->scale, ay = ((g->y0 + g->y1) / 2 - m->oy) * m->scale;
        double bx = ((h->x0 + h->x1) / 2 - m->ox) * m->scale, by = ((h->y0 + h->y1) / 2 - m->oy) * m->scale;
        double r = 0.75 * g->size * m->scale;
        if (hypot(bx - ax, by - ay) > 5 * g->size * m->scale || fabs(h->size - g->size) > 0.1 * g->size)
            bx = ax, by = ay;
        veil_capsule(m, ax, ay, bx, by, r);
    }
}

/* The class of one RGB24 pixel: ink where the channel sum is below
 * 3 x (255 - EX_INK), tint down to darkness EX_TINT, else paper. */
static inline unsigned char pixel_class(guint32 v)
{
    unsigned sum = ((v >> 16) & 0xff) + ((v >> 8) & 0xff) + (v & 0xff);
    return sum < 3u * (255 - EX_INK) ? PX_INK : sum < 3u * (255 - EX_TINT) ? PX_TINT : PX_PAPER;
}

void rulings_ink_from_rgb24(ink_map *m, const unsigned char *data, int stride, int width,
                            int height, int sx, int sy)
{
    /* Most of a page is white paper: four pixels are tested at once. */
    const guint64 white2 = G_GUINT64_CONSTANT(0x00ffffff00ffffff);
    /* the part of the map the pixels hold (a band can reach past the
     * page's last pixel by rounding): the rest stays paper */
    int w = MIN(m->w, width - sx);
    int h = MIN(m->h, height - sy);
    m->px = g_malloc0((size_t)m->w * (size_t)m->h);
    for (int y = 0; y < h; y++) {
        const unsigned char *row = data + (size_t)(y + sy) * (size_t)stride + 4 * (size_t)sx;
        unsigned char *dst = m->px + (size_t)y * (size_t)m->w;
        int x = 0;
        for (; x + 4 <= w; x += 4) {
            guint64 two[2];
            memcpy(two, row + 4 * x, sizeof two);
            if ((two[0] & two[1] & white2) == white2)
                continue; /* four white pixels: PX_PAPER already */
            for (int k = x; k < x + 4; k++)
                dst[k] = pixel_class(((const guint32 *)(const void *)row)[k]);
        }
        for (; x < w; x++)
            dst[x] = pixel_class(((const guint32 *)(const void *)row)[x]);
    }
}

void rulings_set_text_apart(ink_map *m, const ex_page *page, const ex_page *veil)
{
    mark_veil(m, veil);
    blank_glyphs(m, page);
}

/* The pixels of the page's render grid at SCALE (pixel (0, 0) at the
 * page's top-left corner) that cover AREA.  Every render, of a band or of
 * the whole page, uses this one grid, so that a band cut from a
 * whole-page render and a band rendered alone hold the same pixels. */
ex_pixels rulings_grid(const ex_box *area, double scale)
{
    int x0 = ex_px_int(floor(area->x0 * scale)), y0 = ex_px_int(floor(area->y0 * scale));
    return (ex_pixels){ x0, y0, ex_px_int(ceil(area->x1 * scale)) - x0,
                        ex_px_int(ceil(area->y1 * scale)) - y0 };
}
static void rules_push(ex_rules *r, double x0, double y0, double x1, double y1)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 32;
        r->v = g_renew(ex_rule, r->v, r->cap);
    }
    r->v[r->n++] = (ex_rule){ x0, y0, x1, y1 };
}

/* Eight pixel classes at once: 1 in each byte that is PX_INK (the only
 * class with bit 0 set and bit 1 clear), else 0. */
static inline guint64 ink8(guint64 v)
{
    return v & ~(v >> 1) & G_GUINT64_CONSTANT(0x0101010101010101);
}

/* Row Y of the thin-stroke mask into OUT: ink with paper T pixels away on
 * one side across the stroke (rows above/below when ACROSS_ROWS, columns
 * left/right otherwise).  Edges of shaded areas qualify, their insides
 * do not. */
static void thin_row(const ink_map *m, int y, int t, bool across_rows, unsigned char *out)
{
    const unsigned char *row = m->px + (size_t)y * (size_t)m->w;
    int w = m->w;
    ptrdiff_t step = across_rows ? (ptrdiff_t)t * w : t; /* to the neighbours */
    int lo = 0, hi = w; /* the pixels with both neighbours on the map */
    if (across_rows && (y < t || y + t >= m->h))
        lo = hi = w;
    else if (!across_rows)
        lo = MIN(t, w), hi = MAX(w - t, lo);
    for (int x = 0; x < lo; x++)
        out[x] = row[x] == PX_INK;
    int x = lo;
    for (; x + 8 <= hi; x += 8) {
        guint64 r, u, d;
        memcpy(&r, row + x, 8);
        memcpy(&u, row + x - step, 8);
        memcpy(&d, row + x + step, 8);
        guint64 o = ink8(r) & ~(ink8(u) & ink8(d));
        memcpy(out + x, &o, 8);
    }
    for (; x < hi; x++)
        out[x] = (row[x] == PX_INK) & !((row[x - step] == PX_INK) & (row[x + step] == PX_INK));
    for (x = hi; x < w; x++)
        out[x] = row[x] == PX_INK;
}

/* Append the runs of at least MIN_PX marked pixels in ROW (row Y). */
static void row_runs(const ink_map *m, const unsigned char *row, int y, int min_px,
                     ex_rules *out)
{
    const unsigned char *p = row, *end = row + m->w;
    while ((p = memchr(p, 1, (size_t)(end - p))) != NULL) {
        const unsigned char *q = p;
        while (q < end && *q)
            q++;
        if (q - p >= min_px)
            rules_push(out, m->ox + (p - row) / m->scale, m->oy + (y + 0.5) / m->scale,
                       m->ox + (q - row) / m->scale, m->oy + (y + 0.5) / m->scale);
        p = q;
    }
}

/* The vertical runs being followed down the mask: START is the row where
 * each column's run began (-1 when none), OPEN is 1 where one is. */
typedef struct col_state {
    int *start;
    unsigned char *open;
} col_state;

/* Handle column X of row Y (ON: marked) for col_runs. */
static void col_step(const ink_map *m, int x, bool on, int y, int min_px, col_state *c,
                     ex_rules *out)
{
    if (on == (c->start[x] >= 0))
        return;
    c->open[x] = on;
    if (on) {
        c->start[x] = y;
        return;
    }
    if (y - c->start[x] >= min_px)
        rules_push(out, m->ox + (x + 0.5) / m->scale, m->oy + c->start[x] / m->scale,
                   m->ox + (x + 0.5) / m->scale, m->oy + y / m->scale);
    c->start[x] = -1;
}

/* Extend the open vertical runs C with row Y of the mask (NULL past the
 * last row).  Eight columns with no mark and no open run are skipped at
 * once: most of a page is paper. */
static void col_runs(const ink_map *m, const unsigned char *row, int y, int min_px,
                     col_state *c, ex_rules *out)
{
    int x = 0;
    for (; row && x + 8 <= m->w; x += 8) {
        guint64 a, b;
        memcpy(&a, row + x, 8);
        memcpy(&b, c->open + x, 8);
        if ((a | b) == 0)
            continue;
        for (int k = x; k < x + 8; k++)
            col_step(m, k, row[k], y, min_px, c, out);
    }
    for (; x < m->w; x++)
        col_step(m, x, row && row[x], y, min_px, c, out);
}

/* Walk from the end pixel (X, Y) of a rule along (DX, DY) to where the
 * rule really ends, and move (X, Y) there.  The rule goes on through ink
 * under glyph boxes (drawn close under a line of text) and, with
 * VEILED, across tint under a watermark when ink resumes beyond it. */
static void walk_rule(const ink_map *m, int *x, int *y, int dx, int dy, bool veiled)
{
    int cx = *x + dx, cy = *y + dy;
    bool in_tint = false, veil_seen = false;
    while (cx >= 0 && cy >= 0 && cx < m->w && cy < m->h) {
        unsigned char v = m->px[(size_t)cy * (size_t)m->w + cx];
        if (v == PX_PAPER || (!veiled && (v == PX_TINT || v == PX_VEIL)))
            break;
        if (v == PX_TINT || v == PX_VEIL) {
            in_tint = true;
            veil_seen = veil_seen || v == PX_VEIL;
        } else if (v == PX_GLYPH && dy != 0) {
            /* a column rule crosses glyph ink only to ink beyond it: one
             * that ends at a line of text must not climb a letter's stem */
        } else { /* ink, or glyph ink along a horizontal rule */
            if (in_tint && !veil_seen)
                break; /* a shading's edge, not a veiled rule */
            in_tint = veil_seen = false;
            *x = cx, *y = cy;
        }
        cx += dx, cy += dy;
    }
}

/* Extend each rule of R[first..n) at least MIN_PX long at both ends with
 * walk_rule; rules at least VEIL_PX long (0: none) also across a
 * watermark.  (Short pieces are bits of glyphs outside their boxes;
 * extended they would make rules.) */
static void bridge(const ink_map *m, ex_rules *r, size_t first, int min_px, int veil_px)
{
    for (size_t i = first; i < r->n; i++) {
        ex_rule *u = &r->v[i];
        bool h = is_hrule(u);
        double len = (h ? u->x1 - u->x0 : u->y1 - u->y0) * m->scale;
        if (len < min_px)
            continue;
        bool veiled = veil_px > 0 && len >= veil_px;
        int x0 = ex_px_int(floor((u->x0 - m->ox) * m->scale)), y0 = ex_px_int(floor((u->y0 - m->oy) * m->scale));
        int x1 = ex_px_int(ceil((u->x1 - m->ox) * m->scale)) - 1, y1 = ex_px_int(ceil((u->y1 - m->oy) * m->scale)) - 1;
        if (h)
            y1 = y0;
        else
            x1 = x0;
        walk_rule(m, &x0, &y0, -h, -!h, veiled);
        walk_rule(m, &x1, &y1, h, !h, veiled);
        if (h) {
            u->x0 = fmin(u->x0, m->ox + x0 / m->scale);
            u->x1 = fmax(u->x1, m->ox + (x1 + 1) / m->scale);
        } else {
            u->y0 = fmin(u->y0, m->oy + y0 / m->scale);
            u->y1 = fmax(u->y1, m->oy + (y1 + 1) / m->scale);
        }
    }
}

/* Find the horizontal and vertical strokes of M. */
static void scan_ink(const ink_map *m, int t, int min_px, ex_rules *out)
{
    unsigned char *row = g_malloc((size_t)m->w);
    col_state c = { g_new(int, m->w), g_malloc0((size_t)m->w) };
    for (int x = 0; x < m->w; x++)
        c.start[x] = -1;
    for (int y = 0; y < m->h; y++) {
        thin_row(m, y, t, true, row);
        row_runs(m, row, y, min_px, out);
        thin_row(m, y, t, false, row);
        col_runs(m, row, y, min_px, &c, out);
    }
    col_runs(m, NULL, m->h, min_px, &c, out);
    g_free(c.open);
    g_free(c.start);
    g_free(row);
}

static int cmp_rule(const void *a, const void *b)
{
    const ex_rule *r = a, *s = b;
    bool hr = is_hrule(r), hs = is_hrule(s);
    if (hr != hs)
        return hr ? -1 : 1;
    double ka = hr ? r->y0 : r->x0, kb = hs ? s->y0 : s->x0;
    if (ka != kb)
        return ka < kb ? -1 : 1;
    double la = hr ? r->x0 : r->y0, lb = hs ? s->x0 : s->y0;
    return (la > lb) - (la < lb);
}

/* True when rule B continues rule A: same direction, within TOL across,
 * overlapping or within GAP along (a crossing rule interrupts the thin
 * mask for a few pixels). */
static bool rule_joins(const ex_rule *a, const ex_rule *b, double tol, double gap)
{
    bool ha = is_hrule(a), hb = is_hrule(b);
    if (ha != hb)
        return false;
    if (ha)
        return fabs(b->y0 - a->y1) <= tol && b->x0 <= a->x1 + gap && b->x1 >= a->x0 - gap;
    return fabs(b->x0 - a->x1) <= tol && b->y0 <= a->y1 + gap && b->y1 >= a->y0 - gap;
}

/* Merge pixel-row pieces of one stroke into one rule each (quadratic in the
 * rules of one direction near each other; pages have few). */
static void merge_rules(ex_rules *r, double tol, double gap)
{
    if (r->n == 0)
        return;
    qsort(r->v, r->n, sizeof *r->v, cmp_rule);
    size_t out = 0;
    for (size_t i = 0; i < r->n; i++) {
        ex_rule cur = r->v[i];
        size_t lo = out > 24 ? out - 24 : 0, j = out;
        while (j > lo && !rule_joins(&r->v[j - 1], &cur, tol, gap))
            j--;
        if (j == lo) {
            r->v[out++] = cur;
            continue;
        }
        ex_rule *a = &r->v[j - 1];
        bool h = is_hrule(a);
        a->x0 = fmin(a->x0, cur.x0);
        a->x1 = fmax(a->x1, cur.x1);
        a->y0 = fmin(a->y0, cur.y0);
        a->y1 = fmax(a->y1, cur.y1);
        if (h)
            a->y0 = a->y1 = (a->y0 + cur.y0) / 2;
        else
            a->x0 = a->x1 = (a->x0 + cur.x0) / 2;
    }
    r->n = out;
}
void rulings_scan(const ink_map *m, double min_len, bool veiled, ex_rules *out)
{
    size_t first = out->n;
    int min_px = ex_px_int(ceil(min_len * m->scale));
    scan_ink(m, thick_px(m->scale), min_px, out);
    bridge(m, out, first, min_px, veiled ? 3 * min_px : 0);
}

void rulings_merge(ex_rules *out, size_t first, double scale)
{
    /* no rule yet (v NULL): no pointer arithmetic on it (clang's UBSan) */
    ex_rules mine = { out->v ? out->v + first : NULL, out->n - first, out->n - first };
    merge_rules(&mine, join_tol(scale), join_gap(scale));
    out->n = first + mine.n;
}

void rulings_release(ex_rules *rules)
{
    if (!rules)
        return;
    g_free(rules->v);
    rules->v = NULL;
    rules->n = rules->cap = 0;
}

/* ---- ruling lines from the paths --------------------------------------- */

/* Thickest ink that is one rule (points); a thicker area gives its edges.
 * The raster scan sees the same: a row of ink is a stroke when paper lies
 * EX_MAX_THICK + 1 pixel above or below it. */
#define EX_THIN_AREA (2 * EX_MAX_THICK)

/* Glyph boxes sorted by top edge, to find those a rule runs under. */
typedef struct glyph_index {
    const ex_glyph **g;
    size_t n;
    double tallest;
} glyph_index;

static int cmp_glyph_top(const void *a, const void *b)
{
    double ya = (*(const ex_glyph *const *)a)->y0, yb = (*(const ex_glyph *const *)b)->y0;
    return (ya > yb) - (ya < yb);
}

static glyph_index index_glyphs(const ex_page *page)
{
    glyph_index gi = { g_new(const ex_glyph *, page->n + 1), page->n, 0 };
    for (size_t i = 0; i < page->n; i++) {
        gi.g[i] = &page->g[i];
        gi.tallest = fmax(gi.tallest, page->g[i].y1 - page->g[i].y0);
    }
    qsort(gi.g, gi.n, sizeof *gi.g, cmp_glyph_top);
    return gi;
}

/* The first glyph whose top edge is at or below Y. */
static size_t first_glyph_from(const glyph_index *gi, double y)
{
    size_t lo = 0, hi = gi->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (gi->g[mid]->y0 < y)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int cmp_interval(const void *a, const void *b)
{
    const double *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* True when some stretch of rule R at least MIN_LEN long runs clear of
 * the glyph boxes.  A rule that runs only under text (an underline, a
 * strike-through) is no ruling line, as on the raster route, where glyph
 * boxes are blanked before the scan. */
static bool clear_of_glyphs(const glyph_index *gi, const ex_rule *r, double min_len)
{
    bool h = is_hrule(r);
    double lo = h ? r->x0 : r->y0, hi = h ? r->x1 : r->y1;
    GArray *cover = g_array_new(FALSE, FALSE, 2 * sizeof(double));
    for (size_t i = first_glyph_from(gi, r->y0 - gi->tallest); i < gi->n && gi->g[i]->y0 <= r->y1; i++) {
        const ex_glyph *g = gi->g[i];
        bool under = h ? g->y0 <= r->y0 && g->y1 >= r->y0 && g->x1 > lo && g->x0 < hi
                       : g->x0 <= r->x0 && g->x1 >= r->x0 && g->y1 > lo && g->y0 < hi;
        if (under) {
            double iv[2] = { h ? g->x0 : g->y0, h ? g->x1 : g->y1 };
            g_array_append_val(cover, iv);
        }
    }
    g_array_sort(cover, cmp_interval);
    double from = lo, best = 0;
    for (guint i = 0; i < cover->len; i++) {
        const double *iv = &g_array_index(cover, double, 2 * i);
        best = fmax(best, iv[0] - from);
        from = fmax(from, iv[1]);
    }
    best = fmax(best, hi - from);
    g_array_free(cover, TRUE);
    return best >= min_len;
}

/* The rules of one ink area B: its centre line when thin, else its four
 * edges (the raster scan's edges of a shaded area). */
static void ink_rules(const ex_box *b, ex_rules *out)
{
    double w = b->x1 - b->x0, h = b->y1 - b->y0;
    if (h <= EX_THIN_AREA && w >= h) {
        double cy = (b->y0 + b->y1) / 2;
        rules_push(out, b->x0, cy, b->x1, cy);
    } else if (w <= EX_THIN_AREA) {
        double cx = (b->x0 + b->x1) / 2;
        rules_push(out, cx, b->y0, cx, b->y1);
    } else {
        rules_push(out, b->x0, b->y0, b->x1, b->y0);
        rules_push(out, b->x0, b->y1, b->x1, b->y1);
        rules_push(out, b->x0, b->y0, b->x0, b->y1);
        rules_push(out, b->x1, b->y0, b->x1, b->y1);
    }
}

/* True when a glyph of PAGE stands inside box U (by its centre). */
static bool text_inside(const ex_page *page, const ex_box *u)
{
    for (size_t i = 0; i < page->n; i++) {
        double cx = (page->g[i].x0 + page->g[i].x1) / 2, cy = (page->g[i].y0 + page->g[i].y1) / 2;
        if (cx > u->x0 && cx < u->x1 && cy > u->y0 && cy < u->y1)
            return true;
    }
    return false;
}

/* True when VEC paints something of unknown ink in BOX (an image, a
 * shading) large enough to hold a rule of MIN_LEN and with text of PAGE
 * over it: only a render tells whether lines there divide that text (a
 * scanned table under its text layer).  A picture with no text over it
 * (a logo, a photograph, a chart) divides nothing. */
bool rulings_need_render(const paths_page *vec, const ex_page *page, const ex_box *box,
                         double min_len)
{
    for (size_t i = 0; i < vec->n_unknown; i++) {
        const ex_box *u = &vec->unknown[i];
        bool meets = u->x1 > box->x0 && u->x0 < box->x1 && u->y1 > box->y0 && u->y0 < box->y1;
        if (meets && fmax(u->x1 - u->x0, u->y1 - u->y0) >= min_len && text_inside(page, u))
            return true;
    }
    return false;
}

/* True when ink box A is an area (thicker than a rule both ways). */
static bool ink_area(const ex_box *a)
{
    return a->x1 - a->x0 > EX_THIN_AREA && a->y1 - a->y0 > EX_THIN_AREA;
}

/* True when rule R runs inside ink area A, off its edges: ink on ink
 * shows no line (a paragraph's shading inside its cell's, both dark). */
static bool inside_area(const ex_rule *r, const ex_box *a)
{
    const double m = 0.5;
    return r->x0 > a->x0 + m && r->x1 < a->x1 - m && r->y0 > a->y0 + m && r->y1 < a->y1 - m;
}

/* The ink areas of a page by horizontal band (an area in every band it
 * spans), so that a rule is tested against the areas of its own band
 * only: a page of thousands of shaded cells stays linear. */
#define EX_AREA_BANDS 64
typedef struct area_index {
    GArray *band[EX_AREA_BANDS]; /* of size_t: indices into the page's inks */
    double step;                 /* band height, points */
} area_index;

static int band_of(const area_index *ai, double y)
{
    return CLAMP(ex_px_int(floor(y / ai->step)), 0, EX_AREA_BANDS - 1);
}

static void area_index_build(area_index *ai, const paths_page *vec, double height)
{
    ai->step = fmax(height / EX_AREA_BANDS, 1);
    for (int b = 0; b < EX_AREA_BANDS; b++)
        ai->band[b] = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (size_t i = 0; i < vec->n_ink; i++)
        if (ink_area(&vec->ink[i].box))
            for (int b = band_of(ai, vec->ink[i].box.y0); b <= band_of(ai, vec->ink[i].box.y1); b++)
                g_array_append_val(ai->band[b], i);
}

static void area_index_free(area_index *ai)
{
    for (int b = 0; b < EX_AREA_BANDS; b++)
        g_array_free(ai->band[b], TRUE);
}

/* Drop the rules OUT[from..] of ink I of VEC that run inside another of
 * the page's ink areas (indexed in AI). */
static void drop_hidden(const paths_page *vec, size_t i, const area_index *ai, ex_rules *out,
                        size_t from)
{
    size_t kept = from;
    for (size_t k = from; k < out->n; k++) {
        const ex_rule *r = &out->v[k];
        const GArray *band = ai->band[band_of(ai, (r->y0 + r->y1) / 2)];
        bool hidden = false;
        for (guint a = 0; a < band->len && !hidden; a++) {
            size_t j = g_array_index(band, size_t, a);
            hidden = j != i && inside_area(r, &vec->ink[j].box);
        }
        if (!hidden)
            out->v[kept++] = *r;
    }
    out->n = kept;
}

/* Append the ruling lines of BOX from the paths VEC to OUT (the vector
 * route): the lines of the ink areas within BOX (a dashed or
 * dotted line too: a reader sees it divide cells as a solid one does,
 * where a render shows only dots too short to be rules; not one that
 * runs inside another ink area, where it does not show), pieces of one
 * line joined as on the raster route, and of those the lines at least
 * MIN_LEN long that run clear of PAGE's glyphs somewhere. */
void rulings_from_paths(const paths_page *vec, const ex_page *page, const ex_box *box,
                        double min_len, double scale, ex_rules *out)
{
    size_t first = out->n;
    area_index ai;
    area_index_build(&ai, vec, page->height);
    for (size_t i = 0; i < vec->n_ink; i++) {
        const paths_ink *k = &vec->ink[i];
        ex_box b = { fmax(k->box.x0, box->x0), fmax(k->box.y0, box->y0),
                     fmin(k->box.x1, box->x1), fmin(k->box.y1, box->y1) };
        size_t from = out->n;
        if (b.x0 <= b.x1 && b.y0 <= b.y1)
            ink_rules(&b, out);
        drop_hidden(vec, i, &ai, out, from);
    }
    area_index_free(&ai);
    rulings_merge(out, first, scale);
    glyph_index gi = index_glyphs(page);
    size_t kept = first;
    for (size_t i = first; i < out->n; i++) {
        const ex_rule *r = &out->v[i];
        double len = is_hrule(r) ? r->x1 - r->x0 : r->y1 - r->y0;
        if (len >= min_len && clear_of_glyphs(&gi, r, min_len))
            out->v[kept++] = *r;
    }
    out->n = kept;
    g_free(gi.g);
}