/* fuzz_rules.c - libFuzzer entry: bytes as a rule file (docs/rules.md).
 * A file that loads is used at once on a small report, so that what it
 * compiled also runs (PCRE2's match and depth limits included). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "poa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char report[] =
    "Programa Anual de Trabajo 2024\nMisión\nServir.\nVisión\nSer.\nFortalezas\n"
    "- Personal capacitado.\nObjetivos estratégicos\nOE1. Mejorar.\n"
    "Línea de acción 1.1. Hacer.\naaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    poa_error err = POA_ERROR_INIT;
    poa_rules *rules = poa_rules_load_buffer((const char *)data, size, "fuzz.rules", &err);
    if (!rules)
        return 0;
    poa_options opts = POA_OPTIONS_INIT;
    opts.now = 0;
    opts.rules = rules;
    poa_report_free(poa_convert_buffer(report, strlen(report), "fuzz.txt", &opts, &err));
    poa_rules_free(rules);
    return 0;
}
