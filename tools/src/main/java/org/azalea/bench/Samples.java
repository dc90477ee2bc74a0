/*
 * Samples: one figure of one program variant (native or image) over the
 * benchmark's rounds, or why it has none: the first round that failed or
 * that the program skipped ends it, since the next round would only say the
 * same again (and a failing image case should not cost every round its
 * time-out).
 */
package org.azalea.bench;

import java.util.Arrays;
import java.util.Optional;

final class Samples {
    private double[] values = new double[0];
    private String problem;

    void add(double value) {
        values = Arrays.copyOf(values, values.length + 1);
        values[values.length - 1] = value;
    }

    /** The program failed: "failed: " and the first line of its stderr. */
    void failed(String reason) {
        problem = "failed: " + reason;
    }

    /** The program skipped the case: "skipped: " and its reason. */
    void skipped(String reason) {
        problem = "skipped: " + reason;
    }

    /** Whether another round is worth running. */
    boolean open() {
        return problem == null;
    }

    /** The median of the rounds, when every round gave a figure. */
    Optional<Double> median() {
        return problem == null && values.length > 0 ? Optional.of(Figures.median(values)) : Optional.empty();
    }

    /** Every round's figure. */
    double[] values() {
        return values.clone();
    }

    /** Why there is no figure, if there is none. */
    Optional<String> problem() {
        return problem == null && values.length == 0 ? Optional.of("not run") : Optional.ofNullable(problem);
    }
}
