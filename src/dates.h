/* dates.h - Spanish dates and quarters as printed, to ISO values. */
#ifndef POA_DATES_H
#define POA_DATES_H

#include <stdbool.h>

/** Parse "30/09/2024", "30-09-2024", "2024-09-30", "30 de septiembre de
 *  2024" (or "del año 2024", or the legal "30 días del mes de septiembre
 *  de 2024", its numbers also in words: "treinta días ... de dos mil
 *  veinticuatro") or "30-sep-2024" into an ISO date "YYYY-MM-DD" (a new
 *  string, g_free), or NULL when TEXT holds no valid date.  Words before
 *  the date are skipped. */
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

/** The natural days a body has after each quarter to publish its update
 *  (DOMAIN.md): a report dated within them is the quarter's. */
#define DATES_FILING_DAYS 45

/** Where ISO date falls against the time a report of quarter QUARTER (1..4;
 *  0: of the whole year) of YEAR is dated in: -1 before the first day of
 *  the year before YEAR (a programme is drawn up and approved ahead of
 *  its year), 1 more than DATES_FILING_DAYS after the period's end, 0
 *  within, or when ISO, YEAR or QUARTER is not one.  BOUND gets the bound
 *  passed ("2023-01-01"; "" when within). */
int dates_report_window(const char *iso, int year, int quarter, char bound[static 11]);

/** True when ISO date lies in quarter Q (1..4) of YEAR. */
bool dates_in_quarter(const char *iso, int year, int q);

#endif /* POA_DATES_H */
