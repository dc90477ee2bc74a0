package org.azalea.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThreadReportTest {
    private static Samples of(double... values) {
        Samples s = new Samples();
        for (double v : values) {
            s.add(v);
        }
        return s;
    }

    private static Samples failed(String reason) {
        Samples s = new Samples();
        s.failed(reason);
        return s;
    }

    private static Samples skipped(String reason) {
        Samples s = new Samples();
        s.skipped(reason);
        return s;
    }

    @Test
    void aRowShowsBothFiguresAndHowManyTimesFasterTheImageIs() {
        assertEquals("  futex_1core          4500          900         5.00x",
                ThreadReport.caseRow("futex_1core", of(4400, 4500, 4600), of(900)));
        assertEquals("  mutex_2              14.3         28.6         0.50x",
                ThreadReport.caseRow("mutex_2", of(14.25), of(28.6)));
    }

    @Test
    void aCaseWithoutFigureKeepsItsRowAndSaysWhy() {
        assertEquals("  create_join         45263            -             -  image failed: azalea: unsupported"
                + " syscall clone", ThreadReport.caseRow("create_join", of(45263), failed(
                        "azalea: unsupported syscall clone")));
        assertEquals("  futex_2core             -            -             -  native, image skipped: one CPU",
                ThreadReport.caseRow("futex_2core", skipped("one CPU"), skipped("one CPU")));
        assertEquals("  futex_2core             -            -             -  native skipped: one CPU; image"
                + " failed: no clone", ThreadReport.caseRow("futex_2core", skipped("one CPU"), failed("no clone")));
    }

    @Test
    void theHeaderLinesUpWithTheRows() {
        String header = ThreadReport.caseHeader();
        String row = ThreadReport.caseRow("futex_1core", of(4500), of(900));
        assertEquals(header.length(), row.length());
        assertEquals(header.indexOf("native/image") + "native/image".length(), row.indexOf("5.00x") + 5);
        String scalingHeader = ThreadReport.scalingHeader();
        String scalingRow = ThreadReport.scalingRow("cpu", of(2e8), of(1e8), of(2e8), of(1e8));
        assertEquals(scalingHeader.length(), scalingRow.length());
    }

    @Test
    void scalingShowsMillisecondsAndTheSpeedUpFromOneThreadToTwo() {
        assertEquals("  cpu              239         122     1.96x         240         160     1.50x",
                ThreadReport.scalingRow("cpu", of(239e6), of(122e6), of(240e6), of(160e6)));
        assertEquals("  alloc           85.9        53.0     1.62x           -           -         -  image 1c, image 2c"
                + " failed: no clone",
                ThreadReport.scalingRow("alloc", of(85.9e6), of(53e6), failed("no clone"), failed("no clone")));
    }

    @Test
    void theTargetIsMetOnlyWhenBothPingPongsAreFiveTimesFaster() {
        assertEquals("  target: futex/pipe ping-pong on one core at least 5x faster than native: met"
                + " (futex 5.00x, pipe 12.0x)", ThreadReport.pingPongTarget(of(5000), of(1000), of(6000), of(500)));
        assertEquals("  target: futex/pipe ping-pong on one core at least 5x faster than native: not met"
                + " (futex 4.99x, pipe 12.0x)", ThreadReport.pingPongTarget(of(4990), of(1000), of(6000), of(500)));
        assertEquals("  target: futex/pipe ping-pong on one core at least 5x faster than native: not measured"
                + " (no figure for futex_1core image, pipe_1core native)", ThreadReport.pingPongTarget(of(5000),
                        failed("no clone"), skipped("affinity"), of(500)));
    }

    @Test
    void ratiosArePreciseWhereItMatters() {
        assertEquals("0.95x", ThreadReport.ratio(0.951));
        assertEquals("10.0x", ThreadReport.ratio(10.04));
        assertEquals("250x", ThreadReport.ratio(250.4));
    }
}
