/* parse_stream.c - reading contexts: free text has one, each table column
 * its own; which one reads a line, and handing an open item to the next
 * cell of its row.
 */
#include <math.h>
#include <string.h>

#include "parse_internal.h"
#include "util.h"

stream *parse_stream_new(int column, double x0)
{
    stream *st = g_new0(stream, 1);
    st->column = column;
    st->x0 = x0;
    st->acc = g_string_new(NULL);
    st->prov = (poa_prov)POA_PROV_INIT;
    return st;
}

void parse_stream_free(gpointer data)
{
    stream *st = data;
    if (!st)
        return;
    g_string_free(st->acc, TRUE);
    g_free(st->item_code);
    g_free(st->col_heading);
    g_free(st->top_heading);
    g_free(st);
}

/* A table column starts from the free text's context: the section a
 * heading above the table opened, the current objective. */
static void stream_inherit(parser *p, stream *st)
{
    stream *main = g_ptr_array_index(p->streams, 0);
    stream *keep = p->s;
    p->s = st;
    parse_unit_close(p);
    p->s = keep;
    st->sec = main->sec;
    st->quad = main->quad;
    st->mode = main->mode;
    st->cur_obj = main->cur_obj;
    st->cur_eje = main->cur_eje;
    st->free_seen = p->free_lines;
    st->n_labels = 0; /* another table's headings name nothing here */
    g_clear_pointer(&st->col_heading, g_free);
    g_clear_pointer(&st->top_heading, g_free);
    st->label_values = st->label_next = false;
}

/* Horizontal overlap of [a0,a1] and [b0,b1], in points (<= 0: none). */
static double overlap(double a0, double a1, double b0, double b1)
{
    return fmin(a1, b1) - fmax(a0, b0);
}

/* On one page and in one run of table rows, the layout's column number
 * names the column: a narrow centred heading cell and the items under it
 * share it.  The most recently used such stream, or NULL. */
static stream *stream_same_column(parser *p, const poa_line *line)
{
    stream *best = NULL;
    for (guint i = 1; i < p->streams->len; i++) {
        stream *st = g_ptr_array_index(p->streams, i);
        if (st->column == line->column && st->page == line->page &&
            st->free_seen == p->free_lines && (!best || st->used > best->used) &&
            overlap(st->x0, st->x1, line->x0, line->x1) > -60.0) /* not two tables apart */
            best = st;
    }
    return best;
}

/* A table's header row printed again over its continuation on a later
 * page: the stream whose column LINE heads by the same words, when no free
 * text came between, or NULL.  The column goes on under it. */
static stream *stream_headed_alike(parser *p, const poa_line *line)
{
    if (!(line->bold || (line->flags & POA_LINE_HEADING)))
        return NULL;
    char *collapsed = util_collapse_space(line->text);
    char *fold = g_utf8_casefold(collapsed, -1);
    stream *found = NULL;
    for (guint i = 1; i < p->streams->len && !found; i++) {
        stream *st = g_ptr_array_index(p->streams, i);
        if (st->top_heading && st->page < line->page && st->free_seen == p->free_lines &&
            strcmp(st->top_heading, fold) == 0)
            found = st;
    }
    g_free(fold);
    g_free(collapsed);
    return found;
}

/* The table-column stream for a cell's first line: the stream whose last
 * block lies above it in the same column (a line never crosses a cell's
 * rule, so cells side by side never overlap), else a new one. */
static stream *stream_for_cell(parser *p, const poa_line *line)
{
    stream *best = stream_same_column(p, line);
    if (!best)
        best = stream_headed_alike(p, line);
    double best_overlap = 0;
    for (guint i = 1; i < p->streams->len && !best; i++) {
        stream *st = g_ptr_array_index(p->streams, i);
        double o = overlap(st->x0, st->x1, line->x0, line->x1);
        if (o > best_overlap)
            best = st, best_overlap = o;
    }
    if (best) {
        if (best->free_seen != p->free_lines) /* free text between: a new table */
            stream_inherit(p, best);
    } else if (p->streams->len <= PARSE_MAX_STREAMS) {
        best = parse_stream_new(line->column, line->x0);
        g_ptr_array_add(p->streams, best);
        stream_inherit(p, best);
    } else {
        best = g_ptr_array_index(p->streams, 1 + p->next_reuse++ % PARSE_MAX_STREAMS);
        stream_inherit(p, best);
    }
    best->column = line->column;
    best->x0 = line->x0;
    best->x1 = line->x1;
    return best;
}

/* Move the open unit (and its context) of FROM to TO: the item whose number
 * stands alone in one cell takes its text from the next cell of the row. */
static void stream_hand_over(parser *p, stream *from, stream *to)
{
    stream *keep = p->s;
    p->s = to;
    parse_unit_close(p);
    p->s = keep;
    GString *acc = to->acc;
    to->acc = from->acc;
    from->acc = acc;
    to->unit = from->unit, from->unit = UNIT_NONE;
    to->prov = from->prov;
    to->meta_slot = from->meta_slot;
    to->node = from->node, from->node = NULL;
    to->title_only = from->title_only, from->title_only = false;
    to->item_code = from->item_code, from->item_code = NULL;
    if (to->unit == UNIT_NUMBER) /* the number takes the meaning of the cell it numbers */
        return;
    to->sec = from->sec, to->quad = from->quad, to->mode = from->mode;
    to->cur_obj = from->cur_obj, to->cur_eje = from->cur_eje;
}

/* Does FROM hold an item that has its number but no text yet? */
static bool stream_awaits_text(const stream *from)
{
    return from->column >= 0 && from->acc->len == 0 &&
           (from->unit == UNIT_NODE || from->unit == UNIT_FODA || from->unit == UNIT_NUMBER);
}

/* Which stream reads LINE. */
stream *parse_stream_select(parser *p, const poa_line *line)
{
    if (!(line->flags & POA_LINE_CELL)) {
        p->free_lines++;
        return g_ptr_array_index(p->streams, 0);
    }
    if (!(line->flags & POA_LINE_BLOCK_START) && p->s->column >= 0)
        return p->s;
    stream *prev = p->s;
    stream *st = stream_for_cell(p, line);
    if (st != prev && !(line->flags & POA_LINE_ROW_START) && stream_awaits_text(prev))
        stream_hand_over(p, prev, st);
    return st;
}
