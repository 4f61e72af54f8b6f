/* layout.h - PDF pages to text lines in reading order.
 *
 * The layout stage reads each page's glyph boxes and fonts from poppler
 * (extract.c), rebuilds words, lines and blocks from geometry and ruling
 * lines, orders them as a person reads (cells and columns kept whole), and
 * marks running headers, footers, page numbers, watermarks and margin
 * notes as dropped.  Pages are laid out one at a time; nothing of a page
 * outlives layout_page() but the small cross-page state in layout_doc.
 */
#ifndef POA_LAYOUT_H
#define POA_LAYOUT_H

#include <stddef.h>

#include "lines.h"
#include "poa.h"

typedef struct layout_doc layout_doc;

/** Open a PDF held in memory (borrowed until layout_close).  Errors:
 *  POA_E_PDF (corrupt/truncated), POA_E_ENCRYPTED (password missing or
 *  wrong), POA_E_INTERNAL.  NAME is used in messages only.  RULES
 *  (borrowed; NULL: the default rules) read the page numbers in the
 *  margins (`folio` rules). */
layout_doc *layout_open(const char *data, size_t len, const char *name,
                        const char *password, const poa_rules *rules, poa_error *err);

/** Read folios with RULES (borrowed) instead, when no page is laid out yet:
 *  the rules a document's length chose, known once it is open. */
void layout_use_rules(layout_doc *doc, const poa_rules *rules);


/** Number of pages. */
int layout_page_count(const layout_doc *doc);

/** Lay out page INDEX (0-based) and append its lines, in reading order,
 *  to OUT (dropped lines included, flagged POA_LINE_DROPPED with a
 *  reason).  Returns 0, or negative with ERR set. */
int layout_page(layout_doc *doc, int index, poa_lines *out, poa_error *err);

/** Does page INDEX paint an image?  A page with no text that does is a scan. */
bool layout_page_paints_image(layout_doc *doc, int index);

/** Close the document; NULL is a no-op. */
void layout_close(layout_doc *doc);

#endif /* POA_LAYOUT_H */
