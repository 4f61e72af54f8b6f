/* check.c - completeness findings computed on the model (issue 5).
 *
 * Each finding has a stable code, a reference and a Spanish message; the
 * codes and their severities are tabled in docs/schema.md.  A defect of
 * the document (a numbering gap, a duplicated number) is reported, never
 * repaired: the items around it stay in the model.
 *
 * Numbering is checked per parent and per level on the last numeric
 * component of each code ("1.5.8" -> 8 under the prefix "1.5."; "OE3" -> 3
 * under "OE").  Codes with another prefix form their own sequence, codes
 * without a trailing number are skipped, and a 1 that follows a higher
 * number starts a new sequence (a document that prints three lists each
 * numbered from 1 has three sequences, not duplicates).
 */
#include "check.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "util.h"

/* Largest number taken as a sequence number (larger ones are skipped). */
#define CHECK_MAX_NUMBER 10000

/* How one level of the plan is named in codes and messages. */
typedef struct level {
    poa_node_kind kind;
    const char *code;    /* "linea" in "linea.gap" */
    const char *one;     /* "la línea de acción" */
    const char *many;    /* "las líneas de acción" */
    const char *One;     /* "La línea de acción" */
} level;

static const level levels[] = {
    { POA_NODE_OBJETIVO, "objetivo", "el objetivo", "los objetivos", "El objetivo" },
    { POA_NODE_ESTRATEGIA, "estrategia", "la estrategia", "las estrategias", "La estrategia" },
    { POA_NODE_LINEA, "linea", "la línea de acción", "las líneas de acción",
      "La línea de acción" },
};

static void add(poa_report *r, const char *code, const char *ref, const char *severity,
                const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* Append a finding with a printf-style message. */
static void add(poa_report *r, const char *code, const char *ref, const char *severity,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    model_finding_add(r, code, ref, severity, message);
    g_free(message);
}


/* ## Metadata */

/* fecha.outside_period: the report's own date (drawn up, approved,
 * published) falls out of the time a report of its period is dated in
 * (dates_report_window: from the year before its year to 45 days after
 * its quarter, or its year): another period's date, or not the report's. */
static void check_fecha_period(poa_report *r)
{
    const poa_metadata *m = &r->meta;
    char bound[11];
    int side = dates_report_window(m->fecha, m->ejercicio, m->trimestre, bound);
    if (!side)
        return;
    const char *why = side < 0 ? "es anterior al año previo al ejercicio"
                               : "es posterior al plazo de publicación";
    if (m->trimestre)
        add(r, "fecha.outside_period", NULL, "error",
            "La fecha %s no corresponde al trimestre %d de %d: %s (%s)", m->fecha, m->trimestre,
            m->ejercicio, why, bound);
    else
        add(r, "fecha.outside_period", NULL, "error",
            "La fecha %s no corresponde al ejercicio %d: %s (%s)", m->fecha, m->ejercicio, why,
            bound);
}

/* The institution and the year are required of every programme; the
 * quarter and the date are warnings, since annual programmes and
 * multi-year plans have no quarter and often no date of their own.  Any
 * dated field of the frame counts as a date. */
static void check_metadata(poa_report *r)
{
    const poa_metadata *m = &r->meta;
    if (util_is_blank(m->institucion))
        add(r, "metadatos.institucion.missing", NULL, "error",
            "No se encontró la institución");
    /* a multi-year plan's span stands for the year and the quarter */
    bool plan_span = m->vigencia_desde != 0;
    if (!m->ejercicio && !plan_span)
        add(r, "metadatos.ejercicio.missing", NULL, "error", "No se encontró el ejercicio");
    if (!m->trimestre && !plan_span)
        add(r, "metadatos.trimestre.missing", NULL, "aviso", "No se encontró el trimestre");
    if (util_is_blank(m->fecha) && util_is_blank(m->periodo_inicio) && util_is_blank(m->periodo_fin) &&
        util_is_blank(m->fecha_actualizacion) && util_is_blank(m->fecha_validacion))
        add(r, "metadatos.fecha.missing", NULL, "aviso", "No se encontró la fecha del informe");
    check_fecha_period(r);
}

/* ## Sections */

static void check_sections(poa_report *r)
{
    if (util_is_blank(r->mision))
        add(r, "mision.missing", NULL, "error", "No se encontró la misión");
    if (util_is_blank(r->vision))
        add(r, "vision.missing", NULL, "error", "No se encontró la visión");
    if (!r->foda_present) {
        add(r, "foda.missing", NULL, "error", "No se encontró el análisis FODA");
        return;
    }
    for (int q = 0; q < POA_QUADRANTS; q++) {
        if (r->foda[q]->len > 0)
            continue;
        char *code = g_strdup_printf("foda.%s.empty", model_quadrant_list_name(q));
        add(r, code, NULL, "error", "El análisis FODA no tiene %s",
            model_quadrant_list_name(q));
        g_free(code);
    }
}

/* ## Duplicate texts */

/* The text as compared for item.duplicate (g_free): case-folded, spaces
 * collapsed, final punctuation dropped. */
static char *text_key(const char *text)
{
    char *collapsed = util_collapse_space(text ? text : "");
    char *key = g_utf8_casefold(collapsed, -1);
    g_free(collapsed);
    size_t n = strlen(key);
    while (n > 0 && strchr(".;,: ", key[n - 1]))
        key[--n] = '\0';
    return key;
}

/* Report TEXT if SEEN already holds its key; WHAT names the list. */
static void check_duplicate_text(poa_report *r, GHashTable *seen, const char *text,
                                 const char *code, const char *what)
{
    char *key = text_key(text);
    if (*key == '\0') {
        g_free(key);
        return;
    }
    if (!g_hash_table_contains(seen, key)) {
        g_hash_table_add(seen, key);
        return;
    }
    char *ex = util_excerpt(text);
    add(r, "item.duplicate", code, "aviso", "Texto repetido en %s: «%s»", what, ex);
    g_free(ex);
    g_free(key);
}

static void check_foda_duplicates(poa_report *r)
{
    for (int q = 0; q < POA_QUADRANTS; q++) {
        GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        for (guint i = 0; i < r->foda[q]->len; i++) {
            const poa_item *item = g_ptr_array_index(r->foda[q], i);
            check_duplicate_text(r, seen, item->text, item->code,
                                 model_quadrant_list_name(q));
        }
        g_hash_table_destroy(seen);
    }
}

/* item.duplicate among the children of PARENT of one level. */
static void check_node_duplicates(poa_report *r, const poa_node *parent, const level *lv)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < parent->children->len; i++) {
        const poa_node *child = g_ptr_array_index(parent->children, i);
        if (child->kind == lv->kind)
            check_duplicate_text(r, seen, child->text, child->code, lv->many);
    }
    g_hash_table_destroy(seen);
}

/* ## Numbering */

/* Split CODE into the prefix before its trailing number and the number:
 * "1.5.8" -> "1.5.", 8; "OE3" -> "OE", 3.  False when CODE does not end
 * in a number of at most CHECK_MAX_NUMBER. */
static bool code_split(const char *code, char **prefix, long *number)
{
    if (!code)
        return false;
    size_t len = strlen(code), d = len;
    while (d > 0 && g_ascii_isdigit(code[d - 1]))
        d--;
    if (d == len || len - d > 5)
        return false;
    *number = strtol(code + d, NULL, 10);
    if (*number < 1 || *number > CHECK_MAX_NUMBER)
        return false;
    *prefix = g_strndup(code, d);
    return true;
}

/* One sequence: the numbers under one prefix, in document order. */
typedef struct sequence {
    char *prefix;
    GArray *numbers;   /* of long */
} sequence;

static void sequence_free(gpointer p)
{
    sequence *s = p;
    g_free(s->prefix);
    g_array_unref(s->numbers);
    g_free(s);
}

/* Report the holes 1..max of a run of numbers (COUNT[n] = occurrences),
 * one finding per contiguous hole. */
static void report_gaps(poa_report *r, const level *lv, const char *prefix,
                        const guint *count, long max)
{
    char code[32];
    g_snprintf(code, sizeof code, "%s.gap", lv->code);
    for (long n = 1; n <= max; n++) {
        if (count[n])
            continue;
        long last = n;
        while (last + 1 <= max && !count[last + 1])
            last++;
        char *ref = g_strdup_printf("%s%ld", prefix, n);
        if (last == n)
            add(r, code, ref, "error", "Falta %s %s", lv->one, ref);
        else
            add(r, code, ref, "error", "Faltan %s %s a %s%ld", lv->many, ref, prefix, last);
        g_free(ref);
        n = last;
    }
}

static void report_duplicates(poa_report *r, const level *lv, const char *prefix,
                              const guint *count, long max)
{
    char code[32];
    g_snprintf(code, sizeof code, "%s.duplicate", lv->code);
    for (long n = 1; n <= max; n++) {
        if (count[n] < 2)
            continue;
        char *ref = g_strdup_printf("%s%ld", prefix, n);
        add(r, code, ref, "error", "%s %s aparece %u veces", lv->One, ref, count[n]);
        g_free(ref);
    }
}

/* Check the numbers NUMS[from..to) of one run; numbers up to BASE were
 * another parent's (numbering that goes on from one eje to the next). */
static void check_run(poa_report *r, const level *lv, const char *prefix, const long *nums,
                      guint from, guint to, long base)
{
    long max = 0;
    for (guint i = from; i < to; i++)
        max = MAX(max, nums[i]);
    guint *count = g_new0(guint, max + 1);
    for (guint i = from; i < to; i++)
        count[nums[i]]++;
    for (long n = 1; n <= base && n <= max; n++)
        count[n] = MAX(count[n], 1u);
    report_gaps(r, lv, prefix, count, max);
    report_duplicates(r, lv, prefix, count, max);
    g_free(count);
}

/* Split a sequence into runs (a 1 after a higher number starts a run).
 * CARRIED is the highest number of the level and prefix under the parents
 * read before: a first run that starts above it goes on from it (eje I
 * holds objectives 1 and 2, eje II objective 3). */
static void check_sequence(poa_report *r, const level *lv, const sequence *s, long carried)
{
    const long *nums = (const long *)s->numbers->data;
    long base = nums[0] > carried ? carried : 0;
    guint start = 0;
    long run_max = 0;
    for (guint i = 0; i < s->numbers->len; i++) {
        if (nums[i] == 1 && run_max > 1) {
            check_run(r, lv, s->prefix, nums, start, i, base);
            start = i;
            run_max = 0;
            base = 0;
        }
        run_max = MAX(run_max, nums[i]);
    }
    check_run(r, lv, s->prefix, nums, start, s->numbers->len, base);
}

/* The highest number of LV and PREFIX under the parents read so far. */
static long carried_number(GHashTable *carry, const level *lv, const char *prefix, long update)
{
    char *key = g_strdup_printf("%s|%s", lv->code, prefix);
    long before = GPOINTER_TO_SIZE(g_hash_table_lookup(carry, key));
    if (update > before)
        g_hash_table_insert(carry, key, GSIZE_TO_POINTER((gsize)update));
    else
        g_free(key);
    return before;
}

/* Gaps and duplicates among the children of PARENT of one level; CARRY
 * keeps the highest numbers of the parents read before. */
static void check_numbering(poa_report *r, const poa_node *parent, const level *lv,
                            GHashTable *carry)
{
    GPtrArray *seqs = g_ptr_array_new_with_free_func(sequence_free);
    GHashTable *by_prefix = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < parent->children->len; i++) {
        const poa_node *child = g_ptr_array_index(parent->children, i);
        char *prefix;
        long n;
        if (child->kind != lv->kind || !code_split(child->code, &prefix, &n))
            continue;
        sequence *s = g_hash_table_lookup(by_prefix, prefix);
        if (!s) {
            s = g_new0(sequence, 1);
            s->prefix = prefix;
            s->numbers = g_array_new(FALSE, FALSE, sizeof(long));
            g_ptr_array_add(seqs, s);
            g_hash_table_insert(by_prefix, s->prefix, s);
        } else {
            g_free(prefix);
        }
        g_array_append_val(s->numbers, n);
    }
    for (guint i = 0; i < seqs->len; i++) {
        const sequence *seq = g_ptr_array_index(seqs, i);
        long max = 0;
        for (guint k = 0; k < seq->numbers->len; k++)
            max = MAX(max, g_array_index(seq->numbers, long, k));
        check_sequence(r, lv, seq, carried_number(carry, lv, seq->prefix, max));
    }
    g_hash_table_destroy(by_prefix);
    g_ptr_array_unref(seqs);
}

/* ## The plan tree */

/* CODE as compared across levels (g_free): the letters that open it and
 * their separator dropped, and zeros that lead a number, so objective
 * "OE1" or "OEI.01" is the "1" that line "1.2" or "AEI 01.02" names. */
static char *code_key(const char *code)
{
    const char *p = code;
    while (g_ascii_isalpha(*p))
        p++;
    if (p > code && (*p == '.' || *p == '-' || *p == ' '))
        p++;
    GString *out = g_string_new(NULL);
    for (bool at_number = true; *p; p++) {
        if (at_number && *p == '0' && g_ascii_isdigit(p[1]))
            continue;
        at_number = *p == '.';
        g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

/* What the walk over the tree counts and collects. */
typedef struct plan_facts {
    guint objetivos, lineas;
    GHashTable *parents;   /* code_key of every objective and strategy */
} plan_facts;

static void collect_facts(const poa_node *node, plan_facts *facts)
{
    if (node->kind == POA_NODE_OBJETIVO)
        facts->objetivos++;
    if (node->kind == POA_NODE_LINEA)
        facts->lineas++;
    if ((node->kind == POA_NODE_EJE || node->kind == POA_NODE_OBJETIVO ||
         node->kind == POA_NODE_ESTRATEGIA) && node->code)
        g_hash_table_add(facts->parents, code_key(node->code));
    for (guint i = 0; i < node->children->len; i++)
        collect_facts(g_ptr_array_index(node->children, i), facts);
}

static bool has_line(const poa_node *node)
{
    for (guint i = 0; i < node->children->len; i++) {
        const poa_node *child = g_ptr_array_index(node->children, i);
        if (child->kind == POA_NODE_LINEA || has_line(child))
            return true;
    }
    return false;
}

/* linea.orphan: LINE's code names an eje, objective or strategy ("3.2"
 * names "3") that is neither its parent nor anywhere in the plan.  A plan
 * of ejes and lines only ("Eje 3" → "3.2") has each line's parent. */
static void check_orphan(poa_report *r, const poa_node *line, const plan_facts *facts)
{
    const char *dot = line->code ? strrchr(line->code, '.') : NULL;
    if (!dot || dot == line->code)
        return;
    char *prefix = g_strndup(line->code, (gsize)(dot - line->code));
    char *key = code_key(prefix);
    if (!g_hash_table_contains(facts->parents, key))
        add(r, "linea.orphan", line->code, "error",
            "La línea de acción %s no pertenece a ningún eje, objetivo o estrategia: no existe %s",
            line->code, prefix);
    g_free(key);
    g_free(prefix);
}

/* objetivo.no_lines, naming the objective by its number and its text. */
static void report_no_lines(poa_report *r, const poa_node *node)
{
    GString *name = g_string_new("El objetivo");
    if (node->code)
        g_string_append_printf(name, " %s", node->code);
    if (!util_is_blank(node->text)) {
        char *ex = util_excerpt(node->text);
        g_string_append_printf(name, " «%s»", ex);
        g_free(ex);
    }
    add(r, "objetivo.no_lines", node->code, "error", "%s no tiene líneas de acción", name->str);
    g_string_free(name, TRUE);
}

/* Every check on NODE's children, then on its subtree. */
static void check_node(poa_report *r, const poa_node *node, const plan_facts *facts,
                       GHashTable *carry)
{
    if (node->kind == POA_NODE_LINEA) {
        check_orphan(r, node, facts);
        return;
    }
    if (node->kind == POA_NODE_OBJETIVO && facts->lineas > 0 && !has_line(node))
        report_no_lines(r, node);
    for (size_t l = 0; l < G_N_ELEMENTS(levels); l++) {
        check_numbering(r, node, &levels[l], carry);
        check_node_duplicates(r, node, &levels[l]);
    }
    for (guint i = 0; i < node->children->len; i++)
        check_node(r, g_ptr_array_index(node->children, i), facts, carry);
}

/* objetivos.missing when no objective exists; lineas.missing (once)
 * when the plan has no action line at all, instead of one
 * objetivo.no_lines per objective. */
static void check_plan(poa_report *r)
{
    plan_facts facts = { 0, 0, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) };
    collect_facts(r->plan, &facts);
    if (facts.objetivos == 0)
        add(r, "objetivos.missing", NULL, "error", "No se encontraron objetivos");
    if (facts.lineas == 0)
        add(r, "lineas.missing", NULL, "error",
            "El documento no tiene líneas de acción");
    GHashTable *carry = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    check_node(r, r->plan, &facts, carry);
    g_hash_table_destroy(carry);
    g_hash_table_destroy(facts.parents);
}

/* ## What was not read */

/* A scanned page among text pages: its content is unknown, so the report
 * cannot be called complete.  Numbered text placed nowhere is shown, not
 * judged: it may be a list that is not the plan. */
static void check_unread(poa_report *r)
{
    for (guint i = 0; i < r->pages_without_text->len; i++) {
        char *ref = g_strdup_printf("%d", g_array_index(r->pages_without_text, int, i));
        add(r, "pagina.sin_texto", ref, "error",
            "La página %s no tiene capa de texto (una imagen escaneada): su contenido no se leyó",
            ref);
        g_free(ref);
    }
    for (guint i = 0; i < r->unplaced->len; i++) {
        const poa_item *it = g_ptr_array_index(r->unplaced, i);
        char *words = util_excerpt(it->text);
        char *where = it->prov.page > 0 ? g_strdup_printf(" en la página %d", it->prov.page)
                                        : g_strdup("");
        add(r, "contenido.no_ubicado", it->code, "aviso",
            "Texto numerado sin ubicar%s: «%s%s%s»", where, it->code ? it->code : "",
            it->code ? " " : "", words);
        g_free(where);
        g_free(words);
    }
    if (r->source.windows1252)
        add(r, "texto.codificacion", NULL, "aviso",
            "El texto no estaba en UTF-8: se leyó como Windows-1252 (Latin-1); revise sus "
            "acentos");
    if (r->lines_over_limit) {
        char *words = util_excerpt(r->line_over_limit ? r->line_over_limit : "");
        add(r, "regla.limite", NULL, "aviso",
            "%zu línea(s) agotaron el límite de coincidencia de una regla y pueden haberse "
            "leído mal; la última: «%s»", r->lines_over_limit, words);
        g_free(words);
    }
}

void check_report(poa_report *report)
{
    g_ptr_array_set_size(report->findings, 0);
    check_unread(report);
    check_metadata(report);
    check_sections(report);
    check_foda_duplicates(report);
    check_plan(report);
}
