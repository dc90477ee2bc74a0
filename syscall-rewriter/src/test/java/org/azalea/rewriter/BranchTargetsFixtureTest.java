// BranchTargets on tiny binaries built in the test's temp directory with gcc
// and GNU ld, each built twice from one source: once as analysed (stripped,
// so a label's only evidence is the one under test) and once with -Wa,-L
// (local .L labels kept in .symtab) as the oracle for label addresses. Both
// links lay the code out identically: symbols take no loaded bytes.
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.elf.Hex;
import org.azalea.elf.Section;
import org.azalea.elf.Symbol;
import org.azalea.x86.BinaryTools;
import org.azalea.x86.Disassembler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BranchTargetsFixtureTest {
    private static final String SWITCH = """
            volatile int sink;
            static void handler(void) { sink = 99; }
            void (*hook)(void) = handler;
            __attribute__((noinline)) int pick(int x) {
                switch (x) {
                case 0: sink = 3; return 11;
                case 1: sink = 5; return 23;
                case 2: sink = 8; return 35;
                case 3: sink = 13; return 47;
                case 4: sink = 21; return 59;
                case 5: sink = 34; return 61;
                case 6: sink = 55; return 73;
                case 7: sink = 89; return 87;
                case 9: sink = 144; return 91;
                default: return -1;
                }
            }
            void _start(void) {
                hook();
                int r = pick(sink);
                __asm__ volatile("mov %0, %%edi; mov $60, %%eax; syscall" : : "r"(r) : "rdi", "rax");
                for (;;) { }
            }
            """;

    private static final String ASM = """
            .intel_syntax noprefix
            .text
            .globl _start
            _start:
                call .Lcallee
            .Lreturn:
                test eax, eax
                jne .Ljcc
                nop
            .Ljcc:
                mov rax, [rip + fptr]
                call rax
                mov edi, 0
                mov eax, 60
                syscall
            .Lcallee:
                ret
                int3
            .Lhandler:
                ret
                .p2align 4
            .globl opaque
            .type opaque, @function
            opaque:
                mov rax, [rdi + 16]
                add rax, rsi
                jmp rax
            .size opaque, .-opaque
            .data
            .globl fptr
            fptr:
                .quad .Lhandler
            """;

    private static final String EXCEPTIONS = """
            extern void may_throw(int);
            extern void cleanup(int);
            struct Guard { int v; ~Guard() { cleanup(v); } };
            int work(int x) {
                try {
                    Guard g{x};
                    may_throw(x);
                    may_throw(x + 1);
                } catch (int e) {
                    return e;
                }
                return 0;
            }
            extern "C" void _start() { work(3); for (;;) { } }
            """;

    @TempDir
    Path dir;

    @Test
    void relativeJumpTableCasesAreTargets() throws IOException, ElfFormatException {
        Path s = dir.resolve("switch.s");
        Path c = dir.resolve("switch.c");
        Files.writeString(c, SWITCH);
        BinaryTools.run("gcc", "gcc", "-O2", "-fPIE", "-fno-asynchronous-unwind-tables", "-S", "-o", s.toString(),
                c.toString());
        String assembly = Files.readString(s);
        Set<String> caseLabels = caseLabels(assembly);
        assertTrue(caseLabels.size() >= 8, "gcc emitted a relative jump table: " + caseLabels);
        // The default case is also the target of the bounds check's ja, which the sweep sees first.
        Matcher bound = Pattern.compile("\\tja\\t(\\.L\\w+)").matcher(assembly);
        assertTrue(bound.find(), "pick checks the table's bound");
        String defaultCase = bound.group(1);

        Fixture f = build("gcc", s, "-static-pie", "-nostdlib", "-O2", "-fPIE");
        BranchTargets targets = f.analyse();
        for (String label : caseLabels) {
            long address = f.label(label);
            assertTrue(targets.isTarget(address), label + " at " + Hex.of(address) + " is a target");
            String expected = label.equals(defaultCase) ? "direct jump from " : "jump table at ";
            assertTrue(targets.reason(address).orElseThrow().startsWith(expected),
                    label + ": " + targets.reason(address));
        }
        FunctionBounds pick = f.function("pick");
        assertEquals("", targets.unknownTargets(pick).orElse(""), "pick's jump table bounds its targets");

        long handler = f.label("handler");
        assertTrue(targets.reason(handler).orElseThrow().startsWith("R_X86_64_RELATIVE addend at "),
                "the PIE holds hook's value only in its relocation: " + targets.reason(handler));
    }

    @Test
    void asmFixtureHasEveryKindOfTarget() throws IOException, ElfFormatException {
        Path s = dir.resolve("fixture.s");
        Files.writeString(s, ASM);
        Fixture f = build("gcc", s, "-static", "-nostdlib", "-no-pie");
        BranchTargets targets = f.analyse();

        assertReason(targets, f.label(".Lcallee"), "direct call from " + Hex.of(f.label("_start")));
        assertReason(targets, f.label(".Lreturn"), "return address of the call at " + Hex.of(f.label("_start")));
        assertReason(targets, f.label(".Ljcc"), "direct jump from ");
        assertReason(targets, f.label(".Lhandler"), "pointer at " + Hex.of(f.label("fptr")) + " in .data");
        assertReason(targets, f.label("_start"), "entry point");
        assertFalse(targets.isTarget(f.label(".Lreturn") + 1), "the middle of test eax, eax is no target");

        FunctionBounds opaque = f.function("opaque");
        assertTrue(targets.unknownTargets(opaque).orElse("").contains("indirect jump through a register"),
                "opaque's jmp rax cannot be bounded: " + targets.unknownTargets(opaque));
        assertTrue(targets.count() >= 6, "count " + targets.count());
    }

    @Test
    void landingPadsAreTargets() throws IOException, ElfFormatException {
        Path s = dir.resolve("eh.s");
        Path cc = dir.resolve("eh.cc");
        Files.writeString(cc, EXCEPTIONS);
        BinaryTools.run("g++", "g++", "-O2", "-S", "-o", s.toString(), cc.toString());
        // Call-site records give landing pads as offsets from the function's (or its cold
        // part's) start; call-site starts are .LEHB labels, so plain .L<n> ones are the pads.
        Matcher m = Pattern.compile("\\.uleb128\\s+(\\.L\\d+)-\\.L(?:FB|COLDB)\\d+").matcher(Files.readString(s));
        Set<String> pads = new LinkedHashSet<>();
        while (m.find()) {
            pads.add(m.group(1));
        }
        assertFalse(pads.isEmpty(), "g++ emitted a call-site table with landing pads");

        // The C++ runtime is left unresolved: the binary is analysed, never run.
        Fixture f = build("g++", s, "-O2", "-static", "-nostdlib", "-no-pie", "-Wl,--unresolved-symbols=ignore-all");
        BranchTargets targets = f.analyse();
        for (String pad : pads) {
            assertReason(targets, f.label(pad), "landing pad in the LSDA at ");
        }
        assertEquals("", targets.unknownTargets(f.function("_Z4worki")).orElse(""), "work's LSDA was read");
    }

    private static void assertReason(BranchTargets targets, long address, String prefix) {
        assertTrue(targets.isTarget(address), Hex.of(address) + " is a target");
        String reason = targets.reason(address).orElseThrow();
        assertTrue(reason.startsWith(prefix), Hex.of(address) + ": expected \"" + prefix + "...\", got " + reason);
    }

    /** The .L labels a gcc jump table (.long .Lcase-.Ltable) names. */
    static Set<String> caseLabels(String assembly) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\.long\\s+(\\.L\\w+)-(\\.L\\w+)").matcher(assembly);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Links source twice: as analysed, and with local labels kept for the oracle. */
    Fixture build(String compiler, Path source, String... flags) throws IOException, ElfFormatException {
        Path analysed = dir.resolve("analysed");
        Path labelled = dir.resolve("labelled");
        List<String> command = new ArrayList<>(List.of(compiler));
        command.addAll(List.of(flags));
        command.addAll(List.of("-o", labelled.toString(), source.toString()));
        List<String> stripped = new ArrayList<>(command);
        stripped.set(stripped.size() - 2, analysed.toString());
        stripped.add(1, "-s");
        command.add(1, "-Wa,-L");
        BinaryTools.run(compiler, command.toArray(String[]::new));
        BinaryTools.run(compiler, stripped.toArray(String[]::new));
        ElfFile oracle = ElfFile.read(labelled);
        Map<String, Symbol> labels = new TreeMap<>();
        oracle.symbols().forEach(sym -> labels.putIfAbsent(sym.name(), sym));
        ElfFile elf = ElfFile.read(analysed);
        Section text = elf.section(".text").orElseThrow();
        Section oracleText = oracle.section(".text").orElseThrow();
        assertEquals(oracleText.addr(), text.addr(), "both links place .text alike");
        assertEquals(oracle.contents(oracleText), elf.contents(text), "both links lay the code out alike");
        return new Fixture(elf, labels);
    }

    record Fixture(ElfFile elf, Map<String, Symbol> labels) {
        long label(String name) {
            Symbol s = labels.get(name);
            if (s == null) {
                throw new AssertionError("no label " + name + " among " + labels.keySet());
            }
            return s.value();
        }

        FunctionBounds function(String name) {
            Symbol s = labels.get(name);
            return new FunctionBounds(name, s.value(), s.value() + s.size(), FunctionBounds.Origin.SYMBOL);
        }

        BranchTargets analyse() {
            try (Disassembler d = new Disassembler()) {
                FunctionCatalog functions = FunctionCatalog.of(elf, elf.frameDescriptions()).withCallTargets(elf, d);
                return BranchTargets.compute(elf, functions, d);
            }
        }
    }
}
