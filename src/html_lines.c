/* html_lines.c - a web page read with libxml2's HTML parser (the one
 * browsers' quirks are written into: unclosed tags, implied elements) and
 * walked element by element into lines. */
#include "html_lines.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The walk's state: the block being filled and where tables stand. */
typedef struct walk {
    poa_lines *out;
    GString *acc;        /* text of the current line */
    unsigned flags;      /* flags of the current block's first line */
    int column;
    double y0, y1;       /* a cell's rows */
    bool bold;
    bool block_open;     /* the next line starts a block */
} walk;

static bool name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, BAD_CAST name) == 0;
}

static bool name_in(const xmlNode *n, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (name_is(n, names[i]))
            return true;
    return false;
}

static bool is_block(const xmlNode *n)
{
    static const char *const blocks[] = { "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                                          "td", "th", "blockquote", "pre", "dt", "dd",
                                          "caption", "section", "article", "header", "footer",
                                          "ul", "ol", "table", "tr", "hr", "title" };
    return name_in(n, blocks, G_N_ELEMENTS(blocks));
}

/* End the current line: its text, white space collapsed, becomes a line. */
static void flush(walk *w)
{
    char *text = util_collapse_space(w->acc->str);
    g_string_truncate(w->acc, 0);
    if (!*text) {
        g_free(text);
        return;
    }
    poa_line l = { text, 0, 0, w->y0, 0, w->y1, 0, w->bold, w->flags, 0, w->column, POA_DROP_NONE };
    if (w->block_open)
        l.flags |= POA_LINE_BLOCK_START;
    else
        l.flags &= ~(unsigned)POA_LINE_ROW_START;
    lines_push(w->out, &l);
    g_free(text);
    w->block_open = false;
}

static void walk_children(walk *w, xmlNode *n);

/* Largest row or column span, or list start, taken from a page. */
#define HTML_MAX_SPAN 100000

/* A positive integer attribute of N ("start", "rowspan") up to
 * HTML_MAX_SPAN, or FALLBACK. */
static int int_attr(xmlNode *n, const char *name, int fallback)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    gint64 value = v ? g_ascii_strtoll((const char *)v, NULL, 10) : fallback;
    xmlFree(v);
    return value > 0 ? (int)MIN(value, HTML_MAX_SPAN) : fallback;
}

/* Open a block of FLAGS: what came before it is a line of its own. */
static void open_block(walk *w, unsigned flags)
{
    flush(w);
    w->block_open = true;
    w->flags = flags;
}

static void walk_list(walk *w, xmlNode *list)
{
    bool ordered = name_is(list, "ol");
    int number = int_attr(list, "start", 1);
    for (xmlNode *c = list->children; c; c = c->next) {
        if (!name_is(c, "li")) {
            walk_children(w, c);
            continue;
        }
        open_block(w, w->flags & POA_LINE_CELL);
        if (ordered)
            g_string_append_printf(w->acc, "%d. ", number++);
        else
            g_string_append(w->acc, "• ");
        walk_children(w, c);
        open_block(w, w->flags & POA_LINE_CELL);
    }
}

/* Columns of a table tracked for cells spanning rows at most. */
#define HTML_MAX_COLUMNS 64

/* A table: each cell a block, its column and its rows (for a page with
 * no geometry, the rows stand for the heights a PDF would give).  A cell
 * spanning rows takes its column in the rows below it: BUSY counts, per
 * column, the rows it is still taken for. */
static void walk_table_rows(walk *w, xmlNode *table, int *row, int busy[HTML_MAX_COLUMNS]);

static void walk_table(walk *w, xmlNode *table, int *row)
{
    int busy[HTML_MAX_COLUMNS] = { 0 };
    walk_table_rows(w, table, row, busy);
}

static void walk_table_rows(walk *w, xmlNode *table, int *row, int busy[HTML_MAX_COLUMNS])
{
    for (xmlNode *c = table->children; c; c = c->next) {
        if (name_is(c, "thead") || name_is(c, "tbody") || name_is(c, "tfoot")) {
            walk_table_rows(w, c, row, busy);
            continue;
        }
        if (!name_is(c, "tr"))
            continue;
        int column = 0;
        bool first = true;
        for (xmlNode *cell = c->children; cell; cell = cell->next) {
            if (!name_is(cell, "td") && !name_is(cell, "th"))
                continue;
            while (column < HTML_MAX_COLUMNS && busy[column] > 0)
                column++; /* taken by a cell from a row above */
            open_block(w, POA_LINE_CELL | (first ? POA_LINE_ROW_START : 0));
            first = false;
            int rows = int_attr(cell, "rowspan", 1), span = int_attr(cell, "colspan", 1);
            w->column = column;
            w->y0 = *row;
            w->y1 = *row + rows;
            w->bold = name_is(cell, "th");
            walk_children(w, cell);
            flush(w);
            w->bold = false;
            for (int k = 0; k < span && column < HTML_MAX_COLUMNS; k++, column++)
                busy[column] = rows;
        }
        for (int k = 0; k < HTML_MAX_COLUMNS; k++)
            if (busy[k] > 0)
                busy[k]--;
        (*row)++;
    }
    open_block(w, 0);
    w->column = 0, w->y0 = 0, w->y1 = 0;
}

static void walk_node(walk *w, xmlNode *n)
{
    static const char *const skipped[] = { "script", "style", "head", "noscript", "template" };
    static const char *const headings[] = { "h1", "h2", "h3", "h4", "h5", "h6" };
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        /* a line break in the source (Markdown's soft break) ends a line
         * of the block, as plain text would: "a) ..." / "b) ..." */
        const char *text = (const char *)n->content;
        for (const char *nl; (nl = strchr(text, '\n')); text = nl + 1) {
            g_string_append_len(w->acc, text, nl - text);
            flush(w);
        }
        g_string_append(w->acc, text);
        return;
    }
    if (n->type != XML_ELEMENT_NODE || name_in(n, skipped, G_N_ELEMENTS(skipped)))
        return;
    if (name_is(n, "br")) {
        flush(w);
        return;
    }
    if (name_is(n, "table")) {
        int row = 0;
        walk_table(w, n, &row);
        return;
    }
    if (name_is(n, "ul") || name_is(n, "ol")) {
        walk_list(w, n);
        return;
    }
    if (!is_block(n)) {
        walk_children(w, n);
        return;
    }
    unsigned keep = w->flags & POA_LINE_CELL;
    bool heading = name_in(n, headings, G_N_ELEMENTS(headings));
    /* h1 to h3 are set larger than the text: a chapter's title */
    bool large = name_is(n, "h1") || name_is(n, "h2") || name_is(n, "h3");
    open_block(w, keep | (heading ? POA_LINE_HEADING : 0) | (large ? POA_LINE_LARGE : 0));
    walk_children(w, n);
    open_block(w, keep);
}

static void walk_children(walk *w, xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next)
        walk_node(w, c);
}

bool html_lines_is_page(const char *text, size_t len)
{
    while (len && g_ascii_isspace(*text))
        text++, len--;
    return (len >= 9 && g_ascii_strncasecmp(text, "<!doctype", 9) == 0) ||
           (len >= 5 && g_ascii_strncasecmp(text, "<html", 5) == 0);
}

int html_lines_read(const char *html, size_t len, poa_lines *out, poa_error *err)
{
    if (len > G_MAXINT)
        return poa_fail(err, POA_E_FORMAT, "page too large for the HTML reader");
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        return poa_fail(err, POA_E_FORMAT, "no text in the HTML page");
    }
    walk w = { out, g_string_new(NULL), 0, 0, 0, 0, false, true };
    walk_node(&w, root);
    flush(&w);
    g_string_free(w.acc, TRUE);
    xmlFreeDoc(doc);
    return 0;
}
