#!/bin/sh
# fuzz_regressions.sh POA2XML - every input of tests/fuzz/regressions run
# through the command line as its fuzzer would feed it: no crash, no
# sanitizer report, no time-out, a documented exit status (never 70).
# Run from the repository root (tests/run.sh does).
set -u
NAME=fuzz_regressions
. tests/shlib/common.sh
DIR=tests/fuzz/regressions
REPORT=tests/data/findings/regla.limite.txt   # has a line for a backtracking rule

# ran NAME: judge the last run (status in $rc, stderr in $tmp/err).
ran() {
    if [ "$rc" -ge 70 ] || [ "$rc" -eq 124 ]; then
        fail "$1" "exit $rc"
    elif grep -q "Sanitizer\|runtime error:" "$tmp/err"; then
        fail "$1" "$(grep -m1 "Sanitizer\|runtime error:" "$tmp/err")"
    else
        pass "$1 (exit $rc)"
    fi
}

for f in "$DIR"/convert/*; do
    timeout 60 "$BIN" convert "$f" -o "$tmp/out.xml" 2>"$tmp/err"
    rc=$?
    ran "convert $(basename "$f")"
done
for f in "$DIR"/rules/*; do
    timeout 60 "$BIN" convert "$REPORT" -r "$f" -o "$tmp/out.xml" 2>"$tmp/err"
    rc=$?
    ran "rules $(basename "$f")"
done
for f in "$DIR"/validate/*; do
    timeout 60 "$BIN" validate "$f" >/dev/null 2>"$tmp/err"
    rc=$?
    ran "validate $(basename "$f")"
done
finish
