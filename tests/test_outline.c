/* test_outline.c - src/outline.c alone: lines with their geometry in, the
 * plan tree the numbering states out.  Every text is made up for these
 * tests (a water board, a library network, a port authority); none comes
 * from a sample or from the blind corpora.
 */
#include "outline.h"

#include <string.h>

#include "model.h"
#include "rules.h"
#include "plan_asserts.h"
#include "testutil.h"

typedef struct fixture {
    outline *o;
    rule_matcher *m;
    double y;          /* the next row's top, in points */
} fixture;

static int setup(void **state)
{
    poa_error err = POA_ERROR_INIT;
    const poa_rules *rules = rules_default_shared(true, &err);
    assert_non_null(rules);
    fixture *f = g_new0(fixture, 1);
    f->o = outline_new();
    f->m = rules_matcher_new(rules);
    f->y = 100;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    outline_free(f->o);
    rules_matcher_free(f->m);
    g_free(f);
    return 0;
}

/* A line of text input: its own block, no geometry. */
static void note_text(fixture *f, const char *text)
{
    poa_line l = { (char *)text, 0, 0, 0, 0, 0, 0, false, POA_LINE_BLOCK_START, 0, 0, POA_DROP_NONE };
    if (outline_note_line(f->o, f->m, &l, NULL))
        outline_set_kind(f->o, rules_kind_of(f->m, text));
}

/* A line of page 1 from X0 to X1 at the current row; FLAGS as the layout sets them. */
static void pdf_line(fixture *f, const char *text, double x0, double x1, unsigned flags)
{
    poa_line l = { (char *)text, 1, x0, f->y, x1, f->y + 10, 10, false, flags, 0, 0, POA_DROP_NONE };
    if (outline_note_line(f->o, f->m, &l, NULL))
        outline_set_kind(f->o, rules_kind_of(f->m, text));
}

/* A line of text input that goes on the block above (no blank line before it). */
static void continued_line(fixture *f, const char *text)
{
    poa_line l = { (char *)text, 0, 0, 0, 0, 0, 0, false, 0, 0, 0, POA_DROP_NONE };
    if (outline_note_line(f->o, f->m, &l, NULL))
        outline_set_kind(f->o, rules_kind_of(f->m, text));
}

/* One table row of cells, each the start of its block: code | text. */
static void row(fixture *f, const char *code, const char *text)
{
    pdf_line(f, code, 50, 90, POA_LINE_BLOCK_START | POA_LINE_CELL | POA_LINE_ROW_START);
    pdf_line(f, text, 100, 400, POA_LINE_BLOCK_START | POA_LINE_CELL);
    f->y += 20;
}

/* Objectives coded "OEI.01", actions "AEI 01.02" whose code wraps in its
 * narrow cell ("AEI" / "01.02"), the objectives printed again as group
 * rows over their actions: two objectives, each with its actions, once. */
static void test_lettered_codes_nest_by_their_numbers(void **state)
{
    fixture *f = *state;
    row(f, "OEI.01", "Ampliar la cobertura del agua potable.");
    row(f, "OEI.02", "Sanear las aguas residuales.");
    pdf_line(f, "OEI.01 Ampliar la cobertura del agua potable.", 50, 400,
             POA_LINE_BLOCK_START | POA_LINE_CELL | POA_LINE_ROW_START);
    f->y += 20;
    pdf_line(f, "AEI", 50, 90, POA_LINE_BLOCK_START | POA_LINE_CELL | POA_LINE_ROW_START);
    f->y += 10;
    pdf_line(f, "01.01", 50, 90, POA_LINE_CELL); /* the code's second line, same cell */
    f->y -= 10;
    pdf_line(f, "Redes de distribución ampliadas en las colonias.", 100, 400,
             POA_LINE_BLOCK_START | POA_LINE_CELL);
    f->y += 30;
    row(f, "AEI 01.02", "Tomas domiciliarias regularizadas.");
    row(f, "AEI 02.01", "Planta de tratamiento rehabilitada.");
    poa_node *plan = outline_build(f->o, f->m);
    assert_non_null(plan);
    assert_int_equal(plan->children->len, 2);
    const poa_node *o1 = child(plan, 0), *o2 = child(plan, 1);
    expect_node(o1, POA_NODE_OBJETIVO, "OEI.01", "Ampliar la cobertura del agua potable.");
    assert_int_equal(o1->children->len, 2);
    expect_node(child(o1, 0), POA_NODE_LINEA, "AEI01.01",
                "Redes de distribución ampliadas en las colonias.");
    expect_node(child(o1, 1), POA_NODE_LINEA, "AEI01.02", "Tomas domiciliarias regularizadas.");
    expect_node(o2, POA_NODE_OBJETIVO, "OEI.02", "Sanear las aguas residuales.");
    expect_node(child(o2, 0), POA_NODE_LINEA, "AEI02.01", "Planta de tratamiento rehabilitada.");
    assert_int_equal(outline_plan_score(plan), 5);
    model_node_free(plan);
}

/* Codes of lettered parts ("E1-O2-L1"): each part one level, named by its
 * letter; the FODA's own letters (F1, D1, O1, A1) are not the plan. */
static void test_codes_of_parts_and_foda_letters(void **state)
{
    fixture *f = *state;
    note_text(f, "F1. Personal con experiencia en bibliotecas.");
    note_text(f, "D1. Acervo desactualizado.");
    note_text(f, "O1. Donaciones de editoriales.");
    note_text(f, "O2. Convenios con escuelas.");
    note_text(f, "A1. Recortes presupuestales.");
    note_text(f, "E1 Lectura para todos");
    note_text(f, "E1-O1 Aumentar los lectores de la red.");
    note_text(f, "E1-O1-L1 Abrir salas infantiles.");
    note_text(f, "E1-O1-L2 Prestar libros a domicilio.");
    note_text(f, "E2 Bibliotecas abiertas");
    note_text(f, "E2-O1 Ampliar los horarios.");
    note_text(f, "E2-O1-L1 Abrir los sábados.");
    poa_node *plan = outline_build(f->o, f->m);
    assert_non_null(plan);
    assert_int_equal(plan->children->len, 2);
    const poa_node *e1 = child(plan, 0);
    expect_node(e1, POA_NODE_EJE, "E1", "Lectura para todos");
    expect_node(child(e1, 0), POA_NODE_OBJETIVO, "E1-O1", "Aumentar los lectores de la red.");
    expect_node(child(child(e1, 0), 1), POA_NODE_LINEA, "E1-O1-L2",
                "Prestar libros a domicilio.");
    expect_node(child(child(child(plan, 1), 0), 0), POA_NODE_LINEA, "E2-O1-L1",
                "Abrir los sábados.");
    model_node_free(plan);
}

/* Lists under labelled objectives restart at I; a lead-in sentence may
 * stand between; a numbered list under another heading is not the plan. */
static void test_lists_restarting_under_each_objective(void **state)
{
    fixture *f = *state;
    note_text(f, "Atribuciones del Organismo");
    note_text(f, "1. Administrar los muelles.");
    note_text(f, "2. Cobrar las tarifas portuarias.");
    note_text(f, "Objetivo Estratégico 1: Modernizar el puerto.");
    note_text(f, "Para lograrlo se realizarán las siguientes acciones:");
    note_text(f, "I. Dragar el canal de acceso.");
    note_text(f, "II. Renovar las grúas.");
    note_text(f, "Objetivo Estratégico 2: Atraer nuevas navieras.");
    note_text(f, "I. Promover el puerto en ferias.");
    poa_node *plan = outline_build(f->o, f->m);
    assert_non_null(plan);
    assert_int_equal(plan->children->len, 2);
    const poa_node *o1 = child(plan, 0);
    expect_node(o1, POA_NODE_OBJETIVO, "1", "Modernizar el puerto.");
    assert_int_equal(o1->children->len, 2);
    expect_node(child(o1, 1), POA_NODE_LINEA, "II", "Renovar las grúas.");
    expect_node(child(child(plan, 1), 0), POA_NODE_LINEA, "I", "Promover el puerto en ferias.");
    model_node_free(plan);
}

/* A hanging list whose marks the layout read as a block of their own
 * ("I." "II." beside the items' lines): each mark takes the lines beside it. */
static void test_marks_in_a_column_of_their_own(void **state)
{
    fixture *f = *state;
    pdf_line(f, "Objetivo 1: Conservar el acervo histórico.", 50, 400, POA_LINE_BLOCK_START);
    f->y += 15;
    double top = f->y;
    pdf_line(f, "I.", 60, 70, POA_LINE_BLOCK_START);
    f->y += 20;
    pdf_line(f, "II.", 60, 72, 0);
    f->y = top;
    pdf_line(f, "Digitalizar los periódicos del siglo XIX y", 90, 400, POA_LINE_BLOCK_START);
    f->y += 10;
    pdf_line(f, "publicarlos en línea.", 90, 300, 0); /* the first item wraps */
    f->y += 10;
    pdf_line(f, "Restaurar los mapas antiguos.", 90, 350, 0);
    poa_node *plan = outline_build(f->o, f->m);
    assert_non_null(plan);
    const poa_node *o = child(plan, 0);
    assert_int_equal(o->children->len, 2);
    expect_node(child(o, 0), POA_NODE_LINEA, "I",
                "Digitalizar los periódicos del siglo XIX y publicarlos en línea.");
    expect_node(child(o, 1), POA_NODE_LINEA, "II", "Restaurar los mapas antiguos.");
    model_node_free(plan);
}

/* The codes of another plan the document cites (a sector's "OES" and
 * "AES" in an alignment table) are a family much smaller than the body's
 * own: not the plan.  A copy whose code was cut ("AEI 01.0") is the same
 * element, by its text. */
static void test_cited_plans_and_cut_codes(void **state)
{
    fixture *f = *state;
    row(f, "OEI.01", "Fortalecer la seguridad de la navegación en la bahía.");
    row(f, "AEI 01.01", "Sistema de señalización marítima modernizado en la bahía.");
    row(f, "AEI 01.02", "Servicio de practicaje disponible las veinticuatro horas.");
    row(f, "OEI.02", "Mejorar la eficiencia de las operaciones de carga del puerto.");
    row(f, "AEI 02.01", "Patios de contenedores reordenados por destino de la carga.");
    row(f, "OES.03", "Reducir los costos logísticos del país.");
    row(f, "AES 03.01", "Corredores logísticos integrados.");
    row(f, "AEI 01.0", "Servicio de practicaje disponible las veinticuatro");
    poa_node *plan = outline_build(f->o, f->m);
    assert_non_null(plan);
    assert_int_equal(plan->children->len, 2);
    assert_int_equal(child(plan, 0)->children->len, 2);
    assert_int_equal(child(plan, 1)->children->len, 1);
    assert_int_equal(outline_plan_score(plan), 5);
    model_node_free(plan);
}

/* Codes of two schemes that do not extend each other's numbers, the
 * smaller one's printed between runs of the other's ("SE1" then "MT 1.",
 * "MT 2.", "SE2" then "MT 3."), nest by order: sections and the goals in
 * each; lists under the goals are a third level.  A code line starts an
 * entry of its own even after a title with no final period. */
static void test_schemes_nested_by_order(void **state)
{
    fixture *f = *state;
    note_text(f, "SE1 Puertos limpios");
    continued_line(f, "MT 1. Retirar los cascos abandonados de la dársena.");
    note_text(f, "1. Censar las embarcaciones abandonadas.");
    note_text(f, "2. Contratar el retiro de los cascos.");
    note_text(f, "MT 2. Reducir los derrames en los muelles.");
    note_text(f, "a) Instalar barreras de contención.");
    note_text(f, "SE2 Puertos abiertos");
    note_text(f, "MT 3. Publicar las tarifas en línea.");
    note_text(f, "1. Diseñar el portal de tarifas.");
    poa_node *plan = outline_build(f->o, f->m);
    assert_non_null(plan);
    assert_int_equal(plan->children->len, 2);
    const poa_node *s1 = child(plan, 0);
    expect_node(s1, POA_NODE_EJE, "SE1", "Puertos limpios");
    assert_int_equal(s1->children->len, 2);
    expect_node(child(s1, 0), POA_NODE_OBJETIVO, "MT1", "Retirar los cascos abandonados de la dársena.");
    expect_node(child(child(s1, 0), 1), POA_NODE_LINEA, "2", "Contratar el retiro de los cascos.");
    expect_node(child(child(s1, 1), 0), POA_NODE_LINEA, "a", "Instalar barreras de contención.");
    expect_node(child(child(child(plan, 1), 0), 0), POA_NODE_LINEA, "1",
                "Diseñar el portal de tarifas.");
    model_node_free(plan);
}

/* Without lettered codes, labels or lists under them there is no outline. */
static void test_prose_states_no_plan(void **state)
{
    fixture *f = *state;
    note_text(f, "Presentación");
    note_text(f, "El organismo publica este documento para informar a la ciudadanía.");
    note_text(f, "1. Antecedentes");
    assert_null(outline_build(f->o, f->m));
}

/* An element whose text passed what an entry keeps: the outline says
 * nothing rather than a cut text (the labels' plan keeps it whole). */
static void test_cut_text_states_no_plan(void **state)
{
    fixture *f = *state;
    note_text(f, "OE1 Ampliar la cobertura");
    char chunk[1001];
    memset(chunk, 'a', 1000);
    chunk[1000] = '\0';
    for (int i = 0; i < 6; i++)
        continued_line(f, chunk);
    note_text(f, "OE2 Sanear las aguas residuales.");
    assert_null(outline_build(f->o, f->m));
}

/* Past the entries it keeps, the outline says nothing rather than part. */
static void test_overflow_states_no_plan(void **state)
{
    fixture *f = *state;
    note_text(f, "OE1 Objetivo uno.");
    note_text(f, "OE2 Objetivo dos.");
    for (int i = 0; i < 100000; i++)
        note_text(f, "x");
    assert_null(outline_build(f->o, f->m));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lettered_codes_nest_by_their_numbers, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_codes_of_parts_and_foda_letters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists_restarting_under_each_objective, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_marks_in_a_column_of_their_own, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cited_plans_and_cut_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schemes_nested_by_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prose_states_no_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cut_text_states_no_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overflow_states_no_plan, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
