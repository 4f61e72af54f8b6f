/* dates.h - Spanish dates and quarters as printed, to ISO values. */
#ifndef POA_DATES_H
#define POA_DATES_H

#include <stdbool.h>

/** Parse "30/09/2024", "30-09-2024", "2024-09-30" or "30 de septiembre de
 *  2024" into an ISO date "YYYY-MM-DD" (a new string, g_free), or NULL
 *  when TEXT holds no valid date. */
char *dates_parse(const char *text);

/** Quarter 1..4 from "tercer", "3er.", "3", "III", or 0. */
int dates_quarter_word(const char *word);

/** Month 1..12 from its Spanish name ("septiembre", "setiembre"), or 0. */
int dates_month(const char *name);

/** Quarter of the period START..END (ISO dates) when it is exactly one
 *  calendar quarter, else 0. */
int dates_period_quarter(const char *start, const char *end);

/** Year of an ISO date, or 0. */
int dates_year(const char *iso);

/** True when ISO date lies in quarter Q (1..4) of YEAR. */
bool dates_in_quarter(const char *iso, int year, int q);

#endif /* POA_DATES_H */
