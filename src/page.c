/* page.c - a report's XML -> its HTML page, with the embedded stylesheet.
 *
 * The stylesheet is compiled once per process (GOnce) and only read after:
 * transforms may run in several threads at once.  A transform reads no
 * file and no network (libxslt's security preferences forbid both), and
 * its messages go to the caller's error, never to standard error.
 */
#include "page.h"

#include <glib.h>
#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "resources.h"
#include "util.h"

/* The embedded stylesheets, by page_kind. */
static const struct {
    const unsigned char *text;
    const unsigned long *len;
    const char *name;
} sheets[] = {
    [PAGE_REPORT] = { poa_res_programa_xsl, &poa_res_programa_xsl_len, "programa-trabajo.xsl" },
    [PAGE_DASHBOARD] = { poa_res_resumen_xsl, &poa_res_resumen_xsl_len, "resumen.xsl" },
    [PAGE_DIFF] = { poa_res_diferencias_xsl, &poa_res_diferencias_xsl_len, "diferencias.xsl" },
};

/* GOnce function: stylesheet number DATA compiled, or NULL. */
static gpointer stylesheet_compile(gpointer data)
{
    page_kind kind = (page_kind)GPOINTER_TO_INT(data);
    xmlDocPtr doc = xmlReadMemory((const char *)sheets[kind].text, (int)*sheets[kind].len,
                                  sheets[kind].name, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xsltStylesheetPtr sheet = doc ? xsltParseStylesheetDoc(doc) : NULL; /* owns DOC */
    if (doc && !sheet)
        xmlFreeDoc(doc);
    return sheet;
}

static xsltStylesheetPtr stylesheet_get(page_kind kind)
{
    static GOnce once[G_N_ELEMENTS(sheets)] = { G_ONCE_INIT, G_ONCE_INIT, G_ONCE_INIT };
    return g_once(&once[kind], stylesheet_compile, GINT_TO_POINTER(kind));
}

/* The first message of a transform, kept for the caller's error. */
static void transform_error(void *ctx, const char *msg, ...)
{
    GString *first = ctx;
    if (first->len)
        return;
    va_list ap;
    va_start(ap, msg);
    g_string_append_vprintf(first, msg, ap);
    va_end(ap);
    g_strchomp(first->str);
    first->len = strlen(first->str);
}

/* A transform context that reads and writes nothing outside the document. */
static xsltTransformContextPtr sealed_context(xsltStylesheetPtr sheet, xmlDocPtr doc,
                                              GString *first)
{
    xsltTransformContextPtr ctxt = xsltNewTransformContext(sheet, doc);
    xsltSecurityPrefsPtr prefs = ctxt ? xsltNewSecurityPrefs() : NULL;
    if (!prefs) {
        xsltFreeTransformContext(ctxt);
        return NULL;
    }
    static const xsltSecurityOption forbidden[] = {
        XSLT_SECPREF_READ_FILE, XSLT_SECPREF_WRITE_FILE, XSLT_SECPREF_CREATE_DIRECTORY,
        XSLT_SECPREF_READ_NETWORK, XSLT_SECPREF_WRITE_NETWORK,
    };
    for (size_t i = 0; i < G_N_ELEMENTS(forbidden); i++)
        xsltSetSecurityPrefs(prefs, forbidden[i], xsltSecurityForbid);
    xsltSetCtxtSecurityPrefs(prefs, ctxt);
    ctxt->_private = prefs; /* freed with the context, below */
    xsltSetTransformErrorFunc(ctxt, first, transform_error);
    return ctxt;
}

static void context_free(xsltTransformContextPtr ctxt)
{
    if (!ctxt)
        return;
    xsltSecurityPrefsPtr prefs = ctxt->_private;
    xsltFreeTransformContext(ctxt);
    xsltFreeSecurityPrefs(prefs);
}

char *page_from_doc(page_kind kind, xmlDocPtr doc, size_t *out_len, poa_error *err)
{
    xsltStylesheetPtr sheet = stylesheet_get(kind);
    if (!sheet) {
        poa_fail(err, POA_E_INTERNAL, "the page stylesheet %s does not compile", sheets[kind].name);
        return NULL;
    }
    GString *first = g_string_new(NULL);
    xsltTransformContextPtr ctxt = sealed_context(sheet, doc, first);
    xmlDocPtr html = ctxt ? xsltApplyStylesheetUser(sheet, doc, NULL, NULL, NULL, ctxt) : NULL;
    xmlChar *bytes = NULL;
    int n = 0;
    bool ok = html && ctxt->state == XSLT_STATE_OK &&
              xsltSaveResultToString(&bytes, &n, html, sheet) == 0 && bytes;
    char *page = NULL;
    if (ok) {
        page = g_strndup((const char *)bytes, (gsize)n);
        if (out_len)
            *out_len = (size_t)n;
    } else {
        poa_fail(err, POA_E_INTERNAL, "the page could not be made%s%s",
                 first->len ? ": " : " (out of memory?)", first->str);
    }
    xmlFree(bytes);
    xmlFreeDoc(html);
    context_free(ctxt);
    g_string_free(first, TRUE);
    return page;
}

char *page_from_xml(const char *xml, size_t len, size_t *out_len, poa_error *err)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "report.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    if (!doc) {
        poa_fail(err, POA_E_INTERNAL, "the page could not be made: the report is not XML");
        return NULL;
    }
    char *page = page_from_doc(PAGE_REPORT, doc, out_len, err);
    xmlFreeDoc(doc);
    return page;
}

int poa_report_to_html(const poa_report *report, char **out, size_t *len, poa_error *err)
{
    char *xml = NULL;
    size_t xml_len = 0;
    int rc = poa_report_to_xml(report, &xml, &xml_len, err);
    if (rc < 0)
        return rc;
    size_t n = 0;
    char *page = page_from_xml(xml, xml_len, &n, err);
    free(xml);
    if (!page)
        return -POA_E_INTERNAL;
    *out = malloc(n + 1); /* the caller frees with free(3), as poa_report_to_xml's */
    if (!*out) {
        g_free(page);
        return poa_fail(err, POA_E_INTERNAL, "out of memory");
    }
    memcpy(*out, page, n + 1);
    g_free(page);
    if (len)
        *len = n;
    return 0;
}

int poa_report_write_html(const poa_report *report, const char *path, poa_error *err)
{
    char *page = NULL;
    size_t len = 0;
    int rc = poa_report_to_html(report, &page, &len, err);
    if (rc < 0)
        return rc;
    rc = util_write_output(path, page, len, err);
    free(page);
    return rc;
}

int poa_report_set_stylesheet(poa_report *report, const char *href, poa_error *err)
{
    bool ok = !href || (*href && !strchr(href, '"') && !strstr(href, "?>") &&
                        g_utf8_validate(href, -1, NULL));
    for (const char *c = href; ok && c && *c; c++)
        ok = (unsigned char)*c >= 0x20;
    if (!ok)
        return poa_fail(err, POA_E_USAGE, "the stylesheet's address cannot be written in XML: %s",
                        href);
    model_set_string(&report->source.stylesheet, href);
    return 0;
}
