#!/bin/sh
# cli.sh POA2XML - the command line from the outside, in the style of jq's
# tests/shtest: every exit status of poa_status triggered by a real input,
# with its one-line message; atomic -o; reproducible output; validate in its
# three formats and in a batch; text; a user's own rule file; and every
# "$ poa2xml" example of README.md and docs/poa2xml.1.
# Run from the repository root (tests/run.sh does).  Ends with the line
# "N passed, N failed" and exits non-zero when a check failed.
set -u
case "${1:-}" in
'') echo "usage: sh tests/cli.sh BUILD/poa2xml" >&2; exit 2 ;;
/*) BIN=$1 ;;
*) BIN=$(pwd)/$1 ;;
esac
ROOT=$(pwd)
SEED=samples/iecm_programa_trabajo_2024_t3.txt
SEED_PDF=samples/seed_form.pdf
XSD=schemas/programa-trabajo.xsd
tmp=$(mktemp -d "${TMPDIR:-/tmp}/poa2xml-cli.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
skipped=0
LIMIT=${POA_TEST_TIMEOUT:-120}   # a hang is a failure, not a stuck suite

pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() {
    failed=$((failed + 1))
    echo "FAIL $1: $2"
    if [ -s "$tmp/err" ]; then sed -n '1,5s/^/     stderr: /p' "$tmp/err"; fi
}
skip() { skipped=$((skipped + 1)); echo "skip $1: $2"; }

# run CMD...: run under a time limit; status in $rc, output in $tmp/out and $tmp/err.
run() {
    timeout "$LIMIT" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# one_line_error NAME CODE FILE CAUSE: the last run exited CODE with one
# stderr line "poa2xml: FILE: ..." that mentions CAUSE (a grep -i pattern).
one_line_error() {
    if [ "$rc" -ne "$2" ]; then fail "$1" "exit $rc, expected $2"; return 1; fi
    lines=$(wc -l <"$tmp/err")
    if [ "$lines" -ne 1 ]; then fail "$1" "stderr has $lines lines, expected 1"; return 1; fi
    case $(cat "$tmp/err") in
    "poa2xml: "$3": "*) ;; # FILE may hold a glob (":2:[0-9]*")
    *) fail "$1" "stderr does not start with 'poa2xml: $3: '"; return 1 ;;
    esac
    if ! grep -qi -e "$4" "$tmp/err"; then fail "$1" "stderr does not name the cause /$4/"; return 1; fi
    return 0
}

# convert_fails NAME CODE CAUSE INPUT [OPTIONS...]: convert -o into an empty
# directory fails with CODE, one line naming INPUT and CAUSE, and no file.
convert_fails() {
    name=$1 code=$2 cause=$3 input=$4
    shift 4
    rm -rf "$tmp/o"
    mkdir "$tmp/o"
    run "$BIN" convert "$input" -o "$tmp/o/out.xml" "$@"
    one_line_error "$name" "$code" "$input" "$cause" || return 0
    if [ -n "$(ls -A "$tmp/o")" ]; then
        fail "$name" "a file was left behind: $(ls -A "$tmp/o" | tr '\n' ' ')"
        return 0
    fi
    pass "$name"
}

# usage_fails NAME ARGS...: exit 2, the short usage on stderr, nothing on stdout.
usage_fails() {
    name=$1
    shift
    run "$BIN" "$@"
    if [ "$rc" -ne 2 ]; then fail "$name" "exit $rc, expected 2"; return; fi
    if ! grep -q '^usage: poa2xml convert' "$tmp/err"; then fail "$name" "no usage on stderr"; return; fi
    if [ -s "$tmp/out" ]; then fail "$name" "stdout is not empty"; return; fi
    pass "$name"
}

# count PATTERN FILE: number of lines of FILE holding PATTERN (0 if none).
count() { grep -c -e "$1" "$2" 2>/dev/null || true; }

# make_scan_pdf SRC.pdf OUT.pdf: page 1 of SRC as a scanner gives it, alone:
# no text layer (tools/scan-page.sh).
make_scan_pdf() {
    sh tools/scan-page.sh "$1" 1 "$2" --alone
}

[ -x "$BIN" ] || { echo "cli.sh: $BIN: not an executable" >&2; echo "0 passed, 1 failed"; exit 1; }

# ---- exit 2: usage --------------------------------------------------------
usage_fails "usage: no command"
usage_fails "usage: unknown command" frobnicate "$SEED"
usage_fails "usage: unknown option" convert --no-such-option "$SEED"
usage_fails "usage: missing input" convert
usage_fails "usage: option without its value" convert "$SEED" -o
usage_fails "usage: bad --format" validate --format yaml "$SEED"

run "$BIN" --help
if [ "$rc" -eq 0 ] && grep -q '^Exit status:' "$tmp/out" && [ ! -s "$tmp/err" ]; then
    pass "--help on stdout, exit 0"
else
    fail "--help on stdout, exit 0" "exit $rc"
fi
# an option the command does not use is refused, not ignored
usage_fails "usage: validate does not take -o" validate -o "$tmp/v.xml" "$SEED"
usage_fails "usage: convert does not take --format" convert --format json "$SEED"
usage_fails "usage: text does not take --rules" text --rules /missing "$SEED"
usage_fails "usage: convert -f swallows no file name" convert -f "$SEED"
usage_fails "usage: help of an unknown command" help nope
if [ -f "$tmp/v.xml" ]; then fail "validate -o wrote nothing" "$tmp/v.xml exists"; fi

# each command's own help: "help CMD" and "CMD --help" print the same
run "$BIN" help convert
cp "$tmp/out" "$tmp/help1"
run "$BIN" convert --help
if [ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$tmp/help1" &&
    grep -q '^usage: poa2xml convert INPUT' "$tmp/out" && grep -q -- '--rules FILE' "$tmp/out" &&
    ! grep -q -- '--jobs' "$tmp/out" && [ ! -s "$tmp/err" ]; then
    pass "help convert = convert --help: its usage and its options only, exit 0"
else
    fail "help convert = convert --help" "exit $rc"
fi

run "$BIN" --version
if [ "$rc" -eq 0 ] && grep -q '^poa2xml [0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*$' "$tmp/out"; then
    pass "--version"
else
    fail "--version" "exit $rc, output '$(cat "$tmp/out")'"
fi

# ---- "-" is standard input, as for pdftotext and xmllint ------------------
FINDINGS_DIR_FOR_STDIN=tests/data/findings
run sh -c '"$1" convert - -o "$2" <"$3"' sh "$BIN" "$tmp/stdin.xml" "$SEED_PDF"
run2=$rc
run "$BIN" convert "$SEED_PDF" -o "$tmp/file.xml"
if [ "$run2" -eq "$rc" ] && grep -q 'archivo="(standard input)"' "$tmp/stdin.xml" &&
    [ "$(grep -c '<fortaleza' "$tmp/stdin.xml")" = "$(grep -c '<fortaleza' "$tmp/file.xml")" ] &&
    [ "$(grep -c '<lineaAccion' "$tmp/stdin.xml")" = "$(grep -c '<lineaAccion' "$tmp/file.xml")" ]; then
    pass "convert - reads a PDF from standard input: the same report as from the file"
else
    fail "convert - reads a PDF from standard input" "exit $run2 and $rc"
fi
run sh -c '"$1" text - <"$2"' sh "$BIN" "$SEED"
cp "$tmp/out" "$tmp/text-stdin"
run "$BIN" text "$SEED"
if [ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$tmp/text-stdin"; then
    pass "text - reads standard input"
else
    fail "text - reads standard input" "exit $rc"
fi
run sh -c '"$1" validate - <"$2"' sh "$BIN" "$FINDINGS_DIR_FOR_STDIN/linea.gap.txt"
if [ "$rc" -eq 1 ] && grep -q '^-: error: linea.gap 1.3: ' "$tmp/out"; then
    pass "validate - converts text from standard input and checks it"
else
    fail "validate - converts text from standard input" "exit $rc"
fi
run sh -c '"$1" validate - <"$2"' sh "$BIN" "$tmp/stdin.xml"
if [ "$rc" -eq 0 ] && grep -q '^-: complete' "$tmp/out"; then
    pass "validate - reads XML from standard input"
else
    fail "validate - reads XML from standard input" "exit $rc"
fi
run sh -c ': | "$1" convert -' sh "$BIN"
one_line_error "4 empty standard input" 4 "(standard input)" "empty" && pass "4 empty standard input"

# a stream of 400 MB that is not text is refused from its first 64 KiB,
# not read whole first
run sh -c 'head -c 400000000 /dev/zero | /usr/bin/time -f "%M" -o "$2" "$1" convert -' sh "$BIN" "$tmp/peak"
peak=$(tail -n 1 "$tmp/peak")
if [ "$rc" -eq 5 ] && [ "${peak:-999999}" -lt 102400 ]; then
    pass "5 400 MB of zeros on standard input: refused at once (peak ${peak} KB)"
else
    fail "5 400 MB of zeros on standard input" "exit $rc, peak ${peak:-?} KB"
fi

# ---- validate: one message per cause, JSON Lines, order-free exit status ---
touch "$tmp/empty.txt"
run "$BIN" validate "$tmp/nope.txt"
if grep -q "cannot read: no such file" "$tmp/out" && grep -q "^poa2xml: $tmp/nope.txt: cannot read: no such file\$" "$tmp/err"; then
    pass "validate and convert give one message for a missing file"
else
    fail "validate and convert give one message for a missing file" "$(cat "$tmp/out")"
fi
run "$BIN" validate "$tmp/empty.txt" "$tmp/nope.txt"
rc1=$rc
run "$BIN" validate "$tmp/nope.txt" "$tmp/empty.txt"
if [ "$rc1" -eq 3 ] && [ "$rc" -eq 3 ]; then
    pass "validate of several unreadable files: the exit status does not depend on their order"
else
    fail "validate of several unreadable files: order-free exit status" "exit $rc1 and $rc"
fi
run "$BIN" validate --format jsonl "$SEED" "$tmp/nope.txt"
if [ "$(wc -l <"$tmp/out")" -eq 2 ] && grep -q '^{"file":".*","status":"complete"' "$tmp/out" &&
    grep -q '"status":"unreadable","exit":3' "$tmp/out"; then
    pass "validate --format jsonl: one JSON object a line, one line a file"
else
    fail "validate --format jsonl" "$(head -c 300 "$tmp/out")"
fi

# ---- exit 12: the output would replace the input ---------------------------
cp "$SEED" "$tmp/self.txt"
ln "$tmp/self.txt" "$tmp/self-link.xml"
run "$BIN" convert "$tmp/self.txt" -o "$tmp/self-link.xml"
if [ "$rc" -eq 12 ] && cmp -s "$SEED" "$tmp/self.txt" && grep -q "not replacing it" "$tmp/err"; then
    pass "12 -o naming the input (a hard link): refused, the input intact"
else
    fail "12 -o naming the input (a hard link)" "exit $rc"
fi
run "$BIN" convert "$tmp/self.txt" -o "$tmp/../$(basename "$tmp")/self.txt"
if [ "$rc" -eq 12 ] && cmp -s "$SEED" "$tmp/self.txt"; then
    pass "12 -o naming the input by another path: refused"
else
    fail "12 -o naming the input by another path" "exit $rc"
fi

# ---- exit 3: unreadable ---------------------------------------------------
convert_fails "3 missing file" 3 "no such file" "$tmp/does-not-exist.txt"
mkdir "$tmp/adir"
convert_fails "3 a directory" 3 "directory" "$tmp/adir"
cp "$SEED" "$tmp/locked.txt"
chmod 000 "$tmp/locked.txt"
if [ "$(id -u)" != 0 ]; then
    convert_fails "3 unreadable file (chmod 000)" 3 "permission" "$tmp/locked.txt"
elif command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$BIN" 2>/dev/null; then
    # root reads any file: run this one case as nobody instead.
    chmod 755 "$tmp"
    run setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN" convert "$tmp/locked.txt"
    one_line_error "3 unreadable file (chmod 000, run as nobody)" 3 "$tmp/locked.txt" "permission" &&
        pass "3 unreadable file (chmod 000, run as nobody)"
    chmod 700 "$tmp"
else
    skip "3 unreadable file (chmod 000)" "running as root, where every read succeeds"
fi

# ---- exit 4, 5: empty, not text ------------------------------------------
: >"$tmp/empty.txt"
convert_fails "4 empty file" 4 "empty" "$tmp/empty.txt"
printf '\377\376\000\001binary\200\201\202\000\377' >"$tmp/binary.bin"
head -c 4096 "$SEED_PDF" | tail -c 1024 >>"$tmp/binary.bin"
convert_fails "5 binary, not UTF-8" 5 "neither.*PDF.*UTF-8\|not UTF-8" "$tmp/binary.bin"

# ---- exit 6, 7, 8: PDFs that cannot be read -------------------------------
head -c 3000 "$SEED_PDF" >"$tmp/truncated.pdf"
convert_fails "6 truncated PDF" 6 "corrupt\|truncated\|damaged" "$tmp/truncated.pdf"
{ printf '%%PDF-1.7\n'; head -c 5000 /dev/urandom | tr -d '%'; } >"$tmp/corrupt.pdf"
convert_fails "6 corrupt PDF" 6 "corrupt\|truncated\|damaged" "$tmp/corrupt.pdf"
# a sample with 2 KB zeroed by a fuzzer: poppler's text and boxes disagree on page 1
convert_fails "6 damaged page, text and boxes disagree" 6 "text layer.*boxes\|boxes disagree" \
    tests/data/damaged/text_boxes_disagree.pdf

if qpdf --encrypt user owner 256 -- "$SEED_PDF" "$tmp/enc.pdf" 2>/dev/null; then
    convert_fails "7 encrypted PDF, no password" 7 "password" "$tmp/enc.pdf"
    convert_fails "7 encrypted PDF, wrong password" 7 "password" "$tmp/enc.pdf" --password wrong
    run "$BIN" convert "$tmp/enc.pdf" --password user -o "$tmp/enc.xml"
    if [ "$rc" -le 1 ] && xmllint --noout --schema "$XSD" "$tmp/enc.xml" 2>/dev/null; then
        pass "encrypted PDF, right password: valid XML"
    else
        fail "encrypted PDF, right password: valid XML" "exit $rc"
    fi
else
    fail "7 encrypted PDF" "qpdf could not encrypt $SEED_PDF"
fi

if make_scan_pdf "$SEED_PDF" "$tmp/scan.pdf" && [ "$(pdftotext "$tmp/scan.pdf" - | tr -d ' \n\f')" = "" ]; then
    convert_fails "8 PDF without a text layer" 8 "text layer\|OCR" "$tmp/scan.pdf"
    run "$BIN" text "$tmp/scan.pdf"
    one_line_error "8 text: PDF without a text layer" 8 "$tmp/scan.pdf" "text layer\|OCR" &&
        pass "8 text: PDF without a text layer"
else
    fail "8 PDF without a text layer" "could not make an image-only PDF"
fi

# ---- exit 9: text without structure --------------------------------------
printf 'Querida familia:\nLes escribo desde la playa; el clima es estupendo.\nSaludos.\n' >"$tmp/letter.txt"
convert_fails "9 text with no structure" 9 "structure" "$tmp/letter.txt"

# ---- exit 11: rule files -------------------------------------------------
# rules_fail NAME CAUSE RULES [SUFFIX]: convert --rules RULES -o fails with 11,
# one line "poa2xml: RULES:SUFFIX..." naming CAUSE, and writes nothing.
rules_fail() {
    rm -rf "$tmp/o"
    mkdir "$tmp/o"
    run "$BIN" convert "$SEED" --rules "$3" -o "$tmp/o/out.xml"
    one_line_error "$1" 11 "$3${4:-}" "$2" || return 0
    [ -z "$(ls -A "$tmp/o")" ] && pass "$1" || fail "$1" "a file was left behind"
}
printf '# a comment\n\nbogus ^x$\n' >"$tmp/unknown-kind.rules"
rules_fail "11 rule file: unknown kind, as FILE:LINE" "unknown kind 'bogus'" "$tmp/unknown-kind.rules" ":3"
printf 'define x (?<text>\nitem ^{x}$\nfortalezas ^(foo$\n' >"$tmp/bad-pattern.rules"
rules_fail "11 rule file: bad pattern, as FILE:LINE:COL" "parenthes" "$tmp/bad-pattern.rules" ":2:[0-9]*"
printf 'define onlyaname\n' >"$tmp/bad-define.rules"
rules_fail "11 rule file: define without a pattern" "define" "$tmp/bad-define.rules" ":1"
printf '# nothing but comments\n\n' >"$tmp/no-rules.rules"
rules_fail "11 rule file: no rules" "no rules" "$tmp/no-rules.rules"
rules_fail "11 rule file missing" "cannot read\|no such" "$tmp/no-such.rules"

# ---- exit 12: output not written ------------------------------------------
if [ -w /dev/full ]; then
    timeout "$LIMIT" "$BIN" convert "$SEED" >/dev/full 2>"$tmp/err"
    rc=$?
    one_line_error "12 convert > /dev/full" 12 "standard output" "space\|writ" &&
        pass "12 convert > /dev/full"
    timeout "$LIMIT" "$BIN" validate "$SEED" >/dev/full 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 12 ] && pass "12 validate > /dev/full" || fail "12 validate > /dev/full" "exit $rc"
    timeout "$LIMIT" "$BIN" validate --format xml "$SEED" >/dev/full 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq 12 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^poa2xml: .*space" "$tmp/err"; then
        pass "12 validate --format xml > /dev/full: our one line, not libxml2's"
    else
        fail "12 validate --format xml > /dev/full" "exit $rc"
    fi
else
    skip "12 convert > /dev/full" "no /dev/full"
fi
run "$BIN" convert "$SEED" -o "$tmp/no/such/dir/out.xml"
one_line_error "12 -o into a missing directory" 12 "$tmp/no/such/dir/out.xml" "." &&
    pass "12 -o into a missing directory"
# a file that cannot grow (ulimit -f, the signal ignored as a batch
# worker would): our one line, no libxml2 I/O message, no file left
mkdir "$tmp/small"
(trap '' XFSZ; ulimit -f 2; timeout "$LIMIT" "$BIN" convert "$SEED" -o "$tmp/small/out.xml" \
    >"$tmp/out" 2>"$tmp/err")
rc=$?
if one_line_error "12 -o into a file that cannot grow" 12 "$tmp/small/out.xml" "large"; then
    if [ -n "$(ls -A "$tmp/small")" ]; then
        fail "12 -o into a file that cannot grow" "left: $(ls -A "$tmp/small" | tr '\n' ' ')"
    else
        pass "12 -o into a file that cannot grow"
    fi
fi

# ---- convert: atomic -o, schema-valid, reproducible ------------------------
mkdir "$tmp/atomic"
echo "OLD" >"$tmp/atomic/out.xml"
run "$BIN" convert "$tmp/empty.txt" -o "$tmp/atomic/out.xml"
if [ "$rc" -eq 4 ] && [ "$(cat "$tmp/atomic/out.xml")" = OLD ]; then
    pass "a failed convert -o leaves the old file alone"
else
    fail "a failed convert -o leaves the old file alone" "exit $rc"
fi
run "$BIN" convert "$SEED" -o "$tmp/atomic/out.xml"
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/out" ] && [ "$(ls -A "$tmp/atomic")" = out.xml ] &&
    xmllint --noout --schema "$XSD" "$tmp/atomic/out.xml" 2>/dev/null; then
    pass "convert -o replaces the file, no temporary left, xmllint --schema accepts it"
else
    fail "convert -o replaces the file, no temporary left, xmllint --schema accepts it" \
        "exit $rc, directory: $(ls -A "$tmp/atomic" | tr '\n' ' ')"
fi
run "$BIN" convert "$SEED"
if [ "$rc" -eq 0 ] && xmllint --noout --schema "$XSD" "$tmp/out" 2>/dev/null; then
    pass "convert to stdout: xmllint --schema accepts it"
else
    fail "convert to stdout: xmllint --schema accepts it" "exit $rc"
fi
for input in "$SEED" samples/layout_one_column.pdf; do
    SOURCE_DATE_EPOCH=1727740800 timeout "$LIMIT" "$BIN" convert "$input" >"$tmp/r1.xml" 2>/dev/null
    SOURCE_DATE_EPOCH=1727740800 timeout "$LIMIT" "$BIN" convert "$input" >"$tmp/r2.xml" 2>/dev/null
    if [ -s "$tmp/r1.xml" ] && cmp -s "$tmp/r1.xml" "$tmp/r2.xml" &&
        grep -q 'convertido="2024-10-01T00:00:00Z"' "$tmp/r1.xml"; then
        pass "SOURCE_DATE_EPOCH: byte-identical twice ($(basename "$input"))"
    else
        fail "SOURCE_DATE_EPOCH: byte-identical twice ($(basename "$input"))" "outputs differ"
    fi
done
INCOMPLETE=docs/examples/incompleto.txt   # line 1.2 is missing, on purpose
run "$BIN" convert "$INCOMPLETE" -o "$tmp/incomplete.xml"
if [ "$rc" -eq 1 ] && grep -q "^poa2xml: $INCOMPLETE: incomplete" "$tmp/err" &&
    xmllint --noout --schema "$XSD" "$tmp/incomplete.xml" 2>/dev/null; then
    pass "1 incomplete report: XML still written and valid"
else
    fail "1 incomplete report: XML still written and valid" "exit $rc"
fi

# ---- validate -------------------------------------------------------------
cp "$tmp/atomic/out.xml" "$tmp/complete.xml"
run "$BIN" validate "$tmp/complete.xml"
if [ "$rc" -eq 0 ] && grep -q "^$tmp/complete.xml: complete (0 findings)" "$tmp/out"; then
    pass "validate: complete XML exits 0"
else
    fail "validate: complete XML exits 0" "exit $rc"
fi
run "$BIN" validate "$tmp/incomplete.xml"
if [ "$rc" -eq 1 ] && grep -q "^$tmp/incomplete.xml: incomplete" "$tmp/out" &&
    grep -q "^$tmp/incomplete.xml: error: linea\.gap 1\.2: " "$tmp/out"; then
    pass "validate: incomplete XML exits 1, one line per finding"
else
    fail "validate: incomplete XML exits 1, one line per finding" "exit $rc"
fi
sed 's|<trimestre>3</trimestre>|<trimestre>7</trimestre>|' "$tmp/complete.xml" >"$tmp/invalid.xml"
run "$BIN" validate "$tmp/invalid.xml"
if [ "$rc" -eq 10 ] && grep -q "^$tmp/invalid.xml:[0-9][0-9]*: error: schema: .*trimestre" "$tmp/out" &&
    grep -q "^$tmp/invalid.xml: invalid" "$tmp/out"; then
    pass "10 validate: schema-invalid XML, with its line"
else
    fail "10 validate: schema-invalid XML, with its line" "exit $rc: $(head -n 2 "$tmp/out")"
fi

cat >"$tmp/laughs.xml" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE programaTrabajo [
  <!ENTITY a "hahahahahahahahahaha">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<programaTrabajo xmlns="urn:poa2xml:programa-trabajo:1" version="1.0">&g;</programaTrabajo>
EOF
run "$BIN" validate "$tmp/laughs.xml"
one_line_error "13 validate: billion laughs refused" 13 "$tmp/laughs.xml" "entit" &&
    pass "13 validate: billion laughs refused"
cat >"$tmp/xxe.xml" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE programaTrabajo [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<programaTrabajo xmlns="urn:poa2xml:programa-trabajo:1" version="1.0">&x;</programaTrabajo>
EOF
run "$BIN" validate "$tmp/xxe.xml"
if one_line_error "13 validate: XXE refused" 13 "$tmp/xxe.xml" "external\|XXE"; then
    if grep -q 'root:' "$tmp/out" "$tmp/err"; then
        fail "13 validate: XXE refused" "/etc/passwd leaked into the output"
    else
        pass "13 validate: XXE refused"
    fi
fi

# A batch: every file is reported, the worst status wins.
batch="$tmp/complete.xml $tmp/does-not-exist.xml $tmp/incomplete.xml $tmp/adir $SEED"
run "$BIN" validate $batch
ok=1
for f in $batch; do
    grep -q "^$f: [a-z]* ([0-9]* findings\{0,1\})" "$tmp/out" || ok=0
done
if [ "$rc" -eq 3 ] && [ "$ok" = 1 ] && [ "$(wc -l <"$tmp/err")" -eq 2 ]; then
    pass "validate batch: two unreadable, every file reported, exit 3"
else
    fail "validate batch: two unreadable, every file reported, exit 3" "exit $rc, all reported: $ok"
fi
if [ "$(id -u)" != 0 ]; then
    run "$BIN" validate "$tmp/complete.xml" "$tmp/locked.txt" "$tmp/incomplete.xml"
    if [ "$rc" -eq 3 ] && grep -q "^$tmp/incomplete.xml: incomplete" "$tmp/out"; then
        pass "validate batch: chmod 000 file does not stop the batch"
    else
        fail "validate batch: chmod 000 file does not stop the batch" "exit $rc"
    fi
fi
run "$BIN" validate "$tmp/complete.xml" "$tmp/incomplete.xml"
[ "$rc" -eq 1 ] && pass "validate batch: complete + incomplete exits 1" ||
    fail "validate batch: complete + incomplete exits 1" "exit $rc"
run "$BIN" validate "$tmp/complete.xml" "$tmp/invalid.xml" "$tmp/incomplete.xml"
[ "$rc" -eq 10 ] && pass "validate batch: invalid beats incomplete (10)" ||
    fail "validate batch: invalid beats incomplete (10)" "exit $rc"

run "$BIN" validate --format json $batch
if [ "$rc" -eq 3 ]; then
    if command -v python3 >/dev/null 2>&1; then
        if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [e["file"] for e in d] == sys.argv[2:], d
assert [e["exit"] for e in d] == [0, 3, 1, 3, 0], [e["exit"] for e in d]
' "$tmp/out" $batch; then
            pass "validate --format json: parseable, one entry per file"
        else
            fail "validate --format json: parseable, one entry per file" "python3 rejected it"
        fi
    else
        skip "validate --format json: parseable" "no python3"
    fi
else
    fail "validate --format json" "exit $rc"
fi
run "$BIN" validate --format xml $batch "$tmp/invalid.xml"
cp "$tmp/out" "$tmp/report.xml"
if [ "$rc" -eq 3 ] && xmllint --noout --schema schemas/validacion.xsd "$tmp/report.xml" 2>/dev/null &&
    grep -q 'archivos="6" ok="2" incompletos="1" invalidos="1" ilegibles="2"' "$tmp/report.xml"; then
    pass "validate --format xml: valid against validacion.xsd, totals right"
else
    fail "validate --format xml: valid against validacion.xsd, totals right" "exit $rc"
fi

# ---- text -----------------------------------------------------------------
run "$BIN" text "$SEED"
if [ "$rc" -eq 0 ] && grep -q 'FORTALEZAS INSTITUCIONALES' "$tmp/out"; then
    pass "text: the lines of a text file"
else
    fail "text: the lines of a text file" "exit $rc"
fi
run "$BIN" text --blocks samples/layout_two_columns.pdf
if [ "$rc" -eq 0 ] &&
    grep -q '^p[0-9][0-9]* b[0-9][0-9]*  *[0-9.]*  *[0-9.]*  *[0-9.]*  *[0-9.]*  *[0-9.]* ' "$tmp/out" &&
    [ "$(count '^p1 ' "$tmp/out")" -gt 0 ]; then
    pass "text --blocks: page, block, box and font on a PDF"
else
    fail "text --blocks: page, block, box and font on a PDF" "exit $rc"
fi
run "$BIN" text samples/layout_two_columns.pdf
if [ "$rc" -eq 0 ] && [ -s "$tmp/out" ]; then pass "text: reading order of a PDF"; else
    fail "text: reading order of a PDF" "exit $rc"; fi
run "$BIN" text "$tmp/does-not-exist.pdf"
one_line_error "3 text: missing file" 3 "$tmp/does-not-exist.pdf" "no such file" &&
    pass "3 text: missing file"
run "$BIN" text "$tmp/enc.pdf"
one_line_error "7 text: encrypted PDF" 7 "$tmp/enc.pdf" "password" && pass "7 text: encrypted PDF"

# ---- a user's own rules, without recompiling ------------------------------
sed 's/FORTALEZAS INSTITUCIONALES/PUNTOS FUERTES/' "$SEED" >"$tmp/puntos.txt"
sed 's/^\(fortalezas[ 	][ 	]*\^{secno}{quadp}(?:listado\\s+de\\s+)?\)fortalezas/\1(?:fortalezas|puntos\\s+fuertes)/' \
    schemas/rules/default.rules >"$tmp/mine.rules"
if cmp -s schemas/rules/default.rules "$tmp/mine.rules"; then
    fail "--rules: edited copy" "the sed edit did not change the fortalezas rule"
else
    timeout "$LIMIT" "$BIN" convert "$tmp/puntos.txt" >"$tmp/default.xml" 2>/dev/null
    timeout "$LIMIT" "$BIN" convert --rules "$tmp/mine.rules" "$tmp/puntos.txt" -o "$tmp/mine.xml" 2>/dev/null
    rc=$?
    nd=$(count '<fortaleza ' "$tmp/default.xml")
    nm=$(count '<fortaleza ' "$tmp/mine.xml")
    if [ "$rc" -eq 0 ] && [ "$nm" -eq 6 ] && [ "$nd" -lt "$nm" ] &&
        xmllint --noout --schema "$XSD" "$tmp/mine.xml" 2>/dev/null; then
        pass "--rules: 'Puntos fuertes' read as fortalezas by an edited copy ($nm), not by default ($nd)"
    else
        fail "--rules: 'Puntos fuertes' as fortalezas" "exit $rc, default $nd, edited $nm (want 6)"
    fi
    run "$BIN" validate --rules "$tmp/mine.rules" "$tmp/puntos.txt"
    [ "$rc" -eq 0 ] && pass "--rules with validate" || fail "--rules with validate" "exit $rc"
fi

# ---- every example of README.md and the man page ---------------------------
# An example is a "$ " line in a ``` block of README.md or an .EX block of
# the man page (where "\-" stands for "-"),
# optionally ending in "# exit N" (default 0).  The lines after it, up to
# the next "$ " line or the end of the block, are its documented output:
# each must appear in the real output, "..." standing for lines left out.
# Examples run in a scratch directory that sees samples/, schemas/ and docs/.
extract_examples() {
    awk '
        /^```/ { inblock = !inblock; cmd = ""; next }
        /^\.EX/ || /^\.nf/ { inblock = 1; cmd = ""; next }
        /^\.EE/ || /^\.fi/ { inblock = 0; cmd = ""; next }
        !inblock { next }
        /^\$ / {
            cmd = substr($0, 3); code = 0
            if (match(cmd, /# exit [0-9]+ *$/)) {
                code = substr(cmd, RSTART + 7) + 0
                cmd = substr(cmd, 1, RSTART - 1)
            }
            sub(/ +$/, "", cmd)
            print "C " code " " cmd
            next
        }
        cmd != "" && $0 != "..." && $0 != "…" { print "O " $0 }
    ' "$1" | sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\(em/—/g'
}
mkdir -p "$tmp/ex/bin" "$tmp/ex/run"
ln -s "$BIN" "$tmp/ex/bin/poa2xml"
ln -s "$ROOT/samples" "$tmp/ex/run/samples"
ln -s "$ROOT/schemas" "$tmp/ex/run/schemas"
ln -s "$ROOT/docs" "$tmp/ex/run/docs"
check_example() { # DOC CODE CMD; expected output lines in $tmp/ex/want
    (cd "$tmp/ex/run" && PATH="$tmp/ex/bin:$PATH" timeout "$LIMIT" sh -c "$3") >"$tmp/out" 2>"$tmp/err"
    got=$?
    cat "$tmp/out" "$tmp/err" >"$tmp/ex/got"
    missing=""
    while IFS= read -r line; do
        grep -qxF -e "$line" "$tmp/ex/got" || missing="$line"
    done <"$tmp/ex/want"
    if [ "$got" -ne "$2" ]; then
        fail "$1 example: $3" "exit $got, documented $2"
    elif [ -n "$missing" ]; then
        fail "$1 example: $3" "documented output line not seen: $missing"
    else
        pass "$1 example: $3"
    fi
}
for doc in README.md docs/poa2xml.1; do
    if [ ! -f "$doc" ]; then fail "examples of $doc" "no such file"; continue; fi
    extract_examples "$doc" >"$tmp/ex/list"
    if ! grep -q '^C ' "$tmp/ex/list"; then fail "examples of $doc" "no '\$ poa2xml' example found"; continue; fi
    mkdir -p "$tmp/ex/run/out"
    cmd="" code=0
    : >"$tmp/ex/want"
    while IFS= read -r entry; do
        case $entry in
        "C "*)
            [ -n "$cmd" ] && check_example "$(basename "$doc")" "$code" "$cmd"
            entry=${entry#C }
            code=${entry%% *}
            cmd=${entry#* }
            : >"$tmp/ex/want"
            ;;
        "O "*) printf '%s\n' "${entry#O }" >>"$tmp/ex/want" ;;
        esac
    done <"$tmp/ex/list"
    [ -n "$cmd" ] && check_example "$(basename "$doc")" "$code" "$cmd"
done

# The C example of README.md, compiled against the library beside BIN and
# run on the seed: the batch worker's calls must work as shown.
LIB=$(dirname "$BIN")/libpoa.a
awk '/^```c$/ { f = 1; next } /^```/ { f = 0 } f' README.md >"$tmp/example.c"
if [ ! -s "$tmp/example.c" ]; then
    fail "README.md C example" "no \`\`\`c block found"
elif ! command -v cc >/dev/null 2>&1 || [ ! -f "$LIB" ]; then
    skip "README.md C example" "no cc or no $LIB"
else
    cat >>"$tmp/example.c" <<'EOF2'
int main(int argc, char **argv)
{
    return argc == 3 ? convert_one(argv[1], argv[2]) : 2;
}
EOF2
    # The library's packages are the Makefile's PKGS: one list, so a new
    # dependency of the library cannot be missed here.
    pkgs=$(sed -n 's/^PKGS := //p' "$ROOT/Makefile")
    # shellcheck disable=SC2046,SC2086
    if cc -std=c17 -Wall -Wextra -Werror -include stdio.h -I"$ROOT/include" -o "$tmp/example" \
        "$tmp/example.c" "$LIB" $(pkg-config --libs $pkgs) -lm \
        $(nm "$LIB" 2>/dev/null | grep -q __asan_ && echo -fsanitize=address,undefined) 2>"$tmp/err"; then
        run "$tmp/example" "$SEED" "$tmp/example.xml"
        if [ "$rc" -eq 0 ] && xmllint --noout --schema "$XSD" "$tmp/example.xml" 2>/dev/null; then
            pass "README.md C example: compiles, converts the seed"
        else
            fail "README.md C example: compiles, converts the seed" "exit $rc"
        fi
    else
        fail "README.md C example: compiles" "$(head -n 1 "$tmp/err")"
    fi
fi

# ---- completeness findings: one sample per code (issue 5) ------------------
# tests/data/findings/CODE.txt is complete but for the defect CODE names;
# tests/test_findings.c holds each file's exact findings, this is the
# command line's side: the exit status, <hallazgo> in the XML, and the
# "file: codigo ref: message" lines of validate.
FINDINGS=tests/data/findings
run "$BIN" convert "$FINDINGS/linea.gap.txt" -o "$tmp/linea.gap.xml"
if [ "$rc" -eq 1 ] && grep -q "^poa2xml: $FINDINGS/linea.gap.txt: incomplete" "$tmp/err" &&
    grep -q '<hallazgo codigo="linea.gap" ref="1.3"' "$tmp/linea.gap.xml" &&
    xmllint --noout --schema "$XSD" "$tmp/linea.gap.xml" 2>/dev/null; then
    pass "1 convert linea.gap.txt: incomplete, <hallazgo codigo=\"linea.gap\" ref=\"1.3\"> written"
else
    fail "1 convert linea.gap.txt: incomplete, <hallazgo codigo=\"linea.gap\" ref=\"1.3\"> written" "exit $rc"
fi
# regla.limite.txt needs a rule that backtracks without end (as in
# tests/test_findings.c); it matches nothing in the other samples
{ cat schemas/rules/default.rules; printf 'item ^(a+)+$\n'; } >"$tmp/limit.rules"
# the lines a rule gave up on are kept in the XML: validating it again,
# with the default rules, still finds regla.limite
run "$BIN" convert -r "$tmp/limit.rules" "$FINDINGS/regla.limite.txt" -o "$tmp/limit.xml"
run "$BIN" validate "$tmp/limit.xml"
if [ "$rc" -eq 0 ] && grep -q "^$tmp/limit.xml: aviso: regla.limite: 1 línea(s) agotaron" "$tmp/out"; then
    pass "regla.limite survives the XML: validate of the converted report finds it"
else
    fail "regla.limite survives the XML" "exit $rc: $(head -c 300 "$tmp/out")"
fi
run "$BIN" validate -r "$tmp/limit.rules" "$FINDINGS"/*.txt
bad=""
for f in "$FINDINGS"/*.txt; do
    code=$(basename "$f" .txt)
    # a finding line: "FILE: severidad: codigo: message" or "FILE: severidad: codigo ref: message"
    n=$(grep -c "^$f: \(error\|aviso\): [a-z_]*\.[a-z_.]*\( [^ :]*\)\{0,1\}: " "$tmp/out")
    said=$(sed -n "s|^$f: [a-z]* (\([0-9]*\) findings\{0,1\})\$|\1|p" "$tmp/out")
    if [ "$n" != "${said:-none}" ]; then
        bad="$bad $code($n lines, summary ${said:-none})"
    elif [ "$code" = complete ]; then
        [ "$n" -eq 0 ] || bad="$bad complete($n)"
    elif ! grep -q "^$f: \(error\|aviso\): $code[ :]" "$tmp/out"; then
        bad="$bad $code(not reported)"
    fi
done
if [ "$rc" -eq 1 ] && [ -z "$bad" ] &&
    grep -qxF "$FINDINGS/linea.gap.txt: error: linea.gap 1.3: Falta la línea de acción 1.3" "$tmp/out" &&
    grep -qxF "$FINDINGS/complete.txt: complete (0 findings)" "$tmp/out"; then
    pass "validate $FINDINGS/*.txt: one 'file: severidad: codigo ref: message' line per finding, exit 1"
else
    fail "validate $FINDINGS/*.txt: one 'file: severidad: codigo ref: message' line per finding, exit 1" \
        "exit $rc;$bad"
fi

# diff: what changed between two quarters; 0 the same, 1 changed; its own usage
sed 's/<trimestre>3</<trimestre>4</; s/Recopilar las experiencias/Recopilar y publicar las experiencias/' \
    samples/iecm_programa_trabajo_2024_t3.xml >"$tmp/t4.xml"
run "$BIN" diff samples/iecm_programa_trabajo_2024_t3.xml "$tmp/t4.xml"
if [ "$rc" -eq 1 ] && grep -qx 'trimestre: cambiado' "$tmp/out" &&
    grep -qx 'lineaAccion 1.2: redactado (palabras en común [0-9]*%)' "$tmp/out" &&
    grep -qx '2 cambios: 0 agregados, 0 eliminados, 0 renumerados, 1 redactados, 1 datos cambiados' "$tmp/out"; then
    pass "diff: a changed fact and a reworded line, exit 1"
else
    fail "diff: a changed fact and a reworded line" "exit $rc: $(head -c 300 "$tmp/out")"
fi
run "$BIN" diff "$SEED" samples/iecm_programa_trabajo_2024_t3.xml
if [ "$rc" -eq 0 ] && grep -q '^0 cambios' "$tmp/out"; then
    pass "diff: a text file and its stored XML say the same, exit 0"
else
    fail "diff: a text file and its stored XML" "exit $rc: $(head -c 300 "$tmp/out")"
fi
run "$BIN" diff --format json "$SEED" "$tmp/t4.xml"
if [ "$rc" -eq 1 ] && grep -q '"cambio":"redactado"' "$tmp/out"; then
    pass "diff --format json"
else
    fail "diff --format json" "exit $rc: $(head -c 300 "$tmp/out")"
fi
usage_fails "diff with one file: usage, exit 2" diff "$SEED"
usage_fails "diff --format xml: usage, exit 2" diff --format xml "$SEED" "$tmp/t4.xml"
run "$BIN" diff "$SEED" "$tmp/no-such.xml"
one_line_error "diff with a missing file: exit 3, one line" 3 "$tmp/no-such.xml" "no such file" &&
    pass "diff with a missing file: exit 3, one line"
cp "$tmp/t4.xml" "$tmp/t4_copy.xml"
run "$BIN" diff "$SEED" "$tmp/t4_copy.xml" -o "$tmp/t4_copy.xml"
if one_line_error "diff -o over an input: exit 12, the input kept" 12 "$tmp/t4_copy.xml" "is the input"; then
    if cmp -s "$tmp/t4.xml" "$tmp/t4_copy.xml"; then
        pass "diff -o over an input: exit 12, the input kept"
    else
        fail "diff -o over an input" "the input was changed"
    fi
fi

if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
