/* markdown.h - plans published as web pages: Markdown (with GitHub's
 * tables and inline HTML) turned into HTML, read by html_lines.c.
 * markdown.c is the only file that includes cmark-gfm. */
#ifndef POA_MARKDOWN_H
#define POA_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

/** Does TEXT (UTF-8, LEN bytes) carry a web page's markup: Markdown
 *  headings ("## Misión") together with emphasis ("**OE1**") or HTML
 *  tags, or HTML block tags ("<table>", "<li>")?  Plain text, and text
 *  whose only markup is a table typed with pipes, is read as text. */
bool markdown_is_marked_up(const char *text, size_t len);

/** TEXT (Markdown, LEN bytes) as HTML (g_free), raw HTML in it kept;
 *  NULL when cmark-gfm fails. */
char *markdown_to_html(const char *text, size_t len);

#endif /* POA_MARKDOWN_H */
