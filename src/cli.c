/* cli.c - argument parsing and messages only: every decision a library
 * user would need lives in the library.  Subcommands as in git:
 * poa2xml convert | validate | text.  Exit codes are poa_status values. */
#include "cli.h"

#include <getopt.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "diff.h"
#include "poa.h"
#include "util.h"
#include "load.h"

#define PROG "poa2xml"

/* The commands: their usage lines and the options each one uses (the
 * short letters of parse_options); any other option is refused. */
typedef struct command {
    const char *name, *usage, *options, *summary;
} command;

static const command commands[] = {
    { "convert",
      PROG " convert INPUT [-o OUT.xml] [--html OUT.html] [--stylesheet HREF]\n"
      "                     [--password PW] [--rules FILE]",
      "oprHs",
      "convert a PDF or UTF-8 text file (- reads standard input); XML to standard\n"
      "output or, atomically, to -o FILE (never over the input); --html also\n"
      "writes the report as a page to open in a browser" },
    { "validate", PROG " validate [--format text|json|jsonl|xml] [--password PW] [--rules FILE] FILE...",
      "pfr",
      "check XML (schema, then completeness) or convert and check PDF/text files\n"
      "(- reads standard input); one line per finding, a summary per file" },
    { "text", PROG " text [--blocks] [--password PW] INPUT", "bp",
      "print the text in reading order, as the rules see it (- reads standard input)" },
    { "diff", PROG " diff OLD NEW [--format text|json|html] [-o OUT] [--password PW] [--rules FILE]",
      "fopr",
      "what changed between two reports of one body (XML, or any file convert\n"
      "reads): plan elements and FODA items added, removed, renumbered or reworded,\n"
      "facts changed; exit 0 when they say the same, 1 when something changed" },
    { "batch",
      PROG " batch INPUT... -o OUT_DIR [-j N] [--manifest LIST] [--resume]\n"
      "                     [--timeout S] [--memory MB] [--shard K/N] [--quiet]",
      "oprjmRTMSq",
      "convert files and folders (recursively) into OUT_DIR, in parallel; summaries\n"
      "OUT_DIR/resumen.csv and resumen.jsonl" },
};

/* Each option's line of help, by its short letter. */
static const struct {
    char letter;
    const char *line;
} option_help[] = {
    { 'o', "  -o, --output FILE  write the XML to FILE atomically (convert); the folder (batch);\n"
           "                     the changes (diff)" },
    { 'H', "      --html FILE    convert: also write the report as an HTML page to FILE" },
    { 's', "      --stylesheet HREF  convert: the XML names this XSLT (programa-trabajo.xsl)\n"
           "                     so that a browser opening it shows the page" },
    { 'p', "  -p, --password PW  password of an encrypted PDF" },
    { 'r', "  -r, --rules FILE   use this rule file instead of the built-in rules" },
    { 'f', "  -f, --format FMT   validate: text (default), json, jsonl or xml;\n"
           "                     diff: text (default), json or html" },
    { 'b', "  -b, --blocks       text: one row per line with page, box, font and flags" },
    { 'j', "  -j, --jobs N       batch: files converted at once (default: the cores)" },
    { 'm', "  -m, --manifest F   batch: also the paths listed in F, one a line (- stdin)" },
    { 'R', "      --resume       batch: skip files whose output records the same SHA-256" },
    { 'T', "      --timeout S    batch: a file's time limit in seconds (default 300)" },
    { 'M', "      --memory MB    batch: a worker's memory limit (default 2048)" },
    { 'S', "      --shard K/N    batch: only share K of N of the inputs (stable by path)" },
    { 'q', "  -q, --quiet        batch: no progress" },
};

static const char help_intro[] =
    "Convert published work programmes (Programas Operativos Anuales y/o Programas de\n"
    "Trabajo, development plans) from PDF or text into XML validated against the\n"
    "poa2xml schema, and check that a report is complete.\n";

static const char help_status[] =
    "Exit status:\n"
    "  0 success, complete      1 converted but incomplete    2 usage error\n"
    "  3 unreadable file        4 empty file                  5 neither PDF nor text\n"
    "  6 corrupt PDF            7 encrypted PDF, bad password 8 no text layer (needs OCR)\n"
    "  9 no programme structure 10 schema-invalid XML         11 bad rule file\n"
    "  12 output not written    13 unsafe XML refused         70 internal error\n"
    "  batch: 0 all complete, 1 some incomplete, 14 some files failed, 130 interrupted\n"
    "  diff: 0 the two reports say the same, 1 something changed\n"
    "\n"
    "See poa2xml(1), docs/schema.md and docs/rules.md.\n";

static const command *command_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void print_usage(FILE *f)
{
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(f, "%s %s\n", i ? "      " : "usage:", commands[i].usage);
    fputs("       " PROG " help [COMMAND] | --help | --version\n", f);
}

/* The options lines of LETTERS (all when NULL), then -h and -V. */
static void print_options(FILE *f, const char *letters)
{
    fputs("Options:\n", f);
    for (size_t i = 0; i < G_N_ELEMENTS(option_help); i++)
        if (!letters || strchr(letters, option_help[i].letter))
            fprintf(f, "%s\n", option_help[i].line);
    fputs("  -h, --help         show this help and exit\n", f);
    if (!letters)
        fputs("  -V, --version      show the version and exit\n", f);
}

/* The help of CMD, or the whole help when CMD is NULL. */
static void print_help(FILE *f, const command *cmd)
{
    if (cmd) {
        fprintf(f, "usage: %s\n\n%s\n\n", cmd->usage, cmd->summary);
        print_options(f, cmd->options);
        fputs("\nSee poa2xml(1).\n", f);
        return;
    }
    fprintf(f, "%s\nCommands:\n", help_intro);
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
        char **lines = g_strsplit(commands[i].summary, "\n", -1);
        for (char **l = lines; *l; l++)
            fprintf(f, "  %-9s %s\n", l == lines ? commands[i].name : "", *l);
        g_strfreev(lines);
    }
    fputs("  help      the help of one command\n\n", f);
    print_options(f, NULL);
    fprintf(f, "\n%s", help_status);
}

typedef struct cli_opts {
    const char *output, *password, *rules_path, *format, *html, *stylesheet;
    bool blocks, help;
    batch_options batch;  /* batch's own options */
    const char *shard;
    char given[32];       /* the short letters of the options given */
} cli_opts;

static int usage_error(FILE *err, const char *msg)
{
    if (msg)
        fprintf(err, PROG ": %s\n", msg);
    print_usage(err);
    return POA_E_USAGE;
}

static int report_error(FILE *err, const poa_error *e)
{
    fprintf(err, PROG ": %s\n", e->message);
    return e->code ? (int)e->code : POA_E_INTERNAL;
}

/* A number of 1 or more in TEXT, or 0. */
static long positive(const char *text)
{
    char *end = NULL;
    long n = strtol(text, &end, 10);
    return end && *end == '\0' && n >= 1 ? n : 0;
}

/* Batch option C with its value ARG; -1 when taken, else an exit status. */
static int batch_option(int c, const char *arg, cli_opts *o, FILE *err)
{
    batch_options *b = &o->batch;
    switch (c) {
    case 'j':
        b->jobs = (int)positive(arg);
        return b->jobs ? -1 : usage_error(err, "--jobs needs a number, 1 or more");
    case 'T':
        b->timeout_s = (int)positive(arg);
        return b->timeout_s ? -1 : usage_error(err, "--timeout needs seconds, 1 or more");
    case 'M':
        b->memory_mb = positive(arg);
        return b->memory_mb ? -1 : usage_error(err, "--memory needs MiB, 1 or more");
    case 'm': b->manifest = arg; return -1;
    case 'S': o->shard = arg; return -1;
    case 'R': b->resume = true; return -1;
    default: b->quiet = true; return -1;
    }
}

static const struct option longopts[] = {
    { "output", required_argument, NULL, 'o' }, { "password", required_argument, NULL, 'p' },
    { "rules", required_argument, NULL, 'r' },  { "format", required_argument, NULL, 'f' },
    { "blocks", no_argument, NULL, 'b' },       { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },      { "jobs", required_argument, NULL, 'j' },
    { "manifest", required_argument, NULL, 'm' }, { "resume", no_argument, NULL, 'R' },
    { "timeout", required_argument, NULL, 'T' }, { "memory", required_argument, NULL, 'M' },
    { "shard", required_argument, NULL, 'S' },   { "quiet", no_argument, NULL, 'q' },
    { "html", required_argument, NULL, 'H' },   { "stylesheet", required_argument, NULL, 's' },
    { NULL, 0, NULL, 0 }
};

/* Parse options after the subcommand; returns -1 on success, else an exit code. */
static int parse_options(int argc, char **argv, cli_opts *o, FILE *out, FILE *err)
{
    int c;
    optind = 0; /* 0, not 1: glibc then resets its state fully (in-process reruns) */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:p:r:f:bhVj:m:q", longopts, NULL)) != -1) {
        if (c != ':' && c != '?' && !strchr(o->given, c) && strlen(o->given) + 1 < sizeof o->given)
            o->given[strlen(o->given)] = (char)c;
        switch (c) {
        case 'j': case 'm': case 'R': case 'T': case 'M': case 'S': case 'q': {
            int rc = batch_option(c, optarg, o, err);
            if (rc >= 0)
                return rc;
            break;
        }
        case 'o': o->output = optarg; break;
        case 'H': o->html = optarg; break;
        case 's': o->stylesheet = optarg; break;
        case 'p': o->password = optarg; break;
        case 'r': o->rules_path = optarg; break;
        case 'f': o->format = optarg; break;
        case 'b': o->blocks = true; break;
        case 'h': o->help = true; break;
        case 'V': fprintf(out, PROG " " POA_VERSION "\n"); return 0;
        case ':': fprintf(err, PROG ": option '%s' needs a value\n", argv[optind - 1]);
                  return usage_error(err, NULL);
        default:
            if (optopt)
                fprintf(err, PROG ": unknown option '-%c'\n", optopt);
            else
                fprintf(err, PROG ": unknown option '%s'\n", argv[optind - 1]);
            return usage_error(err, NULL);
        }
    }
    return -1;
}

/* Load --rules when given; *RULES stays NULL for the built-in set. */
static int load_rules(const cli_opts *o, poa_rules **rules, FILE *err)
{
    *rules = NULL;
    if (!o->rules_path)
        return 0;
    poa_error e = POA_ERROR_INIT;
    *rules = poa_rules_load(o->rules_path, &e);
    return *rules ? 0 : report_error(err, &e);
}

/* Standard output: "-" or no file named. */
static bool to_stdout(const char *output)
{
    return !output || strcmp(output, "-") == 0;
}

/* Write a command's result TEXT to OUTPUT, or to OUT for standard output. */
static int write_result(const char *output, FILE *out, const char *text, size_t len,
                        poa_error *e)
{
    return to_stdout(output) ? util_write_stream(out, text, len, e)
                             : util_write_output(output, text, len, e);
}

/* Write REPORT's XML to OUTPUT (atomically, validated as it is read back),
 * or, validated first, to OUT for standard output. */
static int write_xml(const poa_report *report, const char *output, FILE *out, poa_error *e)
{
    if (!to_stdout(output))
        return poa_report_write_xml(report, output, e);
    char *xml = NULL;
    size_t len = 0;
    int rc = poa_report_to_xml(report, &xml, &len, e);
    if (rc == 0)
        rc = util_write_stream(out, xml, len, e);
    free(xml);
    return rc;
}

/* Would OUTPUT (NULL: none) replace INPUT?  Then say so on ERR. */
static bool over_input(const char *output, const char *input, FILE *err)
{
    if (!output || !util_same_file(input, output))
        return false;
    fprintf(err, PROG ": %s: the output is the input file; not replacing it\n", output);
    return true;
}

static int cmd_convert(const char *input, const cli_opts *o, const poa_rules *rules, FILE *out,
                       FILE *err)
{
    if (over_input(o->output, input, err) || over_input(o->html, input, err))
        return POA_E_OUTPUT;
    poa_options opts = POA_OPTIONS_INIT;
    opts.password = o->password;
    opts.rules = rules;
    poa_error e = POA_ERROR_INIT;
    poa_report *report = poa_convert_file(input, &opts, &e);
    if (!report)
        return report_error(err, &e);
    int status = POA_OK;
    if (poa_report_set_stylesheet(report, o->stylesheet, &e) != 0 ||
        write_xml(report, o->output, out, &e) != 0 ||
        (o->html && poa_report_write_html(report, o->html, &e) != 0))
        status = report_error(err, &e);
    else if (!poa_report_complete(report)) {
        size_t n = poa_report_finding_count(report);
        fprintf(err, PROG ": %s: incomplete report (%zu finding%s; see <completitud>)\n", input,
                n, n == 1 ? "" : "s");
        status = POA_INCOMPLETE;
    }
    poa_report_free(report);
    return status;
}

static int cmd_text(const char *input, const cli_opts *o, FILE *out, FILE *err)
{
    poa_options opts = POA_OPTIONS_INIT;
    opts.password = o->password;
    poa_error e = POA_ERROR_INIT;
    if (poa_text_dump(input, &opts, o->blocks, out, &e) != 0)
        return report_error(err, &e);
    return POA_OK;
}

static void print_text_result(const char *file, const poa_validation *v, FILE *out)
{
    size_t n = poa_validation_count(v);
    for (size_t i = 0; i < n; i++) {
        poa_finding_view f = poa_validation_get(v, i);
        if (f.line > 0)
            fprintf(out, "%s:%d: %s: %s: %s\n", file, f.line, f.severity, f.code, f.message);
        else
            fprintf(out, "%s: %s: %s%s%s: %s\n", file, f.severity, f.code, *f.ref ? " " : "",
                    f.ref, f.message);
    }
    poa_status s = poa_validation_status(v);
    const char *msg = poa_validation_message(v);
    fprintf(out, "%s: %s (%zu finding%s)%s%s\n", file, poa_validation_verdict(s), n, n == 1 ? "" : "s",
            *msg ? ": " : "", msg);
}

/* One file's result as a JSON object on one line (after PREFIX). */
static void print_json_result(const char *file, const poa_validation *v, const char *prefix,
                              FILE *out)
{
    char *json = poa_validation_to_json(v, file);
    fprintf(out, "%s%s", prefix, json);
    free(json);
}

static int cmd_validate(int nfiles, char **files, const cli_opts *o, const poa_rules *rules,
                        FILE *out, FILE *err)
{
    bool json = strcmp(o->format, "json") == 0, jsonl = strcmp(o->format, "jsonl") == 0;
    if (!json && !jsonl && strcmp(o->format, "text") != 0 && strcmp(o->format, "xml") != 0)
        return usage_error(err, "--format must be text, json, jsonl or xml");
    poa_options opts = POA_OPTIONS_INIT;
    opts.password = o->password;
    opts.rules = rules;
    poa_validation **results = g_new0(poa_validation *, (gsize)nfiles + 1);
    poa_status worst = POA_OK;
    for (int i = 0; i < nfiles; i++) {
        results[i] = poa_validate_file(files[i], &opts);
        if (!results[i]) {
            fprintf(err, PROG ": %s: out of memory\n", files[i]);
            worst = POA_E_INTERNAL;
            break;
        }
        poa_status s = poa_validation_status(results[i]);
        if (poa_status_worse(s, worst))
            worst = s;
        if (s != POA_OK && s != POA_INCOMPLETE && s != POA_E_INVALID)
            fprintf(err, PROG ": %s\n", poa_validation_message(results[i]));
    }
    if (strcmp(o->format, "xml") == 0 && worst != POA_E_INTERNAL) {
        poa_error e = POA_ERROR_INIT;
        if (poa_validation_write_xml((const poa_validation *const *)results, files,
                                     (size_t)nfiles, out, &e) != 0)
            worst = (poa_status)report_error(err, &e);
    } else {
        if (json)
            fputs("[", out);
        for (int i = 0; i < nfiles && results[i]; i++) {
            if (json)
                print_json_result(files[i], results[i], i ? ",\n  " : "\n  ", out);
            else if (jsonl)
                print_json_result(files[i], results[i], i ? "\n" : "", out);
            else
                print_text_result(files[i], results[i], out);
        }
        if (json)
            fputs("\n]\n", out);
        else if (jsonl && nfiles > 0)
            fputc('\n', out);
    }
    for (int i = 0; i < nfiles; i++)
        poa_validation_free(results[i]);
    g_free(results);
    return (int)worst;
}

/* Run one subcommand with its options parsed. */
/* poa2xml batch: the options checked, the run handed to batch_run. */
static int cmd_batch(int nargs, char **args, const cli_opts *o, const poa_rules *rules,
                     FILE *err)
{
    batch_options b = o->batch;
    if (!o->output)
        return usage_error(err, "batch needs an output folder (-o OUT_DIR)");
    if (nargs < 1 && !b.manifest)
        return usage_error(err, "no input file given");
    if (o->shard) {
        int k = 0, n = 0;
        char extra;
        if (sscanf(o->shard, "%d/%d%c", &k, &n, &extra) != 2 || n < 1 || k < 1 || k > n)
            return usage_error(err, "--shard needs K/N with 1 <= K <= N");
        b.shard_k = k, b.shard_n = n;
    }
    b.out_dir = o->output;
    b.password = o->password;
    b.rules = rules;
    if (b.jobs < 1) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        b.jobs = cores > 0 ? (int)cores : 1;
    }
    b.progress_bar = isatty(fileno(err));
    return batch_run(args, nargs, &b, err);
}

/* The report of FILE for diff: read from XML, or converted. */
static poa_report *diff_side(const char *file, const poa_options *opts, FILE *err, int *status)
{
    poa_error e = POA_ERROR_INIT;
    GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
    poa_report *r = load_report(file, opts, errors, &e);
    if (!r) {
        *status = report_error(err, &e);
        for (guint i = 0; i < errors->len && i < 3; i++) /* the schema's first words */
            fprintf(err, PROG ": %s: %s\n", file, (const char *)g_ptr_array_index(errors, i));
    }
    g_ptr_array_unref(errors);
    return r;
}

static int cmd_diff(char **files, const cli_opts *o, const poa_rules *rules, FILE *out,
                    FILE *err)
{
    const char *f = o->format;
    bool json = strcmp(f, "json") == 0, html = strcmp(f, "html") == 0;
    if (!json && !html && strcmp(f, "text") != 0)
        return usage_error(err, "--format must be text, json or html (diff)");
    if (over_input(o->output, files[0], err) || over_input(o->output, files[1], err))
        return POA_E_OUTPUT;
    poa_options opts = POA_OPTIONS_INIT;
    opts.password = o->password;
    opts.rules = rules;
    int status = POA_OK;
    poa_report *old = diff_side(files[0], &opts, err, &status);
    poa_report *new = old ? diff_side(files[1], &opts, err, &status) : NULL;
    if (!new) {
        poa_report_free(old);
        return status;
    }
    GArray *changes = diff_reports(old, new);
    poa_error e = POA_ERROR_INIT;
    char *text = json ? diff_to_json(changes, files[0], files[1])
                 : html ? diff_to_html(changes, files[0], files[1], &e)
                        : diff_to_text(changes);
    if (!text || write_result(o->output, out, text, strlen(text), &e) != 0)
        status = report_error(err, &e);
    else
        status = changes->len ? POA_INCOMPLETE : POA_OK; /* 1: something changed */
    g_free(text);
    g_array_unref(changes);
    poa_report_free(old);
    poa_report_free(new);
    return status;
}

/* Command CMD (batch, diff, convert or validate) run with the rules it
 * reads by, loaded once here. */
static int run_with_rules(const char *cmd, int nargs, char **args, const cli_opts *o, FILE *out,
                          FILE *err)
{
    poa_rules *rules = NULL;
    int rc = load_rules(o, &rules, err);
    if (rc == 0)
        rc = strcmp(cmd, "batch") == 0     ? cmd_batch(nargs, args, o, rules, err)
             : strcmp(cmd, "diff") == 0    ? cmd_diff(args, o, rules, out, err)
             : strcmp(cmd, "convert") == 0 ? cmd_convert(args[0], o, rules, out, err)
                                           : cmd_validate(nargs, args, o, rules, out, err);
    poa_rules_free(rules);
    return rc;
}

static int dispatch(const char *cmd, int nargs, char **args, const cli_opts *o, FILE *out,
                    FILE *err)
{
    bool convert = strcmp(cmd, "convert") == 0, text = strcmp(cmd, "text") == 0;
    bool batch = strcmp(cmd, "batch") == 0, diff = strcmp(cmd, "diff") == 0;
    if (!convert && !text && !batch && !diff && strcmp(cmd, "validate") != 0) {
        fprintf(err, PROG ": unknown command '%s'\n", cmd);
        return usage_error(err, NULL);
    }
    if (diff && nargs != 2)
        return usage_error(err, "diff compares two files: OLD NEW");
    if (!batch && nargs < 1) /* batch may read its files from a manifest */
        return usage_error(err, "no input file given");
    if ((convert || text) && nargs > 1)
        return usage_error(err, "one input file at a time (use validate for many)");
    if (text)
        return cmd_text(args[0], o, out, err);
    return run_with_rules(cmd, nargs, args, o, out, err);
}

/* poa2xml help [COMMAND] */
static int cmd_help(int nargs, char **args, FILE *out, FILE *err)
{
    if (nargs > 1)
        return usage_error(err, "help takes one command at most");
    const command *cmd = nargs ? command_find(args[0]) : NULL;
    if (nargs && !cmd) {
        fprintf(err, PROG ": unknown command '%s'\n", args[0]);
        return usage_error(err, NULL);
    }
    print_help(out, cmd);
    return POA_OK;
}

/* An option CMD does not use is a mistake to report, not to ignore
 * (`validate -o out.xml` would write nothing).  -1 when all are used. */
static int refuse_unused_options(const command *cmd, const cli_opts *o, FILE *err)
{
    for (const char *c = o->given; *c; c++) {
        if (*c == 'h' || *c == 'V' || strchr(cmd->options, *c))
            continue;
        const char *name = "?";
        for (const struct option *l = longopts; l->name; l++)
            if (l->val == *c)
                name = l->name;
        fprintf(err, PROG ": %s does not take --%s (see '" PROG " help %s')\n", cmd->name, name,
                cmd->name);
        return usage_error(err, NULL);
    }
    return -1;
}

/* Standard output must really have been written (`convert x > /dev/full`). */
static int finish_output(int rc, FILE *out, FILE *err)
{
    if (fflush(out) != 0 || ferror(out)) {
        if (rc != POA_OK && rc != POA_INCOMPLETE)
            return rc; /* the failed write was already reported */
        fprintf(err, PROG ": standard output: write error\n");
        return POA_E_OUTPUT;
    }
    return rc;
}

int poa_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    if (argc < 2)
        return usage_error(err, NULL);
    if (argv[1][0] == '-') { /* poa2xml --help / --version */
        cli_opts o = { 0 };
        int rc = parse_options(argc, argv, &o, out, err);
        if (rc < 0 && o.help) {
            print_help(out, NULL);
            rc = POA_OK;
        }
        return finish_output(rc < 0 ? usage_error(err, "a command is needed") : rc, out, err);
    }
    if (strcmp(argv[1], "help") == 0)
        return finish_output(cmd_help(argc - 2, argv + 2, out, err), out, err);
    const command *cmd = command_find(argv[1]);
    if (!cmd) {
        fprintf(err, PROG ": unknown command '%s'\n", argv[1]);
        return usage_error(err, NULL);
    }
    cli_opts o = { .format = "text", .batch = BATCH_OPTIONS_INIT };
    int rc = parse_options(argc - 1, argv + 1, &o, out, err);
    if (rc < 0 && o.help) {
        print_help(out, cmd);
        rc = POA_OK;
    }
    if (rc < 0)
        rc = refuse_unused_options(cmd, &o, err);
    if (rc < 0)
        rc = dispatch(argv[1], argc - 1 - optind, argv + 1 + optind, &o, out, err);
    return finish_output(rc, out, err);
}
