/* text_lines.c - plain text read as lines: two columns set side by side
 * unrolled one after the other (text_columns.c), a line after a blank
 * line starting a block, and page numbers and running headers marked
 * dropped (furniture.c). */
#include "text_lines.h"

#include <string.h>

#include "furniture.h"
#include "text_columns.h"

/* True when the line holds nothing but white space. */
static bool line_is_blank(const char *s, size_t len)
{
    for (const char *p = s; p < s + len; p = g_utf8_next_char(p))
        if (!g_unichar_isspace(g_utf8_get_char(p)))
            return false;
    return true;
}

void text_lines_take(poa_lines *out, char *text, size_t len, const poa_rules *rules)
{
    g_assert(!out->arena); /* one text a time: its lines point into it */
    size_t first = out->n;
    char *unrolled = text_columns_unroll(text, len); /* columns one after the other */
    if (unrolled) {
        g_free(text);
        text = unrolled;
        len = strlen(unrolled);
    }
    out->arena = text;
    out->arena_len = len + 1;
    const char *end = text + len;
    bool after_blank = true;
    int block = 0;
    for (char *p = text; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *next = nl ? nl + 1 : text + len;
        size_t n = (size_t)((nl ? nl : text + len) - p);
        if (n && p[n - 1] == '\r')
            n--;
        if (line_is_blank(p, n)) {
            after_blank = true;
        } else {
            p[n] = '\0'; /* the line ends where its break was */
            poa_line line = { .text = p };
            if (after_blank) {
                line.flags |= POA_LINE_BLOCK_START;
                block++;
            }
            line.block = block;
            lines_push_in_arena(out, &line);
            after_blank = false;
        }
        p = next;
    }
    lines_fit(out);
    poa_lines added = { .v = out->v + first, .n = out->n - first, .cap = out->n - first };
    rule_matcher *m = rules_matcher_new(rules);
    furniture_mark_text(&added, m);
    rules_matcher_free(m);
}

void text_lines_read(poa_lines *out, const char *text, size_t len, const poa_rules *rules)
{
    text_lines_take(out, g_strndup(text, len), len, rules);
}
