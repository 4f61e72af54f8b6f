/* dates.c - Spanish dates and quarters as printed, to ISO values.
 * Validity of a day in its month is GLib's (g_date_valid_dmy). */
#include "dates.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_names[] = { "enero", "febrero", "marzo", "abril", "mayo",
                                           "junio", "julio", "agosto", "septiembre",
                                           "octubre", "noviembre", "diciembre" };

int dates_month(const char *name)
{
    char *low = g_utf8_strdown(name, -1);
    int month = 0;
    for (int i = 0; i < 12 && !month; i++)
        if (strcmp(low, month_names[i]) == 0)
            month = i + 1;
    if (!month && strcmp(low, "setiembre") == 0)
        month = 9;
    g_free(low);
    return month;
}

static char *iso_or_null(int d, int m, int y)
{
    if (y < 1900 || y > 2200 || !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
        return NULL;
    return g_strdup_printf("%04d-%02d-%02d", y, m, d);
}

/* "30 de septiembre de 2024" (also "del 2024", and in capitals: headings
 * print "30 DE SEPTIEMBRE DE 2024"). */
static char *parse_words(const char *text)
{
    int d = 0, y = 0;
    char month[32] = "";
    char prep[8] = "";
    char *low = g_ascii_strdown(text, -1);
    char *iso = NULL;
    if (sscanf(low, "%2d de %31s %7s %4d", &d, month, prep, &y) == 4 &&
        (strcmp(prep, "de") == 0 || strcmp(prep, "del") == 0)) {
        int m = dates_month(month);
        iso = m ? iso_or_null(d, m, y) : NULL;
    }
    g_free(low);
    return iso;
}

char *dates_parse(const char *text)
{
    while (*text && !g_ascii_isdigit(*text))
        text++;
    int a = 0, b = 0, c = 0;
    char s1 = 0, s2 = 0;
    if (sscanf(text, "%4d-%2d-%2d", &a, &b, &c) == 3 && a > 31)
        return iso_or_null(c, b, a);
    if (sscanf(text, "%2d%c%2d%c%4d", &a, &s1, &b, &s2, &c) == 5 && s1 == s2 &&
        (s1 == '/' || s1 == '-' || s1 == '.'))
        return iso_or_null(a, b, c);
    return parse_words(text);
}

int dates_quarter_word(const char *word)
{
    static const char *const ordinals[] = { "primer", "segundo", "tercer", "cuarto" };
    static const char *const romans[] = { "i", "ii", "iii", "iv" };
    char *low = g_utf8_strdown(word, -1);
    int q = 0;
    for (int i = 0; i < 4 && !q; i++)
        if (g_str_has_prefix(low, ordinals[i]) || strcmp(low, romans[i]) == 0)
            q = i + 1;
    if (!q && g_ascii_isdigit(low[0]) && low[0] >= '1' && low[0] <= '4')
        q = low[0] - '0';
    g_free(low);
    return q;
}

int dates_year(const char *iso)
{
    return iso ? atoi(iso) : 0;
}

int dates_period_quarter(const char *start, const char *end)
{
    int y1 = 0, m1 = 0, d1 = 0, y2 = 0, m2 = 0, d2 = 0;
    if (!start || !end || sscanf(start, "%d-%d-%d", &y1, &m1, &d1) != 3 ||
        sscanf(end, "%d-%d-%d", &y2, &m2, &d2) != 3)
        return 0;
    if (y1 != y2 || d1 != 1 || (m1 - 1) % 3 != 0 || m2 != m1 + 2)
        return 0;
    if (d2 != g_date_get_days_in_month((GDateMonth)m2, (GDateYear)y2))
        return 0;
    return (m1 - 1) / 3 + 1;
}

bool dates_in_quarter(const char *iso, int year, int q)
{
    int y = 0, m = 0, d = 0;
    if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
        return false;
    return y == year && (m - 1) / 3 + 1 == q;
}
