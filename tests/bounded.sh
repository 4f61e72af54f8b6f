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

# peak memory (unsanitized builds): the same short lines at four times the
# size grow linearly (measured from 1x to 2x and from 2x to 4x: the first
# megabytes fit in the heap start-up leaves free, so growth from start-up
# says nothing), and at 6.2 MB take at most 2.1 bytes for each byte of
# text (today about 1.9: the paragraph as it is joined, the text's pages
# given back as the parser reads on; 2.2 while
# glibc kept freed buffers resident, 3.0 when the text was held to the
# end, 7.3 when each line was held as a poa_line and a copy); one
# paragraph on one line at most 2.3 (today about 1.9: the paragraph in the
# model and as the validator reads it back; 2.9 when the line was copied
# whole for the outline, 3.1 when libxml2 escaped it whole, 4.7 before).
# Issue 22's goal is 2.
# Measured as shipped, with PCRE2's JIT (make leakcheck turns it off for
# valgrind: the interpreter's backtracking frames, a few MB bounded by the
# depth limit, are not the input's).
peak_kb() {
    env -u POA_NO_JIT /usr/bin/time -f "%M" -o "$tmp/mem" timeout 120 "$BIN" convert "$1" \
        -o "$tmp/out.xml" 2>/dev/null >/dev/null
    tail -n 1 "$tmp/mem"
}
# at_most NAME FILE START_KB BYTES: FILE's conversion peaks at most BYTES
# for each of its bytes above start-up.
at_most() {
    kb=$(peak_kb "$2")
    size=$(wc -c <"$2")
    if awk -v a="$3" -v c="$kb" -v s="$size" -v r="$4" 'BEGIN { exit !((c - a) * 1024 <= r * s) }'; then
        pass "peak memory of $1: $3 KB start-up, $kb KB ($size bytes)"
    else
        fail "peak memory of $1" "$3 KB start-up, $kb KB for $size bytes of text (at most $4 a byte)"
    fi
}
if [ -x /usr/bin/time ] && ! nm "$BIN" 2>/dev/null | grep -q __asan_init; then
    printf 'Misión\nServir.\n' >"$tmp/tiny.txt"
    k0=$(peak_kb "$tmp/tiny.txt")
    lines_of 50000 >"$tmp/lines2.txt"
    lines_of 200000 >"$tmp/lines8.txt"
    k1=$(peak_kb "$tmp/lines2.txt")
    k2=$(peak_kb "$tmp/lines4.txt")
    k4=$(peak_kb "$tmp/lines8.txt")
    size4=$(wc -c <"$tmp/lines8.txt")
    # linear: from 2x to 4x the input (100,000 to 200,000 lines) grows
    # about twice what 1x to 2x did (quadratic: four times); 25,000 lines
    # are too few, lost in the heap start-up leaves free
    if awk -v a="$k0" -v b="$k1" -v m="$k2" -v c="$k4" -v s="$size4" \
        'BEGIN { exit !((c - m) <= 3 * (m - b) + 1024 && (c - a) * 1024 <= 2.1 * s) }'; then
        pass "peak memory of short lines: $k0 KB start-up, $k1 KB, 2x $k2 KB, 4x the input $k4 KB ($size4 bytes)"
    else
        fail "peak memory of short lines" "$k0 KB start-up, $k1 KB, 2x $k2 KB, 4x the input $k4 KB ($size4 bytes of text)"
    fi
    at_most "one long line" "$tmp/line4.txt" "$k0" 2.3
    # lines of a word (1,500,000 of 4 bytes): the reader keeps four bits
    # a line and a place every 64, the furniture detector a bit a line and
    # a hash a line that may be a header's.  At most 2.2 bytes a byte
    # (today about 2.0, the paragraph in the model and as the validator
    # reads it back; 10.2 when the reader kept 16 bytes a line and the
    # detector 26)
    awk 'BEGIN { printf "Misión\n"; for (i = 0; i < 1500000; i++) printf "una\n" }' >"$tmp/words.txt"
    at_most "lines of a word" "$tmp/words.txt" "$k0" 2.2
    # distinct lines (words drawn at random, no digits: no two signatures
    # alike): at most 2.3 bytes a byte (today about 1.9; 2.7 while glibc
    # kept freed buffers resident; 6.5 when the furniture detector kept
    # each line's signature and text in tables)
    awk 'BEGIN { srand(7); split("agua ciudad servicio programa acción línea objetivo calidad atención población municipio gestión recursos proyecto plan evaluación", w, " ");
                 printf "Misión\n"; for (i = 0; i < 80000; i++) { for (j = 0; j < 6; j++) printf "%s%s", w[int(rand() * 16) + 1], j < 5 ? " " : "\n" } }' >"$tmp/distinct.txt"
    at_most "distinct lines" "$tmp/distinct.txt" "$k0" 2.3
    # 2,000 pages of a programme as pdftotext -layout prints them: a
    # running header, a FODA in two columns, prose, an objective and its
    # action lines, a page number.  At most 3.2 bytes a byte (today about
    # 2.6; 4.4 when the column finder measured every line at once, 128
    # bytes a line, and passes held the text three times)
    awk -v n=2000 'BEGIN {
        for (pg = 1; pg <= n; pg++) {
            printf "%sInstituto Estatal de Participación          Programa de Trabajo 2031\n\n", (pg > 1 ? "\f" : "")
            printf "Fortalezas                               Debilidades\n\n"
            for (i = 1; i <= 4; i++) {
                printf "•   Personal con experiencia número %d    •   Falta de sistemas de registro %d\n", i, i
                printf "    en la organización de procesos.          integrados en las oficinas.\n"
            }
            printf "\nLa institución atiende a la población del estado con programas de formación cívica y\n"
            printf "participación ciudadana, en coordinación con los municipios y las organizaciones de la\n"
            printf "sociedad civil, conforme al calendario aprobado para el ejercicio.\n\n"
            printf "OE%d. Fortalecer la participación ciudadana en la página %d.\n", pg, pg
            for (j = 1; j <= 5; j++)
                printf "Línea de acción %d.%d Realizar jornadas de difusión en los distritos\n    del estado durante el trimestre.\n", pg, j
            printf "\n%60d\n", pg
        } }' >"$tmp/pages.txt"
    at_most "pages of a programme" "$tmp/pages.txt" "$k0" 3.2
fi

# every line a sentence: in text without blank lines, each one a new
# paragraph of the same mission
sentences_of() {
    awk -v n="$1" 'BEGIN { printf "Misión\n"; for (i = 0; i < n; i++) printf "La misión de la institución es servir a la ciudadanía.\n" }'
}
sentences_of 2000 >"$tmp/sent1.txt"
sentences_of 8000 >"$tmp/sent4.txt"
grows "many one-sentence paragraphs of a mission" "$tmp/sent1.txt" "$tmp/sent4.txt"

# thousands of lines under one objective, their codes repeating (a table
# printed again and again): each element closed looks for its repeat among
# the nodes of its own code, not among all its siblings
coded_lines_of() {
    awk -v n="$1" 'BEGIN { printf "Comisión de Agua\n\nObjetivo 1. Reducir las fugas.\n\n";
        for (i = 1; i <= n; i++) printf "Línea de acción 1.%d Sustituir el tramo %d.\n\n", i % 999 + 1, i }'
}
coded_lines_of 10000 >"$tmp/coded1.txt"
coded_lines_of 40000 >"$tmp/coded4.txt"
grows "many coded lines under one objective" "$tmp/coded1.txt" "$tmp/coded4.txt"

# side-by-side text that is no pair of columns: a label and its value on
# each line (refused once for the run, not again from each of its lines),
# and a table of three columns whose rows stand off one grid (a run is
# measured 200 lines at most); both were quadratic (40,000 lines: 22 s)
labels_of() {
    awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "%-45s%s\n", "• Personal con experiencia número " i, "• Falta de sistemas de registro " i }'
}
labels_of 5000 >"$tmp/labels1.txt"
labels_of 20000 >"$tmp/labels4.txt"
grows "side-by-side labels and values" "$tmp/labels1.txt" "$tmp/labels4.txt"
grid_of() {
    awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) { if (i % 2) printf "%-30s%-30s%s\n", "Acción número " i, "Responsable área " i, "Meta del trimestre " i;
                                                  else printf "%-36s%-24s%s\n", "Acción número " i, "Responsable área " i, "Meta del trimestre " i } }'
}
grid_of 2500 >"$tmp/grid1.txt"
grid_of 10000 >"$tmp/grid4.txt"
grows "a table of three columns off one grid" "$tmp/grid1.txt" "$tmp/grid4.txt"

# numbered lines under one objective, every code new: a line is looked up
# by its code before the numbering is read (each line read every line
# before it: 40,000 lines took 19 s)
numbered_of() {
    awk -v n="$1" 'BEGIN { printf "Objetivo 1. Reducir.\n"; for (i = 1; i <= n; i++) printf "%d.%d Sustituir el tramo número %d de la red.\n", int(i / 100) + 1, i % 100 + 1, i }'
}
numbered_of 2500 >"$tmp/numbered1.txt"
numbered_of 10000 >"$tmp/numbered4.txt"
grows "numbered lines under one objective" "$tmp/numbered1.txt" "$tmp/numbered4.txt"

# a web page's table whose rows each could head a table (a code and an
# action a row): a table refused is not asked for again from each row of
# its body (12,000 rows took 35 s)
page_table_of() {
    awk -v n="$1" 'BEGIN { print "<html><body><h1>Programa</h1><table>"; for (i = 1; i <= n; i++) printf "<tr><td>%d.%d</td><td>Acción número %d</td></tr>\n", int(i / 100) + 1, i % 100 + 1, i; print "</table></body></html>" }'
}
page_table_of 1500 >"$tmp/table1.html"
page_table_of 6000 >"$tmp/table4.html"
grows "a web page's table of coded rows" "$tmp/table1.html" "$tmp/table4.html"

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

# ---- hostile PDFs (issue 19): each ends with its status, in bounded time
# and memory.  Built here with awk and the qpdf tools, which rebuild the
# cross-reference table.  Under the sanitizers memory is not measured (their
# shadow memory is most of it).
sanitized=0
nm "$BIN" 2>/dev/null | grep -q __asan_init && sanitized=1

# raw_pdf OUT: the PDF written to OUT.raw, its xref rebuilt by qpdf.
raw_pdf() {
    qpdf "$1.raw" "$1" 2>/dev/null
    [ $? -le 3 ] && [ -s "$1" ] # 3: warnings (the xref was rebuilt)
}

# one_page OUT CONTENT_FILE [DICT_EXTRA] [MORE_OBJECTS]: a page of Helvetica text
# whose content stream is CONTENT_FILE.
one_page() {
    len=$(wc -c <"$2")
    {
        printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'
        printf '2 0 obj << /Type /Pages /Count 1 /Kids [3 0 R] >> endobj\n'
        printf '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> %s >> /Contents 4 0 R >> endobj\n' "${5:-}"
        printf '4 0 obj << /Length %d %s >> stream\n' "$len" "${3:-}"
        cat "$2"
        printf '\nendstream endobj\n5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n'
        [ -n "${4:-}" ] && cat "$4"
        printf 'trailer << /Root 1 0 R >>\n%%%%EOF\n'
    } >"$1.raw"
    raw_pdf "$1"
}

# hostile NAME FILE EXITS SECONDS KB: FILE converts with an exit status in
# EXITS ("1 8") within SECONDS and (unsanitized) KB of peak memory.
hostile() {
    /usr/bin/time -f "%e %M" -o "$tmp/time" timeout 120 "$BIN" convert "$2" -o "$tmp/h.xml" \
        2>"$tmp/err" >/dev/null
    rc=$?
    t=$(tail -n 1 "$tmp/time" | cut -d' ' -f1)
    kb=$(tail -n 1 "$tmp/time" | cut -d' ' -f2)
    ok_rc=0
    for e in $3; do [ "$rc" = "$e" ] && ok_rc=1; done
    if [ "$ok_rc" = 1 ] && awk -v t="$t" -v m="$4" 'BEGIN { exit !(t <= m) }' &&
        { [ "$sanitized" = 1 ] || [ "$kb" -le "$5" ]; }; then
        pass "$1: exit $rc, $t s, $kb KB"
    else
        fail "$1" "exit $rc (want $3), $t s (at most $4), $kb KB (at most $5): $(head -c 200 "$tmp/err")"
    fi
}

if command -v qpdf >/dev/null 2>&1 && command -v zlib-flate >/dev/null 2>&1 && [ -x /usr/bin/time ]; then
    # a page tree of 100,000 pages, none with text
    awk 'BEGIN { n = 100000
        printf "%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        printf "2 0 obj << /Type /Pages /Count %d /Kids [", n
        for (i = 0; i < n; i++) printf " %d 0 R", i + 3
        printf " ] >> endobj\n"
        for (i = 0; i < n; i++) printf "%d 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n", i + 3
        printf "trailer << /Root 1 0 R >>\n%%%%EOF\n" }' >"$tmp/pages.pdf.raw"
    raw_pdf "$tmp/pages.pdf" && hostile "100,000 pages without text" "$tmp/pages.pdf" 8 60 1000000

    # a page of a million path segments, and one line of text
    awk 'BEGIN { printf "BT /F1 12 Tf 72 720 Td (Mision: servir a la poblacion.) Tj ET\n"
        for (i = 0; i < 1000000; i++) printf "%d %d m %d %d l\n", i % 600, i % 700, (i + 3) % 600, (i + 5) % 700
        printf "S\n" }' >"$tmp/segments"
    one_page "$tmp/segments.pdf" "$tmp/segments" && hostile "a million path segments" "$tmp/segments.pdf" 1 60 1000000

    # a form that draws itself
    printf 'BT /F1 12 Tf 72 720 Td (Mision: servir a la poblacion.) Tj ET /Fm0 Do' >"$tmp/self"
    printf '6 0 obj << /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /Fm0 6 0 R >> >> /Length 24 >> stream\n0 0 m 10 10 l S /Fm0 Do\nendstream endobj\n' >"$tmp/form"
    one_page "$tmp/self.pdf" "$tmp/self" "" "$tmp/form" "/XObject << /Fm0 6 0 R >>" &&
        hostile "a form that draws itself" "$tmp/self.pdf" 1 10 200000

    # a table over an image (its rules looked for on a render) and text in
    # an embedded font FreeType refuses: poppler's cairo font engine prints
    # "some font thing failed" when it draws that text; the page is rendered
    # without its text, and nothing but our own line is printed
    awk 'BEGIN { printf "q 460 0 0 200 70 440 cm /Im1 Do Q /Fm0 Do\n"
        for (i = 0; i < 8; i++) printf "BT /F1 11 Tf 80 %d Td (Objetivo %d) Tj ET BT /F1 11 Tf 330 %d Td (Meta %d) Tj ET\n", 620 - 20 * i, i, 620 - 20 * i, i }' >"$tmp/font"
    awk 'BEGIN { printf "6 0 obj << /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /ASCIIHexDecode /Length 9 >> stream\n"
        printf "FF0000FF>\nendstream endobj\n"
        printf "7 0 obj << /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F2 8 0 R >> >> /Length 40 >> stream\n"
        printf "BT /F2 12 Tf 200 530 Td (Mision) Tj ET \nendstream endobj\n"
        printf "8 0 obj << /Type /Font /Subtype /TrueType /BaseFont /Broken /FirstChar 32 /LastChar 32 /Widths [500] /FontDescriptor 9 0 R >> endobj\n"
        printf "9 0 obj << /Type /FontDescriptor /FontName /Broken /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 10 0 R >> endobj\n"
        printf "10 0 obj << /Length1 40 /Length 40 >> stream\nthis is no TrueType font at all........\nendstream endobj\n" }' >"$tmp/font.objects"
    if one_page "$tmp/font.pdf" "$tmp/font" "" "$tmp/font.objects" "/XObject << /Im1 6 0 R /Fm0 7 0 R >>"; then
        "$BIN" convert "$tmp/font.pdf" -o "$tmp/font.xml" 2>"$tmp/err"
        rc=$?
        if [ "$rc" -le 9 ] && ! grep -v "^poa2xml: " "$tmp/err" | grep -q .; then
            pass "a broken embedded font on a rendered page: nothing printed but our own line (exit $rc)"
        else
            fail "a broken embedded font" "exit $rc: $(grep -v '^poa2xml: ' "$tmp/err" | head -c 200)"
        fi
    else
        fail "a broken embedded font" "the test PDF could not be made"
    fi

    # a content stream of 300 MB of zeros, 290 KB compressed
    head -c 300000000 /dev/zero | zlib-flate -compress >"$tmp/bomb"
    one_page "$tmp/bomb.pdf" "$tmp/bomb" "/Filter /FlateDecode" && hostile "a 300 MB compression bomb" "$tmp/bomb.pdf" 8 60 200000
else
    fail "hostile PDFs" "qpdf, zlib-flate or GNU time missing (make deps)"
fi

# a sparse file larger than memory, zeros: refused after its first 64 KiB,
# never a buffer of its size (the reader sizes its buffer from fstat only
# once those bytes show the file may be input)
if [ -x /usr/bin/time ] && truncate -s 64G "$tmp/sparse.bin" 2>/dev/null; then
    hostile "a sparse file of 64 GB" "$tmp/sparse.bin" 5 10 200000
    rm -f "$tmp/sparse.bin"
fi
# the same, text in its first 64 KiB and more than the memory allowed:
# exit 70 with a message, not an abort (under the sanitizers the address
# space is theirs, and no limit is set)
if [ "$sanitized" = 0 ] && line_of 1000 >"$tmp/huge.txt" && truncate -s 8G "$tmp/huge.txt" 2>/dev/null; then
    (ulimit -v 1000000 && exec "$BIN" convert "$tmp/huge.txt" -o "$tmp/h.xml") 2>"$tmp/err"
    rc=$?
    if [ "$rc" = 70 ] && grep -q "too large to hold in memory" "$tmp/err"; then
        pass "a text of 8 GB past a 1 GB limit: exit 70, $(cat "$tmp/err")"
    else
        fail "a text of 8 GB past a 1 GB limit" "exit $rc: $(head -c 200 "$tmp/err")"
    fi
    rm -f "$tmp/huge.txt"
fi

finish
