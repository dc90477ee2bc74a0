/*
 * ResultsMarkdown: report.md, the human-readable tables of one `azalea
 * bench` run: a line on the machine, then one table per section, a row per
 * case and a column per variant ("median +-spread%" in the section's unit),
 * with the first variant's figure over each other's ("x" > 1: that variant is
 * faster or smaller) when the first variant is native.
 */
package org.azalea.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

public final class ResultsMarkdown {
    private ResultsMarkdown() {
    }

    public static String of(BenchResults results) {
        StringBuilder md = new StringBuilder("# azalea bench\n\n");
        BenchResults.Machine m = results.machine();
        md.append(String.format("%s, %d CPUs, Linux %s, Java %s, %s", m.cpuModel(), m.cpus(), m.kernel(),
                m.javaVersion(), m.date()));
        if (results.tscPerNs() > 0) {
            md.append(String.format(", TSC %.3f cycles/ns", results.tscPerNs()));
        }
        md.append(".\n");
        Set<String> sections = new LinkedHashSet<>();
        results.all().forEach(x -> sections.add(x.section()));
        for (String section : sections) {
            md.append("\n## ").append(results.title(section)).append("\n\n");
            table(results.section(section), md);
        }
        return md.toString();
    }

    private static void table(List<Measurement> measurements, StringBuilder md) {
        Map<String, Map<String, Measurement>> rows = new LinkedHashMap<>();
        Set<String> variants = new LinkedHashSet<>();
        for (Measurement x : measurements) {
            rows.computeIfAbsent(x.name(), k -> new LinkedHashMap<>()).put(x.variant(), x);
            variants.add(x.variant());
        }
        List<String> columns = new ArrayList<>(variants);
        String unit = measurements.get(0).unit();
        boolean ratios = columns.size() > 1 && columns.get(0).equals("native");
        List<String> header = new ArrayList<>(List.of("case"));
        columns.forEach(v -> header.add(v + " (" + unit + ")"));
        if (ratios) {
            columns.subList(1, columns.size()).forEach(v -> header.add("native/" + v));
        }
        md.append(row(header));
        md.append(row(header.stream().map(h -> "---").toList()));
        for (Map.Entry<String, Map<String, Measurement>> r : rows.entrySet()) {
            List<String> cells = new ArrayList<>(List.of(r.getKey()));
            for (String v : columns) {
                Measurement x = r.getValue().get(v);
                cells.add(x == null ? "-" : cell(x));
            }
            if (ratios) {
                Measurement base = r.getValue().get(columns.get(0));
                for (String v : columns.subList(1, columns.size())) {
                    Measurement x = r.getValue().get(v);
                    cells.add(base == null || x == null || x.median() == 0 ? "-"
                            : ThreadReport.ratio(base.median() / x.median()));
                }
            }
            md.append(row(cells));
        }
    }

    private static String cell(Measurement x) {
        return ImageBench.figure(x.median()) + (x.samples().length > 1
                ? String.format(" ±%.1f%%", x.spread() * 100) : "");
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
