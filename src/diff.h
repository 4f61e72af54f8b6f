/* diff.h - what changed between two reports of one body (an archivist
 * comparing quarters): plan elements added, removed, renumbered or
 * reworded, FODA items added, removed or reworded, and the identity's
 * facts changed.  Elements are matched by kind and code first, then by the
 * similarity of their words.
 */
#ifndef POA_DIFF_H
#define POA_DIFF_H

#include <glib.h>
#include <stdbool.h>

#include "model.h"

typedef enum diff_change {
    DIFF_ADDED,      /* agregado: only in the new report */
    DIFF_REMOVED,    /* eliminado: only in the old one */
    DIFF_RENUMBERED, /* renumerado: the same element under another code */
    DIFF_REWORDED,   /* redactado: the same element (code) in other words */
    DIFF_CHANGED,    /* cambiado: a fact of the identity (ejercicio 2024 -> 2025) */
} diff_change;

/** One change.  WHAT is an element's name in the XML ("objetivo",
 *  "lineaAccion", "fortaleza") or a fact's ("ejercicio", "mision"). */
typedef struct diff_entry {
    diff_change change;
    const char *what;
    char *old_code, *new_code; /* owned; NULL when none */
    char *old_text, *new_text; /* owned; NULL on the side it is missing from */
    double similarity;         /* of the words, 0..1; 1 when equal */
} diff_entry;

/** The changes from OLD to NEW, in the order of the new report (removed
 *  ones where they stood): a GArray of diff_entry, freed with
 *  g_array_unref (its clear function frees the entries). */
GArray *diff_reports(const poa_report *old, const poa_report *new);

/** Spanish name of a change, as the outputs print it ("agregado"). */
const char *diff_change_name(diff_change change);

/** How alike the words of A and B are: Dice's coefficient over their
 *  folded words (case and accents aside), 0..1. */
double diff_similarity(const char *a, const char *b);

/** The changes as text (one line per change, the texts on the lines
 *  under it, a count last), as JSON (json-glib) or as an HTML page
 *  (schemas/diferencias.xsl); OLD_NAME and NEW_NAME name the two files.
 *  Caller frees (g_free); NULL with ERR set when a page cannot be made. */
char *diff_to_text(const GArray *changes);
char *diff_to_json(const GArray *changes, const char *old_name, const char *new_name);
char *diff_to_html(const GArray *changes, const char *old_name, const char *new_name,
                   poa_error *err);

#endif /* POA_DIFF_H */
