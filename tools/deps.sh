#!/bin/sh
# deps.sh - install the Debian packages poa2xml builds and tests with,
# only when something is missing (a fresh machine).  Needs root and apt.
set -e
PKGS="build-essential pkg-config libpoppler-glib-dev libxml2-dev libxml2-utils libpcre2-dev
libqpdf-dev libxslt1-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libcmocka-dev libjson-glib-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils qpdf valgrind time parallel chromium default-jre-headless"
missing=0
for lib in poppler-glib gio-2.0 libxml-2.0 libxslt libpcre2-8 libqpdf libcmark-gfm cmocka json-glib-1.0 cairo pangocairo; do
    pkg-config --exists "$lib" 2>/dev/null || missing=1
done
# CC=clang (the second sanitized build in .ci/run) needs clang and its
# sanitizer runtimes, which apt only recommends.
case "${CC:-cc}" in
clang*)
    PKGS="$PKGS clang libclang-rt-dev"
    rt=$("$CC" -print-file-name="libclang_rt.asan-$(uname -m).a" 2>/dev/null || true)
    [ -f "$rt" ] || missing=1
    ;;
esac
for cmd in "${CC:-cc}" cc xmllint pdftotext qpdf valgrind fc-list parallel chromium java npm; do
    command -v "$cmd" >/dev/null 2>&1 || missing=1
done
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing=1
[ -x /usr/bin/time ] || missing=1   # GNU time: wall time and peak RSS (make bench)
[ "$missing" = 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: missing libraries and no apt-get; install: $PKGS" >&2
    exit 1
fi
# Debian's npm package conflicts with a Node.js from elsewhere (NodeSource's
# nodejs, which brings its own npm): ask apt for npm only when there is none,
# or the whole install is refused as "held broken packages".
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "deps: installing Debian packages: $(echo $PKGS)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
