/* pdf_syntax.c - opening a PDF with qpdf, and the lexing of content
 * streams: what pdf_paths.c and pdf_textless.c share. */
#include "pdf_syntax.h"

#include <string.h>

bool pdf_syntax_drain(qpdf_data q)
{
    bool failed = qpdf_has_error(q);
    if (failed)
        qpdf_get_error(q);
    while (qpdf_more_warnings(q))
        qpdf_next_warning(q);
    return failed;
}

qpdf_data pdf_syntax_open(const char *data, size_t len, const char *password, bool repaired_ok)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    bool failed = (qpdf_read_memory(q, "PDF", data, len, password ? password : "") & QPDF_ERRORS) ||
                  (qpdf_push_inherited_attributes_to_page(q) & QPDF_ERRORS);
    bool repaired = !failed && !repaired_ok && qpdf_more_warnings(q);
    failed = pdf_syntax_drain(q) || failed || repaired; /* an error left untaken is printed by qpdf_cleanup */
    if (!failed && qpdf_get_num_pages(q) < 0) {
        pdf_syntax_drain(q);
        failed = true;
    }
    if (failed)
        qpdf_cleanup(&q);
    return q;
}


const unsigned char *pdf_syntax_skip_string(const unsigned char *p, const unsigned char *end)
{
    int depth = 0;
    for (; p < end; p++) {
        if (*p == '\\' && p + 1 < end)
            p++;
        else if (*p == '(')
            depth++;
        else if (*p == ')' && --depth == 0)
            return p + 1;
    }
    return end;
}

double pdf_syntax_read_number(const unsigned char *p, const unsigned char *end,
                              const unsigned char **next)
{
    double sign = 1, v = 0, scale = 0;
    while (p < end && (*p == '-' || *p == '+')) /* "--5" is read as -5, as poppler does */
        sign = *p++ == '-' ? -1 : sign;
    for (; p < end; p++) {
        if (*p >= '0' && *p <= '9') {
            v = v * 10 + (*p - '0');
            if (scale > 0)
                scale *= 10;
        } else if (*p == '.' && scale == 0) {
            scale = 1;
        } else {
            break;
        }
    }
    *next = p;
    return sign * (scale > 0 ? v / scale : v);
}

const unsigned char *pdf_syntax_skip_regular(const unsigned char *p, const unsigned char *end)
{
    while (p < end && !pdf_syntax_is_space(*p) && !pdf_syntax_is_delim(*p))
        p++;
    return p;
}

const unsigned char *pdf_syntax_skip_inline_image(const unsigned char *p, const unsigned char *end)
{
    for (; p + 1 < end; p++) {
        if (p[0] == 'I' && p[1] == 'D' && pdf_syntax_is_space(p[-1]) &&
            (p + 2 == end || pdf_syntax_is_space(p[2]))) {
            p += p + 2 < end ? 3 : 2; /* past "ID" and the one white space after it */
            break;
        }
        if (*p == '(')
            p = pdf_syntax_skip_string(p, end) - 1;
    }
    for (; p + 1 < end; p++)
        if (p[0] == 'E' && p[1] == 'I' && pdf_syntax_is_space(p[-1]) &&
            (p + 2 == end || pdf_syntax_is_space(p[2])))
            return p + 2;
    return end;
}

