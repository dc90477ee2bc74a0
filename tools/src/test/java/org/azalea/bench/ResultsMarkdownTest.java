package org.azalea.bench;

import org.azalea.report.JsonReader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsMarkdownTest {
    private static BenchResults sample() {
        BenchResults r = new BenchResults(new BenchResults.Machine("6.1.0", "Test CPU", 4, "25", Instant.EPOCH));
        r.describe("syscall", "Syscall cost");
        r.add("syscall", "getpid", "native", "cycles", new double[] {400, 420, 380});
        r.add("syscall", "getpid", "patched", "cycles", new double[] {8});
        r.add("syscall", "getppid", "native", "cycles", new double[] {500});
        r.tscPerNs(2.5);
        return r;
    }

    @Test
    void aTablePerSectionWithRatiosAgainstNative() {
        String md = ResultsMarkdown.of(sample());
        assertTrue(md.contains("Test CPU, 4 CPUs, Linux 6.1.0"), md);
        assertTrue(md.contains("## Syscall cost\n\n| case | native (cycles) | patched (cycles) | native/patched |"), md);
        assertTrue(md.contains("| getpid | 400 ±5.0% | 8.0 | 50.0x |"), md);
        // A variant not measured for a case shows as "-", and so does its ratio.
        assertTrue(md.contains("| getppid | 500 | - | - |"), md);
    }

    @Test
    void jsonKeepsEverySampleAndTheMachine() {
        Map<String, Object> doc = JsonReader.object(JsonReader.parse(ResultsJson.of(sample())));
        assertEquals((long) ResultsJson.SCHEMA, doc.get("schema"));
        assertEquals("Test CPU", JsonReader.object(doc.get("machine")).get("cpu_model"));
        assertEquals(2.5, doc.get("tsc_per_ns"));
        assertEquals("Syscall cost", JsonReader.object(doc.get("sections")).get("syscall"));
        List<Object> ms = JsonReader.array(doc.get("measurements"));
        assertEquals(3, ms.size());
        Map<String, Object> first = JsonReader.object(ms.get(0));
        assertEquals(List.of(400.0, 420.0, 380.0), first.get("samples"));
        assertEquals(400.0, first.get("median"));
    }
}
