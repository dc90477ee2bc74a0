package org.azalea.cli;

import org.azalea.elf.ElfFile;
import org.azalea.report.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `azalea convert` as a user runs it: outputs, report, and one-line failures with the documented statuses. */
class ConvertCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheImageAndTheReportAtomicallyWithoutTouchingTheInput() throws Exception {
        Path input = Files.copy(TestBinaries.CORPUS_BIN.resolve("hello.musl"), dir.resolve("hello.musl"));
        String before = sha256(input);
        Path out = dir.resolve("hello.image");
        Path report = dir.resolve("report.json");
        CliRun run = CliRun.of("convert", input.toString(), "-o", out.toString(), "--report", report.toString(),
                "--cores", "2", "--mem", "512M");
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals(before, sha256(input), "the input changed");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("hello.image", "hello.musl", "report.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "temporary files left behind");
        }
        ElfFile image = ElfFile.read(out);
        assertTrue(run.out().contains("syscall sites:") && run.out().contains("direct"), run.out());

        Map<String, Object> json = JsonReader.object(JsonReader.parse(Files.readString(report)));
        assertEquals("azalea.convert/1", json.get("schema"));
        assertEquals(input.toString(), json.get("input"));
        assertEquals(out.toString(), json.get("output"));
        assertEquals("static", json.get("kind"));
        assertEquals("0x" + Long.toHexString(image.entry()), json.get("entry"));
        Map<String, Object> defaults = JsonReader.object(json.get("defaults"));
        assertEquals(2L, defaults.get("cores"));
        assertEquals(512L << 20, defaults.get("memory"));
        List<Object> sites = JsonReader.array(json.get("sites"));
        Map<String, Object> totals = JsonReader.object(json.get("totals"));
        assertEquals((long) sites.size(), totals.get("sites"));
        assertEquals(totals.get("sites"), (Long) totals.get("direct") + (Long) totals.get("hop") + (Long) totals.get("trap"));
        for (Object s : sites) {
            Map<String, Object> site = JsonReader.object(s);
            assertTrue(List.of("direct", "hop", "trap").contains(site.get("tactic")), site.toString());
            assertEquals(site.get("tactic").equals("trap"), site.get("trampoline") == null, site.toString());
        }
        for (Object u : JsonReader.array(json.get("unsupported"))) {
            Object number = JsonReader.object(u).get("number");
            assertTrue(JsonReader.array(json.get("syscalls")).stream().map(JsonReader::object)
                    .anyMatch(s -> s.get("number").equals(number) && s.get("support").equals("none")), u.toString());
        }
    }

    @Test
    void trapOnlyImageRewritesNoSiteAndStillRuns() throws Exception {
        Path out = dir.resolve("hello.uk");
        Path report = dir.resolve("report.json");
        CliRun run = CliRun.of("convert", "--trap-only", TestBinaries.CORPUS_BIN.resolve("hello.glibc").toString(),
                "-o", out.toString(), "--report", report.toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertTrue(run.out().contains("--trap-only"), run.out());
        Map<String, Object> json = JsonReader.object(JsonReader.parse(Files.readString(report)));
        Map<String, Object> totals = JsonReader.object(json.get("totals"));
        assertEquals(0L, totals.get("direct"));
        assertEquals(0L, totals.get("hop"));
        assertTrue((Long) totals.get("sites") > 0, totals.toString());
        assertEquals(totals.get("sites"), totals.get("trap"));
        for (Object s : JsonReader.array(json.get("sites"))) {
            assertEquals("trap-only requested", JsonReader.object(s).get("reason"), s.toString());
        }
        Process p = new ProcessBuilder(out.toString()).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), printed);
        assertEquals("hello, world", printed.strip());
    }

    @Test
    void defaultOutputIsTheInputsNameWithUkInTheCurrentDirectory() {
        assertEquals(Path.of("hello.uk"), ConvertCommand.defaultOutput(Path.of("/some/where/hello.glibc")));
        assertEquals(Path.of("busybox.uk"), ConvertCommand.defaultOutput(Path.of("/bin/busybox")));
        assertEquals(Path.of(".profile.uk"), ConvertCommand.defaultOutput(Path.of(".profile")));
    }

    @Test
    void defaultOutputIsWrittenInTheWorkingDirectory() throws Exception {
        Path input = TestBinaries.CORPUS_BIN.resolve("exit3.musl");
        Path expected = Path.of("exit3.uk").toAbsolutePath();
        Files.deleteIfExists(expected);
        try {
            CliRun run = CliRun.of("convert", input.toString());
            assertEquals(ExitStatus.OK, run.status(), run.err());
            assertTrue(Files.isRegularFile(expected), "no " + expected);
            ElfFile.read(expected);
        } finally {
            Files.deleteIfExists(expected);
        }
    }

    @Test
    void dynamicProgramIsRefusedInOneLine() {
        CliRun run = CliRun.of("convert", "/bin/ls", "-o", dir.resolve("ls.uk").toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        String line = run.singleErrorLine();
        assertTrue(line.contains("/bin/ls") && line.contains("not a static program"), line);
        assertFalse(Files.exists(dir.resolve("ls.uk")));
    }

    @Test
    void nonElfAndMissingInputsAreRefusedInOneLine() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a program\n");
        CliRun notElf = CliRun.of("convert", text.toString(), "-o", dir.resolve("x.uk").toString());
        assertEquals(ExitStatus.BAD_INPUT, notElf.status());
        assertTrue(notElf.singleErrorLine().contains("not an ELF file"), notElf.err());
        CliRun missing = CliRun.of("convert", dir.resolve("absent").toString(), "-o", dir.resolve("y.uk").toString());
        assertEquals(ExitStatus.BAD_INPUT, missing.status());
        assertTrue(missing.singleErrorLine().contains("no such file"), missing.err());
        assertFalse(Files.exists(dir.resolve("x.uk")) || Files.exists(dir.resolve("y.uk")));
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        String in = TestBinaries.CORPUS_BIN.resolve("exit3.musl").toString();
        String out = dir.resolve("z.uk").toString();
        for (String[] args : List.of(new String[] {"--mem", "lots"}, new String[] {"--mem", "12Q"},
                new String[] {"--mem", "-1G"}, new String[] {"--mem", "1K"}, new String[] {"--mem", "99999999999T"},
                new String[] {"--cores", "0"}, new String[] {"--cores", "two"})) {
            CliRun run = CliRun.of("convert", in, "-o", out, args[0], args[1]);
            assertEquals(ExitStatus.USAGE, run.status(), String.join(" ", args) + ": " + run.err());
        }
        assertFalse(Files.exists(dir.resolve("z.uk")));
        assertEquals(ExitStatus.OK, CliRun.of("convert", in, "-o", out, "--mem", "2g", "--cores", "1").status());
        assertEquals(ExitStatus.OK, CliRun.of("convert", in, "-o", out, "--mem", "268435456").status());
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
