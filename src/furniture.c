/* furniture.c - page furniture: what both detectors share, the page number
 * as printed (read with the rule file's `folio` rules) and the signature
 * by which a running header repeats from page to page; and the detector
 * of plain text, whose lines have no place on a page (the detector of PDF
 * pages, which compares the bands of neighbouring pages, is
 * layout_furniture.c). */
#include "furniture.h"

#include "util.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
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

/* Signatures of fewer characters are no running header's (a word, "Misión"). */
#define HEADER_MIN_CHARS 12

/* LINE's signature when it may be a running header's: of at most
 * FURNITURE_HEADER_MAX_BYTES and at least HEADER_MIN_CHARS characters;
 * else NULL.  Casefolding makes at most three characters of two bytes, so
 * a line under 8 bytes is none, and is not casefolded to learn it. */
static char *header_signature(const char *line)
{
    size_t len = strlen(line);
    if (len > FURNITURE_HEADER_MAX_BYTES || len * 3 < HEADER_MIN_CHARS * 2)
        return NULL;
    char *sig = furniture_signature(line);
    if (g_utf8_strlen(sig, -1) < HEADER_MIN_CHARS)
        g_clear_pointer(&sig, g_free);
    return sig;
}

/* TEXT without the form feeds and blanks that open a page's first line
 * ("\fInstituto ..." is the running header of the page before's
 * "Instituto ..."). */
static const char *page_text(const char *text)
{
    return text + strspn(text, "\f \t");
}

/* What the text detector knows of repetition, kept for the lines that may
 * repeat only: in a text of distinct lines, or of ten million short ones,
 * a table of every line's signature took more memory than the text. */
typedef struct repeats {
    GHashTable *count;  /* signature (owned) -> lines that carry it */
    GHashTable *exact;  /* a candidate's text (borrowed) -> its text_count */
    GHashTable *paged;  /* page_text (borrowed) -> lines that read it */
    uint8_t *candidate; /* a bit a line: its signature's hash repeats */
} repeats;

/* How many lines read a candidate's text, and its signature (a key of
 * COUNT): lines alike in text are alike in signature, so the marking pass
 * finds a line's signature by its text, without casefolding it again. */
typedef struct text_count {
    guint times;
    const char *sig;
} text_count;

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

static bool is_candidate(const repeats *r, size_t i)
{
    return (r->candidate[i / 8] >> (i % 8)) & 1u;
}

/* The hashes of the header signatures of T's lines, sorted. */
static GArray *sorted_hashes(const furniture_text *t)
{
    GArray *sorted = g_array_new(FALSE, FALSE, sizeof(guint));
    for (size_t i = 0; i < t->n; i++) {
        char *sig = header_signature(t->line(t->data, i));
        if (sig) {
            guint hash = g_str_hash(sig);
            g_array_append_val(sorted, hash);
        }
        g_free(sig);
    }
    g_array_sort(sorted, compare_hash);
    return sorted;
}

static void count_key(GHashTable *table, const char *key)
{
    guint seen = GPOINTER_TO_UINT(g_hash_table_lookup(table, key));
    g_hash_table_insert(table, (gpointer)key, GUINT_TO_POINTER(seen + 1));
}

/* Count SIG (taken) once more: one copy of a signature, however often it
 * stands.  Returns the copy kept. */
static const char *count_signature(GHashTable *count, char *sig)
{
    gpointer key = NULL, seen = NULL;
    if (g_hash_table_lookup_extended(count, sig, &key, &seen)) {
        g_free(sig);
        sig = key;
        g_hash_table_steal(count, key); /* put back below, not freed */
    }
    g_hash_table_insert(count, sig, GUINT_TO_POINTER(GPOINTER_TO_UINT(seen) + 1));
    return sig;
}

/* Find the candidates, the lines whose header signature's hash repeats (a
 * few more than those whose signature does: two may share a hash), and
 * count their signatures; then count every line's text and page text that
 * a candidate's is (lines alike in text are alike in signature, so no
 * count is missed). */
static void repeats_read(repeats *r, const furniture_text *t)
{
    r->count = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r->exact = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    r->paged = g_hash_table_new(g_str_hash, g_str_equal);
    r->candidate = g_new0(uint8_t, t->n / 8 + 1);
    GArray *sorted = sorted_hashes(t);
    for (size_t i = 0; i < t->n; i++) {
        const char *text = t->line(t->data, i);
        char *sig = header_signature(text);
        if (!sig || !hash_repeats((const guint *)(void *)sorted->data, sorted->len, g_str_hash(sig))) {
            g_free(sig);
            continue;
        }
        r->candidate[i / 8] |= (uint8_t)(1u << (i % 8));
        const char *kept = count_signature(r->count, sig);
        if (!g_hash_table_contains(r->exact, text)) {
            text_count *e = g_new(text_count, 1);
            *e = (text_count){ 0, kept };
            g_hash_table_insert(r->exact, (gpointer)text, e);
        }
        g_hash_table_insert(r->paged, (gpointer)page_text(text), GUINT_TO_POINTER(0));
    }
    g_array_free(sorted, TRUE);
    for (size_t i = 0; i < t->n; i++) {
        const char *text = t->line(t->data, i);
        text_count *e = g_hash_table_lookup(r->exact, text);
        if (e)
            e->times++;
        if (g_hash_table_contains(r->paged, page_text(text)))
            count_key(r->paged, page_text(text));
    }
}

static void repeats_release(repeats *r)
{
    g_free(r->candidate);
    g_hash_table_unref(r->count);
    g_hash_table_unref(r->exact);
    g_hash_table_unref(r->paged);
}

static guint times(GHashTable *table, const char *key)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(table, key));
}

/* How many lines read TEXT, a candidate's. */
static guint times_read(const repeats *r, const char *text)
{
    const text_count *e = g_hash_table_lookup(r->exact, text);
    return e ? e->times : 0;
}

/* What the marking pass knows of a line near the one it marks. */
typedef struct seen_line {
    const char *text;
    bool folio;    /* a folio by its words; settled, by its neighbours too */
    bool figure;   /* a figure alone ("96", "35.5 %") */
    bool repeated; /* a running header's signature, on two lines or more */
    const char *sig; /* a candidate's signature (the count's), else NULL */
    poa_drop drop;
} seen_line;

/* The marking pass reads the lines once, in order, with the two before
 * the one it marks and the two after: a ring of them. */
#define SEEN_RING 8

typedef struct marker {
    const furniture_text *t;
    rule_matcher *m;
    repeats r;
    seen_line ring[SEEN_RING];
} marker;

static seen_line *seen(marker *k, size_t i)
{
    return &k->ring[i % SEEN_RING];
}

/* Read line I into the ring. */
static void see(marker *k, size_t i)
{
    const char *text = k->t->line(k->t->data, i);
    const text_count *e = is_candidate(&k->r, i) ? g_hash_table_lookup(k->r.exact, text) : NULL;
    const char *sig = e ? e->sig : NULL;
    *seen(k, i) = (seen_line){ text, is_folio(k->m, text), util_is_figure(text),
                               sig && times(k->r.count, sig) >= 2, sig, POA_DROP_NONE };
}

/* Does line I touch a page break: a form feed opens it or the next? */
static bool at_page_break(marker *k, size_t i)
{
    return seen(k, i)->text[0] == '\f' || (i + 1 < k->t->n && seen(k, i + 1)->text[0] == '\f');
}

/* A number alone next to a figure alone is a table's column of figures,
 * its cells one a line as text extraction prints them ("96" under "88"),
 * not a page number: line I's folio is cleared there, except at a page
 * break, where a page number follows a table's last figure. */
static void settle_folio(marker *k, size_t i)
{
    seen_line *s = seen(k, i);
    if (s->folio && is_bare_number(s->text) && !at_page_break(k, i) &&
        ((i > 0 && seen(k, i - 1)->figure) || (i + 1 < k->t->n && seen(k, i + 1)->figure)))
        s->folio = false;
}

/* Is a line next to I a settled folio (or, HEADER, a repeated signature)? */
static bool beside(marker *k, size_t i, bool header)
{
    for (int d = -1; d <= 1; d += 2) {
        if ((d < 0 && i == 0) || (d > 0 && i + 1 >= k->t->n))
            continue;
        const seen_line *s = seen(k, i + (size_t)(ptrdiff_t)d);
        if (header ? s->repeated : s->folio)
            return true;
    }
    return false;
}

/* Line I's furniture: a folio, or a repeated line that carries a number
 * or stands next to a folio. */
static void mark_line(marker *k, size_t i)
{
    seen_line *s = seen(k, i);
    bool near_folio = beside(k, i, false);
    /* the same text again, or a page's first line repeating one (the
     * first page's own header, without the form feed, stays) */
    bool same_text = s->repeated && (times_read(&k->r, s->text) >= 2 ||
                                     (s->text[0] == '\f' && times(k->r.paged, page_text(s->text)) >= 2));
    if (s->folio && (!is_bare_number(s->text) || near_folio || beside(k, i, true) ||
                     far_right(s->text) || at_page_break(k, i)))
        s->drop = POA_DROP_PAGE_NUMBER;
    else if (s->repeated && (near_folio || (same_text && strchr(s->sig, '#'))))
        s->drop = POA_DROP_RUNNING_HEADER;
}

/* A header of two lines: line I, repeated, under or over a running header
 * (the line before already settled, the line after marked), is one too.
 * Then I's mark is final. */
static void mark_header_pair(marker *k, size_t i)
{
    seen_line *s = seen(k, i);
    bool by_header = (i > 0 && seen(k, i - 1)->drop == POA_DROP_RUNNING_HEADER) ||
                     (i + 1 < k->t->n && seen(k, i + 1)->drop == POA_DROP_RUNNING_HEADER);
    if (s->drop == POA_DROP_NONE && by_header && s->repeated && times_read(&k->r, s->text) >= 2)
        s->drop = POA_DROP_RUNNING_HEADER;
    if (s->drop != POA_DROP_NONE)
        k->t->drop(k->t->data, i, s->drop);
}

/* Running headers and page numbers that text extraction kept: folio lines,
 * and lines repeated on several pages that carry a number or stand next
 * to a folio.  Dropped, as the layout stage drops them in PDFs. */
void furniture_mark_lines(const furniture_text *t, rule_matcher *m)
{
    marker k = { .t = t, .m = m };
    repeats_read(&k.r, t);
    size_t read = 0, settled = 0;
    for (size_t i = 0; i < t->n; i++) {
        for (; read < t->n && read <= i + 2; read++)
            see(&k, read);
        for (; settled < t->n && settled <= i + 1; settled++)
            settle_folio(&k, settled);
        mark_line(&k, i);
        if (i > 0)
            mark_header_pair(&k, i - 1);
    }
    if (t->n > 0)
        mark_header_pair(&k, t->n - 1);
    repeats_release(&k.r);
}

/* The lines of an array, for furniture_mark_text. */
static const char *array_line(void *data, size_t i)
{
    return ((const text_line *)data)[i].text;
}

static void array_drop(void *data, size_t i, poa_drop why)
{
    text_line *l = &((text_line *)data)[i];
    l->flags |= POA_LINE_DROPPED;
    l->drop = (uint8_t)why;
}

void furniture_mark_text(text_line *lines, size_t n, rule_matcher *m)
{
    furniture_text t = { n, lines, array_line, array_drop };
    furniture_mark_lines(&t, m);
}
