/* test_extract.c - ruling lines found on renders (src/extract.c).
 *
 * A band of a page must give the same rules whether it is rendered alone
 * or cut from a whole-page render made before the text was read, and
 * wherever the band starts within a pixel; a rule drawn close under a
 * line of text (inside the descent of its glyph boxes) is found whole. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "extract.h"
#include "testutil.h"

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
 * made from DATA, the page read with RENDER_SCALE (0: text first). */
static ex_rules rules_of(const char *data, size_t len, int index, double render_scale,
                         const ex_box *area)
{
    ex_doc *d = open_doc(data, len);
    ex_page pg = EX_PAGE_INIT;
    ex_rules r = EX_RULES_INIT;
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(extract_page(d, index, &pg, render_scale, &err), 0);
    assert_int_equal(extract_rules(d, index, &pg, NULL, area, SCALE, 8, &r, &err), 0);
    extract_page_release(&pg);
    extract_close(d);
    return r;
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
            extract_rules_release(&after);
            extract_rules_release(&first);
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
        extract_rules_release(&r);
    }
    extract_rules_release(&ref);
    g_free(data);
}

/* cairo's PDF bytes, appended to the GByteArray CLOSURE. */
static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* A one-page PDF of WIDTH x HEIGHT points: TEXT in 10 pt from x = 60 on
 * the baseline y = 300 and, unless RULE_DY is NAN, a 0.6 pt rule from
 * x = 60 to 500 RULE_DY points under the baseline.  Made in memory (no
 * file two test runs could share).  Caller frees. */
static char *page_pdf(double width, double height, const char *text, double rule_dy,
                      size_t *len)
{
    GByteArray *bytes = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append_bytes, bytes, width, height);
    cairo_t *cr = cairo_create(s);
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
    cairo_destroy(cr);
    cairo_surface_destroy(s); /* writes the rest */
    *len = bytes->len;
    return (char *)g_byte_array_free(bytes, FALSE);
}

static char *one_line_pdf(const char *text, double rule_dy, size_t *len)
{
    return page_pdf(595, 842, text, rule_dy, len);
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
    extract_rules_release(&after);
    extract_rules_release(&first);
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
            extract_rules_release(&r);
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
    extract_rules_release(&r);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
