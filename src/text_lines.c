/* text_lines.c - plain text read as lines: two columns set side by side
 * unrolled one after the other (text_columns.c), a line after a blank
 * line starting a block, and page numbers and running headers marked
 * dropped (furniture.c).  The reader holds the text once, split in place,
 * and four bits for each line; the parser is handed poa_lines a window at
 * a time, so that a text of many short lines is not held again as a
 * poa_line each, nor as a pointer each (issue 22). */
#include "text_lines.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "furniture.h"
#include "text_tables.h"
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

/* A line's marks, four bits of it in the reader's MARKS: */
#define MARK_BLOCK_START 0x1u /* a blank line (or the text's start) before it */
#define MARK_DROPPED 0x2u     /* furniture: a page number, a running header */
#define MARK_WHY_SHIFT 2      /* then the poa_drop, which fits two bits */
_Static_assert(POA_DROP_RUNNING_HEADER < 4 && POA_DROP_PAGE_NUMBER < 4,
               "the text detector's reasons fit a line's two bits");

/* Lines are found again from a place known every CHECKPOINT_EVERY lines:
 * the reader keeps no pointer per line (a text of ten million short lines
 * would hold more pointers than text, issue 22). */
#define CHECKPOINT_EVERY 64

/* Where a line stands: its index, its text, its block. */
typedef struct place {
    size_t i;
    char *text;
    int block;
} place;

struct text_reader {
    char *text;      /* owned; its lines end in NULs where their breaks were */
    size_t size;     /* bytes of TEXT, its final NUL counted */
    bool mapped;     /* TEXT is pages of its own (else g_malloc'd) */
    char *kept;      /* mapped: the first of TEXT's pages not yet given back */
    size_t page;     /* the page size */
    size_t n;        /* the lines that are not blank */
    size_t starts;   /* how many of them start a block */
    uint8_t *marks;  /* four bits a line (MARK_*), two lines a byte */
    place *checkpoints; /* line k * CHECKPOINT_EVERY, for each k */
    place cursor;    /* the line last sought: the next is found from here */
    place floor;     /* the first line not forgotten: nothing before is read */
};

/* True when the line holds nothing but white space. */
static bool line_is_blank(const char *s, size_t len)
{
    for (const char *p = s; p < s + len; p = g_utf8_next_char(p))
        if (!g_unichar_isspace(g_utf8_get_char(p)))
            return false;
    return true;
}

static unsigned mark_of(const text_reader *r, size_t i)
{
    return (r->marks[i / 2] >> (i % 2 * 4)) & 0xFu;
}

static void mark_add(text_reader *r, size_t i, unsigned bits)
{
    r->marks[i / 2] |= (uint8_t)((bits & 0xFu) << (i % 2 * 4));
}

/* The place of the line after AT (which is not the last).  Its own line
 * ends in one NUL, two where a CR stood before the break; blank lines keep
 * their breaks, so the next line is the first run that ends in a NUL. */
static place next_place(const text_reader *r, place at)
{
    char *p = at.text + strlen(at.text);
    while (*p == '\0')
        p++;
    for (size_t run; p[run = strcspn(p, "\n")] == '\n';)
        p += run + 1;
    size_t i = at.i + 1;
    return (place){ i, p, at.block + ((mark_of(r, i) & MARK_BLOCK_START) != 0) };
}

/* The place of line I (not forgotten): from the nearest known place at or
 * before it.  Reading goes forward, so that is the cursor nearly always. */
static place seek(text_reader *r, size_t i)
{
    place from = r->floor;
    const place *near[] = { &r->cursor, &r->checkpoints[i / CHECKPOINT_EVERY] };
    for (size_t k = 0; k < G_N_ELEMENTS(near); k++)
        if (near[k]->i <= i && near[k]->i > from.i)
            from = *near[k];
    while (from.i < i)
        from = next_place(r, from);
    return r->cursor = from;
}

/* Note a line that is not blank at P, the reader's R->n-th: a checkpoint
 * every CHECKPOINT_EVERY lines, its marks (a byte for two lines). */
static void note_line(text_reader *r, GByteArray *marks, GArray *checkpoints, char *p,
                      int block, bool start)
{
    if (r->n % CHECKPOINT_EVERY == 0) {
        place here = { r->n, p, block };
        g_array_append_val(checkpoints, here);
    }
    if (r->n % 2 == 0) {
        uint8_t none = 0;
        g_byte_array_append(marks, &none, 1);
    }
    if (start)
        marks->data[r->n / 2] |= (uint8_t)(MARK_BLOCK_START << (r->n % 2 * 4));
    r->starts += start;
    r->n++;
}

/* Split the reader's text (LEN bytes) into its lines, in place: the break
 * of a line that is not blank (its CR too) becomes NUL. */
static void reader_split(text_reader *r, size_t len)
{
    char *text = r->text, *end = text + len;
    GByteArray *marks = g_byte_array_new();
    GArray *checkpoints = g_array_new(FALSE, FALSE, sizeof(place));
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
            memset(p + n, '\0', (size_t)(stop - p) - n + (nl != NULL)); /* its CR and LF */
            block += after_blank;
            note_line(r, marks, checkpoints, p, block, after_blank);
            after_blank = false;
        }
        p = nl ? nl + 1 : end;
    }
    r->marks = g_byte_array_free(marks, FALSE);
    r->checkpoints = (place *)(void *)g_array_free(checkpoints, FALSE);
    r->cursor = r->floor = r->n ? r->checkpoints[0] : (place){ 0, text, 0 };
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

/* The furniture detector reads the lines in order, pass after pass. */
static const char *furniture_line(void *data, size_t i)
{
    return seek(data, i).text;
}

static void furniture_drop(void *data, size_t i, poa_drop why)
{
    mark_add(data, i, MARK_DROPPED | (unsigned)why << MARK_WHY_SHIFT);
}

text_reader *text_reader_new(char *text, size_t len, const poa_rules *rules)
{
    text_reader *r = g_new0(text_reader, 1);
    rule_matcher *m = rules_matcher_new(rules);
    text = text_tables_unroll(text, &len, m); /* a plan's table cell by cell */
    text = text_columns_unroll(text, &len);   /* columns one after the other */
    reader_take_text(r, text, len);
    reader_split(r, len);
    furniture_text lines = { r->n, r, furniture_line, furniture_drop };
    furniture_mark_lines(&lines, m);
    rules_matcher_free(m);
    return r;
}

size_t text_reader_count(const text_reader *r)
{
    return r->n;
}

bool text_reader_blocks_reliable(const text_reader *r)
{
    return r->n > 0 && r->starts * 10 < r->n * 6 && r->starts * 20 >= r->n;
}

size_t text_reader_window(text_reader *r, size_t from, size_t count, poa_line *out)
{
    if (from >= r->n || count == 0)
        return 0;
    size_t filled = 0;
    for (place at = seek(r, from);; at = next_place(r, at)) {
        unsigned mark = mark_of(r, at.i);
        out[filled++] = (poa_line){
            .text = at.text,
            .flags = (mark & MARK_BLOCK_START ? POA_LINE_BLOCK_START : 0u) |
                     (mark & MARK_DROPPED ? POA_LINE_DROPPED : 0u),
            .block = at.block,
            .drop_reason = (poa_drop)(mark >> MARK_WHY_SHIFT),
        };
        if (filled == count || at.i + 1 == r->n)
            return filled;
    }
}

void text_reader_forget(text_reader *r, size_t before)
{
    if (before <= r->floor.i)
        return;
    const char *upto = r->text + r->size;
    if (before < r->n)
        upto = (r->floor = seek(r, before)).text;
    else
        r->floor.i = r->n; /* nothing is read again */
    if (!r->mapped)
        return;
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
    g_free(r->marks);
    g_free(r->checkpoints);
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
