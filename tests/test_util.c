/* test_util.c - the shared helpers (src/util.c). */
#include <string.h>

#include "testutil.h"
#include "util.h"

static void expect_collapsed(const char *in, const char *want)
{
    char *got = util_collapse_space(in);
    if (strcmp(got, want) != 0)
        fail_msg("collapse [%s]: got [%s], want [%s]", in, got, want);
    g_free(got);
}

/* Runs of blanks of every kind become one ASCII space; ends are trimmed;
 * the other characters keep their bytes. */
static void test_collapse_space_kinds_of_blank(void **state)
{
    expect_collapsed("", "");
    expect_collapsed("   ", "");
    expect_collapsed("  Misión  y\tvisión\n", "Misión y visión");
    expect_collapsed("a\r\n\fb", "a b");
    expect_collapsed("a\xC2\xA0" "b", "a b");           /* no-break space */
    expect_collapsed("a\xE2\x80\x8B" "b", "a b");       /* zero-width space */
    expect_collapsed("\xEF\xBB\xBF" "Nota", "Nota");    /* byte order mark */
    expect_collapsed("a\xE2\x80\x83\xE3\x80\x80" "b", "a b"); /* em space, ideographic space */
    expect_collapsed("a\xE2\x80\xA8" "b", "a b");       /* line separator */
    expect_collapsed("línea · acción — “ñ”", "línea · acción — “ñ”");
    expect_collapsed("a\vb", "a\vb"); /* vertical tab: not a blank to GLib */
}

static void expect_normalized(const char *in, const char *want)
{
    char *got = util_normalize_text(in, -1);
    if (strcmp(got, want) != 0)
        fail_msg("normalize [%s]: got [%s], want [%s]", in, got, want);
    g_free(got);
}

/* NFC; the ligatures of fonts spelt out; a soft hyphen dropped inside a
 * word, kept at the end (a cut word the lines stage joins); the rest,
 * "º" and no-break spaces included, as printed. */
static void test_normalize_text_ligatures_and_soft_hyphens(void **state)
{
    expect_normalized("certi\xEF\xAC\x81" "cados con\xEF\xAC\x82" "ictos", "certificados conflictos");
    expect_normalized("\xEF\xAC\x80" "\xEF\xAC\x83" "\xEF\xAC\x84" "\xEF\xAC\x86", "ffffifflst");
    expect_normalized("mues\xC2\xAD" "treo", "muestreo");
    expect_normalized("organiza\xC2\xAD", "organiza\xC2\xAD");
    expect_normalized("organiza\xC2\xAD\nci\xC3\xB3n", "organiza\xC2\xAD\nci\xC3\xB3n");
    expect_normalized("Mise\xCC\x81" "rico", "Misérico"); /* e + combining acute */
    expect_normalized("3\xC2\xBA trimestre\xC2\xA0" "2024", "3\xC2\xBA trimestre\xC2\xA0" "2024");
}

/* A failure names its file once, at the front. */
/* NFC worked out in chunks equals NFC of the whole: decomposed accents
 * after ASCII letters ("cafe" + U+0301), Hangul jamo, long runs with and
 * without ASCII. */
static void test_normalize_text_in_chunks_equals_whole(void **state)
{
    static const char *const units[] = {
        "cafe\u0301 ", "Misio\u0301n ", "\u1100\u1161\u11A8", "\u00E9\u0301x",
        "\u0928\u093C\u0915\u093F", "A\u030A\u0301 "
    };
    for (size_t u = 0; u < G_N_ELEMENTS(units); u++) {
        GString *text = g_string_new(NULL);
        while (text->len < 5000)
            g_string_append(text, units[u]);
        char *whole = g_utf8_normalize(text->str, -1, G_NORMALIZE_NFC);
        char *chunked = util_normalize_text(text->str, (gssize)text->len);
        if (strcmp(whole, chunked) != 0)
            fail_msg("unit %zu: chunked NFC differs from the whole's", u);
        g_free(whole);
        g_free(chunked);
        g_string_free(text, TRUE);
    }
}

static void test_name_error_prefixes_the_file_once(void **state)
{
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(poa_fail(&err, POA_E_PDF, "corrupt PDF: page %d cannot be read", 3),
                     -POA_E_PDF);
    assert_int_equal(util_name_error(&err, "informe.pdf"), -POA_E_PDF);
    assert_string_equal(err.message, "informe.pdf: corrupt PDF: page 3 cannot be read");
    util_name_error(&err, "informe.pdf");
    assert_string_equal(err.message, "informe.pdf: corrupt PDF: page 3 cannot be read");
    assert_int_equal(err.code, POA_E_PDF);
    /* a message naming another file that merely starts the same way is named */
    poa_fail(&err, POA_E_INTERNAL, "informe.pdfx: out of memory");
    util_name_error(&err, "informe.pdf");
    assert_string_equal(err.message, "informe.pdf: informe.pdfx: out of memory");
}

/* No error, no NULL error, no name: nothing to do. */
static void test_name_error_without_error_or_name(void **state)
{
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(util_name_error(&err, "a.pdf"), 0);
    assert_string_equal(err.message, "");
    assert_int_equal(util_name_error(NULL, "a.pdf"), 0);
    poa_fail(&err, POA_E_INTERNAL, "out of memory");
    util_name_error(&err, NULL);
    assert_string_equal(err.message, "out of memory");
}

/* A long message stays within the buffer and never ends inside a UTF-8
 * sequence. */
static void test_name_error_cut_on_a_character(void **state)
{
    poa_error err = POA_ERROR_INIT;
    GString *long_msg = g_string_new(NULL);
    while (long_msg->len < sizeof err.message)
        g_string_append(long_msg, "línea ");
    poa_fail(&err, POA_E_INTERNAL, "%s", long_msg->str);
    util_name_error(&err, "programa_ñ.pdf");
    assert_true(g_str_has_prefix(err.message, "programa_ñ.pdf: línea"));
    assert_true(strlen(err.message) < sizeof err.message);
    assert_true(g_utf8_validate(err.message, -1, NULL));
    g_string_free(long_msg, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collapse_space_kinds_of_blank),
        cmocka_unit_test(test_normalize_text_ligatures_and_soft_hyphens),
        cmocka_unit_test(test_normalize_text_in_chunks_equals_whole),
        cmocka_unit_test(test_name_error_prefixes_the_file_once),
        cmocka_unit_test(test_name_error_without_error_or_name),
        cmocka_unit_test(test_name_error_cut_on_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
