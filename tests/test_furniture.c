/* test_furniture.c - the furniture detector (src/furniture.c): the folio
 * reader and the signature, and the detector fed plain text lines and PDF
 * band lines, all made here (no PDF is read). */
#include <string.h>

#include "furniture.h"
#include "testutil.h"

static void test_signature_folds_case_digits_and_blanks(void **state)
{
    (void)state;
    char *a = furniture_signature("  POA 2025 | Página 3 ");
    char *b = furniture_signature("poa 2026 | PÁGINA 14");
    assert_string_equal(a, "poa #### | página #");
    assert_string_equal(b, "poa #### | página ##");
    g_free(a);
    g_free(b);
}

static void test_folio_reads_the_number_and_whether_it_says_so(void **state)
{
    (void)state;
    rule_matcher *m = rules_matcher_new(test_default_rules());
    bool strong = false;
    assert_int_equal(furniture_folio(m, "Página 3 de 40", &strong), 3);
    assert_true(strong);
    assert_int_equal(furniture_folio(m, "          7", &strong), 7);
    assert_false(strong);
    assert_int_equal(furniture_folio(m, "La misión de la institución es servir", &strong), -1);
    assert_int_equal(furniture_folio(NULL, "3", NULL), -1);
    rules_matcher_free(m);
}

/* Two pages of plain text, each under the same numbered header and over
 * its folio: the folios are dropped, and the header the form feed opens
 * (next to the folio before it); the first page's header, with no form
 * feed before it, stays (it may be the document's title), and so does the
 * body. */
static void test_text_detector_drops_headers_and_folios(void **state)
{
    (void)state;
    static const char *const text[] = {
        "Programa Anual de Trabajo 2024", "Misión", "Servir a la población.", "Página 1 de 2",
        "\fPrograma Anual de Trabajo 2024", "Visión", "Ser un referente.", "Página 2 de 2",
    };
    text_line lines[G_N_ELEMENTS(text)];
    for (size_t i = 0; i < G_N_ELEMENTS(text); i++)
        lines[i] = (text_line){ .text = (char *)text[i] };
    rule_matcher *m = rules_matcher_new(test_default_rules());
    furniture_mark_text(lines, G_N_ELEMENTS(text), m);
    rules_matcher_free(m);
    poa_drop why[G_N_ELEMENTS(text)];
    for (size_t i = 0; i < G_N_ELEMENTS(text); i++)
        why[i] = lines[i].flags & POA_LINE_DROPPED ? (poa_drop)lines[i].drop : POA_DROP_NONE;
    assert_int_equal(why[0], POA_DROP_NONE);
    assert_int_equal(why[1], POA_DROP_NONE);
    assert_int_equal(why[2], POA_DROP_NONE);
    assert_int_equal(why[3], POA_DROP_PAGE_NUMBER);
    assert_int_equal(why[4], POA_DROP_RUNNING_HEADER);
    assert_int_equal(why[5], POA_DROP_NONE);
    assert_int_equal(why[7], POA_DROP_PAGE_NUMBER);
}

/* The marks of N LINES of plain text. */
static void mark_text(text_line *lines, const char *const *text, size_t n)
{
    for (size_t i = 0; i < n; i++)
        lines[i] = (text_line){ .text = (char *)text[i] };
    rule_matcher *m = rules_matcher_new(test_default_rules());
    furniture_mark_text(lines, n, m);
    rules_matcher_free(m);
}

/* Two headers whose signatures share a hash (GLib's string hash: "b[" and
 * "c:" sum alike) are not one repeated header: the detector looks for
 * repeats by hash, then counts them by signature. */
static void test_text_detector_tells_signatures_sharing_a_hash_apart(void **state)
{
    (void)state;
    const char *a = "Informe del programa anual b[", *b = "Informe del programa anual c:";
    char *sa = furniture_signature(a), *sb = furniture_signature(b);
    assert_int_equal(g_str_hash(sa), g_str_hash(sb)); /* the case this tests */
    g_free(sa);
    g_free(sb);
    const char *text[] = { a, "Página 1 de 2", "Texto del cuerpo.", b, "Página 2 de 2" };
    text_line lines[G_N_ELEMENTS(text)];
    mark_text(lines, text, G_N_ELEMENTS(text));
    assert_int_equal(lines[1].drop, POA_DROP_PAGE_NUMBER);
    assert_false(lines[0].flags & POA_LINE_DROPPED);
    assert_false(lines[3].flags & POA_LINE_DROPPED);
    text[3] = a; /* the same header twice: dropped */
    mark_text(lines, text, G_N_ELEMENTS(text));
    assert_int_equal(lines[0].drop, POA_DROP_RUNNING_HEADER);
    assert_int_equal(lines[3].drop, POA_DROP_RUNNING_HEADER);
}

/* A band line of a page 800 points high, 10-point type. */
static furniture_band_line band(const char *text, double cy)
{
    return (furniture_band_line){ text, cy, 10, cy < 400, false };
}

/* Page INDEX's band lines, remembered for the pages after it. */
static furniture_bands *bands_of(rule_matcher *m, const furniture_band_line *lines, size_t n)
{
    furniture_bands *b = furniture_bands_new();
    for (size_t i = 0; i < n; i++)
        furniture_bands_add(b, m, lines[i].text, lines[i].cy);
    return b;
}

/* A header repeats at its height on the page before or the next; moved
 * down the page it is another line; a footer is told from a header by
 * its half of the page; a number alone repeated at one height is data. */
static void test_page_detector_compares_heights_with_pages_around(void **state)
{
    (void)state;
    rule_matcher *m = rules_matcher_new(test_default_rules());
    furniture_pages *fp = furniture_pages_new();
    const furniture_band_line page0[] = { band("Instituto Electoral · POA", 40),
                                          band("Documento público", 780), band("1500", 760) };
    furniture_bands *next = bands_of(m, page0, 3); /* page 1 repeats page 0's lines */
    assert_int_equal(furniture_pages_mark(fp, m, 0, next, &page0[0], NULL), POA_DROP_RUNNING_HEADER);
    assert_int_equal(furniture_pages_mark(fp, m, 0, next, &page0[1], NULL), POA_DROP_RUNNING_FOOTER);
    assert_int_equal(furniture_pages_mark(fp, m, 0, next, &page0[2], NULL), POA_DROP_NONE);
    furniture_band_line moved = band("Instituto Electoral · POA", 90);
    assert_int_equal(furniture_pages_mark(fp, m, 0, next, &moved, NULL), POA_DROP_NONE);
    furniture_bands_free(next);
    furniture_pages_end(fp, 0, bands_of(m, page0, 3));
    /* page 1: the same header, a point lower, is the page before's */
    furniture_band_line header = band("Instituto Electoral · POA", 41);
    assert_int_equal(furniture_pages_mark(fp, m, 1, NULL, &header, NULL), POA_DROP_RUNNING_HEADER);
    /* five pages on, the page remembered is too far */
    assert_int_equal(furniture_pages_mark(fp, m, 6, NULL, &header, NULL), POA_DROP_NONE);
    furniture_pages_free(fp);
    rules_matcher_free(m);
}

/* A section title under the header is compared with the pages before
 * only: kept on its first page, dropped on the next. */
static void test_page_detector_keeps_a_section_title_the_first_time(void **state)
{
    (void)state;
    rule_matcher *m = rules_matcher_new(test_default_rules());
    furniture_pages *fp = furniture_pages_new();
    furniture_band_line title = band("VI. Situación actual", 70);
    title.before_only = true;
    furniture_bands *next = bands_of(m, &title, 1);
    assert_int_equal(furniture_pages_mark(fp, m, 0, next, &title, NULL), POA_DROP_NONE);
    furniture_bands_free(next);
    furniture_pages_end(fp, 0, bands_of(m, &title, 1));
    assert_int_equal(furniture_pages_mark(fp, m, 1, NULL, &title, NULL), POA_DROP_RUNNING_HEADER);
    furniture_pages_free(fp);
    rules_matcher_free(m);
}

/* A page number says so, or continues the sequence: one less than the next
 * page's at its height, then one more a page; a number off the sequence
 * is kept, and a page number glued to text is asked for by the sequence. */
static void test_page_detector_follows_the_page_numbers(void **state)
{
    (void)state;
    rule_matcher *m = rules_matcher_new(test_default_rules());
    furniture_pages *fp = furniture_pages_new();
    assert_int_equal(furniture_pages_expected(fp, 0), -1);
    furniture_band_line three = band("3", 770), four = band("4", 770);
    furniture_bands *next = bands_of(m, &four, 1);
    int folio = -1;
    assert_int_equal(furniture_pages_mark(fp, m, 0, next, &three, &folio), POA_DROP_PAGE_NUMBER);
    assert_int_equal(folio, 3);
    furniture_band_line far = band("3", 500);
    assert_int_equal(furniture_pages_mark(fp, m, 0, next, &far, NULL), POA_DROP_NONE);
    furniture_bands_free(next);
    furniture_pages_end(fp, 0, NULL);
    assert_int_equal(furniture_pages_expected(fp, 2), 5);
    furniture_band_line off = band("9", 770), said = band("Página 12", 770);
    assert_int_equal(furniture_pages_mark(fp, m, 1, NULL, &off, NULL), POA_DROP_NONE);
    assert_int_equal(furniture_pages_mark(fp, m, 1, NULL, &four, NULL), POA_DROP_PAGE_NUMBER);
    assert_int_equal(furniture_pages_mark(fp, m, 1, NULL, &said, NULL), POA_DROP_PAGE_NUMBER);
    furniture_pages_end(fp, 1, NULL); /* the last page number found is the page's */
    assert_int_equal(furniture_pages_expected(fp, 2), 13);
    furniture_pages_accept(fp, 20);
    furniture_pages_end(fp, 2, NULL);
    assert_int_equal(furniture_pages_expected(fp, 3), 21);
    furniture_pages_free(fp);
    rules_matcher_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signature_folds_case_digits_and_blanks),
        cmocka_unit_test(test_folio_reads_the_number_and_whether_it_says_so),
        cmocka_unit_test(test_text_detector_drops_headers_and_folios),
        cmocka_unit_test(test_text_detector_tells_signatures_sharing_a_hash_apart),
        cmocka_unit_test(test_page_detector_compares_heights_with_pages_around),
        cmocka_unit_test(test_page_detector_keeps_a_section_title_the_first_time),
        cmocka_unit_test(test_page_detector_follows_the_page_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
