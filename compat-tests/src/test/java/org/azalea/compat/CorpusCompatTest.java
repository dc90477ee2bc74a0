// The corpus's single-threaded C programs, each flavour (glibc static,
// static-PIE, musl, stripped glibc, and glibc static linked with a Debian
// library's archive) as listed in corpus/manifest.tsv, run natively and as
// images converted both ways (patched sites, and the trap fallback alone);
// the fatal program dying of each signal; the exits program ending each way
// it knows; and envargs given thousands of long arguments.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

class CorpusCompatTest {
    private static final List<String> FLAVOURS = List.of("glibc", "pie", "musl", "glibc-stripped", "lib");
    private static final List<String> FATAL = List.of("segv", "bus", "fpe", "ill", "abort", "stack", "handled");
    private static final List<String> EXITS = List.of("ret255", "ret256", "exitneg", "_exit", "flush", "abort", "term",
            "usr1", "kill", "handled", "closed");
    /** Fewer cases than this means the manifest was damaged, not that there is less to test. */
    private static final int MIN_CASES = 200;

    @TestFactory
    List<DynamicTest> manifestPrograms() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (ManifestEntry e : ManifestEntry.readAll()) {
            if (e.name().startsWith("thr_")) {
                continue; // ThreadCompatTest runs these on several partitions, repeatedly
            }
            for (String flavour : e.flavours()) {
                if (!FLAVOURS.contains(flavour)) {
                    continue; // Go: GoCompatTest
                }
                for (Mode mode : Mode.values()) {
                    Invocation c = e.invocation(flavour, mode);
                    tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                        Differential.assertPresent(c.program());
                        Differential.assertSameAsNative(c);
                    }));
                }
            }
        }
        assertFalse(tests.size() < MIN_CASES, "corpus manifest gives too few C cases: " + tests.size());
        return tests;
    }

    @TestFactory
    List<DynamicTest> deathBySignal() {
        return oneArgumentCases("fatal", FATAL);
    }

    @TestFactory
    List<DynamicTest> exitStatuses() {
        return oneArgumentCases("exits", EXITS);
    }

    /** The program run once per argument, in every C flavour and mode. */
    private static List<DynamicTest> oneArgumentCases(String name, List<String> arguments) {
        List<DynamicTest> tests = new ArrayList<>();
        for (String flavour : List.of("glibc", "pie", "musl")) {
            Path program = Differential.CORPUS.resolve(name + "." + flavour);
            for (String how : arguments) {
                tests.addAll(Differential.inEveryMode(
                        Invocation.of(name + "." + flavour + " " + how, program, name, List.of(how))));
            }
        }
        return tests;
    }

    /** envargs with 4,000 arguments of 64 to 191 bytes (about 0.5 MiB of argv). */
    @TestFactory
    List<DynamicTest> longArguments() {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            args.add(i + "-" + "abcdefghijklmnopqrstuvwxyz".repeat(8).substring(0, 62 + i % 128));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String flavour : List.of("glibc", "pie", "musl")) {
            Path program = Differential.CORPUS.resolve("envargs." + flavour);
            tests.addAll(Differential.inEveryMode(
                    Invocation.of("envargs." + flavour + " (4000 arguments)", program, "envargs", args)));
        }
        return tests;
    }
}
