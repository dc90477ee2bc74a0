// Checks every X86Encoder method byte for byte against GNU as over a spread of
// addresses and displacements up to the rel32 limits, decodes each emitted
// instruction with Capstone to confirm it goes where it should, and checks that
// unreachable targets are refused.
package org.azalea.x86;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class X86EncoderTest {
    private static final long[] FROM = {0x1000, 0x401000, 0x401233, 0x7fff_ffff_0000L, 0x5555_5555_5555L};
    private static final long[] REL32 = {0, 1, -1, 5, -5, 127, -128, 128, -129, 0x1234_5678, -0x1234_5678,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1};
    private static final int[] REL8 = {0, 1, -1, -2, 127, -128, 100, -100};

    private static Disassembler disassembler;

    @BeforeAll
    static void open() {
        disassembler = new Disassembler();
    }

    @AfterAll
    static void close() {
        disassembler.close();
    }

    /** A call to an encoder and the Intel-syntax line GNU as must turn into the same bytes. */
    private record Case(long from, byte[] mine, String gas) {}

    private static void assertMatchesGas(Path dir, List<Case> cases) throws IOException {
        List<byte[]> gas = BinaryTools.assembleEach(dir, cases.stream().map(Case::gas).toList());
        HexFormat hex = HexFormat.ofDelimiter(" ");
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            assertEquals(hex.formatHex(gas.get(i)), hex.formatHex(Arrays.copyOf(c.mine(), BinaryTools.SLOT)),
                    String.format("from 0x%x: %s", c.from(), c.gas()));
        }
    }

    private static Instruction decode(long address, byte[] bytes) {
        List<Instruction> all = disassembler.decodeAll(address, bytes, Decoding.DETAIL);
        assertEquals(1, all.size(), () -> "expected one instruction in " + HexFormat.of().formatHex(bytes));
        assertEquals(bytes.length, all.getFirst().size());
        return all.getFirst();
    }

    private static long immediate(Instruction insn) {
        List<Operand> ops = insn.detail().orElseThrow().operands();
        assertEquals(1, ops.size(), insn::toString);
        return ((Operand.Immediate) ops.getFirst()).value();
    }

    private static List<Case> relativeCases(String gasMnemonic, int length, long[] rels,
            Function<long[], byte[]> encoder) {
        List<Case> cases = new ArrayList<>();
        for (long from : FROM) {
            for (long rel : rels) {
                long to = from + length + rel;
                cases.add(new Case(from, encoder.apply(new long[] {from, to}),
                        gasMnemonic + " . + (" + (length + rel) + ")"));
            }
        }
        return cases;
    }

    @Test
    void jmpRel32MatchesGasAndReachesItsTarget(@TempDir Path dir) throws IOException {
        assertMatchesGas(dir, relativeCases("{disp32} jmp", 5, REL32, a -> X86Encoder.jmpRel32(a[0], a[1])));
        for (long from : FROM) {
            for (long rel : REL32) {
                Instruction i = decode(from, X86Encoder.jmpRel32(from, from + 5 + rel));
                assertEquals("jmp", i.mnemonic());
                assertEquals(from + 5 + rel, immediate(i));
            }
        }
    }

    @Test
    void callRel32MatchesGasAndReachesItsTarget(@TempDir Path dir) throws IOException {
        assertMatchesGas(dir, relativeCases("call", 5, REL32, a -> X86Encoder.callRel32(a[0], a[1])));
        for (long from : FROM) {
            for (long rel : REL32) {
                Instruction i = decode(from, X86Encoder.callRel32(from, from + 5 + rel));
                assertEquals("call", i.mnemonic());
                assertEquals(from + 5 + rel, immediate(i));
            }
        }
    }

    @Test
    void jmpRel8MatchesGasAndReachesItsTarget(@TempDir Path dir) throws IOException {
        long[] rels = Arrays.stream(REL8).asLongStream().toArray();
        assertMatchesGas(dir, relativeCases("{disp8} jmp", 2, rels, a -> X86Encoder.jmpRel8(a[0], a[1])));
        for (long from : FROM) {
            for (long rel : rels) {
                Instruction i = decode(from, X86Encoder.jmpRel8(from, from + 2 + rel));
                assertEquals("jmp", i.mnemonic());
                assertEquals(from + 2 + rel, immediate(i));
            }
        }
    }

    @Test
    void callRipSlotMatchesGasAndReadsTheSlot(@TempDir Path dir) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (long from : FROM) {
            for (long rel : REL32) {
                long slot = from + 6 + rel;
                cases.add(new Case(from, X86Encoder.callRipSlot(from, slot),
                        "call qword ptr [rip + . + (" + (6 + rel) + ")]"));
                Instruction i = decode(from, X86Encoder.callRipSlot(from, slot));
                assertEquals("call", i.mnemonic());
                Operand.Memory m = (Operand.Memory) i.detail().orElseThrow().operands().getFirst();
                assertEquals(X86Reg.RIP, m.base());
                assertEquals(X86Reg.INVALID, m.index());
                assertEquals(8, m.size());
                assertEquals(slot, i.end() + m.disp());
            }
        }
        assertMatchesGas(dir, cases);
    }

    @Test
    void leaRspMatchesGasAndAdjustsRsp(@TempDir Path dir) throws IOException {
        int[] displacements = {-128, 128, -129, 127, 1, -1, 0x1000, -0x1000, Integer.MAX_VALUE, Integer.MIN_VALUE};
        List<Case> cases = new ArrayList<>();
        for (int d : displacements) {
            cases.add(new Case(0, X86Encoder.leaRsp(d), "lea rsp, [rsp + (" + d + ")]"));
            Instruction i = decode(0x401000, X86Encoder.leaRsp(d));
            assertEquals("lea", i.mnemonic());
            List<Operand> ops = i.detail().orElseThrow().operands();
            assertEquals(new Operand.Register(X86Reg.RSP, 8), ops.get(0));
            Operand.Memory m = (Operand.Memory) ops.get(1);
            assertEquals(X86Reg.RSP, m.base());
            assertEquals(X86Reg.INVALID, m.index());
            assertEquals(d, m.disp());
            assertEquals(d == (byte) d ? 5 : 8, i.size(), "disp8 exactly when the displacement fits a byte");
        }
        // gas drops a zero displacement entirely; force the disp8 form the encoder uses.
        cases.add(new Case(0, X86Encoder.leaRsp(0), "{disp8} lea rsp, [rsp + 0]"));
        assertMatchesGas(dir, cases);
    }

    @Test
    void trampolineStackAdjustmentsAreTheExpectedBytes() {
        assertArrayEquals(new byte[] {0x48, (byte) 0x8D, 0x64, 0x24, (byte) 0x80}, X86Encoder.leaRsp(-128));
        assertArrayEquals(new byte[] {0x48, (byte) 0x8D, (byte) 0xA4, 0x24, (byte) 0x80, 0, 0, 0},
                X86Encoder.leaRsp(128));
    }

    @Test
    void unreachableTargetsAreRefused() {
        long from = 0x401000;
        long far = from + 5 + (1L << 31);
        long farBack = from + 5 - (1L << 31) - 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> X86Encoder.jmpRel32(from, far));
        assertTrue(e.getMessage().contains("0x401000") && e.getMessage().contains(Long.toHexString(far)),
                e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> X86Encoder.jmpRel32(from, farBack));
        assertThrows(IllegalArgumentException.class, () -> X86Encoder.callRel32(from, far));
        assertThrows(IllegalArgumentException.class, () -> X86Encoder.callRel32(from, farBack));
        assertThrows(IllegalArgumentException.class, () -> X86Encoder.callRipSlot(from, far + 1));
        assertThrows(IllegalArgumentException.class, () -> X86Encoder.callRipSlot(from, farBack + 1));
        assertThrows(IllegalArgumentException.class, () -> X86Encoder.jmpRel8(from, from + 2 + 128));
        assertThrows(IllegalArgumentException.class, () -> X86Encoder.jmpRel8(from, from + 2 - 129));
        assertThrows(IllegalArgumentException.class, () -> X86Encoder.jmpRel8(from, far));
    }

    @Test
    void fitsRel32IsExactAtTheLimits() {
        long from = 0x401000;
        assertTrue(X86Encoder.fitsRel32(from, 5, from + 5 + Integer.MAX_VALUE));
        assertFalse(X86Encoder.fitsRel32(from, 5, from + 5 + Integer.MAX_VALUE + 1L));
        assertTrue(X86Encoder.fitsRel32(from, 5, from + 5 + Integer.MIN_VALUE));
        assertFalse(X86Encoder.fitsRel32(from, 5, from + 5 + Integer.MIN_VALUE - 1L));
        assertTrue(X86Encoder.fitsRel32(from, 15, from + 15));
        assertFalse(X86Encoder.fitsRel32(Long.MAX_VALUE - 2, 5, Long.MIN_VALUE + 10));
        assertFalse(X86Encoder.fitsRel32(Long.MIN_VALUE, 5, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> X86Encoder.fitsRel32(from, 0, from));
        assertThrows(IllegalArgumentException.class, () -> X86Encoder.fitsRel32(from, 16, from));
    }

    @Test
    void int3LongIsTheTwoByteInt3AndAsLongAsSyscall(@TempDir Path dir) throws IOException {
        // GNU as writes `int $3` as the one-byte CC; .byte and a decode check the two-byte form.
        assertMatchesGas(dir, List.of(new Case(0x1000, X86Encoder.int3Long(), ".byte 0xcd, 3")));
        Instruction insn = decode(0x1000, X86Encoder.int3Long());
        assertEquals("int", insn.mnemonic());
        assertEquals(3, immediate(insn));
        assertEquals(decode(0x1000, new byte[] {0x0f, 0x05}).size(), X86Encoder.int3Long().length);
    }

    @Test
    void int3IsTheBreakpointOpcode() {
        assertEquals("int3", decode(0x1000, new byte[] {X86Encoder.INT3}).mnemonic());
    }
}
