#!/bin/sh
# pages.sh POA2XML - the pages a person opens (issue 20), rendered as a
# browser renders them: sample reports converted with --html, each page
# checked by libxml2's HTML parser (the floor the issue names: nothing but
# HTML5's own elements unknown to it) and opened in headless Chromium,
# whose rendered document must hold every section, every element of the
# plan and every finding of the report's XML.
# Run from the repository root (tests/run.sh does).  Ends with the line
# "N passed, N failed" and exits non-zero when a check failed.
set -u
NAME=pages
. "$(dirname "$0")/shlib/common.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
# The W3C's HTML checker (vnu.jar, from npm, run with Java), fetched once
# into the build folder: its path, or nothing when it cannot be had here
# (the pages are then held to libxml2's HTML parser only, and this says so).
VNU_DIR=${POA_VNU_DIR:-$(pwd)/build/vnu}
vnu_jar() {
    jar=$VNU_DIR/node_modules/vnu-jar/build/dist/vnu.jar
    if [ ! -f "$jar" ] && command -v npm >/dev/null 2>&1; then
        mkdir -p "$VNU_DIR" &&
            timeout 300 npm install --prefix "$VNU_DIR" --no-audit --no-fund --ignore-scripts \
                vnu-jar >/dev/null 2>&1
    fi
    [ -f "$jar" ] && command -v java >/dev/null 2>&1 && echo "$jar"
}
VNU=$(vnu_jar || true)
PAGES=""
# render PAGE: the document Chromium builds from it, scripts and network off
render() {
    f=$1
    shift
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --user-data-dir="$tmp/profile" "$@" --dump-dom "file://$f" 2>/dev/null
}

# rendered NAME FILE [FLAGS...]: FILE as Chromium shows it, into $tmp/dom
# (empty when Chromium fails: the caller's checks then fail); false (NAME
# failed) only when Chromium is not installed.
rendered() {
    if [ -z "$CHROMIUM" ]; then
        fail "$1: rendered" "chromium is not installed (make deps installs it)"
        return 1
    fi
    shift
    render "$@" >"$tmp/dom" || :
}

# missing_in_dom WANT...: the WANTs (" [want]" each) $tmp/dom does not hold.
missing_in_dom() {
    for want in "$@"; do
        grep -qF "$want" "$tmp/dom" || printf ' [%s]' "$want"
    done
}

# The text of XML's elements NAME (one a line), as the page should show it.
xml_texts() {
    xmllint --xpath "//*[local-name()='$2']/text()" "$1" 2>/dev/null |
        sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g'
}

check_page() {
    input=$1 name=$(basename "$1" | sed 's/\.[a-z]*$//')
    xml=$tmp/$name.xml html=$tmp/$name.html
    "$BIN" convert "$input" -o "$xml" --html "$html" 2>"$tmp/err"
    st=$?
    if [ "$st" -gt 1 ] || [ ! -s "$html" ]; then
        fail "$name: convert --html" "exit $st, $(head -n 1 "$tmp/err")"
        return
    fi
    pass "$name: convert --html wrote the page"
    PAGES="$PAGES $html"
    # libxml2's HTML parser knows HTML 4: only HTML5's own elements may be unknown to it
    if xmllint --html --noout "$html" 2>&1 |
        grep 'error' | grep -v 'Tag \(header\|main\|section\|footer\|nav\) invalid' >"$tmp/lint"; then
        fail "$name: xmllint --html" "$(head -n 2 "$tmp/lint")"
    else
        pass "$name: xmllint --html finds nothing but HTML5 elements"
    fi
    rendered "$name" "$html" || return
    if ! grep -q '</html>' "$tmp/dom"; then
        fail "$name: rendered" "Chromium gave no document"
        return
    fi
    # the rendered text, entities decoded, one space for any run of blanks
    sed 's/<[^>]*>/ /g; s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g' "$tmp/dom" |
        tr -s ' \n\t' '   ' >"$tmp/text"
    missing=""
    for h in "Metadatos" "Misión" "Visión" "Análisis FODA" "Ejes, objetivos y líneas de acción"; do
        grep -qF "$h" "$tmp/text" || missing="$missing [$h]"
    done
    xml_texts "$xml" hallazgo >"$tmp/want"
    xml_texts "$xml" lineaAccion >>"$tmp/want"
    xml_texts "$xml" texto >>"$tmp/want"
    n=0
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        n=$((n + 1))
        want=$(printf '%s' "$line" | tr -s ' \t' '  ')
        grep -qF -- "$want" "$tmp/text" || missing="$missing [$(printf '%.60s' "$want")]"
    done <"$tmp/want"
    if [ "$n" = 0 ]; then
        fail "$name: rendered" "no finding or plan text read from $xml (xmllint --xpath)"
    elif [ -z "$missing" ]; then
        pass "$name: Chromium shows every section and all $n findings and plan texts"
    else
        fail "$name: rendered" "missing$missing"
    fi
}

# a complete report, an incomplete one with findings, a plan of three levels
for f in samples/iecm_programa_trabajo_2024_t3.txt samples/congreso_pt.pdf \
    samples/plan_municipal_tres_niveles.pdf samples/deporte_tepatlan_no_aplica.pdf; do
    check_page "$f"
done

# a batch's dashboard: a row per file, a link to each page, the charts
"$BIN" batch samples/congreso_pt.pdf samples/deporte_tepatlan_no_aplica.pdf \
    docs/examples/incompleto.txt "$tmp/no-such.pdf" -o "$tmp/lote" -q 2>"$tmp/err"
st=$?
index=$tmp/lote/index.html
if [ "$st" != 14 ] || [ ! -s "$index" ]; then
    fail "batch dashboard" "exit $st (want 14: one file missing), $(head -n 1 "$tmp/err")"
elif rendered "batch dashboard" "$index"; then
    rows=$(grep -o '<tr data-estado=' "$tmp/dom" | wc -l)
    pages=$(grep -o 'href="[^"]*\.html"' "$tmp/dom" | sort -u | wc -l)
    charts=$(grep -o '<svg' "$tmp/dom" | wc -l)
    missing=$(missing_in_dom "Resumen del lote" "Por ejercicio" "Por institución" \
        "Hallazgos más frecuentes" "H. Congreso del Estado de Tamaulipas" \
        "foda.oportunidades.empty" "linea.gap" "no-such.pdf" "cannot read: no such file")
    if [ "$rows" = 4 ] && [ "$pages" = 3 ] && [ "$charts" -ge 3 ] && [ -z "$missing" ]; then
        pass "batch dashboard: Chromium shows 4 rows, 3 page links, the charts and every finding"
    else
        fail "batch dashboard: rendered" "rows $rows (4), page links $pages (3), charts $charts (3)$missing"
    fi
    # the page's script: a view in the link filters and sorts the rows
    render "$index#estado=incomplete&orden=3" >"$tmp/dom"
    hidden=$(grep -o '<tr data-estado="[a-z]*" hidden' "$tmp/dom" | wc -l)
    shown=$(grep -o '<tr data-estado="incomplete">' "$tmp/dom" | wc -l)
    sorted=$(grep -o 'aria-sort="ascending"' "$tmp/dom" | wc -l)
    # by year, ascending: incompleto.txt (2024) before deporte_tepatlan (2026)
    order=$(grep -o 'incompleto\.txt\.html\|deporte_tepatlan_no_aplica\.pdf\.html' "$tmp/dom" | uniq | tr '\n' ' ')
    [ "$order" = "incompleto.txt.html deporte_tepatlan_no_aplica.pdf.html " ] || sorted="0 ($order)"
    if [ "$hidden" = 2 ] && [ "$shown" = 2 ] && [ "$sorted" = 1 ] &&
        grep -q '2 de 4 archivos' "$tmp/dom"; then
        pass "batch dashboard: #estado=incomplete&orden=3 shows the 2 incomplete files, sorted by year"
    else
        fail "batch dashboard: filter and sort" "hidden $hidden (2), shown $shown (2), sorted $sorted (1)"
    fi
    for f in congreso_pt.pdf.html incompleto.txt.html; do
        [ -s "$tmp/lote/$f" ] || missing="$missing [$f]"
    done
    [ -z "$missing" ] && pass "batch wrote each converted file's page" ||
        fail "batch pages" "missing$missing"
fi

# a file named like a URL is linked as a file, never run as a script
mkdir -p "$tmp/hostile"
cp docs/examples/incompleto.txt "$tmp/hostile/javascript:alert(1) #x.txt"
"$BIN" batch "$tmp/hostile" -o "$tmp/lote2" -q 2>/dev/null
if grep -qF 'href="./javascript%3Aalert%281%29%20%23x.txt.html"' "$tmp/lote2/index.html" &&
    ! grep -q 'href="javascript' "$tmp/lote2/index.html"; then
    pass "batch dashboard: a file named javascript:... is a relative, encoded link"
else
    fail "batch dashboard: hostile file name" "$(grep -o 'href="[^"]*"' "$tmp/lote2/index.html" | head -n 2)"
fi

# what changed between two quarters, as a page
sed 's/<trimestre>3</<trimestre>4</; s/Recopilar las experiencias/Recopilar y publicar las experiencias/' \
    samples/iecm_programa_trabajo_2024_t3.xml >"$tmp/t4.xml"
"$BIN" diff --format html -o "$tmp/diff.html" samples/iecm_programa_trabajo_2024_t3.xml "$tmp/t4.xml" \
    2>"$tmp/err"
st=$?
if [ "$st" != 1 ] || [ ! -s "$tmp/diff.html" ]; then
    fail "diff page" "exit $st (want 1), $(head -n 1 "$tmp/err")"
elif rendered "diff page" "$tmp/diff.html"; then
    missing=$(missing_in_dom "Cambios entre dos reportes" "<strong>2</strong> cambios" "redactado" \
        "cambiado" "trimestre" "Recopilar y publicar las experiencias")
    changes=$(grep -o '<tr class="[a-z]*"' "$tmp/dom" | wc -l)
    if [ -z "$missing" ] && [ "$changes" = 2 ]; then
        pass "diff page: Chromium shows both changes, old and new words"
    else
        fail "diff page: rendered" "rows $changes (2)$missing"
    fi
fi

# the XML itself, naming the stylesheet, opens as the page
mkdir -p "$tmp/pi"
cp schemas/programa-trabajo.xsl "$tmp/pi/"
"$BIN" convert samples/congreso_pt.pdf -o "$tmp/pi/congreso.xml" --stylesheet programa-trabajo.xsl \
    2>"$tmp/err"
st=$?
if [ "$st" != 0 ] || ! grep -q '<?xml-stylesheet type="text/xsl" href="programa-trabajo.xsl"?>' "$tmp/pi/congreso.xml"; then
    fail "--stylesheet" "exit $st, or no xml-stylesheet instruction"
elif rendered "--stylesheet" "$tmp/pi/congreso.xml" --allow-file-access-from-files; then
    if grep -qF 'Análisis FODA' "$tmp/dom" && grep -qF 'H. Congreso del Estado de Tamaulipas' "$tmp/dom"; then
        pass "--stylesheet: Chromium opens the XML as its page"
    else
        fail "--stylesheet: rendered" "no page in $(head -c 200 "$tmp/dom")"
    fi
fi
"$BIN" convert samples/congreso_pt.pdf -o "$tmp/x.xml" --stylesheet 'a"b.xsl' 2>"$tmp/err"
st=$?
[ "$st" = 2 ] && pass "--stylesheet with a quote is refused (2)" ||
    fail "--stylesheet with a quote" "exit $st"

# --html beside -o, and never over the input
"$BIN" convert samples/congreso_pt.pdf -o "$tmp/x.xml" --html samples/congreso_pt.pdf 2>"$tmp/err"
st=$?
if [ "$st" = 12 ] && grep -q 'the output is the input file' "$tmp/err"; then
    pass "--html over the input is refused (12)"
else
    fail "--html over the input" "exit $st: $(head -n 1 "$tmp/err")"
fi

# every page through the W3C's checker, errors and warnings alike
PAGES="$PAGES $tmp/lote/index.html $tmp/diff.html"
if [ -n "$VNU" ]; then
    # shellcheck disable=SC2086
    if timeout 300 java -jar "$VNU" $PAGES >"$tmp/vnu" 2>&1; then
        pass "the W3C HTML checker (vnu) finds nothing in $(echo $PAGES | wc -w) pages"
    else
        fail "the W3C HTML checker (vnu)" "$(head -n 3 "$tmp/vnu")"
    fi
else
    echo "note the W3C HTML checker could not be had (npm install vnu-jar, java): pages held to xmllint --html only"
fi

finish
