/* batch.c - whole archives: every file converted in a child process forked
 * from a warm parent, so that a crash, a hang or a memory blow-up in one PDF
 * costs that file only, and no file pays the program's start-up.
 *
 * The parent lists the work (files, folders walked in name order, a
 * manifest), loads the libraries and compiles the rules once, then keeps up
 * to JOBS children running.  A child sets its own limits (address space,
 * no core), converts one file, writes its XML atomically and sends its
 * summary row up a pipe; the parent kills a child past its time limit and
 * writes the row of a child that died.  Each finished row is appended to
 * OUT_DIR/resumen.jsonl at once (a journal: a run killed outright resumes
 * from it), and at the end both summaries are written again in input
 * order, atomically: resumen.jsonl and resumen.csv (RFC 4180, UTF-8 with a
 * byte order mark, so that a spreadsheet opens it right).
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

/* A running child. */
typedef struct worker {
    pid_t pid;
    int fd;          /* read end of its pipe */
    guint job;       /* index into the job list */
    GString *out;    /* what it sent */
    double start;    /* monotonic seconds */
    bool killed;     /* past its time limit */
} worker;

/* The run: its jobs, workers and counts. */
typedef struct batch {
    const batch_options *o;
    FILE *err;
    GArray *jobs;          /* of job */
    GHashTable *journal;   /* escaped rel -> journal line (resume), owned */
    FILE *journal_out;
    worker *w;
    int running;
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
    struct stat a, o;
    return g_stat(path, &a) == 0 && g_stat(b->o->out_dir, &o) == 0 && a.st_dev == o.st_dev &&
           a.st_ino == o.st_ino;
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

/* The row of job J but its seconds: JSON (left open) and CSV.  R is the
 * report (NULL when the conversion failed with MESSAGE). */
static void row_fields(GString *json, GString *csv, const job *j, const char *sha, int pages,
                       int code, const poa_report *r, const char *message)
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
    g_string_append_c(json, '{');
    for (size_t i = 0; i < G_N_ELEMENTS(values); i++) {
        bool number = i == 2 || i == 4 || i >= 8;
        g_string_append_printf(json, "%s\"%s\":", i ? "," : "", columns[i]);
        if (number)
            g_string_append(json, *values[i] ? values[i] : "null");
        else
            util_json_append(json, values[i]);
        csv_field(csv, values[i]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(num); i++)
        g_free(num[i]);
    g_string_free(codes, TRUE);
}

/* Close the row of J with its SECONDS: J->row and J->csv. */
static void row_finish(job *j, GString *json, GString *csv, double seconds)
{
    g_string_append_printf(json, ",\"segundos\":%.2f}", seconds);
    char s[32];
    g_snprintf(s, sizeof s, "%.2f", seconds);
    csv_field(csv, s);
    g_free(j->row);
    g_free(j->csv);
    j->row = g_string_free(json, FALSE);
    j->csv = g_string_free(csv, FALSE);
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

/* In the child: limits, the conversion, the XML, then "PAGES\nJSON\nCSV\n"
 * up FD.  Never returns. */
static void child_run(const batch *b, const job *j, int fd)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    struct rlimit core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &core);
    rlim_t bytes = (rlim_t)b->o->memory_mb << 20;
    struct rlimit mem = { bytes, bytes };
    if (b->o->memory_mb > 0 && !ADDRESS_SANITIZER)
        setrlimit(RLIMIT_AS, &mem);
    test_fault(j->input);
    poa_options opts = POA_OPTIONS_INIT;
    opts.password = b->o->password;
    opts.rules = b->o->rules;
    poa_error e = POA_ERROR_INIT;
    poa_report *r = poa_convert_file(j->input, &opts, &e);
    /* the report records the file's SHA-256; a file that failed is read again for it */
    char *sha = r ? g_strdup(r->source.sha256) : file_sha256(j->input, NULL);
    int code = POA_OK;
    if (r && poa_report_write_xml(r, j->output, &e) != 0)
        code = e.code ? (int)e.code : POA_E_OUTPUT;
    else if (r)
        code = poa_report_complete(r) ? POA_OK : POA_INCOMPLETE;
    else
        code = e.code ? (int)e.code : POA_E_INTERNAL;
    GString *json = g_string_new(NULL), *csv = g_string_new(NULL);
    bool failed = code != POA_OK && code != POA_INCOMPLETE;
    row_fields(json, csv, j, sha ? sha : "", r ? r->source.paginas : 0, code, failed ? NULL : r,
               failed ? e.message : NULL);
    char *msg = g_strdup_printf("%d\n%s\n%s\n", r ? r->source.paginas : 0, json->str, csv->str);
    write_all(fd, msg, strlen(msg));
    _exit(code);
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

/* The escaped "ruta" of journal LINE as it stands ("\"a/b.pdf\""), or NULL. */
static char *journal_key(const char *line)
{
    const char *p = "{\"ruta\":";
    if (!g_str_has_prefix(line, p))
        return NULL;
    const char *s = line + strlen(p), *c = s + 1;
    if (*s != '"')
        return NULL;
    for (; *c && *c != '"'; c++)
        if (*c == '\\' && c[1])
            c++;
    return *c ? g_strndup(s, (gsize)(c + 1 - s)) : NULL;
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
            char *key = g_str_has_suffix(*l, "}") ? journal_key(*l) : NULL;
            if (key)
                g_hash_table_replace(b->journal, key, g_strdup(*l));
        }
        g_strfreev(lines);
        g_free(data);
    }
    g_free(path);
}

/* The journal row of J when an earlier run finished it with the file as
 * it is now: its output records the file's SHA-256. */
static const char *resumable(const batch *b, const job *j)
{
    if (!b->journal)
        return NULL;
    GString *key = g_string_new(NULL);
    util_json_append(key, j->rel);
    const char *row = g_hash_table_lookup(b->journal, key->str);
    g_string_free(key, TRUE);
    char *sha = row ? file_sha256(j->input, NULL) : NULL;
    char *needle = sha ? g_strdup_printf("\"sha256\":\"%s\"", sha) : NULL;
    bool same = needle && strstr(row, needle) && output_records(j, sha);
    g_free(needle);
    g_free(sha);
    return same ? row : NULL;
}

/* The CSV row of a JSON journal row: its values in column order. */
static char *csv_of_row(const char *row)
{
    GString *csv = g_string_new(NULL);
    const char *c = row + 1;
    for (size_t i = 0; i < G_N_ELEMENTS(columns) && *c && *c != '}'; i++) {
        c = strchr(c, ':');
        if (!c)
            break;
        c++;
        GString *value = g_string_new(NULL);
        if (*c == '"') { /* a string: unescape */
            for (c++; *c && *c != '"'; c++) {
                if (*c != '\\') {
                    g_string_append_c(value, *c);
                    continue;
                }
                c++;
                if (*c == 'u') {
                    g_string_append_c(value, (char)g_ascii_strtoull(c + 1, NULL, 16));
                    c += 4;
                } else {
                    g_string_append_c(value, *c);
                }
            }
            c++;
        } else {
            const char *end = c + strcspn(c, ",}");
            if (strncmp(c, "null", 4) != 0)
                g_string_append_len(value, c, end - c);
            c = end;
        }
        csv_field(csv, value->str);
        g_string_free(value, TRUE);
        if (*c == ',')
            c++;
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
    GString *json = g_string_new(NULL), *csv = g_string_new(NULL);
    row_fields(json, csv, j, sha ? sha : "", 0, code, NULL, message);
    row_finish(j, json, csv, seconds);
    j->code = code;
    j->pages = 0;
    g_free(sha);
    job_done(b, j);
}

/* Would J's output replace a file being read?  By device and inode. */
static bool replaces_an_input(const batch *b, const job *j)
{
    struct stat o;
    if (g_stat(j->output, &o) != 0)
        return false;
    for (guint i = 0; i < b->jobs->len; i++) {
        struct stat s;
        const job *k = &g_array_index(b->jobs, job, i);
        if (g_stat(k->input, &s) == 0 && s.st_dev == o.st_dev && s.st_ino == o.st_ino)
            return true;
    }
    return false;
}

/* Start job index JI in a free worker slot, or finish it at once (resumed,
 * or failed before starting). */
static void launch(batch *b, guint ji)
{
    job *j = &g_array_index(b->jobs, job, ji);
    const char *row = resumable(b, j);
    if (row) {
        j->row = g_strdup(row);
        j->csv = csv_of_row(row);
        const char *code = strstr(row, "\"codigo\":"), *pages = strstr(row, "\"paginas\":");
        j->code = code ? atoi(code + 9) : POA_OK;
        j->pages = pages ? atoi(pages + 10) : 0;
        job_done(b, j);
        return;
    }
    char *dir = g_path_get_dirname(j->output);
    bool made = g_mkdir_with_parents(dir, 0755) == 0;
    g_free(dir);
    if (!made || replaces_an_input(b, j)) {
        job_fail(b, j, POA_E_OUTPUT,
                 made ? "the output would replace an input file" : "cannot create the output folder",
                 0);
        return;
    }
    int fds[2];
    if (pipe(fds) != 0) {
        job_fail(b, j, POA_E_INTERNAL, g_strerror(errno), 0);
        return;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        child_run(b, j, fds[1]);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        job_fail(b, j, POA_E_INTERNAL, g_strerror(errno), 0);
        return;
    }
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    for (int k = 0; k < b->o->jobs; k++)
        if (b->w[k].pid == 0) {
            b->w[k] = (worker){ pid, fds[0], ji, g_string_new(NULL), now_s(), false };
            b->running++;
            return;
        }
}

/* Read what worker W has sent so far. */
static void drain_pipe(worker *w)
{
    char buf[8192];
    for (ssize_t n; (n = read(w->fd, buf, sizeof buf)) > 0;)
        if (w->out->len < ROW_MAX)
            g_string_append_len(w->out, buf, (gsize)n);
}

/* The cause of a child's death, from its wait STATUS. */
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

/* Worker W's child has ended with STATUS: its row, sent or written here. */
static void reap(batch *b, worker *w, int status, const struct rusage *ru)
{
    drain_pipe(w);
    close(w->fd);
    job *j = &g_array_index(b->jobs, job, w->job);
    double seconds = now_s() - w->start;
    b->peak_kb = MAX(b->peak_kb, ru->ru_maxrss);
    char **parts = g_strsplit(w->out->str, "\n", 4);
    bool sent = g_strv_length(parts) >= 3 && WIFEXITED(status) && !w->killed;
    if (sent) {
        j->code = WEXITSTATUS(status);
        j->pages = atoi(parts[0]);
        row_finish(j, g_string_new(parts[1]), g_string_new(parts[2]), seconds);
        job_done(b, j);
    } else {
        char *cause = death_cause(b, w, status);
        job_fail(b, j, POA_E_INTERNAL, cause, seconds);
        g_free(cause);
    }
    g_strfreev(parts);
    g_string_free(w->out, TRUE);
    *w = (worker){ 0 };
    b->running--;
}

/* Wait a little for the workers: read their pipes, reap the ended, stop
 * the ones past their time limit. */
static void tend(batch *b)
{
    struct pollfd *fds = g_new0(struct pollfd, (gsize)b->o->jobs);
    int n = 0;
    for (int k = 0; k < b->o->jobs; k++)
        if (b->w[k].pid)
            fds[n++] = (struct pollfd){ b->w[k].fd, POLLIN, 0 };
    poll(fds, (nfds_t)n, 20);
    g_free(fds);
    double t = now_s();
    for (int k = 0; k < b->o->jobs; k++) {
        worker *w = &b->w[k];
        if (!w->pid)
            continue;
        drain_pipe(w);
        if (!w->killed && t - w->start > b->o->timeout_s) {
            kill(w->pid, SIGKILL);
            w->killed = true;
        }
        int status;
        struct rusage ru;
        if (wait4(w->pid, &status, WNOHANG, &ru) == w->pid)
            reap(b, w, status, &ru);
    }
}

/* Stop every running child (a signal came): nothing half-written stays,
 * since each output is renamed into place only when whole. */
static void stop_all(batch *b)
{
    for (int k = 0; k < b->o->jobs; k++)
        if (b->w[k].pid)
            kill(b->w[k].pid, SIGKILL);
    for (int k = 0; k < b->o->jobs; k++) {
        worker *w = &b->w[k];
        if (!w->pid)
            continue;
        waitpid(w->pid, NULL, 0);
        close(w->fd);
        g_string_free(w->out, TRUE);
        *w = (worker){ 0 };
    }
    b->running = 0;
}

/* Write TEXT to OUT_DIR/NAME atomically (a temporary file renamed). */
static bool write_summary(const batch *b, const char *name, const GString *text)
{
    char *path = g_build_filename(b->o->out_dir, name, NULL);
    bool ok = g_file_set_contents(path, text->str, (gssize)text->len, NULL);
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
    bool ok = write_summary(b, JOURNAL, json) && write_summary(b, TABLE, csv);
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
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
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
    struct sigaction sa = { 0 }, old_int, old_term;
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    stop_signal = 0;
    b.started = now_s();
    guint next = 0;
    while (!stop_signal && (next < b.jobs->len || b.running > 0)) {
        while (!stop_signal && b.running < o->jobs && next < b.jobs->len)
            launch(&b, next++);
        if (b.running)
            tend(&b);
    }
    bool interrupted = stop_signal != 0;
    if (interrupted)
        stop_all(&b);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
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
