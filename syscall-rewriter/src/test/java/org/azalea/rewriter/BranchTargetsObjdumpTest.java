// BranchTargets on real static binaries against objdump as the oracle: every
// direct jmp/jcc/call/loop/xbegin target objdump decodes that lies inside an
// executable section must be a target, or lie in a function whose targets
// BranchTargets reports as unbounded (Capstone 4 cannot decode some AVX-512
// instructions that binutils can, so the sweep loses step there and says so;
// the planner leaves such functions alone). Also prints target counts and
// unbounded functions. Timing belongs to `azalea bench`, not to tests.
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.elf.Hex;
import org.azalea.x86.BinaryTools;
import org.azalea.x86.Disassembler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BranchTargetsObjdumpTest {
    private static final Path CORPUS = Path.of("../corpus/target/bin");
    /** An instruction line: address, optional prefixes, a direct branch mnemonic and its hex target. */
    private static final Pattern BRANCH = Pattern.compile(
            "^\\s*([0-9a-f]+):\\t(?:(?:bnd|notrack|data16|addr32|rex\\.?\\w*|[cd]s)\\s+)*"
                    + "(j[a-z]+|call[a-z]?|loop[a-z]*|xbegin[a-z]?)\\s+(?:0x)?([0-9a-f]+)(?:\\s|$)",
            Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"/bin/busybox", "hello.pie", "hello.musl", "hello.go", "hello.glibc-stripped"})
    void everyObjdumpBranchTargetIsATarget(String name) throws IOException, ElfFormatException {
        Path path = binary(name);
        ElfFile elf = ElfFile.read(path);
        List<long[]> code = new ArrayList<>();
        for (BinaryTools.Section s : BinaryTools.executableSections(path)) {
            code.add(new long[] {s.address(), s.address() + s.bytes().length});
        }
        TreeSet<Long> oracle = new TreeSet<>();
        Matcher m = BRANCH.matcher(BinaryTools.run("binutils", "objdump", "-d", "--no-show-raw-insn", path.toString()));
        while (m.find()) {
            long target = Long.parseLong(m.group(3), 16);
            if (code.stream().anyMatch(r -> target >= r[0] && target < r[1])) {
                oracle.add(target);
            }
        }
        assertTrue(oracle.size() > 50, name + ": objdump shows direct branches (" + oracle.size() + ")");

        Measured r = measure(elf);
        FunctionIndex index = new FunctionIndex(r.functions().functions());
        List<Long> notTargets = oracle.stream().filter(t -> !r.targets().isTarget(t)).toList();
        List<String> missed = notTargets.stream().filter(t -> {
            FunctionBounds f = index.enclosing(t);
            return f == null || r.targets().unknownTargets(f).isEmpty();
        }).limit(10).map(Hex::of).toList();
        assertEquals(List.of(), missed, name + ": objdump branch targets that are neither targets nor in unbounded "
                + "functions");
        System.out.printf("%s: %d targets (%d objdump branch targets, %d only in unbounded functions), "
                        + "%d of %d functions unbounded%n", name,
                r.targets().count(), oracle.size(), notTargets.size(),
                r.targets().unknownCount(r.functions().functions()), r.functions().functions().size());
    }

    private record Measured(FunctionCatalog functions, BranchTargets targets) {}

    private static Measured measure(ElfFile elf) {
        try (Disassembler d = new Disassembler()) {
            FunctionCatalog functions = FunctionCatalog.discover(elf, d);
            return new Measured(functions, BranchTargets.compute(elf, functions, d));
        }
    }

    private static Path binary(String name) {
        Path p = name.startsWith("/") ? Path.of(name) : CORPUS.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(p + " is missing: run make -C corpus all");
        }
        return p;
    }
}
