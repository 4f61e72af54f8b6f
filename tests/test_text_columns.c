/* test_text_columns.c - side-by-side columns of plain text (src/text_columns.c). */
#include <string.h>

#include "testutil.h"
#include "text_columns.h"

static char *unroll(char *text, size_t *len, void *data)
{
    (void)data;
    return text_columns_unroll(text, len);
}

/* IN unrolled (a copy taken by text_columns_unroll); caller frees. */
static char *unrolled(const char *in)
{
    return test_rewritten(unroll, NULL, in);
}

static void expect_unrolled(const char *in, const char *want)
{
    test_expect_rewritten(unroll, NULL, in, want);
}

/* Two columns as pdftotext -layout prints them: left column first. */
static void test_two_columns_read_one_after_the_other(void **state)
{
    expect_unrolled("Fortalezas                      Oportunidades\n"
                    "\n"
                    "•   Personal con experiencia    •   Fondos federales para\n"
                    "    en campo.                       vivienda social.\n"
                    "•   Oficinas propias.           •   Demanda de lotes.\n"
                    "                                •   Convenios municipales.\n"
                    "\n"
                    "Objetivo 1\n",
                    "Fortalezas\n"
                    "\n"
                    "•   Personal con experiencia\n"
                    "    en campo.\n"
                    "•   Oficinas propias.\n"
                    "\n" /* the row the right column alone fills */
                    "\n"
                    "Oportunidades\n"
                    "\n"
                    "•   Fondos federales para\n"
                    "vivienda social.\n"
                    "•   Demanda de lotes.\n"
                    "•   Convenios municipales.\n"
                    "\n"
                    "Objetivo 1\n");
}

/* A left line as long as its column, or longer, touches the right one
 * with a single space (pdftotext -layout shifts the right part after it):
 * split there, when the lines above and below are split as the others;
 * prose after a blank line is full width again. */
static void test_tight_line_between_split_lines(void **state)
{
    expect_unrolled("Misión                      Visión\n"
                    "Formar para el trabajo a    Ser la primera opción de\n"
                    "las personas con cursos certificados el trabajo en el estado,\n"
                    "que respondan a las         reconocida por el sector.\n"
                    "necesidades del estado.\n"
                    "\n"
                    "Un párrafo de texto que ocupa todo el ancho de la página sin columna.\n",
                    "Misión\n"
                    "Formar para el trabajo a\n"
                    "las personas con cursos certificados\n"
                    "que respondan a las\n"
                    "necesidades del estado.\n"
                    "\n"
                    "Visión\n"
                    "Ser la primera opción de\n"
                    "el trabajo en el estado,\n"
                    "reconocida por el sector.\n"
                    "\n" /* the row the left column alone fills */
                    "\n"
                    "Un párrafo de texto que ocupa todo el ancho de la página sin columna.\n");
}

/* A right column's line indented past its hang, between split lines, is
 * not cut inside its own words. */
static void test_indented_right_line_is_not_a_tight_split(void **state)
{
    const char *in = "Misión                      Visión\n"
                     "Formar para el trabajo a    Ser la primera opción de\n"
                     "                                   Texto de apoyo a la\n"
                     "que respondan a las         reconocida por el sector.\n";
    char *got = unrolled(in);
    assert_null(strstr(got, "\nTexto\n"));
    assert_non_null(strstr(got, "Texto de apoyo a la"));
    g_free(got);
}

/* Four columns side by side (of unequal lengths, as lists are) come apart
 * one after the other. */
static void test_four_columns_read_one_after_the_other(void **state)
{
    const char *in = "FORTALEZAS            DEBILIDADES        OPORTUNIDADES      AMENAZAS\n"
                     "\n"
                     "• Padrón al día       • Un médico        • Pensiones        • Cierre.\n"
                     "  de las personas.    • Sin vehículo     • Donativos.\n"
                     "• Casa de día.          propio.\n"
                     "  con comedor.\n";
    char *got = unrolled(in);
    const char *order[] = { "FORTALEZAS", "con comedor.", "DEBILIDADES", "propio.",
                            "OPORTUNIDADES", "Donativos.", "AMENAZAS", "Cierre." };
    const char *at = got;
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        const char *hit = strstr(at, order[i]);
        if (!hit)
            fail_msg("'%s' not after the one before in:\n%s", order[i], got);
        at = hit;
    }
    g_free(got);
}

/* Labels and values aligned with spaces, bullets followed by spaces and
 * ordinary prose stay as they are. */
static void test_aligned_labels_bullets_and_prose_stay(void **state)
{
    const char *forms = "Ejercicio:                2024\n"
                        "Fecha de validación:      15/10/2024\n"
                        "Fecha de actualización:   16/10/2024\n";
    expect_unrolled(forms, forms);
    const char *bullets = "‣   Personal capacitado.\n‣   Procesos certificados.\n"
                          "‣   Oficinas en cada distrito.\n";
    expect_unrolled(bullets, bullets);
    const char *prose = "La misión del instituto es\nservir a la población\ncon calidad.";
    expect_unrolled(prose, prose);
    expect_unrolled("", "");
}

/* Columns are counted in characters, not bytes: accented text on the left
 * does not move the split. */
static void test_columns_counted_in_characters(void **state)
{
    expect_unrolled("Misión institucional          Visión\n"
                    "Atención oportuna a           Ser líder en\n"
                    "la población.                 la región.\n"
                    "Más acciones en campo.\n",
                    "Misión institucional\n"
                    "Atención oportuna a\n"
                    "la población.\n"
                    "Más acciones en campo.\n"
                    "\n"
                    "Visión\n"
                    "Ser líder en\n"
                    "la región.\n"
                    "\n"); /* the row the left column alone fills */
}

/* A table typed with pipes: its cells, a line each, a row a block; the
 * header row over a separator and a cell repeating the one above go. */
static void test_pipe_table_read_cell_by_cell(void **state)
{
    expect_unrolled("Plan\n"
                    "| Objetivo | Línea de acción |\n"
                    "|---|:---:|\n"
                    "| 1. Ampliar la red. | 1.1 Medir. |\n"
                    "| 1. Ampliar la red. | 1.2 Reparar. |\n"
                    "|  | 1.3 Sectorizar. |\n"
                    "Fin\n",
                    "Plan\n"
                    "1. Ampliar la red.\n1.1 Medir.\n\n"
                    "1.2 Reparar.\n\n"
                    "1.3 Sectorizar.\n\n"
                    "Fin\n");
}

/* Codes printed before their texts, the texts' wrapped lines under them
 * ("1.1.1   Profesionalizar ..." / "        formación ..."), are rows of
 * one column: nothing is split, though the lines split at one place. */
static void test_codes_before_their_texts_stay(void **state)
{
    (void)state;
    const char *in = "                  Líneas de acción\n"
                     "                  1.1.1   Profesionalizar a los elementos de Seguridad con cursos de\n"
                     "                          formación inicial y continua.\n"
                     "                  1.1.2   Instalar 40 cámaras de videovigilancia en los accesos y plazas\n"
                     "                          principales de la cabecera municipal.\n"
                     "                  LA 1.3  Conformar comités vecinales de prevención en las 18\n"
                     "                          comunidades rurales.\n";
    char *copy = g_strdup(in);
    size_t len = strlen(copy);
    char *got = text_columns_unroll(copy, &len);
    assert_string_equal(got, in);
    g_free(got);
}

/* Columns far into a long text, their run crossing the point where the
 * lines measured first are let go (lines are measured a thousand or so
 * at a time): read as near the start. */
static void test_columns_deep_in_a_long_text(void **state)
{
    (void)state;
    GString *in = g_string_new(NULL), *want = g_string_new(NULL);
    for (int i = 0; i < 1000; i++) {
        g_string_append_printf(in, "Texto de relleno número %d.\n", i);
        g_string_append_printf(want, "Texto de relleno número %d.\n", i);
    }
    GString *right = g_string_new(NULL);
    for (int i = 0; i < 60; i++) {
        g_string_append_printf(in, "Izquierda línea %03d         Derecha línea %03d\n", i, i);
        g_string_append_printf(want, "Izquierda línea %03d\n", i);
        g_string_append_printf(right, "Derecha línea %03d\n", i);
    }
    g_string_append(in, "                            Derecha sola\n\nFin\n");
    g_string_append_printf(want, "\n\n%sDerecha sola\n\nFin\n", right->str); /* its row */
    char *got = unrolled(in->str);
    assert_string_equal(got, want->str);
    g_free(got);
    g_string_free(in, TRUE);
    g_string_free(want, TRUE);
    g_string_free(right, TRUE);
}

/* Text with nothing side by side is not copied: the text itself comes
 * back. */
static void test_plain_text_is_not_copied(void **state)
{
    (void)state;
    char *in = g_strdup("Misión\n\nServir a la población del municipio.\n");
    size_t len = strlen(in);
    char *got = text_columns_unroll(in, &len);
    assert_ptr_equal(got, in);
    assert_int_equal(len, strlen(in));
    g_free(got);
}

/* A long run of lines that each hold a label and its value (no line on
 * one side only) is refused from its first line and from every line after
 * it alike: the text comes back as it was.  Then, after it, a real pair of
 * columns still splits. */
static void test_long_label_value_run_stays(void **state)
{
    GString *in = g_string_new(NULL);
    for (int i = 0; i < 3000; i++) {
        char label[64];
        g_snprintf(label, sizeof label, "Responsable del tramo %d", i);
        g_string_append_printf(in, "%-40s%s\n", label, "Dirección de Obras");
    }
    char *kept = g_strdup(in->str);
    g_string_append(in, "\nFortalezas                      Oportunidades\n"
                        "•   Personal con experiencia    •   Fondos federales.\n"
                        "•   Oficinas propias.           •   Demanda de lotes.\n"
                        "                                •   Convenios municipales.\n");
    char *got = unrolled(in->str);
    assert_memory_equal(got, kept, strlen(kept));
    assert_true(strstr(got, "Oportunidades") > strstr(got, "Oficinas propias."));
    g_free(got);
    g_free(kept);
    g_string_free(in, TRUE);
}

/* Two columns as long as each other, text on both sides of every line:
 * their sentences wrap on both sides ("lineales, ..." under "metros"), so
 * they are columns, read one after the other, each under its heading,
 * though the headings stand centred, right of where the column's lines
 * start. */
static void test_equal_columns_wrapping_read_apart(void **state)
{
    expect_unrolled("                 FORTALEZAS                              DEBILIDADES\n"
                    "F1. Acervo histórico de más de 4,500      D1. Depósitos saturados al 92% de\n"
                    "    metros lineales.                          su capacidad.\n"
                    "F2. Personal con experiencia en           D2. Equipo de cómputo y de\n"
                    "    paleografía.                              digitalización obsoleto.\n"
                    "\n"
                    "Objetivo 1\n",
                    "                 FORTALEZAS\n"
                    "F1. Acervo histórico de más de 4,500\n"
                    "    metros lineales.\n"
                    "F2. Personal con experiencia en\n"
                    "    paleografía.\n"
                    "\n"
                    "DEBILIDADES\n"
                    "D1. Depósitos saturados al 92% de\n"
                    "su capacidad.\n"
                    "D2. Equipo de cómputo y de\n"
                    "digitalización obsoleto.\n"
                    "\n"
                    "Objetivo 1\n");
}

/* Headings a blank line above their columns head them too; a label and
 * its value ("Ejercicio:   2016") never does. */
static void test_headings_a_blank_line_above(void **state)
{
    char *got = unrolled("Ejercicio:                  2016\n"
                         "\n"
                         "              FORTALEZAS                            DEBILIDADES\n"
                         "\n"
                         "Reconocimiento regional del Instituto    Baja ejecución presupuestal en\n"
                         "como gestor de la política cultural.     los primeros meses.\n"
                         "                                         Sistemas de información\n"
                         "Red de bibliotecas consolidada en        desactualizados.\n"
                         "los municipios.\n");
    const char *head = strstr(got, "DEBILIDADES"), *first = strstr(got, "Baja ejecución");
    assert_non_null(head);
    assert_true(head > strstr(got, "los municipios.")); /* after the left column */
    assert_true(head < first);                            /* over its own */
    assert_non_null(strstr(got, "Ejercicio:                  2016\n"));
    g_free(got);
}

/* Two columns of coded lines whose texts hang after their codes: a right
 * line beside left text may start the code's width (8 characters) past
 * the column's start. */
static void test_coded_columns_hanging_after_their_codes(void **state)
{
    char *got = unrolled("1.1.2.1 Mantener la cloración en todas        1.1.2.3 Rehabilitar el tanque de\n"
                         "        las fuentes de abastecimiento.                regulación de la colonia\n"
                         "1.1.2.2 Realizar muestreos bacterio-                  Francia.\n"
                         "        lógicos mensuales con                 1.1.2.4 Publicar trimestralmente los\n"
                         "        laboratorio acreditado.                       resultados de calidad del agua.\n");
    const char *l2 = strstr(got, "1.1.2.2"), *l3 = strstr(got, "1.1.2.3");
    assert_non_null(l2);
    assert_non_null(l3);
    assert_true(l2 < l3); /* the left column first */
    assert_non_null(strstr(got, "las fuentes de abastecimiento.\n"));
    assert_non_null(strstr(got, "1.1.2.3 Rehabilitar el tanque de\nregulación de la colonia\nFrancia.\n"));
    g_free(got);
}

/* An OCR'd page's right column drifts: a line of it starting two
 * characters left of the others is still in it, cut where it starts. */
static void test_drifting_right_column(void **state)
{
    char *got = unrolled(" a) Reformas a la ley general que fortalecen           a) Resistencia de algunos\n"
                         "    las atribuciones de los órganos garantes.           sujetos obligados.\n"
                         " b) Interés de universidades en proyectos            b) Recortes presupuestales\n"
                         "    de gobierno abierto.                                aprobados.\n");
    assert_non_null(strstr(got, "b) Recortes presupuestales\naprobados.\n"));
    assert_true(strstr(got, "b) Interés") < strstr(got, "a) Resistencia"));
    g_free(got);
}

/* Labels and their values, as many on each side, stay lines: no value
 * goes on a sentence of the line above. */
static void test_equal_labels_and_values_stay(void **state)
{
    const char *in = "Dependencia:                 Secretaría de Turismo del Estado\n"
                     "Unidad responsable:          Dirección de Planeación\n"
                     "Periodo que se informa:      Enero a marzo de 2026\n"
                     "Fecha de validación:         15 de abril de 2026\n";
    expect_unrolled(in, in);
}

/* A chapter's title in capitals after a blank line ends a run of
 * columns: the table under it, whose columns fall on the split, is the
 * next chapter's, read as it is. */
static void test_chapter_title_ends_the_columns(void **state)
{
    char *got = unrolled("Objetivo estratégico 3.                   3.1 Impartir cursos de capacitación en\n"
                         "Profesionalizar a los prestadores de          atención al cliente.\n"
                         "servicios turísticos.                     3.2 Promover distintivos de calidad.\n"
                         "\n"
                         "4. INDICADORES ESTRATÉGICOS\n"
                         "\n"
                         "Indicador                                        Línea base 2025     Meta 2026\n"
                         "Ocupación hotelera promedio (%)                           61.4          64.0\n");
    const char *right = strstr(got, "3.2 Promover"), *title = strstr(got, "4. INDICADORES");
    assert_non_null(right);
    assert_non_null(title);
    assert_true(right < title); /* the run's right column before the next chapter */
    assert_non_null(strstr(got, "Indicador                                        Línea base 2025     Meta 2026\n"));
    g_free(got);
}

/* A page's running header of several lines (its first line and those
 * right under it, each on every page, page numbers aside) is never part
 * of the columns under it: its right parts stay on their lines. */
static void test_header_block_stays_out_of_columns(void **state)
{
    GString *in = g_string_new(NULL);
    for (int page = 1; page <= 2; page++) {
        g_string_append_printf(in, "%sINSTITUTO MUNICIPAL DE CULTURA               Código: PE-01\n"
                                   "Proceso: Direccionamiento Estratégico        Versión: 03\n"
                                   "                                             Página %d de 2\n"
                                   "\n",
                               page > 1 ? "\f" : "", page);
        g_string_append(in, "Fortalezas del instituto en la región        Amenazas del entorno en la región\n"
                            "Escuelas de formación con trayectoria        Temporadas de lluvia que cierran\n"
                            "y alta participación infantil.               las vías de acceso.\n"
                            "Equipo comprometido con el territorio.       Destinos vecinos mejor situados.\n"
                            "\n");
    }
    char *got = unrolled(in->str);
    assert_non_null(strstr(got, "Proceso: Direccionamiento Estratégico        Versión: 03\n"));
    assert_non_null(strstr(got, "\fINSTITUTO MUNICIPAL DE CULTURA               Código: PE-01\n"));
    assert_non_null(strstr(got, "Equipo comprometido con el territorio.\n"));
    g_free(got);
    g_string_free(in, TRUE);
}

/* A run of two columns is measured RUN_MAX (200) lines at a time: 450
 * lines split as runs of 200, 200 and 50, each left column before its
 * right column. */
static void test_very_long_run_split_in_parts(void **state)
{
    GString *in = g_string_new(NULL);
    for (int i = 0; i < 450; i++) {
        if (i % 10 == 9) /* a left line alone: columns, not labels */
            g_string_append_printf(in, "izquierda sola número %d\n", i);
        else
            g_string_append_printf(in, "%-34s%s %d\n", "izquierda con palabras", "derecha", i);
    }
    char *got = unrolled(in->str);
    const char *right199 = strstr(got, "derecha 198\n"), *left200 = strstr(got, "izquierda sola número 209");
    const char *left199 = strstr(got, "izquierda sola número 199"), *right0 = strstr(got, "derecha 0\n");
    assert_non_null(right199);
    assert_non_null(left200);
    assert_true(left199 < right0);    /* the first part's left column, then its right */
    assert_true(right199 < left200);  /* the second part after the first's right column */
    assert_null(strstr(got, "izquierda con palabras       derecha")); /* every line split */
    g_free(got);
    g_string_free(in, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_is_not_copied),
        cmocka_unit_test(test_two_columns_read_one_after_the_other),
        cmocka_unit_test(test_tight_line_between_split_lines),
        cmocka_unit_test(test_indented_right_line_is_not_a_tight_split),
        cmocka_unit_test(test_four_columns_read_one_after_the_other),
        cmocka_unit_test(test_aligned_labels_bullets_and_prose_stay),
        cmocka_unit_test(test_columns_counted_in_characters),
        cmocka_unit_test(test_pipe_table_read_cell_by_cell),
        cmocka_unit_test(test_columns_deep_in_a_long_text),
        cmocka_unit_test(test_codes_before_their_texts_stay),
        cmocka_unit_test(test_long_label_value_run_stays),
        cmocka_unit_test(test_equal_columns_wrapping_read_apart),
        cmocka_unit_test(test_equal_labels_and_values_stay),
        cmocka_unit_test(test_headings_a_blank_line_above),
        cmocka_unit_test(test_coded_columns_hanging_after_their_codes),
        cmocka_unit_test(test_drifting_right_column),
        cmocka_unit_test(test_very_long_run_split_in_parts),
        cmocka_unit_test(test_chapter_title_ends_the_columns),
        cmocka_unit_test(test_header_block_stays_out_of_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
