/*
 * Figures: runs one benchmark program and reads what it prints, one
 * `name value` pair a line (corpus/bench/*.c), so a benchmark that changes
 * its output fails by naming the missing figure instead of printing nonsense.
 * A program may instead print `name skipped: reason` for a case the machine
 * cannot run (thread_cost's two-core cases on one CPU); that is kept as the
 * reason, not a figure.
 */
package org.azalea.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

record Figures(String command, Map<String, Double> values, Map<String, String> skipped) {
    /** Long enough for any benchmark run; short enough that a hung image does not hang the benchmark. */
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    Figures {
        values = Map.copyOf(values);
        skipped = Map.copyOf(skipped);
    }

    /** Runs command to completion; a non-zero exit or an unreadable line fails, naming the command. */
    static Figures of(List<String> command) throws IOException, InterruptedException {
        return of(command, Map.of(), TIMEOUT);
    }

    /**
     * Runs command with env added to the environment. Exiting non-zero or
     * outliving timeout throws a ProgramFailure with the first line of its
     * stderr; on success its stderr (libOS warnings, say) is passed on.
     */
    static Figures of(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        String line = String.join(" ", command);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.start();
        // Both pipes drained at once: a program that fills one while we block on the other would hang.
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        p.getOutputStream().close();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            throw new ProgramFailure(line, "timed out after " + timeout.toSeconds() + " s");
        }
        String stdout = text(out);
        String stderr = text(err);
        if (p.exitValue() != 0) {
            throw new ProgramFailure(line, ProgramFailure.reason(stderr, p.exitValue()));
        }
        System.err.print(stderr);
        return parse(line, stdout);
    }

    /** Reads a program's output: every line `name value` or `name skipped: reason`. */
    static Figures parse(String command, String output) throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String l : output.strip().split("\n")) {
            String[] f = l.strip().split("\\s+", 3);
            try {
                if (f.length == 3 && f[1].equals("skipped:")) {
                    skipped.put(f[0], f[2]);
                    continue;
                }
                if (f.length != 2) {
                    throw new NumberFormatException();
                }
                values.put(f[0], Double.parseDouble(f[1]));
            } catch (NumberFormatException e) {
                throw new IOException(command + " printed \"" + l + "\", not a `name value` line", e);
            }
        }
        return new Figures(command, values, skipped);
    }

    double get(String name) throws IOException {
        Double v = values.get(name);
        if (v == null) {
            throw new IOException(command + " printed no " + name + " (it printed " + values.keySet() + ")");
        }
        return v;
    }

    /** The median of values (the upper one of an even count, as the C benchmarks take it). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }

    private static String text(CompletableFuture<String> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        }
    }
}
