/* outline_table.c - tables whose column headings name the plan's levels.
 *
 * "Objetivo estratégico institucional | Estrategias institucionales |
 * Acciones | Responsable": rows unnumbered, each objective in one merged
 * cell beside its strategies, each strategy beside its actions.  The
 * heading of a column says the level of every cell under it (nivel.*
 * rules); which parent a cell belongs to is where the parents' merged
 * cells stand.  A merged cell's text sits at the top of its span or in
 * its middle (word processors centre it), and no ruling line we keep
 * says where the span ends, so the children of a page are cut into one
 * run for each parent on the page such that each parent's text stands
 * at the top or the middle of its run as nearly as can be.
 */
#include <math.h>
#include <string.h>

#include "lines.h"
#include "normalize.h"
#include "outline_internal.h"

/* Columns of one table at most (a header row is a page's width). */
#define TABLE_MAX_COLUMNS 12
/* Children of one page cut among its parents by the exact search at most;
 * past it each child goes to the last parent that starts above it. */
#define TABLE_EXACT_MAX 400
/* What a child left with no parent costs in that search, in points: more
 * than any parent's text stands from its run. */
#define TABLE_ORPHAN_COST 1000.0

typedef struct column {
    bool coded;             /* its cells are the plan's lettered codes ("PY1.2"): the
                             * codes place them, the table only what hangs below */
    char *heading;          /* as printed, to know the header row again */
    double center;          /* x of its middle */
    int index;              /* the layout's column (a page with no geometry: web pages) */
    poa_node_kind kind;     /* the level it names, POA_NODE_ROOT for none */
} column;

/* One element of the table: a cell under a column that names a level. */
typedef struct cell {
    entry *e;
    int col;
    GString *text;
    int page;
    double y0, y1;
    poa_node *node;
    bool twin;              /* node is an element read before (a table printed again),
                             * or a coded element the codes place */
    guint at;               /* its entry's index */
} cell;

static void cell_free(gpointer data)
{
    cell *c = data;
    g_string_free(c->text, TRUE);
    g_free(c);
}

static bool is_cell(const entry *e)
{
    return (e->flags & POA_LINE_CELL) != 0;
}

/* The header row starting at I: its columns (N of them) and the index
 * past it, or I when the row names fewer than MIN_NAMED levels. */
static guint read_header(GPtrArray *entries, guint i, rule_matcher *m, column *cols, int *n,
                         int min_named)
{
    const entry *first = g_ptr_array_index(entries, i);
    if (!is_cell(first) || !(first->flags & POA_LINE_ROW_START))
        return i;
    guint j = i;
    int named = 0, kinds = 0;
    *n = 0;
    for (; j < entries->len && *n < TABLE_MAX_COLUMNS; j++) {
        const entry *e = g_ptr_array_index(entries, j);
        if (!is_cell(e) || e->prov.page != first->prov.page ||
            (j > i && (e->flags & POA_LINE_ROW_START)) || e->mark != MARK_NONE ||
            e->text->len > 80)
            break;
        column *c = &cols[(*n)++];
        c->heading = e->text->str;
        c->center = (e->prov.x0 + e->prov.x1) / 2;
        c->index = e->column;
        c->kind = outline_named_level(m, e->text->str);
        if (c->kind != POA_NODE_ROOT && !(kinds & (1 << c->kind)))
            kinds |= 1 << c->kind, named++;
    }
    return named >= min_named ? j : i;
}

static int nearest_column(const column *cols, int n, const entry *e)
{
    if (e->prov.page == 0) { /* no geometry: the column the page's table says */
        for (int c = 0; c < n; c++)
            if (cols[c].index == e->column)
                return c;
        return n - 1;
    }
    double x = (e->prov.x0 + e->prov.x1) / 2, best = INFINITY;
    int at = 0;
    for (int c = 0; c < n; c++)
        if (fabs(cols[c].center - x) < best)
            best = fabs(cols[c].center - x), at = c;
    return at;
}

static bool is_heading_again(const column *cols, int n, const entry *e)
{
    for (int c = 0; c < n; c++)
        if (strcmp(cols[c].heading, e->text->str) == 0)
            return true;
    return false;
}

/* The last cell read in column COL, or NULL. */
static cell *last_in_column(GPtrArray *cells, int col)
{
    for (guint k = cells->len; k-- > 0;) {
        cell *c = g_ptr_array_index(cells, k);
        if (c->col == col)
            return c;
    }
    return NULL;
}

/* The body's cells from J on, into CELLS; the index past the body.  A
 * cell that starts in lower case at the top of a page goes on the cell
 * its column ended the last page with (a merged cell cut by the break);
 * the header row printed again over a page's part is skipped. */
static guint read_body(GPtrArray *entries, guint j, rule_matcher *m, const column *cols, int n,
                       GPtrArray *cells)
{
    int page = -1;
    bool first_on_page[TABLE_MAX_COLUMNS] = { false };
    for (; j < entries->len; j++) {
        entry *e = g_ptr_array_index(entries, j);
        if (!is_cell(e))
            break;
        if (e->prov.page != page) {
            page = e->prov.page;
            for (int c = 0; c < n; c++)
                first_on_page[c] = true;
        }
        if (is_heading_again(cols, n, e))
            continue;
        column other[TABLE_MAX_COLUMNS];
        int on = 0;
        if (read_header(entries, j, m, other, &on, 2) > j)
            break; /* another table's header row */
        int col = nearest_column(cols, n, e);
        bool first = first_on_page[col];
        first_on_page[col] = false;
        if (cols[col].kind == POA_NODE_ROOT && e->mark != MARK_CODE)
            continue; /* a column of no level; its codes may make it one */
        const char *text = e->mark >= MARK_ROMAN && e->body ? e->body : e->text->str;
        cell *prev = last_in_column(cells, col);
        if (first && prev && normalize_starts_lower(text)) {
            g_string_append_c(prev->text, ' ');
            g_string_append(prev->text, text);
            continue;
        }
        cell *c = g_new0(cell, 1);
        *c = (cell){ e, col, g_string_new(text), e->prov.page, e->prov.y0, e->prov.y1, NULL,
                     false, j };
        g_ptr_array_add(cells, c);
    }
    return j;
}

/* What it costs that PARENT's text stands where it does over the run of
 * children FROM..TO: how far it is from the run's top or, if nearer, its
 * middle. */
static double run_cost(const cell *parent, cell **kids, int from, int to)
{
    double top = kids[from]->y0, bottom = kids[to]->y1;
    double mid = (top + bottom) / 2, pmid = (parent->y0 + parent->y1) / 2;
    return fmin(fabs(parent->y0 - top), fabs(pmid - mid));
}

/* Cut KIDS[0..N) (one page, top down) into runs for PARENTS[0..M) (the
 * same page, top down), after a first run for CARRY (a parent of an
 * earlier page, its merged cell going on; NULL for none) that may be
 * empty: the cut of least cost.  Each kid's parent goes to OWNER. */
static bool cut_runs(cell *carry, cell **parents, int m, cell **kids, int n, cell **owner)
{
    /* best[k][j]: least cost of giving kids 0..j-1 to the carry and parents 0..k-1 */
    double *best = g_new(double, (size_t)(m + 1) * (size_t)(n + 1));
    int *from = g_new0(int, (size_t)(m + 1) * (size_t)(n + 1));
#define AT(k, j) ((size_t)(k) * (size_t)(n + 1) + (size_t)(j))
    /* without a carry, kids above every parent stay at the top, dearly */
    for (int j = 0; j <= n; j++)
        best[AT(0, j)] = carry ? 0 : TABLE_ORPHAN_COST * j, from[AT(0, j)] = 0;
    for (int k = 1; k <= m; k++)
        for (int j = 0; j <= n; j++) {
            best[AT(k, j)] = INFINITY;
            for (int s = j - 1; s >= 0; s--) {
                double c = best[AT(k - 1, s)] + run_cost(parents[k - 1], kids, s, j - 1);
                if (c < best[AT(k, j)])
                    best[AT(k, j)] = c, from[AT(k, j)] = s;
            }
        }
    bool found = isfinite(best[AT(m, n)]); /* not when parents outnumber kids */
    for (int k = m, j = n; found && k >= 0; k--) {
        int s = k > 0 ? from[AT(k, j)] : 0;
        for (int q = s; q < j; q++)
            owner[q] = k > 0 ? parents[k - 1] : carry;
        j = s;
    }
#undef AT
    g_free(best);
    g_free(from);
    return found;
}

/* Each cell of column KID_COL goes under a cell of PARENT_COL: page by page. */
static void assign_parents(GPtrArray *cells, int parent_col, int kid_col)
{
    cell *carry = NULL;
    for (guint i = 0; i < cells->len;) {
        int page = ((cell *)g_ptr_array_index(cells, i))->page;
        GPtrArray *ps = g_ptr_array_new(), *ks = g_ptr_array_new();
        for (; i < cells->len && ((cell *)g_ptr_array_index(cells, i))->page == page; i++) {
            cell *c = g_ptr_array_index(cells, i);
            if (c->col == parent_col)
                g_ptr_array_add(ps, c);
            else if (c->col == kid_col)
                g_ptr_array_add(ks, c);
        }
        cell **owner = g_new0(cell *, ks->len + 1);
        bool exact = ks->len && ks->len <= TABLE_EXACT_MAX && ps->len <= TABLE_EXACT_MAX &&
                     cut_runs(carry, (cell **)ps->pdata, (int)ps->len, (cell **)ks->pdata,
                              (int)ks->len, owner);
        if (!exact) {
            for (guint k = 0; k < ks->len; k++) { /* the last parent starting above */
                const cell *kid = g_ptr_array_index(ks, k);
                owner[k] = carry;
                for (guint p = 0; p < ps->len; p++)
                    if (((cell *)g_ptr_array_index(ps, p))->y0 <= kid->y0 + 1)
                        owner[k] = g_ptr_array_index(ps, p);
            }
        }
        for (guint k = 0; k < ks->len; k++) {
            cell *kid = g_ptr_array_index(ks, k);
            if (owner[k] && owner[k]->node && !kid->twin)
                model_node_place(owner[k]->node, kid->node);
        }
        if (ps->len)
            carry = g_ptr_array_index(ps, ps->len - 1);
        g_free(owner);
        g_ptr_array_unref(ps);
        g_ptr_array_unref(ks);
    }
}

/* The element of KIND under NODE whose text is TEXT, or NULL. */
static poa_node *find_twin(poa_node *node, poa_node_kind kind, const char *text)
{
    for (guint i = 0; i < node->children->len; i++) {
        poa_node *c = g_ptr_array_index(node->children, i);
        if (c->kind == kind && strcmp(c->text, text) == 0)
            return c;
        poa_node *deeper = find_twin(c, kind, text);
        if (deeper)
            return deeper;
    }
    return NULL;
}

/* C's node: the element already read with its level and text (the same
 * objectives heading a second table), or a new one. */
static void cell_node(cell *c, poa_node_kind kind, poa_node *root)
{
    char *text = normalize_finish(c->text->str);
    c->node = find_twin(root, kind, text);
    c->twin = c->node != NULL;
    if (!c->twin) {
        c->node = model_node_new(kind, NULL, text);
        c->node->prov = c->e->prov;
    }
    g_free(text);
}

/* The nodes of CELLS under ROOT: the highest level at the top, every lower
 * level under the next higher one present.  Cells no parent takes (above
 * every parent of the first page) stay at the top. */
static void build_nodes(GPtrArray *cells, const column *cols, int n, poa_node *root)
{
    int order[TABLE_MAX_COLUMNS], levels = 0;
    for (int k = POA_NODE_EJE; k <= POA_NODE_LINEA; k++)
        for (int c = 0; c < n; c++)
            if ((int)cols[c].kind == k) {
                order[levels++] = c;
                break; /* one column a level: the first */
            }
    for (guint i = 0; i < cells->len; i++) {
        cell *c = g_ptr_array_index(cells, i);
        if (!cols[c->col].coded) /* a coded cell's element is the codes' */
            cell_node(c, cols[c->col].kind, root);
    }
    for (int l = 1; l < levels; l++)
        assign_parents(cells, order[l - 1], order[l]);
    for (guint i = 0; i < cells->len; i++) {
        cell *c = g_ptr_array_index(cells, i);
        bool of_a_level = false;
        for (int l = 0; l < levels; l++)
            of_a_level |= order[l] == c->col;
        if (c->twin || !c->node)
            ; /* already in the tree, or placed by its code */
        else if (!of_a_level)
            model_node_free(c->node);
        else if (!c->node->parent)
            model_node_place(root, c->node);
        c->node = NULL;
    }
}

/* Are most of CELLS unnumbered?  Then the table's geometry says the
 * nesting; numbered ones ("1." over "1.1") say it themselves. */
static bool unnumbered(const GPtrArray *cells)
{
    guint marked = 0;
    for (guint k = 0; k < cells->len; k++) {
        const entry *e = ((const cell *)g_ptr_array_index(cells, k))->e;
        marked += e->mark != MARK_NONE && e->mark != MARK_BULLET && e->mark != MARK_CODE;
    }
    return cells->len > 0 && marked * 2 < cells->len;
}

/* Does a row of ENTRIES[FROM..TO) carry a lettered code in any column?
 * Then the table lists coded elements again (an alignment with another
 * plan, a summary), and its other columns are not new elements. */
static bool keyed_by_codes(GPtrArray *entries, guint from, guint to)
{
    for (guint k = from; k < to; k++)
        if (((entry *)g_ptr_array_index(entries, k))->mark == MARK_CODE)
            return true;
    return false;
}

/* The levels present under NODE, as bits (1 << kind). */
static unsigned levels_under(const poa_node *node)
{
    unsigned bits = 0;
    for (guint i = 0; i < node->children->len; i++) {
        const poa_node *c = g_ptr_array_index(node->children, i);
        bits |= (1u << c->kind) | levels_under(c);
    }
    return bits;
}

/* Does the plan read so far under ROOT hold every level the table's
 * columns name?  Then the table prints it again (a priority table, a
 * schedule: "Objetivo 3 | Acción prioritaria"), its cells shortened or
 * reordered; a table that adds a level (the objectives again, now with
 * their actions) is read. */
static bool says_nothing_new(const poa_node *root, const column *cols, int n)
{
    unsigned present = levels_under(root);
    bool named = false;
    for (int c = 0; c < n; c++) {
        if (cols[c].kind == POA_NODE_ROOT)
            continue;
        named = true;
        if (!(present & (1u << cols[c].kind)))
            return false;
    }
    return named;
}

/* Count, per column, the body's cells in ENTRIES[FROM..TO) and those
 * that are lettered codes. */
static void count_codes(GPtrArray *entries, guint from, guint to, const column *cols, int n,
                        int *cells, int *codes)
{
    for (int c = 0; c < n; c++)
        cells[c] = codes[c] = 0;
    for (guint k = from; k < to; k++) {
        const entry *e = g_ptr_array_index(entries, k);
        if (!is_cell(e) || is_heading_again(cols, n, e))
            continue;
        int c = nearest_column(cols, n, e);
        cells[c]++;
        codes[c] += e->mark == MARK_CODE;
    }
}

/* Mark the columns of no level whose cells are mostly codes as coded
 * ("Programa | Proyecto | Actividades", the first two holding "PR1" and
 * "PY1.2"), their level the codes'.  False when codes stand in a column
 * that is neither (a key column: the table lists coded elements again). */
static bool find_coded_columns(GPtrArray *entries, guint from, guint to, column *cols, int n,
                               GPtrArray *cells, outline_code_node_fn code_node, void *ctx)
{
    int count[TABLE_MAX_COLUMNS], codes[TABLE_MAX_COLUMNS];
    count_codes(entries, from, to, cols, n, count, codes);
    for (int c = 0; c < n; c++) {
        if (!codes[c])
            continue;
        if (cols[c].kind != POA_NODE_ROOT || codes[c] < 2 || codes[c] * 2 < count[c])
            return false;
        for (guint k = 0; k < cells->len && !cols[c].coded; k++) {
            const cell *x = g_ptr_array_index(cells, k);
            poa_node *node = x->col == c ? code_node(ctx, x->at) : NULL;
            if (node)
                cols[c].coded = true, cols[c].kind = node->kind;
        }
        if (!cols[c].coded)
            return false;
    }
    return true;
}

/* Resolve the coded cells, drop the cells their codes took as their text
 * (a "Descripción" column beside the codes), and keep only what hangs
 * below the codes: named columns of a deeper level than every coded one
 * ("Actividades" under "PY1.2").  False when nothing is left there. */
static bool only_levels_below_codes(GPtrArray *cells, column *cols, int n,
                                    outline_code_node_fn code_node, void *ctx)
{
    int deepest = POA_NODE_ROOT;
    for (guint k = 0; k < cells->len; k++) {
        cell *c = g_ptr_array_index(cells, k);
        if (!cols[c->col].coded)
            continue;
        c->node = code_node(ctx, c->at);
        c->twin = true;
        if (c->node && (int)c->node->kind > deepest)
            deepest = c->node->kind;
    }
    bool below = false;
    for (guint k = cells->len; k-- > 0;) {
        const cell *c = g_ptr_array_index(cells, k);
        if (cols[c->col].coded)
            continue;
        if (c->e->used || (int)cols[c->col].kind <= deepest)
            g_ptr_array_remove_index(cells, k);
        else
            below = true;
    }
    return below;
}

/* Levels the columns name or code, distinct. */
static int distinct_levels(const column *cols, int n)
{
    unsigned bits = 0;
    int levels = 0;
    for (int c = 0; c < n; c++)
        if (cols[c].kind != POA_NODE_ROOT && !(bits & (1u << cols[c].kind)))
            bits |= 1u << cols[c].kind, levels++;
    return levels;
}

guint outline_table_read(GPtrArray *entries, guint i, rule_matcher *m, poa_node *root,
                         outline_code_node_fn code_node, void *ctx, guint *refused)
{
    column cols[TABLE_MAX_COLUMNS] = { { 0 } };
    int n = 0;
    *refused = i;
    guint j = read_header(entries, i, m, cols, &n, 1);
    if (j == i)
        return i;
    GPtrArray *cells = g_ptr_array_new_with_free_func(cell_free);
    guint past = read_body(entries, j, m, cols, n, cells);
    *refused = past; /* until a table is taken */
    bool coded = false;
    for (guint k = 0; k < cells->len; k++)
        coded |= ((cell *)g_ptr_array_index(cells, k))->e->mark == MARK_CODE;
    if (coded && !find_coded_columns(entries, j, past, cols, n, cells, code_node, ctx)) {
        g_ptr_array_unref(cells); /* codes in a key column: a table of coded elements */
        return i;
    }
    if (coded && !only_levels_below_codes(cells, cols, n, code_node, ctx)) {
        g_ptr_array_unref(cells); /* a code and its description a row: the codes' table */
        return past;
    }
    if (distinct_levels(cols, n) < 2) {
        g_ptr_array_unref(cells);
        return i;
    }
    if (!coded && says_nothing_new(root, cols, n)) {
        g_ptr_array_unref(cells); /* a summary of the plan read above it */
        return past;
    }
    if (!unnumbered(cells) || (!coded && keyed_by_codes(entries, j, past))) {
        g_ptr_array_unref(cells); /* numbered cells: their numbers say the nesting */
        return i;
    }
    for (guint k = 0; k < cells->len; k++) {
        cell *c = g_ptr_array_index(cells, k);
        if (!cols[c->col].coded)
            c->e->used = true;
    }
    build_nodes(cells, cols, n, root);
    g_ptr_array_unref(cells);
    return past;
}

bool outline_table_below_codes(GPtrArray *entries, rule_matcher *m)
{
    for (guint i = 0; i < entries->len; i++) {
        column cols[TABLE_MAX_COLUMNS] = { { 0 } };
        int n = 0;
        guint j = read_header(entries, i, m, cols, &n, 1);
        if (j == i)
            continue;
        guint past = j;
        while (past < entries->len && is_cell(g_ptr_array_index(entries, past)))
            past++;
        int count[TABLE_MAX_COLUMNS], codes[TABLE_MAX_COLUMNS];
        count_codes(entries, j, past, cols, n, count, codes);
        /* more cells in a named column than codes in any column: several
         * under each code, not a description beside it */
        int most_codes = 0, most_named = 0;
        for (int c = 0; c < n; c++) {
            if (cols[c].kind == POA_NODE_ROOT && codes[c] >= 2 && codes[c] * 2 >= count[c])
                most_codes = MAX(most_codes, codes[c]);
            if (cols[c].kind != POA_NODE_ROOT)
                most_named = MAX(most_named, count[c] - codes[c]);
        }
        if (most_codes && most_named > most_codes)
            return true;
        i = past > i ? past - 1 : i;
    }
    return false;
}
