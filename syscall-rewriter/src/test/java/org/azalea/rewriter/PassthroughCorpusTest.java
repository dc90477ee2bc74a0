package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.x86.Disassembler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every corpus program and a set of busybox applets, rewritten with
 * passthrough entries (each patched site goes through its trampoline and the
 * real syscall), must behave exactly as the original: same stdout, stderr and
 * exit status, in a fresh directory each. This proves the rewrite alone
 * changes nothing, on glibc, static-PIE, musl and Go binaries.
 */
class PassthroughCorpusTest {
    private static final Path CORPUS = Path.of("..", "corpus").toAbsolutePath().normalize();
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static Path work;
    private static Disassembler disassembler;

    record Case(String name, Path binary, String stdin, List<String> args) {
        @Override
        public String toString() {
            return name + (args.isEmpty() ? "" : " " + String.join(" ", args));
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        Path manifest = CORPUS.resolve("manifest.tsv");
        assertTrue(Files.isRegularFile(manifest), "missing " + manifest);
        for (String line : Files.readAllLines(manifest)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            for (String flavour : f[2].split(",")) {
                if (f[0].startsWith("thr_") && flavour.equals("musl")) {
                    // musl's __clone sets its number with `mov al, 56`, which the
                    // resolver does not prove, so the site is patched with the generic
                    // entry; passthrough's `syscall; ret` cannot start a thread there
                    // (PassthroughEntries). The libOS can: compat-tests run these as images.
                    continue;
                }
                Path binary = CORPUS.resolve("target/bin/" + f[0] + "." + flavour);
                assertTrue(Files.isRegularFile(binary), binary + " missing: build the corpus (make -C corpus all)");
                String stdin = f[4].equals("yes") ? "a line of input\nand another\n" : "";
                List<String> args = f[0].equals("args") ? List.of("one", "two words", "") : List.of();
                cases.add(new Case(f[0] + "." + flavour, binary, stdin, args));
            }
        }
        assertTrue(Files.isRegularFile(BUSYBOX), "/bin/busybox missing: apt-get install busybox-static");
        String text = "banana\napple\ncherry\napple\n";
        cases.add(new Case("busybox", BUSYBOX, text, List.of("sort")));
        cases.add(new Case("busybox", BUSYBOX, text, List.of("uniq", "-c")));
        cases.add(new Case("busybox", BUSYBOX, text, List.of("wc")));
        cases.add(new Case("busybox", BUSYBOX, text, List.of("md5sum")));
        cases.add(new Case("busybox", BUSYBOX, text, List.of("sha256sum")));
        cases.add(new Case("busybox", BUSYBOX, text, List.of("tr", "a-z", "A-Z")));
        cases.add(new Case("busybox", BUSYBOX, text, List.of("sed", "s/a/o/g")));
        cases.add(new Case("busybox", BUSYBOX, text, List.of("awk", "{ n += length($0) } END { print n }")));
        cases.add(new Case("busybox", BUSYBOX, text, List.of("grep", "-n", "an")));
        cases.add(new Case("busybox", BUSYBOX, text, List.of("od", "-c")));
        cases.add(new Case("busybox", BUSYBOX, text, List.of("base64")));
        cases.add(new Case("busybox", BUSYBOX, "", List.of("seq", "3", "9")));
        cases.add(new Case("busybox", BUSYBOX, "", List.of("ls", "-la", "/nonexistent")));
        cases.add(new Case("busybox", BUSYBOX, "", List.of("sh", "-c", "x=3; while [ $x -gt 0 ]; do echo $x; x=$((x-1)); done; exit 5")));
        return cases;
    }

    @BeforeAll
    static void setUp() throws IOException {
        work = Files.createTempDirectory("azalea-passthrough");
        disassembler = new Disassembler();
    }

    @AfterAll
    static void tearDown() throws IOException {
        disassembler.close();
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rewrittenBehavesAsTheOriginal(Case c) throws Exception {
        Path rewritten = work.resolve(c.name() + ".passthrough");
        synchronized (PassthroughCorpusTest.class) {
            if (!Files.exists(rewritten)) {
                PatchedProgram p = SyscallRewriter.rewrite(ElfFile.read(c.binary()), new PassthroughEntries(), disassembler);
                Files.write(rewritten, p.elf().toBytes());
                Files.setPosixFilePermissions(rewritten, PosixFilePermissions.fromString("rwxr-xr-x"));
                System.out.printf("%-24s %s%n", c.name(), p.plan().totals());
            }
        }
        String[] args = c.args().toArray(String[]::new);
        ProgramRun expected = ProgramRun.of(c.binary(), Files.createDirectories(work.resolve(c.name() + ".native.d")), c.stdin(), args);
        ProgramRun actual = ProgramRun.of(rewritten, Files.createDirectories(work.resolve(c.name() + ".rewritten.d")), c.stdin(), args);
        assertEquals(expected, actual, "reproduce: " + c.binary() + " " + String.join(" ", c.args()));
    }
}
