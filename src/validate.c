/* validate.c - XSD validation and safe parsing of foreign XML (libxml2).
 *
 * The only file that calls xmlSchema* and xmlRead*.  It owns:
 *  - the embedded schemas, compiled once per process (GOnce, so threads
 *    may validate at the same time: a compiled xmlSchema is only read
 *    while validating; each call has its own validation context) and kept
 *    until exit;
 *  - schema errors collected with xmlSchemaSetValidStructuredErrors, with
 *    their line and the schema's namespace removed from the message;
 *  - parsing of XML from outside: no network, no DTD loading, no entity
 *    substitution, a size limit, and any DOCTYPE that declares entities
 *    or names an external DTD refused before and after parsing.
 * It neither reads a tree into the model (read_xml.c) nor writes XML
 * (emit.c, which calls it): no module it calls calls it back.
 */
#include "validate.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "resources.h"
#include "util.h"

/* ## The embedded schemas */

static void ignore_error(void *data, xmlErrorPtr error)
{
    (void)data;
    (void)error;
}

/* GOnce function: compile schema number DATA, or NULL.  The embedded
 * schemas are tested, so a failure here is a build defect or no memory. */
static gpointer schema_compile(gpointer data)
{
    validate_schema which = (validate_schema)GPOINTER_TO_INT(data);
    const unsigned char *text = which == VALIDATE_PROGRAMA ? poa_res_programa_xsd
                                                           : poa_res_validacion_xsd;
    unsigned long len = which == VALIDATE_PROGRAMA ? poa_res_programa_xsd_len
                                                   : poa_res_validacion_xsd_len;
    xmlInitParser();
    xmlSchemaParserCtxtPtr ctxt = xmlSchemaNewMemParserCtxt((const char *)text, (int)len);
    if (!ctxt)
        return NULL;
    xmlSchemaSetParserStructuredErrors(ctxt, ignore_error, NULL);
    xmlSchemaPtr schema = xmlSchemaParse(ctxt);
    xmlSchemaFreeParserCtxt(ctxt);
    return schema;
}

/* The compiled schema WHICH, compiled on first use; never freed. */
static xmlSchemaPtr schema_get(validate_schema which)
{
    static GOnce once[2] = { G_ONCE_INIT, G_ONCE_INIT };
    int i = which == VALIDATE_PROGRAMA ? 0 : 1;
    return g_once(&once[i], schema_compile, GINT_TO_POINTER(which));
}

/* ## Schema errors in words a user understands */

/* What a value of each schema type must look like, appended to libxml2's
 * "is not a valid value of the atomic type 'fechaType'". */
static const struct { const char *type, *hint; } type_hints[] = {
    { "'fechaType'", "expected a date YYYY-MM-DD" },
    { "'ejercicioType'", "expected a four-digit year" },
    { "'trimestreType'", "expected a quarter from 1 to 4" },
    { "'textoType'", "the text must not be empty" },
    { "'codigoType'", "expected a code without spaces" },
    { "'sha256Type'", "expected 64 lowercase hexadecimal digits" },
    { "'cajaType'", "expected four numbers \"x0 y0 x1 y1\"" },
    { "'confianzaType'", "expected a number from 0 to 1" },
    { "'severidadType'", "expected \"error\" or \"aviso\"" },
    { "'estadoType'", "expected ok, incompleto, invalido or ilegible" },
};

/* MESSAGE without "{namespace}" before names, final newline and with a
 * hint about the expected value when one applies (g_free). */
static char *message_clean(const char *message)
{
    GString *out = g_string_new(NULL);
    for (const char *p = message ? message : "schema error"; *p; p++) {
        if (*p == '{' && strchr(p, '}')) {
            p = strchr(p, '}');
            continue;
        }
        g_string_append_c(out, *p);
    }
    while (out->len && g_ascii_isspace(out->str[out->len - 1]))
        g_string_truncate(out, out->len - 1);
    for (size_t i = 0; i < G_N_ELEMENTS(type_hints); i++) {
        if (strstr(out->str, type_hints[i].type)) {
            g_string_append_printf(out, " (%s)", type_hints[i].hint);
            break;
        }
    }
    return g_string_free(out, FALSE);
}

/* Schema errors of one validation. */
typedef struct collector {
    GPtrArray *errors;   /* caller's, of "LINE: message", or NULL */
    char *first;         /* "line N: message" of the first error */
    guint count;
    bool by_path;        /* the first error names the element's path, not its line */
} collector;

/* Where NODE is, for a document built in memory (no line numbers):
 * "/programaTrabajo/objetivos/objetivo[@n='2']/lineaAccion[@n='2.1']". */
static char *node_where(xmlNodePtr node)
{
    GString *out = g_string_new(NULL);
    for (xmlNodePtr n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        GString *step = g_string_new("/");
        g_string_append(step, (const char *)n->name);
        xmlChar *code = xmlGetNoNsProp(n, BAD_CAST "n");
        if (code)
            g_string_append_printf(step, "[@n='%s']", (const char *)code);
        xmlFree(code);
        g_string_prepend(out, step->str);
        g_string_free(step, TRUE);
    }
    return g_string_free(out, FALSE);
}

static void collect_error(void *data, xmlErrorPtr error)
{
    collector *c = data;
    int line = error->line;
    if (line <= 0 && error->node)
        line = (int)xmlGetLineNo((xmlNodePtr)error->node);
    char *text = message_clean(error->message);
    if (c->count++ == 0) {
        xmlNodePtr node = error->node;
        char *where = node ? node_where(node) : g_strdup("?");
        c->first = line > 0 && !(c->by_path && node)
                       ? g_strdup_printf("line %d: %s", line, text)
                       : g_strdup_printf("at %s: %s", where, text);
        g_free(where);
    }
    if (c->errors)
        g_ptr_array_add(c->errors, g_strdup_printf("%d: %s", MAX(line, 0), text));
    g_free(text);
}

/* The status of a validation that returned RC and collected C. */
static int validation_result(int rc, collector *c, poa_error *err)
{
    if (rc > 0 || (rc == 0 && c->count > 0))
        rc = poa_fail(err, POA_E_INVALID, "schema-invalid XML: %s%s",
                      c->first ? c->first : "the document does not satisfy the schema",
                      c->count > 1 ? " (and more errors)" : "");
    else if (rc < 0)
        rc = poa_fail(err, POA_E_INTERNAL, "schema validation failed (out of memory?)");
    g_free(c->first);
    return rc;
}

/* A validation context of schema WHICH reporting to C; NULL with ERR set. */
static xmlSchemaValidCtxtPtr valid_ctxt(validate_schema which, collector *c, poa_error *err)
{
    xmlSchemaPtr schema = schema_get(which);
    if (!schema) {
        poa_fail(err, POA_E_INTERNAL, "cannot compile the embedded schema");
        return NULL;
    }
    xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema);
    if (!v)
        poa_fail(err, POA_E_INTERNAL, "out of memory");
    else
        xmlSchemaSetValidStructuredErrors(v, collect_error, c);
    return v;
}

/* validate_document, the first error named by the element's path when
 * BY_PATH. */
static int validate_tree(xmlDocPtr doc, validate_schema which, GPtrArray *errors, bool by_path,
                         poa_error *err)
{
    collector c = { errors, NULL, 0, by_path };
    xmlSchemaValidCtxtPtr v = valid_ctxt(which, &c, err);
    if (!v)
        return -POA_E_INTERNAL;
    int rc = xmlSchemaValidateDoc(v, doc);
    xmlSchemaFreeValidCtxt(v);
    return validation_result(rc, &c, err);
}

int validate_document(xmlDocPtr doc, validate_schema which, GPtrArray *errors, poa_error *err)
{
    return validate_tree(doc, which, errors, false, err);
}

/* Validate what READER (freed here; NULL: it could not be made) reads;
 * when invalid and no ERRORS are asked for, REPARSE(SOURCE) gives the tree
 * again so that ERR names the first error's element path. */
static int validate_reader(xmlTextReaderPtr reader, validate_schema which, GPtrArray *errors,
                           xmlDocPtr (*reparse)(const void *), const void *source,
                           poa_error *err)
{
    collector c = { errors, NULL, 0, false };
    xmlSchemaValidCtxtPtr v = valid_ctxt(which, &c, err);
    if (!v) {
        xmlFreeTextReader(reader);
        return -POA_E_INTERNAL;
    }
    /* a reader keeps the node being read, not the tree (xmllint --stream) */
    int rc = reader ? xmlTextReaderSchemaValidateCtxt(reader, v, 0) : -1;
    while (rc == 0 && (rc = xmlTextReaderRead(reader)) == 1)
        rc = 0;
    if (rc == 0 && xmlTextReaderIsValid(reader) != 1)
        rc = 1;
    xmlFreeTextReader(reader);
    xmlSchemaFreeValidCtxt(v);
    rc = validation_result(rc, &c, err);
    if (rc == -POA_E_INVALID && !errors) {
        /* rare (a converter defect): the tree, to name the element's path
         * where the lines of a text never written would name nothing; its
         * verdict only words the message */
        xmlDocPtr doc = reparse(source);
        poa_error tree = POA_ERROR_INIT;
        if (doc && validate_tree(doc, which, NULL, true, &tree) == -POA_E_INVALID && err)
            *err = tree;
        xmlFreeDoc(doc);
    }
    return rc;
}

/* How our own output is read back: no network, nothing printed (errors are
 * collected), and no cap on a text node: a report's paragraph of 10 MB
 * is still a report (libxml2's guard against huge nodes is for foreign
 * XML, read by read_foreign with it on). */
#define OWN_XML (XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* The text being validated by validate_memory. */
typedef struct text_span {
    const char *xml;
    size_t len;
} text_span;

/* The tree of a text_span. */
static xmlDocPtr reparse_memory(const void *source)
{
    const text_span *t = source;
    return xmlReadMemory(t->xml, (int)t->len, NULL, "UTF-8", OWN_XML);
}

/* The tree of the file open as *SOURCE (an int), read from its start. */
static xmlDocPtr reparse_fd(const void *source)
{
    int fd = *(const int *)source;
    return lseek(fd, 0, SEEK_SET) == 0 ? xmlReadFd(fd, NULL, "UTF-8", OWN_XML) : NULL;
}

int validate_memory(const char *xml, size_t len, validate_schema which, GPtrArray *errors,
                    poa_error *err)
{
    if (len > INT_MAX)
        return poa_fail(err, POA_E_INTERNAL, "XML document too large to validate");
    text_span t = { xml, len };
    return validate_reader(xmlReaderForMemory(xml, (int)len, NULL, "UTF-8", OWN_XML),
                           which, errors, reparse_memory, &t, err);
}

int validate_tree_of(const char *xml, size_t len, int fd, validate_schema which,
                     GPtrArray *errors, poa_error *err)
{
    if (len > INT_MAX)
        return poa_fail(err, POA_E_INTERNAL, "XML document too large to validate");
    xmlDocPtr doc = xml ? xmlReadMemory(xml, (int)len, NULL, "UTF-8", OWN_XML)
                        : xmlReadFd(fd, NULL, "UTF-8", OWN_XML);
    if (!doc)
        return poa_fail(err, POA_E_INTERNAL, "the converted document cannot be read back");
    int rc = validate_tree(doc, which, errors, !errors, err);
    xmlFreeDoc(doc);
    return rc;
}

int validate_fd(int fd, validate_schema which, GPtrArray *errors, poa_error *err)
{
    /* the reader leaves FD open */
    return validate_reader(xmlReaderForFd(fd, NULL, "UTF-8", OWN_XML), which, errors,
                           reparse_fd, &fd, err);
}

/* ## Safe parsing of foreign XML */

static const char msg_laughs[] =
    "entity declarations refused: a DOCTYPE that declares entities can expand "
    "without bound (\"billion laughs\")";
static const char msg_xxe[] =
    "external entity or DTD refused: a SYSTEM or PUBLIC identifier could read "
    "local files or the network (XXE)";

static const char *skip_to(const char *p, const char *end, const char *what)
{
    const char *hit = g_strstr_len(p, end - p, what);
    return hit ? hit + strlen(what) : end;
}

/* The "<!DOCTYPE" of the prolog (after a BOM, white space, the XML
 * declaration, processing instructions and comments), or NULL. */
static const char *prolog_doctype(const char *p, const char *end)
{
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        if (g_ascii_isspace(*p))
            p++;
        else if (end - p >= 2 && memcmp(p, "<?", 2) == 0)
            p = skip_to(p, end, "?>");
        else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0)
            p = skip_to(p, end, "-->");
        else
            break;
    }
    return end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0 ? p : NULL;
}

static bool contains(const char *p, const char *end, const char *what)
{
    return p < end && g_strstr_len(p, end - p, what) != NULL;
}

/* Why the DOCTYPE of DATA is refused, or NULL.  A first line of defence
 * on the bytes; doc_unsafe() checks the parsed DTD as well. */
static const char *prolog_unsafe(const char *data, size_t len)
{
    const char *end = data + len;
    const char *dt = prolog_doctype(data, end);
    if (!dt)
        return NULL;
    const char *p = dt + 9;
    while (p < end && *p != '[' && *p != '>')
        p++;
    if (contains(dt, p, "SYSTEM") || contains(dt, p, "PUBLIC"))
        return msg_xxe;
    if (p >= end || *p != '[')
        return NULL;
    const char *close = g_strstr_len(p, end - p, "]");
    const char *subset_end = close ? close : end;
    if (!contains(p, subset_end, "<!ENTITY"))
        return NULL;
    if (contains(p, subset_end, "SYSTEM") || contains(p, subset_end, "PUBLIC"))
        return msg_xxe;
    return msg_laughs;
}

/* More attributes than this on one element is refused: libxml2 checks a
 * start tag's attributes against each other, in time that grows with the
 * square of their number (a million took minutes); no element of ours has
 * ten. */
#define VALIDATE_MAX_ATTRIBUTES 1000

static const char msg_attributes[] =
    "an element with more than 1000 attributes refused (parsing them takes time that grows "
    "with the square of their number)";

/* Does an element of DATA carry more than VALIDATE_MAX_ATTRIBUTES
 * attributes?  One pass over the bytes: comments, CDATA sections,
 * declarations and processing instructions skipped, quoted values too. */
static bool too_many_attributes(const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        p++;
        if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
            p = skip_to(p, end, "-->");
            continue;
        }
        if (end - p >= 8 && memcmp(p, "![CDATA[", 8) == 0) {
            p = skip_to(p, end, "]]>");
            continue;
        }
        int n = 0;
        for (; p < end && *p != '>'; p++) {
            if (*p == '"' || *p == '\'') {
                const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
                p = q ? q : end - 1;
            } else if (*p == '=' && ++n > VALIDATE_MAX_ATTRIBUTES) {
                return true;
            }
        }
        if (p >= end)
            return false;
    }
    return false;
}

/* Why the parsed DTD of DOC is refused, or NULL. */
static const char *doc_unsafe(xmlDocPtr doc)
{
    xmlDtdPtr dtd = doc->intSubset;
    if (doc->extSubset || (dtd && (dtd->ExternalID || dtd->SystemID)))
        return msg_xxe;
    if (dtd && ((dtd->entities && xmlHashSize(dtd->entities) > 0) ||
                (dtd->pentities && xmlHashSize(dtd->pentities) > 0)))
        return msg_laughs;
    return NULL;
}

static bool all_space(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!g_ascii_isspace(data[i]))
            return false;
    return true;
}

/* Structured error handler of the parser: keep the first error, which
 * names the real cause ("tag mismatch"), not the last ("premature end").
 * DATA is the parser context (libxml2 passes ctxt->userData). */
static void keep_first_error(void *data, xmlErrorPtr error)
{
    xmlParserCtxtPtr ctxt = data;
    xmlError *first = ctxt->_private;
    if (first->code == XML_ERR_OK && error->level >= XML_ERR_ERROR)
        xmlCopyError(error, first);
}

/* The error of a failed parse: entity loops and libxml2's amplification
 * limits are unsafe input, anything else is not well-formed. */
static int parse_error(xmlParserCtxtPtr ctxt, const char *name, poa_error *err)
{
    const xmlError *first = ctxt->_private;
    const xmlError *e = first->code != XML_ERR_OK ? first : xmlCtxtGetLastError(ctxt);
    if (!e)
        return poa_fail(err, POA_E_INTERNAL, "%s: cannot parse the XML (out of memory?)", name);
    char *text = message_clean(e->message);
    int rc;
    if (e->code == XML_ERR_ENTITY_LOOP || e->code == XML_ERR_ENTITY_PROCESSING ||
        strstr(text, "amplification"))
        rc = poa_fail(err, POA_E_UNSAFE, "%s:%d: %s", name, e->line, msg_laughs);
    else if (e->code == XML_ERR_NO_MEMORY)
        rc = poa_fail(err, POA_E_INTERNAL, "%s: out of memory", name);
    else
        rc = poa_fail(err, POA_E_FORMAT, "%s:%d: not well-formed XML: %s", name, e->line, text);
    g_free(text);
    return rc;
}

xmlDocPtr validate_parse_untrusted(const char *data, size_t len, const char *name,
                                   poa_error *err)
{
    if (len > VALIDATE_MAX_XML_BYTES) {
        poa_fail(err, POA_E_UNSAFE, "%s: file too large (%zu bytes; the limit is %u MiB)",
                 name, len, VALIDATE_MAX_XML_BYTES / (1024u * 1024u));
        return NULL;
    }
    if (all_space(data, len)) {
        poa_fail(err, POA_E_EMPTY, "%s: empty file", name);
        return NULL;
    }
    const char *why = prolog_unsafe(data, len);
    if (!why && too_many_attributes(data, len))
        why = msg_attributes;
    if (why) {
        poa_fail(err, POA_E_UNSAFE, "%s: %s", name, why);
        return NULL;
    }
    xmlInitParser();
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        poa_fail(err, POA_E_INTERNAL, "%s: out of memory", name);
        return NULL;
    }
    xmlError first = { 0 };
    ctxt->_private = &first;
    ctxt->sax->serror = keep_first_error;
    /* No XML_PARSE_NOENT (substitution), DTDLOAD, DTDATTR or HUGE. */
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc || !ctxt->wellFormed) {
        parse_error(ctxt, name, err);
        xmlFreeDoc(doc);
        doc = NULL;
    } else if ((why = doc_unsafe(doc)) != NULL) {
        poa_fail(err, POA_E_UNSAFE, "%s: %s", name, why);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlResetError(&first);
    xmlFreeParserCtxt(ctxt);
    return doc;
}
