/* util.c - error filling and small text helpers over GLib. */
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <json-glib/json-glib.h>

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

/* TEXT collapsed into OUT, which has room for it or is TEXT itself: the
 * text only shrinks, so the write end never passes the read end, and the
 * bytes go forward one by one.  Stops after the character that takes the
 * output past MAX bytes. */
static char *collapse_into(char *out, const char *text, size_t max)
{
    char *o = out;
    bool pending = false;
    for (const char *p = text, *next; *p && (size_t)(o - out) <= max; p = next) {
        unsigned char b = (unsigned char)*p;
        if (b > ' ' && b < 0x80) { /* a printable ASCII byte, the most of any text */
            if (pending)
                *o++ = ' ';
            pending = false;
            *o++ = *p;
            next = p + 1;
            continue;
        }
        next = g_utf8_next_char(p);
        if (is_blank_at(p)) {
            pending = o > out;
            continue;
        }
        if (pending)
            *o++ = ' ';
        pending = false;
        while (p < next) /* the character's bytes as they are */
            *o++ = *p++;
    }
    *o = '\0';
    return out;
}

char *util_collapse_space(const char *text)
{
    return collapse_into(g_malloc(strlen(text) + 1), text, SIZE_MAX);
}

char *util_collapse_space_head(const char *text, size_t max)
{
    size_t n = strnlen(text, max + 8); /* a character is at most 4 bytes, a blank before it 1 */
    char *head = collapse_into(g_malloc(n + 1), text, max);
    return g_realloc(head, strlen(head) + 1);
}

char *util_collapse_space_in_place(char *text)
{
    return collapse_into(text, text, SIZE_MAX);
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

bool util_is_figure(const char *text)
{
    bool digit = false;
    for (const char *p = text; *p; p++) {
        if (g_ascii_isdigit(*p))
            digit = true;
        else if (!strchr(" \t.,%$+-", *p))
            return false;
    }
    return digit;
}

bool util_marks_only(const char *text)
{
    char **words = g_strsplit(text, " ", -1);
    bool marks = true;
    for (char **w = words; *w && marks; w++)
        marks = !**w || g_utf8_strlen(*w, -1) == 1 || util_is_figure(*w);
    g_strfreev(words);
    return marks;
}

bool util_has_letter(const char *text)
{
    for (const char *p = text; p && *p; p = g_utf8_next_char(p))
        if (g_unichar_isalpha(g_utf8_get_char(p)))
            return true;
    return false;
}

bool util_same_words(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    char *fa = g_utf8_casefold(a, -1), *fb = g_utf8_casefold(b, -1);
    bool same = strcmp(fa, fb) == 0;
    g_free(fa);
    g_free(fb);
    return same;
}

bool util_has_word(const char *text)
{
    int n = 0;
    for (const char *p = text; p && *p && n < 2; p = g_utf8_next_char(p))
        n += g_unichar_isalpha(g_utf8_get_char(p)) != 0;
    return n >= 2;
}

void util_strip_final_period(char *text)
{
    size_t n = strlen(text);
    if (n && text[n - 1] == '.')
        text[n - 1] = '\0';
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

/* PDF readers accept the header anywhere in the first 1024 bytes, after
 * binary junk; a text that merely mentions "%PDF-" is still text. */
bool util_is_pdf(const char *data, size_t len)
{
    size_t span = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= span; i++)
        if (memcmp(data + i, "%PDF-", 5) == 0)
            return i == 0 || !g_utf8_validate(data, (gssize)i, NULL);
    return false;
}

/* Can the file that starts with HEAD (LEN bytes of more) be neither a
 * PDF nor text?  A NUL byte says so (text in Windows-1252 may hold any
 * other byte). */
static bool cannot_be_input(const char *head, size_t len)
{
    return !util_is_pdf(head, len) && memchr(head, '\0', len);
}

/* How much read_fd reads before it looks at what it is reading. */
#define SNIFF_BYTES 65536
/* The spare room a buffer read whole may keep rather than be cut. */
#define READ_SLACK 4096

/* FD, whole, into *DATA (NUL-terminated); 0, or the status with ERR set
 * (NAME in the message).  A file the first 64 KiB show to be neither PDF
 * nor text is refused then, not read whole first (400 MB of video, or a
 * sparse file of a terabyte).  Past them, the buffer is made SIZE bytes
 * (what fstat says the file holds; 0 when it cannot tell, a pipe) at
 * once, so that a large text is not held in a buffer grown by doubling,
 * up to twice its size. */
static int read_fd(int fd, const char *name, size_t size, char **data, gsize *len,
                   poa_error *err)
{
    /* room for the NUL, and a byte more: the read that finds the end of a
     * file of SIZE bytes needs room to ask for */
    size_t cap = SNIFF_BYTES + 2, used = 0;
    char *buf = g_malloc(cap);
    bool sniffed = false;
    for (;;) {
        if (used + 1 == cap) { /* a pipe, or a file that grew: double */
            char *more = g_try_realloc(buf, cap * 2);
            if (!more) {
                g_free(buf);
                return poa_fail(err, POA_E_INTERNAL,
                                "%s: too large to hold in memory (%zu bytes read)", name, used);
            }
            buf = more, cap *= 2;
        }
        size_t room = cap - used - 1;
        ssize_t n = read(fd, buf + used, sniffed ? room : MIN(room, SNIFF_BYTES - used));
        if (n == 0)
            break;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            g_free(buf);
            return util_fail_unreadable(err, name, errno);
        }
        used += (size_t)n;
        if (!sniffed && used >= SNIFF_BYTES) {
            sniffed = true;
            if (cannot_be_input(buf, used)) {
                g_free(buf);
                return poa_fail(err, POA_E_FORMAT,
                                "%s: neither a PDF nor text (UTF-8 or Windows-1252)", name);
            }
            char *whole = size + 2 > cap ? g_try_realloc(buf, size + 2) : NULL;
            if (whole) /* else it grows as a pipe's would, as far as memory lets it */
                buf = whole, cap = size + 2;
        }
    }
    buf[used] = '\0';
    *len = used;
    *data = cap - used > READ_SLACK ? g_realloc(buf, used + 1) : buf;
    return 0;
}

/* The bytes FD's file holds when fstat can tell (a regular file), else 0. */
static size_t file_size(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
}

/* PATH whole into *DATA ("-": standard input, as pdftotext and xmllint
 * read it); 0, or the status with ERR set. */
int util_read_input(const char *path, char **data, gsize *len, poa_error *err)
{
    if (strcmp(path, "-") == 0)
        return read_fd(STDIN_FILENO, POA_STDIN_NAME, file_size(STDIN_FILENO), data, len, err);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return util_fail_unreadable(err, path, errno);
    struct stat st;
    int rc = fstat(fd, &st) != 0    ? util_fail_unreadable(err, path, errno)
             : S_ISDIR(st.st_mode) ? util_fail_unreadable(err, path, EISDIR)
                                   : read_fd(fd, path, file_size(fd), data, len, err);
    close(fd);
    return rc;
}


int util_roman_value(const char *s)
{
    static const char *const units[] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII",
                                         "IX" };
    size_t tens = strspn(s, "X");
    if (tens > 3)
        return 0;
    for (int u = 0; u < 10; u++)
        if (strcmp(s + tens, units[u]) == 0)
            return (int)(tens * 10) + u;
    return 0;
}

char *util_excerpt(const char *text)
{
    if (g_utf8_strlen(text, -1) <= 60)
        return g_strdup(text);
    char *cut = g_utf8_substring(text, 0, 57);
    char *out = g_strconcat(cut, "…", NULL);
    g_free(cut);
    return out;
}

/* Write DATA to standard output; a full disk or closed pipe is an error. */
int util_write_stream(FILE *to, const char *data, size_t len, poa_error *err)
{
    size_t n = fwrite(data, 1, len, to);
    if (n != len || fflush(to) != 0 || ferror(to))
        return poa_fail(err, POA_E_OUTPUT, "standard output: %s", g_strerror(errno));
    return 0;
}

/* Write to an existing non-regular file (a device or a FIFO) in place:
 * renaming over /dev/full or a pipe would replace it, not write to it. */
static int write_special(const char *path, const char *data, size_t len, poa_error *err)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0)
        return poa_fail(err, POA_E_OUTPUT, "%s: %s", path, g_strerror(errno));
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int saved = n < 0 ? errno : EIO;
            close(fd);
            return poa_fail(err, POA_E_OUTPUT, "%s: %s", path, g_strerror(saved));
        }
        done += (size_t)n;
    }
    if (close(fd) != 0)
        return poa_fail(err, POA_E_OUTPUT, "%s: %s", path, g_strerror(errno));
    return 0;
}

int util_write_output(const char *path, const char *data, size_t len, poa_error *err)
{
    struct stat st;
    if (!path || strcmp(path, "-") == 0)
        return util_write_stream(stdout, data, len, err);
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return write_special(path, data, len, err);
    GError *e = NULL; /* a temporary file beside PATH, synced, then renamed over it */
    if (!g_file_set_contents_full(path, data, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, 0666,
                                  &e)) {
        int rc = poa_fail(err, POA_E_OUTPUT, "%s: cannot write: %s", path, e->message);
        g_error_free(e);
        return rc;
    }
    return 0;
}

char *util_json_text(JsonNode *root)
{
    JsonGenerator *g = json_generator_new();
    json_generator_set_root(g, root);
    char *text = json_generator_to_data(g, NULL);
    g_object_unref(g);
    return text;
}

char *util_json_value_text(JsonNode *node)
{
    if (!node || !JSON_NODE_HOLDS_VALUE(node))
        return NULL;
    GType t = json_node_get_value_type(node);
    if (t == G_TYPE_STRING)
        return g_strdup(json_node_get_string(node));
    if (t == G_TYPE_INT64)
        return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(node));
    if (t == G_TYPE_DOUBLE)
        return g_strdup_printf("%.2f", json_node_get_double(node));
    return NULL;
}
