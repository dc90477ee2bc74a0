// What one run of a program left behind: its output streams, how it ended
// (the real wait status, from runner/runas.c) and the files in its working
// directory (path -> mode and content digest).
package org.azalea.compat;

import java.util.Map;
import java.util.Objects;

record Outcome(String stdout, String stderr, String status, Map<String, String> files) {
    Outcome {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(status, "status");
        files = Map.copyOf(files);
    }

    /** A readable account of how two outcomes differ, or empty when they agree. */
    String differenceFrom(Outcome other) {
        StringBuilder d = new StringBuilder();
        compare(d, "status", status, other.status);
        compare(d, "stdout", stdout, other.stdout);
        compare(d, "stderr", stderr, other.stderr);
        compare(d, "files", new java.util.TreeMap<>(files).toString(), new java.util.TreeMap<>(other.files).toString());
        return d.toString();
    }

    /** Which of status, stdout, stderr and files differ, comma-separated, or empty when they agree. */
    String differingParts(Outcome other) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (!status.equals(other.status)) {
            parts.add("status");
        }
        if (!stdout.equals(other.stdout)) {
            parts.add("stdout");
        }
        if (!stderr.equals(other.stderr)) {
            parts.add("stderr");
        }
        if (!files.equals(other.files)) {
            parts.add("files");
        }
        return String.join(", ", parts);
    }

    private static void compare(StringBuilder d, String what, String a, String b) {
        if (!a.equals(b)) {
            d.append("--- ").append(what).append(" (native)\n").append(a).append('\n')
             .append("+++ ").append(what).append(" (image)\n").append(b).append('\n');
        }
    }
}
