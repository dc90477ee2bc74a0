/*
 * UserInputException: a failure the user can fix (a bad input file, a missing
 * native library, an unwritable output), carrying the one-line message to
 * print and the exit status to return.
 */
package org.azalea.cli;

public final class UserInputException extends Exception {
    private final int status;

    public UserInputException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
