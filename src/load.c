/* load.c - any file a command reads, as a report: XML read safely and
 * checked against the schema (validate.c) then read into the model
 * (read_xml.c); a PDF or text converted, and the XML it would give checked
 * the same way (emit.c).  Used by `validate` and `diff`. */
#include "load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "emit.h"
#include "read_xml.h"
#include "util.h"
#include "validate.h"

static bool looks_like_xml(const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data, *end = p + len;
    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return true;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        p += 3;
    while (p < end && g_ascii_isspace(*p))
        p++;
    return p < end && *p == '<';
}

/* Read the first bytes of PATH into HEAD and its size into SIZE. */
static int sniff(const char *path, char *head, size_t *head_len, off_t *size, poa_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return util_fail_unreadable(err, path, errno);
    struct stat st;
    int rc = 0;
    *size = 0;
    if (fstat(fileno(f), &st) != 0)
        rc = util_fail_unreadable(err, path, errno);
    else if (S_ISDIR(st.st_mode))
        rc = util_fail_unreadable(err, path, EISDIR);
    else if (st.st_size == 0)
        rc = poa_fail(err, POA_E_EMPTY, "%s: empty file", path);
    else
        *size = st.st_size;
    *head_len = rc == 0 ? fread(head, 1, 512, f) : 0;
    if (rc == 0 && ferror(f))
        rc = util_fail_unreadable(err, path, errno);
    fclose(f);
    return rc;
}

/* The report of the XML document DATA (named NAME): parsed as untrusted,
 * schema-checked, read. */
static poa_report *report_from_xml(const char *data, size_t len, const char *name,
                                   GPtrArray *errors, poa_error *err)
{
    xmlDocPtr doc = validate_parse_untrusted(data, len, name, err);
    poa_report *r = NULL;
    if (doc && validate_document(doc, VALIDATE_PROGRAMA, errors, err) == 0)
        r = read_xml_report(doc, err);
    if (r) /* what the XML says of itself is not taken: checked here */
        check_report(r);
    xmlFreeDoc(doc);
    if (!r)
        util_name_error(err, name);
    return r;
}

/* Parse, schema-check and read the XML file PATH. */
static poa_report *load_xml(const char *path, off_t size, GPtrArray *errors, poa_error *err)
{
    if ((unsigned long long)size > VALIDATE_MAX_XML_BYTES) {
        poa_fail(err, POA_E_UNSAFE, "%s: file too large (%lld bytes; the limit is %u MiB)",
                 path, (long long)size, VALIDATE_MAX_XML_BYTES / (1024u * 1024u));
        return NULL;
    }
    char *data = NULL;
    gsize len = 0;
    if (util_read_input(path, &data, &len, err) != 0)
        return NULL;
    poa_report *r = report_from_xml(data, len, path, errors, err);
    g_free(data);
    return r;
}

/* R (NULL passes through) if the XML it gives satisfies the schema; else
 * NULL, R freed, the errors in ERRORS. */
static poa_report *schema_checked(poa_report *r, const char *path, GPtrArray *errors,
                                  poa_error *err)
{
    if (!r)
        return NULL;
    size_t len = 0;
    char *xml = emit_xml(r, &len, err);
    if (!xml || validate_memory(xml, len, VALIDATE_PROGRAMA, errors, err) < 0) {
        g_clear_pointer(&r, model_report_free);
        util_name_error(err, path);
    }
    free(xml);
    return r;
}

/* Convert PDF or text in memory and schema-check the XML it would give. */
static poa_report *load_converted(const char *path, const poa_options *opts,
                                  GPtrArray *errors, poa_error *err)
{
    return schema_checked(poa_convert_file(path, opts, err), path, errors, err);
}

/* Standard input ("-"): XML, or PDF or text to convert, read whole first
 * (a pipe cannot be sniffed and read again). */
static poa_report *load_stdin(const poa_options *opts, GPtrArray *errors, poa_error *err)
{
    char *data = NULL;
    gsize len = 0;
    if (util_read_input("-", &data, &len, err) != 0)
        return NULL;
    poa_report *r = NULL;
    if (len == 0)
        poa_fail(err, POA_E_EMPTY, "%s: empty file", POA_STDIN_NAME);
    else if (!looks_like_xml(data, len < 512 ? len : 512))
        r = schema_checked(poa_convert_buffer(data, len, POA_STDIN_NAME, opts, err),
                           POA_STDIN_NAME, errors, err);
    else if (len > VALIDATE_MAX_XML_BYTES)
        poa_fail(err, POA_E_UNSAFE, "%s: too large (%zu bytes; the limit is %u MiB)",
                 POA_STDIN_NAME, (size_t)len, VALIDATE_MAX_XML_BYTES / (1024u * 1024u));
    else
        r = report_from_xml(data, len, POA_STDIN_NAME, errors, err);
    g_free(data);
    return r;
}

poa_report *load_report(const char *path, const poa_options *opts, GPtrArray *errors,
                         poa_error *err)
{
    if (strcmp(path, "-") == 0)
        return load_stdin(opts, errors, err);
    char head[512];
    size_t head_len = 0;
    off_t size = 0;
    if (sniff(path, head, &head_len, &size, err) < 0)
        return NULL;
    if (looks_like_xml(head, head_len))
        return load_xml(path, size, errors, err);
    return load_converted(path, opts, errors, err);
}
