// The corpus's Go programs (CGO_ENABLED=0, corpus/go/NAME, listed in
// corpus/manifest.tsv with the flavour go), run natively and as images. Go's
// runtime starts threads, uses futexes, signals (async preemption by SIGURG),
// epoll (the netpoller) and timers, so each program runs several times (a
// scheduling-dependent failure shows up in some runs only), with the image on
// one core and on two cores. The programs' output is deterministic by design;
// nothing is normalised here.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

class GoCompatTest {
    /** Runs per program and core count; -Dazalea.go.repeats=N overrides. */
    private static final int REPEATS = Integer.getInteger("azalea.go.repeats", 3);
    private static final List<String> CORES = List.of("cores=1", "cores=2");
    private static final String STDIN = "corpus stdin line\n";
    private static final int MIN_PROGRAMS = 12;

    @TestFactory
    List<DynamicTest> goPrograms() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        int programs = 0;
        for (String line : Files.readAllLines(Differential.HOME.resolve("corpus/manifest.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length < 5 || !Arrays.asList(f[2].split(",")).contains("go")) {
                continue;
            }
            programs++;
            String name = f[0] + ".go";
            Path program = Differential.CORPUS.resolve(name);
            Invocation base = Invocation.of(name, program, f[0], List.of());
            if (f[4].equals("yes")) {
                base = base.withStdin(STDIN);
            }
            for (String cores : CORES) {
                for (int r = 1; r <= REPEATS; r++) {
                    Invocation c = new Invocation(name + " run " + r + "/" + REPEATS, program, base.argv0(),
                            base.args(), base.stdin(), base.fixtures(), "").withImageRun(cores);
                    tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                        Differential.assertPresent(program);
                        Differential.assertSameAsNative(c);
                    }));
                }
            }
        }
        assertFalse(programs < MIN_PROGRAMS, "corpus manifest lists too few Go programs: " + programs
                + " (want at least " + MIN_PROGRAMS + ")");
        return tests;
    }
}
