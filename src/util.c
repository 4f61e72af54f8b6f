/* util.c - error filling and small text helpers over GLib. */
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Cut S so that it never ends inside a UTF-8 sequence. */
static void cut_utf8(char *s)
{
    const char *end = NULL;
    if (!g_utf8_validate(s, -1, &end))
        s[end - s] = '\0';
}

int poa_fail(poa_error *err, poa_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        cut_utf8(err->message); /* a cut message must not end inside a UTF-8 sequence */
    }
    return -(int)code;
}

int util_name_error(poa_error *err, const char *name)
{
    if (!err || !err->code)
        return err ? -(int)err->code : 0;
    size_t n = name ? strlen(name) : 0;
    if (n && !(strncmp(err->message, name, n) == 0 && err->message[n] == ':')) {
        char *named = g_strconcat(name, ": ", err->message, NULL);
        g_strlcpy(err->message, named, sizeof err->message);
        g_free(named);
        cut_utf8(err->message);
    }
    return -(int)err->code;
}

const char *poa_status_name(poa_status code)
{
    switch (code) {
    case POA_OK: return "ok";
    case POA_INCOMPLETE: return "incomplete report";
    case POA_E_USAGE: return "usage error";
    case POA_E_UNREADABLE: return "unreadable file";
    case POA_E_EMPTY: return "empty file";
    case POA_E_FORMAT: return "unsupported format";
    case POA_E_PDF: return "corrupt PDF";
    case POA_E_ENCRYPTED: return "encrypted PDF";
    case POA_E_NO_TEXT: return "no text layer";
    case POA_E_NO_STRUCTURE: return "no programme structure";
    case POA_E_INVALID: return "schema-invalid XML";
    case POA_E_RULES: return "bad rule file";
    case POA_E_OUTPUT: return "output error";
    case POA_E_UNSAFE: return "unsafe XML";
    case POA_E_INTERNAL: return "internal error";
    }
    return "unknown status";
}

/* A blank as g_unichar_isspace() sees it, plus no-break space, zero-width
 * space and BOM; ASCII is answered without decoding (most text is). */
static bool is_blank_at(const char *p)
{
    unsigned char b = (unsigned char)*p;
    if (b < 0x80)
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f';
    gunichar c = g_utf8_get_char(p);
    return g_unichar_isspace(c) || c == 0x00A0 || c == 0x200B || c == 0xFEFF;
}

char *util_collapse_space(const char *text)
{
    char *out = g_malloc(strlen(text) + 1), *o = out;
    bool pending = false;
    for (const char *p = text, *next; *p; p = next) {
        next = g_utf8_next_char(p);
        if (is_blank_at(p)) {
            pending = o > out;
            continue;
        }
        if (pending)
            *o++ = ' ';
        pending = false;
        memcpy(o, p, (size_t)(next - p)); /* the character's bytes as they are */
        o += next - p;
    }
    *o = '\0';
    return out;
}

/* NFC text S with its ligatures spelt out and its soft hyphens before a
 * letter dropped (one before a line break or the end marks a cut word);
 * S itself when it has none, else a new string and S is freed. */
static char *fold_presentation(char *s)
{
    GString *out = NULL;
    const char *done = s;
    for (const char *c = s; *c; c = g_utf8_next_char(c)) {
        gunichar u = g_utf8_get_char(c);
        bool ligature = u >= 0xFB00 && u <= 0xFB06;
        bool inner_shy = u == 0x00AD && g_unichar_isalpha(g_utf8_get_char(c + 2));
        if (!ligature && !inner_shy)
            continue;
        if (!out)
            out = g_string_new(NULL);
        g_string_append_len(out, done, c - done);
        if (ligature) { /* its compatibility decomposition: "ﬁ" -> "fi" */
            char *spelt = g_utf8_normalize(c, g_utf8_next_char(c) - c, G_NORMALIZE_NFKC);
            g_string_append(out, spelt);
            g_free(spelt);
        }
        done = g_utf8_next_char(c);
    }
    if (!out)
        return s;
    g_string_append(out, done);
    g_free(s);
    return g_string_free(out, FALSE);
}

/* NFC is worked out chunk by chunk: GLib's g_utf8_normalize takes time
 * that grows with the square of a long run of text (it shifts the rest of
 * its buffer at each composition: a 2 MB line took 7 s).
 * A chunk ends before an ASCII character, which never composes with what
 * precedes it (the second of a canonical pair is a mark or a jamo), so the
 * chunks normalise alone to the same result; a run with no ASCII character
 * ends, past NORMALIZE_CHUNK_MAX, before a character of combining class 0
 * outside the scripts whose class-0 vowel signs compose. */
#define NORMALIZE_CHUNK 512
#define NORMALIZE_CHUNK_MAX (1 << 20)

static bool safe_cut_before(const char *c, size_t run)
{
    unsigned char b = (unsigned char)*c;
    if (b < 0x80)
        return true;
    if (run < NORMALIZE_CHUNK_MAX)
        return false;
    gunichar u = g_utf8_get_char(c);
    bool composing_script = (u >= 0x0900 && u <= 0x11FF) || (u >= 0x1B00 && u <= 0x1BFF) ||
                            (u >= 0x3000 && u <= 0x30FF) || (u >= 0xAC00 && u <= 0xD7FF);
    return g_unichar_combining_class(u) == 0 && !composing_script;
}

char *util_normalize_text(const char *text, gssize len)
{
    size_t n = len < 0 ? strlen(text) : (size_t)len;
    GString *out = g_string_sized_new(n + 1);
    for (size_t from = 0; from < n;) {
        size_t to = from + NORMALIZE_CHUNK < n ? from + NORMALIZE_CHUNK : n;
        while (to < n && !safe_cut_before(text + to, to - from))
            to++;
        char *part = g_utf8_normalize(text + from, (gssize)(to - from), G_NORMALIZE_NFC);
        if (part)
            g_string_append(out, part);
        else
            g_string_append_len(out, text + from, (gssize)(to - from));
        g_free(part);
        from = to;
    }
    return fold_presentation(g_string_free(out, FALSE));
}

const char *util_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

bool util_is_blank(const char *text)
{
    if (!text)
        return true;
    for (const char *p = text; *p; p++)
        if (!g_ascii_isspace(*p))
            return false;
    return true;
}

bool util_has_letter(const char *text)
{
    for (const char *p = text; p && *p; p = g_utf8_next_char(p))
        if (g_unichar_isalpha(g_utf8_get_char(p)))
            return true;
    return false;
}

void util_strip_final_period(char *text)
{
    size_t n = strlen(text);
    if (n && text[n - 1] == '.')
        text[n - 1] = '\0';
}

void util_json_append(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            g_string_append_printf(out, "\\%c", c);
        else if (c < 0x20)
            g_string_append_printf(out, "\\u%04x", c);
        else
            g_string_append_c(out, (char)c);
    }
    g_string_append_c(out, '"');
}

bool util_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int util_fail_unreadable(poa_error *err, const char *path, int errnum)
{
    const char *cause = errnum == ENOENT ? "no such file"
                      : errnum == EISDIR ? "is a directory"
                                         : g_strerror(errnum);
    return poa_fail(err, POA_E_UNREADABLE, "%s: cannot read: %s", path, cause);
}
