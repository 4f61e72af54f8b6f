/* test_diff.c - src/diff.c: what changed between two quarters of one
 * made-up body (a water utility), each converted from text. */
#include "diff.h"

#include <string.h>

#include "poa.h"
#include "testutil.h"

static const char q2[] =
    "Comisión de Agua Potable de Villa Serena\n\nEjercicio: 2025\n\nTrimestre: 2\n\n"
    "Misión\n\nSuministrar agua potable segura a la población.\n\n"
    "Fortalezas\n\n• Personal técnico con experiencia.\n\n• Laboratorio de calidad propio.\n\n"
    "Objetivo 1. Reducir las fugas de la red de distribución.\n\n"
    "Línea de acción 1.1 Sustituir 12 km de tubería de asbesto.\n\n"
    "Línea de acción 1.2 Instalar medidores en los sectores del centro.\n\n"
    "Línea de acción 1.3 Capacitar a las cuadrillas de reparación.\n\n"
    "Objetivo 2. Ampliar la cobertura del servicio en las colonias del norte.\n\n"
    "Línea de acción 2.1 Construir el tanque elevado de la colonia Lomas.\n";

/* the third quarter: a fact changed, an objective reworded, a line removed
 * and the next renumbered, a line and a strength added, one removed */
static const char q3[] =
    "Comisión de Agua Potable de Villa Serena\n\nEjercicio: 2025\n\nTrimestre: 3\n\n"
    "Misión\n\nSuministrar agua potable segura a la población.\n\n"
    "Fortalezas\n\n• Personal técnico con experiencia.\n\n• Flota de pipas renovada.\n\n"
    "Objetivo 1. Reducir las fugas de la red de distribución.\n\n"
    "Línea de acción 1.1 Sustituir 12 km de tubería de asbesto.\n\n"
    "Línea de acción 1.2 Capacitar a las cuadrillas de reparación.\n\n"
    "Objetivo 2. Ampliar la cobertura del servicio de agua en las colonias del norte y del oriente.\n\n"
    "Línea de acción 2.1 Construir el tanque elevado de la colonia Lomas.\n\n"
    "Línea de acción 2.2 Tender la red de la colonia Oriente.\n";

static poa_report *convert(const char *text)
{
    poa_error err = POA_ERROR_INIT;
    poa_report *r = poa_convert_buffer(text, strlen(text), "q.txt", NULL, &err);
    assert_non_null(r);
    return r;
}

/* The one change of WHAT and CHANGE (fails unless exactly one). */
static const diff_entry *only(const GArray *changes, const char *what, diff_change change)
{
    const diff_entry *found = NULL;
    for (guint i = 0; i < changes->len; i++) {
        const diff_entry *e = &g_array_index(changes, diff_entry, i);
        if (strcmp(e->what, what) == 0 && e->change == change) {
            if (found)
                fail_msg("two %s %s", what, diff_change_name(change));
            found = e;
        }
    }
    if (!found)
        fail_msg("no %s %s", what, diff_change_name(change));
    return found;
}

static void test_same_report_has_no_changes(void **state)
{
    (void)state;
    poa_report *a = convert(q2), *b = convert(q2);
    GArray *changes = diff_reports(a, b);
    assert_int_equal(changes->len, 0);
    char *text = diff_to_text(changes);
    assert_string_equal(text, "0 cambios: 0 agregados, 0 eliminados, 0 renumerados, "
                              "0 redactados, 0 datos cambiados\n");
    g_free(text);
    g_array_unref(changes);
    poa_report_free(a);
    poa_report_free(b);
}

static void test_quarter_to_quarter_changes(void **state)
{
    (void)state;
    poa_report *a = convert(q2), *b = convert(q3);
    GArray *changes = diff_reports(a, b);
    const diff_entry *e = only(changes, "trimestre", DIFF_CHANGED);
    assert_string_equal(e->old_text, "2");
    assert_string_equal(e->new_text, "3");
    e = only(changes, "objetivo", DIFF_REWORDED);
    assert_string_equal(e->new_code, "2");
    assert_true(e->similarity > 0.6 && e->similarity < 1);
    e = only(changes, "lineaAccion", DIFF_REMOVED);
    assert_string_equal(e->old_code, "1.2");
    assert_non_null(strstr(e->old_text, "medidores"));
    e = only(changes, "lineaAccion", DIFF_RENUMBERED);
    assert_string_equal(e->old_code, "1.3");
    assert_string_equal(e->new_code, "1.2");
    e = only(changes, "lineaAccion", DIFF_ADDED);
    assert_string_equal(e->new_code, "2.2");
    assert_non_null(strstr(only(changes, "fortaleza", DIFF_ADDED)->new_text, "pipas"));
    assert_non_null(strstr(only(changes, "fortaleza", DIFF_REMOVED)->old_text, "Laboratorio"));
    assert_int_equal(changes->len, 7);
    /* the same in JSON and on the page */
    char *json = diff_to_json(changes, "q2.txt", "q3.txt");
    assert_non_null(strstr(json, "\"cambio\":\"renumerado\""));
    assert_non_null(strstr(json, "\"despues\":\"q3.txt\""));
    poa_error err = POA_ERROR_INIT;
    char *html = diff_to_html(changes, "q2.txt", "q3.txt", &err);
    assert_non_null(html);
    assert_non_null(strstr(html, "<html lang=\"es\">"));
    assert_non_null(strstr(html, "Tender la red de la colonia Oriente."));
    g_free(json);
    g_free(html);
    g_array_unref(changes);
    poa_report_free(a);
    poa_report_free(b);
}

static void test_similarity_of_words(void **state)
{
    (void)state;
    assert_true(diff_similarity("Información pública", "informacion PUBLICA") > 0.99);
    assert_true(diff_similarity("Reducir fugas", "Construir tanques") < 0.01);
    assert_true(diff_similarity("", "") > 0.99);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_report_has_no_changes),
        cmocka_unit_test(test_quarter_to_quarter_changes),
        cmocka_unit_test(test_similarity_of_words),
    };
    return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
