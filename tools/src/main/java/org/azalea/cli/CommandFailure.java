/*
 * CommandFailure: a command that cannot go on for a reason it can state in
 * one line (a bad input file, a missing native library, a failed step),
 * carrying that line and the exit status to return. Defects in the tool are
 * not CommandFailures: they surface as internal errors.
 */
package org.azalea.cli;

public final class CommandFailure extends Exception {
    private final int status;

    public CommandFailure(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
