/* test_page.c - src/page.c: a converted report as an HTML page, through
 * the public API (poa_report_to_html).  The report is made up for the
 * tests (a water utility's programme).
 */
#include "page.h"

#include <stdlib.h>
#include <string.h>

#include "poa.h"
#include "testutil.h"

static const char report_text[] =
    "Comisión de Agua Potable de Villa Serena\n\n"
    "Ejercicio: 2025\n\n"
    "Misión\n\nSuministrar agua potable <segura> & suficiente a la población.\n\n"
    "Fortalezas\n\n• Personal técnico con experiencia.\n\n"
    "Debilidades\n\n• Red de distribución antigua.\n\n"
    "Oportunidades\n\n• Fondos federales para infraestructura.\n\n"
    "Amenazas\n\n• Sequías prolongadas.\n\n"
    "Objetivo 1. Reducir las fugas de la red.\n\n"
    "Línea de acción 1.1 Sustituir 12 km de tubería.\n\n"
    "Objetivo 2. Ampliar la cobertura del servicio.\n";

/* The page of REPORT_TEXT (caller frees with free). */
static char *page_of_report(void)
{
    poa_error err = POA_ERROR_INIT;
    poa_report *r = poa_convert_buffer(report_text, strlen(report_text), "agua.txt", NULL, &err);
    assert_non_null(r);
    char *html = NULL;
    size_t len = 0;
    assert_int_equal(poa_report_to_html(r, &html, &len, &err), 0);
    assert_int_equal(strlen(html), len);
    poa_report_free(r);
    return html;
}

static void expect_in(const char *html, const char *needle)
{
    if (!strstr(html, needle))
        fail_msg("the page lacks [%s]", needle);
}

/* every section a reader looks for, in Spanish, with the report's facts */
static void test_page_has_every_section(void **state)
{
    (void)state;
    char *html = page_of_report();
    assert_true(g_str_has_prefix(html, "<!DOCTYPE html>"));
    expect_in(html, "<html lang=\"es\">");
    expect_in(html, "name=\"viewport\"");
    expect_in(html, "<h1>Comisión de Agua Potable de Villa Serena</h1>");
    static const char *const headings[] = { "Hallazgos de completitud", "Metadatos", "Misión",
                                            "Visión", "Análisis FODA",
                                            "Ejes, objetivos y líneas de acción" };
    for (size_t i = 0; i < G_N_ELEMENTS(headings); i++) {
        char *h = g_strdup_printf(">%s</h2>", headings[i]);
        expect_in(html, h);
        g_free(h);
    }
    expect_in(html, "Fortalezas (1)");
    expect_in(html, "Sequías prolongadas.");
    expect_in(html, "Reducir las fugas de la red.");
    expect_in(html, "Sustituir 12 km de tubería.");
    /* the findings: objective 2 has no lines, and no vision was found,
     * each stated beside what it names */
    expect_in(html, "No se encontró la visión.");
    expect_in(html, "class=\"flagged\"");
    expect_in(html, "Reporte incompleto");
    free(html);
}

/* text is escaped, never markup; and the page fetches nothing */
static void test_page_escapes_text_and_is_self_contained(void **state)
{
    (void)state;
    char *html = page_of_report();
    expect_in(html, "&lt;segura&gt; &amp; suficiente");
    assert_null(strstr(html, "<segura>"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "src="));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "http://"));
    assert_null(strstr(html, "https://"));
    free(html);
}

/* XML that is not a report still gives a page (every section says it is
 * missing), and text that is not XML gives an error, not a crash */
static void test_page_from_foreign_xml(void **state)
{
    (void)state;
    poa_error err = POA_ERROR_INIT;
    const char empty[] = "<programaTrabajo xmlns=\"urn:poa2xml:programa-trabajo:1\" version=\"1.0\"/>";
    size_t n = 0;
    char *html = page_from_xml(empty, strlen(empty), &n, &err);
    assert_non_null(html);
    expect_in(html, "No se encontró el análisis FODA.");
    expect_in(html, "Institución no identificada");
    g_free(html);
    assert_null(page_from_xml("not xml", 7, &n, &err));
    assert_int_equal(err.code, POA_E_INTERNAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_has_every_section),
        cmocka_unit_test(test_page_escapes_text_and_is_self_contained),
        cmocka_unit_test(test_page_from_foreign_xml),
    };
    return cmocka_run_group_tests_name("report pages", tests, NULL, NULL);
}
