/* testutil.h - helpers shared by the cmocka test programs.  Tests run from
 * the repository root (tests/run.sh), so paths are relative to it. */
#ifndef POA_TESTUTIL_H
#define POA_TESTUTIL_H

#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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
