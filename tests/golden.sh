#!/bin/sh
# golden.sh POA2XML - every sample converts to the XML stored beside it
# (samples/NAME.xml): a regression guard over whole documents, boxes and
# findings included.  The stored XML was checked against the hand-written
# oracle (samples/NAME.expect, tests/test_e2e.c) when it was made with
# `make golden`; after an intended change, run `make golden` and review
# `git diff samples/*.xml`.
BIN=${1:-build/poa2xml}
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for want in samples/*.xml; do
    name=${want%.xml}
    input=$name.pdf
    [ -f "$input" ] || input=$name.txt
    if [ ! -f "$input" ]; then
        echo "FAIL $want: no sample $name.pdf or $name.txt"
        failed=$((failed + 1))
        continue
    fi
    SOURCE_DATE_EPOCH=0 "$BIN" convert "$input" > "$tmp/got.xml" 2>/dev/null
    rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "FAIL $input: convert exited $rc"
        failed=$((failed + 1))
    elif cmp -s "$want" "$tmp/got.xml"; then
        passed=$((passed + 1))
    else
        echo "FAIL $input: output differs from $want (run 'make golden' if intended)"
        diff "$want" "$tmp/got.xml" | head -n 10
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
