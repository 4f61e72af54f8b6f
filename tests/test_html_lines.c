/* test_html_lines.c - src/html_lines.c and src/markdown.c: web pages (HTML,
 * and Markdown through cmark-gfm) into the lines the parser reads.  The
 * texts are made up for these tests. */
#include "html_lines.h"

#include <string.h>

#include "markdown.h"
#include "testutil.h"

static poa_lines read_html(const char *html)
{
    poa_lines lines = POA_LINES_INIT;
    poa_error err = POA_ERROR_INIT;
    if (html_lines_read(html, strlen(html), &lines, &err) != 0)
        fail_msg("html_lines_read: %s", err.message);
    return lines;
}

static void expect_line(const poa_lines *l, size_t i, const char *text, unsigned flags)
{
    if (i >= l->n)
        fail_msg("line %zu missing (only %zu)", i, l->n);
    if (strcmp(l->v[i].text, text) != 0 || (l->v[i].flags & flags) != flags)
        fail_msg("line %zu: got [%s] flags %x, want [%s] with %x", i, l->v[i].text,
                 l->v[i].flags, text, flags);
}

/* Paragraphs, headings and list items are blocks; an ordered list shows
 * its numbers from its start; a <br> or a line break in the source ends a
 * line of its block; scripts and styles are no text. */
static void test_blocks_lists_and_breaks(void **state)
{
    (void)state;
    poa_lines l = read_html("<html><head><style>p{}</style></head><body>"
                            "<h2>Objetivos del <b>puerto</b></h2>"
                            "<p>Primera línea<br>segunda línea\ntercera</p>"
                            "<ol start=\"3\"><li>Dragar el canal.</li><li>Renovar grúas.</li></ol>"
                            "<ul><li>Sin número.</li></ul><script>var x;</script></body></html>");
    expect_line(&l, 0, "Objetivos del puerto", POA_LINE_BLOCK_START | POA_LINE_HEADING);
    expect_line(&l, 1, "Primera línea", POA_LINE_BLOCK_START);
    expect_line(&l, 2, "segunda línea", 0);
    assert_false(l.v[2].flags & POA_LINE_BLOCK_START);
    expect_line(&l, 3, "tercera", 0);
    expect_line(&l, 4, "3. Dragar el canal.", POA_LINE_BLOCK_START);
    expect_line(&l, 5, "4. Renovar grúas.", POA_LINE_BLOCK_START);
    expect_line(&l, 6, "• Sin número.", POA_LINE_BLOCK_START);
    assert_int_equal(l.n, 7);
    lines_release(&l);
}

/* A cell spanning rows keeps its column taken below it: the next row's
 * first cell is in the second column, and the rows a cell spans are its
 * y0..y1. */
static void test_rowspan_columns(void **state)
{
    (void)state;
    poa_lines l = read_html("<table><tr><th>Objetivo</th><th>Acción</th></tr>"
                            "<tr><td rowspan=\"2\">Modernizar</td><td>Dragar</td></tr>"
                            "<tr><td>Renovar</td></tr></table>");
    expect_line(&l, 2, "Modernizar", POA_LINE_CELL | POA_LINE_ROW_START);
    assert_int_equal(l.v[2].column, 0);
    assert_true(l.v[2].y1 - l.v[2].y0 == 2);
    expect_line(&l, 4, "Renovar", POA_LINE_CELL | POA_LINE_ROW_START);
    assert_int_equal(l.v[4].column, 1);
    lines_release(&l);
}

/* Markdown with a heading and emphasis is a web page; a table typed with
 * pipes alone, or plain text, is not.  Its tables become HTML tables. */
static void test_markdown(void **state)
{
    (void)state;
    const char *md = "# Plan\n\n**OE1** Modernizar.\n\n| Eje | Acción |\n|---|---|\n| A | B |\n";
    assert_true(markdown_is_marked_up(md, strlen(md)));
    const char *pipes = "Plan\n\n| Eje | Acción |\n|---|---|\n| A | B |\n";
    assert_false(markdown_is_marked_up(pipes, strlen(pipes)));
    const char *html_bits = "Texto\n<table><tr><td>x</td></tr></table>\n";
    assert_true(markdown_is_marked_up(html_bits, strlen(html_bits)));
    char *html = markdown_to_html(md, strlen(md));
    assert_non_null(html);
    assert_non_null(strstr(html, "<strong>OE1</strong>"));
    assert_non_null(strstr(html, "<td>B</td>"));
    g_free(html);
}

static void test_page_detection(void **state)
{
    (void)state;
    const char *page = "  <!DOCTYPE html><html></html>";
    assert_true(html_lines_is_page(page, strlen(page)));
    assert_false(html_lines_is_page("Misión", strlen("Misión")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_lists_and_breaks),
        cmocka_unit_test(test_rowspan_columns),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_page_detection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
