/* emit.h - the model as XML, written with libxml2's writer only. */
#ifndef POA_EMIT_H
#define POA_EMIT_H

#include <libxml/tree.h>

#include "model.h"

/** Build the XML document of REPORT.  Caller frees with xmlFreeDoc.
 *  Returns NULL with ERR set (POA_E_INTERNAL) on failure. */
xmlDocPtr emit_document(const poa_report *report, poa_error *err);

#endif /* POA_EMIT_H */
