#!/bin/sh
# linux-errno.sh HEADER: renumbers the errno values of newlib's sys/errno.h
# (unpacked source, before configure) as Linux's, so that errno, the libOS's
# results and a program's printed numbers agree with Linux's without any
# translation. Names Linux lacks (newlib's EFTYPE, ENOTSUP...) move to 200
# and up, clear of Linux's. Values come from the kernel's headers
# (linux-libc-dev), none are written down here.
set -eu
header=$1
cat /usr/include/asm-generic/errno-base.h /usr/include/asm-generic/errno.h \
  | sed -n 's/^#define[ \t]*\(E[A-Z0-9]*\)[ \t]*\([0-9][0-9]*\).*/\1 \2/p' > "$header.linux"
awk 'FNR == NR { linux[$1] = $2; next }
     /^#define[ \t]+E[A-Z0-9]+[ \t]+[0-9]+/ {
         name = $2
         value = (name in linux) ? linux[name] : 200 + extra++
         sub(/[ \t]+[0-9]+/, " " value)
     }
     { print }' "$header.linux" "$header" > "$header.tmp"
mv "$header.tmp" "$header"
rm "$header.linux"
