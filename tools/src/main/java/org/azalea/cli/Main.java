/*
 * Main: the azalea command line. Each subcommand is its own class; this file
 * only wires them to Picocli and maps failures to exit statuses (ExitStatus).
 * Failures print exactly one line on stderr unless --debug asks for the
 * stack trace: users see what is wrong with their file, not our internals.
 */
package org.azalea.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

@Command(name = "azalea",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitStatus.USAGE,
        versionProvider = Main.Version.class,
        description = "Runs static x86-64 Linux programs as unikernel images.",
        subcommands = {InspectCommand.class, ConvertCommand.class, BuildCommand.class, RewriteCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "The launcher script also takes: setup (install what is missing and build),",
                "test (set up and run every test)."})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit status. Used by tests in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new Failures(err));
        // build passes gcc's flags (-O2, -DX, -lfoo) through as inputs
        cli.getSubcommands().get("build").setUnmatchedOptionsArePositionalParams(true);
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"azalea " + (v == null ? "(development build)" : v)};
        }
    }
}
