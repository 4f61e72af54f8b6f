/* validate.c - XSD validation and safe reading of foreign XML (libxml2).
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
 *    or names an external DTD refused before and after parsing;
 *  - reading a valid programaTrabajo back into a report, and the public
 *    poa_validate_file() / poa_validation_* API.
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

#include "check.h"
#include "emit.h"
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

/* ## Reading a programaTrabajo back into the model */

static bool is_element(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           strcmp((const char *)n->ns->href, POA_NAMESPACE) == 0 &&
           (!name || strcmp((const char *)n->name, name) == 0);
}

/* The element's text, white space collapsed (g_free). */
static char *node_text(xmlNodePtr n)
{
    xmlChar *raw = xmlNodeGetContent(n);
    char *text = util_collapse_space(raw ? (const char *)raw : "");
    xmlFree(raw);
    return text;
}

/* Attribute NAME of N (g_free), or NULL. */
static char *node_attr(xmlNodePtr n, const char *name)
{
    xmlChar *raw = xmlGetNoNsProp(n, BAD_CAST name);
    char *value = raw ? util_collapse_space((const char *)raw) : NULL;
    xmlFree(raw);
    return value;
}

static void set_text(char **slot, xmlNodePtr n)
{
    g_free(*slot);
    *slot = node_text(n);
}

static void read_prov(xmlNodePtr n, poa_prov *p)
{
    char *page = node_attr(n, "pagina"), *box = node_attr(n, "caja");
    char *conf = node_attr(n, "confianza");
    if (page)
        p->page = atoi(page);
    if (box) {
        char *s = box;
        double *v[4] = { &p->x0, &p->y0, &p->x1, &p->y1 };
        for (int i = 0; i < 4; i++)
            *v[i] = g_ascii_strtod(s, &s);
    }
    if (conf)
        p->confidence = g_ascii_strtod(conf, NULL);
    g_free(page);
    g_free(box);
    g_free(conf);
}

/* The pages listed in fuente/@paginasSinTexto ("2 5"). */
static void read_pages_without_text(xmlNodePtr n, GArray *pages)
{
    char *list = node_attr(n, "paginasSinTexto");
    char **words = list ? g_strsplit_set(list, " \t\n", -1) : NULL;
    for (int i = 0; words && words[i]; i++) {
        int page = atoi(words[i]);
        if (page > 0)
            g_array_append_val(pages, page);
    }
    g_strfreev(words);
    g_free(list);
}

/* fuente/@lineasSobreLimite and @lineaSobreLimite: the lines a rule gave
 * up on when the report was converted (regla.limite found again). */
static void read_over_limit(xmlNodePtr n, poa_report *r)
{
    char *count = node_attr(n, "lineasSobreLimite");
    r->lines_over_limit = count ? (size_t)g_ascii_strtoull(count, NULL, 10) : 0;
    g_free(r->line_over_limit);
    r->line_over_limit = r->lines_over_limit ? node_attr(n, "lineaSobreLimite") : NULL;
    g_free(count);
}

static void read_fuente(xmlNodePtr n, poa_source *s)
{
    char *sha = node_attr(n, "sha256"), *bytes = node_attr(n, "bytes");
    char *pages = node_attr(n, "paginas");
    g_free(s->archivo);
    s->archivo = node_attr(n, "archivo");
    g_free(s->convertido);
    s->convertido = node_attr(n, "convertido");
    g_strlcpy(s->sha256, sha ? sha : "", sizeof s->sha256);
    s->bytes = bytes ? (size_t)g_ascii_strtoull(bytes, NULL, 10) : 0;
    s->paginas = pages ? atoi(pages) : 0;
    char *encoding = node_attr(n, "codificacion");
    s->windows1252 = encoding != NULL;
    g_free(encoding);
    g_free(sha);
    g_free(bytes);
    g_free(pages);
}

/* The text fields of <metadatos>, by element name. */
static const struct { const char *name; size_t offset; } meta_fields[] = {
    { "institucion", offsetof(poa_metadata, institucion) },
    { "fundamento", offsetof(poa_metadata, fundamento) },
    { "obligacion", offsetof(poa_metadata, obligacion) },
    { "fecha", offsetof(poa_metadata, fecha) },
    { "periodoInicio", offsetof(poa_metadata, periodo_inicio) },
    { "periodoFin", offsetof(poa_metadata, periodo_fin) },
    { "periodoActualizacion", offsetof(poa_metadata, periodo_actualizacion) },
    { "fechaActualizacion", offsetof(poa_metadata, fecha_actualizacion) },
    { "fechaValidacion", offsetof(poa_metadata, fecha_validacion) },
    { "area", offsetof(poa_metadata, area) },
    { "nota", offsetof(poa_metadata, nota) },
};

static void read_meta_field(xmlNodePtr n, poa_metadata *m)
{
    char *text = node_text(n);
    if (is_element(n, "ejercicio"))
        m->ejercicio = atoi(text);
    else if (is_element(n, "vigencia")) {
        char *from = node_attr(n, "desde"), *to = node_attr(n, "hasta");
        m->vigencia_desde = from ? atoi(from) : 0;
        m->vigencia_hasta = to ? atoi(to) : 0;
        g_free(from);
        g_free(to);
    }
    else if (is_element(n, "trimestre"))
        m->trimestre = atoi(text);
    for (size_t i = 0; i < G_N_ELEMENTS(meta_fields); i++)
        if (is_element(n, meta_fields[i].name))
            set_text((char **)((char *)m + meta_fields[i].offset), n);
    g_free(text);
}

static void read_metadatos(xmlNodePtr n, poa_metadata *m)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_element(c, NULL))
            read_meta_field(c, m);
}

/* The items of a list element N named ITEM, each added with ADD. */
static void read_items(xmlNodePtr n, const char *item, poa_report *r, int q,
                       poa_item *(*add)(poa_report *, int, const char *, const char *,
                                        const poa_prov *))
{
    for (xmlNodePtr it = n->children; it; it = it->next) {
        if (!is_element(it, item))
            continue;
        char *code = node_attr(it, "n"), *text = node_text(it);
        poa_prov prov = POA_PROV_INIT;
        read_prov(it, &prov);
        add(r, q, code, text, &prov);
        g_free(code);
        g_free(text);
    }
}

static poa_item *add_foda(poa_report *r, int q, const char *code, const char *text,
                          const poa_prov *prov)
{
    return model_foda_add(r, (poa_quadrant)q, code, text, prov);
}

static poa_item *add_unplaced(poa_report *r, int q, const char *code, const char *text,
                              const poa_prov *prov)
{
    return model_unplaced_add(r, code, text, prov);
}

static void read_foda(xmlNodePtr n, poa_report *r)
{
    r->foda_present = true;
    for (xmlNodePtr list = n->children; list; list = list->next) {
        for (int q = 0; q < POA_QUADRANTS; q++) {
            if (is_element(list, model_quadrant_list_name(q)))
                read_items(list, model_quadrant_item_name(q), r, q, add_foda);
        }
    }
}

/* The node kind of element N, or POA_NODE_ROOT when N is no plan node. */
static poa_node_kind node_kind(xmlNodePtr n)
{
    const poa_node_kind kinds[] = { POA_NODE_EJE, POA_NODE_OBJETIVO, POA_NODE_ESTRATEGIA,
                                    POA_NODE_LINEA };
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (is_element(n, model_node_kind_name(kinds[i])))
            return kinds[i];
    return POA_NODE_ROOT;
}

/* Append the plan nodes among N's children to PARENT, recursively. */
static void read_children(xmlNodePtr n, poa_node *parent)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        poa_node_kind kind = node_kind(c);
        if (kind == POA_NODE_ROOT)
            continue;
        char *code = node_attr(c, "n");
        poa_node *node = model_node_new(kind, code, NULL);
        g_free(code);
        read_prov(c, &node->prov);
        if (kind == POA_NODE_LINEA)
            set_text(&node->text, c);
        for (xmlNodePtr t = c->children; kind != POA_NODE_LINEA && t; t = t->next)
            if (is_element(t, "texto"))
                set_text(&node->text, t);
        model_node_append(parent, node);
        if (kind != POA_NODE_LINEA)
            read_children(c, node);
    }
}

/* One top-level element of programaTrabajo into R. */
static void read_section(xmlNodePtr c, poa_report *r)
{
    if (is_element(c, "fuente")) {
        read_fuente(c, &r->source);
        read_pages_without_text(c, r->pages_without_text);
        read_over_limit(c, r);
    }
    else if (is_element(c, "metadatos"))
        read_metadatos(c, &r->meta);
    else if (is_element(c, "mision")) {
        set_text(&r->mision, c);
        read_prov(c, &r->mision_prov);
    } else if (is_element(c, "vision")) {
        set_text(&r->vision, c);
        read_prov(c, &r->vision_prov);
    } else if (is_element(c, "foda"))
        read_foda(c, r);
    else if (is_element(c, "objetivos"))
        read_children(c, r->plan);
    else if (is_element(c, "noUbicado"))
        read_items(c, "elemento", r, 0, add_unplaced);
}

poa_report *validate_read_report(xmlDocPtr doc, poa_error *err)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!is_element(root, "programaTrabajo")) {
        poa_fail(err, POA_E_INVALID, "the root element is not programaTrabajo in %s",
                 POA_NAMESPACE);
        return NULL;
    }
    poa_report *r = model_report_new();
    for (xmlNodePtr c = root->children; c; c = c->next)
        read_section(c, r);
    return r;
}

/* ## poa_validate_file */

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

/* True when DATA begins like XML: '<' after an optional UTF-8 BOM and
 * white space, or a UTF-16 byte order mark. */
static bool looks_like_xml(const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data, *end = p + len;
    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return true;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        p += 3;
    while (p < end && g_ascii_isspace(*p))
        p++;
    return p < end && *p == '<';
}

/* Read the first bytes of PATH into HEAD and its size into SIZE. */
static int sniff(const char *path, char *head, size_t *head_len, off_t *size, poa_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return util_fail_unreadable(err, path, errno);
    struct stat st;
    int rc = 0;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode))
        rc = util_fail_unreadable(err, path, S_ISDIR(st.st_mode) ? EISDIR : errno);
    else if (st.st_size == 0)
        rc = poa_fail(err, POA_E_EMPTY, "%s: empty file", path);
    *head_len = rc == 0 ? fread(head, 1, 512, f) : 0;
    if (rc == 0 && ferror(f))
        rc = util_fail_unreadable(err, path, errno);
    *size = st.st_size;
    fclose(f);
    return rc;
}

/* The report of the XML document DATA (named NAME): parsed as untrusted,
 * schema-checked, read. */
static poa_report *report_from_xml(const char *data, size_t len, const char *name,
                                   GPtrArray *errors, poa_error *err)
{
    xmlDocPtr doc = validate_parse_untrusted(data, len, name, err);
    poa_report *r = NULL;
    if (doc && validate_document(doc, VALIDATE_PROGRAMA, errors, err) == 0)
        r = validate_read_report(doc, err);
    xmlFreeDoc(doc);
    if (!r)
        util_name_error(err, name);
    return r;
}

/* Parse, schema-check and read the XML file PATH. */
static poa_report *load_xml(const char *path, off_t size, GPtrArray *errors, poa_error *err)
{
    if ((unsigned long long)size > VALIDATE_MAX_XML_BYTES) {
        poa_fail(err, POA_E_UNSAFE, "%s: file too large (%lld bytes; the limit is %u MiB)",
                 path, (long long)size, VALIDATE_MAX_XML_BYTES / (1024u * 1024u));
        return NULL;
    }
    char *data = NULL;
    gsize len = 0;
    if (util_read_input(path, &data, &len, err) != 0)
        return NULL;
    poa_report *r = report_from_xml(data, len, path, errors, err);
    g_free(data);
    return r;
}

/* R (NULL passes through) if the XML it gives satisfies the schema; else
 * NULL, R freed, the errors in ERRORS. */
static poa_report *schema_checked(poa_report *r, const char *path, GPtrArray *errors,
                                  poa_error *err)
{
    if (!r)
        return NULL;
    size_t len = 0;
    char *xml = emit_xml(r, &len, err);
    if (!xml || validate_memory(xml, len, VALIDATE_PROGRAMA, errors, err) < 0) {
        g_clear_pointer(&r, poa_report_free);
        util_name_error(err, path);
    }
    free(xml);
    return r;
}

/* Convert PDF or text in memory and schema-check the XML it would give. */
static poa_report *load_converted(const char *path, const poa_options *opts,
                                  GPtrArray *errors, poa_error *err)
{
    return schema_checked(poa_convert_file(path, opts, err), path, errors, err);
}

/* Standard input ("-"): XML, or PDF or text to convert, read whole first
 * (a pipe cannot be sniffed and read again). */
static poa_report *load_stdin(const poa_options *opts, GPtrArray *errors, poa_error *err)
{
    char *data = NULL;
    gsize len = 0;
    if (util_read_input("-", &data, &len, err) != 0)
        return NULL;
    poa_report *r = NULL;
    if (len == 0)
        poa_fail(err, POA_E_EMPTY, "%s: empty file", POA_STDIN_NAME);
    else if (!looks_like_xml(data, len < 512 ? len : 512))
        r = schema_checked(poa_convert_buffer(data, len, POA_STDIN_NAME, opts, err),
                           POA_STDIN_NAME, errors, err);
    else if (len > VALIDATE_MAX_XML_BYTES)
        poa_fail(err, POA_E_UNSAFE, "%s: too large (%zu bytes; the limit is %u MiB)",
                 POA_STDIN_NAME, (size_t)len, VALIDATE_MAX_XML_BYTES / (1024u * 1024u));
    else
        r = report_from_xml(data, len, POA_STDIN_NAME, errors, err);
    g_free(data);
    return r;
}

poa_report *validate_load_report(const char *path, const poa_options *opts, GPtrArray *errors,
                                 poa_error *err)
{
    if (strcmp(path, "-") == 0)
        return load_stdin(opts, errors, err);
    char head[512];
    size_t head_len = 0;
    off_t size = 0;
    if (sniff(path, head, &head_len, &size, err) < 0)
        return NULL;
    if (looks_like_xml(head, head_len))
        return load_xml(path, size, errors, err);
    return load_converted(path, opts, errors, err);
}

poa_validation *poa_validate_file(const char *path, const poa_options *opts)
{
    poa_validation *v = g_new0(poa_validation, 1);
    v->findings = g_array_new(FALSE, TRUE, sizeof(poa_finding_view));
    g_array_set_clear_func(v->findings, view_clear);
    GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
    poa_error err = POA_ERROR_INIT;
    poa_report *r = validate_load_report(path, opts, errors, &err);
    if (r) {
        check_report(r);
        views_from_report(v, r);
        v->message = g_strdup("");
    } else {
        v->status = err.code != POA_OK ? err.code : POA_E_INTERNAL;
        v->message = g_strdup(err.message); /* named with PATH by the loaders */
        views_from_errors(v, errors);
    }
    poa_report_free(r);
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
