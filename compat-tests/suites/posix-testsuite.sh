#!/bin/bash
# posix-testsuite.sh DEST: fetches the Open POSIX test suite (Debian source
# package posixtestsuite, with Debian's patches), builds the selected
# conformance tests as static glibc programs and lists them, for
# PosixTestsuiteTest. Each test is one file
# conformance/interfaces/FUNC/N-M.c, built to DEST/bin/FUNC-N-M.
#
# Selection (the rule PosixTestsuiteTest's header repeats): every
# conformance/interfaces/FUNC/N-M.c whose FUNC is an interface area the libOS
# implements (AREAS below: threads, semaphores, clocks and sleeps, timers,
# scheduling, memory mappings and locks, signals, fsync, time conversions),
# except:
#  - areas left out: POSIX AIO (aio_*, lio_listio), message queues (mq_*),
#    shared memory objects (shm_*), process creation (fork, pthread_atfork);
#  - tests that set a clock (their source calls clock_settime or
#    settimeofday: all of clock_settime and 3 others): as root they set the
#    machine's clock under every other test;
#  - sigaction's generated tests (each assertion repeated for ~26 signals):
#    only each assertion's first (N-1) and those of SIGUSR1, SIGCHLD and
#    SIGSEGV, 85 of 509;
#  - the tests in posix-testsuite-slow.txt (1.5 s or more natively, or hung),
#    unless POSIX_TESTSUITE_SLOW=1;
#  - speculative/ tests (behaviour POSIX leaves unspecified) and
#    N-buildonly.c files (compiled by the suite, never run).
#
# Flags are the suite's own (Makefile CFLAGS, LDFLAGS file) with -static and
# without -Werror and -g: a warning of a newer gcc is not the test's outcome.
# Built with 2 jobs; a binary newer than its source and this script is kept,
# so a second run only lists.
#
# Output: DEST/tests.tsv, one line per selected test: NAME, built|nobuild,
# fork|- (whether its source calls fork( or vfork(), source path relative
# to the suite. A test that does not compile is listed as nobuild (its
# compiler output in DEST/log/NAME.log): it cannot pass. Also DEST/fork-probe,
# built from fork-probe.c.
# Exit status: 0 done, 2 usage, 69 the source cannot be fetched, 70 no test
# built at all.
set -euo pipefail

say() { printf 'posix-testsuite: %s\n' "$*" >&2; }
[[ $# -eq 1 ]] || { say "usage: posix-testsuite.sh DEST"; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$1"
dest=$(cd "$1" && pwd)

"$here/debian-source.sh" posixtestsuite "$dest/src" || exit $?
suite=$(find "$dest/src" -mindepth 1 -maxdepth 1 -type d -name 'posixtestsuite-*' | head -n 1)
[[ -d $suite/conformance/interfaces ]] || { say "no conformance/interfaces in $suite"; exit 69; }

AREAS='^(pthread_.*|sem_.*|clock.*|nanosleep|time|timer_.*|sched_.*|mmap|munmap|mlock.*|munlock.*|sig.*|raise|kill|killpg|getpid|fsync|asctime|ctime|difftime|gmtime|localtime|mktime|strftime)$'
EXCLUDED='^(pthread_atfork)$'
SIGACTION='SIGUSR1|SIGCHLD|SIGSEGV'
declare -A is_slow=()
if [[ ${POSIX_TESTSUITE_SLOW:-0} != 1 ]]; then
    while read -r name; do
        is_slow[$name]=1
    done < <(grep -v '^#' "$here/posix-testsuite-slow.txt")
fi

mkdir -p "$dest/bin" "$dest/log"
list=$dest/tests.tsv.new
: >"$list"
for dir in "$suite"/conformance/interfaces/*/; do
    area=$(basename "$dir")
    [[ $area =~ $AREAS && ! $area =~ $EXCLUDED ]] || continue
    for src in "$dir"[0-9]*-[0-9]*.c; do
        [[ -f $src ]] || continue
        base=$(basename "$src" .c)
        if [[ $area == sigaction && $base != *-1 ]] && ! grep -qE "\\<($SIGACTION)\\>" "$src"; then
            continue
        fi
        [[ -z ${is_slow[$area-$base]:-} ]] || continue
        if grep -qE '\<(clock_settime|settimeofday)[[:space:]]*\(' "$src"; then
            continue
        fi
        forks=-
        if grep -qE '\<v?fork[[:space:]]*\(' "$src"; then
            forks=fork
        fi
        printf '%s-%s\t%s\t%s\n' "$area" "$base" "${src#"$suite"/}" "$forks" >>"$list"
    done
done

build_one() {
    local name=$1 rel=$2 out=$dest/bin/$1
    if [[ $out -nt $suite/$rel && $out -nt $script ]]; then
        return 0
    fi
    rm -f "$out"
    if gcc -O2 -Wall -std=gnu99 -D_POSIX_C_SOURCE=200112L -D_GNU_SOURCE -I"$suite/include" -static \
        -o "$out.tmp" "$suite/$rel" -lpthread -lrt -lm >"$dest/log/$name.log" 2>&1; then
        mv "$out.tmp" "$out"
    else
        rm -f "$out.tmp"
    fi
}
export -f build_one
export dest suite script=$here/posix-testsuite.sh

start=$SECONDS
cut -f 1,2 "$list" | xargs -P 2 -n 2 bash -c 'build_one "$1" "$2"' _
awk -F '\t' -v bin="$dest/bin" '{
    built = (system("test -x \"" bin "/" $1 "\"") == 0) ? "built" : "nobuild"
    print $1 "\t" built "\t" $3 "\t" $2
}' "$list" >"$dest/tests.tsv"
probe=$dest/fork-probe
if [[ ! $probe -nt $here/fork-probe.c ]]; then
    gcc -O2 -static -o "$probe" "$here/fork-probe.c" || { say "fork-probe.c does not compile"; exit 70; }
fi
rm -f "$list"
total=$(wc -l <"$dest/tests.tsv")
built=$(grep -c $'\tbuilt\t' "$dest/tests.tsv" || true)
say "$built of $total selected tests built ($((SECONDS - start)) s)"
[[ $built -gt 0 ]] || { say "no test built: see $dest/log"; exit 70; }
