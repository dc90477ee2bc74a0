package org.azalea.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `azalea rewrite` as a user runs it: the output behaves as the input, bad input and output fail in one line. */
class RewriteCommandTest {
    @TempDir
    Path dir;

    @Test
    void rewrittenProgramPrintsAndExitsAsTheOriginal() throws Exception {
        Path original = TestBinaries.CORPUS_BIN.resolve("exit3.glibc");
        byte[] before = Files.readAllBytes(original);
        Path out = dir.resolve("exit3.rewritten");
        CliRun run = CliRun.of("rewrite", original.toString(), "-o", out.toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertTrue(run.out().matches("(?s).*\\d+ syscall sites: \\d+ direct, \\d+ hop, \\d+ trap.*"), run.out());
        assertArrayEquals(before, Files.readAllBytes(original), "the input changed");
        assertEquals(List.of(out), Files.list(dir).toList(), "temporary files left behind");
        assertEquals(result(original), result(out));
    }

    @Test
    void dynamicProgramIsRefused() {
        CliRun run = CliRun.of("rewrite", "/bin/true", "-o", dir.resolve("x").toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertTrue(run.singleErrorLine().contains("not a static program"), run.err());
    }

    @Test
    void malformedInputWritesNothing() throws IOException {
        Path bad = Files.write(dir.resolve("bad"), Arrays.copyOf(Files.readAllBytes(TestBinaries.BUSYBOX), 100));
        CliRun run = CliRun.of("rewrite", bad.toString(), "-o", dir.resolve("x").toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertTrue(run.singleErrorLine().contains("offset 0x"), run.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void unwritableOutputAndOverwritingTheInputAreRefused() throws IOException {
        Path copy = Files.copy(TestBinaries.CORPUS_BIN.resolve("hello.musl"), dir.resolve("hello"));
        CliRun missingDir = CliRun.of("rewrite", copy.toString(), "-o", dir.resolve("no/such/dir/x").toString());
        assertEquals(ExitStatus.CANNOT_WRITE, missingDir.status());
        assertTrue(missingDir.singleErrorLine().contains("its directory does not exist"), missingDir.err());
        CliRun onto = CliRun.of("rewrite", copy.toString(), "-o", copy.toString());
        assertEquals(ExitStatus.USAGE, onto.status());
        assertTrue(onto.singleErrorLine().contains("overwrite the input"), onto.err());
        assertEquals(ExitStatus.USAGE, CliRun.of("rewrite", copy.toString()).status(), "-o is required");
    }

    private static String result(Path program) throws Exception {
        Process p = new ProcessBuilder(program.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        return output + "exit " + p.waitFor();
    }
}
