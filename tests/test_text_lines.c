/* test_text_lines.c - src/text_lines.c: text input split into lines and
 * blocks, with its running headers and page numbers marked. */
#include "text_lines.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifdef TEST_ASAN
#include <sanitizer/asan_interface.h>
#endif

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static void from_text(poa_lines *out, const char *text)
{
    text_lines_read(out, text, strlen(text), test_default_rules());
}

/* Line I of L has TEXT and is dropped or not. */
static void expect_line(const poa_lines *l, size_t i, const char *text, bool dropped)
{
    assert_true(i < l->n);
    assert_string_equal(l->v[i].text, text);
    if (((l->v[i].flags & POA_LINE_DROPPED) != 0) != dropped)
        fail_msg("\"%s\" should %sbe dropped", text, dropped ? "" : "not ");
}

static void test_push_copies_text_and_grows(void **state)
{
    poa_lines l = POA_LINES_INIT;
    char buf[16];
    for (int i = 0; i < 200; i++) {
        snprintf(buf, sizeof buf, "línea %d", i);
        poa_line line = { .text = buf, .page = 2 };
        lines_push(&l, &line);
    }
    strcpy(buf, "cambiado");
    assert_int_equal(l.n, 200);
    assert_string_equal(l.v[199].text, "línea 199");
    assert_int_equal(l.v[0].page, 2);
    poa_line empty = { 0 };
    assert_string_equal(lines_push(&l, &empty)->text, "");
    lines_clear(&l);
    assert_int_equal(l.n, 0);
    lines_release(&l);
    assert_null(l.v);
}

static void test_blank_lines_start_blocks(void **state)
{
    poa_lines l = POA_LINES_INIT;
    from_text(&l, "Misión\nCuidar el agua.\n\n\nVisión\n  \t\nSeremos ejemplo.");
    assert_int_equal(l.n, 4);
    assert_true(l.v[0].flags & POA_LINE_BLOCK_START);
    assert_false(l.v[1].flags & POA_LINE_BLOCK_START);
    assert_true(l.v[2].flags & POA_LINE_BLOCK_START);
    assert_true(l.v[3].flags & POA_LINE_BLOCK_START);
    assert_int_equal(l.v[0].block, l.v[1].block);
    assert_true(l.v[2].block > l.v[1].block);
    assert_int_equal(l.v[3].page, 0);
    assert_string_equal(l.v[3].text, "Seremos ejemplo."); /* no final newline needed */
    lines_release(&l);
}

static void test_crlf_line_ends_removed(void **state)
{
    poa_lines l = POA_LINES_INIT;
    from_text(&l, "Misión\r\nCuidar el agua.\r\n\r\nVisión\r\n");
    assert_int_equal(l.n, 3);
    assert_string_equal(l.v[0].text, "Misión");
    assert_string_equal(l.v[1].text, "Cuidar el agua.");
    assert_true(l.v[2].flags & POA_LINE_BLOCK_START);
    lines_release(&l);
}

static void test_unicode_space_only_line_is_blank(void **state)
{
    poa_lines l = POA_LINES_INIT;
    from_text(&l, "uno\n\u00a0 \u2003\ndos\n");
    assert_int_equal(l.n, 2);
    assert_true(l.v[1].flags & POA_LINE_BLOCK_START);
    lines_release(&l);
}

static void test_page_numbers_in_text_dropped(void **state)
{
    poa_lines l = POA_LINES_INIT;
    from_text(&l, "Cuidar el agua.\n- 2 -\nOE1. Medir.\nPágina 3 de 9\nLA 1.1 Instalar.\n"
                  "4/9\nLA 1.2 Leer.\n                 5\n");
    expect_line(&l, 0, "Cuidar el agua.", false);
    expect_line(&l, 1, "- 2 -", true);
    assert_int_equal(l.v[1].drop_reason, POA_DROP_PAGE_NUMBER);
    expect_line(&l, 3, "Página 3 de 9", true);
    expect_line(&l, 5, "4/9", true);
    expect_line(&l, 7, "                 5", true);
    expect_line(&l, 6, "LA 1.2 Leer.", false);
    lines_release(&l);
}

static void test_running_header_repeated_next_to_page_number_dropped(void **state)
{
    poa_lines l = POA_LINES_INIT;
    from_text(&l, "Sistema de Agua de Valle Alto\nMisión\nCuidar el agua.\n2\n"
                  "Sistema de Agua de Valle Alto\nVisión\nSeremos ejemplo.\n3\n"
                  "Sistema de Agua de Valle Alto\nOE1. Medir.\n");
    expect_line(&l, 4, "Sistema de Agua de Valle Alto", true);
    assert_int_equal(l.v[4].drop_reason, POA_DROP_RUNNING_HEADER);
    expect_line(&l, 8, "Sistema de Agua de Valle Alto", true);
    expect_line(&l, 3, "2", true);
    expect_line(&l, 5, "Visión", false);
    lines_release(&l);
}

/* A table's column of figures, its cells one a line as pdftotext prints
 * them, is data: its numbers are no page numbers and the repeated row
 * label beside them no running header.  A number after the last figure
 * and before a form feed still ends its page. */
static void test_column_of_figures_is_not_page_numbers(void **state)
{
    poa_lines l = POA_LINES_INIT;
    from_text(&l, "Indicador\nMeta\nLogro\nCursos impartidos en el año\n96\n88\n"
                  "Personas certificadas\n600\n412\n2\n\fOE1. Impartir cursos.\n"
                  "Cursos impartidos en el año\nIndicador del objetivo.\n");
    expect_line(&l, 3, "Cursos impartidos en el año", false);
    expect_line(&l, 4, "96", false);
    expect_line(&l, 5, "88", false);
    expect_line(&l, 7, "600", false);
    expect_line(&l, 8, "412", false);
    expect_line(&l, 9, "2", true); /* the page's number, before the form feed */
    assert_int_equal(l.v[9].drop_reason, POA_DROP_PAGE_NUMBER);
    expect_line(&l, 11, "Cursos impartidos en el año", false);
    lines_release(&l);
}

/* A running header of two lines: the second goes with the first. */
static void test_two_line_running_header_dropped(void **state)
{
    poa_lines l = POA_LINES_INIT;
    from_text(&l, "Cuidar el agua del valle.\n2\n"
                  "Sistema de Agua de Valle Alto\nGerencia de Planeación Hidráulica\nSeremos ejemplo.\n3\n"
                  "Sistema de Agua de Valle Alto\nGerencia de Planeación Hidráulica\nOE1. Medir.\n");
    expect_line(&l, 2, "Sistema de Agua de Valle Alto", true);
    expect_line(&l, 3, "Gerencia de Planeación Hidráulica", true);
    expect_line(&l, 7, "Gerencia de Planeación Hidráulica", true);
    expect_line(&l, 4, "Seremos ejemplo.", false);
    lines_release(&l);
}

/* Two columns side by side (pdftotext -layout) arrive one after the other. */
static void test_side_by_side_columns_unrolled(void **state)
{
    poa_lines l = POA_LINES_INIT;
    from_text(&l, "Fortalezas                      Oportunidades\n"
                  "•   Personal con experiencia    •   Fondos federales para\n"
                  "    en campo.                       vivienda social.\n"
                  "•   Oficinas propias.           •   Demanda de lotes.\n"
                  "                                •   Convenios municipales.\n");
    expect_line(&l, 0, "Fortalezas", false);
    expect_line(&l, 3, "•   Oficinas propias.", false);
    expect_line(&l, 4, "Oportunidades", false);
    assert_true(l.v[4].flags & POA_LINE_BLOCK_START);
    lines_release(&l);
}

static void test_running_header_with_same_number_on_every_page_dropped(void **state)
{
    poa_lines l = POA_LINES_INIT;
    from_text(&l, "Agua de Valle Alto | POA 2025\nMisión\nCuidar el agua.\n\n"
                  "Agua de Valle Alto | POA 2025\nVisión\nSeremos ejemplo.\n");
    expect_line(&l, 0, "Agua de Valle Alto | POA 2025", true);
    expect_line(&l, 3, "Agua de Valle Alto | POA 2025", true);
    expect_line(&l, 1, "Misión", false);
    lines_release(&l);
}

/* Two pages: the second page's header, after its form feed, repeats the
 * first page's: dropped there; the first page's own stays (it may be the
 * only place the body is named). */
static void test_running_header_after_a_form_feed_dropped(void **state)
{
    poa_lines l = POA_LINES_INIT;
    from_text(&l, "Instituto de la Mujer · Programa 2012\nMisión\nAcompañar a las mujeres.\n"
                  "\fInstituto de la Mujer · Programa 2012\nVisión\nSer referente.\n");
    expect_line(&l, 0, "Instituto de la Mujer · Programa 2012", false);
    assert_true(l.v[3].flags & POA_LINE_DROPPED);
    expect_line(&l, 4, "Visión", false);
    lines_release(&l);
}

static void test_repeated_content_lines_kept(void **state)
{
    poa_lines l = POA_LINES_INIT;
    /* same signature ("la #.# revisar el padrón."), different numbers: content */
    from_text(&l, "LA 1.1 Revisar el padrón.\nLA 2.1 Revisar el padrón.\n"
                  "Fortalezas del organismo\nFortalezas del organismo\n");
    for (size_t i = 0; i < l.n; i++)
        assert_false(l.v[i].flags & POA_LINE_DROPPED);
    lines_release(&l);
}

static void test_lone_year_is_not_a_page_number(void **state)
{
    poa_lines l = POA_LINES_INIT;
    from_text(&l, "Ejercicio\n2024\nOE1. Medir el consumo.\n");
    expect_line(&l, 1, "2024", false);
    lines_release(&l);
}

static void test_furniture_marked_only_among_appended_lines(void **state)
{
    poa_lines l = POA_LINES_INIT;
    poa_line first = { .text = "7" };
    lines_push(&l, &first);
    from_text(&l, "Cuidar el agua de la ciudad.\nOE1. Medir.\n");
    assert_int_equal(l.n, 3);
    assert_false(l.v[0].flags & POA_LINE_DROPPED); /* not ours: left alone */
    assert_false(l.v[1].flags & POA_LINE_DROPPED);
    lines_release(&l);
}

/* A reader holds the text once, split in place: a window's lines point
 * into it, and a window past the end is empty. */
static void test_reader_windows_point_into_the_text(void **state)
{
    (void)state;
    const char *text = "Misión\r\n\nServir a la ciudad.\nOE1. Medir.";
    char *mine = g_strdup(text);
    text_reader *r = text_reader_new(mine, strlen(text), test_default_rules());
    assert_int_equal(text_reader_count(r), 3);
    poa_line window[2];
    assert_int_equal(text_reader_window(r, 1, 2, window), 2);
    assert_string_equal(window[0].text, "Servir a la ciudad.");
    assert_int_equal(window[0].flags & POA_LINE_BLOCK_START, POA_LINE_BLOCK_START);
    assert_int_equal(window[0].block, 2);
    assert_string_equal(window[1].text, "OE1. Medir.");
    /* split in place: the next line starts after this one's break */
    assert_ptr_equal(window[1].text, window[0].text + strlen("Servir a la ciudad.") + 1);
    assert_int_equal(text_reader_window(r, 2, 2, window), 1);
    assert_int_equal(text_reader_window(r, 3, 2, window), 0);
    text_reader_free(r);
    text_reader_free(NULL);
}

/* Lines forgotten give their pages back; the lines after them read as
 * before, up to the last, and the reader is freed whatever was given. */
static void test_reader_forgets_lines_read(void **state)
{
    (void)state;
    GString *text = g_string_new(NULL);
    for (int i = 0; i < 3000; i++)
        g_string_append_printf(text, "Línea número %d de un texto largo de prueba.\n", i);
    size_t len = text->len;
    text_reader *r = text_reader_new(g_string_free(text, FALSE), len, test_default_rules());
    assert_int_equal(text_reader_count(r), 3000);
    poa_line window[4];
    assert_int_equal(text_reader_window(r, 999, 1, window), 1);
    const char *line999 = window[0].text;
    (void)line999;
    for (size_t at = 0; at < 3000; at += 1000) {
        text_reader_forget(r, at);
        text_reader_forget(r, at / 2); /* again, or less: nothing more */
        assert_int_equal(text_reader_window(r, at, 4, window), 4);
#ifdef TEST_ASAN /* a forgotten line's bytes are poisoned, not only its pages */
        uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
        if (at == 1000 && (uintptr_t)line999 / page == (uintptr_t)window[0].text / page)
            assert_true(__asan_address_is_poisoned(line999));
#endif
        for (int k = 0; k < 4; k++) {
            char *want = g_strdup_printf("Línea número %zu de un texto largo de prueba.", at + k);
            assert_string_equal(window[k].text, want);
            g_free(want);
        }
    }
    assert_int_equal(text_reader_window(r, 2999, 4, window), 1);
    assert_string_equal(window[0].text, "Línea número 2999 de un texto largo de prueba.");
    text_reader_forget(r, 3000); /* every line: the text's every page */
    text_reader_free(r);
}

/* The reader keeps no pointer a line: a line asked for out of order
 * (back, past a checkpoint, after blank lines of every kind and CR LF
 * breaks) is found again with its text, block and marks as read in
 * order; they are the lines a plain split of the text gives. */
static void test_reader_finds_any_line_again(void **state)
{
    (void)state;
    GString *text = g_string_new(NULL);
    GPtrArray *want = g_ptr_array_new_with_free_func(g_free);
    GArray *blocks = g_array_new(FALSE, FALSE, sizeof(int));
    int block = 0;
    bool after_blank = true;
    for (int i = 0; i < 700; i++) {
        switch (i % 7) {
        case 2: g_string_append(text, "\n"); after_blank = true; continue;
        case 4: g_string_append(text, "   \t\r\n"); after_blank = true; continue;
        case 5: g_string_append(text, "\xE2\x80\x83\n"); after_blank = true; continue; /* em space */
        default: break;
        }
        char *line = g_strdup_printf("Acción %d del programa", i);
        g_string_append_printf(text, "%s%s", line, i % 3 ? "\n" : "\r\n");
        block += after_blank;
        after_blank = false;
        g_ptr_array_add(want, line);
        g_array_append_val(blocks, block);
    }
    size_t len = text->len;
    text_reader *r = text_reader_new(g_string_free(text, FALSE), len, test_default_rules());
    assert_int_equal(text_reader_count(r), want->len);
    poa_line line;
    for (size_t k = 0; k < want->len; k++) { /* from the last line back to the first */
        size_t i = want->len - 1 - k;
        assert_int_equal(text_reader_window(r, i, 1, &line), 1);
        assert_string_equal(line.text, g_ptr_array_index(want, i));
        assert_int_equal(line.block, g_array_index(blocks, int, i));
        bool start = i == 0 || g_array_index(blocks, int, i) != g_array_index(blocks, int, i - 1);
        assert_int_equal((line.flags & POA_LINE_BLOCK_START) != 0, start);
        assert_false(line.flags & POA_LINE_DROPPED);
    }
    poa_line all[8];
    assert_int_equal(text_reader_window(r, want->len - 3, 8, all), 3); /* a window past the end */
    assert_string_equal(all[2].text, g_ptr_array_index(want, want->len - 1));
    text_reader_free(r);
    g_ptr_array_free(want, TRUE);
    g_array_free(blocks, TRUE);
}

/* The words of a folio are the rule file's: a body that numbers its pages
 * "Hoja 3" has them dropped by one rule more, no code changed. */
static void test_folio_words_come_from_the_rules(void **state)
{
    (void)state;
    const char *text = "Programa de trabajo\n\nHoja 3\n\nObjetivo 1. Sanear el agua.\n";
    poa_lines l = POA_LINES_INIT;
    from_text(&l, text);
    expect_line(&l, 1, "Hoja 3", false); /* the default rules know no "Hoja" */
    lines_release(&l);
    poa_error err = POA_ERROR_INIT;
    const char *rule = "folio ^hoja\\s+(?<word>)(?<n>\\d{1,4})$\n";
    poa_rules *mine = poa_rules_load_buffer(rule, strlen(rule), "mine.rules", &err);
    assert_non_null(mine);
    text_lines_read(&l, text, strlen(text), mine);
    expect_line(&l, 1, "Hoja 3", true);
    assert_int_equal(l.v[1].drop_reason, POA_DROP_PAGE_NUMBER);
    lines_release(&l);
    poa_rules_free(mine);
}

/* every release function of the line array takes NULL (issue 21) */
static void test_release_takes_null(void **state)
{
    (void)state;
    lines_clear(NULL);
    lines_release(NULL);
    poa_lines empty = POA_LINES_INIT;
    lines_release(&empty); /* and an array never filled */
    assert_null(empty.v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_copies_text_and_grows),
        cmocka_unit_test(test_release_takes_null),
        cmocka_unit_test(test_folio_words_come_from_the_rules),
        cmocka_unit_test(test_blank_lines_start_blocks),
        cmocka_unit_test(test_crlf_line_ends_removed),
        cmocka_unit_test(test_unicode_space_only_line_is_blank),
        cmocka_unit_test(test_page_numbers_in_text_dropped),
        cmocka_unit_test(test_running_header_repeated_next_to_page_number_dropped),
        cmocka_unit_test(test_column_of_figures_is_not_page_numbers),
        cmocka_unit_test(test_running_header_with_same_number_on_every_page_dropped),
        cmocka_unit_test(test_running_header_after_a_form_feed_dropped),
        cmocka_unit_test(test_two_line_running_header_dropped),
        cmocka_unit_test(test_side_by_side_columns_unrolled),
        cmocka_unit_test(test_repeated_content_lines_kept),
        cmocka_unit_test(test_lone_year_is_not_a_page_number),
        cmocka_unit_test(test_furniture_marked_only_among_appended_lines),
        cmocka_unit_test(test_reader_windows_point_into_the_text),
        cmocka_unit_test(test_reader_forgets_lines_read),
        cmocka_unit_test(test_reader_finds_any_line_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
