#!/bin/sh
# scan-page.sh SRC.pdf PAGE OUT.pdf [--alone] - page PAGE of SRC as a scanner
# gives it: rendered to grey pixels by pdftoppm (40 dpi) and wrapped as the one
# image of a page, with no text layer.  OUT is SRC with that page replaced
# (a partly scanned report), or with --alone that page only.  The image PDF is
# written by hand (PDF 1.4, 7.5 file structure), so that no image-to-PDF
# converter is needed; qpdf joins the pages.  Used by tests/cli.sh and
# tools/make-samples.sh.
set -e
src=${1:?usage: scan-page.sh SRC.pdf PAGE OUT.pdf [--alone]}
page=${2:?page}
out=${3:?out}
alone=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pdftoppm -f "$page" -l "$page" -gray -r 40 "$src" "$tmp/scan"
pgm=$(ls "$tmp"/scan*.pgm | head -n 1)
# PGM P5: "P5 W H MAXVAL" then W*H bytes of pixels.
set -- $(head -c 64 "$pgm" | tr -s ' \t\n' '   ' | cut -d' ' -f1-4)
w=$2 h=$3
pw=$((w * 72 / 40)) ph=$((h * 72 / 40))
body="q $pw 0 0 $ph 0 0 cm /Im1 Do Q"
f=$tmp/scan.pdf
printf '%%PDF-1.4\n' >"$f"
o1=$(wc -c <"$f")
printf '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' >>"$f"
o2=$(wc -c <"$f")
printf '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' >>"$f"
o3=$(wc -c <"$f")
printf '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] ' "$pw" "$ph" >>"$f"
printf '/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>\nendobj\n' >>"$f"
o4=$(wc -c <"$f")
printf '4 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d ' "$w" "$h" >>"$f"
printf '/ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n' $((w * h)) >>"$f"
tail -c $((w * h)) "$pgm" >>"$f"
printf '\nendstream\nendobj\n' >>"$f"
o5=$(wc -c <"$f")
printf '5 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n' ${#body} "$body" >>"$f"
ox=$(wc -c <"$f")
{
    printf 'xref\n0 6\n0000000000 65535 f \n'
    for o in $o1 $o2 $o3 $o4 $o5; do printf '%010d 00000 n \n' "$o"; done
    printf 'trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' "$ox"
} >>"$f"
if [ "$alone" = --alone ]; then
    mv "$f" "$out"
    exit 0
fi
n=$(qpdf --show-npages "$src")
pages=""
[ "$page" -gt 1 ] && pages="$src 1-$((page - 1))"
pages="$pages $f 1"
[ "$page" -lt "$n" ] && pages="$pages $src $((page + 1))-$n"
# shellcheck disable=SC2086
qpdf --empty --deterministic-id --pages $pages -- "$out.tmp"
mv "$out.tmp" "$out"
