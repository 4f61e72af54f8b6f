#!/bin/sh
# bounded.sh POA2XML - work that grows with its input, not with its square
# (issue 22): each input is converted at two sizes, four times apart, and
# the time may grow at most eight times (quadratic work grows sixteen);
# an ASCII paragraph past libxml2's 10 MB text-node guard converts.
# Run from the repository root (tests/run.sh does).  Ends with the line
# "N passed, N failed" and exits non-zero when a check failed.
set -u
NAME=bounded
. tests/shlib/common.sh

# seconds FILE: the wall time of converting FILE (exit 0 or 1 expected).
seconds() {
    start=$(date +%s.%N)
    timeout 120 "$BIN" convert "$1" -o "$tmp/out.xml" 2>/dev/null
    rc=$?
    end=$(date +%s.%N)
    [ "$rc" -le 1 ] || echo "exit $rc" >&2
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

# grows NAME SMALL LARGE: the time of LARGE (4x SMALL) at most 8x SMALL's
# (plus a tenth of a second for start-up and noise).
grows() {
    ts=$(seconds "$2")
    tl=$(seconds "$3")
    if awk -v s="$ts" -v l="$tl" 'BEGIN { exit !(l <= 8 * s + 0.1) }'; then
        pass "$1: ${ts} s, 4x the input ${tl} s"
    else
        fail "$1" "${ts} s, 4x the input ${tl} s (quadratic?)"
    fi
}

# UNITS N: N copies of the accented sentence, on one line.
line_of() {
    awk -v n="$1" 'BEGIN { printf "Misión\n"; for (i = 0; i < n; i++) printf "La misión de la institución es servir con acentos áéíóú y ñ. "; printf "\n" }'
}
line_of 10000 >"$tmp/line1.txt"
line_of 40000 >"$tmp/line4.txt"
grows "one long line of accented text" "$tmp/line1.txt" "$tmp/line4.txt"

lines_of() {
    awk -v n="$1" 'BEGIN { printf "Misión\n"; for (i = 0; i < n; i++) printf "una línea corta de la misión\n" }'
}
lines_of 25000 >"$tmp/lines1.txt"
lines_of 100000 >"$tmp/lines4.txt"
grows "many short lines of one paragraph" "$tmp/lines1.txt" "$tmp/lines4.txt"

# every line a sentence: in text without blank lines, each one a new
# paragraph of the same mission
sentences_of() {
    awk -v n="$1" 'BEGIN { printf "Misión\n"; for (i = 0; i < n; i++) printf "La misión de la institución es servir a la ciudadanía.\n" }'
}
sentences_of 2000 >"$tmp/sent1.txt"
sentences_of 8000 >"$tmp/sent4.txt"
grows "many one-sentence paragraphs of a mission" "$tmp/sent1.txt" "$tmp/sent4.txt"

# one ASCII paragraph of 11 MB: past libxml2's guard on a text node
awk 'BEGIN { printf "Mision\n"; for (i = 0; i < 260000; i++) printf "the mission of the institution is to serve "; printf "\n" }' >"$tmp/huge.txt"
timeout 120 "$BIN" convert "$tmp/huge.txt" -o "$tmp/huge.xml" 2>"$tmp/err"
rc=$?
if [ "$rc" -le 1 ] && [ ! -s "$tmp/err.libxml" ] && ! grep -q "huge text node" "$tmp/err" &&
    xmllint --huge --noout "$tmp/huge.xml" 2>/dev/null; then
    pass "an 11 MB paragraph converts (exit $rc), nothing printed by libxml2"
else
    fail "an 11 MB paragraph" "exit $rc: $(head -c 200 "$tmp/err")"
fi

# a damaged PDF (stream lengths lost): poppler repairs it and reports
# through GLib's log at info level.  Unasked, nothing is printed but our
# own line; asked (G_MESSAGES_DEBUG), the notes go to standard error and
# the XML written to standard output stays whole.
LC_ALL=C sed 's,/Length,/Lxngth,g' samples/layout_two_columns.pdf >"$tmp/damaged.pdf"
"$BIN" convert "$tmp/damaged.pdf" -o "$tmp/damaged.xml" 2>"$tmp/err"
rc=$?
G_MESSAGES_DEBUG=all "$BIN" convert "$tmp/damaged.pdf" -o - >"$tmp/stdout.xml" 2>"$tmp/debug"
if [ "$rc" -le 1 ] && ! grep -v "^poa2xml: " "$tmp/err" | grep -q . &&
    grep -q "^Poppler" "$tmp/debug" && xmllint --noout "$tmp/stdout.xml" 2>/dev/null; then
    pass "a damaged PDF converts (exit $rc), poppler's notes never on standard output"
else
    fail "a damaged PDF" "exit $rc: $(head -c 200 "$tmp/err") $(head -c 200 "$tmp/stdout.xml")"
fi

finish
