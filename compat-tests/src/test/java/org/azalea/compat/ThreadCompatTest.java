// The corpus's multi-threaded C programs (thr_* in corpus/manifest.tsv), each
// flavour run natively and as an image on one core, on two cores, and on two
// with io_uring offload, several times over: a threading bug in the library
// OS (a lost wake-up, a race in the scheduler, a signal taken by the wrong
// thread) often shows only in some
// runs, and one core versus two changes which interleavings happen at all.
// Each is also converted trap-only (no site patched) and run once on two cores.
// The programs are written so their native output never depends on timing,
// so every repeat must match the native run exactly.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

class ThreadCompatTest {
    /** Runs per program, flavour and partition; -Dazalea.thread.repeats=N for more (or fewer). */
    private static final int REPEATS = Integer.getInteger("azalea.thread.repeats", 5);
    private static final List<String> FLAVOURS = List.of("glibc", "pie", "musl");
    /** One core, two, and two with io_uring as the offload transport (workers are the default). */
    private static final List<String> PARTITIONS = List.of("cores=1", "cores=2", "cores=2;offload=uring");
    /** The trap-only image runs once, on two cores: the trap path is the same code on any partition. */
    private static final String TRAP_ONLY_PARTITION = "cores=2";
    /** Fewer than this many thr_ lines means the manifest was damaged, not that there is less to test. */
    private static final int MIN_PROGRAMS = 12;

    @TestFactory
    List<DynamicContainer> threadedPrograms() throws IOException {
        assertTrue(REPEATS >= 1, "azalea.thread.repeats must be at least 1, is " + REPEATS);
        List<ManifestEntry> programs = ManifestEntry.readAll().stream().filter(e -> e.name().startsWith("thr_")).toList();
        assertTrue(programs.size() >= MIN_PROGRAMS,
                "corpus/manifest.tsv lists only " + programs.size() + " thr_ programs, expected at least " + MIN_PROGRAMS);
        List<DynamicContainer> containers = new ArrayList<>();
        for (ManifestEntry e : programs) {
            for (String flavour : e.flavours()) {
                if (FLAVOURS.contains(flavour)) {
                    containers.add(repeats(e, flavour));
                }
            }
        }
        return containers;
    }

    /**
     * REPEATS differential runs of one binary on each partition, one dynamic test per run, and one run
     * of its trap-only image. Once a run on a partition has failed, its runs not yet started are skipped
     * (aborted, never passed): the failure is already reported, and a hanging image would otherwise cost
     * the 30 s timeout REPEATS times. Runs go two at a time like every case, so a program also meets a
     * busier machine than when alone.
     */
    private static DynamicContainer repeats(ManifestEntry e, String flavour) {
        Invocation base = e.invocation(flavour, Mode.PATCHED);
        List<DynamicTest> runs = new ArrayList<>();
        for (String partition : PARTITIONS) {
            Invocation c = base.withImageRun(partition);
            AtomicBoolean failed = new AtomicBoolean(); // runs may go two at a time
            for (int r = 1; r <= REPEATS; r++) {
                Invocation run = c.named(c.name() + " run " + r + "/" + REPEATS);
                runs.add(DynamicTest.dynamicTest(run.name(), () -> {
                    if (failed.get()) {
                        abort("an earlier run of " + c.name() + " failed");
                    }
                    try {
                        Differential.assertPresent(run.program());
                        Differential.assertSameAsNative(run);
                    } catch (Throwable t) {
                        failed.set(true);
                        throw t;
                    }
                }));
            }
        }
        Invocation trapOnly = e.invocation(flavour, Mode.TRAP_ONLY).withImageRun(TRAP_ONLY_PARTITION);
        runs.add(DynamicTest.dynamicTest(trapOnly.name(), () -> {
            Differential.assertPresent(trapOnly.program());
            Differential.assertSameAsNative(trapOnly);
        }));
        return DynamicContainer.dynamicContainer(base.name(), runs);
    }
}
