#!/bin/sh
# include_cycles.sh [DIR] - fail when the modules of DIR (default src)
# include each other in a cycle.  A module is a file's name without its
# extension (emit.c and emit.h are module emit; a NAME_internal.h header
# belongs to module NAME); an edge runs from a module to each header of DIR
# it includes.  tsort(1) finds the cycles.  Prints the
# modules of a cycle and exits 1; prints nothing and exits 0 when the graph
# is a tree of layers.
set -eu
dir=${1:-src}
edges=$(for f in "$dir"/*.c "$dir"/*.h; do
    from=$(basename "$f"); from=${from%.*}; from=${from%_internal}
    sed -n 's/^#include "\([^"]*\)\.h".*/\1/p' "$f" | while read -r to; do
        if [ -f "$dir/$to.h" ]; then echo "$from ${to%_internal}"; fi
    done
done)
if ! out=$(printf '%s\n' "$edges" | tsort 2>&1 >/dev/null); then
    echo "include cycle among the modules of $dir:" >&2
    printf '%s\n' "$out" | sed -n 's/^tsort: //p' | grep -v "input contains a loop" | sed 's/^/  /' >&2
    exit 1
fi
