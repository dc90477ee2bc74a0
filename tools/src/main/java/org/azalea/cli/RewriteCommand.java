/*
 * RewriteCommand: `azalea rewrite IN -o OUT`. Rewrites every syscall site it
 * can prove safe into a jump to a trampoline whose call serves the syscall
 * with the real `syscall` instruction (passthrough entries), so OUT runs on
 * plain Linux and must behave exactly like IN: a check of the rewrite on its
 * own, before any libOS is involved. Prints the plan's totals. The input is
 * never written; OUT appears atomically (written beside it, then renamed).
 */
package org.azalea.cli;

import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.inspect.LinkageReport;
import org.azalea.rewriter.PassthroughEntries;
import org.azalea.rewriter.PatchedProgram;
import org.azalea.rewriter.SyscallRewriter;
import org.azalea.x86.CapstoneUnavailableException;
import org.azalea.x86.Disassembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "rewrite", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitStatus.USAGE,
        description = {"Rewrite syscall sites into trampolines that make the real syscall.",
                "The result runs on plain Linux and must behave exactly like the original."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written", "2:the input is missing, malformed or not a static program",
                "64:usage error", "69:libcapstone4 is missing", "73:the output cannot be written",
                "70:internal error (a bug: please report it)"})
final class RewriteCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "IN", description = "the static ELF executable to rewrite")
    private Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "where to write the result")
    private Path output;

    @Option(names = "--debug", description = "print stack traces on failure")
    private boolean debug;

    @Override
    public Integer call() throws CommandFailure {
        PatchedProgram patched;
        try (Disassembler d = new Disassembler()) {
            ElfFile elf = ElfFile.read(input);
            LinkageReport linkage = LinkageReport.classify(elf);
            if (!linkage.kind().convertible()) {
                throw new CommandFailure(input + ": not a static program: " + linkage.reason(), ExitStatus.BAD_INPUT, null);
            }
            patched = SyscallRewriter.rewrite(elf, new PassthroughEntries(), d);
        } catch (ElfFormatException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.BAD_INPUT, e);
        } catch (CapstoneUnavailableException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.UNAVAILABLE, e);
        }
        AtomicOutput.write(input, output, patched.elf().toBytes(), "rwxr-xr-x");
        PrintWriter out = spec.commandLine().getOut();
        var totals = patched.plan().totals();
        out.printf("%s: %d syscall sites: %d direct, %d hop, %d trap; trampolines %d bytes at 0x%x%n", output,
                patched.plan().sites().size(), totals.get("direct"), totals.get("hop"), totals.get("trap"),
                patched.trampolineSize(), patched.trampolineAddress());
        out.flush();
        return ExitStatus.OK;
    }
}
