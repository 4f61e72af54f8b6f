/* test_furniture.c - page numbers and running headers (src/furniture.c):
 * the folio reader and the signature both detectors share, and the
 * detector of plain text, on lines made here. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signature_folds_case_digits_and_blanks),
        cmocka_unit_test(test_folio_reads_the_number_and_whether_it_says_so),
        cmocka_unit_test(test_text_detector_drops_headers_and_folios),
        cmocka_unit_test(test_text_detector_tells_signatures_sharing_a_hash_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
