/* main.c - the poa2xml command: a client of libpoa (see cli.c). */
#include <glib.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

int main(int argc, char **argv)
{
    /* poppler-glib reports what it repaired in a damaged PDF through
     * GLib's log at info level, which GLib writes to standard output when
     * G_MESSAGES_DEBUG asks for it: there it would land inside the XML of
     * "-o -".  The process owns its streams, so the choice is made here. */
    g_log_writer_default_set_use_stderr(TRUE);
#ifdef __GLIBC__
    /* glibc maps a large block of its own and gives it back when freed,
     * but raises that threshold to the size of each one freed: after the
     * first paragraph of megabytes, the next ones (a paragraph as it
     * grows, the validator's copy of it) come from the heap, where what
     * is freed stays resident.  A fixed threshold keeps peak memory that
     * of what is live (issue 22: 3.0 bytes a byte of text became 2.0). */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
    return poa_cli_main(argc, argv, stdout, stderr);
}
