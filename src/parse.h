/* parse.h - lines in reading order -> the report tree, driven by rules.
 *
 * A push parser: feed it lines (a page at a time, or all of a text file),
 * then finish it.  It owns nothing of the lines it is fed.
 */
#ifndef POA_PARSE_H
#define POA_PARSE_H

#include <glib.h>
#include <stdbool.h>

#include "lines.h"
#include "model.h"

typedef struct parser parser;

/** A parser that fills REPORT (borrowed; must outlive the parser) with
 *  RULES (borrowed).  BLOCKS_RELIABLE says whether POA_LINE_BLOCK_START
 *  marks real paragraph and cell starts (PDF layout, or text whose blank
 *  lines separate paragraphs) or nothing (double-spaced text). */
parser *parse_new(poa_report *report, const poa_rules *rules, bool blocks_reliable);

/** Record in TRACE (borrowed; NULL stops) which step of the parser took
 *  each segment of each line fed from now on, and what the segment was
 *  then: a line "STEP<TAB>KIND<TAB>TEXT" each (KIND as in rule files).
 *  The steps and their order are feed_steps in parse.c. */
void parse_set_trace(parser *p, GString *trace);

/** Feed LINES[0..N). */
void parse_feed(parser *p, const poa_line *lines, size_t n);

/** The most lines past the one being fed that the parser reads of lines
 *  without a place on a page (plain text): a column's label wrapped over
 *  short lines, LABEL_MAX_BYTES of them at one byte and a break a line. */
#define PARSE_LOOKAHEAD_LINES 256

/** Feed LINES[0..STOP) of the N at hand, a window of a longer text whose
 *  lines have no place on a page: the lines past STOP are read only to
 *  look ahead, and a label wrapped past STOP is fed whole.  Returns the
 *  index of the first line not fed: the next window starts there.  With
 *  at least PARSE_LOOKAHEAD_LINES past STOP (or the text's end), the text
 *  fed window by window is read as if fed whole. */
size_t parse_feed_window(parser *p, const poa_line *lines, size_t n, size_t stop);

/** Close what is open and resolve what needed the whole document (the kind
 *  of bare-coded items, list objectives beside labelled ones).  Returns
 *  the number of structural elements recognised (0: none of the
 *  programme's structure). */
size_t parse_finish(parser *p);

/** Free the parser; NULL is a no-op. */
void parse_free(parser *p);

#endif /* POA_PARSE_H */
