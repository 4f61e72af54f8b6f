/* test_parse_steps.c - the parser's feed steps (parse.c, feed_steps), each
 * alone: a few lines that only that step should take, fed to a parser
 * with a trace, and the step the trace says took the line asked for.
 * The texts are made up for these tests (a water utility, a museum).
 */
#include "parse.h"

#include <string.h>

#include "lines.h"
#include "text_lines.h"
#include "model.h"
#include "poa.h"
#include "rules.h"
#include "testutil.h"
#include "util.h"

/* The trace of feeding LINES[0..N) to a new parser (blocks reliable when
 * BLOCKS); the report goes to *OUT when OUT is not NULL (caller frees). */
static char *trace_lines(const poa_line *lines, size_t n, bool blocks, poa_report **out)
{
    poa_error err = POA_ERROR_INIT;
    const poa_rules *rules = rules_default_shared(false, &err);
    assert_non_null(rules);
    poa_report *r = model_report_new();
    parser *p = parse_new(r, rules, blocks);
    GString *trace = g_string_new(NULL);
    parse_set_trace(p, trace);
    parse_feed(p, lines, n);
    parse_finish(p);
    parse_free(p);
    if (out)
        *out = r;
    else
        poa_report_free(r);
    return g_string_free(trace, FALSE);
}

/* The trace of TEXT, read as a text file whose blank lines part paragraphs. */
static char *trace_text(const char *text, poa_report **out)
{
    poa_lines lines = POA_LINES_INIT;
    text_lines_read(&lines, text, strlen(text), test_default_rules());
    char *trace = trace_lines(lines.v, lines.n, true, out);
    lines_release(&lines);
    return trace;
}

/* TRACE says STEP took TEXT, as KIND. */
static void expect_step(const char *trace, const char *step, const char *kind, const char *text)
{
    char *want = g_strdup_printf("%s\t%s\t%s\n", step, kind, text);
    if (!strstr(trace, want))
        fail_msg("want [%s\t%s\t%s] in the trace:\n%s", step, kind, text, trace);
    g_free(want);
}

/* A table cell at column COL of a row at Y (one line high), starting its cell. */
static poa_line cell(const char *text, int col, double x0, double y)
{
    return (poa_line){ (char *)text, 1, x0, y, x0 + 150, y + 10, 10, false,
                       POA_LINE_CELL | POA_LINE_BLOCK_START | (col == 0 ? POA_LINE_ROW_START : 0),
                       0, col, POA_DROP_NONE };
}

/* One line, one step: the step that takes TEXT and what it is then. */
static void test_one_line_one_step(void **state)
{
    (void)state;
    static const struct { const char *text, *step, *kind; } cases[] = {
        { "El organismo atiende a 40 municipios.", "paragraph", "none" },
        { "Fortalezas\n\n• Personal técnico con experiencia.", "item", "item" },
        { "Objetivo 1. Reducir las fugas de la red.", "plan-label", "objetivo" },
        { "Trimestre: 3", "meta", "meta.trimestre" },
        /* "A.1 Programa ..." outside a FODA is no amenaza: the item match is undone */
        { "A.1 Programa de cultura del agua en escuelas.", "paragraph", "none" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *t = trace_text(cases[i].text, NULL);
        const char *last = strrchr(cases[i].text, '\n');
        expect_step(t, cases[i].step, cases[i].kind, last ? last + 1 : cases[i].text);
        g_free(t);
    }
}

static void test_heading_then_its_text_goes_on(void **state)
{
    (void)state;
    char *t = trace_text("Misión\nSuministrar agua potable a la población.\n", NULL);
    expect_step(t, "heading", "mision", "Misión");
    expect_step(t, "goes-on", "mision.texto", "Suministrar agua potable a la población.");
    g_free(t);
}

/* "• 1.1 Capacitar ..." outside a FODA: the element, its bullet dropped */
static void test_bullet_before_a_label_is_the_label(void **state)
{
    (void)state;
    poa_report *r = NULL;
    char *t = trace_text("Objetivo 1. Reducir las fugas de la red.\n\n"
                         "• Línea de acción 1.1 Sustituir las tuberías antiguas.\n",
                         &r);
    expect_step(t, "plan-label", "linea", "Línea de acción 1.1 Sustituir las tuberías antiguas.");
    const poa_node *o = g_ptr_array_index(r->plan->children, 0);
    assert_int_equal(o->children->len, 1);
    g_free(t);
    poa_report_free(r);
}

/* a chapter's Roman-numbered title set large is no list item */
static void test_large_roman_title_is_no_item(void **state)
{
    (void)state;
    poa_line l = { "VII. Alineamiento con el plan estatal", 1, 50, 50, 400, 70, 18, true,
                   POA_LINE_BLOCK_START | POA_LINE_HEADING | POA_LINE_LARGE, 0, 0, POA_DROP_NONE };
    char *t = trace_lines(&l, 1, true, NULL);
    expect_step(t, "paragraph", "none", "VII. Alineamiento con el plan estatal");
    l.flags &= ~POA_LINE_LARGE; /* the same line at the body's size is an item */
    g_free(t);
    t = trace_lines(&l, 1, true, NULL);
    expect_step(t, "item", "item", "VII. Alineamiento con el plan estatal");
    g_free(t);
}

/* a number alone in its cell numbers the cell beside it, whose wording
 * (a mission's infinitive) does not outweigh the number: one item "1"
 * (kept unplaced: no section of the plan is open) */
static void test_number_cell_numbers_its_row(void **state)
{
    (void)state;
    poa_line lines[] = {
        cell("1", 0, 50, 120), cell("Ampliar la cobertura de la red de agua.", 1, 100, 120),
    };
    poa_report *r = NULL;
    char *t = trace_lines(lines, G_N_ELEMENTS(lines), true, &r);
    expect_step(t, "item", "item", "Ampliar la cobertura de la red de agua.");
    assert_int_equal(r->unplaced->len, 1);
    const poa_item *it = g_ptr_array_index(r->unplaced, 0);
    assert_string_equal(it->code, "1");
    assert_string_equal(it->text, "Ampliar la cobertura de la red de agua.");
    g_free(t);
    poa_report_free(r);
    /* alone in a later cell of its row, a number is a figure ("75" under
     * "2027"): the cell after it is no item "75" */
    poa_line figures[] = {
        cell("Talleres asistidos técnicamente", 0, 50, 120), cell("75", 1, 250, 120),
        cell("Dirección de Artesanía", 2, 300, 120),
    };
    g_free(trace_lines(figures, G_N_ELEMENTS(figures), true, &r));
    for (guint i = 0; i < r->unplaced->len; i++) {
        const poa_item *u = g_ptr_array_index(r->unplaced, i);
        assert_true(g_strcmp0(u->code, "75") != 0);
    }
    poa_report_free(r);
}

/* "1 Parlamento abierto" under a column headed "Eje": eje 1 */
static void test_column_heading_names_the_level(void **state)
{
    (void)state;
    poa_line lines[] = {
        cell("Eje", 0, 50, 100), cell("1 Museo abierto a la comunidad", 0, 50, 120),
    };
    poa_report *r = NULL;
    char *t = trace_lines(lines, G_N_ELEMENTS(lines), true, &r);
    expect_step(t, "column-level", "none", "1 Museo abierto a la comunidad");
    assert_int_equal(r->plan->children->len, 1);
    const poa_node *e = g_ptr_array_index(r->plan->children, 0);
    assert_int_equal(e->kind, POA_NODE_EJE);
    assert_string_equal(e->code, "1");
    g_free(t);
    poa_report_free(r);
}

/* "— más de 1 900 expedientes." ends numbered item 1's sentence */
static void test_dash_in_lower_case_goes_on_a_numbered_item(void **state)
{
    (void)state;
    poa_report *r = NULL;
    char *t = trace_text("Fortalezas\n\n1. Un archivo histórico con\n"
                         "— más de 1 900 expedientes.\n",
                         &r);
    expect_step(t, "dash-goes-on", "item", "— más de 1 900 expedientes.");
    assert_int_equal(r->foda[POA_FORTALEZAS]->len, 1);
    g_free(t);
    poa_report_free(r);
}

/* "Misión" / "Visión" in a row over both texts: the second text opens the vision */
static void test_second_text_under_a_row_of_headings(void **state)
{
    (void)state;
    poa_report *r = NULL;
    char *t = trace_text("Misión\n\nVisión\n\nSuministrar agua potable a la población.\n\n"
                         "Ser el organismo mejor evaluado del estado.\n",
                         &r);
    expect_step(t, "queued-section", "mision.texto", "Ser el organismo mejor evaluado del estado.");
    assert_string_equal(r->vision, "Ser el organismo mejor evaluado del estado.");
    g_free(t);
    poa_report_free(r);
}

/* a body's name wrapped after a connecting word, in text without blocks */
static void test_wrapped_name_is_pending(void **state)
{
    (void)state;
    poa_lines lines = POA_LINES_INIT;
    const char *text = "Sujeto obligado: Comisión Estatal de\nAgua y Saneamiento\n";
    text_lines_read(&lines, text, strlen(text), test_default_rules());
    poa_report *r = NULL;
    char *t = trace_lines(lines.v, lines.n, false, &r);
    expect_step(t, "pending", "none", "Agua y Saneamiento");
    assert_string_equal(r->meta.institucion, "Comisión Estatal de Agua y Saneamiento");
    lines_release(&lines);
    g_free(t);
    poa_report_free(r);
}

/* a year labelled in each cell of a row is a schedule's column headings,
 * not the report's year; one such cell alone still is */
static void test_row_of_years_is_no_fiscal_year(void **state)
{
    (void)state;
    poa_line one[] = { cell("Año 2025", 0, 50, 100) };
    poa_report *r = NULL;
    g_free(trace_lines(one, G_N_ELEMENTS(one), true, &r));
    assert_int_equal(r->meta.ejercicio, 2025);
    poa_report_free(r);
    poa_line row[] = { cell("AÑO 2021", 0, 50, 100), cell("AÑO 2022", 1, 200, 100),
                       cell("AÑO 2023", 2, 350, 100) };
    g_free(trace_lines(row, G_N_ELEMENTS(row), true, &r));
    assert_int_equal(r->meta.ejercicio, 0);
    poa_report_free(r);
}

/* a rating grid's marks under a quadrant's column are not factors */
static void test_grid_marks_are_no_foda_items(void **state)
{
    (void)state;
    poa_line lines[] = {
        cell("Factor", 0, 50, 100), cell("Oportunidades", 1, 200, 100),
        cell("Apoyo de la cooperación internacional", 0, 50, 120), cell("X", 1, 200, 120),
        cell("Crecimiento del turismo regional", 0, 50, 140), cell("A", 1, 200, 140),
    };
    poa_report *r = NULL;
    g_free(trace_lines(lines, G_N_ELEMENTS(lines), true, &r));
    for (int q = 0; q < POA_QUADRANTS; q++)
        for (guint i = 0; i < r->foda[q]->len; i++) {
            const poa_item *it = g_ptr_array_index(r->foda[q], i);
            if (!util_has_word(it->text))
                fail_msg("a grid's mark read as an item: [%s]", it->text);
        }
    poa_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_line_one_step),
        cmocka_unit_test(test_heading_then_its_text_goes_on),
        cmocka_unit_test(test_bullet_before_a_label_is_the_label),
        cmocka_unit_test(test_large_roman_title_is_no_item),
        cmocka_unit_test(test_number_cell_numbers_its_row),
        cmocka_unit_test(test_column_heading_names_the_level),
        cmocka_unit_test(test_dash_in_lower_case_goes_on_a_numbered_item),
        cmocka_unit_test(test_second_text_under_a_row_of_headings),
        cmocka_unit_test(test_wrapped_name_is_pending),
        cmocka_unit_test(test_row_of_years_is_no_fiscal_year),
        cmocka_unit_test(test_grid_marks_are_no_foda_items),
    };
    return cmocka_run_group_tests_name("parser feed steps", tests, NULL, NULL);
}
