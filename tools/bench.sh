#!/bin/sh
# bench.sh BUILD - time `poa2xml convert` against `pdftotext -bbox-layout`
# (poppler's own extraction with boxes, the floor we build on) on PDFs of 50
# and 500 pages made by concatenating the sample PDFs with qpdf.  Best of 3
# runs each, wall seconds and peak RSS from GNU time.  Prints the ratio
# against the goal (at most 1.5x) and poa2xml's memory growth from 50 to 500
# pages (goal: flat).  Wall time on a shared machine varies by a fifth
# from run to run, so the 50-page file is also measured in instructions
# under callgrind (when valgrind is installed; BENCH_INSTR=0 skips it): a
# count that does not depend on the machine's load.  Reports what it
# measured; never fails on a goal.
set -u
BUILD=${1:-build}
BIN=$BUILD/poa2xml
RUNS=${BENCH_RUNS:-3}
GOAL_RATIO=1.5
GOAL_GROWTH=1.25     # "flat": 500 pages may use at most 25% more than 50
for tool in qpdf pdftotext /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (make deps)" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench: $BIN is missing (make all)" >&2; exit 1; }
dir=$BUILD/bench
mkdir -p "$dir"
set -- samples/*.pdf
[ -f "$1" ] || { echo "bench: no sample PDFs in samples/" >&2; exit 1; }

pages_of() { qpdf --show-npages "$1"; }

# make_pdf N OUT: the sample PDFs repeated until N pages, cut to exactly N.
make_pdf() {
    want=$1 out=$2 have=0 list=""
    while [ "$have" -lt "$want" ]; do
        for f in samples/*.pdf; do
            list="$list $f"
            have=$((have + $(pages_of "$f")))
        done
    done
    # shellcheck disable=SC2086
    qpdf --empty --pages $list -- "$out.all" &&
        qpdf --empty --pages "$out.all" "1-$want" -- "$out" && rm -f "$out.all"
}

# best CMD...: run CMD $RUNS times; prints "SECONDS PEAK_KB STATUS" of the
# fastest run (time) and the largest peak (memory), STATUS of the last run.
best() {
    bt="" bm=0 st=0
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null 2>"$dir/stderr"
        st=$?
        t=$(tail -n 1 "$dir/time" | cut -d' ' -f1)
        m=$(tail -n 1 "$dir/time" | cut -d' ' -f2)
        if [ -z "$bt" ] || awk "BEGIN { exit !($t < $bt) }"; then bt=$t; fi
        [ "$m" -gt "$bm" ] && bm=$m
        i=$((i + 1))
    done
    echo "$bt $bm $st"
}

echo "bench: best of $RUNS runs ($((RUNS * 5)) for 50 pages); wall seconds, peak RSS in KB"
printf '%6s  %10s %10s  %10s %10s  %7s  %s\n' pages poa2xml_s pdftotext_s poa2xml_KB pdftotext_KB ratio goal
mem50=0
failed_run=0
for n in 50 500; do
    pdf=$dir/bench_$n.pdf
    [ -s "$pdf" ] && [ "$(pages_of "$pdf")" = "$n" ] || make_pdf "$n" "$pdf" || exit 1
    # short runs vary most: the 50-page file is run five times as often
    runs=$RUNS
    [ "$n" = 50 ] && RUNS=$((RUNS * 5))
    set -- $(best "$BIN" convert "$pdf" -o "$dir/bench_$n.xml")
    pt=$1 pm=$2 pst=$3
    set -- $(best pdftotext -bbox-layout "$pdf" "$dir/bench_$n.html")
    RUNS=$runs
    tt=$1 tm=$2
    ratio=$(awk "BEGIN { printf \"%.2f\", ($tt > 0 ? $pt / $tt : 0) }")
    verdict=$(awk "BEGIN { print ($ratio <= $GOAL_RATIO ? \"PASS\" : \"MISS\") }")
    [ "$pst" -gt 1 ] && verdict="NOT MEASURED"
    printf '%6d  %10s %10s  %10s %10s  %6sx  %s (<= %sx)\n' "$n" "$pt" "$tt" "$pm" "$tm" \
        "$ratio" "$verdict" "$GOAL_RATIO"
    if [ "$pst" -gt 1 ]; then   # a crash or an error is no measurement
        echo "        poa2xml exited $pst on $n pages, its figures do not count: $(head -c 200 "$dir/stderr")"
        failed_run=1
    fi
    [ "$n" = 50 ] && mem50=$pm
    [ "$n" = 500 ] && mem500=$pm
done
# instr CMD...: instructions CMD executes (callgrind's total), or nothing.
instr() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$dir/cg" || true
    sed -n 's/.*Collected : \([0-9][0-9]*\).*/\1/p' "$dir/cg"
}
if [ "${BENCH_INSTR:-1}" != 0 ] && command -v valgrind >/dev/null 2>&1; then
    pi=$(instr "$BIN" convert "$dir/bench_50.pdf" -o "$dir/bench_50.xml")
    ti=$(instr pdftotext -bbox-layout "$dir/bench_50.pdf" "$dir/bench_50.html")
    if [ -n "$pi" ] && [ -n "$ti" ]; then
        awk "BEGIN { r = $pi / $ti; printf \"instructions, 50 pages (callgrind): poa2xml %.0fM, pdftotext %.0fM: %.2fx  %s (<= %sx)\n\", $pi / 1e6, $ti / 1e6, r, (r <= $GOAL_RATIO ? \"PASS\" : \"MISS\"), $GOAL_RATIO }"
    fi
fi
growth=$(awk "BEGIN { printf \"%.2f\", ($mem50 > 0 ? $mem500 / $mem50 : 0) }")
verdict=$(awk "BEGIN { print ($growth <= $GOAL_GROWTH ? \"PASS\" : \"MISS\") }")
[ "$failed_run" = 1 ] && verdict="NOT MEASURED (poa2xml failed)"
echo "poa2xml peak memory 50 -> 500 pages: $mem50 KB -> $mem500 KB (x$growth): $verdict (flat: <= x$GOAL_GROWTH)"

# ---- batch: an archive of small files -------------------------------------
# 200 sample PDFs or more (copies of the samples), converted by `batch -j1`
# and `batch -jN` (N the cores) against a loop of `pdftotext -bbox-layout`
# over the same files: files/s and pages/s, the ratios, and the largest
# worker's peak memory (from the batch's closing line).
arch=$dir/archivo
if [ ! -d "$arch" ]; then
    mkdir -p "$arch"
    copy=0
    while [ "$(ls "$arch" | wc -l)" -lt 200 ]; do
        copy=$((copy + 1))
        for f in samples/*.pdf; do cp "$f" "$arch/$copy-$(basename "$f")"; done
    done
fi
files=$(ls "$arch" | wc -l)
pages=0
for f in "$arch"/*.pdf; do pages=$((pages + $(pages_of "$f"))); done
cores=$(nproc)
wall() { # CMD...: wall seconds of one run
    /usr/bin/time -f "%e" -o "$dir/time" "$@" >/dev/null 2>"$dir/stderr"
    tail -n 1 "$dir/time"
}
rm -rf "$dir/lote1" "$dir/loteN"
b1=$(wall "$BIN" batch "$arch" -o "$dir/lote1" -j 1)
peak1=$(sed -n 's/.*largest worker \([0-9]*\) MiB.*/\1/p' "$dir/stderr")
bN=$(wall "$BIN" batch "$arch" -o "$dir/loteN" -j "$cores")
peakN=$(sed -n 's/.*largest worker \([0-9]*\) MiB.*/\1/p' "$dir/stderr")
tl=$(wall sh -c 'for f in "$1"/*.pdf; do pdftotext -bbox-layout "$f" "$2"; done' sh "$arch" "$dir/loop.html")
echo "batch: $files files, $pages pages; wall seconds"
awk -v f="$files" -v p="$pages" -v b1="$b1" -v bn="$bN" -v tl="$tl" -v c="$cores" -v m1="$peak1" -v mn="$peakN" 'BEGIN {
    printf "  batch -j1      %6.2f s  %6.1f files/s  %6.1f pages/s  largest worker %s MiB\n", b1, f / b1, p / b1, m1
    printf "  batch -j%-2d     %6.2f s  %6.1f files/s  %6.1f pages/s  largest worker %s MiB\n", c, bn, f / bn, p / bn, mn
    printf "  pdftotext loop %6.2f s  %6.1f files/s  %6.1f pages/s\n", tl, f / tl, p / tl
    s = b1 / bn
    printf "  -j%d / -j1 speed-up %.2fx: %s (>= 1.8x on 2 cores)\n", c, s, (c < 2 ? "NOT MEASURED (1 core)" : (s >= 1.8 ? "PASS" : "MISS"))
    printf "  batch -j1 / pdftotext loop %.2fx: %s (<= 1x)\n", b1 / tl, (b1 <= tl ? "PASS" : "MISS")
}'

# ---- text: growth with the size of plain text (issue 22) -------------------
# Text files of 8 MB of prose (one paragraph of accented lines) and of
# 400,000 short lines, converted once each: seconds per MB and per 100,000
# lines, and peak memory as a multiple of the input (goal: under 2x the
# input plus a constant; the constant, about 20 MB of libraries, rules and
# the compiled schema, is the peak of converting a one-sentence mission,
# the least a conversion does, and is taken off).
awk 'BEGIN { printf "Misión\n"; for (i = 0; i < 8 * 1024 * 1024 / 64; i++) printf "La misión de la institución es servir con acentos áéíóú y ñ.\n" }' >"$dir/prose.txt"
awk 'BEGIN { printf "Misión\n"; for (i = 0; i < 400000; i++) printf "- una fortaleza\n" }' >"$dir/lines.txt"
printf 'Misión\nServir a la población con transparencia.\n' >"$dir/least.txt"
peak() { # FILE: "SECONDS PEAK_KB" of one conversion
    /usr/bin/time -f "%e %M" -o "$dir/time" "$BIN" convert "$1" -o "$dir/text.xml" 2>/dev/null
    tail -n 1 "$dir/time"
}
base=$(peak "$dir/least.txt" | cut -d' ' -f2)
echo "text: seconds and peak memory over the peak of a one-sentence report ($base KB)"
for f in prose lines; do
    set -- $(peak "$dir/$f.txt")
    awk -v name="$f" -v s="$1" -v kb="$2" -v base="$base" -v bytes="$(wc -c <"$dir/$f.txt")" \
        -v lines="$(wc -l <"$dir/$f.txt")" 'BEGIN {
        mb = bytes / 1048576; extra = (kb - base) / 1024
        printf "  %-6s %5.1f MB %7d lines %6.2f s  %5.2f s/MB  %5.2f s/100k lines  peak +%.0f MB = %.1fx input: %s (< 2x)\n",
            name, mb, lines, s, s / mb, s * 100000 / lines, extra, extra / mb, (extra / mb < 2 ? "PASS" : "MISS")
    }'
done
