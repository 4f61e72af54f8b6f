/* test_normalize.c - src/normalize.c: joining wrapped lines (hyphens at
 * line ends decided by the word, by compounds and by the document's own
 * evidence) and the final repair of an item's text. */
#include "normalize.h"

#include <string.h>

#include "testutil.h"

/* ACC joined with LINE (evidence EV, may be NULL) equals WANT. */
static void expect_join(const char *acc, const char *line, const normalize_evidence *ev,
                        const char *want)
{
    GString *s = g_string_new(acc);
    normalize_join(s, line, ev);
    if (strcmp(s->str, want) != 0)
        fail_msg("[%s] + [%s]: got [%s], want [%s]", acc, line, s->str, want);
    g_string_free(s, TRUE);
}

static void expect_finish(const char *text, const char *want)
{
    char *got = normalize_finish(text);
    if (strcmp(got, want) != 0)
        fail_msg("[%s]: got [%s], want [%s]", text, got, want);
    g_free(got);
}

/* ---- normalize_join ----------------------------------------------------- */

static void test_wrapped_lines_join_with_one_space(void **state)
{
    expect_join("Sustituir la tubería", "de asbesto.", NULL, "Sustituir la tubería de asbesto.");
    expect_join("Sustituir la tubería   ", "de asbesto.", NULL, "Sustituir la tubería de asbesto.");
    expect_join("", "de asbesto.", NULL, "de asbesto.");
}

/* Taken: an empty paragraph adopts the line's buffer (no copy); one with
 * words joins it as normalize_join does and leaves it to the caller. */
static void test_join_take(void **state)
{
    GString *s = g_string_new("  ");
    char *line = g_strdup("de asbesto.");
    char *buffer = line;
    normalize_join_take(s, &line, NULL);
    assert_null(line);
    assert_ptr_equal(s->str, buffer);
    assert_string_equal(s->str, "de asbesto.");
    g_string_append(s, " Y más"); /* still a GString that grows */
    line = g_strdup("organiza-");
    normalize_join_take(s, &line, NULL);
    assert_non_null(line);
    assert_string_equal(s->str, "de asbesto. Y más organiza-");
    g_free(line);
    line = g_strdup("ción.");
    normalize_join_take(s, &line, NULL);
    assert_string_equal(s->str, "de asbesto. Y más organización.");
    g_free(line);
    g_string_free(s, TRUE);
}

static void test_syllable_hyphen_removed(void **state)
{
    expect_join("Poca organiza-", "ción de brigadas.", NULL, "Poca organización de brigadas.");
    expect_join("la planea-", "ción anual", NULL, "la planeación anual");
}

static void test_compound_after_ico_ica_keeps_hyphen(void **state)
{
    expect_join("procesos político-", "electorales", NULL, "procesos político-electorales");
    expect_join("apoyo técnico-", "administrativo", NULL, "apoyo técnico-administrativo");
    expect_join("estudio socio-", "ambiental", NULL, "estudio socio-ambiental");
}

static void test_hyphen_before_digit_or_capital_kept(void **state)
{
    expect_join("la pandemia de COVID-", "19 redujo", NULL, "la pandemia de COVID-19 redujo");
    expect_join("Baja California-", "Sur", NULL, "Baja California-Sur");
}

static void test_number_range_hyphen_kept_without_space(void **state)
{
    expect_join("el periodo 2024-", "2030", NULL, "el periodo 2024-2030");
}

static void test_single_letter_before_hyphen_kept(void **state)
{
    expect_join("tipo x-", "ray", NULL, "tipo x-ray");
}

static void test_en_dash_at_line_end_not_joined(void **state)
{
    expect_join("salud –", "educación", NULL, "salud – educación");
    expect_join("salud–", "educación", NULL, "salud– educación");
}

static void test_soft_hyphen_removed(void **state)
{
    expect_join("la organiza\u00AD", "ción", NULL, "la organización");
}

static void test_evidence_of_hyphenated_form_keeps_hyphen(void **state)
{
    normalize_evidence *ev = normalize_evidence_new();
    expect_join("análisis costo-", "beneficio", NULL, "análisis costobeneficio");
    normalize_evidence_note(ev, "El análisis costo-beneficio de cada obra.");
    expect_join("análisis costo-", "beneficio", ev, "análisis costo-beneficio");
    normalize_evidence_free(ev);
}

static void test_evidence_of_joined_form_removes_hyphen(void **state)
{
    normalize_evidence *ev = normalize_evidence_new();
    expect_join("crecer económica-", "mente", ev, "crecer económica-mente");
    normalize_evidence_note(ev, "Crecer ECONÓMICAMENTE y con equidad.");
    expect_join("crecer económica-", "mente", ev, "crecer económicamente");
    normalize_evidence_free(ev);
}

static void test_word_ending_in_hyphen_is_not_evidence(void **state)
{
    normalize_evidence *ev = normalize_evidence_new();
    normalize_evidence_note(ev, "un análisis costo-");
    expect_join("análisis costo-", "beneficio", ev, "análisis costobeneficio");
    normalize_evidence_free(ev);
}

/* ---- normalize_finish --------------------------------------------------- */

static void test_doubled_punctuation_repaired(void **state)
{
    expect_finish("rendición de cuentas..", "rendición de cuentas.");
    expect_finish("agua, , drenaje,, y alumbrado", "agua, drenaje, y alumbrado");
    expect_finish("meta cumplida;; sin retraso", "meta cumplida; sin retraso");
    expect_finish("primera meta. . Segunda meta", "primera meta. Segunda meta");
}

static void test_leading_label_punctuation_dropped(void **state)
{
    expect_finish(". . Innovar en los servicios.", "Innovar en los servicios.");
    expect_finish(".- Innovar", "Innovar");
    expect_finish(": Innovar", "Innovar");
    expect_finish(") Innovar", "Innovar");
}

static void test_ellipsis_kept(void **state)
{
    expect_finish("agua, drenaje, alumbrado...", "agua, drenaje, alumbrado...");
    expect_finish("se espera... y luego", "se espera... y luego");
}

static void test_lost_space_after_sentence_restored(void **state)
{
    expect_finish("la información.Es pública.", "la información. Es pública.");
    expect_finish("el año.Él firmó.", "el año. Él firmó.");
}

/* A long paragraph is repaired in its own buffer: where spaces go back
 * faster than doubled marks leave, the rest of the text makes room (this
 * one gains one byte every 14 and loses none). */
static void test_many_lost_spaces_in_a_long_paragraph(void **state)
{
    (void)state;
    GString *in = g_string_new("Inicio.Hay"), *want = g_string_new("Inicio. Hay");
    for (int i = 0; i < 20000; i++) {
        g_string_append(in, " palabra.Otra");
        g_string_append(want, " palabra. Otra");
    }
    g_string_append(in, " ,, fin..");
    g_string_append(want, " , fin.");
    char *got = normalize_finish_take(g_string_free(in, FALSE));
    assert_string_equal(got, want->str);
    g_free(got);
    g_string_free(want, TRUE);
}

static void test_lost_space_not_restored_in_abbreviations_and_addresses(void **state)
{
    expect_finish("Servicios Hidráulicos S.A. de C.V.", "Servicios Hidráulicos S.A. de C.V.");
    expect_finish("Consulte www.agua.gob.mx", "Consulte www.agua.gob.mx");
    expect_finish("Consulte www.Agua.mx hoy", "Consulte www.Agua.mx hoy");
    expect_finish("Escriba a buzon@Agua.mx", "Escriba a buzon@Agua.mx");
    expect_finish("el sector.ONU y", "el sector.ONU y"); /* acronyms: no lowercase after */
    expect_finish("metas 1.2 y 3.Mejor", "metas 1.2 y 3.Mejor");
}

static void test_white_space_collapsed_and_trimmed(void **state)
{
    expect_finish("  Sustituir\tla   tubería  \n", "Sustituir la tubería");
    expect_finish("", "");
}

/* ---- predicates --------------------------------------------------------- */

static void test_sentence_end_marks(void **state)
{
    assert_true(normalize_ends_sentence("Cerrado."));
    assert_true(normalize_ends_sentence("Cerrado;  "));
    assert_true(normalize_ends_sentence("Pregunta?"));
    assert_true(normalize_ends_sentence("Lista:"));
    assert_false(normalize_ends_sentence("Abierto,"));
    assert_false(normalize_ends_sentence("sin punto"));
    assert_false(normalize_ends_sentence("   "));
}

static void test_starts_lower_looks_at_first_letter(void **state)
{
    assert_true(normalize_starts_lower("ción de brigadas"));
    assert_true(normalize_starts_lower("\"él\" dijo"));
    assert_false(normalize_starts_lower("Ción"));
    assert_false(normalize_starts_lower("3 brigadas"));
    assert_false(normalize_starts_lower(""));
}

static void test_caps_needs_two_letters_and_no_lowercase(void **state)
{
    assert_true(normalize_is_caps("MISIÓN"));
    assert_true(normalize_is_caps("OBJETIVOS 2025:"));
    assert_false(normalize_is_caps("Misión"));
    assert_false(normalize_is_caps("A"));
    assert_false(normalize_is_caps("2025"));
}

static void expect_normalized(const char *in, const char *want)
{
    char *got = normalize_text(in, -1);
    if (strcmp(got, want) != 0)
        fail_msg("normalize [%s]: got [%s], want [%s]", in, got, want);
    g_free(got);
}

/* NFC; the ligatures of fonts spelt out; a soft hyphen dropped inside a
 * word, kept at the end (a cut word the lines stage joins); the rest,
 * "º" and no-break spaces included, as printed. */
static void test_normalize_text_ligatures_and_soft_hyphens(void **state)
{
    expect_normalized("certi\xEF\xAC\x81" "cados con\xEF\xAC\x82" "ictos", "certificados conflictos");
    expect_normalized("\xEF\xAC\x80" "\xEF\xAC\x83" "\xEF\xAC\x84" "\xEF\xAC\x86", "ffffifflst");
    expect_normalized("mues\xC2\xAD" "treo", "muestreo");
    expect_normalized("organiza\xC2\xAD", "organiza\xC2\xAD");
    expect_normalized("organiza\xC2\xAD\nci\xC3\xB3n", "organiza\xC2\xAD\nci\xC3\xB3n");
    expect_normalized("Mise\xCC\x81" "rico", "Misérico"); /* e + combining acute */
    expect_normalized("3\xC2\xBA trimestre\xC2\xA0" "2024", "3\xC2\xBA trimestre\xC2\xA0" "2024");
}

/* NFC worked out in chunks equals NFC of the whole: decomposed accents
 * after ASCII letters ("cafe" + U+0301), Hangul jamo, long runs with and
 * without ASCII. */
static void test_normalize_text_in_chunks_equals_whole(void **state)
{
    static const char *const units[] = {
        "cafe\u0301 ", "Misio\u0301n ", "\u1100\u1161\u11A8", "\u00E9\u0301x",
        "\u0928\u093C\u0915\u093F", "A\u030A\u0301 "
    };
    for (size_t u = 0; u < G_N_ELEMENTS(units); u++) {
        GString *text = g_string_new(NULL);
        while (text->len < 5000)
            g_string_append(text, units[u]);
        char *whole = g_utf8_normalize(text->str, -1, G_NORMALIZE_NFC);
        char *chunked = normalize_text(text->str, (gssize)text->len);
        if (strcmp(whole, chunked) != 0)
            fail_msg("unit %zu: chunked NFC differs from the whole's", u);
        g_free(whole);
        g_free(chunked);
        g_string_free(text, TRUE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_text_ligatures_and_soft_hyphens),
        cmocka_unit_test(test_normalize_text_in_chunks_equals_whole),
        cmocka_unit_test(test_wrapped_lines_join_with_one_space),
        cmocka_unit_test(test_join_take),
        cmocka_unit_test(test_syllable_hyphen_removed),
        cmocka_unit_test(test_compound_after_ico_ica_keeps_hyphen),
        cmocka_unit_test(test_hyphen_before_digit_or_capital_kept),
        cmocka_unit_test(test_number_range_hyphen_kept_without_space),
        cmocka_unit_test(test_single_letter_before_hyphen_kept),
        cmocka_unit_test(test_en_dash_at_line_end_not_joined),
        cmocka_unit_test(test_soft_hyphen_removed),
        cmocka_unit_test(test_evidence_of_hyphenated_form_keeps_hyphen),
        cmocka_unit_test(test_evidence_of_joined_form_removes_hyphen),
        cmocka_unit_test(test_word_ending_in_hyphen_is_not_evidence),
        cmocka_unit_test(test_doubled_punctuation_repaired),
        cmocka_unit_test(test_leading_label_punctuation_dropped),
        cmocka_unit_test(test_ellipsis_kept),
        cmocka_unit_test(test_lost_space_after_sentence_restored),
        cmocka_unit_test(test_many_lost_spaces_in_a_long_paragraph),
        cmocka_unit_test(test_lost_space_not_restored_in_abbreviations_and_addresses),
        cmocka_unit_test(test_white_space_collapsed_and_trimmed),
        cmocka_unit_test(test_sentence_end_marks),
        cmocka_unit_test(test_starts_lower_looks_at_first_letter),
        cmocka_unit_test(test_caps_needs_two_letters_and_no_lowercase),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
