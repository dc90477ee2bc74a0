// Debian's bash-static running scripts that need no fork, natively and as an
// image (patched and trap-only): arithmetic, functions, arrays, expansions, here-strings, redirections,
// traps and a signal sent to itself.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class BashCompatTest {
    private static final Path BASH = Path.of("/bin/bash-static");

    private static final Map<String, String> SCRIPTS = Map.of(
            "arithmetic and loops", "x=0; for ((i = 1; i <= 100; i++)); do ((x += i * i)); done; echo $x; echo $((2**40 % 97))",
            "functions and status", "f() { local a=$1; echo \"f $a\"; return $((a + 1)); }; f 4; echo \"rc=$?\"; f 6 || echo failed",
            "arrays and expansions", "a=(one two three); a+=(four); echo ${#a[@]} ${a[2]} ${a[@]:1:2}; s='Hello World'; "
                    + "echo ${s^^} ${s,,} ${s/World/There} ${s#H*l} ${#s}; declare -A m=([k]=v [x]=y); echo ${m[k]}${m[x]}",
            "redirections and files", "echo line1 > f.txt; echo line2 >> f.txt; while read -r l; do echo \"<$l>\"; done < f.txt; "
                    + "exec 3> g.txt; echo to3 >&3; exec 3>&-; cat_ () { while read -r l; do echo \"$l\"; done; }; cat_ < g.txt; "
                    + "[[ -f f.txt ]] && echo exists; [[ -d nowhere ]] || echo no-dir; printf '%s\\n' * > list.txt",
            "here-strings and printf", "read -r a b <<< 'alpha beta'; echo \"$b $a\"; printf '%-6s|%4d|%x|%s\\n' ab 42 255 end; "
                    + "printf -v v '%03d' 7; echo $v; IFS=: read -ra parts <<< 'a:b:c'; echo ${parts[1]}",
            "traps and signals", "trap 'echo got USR1' USR1; kill -USR1 $$; trap 'echo bye' EXIT; echo body; exit 4",
            "case, test and exit status", "for w in apple Banana 42 ''; do case $w in [a-z]*) echo lower;; [A-Z]*) echo upper;; "
                    + "[0-9]*) echo digits;; *) echo empty;; esac; done; [[ abc =~ ^a(b)c$ ]] && echo ${BASH_REMATCH[1]}; false; echo $?");

    @TestFactory
    List<DynamicTest> scripts() {
        List<DynamicTest> tests = new ArrayList<>();
        SCRIPTS.forEach((name, script) -> {
            tests.addAll(Differential.inEveryMode(Invocation.of("bash " + name, BASH, "bash", List.of("-c", script))));
        });
        return tests;
    }
}
