// One program of corpus/manifest.tsv (the file's header says what each of its
// seven columns means), and the cases it makes for a flavour and mode.
package org.azalea.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

record ManifestEntry(String name, List<String> flavours, int exit, boolean readsStdin, List<OutputRewrite> normalise) {
    static final Path FILE = Differential.HOME.resolve("corpus/manifest.tsv");
    /** What programs that read standard input get. */
    static final String STDIN = "corpus stdin line\n";

    ManifestEntry {
        flavours = List.copyOf(flavours);
        normalise = List.copyOf(normalise);
    }

    static List<ManifestEntry> readAll() throws IOException {
        List<ManifestEntry> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(FILE);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7) {
                throw new IOException(FILE + ":" + (i + 1) + ": want 7 tab-separated columns, found " + f.length);
            }
            try {
                out.add(new ManifestEntry(f[0], List.of(f[2].split(",")), Integer.parseInt(f[3]), f[4].equals("yes"),
                        OutputRewrite.parseAll(f[5])));
            } catch (IllegalArgumentException e) {
                throw new IOException(FILE + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The corpus binary of one flavour. */
    Path program(String flavour) {
        return Differential.CORPUS.resolve(name + "." + flavour);
    }

    /** The case that runs the flavour's binary without arguments, in a mode. */
    Invocation invocation(String flavour, Mode mode) {
        Invocation c = Invocation.of(name + "." + flavour, program(flavour), name, List.of()).withNormalise(normalise);
        return (readsStdin ? c.withStdin(STDIN) : c).in(mode);
    }
}
