/* batch.h - poa2xml batch: whole archives converted in parallel, each file
 * in a child process forked from a warm parent, resumable, summarised in
 * OUT_DIR/resumen.csv and OUT_DIR/resumen.jsonl (docs/poa2xml.1). */
#ifndef POA_BATCH_H
#define POA_BATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "poa.h"

/* Exit status of a batch some of whose files could not be converted
 * (the summary says which and why), and of one stopped by a signal. */
#define POA_BATCH_FAILURES 14
#define POA_BATCH_INTERRUPTED 130

typedef struct batch_options {
    const char *out_dir;     /* required */
    const char *manifest;    /* a file of paths, one a line ("-": standard input), or NULL */
    int jobs;                /* workers at once; 0: the machine's cores */
    int timeout_s;           /* a file's time limit, seconds */
    long memory_mb;          /* a worker's address-space limit, MiB */
    int shard_k, shard_n;    /* take share K of N (1-based); N 0: all */
    bool resume;             /* skip files whose output records the same SHA-256 */
    bool quiet;              /* no progress */
    bool progress_bar;       /* a terminal: one line redrawn; else a line per file */
    const char *password;
    const poa_rules *rules;  /* borrowed; NULL: the default rules */
} batch_options;

#define BATCH_OPTIONS_INIT { NULL, NULL, 0, 300, 2048, 0, 0, false, false, false, NULL, NULL }

/** Convert INPUTS[0..n) (files and folders, recursively) and the paths of
 *  O->manifest into O->out_dir, mirroring the input tree; progress and
 *  messages go to ERR.  Returns the run's exit status: POA_OK when every
 *  file is complete, POA_INCOMPLETE when some are incomplete and none
 *  failed, POA_BATCH_FAILURES when some failed, POA_BATCH_INTERRUPTED on
 *  SIGINT/SIGTERM, POA_E_USAGE / POA_E_OUTPUT / POA_E_UNREADABLE for a bad
 *  run. */
int batch_run(char **inputs, int n, const batch_options *o, FILE *err);

#endif /* POA_BATCH_H */
