/* test_layout_passes.c - the layout stage's passes one at a time
 * (src/layout.c, layout_passes), on pages of glyphs and ruling lines made
 * here by hand: no PDF, no poppler.  test_layout tests the whole stage on
 * PDFs; this tests what each pass reads and writes. */
#include <string.h>

#include "layout_internal.h"
#include "testutil.h"

#define SIZE 10.0 /* points: every glyph's font size */
#define ADV 6.0   /* points: every glyph's advance */

/* A page of glyphs being made: each call to word() adds one. */
typedef struct page_maker {
    ex_glyph g[64];
    size_t n;
    ex_page pg; /* the glyphs as a page, once begun */
} page_maker;

/* The glyphs of WORD (ASCII), its first glyph's left edge at X and its
 * top at Y. */
static void word(page_maker *m, double x, double y, const char *w)
{
    for (const char *c = w; *c && m->n < G_N_ELEMENTS(m->g); c++, x += ADV)
        m->g[m->n++] = (ex_glyph){ x, y, x + ADV, y + SIZE, SIZE, (gunichar)*c, false, c[1] == '\0' };
}

/* Begin laying out M's glyphs as a US Letter page into P: its noise and
 * segments found (layout_page_begin). */
static void begin(page_maker *m, lt_page *p)
{
    m->pg = (ex_page){ 612, 792, m->g, m->n };
    layout_page_begin(p, &m->pg);
}

/* Add the four rules of box [X0, X1] x [Y0, Y1] to P. */
static void box_rules(lt_page *p, double x0, double y0, double x1, double y1)
{
    const ex_rule r[4] = { { x0, y0, x1, y0 }, { x0, y1, x1, y1 }, { x0, y0, x0, y1 },
                           { x1, y0, x1, y1 } };
    for (size_t i = 0; i < 4; i++) {
        if (p->rules.n == p->rules.cap) {
            p->rules.cap = p->rules.cap ? 2 * p->rules.cap : 8;
            p->rules.v = g_renew(ex_rule, p->rules.v, p->rules.cap);
        }
        p->rules.v[p->rules.n++] = r[i];
    }
}

/* Two words far apart on one row are two segments; a row below is a
 * third.  The body size is the glyphs' own. */
static void test_begin_groups_rows_into_segments(void **state)
{
    (void)state;
    page_maker m = { .n = 0 };
    word(&m, 72, 300, "Mision");
    word(&m, 300, 300, "Vision"); /* 30 ems away: a gutter */
    word(&m, 72, 312, "servir");
    lt_page p;
    begin(&m, &p);
    guint segs = p.segs->len, rows = p.rows->len;
    double body = p.body;
    layout_page_end(&p);
    assert_int_equal(segs, 3);
    assert_int_equal(rows, 2);
    assert_float_equal(body, SIZE, 1e-9);
}

/* The "cells" pass puts a segment the rules enclose on four sides into a
 * cell, and only that one; ruled_cells counts it. */
static void test_cells_pass_encloses_what_the_rules_box(void **state)
{
    (void)state;
    page_maker m = { .n = 0 };
    word(&m, 72, 300, "Meta");
    word(&m, 72, 400, "libre");
    lt_page p;
    begin(&m, &p);
    box_rules(&p, 66, 294, 140, 316);
    int rc = layout_run_passes(&p, "cells", "cells");
    int in_cell = SEG(&p, 0)->cell, free_seg = SEG(&p, 1)->cell;
    guint ruled = p.ruled_cells;
    layout_page_end(&p);
    assert_int_equal(rc, 0);
    assert_int_equal(ruled, 1);
    assert_int_equal(in_cell, 0);
    assert_int_equal(free_seg, -1);
}

/* The "blocks" pass joins two rows of one paragraph (a line pitch apart)
 * into one block and starts another after a wide gap. */
static void test_blocks_pass_splits_at_a_gap(void **state)
{
    (void)state;
    page_maker m = { .n = 0 };
    word(&m, 72, 300, "primera");
    word(&m, 72, 312, "segunda");
    word(&m, 72, 400, "aparte");
    lt_page p;
    begin(&m, &p);
    int rc = layout_run_passes(&p, "cells", "blocks");
    guint blocks = p.blocks->len, first = blocks ? BLOCK(&p, 0)->segs->len : 0;
    int a = SEG(&p, 0)->block, b = SEG(&p, 1)->block, c = SEG(&p, 2)->block;
    layout_page_end(&p);
    assert_int_equal(rc, 0);
    assert_int_equal(blocks, 2);
    assert_int_equal(first, 2);
    assert_int_equal(a, b);
    assert_int_not_equal(b, c);
}

/* The "tables" pass numbers the tables and gives each cell its column by
 * its left edge: two boxes side by side are one table of two columns. */
static void test_tables_pass_numbers_columns(void **state)
{
    (void)state;
    page_maker m = { .n = 0 };
    word(&m, 72, 300, "Eje");
    word(&m, 172, 300, "Meta");
    lt_page p;
    begin(&m, &p);
    box_rules(&p, 66, 294, 160, 316);
    box_rules(&p, 160, 294, 260, 316);
    int rc = layout_run_passes(&p, "cells", "tables");
    guint cells = p.cells->len;
    int tables = p.n_tables;
    int col0 = cells == 2 ? CELL(&p, (guint)SEG(&p, 0)->cell)->column : -1;
    int col1 = cells == 2 ? CELL(&p, (guint)SEG(&p, 1)->cell)->column : -1;
    layout_page_end(&p);
    assert_int_equal(rc, 0);
    assert_int_equal(cells, 2);
    assert_int_equal(tables, 1);
    assert_int_equal(col0, 0);
    assert_int_equal(col1, 1);
}

/* Every pass has a name of its own, and a name that is no pass runs
 * nothing. */
static void test_pass_names(void **state)
{
    (void)state;
    for (size_t i = 0; i < LAYOUT_PASSES; i++)
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(layout_passes[i].name, layout_passes[j].name);
    page_maker m = { .n = 0 };
    word(&m, 72, 300, "texto");
    lt_page p;
    begin(&m, &p);
    int rc = layout_run_passes(&p, "cells", "no-such-pass");
    guint blocks = p.blocks->len;
    layout_page_end(&p);
    assert_int_equal(rc, -1);
    assert_int_equal(blocks, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_begin_groups_rows_into_segments),
        cmocka_unit_test(test_cells_pass_encloses_what_the_rules_box),
        cmocka_unit_test(test_blocks_pass_splits_at_a_gap),
        cmocka_unit_test(test_tables_pass_numbers_columns),
        cmocka_unit_test(test_pass_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
