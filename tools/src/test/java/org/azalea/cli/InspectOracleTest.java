package org.azalea.cli;

import org.azalea.report.JsonReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `azalea inspect --json` checked against the outside world on real static
 * binaries: readelf for the tables, objdump's disassembly for the list of
 * `syscall` instructions. Every difference from objdump must be explained by
 * the report itself, or the test fails:
 *  - objdump shows a `syscall` we do not list as a site: objdump decodes
 *    linearly through everything, so it also "finds" 0f 05 inside data or
 *    inside another instruction; the report must classify those very bytes
 *    as not an instruction start;
 *  - we list a site objdump does not show: objdump lost instruction sync
 *    there (after data in code), so it must have no instruction starting at
 *    that address at all.
 */
class InspectOracleTest {
    private static final Pattern OBJDUMP_INSN = Pattern.compile("^\\s*([0-9a-f]+):\\t(\\S+)", Pattern.MULTILINE);
    private static final Pattern READELF_SECTION =
            Pattern.compile("^\\s*\\[\\s*(\\d+)]\\s+(\\S*)\\s+(\\S+)\\s+([0-9a-f]{16})\\s+([0-9a-f]+)\\s+([0-9a-f]+)", Pattern.MULTILINE);
    private static final Pattern READELF_PHDR_COUNT = Pattern.compile("There (?:is|are) (\\d+) program header");

    static List<TestBinaries.Expected> binaries() {
        return TestBinaries.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaries")
    void reportMatchesReadelfAndObjdump(TestBinaries.Expected expected) {
        String path = expected.path().toString();
        CliRun run = CliRun.of("inspect", "--json", path);
        assertEquals(ExitStatus.OK, run.status(), run.err());
        Map<String, Object> doc = JsonReader.object(JsonReader.parse(run.out()));

        assertEquals("azalea.inspect/1", doc.get("schema"));
        assertEquals(expected.kind(), doc.get("kind"), "kind: " + doc.get("kindReason"));
        Map<String, Object> runtime = JsonReader.object(doc.get("runtime"));
        assertEquals(expected.runtime(), runtime.get("name"), "runtime evidence: " + runtime.get("evidence"));
        assertTrue(!JsonReader.array(runtime.get("evidence")).isEmpty(), "runtime without evidence");

        checkSections(path, JsonReader.array(doc.get("sections")));
        Matcher phdrs = READELF_PHDR_COUNT.matcher(ExternalTool.output("binutils", "readelf", "-l", "-W", path));
        assertTrue(phdrs.find(), "readelf printed no program header count");
        assertEquals(Integer.parseInt(phdrs.group(1)), JsonReader.array(doc.get("segments")).size(), "segment count");

        checkSitesAgainstObjdump(path, doc);
    }

    private static void checkSections(String path, List<Object> sections) {
        Matcher m = READELF_SECTION.matcher(ExternalTool.output("binutils", "readelf", "-S", "-W", path));
        int count = 0;
        while (m.find()) {
            Map<String, Object> s = JsonReader.object(sections.get(count));
            String where = path + " section [" + m.group(1) + "]";
            assertEquals(Long.parseLong(m.group(1)), s.get("index"), where);
            assertEquals(m.group(2), s.get("name"), where);
            assertEquals(m.group(3), s.get("type"), where);
            assertEquals(Long.parseUnsignedLong(m.group(4), 16), hex(s.get("addr")), where + " addr");
            assertEquals(Long.parseLong(m.group(5), 16), hex(s.get("offset")), where + " offset");
            assertEquals(Long.parseLong(m.group(6), 16), hex(s.get("size")), where + " size");
            count++;
        }
        assertTrue(count > 0, "readelf listed no sections for " + path);
        assertEquals(count, sections.size(), "section count of " + path);
    }

    private static void checkSitesAgainstObjdump(String path, Map<String, Object> doc) {
        String dump = ExternalTool.output("binutils", "objdump", "-d", "-w", "--no-show-raw-insn", path);
        Set<Long> objdumpStarts = new HashSet<>();
        Set<Long> objdumpSyscalls = new TreeSet<>();
        Matcher m = OBJDUMP_INSN.matcher(dump);
        while (m.find()) {
            long address = Long.parseUnsignedLong(m.group(1), 16);
            objdumpStarts.add(address);
            if (m.group(2).equals("syscall")) {
                objdumpSyscalls.add(address);
            }
        }
        Set<Long> sites = new TreeSet<>();
        for (Object o : JsonReader.array(doc.get("sites"))) {
            sites.add(hex(JsonReader.object(o).get("address")));
        }
        Map<String, Object> raw = JsonReader.object(doc.get("rawSyscallBytes"));
        Map<Long, String> notInstructions = new HashMap<>();
        for (Object o : JsonReader.array(raw.get("entries"))) {
            Map<String, Object> e = JsonReader.object(o);
            notInstructions.put(hex(e.get("address")), e.get("class") + ": " + e.get("detail"));
        }
        assertEquals((long) sites.size(), raw.get("instruction"), "raw instruction pairs vs sites");

        int onlyObjdump = 0;
        int onlyOurs = 0;
        for (long a : objdumpSyscalls) {
            if (!sites.contains(a)) {
                assertTrue(notInstructions.containsKey(a), path + ": objdump shows a syscall at 0x" + Long.toHexString(a)
                        + " that the report neither lists as a site nor classifies as data or inside an instruction");
                onlyObjdump++;
            }
        }
        for (long a : sites) {
            if (!objdumpSyscalls.contains(a)) {
                assertTrue(!objdumpStarts.contains(a), path + ": site 0x" + Long.toHexString(a)
                        + " is an instruction start for objdump too, but objdump decodes something else there");
                onlyOurs++;
            }
        }
        assertTrue(!sites.isEmpty(), path + ": no syscall sites found at all");
        System.out.printf("%-28s %5d sites, %5d unresolved, objdump %5d; only objdump %d (explained), only ours %d (explained)%n",
                path.substring(path.lastIndexOf('/') + 1), sites.size(), doc.get("unresolvedSites"),
                objdumpSyscalls.size(), onlyObjdump, onlyOurs);
    }

    private static long hex(Object value) {
        String s = (String) value;
        assertTrue(s.startsWith("0x"), "not a hex string: " + s);
        return Long.parseUnsignedLong(s.substring(2), 16);
    }
}
