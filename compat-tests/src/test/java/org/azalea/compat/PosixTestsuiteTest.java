// The Open POSIX test suite (Debian's posixtestsuite), each selected
// conformance test run natively and as an image (AZALEA_RUN cores=2, as many
// as the native run has here). Selection, as suites/posix-testsuite.sh applies
// it: conformance/interfaces/FUNC/N-M.c of the interface areas the libOS
// implements (threads, semaphores, clocks and sleeps, timers, scheduling,
// memory mappings and locks, signals, fsync, time conversions); not POSIX
// AIO, message queues, shared memory objects, fork or pthread_atfork; not
// tests that set a clock (as root they would set the machine's); of
// sigaction's generated per-signal tests, each assertion's first and those of
// SIGUSR1, SIGCHLD and SIGSEGV; not the tests of suites/posix-testsuite-slow.txt
// (1.5 s or more natively) unless POSIX_TESTSUITE_SLOW=1; not speculative/ or
// build-only tests. A test passes when it exits 0 (PTS_PASS) within the
// timeout; every other ending (FAIL 1, UNRESOLVED 2, UNSUPPORTED 4,
// UNTESTED 5, a signal, a hang) is not a pass.
// A test whose source calls fork( or vfork( is run as an image only when
// fork works in an image (suites/fork-probe.c, run as an image first): where
// fork fails, such a test's parent goes on with pid -1, and kill(-1, sig)
// signals every process the user may signal. While fork fails, those that
// pass natively are reported unsupported (fork) without an image run.
// Every other test that passes natively must pass as an image, unless
// posix-testsuite/unsupported.tsv lists it with the missing feature; a listed
// test that passes as an image fails the run (so the list cannot go stale),
// and a feature written "unsupported syscall: NAME[, NAME]" must be
// named by the libOS's one-line message on the image's stderr. An entry
// written "race: ..." is a test that races its own threads (its outcome
// depends on which thread runs first) and that images lose more often than
// Linux: it is reported as lost when it fails but fails nothing here.
// Writes target/matrix/suites/posix-testsuite.tsv and, per test,
// target/posix-testsuite/results.tsv.
package org.azalea.compat;

import org.azalea.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class PosixTestsuiteTest {
    private static final Path TARGET = Differential.HOME.resolve("compat-tests/target");
    private static final Path SCRIPT = Differential.HOME.resolve("compat-tests/suites/posix-testsuite.sh");
    private static final Path WORK = TARGET.resolve("posix-testsuite");
    /** Per run; the suite's own is 240 s, no selected test needs more than a few natively. */
    private static final long TIMEOUT_SECONDS = 20;
    /** Tests run two at a time: most of the time goes to tests that sleep. */
    private static final int PARALLEL = 2;
    /**
     * Runs of an image whose test passed natively, until one passes: some tests
     * race their own threads, and an image, whose new threads start later than
     * Linux's, loses such races more often. Passes after the first attempt are
     * reported (results.tsv, the summary line).
     */
    private static final int IMAGE_ATTEMPTS = 3;
    /** Fewer native passes than this (703 of 782 when written) means the build or the native runs broke. */
    private static final int NATIVE_PASS_FLOOR = 650;
    private static final Pattern UNSUPPORTED_CALL = Pattern.compile("azalea: unsupported syscall (\\w+) \\(\\d+\\)");
    private static final String LISTED_CALLS = "unsupported syscall: ";
    private static final String RACE = "race: ";
    /**
     * Images get as many cores as the native runs have (up to 2): on one core a
     * new thread runs only once its creator blocks, and tests whose main thread
     * returns while another has yet to call pthread_exit (which then aborts)
     * fail every time instead of rarely.
     */
    private static final String IMAGE_RUN = "cores=" + Math.min(2, Runtime.getRuntime().availableProcessors());

    private record Run(int status, boolean hung, String stdout, String stderr, double seconds) {
        boolean passed() {
            return !hung && status == 0;
        }

        Set<String> unsupportedCalls() {
            Set<String> calls = new TreeSet<>();
            Matcher m = UNSUPPORTED_CALL.matcher(stderr);
            while (m.find()) {
                calls.add(m.group(1));
            }
            return calls;
        }

        /** The first line of why it did not pass. */
        String why() {
            String head = hung ? "hung (killed after " + TIMEOUT_SECONDS + " s)" : "exit status " + status;
            String firstLine = Stream.of(stdout, stderr).flatMap(String::lines).map(String::strip)
                    .filter(l -> !l.isEmpty()).findFirst().orElse("no output");
            return (head + ": " + firstLine).replace('\t', ' ');
        }
    }

    private record Case(String name, boolean built, boolean forks) {
    }

    /**
     * imageRun is null when the image was not run (a test that forks, fork
     * failing in images); imageAttempts counts its runs.
     */
    private record Result(String name, boolean built, Run nativeRun, Run imageRun, int imageAttempts,
                          double convertSeconds) {
    }

    private static final String FORK_FEATURE = "fork (the test calls fork(); not run as an image while fork fails there)";

    @Test
    void everyNativePassPassesAsAnImage() throws Exception {
        Map<String, Case> tests = buildSuite();
        Map<String, String> unsupported = unsupportedList();
        long start = System.nanoTime();
        Path probe = WORK.resolve("fork-probe");
        Run probeRun = run(convert(probe, WORK.resolve("images/fork-probe.uk")), true);
        boolean forkWorks = probeRun.passed();
        System.out.println("posix-testsuite: fork in an image " + (forkWorks ? "works" : "fails: " + probeRun.why()));
        List<Result> results = runAll(tests.values(), forkWorks);
        double total = (System.nanoTime() - start) / 1e9;

        int nativePass = 0, imagePass = 0;
        List<String> lost = new ArrayList<>(), problems = new ArrayList<>();
        Map<String, String> unsupportedSeen = new TreeMap<>();
        for (Result r : results) {
            boolean n = r.built() && r.nativeRun().passed(), ran = r.imageRun() != null, i = ran && r.imageRun().passed();
            nativePass += n ? 1 : 0;
            imagePass += i ? 1 : 0;
            String feature = unsupported.get(r.name());
            if (r.built() && !ran) {
                if (feature != null) {
                    problems.add(r.name() + " is listed unsupported (" + feature + ") but is not run as an image: it forks");
                } else if (n) {
                    unsupportedSeen.put(r.name(), FORK_FEATURE);
                }
                continue;
            }
            if (feature == null || feature.startsWith(RACE)) {
                if (n && !i) {
                    lost.add(r.name() + "\t" + r.imageRun().why() + (feature == null ? "" : " (" + feature + ")"));
                    if (feature == null) {
                        problems.add("passes natively, not as an image: " + r.name() + ": " + r.imageRun().why());
                    }
                }
                continue;
            }
            if (i) {
                problems.add(r.name() + " is listed unsupported (" + feature + ") but passes as an image: drop it from the list");
            } else if (!n) {
                // Not a native pass here (several need root): there is nothing to excuse.
                continue;
            } else if (feature.startsWith(LISTED_CALLS)) {
                Set<String> named = r.imageRun().unsupportedCalls();
                for (String call : feature.substring(LISTED_CALLS.length()).split(",\\s*")) {
                    if (!named.contains(call)) {
                        problems.add(r.name() + " is listed for " + call + ", which the image did not name; it named "
                                + named + "; " + r.imageRun().why());
                    }
                }
                unsupportedSeen.put(r.name(), feature);
            } else {
                unsupportedSeen.put(r.name(), feature);
            }
        }
        for (String name : unsupported.keySet()) {
            if (!tests.containsKey(name)) {
                problems.add(name + " is listed unsupported but is not a selected test");
            }
        }
        writeResults(results);
        writeMatrix(nativePass, imagePass, results.size(), lost, unsupportedSeen);
        List<String> retried = results.stream().filter(r -> r.imageAttempts() > 1 && r.imageRun().passed())
                .map(r -> r.name() + " (attempt " + r.imageAttempts() + ")").toList();
        System.out.printf("posix-testsuite: %d tests, native pass %d, image pass %d, lost %d, unsupported %d;"
                        + " %.0f s (conversion %.0f s of it, summed over tests); image passes after a failed run: %s%n",
                results.size(), nativePass, imagePass, lost.size(), unsupportedSeen.size(), total,
                results.stream().mapToDouble(Result::convertSeconds).sum(), retried.isEmpty() ? "none" : retried);

        assertTrue(nativePass >= NATIVE_PASS_FLOOR, "only " + nativePass + " tests pass natively (floor "
                + NATIVE_PASS_FLOOR + "): the suite's build or the native runs broke; see " + WORK);
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
    }

    /** Fetches and builds the suite; the selected tests, each with whether it compiled and whether it forks. */
    private static Map<String, Case> buildSuite() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), WORK.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        int status = p.waitFor();
        assertEquals(0, status, SCRIPT + " failed (status " + status + "; 69: the Debian source posixtestsuite "
                + "cannot be fetched here, 70: nothing built)");
        Map<String, Case> tests = new LinkedHashMap<>();
        for (String line : Files.readAllLines(WORK.resolve("tests.tsv"))) {
            String[] f = line.split("\t");
            tests.put(f[0], new Case(f[0], f[1].equals("built"), f[2].equals("fork")));
        }
        assertTrue(tests.values().stream().filter(Case::built).count() >= tests.size() * 9 / 10,
                "fewer than 9 in 10 selected tests compiled: see " + WORK.resolve("log"));
        return tests;
    }

    private static Map<String, String> unsupportedList() throws IOException {
        Map<String, String> list = new TreeMap<>();
        try (InputStream in = PosixTestsuiteTest.class.getResourceAsStream("/posix-testsuite/unsupported.tsv")) {
            assertTrue(in != null, "resource posix-testsuite/unsupported.tsv is missing");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 2);
                assertEquals(2, f.length, "unsupported.tsv: NAME<TAB>missing feature expected: " + line);
                assertTrue(list.put(f[0], f[1].strip()) == null, "unsupported.tsv lists " + f[0] + " twice");
            }
        }
        return list;
    }

    private static List<Result> runAll(Iterable<Case> tests, boolean forkWorks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Case t : tests) {
                futures.add(pool.submit(() -> runOne(t, forkWorks)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result runOne(Case t, boolean forkWorks) throws IOException, InterruptedException {
        if (!t.built()) {
            return new Result(t.name(), false, null, null, 0, 0);
        }
        Path program = WORK.resolve("bin").resolve(t.name());
        Run nativeRun = run(program, false);
        if (t.forks() && !forkWorks) {
            return new Result(t.name(), true, nativeRun, null, 0, 0);
        }
        Path image = WORK.resolve("images").resolve(t.name() + ".uk");
        long start = System.nanoTime();
        convert(program, image);
        double convert = (System.nanoTime() - start) / 1e9;
        try {
            int attempts = 1;
            Run imageRun = run(image, true);
            while (nativeRun.passed() && !imageRun.passed() && attempts < IMAGE_ATTEMPTS) {
                attempts++;
                imageRun = run(image, true);
            }
            return new Result(t.name(), true, nativeRun, imageRun, attempts, convert);
        } finally {
            Files.deleteIfExists(image);
        }
    }

    /** azalea convert, in process. */
    private static Path convert(Path program, Path image) throws IOException {
        Files.createDirectories(image.getParent());
        StringWriter log = new StringWriter();
        try (PrintWriter w = new PrintWriter(log)) {
            int status = Main.run(new String[] {"convert", program.toString(), "-o", image.toString()}, w, w);
            w.flush();
            assertEquals(0, status, () -> "azalea convert " + program + " failed:\n" + log);
        }
        return image;
    }

    /**
     * Runs a test in a fresh directory, in a session of its own (setsid): killpg
     * and kill(0, ...) tests signal their process group, which must not be the JVM's.
     * A start that fails with ETXTBSY is retried: an image just written in one
     * thread can be held open for writing by a process the other thread is
     * starting, between its fork and exec.
     */
    private static Run run(Path binary, boolean isImage) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Run r = runOnce(binary, isImage);
            if (attempt == 5 || r.status() != 126 || !r.stderr().contains("Text file busy")) {
                return r;
            }
            Thread.sleep(100L * attempt);
        }
    }

    private static Run runOnce(Path binary, boolean isImage) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(WORK, "run-");
        Path out = dir.resolve(".stdout"), err = dir.resolve(".stderr");
        try {
            ProcessBuilder pb = new ProcessBuilder("setsid", binary.toString()).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "LANG", "C", "TZ", "UTC", "HOME", dir.toString()));
            if (isImage) {
                pb.environment().put("AZALEA_RUN", IMAGE_RUN);
            }
            long start = System.nanoTime();
            Process p = pb.start();
            boolean hung = !p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (hung) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Run(p.exitValue(), hung, Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1), seconds);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static void writeResults(List<Result> results) throws IOException {
        StringBuilder b = new StringBuilder("test\tnative\timage\tnative_s\timage_s\tconvert_s\timage_why\n");
        for (Result r : results) {
            if (!r.built()) {
                b.append(r.name()).append("\tnot built\tnot built\t-\t-\t-\t-\n");
                continue;
            }
            if (r.imageRun() == null) {
                b.append(String.format("%s\t%s\tnot run (forks)\t%.2f\t-\t-\t-%n", r.name(), verdict(r.nativeRun()),
                        r.nativeRun().seconds()));
                continue;
            }
            String image = verdict(r.imageRun()) + (r.imageAttempts() > 1 ? " (attempt " + r.imageAttempts() + ")" : "");
            b.append(String.format("%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%s%n", r.name(), verdict(r.nativeRun()),
                    image, r.nativeRun().seconds(), r.imageRun().seconds(), r.convertSeconds(),
                    r.imageRun().passed() ? "-" : r.imageRun().why()));
        }
        Files.writeString(WORK.resolve("results.tsv"), b.toString());
    }

    private static String verdict(Run r) {
        return r.passed() ? "PASS" : r.hung() ? "HUNG" : switch (r.status()) {
            case 1 -> "FAIL";
            case 2 -> "UNRESOLVED";
            case 4 -> "UNSUPPORTED";
            case 5 -> "UNTESTED";
            default -> "status " + r.status();
        };
    }

    private static void writeMatrix(int nativePass, int imagePass, int total, List<String> lost,
                                    Map<String, String> unsupported) throws IOException {
        StringBuilder b = new StringBuilder(String.join("\t", "suite", "posix-testsuite", "third-party/patched",
                Integer.toString(nativePass), Integer.toString(imagePass), Integer.toString(total))).append('\n');
        lost.forEach(l -> b.append("lost\t").append(l).append('\n'));
        unsupported.forEach((name, feature) -> b.append("unsupported\t").append(name).append('\t').append(feature).append('\n'));
        Path file = TARGET.resolve("matrix/suites/posix-testsuite.tsv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, b.toString());
    }

}
