/* read_xml.c - a programaTrabajo document (a libxml2 tree already parsed
 * and schema-checked by validate.c) read back into the model: the inverse
 * of emit.c.  It reads a tree only; it neither parses, validates nor
 * writes XML. */
#include "read_xml.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

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
        model_node_place(parent, node); /* the schema nests as the model does */
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

poa_report *read_xml_report(xmlDocPtr doc, poa_error *err)
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
