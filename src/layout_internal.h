/* layout_internal.h - what the layout stage's files share (private).
 *
 * The page under construction (lt_page) and its segments, cells and
 * blocks, the document's cross-page state (struct layout_doc), the small
 * geometry helpers, and the functions one layout file calls in another:
 * layout.c (segments, body size, text), layout_tables.c (ruling lines,
 * ruled cells, tables), layout_keyed.c (unruled keyed tables) and
 * layout_furniture.c (noise, running headers and footers, page numbers).
 * Not installed; nothing outside src/layout*.c includes it.
 */
#ifndef POA_LAYOUT_INTERNAL_H
#define POA_LAYOUT_INTERNAL_H

#include <math.h>

#include "extract.h"
#include "furniture.h"
#include "layout.h"
#include "rules.h"

/* ---- thresholds shared by the layout passes ----------------------------
 * In ems: a multiple of the font size of the glyphs or segments compared,
 * so that they hold for 8-point tables and 14-point titles alike. */

/* Two glyphs or segments whose vertical centres lie closer than this stand
 * on one row: mixed sizes, superscripts and a baseline's wobble move a
 * centre by less, while the next line stands a line pitch (1.2 em) away. */
#define LT_SAME_ROW 0.4

/* A horizontal gap this wide between two glyphs is a space between words:
 * letter spacing stays under it, a space (0.25 em in most faces) passes
 * it. */
#define LT_WORD_GAP 0.15

/* Text this many times the body size is a heading set larger (a chapter's
 * or section's title). */
#define LT_LARGER 1.15

/* A gap between two rows (bottom to top) under this many ems keeps them
 * in one table or list; the blank line between paragraphs is wider. */
#define LT_LINE_GAP 1.2

/* Glyphs this many times the body size are a watermark's letters; half as
 * big, a letter of one that poppler took for vertical text. */
#define LT_GIANT 3.0
#define LT_BIG_LETTER 2.0

/* Band heights (fraction of page height) where furniture may sit. */
#define LT_TOP_BAND 0.12
#define LT_BOTTOM_BAND 0.90

struct layout_doc {
    ex_doc *ex;
    char *name;
    ex_page ahead;       /* glyphs of page ahead_index, read in advance */
    int ahead_index;     /* -1 when none */
    furniture_pages *furniture; /* the band lines of the pages laid out last,
                                 * and their page numbers */
    int dry;             /* renders in a row that gave no ruled cell */
    int skipped;         /* hinted pages not rendered since the last render */
    struct lt_page *pre; /* page ahead_index with noise and segments done
                          * (for its bands), reused when it is laid out */
    const poa_rules *rules; /* borrowed: the folio rules (NULL: the default ones) */
    rule_matcher *m;     /* made from RULES when a folio is first read */
};

/** The matcher folios are read with (NULL only when the default rules do
 *  not compile: then no text is a folio). */
rule_matcher *layout_folio_matcher(layout_doc *doc);

/* A run of glyphs on one row with no gutter or rule inside. */
typedef struct seg {
    size_t first, n;        /* range in lt_page.order */
    double x0, y0, x1, y1;
    double size;
    bool bold;              /* every glyph bold */
    int cell;               /* index in lt_page.cells, or -1 */
    int block;              /* index in lt_page.blocks */
    poa_drop drop;          /* why the segment is furniture (POA_DROP_NONE: body) */
} seg;

/* A ruled cell: the rules around its text. */
typedef struct cell {
    double l, t, r, b;
    int table;
    int column;
} cell;


typedef struct lt_block {
    GArray *segs;           /* int indices into segs, in order */
    double x0, y0, x1, y1;
    double pitch;           /* last baseline pitch, 0 when one line */
} lt_block;

/* Everything of one page under construction. */
/* A column's left edge at X that rows [row0, row1) of p->rows all start a
 * word at after a gap: two columns set close (a 10 px CSS gap is less than
 * an em), which a single row's gap cannot tell from a wide word space. */
typedef struct gutter {
    double x;
    guint row0, row1;
} gutter;

typedef struct lt_page {
    const ex_page *pg;
    poa_drop *noise;        /* per glyph: why it is noise (POA_DROP_NONE: not) */
    double body;            /* body font size */
    size_t *order;          /* glyph indices grouped by segment */
    size_t n_order;
    GArray *rows;           /* size_t: where each row starts in order */
    GArray *segs;           /* seg */
    ex_rules rules;
    GArray *cells;          /* cell */
    GArray *blocks;         /* block */
    GArray *gutters;        /* gutter: a column edge several rows share */
    int n_tables;
    guint ruled_cells;      /* cells the ruling lines enclose (the "cells" pass) */
    bool rendered;          /* its ruling lines came from a render */
} lt_page;

/* A pass of the page pipeline: it changes the page under construction,
 * reading and writing what its entry in layout_passes says. */
typedef struct lt_pass {
    const char *name;
    void (*run)(lt_page *p);
} lt_pass;

/* The passes between the ruling lines and the furniture, in the order
 * layout_page runs them (layout.c); LAYOUT_PASSES of them. */
extern const lt_pass layout_passes[];
extern const size_t LAYOUT_PASSES;

/* Begin page PG (its glyphs borrowed): the noise set aside ("noise": per
 * glyph why it is noise, and the body size) and the body glyphs grouped
 * into rows and segments ("segments": order, rows, segs).  Release with
 * layout_page_end. */
void layout_page_begin(lt_page *p, const ex_page *pg);

/* Run the passes of layout_passes named FIRST to LAST (inclusive) over P;
 * -1 when a name is not a pass. */
int layout_run_passes(lt_page *p, const char *first, const char *last);

/* Free what page P holds (not its glyphs). */
void layout_page_end(lt_page *p);

/* ---- small geometry helpers ------------------------------------------ */

static inline double gcx(const ex_glyph *g) { return (g->x0 + g->x1) / 2; }
static inline double gcy(const ex_glyph *g) { return (g->y0 + g->y1) / 2; }
static inline double seg_cy(const seg *s) { return (s->y0 + s->y1) / 2; }

static inline double overlap(double a0, double a1, double b0, double b1)
{
    return fmin(a1, b1) - fmax(a0, b0);
}

#define SEG(P, I) (&g_array_index((P)->segs, seg, (I)))
#define CELL(P, I) (&g_array_index((P)->cells, cell, (I)))
#define BLOCK(P, I) (&g_array_index((P)->blocks, lt_block, (I)))

/* True when segment S sits in the top or bottom band of its page. */
static inline bool in_band(const lt_page *p, const seg *s)
{
    double cy = seg_cy(s), h = p->pg->height;
    return cy < LT_TOP_BAND * h || cy > LT_BOTTOM_BAND * h;
}

/* ---- layout.c: segments, body size, text ------------------------------- */

bool layout_is_bullet(gunichar c);
double layout_body_size(const lt_page *p);
seg layout_seg_make(const lt_page *p, size_t first, size_t n);
void layout_seg_add(lt_page *p, size_t first, size_t n);
void layout_seg_set(lt_page *p, guint si, size_t first, size_t n);
void layout_split_rows(lt_page *p);
char *layout_seg_text(const lt_page *p, const seg *s);

/* ---- layout_tables.c: ruling lines, ruled cells, tables ----------------- */

int layout_tables_find_rules(layout_doc *doc, int index, lt_page *p, poa_error *err);
double layout_tables_render_ahead(const layout_doc *doc, const lt_page *p);
int layout_tables_cell_intern(lt_page *p, const cell *c);
void layout_tables_assign_cells(lt_page *p);
void layout_tables_join_cell_rows(lt_page *p);
void layout_tables_clip_cells(lt_page *p);
void layout_tables_build(lt_page *p);

/* ---- layout_keyed.c: unruled keyed tables ------------------------------- */

void layout_keyed_tables(lt_page *p);

/* ---- layout_furniture.c: noise, running headers and footers, folios ----- */

void layout_furniture_mark_noise(lt_page *p);
void layout_furniture_mark(layout_doc *doc, lt_page *p, int index, const furniture_bands *next);
void layout_furniture_collect_bands(layout_doc *doc, const lt_page *p, furniture_bands *out);

#endif
