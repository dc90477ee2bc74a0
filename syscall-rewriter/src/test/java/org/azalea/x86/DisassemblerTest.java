// Decodes known encodings and checks mnemonic ids, operands, groups and
// register effects; also checks undecodable-byte reporting, determinism and
// that a closed Disassembler refuses work.
package org.azalea.x86;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisassemblerTest {
    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static Instruction one(Disassembler d, long address, int... code) {
        return d.decodeOne(address, bytes(code), 0, Decoding.DETAIL).orElseThrow();
    }

    @Test
    void syscall() {
        try (Disassembler d = new Disassembler()) {
            Instruction i = one(d, 0x401000, 0x0f, 0x05);
            assertEquals(X86Ins.SYSCALL, i.id());
            assertEquals("syscall", i.mnemonic());
            assertEquals(2, i.size());
            assertTrue(i.is(InstructionGroup.INT));
        }
    }

    @Test
    void movImmediateToEax() {
        try (Disassembler d = new Disassembler()) {
            Instruction i = one(d, 0x1000, 0xb8, 0x27, 0x00, 0x00, 0x00);
            assertEquals(X86Ins.MOV, i.id());
            assertEquals("eax, 0x27", i.operandText());
            assertEquals(List.of(new Operand.Register(X86Reg.EAX, 4), new Operand.Immediate(0x27, 4)),
                    i.detail().orElseThrow().operands());
            assertEquals(java.util.Set.of(X86Reg.EAX), i.detail().orElseThrow().registersWritten());
        }
    }

    @Test
    void ripRelativeLea() {
        try (Disassembler d = new Disassembler()) {
            Instruction i = one(d, 0x1000, 0x48, 0x8d, 0x05, 0x10, 0x00, 0x00, 0x00);
            assertEquals(X86Ins.LEA, i.id());
            assertEquals(List.of(new Operand.Register(X86Reg.RAX, 8),
                            new Operand.Memory(X86Reg.INVALID, X86Reg.RIP, X86Reg.INVALID, 1, 0x10, 8)),
                    i.detail().orElseThrow().operands());
            assertTrue(i.detail().orElseThrow().registersRead().contains(X86Reg.RIP));
        }
    }

    @Test
    void branches() {
        try (Disassembler d = new Disassembler()) {
            Instruction jmp = one(d, 0x1000, 0xeb, 0xfe);
            assertEquals(X86Ins.JMP, jmp.id());
            assertEquals(List.of(new Operand.Immediate(0x1000, 8)), jmp.detail().orElseThrow().operands());
            assertTrue(jmp.is(InstructionGroup.JUMP));
            assertTrue(jmp.is(InstructionGroup.BRANCH_RELATIVE));

            Instruction call = one(d, 0x2000, 0xe8, 0xfb, 0x0f, 0x00, 0x00);
            assertEquals(X86Ins.CALL, call.id());
            assertEquals(List.of(new Operand.Immediate(0x3000, 8)), call.detail().orElseThrow().operands());
            assertTrue(call.is(InstructionGroup.CALL));
            assertFalse(call.is(InstructionGroup.JUMP));

            Instruction ret = one(d, 0x3000, 0xc3);
            assertEquals(X86Ins.RET, ret.id());
            assertTrue(ret.is(InstructionGroup.RET));
        }
    }

    @Test
    void memoryOperandWithIndex() {
        try (Disassembler d = new Disassembler()) {
            // mov rax, qword ptr fs:[rbx + rcx*8 - 0x10]
            Instruction i = one(d, 0, 0x64, 0x48, 0x8b, 0x44, 0xcb, 0xf0);
            assertEquals(new Operand.Memory(X86Reg.FS, X86Reg.RBX, X86Reg.RCX, 8, -0x10, 8),
                    i.detail().orElseThrow().operands().get(1));
        }
    }

    @Test
    void undecodableByteIsReportedAndSkipped() {
        List<String> events = new ArrayList<>();
        try (Disassembler d = new Disassembler()) {
            // 0x06 (push es) does not exist in 64-bit mode.
            d.decode(0x500, bytes(0x90, 0x06, 0x0f, 0x05), 0, 4, Decoding.TEXT, new InstructionVisitor() {
                @Override
                public void instruction(Instruction i) {
                    events.add(Long.toHexString(i.address()) + " " + i.mnemonic());
                }

                @Override
                public void undecodable(long address) {
                    events.add(Long.toHexString(address) + " undecodable");
                }
            });
        }
        assertEquals(List.of("500 nop", "501 undecodable", "502 syscall"), events);
    }

    @Test
    void minimalDecodingHasNoTextOrDetail() {
        try (Disassembler d = new Disassembler()) {
            Instruction i = d.decodeOne(0, bytes(0xc3), 0, Decoding.MINIMAL).orElseThrow();
            assertEquals(X86Ins.RET, i.id());
            assertTrue(i.detail().isEmpty());
            assertThrows(IllegalStateException.class, () -> i.is(InstructionGroup.RET));
            assertThrows(IllegalStateException.class, i::mnemonic);
            Instruction t = d.decodeOne(0, bytes(0xc3), 0, Decoding.TEXT).orElseThrow();
            assertEquals("ret", t.mnemonic());
            assertTrue(t.detail().isEmpty());
        }
    }

    @Test
    void decodeOneAtOffsetAndSubrange() {
        byte[] code = bytes(0x90, 0xb8, 0x27, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xc3);
        try (Disassembler d = new Disassembler()) {
            Instruction mov = d.decodeOne(0x1001, code, 1, Decoding.MINIMAL).orElseThrow();
            assertEquals(0x1001, mov.address());
            assertEquals(5, mov.size());
            List<Instruction> all = d.decodeAll(0x1000, code, Decoding.MINIMAL);
            assertEquals(List.of(0x1000L, 0x1001L, 0x1006L, 0x1008L),
                    all.stream().map(Instruction::address).toList());
            assertTrue(d.decodeOne(0, bytes(0x0f), 0, Decoding.MINIMAL).isEmpty(), "a truncated instruction decodes to nothing");
        }
    }

    @Test
    void decodingIsDeterministic() {
        byte[] code = bytes(0x55, 0x48, 0x89, 0xe5, 0x48, 0x8d, 0x05, 0x10, 0, 0, 0, 0xb8, 0x27, 0, 0, 0, 0x0f, 0x05,
                0x5d, 0xc3);
        try (Disassembler d = new Disassembler()) {
            List<Instruction> first = d.decodeAll(0x4000, code, Decoding.DETAIL);
            List<Instruction> plain = d.decodeAll(0x4000, code, Decoding.TEXT);
            List<Instruction> second = d.decodeAll(0x4000, code, Decoding.DETAIL);
            assertEquals(first, second);
            assertEquals(first.stream().map(Instruction::toString).toList(),
                    plain.stream().map(Instruction::toString).toList());
        }
    }

    @Test
    void closedDisassemblerRefusesWork() {
        Disassembler d = new Disassembler();
        d.close();
        assertThrows(IllegalStateException.class, () -> d.decodeOne(0, bytes(0xc3), 0, Decoding.MINIMAL));
        assertThrows(IllegalStateException.class, () -> d.decodeAll(0, bytes(0xc3), Decoding.DETAIL));
        d.close();
    }

    @Test
    void otherThreadsCannotUseIt() throws InterruptedException {
        try (Disassembler d = new Disassembler()) {
            Throwable[] seen = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    d.decodeOne(0, bytes(0xc3), 0, Decoding.MINIMAL);
                } catch (Throwable e) {
                    seen[0] = e;
                }
            });
            t.start();
            t.join();
            assertTrue(seen[0] instanceof WrongThreadException, String.valueOf(seen[0]));
        }
    }
}
