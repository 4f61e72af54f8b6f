/* html_lines.h - a web page's text as the lines the parser reads: each
 * paragraph, list item, heading and table cell a block of its own. */
#ifndef POA_HTML_LINES_H
#define POA_HTML_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "lines.h"
#include "poa.h"

/** Does TEXT open as an HTML page ("<!DOCTYPE html", "<html")? */
bool html_lines_is_page(const char *text, size_t len);

/** Append the text of HTML (a page or a fragment, UTF-8, LEN bytes) to
 *  OUT: a block for each paragraph, list item (its number or a bullet
 *  before it, as a browser shows it), heading (POA_LINE_HEADING) and table
 *  cell (POA_LINE_CELL, its column; POA_LINE_ROW_START on a row's first
 *  cell; y0..y1 the rows it spans, as a page has no geometry), a line at
 *  each <br>.  Returns 0, or -1 with ERR set when libxml2 reads nothing. */
int html_lines_read(const char *html, size_t len, poa_lines *out, poa_error *err);

#endif /* POA_HTML_LINES_H */
