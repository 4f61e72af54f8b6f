/* pdf_syntax.h - what the two qpdf readers share: opening a PDF with qpdf
 * (pdf_paths.c reads what a page paints, pdf_textless.c writes a page
 * without its text), and the lexing of a content stream (PDF 32000 7.2,
 * 7.8.2).
 */
#ifndef POA_PDF_SYNTAX_H
#define POA_PDF_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

/** Open DATA (LEN bytes, borrowed while the handle lives) with PASSWORD
 *  (NULL for none), silenced, each page's inherited attributes pushed down
 *  to it.  NULL when qpdf cannot read it, or, unless REPAIRED_OK, had to
 *  repair it: a file repaired may number its pages otherwise than poppler
 *  does (a stray entry in its page tree). */
qpdf_data pdf_syntax_open(const char *data, size_t len, const char *password, bool repaired_ok);

/** Drop the warnings and the error qpdf keeps on Q, so that they do not
 *  pile up over a long document; true when there was an error. */
bool pdf_syntax_drain(qpdf_data q);

/* The tests below run for every byte and operator of a content stream:
 * inline, as they were in the one file that lexed before. */

/** PDF white space (NUL included). */
static inline bool pdf_syntax_is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

/** PDF delimiters, '%' included. */
static inline bool pdf_syntax_is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
           c == '{' || c == '}' || c == '/' || c == '%';
}

/** Past a literal string whose '(' is at P (nested parentheses, escapes). */
const unsigned char *pdf_syntax_skip_string(const unsigned char *p, const unsigned char *end);

/** A number at P, which starts with a digit, sign or point (PDF numbers
 *  have no exponent); *NEXT is set past it. */
double pdf_syntax_read_number(const unsigned char *p, const unsigned char *end,
                              const unsigned char **next);

/** Past the regular characters from P (a keyword, or a name's body). */
const unsigned char *pdf_syntax_skip_regular(const unsigned char *p, const unsigned char *end);

/** Past an inline image whose BI operator ends at P: its dictionary up to
 *  ID, then its data up to an EI between white space. */
const unsigned char *pdf_syntax_skip_inline_image(const unsigned char *p, const unsigned char *end);

/** True when the LEN bytes at S are the keyword LIT. */
static inline bool pdf_syntax_is(const char *s, size_t len, const char *lit)
{
    return len == strlen(lit) && memcmp(s, lit, len) == 0;
}

#endif /* POA_PDF_SYNTAX_H */
