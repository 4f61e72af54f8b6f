/* layout_furniture.c - noise and page furniture.
 *
 * Owns what the layout sets aside rather than reads: vertical margin
 * notes and diagonal or giant watermark letters (marked per glyph before
 * the segments are built), and the segments of the page bands handed to
 * the furniture detector (furniture.c: running headers, footers and page
 * numbers, against the band lines of the pages before and of the page
 * read ahead), with what only segments show: a section title under the
 * header, a page number glued to a header's text.
 */
#include "layout_internal.h"

#include "furniture.h"
#include "util.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>

/* ---- noise: vertical notes, diagonal watermarks ------------------------ */

/* Glyphs of one vertical or slanted text differ in size by at most a
 * fifth. */
#define LT_SIZES_ALIKE 0.8
/* Stacked glyphs (vertical text) overlap across by this share of the
 * narrower, stand under this many ems apart, and their centres move on by
 * more than this many ems (a glyph over another's box is no next one). */
#define LT_STACK_OVERLAP 0.8
#define LT_STACK_GAP 0.6
#define LT_STACK_STEP 0.2
/* The next glyph along a slanted baseline lies between these many ems
 * away on both axes, and at least LT_SLANT_RATIO (tan 20 degrees) of one
 * axis on the other: a watermark's diagonal, not a row or a column. */
#define LT_SLANT_MIN_STEP 0.2
#define LT_SLANT_MAX_STEP 1.6
#define LT_SLANT_RATIO 0.36

/* True when glyph B follows A down or up a vertical line of text.  Two
 * bullets never do: Word draws a list's bullets ("•<tab>text") apart from
 * their text, one above the other, and a column of bullets is a list. */
static bool stacked(const ex_glyph *a, const ex_glyph *b)
{
    if (layout_is_bullet(a->ch) && layout_is_bullet(b->ch))
        return false;
    double w = fmin(a->x1 - a->x0, b->x1 - b->x0);
    double h = fmax(a->size, b->size);
    if (fmin(a->size, b->size) < LT_SIZES_ALIKE * h)
        return false;
    double gap = fmax(a->y0, b->y0) - fmin(a->y1, b->y1);
    return w > 0 && overlap(a->x0, a->x1, b->x0, b->x1) >= LT_STACK_OVERLAP * w &&
           gap < LT_STACK_GAP * h && fabs(gcy(a) - gcy(b)) > LT_STACK_STEP * h;
}

/* True when glyph B follows A along a slanted baseline. */
static bool slanted(const ex_glyph *a, const ex_glyph *b)
{
    double dx = fabs(gcx(b) - gcx(a)), dy = fabs(gcy(b) - gcy(a));
    double s = fmax(a->size, b->size);
    return fmin(a->size, b->size) > LT_SIZES_ALIKE * s && dx > LT_SLANT_MIN_STEP * s &&
           dy > LT_SLANT_MIN_STEP * s && dx < LT_SLANT_MAX_STEP * s &&
           dy < LT_SLANT_MAX_STEP * s && dy > LT_SLANT_RATIO * dx && dx > LT_SLANT_RATIO * dy;
}

/* Mark runs of at least MIN glyphs in content order joined by LINKED. */
static void mark_runs(lt_page *p, bool (*linked)(const ex_glyph *, const ex_glyph *),
                      size_t min, poa_drop why)
{
    const ex_page *pg = p->pg;
    size_t start = 0;
    for (size_t i = 1; i <= pg->n; i++) {
        if (i < pg->n && linked(&pg->g[i - 1], &pg->g[i]))
            continue;
        if (i - start >= min)
            for (size_t k = start; k < i; k++)
                p->noise[k] = why;
        start = i;
    }
}

/* Giant glyphs (LT_GIANT times the body size) are a watermark's letters. */
static void mark_giants(lt_page *p)
{
    for (size_t i = 0; i < p->pg->n; i++)
        if (!p->noise[i] && p->pg->g[i].size >= LT_GIANT * p->body)
            p->noise[i] = POA_DROP_WATERMARK;
}

void layout_furniture_mark_noise(lt_page *p)
{
    mark_runs(p, stacked, 3, POA_DROP_VERTICAL_TEXT);
    mark_runs(p, slanted, 3, POA_DROP_WATERMARK);
    p->body = layout_body_size(p);
    mark_giants(p);
}

/* ---- furniture: the band lines handed to the detector (furniture.c) ---- */

/* Append the page's free band lines (never a ruled cell's) to OUT. */
void layout_furniture_collect_bands(layout_doc *doc, const lt_page *p, furniture_bands *out)
{
    for (guint i = 0; i < p->segs->len; i++) {
        const seg *s = SEG(p, i);
        if (s->cell >= 0 || !in_band(p, s))
            continue;
        char *text = layout_seg_text(p, s);
        furniture_bands_add(out, layout_folio_matcher(doc), text, seg_cy(s));
        g_free(text);
    }
}

/* True for a heading in the top band below another line: a section title
 * repeated on each page of its section (igp's "VI. Situación Actual" over
 * four FODA pages), kept the first time, dropped when seen before. */
static bool under_header(const lt_page *p, const seg *s)
{
    if (s->size < LT_LARGER * p->body || seg_cy(s) > p->pg->height / 2)
        return false;
    for (guint i = 0; i < p->segs->len; i++)
        if (SEG(p, i)->y1 < s->y0)
            return true;
    return false;
}

static int glued_folio(const lt_page *p, const seg *s, bool leading);
static void split_folio(lt_page *p, guint si, int leading);

/* Segment SI, a band line the detector found no furniture in and no page
 * number, may end or start with the page number the sequence expects,
 * glued to the running header's text ("Programa Anual 2024 7"): split off
 * and dropped. */
static void split_glued_folio(layout_doc *doc, lt_page *p, int index, guint si)
{
    int want = furniture_pages_expected(doc->furniture, index);
    if (want < 0)
        return;
    for (int lead = 1; lead >= 0; lead--)
        if (glued_folio(p, SEG(p, si), lead) == want) {
            split_folio(p, si, lead); /* moves the segment array */
            furniture_pages_accept(doc->furniture, want);
            return;
        }
}

/* Mark page numbers (READING_ORDER.md 3.6) and the band lines repeated on
 * nearby pages, on page INDEX; free band lines only, never a ruled cell. */
void layout_furniture_mark(layout_doc *doc, lt_page *p, int index, const furniture_bands *next)
{
    for (guint i = 0; i < p->segs->len; i++) {
        seg *s = SEG(p, i);
        if (s->cell >= 0 || !in_band(p, s))
            continue;
        char *text = layout_seg_text(p, s);
        furniture_band_line line = { text, seg_cy(s), s->size, seg_cy(s) < p->pg->height / 2,
                                     under_header(p, s) };
        int folio;
        poa_drop why = furniture_pages_mark(doc->furniture, layout_folio_matcher(doc), index,
                                            next, &line, &folio);
        g_free(text);
        if (why != POA_DROP_NONE)
            s->drop = why;
        else if (folio < 0)
            split_glued_folio(doc, p, index, i);
    }
}

/* The value of the digits that start (LEADING) or end segment S, set off
 * from the rest by a space of 0.15 em at least; -1 when none. */
static int glued_folio(const lt_page *p, const seg *s, bool leading)
{
    size_t n = 0;
    while (n < s->n && n < 5) {
        size_t k = leading ? s->first + n : s->first + s->n - 1 - n;
        if (!g_unichar_isdigit(p->pg->g[p->order[k]].ch))
            break;
        n++;
    }
    if (n == 0 || n > 4 || n == s->n)
        return -1;
    const ex_glyph *a = &p->pg->g[p->order[leading ? s->first + n - 1 : s->first + s->n - n - 1]];
    const ex_glyph *b = &p->pg->g[p->order[leading ? s->first + n : s->first + s->n - n]];
    if (b->x0 - a->x1 < LT_WORD_GAP * fmax(a->size, b->size) && !a->space_after)
        return -1;
    int v = 0;
    for (size_t j = 0; j < n; j++) {
        size_t k = leading ? s->first + j : s->first + s->n - n + j;
        v = v * 10 + (int)g_unichar_digit_value(p->pg->g[p->order[k]].ch);
    }
    return v;
}

/* Split the folio digits off the start (LEADING) or end of segment SI into
 * a segment of their own, dropped as a page number, placed beside it in
 * its block. */
static void split_folio(lt_page *p, guint si, int leading)
{
    seg *s = SEG(p, si);
    size_t n = 0;
    while (n < s->n && g_unichar_isdigit(p->pg->g[p->order[leading ? s->first + n : s->first + s->n - 1 - n]].ch))
        n++;
    size_t first = s->first, total = s->n;
    int block = s->block;
    size_t num_first = leading ? first : first + total - n;
    size_t rest_first = leading ? first + n : first;
    /* recompute both boxes from their glyphs */
    layout_seg_set(p, si, rest_first, total - n);
    layout_seg_add(p, num_first, n);
    guint ni = p->segs->len - 1;
    SEG(p, ni)->drop = POA_DROP_PAGE_NUMBER;
    SEG(p, ni)->block = block;
    GArray *segs = BLOCK(p, block)->segs;
    for (guint j = 0; j < segs->len; j++)
        if (g_array_index(segs, int, j) == (int)si) {
            int v = (int)ni;
            g_array_insert_val(segs, leading ? j : j + 1, v);
            break;
        }
}
