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

/* The month an abbreviation names ("ene", "sept", "set"), or 0. */
static int month_abbreviation(const char *word)
{
    static const char *const abbreviations[] = { "ene", "feb", "mar", "abr", "may", "jun",
                                                 "jul", "ago", "sep", "oct", "nov", "dic" };
    for (int i = 0; i < 12; i++)
        if (strcmp(word, abbreviations[i]) == 0)
            return i + 1;
    return strcmp(word, "sept") == 0 || strcmp(word, "set") == 0 ? 9 : 0;
}

/* Is WORD the next of WORDS (*AT), which it then passes? */
static bool next_is(char **words, size_t *at, const char *word)
{
    if (!words[*at] || strcmp(words[*at], word) != 0)
        return false;
    (*at)++;
    return true;
}

/* The number of at most MAX digits WORD starts with ("1º": 1), or -1. */
static int number_word(const char *word, size_t max)
{
    size_t n = word ? strspn(word, "0123456789") : 0;
    return n > 0 && n <= max ? atoi(word) : -1;
}

/* The Spanish words for numbers a date spells, to 999 and "mil". */
static const struct {
    const char *word;
    int value;
} number_names[] = {
    { "un", 1 }, { "uno", 1 }, { "una", 1 }, { "primero", 1 }, { "dos", 2 }, { "tres", 3 },
    { "cuatro", 4 }, { "cinco", 5 }, { "seis", 6 }, { "siete", 7 }, { "ocho", 8 },
    { "nueve", 9 }, { "diez", 10 }, { "once", 11 }, { "doce", 12 }, { "trece", 13 },
    { "catorce", 14 }, { "quince", 15 }, { "dieciséis", 16 }, { "dieciseis", 16 },
    { "diecisiete", 17 }, { "dieciocho", 18 }, { "diecinueve", 19 }, { "veinte", 20 },
    { "veintiuno", 21 }, { "veintiún", 21 }, { "veintiun", 21 }, { "veintidós", 22 },
    { "veintidos", 22 }, { "veintitrés", 23 }, { "veintitres", 23 }, { "veinticuatro", 24 },
    { "veinticinco", 25 }, { "veintiséis", 26 }, { "veintiseis", 26 }, { "veintisiete", 27 },
    { "veintiocho", 28 }, { "veintinueve", 29 }, { "treinta", 30 }, { "cuarenta", 40 },
    { "cincuenta", 50 }, { "sesenta", 60 }, { "setenta", 70 }, { "ochenta", 80 },
    { "noventa", 90 }, { "cien", 100 }, { "ciento", 100 }, { "doscientos", 200 },
    { "trescientos", 300 }, { "cuatrocientos", 400 }, { "quinientos", 500 },
    { "seiscientos", 600 }, { "setecientos", 700 }, { "ochocientos", 800 },
    { "novecientos", 900 },
};

static int number_name(const char *word)
{
    for (size_t i = 0; word && i < G_N_ELEMENTS(number_names); i++)
        if (strcmp(word, number_names[i].word) == 0)
            return number_names[i].value;
    return -1;
}

/* The number WORDS spell from *AT on ("catorce", "treinta y uno", "dos
 * mil veinticuatro", "mil novecientos noventa y nueve"), which it passes;
 * -1 when they spell none.  "y" joins tens to units only. */
static int number_in_words(char **words, size_t *at)
{
    int total = 0, group = 0;
    size_t i = *at;
    for (; words[i]; i++) {
        int v = number_name(words[i]);
        if (strcmp(words[i], "mil") == 0) {
            total += (group ? group : 1) * 1000;
            group = 0;
        } else if (strcmp(words[i], "y") == 0 && group % 100 >= 30 && group % 10 == 0 &&
                   number_name(words[i + 1]) > 0 && number_name(words[i + 1]) < 10) {
            continue;
        } else if (v > 0) {
            group += v;
        } else {
            break;
        }
    }
    if (i == *at)
        return -1;
    *at = i;
    return total + group;
}

/* A number printed (at most MAX digits) or spelled, from WORDS[*AT] on,
 * which it passes; -1 when none. */
static int date_number(char **words, size_t *at, size_t max)
{
    int n = number_word(words[*at], max);
    if (n >= 0) {
        (*at)++;
        return n;
    }
    return number_in_words(words, at);
}

/* The month WORDS[*AT] names in full (*NAMED) or abbreviated, which it
 * passes; 0 when none. */
static int date_month(char **words, size_t *at, bool *named)
{
    int m = words[*at] ? dates_month(words[*at]) : 0;
    *named = m != 0;
    if (!m && words[*at])
        m = month_abbreviation(words[*at]);
    if (m)
        (*at)++;
    return m;
}

/* The date WORDS spell from WORDS[AT] on: "30 de septiembre de 2024"
 * (also "del 2024", "del año 2024"), the legal "30 días del mes de
 * septiembre de 2024" (the numbers also in words: "a los catorce días del
 * mes de enero de dos mil veintiséis"), and a month abbreviated:
 * "30-sep-2024", "30 sept. 2024", "30/SEP/2024". */
static char *date_at(char **words, size_t at)
{
    int d = date_number(words, &at, 2);
    if (d <= 0)
        return NULL;
    if (next_is(words, &at, "días") || next_is(words, &at, "dias") || next_is(words, &at, "día"))
        if (!next_is(words, &at, "del") || !next_is(words, &at, "mes"))
            return NULL;
    bool de = next_is(words, &at, "de"), named;
    int m = date_month(words, &at, &named);
    /* a month's name goes between "de"s ("de julio de"); an abbreviation
     * between marks ("-jul-") or words ("de jul. de") */
    bool de_after = next_is(words, &at, "de") || next_is(words, &at, "del");
    if (!m || (named && (!de || !de_after)) || (!named && de != de_after))
        return NULL;
    next_is(words, &at, "año");
    return iso_or_null(d, m, date_number(words, &at, 4));
}

/* The first date TEXT spells in words (date_at), or NULL. */
static char *parse_words(const char *text)
{
    /* every such date has a digit or a " de " (most texts tried have neither:
     * a form's value, words alone) */
    if (!strpbrk(text, "0123456789") && !strstr(text, " de ") && !strstr(text, " DE "))
        return NULL;
    char *low = g_utf8_strdown(text, -1);
    char **words = g_strsplit_set(low, " \t-/.,;:", -1);
    /* the separators leave empty words: keep the others, in order */
    size_t n = 0;
    for (size_t i = 0; words[i]; i++) {
        if (*words[i])
            words[n++] = words[i];
        else
            g_free(words[i]);
    }
    words[n] = NULL;
    char *iso = NULL;
    for (size_t at = 0; at < n && !iso; at++) {
        /* a date starts a number, not within one ("treinta y dos") */
        const char *before = at ? words[at - 1] : NULL;
        bool within = before && (number_word(before, 4) >= 0 || number_name(before) > 0 ||
                                 strcmp(before, "y") == 0 || strcmp(before, "mil") == 0);
        if (!within)
            iso = date_at(words, at);
    }
    g_free(low);
    g_strfreev(words);
    return iso;
}

char *dates_parse(const char *text)
{
    const char *digits = text;
    while (*digits && !g_ascii_isdigit(*digits))
        digits++;
    int a = 0, b = 0, c = 0;
    char s1 = 0, s2 = 0;
    if (sscanf(digits, "%4d-%2d-%2d", &a, &b, &c) == 3 && a > 31)
        return iso_or_null(c, b, a);
    if (sscanf(digits, "%2d%c%2d%c%4d", &a, &s1, &b, &s2, &c) == 5 && s1 == s2 &&
        (s1 == '/' || s1 == '-' || s1 == '.'))
        return iso_or_null(a, b, c);
    return parse_words(text); /* a day in words comes before any digit */
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

int dates_report_window(const char *iso, int year, int quarter, char bound[static 11])
{
    int y = 0, m = 0, d = 0;
    bound[0] = '\0';
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || year < 2 || year > 9999 ||
        quarter < 0 || quarter > 4 || !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
        return 0;
    GDate date, first, last;
    g_date_clear(&date, 1);
    g_date_clear(&first, 1);
    g_date_clear(&last, 1);
    g_date_set_dmy(&date, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
    g_date_set_dmy(&first, 1, G_DATE_JANUARY, (GDateYear)(year - 1));
    GDateMonth end = (GDateMonth)(quarter ? quarter * 3 : 12);
    g_date_set_dmy(&last, g_date_get_days_in_month(end, (GDateYear)year), end, (GDateYear)year);
    g_date_add_days(&last, DATES_FILING_DAYS);
    int side = g_date_compare(&date, &first) < 0 ? -1 : g_date_compare(&date, &last) > 0 ? 1 : 0;
    if (side)
        g_date_strftime(bound, 11, "%Y-%m-%d", side < 0 ? &first : &last);
    return side;
}

bool dates_in_quarter(const char *iso, int year, int q)
{
    int y = 0, m = 0, d = 0;
    if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
        return false;
    return y == year && (m - 1) / 3 + 1 == q;
}
