/*
 * InspectCommand: `azalea inspect FILE [--json]`. Reads the file once (never
 * writes it), inspects it, prints the report. A file that is not a usable
 * ELF program gives one line naming the file, the offset and the problem,
 * and exit status 2.
 */
package org.azalea.cli;

import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.image.Libos;
import org.azalea.inspect.Inspection;
import org.azalea.inspect.InspectionJson;
import org.azalea.inspect.InspectionText;
import org.azalea.inspect.Inspector;
import org.azalea.x86.CapstoneUnavailableException;
import org.azalea.x86.Disassembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitStatus.USAGE,
        description = {"Show what a static x86-64 program is and which system calls it makes.",
                "Kind, entry, segments, sections, runtime (glibc, musl, Go), every syscall site with",
                "its function and number, the distinct syscalls with what the libOS does with each",
                "(internal, offload or none) and, with --plan, the rewrite plan."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the report was printed", "2:the file is missing, unreadable, malformed or not a program",
                "64:usage error", "69:libcapstone4 is missing", "70:internal error (a bug: please report it)"})
final class InspectCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the ELF executable to inspect")
    private Path file;

    @Option(names = "--json", description = "print one JSON document (schema: docs/inspect-json.md)")
    private boolean json;

    @Option(names = "--plan", description = "also show the rewrite plan: per site the tactic (direct, hop, trap) and why, and totals")
    private boolean plan;

    @Option(names = "--debug", description = "print stack traces on failure")
    private boolean debug;

    @Override
    public Integer call() throws CommandFailure {
        Inspection inspection = inspect(file, plan);
        String report = json ? InspectionJson.render(inspection) : InspectionText.render(inspection);
        spec.commandLine().getOut().print(report);
        spec.commandLine().getOut().flush();
        return ExitStatus.OK;
    }

    /** Reads and inspects one file, mapping every failure the user can fix to a CommandFailure. */
    static Inspection inspect(Path file, boolean withPlan) throws CommandFailure {
        try (Disassembler disassembler = new Disassembler()) {
            return Inspector.inspect(ElfFile.read(file), disassembler, withPlan, Optional.of(Libos.load()));
        } catch (ElfFormatException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.BAD_INPUT, e);
        } catch (CapstoneUnavailableException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.UNAVAILABLE, e);
        }
    }
}
