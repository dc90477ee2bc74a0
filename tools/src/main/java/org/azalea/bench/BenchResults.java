/*
 * BenchResults: everything one `azalea bench` run measured, in the order it
 * was measured, with the machine it ran on, for the reports written from it
 * (results.json, report.md, the charts). The sections add to it as they go;
 * nothing is dropped or merged.
 */
package org.azalea.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class BenchResults {
    /** What the figures were measured on. */
    public record Machine(String kernel, String cpuModel, int cpus, String javaVersion, Instant date) {
        /** This machine, read from /proc (a field that cannot be read says "unknown"). */
        public static Machine current() {
            String kernel = firstLine(Path.of("/proc/sys/kernel/osrelease"));
            String model = "unknown";
            try {
                model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .findFirst().orElse("unknown");
            } catch (IOException e) {
                model = "unknown (" + e.getMessage() + ")";
            }
            return new Machine(kernel, model, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), Instant.now());
        }

        private static String firstLine(Path p) {
            try {
                return Files.readAllLines(p).stream().findFirst().orElse("unknown");
            } catch (IOException e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }
    }

    private final Machine machine;
    private final List<Measurement> measurements = new ArrayList<>();
    private final Map<String, String> titles = new LinkedHashMap<>();
    private double tscPerNs = Double.NaN;

    public BenchResults(Machine machine) {
        this.machine = machine;
    }

    public Machine machine() {
        return machine;
    }

    /** Names a section for the reports (what was run, in which unit, how it was measured). */
    public void describe(String section, String title) {
        titles.put(section, title);
    }

    public String title(String section) {
        return titles.getOrDefault(section, section);
    }

    public void add(Measurement m) {
        measurements.add(m);
    }

    public void add(String section, String name, String variant, String unit, double[] samples) {
        add(new Measurement(section, name, variant, unit, samples));
    }

    public List<Measurement> all() {
        return List.copyOf(measurements);
    }

    public List<Measurement> section(String section) {
        return measurements.stream().filter(m -> m.section().equals(section)).toList();
    }

    public Optional<Measurement> find(String section, String name, String variant) {
        return measurements.stream()
                .filter(m -> m.section().equals(section) && m.name().equals(name) && m.variant().equals(variant))
                .findFirst();
    }

    /** The TSC rate the cycle figures were converted with (NaN until a section measured it). */
    public double tscPerNs() {
        return tscPerNs;
    }

    public void tscPerNs(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("TSC rate " + rate);
        }
        tscPerNs = rate;
    }
}
