/* pdf_textless.c - one page of a PDF, alone and without its text, written
 * with qpdf for poppler to render (see pdf_textless.h for why).
 *
 * The page is rebuilt in a new file as a page dictionary holding only
 * what painting reads (its boxes, rotation, resources, group, and
 * annotations cut down to their appearance), copied from the file's qpdf
 * handle (pdf_paths.c's, which has read the page's objects already): a
 * copy of the page's own dictionary would pull in other pages through a
 * link's destination or a form field's parent.
 * The copy's content streams are then decoded and written back without
 * their text-showing operators.
 */
#include "pdf_textless.h"

#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_syntax.h"

/* Streams stripped for one page (its forms, patterns and masks), and how
 * deep they nest; past either, a stream is emptied instead (a hostile
 * file's forms drawing one another). */
#define TL_MAX_STREAMS 4096
#define TL_MAX_DEPTH 32

/* ---- content streams -------------------------------------------------- */

/* The operators that show text, each of which loads the current font, and
 * the one that sets it (the copy holds no fonts). */
static bool uses_font(const unsigned char *op, size_t n)
{
    const char *s = (const char *)op;
    return pdf_syntax_is(s, n, "Tj") || pdf_syntax_is(s, n, "TJ") || pdf_syntax_is(s, n, "'") ||
           pdf_syntax_is(s, n, "\"") || pdf_syntax_is(s, n, "Tf");
}

/* An operand spelled with regular characters: a number or a keyword
 * constant. */
static bool is_operand(const unsigned char *s, size_t n)
{
    return g_ascii_isdigit(s[0]) || s[0] == '-' || s[0] == '+' || s[0] == '.' ||
           pdf_syntax_is((const char *)s, n, "true") || pdf_syntax_is((const char *)s, n, "false") ||
           pdf_syntax_is((const char *)s, n, "null");
}

/* Past the token at P, which is no operator: white space, a comment, a
 * string, a name, or a bracket (DEPTH counts the arrays and dictionaries
 * open, inside which nothing is an operator). */
static const unsigned char *skip_operand(const unsigned char *p, const unsigned char *end,
                                         int *depth)
{
    unsigned char c = *p;
    if (c == '%') {
        while (p < end && *p != '\n' && *p != '\r')
            p++;
        return p;
    }
    if (c == '(')
        return pdf_syntax_skip_string(p, end);
    bool twice = p + 1 < end && p[1] == c;
    if (c == '[' || (c == '<' && twice)) {
        ++*depth;
        return p + (c == '[' ? 1 : 2);
    }
    if (c == ']' || (c == '>' && twice)) {
        *depth = *depth > 0 ? *depth - 1 : 0;
        return p + (c == ']' ? 1 : 2);
    }
    if (c == '<') {
        const unsigned char *q = memchr(p, '>', (size_t)(end - p));
        return q ? q + 1 : end;
    }
    if (c == '/')
        return pdf_syntax_skip_regular(p + 1, end);
    return p + 1; /* white space, or a stray ')', '>', '{' or '}' */
}

void textless_strip(const unsigned char *p, size_t len, GString *out)
{
    if (!p)
        return;
    const unsigned char *end = p + len;
    const unsigned char *copied = p;   /* kept up to here */
    const unsigned char *operands = p; /* where the pending operator's operands start */
    int depth = 0;
    while (p < end) {
        if (pdf_syntax_is_space(*p) || pdf_syntax_is_delim(*p)) {
            p = skip_operand(p, end, &depth);
            continue;
        }
        const unsigned char *s = p;
        p = pdf_syntax_skip_regular(p, end);
        size_t n = (size_t)(p - s);
        if (depth > 0 || is_operand(s, n))
            continue;
        if (pdf_syntax_is((const char *)s, n, "BI")) {
            p = pdf_syntax_skip_inline_image(p, end);
        } else if (uses_font(s, n)) {
            g_string_append_len(out, (const char *)copied, operands - copied);
            g_string_append_c(out, '\n'); /* the tokens around stay apart */
            copied = p;
        }
        operands = p;
    }
    g_string_append_len(out, (const char *)copied, end - copied);
}

/* ---- the page's streams ----------------------------------------------- */

/* The stripping of one page's copy: the streams done (by object number),
 * so that a form drawn twice, or drawing itself, is read once. */
typedef struct stripper {
    qpdf_data q;
    GHashTable *done;
    guint streams;
} stripper;

static void strip_resources(stripper *s, qpdf_oh res, int depth);

/* Write stream ST back without its text, then its own resources' streams.
 * One that cannot be decoded, or past the limits, is emptied: what
 * poppler would make of it is not known, and it must load no font. */
static void strip_stream(stripper *s, qpdf_oh st, int depth)
{
    qpdf_data q = s->q;
    gpointer id = GINT_TO_POINTER(qpdf_oh_get_object_id(q, st));
    if (g_hash_table_contains(s->done, id))
        return;
    g_hash_table_add(s->done, id);
    unsigned char *buf = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    bool readable = ++s->streams <= TL_MAX_STREAMS && depth <= TL_MAX_DEPTH &&
                    !(qpdf_oh_get_stream_data(q, st, qpdf_dl_generalized, &filtered, &buf, &len) &
                      QPDF_ERRORS) &&
                    filtered;
    pdf_syntax_drain(q);
    GString *kept = g_string_new(NULL);
    if (readable)
        textless_strip(buf, len, kept);
    free(buf);
    qpdf_oh none = qpdf_oh_new_null(q);
    qpdf_oh_replace_stream_data(q, st, (const unsigned char *)kept->str, kept->len, none, none);
    g_string_free(kept, TRUE);
    if (readable) {
        qpdf_oh dict = qpdf_oh_get_dict(q, st);
        qpdf_oh res = qpdf_oh_get_key_if_dict(q, dict, "/Resources");
        strip_resources(s, res, depth + 1);
    }
}

/* The keys of dictionary DICT, copied (qpdf iterates one dictionary at a
 * time, and a stripped stream's resources are iterated in between). */
static GPtrArray *keys_of(qpdf_data q, qpdf_oh dict)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    if (!qpdf_oh_is_dictionary(q, dict))
        return keys;
    qpdf_oh_begin_dict_key_iter(q, dict);
    while (qpdf_oh_dict_more_keys(q))
        g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
    return keys;
}

/* Does V, an entry of resource category CAT, hold content: a form
 * (Subtype Form), a tiling pattern (PatternType 1), a soft mask's group? */
static bool holds_content(qpdf_data q, const char *cat, qpdf_oh v)
{
    if (!qpdf_oh_is_stream(q, v))
        return false;
    qpdf_oh dict = qpdf_oh_get_dict(q, v);
    if (strcmp(cat, "/XObject") == 0)
        return qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, "/Subtype"), "/Form");
    if (strcmp(cat, "/Pattern") == 0) {
        qpdf_oh type = qpdf_oh_get_key(q, dict, "/PatternType");
        return qpdf_oh_is_integer(q, type) && qpdf_oh_get_int_value_as_int(q, type) == 1;
    }
    return true;
}

/* The streams of resource category CAT of RES that hold content (an
 * ExtGState's through its /SMask's /G). */
static void strip_category(stripper *s, qpdf_oh res, const char *cat, int depth)
{
    qpdf_data q = s->q;
    qpdf_oh dict = qpdf_oh_get_key_if_dict(q, res, cat);
    GPtrArray *keys = keys_of(q, dict);
    for (guint i = 0; i < keys->len; i++) {
        qpdf_oh v = qpdf_oh_get_key(q, dict, g_ptr_array_index(keys, i));
        if (strcmp(cat, "/ExtGState") == 0)
            v = qpdf_oh_get_key_if_dict(q, qpdf_oh_get_key_if_dict(q, v, "/SMask"), "/G");
        if (holds_content(q, cat, v))
            strip_stream(s, v, depth);
    }
    g_ptr_array_free(keys, TRUE);
}

static void strip_resources(stripper *s, qpdf_oh res, int depth)
{
    if (!qpdf_oh_is_dictionary(s->q, res))
        return;
    /* no longer used: a font is then not written (embedded ones are the
     * bulk of a page's copy) */
    qpdf_oh_remove_key(s->q, res, "/Font");
    strip_category(s, res, "/XObject", depth);
    strip_category(s, res, "/Pattern", depth);
    strip_category(s, res, "/ExtGState", depth);
}

/* ---- the page --------------------------------------------------------- */

/* A copy of values of file Q into file OUT.  qpdf's own copy of foreign
 * objects is not used: on a hostile file (a stream in the page tree
 * among the objects a page's resources reach) it left OUT unsafe to
 * free (a fuzzing find).  Each indirect object is copied once (DONE:
 * its id -> its copy), at most COPY_OBJECTS_MAX of them, COPY_DEPTH_MAX
 * deep; pages and page tree nodes are never brought along (a link's
 * destination, a field's parent): they are copied as null. */
typedef struct copier {
    qpdf_data out, q;
    GHashTable *done;
    size_t objects;
} copier;

#define COPY_OBJECTS_MAX 20000
#define COPY_DEPTH_MAX 64

static qpdf_oh copy_value(copier *c, qpdf_oh v, int depth);

/* Is V a page or a node of the page tree? */
static bool page_node(qpdf_data q, qpdf_oh v)
{
    qpdf_oh type = qpdf_oh_get_key_if_dict(q, v, "/Type");
    return qpdf_oh_is_name_and_equals(q, type, "/Page") ||
           qpdf_oh_is_name_and_equals(q, type, "/Pages");
}

/* V's members copied into container COPY (of OUT): V's items, or V's
 * entries but SKIP's. */
static void copy_members(copier *c, qpdf_oh v, qpdf_oh copy, const char *skip, int depth)
{
    qpdf_data q = c->q, out = c->out;
    if (qpdf_oh_is_array(q, v)) {
        int n = qpdf_oh_get_array_n_items(q, v);
        for (int i = 0; i < n; i++)
            qpdf_oh_append_item(out, copy, copy_value(c, qpdf_oh_get_array_item(q, v, i), depth + 1));
        return;
    }
    GPtrArray *keys = keys_of(q, v);
    for (guint i = 0; i < keys->len; i++) {
        const char *key = g_ptr_array_index(keys, i);
        if (!skip || strcmp(key, skip) != 0)
            qpdf_oh_replace_key(out, copy, key, copy_value(c, qpdf_oh_get_key(q, v, key), depth + 1));
    }
    g_ptr_array_free(keys, TRUE);
}

/* Stream V copied: its dictionary but its length, its data as stored
 * (with its filters). */
static qpdf_oh copy_stream(copier *c, qpdf_oh v, guint64 id, int depth)
{
    qpdf_data q = c->q, out = c->out;
    qpdf_oh copy = qpdf_oh_new_stream(out);
    g_hash_table_insert(c->done, g_memdup2(&id, sizeof id), GUINT_TO_POINTER(copy));
    unsigned char *data = NULL;
    size_t len = 0;
    if (qpdf_oh_get_stream_data(q, v, qpdf_dl_none, NULL, &data, &len) & QPDF_ERRORS)
        len = 0;
    qpdf_oh dict = qpdf_oh_get_dict(out, copy);
    copy_members(c, qpdf_oh_get_dict(q, v), dict, "/Length", depth);
    qpdf_oh_replace_stream_data(out, copy, data ? data : (const unsigned char *)"", len,
                                qpdf_oh_get_key(out, dict, "/Filter"),
                                qpdf_oh_get_key(out, dict, "/DecodeParms"));
    free(data);
    return copy;
}

/* Indirect object V copied, once. */
static qpdf_oh copy_indirect(copier *c, qpdf_oh v, int depth)
{
    qpdf_data q = c->q, out = c->out;
    guint64 id = (guint64)(unsigned)qpdf_oh_get_object_id(q, v) << 32 |
                 (unsigned)qpdf_oh_get_generation(q, v);
    gpointer seen = g_hash_table_lookup(c->done, &id);
    if (seen)
        return GPOINTER_TO_UINT(seen);
    if (++c->objects > COPY_OBJECTS_MAX || page_node(q, v))
        return qpdf_oh_new_null(out);
    if (qpdf_oh_is_stream(q, v))
        return copy_stream(c, v, id, depth);
    /* a place for it first: what it reaches may lead back to it */
    qpdf_oh copy = qpdf_make_indirect_object(out, qpdf_oh_new_null(out));
    g_hash_table_insert(c->done, g_memdup2(&id, sizeof id), GUINT_TO_POINTER(copy));
    qpdf_oh value = qpdf_oh_is_array(q, v) ? qpdf_oh_new_array(out)
                    : qpdf_oh_is_dictionary(q, v) ? qpdf_oh_new_dictionary(out)
                                                  : qpdf_oh_parse(out, qpdf_oh_unparse_binary(q, v));
    if (qpdf_oh_is_array(q, v) || qpdf_oh_is_dictionary(q, v))
        copy_members(c, v, value, NULL, depth);
    qpdf_replace_object(out, qpdf_oh_get_object_id(out, copy), qpdf_oh_get_generation(out, copy),
                        value);
    return copy;
}

/* Value V of file Q, copied into file OUT: an indirect object by
 * copy_indirect, a direct one member by member.  Only values are copied,
 * never a page's own dictionary, whose links would bring other pages
 * along. */
static qpdf_oh copy_value(copier *c, qpdf_oh v, int depth)
{
    qpdf_data q = c->q, out = c->out;
    if (depth > COPY_DEPTH_MAX)
        return qpdf_oh_new_null(out);
    if (qpdf_oh_is_indirect(q, v))
        return copy_indirect(c, v, depth);
    if (qpdf_oh_is_array(q, v) || qpdf_oh_is_dictionary(q, v)) {
        if (page_node(q, v))
            return qpdf_oh_new_null(out);
        qpdf_oh copy = qpdf_oh_is_array(q, v) ? qpdf_oh_new_array(out) : qpdf_oh_new_dictionary(out);
        copy_members(c, v, copy, NULL, depth);
        return copy;
    }
    return qpdf_oh_parse(out, qpdf_oh_unparse_binary(q, v)); /* a number, name, string ... */
}

/* Set KEY of DST (in OUT) to a copy of FROM's (in Q), when FROM has one. */
static void take_key(copier *c, qpdf_oh dst, qpdf_oh from, const char *key)
{
    if (qpdf_oh_has_key(c->q, from, key))
        qpdf_oh_replace_key(c->out, dst, key, copy_value(c, qpdf_oh_get_key(c->q, from, key), 0));
}

/* Annotation ANNOT of Q, cut down to what its render reads (its type,
 * place, flags, state and normal appearance), in OUT; a null handle when
 * it has no appearance (poppler would generate one, with a font). */
static qpdf_oh bare_annotation(copier *c, qpdf_oh annot)
{
    qpdf_data out = c->out, q = c->q;
    qpdf_oh ap = qpdf_oh_get_key_if_dict(q, annot, "/AP");
    if (!qpdf_oh_has_key(q, ap, "/N"))
        return qpdf_oh_new_null(out);
    qpdf_oh bare = qpdf_oh_new_dictionary(out), normal = qpdf_oh_new_dictionary(out);
    take_key(c, normal, ap, "/N");
    qpdf_oh_replace_key(out, bare, "/AP", normal);
    static const char *const keys[] = { "/Type", "/Subtype", "/Rect", "/F", "/AS" };
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
        take_key(c, bare, annot, keys[i]);
    return bare;
}

/* A new page of OUT made of what painting page PAGE of Q reads. */
static qpdf_oh bare_page(qpdf_data out, qpdf_data q, qpdf_oh page)
{
    copier c = { out, q, g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL), 0 };
    qpdf_oh bare = qpdf_oh_new_dictionary(out);
    qpdf_oh_replace_key(out, bare, "/Type", qpdf_oh_new_name(out, "/Page"));
    static const char *const keys[] = { "/MediaBox", "/CropBox", "/Rotate", "/Resources",
                                        "/Group", "/UserUnit" };
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
        take_key(&c, bare, page, keys[i]);
    qpdf_oh annots = qpdf_oh_get_key_if_dict(q, page, "/Annots"), kept = qpdf_oh_new_array(out);
    int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
    for (int i = 0; i < n; i++) {
        qpdf_oh a = bare_annotation(&c, qpdf_oh_get_array_item(q, annots, i));
        if (!qpdf_oh_is_null(out, a))
            qpdf_oh_append_item(out, kept, a);
    }
    qpdf_oh_replace_key(out, bare, "/Annots", kept);
    g_hash_table_unref(c.done);
    return qpdf_make_indirect_object(out, bare);
}

/* The streams of the copied page COPY in OUT: its annotations'
 * appearances (a stream, or one per state), then its resources'. */
static void strip_page(stripper *s, qpdf_oh copy)
{
    qpdf_data q = s->q;
    qpdf_oh annots = qpdf_oh_get_key(q, copy, "/Annots");
    int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
    for (int i = 0; i < n; i++) {
        qpdf_oh ap = qpdf_oh_get_key_if_dict(q, qpdf_oh_get_array_item(q, annots, i), "/AP");
        qpdf_oh normal = qpdf_oh_get_key_if_dict(q, ap, "/N");
        if (qpdf_oh_is_stream(q, normal)) {
            strip_stream(s, normal, 1);
            continue;
        }
        GPtrArray *states = keys_of(q, normal);
        for (guint k = 0; k < states->len; k++) {
            qpdf_oh st = qpdf_oh_get_key(q, normal, g_ptr_array_index(states, k));
            if (qpdf_oh_is_stream(q, st))
                strip_stream(s, st, 1);
        }
        g_ptr_array_free(states, TRUE);
    }
    strip_resources(s, qpdf_oh_get_key(q, copy, "/Resources"), 1);
}

/* OUT, a new file, given page COPY (of OUT) whose content is CONTENT,
 * stripped unless WITH_TEXT; false on an error of qpdf's. */
static bool add_copy(qpdf_data out, qpdf_oh copy, const unsigned char *content, size_t len,
                     bool with_text)
{
    GString *kept = g_string_new(NULL);
    if (with_text)
        g_string_append_len(kept, (const char *)content, (gssize)len);
    else
        textless_strip(content, len, kept);
    qpdf_oh stream = qpdf_oh_new_stream(out), none = qpdf_oh_new_null(out);
    qpdf_oh_replace_stream_data(out, stream, (const unsigned char *)kept->str, kept->len, none, none);
    g_string_free(kept, TRUE);
    qpdf_oh_replace_key(out, copy, "/Contents", stream);
    if (!with_text) {
        stripper s = { out, g_hash_table_new(g_direct_hash, g_direct_equal), 0 };
        strip_page(&s, copy);
        g_hash_table_unref(s.done);
    }
    return !(qpdf_add_page(out, out, copy, QPDF_FALSE) & QPDF_ERRORS) && !pdf_syntax_drain(out);
}

/* OUT written to memory, as new bytes; NULL on an error. */
static GBytes *written(qpdf_data out)
{
    bool failed = qpdf_init_write_memory(out) & QPDF_ERRORS;
    if (!failed) {
        /* streams as they are (an image is not decoded to be copied), and
         * the stripped ones as written: read once, by poppler, at once */
        qpdf_set_decode_level(out, qpdf_dl_none);
        qpdf_set_compress_streams(out, QPDF_FALSE);
        failed = qpdf_write(out) & QPDF_ERRORS;
    }
    if (pdf_syntax_drain(out) || failed)
        return NULL;
    return g_bytes_new(qpdf_get_buffer(out), qpdf_get_buffer_length(out));
}

GBytes *textless_page(qpdf_data q, int index, bool with_text)
{
    if (!q)
        return NULL;
    if (index < 0 || index >= qpdf_get_num_pages(q)) {
        pdf_syntax_drain(q);
        return NULL;
    }
    qpdf_data out = qpdf_init();
    qpdf_silence_errors(out);
    qpdf_set_suppress_warnings(out, QPDF_TRUE);
    GBytes *bytes = NULL;
    unsigned char *content = NULL;
    size_t len = 0;
    qpdf_oh page = qpdf_get_page_n(q, (size_t)index);
    if (!pdf_syntax_drain(q) && qpdf_oh_is_dictionary(q, page) && !qpdf_oh_is_stream(q, page) &&
        !(qpdf_empty_pdf(out) & QPDF_ERRORS) &&
        !(qpdf_oh_get_page_content_data(q, page, &content, &len) & QPDF_ERRORS)) {
        qpdf_oh copy = bare_page(out, q, page);
        if (!pdf_syntax_drain(q) && !pdf_syntax_drain(out) && add_copy(out, copy, content, len, with_text))
            bytes = written(out);
    }
    free(content);
    pdf_syntax_drain(q);
    qpdf_oh_release_all(q);
    qpdf_cleanup(&out);
    return bytes;
}
