/* read_xml.h - a programaTrabajo tree read back into the model. */
#ifndef POA_READ_XML_H
#define POA_READ_XML_H

#include <libxml/tree.h>

#include "model.h"

/** The report DOC (a programaTrabajo that satisfies the schema) holds, or
 *  NULL with ERR set when its root is another element.  The caller frees
 *  it with poa_report_free. */
poa_report *read_xml_report(xmlDocPtr doc, poa_error *err);

#endif /* POA_READ_XML_H */
