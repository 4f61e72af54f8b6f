/* batch.c - whole archives: every file converted in a worker process
 * forked from a warm parent, so that a crash, a hang or a memory blow-up in
 * one PDF costs that file only, and no file pays the program's start-up.
 *
 * The parent lists the work (files, folders walked in name order, a
 * manifest), loads the libraries and compiles the rules once, then keeps
 * JOBS workers, each sent one file at a time down a pipe.  A worker sets
 * its own limits (address space, no core), converts the file, writes its
 * XML atomically and sends its summary row back up another pipe; it serves
 * up to WORKER_JOBS_MAX files, its caches warm, then a fresh one takes its
 * place.  The parent kills a worker past its time limit, writes the row of
 * a file whose worker died, and starts another.  Each finished row is
 * appended to OUT_DIR/resumen.jsonl at once (a journal: a run killed
 * outright resumes from it), and at the end both summaries are written
 * again in input order, atomically: resumen.jsonl and resumen.csv (RFC
 * 4180, UTF-8 with a byte order mark, so that a spreadsheet opens it right).
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "dashboard.h"
#include "model.h"
#include "rules.h"
#include "util.h"

/* AddressSanitizer reserves terabytes of address space for its shadow: a
 * sanitized build (tests) sets no address-space limit on its workers. */
#if defined(__SANITIZE_ADDRESS__)
#define ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ADDRESS_SANITIZER 1
#endif
#endif
#ifndef ADDRESS_SANITIZER
#define ADDRESS_SANITIZER 0
#endif

#define JOURNAL "resumen.jsonl"
#define TABLE "resumen.csv"
#define DASHBOARD "index.html"
#define ROW_MAX (256 * 1024) /* a child's row is cut past this */

/* One file to convert. */
typedef struct job {
    char *input;   /* the path to read */
    char *rel;     /* its path under OUT_DIR, without ".xml" */
    char *output;  /* OUT_DIR/rel.xml */
    char *row;     /* its finished JSON row, or NULL */
    char *csv;     /* its finished CSV row, or NULL */
    int code;      /* its exit status */
    int pages;
} job;

/* A worker process: it converts the jobs it is sent, one at a time, and
 * sends back each one's row.  Kept for many files (its caches warm, no
 * process made per file), replaced when it dies or after
 * WORKER_JOBS_MAX files (whatever it may leak is bounded). */
typedef struct worker {
    pid_t pid;       /* 0: no process in this slot */
    int in, out;     /* write end of its job pipe, read end of its row pipe */
    int job;         /* the job it converts, -1 when idle */
    int served;      /* jobs sent to it */
    GString *buf;    /* what it sent, not yet read as rows */
    double start;    /* when its job began, monotonic seconds */
    bool killed;     /* stopped past its time limit */
} worker;

#define WORKER_JOBS_MAX 200

/* The run: its jobs, workers and counts. */
typedef struct batch {
    const batch_options *o;
    FILE *err;
    GArray *jobs;          /* of job */
    GHashTable *journal;   /* rel -> journal line (resume), owned */
    FILE *journal_out;
    worker *w;
    int busy;              /* workers converting a job */
    guint done, failed, incomplete, pages;
    double started;
    long peak_kb;          /* the largest worker's peak memory */
} batch;

/* Set by SIGINT/SIGTERM: the one thing a signal handler may touch. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- the work list --------------------------------------------------- */

static void job_clear(gpointer p)
{
    job *j = p;
    g_free(j->input);
    g_free(j->rel);
    g_free(j->output);
    g_free(j->row);
    g_free(j->csv);
}

/* REL made safe under OUT_DIR: no leading '/', no "." or ".." parts. */
static char *safe_rel(const char *rel)
{
    char **parts = g_strsplit(rel, "/", -1);
    GString *out = g_string_new(NULL);
    for (char **p = parts; *p; p++) {
        if (!**p || strcmp(*p, ".") == 0)
            continue;
        if (out->len)
            g_string_append_c(out, '/');
        g_string_append(out, strcmp(*p, "..") == 0 ? "_" : *p);
    }
    g_strfreev(parts);
    return g_string_free(out, FALSE);
}

static void add_job(batch *b, const char *input, const char *rel)
{
    job j = { 0 };
    j.input = g_strdup(input);
    j.rel = safe_rel(rel);
    char *name = g_strconcat(j.rel, ".xml", NULL);
    j.output = g_build_filename(b->o->out_dir, name, NULL);
    g_free(name);
    g_array_append_val(b->jobs, j);
}

static int cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is PATH the output folder (a walk never descends into it)? */
static bool is_out_dir(const batch *b, const char *path)
{
    return util_same_file(path, b->o->out_dir);
}

/* Every file under DIR, in name order, mirrored as PREFIX/... (hidden
 * entries and the output folder aside). */
static void walk(batch *b, const char *dir, const char *prefix)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (const char *n; (n = g_dir_read_name(d));)
        if (n[0] != '.')
            g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_names);
    for (guint i = 0; i < names->len; i++) {
        const char *n = g_ptr_array_index(names, i);
        char *path = g_build_filename(dir, n, NULL);
        char *rel = *prefix ? g_build_filename(prefix, n, NULL) : g_strdup(n);
        if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
            if (!is_out_dir(b, path))
                walk(b, path, rel);
        } else {
            add_job(b, path, rel);
        }
        g_free(rel);
        g_free(path);
    }
    g_ptr_array_unref(names);
}

/* The paths of a manifest, one a line ("-": standard input); blank lines
 * and lines starting with '#' aside.  False when it cannot be read. */
static bool read_manifest(batch *b, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f)
        return false;
    char *line = NULL;
    size_t cap = 0;
    for (ssize_t n; (n = getline(&line, &cap, f)) >= 0;) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n > 0 && line[0] != '#')
            add_job(b, line, line);
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return true;
}

/* Does the share K of N take REL?  By the SHA-256 of the path: stable on
 * any machine, whatever the order of the inputs. */
static bool in_shard(const batch_options *o, const char *rel)
{
    if (o->shard_n <= 0)
        return true;
    char *hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, rel, -1);
    char head[17];
    g_strlcpy(head, hex, sizeof head);
    g_free(hex);
    return g_ascii_strtoull(head, NULL, 16) % (guint64)o->shard_n == (guint64)(o->shard_k - 1);
}

/* The work list of INPUTS and the manifest, cut to this shard.  Returns 0
 * or an exit status with its message written. */
static int collect(batch *b, char **inputs, int n)
{
    for (int i = 0; i < n; i++) {
        if (g_file_test(inputs[i], G_FILE_TEST_IS_DIR)) {
            /* several folders: each keeps its name under OUT_DIR */
            char *base = g_path_get_basename(inputs[i]);
            walk(b, inputs[i], n > 1 || b->o->manifest ? base : "");
            g_free(base);
        } else {
            add_job(b, inputs[i], util_basename(inputs[i]));
        }
    }
    if (b->o->manifest && !read_manifest(b, b->o->manifest)) {
        fprintf(b->err, "poa2xml: %s: cannot read the manifest: %s\n", b->o->manifest,
                g_strerror(errno));
        return POA_E_UNREADABLE;
    }
    guint kept = 0;
    for (guint i = 0; i < b->jobs->len; i++) {
        job *j = &g_array_index(b->jobs, job, i);
        if (!in_shard(b->o, j->rel))
            job_clear(j);
        else if (kept++ != i)
            g_array_index(b->jobs, job, kept - 1) = *j;
        else
            continue;
        *j = (job){ 0 }; /* moved or cleared: the array's clearing skips it */
    }
    g_array_set_size(b->jobs, kept);
    return 0;
}

/* ---- rows -------------------------------------------------------------- */

static const char *status_word(int code)
{
    return code == POA_OK ? "complete" : code == POA_INCOMPLETE ? "incomplete" : "error";
}

/* Append FIELD to a CSV row (RFC 4180: quoted when it holds a comma, a
 * quote or a line break, quotes doubled). */
static void csv_field(GString *csv, const char *field)
{
    if (csv->len)
        g_string_append_c(csv, ',');
    if (!field)
        return;
    if (!strpbrk(field, ",\"\r\n")) {
        g_string_append(csv, field);
        return;
    }
    g_string_append_c(csv, '"');
    for (const char *c = field; *c; c++) {
        if (*c == '"')
            g_string_append_c(csv, '"');
        g_string_append_c(csv, *c);
    }
    g_string_append_c(csv, '"');
}

/* Counts of the plan's levels under NODE. */
static void count_levels(const poa_node *node, int *counts)
{
    for (guint i = 0; i < node->children->len; i++) {
        const poa_node *c = g_ptr_array_index(node->children, i);
        counts[c->kind]++;
        count_levels(c, counts);
    }
}

/* The columns of a summary row, in order. */
static const char *const columns[] = {
    "ruta", "sha256", "paginas", "estado", "codigo", "codigos", "mensaje", "institucion",
    "ejercicio", "trimestre", "fortalezas", "debilidades", "oportunidades", "amenazas",
    "objetivos", "estrategias", "lineas", "segundos"
};

/* OBJECT as JSON on one line. */
static char *json_text(JsonObject *object)
{
    JsonNode *root = json_node_init_object(json_node_alloc(), object);
    char *text = util_json_text(root);
    json_node_unref(root);
    return text;
}

/* The object of the JSON row TEXT (a reference the caller drops with
 * json_object_unref), or NULL when TEXT is no JSON object. */
static JsonObject *row_parse(const char *text)
{
    JsonParser *parser = json_parser_new();
    JsonObject *row = NULL;
    if (json_parser_load_from_data(parser, text, -1, NULL)) {
        JsonNode *root = json_parser_get_root(parser);
        if (root && JSON_NODE_HOLDS_OBJECT(root))
            row = json_object_ref(json_node_get_object(root));
    }
    g_object_unref(parser);
    return row;
}

/* The string member NAME of ROW, or NULL when it is no string. */
static const char *row_string(JsonObject *row, const char *name)
{
    JsonNode *n = json_object_get_member(row, name);
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
               ? json_node_get_string(n)
               : NULL;
}

/* The row of job J but its seconds: JSON members in column order, and
 * CSV.  R is the report (NULL when the conversion failed with MESSAGE). */
static void row_fields(JsonObject *json, GString *csv, const job *j, const char *sha,
                       int pages, int code, const poa_report *r, const char *message)
{
    GString *codes = g_string_new(NULL);
    if (r) {
        for (guint i = 0; i < r->findings->len; i++) {
            const poa_finding *f = g_ptr_array_index(r->findings, i);
            g_string_append_printf(codes, "%s%s", codes->len ? ";" : "", f->code);
        }
    } else {
        g_string_append(codes, poa_status_name((poa_status)code));
    }
    int levels[POA_NODE_LINEA + 1] = { 0 };
    if (r)
        count_levels(r->plan, levels);
    char *num[11];
    num[0] = g_strdup_printf("%d", pages);
    num[1] = g_strdup_printf("%d", code);
    num[2] = r && r->meta.ejercicio ? g_strdup_printf("%d", r->meta.ejercicio) : g_strdup("");
    num[3] = r && r->meta.trimestre ? g_strdup_printf("%d", r->meta.trimestre) : g_strdup("");
    for (int q = 0; q < POA_QUADRANTS; q++)
        num[4 + q] = g_strdup_printf("%u", r ? r->foda[q]->len : 0);
    num[8] = g_strdup_printf("%d", levels[POA_NODE_OBJETIVO]);
    num[9] = g_strdup_printf("%d", levels[POA_NODE_ESTRATEGIA]);
    num[10] = g_strdup_printf("%d", levels[POA_NODE_LINEA]);
    const char *values[G_N_ELEMENTS(columns) - 1] = {
        j->rel, sha, num[0], status_word(code), num[1], codes->str, message ? message : "",
        r && r->meta.institucion ? r->meta.institucion : "", num[2], num[3], num[4], num[5],
        num[6], num[7], num[8], num[9], num[10]
    };
    for (size_t i = 0; i < G_N_ELEMENTS(values); i++) {
        bool number = i == 2 || i == 4 || i >= 8;
        if (!number)
            json_object_set_string_member(json, columns[i], values[i]);
        else if (*values[i])
            json_object_set_int_member(json, columns[i], g_ascii_strtoll(values[i], NULL, 10));
        else
            json_object_set_null_member(json, columns[i]);
        csv_field(csv, values[i]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(num); i++)
        g_free(num[i]);
    g_string_free(codes, TRUE);
}

/* Close the row of J with its SECONDS (to the hundredth): J->row and
 * J->csv.  ROW's reference is dropped. */
static void row_finish(job *j, JsonObject *row, GString *csv, double seconds)
{
    json_object_set_double_member(row, "segundos", round(seconds * 100) / 100);
    char s[32];
    g_snprintf(s, sizeof s, "%.2f", seconds);
    csv_field(csv, s);
    g_free(j->row);
    g_free(j->csv);
    j->row = json_text(row);
    j->csv = g_string_free(csv, FALSE);
    json_object_unref(row);
}

/* The path of the page beside OUTPUT ("a/b.pdf.xml": "a/b.pdf.html"). */
static char *page_path(const char *output)
{
    size_t n = strlen(output);
    return g_strdup_printf("%.*s.html", (int)(n > 4 ? n - 4 : n), output);
}

/* The SHA-256 of file PATH (g_free), or NULL when it cannot be read. */
static char *file_sha256(const char *path, size_t *len)
{
    gchar *data = NULL;
    gsize n = 0;
    if (!g_file_get_contents(path, &data, &n, NULL))
        return NULL;
    char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, n);
    g_free(data);
    if (len)
        *len = n;
    return hex;
}

/* ---- a child ------------------------------------------------------------ */

/* Test-only: POA2XML_TEST_FAULT="crash:NAME,hang:NAME" makes the child
 * that converts a file of base name NAME crash or hang, so that tests can
 * show the batch going on without it. */
static void test_fault(const char *input)
{
    const char *spec = getenv("POA2XML_TEST_FAULT");
    if (!spec)
        return;
    char **faults = g_strsplit(spec, ",", -1);
    for (char **f = faults; *f; f++) {
        const char *colon = strchr(*f, ':');
        if (!colon || strcmp(colon + 1, util_basename(input)) != 0)
            continue;
        if (g_str_has_prefix(*f, "crash:")) {
            signal(SIGSEGV, SIG_DFL); /* a sanitizer's handler would turn it into an exit */
            raise(SIGSEGV);
        }
        if (g_str_has_prefix(*f, "hang:"))
            for (;;)
                pause();
    }
    g_strfreev(faults);
}

/* Write all of DATA to FD (a pipe). */
static void write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        data += n, len -= (size_t)n;
    }
}

/* In a worker: convert job J, write its XML, and send its row up FD as a
 * frame: "LENGTH\n" then "CODE PAGES\nJSON\nCSV\n". */
static void convert_job(const batch *b, const job *j, int fd)
{
    test_fault(j->input);
    poa_options opts = POA_OPTIONS_INIT;
    opts.password = b->o->password;
    opts.rules = b->o->rules;
    poa_error e = POA_ERROR_INIT;
    poa_report *r = poa_convert_file(j->input, &opts, &e);
    /* the report records the file's SHA-256; a file that failed is read again for it */
    char *sha = r ? g_strdup(r->source.sha256) : file_sha256(j->input, NULL);
    int code = POA_OK;
    char *page = page_path(j->output);
    if (r && (poa_report_write_xml(r, j->output, &e) != 0 ||
              poa_report_write_html(r, page, &e) != 0))
        code = e.code ? (int)e.code : POA_E_OUTPUT;
    else if (r)
        code = poa_report_complete(r) ? POA_OK : POA_INCOMPLETE;
    else
        code = e.code ? (int)e.code : POA_E_INTERNAL;
    JsonObject *json = json_object_new();
    GString *csv = g_string_new(NULL);
    bool failed = code != POA_OK && code != POA_INCOMPLETE;
    int pages = r ? r->source.paginas : 0;
    row_fields(json, csv, j, sha ? sha : "", pages, code, failed ? NULL : r,
               failed ? e.message : NULL);
    char *text = json_text(json); /* one line: JSON escapes a newline */
    char *body = g_strdup_printf("%d %d\n%s\n%s\n", code, pages, text, csv->str);
    char *frame = g_strdup_printf("%zu\n%s", strlen(body), body);
    write_all(fd, frame, strlen(frame));
    g_free(frame);
    g_free(body);
    g_free(text);
    json_object_unref(json);
    g_string_free(csv, TRUE);
    g_free(sha);
    g_free(page);
    poa_report_free(r);
}

/* A worker's life: limits, then the job indices read from IN, one a line,
 * each converted and its row sent up OUT, until IN ends.  Never returns. */
static void worker_main(const batch *b, int in, int out)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    struct rlimit core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &core);
    rlim_t bytes = (rlim_t)b->o->memory_mb << 20;
    struct rlimit mem = { bytes, bytes };
    if (b->o->memory_mb > 0 && !ADDRESS_SANITIZER)
        setrlimit(RLIMIT_AS, &mem);
    FILE *jobs = fdopen(in, "r");
    char line[32];
    while (jobs && fgets(line, sizeof line, jobs)) {
        guint ji = (guint)strtoul(line, NULL, 10);
        if (ji < b->jobs->len)
            convert_job(b, &g_array_index(b->jobs, job, ji), out);
    }
    _exit(0);
}

/* ---- the parent ---------------------------------------------------------- */

/* The output recorded for J has the SHA-256 SHA (the fuente of our XML)? */
static bool output_records(const job *j, const char *sha)
{
    FILE *f = fopen(j->output, "r");
    if (!f)
        return false;
    char head[4096];
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = '\0';
    char *at = strstr(head, "sha256=\"");
    return at && strncmp(at + 8, sha, 64) == 0;
}

/* The "ruta" of journal LINE, or NULL (a line cut short by a crash). */
static char *journal_key(const char *line)
{
    JsonObject *row = row_parse(line);
    char *key = row && row_string(row, "ruta") ? g_strdup(row_string(row, "ruta")) : NULL;
    if (row)
        json_object_unref(row);
    return key;
}

/* The journal left by an earlier run of this OUT_DIR (--resume). */
static void journal_load(batch *b)
{
    b->journal = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *path = g_build_filename(b->o->out_dir, JOURNAL, NULL);
    gchar *data = NULL;
    if (g_file_get_contents(path, &data, NULL, NULL)) {
        char **lines = g_strsplit(data, "\n", -1);
        for (char **l = lines; *l; l++) {
            char *key = **l ? journal_key(*l) : NULL;
            if (key)
                g_hash_table_replace(b->journal, key, g_strdup(*l));
        }
        g_strfreev(lines);
        g_free(data);
    }
    g_free(path);
}

/* The journal row of J (a reference the caller drops) when an earlier run
 * converted the file as it is now: its output records the file's SHA-256. */
static JsonObject *resumable(const batch *b, const job *j)
{
    const char *row = b->journal ? g_hash_table_lookup(b->journal, j->rel) : NULL;
    JsonObject *o = row ? row_parse(row) : NULL;
    /* only a conversion that ended: a row whose page could not be written
     * (its XML was) is done again */
    gint64 code = o ? json_object_get_int_member_with_default(o, "codigo", -1) : -1;
    char *sha = code == POA_OK || code == POA_INCOMPLETE ? file_sha256(j->input, NULL) : NULL;
    bool same = sha && g_strcmp0(row_string(o, "sha256"), sha) == 0 && output_records(j, sha);
    g_free(sha);
    if (!same && o)
        g_clear_pointer(&o, json_object_unref);
    return o;
}

/* The CSV text of member NAME of ROW: a string as it is, a count as
 * digits, the seconds to the hundredth, null or missing as nothing. */
static char *csv_value(JsonObject *row, const char *name)
{
    char *text = util_json_value_text(json_object_get_member(row, name));
    return text ? text : g_strdup("");
}

/* The CSV row of the journal row ROW (an object): its values in column
 * order. */
static char *csv_of_row(JsonObject *row)
{
    GString *csv = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(columns); i++) {
        char *value = csv_value(row, columns[i]);
        csv_field(csv, value);
        g_free(value);
    }
    return g_string_free(csv, FALSE);
}

/* Record J's finished row: counts, the journal, the progress. */
static void job_done(batch *b, job *j)
{
    b->done++;
    b->pages += (guint)j->pages;
    b->failed += j->code != POA_OK && j->code != POA_INCOMPLETE;
    b->incomplete += j->code == POA_INCOMPLETE;
    if (b->journal_out) {
        fprintf(b->journal_out, "%s\n", j->row);
        fflush(b->journal_out);
    }
    if (b->o->quiet)
        return;
    double spent = now_s() - b->started;
    if (b->o->progress_bar) {
        guint total = b->jobs->len, width = 24, fill = total ? width * b->done / total : width;
        double left = b->done ? spent / b->done * (total - b->done) : 0;
        fprintf(b->err, "\rpoa2xml: [%.*s%*s] %u/%u files, %.1f pages/s, %d:%02d left, %u failed ",
                (int)fill, "########################", (int)(width - fill), "", b->done, total,
                spent > 0 ? b->pages / spent : 0, (int)left / 60, (int)left % 60, b->failed);
    } else {
        fprintf(b->err, "poa2xml: batch %u/%u: %s: %s\n", b->done, b->jobs->len, j->input,
                status_word(j->code));
    }
    fflush(b->err);
}

/* A finished (or failed before starting) job J with the facts of a
 * failure: a row the parent writes, CODE and MESSAGE its cause. */
static void job_fail(batch *b, job *j, int code, const char *message, double seconds)
{
    char *sha = file_sha256(j->input, NULL);
    JsonObject *json = json_object_new();
    GString *csv = g_string_new(NULL);
    row_fields(json, csv, j, sha ? sha : "", 0, code, NULL, message);
    row_finish(j, json, csv, seconds);
    j->code = code;
    j->pages = 0;
    g_free(sha);
    job_done(b, j);
}

/* Would a file written at PATH replace a file being read?  By device and
 * inode. */
static bool replaces_an_input_at(const batch *b, const char *path)
{
    struct stat o;
    if (g_stat(path, &o) != 0)
        return false;
    for (guint i = 0; i < b->jobs->len; i++) {
        struct stat s;
        const job *k = &g_array_index(b->jobs, job, i);
        if (g_stat(k->input, &s) == 0 && s.st_dev == o.st_dev && s.st_ino == o.st_ino)
            return true;
    }
    return false;
}

/* Finish job JI at once when it needs no worker: resumed (an earlier run
 * finished it), or failing before it starts.  True when it did. */
static bool settle(batch *b, guint ji)
{
    job *j = &g_array_index(b->jobs, job, ji);
    JsonObject *o = resumable(b, j);
    if (o) {
        j->row = g_strdup(g_hash_table_lookup(b->journal, j->rel));
        j->csv = csv_of_row(o);
        j->code = (int)json_object_get_int_member_with_default(o, "codigo", POA_OK);
        j->pages = (int)json_object_get_int_member_with_default(o, "paginas", 0);
        json_object_unref(o);
        job_done(b, j);
        return true;
    }
    char *dir = g_path_get_dirname(j->output);
    bool made = g_mkdir_with_parents(dir, 0755) == 0;
    g_free(dir);
    char *page = page_path(j->output);
    bool replaces = replaces_an_input_at(b, j->output) || replaces_an_input_at(b, page);
    g_free(page);
    if (made && !replaces)
        return false;
    job_fail(b, j, POA_E_OUTPUT,
             made ? "the output would replace an input file" : "cannot create the output folder",
             0);
    return true;
}

/* Start a worker process in slot W.  False when no process can be made. */
static bool spawn(batch *b, worker *w)
{
    int to[2], from[2];
    if (pipe(to) != 0)
        return false;
    if (pipe(from) != 0) {
        close(to[0]), close(to[1]);
        return false;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        for (int k = 0; k < b->o->jobs; k++) /* the other workers' pipes are not its */
            if (b->w[k].pid)
                close(b->w[k].in), close(b->w[k].out);
        close(to[1]), close(from[0]);
        worker_main(b, to[0], from[1]);
    }
    close(to[0]), close(from[1]);
    if (pid < 0) {
        close(to[1]), close(from[0]);
        return false;
    }
    fcntl(from[0], F_SETFL, O_NONBLOCK);
    fcntl(to[1], F_SETFD, FD_CLOEXEC);
    *w = (worker){ pid, to[1], from[0], -1, 0, g_string_new(NULL), 0, false };
    return true;
}

/* Send job JI to worker W (started first when the slot is empty). */
static void assign(batch *b, worker *w, guint ji)
{
    if (!w->pid && !spawn(b, w)) {
        job_fail(b, &g_array_index(b->jobs, job, ji), POA_E_INTERNAL,
                 "cannot start a worker process", 0);
        return;
    }
    char line[32];
    int n = g_snprintf(line, sizeof line, "%u\n", ji);
    write_all(w->in, line, (size_t)n);
    w->job = (int)ji;
    w->served++;
    w->start = now_s();
    w->killed = false;
    b->busy++;
}

/* Read the rows worker W has sent in full: each finishes its job. */
static void read_rows(batch *b, worker *w)
{
    char chunk[8192];
    for (ssize_t n; (n = read(w->out, chunk, sizeof chunk)) > 0;)
        g_string_append_len(w->buf, chunk, (gsize)n);
    for (;;) {
        char *nl = memchr(w->buf->str, '\n', w->buf->len);
        if (!nl)
            return;
        size_t len = strtoul(w->buf->str, NULL, 10), head = (size_t)(nl - w->buf->str) + 1;
        if (w->buf->len < head + len || w->job < 0)
            return;
        char *body = g_strndup(w->buf->str + head, len);
        g_string_erase(w->buf, 0, (gssize)(head + len));
        char **parts = g_strsplit(body, "\n", 4);
        job *j = &g_array_index(b->jobs, job, w->job);
        JsonObject *row = g_strv_length(parts) >= 3 ? row_parse(parts[1]) : NULL;
        if (row) {
            j->code = atoi(parts[0]);
            const char *space = strchr(parts[0], ' ');
            j->pages = space ? atoi(space + 1) : 0;
            row_finish(j, row, g_string_new(parts[2]), now_s() - w->start);
            job_done(b, j);
        } else {
            job_fail(b, j, POA_E_INTERNAL, "the worker sent a broken summary", now_s() - w->start);
        }
        g_strfreev(parts);
        g_free(body);
        w->job = -1;
        b->busy--;
    }
}

/* The cause of a worker's death while it converted a file, from its wait
 * STATUS. */
static char *death_cause(const batch *b, const worker *w, int status)
{
    if (w->killed)
        return g_strdup_printf("time limit of %d s exceeded: the worker was stopped",
                               b->o->timeout_s);
    if (!WIFSIGNALED(status))
        return g_strdup_printf("the worker exited with status %d and sent no summary",
                               WEXITSTATUS(status));
    int sig = WTERMSIG(status);
    /* an allocation refused under the memory limit aborts: GLib's g_malloc,
     * C++'s std::bad_alloc in poppler and qpdf */
    bool memory = sig == SIGABRT || sig == SIGTRAP;
    char *limit = memory && b->o->memory_mb > 0
                      ? g_strdup_printf(" (out of memory? the limit is %ld MiB)", b->o->memory_mb)
                      : g_strdup("");
    char *cause = g_strdup_printf("the worker died of signal %d (%s)%s", sig, g_strsignal(sig),
                                  limit);
    g_free(limit);
    return cause;
}

/* Worker W's process has ended with STATUS: a job it held fails with the
 * cause; the slot is empty again. */
static void reap(batch *b, worker *w, int status, const struct rusage *ru)
{
    read_rows(b, w); /* a row sent before the end still counts */
    b->peak_kb = MAX(b->peak_kb, ru->ru_maxrss);
    if (w->job >= 0) {
        char *cause = death_cause(b, w, status);
        job_fail(b, &g_array_index(b->jobs, job, w->job), POA_E_INTERNAL, cause,
                 now_s() - w->start);
        g_free(cause);
        b->busy--;
    }
    close(w->in);
    close(w->out);
    g_string_free(w->buf, TRUE);
    *w = (worker){ 0 };
}

/* Wait a little for the workers: read their rows, stop the ones past their
 * time limit, reap the ended. */
static void tend(batch *b)
{
    struct pollfd *fds = g_new0(struct pollfd, (gsize)b->o->jobs);
    int n = 0;
    for (int k = 0; k < b->o->jobs; k++)
        if (b->w[k].pid && b->w[k].job >= 0)
            fds[n++] = (struct pollfd){ b->w[k].out, POLLIN, 0 };
    poll(fds, (nfds_t)n, n ? 20 : 1);
    g_free(fds);
    double t = now_s();
    for (int k = 0; k < b->o->jobs; k++) {
        worker *w = &b->w[k];
        if (!w->pid)
            continue;
        read_rows(b, w);
        if (w->job >= 0 && !w->killed && t - w->start > b->o->timeout_s) {
            kill(w->pid, SIGKILL);
            w->killed = true;
        }
        int status;
        struct rusage ru;
        if (wait4(w->pid, &status, WNOHANG, &ru) == w->pid)
            reap(b, w, status, &ru);
    }
}

/* Give each idle worker its next job (NEXT, advanced), starting workers as
 * needed; a worker that has served its share is let go first. */
static void dispatch_jobs(batch *b, guint *next)
{
    for (int k = 0; k < b->o->jobs && !stop_signal; k++) {
        worker *w = &b->w[k];
        if (w->pid && w->job >= 0)
            continue;
        if (w->pid && w->served >= WORKER_JOBS_MAX) {
            close(w->in); /* it ends; reaped, the slot starts a new one */
            w->in = -1;
            continue;
        }
        while (*next < b->jobs->len && settle(b, *next))
            (*next)++;
        if (*next < b->jobs->len && w->in != -1)
            assign(b, w, (*next)++);
    }
}

/* End every worker: idle ones by closing their job pipe, busy ones (a
 * signal came) by SIGKILL; nothing half-written stays, since each output
 * is renamed into place only when whole. */
static void stop_all(batch *b, bool now)
{
    for (int k = 0; k < b->o->jobs; k++) {
        worker *w = &b->w[k];
        if (!w->pid)
            continue;
        if (now || w->job >= 0)
            kill(w->pid, SIGKILL);
        if (w->in != -1)
            close(w->in);
        w->in = -1;
    }
    for (int k = 0; k < b->o->jobs; k++) {
        worker *w = &b->w[k];
        if (!w->pid)
            continue;
        int status;
        struct rusage ru;
        wait4(w->pid, &status, 0, &ru);
        b->peak_kb = MAX(b->peak_kb, ru.ru_maxrss);
        close(w->out);
        g_string_free(w->buf, TRUE);
        *w = (worker){ 0 };
    }
    b->busy = 0;
}

/* Write TEXT to OUT_DIR/NAME atomically (a temporary file renamed). */
static bool write_summary(const batch *b, const char *name, const GString *text)
{
    char *path = g_build_filename(b->o->out_dir, name, NULL);
    bool ok = g_file_set_contents(path, text->str, (gssize)text->len, NULL);
    g_free(path);
    return ok;
}

/* PATH relative to OUT_DIR when that file exists (g_free), else NULL. */
static char *existing_rel(const batch *b, const char *path)
{
    size_t n = strlen(b->o->out_dir);
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR) || strncmp(path, b->o->out_dir, n) != 0)
        return NULL;
    return g_strdup(path + n + (path[n] == '/'));
}

/* OUT_DIR/index.html: the page of the summary, with links to each file's
 * XML and page (when written). */
static bool write_dashboard(const batch *b)
{
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(dashboard_row));
    for (guint i = 0; i < b->jobs->len; i++) {
        const job *j = &g_array_index(b->jobs, job, i);
        if (!j->row)
            continue;
        char *page = page_path(j->output);
        dashboard_row r = { j->row, existing_rel(b, j->output), existing_rel(b, page) };
        g_free(page);
        g_array_append_val(rows, r);
    }
    char *path = g_build_filename(b->o->out_dir, DASHBOARD, NULL);
    poa_error e = POA_ERROR_INIT;
    bool ok = dashboard_write(path, (const dashboard_row *)(void *)rows->data, rows->len, &e) == 0;
    if (!ok)
        fprintf(b->err, "poa2xml: %s\n", e.message);
    for (guint i = 0; i < rows->len; i++) {
        dashboard_row *r = &g_array_index(rows, dashboard_row, i);
        g_free((char *)r->xml);
        g_free((char *)r->html);
    }
    g_array_free(rows, TRUE);
    g_free(path);
    return ok;
}

/* Both summaries, rows in input order, of the jobs finished. */
static bool write_summaries(const batch *b)
{
    GString *json = g_string_new(NULL), *csv = g_string_new("\xEF\xBB\xBF");
    for (size_t i = 0; i < G_N_ELEMENTS(columns); i++)
        g_string_append_printf(csv, "%s%s", i ? "," : "", columns[i]);
    g_string_append(csv, "\r\n");
    for (guint i = 0; i < b->jobs->len; i++) {
        const job *j = &g_array_index(b->jobs, job, i);
        if (!j->row)
            continue;
        g_string_append_printf(json, "%s\n", j->row);
        g_string_append_printf(csv, "%s\r\n", j->csv);
    }
    bool ok = write_summary(b, JOURNAL, json) && write_summary(b, TABLE, csv) &&
              write_dashboard(b);
    g_string_free(json, TRUE);
    g_string_free(csv, TRUE);
    return ok;
}

/* A one-page PDF of one line of text in Helvetica (not embedded), made
 * here with its cross-reference right: converting it loads what every
 * conversion needs the first time (fontconfig's font list, poppler's
 * globals, the schema), once, in the parent.  Caller frees. */
static GString *warm_pdf(void)
{
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R "
         "/Resources << /Font << /F1 5 0 R >> >> >>"),
        "<< /Length 44 >>\nstream\nBT /F1 12 Tf 20 50 Td (Mision. Visi\363n.) Tj ET\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    GString *pdf = g_string_new("%PDF-1.4\n");
    size_t offsets[G_N_ELEMENTS(objs)];
    for (size_t i = 0; i < G_N_ELEMENTS(objs); i++) {
        offsets[i] = pdf->len;
        g_string_append_printf(pdf, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    size_t xref = pdf->len;
    g_string_append_printf(pdf, "xref\n0 %zu\n0000000000 65535 f \n", G_N_ELEMENTS(objs) + 1);
    for (size_t i = 0; i < G_N_ELEMENTS(objs); i++)
        g_string_append_printf(pdf, "%010zu 00000 n \n", offsets[i]);
    g_string_append_printf(pdf, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                           G_N_ELEMENTS(objs) + 1, xref);
    return pdf;
}

/* The rules are compiled before any fork, both ways (interpreted for a
 * short document, JIT for a long one), and a small PDF is converted and
 * written: a child compiles nothing and loads nothing a second time. */
static bool warm_up(const batch *b)
{
    poa_error e = POA_ERROR_INIT;
    if (!b->o->rules && !(rules_default_shared(false, &e) && rules_default_shared(true, &e))) {
        fprintf(b->err, "poa2xml: %s\n", e.message);
        return false;
    }
    GString *pdf = warm_pdf();
    poa_options opts = POA_OPTIONS_INIT;
    opts.rules = b->o->rules;
    poa_report *r = poa_convert_buffer(pdf->str, pdf->len, "warm-up.pdf", &opts, &e);
    char *xml = NULL;
    if (r)
        poa_report_to_xml(r, &xml, NULL, &e);
    free(xml);
    poa_report_free(r);
    g_string_free(pdf, TRUE);
    return true; /* a warm-up that fails warms less, and changes nothing else */
}

/* The run's exit status and its last line. */
static int finish(batch *b, bool interrupted, bool written)
{
    if (b->o->progress_bar && !b->o->quiet)
        fputc('\n', b->err);
    if (!b->o->quiet)
        fprintf(b->err,
                "poa2xml: batch: %u of %u files: %u complete, %u incomplete, %u failed; %s/%s "
                "(largest worker %ld MiB)\n",
                b->done, b->jobs->len, b->done - b->failed - b->incomplete, b->incomplete,
                b->failed, b->o->out_dir, TABLE, b->peak_kb / 1024);
    if (!written) {
        fprintf(b->err, "poa2xml: %s: cannot write the summaries\n", b->o->out_dir);
        return POA_E_OUTPUT;
    }
    if (interrupted)
        return POA_BATCH_INTERRUPTED;
    return b->failed ? POA_BATCH_FAILURES : b->incomplete ? POA_INCOMPLETE : POA_OK;
}

int batch_run(char **inputs, int n, const batch_options *o, FILE *err)
{
    batch b = { .o = o, .err = err };
    if (g_mkdir_with_parents(o->out_dir, 0755) != 0) {
        fprintf(err, "poa2xml: %s: cannot create the output folder: %s\n", o->out_dir,
                g_strerror(errno));
        return POA_E_OUTPUT;
    }
    b.jobs = g_array_new(FALSE, TRUE, sizeof(job));
    g_array_set_clear_func(b.jobs, job_clear);
    int rc = collect(&b, inputs, n);
    if (rc == 0 && !warm_up(&b))
        rc = POA_E_RULES;
    if (rc != 0) {
        g_array_unref(b.jobs);
        return rc;
    }
    if (o->resume)
        journal_load(&b);
    char *journal = g_build_filename(o->out_dir, JOURNAL, NULL);
    b.journal_out = fopen(journal, o->resume ? "a" : "w");
    g_free(journal);
    b.w = g_new0(worker, (gsize)o->jobs);
    struct sigaction sa = { 0 }, old_int, old_term, ignore = { 0 }, old_pipe;
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    ignore.sa_handler = SIG_IGN; /* a worker that died: its write fails, it is reaped */
    sigaction(SIGPIPE, &ignore, &old_pipe);
    stop_signal = 0;
    b.started = now_s();
    guint next = 0;
    while (!stop_signal && (next < b.jobs->len || b.busy > 0)) {
        dispatch_jobs(&b, &next);
        tend(&b); /* also reaps a worker let go, so its slot starts another */
    }
    bool interrupted = stop_signal != 0;
    stop_all(&b, interrupted);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
    if (b.journal_out)
        fclose(b.journal_out);
    bool written = b.journal_out && write_summaries(&b);
    rc = finish(&b, interrupted, written);
    if (b.journal)
        g_hash_table_unref(b.journal);
    g_free(b.w);
    g_array_unref(b.jobs);
    return rc;
}
