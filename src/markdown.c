/* markdown.c - Markdown to HTML with cmark-gfm (CommonMark and GitHub's
 * table extension), the reference implementation GitHub itself uses:
 * emphasis, lists, block quotes, tables and inline HTML are parsed as a
 * browser would show them, not guessed by our own code. */
#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <glib.h>
#include <string.h>

/* Does the line at S (N bytes) open with a Markdown heading ("## ")? */
static bool heading_line(const char *s, size_t n)
{
    size_t h = 0;
    while (h < n && h < 7 && s[h] == '#')
        h++;
    return h >= 1 && h <= 6 && h < n && s[h] == ' ';
}

/* Does S hold a tag that only HTML has ("<table", "<td", "<li", ...)? */
static bool html_tag(const char *s, size_t n)
{
    static const char *const tags[] = { "<table", "<tr", "<td", "<th", "<li", "<p>", "<br",
                                        "<strong", "<h1", "<h2", "<h3", "<ul", "<ol", "<div" };
    for (size_t t = 0; t < G_N_ELEMENTS(tags); t++) {
        size_t k = strlen(tags[t]);
        for (size_t i = 0; i + k <= n; i++)
            if (g_ascii_strncasecmp(s + i, tags[t], k) == 0)
                return true;
    }
    return false;
}

bool markdown_is_marked_up(const char *text, size_t len)
{
    size_t headings = 0, emphasis = 0, tags = 0;
    for (const char *s = text, *end = text + len; s < end;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = (size_t)((nl ? nl : end) - s);
        headings += heading_line(s, n);
        tags += html_tag(s, n);
        const char *star = g_strstr_len(s, (gssize)n, "**");
        emphasis += star && star + 2 < s + n && star[2] != ' ' && star[2] != '*';
        s = nl ? nl + 1 : end;
    }
    return tags > 0 || (headings > 0 && emphasis > 0);
}

char *markdown_to_html(const char *text, size_t len)
{
    cmark_gfm_core_extensions_ensure_registered();
    int options = CMARK_OPT_UNSAFE; /* keep the page's own HTML: its tables */
    cmark_parser *parser = cmark_parser_new(options);
    cmark_syntax_extension *table = cmark_find_syntax_extension("table");
    if (table)
        cmark_parser_attach_syntax_extension(parser, table);
    cmark_parser_feed(parser, text, len);
    cmark_node *doc = cmark_parser_finish(parser);
    char *html = doc ? cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser))
                     : NULL;
    char *out = html ? g_strdup(html) : NULL;
    if (html)
        cmark_get_default_mem_allocator()->free(html);
    cmark_node_free(doc);
    cmark_parser_free(parser);
    return out;
}
