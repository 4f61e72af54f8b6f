/* test_text_tables.c - a plan printed as a table without rules in plain
 * text, read cell by cell (src/text_tables.c), on tables made here. */
#include <string.h>

#include "testutil.h"
#include "text_tables.h"

static char *unroll(char *text, size_t *len, void *data)
{
    return text_tables_unroll(text, len, data);
}

/* IN read cell by cell (a copy taken); caller frees. */
static char *unrolled(const char *in)
{
    rule_matcher *m = rules_matcher_new(test_default_rules());
    char *got = test_rewritten(unroll, m, in);
    rules_matcher_free(m);
    return got;
}

static void expect_unrolled(const char *in, const char *want)
{
    rule_matcher *m = rules_matcher_new(test_default_rules());
    test_expect_rewritten(unroll, m, in, want);
    rules_matcher_free(m);
}

/* The cells of a row wrap on their own; the objective's merged cell comes
 * first, each strategy before its lines, and the responsible unit's
 * column, beside the plan, is left out.  Coded cells under a heading that
 * names their level come labelled with it. */
static void test_cells_in_the_order_they_start(void **state)
{
    expect_unrolled(
        "Objetivo estratégico      Estrategia              Línea de acción            Unidad responsable\n"
        "\n"
        "1.  Ordenar el            1.1  Actualizar los     1.1.1  Elaborar el         Dirección de\n"
        "    crecimiento urbano         instrumentos.             proyecto.           Planeación\n"
        "    del municipio.                                1.1.2  Integrar el         Coordinación de\n"
        "                                                         atlas de riesgos.   Sistemas\n"
        "\n"
        "                          1.2  Promover la        1.2.1  Diseñar la red      Coordinación de\n"
        "                               movilidad.                de ciclovías.       Movilidad\n",
        "Objetivo estratégico\n\n"
        "Objetivo estratégico 1.  Ordenar el\ncrecimiento urbano\ndel municipio.\n\n"
        "Estrategia 1.1  Actualizar los\ninstrumentos.\n\n"
        "Línea de acción 1.1.1  Elaborar el\nproyecto.\n\n"
        "Línea de acción 1.1.2  Integrar el\natlas de riesgos.\n\n"
        "Estrategia 1.2  Promover la\nmovilidad.\n\n"
        "Línea de acción 1.2.1  Diseñar la red\nde ciclovías.\n\n");
}

/* Codes in a column of their own join the text beside them; a bare
 * number takes its point. */
static void test_a_column_of_codes_joins_its_texts(void **state)
{
    expect_unrolled("No.   Objetivo                       Clave   Acción\n"
                    "1     Ampliar la cobertura de        1.1     Abrir dos\n"
                    "      los servicios.                         clínicas.\n"
                    "                                     1.2     Contratar\n"
                    "                                             personal.\n",
                    "Objetivo\n\n"
                    "Objetivo 1. Ampliar la cobertura de\nlos servicios.\n\n"
                    "Acción 1.1 Abrir dos\nclínicas.\n\n"
                    "Acción 1.2 Contratar\npersonal.\n\n");
}

/* A table cut by a page's end goes on after the header row printed
 * again: the objective's sentence, cut there, is one cell; the page's
 * furniture is written as it is, in its place. */
static void test_a_cell_goes_on_over_a_page_break(void **state)
{
    char *got = unrolled("Objetivo              Línea de acción\n"
                         "1. Mejorar los        1.1 Reparar las\n"
                         "servicios de                fugas.\n"
                         "\n"
                         "\n"
                         "                                  Página 1\n"
                         "\fObjetivo              Línea de acción\n"
                         "agua potable.         1.2 Sectorizar\n"
                         "                      la red.\n");
    assert_non_null(strstr(got, "1. Mejorar los\nservicios de\nagua potable."));
    assert_non_null(strstr(got, "\fObjetivo              Línea de acción\n"));
    assert_true(strstr(got, "Página 1") < strstr(got, "1.2 Sectorizar"));
    g_free(got);
}

/* A parent set in the middle of its children (vertically centred, as a
 * spreadsheet exports it) is written before them. */
static void test_a_centred_parent_comes_before_its_children(void **state)
{
    char *got = unrolled("Eje                   Objetivo\n"
                         "                      1.1 Reducir la deserción.\n"
                         "1. Educación          1.2 Ampliar las becas.\n"
                         "                      1.3 Equipar las aulas.\n"
                         "\n"
                         "                      2.1 Vacunar a la población.\n"
                         "2. Salud              2.2 Abrir centros de salud.\n");
    const char *eje1 = strstr(got, "Educación"), *eje2 = strstr(got, "Salud\n");
    assert_non_null(eje1);
    assert_non_null(eje2);
    assert_true(eje1 < strstr(got, "1.1 Reducir"));
    assert_true(strstr(got, "1.3 Equipar") < eje2);
    assert_true(eje2 < strstr(got, "2.1 Vacunar"));
    g_free(got);
}

/* A wrapped line that opens on a lettered reference or a figure goes on
 * its cell, on the line before (so that it is not read as an item). */
static void test_wrapped_references_stay_in_their_cell(void **state)
{
    char *got = unrolled("Estrategia                       Línea de acción\n"
                         "1.1 Asegurar la calidad          1.1.1 Vigilar el cloro en\n"
                         "conforme a la                    20 puntos de la red.\n"
                         "NOM-127-SSA1-1994.\n");
    assert_non_null(strstr(got, "conforme a la NOM-127-SSA1-1994."));
    assert_non_null(strstr(got, "1.1.1 Vigilar el cloro en 20 puntos de la red."));
    g_free(got);
}

/* No header row naming two levels, no rewriting: the text itself comes
 * back (a FODA grid's headings name no level; nor do a form's labels). */
static void test_text_without_a_plan_table_is_not_copied(void **state)
{
    const char *in = "FORTALEZAS                     DEBILIDADES\n"
                     "Personal capacitado.           Poco presupuesto.\n";
    rule_matcher *m = rules_matcher_new(test_default_rules());
    char *text = g_strdup(in);
    size_t len = strlen(in);
    assert_ptr_equal(text_tables_unroll(text, &len, m), text);
    assert_int_equal(len, strlen(in));
    g_free(text);
    rules_matcher_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells_in_the_order_they_start),
        cmocka_unit_test(test_a_column_of_codes_joins_its_texts),
        cmocka_unit_test(test_a_cell_goes_on_over_a_page_break),
        cmocka_unit_test(test_a_centred_parent_comes_before_its_children),
        cmocka_unit_test(test_wrapped_references_stay_in_their_cell),
        cmocka_unit_test(test_text_without_a_plan_table_is_not_copied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
