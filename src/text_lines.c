/* text_lines.c - plain text read as lines: two columns set side by side
 * unrolled one after the other (text_columns.c), a line after a blank
 * line starting a block, and page numbers and running headers marked
 * dropped (furniture.c).  The reader holds the text once, split in place,
 * and a text_line for each line; the parser is handed poa_lines a window
 * at a time, so that a text of many short lines is not held again as a
 * poa_line each (issue 22). */
#include "text_lines.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "furniture.h"
#include "text_columns.h"

/* Under AddressSanitizer the bytes of the lines forgotten are poisoned
 * exactly, not only the whole pages given back: the tests then catch a
 * read of any forgotten line, however recent. */
#if defined(__SANITIZE_ADDRESS__)
#define READER_POISONS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define READER_POISONS 1
#endif
#endif
#ifdef READER_POISONS
#include <sanitizer/asan_interface.h>
#define poison(at, n) ASAN_POISON_MEMORY_REGION(at, n)
#define unpoison(at, n) ASAN_UNPOISON_MEMORY_REGION(at, n)
#else
#define poison(at, n) ((void)(at), (void)(n))
#define unpoison(at, n) ((void)(at), (void)(n))
#endif

struct text_reader {
    char *text;      /* owned; its lines end in NULs where their breaks were */
    size_t size;     /* bytes of TEXT, its final NUL counted */
    bool mapped;     /* TEXT is pages of its own (else g_malloc'd) */
    char *kept;      /* mapped: the first of TEXT's pages not yet given back */
    size_t page;     /* the page size */
    text_line *v;    /* the lines that are not blank, in order */
    size_t n, cap;
};

/* True when the line holds nothing but white space. */
static bool line_is_blank(const char *s, size_t len)
{
    for (const char *p = s; p < s + len; p = g_utf8_next_char(p))
        if (!g_unichar_isspace(g_utf8_get_char(p)))
            return false;
    return true;
}

static void reader_push(text_reader *r, const text_line *line)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->v = g_renew(text_line, r->v, r->cap);
    }
    r->v[r->n++] = *line;
}

/* Split the reader's text (LEN bytes) into its lines, in place. */
static void reader_split(text_reader *r, size_t len)
{
    char *text = r->text, *end = text + len;
    bool after_blank = true;
    int block = 0;
    for (char *p = text; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        size_t n = (size_t)(stop - p);
        if (n && p[n - 1] == '\r')
            n--;
        if (line_is_blank(p, n)) {
            after_blank = true;
        } else {
            p[n] = '\0'; /* the line ends where its break was */
            text_line line = { .text = p };
            if (after_blank) {
                line.flags |= POA_LINE_BLOCK_START;
                block++;
            }
            line.block = block;
            reader_push(r, &line);
            after_blank = false;
        }
        p = nl ? nl + 1 : end;
    }
    r->v = g_renew(text_line, r->v, r->n); /* no room left unused */
    r->cap = r->n;
}

/* Hold TEXT (LEN bytes and its NUL, taken) in pages of its own, which
 * text_reader_forget gives back as the parser reads on: the text then
 * leaves memory as fast as the parser's paragraphs fill it.  Where no
 * pages can be had, TEXT is kept as it is, whole to the end. */
static void reader_take_text(text_reader *r, char *text, size_t len)
{
    r->size = len + 1;
    r->page = (size_t)sysconf(_SC_PAGESIZE);
    void *pages = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) {
        r->text = text;
        return;
    }
    memcpy(pages, text, r->size);
    g_free(text);
    r->text = r->kept = pages;
    r->mapped = true;
}

text_reader *text_reader_new(char *text, size_t len, const poa_rules *rules)
{
    text_reader *r = g_new0(text_reader, 1);
    text = text_columns_unroll(text, &len); /* columns one after the other */
    reader_take_text(r, text, len);
    reader_split(r, len);
    rule_matcher *m = rules_matcher_new(rules);
    furniture_mark_text(r->v, r->n, m);
    rules_matcher_free(m);
    return r;
}

size_t text_reader_count(const text_reader *r)
{
    return r->n;
}

bool text_reader_blocks_reliable(const text_reader *r)
{
    size_t starts = 0;
    for (size_t i = 0; i < r->n; i++)
        starts += (r->v[i].flags & POA_LINE_BLOCK_START) != 0;
    return r->n > 0 && starts * 10 < r->n * 6 && starts * 20 >= r->n;
}

size_t text_reader_window(const text_reader *r, size_t from, size_t count, poa_line *out)
{
    size_t filled = 0;
    for (size_t i = from; i < r->n && filled < count; i++, filled++) {
        const text_line *t = &r->v[i];
        out[filled] = (poa_line){ .text = t->text, .flags = t->flags, .block = t->block,
                                  .drop_reason = (poa_drop)t->drop };
    }
    return filled;
}

void text_reader_forget(text_reader *r, size_t before)
{
    if (!r->mapped || before == 0)
        return;
    const char *upto = before < r->n ? r->v[before].text : r->text + r->size;
    char *cut = r->text + (size_t)(upto - r->text) / r->page * r->page; /* whole pages only */
    if (cut > r->kept) {
        unpoison(r->kept, (size_t)(cut - r->kept));
        munmap(r->kept, (size_t)(cut - r->kept));
        r->kept = cut;
    }
    if (upto > r->kept)
        poison(r->kept, (size_t)(upto - r->kept));
}

void text_reader_free(text_reader *r)
{
    if (!r)
        return;
    if (!r->mapped)
        g_free(r->text);
    else if (r->kept < r->text + r->size) {
        unpoison(r->kept, (size_t)(r->text + r->size - r->kept));
        munmap(r->kept, (size_t)(r->text + r->size - r->kept));
    }
    g_free(r->v);
    g_free(r);
}

void text_lines_read(poa_lines *out, const char *text, size_t len, const poa_rules *rules)
{
    char *copy = g_malloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    text_reader *r = text_reader_new(copy, len, rules);
    for (size_t i = 0; i < r->n; i++) {
        poa_line line;
        text_reader_window(r, i, 1, &line);
        lines_push(out, &line); /* a copy of its own */
    }
    text_reader_free(r);
}
