/*
 * ImageBench: the Azalea paper's measurements of images, as `azalea bench`
 * prints them: what a getpid costs natively, through the libOS's trap
 * fallback (a --trap-only image), through a rewritten site (a patched
 * image) and as a plain call (the same program rebuilt from source by
 * `azalea build` against newlib and pthread-embedded: the CALL image); how much an image adds to exec-to-main; and how many bytes an image
 * adds to a program; then what threads cost natively and as images
 * (ThreadBench); and lmbench-style latencies of common calls (read and
 * write of one byte on /dev/zero and /dev/null, open+close, fstat,
 * mmap+munmap, a pipe write+read), natively and as an image. Images are
 * linked in-process into a temporary directory. The cheap cycle-counting
 * programs (syscall_cost, latency) run at least the requested rounds and
 * then more, up to three times as many, until every figure's spread is
 * within 5%. Every figure goes into the run's BenchResults as well as onto
 * the terminal. Targets are printed next to the figures (met / not met),
 * never enforced.
 */
package org.azalea.bench;

import org.azalea.call.CallBuildException;
import org.azalea.call.CallBuilder;
import org.azalea.call.CallRuntime;
import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.elf.ProgramHeader;
import org.azalea.image.ImageLinker;
import org.azalea.image.ImageOptions;
import org.azalea.image.Libos;
import org.azalea.x86.Disassembler;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

public final class ImageBench {
    /** The cases corpus/bench/syscall_cost.c measures, in the order it prints them. */
    private static final List<String> CASES = List.of("getpid", "getppid", "clock_gettime", "function_call");
    /** The cases corpus/bench/latency.c measures, in the order it prints them. */
    private static final List<String> LATENCIES = List.of("read_zero", "read_null", "write_null", "write_zero",
            "open_close", "fstat", "mmap_munmap", "pipe_write_read");
    /** The latencies that are plain offloaded calls, and how close to native the issue wants them. */
    private static final List<String> OFFLOADED = List.of("read_zero", "read_null", "write_null", "write_zero");
    private static final double OFFLOAD_TARGET = 1.15;
    /** How close to a bare function call a CALL image's getpid should come (the physical limit is 1x). */
    private static final double CALL_TARGET = 2.0;
    /** A figure is settled when its rounds stray less than this from their median. */
    private static final double SETTLED_SPREAD = 0.05;
    /** Spawns per start_time run: enough for a stable median in well under a second. */
    private static final int SPAWNS = 200;
    private static final double START_TARGET_NS = 1e6;
    private static final long LIBOS_TARGET_BYTES = 256L << 10;

    private final Path home;
    private final Path work;
    private final int rounds;
    private final boolean quick;
    private final PrintWriter out;
    private final Libos libos;
    private final BenchResults results;

    private ImageBench(Path home, Path work, int rounds, boolean quick, PrintWriter out, Libos libos,
            BenchResults results) {
        this.home = home;
        this.work = work;
        this.rounds = rounds;
        this.quick = quick;
        this.out = out;
        this.libos = libos;
        this.results = results;
    }

    /**
     * Runs every measurement, rounds times where a round is cheap, with the
     * benchmark programs under home/corpus/target/bench (built by
     * `make -C corpus bench`). Fails naming the program that is missing or
     * fails, except in the thread section, which reports a failing case and
     * goes on. quick has the thread programs do fewer operations.
     */
    public static void run(Path home, int rounds, boolean quick, PrintWriter out, BenchResults results)
            throws Exception {
        Path work = Files.createTempDirectory("azalea-bench");
        try {
            new ImageBench(home, work, rounds, quick, out, Libos.load(), results).all();
        } finally {
            try (Stream<Path> files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(work);
        }
    }

    private void all() throws Exception {
        Path syscallCost = bench("syscall_cost");
        Path startTime = bench("start_time");
        Path threadCost = bench("thread_cost");
        Path scaling = bench("scaling");
        Path latency = bench("latency");
        try (Disassembler d = new Disassembler()) {
            syscallCost(syscallCost, convert(syscallCost, "syscall_cost.uk", false, d),
                    convert(syscallCost, "syscall_cost-trap.uk", true, d),
                    buildCall(home.resolve("corpus/bench/syscall_cost.c"), "syscall_cost-call.uk", d));
            latency(latency, convert(latency, "latency.uk", false, d));
            startTime(startTime, convert(startTime, "start_time.uk", false, d));
            sizes(d);
            out.flush();
            ThreadBench.run(threadCost, convert(threadCost, "thread_cost.uk", false, d), scaling,
                    convert(scaling, "scaling.uk", false, d), rounds, quick, out, results);
        }
        out.flush();
    }

    private Path bench(String name) throws IOException {
        Path p = home.resolve("corpus/target/bench").resolve(name);
        if (!Files.isExecutable(p)) {
            throw new IOException("no benchmark program " + p + " (build it with `make -C corpus bench`)");
        }
        return p;
    }

    private Path convert(Path input, String name, boolean trapOnly, Disassembler d)
            throws IOException, ElfFormatException {
        Path image = work.resolve(name);
        ImageOptions defaults = ImageOptions.defaults();
        byte[] bytes = ImageLinker.link(ElfFile.read(input), input,
                new ImageOptions(defaults.cores(), defaults.memory(), trapOnly), libos, d).bytes();
        Files.write(image, bytes);
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rwxr-xr-x"));
        return image;
    }

    /** The CALL image of a benchmark source (`azalea build`, with the same optimisation as corpus/Makefile). */
    private Path buildCall(Path source, String name, Disassembler d) throws Exception {
        Path elf = work.resolve(name + ".elf");
        List<String> diagnostics = new ArrayList<>();
        try {
            CallBuilder.link(CallRuntime.at(home), libos, List.of("-O2", source.toString()), elf, work,
                    diagnostics::add);
        } catch (CallBuildException e) {
            throw new IOException("cannot build the CALL image of " + source + ": " + e.getMessage()
                    + (diagnostics.isEmpty() ? "" : " (" + diagnostics.getFirst() + ")"), e);
        }
        Path image = work.resolve(name);
        Files.write(image, ImageLinker.link(ElfFile.read(elf), source, ImageOptions.defaults(), libos, d).bytes());
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.delete(elf);
        Files.deleteIfExists(work.resolve("libos-entries.ld"));
        return image;
    }

    /** Native, trap, patched and CALL runs interleaved, so drift in the machine's speed hits all alike. */
    private void syscallCost(Path nativeProgram, Path patched, Path trap, Path call) throws Exception {
        List<String> variants = List.of("native", "trap", "patched", "call");
        List<Figures> runs = interleaved(List.of(List.of(nativeProgram.toString()), List.of(trap.toString()),
                List.of(patched.toString()), List.of(call.toString())), CASES, Map.of());
        double perNs = median(runs, 0, variants.size(), "tsc_per_ns");
        results.tscPerNs(perNs);
        results.describe(BenchSections.SYSCALL, "Syscall cost: cycles per call, 10,000 calls (corpus/bench/syscall_cost)");
        int n = runs.size() / variants.size();
        out.printf("%nSyscall cost (corpus/bench/syscall_cost; cycles per call, median of %d round%s; %.3f cycles/ns)%n",
                n, n == 1 ? "" : "s", perNs);
        for (String c : CASES) {
            double[][] cycles = new double[variants.size()][];
            for (int v = 0; v < variants.size(); v++) {
                cycles[v] = samples(runs, v, variants.size(), c);
                results.add(BenchSections.SYSCALL, c, variants.get(v), "cycles", cycles[v]);
            }
            double nat = Figures.median(cycles[0]);
            double t = Figures.median(cycles[1]);
            double p = Figures.median(cycles[2]);
            double k = Figures.median(cycles[3]);
            out.printf("  %s: native %s cycles (%s ns), trap %s (%s ns), patched %s (%s ns), call %s (%s ns): %s, %s,"
                    + " %s%n", c, figure(nat), figure(nat / perNs), figure(t), figure(t / perNs), figure(p),
                    figure(p / perNs), figure(k), figure(k / perNs), versusNative("patched", nat, p),
                    versusNative("trap", nat, t), versusNative("call", nat, k));
        }
        double callGetpid = median(runs, 3, variants.size(), "getpid");
        double bareCall = median(runs, 0, variants.size(), "function_call");
        out.printf("  target: getpid in a CALL image within %.0fx of a bare function call (native, same run): %s"
                + " (%s cycles against %s: %sx)%n", CALL_TARGET, met(callGetpid <= CALL_TARGET * bareCall),
                figure(callGetpid), figure(bareCall), figure(callGetpid / bareCall));
        out.println("  after the first call the trap path stays the trap path: the libOS does not patch sites"
                + " lazily (a 2-byte `syscall` left by the rewriter has no room for a call)");
    }

    /** lmbench-style latencies, native and image on one core, interleaved; figures in ns. */
    private void latency(Path nativeProgram, Path image) throws Exception {
        List<String> variants = List.of("native", "image");
        List<String> arguments = quick ? List.of("quick") : List.of();
        List<String> nativeCommand = new ArrayList<>(List.of(nativeProgram.toString()));
        nativeCommand.addAll(arguments);
        List<String> imageCommand = new ArrayList<>(List.of(image.toString()));
        imageCommand.addAll(arguments);
        List<Figures> runs = interleaved(List.of(nativeCommand, imageCommand), LATENCIES,
                Map.of(1, Map.of("AZALEA_RUN", "cores=1")));
        results.describe(BenchSections.LATENCY,
                "Latencies: ns per operation, lmbench-style (corpus/bench/latency; image on one core)");
        int n = runs.size() / variants.size();
        out.printf("%nLatencies (corpus/bench/latency; ns per operation, median of %d round%s; image on cores=1)%n",
                n, n == 1 ? "" : "s");
        out.printf("  %-16s %10s %10s %13s%n", "case", "native ns", "image ns", "native/image");
        double worst = 0;
        for (String c : LATENCIES) {
            double[][] ns = new double[variants.size()][];
            for (int v = 0; v < variants.size(); v++) {
                double[] cycles = samples(runs, v, variants.size(), c);
                double[] rate = samples(runs, v, variants.size(), "tsc_per_ns");
                ns[v] = new double[cycles.length];
                for (int k = 0; k < cycles.length; k++) {
                    ns[v][k] = cycles[k] / rate[k];
                }
                results.add(BenchSections.LATENCY, c, variants.get(v), "ns", ns[v]);
            }
            double nat = Figures.median(ns[0]);
            double img = Figures.median(ns[1]);
            if (OFFLOADED.contains(c)) {
                worst = Math.max(worst, img / nat);
            }
            out.printf("  %-16s %10s %10s %13s%n", c, figure(nat), figure(img), ThreadReport.ratio(nat / img));
        }
        out.printf("  target: offloaded 1-byte read/write within %.0f%% of native: %s (worst: image %s of native)%n",
                (OFFLOAD_TARGET - 1) * 100, met(worst <= OFFLOAD_TARGET), ThreadReport.ratio(worst));
    }

    /**
     * Runs the commands one after another, round after round (env: extra
     * environment by command index), at least `rounds` rounds and then more,
     * up to three times as many, until every named figure of every command is
     * settled. The result holds the rounds' figures, command after command.
     */
    private List<Figures> interleaved(List<List<String>> commands, List<String> names,
            Map<Integer, Map<String, String>> env) throws Exception {
        List<Figures> runs = new ArrayList<>();
        for (int r = 0; r < 3 * rounds; r++) {
            for (int k = 0; k < commands.size(); k++) {
                runs.add(Figures.of(commands.get(k), env.getOrDefault(k, Map.of()), Figures.TIMEOUT));
            }
            if (r + 1 >= rounds && settled(runs, commands.size(), names)) {
                break;
            }
        }
        return runs;
    }

    private static boolean settled(List<Figures> runs, int commands, List<String> names) throws IOException {
        for (int k = 0; k < commands; k++) {
            for (String name : names) {
                double[] s = samples(runs, k, commands, name);
                if (s.length > 1 && new Measurement("-", name, "-", "-", s).spread() > SETTLED_SPREAD) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The figure name of command k in every round. */
    private static double[] samples(List<Figures> runs, int k, int commands, String name) throws IOException {
        double[] s = new double[runs.size() / commands];
        for (int r = 0; r < s.length; r++) {
            s[r] = runs.get(r * commands + k).get(name);
        }
        return s;
    }

    private static double median(List<Figures> runs, int k, int commands, String name) throws IOException {
        return Figures.median(samples(runs, k, commands, name));
    }

    /** Exec-to-main of the program and of its image, each spawning itself (start_time.c), interleaved. */
    private void startTime(Path nativeProgram, Path image) throws Exception {
        double[][] toMain = new double[2][rounds];
        double[][] wholeRun = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < 2; v++) {
                Figures f = Figures.of(List.of(nativeProgram.toString(), Integer.toString(SPAWNS),
                        (v == 0 ? nativeProgram : image).toString()));
                toMain[v][r] = f.get("exec_to_main_ns");
                wholeRun[v][r] = f.get("run_ns");
            }
        }
        results.describe(BenchSections.START, "Start: exec to main, and a whole run (spawn to exit) of a program"
                + " that prints and exits, ns (corpus/bench/start_time, median of " + SPAWNS + " spawns a round)");
        List<String> variants = List.of("native", "image");
        for (int v = 0; v < 2; v++) {
            results.add(BenchSections.START, "exec_to_main", variants.get(v), "ns", toMain[v]);
            results.add(BenchSections.START, "whole_run", variants.get(v), "ns", wholeRun[v]);
        }
        double n = Figures.median(toMain[0]);
        double i = Figures.median(toMain[1]);
        out.printf("%nStart time (corpus/bench/start_time, median of %d spawns, median of %d round%s)%n",
                SPAWNS, rounds, rounds == 1 ? "" : "s");
        out.printf("  exec to main: native %.0f us, image %.0f us: the image adds %.0f us (target < %.0f us: %s)%n",
                n / 1e3, i / 1e3, (i - n) / 1e3, START_TARGET_NS / 1e3, met(i - n < START_TARGET_NS));
        out.printf("  whole run (spawn, print, exit): native %.0f us, image %.0f us%n", Figures.median(wholeRun[0]) / 1e3,
                Figures.median(wholeRun[1]) / 1e3);
    }

    /** File bytes a patched image adds to busybox and hello.glibc, and the libOS's own loadable bytes. */
    private void sizes(Disassembler d) throws Exception {
        out.printf("%nImage size%n");
        results.describe(BenchSections.IMAGE_SIZE, "File size: the program and its image, KiB");
        for (Path program : List.of(Path.of("/bin/busybox"), home.resolve("corpus/target/bin/hello.glibc"))) {
            if (!Files.isRegularFile(program)) {
                throw new IOException("no " + program + " to convert (busybox-static, or `make -C corpus`)");
            }
            long before = Files.size(program);
            Path image = convert(program, program.getFileName() + ".uk", false, d);
            long after = Files.size(image);
            // The file can grow by more than what is loaded (segments need offsets congruent to their
            // addresses), so both are shown.
            long loaded = loadedBytes(ElfFile.read(image)) - loadedBytes(ElfFile.read(program));
            String name = program.getFileName().toString();
            results.add(BenchSections.IMAGE_SIZE, name, "native", "KiB", new double[] {before / 1024.0});
            results.add(BenchSections.IMAGE_SIZE, name, "image", "KiB", new double[] {after / 1024.0});
            out.printf("  %s: %.0f KiB, image %.0f KiB: adds %.0f KiB to the file, %.0f KiB of it loaded%n", program,
                    before / 1024.0, after / 1024.0, (after - before) / 1024.0, loaded / 1024.0);
        }
        long loadable = libos.loads().stream().mapToLong(ProgramHeader::memsz).sum();
        out.printf("  libOS loadable size: %.0f KiB (sum of its PT_LOAD sizes in memory; target < %d KiB: %s)%n",
                loadable / 1024.0, LIBOS_TARGET_BYTES >> 10, met(loadable < LIBOS_TARGET_BYTES));
    }

    private static long loadedBytes(ElfFile elf) {
        return elf.loadSegments().stream().mapToLong(ProgramHeader::filesz).sum();
    }

    /** Whole numbers from 100 up, one decimal below: as precise as the measurements are. */
    static String figure(double value) {
        return String.format(value >= 100 ? "%.0f" : "%.1f", value);
    }

    private static String versusNative(String what, double nativeCycles, double cycles) {
        double ratio = nativeCycles / cycles;
        // Within 5% is below what the rounds' spread lets one tell apart.
        if (Math.abs(ratio - 1) < 0.05) {
            return what + " costs the same as native";
        }
        return ratio >= 1 ? String.format("%s is %sx cheaper than native", what, figure(ratio))
                : String.format("%s is %sx dearer than native", what, figure(1 / ratio));
    }

    private static String met(boolean met) {
        return met ? "met" : "not met";
    }
}
