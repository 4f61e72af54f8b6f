/* test_real.c - the published PDFs in ../shared/real and ../shared/real_more convert to what a
 * careful reader counts in them (NAME.expect.json, written by people who
 * read the documents, never by this converter).
 *
 * Every figure of "expect" is compared: counts per FODA quadrant,
 * objectives, strategies and action lines, mission and vision present or
 * absent, institution, year, quarter, first and last objective and line.
 * A figure this converter does not get right yet is listed in known_gaps
 * below with the reason; such a figure is reported, and the test fails as
 * soon as it comes out right, so that the list only ever shrinks.
 */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "poa.h"
#include "testutil.h"

typedef struct known_gap {
    const char *document, *figure, *why;
} known_gap;

static const known_gap known_gaps[] = {
    { NULL, NULL, NULL }
};

static const char *gap_reason(const char *doc, const char *figure)
{
    for (const known_gap *g = known_gaps; g->document; g++)
        if (strcmp(g->document, doc) == 0 && strcmp(g->figure, figure) == 0)
            return g->why;
    return NULL;
}

typedef struct tally {
    int objetivos, estrategias, lineas;
    const poa_node *first_obj, *last_obj, *first_linea, *last_linea;
} tally;

static void tally_tree(const poa_node *node, tally *t)
{
    for (guint i = 0; i < node->children->len; i++) {
        const poa_node *c = g_ptr_array_index(node->children, i);
        if (c->kind == POA_NODE_OBJETIVO) {
            t->objetivos++;
            t->first_obj = t->first_obj ? t->first_obj : c;
            t->last_obj = c;
        } else if (c->kind == POA_NODE_ESTRATEGIA) {
            t->estrategias++;
        } else if (c->kind == POA_NODE_LINEA) {
            t->lineas++;
            t->first_linea = t->first_linea ? t->first_linea : c;
            t->last_linea = c;
        }
        tally_tree(c, t);
    }
}

typedef struct check {
    const char *doc;
    int wrong;       /* figures wrong and not a known gap */
    int gaps_fixed;  /* known gaps that now come out right */
} check;

/* Record one figure: WANT and GOT as text. */
static void figure(check *c, const char *name, const char *want, const char *got)
{
    bool right = strcmp(want, got) == 0;
    const char *why = gap_reason(c->doc, name);
    if (right && why) {
        print_message("%s: %s now right (%s): remove it from known_gaps\n", c->doc, name, got);
        c->gaps_fixed++;
    } else if (!right && why) {
        print_message("%s: %s: want %s, got %s (known gap: %s)\n", c->doc, name, want, got, why);
    } else if (!right) {
        print_message("%s: %s\n  want: %s\n  got:  %s\n", c->doc, name, want, got);
        c->wrong++;
    }
}

static void figure_int(check *c, JsonObject *e, const char *name, int got)
{
    JsonNode *n = json_object_get_member(e, name);
    char want[32], have[32];
    if (!n || json_node_is_null(n))
        g_strlcpy(want, "0", sizeof want);
    else
        g_snprintf(want, sizeof want, "%" G_GINT64_FORMAT, json_node_get_int(n));
    g_snprintf(have, sizeof have, "%d", got);
    figure(c, name, want, have);
}

static void figure_bool(check *c, JsonObject *e, const char *name, bool got)
{
    figure(c, name, json_object_get_boolean_member(e, name) ? "true" : "false",
           got ? "true" : "false");
}

static void figure_text(check *c, JsonObject *e, const char *name, const poa_node *got)
{
    JsonNode *n = json_object_get_member(e, name);
    const char *want = n && !json_node_is_null(n) ? json_node_get_string(n) : "(none)";
    figure(c, name, want, got ? got->text : "(none)");
}

/* TEXT case- and accent-folded (g_free): "AUTONOMO" is "Autónomo". */
static char *fold(const char *text)
{
    char *decomposed = g_utf8_normalize(text, -1, G_NORMALIZE_NFD);
    GString *out = g_string_new(NULL);
    for (const char *p = decomposed; *p; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        if (!g_unichar_ismark(ch))
            g_string_append_unichar(out, ch);
    }
    g_free(decomposed);
    char *folded = g_utf8_casefold(out->str, -1);
    g_string_free(out, TRUE);
    return folded;
}

/* The institution may be printed in capitals, with or without its accents,
 * and may carry its unit after the body's name (expect.json's "uncertain"
 * allows all three); the acronym a careful reader adds in parentheses
 * ("Instituto Geofísico del Perú (IGP)") is not part of the name. */
static void figure_institution(check *c, JsonObject *e, const char *got)
{
    const char *want = json_object_get_string_member(e, "institucion");
    char *w = fold(want);
    char *paren = strrchr(w, '(');
    if (paren && paren > w && paren[-1] == ' ' && g_str_has_suffix(paren, ")"))
        paren[-1] = '\0';
    char *g = fold(got ? got : "(none)");
    figure(c, "institucion", want, g_str_has_prefix(g, w) ? want : (got ? got : "(none)"));
    g_free(w);
    g_free(g);
}

static void compare(check *c, JsonObject *e, const poa_report *r)
{
    tally t = { 0 };
    tally_tree(r->plan, &t);
    figure_institution(c, e, r->meta.institucion);
    figure_int(c, e, "ejercicio", r->meta.ejercicio);
    figure_int(c, e, "trimestre", r->meta.trimestre);
    figure_bool(c, e, "mision", r->mision != NULL);
    figure_bool(c, e, "vision", r->vision != NULL);
    for (int q = 0; q < POA_QUADRANTS; q++)
        figure_int(c, e, model_quadrant_list_name((poa_quadrant)q), (int)r->foda[q]->len);
    figure_int(c, e, "objetivos", t.objetivos);
    figure_int(c, e, "estrategias", t.estrategias);
    figure_int(c, e, "lineas", t.lineas);
    figure_text(c, e, "first_objetivo", t.first_obj);
    figure_text(c, e, "last_objetivo", t.last_obj);
    figure_text(c, e, "first_linea", t.first_linea);
    figure_text(c, e, "last_linea", t.last_linea);
}

static void test_real_document_matches_reader(void **state)
{
    const char *json_path = *state;
    JsonParser *jp = json_parser_new();
    GError *error = NULL;
    if (!json_parser_load_from_file(jp, json_path, &error))
        fail_msg("%s: %s", json_path, error->message);
    JsonObject *root = json_node_get_object(json_parser_get_root(jp));
    JsonObject *expect = json_object_get_object_member(root, "expect");
    char *pdf = g_strndup(json_path, strlen(json_path) - strlen(".expect.json"));
    char *pdf_path = g_strconcat(pdf, ".pdf", NULL);
    poa_error err = POA_ERROR_INIT;
    poa_report *r = poa_convert_file(pdf_path, NULL, &err);
    if (!r)
        fail_msg("%s: %s", pdf_path, err.message);
    check c = { json_object_get_string_member(root, "name"), 0, 0 };
    compare(&c, expect, r);
    char *xml = NULL;
    size_t len = 0;
    int xml_rc = poa_report_to_xml(r, &xml, &len, &err);
    g_free(xml);
    poa_report_free(r);
    g_free(pdf_path);
    g_free(pdf);
    g_object_unref(jp);
    assert_int_equal(xml_rc, 0); /* the XML validates against the schema */
    assert_int_equal(c.gaps_fixed, 0);
    if (c.wrong)
        fail_msg("%d figures differ from what a reader counts", c.wrong);
}

/* Add the oracles of DIR to PATHS; false when DIR is not there. */
static bool add_oracles(GPtrArray *paths, const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d) {
        printf("no %s: real documents not available, nothing to run there\n", dir);
        return false;
    }
    const char *entry;
    while ((entry = g_dir_read_name(d)))
        if (g_str_has_suffix(entry, ".expect.json"))
            g_ptr_array_add(paths, g_build_filename(dir, entry, NULL));
    g_dir_close(d);
    return true;
}

int main(void)
{
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    add_oracles(paths, TEST_SHARED_DIR "/real");
    add_oracles(paths, TEST_SHARED_DIR "/real_more");
    struct CMUnitTest *tests = g_new0(struct CMUnitTest, paths->len);
    for (guint i = 0; i < paths->len; i++) {
        tests[i].name = g_ptr_array_index(paths, i);
        tests[i].test_func = test_real_document_matches_reader;
        tests[i].initial_state = g_ptr_array_index(paths, i);
    }
    int failed = _cmocka_run_group_tests("real", tests, paths->len, NULL, NULL);
    g_free(tests);
    g_ptr_array_unref(paths);
    return failed;
}
