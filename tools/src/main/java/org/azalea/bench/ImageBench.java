/*
 * ImageBench: the Azalea paper's measurements of images, as `azalea bench`
 * prints them: what a getpid costs natively, through the libOS's trap
 * fallback (a --trap-only image) and through a rewritten site (a patched
 * image); how much an image adds to exec-to-main; and how many bytes an image
 * adds to a program; then what threads cost natively and as images
 * (ThreadBench). Images are linked in-process into a temporary directory.
 * Targets are printed next to the figures (met / not met), never enforced.
 */
package org.azalea.bench;

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
import java.util.List;
import java.util.stream.Stream;

public final class ImageBench {
    /** The cases corpus/bench/syscall_cost.c measures, in the order it prints them. */
    private static final List<String> CASES = List.of("getpid", "getppid", "clock_gettime", "function_call");
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

    private ImageBench(Path home, Path work, int rounds, boolean quick, PrintWriter out, Libos libos) {
        this.home = home;
        this.work = work;
        this.rounds = rounds;
        this.quick = quick;
        this.out = out;
        this.libos = libos;
    }

    /**
     * Runs every measurement, rounds times where a round is cheap, with the
     * benchmark programs under home/corpus/target/bench (built by
     * `make -C corpus bench`). Fails naming the program that is missing or
     * fails, except in the thread section, which reports a failing case and
     * goes on. quick has the thread programs do fewer operations.
     */
    public static void run(Path home, int rounds, boolean quick, PrintWriter out) throws Exception {
        Path work = Files.createTempDirectory("azalea-bench");
        try {
            new ImageBench(home, work, rounds, quick, out, Libos.load()).all();
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
        try (Disassembler d = new Disassembler()) {
            syscallCost(syscallCost, convert(syscallCost, "syscall_cost.uk", false, d),
                    convert(syscallCost, "syscall_cost-trap.uk", true, d));
            startTime(startTime, convert(startTime, "start_time.uk", false, d));
            sizes(d);
            out.flush();
            ThreadBench.run(threadCost, convert(threadCost, "thread_cost.uk", false, d), scaling,
                    convert(scaling, "scaling.uk", false, d), rounds, quick, out);
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

    /** Native, trap and patched runs interleaved, so drift in the machine's speed hits all three alike. */
    private void syscallCost(Path nativeProgram, Path patched, Path trap) throws Exception {
        List<Path> programs = List.of(nativeProgram, trap, patched);
        double[][][] cycles = new double[programs.size()][CASES.size()][rounds];
        double[] tscPerNs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            for (int p = 0; p < programs.size(); p++) {
                Figures f = Figures.of(List.of(programs.get(p).toString()));
                for (int c = 0; c < CASES.size(); c++) {
                    cycles[p][c][r] = f.get(CASES.get(c));
                }
                tscPerNs[r] = f.get("tsc_per_ns");
            }
        }
        double perNs = Figures.median(tscPerNs);
        out.printf("%nSyscall cost (corpus/bench/syscall_cost; cycles per call, median of %d round%s; %.3f cycles/ns)%n",
                rounds, rounds == 1 ? "" : "s", perNs);
        for (int c = 0; c < CASES.size(); c++) {
            double n = Figures.median(cycles[0][c]);
            double t = Figures.median(cycles[1][c]);
            double p = Figures.median(cycles[2][c]);
            out.printf("  %s: native %s cycles (%s ns), trap %s (%s ns), patched %s (%s ns): %s, %s%n", CASES.get(c),
                    figure(n), figure(n / perNs), figure(t), figure(t / perNs), figure(p), figure(p / perNs),
                    versusNative("patched", n, p), versusNative("trap", n, t));
        }
    }

    /** Exec-to-main of the program and of its image, each spawning itself (start_time.c), interleaved. */
    private void startTime(Path nativeProgram, Path image) throws Exception {
        double[] nativeNs = new double[rounds];
        double[] imageNs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            nativeNs[r] = Figures.of(List.of(nativeProgram.toString(), Integer.toString(SPAWNS),
                    nativeProgram.toString())).get("exec_to_main_ns");
            imageNs[r] = Figures.of(List.of(nativeProgram.toString(), Integer.toString(SPAWNS), image.toString()))
                    .get("exec_to_main_ns");
        }
        double n = Figures.median(nativeNs);
        double i = Figures.median(imageNs);
        out.printf("%nStart time (corpus/bench/start_time, exec to main, median of %d spawns, median of %d round%s)%n",
                SPAWNS, rounds, rounds == 1 ? "" : "s");
        out.printf("  native %.0f us, image %.0f us: the image adds %.0f us (target < %.0f us: %s)%n", n / 1e3,
                i / 1e3, (i - n) / 1e3, START_TARGET_NS / 1e3, met(i - n < START_TARGET_NS));
    }

    /** File bytes a patched image adds to busybox and hello.glibc, and the libOS's own loadable bytes. */
    private void sizes(Disassembler d) throws Exception {
        out.printf("%nImage size%n");
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
