/* furniture.c - the furniture detector (furniture.h): the page number as
 * printed and the signature by which a running header repeats, the one
 * decision made of them (furniture_decide), and what plain text and PDF
 * pages each know to feed it: a text's neighbours and repeats over the
 * whole text, a page's band lines against the pages around it. */
#include "furniture.h"

#include "util.h"

#include <glib.h>
#include <math.h>
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

/* What a source knows of a line that may be furniture. */
typedef struct furniture_evidence {
    int folio;     /* the page number it prints, -1 when none */
    bool strong;   /* it names itself a page ("Página 3", "3 de 40") */
    bool placed;   /* it stands where the page's number stands */
    bool repeated; /* its signature repeats where a running header's does */
    bool top;      /* at the page's top (a header), else at its foot */
} furniture_evidence;

/* The one decision, for plain text and PDF pages: a page number says so or
 * stands in its place; a running header or footer repeats in its. */
static poa_drop furniture_decide(const furniture_evidence *e)
{
    if (e->folio >= 0 && (e->strong || e->placed))
        return POA_DROP_PAGE_NUMBER;
    if (e->repeated)
        return e->top ? POA_DROP_RUNNING_HEADER : POA_DROP_RUNNING_FOOTER;
    return POA_DROP_NONE;
}

/* ---- plain text: neighbours, and repeats over the whole text ---- */

/* The page number TEXT prints as text extraction leaves it ("3", "- 3 -",
 * "3/40", "3 de 40", "Página 3 de 40", "Pág. 3": the rule file's `folio`
 * rules), -1 when none; *STRONG as furniture_folio's.  A bare year
 * ("2024", the value under an "Ejercicio" label) is not one. */
static int text_folio(rule_matcher *m, const char *text, bool *strong)
{
    int value = furniture_folio(m, text, strong);
    return value >= 0 && (*strong || value < 1900 || value > 2099) ? value : -1;
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
    int folio;     /* the page number it prints by its words (-1: none);
                    * settled, by its neighbours too */
    bool strong;   /* it names itself a page */
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
    seen_line *s = seen(k, i);
    *s = (seen_line){ .text = text, .figure = util_is_figure(text),
                      .repeated = sig && times(k->r.count, sig) >= 2, .sig = sig };
    s->folio = text_folio(k->m, text, &s->strong);
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
    if (s->folio >= 0 && is_bare_number(s->text) && !at_page_break(k, i) &&
        ((i > 0 && seen(k, i - 1)->figure) || (i + 1 < k->t->n && seen(k, i + 1)->figure)))
        s->folio = -1;
}

/* Is a line next to I a settled folio (or, HEADER, a repeated signature)? */
static bool beside(marker *k, size_t i, bool header)
{
    for (int d = -1; d <= 1; d += 2) {
        if ((d < 0 && i == 0) || (d > 0 && i + 1 >= k->t->n))
            continue;
        const seen_line *s = seen(k, i + (size_t)(ptrdiff_t)d);
        if (header ? s->repeated : s->folio >= 0)
            return true;
    }
    return false;
}

/* Line I's furniture.  Plain text has no place on a page: a number stands
 * in a page number's place when it is more than a number, or stands next
 * to a page number or a repeated line, far to the right, or at a page
 * break; a line repeats in a running header's place when it carries a
 * number or stands next to a page number (lines of words repeat in the
 * body too: "Objetivo estratégico").  Every line is a header: no place,
 * no foot. */
static void mark_line(marker *k, size_t i)
{
    seen_line *s = seen(k, i);
    bool near_folio = beside(k, i, false);
    /* the same text again, or a page's first line repeating one (the
     * first page's own header, without the form feed, stays) */
    bool same_text = s->repeated && (times_read(&k->r, s->text) >= 2 ||
                                     (s->text[0] == '\f' && times(k->r.paged, page_text(s->text)) >= 2));
    furniture_evidence e = {
        .folio = s->folio,
        .strong = s->strong,
        /* asked of a page number only: every line of a text passes here */
        .placed = s->folio >= 0 && (!is_bare_number(s->text) || near_folio ||
                                    beside(k, i, true) || far_right(s->text) ||
                                    at_page_break(k, i)),
        .repeated = s->repeated && (near_folio || (same_text && strchr(s->sig, '#'))),
        .top = true,
    };
    s->drop = furniture_decide(&e);
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

/* ---- PDF pages: band lines against the pages around ---- */

/* Pages back whose band lines are remembered (a header that alternates
 * between even and odd pages repeats two pages apart). */
#define PAGES_REMEMBERED 4

/* A running header stands at the same height on each page within this
 * many ems, or points for small type (the pages of one export vary a
 * little in their margins). */
#define BAND_TOL_EM 0.6
#define BAND_TOL_PT 4.0

/* The next page's number stands near this one's: within this many ems, or
 * points for small type. */
#define FOLIO_TOL_EM 2.0
#define FOLIO_TOL_PT 6.0

/* A band line as the pages around compare with it. */
typedef struct band_sig {
    char *sig;
    double cy;
    int folio; /* the page number it prints, -1 when none */
} band_sig;

struct furniture_bands {
    GArray *lines; /* band_sig */
};

struct furniture_pages {
    furniture_bands *hist[PAGES_REMEMBERED]; /* a ring of the pages marked last */
    int hist_index[PAGES_REMEMBERED];        /* page of each slot, -1 when empty */
    int folio, folio_page; /* last page number accepted, and its page (-1: none) */
    int accepted;          /* the page number of the page being marked, -1 */
};

furniture_bands *furniture_bands_new(void)
{
    furniture_bands *b = g_new(furniture_bands, 1);
    b->lines = g_array_new(FALSE, FALSE, sizeof(band_sig));
    return b;
}

void furniture_bands_add(furniture_bands *b, rule_matcher *m, const char *text, double cy)
{
    band_sig line = { furniture_signature(text), cy, furniture_folio(m, text, NULL) };
    g_array_append_val(b->lines, line);
}

void furniture_bands_free(furniture_bands *b)
{
    if (!b)
        return;
    for (guint i = 0; i < b->lines->len; i++)
        g_free(g_array_index(b->lines, band_sig, i).sig);
    g_array_free(b->lines, TRUE);
    g_free(b);
}

furniture_pages *furniture_pages_new(void)
{
    furniture_pages *fp = g_new0(furniture_pages, 1);
    for (int h = 0; h < PAGES_REMEMBERED; h++)
        fp->hist_index[h] = -1;
    fp->folio_page = -1;
    fp->accepted = -1;
    return fp;
}

void furniture_pages_free(furniture_pages *fp)
{
    if (!fp)
        return;
    for (int h = 0; h < PAGES_REMEMBERED; h++)
        furniture_bands_free(fp->hist[h]);
    g_free(fp);
}

/* Does a line of B read SIG at height CY? */
static bool band_seen(const furniture_bands *b, const char *sig, double cy, double em)
{
    for (guint i = 0; b && i < b->lines->len; i++) {
        const band_sig *l = &g_array_index(b->lines, band_sig, i);
        if (fabs(l->cy - cy) <= fmax(BAND_TOL_EM * em, BAND_TOL_PT) && strcmp(l->sig, sig) == 0)
            return true;
    }
    return false;
}

/* Does a line of NEXT print page number VALUE near height CY? */
static bool folio_in(const furniture_bands *next, int value, double cy, double em)
{
    for (guint i = 0; next && i < next->lines->len; i++) {
        const band_sig *l = &g_array_index(next->lines, band_sig, i);
        if (l->folio == value && fabs(l->cy - cy) <= fmax(FOLIO_TOL_EM * em, FOLIO_TOL_PT))
            return true;
    }
    return false;
}

/* Does VALUE on page INDEX continue the page numbers: one more per page
 * than the last accepted (sumcheck #2: page numbers never repeat), or,
 * with none on the pages just before, one less than a number at the same
 * height on the next page (or the page's own number on a last page)? */
static bool folio_fits(const furniture_pages *fp, int index, int value, double cy, double em,
                       const furniture_bands *next)
{
    if (fp->folio_page >= 0 && index - fp->folio_page <= PAGES_REMEMBERED)
        return value == fp->folio + (index - fp->folio_page);
    if (next)
        return folio_in(next, value + 1, cy, em);
    return value == index + 1;
}

/* Does SIG stand at height CY on one of the remembered pages before INDEX
 * or on NEXT? */
static bool band_repeated(const furniture_pages *fp, int index, const furniture_bands *next,
                          const char *sig, double cy, double em)
{
    for (int h = 0; h < PAGES_REMEMBERED; h++)
        if (fp->hist_index[h] >= 0 && index - fp->hist_index[h] <= PAGES_REMEMBERED &&
            band_seen(fp->hist[h], sig, cy, em))
            return true;
    return band_seen(next, sig, cy, em);
}

/* A PDF page's band line has a place: a number stands in a page number's
 * place when it continues the page numbers, and a line repeats in a
 * running header's place when it has letters (a bare number at one height
 * is data) and stands at its height on a nearby page. */
poa_drop furniture_pages_mark(furniture_pages *fp, rule_matcher *m, int index,
                              const furniture_bands *next, const furniture_band_line *l,
                              int *folio)
{
    bool strong;
    int value = furniture_folio(m, l->text, &strong);
    char *sig = furniture_signature(l->text);
    furniture_evidence e = {
        .folio = value,
        .strong = strong,
        .placed = value >= 0 && !strong && folio_fits(fp, index, value, l->cy, l->em, next),
        .repeated = util_has_letter(sig) &&
                    band_repeated(fp, index, l->before_only ? NULL : next, sig, l->cy, l->em),
        .top = l->top,
    };
    g_free(sig);
    poa_drop why = furniture_decide(&e);
    if (why == POA_DROP_PAGE_NUMBER)
        fp->accepted = value;
    if (folio)
        *folio = value;
    return why;
}

int furniture_pages_expected(const furniture_pages *fp, int index)
{
    return fp->folio_page >= 0 ? fp->folio + (index - fp->folio_page) : -1;
}

void furniture_pages_accept(furniture_pages *fp, int value)
{
    fp->accepted = value;
}

void furniture_pages_end(furniture_pages *fp, int index, furniture_bands *bands)
{
    if (fp->accepted >= 0) {
        fp->folio = fp->accepted;
        fp->folio_page = index;
    }
    fp->accepted = -1;
    int slot = index % PAGES_REMEMBERED;
    furniture_bands_free(fp->hist[slot]);
    fp->hist[slot] = bands;
    fp->hist_index[slot] = bands ? index : -1;
}
