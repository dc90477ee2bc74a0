// One case: a program run with an argv[0], arguments, standard input and the
// files prepared in its fresh working directory, natively and as an image.
// imageRun is the image's run configuration (AZALEA_RUN, as `azalea run`
// sets it: "cores=2", "cpus=0;mem=256m"), or "" for the image's defaults;
// mode is how the image was converted; normalise lists the output rewrites
// the case needs (from the manifest), applied to both runs alike.
package org.azalea.compat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

record Invocation(String name, Path program, String argv0, List<String> args, String stdin, Map<String, byte[]> fixtures,
        String imageRun, Mode mode, List<OutputRewrite> normalise) {
    /** A corpus binary's NAME.FLAVOUR token in a case name; the matrix row drops the flavour. */
    private static final Pattern FLAVOUR_TOKEN = Pattern.compile("\\.(glibc-stripped|glibc|pie|musl|go|lib)\\b");
    private static final Pattern REPEAT = Pattern.compile(" run \\d+/\\d+");

    Invocation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(argv0, "argv0");
        args = List.copyOf(args);
        Objects.requireNonNull(stdin, "stdin");
        fixtures = Map.copyOf(fixtures);
        Objects.requireNonNull(imageRun, "imageRun");
        Objects.requireNonNull(mode, "mode");
        normalise = List.copyOf(normalise);
    }

    static Invocation of(String name, Path program, String argv0, List<String> args) {
        return new Invocation(name, program, argv0, args, "", Map.of(), "", Mode.PATCHED, List.of());
    }

    Invocation withStdin(String input) {
        return new Invocation(name, program, argv0, args, input, fixtures, imageRun, mode, normalise);
    }

    Invocation withFixtures(Map<String, byte[]> files) {
        return new Invocation(name, program, argv0, args, stdin, files, imageRun, mode, normalise);
    }

    Invocation withNormalise(List<OutputRewrite> rewrites) {
        return new Invocation(name, program, argv0, args, stdin, fixtures, imageRun, mode, rewrites);
    }

    Invocation named(String newName) {
        return new Invocation(newName, program, argv0, args, stdin, fixtures, imageRun, mode, normalise);
    }

    /** The same case with the image run on another partition: cores=N, cpus=LIST, mem=SIZE. */
    Invocation withImageRun(String config) {
        return new Invocation(name + " [" + config + "]", program, argv0, args, stdin, fixtures, config, mode, normalise);
    }

    /** The same case with the image converted for another mode. */
    Invocation in(Mode m) {
        String n = m == Mode.PATCHED ? name : name + " [" + m.label() + "]";
        return new Invocation(n, program, argv0, args, stdin, fixtures, imageRun, m, normalise);
    }

    /** The outcome as compared: the case's rewrites applied. */
    Outcome normalised(Outcome o) {
        Outcome out = o;
        for (OutputRewrite r : normalise) {
            out = r.applyTo(out);
        }
        return out;
    }

    /** The compatibility matrix's row: the case without flavour, mode or repeat number. */
    String row() {
        String r = REPEAT.matcher(name).replaceAll("").replace(" [" + mode.label() + "]", "");
        String stripped = program.getFileName().toString().endsWith(".glibc-stripped") ? " (stripped)" : "";
        return FLAVOUR_TOKEN.matcher(r).replaceFirst("") + stripped;
    }

    /** The compatibility matrix's column: build flavour and mode. */
    String column() {
        return Flavour.of(program).label() + "/" + mode.label();
    }

    /** The shell command that reproduces the run by hand. */
    String command(Path binary) {
        String env = imageRun.isEmpty() || binary.equals(program) ? "" : "AZALEA_RUN='" + imageRun + "' ";
        StringBuilder c = new StringBuilder("(" + env + "exec -a '" + argv0 + "' " + binary);
        for (String a : args) {
            c.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        return c.append(')').toString();
    }

    /** The conversion that made the image, for the reproduction recipe. */
    String convertCommand(Path image) {
        String opts = String.join(" ", mode.convertOptions());
        return "./azalea convert " + (opts.isEmpty() ? "" : opts + " ") + program + " -o " + image;
    }
}
