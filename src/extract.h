/* extract.h - glyph facts and ruling lines of one PDF page, from poppler.
 *
 * The only window onto poppler-glib: a page becomes an array of glyphs
 * (character, box in points with the origin top-left in the rotated page,
 * font size, weight inferred from the font name) and, on request, the
 * ruling lines that rulings.c finds in what the page paints (its paths,
 * read by pdf_paths.c) or in a low-resolution render of it, made here.
 * Nothing of poppler's reading order, line breaks or spaces is kept but a
 * hint per glyph.
 */
#ifndef POA_EXTRACT_H
#define POA_EXTRACT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "geometry.h"
#include "poa.h"

typedef struct ex_doc ex_doc;

/** Where ruling lines come from: the paths of the content stream, with a
 *  render only where the page paints an image or shading (AUTO), or a
 *  render always (RASTER, for tests that compare the two). */
typedef enum ex_route { EX_ROUTE_AUTO = 0, EX_ROUTE_RASTER } ex_route;

/** Open a PDF held in memory; DATA is borrowed until extract_close.
 *  Errors: POA_E_ENCRYPTED, POA_E_PDF, POA_E_INTERNAL.  Caller frees with
 *  extract_close. */
ex_doc *extract_open(const char *data, size_t len, const char *name,
                     const char *password, poa_error *err);

/** Number of pages. */
int extract_page_count(const ex_doc *doc);

/** Choose where ruling lines come from (EX_ROUTE_AUTO when never set). */
void extract_set_route(ex_doc *doc, ex_route route);

/** Read page INDEX (0-based) into PAGE (released first).  The document
 *  keeps that one page open until the next call or extract_close, so that
 *  extract_rules on it is cheaper.  With RENDER_SCALE > 0 the whole page
 *  is rendered at that scale first and kept: poppler reads the page once
 *  for the render and the text, and extract_rules at that scale cuts its
 *  bands from the render (the same pixels as rendering them alone).  Worth
 *  it only for a page that will be searched for rules.  Returns 0, or
 *  negative with ERR set. */
int extract_page(ex_doc *doc, int index, ex_page *page, double render_scale,
                 poa_error *err);

/** Are the ruling lines of the whole of page INDEX at hand, without a
 *  new render: read from the document's paths (opened, and the page's
 *  read, only when extract_rules asks; false from then on if the file
 *  cannot be read that way), or cut from the render at SCALE made when
 *  it was read (extract_page with that RENDER_SCALE)? */
bool extract_page_whole(const ex_doc *doc, int index, double scale);

/** Does page INDEX paint lines or areas in ink, as its paths tell (read
 *  once a page; false when they cannot be read)?  Its rules can then be
 *  had from the paths without a render. */
bool extract_page_inked(ex_doc *doc, int index);

/** Where extract_rules looks for ruling lines, and what counts as one. */
typedef struct ex_rules_query {
    int index;           /* the page, 0-based */
    const ex_page *page; /* its glyphs, kept apart: underlines are no rules */
    const ex_page *veil; /* a watermark's glyphs painted over it, or NULL */
    const ex_box *area;  /* where (NULL: the whole page; clipped to it) */
    double scale;        /* pixels a point of a render */
    double min_len;      /* points: shorter lines are no rules */
    bool may_render;     /* a render may be made (else only cut from one made) */
} ex_rules_query;

/** Append to OUT the horizontal and vertical ruling lines (and the edges
 *  of shaded areas) Q asks for.  They are read from the page's paths;
 *  where it paints an image or a shading with text over it, from a render
 *  of the area at Q's scale, made only when Q allows it (or cut from the
 *  render made when the page was read); *RENDERED tells whether a render
 *  was used.  On a render, a rule hidden under the light tint of Q's veil
 *  is carried across it.  Returns 0, or negative with ERR set. */
int extract_rules(ex_doc *doc, const ex_rules_query *q, bool *rendered, ex_rules *out,
                  poa_error *err);

/** Does page INDEX paint an image (a scan, a photograph, a logo)? */
bool extract_page_paints_image(ex_doc *doc, int index);

/** Free a page's glyphs; the struct may be reused. */
void extract_page_release(ex_page *page);

/** Close the document; NULL is a no-op. */
void extract_close(ex_doc *doc);

#endif /* POA_EXTRACT_H */
