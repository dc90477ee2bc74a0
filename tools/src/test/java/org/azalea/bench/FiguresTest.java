package org.azalea.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the benchmark programs' output, and how a failing program is reported. */
class FiguresTest {
    @Test
    void readsValuesAndSkippedCases() throws IOException {
        Figures f = Figures.parse("thread_cost", """
                affinity_cpus 1
                futex_1core_ns 4221.5
                futex_2core_ns skipped: only one CPU in the affinity set
                """);
        assertEquals(Map.of("affinity_cpus", 1.0, "futex_1core_ns", 4221.5), f.values());
        assertEquals(Map.of("futex_2core_ns", "only one CPU in the affinity set"), f.skipped());
        assertEquals(4221.5, f.get("futex_1core_ns"));
    }

    @Test
    void aMissingFigureIsNamed() throws IOException {
        Figures f = Figures.parse("thread_cost", "futex_2core_ns skipped: one CPU\n");
        IOException e = assertThrows(IOException.class, () -> f.get("futex_2core_ns"));
        assertTrue(e.getMessage().contains("printed no futex_2core_ns"), e.getMessage());
    }

    @Test
    void anUnreadableLineFailsNamingIt() {
        for (String bad : List.of("getpid", "getpid 12 cycles", "getpid twelve", "skipped: why")) {
            IOException e = assertThrows(IOException.class, () -> Figures.parse("prog", "ok 1\n" + bad + "\n"));
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
    }

    @Test
    void aFailureIsTheFirstNonBlankLineOfStderr() {
        assertEquals("azalea: unsupported syscall clone3 (435)",
                ProgramFailure.reason("\n  azalea: unsupported syscall clone3 (435)  \nthread_cost: failed\n", 1));
        assertEquals("exited 3 without a word on stderr", ProgramFailure.reason(" \n", 3));
    }

    @Test
    void aProgramThatExitsNonZeroThrowsWithItsStderr() {
        ProgramFailure e = assertThrows(ProgramFailure.class, () -> Figures.of(
                List.of("/bin/sh", "-c", "echo x 1; echo \"first $V\" >&2; echo second >&2; exit 4"),
                Map.of("V", "words"), Duration.ofMinutes(1)));
        assertEquals("first words", e.reason());
    }

    @Test
    void aProgramThatOutlivesItsTimeOutIsKilledAndReported() {
        ProgramFailure e = assertThrows(ProgramFailure.class, () -> Figures.of(List.of("/bin/sleep", "600"),
                Map.of(), Duration.ofMillis(200)));
        assertTrue(e.reason().startsWith("timed out"), e.reason());
    }
}
