// Debian's mksh-static (the MirBSD Korn shell linked with klibc, whose
// system calls all go through one stub with the number in a register)
// running scripts that need no fork, natively and as an image: arithmetic,
// typeset attributes, arrays, parameter expansions, functions, patterns,
// files and descriptors, here-documents, getopts, traps, and error exits.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

class MkshCompatTest {
    private static final Path MKSH = Path.of("/bin/mksh-static");
    private static final Map<String, byte[]> FIXTURES = Map.of(
            "in.txt", "pear 3\napple 10\nfig 7\n\nbanana 2\n".getBytes(StandardCharsets.US_ASCII),
            "dir/a.c", "int a;\n".getBytes(StandardCharsets.US_ASCII),
            "dir/b.txt", "bee\n".getBytes(StandardCharsets.US_ASCII));

    /** Name, script: scripts use builtins only (a command substitution or pipeline would fork). */
    private static final List<String[]> SCRIPTS = List.of(
            new String[] {"arithmetic and loops", "x=0 i=1; while (( i <= 100 )); do (( x += i * i )); let i++; done; "
                    + "echo $x $(( 123456 * 789 % 1009 )) $((16#ff + 8#17 + 2#101)) $(( -7 / 2 )) $(( -7 % 2 )) $((1 << 62 >> 60)); "
                    + "typeset -i16 h=255; typeset -i2 b=10; echo $h $b; j=0; until (( j == 3 )); do echo -n $j; (( j++ )); done; echo"},
            new String[] {"typeset attributes", "typeset -u up=MiXeD; typeset -l low=MiXeD; typeset -L5 left=ab; typeset -R5 right=ab; "
                    + "typeset -Z4 zero=42; echo \"$up $low [$left] [$right] $zero\"; typeset -r ro=1; ro=2; echo not reached"},
            new String[] {"arrays", "set -A a one two three; a[5]=six; echo ${#a[*]} ${a[1]} ${a[5]} ${!a[*]}; "
                    + "set -A b -- ${a[*]}; echo ${b[3]}; unset a[0]; echo ${a[*]}; set -A n 5 3 9; sum=0; "
                    + "for v in \"${n[@]}\"; do (( sum += v )); done; echo $sum; set +A n 1; echo ${n[*]}"},
            new String[] {"parameter expansions", "s='Hello World'; echo ${#s} ${s#H*l} ${s##*o} ${s%o*} ${s%%o*} ${s/o/0} "
                    + "${s//o/0} ${s:6} ${s:1:3} ${s@Q}; unset u; echo ${u:-dflt} ${u-x} ${u:+alt} ${s:+alt}; "
                    + ": ${v:=assigned}; echo $v; echo ${#} ${s@#}"},
            new String[] {"functions and recursion", "fact() { typeset n=$1; if (( n <= 1 )); then REPLY=1; return; fi; "
                    + "fact $((n - 1)); (( REPLY *= n )); }; fact 12; echo $REPLY; function f { typeset a=$1; echo \"f $a\"; "
                    + "return $((a + 1)); }; f 4; echo rc=$?; f 6 || echo failed; g() { echo \"$# args: $*\"; shift 2; echo \"$@\"; }; "
                    + "g a 'b c' d e"},
            new String[] {"patterns and tests", "for w in apple Banana 42 '' x.c; do case $w in [a-z]*.c) echo csource;; "
                    + "[a-z]*) echo lower;; [A-Z]*) echo upper;; +([0-9])) echo digits;; *) echo empty;; esac; done; "
                    + "[[ abc == a?c ]] && echo glob; [[ 10 -gt 9 && ! -z x ]] && echo arith; [[ b < a ]] || echo order; "
                    + "test -f in.txt && echo file; [ -d dir ] && echo dir; [[ -s in.txt && ! -e nowhere ]] && echo sizes; "
                    + "[[ in.txt -nt nowhere ]] && echo newer"},
            new String[] {"files and descriptors", "echo line1 > f.txt; echo line2 >> f.txt; while read -r l; do echo \"<$l>\"; done < f.txt; "
                    + "exec 3> g.txt; print -u3 to3; print -u3 -n more; exec 3>&-; read -r g < g.txt; echo $g; "
                    + "exec 4< in.txt; read -u4 x; read -u4 y; echo \"$x|$y\"; exec 4<&-; echo dir/*; echo *.txt; "
                    + "set -o noclobber; echo again > f.txt; echo rc=$?; echo >| f.txt forced; read -r r < f.txt; echo $r"},
            new String[] {"read and IFS", "n=0 total=0; while read -r name count; do [[ -z $name ]] && continue; "
                    + "(( n++, total += count )); echo \"$n:$name\"; done < in.txt; echo $total; IFS=: read -r a b c <<< 'x:y:z'; "
                    + "echo $c$b$a; IFS=, read -rA arr <<< '1,2,3,4'; echo ${#arr[*]} ${arr[3]}; "
                    + "cat_() { while IFS= read -r l; do print -r -- \"[$l]\"; done; }; cat_ <<EOF\n  indented\nplain $n\nEOF"},
            new String[] {"getopts", "parse() { OPTIND=1; while getopts 'ab:c' o; do case $o in a) echo opt-a;; b) echo \"opt-b $OPTARG\";; "
                    + "c) echo opt-c;; ?) echo bad;; esac; done; shift $((OPTIND - 1)); echo \"rest: $*\"; }; "
                    + "parse -a -b val -c one two; parse -ac -bx; parse -z -- last"},
            new String[] {"traps and signals", "trap 'echo got USR1' USR1; kill -USR1 $$; trap 'echo got TERM' TERM; kill -TERM $$; "
                    + "trap 'echo bye $?' EXIT; echo body; trap - USR1; trap; exit 4"},
            new String[] {"eval, alias and errexit", "alias say='echo said'; eval 'say one'; cmd='echo $((6 * 7))'; eval \"$cmd\"; "
                    + "set -e; false || echo recovered; f() { return 3; }; if f; then echo no; else echo \"else $?\"; fi; "
                    + "set +e; set -u; echo ${undefined_var}; echo not reached"},
            new String[] {"cd and directories", "cd dir && echo in-dir && echo * && cd .. && echo back; cd nowhere 2>/dev/null; echo rc=$?; "
                    + "[[ -d dir ]] && echo ok; cd dir; [[ ${PWD##*/} == dir ]] && echo pwd-set; cd - >/dev/null; [[ -f in.txt ]] && echo old"},
            new String[] {"syntax error", "echo before; if then fi"});

    @TestFactory
    List<DynamicTest> scripts() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] s : SCRIPTS) {
            Invocation c = Invocation.of("mksh " + s[0], MKSH, "mksh", List.of("-c", s[1])).withFixtures(FIXTURES);
            tests.addAll(Differential.inEveryMode(c));
        }
        assertTrue(tests.size() >= 10, "at least 10 mksh scripts");
        return tests;
    }
}
