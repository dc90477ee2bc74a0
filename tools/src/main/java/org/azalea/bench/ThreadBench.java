/*
 * ThreadBench: the thread section of `azalea bench`. corpus/bench/thread_cost
 * (thread create + join, futex, pipe and unix socket ping-pong on one core and on two, a
 * contended mutex) natively and as an image on a two-core partition, and
 * corpus/bench/scaling (a fixed amount of hashing, of malloc/free and of
 * mmap/munmap split over 1 and 2 threads) natively and as an image on one
 * core and on two.
 * Each case is its own process, native and image runs interleaved round by
 * round as in ImageBench, so a case the image cannot run yet (no clone in the
 * libOS) is reported as failed with the first line of its stderr and the rest
 * still print. The ping-pong target is printed, never enforced.
 */
package org.azalea.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class ThreadBench {
    /** thread_cost's cases, in the order they are printed. */
    static final List<String> CASES = List.of("create_join", "futex_1core", "futex_2core", "pipe_1core",
            "pipe_2core", "socket_1core", "socket_2core", "mutex_2", "mutex_4");
    /** scaling's workloads. */
    static final List<String> WORKLOADS = List.of("cpu", "alloc", "mmap");
    /**
     * The partition for thread_cost's image: the two-core cases need both
     * cores, and the one-core cases pin both threads to the first inside the program.
     */
    static final String IMAGE_RUN = "cores=2";

    /** One way to run a program: its file, the thread count it is given (scaling), its AZALEA_RUN if an image. */
    private record Variant(Path program, String threads, Map<String, String> env) {
        static Variant nativeRun(Path program, String threads) {
            return new Variant(program, threads, Map.of());
        }

        static Variant image(Path image, String threads, String run) {
            return new Variant(image, threads, Map.of("AZALEA_RUN", run));
        }
    }

    private final int rounds;
    private final boolean quick;
    private final Duration timeout;
    private final PrintWriter out;
    private final BenchResults results;

    private ThreadBench(int rounds, boolean quick, PrintWriter out, BenchResults results) {
        this.rounds = rounds;
        this.quick = quick;
        // Quick runs take a fraction of a second natively; a hung image must not eat the minute --quick has.
        this.timeout = quick ? Duration.ofSeconds(10) : Duration.ofSeconds(60);
        this.out = out;
        this.results = results;
    }

    /**
     * Runs both programs rounds times, native and image interleaved, quick
     * passing `quick` to them (fewer operations), and prints the figures.
     */
    static void run(Path threadCost, Path threadCostImage, Path scaling, Path scalingImage, int rounds,
            boolean quick, PrintWriter out, BenchResults results) throws InterruptedException {
        ThreadBench b = new ThreadBench(rounds, quick, out, results);
        b.threadCost(Variant.nativeRun(threadCost, null), Variant.image(threadCostImage, null, IMAGE_RUN));
        b.scaling(List.of(Variant.nativeRun(scaling, "1"), Variant.nativeRun(scaling, "2"),
                Variant.image(scalingImage, "1", "cores=1"), Variant.image(scalingImage, "2", "cores=2")));
        out.flush();
    }

    private void threadCost(Variant nativeRun, Variant image) throws InterruptedException {
        Map<String, Samples> natives = samples(CASES);
        Map<String, Samples> images = samples(CASES);
        for (int r = 0; r < rounds; r++) {
            for (String c : CASES) {
                measure(nativeRun, List.of(c), Map.of(c, natives.get(c)));
                measure(image, List.of(c), Map.of(c, images.get(c)));
            }
        }
        out.printf("%nThreads (corpus/bench/thread_cost; ns per operation, median of %d round%s; image on %s)%n",
                rounds, rounds == 1 ? "" : "s", IMAGE_RUN);
        out.println(ThreadReport.caseHeader());
        results.describe(BenchSections.THREADS, "Threads: ns per operation (corpus/bench/thread_cost; image on "
                + IMAGE_RUN + ")");
        for (String c : CASES) {
            out.println(ThreadReport.caseRow(c, natives.get(c), images.get(c)));
            record(BenchSections.THREADS, c, "native", natives.get(c), 1);
            record(BenchSections.THREADS, c, "image", images.get(c), 1);
        }
        out.println(ThreadReport.pingPongTarget(natives.get("futex_1core"), images.get("futex_1core"),
                natives.get("pipe_1core"), images.get("pipe_1core")));
    }

    private void scaling(List<Variant> variants) throws InterruptedException {
        List<Map<String, Samples>> byVariant = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            byVariant.add(samples(WORKLOADS));
        }
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < variants.size(); v++) {
                measure(variants.get(v), List.of(), byVariant.get(v));
            }
        }
        out.printf("%nScaling (corpus/bench/scaling; wall ms of a fixed amount of work on 1 and 2 threads (T),"
                + " image on 1 and 2 cores (c); median of %d round%s)%n", rounds, rounds == 1 ? "" : "s");
        out.println(ThreadReport.scalingHeader());
        results.describe(BenchSections.SCALING, "Scaling: wall ms of a fixed amount of work on 1 and 2 threads (T),"
                + " image on 1 and 2 cores (c) (corpus/bench/scaling)");
        List<String> names = List.of("native 1T", "native 2T", "image 1c", "image 2c");
        for (String w : WORKLOADS) {
            for (int v = 0; v < names.size(); v++) {
                record(BenchSections.SCALING, w, names.get(v), byVariant.get(v).get(w), 1e6);
            }
            out.println(ThreadReport.scalingRow(w, byVariant.get(0).get(w), byVariant.get(1).get(w),
                    byVariant.get(2).get(w), byVariant.get(3).get(w)));
        }
    }

    /**
     * One run of variant with args; each entry of into gets the figure
     * KEY_ns, or the reason the program skipped it. A run that fails closes
     * all of them.
     */
    private void measure(Variant variant, List<String> args, Map<String, Samples> into) throws InterruptedException {
        if (into.values().stream().noneMatch(Samples::open)) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(variant.program().toString()));
        if (variant.threads() != null) {
            command.add(variant.threads());
        }
        if (quick) {
            command.add("quick");
        }
        command.addAll(args);
        try {
            Figures f = Figures.of(command, variant.env(), timeout);
            for (Map.Entry<String, Samples> e : into.entrySet()) {
                String name = e.getKey() + "_ns";
                if (f.skipped().containsKey(name)) {
                    e.getValue().skipped(f.skipped().get(name));
                } else {
                    e.getValue().add(f.get(name));
                }
            }
        } catch (ProgramFailure e) {
            into.values().forEach(s -> s.failed(e.reason()));
        } catch (IOException e) {
            into.values().forEach(s -> s.failed(e.getMessage()));
        }
    }

    /** Adds a case's rounds to the run's results, in the section's unit (ns divided by per). */
    private void record(String section, String name, String variant, Samples samples, double per) {
        if (samples.median().isEmpty()) {
            return;
        }
        double[] v = samples.values();
        for (int k = 0; k < v.length; k++) {
            v[k] /= per;
        }
        results.add(section, name, variant, per == 1 ? "ns" : "ms", v);
    }

    private static Map<String, Samples> samples(List<String> names) {
        Map<String, Samples> m = new LinkedHashMap<>();
        names.forEach(n -> m.put(n, new Samples()));
        return m;
    }
}
