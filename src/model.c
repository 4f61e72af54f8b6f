/* model.c - the report tree: construction and the one free function. */
#include "model.h"

#include <string.h>

void poa_prov_extend(poa_prov *prov, int page, double x0, double y0, double x1, double y1)
{
    if (page <= 0)
        return;
    if (prov->page == 0) {
        prov->page = page;
        prov->x0 = x0, prov->y0 = y0, prov->x1 = x1, prov->y1 = y1;
        return;
    }
    if (prov->page != page) /* the box describes the first page only */
        return;
    if (x0 < prov->x0) prov->x0 = x0;
    if (y0 < prov->y0) prov->y0 = y0;
    if (x1 > prov->x1) prov->x1 = x1;
    if (y1 > prov->y1) prov->y1 = y1;
}

static void item_free(gpointer p)
{
    poa_item *item = p;
    if (!item)
        return;
    g_free(item->code);
    g_free(item->text);
    g_free(item);
}

static void finding_free(gpointer p)
{
    poa_finding *f = p;
    if (!f)
        return;
    g_free(f->code);
    g_free(f->ref);
    g_free(f->severity);
    g_free(f->message);
    g_free(f);
}

static void node_free_cb(gpointer p)
{
    model_node_free(p);
}

poa_node *model_node_new(poa_node_kind kind, const char *code, const char *text)
{
    poa_node *node = g_new0(poa_node, 1);
    node->kind = kind;
    node->code = g_strdup(code);
    node->text = g_strdup(text ? text : "");
    node->prov = (poa_prov)POA_PROV_INIT;
    node->children = g_ptr_array_new_with_free_func(node_free_cb);
    return node;
}

bool model_can_contain(poa_node_kind parent, poa_node_kind child)
{
    if (parent == POA_NODE_ROOT)
        return child != POA_NODE_ROOT;
    return parent != POA_NODE_LINEA && child > parent;
}

bool model_node_fits(const poa_node *parent, const poa_node *child)
{
    return parent->level_open || child->level_open ||
           model_can_contain(parent->kind, child->kind);
}

bool model_node_insert(poa_node *parent, guint at, poa_node *child)
{
    if (!model_node_fits(parent, child) || at > parent->children->len)
        return false;
    child->parent = parent;
    g_ptr_array_insert(parent->children, (gint)at, child);
    return true;
}

bool model_node_append(poa_node *parent, poa_node *child)
{
    return model_node_insert(parent, parent->children->len, child);
}

poa_node *model_node_place(poa_node *holder, poa_node *child)
{
    while (holder->parent && !model_node_fits(holder, child))
        holder = holder->parent;
    return model_node_append(holder, child) ? holder : NULL;
}

guint model_node_index(const poa_node *node)
{
    guint at = 0;
    if (!g_ptr_array_find(node->parent->children, node, &at))
        g_assert_not_reached(); /* a node is among its parent's children */
    return at;
}

void model_node_take_text(poa_node *node, char *text)
{
    g_free(node->text);
    node->text = text ? text : g_strdup("");
}

poa_node *model_node_detach(poa_node *node)
{
    if (node->parent)
        g_ptr_array_steal_index(node->parent->children, model_node_index(node));
    node->parent = NULL;
    return node;
}

void model_node_open_level(poa_node *node)
{
    node->level_open = true;
}

/* Move the children HOLDER (linked, not the root) cannot hold to stand
 * right after it, in order. */
static void lift_unfit(poa_node *holder)
{
    poa_node *up = holder->parent;
    guint at = 0; /* where the next lifted child goes; found at the first */
    for (guint j = 0; j < holder->children->len;) {
        poa_node *c = g_ptr_array_index(holder->children, j);
        if (model_node_fits(holder, c)) {
            j++;
            continue;
        }
        if (!at)
            at = model_node_index(holder) + 1;
        g_ptr_array_steal_index(holder->children, j);
        c->parent = up;
        g_ptr_array_insert(up->children, (gint)at++, c);
    }
}

void model_settle_levels(poa_node *node, GHashTable *levels)
{
    /* last child first: what a child lifts out stands right after it,
     * settled already, and is judged by this node's own lift */
    for (guint i = node->children->len; i-- > 0;)
        model_settle_levels(g_ptr_array_index(node->children, i), levels);
    gpointer kind = NULL;
    if (node->level_open && g_hash_table_lookup_extended(levels, node, NULL, &kind)) {
        node->kind = (poa_node_kind)GPOINTER_TO_INT(kind);
        node->level_open = false;
    }
    if (node->parent)
        lift_unfit(node);
}

void model_node_free(poa_node *node)
{
    if (!node)
        return;
    g_ptr_array_unref(node->children);
    g_free(node->code);
    g_free(node->text);
    g_free(node);
}

poa_report *model_report_new(void)
{
    poa_report *r = g_new0(poa_report, 1);
    r->mision_prov = (poa_prov)POA_PROV_INIT;
    r->vision_prov = (poa_prov)POA_PROV_INIT;
    for (int q = 0; q < POA_QUADRANTS; q++)
        r->foda[q] = g_ptr_array_new_with_free_func(item_free);
    r->plan = model_node_new(POA_NODE_ROOT, NULL, NULL);
    r->unplaced = g_ptr_array_new_with_free_func(item_free);
    r->pages_without_text = g_array_new(FALSE, FALSE, sizeof(int));
    r->findings = g_ptr_array_new_with_free_func(finding_free);
    return r;
}

void model_metadata_release(poa_metadata *m)
{
    if (!m)
        return;
    char **fields[] = { &m->institucion, &m->fundamento, &m->obligacion, &m->fecha,
                        &m->periodo_inicio, &m->periodo_fin, &m->fecha_actualizacion,
                        &m->fecha_validacion, &m->area, &m->periodo_actualizacion, &m->nota };
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
        g_clear_pointer(fields[i], g_free);
}

void poa_report_free(poa_report *r)
{
    model_report_free(r);
}

void model_report_free(poa_report *r)
{
    if (!r)
        return;
    g_free(r->source.archivo);
    g_free(r->source.convertido);
    g_free(r->source.stylesheet);
    model_metadata_release(&r->meta);
    g_free(r->mision);
    g_free(r->vision);
    for (int q = 0; q < POA_QUADRANTS; q++)
        g_ptr_array_unref(r->foda[q]);
    model_node_free(r->plan);
    g_ptr_array_unref(r->unplaced);
    g_array_unref(r->pages_without_text);
    g_free(r->line_over_limit);
    g_ptr_array_unref(r->findings);
    g_free(r);
}

static poa_item *item_add(GPtrArray *list, const char *code, const char *text,
                          const poa_prov *prov)
{
    poa_item *item = g_new0(poa_item, 1);
    item->code = g_strdup(code);
    item->text = g_strdup(text);
    item->prov = prov ? *prov : (poa_prov)POA_PROV_INIT;
    g_ptr_array_add(list, item);
    return item;
}

poa_item *model_foda_add(poa_report *r, poa_quadrant q, const char *code, const char *text,
                         const poa_prov *prov)
{
    r->foda_present = true;
    return item_add(r->foda[q], code, text, prov);
}

poa_item *model_unplaced_add(poa_report *r, const char *code, const char *text,
                             const poa_prov *prov)
{
    return item_add(r->unplaced, code, text, prov);
}

void model_finding_add(poa_report *r, const char *code, const char *ref, const char *severity,
                       const char *message)
{
    poa_finding *f = g_new0(poa_finding, 1);
    f->code = g_strdup(code);
    f->ref = g_strdup(ref);
    f->severity = g_strdup(severity);
    f->message = g_strdup(message);
    g_ptr_array_add(r->findings, f);
}

void model_set_string(char **slot, const char *value)
{
    g_free(*slot);
    *slot = g_strdup(value);
}

bool poa_report_complete(const poa_report *r)
{
    for (guint i = 0; i < r->findings->len; i++) {
        const poa_finding *f = g_ptr_array_index(r->findings, i);
        if (strcmp(f->severity, "error") == 0)
            return false;
    }
    return true;
}

size_t poa_report_finding_count(const poa_report *r)
{
    return r->findings->len;
}

static const char *const quadrant_lists[] = { "fortalezas", "debilidades", "oportunidades",
                                              "amenazas" };
static const char *const quadrant_items[] = { "fortaleza", "debilidad", "oportunidad",
                                              "amenaza" };

const char *model_quadrant_list_name(poa_quadrant q)
{
    return q < POA_QUADRANTS ? quadrant_lists[q] : "?";
}

const char *model_quadrant_item_name(poa_quadrant q)
{
    return q < POA_QUADRANTS ? quadrant_items[q] : "?";
}

const char *model_node_kind_name(poa_node_kind kind)
{
    switch (kind) {
    case POA_NODE_ROOT: return "objetivos";
    case POA_NODE_EJE: return "eje";
    case POA_NODE_OBJETIVO: return "objetivo";
    case POA_NODE_ESTRATEGIA: return "estrategia";
    case POA_NODE_LINEA: return "lineaAccion";
    }
    return "?";
}

void model_node_collect(poa_node *node, GPtrArray *out)
{
    for (guint i = 0; i < node->children->len; i++) {
        poa_node *c = g_ptr_array_index(node->children, i);
        g_ptr_array_add(out, c);
        model_node_collect(c, out);
    }
}
