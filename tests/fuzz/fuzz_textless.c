/* fuzz_textless.c - libFuzzer entry: bytes as a PDF whose first page is
 * copied without its text (src/pdf_textless.c: qpdf's copy of a hostile
 * page's resources, forms and annotations, each content stream stripped),
 * and the same bytes as a content stream, stripped twice: the second
 * strip must change nothing (no text-showing operator survives the first,
 * and removing one never glues its neighbours into a new one).  Any crash,
 * leak, sanitizer report, time-out or broken property is a finding. */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pdf_syntax.h"
#include "pdf_textless.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void strip_twice(const uint8_t *data, size_t size)
{
    GString *once = g_string_new(NULL), *twice = g_string_new(NULL);
    textless_strip(data, size, once);
    textless_strip((const unsigned char *)once->str, once->len, twice);
    if (once->len != twice->len || memcmp(once->str, twice->str, once->len) != 0)
        __builtin_trap();
    g_string_free(once, TRUE);
    g_string_free(twice, TRUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    strip_twice(data, size);
    qpdf_data q = pdf_syntax_open((const char *)data, size, NULL, true);
    if (q) {
        GBytes *copy = textless_page(q, 0, false);
        if (copy)
            g_bytes_unref(copy);
        copy = textless_page(q, 0, true);
        if (copy)
            g_bytes_unref(copy);
        qpdf_cleanup(&q);
    }
    return 0;
}
