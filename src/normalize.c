/* normalize.c - text repair: joins, hyphens at line ends, lost spaces,
 * doubled punctuation; and before all of it, the text as the rules read
 * it (normalize_text: NFC, ligatures spelt out).  Character classes are
 * GLib's Unicode ones. */
#include "normalize.h"

#include <string.h>

#include "util.h"

/* ---- the text as the rules read it: NFC ----------------------------------- */

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

char *normalize_text(const char *text, gssize len)
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
    /* of its own size: the buffers grew by doubling, and the text is held
     * to the end of the conversion */
    char *folded = fold_presentation(g_string_free(out, FALSE));
    return g_realloc(folded, strlen(folded) + 1);
}

struct normalize_evidence {
    GHashTable *words; /* lowercased word forms, owned keys */
};

/* Bound on the evidence table: memory must not grow without limit with
 * the length of an archive-sized document. */
#define EVIDENCE_MAX_WORDS 200000u

normalize_evidence *normalize_evidence_new(void)
{
    normalize_evidence *ev = g_new0(normalize_evidence, 1);
    ev->words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return ev;
}

void normalize_evidence_free(normalize_evidence *ev)
{
    if (!ev)
        return;
    g_hash_table_unref(ev->words);
    g_free(ev);
}

static gboolean is_word_char(gunichar c)
{
    return g_unichar_isalnum(c) || c == '-' || c == 0x2010;
}

void normalize_evidence_note(normalize_evidence *ev, const char *line)
{
    const char *p = line;
    while (*p && g_hash_table_size(ev->words) < EVIDENCE_MAX_WORDS) {
        while (*p && !is_word_char(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        const char *start = p;
        while (*p && is_word_char(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        /* a word ending in a hyphen is a line-end candidate, not evidence */
        if (p > start + 1 && p[-1] != '-') {
            char seen[64]; /* a word already noted as written: nothing to add */
            size_t len = (size_t)(p - start);
            if (len < sizeof seen) {
                memcpy(seen, start, len);
                seen[len] = '\0';
                if (g_hash_table_contains(ev->words, seen))
                    continue;
            }
            g_hash_table_add(ev->words, g_utf8_strdown(start, p - start));
        }
    }
}

/* The word that ends ACC before its final hyphen, lowercased (g_free). */
static char *last_word(const GString *acc, gsize hyphen_at)
{
    gsize start = hyphen_at;
    while (start > 0) {
        const char *prev = g_utf8_find_prev_char(acc->str, acc->str + start);
        if (!prev || !g_unichar_isalpha(g_utf8_get_char(prev)))
            break;
        start = (gsize)(prev - acc->str);
    }
    return g_utf8_strdown(acc->str + start, (gssize)(hyphen_at - start));
}

/* The leading word of LINE, lowercased (g_free). */
static char *first_word(const char *line)
{
    const char *p = line;
    while (*p && g_unichar_isalpha(g_utf8_get_char(p)))
        p = g_utf8_next_char(p);
    return g_utf8_strdown(line, p - line);
}

/* Spanish compound adjectives join with a hyphen after -ico/-ica ("político-
 * electoral", "técnico-administrativo", "socio-"): a syllable break almost
 * never falls right after those endings. */
static gboolean compound_left_part(const char *left)
{
    size_t n = strlen(left);
    return n >= 4 && (g_str_has_suffix(left, "ico") || g_str_has_suffix(left, "ica") ||
                      g_str_has_suffix(left, "socio"));
}

/* Decide a line-end hyphen: TRUE keeps it ("político-electorales"). */
static gboolean keep_hyphen(const GString *acc, gsize hyphen_at, const char *line,
                            const normalize_evidence *ev)
{
    gunichar next = g_utf8_get_char(line);
    if (!g_unichar_islower(next))
        return TRUE; /* "COVID-" + "19", "Baja California-" + "Sur" */
    char *left = last_word(acc, hyphen_at);
    char *right = first_word(line);
    gboolean keep;
    if (g_utf8_strlen(left, -1) <= 1) {
        keep = TRUE;
    } else {
        char *hyphenated = g_strconcat(left, "-", right, NULL);
        char *joined = g_strconcat(left, right, NULL);
        if (ev && g_hash_table_contains(ev->words, hyphenated))
            keep = TRUE;
        else if (ev && g_hash_table_contains(ev->words, joined))
            keep = FALSE;
        else
            keep = compound_left_part(left);
        g_free(hyphenated);
        g_free(joined);
    }
    g_free(left);
    g_free(right);
    return keep;
}

/* ACC without the blanks it ends with. */
static void trim_end(GString *acc)
{
    while (acc->len && g_ascii_isspace(acc->str[acc->len - 1]))
        g_string_truncate(acc, acc->len - 1);
}

void normalize_join(GString *acc, const char *line, const normalize_evidence *ev)
{
    trim_end(acc);
    if (acc->len == 0) {
        g_string_append(acc, line);
        return;
    }
    const char *end = acc->str + acc->len;
    const char *prev = g_utf8_find_prev_char(acc->str, end);
    gunichar last = g_utf8_get_char(prev);
    gsize at = (gsize)(prev - acc->str);
    if (last == 0x00AD) { /* soft hyphen: always a syllable break */
        g_string_truncate(acc, at);
        g_string_append(acc, line);
        return;
    }
    /* a digit counts too: "2024-" + "2025" is a range, never "2024- 2025" */
    gboolean word_before = at > 0 &&
        g_unichar_isalnum(g_utf8_get_char(g_utf8_find_prev_char(acc->str, prev)));
    if ((last == '-' || last == 0x2010) && word_before) {
        if (!keep_hyphen(acc, at, line, ev))
            g_string_truncate(acc, at);
        g_string_append(acc, line);
        return;
    }
    g_string_append_c(acc, ' ');
    g_string_append(acc, line);
}

void normalize_join_take(GString *acc, char **line, const normalize_evidence *ev)
{
    trim_end(acc);
    if (acc->len > 0) {
        normalize_join(acc, *line, ev);
        return;
    }
    /* GString's fields are public, its buffer g_malloc'd: what GLib 2.78's
     * g_string_new_take does, on the GLib of Debian 12 */
    g_free(acc->str);
    acc->len = strlen(*line);
    acc->allocated_len = acc->len + 1;
    acc->str = g_steal_pointer(line);
}

static gboolean is_label_punct(gunichar c)
{
    return c == '.' || c == ':' || c == ';' || c == ',' || c == '-' || c == 0x2013 ||
           c == 0x2014 || c == ')' || c == '|' || g_unichar_isspace(c);
}

/* Skip the punctuation a label leaves before the text (". . Innovar"). */
static const char *skip_label_punct(const char *s)
{
    while (*s && is_label_punct(g_utf8_get_char(s)))
        s = g_utf8_next_char(s);
    return s;
}

/* What the repair does with the next character: write it, leave it out
 * (a doubled sentence mark: "..", ",,"), or leave it out and take back
 * the space written before it (". ." -> "."). */
typedef enum { REPAIR_WRITE, REPAIR_SKIP, REPAIR_UNSPACE } repair_step;

/* The step for character C at P after the LEN bytes OUT written so far:
 * a sentence mark that doubles the one before is left out, a real
 * ellipsis ("...") kept. */
static repair_step repair_mark(const char *out, size_t len, const char *p, gunichar c)
{
    gunichar prev = len ? g_utf8_get_char(g_utf8_find_prev_char(out, out + len)) : 0;
    gboolean mark = c == '.' || c == ',' || c == ';';
    if (mark && prev == c && !(c == '.' && (p[1] == '.' || (len >= 2 && out[len - 2] == '.'))))
        return REPAIR_SKIP;
    if (mark && prev == ' ' && len >= 2 && out[len - 2] == (char)c)
        return REPAIR_UNSPACE;
    return REPAIR_WRITE;
}

/* Is the word being written, or the one after NEXT, part of an address
 * ("www.Agua.mx", "https://Sitio.mx", "buzon@Agua.mx"), where a dot is
 * followed by no space? */
/* Addresses are short: the word being written is read back at most this
 * far, so a line of dots and no spaces costs linear time, not quadratic. */
#define ADDRESS_WINDOW 512

static gboolean in_address(const char *out, size_t len, const char *next)
{
    size_t start = len, floor = len > ADDRESS_WINDOW ? len - ADDRESS_WINDOW : 0;
    while (start > floor && out[start - 1] != ' ')
        start--;
    /* OUT is not NUL-terminated: the text still to repair may follow it */
    const char *word = out + start;
    size_t wlen = len - start;
    if ((wlen >= 3 && g_ascii_strncasecmp(word, "www", 3) == 0) ||
        g_strstr_len(word, (gssize)wlen, "://") || memchr(word, '@', wlen))
        return TRUE;
    const char *p = next;
    while (*p && g_unichar_isalpha(g_utf8_get_char(p)))
        p = g_utf8_next_char(p);
    return *p == '.' && g_unichar_isalpha(g_utf8_get_char(p + 1));
}

/* "información.Es" -> "información. Es": a sentence mark between a word of
 * two or more lowercase letters and a capitalised word lost its space. */
static gboolean lost_space_after(const char *out, size_t len, const char *next)
{
    if (len < 3 || out[len - 1] != '.')
        return FALSE;
    const char *a = g_utf8_find_prev_char(out, out + len - 1);
    const char *b = a ? g_utf8_find_prev_char(out, a) : NULL;
    if (!b || !g_unichar_islower(g_utf8_get_char(a)) || !g_unichar_islower(g_utf8_get_char(b)))
        return FALSE;
    gunichar n0 = g_utf8_get_char(next);
    const char *n1p = g_utf8_next_char(next);
    return g_unichar_isupper(n0) && *n1p && g_unichar_islower(g_utf8_get_char(n1p)) &&
           !in_address(out, len, next);
}

char *normalize_finish(const char *text)
{
    return normalize_finish_take(g_strdup(text));
}

/* A text repaired in its own buffer: the repaired text is written over the
 * text already read, which is never shorter, except where a lost space
 * goes back in; then the rest is moved on to make a gap. */
typedef struct repair {
    char *buf;   /* BUF[0, W) written, BUF[R, N) still to read, NUL at N */
    size_t w, r, n;
} repair;

/* Room for one more byte before the text still to read: the rest moved on
 * by a gap of a sixty-fourth of the text (at least 64 bytes), so the moves
 * cost linear time however many spaces go back. */
static void repair_make_room(repair *rp)
{
    if (rp->w < rp->r)
        return;
    size_t gap = MAX(rp->n / 64, 64);
    rp->buf = g_realloc(rp->buf, rp->n + gap + 1);
    memmove(rp->buf + rp->r + gap, rp->buf + rp->r, rp->n - rp->r + 1);
    rp->r += gap;
    rp->n += gap;
}

char *normalize_finish_take(char *text)
{
    repair rp = { util_collapse_space_in_place(text), 0, 0, 0 };
    rp.n = strlen(rp.buf);
    rp.r = (size_t)(skip_label_punct(rp.buf) - rp.buf);
    while (rp.r < rp.n) {
        if (lost_space_after(rp.buf, rp.w, rp.buf + rp.r)) {
            repair_make_room(&rp);
            rp.buf[rp.w++] = ' ';
        }
        const char *p = rp.buf + rp.r;
        size_t clen = (size_t)(g_utf8_next_char(p) - p);
        switch (repair_mark(rp.buf, rp.w, p, g_utf8_get_char(p))) {
        case REPAIR_UNSPACE:
            rp.w--;
            break;
        case REPAIR_SKIP:
            break;
        case REPAIR_WRITE:
            memmove(rp.buf + rp.w, p, clen); /* W <= R: over what was read */
            rp.w += clen;
            break;
        }
        rp.r += clen;
    }
    while (rp.w && rp.buf[rp.w - 1] == ' ')
        rp.w--;
    rp.buf[rp.w] = '\0';
    /* the model keeps this text: no more room than it needs */
    return g_realloc(rp.buf, rp.w + 1);
}

gboolean normalize_ends_sentence(const char *text)
{
    return normalize_ends_sentence_len(text, strlen(text));
}

gboolean normalize_ends_sentence_len(const char *text, size_t n)
{
    while (n && g_ascii_isspace(text[n - 1]))
        n--;
    if (!n)
        return FALSE;
    return strchr(".;:!?", text[n - 1]) != NULL;
}

gboolean normalize_starts_lower(const char *text)
{
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isalpha(c))
            return g_unichar_islower(c);
        if (g_unichar_isdigit(c))
            return FALSE;
    }
    return FALSE;
}

gboolean normalize_is_caps(const char *text)
{
    int letters = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_islower(c))
            return FALSE;
        if (g_unichar_isalpha(c))
            letters++;
    }
    return letters >= 2;
}
