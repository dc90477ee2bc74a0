/*
 * ConvertCommand: `azalea convert IN [-o OUT] [--report FILE.json] [--cores N]
 * [--mem SIZE] [--trap-only]`. Links a static program with the libOS into a unikernel image
 * (ImageLinker) and prints what the rewrite did and which syscalls the
 * program may make that the libOS does not serve. The input is never
 * written; OUT (mode 0755) and the report appear atomically. --trap-only
 * leaves every syscall site unrewritten (the baseline `azalea bench` compares
 * the rewrite against).
 */
package org.azalea.cli;

import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.image.Image;
import org.azalea.image.ImageLinker;
import org.azalea.image.ImageOptions;
import org.azalea.image.Libos;
import org.azalea.image.SyscallSupport;
import org.azalea.rewriter.SyscallTable;
import org.azalea.x86.CapstoneUnavailableException;
import org.azalea.x86.Disassembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

@Command(name = "convert", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitStatus.USAGE,
        description = {"Convert a static x86-64 program into a unikernel image (IN.uk).",
                "Syscall sites become calls into the libOS, which the image carries."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written", "2:the input is missing, malformed or not a static program",
                "64:usage error", "69:libcapstone4 is missing", "73:an output cannot be written",
                "70:internal error (a bug: please report it)"})
final class ConvertCommand implements Callable<Integer> {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})([KMGT]?)");

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "IN", description = "the static ELF executable to convert")
    private Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "where to write the image (default: IN's name without extension, plus .uk, here)")
    private Path output;

    @Option(names = "--report", paramLabel = "FILE.json",
            description = "also write a JSON report (schema: docs/convert-report.md)")
    private Path report;

    @Option(names = "--cores", paramLabel = "N", description = "cores the image runs on by default (default 1)")
    private int cores = ImageOptions.DEFAULT_CORES;

    @Option(names = "--mem", paramLabel = "SIZE",
            description = "default partition memory: bytes, or with K, M, G or T (default 4G)")
    private String memory = "4G";

    @Option(names = "--trap-only",
            description = "rewrite no syscall site: the libOS serves every call through its trap fallback")
    private boolean trapOnly;

    @Option(names = "--debug", description = "print stack traces on failure")
    private boolean debug;

    @Override
    public Integer call() throws CommandFailure {
        ImageOptions options = options();
        Path out = output != null ? output : defaultOutput(input);
        Libos libos;
        try {
            libos = Libos.load();
        } catch (IllegalStateException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.INTERNAL_ERROR, e);
        }
        Image image;
        try (Disassembler d = new Disassembler()) {
            image = ImageLinker.link(ElfFile.read(input), input, options, libos, d);
        } catch (ElfFormatException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.BAD_INPUT, e);
        } catch (CapstoneUnavailableException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.UNAVAILABLE, e);
        }
        AtomicOutput.write(input, out, image.bytes(), "rwxr-xr-x");
        if (report != null) {
            AtomicOutput.write(input, report, ConvertReport.render(image, out, libos).getBytes(StandardCharsets.UTF_8),
                    "rw-r--r--");
        }
        summary(spec.commandLine().getOut(), image, out, libos, trapOnly);
        return ExitStatus.OK;
    }

    private ImageOptions options() throws CommandFailure {
        return imageOptions(cores, memory, trapOnly);
    }

    /** --cores, --mem and --trap-only as image options; a bad value is a usage error. */
    static ImageOptions imageOptions(int cores, String memory, boolean trapOnly) throws CommandFailure {
        if (cores < 1) {
            throw new CommandFailure("--cores " + cores + ": must be at least 1", ExitStatus.USAGE, null);
        }
        Matcher m = SIZE.matcher(memory.toUpperCase(Locale.ROOT));
        long bytes;
        try {
            if (!m.matches()) {
                throw new NumberFormatException();
            }
            int shift = switch (m.group(2)) {
                case "K" -> 10;
                case "M" -> 20;
                case "G" -> 30;
                case "T" -> 40;
                default -> 0;
            };
            long value = Long.parseLong(m.group(1));
            if (value > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            bytes = value << shift;
        } catch (NumberFormatException e) {
            throw new CommandFailure("--mem " + memory + ": not a size (bytes, or a number with K, M, G or T, e.g. 512M)",
                    ExitStatus.USAGE, null);
        }
        try {
            return new ImageOptions(cores, bytes, trapOnly);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("--mem " + memory + ": " + e.getMessage(), ExitStatus.USAGE, null);
        }
    }

    /** IN's file name without its extension, plus .uk, in the current directory. */
    static Path defaultOutput(Path input) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Path.of((dot > 0 ? name.substring(0, dot) : name) + ".uk");
    }

    private static void summary(PrintWriter out, Image image, Path output, Libos libos, boolean trapOnly) {
        Map<String, Long> totals = image.patched().plan().totals();
        out.printf("%s: image of %s (%s, app base 0x%x, libOS at 0x%x)%n", output, image.input(),
                image.linkage().kind().label(), image.appBase(), image.libosBase());
        out.printf("  %d syscall sites: %d direct, %d hop, %d trap; %d with an unknown number%s%n",
                image.patched().plan().sites().size(), totals.get("direct"), totals.get("hop"), totals.get("trap"),
                image.unknownSites(), trapOnly ? " (--trap-only: no site rewritten)" : "");
        List<Integer> unsupported = image.possibleSyscalls().stream()
                .filter(n -> libos.support(n) == SyscallSupport.NONE).toList();
        if (unsupported.isEmpty()) {
            out.printf("  the libOS serves every syscall the analysis found (%d distinct)%n",
                    image.possibleSyscalls().size());
        } else {
            out.printf("  not supported by the libOS (%d of %d distinct syscalls; they return ENOSYS): %s%n",
                    unsupported.size(), image.possibleSyscalls().size(), unsupported.stream()
                            .map(n -> SyscallTable.name(n).orElse("#" + n)).collect(Collectors.joining(", ")));
        }
        if (image.unknownSites() > 0) {
            out.printf("  %d sites with an unknown number may make other syscalls%n", image.unknownSites());
        }
        out.flush();
    }
}
