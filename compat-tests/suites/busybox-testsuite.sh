#!/bin/bash
# busybox-testsuite.sh OUTDIR NAME=BINARY...: runs busybox's own testsuite
# (from Debian's busybox source package, the version of the installed
# busybox-static) once per NAME=BINARY, each BINARY a busybox to test (the
# native /bin/busybox, or its converted image, which picks the applet from
# argv[0] the same way). Each run gets its own copy of the testsuite and a
# bindir holding `busybox` (a symlink to BINARY) and the Debian static
# flavour's .config; runtest then puts a directory of applet symlinks to
# `busybox` first in PATH, as it does in Debian's build. The driver shell
# is /bin/sh; only applets come from BINARY.
# Writes OUTDIR/NAME.log (runtest's output with stderr, verbose) and
# OUTDIR/NAME.tsv: one line per case, CASE<TAB>PASS|FAIL|SKIP<TAB>WHY, CASE
# being APPLET/TESTNAME (~N appended to the Nth of a repeated
# name: runtest runs busybox.tests twice, and a few names repeat),
# WHY for a FAIL the first `azalea: unsupported syscall` line in the case's
# output, else its first diff line, else its first output line.
# The source is cached under compat-tests/target/suites-src.
# Exit status: 0 ran (whatever the cases did), 2 usage, 69 source or
# package missing, 70 a run produced no results.
set -euo pipefail

say() { printf 'busybox-testsuite: %s\n' "$*" >&2; }
[[ $# -ge 2 ]] || { say "usage: busybox-testsuite.sh OUTDIR NAME=BINARY..."; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
cache=$here/../target/suites-src
out=$1
shift
mkdir -p "$out"
out=$(cd "$out" && pwd)

"$here/debian-source.sh" busybox "$cache" || exit 69
src=$(find "$cache" -mindepth 1 -maxdepth 1 -type d -name 'busybox-*' | head -n 1)
config=$src/debian/config/pkg/static
[[ -f $config && -d $src/testsuite ]] || { say "$src lacks debian/config/pkg/static or testsuite/"; exit 69; }
# The tests' expectations are those of the source's version: say so when the
# installed binary comes from another (a binNMU's +bN suffix aside).
installed=$(dpkg-query -W -f '${Version}' busybox-static 2>/dev/null || true)
source_version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
if [[ ${installed%+b[0-9]*} != "$source_version" ]]; then
    say "warning: busybox-static ${installed:-not installed}, testsuite from source $source_version"
fi

# One run: NAME BINARY -> OUTDIR/NAME.{log,tsv}
run_suite() {
    local name=$1 binary=$2
    local dir=$out/$name
    rm -rf "$dir"
    mkdir -p "$dir/bin"
    cp -a "$src/testsuite" "$dir/bin/testsuite"
    # Debian's build drops mdev.tests too (it needs a chroot and root's mounts).
    rm -f "$dir/bin/testsuite/mdev.tests"
    # Mark where each applet's cases begin: test names repeat across applets.
    sed -i 's/^for applet in \$applets; do$/&\n\techo "APPLET: $applet"/' "$dir/bin/testsuite/runtest"
    grep -q '^	echo "APPLET: \$applet"$' "$dir/bin/testsuite/runtest" \
        || { say "runtest's applet loop not found: cannot mark applets"; return 70; }
    ln -s "$binary" "$dir/bin/busybox"
    cp "$config" "$dir/bin/.config"
    # Debian's rules run the suite with this environment (SHELL for taskset.tests,
    # ECHO because dash's echo lacks -e).
    (cd "$dir/bin/testsuite" && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$dir" TZ=UTC \
        SKIP_KNOWN_BUGS=y LANG=C.UTF-8 LC_ALL=C.UTF-8 SKIP_INTERNET_TESTS=y SHELL=/bin/sh ECHO=/bin/echo \
        VERBOSE=1 bindir="$dir/bin" /bin/sh ./runtest </dev/null >"$out/$name.log" 2>&1) || true
    tabulate <"$out/$name.log" >"$out/$name.tsv"
    rm -rf "$dir"
    [[ -s $out/$name.tsv ]] || { say "$name: runtest reported no cases (see $out/$name.log)"; return 70; }
}

# runtest's verbose log -> CASE<TAB>RESULT<TAB>WHY. A case's output is what
# follows the last "=====" banner before its result line, and what follows
# the result line (the diff, an old-style test's trace) up to the next banner.
tabulate() {
    LC_ALL=C awk -F '\t' '
        function flush() {
            if (pending == "") return
            why = ""
            n = split(cpre "\n" post, l, "\n")
            for (i = 1; i <= n && why == ""; i++) if (l[i] ~ /azalea: unsupported syscall/) why = l[i]
            m = split(post, d, "\n")
            for (i = 1; i <= m && why == ""; i++) if (d[i] ~ /^[-+]/ && d[i] !~ /^(---|\+\+\+) /) why = d[i]
            for (i = 1; i <= n && why == ""; i++) if (l[i] != "" && l[i] !~ /^=+$/) why = l[i]
            sub(/^\+azalea:/, "azalea:", why)
            gsub(/[\t\r]/, " ", why)
            print pending "\t" result "\t" (result == "FAIL" ? (why == "" ? "no output" : substr(why, 1, 200)) : "")
            pending = ""
        }
        /^APPLET: / { flush(); applet = substr($0, 9); pre = ""; inpost = 0; next }
        # A verbose echo of a command whose output lacks a final newline
        # leaves the result line glued to it: split it off.
        !inpost && !/^(PASS|FAIL|SKIPPED|UNTESTED): / && match($0, /(PASS|FAIL|SKIPPED|UNTESTED): [^\x27]*$/) {
            pre = pre "\n" substr($0, 1, RSTART - 1)
            $0 = substr($0, RSTART)
        }
        /^(PASS|FAIL|SKIPPED|UNTESTED): / {
            flush()
            result = $0; sub(/:.*/, "", result)
            if (result == "SKIPPED" || result == "UNTESTED") result = "SKIP"
            test = $0; sub(/^[A-Z]+: /, "", test); gsub(/[\t\r]/, " ", test)
            key = applet "/" test
            if (++seen[key] > 1) key = key "~" seen[key]
            pending = key; cpre = pre; pre = ""; post = ""; inpost = 1
            next
        }
        /^=+$/ { flush(); inpost = 0; pre = ""; next }
        { if (inpost) post = post "\n" $0; else pre = pre "\n" $0 }
        END { flush() }'
}

pids=()
for run in "$@"; do
    name=${run%%=*} binary=${run#*=}
    [[ $name != "$run" && -x $binary ]] || { say "not NAME=EXECUTABLE: $run"; exit 2; }
    run_suite "$name" "$(realpath "$binary")" &
    pids+=($!)
done
status=0
for p in "${pids[@]}"; do
    wait "$p" || status=$?
done
exit "$status"
