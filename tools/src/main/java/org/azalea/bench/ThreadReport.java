/*
 * ThreadReport: how the thread section of `azalea bench` prints: one row a
 * case with native and image side by side and their ratio, the scaling rows
 * (speed-up from one thread to two, native and image), and the issue's
 * ping-pong target. A case without a figure keeps its row, with "-" in the
 * empty columns and the reason (failed: ..., skipped: ...) at the end, so one
 * case an image cannot run yet does not hide the others.
 */
package org.azalea.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class ThreadReport {
    /** The target: futex and pipe ping-pong on one core at least this many times faster than native. */
    static final double PING_PONG_TARGET = 5;

    private ThreadReport() {
    }

    static String caseHeader() {
        return String.format("  %-12s %12s %12s %13s", "case", "native ns", "image ns", "native/image");
    }

    /** One thread_cost case: ns per operation native and as an image, and how many times faster the image is. */
    static String caseRow(String name, Samples nativeRun, Samples image) {
        Optional<Double> n = nativeRun.median();
        Optional<Double> i = image.median();
        String ratio = n.isPresent() && i.isPresent() ? ratio(n.get() / i.get()) : "-";
        return trim(String.format("  %-12s %12s %12s %13s  %s", name, value(n), value(i), ratio,
                notes(List.of("native", "image"), List.of(nativeRun, image))));
    }

    static String scalingHeader() {
        return String.format("  %-8s %11s %11s %9s %11s %11s %9s", "workload", "native 1T", "native 2T", "speed-up",
                "image 1c", "image 2c", "speed-up");
    }

    /**
     * One scaling workload: wall ms with one thread and two natively, and as
     * an image with one thread on one core and two threads on two cores.
     */
    static String scalingRow(String workload, Samples native1, Samples native2, Samples image1, Samples image2) {
        return trim(String.format("  %-8s %11s %11s %9s %11s %11s %9s  %s", workload, ms(native1.median()),
                ms(native2.median()), speedUp(native1, native2), ms(image1.median()), ms(image2.median()),
                speedUp(image1, image2), notes(List.of("native 1T", "native 2T", "image 1c", "image 2c"),
                        List.of(native1, native2, image1, image2))));
    }

    /** The target line: met when both one-core ping-pongs are at least PING_PONG_TARGET times faster. */
    static String pingPongTarget(Samples futexNative, Samples futexImage, Samples pipeNative, Samples pipeImage) {
        String target = String.format("target: futex/pipe ping-pong on one core at least %.0fx faster than native",
                PING_PONG_TARGET);
        List<String> missing = new ArrayList<>();
        double futex = speed(futexNative, futexImage, "futex_1core", missing);
        double pipe = speed(pipeNative, pipeImage, "pipe_1core", missing);
        if (!missing.isEmpty()) {
            return "  " + target + ": not measured (no figure for " + String.join(", ", missing) + ")";
        }
        boolean met = futex >= PING_PONG_TARGET && pipe >= PING_PONG_TARGET;
        return String.format("  %s: %s (futex %s, pipe %s)", target, met ? "met" : "not met", ratio(futex),
                ratio(pipe));
    }

    /** How many times faster the image is (native time over image time), or NaN noting what is missing. */
    private static double speed(Samples nativeRun, Samples image, String name, List<String> missing) {
        if (nativeRun.median().isEmpty()) {
            missing.add(name + " native");
        }
        if (image.median().isEmpty()) {
            missing.add(name + " image");
        }
        return nativeRun.median().isPresent() && image.median().isPresent()
                ? nativeRun.median().get() / image.median().get() : Double.NaN;
    }

    private static String speedUp(Samples one, Samples two) {
        return one.median().isPresent() && two.median().isPresent()
                ? ratio(one.median().get() / two.median().get()) : "-";
    }

    /** The reasons the samples have no figure, each once, after the variants it applies to. */
    private static String notes(List<String> names, List<Samples> samples) {
        Map<String, List<String>> byProblem = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            samples.get(k).problem().ifPresent(p -> byProblem.computeIfAbsent(p, x -> new ArrayList<>()).add(name));
        }
        List<String> notes = new ArrayList<>();
        byProblem.forEach((problem, which) -> notes.add(String.join(", ", which) + " " + problem));
        return String.join("; ", notes);
    }

    private static String value(Optional<Double> ns) {
        return ns.map(ImageBench::figure).orElse("-");
    }

    private static String ms(Optional<Double> ns) {
        return ns.map(v -> ImageBench.figure(v / 1e6)).orElse("-");
    }

    /** Two decimals below 10x, where the difference between 0.95x and 1.05x matters; fewer above. */
    static String ratio(double r) {
        return String.format(r >= 100 ? "%.0fx" : r >= 10 ? "%.1fx" : "%.2fx", r);
    }

    private static String trim(String row) {
        return row.stripTrailing();
    }
}
