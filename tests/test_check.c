/* test_check.c - src/check.c: every completeness finding code, triggered
 * by a model built by hand; a complete report has none. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "testutil.h"
#include "report_fixture.h"

/* The finding CODE with REF (NULL: any ref) on R, or NULL. */
static const poa_finding *find(const poa_report *r, const char *code, const char *ref)
{
    for (guint i = 0; i < r->findings->len; i++) {
        const poa_finding *f = g_ptr_array_index(r->findings, i);
        if (strcmp(f->code, code) == 0 && (!ref || g_strcmp0(f->ref, ref) == 0))
            return f;
    }
    return NULL;
}

static guint count_code(const poa_report *r, const char *code)
{
    guint n = 0;
    for (guint i = 0; i < r->findings->len; i++)
        n += strcmp(((const poa_finding *)g_ptr_array_index(r->findings, i))->code, code) == 0;
    return n;
}

static void dump(const poa_report *r)
{
    for (guint i = 0; i < r->findings->len; i++) {
        const poa_finding *f = g_ptr_array_index(r->findings, i);
        print_message("  %s %s %s: %s\n", f->code, f->ref ? f->ref : "-", f->severity,
                      f->message);
    }
}

/* Assert the finding exists with SEVERITY, and return it. */
static const poa_finding *expect(const poa_report *r, const char *code, const char *ref,
                                 const char *severity)
{
    const poa_finding *f = find(r, code, ref);
    if (!f) {
        dump(r);
        fail_msg("no finding %s %s", code, ref ? ref : "");
    }
    assert_string_equal(f->severity, severity);
    assert_true(f->message && *f->message);
    return f;
}

static poa_node *objective(const poa_report *r, guint i)
{
    return g_ptr_array_index(r->plan->children, i);
}

/* A report with no plan tree, so tests can build their own. */
static poa_report *report_without_plan(void)
{
    poa_report *r = fixture_complete_report();
    g_ptr_array_set_size(r->plan->children, 0);
    return r;
}

static void test_complete_report_has_no_finding(void **state)
{
    poa_report *r = fixture_complete_report();
    check_report(r);
    if (r->findings->len)
        dump(r);
    if (r->findings->len != 0) dump(r);
    assert_int_equal(r->findings->len, 0);
    assert_true(poa_report_complete(r));
    poa_report_free(r);
}

static void test_check_replaces_earlier_findings(void **state)
{
    poa_report *r = fixture_complete_report();
    model_finding_add(r, "old.finding", NULL, "error", "x");
    check_report(r);
    check_report(r);
    if (r->findings->len != 0) dump(r);
    assert_int_equal(r->findings->len, 0);
    poa_report_free(r);
}

static void test_missing_mission_and_vision(void **state)
{
    poa_report *r = fixture_complete_report();
    g_clear_pointer(&r->mision, g_free);
    model_set_string(&r->vision, " ");
    check_report(r);
    expect(r, "mision.missing", NULL, "error");
    expect(r, "vision.missing", NULL, "error");
    assert_false(poa_report_complete(r));
    poa_report_free(r);
}

static void test_missing_foda(void **state)
{
    poa_report *r = fixture_complete_report();
    for (int q = 0; q < POA_QUADRANTS; q++)
        g_ptr_array_set_size(r->foda[q], 0);
    r->foda_present = false;
    check_report(r);
    expect(r, "foda.missing", NULL, "error");
    assert_null(find(r, "foda.fortalezas.empty", NULL)); /* one finding, not five */
    poa_report_free(r);
}

static void test_each_empty_quadrant(void **state)
{
    const char *codes[] = { "foda.fortalezas.empty", "foda.debilidades.empty",
                            "foda.oportunidades.empty", "foda.amenazas.empty" };
    for (int q = 0; q < POA_QUADRANTS; q++) {
        poa_report *r = fixture_complete_report();
        g_ptr_array_set_size(r->foda[q], 0);
        check_report(r);
        expect(r, codes[q], NULL, "error");
        assert_int_equal(r->findings->len, 1);
        poa_report_free(r);
    }
}

/* Objectives numbered on from one eje to the next (eje I: 1, 2; eje II:
 * 3) have no hole; a number skipped across ejes still is one. */
static void test_numbering_goes_on_across_ejes(void **state)
{
    poa_report *r = report_without_plan();
    poa_node *e1 = fixture_node(r->plan, POA_NODE_EJE, "I", "Servicios.");
    poa_node *e2 = fixture_node(r->plan, POA_NODE_EJE, "II", "Economía.");
    const char *codes[] = { "1", "2", "3" };
    poa_node *parents[] = { e1, e1, e2 };
    for (int i = 0; i < 3; i++) {
        poa_node *o = fixture_node(parents[i], POA_NODE_OBJETIVO, codes[i], "Objetivo.");
        char *line = g_strdup_printf("%s.1", codes[i]);
        fixture_node(o, POA_NODE_LINEA, line, "Línea.");
        g_free(line);
    }
    check_report(r);
    if (find(r, "objetivo.gap", NULL))
        dump(r);
    assert_null(find(r, "objetivo.gap", NULL));
    g_free(((poa_node *)g_ptr_array_index(e2->children, 0))->code);
    ((poa_node *)g_ptr_array_index(e2->children, 0))->code = g_strdup("4");
    check_report(r);
    expect(r, "objetivo.gap", "3", "error");
    poa_report_free(r);
}

/* A multi-year plan's span stands for the year and the quarter. */
static void test_plan_span_needs_no_year_or_quarter(void **state)
{
    poa_report *r = fixture_complete_report();
    r->meta.ejercicio = 0;
    r->meta.trimestre = 0;
    g_clear_pointer(&r->meta.fecha, g_free);
    check_report(r);
    expect(r, "metadatos.ejercicio.missing", NULL, "error");
    r->meta.vigencia_desde = 2018;
    r->meta.vigencia_hasta = 2021;
    check_report(r);
    assert_null(find(r, "metadatos.ejercicio.missing", NULL));
    assert_null(find(r, "metadatos.trimestre.missing", NULL));
    assert_true(poa_report_complete(r));
    poa_report_free(r);
}

/* A scanned page is an error naming the page; unplaced text a warning
 * with its page and first words. */
static void test_unread_pages_and_unplaced_text(void **state)
{
    poa_report *r = fixture_complete_report();
    int page = 3;
    g_array_append_val(r->pages_without_text, page);
    poa_prov prov = POA_PROV_INIT;
    prov.page = 2;
    model_unplaced_add(r, "4.1.2", "Diagnóstico de la infraestructura hidráulica del municipio y sus "
                                   "localidades rurales más alejadas", &prov);
    check_report(r);
    const poa_finding *f = expect(r, "pagina.sin_texto", "3", "error");
    assert_non_null(strstr(f->message, "3"));
    f = expect(r, "contenido.no_ubicado", "4.1.2", "aviso");
    assert_non_null(strstr(f->message, "página 2"));
    assert_non_null(strstr(f->message, "4.1.2 Diagnóstico de la infraestructura"));
    assert_non_null(strstr(f->message, "…")); /* a long text is cut */
    assert_false(poa_report_complete(r));
    g_array_set_size(r->pages_without_text, 0);
    check_report(r);
    assert_true(poa_report_complete(r)); /* unplaced text alone is a warning */
    poa_report_free(r);
}

static void test_missing_objectives(void **state)
{
    poa_report *r = report_without_plan();
    check_report(r);
    expect(r, "objetivos.missing", NULL, "error");
    poa_report_free(r);
}

static void test_objective_gap_and_duplicate(void **state)
{
    poa_report *r = report_without_plan();
    const char *codes[] = { "1", "3", "4", "4" };
    for (size_t i = 0; i < G_N_ELEMENTS(codes); i++) {
        poa_node *o = fixture_node(r->plan, POA_NODE_OBJETIVO, codes[i], codes[i]);
        fixture_node(o, POA_NODE_LINEA, NULL, "Una línea.");
    }
    check_report(r);
    const poa_finding *gap = expect(r, "objetivo.gap", "2", "error");
    assert_string_equal(gap->message, "Falta el objetivo 2");
    expect(r, "objetivo.duplicate", "4", "error");
    poa_report_free(r);
}

static void test_objective_without_lines(void **state)
{
    poa_report *r = fixture_complete_report();
    fixture_node(r->plan, POA_NODE_OBJETIVO, "3", "Objetivo sin líneas.");
    check_report(r);
    expect(r, "objetivo.no_lines", "3", "error");
    if (r->findings->len != 1) dump(r);
    assert_int_equal(r->findings->len, 1);
    poa_report_free(r);
}

static void test_document_without_lines_reports_once(void **state)
{
    poa_report *r = report_without_plan();
    for (int i = 1; i <= 3; i++) {
        char code[8];
        g_snprintf(code, sizeof code, "%d", i);
        fixture_node(r->plan, POA_NODE_OBJETIVO, code, code);
    }
    check_report(r);
    expect(r, "lineas.missing", NULL, "error");
    assert_int_equal(count_code(r, "objetivo.no_lines"), 0);
    if (r->findings->len != 1) dump(r);
    assert_int_equal(r->findings->len, 1);
    poa_report_free(r);
}

static void test_line_gap_in_the_middle(void **state)
{
    poa_report *r = fixture_complete_report();
    fixture_node(objective(r, 0), POA_NODE_LINEA, "1.4", "Cuarta línea.");
    check_report(r);
    const poa_finding *f = expect(r, "linea.gap", "1.3", "error");
    assert_string_equal(f->message, "Falta la línea de acción 1.3");
    if (r->findings->len != 1) dump(r);
    assert_int_equal(r->findings->len, 1);
    poa_report_free(r);
}

static void test_line_gap_four_levels_deep(void **state)
{
    poa_report *r = fixture_complete_report();
    poa_node *e = fixture_node(objective(r, 0), POA_NODE_ESTRATEGIA, "1.5", "Estrategia.");
    const char *codes[] = { "1.5.5", "1.5.6", "1.5.8" };
    fixture_node(e, POA_NODE_LINEA, "1.5.1", "Línea.");
    fixture_node(e, POA_NODE_LINEA, "1.5.2", "Línea 2.");
    fixture_node(e, POA_NODE_LINEA, "1.5.3", "Línea 3.");
    fixture_node(e, POA_NODE_LINEA, "1.5.4", "Línea 4.");
    for (size_t i = 0; i < G_N_ELEMENTS(codes); i++)
        fixture_node(e, POA_NODE_LINEA, codes[i], codes[i]);
    check_report(r);
    expect(r, "linea.gap", "1.5.7", "error");
    assert_int_equal(count_code(r, "linea.gap"), 1);
    poa_report_free(r);
}

static void test_line_gap_at_the_start(void **state)
{
    poa_report *r = fixture_complete_report();
    poa_node *o = fixture_node(r->plan, POA_NODE_OBJETIVO, "3", "Tercero.");
    fixture_node(o, POA_NODE_LINEA, "3.2", "Segunda sin primera.");
    check_report(r);
    expect(r, "linea.gap", "3.1", "error");
    poa_report_free(r);
}

static void test_long_gap_is_one_finding(void **state)
{
    poa_report *r = fixture_complete_report();
    fixture_node(objective(r, 0), POA_NODE_LINEA, "1.9", "Novena.");
    check_report(r);
    const poa_finding *f = expect(r, "linea.gap", "1.3", "error");
    assert_string_equal(f->message, "Faltan las líneas de acción 1.3 a 1.8");
    if (r->findings->len != 1) dump(r);
    assert_int_equal(r->findings->len, 1);
    poa_report_free(r);
}

static void test_line_duplicate(void **state)
{
    poa_report *r = fixture_complete_report();
    fixture_node(objective(r, 0), POA_NODE_LINEA, "1.2", "Otra línea con el mismo número.");
    check_report(r);
    expect(r, "linea.duplicate", "1.2", "error");
    if (r->findings->len != 1) dump(r);
    assert_int_equal(r->findings->len, 1);
    poa_report_free(r);
}

static void test_line_orphan(void **state)
{
    poa_report *r = fixture_complete_report();
    fixture_node(objective(r, 0), POA_NODE_LINEA, "7.1", "Línea de un objetivo que no existe.");
    check_report(r);
    expect(r, "linea.orphan", "7.1", "error");
    assert_null(find(r, "linea.orphan", "1.1"));
    assert_null(find(r, "linea.orphan", "2.1.1")); /* its strategy 2.1 exists */
    poa_report_free(r);
}

static void test_line_named_by_a_labelled_objective_is_no_orphan(void **state)
{
    poa_report *r = report_without_plan();
    poa_node *o = fixture_node(r->plan, POA_NODE_OBJETIVO, "OE1", "Objetivo estratégico.");
    fixture_node(o, POA_NODE_LINEA, "1.1", "Línea.");
    check_report(r);
    assert_null(find(r, "linea.orphan", NULL));
    if (r->findings->len != 0) dump(r);
    assert_int_equal(r->findings->len, 0);
    poa_report_free(r);
}

/* A plan of ejes and lines only: each line's code names its eje; the
 * missing objectives are reported once, the lines are no orphans. */
static void test_line_under_its_eje_is_no_orphan(void **state)
{
    poa_report *r = report_without_plan();
    poa_node *e = fixture_node(r->plan, POA_NODE_EJE, "2", "Deporte de alto rendimiento.");
    fixture_node(e, POA_NODE_LINEA, "2.1", "Otorgar becas.");
    fixture_node(e, POA_NODE_LINEA, "3.1", "Línea de un eje que no existe.");
    check_report(r);
    assert_null(find(r, "linea.orphan", "2.1"));
    expect(r, "linea.orphan", "3.1", "error");
    expect(r, "objetivos.missing", NULL, "error");
    poa_report_free(r);
}

static void test_strategy_duplicate_in_a_flat_list(void **state)
{
    poa_report *r = fixture_complete_report();
    const char *codes[] = { "1", "2", "3", "3", "4", "5", "6" };
    for (size_t i = 0; i < G_N_ELEMENTS(codes); i++) {
        char text[32];
        g_snprintf(text, sizeof text, "Estrategia %zu", i);
        fixture_node(r->plan, POA_NODE_ESTRATEGIA, codes[i], text);
    }
    check_report(r);
    expect(r, "estrategia.duplicate", "3", "error");
    if (r->findings->len != 1) dump(r);
    assert_int_equal(r->findings->len, 1);
    poa_report_free(r);
}

static void test_strategy_gap(void **state)
{
    poa_report *r = fixture_complete_report();
    poa_node *o2 = objective(r, 1);
    fixture_node(o2, POA_NODE_ESTRATEGIA, "2.3", "Tercera estrategia sin segunda.");
    check_report(r);
    expect(r, "estrategia.gap", "2.2", "error");
    poa_report_free(r);
}

static void test_lists_numbered_again_from_one_are_no_duplicates(void **state)
{
    poa_report *r = report_without_plan();
    const char *codes[] = { "1", "2", "1", "2", "3", "1", "2", "3" };
    for (size_t i = 0; i < G_N_ELEMENTS(codes); i++) {
        char text[32];
        g_snprintf(text, sizeof text, "Objetivo %zu", i);
        poa_node *o = fixture_node(r->plan, POA_NODE_OBJETIVO, codes[i], text);
        fixture_node(o, POA_NODE_LINEA, NULL, "Línea.");
    }
    check_report(r);
    if (r->findings->len != 0) dump(r);
    assert_int_equal(r->findings->len, 0);
    poa_report_free(r);
}

static void test_objectives_under_ejes_are_numbered_per_eje(void **state)
{
    poa_report *r = report_without_plan();
    const char *ejes[] = { "I", "II" };
    for (int e = 0; e < 2; e++) {
        poa_node *eje = fixture_node(r->plan, POA_NODE_EJE, ejes[e], "Eje.");
        for (int i = 1; i <= 2; i++) {
            char code[16], line[16];
            g_snprintf(code, sizeof code, "%d.%d", e + 1, i);
            g_snprintf(line, sizeof line, "%d.%d.1", e + 1, i);
            poa_node *o = fixture_node(eje, POA_NODE_OBJETIVO, code, code);
            poa_node *s = fixture_node(o, POA_NODE_ESTRATEGIA, line, line);
            g_strlcat(line, ".1", sizeof line);
            fixture_node(s, POA_NODE_LINEA, line, line);
        }
    }
    check_report(r);
    if (r->findings->len)
        dump(r);
    if (r->findings->len != 0) dump(r);
    assert_int_equal(r->findings->len, 0);
    poa_report_free(r);
}

static void test_missing_metadata_and_severities(void **state)
{
    poa_report *r = fixture_complete_report();
    g_clear_pointer(&r->meta.institucion, g_free);
    r->meta.ejercicio = 0;
    r->meta.trimestre = 0;
    g_clear_pointer(&r->meta.fecha, g_free);
    check_report(r);
    expect(r, "metadatos.institucion.missing", NULL, "error");
    expect(r, "metadatos.ejercicio.missing", NULL, "error");
    expect(r, "metadatos.trimestre.missing", NULL, "aviso");
    expect(r, "metadatos.fecha.missing", NULL, "aviso");
    poa_report_free(r);
}

static void test_plan_without_quarter_is_still_complete(void **state)
{
    poa_report *r = fixture_complete_report();
    r->meta.trimestre = 0;
    model_set_string(&r->meta.fecha, "2024-02-25");
    check_report(r);
    expect(r, "metadatos.trimestre.missing", NULL, "aviso");
    if (r->findings->len != 1) dump(r);
    assert_int_equal(r->findings->len, 1);
    assert_true(poa_report_complete(r));
    poa_report_free(r);
}

static void test_other_dates_count_as_the_date(void **state)
{
    poa_report *r = fixture_complete_report();
    g_clear_pointer(&r->meta.fecha, g_free);
    model_set_string(&r->meta.fecha_actualizacion, "2024-10-15");
    check_report(r);
    assert_null(find(r, "metadatos.fecha.missing", NULL));
    poa_report_free(r);
}

/* The fixture reports the third quarter of 2024: its date may fall from
 * 2023-01-01 (prepared and approved the year before) to 45 days after
 * the quarter, 2024-11-14 (the time the law gives to publish it). */
static void test_date_outside_the_quarter(void **state)
{
    (void)state;
    poa_report *r = fixture_complete_report();
    const char *within[] = { "2024-07-01", "2024-10-15", "2024-11-14", "2023-12-05", "2023-01-01" };
    for (size_t i = 0; i < G_N_ELEMENTS(within); i++) {
        model_set_string(&r->meta.fecha, within[i]);
        check_report(r);
        if (r->findings->len != 0) dump(r);
        assert_int_equal(r->findings->len, 0);
    }
    model_set_string(&r->meta.fecha, "2024-11-15");
    check_report(r);
    const poa_finding *f = expect(r, "fecha.outside_period", NULL, "error");
    assert_string_equal(f->message, "La fecha 2024-11-15 no corresponde al trimestre 3 de 2024: "
                                    "es posterior al plazo de publicación (2024-11-14)");
    model_set_string(&r->meta.fecha, "2022-12-31");
    check_report(r);
    f = expect(r, "fecha.outside_period", NULL, "error");
    assert_string_equal(f->message, "La fecha 2022-12-31 no corresponde al trimestre 3 de 2024: "
                                    "es anterior al año previo al ejercicio (2023-01-01)");
    poa_report_free(r);
}

/* With no quarter, the year's end opens the 45 days. */
static void test_date_outside_the_year_without_quarter(void **state)
{
    (void)state;
    poa_report *r = fixture_complete_report();
    r->meta.trimestre = 0;
    model_set_string(&r->meta.fecha, "2025-02-14");
    check_report(r);
    assert_null(find(r, "fecha.outside_period", NULL));
    model_set_string(&r->meta.fecha, "2025-02-15");
    check_report(r);
    const poa_finding *f = expect(r, "fecha.outside_period", NULL, "error");
    assert_string_equal(f->message, "La fecha 2025-02-15 no corresponde al ejercicio 2024: "
                                    "es posterior al plazo de publicación (2025-02-14)");
    poa_report_free(r);
}

static void test_duplicate_text_in_a_quadrant_is_a_warning(void **state)
{
    poa_report *r = fixture_complete_report();
    model_foda_add(r, POA_DEBILIDADES, "3", "  presupuesto   LIMITADO. ", NULL);
    check_report(r);
    const poa_finding *f = expect(r, "item.duplicate", "3", "aviso");
    assert_non_null(strstr(f->message, "debilidades"));
    assert_true(poa_report_complete(r));
    poa_report_free(r);
}

static void test_duplicate_text_in_a_list_of_lines(void **state)
{
    poa_report *r = fixture_complete_report();
    fixture_node(objective(r, 0), POA_NODE_LINEA, "1.3", "Capacitar al personal");
    check_report(r);
    expect(r, "item.duplicate", "1.3", "aviso");
    if (r->findings->len != 1) dump(r);
    assert_int_equal(r->findings->len, 1);
    poa_report_free(r);
}

static void test_same_text_in_two_quadrants_is_no_duplicate(void **state)
{
    poa_report *r = fixture_complete_report();
    model_foda_add(r, POA_AMENAZAS, "3", "Personal capacitado", NULL);
    check_report(r);
    assert_null(find(r, "item.duplicate", NULL));
    poa_report_free(r);
}

static void test_unnumbered_items_are_not_numbering_errors(void **state)
{
    poa_report *r = fixture_complete_report();
    fixture_node(objective(r, 0), POA_NODE_LINEA, NULL, "Línea sin número.");
    fixture_node(objective(r, 0), POA_NODE_LINEA, "a", "Línea con letra.");
    check_report(r);
    if (r->findings->len != 0) dump(r);
    assert_int_equal(r->findings->len, 0);
    poa_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete_report_has_no_finding),
        cmocka_unit_test(test_check_replaces_earlier_findings),
        cmocka_unit_test(test_missing_mission_and_vision),
        cmocka_unit_test(test_missing_foda),
        cmocka_unit_test(test_plan_span_needs_no_year_or_quarter),
        cmocka_unit_test(test_numbering_goes_on_across_ejes),
        cmocka_unit_test(test_unread_pages_and_unplaced_text),
        cmocka_unit_test(test_each_empty_quadrant),
        cmocka_unit_test(test_missing_objectives),
        cmocka_unit_test(test_objective_gap_and_duplicate),
        cmocka_unit_test(test_objective_without_lines),
        cmocka_unit_test(test_document_without_lines_reports_once),
        cmocka_unit_test(test_line_gap_in_the_middle),
        cmocka_unit_test(test_line_gap_four_levels_deep),
        cmocka_unit_test(test_line_gap_at_the_start),
        cmocka_unit_test(test_long_gap_is_one_finding),
        cmocka_unit_test(test_line_duplicate),
        cmocka_unit_test(test_line_orphan),
        cmocka_unit_test(test_line_named_by_a_labelled_objective_is_no_orphan),
        cmocka_unit_test(test_line_under_its_eje_is_no_orphan),
        cmocka_unit_test(test_strategy_duplicate_in_a_flat_list),
        cmocka_unit_test(test_strategy_gap),
        cmocka_unit_test(test_lists_numbered_again_from_one_are_no_duplicates),
        cmocka_unit_test(test_objectives_under_ejes_are_numbered_per_eje),
        cmocka_unit_test(test_missing_metadata_and_severities),
        cmocka_unit_test(test_plan_without_quarter_is_still_complete),
        cmocka_unit_test(test_other_dates_count_as_the_date),
        cmocka_unit_test(test_date_outside_the_quarter),
        cmocka_unit_test(test_date_outside_the_year_without_quarter),
        cmocka_unit_test(test_duplicate_text_in_a_quadrant_is_a_warning),
        cmocka_unit_test(test_duplicate_text_in_a_list_of_lines),
        cmocka_unit_test(test_same_text_in_two_quadrants_is_no_duplicate),
        cmocka_unit_test(test_unnumbered_items_are_not_numbering_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
