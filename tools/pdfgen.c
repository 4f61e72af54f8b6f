/* pdfgen.c - draw a sample PDF from a small line-based layout spec (cairo + pango).
 *
 * Usage: pdfgen SPEC OUT.pdf
 *
 * The spec is read line by line; '#' starts a comment line, blank lines are ignored.
 * Each line is DIRECTIVE [ARGS]; TEXT runs to the end of the line, is Pango markup
 * (<b>, <i>, &amp;) and "\n" in it forces a line break.  docs/pdfgen.md has the full
 * reference; in short:
 *
 *   page letter|legal portrait|landscape    (before any content; default letter portrait)
 *   margins TOP RIGHT BOTTOM LEFT           in points
 *   title TEXT                              PDF metadata title
 *   family NAME / size PT / indent PT       font family, body size, left indent of blocks
 *   header left|center|right|outer TEXT     running header ({n} page, {N} pages;
 *   footer left|center|right|outer TEXT       outer = right on odd, left on even pages)
 *   header-even TEXT / footer-even TEXT     another text on even pages (mirrored headers)
 *   furniture-from N                        first page that carries header and footer
 *   watermark TEXT / margin-note TEXT       diagonal grey text / vertical left-margin text
 *   columns 1|2 [GUTTER]                    start a column region at the current position
 *   heading SIZE TEXT / center SIZE TEXT    bold heading, left or centred
 *   para TEXT                               paragraph
 *   bullet GLYPH TEXT / item LABEL TEXT     hanging-indent list item; {a label} may hold spaces
 *   space PT / pagebreak / columnbreak
 *   cellpad PT / rules on|off / shade on|off  table settings for the tables that follow
 *   table W1 W2 ...                         ruled table, column widths in points
 *   hrow / row / cell / endtable            header row (repeated after page breaks), body
 *                                           row, next cell (block lines that follow go in it)
 *
 * The document is laid out twice: a first pass into a discarding surface counts the
 * pages for {N}.  Metadata dates come from SOURCE_DATE_EPOCH (default 2024-01-01) so
 * that a re-run is byte-identical.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum kind { K_PARA, K_HEAD, K_CENTER, K_BULLET, K_ITEM, K_SPACE };
enum align { A_LEFT, A_CENTER, A_RIGHT, A_OUTER };

/* One block of text as written in the spec, with the font in effect. */
struct block {
    enum kind kind;
    char *label;  /* bullet glyph or item label, or NULL */
    char *text;   /* Pango markup */
    double size;  /* font size in points (also the height of K_SPACE) */
    double indent;
    char family[64];
};

/* One laid-out line: the unit that page and column breaks move. */
struct tline {
    PangoLayout *lay;   /* borrowed from the owning struct lines */
    int idx;            /* line index inside lay */
    PangoLayout *label; /* on a list item's first line only */
    double x;           /* text offset from the box's left edge */
    double lx;          /* label offset from the box's left edge */
    double gap;         /* space before the line; dropped at a column top */
    double h, base;     /* line height, baseline below the line top */
    int keep;           /* heading line: keep with the lines after it */
};

struct lines {
    GArray *v;       /* struct tline */
    GPtrArray *own;  /* PangoLayout*, unreferenced with the lines */
};

struct row {
    int header;
    GPtrArray *cells; /* GPtrArray* of struct block* */
};

struct table {
    GArray *widths;   /* double */
    GPtrArray *heads; /* struct row*, kept to repeat after a page break */
    struct row *cur;  /* row being read */
};

struct furn {
    char *text;
    char *even; /* text for even pages, or NULL for the same text */
    enum align align;
};

struct gen {
    cairo_t *cr;
    int pass2, page, npages;
    double pw, ph, mt, mr, mb, ml;
    char family[64];
    double size, indent;
    struct furn header, footer;
    int furn_from;
    char *watermark, *margin_note;
    int ncols, col;
    double gutter, col_top, y, y_max;
    double cellpad;
    int rules, shade;
    struct table *tab;
    const char *file;
    int lineno;
};

/* The Makefile links no libm: the few numeric helpers are here. */
static double dmax(double a, double b)
{
    return a > b ? a : b;
}

static double root(double v)
{
    double r = v > 1 ? v : 1;
    for (int i = 0; i < 40; i++)
        r = (r + v / r) / 2;
    return r;
}

static void die(const struct gen *g, const char *msg, const char *arg)
{
    fprintf(stderr, "pdfgen: %s:%d: %s%s%s\n", g->file, g->lineno, msg, arg ? ": " : "",
            arg ? arg : "");
    exit(1);
}

/* ---- blocks --------------------------------------------------------------------- */

/* Turn the two characters "\n" into a newline, in place. */
static void unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (r[0] == '\\' && r[1] == 'n') {
            *w++ = '\n';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

static struct block *block_new(const struct gen *g, enum kind k, const char *label,
                               const char *text, double size)
{
    struct block *b = g_new0(struct block, 1);
    b->kind = k;
    b->label = label ? g_strdup(label) : NULL;
    b->text = g_strdup(text ? text : "");
    unescape(b->text);
    b->size = size;
    b->indent = g->indent;
    g_strlcpy(b->family, g->family, sizeof b->family);
    if (k != K_SPACE && !pango_parse_markup(b->text, -1, 0, NULL, NULL, NULL, NULL))
        die(g, "bad markup", text);
    return b;
}

static void block_free(void *p)
{
    struct block *b = p;
    if (!b)
        return;
    g_free(b->label);
    g_free(b->text);
    g_free(b);
}

/* Pango adds a hyphen where it must break inside a word: the samples' texts must
 * not gain characters the spec did not write. */
static void no_hyphens(PangoLayout *lay)
{
    PangoAttrList *attrs = pango_layout_get_attributes(lay);
    PangoAttrList *own = attrs ? pango_attr_list_ref(attrs) : pango_attr_list_new();
    pango_attr_list_insert(own, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(lay, own);
    pango_attr_list_unref(own);
}

static PangoLayout *make_layout(cairo_t *cr, const char *family, double size, int bold,
                                const char *markup, double width)
{
    PangoLayout *lay = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_new();
    /* Sizes are PDF points: pango's default of 96 dpi would scale them by 4/3. */
    pango_cairo_context_set_resolution(pango_layout_get_context(lay), 72);
    pango_layout_context_changed(lay);
    pango_font_description_set_family(fd, family);
    pango_font_description_set_size(fd, (int)(size * PANGO_SCALE));
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD);
    }
    pango_layout_set_markup(lay, markup, -1);
    no_hyphens(lay);
    return lay;
}

static double layout_width(PangoLayout *lay)
{
    PangoRectangle log;
    pango_layout_get_extents(lay, NULL, &log);
    return (double)log.width / PANGO_SCALE;
}

/* Space before a block, by kind: headings get more air than list items. */
static double block_gap(const struct block *b)
{
    switch (b->kind) {
    case K_HEAD:
    case K_CENTER:
        return b->size * 0.8;
    case K_PARA:
        return b->size * 0.5;
    default:
        return b->size * 0.25;
    }
}

/* ---- line lists ------------------------------------------------------------------ */

static void lines_init(struct lines *ls)
{
    ls->v = g_array_new(FALSE, TRUE, sizeof(struct tline));
    ls->own = g_ptr_array_new_with_free_func(g_object_unref);
}

static void lines_release(struct lines *ls)
{
    g_array_free(ls->v, TRUE);
    g_ptr_array_free(ls->own, TRUE);
}

/* Append every line of LAY; the first one carries LABEL and the block gap. */
static void lines_add_layout(struct lines *ls, PangoLayout *lay, PangoLayout *label,
                             double x, double lx, double gap, int keep)
{
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    int idx = 0;
    g_ptr_array_add(ls->own, lay);
    if (label)
        g_ptr_array_add(ls->own, label);
    do {
        PangoRectangle log;
        struct tline t = {lay, idx, idx == 0 ? label : NULL, x, lx, idx == 0 ? gap : 0,
                          0, 0, keep};
        pango_layout_iter_get_line_extents(it, NULL, &log);
        t.h = (double)log.height / PANGO_SCALE;
        t.base = (double)(pango_layout_iter_get_baseline(it) - log.y) / PANGO_SCALE;
        g_array_append_val(ls->v, t);
        idx++;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

/* Lay out block B in a box WIDTH points wide and append its lines to LS. */
static void lines_add_block(struct lines *ls, cairo_t *cr, const struct block *b,
                            double width)
{
    double gap = block_gap(b), x = b->indent;
    PangoLayout *label = NULL, *lay;
    if (b->kind == K_SPACE) {
        struct tline t = {0};
        t.gap = b->size;
        g_array_append_val(ls->v, t);
        return;
    }
    if (b->label) {
        label = make_layout(cr, b->family, b->size, 0, b->label, -1);
        x += dmax(b->kind == K_BULLET ? 1.4 * b->size : 1.8 * b->size,
                  layout_width(label) + 0.5 * b->size);
    }
    lay = make_layout(cr, b->family, b->size, b->kind == K_HEAD || b->kind == K_CENTER,
                      b->text, width - x);
    if (b->kind == K_CENTER)
        pango_layout_set_alignment(lay, PANGO_ALIGN_CENTER);
    lines_add_layout(ls, lay, label, x, b->indent, gap, b->kind == K_HEAD);
}

static void draw_line(cairo_t *cr, const struct tline *t, double x, double top)
{
    if (!t->lay)
        return;
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (t->label) {
        cairo_move_to(cr, x + t->lx, top + t->base);
        pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(t->label, 0));
    }
    if (pango_layout_get_alignment(t->lay) == PANGO_ALIGN_CENTER) {
        PangoRectangle log;
        pango_layout_line_get_extents(pango_layout_get_line_readonly(t->lay, t->idx), NULL,
                                      &log);
        x += ((double)pango_layout_get_width(t->lay) - log.width) / 2 / PANGO_SCALE;
    }
    cairo_move_to(cr, x + t->x, top + t->base);
    pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(t->lay, t->idx));
}

/* ---- pages and furniture ----------------------------------------------------------- */

static double col_width(const struct gen *g)
{
    double w = g->pw - g->ml - g->mr;
    return g->ncols == 2 ? (w - g->gutter) / 2 : w;
}

static double col_x(const struct gen *g)
{
    return g->ml + g->col * (col_width(g) + g->gutter);
}

static double bottom(const struct gen *g)
{
    return g->ph - g->mb;
}

/* Replace {n} and {N} in T; the caller frees the result. */
static char *furn_text(const struct gen *g, const char *t)
{
    GString *s = g_string_new(NULL);
    for (; *t; t++) {
        if (t[0] == '{' && (t[1] == 'n' || t[1] == 'N') && t[2] == '}') {
            g_string_append_printf(s, "%d", t[1] == 'n' ? g->page : g->npages);
            t += 2;
        } else {
            g_string_append_c(s, *t);
        }
    }
    return g_string_free(s, FALSE);
}

static void draw_furn(struct gen *g, const struct furn *f, double ybase)
{
    char *t;
    PangoLayout *lay;
    double w = g->pw - g->ml - g->mr, x = g->ml, lw;
    enum align a = f->align;
    if (!f->text)
        return;
    t = furn_text(g, f->even && g->page % 2 == 0 ? f->even : f->text);
    lay = make_layout(g->cr, g->family, 8, 0, t, -1);
    lw = layout_width(lay);
    if (a == A_OUTER)
        a = g->page % 2 ? A_RIGHT : A_LEFT;
    if (a == A_CENTER)
        x += (w - lw) / 2;
    else if (a == A_RIGHT)
        x += w - lw;
    cairo_set_source_rgb(g->cr, 0, 0, 0);
    cairo_move_to(g->cr, x, ybase);
    pango_cairo_show_layout_line(g->cr, pango_layout_get_line_readonly(lay, 0));
    g_object_unref(lay);
    g_free(t);
}

/* Draw TEXT centred on (CX, CY), its baseline along (DX, DY) (a unit vector, y down),
 * in grey GREY. */
static void draw_turned(struct gen *g, const char *text, double size, double dx, double dy,
                        double cx, double cy, double grey)
{
    PangoLayout *lay = make_layout(g->cr, g->family, size, size > 20, text, -1);
    PangoRectangle log;
    cairo_matrix_t m;
    pango_layout_get_extents(lay, NULL, &log);
    cairo_save(g->cr);
    cairo_translate(g->cr, cx, cy);
    cairo_matrix_init(&m, dx, dy, -dy, dx, 0, 0);
    cairo_transform(g->cr, &m);
    cairo_set_source_rgb(g->cr, grey, grey, grey);
    cairo_move_to(g->cr, -(double)log.width / PANGO_SCALE / 2,
                  -(double)log.height / PANGO_SCALE / 2);
    pango_cairo_show_layout(g->cr, lay);
    cairo_restore(g->cr);
    g_object_unref(lay);
}

/* Finish the current page: watermark, margin note, header and footer, then emit it. */
static void page_finish(struct gen *g)
{
    double d = root(g->pw * g->pw + g->ph * g->ph);
    if (g->watermark)
        draw_turned(g, g->watermark, 54, g->pw / d, -g->ph / d, g->pw / 2, g->ph / 2, 0.82);
    if (g->margin_note)
        draw_turned(g, g->margin_note, 7, 0, -1, g->ml / 2, g->ph / 2, 0.35);
    if (g->page >= g->furn_from) {
        draw_furn(g, &g->header, g->mt / 2);
        draw_furn(g, &g->footer, g->ph - g->mb / 2 + 6);
    }
    cairo_show_page(g->cr);
}

static void page_next(struct gen *g)
{
    page_finish(g);
    g->page++;
    g->col = 0;
    g->y = g->col_top = g->y_max = g->mt;
}

/* Move the flow to the next column, or to the next page after the last column. */
static void column_next(struct gen *g)
{
    if (g->col + 1 < g->ncols) {
        g->col++;
        g->y = g->col_top;
        return;
    }
    page_next(g);
}

/* ---- the one-column or two-column flow --------------------------------------------- */

static double keep_height(const struct lines *ls, guint i)
{
    double h = 0;
    for (guint j = i; j < ls->v->len && j < i + 3; j++)
        h += g_array_index(ls->v, struct tline, j).h;
    return h;
}

static void flow_lines(struct gen *g, const struct lines *ls)
{
    for (guint i = 0; i < ls->v->len; i++) {
        const struct tline *t = &g_array_index(ls->v, struct tline, i);
        int at_top = g->y <= g->col_top + 0.01;
        double gap = at_top ? 0 : t->gap;
        double need = t->keep ? keep_height(ls, i) + 3 * t->h : t->h;
        if (!at_top && g->y + gap + need > bottom(g)) {
            column_next(g);
            gap = 0;
        }
        draw_line(g->cr, t, col_x(g), g->y + gap);
        g->y += gap + t->h;
        g->y_max = dmax(g->y_max, g->y);
    }
}

static void flow_block(struct gen *g, struct block *b)
{
    struct lines ls;
    lines_init(&ls);
    lines_add_block(&ls, g->cr, b, col_width(g));
    flow_lines(g, &ls);
    lines_release(&ls);
    block_free(b);
}

static void set_columns(struct gen *g, int n, double gutter)
{
    g->y = g->ncols > 1 ? g->y_max : g->y;
    g->ncols = n;
    g->gutter = gutter;
    g->col = 0;
    g->col_top = g->y;
}

/* ---- tables ------------------------------------------------------------------------ */

static struct row *row_new(int header)
{
    struct row *r = g_new0(struct row, 1);
    r->header = header;
    r->cells = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    return r;
}

static void row_free(void *p)
{
    struct row *r = p;
    if (!r)
        return;
    g_ptr_array_free(r->cells, TRUE);
    g_free(r);
}

static double tab_width(const struct table *t, guint c)
{
    return g_array_index(t->widths, double, c);
}

/* How many lines from POS fit in AVAIL points; their height goes to *USED. */
static guint cell_fit(const struct lines *ls, guint pos, double avail, double *used)
{
    guint n = 0;
    double h = 0;
    for (guint i = pos; i < ls->v->len; i++, n++) {
        const struct tline *t = &g_array_index(ls->v, struct tline, i);
        double add = (i == pos ? 0 : t->gap) + t->h;
        if (h + add > avail)
            break;
        h += add;
    }
    *used = h;
    return n;
}

static void cell_draw(cairo_t *cr, const struct lines *ls, guint pos, guint n, double x,
                      double y)
{
    for (guint i = pos; i < pos + n; i++) {
        const struct tline *t = &g_array_index(ls->v, struct tline, i);
        y += i == pos ? 0 : t->gap;
        draw_line(cr, t, x, y);
        y += t->h;
    }
}

static void row_frame(struct gen *g, const struct table *t, double y, double h, int header)
{
    double x = col_x(g);
    for (guint c = 0; c < t->widths->len; c++) {
        double w = tab_width(t, c);
        cairo_rectangle(g->cr, x, y, w, h);
        if (header && g->shade) {
            cairo_set_source_rgb(g->cr, 0.88, 0.88, 0.88);
            cairo_fill_preserve(g->cr);
        }
        cairo_set_source_rgb(g->cr, 0, 0, 0);
        cairo_set_line_width(g->cr, 0.6);
        if (g->rules)
            cairo_stroke(g->cr);
        else
            cairo_new_path(g->cr);
        x += w;
    }
}

static void table_heads(struct gen *g);

/* Draw one piece of row R (what fits on this page); return 1 when lines remain. */
static int row_piece(struct gen *g, struct row *r, struct lines *ls, guint *pos)
{
    guint nc = g->tab->widths->len, n[64];
    double pad = g->cellpad, avail = bottom(g) - g->y - 2 * pad, h = 0, x = col_x(g);
    int left = 0, any = 0;
    for (guint c = 0; c < nc; c++) {
        double used;
        n[c] = cell_fit(&ls[c], pos[c], avail, &used);
        any |= n[c] > 0 || pos[c] >= ls[c].v->len;
        h = dmax(h, used);
    }
    if (!any)
        return 1;
    row_frame(g, g->tab, g->y, h + 2 * pad, r->header);
    for (guint c = 0; c < nc; c++) {
        cell_draw(g->cr, &ls[c], pos[c], n[c], x + pad, g->y + pad);
        x += tab_width(g->tab, c);
        pos[c] += n[c];
        left |= pos[c] < ls[c].v->len;
    }
    g->y += h + 2 * pad;
    g->y_max = dmax(g->y_max, g->y);
    return left;
}

static void table_break(struct gen *g)
{
    column_next(g);
    table_heads(g);
}

static void row_draw(struct gen *g, struct row *r)
{
    guint nc = g->tab->widths->len, pos[64] = {0};
    struct lines ls[64];
    for (guint c = 0; c < nc; c++) {
        GPtrArray *cell = c < r->cells->len ? g_ptr_array_index(r->cells, c) : NULL;
        lines_init(&ls[c]);
        for (guint i = 0; cell && i < cell->len; i++)
            lines_add_block(&ls[c], g->cr, g_ptr_array_index(cell, i),
                            tab_width(g->tab, c) - 2 * g->cellpad);
    }
    while (row_piece(g, r, ls, pos)) {
        if (g->y <= g->col_top + 0.01)
            die(g, "a table line does not fit on an empty page", NULL);
        table_break(g);
    }
    for (guint c = 0; c < nc; c++)
        lines_release(&ls[c]);
}

static void table_heads(struct gen *g)
{
    for (guint i = 0; i < g->tab->heads->len; i++)
        row_draw(g, g_ptr_array_index(g->tab->heads, i));
}

/* Draw the row being read; header rows are kept for repetition. */
static void row_end(struct gen *g)
{
    struct row *r = g->tab ? g->tab->cur : NULL;
    if (!r)
        return;
    g->tab->cur = NULL;
    row_draw(g, r);
    if (r->header)
        g_ptr_array_add(g->tab->heads, r);
    else
        row_free(r);
}

static void table_begin(struct gen *g, const char *args)
{
    char **w = g_strsplit_set(args, " \t", -1);
    struct table *t = g_new0(struct table, 1);
    t->widths = g_array_new(FALSE, FALSE, sizeof(double));
    t->heads = g_ptr_array_new_with_free_func(row_free);
    for (char **p = w; *p; p++) {
        double v = strtod(*p, NULL);
        if (**p && v > 0 && t->widths->len < 64)
            g_array_append_val(t->widths, v);
    }
    g_strfreev(w);
    g->tab = t;
    if (!t->widths->len)
        die(g, "table needs column widths", NULL);
}

static void table_end(struct gen *g)
{
    if (!g->tab)
        return;
    row_end(g);
    g_array_free(g->tab->widths, TRUE);
    g_ptr_array_free(g->tab->heads, TRUE);
    g_free(g->tab);
    g->tab = NULL;
}

/* A block line: into the current cell inside a table, else into the flow. */
static void add_block(struct gen *g, struct block *b)
{
    GPtrArray *cells;
    if (!g->tab) {
        flow_block(g, b);
        return;
    }
    if (!g->tab->cur)
        die(g, "block outside a row", b->text);
    cells = g->tab->cur->cells;
    if (!cells->len)
        g_ptr_array_add(cells, g_ptr_array_new_with_free_func(block_free));
    g_ptr_array_add(g_ptr_array_index(cells, cells->len - 1), b);
}

static void cell_next(struct gen *g)
{
    if (!g->tab || !g->tab->cur)
        die(g, "cell outside a row", NULL);
    g_ptr_array_add(g->tab->cur->cells, g_ptr_array_new_with_free_func(block_free));
}

static void row_begin(struct gen *g, int header)
{
    if (!g->tab)
        die(g, "row outside a table", NULL);
    row_end(g);
    g->tab->cur = row_new(header);
}

/* ---- the spec reader ----------------------------------------------------------------- */

/* Split "{label with spaces} text" or "label text"; returns the text part. */
static char *split_label(char *arg, char **label)
{
    char *end;
    if (arg[0] == '{' && (end = strchr(arg, '}'))) {
        *end = '\0';
        *label = arg + 1;
        end++;
    } else {
        *label = arg;
        end = arg + strcspn(arg, " ");
        if (*end)
            *end++ = '\0';
    }
    while (*end == ' ')
        end++;
    return end;
}

static enum align parse_align(const struct gen *g, const char *s)
{
    static const char *const names[] = {"left", "center", "right", "outer"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(s, names[i]))
            return (enum align)i;
    die(g, "unknown alignment", s);
    return A_LEFT;
}

static void set_furn(struct gen *g, struct furn *f, char *arg)
{
    char *al;
    char *text = split_label(arg, &al);
    f->align = parse_align(g, al);
    g_free(f->text);
    f->text = g_strdup(text);
}

static void set_string(char **dst, const char *src)
{
    g_free(*dst);
    *dst = g_strdup(src);
}

static void set_page(struct gen *g, const char *arg)
{
    char size[16] = "", orient[16] = "";
    double t;
    if (sscanf(arg, "%15s %15s", size, orient) < 1 || g->page > 1 || g->y > g->mt)
        die(g, "page must come first, as page SIZE ORIENTATION", arg);
    g->pw = 612;
    g->ph = !strcmp(size, "legal") ? 1008 : 792;
    if (!strcmp(orient, "landscape")) {
        t = g->pw;
        g->pw = g->ph;
        g->ph = t;
    }
    cairo_pdf_surface_set_size(cairo_get_target(g->cr), g->pw, g->ph);
}

static void set_margins(struct gen *g, const char *arg)
{
    if (sscanf(arg, "%lf %lf %lf %lf", &g->mt, &g->mr, &g->mb, &g->ml) != 4)
        die(g, "margins TOP RIGHT BOTTOM LEFT", arg);
    if (g->y < g->mt)
        g->y = g->col_top = g->y_max = g->mt;
}

/* Directives that change settings; returns 0 when CMD is not one of them. */
static int do_setting(struct gen *g, const char *cmd, char *arg)
{
    if (!strcmp(cmd, "page"))
        set_page(g, arg);
    else if (!strcmp(cmd, "margins"))
        set_margins(g, arg);
    else if (!strcmp(cmd, "title"))
        cairo_pdf_surface_set_metadata(cairo_get_target(g->cr), CAIRO_PDF_METADATA_TITLE, arg);
    else if (!strcmp(cmd, "family"))
        g_strlcpy(g->family, arg, sizeof g->family);
    else if (!strcmp(cmd, "size"))
        g->size = atof(arg);
    else if (!strcmp(cmd, "indent"))
        g->indent = atof(arg);
    else if (!strcmp(cmd, "header"))
        set_furn(g, &g->header, arg);
    else if (!strcmp(cmd, "footer"))
        set_furn(g, &g->footer, arg);
    else if (!strcmp(cmd, "header-even"))
        set_string(&g->header.even, arg);
    else if (!strcmp(cmd, "footer-even"))
        set_string(&g->footer.even, arg);
    else if (!strcmp(cmd, "furniture-from"))
        g->furn_from = atoi(arg);
    else if (!strcmp(cmd, "watermark"))
        set_string(&g->watermark, arg);
    else if (!strcmp(cmd, "margin-note"))
        set_string(&g->margin_note, arg);
    else if (!strcmp(cmd, "cellpad"))
        g->cellpad = atof(arg);
    else if (!strcmp(cmd, "rules"))
        g->rules = !strcmp(arg, "on");
    else if (!strcmp(cmd, "shade"))
        g->shade = !strcmp(arg, "on");
    else
        return 0;
    return 1;
}

/* Directives that make text blocks; returns 0 when CMD is not one of them. */
static int do_text(struct gen *g, const char *cmd, char *arg)
{
    char *label, *text;
    if (!strcmp(cmd, "para")) {
        add_block(g, block_new(g, K_PARA, NULL, arg, g->size));
    } else if (!strcmp(cmd, "heading") || !strcmp(cmd, "center")) {
        text = split_label(arg, &label);
        add_block(g, block_new(g, cmd[0] == 'h' ? K_HEAD : K_CENTER, NULL, text,
                               atof(label) > 0 ? atof(label) : g->size));
    } else if (!strcmp(cmd, "bullet") || !strcmp(cmd, "item")) {
        text = split_label(arg, &label);
        add_block(g, block_new(g, cmd[0] == 'b' ? K_BULLET : K_ITEM, label, text, g->size));
    } else if (!strcmp(cmd, "space")) {
        add_block(g, block_new(g, K_SPACE, NULL, NULL, atof(arg)));
    } else {
        return 0;
    }
    return 1;
}

/* Directives that move the flow or build tables; returns 0 when unknown. */
static int do_structure(struct gen *g, const char *cmd, char *arg)
{
    if (!strcmp(cmd, "pagebreak")) {
        row_end(g);
        g->tab ? table_break(g) : page_next(g);
    } else if (!strcmp(cmd, "columnbreak")) {
        column_next(g);
    } else if (!strcmp(cmd, "columns")) {
        double gut = 18;
        int n = atoi(arg);
        sscanf(arg, "%*d %lf", &gut);
        if (n < 1 || n > 2)
            die(g, "columns 1 or 2", arg);
        set_columns(g, n, gut);
    } else if (!strcmp(cmd, "table")) {
        table_end(g);
        table_begin(g, arg);
    } else if (!strcmp(cmd, "hrow") || !strcmp(cmd, "row")) {
        row_begin(g, cmd[0] == 'h');
    } else if (!strcmp(cmd, "cell")) {
        cell_next(g);
    } else if (!strcmp(cmd, "endtable")) {
        table_end(g);
    } else {
        return 0;
    }
    return 1;
}

static void do_line(struct gen *g, char *line)
{
    char *arg = line + strcspn(line, " \t");
    if (*arg)
        *arg++ = '\0';
    while (*arg == ' ' || *arg == '\t')
        arg++;
    if (!do_setting(g, line, arg) && !do_text(g, line, arg) && !do_structure(g, line, arg))
        die(g, "unknown directive", line);
}

static void read_spec(struct gen *g, FILE *in)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) >= 0) {
        g->lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        do_line(g, line);
    }
    free(line);
    table_end(g);
}

/* ---- driver ---------------------------------------------------------------------- */

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int len)
{
    return CAIRO_STATUS_SUCCESS;
}

/* PDF dates from SOURCE_DATE_EPOCH, so that two runs give the same bytes. */
static void set_dates(cairo_surface_t *s)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    time_t t = env ? (time_t)strtoll(env, NULL, 10) : (time_t)1704067200;
    struct tm tm;
    char buf[32];
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, buf);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, buf);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "poa2xml pdfgen");
}

static void gen_init(struct gen *g, cairo_surface_t *s, const char *file, int npages)
{
    memset(g, 0, sizeof *g);
    g->cr = cairo_create(s);
    g->file = file;
    g->npages = npages;
    g->pw = 612;
    g->ph = 792;
    g->mt = g->mr = g->mb = g->ml = 72;
    g_strlcpy(g->family, "DejaVu Sans", sizeof g->family);
    g->size = 10;
    g->page = g->furn_from = g->ncols = 1;
    g->y = g->col_top = g->y_max = g->mt;
    g->cellpad = 4;
    g->rules = 1;
}

static void gen_release(struct gen *g)
{
    g_free(g->header.text);
    g_free(g->header.even);
    g_free(g->footer.text);
    g_free(g->footer.even);
    g_free(g->watermark);
    g_free(g->margin_note);
    cairo_destroy(g->cr);
}

/* Lay out SPEC onto surface S; returns the number of pages. */
static int run_pass(const char *spec, cairo_surface_t *s, int npages)
{
    struct gen g;
    int pages;
    FILE *in = fopen(spec, "r");
    if (!in) {
        fprintf(stderr, "pdfgen: %s: %s\n", spec, strerror(errno));
        exit(1);
    }
    gen_init(&g, s, spec, npages);
    read_spec(&g, in);
    fclose(in);
    page_finish(&g);
    pages = g.page;
    gen_release(&g);
    return pages;
}

int main(int argc, char **argv)
{
    cairo_surface_t *s;
    int pages;
    if (argc != 3) {
        fprintf(stderr, "usage: pdfgen SPEC OUT.pdf\n");
        return 2;
    }
    s = cairo_pdf_surface_create_for_stream(discard, NULL, 612, 792);
    pages = run_pass(argv[1], s, 0);
    cairo_surface_destroy(s);
    s = cairo_pdf_surface_create(argv[2], 612, 792);
    set_dates(s);
    run_pass(argv[1], s, pages);
    cairo_surface_finish(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pdfgen: %s: %s\n", argv[2],
                cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return 1;
    }
    cairo_surface_destroy(s);
    pango_cairo_font_map_set_default(NULL);
    return 0;
}
