// FunctionCatalog.withCallTargets on hand-written asm without CFI, linked
// with gcc -nostdlib: stripped, the only known function is the entry, and the
// direct calls name the rest. Label addresses come from an unstripped link
// of the same source with local labels kept (-Wa,-L), which lays the code
// out identically.
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.elf.Hex;
import org.azalea.elf.Symbol;
import org.azalea.x86.BinaryTools;
import org.azalea.x86.Disassembler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class FunctionCatalogCallTargetTest {
    private static final String ASM = """
            .intel_syntax noprefix
            .text
            .globl _start
            _start:
                call .Lsub1
                mov edi, 0
                mov eax, 60
                syscall
            .Lsub1:
                call .Lsub2
                ret
            .Lsub2:
                call .Linside + 1
                ret
            .globl known
            .type known, @function
            known:
                nop
            .Linside:
                nop
                nop
                ret
            .size known, .-known
            .Lend:
            """;

    @TempDir
    Path dir;

    @Test
    void directCallTargetsBecomeFunctions() throws IOException, ElfFormatException {
        Path s = dir.resolve("calls.s");
        Files.writeString(s, ASM);
        Path stripped = dir.resolve("stripped");
        Path labelled = dir.resolve("labelled");
        BinaryTools.run("gcc", "gcc", "-s", "-static", "-nostdlib", "-no-pie", "-o", stripped.toString(), s.toString());
        BinaryTools.run("gcc", "gcc", "-Wa,-L", "-static", "-nostdlib", "-no-pie", "-o", labelled.toString(),
                s.toString());
        ElfFile oracle = ElfFile.read(labelled);
        long start = label(oracle, "_start");
        long sub1 = label(oracle, ".Lsub1");
        long sub2 = label(oracle, ".Lsub2");
        long known = label(oracle, "known");
        long end = label(oracle, ".Lend");

        ElfFile elf = ElfFile.read(stripped);
        FunctionCatalog before = FunctionCatalog.of(elf, elf.frameDescriptions());
        assertEquals(List.of(new FunctionBounds("entry@" + Hex.of(start), start, end, FunctionBounds.Origin.ENTRY)),
                before.functions(), "stripped and without CFI, only the entry is known");
        try (Disassembler d = new Disassembler()) {
            FunctionCatalog after = before.withCallTargets(elf, d);
            // Stripped, known is no symbol: .Linside + 1 splits the guessed range it lies in
            // like any other call target.
            assertEquals(List.of(
                    new FunctionBounds("entry@" + Hex.of(start), start, sub1, FunctionBounds.Origin.ENTRY),
                    new FunctionBounds("sub@" + Hex.of(sub1), sub1, sub2, FunctionBounds.Origin.CALL_TARGET),
                    new FunctionBounds("sub@" + Hex.of(sub2), sub2, known + 2, FunctionBounds.Origin.CALL_TARGET),
                    new FunctionBounds("sub@" + Hex.of(known + 2), known + 2, end, FunctionBounds.Origin.CALL_TARGET)),
                    after.functions());
            assertEquals("none+calls", after.source());

            FunctionCatalog withSymbols = FunctionCatalog.of(oracle, oracle.frameDescriptions());
            FunctionCatalog extended = withSymbols.withCallTargets(oracle, d);
            assertEquals(new FunctionBounds("known", known, known + 4, FunctionBounds.Origin.SYMBOL),
                    extended.functions().getLast(),
                    "a call into the middle of a symbol's function adds no function: " + extended.functions());
            assertEquals(4, extended.functions().size(), extended.functions().toString());
            assertSame(extended, extended.withCallTargets(oracle, d), "nothing new to add, nothing changes");
        }
    }

    private static long label(ElfFile elf, String name) {
        return elf.symbols().stream().filter(s -> s.name().equals(name)).mapToLong(Symbol::value).findFirst()
                .orElseThrow(() -> new AssertionError("no symbol " + name));
    }
}
