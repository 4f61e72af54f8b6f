/* extract.c - glyph facts and ruling lines of PDF pages, from poppler-glib.
 *
 * The only file that includes <poppler.h>.  It owns the PopplerDocument,
 * translates poppler's GError into poa_error codes, walks
 * poppler_page_get_text, _get_text_layout and _get_text_attributes
 * together by character index (READING_ORDER.md 3.1), and hands
 * rulings.c what it needs to find ruling lines: a page's paths (read by
 * pdf_paths.c) or a low-resolution render of part of it, made here with
 * cairo from a copy of the page without its text (pdf_textless.c;
 * READING_ORDER.md 3.2).  Every poppler object of a page is
 * released before the function returns.
 */
#include "extract.h"

#include <cairo.h>
#include <math.h>
#include <gio/gio.h>
#include <poppler.h>
#include <string.h>

#include "pdf_paths.h"
#include "rulings.h"
#include "util.h"

/* A page's paths, read from its content stream, kept between calls. */
typedef struct kept_paths {
    paths_page page;
    int index; /* the page they are of; -1 for none */
    int rc;    /* what paths_read_page returned */
} kept_paths;

struct ex_doc {
    PopplerDocument *pdf;
    GBytes *bytes;
    int pages;
    ex_route route;
    /* The page read last, kept: the layout asks of it again (its images,
     * whether it can be rendered, its text against a repaired copy's). */
    struct {
        PopplerPage *page;
        int index;
    } last;
    /* A whole-page render of page raster.index, made when its text was
     * read (extract_page with a render scale): extract_rules crops it
     * instead of rendering again. */
    struct {
        cairo_surface_t *surface;
        int index;
        double scale;
    } raster;
    /* What the page paints, read from its content stream (doc NULL when
     * the file cannot be read that way): the ruling lines of most pages
     * come from there, and a page is rendered only where it paints
     * something a path reading cannot judge (an image, a shading).  The
     * page before is kept too (a page read ahead asks for its paths before
     * the current page's rules do): neither is read twice. */
    struct {
        paths_doc *doc;
        bool tried;      /* opened on the first page searched for rules */
        char *password;  /* for that opening */
        kept_paths now, before;
    } paths;
    /* The page rendered last, as a file of its own without its text
     * (pdf_textless.h): a page's bands are rendered one after another.  A
     * file qpdf had to repair is copied from by a handle of its own, each
     * page found by its text (qpdf may number its pages otherwise). */
    struct {
        paths_doc *repaired;
        bool tried;           /* REPAIRED opened */
        PopplerDocument *pdf; /* page INDEX alone */
        int index;            /* -1 for none */
    } textless;
};/* Most pixels a render of a whole page may have: a page larger than 32
 * A4 pages (a map, a poster) is rendered at a lower scale, so that its
 * render stays near 16 MB.  The scale depends on the page alone, so a
 * band and a whole-page render of one page share their grid. */
#define EX_MAX_PIXELS 4.0e6

/* SCALE, or less for a page of WIDTH x HEIGHT points too large for it. */
static double page_scale(double width, double height, double scale)
{
    double pixels = width * height * scale * scale;
    return pixels > EX_MAX_PIXELS ? scale * sqrt(EX_MAX_PIXELS / pixels) : scale;
}

/* ---- what poppler says ---------------------------------------------- */

/* What poppler said while a document was opened or a page read: up to
 * EX_NOTES_MAX distinct notes, for the error's message (a damaged file
 * can make poppler say the same thing for each of thousands of objects). */
#define EX_NOTES_MAX 3
#define EX_NOTES_MAX_BYTES 300

typedef struct poppler_notes {
    GString *text; /* "note; note" */
    int n;
} poppler_notes;

/* poppler-glib reports what it finds wrong in a file through GLib's log
 * (domain "Poppler", at info level), and a log handler serves the whole
 * process: the notes of the call under way in this thread are found
 * through a pointer of the thread's own, set only for that call. */
static _Thread_local poppler_notes *listening;

static void keep_note(poppler_notes *notes, const char *message)
{
    char *note = g_strdup(message);
    char *at = strstr(note, " at position ");
    char *colon = at ? strstr(at, ": ") : NULL;
    if (colon) /* "Syntax Error at position 1234: ..." -> "Syntax Error: ..." */
        memmove(at, colon, strlen(colon) + 1);
    for (char *c = note; *c; c++) /* one line */
        if ((unsigned char)*c < ' ')
            *c = ' ';
    if (notes->n < EX_NOTES_MAX && notes->text->len + strlen(note) < EX_NOTES_MAX_BYTES &&
        !strstr(notes->text->str, note)) {
        g_string_append_printf(notes->text, "%s%s", notes->n ? "; " : "", note);
        notes->n++;
    }
    g_free(note);
}

static void on_poppler_log(const gchar *domain, GLogLevelFlags level, const gchar *message,
                           gpointer data)
{
    if (listening && message)
        keep_note(listening, message);
    /* On to GLib's default handler when it prints only on request (info
     * and debug), when the program asked for this domain's debug output,
     * or when the message ends the process (a fatal error is not silent):
     * a warning of poppler's is not printed unasked. */
    if ((level & (G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_ERROR | G_LOG_FLAG_FATAL)) ||
        !g_log_writer_default_would_drop(G_LOG_LEVEL_DEBUG, domain))
        g_log_default_handler(domain, level, message, data);
}

/* Keep what poppler says in NOTES from now on (NULL: no longer). */
static void listen_to_poppler(poppler_notes *notes)
{
    static gsize installed;
    if (g_once_init_enter(&installed)) {
        g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                          on_poppler_log, NULL);
        g_once_init_leave(&installed, 1);
    }
    listening = notes;
}

/* NOTES as the tail of an error message, " (poppler: ...)", or "" when
 * poppler said nothing; valid until notes_clear. */
static const char *said(poppler_notes *notes)
{
    if (notes->n) {
        g_string_prepend(notes->text, " (poppler: ");
        g_string_append_c(notes->text, ')');
        notes->n = 0; /* said once */
    }
    return notes->text->str;
}

static void notes_clear(poppler_notes *notes)
{
    g_string_free(notes->text, TRUE);
}

/* ---- documents -------------------------------------------------------- */

ex_doc *extract_open(const char *data, size_t len, const char *name,
                     const char *password, poa_error *err)
{
    GError *error = NULL;
    GBytes *bytes = g_bytes_new_static(data, len);
    /* From a stream, not poppler_document_new_from_bytes: with a wrong
     * password poppler 22.12's from_bytes retries on a freed stream and
     * crashes; the stream path reports POPPLER_ERROR_ENCRYPTED. */
    GInputStream *stream = g_memory_input_stream_new_from_bytes(bytes);
    poppler_notes notes = { g_string_new(NULL), 0 };
    listen_to_poppler(&notes);
    PopplerDocument *pdf = poppler_document_new_from_stream(stream, (goffset)len, password,
                                                            NULL, &error);
    listen_to_poppler(NULL);
    g_object_unref(stream);
    if (!pdf) {
        g_bytes_unref(bytes);
        if (error && g_error_matches(error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
            poa_fail(err, POA_E_ENCRYPTED, "%s: encrypted PDF: wrong or missing password", name);
        else
            poa_fail(err, POA_E_PDF, "%s: corrupt or truncated PDF: %s%s", name,
                     error ? error->message : "unknown cause", said(&notes));
        g_clear_error(&error);
        notes_clear(&notes);
        return NULL;
    }
    notes_clear(&notes);
    ex_doc *doc = g_new0(ex_doc, 1);
    doc->pdf = pdf;
    doc->bytes = bytes;
    doc->pages = poppler_document_get_n_pages(pdf);
    doc->last.index = -1;
    doc->raster.index = -1;
    doc->paths.password = g_strdup(password);
    doc->paths.now.index = -1;
    doc->paths.before.index = -1;
    doc->textless.index = -1;
    return doc;
}

int extract_page_count(const ex_doc *doc)
{
    return doc ? doc->pages : 0;
}

void extract_set_route(ex_doc *doc, ex_route route)
{
    doc->route = route;
}

/* A qpdf reading of the document (REPAIRED_OK: of a file qpdf repaired
 * too), NULL when it cannot be read so or numbers its pages otherwise. */
static paths_doc *open_qpdf(ex_doc *doc, bool repaired_ok)
{
    gsize len = 0;
    const char *data = g_bytes_get_data(doc->bytes, &len);
    paths_doc *p = repaired_ok ? paths_open_repaired(data, len, doc->paths.password)
                               : paths_open(data, len, doc->paths.password);
    if (paths_page_count(p) != doc->pages) { /* pages numbered otherwise */
        paths_close(p);
        p = NULL;
    }
    return p;
}

/* The document's paths, opened when first asked for (a document without
 * a table never reads them); NULL when they cannot be read. */
static paths_doc *open_paths(ex_doc *doc)
{
    if (!doc->paths.tried) {
        doc->paths.doc = open_qpdf(doc, false);
        doc->paths.tried = true;
    }
    return doc->paths.doc;
}

/* Can the document's paths be read (and was the raster route not asked
 * for)?  A page whose paths then fail to read is rendered after all. */
static bool vector_route(ex_doc *doc)
{
    return doc->route != EX_ROUTE_RASTER && open_paths(doc);
}

/* The paths page INDEX paints, read once; NULL when they cannot be read
 * (or the raster route was asked for). */
static const paths_page *vector_page(ex_doc *doc, int index)
{
    if (!vector_route(doc))
        return NULL;
    kept_paths *now = &doc->paths.now, *before = &doc->paths.before;
    if (now->index != index) {
        kept_paths t = *now;
        *now = *before;
        *before = t;
        if (now->index != index) {
            now->rc = paths_read_page(doc->paths.doc, index, &now->page);
            now->index = index;
        }
    }
    return now->rc == 0 ? &now->page : NULL;
}

void extract_close(ex_doc *doc)
{
    if (!doc)
        return;
    if (doc->last.page)
        g_object_unref(doc->last.page);
    if (doc->raster.surface)
        cairo_surface_destroy(doc->raster.surface);
    paths_page_release(&doc->paths.now.page);
    paths_page_release(&doc->paths.before.page);
    paths_close(doc->paths.doc);
    if (doc->textless.pdf)
        g_object_unref(doc->textless.pdf);
    paths_close(doc->textless.repaired);
    g_free(doc->paths.password);
    g_object_unref(doc->pdf);
    g_bytes_unref(doc->bytes);
    g_free(doc);
}

void extract_page_release(ex_page *page)
{
    if (!page)
        return;
    g_free(page->g);
    page->g = NULL;
    page->n = 0;
}

/* True when a font name says the face is heavier than regular. */
static bool font_is_bold(const char *name)
{
    static const char *const marks[] = { "bold", "black", "heavy", "semibold", "demi" };
    if (!name)
        return false;
    char *low = g_ascii_strdown(name, -1);
    bool bold = false;
    for (size_t i = 0; i < G_N_ELEMENTS(marks) && !bold; i++)
        bold = strstr(low, marks[i]) != NULL;
    g_free(low);
    return bold;
}

/* Characters that carry no ink of their own. */
static bool is_blank(gunichar c)
{
    return g_unichar_isspace(c) || c == 0x00A0 || c == 0x200B || c == 0xFEFF;
}

/* Advance *RUN to the attribute run that covers character I (inclusive
 * ranges, sorted); NULL when none does. */
static PopplerTextAttributes *attr_at(GList **run, int i)
{
    while (*run && ((PopplerTextAttributes *)(*run)->data)->end_index < i)
        *run = (*run)->next;
    if (!*run)
        return NULL;
    PopplerTextAttributes *a = (*run)->data;
    return a->start_index <= i ? a : NULL;
}

/* A combining mark takes its base glyph's box so that it sorts right after
 * it and NFC composes the pair. */
static void place_mark(ex_page *page, ex_glyph *g)
{
    const ex_glyph *base = &page->g[page->n - 1];
    g->x0 = base->x0 + (base->x1 - base->x0) * 0.01;
    g->x1 = base->x1;
    g->y0 = base->y0;
    g->y1 = base->y1;
}

/* Append every inked character of TEXT with its rectangle and run. */
static void walk_glyphs(ex_page *page, const char *text, const PopplerRectangle *rects,
                        guint n_rects, GList *attrs)
{
    GList *run = attrs;
    const char *last_font = NULL;
    bool last_bold = false;
    page->g = g_new(ex_glyph, n_rects ? n_rects : 1);
    int i = 0;
    for (const char *p = text; *p && (guint)i < n_rects; p = g_utf8_next_char(p), i++) {
        gunichar c = g_utf8_get_char(p);
        if (is_blank(c)) {
            if (c == ' ' && page->n)
                page->g[page->n - 1].space_after = true;
            continue;
        }
        const PopplerRectangle *r = &rects[i];
        PopplerTextAttributes *a = attr_at(&run, i);
        if (a && a->font_name != last_font) {
            last_font = a->font_name;
            last_bold = font_is_bold(last_font);
        }
        ex_glyph g = { r->x1, r->y1, r->x2, r->y2, a ? a->font_size : r->y2 - r->y1,
                       c, a ? last_bold : false, false };
        if (g_unichar_ismark(c) && page->n)
            place_mark(page, &g);
        page->g[page->n++] = g;
    }
}

/* Page INDEX as a new reference (the kept last page when it is that one);
 * NULL when poppler cannot read it. */
static PopplerPage *get_page(ex_doc *doc, int index)
{
    if (doc->last.page && doc->last.index == index)
        return g_object_ref(doc->last.page);
    return poppler_document_get_page(doc->pdf, index);
}

bool extract_page_paints_image(ex_doc *doc, int index)
{
    PopplerPage *pp = get_page(doc, index);
    if (!pp)
        return false;
    GList *images = poppler_page_get_image_mapping(pp);
    bool any = images != NULL;
    poppler_page_free_image_mapping(images);
    g_object_unref(pp);
    return any;
}

/* Keep PP (a new reference is taken) as the page read last. */
static void keep_last(ex_doc *doc, PopplerPage *pp, int index)
{
    if (doc->last.page)
        g_object_unref(doc->last.page);
    doc->last.page = g_object_ref(pp);
    doc->last.index = index;
}

/* Drop the kept render, if any. */
static void drop_raster(ex_doc *doc)
{
    if (doc->raster.surface)
        cairo_surface_destroy(doc->raster.surface);
    doc->raster.surface = NULL;
    doc->raster.index = -1;
}

static cairo_surface_t *render_pixels(ex_doc *doc, int index, double scale, const ex_pixels *px);

/* Bounds on the search for drawn bullets: a page of a chart's dots or of
 * very many glyphs is not searched. */
#define EX_MAX_MARKS 512
#define EX_MAX_MARK_GLYPHS 20000

/* The glyph nearest to the right of mark M on its line (M's middle within
 * the glyph's height, at most 3 em away), or -1; -2 when a glyph overlaps M
 * (a mark under text is no bullet). */
static long glyph_right_of(const ex_page *page, const ex_box *m)
{
    double cy = (m->y0 + m->y1) / 2;
    long best = -1;
    for (size_t i = 0; i < page->n; i++) {
        const ex_glyph *g = &page->g[i];
        if (g->x1 > m->x0 && g->x0 < m->x1 && g->y1 > m->y0 && g->y0 < m->y1)
            return -2;
        if (cy < g->y0 || cy > g->y1 || g->x0 < m->x1 || g->x0 - m->x1 > 3 * g->size)
            continue;
        if (best < 0 || g->x0 < page->g[best].x0)
            best = (long)i;
    }
    return best;
}

/* A list's bullets that a web browser or a word processor drew as shapes
 * leave no character in the text layer: each small filled disc or square
 * right before a line's first glyph (VEC's marks) becomes a bullet glyph
 * there, so that the list's items come apart as printed. */
static void add_drawn_bullets(ex_page *page, const paths_page *vec)
{
    if (!vec || !vec->n_marks || vec->n_marks > EX_MAX_MARKS || page->n > EX_MAX_MARK_GLYPHS)
        return;
    size_t n0 = page->n;
    for (size_t k = 0; k < vec->n_marks; k++) {
        const ex_box *m = &vec->marks[k];
        ex_page before = { page->width, page->height, page->g, n0 };
        long j = glyph_right_of(&before, m);
        if (j < 0)
            continue;
        const ex_glyph *g = &page->g[j];
        ex_glyph bullet = { m->x0, g->y0, m->x1, g->y1, g->size, 0x2022, false, true };
        page->g = g_renew(ex_glyph, page->g, page->n + 1);
        page->g[page->n++] = bullet;
    }
}

int extract_page(ex_doc *doc, int index, ex_page *page, double render_scale, poa_error *err)
{
    extract_page_release(page);
    drop_raster(doc);
    poppler_notes notes = { g_string_new(NULL), 0 };
    listen_to_poppler(&notes);
    PopplerPage *pp = get_page(doc, index);
    listen_to_poppler(NULL);
    if (!pp) {
        int rc = poa_fail(err, POA_E_PDF, "corrupt PDF: page %d cannot be read%s", index + 1,
                          said(&notes));
        notes_clear(&notes);
        return rc;
    }
    keep_last(doc, pp, index);
    poppler_page_get_size(pp, &page->width, &page->height);
    /* A page whose rules cannot be read from its paths is rendered whole
     * once: the bands searched for rules are cut from it. */
    if (render_scale > 0 && !vector_page(doc, index)) {
        double scale = page_scale(page->width, page->height, render_scale);
        ex_pixels whole = { 0, 0, ex_px_int(ceil(page->width * scale)),
                            ex_px_int(ceil(page->height * scale)) };
        doc->raster.surface = render_pixels(doc, index, scale, &whole);
        doc->raster.index = index;
        doc->raster.scale = scale; /* what extract_rules asks for on this page */
    }
    listen_to_poppler(&notes);
    char *text = poppler_page_get_text(pp);
    PopplerRectangle *rects = NULL;
    guint n_rects = 0;
    poppler_page_get_text_layout(pp, &rects, &n_rects);
    GList *attrs = poppler_page_get_text_attributes(pp);
    listen_to_poppler(NULL);
    int rc = 0;
    glong n_chars = text ? g_utf8_strlen(text, -1) : 0;
    if ((guint)n_chars != n_rects)
        rc = poa_fail(err, POA_E_PDF, /* seen on damaged PDFs */
                      "corrupt PDF: page %d: its text and its character boxes disagree "
                      "(%ld characters, %u boxes)%s", index + 1, (long)n_chars, n_rects,
                      said(&notes));
    else if (text)
        walk_glyphs(page, text, rects, n_rects, attrs);
    notes_clear(&notes);
    if (rc == 0)
        add_drawn_bullets(page, vector_page(doc, index));
    poppler_page_free_text_attributes(attrs);
    g_free(rects);
    g_free(text);
    g_object_unref(pp);
    return rc;
}

/* Page 0 of the one-page PDF BYTES (taken), opened by poppler; its
 * document is *PDF (NULL when poppler cannot read it). */
static PopplerPage *open_alone(GBytes *bytes, PopplerDocument **pdf)
{
    *pdf = bytes ? poppler_document_new_from_bytes(bytes, NULL, NULL) : NULL;
    if (bytes)
        g_bytes_unref(bytes); /* the document holds its own reference */
    return *pdf ? poppler_document_get_page(*pdf, 0) : NULL;
}

/* Is page AT of SRC, a file qpdf repaired, poppler's page INDEX: the same
 * size and the same text? */
static bool same_page(ex_doc *doc, int index, paths_doc *src, int at)
{
    PopplerDocument *pdf;
    PopplerPage *alone = open_alone(paths_page_alone(src, at, true), &pdf);
    PopplerPage *pp = get_page(doc, index);
    bool same = false;
    if (alone && pp) {
        double w0, h0, w1, h1;
        poppler_page_get_size(pp, &w0, &h0);
        poppler_page_get_size(alone, &w1, &h1);
        char *t0 = poppler_page_get_text(pp), *t1 = poppler_page_get_text(alone);
        same = w0 == w1 && h0 == h1 && g_strcmp0(t0, t1) == 0;
        g_free(t0);
        g_free(t1);
    }
    if (pp)
        g_object_unref(pp);
    if (alone)
        g_object_unref(alone);
    if (pdf)
        g_object_unref(pdf);
    return same;
}

/* How far from poppler's numbering a repaired file's page is looked for:
 * a stray entry in a page tree moves the pages after it by one. */
#define EX_REPAIRED_SHIFT 2

/* The page of the repaired file that is poppler's page INDEX, looked for
 * at INDEX first, then one and two pages either side; -1 when none is. */
static int repaired_page(ex_doc *doc, int index)
{
    if (!doc->textless.tried) {
        doc->textless.repaired = open_qpdf(doc, true);
        doc->textless.tried = true;
    }
    for (int d = 0; doc->textless.repaired && d <= 2 * EX_REPAIRED_SHIFT; d++) {
        int at = index + (d % 2 ? (d + 1) / 2 : -d / 2);
        if (at >= 0 && at < doc->pages && same_page(doc, index, doc->textless.repaired, at))
            return at;
    }
    return -1;
}

/* Page INDEX alone without its text, as poppler reads it (the document
 * kept for the page's next band); NULL when no such copy can be made. */
static PopplerPage *textless_render_page(ex_doc *doc, int index)
{
    if (doc->textless.index != index) {
        if (doc->textless.pdf)
            g_object_unref(doc->textless.pdf);
        doc->textless.pdf = NULL;
        doc->textless.index = index;
        GBytes *copy = NULL;
        if (open_paths(doc)) {
            copy = paths_page_alone(doc->paths.doc, index, false);
        } else {
            int at = repaired_page(doc, index);
            copy = at < 0 ? NULL : paths_page_alone(doc->textless.repaired, at, false);
        }
        return open_alone(copy, &doc->textless.pdf);
    }
    return doc->textless.pdf ? poppler_document_get_page(doc->textless.pdf, 0) : NULL;
}

/* Render the pixels PX of page INDEX's grid at SCALE: a new RGB24 surface.
 * The page is drawn from its copy without text; when no copy can be made
 * (qpdf cannot read the file, or not as poppler numbers its pages) the
 * surface stays white: drawing the page itself could load a font that
 * poppler's cairo font engine, failing, reports by printing.  Only the
 * pixels are rasterised (clip + translate); poppler still reads the whole
 * content stream, but skips drawing what the clip hides. */
static cairo_surface_t *render_pixels(ex_doc *doc, int index, double scale, const ex_pixels *px)
{
    PopplerPage *bare = textless_render_page(doc, index);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, px->w, px->h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    /* Without antialiasing a hairline lands whole on one pixel line. */
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    cairo_scale(cr, scale, scale);
    cairo_translate(cr, -px->x / scale, -px->y / scale);
    cairo_rectangle(cr, px->x / scale, px->y / scale, px->w / scale, px->h / scale);
    cairo_clip(cr);
    if (bare)
        poppler_page_render(bare, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    if (bare)
        g_object_unref(bare);
    return s;
}

/* True when page INDEX was rendered whole at SCALE before its text. */
static bool rendered_whole(const ex_doc *doc, int index, double scale)
{
    return doc->raster.surface && doc->raster.index == index && doc->raster.scale == scale;
}

bool extract_page_inked(ex_doc *doc, int index)
{
    const paths_page *vec = vector_page(doc, index);
    return vec && vec->n_ink > 0;
}

bool extract_page_whole(const ex_doc *doc, int index, double scale)
{
    bool paths = doc->route != EX_ROUTE_RASTER && (!doc->paths.tried || doc->paths.doc);
    return rendered_whole(doc, index, scale) || paths;
}

/* The RGB24 pixels of SURFACE from (SX, SY) on, classified into M
 * (its size and place set): rulings.c reads bytes, not cairo. */
static void surface_to_ink(cairo_surface_t *s, int sx, int sy, ink_map *m)
{
    rulings_ink_from_rgb24(m, cairo_image_surface_get_data(s), cairo_image_surface_get_stride(s),
                           cairo_image_surface_get_width(s), cairo_image_surface_get_height(s),
                           sx, sy);
}

/* The ink map of AREA of page INDEX at SCALE, with the glyph boxes of
 * PAGE and the watermark VEIL set apart: cut from the page's kept render
 * when there is one, else rendered now. */
static int render_ink(ex_doc *doc, int index, const ex_page *page, const ex_page *veil,
                      const ex_box *area, double scale, ink_map *m)
{
    ex_pixels px = rulings_grid(area, scale);
    m->scale = scale;
    m->ox = px.x / scale;
    m->oy = px.y / scale;
    m->w = px.w;
    m->h = px.h;
    if (rendered_whole(doc, index, scale)) {
        surface_to_ink(doc->raster.surface, px.x, px.y, m);
    } else {
        PopplerPage *pp = get_page(doc, index);
        if (!pp)
            return -1;
        g_object_unref(pp);
        cairo_surface_t *s = render_pixels(doc, index, scale, &px);
        surface_to_ink(s, 0, 0, m);
        cairo_surface_destroy(s);
    }
    rulings_set_text_apart(m, page, veil);
    return 0;
}

int extract_rules(ex_doc *doc, const ex_rules_query *q, bool *rendered, ex_rules *out,
                  poa_error *err)
{
    int index = q->index;
    const ex_page *page = q->page, *veil = q->veil;
    const ex_box *area = q->area;
    double scale = q->scale, min_len = q->min_len;
    *rendered = false;
    ex_box box = { 0, 0, page->width, page->height };
    if (area) {
        box.x0 = fmax(area->x0, 0);
        box.y0 = fmax(area->y0, 0);
        box.x1 = fmin(area->x1, page->width);
        box.y1 = fmin(area->y1, page->height);
    }
    if (box.x1 - box.x0 < 1 || box.y1 - box.y0 < 1)
        return 0;
    scale = page_scale(page->width, page->height, scale);
    size_t first = out->n;
    const paths_page *vec = vector_page(doc, index);
    if (vec && (fabs(vec->width - page->width) > 1 || fabs(vec->height - page->height) > 1))
        vec = NULL; /* qpdf's page is not poppler's (a page tree each read its own way) */
    if (vec && !rulings_need_render(vec, page, &box, min_len)) {
        rulings_from_paths(vec, page, &box, min_len, scale, out);
    } else {
        if (!q->may_render && !rendered_whole(doc, index, scale))
            return 0;
        *rendered = true;
        ink_map m = { NULL, 0, 0, scale, 0, 0 };
        if (render_ink(doc, index, page, veil, &box, scale, &m) < 0)
            return poa_fail(err, POA_E_PDF, "corrupt PDF: page %d cannot be rendered", index + 1);
        rulings_scan(&m, min_len, veil && veil->n, out);
        g_free(m.px);
    }
    rulings_merge(out, first, scale);
    return 0;
}
