/* pdf_paths.c - the lines and areas a PDF page paints, from its content
 * stream read with qpdf.
 *
 * qpdf (opened by pdf_syntax.c) parses the file (cross-reference, object
 * streams, filters, encryption) and hands out each page's content and its
 * form XObjects decoded; this file tokenises the content and
 * follows the few operators that place and paint paths: the graphics
 * state (q Q cm w d gs), colours (g G rg RG k K cs CS sc SC scn SCN), path
 * construction (m l c v y h re), painting (S s f F f* B B* b b* n),
 * clipping (W W*, bounding boxes only) and XObjects (Do).  Text and
 * everything else are skipped.  Coordinates are those of poppler's glyph
 * boxes: points, origin at the top-left corner of the crop box, after
 * the page's /Rotate (the transform of poppler's GfxState at 72 dpi).
 */
#include "pdf_paths.h"

#include <glib.h>
#include <math.h>
#include <qpdf/qpdf-c.h>
#include <string.h>

#include "pdf_syntax.h"
#include "pdf_textless.h"

struct paths_doc {
    qpdf_data q;
    int pages;
};

/* Darkness (0 white .. 1 black) from which paint counts as ink: the
 * threshold of the raster route (EX_INK, 48 of 255). */
#define PT_INK (48.0 / 255.0)
#define PT_MAX_SAVE 4096     /* nested q levels followed; deeper fails the page */
#define PT_MAX_FORMS 8       /* nested form XObjects followed */
/* Form XObjects run on one page at most: a form that draws itself
 * several times would otherwise grow as a power of the nesting. */
#define PT_MAX_FORM_RUNS 4096
#define PT_MAX_OPERANDS 16   /* operands kept before an operator */
#define PT_MAX_POINTS 200000 /* points of one path (a hostile stream) */
/* Ink areas of one page, and the areas paper painted over them may visit
 * in all, beyond which the page is left to a render (a map, a hatched
 * chart, a hostile stream: cutting ink under paper is quadratic). */
#define PT_MAX_INK 50000
/* A drawn bullet's size in points (a disc of 1.5 to 8 pt), and how many
 * such marks a page keeps. */
#define PT_MARK_MIN 1.5
#define PT_MARK_MAX 8.0
#define PT_MAX_MARKS 4096
#define PT_MAX_ERASE_WORK 20000000
/* A segment counts as horizontal (vertical) when it rises at most this
 * fraction of its run, and at most PT_SLOPE_ABS points. */
#define PT_SLOPE 0.05
#define PT_SLOPE_ABS 1.5

typedef struct matrix {
    double a, b, c, d, e, f;
} matrix;

enum cs_kind { CS_GRAY, CS_RGB, CS_CMYK, CS_TINT, CS_LAB, CS_INDEXED, CS_PATTERN };

/* A colour: its space and components. */
typedef struct paint {
    enum cs_kind cs;
    double v[4];
} paint;

typedef struct gstate {
    matrix ctm;
    double line_width;   /* user space */
    double dash;         /* longest dash (user space), 0 when solid */
    paint stroke, fill;
    double stroke_alpha, fill_alpha;
    ex_box clip;         /* device space: the clip's bounding box */
} gstate;

enum { OP_NUM, OP_NAME, OP_OTHER };

/* One operand: a number, a name (pointing into the stream, without its
 * slash), or anything else (DASH then holds an array's longest dash). */
typedef struct operand {
    int type;
    double num;
    const char *s;
    size_t len;
} operand;

enum { PT_MOVE, PT_LINE, PT_CURVE };

typedef struct pt_point {
    double x, y; /* device space */
    int kind;    /* how the path reaches this point */
} pt_point;

/* The interpreter of one page: its state and what it found. */
typedef struct interp {
    qpdf_data q;
    paths_page *out;
    gstate gs;
    GArray *saved;       /* gstate, one per open q */
    int depth;
    int floor;           /* the depth a form started at: its Q stops there */
    int forms;           /* forms being run, nested */
    int form_runs;       /* forms run on this page */
    operand ops[PT_MAX_OPERANDS];
    int n_ops;
    GArray *path;        /* pt_point */
    size_t sub;          /* index of the current subpath's first point */
    bool clip_next;      /* W seen: the next painting operator clips */
    qpdf_oh res;         /* resources of the stream being run */
    size_t erase_work;   /* ink areas visited by erase so far */
    bool failed;         /* past a limit: the page is not read this way */
} interp;

/* ---- geometry ---------------------------------------------------------- */

static void apply(const matrix *m, double x, double y, double *ox, double *oy)
{
    *ox = m->a * x + m->c * y + m->e;
    *oy = m->b * x + m->d * y + m->f;
}

/* M then T: the matrix of "M cm" applied on a CTM T. */
static matrix concat(const matrix *m, const matrix *t)
{
    return (matrix){ m->a * t->a + m->b * t->c, m->a * t->b + m->b * t->d,
                     m->c * t->a + m->d * t->c, m->c * t->b + m->d * t->d,
                     m->e * t->a + m->f * t->c + t->e, m->e * t->b + m->f * t->d + t->f };
}

/* The device box of the user-space rectangle (x0, y0)-(x1, y1) under M. */
static ex_box transform_box(const matrix *m, double x0, double y0, double x1, double y1)
{
    double xs[4], ys[4];
    apply(m, x0, y0, &xs[0], &ys[0]);
    apply(m, x1, y0, &xs[1], &ys[1]);
    apply(m, x1, y1, &xs[2], &ys[2]);
    apply(m, x0, y1, &xs[3], &ys[3]);
    ex_box b = { xs[0], ys[0], xs[0], ys[0] };
    for (int i = 1; i < 4; i++) {
        b.x0 = fmin(b.x0, xs[i]), b.x1 = fmax(b.x1, xs[i]);
        b.y0 = fmin(b.y0, ys[i]), b.y1 = fmax(b.y1, ys[i]);
    }
    return b;
}

static ex_box intersect(ex_box a, const ex_box *b)
{
    a.x0 = fmax(a.x0, b->x0), a.y0 = fmax(a.y0, b->y0);
    a.x1 = fmin(a.x1, b->x1), a.y1 = fmin(a.y1, b->y1);
    return a;
}

/* How much M stretches user lengths that become device lengths along a
 * horizontal (HORIZONTAL) or vertical device line: a dash's length. */
static double along_scale(const matrix *m, bool horizontal)
{
    double det = fabs(m->a * m->d - m->b * m->c), across = horizontal ? hypot(m->b, m->d)
                                                                        : hypot(m->a, m->c);
    return across > 0 ? det / across : 0;
}

/* The device width of a pen of user width W under M across a device
 * line that is horizontal (HORIZONTAL) or vertical: the height or the
 * width of the ellipse a round pen becomes. */
static double pen_width(const matrix *m, double w, bool horizontal)
{
    return w * (horizontal ? hypot(m->b, m->d) : hypot(m->a, m->c));
}

/* ---- output ----------------------------------------------------------- */

static void push_ink(paths_page *p, ex_box box, double dash)
{
    if (p->n_ink == p->cap_ink) {
        p->cap_ink = p->cap_ink ? 2 * p->cap_ink : 64;
        p->ink = g_renew(paths_ink, p->ink, p->cap_ink);
    }
    p->ink[p->n_ink++] = (paths_ink){ box, dash };
}

/* Record BOX (device space) as painted with unknown ink, within the clip. */
static void add_unknown(interp *it, ex_box box)
{
    box = intersect(box, &it->gs.clip);
    if (box.x0 > box.x1 || box.y0 > box.y1)
        return;
    paths_page *p = it->out;
    if (p->n_unknown == p->cap_unknown) {
        p->cap_unknown = p->cap_unknown ? 2 * p->cap_unknown : 8;
        p->unknown = g_renew(ex_box, p->unknown, p->cap_unknown);
    }
    p->unknown[p->n_unknown++] = box;
}

/* Record BOX (device space), a small filled shape, as a mark that may be
 * a drawn bullet: of a bullet's size (PT_MARK_MIN to PT_MARK_MAX points)
 * and about as wide as high.  Past PT_MAX_MARKS (a chart's dots) no more. */
static void add_mark(interp *it, ex_box box)
{
    double w = box.x1 - box.x0, h = box.y1 - box.y0;
    paths_page *p = it->out;
    if (w < PT_MARK_MIN || h < PT_MARK_MIN || w > PT_MARK_MAX || h > PT_MARK_MAX ||
        fmax(w, h) > 1.6 * fmin(w, h) || p->n_marks >= PT_MAX_MARKS)
        return;
    if (p->n_marks == p->cap_marks) {
        p->cap_marks = p->cap_marks ? 2 * p->cap_marks : 8;
        p->marks = g_renew(ex_box, p->marks, p->cap_marks);
    }
    p->marks[p->n_marks++] = box;
}

/* Record BOX (device space) as painted in ink, within the clip. */
static void add_ink(interp *it, ex_box box, double dash)
{
    box = intersect(box, &it->gs.clip);
    if (it->out->n_ink >= PT_MAX_INK)
        it->failed = true;
    else if (box.x0 <= box.x1 && box.y0 <= box.y1)
        push_ink(it->out, box, dash);
}

/* True when piece P of ink box B is a piece: of some extent both ways, or
 * along a line B already had no width across (a hairline). */
static bool is_piece(const ex_box *p, const ex_box *b)
{
    bool w = p->x0 < p->x1 || (b->x0 == b->x1 && p->x0 == p->x1);
    bool h = p->y0 < p->y1 || (b->y0 == b->y1 && p->y0 == p->y1);
    return w && h;
}

/* Paper painted over BOX: the ink under it is gone, what lies around it
 * stays (up to four pieces of each area it cuts). */
static void erase(interp *it, ex_box box)
{
    box = intersect(box, &it->gs.clip);
    if (box.x0 >= box.x1 || box.y0 >= box.y1)
        return;
    paths_page *p = it->out;
    size_t n = p->n_ink;
    it->erase_work += n;
    if (it->erase_work > PT_MAX_ERASE_WORK || n * 4 > PT_MAX_INK) {
        it->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        paths_ink k = p->ink[i];
        const ex_box *b = &k.box;
        if (b->x1 <= box.x0 || b->x0 >= box.x1 || b->y1 <= box.y0 || b->y0 >= box.y1)
            continue;
        ex_box parts[4] = {
            { b->x0, b->y0, b->x1, box.y0 },                                 /* above */
            { b->x0, box.y1, b->x1, b->y1 },                                 /* below */
            { b->x0, fmax(b->y0, box.y0), box.x0, fmin(b->y1, box.y1) },     /* left */
            { box.x1, fmax(b->y0, box.y0), b->x1, fmin(b->y1, box.y1) },     /* right */
        };
        p->ink[i].box = (ex_box){ 0, 0, -1, -1 }; /* emptied; dropped below */
        for (int j = 0; j < 4; j++)
            if (is_piece(&parts[j], b))
                push_ink(p, parts[j], k.dash);
    }
    size_t out = 0;
    for (size_t i = 0; i < p->n_ink; i++)
        if (p->ink[i].box.x0 <= p->ink[i].box.x1)
            p->ink[out++] = p->ink[i];
    p->n_ink = out;
}

/* ---- colour ----------------------------------------------------------- */

static double num(const interp *it, int i)
{
    return i >= 0 && i < it->n_ops && it->ops[i].type == OP_NUM ? it->ops[i].num : 0;
}

/* Operand I of the last K before the operator (stray operands before
 * them are ignored, as poppler does). */
static double last(const interp *it, int k, int i)
{
    return num(it, it->n_ops - k + i);
}


/* Darkness of a colour, 0 (white) to 1 (black); -1 when unknown. */
static double darkness(const paint *c)
{
    const double *v = c->v;
    switch (c->cs) {
    case CS_GRAY:
        return 1 - v[0];
    case CS_RGB:
        return 1 - (v[0] + v[1] + v[2]) / 3;
    case CS_CMYK:
        return 1 - ((1 - v[0]) + (1 - v[1]) + (1 - v[2])) * (1 - v[3]) / 3;
    case CS_TINT:
        return v[0];
    case CS_LAB:
        return 1 - v[0] / 100;
    default:
        return -1;
    }
}

/* The initial colour of a space (PDF 32000 8.6.8: black, full tint). */
static paint initial_paint(enum cs_kind cs)
{
    paint p = { cs, { 0, 0, 0, 0 } };
    if (cs == CS_CMYK)
        p.v[3] = 1;
    if (cs == CS_TINT)
        p.v[0] = 1;
    return p;
}

/* The dictionary key of name operand O ("/Name", its #xx escapes
 * decoded, as qpdf keys are) into KEY of SIZE bytes. */
static void name_key(const operand *o, char *key, size_t size)
{
    size_t k = 0;
    key[k++] = '/';
    for (size_t i = 0; i < o->len && k + 1 < size; i++) {
        int hi, lo;
        if (o->s[i] == '#' && i + 2 < o->len &&
            (hi = g_ascii_xdigit_value(o->s[i + 1])) >= 0 &&
            (lo = g_ascii_xdigit_value(o->s[i + 2])) >= 0) {
            key[k++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            key[k++] = o->s[i];
        }
    }
    key[k] = 0;
}

/* The integer under KEY of DICT, or DFLT (asked of qpdf only when it is
 * one: reading a missing key leaves a warning pending). */
static int int_key(qpdf_data q, qpdf_oh dict, const char *key, int dflt)
{
    qpdf_oh v = qpdf_oh_get_key_if_dict(q, dict, key);
    int n = qpdf_oh_is_integer(q, v) ? qpdf_oh_get_int_value_as_int(q, v) : dflt;
    qpdf_oh_release(q, v);
    return n;
}

/* The kind of colour space O (a name or an array) whose family name is
 * FAMILY. */
static enum cs_kind space_of_family(qpdf_data q, qpdf_oh o, qpdf_oh family)
{
    const char *n = qpdf_oh_is_name(q, family) ? qpdf_oh_get_name(q, family) : "";
    if (!strcmp(n, "/DeviceGray") || !strcmp(n, "/CalGray") || !strcmp(n, "/G"))
        return CS_GRAY;
    if (!strcmp(n, "/DeviceRGB") || !strcmp(n, "/CalRGB") || !strcmp(n, "/RGB"))
        return CS_RGB;
    if (!strcmp(n, "/DeviceCMYK") || !strcmp(n, "/CMYK"))
        return CS_CMYK;
    if (!strcmp(n, "/Separation") || !strcmp(n, "/DeviceN"))
        return CS_TINT;
    if (!strcmp(n, "/Lab"))
        return CS_LAB;
    if (!strcmp(n, "/Pattern"))
        return CS_PATTERN;
    if (!strcmp(n, "/ICCBased") && qpdf_oh_is_array(q, o)) {
        qpdf_oh profile = qpdf_oh_get_array_item(q, o, 1), dict = qpdf_oh_get_dict(q, profile);
        int comps = int_key(q, dict, "/N", 3);
        qpdf_oh_release(q, dict);
        qpdf_oh_release(q, profile);
        return comps == 1 ? CS_GRAY : comps == 4 ? CS_CMYK : CS_RGB;
    }
    return CS_INDEXED; /* Indexed, or unknown: its ink is not known */
}

/* The kind of a colour space given as a qpdf object (a name or an array). */
static enum cs_kind space_of_object(qpdf_data q, qpdf_oh o)
{
    bool array = qpdf_oh_is_array(q, o);
    qpdf_oh family = array ? qpdf_oh_get_array_item(q, o, 0) : o;
    enum cs_kind kind = space_of_family(q, o, family);
    if (array)
        qpdf_oh_release(q, family);
    return kind;
}

/* The colour space operand NAME of cs/CS: a device space or a resource. */
static enum cs_kind space_named(interp *it, const operand *o)
{
    if (o->type != OP_NAME)
        return CS_GRAY;
    if (pdf_syntax_is(o->s, o->len, "DeviceGray"))
        return CS_GRAY;
    if (pdf_syntax_is(o->s, o->len, "DeviceRGB"))
        return CS_RGB;
    if (pdf_syntax_is(o->s, o->len, "DeviceCMYK"))
        return CS_CMYK;
    if (pdf_syntax_is(o->s, o->len, "Pattern"))
        return CS_PATTERN;
    char key[128];
    name_key(o, key, sizeof key);
    qpdf_oh spaces = qpdf_oh_get_key_if_dict(it->q, it->res, "/ColorSpace");
    qpdf_oh space = qpdf_oh_get_key_if_dict(it->q, spaces, key);
    enum cs_kind kind = space_of_object(it->q, space);
    qpdf_oh_release(it->q, space);
    qpdf_oh_release(it->q, spaces);
    return kind;
}

/* sc/scn (SC/SCN): the operands set the components of C; a name operand
 * is a pattern. */
static void set_components(interp *it, paint *c)
{
    if (it->n_ops && it->ops[it->n_ops - 1].type == OP_NAME) {
        c->cs = CS_PATTERN;
        return;
    }
    int k = c->cs == CS_RGB ? 3 : c->cs == CS_CMYK ? 4 : c->cs == CS_LAB ? 3 : 1;
    if (c->cs == CS_TINT) { /* DeviceN: the heaviest colorant */
        c->v[0] = 0;
        for (int i = 0; i < it->n_ops; i++)
            c->v[0] = fmax(c->v[0], num(it, i));
        return;
    }
    for (int i = 0; i < k; i++)
        c->v[i] = last(it, k, i);
}

/* ---- paths ------------------------------------------------------------ */

static void path_add(interp *it, double x, double y, int kind)
{
    if (it->path->len >= PT_MAX_POINTS)
        return;
    pt_point p;
    apply(&it->gs.ctm, x, y, &p.x, &p.y);
    p.kind = kind;
    if (kind != PT_MOVE && it->path->len == 0)
        p.kind = PT_MOVE; /* a segment with no current point starts one */
    if (p.kind == PT_MOVE)
        it->sub = it->path->len;
    g_array_append_val(it->path, p);
}

/* h: a line back to the current subpath's first point. */
static void path_close(interp *it)
{
    if (it->sub >= it->path->len)
        return;
    pt_point first = g_array_index(it->path, pt_point, it->sub);
    first.kind = PT_LINE;
    g_array_append_val(it->path, first);
}

#define PT(it, i) (&g_array_index((it)->path, pt_point, (i)))

/* The ink box of segment A-B stroked with the current pen, and whether
 * it runs *HORIZONTAL; false when it is neither horizontal nor vertical. */
static bool stroke_box(const interp *it, const pt_point *a, const pt_point *b, ex_box *out,
                       bool *horizontal)
{
    double dx = fabs(b->x - a->x), dy = fabs(b->y - a->y);
    *horizontal = dy <= PT_SLOPE * dx && dy <= PT_SLOPE_ABS;
    if (*horizontal) {
        double cy = (a->y + b->y) / 2, w = pen_width(&it->gs.ctm, it->gs.line_width, true);
        *out = (ex_box){ fmin(a->x, b->x), cy - w / 2, fmax(a->x, b->x), cy + w / 2 };
        return true;
    }
    if (dx <= PT_SLOPE * dy && dx <= PT_SLOPE_ABS) {
        double cx = (a->x + b->x) / 2, w = pen_width(&it->gs.ctm, it->gs.line_width, false);
        *out = (ex_box){ cx - w / 2, fmin(a->y, b->y), cx + w / 2, fmax(a->y, b->y) };
        return true;
    }
    return false;
}

/* True when paint C at ALPHA is dark enough to be ink; *UNKNOWN when its
 * darkness cannot be told. */
static bool is_ink(const paint *c, double alpha, bool *unknown)
{
    double dark = darkness(c);
    *unknown = dark < 0;
    return dark * alpha >= PT_INK;
}

static void stroke_path(interp *it)
{
    bool unknown;
    if (!is_ink(&it->gs.stroke, it->gs.stroke_alpha, &unknown) && !unknown)
        return;
    for (guint i = 1; i < it->path->len; i++) {
        const pt_point *b = PT(it, i);
        ex_box box;
        if (b->kind == PT_MOVE)
            continue;
        bool horizontal;
        if (b->kind == PT_CURVE || !stroke_box(it, PT(it, i - 1), b, &box, &horizontal))
            continue; /* curves and slanted lines are no rules */
        if (unknown)
            add_unknown(it, box);
        else
            add_ink(it, box, it->gs.dash * along_scale(&it->gs.ctm, horizontal));
    }
}

/* The box of the subpath of points [first, end) when it is an
 * axis-aligned rectangle (re, or four lines and a close). */
static bool subpath_rect(interp *it, guint first, guint end, ex_box *out)
{
    guint n = end - first;
    const pt_point *p0 = PT(it, first);
    if (n == 5 && fabs(PT(it, end - 1)->x - p0->x) < 0.01 && fabs(PT(it, end - 1)->y - p0->y) < 0.01)
        n = 4; /* the closing point */
    if (n != 4)
        return false;
    *out = (ex_box){ p0->x, p0->y, p0->x, p0->y };
    for (guint k = 1; k <= 4; k++) {
        const pt_point *a = PT(it, first + k - 1), *b = PT(it, first + k % 4);
        if (b->kind == PT_CURVE || (fabs(a->x - b->x) > 0.01 && fabs(a->y - b->y) > 0.01))
            return false;
        out->x0 = fmin(out->x0, b->x), out->x1 = fmax(out->x1, b->x);
        out->y0 = fmin(out->y0, b->y), out->y1 = fmax(out->y1, b->y);
    }
    return true;
}

/* The bounding box of points [first, end). */
static ex_box subpath_bounds(interp *it, guint first, guint end)
{
    ex_box b = { INFINITY, INFINITY, -INFINITY, -INFINITY };
    for (guint i = first; i < end; i++) {
        b.x0 = fmin(b.x0, PT(it, i)->x), b.x1 = fmax(b.x1, PT(it, i)->x);
        b.y0 = fmin(b.y0, PT(it, i)->y), b.y1 = fmax(b.y1, PT(it, i)->y);
    }
    return b;
}

static void fill_path(interp *it)
{
    bool unknown;
    const paint *c = &it->gs.fill;
    bool ink = is_ink(c, it->gs.fill_alpha, &unknown);
    bool paper = !ink && !unknown && it->gs.fill_alpha >= 1;
    for (guint first = 0, end; first < it->path->len; first = end) {
        for (end = first + 1; end < it->path->len && PT(it, end)->kind != PT_MOVE; end++)
            ;
        ex_box box;
        bool rect = subpath_rect(it, first, end, &box);
        if (unknown || c->cs == CS_PATTERN) {
            if (end - first > 2)
                add_unknown(it, subpath_bounds(it, first, end));
        } else if (rect && ink) {
            add_ink(it, box, 0);
        } else if (rect && paper) {
            erase(it, box);
        }
        /* other shapes (curves, polygons) are no rules; small ones may be
         * bullets */
        if (ink && !unknown && c->cs != CS_PATTERN && end - first > 2)
            add_mark(it, intersect(subpath_bounds(it, first, end), &it->gs.clip));
    }
}

/* End the path: paint it (STROKE, FILL), clip with it when W came, and
 * start a new one. */
static void end_path(interp *it, bool stroke, bool fill)
{
    if (fill)
        fill_path(it);
    if (stroke)
        stroke_path(it);
    if (it->clip_next && it->path->len) {
        ex_box bounds = subpath_bounds(it, 0, it->path->len);
        it->gs.clip = intersect(bounds, &it->gs.clip);
    }
    it->clip_next = false;
    g_array_set_size(it->path, 0);
    it->sub = 0;
}

/* ---- tokens ----------------------------------------------------------- */

static void push_operand(interp *it, operand o)
{
    if (it->n_ops == PT_MAX_OPERANDS) { /* keep the last ones: the operator's */
        memmove(it->ops, it->ops + 1, sizeof it->ops[0] * (PT_MAX_OPERANDS - 1));
        it->n_ops--;
    }
    it->ops[it->n_ops++] = o;
}

/* ---- operators -------------------------------------------------------- */

static void run_stream(interp *it, const unsigned char *p, size_t len);

/* The resource NAME (operand O) of category CAT ("/XObject") of the
 * stream being run; a null handle when none.  The caller releases it
 * (handles are otherwise kept until the page's end: a stream repeating
 * "/G0 gs" would pile them up). */
static qpdf_oh resource(interp *it, const char *cat, const operand *o)
{
    if (o->type != OP_NAME)
        return qpdf_oh_new_null(it->q);
    char key[128];
    name_key(o, key, sizeof key);
    qpdf_oh dict = qpdf_oh_get_key_if_dict(it->q, it->res, cat);
    qpdf_oh found = qpdf_oh_get_key_if_dict(it->q, dict, key);
    qpdf_oh_release(it->q, dict);
    return found;
}

static double number_key(qpdf_data q, qpdf_oh dict, const char *key, double dflt)
{
    qpdf_oh v = qpdf_oh_get_key_if_dict(q, dict, key);
    double x = qpdf_oh_is_number(q, v) ? qpdf_oh_get_numeric_value(q, v) : dflt;
    qpdf_oh_release(q, v);
    return x;
}

/* Number I of qpdf array ARR, or 0 (as a number, and whether it is one). */
static bool array_number(qpdf_data q, qpdf_oh arr, int i, double *out)
{
    qpdf_oh v = qpdf_oh_get_array_item(q, arr, i);
    bool is = qpdf_oh_is_number(q, v);
    *out = is ? qpdf_oh_get_numeric_value(q, v) : 0;
    qpdf_oh_release(q, v);
    return is;
}

/* The longest dash of dash array ARR (even entries), 0 for none. */
static double longest_dash(qpdf_data q, qpdf_oh arr)
{
    double best = 0;
    int n = qpdf_oh_is_array(q, arr) ? qpdf_oh_get_array_n_items(q, arr) : 0;
    for (int i = 0; i < n; i += 2) {
        double v;
        if (array_number(q, arr, i, &v))
            best = fmax(best, v);
    }
    return n ? fmax(best, 1e-9) : 0;
}

/* gs: the parameters of an ExtGState that change what is ink. */
static void set_ext_gstate(interp *it)
{
    qpdf_data q = it->q;
    qpdf_oh d = resource(it, "/ExtGState", &it->ops[it->n_ops - 1]);
    if (qpdf_oh_is_dictionary(q, d)) {
        it->gs.stroke_alpha = number_key(q, d, "/CA", it->gs.stroke_alpha);
        it->gs.fill_alpha = number_key(q, d, "/ca", it->gs.fill_alpha);
        it->gs.line_width = number_key(q, d, "/LW", it->gs.line_width);
        qpdf_oh dash = qpdf_oh_get_key_if_dict(q, d, "/D");
        if (qpdf_oh_is_array(q, dash)) {
            qpdf_oh pattern = qpdf_oh_get_array_item(q, dash, 0);
            it->gs.dash = longest_dash(q, pattern);
            qpdf_oh_release(q, pattern);
        }
        qpdf_oh_release(q, dash);
    }
    qpdf_oh_release(q, d);
}

/* A matrix from a qpdf array of six numbers (identity otherwise). */
static matrix matrix_of(qpdf_data q, qpdf_oh arr)
{
    matrix m = { 1, 0, 0, 1, 0, 0 };
    if (qpdf_oh_is_array(q, arr) && qpdf_oh_get_array_n_items(q, arr) == 6) {
        double v[6];
        for (int i = 0; i < 6; i++)
            array_number(q, arr, i, &v[i]);
        m = (matrix){ v[0], v[1], v[2], v[3], v[4], v[5] };
    }
    return m;
}

/* A rectangle [x0 y0 x1 y1] from a qpdf array, normalised; false when
 * ARR is not one. */
static bool rect_of(qpdf_data q, qpdf_oh arr, double v[4])
{
    if (!qpdf_oh_is_array(q, arr) || qpdf_oh_get_array_n_items(q, arr) != 4)
        return false;
    for (int i = 0; i < 4; i++)
        if (!array_number(q, arr, i, &v[i]))
            return false;
    double t;
    if (v[0] > v[2])
        t = v[0], v[0] = v[2], v[2] = t;
    if (v[1] > v[3])
        t = v[1], v[1] = v[3], v[3] = t;
    return true;
}

static void save(interp *it)
{
    if (it->depth >= PT_MAX_SAVE) {
        it->failed = true;
        return;
    }
    g_array_set_size(it->saved, (guint)it->depth + 1);
    g_array_index(it->saved, gstate, it->depth) = it->gs;
    it->depth++;
}

static void restore(interp *it)
{
    if (it->depth <= it->floor)
        return;
    it->depth--;
    it->gs = g_array_index(it->saved, gstate, it->depth);
}

/* Do on a form XObject: its content run under its matrix, clipped to its
 * box, with its own resources.  A form that cannot be decoded, or nested
 * too deep, is an unknown area. */
static void run_form(interp *it, qpdf_oh form)
{
    qpdf_data q = it->q;
    qpdf_oh dict = qpdf_oh_get_dict(q, form);
    qpdf_oh bbox = qpdf_oh_get_key(q, dict, "/BBox"), mat = qpdf_oh_get_key(q, dict, "/Matrix");
    double bb[4];
    bool has_box = rect_of(q, bbox, bb);
    matrix m = matrix_of(q, mat);
    qpdf_oh_release(q, bbox);
    qpdf_oh_release(q, mat);
    matrix ctm = concat(&m, &it->gs.ctm);
    ex_box box = has_box ? transform_box(&ctm, bb[0], bb[1], bb[2], bb[3]) : it->gs.clip;
    unsigned char *buf = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    if (it->forms >= PT_MAX_FORMS || ++it->form_runs > PT_MAX_FORM_RUNS ||
        (qpdf_oh_get_stream_data(q, form, qpdf_dl_generalized, &filtered, &buf, &len) &
         QPDF_ERRORS) ||
        !filtered) {
        if (qpdf_has_error(q)) /* the page goes on without this form */
            qpdf_get_error(q);
        free(buf);
        qpdf_oh_release(q, dict);
        add_unknown(it, box);
        return;
    }
    save(it);
    int floor = it->floor;
    it->floor = it->depth;
    it->gs.ctm = ctm;
    it->gs.clip = intersect(box, &it->gs.clip);
    qpdf_oh res = it->res, own = qpdf_oh_get_key(q, dict, "/Resources");
    if (qpdf_oh_is_dictionary(q, own))
        it->res = own;
    GArray *path = it->path; /* a form starts with no current path */
    it->path = g_array_new(FALSE, FALSE, sizeof(pt_point));
    it->forms++;
    run_stream(it, buf, len);
    it->forms--;
    g_array_free(it->path, TRUE);
    it->path = path;
    it->res = res;
    while (it->depth > it->floor) /* a form's unbalanced q */
        restore(it);
    it->floor = floor;
    restore(it);
    free(buf);
    qpdf_oh_release(q, own);
    qpdf_oh_release(q, dict);
}

/* Do: a form is followed; an image (or a mask painted in the fill
 * colour) is an unknown area, the unit square under the CTM. */
static void do_xobject(interp *it)
{
    qpdf_data q = it->q;
    qpdf_oh x = resource(it, "/XObject", &it->ops[it->n_ops - 1]);
    if (qpdf_oh_is_stream(q, x)) {
        qpdf_oh dict = qpdf_oh_get_dict(q, x), type = qpdf_oh_get_key(q, dict, "/Subtype");
        bool form = qpdf_oh_is_name_and_equals(q, type, "/Form");
        qpdf_oh_release(q, type);
        qpdf_oh_release(q, dict);
        if (form)
            run_form(it, x);
        else
            add_unknown(it, transform_box(&it->gs.ctm, 0, 0, 1, 1));
    }
    qpdf_oh_release(q, x);
}

/* The path-painting operators: S s f F f* B B* b b* n. */
static bool paint_op(interp *it, const char *op, size_t n)
{
    bool close = false, stroke = false, fill = false;
    if (pdf_syntax_is(op, n, "S"))
        stroke = true;
    else if (pdf_syntax_is(op, n, "s"))
        stroke = close = true;
    else if (pdf_syntax_is(op, n, "f") || pdf_syntax_is(op, n, "F") || pdf_syntax_is(op, n, "f*"))
        fill = true;
    else if (pdf_syntax_is(op, n, "B") || pdf_syntax_is(op, n, "B*"))
        fill = stroke = true;
    else if (pdf_syntax_is(op, n, "b") || pdf_syntax_is(op, n, "b*"))
        fill = stroke = close = true;
    else if (!pdf_syntax_is(op, n, "n"))
        return false;
    if (close)
        path_close(it);
    end_path(it, stroke, fill);
    return true;
}

/* Path construction: m l c v y h re; false for any other operator. */
static bool path_op(interp *it, const char *op, size_t n)
{
    if (pdf_syntax_is(op, n, "m") && it->n_ops >= 2) {
        path_add(it, num(it, it->n_ops - 2), num(it, it->n_ops - 1), PT_MOVE);
    } else if (pdf_syntax_is(op, n, "l") && it->n_ops >= 2) {
        path_add(it, num(it, it->n_ops - 2), num(it, it->n_ops - 1), PT_LINE);
    } else if ((pdf_syntax_is(op, n, "c") && it->n_ops >= 6) ||
               ((pdf_syntax_is(op, n, "v") || pdf_syntax_is(op, n, "y")) && it->n_ops >= 4)) {
        /* the control points too: the curve lies within their hull, so a
         * shape's bounds hold it (a disc drawn as two curves) */
        for (int k = it->n_ops - (pdf_syntax_is(op, n, "c") ? 6 : 4); k + 2 < it->n_ops; k += 2)
            path_add(it, num(it, k), num(it, k + 1), PT_CURVE);
        path_add(it, num(it, it->n_ops - 2), num(it, it->n_ops - 1), PT_CURVE);
    } else if (pdf_syntax_is(op, n, "h")) {
        path_close(it);
    } else if (pdf_syntax_is(op, n, "re") && it->n_ops >= 4) {
        double x = num(it, it->n_ops - 4), y = num(it, it->n_ops - 3);
        double w = num(it, it->n_ops - 2), h = num(it, it->n_ops - 1);
        path_add(it, x, y, PT_MOVE);
        path_add(it, x + w, y, PT_LINE);
        path_add(it, x + w, y + h, PT_LINE);
        path_add(it, x, y + h, PT_LINE);
        path_close(it);
    } else {
        return n == 1 && (*op == 'm' || *op == 'l' || *op == 'c' || *op == 'v' || *op == 'y');
    }
    return true;
}

/* Colour operators; false for any other operator. */
static bool colour_op(interp *it, const char *op, size_t n)
{
    bool upper = g_ascii_isupper(op[0]);
    paint *c = upper ? &it->gs.stroke : &it->gs.fill;
    char lo[4] = { 0 };
    if (n > 3)
        return false;
    for (size_t i = 0; i < n; i++)
        lo[i] = g_ascii_tolower(op[i]);
    if (!strcmp(lo, "g") && n == 1)
        *c = (paint){ CS_GRAY, { last(it, 1, 0), 0, 0, 0 } };
    else if (!strcmp(lo, "rg"))
        *c = (paint){ CS_RGB, { last(it, 3, 0), last(it, 3, 1), last(it, 3, 2), 0 } };
    else if (!strcmp(lo, "k"))
        *c = (paint){ CS_CMYK, { last(it, 4, 0), last(it, 4, 1), last(it, 4, 2), last(it, 4, 3) } };
    else if (!strcmp(lo, "cs") && it->n_ops)
        *c = initial_paint(space_named(it, &it->ops[it->n_ops - 1]));
    else if (!strcmp(lo, "sc") || !strcmp(lo, "scn"))
        set_components(it, c);
    else
        return false;
    return true;
}

/* The graphics state, XObjects and shadings; false for other operators. */
static bool state_op(interp *it, const char *op, size_t n)
{
    if (pdf_syntax_is(op, n, "q")) {
        save(it);
    } else if (pdf_syntax_is(op, n, "Q")) {
        restore(it);
    } else if (pdf_syntax_is(op, n, "cm") && it->n_ops >= 6) {
        int b = it->n_ops - 6;
        matrix m = { num(it, b), num(it, b + 1), num(it, b + 2), num(it, b + 3), num(it, b + 4),
                     num(it, b + 5) };
        it->gs.ctm = concat(&m, &it->gs.ctm);
    } else if (pdf_syntax_is(op, n, "w") && it->n_ops) {
        it->gs.line_width = fabs(num(it, it->n_ops - 1));
    } else if (pdf_syntax_is(op, n, "d") && it->n_ops >= 2) {
        it->gs.dash = it->ops[it->n_ops - 2].type == OP_OTHER ? it->ops[it->n_ops - 2].num : 0;
    } else if (pdf_syntax_is(op, n, "W") || pdf_syntax_is(op, n, "W*")) {
        it->clip_next = true;
    } else if (pdf_syntax_is(op, n, "gs") && it->n_ops) {
        set_ext_gstate(it);
    } else if (pdf_syntax_is(op, n, "Do") && it->n_ops) {
        do_xobject(it);
    } else if (pdf_syntax_is(op, n, "sh")) {
        add_unknown(it, it->gs.clip);
    } else {
        return false;
    }
    return true;
}

static void run_operator(interp *it, const char *op, size_t n)
{
    if (!path_op(it, op, n) && !paint_op(it, op, n) && !colour_op(it, op, n))
        state_op(it, op, n);
    it->n_ops = 0;
}

/* An array or dictionary from P (at its opening '[' or "<<") to its
 * end: one operand; for an array, its longest even entry (a dash
 * array's longest dash) in NUM. */
static const unsigned char *read_composite(const unsigned char *p, const unsigned char *end,
                                           operand *o)
{
    int depth = 0, index = 0;
    *o = (operand){ OP_OTHER, 0, NULL, 0 };
    while (p < end) {
        unsigned char c = *p;
        if (c == '[' || (c == '<' && p + 1 < end && p[1] == '<')) {
            depth++;
            p += c == '[' ? 1 : 2;
        } else if (c == ']' || (c == '>' && p + 1 < end && p[1] == '>')) {
            p += c == ']' ? 1 : 2;
            if (--depth == 0)
                break;
        } else if (c == '(') {
            p = pdf_syntax_skip_string(p, end);
        } else if (c == '<') {
            const unsigned char *q = memchr(p, '>', (size_t)(end - p));
            p = q ? q + 1 : end;
        } else if (pdf_syntax_is_space(c)) {
            p++;
        } else if (g_ascii_isdigit(c) || c == '-' || c == '+' || c == '.') {
            double v = pdf_syntax_read_number(p, end, &p);
            if (depth == 1 && index++ % 2 == 0)
                o->num = fmax(o->num, v);
        } else {
            p = c == '/' ? pdf_syntax_skip_regular(p + 1, end) : MAX(pdf_syntax_skip_regular(p, end), p + 1);
        }
    }
    if (index > 0) /* dashed, if only with dots ([0 3]): never solid */
        o->num = fmax(o->num, 1e-9);
    return p;
}

/* Run the content stream P[0..len): operands gathered, operators applied. */
static void run_stream(interp *it, const unsigned char *p, size_t len)
{
    if (!p) /* an empty stream decodes to no buffer at all */
        return;
    const unsigned char *end = p + len;
    it->n_ops = 0;
    while (p < end && !it->failed) {
        unsigned char c = *p;
        if (pdf_syntax_is_space(c)) {
            p++;
        } else if (c == '%') {
            while (p < end && *p != '\n' && *p != '\r')
                p++;
        } else if (c == '(') {
            p = pdf_syntax_skip_string(p, end);
            push_operand(it, (operand){ OP_OTHER, 0, NULL, 0 });
        } else if (c == '[' || (c == '<' && p + 1 < end && p[1] == '<')) {
            operand o;
            p = read_composite(p, end, &o);
            push_operand(it, o);
        } else if (c == '<') {
            const unsigned char *q = memchr(p, '>', (size_t)(end - p));
            p = q ? q + 1 : end;
            push_operand(it, (operand){ OP_OTHER, 0, NULL, 0 });
        } else if (c == '/') {
            const unsigned char *s = p + 1;
            p = pdf_syntax_skip_regular(s, end);
            push_operand(it, (operand){ OP_NAME, 0, (const char *)s, (size_t)(p - s) });
        } else if (g_ascii_isdigit(c) || c == '-' || c == '+' || c == '.') {
            double v = pdf_syntax_read_number(p, end, &p);
            push_operand(it, (operand){ OP_NUM, v, NULL, 0 });
        } else if (pdf_syntax_is_delim(c)) {
            p++; /* a stray ')', ']', '>', '{' or '}' */
        } else {
            const unsigned char *s = p;
            p = pdf_syntax_skip_regular(p, end);
            size_t n = (size_t)(p - s);
            if (pdf_syntax_is((const char *)s, n, "BI")) {
                p = pdf_syntax_skip_inline_image(p, end);
                add_unknown(it, transform_box(&it->gs.ctm, 0, 0, 1, 1));
                it->n_ops = 0;
            } else if (pdf_syntax_is((const char *)s, n, "true") || pdf_syntax_is((const char *)s, n, "false") ||
                       pdf_syntax_is((const char *)s, n, "null")) {
                push_operand(it, (operand){ OP_OTHER, 0, NULL, 0 });
            } else {
                run_operator(it, (const char *)s, n);
            }
        }
    }
}

/* ---- pages ------------------------------------------------------------ */

/* poppler's device transform of a page at 72 dpi, upside down (GfxState):
 * the crop box (within the media box) turned by ROTATE degrees, origin at
 * the top-left corner. */
static matrix page_matrix(const double box[4], int rotate)
{
    double x1 = box[0], y1 = box[1], x2 = box[2], y2 = box[3];
    switch (rotate) {
    case 90:
        return (matrix){ 0, 1, 1, 0, -y1, -x1 };
    case 180:
        return (matrix){ -1, 0, 0, 1, x2, -y1 };
    case 270:
        return (matrix){ 0, -1, -1, 0, y2, x2 };
    default:
        return (matrix){ 1, 0, 0, -1, -x1, y2 };
    }
}

/* The crop box of PAGE clipped to its media box, as poppler reads it. */
static bool page_box(qpdf_data q, qpdf_oh page, double box[4])
{
    double media[4], crop[4];
    if (!rect_of(q, qpdf_oh_get_key(q, page, "/MediaBox"), media))
        media[0] = 0, media[1] = 0, media[2] = 612, media[3] = 792; /* poppler's default */
    memcpy(box, media, sizeof media);
    if (rect_of(q, qpdf_oh_get_key(q, page, "/CropBox"), crop)) {
        box[0] = fmax(crop[0], media[0]), box[1] = fmax(crop[1], media[1]);
        box[2] = fmin(crop[2], media[2]), box[3] = fmin(crop[3], media[3]);
        if (box[0] >= box[2] || box[1] >= box[3])
            memcpy(box, media, sizeof media);
    }
    return true;
}

/* paths_open, or paths_open_repaired when REPAIRED_OK. */
static paths_doc *open_doc(const char *data, size_t len, const char *password, bool repaired_ok)
{
    qpdf_data q = pdf_syntax_open(data, len, password, repaired_ok);
    if (!q)
        return NULL;
    paths_doc *doc = g_new0(paths_doc, 1);
    doc->q = q;
    doc->pages = qpdf_get_num_pages(q);
    return doc;
}

int paths_read_page(paths_doc *doc, int index, paths_page *out)
{
    paths_page_release(out);
    if (!doc || index < 0 || index >= doc->pages)
        return -1;
    qpdf_data q = doc->q;
    qpdf_oh page = qpdf_get_page_n(q, (size_t)index);
    unsigned char *buf = NULL;
    size_t len = 0;
    double box[4];
    int rc = -1;
    if (!pdf_syntax_drain(q) && page_box(q, page, box) &&
        !(qpdf_oh_get_page_content_data(q, page, &buf, &len) & QPDF_ERRORS)) {
        int rotate = int_key(q, page, "/Rotate", 0);
        rotate = ((rotate % 360) + 360) % 360;
        interp it = { .q = q, .out = out, .res = qpdf_oh_get_key(q, page, "/Resources") };
        matrix base = page_matrix(box, rotate % 90 ? 0 : rotate);
        bool turned = rotate == 90 || rotate == 270;
        out->width = turned ? box[3] - box[1] : box[2] - box[0];
        out->height = turned ? box[2] - box[0] : box[3] - box[1];
        it.gs = (gstate){ base, 1, 0, initial_paint(CS_GRAY), initial_paint(CS_GRAY), 1, 1,
                          transform_box(&base, box[0], box[1], box[2], box[3]) };
        it.path = g_array_new(FALSE, FALSE, sizeof(pt_point));
        it.saved = g_array_new(FALSE, FALSE, sizeof(gstate));
        run_stream(&it, buf, len);
        g_array_free(it.path, TRUE);
        g_array_free(it.saved, TRUE);
        rc = pdf_syntax_drain(q) || it.failed ? -1 : 0;
    }
    free(buf);
    pdf_syntax_drain(q);
    qpdf_oh_release_all(q);
    if (rc < 0)
        paths_page_release(out);
    return rc;
}

paths_doc *paths_open(const char *data, size_t len, const char *password)
{
    return open_doc(data, len, password, false);
}

paths_doc *paths_open_repaired(const char *data, size_t len, const char *password)
{
    return open_doc(data, len, password, true);
}

GBytes *paths_page_alone(paths_doc *doc, int index, bool with_text)
{
    return doc ? textless_page(doc->q, index, with_text) : NULL;
}

int paths_page_count(const paths_doc *doc)
{
    return doc ? doc->pages : 0;
}

void paths_page_release(paths_page *page)
{
    if (!page)
        return;
    g_free(page->ink);
    g_free(page->unknown);
    g_free(page->marks);
    *page = (paths_page)PATHS_PAGE_INIT;
}

void paths_close(paths_doc *doc)
{
    if (!doc)
        return;
    qpdf_cleanup(&doc->q);
    g_free(doc);
}
