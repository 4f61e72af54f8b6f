/* furniture.h - the furniture detector: which lines are page numbers and
 * running headers or footers, of plain text and of PDF pages alike.
 *
 * One decision for both: a line is a page number when it prints one
 * (read with the rule file's `folio` rules) and says so or stands where
 * the page's number stands; else furniture when its signature repeats
 * where a running header's does.  What "stands where" and "repeats where"
 * mean depends on what the source knows: a PDF page's band lines have a
 * height, compared with the pages around (furniture_pages); a line of
 * plain text has only its neighbours and the whole text's repeats
 * (furniture_mark_lines).  The caller hands lines over; the detector
 * knows no page structure, glyph or segment.
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

/* ---- plain text ---- */

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

/* ---- PDF pages ---- */

/** The lines of one PDF page's top and bottom bands, as the pages after and
 *  before it are compared with them: signature, height and page number. */
typedef struct furniture_bands furniture_bands;

furniture_bands *furniture_bands_new(void);

/** Add band line TEXT, centred CY points from the page's top, its page
 *  number read with M's `folio` rules. */
void furniture_bands_add(furniture_bands *b, rule_matcher *m, const char *text, double cy);

void furniture_bands_free(furniture_bands *b);

/** What the page detector remembers as it marks a document's pages in
 *  order: the band lines of the last pages marked and the last page
 *  number accepted. */
typedef struct furniture_pages furniture_pages;

furniture_pages *furniture_pages_new(void);
void furniture_pages_free(furniture_pages *fp);

/** A line of a PDF page's top or bottom band. */
typedef struct furniture_band_line {
    const char *text;
    double cy;        /* its centre, in points from the page's top */
    double em;        /* its font size, in points */
    bool top;         /* in the page's upper half: a header, else a footer */
    bool before_only; /* repeats count on the pages before only, not the
                       * next: a section's title over each of its pages
                       * is kept the first time */
} furniture_band_line;

/** Why band line L of page INDEX is furniture (POA_DROP_NONE: it is not
 *  found to be), against the pages marked before and NEXT, the next
 *  page's band lines (NULL at the last page), read with M's `folio`
 *  rules: a page number that says so or continues the sequence, or a line
 *  with letters repeated at its height on a nearby page.  *FOLIO (when not
 *  NULL) is set to the page number it prints, -1 when none.  A page number
 *  found is the page's (furniture_pages_end). */
poa_drop furniture_pages_mark(furniture_pages *fp, rule_matcher *m, int index,
                              const furniture_bands *next, const furniture_band_line *l,
                              int *folio);

/** The page number page INDEX prints if the sequence goes on, -1 when no
 *  page number was accepted yet. */
int furniture_pages_expected(const furniture_pages *fp, int index);

/** The page being marked prints VALUE (a page number the caller found
 *  glued to a band line's text, furniture_pages_expected). */
void furniture_pages_accept(furniture_pages *fp, int value);

/** Page INDEX is marked: its page number, if any, continues the sequence,
 *  and BANDS (taken; may be NULL) are remembered for the pages after. */
void furniture_pages_end(furniture_pages *fp, int index, furniture_bands *bands);

#endif /* POA_FURNITURE_H */
