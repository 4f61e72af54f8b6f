/* cli.h - the command line as a function, so tests can run it in-process
 * (as libxml2's xmllintMain does). */
#ifndef POA_CLI_H
#define POA_CLI_H

#include <stdio.h>

/** Run `poa2xml ARGV...`; writes results to OUT and messages to ERR and
 *  returns the exit status (a poa_status value, docs/poa2xml.1). */
int poa_cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif /* POA_CLI_H */
