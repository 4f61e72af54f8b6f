/* test_lines.c - src/lines.c: the array of lines every reader produces
 * and the parser reads. */
#include "lines.h"

#include <string.h>

#include "testutil.h"

/* A pushed line is a copy: the array owns its text; clearing keeps the
 * storage, releasing frees it, and both accept NULL. */
static void test_push_copies_and_release_frees(void **state)
{
    (void)state;
    char text[] = "Misión";
    poa_lines l = POA_LINES_INIT;
    poa_line line = { 0 };
    line.text = text;
    line.page = 3;
    poa_line *stored = lines_push(&l, &line);
    text[0] = 'X';
    assert_string_equal(stored->text, "Misión");
    assert_int_equal(stored->page, 3);
    assert_int_equal(l.n, 1);
    lines_clear(&l);
    assert_int_equal(l.n, 0);
    assert_non_null(l.v);
    lines_release(&l);
    assert_null(l.v);
    lines_clear(NULL);
    lines_release(NULL);
}

/* Every reason a line is dropped has words of its own for `text
 * --blocks`; a dropped line with no reason known reads as noise. */
static void test_drop_reasons_are_named_apart(void **state)
{
    (void)state;
    const poa_drop all[] = { POA_DROP_PAGE_NUMBER, POA_DROP_RUNNING_HEADER,
                             POA_DROP_RUNNING_FOOTER, POA_DROP_WATERMARK,
                             POA_DROP_VERTICAL_TEXT };
    assert_string_equal(lines_drop_name(POA_DROP_NONE), "noise");
    assert_string_equal(lines_drop_name(POA_DROP_RUNNING_FOOTER), "running footer");
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
        assert_string_not_equal(lines_drop_name(all[i]), "noise");
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(lines_drop_name(all[i]), lines_drop_name(all[j]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_copies_and_release_frees),
        cmocka_unit_test(test_drop_reasons_are_named_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
