/*
 * Figures: runs one benchmark program and reads what it prints, one
 * `name value` pair a line (corpus/bench/*.c), so a benchmark that changes
 * its output fails by naming the missing figure instead of printing nonsense.
 */
package org.azalea.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

record Figures(String command, Map<String, Double> values) {
    Figures {
        values = Map.copyOf(values);
    }

    /** Runs command to completion; a non-zero exit or an unreadable line fails, naming the command. */
    static Figures of(List<String> command) throws IOException, InterruptedException {
        String line = String.join(" ", command);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (status != 0) {
            throw new IOException(line + " exited " + status);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String l : out.strip().split("\n")) {
            String[] f = l.strip().split("\\s+");
            try {
                if (f.length != 2) {
                    throw new NumberFormatException();
                }
                values.put(f[0], Double.parseDouble(f[1]));
            } catch (NumberFormatException e) {
                throw new IOException(line + " printed \"" + l + "\", not a `name value` line", e);
            }
        }
        return new Figures(line, values);
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
}
