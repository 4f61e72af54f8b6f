/* lines.c - the growable array of text lines shared by layout and rules. */
#include "lines.h"

#include <stdint.h>

static poa_line *lines_slot(poa_lines *lines)
{
    if (lines->n == lines->cap) {
        lines->cap = lines->cap ? lines->cap * 2 : 64;
        lines->v = g_renew(poa_line, lines->v, lines->cap);
    }
    return &lines->v[lines->n++];
}

static bool in_arena(const poa_lines *lines, const char *text)
{
    /* addresses compared as integers: a text apart from the arena is
     * another object, and the arena may be NULL */
    uintptr_t arena = (uintptr_t)lines->arena, at = (uintptr_t)text;
    return at >= arena && at - arena < lines->arena_len;
}

poa_line *lines_push(poa_lines *lines, const poa_line *line)
{
    poa_line *slot = lines_slot(lines);
    *slot = *line;
    slot->text = g_strdup(line->text ? line->text : "");
    return slot;
}

poa_line *lines_push_in_arena(poa_lines *lines, const poa_line *line)
{
    g_assert(line->text && in_arena(lines, line->text));
    poa_line *slot = lines_slot(lines);
    *slot = *line;
    return slot;
}

void lines_fit(poa_lines *lines)
{
    if (lines->cap > lines->n) {
        lines->cap = lines->n;
        lines->v = g_renew(poa_line, lines->v, lines->cap);
    }
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
        if (!in_arena(lines, lines->v[i].text))
            g_free(lines->v[i].text);
    g_clear_pointer(&lines->arena, g_free);
    lines->arena_len = 0;
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
