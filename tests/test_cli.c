/* test_cli.c - poa_cli_main called in process (src/cli.c), as xmllint's
 * testable main is: arguments in, exit status and the two streams out.
 * tests/cli.sh runs the installed command from the outside; here the
 * same entry point runs under the test's own sanitizers and valgrind. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "testutil.h"

/* What one run printed and returned. */
typedef struct run {
    int status;
    char *out, *err;
} run;

/* Run poa2xml with the N words of ARGV (without the program's name),
 * its output and errors caught in memory. */
static run cli(int n, const char *const *words)
{
    char **argv = g_new0(char *, (size_t)n + 2);
    argv[0] = g_strdup("poa2xml");
    for (int i = 0; i < n; i++)
        argv[i + 1] = g_strdup(words[i]);
    run r = { 0, NULL, NULL };
    size_t lo = 0, le = 0;
    FILE *out = open_memstream(&r.out, &lo), *err = open_memstream(&r.err, &le);
    r.status = poa_cli_main(n + 1, argv, out, err);
    fclose(out);
    fclose(err);
    g_strfreev(argv);
    return r;
}

static void run_clear(run *r)
{
    free(r->out);
    free(r->err);
}

#define CLI(...)                                                                          \
    cli((int)G_N_ELEMENTS(((const char *const[]){ __VA_ARGS__ })),                         \
        (const char *const[]){ __VA_ARGS__ })

static void test_help_lists_the_commands_and_succeeds(void **state)
{
    (void)state;
    run r = CLI("--help");
    bool all = strstr(r.out, "convert") && strstr(r.out, "validate") && strstr(r.out, "batch") &&
               strstr(r.out, "diff");
    int status = r.status;
    size_t err_len = strlen(r.err);
    run_clear(&r);
    assert_int_equal(status, 0);
    assert_true(all);
    assert_int_equal(err_len, 0);
}

static void test_unknown_option_is_a_usage_error(void **state)
{
    (void)state;
    run r = CLI("convert", "--no-such-option", "x.pdf");
    bool named = strstr(r.err, "--no-such-option") != NULL;
    bool usage = strstr(r.err, "usage:") != NULL;
    int status = r.status;
    run_clear(&r);
    assert_int_equal(status, 2);
    assert_true(named);
    assert_true(usage);
}

static void test_missing_input_is_reported_with_its_name(void **state)
{
    (void)state;
    run r = CLI("convert", "tests/no-such-file.pdf", "-o", "/dev/null");
    bool named = strstr(r.err, "tests/no-such-file.pdf") != NULL;
    int status = r.status;
    run_clear(&r);
    assert_int_equal(status, POA_E_UNREADABLE);
    assert_true(named);
}

/* A conversion writes its XML to -o and says nothing on standard output;
 * the report of the example is incomplete (exit 1), and says so. */
static void test_convert_writes_the_file_named(void **state)
{
    (void)state;
    char *dir = g_dir_make_tmp("poa-cli-XXXXXX", NULL);
    char *xml = g_build_filename(dir, "incompleto.xml", NULL);
    run r = CLI("convert", "docs/examples/incompleto.txt", "-o", xml);
    int status = r.status;
    size_t out_len = strlen(r.out);
    bool says = strstr(r.err, "incomplete") != NULL;
    run_clear(&r);
    gchar *data = NULL;
    bool written = g_file_get_contents(xml, &data, NULL, NULL);
    bool root = written && strstr(data, "<programaTrabajo") != NULL;
    g_free(data);
    g_unlink(xml);
    g_rmdir(dir);
    g_free(xml);
    g_free(dir);
    assert_int_equal(status, POA_INCOMPLETE);
    assert_int_equal(out_len, 0);
    assert_true(says);
    assert_true(root);
}

/* validate --format json prints an array of one object a file, read
 * back here. */
static void test_validate_json_is_one_object_a_file(void **state)
{
    (void)state;
    run r = CLI("validate", "--format", "json", "docs/examples/incompleto.txt");
    int status = r.status;
    JsonParser *p = json_parser_new();
    bool parsed = json_parser_load_from_data(p, r.out, -1, NULL);
    JsonNode *root = parsed ? json_parser_get_root(p) : NULL;
    JsonArray *files = root && JSON_NODE_HOLDS_ARRAY(root) ? json_node_get_array(root) : NULL;
    guint n = files ? json_array_get_length(files) : 0;
    JsonObject *first = n ? json_array_get_object_element(files, 0) : NULL;
    char *state_word = first ? g_strdup(json_object_get_string_member(first, "status")) : NULL;
    g_object_unref(p);
    run_clear(&r);
    assert_int_equal(status, POA_INCOMPLETE);
    assert_true(parsed);
    assert_int_equal(n, 1);
    assert_string_equal(state_word, "incomplete");
    g_free(state_word);
}

/* Without -o, the XML goes to the output stream given, whole and valid. */
static void test_convert_without_output_writes_to_the_stream(void **state)
{
    (void)state;
    run r = CLI("convert", "docs/examples/incompleto.txt");
    int status = r.status;
    bool xml = g_str_has_prefix(r.out, "<?xml") && strstr(r.out, "</programaTrabajo>");
    run_clear(&r);
    assert_int_equal(status, POA_INCOMPLETE);
    assert_true(xml);
}

/* A report compared with itself has not changed: exit 0, and the text
 * says no change. */
static void test_diff_of_a_file_with_itself_is_no_change(void **state)
{
    (void)state;
    run r = CLI("diff", "docs/examples/incompleto.txt", "docs/examples/incompleto.txt");
    int status = r.status;
    bool none = g_str_has_prefix(r.out, "0 cambios");
    run_clear(&r);
    assert_int_equal(status, 0);
    assert_true(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_lists_the_commands_and_succeeds),
        cmocka_unit_test(test_unknown_option_is_a_usage_error),
        cmocka_unit_test(test_missing_input_is_reported_with_its_name),
        cmocka_unit_test(test_convert_writes_the_file_named),
        cmocka_unit_test(test_validate_json_is_one_object_a_file),
        cmocka_unit_test(test_convert_without_output_writes_to_the_stream),
        cmocka_unit_test(test_diff_of_a_file_with_itself_is_no_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
