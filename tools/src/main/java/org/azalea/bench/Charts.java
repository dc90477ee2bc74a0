/*
 * Charts: the PNG charts of one `azalea bench` run (XChart, drawn headless):
 *   getpid.png   the Azalea paper's Fig. 5: cycles per call of getpid (and
 *                getppid, clock_gettime, a function call) native, through
 *                the trap fallback and through a patched site; log axis;
 *   latency.png  the lmbench-style latencies, native and image, ns; log axis;
 *   convert.png  `azalea convert` and `azalea inspect` wall time against the
 *                binary's code size, to show how the cost grows with size.
 * A chart whose section was not measured is not drawn.
 */
package org.azalea.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private Charts() {
    }

    /** File name to PNG bytes, for every chart the results have figures for. */
    public static Map<String, byte[]> of(BenchResults results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, byte[]> files = new LinkedHashMap<>();
        Optional<CategoryChart> getpid = bars(results.section(BenchSections.SYSCALL),
                "getpid and friends (cycles per call, log scale)", "cycles");
        if (getpid.isPresent()) {
            files.put("getpid.png", png(getpid.get()));
        }
        Optional<CategoryChart> latency = bars(results.section(BenchSections.LATENCY),
                "lmbench-style latencies (ns per operation, log scale)", "ns");
        if (latency.isPresent()) {
            files.put("latency.png", png(latency.get()));
        }
        Optional<XYChart> convert = growth(results);
        if (convert.isPresent()) {
            files.put("convert.png", png(convert.get()));
        }
        return files;
    }

    /** One group of bars per case, one series per variant, medians on a log axis. */
    private static Optional<CategoryChart> bars(List<Measurement> measurements, String title, String unit) {
        if (measurements.isEmpty()) {
            return Optional.empty();
        }
        List<String> cases = new ArrayList<>(new LinkedHashSet<>(measurements.stream().map(Measurement::name).toList()));
        Map<String, Map<String, Double>> byVariant = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            byVariant.computeIfAbsent(m.variant(), v -> new LinkedHashMap<>()).put(m.name(), m.median());
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("case").yAxisTitle(unit).build();
        chart.getStyler().setYAxisLogarithmic(true);
        // Bars rise from the axis' minimum, which a log axis needs above zero: the power of ten below the least.
        double least = measurements.stream().mapToDouble(Measurement::median).filter(v -> v > 0).min().orElse(1);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(least))));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(20);
        for (Map.Entry<String, Map<String, Double>> v : byVariant.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (String c : cases) {
                Double median = v.getValue().get(c);
                values.add(median == null || median <= 0 ? null : median); /* no bar: not measured, or nothing */
            }
            chart.addSeries(v.getKey(), cases, values);
        }
        return Optional.of(chart);
    }

    /** Wall seconds of convert and inspect against code MB, one point per binary. */
    private static Optional<XYChart> growth(BenchResults results) {
        List<Measurement> sizes = results.section(BenchSections.SIZE);
        if (sizes.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("azalea convert and inspect: wall time against code size").xAxisTitle("code MB")
                .yAxisTitle("seconds (median, JVM start included)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (String section : List.of(BenchSections.CONVERT, BenchSections.INSPECT)) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Measurement size : sizes) {
                Optional<Measurement> t = results.find(section, size.name(), "wall");
                if (t.isPresent()) {
                    x.add(size.median());
                    y.add(t.get().median());
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries("azalea " + section, x, y);
            }
        }
        return chart.getSeriesMap().isEmpty() ? Optional.empty() : Optional.of(chart);
    }

    private static byte[] png(Chart<?, ?> chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
