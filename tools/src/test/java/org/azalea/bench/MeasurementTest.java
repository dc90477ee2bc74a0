package org.azalea.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasurementTest {
    @Test
    void theFigureIsTheMedianAndTheSpreadHalfTheRangeOverIt() {
        Measurement m = new Measurement("latency", "read_zero", "native", "ns", new double[] {110, 90, 100});
        assertEquals(100, m.median());
        assertEquals(0.1, m.spread(), 1e-12);
    }

    @Test
    void oneSampleHasNoSpread() {
        assertEquals(0, new Measurement("s", "n", "v", "u", new double[] {7}).spread());
    }

    @Test
    void samplesAreCopiedInAndOut() {
        double[] given = {1, 2, 3};
        Measurement m = new Measurement("s", "n", "v", "u", given);
        given[0] = 100;
        m.samples()[1] = 100;
        assertEquals(2, m.median());
    }

    @Test
    void badMeasurementsAreRefusedNamingWhatIsWrong() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new Measurement("threads", "futex_1core", "image", "ns", new double[0]));
        assertTrue(none.getMessage().contains("threads/futex_1core/image"), none.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new Measurement("threads", "futex_1core", "image", "ns", new double[] {Double.NaN}));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Measurement("s", " ", "v", "u", new double[] {1}));
    }
}
