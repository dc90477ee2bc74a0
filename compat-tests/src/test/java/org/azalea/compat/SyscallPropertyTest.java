// Property tests on syscall semantics: random sequences of file, descriptor
// and memory operations (SyscallSequence), each run by corpus/c/sysprop
// natively and as an image, whose every printed result and errno, exit
// status and left-over files must agree. Flavours take turns (glibc, static-
// PIE, musl). The seed is new each run and printed; a mismatch is shrunk to a
// short sequence and reported with the seed and the command that replays it:
//   mvn -pl compat-tests test -Dtest=SyscallPropertyTest -Dazalea.prop.seed=S -Dazalea.prop.count=N
package org.azalea.compat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SyscallPropertyTest {
    private static final int COUNT = Integer.getInteger("azalea.prop.count", 500);
    private static final long SEED = Long.getLong("azalea.prop.seed", System.nanoTime());
    private static final int MAX_LENGTH = 40;
    private static final int SHRINK_BUDGET = 300;
    private static final List<String> FLAVOURS = List.of("glibc", "pie", "musl");

    @Test
    void imagesAgreeWithLinuxOnRandomSequences() {
        assertTrue(COUNT >= 1, "azalea.prop.count must be at least 1, is " + COUNT);
        System.out.println("SyscallPropertyTest: " + COUNT + " sequences, seed " + SEED);
        Random random = new Random(SEED);
        int operations = 0;
        for (int i = 0; i < COUNT; i++) {
            SyscallSequence s = SyscallSequence.random(random, MAX_LENGTH);
            operations += s.ops().size();
            Path program = Differential.CORPUS.resolve("sysprop." + FLAVOURS.get(i % FLAVOURS.size()));
            String diff = difference(program, s);
            if (!diff.isEmpty()) {
                SyscallSequence small = s.shrink(c -> !difference(program, c).isEmpty(), SHRINK_BUDGET);
                report(i + 1, i, List.of(Map.entry("sequence " + (i + 1) + " of seed " + SEED,
                        small.ops().size() + " operations after shrinking")));
                fail("sequence " + (i + 1) + " of seed " + SEED + " (" + program.getFileName() + "): the image differs;"
                        + " shrunk from " + s.ops().size() + " to " + small.ops().size() + " operations:\n"
                        + small.text() + difference(program, small) + "replay: -Dazalea.prop.seed=" + SEED
                        + " -Dazalea.prop.count=" + (i + 1));
            }
        }
        System.out.println("SyscallPropertyTest: " + COUNT + " sequences, " + operations + " operations agree");
        report(COUNT, COUNT, List.of());
    }

    /** The matrix row: sequences run (each is its own reference natively), sequences the image agreed on. */
    private static void report(int run, int agreed, List<Map.Entry<String, String>> lost) {
        try {
            new SuiteResult("syscall property sequences (seed " + SEED + ")", "mixed C flavours/patched", run, agreed, run,
                    lost, List.of()).write(Matrix.SUITES.resolve("syscall-properties.tsv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String difference(Path program, SyscallSequence s) {
        Differential.assertPresent(program);
        Invocation c = Invocation.of(program.getFileName().toString(), program, "sysprop", new ArrayList<>())
                .withStdin(s.text()).withImageRun("cores=1");
        return Differential.run(c, program).differenceFrom(Differential.runImage(c));
    }
}
