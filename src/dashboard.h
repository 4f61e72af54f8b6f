/* dashboard.h - a batch's summary as the page an archivist opens first,
 * OUT_DIR/index.html: one row per file, sortable and filterable, and
 * charts of completeness by year and by body and of the findings raised.
 */
#ifndef POA_DASHBOARD_H
#define POA_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "poa.h"

/** One file of the batch: its summary row (a resumen.jsonl line) and the
 *  paths of its XML and its page relative to the output folder (NULL when
 *  not written). */
typedef struct dashboard_row {
    const char *json;
    const char *xml, *html;
} dashboard_row;

/** Write the dashboard of ROWS[0..N) to PATH atomically.  Returns 0, or
 *  negative with ERR set (POA_E_OUTPUT, POA_E_INTERNAL). */
int dashboard_write(const char *path, const dashboard_row *rows, size_t n, poa_error *err);

#endif /* POA_DASHBOARD_H */
