// One case: a program run with an argv[0], arguments, standard input and the
// files prepared in its fresh working directory, natively and as an image.
// imageRun is the image's run configuration (AZALEA_RUN, as `azalea run`
// sets it: "cores=2", "cpus=0;mem=256m"), or "" for the image's defaults.
package org.azalea.compat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

record Invocation(String name, Path program, String argv0, List<String> args, String stdin, Map<String, byte[]> fixtures,
        String imageRun) {
    Invocation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(argv0, "argv0");
        args = List.copyOf(args);
        Objects.requireNonNull(stdin, "stdin");
        fixtures = Map.copyOf(fixtures);
        Objects.requireNonNull(imageRun, "imageRun");
    }

    static Invocation of(String name, Path program, String argv0, List<String> args) {
        return new Invocation(name, program, argv0, args, "", Map.of(), "");
    }

    Invocation withStdin(String input) {
        return new Invocation(name, program, argv0, args, input, fixtures, imageRun);
    }

    Invocation withFixtures(Map<String, byte[]> files) {
        return new Invocation(name, program, argv0, args, stdin, files, imageRun);
    }

    /** The same case with the image run on another partition: cores=N, cpus=LIST, mem=SIZE. */
    Invocation withImageRun(String config) {
        return new Invocation(name + " [" + config + "]", program, argv0, args, stdin, fixtures, config);
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
}
