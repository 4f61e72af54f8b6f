#!/bin/sh
# make-samples.sh - draw every samples/src/NAME.spec into samples/NAME.pdf with pdfgen.
# Usage: sh tools/make-samples.sh BUILD/pdfgen   (called by `make samples`)
# SOURCE_DATE_EPOCH fixes the PDF dates, so a re-run gives byte-identical files.
set -e
gen=${1:?usage: make-samples.sh PATH/TO/pdfgen}
: "${SOURCE_DATE_EPOCH:=1704067200}"
export SOURCE_DATE_EPOCH
n=0
for spec in samples/src/*.spec; do
    name=$(basename "$spec" .spec)
    "$gen" "$spec" "samples/$name.pdf.tmp"
    # "# scan-page N" in a spec: page N replaced by a scan of itself
    scan=$(sed -n 's/^# scan-page \([0-9][0-9]*\)$/\1/p' "$spec")
    if [ -n "$scan" ]; then
        sh tools/scan-page.sh "samples/$name.pdf.tmp" "$scan" "samples/$name.pdf.scan"
        mv "samples/$name.pdf.scan" "samples/$name.pdf.tmp"
    fi
    mv "samples/$name.pdf.tmp" "samples/$name.pdf"
    n=$((n + 1))
done
echo "make-samples: $n PDFs in samples/"
