/* geometry.h - what a PDF page gives the layout stage, as plain data:
 * glyphs, boxes and ruling lines, in points with the origin at the
 * top-left of the rotated page.  The "ex_" prefix says "extracted": the
 * types come out of extract.c, pdf_paths.c and rulings.c, and no one of
 * those modules owns them, so that none needs another's header for them.
 */
#ifndef POA_GEOMETRY_H
#define POA_GEOMETRY_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/** One character as drawn.  Ligatures arrive as several glyphs that split
 *  the ligature's box. */
typedef struct ex_glyph {
    double x0, y0, x1, y1;  /* points, origin top-left */
    double size;            /* font size (points) */
    gunichar ch;            /* never white space */
    bool bold;              /* font name says Bold, Black, Heavy, Semibold, Demi */
    bool space_after;       /* poppler put a space after it (a hint only) */
} ex_glyph;

/** A ruling line: horizontal when y0 == y1 (x0 < x1), vertical when
 *  x0 == x1 (y0 < y1).  Points, origin top-left. */
typedef struct ex_rule {
    double x0, y0, x1, y1;
} ex_rule;

/** A rectangle of a page: points, origin top-left, x0 < x1, y0 < y1. */
typedef struct ex_box {
    double x0, y0, x1, y1;
} ex_box;

/** One page's glyphs.  Initialise with EX_PAGE_INIT; release with
 *  extract_page_release, which frees the glyph array. */
typedef struct ex_page {
    double width, height;   /* points, after /Rotate */
    ex_glyph *g;
    size_t n;
} ex_page;

#define EX_PAGE_INIT { 0, 0, NULL, 0 }

/** The ruling lines of a page.  Release with rulings_release. */
typedef struct ex_rules {
    ex_rule *v;
    size_t n, cap;
} ex_rules;

#define EX_RULES_INIT { NULL, 0, 0 }

/** A rectangle of pixels of a render: from (x, y), w x h. */
typedef struct ex_pixels {
    int x, y, w, h;
} ex_pixels;

/* Is rule R horizontal (else vertical)? */
static inline bool is_hrule(const ex_rule *r)
{
    return r->y0 == r->y1;
}

/* V (a pixel coordinate, already rounded) as an int, kept within
 * +-EX_PIXEL_FAR in floating point before the conversion: a damaged PDF's
 * boxes and paths may stand at 1e22, past what an int holds, and every
 * pixel map is far smaller, so what lies outside stays outside. */
#define EX_PIXEL_FAR (1 << 24)
static inline int ex_px_int(double v)
{
    if (!(v > -EX_PIXEL_FAR)) /* NaN too */
        return -EX_PIXEL_FAR;
    return v < EX_PIXEL_FAR ? (int)v : EX_PIXEL_FAR;
}

#endif /* POA_GEOMETRY_H */
