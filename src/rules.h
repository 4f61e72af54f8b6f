/* rules.h - rule files: section kinds and PCRE2 patterns, compiled once.
 *
 * A rule file (docs/rules.md) has one rule a line, "KIND PATTERN", tried in
 * file order; the first rule that matches a line classifies it.  Patterns
 * are compiled with PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS and JIT, and use
 * named groups (code, text, ...) that the parser reads.  rules.c is the
 * only file that includes <pcre2.h>.
 */
#ifndef POA_RULES_H
#define POA_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "poa.h"

/** What a rule says a line is.  The names in rule files are in
 *  rules.c (rule_kind_names) and docs/rules.md. */
typedef enum rule_kind {
    RK_NONE = 0,
    /* section headings */
    RK_MISION, RK_VISION, RK_FODA, RK_FORTALEZAS, RK_DEBILIDADES, RK_OPORTUNIDADES,
    RK_AMENAZAS, RK_EJES, RK_OBJETIVOS, RK_ESTRATEGIAS, RK_LINEAS, RK_END,
    /* labelled items of the plan */
    RK_EJE, RK_OBJETIVO, RK_ESTRATEGIA, RK_LINEA, RK_CODE, RK_ITEM,
    /* metadata */
    RK_INSTITUCION, RK_FUNDAMENTO, RK_OBLIGACION, RK_TRIMESTRE, RK_PERIODO, RK_FECHA,
    RK_FECHA_LUGAR, RK_APROBACION, RK_FECHA_ACTUALIZACION, RK_FECHA_VALIDACION, RK_EJERCICIO, RK_PERIODO_ACTUALIZACION,
    RK_NOTA, RK_AREA, RK_PERIODO_INICIO, RK_PERIODO_FIN,
    /* unlabelled paragraphs recognised by wording */
    RK_MISION_TEXT, RK_VISION_TEXT,
    /* text handling */
    RK_SKIP, RK_SPLIT,
    /* facts inside an introduction's prose (asked for, never a classification) */
    RK_PROSE,
    /* facts a title or running header states (asked for, never a classification) */
    RK_TITLE,
    /* the plan's outline (outline.c; asked for, never a classification): how a
     * list item or a coded element is marked, and the words that name a level
     * in a code's letters or a table column's heading */
    RK_MARK, RK_MARK_END, RK_LEVEL_EJE, RK_LEVEL_OBJETIVO, RK_LEVEL_ESTRATEGIA, RK_LEVEL_LINEA,
    /* the parser's vocabulary (asked for): a word that leaves a wrapped name
     * unfinished, a line that opens on one and so goes on a name, the
     * headings of a table's columns beside a FODA or a plan */
    RK_JOIN_WORD, RK_JOIN_START, RK_SIDE_FODA, RK_SIDE_PLAN,
    /* a government, not a body of it ("Gobierno del Estado de ..."), and a
     * page's number as printed ("Página 3 de 40") */
    RK_GOVERNMENT, RK_FOLIO,
    /* a table column whose heading alone says its numbered cells' level */
    RK_COLUMN_EJE, RK_COLUMN_OBJETIVO,
    RK_COUNT
} rule_kind;

/** Scratch space for matching (PCRE2's match data, limits, the combined
 *  pattern's last answer).  It holds no answer a caller reads: each
 *  answer is a rule_match value. */
typedef struct rule_matcher rule_matcher;

/** A matcher for RULES (which must outlive it).  Caller frees. */
rule_matcher *rules_matcher_new(const poa_rules *rules);
void rules_matcher_free(rule_matcher *m);

struct rule;

/** A rule's answer for one text, as a value: the rule's kind and its named
 *  groups.  It owns a copy of the text, so it outlives both the text and
 *  the matcher; rule_match_clear empties it.  RULE_MATCH_INIT is no match
 *  (kind RK_NONE, no groups). */
typedef struct rule_match {
    rule_kind kind;
    const struct rule *rule; /* whose group names SPANS follows; NULL when made */
    char *subject;           /* the text matched */
    size_t *spans;           /* group n is SUBJECT[spans[2n], spans[2n+1]); SIZE_MAX unset */
    unsigned n_groups;
    char **made;             /* groups given by name (rule_match_make): name, value, ..., NULL */
} rule_match;

#define RULE_MATCH_INIT { RK_NONE, NULL, NULL, NULL, 0, NULL }

/** Classify TEXT: the kind of the first rule (in file order) that
 *  matches, or RK_NONE; OUT (when not NULL) gets the match.  Kinds
 *  RK_SPLIT, RK_PROSE and RK_TITLE are never returned here. */
rule_kind rules_classify(rule_matcher *m, const char *text, rule_match *out);

/** The kind rules_classify would give TEXT, without reading the winning
 *  rule's groups (cheaper: no rule is run again). */
rule_kind rules_kind_of(rule_matcher *m, const char *text);

/** Does a rule of KIND match TEXT?  OUT (when not NULL) gets the match,
 *  or no match. */
bool rules_match_kind(rule_matcher *m, rule_kind kind, const char *text, rule_match *out);

/** Does an Nth rule of KIND (0 the first, in file order, of those that
 *  match) match TEXT?  A caller asks for N = 0, 1, ... to read every rule
 *  of a kind that matches; OUT as in rules_match_kind. */
bool rules_match_kind_nth(rule_matcher *m, rule_kind kind, const char *text, size_t nth,
                          rule_match *out);

/** A match no rule made: KIND with the groups GROUPS gives, a NULL-ended
 *  list of name and value pairs (a NULL value: the group took no part).
 *  What the parser knows from a line's place (a table column's level, the
 *  number in the cell before it) is a match like a rule's. */
void rule_match_make(rule_match *out, rule_kind kind, const char *const *groups);

/** Group NAME of MATCH, as a new string (g_free), or NULL when the group
 *  is absent or did not take part. */
char *rule_match_group(const rule_match *match, const char *name);

/** Did group NAME take part in MATCH (an empty group used as a marker,
 *  "(?<roman>)", counts)? */
bool rule_match_has(const rule_match *match, const char *name);

/** Free what MATCH holds and make it no match; NULL is allowed. */
void rule_match_clear(rule_match *match);

/** How many texts a rule gave up on (its match or depth limit): those
 *  texts are classified as if no rule after it matched. */
size_t rules_limited_count(const rule_matcher *m);

/** The last text a rule gave up on, or NULL; owned by M. */
const char *rules_limited_last(const rule_matcher *m);

/** Offsets where RK_SPLIT rules match in TEXT (start of each match), so a
 *  line holding two items can be cut.  Fills at most MAX offsets in
 *  ascending order and returns how many. */
size_t rules_split_points(rule_matcher *m, const char *text, size_t *points, size_t max);

/** The default rules, compiled once per process and shared (immutable;
 *  safe from any thread), WITH_JIT to machine code (worth it from about
 *  RULES_JIT_PAGES pages on) or interpreted.  The two classify every line
 *  alike.  Borrowed: never free it.  NULL with ERR set only if the
 *  embedded rule file does not compile. */
const poa_rules *rules_default_shared(bool with_jit, poa_error *err);

/** Pages of a document (or RULES_PAGE_BYTES of text a page) from which
 *  compiling the rules to machine code costs less than interpreting them. */
#define RULES_JIT_PAGES 8
#define RULES_PAGE_BYTES 4000

/** Name of a kind as written in rule files. */
const char *rules_kind_name(rule_kind kind);

#endif /* POA_RULES_H */
