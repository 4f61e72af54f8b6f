/* poa.h - public API of libpoa: published work programmes (PDF or text) to
 * validated XML.
 *
 * The pipeline is extract (poppler) -> layout (reading order) -> rules
 * (PCRE2) -> model (poa_report) -> check (completeness) -> emit (libxml2)
 * -> validate (XSD).  This header is the whole public surface: a batch
 * worker converts one file with poa_convert_file(), writes it with
 * poa_report_write_xml() and frees it with poa_report_free().
 *
 * Conventions: functions return 0 on success and a negative value on
 * failure, or NULL; on failure they fill the optional poa_error, which is
 * left untouched on success.  The library never prints and never exits on
 * any input.  What poppler says of a damaged file (through GLib's log:
 * the library sets the handler of its "Poppler" domain, once per process)
 * ends the error's message, "(poppler: ...)", and goes on to GLib's
 * default handler, which prints it only when G_MESSAGES_DEBUG asks.  A
 * page is rendered for its ruling lines from a copy without its text and
 * fonts: poppler's cairo font engine, which prints "some font thing
 * failed" itself when an embedded font cannot be loaded, never loads one.
 *
 * Out of memory: the library allocates with GLib (g_malloc), which aborts
 * the process when an allocation fails, as poppler and qpdf do with C++'s
 * std::bad_alloc; no function returns after memory runs out.  Where
 * libxml2 or libxslt report a failed allocation themselves, the call
 * returns POA_E_INTERNAL.  A program that must survive one file's
 * exhaustion converts it in a child process, as `poa2xml batch` does: a
 * worker that aborts is one failed row (status 70, "the worker died of
 * signal 6"), and `batch --memory MB` caps each worker's memory.
 */
#ifndef POA_H
#define POA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define POA_VERSION "0.1.0"

/** The name standard input goes by ("-" as an input path) in messages and
 *  in <fuente archivo>. */
#define POA_STDIN_NAME "(standard input)"
#define POA_NAMESPACE "urn:poa2xml:programa-trabajo:1"

/* ## Errors */

/** Status codes.  The command line uses them as exit codes (docs/poa2xml.1,
 *  EXIT STATUS), so their values never change. */
typedef enum poa_status {
    POA_OK = 0,
    POA_INCOMPLETE = 1,    /* converted, but completeness findings of severity error */
    POA_E_USAGE = 2,       /* bad command line */
    POA_E_UNREADABLE = 3,  /* missing or unreadable input file */
    POA_E_EMPTY = 4,       /* input file is empty */
    POA_E_FORMAT = 5,      /* neither PDF nor UTF-8 text (nor XML, for validate) */
    POA_E_PDF = 6,         /* truncated or corrupt PDF */
    POA_E_ENCRYPTED = 7,   /* encrypted PDF, password missing or wrong */
    POA_E_NO_TEXT = 8,     /* PDF without a text layer (a scan: needs OCR) */
    POA_E_NO_STRUCTURE = 9,/* text with none of the programme's structure */
    POA_E_INVALID = 10,    /* XML does not satisfy the schema */
    POA_E_RULES = 11,      /* rule file cannot be read or compiled */
    POA_E_OUTPUT = 12,     /* output cannot be written */
    POA_E_UNSAFE = 13,     /* hostile or oversized XML refused */
    POA_E_INTERNAL = 70    /* out of memory or a library failure */
} poa_status;

/** An error: a status and a one-line message naming the file and the
 *  cause ("encrypted PDF: wrong or missing password").  Embedded by the
 *  caller; initialise with POA_ERROR_INIT. */
typedef struct poa_error {
    poa_status code;
    char message[512];
} poa_error;

#define POA_ERROR_INIT { POA_OK, { 0 } }

/** Short English name of a status ("encrypted PDF"); static storage. */
const char *poa_status_name(poa_status code);

/* ## Rules */

/** A compiled rule set (see docs/rules.md).  Opaque; free with
 *  poa_rules_free.  One rule set may be shared by any number of
 *  conversions in one thread at a time. */
typedef struct poa_rules poa_rules;

/** The default rule set embedded at build time.  Caller frees. */
poa_rules *poa_rules_default(poa_error *err);

/** Load and compile a rule file; errors say "FILE:LINE: message".
 *  Caller frees with poa_rules_free. */
poa_rules *poa_rules_load(const char *path, poa_error *err);

/** Compile rules from a buffer; NAME is used in messages.  Caller frees
 *  with poa_rules_free. */
poa_rules *poa_rules_load_buffer(const char *text, size_t len, const char *name,
                                 poa_error *err);

/** Free a rule set; NULL is a no-op. */
void poa_rules_free(poa_rules *rules);

/* ## Converting */

/** Options of one conversion.  Initialise with POA_OPTIONS_INIT. */
typedef struct poa_options {
    const char *password;     /* PDF password, or NULL */
    const poa_rules *rules;   /* borrowed; NULL means the default rules */
    const char *source_name;  /* name recorded in <fuente archivo>, or NULL for the path's base name */
    long long now;            /* conversion time (Unix seconds); -1 = SOURCE_DATE_EPOCH or the clock */
} poa_options;

#define POA_OPTIONS_INIT { NULL, NULL, NULL, -1 }

/** The document model (see src/model.h for the tree).  Opaque here. */
typedef struct poa_report poa_report;

/** Convert a file (PDF, or UTF-8 text), detected by content.  Returns a
 *  report the caller frees with poa_report_free, or NULL with ERR set. */
poa_report *poa_convert_file(const char *path, const poa_options *opts, poa_error *err);

/** Convert a buffer already in memory; NAME is used in messages and in
 *  <fuente archivo>.  The buffer is borrowed for the call only. */
poa_report *poa_convert_buffer(const char *data, size_t len, const char *name,
                               const poa_options *opts, poa_error *err);

/** Free a report; NULL is a no-op. */
void poa_report_free(poa_report *report);

/** True when the report has no completeness finding of severity error. */
bool poa_report_complete(const poa_report *report);

/** Number of completeness findings on the report. */
size_t poa_report_finding_count(const poa_report *report);

/* ## Inspecting */

/** Write what the rules see for the file at PATH to OUT: its lines in
 *  reading order, or with BLOCKS one row per line with page, block, box,
 *  font size, weight and flags, dropped lines (furniture, watermarks) too
 *  with their reason.  Returns 0, or negative with ERR set. */
int poa_text_dump(const char *path, const poa_options *opts, bool blocks, FILE *out,
                  poa_error *err);

/* ## Writing XML */

/** Serialise REPORT as XML, validated against the schema before it is
 *  returned.  *OUT is a NUL-terminated buffer the caller frees with
 *  free(3).  Returns 0, or POA_E_INVALID/POA_E_INTERNAL negated. */
int poa_report_to_xml(const poa_report *report, char **out, size_t *len, poa_error *err);

/** Write the validated XML to PATH atomically (temporary file, then
 *  rename), or to standard output when PATH is NULL or "-". */
int poa_report_write_xml(const poa_report *report, const char *path, poa_error *err);

/** Make the XML written of REPORT open as its page in a browser: an
 *  xml-stylesheet processing instruction naming HREF (the installed
 *  programa-trabajo.xsl, or a copy beside the XML).  NULL removes it.
 *  Returns 0, or -POA_E_USAGE with ERR set when HREF cannot stand in the
 *  instruction (a quote, "?>", a control character). */
int poa_report_set_stylesheet(poa_report *report, const char *href, poa_error *err);

/* ## Writing a page for a person */

/** Render REPORT as one HTML page (the schema's stylesheet,
 *  programa-trabajo.xsl, applied with libxslt): its identity, mission and
 *  vision, the FODA as a grid, the plan as a tree with pages, the findings
 *  beside what they name, what was not placed.  Everything inline: the page
 *  fetches nothing.  *OUT is a NUL-terminated buffer the caller frees with
 *  free(3).  Returns 0, or POA_E_INVALID/POA_E_INTERNAL negated. */
int poa_report_to_html(const poa_report *report, char **out, size_t *len, poa_error *err);

/** Write the page to PATH atomically (temporary file, then rename), or to
 *  standard output when PATH is NULL or "-". */
int poa_report_write_html(const poa_report *report, const char *path, poa_error *err);

/* ## Validating */

/** One completeness finding or schema error reported by poa_validate_*. */
typedef struct poa_finding_view {
    const char *code;      /* "linea.gap", or "schema" for schema errors */
    const char *ref;       /* "1.3", or "" */
    const char *severity;  /* "error" or "aviso" */
    const char *message;   /* Spanish for findings, English for schema errors */
    int line;              /* line in the XML file for schema errors, else 0 */
} poa_finding_view;

/** Result of validating one file.  Free with poa_validation_free. */
typedef struct poa_validation poa_validation;

/** Validate one file: XML is read safely and checked against the schema,
 *  then for completeness; PDF and text are converted in memory first.
 *  Returns NULL only when memory runs out; otherwise the result carries
 *  the status (OK, INCOMPLETE, E_INVALID, E_UNREADABLE, ...). */
poa_validation *poa_validate_file(const char *path, const poa_options *opts);

/** The file's status: POA_OK, POA_INCOMPLETE, POA_E_INVALID, or the
 *  status that made it unreadable. */
poa_status poa_validation_status(const poa_validation *v);

/** Why the file is unreadable or invalid ("FILE: cause"), or "".  Borrowed,
 *  valid until poa_validation_free. */
const char *poa_validation_message(const poa_validation *v);

/** Number of findings and schema errors. */
size_t poa_validation_count(const poa_validation *v);

/** Finding I (0 <= I < count).  Its strings are borrowed from V and valid
 *  until poa_validation_free. */
poa_finding_view poa_validation_get(const poa_validation *v, size_t i);

/** Free a result; NULL is a no-op. */
void poa_validation_free(poa_validation *v);

/** A validation's verdict in one word, as validate prints it: "complete",
 *  "incomplete", "invalid" (schema) or "unreadable" (any other failure). */
const char *poa_validation_verdict(poa_status status);

/** The result of validating FILE as one line of JSON (no newline): file,
 *  status ("complete", "incomplete", "invalid", "unreadable"), exit,
 *  message and findings (code, ref, severity, line, message).  Caller
 *  frees with free(3). */
char *poa_validation_to_json(const poa_validation *v, const char *file);

/** Is status A worse than B, for the exit status of many files?  By rank
 *  (an unreadable file, then invalid XML, then an incomplete report), then,
 *  among unreadable files, the lower code: the exit status of a run never
 *  depends on the order of its files. */
bool poa_status_worse(poa_status a, poa_status b);

/** Write the results of validating N files (FILES[i] gave RESULTS[i]) as
 *  one XML report document, valid against schemas/validacion.xsd, to OUT.
 *  Returns 0, or negative with ERR set. */
int poa_validation_write_xml(const poa_validation *const *results, char *const *files,
                             size_t n, FILE *out, poa_error *err);

#ifdef __cplusplus
}
#endif
#endif /* POA_H */
