// Test helper: runs a program in a directory with fixed arguments, input and
// environment, and captures what a user would compare: stdout, stderr and
// the exit status (128 + n for death by signal n, as a shell reports it).
package org.azalea.rewriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

record ProgramRun(String stdout, String stderr, int status) {
    static ProgramRun of(Path program, Path dir, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            pb.environment().put("AZALEA_TEST", "1");
            Process p = pb.start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            var err = new StringBuilder();
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.append("(stderr unreadable: ").append(e.getMessage()).append(')');
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within 60 s");
            }
            drain.join();
            return new ProgramRun(out, err.toString(), p.exitValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
