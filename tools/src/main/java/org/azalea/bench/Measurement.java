/*
 * Measurement: one figure of `azalea bench`: a case (getpid, read_zero,
 * futex_1core, busybox...) of a section (syscall, latency, threads, scaling,
 * convert...), measured for one variant (native, trap, patched, image, ...)
 * in a unit, with every sample the rounds gave. The median is the figure; the
 * spread says how far the samples stray from it.
 */
package org.azalea.bench;

import java.util.Arrays;

public record Measurement(String section, String name, String variant, String unit, double[] samples) {
    public Measurement {
        for (String s : new String[] {section, name, variant, unit}) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("a measurement needs a section, name, variant and unit");
            }
        }
        if (samples.length == 0) {
            throw new IllegalArgumentException(section + "/" + name + "/" + variant + ": no samples");
        }
        for (double v : samples) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException(section + "/" + name + "/" + variant + ": sample " + v);
            }
        }
        samples = samples.clone();
    }

    @Override
    public double[] samples() {
        return samples.clone();
    }

    public double median() {
        return Figures.median(samples);
    }

    /** Half the samples' range, relative to the median (0 for one sample): the figure is median +- spread. */
    public double spread() {
        double[] s = samples.clone();
        Arrays.sort(s);
        double m = median();
        return m == 0 ? 0 : (s[s.length - 1] - s[0]) / 2 / m;
    }
}
