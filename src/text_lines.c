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

void text_lines_read(poa_lines *out, const char *raw, size_t raw_len, const poa_rules *rules)
{
    size_t first = out->n;
    char *unrolled = text_columns_unroll(raw, raw_len); /* columns one after the other */
    const char *text = unrolled ? unrolled : raw;
    size_t len = unrolled ? strlen(unrolled) : raw_len;
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
    furniture_mark_text(&added, m);
    rules_matcher_free(m);
    g_free(unrolled);
}
