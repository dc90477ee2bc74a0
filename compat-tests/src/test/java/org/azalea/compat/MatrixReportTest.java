// The compatibility matrix's own machinery: cell merging, the summary
// counts, both renderings, suite files read back as written, and the
// manifest's normalisations, each checked against values worked out here.
package org.azalea.compat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatrixReportTest {
    private static final Cell PASS = new Cell("fileio", "glibc/patched", Cell.Status.PASS, "");
    private static final Cell FAIL = new Cell("fileio", "glibc/patched", Cell.Status.FAIL, "stdout differs");
    private static final Cell UNSUPPORTED = new Cell("forker", "musl/trap-only", Cell.Status.UNSUPPORTED, "fork");

    @Test
    void aFailureOutweighsPassesOfTheSameCellInEitherOrder() {
        assertEquals(FAIL, PASS.merge(FAIL));
        assertEquals(FAIL, FAIL.merge(PASS));
        assertEquals(FAIL, UNSUPPORTED.merge(FAIL));
        assertEquals(UNSUPPORTED, PASS.merge(UNSUPPORTED));
    }

    @Test
    void aCellThatDidNotPassMustSayWhy() {
        assertThrows(IllegalArgumentException.class, () -> new Cell("r", "c", Cell.Status.FAIL, " "));
        assertThrows(IllegalArgumentException.class, () -> new Cell("r", "c", Cell.Status.UNSUPPORTED, ""));
    }

    @Test
    void summaryCountsEveryCellAndEverySuiteRow() {
        SuiteResult suite = new SuiteResult("bb", "third-party/patched", 10, 9, 12, List.of(Map.entry("t1", "differs")),
                List.of(Map.entry("t2", "fork")));
        MatrixReport r = new MatrixReport(List.of(PASS, UNSUPPORTED,
                new Cell("hello", "musl/patched", Cell.Status.PASS, "")), List.of(suite));
        assertEquals("2 passed, 1 failed, 1 unsupported (4 cells)", r.summary());
    }

    @Test
    void markdownPutsEachCellUnderItsColumnInFlavourThenModeOrder() {
        MatrixReport r = new MatrixReport(List.of(
                new Cell("hello", "musl/patched", Cell.Status.PASS, ""),
                new Cell("hello", "glibc/trap-only", Cell.Status.FAIL, "status differs"),
                new Cell("a|b", "glibc/patched", Cell.Status.UNSUPPORTED, "needs fork")), List.of());
        String md = r.markdown();
        assertTrue(md.contains("| case | glibc/patched | glibc/trap-only | musl/patched |\n"), md);
        assertTrue(md.contains("| hello |  | **FAIL** | pass |\n"), md);
        assertTrue(md.contains("| a\\|b | unsupported |  |  |\n"), md);
        assertTrue(md.contains("## Failures\n\n- hello (glibc/trap-only): status differs\n"), md);
        assertTrue(md.contains("## Unsupported\n\n- a\\|b (glibc/patched): needs fork\n"), md);
    }

    @Test
    void suiteRowsFollowTheCasesWithTheirCounts() {
        SuiteResult suite = new SuiteResult("aa-suite", "glibc/patched", 5, 5, 6, List.of(), List.of());
        String md = new MatrixReport(List.of(new Cell("zz-case", "musl/patched", Cell.Status.PASS, "")), List.of(suite))
                .markdown();
        int caseRow = md.indexOf("| zz-case |"), suiteRow = md.indexOf("| suite: aa-suite | pass 5/5 of 6 |");
        assertTrue(caseRow > 0 && suiteRow > caseRow, md);
    }

    @Test
    void htmlIsOnePageWithEscapedTextAndAClassPerStatus() {
        String html = new MatrixReport(List.of(new Cell("<x>&", "go/patched", Cell.Status.FAIL, "\"quoted\"")), List.of())
                .html();
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<th>&lt;x&gt;&amp;</th><td class=\"fail\" title=\"&quot;quoted&quot;\">FAIL</td>"), html);
        assertFalse(html.contains("<script") || html.contains("src=") || html.contains("href="), "self-contained");
    }

    @Test
    void suiteFilesReadBackAsWritten(@TempDir Path dir) throws IOException {
        SuiteResult s = new SuiteResult("posix", "third-party/patched", 7, 5, 9,
                List.of(Map.entry("sem_wait/1-1", "exit 1\tthen more")), List.of(Map.entry("fork/1-1", "fork")));
        Path f = dir.resolve("posix.tsv");
        s.write(f);
        SuiteResult back = SuiteResult.read(f);
        assertEquals(List.of("posix", "third-party/patched", 7, 5, 9),
                List.of(back.name(), back.column(), back.nativePass(), back.imagePass(), back.total()));
        assertEquals(List.of(Map.entry("sem_wait/1-1", "exit 1 then more")), back.lost());
        assertEquals(s.unsupported(), back.unsupported());
        assertEquals(Cell.Status.FAIL, back.status());
    }

    @Test
    void aMalformedSuiteFileNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        Path head = Files.writeString(dir.resolve("head.tsv"), "suite\tx\tc\t3\n");
        String m = assertThrows(IOException.class, () -> SuiteResult.read(head)).getMessage();
        assertTrue(m.startsWith(head + ": line 1: "), m);
        Path body = Files.writeString(dir.resolve("body.tsv"), "suite\tx\tc\t3\t2\t2\nlost\tonly-two\n");
        m = assertThrows(IOException.class, () -> SuiteResult.read(body)).getMessage();
        assertTrue(m.startsWith(body + ": line 2: "), m);
        Path counts = Files.writeString(dir.resolve("counts.tsv"), "suite\tx\tc\t3\t4\t2\n");
        m = assertThrows(IOException.class, () -> SuiteResult.read(counts)).getMessage();
        assertTrue(m.contains("counts out of range"), m);
    }

    @Test
    void normalisationsParseAndApplyToTheirStreamOnly() {
        List<OutputRewrite> rw = OutputRewrite.parseAll("stdout/pid [0-9]+/pid N/;stderr/took [0-9.]+ s/took T/");
        Outcome o = new Outcome("pid 4711 ok\n", "took 0.25 s, pid 7\n", "exit 0", Map.of());
        Outcome n = o;
        for (OutputRewrite r : rw) {
            n = r.applyTo(n);
        }
        assertEquals("pid N ok\n", n.stdout());
        assertEquals("took T, pid 7\n", n.stderr());
        assertEquals(List.of(), OutputRewrite.parseAll("-"));
        assertThrows(IllegalArgumentException.class, () -> OutputRewrite.parseAll("stdin/a/b/"));
        assertThrows(IllegalArgumentException.class, () -> OutputRewrite.parseAll("stdout/a/b"));
        assertThrows(IllegalArgumentException.class, () -> OutputRewrite.parseAll("stdout/(/b/"));
    }

    @Test
    void rowsDropFlavourModeAndRepeatButKeepThePartition() {
        Invocation c = Invocation.of("thr_mutex.musl", Path.of("/x/thr_mutex.musl"), "thr_mutex", List.of())
                .withImageRun("cores=2");
        Invocation run = c.named(c.name() + " run 3/5").in(Mode.TRAP_ONLY);
        assertEquals("thr_mutex [cores=2]", run.row());
        assertEquals("musl/trap-only", run.column());
        Invocation stripped = Invocation.of("hello.glibc-stripped", Path.of("/x/hello.glibc-stripped"), "hello", List.of());
        assertEquals("hello (stripped)", stripped.row());
        assertEquals("glibc/patched", stripped.column());
        assertEquals("third-party/patched",
                Invocation.of("busybox true", Path.of("/bin/busybox"), "busybox", List.of("true")).column());
    }
}
