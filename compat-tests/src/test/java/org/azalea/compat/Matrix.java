// The compatibility matrix as this test run fills it: every differential
// comparison records its cell here (Differential does it), suites write their
// rows to SUITES, and MatrixListener writes the report when the run ends.
// Cells are merged per row and column, a failure outweighing the rest, so a
// case repeated several times passes only if every repeat passed.
package org.azalea.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

final class Matrix {
    static final Path DIR = Differential.HOME.resolve("compat-tests/target/matrix");
    static final Path SUITES = DIR.resolve("suites");
    private static final Map<List<String>, Cell> CELLS = new ConcurrentHashMap<>();

    private Matrix() {
    }

    static void record(Cell cell) {
        CELLS.merge(List.of(cell.row(), cell.column()), cell, Cell::merge);
    }

    static List<Cell> cells() {
        return List.copyOf(CELLS.values());
    }

    /** The suite rows written during this run (the listener clears SUITES when a run starts). */
    static List<SuiteResult> suites() throws IOException {
        if (!Files.isDirectory(SUITES)) {
            return List.of();
        }
        List<SuiteResult> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(SUITES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                out.add(SuiteResult.read(f));
            }
        }
        return out;
    }

    static void clearSuites() throws IOException {
        if (Files.isDirectory(SUITES)) {
            try (Stream<Path> files = Files.list(SUITES)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
