// Busybox's own testsuite (Debian's source package, suites/busybox-testsuite.sh)
// run against the native busybox-static and against its image, through
// applet links. Every case that passes natively must pass as an image,
// unless suites/busybox-testsuite.unsupported lists it with the missing
// feature (fork or execve) and why; an entry that passes, or that fails on a
// call outside its feature, fails the test. The counts go to the
// compatibility matrix (target/matrix/suites/busybox-testsuite.tsv).
package org.azalea.compat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class BusyboxTestsuiteTest {
    private static final Path SUITES = Differential.HOME.resolve("compat-tests/suites");
    private static final Path SCRIPT = SUITES.resolve("busybox-testsuite.sh");
    private static final Path UNSUPPORTED = SUITES.resolve("busybox-testsuite.unsupported");
    private static final Path OUT = Differential.HOME.resolve("compat-tests/target/busybox-testsuite");
    private static final Path MATRIX = Differential.HOME.resolve("compat-tests/target/matrix/suites/busybox-testsuite.tsv");
    /** A sanity floor: Debian's busybox-static passes about 856 cases here. */
    private static final int NATIVE_FLOOR = 800;
    private static final long TIMEOUT_MINUTES = 20;
    /** The syscalls each missing feature stands for, as the libOS names them on stderr. */
    private static final Map<String, Set<String>> FEATURE_CALLS = Map.of(
            "fork", Set.of("fork", "vfork", "clone", "clone3"),
            "execve", Set.of("execve", "execveat"));
    private static final Pattern UNSUPPORTED_CALL = Pattern.compile("azalea: unsupported syscall (\\w+)");

    record Result(String status, String why) {
    }

    record Entry(String feature, String why) {
    }

    @Test
    void imagePassesWhatNativePasses() throws Exception {
        Differential.assertPresent(BusyboxCompatTest.BUSYBOX);
        Path image = Differential.image(BusyboxCompatTest.BUSYBOX, Mode.PATCHED);
        runSuite(image);
        Map<String, Result> nat = results(OUT.resolve("native.tsv"));
        Map<String, Result> img = results(OUT.resolve("image.tsv"));
        Map<String, Entry> unsupported = unsupported();

        List<String> lost = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        int nativePass = 0, imagePass = 0;
        for (Map.Entry<String, Result> e : nat.entrySet()) {
            if (!e.getValue().status().equals("PASS")) {
                continue;
            }
            nativePass++;
            Result i = img.get(e.getKey());
            if (i != null && i.status().equals("PASS")) {
                imagePass++;
            } else if (unsupported.containsKey(e.getKey())) {
                listed.add(e.getKey());
            } else {
                lost.add(e.getKey());
            }
        }
        writeMatrix(nativePass, imagePass, nat.size(), lost, listed, img, unsupported);

        assertTrue(nativePass >= NATIVE_FLOOR, "only " + nativePass + " cases pass natively (floor " + NATIVE_FLOOR
                + "): the native run broke, see " + OUT.resolve("native.log"));
        assertEquals(nat.keySet(), img.keySet(), "the image run reported other cases than the native run; see "
                + OUT.resolve("image.log"));
        List<String> problems = new ArrayList<>();
        for (String c : lost) {
            problems.add("passes natively, not as an image: " + c + " -- " + img.get(c).why());
        }
        for (Map.Entry<String, Entry> u : unsupported.entrySet()) {
            String c = u.getKey();
            Result n = nat.get(c), i = img.get(c);
            if (n == null) {
                problems.add("listed as unsupported but not a case of the suite: " + c);
            } else if (!n.status().equals("PASS")) {
                problems.add("listed as unsupported but does not pass natively (" + n.status() + "): " + c);
            } else if (i.status().equals("PASS")) {
                problems.add("listed as unsupported (" + u.getValue().feature() + ") but passes as an image: " + c);
            } else {
                Matcher m = UNSUPPORTED_CALL.matcher(i.why());
                if (m.find() && !FEATURE_CALLS.get(u.getValue().feature()).contains(m.group(1))) {
                    problems.add("listed as needing " + u.getValue().feature() + " but fails on " + m.group(1) + ": " + c);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s) (logs in " + OUT + "):\n  " + String.join("\n  ", problems));
        }
    }

    private static void runSuite(Path image) throws IOException, InterruptedException {
        Path log = Files.createDirectories(OUT).resolve("driver.log");
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), OUT.toString(),
                "native=" + BusyboxCompatTest.BUSYBOX, "image=" + image)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("busybox-testsuite.sh took over " + TIMEOUT_MINUTES + " minutes; see " + log);
        }
        assertEquals(0, p.exitValue(), () -> "busybox-testsuite.sh failed:\n" + read(log));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + p + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** CASE -> result, from the script's CASE<TAB>STATUS<TAB>WHY lines. */
    private static Map<String, Result> results(Path tsv) throws IOException {
        Map<String, Result> r = new LinkedHashMap<>();
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            assertEquals(3, f.length, () -> tsv + ": not CASE<TAB>STATUS<TAB>WHY: " + line);
            assertTrue(Set.of("PASS", "FAIL", "SKIP").contains(f[1]), () -> tsv + ": unknown status: " + line);
            assertTrue(r.put(f[0], new Result(f[1], f[2])) == null, () -> tsv + ": case twice: " + f[0]);
        }
        return r;
    }

    private static Map<String, Entry> unsupported() throws IOException {
        Map<String, Entry> u = new LinkedHashMap<>();
        for (String line : Files.readAllLines(UNSUPPORTED, StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            assertTrue(f.length == 3 && FEATURE_CALLS.containsKey(f[1]) && !f[2].isBlank(),
                    () -> UNSUPPORTED + ": not CASE<TAB>fork|execve<TAB>WHY: " + line);
            assertTrue(u.put(f[0], new Entry(f[1], f[2])) == null, () -> UNSUPPORTED + ": listed twice: " + f[0]);
        }
        return u;
    }

    /** IMAGE_PASS counts the cases passing both natively and as an image; TOTAL every case, skipped ones too. */
    private static void writeMatrix(int nativePass, int imagePass, int total, List<String> lost, List<String> listed,
            Map<String, Result> img, Map<String, Entry> unsupported) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(String.join("\t", "suite", "busybox-testsuite", "third-party/patched",
                String.valueOf(nativePass), String.valueOf(imagePass), String.valueOf(total))).append('\n');
        for (String c : lost) {
            b.append("lost\t").append(c).append('\t').append(img.containsKey(c) ? img.get(c).why() : "not run")
                    .append('\n');
        }
        for (String c : listed) {
            Entry e = unsupported.get(c);
            b.append("unsupported\t").append(c).append('\t').append(e.feature()).append(": ").append(e.why())
                    .append('\n');
        }
        Files.createDirectories(MATRIX.getParent());
        Files.writeString(MATRIX, b.toString(), StandardCharsets.UTF_8);
    }
}
