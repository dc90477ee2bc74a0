#!/bin/bash
# Generates C sources for the synthetic large benchmark binaries.
#   gen.sh unit IDX NFUNCS NUNITS   unit IDX of NUNITS: functions f_<k> with
#                                   k = IDX, IDX+NUNITS, ... < NFUNCS
#   gen.sh main 0   NFUNCS NUNITS   main(): calls every function once through
#                                   a table and prints a deterministic checksum
# Each function mixes ordinary code (loops, branches, a switch, calls to libc
# and to a neighbour) with inline-asm syscalls (getpid, getppid, write of 0
# bytes), so the text looks like real code to a binary rewriter.
set -euo pipefail
mode=$1 idx=$((10#$2)) nfuncs=$3 nunits=$4

emit_unit() {
    cat <<'HDR'
#include <string.h>
#include <sys/syscall.h>

#define SC0(nr) ({ long r_; __asm__ volatile("syscall" : "=a"(r_) : "a"((long)(nr)) : "rcx", "r11", "memory"); r_; })
#define SC3(nr, a, b, c) ({ long r_; __asm__ volatile("syscall" : "=a"(r_) : "a"((long)(nr)), "D"((long)(a)), "S"(b), "d"((long)(c)) : "rcx", "r11", "memory"); r_; })

static const unsigned char tab[16] = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3 };
HDR
    local k prev
    for ((k = idx; k < nfuncs; k += nunits)); do
        prev=$((k >= nunits ? k - nunits : -1))
        printf '%s\n' \
"" \
"static long h_$k(long a, long b)" \
"{" \
"    long s = 0;" \
"    for (long i = 0; i < (b & 7) + 2; i++)" \
"        s += (a ^ (i * $((k % 97 + 3)))) + tab[(a + i) & 15];" \
"    return s;" \
"}" \
"" \
"long f_$k(long x)" \
"{" \
"    char buf[48];" \
"    long a = x * $((k * 2654435761 % 1000003)) + $((k % 1009)), pid, ppid;" \
"    pid = SC0(SYS_getpid);" \
"    for (int i = 0; i < 6 + (int)(x & 3); i++) {" \
"        a ^= a >> $((k % 13 + 3));" \
"        a += tab[(a + i) & 15] * $((k % 31 + 1));" \
"        if (a & 0x100)" \
"            a -= h_$k(a, i);" \
"    }" \
"    memset(buf, (int)(a & 0x7f), sizeof buf);" \
"    buf[a & 31] = (char)x;" \
"    switch ((a >> 3) & 7) {" \
"    case 0: a += buf[3] * $((k % 7 + 2)); break;" \
"    case 1: a -= (long)strlen(buf + 40) + $((k % 11)); break;" \
"    case 2: a ^= h_$k(x, a); break;" \
"    case 3: a = a * 3 + 1; break;" \
"    case 4: a += SC3(SYS_write, 1, buf, 0); break;" \
"    case 5: a -= buf[a & 31]; break;" \
"    default: a += $((k % 5)); break;" \
"    }" \
"    for (int j = 0; j < 4; j++) {" \
"        switch ((a >> j) & 3) {" \
"        case 0: a = a * $((k % 17 + 3)) + j; break;" \
"        case 1: a ^= (long)buf[(a + j) & 47] << $((k % 9)); break;" \
"        case 2: a -= tab[(a ^ j) & 15] + $((k % 23)); break;" \
"        default: a = (a << 1) | (a < 0); break;" \
"        }" \
"        if (a % $((k % 5 + 3)) == 0)" \
"            buf[(j * 7 + a) & 47] ^= (char)a;" \
"    }" \
"    ppid = SC0(SYS_getppid);" \
"    a += (SC0(SYS_getpid) == pid) + (ppid != pid);"
        if ((prev >= 0)); then
            printf '    if ((a & 0xff) == %d)\n        a += f_%d(x + 1);\n' $((k % 251)) "$prev"
        fi
        printf '    return a;\n}\n'
    done
}

emit_main() {
    local k
    echo '#include <stdio.h>'
    echo
    for ((k = 0; k < nfuncs; k++)); do
        echo "long f_$k(long x);"
    done
    echo
    echo 'static long (*const funcs[])(long) = {'
    for ((k = 0; k < nfuncs; k++)); do
        echo "    f_$k,"
    done
    cat <<'EOF2'
};

int main(void)
{
    unsigned long sum = 0;
    for (unsigned long i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        sum = sum * 31 + (unsigned long)funcs[i]((long)i);
    printf("synth: %zu functions, checksum %016lx\n", sizeof funcs / sizeof funcs[0], sum);
    return 0;
}
EOF2
}

case $mode in
unit) emit_unit ;;
main) emit_main ;;
*) echo "usage: gen.sh unit|main IDX NFUNCS NUNITS" >&2; exit 2 ;;
esac
