/* text_columns.c - two columns set side by side in plain text, read one
 * after the other; tables typed with pipes, read cell by cell.
 *
 * `pdftotext -layout` keeps a page's columns side by side, padded with
 * spaces: "Fortalezas          Oportunidades", then the items of both
 * columns sharing lines.  A run of such lines whose right column starts at
 * one character position is split there: the left column's lines first,
 * then the right column's.  The evidence asked for is strict, so that a
 * label and its value aligned with spaces ("Ejercicio:      2024") stay
 * one line: several lines split at the same place, wrapped lines on one
 * side only, and prose (not a bullet or a number) on the left.
 */
#include "text_columns.h"

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The smallest run of spaces that separates two columns. */
#define GAP_MIN 3
/* A right column's lines may start this many characters to the right of
 * its first (the text of a bullet hangs after the bullet). */
#define HANG_MAX 6

/* A left line may run this many characters into the right column, the
 * right part shifted after it by a single space (tight_split). */
#define TIGHT_MAX 12

/* Wide gaps remembered per line. */
#define GAPS_MAX 8

/* One line of the text, measured in characters (code points). */
typedef struct tline {
    const char *s;     /* start, in the source */
    size_t len;        /* bytes */
    bool header;       /* a running header: the first line of two pages or more */
    int first;         /* column of the first non-space character, -1 if blank */
    int end;           /* column after the last non-space character */
    int n_gaps;
    int gap_start[GAPS_MAX], gap_end[GAPS_MAX]; /* wide gaps between two texts */
    int left_chars[GAPS_MAX];                   /* non-space characters before each */
} tline;

static void measure(tline *t)
{
    int col = 0, run = 0, run_start = 0, chars = 0;
    t->first = -1, t->end = 0, t->n_gaps = 0;
    for (const char *p = t->s; p < t->s + t->len; p = g_utf8_next_char(p), col++) {
        if (*p == ' ') {
            if (run++ == 0)
                run_start = col;
            continue;
        }
        if (t->first < 0) {
            t->first = col;
        } else if (run >= GAP_MIN && t->n_gaps < GAPS_MAX) {
            t->gap_start[t->n_gaps] = run_start;
            t->gap_end[t->n_gaps] = col;
            t->left_chars[t->n_gaps++] = chars;
        }
        run = 0;
        chars++;
        t->end = col + 1;
    }
}

/* How line T stands against a split at column C: 'b' both sides, 'r' right
 * only, 'l' left only, 0 when it does not fit.  A left side of a bullet
 * or a number alone is no column. */
static char fit(const tline *t, int c)
{
    if (t->header)
        return 0; /* a page's running header stands apart, whatever its gaps */
    if (t->first < 0)
        return 'l'; /* blank: keeps its place on both sides */
    if (t->first >= c && t->first <= c + HANG_MAX)
        return 'r';
    if (t->end <= c - 2)
        return 'l';
    for (int g = 0; g < t->n_gaps; g++)
        if (t->gap_end[g] >= c && t->gap_end[g] <= c + HANG_MAX && t->gap_start[g] <= c - 2 &&
            t->left_chars[g] > 3)
            return 'b';
    return 0;
}

/* The column where line T's right part starts when the left column's text
 * runs up to it with a single space ("certificados el trabajo", the left
 * line as long as its column or longer): a space at X-1 between two texts,
 * X within TIGHT_MAX of C, more than three characters on the left; -1 when
 * none. */
static int tight_split(const tline *t, int c)
{
    if (t->first < 0 || t->first >= c)
        return -1; /* no left text: a right line indented past its column's start */
    const char *p = t->s, *end = t->s + t->len;
    int chars = 0;
    char before2 = ' ', before1 = ' ';
    for (int col = 0; p < end && col <= c + TIGHT_MAX; p = g_utf8_next_char(p), col++) {
        if (col >= c && *p != ' ' && before1 == ' ' && before2 != ' ' && chars > 3)
            return col;
        chars += *p != ' ';
        before2 = before1;
        before1 = *p;
    }
    return -1;
}

/* A line that fits a split at C only tightly (tight_split) belongs to the
 * run when the lines on both sides of it have a right part. */
static bool tight_between(const tline *t, size_t n, size_t j, size_t i, int c)
{
    if (j == i || j + 1 >= n)
        return false;
    char before = fit(&t[j - 1], c), after = fit(&t[j + 1], c);
    return (before == 'b' || before == 'r') && (after == 'b' || after == 'r') &&
           tight_split(&t[j], c) >= 0;
}

/* How line J of a run from I stands against a split at C: fit, or 't'
 * for a tight line between two split ones. */
static char fit_in_run(const tline *t, size_t n, size_t j, size_t i, int c)
{
    char k = fit(&t[j], c);
    return k ? k : tight_between(t, n, j, i, c) ? 't' : 0;
}

/* The longest run of lines from I that fits a split at column C; its kinds
 * of lines are counted (over the run as returned). */
static size_t run_at(const tline *t, size_t n, size_t i, int c, int *both, int *right,
                     int *left_text)
{
    size_t j = i;
    while (j < n && fit_in_run(t, n, j, i, c))
        j++;
    /* after the last line with a right side, the left column may go on,
     * but not past a blank line: what follows that is full width again */
    size_t last = i;
    for (size_t m = i; m < j; m++)
        if (fit_in_run(t, n, m, i, c) != 'l')
            last = m; /* 'b', 'r' or 't': a right part */
    size_t stop = last + 1;
    while (stop < j && t[stop].first >= 0)
        stop++;
    *both = *right = *left_text = 0;
    for (size_t m = i; m < stop; m++) {
        char k = fit_in_run(t, n, m, i, c);
        *both += k == 'b';
        *right += k == 'r';
        *left_text += k == 'l' && t[m].first >= 0;
    }
    return stop - i;
}

/* Append the part of line T before column C (LEFT) or from it on. */
static void append_part(GString *out, const tline *t, int c, bool left)
{
    const char *p = t->s, *end = t->s + t->len;
    for (int col = 0; p < end && col < c; col++)
        p = g_utf8_next_char(p);
    if (left) {
        const char *stop = p;
        while (stop > t->s && stop[-1] == ' ')
            stop--;
        g_string_append_len(out, t->s, stop - t->s);
    } else {
        while (p < end && *p == ' ')
            p++;
        g_string_append_len(out, p, end - p);
    }
    g_string_append_c(out, '\n');
}

/* Write lines T[i..i+k) of T[0..n) split at column C (a tight line where
 * its right part starts): the left column, a blank line, the right one. */
static void unroll(GString *out, const tline *t, size_t n, size_t i, size_t k, int c)
{
    for (size_t j = i; j < i + k; j++) {
        char kind = fit_in_run(t, n, j, i, c);
        if (kind != 'r')
            append_part(out, &t[j], kind == 't' ? tight_split(&t[j], c) : c, true);
    }
    g_string_append_c(out, '\n');
    for (size_t j = i; j < i + k; j++) {
        char kind = fit_in_run(t, n, j, i, c);
        if (kind == 'b' || kind == 'r' || kind == 't')
            append_part(out, &t[j], kind == 't' ? tight_split(&t[j], c) : c, false);
        else if (t[j].first < 0)
            g_string_append_c(out, '\n');
    }
}

/* A row of a table typed with pipes ("| 1. Mejorar ... | 1.1 Capacitar |"):
 * starts and ends with '|' (blanks aside) and holds two cells or more. */
static bool pipe_row(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    size_t bars = 0;
    for (size_t i = 0; i < len; i++)
        bars += s[i] == '|';
    return len >= 2 && s[0] == '|' && s[len - 1] == '|' && bars >= 3;
}

/* Is pipe row S a separator ("|---|:--:|"): dashes, colons and blanks? */
static bool separator_row(const char *s, size_t len)
{
    bool dash = false;
    for (size_t i = 0; i < len; i++) {
        if (!strchr("|-: \t\r", s[i]))
            return false;
        dash = dash || s[i] == '-';
    }
    return dash;
}

/* Append each cell of pipe row S as a line of its own, then a blank line
 * (a row is a block); a separator row ("|---|:--|") gives nothing, and a
 * cell repeating the one above it in the row before (*ABOVE, the cells of
 * the last row, updated) is said once. */
static void append_pipe_cells(GString *out, const char *s, size_t len, char ***above)
{
    char *row = g_strndup(s, len);
    char **cells = g_strsplit(row, "|", -1);
    bool separator = true, any = false;
    for (char **c = cells; *c; c++)
        for (const char *q = g_strstrip(*c); *q && separator; q++)
            separator = *q == '-' || *q == ':' || *q == ' ';
    guint n_above = *above ? g_strv_length(*above) : 0;
    for (guint k = 0; cells[k] && !separator; k++) {
        bool repeated = k < n_above && strcmp(cells[k], (*above)[k]) == 0;
        if (*cells[k] && !repeated) {
            g_string_append(out, cells[k]);
            g_string_append_c(out, '\n');
            any = true;
        }
    }
    if (any)
        g_string_append_c(out, '\n');
    if (!separator) {
        g_strfreev(*above);
        *above = cells;
    } else {
        g_strfreev(cells);
    }
    g_free(row);
}

/* The first line of text of each page (after a form feed): one that
 * opens two pages or more is a running header ("COMISIÓN ...     Programa
 * Operativo Anual · T3-2018"), never part of the columns under it. */
static void mark_running_headers(tline *t, size_t n)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GArray *firsts = g_array_new(FALSE, FALSE, sizeof(size_t));
    bool page_start = true;
    for (size_t i = 0; i < n; i++) {
        const char *s = t[i].s, *end = t[i].s + t[i].len;
        if (s < end && *s == '\f')
            page_start = true;
        while (s < end && (*s == '\f' || *s == ' ' || *s == '\t' || *s == '\r'))
            s++;
        if (!page_start || s == end)
            continue;
        page_start = false;
        char *key = g_strndup(s, (gsize)(end - s));
        guint k = GPOINTER_TO_UINT(g_hash_table_lookup(seen, key));
        g_hash_table_replace(seen, key, GUINT_TO_POINTER(k + 1));
        g_array_append_val(firsts, i);
    }
    for (guint f = 0; f < firsts->len; f++) {
        tline *l = &t[g_array_index(firsts, size_t, f)];
        const char *s = l->s, *end = l->s + l->len;
        while (s < end && (*s == '\f' || *s == ' ' || *s == '\t' || *s == '\r'))
            s++;
        char *key = g_strndup(s, (gsize)(end - s));
        l->header = GPOINTER_TO_UINT(g_hash_table_lookup(seen, key)) >= 2;
        g_free(key);
    }
    g_array_free(firsts, TRUE);
    g_hash_table_unref(seen);
}

/* The line of T[i..i+k) with the most wide gaps (the grid's fullest row). */
static const tline *grid_ref(const tline *t, size_t i, size_t k)
{
    const tline *ref = &t[i];
    for (size_t j = i; j < i + k; j++)
        if (t[j].n_gaps > ref->n_gaps)
            ref = &t[j];
    return ref;
}

/* Does character column C start one of REF's columns (within one)? */
static bool grid_column(const tline *ref, int c)
{
    if (abs(c - ref->first) <= 1)
        return true;
    for (int g = 0; g < ref->n_gaps; g++)
        if (abs(c - ref->gap_end[g]) <= 1)
            return true;
    return false;
}

/* Do the lines of T[i..i+k) stand on one grid of three columns or more: a
 * fullest row with two wide gaps or more, two such rows at least, and every
 * line's texts starting at the grid's columns (a form's header row and its
 * values, "Fecha de inicio del   Fecha de término del   Área(s) ...", a
 * cell's wrapped line alone under its column)? */
static bool all_multi(const tline *t, size_t i, size_t k)
{
    const tline *ref = grid_ref(t, i, k);
    int full = 0;
    for (size_t j = i; j < i + k; j++) {
        if (t[j].first < 0)
            continue;
        full += t[j].n_gaps >= 2;
        if (!grid_column(ref, t[j].first))
            return false;
        for (int g = 0; g < t[j].n_gaps; g++)
            if (!grid_column(ref, t[j].gap_end[g]))
                return false;
    }
    /* each column of the fullest row holds words, not a bullet alone */
    for (int g = 0; g < ref->n_gaps; g++)
        if (ref->left_chars[g] - (g ? ref->left_chars[g - 1] : 0) <= 3)
            return false;
    return ref->n_gaps >= 2 && full >= 2;
}

/* The byte where character column C of line T starts (its end when
 * shorter). */
static const char *at_column(const tline *t, int c)
{
    const char *p = t->s, *end = t->s + t->len;
    for (int col = 0; p < end && col < c; col++)
        p = g_utf8_next_char(p);
    return p;
}

/* Lines after the grid run T[i..i+k) that belong to it: a cell's wrapped
 * line alone, starting at one of REF's columns ("Seguimiento" under
 * "Dirección de Planeación, Evaluación y").  Returns the run's new length. */
static size_t grid_extend(const tline *t, size_t n, size_t i, size_t k, const tline *ref)
{
    while (i + k < n && t[i + k].first >= 0 && t[i + k].n_gaps == 0 && !t[i + k].header &&
           grid_column(ref, t[i + k].first))
        k++;
    return k;
}

/* Write the grid run T[i..i+k) (all_multi) column by column, each column's
 * lines as a block: a form's labels wrapped in their columns, each over
 * its value. */
static void unroll_grid(GString *out, const tline *t, size_t i, size_t k)
{
    const tline *ref = grid_ref(t, i, k);
    int cols[GAPS_MAX + 2];
    int m = 0;
    cols[m++] = ref->first;
    for (int g = 0; g < ref->n_gaps; g++)
        cols[m++] = ref->gap_end[g];
    for (int c = 0; c < m; c++) {
        for (size_t j = i; j < i + k; j++) {
            if (t[j].first < 0)
                continue;
            const char *from = at_column(&t[j], c ? cols[c] - 1 : 0);
            const char *to = c + 1 < m ? at_column(&t[j], cols[c + 1] - 1) : t[j].s + t[j].len;
            while (from < to && *from == ' ')
                from++;
            while (to > from && to[-1] == ' ')
                to--;
            if (to > from) {
                g_string_append_len(out, from, to - from);
                g_string_append_c(out, '\n');
            }
        }
        g_string_append_c(out, '\n');
    }
}

/* One pass of text_columns_unroll: a run is split at one column. */
static char *unroll_once(const char *text, size_t len)
{
    GArray *lines = g_array_new(FALSE, FALSE, sizeof(tline));
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        tline t = { .s = p, .len = (size_t)((nl ? nl : end) - p) };
        measure(&t);
        g_array_append_val(lines, t);
        p = nl ? nl + 1 : end;
    }
    mark_running_headers((tline *)(void *)lines->data, lines->len);
    const tline *t = (const tline *)(const void *)lines->data;
    size_t n = lines->len;
    GString *out = g_string_sized_new(len + 16);
    char **above = NULL; /* the cells of the last pipe row */
    for (size_t i = 0; i < n;) {
        int c = 0, both = 0, right = 0, left_text = 0;
        size_t k = 0;
        for (int g = 0; g < t[i].n_gaps && !k; g++) { /* a split at any of its gaps */
            c = t[i].gap_end[g];
            if (fit(&t[i], c) == 'b')
                k = run_at(t, n, i, c, &both, &right, &left_text);
            /* a table of three columns or more splits too: each of its
             * lines has two gaps, where a label and its value have one */
            if (!(k >= 3 && both >= 2 && (right + left_text >= 1 || all_multi(t, i, k))))
                k = 0;
        }
        if (k && all_multi(t, i, k)) { /* a grid: every column at once */
            k = grid_extend(t, n, i, k, grid_ref(t, i, k));
            unroll_grid(out, t, i, k);
            i += k;
            continue;
        }
        /* columns, not a label and its value: several split lines and
         * lines wrapped on one side only */
        if (k) {
            unroll(out, t, n, i, k, c);
            i += k;
            continue;
        }
        if (pipe_row(t[i].s, t[i].len)) {
            /* a header row over a "|---|" separator names the columns: the
             * sections' own headings say what they hold */
            bool header = i + 1 < n && pipe_row(t[i + 1].s, t[i + 1].len) &&
                          separator_row(t[i + 1].s, t[i + 1].len);
            if (!header)
                append_pipe_cells(out, t[i].s, t[i].len, &above);
            i++;
            continue;
        }
        g_clear_pointer(&above, g_strfreev); /* the table is over */
        g_string_append_len(out, t[i].s, (gssize)t[i].len);
        if (t[i].s + t[i].len < text + len)
            g_string_append_c(out, '\n');
        i++;
    }
    g_strfreev(above);
    g_array_free(lines, TRUE);
    return g_string_free(out, FALSE);
}

/* Three or four columns side by side ("FORTALEZAS  DEBILIDADES
 * OPORTUNIDADES  AMENAZAS") come apart one split per pass: the right part
 * of the first is read again. */
#define PASSES_MAX 4

/* Can TEXT hold a line unroll_once rewrites: one with a gap of GAP_MIN
 * spaces between two texts, or a pipe row?  Most text cannot, and is not
 * measured line by line (a hundred bytes and more a line, for nothing). */
static bool may_unroll(const char *text, size_t len)
{
    static const char gap[GAP_MIN] = { ' ', ' ', ' ' };
    _Static_assert(GAP_MIN == 3, "the gap searched for is GAP_MIN spaces");
    return memchr(text, '|', len) || memmem(text, len, gap, sizeof gap);
}

char *text_columns_unroll(const char *text, size_t len)
{
    if (!may_unroll(text, len))
        return NULL; /* nothing to unroll */
    char *out = unroll_once(text, len);
    if (strlen(out) == len && memcmp(out, text, len) == 0) {
        g_free(out); /* nothing to unroll (most text): no copy kept */
        return NULL;
    }
    for (int pass = 1; pass < PASSES_MAX; pass++) {
        char *again = unroll_once(out, strlen(out));
        bool same = strcmp(again, out) == 0;
        g_free(out);
        out = again;
        if (same)
            break;
    }
    return out;
}
