/* convert.c - the pipeline driver: input bytes -> lines -> parser -> model.
 *
 * Detects the input by content (a PDF, or UTF-8 text), runs the layout
 * stage one page at a time for PDFs, feeds the parser, then computes the
 * completeness findings.  Owns nothing beyond one call.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "layout.h"
#include "html_lines.h"
#include "lines.h"
#include "text_lines.h"
#include "markdown.h"
#include "model.h"
#include "normalize.h"
#include "parse.h"
#include "rules.h"
#include "util.h"

static char *iso_time(long long now)
{
    if (now < 0) {
        const char *epoch = getenv("SOURCE_DATE_EPOCH");
        char *end = NULL;
        long long v = epoch ? strtoll(epoch, &end, 10) : -1;
        now = (epoch && end && *end == '\0' && v >= 0) ? v : (long long)time(NULL);
    }
    GDateTime *t = g_date_time_new_from_unix_utc(now);
    char *s = t ? g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ") : g_strdup("1970-01-01T00:00:00Z");
    if (t)
        g_date_time_unref(t);
    return s;
}

static void source_fill(poa_source *src, const char *data, size_t len, const char *name,
                        const poa_options *opts)
{
    src->archivo = g_strdup(opts->source_name ? opts->source_name : util_basename(name));
    char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
    g_strlcpy(src->sha256, hex, sizeof src->sha256);
    g_free(hex);
    src->bytes = len;
    src->convertido = iso_time(opts->now);
}

/* Does the page's text hold anything but white space? */
static size_t body_chars(const poa_lines *lines)
{
    size_t n = 0;
    for (size_t i = 0; i < lines->n; i++)
        if (!(lines->v[i].flags & POA_LINE_DROPPED))
            for (const char *s = lines->v[i].text; *s; s++)
                n += !g_ascii_isspace(*s);
    return n;
}

/* The rules to read a document of PAGES pages with: the caller's, or the
 * default ones, compiled to machine code for a long document and
 * interpreted for a short one (compiling costs more than it saves
 * there).  NULL with ERR set when they do not compile. */
static const poa_rules *rules_for(const poa_options *opts, size_t pages, poa_error *err)
{
    return opts->rules ? opts->rules : rules_default_shared(pages >= RULES_JIT_PAGES, err);
}

static int convert_pdf(poa_report *report, const char *data, size_t len, const char *name,
                       const poa_options *opts, poa_error *err)
{
    layout_doc *doc = layout_open(data, len, name, opts->password, opts->rules, err);
    if (!doc)
        return -1;
    int pages = layout_page_count(doc);
    report->source.paginas = pages;
    const poa_rules *rules = rules_for(opts, (size_t)pages, err);
    if (!rules) {
        layout_close(doc);
        return -1;
    }
    layout_use_rules(doc, rules);
    parser *p = parse_new(report, rules, true);
    poa_lines lines = POA_LINES_INIT;
    size_t text = 0;
    int rc = 0;
    for (int i = 0; i < pages && rc == 0; i++) {
        rc = layout_page(doc, i, &lines, err);
        size_t chars = body_chars(&lines);
        text += chars;
        if (rc == 0 && chars == 0 && layout_page_paints_image(doc, i)) {
            int page = i + 1; /* a scan among text pages: its content is unread */
            g_array_append_val(report->pages_without_text, page);
        }
        parse_feed(p, lines.v, lines.n);
        lines_clear(&lines);
    }
    parse_finish(p);
    parse_free(p);
    lines_release(&lines);
    layout_close(doc);
    if (rc == 0 && text == 0)
        rc = poa_fail(err, POA_E_NO_TEXT, "%s: no text layer; the PDF needs OCR", name);
    return rc;
}

/* DATA as the rules read text: UTF-8 in NFC, without a byte order mark.
 * Text that is not UTF-8 but decodes as Windows-1252 (Latin-1 and its
 * Windows superset: what older office software saved) is decoded, with
 * *WINDOWS1252 set.  NULL when it is neither; caller frees.  *OWNED (when
 * not NULL) is DATA, the caller's copy: freed once decoded. */
static char *text_in_nfc(const char *data, size_t len, bool *windows1252, char **owned)
{
    *windows1252 = false;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) /* byte order mark */
        data += 3, len -= 3;
    if (memchr(data, '\0', len))
        return NULL;
    if (g_utf8_validate(data, (gssize)len, NULL))
        return normalize_text(data, (gssize)len);
    char *utf8 = g_convert(data, (gssize)len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
    if (owned) /* read: the input, its UTF-8 and its NFC are never held at once */
        g_clear_pointer(owned, g_free);
    if (!utf8)
        return NULL;
    *windows1252 = true;
    char *nfc = normalize_text(utf8, -1);
    g_free(utf8);
    return nfc;
}

/* The lines of web page NFC (HTML, or Markdown with its markup) as a
 * browser shows it; NFC is taken. */
static int web_lines(char *nfc, size_t len, poa_lines *lines, poa_error *err)
{
    char *html = html_lines_is_page(nfc, len) ? NULL : markdown_to_html(nfc, len);
    int rc = html_lines_is_page(nfc, len) ? html_lines_read(nfc, len, lines, err)
             : html ? html_lines_read(html, strlen(html), lines, err)
                    : poa_fail(err, POA_E_INTERNAL, "the Markdown reader failed");
    g_free(html);
    g_free(nfc);
    return rc;
}

/* Is text NFC a web page, HTML or Markdown with its markup, to be read as
 * a browser shows it rather than line by line? */
static bool is_web_page(const char *nfc, size_t len)
{
    return html_lines_is_page(nfc, len) || markdown_is_marked_up(nfc, len);
}

/* The lines of plain text the parser is handed at a time, their texts
 * the reader's: all a text of many short lines holds besides itself and
 * the reader's four bits a line. */
#ifndef TEXT_WINDOW_LINES
#define TEXT_WINDOW_LINES 4096
#endif
#define TEXT_WINDOW_ROOM (TEXT_WINDOW_LINES + PARSE_LOOKAHEAD_LINES)
_Static_assert(TEXT_WINDOW_LINES > 0, "a window feeds at least one line");

/* Feed plain text R's lines to a new parser of REPORT, a window at a time,
 * and finish; R is taken, and freed once its lines are fed, before the
 * paragraphs still open are closed and repaired. */
static void parse_plain_text(poa_report *report, const poa_rules *rules, text_reader *r)
{
    parser *p = parse_new(report, rules, text_reader_blocks_reliable(r));
    poa_line *window = g_new(poa_line, TEXT_WINDOW_ROOM);
    size_t n = text_reader_count(r);
    for (size_t at = 0; at < n;) {
        size_t have = text_reader_window(r, at, TEXT_WINDOW_ROOM, window);
        size_t stop = n - at > TEXT_WINDOW_LINES ? TEXT_WINDOW_LINES : have;
        at += parse_feed_window(p, window, have, stop);
        text_reader_forget(r, at); /* the parser holds what it needs of them */
    }
    g_free(window);
    text_reader_free(r);
    parse_finish(p);
    parse_free(p);
}

/* Convert the text DATA; *OWNED (when not NULL) is DATA itself, the
 * caller's copy to free: freed once the text is in NFC, so that the input
 * and its lines are never in memory at once (issue 22). */
static int convert_text(poa_report *report, const char *data, size_t len, const char *name,
                        const poa_options *opts, char **owned, poa_error *err)
{
    char *nfc = text_in_nfc(data, len, &report->source.windows1252, owned);
    if (owned)
        g_clear_pointer(owned, g_free);
    if (!nfc)
        return poa_fail(err, POA_E_FORMAT,
                        "%s: neither a PDF nor text (UTF-8 or Windows-1252)", name);
    const poa_rules *rules = rules_for(opts, len / RULES_PAGE_BYTES, err);
    if (!rules) {
        g_free(nfc);
        return -1;
    }
    size_t nfc_len = strlen(nfc);
    if (!is_web_page(nfc, nfc_len)) {
        parse_plain_text(report, rules, text_reader_new(nfc, nfc_len, rules)); /* NFC taken */
        return 0;
    }
    poa_lines lines = POA_LINES_INIT;
    int rc = web_lines(nfc, nfc_len, &lines, err);
    if (rc == 0) { /* a page's blocks are its elements: they mark paragraphs */
        parser *p = parse_new(report, rules, true);
        parse_feed(p, lines.v, lines.n);
        parse_finish(p);
        parse_free(p);
    }
    lines_release(&lines);
    return rc;
}

/* Has the parser found any of the programme's structure? */
static bool has_structure(const poa_report *r)
{
    return r->mision || r->vision || r->foda_present || r->plan->children->len > 0;
}

/* poa_convert_buffer; *OWNED (when not NULL) is DATA, which the text
 * reader may free early (then *OWNED is NULL). */
static poa_report *convert_any(const char *data, size_t len, const char *name,
                               const poa_options *opts, char **owned, poa_error *err)
{
    static const poa_options defaults = POA_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (!name)
        name = "(buffer)";
    if (len == 0) {
        poa_fail(err, POA_E_EMPTY, "%s: empty file", name);
        return NULL;
    }
    poa_report *report = model_report_new();
    source_fill(&report->source, data, len, name, opts);
    int rc = util_is_pdf(data, len) ? convert_pdf(report, data, len, name, opts, err)
                               : convert_text(report, data, len, name, opts, owned, err);
    if (rc == 0 && !has_structure(report))
        rc = poa_fail(err, POA_E_NO_STRUCTURE,
                      "%s: none of a work programme's structure found (no mission, vision, "
                      "FODA, objectives or action lines)", name);
    if (rc != 0) {
        util_name_error(err, name);
        model_report_free(report);
        return NULL;
    }
    check_report(report);
    return report;
}

poa_report *poa_convert_buffer(const char *data, size_t len, const char *name,
                               const poa_options *opts, poa_error *err)
{
    return convert_any(data, len, name, opts, NULL, err);
}

/* The name PATH goes by in messages and in <fuente archivo>. */
static const char *input_name(const char *path)
{
    return strcmp(path, "-") == 0 ? POA_STDIN_NAME : path;
}

poa_report *poa_convert_file(const char *path, const poa_options *opts, poa_error *err)
{
    char *data = NULL;
    gsize len = 0;
    if (util_read_input(path, &data, &len, err) != 0)
        return NULL;
    poa_report *report = convert_any(data, len, input_name(path), opts, &data, err);
    g_free(data); /* NULL when the text reader freed it */
    return report;
}

/* One row of `poa2xml text --blocks`. */
static void dump_line(const poa_line *l, bool blocks, FILE *out)
{
    if (!blocks) {
        if (!(l->flags & POA_LINE_DROPPED))
            fprintf(out, "%s\n", l->text);
        return;
    }
    fprintf(out, "p%d b%d %7.1f %7.1f %7.1f %7.1f %5.1f%s %s%s%s%s%s| %s", l->page, l->block,
            l->x0, l->y0, l->x1, l->y1, l->font_size, l->bold ? "B" : " ",
            l->flags & POA_LINE_BLOCK_START ? "S" : "-", l->flags & POA_LINE_CELL ? "C" : "-",
            l->flags & POA_LINE_ROW_START ? "R" : "-", l->flags & POA_LINE_HEADING ? "H" : "-",
            l->flags & POA_LINE_PAGE_START ? "P" : "-", l->text);
    if (l->flags & POA_LINE_DROPPED)
        fprintf(out, "  [dropped: %s]", lines_drop_name(l->drop_reason));
    fputc('\n', out);
}

static void dump_lines(const poa_lines *lines, bool blocks, FILE *out)
{
    for (size_t i = 0; i < lines->n; i++)
        dump_line(&lines->v[i], blocks, out);
}

static int dump_pdf(const char *data, size_t len, const char *name, const poa_options *opts,
                    bool blocks, FILE *out, poa_error *err)
{
    layout_doc *doc = layout_open(data, len, name, opts->password, opts->rules, err);
    if (!doc)
        return -1;
    poa_lines lines = POA_LINES_INIT;
    size_t text = 0;
    int rc = 0;
    for (int i = 0; i < layout_page_count(doc) && rc == 0; i++) {
        rc = layout_page(doc, i, &lines, err);
        text += body_chars(&lines);
        dump_lines(&lines, blocks, out);
        lines_clear(&lines);
    }
    lines_release(&lines);
    layout_close(doc);
    if (rc == 0 && text == 0) /* as convert says of it */
        rc = poa_fail(err, POA_E_NO_TEXT, "%s: no text layer; the PDF needs OCR", name);
    return rc;
}

/* Dump the lines of text NFC, which is taken: a web page's as a browser
 * shows it, other text's line by line, a window at a time. */
static int dump_text(char *nfc, const poa_rules *rules, bool blocks, FILE *out, poa_error *err)
{
    size_t len = strlen(nfc);
    if (is_web_page(nfc, len)) {
        poa_lines lines = POA_LINES_INIT;
        int rc = web_lines(nfc, len, &lines, err);
        if (rc == 0)
            dump_lines(&lines, blocks, out);
        lines_release(&lines);
        return rc;
    }
    text_reader *r = text_reader_new(nfc, len, rules);
    poa_line *window = g_new(poa_line, TEXT_WINDOW_LINES);
    for (size_t at = 0, have; (have = text_reader_window(r, at, TEXT_WINDOW_LINES, window));
         at += have)
        for (size_t i = 0; i < have; i++)
            dump_line(&window[i], blocks, out);
    g_free(window);
    text_reader_free(r);
    return 0;
}

int poa_text_dump(const char *path, const poa_options *opts, bool blocks, FILE *out,
                  poa_error *err)
{
    static const poa_options defaults = POA_OPTIONS_INIT;
    char *data = NULL;
    gsize len = 0;
    int rc = util_read_input(path, &data, &len, err);
    if (rc != 0)
        return rc;
    path = input_name(path);
    char *nfc = NULL;
    bool windows1252 = false;
    const poa_rules *rules = NULL;
    if (len == 0) {
        rc = poa_fail(err, POA_E_EMPTY, "%s: empty file", path);
    } else if (util_is_pdf(data, len)) {
        rc = dump_pdf(data, len, path, opts ? opts : &defaults, blocks, out, err);
    } else if (!(nfc = text_in_nfc(data, len, &windows1252, &data))) {
        rc = poa_fail(err, POA_E_FORMAT, "%s: neither a PDF nor text (UTF-8 or Windows-1252)",
                      path);
    } else if (!(rules = rules_for(opts ? opts : &defaults, len / RULES_PAGE_BYTES, err))) {
        rc = -1;
        g_free(nfc);
    } else { /* what the rules see */
        rc = dump_text(nfc, rules, blocks, out, err);
    }
    g_free(data);
    return rc < 0 ? util_name_error(err, path) : rc;
}
