package org.azalea.bench;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplesTest {
    @Test
    void theFigureIsTheMedianOfTheRounds() {
        Samples s = new Samples();
        s.add(30);
        s.add(10);
        s.add(20);
        assertEquals(Optional.of(20.0), s.median());
        assertEquals(Optional.empty(), s.problem());
        assertTrue(s.open());
    }

    @Test
    void aFailureEndsTheCaseAndHidesEarlierRounds() {
        Samples s = new Samples();
        s.add(10);
        s.failed("azalea: unsupported syscall clone");
        assertFalse(s.open());
        assertEquals(Optional.empty(), s.median());
        assertEquals(Optional.of("failed: azalea: unsupported syscall clone"), s.problem());
    }

    @Test
    void skippedAndNeverRunAreReasonsToo() {
        Samples skipped = new Samples();
        skipped.skipped("only one CPU");
        assertEquals(Optional.of("skipped: only one CPU"), skipped.problem());
        assertFalse(skipped.open());
        assertEquals(Optional.of("not run"), new Samples().problem());
        assertEquals(Optional.empty(), new Samples().median());
    }
}
