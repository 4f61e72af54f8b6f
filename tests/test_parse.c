/* test_parse.c - src/parse.c through the public API: small reports in each
 * wording of issue 4, converted with poa_convert_buffer and the default
 * rules, and the model they give (FODA quadrants, the plan tree, the
 * metadata).  Every text was written for these tests about imaginary
 * bodies (a water utility, a museum, a forestry commission...); none is
 * copied from a sample or the seed.
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "model.h"
#include "poa.h"
#include "rules.h"
#include "plan_asserts.h"
#include "testutil.h"
#include "text_lines.h"

/* ---- helpers -------------------------------------------------------------- */

/* Convert TEXT (a UTF-8 report); fails the test when it does not convert. */
static poa_report *convert(const char *text)
{
    poa_error err = POA_ERROR_INIT;
    poa_report *r = poa_convert_buffer(text, strlen(text), "t.txt", NULL, &err);
    if (!r)
        fail_msg("conversion failed: %s", err.message);
    return r;
}

/* Quadrant Q of R holds exactly the N items ITEMS, in order. */
static void expect_quadrant(const poa_report *r, poa_quadrant q, const char *const *items,
                            guint n)
{
    const GPtrArray *a = r->foda[q];
    for (guint i = 0; i < a->len || i < n; i++) {
        const poa_item *it = i < a->len ? g_ptr_array_index(a, i) : NULL;
        if (!it || i >= n || strcmp(it->text, items[i]) != 0)
            fail_msg("%s #%u: got [%s], want [%s]", model_quadrant_item_name(q), i + 1,
                     it ? it->text : "(none)", i < n ? items[i] : "(none)");
    }
}

#define QUADRANT(r, q, ...) \
    expect_quadrant(r, q, (const char *const[]){ __VA_ARGS__ }, \
                    G_N_ELEMENTS(((const char *const[]){ __VA_ARGS__ })))

static const poa_item *foda_item(const poa_report *r, poa_quadrant q, guint i)
{
    assert_true(i < r->foda[q]->len);
    return g_ptr_array_index(r->foda[q], i);
}

/* A one-objective plan of a forestry commission, with LABEL before 1 and
 * LINE_LABEL before the line's code; the objective and line texts are fixed. */
static poa_report *one_objective(const char *objective_line, const char *line_line)
{
    char *text = g_strdup_printf("Comisión Forestal del Estado\n\n%s\n%s\n", objective_line,
                                 line_line);
    poa_report *r = convert(text);
    g_free(text);
    return r;
}

static void expect_one_objective(const poa_report *r, const char *ocode, const char *lcode)
{
    assert_int_equal(r->plan->children->len, 1);
    const poa_node *o = child(r->plan, 0);
    expect_node(o, POA_NODE_OBJETIVO, ocode, "Reducir la pérdida de bosques.");
    assert_int_equal(o->children->len, 1);
    expect_node(child(o, 0), POA_NODE_LINEA, lcode, "Vigilar los predios con drones.");
}

/* ---- objectives and action lines ---------------------------------------- */

/* "OE1." read by a label as objective 1, its letters naming the same level,
 * stays the code its actions extend ("A1.1", "A1.2" under it) */
static void test_lettered_objectives_own_the_actions_that_extend_them(void **state)
{
    (void)state;
    poa_report *r = convert("Servicio Local de Educación Pública del Valle\n\n"
                            "Objetivos estratégicos y acciones\n\n"
                            "OE1. Mejorar los aprendizajes de lectura.\n\n"
                            "A1.1 Implementar un programa de acompañamiento en aula.\n\n"
                            "A1.2 Aplicar evaluaciones de progreso.\n\n"
                            "OE2. Asegurar trayectorias educativas completas.\n\n"
                            "A2.1 Implementar un sistema de alerta temprana.\n");
    assert_int_equal(r->plan->children->len, 2);
    const poa_node *o1 = child(r->plan, 0), *o2 = child(r->plan, 1);
    expect_node(o1, POA_NODE_OBJETIVO, "OE1", "Mejorar los aprendizajes de lectura.");
    assert_int_equal(o1->children->len, 2);
    expect_node(child(o1, 1), POA_NODE_LINEA, "A1.2", "Aplicar evaluaciones de progreso.");
    expect_node(o2, POA_NODE_OBJETIVO, "OE2", "Asegurar trayectorias educativas completas.");
    assert_int_equal(o2->children->len, 1);
    poa_report_free(r);
}

static void test_objetivo_estrategico_colon_owns_linea_de_accion_colon(void **state)
{
    poa_report *r = one_objective("Objetivo Estratégico 2: Reducir la pérdida de bosques.",
                                  "Línea de Acción 2.1: Vigilar los predios con drones.");
    expect_one_objective(r, "2", "2.1");
    poa_report_free(r);
}

static void test_oe_dot_owns_la_dash_line(void **state)
{
    poa_report *r = one_objective("OE1. Reducir la pérdida de bosques.",
                                  "LA 1.1 - Vigilar los predios con drones.");
    expect_one_objective(r, "1", "1.1");
    poa_report_free(r);
}

static void test_oe_space_dash_owns_dotted_la_line(void **state)
{
    poa_report *r = one_objective("OE 1 - Reducir la pérdida de bosques.",
                                  "L.A. 1.1 Vigilar los predios con drones.");
    expect_one_objective(r, "1", "1.1");
    poa_report_free(r);
}

static void test_oe_colon_owns_linea_de_accion_dot(void **state)
{
    poa_report *r = one_objective("OE1: Reducir la pérdida de bosques.",
                                  "Línea de acción 1.1. Vigilar los predios con drones.");
    expect_one_objective(r, "1", "1.1");
    poa_report_free(r);
}

static void test_objetivo_estrategico_dot_owns_bare_code_line(void **state)
{
    poa_report *r = one_objective("Objetivo estratégico 1. Reducir la pérdida de bosques.",
                                  "1.1 Vigilar los predios con drones.");
    expect_one_objective(r, "1", "1.1");
    poa_report_free(r);
}

static void test_objetivo_dot_owns_line_written_without_accents(void **state)
{
    poa_report *r = one_objective("Objetivo 1. Reducir la pérdida de bosques.",
                                  "Linea de accion 1.1 Vigilar los predios con drones.");
    expect_one_objective(r, "1", "1.1");
    poa_report_free(r);
}

static void test_labels_that_lost_their_space_are_removed(void **state)
{
    poa_report *r = one_objective("OE5.Reducir la pérdida de bosques.",
                                  "Línea de acción 5.1.Vigilar los predios con drones.");
    expect_one_objective(r, "5", "5.1");
    poa_report_free(r);
}

static void test_numbered_list_under_objectives_heading_gives_objectives(void **state)
{
    poa_report *r = convert("Sistema de Agua Potable de Valle Alto\n"
                            "\n"
                            "Objetivos estratégicos\n"
                            "1. Reducir las fugas de la red de distribución.\n"
                            "2. Medir el consumo de cada toma.\n"
                            "\n"
                            "Líneas de acción\n"
                            "1.1 Sustituir la tubería de asbesto.\n"
                            "2.1 Instalar medidores en las tomas comerciales.\n");
    assert_int_equal(r->plan->children->len, 2);
    const poa_node *o1 = child(r->plan, 0), *o2 = child(r->plan, 1);
    expect_node(o1, POA_NODE_OBJETIVO, "1", "Reducir las fugas de la red de distribución.");
    expect_node(o2, POA_NODE_OBJETIVO, "2", "Medir el consumo de cada toma.");
    expect_node(child(o1, 0), POA_NODE_LINEA, "1.1", "Sustituir la tubería de asbesto.");
    expect_node(child(o2, 0), POA_NODE_LINEA, "2.1",
                "Instalar medidores en las tomas comerciales.");
    poa_report_free(r);
}

/* A table of figures printed one cell a line after the plan ("32" and
 * "93.8" alone, each before a row's label, "56.8 %") goes on no numbering
 * of the plan: no line 2.32, 93.8 or 56.8.  Numbers alone that do go on it (an
 * objective's "3" after lines 2.1 and 2.2, its text on the next line, as
 * a numbered table's cells) are still the plan's. */
static void test_figures_alone_are_not_codes(void **state)
{
    poa_report *r = convert("Universidad del Altiplano\n"
                            "\n"
                            "Objetivos estratégicos\n"
                            "1\nAmpliar la matrícula de licenciatura.\n"
                            "1.1 Abrir dos grupos de nuevo ingreso.\n"
                            "2\nMejorar la eficiencia terminal.\n"
                            "2.1 Dar asesoría de titulación.\n"
                            "2.2 Actualizar los planes de estudio.\n"
                            "Tabla 3. Plantilla de personal\n"
                            "Categoría\nMujeres\nHombres\nTotal\n"
                            "Profesores de tiempo completo\n14\n18\n32\n"
                            "Profesores de asignatura\n31\n25\n56\n"
                            "Avance\n93.8\nAuditorías practicadas\n56.8 %\n");
    assert_int_equal(r->plan->children->len, 2);
    const poa_node *o1 = child(r->plan, 0), *o2 = child(r->plan, 1);
    expect_node(o1, POA_NODE_OBJETIVO, "1", "Ampliar la matrícula de licenciatura.");
    expect_node(o2, POA_NODE_OBJETIVO, "2", "Mejorar la eficiencia terminal.");
    assert_int_equal(o2->children->len, 2); /* no 2.32, 2.56 */
    assert_string_equal(child(o2, 1)->code, "2.2");
    poa_report_free(r);
}

/* A number alone among figures alone, a table of quarterly goals printed
 * a cell a line ("2" over "0", "1", "0"), is a figure even where it would
 * go on the numbering (objective 2 after lines 1.1 and 1.2); a column of
 * row numbers counts on (1, 2, 3) and stays the plan's. */
static void test_number_among_figures_is_a_figure(void **state)
{
    poa_report *r = convert("Tribunal Electoral\n\nObjetivos estratégicos\n"
                            "1. Resolver los medios de impugnación.\n"
                            "1.1 Publicar las sentencias.\n1.2 Capacitar al personal.\n"
                            "Programación trimestral de metas\n"
                            "Protocolo publicado\n2\n0\n1\n0\n1\nUnidad de Igualdad\n");
    assert_int_equal(r->plan->children->len, 1);
    assert_int_equal(child(r->plan, 0)->children->len, 2);
    poa_report_free(r);
}

/* A table after the plan prints its lines again by their codes, with
 * an indicator and figures, or X marks, for text (cells one a line): each line keeps its first statement,
 * and no line is added.  Two lines numbered alike in one list stay two
 * (the document's error, which the completeness check reports). */
static void test_lines_printed_again_by_code_keep_their_first_statement(void **state)
{
    poa_report *r = convert("Instituto del Deporte\n\nObjetivos estratégicos\n"
                            "OE1. Activar a la población.\n"
                            "Línea de acción 1.1 Realizar carreras atléticas.\n"
                            "Línea de acción 1.2 Abrir escuelas deportivas.\n"
                            "OE2. Rehabilitar las unidades deportivas.\n"
                            "Línea de acción 2.1 Sustituir las luminarias.\n\n"
                            "Programación trimestral de metas\nLínea de acción\nMeta\n"
                            "1.1\nCarreras realizadas\n12\n3\n3\n"
                            "1.2\nEscuelas en operación\n8\n2\n2\n");
    assert_int_equal(r->plan->children->len, 2);
    const poa_node *o1 = child(r->plan, 0);
    assert_int_equal(o1->children->len, 2);
    expect_node(child(o1, 0), POA_NODE_LINEA, "1.1", "Realizar carreras atléticas.");
    expect_node(child(o1, 1), POA_NODE_LINEA, "1.2", "Abrir escuelas deportivas.");
    poa_report_free(r);
    /* right after the last objective's lines: a row of marks, and a code
     * the numbering has passed ("2.1" after "2.2") */
    r = convert("Instituto del Deporte\n\nObjetivos estratégicos\n"
                "OE1. Activar a la población.\n"
                "Línea de acción 1.1 Realizar carreras atléticas.\n"
                "OE2. Rehabilitar las unidades deportivas.\n"
                "Línea de acción 2.1 Sustituir las luminarias.\n"
                "Línea de acción 2.2 Reparar las canchas.\n\n"
                "Calendario\nLínea de acción 2.2 X X\n\n"
                "Metas\n2.1\nLuminarias sustituidas\n40\n10\n");
    const poa_node *o2 = child(r->plan, 1);
    assert_int_equal(o2->children->len, 2);
    expect_node(child(o2, 0), POA_NODE_LINEA, "2.1", "Sustituir las luminarias.");
    expect_node(child(o2, 1), POA_NODE_LINEA, "2.2", "Reparar las canchas.");
    poa_report_free(r);
    r = convert("Instituto del Deporte\n\nObjetivos estratégicos\n"
                "OE1. Activar a la población.\n"
                "Línea de acción 1.1 Realizar carreras atléticas.\n"
                "Línea de acción 1.1 Abrir escuelas deportivas.\n");
    assert_int_equal(child(r->plan, 0)->children->len, 2);
    poa_report_free(r);
}

/* A budget or calendar keyed by the objectives' codes ("OE2. 830,000",
 * "OE3. X X") adds no objective: an element with figures or marks for
 * text says nothing, in the labels' plan and in the numbering's alike. */
static void test_elements_of_figures_or_marks_alone_are_dropped(void **state)
{
    poa_report *r = convert("Instituto de Salud\n\nObjetivos estratégicos\n"
                            "OE1. Mejorar la atención.\n1.1 Abrir dos centros de salud.\n\n"
                            "Presupuesto por objetivo\nOE1. 1,250,000\nOE2. 830,000\n"
                            "OE3. X X\n");
    assert_int_equal(r->plan->children->len, 1);
    const poa_node *o1 = child(r->plan, 0);
    expect_node(o1, POA_NODE_OBJETIVO, "1", "Mejorar la atención.");
    expect_node(child(o1, 0), POA_NODE_LINEA, "1.1", "Abrir dos centros de salud.");
    poa_report_free(r);
}

/* Objectives listed with their texts, then labelled again without them
 * ("Objetivo 1" over its lines): each labelled one keeps its list text. */
static void test_labelled_objective_without_text_takes_the_listed_one(void **state)
{
    poa_report *r = convert("Universidad del Altiplano\n\nObjetivos estratégicos\n"
                            "1\nAmpliar la cobertura de la oferta educativa con\n"
                            "pertinencia intercultural.\n"
                            "2\nElevar la calidad de los programas.\n"
                            "Líneas de acción\nObjetivo 1\n1.1 Abrir la licenciatura en turismo.\n"
                            "Objetivo 2\n2.1 Someter a evaluación los programas.\n");
    assert_int_equal(r->plan->children->len, 2);
    const poa_node *o1 = child(r->plan, 0), *o2 = child(r->plan, 1);
    expect_node(o1, POA_NODE_OBJETIVO, "1",
                "Ampliar la cobertura de la oferta educativa con pertinencia intercultural.");
    expect_node(o2, POA_NODE_OBJETIVO, "2", "Elevar la calidad de los programas.");
    expect_node(child(o1, 0), POA_NODE_LINEA, "1.1", "Abrir la licenciatura en turismo.");
    poa_report_free(r);
}

static void test_objective_wrapped_over_two_lines_is_joined(void **state)
{
    poa_report *r = convert("Sistema de Agua Potable de Valle Alto\n"
                            "\n"
                            "OE1. Reducir las fugas de la red de distribución en las\n"
                            "colonias del oriente.\n"
                            "LA 1.1 Sustituir la tubería de asbesto.\n");
    expect_node(child(r->plan, 0), POA_NODE_OBJETIVO, "1",
                "Reducir las fugas de la red de distribución en las colonias del oriente.");
    poa_report_free(r);
}

static void test_three_levels_objective_strategy_line_not_flattened(void **state)
{
    poa_report *r = convert("Museo Regional de Arte Popular\n"
                            "\n"
                            "Objetivo 1. Conservar la colección.\n"
                            "Estrategia 1.1 Mejorar las condiciones de las bodegas.\n"
                            "Línea de acción 1.1.1 Instalar deshumidificadores.\n"
                            "Línea de acción 1.1.2 Revisar las piezas cada trimestre.\n"
                            "Estrategia 1.2 Formar restauradores.\n"
                            "Línea de acción 1.2.1 Becar a dos estudiantes.\n");
    assert_int_equal(r->plan->children->len, 1);
    const poa_node *o = child(r->plan, 0);
    expect_node(o, POA_NODE_OBJETIVO, "1", "Conservar la colección.");
    assert_int_equal(o->children->len, 2);
    const poa_node *e1 = child(o, 0), *e2 = child(o, 1);
    expect_node(e1, POA_NODE_ESTRATEGIA, "1.1", "Mejorar las condiciones de las bodegas.");
    expect_node(child(e1, 0), POA_NODE_LINEA, "1.1.1", "Instalar deshumidificadores.");
    expect_node(child(e1, 1), POA_NODE_LINEA, "1.1.2", "Revisar las piezas cada trimestre.");
    expect_node(e2, POA_NODE_ESTRATEGIA, "1.2", "Formar restauradores.");
    expect_node(child(e2, 0), POA_NODE_LINEA, "1.2.1", "Becar a dos estudiantes.");
    poa_report_free(r);
}

static void test_three_levels_of_bare_codes_make_the_middle_a_strategy(void **state)
{
    poa_report *r = convert("Museo Regional de Arte Popular\n"
                            "\n"
                            "OE1. Conservar la colección.\n"
                            "1.1 Mejorar las condiciones de las bodegas.\n"
                            "1.1.1 Instalar deshumidificadores.\n"
                            "1.1.2 Revisar las piezas cada trimestre.\n"
                            "1.2 Publicar el catálogo en línea.\n");
    const poa_node *o = child(r->plan, 0);
    assert_int_equal(o->children->len, 2);
    const poa_node *e = child(o, 0);
    expect_node(e, POA_NODE_ESTRATEGIA, "1.1", "Mejorar las condiciones de las bodegas.");
    assert_int_equal(e->children->len, 2);
    expect_node(child(e, 0), POA_NODE_LINEA, "1.1.1", "Instalar deshumidificadores.");
    expect_node(child(e, 1), POA_NODE_LINEA, "1.1.2", "Revisar las piezas cada trimestre.");
    expect_node(child(o, 1), POA_NODE_LINEA, "1.2", "Publicar el catálogo en línea.");
    poa_report_free(r);
}

static void test_numbered_subsection_heading_is_not_an_action_line(void **state)
{
    poa_report *r = convert("Museo Regional de Arte Popular\n"
                            "\n"
                            "2.1 Objetivos estratégicos\n"
                            "1. Conservar la colección.\n"
                            "2. Abrir las salas a más visitantes.\n");
    assert_int_equal(r->plan->children->len, 2);
    expect_node(child(r->plan, 0), POA_NODE_OBJETIVO, "1", "Conservar la colección.");
    expect_node(child(r->plan, 1), POA_NODE_OBJETIVO, "2", "Abrir las salas a más visitantes.");
    poa_report_free(r);
}

static void test_objetivo_general_is_not_a_numbered_objective(void **state)
{
    poa_report *r = convert("Museo Regional de Arte Popular\n"
                            "\n"
                            "Misión\n"
                            "Conservar y difundir el arte popular.\n"
                            "\n"
                            "OBJETIVO GENERAL\n"
                            "Acercar el arte popular a todos los públicos.\n"
                            "\n"
                            "Objetivos estratégicos\n"
                            "1. Conservar la colección.\n");
    assert_int_equal(r->plan->children->len, 1);
    expect_node(child(r->plan, 0), POA_NODE_OBJETIVO, "1", "Conservar la colección.");
    assert_string_equal(r->mision, "Conservar y difundir el arte popular.");
    assert_null(r->vision);
    poa_report_free(r);
}

/* ---- mission and vision ------------------------------------------------- */

static void expect_mission_vision(const char *text, const char *mision, const char *vision)
{
    poa_report *r = convert(text);
    assert_string_equal(r->mision, mision);
    assert_string_equal(r->vision, vision);
    poa_report_free(r);
}

static void test_mission_and_vision_under_plain_headings(void **state)
{
    expect_mission_vision("Misión\nCuidar los bosques del estado.\n\n"
                          "Visión\nSeremos un estado sin deforestación.\n",
                          "Cuidar los bosques del estado.", "Seremos un estado sin deforestación.");
}

static void test_mission_and_vision_under_capital_headings_with_colon(void **state)
{
    expect_mission_vision("MISIÓN:\nCuidar los bosques del estado.\n\n"
                          "VISIÓN:\nUn estado sin deforestación en 2030.\n",
                          "Cuidar los bosques del estado.", "Un estado sin deforestación en 2030.");
}

static void test_mission_and_vision_under_nuestra_headings(void **state)
{
    expect_mission_vision("Nuestra misión\nCuidar los bosques del estado.\n\n"
                          "Nuestra visión\nUn estado sin deforestación.\n",
                          "Cuidar los bosques del estado.", "Un estado sin deforestación.");
}

static void test_mission_text_on_the_heading_line(void **state)
{
    expect_mission_vision("MISIÓN. Ser la autoridad que cuida los bosques del estado.\n\n"
                          "VISIÓN. Un estado sin deforestación.\n",
                          "Ser la autoridad que cuida los bosques del estado.",
                          "Un estado sin deforestación.");
}

static void test_unlabelled_mission_and_vision_by_wording(void **state)
{
    expect_mission_vision("Comisión Forestal del Estado\n\n"
                          "Somos la autoridad que cuida los bosques del estado.\n\n"
                          "Seremos un estado sin deforestación.\n\n"
                          "OE1. Reducir la pérdida de bosques.\n",
                          "Somos la autoridad que cuida los bosques del estado.",
                          "Seremos un estado sin deforestación.");
}

static void test_unlabelled_mission_starting_with_an_infinitive(void **state)
{
    expect_mission_vision("Comisión Forestal del Estado\n\n"
                          "Proteger y restaurar los bosques del estado con las comunidades.\n\n"
                          "En 2030 el estado habrá detenido la deforestación.\n\n"
                          "OE1. Reducir la pérdida de bosques.\n",
                          "Proteger y restaurar los bosques del estado con las comunidades.",
                          "En 2030 el estado habrá detenido la deforestación.");
}

static void test_vision_printed_before_mission(void **state)
{
    expect_mission_vision("VISIÓN\nUn estado sin deforestación.\n\n"
                          "MISIÓN\nCuidar los bosques del estado.\n",
                          "Cuidar los bosques del estado.", "Un estado sin deforestación.");
}

/* ---- FODA --------------------------------------------------------------- */

static void test_foda_headings_in_three_wordings_under_analysis_heading(void **state)
{
    poa_report *r = convert("Análisis FODA\n\n"
                            "FORTALEZAS INSTITUCIONALES\n"
                            "• Brigadas capacitadas.\n\n"
                            "Debilidades\n"
                            "• Pocos vehículos.\n\n"
                            "OPORTUNIDADES:\n"
                            "• Fondos internacionales.\n\n"
                            "Amenazas\n"
                            "• Sequías prolongadas.\n");
    assert_true(r->foda_present);
    QUADRANT(r, POA_FORTALEZAS, "Brigadas capacitadas.");
    QUADRANT(r, POA_DEBILIDADES, "Pocos vehículos.");
    QUADRANT(r, POA_OPORTUNIDADES, "Fondos internacionales.");
    QUADRANT(r, POA_AMENAZAS, "Sequías prolongadas.");
    poa_report_free(r);
}

static void test_foda_items_with_each_bullet(void **state)
{
    /* the last four: Word's Symbol and Wingdings bullets as text extraction
     * leaves them, in the private use area (U+F0B7, U+F0A7, U+F0D8, U+F076) */
    static const char *const bullets[] = { "‣", "•", "●", "▪", "◦", "-", "–", "*",
                                           "\xEF\x82\xB7", "\xEF\x82\xA7", "\xEF\x83\x98",
                                           "\xEF\x81\xB6" };
    for (size_t i = 0; i < G_N_ELEMENTS(bullets); i++) {
        char *text = g_strdup_printf("FORTALEZAS:\n%s Viveros propios.\n%s Brigadas "
                                     "capacitadas.\n",
                                     bullets[i], bullets[i]);
        poa_report *r = convert(text);
        if (r->foda[POA_FORTALEZAS]->len != 2)
            fail_msg("bullet %s: %u items", bullets[i], r->foda[POA_FORTALEZAS]->len);
        QUADRANT(r, POA_FORTALEZAS, "Viveros propios.", "Brigadas capacitadas.");
        poa_report_free(r);
        g_free(text);
    }
}

static void test_foda_items_numbered_and_lettered_keep_their_number(void **state)
{
    poa_report *r = convert("Fortalezas\n1. Viveros propios.\n2. Brigadas capacitadas.\n\n"
                            "Debilidades\na) Pocos vehículos.\nb) Radios antiguos.\n");
    QUADRANT(r, POA_FORTALEZAS, "Viveros propios.", "Brigadas capacitadas.");
    QUADRANT(r, POA_DEBILIDADES, "Pocos vehículos.", "Radios antiguos.");
    assert_string_equal(foda_item(r, POA_FORTALEZAS, 1)->code, "2");
    assert_string_equal(foda_item(r, POA_DEBILIDADES, 1)->code, "b");
    poa_report_free(r);
}

static void test_foda_coded_items_choose_their_quadrant_and_drop_the_code(void **state)
{
    poa_report *r = convert("Análisis FODA\n"
                            "F1. Viveros propios.\n"
                            "F2. Brigadas capacitadas.\n"
                            "D1. Pocos vehículos.\n"
                            "O1. Fondos internacionales.\n"
                            "A1. Sequías prolongadas.\n"
                            "A2. Tala clandestina.\n");
    QUADRANT(r, POA_FORTALEZAS, "Viveros propios.", "Brigadas capacitadas.");
    QUADRANT(r, POA_DEBILIDADES, "Pocos vehículos.");
    QUADRANT(r, POA_OPORTUNIDADES, "Fondos internacionales.");
    QUADRANT(r, POA_AMENAZAS, "Sequías prolongadas.", "Tala clandestina.");
    assert_string_equal(foda_item(r, POA_AMENAZAS, 1)->code, "A2");
    poa_report_free(r);
}

static void test_foda_one_item_per_paragraph(void **state)
{
    poa_report *r = convert("FORTALEZAS\n\n"
                            "Viveros propios en cada región.\n\n"
                            "Brigadas capacitadas en combate de incendios.\n\n"
                            "DEBILIDADES\n\n"
                            "Pocos vehículos para las brigadas.\n");
    QUADRANT(r, POA_FORTALEZAS, "Viveros propios en cada región.",
             "Brigadas capacitadas en combate de incendios.");
    QUADRANT(r, POA_DEBILIDADES, "Pocos vehículos para las brigadas.");
    poa_report_free(r);
}

static void test_two_bullets_on_one_line_split(void **state)
{
    poa_report *r = convert("FORTALEZAS:\n"
                            "• Viveros propios. • Brigadas capacitadas.\n"
                            "- Radios nuevos. - Torres de vigilancia.\n");
    QUADRANT(r, POA_FORTALEZAS, "Viveros propios.", "Brigadas capacitadas.", "Radios nuevos.",
             "Torres de vigilancia.");
    poa_report_free(r);
}

static void test_prose_mentioning_fortalezas_is_not_a_foda(void **state)
{
    poa_report *r = convert("Misión\n"
                            "Cuidar los bosques del estado.\n\n"
                            "El programa aprovecha las fortalezas del personal y reconoce\n"
                            "Fortalezas y debilidades que se revisan cada año.\n");
    assert_false(r->foda_present);
    for (int q = 0; q < POA_QUADRANTS; q++)
        assert_int_equal(r->foda[q]->len, 0);
    poa_report_free(r);
}

/* ---- text repair ------------------------------------------------------- */

static void test_doubled_final_period_repaired(void **state)
{
    poa_report *r = convert("DEBILIDADES\n- Falta de rendición de cuentas..\n");
    QUADRANT(r, POA_DEBILIDADES, "Falta de rendición de cuentas.");
    poa_report_free(r);
}

static void test_syllable_hyphen_at_line_end_joined(void **state)
{
    poa_report *r = convert("DEBILIDADES\n- Poca organiza-\nción de las brigadas.\n");
    QUADRANT(r, POA_DEBILIDADES, "Poca organización de las brigadas.");
    poa_report_free(r);
}

static void test_compound_hyphen_at_line_end_kept(void **state)
{
    poa_report *r = convert("AMENAZAS\n- Conflictos político-\nelectorales en las regiones.\n");
    QUADRANT(r, POA_AMENAZAS, "Conflictos político-electorales en las regiones.");
    poa_report_free(r);
}

static void test_label_removed_from_item_text(void **state)
{
    poa_report *r = convert("OE3.- Reforestar las cuencas altas.\n"
                            "Línea de acción 3.1.- Producir un millón de plantas.\n"
                            "F1.- Viveros propios.\n");
    const poa_node *o = child(r->plan, 0);
    expect_node(o, POA_NODE_OBJETIVO, "3", "Reforestar las cuencas altas.");
    expect_node(child(o, 0), POA_NODE_LINEA, "3.1", "Producir un millón de plantas.");
    QUADRANT(r, POA_FORTALEZAS, "Viveros propios.");
    poa_report_free(r);
}

/* ---- metadata ----------------------------------------------------------- */

/* A report with metadata lines META and a minimal plan. */
static poa_report *with_meta(const char *meta)
{
    char *text = g_strdup_printf("Comisión Forestal del Estado\n%s\n\n"
                                 "OE1. Reducir la pérdida de bosques.\n",
                                 meta);
    poa_report *r = convert(text);
    g_free(text);
    return r;
}

static void expect_quarter(const char *meta, int quarter)
{
    poa_report *r = with_meta(meta);
    if (r->meta.trimestre != quarter)
        fail_msg("\"%s\": quarter %d, want %d", meta, r->meta.trimestre, quarter);
    poa_report_free(r);
}

static void test_quarter_in_capitals(void **state)
{
    expect_quarter("TERCER TRIMESTRE", 3);
}

static void test_quarter_in_title_case(void **state)
{
    expect_quarter("Tercer trimestre", 3);
}

static void test_quarter_abbreviated(void **state)
{
    expect_quarter("3er. trimestre", 3);
}

static void test_quarter_as_months(void **state)
{
    expect_quarter("julio-septiembre", 3);
    expect_quarter("Abril - Junio 2024", 2);
}

static void test_period_gives_start_end_quarter_and_year(void **state)
{
    poa_report *r = with_meta("01/07/2024 al 30/09/2024");
    assert_string_equal(r->meta.periodo_inicio, "2024-07-01");
    assert_string_equal(r->meta.periodo_fin, "2024-09-30");
    assert_int_equal(r->meta.trimestre, 3);
    assert_int_equal(r->meta.ejercicio, 2024);
    poa_report_free(r);
}

static void test_date_in_words_to_iso(void **state)
{
    poa_report *r = with_meta("30 de septiembre de 2024");
    assert_string_equal(r->meta.fecha, "2024-09-30");
    poa_report_free(r);
}

/* The report dated by the lines META (under "Programa Anual de Trabajo
 * 2025") is FECHA, or undated when FECHA is NULL. */
static void expect_fecha(const char *meta, const char *fecha)
{
    char *lines = g_strdup_printf("Programa Anual de Trabajo 2025\n\n%s", meta);
    poa_report *r = with_meta(lines);
    g_free(lines);
    if (g_strcmp0(r->meta.fecha, fecha) != 0)
        fail_msg("\"%s\": fecha %s, want %s", meta, r->meta.fecha ? r->meta.fecha : "(none)",
                 fecha ? fecha : "(none)");
    poa_report_free(r);
}

/* The report's date from a dateline, only where it falls in the time a
 * report of its year is dated in: a law's date printed alike is not. */
static void test_dateline_dates_the_report_within_its_period(void **state)
{
    expect_fecha("Guaymas, Sonora, a 15 de enero de 2025", "2025-01-15");
    expect_fecha("Mérida, Yucatán, lunes 13 de enero de 2025.", "2025-01-13");
    expect_fecha("Hermosillo, Sonora, 4 de mayo de 2016", NULL);
    /* the first that falls in the period's time, not the first printed */
    expect_fecha("Hermosillo, Sonora, 4 de mayo de 2016\n\nGuaymas, Sonora, a 15 de enero de 2025",
                 "2025-01-15");
}

/* A label says what a date is: it outranks a dateline and a date alone
 * printed before it; a dateline outranks a date alone. */
static void test_labelled_date_outranks_a_dateline_and_a_date_alone(void **state)
{
    expect_fecha("30/11/2025\n\nLima, 12 de febrero de 2025\n\nFecha de aprobación: 28-ene-2025",
                 "2025-01-28");
    expect_fecha("30/11/2025\n\nLima, 12 de febrero de 2025", "2025-02-12");
}

/* A programme of year YEAR whose plan is followed by the paragraph
 * CLOSING: its date is FECHA, and the paragraph stays out of the last
 * action line. */
static void expect_closing_dates(int year, const char *closing, const char *fecha)
{
    char *text = g_strdup_printf("Instituto Sonorense de Cultura\n"
                                 "Programa Anual de Trabajo %d\n\n"
                                 "OE1. Ampliar la oferta cultural.\n"
                                 "1.1 Abrir talleres en los municipios.\n\n%s\n",
                                 year, closing);
    poa_report *r = convert(text);
    g_free(text);
    assert_string_equal(r->meta.fecha, fecha);
    assert_string_equal(child(child(r->plan, 0), 0)->text, "Abrir talleres en los municipios.");
    poa_report_free(r);
}

/* An approval, its date wrapped to its second line. */
static void test_approval_paragraph_dates_the_report(void **state)
{
    expect_closing_dates(2021,
                         "Aprobado por la Junta de Gobierno en su Primera Sesión Ordinaria celebrada el 28 de\n"
                         "enero de 2021.",
                         "2021-01-28");
}

/* The legal closing, its numbers in words and wrapped. */
static void test_legal_closing_in_words_dates_the_report(void **state)
{
    expect_closing_dates(2026,
                         "Dado en la ciudad de Hermosillo, Son., a los catorce días del mes\n"
                         "de enero de dos mil veintiséis.",
                         "2026-01-14");
}

static void test_labelled_dates_kept_apart(void **state)
{
    poa_report *r = with_meta("Fecha de actualización: 15/10/2024\n"
                              "Fecha de validación: 18 de octubre de 2024");
    assert_string_equal(r->meta.fecha_actualizacion, "2024-10-15");
    assert_string_equal(r->meta.fecha_validacion, "2024-10-18");
    assert_null(r->meta.fecha);
    poa_report_free(r);
}

static void test_validation_date_before_update_date_kept_apart(void **state)
{
    poa_report *r = with_meta("Fecha de validación: 18/10/2024\n"
                              "Fecha de actualización: 15/10/2024");
    assert_string_equal(r->meta.fecha_actualizacion, "2024-10-15");
    assert_string_equal(r->meta.fecha_validacion, "2024-10-18");
    poa_report_free(r);
}

static void test_year_from_ejercicio(void **state)
{
    poa_report *r = with_meta("Ejercicio 2024");
    assert_int_equal(r->meta.ejercicio, 2024);
    poa_report_free(r);
}

static void test_year_under_ejercicio_label(void **state)
{
    poa_report *r = with_meta("Ejercicio\n2024");
    assert_int_equal(r->meta.ejercicio, 2024);
    poa_report_free(r);
}

static void test_quarter_and_year_on_one_line(void **state)
{
    poa_report *r = with_meta("Segundo trimestre de 2023");
    assert_int_equal(r->meta.trimestre, 2);
    assert_int_equal(r->meta.ejercicio, 2023);
    poa_report_free(r);
}

static void test_legal_basis_is_not_part_of_the_plan(void **state)
{
    poa_report *r = with_meta("Artículo 121 – Fracción XXII de la ley local de transparencia");
    assert_non_null(r->meta.fundamento);
    assert_true(g_str_has_prefix(r->meta.fundamento, "Artículo 121"));
    assert_int_equal(r->plan->children->len, 1);
    poa_report_free(r);
}

/* ---- the parser itself ------------------------------------------------- */

static void test_parser_fed_line_by_line_without_reliable_blocks(void **state)
{
    poa_error err = POA_ERROR_INIT;
    const poa_rules *rules = rules_default_shared(true, &err);
    assert_non_null(rules);
    const char *text = "OE2. Medir el consumo de cada toma.\n"
                       "\n"
                       "LA 2.1 Instalar medidores\n"
                       "\n"
                       "en las tomas comerciales.\n";
    poa_lines lines = POA_LINES_INIT;
    text_lines_read(&lines, text, strlen(text), test_default_rules());
    poa_report *r = model_report_new();
    parser *p = parse_new(r, rules, false);
    for (size_t i = 0; i < lines.n; i++)
        parse_feed(p, &lines.v[i], 1);
    assert_true(parse_finish(p) >= 2);
    parse_free(p);
    const poa_node *o = child(r->plan, 0);
    expect_node(o, POA_NODE_OBJETIVO, "2", "Medir el consumo de cada toma.");
    expect_node(child(o, 0), POA_NODE_LINEA, "2.1",
                "Instalar medidores en las tomas comerciales.");
    lines_release(&lines);
    poa_report_free(r);
}

static void test_text_without_structure_is_refused(void **state)
{
    const char *text = "Aviso de privacidad.\nLos datos se tratan conforme a la ley.\n";
    poa_error err = POA_ERROR_INIT;
    assert_null(poa_convert_buffer(text, strlen(text), "t.txt", NULL, &err));
    assert_int_equal(err.code, POA_E_NO_STRUCTURE);
}

/* The XML of TEXT's lines fed to a new parser WINDOW lines at a time, the
 * parser seeing AHEAD lines more past each window (parse_feed_window). */
static char *xml_fed_by_windows(const char *text, size_t window, size_t ahead)
{
    poa_lines lines = POA_LINES_INIT;
    text_lines_read(&lines, text, strlen(text), test_default_rules());
    poa_report *r = model_report_new();
    parser *p = parse_new(r, test_default_rules(), true);
    for (size_t at = 0; at < lines.n;) {
        size_t have = MIN(lines.n - at, window + ahead);
        at += parse_feed_window(p, &lines.v[at], have, MIN(window, have));
    }
    parse_finish(p);
    parse_free(p);
    size_t len = 0;
    poa_error err = POA_ERROR_INIT;
    char *xml = emit_xml(r, &len, &err); /* unvalidated: the report has no source */
    assert_non_null(xml);
    poa_report_free(r);
    lines_release(&lines);
    return xml;
}

/* Plain text fed a window at a time, with PARSE_LOOKAHEAD_LINES past each,
 * reads as if fed whole, even where a label wraps over lines past the
 * window's end; without them it does not. */
static void test_text_fed_by_windows_reads_as_whole(void **state)
{
    (void)state;
    const char *text = "Instituto del Agua de Valle Verde\n\n"
                       "Fecha de inicio del\nperiodo que se\ninforma\n01/04/2025\n\n"
                       "Fecha de término del\nperiodo que se\ninforma\n30/06/2025\n\n"
                       "Misión\nCuidar el agua de la ciudad.\n\n"
                       "OE1. Medir el consumo.\n\nLínea de acción 1.1 Instalar medidores.\n";
    char *whole = xml_fed_by_windows(text, SIZE_MAX / 2, 0);
    for (size_t window = 1; window <= 4; window++) {
        char *windowed = xml_fed_by_windows(text, window, PARSE_LOOKAHEAD_LINES);
        assert_string_equal(windowed, whole);
        free(windowed);
    }
    char *blind = xml_fed_by_windows(text, 1, 0); /* the look-ahead is needed */
    assert_string_not_equal(blind, whole);
    free(blind);
    free(whole);
}

/* ---- regressions found in review ------------------------------------------ */

/* A line of action coded under a strategy numbered one level too deep must
 * not leave an empty element behind (the XML would be schema-invalid). */
static void test_misnumbered_levels_still_give_valid_xml(void **state)
{
    poa_report *r = convert("Objetivos estratégicos\n"
                            "Objetivo 1. Mejorar la atención ciudadana.\n"
                            "Estrategia 1.1.1 Impartir talleres de lectura.\n"
                            "Línea de acción 1.1\n");
    char *xml = NULL;
    size_t len = 0;
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(poa_report_to_xml(r, &xml, &len, &err), 0);
    free(xml);
    poa_report_free(r);
}

/* An ignored one-line paragraph must not swallow the paragraph after it. */
static void test_ignored_paragraph_does_not_swallow_the_vision(void **state)
{
    poa_report *r = convert("Casa de la Cultura de Valle Verde\n\n"
                            "Texto de presentación del programa.\n\n"
                            "Seremos un referente cultural en la región.\n\n"
                            "Misión\nPromover la lectura en el municipio.\n");
    assert_non_null(r->vision);
    assert_string_equal(r->vision, "Seremos un referente cultural en la región.");
    poa_report_free(r);
}

/* Bulleted items under "Líneas de acción" are lines of the current
 * objective, not text glued onto it. */
static void test_bulleted_action_lines_belong_to_the_objective(void **state)
{
    poa_report *r = convert("Objetivos estratégicos\n\n"
                            "Objetivo 1. Mejorar la atención ciudadana.\n\n"
                            "Líneas de acción\n\n"
                            "• Realizar talleres para el personal.\n\n"
                            "• Elaborar un diagnóstico de los servicios.\n");
    const poa_node *o = child(r->plan, 0);
    expect_node(o, POA_NODE_OBJETIVO, "1", "Mejorar la atención ciudadana.");
    assert_int_equal(o->children->len, 2);
    assert_string_equal(child(o, 0)->text, "Realizar talleres para el personal.");
    assert_string_equal(child(o, 1)->text, "Elaborar un diagnóstico de los servicios.");
    poa_report_free(r);
}

/* An "Ejercicio" label takes a year, never the numbered item after it. */
/* A form's header row extracted as text: each heading its own block,
 * wrapped over lines, then the values in the row's order with the
 * mission, vision and plan cells moved after them, as pdftotext prints a
 * landscape form.  Each value goes to its column by type. */
static const char *const header_row_form =
    "Junta Municipal de Agua Potable de Río Claro\n\n"
    "Ejercicio\n\n"
    "Fecha de\ninicio del\nperiodo que se\ninforma\n\n"
    "Fecha de\ntérmino del\nperiodo que se\ninforma\n\n"
    "Misión\n\nVisión\n\n"
    "Objetivos\nestratégicos y\nlíneas de acción\n\n"
    "Área(s)\nresponsable(s) que\ngenera(n), posee(n),\npublica(n) y actualizan\nla información\n\n"
    "Fecha de\nvalidación\n\nFecha de\nactualización\n\nNota\n\n"
    "2022\n\n01/07/2022\n\n30/09/2022\n\n"
    "Gerencia de\nOperación\nHidráulica\n\n"
    "20/10/2022\n\n21/10/2022\n\n"
    "Las cifras del\ntercer trimestre\nson preliminares.\n\n"
    "Abastecer de agua potable a la población de Río Claro con calidad y continuidad.\n\n"
    "OE1. Reducir las pérdidas físicas de la red de distribución.\n"
    "1.1 Sectorizar la red de la cabecera municipal.\n";

static void test_header_row_values_go_to_their_columns_by_type(void **state)
{
    poa_report *r = convert(header_row_form);
    assert_int_equal(r->meta.ejercicio, 2022);
    assert_string_equal(r->meta.periodo_inicio, "2022-07-01");
    assert_string_equal(r->meta.periodo_fin, "2022-09-30");
    assert_string_equal(r->meta.fecha_validacion, "2022-10-20");
    assert_string_equal(r->meta.fecha_actualizacion, "2022-10-21");
    assert_string_equal(r->meta.area, "Gerencia de Operación Hidráulica");
    /* "tercer trimestre" inside the note's sentence is its words */
    assert_string_equal(r->meta.nota, "Las cifras del tercer trimestre son preliminares.");
    assert_int_equal(r->meta.trimestre, 3);
    assert_non_null(r->mision);
    assert_string_equal(r->mision,
                        "Abastecer de agua potable a la población de Río Claro con calidad y "
                        "continuidad.");
    assert_int_equal(r->plan->children->len, 1);
    poa_report_free(r);
}

/* An empty note: the waiting "Nota" label never takes the mission (its
 * wording says what it is) nor a plan line. */
static void test_waiting_note_label_does_not_take_the_mission(void **state)
{
    poa_report *r = convert("Ejercicio\n\nNota\n\n2023\n\n"
                            "Garantizar el acceso al agua potable en todas las localidades.\n\n"
                            "OE1. Ampliar la red.\n1.1 Construir el tanque elevado.\n");
    assert_int_equal(r->meta.ejercicio, 2023);
    assert_null(r->meta.nota);
    assert_non_null(r->mision);
    assert_int_equal(r->plan->children->len, 1);
    poa_report_free(r);
}

/* A date column's label takes a date standing alone, never a period line
 * or a sentence that names a date. */
static void test_date_label_takes_only_a_date_alone(void **state)
{
    poa_report *r = convert("Secretaría de Desarrollo Rural\n\nFecha de validación\n\n"
                            "Periodo que se informa: 01/01/2024 al 31/03/2024\n\n"
                            "Misión\n\nApoyar a los productores del campo.\n");
    assert_null(r->meta.fecha_validacion);
    assert_string_equal(r->meta.periodo_inicio, "2024-01-01");
    assert_string_equal(r->meta.periodo_fin, "2024-03-31");
    poa_report_free(r);
    r = convert("Secretaría de Desarrollo Rural\n\nFecha de actualización\n\n"
                "El programa entrará en vigor el 1 de enero de 2025 y se revisará cada año.\n\n"
                "Misión\n\nApoyar a los productores del campo.\n");
    assert_null(r->meta.fecha_actualizacion);
    poa_report_free(r);
}

/* Double-spaced text (every line its own block): the header row's dates
 * and year still reach their columns. */
static void test_header_row_in_double_spaced_text(void **state)
{
    poa_report *r = convert("Instituto Municipal de Planeación\n\nEjercicio\n\nFecha de validación\n\n"
                            "Fecha de actualización\n\nÁrea responsable\n\n2024\n\n10/04/2024\n\n"
                            "12/04/2024\n\nDirección de Planeación.\n\nMisión\n\n"
                            "Contribuir al desarrollo ordenado del municipio.\n\nFORTALEZAS\n\n"
                            "F1. Personal capacitado.\n");
    assert_int_equal(r->meta.ejercicio, 2024);
    assert_string_equal(r->meta.fecha_validacion, "2024-04-10");
    assert_string_equal(r->meta.fecha_actualizacion, "2024-04-12");
    assert_string_equal(r->meta.area, "Dirección de Planeación"); /* a name: no final period */
    poa_report_free(r);
}

/* A label with its value on the next line of the same block; a heading
 * whose text follows in its block keeps that text. */
static void test_label_and_value_in_one_block(void **state)
{
    poa_report *r = convert("Comisión Estatal de Vivienda\n\n"
                            "Unidad responsable\nDirección de Planeación y Evaluación\n\n"
                            "Fecha de inicio del periodo\n01/01/2024\n\n"
                            "Fecha de término del periodo\n31/03/2024\n\n"
                            "Misión\nFacilitar el acceso a una vivienda digna\n"
                            "para las familias del estado.\n\n"
                            "Visión\nSer el organismo de vivienda\nreconocido por su eficiencia.\n");
    assert_string_equal(r->meta.area, "Dirección de Planeación y Evaluación");
    assert_string_equal(r->meta.periodo_inicio, "2024-01-01");
    assert_string_equal(r->meta.periodo_fin, "2024-03-31");
    assert_string_equal(r->vision, "Ser el organismo de vivienda reconocido por su eficiencia.");
    poa_report_free(r);
}

/* A quarter in a title or cover line is the report's quarter; inside a
 * note's sentence, in any case, it is the note's words; a period's end
 * printed first is kept. */
static void test_quarter_words_in_titles_and_notes(void **state)
{
    poa_report *r = convert("Instituto Municipal de las Mujeres\n\n"
                            "Informe de avance correspondiente al\ntercer trimestre de 2024\n\n"
                            "Misión\n\nPromover la igualdad sustantiva entre mujeres y hombres.\n");
    assert_int_equal(r->meta.trimestre, 3);
    assert_int_equal(r->meta.ejercicio, 2024);
    poa_report_free(r);
    r = convert("Instituto Municipal del Deporte\n\nEjercicio 2024\n\n"
                "Nota: Las cifras corresponden al\nTercer Trimestre y son preliminares.\n\n"
                "Misión\n\nFomentar el deporte.\n");
    assert_string_equal(r->meta.nota,
                        "Las cifras corresponden al Tercer Trimestre y son preliminares.");
    poa_report_free(r);
    r = convert("Fecha de término del periodo que se informa\n\n30/06/2024\n\n"
                "Periodo que se informa: 01/01/2024 al 31/03/2024\n\n"
                "Misión\n\nServir a la población del estado.\n");
    assert_string_equal(r->meta.periodo_fin, "2024-06-30");
    poa_report_free(r);
}

/* "3. Calendario de fiestas ..." after items 1 and 2 of a quadrant is item
 * 3, although "Calendario" alone would begin a section. */
static void test_numbered_foda_item_starting_with_a_section_word(void **state)
{
    poa_report *r = convert("Fortalezas\n\n1. Patrimonio colonial bien conservado.\n\n"
                            "2. Gastronomía reconocida en el país.\n\n"
                            "3. Calendario de fiestas tradicionales y ferias\ndurante todo el año.\n\n"
                            "Debilidades\n\n1. Poca conectividad aérea.\n");
    QUADRANT(r, POA_FORTALEZAS, "Patrimonio colonial bien conservado.",
             "Gastronomía reconocida en el país.",
             "Calendario de fiestas tradicionales y ferias durante todo el año.");
    QUADRANT(r, POA_DEBILIDADES, "Poca conectividad aérea.");
    poa_report_free(r);
}

/* The number after a quadrant's last item on a heading-like line is the
 * next chapter ("4. Indicadores"), and a plan lettered "A.1", "D.1" after
 * the FODA is no amenaza or debilidad. */
static void test_foda_list_ends_at_a_chapter_and_at_lettered_codes(void **state)
{
    poa_report *r = convert("Amenazas\n\n1. Recortes al subsidio federal.\n\n"
                            "2. Competencia de universidades privadas.\n\n"
                            "4. Indicadores\n\nLa matrícula se mide cada semestre.\n\n"
                            "Programas\nA.1 Prevención del delito en colonias prioritarias.\n"
                            "D.1 Modernización del alumbrado público.\n");
    QUADRANT(r, POA_AMENAZAS, "Recortes al subsidio federal.",
             "Competencia de universidades privadas.");
    assert_int_equal(r->foda[POA_DEBILIDADES]->len, 0);
    poa_report_free(r);
}

/* After a lettered or bulleted quadrant, a numbered line in capitals is
 * the next chapter's title (plain text has no bold to tell it), not an
 * item; a numbered item in capitals among numbered ones stays one. */
static void test_foda_list_ends_at_a_chapter_in_capitals(void **state)
{
    poa_report *r = convert("Amenazas\n\nA1. Crecimiento de asentamientos irregulares.\n"
                            "A2. Cambios de administración.\n\n"
                            "2. ALINEACIÓN PROGRAMÁTICA\n\n"
                            "La alineación con el plan estatal se presenta enseguida.\n");
    QUADRANT(r, POA_AMENAZAS, "Crecimiento de asentamientos irregulares.",
             "Cambios de administración.");
    poa_report_free(r);
    r = convert("Amenazas\n\n- Conflictos socioambientales.\n- Sismos y heladas.\n\n"
                "III. OBJETIVOS ESTRATÉGICOS INSTITUCIONALES\n\nLos objetivos se presentan enseguida.\n");
    QUADRANT(r, POA_AMENAZAS, "Conflictos socioambientales.", "Sismos y heladas.");
    poa_report_free(r);
    r = convert("Amenazas\n\n1. Recortes al subsidio federal.\n\n2. SEQUÍA PROLONGADA.\n");
    QUADRANT(r, POA_AMENAZAS, "Recortes al subsidio federal.", "SEQUÍA PROLONGADA.");
    poa_report_free(r);
}

/* "Trimestre: cuarto" is the quarter, and so is "Trimestre 4" in the
 * report's header; a column heading "Trimestre 1" of a schedule is not. */
static void test_labelled_quarter_needs_its_label(void **state)
{
    poa_report *r = convert("Ejercicio: 2020\nTrimestre: cuarto\n\nMisión\n\nPromover el turismo.\n");
    assert_int_equal(r->meta.trimestre, 4);
    poa_report_free(r);
    r = convert("Programa Operativo Anual 2025\n\nMisión\n\nPrestar el servicio de agua.\n\n"
                "Programación\n\nTrimestre 1\n\nTrimestre 2\n");
    assert_int_equal(r->meta.trimestre, 0);
    poa_report_free(r);
    r = convert("Programa de Trabajo 2019\n\nTrimestre 4\n\nMisión\n\nPromover el deporte.\n");
    assert_int_equal(r->meta.trimestre, 4);
    poa_report_free(r);
}

/* Objectives numbered in Roman numerals under their heading, with lines
 * "I.1": each line under its objective, the next numeral the next one. */
static void test_roman_numbered_objectives(void **state)
{
    poa_report *r = convert("Misión\n\nPromover a la juventud.\n\n"
                            "Objetivos estratégicos y líneas de acción\n\n"
                            "I. Fortalecer la participación juvenil.\n"
                            "I.1 Instalar consejos municipales.\nI.2 Realizar el Parlamento.\n"
                            "II. Ampliar las oportunidades de empleo.\n"
                            "II.1 Operar la bolsa de trabajo.\n");
    assert_int_equal(r->plan->children->len, 2);
    const poa_node *o = child(r->plan, 1);
    expect_node(o, POA_NODE_OBJETIVO, "II", "Ampliar las oportunidades de empleo.");
    assert_int_equal(o->children->len, 1);
    expect_node(child(o, 0), POA_NODE_LINEA, "II.1", "Operar la bolsa de trabajo.");
    poa_report_free(r);
}

/* "OE-01" is objective 1: its lines "1.1.-" go under it. */
static void test_zero_padded_objective_code(void **state)
{
    poa_report *r = convert("Misión\n\nCapacitar para el trabajo.\n\n"
                            "OE-01 Ampliar la cobertura de la capacitación.\n"
                            "1.1.- Instalar unidades móviles.\n"
                            "OE-02 Vincular los cursos con las empresas.\n"
                            "2.1.- Firmar convenios.\n");
    assert_int_equal(r->plan->children->len, 2);
    const poa_node *o = child(r->plan, 0);
    expect_node(o, POA_NODE_OBJETIVO, "1", "Ampliar la cobertura de la capacitación.");
    assert_int_equal(o->children->len, 1);
    expect_node(child(o, 0), POA_NODE_LINEA, "1.1", "Instalar unidades móviles.");
    poa_report_free(r);
}

/* Lines lettered "a)", "b)" under each numbered objective. */
static void test_lettered_lines_under_their_objective(void **state)
{
    poa_report *r = convert("Misión\n\nImpartir justicia laboral.\n\n"
                            "Objetivos estratégicos\n\n"
                            "1. Abatir el rezago de expedientes.\n"
                            "a) Integrar una mesa especial.\nb) Programar audiencias vespertinas.\n"
                            "2. Privilegiar la conciliación.\n"
                            "a) Capacitar a los conciliadores.\n");
    assert_int_equal(r->plan->children->len, 2);
    const poa_node *o = child(r->plan, 0);
    assert_int_equal(o->children->len, 2);
    expect_node(child(o, 1), POA_NODE_LINEA, "b", "Programar audiencias vespertinas.");
    expect_node(child(child(r->plan, 1), 0), POA_NODE_LINEA, "a",
                "Capacitar a los conciliadores.");
    poa_report_free(r);
    /* capitals: "I)" is the letter after "H)", not objective I */
    r = convert("Misión\n\nImpartir justicia laboral.\n\nObjetivos estratégicos\n\n"
                "1. Abatir el rezago de expedientes.\n"
                "H) Integrar una mesa especial.\nI) Instalar módulos de orientación.\n");
    assert_int_equal(r->plan->children->len, 1);
    expect_node(child(child(r->plan, 0), 1), POA_NODE_LINEA, "I",
                "Instalar módulos de orientación.");
    poa_report_free(r);
}

/* A numbered list's item wrapped on a line that starts with a dash and
 * goes on in lower case: one item; a dash and a capital start another. */
static void test_dash_line_goes_on_a_numbered_item(void **state)
{
    poa_report *r = convert("Debilidades\n"
                            "1. Rezago de juicios iniciados antes de 2020\n"
                            "— más de 1 900 expedientes.\n"
                            "2. Sala de audiencias única.\n");
    QUADRANT(r, POA_DEBILIDADES,
             "Rezago de juicios iniciados antes de 2020 — más de 1 900 expedientes.",
             "Sala de audiencias única.");
    poa_report_free(r);
    r = convert("Fortalezas\n- Personal con experiencia.\n- Oficinas propias.\n");
    QUADRANT(r, POA_FORTALEZAS, "Personal con experiencia.", "Oficinas propias.");
    poa_report_free(r);
}

/* An eje with bare codes three levels deep, then DEEPER lines: "1.1" over
 * strategies is the objective (the first level, however deep the chain),
 * "1.1.1" a strategy. */
static poa_report *convert_eje_chain(const char *deeper)
{
    char *text = g_strconcat("Misión\n\nGobernar con honestidad.\n\n"
                             "EJE 1. GOBIERNO HONESTO\n\n"
                             "1.1 Sanear las finanzas municipales.\n\n"
                             "1.1.1 Modernizar la recaudación.\n\n"
                             "1.1.1.1 Actualizar el padrón catastral.\n\n",
                             deeper, NULL);
    poa_report *r = convert(text);
    g_free(text);
    const poa_node *o = child(child(r->plan, 0), 0);
    expect_node(o, POA_NODE_OBJETIVO, "1.1", "Sanear las finanzas municipales.");
    expect_node(child(o, 0), POA_NODE_ESTRATEGIA, "1.1.1", "Modernizar la recaudación.");
    return r;
}

static void test_bare_codes_under_an_eje_take_three_levels(void **state)
{
    poa_report *r = convert_eje_chain("1.1.1.2 Instalar una caja de cobro.\n");
    const poa_node *s = child(child(child(r->plan, 0), 0), 0);
    expect_node(child(s, 1), POA_NODE_LINEA, "1.1.1.2", "Instalar una caja de cobro.");
    poa_report_free(r);
    poa_report_free(convert_eje_chain("1.1.1.1.1 Levantar el censo de predios.\n"));
}

/* A bare line read before its bare strategy (a right-hand cell before its
 * left-hand one) moves under the strategy its code names, once the plan
 * is read: both levels are still open when it moves. */
static void test_bare_line_before_its_strategy_moves_under_it(void **state)
{
    (void)state;
    poa_report *r = convert("Programa Operativo Anual 2024\n\nEje 1. Agua potable para todos\n\n"
                            "1.1.- Mejorar el servicio de agua potable\n\n"
                            "1.1.1.1.- Sustituir tuberias en la zona norte.\n\n"
                            "1.1.1.- Ampliar la red de distribucion.\n\n"
                            "1.1.1.2.- Instalar medidores en las tomas.\n");
    const poa_node *o = child(child(r->plan, 0), 0);
    expect_node(o, POA_NODE_OBJETIVO, "1.1", "Mejorar el servicio de agua potable");
    assert_int_equal(o->children->len, 1);
    const poa_node *s = child(o, 0);
    expect_node(s, POA_NODE_ESTRATEGIA, "1.1.1", "Ampliar la red de distribucion.");
    expect_node(child(s, 0), POA_NODE_LINEA, "1.1.1.1", "Sustituir tuberias en la zona norte.");
    expect_node(child(s, 1), POA_NODE_LINEA, "1.1.1.2", "Instalar medidores en las tomas.");
    poa_report_free(r);
}

/* An introduction that states the body, the quarter and the period in its
 * prose gives them; prose after the structure has begun gives nothing. */
static void test_facts_stated_in_the_introduction(void **state)
{
    poa_report *r = convert("Introducción\n\nEn cumplimiento de la ley, la Comisión de Agua "
                            "del Estado de Durango presenta su programa del ejercicio 2016, que "
                            "comprende las acciones del 1 de abril al 30 de junio de 2016.\n\n"
                            "Misión\n\nDotar de agua a la población.\n");
    assert_string_equal(r->meta.institucion, "Comisión de Agua del Estado de Durango");
    assert_string_equal(r->meta.periodo_inicio, "2016-04-01");
    assert_int_equal(r->meta.trimestre, 2);
    poa_report_free(r);
    r = convert("Introducción\n\nEl programa anual atiende los lineamientos que el Consejo "
                "Nacional de Transparencia emite y recoge lo logrado en el primer trimestre "
                "de 2023.\n\nMisión\n\nDotar de agua a la población.\n");
    assert_null(r->meta.institucion);
    assert_int_equal(r->meta.trimestre, 0);
    poa_report_free(r);
    r = convert("Misión\n\nDotar de agua a la población.\n\nAvances\n\n"
                "Las obras del tercer trimestre se concluyeron del 1 de julio al 30 de "
                "septiembre de 2016.\n");
    assert_null(r->meta.periodo_inicio);
    assert_int_equal(r->meta.trimestre, 0);
    poa_report_free(r);
}

/* Bulleted lines without codes under a labelled objective are its lines;
 * bullets before any objective are not. */
static void test_bulleted_lines_under_a_labelled_objective(void **state)
{
    poa_report *r = convert("Misión\n\nProteger el ambiente.\n\n"
                            "OBJETIVOS ESTRATÉGICOS\n\n"
                            "– Un propósito general sin número.\n\n"
                            "OBJETIVO 1.\nFORTALECER LA INSPECCIÓN AMBIENTAL.\n"
                            "– PROGRAMAR VISITAS DE INSPECCIÓN.\n– VERIFICAR LAS DESCARGAS.\n");
    assert_int_equal(r->plan->children->len, 1);
    const poa_node *o = child(r->plan, 0);
    assert_int_equal(o->children->len, 2);
    expect_node(child(o, 1), POA_NODE_LINEA, NULL, "VERIFICAR LAS DESCARGAS.");
    poa_report_free(r);
}

/* TEXT converts with institution INSTITUCION. */
static void expect_institution(const char *text, const char *institucion)
{
    poa_report *r = convert(text);
    assert_string_equal(r->meta.institucion, institucion);
    poa_report_free(r);
}

/* A header line of parts names the body in the last part that is one. */
static void test_institution_from_a_line_of_parts(void **state)
{
    expect_institution("Gobierno del Estado de Puebla · Secretaría de Salud\n\n"
                       "Misión\n\nGarantizar el acceso a la salud.\n",
                       "Secretaría de Salud");
    expect_institution("Instituto de Vivienda del Estado de Campeche · Informe Trimestral POA "
                       "2019\n\nMisión\n\nOtorgar créditos de vivienda.\n",
                       "Instituto de Vivienda del Estado de Campeche");
}

/* A name in capitals wrapped over two title lines, the second opening on
 * a connecting word ("DEL MUNICIPIO DE JEREZ"), is one name; a title line
 * opening on "PARA" goes on the document's title, not the name. */
static void test_institution_wrapped_before_a_connecting_word(void **state)
{
    expect_institution("SISTEMA DE AGUA POTABLE Y ALCANTARILLADO\n"
                       "DEL MUNICIPIO DE JEREZ, ZACATECAS\n"
                       "Programa Operativo Anual\nEjercicio fiscal 2024\n\n"
                       "Misión\nDotar de agua potable a la población.\n",
                       "SISTEMA DE AGUA POTABLE Y ALCANTARILLADO DEL MUNICIPIO DE JEREZ, ZACATECAS");
    expect_institution("INSTITUTO ELECTORAL DE TAMAULIPAS\n"
                       "PARA EL EJERCICIO FISCAL 2019\n\n"
                       "Misión\nOrganizar las elecciones locales.\n",
                       "INSTITUTO ELECTORAL DE TAMAULIPAS");
}

/* A labelled name replaces a name-shaped line read before it; a line read
 * after a labelled name does not replace it (nor hide the heading below it
 * in double-spaced text). */
static void test_labelled_institution_outranks_a_worded_one(void **state)
{
    expect_institution("SECRETARÍA DE MOVILIDAD\n\nSujeto obligado: Secretaría de Movilidad "
                       "del Estado de Oaxaca\n\nMisión\n\nOrdenar el transporte.\n",
                       "Secretaría de Movilidad del Estado de Oaxaca");
    expect_institution("Sujeto obligado: Comisión de Búsqueda de Personas\n\n"
                       "Dirección General de Análisis\n\nMisión\n\nBuscar a las personas.\n",
                       "Comisión de Búsqueda de Personas");
}

/* The year, quarter and span a title states without a label (issue 16);
 * a labelled fact wins over a title's, and the first title with a year
 * decides between a year and a plan's span. */
static void test_identity_from_titles(void **state)
{
    static const struct {
        const char *head;
        int ejercicio, trimestre, desde, hasta;
    } cases[] = {
        { "Comisión Estatal del Agua de Jalisco\nPrograma de Trabajo 2025", 2025, 0, 0, 0 },
        { "Instituto del Deporte\nInforme del primer trimestre 2024", 2024, 1, 0, 0 },
        { "Instituto del Deporte\nPOA 2019 · T3-2019", 2019, 3, 0, 0 },
        { "Instituto del Deporte\nPrograma Operativo Anual\nenero–marzo de 2025", 2025, 1, 0, 0 },
        { "H. Ayuntamiento de Tlaxco\nPlan Municipal de Desarrollo 2018–2021", 0, 0, 2018, 2021 },
        { "Instituto del Deporte\nPrograma Operativo Anual 2020\n\n"
          "Alineación con el Plan Estatal de Desarrollo 2017-2023", 2020, 0, 0, 0 },
        { "Instituto del Deporte\nPOA · 2o. Trimestre\nTrimestre: cuarto", 0, 4, 0, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text = g_strdup_printf("%s\n\nMisión\n\nFomentar la actividad física.\n", cases[i].head);
        poa_report *r = convert(text);
        const poa_metadata *m = &r->meta;
        if (m->ejercicio != cases[i].ejercicio || m->trimestre != cases[i].trimestre ||
            m->vigencia_desde != cases[i].desde || m->vigencia_hasta != cases[i].hasta)
            fail_msg("[%s]: ejercicio %d trimestre %d vigencia %d-%d", cases[i].head, m->ejercicio,
                     m->trimestre, m->vigencia_desde, m->vigencia_hasta);
        poa_report_free(r);
        g_free(text);
    }
}

/* A paragraph is no title: its years are other documents'. */
static void test_identity_not_from_paragraphs(void **state)
{
    poa_report *r = convert("Instituto del Deporte\n\nEste programa se alinea con los objetivos del "
                            "Plan Estatal de Desarrollo 2017-2023 y con la estrategia nacional "
                            "de activación física para toda la población.\n\n"
                            "Misión\n\nFomentar la actividad física.\n");
    assert_int_equal(r->meta.vigencia_desde, 0);
    assert_int_equal(r->meta.ejercicio, 0);
    poa_report_free(r);
}

/* Header lines of several facts: each fact to its field. */
static void test_header_lines_of_several_facts(void **state)
{
    static const struct {
        const char *head, *institucion;
        int trimestre, ejercicio;
    } cases[] = {
        { "Secretaría de Salud · Trimestre: cuarto", "Secretaría de Salud", 4, 0 },
        { "Sujeto obligado: Alcaldía Azcapotzalco | Trimestre: cuarto", "Alcaldía Azcapotzalco", 4, 0 },
        { "Comisión Estatal del Agua · Programa Operativo Anual · Servicios de agua potable",
          "Comisión Estatal del Agua", 0, 0 },
        /* the year a title states ("POA 2023") is the report's */
        { "Universidad Autónoma de Nayarit · Coordinación General de Planeación · POA 2023",
          "Universidad Autónoma de Nayarit", 0, 2023 },
        { "Entidad: Jalisco\nSujeto obligado: Secretaría de Salud Jalisco",
          "Secretaría de Salud Jalisco", 0, 0 },
        { "Instituto del Deporte\nTrimestre IV 2023", "Instituto del Deporte", 4, 2023 },
        /* the labels of other countries' budget frames */
        { "Pliego 045: Instituto Nacional de Defensa Civil", "Instituto Nacional de Defensa Civil",
          0, 0 },
        { "Entidad territorial: Municipio de Zipaquirá", "Municipio de Zipaquirá", 0, 0 },
        { "Entidad: Dirección Nacional de Aeronáutica Civil",
          "Dirección Nacional de Aeronáutica Civil", 0, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text = g_strdup_printf("%s\n\nMisión\n\nFomentar la actividad física.\n", cases[i].head);
        poa_report *r = convert(text);
        if (g_strcmp0(r->meta.institucion, cases[i].institucion) != 0 ||
            r->meta.trimestre != cases[i].trimestre || r->meta.ejercicio != cases[i].ejercicio)
            fail_msg("[%s]: institucion [%s] trimestre %d ejercicio %d", cases[i].head,
                     r->meta.institucion ? r->meta.institucion : "(none)", r->meta.trimestre,
                     r->meta.ejercicio);
        poa_report_free(r);
        g_free(text);
    }
}

/* "Metas:" under an objective is a part of it, not the end of the plan;
 * a bare "2." after lines "1.1", "1.2" is the next objective. */
static void test_metas_label_and_next_bare_objective(void **state)
{
    poa_report *r = convert("Objetivos específicos\n\n1. Mejorar el alumbrado público.\n\n"
                            "Metas:\nMeta Unidad Cantidad\nLuminarias pieza 40\n\n"
                            "Líneas de acción\n1.1 Cambiar las luminarias.\n1.2 Reparar los postes.\n\n"
                            "2. Garantizar la recolección de residuos.\n\n"
                            "Líneas de acción\n2.1 Comprar dos camiones.\n");
    assert_int_equal(r->plan->children->len, 2);
    const poa_node *o1 = child(r->plan, 0), *o2 = child(r->plan, 1);
    expect_node(o1, POA_NODE_OBJETIVO, "1", "Mejorar el alumbrado público.");
    assert_int_equal(o1->children->len, 2);
    expect_node(o2, POA_NODE_OBJETIVO, "2", "Garantizar la recolección de residuos.");
    assert_int_equal(o2->children->len, 1);
    poa_report_free(r);
}

static void test_year_label_does_not_swallow_an_objective(void **state)
{
    poa_report *r = convert("Objetivos estratégicos\nEjercicio:\n"
                            "1. Mejorar la atención ciudadana.\n2. Ampliar los horarios.\n");
    assert_int_equal(r->plan->children->len, 2);
    expect_node(child(r->plan, 0), POA_NODE_OBJETIVO, "1", "Mejorar la atención ciudadana.");
    assert_int_equal(r->meta.ejercicio, 0);
    poa_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_objetivo_estrategico_colon_owns_linea_de_accion_colon),
        cmocka_unit_test(test_lettered_objectives_own_the_actions_that_extend_them),
        cmocka_unit_test(test_oe_dot_owns_la_dash_line),
        cmocka_unit_test(test_oe_space_dash_owns_dotted_la_line),
        cmocka_unit_test(test_oe_colon_owns_linea_de_accion_dot),
        cmocka_unit_test(test_objetivo_estrategico_dot_owns_bare_code_line),
        cmocka_unit_test(test_objetivo_dot_owns_line_written_without_accents),
        cmocka_unit_test(test_labels_that_lost_their_space_are_removed),
        cmocka_unit_test(test_numbered_list_under_objectives_heading_gives_objectives),
        cmocka_unit_test(test_figures_alone_are_not_codes),
        cmocka_unit_test(test_number_among_figures_is_a_figure),
        cmocka_unit_test(test_lines_printed_again_by_code_keep_their_first_statement),
        cmocka_unit_test(test_elements_of_figures_or_marks_alone_are_dropped),
        cmocka_unit_test(test_labelled_objective_without_text_takes_the_listed_one),
        cmocka_unit_test(test_objective_wrapped_over_two_lines_is_joined),
        cmocka_unit_test(test_three_levels_objective_strategy_line_not_flattened),
        cmocka_unit_test(test_three_levels_of_bare_codes_make_the_middle_a_strategy),
        cmocka_unit_test(test_numbered_subsection_heading_is_not_an_action_line),
        cmocka_unit_test(test_objetivo_general_is_not_a_numbered_objective),
        cmocka_unit_test(test_mission_and_vision_under_plain_headings),
        cmocka_unit_test(test_mission_and_vision_under_capital_headings_with_colon),
        cmocka_unit_test(test_mission_and_vision_under_nuestra_headings),
        cmocka_unit_test(test_mission_text_on_the_heading_line),
        cmocka_unit_test(test_unlabelled_mission_and_vision_by_wording),
        cmocka_unit_test(test_unlabelled_mission_starting_with_an_infinitive),
        cmocka_unit_test(test_vision_printed_before_mission),
        cmocka_unit_test(test_foda_headings_in_three_wordings_under_analysis_heading),
        cmocka_unit_test(test_foda_items_with_each_bullet),
        cmocka_unit_test(test_foda_items_numbered_and_lettered_keep_their_number),
        cmocka_unit_test(test_foda_coded_items_choose_their_quadrant_and_drop_the_code),
        cmocka_unit_test(test_foda_one_item_per_paragraph),
        cmocka_unit_test(test_two_bullets_on_one_line_split),
        cmocka_unit_test(test_prose_mentioning_fortalezas_is_not_a_foda),
        cmocka_unit_test(test_doubled_final_period_repaired),
        cmocka_unit_test(test_syllable_hyphen_at_line_end_joined),
        cmocka_unit_test(test_compound_hyphen_at_line_end_kept),
        cmocka_unit_test(test_label_removed_from_item_text),
        cmocka_unit_test(test_quarter_in_capitals),
        cmocka_unit_test(test_quarter_in_title_case),
        cmocka_unit_test(test_quarter_abbreviated),
        cmocka_unit_test(test_quarter_as_months),
        cmocka_unit_test(test_period_gives_start_end_quarter_and_year),
        cmocka_unit_test(test_date_in_words_to_iso),
        cmocka_unit_test(test_labelled_dates_kept_apart),
        cmocka_unit_test(test_dateline_dates_the_report_within_its_period),
        cmocka_unit_test(test_labelled_date_outranks_a_dateline_and_a_date_alone),
        cmocka_unit_test(test_approval_paragraph_dates_the_report),
        cmocka_unit_test(test_legal_closing_in_words_dates_the_report),
        cmocka_unit_test(test_validation_date_before_update_date_kept_apart),
        cmocka_unit_test(test_year_from_ejercicio),
        cmocka_unit_test(test_year_under_ejercicio_label),
        cmocka_unit_test(test_quarter_and_year_on_one_line),
        cmocka_unit_test(test_legal_basis_is_not_part_of_the_plan),
        cmocka_unit_test(test_parser_fed_line_by_line_without_reliable_blocks),
        cmocka_unit_test(test_text_fed_by_windows_reads_as_whole),
        cmocka_unit_test(test_text_without_structure_is_refused),
        cmocka_unit_test(test_misnumbered_levels_still_give_valid_xml),
        cmocka_unit_test(test_ignored_paragraph_does_not_swallow_the_vision),
        cmocka_unit_test(test_bulleted_action_lines_belong_to_the_objective),
        cmocka_unit_test(test_year_label_does_not_swallow_an_objective),
        cmocka_unit_test(test_header_row_values_go_to_their_columns_by_type),
        cmocka_unit_test(test_waiting_note_label_does_not_take_the_mission),
        cmocka_unit_test(test_date_label_takes_only_a_date_alone),
        cmocka_unit_test(test_header_row_in_double_spaced_text),
        cmocka_unit_test(test_label_and_value_in_one_block),
        cmocka_unit_test(test_quarter_words_in_titles_and_notes),
        cmocka_unit_test(test_numbered_foda_item_starting_with_a_section_word),
        cmocka_unit_test(test_foda_list_ends_at_a_chapter_and_at_lettered_codes),
        cmocka_unit_test(test_foda_list_ends_at_a_chapter_in_capitals),
        cmocka_unit_test(test_labelled_quarter_needs_its_label),
        cmocka_unit_test(test_institution_from_a_line_of_parts),
        cmocka_unit_test(test_institution_wrapped_before_a_connecting_word),
        cmocka_unit_test(test_labelled_institution_outranks_a_worded_one),
        cmocka_unit_test(test_roman_numbered_objectives),
        cmocka_unit_test(test_zero_padded_objective_code),
        cmocka_unit_test(test_lettered_lines_under_their_objective),
        cmocka_unit_test(test_dash_line_goes_on_a_numbered_item),
        cmocka_unit_test(test_bare_codes_under_an_eje_take_three_levels),
        cmocka_unit_test(test_bare_line_before_its_strategy_moves_under_it),
        cmocka_unit_test(test_facts_stated_in_the_introduction),
        cmocka_unit_test(test_bulleted_lines_under_a_labelled_objective),
        cmocka_unit_test(test_header_lines_of_several_facts),
        cmocka_unit_test(test_identity_from_titles),
        cmocka_unit_test(test_identity_not_from_paragraphs),
        cmocka_unit_test(test_metas_label_and_next_bare_objective),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
