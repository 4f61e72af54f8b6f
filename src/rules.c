/* rules.c - load rule files, compile their PCRE2 patterns once, match lines.
 *
 * Owns the compiled patterns (poa_rules) and the match data (rule_matcher).
 * The only file that includes <pcre2.h>: PCRE2's errors are translated
 * here into "FILE:LINE:COL: message".
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <glib.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "resources.h"
#include "util.h"

typedef struct rule {
    rule_kind kind;
    pcre2_code *code;
    int line;
    char *pattern;           /* expanded; kept to build the combined pattern */
    uint32_t marker;         /* its group in poa_rules.all, 0 when not there */
    gsize jitted;            /* g_once: run alone once, so compiled to machine
                              * code (rule_jit_once) */
} rule;

struct poa_rules {
    GArray *rules;           /* of rule */
    uint32_t max_groups;     /* largest capture count, for the match data */
    /* Every rule that can be, as one pattern that tells which of them
     * match a line (see build_combined); NULL when none can. */
    pcre2_code *all;
    pcre2_code *any_split;   /* see build_any_split; NULL when none */
    bool with_jit;           /* rules run alone get machine code (rule_jit_once) */
    /* The rules of each kind, in file order: indices into RULES (asking
     * for one kind walks its own few rules, not all of them). */
    GArray *of_kind[RK_COUNT];
};

struct rule_matcher {
    const poa_rules *rules;
    pcre2_match_data *md;    /* scratch: every answer is copied out as a rule_match */
    int last_rc;             /* pcre2_match's answer for the last run: groups + 1 */
    pcre2_match_context *limits; /* match and depth limits on every match */
    GString *limited;        /* the last text a rule could not finish on */
    size_t n_limited;        /* texts a rule could not finish on */
    pcre2_match_data *all_md; /* the answer of rules->all for all_text */
    char *all_text;
    int all_rc;
};

static const char *const rule_kind_names[RK_COUNT] = {
    [RK_NONE] = "none",
    [RK_MISION] = "mision", [RK_VISION] = "vision", [RK_FODA] = "foda",
    [RK_FORTALEZAS] = "fortalezas", [RK_DEBILIDADES] = "debilidades",
    [RK_OPORTUNIDADES] = "oportunidades", [RK_AMENAZAS] = "amenazas",
    [RK_EJES] = "ejes", [RK_OBJETIVOS] = "objetivos", [RK_ESTRATEGIAS] = "estrategias",
    [RK_LINEAS] = "lineas", [RK_END] = "end",
    [RK_EJE] = "eje", [RK_OBJETIVO] = "objetivo", [RK_ESTRATEGIA] = "estrategia",
    [RK_LINEA] = "linea", [RK_CODE] = "code", [RK_ITEM] = "item",
    [RK_INSTITUCION] = "meta.institucion", [RK_FUNDAMENTO] = "meta.fundamento",
    [RK_OBLIGACION] = "meta.obligacion", [RK_TRIMESTRE] = "meta.trimestre",
    [RK_PERIODO] = "meta.periodo", [RK_FECHA] = "meta.fecha",
    [RK_FECHA_LUGAR] = "meta.fecha_lugar", [RK_APROBACION] = "meta.aprobacion",
    [RK_FECHA_ACTUALIZACION] = "meta.fecha_actualizacion",
    [RK_FECHA_VALIDACION] = "meta.fecha_validacion", [RK_EJERCICIO] = "meta.ejercicio",
    [RK_PERIODO_ACTUALIZACION] = "meta.periodo_actualizacion", [RK_NOTA] = "meta.nota",
    [RK_AREA] = "meta.area", [RK_PERIODO_INICIO] = "meta.periodo_inicio",
    [RK_PERIODO_FIN] = "meta.periodo_fin",
    [RK_MISION_TEXT] = "mision.texto", [RK_VISION_TEXT] = "vision.texto",
    [RK_SKIP] = "skip", [RK_SPLIT] = "split", [RK_PROSE] = "meta.prosa",
    [RK_TITLE] = "meta.titulo",
    [RK_MARK] = "marca", [RK_MARK_END] = "marca.cierre", [RK_LEVEL_EJE] = "nivel.eje", [RK_LEVEL_OBJETIVO] = "nivel.objetivo",
    [RK_LEVEL_ESTRATEGIA] = "nivel.estrategia", [RK_LEVEL_LINEA] = "nivel.linea",
    [RK_JOIN_WORD] = "titulo.union", [RK_JOIN_START] = "titulo.continua",
    [RK_SIDE_FODA] = "columna.foda",
    [RK_SIDE_PLAN] = "columna.plan", [RK_GOVERNMENT] = "institucion.gobierno",
    [RK_FOLIO] = "folio", [RK_COLUMN_EJE] = "columna.eje",
    [RK_COLUMN_OBJETIVO] = "columna.objetivo",
};

const char *rules_kind_name(rule_kind kind)
{
    return kind < RK_COUNT && rule_kind_names[kind] ? rule_kind_names[kind] : "?";
}

static rule_kind kind_from_name(const char *name)
{
    for (int k = RK_NONE + 1; k < RK_COUNT; k++)
        if (rule_kind_names[k] && strcmp(rule_kind_names[k], name) == 0)
            return (rule_kind)k;
    return RK_NONE;
}

void poa_rules_free(poa_rules *rules)
{
    if (!rules)
        return;
    for (guint i = 0; i < rules->rules->len; i++) {
        pcre2_code_free(g_array_index(rules->rules, rule, i).code);
        g_free(g_array_index(rules->rules, rule, i).pattern);
    }
    g_array_unref(rules->rules);
    for (int k = 0; k < RK_COUNT; k++)
        if (rules->of_kind[k])
            g_array_unref(rules->of_kind[k]);
    pcre2_code_free(rules->all);
    pcre2_code_free(rules->any_split);
    g_free(rules);
}

/* The longest a rule's pattern may grow to once its {NAME}s are replaced:
 * definitions that double one another reach gigabytes in thirty lines. */
#define PATTERN_MAX (256 * 1024)

/* Replace {NAME} by the pattern defined with "define NAME ..." (once per
 * reference; definitions may use earlier definitions).  NULL when the
 * result would pass PATTERN_MAX bytes (nothing that large is built). */
static char *expand_defines(const char *pattern, GHashTable *defines)
{
    GString *out = g_string_new(NULL);
    for (const char *p = pattern; *p;) {
        if (out->len > PATTERN_MAX) {
            g_string_free(out, TRUE);
            return NULL;
        }
        const char *close = NULL;
        if (*p == '{' && g_ascii_isalpha(p[1]))
            close = strchr(p, '}');
        if (close) {
            char *name = g_strndup(p + 1, (gsize)(close - p - 1));
            const char *value = g_hash_table_lookup(defines, name);
            g_free(name);
            if (value && out->len + strlen(value) > PATTERN_MAX) {
                g_string_free(out, TRUE);
                return NULL;
            }
            if (value) {
                g_string_append(out, value);
                p = close + 1;
                continue;
            }
        }
        g_string_append_c(out, *p++);
    }
    return g_string_free(out, FALSE);
}

#define RULE_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS)

/* Bounds on one match (PCRE2's defaults, ten million steps, let a rule
 * like "^(a+)+$" spend a quarter of a second a line): far above what any
 * rule of a sane file needs on a line. */
#define RULE_MATCH_LIMIT 200000
#define RULE_DEPTH_LIMIT 10000

/* JIT is optional: without it PCRE2 interprets.  POA_NO_JIT=1 turns it
 * off for valgrind, which cannot follow JIT code's word-sized reads past
 * the end of the subject (make leakcheck sets it).  Compiling costs as
 * much as interpreting the rules over some eight pages: short documents
 * are read with rules loaded WITH_JIT false. */
static bool jit(pcre2_code *re, bool with_jit)
{
    return with_jit && !getenv("POA_NO_JIT") && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
}

/* Compile one pattern; on error fill ERR with FILE:LINE:COL. */
static pcre2_code *compile_pattern(const char *pattern, const char *file, int line, int col,
                                   poa_error *err)
{
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, RULE_OPTIONS,
                                   &code, &offset, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        poa_fail(err, POA_E_RULES, "%s:%d:%d: %s", file, line, col + (int)offset, (char *)msg);
        return NULL;
    }
    return re;
}

/* Split "WORD REST" at the first run of blanks; returns REST or NULL. */
static char *split_word(char *s)
{
    char *p = s;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    if (!*p)
        return NULL;
    *p++ = '\0';
    while (*p == ' ' || *p == '\t')
        p++;
    return *p ? p : NULL;
}

/* Handle "define NAME PATTERN". */
static int parse_define(char *rest, GHashTable *defines, const char *file, int line,
                        poa_error *err)
{
    char *value = rest ? split_word(rest) : NULL;
    if (!value)
        return poa_fail(err, POA_E_RULES, "%s:%d: define needs a name and a pattern", file, line);
    char *expanded = expand_defines(value, defines);
    if (!expanded)
        return poa_fail(err, POA_E_RULES, "%s:%d: define %s grows past %d KiB once expanded",
                        file, line, rest, PATTERN_MAX / 1024);
    g_hash_table_insert(defines, g_strdup(rest), expanded);
    return 0;
}

/* Parse and compile one non-blank, non-comment line. */
static int parse_rule_line(poa_rules *rules, char *text, GHashTable *defines,
                           const char *file, int line, poa_error *err)
{
    char *pattern = split_word(text);
    if (strcmp(text, "define") == 0)
        return parse_define(pattern, defines, file, line, err);
    rule_kind kind = kind_from_name(text);
    if (kind == RK_NONE)
        return poa_fail(err, POA_E_RULES, "%s:%d: unknown kind '%s'", file, line, text);
    if (!pattern)
        return poa_fail(err, POA_E_RULES, "%s:%d: kind '%s' has no pattern", file, line, text);
    char *expanded = expand_defines(pattern, defines);
    if (!expanded)
        return poa_fail(err, POA_E_RULES, "%s:%d: the pattern grows past %d KiB once expanded",
                        file, line, PATTERN_MAX / 1024);
    int col = (int)(pattern - text) + 1;
    rule r = { kind, compile_pattern(expanded, file, line, col, err), line, expanded, 0, 0 };
    if (!r.code) {
        g_free(expanded);
        return -POA_E_RULES;
    }
    uint32_t groups = 0;
    pcre2_pattern_info(r.code, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups > rules->max_groups)
        rules->max_groups = groups;
    g_array_append_val(rules->rules, r);
    return 0;
}

/* Do rules of KIND classify lines?  Split points and facts in prose are
 * only asked for. */
static bool classifies(rule_kind kind)
{
    return kind != RK_SPLIT && kind != RK_PROSE && kind != RK_TITLE && kind < RK_MARK;
}

/* Can rule R sit inside a larger pattern with the same meaning?  Not
 * when it refers to groups by number or name (their numbers shift and
 * names repeat there), quotes to its end (\Q), may comment to its end
 * (x option) or starts with a verb that must open a pattern.  Such rules
 * are matched alone. */
static bool joinable(const rule *r)
{
    uint32_t backrefs = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_BACKREFMAX, &backrefs);
    if (backrefs || g_str_has_prefix(r->pattern, "(*"))
        return false;
    static const char *const refs[] = { "\\Q", "\\g", "(?(", "(?R", "(?&", "(?P>", "(?+" };
    for (size_t i = 0; i < G_N_ELEMENTS(refs); i++)
        if (strstr(r->pattern, refs[i]))
            return false;
    for (const char *q = strstr(r->pattern, "(?"); q; q = strstr(q + 2, "(?")) {
        const char *o = q + 2 + (q[2] == '-');
        if (g_ascii_isdigit(*o))
            return false; /* (?1), (?-1): a call by number */
        while (g_ascii_isalpha(*o) || *o == '^' || *o == '-')
            if (*o++ == 'x')
                return false;
    }
    return true;
}

/* Does rule R join the combined pattern of the classifying rules? */
static bool combinable(const rule *r)
{
    return classifies(r->kind) && joinable(r);
}

/* PATTERN (freed) compiled with OPTIONS and JIT-compiled; NULL when it
 * is empty, does not compile, or cannot be JIT-compiled (a joined pattern
 * is worth it only as machine code). */
static pcre2_code *compile_joined(GString *pattern, uint32_t options, bool with_jit)
{
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code *re = NULL;
    if (pattern->len)
        re = pcre2_compile((PCRE2_SPTR)pattern->str, pattern->len, options, &code, &offset, NULL);
    g_string_free(pattern, TRUE);
    if (re && !jit(re, with_jit)) {
        pcre2_code_free(re);
        re = NULL;
    }
    return re;
}

/* One pattern matching wherever any split rule matches (their
 * alternation): most lines hold no split point, and one scan of them
 * answers for all the split rules.  NULL when a split rule cannot join
 * it, or without JIT. */
static pcre2_code *build_any_split(GArray *rules, bool with_jit)
{
    GString *any = g_string_new(NULL);
    bool all_join = true;
    for (guint i = 0; i < rules->len && all_join; i++) {
        const rule *r = &g_array_index(rules, rule, i);
        if (r->kind != RK_SPLIT)
            continue;
        all_join = joinable(r);
        g_string_append_printf(any, "%s(?:%s)", any->len ? "|" : "", r->pattern);
    }
    if (!all_join)
        g_string_truncate(any, 0);
    return compile_joined(any, RULE_OPTIONS | PCRE2_DUPNAMES, with_jit);
}

/* One anchored pattern telling, in one match, which rules match a line:
 * for each combinable rule, (?:(?=PATTERN)()|) sets an empty marker group
 * when the rule matches at the start (or anywhere, for a rule without ^)
 * and matches nothing otherwise.  Running sixty patterns one by one costs
 * more in calls than in matching.  Returns NULL when no rule can join,
 * the combination does not compile, or there is no JIT: PCRE2's
 * interpreter copies every capture group at each backtracking point, so
 * there the combination is slower than the rules alone, which are then
 * all matched alone. */
static pcre2_code *build_combined(GArray *rules, bool with_jit)
{
    GString *all = g_string_new(NULL);
    uint32_t group = 0;
    for (guint i = 0; i < rules->len; i++) {
        rule *r = &g_array_index(rules, rule, i);
        r->marker = 0;
        if (!combinable(r))
            continue;
        uint32_t options = 0, groups = 0;
        pcre2_pattern_info(r->code, PCRE2_INFO_ALLOPTIONS, &options);
        pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &groups);
        g_string_append_printf(all, (options & PCRE2_ANCHORED) ? "(?:(?=%s)()|)"
                                                               : "(?:(?=[\\s\\S]*?(?:%s))()|)",
                               r->pattern);
        group += groups + 1;
        r->marker = group;
    }
    pcre2_code *re = compile_joined(all, RULE_OPTIONS | PCRE2_DUPNAMES | PCRE2_ANCHORED, with_jit);
    for (guint i = 0; !re && i < rules->len; i++)
        g_array_index(rules, rule, i).marker = 0;
    return re;
}

/* JIT-compile rule R of RULES the first time it is run alone on a line,
 * when it is outside the combined pattern.  A rule inside it runs alone
 * only when it is the one that matched, to read its groups: the
 * interpreter does that well enough, and compiling sixty patterns costs
 * more than a short report takes.  A kind a document never asks for (a
 * plan's level words, a table's column headings) costs no machine code.
 * Once per rule, whichever thread comes first (the default rules are
 * shared); nothing else of a rule changes after loading. */
static void rule_jit_once(const poa_rules *rules, const rule *r)
{
    gsize *jitted = &((rule *)r)->jitted;
    if (r->marker || !g_once_init_enter(jitted))
        return;
    jit(r->code, rules->with_jit);
    g_once_init_leave(jitted, 1);
}

/* Fill RULES->of_kind from its rules. */
static void index_kinds(poa_rules *rules)
{
    for (int k = 0; k < RK_COUNT; k++)
        rules->of_kind[k] = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < rules->rules->len; i++) {
        rule_kind k = g_array_index(rules->rules, rule, i).kind;
        g_array_append_val(rules->of_kind[k], i);
    }
}

/* poa_rules_load_buffer, the patterns compiled to machine code only
 * WITH_JIT. */
static poa_rules *load_rules(const char *text, size_t len, const char *name, bool with_jit,
                             poa_error *err)
{
    if (!g_utf8_validate(text, (gssize)len, NULL)) {
        poa_fail(err, POA_E_RULES, "%s: rule file is not UTF-8 text", name);
        return NULL;
    }
    poa_rules *rules = g_new0(poa_rules, 1);
    rules->rules = g_array_new(FALSE, FALSE, sizeof(rule));
    GHashTable *defines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *copy = g_strndup(text, len);
    char **lines = g_strsplit(copy, "\n", -1);
    int rc = 0;
    for (int i = 0; lines[i] && rc == 0; i++) {
        char *l = g_strstrip(lines[i]);
        if (*l && *l != '#')
            rc = parse_rule_line(rules, l, defines, name, i + 1, err);
    }
    g_strfreev(lines);
    g_free(copy);
    g_hash_table_unref(defines);
    if (rc == 0 && rules->rules->len == 0)
        rc = poa_fail(err, POA_E_RULES, "%s: no rules", name);
    if (rc == 0) {
        rules->all = build_combined(rules->rules, with_jit);
        rules->any_split = build_any_split(rules->rules, with_jit);
        rules->with_jit = with_jit;
        index_kinds(rules);
    }
    if (rc != 0) {
        poa_rules_free(rules);
        return NULL;
    }
    return rules;
}

poa_rules *poa_rules_load_buffer(const char *text, size_t len, const char *name, poa_error *err)
{
    return load_rules(text, len, name, true, err);
}

poa_rules *poa_rules_load(const char *path, poa_error *err)
{
    char *data = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    if (!g_file_get_contents(path, &data, &len, &gerr)) {
        poa_fail(err, POA_E_RULES, "%s: cannot read rule file: %s", path, gerr->message);
        g_error_free(gerr);
        return NULL;
    }
    poa_rules *rules = poa_rules_load_buffer(data, len, path, err);
    g_free(data);
    return rules;
}

poa_rules *poa_rules_default(poa_error *err)
{
    return poa_rules_load_buffer((const char *)poa_res_default_rules,
                                 (size_t)poa_res_default_rules_len, "default.rules", err);
}

rule_matcher *rules_matcher_new(const poa_rules *rules)
{
    rule_matcher *m = g_new0(rule_matcher, 1);
    m->rules = rules;
    m->md = pcre2_match_data_create(rules->max_groups + 1, NULL);
    m->limited = g_string_new(NULL);
    m->limits = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(m->limits, RULE_MATCH_LIMIT);
    pcre2_set_depth_limit(m->limits, RULE_DEPTH_LIMIT);
    if (rules->all)
        m->all_md = pcre2_match_data_create_from_pattern(rules->all, NULL);
    return m;
}

void rules_matcher_free(rule_matcher *m)
{
    if (!m)
        return;
    pcre2_match_data_free(m->md);
    pcre2_match_data_free(m->all_md);
    g_free(m->all_text);
    g_string_free(m->limited, TRUE);
    pcre2_match_context_free(m->limits);
    g_free(m);
}

/* Did a rule give up on TEXT already (its match limit)?  Then no rule runs
 * on it again: a line that makes one rule backtrack for long is not tried
 * rule after rule. */
static bool given_up(const rule_matcher *m, const char *text)
{
    return m->limited->len && strcmp(m->limited->str, text) == 0;
}

/* Note that a match on TEXT ended with RC: a limit reached is remembered. */
static void note_limit(rule_matcher *m, const char *text, int rc)
{
    if (rc != PCRE2_ERROR_MATCHLIMIT && rc != PCRE2_ERROR_DEPTHLIMIT &&
        rc != PCRE2_ERROR_JIT_STACKLIMIT)
        return;
    if (!given_up(m, text))
        m->n_limited++;
    g_string_assign(m->limited, text);
}

/* Run one rule; NOMATCH is an answer, other negative codes are treated as
 * no match too (a pathological line must not abort a batch). */
static bool rule_run(rule_matcher *m, const rule *r, const char *text, size_t start)
{
    if (given_up(m, text))
        return false;
    rule_jit_once(m->rules, r);
    int rc = pcre2_match(r->code, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, start, 0, m->md,
                         m->limits);
    note_limit(m, text, rc);
    m->last_rc = rc;
    return rc >= 0;
}

size_t rules_limited_count(const rule_matcher *m)
{
    return m->n_limited;
}

const char *rules_limited_last(const rule_matcher *m)
{
    return m->n_limited ? m->limited->str : NULL;
}

/* Copy the answer of rule R, just run on TEXT, into OUT (when the caller
 * asked for one: a yes-or-no question copies nothing). */
static void match_keep(const rule_matcher *m, const rule *r, const char *text, rule_match *out)
{
    if (!out)
        return;
    out->kind = r->kind;
    out->rule = r;
    out->subject = g_strdup(text);
    /* pcre2_match answers 0 when the match data is too small: never here,
     * it is sized for the largest rule */
    out->n_groups = m->last_rc > 0 ? (unsigned)m->last_rc : 1;
    out->spans = g_new(size_t, 2 * out->n_groups);
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    for (unsigned i = 0; i < 2 * out->n_groups; i++)
        out->spans[i] = ov[i] == PCRE2_UNSET ? SIZE_MAX : ov[i];
}

/* The longest text whose combined answer is kept by its copy: a line of
 * megabytes (a paragraph on one line) is asked about again instead of
 * being copied. */
#define MATCH_MEMO_MAX_BYTES (64 * 1024)

/* Run the combined pattern on TEXT, once per text: the answer is kept
 * for the next questions about the same text. */
static void match_all(rule_matcher *m, const char *text)
{
    if (!m->rules->all || (m->all_text && strcmp(m->all_text, text) == 0))
        return;
    g_free(m->all_text);
    m->all_text = strlen(text) <= MATCH_MEMO_MAX_BYTES ? g_strdup(text) : NULL;
    m->all_rc = pcre2_match(m->rules->all, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0, 0,
                            m->all_md, m->limits);
}

/* May rule R match the text match_all ran on?  False only when the
 * combined pattern says it does not. */
static bool may_match(const rule_matcher *m, const rule *r)
{
    if (!r->marker)
        return true;
    if (m->all_rc < 0)
        return m->all_rc != PCRE2_ERROR_NOMATCH; /* a limit hit: ask the rule */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->all_md);
    return r->marker < (uint32_t)m->all_rc && ov[2 * r->marker] != PCRE2_UNSET;
}

/* The first rule of kind KIND (any but split when RK_NONE) matching TEXT,
 * its answer copied into OUT (when not NULL). */
static const rule *first_match(rule_matcher *m, rule_kind kind, const char *text,
                               rule_match *out)
{
    rule_match_clear(out);
    if (kind == RK_NONE || classifies(kind)) /* the others are never in the combined pattern */
        match_all(m, text);
    const GArray *all = m->rules->rules, *own = m->rules->of_kind[kind];
    guint n = kind == RK_NONE ? all->len : own->len;
    for (guint i = 0; i < n; i++) {
        const rule *r = &g_array_index(all, rule, kind == RK_NONE ? i : g_array_index(own, guint, i));
        if ((kind != RK_NONE || classifies(r->kind)) && may_match(m, r) && rule_run(m, r, text, 0)) {
            match_keep(m, r, text, out);
            return r;
        }
    }
    return NULL;
}

rule_kind rules_kind_of(rule_matcher *m, const char *text)
{
    match_all(m, text);
    for (guint i = 0; i < m->rules->rules->len; i++) {
        const rule *r = &g_array_index(m->rules->rules, rule, i);
        if (!classifies(r->kind) || !may_match(m, r))
            continue;
        /* the combined pattern's answer is exact (unless it hit a limit):
         * only a rule outside it runs */
        if ((r->marker && m->all_rc >= 0) || rule_run(m, r, text, 0))
            return r->kind;
    }
    return RK_NONE;
}

rule_kind rules_classify(rule_matcher *m, const char *text, rule_match *out)
{
    const rule *r = first_match(m, RK_NONE, text, out);
    return r ? r->kind : RK_NONE;
}

bool rules_match_kind(rule_matcher *m, rule_kind kind, const char *text, rule_match *out)
{
    if (kind == RK_NONE) {
        rule_match_clear(out);
        return false;
    }
    return first_match(m, kind, text, out) != NULL;
}

bool rules_match_kind_nth(rule_matcher *m, rule_kind kind, const char *text, size_t nth,
                          rule_match *out)
{
    rule_match_clear(out);
    if (classifies(kind))
        match_all(m, text);
    const GArray *own = m->rules->of_kind[kind];
    for (guint i = 0; i < own->len && kind != RK_NONE; i++) {
        const rule *r = &g_array_index(m->rules->rules, rule, g_array_index(own, guint, i));
        if (may_match(m, r) && rule_run(m, r, text, 0) && nth-- == 0) {
            match_keep(m, r, text, out);
            return true;
        }
    }
    return false;
}

/* ---- matches as values ---- */

void rule_match_clear(rule_match *match)
{
    if (!match)
        return;
    g_free(match->subject);
    g_free(match->spans);
    g_strfreev(match->made);
    *match = (rule_match)RULE_MATCH_INIT;
}

void rule_match_make(rule_match *out, rule_kind kind, const char *const *groups)
{
    rule_match_clear(out);
    out->kind = kind;
    GPtrArray *made = g_ptr_array_new();
    for (size_t i = 0; groups && groups[i]; i += 2)
        if (groups[i + 1]) { /* a NULL value: the group took no part */
            g_ptr_array_add(made, g_strdup(groups[i]));
            g_ptr_array_add(made, g_strdup(groups[i + 1]));
        }
    g_ptr_array_add(made, NULL);
    out->made = (char **)g_ptr_array_free(made, FALSE);
}

char *rule_match_group(const rule_match *match, const char *name)
{
    if (!match)
        return NULL;
    for (char **g = match->made; g && g[0]; g += 2)
        if (strcmp(g[0], name) == 0)
            return g_strdup(g[1]);
    if (!match->rule)
        return NULL;
    int n = pcre2_substring_number_from_name(match->rule->code, (PCRE2_SPTR)name);
    if (n < 0 || (unsigned)n >= match->n_groups || match->spans[2 * n] == SIZE_MAX)
        return NULL;
    size_t from = match->spans[2 * n], to = match->spans[2 * n + 1];
    return g_strndup(match->subject + from, to - from);
}

bool rule_match_has(const rule_match *match, const char *name)
{
    char *value = rule_match_group(match, name);
    bool set = value != NULL;
    g_free(value);
    return set;
}

size_t rules_split_points(rule_matcher *m, const char *text, size_t *points, size_t max)
{
    size_t n = 0;
    if (m->rules->any_split && pcre2_match(m->rules->any_split, (PCRE2_SPTR)text,
                                           PCRE2_ZERO_TERMINATED, 0, 0, m->md,
                                           m->limits) == PCRE2_ERROR_NOMATCH)
        return 0; /* no split rule matches anywhere */
    const GArray *own = m->rules->of_kind[RK_SPLIT];
    for (guint i = 0; i < own->len; i++) {
        const rule *r = &g_array_index(m->rules->rules, rule, g_array_index(own, guint, i));
        size_t start = 0;
        while (n < max && rule_run(m, r, text, start)) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
            if (ov[0] > 0)
                points[n++] = ov[0];
            if (!text[ov[0]])
                break; /* an empty match at the end: nothing is left to cut */
            start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
            while (text[start] && (text[start] & 0xC0) == 0x80)
                start++; /* never resume inside a UTF-8 sequence */
            if (!text[start])
                break;
        }
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: n is tiny */
        for (size_t j = i; j > 0 && points[j - 1] > points[j]; j--) {
            size_t t = points[j];
            points[j] = points[j - 1];
            points[j - 1] = t;
        }
    return n;
}

/* The compiled default rule set lives for the whole process: compiling it
 * once is what makes per-file conversion in a batch worker cheap. */
/* What compile_default_once compiles, and where it reports. */
typedef struct default_job {
    bool with_jit;
    poa_error err;
} default_job;

static gpointer compile_default_once(gpointer data)
{
    default_job *job = data;
    return load_rules((const char *)poa_res_default_rules, (size_t)poa_res_default_rules_len,
                      "default.rules", job->with_jit, &job->err);
}

const poa_rules *rules_default_shared(bool with_jit, poa_error *err)
{
    static GOnce once[2] = { G_ONCE_INIT, G_ONCE_INIT };
    static default_job jobs[2] = { { false, POA_ERROR_INIT }, { true, POA_ERROR_INIT } };
    const poa_rules *rules = g_once(&once[with_jit], compile_default_once, &jobs[with_jit]);
    if (!rules && err)
        *err = jobs[with_jit].err;
    return rules;
}