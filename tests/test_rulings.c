/* test_rulings.c - ruling lines from what a page paints (src/rulings.c),
 * on inputs drawn here by hand: pixel maps and RGB24 images for the raster
 * route, ink boxes for the paths route, glyph boxes for the text over
 * them.  No PDF, no poppler: the geometry alone.  Coordinates are points
 * with the origin top-left; the pixel maps are at one pixel a point. */
#include <math.h>
#include <string.h>

#include "rulings.h"
#include "testutil.h"

#define TOL 0.6 /* points: half a pixel, and the centring of a stroke */

/* ---- drawing -------------------------------------------------------------- */

/* A blank W x H map of paper at one pixel a point, its origin at the
 * page's top-left corner. */
static ink_map blank_map(int w, int h)
{
    ink_map m = { g_malloc0((size_t)w * (size_t)h), w, h, 1.0, 0, 0 };
    return m;
}

/* Paint CLASS over pixels [X0, X1) x [Y0, Y1) of M. */
static void fill(ink_map *m, int x0, int y0, int x1, int y1, unsigned char class)
{
    for (int y = y0; y < y1; y++)
        memset(m->px + (size_t)y * (size_t)m->w + x0, class, (size_t)(x1 - x0));
}

/* A glyph of 10-point text with box [X0, X1) x [Y0, Y1). */
static ex_glyph glyph(double x0, double y0, double x1, double y1)
{
    ex_glyph g = { x0, y0, x1, y1, 10, 'a', false, false };
    return g;
}

/* ---- reading the rules ---------------------------------------------------- */

static bool horizontal(const ex_rule *r)
{
    return r->y0 == r->y1;
}

/* How many rules of OUT are horizontal (or vertical). */
static size_t count_dir(const ex_rules *out, bool h)
{
    size_t n = 0;
    for (size_t i = 0; i < out->n; i++)
        n += horizontal(&out->v[i]) == h;
    return n;
}

/* Is there a rule from (X0, Y0) to (X1, Y1), within TOL? */
static bool has_rule(const ex_rules *out, double x0, double y0, double x1, double y1)
{
    for (size_t i = 0; i < out->n; i++) {
        const ex_rule *r = &out->v[i];
        if (fabs(r->x0 - x0) <= TOL && fabs(r->y0 - y0) <= TOL && fabs(r->x1 - x1) <= TOL &&
            fabs(r->y1 - y1) <= TOL)
            return true;
    }
    return false;
}

/* The rules a scan of M finds at least MIN_LEN long, joined. */
static ex_rules scanned(const ink_map *m, double min_len)
{
    ex_rules out = EX_RULES_INIT;
    rulings_scan(m, min_len, false, &out);
    rulings_merge(&out, 0, m->scale);
    return out;
}

/* ---- the raster route ----------------------------------------------------- */

/* The four sides of a box drawn one pixel wide are two horizontal and two
 * vertical rules, each the box's side, joined where the corners cut them. */
static void test_scan_finds_the_sides_of_a_drawn_box(void **state)
{
    (void)state;
    ink_map m = blank_map(200, 120);
    fill(&m, 20, 10, 181, 11, PX_INK);  /* top */
    fill(&m, 20, 100, 181, 101, PX_INK); /* bottom */
    fill(&m, 20, 10, 21, 101, PX_INK);  /* left */
    fill(&m, 180, 10, 181, 101, PX_INK); /* right */
    ex_rules out = scanned(&m, 20);
    g_free(m.px);
    size_t n = out.n, h = count_dir(&out, true), v = count_dir(&out, false);
    bool top = has_rule(&out, 20, 10.5, 181, 10.5), left = has_rule(&out, 20.5, 10, 20.5, 101);
    rulings_release(&out);
    assert_int_equal(n, 4);
    assert_int_equal(h, 2);
    assert_int_equal(v, 2);
    assert_true(top);
    assert_true(left);
}

/* A stroke shorter than the least length asked for is no rule. */
static void test_scan_ignores_a_stroke_shorter_than_asked(void **state)
{
    (void)state;
    ink_map m = blank_map(100, 40);
    fill(&m, 10, 20, 25, 21, PX_INK); /* 15 points */
    ex_rules out = scanned(&m, 20);
    g_free(m.px);
    size_t n = out.n;
    rulings_release(&out);
    assert_int_equal(n, 0);
}

/* Is rule R within D points of the inside of an edge of [X0, X1] x
 * [Y0, Y1], and as long as that edge? */
static bool along_edge(const ex_rule *r, double x0, double y0, double x1, double y1, double d)
{
    if (horizontal(r))
        return fabs(r->x0 - x0) <= TOL && fabs(r->x1 - x1) <= TOL &&
               (r->y0 - y0 <= d || y1 - r->y0 <= d);
    return fabs(r->y0 - y0) <= TOL && fabs(r->y1 - y1) <= TOL &&
           (r->x0 - x0 <= d || x1 - r->x0 <= d);
}

/* A filled area thicker than a rule gives strokes along its edges (the
 * thin mask sees ink with paper a rule's thickness away), none across its
 * inside. */
static void test_scan_reads_a_thick_area_by_its_edges(void **state)
{
    (void)state;
    ink_map m = blank_map(160, 100);
    fill(&m, 20, 20, 141, 71, PX_INK); /* 121 x 51 points of ink */
    ex_rules out = scanned(&m, 20);
    g_free(m.px);
    size_t h = count_dir(&out, true), v = count_dir(&out, false), off = 0;
    for (size_t i = 0; i < out.n; i++)
        off += !along_edge(&out.v[i], 20, 20, 141, 71, 4.0); /* EX_MAX_THICK + 1 */
    rulings_release(&out);
    assert_true(h >= 2);
    assert_true(v >= 2);
    assert_int_equal(off, 0);
}

/* Text is no rule: an underline that runs only under the glyph boxes is
 * set apart with them, while a rule that runs on past the text stays, and
 * is carried back across the text over its start. */
static void test_ink_under_glyphs_is_set_apart(void **state)
{
    (void)state;
    ink_map m = blank_map(300, 60);
    fill(&m, 20, 20, 121, 21, PX_INK);  /* an underline under the word */
    fill(&m, 20, 40, 281, 41, PX_INK);  /* a cell's rule, text over its start */
    ex_glyph g[] = { glyph(19, 8, 122, 22), glyph(19, 30, 60, 42) };
    ex_page page = { 300, 60, g, G_N_ELEMENTS(g) };
    rulings_set_text_apart(&m, &page, NULL);
    ex_rules out = scanned(&m, 50);
    g_free(m.px);
    size_t n = out.n;
    bool rule = has_rule(&out, 20, 40.5, 281, 40.5);
    rulings_release(&out);
    assert_int_equal(n, 1);
    assert_true(rule);
}

/* Pieces of one rule a crossing cut apart, a pixel or two apart along it,
 * are one rule after the merge. */
static void test_merge_joins_collinear_pieces(void **state)
{
    (void)state;
    ex_rules out = EX_RULES_INIT;
    ex_rule a = { 10, 50, 100, 50 }, b = { 101.5, 50.3, 200, 50.3 }, far = { 10, 80, 100, 80 };
    for (int i = 0; i < 3; i++) {
        const ex_rule *r = i == 0 ? &a : i == 1 ? &b : &far;
        if (out.n == out.cap) {
            out.cap = out.cap ? 2 * out.cap : 4;
            out.v = g_renew(ex_rule, out.v, out.cap);
        }
        out.v[out.n++] = *r;
    }
    rulings_merge(&out, 0, 1.0);
    size_t n = out.n;
    bool joined = out.n >= 1 && out.v[0].x0 == 10 && out.v[0].x1 == 200;
    rulings_release(&out);
    assert_int_equal(n, 2);
    assert_true(joined);
}

/* RGB24 pixels: black is ink, light grey tint, white paper, and what lies
 * past the image stays paper. */
static void test_rgb24_pixels_are_classified(void **state)
{
    (void)state;
    enum { W = 6, H = 2 };
    guint32 img[W * H];
    for (int i = 0; i < W * H; i++)
        img[i] = 0x00ffffff;
    img[1] = 0x00000000; /* black */
    img[2] = 0x00e8e8e8; /* light grey: tint */
    img[W + 5] = 0x00202020;
    ink_map m = { NULL, W + 2, H, 1.0, 0, 0 }; /* two columns past the image */
    rulings_ink_from_rgb24(&m, (const unsigned char *)img, W * 4, W, H, 0, 0);
    unsigned char px[(W + 2) * H];
    memcpy(px, m.px, sizeof px);
    g_free(m.px);
    assert_int_equal(px[0], PX_PAPER);
    assert_int_equal(px[1], PX_INK);
    assert_int_equal(px[2], PX_TINT);
    assert_int_equal(px[(W + 2) + 5], PX_INK);
    assert_int_equal(px[(W + 2) + 6], PX_PAPER);
}

/* The grid of pixels that covers an area at a scale starts at the pixel
 * under its corner and ends past its far edge. */
static void test_grid_covers_the_area(void **state)
{
    (void)state;
    ex_box area = { 10.2, 20.7, 30.1, 40 };
    ex_pixels px = rulings_grid(&area, 2.0);
    assert_int_equal(px.x, 20);
    assert_int_equal(px.y, 41);
    assert_int_equal(px.w, 61 - 20);
    assert_int_equal(px.h, 80 - 41);
}

/* ---- the paths route ------------------------------------------------------ */

/* A page's ink boxes, as pdf_paths.c reads them. */
static paths_page page_of(const ex_box *boxes, size_t n)
{
    paths_page p = PATHS_PAGE_INIT;
    p.width = 612, p.height = 792;
    p.ink = g_new0(paths_ink, n);
    for (size_t i = 0; i < n; i++)
        p.ink[i].box = boxes[i];
    p.n_ink = p.cap_ink = n;
    return p;
}

/* The rules of VEC's ink in the whole page, under the text GLYPHS. */
static ex_rules from_paths(const paths_page *vec, ex_glyph *g, size_t n, double min_len)
{
    ex_page page = { 612, 792, g, n };
    ex_box all = { 0, 0, 612, 792 };
    ex_rules out = EX_RULES_INIT;
    rulings_from_paths(vec, &page, &all, min_len, 1.0, &out);
    return out;
}

/* A thin stroke is its centre line; a thick filled area its four edges. */
static void test_paths_thin_ink_is_a_line_thick_ink_its_edges(void **state)
{
    (void)state;
    ex_box boxes[] = { { 50, 99.5, 400, 100.5 }, { 50, 200, 300, 260 } };
    paths_page vec = page_of(boxes, G_N_ELEMENTS(boxes));
    ex_rules out = from_paths(&vec, NULL, 0, 20);
    paths_page_release(&vec);
    size_t n = out.n;
    bool line = has_rule(&out, 50, 100, 400, 100);
    bool top = has_rule(&out, 50, 200, 300, 200), right = has_rule(&out, 300, 200, 300, 260);
    rulings_release(&out);
    assert_int_equal(n, 5);
    assert_true(line);
    assert_true(top);
    assert_true(right);
}

/* A line inside another ink area does not show (ink on ink); an
 * underline that runs only under glyphs is no rule. */
static void test_paths_hidden_and_underlined_lines_are_dropped(void **state)
{
    (void)state;
    ex_box boxes[] = { { 100, 300, 400, 400 },   /* a dark cell */
                       { 150, 349.5, 350, 350.5 }, /* a line inside it */
                       { 50, 509.5, 150, 510.5 } }; /* an underline */
    paths_page vec = page_of(boxes, G_N_ELEMENTS(boxes));
    ex_glyph g[] = { glyph(48, 498, 152, 512) };
    ex_rules out = from_paths(&vec, g, G_N_ELEMENTS(g), 20);
    paths_page_release(&vec);
    bool inner = has_rule(&out, 150, 350, 350, 350), under = has_rule(&out, 50, 510, 150, 510);
    size_t n = out.n;
    rulings_release(&out);
    assert_false(inner);
    assert_false(under);
    assert_int_equal(n, 4); /* the cell's edges */
}

/* Only an image with text over it needs a render: a logo divides
 * nothing. */
static void test_render_needed_only_under_text(void **state)
{
    (void)state;
    paths_page vec = PATHS_PAGE_INIT;
    vec.width = 612, vec.height = 792;
    ex_box image = { 100, 100, 400, 300 };
    vec.unknown = g_memdup2(&image, sizeof image);
    vec.n_unknown = vec.cap_unknown = 1;
    ex_glyph over = glyph(150, 150, 160, 162), beside = glyph(450, 150, 460, 162);
    ex_page with_text = { 612, 792, &over, 1 }, without = { 612, 792, &beside, 1 };
    ex_box all = { 0, 0, 612, 792 };
    bool needed = rulings_need_render(&vec, &with_text, &all, 20);
    bool not_needed = rulings_need_render(&vec, &without, &all, 20);
    paths_page_release(&vec);
    assert_true(needed);
    assert_false(not_needed);
}

/* Releasing nothing, or twice, is safe. */
static void test_release_accepts_null_and_empty(void **state)
{
    (void)state;
    rulings_release(NULL);
    ex_rules out = EX_RULES_INIT;
    rulings_release(&out);
    rulings_release(&out);
    assert_null(out.v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_finds_the_sides_of_a_drawn_box),
        cmocka_unit_test(test_scan_ignores_a_stroke_shorter_than_asked),
        cmocka_unit_test(test_scan_reads_a_thick_area_by_its_edges),
        cmocka_unit_test(test_ink_under_glyphs_is_set_apart),
        cmocka_unit_test(test_merge_joins_collinear_pieces),
        cmocka_unit_test(test_rgb24_pixels_are_classified),
        cmocka_unit_test(test_grid_covers_the_area),
        cmocka_unit_test(test_paths_thin_ink_is_a_line_thick_ink_its_edges),
        cmocka_unit_test(test_paths_hidden_and_underlined_lines_are_dropped),
        cmocka_unit_test(test_render_needed_only_under_text),
        cmocka_unit_test(test_release_accepts_null_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
