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
    char *mine = g_strdup(in); /* the same within the text itself */
    got = util_collapse_space_in_place(mine);
    assert_ptr_equal(got, mine);
    if (strcmp(got, want) != 0)
        fail_msg("collapse in place [%s]: got [%s], want [%s]", in, got, want);
    g_free(mine);
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

/* The head of a collapsed text: whole when short, else cut past MAX on a
 * character's end, whatever the blanks it crossed; what comes of it is the
 * whole collapse's beginning. */
static void test_collapse_space_head(void **state)
{
    char *got = util_collapse_space_head("  corto  texto ", 64);
    assert_string_equal(got, "corto texto");
    g_free(got);
    GString *in = g_string_new("   ");
    for (int i = 0; i < 2000; i++)
        g_string_append(in, "acción   	 ");
    char *whole = util_collapse_space(in->str);
    got = util_collapse_space_head(in->str, 100);
    size_t n = strlen(got);
    assert_true(n > 100 && n <= 104); /* past MAX by one character */
    assert_true(g_utf8_validate(got, -1, NULL));
    assert_memory_equal(got, whole, n);
    g_free(got);
    got = util_collapse_space_head(in->str, strlen(whole)); /* exactly its length: whole */
    assert_string_equal(got, whole);
    g_free(got);
    g_free(whole);
    g_string_free(in, TRUE);
}

/* A failure names its file once, at the front. */
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
        cmocka_unit_test(test_collapse_space_head),
        cmocka_unit_test(test_name_error_prefixes_the_file_once),
        cmocka_unit_test(test_name_error_without_error_or_name),
        cmocka_unit_test(test_name_error_cut_on_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
