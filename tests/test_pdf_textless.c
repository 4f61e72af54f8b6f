/* test_pdf_textless.c - a page alone without its text (src/pdf_textless.c).
 *
 * The stripping of content streams, token by token; then whole pages built
 * with qpdf: the copy keeps the page's size and painting, poppler finds no
 * text in it, and an embedded font FreeType refuses, which poppler's cairo
 * font engine reports by printing to standard error, is never loaded. */
#include "pdf_syntax.h"
#include "pdf_textless.h"
#include "testqpdf.h"

/* ---- stripping ------------------------------------------------------- */

static void assert_stripped(const char *content, const char *want)
{
    GString *out = g_string_new(NULL);
    textless_strip((const unsigned char *)content, strlen(content), out);
    assert_string_equal(out->str, want);
    g_string_free(out, TRUE);
}

static void test_strip_removes_text_showing_operators(void **state)
{
    (void)state;
    assert_stripped("BT /F1 12 Tf 72 700 Td (Misi\\)n) Tj ET", "BT\n 72 700 Td\n ET");
    assert_stripped("BT [(Vi) -20 (si\\(n)] TJ ET", "BT\n ET");
    assert_stripped("BT 2 0 (a) \" (b) ' <4142> Tj ET", "BT\n\n\n ET");
}

static void test_strip_keeps_everything_else(void **state)
{
    (void)state;
    /* paths, colour, state, marked content with a dictionary that names
     * an operator, a comment, and an inline image whose data spells one */
    const char *kept = "q 1 0 0 rg 0 0 100 2 re f Q\n"
                       "/P << /Tj 1 /MCID [ (TJ) ] >> BDC EMC % (x) Tj\n"
                       "BI /W 2 /H 1 /BPC 8 /CS /G ID Tj EI\n"
                       "BT 3 Tr 1 0 0 1 5 5 Tm T* ET true false null";
    assert_stripped(kept, kept);
}

static void test_strip_of_nothing(void **state)
{
    (void)state;
    GString *out = g_string_new(NULL);
    textless_strip(NULL, 0, out);
    assert_int_equal(out->len, 0);
    g_string_free(out, TRUE);
    assert_stripped("(a) Tj", "\n");
    assert_stripped("BT (unterminated", "BT (unterminated");
}

/* ---- pages ----------------------------------------------------------- */

#define HELVETICA "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"

/* Page 0 of PDF without its text, as new bytes (the test fails when none). */
static GBytes *copy_of_first_page(const char *pdf, size_t len)
{
    qpdf_data q = pdf_syntax_open(pdf, len, NULL, false);
    assert_non_null(q);
    GBytes *copy = textless_page(q, 0, false);
    assert_null(textless_page(q, 1, false));
    assert_null(textless_page(q, -1, false));
    qpdf_cleanup(&q);
    assert_non_null(copy);
    return copy;
}

/* The text poppler reads on page 0 of BYTES. */
static char *poppler_text(GBytes *bytes)
{
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
    assert_non_null(doc);
    PopplerPage *page = poppler_document_get_page(doc, 0);
    char *text = poppler_page_get_text(page);
    g_object_unref(page);
    g_object_unref(doc);
    return text;
}

static void assert_box_equal(ex_box a, ex_box b)
{
    assert_true(a.x0 == b.x0 && a.y0 == b.y0 && a.x1 == b.x1 && a.y1 == b.y1);
}

/* COPY shows no text and paints WANT dark; its size in *W, *H. */
static void assert_textless_paints(GBytes *copy, ex_box want, double *w, double *h)
{
    char *text = poppler_text(copy);
    assert_string_equal(g_strstrip(text), "");
    g_free(text);
    gsize len;
    const char *pdf = g_bytes_get_data(copy, &len);
    assert_box_equal(poppler_dark_box(pdf, len, w, h), want);
}

/* The copy of a page drawn with CONTENT (and PAGE_EXTRA, STREAMS) shows no
 * text, has the page's size, and paints as the page drawn with BARE, its
 * content without the text, does; the page with its text paints more. */
static void assert_copy_paints(const char *content, const char *bare, const char *page_extra,
                               const res_stream *streams, size_t n)
{
    size_t len, blen;
    char *pdf = pdf_build(content, page_extra, streams, n, &len);
    char *bare_pdf = pdf_build(bare, page_extra, streams, n, &blen);
    GBytes *copy = copy_of_first_page(pdf, len);
    double w0, h0, w1, h1;
    ex_box with_text = poppler_dark_box(pdf, len, &w0, &h0);
    ex_box want = poppler_dark_box(bare_pdf, blen, &w0, &h0);
    assert_true(want.x1 > want.x0);
    assert_false(with_text.x0 == want.x0 && with_text.y0 == want.y0 && with_text.x1 == want.x1 &&
                 with_text.y1 == want.y1);
    assert_textless_paints(copy, want, &w1, &h1);
    assert_true(w0 == w1 && h0 == h1);
    g_bytes_unref(copy);
    g_free(bare_pdf);
    g_free(pdf);
}

static void test_page_keeps_its_painting_not_its_text(void **state)
{
    (void)state;
    assert_copy_paints("BT /F1 24 Tf 100 600 Td (FORTALEZAS) Tj ET 100 400 300 2 re f",
                       "BT /F1 24 Tf 100 600 Td ET 100 400 300 2 re f", HELVETICA, NULL, 0);
}

static void test_page_keeps_rotation_and_crop_box(void **state)
{
    (void)state;
    assert_copy_paints("BT /F1 24 Tf 300 700 Td (FODA) Tj ET 100 400 300 2 re f",
                       "100 400 300 2 re f", HELVETICA " /Rotate 270 /CropBox [50 0 612 792]",
                       NULL, 0);
}

static void test_text_in_forms_goes_too(void **state)
{
    (void)state;
    const res_stream streams[] = {
        { "/XObject/Fm0", "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] " HELVETICA " >>",
          "BT /F1 30 Tf 50 700 Td (EN UN FORMULARIO) Tj ET 100 300 200 4 re f" },
    };
    const res_stream bare[] = {
        { "/XObject/Fm0", "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] >>",
          "100 300 200 4 re f" },
    };
    size_t len;
    char *pdf = pdf_build("/Fm0 Do", "", bare, 1, &len);
    double w, h;
    ex_box want = poppler_dark_box(pdf, len, &w, &h);
    g_free(pdf);
    pdf = pdf_build("/Fm0 Do", "", streams, 1, &len);
    GBytes *copy = copy_of_first_page(pdf, len);
    assert_textless_paints(copy, want, &w, &h);
    g_bytes_unref(copy);
    g_free(pdf);
}

/* Everything page 0 of BYTES makes poppler write to standard error while
 * it renders the page. */
static char *stderr_of_render(const char *pdf, size_t len)
{
    test_stderr caught = test_stderr_begin();
    double w, h;
    poppler_dark_box(pdf, len, &w, &h);
    return test_stderr_end(&caught);
}

static void test_broken_embedded_font_is_never_loaded(void **state)
{
    (void)state;
    size_t len;
    char *pdf = test_pdf_broken_font("BT /F1 12 Tf 72 700 Td (Misión) Tj ET 72 600 400 2 re f", &len);
    /* the original makes poppler print: the check below can fail */
    char *said = stderr_of_render(pdf, len);
    assert_non_null(strstr(said, "font"));
    g_free(said);
    GBytes *copy = copy_of_first_page(pdf, len);
    gsize clen;
    const char *cpdf = g_bytes_get_data(copy, &clen);
    said = stderr_of_render(cpdf, clen);
    assert_string_equal(said, "");
    g_free(said);
    g_bytes_unref(copy);
    g_free(pdf);
}

/* Annotations keep their appearance, without its text; one without an
 * appearance is left out (poppler would draw one with a font). */
static void test_annotations_keep_their_appearance_only(void **state)
{
    (void)state;
    size_t len;
    char *pdf = pdf_build("", "", NULL, 0, &len);
    qpdf_data q = qpdf_init();
    assert_false(qpdf_read_memory(q, "t", pdf, len, "") & QPDF_ERRORS);
    qpdf_oh page = qpdf_get_page_n(q, 0);
    qpdf_oh ap = new_stream(q, "<< /Type /XObject /Subtype /Form /BBox [0 0 200 20] " HELVETICA " >>",
                            "0 0 200 2 re f BT /F1 12 Tf 2 6 Td (Firma) Tj ET");
    qpdf_oh annots = qpdf_oh_parse(q, "[ << /Type /Annot /Subtype /Widget /Rect [100 100 300 120] >>"
                                      "  << /Type /Annot /Subtype /FreeText /Rect [0 0 50 50] "
                                      "     /Contents (nota) /DA (/Helv 12 Tf 0 g) >> ]");
    qpdf_oh normal = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, normal, "/N", ap);
    qpdf_oh_replace_key(q, qpdf_oh_get_array_item(q, annots, 0), "/AP", normal);
    qpdf_oh_replace_key(q, page, "/Annots", annots);
    char *with_annots = test_qpdf_written(q, &len);
    g_free(pdf); /* read by qpdf until written */
    pdf = with_annots;
    GBytes *copy = copy_of_first_page(pdf, len);
    double w, h;
    assert_textless_paints(copy, (ex_box){ 100, 690, 300, 692 }, &w, &h);
    PopplerDocument *doc = poppler_document_new_from_bytes(copy, NULL, NULL);
    PopplerPage *p = poppler_document_get_page(doc, 0);
    GList *mapping = poppler_page_get_annot_mapping(p);
    assert_int_equal(g_list_length(mapping), 1);
    poppler_page_free_annot_mapping(mapping);
    g_object_unref(p);
    g_object_unref(doc);
    g_bytes_unref(copy);
    g_free(pdf);
}

/* A damaged file (a fuzzing find) whose page's resources reach a stream
 * standing in the page tree: the copy is made and freed safely (qpdf's
 * own copy of foreign objects left it crashing when freed). */
static void test_resources_reaching_a_stream_page(void **state)
{
    (void)state;
    size_t len;
    char *data = test_read_file("tests/data/damaged/resources_reach_a_stream_page.pdf", &len);
    qpdf_data q = pdf_syntax_open(data, len, NULL, true);
    assert_non_null(q);
    for (int with_text = 0; with_text < 2; with_text++) {
        GBytes *copy = textless_page(q, 0, with_text);
        if (copy)
            g_bytes_unref(copy);
    }
    qpdf_cleanup(&q);
    g_free(data);
}

static void test_what_cannot_be_read(void **state)
{
    (void)state;
    assert_null(pdf_syntax_open("not a pdf", 9, NULL, true));
    assert_null(textless_page(NULL, 0, false));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strip_removes_text_showing_operators),
        cmocka_unit_test(test_strip_keeps_everything_else),
        cmocka_unit_test(test_strip_of_nothing),
        cmocka_unit_test(test_page_keeps_its_painting_not_its_text),
        cmocka_unit_test(test_page_keeps_rotation_and_crop_box),
        cmocka_unit_test(test_text_in_forms_goes_too),
        cmocka_unit_test(test_broken_embedded_font_is_never_loaded),
        cmocka_unit_test(test_annotations_keep_their_appearance_only),
        cmocka_unit_test(test_resources_reaching_a_stream_page),
        cmocka_unit_test(test_what_cannot_be_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
