/* pdf_paths.h - the lines and areas a PDF page paints, read from its
 * content stream (READING_ORDER.md 3.2, vector route).
 *
 * Ruling lines are drawn as paths: stroked segments and thin filled
 * rectangles.  Reading them from the content stream costs a fraction of
 * a render, and gives their true extent whatever text lies over them.
 * What a page paints that a path reading cannot judge (images, shadings,
 * pattern fills, undecodable forms) is reported as an area, so that the
 * caller can look at those pixels on a render instead.
 */
#ifndef POA_PDF_PATHS_H
#define POA_PDF_PATHS_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "geometry.h"

/** An axis-aligned area painted in ink (dark enough to count as a line
 *  on paper), in page points, origin top-left of the rotated page, as
 *  poppler's glyph boxes.  DASH is the longest dash of a dashed stroke
 *  (0 for a solid one), for a caller that weighs dashed lines. */
typedef struct paths_ink {
    ex_box box;
    double dash;
} paths_ink;

/** What one page paints.  Initialise with PATHS_PAGE_INIT; release with
 *  paths_page_release. */
typedef struct paths_page {
    double width, height; /* the page's size as these coordinates see it */
    paths_ink *ink;       /* in painting order; paper painted over ink erases it */
    size_t n_ink, cap_ink;
    ex_box *unknown;      /* areas whose ink is not known: images, shadings ... */
    size_t n_unknown, cap_unknown;
    ex_box *marks;        /* small filled shapes (discs, squares) of a bullet's size:
                           * a list's bullets drawn with no character in the text */
    size_t n_marks, cap_marks;
} paths_page;

#define PATHS_PAGE_INIT { 0, 0, NULL, 0, 0, NULL, 0, 0, NULL, 0, 0 }

typedef struct paths_doc paths_doc;

/** Open a PDF held in memory (DATA borrowed until paths_close) with
 *  PASSWORD (NULL for none).  NULL when it cannot be read this way: the
 *  caller then renders instead.  Never prints. */
paths_doc *paths_open(const char *data, size_t len, const char *password);

/** Number of pages, as qpdf's page tree counts them. */
int paths_page_count(const paths_doc *doc);

/** Read what page INDEX (0-based) paints into OUT (released first).
 *  Returns 0, or -1 when the page cannot be read this way (OUT empty):
 *  unreadable, or past a limit (too many areas, nesting too deep). */
int paths_read_page(paths_doc *doc, int index, paths_page *out);

/** paths_open, for a file qpdf had to repair too, whose pages may be
 *  numbered otherwise than poppler numbers them: the caller checks each
 *  page it takes (paths_page_alone WITH_TEXT). */
paths_doc *paths_open_repaired(const char *data, size_t len, const char *password);

/** Page INDEX alone, as a new PDF: without its text and fonts, for a
 *  render of its pixels (pdf_textless.h), or WITH_TEXT, as it is, to read
 *  its text; NULL when it cannot be written so.  Caller unrefs. */
GBytes *paths_page_alone(paths_doc *doc, int index, bool with_text);

/** Free a page's areas; the struct may be reused. */
void paths_page_release(paths_page *page);

/** Close the document; NULL is a no-op. */
void paths_close(paths_doc *doc);

#endif /* POA_PDF_PATHS_H */
