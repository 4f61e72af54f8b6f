/* folio.h - a page's number as printed ("3", "- 3 -", "Página 3 de 40"),
 * read with the rule file's `folio` rules: the one reader that both
 * furniture detectors use, of text (lines.c) and of PDF pages
 * (layout_furniture.c).
 */
#ifndef POA_FOLIO_H
#define POA_FOLIO_H

#include <stdbool.h>

#include "rules.h"

/** A folio is short: longer text is never read as one (the rules never run
 *  on a line of prose to learn it is not a page number). */
#define FOLIO_MAX_BYTES 40

/** The page number TEXT prints, or -1 when a `folio` rule of M's rules does
 *  not read it as one (or M is NULL).  *STRONG (when not NULL) is set when the text names
 *  itself a page: a word ("Página 3") or a total ("3/40", "3 de 40"). */
int folio_read(rule_matcher *m, const char *text, bool *strong);

#endif /* POA_FOLIO_H */
