/* text_lines.h - plain text read as lines. */
#ifndef POA_TEXT_LINES_H
#define POA_TEXT_LINES_H

#include <stddef.h>

#include "lines.h"
#include "rules.h"

/** Split UTF-8 TEXT (already validated and NFC) into lines: one poa_line
 *  per non-blank line, page 0; a line after a blank line starts a block.
 *  Page numbers and running headers are marked dropped, the page numbers
 *  read with RULES' `folio` rules. */
void text_lines_read(poa_lines *out, const char *text, size_t len, const poa_rules *rules);

/** As text_lines_read, TEXT (LEN bytes, NUL-terminated, g_malloc'd) taken:
 *  it becomes OUT's arena, split into its lines in place, so that the text
 *  is not held twice.  OUT holds no arena yet. */
void text_lines_take(poa_lines *out, char *text, size_t len, const poa_rules *rules);

#endif /* POA_TEXT_LINES_H */
