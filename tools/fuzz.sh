#!/bin/sh
# fuzz.sh BUILD SECONDS - run each libFuzzer harness of BUILD/fuzz for
# SECONDS, from a seed corpus (the samples, the findings samples, the
# rules, the stored XML) and the regression inputs, with its dictionary.
# The corpus grows in BUILD/fuzz/corpus/NAME across runs; a crash, leak,
# time-out (20 s an input) or memory blow-up (2 GiB) is kept in
# BUILD/fuzz/crashes and fails the run.  Copy what it finds, once fixed,
# to tests/fuzz/regressions (see its README).
set -u
BUILD=$1
SECONDS_EACH=${2:-60}
F=$BUILD/fuzz
R=tests/fuzz/regressions
mkdir -p "$F/crashes"
status=0
# One-time allocations of the libraries below us (fontconfig, the GLib type
# system) are not leaks of ours: the suppressions the tests use.
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"

# run NAME HARNESS DICT SEED...: one fuzzer run from NAME's corpus.
run() {
    name=$1 harness=$2 dict=$3
    shift 3
    corpus=$F/corpus/$name
    mkdir -p "$corpus"
    for seed in "$@"; do [ -f "$seed" ] && cp "$seed" "$corpus/"; done
    echo "fuzz: $name, $SECONDS_EACH s"
    if ! "$F/$harness" "$corpus" -dict="tests/fuzz/$dict" -max_total_time="$SECONDS_EACH" \
        -timeout=20 -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
        -artifact_prefix="$F/crashes/$name-" >"$F/$name.log" 2>&1; then
        echo "fuzz: $name FOUND A FAILURE; see $F/$name.log and $F/crashes/" >&2
        tail -n 30 "$F/$name.log" >&2
        status=1
    else
        sed -n 's/^stat::number_of_executed_units: */  runs: /p' "$F/$name.log"
    fi
}

run text fuzz_convert convert_text.dict samples/*.txt tests/data/findings/*.txt "$R"/convert/*.txt \
    tests/data/blind_plans/*_web.txt tests/data/plans_holdout2/*.html tests/data/plans_holdout2/*.txt
run pdf fuzz_convert convert_pdf.dict samples/*.pdf "$R"/convert/*.pdf
run textless fuzz_textless convert_pdf.dict samples/*.pdf "$R"/convert/*.pdf
run rules fuzz_rules rules.dict schemas/rules/default.rules "$R"/rules/*
run validate fuzz_validate validate.dict samples/*.xml "$R"/validate/*
exit $status
