/* test_findings.c - every completeness finding code, triggered through the
 * real converter by a sample document (issue 5).
 *
 * test_check.c proves src/check.c on models built by hand.  Here each
 * tests/data/findings/CODE.txt is a small text report, complete but for
 * one defect, and complete.txt has none.  Each file is converted with
 * poa_convert_file() and validated with poa_validate_file(), and the exact
 * set of findings (code and ref) and the status are compared with the
 * table below.  A file without a row, a row without a file, and a code of
 * the table in docs/schema.md without its sample all fail, as does a
 * finding whose severity is not the documented one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "poa.h"
#include "testutil.h"

#define FINDINGS_DIR "tests/data/findings"
#define SCHEMA_DOC "docs/schema.md"
#define MAX_EXPECTED 4

/* What one sample gives: its findings as "code" or "code ref" (any order)
 * and the status of poa_validate_file(), the exit status of validate. */
typedef struct expectation {
    const char *file;
    poa_status status;
    const char *findings[MAX_EXPECTED];
} expectation;

static const expectation expectations[] = {
    { "complete.txt", POA_OK, { NULL } },
    /* metadata */
    { "metadatos.institucion.missing.txt", POA_INCOMPLETE, { "metadatos.institucion.missing" } },
    /* the year is neither printed nor inferable: the only date is the update's */
    { "metadatos.ejercicio.missing.txt", POA_INCOMPLETE, { "metadatos.ejercicio.missing" } },
    { "metadatos.trimestre.missing.txt", POA_OK, { "metadatos.trimestre.missing" } },
    { "metadatos.fecha.missing.txt", POA_OK, { "metadatos.fecha.missing" } },
    /* 15/12/2023 in a report of the third quarter of 2023 */
    { "fecha.outside_period.txt", POA_INCOMPLETE, { "fecha.outside_period" } },
    /* sections */
    { "mision.missing.txt", POA_INCOMPLETE, { "mision.missing" } },
    { "vision.missing.txt", POA_INCOMPLETE, { "vision.missing" } },
    { "foda.missing.txt", POA_INCOMPLETE, { "foda.missing" } },
    /* a quadrant heading with no item under it */
    { "foda.fortalezas.empty.txt", POA_INCOMPLETE, { "foda.fortalezas.empty" } },
    { "foda.oportunidades.empty.txt", POA_INCOMPLETE, { "foda.oportunidades.empty" } },
    /* a quadrant left out altogether */
    { "foda.debilidades.empty.txt", POA_INCOMPLETE, { "foda.debilidades.empty" } },
    { "foda.amenazas.empty.txt", POA_INCOMPLETE, { "foda.amenazas.empty" } },
    /* what was not read: a scanned last page (the approval act) */
    { "pagina.sin_texto.pdf", POA_INCOMPLETE, { "pagina.sin_texto 3" } },
    /* a numbered list of the body's programmes before the mission */
    { "contenido.no_ubicado.txt", POA_OK, { "contenido.no_ubicado 1", "contenido.no_ubicado 2" } },
    /* the first strength copied again as the third bullet */
    { "item.duplicate.txt", POA_OK, { "item.duplicate 3" } },
    /* the plan */
    { "objetivos.missing.txt", POA_INCOMPLETE, { "objetivos.missing" } },
    { "lineas.missing.txt", POA_INCOMPLETE, { "lineas.missing" } },
    { "objetivo.gap.txt", POA_INCOMPLETE, { "objetivo.gap 2" } },
    { "objetivo.duplicate.txt", POA_INCOMPLETE, { "objetivo.duplicate 2" } },
    { "objetivo.no_lines.txt", POA_INCOMPLETE, { "objetivo.no_lines 3" } },
    { "estrategia.gap.txt", POA_INCOMPLETE, { "estrategia.gap 1.2" } },
    { "estrategia.duplicate.txt", POA_INCOMPLETE, { "estrategia.duplicate 1.2" } },
    { "linea.gap.txt", POA_INCOMPLETE, { "linea.gap 1.3" } },
    { "linea.duplicate.txt", POA_INCOMPLETE, { "linea.duplicate 1.2" } },
    { "linea.orphan.txt", POA_INCOMPLETE, { "linea.orphan 3.1" } },
    /* complete.txt saved in Windows-1252 (its bullets made dashes) */
    { "texto.codificacion.txt", POA_OK, { "texto.codificacion" } },
    /* converted with EXTRA_RULES below */
    { "regla.limite.txt", POA_OK, { "regla.limite" } },
};

/* Samples converted with one rule more, after the default rules: a user's
 * rule that backtracks without end on the sample's last line. */
static const struct {
    const char *file, *rule;
} extra_rules[] = {
    { "regla.limite.txt", "item ^(a+)+$\n" },
};

/* The rules E is converted with: NULL (the default) or the default rules
 * with E's extra rule last; poa_rules_free. */
static poa_rules *rules_for(const expectation *e)
{
    const char *extra = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(extra_rules); i++)
        if (strcmp(extra_rules[i].file, e->file) == 0)
            extra = extra_rules[i].rule;
    if (!extra)
        return NULL;
    char *text = NULL;
    assert_true(g_file_get_contents("schemas/rules/default.rules", &text, NULL, NULL));
    char *all = g_strconcat(text, extra, NULL);
    poa_error err = POA_ERROR_INIT;
    poa_rules *rules = poa_rules_load_buffer(all, strlen(all), "extra.rules", &err);
    if (!rules)
        fail_msg("%s: %s", e->file, err.message);
    g_free(all);
    g_free(text);
    return rules;
}

/* The row for FILE, or NULL. */
static const expectation *expectation_find(const char *file)
{
    for (size_t i = 0; i < G_N_ELEMENTS(expectations); i++)
        if (strcmp(expectations[i].file, file) == 0)
            return &expectations[i];
    return NULL;
}

/* Every code of the findings table of docs/schema.md, mapped to its
 * documented severity ("error" or "aviso"); g_hash_table_unref. */
static GHashTable *documented_codes(void)
{
    char *doc = test_read_file(SCHEMA_DOC, NULL);
    char **lines = g_strsplit(doc, "\n", -1);
    GHashTable *codes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    bool in_section = false;
    for (char **l = lines; *l; l++) {
        if (g_str_has_prefix(*l, "## "))
            in_section = strcmp(*l, "## Completeness findings") == 0;
        if (!in_section || !g_str_has_prefix(*l, "| `"))
            continue;
        char **cells = g_strsplit(*l, "|", -1);  /* "", codes, ref, severity, when */
        char **ticks = g_strsplit(cells[1], "`", -1);
        for (int i = 1; ticks[i] && ticks[i + 1]; i += 2)
            g_hash_table_insert(codes, g_strdup(ticks[i]), g_strstrip(g_strdup(cells[3])));
        g_strfreev(ticks);
        g_strfreev(cells);
    }
    g_strfreev(lines);
    g_free(doc);
    return codes;
}

/* "code" or "code ref" (g_free). */
static char *finding_key(const char *code, const char *ref)
{
    return ref && *ref ? g_strdup_printf("%s %s", code, ref) : g_strdup(code);
}

static gint compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of KEYS sorted and joined with ", " (g_free); frees KEYS. */
static char *keys_join(GPtrArray *keys)
{
    g_ptr_array_sort(keys, compare_strings);
    g_ptr_array_add(keys, NULL);
    char *out = g_strjoinv(", ", (char **)keys->pdata);
    g_ptr_array_unref(keys);
    return out;
}

static char *expected_keys(const expectation *e)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < MAX_EXPECTED && e->findings[i]; i++)
        g_ptr_array_add(keys, g_strdup(e->findings[i]));
    return keys_join(keys);
}

static char *report_keys(const poa_report *r)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < r->findings->len; i++) {
        const poa_finding *f = g_ptr_array_index(r->findings, i);
        g_ptr_array_add(keys, finding_key(f->code, f->ref));
    }
    return keys_join(keys);
}

static char *validation_keys(const poa_validation *v)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < poa_validation_count(v); i++) {
        poa_finding_view f = poa_validation_get(v, i);
        g_ptr_array_add(keys, finding_key(f.code, f.ref));
    }
    return keys_join(keys);
}

/* The documented severity of CODE; fails when CODE is not documented. */
static const char *severity_of(GHashTable *codes, const char *code)
{
    const char *severity = g_hash_table_lookup(codes, code);
    if (!severity)
        fail_msg("finding code %s is not in the table of %s", code, SCHEMA_DOC);
    return severity;
}

/* Every finding of R has a message and its documented severity. */
static void assert_findings_as_documented(const poa_report *r, const char *path)
{
    GHashTable *codes = documented_codes();
    for (guint i = 0; i < r->findings->len; i++) {
        const poa_finding *f = g_ptr_array_index(r->findings, i);
        if (strcmp(f->severity, severity_of(codes, f->code)) != 0)
            fail_msg("%s: %s has severity %s, documented %s", path, f->code, f->severity,
                     severity_of(codes, f->code));
        assert_true(f->message && *f->message);
    }
    g_hash_table_unref(codes);
}

/* Convert the sample: exactly the expected findings, as documented. */
static void assert_converts_to_expected(const expectation *e, const char *path)
{
    poa_error err = POA_ERROR_INIT;
    poa_options opts = POA_OPTIONS_INIT;
    opts.now = 0;
    poa_rules *rules = rules_for(e);
    opts.rules = rules;
    poa_report *r = poa_convert_file(path, &opts, &err);
    if (!r)
        fail_msg("%s: conversion failed: %s", path, err.message);
    char *want = expected_keys(e), *got = report_keys(r);
    if (strcmp(want, got) != 0)
        fail_msg("%s: findings [%s], expected [%s]", path, got, want);
    assert_findings_as_documented(r, path);
    assert_int_equal(poa_report_complete(r), e->status == POA_OK);
    assert_int_equal(poa_report_finding_count(r), r->findings->len);
    g_free(want);
    g_free(got);
    poa_report_free(r);
    poa_rules_free(rules);
}

/* Validate the sample: the status of `poa2xml validate` and the same
 * findings. */
static void assert_validates_to_expected(const expectation *e, const char *path)
{
    poa_options opts = POA_OPTIONS_INIT;
    poa_rules *rules = rules_for(e);
    opts.rules = rules;
    poa_validation *v = poa_validate_file(path, &opts);
    assert_non_null(v);
    char *want = expected_keys(e), *got = validation_keys(v);
    if (strcmp(want, got) != 0)
        fail_msg("%s: validate gives [%s], expected [%s]", path, got, want);
    if (poa_validation_status(v) != e->status)
        fail_msg("%s: validate status %d (%s), expected %d (%s)", path,
                 poa_validation_status(v), poa_status_name(poa_validation_status(v)),
                 e->status, poa_status_name(e->status));
    for (size_t i = 0; i < poa_validation_count(v); i++) {
        poa_finding_view f = poa_validation_get(v, i);
        assert_int_equal(f.line, 0);
        assert_true(f.message && *f.message);
    }
    g_free(want);
    g_free(got);
    poa_validation_free(v);
    poa_rules_free(rules);
}

/* The per-file test; STATE is its row of the table. */
static void test_sample_gives_exactly_its_findings(void **state)
{
    const expectation *e = *state;
    char *path = g_build_filename(FINDINGS_DIR, e->file, NULL);
    assert_converts_to_expected(e, path);
    assert_validates_to_expected(e, path);
    g_free(path);
}

static void test_every_file_has_a_row_and_every_row_a_file(void **state)
{
    GDir *dir = g_dir_open(FINDINGS_DIR, 0, NULL);
    assert_non_null(dir);
    const char *entry;
    guint files = 0;
    while ((entry = g_dir_read_name(dir))) {
        if (!expectation_find(entry))
            fail_msg("%s/%s has no row in the table of tests/test_findings.c", FINDINGS_DIR,
                     entry);
        files++;
    }
    g_dir_close(dir);
    for (size_t i = 0; i < G_N_ELEMENTS(expectations); i++) {
        char *path = g_build_filename(FINDINGS_DIR, expectations[i].file, NULL);
        if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
            fail_msg("%s: in the table, but no such file", path);
        g_free(path);
    }
    assert_int_equal(files, G_N_ELEMENTS(expectations));
}

/* Each code of docs/schema.md has its sample CODE.txt (or CODE.pdf), whose row expects
 * CODE; and each row's status follows from its codes' severities. */
static void test_every_documented_code_has_its_sample(void **state)
{
    GHashTable *codes = documented_codes();
    assert_true(g_hash_table_size(codes) >= 23);
    GHashTableIter it;
    gpointer code;
    g_hash_table_iter_init(&it, codes);
    while (g_hash_table_iter_next(&it, &code, NULL)) {
        char *file = g_strconcat(code, ".txt", NULL);
        const expectation *e = expectation_find(file);
        if (!e) { /* what only a PDF can show (a scanned page) */
            g_free(file);
            file = g_strconcat(code, ".pdf", NULL);
            e = expectation_find(file);
        }
        if (!e)
            fail_msg("code %s of %s has no sample %s/%s", (char *)code, SCHEMA_DOC,
                     FINDINGS_DIR, file);
        bool listed = false;
        for (int i = 0; i < MAX_EXPECTED && e->findings[i]; i++)
            listed |= strcmp(e->findings[i], code) == 0 ||
                      (g_str_has_prefix(e->findings[i], code) &&
                       e->findings[i][strlen(code)] == ' ');
        if (!listed)
            fail_msg("%s: its row does not expect %s", file, (char *)code);
        g_free(file);
    }
    g_hash_table_unref(codes);
}

static void test_each_row_status_follows_its_severities(void **state)
{
    GHashTable *codes = documented_codes();
    for (size_t i = 0; i < G_N_ELEMENTS(expectations); i++) {
        const expectation *e = &expectations[i];
        bool error = false;
        for (int k = 0; k < MAX_EXPECTED && e->findings[k]; k++) {
            char *code = g_strndup(e->findings[k], strcspn(e->findings[k], " "));
            error |= strcmp(severity_of(codes, code), "error") == 0;
            g_free(code);
        }
        if (e->status != (error ? POA_INCOMPLETE : POA_OK))
            fail_msg("%s: status %d in the table, but its findings say %s", e->file,
                     e->status, error ? "incomplete" : "complete");
    }
    g_hash_table_unref(codes);
}

int main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(test_every_file_has_a_row_and_every_row_a_file),
        cmocka_unit_test(test_every_documented_code_has_its_sample),
        cmocka_unit_test(test_each_row_status_follows_its_severities),
    };
    size_t n = G_N_ELEMENTS(fixed) + G_N_ELEMENTS(expectations);
    struct CMUnitTest *tests = g_new0(struct CMUnitTest, n);
    memcpy(tests, fixed, sizeof fixed);
    for (size_t i = 0; i < G_N_ELEMENTS(expectations); i++) {
        struct CMUnitTest *t = &tests[G_N_ELEMENTS(fixed) + i];
        t->name = expectations[i].file;
        t->test_func = test_sample_gives_exactly_its_findings;
        t->initial_state = (void *)&expectations[i];
    }
    int failed = _cmocka_run_group_tests("findings", tests, n, NULL, NULL);
    g_free(tests);
    return failed;
}
