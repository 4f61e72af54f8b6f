/* lines.c - the growable array of text lines shared by layout and rules. */
#include "lines.h"

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

void lines_clear(poa_lines *lines)
{
    for (size_t i = 0; i < lines->n; i++)
        g_free(lines->v[i].text);
    lines->n = 0;
}

void lines_release(poa_lines *lines)
{
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

void lines_from_text(poa_lines *out, const char *text, size_t len)
{
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
}
