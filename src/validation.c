/* validation.c - the `validate` command's results, for the caller to
 * print: poa_validate_file (a file loaded, schema-checked and checked for
 * completeness) and its accessors; the `validate --format xml` report
 * (schemas/validacion.xsd), written with libxml2's writer and checked
 * against its schema; one result as JSON, written with json-glib; and the
 * order of statuses that decides a run's exit status. */
#include <errno.h>
#include <json-glib/json-glib.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "poa.h"
#include "util.h"
#include "validate.h"

/* ---- poa_validate_file ---- */

struct poa_validation {
    poa_status status;
    char *message;
    GArray *findings;   /* of poa_finding_view; strings owned */
};

static void view_clear(gpointer p)
{
    poa_finding_view *f = p;
    g_free((char *)f->code);
    g_free((char *)f->ref);
    g_free((char *)f->severity);
    g_free((char *)f->message);
}

static void view_add(poa_validation *v, const char *code, const char *ref,
                     const char *severity, const char *message, int line)
{
    poa_finding_view f = { g_strdup(code), g_strdup(ref ? ref : ""), g_strdup(severity),
                           g_strdup(message), line };
    g_array_append_val(v->findings, f);
}

/* "LINE: message" strings of validate_document as schema findings. */
static void views_from_errors(poa_validation *v, const GPtrArray *errors)
{
    for (guint i = 0; i < errors->len; i++) {
        const char *s = g_ptr_array_index(errors, i);
        char *rest = NULL;
        long line = strtol(s, &rest, 10);
        if (rest && rest[0] == ':' && rest[1] == ' ')
            rest += 2;
        view_add(v, "schema", "", "error", rest ? rest : s, (int)line);
    }
}

static void views_from_report(poa_validation *v, const poa_report *r)
{
    for (guint i = 0; i < r->findings->len; i++) {
        const poa_finding *f = g_ptr_array_index(r->findings, i);
        view_add(v, f->code, f->ref, f->severity, f->message, 0);
    }
    v->status = poa_report_complete(r) ? POA_OK : POA_INCOMPLETE;
}

poa_validation *poa_validate_file(const char *path, const poa_options *opts)
{
    poa_validation *v = g_new0(poa_validation, 1);
    v->findings = g_array_new(FALSE, TRUE, sizeof(poa_finding_view));
    g_array_set_clear_func(v->findings, view_clear);
    GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
    poa_error err = POA_ERROR_INIT;
    poa_report *r = load_report(path, opts, errors, &err);
    if (r) { /* checked by the loader (a conversion checks its report) */
        views_from_report(v, r);
        v->message = g_strdup("");
    } else {
        v->status = err.code != POA_OK ? err.code : POA_E_INTERNAL;
        v->message = g_strdup(err.message); /* named with PATH by the loaders */
        views_from_errors(v, errors);
    }
    model_report_free(r);
    g_ptr_array_unref(errors);
    return v;
}

poa_status poa_validation_status(const poa_validation *v)
{
    return v->status;
}

const char *poa_validation_message(const poa_validation *v)
{
    return v->message;
}

size_t poa_validation_count(const poa_validation *v)
{
    return v->findings->len;
}

poa_finding_view poa_validation_get(const poa_validation *v, size_t i)
{
    return g_array_index(v->findings, poa_finding_view, i);
}

void poa_validation_free(poa_validation *v)
{
    if (!v)
        return;
    g_array_unref(v->findings);
    g_free(v->message);
    g_free(v);
}

/* ---- the report of many files ---- */

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

/* ---- JSON ---- */

const char *poa_validation_verdict(poa_status s)
{
    switch (s) {
    case POA_OK: return "complete";
    case POA_INCOMPLETE: return "incomplete";
    case POA_E_INVALID: return "invalid";
    default: return "unreadable";
    }
}

static void json_member(JsonBuilder *b, const char *name, const char *value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_string_value(b, value ? value : "");
}

char *poa_validation_to_json(const poa_validation *v, const char *file)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_member(b, "file", file);
    json_member(b, "status", poa_validation_verdict(poa_validation_status(v)));
    json_builder_set_member_name(b, "exit");
    json_builder_add_int_value(b, (gint64)poa_validation_status(v));
    json_member(b, "message", poa_validation_message(v));
    json_builder_set_member_name(b, "findings");
    json_builder_begin_array(b);
    for (size_t i = 0; i < poa_validation_count(v); i++) {
        poa_finding_view f = poa_validation_get(v, i);
        json_builder_begin_object(b);
        json_member(b, "code", f.code);
        json_member(b, "ref", f.ref);
        json_member(b, "severity", f.severity);
        json_builder_set_member_name(b, "line");
        json_builder_add_int_value(b, f.line);
        json_member(b, "message", f.message);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    JsonNode *root = json_builder_get_root(b);
    char *text = util_json_text(root);
    char *out = strdup(text); /* freed with free(3), as the library's other buffers */
    g_free(text);
    json_node_unref(root);
    g_object_unref(b);
    return out;
}

/* ---- the exit status of many files ---- */

static int status_rank(poa_status s)
{
    switch (s) {
    case POA_OK: return 0;
    case POA_INCOMPLETE: return 1;
    case POA_E_INVALID: return 2;
    default: return 3;
    }
}

bool poa_status_worse(poa_status a, poa_status b)
{
    int ra = status_rank(a), rb = status_rank(b);
    return ra > rb || (ra == rb && ra == 3 && a < b);
}
