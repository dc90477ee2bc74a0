// `azalea bench --quick`, the CI smoke run of the benchmark: it must finish
// and leave well-formed reports (results.json with the machine and every
// section's figures, each median the median of its samples; report.md with a
// table per section; PNG charts that decode at their size). No figure is
// held to a speed: benchmarks report, tests do not time.
package org.azalea.compat;

import org.azalea.cli.Main;
import org.azalea.report.JsonReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchReportTest {
    @TempDir
    static Path out;
    private static String stdout;
    private static String stderr;
    private static int status;

    @BeforeAll
    static void runQuickBench() {
        System.setProperty("azalea.home", Differential.HOME.toString());
        System.setProperty("java.awt.headless", "true");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        status = Main.run(new String[] {"bench", "--quick", "--out", out.toString()}, new PrintWriter(o, true),
                new PrintWriter(e, true));
        stdout = o.toString();
        stderr = e.toString();
    }

    @Test
    void finishesAndSaysWhereTheReportsAre() {
        assertEquals(0, status, () -> "azalea bench --quick failed:\n" + stderr + "\n" + stdout);
        assertTrue(stdout.contains("Wrote results.json, report.md"), stdout);
    }

    @Test
    void resultsJsonHoldsTheMachineAndEverySection() throws IOException {
        Map<String, Object> doc = JsonReader.object(JsonReader.parse(Files.readString(out.resolve("results.json"))));
        assertEquals(1L, doc.get("schema"));
        Map<String, Object> machine = JsonReader.object(doc.get("machine"));
        for (String key : List.of("kernel", "cpu_model", "java", "date")) {
            assertTrue(machine.get(key) instanceof String s && !s.isBlank(), "machine." + key + ": " + machine);
        }
        assertTrue(((Number) machine.get("cpus")).intValue() >= 1, machine.toString());
        assertTrue(((Number) doc.get("tsc_per_ns")).doubleValue() > 0, "tsc_per_ns " + doc.get("tsc_per_ns"));
        Set<String> seen = new HashSet<>();
        for (Object o : JsonReader.array(doc.get("measurements"))) {
            Map<String, Object> m = JsonReader.object(o);
            String id = m.get("section") + "/" + m.get("name") + "/" + m.get("variant");
            assertTrue(seen.add(id), "measured twice: " + id);
            List<Object> samples = JsonReader.array(m.get("samples"));
            assertFalse(samples.isEmpty(), id + " has no samples");
            double[] v = samples.stream().mapToDouble(x -> ((Number) x).doubleValue()).sorted().toArray();
            assertTrue(v[0] >= 0 && Arrays.stream(v).allMatch(Double::isFinite), id + ": " + samples);
            assertEquals(v[v.length / 2], ((Number) m.get("median")).doubleValue(), 1e-9, id + " median");
            assertTrue(m.get("unit") instanceof String u && !u.isBlank(), id + " unit");
        }
        List<String> expected = new ArrayList<>();
        for (String c : List.of("getpid", "getppid", "clock_gettime", "function_call")) {
            for (String variant : List.of("native", "trap", "patched", "call")) {
                expected.add("syscall/" + c + "/" + variant);
            }
        }
        for (String c : List.of("read_zero", "read_null", "write_null", "write_zero", "open_close", "fstat",
                "mmap_munmap", "pipe_write_read")) {
            expected.add("latency/" + c + "/native");
            expected.add("latency/" + c + "/image");
        }
        expected.addAll(List.of("code_size/busybox/code", "inspect/busybox/wall", "convert/busybox/wall",
                "start/exec_to_main/native", "start/exec_to_main/image", "start/whole_run/image", "threads/futex_1core/native",
                "scaling/cpu/native 1T"));
        for (String id : expected) {
            assertTrue(seen.contains(id), "results.json lacks " + id + "; it has " + seen);
        }
    }

    @Test
    void reportMarkdownHasATablePerSection() throws IOException {
        String md = Files.readString(out.resolve("report.md"));
        Map<String, Object> sections = JsonReader.object(JsonReader.object(
                JsonReader.parse(Files.readString(out.resolve("results.json")))).get("sections"));
        assertTrue(sections.size() >= 9, "sections: " + sections.keySet());
        for (Object title : sections.values()) {
            int at = md.indexOf("## " + title + "\n\n| case |");
            assertTrue(at >= 0, "report.md has no table under \"" + title + "\":\n" + md);
        }
    }

    @Test
    void chartsArePngsOfTheirSize() throws IOException {
        for (String chart : List.of("getpid.png", "latency.png", "convert.png")) {
            BufferedImage image = ImageIO.read(out.resolve(chart).toFile());
            assertNotNull(image, chart + " is not an image");
            assertEquals(900, image.getWidth(), chart);
            assertEquals(520, image.getHeight(), chart);
        }
    }
}
