/*
 * TestBinaries: the real static programs the oracle tests run on: the corpus
 * built by corpus/Makefile (glibc static, static-PIE, musl, Go, stripped) and
 * Debian's busybox-static and bash-static. A missing one fails loudly with
 * how to get it, never silently shrinking the test.
 */
package org.azalea.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

final class TestBinaries {
    static final Path CORPUS_BIN = Path.of("..", "corpus", "target", "bin").toAbsolutePath().normalize();
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final Path BASH_STATIC = Path.of("/bin/bash-static");

    private TestBinaries() {
    }

    /** Every binary, with the kind and runtime a correct inspection must report. */
    static List<Expected> all() {
        List<Expected> all = new ArrayList<>();
        all.add(new Expected(require(BUSYBOX, "busybox-static"), "static", "glibc"));
        all.add(new Expected(require(BASH_STATIC, "bash-static"), "static", "glibc"));
        for (Path p : corpus()) {
            String name = p.getFileName().toString();
            String flavour = name.substring(name.lastIndexOf('.') + 1);
            switch (flavour) {
                case "glibc", "glibc-stripped" -> all.add(new Expected(p, "static", "glibc"));
                case "pie" -> all.add(new Expected(p, "static-pie", "glibc"));
                case "musl" -> all.add(new Expected(p, "static", "musl"));
                case "go" -> all.add(new Expected(p, "static", "go"));
                default -> { }
            }
        }
        for (String flavour : List.of("glibc", "pie", "musl", "go", "glibc-stripped")) {
            if (all.stream().noneMatch(e -> e.path().getFileName().toString().endsWith("." + flavour))) {
                throw new AssertionError("no corpus binary of flavour " + flavour + " in " + CORPUS_BIN
                        + ": build the corpus first (make -C corpus all, or ./azalea test)");
            }
        }
        return all;
    }

    static List<Path> corpus() {
        if (!Files.isDirectory(CORPUS_BIN)) {
            throw new AssertionError("corpus binaries missing: " + CORPUS_BIN + " (run make -C corpus all, or ./azalea test)");
        }
        try (Stream<Path> files = Files.list(CORPUS_BIN)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("synth")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + CORPUS_BIN, e);
        }
    }

    private static Path require(Path p, String debianPackage) {
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(p + " is missing: install the Debian package " + debianPackage);
        }
        return p;
    }

    record Expected(Path path, String kind, String runtime) {
        @Override
        public String toString() {
            return path.getFileName().toString();
        }
    }
}
