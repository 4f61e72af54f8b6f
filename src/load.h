/* load.h - any file a command reads (XML, PDF, text), as a report. */
#ifndef POA_LOAD_H
#define POA_LOAD_H

#include <glib.h>

#include "model.h"

/** The report of the file at PATH ("-": standard input): XML read safely,
 *  checked against the schema (its errors into ERRORS) and read back; a PDF
 *  or text converted with OPTS, and the XML it would give checked the same
 *  way.  Caller frees; NULL with ERR set, named with PATH. */
poa_report *load_report(const char *path, const poa_options *opts, GPtrArray *errors,
                        poa_error *err);

#endif /* POA_LOAD_H */
