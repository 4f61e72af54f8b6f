/* text_tables.h - a plan printed as a table without rules in plain text,
 * read cell by cell. */
#ifndef POA_TEXT_TABLES_H
#define POA_TEXT_TABLES_H

#include <stddef.h>

#include "rules.h"

/** TEXT (UTF-8, *LEN bytes, g_malloc'd, taken) with each table of the plan
 *  printed without rules, as `pdftotext -layout` prints one, rewritten
 *  cell by cell: under a header row whose columns name two levels of the
 *  plan or more (M's `nivel.*` rules: "Objetivo estratégico   Estrategia
 *  Línea de acción   Unidad responsable"), each cell's lines, then a blank
 *  line, in the order the cells start (row by row, left to right, so a
 *  merged parent comes before its children).  Returns TEXT itself when
 *  there is no such table (no copy), else a new string (g_free), TEXT
 *  freed and *LEN its length. */
char *text_tables_unroll(char *text, size_t *len, rule_matcher *m);

#endif /* POA_TEXT_TABLES_H */
