/* report.c - the `validate --format xml` report (schemas/validacion.xsd),
 * written with libxml2's writer from the public poa_validation accessors
 * and checked against its schema before it is printed. */
#include <errno.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "poa.h"
#include "util.h"
#include "validate.h"

#define VALIDACION_NS "urn:poa2xml:validacion:1"

static const char *estado(poa_status s)
{
    switch (s) {
    case POA_OK: return "ok";
    case POA_INCOMPLETE: return "incompleto";
    case POA_E_INVALID: return "invalido";
    default: return "ilegible";
    }
}

static int write_finding(xmlTextWriterPtr w, const poa_finding_view *f)
{
    int rc = xmlTextWriterStartElement(w, BAD_CAST "hallazgo");
    rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "codigo", BAD_CAST f->code);
    if (f->ref && *f->ref)
        rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "ref", BAD_CAST f->ref);
    rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "severidad", BAD_CAST f->severity);
    if (f->line > 0)
        rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "linea", "%d", f->line);
    rc |= xmlTextWriterWriteString(w, BAD_CAST(*f->message ? f->message : f->code));
    return rc | xmlTextWriterEndElement(w);
}

static int write_file(xmlTextWriterPtr w, const char *path, const poa_validation *v)
{
    poa_status s = poa_validation_status(v);
    int rc = xmlTextWriterStartElement(w, BAD_CAST "archivo");
    rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "ruta", BAD_CAST path);
    rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "estado", BAD_CAST estado(s));
    rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "codigo", "%d", (int)s);
    const char *msg = poa_validation_message(v);
    if (msg && *msg)
        rc |= xmlTextWriterWriteElement(w, BAD_CAST "mensaje", BAD_CAST msg);
    for (size_t i = 0; i < poa_validation_count(v); i++) {
        poa_finding_view f = poa_validation_get(v, i);
        rc |= write_finding(w, &f);
    }
    return rc | xmlTextWriterEndElement(w);
}

/* Totals per state, for the root's attributes. */
static void count_states(const poa_validation *const *results, size_t n, size_t counts[4])
{
    memset(counts, 0, 4 * sizeof counts[0]);
    for (size_t i = 0; i < n; i++) {
        poa_status s = poa_validation_status(results[i]);
        counts[s == POA_OK ? 0 : s == POA_INCOMPLETE ? 1 : s == POA_E_INVALID ? 2 : 3]++;
    }
}

static int write_root(xmlTextWriterPtr w, const poa_validation *const *results,
                      char *const *files, size_t n)
{
    size_t c[4];
    count_states(results, n, c);
    int rc = xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    rc |= xmlTextWriterStartElementNS(w, NULL, BAD_CAST "validacion", BAD_CAST VALIDACION_NS);
    rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "1.0");
    rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "herramienta", BAD_CAST "poa2xml " POA_VERSION);
    rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "archivos", "%zu", n);
    rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "ok", "%zu", c[0]);
    rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "incompletos", "%zu", c[1]);
    rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "invalidos", "%zu", c[2]);
    rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "ilegibles", "%zu", c[3]);
    for (size_t i = 0; i < n; i++)
        rc |= write_file(w, files[i], results[i]);
    rc |= xmlTextWriterEndElement(w);
    return rc | xmlTextWriterEndDocument(w);
}

/* DOC, indented, onto OUT.  Serialised in memory first: libxml2's own
 * writer to a FILE prints "I/O error" itself on a full disk. */
static int dump_to(xmlDocPtr doc, FILE *out, poa_error *err)
{
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
    if (!mem)
        return poa_fail(err, POA_E_INTERNAL, "cannot serialise the validation report");
    int rc = 0;
    errno = 0;
    if (fwrite(mem, 1, (size_t)size, out) != (size_t)size || fflush(out) != 0)
        rc = poa_fail(err, POA_E_OUTPUT, "cannot write the validation report: %s",
                      errno ? g_strerror(errno) : "write error");
    xmlFree(mem);
    return rc;
}

int poa_validation_write_xml(const poa_validation *const *results, char *const *files,
                             size_t n, FILE *out, poa_error *err)
{
    xmlDocPtr doc = NULL;
    xmlTextWriterPtr w = xmlNewTextWriterDoc(&doc, 0);
    if (!w)
        return poa_fail(err, POA_E_INTERNAL, "cannot create the XML writer");
    xmlTextWriterSetIndent(w, 1);
    int rc = write_root(w, results, files, n);
    xmlFreeTextWriter(w); /* completes DOC */
    if (rc < 0 || !doc) {
        xmlFreeDoc(doc);
        return poa_fail(err, POA_E_INTERNAL, "cannot build the validation report");
    }
    rc = validate_document(doc, VALIDATE_VALIDACION, NULL, err);
    if (rc == 0)
        rc = dump_to(doc, out, err);
    xmlFreeDoc(doc);
    return rc;
}
