/* outline.h - the plan read from how the document numbers it.
 *
 * The line-by-line parser (parse.c) reads a plan from the words that
 * label its elements ("Objetivo 2", "Línea de acción 2.1").  Many plans
 * carry their structure otherwise: codes of the body's own ("OEI.01" over
 * "AEI 01.02", "E1-O2-L3"), lists that restart under each objective with
 * no heading ("I. II. III."), the same elements printed again in summary
 * tables and annexes.  An outline keeps a compact copy of the document's
 * entries (a block, or a line that starts a list item) as the parser is
 * fed, and at the end builds a plan tree from that numbering.
 */
#ifndef POA_OUTLINE_H
#define POA_OUTLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "lines.h"
#include "model.h"
#include "normalize.h"
#include "rules.h"

typedef struct outline outline;

/** A new empty outline; free with outline_free. */
outline *outline_new(void);

/** Free O; NULL is a no-op. */
void outline_free(outline *o);

/** Text kept of one entry at most: no element of a plan is longer, and a
 *  long paragraph of prose costs no more than this (a line longer than
 *  this need not be given whole). */
#define OUTLINE_ENTRY_MAX_BYTES 4096

/** Read LINE (in reading order; dropped lines are skipped) into the
 *  entries: M (a matcher of the parser's rules) tells marked lines, EV
 *  (may be NULL) joins wrapped lines.  True when LINE starts an entry:
 *  then give its kind with outline_set_kind. */
bool outline_note_line(outline *o, rule_matcher *m, const poa_line *line,
                       const normalize_evidence *ev);

/** KIND, the rules' classification of the line that started the last
 *  entry: a label opening it says what the entry is. */
void outline_set_kind(outline *o, rule_kind kind);

/** The plan the numbering states: a new POA_NODE_ROOT tree (the caller
 *  frees it) or NULL when the numbering states none, or the document was
 *  longer than the outline keeps. */
poa_node *outline_build(outline *o, rule_matcher *m);

/** How much of a plan tree ROOT places: elements with a text under a
 *  parent of a higher level (ejes and objectives may stand at the top),
 *  less one for each element its parent already has (printed again: the
 *  same level and text, or the same level and code without the first
 *  one's children): a plan read twice is no better read. */
long outline_plan_score(const poa_node *root);

/** Did the last outline_build take the text at PROV (TEXT, for text input
 *  with no boxes) into its plan, or, with SETTLED, place it as an item of
 *  a list outside the plan numbered from one in order (attributions,
 *  interpretation paragraphs)? */
bool outline_covers(const outline *o, const poa_prov *prov, const char *text, bool settled);

#endif /* POA_OUTLINE_H */
