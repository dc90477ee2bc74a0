// The corpus's Go programs (CGO_ENABLED=0, corpus/go/NAME, listed in
// corpus/manifest.tsv with the flavour go), run natively and as images. Go's
// runtime starts threads, uses futexes, signals (async preemption by SIGURG),
// epoll (the netpoller) and timers, so each program runs several times (a
// scheduling-dependent failure shows up in some runs only), with the image on
// one core and on two cores; the trap-only conversion runs once, on two.
// The programs' output is deterministic by design; nothing is normalised.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

class GoCompatTest {
    /** Runs per program and core count; -Dazalea.go.repeats=N overrides. */
    private static final int REPEATS = Integer.getInteger("azalea.go.repeats", 3);
    private static final List<String> CORES = List.of("cores=1", "cores=2");
    /** The trap-only image runs once, on two cores: the trap path is the same code on any partition. */
    private static final String TRAP_ONLY_CORES = "cores=2";
    private static final int MIN_PROGRAMS = 12;

    @TestFactory
    List<DynamicTest> goPrograms() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        int programs = 0;
        for (ManifestEntry e : ManifestEntry.readAll()) {
            if (!e.flavours().contains("go")) {
                continue;
            }
            programs++;
            Invocation base = e.invocation("go", Mode.PATCHED);
            for (String cores : CORES) {
                for (int r = 1; r <= REPEATS; r++) {
                    tests.add(differential(base.named(base.name() + " run " + r + "/" + REPEATS).withImageRun(cores)));
                }
            }
            tests.add(differential(e.invocation("go", Mode.TRAP_ONLY).withImageRun(TRAP_ONLY_CORES)));
        }
        assertFalse(programs < MIN_PROGRAMS, "corpus manifest lists too few Go programs: " + programs
                + " (want at least " + MIN_PROGRAMS + ")");
        return tests;
    }

    private static DynamicTest differential(Invocation c) {
        return DynamicTest.dynamicTest(c.name(), () -> {
            Differential.assertPresent(c.program());
            Differential.assertSameAsNative(c);
        });
    }
}
