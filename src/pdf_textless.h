/* pdf_textless.h - one page of a PDF, alone and without its text, for a
 * render of its ruling lines.
 *
 * A page is rendered only to look at the pixels of what a path reading
 * cannot judge (images, shadings; READING_ORDER.md 3.2).  Its text is no
 * part of a ruling line, and drawing it is where poppler loads fonts: its
 * cairo font engine, handed an embedded font FreeType refuses, writes
 * "some font thing failed" to standard error itself, past every handler.
 * A page that shows no text loads no font.
 */
#ifndef POA_PDF_TEXTLESS_H
#define POA_PDF_TEXTLESS_H

#include <glib.h>
#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stddef.h>

/** A new PDF of one page, page INDEX (0-based) of the file Q reads, with
 *  the same boxes, rotation, resources and painting, less every operator
 *  that shows text (Tj, TJ, ' and ") or sets a font (Tf), in its content,
 *  its forms, its patterns, its soft masks and its annotations'
 *  appearances (annotations without one are left out), and with no fonts.
 *  WITH_TEXT keeps the text and the fonts (to check, by its text, which
 *  page it is).  NULL when the page cannot be written so.  Q is left as it
 *  was, its errors and warnings drained.  Caller unrefs. */
GBytes *textless_page(qpdf_data q, int index, bool with_text);

/** Remove the operators that show text or set a font, with their operands, from the
 *  content stream P (LEN bytes), into OUT; everything else is kept as it
 *  is.  For textless_page, and its tests. */
void textless_strip(const unsigned char *p, size_t len, GString *out);

#endif /* POA_PDF_TEXTLESS_H */
