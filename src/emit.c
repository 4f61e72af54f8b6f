/* emit.c - the model as XML (schemas/programa-trabajo.xsd), written with
 * libxml2's xmlTextWriter only, then validated and written atomically.
 *
 * The emitted order is the model's order; absent data is omitted, never
 * written as an empty element.  Numbers are formatted with GLib's ASCII
 * formatters so the locale never changes the output.  Text is passed
 * through unchanged except for characters XML 1.0 cannot carry (invalid
 * UTF-8, C0 controls), which become U+FFFD: the writer would otherwise
 * produce a document its own parser rejects.
 */
#include "emit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libxml/xmlwriter.h>

#include "util.h"
#include "validate.h"

/* The writer and whether any call on it failed: every helper below is a
 * no-op once a call failed, so the drivers read like the document. */
typedef struct emitter {
    xmlTextWriterPtr w;
    bool failed;
} emitter;

static void check(emitter *e, int rc)
{
    if (rc < 0)
        e->failed = true;
}


/* Is C a character XML 1.0 can carry (the Char production, §2.2)? */
static bool xml_char(gunichar c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
}

/* TEXT as XML 1.0 can carry it: TEXT itself when it can (nearly always:
 * no copy of a paragraph of megabytes), else a copy in *OWNED (g_free)
 * where invalid UTF-8 and the characters outside the Char production
 * became U+FFFD. */
static const char *xml_safe(const char *text, char **owned)
{
    *owned = NULL;
    bool valid = g_utf8_validate(text, -1, NULL);
    const char *p = text;
    while (valid && *p && xml_char(g_utf8_get_char(p)))
        p = g_utf8_next_char(p);
    if (valid && !*p)
        return text;
    char *fixed = g_utf8_make_valid(text, -1);
    GString *out = g_string_sized_new(strlen(fixed));
    for (p = fixed; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        g_string_append_unichar(out, xml_char(c) ? c : 0xFFFD);
    }
    g_free(fixed);
    return *owned = g_string_free(out, FALSE);
}

static void start(emitter *e, const char *name)
{
    if (!e->failed)
        check(e, xmlTextWriterStartElement(e->w, BAD_CAST name));
}

static void end(emitter *e)
{
    if (!e->failed)
        check(e, xmlTextWriterEndElement(e->w));
}

/* Attribute NAME="VALUE"; nothing when VALUE is blank. */
static void attr(emitter *e, const char *name, const char *value)
{
    if (e->failed || util_is_blank(value))
        return;
    char *owned;
    const char *safe = xml_safe(value, &owned);
    check(e, xmlTextWriterWriteAttribute(e->w, BAD_CAST name, BAD_CAST safe));
    g_free(owned);
}

static void attr_int(emitter *e, const char *name, long long value)
{
    char buf[32];
    g_snprintf(buf, sizeof buf, "%lld", value);
    attr(e, name, buf);
}

/* Text is written in pieces of at most this many bytes: libxml2 escapes
 * each call's text into a buffer it grows by doubling, which for a
 * paragraph of megabytes cost twice the paragraph again. */
#define EMIT_TEXT_PIECE 65536

static void text(emitter *e, const char *value)
{
    if (e->failed || !value)
        return;
    char *owned;
    const char *safe = xml_safe(value, &owned);
    const char *p = safe;
    size_t len = strnlen(p, EMIT_TEXT_PIECE);
    for (; p[len] && !e->failed; len = strnlen(p, EMIT_TEXT_PIECE)) {
        len = (size_t)(g_utf8_find_prev_char(p, p + len + 1) - p); /* a whole character */
        xmlChar *piece = xmlStrndup(BAD_CAST p, (int)len);
        check(e, piece ? xmlTextWriterWriteString(e->w, piece) : -1);
        xmlFree(piece);
        p += len;
    }
    if (!e->failed) /* the last piece, most texts' only one: no copy */
        check(e, xmlTextWriterWriteString(e->w, BAD_CAST p));
    g_free(owned);
}

/* <NAME>VALUE</NAME>; nothing when VALUE is blank. */
static void element(emitter *e, const char *name, const char *value)
{
    if (util_is_blank(value))
        return;
    start(e, name);
    text(e, value);
    end(e);
}

static void element_int(emitter *e, const char *name, int value)
{
    char buf[16];
    g_snprintf(buf, sizeof buf, "%d", value);
    element(e, name, buf);
}

/* Append V to OUT in FORMAT ("%.2f"), whatever the locale. */
static void append_decimal(GString *out, double v, const char *format)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append(out, g_ascii_formatd(buf, sizeof buf, format, v));
}

/* pagina, caja and confianza of an item, each only when known. */
static void prov_attrs(emitter *e, const poa_prov *p)
{
    if (p->page > 0) {
        attr_int(e, "pagina", p->page);
        if (p->x1 > p->x0 || p->y1 > p->y0) {
            GString *box = g_string_new(NULL);
            const double v[4] = { p->x0, p->y0, p->x1, p->y1 };
            for (int i = 0; i < 4; i++) {
                if (i)
                    g_string_append_c(box, ' ');
                append_decimal(box, v[i], "%.2f");
            }
            attr(e, "caja", box->str);
            g_string_free(box, TRUE);
        }
    }
    if (p->confidence >= 0) {
        GString *c = g_string_new(NULL);
        append_decimal(c, p->confidence, "%.3f");
        attr(e, "confianza", c->str);
        g_string_free(c, TRUE);
    }
}

static void emit_fuente(emitter *e, const poa_report *r)
{
    const poa_source *s = &r->source;
    const GArray *pages_without_text = r->pages_without_text;
    size_t over_limit = r->lines_over_limit;
    const char *last_over_limit = r->line_over_limit;
    start(e, "fuente");
    attr(e, "archivo", s->archivo);
    attr(e, "sha256", s->sha256);
    attr_int(e, "bytes", (long long)s->bytes);
    if (s->paginas > 0)
        attr_int(e, "paginas", s->paginas);
    if (pages_without_text->len > 0) {
        GString *list = g_string_new(NULL);
        for (guint i = 0; i < pages_without_text->len; i++)
            g_string_append_printf(list, "%s%d", i ? " " : "", g_array_index(pages_without_text, int, i));
        attr(e, "paginasSinTexto", list->str);
        g_string_free(list, TRUE);
    }
    if (s->windows1252)
        attr(e, "codificacion", "windows-1252");
    if (over_limit > 0) { /* kept so that validating the XML again finds regla.limite */
        attr_int(e, "lineasSobreLimite", (long long)over_limit);
        attr(e, "lineaSobreLimite", last_over_limit ? last_over_limit : "");
    }
    attr(e, "herramienta", "poa2xml " POA_VERSION);
    attr(e, "convertido", s->convertido);
    end(e);
}

static bool metadata_empty(const poa_metadata *m)
{
    const char *texts[] = { m->institucion, m->fundamento, m->obligacion, m->fecha,
                            m->periodo_inicio, m->periodo_fin, m->periodo_actualizacion,
                            m->fecha_actualizacion, m->fecha_validacion, m->area, m->nota };
    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++)
        if (!util_is_blank(texts[i]))
            return false;
    return m->ejercicio == 0 && m->trimestre == 0 && m->vigencia_desde == 0;
}

/* <metadatos>, in the schema's order; omitted when nothing is known. */
static void emit_metadatos(emitter *e, const poa_metadata *m)
{
    if (metadata_empty(m))
        return;
    start(e, "metadatos");
    element(e, "institucion", m->institucion);
    element(e, "fundamento", m->fundamento);
    element(e, "obligacion", m->obligacion);
    if (m->ejercicio != 0)
        element_int(e, "ejercicio", m->ejercicio);
    if (m->trimestre != 0)
        element_int(e, "trimestre", m->trimestre);
    if (m->vigencia_desde != 0) {
        start(e, "vigencia");
        attr_int(e, "desde", m->vigencia_desde);
        attr_int(e, "hasta", m->vigencia_hasta);
        end(e);
    }
    element(e, "fecha", m->fecha);
    element(e, "periodoInicio", m->periodo_inicio);
    element(e, "periodoFin", m->periodo_fin);
    element(e, "periodoActualizacion", m->periodo_actualizacion);
    element(e, "fechaActualizacion", m->fecha_actualizacion);
    element(e, "fechaValidacion", m->fecha_validacion);
    element(e, "area", m->area);
    element(e, "nota", m->nota);
    end(e);
}

/* <mision> or <vision> with its provenance; omitted when absent. */
static void emit_paragraph(emitter *e, const char *name, const char *value, const poa_prov *p)
{
    if (util_is_blank(value))
        return;
    start(e, name);
    prov_attrs(e, p);
    text(e, value);
    end(e);
}

static void emit_item(emitter *e, const char *name, const poa_item *item)
{
    start(e, name);
    attr(e, "n", item->code);
    prov_attrs(e, &item->prov);
    text(e, item->text);
    end(e);
}

/* <foda> when a FODA section was seen; empty quadrants are omitted. */
static void emit_foda(emitter *e, const poa_report *r)
{
    if (!r->foda_present)
        return;
    start(e, "foda");
    for (int q = 0; q < POA_QUADRANTS; q++) {
        const GPtrArray *items = r->foda[q];
        if (items->len == 0)
            continue;
        start(e, model_quadrant_list_name(q));
        for (guint i = 0; i < items->len; i++)
            emit_item(e, model_quadrant_item_name(q), g_ptr_array_index(items, i));
        end(e);
    }
    end(e);
}

/* One node of the plan tree and its subtree.  A línea de acción holds its
 * text directly; the other levels hold <texto> then their children.  A
 * line has no children in the model (lines are leaves). */
static void emit_node(emitter *e, const poa_node *node)
{
    start(e, model_node_kind_name(node->kind));
    attr(e, "n", node->code);
    prov_attrs(e, &node->prov);
    if (node->kind == POA_NODE_LINEA) {
        text(e, node->text);
    } else {
        element(e, "texto", node->text);
        for (guint i = 0; i < node->children->len; i++)
            emit_node(e, g_ptr_array_index(node->children, i));
    }
    end(e);
}

static void emit_completitud(emitter *e, const poa_report *r)
{
    start(e, "completitud");
    attr(e, "completo", poa_report_complete(r) ? "true" : "false");
    for (guint i = 0; i < r->findings->len; i++) {
        const poa_finding *f = g_ptr_array_index(r->findings, i);
        start(e, "hallazgo");
        attr(e, "codigo", f->code);
        attr(e, "ref", f->ref);
        attr(e, "severidad", f->severity);
        text(e, f->message);
        end(e);
    }
    end(e);
}

static void emit_report(emitter *e, const poa_report *r)
{
    check(e, xmlTextWriterStartDocument(e->w, NULL, "UTF-8", NULL));
    if (r->source.stylesheet) { /* a browser opening the XML shows the page */
        char *pi = g_strdup_printf("type=\"text/xsl\" href=\"%s\"", r->source.stylesheet);
        check(e, xmlTextWriterWritePI(e->w, BAD_CAST "xml-stylesheet", BAD_CAST pi));
        g_free(pi);
    }
    /* the default namespace declared before the version, as the files
     * written so far have it (the writer puts a namespace given to
     * StartElementNS last; attribute order means nothing to XML) */
    start(e, "programaTrabajo");
    attr(e, "xmlns", POA_NAMESPACE);
    attr(e, "version", "1.0");
    emit_fuente(e, r);
    emit_metadatos(e, &r->meta);
    emit_paragraph(e, "mision", r->mision, &r->mision_prov);
    emit_paragraph(e, "vision", r->vision, &r->vision_prov);
    emit_foda(e, r);
    if (r->plan && r->plan->children->len > 0) {
        start(e, "objetivos");
        for (guint i = 0; i < r->plan->children->len; i++)
            emit_node(e, g_ptr_array_index(r->plan->children, i));
        end(e);
    }
    if (r->unplaced->len > 0) {
        start(e, "noUbicado");
        for (guint i = 0; i < r->unplaced->len; i++)
            emit_item(e, "elemento", g_ptr_array_index(r->unplaced, i));
        end(e);
    }
    emit_completitud(e, r);
    end(e);
    if (!e->failed)
        check(e, xmlTextWriterEndDocument(e->w));
}

/* Write REPORT with writer W (freed here, which flushes it); false when
 * a call failed. */
static bool emit_with(xmlTextWriterPtr w, const poa_report *report)
{
    emitter e = { w, w == NULL };
    if (!e.failed) {
        check(&e, xmlTextWriterSetIndent(e.w, 1));
        check(&e, xmlTextWriterSetIndentString(e.w, BAD_CAST "  "));
        emit_report(&e, report);
        check(&e, xmlTextWriterFlush(e.w));
    }
    xmlFreeTextWriter(w);
    return !e.failed;
}

char *emit_xml(const poa_report *report, size_t *len, poa_error *err)
{
    xmlBufferPtr buf = xmlBufferCreate();
    if (!buf || !emit_with(xmlNewTextWriterMemory(buf, 0), report)) {
        xmlBufferFree(buf);
        poa_fail(err, POA_E_INTERNAL, "cannot write the XML document (out of memory?)");
        return NULL;
    }
    size_t n = (size_t)xmlBufferLength(buf);
    /* copied so the caller frees with free(3) whatever xmlMemSetup says */
    char *out = malloc(n + 1);
    if (out) {
        memcpy(out, xmlBufferContent(buf), n);
        out[n] = '\0';
        *len = n;
    }
    xmlBufferFree(buf);
    if (!out)
        poa_fail(err, POA_E_INTERNAL, "cannot write the XML document (out of memory?)");
    return out;
}

/* The error of a conversion whose XML the schema rejects: a defect of
 * the converter, named with the source file. */
static int invalid_output(const poa_report *report, poa_error *err)
{
    char cause[sizeof err->message] = "";
    if (err)
        g_strlcpy(cause, err->message, sizeof cause);
    return poa_fail(err, POA_E_INVALID, "%s: the converted document is %s",
                    report->source.archivo ? report->source.archivo : "report", cause);
}

/* A text of more than this many bytes is validated on a tree (see
 * validate_tree_of): a paragraph of megabytes, not a long report. */
#define HUGE_TEXT (256 * 1024)

static size_t longest_in_tree(const poa_node *node)
{
    size_t n = node->text ? strlen(node->text) : 0;
    for (guint i = 0; i < node->children->len; i++)
        n = MAX(n, longest_in_tree(g_ptr_array_index(node->children, i)));
    return n;
}

static size_t longest_in_items(const GPtrArray *items)
{
    size_t n = 0;
    for (guint i = 0; i < items->len; i++)
        n = MAX(n, strlen(((const poa_item *)g_ptr_array_index(items, i))->text));
    return n;
}

/* Does REPORT hold a text of more than HUGE_TEXT bytes? */
static bool has_huge_text(const poa_report *r)
{
    const poa_metadata *m = &r->meta;
    const char *texts[] = { r->mision, r->vision, m->institucion, m->fundamento, m->obligacion,
                            m->area, m->nota, m->periodo_actualizacion };
    size_t n = longest_in_tree(r->plan);
    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++)
        n = MAX(n, texts[i] ? strlen(texts[i]) : 0);
    for (int q = 0; q < POA_QUADRANTS; q++)
        n = MAX(n, longest_in_items(r->foda[q]));
    return MAX(n, longest_in_items(r->unplaced)) > HUGE_TEXT;
}

int poa_report_to_xml(const poa_report *report, char **out, size_t *len, poa_error *err)
{
    const char *name = report->source.archivo ? report->source.archivo : "report";
    size_t n = 0;
    *out = emit_xml(report, &n, err);
    if (!*out)
        return util_name_error(err, name);
    int rc = has_huge_text(report)
                 ? validate_tree_of(*out, n, -1, VALIDATE_PROGRAMA, NULL, err)
                 : validate_memory(*out, n, VALIDATE_PROGRAMA, NULL, err);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        return rc == -POA_E_INVALID ? invalid_output(report, err) : util_name_error(err, name);
    }
    if (len)
        *len = n;
    return 0;
}

/* Why a file could not be made or written: GLib's words, or ours for the
 * two a user meets most. */
static const char *write_cause(int errnum)
{
    return errnum == ENOENT ? "no such directory"
           : errnum == EACCES ? "permission denied"
                              : g_strerror(errnum);
}

/* Where the writer's bytes go: an open file, and the first write error.
 * The sink reports success to libxml2 even then (libxml2 would print an
 * I/O error of its own; the library never prints) and drops the rest. */
typedef struct fd_sink {
    int fd;
    int errnum;
} fd_sink;

static int sink_write(void *context, const char *buf, int len)
{
    fd_sink *sink = context;
    for (int done = 0; done < len && !sink->errnum;) {
        ssize_t n = write(sink->fd, buf + done, (size_t)(len - done));
        if (n > 0)
            done += (int)n;
        else if (n < 0 && errno != EINTR)
            sink->errnum = errno;
        else if (n == 0)
            sink->errnum = EIO;
    }
    return len;
}

static int sink_close(void *context)
{
    (void)context; /* the file is ours to close */
    return 0;
}

/* Write REPORT's XML into the open file FD, synced; the errno of what
 * failed (0 for none). */
static int emit_to_fd(const poa_report *report, int fd)
{
    fd_sink sink = { fd, 0 };
    xmlOutputBufferPtr out = xmlOutputBufferCreateIO(sink_write, sink_close, &sink, NULL);
    xmlTextWriterPtr w = out ? xmlNewTextWriter(out) : NULL; /* owns OUT */
    if (out && !w)
        xmlOutputBufferClose(out);
    if (!w || !emit_with(w, report))
        return sink.errnum ? sink.errnum : ENOMEM;
    if (sink.errnum)
        return sink.errnum;
    return fsync(fd) == 0 ? 0 : errno;
}

/* Write REPORT to PATH through a temporary file in PATH's directory,
 * validated as it is read back, then renamed over PATH: readers never see
 * half a file or an invalid one, and the text is never held in memory. */
static int write_streamed(const poa_report *report, const char *path, poa_error *err)
{
    char *tmp = g_strdup_printf("%s.XXXXXX", path);
    int fd = g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, 0666);
    int errnum = fd < 0 ? errno : emit_to_fd(report, fd), rc = 0;
    if (errnum)
        rc = poa_fail(err, POA_E_OUTPUT, "%s: cannot write: %s", path, write_cause(errnum));
    else if (lseek(fd, 0, SEEK_SET) != 0)
        rc = poa_fail(err, POA_E_OUTPUT, "%s: cannot read back: %s", path, g_strerror(errno));
    else if ((rc = has_huge_text(report)
                       ? validate_tree_of(NULL, 0, fd, VALIDATE_PROGRAMA, NULL, err)
                       : validate_fd(fd, VALIDATE_PROGRAMA, NULL, err)) < 0)
        rc = rc == -POA_E_INVALID ? invalid_output(report, err) : util_name_error(err, path);
    if (fd >= 0 && close(fd) != 0 && rc == 0)
        rc = poa_fail(err, POA_E_OUTPUT, "%s: cannot write: %s", path, write_cause(errno));
    if (rc == 0 && rename(tmp, path) != 0)
        rc = poa_fail(err, POA_E_OUTPUT, "%s: cannot write: %s", path, write_cause(errno));
    if (fd >= 0 && rc < 0)
        g_unlink(tmp);
    g_free(tmp);
    return rc;
}

int poa_report_write_xml(const poa_report *report, const char *path, poa_error *err)
{
    struct stat st;
    bool to_stdout = !path || strcmp(path, "-") == 0;
    if (!to_stdout && (stat(path, &st) != 0 || S_ISREG(st.st_mode)))
        return write_streamed(report, path, err);
    char *xml = NULL; /* a pipe or a device: validated in memory before a byte goes out */
    size_t len = 0;
    int rc = poa_report_to_xml(report, &xml, &len, err);
    if (rc < 0)
        return rc;
    rc = util_write_output(to_stdout ? NULL : path, xml, len, err);
    free(xml);
    return rc;
}
