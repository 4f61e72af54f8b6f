/* lines.h - the text lines the rules stage reads, in reading order.
 *
 * The layout stage (PDF) and the text reader (plain text) both produce a
 * stream of poa_line; the parser consumes it line by line, so a PDF can be
 * handed over one page at a time and plain text a window of lines at a
 * time.  A line in a poa_lines owns its string; a line of a text reader's
 * window (text_lines.h) borrows the reader's.
 */
#ifndef POA_LINES_H
#define POA_LINES_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "poa.h"

/** Flags of a line. */
enum {
    POA_LINE_BLOCK_START = 1u << 0, /* first line of a block, table cell or paragraph */
    POA_LINE_CELL = 1u << 1,        /* the line lies inside a ruled table cell */
    POA_LINE_DROPPED = 1u << 2,     /* furniture or noise: shown by `text --blocks`, never parsed */
    POA_LINE_HEADING = 1u << 3,     /* larger or bolder than the body text around it */
    POA_LINE_ROW_START = 1u << 4,   /* first line of a new table row */
    POA_LINE_PAGE_START = 1u << 5,  /* first body line of its page */
    POA_LINE_LARGE = 1u << 6        /* set larger than the body text (a chapter's title) */
};

/** Why a line was dropped (POA_LINE_DROPPED): furniture or noise, named by
 *  lines_drop_name as `poa2xml text --blocks` shows it. */
typedef enum poa_drop {
    POA_DROP_NONE = 0,       /* kept, or dropped as noise with no reason known */
    POA_DROP_PAGE_NUMBER,
    POA_DROP_RUNNING_HEADER,
    POA_DROP_RUNNING_FOOTER,
    POA_DROP_WATERMARK,      /* a watermark's letters */
    POA_DROP_VERTICAL_TEXT   /* a note printed along the margin */
} poa_drop;

/** The words of WHY ("running header"); "noise" for POA_DROP_NONE. */
const char *lines_drop_name(poa_drop why);

/** One line of text in reading order. */
typedef struct poa_line {
    char *text;            /* UTF-8, NFC, no trailing newline; owned in a poa_lines */
    int page;              /* 1-based; 0 for text input */
    double x0, y0, x1, y1; /* PDF points, origin top-left; zero when unknown */
    double font_size;      /* points; 0 when unknown */
    bool bold;
    unsigned flags;        /* POA_LINE_* */
    int block;             /* index of the block (cell, paragraph) on its page, from 0 */
    int column;            /* table column index when POA_LINE_CELL, else 0 */
    poa_drop drop_reason;  /* why, when POA_LINE_DROPPED */
} poa_line;

/** A line of plain text in an array, as furniture_mark_text marks it (the
 *  reader itself keeps four bits a line, text_lines.c). */
typedef struct text_line {
    char *text;    /* borrowed */
    int block;     /* as poa_line's */
    uint8_t flags; /* POA_LINE_BLOCK_START, POA_LINE_DROPPED */
    uint8_t drop;  /* a poa_drop, when dropped */
} text_line;

/** A growable array of lines that owns them. */
typedef struct poa_lines {
    poa_line *v;
    size_t n, cap;
} poa_lines;

#define POA_LINES_INIT { NULL, 0, 0 }

/** Append a copy of LINE (its text is copied); returns the stored line. */
poa_line *lines_push(poa_lines *lines, const poa_line *line);

/** Free every line's text and empty the array, keeping its storage; NULL is a no-op. */
void lines_clear(poa_lines *lines);

/** Free the contents; the struct itself may be reused after init.  NULL is a no-op. */
void lines_release(poa_lines *lines);

#endif /* POA_LINES_H */
