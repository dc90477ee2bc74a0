// The compatibility matrix's CALL column: the corpus C programs that need
// only what the CALL runtime provides (corpus/call.tsv) rebuilt from source
// by `azalea build` (newlib and pthread-embedded calling the libOS directly)
// and run beside the same program built natively with glibc (NAME.glibc),
// compared as every differential case is (the manifest's input and output
// rewrites included), each a cell of the matrix's CALL column. Every C program of the manifest
// must be classified in call.tsv, an excluded one with its reason; and at
// least MIN_CALL programs, threaded ones among them, must be in the column.
// The fatal program's deaths by signal are compared too.
package org.azalea.compat;

import org.azalea.cli.Main;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallCompatTest {
    /** The compatibility matrix's column of these cases. */
    private static final String COLUMN = "CALL";
    private static final int MIN_CALL = 30;
    private static final List<String> FATAL = List.of("segv", "bus", "fpe", "ill", "abort", "stack", "handled");
    private static final Path IMAGES = Differential.HOME.resolve("compat-tests/target/call-images");

    /** call.tsv: name -> verdict and reason, in file order. */
    private static Map<String, String[]> classification() throws IOException {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Differential.HOME.resolve("corpus/call.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            assertEquals(3, f.length, "corpus/call.tsv: not name, verdict, reason: " + line);
            assertTrue(f[1].equals("call") || f[1].equals("excluded"), "corpus/call.tsv: verdict " + f[1]);
            assertFalse(f[2].isBlank(), "corpus/call.tsv: " + f[0] + " has no reason");
            out.put(f[0], f);
        }
        return out;
    }

    /** The manifest's C programs (those with a glibc flavour and a source under c/). */
    private static List<String[]> cPrograms() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(Differential.HOME.resolve("corpus/manifest.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f[1].startsWith("c/") && List.of(f[2].split(",")).contains("glibc")) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void everyCProgramIsClassified() throws IOException {
        Map<String, String[]> verdicts = classification();
        List<String> missing = cPrograms().stream().map(f -> f[0]).filter(n -> !verdicts.containsKey(n)).toList();
        assertTrue(missing.isEmpty(), "corpus/call.tsv does not classify " + missing);
        long threaded = verdicts.values().stream().filter(v -> v[1].equals("call") && v[0].startsWith("thr_")).count();
        long total = verdicts.values().stream().filter(v -> v[1].equals("call")).count();
        assertTrue(total >= MIN_CALL, "only " + total + " programs in the CALL column, want " + MIN_CALL);
        assertTrue(threaded > 0, "no threaded program in the CALL column");
    }

    @TestFactory
    List<DynamicTest> callColumn() throws IOException {
        Map<String, String[]> verdicts = classification();
        Map<String, String> sources = new LinkedHashMap<>();
        cPrograms().forEach(f -> sources.put(f[0], f[1]));
        List<DynamicTest> tests = new ArrayList<>();
        for (ManifestEntry e : ManifestEntry.readAll()) {
            String[] v = verdicts.get(e.name());
            if (v != null && v[1].equals("excluded")) {
                Matrix.record(new Cell(e.name(), COLUMN, Cell.Status.UNSUPPORTED, v[2]));
            }
            if (v == null || !v[1].equals("call") || !sources.containsKey(e.name())) {
                continue;
            }
            Path source = Differential.HOME.resolve("corpus").resolve(sources.get(e.name()));
            Invocation c = e.invocation("glibc", Mode.PATCHED).named(e.name() + ".glibc [" + COLUMN + "]");
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Differential.assertPresent(c.program());
                Differential.assertSameAsNative(c, build(source, e.name()), COLUMN);
            }));
        }
        assertFalse(tests.isEmpty(), "no CALL program to run");
        return tests;
    }

    /** The fatal program's deaths by signal, as CorpusCompatTest compares them, rebuilt for CALL. */
    @TestFactory
    List<DynamicTest> deathBySignal() {
        Path program = Differential.CORPUS.resolve("fatal.glibc");
        Path source = Differential.HOME.resolve("corpus/c/fatal.c");
        Path[] image = new Path[1];
        List<DynamicTest> tests = new ArrayList<>();
        for (String how : FATAL) {
            Invocation c = Invocation.of("fatal.glibc " + how + " [" + COLUMN + "]", program, "fatal", List.of(how));
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Differential.assertPresent(program);
                if (image[0] == null) {
                    image[0] = build(source, "fatal");
                }
                Differential.assertSameAsNative(c, image[0], COLUMN);
            }));
        }
        return tests;
    }

    /** The CALL image of one corpus source, with the corpus's own optimisation flags. */
    private static Path build(Path source, String name) throws IOException {
        Files.createDirectories(IMAGES);
        // azalea build finds the CALL runtime under the project's home, as the launcher tells it
        System.setProperty("azalea.home", Differential.HOME.toString());
        Path out = IMAGES.resolve(name + ".uk");
        StringWriter log = new StringWriter();
        try (PrintWriter w = new PrintWriter(log)) {
            int status = Main.run(new String[] {"build", "-O2", "-g", source.toString(), "-o", out.toString()}, w, w);
            w.flush();
            assertEquals(0, status, () -> "azalea build " + source + " failed:\n" + log);
        }
        return out;
    }
}
