# common.sh - the frame of a shell test, sourced after "set -u" with the
# test's name in NAME and its arguments: the binary as BIN (absolute),
# a scratch folder as $tmp (removed at exit), pass/fail counters and the
# closing "N passed, N failed" line (finish).
case "${1:-}" in
'') echo "usage: sh tests/$NAME.sh BUILD/poa2xml" >&2; exit 2 ;;
/*) BIN=$1 ;;
*) BIN=$(pwd)/$1 ;;
esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/poa2xml-$NAME.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
