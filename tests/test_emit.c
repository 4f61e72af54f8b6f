/* test_emit.c - src/emit.c: the model as schema-valid XML, written
 * atomically or to standard output. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "emit.h"
#include "testutil.h"
#include "report_fixture.h"

/* REPORT as XML; fails the test when it cannot be made.  Caller frees. */
static char *to_xml(const poa_report *r)
{
    char *xml = NULL;
    size_t len = 0;
    poa_error err = POA_ERROR_INIT;
    int rc = poa_report_to_xml(r, &xml, &len, &err);
    if (rc != 0)
        fail_msg("poa_report_to_xml: %s", err.message);
    assert_int_equal(strlen(xml), len);
    return xml;
}

/* The value of XPATH (prefix p: for the namespace) on XML, as a string
 * (g_free): count(...) gives a number, string(...) a text. */
static char *xpath(const char *xml, const char *expr)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "p", BAD_CAST POA_NAMESPACE);
    xmlXPathObjectPtr obj = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    assert_non_null(obj);
    xmlChar *s = xmlXPathCastToString(obj);
    char *out = g_strdup((const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(obj);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return out;
}

static void assert_xpath(const char *xml, const char *expr, const char *expected)
{
    char *got = xpath(xml, expr);
    if (strcmp(got, expected) != 0)
        fail_msg("%s: expected \"%s\", got \"%s\"", expr, expected, got);
    g_free(got);
}

static void test_complete_report_has_every_part(void **state)
{
    poa_report *r = fixture_complete_report();
    char *xml = to_xml(r);
    assert_xpath(xml, "string(/p:programaTrabajo/@version)", "1.0");
    assert_xpath(xml, "string(//p:fuente/@herramienta)", "poa2xml " POA_VERSION);
    assert_xpath(xml, "string(//p:fuente/@paginas)", "4");
    assert_xpath(xml, "string(//p:fuente/@bytes)", "12345");
    assert_xpath(xml, "string(//p:metadatos/p:institucion)",
                 "Instituto Electoral de la Ciudad de México");
    assert_xpath(xml, "string(//p:metadatos/p:trimestre)", "3");
    assert_xpath(xml, "string(//p:metadatos/p:fecha)", "2024-09-30");
    assert_xpath(xml, "string(//p:vision)", "Ser un órgano autónomo de excelencia.");
    assert_xpath(xml, "count(//p:foda/*/*)", "8");
    assert_xpath(xml, "string(//p:amenazas/p:amenaza[@n='2'])", "Recortes presupuestales");
    assert_xpath(xml, "count(//p:objetivo[@n='1']/p:lineaAccion)", "2");
    assert_xpath(xml, "string(//p:objetivo[@n='2']/p:texto)", "Rendir cuentas.");
    assert_xpath(xml, "string(//p:estrategia[@n='2.1']/p:lineaAccion[2])",
                 "Atender solicitudes.");
    assert_xpath(xml, "string(/p:programaTrabajo/*[last()]/@completo)", "true");
    free(xml);
    poa_report_free(r);
}

static void test_output_is_indented_utf8_with_declaration(void **state)
{
    poa_report *r = fixture_complete_report();
    char *xml = to_xml(r);
    assert_true(g_str_has_prefix(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    assert_non_null(strstr(xml, "\n  <fuente "));
    assert_non_null(strstr(xml, "\n    <institucion>"));
    assert_non_null(strstr(xml, "Ciudad de México")); /* not &#xE9; */
    free(xml);
    poa_report_free(r);
}

static void test_absent_parts_are_omitted_not_empty(void **state)
{
    poa_report *r = fixture_complete_report();
    poa_metadata empty_meta = { 0 };
    poa_metadata saved = r->meta;
    r->meta = empty_meta;
    g_clear_pointer(&r->mision, g_free);
    model_set_string(&r->vision, "   ");
    g_ptr_array_set_size(r->foda[POA_AMENAZAS], 0);
    char *xml = to_xml(r);
    assert_xpath(xml, "count(//p:metadatos)", "0");
    assert_xpath(xml, "count(//p:mision)", "0");
    assert_xpath(xml, "count(//p:vision)", "0");
    assert_xpath(xml, "count(//p:amenazas)", "0");
    assert_xpath(xml, "count(//p:fortalezas)", "1");
    free(xml);
    r->meta = saved;
    poa_report_free(r);
}

static void test_report_without_plan_or_foda_is_valid(void **state)
{
    poa_report *r = model_report_new();
    model_set_string(&r->source.archivo, "vacio.txt");
    memset(r->source.sha256, '0', 64);
    model_set_string(&r->source.convertido, "2024-01-01T00:00:00Z");
    char *xml = to_xml(r);
    assert_xpath(xml, "count(/p:programaTrabajo/*)", "2"); /* fuente, completitud */
    assert_xpath(xml, "count(//p:fuente/@paginas)", "0");
    free(xml);
    poa_report_free(r);
}

static void test_empty_foda_section_is_kept(void **state)
{
    poa_report *r = fixture_complete_report();
    for (int q = 0; q < POA_QUADRANTS; q++)
        g_ptr_array_set_size(r->foda[q], 0);
    char *xml = to_xml(r);
    assert_xpath(xml, "count(//p:foda)", "1");
    assert_xpath(xml, "count(//p:foda/*)", "0");
    free(xml);
    poa_report_free(r);
}

static void test_ejes_estrategias_and_flat_lists_keep_their_levels(void **state)
{
    poa_report *r = fixture_complete_report();
    poa_node *eje = fixture_node(r->plan, POA_NODE_EJE, "I", "Desarrollo social.");
    poa_node *o = fixture_node(eje, POA_NODE_OBJETIVO, "1.1", "SALUD. - Mejorar los servicios.");
    poa_node *e = fixture_node(o, POA_NODE_ESTRATEGIA, "1.1.1", "Acercar la atención.");
    fixture_node(e, POA_NODE_LINEA, "1.1.1.1", "Canalizar a hospitales.");
    fixture_node(r->plan, POA_NODE_ESTRATEGIA, "3", "Estrategia de una lista plana.");
    fixture_node(r->plan, POA_NODE_ESTRATEGIA, "3", "Otra con el mismo número.");
    char *xml = to_xml(r);
    assert_xpath(xml, "string(//p:objetivos/p:eje/@n)", "I");
    assert_xpath(xml, "string(//p:eje/p:texto)", "Desarrollo social.");
    assert_xpath(xml, "string(//p:eje/p:objetivo/p:estrategia/p:lineaAccion/@n)", "1.1.1.1");
    assert_xpath(xml, "count(/p:programaTrabajo/p:objetivos/p:estrategia[@n='3'])", "2");
    /* The model's order is the emitted order. */
    assert_xpath(xml, "name(/p:programaTrabajo/p:objetivos/*[3])", "eje");
    free(xml);
    poa_report_free(r);
}

static void test_duplicate_numbers_are_not_a_schema_error(void **state)
{
    poa_report *r = fixture_complete_report();
    poa_node *o1 = g_ptr_array_index(r->plan->children, 0);
    fixture_node(o1, POA_NODE_LINEA, "1.2", "La misma línea otra vez.");
    model_foda_add(r, POA_FORTALEZAS, "1", "Otra fortaleza 1", NULL);
    char *xml = to_xml(r);
    assert_xpath(xml, "count(//p:lineaAccion[@n='1.2'])", "2");
    free(xml);
    poa_report_free(r);
}

static void test_provenance_is_formatted_whatever_the_locale(void **state)
{
    const char *saved = setlocale(LC_NUMERIC, NULL);
    char *old = g_strdup(saved);
    bool comma = setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "es_MX.UTF-8");
    poa_report *r = fixture_complete_report();
    poa_prov p = { 3, 10.5, 20, 300.25, 40.126, 0.95 };
    r->mision_prov = p;
    poa_item *item = g_ptr_array_index(r->foda[POA_FORTALEZAS], 0);
    item->prov = (poa_prov){ 2, 0, 0, 0, 0, -1 };
    char *xml = to_xml(r);
    setlocale(LC_NUMERIC, old);
    g_free(old);
    assert_xpath(xml, "string(//p:mision/@pagina)", "3");
    assert_xpath(xml, "string(//p:mision/@caja)", "10.50 20.00 300.25 40.13");
    assert_xpath(xml, "string(//p:mision/@confianza)", "0.950");
    assert_xpath(xml, "string(//p:fortaleza[1]/@pagina)", "2");
    assert_xpath(xml, "count(//p:fortaleza[1]/@caja)", "0");
    assert_xpath(xml, "count(//p:vision/@pagina)", "0");
    if (!comma)
        print_message("note: no comma-decimal locale installed; checked in C only\n");
    free(xml);
    poa_report_free(r);
}

static void test_findings_are_written_last(void **state)
{
    poa_report *r = fixture_complete_report();
    model_finding_add(r, "linea.gap", "1.3", "error", "Falta la línea de acción 1.3");
    model_finding_add(r, "item.duplicate", NULL, "aviso", "Texto repetido");
    char *xml = to_xml(r);
    assert_xpath(xml, "string(//p:completitud/@completo)", "false");
    assert_xpath(xml, "string(//p:hallazgo[1]/@codigo)", "linea.gap");
    assert_xpath(xml, "string(//p:hallazgo[1]/@ref)", "1.3");
    assert_xpath(xml, "string(//p:hallazgo[1]/@severidad)", "error");
    assert_xpath(xml, "string(//p:hallazgo[1])", "Falta la línea de acción 1.3");
    assert_xpath(xml, "count(//p:hallazgo[2]/@ref)", "0");
    free(xml);
    poa_report_free(r);
}

static void test_markup_and_control_characters_survive(void **state)
{
    poa_report *r = fixture_complete_report();
    model_set_string(&r->mision, "Ciencia & <tecnología> \"abierta\"\x01 para todos");
    char *xml = to_xml(r);
    assert_xpath(xml, "string(//p:mision)",
                 "Ciencia & <tecnología> \"abierta\"\xEF\xBF\xBD para todos");
    free(xml);
    model_set_string(&r->mision, "Servir a\xFF la ciudad"); /* not UTF-8 */
    xml = to_xml(r);
    assert_xpath(xml, "string(//p:mision)", "Servir a\xEF\xBF\xBD la ciudad");
    free(xml);
    poa_report_free(r);
}

/* A paragraph longer than the pieces text is written in: cut only
 * between characters (three-byte "€" and two-byte "ñ" straddle every
 * boundary), markup escaped across the cuts, read back whole. */
static void test_long_text_written_in_pieces_reads_back_whole(void **state)
{
    (void)state;
    poa_report *r = fixture_complete_report();
    GString *text = g_string_new(NULL);
    for (int i = 0; text->len < 300000; i++)
        g_string_append(text, i % 3 ? "año € <meta> & " : "x");
    g_string_append(text, "fin");
    model_set_string(&r->mision, text->str);
    char *xml = to_xml(r);
    char *got = xpath(xml, "string(//p:mision)");
    assert_string_equal(got, text->str);
    assert_non_null(strstr(xml, "&lt;meta&gt; &amp; "));
    g_free(got);
    free(xml);
    g_string_free(text, TRUE);
    poa_report_free(r);
}

static void test_invalid_model_is_an_error_naming_the_cause(void **state)
{
    poa_report *r = fixture_complete_report();
    r->meta.trimestre = 7;
    char *xml = (char *)"untouched";
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(poa_report_to_xml(r, &xml, NULL, &err), -POA_E_INVALID);
    assert_null(xml);
    assert_int_equal(err.code, POA_E_INVALID);
    assert_non_null(strstr(err.message, "poa_2024_t3.pdf: "));
    assert_non_null(strstr(err.message, "trimestre"));
    assert_non_null(strstr(err.message, "/programaTrabajo/metadatos/trimestre"));
    assert_non_null(strstr(err.message, "'7'"));
    poa_report_free(r);
}

/* Number of entries in DIR. */
static int dir_entries(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    int n = 0;
    while (g_dir_read_name(d))
        n++;
    g_dir_close(d);
    return n;
}

static void test_atomic_write_leaves_no_file_when_invalid(void **state)
{
    char *dir = g_dir_make_tmp("poa-emit-XXXXXX", NULL);
    char *path = g_build_filename(dir, "out.xml", NULL);
    poa_report *r = fixture_complete_report();
    model_set_string(&r->meta.fecha, "2024-02-30");
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(poa_report_write_xml(r, path, &err), -POA_E_INVALID);
    assert_int_equal(dir_entries(dir), 0);
    /* An existing file is left as it was. */
    g_file_set_contents(path, "old", -1, NULL);
    assert_int_equal(poa_report_write_xml(r, path, &err), -POA_E_INVALID);
    char *data = test_read_file(path, NULL);
    assert_string_equal(data, "old");
    assert_int_equal(dir_entries(dir), 1);
    g_free(data);
    g_unlink(path);
    g_rmdir(dir);
    poa_report_free(r);
    g_free(path);
    g_free(dir);
}

static void test_atomic_write_replaces_the_file_whole(void **state)
{
    char *dir = g_dir_make_tmp("poa-emit-XXXXXX", NULL);
    char *path = g_build_filename(dir, "out.xml", NULL);
    g_file_set_contents(path, "old content", -1, NULL);
    poa_report *r = fixture_complete_report();
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(poa_report_write_xml(r, path, &err), 0);
    char *written = test_read_file(path, NULL);
    char *xml = to_xml(r);
    assert_string_equal(written, xml);
    assert_int_equal(dir_entries(dir), 1); /* no temporary file left */
    free(xml);
    g_free(written);
    g_unlink(path);
    g_rmdir(dir);
    poa_report_free(r);
    g_free(path);
    g_free(dir);
}

static void test_write_to_missing_directory_fails(void **state)
{
    poa_report *r = fixture_complete_report();
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(poa_report_write_xml(r, "/nonexistent-dir/out.xml", &err),
                     -POA_E_OUTPUT);
    assert_non_null(strstr(err.message, "/nonexistent-dir/out.xml"));
    poa_report_free(r);
}

static void test_write_to_dev_full_path_fails(void **state)
{
    poa_report *r = fixture_complete_report();
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(poa_report_write_xml(r, "/dev/full", &err), -POA_E_OUTPUT);
    assert_non_null(strstr(err.message, "/dev/full"));
    poa_report_free(r);
}

static void test_write_to_stdout_on_dev_full_fails(void **state)
{
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen("/dev/full", "w", stdout))
            _exit(90);
        poa_report *r = fixture_complete_report();
        poa_error err = POA_ERROR_INIT;
        int rc = poa_report_write_xml(r, "-", &err);
        poa_report_free(r);
        _exit(rc == -POA_E_OUTPUT && err.code == POA_E_OUTPUT ? 0 : 91);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_xmllint_agrees_with_the_schema(void **state)
{
    char *xmllint = g_find_program_in_path("xmllint");
    if (!xmllint) {
        print_message("note: xmllint not installed; skipped\n");
        skip();
    }
    char *dir = g_dir_make_tmp("poa-emit-XXXXXX", NULL);
    char *path = g_build_filename(dir, "out.xml", NULL);
    poa_report *r = fixture_complete_report();
    fixture_node(r->plan, POA_NODE_EJE, "I", "Eje rector.");
    r->mision_prov = (poa_prov){ 1, 1, 2, 3, 4, 0.5 };
    model_finding_add(r, "linea.gap", "1.3", "error", "Falta la línea de acción 1.3");
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(poa_report_write_xml(r, path, &err), 0);
    char *argv[] = { xmllint, "--noout", "--schema", "schemas/programa-trabajo.xsd", path,
                     NULL };
    int status = -1;
    char *errout = NULL;
    assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                             &errout, &status, NULL));
    if (!g_spawn_check_wait_status(status, NULL))
        fail_msg("xmllint rejects the output: %s", errout);
    g_free(errout);
    g_unlink(path);
    g_rmdir(dir);
    poa_report_free(r);
    g_free(path);
    g_free(dir);
    g_free(xmllint);
}

static void test_emit_xml_has_the_namespace(void **state)
{
    poa_report *r = fixture_complete_report();
    poa_error err = POA_ERROR_INIT;
    size_t len = 0;
    char *xml = emit_xml(r, &len, &err);
    assert_non_null(xml);
    assert_int_equal(len, strlen(xml));
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    assert_string_equal((const char *)root->name, "programaTrabajo");
    assert_string_equal((const char *)root->ns->href, POA_NAMESPACE);
    xmlFreeDoc(doc);
    free(xml);
    poa_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete_report_has_every_part),
        cmocka_unit_test(test_output_is_indented_utf8_with_declaration),
        cmocka_unit_test(test_absent_parts_are_omitted_not_empty),
        cmocka_unit_test(test_report_without_plan_or_foda_is_valid),
        cmocka_unit_test(test_empty_foda_section_is_kept),
        cmocka_unit_test(test_ejes_estrategias_and_flat_lists_keep_their_levels),
        cmocka_unit_test(test_duplicate_numbers_are_not_a_schema_error),
        cmocka_unit_test(test_provenance_is_formatted_whatever_the_locale),
        cmocka_unit_test(test_findings_are_written_last),
        cmocka_unit_test(test_markup_and_control_characters_survive),
        cmocka_unit_test(test_long_text_written_in_pieces_reads_back_whole),
        cmocka_unit_test(test_invalid_model_is_an_error_naming_the_cause),
        cmocka_unit_test(test_atomic_write_leaves_no_file_when_invalid),
        cmocka_unit_test(test_atomic_write_replaces_the_file_whole),
        cmocka_unit_test(test_write_to_missing_directory_fails),
        cmocka_unit_test(test_write_to_dev_full_path_fails),
        cmocka_unit_test(test_write_to_stdout_on_dev_full_fails),
        cmocka_unit_test(test_xmllint_agrees_with_the_schema),
        cmocka_unit_test(test_emit_xml_has_the_namespace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
