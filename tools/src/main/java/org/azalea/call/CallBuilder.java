/*
 * CallBuilder: compiles and links a program for the CALL runtime with the
 * host gcc: C sources, objects and archives (built with the runtime's
 * headers), against newlib, our OS layer and pthread-embedded, into a
 * static ELF with no `syscall` instruction of its own. The OS layer calls
 * the libOS entry table by name (az_syscall_entry, az_entry_<name>); the
 * link defines each of those names at LIBOS_BASE plus its offset in the
 * libOS in hand, and defines ImageLinker.CALL_BASE_SYMBOL, which tells the
 * image linker to place the libOS exactly there. References to functions
 * the runtime does not have fail the link; they are reported by feature
 * (UnsupportedFeatures).
 */
package org.azalea.call;

import org.azalea.image.ImageLinker;
import org.azalea.image.Libos;
import org.azalea.elf.Symbol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class CallBuilder {
    /**
     * Where a CALL program's libOS lies: 1 GiB, above any program linked at
     * the usual 0x400000 that is less than a gigabyte, and within rel32 reach
     * of its code, so each libOS call is a direct `call rel32`.
     */
    public static final long LIBOS_BASE = 0x40000000L;
    /** Compiler flags every CALL compilation gets (after the runtime's include directories). */
    private static final List<String> COMPILE = List.of("-D__DYNAMIC_REENT__", "-D__azalea__",
            "-fno-stack-protector", "-fcf-protection=none");
    /** Flags of a native build that the CALL link already provides or must not have. */
    private static final Set<String> DROPPED = Set.of("-pthread", "-static", "-lpthread", "-lm", "-lc", "-lrt",
            "-ldl", "-lutil", "-static-pie");
    private static final Pattern UNDEFINED = Pattern.compile("undefined reference to `([^']+)'");

    private CallBuilder() {
    }

    /**
     * Links args (sources, objects, archives and gcc flags, in gcc's order)
     * into the static CALL ELF elf, using work for temporary files. gcc's
     * diagnostics go to diagnostics line by line.
     */
    public static void link(CallRuntime runtime, Libos libos, List<String> args, Path elf, Path work,
            Consumer<String> diagnostics) throws CallBuildException, IOException {
        List<String> inputs = inputs(args);
        Path script = work.resolve("libos-entries.ld");
        Files.writeString(script, entrySymbols(libos), StandardCharsets.US_ASCII);
        List<String> command = compiler(runtime);
        command.addAll(List.of("-static", "-no-pie", "-nostdlib", "-nostartfiles", "-Wl,-z,noexecstack",
                "-Wl,--build-id=none", "-o", elf.toString(), runtime.crt0().toString()));
        command.addAll(inputs);
        command.addAll(List.of("-Wl,--start-group", runtime.library("libazalea.a").toString(),
                runtime.pthreadLibrary().toString(), runtime.library("libc.a").toString(),
                runtime.library("libm.a").toString(), "-lgcc", "-Wl,--end-group", script.toString()));
        run(command, diagnostics);
    }

    /**
     * Compiles sources into relocatable objects for a later link (args hold
     * -c): object to the object file, or gcc's default names when null.
     */
    public static void compile(CallRuntime runtime, List<String> args, Path object, Consumer<String> diagnostics)
            throws CallBuildException, IOException {
        List<String> command = compiler(runtime);
        command.addAll(inputs(args));
        if (object != null) {
            command.addAll(List.of("-o", object.toString()));
        }
        run(command, diagnostics);
    }

    /** The inputs gcc gets: flags the runtime implies dropped, every file checked to exist. */
    private static List<String> inputs(List<String> args) throws CallBuildException {
        List<String> inputs = new ArrayList<>();
        for (String a : args) {
            if (DROPPED.contains(a)) {
                continue;
            }
            if (!a.startsWith("-") && !Files.isRegularFile(Path.of(a))) {
                throw new CallBuildException(CallBuildException.Kind.BAD_INPUT, a + ": no such file");
            }
            inputs.add(a);
        }
        if (inputs.stream().noneMatch(a -> !a.startsWith("-"))) {
            throw new CallBuildException(CallBuildException.Kind.BAD_INPUT, "no source, object or archive to build");
        }
        return inputs;
    }

    /** gcc with the runtime's headers (before gcc's own), then gcc's, then newlib's, and the runtime's defines. */
    private static List<String> compiler(CallRuntime runtime) throws CallBuildException, IOException {
        List<String> command = new ArrayList<>(List.of("gcc", "-nostdinc"));
        for (Path p : runtime.includes()) {
            command.addAll(List.of("-isystem", p.toString()));
        }
        command.addAll(List.of("-isystem", gccIncludeDirectory(), "-isystem", runtime.libcInclude().toString()));
        command.addAll(COMPILE);
        return command;
    }

    /** Runs gcc; a failed link that names undefined functions is UNSUPPORTED, any other failure BAD_INPUT. */
    private static void run(List<String> command, Consumer<String> diagnostics) throws CallBuildException, IOException {
        Process gcc = start(command);
        List<String> output;
        try (var reader = gcc.inputReader(StandardCharsets.UTF_8)) {
            output = reader.lines().toList();
        }
        int status;
        try {
            status = gcc.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while gcc ran", e);
        }
        Set<String> missing = new TreeSet<>();
        for (String line : output) {
            Matcher m = UNDEFINED.matcher(line);
            if (m.find()) {
                missing.add(m.group(1));
            }
        }
        if (status != 0 && !missing.isEmpty()) {
            throw new CallBuildException(CallBuildException.Kind.UNSUPPORTED,
                    "needs what the CALL runtime does not provide: " + UnsupportedFeatures.describe(missing));
        }
        output.forEach(diagnostics);
        if (status != 0) {
            String first = output.stream().filter(l -> l.contains("error")).findFirst()
                    .orElse(output.isEmpty() ? "gcc exited with status " + status : output.getLast());
            throw new CallBuildException(CallBuildException.Kind.BAD_INPUT, "compilation failed: " + first.strip());
        }
    }

    /** The linker script that defines the libOS entry symbols and the CALL marker for this libOS. */
    static String entrySymbols(Libos libos) {
        StringBuilder s = new StringBuilder("/* libOS entries for a CALL program (azalea build) */\n");
        s.append(String.format("%s = 0x%x;%n", ImageLinker.CALL_BASE_SYMBOL, LIBOS_BASE));
        for (Symbol sym : libos.elf().symbols()) {
            String name = sym.name();
            if (sym.isDefined() && sym.isFunction() && (name.equals(Libos.DISPATCHER)
                    || name.startsWith(Libos.ENTRY_PREFIX))) {
                s.append(String.format("%s = 0x%x;%n", name, LIBOS_BASE + sym.value()));
            }
        }
        return s.toString();
    }

    private static String gccIncludeDirectory() throws CallBuildException, IOException {
        Process p = start(List.of("gcc", "-print-file-name=include"));
        String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!Files.isDirectory(Path.of(dir))) {
            throw new CallBuildException(CallBuildException.Kind.TOOL_MISSING,
                    "gcc does not know its own include directory (" + dir + "): is gcc installed?");
        }
        return dir;
    }

    private static Process start(List<String> command) throws CallBuildException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new CallBuildException(CallBuildException.Kind.TOOL_MISSING,
                    "cannot run gcc (" + e.getMessage() + "): install gcc");
        }
    }
}
