/* lines.c - the growable array of text lines shared by layout and rules. */
#include "lines.h"

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
