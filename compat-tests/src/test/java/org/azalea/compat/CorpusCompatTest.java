// The corpus's single-threaded C programs, each flavour (glibc static,
// static-PIE, musl, stripped glibc) as listed in corpus/manifest.tsv, run
// natively and as images; the fatal program dying of each signal; and the
// exits program ending each way it knows.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

class CorpusCompatTest {
    private static final String STDIN = "corpus stdin line\n";
    private static final List<String> FLAVOURS = List.of("glibc", "pie", "musl", "glibc-stripped");
    private static final List<String> FATAL = List.of("segv", "bus", "fpe", "ill", "abort", "stack", "handled");
    private static final List<String> EXITS = List.of("ret255", "ret256", "exitneg", "_exit", "flush", "abort", "term",
            "usr1", "kill", "handled", "closed");

    @TestFactory
    List<DynamicTest> manifestPrograms() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(Differential.HOME.resolve("corpus/manifest.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            for (String flavour : f[2].split(",")) {
                if (!FLAVOURS.contains(flavour)) {
                    continue; // Go programs start threads: the threads issue
                }
                Path program = Differential.CORPUS.resolve(f[0] + "." + flavour);
                Invocation c = Invocation.of(f[0] + "." + flavour, program, f[0], List.of()).withStdin(STDIN);
                tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                    Differential.assertPresent(program);
                    Differential.assertSameAsNative(c);
                }));
            }
        }
        assertFalse(tests.size() < 180, "corpus manifest lists too few C program flavours: " + tests.size());
        return tests;
    }

    @TestFactory
    List<DynamicTest> deathBySignal() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String flavour : List.of("glibc", "pie", "musl")) {
            Path program = Differential.CORPUS.resolve("fatal." + flavour);
            for (String how : FATAL) {
                Invocation c = Invocation.of("fatal." + flavour + " " + how, program, "fatal", List.of(how));
                tests.add(DynamicTest.dynamicTest(c.name(), () -> Differential.assertSameAsNative(c)));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> exitStatuses() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String flavour : List.of("glibc", "pie", "musl")) {
            Path program = Differential.CORPUS.resolve("exits." + flavour);
            for (String how : EXITS) {
                Invocation c = Invocation.of("exits." + flavour + " " + how, program, "exits", List.of(how));
                tests.add(DynamicTest.dynamicTest(c.name(), () -> Differential.assertSameAsNative(c)));
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
            Invocation c = Invocation.of("envargs." + flavour + " (4000 arguments)", program, "envargs", args);
            tests.add(DynamicTest.dynamicTest(c.name(), () -> Differential.assertSameAsNative(c)));
        }
        return tests;
    }
}
