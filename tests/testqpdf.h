/* testqpdf.h - test PDFs made or edited in memory with qpdf (shared by the
 * test programs that turn, crop or frame a sample's pages, and by those
 * that state a page's content stream literally), and poppler's render of
 * them, the reference. */
#ifndef POA_TESTQPDF_H
#define POA_TESTQPDF_H

#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <qpdf/qpdf-c.h>
#include <stdint.h>
#include <string.h>

#include "geometry.h"
#include "testutil.h"

/* The PDF Q holds, written to memory: a copy of its bytes, *LEN long, the
 * caller g_free()s; Q is cleaned up.  Fails the test when qpdf cannot
 * write it. */
static inline char *test_qpdf_written(qpdf_data q, size_t *len)
{
    assert_false(qpdf_init_write_memory(q) & QPDF_ERRORS);
    assert_false(qpdf_write(q) & QPDF_ERRORS);
    *len = qpdf_get_buffer_length(q);
    char *copy = g_memdup2(qpdf_get_buffer(q), *len);
    qpdf_cleanup(&q);
    return copy;
}

/* A stream placed in the page's resources.  PATH says where, from the
 * resources dictionary down: "/XObject/Fm0", or "/ColorSpace/CS1/1" for
 * the second item of an array.  DICT is the stream's dictionary in PDF
 * syntax (a /Filter in it is kept: DATA is then written as it is). */
typedef struct res_stream {
    const char *path;
    const char *dict;
    const char *data;
} res_stream;

/* ---- making PDFs -------------------------------------------------------- */

static inline void fail_on_qpdf_error(qpdf_data q, const char *what)
{
    if (qpdf_has_error(q))
        fail_msg("%s: %s", what, qpdf_get_error_full_text(q, qpdf_get_error(q)));
}

/* A new stream holding DATA, its dictionary DICT (PDF syntax). */
static inline qpdf_oh new_stream(qpdf_data q, const char *dict, const char *data)
{
    qpdf_oh s = qpdf_oh_new_stream(q);
    /* the data first: replacing it would drop a /Filter set before, which
     * a test's raw (broken) stream keeps */
    qpdf_oh_replace_stream_data(q, s, (const unsigned char *)data, strlen(data),
                                qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    qpdf_oh src = qpdf_oh_parse(q, dict), dst = qpdf_oh_get_dict(q, s);
    qpdf_oh_begin_dict_key_iter(q, src);
    while (qpdf_oh_dict_more_keys(q)) {
        const char *key = qpdf_oh_dict_next_key(q);
        qpdf_oh_replace_key(q, dst, key, qpdf_oh_get_key(q, src, key));
    }
    return s;
}

/* Set VALUE at PATH ("/A/B/1") under ROOT, making missing dictionaries. */
static inline void place_at(qpdf_data q, qpdf_oh root, const char *path, qpdf_oh value)
{
    gchar **parts = g_strsplit(path + 1, "/", -1);
    qpdf_oh node = root;
    for (int i = 0; parts[i]; i++) {
        bool last = parts[i + 1] == NULL;
        if (qpdf_oh_is_array(q, node)) {
            int at = atoi(parts[i]);
            if (last)
                qpdf_oh_set_array_item(q, node, at, value);
            else
                node = qpdf_oh_get_array_item(q, node, at);
            continue;
        }
        gchar *key = g_strconcat("/", parts[i], NULL);
        if (last) {
            qpdf_oh_replace_key(q, node, key, value);
        } else {
            if (!qpdf_oh_has_key(q, node, key))
                qpdf_oh_replace_key(q, node, key, qpdf_oh_new_dictionary(q));
            node = qpdf_oh_get_key(q, node, key);
        }
        g_free(key);
    }
    g_strfreev(parts);
}

/* A one-page PDF whose content stream is CONTENT; PAGE_EXTRA holds more
 * keys of the page dictionary in PDF syntax ("/Rotate 90", "/Resources
 * << ... >>"; the media box is 612 x 792 unless it gives one), STREAMS
 * the N streams to place in its resources.  Caller g_free()s. */
static inline char *pdf_build(const char *content, const char *page_extra, const res_stream *streams,
                       size_t n, size_t *len)
{
    qpdf_data q = qpdf_init();
    qpdf_empty_pdf(q);
    fail_on_qpdf_error(q, "empty pdf");
    gchar *text = g_strdup_printf("<< /Type /Page %s %s >>",
                                  strstr(page_extra, "/MediaBox") ? "" : "/MediaBox [0 0 612 792]",
                                  page_extra);
    qpdf_oh page = qpdf_make_indirect_object(q, qpdf_oh_parse(q, text));
    g_free(text);
    fail_on_qpdf_error(q, "page dictionary");
    qpdf_oh_replace_key(q, page, "/Contents", new_stream(q, "<< >>", content));
    if (!qpdf_oh_has_key(q, page, "/Resources"))
        qpdf_oh_replace_key(q, page, "/Resources", qpdf_oh_new_dictionary(q));
    qpdf_oh res = qpdf_oh_get_key(q, page, "/Resources");
    for (size_t i = 0; i < n; i++)
        place_at(q, res, streams[i].path, new_stream(q, streams[i].dict, streams[i].data));
    qpdf_add_page(q, q, page, QPDF_FALSE);
    qpdf_init_write_memory(q);
    /* streams as given, uncompressed: a broken one stays broken */
    qpdf_set_compress_streams(q, QPDF_FALSE);
    qpdf_set_decode_level(q, qpdf_dl_none);
    qpdf_write(q);
    fail_on_qpdf_error(q, "write");
    *len = qpdf_get_buffer_length(q);
    char *pdf = g_memdup2(qpdf_get_buffer(q), *len);
    qpdf_cleanup(&q);
    return pdf;
}

/* ---- poppler, the reference ------------------------------------------------ */

/* The bounding box of the dark pixels of page 0 of PDF as poppler renders
 * it at 72 dpi (a pixel a point, in the rotated crop box), and the page's
 * size as poppler gives it. */
static inline ex_box poppler_dark_box(const char *pdf, size_t len, double *width, double *height)
{
    GBytes *bytes = g_bytes_new_static(pdf, len);
    GError *error = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &error);
    if (!doc)
        fail_msg("poppler cannot open the test PDF: %s", error->message);
    PopplerPage *page = poppler_document_get_page(doc, 0);
    poppler_page_get_size(page, width, height);
    int w = (int)ceil(*width), h = (int)ceil(*height);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    ex_box b = { INFINITY, INFINITY, -INFINITY, -INFINITY };
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if ((((const uint32_t *)(px + (size_t)y * stride))[x] & 0xff) < 128) {
                b.x0 = fmin(b.x0, x), b.y0 = fmin(b.y0, y);
                b.x1 = fmax(b.x1, x + 1), b.y1 = fmax(b.y1, y + 1);
            }
    cairo_surface_destroy(s);
    g_object_unref(page);
    g_object_unref(doc);
    g_bytes_unref(bytes);
    return b;
}

/* A one-page PDF drawn with CONTENT whose font /F1 is a TrueType font
 * embedded broken: FreeType refuses it, and poppler's cairo font engine,
 * rendering text in it, prints "some font thing failed" to standard error
 * itself.  Caller g_free()s. */
static inline char *test_pdf_broken_font(const char *content, size_t *len)
{
    const res_stream streams[] = {
        { "/Font/F1/FontDescriptor/FontFile2", "<< /Length1 64 >>",
          "this is no TrueType font, and FreeType says so to poppler......" },
    };
    return pdf_build(content,
                     "/Resources << /Font << /F1 << /Type /Font /Subtype /TrueType "
                     "/BaseFont /Broken /FirstChar 32 /LastChar 32 /Widths [500] "
                     "/FontDescriptor << /Type /FontDescriptor /FontName /Broken "
                     "/Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 "
                     "/Descent -200 /CapHeight 700 /StemV 80 >> >> >> >>",
                     streams, 1, len);
}

#endif /* POA_TESTQPDF_H */
