/* furniture.c - page furniture: what both detectors share, the page number
 * as printed (read with the rule file's `folio` rules) and the signature
 * by which a running header repeats from page to page; and the detector
 * of plain text, whose lines have no place on a page (the detector of PDF
 * pages, which compares the bands of neighbouring pages, is
 * layout_furniture.c). */
#include "furniture.h"

#include "util.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

int furniture_folio(rule_matcher *m, const char *text, bool *strong)
{
    if (strong)
        *strong = false;
    /* plain text sets a folio off with spaces ("          3") */
    text += strspn(text, " \t\f");
    size_t len = strlen(text);
    while (len && strchr(" \t", text[len - 1]))
        len--;
    if (len > FURNITURE_FOLIO_MAX_BYTES || !m)
        return -1;
    rule_match match = RULE_MATCH_INIT;
    int value = -1;
    if (rules_match_kind(m, RK_FOLIO, text, &match)) {
        char *n = rule_match_group(&match, "n");
        value = n ? atoi(n) : -1;
        if (strong)
            *strong = rule_match_has(&match, "word") || rule_match_has(&match, "of");
        g_free(n);
    }
    rule_match_clear(&match);
    return value;
}

char *furniture_signature(const char *text)
{
    char *fold = g_utf8_casefold(text, -1);
    for (char *c = fold; *c; c++)
        if (g_ascii_isdigit(*c))
            *c = '#';
    /* a copy of its own size: the text detector keeps one for every line,
     * where casefolding leaves a buffer of twice the text's */
    char *sig = g_strdup(g_strstrip(fold));
    g_free(fold);
    return sig;
}

/* ---- the detector of plain text ---- */

/* A page number as text extraction leaves it ("3", "- 3 -", "3/40", "3 de
 * 40", "Página 3 de 40", "Pág. 3": the rule file's `folio` rules).  A bare
 * year ("2024", the value under an "Ejercicio" label) is not one. */
static bool is_folio(rule_matcher *m, const char *text)
{
    bool strong;
    int value = furniture_folio(m, text, &strong);
    return value >= 0 && (strong || value < 1900 || value > 2099);
}

/* Set far to the right, as text extraction places a page number at a
 * page's foot ("                                 2"); a number alone at the
 * start of a line is more likely a table's row number. */
static bool far_right(const char *text)
{
    size_t spaces = strspn(text, " \t");
    return spaces >= 12;
}

/* A number and nothing else ("2"): a folio only by its place; "- 2 -",
 * "2/9" and "Página 2" say what they are. */
static bool is_bare_number(const char *text)
{
    const char *p = text + strspn(text, " \t");
    size_t digits = strspn(p, "0123456789");
    return digits > 0 && p[digits + strspn(p + digits, " \t")] == '\0';
}

/* Does LINES[I] touch a page break: a form feed opens it or the next? */
static bool at_page_break(const text_line *lines, size_t n, size_t i)
{
    return lines[i].text[0] == '\f' || (i + 1 < n && lines[i + 1].text[0] == '\f');
}

/* A number alone next to a figure alone is a table's column of figures,
 * its cells one a line as text extraction prints them ("96" under "88"),
 * not page numbers: FOLIO is cleared there, except at a page break, where
 * a page number follows a table's last figure. */
static void figures_are_no_folios(const text_line *lines, size_t n, bool *folio)
{
    bool *figure = g_new(bool, n + 1);
    for (size_t i = 0; i < n; i++)
        figure[i] = util_is_figure(lines[i].text);
    for (size_t i = 0; i < n; i++)
        if (folio[i] && is_bare_number(lines[i].text) && !at_page_break(lines, n, i) &&
            ((i > 0 && figure[i - 1]) || (i + 1 < n && figure[i + 1])))
            folio[i] = false;
    g_free(figure);
}

/* Does signature SIG stand on at least two lines (and is it long enough to
 * be a running header rather than a word)?  COUNT holds the signatures of
 * the lines that may repeat (see repeats_read); SIG NULL is another's. */
static bool is_repeated(GHashTable *count, const char *sig)
{
    return sig && GPOINTER_TO_UINT(g_hash_table_lookup(count, sig)) >= 2 && g_utf8_strlen(sig, -1) >= 12;
}

/* TEXT without the form feeds and blanks that open a page's first line
 * ("\fInstituto ..." is the running header of the page before's
 * "Instituto ..."). */
static const char *page_text(const char *text)
{
    return text + strspn(text, "\f \t");
}

/* What the text detector knows of repetition, kept for the lines that may
 * repeat only: in a text of distinct lines a table of every line's
 * signature, text and page text took more memory than the text itself. */
typedef struct repeats {
    GHashTable *count;  /* signature (owned) -> lines that carry it */
    GHashTable *exact;  /* text (borrowed) -> lines that read it */
    GHashTable *paged;  /* page_text (borrowed) -> lines that read it */
    const char **sigs;  /* per line: its signature in COUNT; NULL, no repeat */
} repeats;

static int compare_hash(const void *a, const void *b)
{
    guint x = *(const guint *)a, y = *(const guint *)b;
    return (x > y) - (x < y);
}

/* Is HASH in SORTED (N) twice or more? */
static bool hash_repeats(const guint *sorted, size_t n, guint hash)
{
    const guint *at = bsearch(&hash, sorted, n, sizeof *sorted, compare_hash);
    return at && ((at > sorted && at[-1] == hash) || (at + 1 < sorted + n && at[1] == hash));
}

/* LINE's signature, or NULL when it is too long to be a running header. */
static char *signature_of(const char *line)
{
    return strlen(line) > FURNITURE_HEADER_MAX_BYTES ? NULL : furniture_signature(line);
}

/* The lines whose signature's hash repeats: a few more than those whose
 * signature does (two signatures may share a hash), every one of those. */
static bool *repeat_candidates(const text_line *lines, size_t n)
{
    guint *hash = g_new(guint, n + 1), *sorted = g_new(guint, n + 1);
    bool *has = g_new0(bool, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char *sig = signature_of(lines[i].text);
        if ((has[i] = sig != NULL))
            sorted[k++] = hash[i] = g_str_hash(sig);
        g_free(sig);
    }
    qsort(sorted, k, sizeof *sorted, compare_hash);
    for (size_t i = 0; i < n; i++)
        has[i] = has[i] && hash_repeats(sorted, k, hash[i]);
    g_free(hash);
    g_free(sorted);
    return has;
}

static void count_key(GHashTable *table, const char *key)
{
    guint seen = GPOINTER_TO_UINT(g_hash_table_lookup(table, key));
    g_hash_table_insert(table, (gpointer)key, GUINT_TO_POINTER(seen + 1));
}

/* Count the signatures of the candidate lines, then every line's text and
 * page text that a candidate's is (lines alike in text are alike in
 * signature, so no count is missed). */
static void repeats_read(repeats *r, const text_line *lines, size_t n)
{
    r->count = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r->exact = g_hash_table_new(g_str_hash, g_str_equal);
    r->paged = g_hash_table_new(g_str_hash, g_str_equal);
    r->sigs = g_new0(const char *, n + 1);
    bool *candidate = repeat_candidates(lines, n);
    for (size_t i = 0; i < n; i++) {
        if (!candidate[i])
            continue;
        char *sig = signature_of(lines[i].text);
        gpointer key = NULL, seen = NULL;
        if (g_hash_table_lookup_extended(r->count, sig, &key, &seen)) {
            g_free(sig); /* one copy of a signature, however often it stands */
            sig = key;
            g_hash_table_steal(r->count, key); /* put back below, not freed */
        }
        g_hash_table_insert(r->count, sig, GUINT_TO_POINTER(GPOINTER_TO_UINT(seen) + 1));
        r->sigs[i] = sig;
        g_hash_table_insert(r->exact, lines[i].text, GUINT_TO_POINTER(0));
        g_hash_table_insert(r->paged, (gpointer)page_text(lines[i].text), GUINT_TO_POINTER(0));
    }
    g_free(candidate);
    for (size_t i = 0; i < n; i++) {
        if (g_hash_table_contains(r->exact, lines[i].text))
            count_key(r->exact, lines[i].text);
        if (g_hash_table_contains(r->paged, page_text(lines[i].text)))
            count_key(r->paged, page_text(lines[i].text));
    }
}

static void repeats_release(repeats *r)
{
    g_free(r->sigs);
    g_hash_table_unref(r->count);
    g_hash_table_unref(r->exact);
    g_hash_table_unref(r->paged);
}

static guint times(GHashTable *table, const char *key)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(table, key));
}

/* Running headers and page numbers that text extraction kept: folio lines,
 * and lines repeated on several pages that carry a number or stand next
 * to a folio.  Marked dropped, as the layout stage marks them in PDFs. */
void furniture_mark_text(text_line *lines, size_t n, rule_matcher *m)
{
    bool *folio = g_new(bool, n + 1);
    for (size_t i = 0; i < n; i++)
        folio[i] = is_folio(m, lines[i].text);
    figures_are_no_folios(lines, n, folio);
    repeats r;
    repeats_read(&r, lines, n);
    for (size_t i = 0; i < n; i++) {
        text_line *l = &lines[i];
        bool near_folio = (i > 0 && folio[i - 1]) || (i + 1 < n && folio[i + 1]);
        bool repeated = is_repeated(r.count, r.sigs[i]);
        /* the same text again, or a page's first line repeating one (the
         * first page's own header, without the form feed, stays) */
        bool same_text = repeated &&
                         (times(r.exact, l->text) >= 2 ||
                          (l->text[0] == '\f' && times(r.paged, page_text(l->text)) >= 2));
        bool next_to_repeat = (i > 0 && is_repeated(r.count, r.sigs[i - 1])) ||
                              (i + 1 < n && is_repeated(r.count, r.sigs[i + 1]));
        if (folio[i] && (!is_bare_number(l->text) || near_folio || next_to_repeat ||
                         far_right(l->text) || at_page_break(lines, n, i))) {
            l->flags |= POA_LINE_DROPPED;
            l->drop = POA_DROP_PAGE_NUMBER;
        } else if (repeated && (near_folio || (same_text && strchr(r.sigs[i], '#')))) {
            l->flags |= POA_LINE_DROPPED;
            l->drop = POA_DROP_RUNNING_HEADER;
        }
    }
    /* a header of two lines: a repeated line under or over a running header */
    for (size_t i = 0; i < n; i++) {
        text_line *l = &lines[i];
        bool by_header = (i > 0 && lines[i - 1].drop == POA_DROP_RUNNING_HEADER) ||
                         (i + 1 < n && lines[i + 1].drop == POA_DROP_RUNNING_HEADER);
        if (!(l->flags & POA_LINE_DROPPED) && by_header && is_repeated(r.count, r.sigs[i]) &&
            times(r.exact, l->text) >= 2) {
            l->flags |= POA_LINE_DROPPED;
            l->drop = POA_DROP_RUNNING_HEADER;
        }
    }
    g_free(folio);
    repeats_release(&r);
}
