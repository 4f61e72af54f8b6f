/* parse_internal.h - what the parser's modules share: the parser's state
 * and the functions that cross from one parse*.c to another.
 *
 * parse.c         lifecycle, the open unit, adding plan elements, line handling
 * parse_tree.c    codes, repeated elements, the passes run on the finished tree
 * parse_stream.c  reading contexts of table columns
 * parse_meta.c    metadata and form column labels
 *
 * Private to those files; nothing outside the parser includes it.
 */
#ifndef POA_PARSE_INTERNAL_H
#define POA_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "lines.h"
#include "model.h"
#include "normalize.h"
#include "outline.h"
#include "parse.h"
#include "rules.h"

typedef enum section {
    SEC_NONE, SEC_MISION, SEC_VISION, SEC_FODA, SEC_EJES, SEC_OBJETIVOS, SEC_ESTRATEGIAS,
    SEC_LINEAS, SEC_END
} section;

typedef enum unit_kind {
    UNIT_NONE,     /* nothing open */
    UNIT_IGNORE,   /* prose that is not part of the programme */
    UNIT_UNPLACED, /* a numbered or coded item the structure cannot place: kept apart */
    UNIT_MISION, UNIT_VISION, UNIT_FODA, UNIT_NODE, UNIT_META,
    UNIT_NUMBER    /* a number alone in a table cell: its row's next cell says what it numbers */
} unit_kind;

/* How the items of the current list are marked; an unmarked paragraph
 * after marked items ends the list. */
typedef enum list_mode { MODE_UNSET, MODE_MARKED, MODE_PARAGRAPH, MODE_CELL } list_mode;

/* One reading context.  Free text has one; each column of a table has its
 * own, so that a cell continued on the next page, or a heading cell above
 * its items, picks up where its column left off. */
/* Bound on column headings waiting at once in one stream. */
#define PARSE_MAX_LABELS 12

typedef struct stream {
    int column;            /* table column, -1 for free text */
    double x0, x1;         /* extent of the first line of the column's last block */
    int page;              /* page of the stream's last line */
    unsigned long free_seen; /* parser->free_lines when the stream last read a line */
    unsigned long used;    /* parser->lines_seen when the stream last read a line */
    section sec;
    poa_quadrant quad;
    list_mode mode;

    unit_kind unit;
    GString *acc;          /* text of the open unit */
    poa_prov prov;
    char **meta_slot;      /* UNIT_META: where the text goes */
    poa_node *node;        /* UNIT_NODE */
    bool title_only;       /* UNIT_NODE of an eje: its title only */
    bool approval;         /* UNIT_IGNORE: a paragraph approving the document,
                            * its date read when it closes */
    bool bare_heading;     /* the last line read was a heading, nothing under it yet */
    bool foda_head;        /* a FODA heading opened no section yet: coded items are its */
    /* Headings in a row over their texts, as plain text prints a table
     * ("Misión" / "Visión" / mission text / vision text): the section the
     * second heading names, opened when the first one's paragraph ends
     * (SEC_NONE: none waiting). */
    section queued_sec;
    bool objective_column; /* the last heading named an objective column ("Objetivo") */
    bool header_row;       /* headings in a row: a form's column headers, not sections */
    char *item_code;       /* UNIT_FODA: the code the item was printed with, or NULL */
    poa_node *cur_eje, *cur_obj;
    /* Column headings ("Fecha de validación") waiting for their values, in
     * the order printed: one under a table column; a whole header row in
     * free text, whose values follow in the same order. */
    rule_kind labels[PARSE_MAX_LABELS];
    int n_labels;
    char *col_heading;     /* casefolded text of the last column heading read here */
    int col_heading_page;
    char *top_heading;     /* casefolded, the column's first heading (its header row's) */
    bool label_values;     /* a value was taken since the last label */
    bool label_next;       /* the last line fed here was a label */
} stream;

/* A cell at the start of a ruled row that speaks of the cell on its right:
 * its kind (RK_NONE: none waiting), page and box. */
typedef struct row_ref {
    rule_kind kind;
    int page;
    double y0, y1, x1;
} row_ref;

/** Where LINE stands against row cell R: 1 a cell to its right in the same
 *  row, -1 a later row (R is over), 0 elsewhere or nothing waiting. */
int parse_row_right_of(const row_ref *r, const poa_line *line);

/* The last labelled year read in a table cell, and its row: a second
 * year in the same row makes the row a schedule's column headings. */
typedef struct year_row {
    int year;        /* 0: none yet */
    int page;
    double y0, y1;
    bool took;       /* it gave the report's year */
} year_row;

/* Bound on table-column streams kept at once (the oldest is reused). */
#define PARSE_MAX_STREAMS 24

struct parser {
    poa_report *report;
    int meta_facts;         /* facts of one line read so far (feed_meta) */
    rule_matcher *m;
    normalize_evidence *evidence;
    bool blocks_reliable;

    stream *s;             /* the stream of the current line, borrowed */
    GPtrArray *streams;    /* of stream *, owned; [0] is free text */
    guint next_reuse;      /* round-robin victim when the table streams are full */
    unsigned long free_lines; /* free-text lines seen: a table after them is a new table */
    unsigned long lines_seen; /* every line fed, a clock for the streams */

    GHashTable *by_code;   /* code -> poa_node *, borrowed: the latest node of each code */
    GHashTable *twins;     /* code -> GPtrArray of poa_node * (borrowed): every node of
                            * the tree with that code, in the order added */
    GHashTable *weak;      /* poa_node * set: objectives from a headed numbered list */
    bool strong_objectives;
    bool mision_seen, vision_seen; /* a paragraph of each was opened */
    size_t recognised;
    int inst_strength, inst_page; /* how and where the institution was read */
    /* A quadrant's name alone in a row's first cell ("Fortalezas" | items):
     * the cell on its right, in another column, takes it. */
    row_ref row_heading;
    /* A label alone in a row's first cell ("Fecha de validación" |
     * "14/01/2022"): the cell on its right holds its value. */
    row_ref row_label;
    stream *row_label_stream; /* borrowed: the stream that queued the label */
    year_row year_row;     /* see year_fact_stands (parse_meta.c) */
    /* The identity a title or a running header states ("Programa de
     * Trabajo 2025", "T3-2024", "Plan Municipal de Desarrollo 2018-2021"),
     * read block by block beside the line-by-line parse: used at the end
     * only where no labelled fact says it. */
    GString *title_block;  /* the text of the block being read */
    int title_page, title_id, title_lines;
    bool title_furniture;  /* the block is a running header or footer */
    poa_metadata titled;   /* what titles said; its strings owned */
    GPtrArray *dated;      /* the dates (ISO, owned) a running header labels, a
                            * dateline or an approval states, in reading order */
    char *date_alone;      /* the first date printed alone (ISO), owned */
    bool titled_year;      /* a title already gave the year or the span */
    outline *outline;      /* the plan as its numbering states it, owned */
    GString *trace;        /* borrowed, or NULL: each segment's taking step (parse_set_trace) */
    rule_kind line_kind;   /* the rules' kind of the line fed last, for the outline */
    /* figures alone on their lines, one a table's cell each ("120" / "20"):
     * the line fed stands among them; what the line before it was */
    bool in_figures;
    bool prev_figure;
    long prev_count;       /* the line before as a whole number, -1 when not one */
};

/* ---- parse.c: units ---- */

/** Open a unit of KIND in the current stream with TEXT (may be NULL) from LINE. */
void parse_unit_open(parser *p, unit_kind kind, const char *text, const poa_line *line);

/** Close the current stream's open unit: its joined text goes to its place in the model. */
void parse_unit_close(parser *p);

/* ---- parse_meta.c: the identity titles state ---- */

/** Read LINE (dropped lines included) into the title sweep: a block is
 *  read whole when the next begins. */
void parse_meta_note_line(parser *p, const poa_line *line);

/** Is TEXT only a form's label, its value elsewhere ("Fecha de validación")? */
bool parse_meta_is_bare_label(parser *p, const char *text);

/** End the sweep: what titles stated fills what the report lacks. */
void parse_meta_apply_titles(parser *p);

/** What dates the report, by the evidence, once the year and quarter are
 *  known: a label ("Fecha de elaboración: ..."), read as met; else a date
 *  a running header labels, a dateline or an approval states (kept in the
 *  titled facts), when it falls in the time a report of that period is
 *  dated in (dates_report_window: a law's date in a sentence does not);
 *  else the first date printed alone.  The year is then inferred from
 *  it where nothing stated one. */
void parse_meta_apply_date(parser *p);

/* ---- parse_tree.c: the plan tree ---- */

/** The digits, roman numerals and inner dots of RAW; a new string (g_free) or NULL. */
char *parse_tree_code_clean(const char *raw);

/** The value of a one-level code: "3" 3, "IV" 4 (Roman numerals in capitals);
 *  0 for a code of several levels ("1.2"), none or anything else. */
int parse_tree_code_value(const char *code);

/** The nearest existing node whose code is a proper prefix of CODE, borrowed, or NULL. */
poa_node *parse_tree_code_find_parent(parser *p, const char *code);

/** Make NODE (borrowed) the latest node of its code, when it has one. */
void parse_tree_code_register(parser *p, poa_node *node);

/** The element NODE prints again by its code alone: the first of NODE's
 *  code and kind under PARENT with a text, whatever NODE's text says (a
 *  follow-up matrix names a line's indicator, a calendar its marks);
 *  NULL when none. */
poa_node *parse_tree_reprinted(parser *p, const poa_node *parent, const poa_node *node);

/** Does NODE's code go back in PARENT's numbering: is one of its siblings
 *  numbered after it ("3.1" read after "3.2")?  A list never goes back; a
 *  table printing it again does. */
bool parse_tree_numbering_went_back(const poa_node *parent, const poa_node *node);

/** The child of PARENT other than NODE with NODE's code and a repeated text, or NULL. */
poa_node *parse_tree_twin(parser *p, const poa_node *parent, const poa_node *node);

/** Note NODE (just added to the tree) among the nodes of its code. */
void parse_tree_twins_add(parser *p, poa_node *node);

/** Free NODE, its children moved to HEIR (or freed when HEIR is NULL); no stream keeps it. */
void parse_tree_remove(parser *p, poa_node *node, poa_node *heir);

/** Run the passes that need the whole tree (orphans, list objectives, bare codes, ...). */
void parse_tree_finish(parser *p);

/* ---- parse_stream.c: reading contexts ---- */

/** A stream for table column COLUMN (-1: free text) starting at X0; free with parse_stream_free. */
stream *parse_stream_new(int column, double x0);

/** Free a stream (a GDestroyNotify for the parser's array). */
void parse_stream_free(gpointer data);

/** The stream that reads LINE, borrowed from the parser (may create or reuse one). */
stream *parse_stream_select(parser *p, const poa_line *line);

/* ---- parse_meta.c: metadata and form labels ---- */

/** Take LINE, which MATCH says is a metadata fact, as metadata; false when
 *  it is not taken here. */
bool parse_meta_handle(parser *p, const rule_match *match, const poa_line *line, bool may_start,
                       bool label);

/** The facts (period, quarter, institution) that TEXT, a paragraph no
 *  rule took, states in its prose, for those not read yet; only before
 *  the programme's structure begins. */
void parse_meta_from_prose(parser *p, const char *text);

/** TEXT, a paragraph approving the document ("Aprobado por la Junta de
 *  Gobierno ... el 28 de enero de 2021"), before or after the programme,
 *  its lines joined: its date is kept as a dateline's (parse_meta_apply_date). */
void parse_meta_approval(parser *p, const char *text);

/** Hand a label waiting in a row's first cell to LINE's stream when LINE
 *  is the cell on its right (a key | value table). */
void parse_meta_take_row_label(parser *p, const poa_line *line);

/** Fill the fiscal year and quarter of META from its period or date when not printed. */
void parse_meta_infer_year(poa_metadata *meta);

/** Take TEXT as the value of one of the current stream's waiting column
 *  labels (the first in order that takes it); true when taken.  A line
 *  no label takes ends the wait, unless it is a heading of the row.  A
 *  CONTINUATION (words that may go on the open value's sentence) is
 *  offered to the date and year labels only, and never ends the wait. */
bool parse_meta_take_labelled_value(parser *p, const poa_line *line, const char *text,
                                    bool continuation);

/** Take the cell at LINES[I] when it only names its column; the index past it, or I. */
size_t parse_meta_feed_header_cell(parser *p, const poa_line *lines, size_t n, size_t i);

/** Feed LINE to the parser as if its text were RAW (a block's lines
 *  joined). */
void parse_feed_line_as(parser *p, const poa_line *line, const char *raw);

#endif /* POA_PARSE_INTERNAL_H */
