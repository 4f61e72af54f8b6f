/* test_extract.c - ruling lines (src/extract.c), on both routes.
 *
 * Raster route: a band of a page must give the same rules whether it is
 * rendered alone or cut from a whole-page render made before the text
 * was read, and wherever the band starts within a pixel; a rule drawn
 * close under a line of text (inside the descent of its glyph boxes) is
 * found whole.  Vector route (the paths of the content stream): the same
 * rules as the raster route finds, within its pixel, on real and sample
 * tables; an underline under text is no rule. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "extract.h"
#include "rulings.h"
#include "testqpdf.h"

#define SCALE 0.5 /* the layout's render scale */

/* A document opened from DATA (borrowed). */
static ex_doc *open_doc(const char *data, size_t len)
{
    poa_error err = POA_ERROR_INIT;
    ex_doc *d = extract_open(data, len, "test.pdf", NULL, &err);
    if (!d)
        fail_msg("cannot open: %s", err.message);
    return d;
}

/* The rules of AREA (NULL: the page) of page INDEX of a fresh document
 * made from DATA, found on ROUTE, the page read with RENDER_SCALE (0:
 * text first). */
static ex_rules rules_on(ex_route route, const char *data, size_t len, int index,
                         double render_scale, const ex_box *area)
{
    ex_doc *d = open_doc(data, len);
    extract_set_route(d, route);
    ex_page pg = EX_PAGE_INIT;
    ex_rules r = EX_RULES_INIT;
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(extract_page(d, index, &pg, render_scale, &err), 0);
    bool rendered;
    ex_rules_query q = { index, &pg, NULL, area, SCALE, 8, true };
    assert_int_equal(extract_rules(d, &q, &rendered, &r, &err), 0);
    if (route == EX_ROUTE_RASTER)
        assert_true(rendered);
    extract_page_release(&pg);
    extract_close(d);
    return r;
}

/* rules_on the raster route. */
static ex_rules rules_of(const char *data, size_t len, int index, double render_scale,
                         const ex_box *area)
{
    return rules_on(EX_ROUTE_RASTER, data, len, index, render_scale, area);
}

static void assert_same_rules(const ex_rules *a, const ex_rules *b, const char *what)
{
    if (a->n != b->n)
        fail_msg("%s: %zu rules against %zu", what, a->n, b->n);
    for (size_t i = 0; i < a->n; i++)
        if (memcmp(&a->v[i], &b->v[i], sizeof a->v[i]) != 0)
            fail_msg("%s: rule %zu differs: %.2f %.2f %.2f %.2f against %.2f %.2f %.2f %.2f",
                     what, i, a->v[i].x0, a->v[i].y0, a->v[i].x1, a->v[i].y1, b->v[i].x0,
                     b->v[i].y0, b->v[i].x1, b->v[i].y1);
}

/* Every page of PATH: the whole page and three bands starting at odd
 * places give the same rules rendered after the text as cut from a
 * render made first. */
static void check_render_first_matches(const char *path)
{
    size_t len;
    char *data = test_read_file(path, &len);
    ex_doc *d = open_doc(data, len);
    int pages = extract_page_count(d);
    extract_close(d);
    for (int i = 0; i < pages; i++) {
        const ex_box bands[] = { { 0, 0, 2000, 2000 }, { 0, 101.3, 2000, 517.9 },
                                 { 33.3, 250.7, 480.1, 700.2 }, { 0, 0.9, 2000, 333.3 } };
        for (size_t b = 0; b < G_N_ELEMENTS(bands); b++) {
            ex_rules after = rules_of(data, len, i, 0, &bands[b]);
            ex_rules first = rules_of(data, len, i, SCALE, &bands[b]);
            char what[160];
            g_snprintf(what, sizeof what, "%s page %d band %zu", path, i + 1, b);
            assert_same_rules(&after, &first, what);
            rulings_release(&after);
            rulings_release(&first);
        }
    }
    g_free(data);
}

static void test_render_first_gives_the_same_rules_grids(void **state)
{
    check_render_first_matches("samples/layout_grids.pdf");
}

static void test_render_first_gives_the_same_rules_under_a_watermark(void **state)
{
    check_render_first_matches("samples/plan_municipal_four_levels.pdf");
}

static void test_render_first_gives_the_same_rules_landscape_form(void **state)
{
    check_render_first_matches("samples/seed_form.pdf");
}

/* Where a band starts within one pixel of the render grid (2 pt) does not
 * change what is found in it: the old band origin at the text above made
 * a rule appear or vanish with that text's position. */
static void test_band_start_within_a_pixel_changes_nothing(void **state)
{
    size_t len;
    char *data = test_read_file("samples/layout_grids.pdf", &len);
    ex_box base = { 0, 200.0, 2000, 700 };
    ex_rules ref = rules_of(data, len, 0, 0, &base);
    assert_true(ref.n > 4);
    for (double dy = 0.1; dy < 2.0; dy += 0.3) {
        ex_box b = base;
        b.y0 += dy;
        ex_rules r = rules_of(data, len, 0, 0, &b);
        assert_same_rules(&ref, &r, "band start");
        rulings_release(&r);
    }
    rulings_release(&ref);
    g_free(data);
}

/* cairo's PDF bytes, appended to the GByteArray CLOSURE. */
static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* A drawing context on a new in-memory PDF page of WIDTH x HEIGHT points
 * whose bytes go to BYTES; pdf_end finishes it. */
static cairo_t *pdf_begin(GByteArray *bytes, double width, double height)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append_bytes, bytes, width, height);
    cairo_t *cr = cairo_create(s);
    cairo_surface_destroy(s); /* CR holds it */
    return cr;
}

/* Finish the PDF of CR (begun on BYTES): its bytes, *LEN long; caller
 * frees. */
static char *pdf_end(cairo_t *cr, GByteArray *bytes, size_t *len)
{
    cairo_destroy(cr); /* the surface goes with it, writing the rest */
    *len = bytes->len;
    return (char *)g_byte_array_free(bytes, FALSE);
}

/* A one-page PDF of WIDTH x HEIGHT points: TEXT in 10 pt from x = 60 on
 * the baseline y = 300 and, unless RULE_DY is NAN, a 0.6 pt rule from
 * x = 60 to 500 RULE_DY points under the baseline.  Made in memory (no
 * file two test runs could share).  Caller frees. */
static char *page_pdf(double width, double height, const char *text, double rule_dy,
                      size_t *len)
{
    GByteArray *bytes = g_byte_array_new();
    cairo_t *cr = pdf_begin(bytes, width, height);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 10);
    cairo_move_to(cr, 60, 300);
    cairo_show_text(cr, text);
    if (!isnan(rule_dy)) {
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, 60, 300 + rule_dy);
        cairo_line_to(cr, 500, 300 + rule_dy);
        cairo_stroke(cr);
    }
    return pdf_end(cr, bytes, len);
}

static char *one_line_pdf(const char *text, double rule_dy, size_t *len)
{
    return page_pdf(595, 842, text, rule_dy, len);
}

/* A page of three lines at y = 300, 320, 340 from x = 60, each but the
 * last with a filled disc of radius 2 drawn 8 pt before it (a browser's
 * list bullet, no character in the text), and a disc alone far from any
 * text.  Caller frees. */
static char *drawn_bullets_pdf(size_t *len)
{
    GByteArray *bytes = g_byte_array_new();
    cairo_t *cr = pdf_begin(bytes, 595, 842);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 10);
    const char *lines[] = { "Personal capacitado.", "Oficinas propias.", "Sin bala." };
    for (int i = 0; i < 3; i++) {
        cairo_move_to(cr, 60, 300 + 20 * i);
        cairo_show_text(cr, lines[i]);
        if (i < 2) {
            cairo_new_path(cr);
            cairo_arc(cr, 50, 296.5 + 20 * i, 2, 0, 2 * G_PI);
            cairo_fill(cr);
        }
    }
    cairo_new_path(cr);
    cairo_arc(cr, 300, 600, 2, 0, 2 * G_PI);
    cairo_fill(cr);
    return pdf_end(cr, bytes, len);
}

/* Drawn bullets become bullet glyphs before their lines; a disc far from
 * text is none. */
static void test_drawn_bullets_become_glyphs(void **state)
{
    size_t len;
    char *pdf = drawn_bullets_pdf(&len);
    ex_doc *d = open_doc(pdf, len);
    ex_page pg = EX_PAGE_INIT;
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(extract_page(d, 0, &pg, 0, &err), 0);
    int bullets = 0;
    for (size_t i = 0; i < pg.n; i++) {
        if (pg.g[i].ch != 0x2022)
            continue;
        bullets++;
        assert_true(pg.g[i].x0 > 47 && pg.g[i].x1 < 53); /* where the disc is */
        double disc = bullets == 1 ? 296.5 : 316.5;   /* on its line's height */
        assert_true(pg.g[i].y0 < disc && pg.g[i].y1 > disc);
    }
    assert_int_equal(bullets, 2);
    extract_page_release(&pg);
    extract_close(d);
    g_free(pdf);
}

/* A page far larger than any report (a 5 m square map) is rendered at a
 * lower scale, whole or by bands alike: its rule is still found, and the
 * same way both times. */
static void test_huge_page_rendered_smaller_same_rules(void **state)
{
    size_t len;
    char *data = page_pdf(14000, 14000, "Plano de la red de distribución", 20, &len);
    ex_box band = { 0, 250, 14000, 400 };
    ex_rules after = rules_of(data, len, 0, 0, &band);
    ex_rules first = rules_of(data, len, 0, SCALE, &band);
    assert_same_rules(&after, &first, "huge page");
    size_t found = 0;
    for (size_t i = 0; i < after.n; i++)
        found += after.v[i].y0 == after.v[i].y1 && after.v[i].x0 < 70 && after.v[i].x1 > 490;
    assert_int_equal(found, 1);
    rulings_release(&after);
    rulings_release(&first);
    g_free(data);
}

/* The rule under the text, in every position from just below the
 * glyphs to the bottom of their boxes, is found whole: from 60 to 500. */
static void test_rule_close_under_text_found_whole(void **state)
{
    for (double dy = 1.5; dy <= 3.0; dy += 0.25) {
        size_t len;
        char *data = one_line_pdf("Objetivos institucionales del programa anual de trabajo",
                                  dy, &len);
        for (double top = 280; top < 284; top += 0.7) {
            ex_box band = { 0, top, 595, 330 };
            ex_rules r = rules_of(data, len, 0, 0, &band);
            size_t found = 0;
            for (size_t i = 0; i < r.n; i++)
                if (r.v[i].y0 == r.v[i].y1 && r.v[i].x0 <= 62 && r.v[i].x1 >= 498 &&
                    fabs(r.v[i].y0 - (300 + dy)) < 2)
                    found++;
            if (found != 1)
                fail_msg("rule %.2f pt under the baseline, band from %.1f: %zu whole rules of %zu",
                         dy, top, found, r.n);
            rulings_release(&r);
        }
        g_free(data);
    }
}

/* Underscores typed in the text are glyphs, never a rule. */
static void test_underscores_are_not_a_rule(void **state)
{
    size_t len;
    char *data = one_line_pdf("Firma: ______________________________ Fecha: ____________",
                              NAN, &len);
    ex_rules r = rules_of(data, len, 0, 0, NULL);
    assert_int_equal(r.n, 0);
    rulings_release(&r);
    r = rules_on(EX_ROUTE_AUTO, data, len, 0, 0, NULL);
    assert_int_equal(r.n, 0);
    rulings_release(&r);
    g_free(data);
}

/* True when rule A lies along rule B: the same direction, within TOL
 * across, and A's extent within B's give or take TOL (a raster rule lies
 * on its pixel's centre, its ends take in the crossing rules' width, and
 * a watermark's glyph boxes may cut it in pieces). */
static bool lies_along(const ex_rule *a, const ex_rule *b, double tol)
{
    bool ha = a->y0 == a->y1, hb = b->y0 == b->y1;
    if (ha != hb)
        return false;
    if (ha)
        return fabs(a->y0 - b->y0) <= tol && a->x0 >= b->x0 - tol && a->x1 <= b->x1 + tol;
    return fabs(a->x0 - b->x0) <= tol && a->y0 >= b->y0 - tol && a->y1 <= b->y1 + tol;
}

/* Every rule of A lies along a rule of B (ALONG), or has a rule of B
 * lying along it (!ALONG). */
static void assert_rules_along(const ex_rules *a, const ex_rules *b, bool along,
                               const char *what)
{
    for (size_t i = 0; i < a->n; i++) {
        bool found = false;
        for (size_t j = 0; j < b->n && !found; j++)
            found = along ? lies_along(&a->v[i], &b->v[j], 3.0)
                          : lies_along(&b->v[j], &a->v[i], 3.0);
        if (!found)
            fail_msg("%s: rule %.2f %.2f %.2f %.2f has no match", what, a->v[i].x0,
                     a->v[i].y0, a->v[i].x1, a->v[i].y1);
    }
}

/* Every page of DATA gives the same lines from its paths as from its
 * render, and some: each piece the render shows lies along a line of the
 * paths, and each line of the paths shows on the render. */
static void check_vector_matches_raster_data(const char *data, size_t len, const char *name)
{
    ex_doc *d = open_doc(data, len);
    int pages = extract_page_count(d);
    extract_close(d);
    size_t total = 0;
    for (int i = 0; i < pages; i++) {
        ex_rules raster = rules_on(EX_ROUTE_RASTER, data, len, i, 0, NULL);
        ex_rules vector = rules_on(EX_ROUTE_AUTO, data, len, i, 0, NULL);
        char what[160];
        g_snprintf(what, sizeof what, "%s page %d, raster along vector", name, i + 1);
        assert_rules_along(&raster, &vector, true, what);
        g_snprintf(what, sizeof what, "%s page %d, vector seen on the raster", name, i + 1);
        assert_rules_along(&vector, &raster, false, what);
        total += vector.n;
        rulings_release(&raster);
        rulings_release(&vector);
    }
    assert_true(total > 0);
}

static void check_vector_matches_raster(const char *path)
{
    size_t len;
    char *data = test_read_file(path, &len);
    check_vector_matches_raster_data(data, len, path);
    g_free(data);
}

/* A page of ruled cells without text: three rows, three columns. */
static char *grid_pdf(size_t *len)
{
    GByteArray *bytes = g_byte_array_new();
    cairo_t *cr = pdf_begin(bytes, 595, 842);
    cairo_set_line_width(cr, 0.8);
    for (int i = 0; i < 4; i++) {
        cairo_move_to(cr, 70, 120 + 60 * i);
        cairo_line_to(cr, 520, 120 + 60 * i);
        cairo_move_to(cr, 70 + 150 * i, 120);
        cairo_line_to(cr, 70 + 150 * i, 300);
    }
    cairo_stroke(cr);
    return pdf_end(cr, bytes, len);
}

/* DATA with every page turned by /Rotate ROTATE and, unless CROP is
 * NULL, cropped to CROP.  Caller frees. */
static char *rotated_copy(const char *data, size_t len, int rotate, const char *crop,
                          size_t *out_len)
{
    qpdf_data q = qpdf_init();
    assert_false(qpdf_read_memory(q, "grid", data, len, NULL) & QPDF_ERRORS);
    for (int i = 0; i < qpdf_get_num_pages(q); i++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
        qpdf_oh_replace_key(q, page, "/Rotate", qpdf_oh_new_integer(q, rotate));
        if (crop)
            qpdf_oh_replace_key(q, page, "/CropBox", qpdf_oh_parse(q, crop));
    }
    return test_qpdf_written(q, out_len);
}

/* Turned pages and crop boxes off the media box's origin put the paths
 * where the render is. */
static void test_vector_rules_match_raster_rotated_and_cropped(void **state)
{
    size_t len;
    char *grid = grid_pdf(&len);
    for (int rotate = 0; rotate < 360; rotate += 90) {
        for (int c = 0; c < 2; c++) {
            size_t n;
            const char *crop = c ? "[10 20 580 780]" : NULL;
            char *data = rotated_copy(grid, len, rotate, crop, &n);
            char name[80];
            g_snprintf(name, sizeof name, "grid turned %d, crop %s", rotate, crop ? crop : "none");
            check_vector_matches_raster_data(data, n, name);
            g_free(data);
        }
    }
    g_free(grid);
}

static void test_vector_rules_match_raster_grids(void **state)
{
    check_vector_matches_raster("samples/layout_grids.pdf");
}

static void test_vector_rules_match_raster_under_a_watermark(void **state)
{
    check_vector_matches_raster("samples/plan_municipal_four_levels.pdf");
}

static void test_vector_rules_match_raster_landscape_form(void **state)
{
    check_vector_matches_raster("samples/seed_form.pdf");
}

/* Tables drawn by another producer (LibreOffice Writer) than our
 * generator (cairo). */
static void test_vector_rules_match_raster_libreoffice(void **state)
{
    check_vector_matches_raster("samples/vivienda_zacatecas_libreoffice.pdf");
}

/* A rule drawn close under text is found whole from the paths too, and
 * exactly where it was drawn. */
static void test_vector_rule_close_under_text_found_whole(void **state)
{
    for (double dy = 1.5; dy <= 3.0; dy += 0.5) {
        size_t len;
        char *data = one_line_pdf("Objetivos institucionales del programa anual de trabajo",
                                  dy, &len);
        ex_rules r = rules_on(EX_ROUTE_AUTO, data, len, 0, 0, NULL);
        assert_int_equal(r.n, 1);
        assert_true(fabs(r.v[0].y0 - (300 + dy)) < 0.01 && r.v[0].y0 == r.v[0].y1);
        assert_true(fabs(r.v[0].x0 - 60) < 0.01 && fabs(r.v[0].x1 - 500) < 0.01);
        rulings_release(&r);
        g_free(data);
    }
}

/* A table ruled with dotted lines: a reader sees them divide its cells,
 * so the paths give them as rules (a render shows only dots too short to
 * be rules). */
static void test_dotted_rules_are_rules(void **state)
{
    GByteArray *bytes = g_byte_array_new();
    cairo_t *cr = pdf_begin(bytes, 595, 842);
    const double dots[] = { 0.5, 2.0 };
    cairo_set_dash(cr, dots, 2, 0);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, 70, 200);
    cairo_line_to(cr, 520, 200);
    cairo_move_to(cr, 300, 120);
    cairo_line_to(cr, 300, 300);
    cairo_stroke(cr);
    size_t len;
    char *data = pdf_end(cr, bytes, &len);
    ex_rules r = rules_on(EX_ROUTE_AUTO, data, len, 0, 0, NULL);
    assert_int_equal(r.n, 2);
    assert_true(r.v[0].y0 == r.v[0].y1 && fabs(r.v[0].y0 - 200) < 0.5);
    assert_true(fabs(r.v[0].x0 - 70) < 1 && fabs(r.v[0].x1 - 520) < 2.5);
    assert_true(r.v[1].x0 == r.v[1].x1 && fabs(r.v[1].x0 - 300) < 0.5);
    rulings_release(&r);
    g_free(data);
}

/* A dark header cell holding its lines' own dark shading (as LibreOffice
 * paints a paragraph's background inside its cell's): ink on ink shows
 * no line, only the cell's edges are rules. */
static void test_shading_inside_a_dark_cell_is_no_rule(void **state)
{
    GByteArray *bytes = g_byte_array_new();
    cairo_t *cr = pdf_begin(bytes, 595, 842);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.4);
    cairo_rectangle(cr, 100, 100, 200, 40);
    cairo_fill(cr);
    cairo_rectangle(cr, 110, 108, 120, 10);
    cairo_rectangle(cr, 110, 120, 90, 10);
    cairo_fill(cr);
    size_t len;
    char *data = pdf_end(cr, bytes, &len);
    ex_rules r = rules_on(EX_ROUTE_AUTO, data, len, 0, 0, NULL);
    assert_int_equal(r.n, 4);
    for (size_t i = 0; i < r.n; i++) {
        bool h = r.v[i].y0 == r.v[i].y1;
        double at = h ? r.v[i].y0 : r.v[i].x0;
        assert_true(h ? (fabs(at - 100) < 0.5 || fabs(at - 140) < 0.5)
                      : (fabs(at - 100) < 0.5 || fabs(at - 300) < 0.5));
    }
    rulings_release(&r);
    g_free(data);
}

/* A page whose table's rules are a picture (PDF image) at X, Y: a grid
 * of 2 x 2 cells 200 x 60 points, drawn into an image 4 pixels a point,
 * with a word over each cell unless WORDS is false.  Caller frees. */
static char *pictured_grid_pdf(bool words, size_t *len)
{
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 800, 480);
    cairo_t *ic = cairo_create(img);
    cairo_set_source_rgb(ic, 1, 1, 1);
    cairo_paint(ic);
    cairo_set_source_rgb(ic, 0, 0, 0);
    cairo_set_line_width(ic, 4);
    for (int i = 0; i < 3; i++) {
        cairo_move_to(ic, 2, 2 + 238 * i);
        cairo_line_to(ic, 798, 2 + 238 * i);
        cairo_move_to(ic, 2 + 398 * i, 2);
        cairo_line_to(ic, 2 + 398 * i, 478);
    }
    cairo_stroke(ic);
    cairo_destroy(ic);
    GByteArray *bytes = g_byte_array_new();
    cairo_t *cr = pdf_begin(bytes, 595, 842);
    cairo_save(cr);
    cairo_translate(cr, 100, 200);
    cairo_scale(cr, 0.25, 0.25);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 10);
    static const char *const cells[] = { "Fortalezas", "Debilidades", "Oportunidades", "Amenazas" };
    for (int i = 0; i < 4 && words; i++) {
        cairo_move_to(cr, 110 + 100 * (i % 2), 230 + 60 * (i / 2));
        cairo_show_text(cr, cells[i]);
    }
    return pdf_end(cr, bytes, len);
}

/* Rules drawn as a picture with text over it (a scanned table under its
 * text layer) are found on a render of it; the same picture with no text
 * over it divides nothing and is not rendered. */
static void test_pictured_rules_under_text_are_rendered(void **state)
{
    size_t len;
    char *data = pictured_grid_pdf(true, &len);
    ex_rules r = rules_on(EX_ROUTE_AUTO, data, len, 0, 0, NULL);
    size_t h = 0, v = 0;
    for (size_t i = 0; i < r.n; i++)
        r.v[i].y0 == r.v[i].y1 ? h++ : v++;
    assert_int_equal(h, 3);
    assert_int_equal(v, 3);
    rulings_release(&r);
    g_free(data);
    data = pictured_grid_pdf(false, &len);
    r = rules_on(EX_ROUTE_AUTO, data, len, 0, 0, NULL);
    assert_int_equal(r.n, 0);
    rulings_release(&r);
    g_free(data);
}

/* A page tree with a stray entry (a string among its kids), which qpdf
 * repairs and may number otherwise than poppler: its pages are rendered,
 * so page 2's rules are its own (two columns), not another page's. */
static void test_repaired_page_tree_is_rendered(void **state)
{
    size_t len;
    char *data = test_read_file("tests/data/damaged/page_tree_stray_entry.pdf", &len);
    ex_rules r = rules_on(EX_ROUTE_AUTO, data, len, 1, 0, NULL);
    size_t columns = 0;
    for (size_t i = 0; i < r.n; i++) {
        bool h = r.v[i].y0 == r.v[i].y1;
        columns += !h && r.v[i].y1 - r.v[i].y0 > 300;
        assert_false(h && r.v[i].x1 - r.v[i].x0 > 100); /* page 1's long rule */
    }
    assert_int_equal(columns, 2);
    rulings_release(&r);
    g_free(data);
}

/* A page rendered for its rules whose embedded font FreeType refuses: the
 * render is of the page without its text, so poppler loads no font and
 * prints nothing ("some font thing failed" otherwise), and the rule drawn
 * on it is found. */
static void test_render_with_a_broken_font_prints_nothing(void **state)
{
    size_t len;
    char *pdf = test_pdf_broken_font("BT /F1 12 Tf 72 700 Td (Cruce) Tj ET 72 600 400 2 re f", &len);
    test_stderr caught = test_stderr_begin();
    ex_rules r = rules_of(pdf, len, 0, 0, NULL);
    char *printed = test_stderr_end(&caught);
    assert_string_equal(printed, "");
    g_free(printed);
    assert_int_equal(r.n, 1);
    assert_true(fabs(r.v[0].x0 - 72) < 1 && fabs(r.v[0].x1 - 472) < 1 && fabs(r.v[0].y0 - 191) < 1);
    rulings_release(&r);
    g_free(pdf);
}

/* A file poppler cannot open: the error says what poppler found wrong
 * (it reports through GLib's log, not to the error), on one line, and
 * nothing is printed. */
static void test_corrupt_pdf_error_says_what_poppler_found(void **state)
{
    size_t len;
    char *data = test_read_file("samples/layout_one_column.pdf", &len);
    test_stderr caught = test_stderr_begin();
    poa_error err = POA_ERROR_INIT;
    ex_doc *doc = extract_open(data, len / 3, "cut.pdf", NULL, &err);
    char *printed = test_stderr_end(&caught);
    assert_null(doc);
    assert_int_equal(err.code, POA_E_PDF);
    assert_non_null(strstr(err.message, "cut.pdf: corrupt or truncated PDF: "));
    assert_non_null(strstr(err.message, " (poppler: "));
    assert_null(strchr(err.message, '\n'));
    assert_string_equal(printed, "");
    g_free(printed);
    g_free(data);
}

/* A warning in poppler's log domain is not printed unasked: the library
 * handles the domain once a document was opened. */
static void test_poppler_warning_is_not_printed(void **state)
{
    size_t len;
    char *data = test_read_file("samples/layout_one_column.pdf", &len);
    extract_close(open_doc(data, len));
    g_unsetenv("G_MESSAGES_DEBUG");
    test_stderr caught = test_stderr_begin();
    g_log("Poppler", G_LOG_LEVEL_WARNING, "a warning of poppler-glib's");
    char *printed = test_stderr_end(&caught);
    assert_string_equal(printed, "");
    g_free(printed);
    g_free(data);
}

/* A line drawn under a run of text and no farther (an underline, a link)
 * runs under glyph boxes all along: no rule on either route. */
static void test_underline_is_not_a_rule(void **state)
{
    GByteArray *bytes = g_byte_array_new();
    cairo_t *cr = pdf_begin(bytes, 595, 842);
    const char *text = "Consulte el programa completo en el portal de transparencia";
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 10);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, text, &ext);
    cairo_move_to(cr, 60, 300);
    cairo_show_text(cr, text);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, 60 + ext.x_bearing, 301.5);
    cairo_line_to(cr, 60 + ext.x_bearing + ext.width, 301.5);
    cairo_stroke(cr);
    size_t len;
    char *data = pdf_end(cr, bytes, &len);
    ex_rules vector = rules_on(EX_ROUTE_AUTO, data, len, 0, 0, NULL);
    ex_rules raster = rules_on(EX_ROUTE_RASTER, data, len, 0, 0, NULL);
    assert_int_equal(vector.n, 0);
    assert_int_equal(raster.n, 0);
    rulings_release(&vector);
    rulings_release(&raster);
    g_free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_first_gives_the_same_rules_grids),
        cmocka_unit_test(test_render_first_gives_the_same_rules_under_a_watermark),
        cmocka_unit_test(test_render_first_gives_the_same_rules_landscape_form),
        cmocka_unit_test(test_band_start_within_a_pixel_changes_nothing),
        cmocka_unit_test(test_rule_close_under_text_found_whole),
        cmocka_unit_test(test_underscores_are_not_a_rule),
        cmocka_unit_test(test_huge_page_rendered_smaller_same_rules),
        cmocka_unit_test(test_drawn_bullets_become_glyphs),
        cmocka_unit_test(test_vector_rules_match_raster_grids),
        cmocka_unit_test(test_vector_rules_match_raster_under_a_watermark),
        cmocka_unit_test(test_vector_rules_match_raster_landscape_form),
        cmocka_unit_test(test_vector_rules_match_raster_libreoffice),
        cmocka_unit_test(test_vector_rules_match_raster_rotated_and_cropped),
        cmocka_unit_test(test_vector_rule_close_under_text_found_whole),
        cmocka_unit_test(test_underline_is_not_a_rule),
        cmocka_unit_test(test_dotted_rules_are_rules),
        cmocka_unit_test(test_shading_inside_a_dark_cell_is_no_rule),
        cmocka_unit_test(test_pictured_rules_under_text_are_rendered),
        cmocka_unit_test(test_repaired_page_tree_is_rendered),
        cmocka_unit_test(test_render_with_a_broken_font_prints_nothing),
        cmocka_unit_test(test_corrupt_pdf_error_says_what_poppler_found),
        cmocka_unit_test(test_poppler_warning_is_not_printed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
