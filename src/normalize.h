/* normalize.h - the text as the rules read it (NFC, ligatures spelt out)
 * and text repair: joining wrapped lines, hyphens at line ends, lost
 * spaces, doubled punctuation.  Works on UTF-8 in NFC. */
#ifndef POA_NORMALIZE_H
#define POA_NORMALIZE_H

#include <glib.h>

/** Valid UTF-8 as the rules read it: NFC, the Latin ligatures of fonts
 *  ("ﬁ", "ﬂ", U+FB00..U+FB06) spelt out, and soft hyphens inside a word
 *  dropped (one ending the text stays: it marks a word cut at a line's
 *  end).  Returns a new string (g_free). */
char *normalize_text(const char *text, gssize len);

/** Words seen in the document, the evidence for hyphen decisions.  Owned
 *  by the caller: normalize_evidence_new / normalize_evidence_free. */
typedef struct normalize_evidence normalize_evidence;

normalize_evidence *normalize_evidence_new(void);
void normalize_evidence_free(normalize_evidence *ev);

/** Record the word forms of one line: "político-electorales" seen inside a
 *  line says the compound keeps its hyphen; "organización" says a break
 *  "organiza-" + "ción" is a syllable break. */
void normalize_evidence_note(normalize_evidence *ev, const char *line);

/** Append the next wrapped line LINE to ACC: with one space, or without
 *  the hyphen when ACC ends in a syllable break ("organiza-" + "ción"), or
 *  keeping it for compounds ("político-" + "electorales", "COVID-" + "19").
 *  EV may be NULL. */
void normalize_join(GString *acc, const char *line, const normalize_evidence *ev);

/** As normalize_join, taking *LINE (g_malloc'd): when ACC holds nothing
 *  yet, the line becomes ACC's buffer and *LINE is set to NULL (a line of
 *  megabytes is not copied once more); otherwise *LINE is left to the
 *  caller. */
void normalize_join_take(GString *acc, char **line, const normalize_evidence *ev);

/** Final repair of an item's text: collapse white space, drop leading
 *  label punctuation (". . Innovar" -> "Innovar"), doubled punctuation
 *  ("cuentas.." -> "cuentas."), restore a space lost after a sentence
 *  ("información.Es" -> "información. Es").  Returns a new string (g_free). */
char *normalize_finish(const char *text);

/** normalize_finish of TEXT (g_malloc'd), which it takes: a paragraph of
 *  megabytes is repaired without a copy of it besides the result. */
char *normalize_finish_take(char *text);

/** True when TEXT (trimmed) ends a sentence: . ; : ! ? */
gboolean normalize_ends_sentence(const char *text);

/** normalize_ends_sentence of TEXT[0..N): for a paragraph kept in a GString,
 *  so that asking after each line costs nothing of its length. */
gboolean normalize_ends_sentence_len(const char *text, size_t n);

/** True when the first letter of TEXT is lowercase. */
gboolean normalize_starts_lower(const char *text);

/** True when TEXT has at least two letters and none of them is lowercase. */
gboolean normalize_is_caps(const char *text);

#endif /* POA_NORMALIZE_H */
