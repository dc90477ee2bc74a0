// Runs external tools (compilers, readelf, built programs) for tests. A missing tool fails the
// test with a message naming it, rather than skipping silently.
package org.azalea.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

final class Tools {

    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("command " + command + " exited " + exitCode + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }

    private Tools() {
    }

    static Path require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("required tool '" + tool + "' is not on PATH (" + System.getenv("PATH") + ")");
    }

    static Result run(Map<String, String> env, Path dir, String... command) {
        require(command[0].contains("/") ? Path.of(command[0]).getFileName().toString() : command[0]);
        return runPath(env, dir, command);
    }

    static Result runPath(Map<String, String> env, Path dir, String... command) {
        List<String> cmd = List.of(command);
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("command " + cmd + " timed out");
            }
            return new Result(cmd, p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + cmd, e);
        }
    }

    static Result run(String... command) {
        return run(Map.of(), null, command);
    }

    private static String drain(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
