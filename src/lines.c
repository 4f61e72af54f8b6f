/* lines.c - the growable array of text lines shared by layout and rules. */
#include "lines.h"

#include "folio.h"
#include "text_columns.h"

#include <stdlib.h>
#include <string.h>

poa_line *lines_push(poa_lines *lines, const poa_line *line)
{
    if (lines->n == lines->cap) {
        lines->cap = lines->cap ? lines->cap * 2 : 64;
        lines->v = g_renew(poa_line, lines->v, lines->cap);
    }
    poa_line *slot = &lines->v[lines->n++];
    *slot = *line;
    slot->text = g_strdup(line->text ? line->text : "");
    return slot;
}

const char *lines_drop_name(poa_drop why)
{
    switch (why) {
    case POA_DROP_PAGE_NUMBER:
        return "page number";
    case POA_DROP_RUNNING_HEADER:
        return "running header";
    case POA_DROP_RUNNING_FOOTER:
        return "running footer";
    case POA_DROP_WATERMARK:
        return "watermark";
    case POA_DROP_VERTICAL_TEXT:
        return "vertical text";
    case POA_DROP_NONE:
        break;
    }
    return "noise";
}

void lines_clear(poa_lines *lines)
{
    if (!lines)
        return;
    for (size_t i = 0; i < lines->n; i++)
        g_free(lines->v[i].text);
    lines->n = 0;
}

void lines_release(poa_lines *lines)
{
    if (!lines)
        return;
    lines_clear(lines);
    g_free(lines->v);
    lines->v = NULL;
    lines->cap = 0;
}

/* True when the line holds nothing but white space. */
static bool line_is_blank(const char *s, size_t len)
{
    for (const char *p = s; p < s + len; p = g_utf8_next_char(p))
        if (!g_unichar_isspace(g_utf8_get_char(p)))
            return false;
    return true;
}

/* A page number as text extraction leaves it ("3", "- 3 -", "3/40", "3 de
 * 40", "Página 3 de 40", "Pág. 3": the rule file's `folio` rules).  A bare
 * year ("2024", the value under an "Ejercicio" label) is not one. */
static bool is_folio(rule_matcher *m, const char *text)
{
    bool strong;
    int value = folio_read(m, text, &strong);
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

/* Does signature SIG stand on at least two lines (and is it long enough to
 * be a running header rather than a word)? */
static bool is_repeated(GHashTable *count, const char *sig)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(count, sig)) >= 2 && g_utf8_strlen(sig, -1) >= 12;
}

/* A line's signature for repetition: casefolded, digits as '#', so that
 * "POA 2025 | página 3" repeats as "poa #### | página #". */
static char *furniture_signature(const char *text)
{
    char *fold = g_utf8_casefold(text, -1);
    for (char *c = fold; *c; c++)
        if (g_ascii_isdigit(*c))
            *c = '#';
    char *sig = g_strstrip(fold);
    char *copy = g_strdup(sig);
    g_free(fold);
    return copy;
}

/* TEXT without the form feeds and blanks that open a page's first line
 * ("\fInstituto ..." is the running header of the page before's
 * "Instituto ..."). */
static const char *page_text(const char *text)
{
    return text + strspn(text, "\f \t");
}

/* Running headers and page numbers that text extraction kept: folio lines,
 * and lines repeated on several pages that carry a number or stand next
 * to a folio.  Marked dropped, as the layout stage marks them in PDFs. */
static void mark_text_furniture(poa_lines *lines, rule_matcher *m)
{
    bool *folio = g_new(bool, lines->n + 1);
    for (size_t i = 0; i < lines->n; i++)
        folio[i] = is_folio(m, lines->v[i].text);
    GHashTable *count = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *exact = g_hash_table_new(g_str_hash, g_str_equal); /* keys borrowed */
    GHashTable *paged = g_hash_table_new(g_str_hash, g_str_equal); /* by page_text */
    char **sigs = g_new0(char *, lines->n + 1);
    for (size_t i = 0; i < lines->n; i++) {
        const char *t = lines->v[i].text;
        guint e = GPOINTER_TO_UINT(g_hash_table_lookup(exact, t));
        g_hash_table_insert(exact, (gpointer)t, GUINT_TO_POINTER(e + 1));
        e = GPOINTER_TO_UINT(g_hash_table_lookup(paged, page_text(t)));
        g_hash_table_insert(paged, (gpointer)page_text(t), GUINT_TO_POINTER(e + 1));
        sigs[i] = furniture_signature(lines->v[i].text);
        guint n = GPOINTER_TO_UINT(g_hash_table_lookup(count, sigs[i]));
        g_hash_table_insert(count, g_strdup(sigs[i]), GUINT_TO_POINTER(n + 1));
    }
    for (size_t i = 0; i < lines->n; i++) {
        poa_line *l = &lines->v[i];
        bool near_folio = (i > 0 && folio[i - 1]) || (i + 1 < lines->n && folio[i + 1]);
        bool repeated = GPOINTER_TO_UINT(g_hash_table_lookup(count, sigs[i])) >= 2 &&
                        g_utf8_strlen(sigs[i], -1) >= 12;
        /* the same text again, or a page's first line repeating one (the
         * first page's own header, without the form feed, stays) */
        bool same_text = repeated &&
                         (GPOINTER_TO_UINT(g_hash_table_lookup(exact, l->text)) >= 2 ||
                          (l->text[0] == '\f' &&
                           GPOINTER_TO_UINT(g_hash_table_lookup(paged, page_text(l->text))) >= 2));
        bool next_to_repeat = (i > 0 && is_repeated(count, sigs[i - 1])) ||
                              (i + 1 < lines->n && is_repeated(count, sigs[i + 1]));
        if (folio[i] && (!is_bare_number(l->text) || near_folio || next_to_repeat ||
                                  far_right(l->text))) {
            l->flags |= POA_LINE_DROPPED;
            l->drop_reason = POA_DROP_PAGE_NUMBER;
        } else if (repeated && (near_folio || (same_text && strchr(sigs[i], '#')))) {
            l->flags |= POA_LINE_DROPPED;
            l->drop_reason = POA_DROP_RUNNING_HEADER;
        }
    }
    /* a header of two lines: a repeated line under or over a running header */
    for (size_t i = 0; i < lines->n; i++) {
        poa_line *l = &lines->v[i];
        bool by_header = (i > 0 && lines->v[i - 1].drop_reason == POA_DROP_RUNNING_HEADER) ||
                         (i + 1 < lines->n &&
                          lines->v[i + 1].drop_reason == POA_DROP_RUNNING_HEADER);
        if (!(l->flags & POA_LINE_DROPPED) && by_header && is_repeated(count, sigs[i]) &&
            GPOINTER_TO_UINT(g_hash_table_lookup(exact, l->text)) >= 2) {
            l->flags |= POA_LINE_DROPPED;
            l->drop_reason = POA_DROP_RUNNING_HEADER;
        }
    }
    g_free(folio);
    g_strfreev(sigs);
    g_hash_table_unref(count);
    g_hash_table_unref(exact);
    g_hash_table_unref(paged);
}

void lines_from_text(poa_lines *out, const char *raw, size_t raw_len, const poa_rules *rules)
{
    size_t first = out->n;
    char *unrolled = text_columns_unroll(raw, raw_len); /* columns one after the other */
    const char *text = unrolled;
    size_t len = strlen(unrolled);
    const char *end = text + len;
    bool after_blank = true;
    int block = 0;
    for (const char *p = text; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        size_t n = (size_t)(stop - p);
        if (n && p[n - 1] == '\r')
            n--;
        if (line_is_blank(p, n)) {
            after_blank = true;
        } else {
            poa_line line = { 0 };
            char *copy = g_strndup(p, n);
            line.text = copy;
            if (after_blank) {
                line.flags |= POA_LINE_BLOCK_START;
                block++;
            }
            line.block = block;
            lines_push(out, &line);
            g_free(copy);
            after_blank = false;
        }
        p = nl ? nl + 1 : end;
    }
    poa_lines added = { out->v + first, out->n - first, out->n - first };
    rule_matcher *m = rules_matcher_new(rules);
    mark_text_furniture(&added, m);
    rules_matcher_free(m);
    g_free(unrolled);
}
