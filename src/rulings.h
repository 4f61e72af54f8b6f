/* rulings.h - the ruling lines of a page, found in what it paints.
 *
 * Two routes, both geometry only: the ink areas of a page's paths
 * (pdf_paths.c reads them), or a pixel map of a render (extract.c makes
 * it).  The page's glyphs are given too: a line that runs only under text
 * (an underline) is no ruling line, and a watermark's letters may hide a
 * rule that runs under them.
 */
#ifndef POA_RULINGS_H
#define POA_RULINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "geometry.h"
#include "pdf_paths.h"

/** The class of a pixel of an ink map; PX_VEIL is tint under a watermark
 *  glyph, PX_GLYPH ink under a glyph box (the glyph's, or a rule's under
 *  it). */
enum { PX_PAPER = 0, PX_INK = 1, PX_TINT = 2, PX_VEIL = 3, PX_GLYPH = 4 };

/** A render's pixels by class (paper, ink, tint, and the ink or tint set
 *  apart under text): W x H bytes, row by row, owned (g_free). */
typedef struct ink_map {
    unsigned char *px;
    int w, h;
    double scale;   /* pixels a point */
    double ox, oy;  /* the page point at pixel (0, 0) */
} ink_map;

/** The pixels of the page's render grid at SCALE (pixel (0, 0) at the
 *  page's top-left corner) that cover AREA. */
ex_pixels rulings_grid(const ex_box *area, double scale);

/** Classify into M (its W, H, scale and place set; M->px allocated here)
 *  the RGB24 pixels of a WIDTH x HEIGHT image of STRIDE bytes a row (as
 *  cairo's CAIRO_FORMAT_RGB24 lays them out), from pixel (SX, SY) on:
 *  dark is ink, light grey is tint, the rest paper. */
void rulings_ink_from_rgb24(ink_map *m, const unsigned char *data, int stride, int width,
                            int height, int sx, int sy);

/** Set apart the ink under PAGE's glyph boxes (text is no rule) and the
 *  tint under the watermark VEIL (NULL: none), where a rule may run
 *  hidden. */
void rulings_set_text_apart(ink_map *m, const ex_page *page, const ex_page *veil);

/** Append to OUT the horizontal and vertical strokes of M at least
 *  MIN_LEN points long, in page points; VEILED: carry a rule across a
 *  watermark's tint.  Pieces of one rule are joined by rulings_merge. */
void rulings_scan(const ink_map *m, double min_len, bool veiled, ex_rules *out);

/** Does VEC paint, in BOX, something of unknown ink (an image, a shading)
 *  large enough to hold a rule of MIN_LEN, with text of PAGE over it?
 *  Only a render tells whether lines there divide that text. */
bool rulings_need_render(const paths_page *vec, const ex_page *page, const ex_box *box,
                         double min_len);

/** Append to OUT the ruling lines of BOX among VEC's ink areas: a thin
 *  area's centre line, a thick one's four edges; none inside another ink
 *  area; pieces joined (as at SCALE on the raster route); only those at
 *  least MIN_LEN long that run clear of PAGE's glyphs somewhere. */
void rulings_from_paths(const paths_page *vec, const ex_page *page, const ex_box *box,
                        double min_len, double scale, ex_rules *out);

/** Join the collinear pieces of OUT[FIRST..] that lie as near as pieces
 *  of one rule lie in a render at SCALE pixels a point. */
void rulings_merge(ex_rules *out, size_t first, double scale);

/** Free a rule list; the struct may be reused.  NULL is a no-op. */
void rulings_release(ex_rules *rules);

#endif /* POA_RULINGS_H */
