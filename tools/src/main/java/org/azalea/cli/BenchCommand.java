/*
 * BenchCommand: `azalea bench`, the benchmark of the toolchain itself. For
 * busybox-static and synthetic binaries 4x and 16x its code size it measures
 * `azalea inspect` end to end as a user runs it (a new process each time, JVM
 * start included) and the in-process analysis throughput (MB of executable
 * code per second, after warm-up). Then it measures images (ImageBench):
 * getpid and friends native, through the trap fallback and rewritten; the
 * start time an image adds; the bytes it adds; what threads cost (create,
 * futex and pipe ping-pong, contended mutex) and how work scales from one
 * thread to two, native and image. It prints figures and targets; it asserts
 * no target.
 */
package org.azalea.cli;

import org.azalea.bench.ImageBench;
import org.azalea.elf.ElfFile;
import org.azalea.inspect.Inspector;
import org.azalea.x86.Disassembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitStatus.USAGE,
        description = {"Measure the toolchain's own speed.",
                "`azalea inspect` wall time end to end (JVM start included) and in-process analysis",
                "throughput, on busybox and on synthetic binaries 4x and 16x larger.",
                "Then images: syscall cost native / trap-only / patched, start time, size added;",
                "thread costs and 1->2 thread scaling, native and image."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--runs", defaultValue = "5",
            description = "runs per binary, and rounds of the image benchmarks (default ${DEFAULT-VALUE})")
    private int runs;

    @Option(names = "--quick", description = "one binary (busybox), three runs, one image round, short thread"
            + " cases: a smoke test of the benchmark")
    private boolean quick;

    @Option(names = "--debug", description = "print stack traces on failure")
    private boolean debug;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new CommandFailure("--runs must be at least 1, got " + runs, ExitStatus.USAGE, null);
        }
        Path home = Path.of(System.getProperty("azalea.home", "."));
        Path launcher = home.resolve("azalea");
        if (!Files.isExecutable(launcher)) {
            throw new CommandFailure("cannot find the azalea launcher at " + launcher
                    + " (run the benchmark through ./azalea bench)", ExitStatus.UNAVAILABLE, null);
        }
        List<Path> binaries = new ArrayList<>(List.of(Path.of("/bin/busybox")));
        int n = quick ? Math.min(runs, 3) : runs;
        if (!quick) {
            run(List.of("make", "-s", "-C", home.resolve("corpus").toString(), "synth"));
            binaries.add(home.resolve("corpus/target/bin/synth-4x"));
            binaries.add(home.resolve("corpus/target/bin/synth-16x"));
        }
        PrintWriter out = spec.commandLine().getOut();
        run(List.of(launcher.toString(), "inspect", binaries.get(0).toString()));
        out.printf("%-12s %9s %8s %13s %13s %13s %15s%n", "binary", "code MB", "sites", "wall min s",
                "wall median s", "analysis ms", "analysis MB/s");
        for (Path binary : binaries) {
            double[] wall = new double[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                run(List.of(launcher.toString(), "inspect", binary.toString()));
                wall[i] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(wall);
            ElfFile elf = ElfFile.read(binary);
            double mb = Inspector.codeBytes(elf) / 1e6;
            Analysis analysis = analyse(elf, n);
            out.printf("%-12s %9.2f %8d %13.3f %13.3f %13.1f %15.1f%n", binary.getFileName(), mb, analysis.sites(),
                    wall[0], wall[n / 2], analysis.seconds() * 1e3, mb / analysis.seconds());
        }
        out.flush();
        try {
            ImageBench.run(home, quick ? 1 : runs, quick, out);
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.INTERNAL_ERROR, e);
        }
        return ExitStatus.OK;
    }

    /** The median in-process time of a whole inspection, after two warm-up runs, and the sites it found. */
    private record Analysis(double seconds, int sites) {
    }

    private static Analysis analyse(ElfFile elf, int runs) throws Exception {
        double[] times = new double[runs];
        int sites;
        try (Disassembler d = new Disassembler()) {
            sites = Inspector.inspect(elf, d).syscalls().sites().size();
            Inspector.inspect(elf, d);
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                Inspector.inspect(elf, d);
                times[i] = (System.nanoTime() - start) / 1e9;
            }
        }
        Arrays.sort(times);
        return new Analysis(times[runs / 2], sites);
    }

    private static void run(List<String> command) throws IOException, InterruptedException, CommandFailure {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int status = p.waitFor();
        if (status != 0) {
            throw new CommandFailure(String.join(" ", command) + " exited " + status, ExitStatus.INTERNAL_ERROR, null);
        }
    }
}
