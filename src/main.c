/* main.c - the poa2xml command: a client of libpoa (see cli.c). */
#include <glib.h>
#include <stdio.h>

#include "cli.h"

int main(int argc, char **argv)
{
    /* poppler-glib reports what it repaired in a damaged PDF through
     * GLib's log at info level, which GLib writes to standard output when
     * G_MESSAGES_DEBUG asks for it: there it would land inside the XML of
     * "-o -".  The process owns its streams, so the choice is made here. */
    g_log_writer_default_set_use_stderr(TRUE);
    return poa_cli_main(argc, argv, stdout, stderr);
}
