#!/bin/sh
# Fails the build when the libOS needs a relocation other than R_X86_64_RELATIVE
# (the image linker applies only those) or has an undefined symbol.
set -eu
elf=$1
bad=$(readelf -rW "$elf" | awk '/^[0-9a-f]+ +[0-9a-f]+ +R_X86_64_/ && $3 != "R_X86_64_RELATIVE" {print $3}' | sort -u)
if [ -n "$bad" ]; then
    echo "libos: $elf: unsupported relocation types: $bad" >&2
    exit 1
fi
undef=$(nm -u "$elf" | awk '{print $2}')
if [ -n "$undef" ]; then
    echo "libos: $elf: undefined symbols: $undef" >&2
    exit 1
fi
