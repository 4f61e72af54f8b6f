/* testqpdf.h - test PDFs edited in memory with qpdf (shared by the test
 * programs that turn, crop or frame a sample's pages). */
#ifndef POA_TESTQPDF_H
#define POA_TESTQPDF_H

#include <qpdf/qpdf-c.h>

#include "testutil.h"

/* The PDF Q holds, written to memory: a copy of its bytes, *LEN long, the
 * caller g_free()s; Q is cleaned up.  Fails the test when qpdf cannot
 * write it. */
static inline char *test_qpdf_written(qpdf_data q, size_t *len)
{
    assert_false(qpdf_init_write_memory(q) & QPDF_ERRORS);
    assert_false(qpdf_write(q) & QPDF_ERRORS);
    *len = qpdf_get_buffer_length(q);
    char *copy = g_memdup2(qpdf_get_buffer(q), *len);
    qpdf_cleanup(&q);
    return copy;
}

#endif /* POA_TESTQPDF_H */
