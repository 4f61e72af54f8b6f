/* fuzz_validate.c - libFuzzer entry: bytes as a foreign XML document, as
 * `poa2xml validate` takes one: parsed as untrusted, checked against the
 * schema, read back into a report. */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "poa.h"
#include "read_xml.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    poa_error err = POA_ERROR_INIT;
    xmlDocPtr doc = validate_parse_untrusted((const char *)data, size, "fuzz.xml", &err);
    if (!doc)
        return 0;
    GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
    if (validate_document(doc, VALIDATE_PROGRAMA, errors, &err) == 0)
        poa_report_free(read_xml_report(doc, &err));
    g_ptr_array_unref(errors);
    xmlFreeDoc(doc);
    return 0;
}
