#!/bin/sh
# install.sh POA2XML - `make install` into a scratch prefix, then the
# README's library example compiled as documented (`pkg-config --cflags
# --libs poa`, the shared library) and statically (`--static`, libpoa.a),
# both run on a sample; the shared library's SONAME and exports; `make
# uninstall` leaves nothing behind.  Run from the repository root.
set -u
NAME=install
. tests/shlib/common.sh
BUILD=$(dirname "$BIN")
prefix=$tmp/prefix
# a sanitized build's objects need the sanitizer's runtime in the program too
case "$BUILD" in */san*) SAN="-fsanitize=address,undefined" ;; *) SAN="" ;; esac
CC=${CC:-cc}

if make --no-print-directory -s install BUILD="$BUILD" PREFIX="$prefix" >"$tmp/log" 2>&1; then
    pass "make install PREFIX=$prefix"
else
    fail "make install" "$(tail -n 3 "$tmp/log")"
fi

# the example of README.md, and a main that calls it
sed -n '/^```c$/,/^```$/p' README.md | sed '1d;$d' >"$tmp/example.c"
cat >>"$tmp/example.c" <<'C'

int main(int argc, char **argv)
{
    return argc == 3 ? convert_one(argv[1], argv[2]) : 2;
}
C
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# shellcheck disable=SC2046
if $CC $SAN -std=c17 -o "$tmp/ex-shared" "$tmp/example.c" $(pkg-config --cflags --libs poa) 2>"$tmp/log" &&
    LD_LIBRARY_PATH="$prefix/lib" "$tmp/ex-shared" samples/iecm_programa_trabajo_2024_t3.txt "$tmp/a.xml" &&
    xmllint --noout --schema schemas/programa-trabajo.xsd "$tmp/a.xml" 2>/dev/null &&
    LD_LIBRARY_PATH="$prefix/lib" ldd "$tmp/ex-shared" | grep -q "libpoa.so.0 => $prefix/lib"; then
    pass "README example, pkg-config --cflags --libs poa: links the shared library, converts"
else
    fail "README example with the shared library" "$(head -c 300 "$tmp/log")"
fi
# shellcheck disable=SC2046
if $CC $SAN -std=c17 -o "$tmp/ex-static" "$tmp/example.c" $(pkg-config --cflags poa) \
    "$prefix/lib/libpoa.a" $(pkg-config --static --libs poa | sed 's/-lpoa//') 2>"$tmp/log" &&
    "$tmp/ex-static" samples/iecm_programa_trabajo_2024_t3.txt "$tmp/b.xml" &&
    ! ldd "$tmp/ex-static" | grep -q libpoa; then
    pass "README example, libpoa.a with pkg-config --static --libs poa: links, converts"
else
    fail "README example with the static library" "$(head -c 300 "$tmp/log")"
fi

so=$(readlink "$prefix/lib/libpoa.so")
soname=$(readelf -d "$prefix/lib/$so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
exports=$(nm -D --defined-only "$prefix/lib/$so" | awk '$2 == "T" { print $3 }' | sed 's/@.*//' | sort)
api=$(grep -o '\bpoa_[a-z_0-9]*(' include/poa.h | tr -d '(' | sort -u)
if [ "$soname" = libpoa.so.0 ] && [ "$exports" = "$api" ]; then
    pass "libpoa.so: SONAME libpoa.so.0, exports exactly the $(echo "$api" | wc -l) functions of poa.h"
else
    fail "libpoa.so SONAME and exports" "soname '$soname'; exports differ from poa.h"
fi

make --no-print-directory -s uninstall BUILD="$BUILD" PREFIX="$prefix" >"$tmp/log" 2>&1
left=$(find "$prefix" -type f -o -type l | head -n 5)
if [ -z "$left" ]; then
    pass "make uninstall removes every installed file"
else
    fail "make uninstall" "left: $left"
fi
finish
