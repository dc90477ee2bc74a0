// The differential harness: converts a program once per mode (azalea
// convert, in process), runs it natively and as an image in two fresh
// working directories with the same argv[0], arguments, environment and
// input, and compares stdout, stderr, the wait status and the files left
// behind, after the case's own normalisations. Every comparison is a cell
// of the compatibility matrix (Matrix). A run that takes longer than the
// timeout is killed and reported as hung.
package org.azalea.compat;

import org.azalea.cli.Main;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

final class Differential {
    static final Path HOME = Path.of(System.getProperty("user.dir")).getParent();
    static final Path CORPUS = HOME.resolve("corpus/target/bin");
    private static final Path TARGET = HOME.resolve("compat-tests/target");
    private static final Path RUNAS = TARGET.resolve("runas");
    private static final long TIMEOUT_SECONDS = 30;
    private static final Map<List<Object>, Path> IMAGES = new ConcurrentHashMap<>();

    private Differential() {
    }

    /** The image of a program converted for a mode, converted once per test run. */
    static Path image(Path program, Mode mode) {
        return IMAGES.computeIfAbsent(List.of(program.toAbsolutePath(), mode), k -> convert(program, mode));
    }

    private static Path convert(Path program, Mode mode) {
        String suffix = mode == Mode.PATCHED ? ".uk" : "." + mode.label() + ".uk";
        Path out = TARGET.resolve("images").resolve(program.getFileName() + suffix);
        StringWriter log = new StringWriter();
        try (PrintWriter w = new PrintWriter(log)) {
            Files.createDirectories(out.getParent());
            List<String> args = new ArrayList<>(List.of("convert"));
            args.addAll(mode.convertOptions());
            args.addAll(List.of(program.toString(), "-o", out.toString()));
            int status = Main.run(args.toArray(String[]::new), w, w);
            w.flush();
            assertEquals(0, status, () -> "azalea " + String.join(" ", args) + " failed:\n" + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Runs the case natively and as an image and fails with both outcomes, and the commands that
     * reproduce them, when they differ. The result, or the failure to get one, is the case's matrix cell.
     */
    static void assertSameAsNative(Invocation c) {
        try {
            Path image = image(c.program(), c.mode());
            Outcome n = run(c, c.program()), i = run(c, image);
            String diff = n.differenceFrom(i);
            if (!diff.isEmpty()) {
                fail(c.name() + ": the image differs in " + n.differingParts(i) + "\n  convert: " + c.convertCommand(image)
                        + "\n  native:  " + c.command(c.program()) + "\n  image:   " + c.command(image) + "\n" + diff);
            }
            Matrix.record(new Cell(c.row(), c.column(), Cell.Status.PASS, ""));
        } catch (Throwable t) {
            Matrix.record(new Cell(c.row(), c.column(), Cell.Status.FAIL, firstLine(t)));
            throw t;
        }
    }

    /**
     * The same comparison with an image made otherwise (a CALL image built
     * from the program's source by azalea build), recorded in the named
     * matrix column; the row is the case's without that label.
     */
    static void assertSameAsNative(Invocation c, Path image, String column) {
        String row = c.row().replace(" [" + column + "]", "");
        try {
            Outcome n = run(c, c.program()), i = run(c, image);
            String diff = n.differenceFrom(i);
            if (!diff.isEmpty()) {
                fail(c.name() + ": the image differs in " + n.differingParts(i) + "\n  native:  "
                        + c.command(c.program()) + "\n  image:   " + c.command(image) + "\n" + diff);
            }
            Matrix.record(new Cell(row, column, Cell.Status.PASS, ""));
        } catch (Throwable t) {
            Matrix.record(new Cell(row, column, Cell.Status.FAIL, firstLine(t)));
            throw t;
        }
    }

    /**
     * A case the image cannot run yet, for the reason given (the missing feature, named): it must still
     * differ from the native run, or the entry is stale and the test fails. Recorded as unsupported.
     */
    static void assertUnsupported(Invocation c, String reason) {
        Path image = image(c.program(), c.mode());
        if (run(c, c.program()).differenceFrom(run(c, image)).isEmpty()) {
            Matrix.record(new Cell(c.row(), c.column(), Cell.Status.FAIL, "listed as unsupported, but passes"));
            fail(c.name() + " is listed as unsupported (" + reason + ") but behaves as natively: drop it from the list");
        }
        Matrix.record(new Cell(c.row(), c.column(), Cell.Status.UNSUPPORTED, reason));
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return t.getClass().getSimpleName().equals("AssertionFailedError") ? (nl < 0 ? m : m.substring(0, nl))
                : t.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }

    /** The case as one test per mode: the image with patched sites, and the trap-only image. */
    static List<DynamicTest> inEveryMode(Invocation c) {
        return Arrays.stream(Mode.values()).map(c::in).map(m -> DynamicTest.dynamicTest(m.name(), () -> {
            assertPresent(m.program());
            assertSameAsNative(m);
        })).toList();
    }

    /** Runs the case as an image only. */
    static Outcome runImage(Invocation c) {
        return run(c, image(c.program(), c.mode()));
    }

    static Outcome run(Invocation c, Path binary) {
        try {
            Path dir = Files.createTempDirectory(TARGET, "run-");
            try {
                for (Map.Entry<String, byte[]> f : c.fixtures().entrySet()) {
                    Path p = dir.resolve(f.getKey());
                    Files.createDirectories(p.getParent());
                    Files.write(p, f.getValue());
                }
                Path stdin = Files.writeString(Files.createTempFile(TARGET, "in-", ""), c.stdin());
                Path stdout = Files.createTempFile(TARGET, "out-", ""), stderr = Files.createTempFile(TARGET, "err-", "");
                Path status = Files.createTempFile(TARGET, "status-", "");
                try {
                    List<String> cmd = new ArrayList<>(List.of(RUNAS.toString(), c.argv0(), binary.toString()));
                    cmd.addAll(c.args());
                    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                            .redirectInput(stdin.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
                    pb.environment().clear();
                    pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "LANG", "C", "TZ", "UTC",
                            "HOME", dir.toString(), "RUNAS_STATUS", status.toString()));
                    if (!c.imageRun().isEmpty() && !binary.equals(c.program())) {
                        pb.environment().put("AZALEA_RUN", c.imageRun());
                    }
                    Process p = pb.start();
                    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                        fail(c.name() + ": hung for " + TIMEOUT_SECONDS + " s: " + c.command(binary));
                    }
                    assertEquals(0, p.exitValue(), () -> "runas failed for " + c.command(binary));
                    return c.normalised(new Outcome(Files.readString(stdout, StandardCharsets.ISO_8859_1),
                            Files.readString(stderr, StandardCharsets.ISO_8859_1).replace(binary.toString(), "PROGRAM"),
                            Files.readString(status).strip(), files(dir)));
                } finally {
                    Files.deleteIfExists(stdin);
                    Files.deleteIfExists(stdout);
                    Files.deleteIfExists(stderr);
                    Files.deleteIfExists(status);
                }
            } finally {
                delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(p -> !p.equals(dir)).toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
                String what = Files.isSymbolicLink(p) ? "link " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p) ? "dir" : "file " + digest(Files.readAllBytes(p));
                out.put(dir.relativize(p).toString(), mode + " " + what);
            }
        }
        return out;
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void assertPresent(Path program) {
        assertTrue(Files.isExecutable(program), () -> program + " is missing: the build (make -C corpus all, "
                + "busybox-static, bash-static) should have provided it");
    }
}
