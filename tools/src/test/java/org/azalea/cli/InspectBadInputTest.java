package org.azalea.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad input: one line on stderr naming the file (and offset
 * where there is one), a distinct status. Also what is a valid ELF but not a
 * convertible program.
 */
class InspectBadInputTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    Path dir;

    @Test
    void missingFile() {
        Path missing = dir.resolve("no-such-file");
        CliRun run = CliRun.of("inspect", missing.toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        String line = run.singleErrorLine();
        assertTrue(line.contains(missing.toString()) && line.contains("no such file"), line);
    }

    @Test
    void directory() {
        CliRun run = CliRun.of("inspect", dir.toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        String line = run.singleErrorLine();
        assertTrue(line.contains(dir.toString()) && line.contains("directory"), line);
    }

    @Test
    void emptyFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        CliRun run = CliRun.of("inspect", empty.toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertTrue(run.singleErrorLine().contains(empty.toString()), run.err());
    }

    @Test
    void truncatedHeader() throws IOException {
        Path cut = write("cut", Arrays.copyOf(Files.readAllBytes(BUSYBOX), 40));
        CliRun run = CliRun.of("inspect", cut.toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertTrue(run.singleErrorLine().contains("offset 0x"), run.err());
    }

    @Test
    void truncatedInTheMiddleOfTheFile() throws IOException {
        byte[] all = Files.readAllBytes(BUSYBOX);
        Path cut = write("half", Arrays.copyOf(all, all.length / 2));
        CliRun run = CliRun.of("inspect", cut.toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        String line = run.singleErrorLine();
        assertTrue(line.contains(cut.toString()) && line.contains("offset 0x"), line);
    }

    @Test
    void thirtyTwoBitElf() throws IOException {
        byte[] bytes = Files.readAllBytes(BUSYBOX);
        bytes[4] = 1;
        CliRun run = CliRun.of("inspect", write("elf32", bytes).toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertTrue(run.singleErrorLine().contains("32"), run.err());
    }

    @Test
    void foreignMachine() throws IOException {
        byte[] bytes = Files.readAllBytes(BUSYBOX);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(18, (short) 183);
        CliRun run = CliRun.of("inspect", write("aarch64", bytes).toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertTrue(run.singleErrorLine().contains("183"), run.err());
    }

    @Test
    void notElfAtAll() throws IOException {
        Path script = write("script.sh", "#!/bin/sh\necho hello\n".getBytes());
        CliRun run = CliRun.of("inspect", script.toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertTrue(run.singleErrorLine().contains(script.toString()), run.err());
    }

    @Test
    void relocatableObjectIsNotAProgram() throws IOException {
        byte[] bytes = Files.readAllBytes(BUSYBOX);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(16, (short) 1);
        CliRun run = CliRun.of("inspect", write("object.o", bytes).toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertTrue(run.singleErrorLine().contains("not an executable"), run.err());
    }

    @Test
    void sharedLibraryIsNotAProgram() {
        String library = "/usr/lib/x86_64-linux-gnu/libcapstone.so.4";
        CliRun run = CliRun.of("inspect", library);
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        String line = run.singleErrorLine();
        assertTrue(line.startsWith("azalea: " + library + ": offset 0x10: a shared library"), line);
    }

    @Test
    void dynamicExecutableIsReportedAsNotConvertible() {
        CliRun run = CliRun.of("inspect", "--json", "/bin/true");
        assertEquals(ExitStatus.OK, run.status(), run.err());
        var doc = org.azalea.report.JsonReader.object(org.azalea.report.JsonReader.parse(run.out()));
        assertEquals("dynamic", doc.get("kind"));
        assertEquals(false, doc.get("convertible"));
        assertTrue(((String) doc.get("kindReason")).contains("PT_INTERP (/lib64/ld-linux-x86-64.so.2)"),
                (String) doc.get("kindReason"));
    }

    @Test
    void usageErrorsExit64() {
        assertEquals(ExitStatus.USAGE, CliRun.of("inspect").status());
        assertEquals(ExitStatus.USAGE, CliRun.of("inspect", "--no-such-option", "/bin/busybox").status());
        assertEquals(ExitStatus.USAGE, CliRun.of("no-such-command").status());
    }

    @Test
    void debugAddsTheStackTrace() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        CliRun run = CliRun.of("inspect", "--debug", empty.toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertTrue(run.err().contains("\tat org.azalea."), run.err());
    }

    @Test
    void theInputIsNeverWritten() throws Exception {
        Path copy = write("busybox", Files.readAllBytes(BUSYBOX));
        String before = sha256(copy);
        var modified = Files.getLastModifiedTime(copy);
        assertEquals(ExitStatus.OK, CliRun.of("inspect", "--json", copy.toString()).status());
        assertEquals(before, sha256(copy));
        assertEquals(modified, Files.getLastModifiedTime(copy));
        assertFalse(Files.list(dir).anyMatch(p -> !p.equals(copy)), "inspect left files beside its input");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static String sha256(Path p) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
