/* model.h - the report tree: what a programme says, with where it says it.
 *
 * One owner: the poa_report owns every string and node below it, and
 * poa_report_free releases them all.  Strings are UTF-8 in NFC.  Every item
 * carries its provenance (page and box) so that HTML views and batch
 * summaries can point back into the PDF, and a confidence for text that
 * came from OCR.
 */
#ifndef POA_MODEL_H
#define POA_MODEL_H

#include <glib.h>
#include <stdbool.h>

#include "poa.h"

/** Where an item was read.  page 0 means unknown (text input). */
typedef struct poa_prov {
    int page;                    /* 1-based page of the item's first line */
    double x0, y0, x1, y1;       /* box on that page, PDF points, origin top-left */
    double confidence;           /* 0..1 for OCR text; < 0 when not OCR */
} poa_prov;

#define POA_PROV_INIT { 0, 0, 0, 0, 0, -1.0 }

/** Grow PROV's box to cover another box on the same page. */
void poa_prov_extend(poa_prov *prov, int page, double x0, double y0, double x1, double y1);

/** Levels of the plan tree, outermost first. */
typedef enum poa_node_kind {
    POA_NODE_ROOT,        /* the <objetivos> container */
    POA_NODE_EJE,         /* eje rector, "I.-" */
    POA_NODE_OBJETIVO,    /* objetivo (estratégico, prioritario), "OE1", "1.1" */
    POA_NODE_ESTRATEGIA,  /* estrategia, "1.1.1" */
    POA_NODE_LINEA        /* línea de acción / acción puntual, "1.1.1.1" */
} poa_node_kind;

/** A node of the plan tree.  CODE is the number as printed, normalised
 *  ("1.1.1", "I"); TEXT the item without its label. */
typedef struct poa_node {
    poa_node_kind kind;
    char *code;              /* owned; NULL when unnumbered */
    char *text;              /* owned; never NULL after model_node_new */
    poa_prov prov;
    GPtrArray *children;     /* of poa_node *, owned */
    struct poa_node *parent; /* borrowed; NULL for the root */
    bool level_open;         /* the level waits for the whole plan (model_settle_levels) */
} poa_node;

/** A FODA item or any other listed item. */
typedef struct poa_item {
    char *code;   /* owned; "1", "F1" as printed, or NULL */
    char *text;   /* owned */
    poa_prov prov;
} poa_item;

typedef enum poa_quadrant {
    POA_FORTALEZAS, POA_DEBILIDADES, POA_OPORTUNIDADES, POA_AMENAZAS, POA_QUADRANTS
} poa_quadrant;

/** A completeness finding (see check.c for the codes). */
typedef struct poa_finding {
    char *code;       /* "linea.gap" */
    char *ref;        /* "1.3" or NULL */
    char *severity;   /* "error" or "aviso" */
    char *message;    /* Spanish */
} poa_finding;

/** Metadata of the national platform's frame.  NULL / 0 when absent. */
typedef struct poa_metadata {
    char *institucion, *fundamento, *obligacion;
    int ejercicio;                 /* year, 0 when absent */
    int trimestre;                 /* 1..4, 0 when absent */
    int vigencia_desde, vigencia_hasta; /* a multi-year plan's span ("2018-2021"), 0 when absent */
    char *fecha;                   /* ISO date, unlabelled date of the report */
    char *periodo_inicio, *periodo_fin;   /* ISO dates of the period reported */
    char *fecha_actualizacion, *fecha_validacion; /* ISO dates */
    char *area;                    /* área responsable */
    char *periodo_actualizacion, *nota;
} poa_metadata;

/** The source file. */
typedef struct poa_source {
    char *archivo;     /* base name as given */
    char sha256[65];   /* hex */
    size_t bytes;
    int paginas;       /* pages of a PDF; 0 for text */
    char *convertido;  /* xs:dateTime, UTC */
    bool windows1252;  /* text decoded from Windows-1252, not UTF-8 */
    char *stylesheet;  /* href of the xml-stylesheet instruction to write, or NULL */
} poa_source;

struct poa_report {
    poa_source source;
    poa_metadata meta;
    char *mision;                 /* owned or NULL */
    poa_prov mision_prov;
    char *vision;
    poa_prov vision_prov;
    bool foda_present;            /* a FODA section was seen, even if empty */
    GPtrArray *foda[POA_QUADRANTS];  /* of poa_item *, owned */
    poa_node *plan;               /* root: POA_NODE_ROOT, owned */
    GPtrArray *unplaced;          /* of poa_item *, owned: numbered or coded text
                                   * the structure could not place, in reading order */
    GArray *pages_without_text;   /* of int, 1-based: pages of a PDF with text elsewhere
                                   * that paint an image but hold no text (scans) */
    size_t lines_over_limit;      /* lines a rule gave up on (PCRE2's match or depth
                                   * limit): what they say may be misread */
    char *line_over_limit;        /* an excerpt of the last of them, owned; NULL when none */
    GPtrArray *findings;          /* of poa_finding *, owned */
};

/** A new empty report.  Caller frees with model_report_free. */
poa_report *model_report_new(void);

/** Free R and all it owns; NULL is a no-op.  The public poa_report_free
 *  (poa.h) is this function under the library's name. */
void model_report_free(poa_report *r);

/** A new node with copies of CODE (may be NULL) and TEXT; not yet linked. */
poa_node *model_node_new(poa_node_kind kind, const char *code, const char *text);

/** Can a node of kind PARENT hold one of kind CHILD?  The schema's
 *  nesting, as cmark's S_can_contain states its own: the plan's root holds
 *  any element; an element holds only elements of a deeper level (eje >
 *  objetivo > estrategia > línea); a línea holds none. */
bool model_can_contain(poa_node_kind parent, poa_node_kind child);

/** Can PARENT hold CHILD now: by their kinds (model_can_contain), or
 *  because the level of either is open? */
bool model_node_fits(const poa_node *parent, const poa_node *child);

/** The index of NODE (linked) among its parent's children. */
guint model_node_index(const poa_node *node);

/** Append CHILD (unlinked) to PARENT, which takes ownership; false, and
 *  nothing done, when PARENT cannot hold it.  A node whose level is open
 *  holds, and is held by, any element. */
bool model_node_append(poa_node *parent, poa_node *child);

/** Insert CHILD (unlinked) at index AT (at most the number of children)
 *  of PARENT; false, and nothing done, when PARENT cannot hold it. */
bool model_node_insert(poa_node *parent, guint at, poa_node *child);

/** Append CHILD (unlinked) under HOLDER or, when HOLDER cannot hold it,
 *  under HOLDER's nearest ancestor that can: a strategy numbered under a
 *  line stands beside the line.  Returns the node CHILD went under. */
poa_node *model_node_place(poa_node *holder, poa_node *child);

/** Give NODE the text TEXT (UTF-8, NFC; owned by NODE from now on; NULL
 *  as ""), freeing the text it had. */
void model_node_take_text(poa_node *node, char *text);

/** Unlink NODE from its parent, which no longer owns it; returns NODE. */
poa_node *model_node_detach(poa_node *node);

/** Leave NODE's level open: a number whose depth alone does not tell its
 *  level ("1.1" of a bare-numbered plan, a line that turns out to hold
 *  others) until the whole plan is read. */
void model_node_open_level(poa_node *node);

/** Close every open level under ROOT with the kind LEVELS maps its node
 *  to (GINT_TO_POINTER of a poa_node_kind), children before parents, and
 *  move each node's children it then cannot hold, in order, to stand
 *  right after it: the nesting the schema asks for, in one pass. */
void model_settle_levels(poa_node *root, GHashTable *levels);

/** Append every node under NODE to OUT, depth first (parents before
 *  their children); the nodes are borrowed. */
void model_node_collect(poa_node *node, GPtrArray *out);

/** Free a node and its subtree; NULL is a no-op. */
void model_node_free(poa_node *node);

/** Append an item to a FODA quadrant; the report copies CODE and TEXT. */
poa_item *model_foda_add(poa_report *report, poa_quadrant q, const char *code,
                         const char *text, const poa_prov *prov);

/** Keep an element the structure could not place; the report copies CODE and TEXT. */
poa_item *model_unplaced_add(poa_report *report, const char *code, const char *text,
                             const poa_prov *prov);

/** Free the strings of M and clear them (M itself is not freed). */
void model_metadata_release(poa_metadata *m);

/** Append a finding; all strings are copied. */
void model_finding_add(poa_report *report, const char *code, const char *ref,
                       const char *severity, const char *message);

/** Replace *SLOT with a copy of VALUE (NULL clears it). */
void model_set_string(char **slot, const char *value);

/** Element names of the quadrants in the XML ("fortalezas", "fortaleza"). */
const char *model_quadrant_list_name(poa_quadrant q);
const char *model_quadrant_item_name(poa_quadrant q);

/** Element name of a node kind ("objetivo"). */
const char *model_node_kind_name(poa_node_kind kind);

#endif /* POA_MODEL_H */
