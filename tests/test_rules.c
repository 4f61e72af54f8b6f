/* test_rules.c - src/rules.c and schemas/rules/default.rules: loading rule
 * files (errors with FILE:LINE[:COL], define, comments, file order, named
 * groups, split points), then every wording of issue 4 classified by the
 * default rules, one test each, and the lines they must not take.
 *
 * The example lines were written for these tests (an imaginary state
 * archive, water utility, museum...); none is quoted from a sample.
 */
#include "rules.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* ---- helpers -------------------------------------------------------------- */

/* Load rules from TEXT named "t.rules"; fails the test on error. */
static poa_rules *load_ok(const char *text)
{
    poa_error err = POA_ERROR_INIT;
    poa_rules *r = poa_rules_load_buffer(text, strlen(text), "t.rules", &err);
    if (!r)
        fail_msg("rules did not load: %s", err.message);
    return r;
}

/* Load TEXT, which must fail with POA_E_RULES and MESSAGE. */
static void load_fails(const char *text, const char *message)
{
    poa_error err = POA_ERROR_INIT;
    poa_rules *r = poa_rules_load_buffer(text, strlen(text), "t.rules", &err);
    assert_null(r);
    assert_int_equal(err.code, POA_E_RULES);
    assert_string_equal(err.message, message);
}

/* The match the last expect_kind or question of a test made (the tests
 * read its groups after asking). */
static rule_match last = RULE_MATCH_INIT;

/* Group NAME of the last match equals WANT (NULL: absent). */
static void expect_group(const char *name, const char *want)
{
    char *got = rule_match_group(&last, name);
    if (g_strcmp0(got, want) != 0)
        fail_msg("group %s: got [%s], want [%s]", name, got ? got : "(none)",
                 want ? want : "(none)");
    g_free(got);
}

/* Classify LINE with M; fail unless it is KIND. */
static void expect_kind(rule_matcher *m, const char *line, rule_kind kind)
{
    rule_kind got = rules_classify(m, line, &last);
    if (got != kind)
        fail_msg("\"%s\": got %s, want %s", line, rules_kind_name(got), rules_kind_name(kind));
}

/* ---- loading ------------------------------------------------------------- */

static void test_broken_pattern_reports_file_line_and_column(void **state)
{
    /* "item " is 5 columns, so the pattern starts at column 6; PCRE2 finds
     * the missing parenthesis at offset 13, the end of the pattern. */
    load_fails("# a comment\nitem ^(?<text>abc$\n", "t.rules:2:19: missing closing parenthesis");
}

static void test_broken_pattern_column_counts_from_pattern_start(void **state)
{
    /* "[" unclosed: PCRE2's offset is the end of the pattern (2). */
    load_fails("\n\nfortalezas   ^[\n", "t.rules:3:16: missing terminating ] for character class");
}

static void test_unknown_kind_named_with_line(void **state)
{
    load_fails("item ^a$\n\nfortaleza ^b$\n", "t.rules:3: unknown kind 'fortaleza'");
}

static void test_kind_without_pattern_is_an_error(void **state)
{
    load_fails("item\n", "t.rules:1: kind 'item' has no pattern");
}

static void test_define_without_pattern_is_an_error(void **state)
{
    load_fails("define num\n", "t.rules:1: define needs a name and a pattern");
}

static void test_empty_rule_file_is_an_error(void **state)
{
    load_fails("# only a comment\n\n", "t.rules: no rules");
}

static void test_non_utf8_rule_file_is_an_error(void **state)
{
    load_fails("item ^\xff$\n", "t.rules: rule file is not UTF-8 text");
}

static void test_unreadable_rule_file_names_the_path(void **state)
{
    poa_error err = POA_ERROR_INIT;
    assert_null(poa_rules_load("tests/no-such-dir/x.rules", &err));
    assert_int_equal(err.code, POA_E_RULES);
    assert_true(g_str_has_prefix(err.message, "tests/no-such-dir/x.rules: cannot read rule file"));
}

static void test_rule_file_loaded_from_disk_uses_its_path_in_messages(void **state)
{
    char *path = NULL;
    int fd = g_file_open_tmp("poa-rules-XXXXXX", &path, NULL);
    assert_true(fd >= 0);
    close(fd);
    assert_true(g_file_set_contents(path, "item ^ok$\nnope ^x$\n", -1, NULL));
    poa_error err = POA_ERROR_INIT;
    assert_null(poa_rules_load(path, &err));
    char *want = g_strdup_printf("%s:2: unknown kind 'nope'", path);
    assert_string_equal(err.message, want);
    g_free(want);
    assert_true(g_file_set_contents(path, "item ^ok$\n", -1, NULL));
    poa_rules *r = poa_rules_load(path, &err);
    assert_non_null(r);
    poa_rules_free(r);
    g_unlink(path);
    g_free(path);
}

static void test_define_expands_in_later_rules_and_definitions(void **state)
{
    poa_rules *r = load_ok("define num \\d{1,2}\n"
                           "define pair (?:{num}\\.{num})\n"
                           "linea ^LA\\s*(?<code>{pair})\\s+(?<text>.*)$\n"
                           "objetivo ^OB\\s*(?<code>{num})\\s+(?<text>.*)$\n");
    rule_matcher *m = rules_matcher_new(r);
    expect_kind(m, "LA 3.12 Reparar fugas", RK_LINEA);
    expect_group("code", "3.12");
    expect_group("text", "Reparar fugas");
    expect_kind(m, "OB 7 Medir consumos", RK_OBJETIVO);
    expect_group("code", "7");
    rules_matcher_free(m);
    poa_rules_free(r);
}

static void test_undefined_name_and_quantifier_left_as_written(void **state)
{
    /* {x} was never defined: it stays a literal; {2} is a quantifier. */
    poa_rules *r = load_ok("item ^{x}a{2}$\n");
    rule_matcher *m = rules_matcher_new(r);
    expect_kind(m, "{x}aa", RK_ITEM);
    expect_kind(m, "{x}a", RK_NONE);
    rules_matcher_free(m);
    poa_rules_free(r);
}

static void test_comments_and_blank_lines_ignored_hash_in_pattern_kept(void **state)
{
    poa_rules *r = load_ok("# heading comment\n"
                           "\n"
                           "   \t \n"
                           "    # indented comment\n"
                           "item ^#(?<code>\\d)$\n"
                           "\r\n");
    rule_matcher *m = rules_matcher_new(r);
    expect_kind(m, "#4", RK_ITEM);
    expect_group("code", "4");
    expect_kind(m, "4", RK_NONE);
    rules_matcher_free(m);
    poa_rules_free(r);
}

static void test_crlf_rule_file_loads(void **state)
{
    poa_rules *r = load_ok("# windows file\r\nmision ^misi[óo]n$\r\nvision ^visi[óo]n$\r\n");
    rule_matcher *m = rules_matcher_new(r);
    expect_kind(m, "Visión", RK_VISION);
    rules_matcher_free(m);
    poa_rules_free(r);
}

static void test_first_matching_rule_in_file_order_wins(void **state)
{
    const char *a = "meta.obligacion ^(?<text>[a-z]\\)\\s*los\\s+programas.*)$\n"
                    "item ^(?<code>[a-z])\\)\\s*(?<text>.*)$\n";
    const char *b = "item ^(?<code>[a-z])\\)\\s*(?<text>.*)$\n"
                    "meta.obligacion ^(?<text>[a-z]\\)\\s*los\\s+programas.*)$\n";
    const char *line = "b) Los programas de trabajo";
    poa_rules *ra = load_ok(a), *rb = load_ok(b);
    rule_matcher *ma = rules_matcher_new(ra), *mb = rules_matcher_new(rb);
    expect_kind(ma, line, RK_OBLIGACION);
    expect_kind(mb, line, RK_ITEM);
    expect_group("code", "b");
    rules_matcher_free(ma);
    rules_matcher_free(mb);
    poa_rules_free(ra);
    poa_rules_free(rb);
}

static void test_matching_is_caseless_and_unicode_aware(void **state)
{
    poa_rules *r = load_ok("lineas ^l[íi]neas\\s+de\\s+acci[óo]n$\n"
                           "item ^(?<text>\\p{Lu}\\w+)$\n");
    rule_matcher *m = rules_matcher_new(r);
    expect_kind(m, "LÍNEAS DE ACCIÓN", RK_LINEAS);
    expect_kind(m, "Lineas de accion", RK_LINEAS);
    expect_kind(m, "Ñandú", RK_ITEM); /* \w with PCRE2_UCP takes ñ and ú */
    expect_group("text", "Ñandú");
    rules_matcher_free(m);
    poa_rules_free(r);
}

static void test_named_groups_absent_or_unset_read_as_null(void **state)
{
    poa_rules *r = load_ok("item ^(?<code>\\d+)(?:\\.\\s*(?<text>.+))?$\n");
    rule_matcher *m = rules_matcher_new(r);
    expect_kind(m, "12. Reforestar", RK_ITEM);
    expect_group("code", "12");
    expect_group("text", "Reforestar");
    expect_group("date", NULL); /* no such group in the rule */
    expect_kind(m, "12", RK_ITEM);
    expect_group("text", NULL); /* did not participate */
    expect_kind(m, "nada", RK_NONE);
    expect_group("code", NULL); /* no match: no groups */
    rules_matcher_free(m);
    poa_rules_free(r);
}

static void test_match_kind_tries_only_rules_of_that_kind(void **state)
{
    poa_rules *r = load_ok("item ^(?<code>\\d+)\\.\\s*(?<text>.*)$\n"
                           "objetivo ^(?<code>\\d+)\\.\\s*(?<text>.*)$\n");
    rule_matcher *m = rules_matcher_new(r);
    expect_kind(m, "3. Sanear", RK_ITEM);
    assert_true(rules_match_kind(m, RK_OBJETIVO, "3. Sanear", &last));
    expect_group("code", "3");
    assert_false(rules_match_kind(m, RK_LINEA, "3. Sanear", &last));
    rules_matcher_free(m);
    poa_rules_free(r);
}

/* Rules that cannot join the combined pattern (a back reference, the x
 * option with a comment) are matched alone and keep their place in the
 * file order among the others, as do rules without ^. */
static void test_rules_matched_alone_keep_file_order(void **state)
{
    poa_rules *r = load_ok("item ^(?<code>\\d+)\\)\\s.*$\n"
                           "objetivo ^(\\w)\\1\\b.*$\n"
                           "meta.nota \\bnota\\b\n"
                           "linea ^(?<code>\\w+).*$\n");
    rule_matcher *m = rules_matcher_new(r);
    expect_kind(m, "oo sanear", RK_OBJETIVO);
    expect_kind(m, "una nota aqui", RK_NOTA);
    expect_kind(m, "ox sanear", RK_LINEA);
    expect_group("code", "ox");
    expect_kind(m, "4) nota", RK_ITEM);
    assert_true(rules_match_kind(m, RK_LINEA, "oo sanear", &last));
    assert_false(rules_match_kind(m, RK_NOTA, "oo sanear", &last));
    assert_true(rules_match_kind(m, RK_NOTA, "nota", &last));
    expect_kind(m, "oo sanear", RK_OBJETIVO); /* the same text again */
    rules_matcher_free(m);
    poa_rules_free(r);
    r = load_ok("linea ^(?<code>\\d+\\.\\d+)\\s.*$\n"
                "eje (?x) ^ eje \\s+ (?<code>\\d+) \\s* $  # a comment\n"
                "item ^\\w.*$\n");
    m = rules_matcher_new(r);
    expect_kind(m, "eje 4", RK_EJE);
    expect_group("code", "4");
    expect_kind(m, "ejes", RK_ITEM);
    rules_matcher_free(m);
    poa_rules_free(r);
}

/* Group names repeat from rule to rule: the groups read are those of the
 * rule that classified the line. */
static void test_groups_come_from_the_winning_rule(void **state)
{
    poa_rules *r = load_ok("item ^(?<code>\\d+)\\)\\s*(?<text>.*)$\n"
                           "objetivo ^OE\\s*(?<code>\\d+)\\s*(?<text>.*)$\n"
                           "linea ^(?<text>(?<code>\\d+\\.\\d+).*)$\n");
    rule_matcher *m = rules_matcher_new(r);
    expect_kind(m, "OE3 Sanear el agua", RK_OBJETIVO);
    expect_group("code", "3");
    expect_group("text", "Sanear el agua");
    expect_kind(m, "2.4 Medir", RK_LINEA);
    expect_group("code", "2.4");
    expect_group("text", "2.4 Medir");
    expect_kind(m, "7) Reforestar", RK_ITEM);
    expect_group("code", "7");
    rules_matcher_free(m);
    poa_rules_free(r);
}

static void test_split_rules_never_classify_and_give_sorted_points(void **state)
{
    poa_rules *r = load_ok("split (?<=\\S)\\s+(?=#)\n"
                           "split (?<=\\S)\\s+(?=@)\n");
    rule_matcher *m = rules_matcher_new(r);
    const char *line = "#uno @dos #tres";
    expect_kind(m, line, RK_NONE);
    size_t pts[8];
    assert_int_equal(rules_split_points(m, line, pts, 8), 2);
    assert_int_equal(pts[0], 4);  /* " @dos": the cut lands on the blank */
    assert_int_equal(pts[1], 9);
    assert_int_equal(rules_split_points(m, line, pts, 1), 1); /* at most MAX */
    rules_matcher_free(m);
    poa_rules_free(r);
}

static void test_every_kind_name_loads_as_its_kind(void **state)
{
    for (int k = RK_NONE + 1; k < RK_COUNT; k++) {
        if (k == RK_SPLIT)
            continue;
        char *text = g_strdup_printf("%s ^zz$\n", rules_kind_name((rule_kind)k));
        poa_rules *r = load_ok(text);
        rule_matcher *m = rules_matcher_new(r);
        /* facts in prose, titles and the outline's marks and level names
         * are asked for, never a line's kind */
        bool asked = k == RK_PROSE || k == RK_TITLE || k >= RK_MARK;
        expect_kind(m, "zz", asked ? RK_NONE : (rule_kind)k);
        assert_true(rules_match_kind(m, (rule_kind)k, "zz", &last));
        rules_matcher_free(m);
        poa_rules_free(r);
        g_free(text);
    }
}

/* A rule that backtracks without end on a line ("^(a+)+$" on "aaa...ab")
 * stops at its match limit, and the line is given up by every rule after
 * it, counted once. */
static void test_catastrophic_rule_is_bounded(void **state)
{
    poa_rules *r = load_ok("item ^(a+)+$\nmision ^misi[óo]n$\n");
    rule_matcher *m = rules_matcher_new(r);
    char line[64];
    memset(line, 'a', 40);
    strcpy(line + 40, "b");
    assert_int_equal(rules_classify(m, line, &last), RK_NONE);
    assert_int_equal(rules_classify(m, line, &last), RK_NONE);
    assert_int_equal(rules_limited_count(m), 1);
    assert_int_equal(rules_classify(m, "Misión", &last), RK_MISION);
    rules_matcher_free(m);
    poa_rules_free(r);
}

/* Definitions that double one another are refused at load, with the line,
 * before anything large is built. */
static void test_define_bomb_is_refused(void **state)
{
    GString *text = g_string_new("define d0 a\n");
    for (int i = 1; i <= 30; i++)
        g_string_append_printf(text, "define d%d {d%d}{d%d}\n", i, i - 1, i - 1);
    g_string_append(text, "item ^{d30}$\n");
    poa_error err = POA_ERROR_INIT;
    poa_rules *r = poa_rules_load_buffer(text->str, text->len, "t.rules", &err);
    assert_null(r);
    assert_int_equal(err.code, POA_E_RULES);
    assert_non_null(strstr(err.message, "t.rules:"));
    assert_non_null(strstr(err.message, "grows past"));
    g_string_free(text, TRUE);
}

/* The groups of a match stay readable after the matched string is gone
 * (the parser frees a line's segments before a row's heading is read). */
static void test_groups_outlive_their_subject(void **state)
{
    poa_rules *r = load_ok("fortalezas ^fortalezas(?:\\s*:\\s*(?<text>.+))?$\n");
    rule_matcher *m = rules_matcher_new(r);
    char *line = g_strdup("Fortalezas: personal capacitado");
    assert_int_equal(rules_classify(m, line, &last), RK_FORTALEZAS);
    memset(line, 'x', strlen(line));
    g_free(line);
    expect_group("text", "personal capacitado");
    rules_matcher_free(m);
    poa_rules_free(r);
}

/* Every rule of a kind that matches, in file order, one at a time. */
static void test_nth_match_of_a_kind(void **state)
{
    poa_rules *r = load_ok("meta.prosa (?<q>tercer)\\s+trimestre\n"
                           "meta.prosa del\\s+(?<d1>\\d+)\\s+al\\s+(?<d2>\\d+)\n"
                           "meta.prosa (?<year>2099)\n");
    rule_matcher *m = rules_matcher_new(r);
    const char *text = "Informe del tercer trimestre, del 1 al 30.";
    assert_true(rules_match_kind_nth(m, RK_PROSE, text, 0, &last));
    expect_group("q", "tercer");
    assert_true(rules_match_kind_nth(m, RK_PROSE, text, 1, &last));
    expect_group("d2", "30");
    assert_false(rules_match_kind_nth(m, RK_PROSE, text, 2, &last));
    assert_true(rules_match_kind_nth(m, RK_PROSE, text, 0, &last));
    assert_true(rule_match_has(&last, "q"));
    assert_false(rule_match_has(&last, "d1")); /* another rule's group */
    assert_int_equal(rules_classify(m, text, &last), RK_NONE);
    rules_matcher_free(m);
    poa_rules_free(r);
}

/* A match is a value: its groups outlive the text and the matcher, and a
 * later match leaves it as it was. */
static void test_match_is_a_value(void **state)
{
    (void)state;
    poa_rules *r = load_ok("objetivo ^Objetivo\\s+(?<code>\\d+)\\.\\s*(?<text>.*)$\n"
                           "linea ^(?<code>\\d+\\.\\d+)\\s+(?<text>.*)$\n");
    rule_matcher *m = rules_matcher_new(r);
    char *text = g_strdup("Objetivo 3. Sanear el agua");
    rule_match first = RULE_MATCH_INIT, second = RULE_MATCH_INIT;
    assert_int_equal(rules_classify(m, text, &first), RK_OBJETIVO);
    g_free(text);
    assert_int_equal(rules_classify(m, "3.1 Medir", &second), RK_LINEA);
    rules_matcher_free(m);
    char *code = rule_match_group(&first, "code"), *rest = rule_match_group(&first, "text");
    assert_string_equal(code, "3");
    assert_string_equal(rest, "Sanear el agua");
    g_free(code), g_free(rest);
    assert_false(rule_match_has(&first, "date")); /* no such group */
    /* a match no rule made: the groups given, a NULL value taking no part */
    const char *const groups[] = { "code", "7", "bullet", NULL, "text", "Reforestar", NULL };
    rule_match_make(&second, RK_ITEM, groups);
    assert_int_equal(second.kind, RK_ITEM);
    code = rule_match_group(&second, "code");
    assert_string_equal(code, "7");
    g_free(code);
    assert_false(rule_match_has(&second, "bullet"));
    assert_true(rule_match_has(&second, "text"));
    rule_match_clear(&first);
    rule_match_clear(&second);
    rule_match_clear(NULL);
    assert_int_equal(first.kind, RK_NONE);
    assert_null(rule_match_group(&first, "code"));
    poa_rules_free(r);
}

/* The group NAME of the first default meta.titulo rule that sets it on
 * TEXT (g_free), or NULL. */
static char *title_group(rule_matcher *m, const char *text, const char *name)
{
    rule_match match = RULE_MATCH_INIT;
    char *got = NULL;
    for (size_t nth = 0; !got && rules_match_kind_nth(m, RK_TITLE, text, nth, &match); nth++)
        got = rule_match_group(&match, name);
    rule_match_clear(&match);
    return got;
}

/* What titles and running headers state without a label (issue 16). */
static void test_default_title_facts(void **state)
{
    poa_error err = POA_ERROR_INIT;
    rule_matcher *m = rules_matcher_new(rules_default_shared(false, &err));
    static const struct { const char *text, *group, *want; } cases[] = {
        { "Programa de Trabajo 2025", "year", "2025" },
        { "POA 2024 — 4o. trimestre", "q", "4o" },
        { "Informe del primer trimestre 2024", "q", "primer" },
        { "Informe del primer trimestre 2024", "year", "2024" },
        { "Segundo Informe Trimestral 2019", "q", "Segundo" },
        { "1er. Trimestre", "q", "1er" },
        { "III Trimestre", "q", "III" },
        { "Avance T3-2024", "qd", "3" },
        { "Avance T3-2024", "year", "2024" },
        { "enero–marzo de 2025", "m1", "enero" },
        { "Informe de julio a septiembre 2021", "m1", "julio" },
        { "Periodo del 01/01/2025 al 31/03/2025", "d2", "31/03/2025" },
        { "Plan Municipal de Desarrollo 2018–2021", "y1", "2018" },
        { "Plan Municipal de Desarrollo 2018 - 2021", "y2", "2021" },
        { "Vigencia: 2020-2026", "y2", "2026" },
        /* a span is no year, and a year no span */
        { "Plan Municipal de Desarrollo 2018 - 2021", "year", NULL },
        { "Programa Operativo Anual 2020", "y1", NULL },
        { "Proceso electoral local 2020-2021", "y1", NULL },
        { "Ser en 2030 la institución de referencia", "year", NULL },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *got = title_group(m, cases[i].text, cases[i].group);
        if (g_strcmp0(got, cases[i].want) != 0)
            fail_msg("\"%s\": %s [%s], want [%s]", cases[i].text, cases[i].group,
                     got ? got : "(none)", cases[i].want ? cases[i].want : "(none)");
        g_free(got);
    }
    /* a title line is never a line's kind of its own */
    assert_int_equal(rules_classify(m, "Avance T3-2024", &last), RK_NONE);
    rules_matcher_free(m);
}

/* Two facts on one line are cut before the second label; a label word in
 * lower case inside a sentence is no label. */
static void test_default_split_before_a_second_label(void **state)
{
    poa_error err = POA_ERROR_INIT;
    rule_matcher *m = rules_matcher_new(rules_default_shared(false, &err));
    static const struct { const char *text; size_t cuts; const char *second; } cases[] = {
        { "PRIMER TRIMESTRE 2023 · Fecha de validación: 31/03/2023", 1, "Fecha de validación" },
        { "Ejercicio: 2021 | Trimestre: 2 | Fecha de actualización: 15/07/2021", 2, "Trimestre: 2" },
        { "Periodo que se informa: julio a septiembre de 2021 — Unidad responsable: Secretaría",
          1, "Unidad responsable" },
        { "Ejercicio: 2021 Trimestre: 2", 1, "Trimestre: 2" },
        { "Nota: se informa el periodo: enero a marzo", 0, NULL },
        { "Fundamento legal: Artículo 70, fracción XV", 0, NULL },
        { "FECHA DE VALIDACIÓN: 11/10/2013", 0, NULL },
        { "UNIDAD RESPONSABLE: DIRECCIÓN DE INSPECCIÓN", 0, NULL },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        size_t cuts[8];
        size_t n = rules_split_points(m, cases[i].text, cuts, G_N_ELEMENTS(cuts));
        if (n != cases[i].cuts)
            fail_msg("\"%s\": %zu cuts, want %zu", cases[i].text, n, cases[i].cuts);
        if (n && !g_str_has_prefix(cases[i].text + cuts[0], cases[i].second))
            fail_msg("\"%s\": cut before [%s]", cases[i].text, cases[i].text + cuts[0]);
    }
    rules_matcher_free(m);
}

static void test_default_rules_shared_compile_once(void **state)
{
    poa_error err = POA_ERROR_INIT;
    for (int with_jit = 0; with_jit < 2; with_jit++) {
        const poa_rules *a = rules_default_shared(with_jit, &err);
        const poa_rules *b = rules_default_shared(with_jit, &err);
        assert_non_null(a);
        assert_ptr_equal(a, b);
    }
    assert_ptr_not_equal(rules_default_shared(false, &err), rules_default_shared(true, &err));
}

/* A group of MATCH as a string ("" when unset); caller frees. */
static char *group_or_empty(const rule_match *m, const char *name)
{
    char *g = rule_match_group(m, name);
    return g ? g : g_strdup("");
}

/* The default rules compiled to machine code and interpreted (short
 * documents) classify every line of two samples alike, groups too. */
static void test_default_rules_interpreted_classify_alike(void **state)
{
    static const char *const files[] = { "samples/iecm_programa_trabajo_2024_t3.txt",
                                         "samples/wording_extracted.txt" };
    poa_error err = POA_ERROR_INIT;
    rule_matcher *interpreted = rules_matcher_new(rules_default_shared(false, &err));
    rule_matcher *compiled = rules_matcher_new(rules_default_shared(true, &err));
    size_t lines = 0;
    for (size_t f = 0; f < G_N_ELEMENTS(files); f++) {
        size_t len;
        char *text = test_read_file(files[f], &len);
        char **v = g_strsplit(text, "\n", -1);
        for (char **l = v; *l; l++, lines++) {
            char *line = g_strstrip(*l);
            rule_match mi = RULE_MATCH_INIT, mc = RULE_MATCH_INIT;
            assert_int_equal(rules_classify(interpreted, line, &mi),
                             rules_classify(compiled, line, &mc));
            static const char *const groups[] = { "code", "text", "bullet" };
            for (size_t g = 0; g < G_N_ELEMENTS(groups); g++) {
                char *a = group_or_empty(&mi, groups[g]);
                char *b = group_or_empty(&mc, groups[g]);
                assert_string_equal(a, b);
                g_free(a);
                g_free(b);
            }
            rule_match_clear(&mi);
            rule_match_clear(&mc);
        }
        g_strfreev(v);
        g_free(text);
    }
    assert_true(lines > 100);
    rules_matcher_free(interpreted);
    rules_matcher_free(compiled);
}

/* ---- the default rules: split points ---------------------------------- */

static poa_rules *defaults;
static rule_matcher *dm;

static int defaults_setup(void **state)
{
    poa_error err = POA_ERROR_INIT;
    defaults = poa_rules_default(&err);
    if (!defaults)
        return -1;
    dm = rules_matcher_new(defaults);
    return 0;
}

static int defaults_teardown(void **state)
{
    rules_matcher_free(dm);
    poa_rules_free(defaults);
    return 0;
}

static void test_two_bullets_on_one_line_give_one_split_point(void **state)
{
    const char *line = "• Personal con oficio en restauración. • Acervo catalogado.";
    size_t pts[4];
    assert_int_equal(rules_split_points(dm, line, pts, 4), 1);
    assert_true(g_str_has_prefix(line + pts[0], " • Acervo"));
}

static void test_dash_bullet_after_sentence_splits(void **state)
{
    const char *line = "- Talleres abiertos al público. - Vitrinas nuevas en la sala dos.";
    size_t pts[4];
    assert_int_equal(rules_split_points(dm, line, pts, 4), 1);
    assert_true(g_str_has_prefix(line + pts[0], " - Vitrinas"));
}

static void test_code_after_sentence_splits(void **state)
{
    const char *line = "3.2 Actualizar el registro de ligas. 3.3 Publicar los avances.";
    size_t pts[4];
    assert_int_equal(rules_split_points(dm, line, pts, 4), 1);
    assert_true(g_str_has_prefix(line + pts[0], " 3.3 Publicar"));
    /* a figure in a sentence, or a code not opening a capitalised one */
    assert_int_equal(rules_split_points(dm, "Se atendieron a 2.5 millones de personas.", pts, 4), 0);
    assert_int_equal(rules_split_points(dm, "Meta cumplida. 2.5 millones de personas.", pts, 4), 0);
}

static void test_hyphen_inside_a_sentence_does_not_split(void **state)
{
    size_t pts[4];
    assert_int_equal(rules_split_points(dm, "Rutas norte - sur del acueducto - tramo dos", pts, 4),
                     0);
    assert_int_equal(rules_split_points(dm, "Costo-beneficio de las obras. - revisión anual",
                                        pts, 4), 0);
}

static void test_bullet_at_line_start_is_not_a_split_point(void **state)
{
    size_t pts[4];
    assert_int_equal(rules_split_points(dm, "• Solo un elemento con ñandú", pts, 4), 0);
}

/* ---- the default rules: every wording of issue 4 ------------------------ */

/* One line, the kind it must get, and up to four groups it must carry
 * (name, value; a NULL value: the group must be absent). */
typedef struct variant {
    const char *line;
    rule_kind kind;
    const char *groups[8];
} variant;

static void test_variant(void **state)
{
    const variant *v = *state;
    expect_kind(dm, v->line, v->kind);
    for (size_t i = 0; i < G_N_ELEMENTS(v->groups) && v->groups[i]; i += 2)
        expect_group(v->groups[i], v->groups[i + 1]);
}

#define V(name, line, kind, ...) \
    { "test_" name, test_variant, NULL, NULL, &(variant){ line, kind, { __VA_ARGS__ } } }

static const struct CMUnitTest variants[] = {
    /* FODA headings */
    V("foda_heading_capitals_qualified", "FORTALEZAS INSTITUCIONALES", RK_FORTALEZAS,
      "text", NULL),
    V("foda_heading_title_case", "Fortalezas", RK_FORTALEZAS, "text", NULL),
    V("foda_heading_capitals_colon", "FORTALEZAS:", RK_FORTALEZAS, "text", NULL),
    V("foda_heading_debilidades_internas", "Debilidades internas", RK_DEBILIDADES),
    V("foda_heading_oportunidades_externas", "OPORTUNIDADES EXTERNAS:", RK_OPORTUNIDADES),
    V("foda_heading_numbered_subsection_is_not_a_code", "4.4 Amenazas", RK_AMENAZAS),
    V("foda_heading_numbered_subsection_dotted", "4.1. FORTALEZAS", RK_FORTALEZAS),
    V("foda_heading_numbered_roman", "IV. Oportunidades", RK_OPORTUNIDADES),
    V("foda_heading_with_first_item_after_colon", "Debilidades: plantilla reducida.",
      RK_DEBILIDADES, "text", "plantilla reducida."),
    V("foda_heading_after_its_diagnosis", "Diagnóstico (FODA): Fortalezas", RK_FORTALEZAS,
      "text", NULL),
    V("foda_heading_after_foda_dash", "FODA - Debilidades", RK_DEBILIDADES),
    V("foda_heading_after_analysis_dot", "Análisis FODA. Amenazas", RK_AMENAZAS),
    V("foda_analysis_heading_listing_quadrants",
      "Análisis FODA (Fortalezas, Oportunidades, Debilidades y Amenazas)", RK_FODA),
    V("foda_analysis_heading", "Análisis FODA", RK_FODA),
    V("foda_analysis_heading_without_accent", "ANALISIS FODA", RK_FODA),
    V("foda_analysis_heading_dofa_matrix", "Matriz DOFA del organismo", RK_FODA),
    V("foda_bare_heading", "FODA", RK_FODA),
    /* FODA items: bullets, numbers, letters, quadrant codes */
    V("item_bullet_triangle", "‣ Acervo fotográfico digitalizado.", RK_ITEM, "code", NULL,
      "text", "Acervo fotográfico digitalizado.", "bullet", "‣"),
    V("item_bullet_dot", "• Acervo fotográfico digitalizado.", RK_ITEM, "code", NULL,
      "text", "Acervo fotográfico digitalizado."),
    V("item_bullet_black_circle", "● Acervo fotográfico digitalizado.", RK_ITEM, "code", NULL,
      "text", "Acervo fotográfico digitalizado."),
    V("item_bullet_small_square", "▪ Acervo fotográfico digitalizado.", RK_ITEM, "code", NULL,
      "text", "Acervo fotográfico digitalizado."),
    V("item_bullet_white_bullet", "◦ Acervo fotográfico digitalizado.", RK_ITEM, "code", NULL,
      "text", "Acervo fotográfico digitalizado."),
    V("item_bullet_hyphen", "- Acervo fotográfico digitalizado.", RK_ITEM, "code", NULL,
      "text", "Acervo fotográfico digitalizado."),
    V("item_bullet_en_dash", "– Acervo fotográfico digitalizado.", RK_ITEM, "code", NULL,
      "text", "Acervo fotográfico digitalizado."),
    V("item_bullet_asterisk", "* Acervo fotográfico digitalizado.", RK_ITEM, "code", NULL,
      "text", "Acervo fotográfico digitalizado."),
    V("item_bullet_without_space", "•Acervo fotográfico digitalizado.", RK_ITEM,
      "text", "Acervo fotográfico digitalizado."),
    V("item_quadrant_code_alone_in_its_cell", "F1", RK_ITEM, "code", "F1", "f", "F"),
    V("item_quadrant_code_alone_with_dot", "A-3.", RK_ITEM, "code", "A-3", "a", "A"),
    V("item_numbered_dot", "1. Acervo fotográfico digitalizado.", RK_ITEM, "code", "1",
      "text", "Acervo fotográfico digitalizado."),
    V("item_numbered_parenthesis", "2) Acervo fotográfico digitalizado.", RK_ITEM,
      "code", "2", "text", "Acervo fotográfico digitalizado."),
    V("item_lettered", "a) Acervo fotográfico digitalizado.", RK_ITEM, "code", "a",
      "text", "Acervo fotográfico digitalizado."),
    V("item_coded_fortaleza", "F1. Acervo fotográfico digitalizado.", RK_ITEM, "code", "F1",
      "text", "Acervo fotográfico digitalizado.", "f", "F", "d", NULL),
    V("item_coded_debilidad", "D2. Bodega sin control de humedad.", RK_ITEM, "code", "D2",
      "text", "Bodega sin control de humedad.", "d", "D", "f", NULL),
    V("item_coded_oportunidad", "O3. Convenios con escuelas de conservación.", RK_ITEM,
      "code", "O3", "text", "Convenios con escuelas de conservación.", "o", "O", "a", NULL),
    V("item_coded_amenaza", "A4. Recorte del subsidio estatal.", RK_ITEM, "code", "A4",
      "text", "Recorte del subsidio estatal.", "a", "A", "o", NULL),
    V("item_coded_lowercase_with_space", "d 12 - Bodega sin control de humedad.", RK_ITEM,
      "code", "d 12", "d", "d", "text", "Bodega sin control de humedad."),
    /* objectives */
    V("objective_oe_dot", "OE1. Preservar el acervo histórico.", RK_OBJETIVO, "code", "1",
      "text", "Preservar el acervo histórico."),
    V("objective_oe_space_dash", "OE 1 - Preservar el acervo histórico.", RK_OBJETIVO,
      "code", "1", "text", "Preservar el acervo histórico."),
    V("objective_oe_colon", "OE1: Preservar el acervo histórico.", RK_OBJETIVO, "code", "1",
      "text", "Preservar el acervo histórico."),
    V("objective_estrategico_capitalised_colon",
      "Objetivo Estratégico 1: Preservar el acervo histórico.", RK_OBJETIVO, "code", "1",
      "text", "Preservar el acervo histórico."),
    V("objective_estrategico_lowercase_dot",
      "Objetivo estratégico 1. Preservar el acervo histórico.", RK_OBJETIVO, "code", "1",
      "text", "Preservar el acervo histórico."),
    V("objective_estrategico_without_accent",
      "OBJETIVO ESTRATEGICO 3.- Preservar el acervo histórico.", RK_OBJETIVO, "code", "3",
      "text", "Preservar el acervo histórico."),
    V("objective_plain_dot", "Objetivo 1. Preservar el acervo histórico.", RK_OBJETIVO,
      "code", "1", "text", "Preservar el acervo histórico."),
    V("objective_lost_space_after_code", "OE5.Visibilizar el trabajo de las brigadas.",
      RK_OBJETIVO, "code", "5", "text", "Visibilizar el trabajo de las brigadas."),
    V("objective_two_digit_code", "OE12. Abrir la sala de consulta.", RK_OBJETIVO,
      "code", "12", "text", "Abrir la sala de consulta."),
    /* action lines */
    V("line_linea_de_accion_dot", "Línea de acción 1.1. Restaurar mapas antiguos.", RK_LINEA,
      "code", "1.1", "text", "Restaurar mapas antiguos."),
    V("line_linea_de_accion_capital_colon", "Línea de Acción 1.1: Restaurar mapas antiguos.",
      RK_LINEA, "code", "1.1", "text", "Restaurar mapas antiguos."),
    V("line_la_dash", "LA 1.1 - Restaurar mapas antiguos.", RK_LINEA, "code", "1.1",
      "text", "Restaurar mapas antiguos."),
    V("line_l_a_dotted", "L.A. 1.1 Restaurar mapas antiguos.", RK_LINEA, "code", "1.1",
      "text", "Restaurar mapas antiguos."),
    V("line_bare_code", "1.1 Restaurar mapas antiguos.", RK_CODE, "code", "1.1",
      "text", "Restaurar mapas antiguos."),
    V("line_bare_code_dash", "2.3.- Restaurar mapas antiguos.", RK_CODE, "code", "2.3",
      "text", "Restaurar mapas antiguos."),
    V("line_without_accents", "Linea de accion 1.1 Restaurar mapas antiguos.", RK_LINEA,
      "code", "1.1", "text", "Restaurar mapas antiguos."),
    V("line_capitals_without_accents", "LINEA DE ACCION 4.2: Restaurar mapas antiguos.",
      RK_LINEA, "code", "4.2", "text", "Restaurar mapas antiguos."),
    V("line_lost_space_after_code", "Línea de acción 2.1.Garantizar la consulta en línea.",
      RK_LINEA, "code", "2.1", "text", "Garantizar la consulta en línea."),
    V("line_bare_code_lost_space", "2.1.Garantizar la consulta en línea.", RK_CODE,
      "code", "2.1", "text", "Garantizar la consulta en línea."),
    V("line_accion_puntual", "Acción puntual 1.2.3 Publicar el catálogo.", RK_LINEA,
      "code", "1.2.3", "text", "Publicar el catálogo."),
    /* three levels */
    V("three_level_bare_code", "1.1.1 Capacitar a los custodios.", RK_CODE, "code", "1.1.1",
      "text", "Capacitar a los custodios."),
    V("three_level_linea", "Línea de acción 1.1.1 Capacitar a los custodios.", RK_LINEA,
      "code", "1.1.1", "text", "Capacitar a los custodios."),
    V("strategy_labelled", "Estrategia 1.1 Profesionalizar al personal.", RK_ESTRATEGIA,
      "code", "1.1", "text", "Profesionalizar al personal."),
    V("strategy_prioritaria", "Estrategia prioritaria 2.3.- Profesionalizar al personal.",
      RK_ESTRATEGIA, "code", "2.3", "text", "Profesionalizar al personal."),
    V("eje_labelled", "Eje 2. Cultura para todos", RK_EJE, "code", "2",
      "text", "Cultura para todos"),
    V("eje_roman_dash", "II.- CULTURA PARA TODOS", RK_EJE, "code", "II",
      "text", "CULTURA PARA TODOS"),
    /* section headings of the plan */
    V("objectives_heading", "Objetivos estratégicos", RK_OBJETIVOS),
    V("objectives_heading_capitals_numbered", "3. OBJETIVOS ESTRATÉGICOS", RK_OBJETIVOS),
    V("objectives_heading_numbered_subsection_is_not_a_code", "2.1 Objetivos estratégicos",
      RK_OBJETIVOS),
    V("lines_heading_numbered_subsection_is_not_a_code", "3.2 Líneas de acción", RK_LINEAS),
    V("mission_heading_numbered_subsection_is_not_a_code", "1.1 Misión", RK_MISION),
    V("objective_oe_dash_zero_padded", "OE-01 Ampliar la cobertura.", RK_OBJETIVO, "code", "01",
      "text", "Ampliar la cobertura."),
    V("item_roman_numbered", "IV. Mejorar la gestión de la Comisión.", RK_ITEM, "code", "IV",
      "text", "Mejorar la gestión de la Comisión."),
    V("item_roman_numbered_with_dash", "II.- Ampliar el empleo juvenil.", RK_EJE, "code", "II"),
    V("roman_word_is_not_an_item", "Ir a los municipios.", RK_NONE),
    V("nothing_to_report_is_skipped", "No aplica.", RK_SKIP),
    V("contents_entry_is_skipped", "3.1 Análisis FODA .................... 2", RK_SKIP),
    V("numbered_values_section_is_not_a_line", "4.3 Valores", RK_END),
    V("objectives_heading_with_its_year", "Objetivos y líneas de acción 2014", RK_OBJETIVOS),
    V("objectives_and_actions_heading", "5. Objetivos estratégicos y acciones", RK_OBJETIVOS),
    V("objectives_and_goals_heading", "Objetivos y metas", RK_OBJETIVOS),
    V("lettered_item_with_a_dot", "a. Personal técnico con experiencia.", RK_ITEM, "code", "a",
      "text", "Personal técnico con experiencia."),
    V("an_initial_is_no_lettered_item", "J. Pérez García, director del área.", RK_NONE),
    V("word_bullet_in_the_private_use_area", "\xEF\x82\xB7 Personal capacitado.", RK_ITEM,
      "bullet", "\xEF\x82\xB7", "text", "Personal capacitado."),
    V("nothing_to_report_ninguna", "Ninguna", RK_SKIP),
    V("period_informado", "Periodo informado: 01/04/2020 al 30/06/2020", RK_PERIODO,
      "d1", "01/04/2020", "d2", "30/06/2020"),
    V("capital_letter_and_parenthesis_is_a_lettered_item", "I) Instalar módulos.", RK_ITEM,
      "code", "I", "roman", NULL),
    V("code_under_a_roman_number", "IV.2 Implementar un padrón único.", RK_CODE, "code", "IV.2",
      "text", "Implementar un padrón único."),
    V("code_whose_text_starts_with_a_heading_word_stays_a_code",
      "1.3 Evaluación de los talleres de conservación.", RK_CODE, "code", "1.3",
      "text", "Evaluación de los talleres de conservación."),
    V("code_whose_sentence_starts_with_metas_stays_a_code",
      "2.4 Metas trimestrales publicadas en el portal.", RK_CODE, "code", "2.4"),
    V("lines_heading", "Líneas de acción", RK_LINEAS),
    V("strategies_heading", "ESTRATEGIAS", RK_ESTRATEGIAS),
    V("end_heading_indicators", "Indicadores y metas", RK_END),
    /* mission and vision, labelled */
    V("mission_heading", "Misión", RK_MISION, "text", NULL),
    V("mission_heading_capitals_colon", "MISIÓN:", RK_MISION, "text", ""),
    V("mission_heading_nuestra", "Nuestra misión", RK_MISION, "text", NULL),
    V("mission_heading_without_accent", "MISION", RK_MISION),
    V("mission_heading_with_text", "MISIÓN. Ser el resguardo de la memoria escrita del estado.",
      RK_MISION, "text", "Ser el resguardo de la memoria escrita del estado."),
    V("mission_heading_qualified", "MISIÓN DEL ARCHIVO GENERAL", RK_MISION),
    V("vision_heading", "Visión", RK_VISION, "text", NULL),
    V("vision_heading_colon_with_text", "VISIÓN: Seremos el archivo de referencia del país.",
      RK_VISION, "text", "Seremos el archivo de referencia del país."),
    /* mission and vision, unlabelled: recognised by wording */
    V("mission_wording_infinitive", "Resguardar y difundir el patrimonio escrito del estado.",
      RK_MISION_TEXT),
    V("mission_wording_somos", "Somos el organismo que cuida el agua de la ciudad.",
      RK_MISION_TEXT),
    V("mission_wording_infinitive_list", "Captar, potabilizar y distribuir el agua.",
      RK_MISION_TEXT),
    V("vision_wording_seremos", "Seremos un museo abierto a todas las comunidades.",
      RK_VISION_TEXT),
    V("vision_wording_year", "En 2030 el museo será un referente regional.", RK_VISION_TEXT),
    V("vision_wording_ser_reconocido", "Ser reconocidos como el mejor servicio de agua del país.",
      RK_VISION_TEXT),
    /* metadata: quarter */
    V("quarter_capitals", "TERCER TRIMESTRE", RK_TRIMESTRE, "q", "TERCER", "year", NULL),
    V("quarter_title_case", "Tercer trimestre", RK_TRIMESTRE, "q", "Tercer"),
    V("quarter_abbreviated", "3er. trimestre", RK_TRIMESTRE, "q", "3er."),
    V("quarter_with_year", "Segundo trimestre de 2023", RK_TRIMESTRE, "q", "Segundo",
      "year", "2023"),
    V("quarter_roman", "III Trimestre 2024", RK_TRIMESTRE, "q", "III", "year", "2024"),
    V("quarter_bare_digit", "Trimestre 4", RK_TRIMESTRE, "qd", "4", "q", NULL),
    V("quarter_bare_digit_then_a_fact", "Trimestre 2 · Ejercicio 2021", RK_TRIMESTRE,
      "qd", "2", "rest", "Ejercicio 2021"),
    V("quarter_word_and_digit_in_prose_is_not_a_quarter",
      "Trimestre 4 del programa de obras concluyó con retrasos.", RK_NONE),
    V("quarter_months", "julio-septiembre", RK_TRIMESTRE, "m1", "julio"),
    V("quarter_months_spaced_with_year", "Octubre - Diciembre 2022", RK_TRIMESTRE,
      "m1", "Octubre", "year", "2022"),
    V("period_dates", "01/07/2024 al 30/09/2024", RK_PERIODO, "d1", "01/07/2024",
      "d2", "30/09/2024"),
    V("period_labelled_words", "Periodo que se informa: del 1 de abril de 2024 al 30 de junio de 2024",
      RK_PERIODO, "d1", "1 de abril de 2024", "d2", "30 de junio de 2024"),
    /* metadata: dates and year */
    V("date_in_words", "30 de septiembre de 2024", RK_FECHA,
      "date", "30 de septiembre de 2024"),
    V("date_numeric", "30/09/2024", RK_FECHA, "date", "30/09/2024"),
    V("date_labelled_fecha", "Fecha: 2024-09-30", RK_FECHA, "date", "2024-09-30"),
    V("date_period_start_labelled_alone", "INICIO DEL PERIODO 01/01/2025", RK_PERIODO_INICIO,
      "date", "01/01/2025"),
    V("date_period_end_labelled_alone", "Término del periodo: 31/03/2025", RK_PERIODO_FIN,
      "date", "31/03/2025"),
    V("date_actualizacion_word_alone", "ACTUALIZACIÓN 15/04/2025", RK_FECHA_ACTUALIZACION,
      "date", "15/04/2025"),
    V("date_period_start_label", "Inicio del periodo", RK_PERIODO_INICIO, "date", NULL),
    V("date_actualizacion", "Fecha de actualización: 15/10/2024", RK_FECHA_ACTUALIZACION,
      "date", "15/10/2024"),
    V("date_actualizacion_without_accent_or_colon", "Fecha de actualizacion 15/10/2024",
      RK_FECHA_ACTUALIZACION, "date", "15/10/2024"),
    V("date_validacion", "Fecha de validación: 18/10/2024", RK_FECHA_VALIDACION,
      "date", "18/10/2024"),
    V("date_validacion_words", "Fecha de validación: 18 de octubre de 2024",
      RK_FECHA_VALIDACION, "date", "18 de octubre de 2024"),
    V("date_validacion_label_only", "Fecha de validación", RK_FECHA_VALIDACION, "date", NULL),
    V("year_ejercicio", "Ejercicio 2024", RK_EJERCICIO, "year", "2024"),
    V("year_ejercicio_fiscal_colon", "Ejercicio fiscal: 2024", RK_EJERCICIO, "year", "2024"),
    V("year_ejercicio_label_only", "Ejercicio", RK_EJERCICIO, "year", NULL),
    /* other metadata */
    V("obligation_inciso", "b) Los Programas Operativos Anuales y/o Programas de Trabajo",
      RK_OBLIGACION),
    V("area_responsable", "Área responsable: Dirección de Archivo Histórico", RK_AREA,
      "text", "Dirección de Archivo Histórico"),
    V("area_label_then_value_without_colon",
      "Área responsable de la información Subdirección de Planeación y Vinculación", RK_AREA,
      "text", "Subdirección de Planeación y Vinculación"),
    V("area_label_alone_keeps_its_words", "Área(s) responsable(s) que genera(n), posee(n), "
      "publica(n) y actualizan la información", RK_AREA, "text", NULL),
    V("area_responsable_de_la_informacion",
      "Responsable de la información: Departamento de Planeación", RK_AREA,
      "text", "Departamento de Planeación"),
    V("institution_hospital", "Hospital General de Zona Norte", RK_INSTITUCION,
      "text", "Hospital General de Zona Norte"),
    V("nota_labelled", "Nota: sin observaciones en el periodo.", RK_NOTA,
      "text", "sin observaciones en el periodo."),
    /* lines the default rules must not take for something else */
    V("ejes_and_lines_heading", "EJES Y LÍNEAS DE ACCIÓN", RK_EJES),
    V("ejes_objectives_and_lines_heading", "Ejes rectores, objetivos y líneas de acción", RK_EJES),
    V("prose_mentioning_fortalezas_is_not_a_heading",
      "El diagnóstico reconoce las fortalezas del organismo y sus debilidades.", RK_NONE),
    V("prose_starting_with_fortalezas_is_not_a_heading",
      "Fortalezas y debilidades se revisaron con el personal de cada área.", RK_NONE),
    V("objetivo_general_is_not_a_numbered_objective", "OBJETIVO GENERAL", RK_END),
    V("objetivo_general_with_colon_is_not_a_numbered_objective", "Objetivo general:", RK_END),
    V("objetivos_generales_is_not_objectives_heading", "Objetivos generales", RK_END),
    V("article_and_fraction_are_the_legal_basis_not_an_eje",
      "Artículo 121 – Fracción XXII", RK_FUNDAMENTO, "text", "Artículo 121 – Fracción XXII"),
    V("article_with_inciso_is_the_legal_basis",
      "Artículo 70, fracción XV, inciso a) de la Ley General", RK_FUNDAMENTO),
    V("fraction_roman_is_not_an_eje", "Fracción XXII – Programas de trabajo", RK_NONE),
    V("bare_year_is_not_an_item", "2024", RK_NONE),
    V("prose_mentioning_mision_is_not_a_heading",
      "La misión del museo se revisó en la junta de gobierno.", RK_NONE),
    V("ordinary_sentence_is_not_a_mission", "El museo recibió a nueve mil visitantes.", RK_NONE),
    V("table_column_heading_is_skipped", "ESTRATEGIA LÍNEA DE ACCIÓN", RK_SKIP),
};

int main(void)
{
    const struct CMUnitTest loading[] = {
        cmocka_unit_test(test_broken_pattern_reports_file_line_and_column),
        cmocka_unit_test(test_broken_pattern_column_counts_from_pattern_start),
        cmocka_unit_test(test_unknown_kind_named_with_line),
        cmocka_unit_test(test_kind_without_pattern_is_an_error),
        cmocka_unit_test(test_define_without_pattern_is_an_error),
        cmocka_unit_test(test_empty_rule_file_is_an_error),
        cmocka_unit_test(test_non_utf8_rule_file_is_an_error),
        cmocka_unit_test(test_unreadable_rule_file_names_the_path),
        cmocka_unit_test(test_rule_file_loaded_from_disk_uses_its_path_in_messages),
        cmocka_unit_test(test_define_expands_in_later_rules_and_definitions),
        cmocka_unit_test(test_undefined_name_and_quantifier_left_as_written),
        cmocka_unit_test(test_comments_and_blank_lines_ignored_hash_in_pattern_kept),
        cmocka_unit_test(test_crlf_rule_file_loads),
        cmocka_unit_test(test_first_matching_rule_in_file_order_wins),
        cmocka_unit_test(test_matching_is_caseless_and_unicode_aware),
        cmocka_unit_test(test_named_groups_absent_or_unset_read_as_null),
        cmocka_unit_test(test_match_kind_tries_only_rules_of_that_kind),
        cmocka_unit_test(test_rules_matched_alone_keep_file_order),
        cmocka_unit_test(test_groups_come_from_the_winning_rule),
        cmocka_unit_test(test_split_rules_never_classify_and_give_sorted_points),
        cmocka_unit_test(test_every_kind_name_loads_as_its_kind),
        cmocka_unit_test(test_default_rules_shared_compile_once),
        cmocka_unit_test(test_default_rules_interpreted_classify_alike),
        cmocka_unit_test(test_nth_match_of_a_kind),
        cmocka_unit_test(test_match_is_a_value),
        cmocka_unit_test(test_groups_outlive_their_subject),
        cmocka_unit_test(test_catastrophic_rule_is_bounded),
        cmocka_unit_test(test_define_bomb_is_refused),
        cmocka_unit_test(test_default_title_facts),
        cmocka_unit_test(test_default_split_before_a_second_label),
    };
    const struct CMUnitTest splits[] = {
        cmocka_unit_test(test_two_bullets_on_one_line_give_one_split_point),
        cmocka_unit_test(test_dash_bullet_after_sentence_splits),
        cmocka_unit_test(test_code_after_sentence_splits),
        cmocka_unit_test(test_hyphen_inside_a_sentence_does_not_split),
        cmocka_unit_test(test_bullet_at_line_start_is_not_a_split_point),
    };
    int failed = cmocka_run_group_tests_name("rule files", loading, NULL, NULL);
    failed += cmocka_run_group_tests_name("default split rules", splits, defaults_setup,
                                          defaults_teardown);
    failed += _cmocka_run_group_tests("default rules: wordings of issue 4", variants,
                                      G_N_ELEMENTS(variants), defaults_setup, defaults_teardown);
    rule_match_clear(&last);
    return failed;
}
