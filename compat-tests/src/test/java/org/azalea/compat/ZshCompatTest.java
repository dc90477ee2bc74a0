// Debian's zsh-static running scripts that need no fork, natively and as an
// image: floating-point arithmetic, parameter-expansion flags, associative
// arrays, recursive globbing with qualifiers, the builtin file commands of
// zsh/files, zstat, strftime of a fixed time, getopts, printf, traps
// through TRAP functions, and error exits.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ZshCompatTest {
    private static final Path ZSH = Path.of("/bin/zsh-static");
    private static final Map<String, byte[]> FIXTURES = Map.of(
            "in.txt", "pear 3\napple 10\nfig 7\n\nbanana 2\n".getBytes(StandardCharsets.US_ASCII),
            "dir/a.c", "int a;\n".getBytes(StandardCharsets.US_ASCII),
            "dir/b.txt", "bee\n".getBytes(StandardCharsets.US_ASCII),
            "dir/sub/c.txt", "sea\nsee\n".getBytes(StandardCharsets.US_ASCII),
            "dir/sub/deeper/d.c", "int d;\n".getBytes(StandardCharsets.US_ASCII));

    /** Name, script: scripts use builtins only (a command substitution or pipeline would fork). */
    private static final List<String[]> SCRIPTS = List.of(
            new String[] {"arithmetic", "integer x=0; for ((i = 1; i <= 100; i++)) ((x += i ** 2)); print $x $((2 ** 40 % 97)) "
                    + "$((16#ff)) $(( 7 / 2 )) $(( 7 / 2.0 )) $(( 1e3 + 0.5 )); float f=3.14159; printf '%.3f %e %g\\n' $f $f $((f * 2)); "
                    + "typeset -i 16 h=255; print $h; print $(( [#2] 10 )) $(( 9223372036854775807 + 0 )); repeat 3 print -n r; print"},
            new String[] {"expansion flags", "s='Hello World'; print ${(U)s} ${(L)s} ${(C)${s:l}} ${#s} ${s[1,5]} ${s[-5,-1]} ${s:s/o/0/} "
                    + "${s//o/0}; a=(${(s: :)s}); print ${#a} ${a[2]}; csv=x,y,z; print ${(j:|:)${(s:,:)csv}}; "
                    + "n=(3 1 20 2); print ${(o)n} ${(On)n} ${(n)n}; w=(b a c a); print ${(u)w} ${(qq)s} ${(l:8::.:)#s} ${(r:8::_:)w[1]}"},
            new String[] {"associative arrays", "typeset -A m; m=(k1 v1 k2 v2); m[k3]=v3; print ${#m} ${m[k2]} ${(ko)m} ${(o)${(v)m}}; "
                    + "unset 'm[k1]'; print ${(k)m[(I)k*]}; (( ${+m[k1]} )) || print gone; for k in ${(ko)m}; do print \"$k=$m[$k]\"; done; "
                    + "typeset -A cnt; for w in a b a c a b; do (( cnt[$w]++ )); done; for k in ${(ko)cnt}; do print -n \"$k$cnt[$k] \"; done; print"},
            new String[] {"globbing", "setopt extendedglob; print dir/*; print dir/**/*.c; print -l dir/**/*(.); print dir/**/*(/); "
                    + "print dir/*.(c|txt); print dir/^*.c; print dir/**/*(.L-5); print *(.N:r); print nomatch*(N) end; "
                    + "print dir/sub/**/*(.om[1]:t) >/dev/null; print ${#${(f)\"$(<in.txt)\"}}"},
            new String[] {"file builtins", "zmodload zsh/files; mkdir -p new/a/b; print 'x' > new/a/b/f; ln -s f new/a/b/l; "
                    + "mv new/a/b/f new/a/b/g; chmod 600 new/a/b/g; print new/**/*; rm -r new/a/b; rmdir new/a; print new/*(N) empty; "
                    + "mkdir new/again; rm -r dir/sub; print dir/**/*"},
            new String[] {"zstat and strftime", "zmodload zsh/stat zsh/datetime; zstat -A s +size in.txt; print size $s; "
                    + "zstat -H h dir/a.c; print $h[size] $h[nlink] ${(l:6::0:)$(( [#8] h[mode] & 8#777 ))}; "
                    + "zstat -L +link dir >/dev/null; strftime '%Y-%m-%d %H:%M:%S %a %j' 1700000000; "
                    + "strftime -s out '%s %U' 86400; print $out; strftime -r -s back '%Y-%m-%d' 2001-09-09; print $back"},
            new String[] {"functions and scope", "fib() { local n=$1; (( n < 2 )) && { REPLY=$n; return }; fib $((n - 1)); "
                    + "local a=$REPLY; fib $((n - 2)); REPLY=$((a + REPLY)) }; fib 20; print $REPLY; "
                    + "outer() { local v=outer; inner }; inner() { print \"sees $v\" }; v=global; outer; print $v; "
                    + "f() { print \"$# ${@[2]} $argv[-1]\"; return 7 }; f a 'b c' d; print rc=$?; () { print anon $1 } arg; "
                    + "autoload -U nonexistent_fn; functions f"},
            new String[] {"read, files and here-docs", "while IFS=' ' read -r name count; do [[ -z $name ]] && continue; "
                    + "print -r -- \"$name:$count\"; done < in.txt; print line1 > f.txt; print line2 >> f.txt; "
                    + "lines=(\"${(@f)$(<f.txt)}\"); print ${#lines} $lines[2]; exec {fd}> g.txt; print -u $fd via-fd; exec {fd}>&-; "
                    + "read -r g < g.txt; print $g; IFS=: read -rA parts <<< 'a:b:c'; print $parts[3]; cat_() { while read -r l; do "
                    + "print \"[$l]\"; done }; cat_ <<EOF\nfirst $((1 + 1))\nsecond\nEOF"},
            new String[] {"getopts and printf", "set -- -v -o out.txt -n x rest; while getopts 'vo:n:' opt; do "
                    + "print -n \"$opt${OPTARG:+=$OPTARG} \"; done; shift $((OPTIND - 1)); print rest=$*; printf '%-6s|%5.2f|%x|%o|%c|%s\\n' ab 3.14159 255 8 xyz end; "
                    + "printf -v v '%03d-%s' 7 z; print $v; printf '%s,' 1 2 3; print; print -f '%s=%s\\n' a 1 b 2; print -P '%%'"},
            new String[] {"traps and signals", "TRAPUSR1() { print got USR1 }; kill -USR1 $$; trap 'print got TERM' TERM; kill -TERM $$; "
                    + "TRAPZERR() { print zerr }; false; unfunction TRAPZERR; trap 'print bye' EXIT; print body; exit 5"},
            new String[] {"conditions and case", "for w in apple Banana 42 '' x.c; do case $w in ([a-z]*.c) print csource;; "
                    + "([a-z]*) print lower;; ([A-Z]*) print upper;; (<->) print number;; (*) print empty;; esac; done; "
                    + "setopt extendedglob; [[ abc == (#b)a(b)c ]] && print $match[1]; [[ -f in.txt && -d dir && ! -e nowhere ]] && print tests; "
                    + "[[ 10 -gt 9 ]] && (( 3 > 2.5 )) && print numbers; [[ b < a ]] || print order; [[ in.txt -ef in.txt ]] && print same"},
            new String[] {"errors", "print before; f() { return 3 }; setopt err_exit; f || print handled $?; "
                    + "print ${undefined_var:?is not set}; print not reached"},
            new String[] {"read-only assignment", "typeset -r ro=1; print before; ro=2; print not reached"},
            new String[] {"syntax error", "print start; if [[ x ]; then; fi"});

    @TestFactory
    List<DynamicTest> scripts() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] s : SCRIPTS) {
            Invocation c = Invocation.of("zsh " + s[0], ZSH, "zsh", List.of("-f", "-c", s[1])).withFixtures(FIXTURES);
            tests.addAll(Differential.inEveryMode(c));
        }
        assertTrue(tests.size() >= 10, "at least 10 zsh scripts");
        return tests;
    }
}
