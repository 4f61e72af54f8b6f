/* testutil.h - helpers shared by the cmocka test programs.  Tests run from
 * the repository root (tests/run.sh), so paths are relative to it. */
#ifndef POA_TESTUTIL_H
#define POA_TESTUTIL_H

#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "rules.h"

/* The shared folder beside the repository (CI lays a copy there). */
#define TEST_SHARED_DIR "../shared"

/* The default rules, interpreted (shared; never freed). */
static inline const poa_rules *test_default_rules(void)
{
    poa_error err = POA_ERROR_INIT;
    const poa_rules *rules = rules_default_shared(false, &err);
    if (!rules)
        fail_msg("default rules: %s", err.message);
    return rules;
}

/* A rewrite of plain text before it is read as lines (text_columns_unroll,
 * text_tables_unroll): TEXT taken, *LEN its length, the text returned. */
typedef char *(*test_rewrite)(char *text, size_t *len, void *data);

/* IN rewritten by REWRITE (a copy taken), its length checked; caller frees. */
static inline char *test_rewritten(test_rewrite rewrite, void *data, const char *in)
{
    size_t len = strlen(in);
    char *got = rewrite(g_strdup(in), &len, data);
    assert_int_equal(len, strlen(got));
    return got;
}

/* IN rewritten by REWRITE is WANT, or the test fails showing both. */
static inline void test_expect_rewritten(test_rewrite rewrite, void *data, const char *in,
                                         const char *want)
{
    char *got = test_rewritten(rewrite, data, in);
    if (strcmp(got, want) != 0)
        fail_msg("rewritten:\n%s\nwant:\n%s", got, want);
    g_free(got);
}

/* Standard error caught, for a test of what a library call prints: from
 * test_stderr_begin, whatever the process writes to file descriptor 2
 * lands in a temporary file, which test_stderr_end reads back. */
typedef struct test_stderr {
    int saved;
    FILE *capture;
} test_stderr;

static inline test_stderr test_stderr_begin(void)
{
    fflush(stderr);
    test_stderr c = { dup(STDERR_FILENO), tmpfile() };
    if (c.saved < 0 || !c.capture)
        fail_msg("cannot catch standard error");
    dup2(fileno(c.capture), STDERR_FILENO);
    return c;
}

/* Standard error back as it was, and what was written to it since C began
 * (g_free it). */
static inline char *test_stderr_end(test_stderr *c)
{
    fflush(stderr);
    dup2(c->saved, STDERR_FILENO);
    close(c->saved);
    off_t n = lseek(fileno(c->capture), 0, SEEK_END);
    char *printed = g_malloc0(n > 0 ? (size_t)n + 1 : 1);
    if (n > 0 && pread(fileno(c->capture), printed, (size_t)n, 0) != n)
        fail_msg("cannot read back standard error");
    fclose(c->capture);
    return printed;
}

/* Read a whole file; fails the test when it cannot.  Caller g_free()s. */
static inline char *test_read_file(const char *path, size_t *len)
{
    char *data = NULL;
    gsize n = 0;
    GError *error = NULL;
    if (!g_file_get_contents(path, &data, &n, &error)) {
        fail_msg("cannot read %s: %s", path, error->message);
    }
    if (len)
        *len = n;
    return data;
}

#endif /* POA_TESTUTIL_H */
