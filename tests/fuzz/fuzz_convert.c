/* fuzz_convert.c - libFuzzer entry: bytes as an input file (PDF or text,
 * detected by content, as `poa2xml convert` reads them), converted with
 * the default rules and written as XML.  Run with the text seeds and with
 * the PDF seeds (tools/fuzz.sh); any crash, leak, sanitizer report or
 * time-out is a finding. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "poa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    poa_options opts = POA_OPTIONS_INIT;
    opts.now = 0;
    poa_error err = POA_ERROR_INIT;
    poa_report *r = poa_convert_buffer((const char *)data, size, "fuzz", &opts, &err);
    if (r) {
        char *xml = NULL;
        size_t len = 0;
        if (poa_report_to_xml(r, &xml, &len, &err) == 0)
            free(xml);
        poa_report_free(r);
    }
    return 0;
}
