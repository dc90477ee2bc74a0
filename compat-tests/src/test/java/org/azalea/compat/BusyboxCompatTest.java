// Debian's busybox-static, converted once per mode (patched, trap-only), running applets (invoked as
// `busybox APPLET ...`, argv[0] "busybox") natively and as an image. Inputs
// are files prepared in each run's directory; files the applets write are
// compared too.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BusyboxCompatTest {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final String TEXT = "pear 3\napple 10\nfig 7\napple 10\nbanana 2\n";
    private static final Map<String, byte[]> FIXTURES = Map.of(
            "in.txt", TEXT.getBytes(StandardCharsets.US_ASCII),
            "dir/a.c", "int a;\n".getBytes(StandardCharsets.US_ASCII),
            "dir/sub/b.txt", "bee\n".getBytes(StandardCharsets.US_ASCII),
            "bin.dat", binary());

    /** Each line: applet and arguments, separated by '|'. */
    private static final List<String> CASES = List.of(
            "echo|hello|world", "cat|in.txt", "sort|in.txt", "sort|-k2|-n|in.txt", "uniq|-c|in.txt",
            "wc|in.txt", "md5sum|in.txt|bin.dat", "sha256sum|in.txt", "sha1sum|bin.dat",
            "sed|-e|s/apple/APPLE/g|-e|3d|in.txt", "awk|{ s += $2 } END { print s, NR }|in.txt",
            "grep|-n|apple|in.txt", "grep|-c|zzz|in.txt", "cut|-d| |-f1|in.txt", "od|-A|x|-t|x1z|bin.dat",
            "base64|bin.dat", "seq|2|3|20", "ls|-lR|--color=never|dir", "head|-n|2|in.txt", "tail|-c|12|in.txt",
            "gzip|-k|-9|in.txt", "expr|7|*|6", "printf|%5s|%03d\\n|ab|7", "stat|-c|%s %a %F|in.txt",
            "find|dir|-name|*.txt", "du|-a|dir", "basename|/usr/lib/x.so|.so", "dirname|/usr/lib/x.so",
            "rev|in.txt", "nl|in.txt", "fold|-w|4|in.txt", "tr|a-z|A-Z", "xxd|bin.dat", "hexdump|-C|bin.dat",
            "cp|in.txt|copy.txt", "mv|in.txt|moved.txt", "mkdir|-p|x/y/z", "rm|-r|dir", "touch|-d|2020-01-01 00:00|in.txt",
            "ln|-s|in.txt|link.txt", "chmod|600|in.txt", "truncate|-s|7|in.txt", "split|-l|2|in.txt|part.",
            "comm|in.txt|in.txt", "cmp|in.txt|in.txt", "diff|in.txt|in.txt", "true", "false", "sleep|0.05",
            "uname|-srm", "id|-u", "test|-f|in.txt", "sh|-c|x=1; for i in 1 2 3 4; do x=$((x*i+1)); done; echo $x; "
                    + "read l < in.txt; echo \"$l\"; cd dir && pwd >/dev/null && echo ok; printf '%s|' a b; echo; exit 3",
            "tac|in.txt", "shuf|-n|0|in.txt", "factor|360 97", "cal|2|2024", "date|-d|@86400|+%F %T",
            "strings|bin.dat", "dd|if=bin.dat|of=out.dat|bs=7|count=3",
            // another process's affinity is Linux's answer, not the image's partition
            "taskset|-p|1");

    private static byte[] binary() {
        byte[] b = new byte[300];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 37 + 11);
        }
        return b;
    }

    @TestFactory
    List<DynamicTest> applets() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : CASES) {
            List<String> args = Arrays.asList(line.split("\\|", -1));
            tests.addAll(Differential.inEveryMode(Invocation.of("busybox " + String.join(" ", args), BUSYBOX, "busybox",
                    args).withStdin(TEXT).withFixtures(FIXTURES)));
        }
        assertTrue(CASES.stream().map(l -> l.split("\\|")[0]).distinct().count() >= 25, "at least 25 applets");
        return tests;
    }

    /** tar -x needs an archive: made natively, extracted as an image (tar then reaps
        children it never had: wait4 must answer ECHILD, as Linux does). */
    @TestFactory
    List<DynamicTest> tarExtract() {
        Invocation make = Invocation.of("busybox tar -cf", BUSYBOX, "busybox", List.of("tar", "-cf", "-", "dir"))
                .withFixtures(FIXTURES);
        return List.of(DynamicTest.dynamicTest("busybox tar -xvf", () -> {
            byte[] tar = Differential.run(make, BUSYBOX).stdout().getBytes(StandardCharsets.ISO_8859_1);
            Differential.assertSameAsNative(Invocation.of("busybox tar -xvf", BUSYBOX, "busybox",
                    List.of("tar", "-xvf", "in.tar")).withFixtures(Map.of("in.tar", tar)));
        }));
    }

    /** gunzip needs a .gz that gzip made: made natively, checked as an image. */
    @TestFactory
    List<DynamicTest> gunzipOfGzip() {
        Invocation make = Invocation.of("busybox gzip -c", BUSYBOX, "busybox", List.of("gzip", "-c", "in.txt"))
                .withFixtures(FIXTURES);
        return List.of(DynamicTest.dynamicTest("busybox gunzip -c", () -> {
            byte[] gz = Differential.run(make, BUSYBOX).stdout().getBytes(StandardCharsets.ISO_8859_1);
            Differential.assertSameAsNative(Invocation.of("busybox gunzip -c", BUSYBOX, "busybox",
                    List.of("gunzip", "-c", "in.gz")).withFixtures(Map.of("in.gz", gz)));
        }));
    }
}
