#!/bin/sh
# batch.sh POA2XML - `poa2xml batch` from the outside: a tree of good,
# incomplete and broken files (empty, truncated, encrypted, scanned, not a
# PDF, one that crashes its worker and one that hangs it, through the
# test-only POA2XML_TEST_FAULT) converted with every good file written and
# every bad one in the summary with its cause; a run killed with SIGKILL and
# resumed ends identical to one uninterrupted run without converting a
# finished file again; SIGINT; manifests; shards, and the GNU parallel
# recipe of docs/scaling.md giving the summary of one run.
# Run from the repository root (tests/run.sh does).  Ends with the line
# "N passed, N failed" and exits non-zero when a check failed.
set -u
NAME=batch
. tests/shlib/common.sh
export SOURCE_DATE_EPOCH=1704067200   # outputs comparable from run to run

# The summary without its seconds column (the one thing two runs differ in).
rows() { sed 's/,"segundos":[0-9.]*}$/}/' "$1" | sort; }

# ---- a tree of good and broken files -------------------------------------
tree=$tmp/archivo
mkdir -p "$tree/2023/t1" "$tree/2023/t2" "$tree/2024"
cp samples/seed_form.pdf samples/layout_grids.pdf "$tree/2023/t1/"
cp samples/layout_two_columns.pdf samples/iecm_programa_trabajo_2024_t3.txt "$tree/2023/t2/"
cp docs/examples/incompleto.txt "$tree/2024/incompleto.txt"
sed 's/^Instituto Electoral de la Ciudad de México$/Comisión de Agua, Drenaje y Saneamiento de Mérida/' \
    samples/iecm_programa_trabajo_2024_t3.txt >"$tree/2023/t2/coma.txt"
: >"$tree/2024/vacio.pdf"
head -c 2000 samples/layout_grids.pdf >"$tree/2024/truncado.pdf"
qpdf --encrypt secreto secreto 256 -- samples/layout_grids.pdf "$tree/2024/cifrado.pdf"
sh tools/scan-page.sh samples/layout_grids.pdf 1 "$tree/2024/escaneado.pdf" --alone
printf '\211PNG\r\n\032\n\000\000binary' >"$tree/2024/imagen.pdf"
cp samples/layout_one_column.pdf "$tree/2024/se_cae.pdf"
cp samples/layout_one_column.pdf "$tree/2024/se_cuelga.pdf"
good="2023/t1/seed_form.pdf 2023/t1/layout_grids.pdf 2023/t2/layout_two_columns.pdf 2023/t2/iecm_programa_trabajo_2024_t3.txt 2023/t2/coma.txt 2024/incompleto.txt"

out=$tmp/out
POA2XML_TEST_FAULT=crash:se_cae.pdf,hang:se_cuelga.pdf \
    timeout 120 "$BIN" batch "$tree" -o "$out" -j 2 --timeout 3 >"$tmp/stdout" 2>"$tmp/err"
rc=$?
ok=1
for f in $good; do
    if ! xmllint --noout --schema schemas/programa-trabajo.xsd "$out/$f.xml" 2>/dev/null; then
        ok=0
        echo "     missing or invalid: $out/$f.xml"
    fi
done
[ "$rc" -eq 14 ] && [ "$ok" = 1 ] && pass "batch: every good file converted and valid, exit 14 (some failed)" ||
    fail "batch: every good file converted" "exit $rc"

# every bad file in the summary with its cause, and no output for it
check_row() { # NAME STATUS CAUSE
    if grep -q "^{\"ruta\":\"2024/$1\".*\"estado\":\"$2\".*$3" "$out/resumen.jsonl" &&
        [ ! -e "$out/2024/$1.xml" ]; then
        pass "batch: 2024/$1 recorded as $2 ($3)"
    else
        fail "batch: 2024/$1 recorded as $2 ($3)" "$(grep "2024/$1" "$out/resumen.jsonl")"
    fi
}
check_row vacio.pdf error "empty file"
check_row truncado.pdf error "corrupt"
check_row cifrado.pdf error "encrypted"
check_row escaneado.pdf error "no text layer"
check_row imagen.pdf error "neither a PDF nor text (UTF-8 or Windows-1252)"
check_row se_cae.pdf error "signal 11"
check_row se_cuelga.pdf error "time limit of 3 s"
if grep -q '"ruta":"2024/incompleto.txt".*"estado":"incomplete".*"codigos":"linea.gap"' "$out/resumen.jsonl"; then
    pass "batch: an incomplete report is recorded with its finding codes"
else
    fail "batch: an incomplete report" "$(grep incompleto "$out/resumen.jsonl")"
fi
n=$(wc -l <"$out/resumen.jsonl")
[ "$n" -eq 13 ] && pass "batch: one summary row per file (13)" || fail "batch: one row per file" "$n rows"
# the CSV: a byte order mark, a header, one CRLF row per file, quoted fields
if [ "$(head -c 3 "$out/resumen.csv" | od -An -tx1 | tr -d ' \n')" = efbbbf ] &&
    [ "$(wc -l <"$out/resumen.csv")" -eq 14 ] && grep -q "$(printf '\r')\$" "$out/resumen.csv" &&
    grep -q '^2023/t2/coma.txt,.*,"Comisión de Agua, Drenaje y Saneamiento de Mérida",2024,' "$out/resumen.csv"; then
    pass "batch: resumen.csv is RFC 4180 with a UTF-8 byte order mark"
else
    fail "batch: resumen.csv" "$(head -c 300 "$out/resumen.csv")"
fi
if ! find "$out" -name '*.tmp*' | grep -q .; then
    pass "batch: no temporary file left"
else
    fail "batch: no temporary file left" "$(find "$out" -name '*.tmp*')"
fi

# ---- killed with SIGKILL, then resumed -------------------------------------
ref=$tmp/ref
"$BIN" batch "$tree/2023" -o "$ref" -j 1 -q 2>/dev/null
part=$tmp/part
"$BIN" batch "$tree/2023" -o "$part" -j 1 -q 2>/dev/null &
pid=$!
i=0
while [ ! -s "$part/resumen.jsonl" ] && [ "$i" -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
first=$(head -n 1 "$part/resumen.jsonl" | sed 's/^{"ruta":"\([^"]*\)".*/\1/')
inode=$(stat -c %i "$part/$first.xml" 2>/dev/null)
"$BIN" batch "$tree/2023" -o "$part" -j 1 --resume -q 2>/dev/null
rc=$?
same=1
for f in 2023/t1/seed_form.pdf 2023/t1/layout_grids.pdf 2023/t2/layout_two_columns.pdf 2023/t2/iecm_programa_trabajo_2024_t3.txt 2023/t2/coma.txt; do
    name=${f#2023/}
    cmp -s "$ref/$name.xml" "$part/$name.xml" || same=0
done
if [ "$rc" -eq 0 ] && [ "$same" = 1 ] && [ -n "$inode" ] &&
    [ "$(stat -c %i "$part/$first.xml")" = "$inode" ] &&
    [ "$(rows "$ref/resumen.jsonl")" = "$(rows "$part/resumen.jsonl")" ]; then
    pass "batch --resume after SIGKILL: the outputs and summary of one run, $first not converted again"
else
    fail "batch --resume after SIGKILL" "exit $rc, same outputs $same, first $first inode $inode"
fi

# ---- a name JSON must escape resumes as itself --------------------------------
# the journal is read back with json-glib: quotes, a backslash and accents in
# a path find their row, so the file is not converted again, and the CSV row
# rebuilt from the journal is the one the first run wrote
odd=$tmp/raros
mkdir -p "$odd/año \"dos\""
cp docs/examples/incompleto.txt "$odd/año \"dos\"/pláne\\ñ.txt"
"$BIN" batch "$odd" -o "$tmp/raros_out" -q 2>/dev/null
xml=$(find "$tmp/raros_out" -name '*.txt.xml' | head -n 1)
inode=$(stat -c %i "$xml" 2>/dev/null)
csv1=$(cut -d, -f1-17 "$tmp/raros_out/resumen.csv")
"$BIN" batch "$odd" -o "$tmp/raros_out" --resume -q 2>/dev/null
rc=$?
if [ "$rc" -eq 1 ] && [ -n "$inode" ] && [ "$(stat -c %i "$xml")" = "$inode" ] &&
    [ "$(cut -d, -f1-17 "$tmp/raros_out/resumen.csv")" = "$csv1" ] &&
    grep -q '"ruta":"año \\"dos\\"/pláne\\\\ñ.txt"' "$tmp/raros_out/resumen.jsonl"; then
    pass "batch --resume: a path with quotes, a backslash and accents finds its row"
else
    fail "batch --resume with an odd name" "exit $rc, inode $inode -> $(stat -c %i "$xml" 2>/dev/null): $(head -c 300 "$tmp/raros_out/resumen.jsonl")"
fi

# ---- a row whose page could not be written is not resumed ----------------------
# its XML was written (and records the file's SHA-256), but the conversion
# failed with status 12: --resume converts it again
pg=$tmp/pagina
mkdir -p "$pg/in" "$pg/out/incompleto.txt.html"
cp docs/examples/incompleto.txt "$pg/in/"
"$BIN" batch "$pg/in" -o "$pg/out" -q 2>/dev/null
rc1=$?
code1=$(sed -n 's/.*"codigo":\([0-9]*\).*/\1/p' "$pg/out/resumen.jsonl")
rmdir "$pg/out/incompleto.txt.html"
"$BIN" batch "$pg/in" -o "$pg/out" --resume -q 2>/dev/null
rc2=$?
if [ "$code1" = 12 ] && [ "$rc2" -eq 1 ] && [ -s "$pg/out/incompleto.txt.html" ] &&
    grep -q '"codigo":1,' "$pg/out/resumen.jsonl"; then
    pass "batch --resume converts again a file whose page could not be written (12, then 1)"
else
    fail "batch --resume after a failed page" "first exit $rc1 code $code1, resumed exit $rc2"
fi

# a page that would replace an input is refused like an XML that would
mkdir -p "$tmp/sobre"
cp docs/examples/incompleto.txt "$tmp/sobre/a.txt"
cp docs/examples/incompleto.txt "$tmp/sobre/a.txt.html"
cp "$tmp/sobre/a.txt.html" "$tmp/sobre_copia.html"
"$BIN" batch "$tmp/sobre/a.txt" "$tmp/sobre/a.txt.html" -o "$tmp/sobre" -q 2>/dev/null
if cmp -s "$tmp/sobre/a.txt.html" "$tmp/sobre_copia.html" &&
    grep -q '"ruta":"a.txt".*would replace an input' "$tmp/sobre/resumen.jsonl"; then
    pass "batch: a page that would replace an input is refused, the input kept"
else
    fail "batch: page over an input" "$(head -c 300 "$tmp/sobre/resumen.jsonl")"
fi

# ---- SIGINT stops cleanly -----------------------------------------------------
intr=$tmp/intr
mkdir -p "$tmp/lento"
cp samples/layout_grids.pdf "$tmp/lento/a.pdf"
cp samples/layout_one_column.pdf "$tmp/lento/b_se_cuelga.pdf"
POA2XML_TEST_FAULT=hang:b_se_cuelga.pdf "$BIN" batch "$tmp/lento" -o "$intr" -j 1 -q 2>/dev/null &
pid=$!
i=0
while ! grep -q '"ruta":"a.pdf"' "$intr/resumen.jsonl" 2>/dev/null && [ "$i" -lt 200 ]; do
    sleep 0.05
    i=$((i + 1))
done
sleep 0.3
kill -INT "$pid"
wait "$pid"
rc=$?
if [ "$rc" -eq 130 ] && [ -s "$intr/a.pdf.xml" ] && [ ! -e "$intr/b_se_cuelga.pdf.xml" ] &&
    [ "$(wc -l <"$intr/resumen.jsonl")" -eq 1 ] && ! find "$intr" -name '*.tmp*' | grep -q .; then
    pass "batch: SIGINT stops at once, exit 130, finished files and their summary kept"
else
    fail "batch: SIGINT" "exit $rc"
fi

# ---- a manifest on standard input; an output never replaces an input -----------
man=$tmp/man
printf '%s\n' "# two files" "$tree/2023/t1/seed_form.pdf" "" "$tree/2024/incompleto.txt" |
    "$BIN" batch --manifest - -o "$man" -q 2>/dev/null
rc=$?
n=$(wc -l <"$man/resumen.jsonl")
[ "$rc" -eq 1 ] && [ "$n" -eq 2 ] && [ -s "$man/${tree#/}/2023/t1/seed_form.pdf.xml" ] &&
    pass "batch --manifest -: the listed files, mirrored by path, exit 1 (one incomplete)" ||
    fail "batch --manifest -" "exit $rc, $n rows"
mkdir -p "$tmp/same/out"
cp samples/layout_grids.pdf "$tmp/same/x.pdf"
ln "$tmp/same/x.pdf" "$tmp/same/out/x.pdf.xml"
"$BIN" batch "$tmp/same/x.pdf" -o "$tmp/same/out" -q 2>/dev/null
rc=$?
if [ "$rc" -eq 14 ] && cmp -s samples/layout_grids.pdf "$tmp/same/x.pdf" &&
    grep -q 'would replace an input' "$tmp/same/out/resumen.jsonl"; then
    pass "batch: an output never replaces an input (same inode)"
else
    fail "batch: an output never replaces an input" "exit $rc"
fi

# ---- shards and the GNU parallel recipe --------------------------------------------
for k in 1 2 3; do
    POA2XML_TEST_FAULT=crash:se_cae.pdf,hang:se_cuelga.pdf \
        "$BIN" batch "$tree" -o "$tmp/shard$k" --shard "$k/3" --timeout 3 -q 2>/dev/null
done
cat "$tmp"/shard1/resumen.jsonl "$tmp"/shard2/resumen.jsonl "$tmp"/shard3/resumen.jsonl >"$tmp/shards.jsonl"
if [ "$(rows "$tmp/shards.jsonl")" = "$(rows "$out/resumen.jsonl")" ] &&
    [ "$(sort "$tmp/shards.jsonl" | sed 's/,"segundos".*//' | uniq -d | wc -l)" -eq 0 ]; then
    pass "batch --shard K/3: the three shares are disjoint and make the whole"
else
    fail "batch --shard" "$(wc -l <"$tmp/shards.jsonl") rows"
fi
if command -v parallel >/dev/null 2>&1; then
    printf ':\n:\n' >"$tmp/hosts"   # two "hosts", both this machine
    export POA2XML_TEST_FAULT=crash:se_cae.pdf,hang:se_cuelga.pdf
    # the recipe of docs/scaling.md
    seq 1 4 | parallel --sshloginfile "$tmp/hosts" \
        "$BIN" batch "$tree" -o "$tmp/par/part{}" --shard {}/4 --timeout 3 -q
    unset POA2XML_TEST_FAULT
    cat "$tmp"/par/part*/resumen.jsonl >"$tmp/merged.jsonl"
    if [ "$(rows "$tmp/merged.jsonl")" = "$(rows "$out/resumen.jsonl")" ]; then
        pass "GNU parallel over two local hosts, four shards: the merged summary is one run's"
    else
        fail "GNU parallel recipe" "$(wc -l <"$tmp/merged.jsonl") rows"
    fi
else
    fail "GNU parallel recipe" "parallel is not installed (tools/deps.sh installs it)"
fi

# ---- a worker serves at most 200 files, then another takes its place ---------------
mkdir -p "$tmp/many"
i=0
while [ "$i" -lt 205 ]; do cp docs/examples/incompleto.txt "$tmp/many/$i.txt"; i=$((i + 1)); done
timeout 120 "$BIN" batch "$tmp/many" -o "$tmp/many_out" -j 1 -q 2>/dev/null
rc=$?
n=$(wc -l <"$tmp/many_out/resumen.jsonl")
[ "$rc" -eq 1 ] && [ "$n" -eq 205 ] && ! grep -q '"estado":"error"' "$tmp/many_out/resumen.jsonl" &&
    pass "batch -j1 over 205 files: a worker replaced after 200, every file converted" ||
    fail "batch over 205 files" "exit $rc, $n rows"

# ---- usage -------------------------------------------------------------------
"$BIN" batch "$tree" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "output folder" "$tmp/err" && pass "2 batch without -o" ||
    fail "2 batch without -o" "exit $rc"
"$BIN" batch "$tree" -o "$tmp/x" --shard 4/3 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "shard" "$tmp/err" && pass "2 batch --shard 4/3" ||
    fail "2 batch --shard 4/3" "exit $rc"

finish
