/* main.c - the poa2xml command: a client of libpoa (see cli.c). */
#include <stdio.h>

#include "cli.h"

int main(int argc, char **argv)
{
    return poa_cli_main(argc, argv, stdout, stderr);
}
