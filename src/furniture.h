/* furniture.h - page numbers and running headers: the page number as
 * printed ("3", "- 3 -", "Página 3 de 40"), read with the rule file's
 * `folio` rules, and the signature by which a header repeats, which both
 * furniture detectors use, of plain text (here) and of PDF pages
 * (layout_furniture.c).
 */
#ifndef POA_FURNITURE_H
#define POA_FURNITURE_H

#include <stdbool.h>

#include "lines.h"
#include "rules.h"

/** A folio is short: longer text is never read as one (the rules never run
 *  on a line of prose to learn it is not a page number). */
#define FURNITURE_FOLIO_MAX_BYTES 40

/** A running header is a line of a few words: a longer line of plain text
 *  is never one, and no signature of it is kept (a paragraph of megabytes
 *  on one line costs no copy). */
#define FURNITURE_HEADER_MAX_BYTES 512

/** The page number TEXT prints, or -1 when a `folio` rule of M's rules does
 *  not read it as one (or M is NULL).  *STRONG (when not NULL) is set when the text names
 *  itself a page: a word ("Página 3") or a total ("3/40", "3 de 40"). */
int furniture_folio(rule_matcher *m, const char *text, bool *strong);

/** TEXT's signature for repetition: casefolded, each digit '#', without
 *  the blanks around it, so that "POA 2025 | página 3" repeats as "poa
 *  #### | página #".  Caller frees. */
char *furniture_signature(const char *text);

/** The lines of a plain text as its furniture detector reads them: in
 *  order, pass after pass, so that their source need keep no pointer a
 *  line (text_lines.c finds each from the one before). */
typedef struct furniture_text {
    size_t n; /* lines */
    void *data;
    /** The text of line I (< N), valid while the source lives; asked for
     *  in order within a pass, each pass from line 0. */
    const char *(*line)(void *data, size_t i);
    /** Line I is furniture, dropped for WHY (once a line, in order). */
    void (*drop)(void *data, size_t i, poa_drop why);
} furniture_text;

/** Find the page numbers and running headers among the lines of a plain
 *  text (no place on the page), read with M's `folio` rules: folio lines,
 *  and lines repeated on several pages that carry a number or stand next
 *  to a folio.  Memory: a bit a line, a hash a line that may be a header,
 *  and the lines whose signature's hash repeats. */
void furniture_mark_lines(const furniture_text *t, rule_matcher *m);

/** furniture_mark_lines on an array of N LINES, marked dropped with
 *  their reason. */
void furniture_mark_text(text_line *lines, size_t n, rule_matcher *m);

#endif /* POA_FURNITURE_H */
