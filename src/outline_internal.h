/* outline_internal.h - what the outline's modules share: the entries
 * noted from the lines, and the steps that cross from one file to another.
 *
 * outline.c        entries, marks, lists, the tree
 * outline_codes.c  lettered codes: schemes, their parents and levels
 * outline_table.c  tables whose columns name the levels
 *
 * Private to those files.
 */
#ifndef POA_OUTLINE_INTERNAL_H
#define POA_OUTLINE_INTERNAL_H

#include <glib.h>
#include <stdbool.h>

#include "model.h"
#include "rules.h"

typedef enum mark_kind {
    MARK_NONE, MARK_CODE, MARK_ROMAN, MARK_ARABIC, MARK_LETTER, MARK_BULLET
} mark_kind;

/* Where one of an entry's lines stands and where its text starts. */
typedef struct entry_row {
    double y0, y1;
    gsize at;            /* byte offset in the entry's text */
} entry_row;

typedef struct entry {
    GString *text;       /* joined lines */
    rule_kind first_kind; /* the rules' kind of its first line */
    int column;          /* table column of its first line (POA_LINE_CELL) */
    GArray *rows;        /* of entry_row, one a line (PDF input only), or NULL */
    poa_prov prov;
    unsigned flags;      /* of its first line */
    bool bold;           /* of its last line */
    /* what step 1 reads */
    mark_kind mark;
    char *code;          /* MARK_CODE: as printed, without spaces; a label's code */
    char *key;           /* MARK_CODE: letters and numbers without zeros ("AEI1.2") */
    char *scheme;        /* MARK_CODE: "AEI/2", or the parts' letters "E-O-L" */
    char *letters;       /* MARK_CODE: the letters that name its level ("AEI", "L") */
    bool roman;          /* MARK_CODE: one Roman level ("EJE I"): a section's number
                          * ("ANEXO II") unless codes of another scheme extend it */
    char *body;          /* the text after the mark or label */
    int value;           /* a list item's number: 1 for "I.", "1.", "a)" */
    rule_kind label;     /* RK_EJE ... RK_LINEA when a rule labels it */
    bool skip;           /* a skip rule's: a column heading, a table of contents' entry */
    bool used;           /* taken into the plan */
    bool cut;            /* its text was cut at OUTLINE_ENTRY_MAX_BYTES */
    bool settled;        /* an item of a list numbered from one outside the plan
                          * (attributions, interpretation paragraphs): placed */
} entry;

/* A scheme of lettered codes (step 2, outline_codes.c). */
typedef struct scheme_info {
    GHashTable *keys;    /* key set: distinct codes of the scheme */
    GHashTable *numbers; /* the numbers of its keys ("AEI1.2" -> "1.2") */
    char *letters;       /* the letters that name its level ("AEI", "L") */
    const char *family;  /* the name of its family's top scheme (a key of the table) */
    GArray *at;          /* of guint: the entries that print its codes, in order */
    bool roman;          /* its codes are one Roman level */
    bool by_order;       /* its codes go under the parent scheme's code read last
                          * before them ("EE1" then "OEM 1.", "OEM 2."), not by numbers */
    poa_node_kind kind;  /* its level */
    int depth;           /* 1 for a top scheme */
    char *parent;        /* scheme its codes extend, or NULL */
} scheme_info;

/** The numbers of KEY ("AEI1.2" -> "1.2"), inside KEY. */
const char *outline_key_numbers(const char *key);

/** The key of KEY's parent: "E1-O2-L3" -> "E1-O2", "AEI1.2" -> "1" (the
 *  numbers; any scheme may carry them), NULL at the top; g_free. */
char *outline_parent_key(const char *key);

/** Free a scheme_info (the schemes table's value destructor). */
void outline_scheme_free(gpointer data);

/** The schemes of the lettered codes of ENTRIES (name -> scheme_info,
 *  owned): those with two codes or more, FODA's letters aside. */
GHashTable *outline_collect_schemes(GPtrArray *entries);

/** Each scheme's parent, the families that are this plan's (the others
 *  removed), and each scheme's level, from the letters of all and (with
 *  TABLE_BELOW or lists under the deepest codes) one more level below. */
void outline_assign_levels(GHashTable *schemes, rule_matcher *m, GPtrArray *entries,
                           bool table_below);

/** The level LETTERS ("OEI", "L") or a column heading ("Estrategias
 *  institucionales") names by the rule file's nivel.* rules, or
 *  POA_NODE_ROOT for none. */
poa_node_kind outline_named_level(rule_matcher *m, const char *letters);

/** The node of the lettered code at ENTRIES[I] (made, or found when read
 *  before), or NULL when its scheme is not the plan's: outline.c's. */
typedef poa_node *(*outline_code_node_fn)(void *ctx, guint i);

/** When ENTRIES[I] starts a table whose columns name two levels or more,
 *  by their headings ("Objetivo estratégico | Estrategias | Acciones") or
 *  by the plan's codes in them ("PY1.2" under "Proyecto"), read its body
 *  into ROOT (coded cells through CODE_NODE) and return the index past the
 *  table; else return I, with *REFUSED past the body of the table refused
 *  (I when there was none): no table starts before it, the caller need
 *  not ask again from a row of that body (a table's body ends at another
 *  table's header row; asking from each row was quadratic, issue 22). */
guint outline_table_read(GPtrArray *entries, guint i, rule_matcher *m, poa_node *root,
                         outline_code_node_fn code_node, void *ctx, guint *refused);

/** Does a table hang unnumbered elements under columns of codes ("PY1.2"
 *  | "Actividades")?  Then they are a level below the codes'. */
bool outline_table_below_codes(GPtrArray *entries, rule_matcher *m);

#endif /* POA_OUTLINE_INTERNAL_H */
