/* text_lines.h - plain text read as lines. */
#ifndef POA_TEXT_LINES_H
#define POA_TEXT_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "lines.h"
#include "rules.h"

/** A plain text split into its lines: one per non-blank line, page 0; a
 *  line after a blank line starts a block; page numbers and running
 *  headers marked dropped, the page numbers read with the rules' `folio`
 *  rules.  The text is held once; the lines are handed out a window at a
 *  time. */
typedef struct text_reader text_reader;

/** Read TEXT (UTF-8, validated and NFC, LEN bytes, NUL-terminated,
 *  g_malloc'd), which the reader takes, with RULES. */
text_reader *text_reader_new(char *text, size_t len, const poa_rules *rules);

/** How many lines the text holds. */
size_t text_reader_count(const text_reader *r);

/** Do the text's blank lines mark its paragraphs?  Not when nearly every
 *  line follows one (double-spaced text, as pdftotext writes table cells),
 *  nor when hardly any does (fewer than one line in twenty), where one
 *  block runs over headings and lists alike. */
bool text_reader_blocks_reliable(const text_reader *r);

/** Lines FROM .. FROM+COUNT (those there are) into OUT, which has room for
 *  COUNT; their texts are the reader's, valid while it lives.  Returns how
 *  many lines it filled.  Reading forward is cheapest: a line is found
 *  from the last one asked for. */
size_t text_reader_window(text_reader *r, size_t from, size_t count, poa_line *out);

/** Lines before BEFORE will not be asked for again: the pages their text
 *  filled are given back, and a text_reader_window of them is an error. */
void text_reader_forget(text_reader *r, size_t before);

/** Free R and its text; NULL is a no-op. */
void text_reader_free(text_reader *r);

/** Every line of TEXT (LEN bytes, copied) appended to OUT, as a reader
 *  reads them. */
void text_lines_read(poa_lines *out, const char *text, size_t len, const poa_rules *rules);

#endif /* POA_TEXT_LINES_H */
