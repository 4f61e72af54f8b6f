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

#include "furniture.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The smallest run of spaces that separates two columns. */
#define GAP_MIN 3
/* A right column's lines may start this many characters to the right of
 * its first (the text of a bullet hangs after the bullet). */
#define HANG_MAX 6
/* ... and, beside a left column's text, this many: the text of a code
 * hangs after the code ("1.1.2.3 Rehabilitar" over "        regulación";
 * 10 read a -layout table's rows as columns).
 * A line on the right alone is held to HANG_MAX, or a label's text
 * ("Objetivo 1.1   Reducir ...") and the code hanging under it would pass
 * for two columns. */
#define BESIDE_HANG_MAX 9
/* An OCR'd page's column may start this many characters left of where it
 * started on the line above (its lines drift). */
#define DRIFT_MAX 2

/* A left line may run this many characters into the right column, the
 * right part shifted after it by a single space (tight_split). */
#define TIGHT_MAX 12

/* A left column holds words: at least this many letters before the gap
 * on one of its split lines (codes before their texts, "1.1.1
 * Profesionalizar ...", "LA 1.2   ...", are rows of one column, not two). */
#define LEFT_WORD_MIN 4

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
    int left_letters[GAPS_MAX];                 /* letters before each */
} tline;

static void measure(tline *t)
{
    int col = 0, run = 0, run_start = 0, chars = 0, letters = 0;
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
            t->left_letters[t->n_gaps] = letters;
            t->left_chars[t->n_gaps++] = chars;
        }
        run = 0;
        chars++;
        letters += g_unichar_isalpha(g_utf8_get_char(p)) != 0;
        t->end = col + 1;
    }
}

/* The text of line S..END without the form feeds and blanks before it. */
static const char *page_line_start(const char *s, const char *end)
{
    while (s < end && (*s == '\f' || *s == ' ' || *s == '\t' || *s == '\r'))
        s++;
    return s;
}

/* The lines of a text, measured as they are first asked for and held a
 * block at a time: the blocks behind the line being written are freed, so
 * the text is never measured whole (a tline is bigger than most lines). */
#define BLOCK_LINES 1024

typedef struct tlines {
    const char *next, *end; /* where the next line to measure starts; the text's end */
    size_t n;               /* lines in the text */
    size_t measured;        /* lines measured so far */
    size_t forgotten;       /* blocks freed from the start */
    GPtrArray *blocks;      /* tline[BLOCK_LINES] each, NULL once behind */
    GHashTable *openers;    /* a header block's line (opener_key) -> pages it stands on */
    int header_line;        /* the next line's place in its page's header block, -1 past it */
    bool in_header;         /* the lines of the page's block so far were all headers */
} tlines;

/* A page's running header is its first line of text and the lines right
 * under it, up to a blank line: at most this many. */
#define HEADER_LINES_MAX 4

/* The key line LINE (S..STOP, from its text on) of a page's header block
 * is counted under: its place in the block and its signature as a running
 * header (furniture.h: "Página 2 de 3" repeats as "página # de #"). */
static char *opener_key(int line, const char *s, const char *stop)
{
    char *text = g_strndup(s, (gsize)(stop - s)), *sig = furniture_signature(text);
    char *key = g_strdup_printf("%c%s", 'a' + line, sig);
    g_free(sig);
    g_free(text);
    return key;
}

/* The key of line P..STOP, whose place in its page's header block is
 * *LINE (-1 when past the block: a blank line or HEADER_LINES_MAX lines
 * end it), moved on past it; NULL when the line is not in the block. */
static char *next_opener(int *line, const char *p, const char *stop)
{
    if (p < stop && *p == '\f')
        *line = 0;
    const char *s = page_line_start(p, stop);
    if (*line < 0 || s >= stop) {
        if (*line > 0)
            *line = -1;
        return NULL;
    }
    char *key = opener_key(*line, s, stop);
    *line = *line + 1 < HEADER_LINES_MAX ? *line + 1 : -1;
    return key;
}

/* Count the lines of each page's header block (its first line of text
 * after a form feed, and those right under it): a line that stands there
 * on two pages or more is a running header ("COMISIÓN ...     Programa
 * Operativo Anual · T3-2018", "Versión: 03", "Página 2 de 3"), never part
 * of the columns under it. */
static void count_openers(tlines *t, const char *text, const char *end)
{
    int line = 0;
    for (const char *p = text; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        char *key = next_opener(&line, p, stop);
        if (key) {
            guint k = GPOINTER_TO_UINT(g_hash_table_lookup(t->openers, key));
            g_hash_table_replace(t->openers, key, GUINT_TO_POINTER(k + 1));
        }
        t->n++;
        p = nl ? nl + 1 : end;
    }
}

static void tlines_init(tlines *t, const char *text, size_t len)
{
    *t = (tlines){ .next = text, .end = text + len, .in_header = true,
                   .blocks = g_ptr_array_new_with_free_func(g_free),
                   .openers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) };
    count_openers(t, text, text + len);
}

static void tlines_release(tlines *t)
{
    g_ptr_array_unref(t->blocks);
    g_hash_table_unref(t->openers);
}

/* Measure the next line into L, and whether it is a running header: in
 * its page's header block, under header lines only. */
static void measure_next(tlines *t, tline *l)
{
    const char *p = t->next, *nl = memchr(p, '\n', (size_t)(t->end - p));
    *l = (tline){ .s = p, .len = (size_t)((nl ? nl : t->end) - p) };
    measure(l);
    t->next = nl ? nl + 1 : t->end;
    if (l->s < l->s + l->len && *l->s == '\f')
        t->in_header = true;
    char *key = next_opener(&t->header_line, l->s, l->s + l->len);
    if (key && t->in_header)
        l->header = GPOINTER_TO_UINT(g_hash_table_lookup(t->openers, key)) >= 2;
    if (key && !l->header)
        t->in_header = false;
    g_free(key);
}

/* Line J (< T->n), measured; the pointer holds until the lines before J
 * are forgotten. */
static const tline *line_at(tlines *t, size_t j)
{
    while (t->measured <= j) {
        if (t->measured % BLOCK_LINES == 0)
            g_ptr_array_add(t->blocks, g_new(tline, BLOCK_LINES));
        tline *block = g_ptr_array_index(t->blocks, t->measured / BLOCK_LINES);
        measure_next(t, &block[t->measured % BLOCK_LINES]);
        t->measured++;
    }
    return &((const tline *)g_ptr_array_index(t->blocks, j / BLOCK_LINES))[j % BLOCK_LINES];
}

/* The lines before I will not be asked for again. */
static void forget_before(tlines *t, size_t i)
{
    for (; t->forgotten < i / BLOCK_LINES && t->forgotten < t->blocks->len; t->forgotten++)
        g_clear_pointer(&g_ptr_array_index(t->blocks, t->forgotten), g_free);
}

/* The gap of line T where a split at column C falls: its right text
 * starts at C, a little past it (hanging) or a little before it (drift),
 * its left text ends before; -1 when none. */
static int split_gap(const tline *t, int c)
{
    for (int g = 0; g < t->n_gaps; g++)
        if (t->gap_end[g] >= c - DRIFT_MAX && t->gap_end[g] <= c + BESIDE_HANG_MAX &&
            t->gap_start[g] <= MIN(c, t->gap_end[g]) - 2)
            return g;
    return -1;
}

/* The column where line T, standing KIND against a split at C, is cut: C,
 * or where its right text starts when that is a little left of C. */
static int split_column(const tline *t, char kind, int c)
{
    if (kind == 'r' && t->first < c)
        return t->first;
    int g = kind == 'b' ? split_gap(t, c) : -1;
    return g >= 0 && t->gap_end[g] < c ? t->gap_end[g] : c;
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
    if (t->first >= c - DRIFT_MAX && t->first <= c + HANG_MAX)
        return 'r';
    if (t->end <= c - 2)
        return 'l';
    int g = split_gap(t, c);
    return g >= 0 && t->left_chars[g] > 3 ? 'b' : 0;
}

/* Does line T, split at C, hold a word left of the split (not a code
 * alone, "1.1.1" or "LA 1.2")? */
static bool words_left_of(const tline *t, int c)
{
    int g = split_gap(t, c);
    return g >= 0 && t->left_letters[g] >= LEFT_WORD_MIN;
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
static bool tight_between(tlines *t, size_t j, size_t i, int c)
{
    if (j == i || j + 1 >= t->n)
        return false;
    char before = fit(line_at(t, j - 1), c), after = fit(line_at(t, j + 1), c);
    return (before == 'b' || before == 'r') && (after == 'b' || after == 'r') &&
           tight_split(line_at(t, j), c) >= 0;
}

/* How line J of a run from I stands against a split at C: fit, or 't'
 * for a tight line between two split ones. */
static char fit_in_run(tlines *t, size_t j, size_t i, int c)
{
    char k = fit(line_at(t, j), c);
    return k ? k : tight_between(t, j, i, c) ? 't' : 0;
}

/* A run of side-by-side lines is measured this many lines at most, some
 * four pages of `pdftotext -layout` (a page's columns stand side by side
 * within it).  Past it the run ends and the next one starts: the work of
 * a line is bounded, whatever the text (issue 22: a run measured again
 * from each of its lines was quadratic). */
#define RUN_MAX 200

/* The byte where character column C of line T starts (its end when
 * shorter). */
static const char *at_column(const tline *t, int c)
{
    const char *p = t->s, *end = t->s + t->len;
    for (int col = 0; p < end && col < c; col++)
        p = g_utf8_next_char(p);
    return p;
}

/* What a run holds: its kinds of lines, and its wrapped sentences. */
typedef struct run_counts {
    int both;      /* lines with text on both sides ('b') */
    int right;     /* lines with text on the right only ('r') */
    int left_text; /* lines with text on the left only ('l', not blank) */
    int worded;    /* 'b' lines with words left of the split */
    int wrapped[2]; /* 'b' lines whose left (0) or right (1) text goes on
                     * a sentence of the line above on its side */
    int gapped;    /* 'b' lines with two wide gaps or more (a grid's) */
    bool cut;      /* the run went on past RUN_MAX */
} run_counts;

/* The first and last characters of line T's text left (SIDE 0) or right
 * (SIDE 1) of a split at C, the line standing KIND against it; false when
 * there is none ('t' lines, whose split is not at C, have none). */
static bool side_text(const tline *t, char kind, int c, int side, const char **first,
                      const char **last)
{
    if (t->first < 0 || kind == 't' || (side == 0 && kind == 'r') || (side == 1 && kind == 'l'))
        return false;
    int from = t->first, to = t->end; /* a line on one side: all of it */
    if (kind == 'b') { /* fit found the gap: split_gap finds it again */
        int g = split_gap(t, c);
        if (side == 0)
            to = t->gap_start[g];
        else
            from = t->gap_end[g];
    }
    *first = at_column(t, from);
    *last = at_column(t, to - 1);
    return *first < t->s + t->len;
}

/* Does line M's text on SIDE go on a sentence of line M-1's on that side:
 * it starts in lower case ("lineales, con documentos ...") under text that
 * does not end one (a period) or a label (a colon)?  A label and its value
 * ("Ejercicio:      2025") never does. */
static bool goes_on(tlines *t, size_t m, size_t i, int c, int side)
{
    const char *first, *last, *above_first, *above_last;
    if (!side_text(line_at(t, m), fit_in_run(t, m, i, c), c, side, &first, &last) ||
        !side_text(line_at(t, m - 1), fit_in_run(t, m - 1, i, c), c, side, &above_first,
                   &above_last))
        return false;
    return g_unichar_islower(g_utf8_get_char(first)) && !strchr(".:;", *above_last);
}

/* Past a chapter's number at P: digits or a Roman numeral, then a point
 * or a parenthesis and a space; NULL when P starts with none. */
static const char *past_chapter_number(const char *p, const char *end)
{
    const char *q = p;
    if (q < end && g_ascii_isdigit(*q))
        while (q < end && q - p < 2 && g_ascii_isdigit(*q))
            q++;
    else
        while (q < end && q - p < 5 && strchr("IVXL", *q))
            q++;
    if (q == p || q + 1 >= end || (*q != '.' && *q != ')') || q[1] != ' ')
        return NULL;
    return q + 2;
}

/* Is line J a chapter's title: a number or a Roman numeral, then words
 * in capitals ("4. INDICADORES ESTRATÉGICOS", "III. ALINEACIÓN AL PLAN"),
 * alone on its line after a blank one?  What follows it is the next
 * chapter, laid out anew: a run of columns ends there (an indicators
 * table whose columns fall on the split would join it). */
static bool chapter_title(tlines *t, size_t j)
{
    const tline *l = line_at(t, j);
    if (l->first < 0 || l->n_gaps > 0 || j == 0 || line_at(t, j - 1)->first >= 0)
        return false;
    const char *end = l->s + l->len, *p = past_chapter_number(l->s + l->first, end);
    int letters = 0;
    for (; p && p < end; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        if (g_unichar_islower(ch))
            return false;
        letters += g_unichar_isalpha(ch);
    }
    return letters >= 6;
}

/* The longest run of lines from I that fits a split at column C (at most
 * RUN_MAX), up to a chapter's title; what it holds is counted in N (over
 * the run as returned). */
static size_t run_at(tlines *t, size_t i, int c, run_counts *n)
{
    size_t j = i;
    while (j < t->n && j - i < RUN_MAX && fit_in_run(t, j, i, c) && (j == i || !chapter_title(t, j)))
        j++;
    *n = (run_counts){ 0 };
    n->cut = j - i == RUN_MAX && j < t->n && fit_in_run(t, j, i, c);
    /* after the last line with a right side, the left column may go on,
     * but not past a blank line: what follows that is full width again */
    size_t last = i;
    for (size_t m = i; m < j; m++)
        if (fit_in_run(t, m, i, c) != 'l')
            last = m; /* 'b', 'r' or 't': a right part */
    size_t stop = last + 1;
    while (stop < j && line_at(t, stop)->first >= 0)
        stop++;
    for (size_t m = i; m < stop; m++) {
        char k = fit_in_run(t, m, i, c);
        n->both += k == 'b';
        n->worded += k == 'b' && words_left_of(line_at(t, m), c);
        n->right += k == 'r';
        n->left_text += k == 'l' && line_at(t, m)->first >= 0;
        n->gapped += k == 'b' && line_at(t, m)->n_gaps >= 2;
        for (int side = 0; side < 2 && k == 'b' && m > i; side++)
            n->wrapped[side] += goes_on(t, m, i, c, side);
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
 * its right part starts): the left column, a blank line, the right one.
 * A row one column leaves empty is a blank line in it, as a reader sees
 * it: the gap between two of its items, unmarked ones too.  HEAD, when
 * not NULL, heads both columns (headings_over). */
static void unroll(GString *out, tlines *t, size_t i, size_t k, int c, const tline *head)
{
    if (head)
        append_part(out, head, c, true);
    for (size_t j = i; j < i + k; j++) {
        char kind = fit_in_run(t, j, i, c);
        const tline *l = line_at(t, j);
        if (kind != 'r')
            append_part(out, l, kind == 't' ? tight_split(l, c) : split_column(l, kind, c), true);
        else
            g_string_append_c(out, '\n');
    }
    g_string_append_c(out, '\n');
    if (head)
        append_part(out, head, c, false);
    for (size_t j = i; j < i + k; j++) {
        char kind = fit_in_run(t, j, i, c);
        const tline *l = line_at(t, j);
        if (kind == 'b' || kind == 'r' || kind == 't')
            append_part(out, l, kind == 't' ? tight_split(l, c) : split_column(l, kind, c), false);
        else
            g_string_append_c(out, '\n');
    }
}

/* A column's heading is a few words: "FORTALEZAS", "Líneas de acción". */
#define HEADING_WORDS_MAX 3

/* Is the text of line T from character column FROM to TO a heading: a
 * few words, no figure, no colon at its end (a label's)? */
static bool heading_words(const tline *t, int from, int to)
{
    const char *p = at_column(t, from), *end = at_column(t, to);
    int words = 0;
    bool in_word = false;
    for (; p < end; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        if (g_unichar_isdigit(ch))
            return false;
        words += !in_word && !g_unichar_isspace(ch);
        in_word = !g_unichar_isspace(ch);
    }
    while (end > t->s && end[-1] == ' ')
        end--;
    return words >= 1 && words <= HEADING_WORDS_MAX && !(end > t->s && end[-1] == ':');
}

/* Is T two headings, one over each column of a split at C: two texts of a
 * few words apart, the gap between them across C ("FORTALEZAS" and
 * "DEBILIDADES", each centred over its column, the second further right
 * than the column's lines start)? */
static bool headings_over(const tline *t, int c)
{
    return t->first >= 0 && t->n_gaps == 1 && t->gap_start[0] <= c - 2 && t->gap_end[0] >= c &&
           !t->header && heading_words(t, t->first, t->gap_start[0]) &&
           heading_words(t, t->gap_end[0], t->end);
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

/* The line of T[i..i+k) with the most wide gaps (the grid's fullest row),
 * the first of them; its index in *AT when AT is not NULL. */
static const tline *grid_ref(tlines *t, size_t i, size_t k, size_t *at)
{
    const tline *ref = line_at(t, i);
    size_t ref_at = i;
    for (size_t j = i; j < i + k; j++)
        if (line_at(t, j)->n_gaps > ref->n_gaps)
            ref = line_at(t, ref_at = j);
    if (at)
        *at = ref_at;
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

/* Is line L's every text at one of REF's columns? */
static bool on_grid(const tline *ref, const tline *l)
{
    if (!grid_column(ref, l->first))
        return false;
    for (int g = 0; g < l->n_gaps; g++)
        if (!grid_column(ref, l->gap_end[g]))
            return false;
    return true;
}

/* Do the lines of T[i..i+k) stand on one grid of three columns or more: a
 * fullest row with two wide gaps or more, two such rows at least, and every
 * line's texts starting at the grid's columns (a form's header row and its
 * values, "Fecha de inicio del   Fecha de término del   Área(s) ...", a
 * cell's wrapped line alone under its column)?  When they do not, and
 * UNTIL is not NULL, *UNTIL is the last line J such that the lines from
 * any of I..J to I+K do not either: their fullest row is the same (J is at
 * most its index) and so is the line off its grid, or none has two gaps. */
static bool all_multi(tlines *t, size_t i, size_t k, size_t *until)
{
    size_t ref_at;
    const tline *ref = grid_ref(t, i, k, &ref_at);
    if (until)
        *until = ref->n_gaps < 2 ? i + k - 1 : ref_at;
    if (ref->n_gaps < 2)
        return false;
    int full = 0;
    for (size_t j = i; j < i + k; j++) {
        const tline *l = line_at(t, j);
        if (l->first < 0)
            continue;
        full += l->n_gaps >= 2;
        if (!on_grid(ref, l)) {
            if (until && j < *until)
                *until = j;
            return false;
        }
    }
    /* each column of the fullest row holds words, not a bullet alone */
    for (int g = 0; g < ref->n_gaps; g++)
        if (ref->left_chars[g] - (g ? ref->left_chars[g - 1] : 0) <= 3)
            return false;
    return full >= 2;
}

/* Lines after the grid run T[i..i+k) that belong to it: a cell's wrapped
 * line alone, starting at one of REF's columns ("Seguimiento" under
 * "Dirección de Planeación, Evaluación y").  Returns the run's new length. */
static size_t grid_extend(tlines *t, size_t i, size_t k, const tline *ref)
{
    for (const tline *l; i + k < t->n && (l = line_at(t, i + k))->first >= 0 && l->n_gaps == 0 &&
                         !l->header && grid_column(ref, l->first);)
        k++;
    return k;
}

/* Write the grid run T[i..i+k) (all_multi) column by column, each column's
 * lines as a block: a form's labels wrapped in their columns, each over
 * its value. */
static void unroll_grid(GString *out, tlines *t, size_t i, size_t k)
{
    const tline *ref = grid_ref(t, i, k, NULL);
    int cols[GAPS_MAX + 2];
    int m = 0;
    cols[m++] = ref->first;
    for (int g = 0; g < ref->n_gaps; g++)
        cols[m++] = ref->gap_end[g];
    for (int c = 0; c < m; c++) {
        for (size_t j = i; j < i + k; j++) {
            const tline *l = line_at(t, j);
            if (l->first < 0)
                continue;
            const char *from = at_column(l, c ? cols[c] - 1 : 0);
            const char *to = c + 1 < m ? at_column(l, cols[c + 1] - 1) : l->s + l->len;
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

/* A split refused at column C from a line on: the lines after it up to
 * UNTIL, when they fit C on both sides, would be refused too (their run
 * ends where its did, and holds less of what a split needs; a run cut at
 * RUN_MAX is no evidence of that, and is not kept).  Kept, so
 * that a long run of label-and-value lines is measured once, not once
 * from each of its lines (issue 22: that was quadratic). */
typedef struct refusal {
    int c;
    size_t until;
} refusal;

#define REFUSALS_KEPT GAPS_MAX

static bool refused(const refusal *r, int c, size_t i)
{
    for (size_t n = 0; n < REFUSALS_KEPT; n++)
        if (r[n].c == c && i <= r[n].until)
            return true;
    return false;
}

/* The longest run from line I that splits at column C, when the evidence
 * holds (a run of three lines or more, two of them split, one with words
 * on the left, and lines on one side only or a grid); 0 when it does not,
 * the refusal noted in R. */
static size_t split_run(tlines *t, size_t i, int c, refusal *r, size_t *noted)
{
    run_counts n;
    size_t k = run_at(t, i, c, &n);
    size_t until = i + k - 1;
    /* a table of three columns or more splits too: each of its lines has
     * two gaps, where a label and its value have one; and codes before
     * their texts ("1.1.1   Profesionalizar") are rows of one column,
     * whatever their wrapped lines.  Two columns as long as each other,
     * text on both sides of every line, show by their sentences wrapping
     * on both sides (a grid of more is the grid's to read) */
    bool wrapping = n.wrapped[0] >= 1 && n.wrapped[1] >= 1 && n.gapped == 0;
    if (k >= 3 && n.both >= 2 && n.worded >= 1 &&
        (n.right + n.left_text >= 1 || wrapping || all_multi(t, i, k, &until)))
        return k;
    if (n.gapped > 0) /* a part of the run without them may wrap: no refusal kept */
        until = i;
    if (!n.cut) {
        r[*noted % REFUSALS_KEPT] = (refusal){ c, until };
        ++*noted;
    }
    return 0;
}

/* One pass of text_columns_unroll: a run is split at one column. */
static char *unroll_once(const char *text, size_t len)
{
    tlines t;
    tlines_init(&t, text, len);
    GString *out = g_string_sized_new(len + 16);
    char **above = NULL; /* the cells of the last pipe row */
    refusal refusals[REFUSALS_KEPT];
    size_t noted = 0;
    for (size_t n = 0; n < REFUSALS_KEPT; n++)
        refusals[n] = (refusal){ -1, 0 };
    /* the last line not blank written as it was, and where the output
     * stood before it: above the columns that follow (blank lines aside),
     * it may head them */
    tline head = { 0 };
    gsize head_from = 0;
    size_t head_at = SIZE_MAX, blank_since = SIZE_MAX;
    for (size_t i = 0; i < t.n;) {
        forget_before(&t, i);
        const tline *l = line_at(&t, i);
        int c = 0;
        size_t k = 0;
        for (int g = 0; g < l->n_gaps && !k; g++) { /* a split at any of its gaps */
            c = l->gap_end[g];
            if (fit(l, c) == 'b' && !refused(refusals, c, i))
                k = split_run(&t, i, c, refusals, &noted);
        }
        if (k && all_multi(&t, i, k, NULL)) { /* a grid: every column at once */
            k = grid_extend(&t, i, k, grid_ref(&t, i, k, NULL));
            unroll_grid(out, &t, i, k);
            i += k;
            head_at = SIZE_MAX;
            continue;
        }
        /* columns, not a label and its value: several split lines and
         * lines wrapped on one side only */
        if (k) {
            bool headed = head_at != SIZE_MAX && (head_at + 1 == i || blank_since == head_at + 1) &&
                          headings_over(&head, c);
            if (headed) /* written again, over its column each */
                g_string_truncate(out, head_from);
            unroll(out, &t, i, k, c, headed ? &head : NULL);
            i += k;
            head_at = SIZE_MAX;
            continue;
        }
        if (pipe_row(l->s, l->len)) {
            /* a header row over a "|---|" separator names the columns: the
             * sections' own headings say what they hold */
            const tline *next = i + 1 < t.n ? line_at(&t, i + 1) : NULL;
            bool header = next && pipe_row(next->s, next->len) && separator_row(next->s, next->len);
            if (!header)
                append_pipe_cells(out, l->s, l->len, &above);
            i++;
            head_at = SIZE_MAX;
            continue;
        }
        g_clear_pointer(&above, g_strfreev); /* the table is over */
        if (l->first >= 0) {
            head = *l;
            head_from = out->len;
            head_at = i;
            blank_since = SIZE_MAX;
        } else if (blank_since == SIZE_MAX) {
            blank_since = i;
        }
        g_string_append_len(out, l->s, (gssize)l->len);
        if (l->s + l->len < text + len)
            g_string_append_c(out, '\n');
        i++;
    }
    g_strfreev(above);
    tlines_release(&t);
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

char *text_columns_unroll(char *text, size_t *len)
{
    if (!may_unroll(text, *len))
        return text; /* nothing to unroll */
    char *out = unroll_once(text, *len);
    if (strlen(out) == *len && memcmp(out, text, *len) == 0) {
        g_free(out); /* nothing to unroll (most text): no copy kept */
        return text;
    }
    g_free(text); /* each pass holds the text twice, never three times */
    for (int pass = 1; pass < PASSES_MAX; pass++) {
        char *again = unroll_once(out, strlen(out));
        bool same = strcmp(again, out) == 0;
        g_free(out);
        out = again;
        if (same)
            break;
    }
    *len = strlen(out);
    return out;
}
