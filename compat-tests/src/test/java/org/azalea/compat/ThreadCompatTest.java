// The corpus's multi-threaded C programs (thr_* in corpus/manifest.tsv), each
// flavour run natively and as an image on one core, on two cores, and on two
// with io_uring offload, several times over: a threading bug in the library
// OS (a lost wake-up, a race in the scheduler, a signal taken by the wrong
// thread) often shows only in some
// runs, and one core versus two changes which interleavings happen at all.
// The programs are written so their native output never depends on timing,
// so every repeat must match the native run exactly.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

class ThreadCompatTest {
    /** Runs per program, flavour and partition; -Dazalea.thread.repeats=N for more (or fewer). */
    private static final int REPEATS = Integer.getInteger("azalea.thread.repeats", 5);
    private static final List<String> FLAVOURS = List.of("glibc", "pie", "musl");
    /** One core, two, and two with io_uring as the offload transport (workers are the default). */
    private static final List<String> PARTITIONS = List.of("cores=1", "cores=2", "cores=2;offload=uring");
    /** Fewer than this many thr_ lines means the manifest was damaged, not that there is less to test. */
    private static final int MIN_PROGRAMS = 12;

    @TestFactory
    List<DynamicContainer> threadedPrograms() throws IOException {
        assertTrue(REPEATS >= 1, "azalea.thread.repeats must be at least 1, is " + REPEATS);
        List<String[]> programs = threadedManifestLines();
        assertTrue(programs.size() >= MIN_PROGRAMS,
                "corpus/manifest.tsv lists only " + programs.size() + " thr_ programs, expected at least " + MIN_PROGRAMS);
        List<DynamicContainer> containers = new ArrayList<>();
        for (String[] line : programs) {
            for (String flavour : line[2].split(",")) {
                if (FLAVOURS.contains(flavour)) {
                    containers.add(repeats(line[0], flavour));
                }
            }
        }
        return containers;
    }

    /** Manifest lines (split into columns) of the thr_ programs. */
    private static List<String[]> threadedManifestLines() throws IOException {
        List<String[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Differential.HOME.resolve("corpus/manifest.tsv"))) {
            if (!line.startsWith("#") && !line.isBlank() && line.startsWith("thr_")) {
                lines.add(line.split("\t"));
            }
        }
        return lines;
    }

    /**
     * REPEATS differential runs of one binary on each partition, one dynamic test per run. Once a run
     * on a partition has failed, its later runs are skipped (aborted, never passed): the failure is
     * already reported, and a hanging image would otherwise cost the 30 s timeout REPEATS times.
     */
    private static DynamicContainer repeats(String name, String flavour) {
        Path program = Differential.CORPUS.resolve(name + "." + flavour);
        Invocation base = Invocation.of(name + "." + flavour, program, name, List.of());
        List<DynamicTest> runs = new ArrayList<>();
        for (String partition : PARTITIONS) {
            Invocation c = base.withImageRun(partition);
            boolean[] failed = {false}; // dynamic tests of one container run one after another
            for (int r = 1; r <= REPEATS; r++) {
                runs.add(DynamicTest.dynamicTest(c.name() + " run " + r + "/" + REPEATS, () -> {
                    if (failed[0]) {
                        abort("an earlier run of " + c.name() + " failed");
                    }
                    failed[0] = true;
                    Differential.assertPresent(program);
                    Differential.assertSameAsNative(c);
                    failed[0] = false;
                }));
            }
        }
        return DynamicContainer.dynamicContainer(base.name(), runs);
    }
}
