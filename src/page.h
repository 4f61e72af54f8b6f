/* page.h - a converted report as one HTML page for a person, by the
 * project's stylesheet (schemas/programa-trabajo.xsl) applied with libxslt.
 * page.c is the only file that includes libxslt; it makes a batch's
 * dashboard page too (dashboard.c).
 */
#ifndef POA_PAGE_H
#define POA_PAGE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "poa.h"

/** The pages there are: a report's, and a batch's dashboard. */
typedef enum page_kind {
    PAGE_REPORT,    /* schemas/programa-trabajo.xsl over a report */
    PAGE_DASHBOARD, /* schemas/resumen.xsl over a batch's summary (dashboard.c) */
    PAGE_DIFF,      /* schemas/diferencias.xsl over two reports' changes (diff.c) */
} page_kind;

/** The page of kind KIND made from DOC (borrowed): a NUL-terminated buffer
 *  (g_free), or NULL with ERR set (POA_E_INTERNAL). */
char *page_from_doc(page_kind kind, xmlDocPtr doc, size_t *out_len, poa_error *err);

/** The HTML page of XML[0..LEN), a report valid against the schema: a
 *  NUL-terminated buffer (g_free), or NULL with ERR set (POA_E_INTERNAL:
 *  the stylesheet or the transform failed, out of memory). */
char *page_from_xml(const char *xml, size_t len, size_t *out_len, poa_error *err);

#endif /* POA_PAGE_H */
