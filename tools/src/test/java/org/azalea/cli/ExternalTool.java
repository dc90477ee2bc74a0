/*
 * ExternalTool: runs an outside program (readelf, objdump) whose output a test
 * uses as an oracle. A missing tool fails the test loudly, naming the Debian
 * package, instead of skipping the check.
 */
package org.azalea.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

public final class ExternalTool {
    private ExternalTool() {
    }

    public static String output(String debianPackage, String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(false).start();
            p.getOutputStream().close();
            var err = new StringBuilder();
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the exit status below reports the failure
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            drain.join();
            if (status != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + status + ": " + err);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not available (install the Debian package " + debianPackage
                    + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command[0], e);
        }
    }
}
