/*
 * BenchCommand: `azalea bench`, the benchmark of the toolchain itself. For
 * busybox-static and synthetic binaries 4x and 16x its code size it measures
 * `azalea inspect` and `azalea convert` end to end as a user runs them (a new
 * process each time, JVM start included) and the in-process analysis
 * throughput (MB of executable code per second, after warm-up). Then it
 * measures images (ImageBench): lmbench-style latencies,
 * getpid and friends native, through the trap fallback and rewritten; the
 * start time an image adds; the bytes it adds; what threads cost (create,
 * futex and pipe ping-pong, contended mutex) and how work scales from one
 * thread to two, native and image. It prints figures and targets; it asserts
 * no target. Into --out DIR it writes results.json (every sample, the
 * machine), report.md (the tables) and PNG charts, each file atomically.
 */
package org.azalea.cli;

import org.azalea.bench.BenchResults;
import org.azalea.bench.BenchSections;
import org.azalea.bench.Charts;
import org.azalea.bench.ImageBench;
import org.azalea.bench.Measurement;
import org.azalea.bench.ResultsJson;
import org.azalea.bench.ResultsMarkdown;
import org.azalea.elf.ElfFile;
import org.azalea.inspect.Inspector;
import org.azalea.x86.Disassembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--out", defaultValue = "bench-results", paramLabel = "DIR",
            description = "where results.json, report.md and the PNG charts go (default ${DEFAULT-VALUE})")
    private Path outDir;

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
        BenchResults results = new BenchResults(BenchResults.Machine.current());
        prepareOutput();
        Path scratch = Files.createTempDirectory("azalea-bench-convert");
        try {
            toolchain(launcher, binaries, n, scratch, out, results);
        } finally {
            Files.deleteIfExists(scratch.resolve("out.uk"));
            Files.delete(scratch);
        }
        out.flush();
        try {
            ImageBench.run(home, quick ? 1 : runs, quick, out, results);
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), ExitStatus.INTERNAL_ERROR, e);
        }
        writeReports(results, out);
        return ExitStatus.OK;
    }

    /** inspect and convert end to end, and the analysis in-process, on each binary, n runs each. */
    private static void toolchain(Path launcher, List<Path> binaries, int n, Path scratch, PrintWriter out,
            BenchResults results) throws Exception {
        run(List.of(launcher.toString(), "inspect", binaries.get(0).toString()));
        results.describe(BenchSections.INSPECT, "azalea inspect: wall seconds end to end, JVM start included");
        results.describe(BenchSections.CONVERT, "azalea convert: wall seconds end to end, JVM start included");
        results.describe(BenchSections.SIZE, "Binaries the toolchain ran on: MB of executable code");
        out.printf("%-12s %9s %8s %13s %13s %13s %15s %15s %15s%n", "binary", "code MB", "sites", "inspect min s",
                "inspect med s", "analysis ms", "analysis MB/s", "convert med s", "convert MB/s");
        for (Path binary : binaries) {
            double[] inspect = wallTimes(List.of(launcher.toString(), "inspect", binary.toString()), n);
            double[] convert = wallTimes(List.of(launcher.toString(), "convert", binary.toString(), "-o",
                    scratch.resolve("out.uk").toString()), n);
            ElfFile elf = ElfFile.read(binary);
            double mb = Inspector.codeBytes(elf) / 1e6;
            Analysis analysis = analyse(elf, n);
            String name = binary.getFileName().toString();
            Measurement inspected = new Measurement(BenchSections.INSPECT, name, "wall", "s", inspect);
            Measurement converted = new Measurement(BenchSections.CONVERT, name, "wall", "s", convert);
            results.add(BenchSections.SIZE, name, "code", "MB", new double[] {mb});
            results.add(inspected);
            results.add(converted);
            out.printf("%-12s %9.2f %8d %13.3f %13.3f %13.1f %15.1f %15.3f %15.2f%n", name, mb, analysis.sites(),
                    Arrays.stream(inspect).min().orElseThrow(), inspected.median(), analysis.seconds() * 1e3,
                    mb / analysis.seconds(), converted.median(), mb / converted.median());
        }
    }

    private static double[] wallTimes(List<String> command, int n) throws Exception {
        double[] wall = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            run(command);
            wall[i] = (System.nanoTime() - start) / 1e9;
        }
        return wall;
    }

    /** Fails before any measuring if --out cannot be a directory. */
    private void prepareOutput() throws CommandFailure {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new CommandFailure(outDir + ": cannot create the output directory (" + e.getMessage() + ")",
                    ExitStatus.USAGE, e);
        }
    }

    private void writeReports(BenchResults results, PrintWriter out) throws CommandFailure {
        try {
            // charts are drawn in memory first, so a failure leaves the directory as it was
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("results.json", ResultsJson.of(results).getBytes(StandardCharsets.UTF_8));
            files.put("report.md", ResultsMarkdown.of(results).getBytes(StandardCharsets.UTF_8));
            files.putAll(Charts.of(results));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                AtomicOutput.write(outDir.resolve(f.getKey()), f.getValue(), "rw-r--r--");
            }
            out.printf("%nWrote %s to %s%n", String.join(", ", files.keySet()), outDir);
        } catch (IOException e) {
            throw new CommandFailure(outDir + ": cannot write the reports (" + e.getMessage() + ")",
                    ExitStatus.INTERNAL_ERROR, e);
        }
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
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // The tool running this is the build: the launcher must not rebuild under it (e.g. in `azalea test`).
        pb.environment().put("AZALEA_NO_BUILD", "1");
        Process p = pb.start();
        int status = p.waitFor();
        if (status != 0) {
            throw new CommandFailure(String.join(" ", command) + " exited " + status, ExitStatus.INTERNAL_ERROR, null);
        }
    }
}
