/* dashboard.c - a batch's summary rows -> index.html.
 *
 * The rows (resumen.jsonl, read with json-glib) become an XML summary
 * built with libxml2's tree (which escapes what it holds), and
 * schemas/resumen.xsl makes the page of it (page.c): the grouping, counts
 * and charts are the stylesheet's.
 */
#include "dashboard.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libxml/tree.h>
#include <string.h>

#include "page.h"
#include "util.h"

/* Copy member NAME of O into attribute NAME of EL: a string or a number;
 * null and absent members are left out. */
static void copy_member(xmlNodePtr el, JsonObject *o, const char *name)
{
    char *text = util_json_value_text(json_object_get_member(o, name));
    if (text && *text)
        xmlNewProp(el, BAD_CAST name, BAD_CAST text);
    g_free(text);
}

/* Attribute NAME of EL: a link to PATH (relative to the page), as a
 * relative URL whatever the file is called: percent-encoded, and opening
 * with "./" ("javascript:x.pdf" is a file here, never a script). */
static void set_link(xmlNodePtr el, const char *name, const char *path)
{
    if (!path)
        return;
    char *escaped = g_uri_escape_string(path, "/", FALSE);
    char *href = g_strconcat("./", escaped, NULL);
    xmlNewProp(el, BAD_CAST name, BAD_CAST href);
    g_free(href);
    g_free(escaped);
}

/* The <archivo> element of ROW under ROOT; false when the row is not JSON. */
static bool add_file(xmlNodePtr root, const dashboard_row *row, JsonParser *parser)
{
    if (!json_parser_load_from_data(parser, row->json, -1, NULL))
        return false;
    JsonNode *node = json_parser_get_root(parser);
    if (!node || !JSON_NODE_HOLDS_OBJECT(node))
        return false;
    JsonObject *o = json_node_get_object(node);
    xmlNodePtr el = xmlNewChild(root, NULL, BAD_CAST "archivo", NULL);
    static const char *const members[] = {
        "ruta", "paginas", "estado", "codigo", "mensaje", "institucion", "ejercicio",
        "trimestre", "fortalezas", "debilidades", "oportunidades", "amenazas", "objetivos",
        "estrategias", "lineas", "segundos"
    };
    for (size_t i = 0; i < G_N_ELEMENTS(members); i++)
        copy_member(el, o, members[i]);
    set_link(el, "xml", row->xml);
    set_link(el, "html", row->html);
    /* a converted file's findings, one element each (a failed one's
     * "codigos" names its status, already in "estado") */
    const char *codes = json_object_get_string_member_with_default(o, "codigos", "");
    const char *state = json_object_get_string_member_with_default(o, "estado", "");
    char **v = strcmp(state, "error") != 0 ? g_strsplit(codes, ";", -1) : NULL;
    for (char **c = v; c && *c; c++)
        if (**c)
            xmlNewProp(xmlNewChild(el, NULL, BAD_CAST "hallazgo", NULL), BAD_CAST "codigo",
                       BAD_CAST *c);
    g_strfreev(v);
    return true;
}

int dashboard_write(const char *path, const dashboard_row *rows, size_t n, poa_error *err)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "resumen");
    xmlDocSetRootElement(doc, root);
    JsonParser *parser = json_parser_new();
    size_t skipped = 0;
    for (size_t i = 0; i < n; i++)
        skipped += !add_file(root, &rows[i], parser);
    g_object_unref(parser);
    int rc = 0;
    if (skipped) { /* our own rows: one that does not parse is a bug, said, not hidden */
        rc = poa_fail(err, POA_E_INTERNAL, "%zu summary rows could not be read", skipped);
    } else {
        size_t len = 0;
        char *page = page_from_doc(PAGE_DASHBOARD, doc, &len, err);
        rc = page ? util_write_output(path, page, len, err) : -POA_E_INTERNAL;
        g_free(page);
    }
    xmlFreeDoc(doc);
    return rc;
}
