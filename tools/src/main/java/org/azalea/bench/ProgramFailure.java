/*
 * ProgramFailure: a benchmark program that exited non-zero or ran too long,
 * with the first line it wrote to stderr, so a benchmark that expects some
 * runs to fail (an image whose libOS lacks a syscall the case needs) can show
 * why in one line and carry on with the other cases.
 */
package org.azalea.bench;

import java.io.IOException;

final class ProgramFailure extends IOException {
    private final String reason;

    ProgramFailure(String command, String reason) {
        super(command + ": " + reason);
        this.reason = reason;
    }

    /** The first non-blank line of stderr, or how the program ended when it wrote none. */
    String reason() {
        return reason;
    }

    /** What a failed run is reported as: its stderr's first line, else its exit status. */
    static String reason(String stderr, int status) {
        return stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                .orElse("exited " + status + " without a word on stderr");
    }
}
