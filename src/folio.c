/* folio.c - a page's number as printed, read by the rule file. */
#include "folio.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

int folio_read(rule_matcher *m, const char *text, bool *strong)
{
    if (strong)
        *strong = false;
    /* plain text sets a folio off with spaces ("          3") */
    text += strspn(text, " \t\f");
    size_t len = strlen(text);
    while (len && strchr(" \t", text[len - 1]))
        len--;
    if (len > FOLIO_MAX_BYTES || !m)
        return -1;
    rule_match match = RULE_MATCH_INIT;
    int value = -1;
    if (rules_match_kind(m, RK_FOLIO, text, &match)) {
        char *n = rule_match_group(&match, "n");
        value = n ? atoi(n) : -1;
        if (strong)
            *strong = rule_match_has(&match, "word") || rule_match_has(&match, "of");
        g_free(n);
    }
    rule_match_clear(&match);
    return value;
}
