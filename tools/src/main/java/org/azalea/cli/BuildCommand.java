/*
 * BuildCommand: `azalea build [-o OUT] [--cores N] [--mem SIZE] INPUTS...`.
 * Builds a program from source for the CALL runtime (CallBuilder: newlib and
 * pthread-embedded calling the libOS directly, no syscall instruction, no
 * rewriting) and links it with the libOS into an image (ImageLinker). INPUTS
 * are what gcc takes: C sources, objects and archives built with the
 * runtime's headers, and compiler and linker flags (-O2, -DX, -Idir, -lfoo),
 * in order; -pthread, -static, -lm, -lpthread, -lrt are implied. OUT
 * (default: the first input's name without extension plus .uk, here)
 * appears atomically with mode 0755. With -c among the inputs it only
 * compiles, as gcc -c does (OUT: the object), for objects and archives to
 * link later.
 */
package org.azalea.cli;

import org.azalea.call.CallBuildException;
import org.azalea.call.CallBuilder;
import org.azalea.call.CallRuntime;
import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.image.Image;
import org.azalea.image.ImageLinker;
import org.azalea.image.ImageOptions;
import org.azalea.image.Libos;
import org.azalea.x86.CapstoneUnavailableException;
import org.azalea.x86.Disassembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "build", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitStatus.USAGE,
        description = {"Build a C program from source into a CALL image: newlib and pthread-embedded",
                "call the libOS directly (no syscall instruction, nothing rewritten).",
                "INPUTS are what gcc takes: sources, objects, archives and flags, in order."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written", "2:an input is missing or does not compile",
                "64:usage error", "65:the program needs libc features the CALL runtime does not provide (named)",
                "69:gcc, libcapstone4 or the CALL runtime (./azalea setup) is missing",
                "73:the output cannot be written", "70:internal error (a bug: please report it)"})
final class BuildCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "INPUTS", arity = "1..*",
            description = "C sources, objects, archives and gcc flags (-O2, -DX, -Idir, -lfoo)")
    private List<String> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "where to write the image (default: the first input's name without extension, plus .uk);"
                    + " with -c, the object")
    private Path output;

    @Option(names = "--cores", paramLabel = "N", description = "cores the image runs on by default (default 1)")
    private int cores = ImageOptions.DEFAULT_CORES;

    @Option(names = "--mem", paramLabel = "SIZE",
            description = "default partition memory: bytes, or with K, M, G or T (default 4G)")
    private String memory = "4G";

    @Option(names = "--debug", description = "print stack traces on failure")
    private boolean debug;

    @Override
    public Integer call() throws CommandFailure {
        ImageOptions options = ConvertCommand.imageOptions(cores, memory, false);
        String first = inputs.stream().filter(a -> !a.startsWith("-")).findFirst()
                .orElseThrow(() -> new CommandFailure("no source, object or archive among the inputs",
                        ExitStatus.USAGE, null));
        Path home = Path.of(System.getProperty("azalea.home", "."));
        if (inputs.contains("-c")) {
            return compileOnly(home, first);
        }
        Path out = output != null ? output : ConvertCommand.defaultOutput(Path.of(first));
        Libos libos;
        try {
            libos = Libos.load();
        } catch (IllegalStateException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.INTERNAL_ERROR, e);
        }
        PrintWriter err = spec.commandLine().getErr();
        Path work = null;
        try {
            work = Files.createTempDirectory("azalea-build");
            Path elf = work.resolve("program.elf");
            CallBuilder.link(CallRuntime.at(home), libos, inputs, elf, work, err::println);
            err.flush();
            Image image;
            try (Disassembler d = new Disassembler()) {
                image = ImageLinker.link(ElfFile.read(elf), Path.of(first), options, libos, d);
            }
            for (String input : inputs) {
                if (!input.startsWith("-") && Path.of(input).toAbsolutePath().normalize()
                        .equals(out.toAbsolutePath().normalize())) {
                    throw new CommandFailure(out + ": the output would overwrite an input", ExitStatus.USAGE, null);
                }
            }
            AtomicOutput.write(out, image.bytes(), "rwxr-xr-x");
            PrintWriter o = spec.commandLine().getOut();
            o.printf("%s: CALL image of %s (newlib + pthread-embedded, libOS at 0x%x, %d syscall instructions)%n",
                    out, String.join(" ", inputs.stream().filter(a -> !a.startsWith("-")).toList()),
                    image.libosBase(), image.patched().plan().sites().size());
            o.flush();
            return ExitStatus.OK;
        } catch (CallBuildException e) {
            throw failure(first, e);
        } catch (ElfFormatException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.BAD_INPUT, e);
        } catch (CapstoneUnavailableException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.UNAVAILABLE, e);
        } catch (IOException e) {
            throw new CommandFailure("cannot build " + first + ": " + e.getMessage(), ExitStatus.CANNOT_WRITE, e);
        } finally {
            removeTree(work);
        }
    }

    /** -c: objects for a later `azalea build`, with the runtime's headers and defines. */
    private int compileOnly(Path home, String first) throws CommandFailure {
        PrintWriter err = spec.commandLine().getErr();
        try {
            CallBuilder.compile(CallRuntime.at(home), inputs, output, err::println);
            err.flush();
            return ExitStatus.OK;
        } catch (CallBuildException e) {
            throw failure(first, e);
        } catch (IOException e) {
            throw new CommandFailure("cannot compile " + first + ": " + e.getMessage(), ExitStatus.CANNOT_WRITE, e);
        }
    }

    private static CommandFailure failure(String first, CallBuildException e) {
        int status = switch (e.kind()) {
            case RUNTIME_MISSING, TOOL_MISSING -> ExitStatus.UNAVAILABLE;
            case BAD_INPUT -> ExitStatus.BAD_INPUT;
            case UNSUPPORTED -> ExitStatus.UNSUPPORTED;
        };
        String message = e.getMessage().startsWith(first + ":") ? e.getMessage() : first + ": " + e.getMessage();
        return new CommandFailure(message, status, e);
    }

    private static void removeTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover temporary directory is not worth failing the build for
        }
    }
}
