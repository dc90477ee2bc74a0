// The corpus's single-threaded C programs, each flavour (glibc static,
// static-PIE, musl, stripped glibc, and glibc static linked with a Debian
// library's archive) as listed in corpus/manifest.tsv, run natively and as
// images; and the fatal program dying of each signal.
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
    private static final List<String> FLAVOURS = List.of("glibc", "pie", "musl", "glibc-stripped", "lib");
    private static final List<String> FATAL = List.of("segv", "bus", "fpe", "ill", "abort", "stack", "handled");

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
        assertFalse(tests.size() < 40, "corpus manifest lists too few C programs: " + tests.size());
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
}
