/*
 * CliRun: runs the azalea command line in-process and captures what it
 * prints, so tests see exactly what a user would (stdout, stderr, status).
 */
package org.azalea.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

record CliRun(int status, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(status, out.toString(), err.toString());
    }

    /** The whole stderr as one line, or an assertion failure if it holds more or less than one. */
    String singleErrorLine() {
        String[] lines = err.strip().split("\n");
        if (err.isBlank() || lines.length != 1) {
            throw new AssertionError("expected exactly one line on stderr, got:\n" + err);
        }
        return lines[0];
    }
}
