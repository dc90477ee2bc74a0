// One third-party test suite's row of the matrix (busybox's testsuite, Open
// POSIX, our property tests): how many of its tests pass natively and as an
// image, and, by name, each test that passes natively but not as an image
// (lost) or that the image cannot run yet (unsupported, with the feature).
// Suites report through compat-tests/target/matrix/suites/NAME.tsv:
//   suite  NAME  COLUMN  NATIVE_PASS  IMAGE_PASS  TOTAL
//   lost  TEST  WHY          (any number)
//   unsupported  TEST  WHY   (any number)
package org.azalea.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

record SuiteResult(String name, String column, int nativePass, int imagePass, int total,
        List<Map.Entry<String, String>> lost, List<Map.Entry<String, String>> unsupported) {
    SuiteResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(column, "column");
        if (nativePass < 0 || imagePass < 0 || nativePass > total || imagePass > total) {
            throw new IllegalArgumentException(name + ": counts out of range: native " + nativePass + ", image "
                    + imagePass + ", total " + total);
        }
        lost = List.copyOf(lost);
        unsupported = List.copyOf(unsupported);
    }

    /** A suite passes when nothing that passes natively fails as an image without a named reason. */
    Cell.Status status() {
        return lost.isEmpty() ? Cell.Status.PASS : Cell.Status.FAIL;
    }

    void write(Path file) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append(String.join("\t", "suite", name, column, Integer.toString(nativePass), Integer.toString(imagePass),
                Integer.toString(total))).append('\n');
        lost.forEach(e -> s.append("lost\t").append(e.getKey()).append('\t').append(oneLine(e.getValue())).append('\n'));
        unsupported.forEach(e -> s.append("unsupported\t").append(e.getKey()).append('\t').append(oneLine(e.getValue()))
                .append('\n'));
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".suite-", ".tsv");
        Files.writeString(tmp, s);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static SuiteResult read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] head = lines.isEmpty() ? new String[0] : lines.get(0).split("\t", -1);
        if (head.length != 6 || !head[0].equals("suite")) {
            throw new IOException(file + ": line 1: want suite NAME COLUMN NATIVE_PASS IMAGE_PASS TOTAL");
        }
        List<Map.Entry<String, String>> lost = new ArrayList<>(), unsupported = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", 3);
            if (f.length != 3 || !(f[0].equals("lost") || f[0].equals("unsupported"))) {
                throw new IOException(file + ": line " + (i + 1) + ": want lost|unsupported TEST WHY: " + lines.get(i));
            }
            (f[0].equals("lost") ? lost : unsupported).add(Map.entry(f[1], f[2]));
        }
        try {
            return new SuiteResult(head[1], head[2], Integer.parseInt(head[3]), Integer.parseInt(head[4]),
                    Integer.parseInt(head[5]), lost, unsupported);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String oneLine(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }
}
