/* emit.h - the model as XML, written with libxml2's writer only. */
#ifndef POA_EMIT_H
#define POA_EMIT_H

#include <stddef.h>

#include "model.h"

/** The XML text of REPORT (not validated), NUL-terminated, its length in
 *  *LEN.  Written straight to memory: no document tree is built, so a
 *  long report costs its text only.  Caller frees with free(3).  Returns
 *  NULL with ERR set (POA_E_INTERNAL) on failure. */
char *emit_xml(const poa_report *report, size_t *len, poa_error *err);

#endif /* POA_EMIT_H */
