/* test_layout.c - reading order, cells, furniture and errors of the layout
 * stage, on small PDFs drawn in memory with cairo + pango and on a real
 * gazette from ../shared/real. */
#include "layout.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "testutil.h"

/* ---- drawing fixtures ---------------------------------------------------- */

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* A PDF being drawn: the surface writes into BYTES. */
typedef struct fixture {
    GByteArray *bytes;
    cairo_surface_t *surface;
    cairo_t *cr;
} fixture;

static fixture pdf_begin(double w, double h)
{
    fixture f;
    f.bytes = g_byte_array_new();
    f.surface = cairo_pdf_surface_create_for_stream(collect, f.bytes, w, h);
    f.cr = cairo_create(f.surface);
    return f;
}

/* Finish the PDF; returns its bytes (g_byte_array_unref). */
static GByteArray *pdf_end(fixture *f)
{
    cairo_destroy(f->cr);
    cairo_surface_finish(f->surface);
    cairo_surface_destroy(f->surface);
    return f->bytes;
}

/* Draw TEXT with its top-left at X,Y in DejaVu Sans of SIZE points;
 * WIDTH > 0 wraps it.  Returns the height drawn. */
static double text_at(cairo_t *cr, double x, double y, double size, bool bold, double width,
                      const char *text)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, fd);
    if (width > 0)
        pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_text(layout, text, -1);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
    int w, h;
    pango_layout_get_size(layout, &w, &h);
    pango_font_description_free(fd);
    g_object_unref(layout);
    return (double)h / PANGO_SCALE;
}

static void rule(cairo_t *cr, double x0, double y0, double x1, double y1)
{
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
}

/* ---- running the layout ---------------------------------------------- */

/* Print the lines (POA_TEST_DUMP=1): a debugging aid for failing cases. */
static void dump_lines(const poa_lines *l)
{
    if (!g_getenv("POA_TEST_DUMP"))
        return;
    for (size_t i = 0; i < l->n; i++) {
        const poa_line *x = &l->v[i];
        print_message("%2zu p%d b%d f%02x c%d [%5.1f %5.1f %5.1f %5.1f] %s%s%s\n", i, x->page,
                      x->block, x->flags, x->column, x->x0, x->y0, x->x1, x->y1,
                      x->drop_reason ? lines_drop_name(x->drop_reason) : "", x->drop_reason ? ": " : "",
                      x->text);
    }
}

/* Lay out every page of PDF into OUT; asserts success. */
static void layout_all(const GByteArray *pdf, poa_lines *out)
{
    poa_error err = POA_ERROR_INIT;
    layout_doc *doc = layout_open((const char *)pdf->data, pdf->len, "fixture.pdf", NULL, NULL, &err);
    assert_non_null(doc);
    for (int i = 0; i < layout_page_count(doc); i++)
        assert_int_equal(layout_page(doc, i, out, &err), 0);
    layout_close(doc);
    dump_lines(out);
}

/* Index of the first kept line containing NEEDLE; fails when none. */
static size_t find_line(const poa_lines *l, const char *needle)
{
    for (size_t i = 0; i < l->n; i++)
        if (!(l->v[i].flags & POA_LINE_DROPPED) && strstr(l->v[i].text, needle))
            return i;
    fail_msg("no line contains \"%s\"", needle);
    return 0;
}

/* Number of kept lines containing NEEDLE. */
/* Number of lines dropped with REASON ("page number", "watermark"). */
static int count_dropped(const poa_lines *l, const char *reason)
{
    int n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += l->v[i].drop_reason && strcmp(lines_drop_name(l->v[i].drop_reason), reason) == 0;
    return n;
}

static int count_lines(const poa_lines *l, const char *needle)
{
    int n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!(l->v[i].flags & POA_LINE_DROPPED) && strstr(l->v[i].text, needle))
            n++;
    return n;
}

/* Fail when a kept line holds both A and B. */
static void assert_apart(const poa_lines *l, const char *a, const char *b)
{
    for (size_t i = 0; i < l->n; i++)
        if (strstr(l->v[i].text, a) && strstr(l->v[i].text, b))
            fail_msg("line %zu mixes \"%s\" and \"%s\": %s", i, a, b, l->v[i].text);
}

/* ---- tests: tables ------------------------------------------------------ */

static GByteArray *grid_2x2(void)
{
    fixture f = pdf_begin(612, 792);
    static const char *const cells[4][2] = {
        { "Fortalezas uno", "segunda linea de F" }, { "Oportunidades tres", "segunda linea de O" },
        { "Debilidades cinco", "segunda linea de D" }, { "Amenazas siete", "segunda linea de A" } };
    for (int r = 0; r <= 2; r++)
        rule(f.cr, 72, 100 + r * 60, 472, 100 + r * 60);
    for (int c = 0; c <= 2; c++)
        rule(f.cr, 72 + c * 200, 100, 72 + c * 200, 220);
    for (int i = 0; i < 4; i++) {
        double x = 78 + (i % 2) * 200, y = 106 + (i / 2) * 60;
        text_at(f.cr, x, y, 10, false, 0, cells[i][0]);
        text_at(f.cr, x, y + 14, 10, false, 0, cells[i][1]);
    }
    return pdf_end(&f);
}

static void test_grid_2x2_reads_f_o_d_a_without_gluing(void **state)
{
    GByteArray *pdf = grid_2x2();
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    static const char *const order[] = { "Fortalezas uno", "segunda linea de F", "Oportunidades tres",
                                         "segunda linea de O", "Debilidades cinco", "segunda linea de D",
                                         "Amenazas siete", "segunda linea de A" };
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        size_t at = find_line(&l, order[i]);
        assert_int_equal(at, i);
        assert_string_equal(l.v[at].text, order[i]);
        assert_true(l.v[at].flags & POA_LINE_CELL);
        assert_int_equal(!!(l.v[at].flags & POA_LINE_BLOCK_START), i % 2 == 0);
    }
    assert_true(l.v[0].flags & POA_LINE_ROW_START);
    assert_false(l.v[2].flags & POA_LINE_ROW_START);
    assert_true(l.v[4].flags & POA_LINE_ROW_START);
    assert_int_equal(l.v[0].column, 0);
    assert_int_equal(l.v[2].column, 1);
    assert_int_equal(l.v[6].column, 1);
    lines_release(&l);
    g_byte_array_unref(pdf);
}

/* A narrow "Misión" cell left of a wide objectives cell, GAP_EM apart. */
static GByteArray *narrow_beside_wide(double gap_em, bool ruled)
{
    fixture f = pdf_begin(612, 792);
    double size = 9, split = 72 + 110, wide_x = split + gap_em * size;
    text_at(f.cr, 72, 100, size, false, 108,
            "Mision: Garantizar el acceso a la informacion publica de la entidad");
    text_at(f.cr, wide_x, 100, size, false, 300,
            "1. Fortalecer la cultura de la transparencia en todas las areas. "
            "2. Mejorar los procesos de atencion de solicitudes de informacion. "
            "3. Capacitar al personal en materia de datos personales y archivos.");
    if (ruled) {
        rule(f.cr, 70, 96, 540, 96);
        rule(f.cr, 70, 180, 540, 180);
        rule(f.cr, 70, 96, 70, 180);
        rule(f.cr, 540, 96, 540, 180);
        rule(f.cr, split + gap_em * size / 2, 96, split + gap_em * size / 2, 180);
    }
    return pdf_end(&f);
}

static void check_narrow_wide(double gap_em, bool ruled)
{
    GByteArray *pdf = narrow_beside_wide(gap_em, ruled);
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    static const char *const left[] = { "Mision", "Garantizar", "informacion publica", "entidad" };
    static const char *const right[] = { "Fortalecer", "transparencia", "Mejorar", "Capacitar",
                                         "archivos" };
    size_t last_left = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(left); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(right); j++)
            assert_apart(&l, left[i], right[j]);
        last_left = MAX(last_left, find_line(&l, left[i]));
    }
    assert_true(last_left < find_line(&l, "Fortalecer"));
    assert_true(l.v[find_line(&l, "Fortalecer")].flags & POA_LINE_BLOCK_START);
    lines_release(&l);
    g_byte_array_unref(pdf);
}

static void test_narrow_cell_beside_wide_cell_ruled_never_mixed(void **state)
{
    check_narrow_wide(0.2, true);
    check_narrow_wide(0.4, true);
    check_narrow_wide(1.0, true);
}

static void test_narrow_cell_beside_wide_cell_unruled_never_mixed(void **state)
{
    check_narrow_wide(0.4, false);
    check_narrow_wide(1.0, false);
    check_narrow_wide(0.2, false);
}

/* An unruled "Nº | LISTADO" table: numbers at x 95, their text from x 127
 * wrapped at 300 pt, the numbers 1, 2, 3, 3 (a duplicate), then prose. */
static GByteArray *keyed_list(void)
{
    static const char *const items[] = {
        "Desarrollar y mantener una politica de mejora continua de los sistemas informaticos",
        "Capacitar al personal",
        "Implementar politicas de seguridad de los sistemas de informacion y difundirlas al personal de la entidad",
        "Revisar periodicamente los sistemas en uso" };
    static const char *const keys[] = { "1", "2", "3", "3" };
    fixture f = pdf_begin(612, 792);
    text_at(f.cr, 72, 100, 16, true, 0, "ESTRATEGIAS");
    text_at(f.cr, 93, 140, 8, true, 0, "Nº");
    text_at(f.cr, 220, 140, 8, true, 0, "LISTADO DE ESTRATEGIAS");
    double y = 153;
    for (size_t i = 0; i < G_N_ELEMENTS(items); i++) {
        text_at(f.cr, 95, y, 8, false, 0, keys[i]);
        y += text_at(f.cr, 127, y, 8, false, 260, items[i]) + 4;
    }
    text_at(f.cr, 72, y + 30, 10, false, 460,
            "El parrafo que sigue a la tabla no pertenece a ninguna de sus filas.");
    return pdf_end(&f);
}

static void test_unruled_keyed_list_reads_number_then_text_rows(void **state)
{
    GByteArray *pdf = keyed_list();
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    static const char *const starts[] = { "Desarrollar", "Capacitar", "Implementar", "Revisar" };
    static const char *const keys[] = { "1", "2", "3", "3" };
    size_t prev = find_line(&l, "LISTADO DE ESTRATEGIAS");
    assert_true(l.v[prev - 1].flags & POA_LINE_ROW_START);
    assert_string_equal(l.v[prev - 1].text, "Nº");
    for (size_t i = 0; i < G_N_ELEMENTS(starts); i++) {
        size_t at = find_line(&l, starts[i]);
        const poa_line *key = &l.v[at - 1], *text = &l.v[at];
        assert_true(at > prev);
        assert_string_equal(key->text, keys[i]);
        assert_int_equal(key->flags & (POA_LINE_BLOCK_START | POA_LINE_CELL | POA_LINE_ROW_START),
                         POA_LINE_BLOCK_START | POA_LINE_CELL | POA_LINE_ROW_START);
        assert_int_equal(key->column, 0);
        assert_int_equal(text->flags & (POA_LINE_BLOCK_START | POA_LINE_CELL | POA_LINE_ROW_START),
                         POA_LINE_BLOCK_START | POA_LINE_CELL);
        assert_int_equal(text->column, 1);
        prev = at;
    }
    /* the wrapped lines stay in their own row's text cell */
    size_t wrap = find_line(&l, "difundirlas");
    assert_true(wrap > find_line(&l, "Implementar") && wrap < find_line(&l, "Revisar"));
    assert_false(l.v[wrap].flags & POA_LINE_BLOCK_START);
    size_t after = find_line(&l, "El parrafo que sigue");
    assert_false(l.v[after].flags & POA_LINE_CELL);
    assert_true(after > find_line(&l, "Revisar"));
    lines_release(&l);
    g_byte_array_unref(pdf);
}

/* ---- tests: columns and headings ----------------------------------------- */

static const char *const left_text =
    "La columna izquierda habla de la planeacion institucional y de los objetivos que "
    "la entidad se propone alcanzar durante el ejercicio fiscal en curso.";
static const char *const right_text =
    "La columna derecha describe las lineas de accion con las que cada unidad "
    "administrativa contribuye a cumplir las metas del programa anual.";

/* Word's "•<tab>text": the bullets drawn first, one above the other, 2 to
 * 4 em before their text.  Guards against a column of bullets taken for
 * vertical text and its items merged into one paragraph. */
static void test_bullets_far_from_text_stay_on_their_lines(void **state)
{
    static const char *const items[] = { "Personal de trabajo social con experiencia.",
                                         "Unidad de rehabilitacion equipada.",
                                         "Padron actualizado de beneficiarios.",
                                         "Buena coordinacion con el Ayuntamiento." };
    static const double gap_em[] = { 2, 3, 4, 2.5 };
    fixture f = pdf_begin(612, 792);
    text_at(f.cr, 72, 80, 11, false, 0, "Fortalezas");
    for (int i = 0; i < 4; i++)
        text_at(f.cr, 72, 100 + i * 15.6, 11, false, 0, "\u2022");
    for (int i = 0; i < 4; i++)
        text_at(f.cr, 72 + 4 + gap_em[i] * 11, 100 + i * 15.6, 11, false, 0, items[i]);
    text_at(f.cr, 72, 100 + 5 * 15.6, 11, false, 0, "\u2013");
    text_at(f.cr, 72 + 4 + 3 * 11, 100 + 5 * 15.6, 11, false, 0, "Un guion a tres em.");
    GByteArray *pdf = pdf_end(&f);
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    for (size_t i = 0; i < l.n; i++)
        assert_false(l.v[i].flags & POA_LINE_DROPPED);
    assert_int_equal(count_lines(&l, "\u2022"), 4);
    for (int i = 0; i < 4; i++) {
        size_t k = find_line(&l, items[i]);
        assert_true(g_str_has_prefix(l.v[k].text, "\u2022 "));
        assert_string_equal(l.v[k].text + strlen("\u2022 "), items[i]);
        assert_true(i == 0 || k == find_line(&l, items[i - 1]) + 1);
    }
    assert_string_equal(l.v[find_line(&l, "Un guion")].text, "\u2013 Un guion a tres em.");
    lines_release(&l);
    g_byte_array_unref(pdf);
}

static void test_two_columns_left_whole_then_right(void **state)
{
    fixture f = pdf_begin(612, 792);
    text_at(f.cr, 72, 100, 10, false, 220, left_text);
    text_at(f.cr, 72 + 220 + 12, 104, 10, false, 220, right_text);
    GByteArray *pdf = pdf_end(&f);
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    assert_apart(&l, "izquierda", "derecha");
    size_t last_left = find_line(&l, "curso.");
    size_t first_right = find_line(&l, "La columna derecha");
    assert_true(last_left < first_right);
    assert_true(find_line(&l, "programa anual") > first_right);
    for (size_t i = 0; i < l.n; i++)
        assert_true(l.v[i].x1 < 300 || l.v[i].x0 > 295);
    assert_true(l.v[first_right].flags & POA_LINE_BLOCK_START);
    lines_release(&l);
    g_byte_array_unref(pdf);
}

/* A justified line of few words spreads them an em and a half apart: one
 * line still, since the lines around it run on across its gaps.  A gap as
 * wide with nothing across it above or below is a cell's edge. */
static void test_justified_line_of_few_words_stays_one_line(void **state)
{
    (void)state;
    fixture f = pdf_begin(612, 792);
    text_at(f.cr, 72, 100, 10, false, 0, "histórico del municipio y orienta el desarrollo de un");
    static const char *const words[] = { "turismo", "responsable", "que", "beneficie", "a", "las" };
    double x = 72;
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        PangoLayout *probe = pango_cairo_create_layout(f.cr);
        PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans");
        pango_font_description_set_absolute_size(fd, 10 * PANGO_SCALE);
        pango_layout_set_font_description(probe, fd);
        pango_layout_set_text(probe, words[i], -1);
        int w, h;
        pango_layout_get_size(probe, &w, &h);
        pango_font_description_free(fd);
        g_object_unref(probe);
        text_at(f.cr, x, 113, 10, false, 0, words[i]);
        x += (double)w / PANGO_SCALE + 16; /* 1.6 em */
    }
    text_at(f.cr, 72, 126, 10, false, 0, "comunidades locales.");
    /* far below, alone: two cells of a row, 16 pt apart */
    text_at(f.cr, 72, 300, 10, false, 0, "unidad de medida");
    text_at(f.cr, 72 + 100, 300, 10, false, 0, "porcentaje anual");
    GByteArray *pdf = pdf_end(&f);
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    assert_int_equal(count_lines(&l, "turismo responsable que beneficie a las"), 1);
    assert_int_equal(count_lines(&l, "medida porcentaje"), 0);
    lines_release(&l);
    g_byte_array_unref(pdf);
}

/* Two columns set closer than an em (a web page's 10 px gap, 7.5 pt at
 * 10 pt text), each under its heading in a row ("MISIÓN" | "VISIÓN"):
 * split at the gutter the rows share, and each heading read with its own
 * text (a form's labels beside their values, one a row, are no such
 * columns: gen_tja_morelos_etiquetas in tests/data/identity). */
static void test_close_columns_under_headings_read_one_then_other(void **state)
{
    fixture f = pdf_begin(612, 792);
    text_at(f.cr, 72, 80, 11, true, 0, "MISION");
    text_at(f.cr, 72 + 220 + 7.5, 80, 11, true, 0, "VISION");
    text_at(f.cr, 72, 100, 10, false, 220, left_text);
    text_at(f.cr, 72 + 220 + 7.5, 100, 10, false, 220, right_text);
    GByteArray *pdf = pdf_end(&f);
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    assert_apart(&l, "izquierda", "derecha");
    assert_apart(&l, "planeacion", "lineas");
    size_t mision = find_line(&l, "MISION"), vision = find_line(&l, "VISION");
    assert_true(mision < find_line(&l, "La columna izquierda"));
    assert_true(find_line(&l, "curso.") < vision);
    assert_true(vision < find_line(&l, "La columna derecha"));
    lines_release(&l);
    g_byte_array_unref(pdf);
}

static void test_heading_over_one_column_stays_with_it(void **state)
{
    fixture f = pdf_begin(612, 792);
    text_at(f.cr, 72, 100, 10, false, 220, left_text);
    text_at(f.cr, 304, 100, 13, true, 220, "Lineas de accion");
    text_at(f.cr, 304, 122, 10, false, 220, right_text);
    GByteArray *pdf = pdf_end(&f);
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    size_t heading = find_line(&l, "Lineas de accion");
    assert_true(find_line(&l, "curso.") < heading);
    assert_int_equal(find_line(&l, "La columna derecha"), heading + 1);
    assert_true(l.v[heading].flags & POA_LINE_HEADING);
    assert_true(l.v[heading].flags & POA_LINE_BLOCK_START);
    assert_false(l.v[find_line(&l, "La columna izquierda")].flags & POA_LINE_HEADING);
    lines_release(&l);
    g_byte_array_unref(pdf);
}

static void test_heading_across_columns_comes_first(void **state)
{
    fixture f = pdf_begin(612, 792);
    text_at(f.cr, 72, 80, 14, true, 0, "PROGRAMA OPERATIVO ANUAL DE LA ENTIDAD 2024");
    text_at(f.cr, 72, 110, 10, false, 220, left_text);
    text_at(f.cr, 304, 110, 10, false, 220, right_text);
    GByteArray *pdf = pdf_end(&f);
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    assert_int_equal(find_line(&l, "PROGRAMA OPERATIVO"), 0);
    assert_true(find_line(&l, "curso.") < find_line(&l, "La columna derecha"));
    lines_release(&l);
    g_byte_array_unref(pdf);
}

/* ---- tests: furniture ------------------------------------------------------ */

static GByteArray *three_pages_with_furniture(void)
{
    fixture f = pdf_begin(612, 792);
    for (int p = 1; p <= 3; p++) {
        char folio[64];
        text_at(f.cr, 72, 30, 9, false, 0, "Programa Anual de Trabajo 2024 | Unidad de Transparencia");
        g_snprintf(folio, sizeof folio, "Página %d de 3", p);
        text_at(f.cr, 260, 740, 9, false, 0, folio);
        g_snprintf(folio, sizeof folio, "%d", p);
        text_at(f.cr, 540, 760, 9, false, 0, folio);
        char body[128];
        g_snprintf(body, sizeof body, "Texto del cuerpo de la pagina numero %d del documento.", p);
        text_at(f.cr, 72, 200, 10, false, 0, body);
        cairo_show_page(f.cr);
    }
    return pdf_end(&f);
}

static void test_running_header_and_page_numbers_dropped(void **state)
{
    GByteArray *pdf = three_pages_with_furniture();
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    int kept = 0;
    for (size_t i = 0; i < l.n; i++) {
        const poa_line *x = &l.v[i];
        if (!(x->flags & POA_LINE_DROPPED)) {
            kept++;
            assert_non_null(strstr(x->text, "Texto del cuerpo"));
            assert_true(x->flags & POA_LINE_PAGE_START);
            continue;
        }
        assert_int_not_equal(x->drop_reason, POA_DROP_NONE);
    }
    assert_int_equal(kept, 3);
    assert_int_equal(count_dropped(&l, "running header"), 3);
    assert_int_equal(count_dropped(&l, "page number"), 6);
    lines_release(&l);
    g_byte_array_unref(pdf);
}

/* Four pages: folio N at the foot; a header that alternates between even
 * and odd pages; page 3 opens with a table row "41 | Impresora | 2" in the
 * top band; page 4's folio is glued to its footer text. */
static GByteArray *pages_with_numbers_in_tables(void)
{
    fixture f = pdf_begin(612, 792);
    for (int p = 1; p <= 4; p++) {
        char buf[96];
        text_at(f.cr, 72, 30, 9, false, 0, p % 2 ? "Informe impar de la Unidad" : "Programa par de la Unidad");
        if (p == 3) {
            text_at(f.cr, 92, 74, 8, false, 0, "41");
            text_at(f.cr, 124, 74, 8, false, 0, "Impresora laser de red");
            text_at(f.cr, 395, 74, 8, false, 0, "2");
        }
        g_snprintf(buf, sizeof buf, "Texto del cuerpo de la pagina %d del documento.", p);
        text_at(f.cr, 72, 200, 10, false, 0, buf);
        if (p == 4)
            g_snprintf(buf, sizeof buf, "%d Plan Operativo Informatico", p);
        else
            g_snprintf(buf, sizeof buf, "%d", p);
        text_at(f.cr, 72, 750, 9, false, 0, buf);
        cairo_show_page(f.cr);
    }
    return pdf_end(&f);
}

static void test_number_in_top_band_table_row_is_not_a_page_number(void **state)
{
    GByteArray *pdf = pages_with_numbers_in_tables();
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    assert_int_equal(count_lines(&l, "41"), 1);
    size_t two = find_line(&l, "Impresora");
    assert_true(l.v[two + 1].text[0] == '2' && l.v[two + 1].text[1] == '\0');
    assert_false(l.v[two + 1].flags & POA_LINE_DROPPED);
    assert_int_equal(count_dropped(&l, "page number"), 4);
    lines_release(&l);
    g_byte_array_unref(pdf);
}

static void test_page_number_glued_to_footer_is_split_off(void **state)
{
    GByteArray *pdf = pages_with_numbers_in_tables();
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    bool split = false;
    for (size_t i = 0; i < l.n; i++) {
        const poa_line *x = &l.v[i];
        if (x->page == 4 && x->drop_reason == POA_DROP_PAGE_NUMBER)
            split = strcmp(x->text, "4") == 0;
        assert_false(x->page == 4 && strstr(x->text, "4 Plan"));
    }
    assert_true(split);
    lines_release(&l);
    g_byte_array_unref(pdf);
}

static void test_header_alternating_even_odd_pages_dropped(void **state)
{
    GByteArray *pdf = pages_with_numbers_in_tables();
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    /* page 1 sees only page 2 ahead: its header is known from page 3 on */
    for (size_t i = 0; i < l.n; i++)
        if (l.v[i].page >= 3 && strstr(l.v[i].text, " de la Unidad"))
            assert_int_equal(l.v[i].drop_reason, POA_DROP_RUNNING_HEADER);
    assert_int_equal(count_lines(&l, "Texto del cuerpo"), 4);
    lines_release(&l);
    g_byte_array_unref(pdf);
}

/* ---- tests: geometry and errors -------------------------------------------- */

static void test_landscape_page_keeps_cells_apart(void **state)
{
    fixture f = pdf_begin(792, 612);
    rule(f.cr, 40, 100, 752, 100);
    rule(f.cr, 40, 160, 752, 160);
    double xs[] = { 40, 140, 240, 640, 752 };
    for (size_t i = 0; i < G_N_ELEMENTS(xs); i++)
        rule(f.cr, xs[i], 100, xs[i], 160);
    text_at(f.cr, 44, 104, 8, false, 92, "Ejercicio 2023");
    text_at(f.cr, 144, 104, 8, false, 92, "Fecha de inicio 01/01/2023");
    text_at(f.cr, 244, 104, 8, false, 390,
            "Programa de trabajo de la unidad con metas y objetivos del periodo que se informa");
    text_at(f.cr, 644, 104, 8, false, 100, "Nota final");
    GByteArray *pdf = pdf_end(&f);
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    size_t a = find_line(&l, "Ejercicio"), b = find_line(&l, "Fecha de"), c = find_line(&l, "Programa");
    assert_true(a < b && b < c);
    assert_int_equal(l.v[a].column, 0);
    assert_int_equal(l.v[b].column, 1);
    assert_int_equal(l.v[c].column, 2);
    size_t d = find_line(&l, "Nota final");
    assert_int_equal(d, c + 1);
    assert_int_equal(l.v[d].column, 3);
    assert_true(l.v[d].x0 > 612 && l.v[d].x1 <= 792);
    assert_apart(&l, "2023", "Programa");
    lines_release(&l);
    g_byte_array_unref(pdf);
}

static void test_truncated_pdf_is_corrupt(void **state)
{
    GByteArray *pdf = grid_2x2();
    poa_error err = POA_ERROR_INIT;
    layout_doc *doc = layout_open((const char *)pdf->data, pdf->len / 3, "cut.pdf", NULL, NULL, &err);
    assert_null(doc);
    assert_int_equal(err.code, POA_E_PDF);
    assert_non_null(strstr(err.message, "corrupt or truncated PDF"));
    g_byte_array_unref(pdf);
}

/* Encrypt PDF with qpdf (user password "u"); NULL when qpdf is missing. */
static char *encrypt_with_qpdf(const GByteArray *pdf, gsize *len)
{
    char *dir = g_dir_make_tmp("poa-layout-XXXXXX", NULL);
    char *in = g_build_filename(dir, "in.pdf", NULL), *out = g_build_filename(dir, "out.pdf", NULL);
    char *data = NULL;
    g_file_set_contents(in, (const char *)pdf->data, pdf->len, NULL);
    char *argv[] = { "qpdf", "--encrypt", "u", "o", "256", "--", in, out, NULL };
    gint status = -1;
    if (g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) &&
        status == 0)
        g_file_get_contents(out, &data, len, NULL);
    g_remove(in);
    g_remove(out);
    g_rmdir(dir);
    g_free(in);
    g_free(out);
    g_free(dir);
    return data;
}

static void test_encrypted_pdf_needs_password(void **state)
{
    GByteArray *pdf = grid_2x2();
    gsize len = 0;
    char *enc = encrypt_with_qpdf(pdf, &len);
    g_byte_array_unref(pdf);
    if (!enc)
        skip();
    poa_error err = POA_ERROR_INIT;
    assert_null(layout_open(enc, len, "enc.pdf", NULL, NULL, &err));
    assert_int_equal(err.code, POA_E_ENCRYPTED);
    assert_non_null(strstr(err.message, "encrypted PDF: wrong or missing password"));
    poa_error ok = POA_ERROR_INIT;
    layout_doc *doc = layout_open(enc, len, "enc.pdf", "u", NULL, &ok);
    assert_non_null(doc);
    assert_int_equal(ok.code, POA_OK);
    layout_close(doc);
    g_free(enc);
}

static void test_image_only_pdf_has_no_body_lines(void **state)
{
    fixture f = pdf_begin(612, 792);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 64, 64);
    cairo_t *ic = cairo_create(img);
    cairo_set_source_rgb(ic, 0.2, 0.4, 0.6);
    cairo_paint(ic);
    cairo_destroy(ic);
    cairo_set_source_surface(f.cr, img, 100, 100);
    cairo_paint(f.cr);
    cairo_surface_destroy(img);
    rule(f.cr, 72, 300, 540, 300);
    GByteArray *pdf = pdf_end(&f);
    poa_lines l = POA_LINES_INIT;
    layout_all(pdf, &l);
    assert_int_equal(l.n, 0);
    lines_release(&l);
    g_byte_array_unref(pdf);
}

/* ---- tests: a real gazette ------------------------------------------------- */

#define TANHUATO TEST_SHARED_DIR "/real/tanhuato_pmd_2018_2021.pdf"

static void test_real_gazette_watermark_and_margin_note_dropped(void **state)
{
    if (!g_file_test(TANHUATO, G_FILE_TEST_EXISTS))
        skip();
    size_t len;
    char *data = test_read_file(TANHUATO, &len);
    poa_error err = POA_ERROR_INIT;
    layout_doc *doc = layout_open(data, len, "tanhuato.pdf", NULL, NULL, &err);
    assert_non_null(doc);
    poa_lines l = POA_LINES_INIT;
    assert_int_equal(layout_page(doc, 14, &l, &err), 0); /* page 15: FORTALEZAS */
    for (size_t i = 0; i < l.n; i++) {
        const poa_line *x = &l.v[i];
        if (x->flags & POA_LINE_DROPPED)
            continue;
        /* no single watermark letter and no piece of the margin note is kept */
        assert_true(g_utf8_strlen(x->text, -1) > 1 || g_ascii_isdigit(x->text[0]));
        assert_null(strstr(x->text, "Versión digital"));
        assert_true(x->x0 > 60);
    }
    assert_true(count_dropped(&l, "watermark") >= 1);
    assert_int_equal(count_dropped(&l, "vertical text"), 1);
    /* FODA rows: each item is its own block, one line each */
    static const char *const rows[] = { "Vocación agrícola como base de la economía.",
                                        "Terrenos de cultivos de alta productividad agrícola",
                                        "Suficiente agua potable y de riego agrícola",
                                        "Agricultura protegida" };
    size_t first = find_line(&l, rows[0]);
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        const poa_line *x = &l.v[first + i];
        assert_string_equal(x->text, rows[i]);
        assert_true(x->flags & POA_LINE_BLOCK_START);
        assert_true(x->flags & POA_LINE_CELL);
    }
    assert_int_equal(count_lines(&l, "OPORTUNIDADES"), 1);
    assert_true(find_line(&l, "FORTALEZAS") < find_line(&l, "OPORTUNIDADES"));
    lines_release(&l);
    layout_close(doc);
    g_free(data);
}

static void test_real_gazette_running_header_dropped(void **state)
{
    if (!g_file_test(TANHUATO, G_FILE_TEST_EXISTS))
        skip();
    size_t len;
    char *data = test_read_file(TANHUATO, &len);
    poa_error err = POA_ERROR_INIT;
    layout_doc *doc = layout_open(data, len, "tanhuato.pdf", NULL, NULL, &err);
    assert_non_null(doc);
    poa_lines l = POA_LINES_INIT;
    for (int p = 13; p < 16; p++)
        assert_int_equal(layout_page(doc, p, &l, &err), 0);
    assert_int_equal(count_lines(&l, "PERIÓDICO OFICIAL"), 0);
    assert_int_equal(count_lines(&l, "PÁGINA"), 0);
    assert_int_equal(count_lines(&l, "3a. Secc."), 0);
    lines_release(&l);
    layout_close(doc);
    g_free(data);
}

/* Lines of page INDEX (0-based) of PATH; asserts success. */
static void layout_file_page(const char *path, int index, poa_lines *out)
{
    size_t len;
    char *data = test_read_file(path, &len);
    assert_non_null(data);
    poa_error err = POA_ERROR_INIT;
    layout_doc *doc = layout_open(data, len, path, NULL, NULL, &err);
    assert_non_null(doc);
    for (int p = 0; p <= index; p++) {
        lines_clear(out);
        assert_int_equal(layout_page(doc, p, out, &err), 0);
    }
    layout_close(doc);
    g_free(data);
    dump_lines(out);
}

/* A light diagonal watermark painted over a ruled table hides stretches of
 * its rules: they must be carried across it, or a cell falls apart and
 * its lines interleave with the next item's. */
static void test_watermark_over_rules_keeps_cells_whole(void **state)
{
    poa_lines l = POA_LINES_INIT;
    layout_file_page("samples/plan_municipal_four_levels.pdf", 1, &l);
    static const char *const cell[] = { "1.1.1.1.- Gestionar", "las casas de salud de las tenencias.",
                                        "1.1.1.2.- Equipar", "material de curación." };
    size_t first = find_line(&l, cell[0]);
    for (size_t i = 0; i < G_N_ELEMENTS(cell); i++) {
        assert_non_null(strstr(l.v[first + i].text, cell[i]));
        assert_int_equal(l.v[first + i].block, l.v[first].block);
    }
    size_t est = find_line(&l, "1.3.1.-Rehabilitar los espacios");
    assert_string_equal(l.v[est + 1].text, "deportivos.");
    assert_int_equal(l.v[est + 1].block, l.v[est].block);
    lines_release(&l);
}

/* Small table text must not set the body size: prose beside tables is
 * no heading; and header cells found a few points apart read left to
 * right. */
static void test_real_gazette_body_size_and_header_order(void **state)
{
    if (!g_file_test(TANHUATO, G_FILE_TEST_EXISTS))
        skip();
    poa_lines l = POA_LINES_INIT;
    layout_file_page(TANHUATO, 7, &l); /* page 8: prose between tables */
    assert_false(l.v[find_line(&l, "La actividad ganadera")].flags & POA_LINE_HEADING);
    assert_true(l.v[find_line(&l, "PRINCIPALES LOCALIDADES")].flags & POA_LINE_HEADING);
    layout_file_page(TANHUATO, 17, &l); /* page 18 */
    for (size_t i = 0; i < l.n; i++)
        if (strcmp(l.v[i].text, "LINEA DE ACCION") == 0 && (l.v[i].flags & POA_LINE_CELL)) {
            assert_string_equal(l.v[i - 1].text, "ESTRATEGIA");
            assert_false(l.v[i].flags & POA_LINE_ROW_START);
        }
    lines_release(&l);
}

#define IGP TEST_SHARED_DIR "/real/igp_poinf_2014.pdf"

/* The key lines (S C R, column 0) of page INDEX of igp, joined by ','. */
static char *igp_keys(layout_doc *doc, int index)
{
    poa_lines l = POA_LINES_INIT;
    poa_error err = POA_ERROR_INIT;
    assert_int_equal(layout_page(doc, index, &l, &err), 0);
    GString *keys = g_string_new(NULL);
    for (size_t i = 0; i < l.n; i++) {
        const poa_line *x = &l.v[i];
        if (x->flags & POA_LINE_DROPPED || !(x->flags & POA_LINE_ROW_START))
            continue;
        assert_true(x->flags & POA_LINE_CELL);
        assert_int_equal(x->column, 0);
        g_string_append_printf(keys, "%s%s", keys->len ? "," : "", x->text);
        if (!g_ascii_isdigit(x->text[0]))
            continue; /* a header or group title row */
        /* a number's text follows at once, as its own cell */
        assert_true(i + 1 < l.n && (l.v[i + 1].flags & POA_LINE_CELL) &&
                    (l.v[i + 1].flags & POA_LINE_BLOCK_START));
        assert_false(l.v[i + 1].flags & POA_LINE_ROW_START);
    }
    lines_release(&l);
    return g_string_free(keys, FALSE);
}

static void test_real_unruled_numbered_lists_read_row_by_row(void **state)
{
    if (!g_file_test(IGP, G_FILE_TEST_EXISTS))
        skip();
    size_t len;
    char *data = test_read_file(IGP, &len);
    poa_error err = POA_ERROR_INIT;
    layout_doc *doc = layout_open(data, len, "igp.pdf", NULL, NULL, &err);
    assert_non_null(doc);
    static const struct { int page; const char *keys; } want[] = {
        { 10, "Nº,1,2,3,4,5" },       /* debilidades */
        { 11, "Nº,1,2,3,4,5,6,7" },   /* fortalezas */
        { 12, "Nº,1,2" },             /* amenazas */
        { 13, "Nº,1,2,3" },           /* oportunidades */
        { 14, "Nº,1,2" },             /* objetivos sectoriales */
        { 16, "Nº,1,2,3" },           /* objetivos especificos */
        { 17, "Nº,1,2,3,3,4,5,6" },   /* estrategias, with the duplicate 3 */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        char *keys = igp_keys(doc, want[i].page - 1);
        assert_string_equal(keys, want[i].keys);
        g_free(keys);
    }
    char *inventory = igp_keys(doc, 8); /* page 9: group titles are rows too */
    assert_string_equal(inventory, "Nº,Switches,1,2,3,4,5,Wireless,6,Otros,7");
    g_free(inventory);
    layout_close(doc);
    g_free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_2x2_reads_f_o_d_a_without_gluing),
        cmocka_unit_test(test_narrow_cell_beside_wide_cell_ruled_never_mixed),
        cmocka_unit_test(test_narrow_cell_beside_wide_cell_unruled_never_mixed),
        cmocka_unit_test(test_unruled_keyed_list_reads_number_then_text_rows),
        cmocka_unit_test(test_bullets_far_from_text_stay_on_their_lines),
        cmocka_unit_test(test_two_columns_left_whole_then_right),
        cmocka_unit_test(test_justified_line_of_few_words_stays_one_line),
        cmocka_unit_test(test_close_columns_under_headings_read_one_then_other),
        cmocka_unit_test(test_heading_over_one_column_stays_with_it),
        cmocka_unit_test(test_heading_across_columns_comes_first),
        cmocka_unit_test(test_running_header_and_page_numbers_dropped),
        cmocka_unit_test(test_number_in_top_band_table_row_is_not_a_page_number),
        cmocka_unit_test(test_page_number_glued_to_footer_is_split_off),
        cmocka_unit_test(test_header_alternating_even_odd_pages_dropped),
        cmocka_unit_test(test_landscape_page_keeps_cells_apart),
        cmocka_unit_test(test_truncated_pdf_is_corrupt),
        cmocka_unit_test(test_encrypted_pdf_needs_password),
        cmocka_unit_test(test_image_only_pdf_has_no_body_lines),
        cmocka_unit_test(test_real_gazette_watermark_and_margin_note_dropped),
        cmocka_unit_test(test_real_gazette_running_header_dropped),
        cmocka_unit_test(test_real_unruled_numbered_lists_read_row_by_row),
        cmocka_unit_test(test_watermark_over_rules_keeps_cells_whole),
        cmocka_unit_test(test_real_gazette_body_size_and_header_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
