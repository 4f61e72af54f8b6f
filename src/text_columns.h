/* text_columns.h - side-by-side columns of plain text, one after the other. */
#ifndef POA_TEXT_COLUMNS_H
#define POA_TEXT_COLUMNS_H

#include <stddef.h>

/** TEXT (UTF-8, *LEN bytes, g_malloc'd, taken) with each run of lines
 *  that holds two columns side by side (as `pdftotext -layout` prints
 *  them) rewritten as the left column's lines, a blank line, then the
 *  right column's (three or four columns come apart the same way, one
 *  after the other); each row of a table typed with pipes ("| a | b |")
 *  as its cells, a line each, then a blank line.  Other lines are copied
 *  as they are.  Returns TEXT itself when no line is rewritten (most
 *  text: no copy is made), else a new string (g_free), TEXT freed and
 *  *LEN its length. */
char *text_columns_unroll(char *text, size_t *len);

#endif /* POA_TEXT_COLUMNS_H */
