/* test_pdf_paths.c - the lines and areas read from a page's content
 * stream (src/pdf_paths.c).
 *
 * Each test builds a one-page PDF in memory with qpdf, its content stream
 * written out literally, so that the test states exactly what is painted.
 * Boxes come out in poppler's coordinates: points, origin at the top-left
 * corner of the crop box, after /Rotate.  On the default 612 x 792 page
 * with no rotation, user-space (x, y) is (x, 792 - y). */
#include <cairo.h>
#include <limits.h>
#include <math.h>
#include <poppler.h>
#include <qpdf/qpdf-c.h>
#include <string.h>
#include <unistd.h>

#include "pdf_paths.h"
#include "testqpdf.h"

#define TOL 0.01 /* points */

static char *pdf_with_content(const char *content, const char *page_extra_keys, size_t *len)
{
    return pdf_build(content, page_extra_keys, NULL, 0, len);
}

/* ---- reading them --------------------------------------------------------- */

/* Read page 0 of PDF into OUT: paths_read_page's result, or -2 when the
 * PDF does not open.  Fails nothing, so that the caller can free first:
 * a failing test leaks nothing (valgrind reports only the failure). */
static int read_first_page(const char *pdf, size_t len, paths_page *out)
{
    paths_doc *doc = paths_open(pdf, len, NULL);
    if (!doc)
        return -2;
    int rc = paths_read_page(doc, 0, out);
    paths_close(doc);
    return rc;
}

/* What CONTENT paints on a page with PAGE_EXTRA keys and STREAMS. */
static paths_page paint_with(const char *content, const char *page_extra,
                             const res_stream *streams, size_t n)
{
    size_t len;
    char *pdf = pdf_build(content, page_extra, streams, n, &len);
    paths_page page = PATHS_PAGE_INIT;
    int rc = read_first_page(pdf, len, &page);
    g_free(pdf);
    if (rc != 0)
        fail_msg("\"%.60s\": the page cannot be read (%d)", content, rc);
    return page;
}

/* What CONTENT paints on a plain 612 x 792 page. */
static paths_page paint(const char *content)
{
    return paint_with(content, "", NULL, 0);
}

/* What a page painted, in short, kept once the page is released: the
 * checks come after, so that a failing one leaks nothing. */
typedef struct painted {
    size_t n_ink, n_unknown;
    ex_box ink, unknown; /* the first of each (zeros when none) */
    double dash;         /* of the first ink box */
} painted;

/* The summary of P, which is released. */
static painted summarize(paths_page *p)
{
    painted s = { p->n_ink, p->n_unknown, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, 0 };
    if (p->n_ink)
        s.ink = p->ink[0].box, s.dash = p->ink[0].dash;
    if (p->n_unknown)
        s.unknown = p->unknown[0];
    paths_page_release(p);
    return s;
}

/* What CONTENT paints on a page with PAGE_EXTRA keys and STREAMS, in short. */
static painted painted_by(const char *content, const char *page_extra,
                          const res_stream *streams, size_t n)
{
    paths_page p = paint_with(content, page_extra, streams, n);
    return summarize(&p);
}

/* ---- assertions ----------------------------------------------------------- */

static bool box_is(const ex_box *b, double x0, double y0, double x1, double y1)
{
    return fabs(b->x0 - x0) < TOL && fabs(b->y0 - y0) < TOL && fabs(b->x1 - x1) < TOL &&
           fabs(b->y1 - y1) < TOL;
}

static void assert_box(const ex_box *b, double x0, double y0, double x1, double y1)
{
    if (!box_is(b, x0, y0, x1, y1))
        fail_msg("box %.3f %.3f %.3f %.3f, expected %.3f %.3f %.3f %.3f", b->x0, b->y0, b->x1,
                 b->y1, x0, y0, x1, y1);
}

/* Ink box I of P is (x0, y0)-(x1, y1). */
static void assert_ink(const paths_page *p, size_t i, double x0, double y0, double x1,
                       double y1)
{
    if (i >= p->n_ink)
        fail_msg("ink box %zu asked, %zu found", i, p->n_ink);
    assert_box(&p->ink[i].box, x0, y0, x1, y1);
}

/* Some ink box of P is (x0, y0)-(x1, y1): for pieces whose order is no
 * part of the contract. */
static void assert_has_ink(const paths_page *p, double x0, double y0, double x1, double y1)
{
    for (size_t i = 0; i < p->n_ink; i++)
        if (box_is(&p->ink[i].box, x0, y0, x1, y1))
            return;
    fail_msg("no ink box %.3f %.3f %.3f %.3f among %zu", x0, y0, x1, y1, p->n_ink);
}

static void assert_unknown(const paths_page *p, size_t i, double x0, double y0, double x1,
                           double y1)
{
    if (i >= p->n_unknown)
        fail_msg("unknown area %zu asked, %zu found", i, p->n_unknown);
    assert_box(&p->unknown[i], x0, y0, x1, y1);
}

/* S, painted by CONTENT, has N_INK ink boxes and N_UNKNOWN unknown areas. */
static void assert_counts(const painted *s, const char *content, size_t n_ink, size_t n_unknown)
{
    if (s->n_ink != n_ink || s->n_unknown != n_unknown)
        fail_msg("\"%s\": %zu ink boxes (first %.2f %.2f %.2f %.2f) and %zu unknown areas "
                 "(first %.2f %.2f %.2f %.2f), expected %zu and %zu",
                 content, s->n_ink, s->ink.x0, s->ink.y0, s->ink.x1, s->ink.y1, s->n_unknown,
                 s->unknown.x0, s->unknown.y0, s->unknown.x1, s->unknown.y1, n_ink, n_unknown);
}

/* CONTENT paints exactly one ink box, (x0, y0)-(x1, y1), and nothing unknown. */
static void assert_one_ink(const char *content, double x0, double y0, double x1, double y1)
{
    painted s = painted_by(content, "", NULL, 0);
    assert_counts(&s, content, 1, 0);
    assert_box(&s.ink, x0, y0, x1, y1);
}

/* CONTENT paints no ink (and nothing unknown). */
static void assert_no_ink(const char *content)
{
    painted s = painted_by(content, "", NULL, 0);
    assert_counts(&s, content, 0, 0);
}

/* CONTENT on a plain page: poppler paints (x0, y0)-(x1, y1) dark (whole
 * pixels: the content must paint on pixel boundaries), and that is the
 * one ink box read. */
static void assert_ink_as_poppler(const char *content, double x0, double y0, double x1,
                                  double y1)
{
    size_t len;
    char *pdf = pdf_with_content(content, "", &len);
    double w, h;
    ex_box seen = poppler_dark_box(pdf, len, &w, &h);
    paths_page p = PATHS_PAGE_INIT;
    int rc = read_first_page(pdf, len, &p);
    g_free(pdf);
    painted s = summarize(&p);
    if (!box_is(&seen, x0, y0, x1, y1))
        fail_msg("\"%s\": poppler paints %.2f %.2f %.2f %.2f, expected %.2f %.2f %.2f %.2f",
                 content, seen.x0, seen.y0, seen.x1, seen.y1, x0, y0, x1, y1);
    assert_int_equal(rc, 0);
    assert_counts(&s, content, 1, 0);
    assert_box(&s.ink, x0, y0, x1, y1);
}

/* ---- 1. stroked lines ----------------------------------------------------- */

static void test_horizontal_stroke_is_one_box_one_point_tall(void **state)
{
    /* y 700 flips to 92; the 1 pt width spreads half each side */
    assert_one_ink("0 0 0 RG 1 w 100 700 m 400 700 l S", 100, 91.5, 400, 92.5);
}

static void test_vertical_stroke_is_one_box_one_point_wide(void **state)
{
    assert_one_ink("0 0 0 RG 1 w 100 100 m 100 700 l S", 99.5, 92, 100.5, 692);
}

/* ---- 2. fills and paper over ink ------------------------------------------- */

static void test_black_rectangle_fill_is_its_box(void **state)
{
    assert_one_ink("0 g 100 600 300 2 re f", 100, 190, 400, 192);
}

/* A small filled disc (four curves, as a browser draws a list's bullet)
 * and a small filled square are marks; a large disc, a white disc, a
 * long thin rectangle and a stroked circle are not. */
static void test_small_filled_shapes_are_marks(void **state)
{
    /* a disc of radius 2 around (60, 700): y flips to 92 */
    const char *disc = "0 g 62 700 m 62 701.1 61.1 702 60 702 c 58.9 702 58 701.1 58 700 c "
                       "58 698.9 58.9 698 60 698 c 61.1 698 62 698.9 62 700 c h f";
    paths_page p = paint(disc);
    assert_int_equal(p.n_marks, 1);
    assert_true(fabs(p.marks[0].x0 - 58) < TOL && fabs(p.marks[0].y0 - 90) < TOL &&
                fabs(p.marks[0].x1 - 62) < TOL && fabs(p.marks[0].y1 - 94) < TOL);
    assert_int_equal(p.n_ink, 0); /* a curve is no rule */
    paths_page_release(&p);
    p = paint("0 g 100 600 3 3 re f");
    assert_int_equal(p.n_marks, 1);
    paths_page_release(&p);
    const char *none[] = {
        "0 g 82 700 m 82 711 71 722 60 722 c 49 722 38 711 38 700 c 38 689 49 678 60 678 c "
        "71 678 82 689 82 700 c h f",                       /* a disc of 44 pt: a logo */
        "1 g 62 700 m 62 701.1 61.1 702 60 702 c 58.9 702 58 701.1 58 700 c "
        "58 698.9 58.9 698 60 698 c 61.1 698 62 698.9 62 700 c h f", /* paper */
        "0 g 100 600 7 2 re f",                              /* a dash, not a dot */
        "0 G 62 700 m 62 701.1 61.1 702 60 702 c 58.9 702 58 701.1 58 700 c "
        "58 698.9 58.9 698 60 698 c 61.1 698 62 698.9 62 700 c h S", /* stroked */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(none); i++) {
        p = paint(none[i]);
        if (p.n_marks)
            fail_msg("\"%.40s\": %zu marks, expected none", none[i], p.n_marks);
        paths_page_release(&p);
    }
}

/* A paper fill (white, or any paint too light to be ink) over a black rule
 * erases what it covers: the pieces on either side remain. */
static void check_paper_fill_cuts_rule(const char *paper)
{
    gchar *content = g_strdup_printf("0 g 100 600 300 2 re f %s 200 590 50 20 re f", paper);
    paths_page p = paint(content);
    if (p.n_ink != 2)
        fail_msg("\"%s\": %zu ink boxes, expected the 2 pieces", content, p.n_ink);
    assert_has_ink(&p, 100, 190, 200, 192);
    assert_has_ink(&p, 250, 190, 400, 192);
    paths_page_release(&p);
    g_free(content);
}

static void test_white_fill_erases_overlapped_part_of_rule(void **state)
{
    check_paper_fill_cuts_rule("1 g");
}

static void test_light_fill_erases_like_white(void **state)
{
    check_paper_fill_cuts_rule("0.95 g");
}

/* A half-transparent white lets the rule show through: no erasing. */
static void test_translucent_white_fill_does_not_erase(void **state)
{
    paths_page p = paint_with("0 g 100 600 300 2 re f /GS0 gs 1 g 200 590 50 20 re f",
                              "/Resources << /ExtGState << /GS0 << /ca 0.5 >> >> >>", NULL, 0);
    assert_int_equal(p.n_ink, 1);
    assert_ink(&p, 0, 100, 190, 400, 192);
    paths_page_release(&p);
}

/* A paper fill erases a stroked rule as well as a filled one. */
static void test_white_fill_erases_stroked_rule(void **state)
{
    paths_page p = paint("0 0 0 RG 1 w 100 700 m 400 700 l S 1 g 150 650 100 100 re f");
    assert_int_equal(p.n_ink, 2);
    assert_has_ink(&p, 100, 91.5, 150, 92.5);
    assert_has_ink(&p, 250, 91.5, 400, 92.5);
    paths_page_release(&p);
}

/* ---- 3. colours ------------------------------------------------------------- */

static void test_light_strokes_are_no_ink(void **state)
{
    assert_no_ink("0.9 G 100 700 m 400 700 l S");
    assert_no_ink("0.9 0.9 0.9 RG 100 700 m 400 700 l S");
    assert_no_ink("0 0 0 0 K 100 700 m 400 700 l S");
}

static void test_dark_paints_are_ink(void **state)
{
    assert_one_ink("0.2 G 100 700 m 400 700 l S", 100, 91.5, 400, 92.5);
    assert_one_ink("0.2 g 100 600 300 2 re f", 100, 190, 400, 192);
    assert_one_ink("0 0 0 1 K 100 700 m 400 700 l S", 100, 91.5, 400, 92.5);
    assert_one_ink("0.2 0.2 0.2 rg 100 600 300 2 re f", 100, 190, 400, 192);
}

/* Colour spaces named in the page's /ColorSpace resources: a Separation
 * (tint 1 is full ink), an ICCBased one with /N 1 (gray) and an Indexed
 * one (its ink is not known: an unknown area). */
#define CS_RESOURCES                                                                       \
    "/Resources << /ColorSpace << "                                                        \
    "/CS0 [/Separation /Black /DeviceGray "                                                \
    "<< /FunctionType 2 /Domain [0 1] /C0 [1] /C1 [0] /N 1 >>] "                           \
    "/CS1 [/ICCBased null] /CS2 [/Indexed /DeviceRGB 1 <000000FFFFFF>] >> >>"
static const res_stream icc_gray[] = {
    { "/ColorSpace/CS1/1", "<< /N 1 >>", "not a real profile: only /N is read" },
};

/* CONTENT, which strokes the line from (100, 700) to (400, 700) with the
 * colour spaces above, paints N_INK ink boxes and N_UNKNOWN unknown
 * areas, each that line's box. */
static void assert_spaced_ink(const char *content, size_t n_ink, size_t n_unknown)
{
    painted s = painted_by(content, CS_RESOURCES, icc_gray, G_N_ELEMENTS(icc_gray));
    assert_counts(&s, content, n_ink, n_unknown);
    if (n_ink)
        assert_box(&s.ink, 100, 91.5, 400, 92.5);
    if (n_unknown)
        assert_box(&s.unknown, 100, 91.5, 400, 92.5);
}

static void test_separation_tint_decides_ink(void **state)
{
    assert_spaced_ink("/CS0 CS 1 SCN 100 700 m 400 700 l S", 1, 0);
    assert_spaced_ink("/CS0 CS 0.1 SCN 100 700 m 400 700 l S", 0, 0);
    assert_spaced_ink("/CS0 CS 100 700 m 400 700 l S", 1, 0); /* initial tint: 1 */
}

static void test_icc_based_one_component_is_gray(void **state)
{
    assert_spaced_ink("/CS1 CS 0.2 SCN 100 700 m 400 700 l S", 1, 0);
    assert_spaced_ink("/CS1 CS 0.9 SCN 100 700 m 400 700 l S", 0, 0);
}

static void test_indexed_stroke_is_unknown_area(void **state)
{
    assert_spaced_ink("/CS2 CS 0 SCN 100 700 m 400 700 l S", 0, 1);
}

/* ---- 4. the CTM --------------------------------------------------------------- */

/* cm scales both the coordinates and the width; Q brings back the CTM
 * (and the width set before q). */
static void test_cm_scales_coordinates_and_width_until_q_ends(void **state)
{
    paths_page p = paint("0 0 0 RG 2 w q 0.5 0 0 0.5 0 0 cm 100 700 m 400 700 l S Q "
                         "100 100 m 400 100 l S");
    assert_int_equal(p.n_ink, 2);
    assert_ink(&p, 0, 50, 441.5, 200, 442.5); /* (50, 350) user, 1 pt wide */
    assert_ink(&p, 1, 100, 691, 400, 693);
    paths_page_release(&p);
}

static void test_cm_translation_and_rotation(void **state)
{
    /* a quarter turn about (300, 100): the line along x from 0 to 200
     * becomes upright, from (300, 100) to (300, 300) on the page */
    paths_page p = paint("0 0 0 RG 1 w q 0 1 -1 0 300 100 cm 0 0 m 200 0 l S Q");
    assert_int_equal(p.n_ink, 1);
    assert_ink(&p, 0, 299.5, 492, 300.5, 692); /* user y 100..300 */
    paths_page_release(&p);
}

/* The width across a line scales with the CTM across it (poppler agrees,
 * as checked): under "1 0 0 0.5 cm" a horizontal 4 pt line is 2 pt tall,
 * a vertical one 4 pt wide; under "0.5 0 0 1 cm" the other way round. */
static void test_anisotropic_ctm_scales_width_across_the_line(void **state)
{
    assert_ink_as_poppler("0 0 0 RG 4 w 1 0 0 0.5 0 0 cm 100 1400 m 400 1400 l S", 100, 91,
                          400, 93);
    assert_ink_as_poppler("0 0 0 RG 4 w 1 0 0 0.5 0 0 cm 100 200 m 100 1400 l S", 98, 92, 102,
                          692);
    assert_ink_as_poppler("0 0 0 RG 4 w 0.5 0 0 1 0 0 cm 200 700 m 800 700 l S", 100, 90, 400,
                          94);
    assert_ink_as_poppler("0 0 0 RG 4 w 0.5 0 0 1 0 0 cm 200 100 m 200 700 l S", 99, 92, 101,
                          692);
}

/* ---- 5. page rotation and crop box ----------------------------------------- */

/* One page geometry: its extra keys, its size after /Rotate and the box
 * of the line below.  The expected boxes come from poppler's GfxState
 * transform (page_matrix() follows it) and are checked against a poppler
 * render as well. */
typedef struct geometry_case {
    const char *keys;
    double width, height;
    ex_box line;
} geometry_case;

/* A 4 pt line from (100, 700) to (400, 700): whole pixels on every page. */
#define GEOMETRY_LINE "0 0 0 RG 4 w 100 700 m 400 700 l S"

static void check_geometry(const geometry_case *c)
{
    size_t len;
    char *pdf = pdf_with_content(GEOMETRY_LINE, c->keys, &len);
    double w, h;
    ex_box seen = poppler_dark_box(pdf, len, &w, &h);
    paths_page p = PATHS_PAGE_INIT;
    int rc = read_first_page(pdf, len, &p);
    g_free(pdf);
    painted s = summarize(&p);
    if (fabs(w - c->width) > TOL || fabs(h - c->height) > TOL)
        fail_msg("\"%s\": poppler's page is %.2f x %.2f, expected %.2f x %.2f", c->keys, w, h,
                 c->width, c->height);
    if (!box_is(&seen, c->line.x0, c->line.y0, c->line.x1, c->line.y1))
        fail_msg("\"%s\": poppler paints %.2f %.2f %.2f %.2f, expected %.2f %.2f %.2f %.2f",
                 c->keys, seen.x0, seen.y0, seen.x1, seen.y1, c->line.x0, c->line.y0,
                 c->line.x1, c->line.y1);
    assert_int_equal(rc, 0);
    assert_counts(&s, GEOMETRY_LINE, 1, 0);
    if (!box_is(&s.ink, seen.x0, seen.y0, seen.x1, seen.y1))
        fail_msg("\"%s\": ink box %.2f %.2f %.2f %.2f, poppler paints %.2f %.2f %.2f %.2f",
                 c->keys, s.ink.x0, s.ink.y0, s.ink.x1, s.ink.y1, seen.x0, seen.y0, seen.x1,
                 seen.y1);
}

static void test_rotation_and_crop_box_as_poppler(void **state)
{
    static const geometry_case cases[] = {
        { "", 612, 792, { 100, 90, 400, 94 } },
        { "/Rotate 90", 792, 612, { 698, 100, 702, 400 } },
        { "/Rotate 180", 612, 792, { 212, 698, 512, 702 } },
        { "/Rotate 270", 792, 612, { 90, 212, 94, 512 } },
        { "/Rotate -90", 792, 612, { 90, 212, 94, 512 } },
        { "/Rotate 450", 792, 612, { 698, 100, 702, 400 } },
        { "/CropBox [50 100 562 742]", 512, 642, { 50, 40, 350, 44 } },
        { "/CropBox [50 100 562 742] /Rotate 90", 642, 512, { 598, 50, 602, 350 } },
        { "/CropBox [50 100 562 742] /Rotate 270", 642, 512, { 40, 162, 44, 462 } },
        { "/MediaBox [100 200 712 992]", 612, 792, { 0, 290, 300, 294 } },
        /* a crop box larger than the media box is cut to it */
        { "/CropBox [-50 -50 700 900]", 612, 792, { 100, 90, 400, 94 } },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        check_geometry(&cases[i]);
}

/* ---- 6. dashes ------------------------------------------------------------- */

static void test_dash_is_longest_dash_and_resets(void **state)
{
    paths_page p = paint("0 0 0 RG [2 3] 0 d 100 700 m 400 700 l S "
                         "[2 3 5 1] 0 d 100 600 m 400 600 l S "
                         "[] 0 d 100 500 m 400 500 l S");
    assert_int_equal(p.n_ink, 3);
    assert_ink(&p, 0, 100, 91.5, 400, 92.5);
    assert_float_equal(p.ink[0].dash, 2, TOL);
    assert_float_equal(p.ink[1].dash, 5, TOL); /* gaps (odd entries) do not count */
    assert_float_equal(p.ink[2].dash, 0, TOL);
    paths_page_release(&p);
}

/* A dash is in user space: the CTM scales it as it does the line. */
static void test_dash_scales_with_ctm(void **state)
{
    paths_page p = paint("0 0 0 RG 0.5 0 0 0.5 0 0 cm [4 2] 0 d 100 700 m 400 700 l S");
    assert_int_equal(p.n_ink, 1);
    assert_float_equal(p.ink[0].dash, 2, TOL);
    paths_page_release(&p);
}

/* A dash is measured along its line: under "1 0 0 0.5 cm" the dashes of
 * a horizontal "[4 2] 0 d" line stay 4 pt long on the page (x is not
 * scaled), whatever the CTM does across the line. */
static void test_dash_scales_along_the_line(void **state)
{
    static const char content[] = "0 0 0 RG 1 0 0 0.5 0 0 cm [4 2] 0 d 100 1400 m 400 1400 l S";
    painted s = painted_by(content, "", NULL, 0);
    assert_counts(&s, content, 1, 0);
    if (fabs(s.dash - 4) > TOL)
        fail_msg("dash %.3f along an unscaled x, expected 4", s.dash);
}

/* An ExtGState's /D and /LW set the dash and the width as d and w do. */
static void test_ext_gstate_dash_and_width(void **state)
{
    paths_page p = paint_with("0 0 0 RG /GS0 gs 100 700 m 400 700 l S",
                              "/Resources << /ExtGState << /GS0 << /D [[6 2] 0] /LW 3 >> >> >>",
                              NULL, 0);
    assert_int_equal(p.n_ink, 1);
    assert_ink(&p, 0, 100, 90.5, 400, 93.5);
    assert_float_equal(p.ink[0].dash, 6, TOL);
    paths_page_release(&p);
}

/* A dash array whose dashes are all 0 long draws dots (with round caps,
 * the usual dotted line): dashed, never solid, though its longest dash is
 * 0.  The d operator and an ExtGState's /D agree. */
static void check_dots_not_solid(const char *content, const char *page_extra)
{
    painted s = painted_by(content, page_extra, NULL, 0);
    assert_counts(&s, content, 1, 0);
    if (!(s.dash > 0))
        fail_msg("\"%s\": dots give dash %g: read as a solid rule", content, s.dash);
}

static void test_dotted_line_is_not_solid(void **state)
{
    check_dots_not_solid("0 0 0 RG 1 J [0 3] 0 d 100 700 m 400 700 l S", "");
    check_dots_not_solid("0 0 0 RG 1 J /GS0 gs 100 700 m 400 700 l S",
                         "/Resources << /ExtGState << /GS0 << /D [[0 3] 0] >> >> >>");
}

/* ---- 7. clipping ------------------------------------------------------------- */

static void test_clip_cuts_line_to_its_bounding_box(void **state)
{
    assert_one_ink("0 0 100 100 re W n 0 0 0 RG 0 50 m 400 50 l S", 0, 741.5, 100, 742.5);
}

static void test_clip_ends_with_q(void **state)
{
    assert_one_ink("q 0 0 100 100 re W n Q 0 0 0 RG 0 50 m 400 50 l S", 0, 741.5, 400, 742.5);
}

/* Paper painted wholly outside the clip paints nothing: the rule stays
 * covered from end to end.  (erase() still cuts it, into two overlapping
 * pieces, 0..200 and 50..400: redundant, but no ink is lost.) */
static void test_paper_outside_clip_leaves_rule(void **state)
{
    paths_page p = paint("0 g 0 600 400 2 re f q 0 0 50 792 re W n 1 g 200 590 50 20 re f Q");
    for (double x = 0.5; x < 400; x += 1) {
        bool covered = false;
        for (size_t i = 0; i < p.n_ink; i++) {
            const ex_box *b = &p.ink[i].box;
            assert_true(b->x0 >= -TOL && b->x1 <= 400 + TOL && b->y0 >= 190 - TOL &&
                        b->y1 <= 192 + TOL);
            covered |= b->x0 <= x && x <= b->x1 && b->y0 <= 190 + TOL && b->y1 >= 192 - TOL;
        }
        if (!covered)
            fail_msg("x %.1f of the rule lost", x);
    }
    paths_page_release(&p);
}

/* ---- 8. XObjects ------------------------------------------------------------ */

#define FORM_DICT(box, matrix) \
    "<< /Type /XObject /Subtype /Form /BBox [" box "] /Matrix [" matrix "] >>"

/* The form tests run on a page that states /Rotate 0; a page without
 * the key is test_form_followed_on_page_without_rotate's. */
#define FORM_PAGE "/Rotate 0"

/* A form's line is drawn under its /Matrix; after Do the page's CTM is
 * back. */
static void test_form_xobject_is_followed_under_its_matrix(void **state)
{
    static const res_stream form[] = {
        { "/XObject/Fm0", FORM_DICT("0 0 500 500", "1 0 0 1 50 100"),
          "0 0 0 RG 1 w 10 10 m 210 10 l S" },
    };
    paths_page p = paint_with("/Fm0 Do 0 0 0 RG 100 300 m 400 300 l S", FORM_PAGE, form, 1);
    assert_int_equal(p.n_ink, 2);
    assert_int_equal(p.n_unknown, 0);
    assert_ink(&p, 0, 60, 681.5, 260, 682.5); /* user (60..260, 110) */
    assert_ink(&p, 1, 100, 491.5, 400, 492.5);
    paths_page_release(&p);
}

/* A form's /Matrix scales its line width too; its /BBox clips. */
static void test_form_matrix_scales_and_bbox_clips(void **state)
{
    static const res_stream form[] = {
        { "/XObject/Fm0", FORM_DICT("0 0 100 100", "2 0 0 2 0 0"),
          "0 0 0 RG 1 w -50 10 m 300 10 l S" },
    };
    paths_page p = paint_with("/Fm0 Do", FORM_PAGE, form, 1);
    assert_int_equal(p.n_ink, 1);
    assert_ink(&p, 0, 0, 771, 200, 773); /* user y 20, 2 pt wide, x cut to 0..200 */
    paths_page_release(&p);
}

/* A form on a page with no /Rotate key (most pages) is followed: reading
 * a missing key must leave no qpdf warning that a later call would take
 * for a failure. */
static void test_form_followed_on_page_without_rotate(void **state)
{
    static const res_stream form[] = {
        { "/XObject/Fm0", FORM_DICT("0 0 500 500", "1 0 0 1 50 100"),
          "0 0 0 RG 1 w 10 10 m 210 10 l S" },
    };
    painted s = painted_by("/Fm0 Do", "", form, 1);
    assert_counts(&s, "/Fm0 Do (no /Rotate)", 1, 0); /* fails: 0 ink, unknown 50 192 550 692 */
    assert_box(&s.ink, 60, 681.5, 260, 682.5);
}

/* One dark gray pixel ('x' is 120 of 255). */
static const res_stream one_pixel_image[] = {
    { "/XObject/Im0",
      "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
      "/BitsPerComponent 8 >>",
      "x" },
};

/* CONTENT, which draws Im0 on the unit square under 200 0 0 100 50 300
 * cm, paints that area (poppler agrees), unknown. */
static void assert_image_drawn(const char *content)
{
    size_t len;
    char *pdf = pdf_build(content, "", one_pixel_image, 1, &len);
    double w, h;
    ex_box seen = poppler_dark_box(pdf, len, &w, &h);
    paths_page p = PATHS_PAGE_INIT;
    int rc = read_first_page(pdf, len, &p);
    g_free(pdf);
    painted s = summarize(&p);
    assert_box(&seen, 50, 392, 250, 492); /* user (50..250, 300..400) */
    assert_int_equal(rc, 0);
    assert_counts(&s, content, 0, 1);
    assert_box(&s.unknown, 50, 392, 250, 492);
}

static void test_image_xobject_is_unknown_unit_square(void **state)
{
    assert_image_drawn("q 200 0 0 100 50 300 cm /Im0 Do Q");
}

/* A name in a content stream may write any character as #xx (PDF 32000
 * 7.3.5): /Im#30 is the resource /Im0, as poppler reads it. */
static void test_escaped_resource_name_is_found(void **state)
{
    assert_image_drawn("q 200 0 0 100 50 300 cm /Im#30 Do Q");
}

/* An inline image is skipped whole (its data is no operators) and is an
 * unknown area; what follows is read as usual. */
static void test_inline_image_is_unknown_unit_square(void **state)
{
    paths_page p = paint("q 20 0 0 10 100 100 cm BI /W 2 /H 1 /CS /G /BPC 8 ID ml EI Q "
                         "0 0 0 RG 100 700 m 400 700 l S");
    assert_int_equal(p.n_unknown, 1);
    assert_unknown(&p, 0, 100, 682, 120, 692);
    assert_int_equal(p.n_ink, 1);
    assert_ink(&p, 0, 100, 91.5, 400, 92.5);
    paths_page_release(&p);
}

/* ---- 9. robustness ----------------------------------------------------------- */

#define LINE_AT_700 "0 0 0 RG 1 w 100 700 m 400 700 l S "
#define LINE_AT_600 " 0 0 0 RG 1 w 100 600 m 400 600 l S"

/* CONTENT, which starts with the line at y 700, paints at least that. */
static paths_page assert_first_line_counts(const char *content)
{
    paths_page p = paint(content);
    if (p.n_ink < 1)
        fail_msg("\"%.60s...\": no ink", content);
    assert_ink(&p, 0, 100, 91.5, 400, 92.5);
    return p;
}

static void test_garbage_tokens_are_skipped(void **state)
{
    paths_page p = assert_first_line_counts(
        LINE_AT_700 "@#! foo ]]] }} {{ )) > 12.3.4 -- + . -.- /  "
                    "\x01\x7f\xff\xfe true false null <abc> <<>> BT ET Tj TJ" LINE_AT_600);
    assert_int_equal(p.n_ink, 2);
    assert_ink(&p, 1, 100, 191.5, 400, 192.5);
    paths_page_release(&p);
}

/* A Q with no q is ignored: the CTM stays the page's. */
static void test_unbalanced_q_is_ignored(void **state)
{
    paths_page p = assert_first_line_counts(LINE_AT_700 "Q Q Q q 2 0 0 2 0 0 cm Q Q" LINE_AT_600);
    assert_int_equal(p.n_ink, 2);
    assert_ink(&p, 1, 100, 191.5, 400, 192.5);
    paths_page_release(&p);
}

static void test_unterminated_string_ends_reading(void **state)
{
    paths_page p = assert_first_line_counts(LINE_AT_700 "BT (never closed \\) Tj ET");
    assert_int_equal(p.n_ink, 1);
    paths_page_release(&p);
}

static void test_unterminated_array_and_hex_string(void **state)
{
    paths_page p = assert_first_line_counts(LINE_AT_700 "[1 2 (a) <<");
    assert_int_equal(p.n_ink, 1);
    paths_page_release(&p);
    p = assert_first_line_counts(LINE_AT_700 "<0a0b");
    assert_int_equal(p.n_ink, 1);
    paths_page_release(&p);
}

/* Operands beyond what an operator takes: the last ones are its own. */
static void test_huge_operand_count(void **state)
{
    GString *s = g_string_new(LINE_AT_700);
    for (int i = 0; i < 100000; i++)
        g_string_append(s, "7 ");
    g_string_append(s, "100 600 m 400 600 l S");
    paths_page p = assert_first_line_counts(s->str);
    assert_int_equal(p.n_ink, 2);
    assert_ink(&p, 1, 100, 191.5, 400, 192.5);
    paths_page_release(&p);
    g_string_free(s, TRUE);
}

/* g, rg and k (G, RG, K) take their last operands, as poppler does:
 * "7 0 0 0 RG" strokes black. */
static void test_stray_operand_before_colour_operator(void **state)
{
    assert_ink_as_poppler("7 0 0 0 RG 4 w 100 700 m 400 700 l S", 100, 90, 400, 94);
}

static void test_missing_resources_and_operands(void **state)
{
    paths_page p =
        assert_first_line_counts(LINE_AT_700 "/Nope Do Do 5 Do /Nope gs gs q /Nope cs Q "
                                             "m l c re cm w d" LINE_AT_600);
    assert_int_equal(p.n_ink, 2);
    assert_int_equal(p.n_unknown, 0);
    assert_ink(&p, 1, 100, 191.5, 400, 192.5);
    paths_page_release(&p);
}

/* A hundred nested q levels: every level back, the CTM is the one saved
 * by the outermost q. */
static void test_deep_q_nesting(void **state)
{
    GString *s = g_string_new(LINE_AT_700);
    for (int i = 0; i < 100; i++)
        g_string_append(s, "q ");
    g_string_append(s, "0.5 0 0 0.5 0 0 cm 100 700 m 400 700 l S ");
    for (int i = 0; i < 100; i++)
        g_string_append(s, "Q ");
    g_string_append(s, LINE_AT_600);
    paths_page p = assert_first_line_counts(s->str);
    assert_int_equal(p.n_ink, 3);
    assert_ink(&p, 1, 50, 441.75, 200, 442.25);
    assert_ink(&p, 2, 100, 191.5, 400, 192.5);
    paths_page_release(&p);
    g_string_free(s, TRUE);
}

/* A form deep inside many q levels (70, past any fixed stack) leaves its
 * clip and matrix behind when it ends: the rule after it is whole. */
static void test_form_deep_in_q_levels_restores_its_state(void **state)
{
    static const res_stream form[] = {
        { "/XObject/X0", FORM_DICT("0 0 50 50", "1 0 0 1 0 0"), "0 0 0 RG 1 w 0 10 m 40 10 l S" },
    };
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 70; i++)
        g_string_append(s, "q ");
    g_string_append(s, "/X0 Do ");
    for (int i = 0; i < 70; i++)
        g_string_append(s, "Q ");
    g_string_append(s, "0 0 0 RG 2 w 100 400 m 500 400 l S");
    paths_page p = paint_with(s->str, FORM_PAGE, form, 1);
    assert_int_equal(p.n_ink, 2);
    assert_ink(&p, 1, 100, 391, 500, 393);
    paths_page_release(&p);
    g_string_free(s, TRUE);
}

/* A hairline (width 0) partly under paper keeps its two ends: a piece of
 * a line that had no width is still a piece. */
static void test_hairline_cut_by_paper_keeps_its_ends(void **state)
{
    paths_page p = paint("0 w 0 G 100 400 m 500 400 l S 1 g 300 390 50 20 re f");
    assert_int_equal(p.n_ink, 2);
    assert_ink(&p, 0, 100, 392, 300, 392);
    assert_ink(&p, 1, 350, 392, 500, 392);
    paths_page_release(&p);
}

/* A page that paints paper over its ink more than a reader's page ever
 * does (a thousand white stripes over black) is left to a render (-1)
 * rather than cut for seconds. */
static void test_too_much_paper_over_ink_is_left_to_a_render(void **state)
{
    GString *s = g_string_new("0 g 0 0 612 792 re f 1 g");
    for (int i = 0; i < 1000; i++)
        g_string_append_printf(s, " %d 0 0.3 792 re f 0 %d 612 0.3 re f", i % 600, i % 780);
    size_t len;
    char *pdf = pdf_build(s->str, "", NULL, 0, &len);
    paths_page p = PATHS_PAGE_INIT;
    int rc = read_first_page(pdf, len, &p);
    g_free(pdf);
    g_string_free(s, TRUE);
    assert_int_equal(rc, -1);
    assert_int_equal(p.n_ink, 0);
    paths_page_release(&p);
}

/* A form with no resources of its own runs in the page's, where its name
 * is itself: it is followed to a few levels, then is an unknown area. */
static void test_self_drawing_form_stops(void **state)
{
    static const res_stream form[] = {
        { "/XObject/Fm0", FORM_DICT("0 0 612 792", "1 0 0 1 0 0"),
          "0 0 0 RG 1 w 100 700 m 400 700 l S /Fm0 Do" },
    };
    paths_page p = paint_with(LINE_AT_700 "/Fm0 Do" LINE_AT_600, FORM_PAGE, form, 1);
    assert_true(p.n_ink >= 3);
    assert_ink(&p, 0, 100, 91.5, 400, 92.5);
    assert_ink(&p, p.n_ink - 1, 100, 191.5, 400, 192.5); /* the page goes on after */
    assert_int_equal(p.n_unknown, 1);
    assert_unknown(&p, 0, 0, 0, 612, 792); /* the deepest form's box */
    paths_page_release(&p);
}

/* A form that cannot be decoded is an unknown area of its box, and the
 * rest of the page is still read. */
static void test_undecodable_form_is_unknown_area(void **state)
{
    static const res_stream form[] = {
        { "/XObject/Fm0",
          "<< /Type /XObject /Subtype /Form /BBox [0 0 100 50] /Filter /FlateDecode >>",
          "this is no deflate stream at all" },
    };
    size_t len;
    char *pdf = pdf_build(LINE_AT_700 "/Fm0 Do", FORM_PAGE, form, 1, &len);
    paths_page p = PATHS_PAGE_INIT;
    int rc = read_first_page(pdf, len, &p);
    g_free(pdf);
    painted s = summarize(&p);
    if (rc != 0)
        fail_msg("the page with a broken form cannot be read at all (%d)", rc);
    assert_counts(&s, "broken form", 1, 1);
    assert_box(&s.ink, 100, 91.5, 400, 92.5);
    assert_box(&s.unknown, 0, 742, 100, 792);
}

/* paths_open (DATA, LEN) with stderr caught: *PRINTED gets what was
 * written there (g_free it). */
static paths_doc *open_caught(const char *data, size_t len, gchar **printed)
{
    test_stderr caught = test_stderr_begin();
    paths_doc *doc = paths_open(data, len, NULL);
    *printed = test_stderr_end(&caught);
    return doc;
}

/* paths_open (DATA, LEN), anything it prints dropped. */
static paths_doc *open_quietly(const char *data, size_t len)
{
    gchar *printed;
    paths_doc *doc = open_caught(data, len, &printed);
    g_free(printed);
    return doc;
}

static void test_not_a_pdf_does_not_open(void **state)
{
    static const char text[] = "Programa Anual de Trabajo 2024\n";
    assert_null(open_quietly(text, sizeof text - 1));
    assert_null(open_quietly("", 0));
    paths_close(NULL);
}

/* paths_open prints nothing when qpdf cannot read the data (an error
 * left untaken is printed by qpdf_cleanup). */
static void test_failed_open_prints_nothing(void **state)
{
    static const char text[] = "Programa Anual de Trabajo 2024\n";
    gchar *printed;
    paths_doc *doc = open_caught(text, sizeof text - 1, &printed);
    char first[200];
    g_strlcpy(first, printed, sizeof first);
    g_free(printed);
    paths_close(doc);
    assert_null(doc);
    if (*first)
        fail_msg("paths_open printed: %s", first);
}

/* Half a PDF: qpdf may rebuild what is left, or not; neither crashes. */
/* A PDF cut short at a quarter, a half and three quarters of its length
 * (and a few bytes short) is refused (it does not open, or its page
 * cannot be read), or read as
 * far as it goes: never more ink than the whole file paints, and what is
 * read is that line. */
static void test_truncated_pdf_does_not_crash(void **state)
{
    (void)state;
    size_t len;
    char *pdf = pdf_with_content(LINE_AT_700, "", &len);
    int cuts = 0, refused = 0, read = 0, wrong = 0;
    for (size_t cut = len / 4; cut < len; cut += len / 4, cuts++) {
        paths_doc *doc = open_quietly(pdf, cut);
        paths_page p = PATHS_PAGE_INIT;
        int rc = doc ? paths_read_page(doc, 0, &p) : -1;
        if (rc != 0) {
            refused++;
        } else {
            read++;
            wrong += p.n_ink > 1 || (p.n_ink == 1 && !box_is(&p.ink[0].box, 100, 91.5, 400, 92.5));
        }
        paths_page_release(&p);
        paths_close(doc);
    }
    g_free(pdf);
    print_message("truncated: %d refused, %d read\n", refused, read);
    assert_int_equal(refused + read, cuts);
    assert_true(refused > 0); /* a quarter of a PDF is no page */
    assert_int_equal(wrong, 0);
}

static void test_page_index_out_of_range(void **state)
{
    size_t len;
    char *pdf = pdf_with_content(LINE_AT_700, "", &len);
    paths_doc *doc = paths_open(pdf, len, NULL);
    assert_non_null(doc);
    paths_page p = PATHS_PAGE_INIT;
    assert_int_equal(paths_read_page(doc, 0, &p), 0);
    assert_int_equal(p.n_ink, 1);
    /* a failed read leaves OUT empty, what it held released */
    assert_int_equal(paths_read_page(doc, 1, &p), -1);
    assert_int_equal(p.n_ink, 0);
    assert_null(p.ink);
    assert_int_equal(paths_read_page(doc, -1, &p), -1);
    assert_int_equal(paths_read_page(doc, INT_MAX, &p), -1);
    assert_int_equal(paths_read_page(NULL, 0, &p), -1);
    paths_close(doc);
    g_free(pdf);
}

/* The same page struct read twice: the first result is released. */
static void test_page_struct_reused(void **state)
{
    size_t len;
    char *pdf = pdf_with_content(LINE_AT_700 LINE_AT_600, "", &len);
    paths_doc *doc = paths_open(pdf, len, NULL);
    paths_page p = PATHS_PAGE_INIT;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(paths_read_page(doc, 0, &p), 0);
        assert_int_equal(p.n_ink, 2);
    }
    paths_page_release(&p);
    paths_page_release(&p); /* released twice: still empty */
    paths_close(doc);
    g_free(pdf);
}

/* ---- 10. what is no rule --------------------------------------------------------- */

static void test_curves_are_no_ink(void **state)
{
    /* each curve ends level with its start: still no rule */
    assert_no_ink("0 0 0 RG 100 100 m 200 300 400 300 500 100 c S");
    assert_no_ink("0 0 0 RG 100 100 m 200 300 500 100 v S");
    assert_no_ink("0 0 0 RG 100 100 m 200 300 500 100 y S");
    assert_no_ink("0 g 100 100 m 100 150 200 150 200 100 c 200 50 100 50 100 100 c f");
}

static void test_slanted_lines_are_no_ink(void **state)
{
    assert_no_ink("0 0 0 RG 100 100 m 400 400 l S");
    assert_no_ink("0 0 0 RG 100 700 m 400 710 l S"); /* a 10 pt rise */
    assert_no_ink("0 g 100 100 m 200 120 l 190 220 l 90 200 l h f"); /* a tilted square */
}

/* A rise within the tolerance (1 pt over 300) is still a rule, centred
 * on the mean height. */
static void test_nearly_horizontal_line_is_a_rule(void **state)
{
    assert_one_ink("0 0 0 RG 1 w 100 700 m 400 701 l S", 100, 91, 400, 92);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_horizontal_stroke_is_one_box_one_point_tall),
        cmocka_unit_test(test_vertical_stroke_is_one_box_one_point_wide),
        cmocka_unit_test(test_black_rectangle_fill_is_its_box),
        cmocka_unit_test(test_small_filled_shapes_are_marks),
        cmocka_unit_test(test_white_fill_erases_overlapped_part_of_rule),
        cmocka_unit_test(test_light_fill_erases_like_white),
        cmocka_unit_test(test_translucent_white_fill_does_not_erase),
        cmocka_unit_test(test_white_fill_erases_stroked_rule),
        cmocka_unit_test(test_light_strokes_are_no_ink),
        cmocka_unit_test(test_dark_paints_are_ink),
        cmocka_unit_test(test_separation_tint_decides_ink),
        cmocka_unit_test(test_icc_based_one_component_is_gray),
        cmocka_unit_test(test_indexed_stroke_is_unknown_area),
        cmocka_unit_test(test_cm_scales_coordinates_and_width_until_q_ends),
        cmocka_unit_test(test_cm_translation_and_rotation),
        cmocka_unit_test(test_anisotropic_ctm_scales_width_across_the_line),
        cmocka_unit_test(test_rotation_and_crop_box_as_poppler),
        cmocka_unit_test(test_dash_is_longest_dash_and_resets),
        cmocka_unit_test(test_dash_scales_with_ctm),
        cmocka_unit_test(test_dash_scales_along_the_line),
        cmocka_unit_test(test_ext_gstate_dash_and_width),
        cmocka_unit_test(test_dotted_line_is_not_solid),
        cmocka_unit_test(test_clip_cuts_line_to_its_bounding_box),
        cmocka_unit_test(test_clip_ends_with_q),
        cmocka_unit_test(test_paper_outside_clip_leaves_rule),
        cmocka_unit_test(test_form_xobject_is_followed_under_its_matrix),
        cmocka_unit_test(test_form_matrix_scales_and_bbox_clips),
        cmocka_unit_test(test_form_followed_on_page_without_rotate),
        cmocka_unit_test(test_image_xobject_is_unknown_unit_square),
        cmocka_unit_test(test_escaped_resource_name_is_found),
        cmocka_unit_test(test_inline_image_is_unknown_unit_square),
        cmocka_unit_test(test_garbage_tokens_are_skipped),
        cmocka_unit_test(test_unbalanced_q_is_ignored),
        cmocka_unit_test(test_unterminated_string_ends_reading),
        cmocka_unit_test(test_unterminated_array_and_hex_string),
        cmocka_unit_test(test_huge_operand_count),
        cmocka_unit_test(test_stray_operand_before_colour_operator),
        cmocka_unit_test(test_missing_resources_and_operands),
        cmocka_unit_test(test_deep_q_nesting),
        cmocka_unit_test(test_self_drawing_form_stops),
        cmocka_unit_test(test_form_deep_in_q_levels_restores_its_state),
        cmocka_unit_test(test_hairline_cut_by_paper_keeps_its_ends),
        cmocka_unit_test(test_too_much_paper_over_ink_is_left_to_a_render),
        cmocka_unit_test(test_undecodable_form_is_unknown_area),
        cmocka_unit_test(test_not_a_pdf_does_not_open),
        cmocka_unit_test(test_failed_open_prints_nothing),
        cmocka_unit_test(test_truncated_pdf_does_not_crash),
        cmocka_unit_test(test_page_index_out_of_range),
        cmocka_unit_test(test_page_struct_reused),
        cmocka_unit_test(test_curves_are_no_ink),
        cmocka_unit_test(test_slanted_lines_are_no_ink),
        cmocka_unit_test(test_nearly_horizontal_line_is_a_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
