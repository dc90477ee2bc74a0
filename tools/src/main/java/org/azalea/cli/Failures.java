/*
 * Failures: turns an exception escaping a subcommand into one line on stderr
 * and an exit status. A CommandFailure states its own cause (bad input names
 * the file and offset); anything else is our defect and says so. A
 * command's --debug option adds the stack trace.
 */
package org.azalea.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

final class Failures implements CommandLine.IExecutionExceptionHandler {
    private final PrintWriter err;

    Failures(PrintWriter err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        boolean debug = parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--debug");
        int status;
        if (e instanceof CommandFailure input) {
            err.println("azalea: " + input.getMessage());
            status = input.status();
        } else {
            err.println("azalea: internal error: " + e + " (rerun with --debug for the stack trace, and please report it)");
            status = ExitStatus.INTERNAL_ERROR;
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return status;
    }
}
