// The build flavour of a program under test, from its file name: corpus
// binaries are NAME.FLAVOUR (corpus/README.md); anything else, such as a
// Debian package's static binary, and corpus programs linked with Debian's
// static libraries (.lib), are third-party code.
package org.azalea.compat;

import java.nio.file.Path;

enum Flavour {
    GLIBC("glibc"), PIE("static-PIE"), MUSL("musl"), GO("Go"), THIRD_PARTY("third-party");

    private final String label;

    Flavour(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static Flavour of(Path program) {
        String file = program.getFileName().toString();
        String suffix = file.substring(file.lastIndexOf('.') + 1);
        return switch (suffix) {
            case "glibc", "glibc-stripped" -> GLIBC;
            case "pie" -> PIE;
            case "musl" -> MUSL;
            case "go" -> GO;
            default -> THIRD_PARTY;
        };
    }
}
