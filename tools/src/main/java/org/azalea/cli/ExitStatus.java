/*
 * ExitStatus: the process exit statuses of the azalea command, one place for
 * all of them so scripts can rely on them. Values follow sysexits(3) where one
 * fits; 2 is the conventional "bad input file" status of binutils-like tools.
 */
package org.azalea.cli;

public final class ExitStatus {
    /** Success. */
    public static final int OK = 0;
    /** The input file is missing, unreadable, malformed or unsupported. */
    public static final int BAD_INPUT = 2;
    /** The command line itself is wrong (EX_USAGE). */
    public static final int USAGE = 64;
    /** The program needs what the CALL runtime does not provide (EX_DATAERR); the message names it. */
    public static final int UNSUPPORTED = 65;
    /** A native library the tool needs is missing (EX_UNAVAILABLE). */
    public static final int UNAVAILABLE = 69;
    /** A defect in the tool (EX_SOFTWARE); never caused by bad input. */
    public static final int INTERNAL_ERROR = 70;
    /** An output file could not be written (EX_CANTCREAT). */
    public static final int CANNOT_WRITE = 73;

    private ExitStatus() {
    }
}
