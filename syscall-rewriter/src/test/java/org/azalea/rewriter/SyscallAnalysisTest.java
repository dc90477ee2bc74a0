// Hand-written fixtures (assembled with GNU as) for site finding, raw 0f 05
// classification and syscall-number resolution.
package org.azalea.rewriter;

import org.azalea.x86.Disassembler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;

import static org.azalea.rewriter.RawSyscallBytes.Classification.DATA_OR_PADDING;
import static org.azalea.rewriter.RawSyscallBytes.Classification.INSIDE_INSTRUCTION;
import static org.azalea.rewriter.RawSyscallBytes.Classification.INSTRUCTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyscallAnalysisTest {
    private static final long BASE = 0x401000;

    /** Assembles source as one function "f" at BASE covering all of it. */
    private static SyscallReport analyzeFunction(String source) {
        byte[] code = Assembler.assemble(source);
        try (Disassembler d = new Disassembler()) {
            return SyscallAnalysis.analyze(List.of(new CodeRegion(BASE, code)),
                    List.of(new FunctionBounds("f", BASE, BASE + code.length, FunctionBounds.Origin.SYMBOL)), d);
        }
    }

    private static SyscallNumber onlySite(SyscallReport r) {
        assertEquals(1, r.sites().size(), r.toString());
        return r.sites().getFirst().number();
    }

    private static String unknownReason(SyscallReport r) {
        return assertInstanceOf(SyscallNumber.Unknown.class, onlySite(r)).reason();
    }

    @Test
    void numberSetInAnEarlierBlock() {
        SyscallReport r = analyzeFunction("""
                mov eax, 39
                test rdi, rdi
                je 1f
                mov rsi, rdi
                1: syscall
                ret
                """);
        assertEquals(new SyscallNumber.Known(39), onlySite(r));
        SyscallSite site = r.sites().getFirst();
        assertEquals("f", site.function().name());
        assertEquals(List.of(INSTRUCTION), r.rawBytes().stream().map(RawSyscallBytes::classification).toList());
        assertEquals(site.address(), r.rawBytes().getFirst().address());
    }

    @Test
    void twoPathsWithDifferentConstants() {
        SyscallReport r = analyzeFunction("""
                test edi, edi
                je 1f
                mov eax, 1
                jmp 2f
                1: mov eax, 60
                2: syscall
                ret
                """);
        assertEquals(new SyscallNumber.OneOf(new TreeSet<>(List.of(1, 60))), onlySite(r));
    }

    @Test
    void xorMakesZero() {
        assertEquals(new SyscallNumber.Known(0), onlySite(analyzeFunction("""
                xor eax, eax
                syscall
                ret
                """)));
    }

    @Test
    void valueCopiedThroughAnotherRegister() {
        assertEquals(new SyscallNumber.Known(231), onlySite(analyzeFunction("""
                mov edx, 231
                mov rcx, rdx
                nop
                mov rax, rcx
                syscall
                ret
                """)));
    }

    @Test
    void absoluteLeaIsAConstant() {
        assertEquals(new SyscallNumber.Known(12), onlySite(analyzeFunction("""
                lea eax, [12]
                syscall
                ret
                """)));
    }

    @Test
    void valueFromMemory() {
        SyscallReport r = analyzeFunction("""
                mov rax, qword ptr [rsp + 8]
                syscall
                ret
                """);
        assertEquals(String.format("rax is loaded from memory at [rsp + 8] (instruction 0x%x)", BASE),
                unknownReason(r));
    }

    @Test
    void valueFromTheCaller() {
        SyscallReport r = analyzeFunction("""
                mov rax, rdi
                mov rdi, rsi
                syscall
                ret
                """);
        assertEquals(String.format(
                "rdi comes from the caller: it is not set in f (rdi is argument 1), then copied to rax at 0x%x", BASE),
                unknownReason(r));
        assertEquals("rax comes from the caller: it is not set in f", unknownReason(analyzeFunction("""
                syscall
                ret
                """)));
    }

    @Test
    void resultOfAnEarlierSyscallReused() {
        SyscallReport r = analyzeFunction("""
                mov eax, 39
                syscall
                syscall
                ret
                """);
        assertEquals(2, r.sites().size());
        assertEquals(new SyscallNumber.Known(39), r.sites().get(0).number());
        assertEquals(new SyscallNumber.Unknown(String.format("rax is the result of the syscall at 0x%x", BASE + 5)),
                r.sites().get(1).number());
    }

    @Test
    void callClobbersRax() {
        SyscallReport r = analyzeFunction("""
                mov eax, 1
                call 1f
                syscall
                ret
                1: ret
                """);
        assertEquals(String.format("rax is the return value of the call at 0x%x", BASE + 5), unknownReason(r));
    }

    @Test
    void partialWritesAndArithmeticAreUnknown() {
        assertTrue(unknownReason(analyzeFunction("""
                mov al, 1
                syscall
                ret
                """)).startsWith("only the low 8 bits of rax are set, by 'mov al, 1'"));
        assertTrue(unknownReason(analyzeFunction("""
                mov eax, 1
                add eax, 2
                syscall
                ret
                """)).startsWith("rax is computed by 'add eax, 2'"));
    }

    @Test
    void oneUnknownPathMakesTheSiteUnknown() {
        String reason = unknownReason(analyzeFunction("""
                test edi, edi
                je 1f
                mov eax, 1
                jmp 2f
                1: mov eax, dword ptr [rbp - 0x18]
                2: syscall
                ret
                """));
        assertTrue(reason.startsWith("rax is loaded from memory at [rbp - 0x18]"), reason);
        assertTrue(reason.endsWith("; other paths give [1]"), reason);
    }

    @Test
    void syscallBytesInsideAnImmediate() {
        SyscallReport r = analyzeFunction("""
                mov eax, 0x050f
                ret
                """);
        assertEquals(List.of(), r.sites());
        assertEquals(1, r.rawBytes().size());
        RawSyscallBytes raw = r.rawBytes().getFirst();
        assertEquals(BASE + 1, raw.address());
        assertEquals(INSIDE_INSTRUCTION, raw.classification());
        assertTrue(raw.detail().contains(String.format("at 0x%x", BASE)), raw.detail());
    }

    @Test
    void syscallBytesInTrailingDataAfterRet() {
        SyscallReport r = analyzeFunction("""
                mov eax, 60
                syscall
                ret
                .byte 0x0f, 0x05
                """);
        assertEquals(List.of(BASE + 5), r.sites().stream().map(SyscallSite::address).toList());
        assertEquals(List.of(INSTRUCTION, DATA_OR_PADDING),
                r.rawBytes().stream().map(RawSyscallBytes::classification).toList());
        assertEquals(BASE + 8, r.rawBytes().get(1).address());
    }

    @Test
    void syscallOutsideAnyFunctionIsStillASite() {
        byte[] code = Assembler.assemble("""
                mov eax, 60
                ret
                mov eax, 39
                syscall
                """);
        try (Disassembler d = new Disassembler()) {
            SyscallReport r = SyscallAnalysis.analyze(List.of(new CodeRegion(BASE, code)),
                    List.of(new FunctionBounds("f", BASE, BASE + 6, FunctionBounds.Origin.FDE)), d);
            assertEquals(1, r.sites().size());
            assertNull(r.sites().getFirst().function());
            assertEquals(BASE + 11, r.sites().getFirst().address());
            assertEquals(INSTRUCTION, r.rawBytes().getFirst().classification());
        }
    }

    @Test
    void jumpTableTargetsAreNotFollowed() {
        // The block at 1: is only reachable through the indirect jump.
        String reason = unknownReason(analyzeFunction("""
                jmp rdi
                1: syscall
                ret
                """));
        assertEquals(String.format("rax: reached 0x%x, which has no known predecessor in f (the indirect jump at"
                + " 0x%x may lead there; jump tables are not followed)", BASE + 2, BASE), reason);
    }

    @Test
    void regionValidation() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CodeRegion(-2, new byte[4]));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new FunctionBounds("g", 10, 5, FunctionBounds.Origin.SYMBOL));
    }
}
