#!/bin/bash
# Runs every corpus binary listed in manifest.tsv twice in a scratch
# directory and checks: expected exit status, identical output across runs
# and across the C flavours, the ELF shape of each flavour (readelf), and the
# inline-asm patterns of asmsys (objdump).
# Usage: check.sh [BINDIR]   (default target/bin; run `make all` first)
set -uo pipefail
cd "$(dirname "$0")"
bin=$(realpath "${1:-target/bin}")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fails=0

fail() { echo "FAIL $*"; fails=$((fails + 1)); bad=1; }

run() { # run BINARY OUTFILE -> exit status
    (cd "$scratch" && "$1" >"$2" 2>&1 <<<'corpus stdin line')
}

elf_shape() { # elf_shape BINARY -> "TYPE interp=N"
    echo "$(readelf -h "$1" | awk '/Type:/ {print $2}') interp=$(readelf -lW "$1" | grep -c INTERP)"
}

while IFS=$'\t' read -r name _ flavours want _; do
    [[ $name == \#* ]] && continue
    ref=
    for f in ${flavours//,/ }; do
        b=$bin/$name.$f bad=0
        [[ -x $b ]] || { fail "$name.$f: missing"; continue; }
        run "$b" "$scratch/out1"; rc1=$?
        run "$b" "$scratch/out2"; rc2=$?
        [[ $rc1 == "$want" && $rc2 == "$want" ]] || fail "$name.$f: exit $rc1/$rc2, want $want"
        cmp -s "$scratch/out1" "$scratch/out2" || fail "$name.$f: output differs between runs"
        if [[ $f != go ]]; then
            if [[ -z $ref ]]; then ref=$(cat "$scratch/out1"); elif [[ $(cat "$scratch/out1") != "$ref" ]]; then
                fail "$name.$f: output differs from other flavours"
            fi
        fi
        shape=$(elf_shape "$b")
        case $f in pie) want_shape="DYN interp=0" ;; *) want_shape="EXEC interp=0" ;; esac
        [[ $shape == "$want_shape" ]] || fail "$name.$f: ELF $shape, want $want_shape"
        ((bad)) || echo "ok   $name.$f (exit $rc1, $shape)"
    done
done < manifest.tsv
# asmsys: the tricky inline-asm patterns must survive compilation.
for b in "$bin"/asmsys.*; do
    d=$(objdump -d "$b" | awk '/<main>:/,/^$/')
    grep -qE 'b8 0f 05 00 00[[:space:]]+mov +.0x50f,%eax' <<<"$d" || fail "$(basename "$b"): no mov \$0x50f,%eax"
    awk '/\tsyscall/ && prev ~ /\tsyscall/ {n++} {prev = $0} END {exit !n}' <<<"$d" ||
        fail "$(basename "$b"): no back-to-back syscalls"
    heads=$(grep -oE 'j(ne|nz) +[0-9a-f]+' <<<"$d" | awk '{print "^ *" $2 ":.*syscall"}')
    grep -qE "${heads:-none}" <<<"$d" || fail "$(basename "$b"): no syscall at loop head"
done
[[ -z $(ls -A "$scratch" | grep -v '^out[12]$') ]] || fail "files left behind: $(ls "$scratch")"
echo "$fails failure(s)"
exit $((fails != 0))
