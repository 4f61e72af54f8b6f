/* util.h - small helpers shared by every stage: error filling and text
 * utilities built on GLib (which owns UTF-8 handling and normalisation).
 */
#ifndef POA_UTIL_H
#define POA_UTIL_H

#include <glib.h>
#include <stdarg.h>
#include <stdbool.h>

#include "poa.h"

/* json-glib's node, declared as json-glib declares it */
typedef struct _JsonNode JsonNode;

/** Fill ERR (when not NULL) with CODE and a printf-style message; returns
 *  -CODE so callers can write `return poa_fail(err, ...)`. */
int poa_fail(poa_error *err, poa_status code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/** Collapse runs of white space (Unicode) into one ASCII space and trim
 *  both ends.  Returns a new string the caller frees with g_free. */
char *util_collapse_space(const char *text);

/** The head of util_collapse_space(TEXT): the whole of it when it is at
 *  most MAX bytes, else its first characters past MAX bytes (so that a
 *  reader of MAX bytes still sees it is cut), never a megabyte line
 *  copied whole.  Caller frees. */
char *util_collapse_space_head(const char *text, size_t max);

/** util_collapse_space within TEXT itself, which it returns. */
char *util_collapse_space_in_place(char *text);

/** Make ERR's message name the file NAME ("NAME: message") unless it
 *  already does, so that every failure of a conversion says which file
 *  it was (a page that poppler cannot read, memory running out).
 *  Returns -code, for `return util_name_error(err, name)`. */
int util_name_error(poa_error *err, const char *name);

/** True when TEXT is NULL or holds only ASCII white space (absent). */
bool util_is_blank(const char *text);

/** Drop one final period of TEXT in place ("... y Agostaderos." is a name). */
void util_strip_final_period(char *text);

/** Is TEXT a figure alone ("96", "2.400", "89 %", "$ 1,200.50"): digits,
 *  with the separators, signs and units a table's cell prints around them? */
bool util_is_figure(const char *text);

/** Is TEXT a calendar's marks and figures only ("X X", "1 0 1", ""): every
 *  word one character or a figure? */
bool util_marks_only(const char *text);

/** True when TEXT (UTF-8, may be NULL) holds a letter of any script. */
bool util_has_letter(const char *text);

/** Does TEXT hold two letters at least: a word, not a figure, a date or a
 *  grid's mark ("X", "A")? */
bool util_has_word(const char *text);

/** Are A and B the same words but for case ("INSTITUTO X", "Instituto X")?
 *  False when either is NULL. */
bool util_same_words(const char *a, const char *b);

/** TEXT cut to its first 57 characters and "…" when longer than 60
 *  (g_free); an excerpt is its own excerpt. */
char *util_excerpt(const char *text);

/** The value of a Roman numeral in capitals up to 39, written the one usual
 *  way ("IV", never "IIII"): 1..39, or 0 for anything else. */
int util_roman_value(const char *s);

/** Last path component of PATH; borrowed pointer into PATH. */
const char *util_basename(const char *path);

/** Do paths A and B name one file (same device and inode)?  False when
 *  either cannot be read.  Names cannot say it: links, "./a", "a/../a". */
bool util_same_file(const char *a, const char *b);

/** Fail with POA_E_UNREADABLE and the one message for ERRNUM, the same
 *  whichever command met it: "PATH: cannot read: no such file". */
int util_fail_unreadable(poa_error *err, const char *path, int errnum);

/** Does DATA start (within its first KiB) with a PDF header? */
bool util_is_pdf(const char *data, size_t len);

/** PATH whole into *DATA, NUL-terminated, *LEN its bytes ("-": standard
 *  input).  0, or the status with ERR set.  Caller frees *DATA. */
int util_read_input(const char *path, char **data, gsize *len, poa_error *err);

/** Write DATA[0..LEN) to PATH: atomically for a file (a temporary file
 *  beside it, then renamed), in place for a device or a pipe, to standard
 *  output for NULL or "-".  Returns 0, or -POA_E_OUTPUT with ERR set. */
int util_write_output(const char *path, const char *data, size_t len, poa_error *err);

/** Write DATA[0..LEN) to the stream TO and flush it (the command line's
 *  standard output, which a test may replace).  Returns 0, or
 *  -POA_E_OUTPUT with ERR set. */
int util_write_stream(FILE *to, const char *data, size_t len, poa_error *err);

/** ROOT as JSON on one line, members without spaces between them (json-glib's
 *  generator).  Caller frees (g_free). */
char *util_json_text(JsonNode *root);

/** The text of JSON value NODE: a string as it is, an integer as digits, a
 *  number with a fraction to the hundredth; NULL for NULL, null or any
 *  other node.  Caller frees. */
char *util_json_value_text(JsonNode *node);

#endif /* POA_UTIL_H */
