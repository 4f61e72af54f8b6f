/* test_dates.c - src/dates.c: Spanish dates as printed to ISO, quarters
 * from words, months and periods. */
#include "dates.h"

#include <glib.h>
#include <string.h>

#include "testutil.h"

static void expect_date(const char *text, const char *want)
{
    char *got = dates_parse(text);
    if (g_strcmp0(got, want) != 0)
        fail_msg("\"%s\": got %s, want %s", text, got ? got : "NULL", want ? want : "NULL");
    g_free(got);
}

static void test_numeric_dates_day_first(void **state)
{
    expect_date("30/09/2024", "2024-09-30");
    expect_date("30-09-2024", "2024-09-30");
    expect_date("30.09.2024", "2024-09-30");
    expect_date("1/7/2024", "2024-07-01");
}

static void test_iso_dates(void **state)
{
    expect_date("2024-09-30", "2024-09-30");
}

static void test_dates_in_words(void **state)
{
    expect_date("30 de septiembre de 2024", "2024-09-30");
    expect_date("1 de julio del 2024", "2024-07-01");
    expect_date("15 de Octubre de 2024", "2024-10-15");
    expect_date("30 de setiembre de 2024", "2024-09-30");
    expect_date("31 DE DICIEMBRE DE 2023", "2023-12-31");
}

static void test_dates_in_legal_words_and_abbreviated(void **state)
{
    expect_date("a los 15 días del mes de enero de 2024", "2024-01-15");
    expect_date("A LOS 3 DÍAS DEL MES DE MARZO DEL AÑO 2025", "2025-03-03");
    expect_date("9 de enero del año 2019", "2019-01-09");
    expect_date("15-ene-2024", "2024-01-15");
    expect_date("15 sept. 2024", "2024-09-15");
    expect_date("7/DIC/2023", "2023-12-07");
    expect_date("1º de julio de 2024", "2024-07-01");
    expect_date("a los catorce días del mes de enero de dos mil veintiséis", "2026-01-14");
    expect_date("treinta y uno de diciembre de mil novecientos noventa y nueve", "1999-12-31");
    expect_date("primero de julio del año dos mil veinte", "2020-07-01");
    expect_date("30 y 31 de enero de 2024", NULL);
    expect_date("treinta y dos de enero de 2024", NULL);
    expect_date("veinte de enero de dos", NULL);
    /* a name between "de"s, an abbreviation between marks or "de"s */
    expect_date("15 enero 2024", NULL);
    expect_date("15 de ene 2024", NULL);
    expect_date("15 días de enero de 2024", NULL);
    expect_date("15 de marzo", NULL);
}

/* A report of the third quarter of 2024 is dated from 2023-01-01 (drawn
 * up the year before) to 2024-11-14 (45 days after the quarter). */
static void test_report_window(void **state)
{
    char bound[11];
    assert_int_equal(dates_report_window("2024-11-14", 2024, 3, bound), 0);
    assert_string_equal(bound, "");
    assert_int_equal(dates_report_window("2023-01-01", 2024, 3, bound), 0);
    assert_int_equal(dates_report_window("2024-11-15", 2024, 3, bound), 1);
    assert_string_equal(bound, "2024-11-14");
    assert_int_equal(dates_report_window("2022-12-31", 2024, 3, bound), -1);
    assert_string_equal(bound, "2023-01-01");
    assert_int_equal(dates_report_window("2025-02-14", 2024, 0, bound), 0);
    assert_int_equal(dates_report_window("2025-02-15", 2024, 0, bound), 1);
    assert_int_equal(dates_report_window("2024-02-30", 2024, 1, bound), 0);
    assert_int_equal(dates_report_window(NULL, 2024, 1, bound), 0);
    assert_int_equal(dates_report_window("2030-01-01", 2024, 5, bound), 0);
}

static void test_leading_label_skipped(void **state)
{
    expect_date("Fecha de validación: 18/10/2024", "2024-10-18");
    expect_date("al 30 de junio de 2024.", "2024-06-30");
}

static void test_impossible_dates_rejected(void **state)
{
    expect_date("31/09/2024", NULL);
    expect_date("29/02/2023", NULL);
    expect_date("32 de enero de 2024", NULL);
    expect_date("15/13/2024", NULL);
    expect_date("01/01/1800", NULL);
}

static void test_leap_day_accepted(void **state)
{
    expect_date("29/02/2024", "2024-02-29");
}

static void test_text_without_a_date_gives_null(void **state)
{
    expect_date("sin fecha", NULL);
    expect_date("", NULL);
    expect_date("30/09-2024", NULL);       /* mixed separators */
    expect_date("30 de brumario de 2024", NULL);
    expect_date("30 septiembre 2024", NULL);
}

static void test_quarter_words(void **state)
{
    static const struct { const char *word; int q; } cases[] = {
        { "primer", 1 }, { "Segundo", 2 }, { "TERCER", 3 }, { "cuarto", 4 },
        { "1er.", 1 }, { "2do.", 2 }, { "3er.", 3 }, { "4to", 4 }, { "3º", 3 }, { "3", 3 },
        { "I", 1 }, { "II", 2 }, { "III", 3 }, { "IV", 4 }, { "iii", 3 },
        { "quinto", 0 }, { "5", 0 }, { "V", 0 }, { "", 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        if (dates_quarter_word(cases[i].word) != cases[i].q)
            fail_msg("\"%s\": got %d, want %d", cases[i].word, dates_quarter_word(cases[i].word),
                     cases[i].q);
}

static void test_month_names(void **state)
{
    assert_int_equal(dates_month("enero"), 1);
    assert_int_equal(dates_month("JULIO"), 7);
    assert_int_equal(dates_month("Septiembre"), 9);
    assert_int_equal(dates_month("setiembre"), 9);
    assert_int_equal(dates_month("diciembre"), 12);
    assert_int_equal(dates_month("jul"), 0);
    assert_int_equal(dates_month("julio "), 0);
}

static void test_period_of_one_calendar_quarter(void **state)
{
    assert_int_equal(dates_period_quarter("2024-01-01", "2024-03-31"), 1);
    assert_int_equal(dates_period_quarter("2024-04-01", "2024-06-30"), 2);
    assert_int_equal(dates_period_quarter("2024-07-01", "2024-09-30"), 3);
    assert_int_equal(dates_period_quarter("2024-10-01", "2024-12-31"), 4);
}

static void test_period_that_is_not_a_quarter(void **state)
{
    assert_int_equal(dates_period_quarter("2024-07-01", "2024-09-29"), 0);
    assert_int_equal(dates_period_quarter("2024-07-01", "2024-12-31"), 0);
    assert_int_equal(dates_period_quarter("2024-02-01", "2024-04-30"), 0);
    assert_int_equal(dates_period_quarter("2023-10-01", "2024-12-31"), 0);
    assert_int_equal(dates_period_quarter(NULL, "2024-12-31"), 0);
    assert_int_equal(dates_period_quarter("2024-10-01", NULL), 0);
}

static void test_year_of_iso_date(void **state)
{
    assert_int_equal(dates_year("2024-09-30"), 2024);
    assert_int_equal(dates_year(NULL), 0);
}

static void test_date_in_quarter(void **state)
{
    assert_true(dates_in_quarter("2024-09-30", 2024, 3));
    assert_true(dates_in_quarter("2024-07-01", 2024, 3));
    assert_false(dates_in_quarter("2024-10-01", 2024, 3));
    assert_false(dates_in_quarter("2023-09-30", 2024, 3));
    assert_false(dates_in_quarter(NULL, 2024, 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numeric_dates_day_first),
        cmocka_unit_test(test_iso_dates),
        cmocka_unit_test(test_dates_in_words),
        cmocka_unit_test(test_dates_in_legal_words_and_abbreviated),
        cmocka_unit_test(test_report_window),
        cmocka_unit_test(test_leading_label_skipped),
        cmocka_unit_test(test_impossible_dates_rejected),
        cmocka_unit_test(test_leap_day_accepted),
        cmocka_unit_test(test_text_without_a_date_gives_null),
        cmocka_unit_test(test_quarter_words),
        cmocka_unit_test(test_month_names),
        cmocka_unit_test(test_period_of_one_calendar_quarter),
        cmocka_unit_test(test_period_that_is_not_a_quarter),
        cmocka_unit_test(test_year_of_iso_date),
        cmocka_unit_test(test_date_in_quarter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
