#!/bin/sh
# demo.sh POA2XML OUTDIR SAMPLE... - convert every sample to OUTDIR/NAME.xml,
# check each result with `poa2xml validate` and `xmllint --schema`, print one
# line per sample and a summary.  Exits 0 when every sample gave valid XML:
# an incomplete report (convert's exit 1) is a result, not a failure.
set -u
if [ $# -lt 3 ]; then
    echo "usage: sh tools/demo.sh POA2XML OUTDIR SAMPLE..." >&2
    exit 2
fi
BIN=$1
OUT=$2
shift 2
XSD=schemas/programa-trabajo.xsd
mkdir -p "$OUT" || exit 1
total=0 valid=0 complete=0 bad=0
log=$(mktemp "${TMPDIR:-/tmp}/poa2xml-demo.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT INT TERM

# count PATTERN FILE: lines of FILE holding PATTERN.
count() { grep -c -e "$1" "$2" 2>/dev/null || true; }

printf '%-40s %5s %5s %5s %5s %5s %5s  %s\n' sample F D O A obj lines result
for input in "$@"; do
    name=$(basename "$input")
    name=${name%.*}
    xml=$OUT/$name.xml
    total=$((total + 1))
    rm -f "$xml"
    timeout 300 "$BIN" convert "$input" -o "$xml" 2>"$log"
    rc=$?
    if [ "$rc" -gt 1 ] || [ ! -s "$xml" ]; then
        bad=$((bad + 1))
        printf '%-40s FAILED (exit %d): %s\n' "$name" "$rc" "$(head -n 1 "$log")"
        continue
    fi
    timeout 300 "$BIN" validate "$xml" >"$log" 2>&1
    vrc=$?
    if [ "$vrc" -ne "$rc" ]; then
        bad=$((bad + 1))
        printf '%-40s FAILED: convert exit %d but validate exit %d: %s\n' "$name" "$rc" "$vrc" \
            "$(tail -n 1 "$log")"
        continue
    fi
    if ! xmllint --noout --schema "$XSD" "$xml" >"$log" 2>&1; then
        bad=$((bad + 1))
        printf '%-40s FAILED: xmllint --schema: %s\n' "$name" "$(head -n 1 "$log")"
        continue
    fi
    valid=$((valid + 1))
    if [ "$rc" -eq 0 ]; then
        complete=$((complete + 1))
        result=complete
    else
        result="incomplete ($(count '<hallazgo ' "$xml") findings)"
    fi
    printf '%-40s %5d %5d %5d %5d %5d %5d  %s\n' "$name" "$(count '<fortaleza ' "$xml")" \
        "$(count '<debilidad ' "$xml")" "$(count '<oportunidad ' "$xml")" \
        "$(count '<amenaza ' "$xml")" "$(count '<objetivo ' "$xml")" \
        "$(count '<lineaAccion ' "$xml")" "$result"
done
echo "demo: $total samples into $OUT/: $valid valid XML ($complete complete," \
    "$((valid - complete)) incomplete), $bad failed"
[ "$bad" -eq 0 ]
