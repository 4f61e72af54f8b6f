/* layout_keyed.c - unruled keyed-column tables.
 *
 * Owns the tables drawn without rules: a narrow column of short keys
 * beside text columns, grown row by row over the free segments and given
 * cells as if ruled, so that layout_tables.c numbers them like any other.
 */
#include "layout_internal.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>

/* ---- unruled keyed tables ---------------------------------------------- */

/* A keyed table is a narrow column of short numbers (the keys) beside one
 * or more text columns, with no rules: each key is aligned with the first
 * line of its text, and every line down to the next key belongs to its
 * row.  Its rows and columns become cells, as if ruled. */

/* True for a row key: a free segment of at most 6 glyphs, a digit first,
 * then digits and code punctuation ("7", "12", "3.", "1.2", "4)"), after
 * up to three capitals that name what is numbered ("F1", "D2", "OE3.",
 * "A-4"). */
static bool is_key(const lt_page *p, const seg *s)
{
    if (s->n > 6 || s->cell >= 0 || s->drop)
        return false;
    size_t k = s->first, end = s->first + s->n;
    while (k < end && k < s->first + 3 && g_unichar_isupper(p->pg->g[p->order[k]].ch))
        k++;
    if (k > s->first && k < end && p->pg->g[p->order[k]].ch == '-')
        k++; /* "A-4" */
    if (k == end || !g_unichar_isdigit(p->pg->g[p->order[k]].ch))
        return false;
    for (; k < end; k++) {
        gunichar c = p->pg->g[p->order[k]].ch;
        if (!g_unichar_isdigit(c) && !strchr(".)-", (int)(c < 128 ? c : 'z')))
            return false;
    }
    return true;
}

/* Index one past the last segment of the row that starts at segment A. */
static guint row_end(const lt_page *p, guint a)
{
    const seg *s = SEG(p, a);
    guint b = a + 1;
    while (b < p->segs->len && fabs(seg_cy(SEG(p, b)) - seg_cy(s)) < LT_SAME_ROW * s->size)
        b++;
    return b;
}

/* The key column of a table being grown: keys between X0 and X1, text
 * from TX on; EM is the size of the keys. */
typedef struct key_col {
    double x0, x1, tx, em;
} key_col;

/* True when segment S lies on the key side of key column K: it starts
 * before the middle of the gap between the keys and the text (a group
 * title such as "Servers" starts left of the keys and may reach the
 * text column's edge). */
static bool key_side(const seg *s, const key_col *k)
{
    return s->x0 < (k->x1 + k->tx) / 2;
}

static int keyed_rows(const lt_page *p, guint first, guint last, const key_col *k);

/* Text on the key's side of a keyed row may run this many ems past the
 * start of the text column, no more (a wrapped key stays on its side). */
#define LT_KEY_OVERHANG 0.5

/* True when the row of segments [a, b) can belong to a keyed table with
 * key column K: free text, none of it running from the key side half an
 * em into the text column (a paragraph across the page ends the table).
 * A row in the page bands must be a key with text beside it (a table
 * continued at the top of a page), never a lone folio or a header.
 * LOOSE allows the straddling row. */
static bool row_fits(const lt_page *p, guint a, guint b, const key_col *k, bool loose)
{
    bool band = false;
    for (guint i = a; i < b; i++) {
        const seg *s = SEG(p, i);
        if (s->cell >= 0 || s->drop)
            return false;
        if (!loose && key_side(s, k) && s->x1 > k->tx + LT_KEY_OVERHANG * k->em)
            return false;
        band = band || in_band(p, s);
    }
    return !band || keyed_rows(p, a, b, k) == 1;
}

/* Start of the row before the one starting at segment A; A when none. */
static guint row_before(const lt_page *p, guint a)
{
    if (a == 0)
        return 0;
    guint b = a - 1;
    while (b > 0 &&
           fabs(seg_cy(SEG(p, b - 1)) - seg_cy(SEG(p, a - 1))) < LT_SAME_ROW * SEG(p, a - 1)->size)
        b--;
    return b;
}

/* Top and bottom of the segments [a, b). */
static void row_span(const lt_page *p, guint a, guint b, double *top, double *bot)
{
    *top = INFINITY, *bot = -INFINITY;
    for (guint i = a; i < b; i++)
        *top = fmin(*top, SEG(p, i)->y0), *bot = fmax(*bot, SEG(p, i)->y1);
}

/* True when row [a, b) fits key column K (row_fits, with a straddling
 * row allowed when LOOSE) and lies within 1.2 em of the table edge EDGE,
 * the table being below it when ABOVE. */
static bool fits_near(const lt_page *p, guint a, guint b, double edge, bool above,
                      const key_col *k, bool loose)
{
    double t, u;
    row_span(p, a, b, &t, &u);
    return (above ? edge - u : t - edge) <= LT_LINE_GAP * k->em && row_fits(p, a, b, k, loose);
}

/* True when the row starting at segment A is a key with text beside it. */
static bool keyed_row(const lt_page *p, guint a, const key_col *k)
{
    return a < p->segs->len && keyed_rows(p, a, row_end(p, a), k) == 1;
}

/* Grow the table of seed row [a, b) over the rows above and below that
 * fit and lie within 1.2 em of it; sets [*first, *last).  A row reaching
 * from the key side into the text column (a group title over some rows)
 * is taken only between a fitting row and a keyed row. */
static void keyed_grow(const lt_page *p, guint a, guint b, const key_col *k, guint *first,
                       guint *last)
{
    double top, bot, t, u;
    row_span(p, a, b, &top, &bot);
    for (*first = a; *first > 0;) {
        guint r = row_before(p, *first);
        row_span(p, r, *first, &t, &u);
        bool ok = fits_near(p, r, *first, top, true, k, false);
        if (!ok && r > 0 && keyed_row(p, *first, k) && fits_near(p, r, *first, top, true, k, true))
            ok = fits_near(p, row_before(p, r), r, t, true, k, false);
        if (!ok)
            break;
        *first = r, top = t;
    }
    for (*last = b; *last < p->segs->len;) {
        guint e = row_end(p, *last);
        row_span(p, *last, e, &t, &u);
        bool ok = fits_near(p, *last, e, bot, false, k, false);
        if (!ok && keyed_row(p, e, k) && fits_near(p, *last, e, bot, false, k, true))
            ok = fits_near(p, e, row_end(p, e), u, false, k, false);
        if (!ok)
            break;
        *last = e, bot = u;
    }
}

/* The text columns of segments [first, last): x intervals of the text
 * side separated by gaps of at least 1 em, each in COLS as (x0, x1). */
static void text_columns(const lt_page *p, guint first, guint last, const key_col *k,
                         GArray *cols)
{
    g_array_set_size(cols, 0);
    for (bool grew = true; grew;) {
        grew = false;
        for (guint i = first; i < last; i++) {
            const seg *s = SEG(p, i);
            if (key_side(s, k))
                continue;
            guint c = 0;
            while (c < cols->len && (s->x0 > g_array_index(cols, ex_box, c).x1 + k->em ||
                                     s->x1 < g_array_index(cols, ex_box, c).x0 - k->em))
                c++;
            if (c == cols->len) {
                ex_box b = { s->x0, 0, s->x1, 0 };
                g_array_append_val(cols, b);
                grew = true;
                continue;
            }
            ex_box *b = &g_array_index(cols, ex_box, c);
            if (s->x0 < b->x0 || s->x1 > b->x1)
                grew = true;
            b->x0 = fmin(b->x0, s->x0), b->x1 = fmax(b->x1, s->x1);
        }
        for (guint c = 0; c + 1 < cols->len && !grew; c++)
            for (guint d = c + 1; d < cols->len && !grew; d++) {
                ex_box *x = &g_array_index(cols, ex_box, c), *y = &g_array_index(cols, ex_box, d);
                if (y->x0 <= x->x1 + k->em && y->x1 >= x->x0 - k->em) {
                    x->x0 = fmin(x->x0, y->x0), x->x1 = fmax(x->x1, y->x1);
                    g_array_remove_index(cols, d);
                    grew = true;
                }
            }
    }
}

static int cmp_box_x(const void *a, const void *b)
{
    const ex_box *x = a, *y = b;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* Make the cells of the keyed table on segments [first, last): a row
 * starts at every line with a segment on the key side (and at the top);
 * columns are the key column and the text columns, their edges halfway
 * across the gaps so that the cells touch and form one table. */
static void keyed_cells(lt_page *p, guint first, guint last, const key_col *k)
{
    GArray *cols = g_array_new(FALSE, FALSE, sizeof(ex_box));
    text_columns(p, first, last, k, cols);
    g_array_sort(cols, cmp_box_x);
    double x0 = INFINITY, x1 = -INFINITY, top, bot;
    row_span(p, first, last, &top, &bot);
    for (guint i = first; i < last; i++)
        x0 = fmin(x0, SEG(p, i)->x0), x1 = fmax(x1, SEG(p, i)->x1);
    double row_top = top;
    for (guint a = first, b; a < last; a = b) {
        b = row_end(p, a);
        double t, u;
        row_span(p, a, b, &t, &u);
        for (guint i = a; i < b && a > first; i++)
            if (key_side(SEG(p, i), k))
                row_top = t;
        double row_bot = bot;
        for (guint c = b, d; c < last && row_bot == bot; c = d) {
            d = row_end(p, c);
            for (guint i = c; i < d; i++)
                if (key_side(SEG(p, i), k))
                    row_bot = SEG(p, c)->y0;
        }
        for (guint i = a; i < b; i++) {
            seg *s = SEG(p, i);
            guint col = 0;
            while (!key_side(s, k) && col < cols->len && s->x0 > g_array_index(cols, ex_box, col).x1)
                col++;
            double l = x0, r = x1;
            if (key_side(s, k))
                r = cols->len ? (k->x1 + g_array_index(cols, ex_box, 0).x0) / 2 : x1;
            else {
                col = MIN(col, cols->len - 1);
                l = col ? (g_array_index(cols, ex_box, col - 1).x1 + g_array_index(cols, ex_box, col).x0) / 2
                        : (k->x1 + g_array_index(cols, ex_box, 0).x0) / 2;
                if (col + 1 < cols->len)
                    r = (g_array_index(cols, ex_box, col).x1 + g_array_index(cols, ex_box, col + 1).x0) / 2;
            }
            cell c = { l, row_top, r, row_bot, -1, 0 };
            s->cell = layout_tables_cell_intern(p, &c);
        }
    }
    g_array_free(cols, TRUE);
}

/* Number of rows in [first, last) that hold a key with text beside it. */
static int keyed_rows(const lt_page *p, guint first, guint last, const key_col *k)
{
    int n = 0;
    for (guint a = first, b; a < last; a = b) {
        b = row_end(p, a);
        bool key = false, text = false;
        for (guint i = a; i < b; i++) {
            key = key || (key_side(SEG(p, i), k) && is_key(p, SEG(p, i)));
            text = text || !key_side(SEG(p, i), k);
        }
        n += key && text;
    }
    return n;
}

/* A key and its row's text stand at most this many ems apart. */
#define LT_KEY_REACH 8.0

/* The key column seeded by row [a, b): a key followed within 8 em by
 * free text on its line.  False when the row has none. */
static bool key_seed(const lt_page *p, guint a, guint b, key_col *k)
{
    for (guint i = a; i + 1 < b; i++) {
        const seg *s = SEG(p, i), *t = SEG(p, i + 1);
        double gap = t->x0 - s->x1;
        if (is_key(p, s) && t->cell < 0 && !t->drop && gap > 0 && gap <= LT_KEY_REACH * s->size) {
            *k = (key_col){ s->x0, s->x1, t->x0, s->size };
            return true;
        }
    }
    return false;
}

/* Find the unruled keyed tables among the free segments and give their
 * segments cells (after the ruled cells, which they never cross). */
void layout_keyed_tables(lt_page *p)
{
    for (guint a = 0, b; a < p->segs->len; a = b) {
        b = row_end(p, a);
        key_col k;
        guint first, last;
        if (!key_seed(p, a, b, &k) || !row_fits(p, a, b, &k, false))
            continue;
        keyed_grow(p, a, b, &k, &first, &last);
        if (keyed_rows(p, first, last, &k) < 2)
            continue;
        keyed_cells(p, first, last, &k);
        b = last;
    }
}
